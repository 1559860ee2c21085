"""The labs' "Try changing" predictions, each checked on a run of the variant it describes (issue #12).

Most experiments of a lab (docs/labs/<name>.py) end with a paragraph telling the reader what to
change and what they will then see. Each case below makes that change in the lab's own code, runs
the lab's code cells in order in a fresh namespace, up to the paragraph, and asserts what the
paragraph says on the variables the cells leave behind. Read "about x" as within 10 % of x and
"about 10^k" as within a factor of 10 of 10^k.

A case is a check function registered with `@variant(lab, paragraph, *changes)`:

- ``paragraph`` is a phrase of the English paragraph, found in exactly one cell of the lab; the
  Vietnamese paragraph is the cell at the same place, and it must hold the same numbers;
- ``changes`` are source substitutions ``(old, new)``: what the paragraph tells the reader to do.
  ``old`` must occur exactly once in the code cells that run, so that a changed lab fails here
  instead of running the published code;
- ``narrowing`` (optional) are substitutions that change no number of the runs the paragraph is
  about: they leave out runs it says nothing about, or keep a net that a loop would drop;
- the check gets the variant's namespace and the published lab's, run up to the same paragraph, and
  its docstring quotes what it checks.

Every "Try changing" paragraph must have a case. Figure cells and the language cell are not run: they
only draw and label what the other cells computed. A lab's cells run once per session as published;
a variant reruns only the cells from the first one it changes (see `run_lab`).

What a lab says of its own, published run is checked the same way, with no change (a lab has no
template: the reader downloads the notebook as it is). A claim is a check registered with
`@says(lab, paragraph)`, on the published lab run up to that paragraph (or, for a paragraph that
introduces the cells after it, up to the cell ``run`` names); its docstring quotes the sentence. A
setting the prose repeats ("6 hidden layers" for ``HIDDEN = 6``) is checked against the lab's code by
`test_a_setting_the_prose_repeats_is_the_labs_own`. Both kinds are what the scan of the labs' prose
(tests/hooks/test_prose_numbers.py, loaded here as `SCAN`) lets through; its rules name these tests.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import functools
import importlib.util
import io
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import labs
from project import DOCS

PROMPT = {"vi": "**Thử thay đổi:**", "en": "**Try changing:**"}
NAMES = [source.stem for source in labs.lab_sources(DOCS)]


# --- running a lab and a variant of it ----------------------------------------------------------


@functools.cache
def notebook(name: str, language: str = "en"):
    return labs.notebook_for(DOCS / labs.LABS_FOLDER / f"{name}.py", language)


@functools.cache
def computing_cells(name: str) -> tuple[tuple[int, str], ...]:
    """(index in the notebook, source) of every code cell of lab ``name`` that computes something."""
    return tuple((i, cell.source) for i, cell in enumerate(notebook(name).cells)
                 if cell.cell_type == "code" and "to_svg(" not in cell.source and "set_language(" not in cell.source)


def paragraph_index(name: str, phrase: str) -> int:
    """The index of the one markdown cell of lab ``name`` (in English) that holds ``phrase``."""
    found = [i for i, cell in enumerate(notebook(name).cells) if cell.cell_type == "markdown" and phrase in cell.source]
    assert len(found) == 1, f"docs/labs/{name}.py: {len(found)} cells hold {phrase!r}, not one"
    return found[0]


def try_changing(name: str, index: int, language: str) -> str:
    """The "Try changing" part of the markdown cell ``index`` of lab ``name``, in ``language``."""
    text = notebook(name, language).cells[index].source
    assert PROMPT[language] in text, f"docs/labs/{name}.py, cell {index}: no {PROMPT[language]!r} in {language}"
    return text[text.index(PROMPT[language]):]


def _execute(source: str, namespace: dict, where: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(source, where, "exec"), namespace)


def _copy(namespace: dict) -> dict:
    """A copy of a lab's namespace that later cells can change without touching the original.

    Data (arrays, nets, lists, dicts) is deep-copied; modules, classes and imported functions are
    shared; a function the lab defined reads its globals from the copy, as it would in one kernel.
    """
    new = {}
    for key, value in namespace.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is namespace:
            function = types.FunctionType(value.__code__, new, value.__name__, value.__defaults__, value.__closure__)
            function.__kwdefaults__, function.__doc__ = value.__kwdefaults__, value.__doc__
            new[key] = function
        elif isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)):
            new[key] = value
        else:
            new[key] = copy.deepcopy(value)
    return new


@functools.cache
def _published(name: str, count: int) -> dict:
    """The namespace after the first ``count`` computing cells of lab ``name``, as published (never run into)."""
    if count == 0:
        return {"__name__": f"lab_{name}"}
    namespace = _copy(_published(name, count - 1))
    index, source = computing_cells(name)[count - 1]
    _execute(source, namespace, f"docs/labs/{name}.py, cell {index}")
    return namespace


@functools.cache
def _run(name: str, substitutions: tuple[tuple[str, str], ...], until: int) -> dict:
    cells = [(i, source) for i, source in computing_cells(name) if i < until]
    changed = []
    for old, new in substitutions:
        holders = [k for k, (_, source) in enumerate(cells) if old in source]
        count = sum(source.count(old) for _, source in cells)
        assert count == 1, f"docs/labs/{name}.py: {old!r} occurs {count} times before cell {until}, not once"
        changed.append(holders[0])
        cells = [(i, source.replace(old, new)) for i, source in cells]
    first = min(changed, default=len(cells))
    namespace = _copy(_published(name, first))
    for index, source in cells[first:]:
        _execute(source, namespace, f"docs/labs/{name}.py, cell {index} (changed)")
    return namespace


def run_lab(name: str, substitutions=(), *, until: str) -> dict:
    """Run lab ``name``'s computing cells in order in a fresh namespace, up to the markdown cell that
    holds ``until``, with each ``(old, new)`` of ``substitutions`` applied to the source; return the
    namespace (a copy of its own).

    The cells before the first one a substitution touches are those of the published lab: their
    namespace is computed once per session and copied.
    """
    return _copy(_run(name, tuple(substitutions), paragraph_index(name, until)))


# --- the cases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    lab: str
    paragraph: str
    changes: tuple[tuple[str, str], ...]
    narrowing: tuple[tuple[str, str], ...]
    check: Callable[[dict, dict], None]

    @property
    def id(self) -> str:
        return f"{self.lab}-{self.check.__name__}"


CASES: list[Variant] = []


def variant(lab: str, paragraph: str, *changes: tuple[str, str], narrowing=()):
    def register(check):
        CASES.append(Variant(lab, paragraph, changes, tuple(narrowing), check))
        return check

    return register


def about(x, target, within=0.1) -> bool:
    """"About ``target``": within 10 % of it unless told otherwise."""
    return abs(x / target - 1) <= within


def about_power_of_ten(x, k) -> bool:
    """"About 10^k": within a factor of 10 of it."""
    return abs(np.log10(x) - k) < 1


def ratio(values):
    """First over last: the first layer (or step) against the last."""
    return values[0] / values[-1]


# exploding.py ------------------------------------------------------------------------------------

@variant("exploding", "set `SIZE = 16`", ("K, SIZE = 50, 4", "K, SIZE = 50, 16"))
def bigger_matrices_grow_faster(lab, published):
    """"Each matrix now multiplies the norm by almost 4, so even s = 0.57 explodes (about 10^18 after 50
    matrices) ... The balance point has moved to about 1/√16"."""
    assert 3.5 < lab["growth"] < 4 and published["growth"] < 2
    assert about_power_of_ten(lab["medians"][0.57][-1], 18) and lab["medians"][0.57][-1] > 1e3 * lab["medians"][0.57][0]
    assert about(1 / lab["growth"], 1 / np.sqrt(16))


