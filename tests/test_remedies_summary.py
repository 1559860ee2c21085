"""The evidence table of "Summary: which remedy for which symptom": every remedy beats its untreated run.

These are the calls, with the same arguments, that the remedies chapters and
docs/snippets/remedies/table_evidence.py make, so they reuse the cached results; no new experiment runs here.
"""

import numpy as np
import pytest

from gradflow.experiments import dying_relu
from gradflow.experiments_batchnorm import bn_training
from gradflow.experiments_clipping import clipping_rescue
from gradflow.experiments_init import deep_relu_training
from gradflow.experiments_residual import plain_vs_residual_training
from gradflow.experiments_rnn import exploding_rnn_training, long_lag


def last50(run):
    return float(np.mean(run["loss"][-50:]))


def test_leaky_relu_recovers_where_relu_stays_dead():
    run = dying_relu(bias_shift=-3.0, steps=400)
    assert run["leaky_relu"]["accuracy_after_training"] > run["relu"]["accuracy_after_training"] + 0.1


@pytest.mark.parametrize("call, untreated, treated", [
    (lambda: deep_relu_training(depth=30), "xavier_normal", "he_normal"),
    (lambda: bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64), "plain", "batchnorm"),
    (lambda: plain_vs_residual_training(blocks=20, width=64, steps=400, lr=0.03, batch_size=64),
     "plain", "residual"),
], ids=["init", "batchnorm", "residual"])
def test_the_treated_deep_net_learns_and_the_untreated_one_stays_at_chance(call, untreated, treated):
    run = call()
    bad, good = run[untreated], run[treated]
    # The untreated net stays at chance: loss ln 10, accuracy 10 %.
    assert abs(last50(bad) - np.log(10)) < 0.02 and bad["accuracy"] < 0.15
    assert last50(good) < 0.7 * last50(bad) and good["accuracy"] > bad["accuracy"] + 0.2


def test_clipping_turns_a_diverging_mlp_into_a_finite_run():
    run = clipping_rescue(clip_norm=5.0)
    assert run["plain"]["diverged_at"] is not None and np.isnan(run["plain"]["loss"][-1])
    assert run["clipped"]["diverged_at"] is None
    assert run["clipped"]["final_loss"] < 1.0 and run["clipped"]["accuracy"] > 0.5


def test_clipping_turns_a_diverging_rnn_into_a_finite_run():
    runs = exploding_rnn_training(scale=2.0, T=50, clip_norm=1.0)
    assert runs["unclipped"]["diverged_at"] is not None and np.isinf(runs["unclipped"]["loss"][-1])
    assert runs["clipped"]["diverged_at"] is None and np.isfinite(runs["clipped"]["test_loss"])


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_a_gated_cell_beats_the_plain_rnn_at_the_longest_lag(cell):
    run = long_lag(lags=(10, 20, 40, 80))
    longest = int(np.argmax(run["lags"]))
    assert run["lags"][longest] == 80
    # At least ten times lower than the plain RNN, which is no better than always predicting 1.
    assert run[cell]["test_loss"][longest] < 0.1 * run["rnn"]["test_loss"][longest]
