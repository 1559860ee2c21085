"""Every claim of the chapter "Residual connections", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np
import pytest

from gradflow.book import residual as E
from gradflow.book.nets import standardized_digits
from gradflow.residual import ResidualMLP, residual_backward, residual_forward


@pytest.fixture(scope="module")
def by_depth():
    return E.gradients_by_depth(blocks=20, width=64, n=256)


@pytest.fixture(scope="module")
def training():
    return E.plain_vs_residual_training(blocks=20, width=64, steps=400, lr=0.03, batch_size=64)


def test_fifty_identity_blocks_carry_the_very_same_gradient_to_every_depth():
    rng = np.random.default_rng(0)
    net = ResidualMLP(64, 32, 10, depth=50, init_branch_zero=True, rng=rng)
    _, grads = net.loss_and_grads(rng.normal(size=(16, 64)), rng.integers(0, 10, 16))
    assert len(grads.dhidden) == 51
    assert all(np.array_equal(dx, grads.dhidden[-1]) for dx in grads.dhidden)


def test_a_nonzero_branch_adds_its_own_jacobian_to_the_identity():
    # dy/dx = I + dF/dx: the block's Jacobian and the branch's alone (shortcut_scale=0), by finite differences.
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1, 4))
    params = [rng.normal(size=(4, 6)), rng.normal(size=6), rng.normal(size=(6, 4)), np.zeros(4)]

    def jacobian(scale, h=1e-6):
        J = np.empty((4, 4))
        for i in range(4):
            e = np.zeros((1, 4))
            e[0, i] = h
            J[i] = (residual_forward(x + e, *params, activation="tanh", shortcut_scale=scale)[0]
                    - residual_forward(x - e, *params, activation="tanh", shortcut_scale=scale)[0])[0] / (2 * h)
        return J  # J[i, j] = d y_j / d x_i

    J_block, J_branch = jacobian(1.0), jacobian(0.0)
    assert np.allclose(J_block, np.eye(4) + J_branch, atol=1e-8)
    assert np.abs(J_branch).max() > 0.1
    _, cache = residual_forward(x, *params, activation="tanh")
    dout = rng.normal(size=(1, 4))
    dx = residual_backward(dout, cache).dx
    assert np.allclose(dx, dout @ J_block.T, atol=1e-8)


def test_shortcut_scale_multiplies_the_gradient_by_lambda_to_the_depth():
    run = E.shortcut_scale_gradients(scales=(0.9, 1.0, 1.1), depth=50)
    k = run["blocks_below"]
    for lam in (0.9, 1.0, 1.1):
        np.testing.assert_allclose(run[lam], lam ** k.astype(float), rtol=1e-12)
    assert run[0.9][-1] == pytest.approx(0.00515, rel=1e-3) and run[1.1][-1] == pytest.approx(117.4, rel=1e-3)


def test_plain_net_gradients_vanish_and_residual_ones_stay_flat(by_depth):
    plain, residual = by_depth["plain"]["norms"], by_depth["residual"]["norms"]
    assert 1e-7 < plain[0] / plain[-1] < 1e-5             # page: 1.47e-06, "nearly six orders of magnitude"
    assert np.all(np.diff(plain) > 0)                      # shrinking at every layer towards the input
    assert np.all(residual == residual[-1])                # exactly flat
    assert len(by_depth["plain"]["layers"]) == 41 and by_depth["residual"]["layers"][-1] == 41


def test_random_branches_do_not_vanish_but_grow_towards_the_input(by_depth):
    norms = by_depth["residual_random"]["norms"]
    assert np.all(np.diff(norms) < 0)                      # larger at every block closer to the input
    assert 20 < norms[0] / norms[-1] < 200                 # page: about 60
    he = by_depth["plain_he"]["norms"]
    assert 0.5 < he[0] / he[-1] < 4                        # page: 2.13, roughly flat at init


def test_residual_net_trains_to_a_lower_loss_than_the_plain_net(training):
    plain, residual, he = training["plain"], training["residual"], training["plain_he"]
    assert all(r["diverged_at"] is None for r in (plain, residual, he))
    assert abs(plain["loss"][-50:].mean() - np.log(10)) < 0.01 and plain["accuracy"] <= 0.11
    assert residual["loss"][-50:].mean() < 0.05 and residual["accuracy"] > 0.98
    assert residual["loss"][-50:].mean() < plain["loss"][-50:].mean() / 20
    assert residual["loss"][:20].mean() / residual["loss"][-50:].mean() > 50   # figure: nearly two orders down
    # The exercise: He init rescues the plain net's gradient at init, but it still trains far slower.
    assert 1.0 < he["loss"][-50:].mean() < plain["loss"][-50:].mean()
    assert he["loss"][-50:].mean() / residual["loss"][-50:].mean() > 50        # "nearly a hundred times"
    assert he["accuracy"] < 0.6


def test_against_a_fair_plain_baseline_the_shortcuts_make_the_difference_and_the_branch_scale_matters(training):
    """"the plain net at He initialization ... learns only a little in 400 steps, while the residual
    net with zero branches fits the training set"; "with random branches the same residual net
    diverges within a few steps"."""
    run = training
    last = {name: r["loss"][-50:].mean() for name, r in run.items() if r["diverged_at"] is None}
    assert run["residual"]["accuracy"] > 0.99 and run["plain_he"]["accuracy"] < 0.5
    assert last["plain_he"] > 10 * last["residual"] and last["plain_he"] < 0.9 * np.log(10)
    assert run["residual_random"]["diverged_at"] is not None and run["residual_random"]["diverged_at"] < 10