@variant("exploding", "set `SIZE = 16`", ("K, SIZE = 50, 4", "K, SIZE = 50, 16"),
         ("SCALES = (0.5, 0.57, 1.0)", "SCALES = (0.5, 0.57, 1.0, 0.25)"))
def a_quarter_balances_sixteen_by_sixteen_matrices(lab, published):
    """"Add 0.25 to SCALES: that line is nearly flat" (while s = 0.57 climbs 17 orders of magnitude)."""
    flat = np.log10(lab["medians"][0.25])
    assert flat.max() - flat.min() < 1
    assert np.log10(lab["medians"][0.57][-1] / lab["medians"][0.57][0]) > 15


@variant("exploding", "set `W_BIG` to 3", ("W_BIG = 100.0", "W_BIG = 3.0"))
def a_weight_of_three_gives_factors_of_three_quarters(lab, published):
    """"the factor becomes 0.75 (the gradient vanishes)" (the last chain, L = 8)."""
    assert np.allclose(lab["factors"], 0.75, rtol=1e-12)
    assert lab["db"][0] < lab["db"][-1]


@variant("exploding", "set `W_BIG` to 3", ("W_BIG = 100.0", "W_BIG = 5.0"))
def a_weight_of_five_gives_factors_of_one_and_a_quarter(lab, published):
    """"and then 1.25 (it explodes, slowly)"."""
    assert np.allclose(lab["factors"], 1.25, rtol=1e-12)
    assert 1 < lab["db"][0] / lab["db"][-1] < 10 < published["db"][0] / published["db"][-1]


@variant("exploding", "set `W_BIG` to 3", ("np.full(n_layers, -W_BIG / 2)", "np.full(n_layers, 0.0)"))
def zero_biases_saturate_the_chain(lab, published):
    """"z jumps to 50 and then 100, the neurons saturate and σ'(z) drops to about 10^-22 and then 10^-44:
    with L = 8, ∂ℒ/∂b_1 is about 10^-269"."""
    z = lab["cache"].z
    assert z[1] == 50 and np.all(z[2:] == 100)
    sigma_prime = lab["factors"] / lab["W_BIG"]  # each factor is w σ'(z)
    assert about_power_of_ten(sigma_prime[0], -22) and all(about_power_of_ten(s, -44) for s in sigma_prime[1:])
    assert lab["n_layers"] == 8 and about_power_of_ten(lab["db"][0], -269)


@variant("exploding", "set `HIDDEN = 8`: with doubled weights", ("HIDDEN, WIDTH = 6, 64", "HIDDEN, WIDTH = 8, 64"))
def two_more_layers_two_more_doublings(lab, published):
    """"with doubled weights the ratio between the first layer and the output grows from about 36 to about
    155, two more layers, two more doublings"."""
    before, after = ratio(published["grad_by_layer"][2.0]), ratio(lab["grad_by_layer"][2.0])
    assert about(before, 36) and about(after, 155)
    assert about(after / before, 2**2, within=0.2)


@variant("exploding", "set `HIDDEN = 8`: with doubled weights",
         ("NET_SCALES = (1.0, 2.0)", "NET_SCALES = (1.0, 2.0, 1.5, 0.5)"))
def smaller_and_larger_scales(lab, published):
    """"×1.5 gives a moderate slope, while ×0.5 pulls the whole line down, by about 15 to 200 times depending
    on the layer, the most at the first layer"."""
    g = lab["grad_by_layer"]
    assert np.all(np.diff(g[1.5]) < 0) and 3 < ratio(g[1.5]) < ratio(g[2.0]) / 3
    lower = g[1.0] / g[0.5]
    assert about(lower.min(), 15) and about(lower.max(), 200) and np.argmax(lower) == 0
    assert np.argmin(g[0.5]) == 0  # the other side of the story: the first layer gets the least


@variant("exploding", "lower `LR` to `0.01`", ("LR = 0.05", "LR = 0.01"))
def a_smaller_learning_rate_saves_the_doubled_net(lab, published):
    """"lower LR to 0.01. This time the doubled net survives and learns"."""
    history = lab["histories"][2.0]
    assert published["histories"][2.0].diverged_at is not None
    assert history.diverged_at is None and np.isfinite(history.loss).all()
    assert history.loss[-10:].mean() < np.log(10) < history.loss[0]


@variant("exploding", "lower `LR` to `0.01`",
         ("LR = 0.05", "LR = 0.01"), ("HIDDEN, WIDTH = 6, 64", "HIDDEN, WIDTH = 8, 64"))
def but_not_the_deeper_doubled_net(lab, published):
    """"But also set HIDDEN = 8 (in experiment 3) and run again: even at 0.01 it turns into NaN after about
    six steps"."""
    assert 5 <= lab["histories"][2.0].diverged_at <= 7


# vanishing.py ------------------------------------------------------------------------------------

@variant("vanishing", "raise `W_CHAIN` to 3", ("W_CHAIN = 1.0", "W_CHAIN = 3.0"))
def a_weight_of_three_shrinks_the_factors(lab, published):
    """"raise W_CHAIN to 3 ... instead the factors shrink (to about 0.16 ...), although the upper bound
    loosens"."""
    factors = lab["factors"]
    assert factors.max() < published["factors"].min()
    assert about(np.exp(np.log(factors).mean()), 0.16)
    assert lab["W_CHAIN"] / 4 > published["W_CHAIN"] / 4  # the bound (w/4)^(L-l) / 4 per layer


@variant("vanishing", "raise `W_CHAIN` to 3", ("W_CHAIN = 1.0", "W_CHAIN = 6.0"))
def a_weight_of_six_shrinks_them_more(lab, published):
    """"then 6 ... (to about ... 0.015), although ... (with w = 6 it even allows growth)"."""
    assert about(np.exp(np.log(lab["factors"]).mean()), 0.015)
    assert lab["W_CHAIN"] / 4 > 1


@variant("vanishing", "add 6 to `DEPTHS`", ("DEPTHS = (1, 2, 3, 4)", "DEPTHS = (1, 2, 3, 4, 6)"))
def six_hidden_layers_are_three_thousand_times_apart(lab, published):
    """"in a net with 6 hidden layers, layer 1 is about three thousand times slower than layer 6, so each
    extra layer divides the speed of the first one by about 5"."""
    speeds = lab["speeds"]
    assert about(1 / ratio(speeds[6]), 3000) and 1 / ratio(speeds[6]) > 10 / ratio(speeds[4])
    assert about((1 / ratio(speeds[6])) ** (1 / 5), 5)  # five steps from layer 6 back to layer 1
    assert about((speeds[1][0] / speeds[6][0]) ** (1 / 5), 5)  # five more layers than the 1-layer net


@variant("vanishing", "set `STEPS = 2000`", ("STEPS, LR = 600, 1.0", "STEPS, LR = 2000, 1.0"))
def longer_training_moves_the_first_layer(lab, published):
    """"Layer 1's line keeps rising, more and more steeply, to more than 20%, level with layer 3, while the
    loss still sits on a plateau near 2.3 ... The gradient at the early layers is small, but not zero"."""
    layer1 = lab["moved"][:, 0]
    steps = np.diff(layer1)
    assert np.all(steps > 0) and steps[-10:].mean() > 2 * steps[:10].mean()
    assert layer1[-1] > 0.2 > published["moved"][-1, 0] and about(layer1[-1], lab["moved"][-1, 2])
    assert about(lab["history"].loss.mean(), 2.3, within=0.02)
    assert 0 < lab["speed_log"][:, 0].min() < 1e-3


