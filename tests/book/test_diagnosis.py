"""The chapter "Diagnosing your network": its copy-ready gradient monitor, exactly as the page prints
it, run on every network the book shows as an example of vanishing, exploding, dead or healthy
training. Each sick one must be flagged with its diagnosis, and only that one; each healthy one
must not be flagged at all.

The networks are built as their chapters build them, with the settings of their experiments.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

from gradflow.activations import get_activation
from gradflow.book import activations, batchnorm, exploding, init, residual, vanishing
from gradflow.book.cache import settings
from gradflow.book.nets import digits, digits_mlp, digits_relu_net, nielsen_net, standardized_digits
from gradflow.book.diagnosis import health_check_nets, output_cancellation
from gradflow.data import two_moons
from gradflow.diagnostics import hidden_preactivations
from gradflow.mlp import MLP
from gradflow.residual import ResidualMLP
from gradflow.train import train_sgd

MONITOR = Path(__file__).parents[2] / "docs" / "snippets" / "diagnosis" / "copy_grad_norm_monitor.py"


def gradient_report():
    """The function as the page prints it (the file the page includes), its example run silently."""
    namespace = {"__name__": "copied"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(MONITOR.read_text(encoding="utf-8"), str(MONITOR), "exec"), namespace)  # noqa: S102
    return namespace["gradient_report"]


def layers_of(net, X):
    """What a reader passes in: each layer's W, dW, db and, for the hidden ones, its output (for a
    residual net, the weights and gradients only, as `model.parameters()` gives them)."""
    if isinstance(net, ResidualMLP):
        P, G = net.params(), net.grads.params()
        return [{"W": P[i], "dW": G[i], "db": G[i + 1]} for i in range(0, len(P), 2)]
    f = get_activation(net.activation)[0]
    zs = hidden_preactivations(net, X)
    return [{"W": W, "dW": dW, "db": db, **({"a": f(zs[i])} if i < len(zs) else {})}
            for i, (W, dW, db) in enumerate(zip(net.W, net.grads.dW, net.grads.db))]


def _dying_relu_net(shifted):
    run = settings(activations.dying_relu)
    X, y = two_moons(run["n"], noise=0.15, rng=np.random.default_rng(0))
    net = MLP([2, 32, 32, 2], activation="relu", init="he_normal", rng=np.random.default_rng(1))
    train_sgd(net, X, y, lr=run["lr"], steps=run["pretrain_steps"])
    if shifted:
        net.b[0] += run["bias_shift"]
    return net, X, y, run["lr"]


def _example(name):
    """(net, X, y, learning rate) of one of the book's example networks."""
    relu, deep, glorot = settings(exploding.exploding_relu), settings(init.deep_relu_training), settings(init.glorot_at_init)
    if name == "vanishing: Nielsen's sigmoid net":
        run = settings(vanishing.sigmoid_training)
        return (nielsen_net(run["hidden_layers"], seed=1), *digits(run["n"]), run["lr"])
    if name == "vanishing: the diagnosis figure's sigmoid net":
        nets, X, y = health_check_nets()
        return nets["vanishing"], X, y, relu["lr"]
    if name in ("vanishing: a deep sigmoid net without batch norm", "healthy: the same net with batch norm"):
        run = settings(batchnorm.bn_training)
        net = batchnorm.deep_sigmoid_net(run["hidden_layers"], batchnorm=name.startswith("healthy"), width=run["width"])
        return (net, *digits(settings(batchnorm.bn_layer_stats)["n"]), run["lr"])
    if name in ("vanishing: 30 ReLU layers at Xavier init", "healthy: 30 ReLU layers at He init"):
        X, y, _, _ = standardized_digits(deep["n"], seed=0)
        net = digits_mlp(deep["depth"], width=deep["width"], activation="relu",
                         init="xavier_normal" if name.startswith("vanishing") else "he_normal", rng=np.random.default_rng(1))
        return net, X, y, deep["lr"]
    if name in ("vanishing: tanh at Glorot's standard init", "healthy: tanh at Xavier init"):
        net = digits_mlp(glorot["hidden_layers"], width=glorot["width"], activation="tanh",
                         init="standard_uniform" if name.startswith("vanishing") else "xavier_uniform",
                         rng=np.random.default_rng(1))
        return (net, *digits(glorot["n"]), deep["lr"])
    if name in ("exploding: the ReLU net at twice He init", "healthy: the same net at He init"):
        scale = relu["scales"][1] if name.startswith("exploding") else relu["scales"][0]
        return (digits_relu_net(scale, hidden_layers=relu["hidden_layers"], width=relu["width"]),
                *digits(relu["n"]), relu["lr"])
    if name in ("dead: the ReLU net after its bias shift", "healthy: the same net before it"):
        return _dying_relu_net(shifted=name.startswith("dead"))
    if name in RESIDUAL_CHAPTER:
        run = settings(residual.plain_vs_residual_training)
        X, y, _, _ = standardized_digits(run["n"], seed=0)
        return residual.make_net(RESIDUAL_CHAPTER[name], run["blocks"], width=run["width"]), X, y, run["lr"]
    raise KeyError(name)


