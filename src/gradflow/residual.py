r"""Residual blocks $x + F(x)$ and a residual MLP whose backward pass returns the gradient at every block.

A block computes, with a two-layer branch and a shortcut scale $\lambda$,

$$
y = \lambda\, x + F(x), \qquad F(x) = f(x W_1 + b_1)\, W_2 + b_2 ,
$$

so its Jacobian is $\partial y / \partial x = \lambda I + \partial F / \partial x$.
Through a stack of blocks the identity term survives in every product of
Jacobians; with $\lambda = 1$ and a branch whose last layer is zero, every block
is exactly the identity and the gradient reaches the first layer unchanged
(He et al., 2016).

Shapes: N examples, D features of the residual stream, H hidden units of the
branch, M outputs. ``dx`` always means $\partial \mathcal{L} / \partial x$.

Used in the chapters "Batch normalization" and "Residual connections".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import as_float_array, check_choice, check_matrix, check_positive_int, check_real, check_rng
from .activations import ACTIVATIONS, get_activation
from .init import get_initializer
from .layers import (ActivationCache, DenseCache, _activation_backward, _activation_forward, _dense_backward,
                     _dense_forward)
from .losses import LOSSES


class ResidualCache(NamedTuple):
    """What `residual_backward` needs: the caches of the branch's two dense layers and activation."""

    dense1: DenseCache
    activation: ActivationCache
    dense2: DenseCache
    shortcut_scale: float


class ResidualGrads(NamedTuple):
    """Gradients of one residual block: its input, then the branch's parameters in order."""

    dx: np.ndarray
    dW1: np.ndarray
    db1: np.ndarray
    dW2: np.ndarray
    db2: np.ndarray


def residual_forward(x, W1, b1, W2, b2, *, activation="relu", shortcut_scale=1.0):
    r"""One residual block, $y = \lambda x + f(x W_1 + b_1) W_2 + b_2$.

    Parameters
    ----------
    x : ndarray, shape (N, D)
    W1 : ndarray, shape (D, H)
    b1 : ndarray, shape (H,)
    W2 : ndarray, shape (H, D)
    b2 : ndarray, shape (D,)
    activation : str, default "relu"
        A key of `gradflow.activations.ACTIVATIONS`.
    shortcut_scale : float, default 1.0
        $\lambda$; 0 removes the shortcut and leaves a plain two-layer block.

    Returns
    -------
    out : ndarray, shape (N, D)
    cache : ResidualCache, for `residual_backward`

    Examples
    --------
    >>> import numpy as np
    >>> W1, b1, W2, b2 = np.ones((2, 3)), np.zeros(3), np.zeros((3, 2)), np.zeros(2)
    >>> out, cache = residual_forward(np.array([[1.0, -2.0]]), W1, b1, W2, b2)
    >>> out.tolist()  # a zero last layer makes the block the identity
    [[1.0, -2.0]]
    """
    x = check_matrix(x, "x")
    W1 = check_matrix(W1, "W1")
    W2 = check_matrix(W2, "W2")
    if W1.shape[0] != x.shape[1]:
        raise ValueError(f"W1 must take the {x.shape[1]} features of x, so it needs {x.shape[1]} rows; "
                         f"got W1 of shape {W1.shape}")
    if W2.shape != (W1.shape[1], x.shape[1]):
        raise ValueError(f"W2 must map the {W1.shape[1]} hidden units back to the {x.shape[1]} features of x, "
                         f"so it needs shape {(W1.shape[1], x.shape[1])}; got W2 of shape {W2.shape}")
    b1, b2 = as_float_array(b1, "b1"), as_float_array(b2, "b2")
    if b1.shape != (W1.shape[1],) or b2.shape != (x.shape[1],):
        raise ValueError(f"b1 and b2 must have shapes ({W1.shape[1]},) and ({x.shape[1]},), "
                         f"got {b1.shape} and {b2.shape}")
    get_activation(activation)  # a clear error for an unknown name
    scale = check_real(shortcut_scale, "shortcut_scale")
    return _residual_forward(x, W1, b1, W2, b2, activation=activation, shortcut_scale=scale)


