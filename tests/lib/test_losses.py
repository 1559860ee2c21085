"""Losses: values, stability, and gradients against finite differences."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from gradflow.gradcheck import numerical_gradient, rel_error
from gradflow.losses import LOSSES, mse, softmax, softmax_cross_entropy


def test_softmax_rows_are_probabilities():
    z = np.random.default_rng(0).normal(size=(4, 5))
    p = softmax(z)
    assert np.all(p > 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(p, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), rtol=1e-14)


def test_softmax_of_huge_logits_does_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(np.array([[1000.0, 0.0], [-1000.0, -1000.0]]))
    assert p.tolist() == [[1.0, 0.0], [0.5, 0.5]]


def test_cross_entropy_of_uniform_logits_is_log_of_class_count():
    loss, dz = softmax_cross_entropy(np.zeros((3, 4)), np.array([0, 1, 3]))
    assert loss == pytest.approx(math.log(4), rel=1e-15)
    expected = np.full((3, 4), 0.25)
    expected[[0, 1, 2], [0, 1, 3]] -= 1.0
    np.testing.assert_allclose(dz, expected / 3, rtol=1e-15)


def test_cross_entropy_of_confident_logits_is_stable():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        right, _ = softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([0]))
        wrong, dz = softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([1]))
    assert right == 0.0
    assert wrong == 1000.0
    assert dz.tolist() == [[1.0, -1.0]]


def test_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(6, 4))
    y = np.array([0, 3, 1, 2, 3, 0])
    _, dz = softmax_cross_entropy(z, y)
    assert rel_error(dz, numerical_gradient(lambda v: softmax_cross_entropy(v, y)[0], z)) < 1e-7


def test_cross_entropy_gradient_rows_sum_to_zero():
    z = np.random.default_rng(2).normal(size=(5, 3))
    _, dz = softmax_cross_entropy(z, np.array([0, 1, 2, 1, 0]))
    np.testing.assert_allclose(dz.sum(axis=1), 0.0, atol=1e-16)


def test_mse_value_is_half_mean_squared_norm():
    loss, d = mse(np.array([[1.0, 2.0], [0.0, 0.0]]), np.array([[0.0, 0.0], [3.0, 4.0]]))
    assert loss == (5.0 + 25.0) / (2 * 2)
    assert d.tolist() == [[0.5, 1.0], [-1.5, -2.0]]


def test_mse_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    y_hat = rng.normal(size=(5, 3))
    Y = rng.normal(size=(5, 3))
    _, d = mse(y_hat, Y)
    assert rel_error(d, numerical_gradient(lambda v: mse(v, Y)[0], y_hat)) < 1e-7


def test_mse_is_zero_at_the_target():
    Y = np.random.default_rng(4).normal(size=(3, 2))
    loss, d = mse(Y.copy(), Y)
    assert loss == 0.0 and np.all(d == 0.0)


def test_loss_registry():
    assert LOSSES == {"cross_entropy": softmax_cross_entropy, "mse": mse}
