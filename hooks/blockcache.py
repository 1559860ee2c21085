"""Cache what the pages' code blocks print, so a rebuild re-runs only what changed.

markdown-exec runs every executed block on every build, in both languages. Here its Python
runner, and the book's console runner (``console.py``), go through ``joblib.Memory`` on disk,
keyed on:

- the code itself (a prose edit changes no code, so nothing re-runs);
- the figure language (the same figure script draws Vietnamese and English labels);
- the SHA-256 of gradflow's source (any edit to gradflow re-runs every block);
- the versions of Python, NumPy and Matplotlib (they change the numbers and the SVG).

A block that fails is not cached: its error is raised again, and reported, on every build.
Blocks that share a markdown-exec ``session`` are never cached, since each depends on the last.
"""

from __future__ import annotations

import sys
import time

_state = {"memory": None, "fingerprint": "", "hits": 0, "runs": 0, "times": []}


def _versions() -> str:
    import matplotlib
    import numpy

    return f"python {sys.version.split()[0]}; numpy {numpy.__version__}; matplotlib {matplotlib.__version__}"


def _run_python_block(code, language, fingerprint, versions, run, returncode, id, extra):
    # joblib keys the cache on code, language, fingerprint and versions; the rest is ignored.
    return run(code, returncode=returncode, session=None, id=id, **extra)


class _NotCached(Exception):
    """Carries the transcript of a console snippet that failed: it must not be cached."""

    def __init__(self, value):
        super().__init__("not cached")
        self.value = value


def _run_console_block(text, path, language, fingerprint, versions, run):
    transcript = run(text, path)
    if transcript.problems:
        raise _NotCached(transcript)
    return transcript


def _memoized(func, ignore):
    memory = _state["memory"]
    return memory.cache(func, ignore=ignore) if memory is not None else None


def _call(func, ignore, *args, name=""):
    started = time.perf_counter()
    try:
        return _call_memoized(func, ignore, *args)
    finally:
        _state["times"].append((time.perf_counter() - started, name))


def _call_memoized(func, ignore, *args):
    memoized = _memoized(func, ignore)
    if memoized is None:
        _state["runs"] += 1
        return func(*args)
    if memoized.check_call_in_cache(*args):
        _state["hits"] += 1
    else:
        _state["runs"] += 1
    return memoized(*args)


def cached_console(run, text: str, path: str, language: str):
    """``run(text, path)``, memoized on the snippet's text, the language and gradflow's source."""
    try:
        return _call(_run_console_block, ["path", "run"], text, path, language, _state["fingerprint"],
                     _versions(), run, name=f"{path} [{language}]")
    except _NotCached as failed:
        return failed.value


def install(folder, fingerprint: str) -> None:
    """Route markdown-exec's Python blocks through the cache in ``folder``.

    Called before each build with gradflow's current fingerprint. ``folder=None`` turns caching off.
    """
    from markdown_exec._internal.formatters import python as exec_python

    if folder is None:
        _state["memory"] = None
    else:
        import joblib

        _state["memory"] = joblib.Memory(str(folder), verbose=0)
    _state["fingerprint"] = fingerprint
    original = getattr(exec_python._run_python, "_gradflow_original", exec_python._run_python)

    def run_python(code, returncode=None, session=None, id=None, **extra):  # noqa: A002
        if session:
            return original(code, returncode=returncode, session=session, id=id, **extra)
        from gradflow import plotting

        language = plotting.get_language()
        return _call(_run_python_block, ["run", "returncode", "id", "extra"], code, language,
                     _state["fingerprint"], _versions(), original, returncode, id, extra, name=f"{id} [{language}]")

    run_python._gradflow_original = original
    exec_python._run_python = run_python


def take_counts() -> tuple[int, int, list]:
    """Since the last call: blocks served from the cache, blocks run, and (seconds, block) of each."""
    counts = _state["hits"], _state["runs"], sorted(_state["times"], reverse=True)
    _state.update(hits=0, runs=0, times=[])
    return counts
