r"""Forward and backward passes of a dense layer and an activation, as ``(out, cache)`` pairs.

The contract every layer of gradflow follows (chapter "Recap: gradient descent and
backpropagation"):

- forward: ``(input, *params, **options) -> (out, cache)``;
- backward: ``(dout, cache) ->`` a named tuple, the input's gradient first, then the parameters'
  gradients in the order the forward takes them.

Shapes: N examples in a batch, D inputs, M outputs. ``dX`` always means
$\partial \mathcal{L} / \partial X$, for the loss $\mathcal{L}$.

The public functions check their arguments; the ``_``-prefixed kernels compute and nothing
else, so a model checks its input once and then calls the kernels.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._checks import as_float_array, check_matrix
from .activations import get_activation


class DenseCache(NamedTuple):
    """What `dense_backward` needs: the layer's input and weights."""

    X: np.ndarray
    W: np.ndarray


class DenseGrads(NamedTuple):
    """Gradients of a dense layer: input, weights, bias."""

    dX: np.ndarray
    dW: np.ndarray
    db: np.ndarray


class ActivationCache(NamedTuple):
    """What `activation_backward` needs: the pre-activation and the derivative of the activation."""

    z: np.ndarray
    f_grad: Callable


class ActivationGrads(NamedTuple):
    """Gradient of an activation with respect to its input, the pre-activation z."""

    dz: np.ndarray


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
    cache : DenseCache, for `dense_backward`

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
    return _dense_forward(X, W, b)


def _dense_forward(X, W, b):
    return X @ W + b, DenseCache(X, W)


def dense_backward(dz, cache):
    r"""Backward pass of `dense_forward`.

    $$dX = dz\,W^\top,\quad dW = X^\top dz,\quad db = \textstyle\sum_n dz_n$$

    Parameters
    ----------
    dz : ndarray, shape (N, M)
        Upstream gradient $\partial \mathcal{L} / \partial z$.
    cache : DenseCache from `dense_forward`

    Returns
    -------
    DenseGrads
        ``dX`` (N, D), ``dW`` (D, M), ``db`` (M,).

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
    return _dense_backward(dz, cache)


def _dense_backward(dz, cache):
    X, W = cache
    return DenseGrads(dX=dz @ W.T, dW=X.T @ dz, db=dz.sum(axis=0))


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
    cache : ActivationCache, for `activation_backward`

    Examples
    --------
    >>> a, cache = activation_forward([-1.0, 2.0], "relu")
    >>> a.tolist()
    [0.0, 2.0]
    """
    get_activation(name)  # a clear error for an unknown name
    return _activation_forward(as_float_array(z), name)


def _activation_forward(z, name):
    f, f_grad = get_activation(name)
    return f(z), ActivationCache(z, f_grad)


def activation_backward(da, cache):
    r"""Backward pass of `activation_forward`: $dz = da \odot f'(z)$.

    Parameters
    ----------
    da : ndarray, shape of z
    cache : ActivationCache from `activation_forward`

    Returns
    -------
    ActivationGrads
        ``dz``, shape of z.

    Examples
    --------
    >>> a, cache = activation_forward([0.0], "sigmoid")
    >>> activation_backward([1.0], cache).dz.tolist()
    [0.25]
    """
    z, _ = cache
    da = as_float_array(da, "da")
    if da.shape != z.shape:
        raise ValueError(f"da must have the shape of z, {z.shape}, got {da.shape}")
    return _activation_backward(da, cache)


def _activation_backward(da, cache):
    z, f_grad = cache
    return ActivationGrads(dz=f_grad(z) * da)
