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

Two families take a parameter and return such an initializer: `scaled_he_init` (He normal
times a factor, chapter "Exploding gradients") and `prelu_normal` (He's correction for a leaky
ReLU, chapter "Weight initialization"). `orthogonal` draws the square orthogonal matrices of
the recurrent cells (chapter "RNNs, LSTM and GRU"). `gain` computes the scale each activation
needs, from E[f'(z)^2] (chapter "Weight initialization").

Used in the chapters "Exploding gradients", "Diagnosing your network", "Weight initialization"
and "Gradient clipping".
"""

from __future__ import annotations

import numpy as np

from ._checks import check_choice, check_number, check_positive_int, check_rng


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


def scaled_he_init(scale):
    r"""He normal times ``scale``: an initializer drawing $\mathcal N(0,\, \text{scale}^2 \cdot 2/n_{in})$.

    With ``scale`` = 2 every weight of a deep ReLU net is twice its He value, and the
    gradient grows about twofold per layer towards the input (chapter "Exploding gradients").

    Parameters
    ----------
    scale : float, positive

    Returns
    -------
    callable ``(n_in, n_out, rng) -> W`` of shape (n_in, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> W = scaled_he_init(2.0)(400, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 400 / 8), 1)
    1.0
    """
    scale = check_number(scale, "scale")

    def init(n_in, n_out, rng):
        n_in, n_out, rng = _checked(n_in, n_out, rng)
        return rng.normal(0.0, scale * np.sqrt(2.0 / n_in), size=(n_in, n_out))

    init.__name__ = f"he_normal_times_{scale:g}"
    return init


def prelu_normal(slope):
    r"""He et al.'s init for leaky ReLU / PReLU with negative slope $a$: $\mathcal N(0,\, 2/((1+a^2)\, n_{in}))$.

    With $a = 0$ it is `he_normal` (chapter "Weight initialization").

    Parameters
    ----------
    slope : float
        The negative slope $a$ of the activation.

    Returns
    -------
    callable ``(n_in, n_out, rng) -> W`` of shape (n_in, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> W = prelu_normal(0.5)(400, 300, np.random.default_rng(0))
    >>> round(float(W.var() * 400 * (1 + 0.5**2)), 1)
    2.0
    """
    slope = check_number(slope, "slope", inclusive=True)

    def init(n_in, n_out, rng):
        n_in, n_out, rng = _checked(n_in, n_out, rng)
        return rng.normal(0.0, np.sqrt(2.0 / ((1.0 + slope**2) * n_in)), size=(n_in, n_out))

    init.__name__ = f"prelu_normal_{slope:g}"
    return init


def gain(activation, q=1.0, cells=100_000):
    r"""The weight scale $g$ that keeps the backward signal's variance through a layer of ``activation``.

    A layer sends $\delta$ back as $W\,(f'(z) \odot \delta)$, which multiplies its variance by
    $n\,\mathrm{Var}[W]\,\mathrm{E}[f'(z)^2]$. With $\mathrm{Var}[W] = g^2/n$ the factor is 1 when

    $$ g = 1 / \sqrt{\mathrm{E}[f'(z)^2]}, \qquad z \sim \mathcal N(0, q). $$

    The expectation is the midpoint sum of $f'(\sqrt q\, u)^2 \varphi(u)$ over ``cells`` equal
    cells of $u \in [-12, 12]$, with 0 on a cell edge so that a kink there costs no accuracy.
    As $q \to 0$ the layer is linear and $g \to 1/|f'(0)|$: 1 for tanh (Xavier's assumption), 4
    for the sigmoid. ReLU gives $\sqrt 2$ for every $q$ (He), a leaky ReLU of slope $\alpha$ gives
    $\sqrt{2/(1 + \alpha^2)}$ (chapter "Weight initialization").

    Parameters
    ----------
    activation : str or callable
        A name of `gradflow.activations.ACTIVATIONS`, or the derivative ``f_grad`` itself.
    q : float
        The variance of the pre-activations $z$ (> 0).
    cells : int
        Cells of the sum; even.

    Returns
    -------
    float

    Examples
    --------
    >>> round(gain("relu"), 9), round(2 ** 0.5, 9)
    (1.414213562, 1.414213562)
    >>> round(gain("sigmoid", q=1e-8), 6), round(gain("tanh", q=1e-8), 6)
    (4.0, 1.0)
    >>> round(gain("tanh"), 3)
    1.467
    """
    from .activations import get_activation

    f_grad = activation if callable(activation) else get_activation(activation)[1]
    q = check_number(q, "q")
    cells = check_positive_int(cells, "cells")
    if cells % 2:
        raise ValueError(f"cells must be even, so that 0 falls on a cell edge; got {cells}")
    edges = np.linspace(-12.0, 12.0, cells + 1)
    u, du = (edges[:-1] + edges[1:]) / 2, edges[1] - edges[0]
    density = np.exp(-u**2 / 2) / np.sqrt(2 * np.pi)
    mean_square = float(np.sum(f_grad(np.sqrt(q) * u) ** 2 * density) * du)
    if not mean_square > 0:
        raise ValueError(f"E[f'(z)^2] is {mean_square} for z ~ N(0, {q}): no weight scale keeps the gradient")
    return float(1.0 / np.sqrt(mean_square))


def orthogonal(n, rng, scale=1.0):
    r"""A random $n \times n$ orthogonal matrix times ``scale``: every singular value equals ``scale``.

    Drawn as the Q of the QR decomposition of a Gaussian matrix, with signs fixed
    so that Q is uniformly distributed (Mezzadri, 2007). The recurrent weights of
    `gradflow.rnn`, `gradflow.lstm` and `gradflow.gru` start this way (chapter "RNNs, LSTM and GRU").

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator
    scale : float, positive

    Returns
    -------
    ndarray, shape (n, n)

    Examples
    --------
    >>> import numpy as np
    >>> Q = orthogonal(4, np.random.default_rng(0), scale=0.5)
    >>> np.linalg.svd(Q, compute_uv=False).round(12).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    n = check_positive_int(n, "n")
    check_rng(rng)
    scale = check_number(scale, "scale")
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return scale * q * np.where(np.diag(r) < 0, -1.0, 1.0)


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
    ValueError: unknown initializer 'kaiming'; valid names are: constant,
    he_normal, he_uniform, lecun_normal, standard_uniform, xavier_normal,
    xavier_uniform
    """
    if callable(name):
        return name
    check_choice("initializer", name, INITIALIZERS)
    return INITIALIZERS[name]
