"""Plain stochastic gradient descent, recording what each layer's gradients and updates do.

The update rule is $W \\leftarrow W - \\eta\\, dW$. At every step the loop
records the loss, the norm of each layer's weight and bias gradients, the size of
each layer's weight update, the weight norm, and the global gradient norm before
and after clipping. If the loss or a gradient stops being finite, the loop stops
at once and says at which step.

The model needs ``loss_and_grads(X, y) -> (loss, grads)``, ``params()``, ``W``
(its weight matrices, which must appear in ``params()``) and ``n_layers = len(W)``;
``grads`` needs ``params()`` in the order of ``model.params()``, ``dW`` aligned
with ``model.W``, and optionally ``db`` aligned with ``dW`` (None for a weight
without a bias). `gradflow.mlp.MLP`, `gradflow.residual.ResidualMLP` and
`gradflow.sequences.SequenceModel` all qualify.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import check_number, check_positive_int, check_rng
from .clip import clip_by_norm, clip_by_value, global_norm


@dataclass
class History:
    """What `train_sgd` recorded, one row per step that ran.

    Attributes
    ----------
    loss : ndarray, shape (S,)
    grad_norms : ndarray, shape (S, L)
        $\\lVert dW^l \\rVert$ for each layer, before any clipping.
    update_norms : ndarray, shape (S, L)
        $\\lVert \\Delta W^l \\rVert$ actually applied (NaN on a diverged step).
    weight_norms : ndarray, shape (S, L)
        $\\lVert W^l \\rVert$ before the step.
    total_grad_norm : ndarray, shape (S,)
        Global norm of all gradients before clipping.
    diverged_at : int or None
        The step at which the loss or a gradient became inf or NaN.
    clipped_grad_norm : ndarray, shape (S,)
        Global norm of the gradients actually applied, after clipping (equal to
        ``total_grad_norm`` without clipping; NaN on a diverged step).
    bias_grad_norms : ndarray, shape (S, L)
        $\\lVert db^l \\rVert$ for each layer, before clipping: Nielsen's "speed of
        learning" of layer $l$. NaN where the model's gradients have no bias for that layer.

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> rng = np.random.default_rng(0)
    >>> net = MLP([2, 8, 2], rng=rng)
    >>> hist = train_sgd(net, rng.normal(size=(20, 2)), rng.integers(0, 2, 20), lr=0.1, steps=5)
    >>> hist.loss.shape, hist.grad_norms.shape, hist.bias_grad_norms.shape, hist.diverged
    ((5,), (5, 2), (5, 2), False)
    """

    loss: np.ndarray
    grad_norms: np.ndarray
    update_norms: np.ndarray
    weight_norms: np.ndarray
    total_grad_norm: np.ndarray
    diverged_at: int | None = None
    # Added after diverged_at, with defaults, so that positional construction keeps working.
    clipped_grad_norm: np.ndarray | None = None
    bias_grad_norms: np.ndarray | None = None

    @property
    def diverged(self) -> bool:
        """True if training stopped because of inf or NaN.

        Examples
        --------
        >>> import numpy as np
        >>> from gradflow.mlp import MLP
        >>> rng = np.random.default_rng(0)
        >>> net = MLP([1, 1], loss="mse", rng=rng)
        >>> X, Y = np.array([[1e3]]), np.array([[0.0]])
        >>> hist = train_sgd(net, X, Y, lr=10.0, steps=50)
        >>> hist.diverged, str(hist).startswith("diverged at step")
        (True, True)
        """
        return self.diverged_at is not None

    @property
    def update_ratio(self):
        """Update-to-weight ratio $\\lVert \\Delta W^l \\rVert / \\lVert W^l \\rVert$, shape (S, L).

        Examples
        --------
        >>> import numpy as np
        >>> from gradflow.mlp import MLP
        >>> rng = np.random.default_rng(0)
        >>> net = MLP([2, 8, 2], rng=rng)
        >>> hist = train_sgd(net, rng.normal(size=(20, 2)), rng.integers(0, 2, 20), lr=0.1, steps=3)
        >>> hist.update_ratio.shape
        (3, 2)
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.update_norms / self.weight_norms

    def __str__(self) -> str:
        steps = len(self.loss)
        if self.diverged:
            loss, norm = self.loss[-1], self.total_grad_norm[-1]
            what = f"the loss became {loss}" if not np.isfinite(loss) else f"the gradient norm became {norm}"
            return f"diverged at step {self.diverged_at}: {what}; training stopped"
        return f"{steps} steps, final loss {self.loss[-1]:.4g}" if steps else "0 steps"


def _weight_positions(model) -> list:
    """Where each of ``model.W`` sits in ``model.params()``, found by identity, not by assumed order."""
    params = model.params()
    positions = []
    for layer, W in enumerate(model.W):
        found = [i for i, p in enumerate(params) if p is W]
        if not found:
            raise ValueError(f"model.W[{layer}] must be one of the arrays in model.params(), so that its update "
                             "can be measured; got an array that is not among them")
        positions.append(found[0])
    return positions


