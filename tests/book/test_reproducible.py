"""What the book shows depends on its code only, never on the machine or the moment of a build.

The byte-identical rebuild (tests/site) cannot see a result that depends on the build machine,
such as a timing: both of its builds read one store of experiment results. So every source of
what a page shows (the book's chapter modules, the snippets and the labs) is read here for the
ways a result comes to vary: a clock, or random numbers that no seed fixes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
CLOCKS = {"time", "timeit", "datetime"}
# The build's own bookkeeping (progress lines, how long an experiment took) is not a result.
BOOKKEEPING = {"cache.py"}


def sources() -> list[Path]:
    book = [p for p in (ROOT / "src" / "gradflow" / "book").glob("*.py") if p.name not in BOOKKEEPING]
    snippets = sorted((ROOT / "docs" / "snippets").rglob("*.py"))
    labs = sorted((ROOT / "docs" / "labs").glob("*.py"))
    return sorted(book) + snippets + labs


def unreproducible(source: str) -> list[str]:
    """What in ``source`` (Python, or a .pycon session's code) could make two runs differ."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.split(".")[0] in CLOCKS]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in CLOCKS:
            found.append(f"imports from {node.module}")
        elif isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name.endswith("default_rng") and not (node.args or node.keywords):
                found.append(f"line {node.lineno}: {name}() without a seed")
            elif re.fullmatch(r"(np|numpy)\.random\.\w+", name) and not name.endswith(
                    ("default_rng", "Generator", "PCG64", "SeedSequence")):
                found.append(f"line {node.lineno}: {name}(), NumPy's global random state")
    return found


def _code_of(path: Path) -> str:
    if path.suffix != ".pycon":
        return path.read_text(encoding="utf-8")
    import doctest

    return "".join(e.source for e in doctest.DocTestParser().get_examples(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sources() + sorted((ROOT / "docs" / "snippets").rglob("*.pycon")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_what_a_page_shows_depends_on_no_clock_and_no_unseeded_randomness(path):
    assert not unreproducible(_code_of(path)), f"{path.relative_to(ROOT)}: {unreproducible(_code_of(path))}"


def test_the_scan_finds_a_timing_and_an_unseeded_generator():
    code = ("import timeit\nimport numpy as np\nfrom time import perf_counter\n"
            "rng = np.random.default_rng()\nx = np.random.randn(3)\nok = np.random.default_rng(0)\n")
    assert unreproducible(code) == ["imports timeit", "imports from time", "line 4: np.random.default_rng() without a seed",
                                    "line 5: np.random.randn(), NumPy's global random state"]