@variant("vanishing", "switch ReLU's initialization", ('"relu": "he_normal"', '"relu": "lecun_normal"'))
def relu_with_half_the_variance_slopes_down(lab, published):
    """"switch ReLU's initialization to "lecun_normal": the ReLU line slopes down again, and layer 1 is only
    about a quarter as fast as layer 6"."""
    relu = lab["by_activation"]["relu"]
    assert np.all(np.diff(relu) > 0) and about(ratio(relu), 0.25)


@variant("vanishing", "switch ReLU's initialization", ('"sigmoid": "lecun_normal"', '"sigmoid": "he_normal"'))
def he_does_not_rescue_the_sigmoid(lab, published):
    """"giving the sigmoid "he_normal" does not rescue it: the ratio stays around 10^-3"."""
    assert about_power_of_ten(ratio(lab["by_activation"]["sigmoid"]), -3)


# activations.py ----------------------------------------------------------------------------------

@variant("activations", "set `ALPHA = 0.01`", ("ALPHA = 0.1 ", "ALPHA = 0.01 "))
def the_default_leak_is_small_but_not_zero(lab, published):
    """"in the plot, leaky ReLU's negative branch almost merges with ReLU's, yet f'(-3) is still 0.01, not 0
    ... after ten sigmoid layers the activation's share is below one millionth"."""
    def gap(run):  # between the two negative branches, as a share of the left panel's height (-1.5 to 3)
        functions = run["functions"]
        return np.abs(functions["leaky ReLU"][0](run["z"]) - functions["ReLU"][0](run["z"])).max() / 4.5

    assert gap(lab) < 0.02 and gap(published) > 0.1
    leaky_grad, sigmoid_grad = lab["functions"]["leaky ReLU"][1], lab["functions"]["sigmoid"][1]
    assert leaky_grad(-3.0) == 0.01
    assert sigmoid_grad(lab["z"]).max() ** 10 < 1e-6 and sigmoid_grad(0.0) == 0.25  # its largest, at z = 0


@variant("activations", "set `SHIFT = -4`", ("SHIFT, LR = -3.0, 0.5", "SHIFT, LR = -4.0, 0.5"))
def a_shift_of_four_kills_every_relu_unit(lab, published):
    """"Every unit of layer 1 in the ReLU net dies; the net is reduced to a coin toss (50%...) ... The leaky
    ReLU net still climbs back above 80%"."""
    assert np.all(np.array(lab["dead"]["relu"]) == 1.0) and np.all(np.array(lab["acc"]["relu"]) == 0.5)
    leaky = lab["acc"]["leaky_relu"]
    assert leaky[-1] > 0.8 > leaky[0]


@variant("activations", "set `SHIFT = -4`", ("SHIFT, LR = -3.0, 0.5", "SHIFT, LR = -4.0, 0.5"),
         narrowing=[('for activation in ("relu", "leaky_relu"):', 'for activation in ("relu",):')])
def the_dead_relu_net_is_frozen(lab, published):
    """"the loss frozen at ln 2 ≈ 0.693 and no amount of training brings it back": after the 300 steps the
    loss is ln 2 and no parameter gets any gradient (the ReLU net only, which the loop would drop)."""
    loss, grads = lab["net"].loss_and_grads(lab["X"], lab["y"])
    assert loss == pytest.approx(np.log(2), abs=1e-12)
    assert max(np.abs(g).max() for g in grads.params()) < 1e-15


@variant("activations", "set `SHIFT = -4`", ("SHIFT, LR = -3.0, 0.5", "SHIFT, LR = -1.0, 0.5"))
def a_shift_of_one_leaves_enough_units(lab, published):
    """"with SHIFT = -1 about 38% of the units die in both nets, but the others are enough for both to
    return to 100%"."""
    for activation in ("relu", "leaky_relu"):
        assert about(lab["dead"][activation][-1], 0.38) and lab["acc"][activation][-1] == 1.0


@variant("activations", 'set `ACTIVATION = "leaky_relu"`', ('ACTIVATION = "relu"', 'ACTIVATION = "leaky_relu"'))
def leaky_units_die_less_then_the_net_diverges(lab, published):
    """"Up to a learning rate of 2, a few fewer units sit entirely on the negative branch than with ReLU;
    from 4 upwards the net ... diverges outright, and train_sgd stops, reporting the step with the NaN"."""
    lrs = np.array(lab["LRS"])
    leaky, relu = lab["dead_by_lr"][lrs <= 2], published["dead_by_lr"][lrs <= 2]
    assert np.all(leaky <= relu) and leaky.sum() < relu.sum()
    assert np.isnan(lab["dead_by_lr"][lrs >= 4]).all() and not np.isnan(published["dead_by_lr"]).any()
    assert lab["LRS"][-1] == 8 and lab["history"].diverged_at is not None
    assert str(lab["history"]).startswith(f"diverged at step {lab['history'].diverged_at}")


# init.py -----------------------------------------------------------------------------------------

@variant("init", "set `WIDTH = 8`", ("DEPTH, WIDTH, N = 30, 64, 64", "DEPTH, WIDTH, N = 30, 8, 64"))
def narrow_layers_sink_the_he_curve(lab, published):
    """"with only 8 units per layer ... the ReLU He curve is no longer flat but sinks by several orders of
    magnitude"."""
    def fall(run):
        var_z = run["runs"]["relu", "he_normal"][0]
        return np.log10(var_z[0] / var_z[-1])

    assert abs(fall(published)) < 0.5 and fall(lab) > 3


@variant("init", "set `WIDTH = 8`", ("DEPTH, WIDTH, N = 30, 64, 64", "DEPTH, WIDTH, N = 60, 64, 64"))
def thirty_more_layers_of_xavier(lab, published):
    """"With WIDTH = 64 and DEPTH = 60 instead, the ReLU Xavier curve falls about nine more orders of
    magnitude, as a factor of ½ per layer predicts"."""
    last = {run["DEPTH"]: run["runs"]["relu", "xavier_normal"][0][-1] for run in (published, lab)}
    assert about(np.log10(last[30] / last[60]), 9)
    assert about(30 * np.log10(2), 9)


@variant("init", '`("sigmoid", "relu")`', ('ACTIVATIONS = ("tanh", "relu")', 'ACTIVATIONS = ("sigmoid", "relu")'))
def sigmoid_vanishes_with_every_init(lab, published):
    """"each sigmoid layer multiplies the gradient's variance by at most n Var[W] / 16: all three inits make
    the gradient vanish, He included" (n Var[W] is 1/3, 1 and 2 for the three inits)."""
    n_var_w = {"standard_uniform": 1 / 3, "xavier_normal": 1.0, "he_normal": 2.0}
    for init in lab["INITS"]:
        var_delta = lab["runs"]["sigmoid", init][1]
        assert ratio(var_delta) < 1e-20
        assert ratio(var_delta) ** (1 / (lab["DEPTH"] - 1)) <= n_var_w[init] / 16


SYMMETRY = "right after the line `net = MLP(...)`"
MLP_LINE = ('    net = MLP([2, 8, 8, 2], activation="tanh", init=init,\n'
            '              rng=np.random.default_rng(1))\n')
