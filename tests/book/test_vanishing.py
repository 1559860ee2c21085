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


def test_sigmoid_training_early_layers_barely_move_but_never_freeze():
    run = E.sigmoid_training(hidden_layers=4, steps=2000, lr=1.0)
    early = run["speeds"][:200].mean(axis=0)
    assert early[3] / early[0] > 50
    assert run["speeds"].min() > 0
    at_1000 = run["relative_change"][run["checkpoint_steps"] == 1000][0]
    assert at_1000[0] < 0.2 and at_1000[1] < 0.2 and at_1000[3] > 0.4 and at_1000[4] > 0.4
    assert np.all(run["relative_change"][-1] > 0.5)  # by the end every layer has moved
