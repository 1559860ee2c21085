"""Activation functions a = f(z) and their derivatives f'(z) with respect to the pre-activation z.

Every function works elementwise on an array of any shape and returns an array of
the same shape. ``<name>_grad`` is the derivative of ``<name>``. ``ACTIVATIONS``
maps each name to its pair ``(f, f_grad)``.

At a kink (z = 0 for ReLU and leaky ReLU) the derivative does not exist; we use
the value from the left, as the major libraries do: ``relu_grad(0) == 0``.

Used in the chapters "Vanishing gradients", "Activation functions", "Weight initialization" and
"RNNs, LSTM and GRU".
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_choice


def sigmoid(z):
    r"""Logistic sigmoid, $\sigma(z) = 1 / (1 + e^{-z})$.

    Computed from $e^{-|z|}$, which never overflows, so large inputs give
    exactly 0 or 1 without a warning.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activation.

    Returns
    -------
    a : ndarray, same shape as z, values in [0, 1]

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> float(sigmoid(1000.0)), float(sigmoid(-1000.0))
    (1.0, 0.0)
    """
    z = as_float_array(z)
    # For z >= 0 this is 1 / (1 + e^-z); for z < 0 it is e^z / (1 + e^z), the same function
    # rewritten so that no exponential of a large positive number is ever taken.
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


def sigmoid_grad(z):
    r"""Derivative of the sigmoid, $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.

    Its maximum is $\sigma'(0) = 1/4$.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    dz_da : ndarray, same shape as z, values in [0, 1/4]

    Examples
    --------
    >>> float(sigmoid_grad(0.0))
    0.25
    """
    z = as_float_array(z)
    e = np.exp(-np.abs(z))
    # e / (1 + e)^2 with e = e^-|z| is s (1 - s), but symmetric and exact in the tails, where 1 - s
    # would round to 0 (s (1 - s) gives 0 at z = 40 but 4e-18 at z = -40). Near z = 0 rounding
    # could land a hair above 1/4, the true maximum.
    return np.minimum(e / np.square(1.0 + e), 0.25)


def tanh(z):
    r"""Hyperbolic tangent, $\tanh(z) = 2\sigma(2z) - 1$, values in [-1, 1].

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    a : ndarray, same shape as z

    Examples
    --------
    >>> float(tanh(0.0))
    0.0
    """
    return np.tanh(as_float_array(z))


def tanh_grad(z):
    r"""Derivative of tanh, $\tanh'(z) = 1 - \tanh^2(z)$; its maximum is 1, at z = 0.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray, same shape as z, values in [0, 1]

    Examples
    --------
    >>> float(tanh_grad(0.0))
    1.0
    """
    return 1.0 - np.square(np.tanh(as_float_array(z)))


def relu(z):
    r"""Rectified linear unit, $\max(0, z)$.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    a : ndarray, same shape as z

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 3.0]
    """
    z = as_float_array(z)
    return np.maximum(z, 0.0)


def relu_grad(z):
    r"""Derivative of ReLU: 1 for z > 0, 0 for z < 0.

    ReLU has no derivative at 0 (its left derivative is 0, its right derivative
    is 1). Like PyTorch, TensorFlow and JAX, we use the convention
    ``relu_grad(0) == 0``.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray of 0.0 and 1.0, same shape as z

    Examples
    --------
    >>> relu_grad([-1.0, 0.0, 1.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    z = as_float_array(z)
    return (z > 0).astype(z.dtype)


def leaky_relu(z, alpha=0.01):
    r"""Leaky ReLU (Maas et al., 2013): z for z > 0, $\alpha z$ otherwise.

    Parameters
    ----------
    z : array_like, any shape
    alpha : float, default 0.01
        Slope for negative inputs.

    Returns
    -------
    a : ndarray, same shape as z

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0]).tolist()
    [-0.02, 3.0]
    """
    z = as_float_array(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z, alpha=0.01):
    r"""Derivative of leaky ReLU: 1 for z > 0, ``alpha`` for z <= 0 (convention at 0 as for ReLU).

    Parameters
    ----------
    z : array_like, any shape
    alpha : float, default 0.01

    Returns
    -------
    ndarray, same shape as z

    Examples
    --------
    >>> leaky_relu_grad([-5.0, 0.0, 5.0]).tolist()
    [0.01, 0.01, 1.0]
    """
    z = as_float_array(z)
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def elu(z, alpha=1.0):
    r"""Exponential linear unit (Clevert et al., 2016): z for z > 0, $\alpha(e^z - 1)$ otherwise.

    Parameters
    ----------
    z : array_like, any shape
    alpha : float, default 1.0

    Returns
    -------
    a : ndarray, same shape as z, values above ``-alpha``

    Examples
    --------
    >>> round(float(elu(-50.0)), 6)
    -1.0
    """
    z = as_float_array(z)
    # expm1 of min(z, 0) never overflows and keeps precision near 0.
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_grad(z, alpha=1.0):
    r"""Derivative of ELU: 1 for z > 0, $\alpha e^z$ otherwise.

    Parameters
    ----------
    z : array_like, any shape
    alpha : float, default 1.0

    Returns
    -------
    ndarray, same shape as z

    Examples
    --------
    >>> elu_grad([-1.0, 2.0]).round(4).tolist()
    [0.3679, 1.0]
    """
    z = as_float_array(z)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0))).astype(z.dtype)


