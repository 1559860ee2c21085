"""Experiments of the chapter "Activation functions": dead ReLUs, born dead or killed in training, and a table.

- `born_dead`: exact and Monte Carlo probabilities that a narrow deep ReLU net is dead at an input;
- `dying_relu`: a bias shift kills every first-layer unit; ReLU's stay dead, leaky ReLU revives a few;
- `activation_table`: each activation's range, largest derivative and mean output.
"""

from __future__ import annotations

import copy
import inspect

import numpy as np

from ..activations import ACTIVATIONS
from ..data import two_moons
from ..diagnostics import born_dead_monte_carlo, born_dead_probability, dead_unit_fraction
from ..losses import accuracy
from ..mlp import MLP
from ..train import train_sgd
from .cache import experiment, settings


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


LARGER_SHIFT = -6.0
DRAWN_LEAKY_ALPHA = 0.1  # Figure 3's slope: ten times the default, so that it can be seen
"""The page's second bias shift: further below 0, so that no unit of the layer comes back."""


@experiment(runs=[{}, {"bias_shift": LARGER_SHIFT}])
def dying_relu(bias_shift=-4.0, steps=1000, lr=0.5, n=400, width=32, pretrain_steps=300, every=25):
    r"""Kill every first-layer unit with a negative bias shift, then train on: ReLU stays dead, leaky ReLU revives some.

    Two nets with the same weights, one ReLU and one leaky ReLU, first learn two moons for
    ``pretrain_steps`` steps. Then every first-layer bias is shifted by ``bias_shift``, which puts
    every first-layer unit at or below 0 on every input, and both nets train on for ``steps``
    more steps (full batch, so the run is the same however it is cut into pieces of ``every``).

    A unit is "dead" when its pre-activation is at or below 0 on every input, whatever the
    activation: for leaky ReLU such a unit still passes $\alpha z$ forward and a slope $\alpha$ back.
    A killed unit is "revived" when, after training, it is positive on at least one input.

    Returns
    -------
    dict mapping "relu" and "leaky_relu" to dicts with

    - ``killed`` (int), the first-layer units dead right after the shift, out of ``width``;
      ``dead_before``, ``dead_after_shift``, ``dead_after_training``, fractions of dead units;
    - ``dead_grad_norm``, the norm of the weight gradient reaching the killed units right after
      the shift;
    - ``revived`` (int), the killed units alive after training, and ``newly_dead`` (int), units
      that were alive after the shift and are dead after training;
    - ``accuracy_before``, ``accuracy_after_shift``, ``accuracy_after_training`` and
      ``loss_after_training`` (full data);
    - ``accuracy_without_revived``, the accuracy after training with the revived units silenced
      (their outgoing weights set to 0);
    - ``curve``: ``step`` (C,) every ``every`` steps from 0, and at each of them ``dead`` (C,),
      ``revived`` (C,) and ``accuracy`` (C,).

    Examples
    --------
    >>> run = dying_relu(steps=10, n=100, every=5)
    >>> sorted(run), run["relu"]["curve"]["step"].tolist()
    (['leaky_relu', 'relu'], [0, 5, 10])
    """
    X, y = two_moons(n, noise=0.15, rng=np.random.default_rng(0))

    def dead_units(net):
        z = X @ net.W[0] + net.b[0]
        return np.all(z <= 0, axis=0)

    result = {}
    for activation in ("relu", "leaky_relu"):
        net = MLP([2, width, width, 2], activation=activation, init="he_normal", rng=np.random.default_rng(1))
        train_sgd(net, X, y, lr=lr, steps=pretrain_steps)
        accuracy_before = accuracy(net.predict(X), y)
        dead_before = float(dead_unit_fraction(net, X)[0])

        net.b[0] += bias_shift
        killed = dead_units(net)
        _, grads = net.loss_and_grads(X, y)
        dead_grad_norm = float(np.linalg.norm(grads.dW[0][:, killed]))
        accuracy_after_shift = accuracy(net.predict(X), y)

        curve = {"step": [0], "dead": [float(killed.mean())], "revived": [0], "accuracy": [accuracy_after_shift]}
        for step in range(every, steps + 1, every):
            train_sgd(net, X, y, lr=lr, steps=every)
            dead = dead_units(net)
            curve["step"].append(step)
            curve["dead"].append(float(dead.mean()))
            curve["revived"].append(int(np.sum(killed & ~dead)))
            curve["accuracy"].append(accuracy(net.predict(X), y))

        dead = dead_units(net)
        revived = killed & ~dead
        silenced = copy.deepcopy(net)
        silenced.W[1][revived, :] = 0.0  # what the revived units pass on to layer 2 is cut
        loss_after_training, _ = net.loss_and_grads(X, y)
        result[activation] = {
            "killed": int(killed.sum()), "dead_before": dead_before, "dead_after_shift": float(killed.mean()),
            "dead_after_training": float(dead.mean()), "dead_grad_norm": dead_grad_norm,
            "revived": int(revived.sum()), "newly_dead": int(np.sum(dead & ~killed)),
            "accuracy_before": accuracy_before, "accuracy_after_shift": accuracy_after_shift,
            "accuracy_after_training": accuracy(net.predict(X), y), "loss_after_training": float(loss_after_training),
            "accuracy_without_revived": accuracy(silenced.predict(X), y),
            "curve": {name: np.array(values) for name, values in curve.items()},
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
    """The numbers the chapter's prose quotes, computed by the functions and the runs the page shows."""
    from ..activations import leaky_relu, sigmoid_grad

    run, dying, larger = dying_relu(), settings(dying_relu), dying_relu(bias_shift=LARGER_SHIFT)
    relu, leaky = run["relu"], run["leaky_relu"]
    curve = leaky["curve"]
    first_revival = int(np.argmax(curve["revived"] > 0))  # the first checkpoint with a unit back
    return {
        "sigmoid_grad_at_5": float(sigmoid_grad(5.0)),
        "sigmoid_grad_at_3": float(sigmoid_grad(3.0)),  # exercise 3
        "leaky_alpha": inspect.signature(leaky_relu).parameters["alpha"].default,
        "drawn_alpha": DRAWN_LEAKY_ALPHA,
        "drawn_alpha_times": DRAWN_LEAKY_ALPHA / inspect.signature(leaky_relu).parameters["alpha"].default,
        "born_dead_widths": settings(born_dead)["widths"],
        # the dying-ReLU run: its settings, then what it shows
        "examples": dying["n"], "width": dying["width"], "pretrain_steps": dying["pretrain_steps"],
        "bias_shift": dying["bias_shift"], "steps": dying["steps"],
        "accuracy_before": relu["accuracy_before"], "killed": relu["killed"],
        "accuracy_after_shift": relu["accuracy_after_shift"],
        "relu_loss": relu["loss_after_training"], "ln2": float(np.log(2)),
        "relu_accuracy": relu["accuracy_after_training"], "relu_dead": relu["dead_after_training"],
        "leaky_grad": leaky["dead_grad_norm"],
        "leaky_first_revival": int(curve["step"][first_revival]),
        "leaky_accuracy_before_revival": float(curve["accuracy"][:first_revival].max()),
        "leaky_revived": leaky["revived"], "leaky_still_dead": leaky["killed"] - leaky["revived"],
        "larger_shift": LARGER_SHIFT, "larger_revived": larger["leaky_relu"]["revived"],
        "larger_killed": larger["leaky_relu"]["killed"],
        "larger_accuracy": larger["leaky_relu"]["accuracy_after_training"],
        "larger_relu_accuracy": larger["relu"]["accuracy_after_training"],
        "leaky_accuracy": leaky["accuracy_after_training"],
        "leaky_accuracy_without_revived": leaky["accuracy_without_revived"],
    }
