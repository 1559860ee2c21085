"""A training loop that records what each layer's gradients and updates do.

`train` applies any update rule of `gradflow.optim` (`train_sgd` is `train` with
`gradflow.optim.sgd`). At every step the loop records the loss, the norm of each layer's weight
and bias gradients, the size of each layer's weight update as actually applied, the weight
norm, and the global gradient norm before and after clipping. If the loss or a gradient stops
being finite, the loop stops at once and says at which step.

A model is anything that follows the `Model` protocol, and its gradients the `Grads` protocol:
`gradflow.mlp.MLP`, `gradflow.residual.ResidualMLP` and `gradflow.sequences.SequenceModel`
all do.

Used in the chapters "Recap: gradient descent and backpropagation", "Vanishing gradients",
"Exploding gradients", "Activation functions", "Weight initialization", "Batch normalization",
"Residual connections" and "Gradient clipping".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from ._checks import check_number, check_positive_int, check_rng
from .clip import clip_by_norm, clip_by_value, global_norm
from .optim import sgd


@runtime_checkable
class Grads(Protocol):
    """What one backward pass of a model gives.

    ``params()`` lists the gradients in the order of the model's ``params()``; ``dW`` is aligned
    with the model's ``W``, and ``db`` with ``dW`` (None for a weight without a bias of its own);
    ``dX`` is the gradient at the input and ``dhidden`` the gradient at each hidden
    representation (the hidden layers' outputs, the residual stream, the states through time).
    """

    dW: list
    db: list
    dX: np.ndarray
    dhidden: list

    def params(self) -> list: ...


@runtime_checkable
class Model(Protocol):
    """What `train` needs of a model: its weight matrices ``W`` (each also in ``params()``), its
    parameters, updated in place, and one forward and backward pass."""

    W: list

    def params(self) -> list: ...

    def loss_and_grads(self, X, y) -> tuple[float, Grads]: ...


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
    clipped_grad_norm : ndarray, shape (S,)
        Global norm of the gradients the update rule was given, after clipping (equal to
        ``total_grad_norm`` without clipping; NaN on a diverged step).
    bias_grad_norms : ndarray, shape (S, L)
        $\\lVert db^l \\rVert$ for each layer, before clipping: Nielsen's "speed of
        learning" of layer $l$. NaN where the model's gradients have no bias for that layer.
    diverged_at : int or None
        The step at which the loss or a gradient became inf or NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> rng = np.random.default_rng(0)
    >>> net = MLP([2, 8, 2], rng=rng)
    >>> X, y = rng.normal(size=(20, 2)), rng.integers(0, 2, 20)
    >>> hist = train_sgd(net, X, y, lr=0.1, steps=5)
    >>> hist.loss.shape, hist.grad_norms.shape, hist.bias_grad_norms.shape
    ((5,), (5, 2), (5, 2))
    >>> hist.diverged
    False
    """

    loss: np.ndarray
    grad_norms: np.ndarray
    update_norms: np.ndarray
    weight_norms: np.ndarray
    total_grad_norm: np.ndarray
    clipped_grad_norm: np.ndarray
    bias_grad_norms: np.ndarray
    diverged_at: int | None = None

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
        >>> X, y = rng.normal(size=(20, 2)), rng.integers(0, 2, 20)
        >>> hist = train_sgd(net, X, y, lr=0.1, steps=3)
        >>> hist.update_ratio.shape
        (3, 2)
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.update_norms / self.weight_norms

    def summary(self) -> dict:
        """The loss curve, where training diverged (None if it did not) and the one-line report.

        Examples
        --------
        >>> import numpy as np
        >>> from gradflow.mlp import MLP
        >>> rng = np.random.default_rng(0)
        >>> net = MLP([2, 4, 2], rng=rng)
        >>> X, y = rng.normal(size=(10, 2)), rng.integers(0, 2, 10)
        >>> summary = train_sgd(net, X, y, lr=0.1, steps=3).summary()
        >>> sorted(summary), summary["loss"].shape
        (['diverged_at', 'loss', 'report'], (3,))
        """
        return {"loss": self.loss, "diverged_at": self.diverged_at, "report": str(self)}

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
    """Train ``model`` in place with plain SGD, $W \\leftarrow W - \\eta\\, dW$; return its `History`.

    The same as ``train(model, X, y, update=gradflow.optim.sgd(lr), ...)``; see `train` for the
    other arguments.

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
    return train(model, X, y, update=sgd(lr), steps=steps, batch_size=batch_size, rng=rng, clip_norm=clip_norm,
                 clip_value=clip_value)


def train(model, X, y, *, update, steps, batch_size=None, rng=None, clip_norm=None, clip_value=None):
    """Train ``model`` in place with the update rule ``update`` and return its `History`.

    Parameters
    ----------
    model : Model
        `gradflow.mlp.MLP`, `gradflow.residual.ResidualMLP` or `gradflow.sequences.SequenceModel`.
    X : ndarray, shape (N, D), or (N, T, D) for a sequence model
    y : ndarray, shape (N,) or (N, M)
        Labels or targets, as the model's loss expects.
    update : callable
        A rule ``(param, grad, state) -> step`` from `gradflow.optim`, such as ``sgd(lr=0.1)`` or
        ``adam(lr=1e-3)``; it keeps one state per parameter across the steps.
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
    >>> from gradflow.optim import adam
    >>> rng = np.random.default_rng(0)
    >>> X, y = two_moons(200, rng=rng)
    >>> net = MLP([2, 16, 2], activation="tanh", rng=rng)
    >>> hist = train(net, X, y, update=adam(lr=0.05), steps=100)
    >>> bool(hist.loss[-1] < hist.loss[0] / 2)
    True
    """
    if not callable(update):
        raise ValueError(f"update must be a rule (param, grad, state) -> step, such as gradflow.optim.sgd(0.1); "
                         f"got {update!r}")
    if not isinstance(model, Model):
        raise ValueError(f"model must have W, params() and loss_and_grads(X, y), like gradflow.mlp.MLP; "
                         f"got {type(model).__name__}")
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

    n_layers = len(model.W)
    weight_positions = _weight_positions(model)
    states = [{} for _ in model.params()]  # what the update rule keeps for each parameter
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
            updates = [update(p, g, state) for p, g, state in zip(model.params(), flat, states)]
            for p, u in zip(model.params(), updates):
                p += u
            update_log.append([float(np.linalg.norm(updates[i])) for i in weight_positions])

    return History(
        loss=np.array(loss_log),
        grad_norms=np.array(grad_log).reshape(-1, n_layers),
        update_norms=np.array(update_log).reshape(-1, n_layers),
        weight_norms=np.array(weight_log).reshape(-1, n_layers),
        total_grad_norm=np.array(total_log),
        clipped_grad_norm=np.array(clipped_log),
        bias_grad_norms=np.array(bias_log).reshape(-1, n_layers),
        diverged_at=diverged_at,
    )
