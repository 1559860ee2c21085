r"""Experiments of the chapter "Weight initialization": symmetry, Glorot & Bengio (2010), He et al. (2015).

- `symmetry_training`: a constant init keeps every hidden unit identical under SGD.
- `glorot_at_init`: a 5-hidden-layer tanh net under the "standard" init
  $U[-1/\sqrt{n}, 1/\sqrt{n}]$ and the "normalized" (Xavier) init: activations,
  back-propagated gradients $\delta^l$, weight-gradient variances and the singular
  values of the layer Jacobians $\partial a^l / \partial a^{l-1}$.
- `he_signal`: the variance of $z^l$ through 30 ReLU (or leaky ReLU) layers under
  Xavier, He and the PReLU-corrected He init.
- `deep_relu_training`: a 30-layer ReLU net trained from Xavier and from He init.
"""

from __future__ import annotations

import inspect

import numpy as np

from ..activations import leaky_relu, tanh_grad
from ..data import two_moons
from ..diagnostics import hidden_preactivations, unit_spread
from ..init import constant, get_initializer, prelu_normal
from ..losses import accuracy
from ..mlp import MLP
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits, digits_mlp

GLOROT_INITS = ("standard_uniform", "xavier_uniform")
"""Glorot & Bengio's "standard" and "normalized" initializations, as named in `gradflow.init`."""

LOSS_WINDOW = 20
"""The training figure draws the loss as a moving average over this many steps."""


