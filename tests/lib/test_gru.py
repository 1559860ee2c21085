"""The GRU: Cho et al.'s convention, and an update gate that carries the state.

The finite-difference checks shared by the three cells are in test_recurrent.py.
"""

from __future__ import annotations

import numpy as np

from gradflow.activations import sigmoid
from gradflow.gru import gru_backward, gru_forward, gru_init, gru_step_forward

N, T, D, H = 2, 4, 3, 3


def problem(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, T, D)), rng.normal(size=(N, H)), 0.7 * rng.normal(size=(D, 3 * H)),
            0.5 * rng.normal(size=(H, 3 * H)), 0.3 * rng.normal(size=3 * H), rng.normal(size=(N, T, H)))


def test_step_forward_follows_cho_et_al_with_the_reset_before_the_product():
    X, h0, Wx, Wh, b, _ = problem()
    x = X[:, 0]
    h, _ = gru_step_forward(x, h0, Wx, Wh, b)
    z = sigmoid(x @ Wx[:, :H] + h0 @ Wh[:, :H] + b[:H])
    r = sigmoid(x @ Wx[:, H:2 * H] + h0 @ Wh[:, H:2 * H] + b[H:2 * H])
    candidate = np.tanh(x @ Wx[:, 2 * H:] + (r * h0) @ Wh[:, 2 * H:] + b[2 * H:])
    np.testing.assert_allclose(h, z * h0 + (1 - z) * candidate, rtol=1e-13)
    # PyTorch's variant, r * (h0 @ Wh_h), is a different function of the same weights.
    torch_like = np.tanh(x @ Wx[:, 2 * H:] + r * (h0 @ Wh[:, 2 * H:]) + b[2 * H:])
    assert not np.allclose(h, z * h0 + (1 - z) * torch_like)


def test_update_gate_near_one_carries_state_and_gradient_unchanged():
    rng = np.random.default_rng(4)
    Wx, Wh, b = gru_init(2, 3, rng, update_bias=40.0)  # z = sigmoid(40 + ...) = 1 to double precision
    X, h0 = rng.normal(size=(2, 6, 2)), rng.normal(size=(2, 3))
    H_all, cache = gru_forward(X, h0, Wx, Wh, b)
    np.testing.assert_allclose(H_all[:, -1], h0, rtol=1e-12)
    dH = np.zeros_like(H_all)
    dH[:, -1] = 1.0
    np.testing.assert_allclose(gru_backward(dH, cache).dh0, 1.0, rtol=1e-12)
    assert cache.z.shape == (2, 6, 3)


def test_init_shapes():
    Wx, Wh, b = gru_init(3, 4, np.random.default_rng(0))
    assert Wx.shape == (3, 12) and Wh.shape == (4, 12) and np.all(b == 0)
    for gate in range(3):
        block = Wh[:, 4 * gate:4 * gate + 4]
        np.testing.assert_allclose(block @ block.T, np.eye(4), atol=1e-12)
