r"""Measurements that tell a healthy network from one whose gradients vanish, explode or die.

- `layer_speeds`: Nielsen's speed of learning of each layer, $\lVert \partial L / \partial b^l \rVert$.
- `weight_gradient_norms`: $\lVert \partial L / \partial W^l \rVert$ per layer.
- `dead_unit_fraction`: the share of ReLU units that output 0 on every input.
- `born_dead_probability` and `born_dead_monte_carlo`: how likely a narrow deep ReLU net
  is dead at an input from the start (Lu et al., 2020).
- `random_matrix_product_norms`: the norm of a product of random matrices (the exploding
  case of a product of Jacobians, as in *Dive into Deep Learning*).
"""

from __future__ import annotations

import numpy as np

from ._checks import check_matrix, check_positive_int, check_rng
from .activations import get_activation


def layer_speeds(grads):
    r"""Speed of learning of each layer: $\lVert \partial L / \partial b^l \rVert$ (Nielsen, ch. 5).

    Parameters
    ----------
    grads : Gradients
        From `MLP.loss_and_grads`; its ``db`` has one vector per layer.

    Returns
    -------
    ndarray, shape (L,)

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> net = MLP([4, 8, 8, 3], rng=np.random.default_rng(0))
    >>> _, grads = net.loss_and_grads(np.ones((5, 4)), np.array([0, 1, 2, 0, 1]))
    >>> layer_speeds(grads).shape
    (3,)
    """
    return np.array([np.linalg.norm(db) for db in grads.db])


def weight_gradient_norms(grads):
    r"""$\lVert \partial L / \partial W^l \rVert$ (Frobenius) of each layer.

    Parameters
    ----------
    grads : Gradients

    Returns
    -------
    ndarray, shape (L,)

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> net = MLP([4, 8, 3], rng=np.random.default_rng(0))
    >>> _, grads = net.loss_and_grads(np.ones((5, 4)), np.array([0, 1, 2, 0, 1]))
    >>> bool(np.all(weight_gradient_norms(grads) > 0))
    True
    """
    return np.array([np.linalg.norm(dW) for dW in grads.dW])


def hidden_preactivations(model, X):
    """The pre-activations $z^l$ of every hidden layer of an MLP on the inputs ``X``.

    Parameters
    ----------
    model : MLP
    X : ndarray, shape (N, D)

    Returns
    -------
    list of ndarray, shapes (N, n_l), one per hidden layer

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> net = MLP([4, 8, 6, 3], activation="relu", rng=np.random.default_rng(0))
    >>> [z.shape for z in hidden_preactivations(net, np.ones((5, 4)))]
    [(5, 8), (5, 6)]
    """
    _, caches = model.forward(check_matrix(X, "X", n_cols=model.sizes[0]))
    return [act_cache[0] for _, act_cache in caches[:-1]]


def dead_unit_fraction(model, X):
    """Share of each hidden layer's units whose pre-activation is at most 0 on every row of ``X``.

    For ReLU such a unit outputs 0 and passes back a gradient of exactly 0 on all
    of these inputs: it is dead, and gradient descent cannot revive it.

    Parameters
    ----------
    model : MLP
    X : ndarray, shape (N, D)

    Returns
    -------
    ndarray, shape (L - 1,), values in [0, 1]

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> net = MLP([2, 10, 3], activation="relu", rng=np.random.default_rng(0))
    >>> net.b[0][:] = -100.0   # push every unit of the hidden layer far below 0
    >>> dead_unit_fraction(net, np.ones((4, 2))).tolist()
    [1.0]
    """
    return np.array([float(np.mean(np.all(z <= 0, axis=0))) for z in hidden_preactivations(model, X)])


def born_dead_probability(width, depth):
    r"""Exact probability that a bias-free ReLU net is dead at a fixed nonzero input.

    With i.i.d. weights symmetric around 0, each unit of a layer is positive with
    probability 1/2, independently given the layer's input; a layer of width N is
    all zero with probability $2^{-N}$, and once a layer is all zero every later
    layer is too. So after L layers:

    $$ P(\text{dead}) = 1 - (1 - 2^{-N})^{L}. $$

    Parameters
    ----------
    width : int
        N, units per layer.
    depth : int or ndarray of int
        L, number of ReLU layers.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(born_dead_probability(2, 10), 4)
    0.9437
    """
    width = check_positive_int(width, "width")
    depth = np.asarray(depth)
    p = 1.0 - (1.0 - 2.0 ** -width) ** depth
    return float(p) if p.ndim == 0 else p


