r"""Long short-term memory (Hochreiter & Schmidhuber, 1997, with the forget gate of Gers et al., 2000).

The four gates come from one matrix product. With $a = x_t W_x + h_{t-1} W_h + b$
split into four blocks of H columns **in the order i, f, o, g**:

$$
i = \sigma(a_i), \quad f = \sigma(a_f), \quad o = \sigma(a_o), \quad g = \tanh(a_g),
$$

$$
c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t).
$$

Along the cell path the Jacobian is diagonal, $\partial c_t / \partial c_{t-1} = \mathrm{diag}(f_t)$
(exactly so when $h$ does not feed back, $W_h = 0$), so
$\partial c_T / \partial c_0 = \mathrm{diag}\bigl(\prod_t f_t\bigr)$: no weight
matrix in the product, and a forget gate near 1 carries the gradient across many
steps. `cell_path_gradient` returns $\prod_t f_t$.

Shapes: N sequences, T time steps, D input features, H hidden units.
Used in the chapter "RNNs, LSTM and GRU".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import check_positive_int, check_real, check_rng
from ._recurrent import check_cell, check_sequence, check_state
from .activations import sigmoid
from .init import orthogonal

GATES = ("i", "f", "o", "g")
"""Order of the four blocks of H columns in ``Wx``, ``Wh`` and ``b``."""


class LSTMStepCache(NamedTuple):
    r"""What `lstm_step_backward` needs from one step: its inputs, weights, gates and $\tanh(c_t)$."""

    x: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray
    i: np.ndarray
    f: np.ndarray
    o: np.ndarray
    g: np.ndarray
    tanh_c: np.ndarray


class LSTMStepGrads(NamedTuple):
    """Gradients of one LSTM step: input, previous hidden and cell states, then the weights."""

    dx: np.ndarray
    dh_prev: np.ndarray
    dc_prev: np.ndarray
    dWx: np.ndarray
    dWh: np.ndarray
    db: np.ndarray


class LSTMCache(NamedTuple):
    """What `lstm_backward` needs (one `LSTMStepCache` per step), and for inspection the cell states
    ``c`` (N, T, H) and the forget-gate activations ``f`` (N, T, H)."""

    steps: list
    c: np.ndarray
    f: np.ndarray


class LSTMBPTT(NamedTuple):
    r"""Backpropagation through time of an LSTM: the inputs' gradients (``dX``, ``dh0``, ``dc0``), the
    weights', then the total gradients at every step, ``dh`` and ``dc`` (N, T, H):
    $\partial \mathcal{L} / \partial h_t$ and $\partial \mathcal{L} / \partial c_t$."""

    dX: np.ndarray
    dh0: np.ndarray
    dc0: np.ndarray
    dWx: np.ndarray
    dWh: np.ndarray
    db: np.ndarray
    dh: np.ndarray
    dc: np.ndarray


def lstm_init(D, H, rng, forget_bias=1.0):
    r"""Initial LSTM weights: $W_x \sim \mathcal N(0, 1/D)$, each gate's block of $W_h$ orthogonal, $b = 0$ but $b_f$.

    A forget-gate bias of 1 (Gers et al., 2000; Jozefowicz et al., 2015) starts
    $f = \sigma(1) \approx 0.73$ instead of 0.5, so the cell remembers longer from the first step.

    Parameters
    ----------
    D, H : int
    rng : numpy.random.Generator
    forget_bias : float, default 1.0
        Initial value of the forget-gate bias $b_f$.

    Returns
    -------
    Wx : ndarray, shape (D, 4H)
    Wh : ndarray, shape (H, 4H)
    b : ndarray, shape (4H,), gate order i, f, o, g

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = lstm_init(2, 3, np.random.default_rng(0), forget_bias=2.0)
    >>> Wx.shape, Wh.shape, b.reshape(4, 3)[:, 0].tolist()
    ((2, 12), (3, 12), [0.0, 2.0, 0.0, 0.0])
    """
    D, H = check_positive_int(D, "D"), check_positive_int(H, "H")
    check_rng(rng)
    forget_bias = check_real(forget_bias, "forget_bias")
    Wx = rng.normal(0.0, np.sqrt(1.0 / D), (D, 4 * H))
    Wh = np.hstack([orthogonal(H, rng) for _ in GATES])
    b = np.zeros(4 * H)
    b[H:2 * H] = forget_bias
    return Wx, Wh, b


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    h_prev, c_prev : ndarray, shape (N, H)
    Wx : ndarray, shape (D, 4H)
    Wh : ndarray, shape (H, 4H)
    b : ndarray, shape (4H,)

    Returns
    -------
    (h, c) : ndarray, shape (N, H) each
    cache : LSTMStepCache, for `lstm_step_backward`

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = np.zeros((2, 12)), np.zeros((3, 12)), np.zeros(12)
    >>> x, h_prev, c_prev = np.ones((1, 2)), np.zeros((1, 3)), np.ones((1, 3))
    >>> (h, c), _ = lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)
    >>> c.tolist()  # f = 0.5 halves the cell, g = 0 adds nothing
    [[0.5, 0.5, 0.5]]
    """
    x, h_prev, Wx, Wh, b = check_cell(x, h_prev, Wx, Wh, b, gates=4)
    c_prev = check_state(c_prev, "c_prev", h_prev.shape, "h_prev")
    return _step(x, h_prev, c_prev, Wx, Wh, b)


