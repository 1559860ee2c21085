"""Gradient descent on a quadratic: the closed form and the exact stability threshold eta*lambda < 2."""

import warnings

import numpy as np
import pytest

from gradflow.descent import gradient_descent, quadratic_iterates


@pytest.mark.parametrize("eta_lambda", [0.1, 0.9, 1.0, 1.5, 1.99, 2.01, 3.0])
def test_descent_on_a_quadratic_follows_the_closed_form(eta_lambda):
    lam = 2.5
    lr = eta_lambda / lam
    path = gradient_descent(lambda w: lam * w, 1.0, lr=lr, steps=60)
    assert np.allclose(path, quadratic_iterates(lam, lr, 1.0, 60), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("eta_lambda, converges", [(0.5, True), (1.5, True), (1.999, True), (2.0, False),
                                                    (2.001, False)])
def test_convergence_exactly_when_eta_lambda_below_two(eta_lambda, converges):
    w = quadratic_iterates(1.0, eta_lambda, 1.0, 20000)
    assert bool(abs(w[-1]) < 1e-3) is converges


def test_divergence_stops_quietly_at_the_first_non_finite_iterate():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = gradient_descent(lambda w: 4 * w**3, 10.0, lr=1.0, steps=100)
    assert not np.isfinite(path[-1]) and np.all(np.isfinite(path[:-1]))
    assert len(path) < 101


def test_vector_parameters_keep_their_shape():
    path = gradient_descent(lambda w: w, np.array([1.0, -2.0]), lr=0.5, steps=3)
    assert path.shape == (4, 2) and path[-1].tolist() == [0.125, -0.25]
