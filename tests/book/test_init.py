"""Every claim of the chapter "Weight initialization", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np
import pytest

from gradflow.book import init as E
from gradflow.diagnostics import unit_spread
from gradflow.init import prelu_normal
from gradflow.mlp import MLP


# --- Symmetry -------------------------------------------------------------------------------------

def test_constant_init_keeps_hidden_units_identical_and_random_init_does_not():
    run = E.symmetry_training()
    constant, random = run["constant"], run["xavier_normal"]
    assert np.all(constant["spread_before"] == 0) and np.all(constant["spread_after"] == 0)
    # at every recorded step, every column of W¹ equals the first one, exactly
    W1 = constant["W1"]
    assert np.array_equal(W1, np.broadcast_to(W1[:, :, :1], W1.shape))
    assert not np.allclose(W1[-1], W1[0])  # yet the weights did move: training happened
    assert np.all(random["spread_after"] > 1.0)
    # the symmetric net is a one-unit-per-layer net in disguise: it fits the moons worse
    assert random["accuracy"] >= 0.99 and constant["accuracy"] < 0.95


def test_unit_spread_sees_a_single_differing_unit():
    net = MLP([2, 4, 3, 2], init="constant", rng=np.random.default_rng(0))
    net.W[1][2, 1] += 0.25
    assert unit_spread(net).tolist() == [0.0, 0.25]


# --- Glorot & Bengio (2010) -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def glorot():
    return E.glorot_at_init(width=500)


def test_standard_init_shrinks_back_propagated_gradients_towards_the_input(glorot):
    standard = glorot["standard_uniform"]["delta_var"]
    assert np.all(np.diff(standard) > 0)                  # smaller at every layer closer to the input
    ratios = standard[:-1] / standard[1:]
    assert np.all((0.25 < ratios) & (ratios < 0.4))       # about n·Var[W] = 1/3 per layer
    assert standard[0] / standard[-1] < 0.03              # (1/3)^4 ≈ 0.012; we measure 0.011


def test_normalized_init_keeps_back_propagated_gradients_roughly_constant(glorot):
    normalized = glorot["xavier_uniform"]["delta_var"]
    ratios = normalized[:-1] / normalized[1:]
    assert np.all((0.85 < ratios) & (ratios < 1.15))
    assert 0.7 < normalized[0] / normalized[-1] <= 1.0    # we measure 0.82


def test_standard_init_shrinks_activations_with_depth_and_normalized_does_not(glorot):
    standard = glorot["standard_uniform"]["activation_std"]
    normalized = glorot["xavier_uniform"]["activation_std"]
    assert np.all(np.diff(standard) < 0) and standard[-1] / standard[0] < 0.2   # 0.239 -> 0.026
    assert normalized[-1] / normalized[0] > 0.8                                  # 0.200 -> 0.174


def test_weight_gradient_variance_is_roughly_the_same_across_layers(glorot):
    standard = glorot["standard_uniform"]["grad_var"]
    normalized = glorot["xavier_uniform"]["grad_var"][1:]  # layer 1 sees the pixels, not a hidden layer
    assert standard.max() / standard.min() < 1.3
    assert normalized.max() / normalized.min() < 1.3


def test_mean_jacobian_singular_value_is_lower_for_standard_than_for_normalized(glorot):
    standard = glorot["standard_uniform"]["jacobian_sv"].mean()
    normalized = glorot["xavier_uniform"]["jacobian_sv"].mean()
    assert 0.4 < standard < 0.55          # we measure 0.49; the paper reports about 0.5
    assert 0.75 < normalized < 0.9        # we measure 0.82; the paper reports about 0.8
    assert normalized - standard > 0.25


def test_histograms_are_densities_on_their_edges(glorot):
    for init in E.GLOROT_INITS:
        for key, edges in [("activation_hist", glorot["activation_edges"]), ("delta_hist", glorot["delta_edges"])]:
            mass = glorot[init][key] @ np.diff(edges)
            assert np.all(mass == pytest.approx(1.0))


def test_jacobian_singular_values_match_a_full_svd():
    rng = np.random.default_rng(0)
    W, z = rng.normal(size=(30, 30)) / np.sqrt(30), rng.normal(size=30)
    J = (1 - np.tanh(z) ** 2)[:, None] * W.T
    assert np.allclose(np.sort(E._jacobian_singular_values(W, z)), np.sort(np.linalg.svd(J, compute_uv=False)))


# --- He et al. (2015) -----------------------------------------------------------------------------

def per_layer_factor(variances):
    """Geometric mean of Var[z^(l+1)] / Var[z^l], as the page prints it."""
    return float(np.exp(np.mean(np.log(variances[1:] / variances[:-1]))))


@pytest.fixture(scope="module")
def he():
    return E.he_signal(depth=30, slope=0.5)


def test_xavier_halves_the_relu_signal_variance_at_every_layer(he):
    assert 0.45 < per_layer_factor(he["relu_xavier"]) < 0.55   # we measure 0.506
    ratios = he["relu_xavier"][1:] / he["relu_xavier"][:-1]
    assert np.all((0.4 < ratios) & (ratios < 0.65))
    assert he["relu_xavier"][-1] < 1e-7


def test_he_init_keeps_the_relu_signal_variance(he):
    assert 0.9 < per_layer_factor(he["relu_he"]) < 1.1          # we measure 1.012
    assert 0.5 < he["relu_he"][-1] / he["relu_he"][0] < 2


def test_plain_he_init_lets_a_leaky_relu_signal_grow_and_the_prelu_correction_keeps_it(he):
    assert 1.2 < per_layer_factor(he["leaky_he"]) < 1.3         # (1 + 0.5²) = 1.25; we measure 1.254
    assert he["leaky_he"][-1] / he["leaky_he"][0] > 100
    assert 0.9 < per_layer_factor(he["leaky_prelu"]) < 1.1      # we measure 1.003
    assert 0.5 < he["leaky_prelu"][-1] / he["leaky_prelu"][0] < 2


def test_prelu_normal_has_the_corrected_variance():
    for slope in (0.0, 0.25, 0.5):
        W = prelu_normal(slope)(1000, 800, np.random.default_rng(0))
        assert W.var() == pytest.approx(2 / ((1 + slope**2) * 1000), rel=0.02)


def test_a_30_layer_relu_net_stalls_from_xavier_and_learns_from_he():
    run = E.deep_relu_training(depth=30)
    xavier, he = run["xavier_normal"], run["he_normal"]
    assert xavier["diverged_at"] is None and he["diverged_at"] is None
    assert abs(xavier["loss"][-50:].mean() - np.log(10)) < 0.01   # stuck at a uniform guess
    assert xavier["accuracy"] < 0.15
    assert he["loss"][-50:].mean() < 1.6 and he["accuracy"] > 0.35


# --- The gain of each activation (the table of "Which init to choose") ----------------------------

def test_xavier_suits_tanh_and_leaves_the_sigmoid_a_factor_of_at_least_four_per_layer():
    from gradflow.init import gain

    small = 1e-12  # the table's small-z column
    assert gain("tanh", q=small) == pytest.approx(1.0) and gain("sigmoid", q=small) == pytest.approx(4.0)
    # "at Xavier init every sigmoid layer divides the gradient's standard deviation by at least 4"
    assert all(gain("sigmoid", q=q) >= 4.0 for q in (1e-6, 0.1, 1.0, 10.0))
    # "for tanh and the sigmoid the N(0, 1) column is larger than the small-z one: saturation"
    assert gain("tanh") > gain("tanh", q=small) and gain("sigmoid") > gain("sigmoid", q=small)
    # "ReLU and leaky ReLU ... their gain is the same at every scale"
    for name in ("relu", "leaky_relu"):
        assert [gain(name, q=q) for q in (small, 1.0, 100.0)] == pytest.approx([gain(name)] * 3, rel=1e-9)
    assert gain("relu") == pytest.approx(np.sqrt(2.0), rel=1e-9)


def test_at_xavier_init_every_layer_of_the_deep_relu_net_gets_a_weight_gradient_shrunk_alike():
    """"every layer's weight gradient is shrunk by a factor of the same order of magnitude: the
    failure is global, not confined to the early layers" (30 ReLU layers, Xavier against He)."""
    from gradflow.book.cache import settings
    from gradflow.book.nets import digits_mlp, standardized_digits

    run = settings(E.deep_relu_training)
    X, y, _, _ = standardized_digits(run["n"], seed=0)
    norms = {}
    for init in ("xavier_normal", "he_normal"):
        net = digits_mlp(run["depth"], width=run["width"], activation="relu", init=init, rng=np.random.default_rng(1))
        norms[init] = np.array([np.linalg.norm(dW) for dW in net.loss_and_grads(X, y)[1].dW])
    shrink = norms["xavier_normal"] / norms["he_normal"]
    assert shrink.max() < 1e-3 and shrink.max() / shrink.min() < 10


