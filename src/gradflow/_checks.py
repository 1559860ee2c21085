"""Input checks shared by the modules: each failure names what was expected and what came.

Every bad input raises ``ValueError``, a wrong type included (``TypeError`` would be the more
usual Python choice for a type): one exception type is what a reader of the book has to catch,
and every message says what was expected and what was given.

The public functions of gradflow check their arguments; a model checks its input once, at its
boundary, and then calls the unchecked kernels (the ``_``-prefixed functions of each module).
"""

from __future__ import annotations

import numpy as np


def as_float_array(x, name: str = "z") -> np.ndarray:
    """Return ``x`` as a floating ndarray, keeping float32 and float64 as they are.

    >>> as_float_array([1, 2]).dtype
    dtype('float64')
    >>> as_float_array("abc")
    Traceback (most recent call last):
    ...
    ValueError: z must be numeric (bool, int or float), got str of dtype <U3
    """
    try:
        arr = np.asarray(x)
    except Exception as error:  # ragged lists and the like
        raise ValueError(f"{name} must be a numeric array, got {type(x).__name__}: {error}") from None
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind not in "biu":
        raise ValueError(f"{name} must be numeric (bool, int or float), got {type(x).__name__} of dtype {arr.dtype}")
    return arr.astype(np.float64)


def check_matrix(x, name: str, n_cols: int | None = None) -> np.ndarray:
    """Return ``x`` as a 2-D float array, checking its column count if given."""
    arr = as_float_array(x, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (N, D), got shape {arr.shape}")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(f"{name} must have {n_cols} columns, got shape {arr.shape}")
    return arr


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an int, or raise if it is not a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_number(value, name: str, *, minimum: float = 0.0, inclusive: bool = False) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number above ``minimum``.

    >>> check_number(0.1, "lr")
    0.1
    >>> check_number(None, "lr")
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive finite number, got None
    """
    if minimum == 0 and not inclusive:
        message = f"{name} must be a positive finite number, got {value!r}"
    else:
        message = f"{name} must be a finite number {'>=' if inclusive else '>'} {minimum:g}, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(message)
    value = float(value)
    if not np.isfinite(value) or value < minimum or (value == minimum and not inclusive):
        raise ValueError(message)
    return value


def check_real(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number of any sign.

    >>> check_real(-2, "shortcut_scale")
    -2.0
    >>> check_real(float("nan"), "forget_bias")
    Traceback (most recent call last):
    ...
    ValueError: forget_bias must be a finite number, got nan
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def check_rng(rng) -> np.random.Generator:
    """Refuse anything but a ``numpy.random.Generator``: global random state is not allowed."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            "rng must be a numpy.random.Generator, for example np.random.default_rng(0); "
            f"got {type(rng).__name__}"
        )
    return rng


def check_choice(name: str, value: str, choices) -> str:
    """Raise a ValueError listing the valid names if ``value`` is not one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        valid = ", ".join(sorted(choices))
        raise ValueError(f"unknown {name} {value!r}; valid names are: {valid}")
    return value
