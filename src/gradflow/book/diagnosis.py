"""Experiments of the chapter "Diagnosing your network": three nets at initialization, measured layer by layer.

- `health_check_nets`: the chapter's healthy, vanishing and exploding 9-layer nets and their data;
- `health_check`: their weight gradients and weights by layer, for the chapter's first figure;
- `update_ratios`: the update-ratio snippet's runs, a small ReLU net trained at three learning rates;
- `bias_shift_dead_fraction`: the copy-ready dead-unit counter's example, a layer before and after
  its biases are shifted;
- `output_cancellation`: how much of the examples' errors the output layer's bias and weight
  gradients keep, in a net whose softmax is nearly uniform.
"""

from __future__ import annotations

from inspect import signature

import numpy as np

from ..data import digits_like
from ..diagnostics import hidden_preactivations
from ..init import scaled_he_init
from ..mlp import MLP
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits, digits_mlp, digits_relu_net

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


def output_cancellation(scale=0.5):
    r"""How much of the examples' errors survive in the output layer's gradients, summed over the batch.

    The chapter "Exploding gradients"'s ReLU net at ``scale`` times He initialization, on its data.
    With $\delta_n$ example $n$'s error at the output (its row of ``grads.delta[-1]``) and $a_n$ the
    layer's input, the bias gradient is $\sum_n \delta_n$ and the weight gradient
    $\sum_n a_n \delta_n^\top$; each is set against the sum of its terms' norms, which it would
    equal if no term cancelled another: 1 means nothing cancels, 0 everything.

    Returns
    -------
    dict : "loss" (at initialization), "kept_db" and "kept_dW" (in [0, 1]), "error_rms" (the
        root-mean-square of $N \lVert\delta_n\rVert$, the examples' own error sizes)

    Examples
    --------
    >>> kept = output_cancellation()
    >>> bool(kept["kept_db"] < kept["kept_dW"])
    True
    """
    from .exploding import exploding_relu

    run = settings(exploding_relu)
    net = digits_relu_net(scale, hidden_layers=run["hidden_layers"], width=run["width"])
    X, y = digits(run["n"])
    loss, grads = net.loss_and_grads(X, y)
    delta = grads.delta[-1]  # (N, classes)
    a = np.maximum(hidden_preactivations(net, X)[-1], 0)  # (N, width): the output layer's input
    kept_db = np.linalg.norm(delta.sum(axis=0)) / np.linalg.norm(delta, axis=1).sum()
    kept_dW = np.linalg.norm(a.T @ delta) / (np.linalg.norm(a, axis=1) * np.linalg.norm(delta, axis=1)).sum()
    error_rms = np.sqrt(np.mean(np.sum((len(y) * delta) ** 2, axis=1)))
    return {"loss": float(loss), "kept_db": float(kept_db), "kept_dW": float(kept_dW), "error_rms": float(error_rms)}


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
            "exploding_loss_step0": exploding_facts()["losses"][0],
            # bias gradients cancel across examples: the ReLU net at half He's scale
            "cancel_scale": signature(output_cancellation).parameters["scale"].default,
            **{f"cancel_{name}": value for name, value in output_cancellation().items()}}
