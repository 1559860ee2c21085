"""Experiments of the chapter "Activation functions": dead ReLUs, born dead or killed in training, and a table.

- `born_dead`: exact and Monte Carlo probabilities that a narrow deep ReLU net is dead at an input;
- `dying_relu`: ReLU units killed by a bias shift stay dead, leaky ReLU units recover;
- `activation_table`: each activation's range, largest derivative and mean output.
"""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from ..data import two_moons
from ..diagnostics import born_dead_monte_carlo, born_dead_probability, dead_unit_fraction
from ..losses import accuracy
from ..mlp import MLP
from ..train import train_sgd
from .cache import experiment


@experiment
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


@experiment
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
        accuracy_before = accuracy(net.predict(X), y)
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
            "accuracy_after_training": accuracy(net.predict(X), y),
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


@experiment
def activation_table():
    """Range, largest derivative and where it is reached, and mean output on N(0, 1) input.

    Nothing here depends on the machine that runs it: how long each function takes is measured by
    ``make bench`` (bench/gradflow_vs_torch.py), not on the page.

    Returns
    -------
    dict mapping each activation name to a dict of those numbers.

    Examples
    --------
    >>> table = activation_table()
    >>> table["sigmoid"]["max_grad"]
    0.25
    """
    return {name: _grid_summary(f, f_grad) for name, (f, f_grad) in ACTIVATIONS.items()}


def facts() -> dict:
    """The numbers the chapter's prose quotes, computed by the functions the page shows."""
    from ..activations import sigmoid_grad

    return {"sigmoid_grad_at_5": float(sigmoid_grad(5.0))}
