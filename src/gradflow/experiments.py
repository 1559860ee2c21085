"""The book's experiments: each a seeded, cached function whose result several figures share.

Every function here returns plain NumPy arrays in a dict, computed from a fixed
seed, so the figures and the numbers quoted in a chapter always agree and two
builds give the same pages. Results are memoized by `gradflow.cache.cached`:
computed once per build and, in the book's build, kept on disk between builds.
"""

from __future__ import annotations

import timeit

import numpy as np

from .activations import ACTIVATIONS
from .cache import cached
from .data import digits_like, two_moons
from .diagnostics import (born_dead_monte_carlo, born_dead_probability, dead_unit_fraction, layer_speeds,
                          random_matrix_product_norms)
from .mlp import MLP
from .train import train_sgd


def nielsen_net(hidden_layers, *, seed, activation="sigmoid", width=30, init="lecun_normal"):
    """A [64, width, ..., width, 10] net in the spirit of Nielsen's [784, 30, ..., 30, 10].

    Weights follow Nielsen's default $\\mathcal N(0, 1/n_{in})$ (LeCun normal) and
    biases $\\mathcal N(0, 1)$, as in his ``network2.py``.

    Examples
    --------
    >>> net = nielsen_net(2, seed=0)
    >>> net.sizes
    [64, 30, 30, 10]
    """
    rng = np.random.default_rng(seed)
    net = MLP([64] + [width] * hidden_layers + [10], activation=activation, init=init, rng=rng)
    for b in net.b:
        b[:] = rng.standard_normal(b.shape)
    return net


