"""Experiments of the "Gradient clipping" chapter: each a seeded, cached function the page's snippets share.

The network is the one the "Exploding gradients" chapter trains: a ReLU MLP with
8 hidden layers of 64 units on the synthetic 8x8 digits, minibatches of 64, SGD
with learning rate 0.05. At He initialization it trains; with every weight
doubled it diverges within a few steps. Here the doubled one is trained again
with its gradients clipped, and the healthy one tells us where to put the
threshold. Over several seeds, He initialization and clipping are then compared part by part.
"""

from __future__ import annotations

import numpy as np

from ..clip import clip_by_norm, clip_by_value
from ..diagnostics import angle_degrees, dead_unit_fraction
from ..losses import accuracy
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits, digits_relu_net


@experiment
def clip_angles(low=1e-4, high=1e3, points=29, scales=(1.0, 2.0), n=500):
    """How far clipping turns a real network's gradient, by norm and by value, as the threshold varies.

    The gradient is that of the full data set at initialization, for the net at He
    initialization times each ``scale``; the ``points`` thresholds are spaced evenly
    on a log scale from ``low`` to ``high``.

    Returns
    -------
    dict with ``thresholds`` (T,) and, per scale, a dict with ``norm`` (float, the global
    gradient norm), ``max_abs`` (float, its largest entry in absolute value), ``size``
    (number of parameters), ``by_norm`` (T,) and ``by_value`` (T,): the angle in degrees
    between the gradient and its clipped version, and ``clamped`` (T,): the share of
    entries clip-by-value changes.

    Examples
    --------
    >>> run = clip_angles(low=0.01, high=100.0, points=3, scales=(1.0,), n=50)
    >>> run["thresholds"].tolist(), run[1.0]["by_norm"].tolist()
    ([0.01, 1.0, 100.0], [0.0, 0.0, 0.0])
    """
    X, y = digits(n)
    thresholds = np.geomspace(low, high, points)
    result = {"thresholds": thresholds}
    for scale in scales:
        _, grads = digits_relu_net(scale).loss_and_grads(X, y)
        g = grads.params()
        flat = np.concatenate([gi.ravel() for gi in g])
        result[scale] = {
            "norm": float(np.linalg.norm(flat)), "max_abs": float(np.abs(flat).max()), "size": int(flat.size),
            "by_norm": np.array([angle_degrees(g, clip_by_norm(g, t)[0]) for t in thresholds]),
            "by_value": np.array([angle_degrees(g, clip_by_value(g, t)) for t in thresholds]),
            "clamped": np.array([float(np.mean(np.abs(flat) > t)) for t in thresholds]),
        }
    return result


def _train(scale, *, seed, steps, lr, n, clip_norm=None):
    """Train the digits net; return its history and, unless it diverged, its full-data loss and accuracy."""
    X, y = digits(n)
    net = digits_relu_net(scale, seed=seed)
    history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=64, rng=np.random.default_rng(seed + 1),
                        clip_norm=clip_norm)
    if history.diverged:
        final_loss, trained, dead = np.nan, np.nan, np.nan
    else:
        final_loss = float(net.loss_and_grads(X, y)[0])
        trained = accuracy(net.predict(X), y)
        dead = float(dead_unit_fraction(net, X).max())
    return history, {"final_loss": final_loss, "accuracy": trained, "dead_max": dead}


def _record(history, summary):
    return {"loss": history.loss, "total_grad_norm": history.total_grad_norm,
            "clipped_grad_norm": history.clipped_grad_norm, "diverged_at": history.diverged_at,
            "report": str(history), **summary}


@experiment
def clipping_rescue(clip_norm=5.0, scale=2.0, steps=300, lr=0.05, n=500):
    """The diverging net of the "Exploding gradients" chapter, trained again without and with clipping by norm.

    Same weights, same minibatches, same learning rate: only ``clip_norm`` differs.

    Returns
    -------
    dict with ``plain`` and ``clipped``, each a dict with ``loss`` (S,), ``total_grad_norm`` (S,)
    (before clipping), ``clipped_grad_norm`` (S,) (applied), ``diverged_at`` (int or None),
    ``report`` (str), and, for a run that did not diverge, ``final_loss`` and ``accuracy``
    on the whole data set (NaN otherwise).

    Examples
    --------
    >>> run = clipping_rescue(steps=5, n=100)
    >>> run["plain"]["diverged_at"] is not None, run["clipped"]["diverged_at"]
    (True, None)
    """
    plain = _record(*_train(scale, seed=1, steps=steps, lr=lr, n=n))
    clipped = _record(*_train(scale, seed=1, steps=steps, lr=lr, n=n, clip_norm=clip_norm))
    return {"threshold": clip_norm, "plain": plain, "clipped": clipped}


