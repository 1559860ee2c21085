"""One contract for every layer and model of gradflow.

- Every public ``<name>_backward`` of the library returns a named tuple: the gradient of each
  input of ``<name>_forward`` first, in the forward's order (``dX``, ``dW``, ``db``...), then
  anything more (the total gradient at every step, say).
- Every model checks its input once and returns gradients that follow `gradflow.train.Grads`:
  ``params()`` in the order of the model's, ``dX``, and ``dhidden``, the gradient at each hidden
  representation; and it prints as something a reader can read.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys

import numpy as np
import pytest

import gradflow
from gradflow.gru import gru_init
from gradflow.lstm import lstm_init
from gradflow.rnn import rnn_init
from gradflow.train import Grads, Model

rng = np.random.default_rng


def library_backwards():
    """Every public function named ``*_backward`` in the library's modules, with its forward."""
    found = {}
    for info in pkgutil.iter_modules(gradflow.__path__):
        if info.name.startswith("_") or info.name == "book":
            continue
        module = importlib.import_module(f"gradflow.{info.name}")
        for name, obj in vars(module).items():
            if not name.startswith("_") and name.endswith("_backward") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = (obj, getattr(module, name.replace("_backward", "_forward")))
    return found


# A small valid call of each forward, and how to make an upstream gradient for its output.
EXAMPLES = {
    "layers.dense_backward": lambda: ([np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)], {}),
    "layers.activation_backward": lambda: ([np.linspace(-1, 1, 6).reshape(2, 3), "tanh"], {}),
    "batchnorm.batchnorm_backward": lambda: ([rng(0).normal(size=(4, 3)), np.ones(3), np.zeros(3)], {}),
    "batchnorm.layernorm_backward": lambda: ([rng(0).normal(size=(4, 3)), np.ones(3), np.zeros(3)], {}),
    "residual.residual_backward": lambda: ([rng(0).normal(size=(2, 3)), np.ones((3, 4)), np.zeros(4),
                                            np.ones((4, 3)), np.zeros(3)], {"activation": "relu"}),
    "chain.chain_backward": lambda: ([0.5, np.ones(3), np.zeros(3)], {}),
    "rnn.rnn_step_backward": lambda: ([np.ones((2, 3)), np.zeros((2, 4)), *rnn_init(3, 4, rng(0))], {}),
    "rnn.rnn_backward": lambda: ([np.ones((2, 5, 3)), np.zeros((2, 4)), *rnn_init(3, 4, rng(0))], {}),
    "gru.gru_step_backward": lambda: ([np.ones((2, 3)), np.zeros((2, 4)), *gru_init(3, 4, rng(0))], {}),
    "gru.gru_backward": lambda: ([np.ones((2, 5, 3)), np.zeros((2, 4)), *gru_init(3, 4, rng(0))], {}),
    "lstm.lstm_step_backward": lambda: ([np.ones((2, 3)), np.zeros((2, 4)), np.ones((2, 4)), *lstm_init(3, 4, rng(0))],
                                        {}),
    "lstm.lstm_backward": lambda: ([np.ones((2, 5, 3)), np.zeros((2, 4)), np.ones((2, 4)), *lstm_init(3, 4, rng(0))],
                                   {}),
}


def _inputs(forward) -> list[str]:
    """The forward's inputs and parameters: its positional arguments without a default (``name`` picks
    an activation, an option)."""
    return [p.name for p in inspect.signature(forward).parameters.values()
            if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty and p.name != "name"]


def _upstream(out):
    """An upstream gradient shaped like the forward's output: ones, or a pair for the LSTM step."""
    if isinstance(out, tuple):
        return tuple(np.ones_like(o) for o in out)
    return 1.0 if np.ndim(out) == 0 else np.ones_like(out)


BACKWARDS = library_backwards()


def test_every_backward_of_the_library_has_an_example_here():
    assert set(BACKWARDS) == set(EXAMPLES), "a backward function without an example in this test, or one gone"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_backward_returns_a_named_tuple_of_the_input_gradients_in_the_forwards_order(name):
    backward, forward = BACKWARDS[name]
    args, options = EXAMPLES[name]()
    out, cache = forward(*args, **options)
    grads = backward(_upstream(out), cache)
    assert isinstance(grads, tuple) and hasattr(grads, "_fields"), f"{name} must return a named tuple"
    expected = tuple(f"d{argument}" for argument in _inputs(forward))
    assert grads._fields[:len(expected)] == expected, f"{name}: {grads._fields} should begin with {expected}"
    for argument, gradient in zip(args, grads):
        if isinstance(argument, np.ndarray):
            assert np.shape(gradient) == argument.shape, f"{name}: a gradient shaped like its input"


def _models():
    from gradflow.data import adding_problem, two_moons
    from gradflow.mlp import MLP
    from gradflow.residual import ResidualMLP
    from gradflow.sequences import SequenceModel

    X, y = two_moons(8, rng=rng(0))
    Xs, ys = adding_problem(4, 6, rng(0))
    return {
        "MLP": (MLP([2, 5, 4, 2], activation="tanh", rng=rng(1)), X, y),
        "MLP with batch norm": (MLP([2, 5, 4, 2], batchnorm=True, rng=rng(1)), X, y),
        "ResidualMLP": (ResidualMLP(2, 4, 2, depth=3, rng=rng(1)), X, y),
        "SequenceModel (lstm)": (SequenceModel(2, 3, 1, cell="lstm", loss="mse", rng=rng(1)), Xs, ys),
    }


@pytest.mark.parametrize("name", sorted(_models()))
def test_models_share_one_protocol_and_print_readably(name):
    model, X, y = _models()[name]
    assert isinstance(model, Model)
    loss, grads = model.loss_and_grads(X, y)
    assert isinstance(grads, Grads) and np.isfinite(loss)
    assert [g.shape for g in grads.params()] == [p.shape for p in model.params()]
    assert grads.dX.shape == np.shape(X)
    assert len(grads.dhidden) > 0
    text = repr(model)
    assert text.startswith(type(model).__name__ + "(") and " object at 0x" not in text


@pytest.mark.parametrize("name", sorted(_models()))
def test_models_check_their_input_once_at_the_boundary(name, monkeypatch):
    # A model checks X itself, then runs unchecked kernels: the public, checked layer functions are
    # never called inside it (replacing them by a function that fails changes nothing).
    model, X, y = _models()[name]

    def checked_layer(*args, **kwargs):
        raise AssertionError("a model called a checked layer function")

    checked = ["dense_forward", "dense_backward", "activation_forward", "activation_backward", "batchnorm_forward",
               "batchnorm_backward", "residual_forward", "residual_backward", "rnn_forward", "rnn_backward",
               "lstm_forward", "lstm_backward", "gru_forward", "gru_backward"]
    for module in [m for n, m in list(sys.modules.items()) if n.startswith("gradflow.") and m is not None]:
        for function in checked:  # wherever the name is bound, also where it was imported by name
            if hasattr(module, function):
                monkeypatch.setattr(module, function, checked_layer)
    model.loss_and_grads(X, y)
