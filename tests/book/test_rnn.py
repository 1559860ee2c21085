"""Every claim of the chapter "RNNs, LSTM and GRU", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import contextlib
import doctest
import io
from pathlib import Path

import numpy as np
import pytest

from gradflow.book import rnn as E
from gradflow.book.cache import settings
from gradflow.diagnostics import jacobian_product_norms
from gradflow.activations import sigmoid
from gradflow.lstm import cell_path_gradient, lstm_backward, lstm_forward, lstm_init
from gradflow.rnn import rnn_backward, rnn_forward, rnn_init


SNIPPETS = Path(__file__).parents[2] / "docs" / "snippets" / "rnn"


def snippet_namespace(name):
    """The variables a console snippet of the chapter leaves behind, once its code has run."""
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for example in doctest.DocTestParser().get_examples((SNIPPETS / name).read_text(encoding="utf-8")):
            exec(example.source, namespace)
    return namespace


def fitted_factor(n, values):
    """Per-step factor of the straight line fitted to log10(values) against n, and the fit's R²."""
    logs = np.log10(values)
    slope, intercept = np.polyfit(n, logs, 1)
    r2 = 1 - np.var(logs - (slope * n + intercept)) / np.var(logs)
    return 10**slope, r2


def test_bptt_gradient_is_the_upstream_gradient_times_the_product_of_step_jacobians():
    rng = np.random.default_rng(3)
    Wx, Wh, b = rnn_init(3, 5, rng, scale=1.3)
    H, cache = rnn_forward(rng.standard_normal((1, 8, 3)), np.zeros((1, 5)), Wx, Wh, b)
    dH = np.zeros_like(H)
    dH[0, -1] = rng.standard_normal(5)
    dh = rnn_backward(dH, cache).dh[0]
    product = np.eye(5)
    for t in range(7, 0, -1):
        product = product @ np.diag(1 - H[0, t] ** 2) @ Wh.T
        np.testing.assert_allclose(dH[0, -1] @ product, dh[t - 1], rtol=1e-12)
    # and the product's norm is what jacobian_product_norms returns
    assert jacobian_product_norms(H[0], Wh)[-1] == pytest.approx(np.linalg.norm(product, 2), rel=1e-12)


def test_pascanu_bound_holds_at_every_step_and_the_actual_norm_decays_exponentially():
    run = E.pascanu_products(scales=(0.5, 0.9), T=60)
    n = run["lags"]
    assert len(n) == 59
    factors = {}
    for scale in (0.5, 0.9):
        actual, bound = run[scale]["actual"], run[scale]["bound"]
        assert run[scale]["sigma_max"] == pytest.approx(scale, rel=1e-12)
        assert np.all(actual <= bound * (1 + 1e-12)), f"bound broken for sigma_max = {scale}"
        factor, r2 = fitted_factor(n, actual)
        assert r2 > 0.99, f"not a straight line on a log scale (R² = {r2:.4f})"
        assert factor < scale  # steeper than the bound: tanh' < 1 along the trajectory
        factors[scale] = factor
        assert actual[29] < 1e-3 * bound[29]  # far below the bound by n = 30
    # the page quotes per-step factors of about 0.36 and 0.61
    assert 0.30 < factors[0.5] < 0.42 and 0.55 < factors[0.9] < 0.67


def test_rnn_gradient_vanishes_at_sigma_1_and_explodes_backwards_at_sigma_2():
    run = E.rnn_gradient_profile(scales=(1.0, 1.5, 2.0), T=50)
    ratio = {scale: run[scale][0] / run[scale][-1] for scale in (1.0, 1.5, 2.0)}
    assert ratio[1.0] < 1e-3                 # page: 0.00021
    assert 1 < ratio[1.5] < 30               # page: 6.6, nearly flat
    assert ratio[2.0] > 300                  # page: 1.1e+03
    assert np.all(np.diff(run[2.0]) < 0)     # growing at every step back in time
    assert np.all(np.diff(run[1.0]) > 0)     # shrinking at every step back in time


