r"""Experiments of the chapter "Batch normalization": a deep sigmoid net with and without it.

- `uneven_features`: three features with very different means and spreads, for the first snippet.
- `bn_layer_stats`: at initialization, the spread over the batch of every hidden
  layer's activation input and the gradient norms of every layer, for the nets of `NETS`:
  without batch norm at Xavier init, without batch norm at the sigmoid's gain (4 × Xavier,
  what initialization alone can do), and with batch norm.
- `bn_training`: the same nets trained with the same SGD, and how far the
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

from ..activations import sigmoid_grad
from ..batchnorm import batchnorm_backward, batchnorm_forward
from ..diagnostics import hidden_preactivations
from ..init import xavier_normal
from ..losses import accuracy
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits_mlp, standardized_digits


SIGMOID_GAIN = 1.0 / float(sigmoid_grad(0.0))
r"""The sigmoid's gain for small $z$, $1/\sigma'(0) = 4$: the init chapter's table (`gradflow.init.gain`
with $q \to 0$), the old rule of multiplying Xavier's weights by 4."""

NETS = {"plain": (False, 1.0), "plain_gain": (False, SIGMOID_GAIN), "batchnorm": (True, 1.0)}
"""The deep sigmoid nets compared, each as (batch norm?, gain): without batch norm at Xavier init,
without batch norm at the sigmoid's gain (the same weights times 4), and with batch norm at Xavier init."""

LOSS_WINDOW = 20
"""The training figure draws the loss as a moving average over this many steps."""


def deep_sigmoid_net(hidden_layers, *, batchnorm, width=64, seed=1, gain=1.0):
    """A [64, width, ..., width, 10] sigmoid MLP with Xavier-normal weights times ``gain``, with or without batch norm.

    The same seed gives the same weights whether or not ``batchnorm`` is set, and ``gain`` times them.

    Examples
    --------
    >>> net = deep_sigmoid_net(3, batchnorm=True, width=8)
    >>> net.sizes, len(net.gamma)
    ([64, 8, 8, 8, 10], 3)
    >>> import numpy as np
    >>> bool(np.allclose(deep_sigmoid_net(3, batchnorm=False, width=8, gain=4.0).W[0], 4 * net.W[0]))
    True
    """
    init = "xavier_normal" if gain == 1.0 else lambda n_in, n_out, rng: gain * xavier_normal(n_in, n_out, rng)
    return digits_mlp(hidden_layers, width=width, activation="sigmoid", init=init, batchnorm=batchnorm,
                      rng=np.random.default_rng(seed))


def uneven_features(means=(5.0, -3.0, 0.0), stds=(0.5, 10.0, 1.0), n=64, seed=0):
    """``n`` examples of features drawn from normal laws with these means and standard deviations.

    Examples
    --------
    >>> uneven_features().shape
    (64, 3)
    """
    return np.random.default_rng(seed).normal(loc=means, scale=stds, size=(n, len(means)))


def rescaled_weights(scales=(0.1, 10.0, 1000.0), seed=0):
    r"""What multiplying the weights into a normalized layer by $a$ changes, as the page's scale-invariance snippet measures it.

    A batch of 32 examples of 5 features, weights (5, 4), $\gamma = 1$, $eta = 0$ and a gradient
    from above, all from one seeded generator, in the snippet's order.

    Returns
    -------
    dict mapping each $a$ to a dict with ``out_change``, the largest $|\mathrm{BN}(X aW) - \mathrm{BN}(XW)|$,
    and ``ratio_min``, ``ratio_max``: the smallest and largest entry of
    $(\partial \mathcal{L}/\partial W)|_{aW} \,/\, (\partial \mathcal{L}/\partial W)|_{W}$.

    Examples
    --------
    >>> round(rescaled_weights(scales=(10.0,))[10.0]["ratio_max"], 4)
    0.1
    """
    rng = np.random.default_rng(seed)
    X, W = rng.normal(size=(32, 5)), rng.normal(size=(5, 4))
    gamma, beta = np.ones(4), np.zeros(4)
    dout = rng.normal(size=(32, 4))
    out, cache = batchnorm_forward(X @ W, gamma, beta)
    dW = X.T @ batchnorm_backward(dout, cache)[0]
    result = {}
    for a in scales:
        out_a, cache_a = batchnorm_forward(X @ (a * W), gamma, beta)
        ratio = (X.T @ batchnorm_backward(dout, cache_a)[0]) / dW
        result[a] = {"out_change": float(np.abs(out_a - out).max()),
                     "ratio_min": float(ratio.min()), "ratio_max": float(ratio.max())}
    return result


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
    dict mapping each net of `NETS` to a dict with
        ``input_std`` (hidden_layers,): standard deviation over the batch of each unit's activation input,
        averaged over the layer's units; ``output_std`` (hidden_layers,): the same for the sigmoid's output;
        ``input_offset`` (hidden_layers,): the mean over the batch of each unit's activation input, in
        absolute value, averaged over the layer's units; ``slope`` (hidden_layers,): the sigmoid's slope
        $\sigma'$ there, averaged over the batch and the units;
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
    for name, (batchnorm, gain) in NETS.items():
        net = deep_sigmoid_net(hidden_layers, batchnorm=batchnorm, width=width, gain=gain)
        inputs = hidden_preactivations(net, X, mode="train")
        outputs = [1.0 / (1.0 + np.exp(-u)) for u in inputs]
        loss, grads = net.loss_and_grads(X, y)
        result[name] = {
            "input_std": np.array([u.std(axis=0).mean() for u in inputs]),
            "output_std": np.array([a.std(axis=0).mean() for a in outputs]),
            "input_offset": np.array([np.abs(u.mean(axis=0)).mean() for u in inputs]),
            "slope": np.array([sigmoid_grad(u).mean() for u in inputs]),
            "grad_W": np.array([np.linalg.norm(dW) for dW in grads.dW]),
            "grad_delta": np.array([np.linalg.norm(d) for d in grads.delta]),
            "loss": float(loss),
        }
    return result


