r"""Experiments of the chapter "Residual connections": plain and residual nets of the same depth.

- `gradients_by_depth`: $\lVert \partial \mathcal{L} / \partial x \rVert$ at every depth of a plain
  ReLU MLP and of a `gradflow.residual.ResidualMLP` with the same number of weight
  layers, at initialization.
- `plain_vs_residual_training`: the same nets trained with the same SGD.
- `shallow_plain_training`: the degradation problem's other half, a shallower plain net at He
  init trained with that same SGD.
- `shortcut_scale_gradients`: with every branch at zero, the gradient through
  ``depth`` blocks whose shortcut is scaled by $\lambda$ is multiplied by $\lambda^{depth}$.

The data are `gradflow.data.digits_like` images, each feature standardized
(`gradflow.book.nets.standardized_digits`).
"""

from __future__ import annotations

import numpy as np

from ..losses import accuracy
from ..residual import ResidualMLP
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits_mlp, standardized_digits

NETS = ("plain", "plain_he", "residual", "residual_random")
"""The nets these experiments compare: plain MLP (Xavier init), plain MLP (He init),
residual MLP with every branch's last layer at zero (Xavier init), and the same residual
MLP with random branches."""

SHALLOW_BLOCKS = 4
"""The shallower plain net of the degradation problem has the weight layers of this many blocks (10)."""

LOSS_WINDOW = 20
"""The training figure draws the loss as a moving average over this many steps."""


def make_net(kind, blocks, *, width=64, activation="relu", seed=1):
    """One of the nets of `NETS`, with ``2 * blocks + 2`` weight layers of ``width`` units, 64 inputs, 10 outputs.

    The plain nets are ``MLP([64] + [width] * (2 * blocks + 1) + [10])``; the residual
    nets are ``ResidualMLP(64, width, 10, depth=blocks)``: a linear input layer, ``blocks``
    two-layer branches and a linear output layer.

    Examples
    --------
    >>> len(make_net("plain", 3, width=8).W), len(make_net("residual", 3, width=8).W)
    (8, 8)
    """
    rng = np.random.default_rng(seed)
    if kind in ("plain", "plain_he"):
        init = "he_normal" if kind == "plain_he" else "xavier_normal"
        return digits_mlp(2 * blocks + 1, width=width, activation=activation, init=init, rng=rng)
    if kind in ("residual", "residual_random"):
        return ResidualMLP(64, width, 10, depth=blocks, activation=activation, init="xavier_normal", rng=rng,
                           init_branch_zero=kind == "residual")
    raise ValueError(f"kind must be one of {', '.join(NETS)}; got {kind!r}")


def representation_gradients(net, X, y):
    r"""$\lVert \partial \mathcal{L} / \partial x \rVert$ at every hidden representation, and the layer it comes out of.

    For an MLP, the outputs $a^l$ of the hidden layers $l = 1 \dots L-1$; for a
    `ResidualMLP`, the residual stream $x_0 \dots x_{depth}$, where $x_b$ comes out of
    weight layer $2b + 1$ (the input layer, then two layers per block).

    Returns
    -------
    layers : ndarray of int
        Number of weight layers between the input and each representation.
    norms : ndarray
        Frobenius norm over the batch of the gradient there.

    Examples
    --------
    >>> import numpy as np
    >>> X, y, _, _ = standardized_digits(20, seed=0)
    >>> layers, norms = representation_gradients(make_net("residual", 2, width=8), X, y)
    >>> layers.tolist(), bool(np.all(norms == norms[0]))
    ([1, 3, 5], True)
    """
    _, grads = net.loss_and_grads(X, y)
    norms = np.array([np.linalg.norm(d) for d in grads.dhidden])
    if isinstance(net, ResidualMLP):
        return 2 * np.arange(len(norms)) + 1, norms  # x_b comes out of weight layer 2b + 1
    return np.arange(1, len(norms) + 1), norms  # a^l comes out of weight layer l


@experiment
def gradients_by_depth(blocks=20, width=64, n=256, nets=NETS):
    r"""$\lVert \partial \mathcal{L} / \partial x \rVert$ by depth at initialization, for plain and residual nets.

    Parameters
    ----------
    blocks : int
        Residual blocks; every net has ``2 * blocks + 2`` weight layers.
    width : int
    n : int
        Batch of standardized digits the gradient is computed on.
    nets : tuple of str
        Kinds from `NETS`.

    Returns
    -------
    dict mapping each kind to a dict with ``layers`` and ``norms`` (see `representation_gradients`).

    Examples
    --------
    >>> run = gradients_by_depth(blocks=2, width=8, n=20, nets=("plain", "residual"))
    >>> run["plain"]["layers"].tolist(), run["residual"]["layers"].tolist()
    ([1, 2, 3, 4, 5], [1, 3, 5])
    """
    X, y, _, _ = standardized_digits(n, seed=0)
    result = {}
    for kind in nets:
        layers, norms = representation_gradients(make_net(kind, blocks, width=width), X, y)
        result[kind] = {"layers": layers, "norms": norms}
    return result


def train_net(kind, blocks, *, width, steps, lr, batch_size, n):
    """Train one net of `make_net` with SGD on ``n`` standardized digits: its weight layers, loss curve and accuracy.

    Every net sees the same minibatches in the same order (the batch generator's seed is fixed).
    """
    X, y, _, _ = standardized_digits(n, seed=0)
    net = make_net(kind, blocks, width=width)
    history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=batch_size, rng=np.random.default_rng(2))
    return {"layers": len(net.W), "loss": history.loss, "diverged_at": history.diverged_at,
            "accuracy": accuracy(net.predict(X), y)}