def _step(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b  # the four gates' pre-activations, side by side
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    return (h, c), LSTMStepCache(x, h_prev, c_prev, Wx, Wh, i, f, o, g, tanh_c)


def lstm_step_backward(dout, cache):
    r"""Backward pass of `lstm_step_forward`.

    ``dout`` is the pair ``(dh, dc)``: the total gradient at $h_t$, and the gradient reaching
    $c_t$ from the next step (zeros at the last step). The path through
    $h_t = o \odot \tanh(c_t)$ is added to ``dc`` here; then $dc_{prev} = dc \odot f$.

    Parameters
    ----------
    dout : (dh, dc), each ndarray of shape (N, H)
    cache : LSTMStepCache from `lstm_step_forward`

    Returns
    -------
    LSTMStepGrads
        ``dx`` (N, D), ``dh_prev`` and ``dc_prev`` (N, H), ``dWx`` (D, 4H), ``dWh`` (H, 4H), ``db`` (4H,).

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = np.zeros((2, 12)), np.zeros((3, 12)), np.zeros(12)
    >>> x, h_prev, c_prev = np.ones((1, 2)), np.zeros((1, 3)), np.ones((1, 3))
    >>> _, cache = lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b)
    >>> dh, dc = np.zeros((1, 3)), np.ones((1, 3))
    >>> lstm_step_backward((dh, dc), cache).dc_prev.tolist()  # times f = 0.5
    [[0.5, 0.5, 0.5]]
    """
    if not isinstance(dout, (tuple, list)) or len(dout) != 2:
        raise ValueError(f"dout must be the pair (dh, dc) of the step's two states, got {type(dout).__name__}")
    shape = cache.h_prev.shape
    dh, dc = check_state(dout[0], "dh", shape, "the state"), check_state(dout[1], "dc", shape, "the state")
    return _step_backward(dh, _total_dc(dh, dc, cache), cache)


def _total_dc(dh, dc_next, cache):
    r"""The total gradient at $c_t$: along the cell path from step t + 1, plus through $h_t = o \tanh(c_t)$."""
    return dc_next + dh * cache.o * (1.0 - cache.tanh_c * cache.tanh_c)


def _step_backward(dh, dc, cache):
    """One step back, given ``dh`` and the *total* gradient ``dc`` at $c_t$."""
    x, h_prev, c_prev, Wx, Wh, i, f, o, g, tanh_c = cache
    da = np.hstack([dc * g * i * (1.0 - i),  # input gate:  c = f c_prev + i g
                    dc * c_prev * f * (1.0 - f),  # forget gate
                    dh * tanh_c * o * (1.0 - o),  # output gate: h = o tanh(c)
                    dc * i * (1.0 - g * g)])  # candidate g = tanh(a_g)
    return LSTMStepGrads(dx=da @ Wx.T, dh_prev=da @ Wh.T, dc_prev=dc * f, dWx=x.T @ da, dWh=h_prev.T @ da,
                         db=da.sum(axis=0))


def lstm_forward(X, h0, c0, Wx, Wh, b):
    """Run the LSTM over whole sequences.

    Parameters
    ----------
    X : ndarray, shape (N, T, D)
    h0, c0 : ndarray, shape (N, H)
        Initial hidden and cell states.
    Wx : ndarray, shape (D, 4H)
    Wh : ndarray, shape (H, 4H)
    b : ndarray, shape (4H,)

    Returns
    -------
    H : ndarray, shape (N, T, H)
        ``H[:, t]`` is the hidden state after reading ``X[:, t]``.
    cache : LSTMCache
        The step caches (for `lstm_backward`), the cell states ``c`` and the forget gates ``f``.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = lstm_init(2, 3, np.random.default_rng(0))
    >>> h0 = c0 = np.zeros((4, 3))
    >>> H, cache = lstm_forward(np.ones((4, 5, 2)), h0, c0, Wx, Wh, b)
    >>> H.shape, cache.c.shape, bool(np.all((0 < cache.f) & (cache.f < 1)))
    ((4, 5, 3), (4, 5, 3), True)
    """
    X, h0, Wx, Wh, b = check_sequence(X, h0, Wx, Wh, b, gates=4)
    c0 = check_state(c0, "c0", h0.shape, "h0")
    return _forward(X, h0, c0, Wx, Wh, b)


def _forward(X, h0, c0, Wx, Wh, b):
    h, c, states, cells, steps = h0, c0, [], [], []
    for t in range(X.shape[1]):
        (h, c), cache = _step(X[:, t], h, c, Wx, Wh, b)
        states.append(h)
        cells.append(c)
        steps.append(cache)
    forget = np.stack([step.f for step in steps], axis=1)
    return np.stack(states, axis=1), LSTMCache(steps, np.stack(cells, axis=1), forget)


def lstm_backward(dH, cache):
    r"""Backpropagation through time for `lstm_forward`.

    At step t, the gradient at $h_t$ is what the loss sends there plus what comes back from
    step t + 1, and the gradient at $c_t$ comes back along the cell path,
    $dc_{t-1} = dc_t \odot f_t$, plus through $h_t$.

    Parameters
    ----------
    dH : ndarray, shape (N, T, H)
        $\partial \mathcal{L} / \partial h_t$ from outside the recurrence.
    cache : LSTMCache from `lstm_forward`

    Returns
    -------
    LSTMBPTT
        ``dX`` (N, T, D), ``dh0`` and ``dc0`` (N, H), ``dWx`` (D, 4H), ``dWh`` (H, 4H), ``db`` (4H,),
        and the total gradients at every step, ``dh`` and ``dc`` (N, T, H).

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = lstm_init(2, 3, np.random.default_rng(0))
    >>> h0 = c0 = np.zeros((2, 3))
    >>> H, cache = lstm_forward(np.ones((2, 6, 2)), h0, c0, Wx, Wh, b)
    >>> grads = lstm_backward(np.ones_like(H), cache)
    >>> grads.dX.shape, grads.dc.shape, grads.dWh.shape
    ((2, 6, 2), (2, 6, 3), (3, 12))
    """
    N, T, H = cache.c.shape
    return _backward(check_state(dH, "dH", (N, T, H), "the hidden states"), cache)


def _backward(dH, cache) -> LSTMBPTT:
    N, T, H = dH.shape
    first = cache.steps[0]
    Wx, Wh = first.Wx, first.Wh
    dtype = np.result_type(dH, Wx, Wh)
    dX = np.zeros((N, T, Wx.shape[0]), dtype)
    dh, dc = np.zeros((N, T, H), dtype), np.zeros((N, T, H), dtype)
    dWx, dWh, db = np.zeros_like(Wx, dtype=dtype), np.zeros_like(Wh, dtype=dtype), np.zeros(Wh.shape[1], dtype)
    dh_next, dc_next = np.zeros((N, H), dtype), np.zeros((N, H), dtype)
    for t in reversed(range(T)):
        dh[:, t] = dH[:, t] + dh_next
        dc[:, t] = _total_dc(dh[:, t], dc_next, cache.steps[t])
        dX[:, t], dh_next, dc_next, dWx_t, dWh_t, db_t = _step_backward(dh[:, t], dc[:, t], cache.steps[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return LSTMBPTT(dX=dX, dh0=dh_next, dc0=dc_next, dWx=dWx, dWh=dWh, db=db, dh=dh, dc=dc)


def cell_path_gradient(cache):
    r"""$\prod_{t=1}^{T} f_t$ elementwise: the diagonal of $\partial c_T / \partial c_0$ along the cell path.

    It is the whole Jacobian $\partial c_T / \partial c_0$ when $W_h = 0$, for
    then the gates do not depend on the earlier states.

    Parameters
    ----------
    cache : LSTMCache from `lstm_forward`

    Returns
    -------
    ndarray, shape (N, H)

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = np.zeros((1, 8)), np.zeros((2, 8)), np.zeros(8)
    >>> h0 = c0 = np.zeros((1, 2))
    >>> _, cache = lstm_forward(np.zeros((1, 3, 1)), h0, c0, Wx, Wh, b)
    >>> cell_path_gradient(cache).tolist()  # f = 1/2 at each of 3 steps
    [[0.125, 0.125]]
    """
    return np.prod(cache.f, axis=1)
