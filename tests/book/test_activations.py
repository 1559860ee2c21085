"""Every claim of the chapter "Activation functions", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np
import pytest

from gradflow.book import activations as E


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
    table = E.activation_table()
    assert table["sigmoid"]["max_grad"] == pytest.approx(0.25)
    assert abs(table["sigmoid"]["argmax_lo"]) < 1e-3 and table["tanh"]["max_grad"] == pytest.approx(1.0)
    centred = [name for name, row in table.items() if abs(row["mean_on_normal"]) < 0.05]
    assert centred == ["tanh"]
    assert (table["sigmoid"]["min"], table["sigmoid"]["max"]) == pytest.approx((0.0, 1.0), abs=1e-6)
    assert not table["sigmoid"]["min_attained"] and table["relu"]["min_attained"]
    assert table["gelu"]["min"] == pytest.approx(-0.17, abs=0.005) and table["gelu"]["min_attained"]


def test_the_activation_table_holds_nothing_that_depends_on_the_machine():
    """Every entry is a fact of the function read off a fixed grid and a seeded sample (no timing):
    two runs give the same table, and no entry is a time."""
    first, second = E.activation_table.__wrapped__(), E.activation_table.__wrapped__()
    assert first == second
    assert not [key for row in first.values() for key in row if "time" in key or "ns" in key.split("_")]
