import numpy as np


def he_normal(n_in, n_out, rng):
    """He et al. (2015): N(0, 2 / n_in), for layers followed by ReLU."""
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def xavier_uniform(n_in, n_out, rng, gain=1.0):
    """Glorot & Bengio (2010): U[-a, a], a = gain * sqrt(6 / (n_in + n_out)).

    gain = 1 for tanh or linear layers; 4 for sigmoid layers, whose slope
    at 0 is 1/4.
    """
    a = gain * np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-a, a, size=(n_in, n_out))


# Example: the variances match 2 / n_in and 2 / (n_in + n_out).
rng = np.random.default_rng(0)
W_he, W_xavier = he_normal(500, 400, rng), xavier_uniform(500, 400, rng)
print(f"He:     Var[W] * n_in / 2            = {W_he.var() * 500 / 2:.3f}")
print(f"Xavier: Var[W] * (n_in + n_out) / 2 = {W_xavier.var() * 900 / 2:.3f}")
assert abs(W_he.var() * 250 - 1) < 0.02 and abs(W_xavier.var() * 450 - 1) < 0.02
