"""The update rules: their formulas step by step, and the training loop that takes any of them."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gradflow.data import two_moons
from gradflow.mlp import MLP
from gradflow.optim import adam, momentum, sgd
from gradflow.train import train, train_sgd


def test_sgd_steps_against_the_gradient():
    grad = np.array([[1.0, -2.0], [0.5, 0.0]])
    np.testing.assert_array_equal(sgd(0.1)(np.zeros((2, 2)), grad, {}), -0.1 * grad)


def test_momentum_accumulates_a_velocity_as_pytorch_does():
    rule, state = momentum(0.1, beta=0.9), {}
    grads = [np.array([1.0]), np.array([1.0]), np.array([-2.0])]
    velocity, steps = np.zeros(1), []
    for g in grads:
        velocity = 0.9 * velocity + g  # torch.optim.SGD(momentum=0.9, dampening=0)
        steps.append(-0.1 * velocity)
        np.testing.assert_allclose(rule(np.zeros(1), g, state), steps[-1], rtol=1e-15)
    np.testing.assert_allclose(state["velocity"], velocity)


def test_adam_follows_kingma_and_ba_with_bias_correction():
    rule, state = adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8), {}
    rng = np.random.default_rng(0)
    m = v = np.zeros(3)
    for t in range(1, 6):
        g = rng.normal(size=3)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        expected = -0.01 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        np.testing.assert_allclose(rule(np.zeros(3), g, state), expected, rtol=1e-14)
    assert state["t"] == 5


def test_adams_first_step_is_about_lr_whatever_the_gradients_scale():
    for scale in (1e-6, 1.0, 1e6):
        step = adam(lr=0.01)(np.zeros(2), scale * np.array([1.0, -3.0]), {})
        np.testing.assert_allclose(np.abs(step), 0.01, rtol=2e-2)


@pytest.mark.parametrize("make, message", [
    (lambda: sgd(0), "lr must be a positive finite number, got 0"),
    (lambda: momentum(0.1, beta=1.0), "beta must lie in [0, 1), got 1.0"),
    (lambda: adam(beta2=1.5), "beta2 must lie in [0, 1), got 1.5"),
    (lambda: adam(eps=0.0), "eps must be a positive finite number, got 0.0"),
])
def test_bad_hyperparameters_are_named(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


def test_train_with_sgd_is_train_sgd():
    X, y = two_moons(60, rng=np.random.default_rng(0))
    nets = [MLP([2, 8, 2], activation="tanh", rng=np.random.default_rng(1)) for _ in range(2)]
    a = train(nets[0], X, y, update=sgd(0.3), steps=20)
    b = train_sgd(nets[1], X, y, lr=0.3, steps=20)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert all(np.array_equal(p, q) for p, q in zip(nets[0].params(), nets[1].params()))


def test_the_loop_records_the_steps_the_rule_took_and_keeps_one_state_per_parameter():
    X, y = two_moons(60, rng=np.random.default_rng(0))
    net = MLP([2, 8, 2], activation="tanh", rng=np.random.default_rng(1))
    before = [W.copy() for W in net.W]
    hist = train(net, X, y, update=adam(lr=0.05), steps=1)
    moved = [float(np.linalg.norm(W - W0)) for W, W0 in zip(net.W, before)]
    np.testing.assert_allclose(hist.update_norms[0], moved, rtol=1e-12)
    # Adam's first step is about lr per entry: sqrt(entries) * lr, not lr times the gradient.
    assert hist.update_norms[0][0] == pytest.approx(0.05 * np.sqrt(net.W[0].size), rel=0.05)


def test_adam_trains_a_net_whose_first_layer_gets_a_vanished_gradient():
    # A deep sigmoid net: SGD barely moves layer 1; Adam moves it as much as the others.
    X, y = two_moons(100, rng=np.random.default_rng(0))
    moved = {}
    for name, rule in (("sgd", sgd(0.5)), ("adam", adam(0.01))):
        net = MLP([2] + [16] * 6 + [2], activation="sigmoid", rng=np.random.default_rng(1))
        start = net.W[0].copy()
        train(net, X, y, update=rule, steps=50)
        moved[name] = np.linalg.norm(net.W[0] - start) / np.linalg.norm(start)
    assert moved["adam"] > 10 * moved["sgd"]


def test_update_must_be_a_rule():
    X, y = two_moons(10, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="update must be a rule"):
        train(MLP([2, 2], rng=np.random.default_rng(0)), X, y, update=0.1, steps=1)
