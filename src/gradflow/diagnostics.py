r"""Measurements that tell a healthy network from one whose gradients vanish, explode or die.

- `layer_speeds`: Nielsen's speed of learning of each layer, $\lVert \partial \mathcal{L} / \partial b^l \rVert$
  (chapter "Vanishing gradients").
- `weight_gradient_norms`: $\lVert \partial \mathcal{L} / \partial W^l \rVert$ per layer.
- `hidden_preactivations`, `dead_unit_fraction`, `activation_saturation`: what each hidden layer
  feeds its activation, the share of ReLU units that output 0 on every input, and the share of
  saturated units (chapters "Activation functions" and "Diagnosing your network").
- `born_dead_probability` and `born_dead_monte_carlo`: how likely a narrow deep ReLU net
  is dead at an input from the start (Lu et al., 2020; chapter "Activation functions").
- `random_matrix_product_norms`: the norm of a product of random matrices (the exploding
  case of a product of Jacobians, as in *Dive into Deep Learning*; chapter "Exploding gradients").
- `unit_spread`: how far a layer's units are from being copies of one another (chapter
  "Weight initialization").
- `jacobian_product_norms`: the norm of a tanh RNN's product of step Jacobians along a
  trajectory (chapter "RNNs, LSTM and GRU").
- `angle_degrees`: the angle between two gradients, say before and after clipping (chapter
  "Gradient clipping").

Every chapter measures its networks with these.
"""

from __future__ import annotations

import copy

import numpy as np

from ._checks import check_choice, check_matrix, check_positive_int, check_rng
from .activations import get_activation


def layer_speeds(grads):
    r"""Speed of learning of each layer: $\lVert \partial \mathcal{L} / \partial b^l \rVert$ (Nielsen, ch. 5).

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
    r"""$\lVert \partial \mathcal{L} / \partial W^l \rVert$ (Frobenius) of each layer.

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


def hidden_preactivations(model, X, mode="eval"):
    r"""What every hidden layer of an MLP feeds its activation function, on the inputs ``X``.

    That is $z^l$, or $\mathrm{BN}(z^l)$ in a batch-norm net.

    Parameters
    ----------
    model : MLP
    X : ndarray, shape (N, D)
    mode : {"eval", "train"}
        Batch-norm mode (see `gradflow.mlp.MLP.forward`). In "train" mode the net is copied
        first, so its running statistics are left untouched.

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
    X = check_matrix(X, "X", n_cols=model.sizes[0])
    check_choice("batch norm mode", mode, ("train", "eval"))
    net = copy.deepcopy(model) if mode == "train" else model
    _, caches = net.forward(X, mode=mode)
    return [layer.activation.z for layer in caches[:-1]]


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
    >>> rng = np.random.default_rng(0)
    >>> norms = random_matrix_product_norms(100, trials=3, rng=rng)
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


def unit_spread(net):
    r"""For each hidden layer, how far its units' incoming weights and biases are from those of unit 0.

    $\max_j \max_i |W^l_{ij} - W^l_{i0}|$, with the bias $b^l$ counted as one more
    incoming weight. Zero means every unit of the layer is an exact copy of the first: the
    symmetry that a constant initialization never breaks.

    Parameters
    ----------
    net : MLP

    Returns
    -------
    ndarray, shape (L - 1,), one value per hidden layer

    Examples
    --------
    >>> import numpy as np
    >>> from gradflow.mlp import MLP
    >>> net = MLP([2, 4, 3, 2], init="constant", rng=np.random.default_rng(0))
    >>> unit_spread(net).tolist()
    [0.0, 0.0]
    """
    spreads = []
    for W, b in zip(net.W[:-1], net.b[:-1]):
        incoming = np.vstack([W, b[None, :]])  # column j: everything that feeds unit j
        spreads.append(float(np.abs(incoming - incoming[:, :1]).max()))
    return np.array(spreads)


def jacobian_product_norms(H, Wh):
    r"""Spectral norms of $\partial h_T / \partial h_{T-n}$, for n = 1 … T − 1, along one tanh-RNN trajectory.

    With $h_i = \tanh(a_i)$ and $a_i = x_i W_x + h_{i-1} W_h + b$ (row vectors, as in
    `gradflow.rnn`), one step's Jacobian is $\partial h_i / \partial h_{i-1} =
    \mathrm{diag}(1 - h_i^2)\, W_h^\top$, and the product over
    $i = T - n + 1, \dots, T$ is multiplied out from the last step backwards.

    Parameters
    ----------
    H : ndarray, shape (T, H)
        The hidden states of one sequence, as returned by `gradflow.rnn.rnn_forward` (``H[0]``).
    Wh : ndarray, shape (H, H)

    Returns
    -------
    ndarray, shape (T - 1,)
        Entry n − 1 is $\lVert \partial h_T / \partial h_{T-n} \rVert_2$.

    Examples
    --------
    >>> import numpy as np
    >>> states = np.zeros((4, 2))  # tanh'(0) = 1: each factor is just Wh^T
    >>> jacobian_product_norms(states, 0.5 * np.eye(2)).tolist()
    [0.5, 0.25, 0.125]
    """
    H, Wh = check_matrix(H, "H"), check_matrix(Wh, "Wh", n_cols=np.shape(H)[1])
    product = np.eye(H.shape[1])
    norms = []
    for i in range(H.shape[0] - 1, 0, -1):  # step i maps H[i - 1] to H[i]
        product = product @ ((1.0 - H[i] ** 2)[:, None] * Wh.T)
        norms.append(np.linalg.norm(product, 2))
    return np.array(norms)


def angle_degrees(u, v) -> float:
    r"""Angle between two gradients, in degrees; each may be an array or a list of arrays.

    $\cos \angle(u, v) = \dfrac{u \cdot v}{\lVert u \rVert\, \lVert v \rVert}$. Computed as
    $2 \arctan(\lVert \hat u - \hat v \rVert / \lVert \hat u + \hat v \rVert)$ with unit vectors
    $\hat u, \hat v$, which stays accurate for tiny angles where $\arccos$ of a cosine rounded
    near 1 does not; rounded to 12 decimals.

    Examples
    --------
    >>> import numpy as np
    >>> angle_degrees(np.array([1.0, 0.0]), np.array([1.0, 1.0]))
    45.0
    >>> u = [np.array([3.0]), np.array([4.0])]
    >>> v = [np.array([0.6]), np.array([0.8])]
    >>> angle_degrees(u, v)
    0.0
    """
    u, v = _flat(u), _flat(v)
    if u.shape != v.shape:
        raise ValueError(f"u and v must hold as many entries, got {u.size} and {v.size}")
    u, v = u / np.linalg.norm(u), v / np.linalg.norm(v)
    angle = 2 * np.arctan2(np.linalg.norm(u - v), np.linalg.norm(u + v))
    return round(float(np.degrees(angle)), 12)


def _flat(grads) -> np.ndarray:
    if isinstance(grads, (list, tuple)):
        return np.concatenate([np.asarray(g, dtype=float).ravel() for g in grads])
    return np.asarray(grads, dtype=float).ravel()