@cached
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
    dict mapping each depth to an ndarray of shape (seeds, depth): $\\lVert \\partial C/\\partial b^l \\rVert$
    of hidden layer l, first hidden layer first.

    Examples
    --------
    >>> speeds = nielsen_speeds_at_init(depths=(2,), seeds=2, n=200)
    >>> speeds[2].shape
    (2, 2)
    """
    X, y = digits_like(n, rng=np.random.default_rng(0))
    result = {}
    for depth in depths:
        rows = []
        for seed in range(seeds):
            _, grads = nielsen_net(depth, seed=seed).loss_and_grads(X, y)
            rows.append(layer_speeds(grads)[:-1])
        result[depth] = np.array(rows)
    return result


@cached
def sigmoid_training(hidden_layers=4, steps=2000, lr=1.0, checkpoints=20, n=1000):
    """Train a deep sigmoid net with SGD and watch each layer: how fast it learns, how far it moves.

    Returns
    -------
    dict with
        ``loss`` (steps,), ``speeds`` (steps, L) = $\\lVert \\partial L / \\partial b^l \\rVert$ per step,
        ``checkpoint_steps`` (C + 1,) and ``relative_change`` (C + 1, L) =
        $\\lVert W^l_t - W^l_0 \\rVert / \\lVert W^l_0 \\rVert$, and the final training ``accuracy``.

    Examples
    --------
    >>> run = sigmoid_training(hidden_layers=2, steps=20, checkpoints=2, n=200)
    >>> run["speeds"].shape, run["relative_change"].shape
    ((20, 3), (3, 3))
    """
    X, y = digits_like(n, rng=np.random.default_rng(0))
    net = nielsen_net(hidden_layers, seed=1)
    start = [W.copy() for W in net.W]
    batches = np.random.default_rng(2)
    losses, speeds = [], []
    change = [np.zeros(net.n_layers)]
    chunk = steps // checkpoints
    for _ in range(checkpoints):
        history = train_sgd(net, X, y, lr=lr, steps=chunk, batch_size=100, rng=batches)
        losses.append(history.loss)
        speeds.append(history.bias_grad_norms)
        change.append(np.array([np.linalg.norm(W - W0) / np.linalg.norm(W0) for W, W0 in zip(net.W, start)]))
    accuracy = float(np.mean(net.predict(X).argmax(axis=1) == y))
    return {"loss": np.concatenate(losses), "speeds": np.concatenate(speeds),
            "checkpoint_steps": np.arange(checkpoints + 1) * chunk, "relative_change": np.array(change),
            "accuracy": accuracy}


def scaled_he_init(scale):
    """A He-normal initializer multiplied by ``scale``: $\\mathcal N(0,\\, \\text{scale}^2 \\cdot 2/n_{in})$.

    Examples
    --------
    >>> import numpy as np
    >>> W = scaled_he_init(2.0)(400, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 400 / 8), 1)
    1.0
    """

    def init(n_in, n_out, rng):
        return rng.normal(0.0, scale * np.sqrt(2.0 / n_in), size=(n_in, n_out))

    init.__name__ = f"he_normal_times_{scale:g}"
    return init


@cached
def exploding_relu(scales=(1.0, 2.0), hidden_layers=8, width=64, steps=100, lr=0.05, n=500):
    """A deep ReLU net at He initialization and at ``scale`` times it: gradients by layer, then training.

    Returns
    -------
    dict mapping each scale to a dict with ``speeds`` (L,) at initialization,
    ``loss`` (S,) from SGD and ``diverged_at`` (int or None).

    Examples
    --------
    >>> run = exploding_relu(scales=(2.0,), hidden_layers=3, steps=5, n=100)
    >>> run[2.0]["speeds"].shape
    (4,)
    """
    X, y = digits_like(n, rng=np.random.default_rng(0))
    result = {}
    for scale in scales:
        net = MLP([64] + [width] * hidden_layers + [10], activation="relu", init=scaled_he_init(scale),
                  rng=np.random.default_rng(1))
        _, grads = net.loss_and_grads(X, y)
        history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=64, rng=np.random.default_rng(2))
        result[scale] = {"speeds": layer_speeds(grads), "loss": history.loss, "diverged_at": history.diverged_at,
                         "report": str(history)}
    return result


@cached
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


@cached
def born_dead(widths=(2, 3, 4), max_depth=30, trials=4000):
    """Exact and Monte Carlo probabilities that a narrow bias-free ReLU net is dead at an input.

    Returns
    -------
    dict with ``depths`` (D,), and per width: ``exact`` (D,), ``estimate`` (D,), ``stderr`` (D,)

    Examples
    --------
    >>> run = born_dead(widths=(2,), max_depth=3, trials=100)
    >>> run[2]["exact"].shape
    (3,)
    """
    rng = np.random.default_rng(0)
    depths = np.arange(1, max_depth + 1)
    result = {"depths": depths}
    for width in widths:
        runs = [born_dead_monte_carlo(width, int(depth), trials, rng=rng) for depth in depths]
        result[width] = {"exact": born_dead_probability(width, depths),
                         "estimate": np.array([p for p, _ in runs]), "stderr": np.array([se for _, se in runs])}
    return result


@cached
def dying_relu(bias_shift=-3.0, steps=400, lr=0.5, n=400):
    """Kill ReLU units with a negative bias shift, then train on: ReLU units stay dead, leaky ones recover.

    Both nets, ReLU and leaky ReLU with the same weights, are trained a little on
    two moons; then every first-layer bias is shifted by ``bias_shift``, and both
    are trained on for ``steps`` more steps.

    Returns
    -------
    dict mapping "relu" and "leaky_relu" to dicts with ``dead_before``, ``dead_after_shift``,
    ``dead_after_training`` (fractions of first-layer units that are 0 or negative on every input),
    ``dead_grad_norm`` (norm of the weight gradient reaching the units killed by the shift) and the
    accuracies ``accuracy_before``, ``accuracy_after_training``.

    Examples
    --------
    >>> run = dying_relu(steps=10, n=100)
    >>> sorted(run)
    ['leaky_relu', 'relu']
    """
    X, y = two_moons(n, noise=0.15, rng=np.random.default_rng(0))
    result = {}
    for activation in ("relu", "leaky_relu"):
        net = MLP([2, 32, 32, 2], activation=activation, init="he_normal", rng=np.random.default_rng(1))
        train_sgd(net, X, y, lr=lr, steps=300)
        accuracy_before = float(np.mean(net.predict(X).argmax(axis=1) == y))
        # "Dead" counts units at or below 0 on every input, whatever the activation:
        # for leaky ReLU such a unit still passes back a slope of 0.01.
        dead_before = float(dead_unit_fraction(net, X)[0])
        net.b[0] += bias_shift
        z = X @ net.W[0] + net.b[0]
        killed = np.all(z <= 0, axis=0)
        _, grads = net.loss_and_grads(X, y)
        dead_grad_norm = float(np.linalg.norm(grads.dW[0][:, killed]))
        dead_after_shift = float(dead_unit_fraction(net, X)[0])
        train_sgd(net, X, y, lr=lr, steps=steps)
        result[activation] = {
            "dead_before": dead_before, "dead_after_shift": dead_after_shift,
            "dead_after_training": float(dead_unit_fraction(net, X)[0]), "dead_grad_norm": dead_grad_norm,
            "accuracy_before": accuracy_before,
            "accuracy_after_training": float(np.mean(net.predict(X).argmax(axis=1) == y)),
        }
    return result


def _extreme(values, far_value, lowest):
    """Lowest or highest value on the grid, and whether it is reached inside it (not only approached)."""
    if abs(far_value) > 1e3:  # still growing a million units out: unbounded
        return (-np.inf if lowest else np.inf), False
    extreme = values.min() if lowest else values.max()
    where = np.flatnonzero(values == extreme)
    # Far out, tanh and sigmoid change by less than a rounding step, so several edge points tie:
    # count the extreme as reached only if it is reached well inside the grid.
    margin = values.size // 100
    return float(extreme), bool(np.any((where > margin) & (where < values.size - 1 - margin)))


def _grid_summary(f, f_grad):
    # Wide enough to see each shape, narrow enough that tanh and sigmoid never round to exactly ±1.
    z = np.linspace(-15.0, 15.0, 300001)
    a, d = f(z), f_grad(z)
    low, low_attained = _extreme(a, float(f(-1e6)), lowest=True)
    high, high_attained = _extreme(a, float(f(1e6)), lowest=False)
    best = float(d.max())
    at = z[np.isclose(d, best, rtol=0, atol=1e-9)]
    samples = np.random.default_rng(0).standard_normal(100_000)
    return {"min": low, "min_attained": low_attained, "max": high, "max_attained": high_attained,
            "max_grad": best, "argmax_lo": float(at.min()), "argmax_hi": float(at.max()),
            "mean_on_normal": float(np.mean(f(samples)))}


@cached
def activation_table(n=1_000_000, repeats=7):
    """Range, largest derivative and where, mean output on N(0, 1) input, and time per element.

    The time is the best of ``repeats`` runs of ``f(z)`` plus ``f_grad(z)`` on ``n`` float64
    values, in nanoseconds per element, on the machine that builds the book.

    Returns
    -------
    dict mapping each activation name to a dict of those numbers.

    Examples
    --------
    >>> table = activation_table(n=1000, repeats=1)
    >>> table["sigmoid"]["max_grad"]
    0.25
    """
    z = np.random.default_rng(0).standard_normal(n)
    table = {}
    for name, (f, f_grad) in ACTIVATIONS.items():
        row = _grid_summary(f, f_grad)
        seconds = min(timeit.repeat(lambda: (f(z), f_grad(z)), number=1, repeat=repeats))
        row["ns_per_element"] = seconds / n * 1e9
        table[name] = row
    return table
