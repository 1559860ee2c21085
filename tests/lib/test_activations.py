"""Activations: derivatives against finite differences, exact values, stability and dtypes."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gradflow.activations import (ACTIVATIONS, elu, elu_grad, gelu, get_activation, leaky_relu,
                                  leaky_relu_grad, relu, relu_grad, sigmoid, sigmoid_grad, softplus,
                                  softplus_grad, tanh, tanh_grad)
from gradflow.gradcheck import numerical_derivative, rel_error

NAMES = sorted(ACTIVATIONS)
# relu and leaky_relu have a kink at 0. ELU's first derivative is continuous there but its second
# is not, so a centred difference straddling 0 is only first-order accurate: keep away from 0 too.
KINK_AT_ZERO = {"relu", "leaky_relu", "elu"}
# No test writes a Hypothesis database into the checkout.
PROPERTY = settings(max_examples=200, deadline=None, database=None)


def grid_away_from_kinks(name):
    # Beyond |z| ~ 5 the slopes of sigmoid, tanh and gelu's left tail become too small for centred
    # differences to resolve to 1e-7 relative; the property test below covers [-30, 30].
    z = np.linspace(-4.0, 4.0, 161)  # step 0.05, contains 0
    return z[np.abs(z) > 1e-3] if name in KINK_AT_ZERO else z


def test_registry_names_match_functions():
    assert NAMES == ["elu", "gelu", "leaky_relu", "relu", "sigmoid", "silu", "softplus", "tanh"]
    for name, (f, f_grad) in ACTIVATIONS.items():
        assert f.__name__ == name
        assert f_grad.__name__ == f"{name}_grad"
        assert get_activation(name) == (f, f_grad)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    f, f_grad = ACTIVATIONS[name]
    z = grid_away_from_kinks(name)
    assert rel_error(f_grad(z), numerical_derivative(f, z)) < 1e-7


@pytest.mark.parametrize("name", NAMES)
def test_output_has_the_shape_of_the_input(name):
    f, f_grad = ACTIVATIONS[name]
    z = np.linspace(-2.0, 2.0, 12).reshape(3, 4)
    assert f(z).shape == (3, 4)
    assert f_grad(z).shape == (3, 4)
    assert np.ndim(f(0.5)) == 0


@pytest.mark.parametrize("name", NAMES)
def test_float32_in_float32_out(name):
    f, f_grad = ACTIVATIONS[name]
    z = np.linspace(-3.0, 3.0, 7, dtype=np.float32)
    assert f(z).dtype == np.float32
    assert f_grad(z).dtype == np.float32


@pytest.mark.parametrize("name", NAMES)
def test_integer_input_gives_float64(name):
    f, f_grad = ACTIVATIONS[name]
    assert f(np.array([-2, 0, 3])).dtype == np.float64
    assert f_grad(np.array([-2, 0, 3])).dtype == np.float64


@pytest.mark.parametrize("name", NAMES)
def test_huge_inputs_give_finite_values_without_warning(name):
    f, f_grad = ACTIVATIONS[name]
    z = np.array([-1000.0, -1e300, 1000.0, 1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, d = f(z), f_grad(z)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d))


def test_sigmoid_saturates_to_exactly_0_and_1_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(1000.0) == 1.0
        assert sigmoid(-1000.0) == 0.0
        assert sigmoid_grad(1000.0) == 0.0
        assert sigmoid_grad(-1000.0) == 0.0
        assert sigmoid(np.float32(200.0)) == 1.0


def test_softplus_is_stable_at_plus_minus_1000():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert softplus(1000.0) == 1000.0
        assert softplus(-1000.0) == 0.0
        assert softplus_grad(1000.0) == 1.0
        assert softplus_grad(-1000.0) == 0.0


def test_softplus_at_zero_is_log_2():
    assert softplus(0.0) == pytest.approx(math.log(2.0), rel=1e-15)


def test_relu_values_and_derivative_convention_at_zero():
    assert relu([-2.0, 0.0, 3.0]).tolist() == [0.0, 0.0, 3.0]
    assert relu_grad(0.0) == 0.0
    assert relu_grad([-1.0, 1e-9, 5.0]).tolist() == [0.0, 1.0, 1.0]


def test_leaky_relu_default_alpha_is_0_01():
    assert leaky_relu(-1.0) == -0.01
    assert leaky_relu(2.0) == 2.0
    assert leaky_relu_grad(-1.0) == 0.01
    assert leaky_relu_grad(0.0) == 0.01  # the left derivative, as for relu
    assert leaky_relu_grad(1.0) == 1.0


@pytest.mark.parametrize("alpha", [0.2, 0.5])
def test_leaky_relu_and_elu_honour_a_custom_alpha(alpha):
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    assert leaky_relu(z, alpha=alpha).tolist() == [-2.0 * alpha, -0.5 * alpha, 0.5, 2.0]
    assert rel_error(leaky_relu_grad(z, alpha=alpha), numerical_derivative(lambda v: leaky_relu(v, alpha), z)) < 1e-7
    assert elu(-1000.0, alpha=alpha) == -alpha
    assert rel_error(elu_grad(z, alpha=alpha), numerical_derivative(lambda v: elu(v, alpha), z)) < 1e-7


def test_sigmoid_grad_peaks_at_zero_with_value_one_quarter():
    z = np.linspace(-10.0, 10.0, 2001)
    assert sigmoid_grad(0.0) == 0.25
    assert sigmoid_grad(z).max() == 0.25
    assert z[np.argmax(sigmoid_grad(z))] == 0.0


def test_tanh_grad_peaks_at_zero_with_value_one():
    z = np.linspace(-10.0, 10.0, 2001)
    assert tanh_grad(0.0) == 1.0
    assert tanh_grad(z).max() == 1.0
    assert z[np.argmax(tanh_grad(z))] == 0.0


def test_tanh_is_a_rescaled_sigmoid():
    z = np.linspace(-20.0, 20.0, 801)
    np.testing.assert_allclose(tanh(z), 2.0 * sigmoid(2.0 * z) - 1.0, rtol=0, atol=1e-15)


def test_tanh_grad_is_four_times_sigmoid_grad_at_2z():
    z = np.linspace(-20.0, 20.0, 801)
    np.testing.assert_allclose(tanh_grad(z), 4.0 * sigmoid_grad(2.0 * z), rtol=0, atol=1e-14)


def test_gelu_is_within_1e_3_of_the_exact_erf_form():
    z = np.linspace(-10.0, 10.0, 4001)
    exact = np.array([v * 0.5 * (1.0 + math.erf(v / math.sqrt(2.0))) for v in z])
    assert np.max(np.abs(gelu(z) - exact)) < 1e-3


def test_gelu_is_the_documented_tanh_form():
    z = np.linspace(-8.0, 8.0, 321)
    tanh_form = 0.5 * z * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z**3)))
    np.testing.assert_allclose(gelu(z), tanh_form, rtol=1e-14, atol=1e-15)


# --- Property tests -------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-30.0, max_value=30.0)


@pytest.mark.parametrize("name", NAMES)
@PROPERTY
@given(z=moderate)
def test_property_derivative_matches_finite_differences(name, z):
    if name in KINK_AT_ZERO:
        assume(abs(z) > 1e-3)
    f, f_grad = ACTIVATIONS[name]
    # In the saturated tails the derivative falls below what f's float64 values can resolve
    # (sigmoid'(30) ~ 1e-13), so this bound is relative where the slope is large, absolute where tiny.
    np.testing.assert_allclose(f_grad(z), numerical_derivative(f, z), rtol=1e-6, atol=1e-9)


@PROPERTY
@given(z=finite)
def test_property_sigmoid_lies_in_0_1(z):
    assert 0.0 <= sigmoid(z) <= 1.0


@PROPERTY
@given(z=finite)
def test_property_softplus_is_at_least_relu(z):
    assert softplus(z) >= relu(z)


@PROPERTY
@given(z=finite)
def test_property_sigmoid_grad_lies_in_0_quarter(z):
    assert 0.0 <= sigmoid_grad(z) <= 0.25


@PROPERTY
@given(z=finite)
def test_property_tanh_grad_lies_in_0_1(z):
    assert 0.0 <= tanh_grad(z) <= 1.0


@PROPERTY
@given(z=finite)
def test_property_relu_grad_is_the_indicator_of_positive_z(z):
    assert relu_grad(z) == (1.0 if z > 0 else 0.0)


def test_sigmoid_derivative_is_symmetric_and_exact_in_the_tails():
    # s(1 - s) would round to 0 for z > ~37 while staying positive for z < -37.
    z = np.array([40.0, 100.0, 700.0])
    np.testing.assert_array_equal(sigmoid_grad(z), sigmoid_grad(-z))
    np.testing.assert_allclose(sigmoid_grad(z[:2]), np.exp(-z[:2]), rtol=1e-12)
