r"""Experiments of the chapter "RNNs, LSTM and GRU": gradients through time, and what gates change.

- `pascanu_products`: the norm of the Jacobian product $\partial h_t / \partial h_k$ along
  one trajectory, against the bound $\sigma_{max}^{t-k}$ of Pascanu et al. (2013);
- `rnn_gradient_profile`: $\lVert \partial \mathcal{L} / \partial h_t \rVert$ for tanh RNNs whose $W_h$ has
  every singular value equal to ``scale``: vanishing below 1, exploding well above it;
- `exploding_rnn_training`: SGD on such an exploding RNN, without and with gradient clipping;
- `forget_gate_paths`: the LSTM cell path $\prod f_t$ for several forget-gate biases;
- `long_lag`: the adding problem at several lengths, for an RNN, an LSTM and a GRU (trained with
  Adam and clipping, to fit the build's time budget);
- `gated_explosion`: LSTM and GRU gradients through time when $W_h$ is scaled up: gates do not
  prevent explosion.
"""

from __future__ import annotations

import numpy as np

from ..clip import clip_by_norm
from ..data import adding_problem
from ..diagnostics import jacobian_product_norms
from ..losses import mse
from ..lstm import lstm_forward, lstm_init
from ..optim import adam
from ..rnn import rnn_forward, rnn_init
from ..sequences import SequenceModel
from ..train import train_sgd
from .cache import experiment, settings


@experiment
def pascanu_products(scales=(0.5, 0.9), hidden=32, T=60, seed=0):
    r"""The actual norm of $\partial h_T / \partial h_{T-n}$ against Pascanu's bound $\sigma_{max}^{n}$.

    One random input sequence ($\mathcal N(0, 1)$, 4 features) drives a tanh RNN
    whose recurrent matrix is ``scale`` times one fixed orthogonal matrix, so that
    every singular value of $W_h$ equals ``scale``. Since $\tanh' \le 1$
    ($\gamma = 1$), $\lVert \partial h_T / \partial h_{T-n} \rVert \le \sigma_{max}^n$.

    Returns
    -------
    dict with ``lags`` (T − 1,) = 1 … T − 1, and per scale a dict with ``actual`` (T − 1,),
    the spectral norms along the trajectory, ``bound`` (T − 1,) = scale ** lags, and
    ``sigma_max``, the largest singular value of the $W_h$ used.

    Examples
    --------
    >>> run = pascanu_products(scales=(0.9,), hidden=4, T=6)
    >>> bool(np.all(run[0.9]["actual"] <= run[0.9]["bound"]))
    True
    """
    X = np.random.default_rng(seed).standard_normal((1, T, 4))
    result = {"lags": np.arange(1, T)}
    for scale in scales:
        Wx, Wh, b = rnn_init(4, hidden, np.random.default_rng(seed + 1), scale=scale)
        H, _ = rnn_forward(X, np.zeros((1, hidden)), Wx, Wh, b)
        result[scale] = {"actual": jacobian_product_norms(H[0], Wh), "bound": scale ** result["lags"].astype(float),
                         "sigma_max": float(np.linalg.norm(Wh, 2))}
    return result


def _profile(dh):
    """Mean over the batch of $\\lVert \\partial \\mathcal{L} / \\partial h_t \\rVert$, for each t."""
    return np.linalg.norm(dh, axis=2).mean(axis=0)


@experiment
def rnn_gradient_profile(scales=(1.0, 1.5, 2.0), hidden=32, T=50, n=100, seed=0):
    r"""$\lVert \partial \mathcal{L} / \partial h_t \rVert$ at every step of a tanh RNN at initialization, per scale of $W_h$.

    The model is a `gradflow.sequences.SequenceModel` on the adding problem with
    length T, read at the last step; ``scale`` is every singular value of $W_h$.

    Returns
    -------
    dict with ``t`` (T,) = 1 … T, and per scale the mean over ``n`` sequences of
    $\lVert \partial \mathcal{L} / \partial h_t \rVert$, shape (T,).

    Examples
    --------
    >>> run = rnn_gradient_profile(scales=(3.0,), T=20, n=5)
    >>> bool(run[3.0][0] > run[3.0][-1])     # larger far from the loss: exploding
    True
    """
    X, y = adding_problem(n, T, np.random.default_rng(seed))
    result = {"t": np.arange(1, T + 1)}
    for scale in scales:
        model = SequenceModel(2, hidden, 1, cell="rnn", loss="mse", rng=np.random.default_rng(seed + 1),
                              init_options={"scale": scale})
        _, grads = model.loss_and_grads(X, y)
        result[scale] = _profile(grads.dhidden)
    return result


