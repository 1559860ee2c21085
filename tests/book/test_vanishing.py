"""Every claim of the chapter "Vanishing gradients", checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np

from gradflow.book import vanishing as E


def test_nielsen_speeds_fall_towards_the_input_at_every_depth_and_seed():
    speeds = E.nielsen_speeds_at_init()
    assert all(rows.shape[0] == E.facts()["seeds"] for rows in speeds.values())  # "each of the ... initializations"
    for depth in (2, 3, 4):
        assert np.all(np.diff(speeds[depth], axis=1) > 0), f"depth {depth}"
    two, four = speeds[2].mean(axis=0), speeds[4].mean(axis=0)
    assert 3 < two[1] / two[0] < 10          # Nielsen: the first hidden layer is 4-5x slower than the second
    assert 50 < four[-1] / four[0] < 500     # and about 100x slower than the last of four
    assert E.facts()["deepest_ratio"] == four[-1] / four[0]  # "about 10² times slower than the last"
    # Figure 1's alt text: "a layer near the input learns about ... times slower than the next one"
    steps = np.concatenate([runs.mean(axis=0)[1:] / runs.mean(axis=0)[:-1] for runs in speeds.values()])
    assert 3 < steps.min() and steps.max() < 2 * steps.min()


def test_sigmoid_training_early_layers_barely_move_but_never_freeze():
    run = E.sigmoid_training(hidden_layers=4, steps=2000, lr=1.0)
    early = run["speeds"][:200].mean(axis=0)
    assert early[3] / early[0] > 50
    assert run["speeds"].min() > 0
    facts = E.facts()
    half = run["relative_change"][run["checkpoint_steps"] == facts["half_steps"]][0]
    # "in the first ... steps layer 4 and the output layer change a lot while layers 1 and 2 barely move"
    assert half[0] < 0.2 and half[1] < 0.2 and half[3] > 0.4 and half[4] > 0.4
    assert facts["moved_first_at_half"] == half[0]
    assert np.all(run["relative_change"][-1] > 0.5)  # by the end every layer has moved


def test_at_initialization_the_sigmoid_nets_features_barely_tell_the_examples_apart():
    """"the spread of each hidden layer's activations across the examples shrinks layer after layer,
    from ...% of the input's at the first hidden layer to ...% at the last" (the training run's net)."""
    spreads, input_spread = E.feature_spreads()
    facts = E.facts()
    assert np.all(np.diff(spreads) < 0) and spreads[-1] < 0.01 * input_spread
    assert facts["spread_first"] == spreads[0] / input_spread and facts["spread_last"] == spreads[-1] / input_spread


def test_the_gap_between_the_first_and_last_hidden_layers_narrows_during_the_plateau():
    """Figure 2: "the gap ... narrows steadily, even while the loss is still on its plateau, and
    closes once the network starts to learn"."""
    run = E.sigmoid_training()
    gap = run["speeds"][:, -2] / run["speeds"][:, 0]  # last hidden layer over the first
    window = E.SPEED_WINDOW
    means = [gap[t - window:t].mean() for t in range(window, len(gap) + 1, window)]
    losses = [run["loss"][t - window:t].mean() for t in range(window, len(gap) + 1, window)]
    on_plateau = [g for g, loss in zip(means, losses) if abs(loss - np.log(10)) < 0.05]
    assert len(on_plateau) > 10 and on_plateau[-1] < 0.5 * on_plateau[0]
    assert means[-1] < 2


def test_figure_2s_alt_text_the_gap_of_the_smoothed_speeds_starts_wide_halves_by_midway_and_closes():
    """fig_training_speeds.py: "At first layer 1 learns ... times slower than layer 4; the gap narrows
    steadily, to ... times by step 1000, and closes once the network starts to learn"."""
    run, facts = E.sigmoid_training(), E.facts()
    kernel = np.ones(E.SPEED_WINDOW) / E.SPEED_WINDOW
    first, last = (np.convolve(run["speeds"][:, layer], kernel, mode="valid") for layer in (0, -2))
    gap = last / first
    middle = gap[facts["half_steps"] - E.SPEED_WINDOW]  # the moving average that ends at the halfway step
    assert gap[0] > 50 and middle < gap[0] / 2 and gap[-1] < 2


def test_the_chapters_numbers_come_from_its_experiments_settings():
    at_init, training, facts = E.settings(E.nielsen_speeds_at_init), E.settings(E.sigmoid_training), E.facts()
    assert (facts["seeds"], facts["depth_max"]) == (at_init["seeds"], max(E.nielsen_speeds_at_init()))
    assert (facts["hidden_layers"], facts["steps"], facts["lr"], facts["batch_size"]) == (
        training["hidden_layers"], training["steps"], training["lr"], training["batch_size"])
    assert E.sigmoid_training()["speeds"].shape == (facts["steps"], facts["hidden_layers"] + 1)
    assert facts["half_steps"] in E.sigmoid_training()["checkpoint_steps"]