CONSTANT_ONLY = [('for init in ("constant", "xavier_normal"):', 'for init in ("constant",):')]  # net: the constant one


def constant_init_net(run):
    """The spreads between units and the accuracy of the constant-init net, after training."""
    net = run["net"]
    return run["unit_spread"](net), run["accuracy"](net.predict(run["Xm"]), run["ym"])


@variant("init", SYMMETRY, (MLP_LINE, MLP_LINE + "    net.b[0] += np.random.default_rng(3).normal(0, 0.1, size=8)\n"),
         narrowing=CONSTANT_ONLY)
def different_biases_break_only_the_first_layer(lab, published):
    """"With the constant init, the 8 lines in the figure come apart and the first hidden layer's spread is
    no longer 0. But ... the second hidden layer: its spread is still exactly 0, and the accuracy does
    not change" (on the constant-init net, which the loop would drop)."""
    spread, accuracy = constant_init_net(lab)
    published_spread, published_accuracy = constant_init_net(run_lab("init", CONSTANT_ONLY, until=SYMMETRY))
    assert np.all(np.ptp(published["paths"]["constant"], axis=1) == 0) and np.ptp(lab["paths"]["constant"][-1]) > 0.1
    assert spread[0] > 0 and spread[1] == 0 and np.all(published_spread == 0)
    assert accuracy == published_accuracy


@variant("init", "set `SLOPES = np.array([0.01, 0.05, 0.1, 0.2])`",
         ("SLOPES = np.linspace(0.0, 1.0, 6)", "SLOPES = np.array([0.01, 0.05, 0.1, 0.2])"))
def the_default_leak_needs_no_correction(lab, published):
    """"With leaky ReLU's default slope of 0.01, 1 + α² = 1.0001: the two series nearly coincide, and the
    gap is smaller than the random wobble of the measurement. The correction only matters for a large α"."""
    gap, wobble = np.abs(lab["plain_he"] - lab["corrected"]), abs(lab["corrected"][0] - 1)
    assert lab["SLOPES"][0] == 0.01 and 1 + 0.01**2 == pytest.approx(1.0001)
    assert gap[0] < 1e-3 and gap[0] < wobble / 10
    assert np.all(np.diff(gap) > 0) and gap[-1] > wobble  # at α = 0.2


# normalization.py --------------------------------------------------------------------------------

@variant("normalization", "set `HIDDEN = 20`", ("HIDDEN = 10", "HIDDEN = 20"))
def ten_more_sigmoid_layers(lab, published):
    """"In the plain net the ratio ‖dW¹‖ / ‖dW²⁰‖ drops about six more orders of magnitude (ten more layers,
    roughly fourfold each), while the normalized net keeps it near 1"."""
    drop = ratio(published["stats"][False][1]) / ratio(lab["stats"][False][1])
    assert about(np.log10(drop), 6) and about(drop ** (1 / 10), 4)
    assert 0.5 < ratio(lab["stats"][True][1]) < 2


@variant("normalization", "set `HIDDEN = 20`",
         ("    net = deep_net(batchnorm)\n", '    net = deep_net(batchnorm, "relu")\n'))
def a_normalized_relu_net_grows_towards_the_input(lab, published):
    """"try deep_net(batchnorm, "relu") with HIDDEN = 10: the forward pass is still normalized, but the
    normalized net's gradient now grows towards the input (a ratio of about 6)"."""
    spread, grad_W = lab["stats"][True]
    assert lab["HIDDEN"] == 10 and np.allclose(spread, 1, atol=1e-3)
    assert np.all(np.diff(grad_W) < 0) and about(ratio(grad_W), 6)


@variant("normalization", "set `BATCH = 8`", ("LR, STEPS, BATCH = 0.1, 150, 64", "LR, STEPS, BATCH = 0.1, 150, 8"))
def small_batches_make_batch_norm_noisy(lab, published):
    """"set BATCH = 8 ... the normalized net learns much worse (its accuracy drops to about half), while the
    plain net still stands still"."""
    def accuracy(run):  # the loop's last net is the normalized one
        return run["accuracy"](run["net"].predict(run["X"]), run["y"])

    assert about(accuracy(lab), 0.5) and about(accuracy(lab), accuracy(published) / 2)
    assert about(lab["losses"][False][-20:].mean(), np.log(10), within=0.05)


@variant("normalization", "set `BATCH = 8`", ("LR, STEPS, BATCH = 0.1, 150, 64", "LR, STEPS, BATCH = 1.0, 150, 64"))
def a_larger_learning_rate_does_not_move_the_plain_net(lab, published):
    """"Try LR = 1.0 as well: the plain net still does not move, because a learning rate ten times larger
    cannot make up for a gradient hundreds of thousands of times smaller"."""
    assert about(lab["losses"][False][-20:].mean(), np.log(10), within=0.02)
    assert lab["LR"] == 10 * published["LR"]
    assert 1e5 < 1 / ratio(lab["stats"][False][1]) < 1e6


PLAIN_LINE = ('plain = MLP([64] + [WIDTH] * (2 * BLOCKS + 1) + [10], activation="relu",\n'
              '            init="xavier_normal"')


@variant("normalization", 'initialize the plain net with `init="he_normal"`',
         (PLAIN_LINE, PLAIN_LINE.replace("xavier_normal", "he_normal")))
def he_saves_the_plain_nets_gradient_at_initialization(lab, published):
    """"Its ratio comes back to order 1"."""
    assert ratio(published["plain_norms"]) < 1e-3 and 0.1 < ratio(lab["plain_norms"]) < 10


@variant("normalization", 'initialize the plain net with `init="he_normal"`', ("BLOCKS = 10", "BLOCKS = 20"))
def twenty_blocks(lab, published):
    """"Or raise BLOCKS = 20: the plain net loses about two and a half more orders of magnitude, and the
    residual net grows more steeply (a ratio of several dozen)"."""
    assert about(np.log10(ratio(published["plain_norms"]) / ratio(lab["plain_norms"])), 2.5)
    residual = ratio(lab["residual_norms"])
    assert 20 <= residual < 100 and residual > ratio(published["residual_norms"])


RESIDUAL_LINE = ('    net = ResidualMLP(64, WIDTH, 10, depth=BLOCKS, activation="relu",\n'
                 '                      init="xavier_normal",')


def shortcut_scaled_by(scale):
    """Add shortcut_scale=`scale` where experiment 4 builds its ResidualMLP."""
    return RESIDUAL_LINE, RESIDUAL_LINE.replace('init="xavier_normal",', f'init="xavier_normal", shortcut_scale={scale},')


def branches_at_zero(lab):
    """The gradient at every block over the gradient at the top, with s = 0, and the factor between blocks."""
    profile = lab["profiles"][0.0]
    return profile, profile[:-1] / profile[1:]


@variant("normalization", "keep the branches at zero", shortcut_scaled_by(0.9))
def a_shortcut_scaled_by_nine_tenths(lab, published):
    """"Each block now multiplies the gradient by exactly 0.9, so after 10 blocks the ratio is
    0.9^10 ≈ 0.349"."""
    profile, per_block = branches_at_zero(lab)
    assert lab["BLOCKS"] == 10 and np.allclose(per_block, 0.9, rtol=1e-12)
    assert round(profile[0], 3) == 0.349


@variant("normalization", "keep the branches at zero", shortcut_scaled_by(1.1))
def a_shortcut_scaled_by_eleven_tenths(lab, published):
    """"with shortcut_scale=1.1 it is 1.1^10 ≈ 2.59"."""
    profile, per_block = branches_at_zero(lab)
    assert np.allclose(per_block, 1.1, rtol=1e-12) and round(profile[0], 2) == 2.59


