"""The LSTM: its gates, the total gradient at the cell state, and the cell path's product of forget gates.

The finite-difference checks shared by the three cells are in test_recurrent.py.
"""

from __future__ import annotations

import numpy as np

from gradflow.activations import sigmoid
from gradflow.gradcheck import numerical_gradient_array, rel_error
from gradflow.lstm import cell_path_gradient, lstm_backward, lstm_forward, lstm_init, lstm_step_forward

N, T, D, H = 2, 4, 3, 3


def problem(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, T, D)), rng.normal(size=(N, H)), 0.7 * rng.normal(size=(D, 4 * H)),
            0.5 * rng.normal(size=(H, 4 * H)), 0.3 * rng.normal(size=4 * H), rng.normal(size=(N, H)),
            rng.normal(size=(N, T, H)))


def test_step_forward_follows_the_i_f_o_g_gate_order():
    X, h0, Wx, Wh, b, c0, _ = problem()
    (h, c), _ = lstm_step_forward(X[:, 0], h0, c0, Wx, Wh, b)
    a = X[:, 0] @ Wx + h0 @ Wh + b
    i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
    np.testing.assert_allclose(c, f * c0 + i * g, rtol=1e-14)
    np.testing.assert_allclose(h, o * np.tanh(c), rtol=1e-14)


def test_dc_is_the_total_gradient_at_the_cell_state_at_every_step():
    X, h0, Wx, Wh, b, c0, dH = problem()
    H_all, cache = lstm_forward(X, h0, c0, Wx, Wh, b)
    grads = lstm_backward(dH, cache)
    for t in range(T):
        def rest(h_t, c_t, t=t):
            if t == T - 1:
                return 0.0
            return np.sum(lstm_forward(X[:, t + 1:], h_t, c_t, Wx, Wh, b)[0] * dH[:, t + 1:])

        c_t = cache.c[:, t].copy()
        o_t = cache.steps[t].o
        # h_t = o_t tanh(c_t), and o_t does not depend on c_t.
        dc_num = numerical_gradient_array(
            lambda v: np.sum(o_t * np.tanh(v) * dH[:, t]) + rest(o_t * np.tanh(v), v), c_t, np.array(1.0))
        assert rel_error(grads.dc[:, t], dc_num) < 1e-6, t


def test_cell_path_gradient_is_the_product_of_forget_gates_when_h_does_not_feed_back():
    X, h0, Wx, _, b, c0, _ = problem(seed=1)
    Wh = np.zeros((H, 4 * H))
    _, cache = lstm_forward(X, h0, c0, Wx, Wh, b)
    path = cell_path_gradient(cache)
    np.testing.assert_array_equal(path, np.prod(cache.f, axis=1))
    # The whole Jacobian of c_T with respect to c_0, column by column, by finite differences.
    jacobian = np.zeros((N * H, N * H))
    for k in range(N * H):
        e = np.zeros(N * H)
        e[k] = 1.0
        jacobian[k] = numerical_gradient_array(lambda v: lstm_forward(X, h0, v, Wx, Wh, b)[1].c[:, -1],
                                               c0.copy(), e.reshape(N, H)).ravel()
    np.testing.assert_allclose(jacobian, np.diag(path.ravel()), atol=1e-10)


def test_backward_along_the_cell_path_multiplies_by_each_forget_gate():
    X, h0, Wx, _, b, c0, _ = problem(seed=1)
    Wh = np.zeros((H, 4 * H))
    H_all, cache = lstm_forward(X, h0, c0, Wx, Wh, b)
    dH = np.zeros_like(H_all)
    dH[:, -1] = 1.0  # the loss reads h_T only
    grads = lstm_backward(dH, cache)
    np.testing.assert_allclose(grads.dc0, grads.dc[:, -1] * cell_path_gradient(cache), rtol=1e-13)
    for t in range(1, T):
        np.testing.assert_allclose(grads.dc[:, t - 1], grads.dc[:, t] * cache.f[:, t], rtol=1e-13)
    assert np.all(grads.dh0 == 0)


def test_forget_bias_keeps_the_cell_longer():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 20, 2))
    products = []
    for forget_bias in (0.0, 1.0, 3.0):
        Wx, Wh, b = lstm_init(2, 5, np.random.default_rng(0), forget_bias=forget_bias)
        assert np.all(b[5:10] == forget_bias) and np.all(b[:5] == 0) and np.all(b[10:] == 0)
        products.append(cell_path_gradient(lstm_forward(X, np.zeros((4, 5)), np.zeros((4, 5)), Wx, Wh, b)[1]).mean())
    assert products[0] < products[1] < products[2]


def test_init_shapes():
    Wx, Wh, b = lstm_init(3, 4, np.random.default_rng(0))
    assert Wx.shape == (3, 16) and Wh.shape == (4, 16) and b.shape == (16,)
    for gate in range(4):
        block = Wh[:, 4 * gate:4 * gate + 4]
        np.testing.assert_allclose(block @ block.T, np.eye(4), atol=1e-12)
