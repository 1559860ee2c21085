r"""Nielsen's chain: a network with one neuron per layer, where backprop is one visible product.

Layer $l = 1 \dots L$ computes $z_l = w_l a_{l-1} + b_l$ and $a_l = f(z_l)$, with
$a_0 = x$. For a loss $\mathcal{L}(a_L)$ the chain rule gives

$$
\frac{\partial \mathcal{L}}{\partial b_1} = f'(z_1)\; \prod_{j=2}^{L} \bigl(w_j\, f'(z_j)\bigr)\;
\frac{\partial \mathcal{L}}{\partial a_L},
$$

one factor $w_j f'(z_j)$ per later layer. With the sigmoid,
$|w\,\sigma'(z)| \le |w|/4$: below 1 whenever $|w| < 4$, so the product vanishes;
with $w = 100$ and $z = 0$ every factor is 25, so it explodes (chapters "Recap: gradient descent
and backpropagation", "Vanishing gradients" and "Exploding gradients").
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._checks import as_float_array
from .activations import get_activation


class ChainCache(NamedTuple):
    """What `chain_backward` needs: the input, each layer's $z_l$ and $a_l$, the weights and $f'$."""

    x: float
    z: np.ndarray
    a: np.ndarray
    w: np.ndarray
    f_grad: Callable


class ChainGrads(NamedTuple):
    """Gradients of the chain: its input, the weights and biases of every layer, and the factors."""

    dx: float
    dw: np.ndarray
    db: np.ndarray
    factors: np.ndarray


def chain_forward(x, w, b, activation="sigmoid"):
    """Run the chain on one scalar input.

    Parameters
    ----------
    x : float
        Input $a_0$.
    w, b : ndarray, shape (L,)
        Weight and bias of each layer.
    activation : str

    Returns
    -------
    a_L : float
        Output of the last neuron.
    cache : ChainCache, with ``z`` and ``a`` of shape (L,)

    Examples
    --------
    >>> import numpy as np
    >>> a, cache = chain_forward(0.0, np.ones(3), np.zeros(3))
    >>> round(a, 4), cache.z.shape
    (0.6508, (3,))
    """
    w, b = as_float_array(w, "w"), as_float_array(b, "b")
    if w.ndim != 1 or w.shape != b.shape:
        raise ValueError(f"w and b must be vectors of the same length L, got shapes {w.shape} and {b.shape}")
    f, f_grad = get_activation(activation)
    z, a = np.empty_like(w), np.empty_like(w)
    previous = float(x)
    for layer in range(w.size):
        z[layer] = w[layer] * previous + b[layer]
        a[layer] = f(z[layer])
        previous = a[layer]
    return float(a[-1]), ChainCache(float(x), z, a, w, f_grad)


def chain_backward(da_L, cache):
    r"""Backward pass of the chain, as the products Nielsen writes out.

    Parameters
    ----------
    da_L : float
        $\partial \mathcal{L} / \partial a_L$.
    cache : ChainCache from `chain_forward`

    Returns
    -------
    ChainGrads
        ``dx`` (float), $\partial \mathcal{L} / \partial x$; ``dw`` (L,),
        $\partial \mathcal{L} / \partial w_l = a_{l-1}\, \partial \mathcal{L} / \partial b_l$;
        ``db`` (L,), $\partial \mathcal{L} / \partial b_l$ for every layer (Nielsen's speed of
        learning); and ``factors`` (L - 1,), $w_j f'(z_j)$ for $j = 2 \dots L$:
        ``db[0] = f'(z_1) * prod(factors) * da_L``.

    Examples
    --------
    >>> import numpy as np
    >>> # Nielsen's exploding chain: w = 100, and b = -100 * a_prev
    >>> # keeps every z at 0.
    >>> b = np.array([0.0, -50.0, -50.0, -50.0])
    >>> a, cache = chain_forward(0.0, np.full(4, 100.0), b)
    >>> cache.z.tolist()
    [0.0, 0.0, 0.0, 0.0]
    >>> grads = chain_backward(1.0, cache)
    >>> grads.factors.tolist()   # w * sigmoid'(0) = 100 / 4 at every later layer
    [25.0, 25.0, 25.0]
    """
    x, z, a, w, f_grad = cache
    slopes = f_grad(z)
    factors = w[1:] * slopes[1:]
    db = np.empty_like(z)
    # Walk back from the output: each earlier layer picks up one more factor w_j f'(z_j).
    upstream = float(da_L)
    for layer in reversed(range(z.size)):
        db[layer] = upstream * slopes[layer]
        upstream = db[layer] * w[layer]
    inputs = np.concatenate([[x], a[:-1]])
    return ChainGrads(dx=upstream, dw=inputs * db, db=db, factors=factors)
