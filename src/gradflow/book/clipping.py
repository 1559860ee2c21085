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

TOY_GRADIENT, TOY_THRESHOLD = (4.0, 1.0), 1.0
"""The two-dimensional gradient of Figure 1 (and of direction_2d.pycon), and the threshold it is clipped at."""

BATCH_SIZE = 64
"""Every training run of the chapter draws minibatches of this many images."""

TAIL = 100
"""The rescued run's last steps, over which the page reads the median and the smallest norm before clipping."""

GOOD_LOSS = 1.5
"""The threshold sweep counts a threshold as working when every seed's final loss is below this."""


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
    history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=BATCH_SIZE, rng=np.random.default_rng(seed + 1),
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
def init_and_clipping(clip_norm=5.0, steps=300, lr=0.05, n=500, seeds=(1, 2, 3, 4, 5, 6)):
    """He initialization and twice it, with and without clipping, over several seeds: what each part does.

    Returns
    -------
    dict mapping each of ``"he"``, ``"he_clipped"``, ``"doubled"``, ``"doubled_clipped"`` to a dict
    of arrays over the seeds: ``final_loss`` and ``accuracy`` on the whole data set (NaN for a run
    that diverged), ``diverged_at`` (-1 for a run that did not), ``max_grad_norm``, and
    ``clipped_share``, the share of its steps whose gradient norm was above ``clip_norm``.

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
                         float(np.nanmax(history.total_grad_norm)),
                         float(np.mean(history.total_grad_norm > clip_norm))))
        loss, acc, diverged, largest, clipped = map(np.array, zip(*rows))
        result[name] = {"final_loss": loss, "accuracy": acc, "diverged_at": diverged, "max_grad_norm": largest,
                        "clipped_share": clipped}
    return result


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


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    # Figure 1: the two-dimensional example
    toy = np.array(TOY_GRADIENT)
    (toy_by_value,) = clip_by_value([toy], TOY_THRESHOLD)
    # Figure 2: clipping the network's gradient at initialization
    angles = clip_angles()
    net = settings(digits_relu_net)
    # the largest turn clipping by value gives, over the thresholds and both nets (sign(g) in the limit)
    largest_turn = max(float(angles[scale]["by_value"].max()) for scale in settings(clip_angles)["scales"])

    def row(scale, threshold):  # the row of real_angles.pycon's table at ``threshold``: angle, entries clamped
        r = angles[scale]
        i = int(np.argmin(np.abs(np.log10(angles["thresholds"] / threshold))))
        return float(r["by_value"][i]), int(round(r["clamped"][i] * r["size"]))

    he_small_t, doubled_mid_t, doubled_high_t = 0.01, 10.0, 100.0  # the rows of that table the prose reads
    he_small_turn, he_small_clamped = row(1.0, he_small_t)
    doubled_mid_turn, doubled_mid_clamped = row(2.0, doubled_mid_t)
    doubled_high_turn, doubled_high_clamped = row(2.0, doubled_high_t)
    params = angles[1.0]["size"]
    # Figure 3: the rescue
    rescue, config = clipping_rescue(), settings(clipping_rescue)
    plain, clipped = rescue["plain"], rescue["clipped"]
    theta, lr, nan_at = config["clip_norm"], config["lr"], plain["diverged_at"]
    norms, first_norm = clipped["total_grad_norm"], float(plain["total_grad_norm"][0])
    # He init and clipping, over seeds
    runs = init_and_clipping()
    he, he_clipped, doubled_clipped = (runs[name]["final_loss"] for name in ("he", "he_clipped", "doubled_clipped"))
    # Figure 4: the healthy run's norms
    healthy = healthy_norms()["total_grad_norm"]
    half = healthy.size // 2
    median, p95 = np.percentile(healthy, [50, 95])
    early_threshold = 2 * float(np.median(healthy[:half]))
    # Figure 5: the threshold sweep
    sweep, sweep_config = threshold_sweep(), settings(threshold_sweep)
    t, losses = sweep["thresholds"], sweep["final_loss"]
    good = t[np.all(losses < GOOD_LOSS, axis=1)]
    big = t[t > good.max()]
    return {
        "toy_angle": angle_degrees(toy, toy_by_value), "toy_length": float(np.linalg.norm(toy_by_value)),
        "weight_layers": net["hidden_layers"] + 1, "hidden_layers": net["hidden_layers"], "width": net["width"],
        "batch_size": BATCH_SIZE, "largest_turn": largest_turn,
        "he_max_abs": angles[1.0]["max_abs"], "params": params, "sqrt_params": float(np.sqrt(params)),
        "he_small_t": he_small_t, "he_small_turn": he_small_turn, "he_small_clamped": he_small_clamped,
        "doubled_mid_t": doubled_mid_t, "doubled_mid_turn": doubled_mid_turn, "doubled_mid_clamped": doubled_mid_clamped,
        "doubled_high_t": doubled_high_t, "doubled_high_turn": doubled_high_turn,
        "doubled_high_clamped": doubled_high_clamped,
        "theta": theta, "lr": lr, "scale": config["scale"], "steps": config["steps"], "nan_at": nan_at,
        "first_norm": first_norm, "plain_peak_norm": float(plain["total_grad_norm"][nan_at - 1]),
        "next_norms": [float(x) for x in norms[1:4]], "tail": TAIL,
        "tail_median": float(np.median(norms[-TAIL:])), "tail_min": float(norms[-TAIL:].min()),
        "clipped_pct": 100 * float(np.mean(norms > theta)),
        "loss0": float(clipped["loss"][0]), "final_loss": clipped["final_loss"], "accuracy": 100 * clipped["accuracy"],
        # Exercise 2: the first step's length without and with clipping, against the size of the weights
        "step_plain": lr * first_norm, "step_clipped": lr * theta, "shorter": first_norm / theta,
        "per_param": lr * first_norm / np.sqrt(params), "init_std": config["scale"] * np.sqrt(2 / net["width"]),
        "baseline_seeds": len(settings(init_and_clipping)["seeds"]),
        "he_helped": int(np.sum(he_clipped < he / 1.01)), "he_gain": float(np.max(he / he_clipped)),
        "he_hurt": int(np.sum(he_clipped > 1.01 * he)), "he_cost": 100 * float(np.max(he_clipped / he - 1)),
        "he_beats_doubled": int(np.sum(he < doubled_clipped)),
        "he_clipped_share_min": 100 * float(runs["he_clipped"]["clipped_share"].min()),
        "he_clipped_share_max": 100 * float(runs["he_clipped"]["clipped_share"].max()),
        "healthy_steps": healthy.size, "half": half,
        "median": float(median), "p95": float(p95), "largest": float(healthy.max()), "twice_median": 2 * float(median),
        "theta_quantile": 100 * float(np.mean(healthy <= theta)), "trimmed": 100 * float(np.mean(healthy > theta)),
        "shrink": float(healthy.max() / theta),
        "early_median": float(np.median(healthy[:half])), "late_median": float(np.median(healthy[half:])),
        "early_threshold": early_threshold, "early_clips": 100 * float(np.mean(healthy[half:] > early_threshold)),
        "sweep_low": float(t[0]), "sweep_next": float(t[1]), "sweep_high": float(t[-1]),
        "sweep_seeds": sweep_config["seeds"], "sweep_steps": sweep_config["steps"],
        "sweep_runs": int(sweep["diverged"].size), "sweep_diverged": int(sweep["diverged"].sum()),
        "low_loss_min": float(losses[0].min()), "low_loss_max": float(losses[0].max()),
        "low_length": sweep_config["lr"] * float(t[0]), "next_length": sweep_config["lr"] * float(t[1]),
        "low_clipped": 100 * float(sweep["clipped_share"][0].min()),
        "next_clipped": 100 * float(sweep["clipped_share"][1].min()),
        "good_loss": GOOD_LOSS, "good_low": float(good.min()), "good_high": float(good.max()),
        "big_low": float(big.min()), "big_high": float(big.max()),
        "big_len_low": sweep_config["lr"] * float(big.min()), "big_len_high": sweep_config["lr"] * float(big.max()),
        "big_dead": 100 * float(sweep["dead_max"][t > good.max()].max()),
    }
