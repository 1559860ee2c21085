"""Collect the book's snippets as tests.

- ``docs/snippets/**/*.pycon`` run as doctests (``--doctest-glob=*.pycon`` in pyproject.toml):
  the output written in the file must be what the code prints.
- ``docs/snippets/**/fig_*.py`` run as figure scripts, once per page language, with every
  warning turned into an error; each must print one inline SVG figure.
- ``docs/snippets/**/copy_*.py``, the copy-ready snippets, run in a fresh Python that can
  import NumPy and nothing else, as a reader's session would after pasting them.
- Snippet ``.py`` files are scripts, not modules: ``--doctest-modules`` does not import them.
"""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "tests"))
from sitebuild import run_with_numpy_only  # noqa: E402

SNIPPETS = Path(__file__).parent / "docs" / "snippets"
LANGUAGES = ("vi", "en")

# Share expensive experiment results with the site build (see src/gradflow/cache.py).
os.environ.setdefault("GRADFLOW_CACHE_DIR", str(Path(__file__).parent / ".cache" / "experiments"))


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
        elif file_path.name.startswith("copy_"):
            collected.append(CopyReadyScript.from_parent(parent, path=file_path))
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



class CopyReadyScript(pytest.File):
    def collect(self):
        yield CopyReadyRun.from_parent(self, name="numpy-only session")


class CopyReadyRun(pytest.Item):
    def runtest(self):
        import tempfile

        code = self.path.read_text(encoding="utf-8")
        assert "gradflow" not in code, f"{self.path} must stand alone: no gradflow import"
        with tempfile.TemporaryDirectory() as tmp:
            result = run_with_numpy_only(code, Path(tmp))
        assert result.returncode == 0, f"{self.path} failed in a NumPy-only session:\n{result.stderr[-3000:]}"

    def reportinfo(self):
        return self.path, 0, f"copy-ready {self.path.name} in a NumPy-only session"