def test_clipping_turns_the_exploding_rnns_divergent_training_into_a_finite_one():
    runs = E.exploding_rnn_training(scale=2.0, T=50, clip_norm=1.0)
    healthy, unclipped, clipped = runs["healthy"], runs["unclipped"], runs["clipped"]
    assert 1 / 12 * 0.8 < runs["baseline"] < 1 / 12 * 1.2
    # the same first gradient for both sigma = 2 runs, hundreds of times the healthy one
    assert unclipped["total_grad_norm"][0] == clipped["total_grad_norm"][0] > 100 * healthy["total_grad_norm"][0]
    assert clipped["total_grad_norm"][0] > 300
    # without clipping: the loss becomes inf and train_sgd stops there
    step = unclipped["diverged_at"]
    assert step is not None and not np.isfinite(unclipped["loss"][step]) and len(unclipped["loss"]) == step + 1
    assert unclipped["loss"][step - 1] > 1e250 and unclipped["report"].startswith(f"diverged at step {step}")
    # with clipping: every step finite, the loss falls, the gradient comes back to about the threshold
    assert clipped["diverged_at"] is None and np.all(np.isfinite(clipped["loss"])) and len(clipped["loss"]) == 1000
    assert np.mean(clipped["loss"][-100:]) < 0.3 * clipped["loss"][0]
    # the page: "after about 100 steps the norm comes back to about the threshold by itself"
    assert np.median(clipped["total_grad_norm"][:50]) > 10
    assert np.median(clipped["total_grad_norm"][100:200]) < 3 and np.median(clipped["total_grad_norm"][-500:]) < 3
    # and it ends about where the healthy RNN ends on this 50-step task: near the trivial baseline
    assert clipped["test_loss"] < 1.25 * runs["baseline"] and healthy["test_loss"] < 1.25 * runs["baseline"]
    assert abs(clipped["test_loss"] - healthy["test_loss"]) < 0.02


def test_the_unclipped_run_goes_to_inf_through_the_output_layer_once_the_recurrent_weights_stop():
    config = settings(E.exploding_rnn_training)
    runs = E.exploding_rnn_training(scale=2.0, T=50, clip_norm=1.0)
    run = runs["unclipped"]
    end = run["diverged_at"]
    climb = E.output_layer_divergence(run, lr=config["lr"])
    dead = climb["dead_from"]
    # the trigger: the first updates explode through time, the recurrent gradients dwarf the output layer's
    assert dead == 2
    assert np.all(run["grad_norms"][:dead, :2] > 100 * run["grad_norms"][:dead, 2:])
    assert run["grad_norms"][1, 1] > 1e10
    assert np.all(run["weight_norms"][dead, :2] > 1e9)      # page: W_x and W_h enormous
    # then every unit saturates: tanh' is exactly 0, so dWx = dWh = 0 exactly and W_x, W_h never move again
    assert run["saturated"] == 1.0
    assert np.all(run["grad_norms"][dead:end, :2] == 0)
    assert np.all(run["weight_norms"][dead:, :2] == run["weight_norms"][dead, :2])
    # the output layer reads one and the same vector of ±1 and a 1: curvature H + 1, as on the recap's quadratic
    assert run["output_curvature"] == pytest.approx(config["hidden"] + 1, rel=1e-12)
    assert climb["eta_lambda"] > 2 and climb["factor"] == pytest.approx(abs(1 - config["lr"] * (config["hidden"] + 1)))
    assert climb["w_out_growth"] == pytest.approx(climb["factor"], rel=1e-3)
    assert climb["loss_growth"] == pytest.approx(climb["factor"] ** 2, rel=1e-3)
    assert end - dead > 400                                  # the climb lasts hundreds of steps
    assert np.all(np.diff(np.log(run["weight_norms"][dead + 10:end, 2])) > 0)
    # with clipping nothing saturates, and the output layer ends below the threshold of 2
    clipped = runs["clipped"]
    assert clipped["saturated"] == 0.0 and config["lr"] * clipped["output_curvature"] < 2


