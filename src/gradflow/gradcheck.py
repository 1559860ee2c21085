"""Centred finite differences, to check every analytic derivative and backward pass.

The centred difference $(f(x + h) - f(x - h)) / 2h$ has an error of order
$h^2$, so in float64 with ``h = 1e-5`` it agrees with a correct analytic
gradient to about 1e-10 in relative terms, away from kinks.

Used in the chapters "Recap: gradient descent and backpropagation" and "Activation functions".
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array


def numerical_derivative(f, z, h: float = 1e-5):
    r"""Elementwise derivative of an elementwise function, $(f(z+h) - f(z-h)) / 2h$.

    Parameters
    ----------
    f : callable
        Maps an array to an array of the same shape, element by element.
    z : array_like, any shape
    h : float
        Step size.

    Returns
    -------
    ndarray, same shape as z

    Examples
    --------
    >>> import numpy as np
    >>> round(float(numerical_derivative(np.sin, 0.0)), 8)
    1.0
    """
    z = as_float_array(z)
    return (f(z + h) - f(z - h)) / (2.0 * h)


def numerical_gradient(f, x, h: float = 1e-5):
    r"""Gradient of a scalar function of an array, one coordinate at a time.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns a scalar.
    x : ndarray, any shape, float64
        The point; it is perturbed in place and restored.
    h : float

    Returns
    -------
    dx : ndarray, same shape as ``x``, $\partial f / \partial x$

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([1.0, -2.0])
    >>> numerical_gradient(lambda v: float(np.sum(v**2)), x).round(6).tolist()
    [2.0, -4.0]
    """
    return numerical_gradient_array(lambda v: np.asarray(f(v), dtype=float), x, np.array(1.0), h)


def numerical_gradient_array(f, x, dout, h: float = 1e-5):
    r"""Gradient of $\sum f(x) \odot dout$ with respect to ``x``: what a backward pass returns.

    This is how an array-valued layer is checked: its backward pass, given the
    upstream gradient ``dout``, must return this.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns an array shaped like ``dout``.
    x : ndarray, any shape, float64
        Perturbed in place and restored.
    dout : ndarray, shape of ``f(x)``
        Upstream gradient $\partial \mathcal{L} / \partial f(x)$.
    h : float

    Returns
    -------
    dx : ndarray, same shape as ``x``

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> x = np.array([[1.0, 1.0]])
    >>> dx = numerical_gradient_array(lambda v: v @ W, x, np.ones((1, 2)))
    >>> dx.round(6).tolist()
    [[3.0, 7.0]]
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ValueError(f"x must be a float64 ndarray to be perturbed in place, got {type(x).__name__}"
                         + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    if not x.flags.c_contiguous:
        # reshape(-1) would copy a strided view, and the perturbations would never reach f.
        raise ValueError("x must be C-contiguous to be perturbed in place; pass x.copy() for a sliced view")
    dx = np.zeros_like(x)
    flat_x, flat_dx = x.reshape(-1), dx.reshape(-1)
    for i in range(flat_x.size):
        saved = flat_x[i]
        flat_x[i] = saved + h
        plus = np.array(f(x), dtype=float, copy=True)
        flat_x[i] = saved - h
        minus = np.array(f(x), dtype=float, copy=True)
        flat_x[i] = saved
        flat_dx[i] = np.sum((plus - minus) * dout) / (2.0 * h)
    return dx


def rel_error(a, b, floor: float = 1e-12) -> float:
    r"""Largest elementwise relative error, $\max |a - b| / \max(|a| + |b|, floor)$.

    Parameters
    ----------
    a, b : array_like, same shape
    floor : float
        Keeps the ratio finite where both values are (near) zero.

    Returns
    -------
    float

    Examples
    --------
    >>> f"{rel_error([1.0, 2.0], [1.0, 2.0 + 4e-9]):.1e}"
    '1.0e-09'
    """
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))
