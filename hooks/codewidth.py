"""Displayed code fits a column of `WIDTH` characters: what a phone shows without scrolling, and
what a reader pastes into an editor that wraps at 80.

Everything a page shows as code is checked before the build, from its source:

- a console snippet (``.pycon``), its prompts and the output it expects;
- a script a page shows (``source="above"``) and a fence written in a page;
- each language's lab notebook, cell by cell, once its labels are resolved;
- the examples in gradflow's docstrings, which the API reference shows.

What only a run can show (a lab's printed output) is checked on every built page by the browser
suite (``tests/site/test_browser.py``).

``python hooks/codewidth.py`` lists every line over `WIDTH`, for authors.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
WIDTH = 80

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
                   re.S | re.M)
INCLUDE = re.compile(r'--8<--\s+"([^"]+)"')


def too_wide(text: str, width: int = WIDTH) -> list[tuple[int, str]]:
    """The lines of ``text`` longer than ``width`` characters, with their 1-based numbers."""
    return [(number, line) for number, line in enumerate(text.splitlines(), 1) if len(line) > width]


def _shows_source(info: str) -> bool:
    """Whether a fence with this info string puts its code on the page."""
    if 'exec="on"' not in info:
        return True
    return info.split()[0] == "pycon" or "source=" in info


def page_code(docs_dir: Path = DOCS):
    """``(where, text)`` for every piece of code the Markdown pages show: their fences, and the
    snippet files those fences include (once each, though both languages include them)."""
    seen = set()
    for page in sorted(docs_dir.rglob("*.md")):
        if "snippets" in page.relative_to(docs_dir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        for fence in FENCE.finditer(text):
            if not _shows_source(fence["info"].strip()):
                continue
            body = fence["body"]
            included = INCLUDE.findall(body)
            if included:
                for name in sorted(set(included) - seen):
                    seen.add(name)
                    yield name, (docs_dir / name).read_text(encoding="utf-8")
            else:
                line = text[: fence.start()].count("\n") + 1
                yield f"{page.relative_to(docs_dir)}:{line}", re.sub(rf"^{fence['indent']}", "", body, flags=re.M)


def lab_code(docs_dir: Path = DOCS):
    """``(where, text)`` for every code cell of every lab, in each language, labels resolved."""
    import labs

    for source in labs.lab_sources(docs_dir):
        for language in labs.LANGUAGES:
            notebook = labs.notebook_for(source, language)
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code":
                    yield f"{source.relative_to(docs_dir)} [{language}] cell {index}", cell.source


def docstring_examples(package: str = "gradflow", skip: str = "gradflow.book"):
    """``(where, text)`` for the examples of every docstring of ``package`` but the book's
    experiments (``skip``, which the API reference does not show), as a console shows them."""
    root = importlib.import_module(package)
    names = [package] + [m.name for m in pkgutil.walk_packages(root.__path__, package + ".")
                         if not m.name.startswith(skip)]
    for name in names:
        module = importlib.import_module(name)
        finder = doctest.DocTestFinder(recurse=True)
        for test in finder.find(module, name):
            lines = []
            for example in test.examples:
                source = example.source.rstrip("\n").split("\n")
                lines += [">>> " + source[0]] + ["... " + line for line in source[1:]]
                lines += example.want.rstrip("\n").split("\n") if example.want else []
                if example.exc_msg:
                    lines += example.exc_msg.rstrip("\n").split("\n")
            if lines:
                yield test.name, "\n".join(lines)


def everything():
    """Every displayed piece of code the sources hold: pages, labs and docstrings."""
    yield from page_code()
    yield from lab_code()
    yield from docstring_examples()


def main() -> int:
    count = 0
    for where, text in everything():
        for number, line in too_wide(text):
            count += 1
            print(f"{where}:{number}: {len(line)} columns: {line}")
    print(f"{count} lines over {WIDTH} columns", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    raise SystemExit(main())
