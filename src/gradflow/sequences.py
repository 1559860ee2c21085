r"""A recurrent model: an RNN, LSTM or GRU over the whole sequence, then a dense output layer.

`SequenceModel` reads its output from the last hidden state(s), trains with
`gradflow.train.train_sgd`, and its gradients include $\partial \mathcal{L} / \partial h_t$ at
every step (chapter "RNNs, LSTM and GRU"). Its tasks, `gradflow.data.adding_problem` and
`gradflow.data.copy_memory`, are in `gradflow.data`.

Shapes: N sequences, T time steps, D input features, H hidden units, M outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

from . import gru, lstm, rnn
from ._checks import as_float_array, check_choice, check_positive_int, check_rng
from .layers import _dense_backward, _dense_forward
from .losses import LOSSES


class Cell(NamedTuple):
    """A recurrent cell's functions, and how many state vectors it carries (the LSTM two: h and c)."""

    init: Callable
    forward: Callable
    backward: Callable
    states: int


CELLS = {
    "rnn": Cell(rnn.rnn_init, rnn.rnn_forward, rnn.rnn_backward, states=1),
    "lstm": Cell(lstm.lstm_init, lstm.lstm_forward, lstm.lstm_backward, states=2),
    "gru": Cell(gru.gru_init, gru.gru_forward, gru.gru_backward, states=1),
}
"""Each cell's name mapped to its `Cell`: ``(init, forward, backward, states)``."""

_KERNELS = {"rnn": (rnn._forward, rnn._backward), "lstm": (lstm._forward, lstm._backward),
            "gru": (gru._forward, gru._backward)}


@dataclass
class SequenceGradients:
    r"""The gradients of one backward pass of a `SequenceModel`.

    Attributes
    ----------
    dW : list of ndarray
        ``[dWx, dWh, dW_out]``, aligned with `SequenceModel.W`.
    db : list
        ``[db, None, db_out]``, aligned with ``dW``: the cell's bias ``b`` is listed
        with ``Wx`` (they enter the same sum), and ``Wh`` has no bias of its own.
    dhidden : ndarray, shape (N, T, H)
        $\partial \mathcal{L} / \partial h_t$ at every step: the gradient at each hidden representation.
    dX : ndarray, shape (N, T, D)
    dc : ndarray, shape (N, T, H), or None
        $\partial \mathcal{L} / \partial c_t$ for an LSTM; None for the other cells.

    Examples
    --------
    >>> import numpy as np
    >>> model = SequenceModel(2, 4, 1, cell="lstm", loss="mse",
    ...                       rng=np.random.default_rng(0))
    >>> _, grads = model.loss_and_grads(np.ones((3, 7, 2)), np.ones((3, 1)))
    >>> grads.dhidden.shape, grads.dc.shape
    ((3, 7, 4), (3, 7, 4))
    """

    dW: list
    db: list
    dhidden: np.ndarray
    dX: np.ndarray
    dc: np.ndarray | None = None

    def params(self) -> list:
        """The gradients in the order of `SequenceModel.params`: ``[dWx, dWh, db, dW_out, db_out]``.

        Examples
        --------
        >>> import numpy as np
        >>> model = SequenceModel(2, 4, 1, loss="mse", rng=np.random.default_rng(0))
        >>> _, grads = model.loss_and_grads(np.ones((3, 7, 2)), np.ones((3, 1)))
        >>> [g.shape for g in grads.params()]
        [(2, 4), (4, 4), (4,), (4, 1), (1,)]
        """
        return [self.dW[0], self.dW[1], self.db[0], self.dW[2], self.db[2]]