def test_the_healthy_rnns_failure_at_50_steps_is_not_sgds_budget_alone(long_lag):
    runs = E.exploding_rnn_training(scale=2.0, T=50, clip_norm=1.0)
    assert runs["healthy"]["test_loss"] > 0.85 * runs["baseline"]      # at the trivial level, not below
    # with Adam, which makes up for merely small gradients, an RNN of the same kind fails on both sides of T = 50
    lags, rnn, base = list(long_lag["lags"]), long_lag["rnn"]["test_loss"], long_lag["baseline"]
    longer, shorter = [i for i, T in enumerate(lags) if T >= 40], [i for i, T in enumerate(lags) if T <= 20]
    assert min(lags[i] for i in longer) < 50 < max(lags[i] for i in longer)
    assert np.all(rnn[longer] > 0.85 * base[longer]) and np.all(rnn[shorter] < 0.2 * base[shorter])
    trained = long_lag["rnn"]["dh_trained"]
    assert trained[0] / trained[-1] < 1e-10                             # and the gradient through time vanishes


def test_under_plain_sgd_only_the_lstm_gets_below_the_trivial_level_at_40_steps(long_lag):
    sgd = E.long_lag(lags=(40,), optimizer="sgd", lr=1.0)
    assert E.long_lag(**E.SGD_CHECK)["lstm"]["test_loss"] == sgd["lstm"]["test_loss"]   # the page's call
    base = sgd["baseline"][0]
    assert base == long_lag["baseline"][list(long_lag["lags"]).index(40)]
    lstm, gru, rnn = (sgd[cell]["test_loss"][0] for cell in ("lstm", "gru", "rnn"))
    assert lstm < 0.5 * base                     # page: 0.026 against 0.083
    assert gru > 0.85 * base                     # still at the trivial level
    assert rnn > base                            # ends above it
    adam_lstm = long_lag["lstm"]["test_loss"][list(long_lag["lags"]).index(40)]
    assert lstm > 10 * adam_lstm                 # Adam buys speed: SGD's LSTM is far above Adam's


def test_the_prose_quotes_the_snippets_own_runs():
    facts = E.facts()
    cell_path = snippet_namespace("cell_path.pycon")
    path = cell_path_gradient(cell_path["cache"])[0]
    np.testing.assert_array_equal(path, E._cell_path_example())
    assert (facts["cell_path_min"], facts["cell_path_max"]) == (path.min(), path.max())
    sigma_one = snippet_namespace("exercise_sigma_one.pycon")
    norms, mean_tanh_prime = E._sigma_one_example()
    np.testing.assert_array_equal(norms, sigma_one["norms"])
    assert mean_tanh_prime == np.mean(1 - sigma_one["H"][0] ** 2)
    # "comes back by itself to about the threshold after some 100 steps"
    norm = E.exploding_rnn_training()["clipped"]["total_grad_norm"]
    settle = E.settles_after(norm, threshold=1.0)
    assert facts["clipped_settles"] == round(settle, -1) and 50 < settle < 200
    assert np.median(norm[:settle - 20]) > 10 and np.median(norm[settle:]) < 2


def test_forget_gate_bias_keeps_the_cell_path_open():
    run = E.forget_gate_paths(biases=(0.0, 1.0, 3.0), T=100)
    for bias in (0.0, 1.0, 3.0):
        assert run[bias]["mean_f"] == pytest.approx(float(sigmoid(bias)), abs=0.05)
        assert run[bias]["path"][-1] == 1.0 and np.all(np.diff(run[bias]["path"]) > 0)
    assert run[0.0]["path"][0] < 1e-25      # page: 6.3e-32 over 99 steps
    assert run[1.0]["path"][0] < 1e-10      # page: 1.5e-15
    assert run[3.0]["path"][0] > 1e-4       # page: 0.0018
    assert np.all(run[3.0]["path"][:-1] > run[1.0]["path"][:-1])
    assert np.all(run[1.0]["path"][:-1] > run[0.0]["path"][:-1])


@pytest.fixture(scope="module")
def long_lag():
    return E.long_lag(lags=(10, 20, 40, 80))


def test_adding_problem_baseline_is_about_one_twelfth(long_lag):
    assert np.all(np.abs(long_lag["baseline"] - 1 / 12) < 0.01)


