r"""Experiments of the chapter "RNNs, LSTM and GRU": gradients through time, and what gates change.

- `pascanu_products`: the norm of the Jacobian product $\partial h_t / \partial h_k$ along
  one trajectory, against the bound $\sigma_{max}^{t-k}$ of Pascanu et al. (2013);
- `rnn_gradient_profile`: $\lVert \partial \mathcal{L} / \partial h_t \rVert$ for tanh RNNs whose $W_h$ has
  every singular value equal to ``scale``: vanishing below 1, exploding well above it;
- `exploding_rnn_training`: SGD on such an exploding RNN, without and with gradient clipping, and
  `output_layer_divergence`: how the unclipped run goes to inf (its recurrent weights saturate and
  stop, its output layer diverges as the recap chapter's quadratic does when $\eta\lambda > 2$);
- `forget_gate_paths`: the LSTM cell path $\prod f_t$ for several forget-gate biases;
- `long_lag`: the adding problem at several lengths, for an RNN, an LSTM and a GRU (trained with
  Adam and clipping, to fit the build's time budget), and at one length with plain SGD instead;
- `gated_explosion`: LSTM and GRU gradients through time when $W_h$ is scaled up: gates do not
  prevent explosion.
"""

from __future__ import annotations

import inspect

import numpy as np

from ..activations import sigmoid
from ..clip import clip_by_norm
from ..data import adding_problem
from ..diagnostics import jacobian_product_norms
from ..gru import gru_init
from ..losses import mse
from ..lstm import cell_path_gradient, lstm_forward, lstm_init
from ..optim import adam, sgd
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
def exploding_rnn_training(scale=2.0, T=50, hidden=32, lr=0.1, steps=1000, batch_size=32, clip_norm=1.0, n_train=2000,
                           n_test=500, seed=0):
    r"""SGD on the adding problem for an exploding tanh RNN, without and with clipping, and for a healthy one.

    Three runs of `gradflow.train.train_sgd` with the same data, minibatches and
    learning rate: ``"healthy"`` ($W_h$ orthogonal, every singular value 1, no
    clipping), ``"unclipped"`` (every singular value ``scale``, no clipping) and
    ``"clipped"`` (the same, with ``clip_norm``).

    After training, the output layer reads the features $\phi = (h_T, 1)$ of each
    training sequence (1 for $b_{out}$). Its loss $\frac1{2N} \sum_n (\phi_n w - y_n)^2$ is a
    quadratic in $w = (W_{out}, b_{out})$ whose Hessian is $\frac1N \sum_n \phi_n^\top \phi_n$;
    its largest eigenvalue $\lambda$ is the curvature of the chapter "Recap: gradient
    descent and backpropagation", and SGD on that layer alone diverges when $\eta\lambda > 2$.

    Returns
    -------
    dict with ``baseline``, the test loss of always predicting 1 (about 1/12), and for each run
    a dict with ``loss`` (S,) and ``total_grad_norm`` (S,) per step, ``grad_norms`` and
    ``weight_norms`` (S, 3): $\lVert dW \rVert$ and $\lVert W \rVert$ of ``[Wx, Wh, W_out]`` at every
    step, ``diverged_at`` (int or None), ``report`` (the `History` summary), ``test_loss`` (NaN if
    training diverged), ``saturated``: the fraction of the entries of $h_T$, over the training
    sequences, where $\tanh' = 1 - h^2$ is exactly 0, and ``output_curvature``: $\lambda$.

    Examples
    --------
    >>> run = exploding_rnn_training(T=8, hidden=4, steps=3, n_train=40, n_test=10)
    >>> sorted(run), run["clipped"]["loss"].shape, run["clipped"]["grad_norms"].shape
    (['baseline', 'clipped', 'healthy', 'unclipped'], (3,), (3, 3))
    """
    X, y = adding_problem(n_train, T, np.random.default_rng(seed))
    X_test, y_test = adding_problem(n_test, T, np.random.default_rng(seed + 1))
    result = {"baseline": mse(np.ones_like(y_test), y_test)[0]}
    for name, s, clip in (("healthy", 1.0, None), ("unclipped", scale, None), ("clipped", scale, clip_norm)):
        result[name] = _train_adding_rnn(X, y, X_test, y_test, scale=s, clip_norm=clip, hidden=hidden, lr=lr,
                                         steps=steps, batch_size=batch_size, seed=seed)
    return result