class SequenceModel:
    r"""A recurrent cell over the whole sequence, then a dense layer on the last hidden state(s).

    $$
    h_t = \mathrm{cell}(x_t, h_{t-1}), \quad h_0 = 0, \qquad
    \hat y_t = h_t W_{out} + b_{out} \quad \text{for } t = T - k + 1, \dots, T .
    $$

    With ``read_last`` k = 1 the output is read from $h_T$ only (the adding problem);
    with k > 1 from each of the last k states (the copy task, k = ``length``),
    and the loss is averaged over the N·k predictions. The cell's weights come from
    its init function; $W_{out} \sim \mathcal N(0, 1/H)$ and $b_{out} = 0$.

    Parameters
    ----------
    n_in : int
        D, input features per step.
    hidden : int
        H, hidden units.
    n_out : int
        M, outputs per prediction (classes for cross-entropy).
    cell : {"rnn", "lstm", "gru"}, default "rnn"
    rng : numpy.random.Generator
    loss : {"cross_entropy", "mse"}, default "cross_entropy"
    read_last : int, default 1
    init_options : dict or None
        Extra keyword arguments of the cell's initializer: ``scale`` for `gradflow.rnn.rnn_init`,
        ``forget_bias`` for `gradflow.lstm.lstm_init`, ``update_bias`` for `gradflow.gru.gru_init`.

    Examples
    --------
    >>> import numpy as np
    >>> model = SequenceModel(2, 8, 1, cell="gru", loss="mse",
    ...                       rng=np.random.default_rng(0))
    >>> model
    SequenceModel(n_in=2, hidden=8, n_out=1, cell='gru', loss='mse')
    >>> [W.shape for W in model.W]
    [(2, 24), (8, 24), (8, 1)]
    """

    def __init__(self, n_in, hidden, n_out, *, cell="rnn", rng, loss="cross_entropy", read_last=1,
                 init_options=None):
        self.n_in = check_positive_int(n_in, "n_in")
        self.hidden = check_positive_int(hidden, "hidden")
        self.n_out = check_positive_int(n_out, "n_out")
        self.cell = check_choice("cell", cell, CELLS)
        self.loss_name = check_choice("loss", loss, LOSSES)
        self.read_last = check_positive_int(read_last, "read_last")
        check_rng(rng)
        if init_options is not None and not isinstance(init_options, dict):
            raise ValueError(f"init_options must be a dict of keyword arguments or None, got {init_options!r}")
        self.init_options = dict(init_options or {})
        self.Wx, self.Wh, self.b = CELLS[cell].init(self.n_in, self.hidden, rng, **self.init_options)
        self.W_out = rng.normal(0.0, np.sqrt(1.0 / self.hidden), (self.hidden, self.n_out))
        self.b_out = np.zeros(self.n_out)

    def __repr__(self) -> str:
        extras = [f"cell={self.cell!r}", f"loss={self.loss_name!r}"]
        if self.read_last != 1:
            extras.append(f"read_last={self.read_last}")
        if self.init_options:
            extras.append(f"init_options={self.init_options!r}")
        return f"SequenceModel(n_in={self.n_in}, hidden={self.hidden}, n_out={self.n_out}, {', '.join(extras)})"

    @property
    def W(self) -> list:
        """The weight matrices ``[Wx, Wh, W_out]``.

        Examples
        --------
        >>> import numpy as np
        >>> model = SequenceModel(2, 3, 4, rng=np.random.default_rng(0))
        >>> [W.shape for W in model.W]
        [(2, 3), (3, 3), (3, 4)]
        """
        return [self.Wx, self.Wh, self.W_out]

    def params(self) -> list:
        """The parameters ``[Wx, Wh, b, W_out, b_out]``; updating them in place updates the model.

        Examples
        --------
        >>> import numpy as np
        >>> model = SequenceModel(2, 3, 4, cell="lstm", rng=np.random.default_rng(0))
        >>> [p.shape for p in model.params()]
        [(2, 12), (3, 12), (12,), (3, 4), (4,)]
        """
        return [self.Wx, self.Wh, self.b, self.W_out, self.b_out]

    def _check_X(self, X):
        X = as_float_array(X, "X")
        if X.ndim != 3 or X.shape[2] != self.n_in or X.shape[1] < self.read_last:
            raise ValueError(f"X must have shape (N, T, {self.n_in}) with T >= read_last = {self.read_last}, "
                             f"got {X.shape}")
        return X

    def forward(self, X):
        """Run the model.

        Parameters
        ----------
        X : ndarray, shape (N, T, D)

        Returns
        -------
        out : ndarray, shape (N, M) if ``read_last == 1``, else (N, read_last, M)
        cache : tuple ``(cell_cache, output_cache, H)``, H the hidden states (N, T, H)

        Examples
        --------
        >>> import numpy as np
        >>> model = SequenceModel(10, 6, 8, cell="lstm", read_last=5,
        ...                       rng=np.random.default_rng(0))
        >>> out, _ = model.forward(np.zeros((2, 12, 10)))
        >>> out.shape
        (2, 5, 8)
        """
        return self._forward(self._check_X(X))

    def _forward(self, X):
        N, k = X.shape[0], self.read_last
        states = [np.zeros((N, self.hidden))] * CELLS[self.cell].states  # h0 = 0 (and c0 = 0)
        forward, _ = _KERNELS[self.cell]
        H, cell_cache = forward(X, *states, self.Wx, self.Wh, self.b)
        out, output_cache = _dense_forward(H[:, -k:].reshape(N * k, self.hidden), self.W_out, self.b_out)
        out = out if k == 1 else out.reshape(N, k, self.n_out)
        return out, (cell_cache, output_cache, H)

    def predict(self, X):
        """Model output for ``X`` (N, T, D): shape (N, M), or (N, read_last, M).

        Examples
        --------
        >>> import numpy as np
        >>> model = SequenceModel(2, 3, 1, loss="mse", rng=np.random.default_rng(0))
        >>> model.predict(np.ones((5, 4, 2))).shape
        (5, 1)
        """
        return self.forward(X)[0]

    def loss_and_grads(self, X, y):
        """Loss on ``(X, y)`` and the gradients of every parameter and of every hidden state.

        Parameters
        ----------
        X : ndarray, shape (N, T, D)
        y : ndarray
            Int labels of shape (N, k) for cross-entropy, or targets (N, k, M) for MSE,
            with k = ``read_last``; when k = 1 also (N,) labels or (N, M) targets.

        Returns
        -------
        loss : float
        grads : SequenceGradients

        Examples
        --------
        >>> import numpy as np
        >>> from gradflow.data import copy_memory
        >>> X, y = copy_memory(4, lag=3, rng=np.random.default_rng(0), n_symbols=3,
        ...                     length=2)
        >>> model = SequenceModel(5, 6, 3, cell="gru", read_last=2,
        ...                       rng=np.random.default_rng(1))
        >>> loss, grads = model.loss_and_grads(X, y)
        >>> grads.dhidden.shape, grads.dX.shape
        ((4, 7, 6), (4, 7, 5))
        """
        X = self._check_X(X)
        N, T, k = X.shape[0], X.shape[1], self.read_last
        y = np.asarray(y)
        labels = self.loss_name == "cross_entropy"
        shapes = [(N, k)] if labels else [(N, k, self.n_out)]
        if k == 1:
            shapes.insert(0, (N,) if labels else (N, self.n_out))
        if y.shape not in shapes:
            raise ValueError(f"y must have shape {' or '.join(map(str, shapes))} for loss {self.loss_name!r} "
                             f"with read_last={k}; got X {X.shape} and y {y.shape}")
        out, (cell_cache, output_cache, H) = self._forward(X)
        target = y.reshape(N * k) if labels else y.reshape(N * k, self.n_out)
        loss, dout = LOSSES[self.loss_name](out.reshape(N * k, self.n_out), target)
        dlast, dW_out, db_out = _dense_backward(dout, output_cache)
        dH = np.zeros_like(H)
        dH[:, T - k:] = dlast.reshape(N, k, self.hidden)
        _, backward = _KERNELS[self.cell]
        back = backward(dH, cell_cache)
        return loss, SequenceGradients(dW=[back.dWx, back.dWh, dW_out], db=[back.db, None, db_out],
                                       dhidden=back.dh, dX=back.dX, dc=getattr(back, "dc", None))