@experiment
def exploding_rnn_training(scale=2.0, T=50, hidden=32, lr=0.1, steps=1000, clip_norm=1.0, n_train=2000, n_test=500,
                           seed=0):
    r"""SGD on the adding problem for an exploding tanh RNN, without and with clipping, and for a healthy one.

    Three runs of `gradflow.train.train_sgd` with the same data, minibatches and
    learning rate: ``"healthy"`` ($W_h$ orthogonal, every singular value 1, no
    clipping), ``"unclipped"`` (every singular value ``scale``, no clipping) and
    ``"clipped"`` (the same, with ``clip_norm``).

    Returns
    -------
    dict with ``baseline``, the test loss of always predicting 1 (about 1/12), and for each run
    a dict with ``loss`` (S,) and ``total_grad_norm`` (S,) per step, ``diverged_at`` (int or None),
    ``report`` (the `History` summary) and ``test_loss`` (NaN if training diverged).

    Examples
    --------
    >>> run = exploding_rnn_training(T=8, hidden=4, steps=3, n_train=40, n_test=10)
    >>> sorted(run), run["clipped"]["loss"].shape
    (['baseline', 'clipped', 'healthy', 'unclipped'], (3,))
    """
    X, y = adding_problem(n_train, T, np.random.default_rng(seed))
    X_test, y_test = adding_problem(n_test, T, np.random.default_rng(seed + 1))
    result = {"baseline": mse(np.ones_like(y_test), y_test)[0]}
    for name, s, clip in (("healthy", 1.0, None), ("unclipped", scale, None), ("clipped", scale, clip_norm)):
        model = SequenceModel(2, hidden, 1, cell="rnn", loss="mse", rng=np.random.default_rng(seed + 1),
                              init_options={"scale": s})
        history = train_sgd(model, X, y, lr=lr, steps=steps, batch_size=32, rng=np.random.default_rng(seed + 2),
                            clip_norm=clip)
        result[name] = {"loss": history.loss, "total_grad_norm": history.total_grad_norm,
                        "diverged_at": history.diverged_at, "report": str(history),
                        "test_loss": np.nan if history.diverged else model.loss_and_grads(X_test, y_test)[0]}
    return result


@experiment
def gated_explosion(factors=(1.0, 4.0, 8.0), cells=("lstm", "gru"), hidden=32, T=50, n=100, seed=0):
    r"""How much larger $\lVert \partial \mathcal{L} / \partial h_1 \rVert$ is than $\lVert \partial \mathcal{L} / \partial h_T \rVert$ when $W_h$ grows.

    An LSTM and a GRU at their library initialization, then with every recurrent
    weight multiplied by ``factor``, read ``n`` adding-problem sequences of length T;
    the loss reads the last step.

    Returns
    -------
    dict mapping each cell to an ndarray (F,): the ratio, averaged over the sequences'
    gradient norms, of the first step's gradient to the last step's, one per factor.

    Examples
    --------
    >>> run = gated_explosion(factors=(1.0, 8.0), cells=("gru",), hidden=8, T=20, n=5)
    >>> bool(run["gru"][1] > 1 > run["gru"][0])
    True
    """
    X, y = adding_problem(n, T, np.random.default_rng(seed))
    result = {}
    for cell in cells:
        ratios = []
        for factor in factors:
            model = SequenceModel(2, hidden, 1, cell=cell, loss="mse", rng=np.random.default_rng(seed + 1))
            model.Wh *= factor
            profile = _profile(model.loss_and_grads(X, y)[1].dhidden)
            ratios.append(profile[0] / profile[-1])
        result[cell] = np.array(ratios)
    return result


@experiment
def forget_gate_paths(biases=(0.0, 1.0, 3.0), hidden=32, T=100, n=64, seed=0):
    r"""The LSTM cell path $\prod f$ from each step to the last, at initialization, per forget-gate bias.

    An LSTM from `gradflow.lstm.lstm_init` with ``forget_bias`` $b_f$ reads ``n``
    adding-problem sequences of length T. Along the cell path,
    $\partial c_T / \partial c_t$ has diagonal $\prod_{i=t+1}^{T} f_i$ (the whole
    Jacobian when $W_h = 0$).

    Returns
    -------
    dict with ``t`` (T,) = 1 … T, and per bias a dict with
    ``path`` (T,): the geometric mean over sequences and units of $\prod_{i=t+1}^{T} f_i$
    (1 at t = T), and ``mean_f``: the mean forget-gate activation.

    Examples
    --------
    >>> run = forget_gate_paths(biases=(0.0, 3.0), hidden=4, T=10, n=2)
    >>> bool(run[3.0]["path"][0] > run[0.0]["path"][0]), float(run[0.0]["path"][-1])
    (True, 1.0)
    """
    X, _ = adding_problem(n, T, np.random.default_rng(seed))
    result = {"t": np.arange(1, T + 1)}
    for bias in biases:
        Wx, Wh, b = lstm_init(2, hidden, np.random.default_rng(seed + 1), forget_bias=bias)
        _, cache = lstm_forward(X, np.zeros((n, hidden)), np.zeros((n, hidden)), Wx, Wh, b)
        log_f = np.log(cache.f)                                      # (n, T, H)
        # sum of log f over steps t+1 .. T, for t = 1 .. T (an empty sum, 0, at t = T)
        tail = np.concatenate([np.cumsum(log_f[:, :0:-1], axis=1)[:, ::-1], np.zeros((n, 1, hidden))], axis=1)
        result[bias] = {"path": np.exp(tail.mean(axis=(0, 2))), "mean_f": float(cache.f.mean())}
    return result


