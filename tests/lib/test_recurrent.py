"""What the three recurrent cells share, checked once for each: every gradient against finite differences.

A step's backward returns the gradients of its inputs in the forward's order (x, the previous
state or states, Wx, Wh, b), and so does a sequence's (X, the initial state or states, Wx, Wh,
b), followed by the total gradient at every step.
"""

from __future__ import annotations

import numpy as np
import pytest

from gradflow import gru, lstm, rnn
from gradflow.gradcheck import numerical_gradient_array, rel_error

N, T, D, H = 2, 4, 3, 3
CELLS = {
    "rnn": (rnn, 1, 1),  # module, gate blocks, state vectors
    "gru": (gru, 3, 1),
    "lstm": (lstm, 4, 2),
}


def not_tiny(*arrays, floor=1e-4):
    """Entries near 0 cannot be checked to a relative 1e-6 by centred differences; refuse such problems."""
    entries = np.concatenate([np.ravel(a) for a in arrays])
    assert np.abs(entries).min() > floor, "ill-conditioned problem: pick another seed"


class Cell:
    """One cell's functions and a small random problem: inputs, states, weights and upstream gradients."""

    def __init__(self, name, seed=0):
        module, gates, self.states = CELLS[name]
        self.name = name
        self.step_forward = getattr(module, f"{name}_step_forward")
        self.step_backward = getattr(module, f"{name}_step_backward")
        self.forward = getattr(module, f"{name}_forward")
        self.backward = getattr(module, f"{name}_backward")
        rng = np.random.default_rng(seed)
        self.X = rng.normal(size=(N, T, D))
        h0 = rng.normal(size=(N, H))
        self.weights = [0.7 * rng.normal(size=(D, gates * H)), 0.5 * rng.normal(size=(H, gates * H)),
                        0.3 * rng.normal(size=gates * H)]
        self.state0 = [h0] + [rng.normal(size=(N, H)) for _ in range(self.states - 1)]  # and c0
        self.dH = rng.normal(size=(N, T, H))
        self.dc = rng.normal(size=(N, H))  # what reaches an LSTM step's cell state from the next step

    def step_loss(self, out, dh):
        """The loss whose gradient a step's backward returns: sum(h * dh), plus sum(c * dc) for the LSTM."""
        if self.states == 1:
            return np.sum(out * dh)
        h, c = out
        return np.sum(h * dh) + np.sum(c * self.dc)

    def upstream(self, dh):
        return dh if self.states == 1 else (dh, self.dc)


@pytest.fixture(params=sorted(CELLS))
def cell(request):
    return Cell(request.param)


def test_step_backward_matches_finite_differences(cell):
    x, dh = cell.X[:, 0].copy(), cell.dH[:, 0]  # a copy: the finite differences perturb x in place
    inputs = [x, *cell.state0, *cell.weights]
    grads = cell.step_backward(cell.upstream(dh), cell.step_forward(*inputs)[1])
    assert len(grads) == len(inputs), "one gradient per input of the forward, in its order"
    not_tiny(*grads)
    for i, (arr, g) in enumerate(zip(inputs, grads)):
        def loss(v, i=i):
            args = list(inputs)
            args[i] = v
            return cell.step_loss(cell.step_forward(*args)[0], dh)
        assert rel_error(g, numerical_gradient_array(loss, arr, np.array(1.0))) < 1e-6, grads._fields[i]


def test_sequence_backward_matches_finite_differences(cell):
    inputs = [cell.X, *cell.state0, *cell.weights]
    grads = cell.backward(cell.dH, cell.forward(*inputs)[1])
    checked = grads[:len(inputs)]  # then the total gradients at every step
    not_tiny(*checked)
    for i, g in enumerate(checked):
        def run(v, i=i):
            args = list(inputs)
            args[i] = v
            return cell.forward(*args)[0]
        assert rel_error(g, numerical_gradient_array(run, inputs[i], cell.dH)) < 1e-6, grads._fields[i]


def test_dh_is_the_total_gradient_at_every_step(cell):
    H_all, cache = cell.forward(cell.X, *cell.state0, *cell.weights)
    dh = cell.backward(cell.dH, cache).dh
    assert dh.shape == (N, T, H)
    np.testing.assert_array_equal(dh[:, -1], cell.dH[:, -1])
    for t in range(T - 1):
        later = [cache.c[:, t]] if cell.states == 2 else []  # the cell state stays as it is

        # The loss as a function of h_t: its direct term plus everything the rest of the sequence does with it.
        def loss_from(h_t, t=t, later=later):
            rest = cell.forward(cell.X[:, t + 1:], h_t, *later, *cell.weights)[0]
            return np.sum(h_t * cell.dH[:, t]) + np.sum(rest * cell.dH[:, t + 1:])
        assert rel_error(dh[:, t], numerical_gradient_array(loss_from, H_all[:, t].copy(), np.array(1.0))) < 1e-6


def test_forward_is_a_loop_of_steps(cell):
    H_all, _ = cell.forward(cell.X, *cell.state0, *cell.weights)
    state = cell.state0
    for t in range(T):
        out, _ = cell.step_forward(cell.X[:, t], *state, *cell.weights)
        state = [out] if cell.states == 1 else list(out)
        np.testing.assert_array_equal(H_all[:, t], state[0])


def test_float32_stays_float32_through_time(cell):
    inputs = [a.astype(np.float32) for a in (cell.X, *cell.state0, *cell.weights)]
    H_all, cache = cell.forward(*inputs)
    grads = cell.backward(np.ones_like(H_all), cache)
    assert H_all.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)
