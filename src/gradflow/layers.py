"""Forward and backward passes of a dense layer and an activation, as ``(out, cache)`` pairs.

Shapes: N examples in a batch, D inputs, M outputs. ``dX`` always means
$\\partial L / \\partial X$.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_matrix
from .activations import get_activation


def dense_forward(X, W, b):
    r"""Affine map $z = X W + b$.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    W : ndarray, shape (D, M)
    b : ndarray, shape (M,)

    Returns
    -------
    z : ndarray, shape (N, M)
    cache : tuple ``(X, W)``, for `dense_backward`

    Examples
    --------
    >>> import numpy as np
    >>> z, cache = dense_forward(np.ones((2, 3)), np.ones((3, 4)), np.zeros(4))
    >>> z.shape
    (2, 4)
    """
    W = check_matrix(W, "W")
    X = check_matrix(X, "X", n_cols=W.shape[0])
    b = as_float_array(b, "b")
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},) to match W of shape {W.shape}, got {b.shape}")
    z = X @ W
    if z.dtype == np.result_type(z, b):
        z += b  # in place: one array less for every layer of every step
    else:
        z = z + b
    return z, (X, W)


def dense_backward(dz, cache):
    r"""Backward pass of `dense_forward`.

    $$dX = dz\,W^\top,\quad dW = X^\top dz,\quad db = \textstyle\sum_n dz_n$$

    Parameters
    ----------
    dz : ndarray, shape (N, M)
        Upstream gradient $\partial L / \partial z$.
    cache : tuple from `dense_forward`

    Returns
    -------
    dX : ndarray, shape (N, D)
    dW : ndarray, shape (D, M)
    db : ndarray, shape (M,)

    Examples
    --------
    >>> import numpy as np
    >>> z, cache = dense_forward(np.ones((2, 3)), np.ones((3, 4)), np.zeros(4))
    >>> dX, dW, db = dense_backward(np.ones((2, 4)), cache)
    >>> dX.shape, dW.shape, db.tolist()
    ((2, 3), (3, 4), [2.0, 2.0, 2.0, 2.0])
    """
    X, W = cache
    dz = check_matrix(dz, "dz", n_cols=W.shape[1])
    if dz.shape[0] != X.shape[0]:
        raise ValueError(f"dz must have {X.shape[0]} rows like X, got shape {dz.shape}")
    return dz @ W.T, X.T @ dz, dz.sum(axis=0)


def activation_forward(z, name: str):
    """Apply the activation registered as ``name``.

    Parameters
    ----------
    z : ndarray, any shape
    name : str
        A key of `gradflow.activations.ACTIVATIONS`.

    Returns
    -------
    a : ndarray, same shape as z
    cache : tuple ``(z, f_grad)``

    Examples
    --------
    >>> a, cache = activation_forward([-1.0, 2.0], "relu")
    >>> a.tolist()
    [0.0, 2.0]
    """
    f, f_grad = get_activation(name)
    z = as_float_array(z)
    return f(z), (z, f_grad)


def activation_backward(da, cache):
    r"""Backward pass of `activation_forward`: $dz = da \odot f'(z)$.

    Parameters
    ----------
    da : ndarray, shape of z
    cache : tuple from `activation_forward`

    Returns
    -------
    dz : ndarray, shape of z

    Examples
    --------
    >>> a, cache = activation_forward([0.0], "sigmoid")
    >>> activation_backward([1.0], cache).tolist()
    [0.25]
    """
    z, f_grad = cache
    da = as_float_array(da, "da")
    if da.shape != z.shape:
        raise ValueError(f"da must have the shape of z, {z.shape}, got {da.shape}")
    grad = f_grad(z)
    if grad.shape == da.shape and grad.dtype == np.result_type(grad, da):
        return np.multiply(grad, da, out=grad)  # f_grad returns a new array: reuse it
    return da * grad
