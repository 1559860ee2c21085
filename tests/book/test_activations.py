"""Every claim of the chapter "Activation functions", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np
import pytest

from gradflow.book import activations as E
from gradflow.book.cache import settings


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


def test_the_bias_shift_kills_every_first_layer_unit_of_both_nets():
    """"both classify ... correctly; after the shift all ... units are at or below 0 on every input,
    in both nets, and both fall to 50%"."""
    run, width = E.dying_relu(), settings(E.dying_relu)["width"]
    for r in run.values():
        assert r["accuracy_before"] == run["relu"]["accuracy_before"] >= 0.99 and r["dead_before"] == 0
        assert r["killed"] == width and r["dead_after_shift"] == 1.0
        assert r["accuracy_after_shift"] == 0.5


def test_a_relu_layer_that_is_all_dead_stays_dead_and_the_net_is_a_coin_toss():
    """"the gradient reaching the killed units is exactly 0 ... no unit comes back ... its loss is ln 2,
    accuracy 50%, at every step"."""
    relu = E.dying_relu()["relu"]
    assert relu["dead_grad_norm"] == 0.0
    assert np.all(relu["curve"]["dead"] == 1.0) and np.all(relu["curve"]["revived"] == 0) and relu["revived"] == 0
    assert np.all(relu["curve"]["accuracy"] == 0.5)
    assert relu["loss_after_training"] == pytest.approx(np.log(2), abs=1e-12)


def test_leaky_relu_learns_through_the_leak_then_revives_a_few_units_that_carry_the_accuracy():
    leaky, facts = E.dying_relu()["leaky_relu"], E.facts()
    curve = leaky["curve"]
    assert leaky["dead_grad_norm"] > 0  # small but not zero
    # "accuracy rises before any unit comes back": every unit still on the negative branch
    before = curve["step"] < facts["leaky_first_revival"]
    assert np.all(curve["dead"][before] == 1.0) and np.all(curve["revived"][before] == 0)
    assert facts["leaky_accuracy_before_revival"] > 0.75
    assert curve["revived"][curve["step"] == facts["leaky_first_revival"]] == 1  # "the first one comes back by step ..."
    # "then units come back one by one: ... of the ... killed units", most of the layer still dead
    assert np.all(np.diff(curve["revived"]) >= 0) and np.all(np.diff(curve["revived"]) <= 1)
    assert 1 <= leaky["revived"] == facts["leaky_revived"] < leaky["killed"] / 2
    assert leaky["newly_dead"] == 0 and leaky["dead_after_training"] == 1 - leaky["revived"] / leaky["killed"]
    assert leaky["accuracy_after_training"] > 0.9
    # "those few units carry the recovery: silencing them drops the accuracy to ..."
    assert leaky["accuracy_without_revived"] < leaky["accuracy_after_training"] - 0.25


def test_the_dying_relu_curves_do_not_depend_on_how_often_they_are_sampled():
    """Full-batch training: the run cut into pieces of 10 steps or of 20 ends at the same net."""
    small = {"steps": 40, "pretrain_steps": 20, "n": 100}
    fine, coarse = E.dying_relu.__wrapped__(every=10, **small), E.dying_relu.__wrapped__(every=20, **small)
    for name in fine:
        assert fine[name]["loss_after_training"] == coarse[name]["loss_after_training"]
        assert np.array_equal(fine[name]["curve"]["accuracy"][::2], coarse[name]["curve"]["accuracy"])


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


def test_after_a_larger_shift_no_unit_comes_back_and_the_leak_alone_carries_the_learning():
    """"With the biases shifted by ... instead, 0 of the ... killed units come back, and the leaky
    ReLU net still climbs to ...% (the ReLU net stays at 50%), through the leak alone"."""
    facts = E.facts()
    run = E.dying_relu(bias_shift=E.LARGER_SHIFT)
    relu, leaky = run["relu"], run["leaky_relu"]
    assert relu["killed"] == leaky["killed"] == facts["larger_killed"] == facts["width"]
    assert leaky["revived"] == facts["larger_revived"] == 0 and np.all(leaky["curve"]["revived"] == 0)
    assert leaky["accuracy_after_training"] > 0.75 and relu["accuracy_after_training"] == 0.5
