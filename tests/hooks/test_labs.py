"""The labs' sources (docs/labs/*.py), the notebooks made from them, and their execution (hooks/labs.py).

What a lab page looks like once built, its download, and a run in a fresh kernel are checked in
tests/site/test_labs_site.py.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

import labs
from gradflow.book.cache import Store
from project import DOCS

SOURCES = labs.lab_sources(DOCS)
# One lab per main chapter (issue #5); normalization covers batch norm and residual connections.
EXPECTED = {"vanishing", "exploding", "activations", "init", "normalization", "clipping", "rnn"}
PROMPT = {"vi": "Thử thay đổi", "en": "Try changing"}
CLOSING = {"vi": "Câu hỏi", "en": "question"}
# What a reader who installed gradflow as the notebook says has: gradflow, NumPy, Matplotlib.
ALLOWED_IMPORTS = {"gradflow", "numpy", "matplotlib"} | set(sys.stdlib_module_names)


def test_there_is_one_lab_per_main_chapter():
    assert {source.stem for source in SOURCES} == EXPECTED


@pytest.fixture(params=SOURCES, ids=lambda p: p.stem)
def source(request):
    return request.param


@pytest.mark.parametrize("language", labs.LANGUAGES)
def test_a_lab_is_a_guided_experiment_in_each_language(source, language):
    notebook = labs.notebook_for(source, language)
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert markdown[0].startswith("# "), "a title first"
    assert "pip install" in markdown[1], "then how to install gradflow"
    prompts = sum(PROMPT[language] in text for text in markdown)
    assert 3 <= prompts <= 6, f"3 to 6 experiments, each with a '{PROMPT[language]}' prompt; found {prompts}"
    assert CLOSING[language] in markdown[-1], "a closing question last"
    assert sum("to_svg(" in text for text in code) >= 2, "plots made with gradflow.plotting"
    assert any(f'set_language("{language}")' in text for text in code), "figures in the page's language"


def test_both_languages_have_the_same_cells(source):
    shapes = {}
    for language in labs.LANGUAGES:
        cells = labs.notebook_for(source, language).cells
        shapes[language] = [c.cell_type for c in cells]
        assert "lang" not in json.dumps([c.metadata for c in cells])
    assert shapes["vi"] == shapes["en"], "every cell is translated, in the same order"


def test_a_lab_imports_only_what_gradflow_needs(source):
    for cell in labs.notebook_for(source, "en").cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] in ALLOWED_IMPORTS, f"{source.name} imports {name}"


def test_a_lab_passes_an_explicit_seeded_rng(source):
    text = source.read_text(encoding="utf-8")
    assert "np.random.seed" not in text and "np.random.rand" not in text, "no global random state"
    assert "default_rng(" in text


def _write_lab(folder: Path, header: str, body: str) -> Path:
    (folder / labs.LABS_FOLDER).mkdir(parents=True, exist_ok=True)
    path = folder / labs.LABS_FOLDER / "broken.py"
    path.write_text(f"# ---\n# jupyter:\n{header}# ---\n\n{body}", encoding="utf-8")
    return path


GOOD_HEADER = "#   gradflow_lab:\n#     chapters:\n#     - page: a.md\n#       vi: A\n#       en: A\n"


@pytest.mark.parametrize("header, body, message", [
    ("#   jupytext:\n#     formats: py:percent\n", '# %% [markdown]\n# # T\n', "'gradflow_lab' block"),
    ("#   gradflow_lab:\n#     chapters:\n#     - page: a.md\n#       vi: A\n", '# %% [markdown]\n# # T\n', "lacks en"),
    (GOOD_HEADER, '# %% [markdown] lang="fr"\n# # T\n', "lang='fr'"),
    (GOOD_HEADER, '# %%\nx = 1\n', "Markdown title"),
])
def test_a_broken_lab_source_is_named_in_a_clear_error(tmp_path, header, body, message):
    _write_lab(tmp_path, header, body)
    with pytest.raises(labs.LabError, match="broken.py") as caught:
        labs.prepare(tmp_path, store=None)
    assert message in str(caught.value)


def test_language_cells_go_to_their_own_notebook(tmp_path):
    body = ('# %% [markdown] lang="vi"\n# # Tiêu đề\n\n# %% [markdown] lang="en"\n# # Title\n\n'
            '# %%\nx = 1\n\n# %% lang="vi"\nprint("xin chào")\n\n# %% lang="en"\nprint("hello")\n')
    path = _write_lab(tmp_path, GOOD_HEADER, body)
    vi, en = (labs.notebook_for(path, language) for language in ("vi", "en"))
    assert [c.source for c in vi.cells if c.cell_type == "code"] == ["x = 1", 'print("xin chào")']
    assert [c.source for c in en.cells if c.cell_type == "code"] == ["x = 1", 'print("hello")']
    assert vi.cells[0].source == "# Tiêu đề" and en.cells[0].source == "# Title"


@pytest.mark.parametrize("uri, expected", [
    ("labs/vanishing.ipynb", True), ("labs/vanishing.en.ipynb", True),
    ("labs/vanishing.py", False), ("vanishing.ipynb", False), ("labs/sub/x.ipynb", False),
])
def test_which_files_are_lab_pages(uri, expected):
    assert labs.is_lab_notebook(uri) is expected


def test_tidy_drops_the_notebook_styles():
    html = '<pre class="gf-nb-output" tabindex="0">a\n</pre></div>\n<style>\n.jp-x { color: red }\n</style>\n'
    assert labs.tidy(html) == '<pre class="gf-nb-output" tabindex="0">a\n</pre></div>\n'


def test_stream_chunks_merge_into_one_output():
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="w\n")]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    labs.merge_streams(notebook)
    assert [(o.name, o.text) for o in notebook.cells[0].outputs] == [("stdout", "1\n2\n"), ("stderr", "w\n")]


PROBE = GOOD_HEADER + """# ---