def _residual_forward(x, W1, b1, W2, b2, *, activation, shortcut_scale):
    z1, dense1 = _dense_forward(x, W1, b1)
    a1, act = _activation_forward(z1, activation)
    branch, dense2 = _dense_forward(a1, W2, b2)
    return shortcut_scale * x + branch, ResidualCache(dense1, act, dense2, shortcut_scale)


def residual_backward(dout, cache):
    r"""Backward pass of `residual_forward`: the shortcut adds $\lambda\, dy$ to what flows back through the branch.

    $$
    \delta_1 = (dy\, W_2^\top) \odot f'(z_1), \qquad dx = \lambda\, dy + \delta_1 W_1^\top .
    $$

    Parameters
    ----------
    dout : ndarray, shape (N, D)
        $\partial \mathcal{L} / \partial y$.
    cache : ResidualCache from `residual_forward`

    Returns
    -------
    ResidualGrads
        ``dx`` (N, D), ``dW1`` (D, H), ``db1`` (H,), ``dW2`` (H, D), ``db2`` (D,).

    Examples
    --------
    >>> import numpy as np
    >>> W1, b1, W2, b2 = np.ones((2, 3)), np.zeros(3), np.zeros((3, 2)), np.zeros(2)
    >>> x = np.array([[1.0, 2.0]])
    >>> _, cache = residual_forward(x, W1, b1, W2, b2, shortcut_scale=0.5)
    >>> residual_backward(np.array([[4.0, 8.0]]), cache).dx.tolist()
    [[2.0, 4.0]]
    """
    x = cache.dense1.X
    dout = check_matrix(dout, "dout")
    if dout.shape != x.shape:
        raise ValueError(f"dout must have the shape of x, {x.shape}, got {dout.shape}")
    return _residual_backward(dout, cache)


def _residual_backward(dout, cache):
    dense1, act, dense2, scale = cache
    da1, dW2, db2 = _dense_backward(dout, dense2)
    dx_branch, dW1, db1 = _dense_backward(_activation_backward(da1, act).dz, dense1)
    return ResidualGrads(scale * dout + dx_branch, dW1, db1, dW2, db2)


@dataclass
class ResidualGradients:
    r"""Everything one backward pass of a `ResidualMLP` gives.

    Attributes
    ----------
    dW : list of ndarray
        Aligned with `ResidualMLP.W`: input layer, then $W_1, W_2$ of each block, then the output layer.
    db : list of ndarray
        Aligned with `ResidualMLP.b`.
    dhidden : list of ndarray, shapes (N, width), length depth + 1
        ``dhidden[l]`` is $\partial \mathcal{L} / \partial x_l$, the gradient at the residual
        stream: $x_0$ is the output of the input layer and $x_l$ the output of block $l$
        (the input of block $l + 1$).
    dX : ndarray, shape (N, D)
        Gradient with respect to the network input.

    Examples
    --------
    >>> import numpy as np
    >>> net = ResidualMLP(3, 4, 2, depth=5, rng=np.random.default_rng(0))
    >>> _, grads = net.loss_and_grads(np.ones((6, 3)), np.zeros(6, dtype=int))
    >>> len(grads.dhidden), grads.dhidden[0].shape
    (6, (6, 4))
    """

    dW: list
    db: list
    dhidden: list
    dX: np.ndarray

    def params(self) -> list:
        """The gradients in the order of `ResidualMLP.params`: ``[dW_in, db_in, dW1, db1, dW2, db2, ...]``.

        Examples
        --------
        >>> import numpy as np
        >>> net = ResidualMLP(3, 4, 2, depth=1, rng=np.random.default_rng(0))
        >>> _, grads = net.loss_and_grads(np.ones((5, 3)), np.zeros(5, dtype=int))
        >>> [g.shape for g in grads.params()] == [p.shape for p in net.params()]
        True
        """
        return [g for pair in zip(self.dW, self.db) for g in pair]


