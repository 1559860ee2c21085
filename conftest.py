"""Collect the book's snippets as tests.

- ``docs/snippets/**/*.pycon`` run as doctests (``--doctest-glob=*.pycon`` in pyproject.toml):
  the output written in the file must be what the code prints.
- ``docs/snippets/**/fig_*.py`` run as figure scripts, once per page language, with every
  warning turned into an error; each must print one inline SVG figure.
- Snippet ``.py`` files are scripts, not modules: ``--doctest-modules`` does not import them.
"""

from __future__ import annotations

import contextlib
import io
import runpy
import warnings
from pathlib import Path

import pytest

SNIPPETS = Path(__file__).parent / "docs" / "snippets"
LANGUAGES = ("vi", "en")


def _in_snippets(path: Path) -> bool:
    return SNIPPETS in path.parents


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    collected = yield
    if file_path.suffix == ".py" and _in_snippets(file_path):
        from _pytest.doctest import DoctestModule

        collected = [c for c in collected if not isinstance(c, DoctestModule)]
        if file_path.name.startswith("fig_"):
            collected.append(FigureScript.from_parent(parent, path=file_path))
    return collected


class FigureScript(pytest.File):
    def collect(self):
        for lang in LANGUAGES:
            yield FigureRun.from_parent(self, name=lang, lang=lang)


class FigureRun(pytest.Item):
    def __init__(self, *, lang, **kwargs):
        super().__init__(**kwargs)
        self.lang = lang

    def runtest(self):
        from gradflow import plotting

        out = io.StringIO()
        with plotting.use_language(self.lang), warnings.catch_warnings(), contextlib.redirect_stdout(out):
            warnings.simplefilter("error")
            runpy.run_path(str(self.path), run_name="__main__")
        printed = out.getvalue()
        assert printed.count('<div class="gf-figure"><svg') == 1, (
            f"{self.path} must print exactly one figure made by gradflow.plotting.to_svg; it printed "
            f"{printed[:200]!r}"
        )

    def reportinfo(self):
        return self.path, 0, f"figure {self.path.name} [{self.lang}]"

