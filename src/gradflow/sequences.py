r"""Long-range sequence tasks drawn from an explicit rng, and a recurrent model that learns them.

- `adding_problem`: add the two marked numbers of a long sequence (Hochreiter & Schmidhuber, 1997);
- `copy_memory`: read a few symbols, wait ``lag`` steps, write them back (Arjovsky et al., 2016);
- `SequenceModel`: an RNN, LSTM or GRU with a dense output layer read from the last hidden
  state(s), usable with `gradflow.train.train_sgd`, whose gradients include
  $\partial L / \partial h_t$ at every step.

Shapes: N sequences, T time steps, D input features, H hidden units, M outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_float_array, check_choice, check_positive_int, check_rng
from .gru import gru_backward, gru_forward, gru_init
from .layers import dense_backward, dense_forward
from .losses import LOSSES
from .lstm import lstm_backward, lstm_forward, lstm_init
from .rnn import rnn_backward, rnn_forward, rnn_init

CELLS = {
    "rnn": (rnn_init, rnn_forward, rnn_backward),
    "lstm": (lstm_init, lstm_forward, lstm_backward),
    "gru": (gru_init, gru_forward, gru_backward),
}
"""Each cell's name mapped to its ``(init, forward, backward)`` functions."""


def adding_problem(n, T, rng, first_window=None):
    r"""The adding problem: the target is the sum of the two marked values of a sequence.

    Channel 0 holds values drawn from $U[0, 1]$, channel 1 is 0 except for two
    1s. The first marker lies in the first ``first_window`` steps, the second in
    the second half, so the model must remember a value for at least
    $T/2$ steps (at least $T - $ ``first_window`` steps for the first one).
    Always predicting 1, the mean of the target, gives `gradflow.losses.mse`
    $\approx 1/12$ (the target's variance is $2/12$, halved by the loss).

    Parameters
    ----------
    n : int
        Number of sequences.
    T : int, at least 2
        Sequence length.
    rng : numpy.random.Generator
    first_window : int or None
        The first marker is uniform over steps ``0 .. first_window - 1``; None means ``T // 2``.
        A fixed small window (Hochreiter & Schmidhuber used 10) makes the task harder as T grows.

    Returns
    -------
    X : ndarray, shape (n, T, 2)
    y : ndarray, shape (n, 1)

    Examples
    --------
    >>> import numpy as np
    >>> X, y = adding_problem(3, 10, np.random.default_rng(0))
    >>> X.shape, y.shape, X[:, :, 1].sum(axis=1).tolist()
    ((3, 10, 2), (3, 1), [2.0, 2.0, 2.0])
    >>> bool(np.allclose(y[:, 0], (X[:, :, 0] * X[:, :, 1]).sum(axis=1)))
    True
    """
    n = check_positive_int(n, "n")
    T = check_positive_int(T, "T")
    check_rng(rng)
    if T < 2:
        raise ValueError(f"the adding problem needs T >= 2 steps for its two markers, got T={T}")
    half = T // 2
    window = half if first_window is None else check_positive_int(first_window, "first_window")
    if window > half:
        raise ValueError(f"first_window must be at most T // 2 = {half} so the first marker lies in the first half, "
                         f"got {window}")
    values = rng.uniform(0.0, 1.0, (n, T))
    rows = np.arange(n)
    first, second = rng.integers(0, window, n), rng.integers(half, T, n)
    markers = np.zeros((n, T))
    markers[rows, first] = markers[rows, second] = 1.0
    y = (values[rows, first] + values[rows, second])[:, None]
    return np.stack([values, markers], axis=2), y


