"""Dense and activation layers: forward values and backward passes against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.activations import ACTIVATIONS
from gradflow.gradcheck import numerical_gradient_array, rel_error
from gradflow.layers import activation_backward, activation_forward, dense_backward, dense_forward


@pytest.fixture
def dense_problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 4))
    W = rng.normal(size=(4, 3))
    b = rng.normal(size=3)
    dz = rng.normal(size=(5, 3))
    return X, W, b, dz


def test_dense_forward_computes_XW_plus_b(dense_problem):
    X, W, b, _ = dense_problem
    z, cache = dense_forward(X, W, b)
    expected = np.array([[sum(X[n, d] * W[d, m] for d in range(4)) + b[m] for m in range(3)] for n in range(5)])
    np.testing.assert_allclose(z, expected, rtol=1e-13)
    assert cache[0] is X and cache[1] is W


def test_dense_backward_dX_matches_finite_differences(dense_problem):
    X, W, b, dz = dense_problem
    dX, _, _ = dense_backward(dz, dense_forward(X, W, b)[1])
    assert rel_error(dX, numerical_gradient_array(lambda v: dense_forward(v, W, b)[0], X, dz)) < 1e-7


def test_dense_backward_dW_matches_finite_differences(dense_problem):
    X, W, b, dz = dense_problem
    _, dW, _ = dense_backward(dz, dense_forward(X, W, b)[1])
    assert rel_error(dW, numerical_gradient_array(lambda v: dense_forward(X, v, b)[0], W, dz)) < 1e-7


def test_dense_backward_db_matches_finite_differences(dense_problem):
    X, W, b, dz = dense_problem
    _, _, db = dense_backward(dz, dense_forward(X, W, b)[1])
    assert rel_error(db, numerical_gradient_array(lambda v: dense_forward(X, W, v)[0], b, dz)) < 1e-7
    assert np.array_equal(db, dz.sum(axis=0))


def kink_free_inputs(shape, rng):
    z = rng.uniform(-3.0, 3.0, size=shape)
    return np.where(np.abs(z) < 1e-2, 0.5, z)  # no relu or leaky_relu kink within 1e-2


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_forward_applies_the_named_function(name):
    z = np.linspace(-2.0, 2.0, 9)
    a, (cached_z, f_grad) = activation_forward(z, name)
    f, expected_grad = ACTIVATIONS[name]
    assert np.array_equal(a, f(z))
    assert np.array_equal(cached_z, z) and f_grad is expected_grad


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_backward_matches_finite_differences(name):
    rng = np.random.default_rng(1)
    z = kink_free_inputs((6, 5), rng)
    da = rng.normal(size=(6, 5))
    _, cache = activation_forward(z, name)
    dz = activation_backward(da, cache).dz
    assert rel_error(dz, numerical_gradient_array(lambda v: activation_forward(v, name)[0], z, da)) < 1e-7


def test_activation_backward_is_upstream_times_local_derivative():
    _, cache = activation_forward(np.array([0.0, 0.0]), "sigmoid")
    assert activation_backward(np.array([1.0, -2.0]), cache).dz.tolist() == [0.25, -0.5]
