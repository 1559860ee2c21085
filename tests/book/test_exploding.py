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
    runs = E.exploding_relu()
    he, doubled = runs[1.0], runs[2.0]
    assert 0.5 < he["speeds"][0] / he["speeds"][-1] < 2
    assert doubled["speeds"][0] / doubled["speeds"][-1] > 50
    assert np.all(np.diff(doubled["speeds"]) < 0)  # growing at every layer towards the input
    assert he["diverged_at"] is None and np.isfinite(he["loss"]).all()
    step = doubled["diverged_at"]
    assert step is not None and not np.isfinite(doubled["loss"][step]) and len(doubled["loss"]) == step + 1
    assert doubled["report"].startswith(f"diverged at step {step}")
    # Figure 3's left panel: "its loss goes down" (a noisy minibatch loss: compare tenths of the run)
    tenth = he["loss"].size // 10
    assert he["loss"][-tenth:].mean() < he["loss"][:tenth].mean() - 0.25


def test_the_doubled_nets_weight_gradients_are_too_large_by_one_factor_in_every_layer():
    """"the factors cancel": the bias gradients rise towards the input, the weight gradients are
    larger than He's by about the same factor everywhere; the trouble is the global scale."""
    facts = E.facts()
    assert facts["db_ratio"] > 100 and 0.5 < facts["db_ratio_he"] < 2
    assert facts["dW_vs_he_min"] > 100 and facts["dW_vs_he_max"] / facts["dW_vs_he_min"] < 2
    assert facts["dW_max"] / facts["dW_min"] < 3  # "they range only from ... to ..."
    # "moves each hidden weight matrix by ... times its own norm in a single step" (rule of thumb 1e-3)
    assert facts["update_min"] > 100 * 1e-3
    # "the forward pass has exploded too": far above a uniform guess, while He starts near it
    assert facts["loss_at_init"] > 100 * facts["uniform_loss"] and facts["loss_at_init_he"] < 2 * facts["uniform_loss"]
    # "The loss goes from ... to ... and then ...: even the exponent shoots up"
    exponents = np.floor(np.log10(facts["losses"][1:4]))
    assert np.all(np.diff(np.diff(exponents)) > 0)


def test_the_chapters_numbers_come_from_its_experiments_settings():
    relu = E.settings(E.exploding_relu)
    facts = E.facts()
    assert (facts["hidden_layers"], facts["width"], facts["lr"]) == (relu["hidden_layers"], relu["width"], relu["lr"])
    assert facts["weight_layers"] == len(E.exploding_relu()[1.0]["dW_norms"])


def test_the_growth_per_factor_is_the_exact_one_of_exercise_5():
    """Exercises 3 and 5: the median grows by about e^{0.558} = 1.75 per factor, with
    0.558 = (1 - γ_E + ln 2)/2 for 4×4 Gaussian matrices, so at s = 1/2 (which keeps the mean
    square) the median shrinks by e^{0.558}/2 ≈ 0.87 per factor."""
    growth, exact = E.facts()["growth"], np.exp((1 - np.euler_gamma + np.log(2)) / 2)
    assert abs(growth / exact - 1) < 0.01 and E.settings(E.matrix_products)["size"] == 4
    assert abs(exact / 2 - 0.87) < 0.005