def copy_memory(n, lag, rng, n_symbols=8, length=5):
    r"""The copy-memory task: ``length`` symbols, ``lag`` steps of waiting, then the same symbols back.

    Each sequence has ``length + lag + length`` steps, one-hot over
    ``n_symbols + 2`` channels: symbols ``0 .. n_symbols - 1``, a blank
    (channel ``n_symbols``) and a "recall now" marker (channel ``n_symbols + 1``)
    at the last of the ``lag`` waiting steps. The model must output the symbols,
    in order, at the last ``length`` steps, each one ``length + lag`` steps after
    it was read. Guessing from the symbol frequencies alone gives a cross-entropy
    of $\log(n_{symbols})$.

    Parameters
    ----------
    n : int
        Number of sequences.
    lag : int, positive
    rng : numpy.random.Generator
    n_symbols : int, default 8
    length : int, default 5

    Returns
    -------
    X : ndarray, shape (n, 2 * length + lag, n_symbols + 2)
    y : ndarray of int, shape (n, length)
        The symbols to write back, in order.

    Examples
    --------
    >>> import numpy as np
    >>> X, y = copy_memory(2, lag=4, rng=np.random.default_rng(0), n_symbols=3, length=2)
    >>> X.shape, y.shape, bool(np.all(X.sum(axis=2) == 1))
    ((2, 8, 5), (2, 2), True)
    >>> bool(np.array_equal(X[:, :2].argmax(axis=2), y)), X[0].argmax(axis=1).tolist()[2:]
    (True, [3, 3, 3, 4, 3, 3])
    """
    n = check_positive_int(n, "n")
    lag = check_positive_int(lag, "lag")
    check_rng(rng)
    n_symbols = check_positive_int(n_symbols, "n_symbols")
    length = check_positive_int(length, "length")
    y = rng.integers(0, n_symbols, (n, length))
    codes = np.full((n, 2 * length + lag), n_symbols)
    codes[:, :length] = y
    codes[:, length + lag - 1] = n_symbols + 1
    return np.eye(n_symbols + 2)[codes], y


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
    dh : ndarray, shape (N, T, H)
        $\partial L / \partial h_t$ at every step.
    dc : ndarray, shape (N, T, H), or None
        $\partial L / \partial c_t$ for an LSTM; None for the other cells.
    dX : ndarray, shape (N, T, D)

    Examples
    --------
    >>> import numpy as np
    >>> model = SequenceModel(2, 4, 1, cell="lstm", loss="mse", rng=np.random.default_rng(0))
    >>> _, grads = model.loss_and_grads(np.ones((3, 7, 2)), np.ones((3, 1)))
    >>> grads.dh.shape, grads.dc.shape
    ((3, 7, 4), (3, 7, 4))
    """

    dW: list
    db: list
    dh: np.ndarray
    dc: np.ndarray | None
    dX: np.ndarray

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
    >>> model = SequenceModel(2, 8, 1, cell="gru", loss="mse", rng=np.random.default_rng(0))
    >>> [W.shape for W in model.W], model.n_layers
    ([(2, 24), (8, 24), (8, 1)], 3)
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
        init, self._forward, self._backward = CELLS[cell]
        self.Wx, self.Wh, self.b = init(self.n_in, self.hidden, rng, **(init_options or {}))
        self.W_out = rng.normal(0.0, np.sqrt(1.0 / self.hidden), (self.hidden, self.n_out))
        self.b_out = np.zeros(self.n_out)

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

    @property
    def n_layers(self) -> int:
        """Number of weight matrices, 3.

        Examples
        --------
        >>> import numpy as np
        >>> SequenceModel(2, 3, 4, rng=np.random.default_rng(0)).n_layers
        3
        """
        return len(self.W)

    def params(self) -> list:
        """The parameters ``[Wx, Wh, b, W_out, b_out]``; updating them in place updates the model.

        Examples
        --------
        >>> import numpy as np
        >>> [p.shape for p in SequenceModel(2, 3, 4, cell="lstm", rng=np.random.default_rng(0)).params()]
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
        >>> model = SequenceModel(10, 6, 8, cell="lstm", read_last=5, rng=np.random.default_rng(0))
        >>> out, _ = model.forward(np.zeros((2, 12, 10)))
        >>> out.shape
        (2, 5, 8)
        """
        X = self._check_X(X)
        N, k = X.shape[0], self.read_last
        H, cell_cache = self._forward(X, np.zeros((N, self.hidden)), self.Wx, self.Wh, self.b)
        out, output_cache = dense_forward(H[:, -k:].reshape(N * k, self.hidden), self.W_out, self.b_out)
        out = out if k == 1 else out.reshape(N, k, self.n_out)
        return out, (cell_cache, output_cache, H)

    def predict(self, X):
        """Model output for ``X`` (N, T, D): shape (N, M), or (N, read_last, M).

        Examples
        --------
        >>> import numpy as np
        >>> SequenceModel(2, 3, 1, loss="mse", rng=np.random.default_rng(0)).predict(np.ones((5, 4, 2))).shape
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
        >>> X, y = copy_memory(4, lag=3, rng=np.random.default_rng(0), n_symbols=3, length=2)
        >>> model = SequenceModel(5, 6, 3, cell="gru", read_last=2, rng=np.random.default_rng(1))
        >>> loss, grads = model.loss_and_grads(X, y)
        >>> grads.dh.shape, grads.dX.shape
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
        out, (cell_cache, output_cache, H) = self.forward(X)
        target = y.reshape(N * k) if labels else y.reshape(N * k, self.n_out)
        loss, dout = LOSSES[self.loss_name](out.reshape(N * k, self.n_out), target)
        dlast, dW_out, db_out = dense_backward(dout, output_cache)
        dH = np.zeros_like(H)
        dH[:, T - k:] = dlast.reshape(N, k, self.hidden)
        back = self._backward(dH, cell_cache)
        return loss, SequenceGradients(dW=[back["dWx"], back["dWh"], dW_out], db=[back["db"], None, db_out],
                                       dh=back["dh"], dc=back.get("dc"), dX=back["dX"])