# clipping.py -------------------------------------------------------------------------------------

@variant("clipping", "set `g = np.array([4.0, 3.9])`", ("g = np.array([4.0, 1.0])", "g = np.array([4.0, 3.9])"))
def nearly_equal_entries_barely_turn(lab, published):
    """"with two nearly equal entries, clipping by value barely turns it"."""
    turn = lab["angle_degrees"]
    assert turn(lab["g"], lab["g_value"]) < 1 < 30 < turn(published["g"], published["g_value"])


@variant("clipping", "set `g = np.array([4.0, 3.9])`",
         ("_, grads = relu_net(2.0).loss_and_grads(X, y)", "_, grads = relu_net(1.0).loss_and_grads(X, y)"))
def clipping_leaves_a_healthy_gradient_alone(lab, published):
    """"replace relu_net(2.0) by relu_net(1.0) ...: its largest gradient entry is below 1 and its norm about
    2, so at θ = 10 and 100 neither kind of clipping touches the gradient; at θ = 1 only clipping by norm
    does, and it only shortens it"."""
    big, clip_by_norm, clip_by_value, norm = lab["big"], lab["clip_by_norm"], lab["clip_by_value"], lab["global_norm"]

    def untouched(clipped):
        return all(np.array_equal(c, p) for c, p in zip(clipped, big, strict=True))

    assert max(np.abs(p).max() for p in big) < 1 and about(norm(big), 2)
    for theta in (1.0, 10.0, 100.0):
        assert untouched(clip_by_value(big, theta))
        assert untouched(clip_by_norm(big, theta)[0]) == (theta > 1)
    shortened = clip_by_norm(big, 1.0)[0]
    assert norm(shortened) == pytest.approx(1) and lab["angle_degrees"](big, shortened) < 1e-3


@variant("clipping", "replace `clip_norm=THETA` by `clip_value=0.1`",
         ("net, clipped = train(2.0, clip_norm=THETA)", "net, clipped = train(2.0, clip_value=0.1)"))
def clipping_by_value_rescues_too_but_caps_entries(lab, published):
    """"The run does not diverge either, and here it even learns better, but ... the clipped gradient still
    has a norm of about 15, three times the threshold"."""
    def whole_data(run):
        net = run["net"]
        return net.loss_and_grads(run["X"], run["y"])[0], run["accuracy"](net.predict(run["X"]), run["y"])

    (loss, accuracy), (published_loss, published_accuracy) = whole_data(lab), whole_data(published)
    assert lab["clipped"].diverged_at is None and loss < published_loss and accuracy > published_accuracy
    first = lab["clipped"].clipped_grad_norm[:3]
    assert all(about(n, 15) for n in first) and about(first.mean() / lab["THETA"], 3)


@variant("clipping", "replace `clip_norm=THETA` by `clip_value=0.1`",
         ("LR, STEPS, BATCH = 0.05, 150, 64", "LR, STEPS, BATCH = 0.2, 150, 64"))
def a_larger_learning_rate_gets_the_clipped_run_stuck(lab, published):
    """"raise LR to 0.2 in the setup cell: the clipped run stays finite, but its loss gets stuck at
    ln 10 ≈ 2.30"."""
    clipped = lab["clipped"]
    assert clipped.diverged_at is None and np.isfinite(clipped.loss).all()
    assert lab["net"].loss_and_grads(lab["X"], lab["y"])[0] == pytest.approx(np.log(10), rel=1e-3)
    assert about(clipped.loss[-20:].mean(), np.log(10), within=0.01)


@variant("clipping", "replace `train(2.0, clip_norm=t)` by",
         ("net, h = train(2.0, clip_norm=t)", "net, h = train(2.0, seed=2, clip_norm=t)"))
def another_seed_keeps_the_u_shape(lab, published):
    """"now θ = 3 ends above ln 10 and θ = 10 well below it, but the overall shape stays": highest at
    θ = 1, lowest in the middle, and stuck at ln 10 again at θ = 1000."""
    final, middle = np.array(lab["final"]), slice(1, -1)
    assert not np.allclose(final[middle], published["final"][middle], rtol=0.05)
    assert np.argmax(final) == 0 and 0 < np.argmin(final) < len(final) - 1
    assert final[-1] == pytest.approx(np.log(10), rel=1e-3) and final[-1] > final[middle].min()
    # "now θ = 3 ends above ln 10 and θ = 10 well below it" (the published run had it the other way)
    assert final[1] > np.log(10) > published["final"][1] and final[2] < np.log(10) < published["final"][2]


@variant("clipping", "replace `train(2.0, clip_norm=t)` by",
         ("LR, STEPS, BATCH = 0.05, 150, 64", "LR, STEPS, BATCH = 0.05, 300, 64"),
         narrowing=[("thresholds = [1.0, 3.0, 10.0, 30.0, 100.0, 1000.0]", "thresholds = [1.0, 3.0, 1000.0]")])
def more_steps_help_the_small_thresholds_only(lab, published):
    """"raise STEPS to 300: the small thresholds get more time and their losses fall, while the threshold
    1000 stays stuck at ln 10, because dead units do not come back" (θ = 1, 3 and 1000 only)."""
    final, before = lab["final"], dict(zip(published["thresholds"], published["final"]))
    assert final[0] < before[1.0] / 2 and final[1] < before[3.0] / 2
    assert final[2] == pytest.approx(np.log(10), rel=1e-3)
    assert lab["dead_unit_fraction"](lab["net"], lab["X"]).max() == 1.0  # the loop's last net: θ = 1000


@variant("clipping", "replace `clip_by_norm(flat, theta_small)[0]` by",
         ("clip_by_norm(flat, theta_small)[0]", "clip_by_value(flat, 0.01)"))
def clipping_by_value_turns_the_vanishing_gradient(lab, published):
    """"The first-to-last ratio grows about tenfold, because only the large entries of the later layers get
    clamped. But that comes from turning the gradient ... and the first layer is still about 40 times slower
    than the output layer"."""
    speeds, clipped = lab["speeds"], lab["speeds_clipped"]
    assert lab["angle_degrees"](lab["flat"], lab["clip_by_value"](lab["flat"], 0.01)) > 10
    assert about(ratio(clipped) / ratio(published["speeds_clipped"]), 10)
    assert np.array_equal(clipped[:3], speeds[:3]) and np.all(clipped[3:] < speeds[3:])
    assert about(1 / ratio(clipped), 40)


# rnn.py ------------------------------------------------------------------------------------------

@variant("rnn", "set `T = 80` in the setup cell. The upper", ("T, H, N = 40, 16, 32", "T, H, N = 80, 16, 32"))
def a_longer_sequence_amplifies_both_illnesses(lab, published):
    """"The upper lines climb much higher (with σ = 2 the ratio reaches a few thousand) and the lower ones
    sink further (with σ = 1 down to about 10^-5)"."""
    now, before = lab["rnn"], published["rnn"]
    assert 2000 <= now[2.0][0] < 10_000 and now[1.5][0] > before[1.5][0]
    assert about_power_of_ten(now[1.0][0], -5) and now[0.5][0] < before[0.5][0] and now[1.0][0] < before[1.0][0]


@variant("rnn", "set `T = 80` in the setup cell. The upper",
         ("scales = [0.5, 1.0, 1.5, 2.0]", "scales = [0.5, 1.0, 1.5, 2.0, 1.2]"))
