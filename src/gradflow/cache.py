"""Compute an expensive experiment once, and share the result with every figure and language.

`cached` memoizes a function twice over:

- in memory, for the life of the process: a site build renders the Vietnamese and
  the English page in one process, so both get the very same run;
- on disk, with ``joblib.Memory``, when the environment variable
  ``GRADFLOW_CACHE_DIR`` names a folder (the site build and the tests set it to
  ``.cache/experiments``). The key holds the function's name, its arguments and a
  fingerprint of gradflow's source, so editing any gradflow module recomputes it.

Without ``GRADFLOW_CACHE_DIR``, or without joblib, only the in-memory memo is used,
so a reader who copies a snippet needs nothing beyond NumPy.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from pathlib import Path

ENV_VAR = "GRADFLOW_CACHE_DIR"
_memo: dict = {}


@functools.lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """SHA-256 of every gradflow source file, in a fixed order.

    Examples
    --------
    >>> len(source_fingerprint())
    64
    """
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _run(module: str, qualname: str, fingerprint: str, args: tuple, kwargs: dict):
    # joblib keys the disk cache on these arguments; ``fingerprint`` is there only for the key.
    func = getattr(importlib.import_module(module), qualname)
    return func.__wrapped__(*args, **kwargs)


def _compute(func, wrapper, args, kwargs):
    directory = os.environ.get(ENV_VAR)
    module = importlib.import_module(func.__module__)
    # Only a function that can be found again by name can be recomputed by joblib's key.
    if directory and getattr(module, func.__qualname__, None) is wrapper:
        try:
            import joblib
        except ImportError:
            joblib = None
        if joblib is not None:
            run = joblib.Memory(directory, verbose=0).cache(_run)
            return run(func.__module__, func.__qualname__, source_fingerprint(), args, kwargs)
    return func(*args, **kwargs)


def cached(func):
    """Memoize ``func`` in memory and, when ``GRADFLOW_CACHE_DIR`` is set, on disk.

    Arguments must be hashable (numbers, strings, tuples) and results picklable.
    Treat a result as read-only: every caller gets the same object.

    Examples
    --------
    >>> calls = []
    >>> @cached
    ... def square(x):
    ...     calls.append(x)
    ...     return x * x
    >>> square(3), square(3), len(calls)
    (9, 9, 1)
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        key = (func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in _memo:
            _memo[key] = _compute(func, wrapper, args, kwargs)
        return _memo[key]

    return wrapper