def test_with_the_standard_init_the_weight_gradients_variance_is_flat_layer_one_included():
    """"1.04 over layers 2 to 5, and only a little more with layer 1 included"."""
    v = E.glorot_at_init(width=500)["standard_uniform"]["grad_var"]
    assert v[1:].max() / v[1:].min() < 1.1 and v.max() / v.min() < 1.2


def test_with_the_standard_init_every_layer_gets_weight_gradients_of_a_far_smaller_variance():
    """"all 5 layers get weight gradients whose variance is ... or more times smaller than with the normalized init"."""
    run = E.glorot_at_init(width=500)
    gap = run["xavier_uniform"]["grad_var"] / run["standard_uniform"]["grad_var"]
    assert gap.min() == E.facts()["grad_var_gap"] and gap.min() > 100   # two orders of magnitude, in variance


def test_the_settings_the_prose_quotes_are_those_of_the_runs_the_snippets_show():
    facts = E.facts()
    symmetry = E.symmetry_training()["constant"]
    assert symmetry["W1"].shape[2] == facts["sym_units"] and symmetry["recorded_steps"][-1] == facts["sym_steps"]
    glorot = E.glorot_at_init(width=500)["standard_uniform"]
    assert len(glorot["delta_var"]) == facts["glorot_layers"] and facts["glorot_width"] == 500
    assert len(glorot["jacobian_sv"]) == facts["glorot_layers"] - 1
    assert len(E.he_signal(depth=30, slope=0.5)["relu_he"]) == facts["he_depth"] and facts["he_slope"] == 0.5
    assert len(E.deep_relu_training(depth=30)["he_normal"]["loss"]) == facts["steps"] and facts["depth"] == 30


def test_the_prose_quotes_the_leaky_slope_the_variance_check_runs_with():
    """The page's α and (1 + α²)/2 come from facts(); the console session it shows must use that α."""
    from pathlib import Path

    session = (Path(__file__).resolve().parents[2] / "docs" / "snippets" / "init" / "variance_facts.pycon").read_text()
    assert f">>> alpha = {E.LEAKY_CHECK_ALPHA}\n" in session
    assert E.facts()["leaky_check_keep"] == 0.625
