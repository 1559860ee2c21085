r"""Gradient descent on a function of one or a few variables, to watch the learning rate at work.

The update rule is $w_{t+1} = w_t - \eta\, \nabla f(w_t)$. On the quadratic
$f(w) = \tfrac12 \lambda w^2$ it becomes $w_{t+1} = (1 - \eta\lambda)\, w_t$, so
$w_t = (1 - \eta\lambda)^t w_0$: it converges exactly when $0 < \eta\lambda < 2$.

Used in the chapters "Recap: gradient descent and backpropagation" and "Exploding gradients".
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_number, check_positive_int


def gradient_descent(grad, w0, lr, steps):
    r"""Run $w \leftarrow w - \eta\, \nabla f(w)$ and return every iterate.

    The run stops early, without a warning, if an iterate stops being finite
    (the divergent case); the returned trajectory then ends at the first
    non-finite iterate.

    Parameters
    ----------
    grad : callable
        $\nabla f$: takes and returns an array shaped like ``w0``.
    w0 : float or ndarray, shape (P,)
        Starting point.
    lr : float, positive
        Learning rate $\eta$.
    steps : int
        Number of updates.

    Returns
    -------
    W : ndarray, shape (S + 1,) for a scalar ``w0``, (S + 1, P) otherwise
        The starting point and the S iterates that followed (S = ``steps`` unless it diverged).

    Examples
    --------
    >>> W = gradient_descent(lambda w: 2 * w, 1.0, lr=0.25, steps=3)
    >>> W.tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    lr = check_number(lr, "lr")
    steps = check_positive_int(steps, "steps")
    w = as_float_array(w0, "w0").astype(np.float64)
    path = [w.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            w = w - lr * as_float_array(grad(w), "grad(w)")
            path.append(w.copy())
            if not np.all(np.isfinite(w)):
                break
    return np.array(path)


def quadratic_iterates(lam, lr, w0, steps):
    r"""The closed form $w_t = (1 - \eta\lambda)^t w_0$ of gradient descent on $\tfrac12\lambda w^2$.

    Parameters
    ----------
    lam : float
        Curvature $\lambda > 0$.
    lr : float
        Learning rate $\eta$.
    w0 : float
    steps : int

    Returns
    -------
    ndarray, shape (steps + 1,)

    Examples
    --------
    >>> quadratic_iterates(1.0, 1.5, 1.0, 3).tolist()
    [1.0, -0.5, 0.25, -0.125]
    """
    lam = check_number(lam, "lam")
    lr = check_number(lr, "lr")
    steps = check_positive_int(steps, "steps")
    return float(w0) * (1.0 - lr * lam) ** np.arange(steps + 1)