def test_zero_branches_make_the_residual_net_linear_at_init_so_its_flat_line_is_by_construction(by_depth):
    """Figure 1's caption: "exactly flat, by construction: ... the whole net is the linear map X W_in W_out"."""
    net = E.make_net("residual", 20)
    X, _, _, _ = standardized_digits(256, seed=0)
    linear = (X @ net.W[0] + net.b[0]) @ net.W[-1] + net.b[-1]
    assert np.array_equal(net.predict(X), linear)
    assert np.all(by_depth["residual"]["norms"] == by_depth["residual"]["norms"][0])


def test_the_deeper_plain_net_trains_worse_than_a_shallower_one_the_degradation_problem(training):
    """Exercise 4: the 42-layer plain net at He init, healthy at init (ratio 2.13), ends with a far higher
    training loss than the 10-layer one trained the same way (0.313 against 1.772)."""
    facts = E.facts()
    shallow, deep = E.shallow_plain_training(), training["plain_he"]
    assert shallow["layers"] == facts["shallow_layers"] == 10 and deep["layers"] == facts["layers"] == 42
    assert shallow["diverged_at"] is None and deep["diverged_at"] is None
    assert shallow["loss"][-50:].mean() < deep["loss"][-50:].mean() / 3
    assert shallow["accuracy"] > 0.9 > 0.5 > deep["accuracy"]
    assert 0.5 < facts["he_ratio"] < 4                     # the deep net's gradient is healthy at init
    assert len(shallow["loss"]) == len(deep["loss"]) == facts["training_steps"]   # the same SGD, as long


def test_a_deeper_plain_relu_net_can_compute_exactly_what_the_shallower_one_computes():
    """Exercise 4: the shallower net's hidden layers, then 32 layers with W = I and b = 0, then its output layer."""
    shallow, deep = E.make_net("plain_he", E.SHALLOW_BLOCKS), E.make_net("plain_he", 20)
    hidden = len(shallow.W) - 1
    for layer in range(len(deep.W) - 1):
        deep.W[layer], deep.b[layer] = ((shallow.W[layer], shallow.b[layer]) if layer < hidden
                                        else (np.eye(64), np.zeros(64)))
    deep.W[-1], deep.b[-1] = shallow.W[-1], shallow.b[-1]
    X, _, _, _ = standardized_digits(256, seed=0)
    assert len(deep.W) - len(shallow.W) == 32
    assert np.array_equal(deep.predict(X), shallow.predict(X))


def test_the_scaled_shortcuts_prose_reads_lambda_to_the_depth():
    """"Just 10% away from 1 per block, and after 50 blocks the gradient has shrunk to 0.00515 ... or grown 117-fold"."""
    facts = E.facts()
    assert facts["scale_high"] - 1 == pytest.approx(1 - facts["scale_low"]) == pytest.approx(facts["scale_step_pct"] / 100)
    assert facts["shrunk"] == pytest.approx(facts["scale_low"] ** facts["scale_depth"], rel=1e-12)
    assert facts["grown"] == pytest.approx(facts["scale_high"] ** facts["scale_depth"], rel=1e-12)