# %% [markdown] lang="vi"
# # Thử

# %% [markdown] lang="en"
# # Probe

# %%
from gradflow.activations import sigmoid_grad
print(sigmoid_grad(0.0))
"""


def _probe_docs(tmp_path, body=PROBE):
    docs = tmp_path / "docs"
    (docs / labs.LABS_FOLDER).mkdir(parents=True)
    (docs / labs.LABS_FOLDER / "probe.py").write_text("# ---\n# jupyter:\n" + body, encoding="utf-8")
    return docs


def test_prepare_executes_each_language_once_then_takes_both_from_the_store(tmp_path):
    docs, store = _probe_docs(tmp_path), Store(tmp_path / "store")
    first = labs.prepare(docs, store)
    assert sorted(name for _, name in first["executed"]) == ["docs/labs/probe.en.ipynb", "docs/labs/probe.ipynb"]
    assert not first["failed"] and len(first["written"]) == 2
    executed = nbformat.read(docs / labs.LABS_FOLDER / "probe.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0].text == "0.25\n"
    again = labs.prepare(docs, store)
    assert again["executed"] == [] and again["written"] == [], "nothing changed: nothing runs, nothing is rewritten"
    download = nbformat.reads(again["downloads"]["probe.ipynb"], as_version=4)
    assert download == labs.notebook_for(docs / labs.LABS_FOLDER / "probe.py", "vi")
    assert all(not cell.get("outputs") for cell in download.cells if cell.cell_type == "code")
    assert again["chapters"] == {"probe": [{"page": "a.md", "vi": "A", "en": "A"}]}


def test_a_lab_that_fails_warns_or_leaves_a_file_is_named_and_not_kept(tmp_path):
    for body, problem in ((PROBE + "\n# %%\n1 / 0\n", "ZeroDivisionError"),
                          (PROBE + "\n# %%\nimport warnings\nwarnings.warn('careful')\n", "stderr"),
                          (PROBE + "\n# %%\nopen('weights.npy', 'w').close()\n", "left files")):
        docs, store = _probe_docs(tmp_path / problem, body), Store(tmp_path / problem / "store")
        result = labs.prepare(docs, store)
        assert len(result["failed"]) == 2 and all("docs/labs/probe" in f and problem in f for f in result["failed"])
        assert labs.prepare(docs, store)["failed"], "a failed lab is run again, not taken from the store"


# The two patches of other packages that remain (tests/hooks/test_patches.py lists them): each
# must still do its work after an upgrade, or fail here, loudly.

def test_the_i18n_patch_makes_lab_notebooks_pages_and_nothing_else(tmp_path):
    from mkdocs.structure.files import File

    labs.make_lab_notebooks_pages()
    labs.make_lab_notebooks_pages()  # twice is once
    lab = File("labs/vanishing.en.ipynb", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    other = File("data/table.ipynb", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    assert lab.is_documentation_page() and not other.is_documentation_page()


def test_the_template_patch_is_where_mkdocs_jupyter_reads_its_templates():
    import inspect

    from mkdocs_jupyter import nbconvert2
    from mkdocs_jupyter.config import settings

    labs.use_book_template()
    assert settings.templates_dir == str(labs.TEMPLATES)
    assert "settings.templates_dir" in inspect.getsource(nbconvert2), \
        "mkdocs-jupyter no longer reads settings.templates_dir: the lab pages would lose the book's template"


def test_a_readers_notebook_shows_only_its_own_languages_strings():
    """Issue #13: ``label(vi=…, en=…)`` is resolved when each language's notebook is written."""
    code = ('from gradflow.book.language import label, set_language\n'
            'print(label(vi="tầng đầu", en="first layer"), 3)\n'
            'plotting.to_svg(fig, alt=label(\n'
            '    vi=f"Hình {n} "\n'
            '       "hai dòng",\n'
            '    en=f"Figure {n} "\n'
            '       "two lines"))\n')
    english = labs.resolve_labels(code, "en")
    assert english == ('from gradflow.book.language import set_language\n'
                       'print("first layer", 3)\n'
                       'plotting.to_svg(fig, alt=(f"Figure {n} "\n'
                       '                          "two lines"))\n')
    assert labs.resolve_labels(code, "vi").splitlines()[1] == 'print("tầng đầu", 3)'
    kept = 'x = label(vi="a", en="b", de="c")\n'
    assert labs.resolve_labels(kept, "en") == kept, "a call that is not the two languages' stays"
    still = 'from gradflow.book.language import label\nx = label("vi")\ny = label(vi="a", en="b")\n'
    assert labs.resolve_labels(still, "vi") == 'from gradflow.book.language import label\nx = label("vi")\ny = "a"\n'


def test_no_lab_notebook_calls_label_or_shows_the_other_language():
    for source in labs.lab_sources(DOCS):
        for language in labs.LANGUAGES:
            other = next(lang for lang in labs.LANGUAGES if lang != language)
            for cell in labs.notebook_for(source, language).cells:
                if cell.cell_type == "code":
                    assert not re.search(r"\blabel\(|\b" + other + "=", cell.source), (source.name, language)
