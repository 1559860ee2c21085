"""Experiments of the chapter "Recap: gradient descent and backpropagation": the chain of Figure 3.

- `sigmoid_chain`: Nielsen's chain of one sigmoid neuron per layer, with random weights and biases:
  each later layer's factor $w_j\\,\\sigma'(z_j)$ and every bias gradient.

The chapter's other numbers are exact (the threshold $\\eta\\lambda < 2$) or set by the code its
snippets show.
"""

from __future__ import annotations

import numpy as np

from ..chain import chain_backward, chain_forward
from .cache import experiment, settings


@experiment
def sigmoid_chain(layers=10, seed=0):
    r"""A chain of ``layers`` sigmoid neurons with N(0, 1) weights and biases, input 1 and loss $\mathcal L = a_L$.

    Returns
    -------
    dict with ``db`` (layers,), $\partial \mathcal L / \partial b_l$ of every layer, first layer
    first, and ``factors`` (layers - 1,), $w_j\,\sigma'(z_j)$ for $j = 2, \dots, L$.

    Examples
    --------
    >>> run = sigmoid_chain(layers=3)
    >>> run["db"].shape, run["factors"].shape
    ((3,), (2,))
    """
    rng = np.random.default_rng(seed)
    w, b = rng.standard_normal(layers), rng.standard_normal(layers)
    _, cache = chain_forward(1.0, w, b)
    grads = chain_backward(1.0, cache)  # dℒ/da_L = 1
    return {"db": grads.db, "factors": grads.factors}


DESCENT_RATES = (0.01, 0.1, 0.5, 1.2)
"""Figure 1's learning rates on f(x) = x² + 5 sin x: slow, fast, oscillating, diverging."""


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    chain = sigmoid_chain()
    slow, fast, oscillating, diverging = DESCENT_RATES
    return {"lr_slow": slow, "lr_fast": fast, "lr_oscillating": oscillating, "lr_diverging": diverging,
            "chain_layers": settings(sigmoid_chain)["layers"],
            "chain_db_first": abs(chain["db"][0]), "chain_db_last": abs(chain["db"][-1]),
            "chain_factor_max": np.abs(chain["factors"]).max()}
