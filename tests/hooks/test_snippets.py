"""hooks/snippets.py: executed blocks run once, their output is kept under its key, and failures are named."""

from __future__ import annotations

import logging

import pytest

import snippets
from gradflow.book.cache import Store
from state import BuildState

FIGURE = 'print("<div class=\\"gf-figure\\"><svg></svg></div>")\n'


@pytest.fixture()
def docs(tmp_path):
    folder = tmp_path / "docs" / "snippets" / "x"
    folder.mkdir(parents=True)
    (folder / "fig_a.py").write_text(FIGURE, encoding="utf-8")
    (folder / "table.py").write_text('print("| a |\\n|---|\\n| 1 |")\n', encoding="utf-8")
    (folder / "s.pycon").write_text(">>> 1 + 1\n2\n", encoding="utf-8")
    (folder / "copy_c.py").write_text('print("hi")\n', encoding="utf-8")
    (folder / "bad.py").write_text("import numpy as np\nnp.exp(np.array([1000.0]))\n", encoding="utf-8")
    return tmp_path / "docs"


def runner(docs, tmp_path):
    state = BuildState(project=docs.parent, store=Store(tmp_path / "store"))
    return snippets.Snippets(docs, state), state


PAGE = """# A page

```pycon exec="on"
--8<-- "snippets/x/s.pycon"
```

```python exec="on" html="1"
--8<-- "snippets/x/fig_a.py"
```

```python exec="on"
--8<-- "snippets/x/table.py"
```

```python exec="on" source="above" result="text"
--8<-- "snippets/x/copy_c.py"
```
"""


def test_each_kind_of_block_becomes_what_the_page_shows(docs, tmp_path):
    blocks, state = runner(docs, tmp_path)
    markdown, count = blocks.render(PAGE, "page.md", "vi")
    assert count == 4 and state.blocks_run == 4
    assert "```pycon\n>>> 1 + 1\n2\n```" in markdown
    assert '<div class="gf-exec-0"></div>' in markdown and "<svg" not in markdown  # the figure waits
    assert "| a |\n|---|\n| 1 |" in markdown
    assert '```python\nprint("hi")\n```\n\n```text\nhi\n```' in markdown
    html = blocks.fill('<p>x</p>\n<div class="gf-exec-0"></div>\n')
    assert html == '<p>x</p>\n<div class="gf-figure"><svg></svg></div>\n\n'


def test_a_rebuild_runs_nothing_and_another_language_runs_again(docs, tmp_path):
    blocks, state = runner(docs, tmp_path)
    first = blocks.render(PAGE, "page.md", "vi")
    again = blocks.render(PAGE, "page.md", "vi")
    assert again == first and (state.blocks_run, state.blocks_cached) == (4, 4)
    blocks.render(PAGE, "page.md", "en")
    assert state.blocks_run == 8  # figure labels depend on the language


def test_a_block_that_warns_is_named_with_its_page_and_never_kept(docs, tmp_path, caplog):
    blocks, state = runner(docs, tmp_path)
    page = '```python exec="on" html="1"\n--8<-- "snippets/x/bad.py"\n```\n'
    with caplog.at_level(logging.WARNING):
        blocks.render(page, "page.md", "vi")
        blocks.render(page, "page.md", "vi")
    failures = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(failures) == 2 and state.blocks_run == 2, "run again: a failure is not kept"
    assert "docs/snippets/x/bad.py" in failures[0] and "docs/page.md" in failures[0]
    assert "RuntimeWarning" in failures[0] and "overflow" in failures[0]


def test_a_missing_snippet_file_is_named(docs, tmp_path, caplog):
    blocks, _ = runner(docs, tmp_path)
    with caplog.at_level(logging.WARNING):
        blocks.render('```pycon exec="on"\n--8<-- "snippets/x/gone.pycon"\n```\n', "page.md", "vi")
    assert "docs/page.md includes a missing snippet file: docs/snippets/x/gone.pycon" in caplog.text


def test_the_key_follows_the_gradflow_modules_a_block_imports(docs, tmp_path):
    from gradflow.book.cache import code_fingerprint

    console = ">>> from gradflow.lstm import lstm_init\n>>> 1\n1\n"
    assert snippets._python_of("pycon", console) == "from gradflow.lstm import lstm_init\n1\n"
    assert code_fingerprint(snippets._python_of("pycon", console)) != code_fingerprint("1\n")