def born_dead_monte_carlo(width, depth, trials, *, rng, input_dim=2):
    r"""Monte Carlo estimate of `born_dead_probability`, with its standard error.

    Each trial draws a fresh bias-free ReLU net of ``depth`` layers of ``width``
    units with standard normal weights, feeds it one fixed nonzero input, and
    records whether the last layer outputs all zeros.

    Parameters
    ----------
    width, depth, trials : int
    rng : numpy.random.Generator
    input_dim : int
        Size of the input vector.

    Returns
    -------
    estimate : float
    standard_error : float
        $\sqrt{p(1-p)/\text{trials}}$.

    Examples
    --------
    >>> import numpy as np
    >>> p, se = born_dead_monte_carlo(2, 10, 2000, rng=np.random.default_rng(0))
    >>> abs(p - born_dead_probability(2, 10)) < 4 * se
    True
    """
    width = check_positive_int(width, "width")
    depth = check_positive_int(depth, "depth")
    trials = check_positive_int(trials, "trials")
    check_rng(rng)
    a = np.ones((trials, input_dim))  # the same nonzero input for every trial
    fan_in = input_dim
    for _ in range(depth):
        # One weight matrix per trial, applied to that trial's activations in one batched product.
        W = rng.standard_normal((trials, fan_in, width))
        a = np.maximum(np.einsum("ti,tij->tj", a, W), 0.0)
        fan_in = width
    dead = np.all(a == 0.0, axis=1)
    p = float(dead.mean())
    return p, float(np.sqrt(p * (1.0 - p) / trials))


def random_matrix_product_norms(n_factors, size=4, trials=1, *, rng):
    r"""Norms of the running products $M_k = G_1 G_2 \cdots G_k$ of random Gaussian matrices.

    Each $G_i$ has independent $\mathcal N(0, 1)$ entries, as in the exploding
    example of *Dive into Deep Learning*. The norm grows exponentially with $k$.

    Parameters
    ----------
    n_factors : int
        K, the number of factors.
    size : int
        The matrices are ``size`` x ``size``.
    trials : int
        Independent runs.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (trials, K)
        Spectral norm of $M_k$ for $k = 1 \dots K$.

    Examples
    --------
    >>> import numpy as np
    >>> norms = random_matrix_product_norms(100, trials=3, rng=np.random.default_rng(0))
    >>> norms.shape, bool(np.all(norms[:, -1] > 1e20))
    ((3, 100), True)
    """
    n_factors = check_positive_int(n_factors, "n_factors")
    size = check_positive_int(size, "size")
    trials = check_positive_int(trials, "trials")
    check_rng(rng)
    norms = np.empty((trials, n_factors))
    M = np.broadcast_to(np.eye(size), (trials, size, size))
    for k in range(n_factors):
        M = M @ rng.standard_normal((trials, size, size))
        norms[:, k] = np.linalg.norm(M, ord=2, axis=(1, 2))
    return norms


def activation_saturation(model, X, threshold=0.05):
    """Share of each hidden layer's activations where the activation's slope is below ``threshold``.

    A saturated sigmoid or tanh unit passes back almost no gradient.

    Parameters
    ----------
    model : MLP
    X : ndarray, shape (N, D)
    threshold : float

    Returns
    -------
    ndarray, shape (L - 1,)

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> net = MLP([2, 10, 3], activation="sigmoid", rng=np.random.default_rng(0))
    >>> net.W[0] *= 100.0
    >>> bool(activation_saturation(net, np.ones((4, 2)))[0] > 0.5)
    True
    """
    _, f_grad = get_activation(model.activation)
    return np.array([float(np.mean(f_grad(z) < threshold)) for z in hidden_preactivations(model, X)])