@experiment
def plain_vs_residual_training(blocks=20, width=64, steps=400, lr=0.03, batch_size=64, n=1000,
                               nets=("plain_he", "residual", "residual_random", "plain")):
    """Train plain and residual nets of the same depth with the same SGD on standardized digits.

    Returns
    -------
    dict mapping each kind to a dict with its number of weight ``layers``, ``loss`` (steps,) of the
    minibatches (shorter if training diverged), ``diverged_at`` and the final training ``accuracy``.

    Examples
    --------
    >>> run = plain_vs_residual_training(blocks=2, width=8, steps=5, n=100, nets=("plain", "residual"))
    >>> run["residual"]["loss"].shape
    (5,)
    """
    return {kind: train_net(kind, blocks, width=width, steps=steps, lr=lr, batch_size=batch_size, n=n)
            for kind in nets}


@experiment
def shallow_plain_training(blocks=SHALLOW_BLOCKS):
    """The plain net at He init with the weight layers of ``blocks`` blocks, trained as `plain_vs_residual_training` trains.

    Width, data, SGD and minibatches are those of `plain_vs_residual_training`'s defaults: only the
    depth differs from its ``plain_he`` net. Set against that deeper net, it shows the degradation
    problem of He et al. (2016a): the deeper plain net has the higher training loss.

    Returns
    -------
    dict with ``layers``, ``loss``, ``diverged_at`` and ``accuracy``, as each net of `plain_vs_residual_training`.

    Examples
    --------
    >>> len(make_net("plain_he", SHALLOW_BLOCKS).W)
    10
    """
    config = {name: value for name, value in settings(plain_vs_residual_training).items()
              if name not in ("blocks", "nets")}
    return train_net("plain_he", blocks, **config)


@experiment
def shortcut_scale_gradients(scales=(0.9, 1.0, 1.1), depth=50, width=64, n=256):
    r"""Gradient through ``depth`` blocks $x_{l+1} = \lambda x_l + F(x_l)$ whose branches are all zero.

    Parameters
    ----------
    scales : tuple of float
        Shortcut scales $\lambda$.
    depth, width : int
        Blocks and width of the `ResidualMLP` (ReLU branches, last layer of each at zero).
    n : int
        Batch of standardized digits.

    Returns
    -------
    dict with ``blocks_below`` (depth + 1,) = $L - l$, the number of blocks between $x_l$ and
    the top $x_L$; and per scale an ndarray (depth + 1,) of
    $\lVert \partial \mathcal{L} / \partial x_l \rVert / \lVert \partial \mathcal{L} / \partial x_L \rVert$.

    Examples
    --------
    >>> run = shortcut_scale_gradients(scales=(0.5,), depth=3, width=8, n=10)
    >>> run[0.5].round(6).tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    X, y, _, _ = standardized_digits(n, seed=0)
    result = {"blocks_below": np.arange(depth + 1)}
    for scale in scales:
        net = ResidualMLP(64, width, 10, depth=depth, init="xavier_normal", shortcut_scale=scale,
                          init_branch_zero=True, rng=np.random.default_rng(1))
        _, grads = net.loss_and_grads(X, y)
        norms = np.array([np.linalg.norm(dx) for dx in grads.dhidden])
        result[scale] = norms[::-1] / norms[-1]
    return result


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    depth, config = gradients_by_depth(), settings(plain_vs_residual_training)
    training, shallow = plain_vs_residual_training(), shallow_plain_training()
    scale, scales = settings(shortcut_scale_gradients), shortcut_scale_gradients()
    figure1 = settings(gradients_by_depth)
    deep_net = make_net("plain", figure1["blocks"], width=figure1["width"])

    def ratio(kind):  # first hidden representation against the deepest, at initialization
        return float(depth[kind]["norms"][0] / depth[kind]["norms"][-1])

    def last50(run):
        return float(run["loss"][-50:].mean())

    low, high = min(scale["scales"]), max(scale["scales"])
    return {**{"training_" + key: config[key] for key in ("lr", "batch_size", "steps")},
            "training_layers": len(make_net("plain", config["blocks"], width=config["width"]).W),
            # the nets of Figure 1
            "blocks": figure1["blocks"], "width": figure1["width"], "batch": figure1["n"],
            "layers": len(deep_net.W), "hidden_layers": len(deep_net.W) - 1,
            "xavier_ratio": ratio("plain"), "he_ratio": ratio("plain_he"), "random_ratio": ratio("residual_random"),
            "classes": deep_net.sizes[-1], "window": LOSS_WINDOW,
            # the scaled shortcuts
            "scale_depth": scale["depth"], "scales": list(scale["scales"]), "scale_low": low, "scale_high": high,
            "scale_step_pct": 100 * (1 - low), "shrunk": float(scales[low][-1]), "grown": float(scales[high][-1]),
            # the degradation problem: the same plain He net, shallower, trained the same way
            "shallow_layers": shallow["layers"],
            "shallow_last50": last50(shallow), "shallow_accuracy": 100 * shallow["accuracy"],
            "deep_he_last50": last50(training["plain_he"]), "deep_he_accuracy": 100 * training["plain_he"]["accuracy"]}
