"""The vanilla tanh RNN: steps and whole sequences against finite differences, and vanishing through time."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.gradcheck import numerical_gradient_array, rel_error
from gradflow.rnn import (orthogonal, rnn_backward, rnn_forward, rnn_init, rnn_step_backward,
                          rnn_step_forward)

N, T, D, H = 2, 4, 3, 3


def not_tiny(*arrays, floor=1e-4):
    """Entries near 0 cannot be checked to a relative 1e-6 by centred differences; refuse such problems."""
    entries = np.concatenate([np.ravel(a) for a in arrays])
    assert np.abs(entries).min() > floor, "ill-conditioned problem: pick another seed"


def problem(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, T, D)), rng.normal(size=(N, H)), 0.7 * rng.normal(size=(D, H)),
            0.5 * rng.normal(size=(H, H)), 0.3 * rng.normal(size=H), rng.normal(size=(N, T, H)))


def test_step_forward_is_tanh_of_the_affine_map():
    X, h0, Wx, Wh, b, _ = problem()
    h, _ = rnn_step_forward(X[:, 0], h0, Wx, Wh, b)
    np.testing.assert_allclose(h, np.tanh(X[:, 0] @ Wx + h0 @ Wh + b), rtol=1e-14)


def test_step_backward_matches_finite_differences():
    X, h0, Wx, Wh, b, dH = problem()
    x, dh = X[:, 0].copy(), dH[:, 0]  # a copy: the finite differences perturb x in place
    grads = rnn_step_backward(dh, rnn_step_forward(x, h0, Wx, Wh, b)[1])
    not_tiny(*grads)
    inputs = [x, h0, Wx, Wh, b]
    for i, (arr, g) in enumerate(zip(inputs, grads)):
        def step(v, i=i):
            args = list(inputs)
            args[i] = v
            return rnn_step_forward(*args)[0]
        assert rel_error(g, numerical_gradient_array(step, arr, dh)) < 1e-6, i


def test_sequence_backward_matches_finite_differences():
    X, h0, Wx, Wh, b, dH = problem()
    grads = rnn_backward(dH, rnn_forward(X, h0, Wx, Wh, b)[1])
    names = ["dX", "dh0", "dWx", "dWh", "db"]
    not_tiny(*(grads[k] for k in names))
    inputs = [X, h0, Wx, Wh, b]
    for i, name in enumerate(names):
        def run(v, i=i):
            args = list(inputs)
            args[i] = v
            return rnn_forward(*args)[0]
        assert rel_error(grads[name], numerical_gradient_array(run, inputs[i], dH)) < 1e-6, name


def test_dh_is_the_total_gradient_at_every_step():
    X, h0, Wx, Wh, b, dH = problem()
    H_all, cache = rnn_forward(X, h0, Wx, Wh, b)
    dh = rnn_backward(dH, cache)["dh"]
    assert dh.shape == (N, T, H)
    np.testing.assert_array_equal(dh[:, -1], dH[:, -1])
    for t in range(T - 1):
        # The loss as a function of h_t: its direct term plus everything the rest of the sequence does with it.
        def loss_from(h_t, t=t):
            return np.sum(h_t * dH[:, t]) + np.sum(rnn_forward(X[:, t + 1:], h_t, Wx, Wh, b)[0] * dH[:, t + 1:])
        assert rel_error(dh[:, t], numerical_gradient_array(loss_from, H_all[:, t].copy(), np.array(1.0))) < 1e-6


def test_forward_matches_a_loop_of_steps():
    X, h0, Wx, Wh, b, _ = problem()
    H_all, _ = rnn_forward(X, h0, Wx, Wh, b)
    h = h0
    for t in range(T):
        h, _ = rnn_step_forward(X[:, t], h, Wx, Wh, b)
        np.testing.assert_array_equal(H_all[:, t], h)


@pytest.mark.parametrize("scale", [0.5, 0.9])
def test_gradient_vanishes_at_least_geometrically_when_wh_is_contracting(scale):
    rng = np.random.default_rng(1)
    steps, hidden = 30, 8
    Wx, Wh, b = rnn_init(2, hidden, rng, scale=scale)
    H_all, cache = rnn_forward(rng.normal(size=(3, steps, 2)), np.zeros((3, hidden)), Wx, Wh, b)
    dH = np.zeros_like(H_all)
    dH[:, -1] = rng.normal(size=(3, hidden))
    norms = np.linalg.norm(rnn_backward(dH, cache)["dh"], axis=2)
    # |tanh'| <= 1 and every singular value of Wh is `scale`, so each step back multiplies the norm by <= scale.
    bound = scale ** np.arange(steps - 1, -1, -1) * norms[:, -1:]
    assert np.all(norms <= bound * (1 + 1e-12))
    assert np.all(norms[:, 0] < 0.5 * norms[:, -1])


def test_init_and_orthogonal():
    Wx, Wh, b = rnn_init(3, 5, np.random.default_rng(0), scale=1.3)
    assert Wx.shape == (3, 5) and Wh.shape == (5, 5) and np.all(b == 0)
    np.testing.assert_allclose(np.linalg.svd(Wh, compute_uv=False), 1.3, rtol=1e-12)
    Q = orthogonal(6, np.random.default_rng(2))
    np.testing.assert_allclose(Q @ Q.T, np.eye(6), atol=1e-12)
    assert np.array_equal(Q, orthogonal(6, np.random.default_rng(2)))
