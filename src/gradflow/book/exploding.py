"""Experiments of the chapter "Exploding gradients": too large initial weights, and products of random matrices.

- `exploding_relu`: a deep ReLU net at He initialization and at twice it, gradients by layer,
  then SGD, which diverges for the doubled net;
- `matrix_products`: the norm of a product of random Gaussian matrices, over many seeds.
"""

from __future__ import annotations

import numpy as np

from ..diagnostics import layer_speeds, random_matrix_product_norms, weight_gradient_norms
from ..train import train_sgd
from .cache import experiment, settings
from .nets import digits, digits_relu_net


@experiment
def exploding_relu(scales=(1.0, 2.0), hidden_layers=8, width=64, steps=100, lr=0.05, n=500):
    r"""A deep ReLU net at He initialization and at ``scale`` times it: gradients by layer, then training.

    Returns
    -------
    dict mapping each scale to a dict with, at initialization, ``speeds`` (L,) the bias
    gradients $\lVert \partial\mathcal L/\partial b^l \rVert$, ``dW_norms`` (L,) the weight
    gradients $\lVert \partial\mathcal L/\partial W^l \rVert$, ``W_norms`` (L,) the weights'
    norms and ``loss_at_init``; then ``loss`` (S,) from SGD, ``diverged_at`` (int or None) and
    the `History` ``report``.

    Examples
    --------
    >>> run = exploding_relu(scales=(2.0,), hidden_layers=3, steps=5, n=100)
    >>> run[2.0]["speeds"].shape
    (4,)
    """
    X, y = digits(n)
    result = {}
    for scale in scales:
        net = digits_relu_net(scale, seed=1, hidden_layers=hidden_layers, width=width)
        loss, grads = net.loss_and_grads(X, y)
        at_init = {"speeds": layer_speeds(grads), "dW_norms": weight_gradient_norms(grads),
                   "W_norms": np.array([np.linalg.norm(W) for W in net.W]), "loss_at_init": loss}
        history = train_sgd(net, X, y, lr=lr, steps=steps, batch_size=64, rng=np.random.default_rng(2))
        result[scale] = {**at_init, **history.summary()}
    return result


CLIFF_START = 1.1  # on the wall of the cliff, right of the minimum at 2^(-1/12)
CLIFF_LR = 0.04


def cliff_loss(w):
    r"""The one-variable cliff $\mathcal{L}(w) = 	frac12 (w^{12} - 	frac12)^2$: a plateau, then steep walls."""
    return 0.5 * (w**12 - 0.5) ** 2


def cliff_grad(w):
    return 12 * w**11 * (w**12 - 0.5)


def cliff_steps(clipped_steps=8):
    """From `CLIFF_START`, one plain gradient step, and ``clipped_steps`` with the gradient clipped to norm 1.

    Returns
    -------
    dict with ``plain`` (2,) and ``clipped`` (clipped_steps + 1,), the positions w visited.

    Examples
    --------
    >>> run = cliff_steps()
    >>> run["plain"].shape, run["clipped"].shape
    ((2,), (9,))
    """
    from ..clip import clip_by_norm
    from ..descent import gradient_descent

    def clipped_grad(w):
        (g,), _ = clip_by_norm([cliff_grad(w)], max_norm=1.0)
        return g

    return {"plain": gradient_descent(cliff_grad, CLIFF_START, lr=CLIFF_LR, steps=1),
            "clipped": gradient_descent(clipped_grad, CLIFF_START, lr=CLIFF_LR, steps=clipped_steps)}


def facts() -> dict:
    """The numbers the chapter's prose quotes, from the runs its snippets and figures show."""
    relu = settings(exploding_relu)
    classes = digits_relu_net(1.0, hidden_layers=relu["hidden_layers"], width=relu["width"]).sizes[-1]
    he, doubled = (exploding_relu()[scale] for scale in relu["scales"])
    hidden = slice(0, -1)  # the output layer's ratio is set by the softmax, not by the cancellation
    grad_to_weight = doubled["dW_norms"] / doubled["W_norms"]
    finite = doubled["loss"][np.isfinite(doubled["loss"])]
    products = matrix_products()
    median = np.median(products, axis=0)
    # the growth per factor as the chapter's console fits it: a line through log10 of the median
    growth = 10 ** np.polyfit(np.arange(1, median.size + 1), np.log10(median), 1)[0]
    landing = float(cliff_steps()["plain"][1])  # where one plain step from the cliff's wall lands
    return {
        "hidden_layers": relu["hidden_layers"], "width": relu["width"], "lr": relu["lr"],
        "weight_layers": relu["hidden_layers"] + 1, "examples": relu["n"], "steps": relu["steps"],
        "scale": relu["scales"][1],
        "db_ratio_he": he["speeds"][0] / he["speeds"][-1],
        "db_first": doubled["speeds"][0], "db_last": doubled["speeds"][-1],
        "db_ratio": doubled["speeds"][0] / doubled["speeds"][-1],
        "dW_min": doubled["dW_norms"].min(), "dW_max": doubled["dW_norms"].max(),
        "dW_vs_he_min": (doubled["dW_norms"] / he["dW_norms"]).min(),
        "dW_vs_he_max": (doubled["dW_norms"] / he["dW_norms"]).max(),
        "grad_to_weight_min": grad_to_weight[hidden].min(), "grad_to_weight_max": grad_to_weight[hidden].max(),
        "grad_to_weight_out": grad_to_weight[-1],
        "update_min": relu["lr"] * grad_to_weight[hidden].min(), "update_max": relu["lr"] * grad_to_weight[hidden].max(),
        "loss_at_init": doubled["loss_at_init"], "loss_at_init_he": he["loss_at_init"],
        "classes": classes, "uniform_loss": float(np.log(classes)), "diverged_at": doubled["diverged_at"], "loss_peak": finite.max(),
        "losses": [float(x) for x in finite],  # the doubled net's training loss, step by step, until NaN
        "factors": settings(matrix_products)["n_factors"], "trials": settings(matrix_products)["trials"],
        "size": settings(matrix_products)["size"],
        "median_end": median[-1], "growth": growth, "steady_scale": 1 / growth,
        "float64_max": float(np.finfo(np.float64).max),
        "cliff_start": CLIFF_START, "cliff_landing": landing, "cliff_landing_loss": float(cliff_loss(landing)),
        "he_loss_first": float(he["loss"][0]), "he_loss_last": float(he["loss"][-1]), "he_steps": he["loss"].size - 1,
    }


@experiment
def matrix_products(n_factors=100, size=4, trials=500):
    """Spectral norms of running products of random N(0, 1) matrices, over many seeds.

    Returns
    -------
    ndarray, shape (trials, n_factors)

    Examples
    --------
    >>> matrix_products(n_factors=5, trials=3).shape
    (3, 5)
    """
    return random_matrix_product_norms(n_factors, size, trials, rng=np.random.default_rng(0))
