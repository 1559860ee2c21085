"""The LSTM: steps and sequences against finite differences, and the cell path's product of forget gates."""

from __future__ import annotations

import numpy as np

from gradflow.activations import sigmoid
from gradflow.gradcheck import numerical_gradient_array, rel_error
from gradflow.lstm import (cell_path_gradient, lstm_backward, lstm_forward, lstm_init, lstm_step_backward,
                           lstm_step_forward)

N, T, D, H = 2, 4, 3, 3


def not_tiny(*arrays, floor=1e-4):
    """Entries near 0 cannot be checked to a relative 1e-6 by centred differences; refuse such problems."""
    entries = np.concatenate([np.ravel(a) for a in arrays])
    assert np.abs(entries).min() > floor, "ill-conditioned problem: pick another seed"


def problem(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, T, D)), rng.normal(size=(N, H)), 0.7 * rng.normal(size=(D, 4 * H)),
            0.5 * rng.normal(size=(H, 4 * H)), 0.3 * rng.normal(size=4 * H), rng.normal(size=(N, H)),
            rng.normal(size=(N, T, H)))


def test_step_forward_follows_the_i_f_o_g_gate_order():
    X, h0, Wx, Wh, b, c0, _ = problem()
    h, c, _ = lstm_step_forward(X[:, 0], h0, c0, Wx, Wh, b)
    a = X[:, 0] @ Wx + h0 @ Wh + b
    i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
    np.testing.assert_allclose(c, f * c0 + i * g, rtol=1e-14)
    np.testing.assert_allclose(h, o * np.tanh(c), rtol=1e-14)


def test_step_backward_matches_finite_differences():
    X, h0, Wx, Wh, b, c0, dH = problem()
    rng = np.random.default_rng(7)
    x, dh, dc = X[:, 0].copy(), dH[:, 0], rng.normal(size=(N, H))
    grads = lstm_step_backward(dh, dc, lstm_step_forward(x, h0, c0, Wx, Wh, b)[2])
    not_tiny(*grads)
    inputs = [x, h0, c0, Wx, Wh, b]  # dx, dh_prev, dc_prev, dWx, dWh, db come in this order
    for i in range(len(inputs)):
        def loss(v, i=i):
            args = list(inputs)
            args[i] = v
            h, c, _ = lstm_step_forward(*args)
            return np.sum(h * dh) + np.sum(c * dc)
        assert rel_error(grads[i], numerical_gradient_array(loss, inputs[i], np.array(1.0))) < 1e-6, i


def test_sequence_backward_matches_finite_differences():
    X, h0, Wx, Wh, b, c0, dH = problem()
    grads = lstm_backward(dH, lstm_forward(X, h0, Wx, Wh, b, c0)[1])
    names = ["dX", "dh0", "dWx", "dWh", "db", "dc0"]
    not_tiny(*(grads[k] for k in names))
    inputs = [X, h0, Wx, Wh, b, c0]
    for i, name in enumerate(names):
        def run(v, i=i):
            args = list(inputs)
            args[i] = v
            return lstm_forward(*args)[0]
        assert rel_error(grads[name], numerical_gradient_array(run, inputs[i], dH)) < 1e-6, name


def test_dh_and_dc_are_the_total_gradients_at_every_step():
    X, h0, Wx, Wh, b, c0, dH = problem()
    H_all, cache = lstm_forward(X, h0, Wx, Wh, b, c0)
    grads = lstm_backward(dH, cache)
    np.testing.assert_array_equal(grads["dh"][:, -1], dH[:, -1])
    for t in range(T):
        def rest(h_t, c_t, t=t):
            if t == T - 1:
                return 0.0
            return np.sum(lstm_forward(X[:, t + 1:], h_t, Wx, Wh, b, c_t)[0] * dH[:, t + 1:])

        c_t = cache["c"][:, t].copy()
        o_t = cache["gates"][:, t, 2 * c_t.shape[1]:3 * c_t.shape[1]]
        h_t = H_all[:, t].copy()
        dh_num = numerical_gradient_array(lambda v: np.sum(v * dH[:, t]) + rest(v, c_t), h_t, np.array(1.0))
        # h_t = o_t tanh(c_t), and o_t does not depend on c_t.
        dc_num = numerical_gradient_array(
            lambda v: np.sum(o_t * np.tanh(v) * dH[:, t]) + rest(o_t * np.tanh(v), v), c_t, np.array(1.0))
        assert rel_error(grads["dh"][:, t], dh_num) < 1e-6, t
        assert rel_error(grads["dc"][:, t], dc_num) < 1e-6, t


