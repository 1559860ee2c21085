"""Initializers: shapes, the variance table of gradflow.init, bounds, and reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.init import INITIALIZERS, constant, get_initializer

# Var[W] from the table in the docstring of src/gradflow/init.py.
EXPECTED_VARIANCE = {
    "standard_uniform": lambda n_in, n_out: 1.0 / (3.0 * n_in),
    "xavier_uniform": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "xavier_normal": lambda n_in, n_out: 2.0 / (n_in + n_out),
    "he_uniform": lambda n_in, n_out: 2.0 / n_in,
    "he_normal": lambda n_in, n_out: 2.0 / n_in,
    "lecun_normal": lambda n_in, n_out: 1.0 / n_in,
    "constant": lambda n_in, n_out: 0.0,
}
UNIFORM_BOUND = {
    "standard_uniform": lambda n_in, n_out: 1.0 / np.sqrt(n_in),
    "xavier_uniform": lambda n_in, n_out: np.sqrt(6.0 / (n_in + n_out)),
    "he_uniform": lambda n_in, n_out: np.sqrt(6.0 / n_in),
}
RANDOM = sorted(set(INITIALIZERS) - {"constant"})


def test_the_table_covers_every_initializer():
    assert set(EXPECTED_VARIANCE) == set(INITIALIZERS)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_shape_is_n_in_by_n_out(name):
    W = INITIALIZERS[name](7, 3, np.random.default_rng(0))
    assert W.shape == (7, 3)
    assert W.dtype == np.float64


# Different fan-in and fan-out, so that a formula using the wrong one is caught.
@pytest.mark.parametrize("n_in, n_out", [(1000, 1000), (1500, 500)])
@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_variance_matches_the_table(name, n_in, n_out):
    W = INITIALIZERS[name](n_in, n_out, np.random.default_rng(1))
    expected = EXPECTED_VARIANCE[name](n_in, n_out)
    assert W.var() == pytest.approx(expected, rel=0.02, abs=1e-15)


@pytest.mark.parametrize("name", RANDOM)
def test_random_initializers_are_centred(name):
    W = INITIALIZERS[name](1000, 1000, np.random.default_rng(3))
    assert abs(W.mean()) < 0.01 * W.std()


@pytest.mark.parametrize("name", sorted(UNIFORM_BOUND))
def test_uniform_initializers_respect_and_reach_their_bound(name):
    n_in, n_out = 300, 200
    W = INITIALIZERS[name](n_in, n_out, np.random.default_rng(2))
    bound = UNIFORM_BOUND[name](n_in, n_out)
    assert np.abs(W).max() <= bound
    assert np.abs(W).max() > 0.99 * bound  # the whole interval is used, not a narrower one
    assert W.min() < -0.99 * bound  # both signs


@pytest.mark.parametrize("name", RANDOM)
def test_same_seed_gives_identical_weights(name):
    init = INITIALIZERS[name]
    assert np.array_equal(init(20, 30, np.random.default_rng(5)), init(20, 30, np.random.default_rng(5)))
    assert not np.array_equal(init(20, 30, np.random.default_rng(5)), init(20, 30, np.random.default_rng(6)))


@pytest.mark.parametrize("name", RANDOM)
def test_initializers_do_not_touch_the_global_random_state(name):
    state = np.random.get_state()
    INITIALIZERS[name](10, 10, np.random.default_rng(0))
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]


def test_constant_gives_identical_entries():
    W = constant(4, 6, np.random.default_rng(0))
    assert np.all(W == 0.5)
    assert np.all(constant(3, 2, np.random.default_rng(0), value=-1.25) == -1.25)


def test_get_initializer_returns_registered_functions_and_passes_callables_through():
    for name, init in INITIALIZERS.items():
        assert get_initializer(name) is init

    def custom(n_in, n_out, rng):
        return np.ones((n_in, n_out))

    assert get_initializer(custom) is custom


# --- The gain of an activation ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "gelu", "softplus"])
@pytest.mark.parametrize("q", [0.01, 1.0, 4.0])
def test_a_layer_with_var_w_of_g_squared_over_n_keeps_the_backward_variance(name, q):
    """Monte Carlo: δ_in = W (f'(z) ⊙ δ) with Var[W] = g²/n has the variance of δ."""
    from gradflow.activations import get_activation
    from gradflow.init import gain

    rng = np.random.default_rng(0)
    n, batch = 400, 2000
    f_grad = get_activation(name)[1]
    W = rng.normal(0.0, gain(name, q=q) / np.sqrt(n), size=(n, n))
    z, delta = rng.normal(0.0, np.sqrt(q), size=(batch, n)), rng.standard_normal((batch, n))
    back = (f_grad(z) * delta) @ W.T
    assert back.var() == pytest.approx(delta.var(), rel=0.05)


def test_gain_rejects_what_it_cannot_integrate():
    from gradflow.init import gain

    with pytest.raises(ValueError, match="cells must be even"):
        gain("tanh", cells=101)
    with pytest.raises(ValueError, match="q must be a positive finite number"):
        gain("tanh", q=0.0)
    with pytest.raises(ValueError, match="unknown activation 'sigmod'"):
        gain("sigmod")
    with pytest.raises(ValueError, match="no weight scale keeps the gradient"):
        gain(lambda z: 0.0 * z)
