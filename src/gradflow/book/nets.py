"""The data and the networks several chapters of the book build.

- `digits`, `standardized_digits`: the synthetic 8x8 digits (`gradflow.data.digits_like`), raw
  or with every feature standardized;
- `digits_mlp`: an MLP from the 64 pixels to the 10 digits;
- `nielsen_net`: Nielsen's sigmoid net (chapters "Vanishing gradients" and "Exploding gradients");
- `digits_relu_net`: the deep ReLU net at He initialization times a scale (chapters "Exploding
  gradients", "Diagnosing your network" and "Gradient clipping").
"""

from __future__ import annotations

import numpy as np

from ..data import digits_like
from ..init import scaled_he_init
from ..mlp import MLP


def digits(n, *, seed=0):
    """``n`` digits-like images ``X`` (n, 64) in [0, 1] and their labels ``y`` (n,), drawn from ``seed``.

    Examples
    --------
    >>> X, y = digits(20)
    >>> X.shape, y.shape
    ((20, 64), (20,))
    """
    return digits_like(n, rng=np.random.default_rng(seed))


def standardized_digits(n, *, seed, n_test=0):
    """Digits-like 8×8 images with every feature standardized by the training set's mean and std.

    Parameters
    ----------
    n : int
        Number of training images.
    seed : int
        Seed of the images.
    n_test : int
        Number of held-out images, drawn after the training images and standardized
        with the training statistics.

    Returns
    -------
    X, y, X_test, y_test : ndarrays of shapes (n, 64), (n,), (n_test, 64), (n_test,)

    Examples
    --------
    >>> X, y, X_test, y_test = standardized_digits(200, seed=0, n_test=50)
    >>> X.shape, X_test.shape, bool(abs(X.mean()) < 1e-12)
    ((200, 64), (50, 64), True)
    """
    rng = np.random.default_rng(seed)
    X, y = digits_like(n, rng=rng)
    X_test, y_test = digits_like(n_test, rng=rng) if n_test else (np.zeros((0, 64)), np.zeros(0, dtype=int))
    mean, std = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / std, y, (X_test - mean) / std, y_test


def digits_mlp(hidden_layers, *, rng, width=64, activation="relu", init="he_normal", batchnorm=False):
    """``MLP([64, width, ..., width, 10])`` with ``hidden_layers`` hidden layers: pixels in, digits out.

    Examples
    --------
    >>> digits_mlp(2, width=16, rng=np.random.default_rng(0))
    MLP([64, 16, 16, 10], activation='relu', init='he_normal')
    """
    return MLP([64] + [width] * hidden_layers + [10], activation=activation, init=init, rng=rng,
               batchnorm=batchnorm)


def nielsen_net(hidden_layers, *, seed, activation="sigmoid", width=30, init="lecun_normal"):
    """A [64, width, ..., width, 10] net in the spirit of Nielsen's [784, 30, ..., 30, 10].

    Weights follow Nielsen's default $\\mathcal N(0, 1/n_{in})$ (LeCun normal) and
    biases $\\mathcal N(0, 1)$, as in his ``network2.py``.

    Examples
    --------
    >>> nielsen_net(2, seed=0).sizes
    [64, 30, 30, 10]
    """
    rng = np.random.default_rng(seed)
    net = digits_mlp(hidden_layers, width=width, activation=activation, init=init, rng=rng)
    for b in net.b:
        b[:] = rng.standard_normal(b.shape)
    return net


def digits_relu_net(scale, *, seed=1, hidden_layers=8, width=64):
    """The "Exploding gradients" chapter's ReLU net: He-normal initialization times ``scale``.

    At ``scale`` = 1 it trains; at 2 it diverges within a few steps.

    Examples
    --------
    >>> digits_relu_net(2.0, hidden_layers=2, width=16).sizes
    [64, 16, 16, 10]
    """
    return digits_mlp(hidden_layers, width=width, activation="relu", init=scaled_he_init(scale),
                      rng=np.random.default_rng(seed))
