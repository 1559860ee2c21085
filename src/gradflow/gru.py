r"""Gated recurrent unit (Cho et al., 2014), with the three gates stacked into one matrix.

``Wx`` (D, 3H), ``Wh`` (H, 3H) and ``b`` (3H,) hold three blocks of H columns
**in the order z, r, h̃**:

$$
z = \sigma(x_t W_x^z + h_{t-1} W_h^z + b^z), \qquad
r = \sigma(x_t W_x^r + h_{t-1} W_h^r + b^r),
$$

$$
\tilde h_t = \tanh\bigl(x_t W_x^h + (r \odot h_{t-1})\, W_h^h + b^h\bigr), \qquad
h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h_t .
$$

$z$ is the update gate (1 keeps the old state) and $r$ the reset gate. This is
Cho et al.'s form, with $r$ applied to $h_{t-1}$ *before* the product with
$W_h^h$. PyTorch's ``nn.GRU`` interpolates the same way but applies $r$ *after*
that product, $r \odot (h_{t-1} W_h^h + b_{hn})$, with a second bias; the two
are different functions of the same-shaped weights.

Along the direct path $\partial h_t / \partial h_{t-1}$ contains $\mathrm{diag}(z_t)$,
the GRU's counterpart of the LSTM's forget gate.

Shapes: N sequences, T time steps, D input features, H hidden units.
Used in the chapter "RNNs, LSTM and GRU".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import check_positive_int, check_real, check_rng
from ._recurrent import BPTT, StepGrads, bptt, check_cell, check_sequence, check_state, unroll
from .activations import sigmoid
from .init import orthogonal

GATES = ("z", "r", "h")
"""Order of the three blocks of H columns in ``Wx``, ``Wh`` and ``b``: update, reset, candidate."""


class GRUStepCache(NamedTuple):
    """What `gru_step_backward` needs from one step."""

    x: np.ndarray
    h_prev: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray
    z: np.ndarray
    r: np.ndarray
    reset: np.ndarray
    candidate: np.ndarray


class GRUCache(NamedTuple):
    """What `gru_backward` needs (one `GRUStepCache` per step), and ``z`` (N, T, H), the update gates."""

    steps: list
    z: np.ndarray


def gru_init(D, H, rng, update_bias=0.0):
    r"""Initial GRU weights: $W_x \sim \mathcal N(0, 1/D)$, each block of $W_h$ orthogonal, $b = 0$ but $b^z$.

    A positive ``update_bias`` starts $z$ near 1, so the state is carried over
    (the GRU's analogue of the LSTM forget-gate bias).

    Parameters
    ----------
    D, H : int
    rng : numpy.random.Generator
    update_bias : float, default 0.0
        Initial value of the update-gate bias $b^z$.

    Returns
    -------
    Wx : ndarray, shape (D, 3H)
    Wh : ndarray, shape (H, 3H)
    b : ndarray, shape (3H,), gate order z, r, h̃

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = gru_init(2, 3, np.random.default_rng(0), update_bias=1.0)
    >>> Wx.shape, Wh.shape, b.reshape(3, 3)[:, 0].tolist()
    ((2, 9), (3, 9), [1.0, 0.0, 0.0])
    """
    D, H = check_positive_int(D, "D"), check_positive_int(H, "H")
    check_rng(rng)
    update_bias = check_real(update_bias, "update_bias")
    Wx = rng.normal(0.0, np.sqrt(1.0 / D), (D, 3 * H))
    Wh = np.hstack([orthogonal(H, rng) for _ in GATES])
    b = np.zeros(3 * H)
    b[:H] = update_bias
    return Wx, Wh, b


def gru_step_forward(x, h_prev, Wx, Wh, b):
    """One GRU step.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    h_prev : ndarray, shape (N, H)
    Wx : ndarray, shape (D, 3H)
    Wh : ndarray, shape (H, 3H)
    b : ndarray, shape (3H,)

    Returns
    -------
    h : ndarray, shape (N, H)
    cache : GRUStepCache, for `gru_step_backward`

    Examples
    --------
    >>> import numpy as np
    >>> b = np.zeros(6)
    >>> b[:2] = 50.0  # z = 1: keep the old state
    >>> x, h_prev = np.ones((1, 3)), np.array([[0.3, -0.7]])
    >>> h, _ = gru_step_forward(x, h_prev, np.ones((3, 6)), np.ones((2, 6)), b)
    >>> h.round(6).tolist()
    [[0.3, -0.7]]
    """
    return _step(*check_cell(x, h_prev, Wx, Wh, b, gates=3))


def _step(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    ax = x @ Wx + b  # the input's share of the three blocks
    ah = h_prev @ Wh[:, :2 * H]  # the state's share of the two gates
    z, r = sigmoid(ax[:, :H] + ah[:, :H]), sigmoid(ax[:, H:2 * H] + ah[:, H:])
    reset = r * h_prev
    candidate = np.tanh(ax[:, 2 * H:] + reset @ Wh[:, 2 * H:])
    h = z * h_prev + (1.0 - z) * candidate
    return h, GRUStepCache(x, h_prev, Wx, Wh, z, r, reset, candidate)


def gru_step_backward(dh, cache):
    r"""Backward pass of `gru_step_forward`.

    $dh_{prev}$ collects three paths: through the interpolation ($dh \odot z$),
    through $r \odot h_{t-1}$ in the candidate, and through the gate inputs.

    Parameters
    ----------
    dh : ndarray, shape (N, H)
        Total gradient $\partial \mathcal{L} / \partial h_t$.
    cache : GRUStepCache from `gru_step_forward`

    Returns
    -------
    StepGrads
        ``dx`` (N, D), ``dh_prev`` (N, H), ``dWx`` (D, 3H), ``dWh`` (H, 3H), ``db`` (3H,).

    Examples
    --------
    >>> import numpy as np
    >>> b = np.zeros(6)
    >>> b[:2] = 50.0
    >>> x, h_prev = np.ones((1, 3)), np.zeros((1, 2))
    >>> _, cache = gru_step_forward(x, h_prev, np.ones((3, 6)), np.ones((2, 6)), b)
    >>> # z = 1 passes the gradient through
    >>> gru_step_backward(np.ones((1, 2)), cache).dh_prev.round(6).tolist()
    [[1.0, 1.0]]
    """
    return _step_backward(check_state(dh, "dh", cache.h_prev.shape, "h"), cache)


def _step_backward(dh, cache):
    x, h_prev, Wx, Wh, z, r, reset, candidate = cache
    H = h_prev.shape[1]
    da_h = dh * (1.0 - z) * (1.0 - candidate * candidate)  # into the candidate's tanh
    d_reset = da_h @ Wh[:, 2 * H:].T
    da = np.hstack([dh * (h_prev - candidate) * z * (1.0 - z),  # into the update gate's sigmoid
                    d_reset * h_prev * r * (1.0 - r),  # into the reset gate's sigmoid
                    da_h])
    dh_prev = dh * z + d_reset * r + da[:, :2 * H] @ Wh[:, :2 * H].T
    dWh = np.hstack([h_prev.T @ da[:, :2 * H], reset.T @ da_h])
    return StepGrads(dx=da @ Wx.T, dh_prev=dh_prev, dWx=x.T @ da, dWh=dWh, db=da.sum(axis=0))


def gru_forward(X, h0, Wx, Wh, b):
    """Run the GRU over whole sequences.

    Parameters
    ----------
    X : ndarray, shape (N, T, D)
    h0 : ndarray, shape (N, H)
    Wx : ndarray, shape (D, 3H)
    Wh : ndarray, shape (H, 3H)
    b : ndarray, shape (3H,)

    Returns
    -------
    H : ndarray, shape (N, T, H)
        ``H[:, t]`` is the hidden state after reading ``X[:, t]``.
    cache : GRUCache
        The step caches (for `gru_backward`) and ``z`` (N, T, H), the update-gate activations.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = gru_init(2, 3, np.random.default_rng(0))
    >>> H, cache = gru_forward(np.ones((4, 5, 2)), np.zeros((4, 3)), Wx, Wh, b)
    >>> H.shape, cache.z.shape
    ((4, 5, 3), (4, 5, 3))
    """
    return _forward(*check_sequence(X, h0, Wx, Wh, b, gates=3))


def _forward(X, h0, Wx, Wh, b):
    H, steps = unroll(_step, X, h0, Wx, Wh, b)
    return H, GRUCache(steps, np.stack([step.z for step in steps], axis=1))


def gru_backward(dH, cache):
    r"""Backpropagation through time for `gru_forward`.

    Parameters
    ----------
    dH : ndarray, shape (N, T, H)
        $\partial \mathcal{L} / \partial h_t$ from outside the recurrence.
    cache : GRUCache from `gru_forward`

    Returns
    -------
    BPTT
        ``dX`` (N, T, D), ``dh0`` (N, H), ``dWx`` (D, 3H), ``dWh`` (H, 3H), ``db`` (3H,),
        and ``dh`` (N, T, H): the total gradient $\partial \mathcal{L} / \partial h_t$ at every step.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = gru_init(2, 3, np.random.default_rng(0))
    >>> H, cache = gru_forward(np.ones((2, 6, 2)), np.zeros((2, 3)), Wx, Wh, b)
    >>> grads = gru_backward(np.ones_like(H), cache)
    >>> grads.dX.shape, grads.dh.shape, grads.dWh.shape
    ((2, 6, 2), (2, 6, 3), (3, 9))
    """
    N, H = cache.steps[0].h_prev.shape
    return _backward(check_state(dH, "dH", (N, len(cache.steps), H), "the hidden states"), cache)


def _backward(dH, cache) -> BPTT:
    first = cache.steps[0]
    return bptt(dH, cache.steps, _step_backward, first.Wx, first.Wh)