# The residual chapter's nets. Its plain net at He init is not among them: it trains badly through
# depth alone (the degradation problem, which no measurement at initialization tells), and more
# than half of its units are dead in some of its 41 layers.
RESIDUAL_CHAPTER = {"healthy: the residual net with branches at zero": "residual",
                    "exploding: the residual net with random branches": "residual_random",
                    # its signal collapses with depth, so that deep units give 0 or less for every example
                    "vanishing and dead: the 42-layer plain net at Xavier init": "plain"}


EXAMPLES = ["vanishing: Nielsen's sigmoid net", "vanishing: the diagnosis figure's sigmoid net",
            "vanishing: a deep sigmoid net without batch norm", "healthy: the same net with batch norm",
            "vanishing: 30 ReLU layers at Xavier init", "healthy: 30 ReLU layers at He init",
            "vanishing: tanh at Glorot's standard init", "healthy: tanh at Xavier init",
            "exploding: the ReLU net at twice He init", "healthy: the same net at He init",
            "dead: the ReLU net after its bias shift", "healthy: the same net before it",
            *RESIDUAL_CHAPTER]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_copy_ready_monitor_flags_every_sick_example_and_only_those(name):
    net, X, y, lr = _example(name)
    loss, net.grads = net.loss_and_grads(X, y)
    with contextlib.redirect_stdout(io.StringIO()):
        flags = gradient_report()(layers_of(net, X), lr=lr, loss=loss, n_classes=net.W[-1].shape[1])
    expected = set(name.split(":")[0].split(" and "))
    diagnoses = {diagnosis for _, _, diagnosis in flags}
    if expected == {"healthy"}:
        assert flags == [], f"{name}: a healthy net flagged {flags}"
    else:
        assert diagnoses == expected, f"{name}: flagged {flags}"


def test_the_monitor_names_the_signal_behind_each_flag():
    net, X, y, lr = _example("exploding: the ReLU net at twice He init")
    loss, net.grads = net.loss_and_grads(X, y)
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        flags = gradient_report()(layers_of(net, X), lr=lr, loss=loss, n_classes=net.sizes[-1])
    signals = {signal for _, signal, _ in flags}
    # the signals that see this net: the weights' updates, the forward pass and the loss
    assert {"update ratio", "activation spread", "loss"} <= signals
    assert "weight-gradient spread" not in signals  # the factors cancel in dW (chapter "Exploding gradients")
    assert "(update ratio)\n     one step moves W by" in printed.getvalue()


# --- The chapter's own runs: Figure 1, the update-ratio snippet, the dead-unit counter -----------------

SNIPPETS = MONITOR.parent


def test_figure_1_flat_healthy_steep_sigmoid_and_a_doubled_net_flat_but_far_higher():
    """Figure 1 and its alt text: the healthy net's lines are nearly flat, its update ratios near the
    rule of thumb; the sigmoid's gradient falls steeply towards the input; the doubled net's is flat too
    but orders of magnitude higher, every step moving its weights by about their own size."""
    from gradflow.book import diagnosis

    run, lr = diagnosis.health_check(), settings(exploding.exploding_relu)["lr"]
    healthy, sigmoid, doubled = (run[name]["dW_norms"] for name in ("healthy", "vanishing", "exploding"))
    assert healthy.max() / healthy.min() < 2 and doubled.max() / doubled.min() < 2
    assert np.all(np.diff(sigmoid) > 0) and sigmoid[0] / sigmoid[-1] < 1e-4
    assert np.all(doubled / healthy > 100)
    ratio = {name: lr * run[name]["dW_norms"] / run[name]["W_norms"] for name in run}
    rule = diagnosis.RULE_OF_THUMB
    assert np.all((rule / 10 < ratio["healthy"]) & (ratio["healthy"] < rule * 10))
    assert np.all((0.3 < ratio["exploding"]) & (ratio["exploding"] < 10))


