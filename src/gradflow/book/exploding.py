"""Experiments of the chapter "Exploding gradients": too large initial weights, and products of random matrices.

- `exploding_relu`: a deep ReLU net at He initialization and at twice it, gradients by layer,
  then SGD, which diverges for the doubled net;
- `matrix_products`: the norm of a product of random Gaussian matrices, over many seeds.
"""

from __future__ import annotations

import numpy as np

from ..diagnostics import layer_speeds, random_matrix_product_norms
from ..train import train_sgd
from .cache import experiment
from .nets import digits, digits_relu_net


@experiment
def exploding_relu(scales=(1.0, 2.0), hidden_layers=8, width=64, steps=100, lr=0.05, n=500):
    """A deep ReLU net at He initialization and at ``scale`` times it: gradients by layer, then training.

    Returns
    -------
    dict mapping each scale to a dict with ``speeds`` (L,) at initialization,
    ``loss`` (S,) from SGD, ``diverged_at`` (int or None) and the `History` ``report``.

    Examples
    --------
    >>> run = exploding_relu(scales=(2.0,), hidden_layers=3, steps=5, n=100)
    >>> run[2.0]["speeds"].shape
    (4,)
    """
    X, y = digits(n)
    result = {}
    for scale in scales:
        net = digits_relu_net(scale, seed=1, hidden_layers=hidden_layers, width=width)
        _, grads = net.loss_and_grads(X, y)
        history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=64, rng=np.random.default_rng(2))
        result[scale] = {"speeds": layer_speeds(grads), **history.summary()}
    return result


@experiment
def matrix_products(n_factors=100, size=4, trials=500):
    """Spectral norms of running products of random N(0, 1) matrices, over many seeds.

    Returns
    -------
    ndarray, shape (trials, n_factors)

    Examples
    --------
    >>> matrix_products(n_factors=5, trials=3).shape
    (3, 5)
    """
    return random_matrix_product_norms(n_factors, size, trials, rng=np.random.default_rng(0))