def sigma_one_point_two_falls_slowly(lab, published):
    """"add 1.2 to scales: its line lies in between and falls only slowly, to about 0.15 after 39 steps"."""
    rnn = lab["rnn"]
    assert rnn[1.0][0] < rnn[1.2][0] < rnn[1.5][0] and about(rnn[1.2][0], 0.15)


@variant("rnn", "in the first call to `lstm_forward`", ("Wx, np.zeros_like(Wh), b)", "Wx, Wh, b)"))
def recurrent_weights_open_other_routes(lab, published):
    """"The difference is no longer about 10^-15 but far above 1: ... here those routes outweigh the cell
    path"."""
    def difference(run):
        return np.max(np.abs(run["bptt"] / run["product"] - 1))

    assert about_power_of_ten(difference(published), -15) and difference(lab) > 100
    assert np.median(np.abs(lab["bptt"] / lab["product"])) > 10


@variant("rnn", "in the first call to `lstm_forward`", ("biases = [0.0, 1.0, 3.0]", "biases = [0.0, 1.0, 3.0, 5.0]"))
def a_forget_bias_of_five(lab, published):
    """"add 5.0 to biases: f ≈ 0.99, and about three quarters is left after 40 steps"."""
    assert round(lab["cache"].f.mean(), 2) == 0.99  # the loop's last cache: b_f = 5
    assert about(lab["paths"][5.0][-1], 0.75)


@variant("rnn", "add `5.0` to `update_biases`",
         ("update_biases = [0.0, 1.0, 3.0]", "update_biases = [0.0, 1.0, 3.0, 5.0]"))
def an_update_bias_of_five(lab, published):
    """"the ratio at step 1 rises to about 0.75, almost nothing lost"."""
    assert about(lab["gru"][5.0][0], 0.75)


@variant("rnn", "add `5.0` to `update_biases`",
         ("update_biases = [0.0, 1.0, 3.0]", "update_biases = [0.0, 1.0, 3.0, -3.0]"))
def an_update_bias_of_minus_three(lab, published):
    """"Or add -3.0: z ≈ 0.05, the GRU nearly always overwrites its state, and the gradient falls to about
    10^-13, far worse than the RNN" (z measured on the GRU that gradient_profile builds)."""
    gru = lab["SequenceModel"](2, lab["H"], 1, cell="gru", loss="mse", rng=np.random.default_rng(1),
                               init_options={"update_bias": -3.0})
    z = gru.forward(lab["X"])[1][0].z
    assert round(z.mean(), 2) == 0.05
    assert about_power_of_ten(lab["gru"][-3.0][0], -13) and lab["gru"][-3.0][0] < 1e-6 * lab["rnn"][1.0][0]


@variant("rnn", "set `T = 80` in the setup cell and run again", ("T, H, N = 40, 16, 32", "T, H, N = 80, 16, 32"))
def a_longer_sequence_amplifies_both_sides(lab, published):
    """"with a factor of 8 the GRU's ratio shoots up to about 10^18, while at a factor of 1 all three vanish
    even more" (the cell prints the ratios; gradient_profile is the function it calls)."""
    def at_step_one(run, cell, factor):
        return run["gradient_profile"](cell, wh_factor=factor)[0]

    assert about_power_of_ten(at_step_one(lab, "gru", 8.0), 18) and lab["ratios"][-1] == at_step_one(lab, "gru", 8.0)
    for cell in ("rnn", "lstm", "gru"):
        assert at_step_one(lab, cell, 1.0) < at_step_one(published, cell, 1.0) < 1


# --- the tests ------------------------------------------------------------------------------------


def paragraphs() -> list[tuple[str, int]]:
    """(lab, cell index) of every "Try changing" paragraph of every lab."""
    return [(name, i) for name in NAMES for i, cell in enumerate(notebook(name).cells)
            if cell.cell_type == "markdown" and PROMPT["en"] in cell.source]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_try_changing_prediction_holds_on_a_run_of_its_variant(case):
    until = case.paragraph
    lab = run_lab(case.lab, case.changes + case.narrowing, until=until)
    published = run_lab(case.lab, until=until)
    try:
        case.check(lab, published)
    except AssertionError as error:
        paragraph = try_changing(case.lab, paragraph_index(case.lab, until), "en")
        raise AssertionError(f"docs/labs/{case.lab}.py no longer shows what this paragraph says:\n\n"
                             f"{paragraph}\n\n{error}") from error


def test_every_try_changing_paragraph_is_checked_by_a_run_of_its_variant():
    checked = {(case.lab, paragraph_index(case.lab, case.paragraph)) for case in CASES}
    missing = [f"docs/labs/{name}.py: {try_changing(name, i, 'en')[:80]!r}" for name, i in paragraphs()
               if (name, i) not in checked]
    assert not missing, "paragraphs without a case:\n" + "\n".join(missing)
    for case in CASES:
        index = paragraph_index(case.lab, case.paragraph)
        assert case.paragraph in try_changing(case.lab, index, "en"), f"{case.id}: not in a 'Try changing' part"


