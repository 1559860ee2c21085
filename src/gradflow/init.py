"""Weight initializers. Each takes ``(n_in, n_out, rng)`` and returns ``W`` of shape (n_in, n_out).

Variances, with fan-in $n_{in}$ and fan-out $n_{out}$:

| name | distribution | Var[W] |
|---|---|---|
| `standard_uniform` | U[-1/sqrt(n_in), 1/sqrt(n_in)] | 1 / (3 n_in) |
| `xavier_uniform` | U[-a, a], a = sqrt(6 / (n_in + n_out)) | 2 / (n_in + n_out) |
| `xavier_normal` | N(0, 2 / (n_in + n_out)) | 2 / (n_in + n_out) |
| `he_uniform` | U[-a, a], a = sqrt(6 / n_in) | 2 / n_in |
| `he_normal` | N(0, 2 / n_in) | 2 / n_in |
| `lecun_normal` | N(0, 1 / n_in) | 1 / n_in |
| `constant` | every entry equal to `value` | 0 |
"""

from __future__ import annotations

import numpy as np

from ._checks import check_choice, check_positive_int, check_rng


def _checked(n_in, n_out, rng):
    return check_positive_int(n_in, "n_in"), check_positive_int(n_out, "n_out"), check_rng(rng)


def standard_uniform(n_in, n_out, rng):
    r"""The "standard" heuristic of Glorot & Bengio (2010): $U[-1/\sqrt{n_{in}}, 1/\sqrt{n_{in}}]$.

    Parameters
    ----------
    n_in, n_out : int
        Fan-in and fan-out of the layer.
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> W = standard_uniform(100, 50, np.random.default_rng(0))
    >>> W.shape, bool(np.abs(W).max() <= 0.1)
    ((100, 50), True)
    """
    n_in, n_out, rng = _checked(n_in, n_out, rng)
    bound = 1.0 / np.sqrt(n_in)
    return rng.uniform(-bound, bound, size=(n_in, n_out))


def xavier_uniform(n_in, n_out, rng):
    r"""Glorot & Bengio's "normalized" init: $U[-a, a]$, $a = \sqrt{6/(n_{in}+n_{out})}$.

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out), variance 2 / (n_in + n_out)

    Examples
    --------
    >>> import numpy as np
    >>> W = xavier_uniform(300, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 300), 2)
    1.0
    """
    n_in, n_out, rng = _checked(n_in, n_out, rng)
    bound = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-bound, bound, size=(n_in, n_out))


def xavier_normal(n_in, n_out, rng):
    r"""Xavier/Glorot normal: $\mathcal N(0, 2/(n_{in}+n_{out}))$.

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> W = xavier_normal(300, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 300), 2)
    1.0
    """
    n_in, n_out, rng = _checked(n_in, n_out, rng)
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))


def he_uniform(n_in, n_out, rng):
    r"""He et al. (2015) uniform: $U[-a, a]$, $a = \sqrt{6/n_{in}}$, for ReLU layers.

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out), variance 2 / n_in

    Examples
    --------
    >>> import numpy as np
    >>> W = he_uniform(400, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 400), 1)
    2.0
    """
    n_in, n_out, rng = _checked(n_in, n_out, rng)
    bound = np.sqrt(6.0 / n_in)
    return rng.uniform(-bound, bound, size=(n_in, n_out))


def he_normal(n_in, n_out, rng):
    r"""He et al. (2015) normal: $\mathcal N(0, 2/n_{in})$, for ReLU layers.

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> W = he_normal(400, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 400), 1)
    2.0
    """
    n_in, n_out, rng = _checked(n_in, n_out, rng)
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def lecun_normal(n_in, n_out, rng):
    r"""LeCun normal: $\mathcal N(0, 1/n_{in})$.

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray, shape (n_in, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> W = lecun_normal(400, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 400), 1)
    1.0
    """
    n_in, n_out, rng = _checked(n_in, n_out, rng)
    return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))


def constant(n_in, n_out, rng, value: float = 0.5):
    """Every weight equal to ``value``: the symmetric start that gradient descent never breaks.

    ``rng`` is accepted, and checked, so that all initializers share one signature.

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator
    value : float, default 0.5

    Returns
    -------
    W : ndarray, shape (n_in, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> constant(2, 3, np.random.default_rng(0)).tolist()
    [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]
    """
    n_in, n_out, _ = _checked(n_in, n_out, rng)
    return np.full((n_in, n_out), float(value))


INITIALIZERS = {
    "standard_uniform": standard_uniform,
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
    "lecun_normal": lecun_normal,
    "constant": constant,
}
"""Each initializer's name mapped to its function."""


def get_initializer(name):
    """Return the initializer registered under ``name``; a callable is returned unchanged.

    Examples
    --------
    >>> get_initializer("he_normal").__name__
    'he_normal'
    >>> get_initializer("kaiming")
    Traceback (most recent call last):
    ...
    ValueError: unknown initializer 'kaiming'; valid names are: constant, he_normal, he_uniform, lecun_normal, standard_uniform, xavier_normal, xavier_uniform
    """
    if callable(name):
        return name
    check_choice("initializer", name, INITIALIZERS)
    return INITIALIZERS[name]
