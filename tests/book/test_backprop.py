"""Every claim of the chapter "Recap: gradient descent and backpropagation" that rests on a run.

The arguments are those the figures use, so these tests share their cached results.
"""

import numpy as np

from gradflow.book import backprop as E


def test_figure_3s_chain_every_factor_is_below_one_and_the_gradient_shrinks_towards_the_input():
    """Figure 3: "the size of each layer's factor, all below 1", and the gradient at layer 1 "many
    orders of magnitude smaller than at layer 10"."""
    run, facts = E.sigmoid_chain(), E.facts()
    assert np.all(np.abs(run["factors"]) < 1) and facts["chain_factor_max"] < 1
    assert np.all(np.diff(np.abs(run["db"])) > 0)  # shrinking at every step towards the input
    assert facts["chain_db_first"] < 1e-6 * facts["chain_db_last"]


def test_the_chapters_numbers_come_from_its_experiments_settings():
    assert E.facts()["chain_layers"] == E.settings(E.sigmoid_chain)["layers"] == E.sigmoid_chain()["db"].size
