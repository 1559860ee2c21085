"""Gradient clipping: by global norm (keeps the direction) and by value (does not).

Used in the chapters "Exploding gradients" and "Gradient clipping".
"""

from __future__ import annotations

import numpy as np

from ._checks import check_number


def global_norm(grads) -> float:
    r"""The Euclidean norm of all arrays taken together, $\sqrt{\sum_i \lVert g_i \rVert^2}$.

    Parameters
    ----------
    grads : list of ndarray, any shapes

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> global_norm([np.array([3.0]), np.array([[4.0]])])
    5.0
    """
    return float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads)))


def clip_by_norm(grads, max_norm: float):
    r"""Rescale all gradients together so that their global norm is at most ``max_norm``.

    If $\lVert g \rVert > \theta$ then $g \leftarrow \theta\, g / \lVert g \rVert$
    (Pascanu et al., 2013). The direction of the whole update is kept.

    Parameters
    ----------
    grads : list of ndarray, any shapes
    max_norm : float, positive
        The threshold $\theta$.

    Returns
    -------
    clipped : list of ndarray, same shapes as ``grads``
    norm : float
        The global norm before clipping.

    Examples
    --------
    >>> import numpy as np
    >>> grads = [np.array([3.0]), np.array([4.0])]
    >>> clipped, norm = clip_by_norm(grads, max_norm=1.0)
    >>> norm, [g.round(2).tolist() for g in clipped]
    (5.0, [[0.6], [0.8]])
    """
    max_norm = check_number(max_norm, "max_norm")
    grads = [np.asarray(g, dtype=float) for g in grads]
    norm = global_norm(grads)
    if not np.isfinite(norm):
        raise ValueError(f"cannot clip gradients whose norm is {norm}: they already hold inf or NaN")
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in grads], norm


def clip_by_value(grads, clip_value: float):
    """Clamp every gradient entry to ``[-clip_value, clip_value]``; this can change the direction.

    Parameters
    ----------
    grads : list of ndarray, any shapes
    clip_value : float, positive

    Returns
    -------
    clipped : list of ndarray, same shapes as ``grads``

    Examples
    --------
    >>> import numpy as np
    >>> clip_by_value([np.array([3.0, -0.5])], 1.0)[0].tolist()
    [1.0, -0.5]
    """
    clip_value = check_number(clip_value, "clip_value")
    return [np.clip(np.asarray(g, dtype=float), -clip_value, clip_value) for g in grads]
