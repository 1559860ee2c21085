"""Every claim of the chapter "Batch normalization", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

from pathlib import Path

import numpy as np
import pytest

from gradflow import MLP
from gradflow.book import batchnorm as E
from gradflow.batchnorm import RunningStats, batchnorm_backward, batchnorm_forward, layernorm_forward


@pytest.fixture(scope="module")
def stats():
    return E.bn_layer_stats(hidden_layers=15, width=64, n=256)


@pytest.fixture(scope="module")
def training():
    return E.bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64)


def test_batchnorm_keeps_every_layer_input_at_unit_spread_while_the_plain_net_collapses(stats):
    bn, plain = stats["batchnorm"]["input_std"], stats["plain"]["input_std"]
    assert np.all(np.abs(bn - 1) < 1e-3)
    # Plain: about fourfold smaller at every layer, down to ~1e-9 after 15 layers.
    shrink = plain[:-1] / plain[1:]
    assert np.all((3 < shrink) & (shrink < 6))
    assert plain[-1] / plain[0] < 1e-7
    # The sigmoid's output spread stays flat with batch norm (about 0.21).
    assert np.ptp(stats["batchnorm"]["output_std"]) < 0.01


def test_batchnorm_keeps_weight_gradients_flat_while_the_plain_net_vanishes(stats):
    bn, plain = stats["batchnorm"]["grad_W"], stats["plain"]["grad_W"]
    assert 0.5 < bn[0] / bn[14] < 2                 # page: layer 1 / layer 15 = 1
    assert bn[:15].max() / bn[:15].min() < 1.5      # every hidden layer within 50% of the others
    assert np.all(np.abs(bn[:15] - 0.25) < 0.05)    # the figure's "around 0.25"
    assert plain[0] / plain[14] < 1e-8              # page: 1.5e-9
    assert np.all(np.diff(plain) > 0)               # shrinking at every layer towards the input
    assert 1e9 < plain[-1] / plain[0] < 1e10        # figure: more than nine orders of magnitude, output to layer 1


def test_batchnorm_net_trains_while_the_plain_net_stays_at_guessing(training):
    plain, bn = training["plain"], training["batchnorm"]
    assert abs(plain["loss"][-50:].mean() - np.log(10)) < 0.02
    assert plain["accuracy"] <= 0.11
    assert bn["loss"][-50:].mean() < 0.5
    assert bn["accuracy"] > 0.85


def test_eval_mode_lags_early_and_agrees_once_the_running_statistics_converge(training):
    steps = training["checkpoints"]
    early = steps <= 20
    late = steps >= 100
    assert np.all(training["eval_accuracy"][early] <= 0.11)            # eval mode predicts one class
    assert training["train_mode_accuracy"][steps == 20][0] > 0.4       # while train mode already learns
    assert np.all(training["running_var_error"][early] > 2)            # running variance off by > 200%
    assert np.all(training["running_var_error"][late] < 0.1)           # a few percent
    gap = np.abs(training["eval_accuracy"] - training["train_mode_accuracy"])
    assert np.all(gap[late] < 0.05)
    assert np.all(training["mode_gap"][early] > 0.4) and np.all(training["mode_gap"][late] < 0.3)


def test_scale_invariance_and_the_one_over_a_weight_gradient():
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(32, 5)), rng.normal(size=(5, 4))
    gamma, beta, dout = np.ones(4), np.zeros(4), rng.normal(size=(32, 4))
    out, cache = batchnorm_forward(X @ W, gamma, beta)
    dW = X.T @ batchnorm_backward(dout, cache)[0]
    for a in (10.0, 1000.0):
        out_a, cache_a = batchnorm_forward(X @ (a * W), gamma, beta)
        assert np.allclose(out_a, out, atol=1e-5)
        assert np.allclose(X.T @ batchnorm_backward(dout, cache_a)[0], dW / a, rtol=1e-4, atol=1e-12)
    # Without eps the invariance would be exact; with eps = 0 it is, to rounding.
    out_0, _ = batchnorm_forward(X @ (0.1 * W), gamma, beta, eps=1e-300)
    out_1, _ = batchnorm_forward(X @ W, gamma, beta, eps=1e-300)
    assert np.allclose(out_0, out_1, atol=1e-12)


def test_scale_invariance_inside_an_mlp():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(40, 6)), rng.integers(0, 3, 40)
    net = MLP([6, 10, 10, 3], activation="sigmoid", batchnorm=True, rng=np.random.default_rng(0))
    loss, grads = net.loss_and_grads(X, y)
    net.W[0] *= 10.0
    loss_10, grads_10 = net.loss_and_grads(X, y)
    assert loss_10 == pytest.approx(loss, rel=1e-6)
    assert np.allclose(grads_10.dW[0], grads.dW[0] / 10, rtol=1e-3, atol=1e-12)


def test_train_mode_depends_on_the_batch_and_eval_mode_does_not():
    rng = np.random.default_rng(0)
    net = MLP([4, 8, 3], activation="tanh", batchnorm=True, rng=rng)
    x = np.ones((1, 4))
    batch_a = np.vstack([x, rng.normal(size=(7, 4))])
    batch_b = np.vstack([x, rng.normal(size=(7, 4))])
    assert not np.allclose(net.predict(batch_a, mode="train")[0], net.predict(batch_b, mode="train")[0], atol=0.1)
    assert np.array_equal(net.predict(batch_a)[0], net.predict(batch_b)[0])


def test_batch_norm_makes_a_deep_plain_relu_net_explode_at_the_mean_field_rate():
    """"each batch-norm layer multiplies the gradient by about sqrt(pi / (pi - 1)) on the way back
    (Yang et al. 2019), while the same net without it keeps the gradient flat"."""
    facts = E.facts()
    assert abs(facts["bn_growth"] / facts["mean_field_growth"] - 1) < 0.03
    assert abs(facts["plain_growth"] - 1) < 0.02 and 0.5 < facts["plain_first_over_last"] < 2
    assert facts["bn_first_over_last"] > 1e3
    run = E.bn_gradient_explosion()
    assert np.all(np.diff(np.log(run["batchnorm"])) < 0)  # growing at every layer towards the input


