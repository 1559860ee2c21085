"""The labs' sources (docs/labs/*.py) and the notebooks made from them (hooks/labs.py).

What a lab page looks like once built, its download, and the build cache are checked in
tests/test_labs_site.py.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from sitebuild import DOCS, ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import labs  # noqa: E402

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


def test_notebooks_are_deterministic_and_carry_no_outputs(tmp_path):
    folder = tmp_path / "docs"
    (folder / labs.LABS_FOLDER).mkdir(parents=True)
    for source in SOURCES:
        (folder / labs.LABS_FOLDER / source.name).write_bytes(source.read_bytes())
    written = labs.write_notebooks(folder)
    assert len(written) == 2 * len(SOURCES)
    assert labs.write_notebooks(folder) == [], "an unchanged source rewrites nothing"
    for path in written:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert all(not cell.get("outputs") for cell in data["cells"])
        assert data["metadata"]["kernelspec"]["name"] == "python3"


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
        labs.write_notebooks(tmp_path)
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


def test_tidy_merges_output_chunks_and_drops_notebook_styles():
    html = ('<pre class="gf-nb-output" tabindex="0">a\n</pre><pre class="gf-nb-output" tabindex="0">b\n</pre>'
            '</div>\n<style>\n.jp-x { color: red }\n</style>\n')
    assert labs.tidy(html) == '<pre class="gf-nb-output" tabindex="0">a\nb\n</pre></div>\n'
