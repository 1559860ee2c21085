"""Diagnostics: speeds, dead units, born-dead probabilities and products of random matrices."""

import numpy as np
import pytest

from gradflow.diagnostics import (activation_saturation, born_dead_monte_carlo, born_dead_probability,
                                  dead_unit_fraction, hidden_preactivations, layer_speeds,
                                  random_matrix_product_norms, weight_gradient_norms)
from gradflow.mlp import MLP


def net(activation="relu", seed=0):
    return MLP([3, 6, 5, 2], activation=activation, rng=np.random.default_rng(seed))


def test_speeds_and_weight_norms_are_the_norms_of_the_gradients():
    model = net()
    X, y = np.random.default_rng(1).standard_normal((7, 3)), np.array([0, 1, 0, 1, 1, 0, 1])
    _, grads = model.loss_and_grads(X, y)
    assert layer_speeds(grads) == pytest.approx([np.linalg.norm(d) for d in grads.db])
    assert weight_gradient_norms(grads) == pytest.approx([np.linalg.norm(d) for d in grads.dW])


def test_hidden_preactivations_match_a_manual_forward_pass():
    model = net("tanh")
    X = np.random.default_rng(2).standard_normal((4, 3))
    z1 = X @ model.W[0] + model.b[0]
    z2 = np.tanh(z1) @ model.W[1] + model.b[1]
    got = hidden_preactivations(model, X)
    assert np.allclose(got[0], z1) and np.allclose(got[1], z2)


def test_dead_units_are_counted_per_layer():
    model = net()
    X = np.random.default_rng(3).standard_normal((50, 3))
    model.b[0][:3] = -1e3  # three of six units below zero on every input
    fractions = dead_unit_fraction(model, X)
    assert fractions[0] == pytest.approx(0.5)


def test_dead_units_receive_exactly_zero_gradient():
    model = net()
    X, y = np.random.default_rng(3).standard_normal((50, 3)), np.zeros(50, dtype=int)
    model.b[0][:3] = -1e3
    _, grads = model.loss_and_grads(X, y)
    assert np.all(grads.dW[0][:, :3] == 0.0) and np.all(grads.db[0][:3] == 0.0)


@pytest.mark.parametrize("width, depth", [(1, 1), (2, 5), (3, 10), (4, 30)])
def test_born_dead_monte_carlo_matches_the_formula(width, depth):
    exact = born_dead_probability(width, depth)
    estimate, _ = born_dead_monte_carlo(width, depth, 20_000, rng=np.random.default_rng(width * 100 + depth))
    se = np.sqrt(exact * (1 - exact) / 20_000)
    assert abs(estimate - exact) < 4 * se


def test_born_dead_formula_values():
    assert born_dead_probability(1, 1) == 0.5
    assert born_dead_probability(2, 2) == pytest.approx(1 - 0.75**2)
    assert np.allclose(born_dead_probability(3, np.array([1, 2])), [0.125, 1 - 0.875**2])


def test_matrix_product_norms_grow_exponentially():
    norms = random_matrix_product_norms(60, 4, 200, rng=np.random.default_rng(0))
    log_median = np.log(np.median(norms, axis=0))
    k = np.arange(1, 61)
    slope, intercept = np.polyfit(k, log_median, 1)
    residual = log_median - (slope * k + intercept)
    assert slope > 0.3  # e^0.3: the median grows by over a third with every factor
    assert 1 - residual.var() / log_median.var() > 0.999  # a straight line in log scale


def test_saturation_counts_flat_sigmoid_units():
    model = net("sigmoid")
    X = np.random.default_rng(4).standard_normal((20, 3))
    assert activation_saturation(model, X)[0] < 0.5
    model.W[0] *= 1e3
    assert activation_saturation(model, X)[0] > 0.9
