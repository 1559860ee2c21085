r"""Experiments of the chapter "Batch normalization": a deep sigmoid net with and without it.

- `bn_layer_stats`: at initialization, the spread over the batch of every hidden
  layer's activation input and the gradient norms of every layer.
- `bn_training`: the same two nets trained with the same SGD, and how far the
  batch-norm net's eval-mode output (running statistics) is from its train-mode
  output (batch statistics) as training goes on.
- `bn_gradient_explosion`: a deep ReLU net at He initialization, with and without batch norm:
  the gradient at every hidden layer, against the mean-field prediction of Yang et al. (2019).

The data are `gradflow.data.digits_like` images, each feature standardized with the
training set's mean and standard deviation (`gradflow.book.nets.standardized_digits`).
"""

from __future__ import annotations

import copy

import numpy as np

from ..diagnostics import hidden_preactivations
from ..losses import accuracy
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits_mlp, standardized_digits


def deep_sigmoid_net(hidden_layers, *, batchnorm, width=64, seed=1):
    """A [64, width, ..., width, 10] sigmoid MLP with Xavier-normal weights, with or without batch norm.

    The same seed gives the same weights whether or not ``batchnorm`` is set.

    Examples
    --------
    >>> net = deep_sigmoid_net(3, batchnorm=True, width=8)
    >>> net.sizes, len(net.gamma)
    ([64, 8, 8, 8, 10], 3)
    """
    return digits_mlp(hidden_layers, width=width, activation="sigmoid", init="xavier_normal", batchnorm=batchnorm,
                      rng=np.random.default_rng(seed))


@experiment
def bn_layer_stats(hidden_layers=15, width=64, n=256):
    r"""A deep sigmoid net at initialization, without and with batch norm: activations and gradients by layer.

    Parameters
    ----------
    hidden_layers, width : int
        Depth and width of the net (see `deep_sigmoid_net`).
    n : int
        Batch size: the statistics and the gradient are computed on one batch of ``n`` images.

    Returns
    -------
    dict mapping "plain" and "batchnorm" to dicts with
        ``input_std`` (hidden_layers,): standard deviation over the batch of each unit's activation input,
        averaged over the layer's units; ``output_std`` (hidden_layers,): the same for the sigmoid's output;
        ``grad_W`` (hidden_layers + 1,): $\lVert \partial \mathcal{L} / \partial W^l \rVert$ of every layer;
        ``grad_delta`` (hidden_layers + 1,): $\lVert \delta^l \rVert$, taken before normalization;
        and ``loss``.

    Examples
    --------
    >>> stats = bn_layer_stats(hidden_layers=3, width=16, n=64)
    >>> stats["plain"]["grad_W"].shape, round(float(stats["batchnorm"]["input_std"][0]), 2)
    ((4,), 1.0)
    """
    X, y, _, _ = standardized_digits(n, seed=0)
    result = {}
    for name, batchnorm in (("plain", False), ("batchnorm", True)):
        net = deep_sigmoid_net(hidden_layers, batchnorm=batchnorm, width=width)
        inputs = hidden_preactivations(net, X, mode="train")
        outputs = [1.0 / (1.0 + np.exp(-u)) for u in inputs]
        loss, grads = net.loss_and_grads(X, y)
        result[name] = {
            "input_std": np.array([u.std(axis=0).mean() for u in inputs]),
            "output_std": np.array([a.std(axis=0).mean() for a in outputs]),
            "grad_W": np.array([np.linalg.norm(dW) for dW in grads.dW]),
            "grad_delta": np.array([np.linalg.norm(d) for d in grads.delta]),
            "loss": float(loss),
        }
    return result


