import numpy as np


def dead_unit_fraction(pre_activations):
    """Share of ReLU units that are at or below zero for every example.

    pre_activations: list of arrays of shape (N examples, units), one per
    layer, taken on a representative batch. A dead unit passes back no
    gradient at all.
    """
    return [float(np.mean(np.all(z <= 0, axis=0))) for z in pre_activations]


# Example: a layer whose biases were pushed far below zero.
rng = np.random.default_rng(0)
X = rng.standard_normal((256, 10))
W = rng.standard_normal((10, 20)) / np.sqrt(10)
healthy = X @ W
shifted = X @ W - 3.0
[before], [after] = dead_unit_fraction([healthy]), dead_unit_fraction([shifted])
print("dead fraction, healthy layer:", before)
print("dead fraction, after a bias shift of -3:", after)
assert before == 0.0 and after > 0.5
