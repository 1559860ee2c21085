"""Experiments of the chapter "Diagnosing your network": three nets at initialization, measured layer by layer.

- `health_check_nets`: the chapter's healthy, vanishing and exploding 9-layer nets and their data;
- `health_check`: their weight gradients and weights by layer, for the chapter's first figure.
"""

from __future__ import annotations

import numpy as np

from ..data import digits_like
from ..init import scaled_he_init
from ..mlp import MLP
from .cache import experiment

SIZES = [64] + [64] * 8 + [10]


def health_check_nets():
    """The chapter's three nets, same seed: ReLU at He init, sigmoid at Xavier init, ReLU at twice He init.

    Returns
    -------
    (nets, X, y): a dict mapping "healthy", "vanishing" and "exploding" to an `MLP`, and 500
    digits-like images (500, 64) with their labels (500,).

    Examples
    --------
    >>> nets, X, y = health_check_nets()
    >>> sorted(nets), nets["vanishing"].sizes[1], X.shape
    (['exploding', 'healthy', 'vanishing'], 64, (500, 64))
    """
    X, y = digits_like(500, rng=np.random.default_rng(0))
    nets = {"healthy": MLP(SIZES, "relu", "he_normal", rng=np.random.default_rng(1)),
            "vanishing": MLP(SIZES, "sigmoid", "xavier_normal", rng=np.random.default_rng(1)),
            "exploding": MLP(SIZES, "relu", scaled_he_init(2.0), rng=np.random.default_rng(1))}
    return nets, X, y


@experiment
def health_check():
    """The norms of each layer's weights and weight gradient, at initialization, for the three nets.

    Returns
    -------
    dict mapping each net's name to a dict with ``dW_norms`` (L,) and ``W_norms`` (L,).

    Examples
    --------
    >>> health_check()["healthy"]["dW_norms"].shape
    (9,)
    """
    nets, X, y = health_check_nets()
    result = {}
    for name, net in nets.items():
        _, grads = net.loss_and_grads(X, y)
        result[name] = {"dW_norms": np.array([np.linalg.norm(g) for g in grads.dW]),
                        "W_norms": np.array([np.linalg.norm(w) for w in net.W])}
    return result