_GELU_C = float(np.sqrt(2.0 / np.pi))  # a Python float, so float32 input stays float32
_GELU_K = 0.044715


def _gelu_tanh_inner(z):
    # tanh is exactly ±1 long before |z| = 20, and clipping keeps z**3 from overflowing.
    zc = np.clip(z, -20.0, 20.0)
    return zc, np.tanh(_GELU_C * (zc + _GELU_K * zc**3))


def gelu(z):
    r"""GELU in its tanh form (Hendrycks & Gimpel, 2016), as used by GPT-2 and BERT.

    $$\mathrm{gelu}(z) = \tfrac12 z\,\bigl(1 + \tanh(\sqrt{2/\pi}\,(z + 0.044715 z^3))\bigr)$$

    This approximates the exact form $z\,\Phi(z)$ to within about 1e-3;
    NumPy has no ``erf``, and the tanh form is the one many libraries ship.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    a : ndarray, same shape as z

    Examples
    --------
    >>> gelu([0.0, 1.0]).round(4).tolist()
    [0.0, 0.8412]
    """
    z = as_float_array(z)
    _, t = _gelu_tanh_inner(z)
    return 0.5 * z * (1.0 + t)


def gelu_grad(z):
    r"""Derivative of `gelu` (the tanh form), exact for that form.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray, same shape as z

    Examples
    --------
    >>> float(gelu_grad(0.0))
    0.5
    """
    z = as_float_array(z)
    zc, t = _gelu_tanh_inner(z)
    inner_grad = _GELU_C * (1.0 + 3.0 * _GELU_K * zc * zc)
    return 0.5 * (1.0 + t) + 0.5 * zc * (1.0 - t * t) * inner_grad


def silu(z):
    r"""SiLU, also called swish (Ramachandran et al., 2017): $z\,\sigma(z)$.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    a : ndarray, same shape as z

    Examples
    --------
    >>> float(silu(0.0))
    0.0
    """
    z = as_float_array(z)
    return z * sigmoid(z)


def silu_grad(z):
    r"""Derivative of SiLU: $\sigma(z)\,(1 + z(1 - \sigma(z)))$.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray, same shape as z

    Examples
    --------
    >>> float(silu_grad(0.0))
    0.5
    """
    z = as_float_array(z)
    s = sigmoid(z)
    return s * (1.0 + z * (1.0 - s))


def softplus(z):
    r"""Softplus, $\log(1 + e^z)$, a smooth ReLU, computed without overflow.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    a : ndarray, same shape as z, positive

    Examples
    --------
    >>> float(softplus(1000.0)), float(softplus(-1000.0))
    (1000.0, 0.0)
    """
    z = as_float_array(z)
    # log(1 + e^z) = max(z, 0) + log(1 + e^-|z|), and e^-|z| never overflows.
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def softplus_grad(z):
    r"""Derivative of softplus, which is the sigmoid: $\sigma(z)$.

    Parameters
    ----------
    z : array_like, any shape

    Returns
    -------
    ndarray, same shape as z

    Examples
    --------
    >>> float(softplus_grad(0.0))
    0.5
    """
    return sigmoid(z)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "gelu": (gelu, gelu_grad),
    "silu": (silu, silu_grad),
    "softplus": (softplus, softplus_grad),
}
"""Each activation's name mapped to its pair ``(f, f_grad)``."""


def get_activation(name: str):
    """Return the pair ``(f, f_grad)`` registered under ``name``.

    Parameters
    ----------
    name : str
        One of the keys of `ACTIVATIONS`.

    Returns
    -------
    (callable, callable)

    Raises
    ------
    ValueError
        If ``name`` is unknown; the message lists the valid names.

    Examples
    --------
    >>> f, f_grad = get_activation("tanh")
    >>> float(f_grad(0.0))
    1.0
    >>> get_activation("sigmod")
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'sigmod'; valid names are: elu, gelu,
    leaky_relu, relu, sigmoid, silu, softplus, tanh
    """
    check_choice("activation", name, ACTIVATIONS)
    return ACTIVATIONS[name]