@experiment
def init_and_clipping(clip_norm=5.0, steps=300, lr=0.05, n=500, seeds=(1, 2, 3)):
    """He initialization and twice it, with and without clipping, over several seeds: what each part does.

    Returns
    -------
    dict mapping each of ``"he"``, ``"he_clipped"``, ``"doubled"``, ``"doubled_clipped"`` to a dict
    of arrays over the seeds: ``final_loss`` and ``accuracy`` on the whole data set (NaN for a run
    that diverged), ``diverged_at`` (-1 for a run that did not) and ``max_grad_norm``.

    Examples
    --------
    >>> run = init_and_clipping(steps=5, n=100, seeds=(1,))
    >>> sorted(run), run["doubled"]["diverged_at"].shape
    (['doubled', 'doubled_clipped', 'he', 'he_clipped'], (1,))
    """
    runs = {"he": (1.0, None), "he_clipped": (1.0, clip_norm), "doubled": (2.0, None), "doubled_clipped": (2.0, clip_norm)}
    result = {}
    for name, (scale, clip) in runs.items():
        rows = []
        for seed in seeds:
            history, summary = _train(scale, seed=seed, steps=steps, lr=lr, n=n, clip_norm=clip)
            rows.append((summary["final_loss"], summary["accuracy"],
                         -1 if history.diverged_at is None else history.diverged_at,
                         float(np.nanmax(history.total_grad_norm))))
        loss, acc, diverged, largest = map(np.array, zip(*rows))
        result[name] = {"final_loss": loss, "accuracy": acc, "diverged_at": diverged, "max_grad_norm": largest}
    return result


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    angles = clip_angles()
    # the largest turn clipping by value gives, over the thresholds and both nets (sign(g) in the limit)
    largest_turn = max(float(angles[scale]["by_value"].max()) for scale in settings(clip_angles)["scales"])
    return {"baseline_seeds": len(settings(init_and_clipping)["seeds"]), "largest_turn": largest_turn}


@experiment
def healthy_norms(steps=200, lr=0.05, n=500):
    """A short healthy run, the same net at plain He initialization, logging its global gradient norm.

    Returns
    -------
    dict with ``total_grad_norm`` (S,), ``loss`` (S,), ``diverged_at``, ``report``, and ``final_loss``
    and ``accuracy`` on the whole data set.

    Examples
    --------
    >>> healthy_norms(steps=5, n=100)["total_grad_norm"].shape
    (5,)
    """
    history, summary = _train(1.0, seed=1, steps=steps, lr=lr, n=n)
    return {"total_grad_norm": history.total_grad_norm, **history.summary(), **summary}


@experiment
def threshold_sweep(thresholds=(1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0), seeds=3, scale=2.0, steps=300,
                    lr=0.05, n=500):
    """Train the doubled-weight net with clipping by norm at each threshold, from several seeds.

    Seed ``s`` draws the initial weights from ``s + 1`` and the minibatches from ``s + 2``,
    so seed 0 is the run of `clipping_rescue`.

    Returns
    -------
    dict with ``thresholds`` (T,) and arrays of shape (T, seeds): ``final_loss`` (whole data set,
    NaN if the run diverged), ``accuracy``, ``diverged`` (bool), ``clipped_share`` (share of steps
    whose norm exceeded the threshold) and ``dead_max`` (largest share of dead units in a layer).

    Examples
    --------
    >>> run = threshold_sweep(thresholds=(1.0,), seeds=1, steps=5, n=100)
    >>> run["final_loss"].shape
    (1, 1)
    """
    shape = (len(thresholds), seeds)
    out = {key: np.zeros(shape) for key in ("final_loss", "accuracy", "clipped_share", "dead_max")}
    out["diverged"] = np.zeros(shape, dtype=bool)
    for i, threshold in enumerate(thresholds):
        for s in range(seeds):
            history, summary = _train(scale, seed=s + 1, steps=steps, lr=lr, n=n, clip_norm=threshold)
            out["diverged"][i, s] = history.diverged
            out["clipped_share"][i, s] = float(np.mean(history.total_grad_norm > threshold))
            for key in ("final_loss", "accuracy", "dead_max"):
                out[key][i, s] = summary[key]
    return {"thresholds": np.array(thresholds, dtype=float), **out}
