"""gradflow.book.cache: what an experiment's key covers, and what it does not.

A comment or a docstring changes no key; an edit to a function changes the key of what imports
its module and of nothing else; undoing an edit brings the old key, and the old result, back.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gradflow.book import cache

SRC = Path(cache.__file__).resolve().parents[2]

# Fingerprints of modules, and an experiment's computed-or-kept status, in a fresh interpreter.
PROBE = """
import json, sys
from gradflow.book import cache, vanishing
calls = []
import gradflow.book.nets as nets
original = nets.nielsen_net
vanishing.nielsen_net = lambda *a, **k: calls.append(1) or original(*a, **k)
speeds = vanishing.nielsen_speeds_at_init(depths=(2,), seeds=1, n=50)
print(json.dumps({"speeds": speeds[2].round(12).tolist(), "computed": bool(calls),
                  "lstm": cache.fingerprint(["gradflow.lstm"]), "mlp": cache.fingerprint(["gradflow.mlp"])}))
"""


@pytest.fixture()
def copy(tmp_path):
    shutil.copytree(SRC / "gradflow", tmp_path / "src" / "gradflow", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def probe(copy):
    import json

    env = {"GRADFLOW_CACHE": str(copy / "store"), "PYTHONPATH": str(copy / "src"), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_comments_and_docstrings_change_no_key_but_code_does_and_undoing_restores_it(copy):
    first = probe(copy)
    assert first["computed"] and not probe(copy)["computed"], "the second run reads the store"
    activations = copy / "src" / "gradflow" / "activations.py"
    original = edit(activations, '    r"""Logistic sigmoid,', '    # a comment\n    r"""The logistic sigmoid,')
    again = probe(copy)
    assert not again["computed"] and again["mlp"] == first["mlp"], "a comment or docstring edit reruns nothing"
    edit(activations, "return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))",
         "return 0.5 * np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))")
    changed = probe(copy)
    assert changed["computed"] and changed["speeds"] != first["speeds"], "a code edit recomputes, with the new code"
    activations.write_text(original, encoding="utf-8")
    back = probe(copy)
    assert not back["computed"] and back["speeds"] == first["speeds"], "undoing the edit brings the old result back"


def test_an_edit_reaches_only_the_modules_that_import_it(copy):
    first = probe(copy)
    edit(copy / "src" / "gradflow" / "lstm.py", "    c = f * c_prev + i * g", "    c = i * g + f * c_prev")
    second = probe(copy)
    assert second["lstm"] != first["lstm"] and second["mlp"] == first["mlp"]
    assert not second["computed"], "Nielsen's nets use no LSTM: their results stand"


def test_dependencies_follow_imports_and_leave_the_cache_itself_out():
    deps = cache.dependencies(["gradflow.book.vanishing"])
    assert {"gradflow.book.vanishing", "gradflow.book.nets", "gradflow.mlp", "gradflow.activations"} <= set(deps)
    assert "gradflow.book.cache" not in deps and "gradflow.lstm" not in deps


def test_a_store_keeps_every_version_and_writes_whole_files(tmp_path):
    store = cache.Store(tmp_path)
    store.put("blocks", "a" * 64, "first")
    store.put("blocks", "b" * 64, "second")
    assert store.get("blocks", "a" * 64) == "first" and store.get("blocks", "b" * 64) == "second"
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_result_is_computed_once_then_read_from_memory_or_from_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    calls = []

    @cache.experiment
    def cube(x=2):
        calls.append(x)
        return x ** 3

    assert (cube(), cube(x=2), cube(2), cube(3)) == (8, 8, 8, 27) and calls == [2, 3]
    cache._memo.clear()  # as in a new process
    assert cube() == 8 and calls == [2, 3], "read back from the store"
    assert len(list(tmp_path.glob("experiments/*/*.pickle"))) == 2
    assert all(not name.endswith(":cube") for name in cache.book_experiments()), "not one of the book's"


def test_every_call_gets_its_own_copy_of_a_result(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))

    @cache.experiment
    def squares(n=3):
        return {"values": [k * k for k in range(n)]}

    first = squares()
    first["values"].append(-1)
    assert squares() == {"values": [0, 1, 4]}


def test_the_runs_the_pages_use_are_declared():
    runs = {name: wrapper.runs for name, wrapper in cache.book_experiments().items()}
    assert runs["gradflow.book.rnn:long_lag_cell"] == [{"cell": "rnn"}, {"cell": "lstm"}, {"cell": "gru"}] + [
        {"cell": cell, "lags": (40,), "optimizer": "sgd", "lr": 1.0} for cell in ("rnn", "lstm", "gru")]
    assert runs["gradflow.book.activations:dying_relu"] == [{}, {"bias_shift": -6.0}]
    declared = ("long_lag_cell", "dying_relu")
    assert all(r == [{}] for name, r in runs.items() if not name.endswith(declared))


# --- What the store keeps depends on the code only -------------------------------------------------
# What the book shows depends on its code only, never on the machine or the moment of a build.
#
# The byte-identical rebuild (tests/site) cannot see a result that depends on the build machine,
# such as a timing: both of its builds read one store of experiment results. So every source of
# what a page shows (the book's chapter modules, the snippets and the labs) is read here for the
# ways a result comes to vary: a clock, or random numbers that no seed fixes.

REPO = Path(__file__).parents[2]
CLOCKS = {"time", "timeit", "datetime"}
# The build's own bookkeeping (progress lines, how long an experiment took) is not a result.
BOOKKEEPING = {"cache.py"}


def sources() -> list[Path]:
    book = [p for p in (REPO / "src" / "gradflow" / "book").glob("*.py") if p.name not in BOOKKEEPING]
    snippets = sorted((REPO / "docs" / "snippets").rglob("*.py"))
    labs = sorted((REPO / "docs" / "labs").glob("*.py"))
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


@pytest.mark.parametrize("path", sources() + sorted((REPO / "docs" / "snippets").rglob("*.pycon")),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_what_a_page_shows_depends_on_no_clock_and_no_unseeded_randomness(path):
    assert not unreproducible(_code_of(path)), f"{path.relative_to(REPO)}: {unreproducible(_code_of(path))}"


def test_the_scan_finds_a_timing_and_an_unseeded_generator():
    code = ("import timeit\nimport numpy as np\nfrom time import perf_counter\n"
            "rng = np.random.default_rng()\nx = np.random.randn(3)\nok = np.random.default_rng(0)\n")
    assert unreproducible(code) == ["imports timeit", "imports from time", "line 4: np.random.default_rng() without a seed",
                                    "line 5: np.random.randn(), NumPy's global random state"]