def _train_adding_rnn(X, y, X_test, y_test, *, scale, clip_norm, hidden, lr, steps, batch_size, seed):
    """One run of `exploding_rnn_training`: SGD on the adding problem, then what the output layer reads."""
    model = SequenceModel(2, hidden, 1, cell="rnn", loss="mse", rng=np.random.default_rng(seed + 1),
                          init_options={"scale": scale})
    history = train_sgd(model, X, y, lr=lr, steps=steps, batch_size=batch_size,
                        rng=np.random.default_rng(seed + 2), clip_norm=clip_norm)
    # what the output layer reads at the end: h_T of every training sequence, and 1 for the bias
    H, _ = rnn_forward(X, np.zeros((len(X), hidden)), model.Wx, model.Wh, model.b)
    phi = np.hstack([H[:, -1], np.ones((len(X), 1))])
    return {"loss": history.loss, "total_grad_norm": history.total_grad_norm,
            "grad_norms": history.grad_norms, "weight_norms": history.weight_norms,
            "diverged_at": history.diverged_at, "report": str(history),
            "test_loss": np.nan if history.diverged else model.loss_and_grads(X_test, y_test)[0],
            "saturated": float(np.mean(1 - H[:, -1] ** 2 == 0)),
            "output_curvature": float(np.linalg.eigvalsh(phi.T @ phi / len(X))[-1])}


@experiment
def unclipped_over_seeds(seeds=(1, 2), **options):
    r"""`exploding_rnn_training`'s unclipped run alone, from other seeds (data, initialization and
    minibatches): whether it goes to ``inf`` depends on the run.

    ``options`` are `exploding_rnn_training`'s (its defaults otherwise).

    Returns
    -------
    dict mapping each seed to a dict with ``diverged_at`` (int or None), ``saturated`` and
    ``output_curvature`` at the end (as in `exploding_rnn_training`), ``eta_lambda`` and
    ``test_loss`` (NaN if training diverged).

    Examples
    --------
    >>> run = unclipped_over_seeds(seeds=(1,), T=8, hidden=4, steps=3, n_train=40, n_test=10)
    >>> sorted(run[1])
    ['diverged_at', 'eta_lambda', 'output_curvature', 'saturated', 'test_loss']
    """
    config = {**settings(exploding_rnn_training), **options}
    result = {}
    for seed in seeds:
        X, y = adding_problem(config["n_train"], config["T"], np.random.default_rng(seed))
        X_test, y_test = adding_problem(config["n_test"], config["T"], np.random.default_rng(seed + 1))
        run = _train_adding_rnn(X, y, X_test, y_test, scale=config["scale"], clip_norm=None, seed=seed,
                                **{key: config[key] for key in ("hidden", "lr", "steps", "batch_size")})
        result[seed] = {"diverged_at": run["diverged_at"], "saturated": run["saturated"],
                        "output_curvature": run["output_curvature"],
                        "eta_lambda": config["lr"] * run["output_curvature"], "test_loss": float(run["test_loss"])}
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


def _train_on_fresh_batches(model, T, *, steps, update, batch_size, clip_norm, rng):
    """``update`` (Adam or SGD) on a fresh batch of adding-problem sequences at every step, gradients clipped to a
    global norm first."""
    states = [{} for _ in model.params()]  # what the update rule keeps for each parameter
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

OPTIMIZERS = {"adam": adam, "sgd": sgd}
"""The update rules `long_lag` can train with, by name: each takes the learning rate."""

SGD_CHECK = {"lags": (40,), "optimizer": "sgd", "lr": 1.0}
"""The one length at which `long_lag` is also run with plain SGD (same budget, same clipping), and its learning rate:
is the gated cells' lead Adam's doing?"""