def test_cell_path_gradient_is_the_product_of_forget_gates_when_h_does_not_feed_back():
    X, h0, Wx, _, b, c0, _ = problem(seed=1)
    Wh = np.zeros((H, 4 * H))
    _, cache = lstm_forward(X, h0, Wx, Wh, b, c0)
    path = cell_path_gradient(cache)
    np.testing.assert_array_equal(path, np.prod(cache["f"], axis=1))
    # The whole Jacobian of c_T with respect to c_0, column by column, by finite differences.
    jacobian = np.zeros((N * H, N * H))
    for k in range(N * H):
        e = np.zeros(N * H)
        e[k] = 1.0
        jacobian[k] = numerical_gradient_array(lambda v: lstm_forward(X, h0, Wx, Wh, b, v)[1]["c"][:, -1],
                                               c0.copy(), e.reshape(N, H)).ravel()
    np.testing.assert_allclose(jacobian, np.diag(path.ravel()), atol=1e-10)


def test_backward_along_the_cell_path_multiplies_by_each_forget_gate():
    X, h0, Wx, _, b, c0, _ = problem(seed=1)
    Wh = np.zeros((H, 4 * H))
    H_all, cache = lstm_forward(X, h0, Wx, Wh, b, c0)
    dH = np.zeros_like(H_all)
    dH[:, -1] = 1.0  # the loss reads h_T only
    grads = lstm_backward(dH, cache)
    np.testing.assert_allclose(grads["dc0"], grads["dc"][:, -1] * cell_path_gradient(cache), rtol=1e-13)
    for t in range(1, T):
        np.testing.assert_allclose(grads["dc"][:, t - 1], grads["dc"][:, t] * cache["f"][:, t], rtol=1e-13)
    assert np.all(grads["dh0"] == 0)


def test_forget_bias_keeps_the_cell_longer():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 20, 2))
    products = []
    for forget_bias in (0.0, 1.0, 3.0):
        Wx, Wh, b = lstm_init(2, 5, np.random.default_rng(0), forget_bias=forget_bias)
        assert np.all(b[5:10] == forget_bias) and np.all(b[:5] == 0) and np.all(b[10:] == 0)
        products.append(cell_path_gradient(lstm_forward(X, np.zeros((4, 5)), Wx, Wh, b)[1]).mean())
    assert products[0] < products[1] < products[2]


def test_init_shapes_and_c0_defaults_to_zero():
    Wx, Wh, b = lstm_init(3, 4, np.random.default_rng(0))
    assert Wx.shape == (3, 16) and Wh.shape == (4, 16) and b.shape == (16,)
    X = np.random.default_rng(1).normal(size=(2, 5, 3))
    a, _ = lstm_forward(X, np.zeros((2, 4)), Wx, Wh, b)
    c, _ = lstm_forward(X, np.zeros((2, 4)), Wx, Wh, b, np.zeros((2, 4)))
    np.testing.assert_array_equal(a, c)


def test_float32_stays_float32_through_time():
    Wx, Wh, b = (w.astype(np.float32) for w in lstm_init(3, 4, np.random.default_rng(0)))
    X = np.random.default_rng(1).standard_normal((2, 5, 3)).astype(np.float32)
    H, cache = lstm_forward(X, np.zeros((2, 4), np.float32), Wx, Wh, b)
    grads = lstm_backward(np.ones_like(H), cache)
    assert H.dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())
