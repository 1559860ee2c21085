r"""A vanilla tanh recurrent network: one step and a whole sequence, forward and backward.

$$
h_t = \tanh(x_t W_x + h_{t-1} W_h + b), \qquad t = 1 \dots T .
$$

Backpropagation through time multiplies the gradient by one Jacobian per step,

$$
\frac{\partial h_t}{\partial h_{t-1}} = \mathrm{diag}\bigl(1 - h_t^2\bigr)\, W_h^\top ,
$$

so $\lVert \partial L / \partial h_t \rVert$ shrinks or grows roughly
geometrically as $t$ moves away from where the loss is read. If the largest
singular value of $W_h$ is below 1, it must vanish, since $|\tanh'| \le 1$
(Pascanu et al., 2013). `rnn_backward` returns that gradient at every step.

Shapes: N sequences in a batch, T time steps, D input features, H hidden units.
``dX`` always means $\partial L / \partial X$.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_matrix, check_number, check_positive_int, check_rng


def _check_cell(x, h_prev, Wx, Wh, b, gates: int, x_name: str = "x", h_name: str = "h_prev"):
    """Check one step's input and state and the stacked weights of a cell with ``gates`` blocks of H columns."""
    Wh = check_matrix(Wh, "Wh")
    H = Wh.shape[0]
    cols = "H" if gates == 1 else f"{gates}H"
    if Wh.shape != (H, gates * H):
        raise ValueError(f"Wh must have shape (H, {cols}) = ({H}, {gates * H}) for H = {H} rows, got {Wh.shape}")
    Wx = check_matrix(Wx, "Wx")
    if Wx.shape[1] != gates * H:
        raise ValueError(f"Wx must have shape (D, {cols}) with {gates * H} columns to match Wh {Wh.shape}, "
                         f"got {Wx.shape}")
    b = as_float_array(b, "b")
    if b.shape != (gates * H,):
        raise ValueError(f"b must have shape ({gates * H},) to match Wh {Wh.shape}, got {b.shape}")
    x = as_float_array(x, x_name)
    if x.ndim != 2 or x.shape[1] != Wx.shape[0]:
        raise ValueError(f"{x_name} must have shape (N, {Wx.shape[0]}) to match Wx {Wx.shape}, got {x.shape}")
    h_prev = as_float_array(h_prev, h_name)
    if h_prev.shape != (x.shape[0], H):
        raise ValueError(f"{h_name} must have shape ({x.shape[0]}, {H}): one state of H = {H} per example, "
                         f"got {h_prev.shape}")
    return x, h_prev, Wx, Wh, b


def _check_sequence(X, h0, Wx, Wh, b, gates: int):
    """Check a batch of sequences (N, T, D) and an initial state; return them with the weights as arrays."""
    X = as_float_array(X, "X")
    if X.ndim != 3 or 0 in X.shape:
        raise ValueError(f"X must be a non-empty 3-D array of shape (N, T, D), got shape {X.shape}")
    _, h0, Wx, Wh, b = _check_cell(X[:, 0], h0, Wx, Wh, b, gates, x_name="X[:, t]", h_name="h0")
    return X, h0, Wx, Wh, b