@experiment
def bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64, n=1000,
                checkpoints=(0, 2, 5, 10, 20, 30, 50, 100, 200, 300, 400, 500)):
    r"""Train the deep sigmoid net without and with batch norm; watch the batch-norm net's two modes.

    Both nets start from the same weights and see the same minibatches (SGD, ``lr``,
    ``batch_size``). At each checkpoint the batch-norm net is run on the whole training
    set in eval mode (running statistics) and in train mode (the statistics of the whole
    training set, which the running averages estimate; run on a copy, so the running
    statistics are not touched).

    Returns
    -------
    dict with
        ``plain`` and ``batchnorm``: dicts with ``loss`` (steps,) of the minibatches and the final
        training ``accuracy`` (eval mode);
        ``checkpoints`` (C,); ``mode_gap`` (C,) = $\lVert o_{eval} - o_{train} \rVert / \lVert o_{train} \rVert$
        of the output logits; ``eval_accuracy`` and ``train_mode_accuracy`` (C,);
        ``running_var_error`` (C,): median over every hidden unit of
        $|\sigma^2_{run} / \sigma^2_{data} - 1|$, the relative error of its running variance.

    Examples
    --------
    >>> run = bn_training(hidden_layers=2, width=8, steps=4, n=100, checkpoints=(0, 2, 4))
    >>> run["mode_gap"].shape, run["batchnorm"]["loss"].shape
    ((3,), (4,))
    """
    checkpoints = tuple(int(c) for c in checkpoints)
    if checkpoints[0] != 0 or checkpoints[-1] != steps or list(checkpoints) != sorted(set(checkpoints)):
        raise ValueError(f"checkpoints must rise from 0 to steps={steps}, got {checkpoints}")
    X, y, _, _ = standardized_digits(n, seed=0)
    result = {"checkpoints": np.array(checkpoints)}
    for name, batchnorm in (("plain", False), ("batchnorm", True)):
        net = deep_sigmoid_net(hidden_layers, batchnorm=batchnorm, width=width)
        batches = np.random.default_rng(2)
        losses, gaps, eval_acc, train_acc, var_error = [], [], [], [], []
        for start, stop in zip(checkpoints, checkpoints[1:] + (None,)):
            if batchnorm:
                out_eval = net.predict(X)
                out_train, caches = copy.deepcopy(net).forward(X, mode="train")
                gaps.append(np.linalg.norm(out_eval - out_train) / np.linalg.norm(out_train))
                eval_acc.append(accuracy(out_eval, y))
                train_acc.append(accuracy(out_train, y))
                errors = []
                for layer, cache in enumerate(caches[:-1]):
                    a_prev, W = cache.dense  # the layer's input and weights: z = a_prev W + b
                    z_var = (a_prev @ W).var(axis=0)
                    errors.append(np.abs(net.running[layer].var / z_var - 1.0))
                var_error.append(np.median(np.concatenate(errors)))
            if stop is not None:
                history = train_sgd(net, X, y, lr=lr, steps=stop - start, batch_size=batch_size, rng=batches)
                losses.append(history.loss)
        result[name] = {"loss": np.concatenate(losses), "accuracy": accuracy(net.predict(X), y)}
        if batchnorm:
            result.update(mode_gap=np.array(gaps), eval_accuracy=np.array(eval_acc),
                          train_mode_accuracy=np.array(train_acc), running_var_error=np.array(var_error))
    return result


@experiment
def bn_gradient_explosion(depth=50, width=128, n=256, seeds=3):
    r"""A deep ReLU net at He initialization, with and without batch norm: the gradient at each hidden layer.

    Returns
    -------
    dict mapping ``"batchnorm"`` and ``"plain"`` to an ndarray (depth,): the norm of
    $\partial \mathcal{L}/\partial a^l$ at hidden layer $l$ (first hidden layer first), averaged over
    ``seeds`` initializations, on one batch of ``n`` standardized digits in train mode (batch
    statistics).

    Examples
    --------
    >>> run = bn_gradient_explosion(depth=4, width=16, n=32, seeds=1)
    >>> run["batchnorm"].shape
    (4,)
    """
    X, y, _, _ = standardized_digits(n, seed=0)
    result = {}
    for name, batchnorm in (("batchnorm", True), ("plain", False)):
        norms = []
        for seed in range(seeds):
            net = digits_mlp(depth, width=width, activation="relu", init="he_normal", batchnorm=batchnorm,
                             rng=np.random.default_rng(seed))
            _, grads = net.loss_and_grads(X, y)
            norms.append([np.linalg.norm(dh) for dh in grads.dhidden])
        result[name] = np.mean(norms, axis=0)
    return result


def growth_per_layer(norms):
    """The factor by which ``norms`` (first layer first) grow per layer towards the input: a fit of their log."""
    layers = np.arange(len(norms))
    return float(np.exp(-np.polyfit(layers, np.log(norms), 1)[0]))


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    run, config = bn_gradient_explosion(), settings(bn_gradient_explosion)
    bn, plain = run["batchnorm"], run["plain"]
    return {**{f"explosion_{key}": value for key, value in config.items()},
            "bn_growth": growth_per_layer(bn), "plain_growth": growth_per_layer(plain),
            "mean_field_growth": float(np.sqrt(np.pi / (np.pi - 1))), "mean_field_square": float(np.pi / (np.pi - 1)),
            "bn_first_over_last": float(bn[0] / bn[-1]), "plain_first_over_last": float(plain[0] / plain[-1])}
