r"""A multilayer perceptron whose backward pass returns every layer's gradients.

Layer $l = 1 \dots L$ computes $z^l = a^{l-1} W^l + b^l$ and
$a^l = f(z^l)$, with $a^0 = X$. The last layer uses
``output_activation`` (linear by default). The backward pass is the δ recursion

$$
\delta^L = \partial L / \partial z^L, \qquad
\delta^{l} = (\delta^{l+1} W^{l+1\,\top}) \odot f'(z^{l}),
$$

with $dW^l = a^{l-1\,\top} \delta^l$ and $db^l = \sum_n \delta^l_n$.
In code, lists are 0-based: ``W[0]`` is $W^1$.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import check_choice, check_matrix, check_positive_int, check_rng
from .activations import ACTIVATIONS
from .init import get_initializer
from .layers import activation_backward, activation_forward, dense_backward, dense_forward
from .losses import LOSSES


@dataclass
class Gradients:
    """Everything one backward pass gives, layer by layer (index 0 is the first layer).

    Attributes
    ----------
    dW : list of ndarray, shapes (n_{l-1}, n_l)
    db : list of ndarray, shapes (n_l,)
    delta : list of ndarray, shapes (N, n_l)
        $\\delta^l = \\partial L / \\partial z^l$.
    dX : ndarray, shape (N, D)
        Gradient with respect to the input.

    Examples
    --------
    >>> import numpy as np
    >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
    >>> _, grads = net.loss_and_grads(np.ones((5, 3)), np.zeros(5, dtype=int))
    >>> bool(np.allclose(grads.db[0], grads.delta[0].sum(axis=0)))
    True
    """

    dW: list
    db: list
    delta: list
    dX: np.ndarray

    def params(self) -> list:
        """The gradients in the order of `MLP.params`: ``[dW1, db1, dW2, db2, ...]``.

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
        >>> _, grads = net.loss_and_grads(np.ones((5, 3)), np.zeros(5, dtype=int))
        >>> [g.shape for g in grads.params()]
        [(3, 4), (4,), (4, 2), (2,)]
        """
        return [g for pair in zip(self.dW, self.db) for g in pair]


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

    Examples
    --------
    >>> import numpy as np
    >>> net = MLP([4, 8, 3], activation="tanh", rng=np.random.default_rng(0))
    >>> [W.shape for W in net.W]
    [(4, 8), (8, 3)]
    >>> loss, grads = net.loss_and_grads(np.ones((5, 4)), np.array([0, 1, 2, 0, 1]))
    >>> [d.shape for d in grads.delta]
    [(5, 8), (5, 3)]
    """

    def __init__(self, sizes, activation="sigmoid", init="xavier_normal", *, rng,
                 output_activation=None, loss="cross_entropy"):
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
        check_rng(rng)
        self.W = [initializer(n_in, n_out, rng) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self.b = [np.zeros(n_out) for n_out in self.sizes[1:]]

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

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
        >>> [p.shape for p in net.params()]
        [(3, 4), (4,), (4, 2), (2,)]
        """
        return [p for pair in zip(self.W, self.b) for p in pair]

    def _activation_of(self, layer: int):
        return self.activation if layer < self.n_layers - 1 else self.output_activation

    def forward(self, X):
        """Run the network.

        Parameters
        ----------
        X : ndarray, shape (N, D)

        Returns
        -------
        out : ndarray, shape (N, M)
        caches : list of ``(dense_cache, activation_cache or None)``, one per layer

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([3, 4, 2], rng=np.random.default_rng(0))
        >>> out, caches = net.forward(np.ones((5, 3)))
        >>> out.shape, len(caches)
        ((5, 2), 2)
        """
        a = check_matrix(X, "X", n_cols=self.sizes[0])
        caches = []
        for layer, (W, b) in enumerate(zip(self.W, self.b)):
            z, dense_cache = dense_forward(a, W, b)
            name = self._activation_of(layer)
            if name is None:
                a, act_cache = z, None
            else:
                a, act_cache = activation_forward(z, name)
            caches.append((dense_cache, act_cache))
        return a, caches

    def predict(self, X):
        """Network output for ``X`` (N, D): logits or activations, shape (N, M).

        Examples
        --------
        >>> import numpy as np
        >>> MLP([3, 4, 2], rng=np.random.default_rng(0)).predict(np.ones((5, 3))).shape
        (5, 2)
        """
        return self.forward(X)[0]

    def loss_and_grads(self, X, y):
        """Loss on ``(X, y)`` and the gradients of every layer, from one forward and one backward pass.

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
        out, caches = self.forward(X)
        loss, dout = LOSSES[self.loss_name](out, y)
        dW, db, delta = [None] * self.n_layers, [None] * self.n_layers, [None] * self.n_layers
        for layer in reversed(range(self.n_layers)):
            dense_cache, act_cache = caches[layer]
            delta[layer] = dout if act_cache is None else activation_backward(dout, act_cache)
            dout, dW[layer], db[layer] = dense_backward(delta[layer], dense_cache)
        return loss, Gradients(dW=dW, db=db, delta=delta, dX=dout)
