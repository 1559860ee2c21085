"""The vanilla tanh RNN: its step, and a gradient that vanishes through time when W_h contracts.

The finite-difference checks shared by the three cells are in test_recurrent.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.init import orthogonal
from gradflow.rnn import rnn_backward, rnn_forward, rnn_init, rnn_step_forward


def test_step_forward_is_tanh_of_the_affine_map():
    rng = np.random.default_rng(0)
    x, h0, Wx, Wh, b = rng.normal(size=(2, 3)), rng.normal(size=(2, 3)), rng.normal(size=(3, 3)), \
        rng.normal(size=(3, 3)), rng.normal(size=3)
    h, _ = rnn_step_forward(x, h0, Wx, Wh, b)
    np.testing.assert_allclose(h, np.tanh(x @ Wx + h0 @ Wh + b), rtol=1e-14)


@pytest.mark.parametrize("scale", [0.5, 0.9])
def test_gradient_vanishes_at_least_geometrically_when_wh_is_contracting(scale):
    rng = np.random.default_rng(1)
    steps, hidden = 30, 8
    Wx, Wh, b = rnn_init(2, hidden, rng, scale=scale)
    H_all, cache = rnn_forward(rng.normal(size=(3, steps, 2)), np.zeros((3, hidden)), Wx, Wh, b)
    dH = np.zeros_like(H_all)
    dH[:, -1] = rng.normal(size=(3, hidden))
    norms = np.linalg.norm(rnn_backward(dH, cache).dh, axis=2)
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