def test_the_update_ratio_is_far_below_the_rule_at_the_smallest_rate_yet_the_largest_rate_learns_best():
    """"At η = 0.001 the ratio is only ... times below the rule of thumb: the weights barely move, and
    after 20 steps the loss is the highest of the three runs. At η = 0.1 ... close to the rule of
    thumb. At η = 1 ... times the rule of thumb, and yet ... the lowest loss"."""
    from gradflow.book import diagnosis

    facts, rule = diagnosis.facts(), diagnosis.RULE_OF_THUMB
    assert facts["below_rule_min"] > 10 and facts["ratio_fast_min"] > 10 * rule
    assert rule / 10 < facts["ratio_middle_min"] and facts["ratio_middle_max"] < 10 * rule
    assert facts["loss_slow"] > facts["loss_middle"] > facts["loss_fast"]


def test_the_update_ratio_numbers_are_those_the_snippet_prints():
    from gradflow.book import diagnosis

    config, runs = settings(diagnosis.update_ratios), diagnosis.update_ratios()
    shown = (SNIPPETS / "update_ratio.pycon").read_text(encoding="utf-8")
    sizes = [64] + [config["width"]] * config["hidden_layers"] + [10]
    for setting in (f"digits_like({config['n']},", f"for lr in {list(config['lrs'])}:", f"MLP({sizes},",
                    f"steps={config['steps']}, batch_size={config['batch_size']},"):
        assert setting in shown, setting
    for lr, run in runs.items():
        line = next(line for line in shown.splitlines() if line.startswith(f"lr = {lr:<5}"))
        assert "  ".join(f"{r:.0e}" for r in run["ratio"]) in line and f"final loss {run['loss']:.4g}" in line


def test_the_dead_unit_counters_example_is_the_one_the_prose_quotes():
    """"Shifting a healthy layer's biases by -3 is enough to kill 65% of its units", as the copy-ready
    snippet prints it (run here exactly as the page includes it)."""
    from gradflow.book import diagnosis

    facts, path = diagnosis.facts(), SNIPPETS / "copy_dead_units.py"
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), {"__name__": "copied"})  # noqa: S102
    assert f"after a bias shift of -{facts['dead_shift']:g}: {facts['dead_shifted']}" in printed.getvalue()
    assert f"X @ W - {facts['dead_shift']}" in path.read_text(encoding="utf-8")
    assert diagnosis.bias_shift_dead_fraction()["healthy"] == 0 and facts["dead_shifted"] > 0.5


def test_exercise_1s_loss_is_the_doubled_nets_first_training_loss_far_above_a_uniform_guess():
    from gradflow.book import diagnosis

    loss = diagnosis.facts()["exploding_loss_step0"]
    assert loss == exploding.exploding_relu()[settings(exploding.exploding_relu)["scales"][1]]["loss"][0]
    assert loss > 100 * np.log(10)  # "its outputs (logits) differ by hundreds"


def test_bias_gradients_cancel_across_examples_where_weight_gradients_do_not():
    """"the examples' errors can cancel ... the weight gradient ... cancels far less": the output
    layer of the ReLU net at half He's scale, whose softmax is nearly uniform."""
    kept = output_cancellation()
    assert abs(kept["loss"] - np.log(10)) < 1e-3  # "almost that of a uniform guess"
    assert kept["error_rms"] > 0.9  # each example's error is large: 1 - 1/10 for a uniform softmax
    assert kept["kept_db"] < 1e-3 and kept["kept_dW"] > 50 * kept["kept_db"]


def test_a_layer_that_starts_at_zero_is_not_taken_for_a_sick_one():
    """A zero weight matrix has no update ratio (it is not inf), and the zero gradients it sends
    back are not dead units: an output layer started at zero, as is often done, raises no flag."""
    net = digits_mlp(4, width=32, activation="relu", init="he_normal", rng=np.random.default_rng(0))
    net.W[-1][:] = 0.0
    X, y = digits(200)
    loss, net.grads = net.loss_and_grads(X, y)
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        flags = gradient_report()(layers_of(net, X), lr=0.05, loss=loss, n_classes=net.sizes[-1])
    assert flags == [] and "(a zero W or dW: no ratio)" in printed.getvalue()


def test_the_copy_ready_snippets_fit_in_80_columns():
    """Issue #13: code a reader copies into a project reads in an 80-column editor as on a phone."""
    snippets = sorted((Path(__file__).resolve().parents[2] / "docs" / "snippets").glob("*/copy_*.py"))
    assert len(snippets) >= 6
    long = [f"{path.name}:{number}" for path in snippets
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if len(line) > 80]
    assert not long, f"lines over 80 columns: {long}"