# --- What initialization alone buys: the sigmoid at the init chapter's gain (4 × Xavier) ------------

def test_the_control_net_is_the_plain_net_at_the_gain_of_the_init_chapters_table():
    from gradflow.init import gain

    assert E.SIGMOID_GAIN == pytest.approx(gain("sigmoid", q=1e-12), rel=1e-9) and E.SIGMOID_GAIN == 4
    plain = E.deep_sigmoid_net(15, batchnorm=False)
    gained = E.deep_sigmoid_net(15, batchnorm=False, gain=E.SIGMOID_GAIN)
    assert all(np.allclose(Wg, E.SIGMOID_GAIN * Wp, rtol=1e-12, atol=0) for Wg, Wp in zip(gained.W, plain.W))


def test_the_gain_buys_gradient_but_the_offset_of_the_sigmoid_keeps_the_signal_shrinking(stats):
    """"the gradient of layer 1 is now 4.2e-4 times that of layer 15, against 1.5e-9 at Xavier init"; "from layer 2
    on, [the offset's] size averages 1.78, against 0.39"; "its mean slope is 0.14 instead of about ¼"; "the spread
    between images still shrinks, about 1.6-fold per layer"."""
    facts = E.facts()
    plain, gained, bn = stats["plain"], stats["plain_gain"], stats["batchnorm"]
    assert facts["gain_ratio"] > 1e4 * facts["plain_ratio"] and facts["gain_ratio"] < 1e-2   # far better, not healed
    assert np.all(np.diff(gained["grad_W"][:15]) > 0)                        # still shrinking towards the input
    # the offset grows with the weights, the slope falls below 1/4 and the gain no longer makes up for it
    assert 3 < facts["gain_offset"] / facts["plain_offset"] < 5 and facts["gain_offset"] > 1
    assert np.all(gained["slope"][1:] < 0.2) and np.all(plain["slope"][1:] > 0.22)
    assert facts["sigmoid_gain"] * facts["gain_slope"] < 0.7
    shrink = gained["input_std"][:-1] / gained["input_std"][1:]
    assert np.all(shrink > 1) and 1.3 < facts["gain_shrink"] < 2
    assert gained["output_std"][-1] < 1e-3                                   # the last layer: nearly one vector
    # batch norm subtracts the offset: zero offset, the same slope at every layer
    assert np.all(bn["input_offset"] < 1e-12) and np.ptp(bn["slope"]) < 0.01


def test_the_net_at_the_sigmoids_gain_learns_nothing_either(training):
    """"The net at 4 × Xavier does no better (loss 2.316, accuracy 10%)"."""
    gained, bn = training["plain_gain"], training["batchnorm"]
    assert abs(gained["loss"][-50:].mean() - np.log(10)) < 0.05 and gained["accuracy"] <= 0.11
    assert bn["loss"][-50:].mean() < gained["loss"][-50:].mean() / 5


# --- The prose numbers: the same as the snippets print ----------------------------------------------

SNIPPETS = Path(__file__).parents[2] / "docs" / "snippets" / "batchnorm"


def test_the_first_snippets_features_are_those_the_prose_quotes():
    facts, shown = E.facts(), (SNIPPETS / "bn_basics.pycon").read_text(encoding="utf-8")
    defaults = E.settings(E.uneven_features)  # what facts() draws: the snippet's call spells out the same
    assert f"uneven_features(means={defaults['means']}, stds={defaults['stds']}, n={defaults['n']})" in shown
    for value in facts["feature_means"][:2] + facts["feature_stds"][:2]:
        assert f"{value:.2f}" in shown


def test_the_scale_invariance_numbers_are_those_the_snippet_prints():
    facts, shown = E.facts(), (SNIPPETS / "scale_invariance.pycon").read_text(encoding="utf-8")
    for a in (facts["rescale_small"], *facts["rescale_large"]):
        assert f"a = {a:6}" in shown
    assert f"{facts['rescale_small_change']:.0e}" in shown and f"{facts['rescale_large_change']:.0e}" in shown
    assert f"between {facts['rescale_small_ratio_min']:.4g} and {facts['rescale_small_ratio_max']:.4g}" in shown


def test_eval_mode_catches_up_about_when_exercise_4_says(training):
    """Exercise 4: the initial value weighs less than 1% after 44 steps, "from about step 50, eval mode catches up"."""
    facts = E.facts()
    assert facts["guess_until"] < 44 <= facts["converged_step"] <= 60
    assert facts["final_eval"] > 90 and abs(facts["final_eval"] - facts["final_train_mode"]) < 5
