import warnings

import numpy as np


def sigmoid(z):
    """1 / (1 + exp(-z)) without overflow: exp is only ever taken of -|z|."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


# Example: the naive formula overflows at z = -1000; this one returns
# exactly 0 and 1.
with warnings.catch_warnings():
    warnings.simplefilter("error")
    values = sigmoid([-1000.0, 0.0, 1000.0])
print(values.tolist())
assert values.tolist() == [0.0, 0.5, 1.0]
