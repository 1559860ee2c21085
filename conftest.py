"""The whole suite's setup: the book's experiments, the markers of each folder, and the snippets as tests.

- Before the first test, the book's experiments the store lacks are computed, one per core
  (`gradflow.book.cache.run_all`), into the store the site build reads too (``.cache``).
- Tests under ``tests/site`` are marked ``site`` (they build the site or a copy of the project),
  and ``tests/site/test_browser.py`` also ``browser``: ``make check`` runs everything else. They
  run after all the others, while the site builds in the background (tests/site/conftest.py).
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
import warnings
from pathlib import Path

import pytest

from project import run_with_numpy_only

ROOT = Path(__file__).parent
SNIPPETS = ROOT / "docs" / "snippets"
LANGUAGES = ("vi", "en")

# Share expensive experiment results with the site build (see src/gradflow/book/cache.py).
os.environ.setdefault("GRADFLOW_CACHE", str(ROOT / ".cache"))


def pytest_sessionstart(session):
    if session.config.option.collectonly:
        return
    from gradflow.book import cache

    cache.run_all(report=lambda line: print(line, flush=True))


# The site tests run last, so that the library's tests and the book's claims run while the site
# builds in the background (tests/site/conftest.py); among them, the cheap checks of the build
# first, the browser after them, and what needs the second build at the very end.
SITE_ORDER = ("test_site.py", "test_broken_snippets.py", "test_cache.py", "test_labs_site.py", "test_browser.py")


def pytest_collection_modifyitems(config, items):
    site = ROOT / "tests" / "site"

    def order(item):
        path = Path(str(item.path))
        if site not in path.parents:
            return (0, 0, 0)
        position = SITE_ORDER.index(path.name) if path.name in SITE_ORDER else len(SITE_ORDER)
        return (1, "second_build" in getattr(item, "fixturenames", ()), position)

    for item in items:
        path = Path(str(item.path))
        if site in path.parents:
            item.add_marker(pytest.mark.site)
            if path.name == "test_browser.py":
                item.add_marker(pytest.mark.browser)
    items.sort(key=order)  # stable: each group keeps pytest's order


def _in_snippets(path: Path) -> bool:
    return SNIPPETS in path.parents


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    collected = yield
    if file_path.suffix == ".py" and _in_snippets(file_path):
        from _pytest.doctest import DoctestModule

        # A snippet is a script: never imported as a module (even when named on the command line).
        collected = [c for c in collected if not isinstance(c, (DoctestModule, pytest.Module))]
        if file_path.name.startswith("fig_"):
            collected.append(FigureScript.from_parent(parent, path=file_path))
        elif file_path.name.startswith("copy_"):
            collected.append(CopyReadyScript.from_parent(parent, path=file_path))
    return collected


class FigureScript(pytest.File):
    def collect(self):
        for lang in LANGUAGES:
            yield FigureRun.from_parent(self, name=lang, lang=lang)


def draw(path: Path, lang: str) -> str:
    """What the figure script ``path`` prints in the page language ``lang``, every warning an error."""
    from gradflow.book.language import use_language

    out = io.StringIO()
    with use_language(lang), warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("error")
        runpy.run_path(str(path), run_name="__main__")
    return out.getvalue()


FIGURES = pytest.StashKey[dict]()  # (snippet path inside docs/, lang) -> what its run printed


class FigureRun(pytest.Item):
    def __init__(self, *, lang, **kwargs):
        super().__init__(**kwargs)
        self.lang = lang

    def runtest(self):
        printed = draw(self.path, self.lang)
        figures = printed.count('<div class="gf-figure"><svg') + printed.count('<div class="gf-figure gf-panels"')
        assert figures == 1, (
            f"{self.path} must print exactly one figure made by gradflow.plotting.to_svg; it printed "
            f"{printed[:200]!r}"
        )
        self.config.stash.setdefault(FIGURES, {})[(self.path.relative_to(ROOT / "docs").as_posix(), self.lang)] = printed

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


@pytest.fixture(scope="session")
def drawn(request):
    """``drawn(path, lang)``: what the figure script ``docs/<path>`` printed when pytest ran it in
    this session (drawn now if it did not run): a second run of every figure, apart from the build's."""
    figures = request.config.stash.setdefault(FIGURES, {})

    def get(path: str, lang: str) -> str:
        if (path, lang) not in figures:
            figures[(path, lang)] = draw(ROOT / "docs" / path, lang)
        return figures[(path, lang)]

    return get