@experiment
def symmetry_training(inits=("constant", "xavier_normal"), sizes=(2, 8, 8, 2), steps=600, lr=0.5,
                      batch_size=20, record_every=10, n=200):
    """Train the same tanh MLP on two moons with SGD from a constant and from a random init.

    Parameters
    ----------
    inits : tuple of str
        Initializer names (see `gradflow.init`).
    sizes : tuple of int
        Layer widths; the input must be 2-dimensional (two moons).
    steps, lr, batch_size : int, float, int
        Minibatch SGD settings.
    record_every : int
        Record the first layer's weights every that many steps.
    n : int
        Number of training points.

    Returns
    -------
    dict mapping each init to a dict with
        ``recorded_steps`` (R,), ``W1`` (R, 2, H1) the first layer's weights at those steps,
        ``spread_before``, ``spread_after`` (L - 1,) = `unit_spread` before and after training,
        ``loss`` (steps,) and the final training ``accuracy``.

    Examples
    --------
    >>> run = symmetry_training(steps=20, record_every=10, n=40)
    >>> run["constant"]["spread_after"].tolist(), run["constant"]["W1"].shape
    ([0.0, 0.0], (3, 2, 8))
    """
    X, y = two_moons(n, noise=0.1, rng=np.random.default_rng(0))
    result = {}
    for init in inits:
        net = MLP(list(sizes), activation="tanh", init=init, rng=np.random.default_rng(1))
        batches = np.random.default_rng(2)
        spread_before = unit_spread(net)
        history, losses = [net.W[0].copy()], []
        for _ in range(steps // record_every):
            losses.append(train_sgd(net, X, y, lr=lr, steps=record_every, batch_size=batch_size, rng=batches).loss)
            history.append(net.W[0].copy())
        result[init] = {
            "recorded_steps": np.arange(len(history)) * record_every, "W1": np.array(history),
            "spread_before": spread_before, "spread_after": unit_spread(net), "loss": np.concatenate(losses),
            "accuracy": accuracy(net.predict(X), y),
        }
    return result


def _jacobian_singular_values(W, z):
    r"""Singular values of $\partial a^l/\partial a^{l-1} = \mathrm{diag}(\tanh'(z^l))\, W^{l\top}$ for one example."""
    J = tanh_grad(z)[:, None] * W.T
    # The squares of J's singular values are the eigenvalues of J J^T (cheaper than an SVD).
    return np.sqrt(np.clip(np.linalg.eigvalsh(J @ J.T), 0.0, None))


@experiment
def glorot_at_init(width=500, hidden_layers=5, n=1000, jacobian_examples=5, bins=100):
    r"""Glorot & Bengio's (2010) measurements at initialization, for the standard and the normalized init.

    A tanh net [64, width × hidden_layers, 10] on ``n`` digits-like 8×8 images (raw
    pixels in [0, 1]), one forward and one backward pass of the mean cross-entropy.

    Parameters
    ----------
    width, hidden_layers : int
        The paper used 5 hidden layers of 1000 units.
    n : int
        Number of images.
    jacobian_examples : int
        Examples over which the Jacobians' singular values are averaged.
    bins : int
        Histogram bins.

    Returns
    -------
    dict with ``activation_edges`` (bins + 1,), ``delta_edges`` (bins + 1,) and, for each init in
    `GLOROT_INITS`, a dict of arrays over the H hidden layers (first hidden layer first):
        ``activation_std`` (H,), ``activation_hist`` (H, bins) densities of $a^l$;
        ``delta_var`` (H,), ``delta_hist`` (H, bins) of the per-example back-propagated
        gradient $N\,\delta^l = \partial \ell_n / \partial z^l$;
        ``grad_var`` (H,) the variance of the entries of $\partial \mathcal{L}/\partial W^l$;
        ``jacobian_sv`` (H - 1,) the mean singular value of $\partial a^l / \partial a^{l-1}$ for
        $l = 2..H$ (hidden to hidden), averaged over ``jacobian_examples`` examples;
        ``loss`` at initialization.

    Examples
    --------
    >>> run = glorot_at_init(width=20, hidden_layers=3, n=50, jacobian_examples=2, bins=10)
    >>> run["standard_uniform"]["delta_hist"].shape, run["xavier_uniform"]["jacobian_sv"].shape
    ((3, 10), (2,))
    """
    X, y = digits(n)
    raw = {}
    for init in GLOROT_INITS:
        net = digits_mlp(hidden_layers, width=width, activation="tanh", init=init, rng=np.random.default_rng(1))
        loss, grads = net.loss_and_grads(X, y)
        zs = hidden_preactivations(net, X)
        deltas = [n * d for d in grads.delta[:-1]]  # the loss is a mean: N δ is each example's own gradient
        sv = [np.mean([_jacobian_singular_values(net.W[layer], zs[layer][i]).mean() for i in range(jacobian_examples)])
              for layer in range(1, hidden_layers)]
        raw[init] = {"activations": [np.tanh(z) for z in zs], "deltas": deltas, "loss": float(loss),
                     "grad_var": np.array([dW.var() for dW in grads.dW[:-1]]), "jacobian_sv": np.array(sv)}
    activation_edges = np.linspace(-1.0, 1.0, bins + 1)
    # One δ axis for both inits: wide enough for the widest layer.
    reach = 3.5 * max(float(d.std()) for r in raw.values() for d in r["deltas"])
    delta_edges = np.linspace(-reach, reach, bins + 1)
    result = {"activation_edges": activation_edges, "delta_edges": delta_edges}
    for init, r in raw.items():
        result[init] = {
            "activation_std": np.array([a.std() for a in r["activations"]]),
            "activation_hist": np.array([np.histogram(a, activation_edges, density=True)[0] for a in r["activations"]]),
            "delta_var": np.array([d.var() for d in r["deltas"]]),
            "delta_hist": np.array([np.histogram(d, delta_edges, density=True)[0] for d in r["deltas"]]),
            "grad_var": r["grad_var"], "jacobian_sv": r["jacobian_sv"], "loss": r["loss"],
        }
    return result


HE_CASES = {
    "relu_xavier": ("xavier_normal", 0.0),
    "relu_he": ("he_normal", 0.0),
    "leaky_he": ("he_normal", None),
    "leaky_prelu": ("prelu", None),
}
"""The four cases of `he_signal`: (initializer, negative slope; None means the experiment's ``slope``)."""


@experiment
def he_signal(width=512, depth=30, n=256, slope=0.5):
    r"""Variance of the pre-activations $z^l$ through a deep bias-free ReLU or leaky ReLU net.

    Inputs are $\mathcal N(0, 1)$ vectors of dimension ``width``; every layer is
    ``width`` × ``width``, so Xavier's $2/(n_{in}+n_{out})$ is $1/n$. The four
    cases of `HE_CASES`: ReLU with Xavier and with He init; leaky ReLU of negative
    slope ``slope`` with plain He init and with the correction $2/((1+a^2)\,n_{in})$.

    Parameters
    ----------
    width, depth, n : int
    slope : float
        Negative slope $a$ of the leaky ReLU cases.

    Returns
    -------
    dict mapping each case of `HE_CASES` to an ndarray (depth,): $\mathrm{Var}[z^l]$ for $l = 1..$depth.

    Examples
    --------
    >>> run = he_signal(width=50, depth=4, n=20)
    >>> sorted(run), run["relu_he"].shape
    (['leaky_he', 'leaky_prelu', 'relu_he', 'relu_xavier'], (4,))
    """
    x = np.random.default_rng(0).standard_normal((n, width))
    result = {}
    for case, (init_name, case_slope) in HE_CASES.items():
        a_slope = slope if case_slope is None else case_slope
        init = prelu_normal(a_slope) if init_name == "prelu" else get_initializer(init_name)
        rng = np.random.default_rng(1)  # the same random numbers for every case, scaled differently
        a, variances = x, []
        for _ in range(depth):
            z = a @ init(width, width, rng)
            variances.append(z.var())
            a = leaky_relu(z, a_slope)  # slope 0 is plain ReLU
        result[case] = np.array(variances)
    return result


@experiment
def deep_relu_training(inits=("xavier_normal", "he_normal"), depth=30, width=64, steps=400, lr=0.03,
                       batch_size=100, n=1000):
    """Train a plain ReLU MLP with ``depth`` hidden layers from each init, with the same SGD settings.

    Digits-like 8×8 images, each feature standardized to mean 0 and variance 1.

    Parameters
    ----------
    inits : tuple of str
        Initializer names (see `gradflow.init`).
    depth, width : int
        Number and width of the hidden layers.
    steps, lr, batch_size : int, float, int
        Minibatch SGD settings, the same for every init.
    n : int
        Number of training images.

    Returns
    -------
    dict mapping each init to a dict with ``loss`` (steps,), ``diverged_at`` and the final
    training ``accuracy``.

    Examples
    --------
    >>> run = deep_relu_training(depth=3, width=16, steps=5, n=200)
    >>> run["he_normal"]["loss"].shape
    (5,)
    """
    X, y = digits(n)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    result = {}
    for init in inits:
        net = digits_mlp(depth, width=width, activation="relu", init=init, rng=np.random.default_rng(1))
        history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=batch_size, rng=np.random.default_rng(2))
        result[init] = {"loss": history.loss, "diverged_at": history.diverged_at,
                        "accuracy": accuracy(net.predict(X), y)}
    return result