def test_vanilla_rnn_fails_long_lags_that_lstm_and_gru_solve(long_lag):
    lags, base = list(long_lag["lags"]), long_lag["baseline"]
    assert lags == [10, 20, 40, 80]
    rnn, lstm, gru = (long_lag[cell]["test_loss"] for cell in ("rnn", "lstm", "gru"))
    # the shortest lag: all three well below the trivial baseline
    assert rnn[0] < 0.2 * base[0] and lstm[0] < 0.1 * base[0] and gru[0] < 0.1 * base[0]
    # T = 40 and 80: the RNN is at the baseline, the gated cells far below it and far below the RNN
    for i in (2, 3):
        assert rnn[i] > 0.85 * base[i], f"RNN at T = {lags[i]}"
        for name, loss in (("LSTM", lstm), ("GRU", gru)):
            assert loss[i] < 0.1 * base[i] and loss[i] < rnn[i] / 20, f"{name} at T = {lags[i]}"
    # the gated cells solve every length
    assert np.all(lstm < 0.05 * base) and np.all(gru < 0.05 * base)


def test_after_training_the_gradient_vanishes_through_time_for_the_rnn_only(long_lag):
    trained = {cell: long_lag[cell]["dh_trained"] for cell in ("rnn", "lstm", "gru")}
    init = {cell: long_lag[cell]["dh_init"] for cell in ("rnn", "lstm", "gru")}
    assert all(len(profile) == 80 for profile in trained.values())
    ratio = {cell: profile[0] / profile[-1] for cell, profile in trained.items()}
    assert ratio["rnn"] < 1e-10                               # page: 1e-14
    assert ratio["lstm"] > 1e-2 and ratio["gru"] > 1e-2       # page: 0.1 and 0.2
    assert min(ratio["lstm"], ratio["gru"]) > 1e8 * ratio["rnn"]
    # halfway back (t = 40) the same picture
    assert trained["rnn"][39] / trained["rnn"][-1] < 1e-5
    assert min(trained["lstm"][39] / trained["lstm"][-1], trained["gru"][39] / trained["gru"][-1]) > 1e-2
    # at initialization all three lose the gradient (the page says so)
    assert all(profile[0] / profile[-1] < 1e-3 for profile in init.values())


def test_lstm_and_gru_gradients_still_explode_when_the_recurrent_weights_grow():
    run = E.gated_explosion(factors=(1.0, 4.0, 8.0))
    for cell in ("lstm", "gru"):
        assert run[cell][0] < 1e-2                     # library init: vanishing, not exploding
        assert np.all(np.diff(np.log(run[cell])) > 0)  # larger Wh, larger growth
    assert run["lstm"][2] > 1e3 and run["gru"][2] > 1e6  # page: 4.7e+04 and 2.3e+11


def test_whether_the_unclipped_run_reaches_inf_depends_on_the_seed():
    """"From seed ... it does: inf at step ..., with eta*lambda = ...; from seed ... it does not: ...%
    of h_T saturate, but the sequences do not all end in the same state, eta*lambda is only ...".
    """
    facts, config = E.facts(), settings(E.exploding_rnn_training)
    gone, kept = E.unclipped_over_seeds()[facts["inf_seed"]], E.unclipped_over_seeds()[facts["finite_seed"]]
    assert gone["diverged_at"] == facts["inf_seed_at"] and gone["saturated"] == 1.0
    assert abs(gone["output_curvature"] - (config["hidden"] + 1)) < 1e-9 and gone["eta_lambda"] > 2
    assert kept["diverged_at"] is None and np.isfinite(kept["test_loss"])
    assert 0.5 < kept["saturated"] < 1 and kept["eta_lambda"] < 2
    assert kept["output_curvature"] < config["hidden"] + 1  # not one and the same state
    assert facts["inf_seeds_of"] < facts["all_seeds"]


def test_a_clipped_step_lets_the_output_weights_grow_by_at_most_eta_theta():
    """"each step is at most eta*theta long, so |W_out| grows by at most that much per step"."""
    config, clipped = settings(E.exploding_rnn_training), E.exploding_rnn_training()["clipped"]
    growth = np.diff(clipped["weight_norms"][:, 2])
    assert growth.max() <= config["lr"] * config["clip_norm"] + 1e-12
