"""Nielsen's one-neuron chain: the backward pass against finite differences, and the product it is."""

import numpy as np
import pytest

from gradflow.activations import sigmoid_grad
from gradflow.chain import chain_backward, chain_forward
from gradflow.gradcheck import numerical_gradient, rel_error


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "softplus"])
def test_chain_gradients_match_finite_differences(activation):
    rng = np.random.default_rng(3)
    w, b, x = rng.standard_normal(6), rng.standard_normal(6), 0.7
    _, cache = chain_forward(x, w, b, activation)
    dx, dw, db, _ = chain_backward(1.0, cache)
    # The early entries are tiny (that is the point of the chain), so compare them with an absolute floor.
    numeric_db = numerical_gradient(lambda v: chain_forward(x, w, v, activation)[0], b.copy())
    numeric_dw = numerical_gradient(lambda v: chain_forward(x, v, b, activation)[0], w.copy())
    numeric_dx = numerical_gradient(lambda v: chain_forward(float(v[0]), w, b, activation)[0], np.array([x]))
    assert np.allclose(db, numeric_db, rtol=1e-6, atol=1e-10)
    assert np.allclose(dw, numeric_dw, rtol=1e-6, atol=1e-10)
    assert np.allclose(dx, numeric_dx[0], rtol=1e-6, atol=1e-12)
    assert rel_error(db[-2:], numeric_db[-2:]) < 1e-7


def test_first_bias_gradient_is_the_product_of_the_later_factors():
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal(8), rng.standard_normal(8)
    _, cache = chain_forward(1.0, w, b)
    grads = chain_backward(2.0, cache)
    assert grads.factors == pytest.approx(w[1:] * sigmoid_grad(cache.z[1:]))
    assert grads.db[0] == pytest.approx(sigmoid_grad(cache.z[0]) * np.prod(grads.factors) * 2.0)


def test_nielsen_exploding_chain_has_factors_of_25():
    L = 6
    _, cache = chain_forward(0.0, np.full(L, 100.0), np.array([0.0] + [-50.0] * (L - 1)))
    grads = chain_backward(1.0, cache)
    assert grads.factors.tolist() == [25.0] * (L - 1)
    assert grads.db[0] == pytest.approx(0.25 * 25.0 ** (L - 1))


def test_small_weights_make_every_factor_smaller_than_a_quarter_of_the_weight():
    rng = np.random.default_rng(1)
    w = rng.uniform(-3.9, 3.9, 10)
    _, cache = chain_forward(0.3, w, rng.standard_normal(10))
    factors = chain_backward(1.0, cache).factors
    assert np.all(np.abs(factors) <= np.abs(w[1:]) / 4 + 1e-15) and np.all(np.abs(factors) < 1)


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="same length L, got shapes \\(3,\\) and \\(2,\\)"):
        chain_forward(0.0, np.ones(3), np.ones(2))
