"""Experiments of the chapter "Vanishing gradients": Nielsen's speeds of learning, at initialization and in training.

- `nielsen_speeds_at_init`: $\\lVert \\partial \\mathcal{L} / \\partial b^l \\rVert$ of every hidden layer of
  Nielsen's sigmoid nets of 1 to 4 hidden layers;
- `sigmoid_training`: the 4-hidden-layer net trained with SGD, watching each layer's speed
  and how far its weights move.
"""

from __future__ import annotations

import numpy as np

from ..diagnostics import layer_speeds
from ..losses import accuracy
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits, nielsen_net

SPEED_WINDOW = 50
"""Figure 2 draws each layer's speed as a moving average over this many SGD steps (the minibatch noise)."""


@experiment
def nielsen_speeds_at_init(depths=(1, 2, 3, 4), seeds=5, n=1000):
    """Speed of learning of every hidden layer at initialization, for nets of several depths.

    Parameters
    ----------
    depths : tuple of int
        Numbers of hidden layers.
    seeds : int
        Independent initializations per depth.
    n : int
        Examples of the digits-like set the gradient is averaged over.

    Returns
    -------
    dict mapping each depth to an ndarray of shape (seeds, depth): $\\lVert \\partial \\mathcal{L}/\\partial b^l \\rVert$
    of hidden layer l, first hidden layer first.

    Examples
    --------
    >>> speeds = nielsen_speeds_at_init(depths=(2,), seeds=2, n=200)
    >>> speeds[2].shape
    (2, 2)
    """
    X, y = digits(n)
    result = {}
    for depth in depths:
        rows = []
        for seed in range(seeds):
            _, grads = nielsen_net(depth, seed=seed).loss_and_grads(X, y)
            rows.append(layer_speeds(grads)[:-1])
        result[depth] = np.array(rows)
    return result


@experiment
def sigmoid_training(hidden_layers=4, steps=2000, lr=1.0, batch_size=100, checkpoints=20, n=1000):
    """Train a deep sigmoid net with SGD and watch each layer: how fast it learns, how far it moves.

    Returns
    -------
    dict with
        ``loss`` (steps,), ``speeds`` (steps, L) = $\\lVert \\partial \\mathcal{L} / \\partial b^l \\rVert$ per step,
        ``checkpoint_steps`` (C + 1,) and ``relative_change`` (C + 1, L) =
        $\\lVert W^l_t - W^l_0 \\rVert / \\lVert W^l_0 \\rVert$, and the final training ``accuracy``.

    Examples
    --------
    >>> run = sigmoid_training(hidden_layers=2, steps=20, checkpoints=2, n=200)
    >>> run["speeds"].shape, run["relative_change"].shape
    ((20, 3), (3, 3))
    """
    X, y = digits(n)
    net = nielsen_net(hidden_layers, seed=1)
    start = [W.copy() for W in net.W]
    batches = np.random.default_rng(2)
    losses, speeds = [], []
    change = [np.zeros(net.n_layers)]
    chunk = steps // checkpoints
    for _ in range(checkpoints):
        history = train_sgd(net, X, y, lr=lr, steps=chunk, batch_size=batch_size, rng=batches)
        losses.append(history.loss)
        speeds.append(history.bias_grad_norms)
        change.append(np.array([np.linalg.norm(W - W0) / np.linalg.norm(W0) for W, W0 in zip(net.W, start)]))
    return {"loss": np.concatenate(losses), "speeds": np.concatenate(speeds),
            "checkpoint_steps": np.arange(checkpoints + 1) * chunk, "relative_change": np.array(change),
            "accuracy": accuracy(net.predict(X), y)}


def feature_spreads():
    """How well the training run's net, at initialization, tells the examples apart, layer by layer.

    Returns
    -------
    (spreads, input_spread) : ndarray (hidden layers,) and float, each the standard deviation
        across the examples of a hidden layer's activations (of the inputs), averaged over units.

    Examples
    --------
    >>> spreads, input_spread = feature_spreads()
    >>> bool(spreads[-1] < spreads[0] < input_spread)
    True
    """
    from ..activations import sigmoid
    from ..diagnostics import hidden_preactivations

    run = settings(sigmoid_training)
    X, _ = digits(run["n"])
    net = nielsen_net(run["hidden_layers"], seed=1)
    return np.array([sigmoid(z).std(axis=0).mean() for z in hidden_preactivations(net, X)]), float(X.std(axis=0).mean())


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    at_init, training = settings(nielsen_speeds_at_init), settings(sigmoid_training)
    spreads, input_spread = feature_spreads()
    net = nielsen_net(max(at_init["depths"]), seed=0)
    deepest = nielsen_speeds_at_init()[max(at_init["depths"])].mean(axis=0)
    run = sigmoid_training()
    half = training["steps"] // 2  # "the first thousand steps": the checkpoint halfway through
    moved = run["relative_change"][run["checkpoint_steps"] == half][0]
    return {"spread_first": spreads[0] / input_spread, "spread_last": spreads[-1] / input_spread,
            "seeds": at_init["seeds"], "depth_min": min(at_init["depths"]), "depth_max": max(at_init["depths"]),
            "width": net.sizes[1], "inputs": net.sizes[0], "classes": net.sizes[-1],
            "deepest_ratio": deepest[-1] / deepest[0],  # last hidden layer over the first, at initialization
            "hidden_layers": training["hidden_layers"], "steps": training["steps"], "lr": training["lr"],
            "batch_size": training["batch_size"], "window": SPEED_WINDOW,
            "half_steps": half, "moved_first_at_half": moved[0]}