def _train_on_fresh_batches(model, T, *, steps, lr, batch_size, clip_norm, rng):
    """Adam on a fresh batch of adding-problem sequences at every step, gradients clipped to a global norm first."""
    update = adam(lr=lr)
    states = [{} for _ in model.params()]  # what Adam keeps for each parameter
    losses = np.empty(steps)
    for step in range(steps):
        X, y = adding_problem(batch_size, T, rng)
        losses[step], grads = model.loss_and_grads(X, y)
        clipped, _ = clip_by_norm(grads.params(), clip_norm)
        for p, g, state in zip(model.params(), clipped, states):
            p += update(p, g, state)
    return losses


LONG_LAGS = (10, 20, 40, 80)
"""The sequence lengths T of `long_lag`."""

CELLS = ("rnn", "lstm", "gru")
"""The cells `long_lag` compares."""


@experiment(runs=[{"cell": cell} for cell in CELLS])
def long_lag_cell(cell, lags=LONG_LAGS, hidden=16, steps=1000, lr=0.01, batch_size=32, clip_norm=1.0, n_test=500,
                  seed=0):
    r"""Train one cell on the adding problem at several sequence lengths T: one third of `long_lag`.

    Each model (`gradflow.sequences.SequenceModel`, library-default initialization:
    orthogonal $W_h$ for the RNN, forget-gate bias 1 for the LSTM) is trained with
    Adam and gradient clipping by norm on ``steps`` fresh batches, then tested on
    ``n_test`` held-out sequences.

    Returns
    -------
    dict with ``test_loss`` (L,), ``train_loss`` (L, steps), and, at the longest T, ``dh_init`` and
    ``dh_trained`` (T,): $\lVert \partial \mathcal{L} / \partial h_t \rVert$ averaged over the first 100
    test sequences, before and after training.

    Examples
    --------
    >>> run = long_lag_cell("gru", lags=(4,), hidden=4, steps=3, n_test=10)
    >>> run["test_loss"].shape, run["dh_trained"].shape
    ((1,), (4,))
    """
    result, test_loss, train_loss = {}, [], []
    for T in lags:
        X, y = _long_lag_test(T, n_test, seed)
        model = SequenceModel(2, hidden, 1, cell=cell, loss="mse", rng=np.random.default_rng(seed + 1))
        probe = (X[:100], y[:100])
        if T == max(lags):
            result["dh_init"] = _profile(model.loss_and_grads(*probe)[1].dhidden)
        train_loss.append(_train_on_fresh_batches(model, T, steps=steps, lr=lr, batch_size=batch_size,
                                                  clip_norm=clip_norm, rng=np.random.default_rng(seed + 2)))
        test_loss.append(model.loss_and_grads(X, y)[0])
        if T == max(lags):
            result["dh_trained"] = _profile(model.loss_and_grads(*probe)[1].dhidden)
    result.update(test_loss=np.array(test_loss), train_loss=np.array(train_loss))
    return result


def _long_lag_test(T, n_test, seed):
    return adding_problem(n_test, T, np.random.default_rng(seed + 1000 + T))


def long_lag(lags=LONG_LAGS, cells=CELLS, hidden=16, steps=1000, lr=0.01, batch_size=32, clip_norm=1.0, n_test=500,
             seed=0):
    r"""Train an RNN, an LSTM and a GRU on the adding problem at several sequence lengths T.

    The trivial baseline always predicts 1, the mean of the target: its `gradflow.losses.mse`
    is about 1/12. Each cell's runs are those of `long_lag_cell`, cached one cell at a time.

    Returns
    -------
    dict with ``lags`` (L,), ``baseline`` (L,) the test loss of the constant prediction 1,
    and per cell the dict of `long_lag_cell`.

    Examples
    --------
    >>> run = long_lag(lags=(4,), cells=("gru",), hidden=4, steps=3, n_test=10)
    >>> run["gru"]["test_loss"].shape, run["gru"]["dh_trained"].shape
    ((1,), (4,))
    """
    tests = {T: _long_lag_test(T, n_test, seed) for T in lags}
    result = {"lags": np.array(lags),
              "baseline": np.array([mse(np.ones_like(tests[T][1]), tests[T][1])[0] for T in lags])}
    for cell in cells:
        result[cell] = long_lag_cell(cell, lags=tuple(lags), hidden=hidden, steps=steps, lr=lr, batch_size=batch_size,
                                     clip_norm=clip_norm, n_test=n_test, seed=seed)
    return result


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    run, config = gated_explosion(), settings(gated_explosion)
    largest = int(np.argmax(config["factors"]))
    return {"gated_largest_factor": config["factors"][largest],
            "lstm_at_init": float(run["lstm"][0]), "gru_at_init": float(run["gru"][0]),
            "lstm_at_largest": float(run["lstm"][largest]), "gru_at_largest": float(run["gru"][largest])}