@experiment(runs=[{"cell": cell} for cell in CELLS] + [{"cell": cell, **SGD_CHECK} for cell in CELLS])
def long_lag_cell(cell, lags=LONG_LAGS, optimizer="adam", hidden=16, steps=1000, lr=0.01, batch_size=32,
                  clip_norm=1.0, n_test=500, n_probe=100, seed=0):
    r"""Train one cell on the adding problem at several sequence lengths T: one third of `long_lag`.

    Each model (`gradflow.sequences.SequenceModel`, library-default initialization:
    orthogonal $W_h$ for the RNN, forget-gate bias 1 for the LSTM) is trained with
    ``optimizer`` (Adam, or plain SGD) and gradient clipping by norm on ``steps`` fresh
    batches, then tested on ``n_test`` held-out sequences.

    Returns
    -------
    dict with ``test_loss`` (L,), ``train_loss`` (L, steps), and, at the longest T, ``dh_init`` and
    ``dh_trained`` (T,): $\lVert \partial \mathcal{L} / \partial h_t \rVert$ averaged over the first
    ``n_probe`` test sequences, before and after training.

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
        probe = (X[:n_probe], y[:n_probe])
        if T == max(lags):
            result["dh_init"] = _profile(model.loss_and_grads(*probe)[1].dhidden)
        train_loss.append(_train_on_fresh_batches(model, T, steps=steps, update=OPTIMIZERS[optimizer](lr=lr),
                                                  batch_size=batch_size, clip_norm=clip_norm,
                                                  rng=np.random.default_rng(seed + 2)))
        test_loss.append(model.loss_and_grads(X, y)[0])
        if T == max(lags):
            result["dh_trained"] = _profile(model.loss_and_grads(*probe)[1].dhidden)
    result.update(test_loss=np.array(test_loss), train_loss=np.array(train_loss))
    return result


def _long_lag_test(T, n_test, seed):
    return adding_problem(n_test, T, np.random.default_rng(seed + 1000 + T))


def long_lag(lags=LONG_LAGS, cells=CELLS, optimizer="adam", hidden=16, steps=1000, lr=0.01, batch_size=32,
             clip_norm=1.0, n_test=500, n_probe=100, seed=0):
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
    >>> run = long_lag(lags=(4,), cells=("rnn",), optimizer="sgd", lr=0.5, hidden=4, steps=3, n_test=10)
    >>> run["rnn"]["test_loss"].shape
    (1,)
    """
    tests = {T: _long_lag_test(T, n_test, seed) for T in lags}
    result = {"lags": np.array(lags),
              "baseline": np.array([mse(np.ones_like(tests[T][1]), tests[T][1])[0] for T in lags])}
    for cell in cells:
        result[cell] = long_lag_cell(cell, lags=tuple(lags), optimizer=optimizer, hidden=hidden, steps=steps, lr=lr,
                                     batch_size=batch_size, clip_norm=clip_norm, n_test=n_test, n_probe=n_probe,
                                     seed=seed)
    return result