@experiment
def bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64, n=1000,
                checkpoints=(0, 2, 5, 10, 20, 30, 50, 100, 200, 300, 400, 500)):
    r"""Train the deep sigmoid nets of `NETS`; watch the batch-norm net's two modes.

    The nets start from the same weights (times 4 for ``plain_gain``) and see the same minibatches (SGD, ``lr``,
    ``batch_size``). At each checkpoint the batch-norm net is run on the whole training
    set in eval mode (running statistics) and in train mode (the statistics of the whole
    training set, which the running averages estimate; run on a copy, so the running
    statistics are not touched).

    Returns
    -------
    dict with
        each net of `NETS`: a dict with ``loss`` (steps,) of the minibatches and the final
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
    for name, (batchnorm, gain) in NETS.items():
        net = deep_sigmoid_net(hidden_layers, batchnorm=batchnorm, width=width, gain=gain)
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
    explosion = {**{f"explosion_{key}": value for key, value in config.items()},
                 "bn_growth": growth_per_layer(bn), "plain_growth": growth_per_layer(plain),
                 "mean_field_growth": float(np.sqrt(np.pi / (np.pi - 1))), "mean_field_square": float(np.pi / (np.pi - 1)),
                 "bn_first_over_last": float(bn[0] / bn[-1]), "plain_first_over_last": float(plain[0] / plain[-1])}

    # the three features of the first snippet
    features = uneven_features()
    means, stds = features.mean(axis=0), features.std(axis=0)
    basics = {"feature_means": [float(m) for m in means], "feature_stds": [float(s) for s in stds]}

    # the deep sigmoid nets at initialization
    stats, layer_config = bn_layer_stats(), settings(bn_layer_stats)
    hidden = layer_config["hidden_layers"]
    plain_stats, gain_stats, bn_stats = (stats[name] for name in ("plain", "plain_gain", "batchnorm"))
    gain_std = gain_stats["input_std"]
    at_init = {
        "hidden_layers": hidden, "width": layer_config["width"], "batch": layer_config["n"],
        "sigmoid_gain": SIGMOID_GAIN, "classes": deep_sigmoid_net(1, batchnorm=False).sizes[-1],
        "plain_ratio": float(plain_stats["grad_W"][0] / plain_stats["grad_W"][hidden - 1]),
        "bn_grad": float(bn_stats["grad_W"][:hidden].mean()),
        "gain_ratio": float(gain_stats["grad_W"][0] / gain_stats["grad_W"][hidden - 1]),
        "gain_std_first": float(gain_std[0]), "gain_std_last": float(gain_std[-1]),
        "gain_shrink": float((gain_std[0] / gain_std[-1]) ** (1 / (hidden - 1))),  # per layer, geometric mean
        # from layer 2 on, where the sigmoid outputs of the layer below (mean about 1/2) feed the input
        "gain_offset": float(gain_stats["input_offset"][1:].mean()), "gain_slope": float(gain_stats["slope"][1:].mean()),
        "plain_offset": float(plain_stats["input_offset"][1:].mean()),
        "plain_slope": float(plain_stats["slope"][1:].mean()),
    }
    at_init["uniform_loss"] = float(np.log(at_init["classes"]))

    # training, and the two modes of the batch-norm net
    training, train_config = bn_training(), settings(bn_training)
    steps, eval_acc, train_acc = training["checkpoints"], training["eval_accuracy"], training["train_mode_accuracy"]
    var_error = training["running_var_error"]
    guessing = np.cumprod(eval_acc <= 1 / at_init["classes"] + 0.005).astype(bool)  # eval mode still guessing
    converged = int(np.argmax(var_error < 0.2))  # the first checkpoint with the running variance within 20 %
    trained = {
        "lr": train_config["lr"], "batch_size": train_config["batch_size"], "steps": train_config["steps"],
        "window": LOSS_WINDOW,
        **{f"{name}_last50": float(training[name]["loss"][-50:].mean()) for name in NETS},
        **{f"{name}_accuracy": 100 * float(training[name]["accuracy"]) for name in NETS},
        "guess_until": int(steps[guessing][-1]), "guess_accuracy": 100 * float(eval_acc[guessing][-1]),
        "guess_train_mode": 100 * float(train_acc[guessing][-1]),
        "guess_var_error": 100 * float(var_error[guessing].min()),
        "converged_step": int(steps[converged]), "converged_var_error": 100 * float(var_error[converged]),
        "late_var_error": 100 * float(np.median(var_error[converged + 1:])),
        "final_eval": 100 * float(eval_acc[-1]), "final_train_mode": 100 * float(train_acc[-1]),
    }

    # the scale invariance
    rescaled = rescaled_weights()
    small, *large = sorted(rescaled)
    invariance = {"rescale_small": small, "rescale_large": large,
                  "rescale_large_change": max(rescaled[a]["out_change"] for a in large),
                  "rescale_small_change": rescaled[small]["out_change"],
                  "rescale_small_ratio_min": rescaled[small]["ratio_min"],
                  "rescale_small_ratio_max": rescaled[small]["ratio_max"]}
    return {**explosion, **basics, **at_init, **trained, **invariance}