def _check_real(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number of any sign."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _check_upstream(dH, shape):
    dH = as_float_array(dH, "dH")
    if dH.shape != shape:
        raise ValueError(f"dH must have the shape of the hidden states, {shape}, got {dH.shape}")
    return dH


def orthogonal(n, rng, scale=1.0):
    r"""A random $n \times n$ orthogonal matrix times ``scale``: every singular value equals ``scale``.

    Drawn as the Q of the QR decomposition of a Gaussian matrix, with signs fixed
    so that Q is uniformly distributed (Mezzadri, 2007).

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator
    scale : float, positive

    Returns
    -------
    ndarray, shape (n, n)

    Examples
    --------
    >>> import numpy as np
    >>> Q = orthogonal(4, np.random.default_rng(0), scale=0.5)
    >>> np.linalg.svd(Q, compute_uv=False).round(12).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    n = check_positive_int(n, "n")
    check_rng(rng)
    scale = check_number(scale, "scale")
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return scale * q * np.where(np.diag(r) < 0, -1.0, 1.0)


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
    return rng.normal(0.0, np.sqrt(1.0 / D), (D, H)), orthogonal(H, rng, scale), np.zeros(H)


def _step(x, h_prev, Wx, Wh, b):
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, Wx, Wh, h)


def _step_backward(dh, cache):
    x, h_prev, Wx, Wh, h = cache
    da = dh * (1.0 - h * h)
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def _unroll(step, X, h, *weights):
    """Run ``step`` over the T steps of X (N, T, D): the states (N, T, H) and the step caches."""
    states, steps = [], []
    for t in range(X.shape[1]):
        h, cache = step(X[:, t], h, *weights)
        states.append(h)
        steps.append(cache)
    return np.stack(states, axis=1), steps


def _bptt(dH, steps, step_backward, Wx, Wh):
    """Walk the step caches backwards, adding up the weight gradients (the RNN's and the GRU's loop).

    ``step_backward(dh, cache)`` returns ``(dx, dh_prev, dWx, dWh, db)``.
    """
    N, T, H = dH.shape
    dtype = np.result_type(dH, Wx, Wh)  # float32 in, float32 through: no silent float64 copies
    dX = np.zeros((N, T, Wx.shape[0]), dtype)
    dh = np.zeros_like(dH, dtype=dtype)
    dWx, dWh, db = np.zeros_like(Wx, dtype=dtype), np.zeros_like(Wh, dtype=dtype), np.zeros(Wh.shape[1], dtype)
    dh_next = np.zeros((N, H), dtype)
    for t in reversed(range(T)):
        # What the loss sends to h_t directly, plus what comes back from step t + 1.
        dh[:, t] = dH[:, t] + dh_next
        dX[:, t], dh_next, dWx_t, dWh_t, db_t = step_backward(dh[:, t], steps[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return {"dX": dX, "dh0": dh_next, "dWx": dWx, "dWh": dWh, "db": db, "dh": dh}


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
    cache : tuple, for `rnn_step_backward`

    Examples
    --------
    >>> import numpy as np
    >>> h, cache = rnn_step_forward(np.ones((2, 3)), np.zeros((2, 4)), np.zeros((3, 4)), np.eye(4), np.zeros(4))
    >>> h.shape, float(abs(h).max())
    ((2, 4), 0.0)
    """
    return _step(*_check_cell(x, h_prev, Wx, Wh, b, gates=1))


def rnn_step_backward(dh, cache):
    r"""Backward pass of `rnn_step_forward`, with $\delta = dh \odot (1 - h^2)$.

    $$
    dx = \delta W_x^\top, \quad dh_{prev} = \delta W_h^\top, \quad
    dW_x = x^\top \delta, \quad dW_h = h_{prev}^\top \delta, \quad db = \textstyle\sum_n \delta_n .
    $$

    Parameters
    ----------
    dh : ndarray, shape (N, H)
        Total gradient $\partial L / \partial h$ of this step.
    cache : tuple from `rnn_step_forward`

    Returns
    -------
    dx : ndarray, shape (N, D)
    dh_prev : ndarray, shape (N, H)
    dWx : ndarray, shape (D, H)
    dWh : ndarray, shape (H, H)
    db : ndarray, shape (H,)

    Examples
    --------
    >>> import numpy as np
    >>> _, cache = rnn_step_forward(np.ones((1, 2)), np.zeros((1, 2)), np.zeros((2, 2)), 0.5 * np.eye(2), np.zeros(2))
    >>> dx, dh_prev, dWx, dWh, db = rnn_step_backward(np.ones((1, 2)), cache)
    >>> dh_prev.tolist(), db.tolist()
    ([[0.5, 0.5]], [1.0, 1.0])
    """
    dh = as_float_array(dh, "dh")
    if dh.shape != cache[-1].shape:
        raise ValueError(f"dh must have the shape of h, {cache[-1].shape}, got {dh.shape}")
    return _step_backward(dh, cache)


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
    cache : dict
        ``"steps"``: one step cache per time step, for `rnn_backward`.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = rnn_init(2, 3, np.random.default_rng(0))
    >>> H, cache = rnn_forward(np.ones((4, 5, 2)), np.zeros((4, 3)), Wx, Wh, b)
    >>> H.shape, len(cache["steps"])
    ((4, 5, 3), 5)
    """
    X, h, Wx, Wh, b = _check_sequence(X, h0, Wx, Wh, b, gates=1)
    H, steps = _unroll(_step, X, h, Wx, Wh, b)
    return H, {"steps": steps}


def rnn_backward(dH, cache):
    r"""Backpropagation through time for `rnn_forward`.

    The total gradient at step $t$ is what the loss sends to $h_t$ directly
    plus what comes back from step $t + 1$:
    $dh_t = dH_t + \delta_{t+1} W_h^\top$.

    Parameters
    ----------
    dH : ndarray, shape (N, T, H)
        $\partial L / \partial h_t$ from outside the recurrence (zero where the loss does not read $h_t$).
    cache : dict from `rnn_forward`

    Returns
    -------
    dict
        ``dX`` (N, T, D), ``dh0`` (N, H), ``dWx`` (D, H), ``dWh`` (H, H), ``db`` (H,),
        and ``dh`` (N, T, H): the total gradient $\partial L / \partial h_t$ at every step.

    Examples
    --------
    >>> import numpy as np
    >>> Wx, Wh, b = rnn_init(2, 3, np.random.default_rng(0), scale=0.5)
    >>> H, cache = rnn_forward(np.ones((1, 20, 2)), np.zeros((1, 3)), Wx, Wh, b)
    >>> dH = np.zeros_like(H)
    >>> dH[:, -1] = 1.0  # the loss reads only the last state
    >>> norms = np.linalg.norm(rnn_backward(dH, cache)["dh"], axis=2)[0]
    >>> bool(norms[0] < 1e-5 * norms[-1])
    True
    """
    steps = cache["steps"]
    N, H = steps[0][-1].shape
    dH = _check_upstream(dH, (N, len(steps), H))
    _, _, Wx, Wh, _ = steps[0]
    return _bptt(dH, steps, _step_backward, Wx, Wh)