def output_layer_divergence(run, lr):
    r"""How the unclipped run of `exploding_rnn_training` goes to inf: the recurrent weights stop, the output diverges.

    Parameters
    ----------
    run : dict
        The ``"unclipped"`` run of `exploding_rnn_training`.
    lr : float
        Its learning rate $\eta$.

    Returns
    -------
    dict with ``dead_from``, the first step from which the gradients of $W_x$ and $W_h$ are exactly 0
    until the end; ``eta_lambda``, $\eta\lambda$ for the output layer's curvature $\lambda$; ``factor``,
    $|1 - \eta\lambda|$, what the quadratic of the recap chapter predicts $\lVert W_{out} \rVert$ to be
    multiplied by at each step; and ``w_out_growth`` and ``loss_growth``, the factors per step fitted
    (a straight line through the log10) to $\lVert W_{out} \rVert$ and to the loss over the second
    half of the climb, when the part of $W_{out}$ that does not grow is negligible.

    Examples
    --------
    >>> run = exploding_rnn_training()["unclipped"]
    >>> round(output_layer_divergence(run, lr=0.1)["factor"], 6)
    2.3
    """
    recurrent = run["grad_norms"][: run["diverged_at"], :2]   # |dWx|, |dWh| at every finite step
    moving = np.flatnonzero(np.any(recurrent != 0, axis=1))
    dead_from = int(moving[-1]) + 1
    eta_lambda = lr * run["output_curvature"]
    climb = np.arange((dead_from + run["diverged_at"]) // 2, run["diverged_at"])

    def growth(values):
        return float(10 ** np.polyfit(climb, np.log10(values[climb]), 1)[0])

    return {"dead_from": dead_from, "eta_lambda": eta_lambda, "factor": abs(1 - eta_lambda),
            "w_out_growth": growth(run["weight_norms"][:, 2]), "loss_growth": growth(run["loss"])}


def settles_after(norms, threshold, window=20):
    """The first step from which the median of the next ``window`` gradient norms stays below twice ``threshold``.

    Examples
    --------
    >>> settles_after(np.array([50.0] * 30 + [1.0] * 100), threshold=1.0)
    21
    """
    medians = np.array([np.median(norms[i:i + window]) for i in range(len(norms) - window + 1)])
    above = np.flatnonzero(medians >= 2 * threshold)
    return int(above[-1]) + 1 if above.size else 0


def _cell_path_example():
    """What snippets/rnn/cell_path.pycon computes: the cell path of the first sequence, unit by unit."""
    rng = np.random.default_rng(0)
    Wx, Wh, b = lstm_init(3, 5, rng, forget_bias=1.0)
    Wh[:] = 0.0
    _, cache = lstm_forward(rng.standard_normal((2, 30, 3)), np.zeros((2, 5)), np.zeros((2, 5)), Wx, Wh, b)
    return cell_path_gradient(cache)[0]


def _sigma_one_example():
    """What snippets/rnn/exercise_sigma_one.pycon computes: the norms of the products, and the mean of tanh'."""
    rng = np.random.default_rng(0)
    Wx, Wh, b = rnn_init(4, 32, rng, scale=1.0)
    H, _ = rnn_forward(rng.standard_normal((1, 60, 4)), np.zeros((1, 32)), Wx, Wh, b)
    return jacobian_product_norms(H[0], Wh), float(np.mean(1 - H[0] ** 2))


def _default(func, name):
    """The default of ``func``'s argument ``name``: the library's own initialization."""
    return inspect.signature(func).parameters[name].default


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    facts = {}
    # Figure 1: the Pascanu bound along one trajectory
    config, run = settings(pascanu_products), pascanu_products()
    small, large = config["scales"]
    slope = np.polyfit(run["lags"], np.log10(run[large]["actual"]), 1)[0]   # as the snippet fits it
    probe = 30                                                              # the lag the snippet prints
    facts.update(pascanu_T=config["T"], pascanu_hidden=config["hidden"], pascanu_lags=len(run["lags"]),
                 pascanu_small=small, pascanu_large=large, pascanu_factor=float(10 ** slope), pascanu_probe=probe,
                 pascanu_at_probe=float(run[large]["actual"][probe - 1]))
    # Figure 2: the gradient through time at initialization
    config, run = settings(rnn_gradient_profile), rnn_gradient_profile()
    facts.update(profile_scales=list(config["scales"]), profile_T=config["T"], profile_hidden=config["hidden"],
                 profile_n=config["n"], profile_vanish=float(run[1.0][0] / run[1.0][-1]),
                 profile_explode=float(run[max(config["scales"])][0] / run[max(config["scales"])][-1]))
    # Figure 3: SGD on the exploding RNN, with and without clipping
    config, runs = settings(exploding_rnn_training), exploding_rnn_training()
    healthy, unclipped, clipped = runs["healthy"], runs["unclipped"], runs["clipped"]
    g0 = float(unclipped["total_grad_norm"][0])
    divergence = output_layer_divergence(unclipped, config["lr"])
    dead = divergence["dead_from"]
    facts.update({"train_" + key: config[key] for key in ("scale", "T", "hidden", "lr", "steps", "batch_size",
                                                          "clip_norm", "n_train")})
    facts.update(g0_healthy=float(healthy["total_grad_norm"][0]), g0_exploding=g0,
                 g0_ratio=g0 / float(healthy["total_grad_norm"][0]), first_step=config["lr"] * g0,
                 wh_norm_at_init=float(unclipped["weight_norms"][0, 1]), diverged_at=unclipped["diverged_at"],
                 loss_peak=float(np.max(unclipped["loss"][np.isfinite(unclipped["loss"])])),
                 clipped_test=float(clipped["test_loss"]), healthy_test=float(healthy["test_loss"]),
                 train_baseline=float(runs["baseline"]),
                 clipped_settles=int(round(settles_after(clipped["total_grad_norm"], config["clip_norm"]), -1)),
                 clip_factor=config["clip_norm"] / g0,
                 # how the unclipped run goes to inf
                 **divergence, climb_steps=unclipped["diverged_at"] - dead,
                 wx_dead=float(unclipped["weight_norms"][dead, 0]), wh_dead=float(unclipped["weight_norms"][dead, 1]),
                 saturated_percent=100 * unclipped["saturated"], curvature=unclipped["output_curvature"],
                 features=config["hidden"] + 1,
                 clipped_saturated_percent=100 * clipped["saturated"], clip_step=config["lr"] * config["clip_norm"])
    # the unclipped run from other seeds: one goes to inf, one does not
    others = unclipped_over_seeds()
    gone = [seed for seed, run in others.items() if run["diverged_at"] is not None]
    kept = [seed for seed, run in others.items() if run["diverged_at"] is None]
    facts.update(other_seeds=len(others), inf_seed=gone[0], inf_seed_at=others[gone[0]]["diverged_at"],
                 inf_seed_eta_lambda=others[gone[0]]["eta_lambda"], finite_seed=kept[0],
                 finite_saturated_percent=100 * others[kept[0]]["saturated"],
                 finite_eta_lambda=others[kept[0]]["eta_lambda"], finite_test=others[kept[0]]["test_loss"],
                 all_seeds=1 + len(others), inf_seeds_of=int(unclipped["diverged_at"] is not None) + len(gone))
    # the LSTM cell path, and the forget-gate bias (Figure 4)
    path = _cell_path_example()
    facts.update(cell_path_min=float(path.min()), cell_path_max=float(path.max()))
    config, run = settings(forget_gate_paths), forget_gate_paths()
    facts.update(fb_biases=list(config["biases"]), fb_hidden=config["hidden"], fb_n=config["n"], fb_T=config["T"],
                 fb_span=config["T"] - 1, fb_path=[float(run[bias]["path"][0]) for bias in config["biases"]],
                 fb_mean_f=[run[bias]["mean_f"] for bias in config["biases"]])
    # Figures 5 and 6: the adding problem at several lengths, and the gradient through time
    config, run = settings(long_lag_cell), long_lag()
    base = run["baseline"]
    loss = {cell: run[cell]["test_loss"] for cell in CELLS}
    ratio = {cell: {when: float(run[cell][f"dh_{when}"][0] / run[cell][f"dh_{when}"][-1])
                    for when in ("init", "trained")} for cell in CELLS}
    facts.update(ll_lags=list(LONG_LAGS), ll_longest=max(LONG_LAGS), ll_probe=config["n_probe"],
                 **{"ll_" + key: config[key] for key in ("hidden", "steps", "lr", "batch_size", "clip_norm", "n_test")},
                 rnn_scale=_default(rnn_init, "scale"), lstm_forget_bias=_default(lstm_init, "forget_bias"),
                 gru_update_bias=_default(gru_init, "update_bias"),
                 ll_baseline=[float(x) for x in base], rnn_loss=[float(x) for x in loss["rnn"]],
                 lstm_max=float(loss["lstm"].max()), gru_max=float(loss["gru"].max()),
                 gated_margin=float(min((base / loss["lstm"]).min(), (base / loss["gru"]).min())),
                 **{f"{cell}_ratio_{when}": ratio[cell][when] for cell in CELLS for when in ("init", "trained")})
    sgd_run = long_lag(**SGD_CHECK)
    facts.update(sgd_T=SGD_CHECK["lags"][0], sgd_lr=SGD_CHECK["lr"], sgd_baseline=float(sgd_run["baseline"][0]),
                 **{f"sgd_{cell}": float(sgd_run[cell]["test_loss"][0]) for cell in CELLS},
                 adam_lstm_at_sgd_T=float(loss["lstm"][LONG_LAGS.index(SGD_CHECK["lags"][0])]))
    # gates do not prevent explosion
    run, config = gated_explosion(), settings(gated_explosion)
    largest = int(np.argmax(config["factors"]))
    facts.update(gated_factors=list(config["factors"]), gated_T=config["T"],
                 gated_largest_factor=config["factors"][largest],
                 lstm_at_init=float(run["lstm"][0]), gru_at_init=float(run["gru"][0]),
                 lstm_at_largest=float(run["lstm"][largest]), gru_at_largest=float(run["gru"][largest]))
    # the exercises
    norms, mean_tanh_prime = _sigma_one_example()
    facts.update(sigma_one_steps=len(norms), sigma_one_end=float(norms[-1]), sigma_one_mean_tanh_prime=mean_tanh_prime,
                 # exercise 3: f^n < 0.01 for f = sigmoid(3), the exercise's numbers
                 forget_steps_3=int(np.ceil(np.log(0.01) / np.log(float(sigmoid(3.0))))))
    return facts
