"""Every claim the chapters make about the experiments' numbers, checked on the very runs the pages show.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np
import pytest

from gradflow import experiments as E


def test_nielsen_speeds_fall_towards_the_input_at_every_depth_and_seed():
    speeds = E.nielsen_speeds_at_init(depths=(1, 2, 3, 4), seeds=5, n=1000)
    for depth in (2, 3, 4):
        assert np.all(np.diff(speeds[depth], axis=1) > 0), f"depth {depth}"
    two, four = speeds[2].mean(axis=0), speeds[4].mean(axis=0)
    assert 3 < two[1] / two[0] < 10          # Nielsen: the first hidden layer is 4-5x slower than the second
    assert 50 < four[-1] / four[0] < 500     # and about 100x slower than the last of four


def test_sigmoid_training_early_layers_barely_move_but_never_freeze():
    run = E.sigmoid_training(hidden_layers=4, steps=2000, lr=1.0)
    early = run["speeds"][:200].mean(axis=0)
    assert early[3] / early[0] > 50
    assert run["speeds"].min() > 0
    at_1000 = run["relative_change"][run["checkpoint_steps"] == 1000][0]
    assert at_1000[0] < 0.2 and at_1000[1] < 0.2 and at_1000[3] > 0.4 and at_1000[4] > 0.4
    assert np.all(run["relative_change"][-1] > 0.5)  # by the end every layer has moved


def test_random_matrix_products_grow_exponentially_over_many_seeds():
    norms = E.matrix_products(n_factors=100, size=4, trials=500)
    log_median = np.log10(np.median(norms, axis=0))
    k = np.arange(1, 101)
    slope, intercept = np.polyfit(k, log_median, 1)
    fit = 1 - np.var(log_median - (slope * k + intercept)) / np.var(log_median)
    assert slope > 0.2 and fit > 0.999
    assert np.mean(norms[:, -1] > 1e20) > 0.95


def test_too_large_initial_weights_explode_and_training_stops_at_the_divergent_step():
    runs = E.exploding_relu(scales=(1.0, 2.0), hidden_layers=8, width=64)
    he, doubled = runs[1.0], runs[2.0]
    assert 0.5 < he["speeds"][0] / he["speeds"][-1] < 2
    assert doubled["speeds"][0] / doubled["speeds"][-1] > 50
    assert np.all(np.diff(doubled["speeds"]) < 0)  # growing at every layer towards the input
    assert he["diverged_at"] is None and np.isfinite(he["loss"]).all()
    step = doubled["diverged_at"]
    assert step is not None and not np.isfinite(doubled["loss"][step]) and len(doubled["loss"]) == step + 1
    assert doubled["report"].startswith(f"diverged at step {step}")


def test_born_dead_matches_the_formula_within_monte_carlo_error():
    run = E.born_dead(widths=(2, 3, 4), max_depth=30, trials=4000)
    z_scores = []
    for width in (2, 3, 4):
        exact, estimate = run[width]["exact"], run[width]["estimate"]
        se = np.sqrt(exact * (1 - exact) / 4000)
        z_scores.append((estimate - exact) / se)
    z = np.concatenate(z_scores)
    assert np.all(np.abs(z) < 4)
    assert np.mean(z**2) < 2  # about 1 if the errors are only Monte Carlo noise


def test_dying_relu_stays_dead_while_leaky_relu_recovers():
    run = E.dying_relu(bias_shift=-3.0, steps=400)
    relu, leaky = run["relu"], run["leaky_relu"]
    assert relu["dead_before"] == 0 and relu["dead_after_shift"] > 0.5
    assert relu["dead_grad_norm"] == 0.0
    assert relu["dead_after_training"] >= relu["dead_after_shift"]
    assert leaky["dead_grad_norm"] > 0
    assert leaky["dead_after_training"] < leaky["dead_after_shift"]
    assert leaky["accuracy_after_training"] > relu["accuracy_after_training"] + 0.1


def test_activation_table_facts():
    table = E.activation_table(n=1_000_000, repeats=7)
    assert table["sigmoid"]["max_grad"] == pytest.approx(0.25)
    assert abs(table["sigmoid"]["argmax_lo"]) < 1e-3 and table["tanh"]["max_grad"] == pytest.approx(1.0)
    centred = [name for name, row in table.items() if abs(row["mean_on_normal"]) < 0.05]
    assert centred == ["tanh"]
    assert (table["sigmoid"]["min"], table["sigmoid"]["max"]) == pytest.approx((0.0, 1.0), abs=1e-6)
    assert not table["sigmoid"]["min_attained"] and table["relu"]["min_attained"]
    assert table["gelu"]["min"] == pytest.approx(-0.17, abs=0.005) and table["gelu"]["min_attained"]
    assert all(row["ns_per_element"] > 0 for row in table.values())
