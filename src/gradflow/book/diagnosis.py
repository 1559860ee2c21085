"""Experiments of the chapter "Diagnosing your network": three nets at initialization, measured layer by layer.

- `health_check_nets`: the chapter's healthy, vanishing and exploding 9-layer nets and their data;
- `health_check`: their weight gradients and weights by layer, for the chapter's first figure;
- `update_ratios`: the update-ratio snippet's runs, a small ReLU net trained at three learning rates;
- `bias_shift_dead_fraction`: the copy-ready dead-unit counter's example, a layer before and after
  its biases are shifted.
"""

from __future__ import annotations

import numpy as np

from ..data import digits_like
from ..init import scaled_he_init
from ..mlp import MLP
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits, digits_mlp

SIZES = [64] + [64] * 8 + [10]
RULE_OF_THUMB = 1e-3
"""The update-to-weight ratio the CS231n notes suggest aiming for."""


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


@experiment
def update_ratios(lrs=(0.001, 0.1, 1.0), hidden_layers=2, width=64, steps=20, batch_size=100, n=500):
    r"""A ReLU net at He init trained with SGD at each learning rate, as the page's update-ratio snippet does.

    Returns
    -------
    dict mapping each learning rate to a dict with ``ratio`` (L,), the median over the steps of
    $r^l = \eta\,\lVert \partial\mathcal L/\partial W^l \rVert / \lVert W^l \rVert$, and
    ``loss``, the training loss at the last step.

    Examples
    --------
    >>> run = update_ratios(lrs=(0.1,), steps=2)
    >>> run[0.1]["ratio"].shape
    (3,)
    """
    X, y = digits(n)
    result = {}
    for lr in lrs:
        net = digits_mlp(hidden_layers, width=width, rng=np.random.default_rng(1))
        history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=batch_size, rng=np.random.default_rng(2))
        result[lr] = {"ratio": np.median(history.update_ratio, axis=0), "loss": float(history.loss[-1])}
    return result


def bias_shift_dead_fraction(shift=3.0, n=256, fan_in=10, units=20, seed=0):
    """The copy-ready dead-unit counter's example, drawn in its order: the share of a ReLU layer's
    units that are not positive for any example, as it is and with its biases lowered by ``shift``.

    Examples
    --------
    >>> bias_shift_dead_fraction()["healthy"]
    0.0
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, fan_in))
    Z = X @ (rng.standard_normal((fan_in, units)) / np.sqrt(fan_in))
    return {"healthy": float(np.mean(np.all(Z <= 0, axis=0))), "shifted": float(np.mean(np.all(Z - shift <= 0, axis=0)))}


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    from .exploding import facts as exploding_facts

    ratios, config = update_ratios(), settings(update_ratios)
    slow, middle, fast = (ratios[lr] for lr in config["lrs"])
    return {"health_layers": health_check()["healthy"]["dW_norms"].size,
            # the update-ratio snippet
            "ratio_layers": config["hidden_layers"] + 1, "ratio_steps": config["steps"],
            "lr_slow": config["lrs"][0], "lr_middle": config["lrs"][1], "lr_fast": config["lrs"][2],
            "ratio_slow_min": slow["ratio"].min(), "ratio_slow_max": slow["ratio"].max(),
            "below_rule_min": RULE_OF_THUMB / slow["ratio"].max(), "below_rule_max": RULE_OF_THUMB / slow["ratio"].min(),
            "ratio_middle_min": middle["ratio"].min(), "ratio_middle_max": middle["ratio"].max(),
            "ratio_fast_min": fast["ratio"].min(), "ratio_fast_max": fast["ratio"].max(),
            "above_rule_min": fast["ratio"].min() / RULE_OF_THUMB, "above_rule_max": fast["ratio"].max() / RULE_OF_THUMB,
            "loss_slow": slow["loss"], "loss_middle": middle["loss"], "loss_fast": fast["loss"],
            # the dead-unit counter's example
            "dead_shift": settings(bias_shift_dead_fraction)["shift"], "dead_shifted": bias_shift_dead_fraction()["shifted"],
            # exercise 1: the doubled ReLU net of the chapter "Exploding gradients", its training loss at step 0
            "exploding_loss_step0": exploding_facts()["losses"][0]}
