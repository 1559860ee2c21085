"""The build keeps what it made under a key of what made it: it reruns exactly what an edit reaches.

A copy of the project with two tiny pages and one lab, and none of the book's experiments (its
pages use none), built four times with a store of its own:

1. from scratch: every block (once per language) and the lab (once per language) run;
2. after a prose edit, and a comment and a docstring edit in src/gradflow: nothing runs (nor,
   then, with no change at all);
3. after an edit to the code of `gradflow.lstm`: only what imports it runs again (one block, not
   the other; the lab, which imports it too);
4. after undoing that edit: nothing runs, the earlier results come back from the store.
"""

from __future__ import annotations

import re

import pytest

from project import copy_project, mkdocs_build

LAB = """# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   gradflow_lab:
#     chapters:
#     - page: index.md
#       vi: Trang chủ
#       en: Home
# ---

# %% [markdown] lang="vi"
# # Thí nghiệm thử

# %% [markdown] lang="en"
# # Probe lab

# %%
from gradflow.lstm import lstm_init
print(lstm_init(2, 3, __import__("numpy").random.default_rng(0))[2].tolist())
"""

# A home page that runs two console snippets, one that imports gradflow.lstm and one that does not.
PAGE = """# {title}

```pycon exec="on"
--8<-- "snippets/probe/sigmoid.pycon"
```

```pycon exec="on"
--8<-- "snippets/probe/lstm.pycon"
```
"""
SIGMOID = ">>> from gradflow.activations import sigmoid_grad\n>>> float(sigmoid_grad(0.0))\n0.25\n"
LSTM = (">>> import numpy as np\n>>> from gradflow.lstm import lstm_init\n"
        ">>> lstm_init(2, 3, np.random.default_rng(0))[2].tolist()\n"
        "[0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]\n")


def runs(result) -> tuple[list[str], int]:
    """(labs executed, code blocks run) by a finished build."""
    assert result.returncode == 0, result.stderr[-3000:]
    executed = re.findall(r"gradflow: executed lab (\S+)", result.stderr)
    return sorted(executed), int(re.search(r"gradflow: (\d+) code blocks run", result.stderr)[1])


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"), keep_pages=(), keep_labs=("probe",))
    for chapter in (project / "src" / "gradflow" / "book").glob("*.py"):
        if chapter.stem not in ("__init__", "cache", "language", "glossary"):
            chapter.unlink()  # or the first build would compute every experiment of the book
    (project / "docs" / "labs" / "probe.py").write_text(LAB, encoding="utf-8")
    folder = project / "docs" / "snippets" / "probe"
    folder.mkdir()
    (folder / "sigmoid.pycon").write_text(SIGMOID, encoding="utf-8")
    (folder / "lstm.pycon").write_text(LSTM, encoding="utf-8")
    for name, title in (("index.md", "Trang chủ"), ("index.en.md", "Home")):
        (project / "docs" / name).write_text(PAGE.format(title=title), encoding="utf-8")
    store, site = project / "store", project / "site"
    return project, lambda: mkdocs_build(project, site, cache=store), site


def test_a_build_reruns_exactly_what_an_edit_reaches_and_an_undo_brings_results_back(probe):
    project, build, site = probe
    labs = ["docs/labs/probe.en.ipynb", "docs/labs/probe.ipynb"]
    assert runs(build()) == (labs, 4), "from scratch: each block and the lab, in each language"
    assert "[0.0, 0.0, 0.0, 1.0" in (site / "labs" / "probe" / "index.html").read_text(encoding="utf-8")

    index = project / "docs" / "index.md"
    edit(index, "# Trang chủ\n", "# Trang chủ\n\nMột câu mới.\n")
    lstm = project / "src" / "gradflow" / "lstm.py"
    edit(lstm, "def lstm_init(D, H, rng, forget_bias=1.0):\n    r\"\"\"",
         "def lstm_init(D, H, rng, forget_bias=1.0):  # a comment\n    r\"\"\"An edited docstring. ")
    assert runs(build()) == ([], 0), "a prose, comment or docstring edit runs nothing"
    assert "Một câu mới" in (site / "index.html").read_text(encoding="utf-8")

    original = edit(lstm, "    b[H:2 * H] = forget_bias\n", "    b[H:2 * H] = forget_bias\n    b[:H] = 0.0\n")
    assert runs(build()) == (labs, 2), "a code edit reruns what imports gradflow.lstm, in each language, only"

    lstm.write_text(original, encoding="utf-8")
    assert runs(build()) == ([], 0), "undoing the edit brings every earlier result back from the store"