class ResidualMLP:
    r"""Input layer, ``depth`` residual blocks, output layer: a residual network of dense layers.

    $$
    x_0 = X W_{in} + b_{in}, \qquad x_l = \lambda\, x_{l-1} + F_l(x_{l-1}), \qquad
    \text{out} = x_{depth} W_{out} + b_{out} .
    $$

    The input and output layers are linear; the nonlinearity is inside the branches.

    Parameters
    ----------
    n_in : int
        D, the number of input features.
    width : int
        Width of the residual stream.
    n_out : int
        M, the number of outputs (classes for cross-entropy).
    depth : int
        Number of residual blocks.
    activation : str, default "relu"
    init : str or callable, default "he_normal"
        Initializer of every weight matrix (biases start at 0).
    rng : numpy.random.Generator
    branch_width : int or None
        H, the hidden width of each branch; None uses ``width``.
    shortcut_scale : float, default 1.0
        $\lambda$ of every block.
    init_branch_zero : bool, default False
        Start every branch's last weight matrix $W_2$ at zero, so that every
        block is the identity at initialization.
    loss : {"cross_entropy", "mse"}

    Examples
    --------
    >>> import numpy as np
    >>> net = ResidualMLP(3, 8, 2, depth=4, rng=np.random.default_rng(0))
    >>> net.depth, net.width
    (4, 8)
    >>> len(net.W), [W.shape for W in net.W[:3]]
    (10, [(3, 8), (8, 8), (8, 8)])
    """

    def __init__(self, n_in, width, n_out, depth, activation="relu", init="he_normal", *, rng,
                 branch_width=None, shortcut_scale=1.0, init_branch_zero=False, loss="cross_entropy"):
        self.n_in = check_positive_int(n_in, "n_in")
        self.width = check_positive_int(width, "width")
        self.n_out = check_positive_int(n_out, "n_out")
        self.depth = check_positive_int(depth, "depth")
        self.branch_width = self.width if branch_width is None else check_positive_int(branch_width, "branch_width")
        self.activation = check_choice("activation", activation, ACTIVATIONS)
        self.loss_name = check_choice("loss", loss, LOSSES)
        self.shortcut_scale = check_real(shortcut_scale, "shortcut_scale")
        self.init_branch_zero = bool(init_branch_zero)
        initializer = get_initializer(init)
        self.init_name = init if isinstance(init, str) else getattr(init, "__name__", repr(init))
        check_rng(rng)
        self.W = [initializer(self.n_in, self.width, rng)]
        for _ in range(self.depth):
            self.W.append(initializer(self.width, self.branch_width, rng))
            W2 = initializer(self.branch_width, self.width, rng)
            self.W.append(np.zeros_like(W2) if init_branch_zero else W2)
        self.W.append(initializer(self.width, self.n_out, rng))
        self.b = [np.zeros(W.shape[1]) for W in self.W]

    def __repr__(self) -> str:
        extras = [f"activation={self.activation!r}", f"init={self.init_name!r}"]
        if self.branch_width != self.width:
            extras.append(f"branch_width={self.branch_width}")
        if self.shortcut_scale != 1.0:
            extras.append(f"shortcut_scale={self.shortcut_scale:g}")
        if self.init_branch_zero:
            extras.append("init_branch_zero=True")
        if self.loss_name != "cross_entropy":
            extras.append(f"loss={self.loss_name!r}")
        return (f"ResidualMLP(n_in={self.n_in}, width={self.width}, n_out={self.n_out}, depth={self.depth}, "
                f"{', '.join(extras)})")

    def params(self) -> list:
        """The parameters ``[W_in, b_in, W1, b1, W2, b2, ..., W_out, b_out]``; updating them in place updates the net.

        Examples
        --------
        >>> import numpy as np
        >>> net = ResidualMLP(3, 4, 2, depth=1, rng=np.random.default_rng(0))
        >>> [p.shape for p in net.params()]
        [(3, 4), (4,), (4, 4), (4,), (4, 4), (4,), (4, 2), (2,)]
        """
        return [p for pair in zip(self.W, self.b) for p in pair]

    def block_params(self, block: int) -> tuple:
        """The branch parameters ``(W1, b1, W2, b2)`` of block ``block`` (0-based), as `residual_forward`
        takes them: views into the net, not copies.

        Examples
        --------
        >>> import numpy as np
        >>> net = ResidualMLP(3, 4, 2, depth=2, init_branch_zero=True,
        ...                   rng=np.random.default_rng(0))
        >>> W1, b1, W2, b2 = net.block_params(1)
        >>> bool(np.all(W2 == 0)), W2 is net.W[4]
        (True, True)
        """
        i = 1 + 2 * block
        return self.W[i], self.b[i], self.W[i + 1], self.b[i + 1]

    def forward(self, X):
        """Run the network.

        Parameters
        ----------
        X : ndarray, shape (N, D)

        Returns
        -------
        out : ndarray, shape (N, M)
        caches : tuple ``(input_cache, block_caches, output_cache)``

        Examples
        --------
        >>> import numpy as np
        >>> net = ResidualMLP(3, 4, 2, depth=2, rng=np.random.default_rng(0))
        >>> out, (_, blocks, _) = net.forward(np.ones((5, 3)))
        >>> out.shape, len(blocks)
        ((5, 2), 2)
        """
        return self._forward(check_matrix(X, "X", n_cols=self.n_in))

    def _forward(self, X):
        x, input_cache = _dense_forward(X, self.W[0], self.b[0])
        block_caches = []
        for block in range(self.depth):
            x, cache = _residual_forward(x, *self.block_params(block), activation=self.activation,
                                         shortcut_scale=self.shortcut_scale)
            block_caches.append(cache)
        out, output_cache = _dense_forward(x, self.W[-1], self.b[-1])
        return out, (input_cache, block_caches, output_cache)

    def predict(self, X):
        """Network output for ``X`` (N, D): logits or values, shape (N, M).

        Examples
        --------
        >>> import numpy as np
        >>> net = ResidualMLP(3, 4, 2, depth=2, rng=np.random.default_rng(0))
        >>> net.predict(np.ones((5, 3))).shape
        (5, 2)
        """
        return self.forward(X)[0]

    def loss_and_grads(self, X, y):
        """Loss on ``(X, y)`` and the gradients of every layer and of every block's input.

        Parameters
        ----------
        X : ndarray, shape (N, D)
        y : ndarray, shape (N,) of int labels for cross-entropy, or (N, M) targets for MSE

        Returns
        -------
        loss : float
        grads : ResidualGradients

        Examples
        --------
        >>> import numpy as np
        >>> net = ResidualMLP(3, 4, 2, depth=3, init_branch_zero=True,
        ...                   rng=np.random.default_rng(0))
        >>> loss, grads = net.loss_and_grads(np.ones((5, 3)), np.array([0, 1, 0, 1, 0]))
        >>> # identity blocks pass the gradient unchanged
        >>> bool(np.array_equal(grads.dhidden[0], grads.dhidden[3]))
        True
        """
        X = check_matrix(X, "X", n_cols=self.n_in)
        y = np.asarray(y)
        if y.shape[:1] != (X.shape[0],):
            raise ValueError(f"X and y must have as many rows; got X {X.shape} and y {y.shape}")
        out, (input_cache, block_caches, output_cache) = self._forward(X)
        loss, dout = LOSSES[self.loss_name](out, y)
        dW, db = [None] * len(self.W), [None] * len(self.W)
        dx = [None] * (self.depth + 1)  # dx[l]: the gradient at x_l, the residual stream after block l
        dx[self.depth], dW[-1], db[-1] = _dense_backward(dout, output_cache)
        for block in reversed(range(self.depth)):
            i = 1 + 2 * block
            dx[block], dW[i], db[i], dW[i + 1], db[i + 1] = _residual_backward(dx[block + 1], block_caches[block])
        dX, dW[0], db[0] = _dense_backward(dx[0], input_cache)
        return loss, ResidualGradients(dW=dW, db=db, dhidden=dx, dX=dX)
