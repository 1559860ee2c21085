"""Loss functions, each returning the loss and its gradient with respect to the network output, and accuracy.

Shapes: N examples, M outputs (classes for cross-entropy).

Used in the chapters "Activation functions", "Weight initialization", "Batch normalization",
"Residual connections" and "Gradient clipping".
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_matrix


def softmax(z):
    r"""Row-wise softmax, computed after subtracting each row's maximum so it never overflows.

    Parameters
    ----------
    z : ndarray, shape (N, M)

    Returns
    -------
    p : ndarray, shape (N, M), rows sum to 1

    Examples
    --------
    >>> softmax([[0.0, 0.0], [1000.0, 0.0]]).round(3).tolist()
    [[0.5, 0.5], [1.0, 0.0]]
    """
    z = check_matrix(z, "z")
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(z, y):
    r"""Mean cross-entropy of the softmax of the logits ``z`` against integer labels ``y``.

    $$\mathcal{L} = -\frac1N \sum_n \log p_{n, y_n}, \qquad dz = \frac1N (p - \mathrm{onehot}(y))$$

    Parameters
    ----------
    z : ndarray, shape (N, M)
        Logits.
    y : ndarray of int, shape (N,)
        Class labels in ``0 .. M-1``.

    Returns
    -------
    loss : float
    dz : ndarray, shape (N, M)

    Examples
    --------
    >>> import numpy as np
    >>> loss, dz = softmax_cross_entropy(np.zeros((2, 4)), np.array([0, 3]))
    >>> round(loss, 6) == round(float(np.log(4)), 6), dz.shape
    (True, (2, 4))
    """
    z = check_matrix(z, "z")
    y = np.asarray(y)
    n, m = z.shape
    if y.shape != (n,):
        raise ValueError(f"y must be a vector of {n} labels, one per row of z {z.shape}, got shape {y.shape}")
    if y.dtype.kind not in "iu":
        raise ValueError(f"y must hold integer class labels, got dtype {y.dtype}")
    if n and (y.min() < 0 or y.max() >= m):
        raise ValueError(f"labels in y must lie in 0..{m - 1} for {m} classes, got {y.min()}..{y.max()}")
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(n)
    loss = -log_p[rows, y].mean()
    dz = np.exp(log_p)
    dz[rows, y] -= 1.0
    return float(loss), dz / n


def mse(y_hat, Y):
    r"""Quadratic loss, Nielsen's quadratic cost: $\mathcal{L} = \frac1{2N} \sum_n \lVert \hat y_n - y_n \rVert^2$.

    Parameters
    ----------
    y_hat : ndarray, shape (N, M)
        Network output.
    Y : ndarray, shape (N, M)
        Targets.

    Returns
    -------
    loss : float
    dy_hat : ndarray, shape (N, M), $(\hat y - y) / N$

    Examples
    --------
    >>> import numpy as np
    >>> loss, d = mse(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]]))
    >>> loss, d.tolist()
    (2.5, [[1.0, 2.0]])
    """
    y_hat = check_matrix(y_hat, "y_hat")
    Y = as_float_array(Y, "Y")
    if Y.shape != y_hat.shape:
        raise ValueError(f"Y must have the shape of the network output {y_hat.shape}, got {Y.shape}")
    diff = y_hat - Y
    n = y_hat.shape[0]
    return float(0.5 * np.sum(diff * diff) / n), diff / n


def accuracy(out, y) -> float:
    r"""Share of rows whose largest output is the label: $\frac1N \sum_n [\arg\max_m z_{nm} = y_n]$.

    Parameters
    ----------
    out : ndarray, shape (N, M)
        Logits or probabilities, one row per example.
    y : ndarray of int, shape (N,)
        Class labels.

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> import numpy as np
    >>> out = np.array([[2.0, 1.0], [0.0, 3.0], [5.0, 4.0]])
    >>> accuracy(out, np.array([0, 1, 1]))
    0.6666666666666666
    """
    out = check_matrix(out, "out")
    y = np.asarray(y)
    if y.shape != (out.shape[0],):
        raise ValueError(f"y must be a vector of {out.shape[0]} labels, one per row of out {out.shape}, "
                         f"got shape {y.shape}")
    return float(np.mean(out.argmax(axis=1) == y))


LOSSES = {"cross_entropy": softmax_cross_entropy, "mse": mse}
"""Each loss's name mapped to its function ``(output, target) -> (loss, d_output)``."""
