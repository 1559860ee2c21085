r"""A vanilla tanh recurrent network: one step and a whole sequence, forward and backward.

$$
h_t = \tanh(x_t W_x + h_{t-1} W_h + b), \qquad t = 1 \dots T .
$$

Backpropagation through time multiplies the gradient by one Jacobian per step,

$$
\frac{\partial h_t}{\partial h_{t-1}} = \mathrm{diag}\bigl(1 - h_t^2\bigr)\, W_h^\top ,
$$

so $\lVert \partial \mathcal{L} / \partial h_t \rVert$ shrinks or grows roughly
geometrically as $t$ moves away from where the loss is read. If the largest
singular value of $W_h$ is below 1, it must vanish, since $|\tanh'| \le 1$
(Pascanu et al., 2013). `rnn_backward` returns that gradient at every step.

Shapes: N sequences in a batch, T time steps, D input features, H hidden units.
``dX`` always means $\partial \mathcal{L} / \partial X$. Used in the chapter "RNNs, LSTM and GRU".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import check_number, check_positive_int, check_rng
from ._recurrent import BPTT, StepGrads, bptt, check_cell, check_sequence, check_state, unroll
from .init import orthogonal


class RNNStepCache(NamedTuple):
    """What `rnn_step_backward` needs from one step."""

    x: np.ndarray
    h_prev: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray
    h: np.ndarray


class RNNCache(NamedTuple):
    """What `rnn_backward` needs: one `RNNStepCache` per time step."""

    steps: list


def rnn_init(D, H, rng, scale=1.0):
    r"""Initial weights of a tanh RNN: $W_x \sim \mathcal N(0, 1/D)$, $W_h$ = ``scale`` × orthogonal, $b = 0$.

    Every singular value of $W_h$ equals ``scale``; below 1 the gradient through
    time must vanish, above 1 it can explode.

    Parameters
    ----------
    D, H : int
    rng : numpy.random.Generator
    scale : float, positive, default 1.0

    Returns
    -------
    Wx : ndarray, shape (D, H)
    Wh : ndarray, shape (H, H)
    b : ndarray, shape (H,)

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = rnn_init(2, 3, np.random.default_rng(0), scale=0.9)
    >>> Wx.shape, round(float(np.linalg.norm(Wh, 2)), 6), b.tolist()
    ((2, 3), 0.9, [0.0, 0.0, 0.0])
    """
    D, H = check_positive_int(D, "D"), check_positive_int(H, "H")
    check_rng(rng)
    scale = check_number(scale, "scale")
    return rng.normal(0.0, np.sqrt(1.0 / D), (D, H)), orthogonal(H, rng, scale), np.zeros(H)


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    r"""One step, $h = \tanh(x W_x + h_{prev} W_h + b)$.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    h_prev : ndarray, shape (N, H)
    Wx : ndarray, shape (D, H)
    Wh : ndarray, shape (H, H)
    b : ndarray, shape (H,)

    Returns
    -------
    h : ndarray, shape (N, H)
    cache : RNNStepCache, for `rnn_step_backward`

    Examples
    --------
    >>> import numpy as np
    >>> x, h_prev = np.ones((2, 3)), np.zeros((2, 4))
    >>> Wx, Wh, b = np.zeros((3, 4)), np.eye(4), np.zeros(4)
    >>> h, cache = rnn_step_forward(x, h_prev, Wx, Wh, b)
    >>> h.shape, float(abs(h).max())
    ((2, 4), 0.0)
    """
    return _step(*check_cell(x, h_prev, Wx, Wh, b, gates=1))


def _step(x, h_prev, Wx, Wh, b):
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, RNNStepCache(x, h_prev, Wx, Wh, h)


def rnn_step_backward(dh, cache):
    r"""Backward pass of `rnn_step_forward`, with $\delta = dh \odot (1 - h^2)$.

    $$
    dx = \delta W_x^\top, \quad dh_{prev} = \delta W_h^\top, \quad
    dW_x = x^\top \delta, \quad dW_h = h_{prev}^\top \delta, \quad db = \textstyle\sum_n \delta_n .
    $$

    Parameters
    ----------
    dh : ndarray, shape (N, H)
        Total gradient $\partial \mathcal{L} / \partial h$ of this step.
    cache : RNNStepCache from `rnn_step_forward`

    Returns
    -------
    StepGrads
        ``dx`` (N, D), ``dh_prev`` (N, H), ``dWx`` (D, H), ``dWh`` (H, H), ``db`` (H,).

    Examples
    --------
    >>> import numpy as np
    >>> x, h_prev = np.ones((1, 2)), np.zeros((1, 2))
    >>> Wx, Wh, b = np.zeros((2, 2)), 0.5 * np.eye(2), np.zeros(2)
    >>> _, cache = rnn_step_forward(x, h_prev, Wx, Wh, b)
    >>> grads = rnn_step_backward(np.ones((1, 2)), cache)
    >>> grads.dh_prev.tolist(), grads.db.tolist()
    ([[0.5, 0.5]], [1.0, 1.0])
    """
    return _step_backward(check_state(dh, "dh", cache.h.shape, "h"), cache)


def _step_backward(dh, cache):
    x, h_prev, Wx, Wh, h = cache
    delta = dh * (1.0 - h * h)  # through tanh: tanh'(a) = 1 - h^2
    return StepGrads(dx=delta @ Wx.T, dh_prev=delta @ Wh.T, dWx=x.T @ delta, dWh=h_prev.T @ delta,
                     db=delta.sum(axis=0))


def rnn_forward(X, h0, Wx, Wh, b):
    """Run the RNN over whole sequences.

    Parameters
    ----------
    X : ndarray, shape (N, T, D)
    h0 : ndarray, shape (N, H)
        Initial hidden state.
    Wx : ndarray, shape (D, H)
    Wh : ndarray, shape (H, H)
    b : ndarray, shape (H,)

    Returns
    -------
    H : ndarray, shape (N, T, H)
        ``H[:, t]`` is $h_{t+1}$: the state after reading ``X[:, t]``.
    cache : RNNCache
        One step cache per time step, for `rnn_backward`.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = rnn_init(2, 3, np.random.default_rng(0))
    >>> H, cache = rnn_forward(np.ones((4, 5, 2)), np.zeros((4, 3)), Wx, Wh, b)
    >>> H.shape, len(cache.steps)
    ((4, 5, 3), 5)
    """
    return _forward(*check_sequence(X, h0, Wx, Wh, b, gates=1))


def _forward(X, h0, Wx, Wh, b):
    H, steps = unroll(_step, X, h0, Wx, Wh, b)
    return H, RNNCache(steps)


def rnn_backward(dH, cache):
    r"""Backpropagation through time for `rnn_forward`.

    The total gradient at step $t$ is what the loss sends to $h_t$ directly
    plus what comes back from step $t + 1$:
    $dh_t = dH_t + \delta_{t+1} W_h^\top$.

    Parameters
    ----------
    dH : ndarray, shape (N, T, H)
        $\partial \mathcal{L} / \partial h_t$ from outside the recurrence (zero where the loss does not read $h_t$).
    cache : RNNCache from `rnn_forward`

    Returns
    -------
    BPTT
        ``dX`` (N, T, D), ``dh0`` (N, H), ``dWx`` (D, H), ``dWh`` (H, H), ``db`` (H,),
        and ``dh`` (N, T, H): the total gradient $\partial \mathcal{L} / \partial h_t$ at every step.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = rnn_init(2, 3, np.random.default_rng(0), scale=0.5)
    >>> H, cache = rnn_forward(np.ones((1, 20, 2)), np.zeros((1, 3)), Wx, Wh, b)
    >>> dH = np.zeros_like(H)
    >>> dH[:, -1] = 1.0  # the loss reads only the last state
    >>> norms = np.linalg.norm(rnn_backward(dH, cache).dh, axis=2)[0]
    >>> bool(norms[0] < 1e-5 * norms[-1])
    True
    """
    N, H = cache.steps[0].h.shape
    return _backward(check_state(dH, "dH", (N, len(cache.steps), H), "the hidden states"), cache)


def _backward(dH, cache) -> BPTT:
    first = cache.steps[0]
    return bptt(dH, cache.steps, _step_backward, first.Wx, first.Wh)
