r"""Batch normalization and layer normalization, as ``(out, cache)`` forward/backward pairs.

Batch norm (Ioffe & Szegedy, 2015) normalizes each feature over the batch,
layer norm (Ba et al., 2016) normalizes each example over its features; both
then scale and shift with learned $\gamma$ and $\beta$:

$$
\hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}, \qquad y = \gamma \odot \hat x + \beta .
$$

Shapes: N examples in a batch, D features. ``dX`` always means $\partial \mathcal{L} / \partial X$.
Used in the chapter "Batch normalization", and by `gradflow.mlp.MLP` with ``batchnorm=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import as_float_array, check_choice, check_matrix, check_number, check_positive_int


@dataclass
class RunningStats:
    """Running mean and variance of each feature, which eval-mode batch norm uses instead of the batch's.

    `batchnorm_forward` in train mode updates both arrays in place, so keep one
    `RunningStats` per batch-norm layer and pass the same object at every step.

    Attributes
    ----------
    mean : ndarray, shape (D,)
    var : ndarray, shape (D,)

    Examples
    --------
    >>> stats = RunningStats.fresh(3)
    >>> stats.mean.tolist(), stats.var.tolist()
    ([0.0, 0.0, 0.0], [1.0, 1.0, 1.0])
    """

    mean: np.ndarray
    var: np.ndarray

    @classmethod
    def fresh(cls, D: int) -> RunningStats:
        """Statistics before any batch is seen: mean 0 and variance 1, so eval mode starts as the identity.

        Examples
        --------
        >>> RunningStats.fresh(2).var.tolist()
        [1.0, 1.0]
        """
        D = check_positive_int(D, "D")
        return cls(mean=np.zeros(D), var=np.ones(D))


class NormCache(NamedTuple):
    """What the backward pass of a normalization needs (``mode`` is "train", "eval" or "layer")."""

    mode: str
    x_hat: np.ndarray
    inv_std: np.ndarray
    gamma: np.ndarray


class NormGrads(NamedTuple):
    """Gradients of a batch or layer normalization: input, scale, shift."""

    dX: np.ndarray
    dgamma: np.ndarray
    dbeta: np.ndarray


def batch_of_one(shape) -> str:
    """The error for train-mode batch norm on a batch of one example, whose input has ``shape``.

    Examples
    --------
    >>> batch_of_one((1, 4)).split(":")[0]
    'training-mode batch norm needs a batch of N >= 2 examples'
    """
    return ("training-mode batch norm needs a batch of N >= 2 examples: the batch variance of one example is 0, "
            f"so it would normalize every feature to 0; got X of shape {tuple(shape)}. Use mode='eval' "
            "(running statistics) for a single example")


def _check_scale_shift(gamma, beta, D: int):
    gamma, beta = as_float_array(gamma, "gamma"), as_float_array(beta, "beta")
    for name, arr in (("gamma", gamma), ("beta", beta)):
        if arr.shape != (D,):
            raise ValueError(f"{name} must have shape ({D},), one entry per feature of X, got {arr.shape}")
    return gamma, beta


def _check_dout(dout, cache):
    dout = as_float_array(dout, "dout")
    if dout.shape != cache.x_hat.shape:
        raise ValueError(f"dout must have the shape of X, {cache.x_hat.shape}, got {dout.shape}")
    return dout


def batchnorm_forward(X, gamma, beta, *, mode="train", running=None, momentum=0.9, eps=1e-5):
    r"""Batch normalization of each feature (column) of ``X``.

    In ``"train"`` mode $\mu$ and $\sigma^2$ are the batch mean and (biased)
    variance of each column, and ``running`` is updated in place:
    $\mu_{run} \leftarrow m\,\mu_{run} + (1 - m)\,\mu$, likewise for the variance
    (``momentum`` $m$ is the weight of the old value, as in CS231n; PyTorch's
    ``momentum`` is $1 - m$). In ``"eval"`` mode the running statistics are used,
    so the output of one example no longer depends on the rest of the batch.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    gamma, beta : ndarray, shape (D,)
        Scale and shift.
    mode : {"train", "eval"}
    running : RunningStats or None
        Required in eval mode; optional in train mode (None: nothing is recorded).
    momentum : float in [0, 1]
    eps : float, positive
        Added to the variance, which keeps a constant feature finite.

    Returns
    -------
    out : ndarray, shape (N, D)
    cache : NormCache, for `batchnorm_backward`

    Raises
    ------
    ValueError
        In train mode with N = 1: the variance of a single example is 0.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 10.0], [3.0, 30.0]])
    >>> stats = RunningStats.fresh(2)
    >>> out, cache = batchnorm_forward(X, np.ones(2), np.zeros(2), running=stats)
    >>> out.round(3).tolist(), stats.mean.round(2).tolist()
    ([[-1.0, -1.0], [1.0, 1.0]], [0.2, 2.0])
    >>> out, _ = batchnorm_forward(X[:1], np.ones(2), np.zeros(2), mode="eval",
    ...                          running=stats)
    >>> out.shape
    (1, 2)
    """
    X = check_matrix(X, "X")
    N, D = X.shape
    gamma, beta = _check_scale_shift(gamma, beta, D)
    check_choice("batch norm mode", mode, ("train", "eval"))
    momentum = check_number(momentum, "momentum", inclusive=True)
    if momentum > 1:
        raise ValueError(f"momentum must lie in [0, 1], got {momentum!r}")
    eps = check_number(eps, "eps")
    if running is not None and not isinstance(running, RunningStats):
        raise ValueError(f"running must be a RunningStats, for example RunningStats.fresh({D}); "
                         f"got {type(running).__name__}")
    if running is not None and running.mean.shape != (D,):
        raise ValueError(f"running statistics must have shape ({D},) to match X {X.shape}, got {running.mean.shape}")
    if mode == "train" and N < 2:
        raise ValueError(batch_of_one(X.shape))
    if mode == "eval" and running is None:
        raise ValueError(f"eval-mode batch norm normalizes with running statistics, so running must be a "
                         f"RunningStats, for example RunningStats.fresh({D}); got None")
    return _batchnorm_forward(X, gamma, beta, mode=mode, running=running, momentum=momentum, eps=eps)


def _batchnorm_forward(X, gamma, beta, *, mode, running, momentum, eps):
    if mode == "train":
        mu, var = X.mean(axis=0), X.var(axis=0)
        if running is not None:
            running.mean *= momentum
            running.mean += (1.0 - momentum) * mu
            running.var *= momentum
            running.var += (1.0 - momentum) * var
    else:
        mu, var = running.mean, running.var
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (X - mu) * inv_std
    return gamma * x_hat + beta, NormCache(mode, x_hat, inv_std, gamma)


def batchnorm_backward(dout, cache):
    r"""Backward pass of `batchnorm_forward`.

    In train mode $\mu$ and $\sigma^2$ depend on every row, which gives, per feature,

    $$
    dX = \frac{\gamma}{N\sqrt{\sigma^2+\epsilon}}
         \Bigl(N\,dy - \textstyle\sum_n dy_n - \hat x \sum_n dy_n \hat x_n\Bigr);
    $$

    in eval mode they are constants and $dX = \gamma\, dy / \sqrt{\sigma^2_{run} + \epsilon}$.

    Parameters
    ----------
    dout : ndarray, shape (N, D)
    cache : NormCache from `batchnorm_forward`

    Returns
    -------
    NormGrads
        ``dX`` (N, D), ``dgamma`` and ``dbeta`` (D,).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0], [3.0]])
    >>> _, cache = batchnorm_forward(X, np.ones(1), np.zeros(1))
    >>> dX, dgamma, dbeta = batchnorm_backward(np.ones((2, 1)), cache)
    >>> dX.tolist(), dbeta.tolist()
    ([[0.0], [0.0]], [2.0])
    """
    return _norm_backward(_check_dout(dout, cache), cache)


def _norm_backward(dout, cache):
    """The backward pass of both normalizations; only the axis of the statistics differs."""
    mode, x_hat, inv_std, gamma = cache
    dgamma, dbeta = (dout * x_hat).sum(axis=0), dout.sum(axis=0)
    dx_hat = dout * gamma
    if mode == "eval":  # the statistics are constants
        return NormGrads(dx_hat * inv_std, dgamma, dbeta)
    # The mean and variance are taken over rows for batch norm, over features for layer norm.
    axis = 0 if mode == "train" else 1
    n = x_hat.shape[axis]
    dX = inv_std / n * (n * dx_hat - dx_hat.sum(axis=axis, keepdims=True)
                        - x_hat * (dx_hat * x_hat).sum(axis=axis, keepdims=True))
    return NormGrads(dX, dgamma, dbeta)


def layernorm_forward(X, gamma, beta, *, eps=1e-5):
    r"""Layer normalization: each row of ``X`` normalized over its D features, then scaled and shifted.

    Nothing depends on the other examples, so train and test behave the same and N = 1 is fine.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    gamma, beta : ndarray, shape (D,)
    eps : float, positive

    Returns
    -------
    out : ndarray, shape (N, D)
    cache : NormCache, for `layernorm_backward`

    Examples
    --------
    >>> import numpy as np
    >>> out, _ = layernorm_forward(np.array([[1.0, 3.0]]), np.ones(2), np.zeros(2))
    >>> out.round(3).tolist()
    [[-1.0, 1.0]]
    """
    X = check_matrix(X, "X")
    gamma, beta = _check_scale_shift(gamma, beta, X.shape[1])
    eps = check_number(eps, "eps")
    return _layernorm_forward(X, gamma, beta, eps=eps)


def _layernorm_forward(X, gamma, beta, *, eps):
    inv_std = 1.0 / np.sqrt(X.var(axis=1, keepdims=True) + eps)
    x_hat = (X - X.mean(axis=1, keepdims=True)) * inv_std
    return gamma * x_hat + beta, NormCache("layer", x_hat, inv_std, gamma)


def layernorm_backward(dout, cache):
    r"""Backward pass of `layernorm_forward`: the batch-norm formula with the roles of rows and columns swapped.

    $$
    dX = \frac{1}{D\sqrt{\sigma^2+\epsilon}}
         \Bigl(D\,d\hat x - \textstyle\sum_d d\hat x_d - \hat x \sum_d d\hat x_d \hat x_d\Bigr),
    \qquad d\hat x = \gamma \odot dy .
    $$

    Parameters
    ----------
    dout : ndarray, shape (N, D)
    cache : NormCache from `layernorm_forward`

    Returns
    -------
    NormGrads
        ``dX`` (N, D), ``dgamma`` and ``dbeta`` (D,).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 3.0]])
    >>> _, cache = layernorm_forward(X, np.ones(2), np.zeros(2))
    >>> dX, dgamma, dbeta = layernorm_backward(np.ones((1, 2)), cache)
    >>> # adding a constant to a row changes nothing
    >>> dX.round(12).tolist(), dbeta.tolist()
    ([[0.0, 0.0]], [1.0, 1.0])
    """
    return _norm_backward(_check_dout(dout, cache), cache)
