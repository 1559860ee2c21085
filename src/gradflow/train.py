"""Plain stochastic gradient descent, recording what each layer's gradients and updates do.

The update rule is $W \\leftarrow W - \\eta\\, dW$. At every step the loop
records the loss, the norm of each layer's weight gradient, the size of each
layer's weight update and the weight norm. If the loss or a gradient stops being
finite, the loop stops at once and says at which step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import check_number, check_positive_int, check_rng
from .clip import clip_by_norm, global_norm


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

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> rng = np.random.default_rng(0)
    >>> net = MLP([2, 8, 2], rng=rng)
    >>> hist = train_sgd(net, rng.normal(size=(20, 2)), rng.integers(0, 2, 20), lr=0.1, steps=5)
    >>> hist.loss.shape, hist.grad_norms.shape, hist.diverged
    ((5,), (5, 2), False)
    """

    loss: np.ndarray
    grad_norms: np.ndarray
    update_norms: np.ndarray
    weight_norms: np.ndarray
    total_grad_norm: np.ndarray
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


def train_sgd(model, X, y, *, lr, steps, batch_size=None, rng=None, clip_norm=None):
    """Train ``model`` in place with SGD and return its `History`.

    Parameters
    ----------
    model : MLP
    X : ndarray, shape (N, D)
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
    if clip_norm is not None:
        clip_norm = check_number(clip_norm, "clip_norm")

    n_layers = model.n_layers
    loss_log, total_log = [], []
    grad_log, update_log, weight_log = [], [], []
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
            weight_log.append([float(np.linalg.norm(W)) for W in model.W])
            if not (np.isfinite(loss) and np.isfinite(total)):
                update_log.append([np.nan] * n_layers)
                diverged_at = step
                break
            if clip_norm is not None:
                flat, _ = clip_by_norm(flat, clip_norm)
            updates = [-lr * g for g in flat]
            for p, u in zip(model.params(), updates):
                p += u
            update_log.append([float(np.linalg.norm(u)) for u in updates[0::2]])

    return History(
        loss=np.array(loss_log),
        grad_norms=np.array(grad_log).reshape(-1, n_layers),
        update_norms=np.array(update_log).reshape(-1, n_layers),
        weight_norms=np.array(weight_log).reshape(-1, n_layers),
        total_grad_norm=np.array(total_log),
        diverged_at=diverged_at,
    )