def numbers(text: str, language: str) -> list[str]:
    """The numbers of a paragraph, with Vietnamese decimal commas read as points; the English word
    "zero" counts as 0 (the Vietnamese says "0")."""
    if language == "vi":
        text = re.sub(r"(\d)(?:\{,\}|,)(\d)", r"\1.\2", text)
    else:
        text = re.sub(r"\bzero\b", "0", text)
    return sorted(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize("name, index", paragraphs(), ids=lambda value: str(value))
def test_both_languages_predict_the_same_numbers(name, index):
    assert numbers(try_changing(name, index, "vi"), "vi") == numbers(try_changing(name, index, "en"), "en")


# --- what a lab says of its published run ---------------------------------------------------------


def _load_scan():
    """tests/hooks/test_prose_numbers.py: its rules for the labs, LAB_SETTINGS, and how it reads a lab."""
    spec = importlib.util.spec_from_file_location("lab_prose_scan", Path(__file__).parents[1] / "hooks" /
                                                  "test_prose_numbers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCAN = _load_scan()


@dataclass(frozen=True)
class Claim:
    lab: str
    paragraph: str
    run: str | None
    check: Callable[[dict], None]

    @property
    def id(self) -> str:
        return f"{self.lab}-{self.check.__name__}"


CLAIMS: list[Claim] = []


def says(lab: str, paragraph: str, *, run: str | None = None):
    """Register a check of what ``paragraph`` (a phrase of it, in English, outside any "Try changing"
    part) says of lab ``lab``'s published run: up to the paragraph, or up to the cell that holds ``run``
    (a paragraph that introduces the cells after it)."""
    def register(check):
        CLAIMS.append(Claim(lab, paragraph, run, check))
        return check

    return register


def told(name: str, index: int, language: str) -> str:
    """What the markdown cell ``index`` of lab ``name`` says before any "Try changing" part, in ``language``."""
    return notebook(name, language).cells[index].source.split(PROMPT[language])[0]


# exploding.py

@says("exploding", "enough to wreck training within", run="Gradient clipping caps the length")
def doubled_weights_wreck_training_within_a_few_steps(lab):
    """"a real ReLU network whose initial weights are only twice as large as they should be, which is
    enough to wreck training within a few steps"."""
    assert lab["histories"][1.0].diverged_at is None and lab["histories"][2.0].diverged_at <= 10


@says("exploding", "has a loss of about 130 at step 0")
def the_doubled_net_starts_at_a_loss_of_about_130(lab):
    """"in experiment 4 the doubled net has a loss of about 130 at step 0, before any update: the forward
    pass has already blown up" (the He net starts near ln 10)."""
    doubled, he = lab["histories"][2.0], lab["histories"][1.0]
    assert about(doubled.loss[0], 130) and doubled.loss[0] > 30 * he.loss[0]


# vanishing.py

@says("vanishing", "hundred times slower than the last hidden layer")
def layer_one_is_more_than_a_hundred_times_slower(lab):
    """"In experiment 2's net with four hidden layers, layer 1 learns more than a hundred times
    slower than the last hidden layer" (at initialization, experiment 2, and over the first 100 training
    steps, experiment 3)."""
    at_initialization = 1 / ratio(lab["speeds"][4])
    training = lab["speed_log"][:100].mean(axis=0)  # the hidden layers, then the output layer
    assert 100 < at_initialization < 150 and 100 < training[-2] / training[0] < 150


# init.py

@says("init", "(every weight 0.5)", run=SYMMETRY)
def the_constant_init_sets_every_weight_to_one_half(lab):
    """"once with init="constant" (every weight 0.5) and once with Xavier"."""
    net = lab["MLP"]([2, 8, 8, 2], activation="tanh", init="constant", rng=np.random.default_rng(1))
    assert all(np.all(W == 0.5) for W in net.W) and np.all(lab["paths"]["constant"][0] == 0.5)


# normalization.py

@says("normalization", "shrinks the differences between examples about fourfold", run="set `HIDDEN = 20`")
def sigmoid_layers_shrink_the_signal_and_the_gradient_fourfold(lab):
    """"In the plain net, σ' ≤ 1/4 shrinks the differences between examples about fourfold per layer going
    forwards, and the gradient shrinks about as much going backwards. Normalization ... repairs both
    directions" (per layer: the geometric mean over the ten hidden layers)."""
    def per_layer(values):
        return ratio(values) ** (1 / (len(values) - 1))

    spread, grad_W = lab["stats"][False]
    assert about(per_layer(spread), 4) and about(1 / per_layer(grad_W), 4)
    spread, grad_W = lab["stats"][True]
    assert np.allclose(spread, 1, atol=1e-3) and 0.5 < ratio(grad_W) < 2


# clipping.py

@says("clipping", "otherwise turns into NaN after four steps", run="Without clipping, the gradient norm grows")
def without_clipping_the_net_breaks_after_four_steps(lab):
    """"use clipping to rescue a deep ReLU network that otherwise turns into NaN after four steps"."""
    assert lab["plain"].diverged_at == 4 and lab["clipped"].diverged_at is None


@says("clipping", "which has over thirty thousand entries", run="Clipping by norm always gives an angle of 0")
def the_real_gradient_has_over_thirty_thousand_entries(lab):
    """"the real gradient of the 8-hidden-layer ReLU network with twice the He initialization, which has over
    thirty thousand entries"."""
    assert 30_000 < sum(p.size for p in lab["big"]) < 40_000


@says("clipping", "gradient turns by about")
def clipping_by_value_turns_the_gradient(lab):
    """"Clipping by norm always gives an angle of 0 ... Clipping by value turns (4, 1) into (1, 1), 31° off
    and still longer than the threshold. On the real network, at θ = 100 only a handful of huge entries are
    clamped, yet the gradient turns by about 12°; at θ = 1 it turns by more than 50°, and the "clipped"
    vector is still longer than 100" (an angle of 0 to the printed tenth of a degree)."""
    angle, big, by_value, norm = lab["angle_degrees"], lab["big"], lab["clip_by_value"], lab["global_norm"]
    g, theta = lab["g"], lab["theta"]
    assert angle(g, lab["g_norm"]) < 0.05 and all(angle(big, lab["clip_by_norm"](big, t)[0]) < 0.05 for t in (1, 10, 100))
    assert np.array_equal(lab["g_value"], [1.0, 1.0]) and round(angle(g, lab["g_value"])) == 31
    assert np.linalg.norm(lab["g_value"]) > theta == 1
    assert 0 < sum(int(np.sum(np.abs(p) > 100)) for p in big) < 20 and about(angle(big, by_value(big, 100.0)), 12)
    assert angle(big, by_value(big, 1.0)) > 50 and norm(by_value(big, 1.0)) > 100


@says("clipping", "steps its accuracy is about 60%")
def clipping_rescues_the_doubled_net(lab):
    """"Without clipping, the gradient norm grows by a factor of at least a thousand per step and turns into
    NaN at step 4. With clipping, the first step meets exactly the same gradient of norm about 1400 but only
    travels ηθ = 0.25. Every step is clipped (the norm before clipping never falls below 5), yet the network
    learns: after 150 steps its accuracy is about 60%"."""
    plain, clipped, net = lab["plain"], lab["clipped"], lab["net"]
    norms = plain.total_grad_norm[:plain.diverged_at]
    assert np.all(norms[1:] / norms[:-1] >= 1000) and plain.diverged_at == 4
    assert clipped.total_grad_norm[0] == plain.total_grad_norm[0] and about(clipped.total_grad_norm[0], 1400)
    assert lab["LR"] * clipped.clipped_grad_norm[0] == pytest.approx(0.25) == lab["LR"] * lab["THETA"]
    assert lab["THETA"] == 5 and clipped.total_grad_norm.min() > 5
    assert len(clipped.loss) == 150 and about(lab["accuracy"](net.predict(lab["X"]), lab["y"]), 0.6)


@says("clipping", "the final losses all lie between about")
def a_good_threshold_spans_an_order_of_magnitude(lab):
    """"No run turned into NaN ... A threshold of 1 makes every step too short: after 150 steps the loss is
    still high. A threshold of 1000 lets through first steps up to 50 units long, which kill every unit of a
    layer, and the loss gets stuck at ln 10 ... From 3 to 100 the final losses all lie between about 1 and
    2.6 ... and the healthy run's band of norms sits at its lower edge" (the loop's last run is θ = 1000's)."""
    final = dict(zip(lab["thresholds"], lab["final"]))
    good = [final[t] for t in (3.0, 10.0, 30.0, 100.0)]
    assert np.isfinite(lab["final"]).all() and final[1.0] > 2 * max(good)
    steps = lab["LR"] * lab["h"].clipped_grad_norm  # θ = 1000
    assert steps[0] == pytest.approx(50) and steps.max() == pytest.approx(50)
    assert lab["dead_unit_fraction"](lab["net"], lab["X"]).max() == 1.0
    assert final[1000.0] == pytest.approx(np.log(10), rel=1e-3)
    assert about(min(good), 1) and about(max(good), 2.6)
    assert lab["low"] < 3 < lab["high"] < 10


@says("clipping", "hundreds of times more slowly than its output layer", run="Every speed is exactly ten times smaller")
def the_first_sigmoid_layer_is_hundreds_of_times_slower(lab):
    """"A sigmoid network with 4 hidden layers suffers from vanishing gradients: its first hidden layer learns
    hundreds of times more slowly than its output layer"."""
    assert 100 < 1 / ratio(lab["speeds"]) < 1000


@says("clipping", "layers stays at 0.0027")
def clipping_by_norm_keeps_the_ratio(lab):
    """"Every speed is exactly ten times smaller: clipping by norm multiplies every layer by the same factor
    ... so the ratio between the first and last layers stays at 0.0027"."""
    speeds, clipped = lab["speeds"], lab["speeds_clipped"]
    assert np.allclose(clipped / speeds, 0.1, rtol=1e-12)
    assert round(ratio(speeds), 4) == round(ratio(clipped), 4) == 0.0027


# rnn.py

@says("rnn", "only about 0.003 of the gradient is left")
def the_rnn_gradient_vanishes_or_explodes(lab):
    """"With σ = 0.5 Pascanu's bound forces it to vanish, and it drops to about 10^-13. With σ = 1 the bound
    is 1 and forbids nothing, yet only about 0.003 of the gradient is left ... With σ = 2 the first step
    receives a gradient almost a hundred times the last step's"."""
    rnn, steps_back = lab["rnn"], lab["T"] - 1
    assert about_power_of_ten(rnn[0.5][0], -13) and rnn[0.5][0] <= 0.5**steps_back
    assert about(rnn[1.0][0], 0.003) and 90 < rnn[2.0][0] < 100


@says("rnn", "more than a tenth of the gradient makes")
def the_forget_bias_opens_the_cell_path(lab):
    """"Backpropagation matches ∏ f_t up to rounding ... With b_f = 0, f ≈ 0.5 and the product after 40 steps
    is about 10^-13 ... With b_f = 1 ... it is about 10^-6; with b_f = 3, f ≈ 0.95 and more than a tenth of
    the gradient makes it through all 40 steps"."""
    def mean_f(bias):
        Wx, Wh, b = lab["lstm_init"](2, lab["H"], np.random.default_rng(1), forget_bias=bias)
        zeros = np.zeros((lab["N"], lab["H"]))
        return lab["lstm_forward"](lab["X"], zeros, zeros, Wx, Wh, b)[1].f.mean()

    paths = lab["paths"]
    assert np.max(np.abs(lab["bptt"] / lab["product"] - 1)) < 1e-12
    assert round(mean_f(0.0), 1) == 0.5 and round(mean_f(3.0), 2) == 0.95
    assert about_power_of_ten(paths[0.0][-1], -13) and about_power_of_ten(paths[1.0][-1], -6)
    assert 0.1 < paths[3.0][-1] < 0.15 and len(paths[3.0]) == lab["T"] + 1


@says("rnn", "with nearly a fifth left")
def a_gru_needs_an_open_update_gate(lab):
    """"With b^z = 0, z ≈ 0.5, so the direct route through diag(z_t) passes on only about half at each step:
    the GRU vanishes even faster than the RNN (about 3.4·10^-6 against 0.003). Only when the update gate
    starts close to 1, with b^z = 3, does the gradient cross 39 steps with nearly a fifth left" (z measured
    on the GRU that gradient_profile builds)."""
    gru = lab["SequenceModel"](2, lab["H"], 1, cell="gru", loss="mse", rng=np.random.default_rng(1),
                               init_options={"update_bias": 0.0})
    assert round(gru.forward(lab["X"])[1][0].z.mean(), 1) == 0.5
    assert about(lab["gru"][0.0][0], 3.4e-6) and about(lab["rnn"][1.0][0], 0.003)
    assert 0.15 < lab["gru"][3.0][0] < 0.2


@says("rnn", "tens of thousands of times the last step's")
def gates_do_not_cure_exploding_gradients(lab):
    """"At the default initialization all three vanish. With W_h eight times larger, the gradient at the first
    step is tens of thousands of times the last step's for the LSTM and hundreds of millions of times for the
    GRU"."""
    def at_step_one(cell, factor):
        return lab["gradient_profile"](cell, wh_factor=factor)[0]

    assert lab["factors"][-1] == 8 and all(at_step_one(cell, 1.0) < 1 for cell in ("rnn", "lstm", "gru"))
    assert 1e4 <= at_step_one("lstm", 8.0) < 1e5 and 1e8 <= at_step_one("gru", 8.0) < 1e9


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_a_lab_says_what_its_own_run_shows(claim):
    index = paragraph_index(claim.lab, claim.paragraph)
    assert claim.paragraph in told(claim.lab, index, "en"), f"{claim.id}: the phrase is in a 'Try changing' part"
    lab = run_lab(claim.lab, until=claim.run or claim.paragraph)
    try:
        claim.check(lab)
    except AssertionError as error:
        raise AssertionError(f"docs/labs/{claim.lab}.py no longer shows what this paragraph says:\n\n"
                             f"{told(claim.lab, index, 'en')}\n\n{error}") from error


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda claim: claim.id)
def test_both_languages_say_the_same_numbers_of_a_run(claim):
    index = paragraph_index(claim.lab, claim.paragraph)
    assert numbers(told(claim.lab, index, "vi"), "vi") == numbers(told(claim.lab, index, "en"), "en")


def test_a_rule_that_names_a_claim_covers_its_paragraph():
    """Every rule of the scan that lets a lab's number through as a claim's names a claim of this file, and
    matches in that claim's paragraph, in both languages."""
    claims = {claim.id: claim for claim in CLAIMS}
    named = re.compile(re.escape(SCAN.CLAIMED) + r"\[([\w-]+)\]")
    checked = 0
    for key, rules in SCAN.PER_PAGE.items():
        for pattern, reason in rules if key.startswith("labs/") else ():
            if not (found := named.search(reason)):
                continue
            claim = claims.get(found[1])
            assert claim is not None and f"labs/{claim.lab}" == key, f"{key}: {found[1]} is not a claim of {key}"
            index = paragraph_index(claim.lab, claim.paragraph)
            for language in labs.LANGUAGES:
                paragraph = SCAN.lab_cells(claim.lab, language)[index].split(SCAN.prose(PROMPT[language]))[0]
                assert re.search(pattern, paragraph, flags=re.M), f"{claim.id} [{language}]: {pattern!r} not in its paragraph"
            checked += 1
    assert checked


def keyword(name: str, argument: str):
    """The one literal that lab ``name``'s computing cells pass as ``argument=`` (to whatever call)."""
    values = {node.value.value for _, source in computing_cells(name) for call in ast.walk(ast.parse(source))
              if isinstance(call, ast.Call) for node in call.keywords
              if node.arg == argument and isinstance(node.value, ast.Constant)}
    assert len(values) == 1, f"docs/labs/{name}.py passes {argument}= as {sorted(values)}, not one literal"
    return values.pop()


SETTINGS = [(lab, pattern, expression) for lab, settings in SCAN.LAB_SETTINGS.items() for pattern, expression in settings]


@pytest.mark.parametrize("name, pattern, expression", SETTINGS, ids=[f"{lab}-{expression}" for lab, _, expression in SETTINGS])
def test_a_setting_the_prose_repeats_is_the_labs_own(name, pattern, expression):
    """Every match of ``pattern`` in the lab's prose, in each language, holds the numbers ``expression`` gives
    on the lab's published run (all its computing cells), in order."""
    namespace = dict(_published(name, len(computing_cells(name))), keyword=functools.partial(keyword, name))
    value = eval(expression, namespace)  # noqa: S307 - an expression of this project's own table
    expected = [float(v) for v in (value if isinstance(value, tuple) else (value,))]
    for language in labs.LANGUAGES:
        matches = list(re.finditer(pattern, "\n".join(SCAN.lab_cells(name, language)), flags=re.M))
        assert matches, f"docs/labs/{name}.py [{language}]: {pattern!r} is not in the prose"
        for match in matches:
            said = [float(n.replace(",", ".")) for n in SCAN.NUMBER.findall(match.group())]
            assert said == expected, f"docs/labs/{name}.py [{language}]: {match.group()!r} says {said}, the code {expected}"