LEAKY_CHECK_ALPHA = 0.5
"""The leaky slope whose variance factor the chapter checks by Monte Carlo (variance_facts.pycon)."""


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    # Symmetry: the constant init's value is gradflow.init.constant's default
    symmetry, sym = symmetry_training(), settings(symmetry_training)
    constant_value = inspect.signature(constant).parameters["value"].default
    # Glorot & Bengio
    glorot, gl = glorot_at_init(), settings(glorot_at_init)
    standard, normalized = glorot["standard_uniform"], glorot["xavier_uniform"]
    ratios = standard["delta_var"][:-1] / standard["delta_var"][1:]
    quarter_circle = 8 / (3 * np.pi)  # mean singular value of a square random matrix with n·Var[W] = 1
    # He et al.: the variance through depth, and training
    he, hs = he_signal(), settings(he_signal)
    deep, config = deep_relu_training(), settings(deep_relu_training)
    inputs, *_, classes = digits_mlp(1, width=1, rng=np.random.default_rng(0)).sizes  # pixels in, digits out

    def per_layer(case):  # geometric mean of Var[z^(l+1)] / Var[z^l], as he_signal.pycon prints it
        v = he[case]
        return float(np.exp(np.mean(np.log(v[1:] / v[:-1]))))

    return {
        "leaky_check_alpha": LEAKY_CHECK_ALPHA, "leaky_check_keep": (1 + LEAKY_CHECK_ALPHA**2) / 2,
        "sym_steps": sym["steps"], "sym_sizes": list(sym["sizes"]), "sym_units": sym["sizes"][1],
        "constant_value": constant_value,
        "constant_spread": float(symmetry["constant"]["spread_after"].max()),
        "constant_accuracy": 100 * float(symmetry["constant"]["accuracy"]),
        "random_accuracy": 100 * float(symmetry["xavier_normal"]["accuracy"]),
        "glorot_width": gl["width"], "glorot_layers": gl["hidden_layers"], "glorot_n": gl["n"],
        "glorot_sizes": [inputs] + [gl["width"]] * gl["hidden_layers"] + [classes],
        "jacobian_examples": gl["jacobian_examples"],
        "std_first": float(standard["activation_std"][0]), "std_last": float(standard["activation_std"][-1]),
        "delta_ratio_min": float(ratios.min()), "delta_ratio_max": float(ratios.max()),
        "delta_first_last": float(standard["delta_var"][0] / standard["delta_var"][-1]),
        "linear_first_last": (1 / 3) ** (gl["hidden_layers"] - 1),  # n·Var[W] = 1/3 per layer, in the linear regime
        "xavier_std_first": float(normalized["activation_std"][0]),
        "xavier_std_last": float(normalized["activation_std"][-1]),
        "xavier_first_last": float(normalized["delta_var"][0] / normalized["delta_var"][-1]),
        "standard_grad_var_spread": float(standard["grad_var"][1:].max() / standard["grad_var"][1:].min()),
        "xavier_grad_var_spread": float(normalized["grad_var"][1:].max() / normalized["grad_var"][1:].min()),
        "grad_var_gap": float((normalized["grad_var"] / standard["grad_var"]).min()),
        "standard_sv": float(standard["jacobian_sv"].mean()), "xavier_sv": float(normalized["jacobian_sv"].mean()),
        "standard_sv_theory": quarter_circle / np.sqrt(3), "xavier_sv_theory": quarter_circle,
        "he_depth": hs["depth"], "he_width": hs["width"], "he_n": hs["n"], "he_slope": hs["slope"],
        "xavier_factor": per_layer("relu_xavier"), "he_factor": per_layer("relu_he"),
        "leaky_he_factor": per_layer("leaky_he"), "prelu_factor": per_layer("leaky_prelu"),
        "leaky_theory": 1 + hs["slope"] ** 2,
        "xavier_last": float(he["relu_xavier"][-1]), "leaky_he_last": float(he["leaky_he"][-1]),
        "xavier_prediction": 0.5 ** (hs["depth"] - 1),  # ReLU keeps half of E[a²] at every layer after the first
        "leaky_default_slope": inspect.signature(leaky_relu).parameters["alpha"].default,
        "depth": config["depth"], "width": config["width"], "n": config["n"], "batch_size": config["batch_size"],
        "lr": config["lr"], "steps": config["steps"], "window": LOSS_WINDOW, "classes": classes,
        "xavier_last50": float(deep["xavier_normal"]["loss"][-50:].mean()),
        "he_last50": float(deep["he_normal"]["loss"][-50:].mean()),
        "he_accuracy": float(deep["he_normal"]["accuracy"]) * 100,
    }