def _bias_norms(grads, n_layers: int) -> list:
    db = getattr(grads, "db", None)
    if db is None or len(db) != n_layers:
        return [np.nan] * n_layers
    return [np.nan if g is None else float(np.linalg.norm(g)) for g in db]


def train_sgd(model, X, y, *, lr, steps, batch_size=None, rng=None, clip_norm=None, clip_value=None):
    """Train ``model`` in place with SGD and return its `History`.

    Parameters
    ----------
    model : MLP, ResidualMLP or SequenceModel
    X : ndarray, shape (N, D), or (N, T, D) for a sequence model
    y : ndarray, shape (N,) or (N, M)
        Labels or targets, as the model's loss expects.
    lr : float, positive
        Learning rate $\\eta$.
    steps : int
        Number of updates.
    batch_size : int or None
        Minibatch size; None uses the full batch at every step.
    rng : numpy.random.Generator or None
        Needed when ``batch_size`` is given, to draw the minibatches.
    clip_norm : float or None
        If given, gradients are clipped to this global norm before the update.
    clip_value : float or None
        If given, every gradient entry is clamped to ``[-clip_value, clip_value]``
        before the update. At most one of ``clip_norm`` and ``clip_value``.

    Returns
    -------
    History

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> from gradflow.data import two_moons
    >>> rng = np.random.default_rng(0)
    >>> X, y = two_moons(200, rng=rng)
    >>> net = MLP([2, 16, 2], activation="tanh", rng=rng)
    >>> hist = train_sgd(net, X, y, lr=0.5, steps=200)
    >>> bool(hist.loss[-1] < hist.loss[0] / 2), hist.grad_norms.shape
    (True, (200, 2))
    """
    lr = check_number(lr, "lr")
    steps = check_positive_int(steps, "steps")
    n = len(X)
    if batch_size is not None:
        batch_size = check_positive_int(batch_size, "batch_size")
        if batch_size > n:
            raise ValueError(f"batch_size must be at most the number of examples {n}, got {batch_size}")
        if rng is None:
            raise ValueError(f"batch_size={batch_size} draws random minibatches, so rng must be a "
                             "numpy.random.Generator, for example np.random.default_rng(0); got rng=None")
        check_rng(rng)
    if clip_norm is not None and clip_value is not None:
        raise ValueError("give clip_norm or clip_value, not both: clipping by norm keeps the direction of the "
                         f"update and clipping by value does not; got clip_norm={clip_norm!r} and "
                         f"clip_value={clip_value!r}")
    if clip_norm is not None:
        clip_norm = check_number(clip_norm, "clip_norm")
    if clip_value is not None:
        clip_value = check_number(clip_value, "clip_value")

    n_layers = model.n_layers
    weight_positions = _weight_positions(model)
    loss_log, total_log, clipped_log = [], [], []
    grad_log, bias_log, update_log, weight_log = [], [], [], []
    diverged_at = None
    for step in range(steps):
        if batch_size is None:
            Xb, yb = X, y
        else:
            idx = rng.choice(n, size=batch_size, replace=False)
            Xb, yb = X[idx], y[idx]
        # Overflow is expected when training diverges: the loss, the norms and the update itself
        # may overflow. We detect inf/NaN below and stop, instead of warning.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            loss, grads = model.loss_and_grads(Xb, yb)
            flat = grads.params()
            total = global_norm(flat)
            loss_log.append(loss)
            total_log.append(total)
            grad_log.append([float(np.linalg.norm(g)) for g in grads.dW])
            bias_log.append(_bias_norms(grads, n_layers))
            weight_log.append([float(np.linalg.norm(W)) for W in model.W])
            if not (np.isfinite(loss) and np.isfinite(total)):
                update_log.append([np.nan] * n_layers)
                clipped_log.append(np.nan)
                diverged_at = step
                break
            if clip_norm is not None:
                flat, _ = clip_by_norm(flat, clip_norm)
            elif clip_value is not None:
                flat = clip_by_value(flat, clip_value)
            clipped_log.append(total if clip_norm is None and clip_value is None else global_norm(flat))
            updates = [-lr * g for g in flat]
            for p, u in zip(model.params(), updates):
                p += u
            update_log.append([float(np.linalg.norm(updates[i])) for i in weight_positions])

    return History(
        loss=np.array(loss_log),
        grad_norms=np.array(grad_log).reshape(-1, n_layers),
        update_norms=np.array(update_log).reshape(-1, n_layers),
        weight_norms=np.array(weight_log).reshape(-1, n_layers),
        total_grad_norm=np.array(total_log),
        diverged_at=diverged_at,
        clipped_grad_norm=np.array(clipped_log),
        bias_grad_norms=np.array(bias_log).reshape(-1, n_layers),
    )

