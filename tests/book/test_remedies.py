"""The evidence table of "Summary: which remedy for which symptom": every remedy beats its untreated run.

These are the calls, with the same arguments, that the remedies chapters and
docs/snippets/remedies/table_evidence.py make, so they reuse the cached results; no new experiment runs here.
The rows of the table that repeat a chapter's claim are checked with that chapter: leaky ReLU
in test_activations.py, clipping in test_clipping.py and test_rnn.py.
"""

import numpy as np
import pytest

from gradflow.book.batchnorm import bn_training
from gradflow.book.init import deep_relu_training
from gradflow.book.residual import plain_vs_residual_training
from gradflow.book.rnn import long_lag


def last50(run):
    return float(np.mean(run["loss"][-50:]))


@pytest.mark.parametrize("call, untreated, treated", [
    (lambda: deep_relu_training(depth=30), "xavier_normal", "he_normal"),
    (lambda: bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64), "plain", "batchnorm"),
    (lambda: plain_vs_residual_training(blocks=20, width=64, steps=400, lr=0.03, batch_size=64),
     "plain_he", "residual"),
], ids=["init", "batchnorm", "residual"])
def test_the_treated_deep_net_learns_far_better_than_the_untreated_one(call, untreated, treated):
    run = call()
    bad, good = run[untreated], run[treated]
    # "most of the untreated deep nets sit at the level of guessing": loss ln 10, accuracy 10 %;
    # the residual row's untreated net is the fair plain baseline at He init, which learns a little.
    if untreated != "plain_he":
        assert abs(last50(bad) - np.log(10)) < 0.02 and bad["accuracy"] < 0.15
    assert last50(good) < 0.7 * last50(bad) and good["accuracy"] > bad["accuracy"] + 0.2


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_a_gated_cell_beats_the_plain_rnn_at_the_longest_lag(cell):
    run = long_lag(lags=(10, 20, 40, 80))
    longest = int(np.argmax(run["lags"]))
    assert run["lags"][longest] == 80
    # At least ten times lower than the plain RNN, which is no better than always predicting 1.
    assert run[cell]["test_loss"][longest] < 0.1 * run["rnn"]["test_loss"][longest]


def test_the_normalization_row_says_where_batch_norm_helps_and_where_it_hurts():
    """"vanishing, where the signal's scale collapses layer by layer (the deep sigmoid net); not exploding: in a deep
    net without shortcuts batch norm itself makes the gradient grow by about sqrt(pi / (pi - 1)) per layer"; the init
    row: "Xavier × 4 for the sigmoid (in a deep sigmoid net not enough on its own)"."""
    from gradflow.book import batchnorm

    facts = batchnorm.facts()
    run = bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64)
    assert last50(run["batchnorm"]) < 0.2 * last50(run["plain"])                      # helps: the sigmoid net
    assert abs(last50(run["plain_gain"]) - np.log(10)) < 0.05                         # Xavier × 4 alone does not
    assert abs(facts["bn_growth"] / np.sqrt(np.pi / (np.pi - 1)) - 1) < 0.03          # hurts: the plain ReLU net
    assert facts["bn_first_over_last"] > 1e3 and abs(facts["plain_growth"] - 1) < 0.02
