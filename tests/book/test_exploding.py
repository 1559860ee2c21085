"""Every claim of the chapter "Exploding gradients", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np

from gradflow.book import exploding as E


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
