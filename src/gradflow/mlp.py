r"""A multilayer perceptron whose backward pass returns every layer's gradients.

Layer $l = 1 \dots L$ computes $z^l = a^{l-1} W^l + b^l$ and
$a^l = f(z^l)$, with $a^0 = X$. The last layer uses
``output_activation`` (linear by default). The backward pass is the δ recursion
of the chapter "Recap: gradient descent and backpropagation",

$$
\delta^L = \partial \mathcal{L} / \partial z^L, \qquad
\delta^{l} = (\delta^{l+1} W^{l+1\,\top}) \odot f'(z^{l}),
$$

with $dW^l = a^{l-1\,\top} \delta^l$ and $db^l = \sum_n \delta^l_n$.
In code, lists are 0-based: ``W[0]`` is $W^1$.

With ``batchnorm=True`` every hidden layer normalizes its pre-activation before
the activation, $a^l = f(\mathrm{BN}_{\gamma^l, \beta^l}(a^{l-1} W^l + b^l))$
(see `gradflow.batchnorm`). Batch norm subtracts the batch mean, so $b^l$ of a
hidden layer then has no effect and a zero gradient: $\beta^l$ does its job.

Used in the chapters "Recap: gradient descent and backpropagation", "Exploding gradients",
"Activation functions", "Diagnosing your network", "Weight initialization", "Batch
normalization", "Residual connections" and "Gradient clipping".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ._checks import check_choice, check_matrix, check_positive_int, check_rng
from .activations import ACTIVATIONS
from .batchnorm import NormCache, RunningStats, _batchnorm_forward, _norm_backward, batch_of_one
from .init import get_initializer
from .layers import (ActivationCache, DenseCache, _activation_backward, _activation_forward, _dense_backward,
                     _dense_forward)
from .losses import LOSSES

MODES = ("train", "eval")
"""The batch-norm modes of `MLP.forward`."""


class LayerCache(NamedTuple):
    """What one layer of `MLP.forward` keeps for the backward pass.

    ``norm`` is None without batch norm (and for the output layer); ``activation`` is None for a
    linear output layer. ``activation.z`` is what the layer feeds its activation function.
    """

    dense: DenseCache
    norm: NormCache | None
    activation: ActivationCache | None


@dataclass
class Gradients:
    """Everything one backward pass gives, layer by layer (index 0 is the first layer).

    Attributes
    ----------
    dW : list of ndarray, shapes (n_{l-1}, n_l)
    db : list of ndarray, shapes (n_l,)
    delta : list of ndarray, shapes (N, n_l)
        $\\delta^l = \\partial \\mathcal{L} / \\partial z^l$.
    dX : ndarray, shape (N, D)
        Gradient with respect to the input.
    dhidden : list of ndarray, shapes (N, n_l), one per hidden layer
        $\\partial \\mathcal{L} / \\partial a^l$, the gradient at the output of hidden layer
        $l = 1 \\dots L-1$: what reaches each hidden representation.
    dgamma, dbeta : list of ndarray, shapes (n_l,)
        Batch-norm scale and shift gradients of the hidden layers; empty without batch norm.

    Examples
    --------
    >>> import numpy as np
    >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
    >>> _, grads = net.loss_and_grads(np.ones((5, 3)), np.zeros(5, dtype=int))
    >>> bool(np.allclose(grads.db[0], grads.delta[0].sum(axis=0)))
    True
    >>> bool(np.allclose(grads.dhidden[0], grads.delta[1] @ net.W[1].T))
    True
    """

    dW: list
    db: list
    delta: list
    dX: np.ndarray
    dhidden: list
    dgamma: list = field(default_factory=list)
    dbeta: list = field(default_factory=list)

    def params(self) -> list:
        """The gradients in the order of `MLP.params`: ``[dW1, db1, dW2, db2, ...]``.

        With batch norm, ``[dW1, db1, dgamma1, dbeta1, dW2, ...]``: each hidden layer's
        pair is followed by its batch-norm pair.

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
        >>> _, grads = net.loss_and_grads(np.ones((5, 3)), np.zeros(5, dtype=int))
        >>> [g.shape for g in grads.params()]
        [(3, 4), (4,), (4, 2), (2,)]
        """
        return _interleave(self.dW, self.db, self.dgamma, self.dbeta)


def _interleave(W, b, gamma, beta) -> list:
    """``[W1, b1, gamma1, beta1, W2, ...]``; gamma and beta are empty or one shorter than W."""
    out = []
    for layer, pair in enumerate(zip(W, b)):
        out += pair
        if layer < len(gamma):
            out += [gamma[layer], beta[layer]]
    return out


class MLP:
    """A fully connected network of any depth.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, e.g. ``[64, 30, 30, 10]``: D inputs,
        two hidden layers of 30, M = 10 outputs. At least two entries.
    activation : str, default "sigmoid"
        Activation of the hidden layers, a key of ``ACTIVATIONS``.
    init : str or callable, default "xavier_normal"
        Weight initializer, a key of ``INITIALIZERS`` or a function ``(n_in, n_out, rng)``.
        Biases start at zero.
    rng : numpy.random.Generator
        Source of the initial weights.
    output_activation : str or None, default None
        Activation of the last layer; None keeps it linear (logits).
    loss : {"cross_entropy", "mse"}, default "cross_entropy"
        ``cross_entropy`` applies the softmax itself and takes integer labels;
        ``mse`` takes targets of shape (N, M).
    batchnorm : bool, default False
        Batch-normalize every hidden layer before its activation. Adds the lists
        ``gamma`` (ones), ``beta`` (zeros) and ``running`` (`RunningStats`), one entry per hidden layer.

    Examples
    --------
    >>> import numpy as np
    >>> net = MLP([4, 8, 3], activation="tanh", rng=np.random.default_rng(0))
    >>> net
    MLP([4, 8, 3], activation='tanh', init='xavier_normal')
    >>> loss, grads = net.loss_and_grads(np.ones((5, 4)), np.array([0, 1, 2, 0, 1]))
    >>> [d.shape for d in grads.delta]
    [(5, 8), (5, 3)]
    >>> bn = MLP([4, 8, 3], activation="relu", batchnorm=True,
    ...          rng=np.random.default_rng(0))
    >>> [p.shape for p in bn.params()]
    [(4, 8), (8,), (8,), (8,), (8, 3), (3,)]
    """

    def __init__(self, sizes, activation="sigmoid", init="xavier_normal", *, rng,
                 output_activation=None, loss="cross_entropy", batchnorm=False):
        given = sizes
        sizes = list(sizes) if not isinstance(sizes, (str, bytes)) and np.iterable(sizes) else None
        if sizes is None or len(sizes) < 2:
            raise ValueError(f"sizes must list at least an input and an output width, e.g. [2, 16, 3]; got {given!r}")
        self.sizes = [check_positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
        self.activation = check_choice("activation", activation, ACTIVATIONS)
        if output_activation is not None:
            check_choice("output activation", output_activation, ACTIVATIONS)
        self.loss_name = check_choice("loss", loss, LOSSES)
        if loss == "cross_entropy" and output_activation is not None:
            raise ValueError("cross_entropy applies the softmax itself, so output_activation must be None; "
                             f"got output_activation={output_activation!r}")
        self.output_activation = output_activation
        initializer = get_initializer(init)
        self.init_name = init if isinstance(init, str) else getattr(init, "__name__", repr(init))
        check_rng(rng)
        self.W = [initializer(n_in, n_out, rng) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self.b = [np.zeros(n_out) for n_out in self.sizes[1:]]
        self.batchnorm = bool(batchnorm)
        hidden = self.sizes[1:-1] if self.batchnorm else []
        self.gamma = [np.ones(n) for n in hidden]
        self.beta = [np.zeros(n) for n in hidden]
        self.running = [RunningStats.fresh(n) for n in hidden]

    def __repr__(self) -> str:
        extras = [f"activation={self.activation!r}", f"init={self.init_name!r}"]
        if self.output_activation is not None:
            extras.append(f"output_activation={self.output_activation!r}")
        if self.loss_name != "cross_entropy":
            extras.append(f"loss={self.loss_name!r}")
        if self.batchnorm:
            extras.append("batchnorm=True")
        return f"MLP({self.sizes}, {', '.join(extras)})"

    @property
    def n_layers(self) -> int:
        """Number of weight layers L (hidden layers plus the output layer).

        Examples
        --------
        >>> import numpy as np
        >>> MLP([64, 30, 30, 10], rng=np.random.default_rng(0)).n_layers
        3
        """
        return len(self.W)

    def params(self) -> list:
        """The parameters as one list ``[W1, b1, W2, b2, ...]``; updating them in place updates the net.

        With batch norm each hidden layer's pair is followed by its ``gamma, beta``:
        ``[W1, b1, gamma1, beta1, W2, b2, gamma2, beta2, ..., WL, bL]``.

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
        >>> [p.shape for p in net.params()]
        [(3, 4), (4,), (4, 2), (2,)]
        """
        return _interleave(self.W, self.b, self.gamma, self.beta)

    def forward(self, X, mode="eval"):
        """Run the network.

        Parameters
        ----------
        X : ndarray, shape (N, D)
        mode : {"eval", "train"}
            Batch-norm mode (ignored without batch norm): "train" normalizes with
            the batch's statistics and updates ``running``; "eval" uses ``running``.

        Returns
        -------
        out : ndarray, shape (N, M)
        caches : list of `LayerCache`, one per layer

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
        >>> out, caches = net.forward(np.ones((5, 3)))
        >>> out.shape, len(caches), caches[0].activation.z.shape
        ((5, 2), 2, (5, 4))
        """
        X = check_matrix(X, "X", n_cols=self.sizes[0])
        check_choice("batch norm mode", mode, MODES)
        if self.batchnorm and mode == "train" and X.shape[0] < 2:
            raise ValueError(batch_of_one(X.shape))
        return self._forward(X, mode)

    def _forward(self, a, mode):
        caches = []
        for layer in range(self.n_layers):
            z, dense = _dense_forward(a, self.W[layer], self.b[layer])
            norm = None
            if layer < len(self.gamma):  # a hidden layer of a batch-norm net
                z, norm = _batchnorm_forward(z, self.gamma[layer], self.beta[layer], mode=mode,
                                             running=self.running[layer], momentum=0.9, eps=1e-5)
            name = self.activation if layer < self.n_layers - 1 else self.output_activation
            a, activation = (z, None) if name is None else _activation_forward(z, name)
            caches.append(LayerCache(dense, norm, activation))
        return a, caches

    def predict(self, X, mode="eval"):
        """Network output for ``X`` (N, D): logits or activations, shape (N, M).

        ``mode`` is the batch-norm mode, as in `forward`; the default, "eval", uses
        the running statistics, so each row's output depends on that row only.

        Examples
        --------
        >>> import numpy as np
        >>> MLP([3, 4, 2], rng=np.random.default_rng(0)).predict(np.ones((5, 3))).shape
        (5, 2)
        """
        return self.forward(X, mode)[0]

    def loss_and_grads(self, X, y):
        """Loss on ``(X, y)`` and the gradients of every layer, from one forward and one backward pass.

        Batch norm, if any, runs in train mode and updates the running statistics;
        ``delta[l]`` is then the gradient at the dense output, before normalization.

        Parameters
        ----------
        X : ndarray, shape (N, D)
        y : ndarray, shape (N,) of int labels for cross-entropy, or (N, M) targets for MSE

        Returns
        -------
        loss : float
        grads : Gradients

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
        >>> loss, grads = net.loss_and_grads(np.ones((5, 3)), np.array([0, 1, 0, 1, 0]))
        >>> round(loss, 4) > 0, [dW.shape for dW in grads.dW], grads.dX.shape
        (True, [(3, 4), (4, 2)], (5, 3))
        """
        X = check_matrix(X, "X", n_cols=self.sizes[0])
        y = np.asarray(y)
        if y.shape[:1] != (X.shape[0],):
            raise ValueError(f"X and y must have as many rows; got X {X.shape} and y {y.shape}")
        if self.batchnorm and X.shape[0] < 2:
            raise ValueError(batch_of_one(X.shape))
        out, caches = self._forward(X, mode="train")
        loss, dout = LOSSES[self.loss_name](out, y)
        L = self.n_layers
        dW, db, delta, dhidden = [None] * L, [None] * L, [None] * L, [None] * (L - 1)
        dgamma, dbeta = [None] * len(self.gamma), [None] * len(self.gamma)
        for layer in reversed(range(L)):
            dense, norm, activation = caches[layer]
            dz = dout if activation is None else _activation_backward(dout, activation).dz
            if norm is not None:
                dz, dgamma[layer], dbeta[layer] = _norm_backward(dz, norm)
            delta[layer] = dz
            dout, dW[layer], db[layer] = _dense_backward(dz, dense)
            if layer > 0:
                dhidden[layer - 1] = dout  # the gradient at a^layer, the input of this layer
        return loss, Gradients(dW=dW, db=db, delta=delta, dX=dout, dhidden=dhidden, dgamma=dgamma, dbeta=dbeta)
