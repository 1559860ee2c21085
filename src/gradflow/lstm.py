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
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_positive_int, check_rng
from .activations import sigmoid
from .rnn import _check_cell, _check_real, _check_sequence, _check_upstream, orthogonal

GATES = ("i", "f", "o", "g")
"""Order of the four blocks of H columns in ``Wx``, ``Wh`` and ``b``."""


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
    forget_bias = _check_real(forget_bias, "forget_bias")
    Wx = rng.normal(0.0, np.sqrt(1.0 / D), (D, 4 * H))
    Wh = np.hstack([orthogonal(H, rng) for _ in GATES])
    b = np.zeros(4 * H)
    b[H:2 * H] = forget_bias
    return Wx, Wh, b


def _step(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    return o * tanh_c, c, (x, h_prev, c_prev, Wx, Wh, i, f, o, g, tanh_c)


def _step_backward(dh, dc, cache):
    x, h_prev, c_prev, Wx, Wh, i, f, o, g, tanh_c = cache
    dc = dc + dh * o * (1.0 - tanh_c * tanh_c)  # the total gradient at c_t: cell path plus h_t = o tanh(c_t)
    da = np.hstack([dc * g * i * (1.0 - i), dc * c_prev * f * (1.0 - f),
                    dh * tanh_c * o * (1.0 - o), dc * i * (1.0 - g * g)])
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, h_prev.T @ da, da.sum(axis=0), dc


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
    h, c : ndarray, shape (N, H)
    cache : tuple, for `lstm_step_backward`

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = np.zeros((2, 12)), np.zeros((3, 12)), np.zeros(12)
    >>> h, c, _ = lstm_step_forward(np.ones((1, 2)), np.zeros((1, 3)), np.ones((1, 3)), Wx, Wh, b)
    >>> c.tolist()  # f = 0.5 halves the cell, g = 0 adds nothing
    [[0.5, 0.5, 0.5]]
    """
    x, h_prev, Wx, Wh, b = _check_cell(x, h_prev, Wx, Wh, b, gates=4)
    c_prev = as_float_array(c_prev, "c_prev")
    if c_prev.shape != h_prev.shape:
        raise ValueError(f"c_prev must have the shape of h_prev, {h_prev.shape}, got {c_prev.shape}")
    return _step(x, h_prev, c_prev, Wx, Wh, b)


def lstm_step_backward(dh, dc, cache):
    r"""Backward pass of `lstm_step_forward`.

    ``dc`` is the gradient reaching $c_t$ from the next step; the path through
    $h_t = o \odot \tanh(c_t)$ is added here. Then $dc_{prev} = dc \odot f$.

    Parameters
    ----------
    dh : ndarray, shape (N, H)
        Total gradient $\partial L / \partial h_t$.
    dc : ndarray, shape (N, H)
        Gradient reaching $c_t$ from step $t + 1$ (zeros at the last step).
    cache : tuple from `lstm_step_forward`

    Returns
    -------
    dx : ndarray, shape (N, D)
    dh_prev, dc_prev : ndarray, shape (N, H)
    dWx : ndarray, shape (D, 4H)
    dWh : ndarray, shape (H, 4H)
    db : ndarray, shape (4H,)

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = np.zeros((2, 12)), np.zeros((3, 12)), np.zeros(12)
    >>> _, _, cache = lstm_step_forward(np.ones((1, 2)), np.zeros((1, 3)), np.ones((1, 3)), Wx, Wh, b)
    >>> dx, dh_prev, dc_prev, dWx, dWh, db = lstm_step_backward(np.zeros((1, 3)), np.ones((1, 3)), cache)
    >>> dc_prev.tolist()  # times f = 0.5
    [[0.5, 0.5, 0.5]]
    """
    shape = cache[1].shape
    dh, dc = as_float_array(dh, "dh"), as_float_array(dc, "dc")
    for name, arr in (("dh", dh), ("dc", dc)):
        if arr.shape != shape:
            raise ValueError(f"{name} must have the shape of the state, {shape}, got {arr.shape}")
    return _step_backward(dh, dc, cache)[:6]


def lstm_forward(X, h0, Wx, Wh, b, c0=None):
    """Run the LSTM over whole sequences.

    The inputs' share of every gate at every step, $X W_x + b$, is one matrix product before
    the loop; only $h_{t-1} W_h$ has to wait for the previous step.

    Parameters
    ----------
    X : ndarray, shape (N, T, D)
    h0 : ndarray, shape (N, H)
    Wx : ndarray, shape (D, 4H)
    Wh : ndarray, shape (H, 4H)
    b : ndarray, shape (4H,)
    c0 : ndarray, shape (N, H), or None for zeros

    Returns
    -------
    H : ndarray, shape (N, T, H)
        ``H[:, t]`` is the hidden state after reading ``X[:, t]``.
    cache : dict
        For `lstm_backward`, and for inspection: ``"c"`` (N, T, H), the cell states;
        ``"gates"`` (N, T, 4H), the activated gates i, f, o, g of every step; and ``"f"``
        (N, T, H), the forget-gate activations (a view into ``"gates"``).

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = lstm_init(2, 3, np.random.default_rng(0))
    >>> H, cache = lstm_forward(np.ones((4, 5, 2)), np.zeros((4, 3)), Wx, Wh, b)
    >>> H.shape, cache["c"].shape, bool(np.all((0 < cache["f"]) & (cache["f"] < 1)))
    ((4, 5, 3), (4, 5, 3), True)
    """
    X, h, Wx, Wh, b = _check_sequence(X, h0, Wx, Wh, b, gates=4)
    if c0 is None:
        c = np.zeros_like(h)
    else:
        c = as_float_array(c0, "c0")
        if c.shape != h.shape:
            raise ValueError(f"c0 must have the shape of h0, {h.shape}, got {c.shape}")
    N, T, D = X.shape
    H = h.shape[1]
    dtype = np.result_type(X, h, c, Wx, Wh, b)
    h0, c0 = h, c
    # sigmoid(a) = (1 + tanh(a/2)) / 2: with the i, f, o columns of the weights halved, one tanh
    # over all four blocks gives every gate, and the loop makes no temporary arrays.
    half = np.ones(4 * H, dtype)
    half[:3 * H] = 0.5
    Wh_half = (Wh * half).astype(dtype, copy=False)
    gates = (X.reshape(N * T, D) @ (Wx * half)).reshape(N, T, 4 * H).astype(dtype, copy=False)
    gates += b * half
    states, cells, tanh_c = (np.empty((N, T, H), dtype) for _ in range(3))
    recurrent, ig = np.empty((N, 4 * H), dtype), np.empty((N, H), dtype)
    for t in range(T):
        a = gates[:, t]  # pre-activations in, activated gates out: the cache keeps them
        a += np.matmul(h, Wh_half, out=recurrent)
        np.tanh(a, out=a)
        a[:, :3 * H] *= 0.5
        a[:, :3 * H] += 0.5
        i, f, o, g = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
        c = np.multiply(f, cells[:, t - 1] if t else c0, out=cells[:, t])
        c += np.multiply(i, g, out=ig)
        h = np.multiply(o, np.tanh(c, out=tanh_c[:, t]), out=states[:, t])
    cache = {"X": X, "h0": h0, "c0": c0, "Wx": Wx, "Wh": Wh, "gates": gates, "c": cells,
             "tanh_c": tanh_c, "H": states, "f": gates[:, :, H:2 * H]}
    return states, cache


def lstm_backward(dH, cache):
    """Backpropagation through time for `lstm_forward`.

    The loop carries only what depends on the next step, $dh_{t-1} = da_t W_h^\\top$ and
    $dc_{t-1} = dc_t \\odot f_t$; the weight gradients and ``dX`` are then one matrix product
    each over all steps.

    Parameters
    ----------
    dH : ndarray, shape (N, T, H)
        $\\partial L / \\partial h_t$ from outside the recurrence.
    cache : dict from `lstm_forward`

    Returns
    -------
    dict
        ``dX`` (N, T, D), ``dh0`` (N, H), ``dc0`` (N, H), ``dWx`` (D, 4H), ``dWh`` (H, 4H),
        ``db`` (4H,), and the total gradients at every step: ``dh`` (N, T, H),
        $\\partial L / \\partial h_t$, and ``dc`` (N, T, H), $\\partial L / \\partial c_t$.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = lstm_init(2, 3, np.random.default_rng(0))
    >>> H, cache = lstm_forward(np.ones((2, 6, 2)), np.zeros((2, 3)), Wx, Wh, b)
    >>> grads = lstm_backward(np.ones_like(H), cache)
    >>> grads["dX"].shape, grads["dc"].shape, grads["dWh"].shape
    ((2, 6, 2), (2, 6, 3), (3, 12))
    """
    X, Wx, Wh, gates, cells, tanh_c = (cache[k] for k in ("X", "Wx", "Wh", "gates", "c", "tanh_c"))
    N, T, H = cells.shape
    dH = _check_upstream(dH, (N, T, H))
    dtype = np.result_type(gates, dH)
    i, f, o, g = gates[..., :H], gates[..., H:2 * H], gates[..., 2 * H:3 * H], gates[..., 3 * H:]
    c_prev = np.concatenate([cache["c0"][:, None], cells[:, :-1]], axis=1)
    # Every factor that does not depend on the gradient flowing back is computed for all steps at
    # once; the loop then does a handful of products a step.
    to_c = o * (1.0 - tanh_c * tanh_c)  # dc_t from dh_t, through h_t = o tanh(c_t)
    to_o = tanh_c * o * (1.0 - o)  # da_o from dh_t
    to_ifg = np.stack([g * i * (1.0 - i), c_prev * f * (1.0 - f), i * (1.0 - g * g)], axis=2)  # from dc_t
    dgates = np.empty((N, T, 4 * H), dtype)
    dh, dc = np.empty((N, T, H), dtype), np.empty((N, T, H), dtype)
    dh_next, dc_next = np.zeros((N, H), dtype), np.zeros((N, H), dtype)
    ifg = np.empty((N, 3, H), dtype)
    for t in reversed(range(T)):
        dh_t = np.add(dH[:, t], dh_next, out=dh[:, t])
        # The total gradient at c_t: from step t + 1 along the cell path, plus h_t = o tanh(c_t).
        dc_t = np.multiply(dh_t, to_c[:, t], out=dc[:, t])
        dc_t += dc_next
        da = dgates[:, t]
        np.multiply(dc_t[:, None], to_ifg[:, t], out=ifg)
        da[:, :2 * H] = ifg[:, :2].reshape(N, 2 * H)
        da[:, 3 * H:] = ifg[:, 2]
        np.multiply(dh_t, to_o[:, t], out=da[:, 2 * H:3 * H])
        dh_next = da @ Wh.T
        dc_next = dc_t * f[:, t]
    flat = dgates.reshape(N * T, 4 * H)
    previous = np.concatenate([cache["h0"][:, None], cache["H"][:, :-1]], axis=1).reshape(N * T, H)
    return {"dX": (flat @ Wx.T).reshape(N, T, -1), "dh0": dh_next, "dc0": dc_next,
            "dWx": X.reshape(N * T, -1).T @ flat, "dWh": previous.T @ flat, "db": flat.sum(axis=0),
            "dh": dh, "dc": dc}


def cell_path_gradient(cache):
    r"""$\prod_{t=1}^{T} f_t$ elementwise: the diagonal of $\partial c_T / \partial c_0$ along the cell path.

    It is the whole Jacobian $\partial c_T / \partial c_0$ when $W_h = 0$, for
    then the gates do not depend on the earlier states.

    Parameters
    ----------
    cache : dict from `lstm_forward`

    Returns
    -------
    ndarray, shape (N, H)

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = np.zeros((1, 8)), np.zeros((2, 8)), np.zeros(8)
    >>> _, cache = lstm_forward(np.zeros((1, 3, 1)), np.zeros((1, 2)), Wx, Wh, b)
    >>> cell_path_gradient(cache).tolist()  # f = 1/2 at each of 3 steps
    [[0.125, 0.125]]
    """
    return np.prod(cache["f"], axis=1)
