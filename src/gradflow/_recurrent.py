"""What the recurrent cells share: their input checks, and the backprop-through-time loop of the
cells whose state is one vector (`gradflow.rnn` and `gradflow.gru`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._checks import as_float_array, check_matrix


class StepGrads(NamedTuple):
    """Gradients of one step of a cell with one state vector: input, previous state, then weights."""

    dx: np.ndarray
    dh_prev: np.ndarray
    dWx: np.ndarray
    dWh: np.ndarray
    db: np.ndarray


class BPTT(NamedTuple):
    """Backpropagation through time of a whole sequence, for a cell with one state vector.

    Input gradients first (``dX``, ``dh0``), then the weights' in the forward's order, then ``dh``
    (N, T, H): the total gradient $\\partial \\mathcal{L} / \\partial h_t$ at every step.
    """

    dX: np.ndarray
    dh0: np.ndarray
    dWx: np.ndarray
    dWh: np.ndarray
    db: np.ndarray
    dh: np.ndarray


def check_cell(x, h_prev, Wx, Wh, b, gates: int, x_name: str = "x", h_name: str = "h_prev"):
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


def check_sequence(X, h0, Wx, Wh, b, gates: int):
    """Check a batch of sequences (N, T, D) and an initial state; return them with the weights as arrays."""
    X = as_float_array(X, "X")
    if X.ndim != 3 or 0 in X.shape:
        raise ValueError(f"X must be a non-empty 3-D array of shape (N, T, D), got shape {X.shape}")
    _, h0, Wx, Wh, b = check_cell(X[:, 0], h0, Wx, Wh, b, gates, x_name="X[:, t]", h_name="h0")
    return X, h0, Wx, Wh, b


def check_state(value, name: str, shape, like: str) -> np.ndarray:
    """A state, or a state's gradient, that must have the shape of ``like``, as a float array."""
    value = as_float_array(value, name)
    if value.shape != tuple(shape):
        raise ValueError(f"{name} must have the shape of {like}, {tuple(shape)}, got {value.shape}")
    return value


def unroll(step, X, h0, *weights):
    """Run ``step(x, h_prev, *weights) -> (h, cache)`` over the T steps of X (N, T, D).

    Returns the states (N, T, H), ``H[:, t]`` being the state after reading ``X[:, t]``, and the
    step caches.
    """
    h, states, steps = h0, [], []
    for t in range(X.shape[1]):
        h, cache = step(X[:, t], h, *weights)
        states.append(h)
        steps.append(cache)
    return np.stack(states, axis=1), steps


def bptt(dH, steps, step_backward, Wx, Wh) -> BPTT:
    """Walk the step caches backwards, adding up the weight gradients.

    ``step_backward(dh, cache)`` returns a `StepGrads`. At step t the total gradient is what the
    loss sends to $h_t$ directly plus what comes back from step t + 1.
    """
    N, T, H = dH.shape
    dtype = np.result_type(dH, Wx, Wh)  # float32 in, float32 through: no silent float64 copies
    dX = np.zeros((N, T, Wx.shape[0]), dtype)
    dh = np.zeros_like(dH, dtype=dtype)
    dWx, dWh, db = np.zeros_like(Wx, dtype=dtype), np.zeros_like(Wh, dtype=dtype), np.zeros(Wh.shape[1], dtype)
    dh_next = np.zeros((N, H), dtype)
    for t in reversed(range(T)):
        dh[:, t] = dH[:, t] + dh_next
        dX[:, t], dh_next, dWx_t, dWh_t, db_t = step_backward(dh[:, t], steps[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return BPTT(dX=dX, dh0=dh_next, dWx=dWx, dWh=dWh, db=db, dh=dh)
