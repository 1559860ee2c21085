"""The finite-difference tools themselves: they give known derivatives and catch wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.gradcheck import numerical_derivative, numerical_gradient, numerical_gradient_array, rel_error


def test_numerical_derivative_of_known_functions():
    z = np.linspace(-2.0, 2.0, 41)
    assert rel_error(numerical_derivative(np.sin, z), np.cos(z)) < 1e-9
    assert rel_error(numerical_derivative(np.exp, z), np.exp(z)) < 1e-9


def test_numerical_derivative_is_exact_for_a_quadratic_up_to_rounding():
    z = np.array([-3.0, 0.5, 2.0])
    np.testing.assert_allclose(numerical_derivative(lambda v: v * v, z), 2.0 * z, rtol=1e-9)


def test_numerical_gradient_of_a_scalar_function():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.5])
    # f(x) = x^T A x / 2 has gradient A x (A symmetric).
    grad = numerical_gradient(lambda v: 0.5 * v @ A @ v, x)
    assert rel_error(grad, A @ x) < 1e-9


def test_numerical_gradient_perturbs_in_place_and_restores_the_point():
    x = np.array([[1.0, -2.0], [0.25, 4.0]])
    before = x.copy()
    seen = []

    def f(v):
        seen.append(v is x)
        return float(np.sum(v**3))

    numerical_gradient(f, x)
    assert all(seen) and len(seen) == 2 * x.size
    assert np.array_equal(x, before)


def test_numerical_gradient_array_is_the_vector_jacobian_product():
    W = np.array([[1.0, 2.0, 0.0], [3.0, -1.0, 2.0]])
    x = np.array([[0.5, -1.0], [2.0, 1.0]])
    dout = np.array([[1.0, 0.0, -2.0], [0.5, 1.0, 1.0]])
    # d/dx sum((x W) * dout) = dout W^T
    assert rel_error(numerical_gradient_array(lambda v: v @ W, x, dout), dout @ W.T) < 1e-9


def test_gradcheck_catches_a_wrong_derivative():
    z = np.linspace(-3.0, 3.0, 61)
    wrong = np.cos(z) * 1.001
    assert rel_error(wrong, numerical_derivative(np.sin, z)) > 1e-4


@pytest.mark.parametrize("x", [np.array([1.0, 2.0], dtype=np.float32), np.array([1, 2]), [1.0, 2.0]],
                         ids=["float32", "int", "list"])
def test_numerical_gradient_needs_a_float64_array_to_perturb(x):
    with pytest.raises(ValueError, match="x must be a float64 ndarray to be perturbed in place"):
        numerical_gradient(lambda v: float(np.sum(v)), x)


def test_rel_error_values():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error([1.0], [3.0]) == pytest.approx(0.5)
    assert rel_error([0.0, 0.0], [0.0, 0.0]) == 0.0  # the floor keeps 0/0 out
    assert rel_error(np.zeros((0, 3)), np.zeros((0, 3))) == 0.0
    # The largest elementwise error counts, not an average.
    assert rel_error([1.0, 1.0, 1.0], [1.0, 1.0, 1.2]) == pytest.approx(0.2 / 2.2)


def test_rel_error_refuses_different_shapes():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        rel_error([1.0, 2.0], [1.0, 2.0, 3.0])


def test_a_strided_view_is_refused_rather_than_silently_unperturbed():
    import numpy as np
    import pytest

    from gradflow.gradcheck import numerical_gradient_array

    X = np.ones((3, 2))
    with pytest.raises(ValueError, match="C-contiguous"):
        numerical_gradient_array(lambda v: v * 2, X[:, 0], np.ones(3))
