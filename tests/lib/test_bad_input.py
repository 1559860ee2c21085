"""Every bad input raises ValueError with a message saying what was expected and what was given."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gradflow.activations import ACTIVATIONS, get_activation, relu, sigmoid, tanh
from gradflow.batchnorm import RunningStats, batchnorm_backward, batchnorm_forward, layernorm_forward
from gradflow.clip import clip_by_norm, clip_by_value
from gradflow.data import digits_like, spirals, two_moons
from gradflow.gradcheck import numerical_gradient
from gradflow.gru import gru_forward, gru_init
from gradflow.init import INITIALIZERS, get_initializer
from gradflow.layers import activation_backward, activation_forward, dense_backward, dense_forward
from gradflow.losses import mse, softmax_cross_entropy
from gradflow.lstm import lstm_forward, lstm_init, lstm_step_backward, lstm_step_forward
from gradflow.mlp import MLP
from gradflow.residual import ResidualMLP, residual_forward
from gradflow.rnn import rnn_backward, rnn_forward, rnn_init, rnn_step_forward
from gradflow.data import adding_problem, copy_memory
from gradflow.sequences import SequenceModel
from gradflow.train import train_sgd


def rng():
    return np.random.default_rng(0)


def net(**kwargs):
    return MLP([2, 3, 2], rng=rng(), **kwargs)


def mse_net():
    return net(loss="mse", output_activation="sigmoid")


X = np.zeros((5, 2))
LABELS = np.array([0, 1, 0, 1, 0])
VALID_ACTIVATIONS = "valid names are: elu, gelu, leaky_relu, relu, sigmoid, silu, softplus, tanh"
VALID_INITIALIZERS = ("valid names are: constant, he_normal, he_uniform, lecun_normal, standard_uniform, "
                      "xavier_normal, xavier_uniform")
GENERATOR = "rng must be a numpy.random.Generator, for example np.random.default_rng(0); got "

CASES = [
    # Layers
    ("dense: X columns differ from W rows",
     lambda: dense_forward(np.ones((2, 3)), np.ones((4, 5)), np.zeros(5)), "X must have 4 columns, got shape (2, 3)"),
    ("dense: b does not match W",
     lambda: dense_forward(np.ones((2, 3)), np.ones((3, 4)), np.zeros(3)),
     "b must have shape (4,) to match W of shape (3, 4), got (3,)"),
    ("dense: X is 1-D",
     lambda: dense_forward(np.ones(3), np.ones((3, 4)), np.zeros(4)),
     "X must be a 2-D array of shape (N, D), got shape (3,)"),
    ("dense backward: dz has the wrong rows",
     lambda: dense_backward(np.ones((3, 4)), dense_forward(np.ones((2, 3)), np.ones((3, 4)), np.zeros(4))[1]),
     "dz must have 2 rows like X, got shape (3, 4)"),
    ("activation backward: da has the wrong shape",
     lambda: activation_backward(np.ones(3), activation_forward(np.ones(2), "tanh")[1]),
     "da must have the shape of z, (2,), got (3,)"),
    # MLP inputs
    ("MLP: X and y rows differ",
     lambda: net().loss_and_grads(X, LABELS[:4]), "X and y must have as many rows; got X (5, 2) and y (4,)"),
    ("MLP: X has the wrong number of columns",
     lambda: net().loss_and_grads(np.zeros((5, 3)), LABELS), "X must have 2 columns, got shape (5, 3)"),
    ("MLP predict: X has the wrong number of columns",
     lambda: net().predict(np.zeros((5, 3))), "X must have 2 columns, got shape (5, 3)"),
    # MLP sizes
    ("MLP: sizes []", lambda: MLP([], rng=rng()),
     "sizes must list at least an input and an output width, e.g. [2, 16, 3]; got []"),
    ("MLP: sizes [3]", lambda: MLP([3], rng=rng()),
     "sizes must list at least an input and an output width, e.g. [2, 16, 3]; got [3]"),
    ("MLP: sizes not a list", lambda: MLP(3, rng=rng()),
     "sizes must list at least an input and an output width, e.g. [2, 16, 3]; got 3"),
    ("MLP: a zero width", lambda: MLP([3, 0, 2], rng=rng()), "sizes[1] must be a positive integer, got 0"),
    ("MLP: a negative width", lambda: MLP([3, -1], rng=rng()), "sizes[1] must be a positive integer, got -1"),
    ("MLP: a fractional width", lambda: MLP([3, 2.5], rng=rng()), "sizes[1] must be a positive integer, got 2.5"),
    # Names
    ("MLP: unknown activation", lambda: MLP([2, 2], activation="sigmod", rng=rng()),
     f"unknown activation 'sigmod'; {VALID_ACTIVATIONS}"),
    ("MLP: unknown output activation", lambda: MLP([2, 2], output_activation="softmax", loss="mse", rng=rng()),
     f"unknown output activation 'softmax'; {VALID_ACTIVATIONS}"),
    ("get_activation: unknown name", lambda: get_activation("swish"),
     f"unknown activation 'swish'; {VALID_ACTIVATIONS}"),
    ("activation_forward: unknown name", lambda: activation_forward(np.ones(2), "Tanh"),
     f"unknown activation 'Tanh'; {VALID_ACTIVATIONS}"),
    ("MLP: unknown initializer", lambda: MLP([2, 2], init="kaiming", rng=rng()),
     f"unknown initializer 'kaiming'; {VALID_INITIALIZERS}"),
    ("get_initializer: unknown name", lambda: get_initializer("glorot"),
     f"unknown initializer 'glorot'; {VALID_INITIALIZERS}"),
    ("MLP: unknown loss", lambda: MLP([2, 2], loss="hinge", rng=rng()),
     "unknown loss 'hinge'; valid names are: cross_entropy, mse"),
    ("MLP: cross_entropy with an output activation",
     lambda: MLP([2, 2], loss="cross_entropy", output_activation="sigmoid", rng=rng()),
     "cross_entropy applies the softmax itself, so output_activation must be None; got output_activation='sigmoid'"),
    # Labels and targets
    ("cross_entropy: a label too large", lambda: net().loss_and_grads(X, np.array([0, 1, 2, 1, 0])),
     "labels in y must lie in 0..1 for 2 classes, got 0..2"),
    ("cross_entropy: a negative label", lambda: net().loss_and_grads(X, np.array([0, 1, -1, 1, 0])),
     "labels in y must lie in 0..1 for 2 classes, got -1..1"),
    ("cross_entropy: float labels", lambda: net().loss_and_grads(X, LABELS.astype(float)),
     "y must hold integer class labels, got dtype float64"),
    ("cross_entropy: one-hot labels", lambda: softmax_cross_entropy(np.zeros((5, 2)), np.eye(2)[LABELS]),
     "y must be a vector of 5 labels, one per row of z (5, 2), got shape (5, 2)"),
    ("mse: targets of the wrong shape", lambda: mse_net().loss_and_grads(X, LABELS),
     "Y must have the shape of the network output (5, 2), got (5,)"),
    ("mse: called directly with the wrong shape", lambda: mse(np.zeros((5, 2)), np.zeros((5, 3))),
     "Y must have the shape of the network output (5, 2), got (5, 3)"),
    # Training
    ("train: negative lr", lambda: train_sgd(net(), X, LABELS, lr=-0.1, steps=1), "lr must be a positive finite number, got -0.1"),
    ("train: zero lr", lambda: train_sgd(net(), X, LABELS, lr=0, steps=1), "lr must be a positive finite number, got 0"),
    ("train: lr=None", lambda: train_sgd(net(), X, LABELS, lr=None, steps=1),
     "lr must be a positive finite number, got None"),
    ("train: lr as text", lambda: train_sgd(net(), X, LABELS, lr="0.1", steps=1),
     "lr must be a positive finite number, got '0.1'"),
    ("train: clip_norm as text", lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, clip_norm="a"),
     "clip_norm must be a positive finite number, got 'a'"),
    ("clip_by_value: clip_value=None", lambda: clip_by_value([np.ones(2)], None),
     "clip_value must be a positive finite number, got None"),
    ("two_moons: noise=None", lambda: two_moons(10, noise=None, rng=rng()),
     "noise must be a finite number >= 0, got None"),
    ("MLP: activation given as a list", lambda: MLP([2, 2], activation=["relu"], rng=rng()),
     "unknown activation ['relu']; valid names are: elu, gelu"),
    ("train: steps=0", lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=0),
     "steps must be a positive integer, got 0"),
    ("train: batch_size larger than N", lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, batch_size=6, rng=rng()),
     "batch_size must be at most the number of examples 5, got 6"),
    ("train: batch_size without rng", lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, batch_size=2),
     "batch_size=2 draws random minibatches, so rng must be a numpy.random.Generator, "
     "for example np.random.default_rng(0); got rng=None"),
    ("train: batch_size with a RandomState",
     lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, batch_size=2, rng=np.random.RandomState(0)),
     GENERATOR + "RandomState"),
    ("train: clip_norm=0", lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, clip_norm=0),
     "clip_norm must be a positive finite number, got 0"),
    ("train: negative clip_norm", lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, clip_norm=-1.0),
     "clip_norm must be a positive finite number, got -1.0"),
    ("clip_by_norm: max_norm=0", lambda: clip_by_norm([np.ones(2)], 0), "max_norm must be a positive finite number, got 0"),
    ("clip_by_norm: negative max_norm", lambda: clip_by_norm([np.ones(2)], -2.0),
     "max_norm must be a positive finite number, got -2.0"),
    # rng for the MLP and the data
    ("MLP: rng=None", lambda: MLP([2, 2], rng=None), GENERATOR + "NoneType"),
    ("MLP: RandomState", lambda: MLP([2, 2], rng=np.random.RandomState(0)), GENERATOR + "RandomState"),
    ("MLP: an integer seed", lambda: MLP([2, 2], rng=0), GENERATOR + "int"),
    ("spirals: rng=None", lambda: spirals(10, rng=None), GENERATOR + "NoneType"),
    ("two_moons: RandomState", lambda: two_moons(10, rng=np.random.RandomState(0)), GENERATOR + "RandomState"),
    ("digits_like: RandomState", lambda: digits_like(10, rng=np.random.RandomState(0)), GENERATOR + "RandomState"),
    # Data sizes and noise
    ("spirals: negative noise", lambda: spirals(10, noise=-0.1, rng=rng()),
     "noise must be a finite number >= 0, got -0.1"),
    ("two_moons: negative noise", lambda: two_moons(10, noise=-1.0, rng=rng()),
     "noise must be a finite number >= 0, got -1.0"),
    ("digits_like: negative noise", lambda: digits_like(10, noise=-0.5, rng=rng()),
     "noise must be a finite number >= 0, got -0.5"),
    ("two_moons: infinite noise", lambda: two_moons(10, noise=float("inf"), rng=rng()),
     "noise must be a finite number >= 0, got inf"),
    ("spirals: zero points per class", lambda: spirals(0, rng=rng()), "n_per_class must be a positive integer, got 0"),
    ("spirals: zero classes", lambda: spirals(5, n_classes=0, rng=rng()),
     "n_classes must be a positive integer, got 0"),
    ("digits_like: fractional n", lambda: digits_like(10.5, rng=rng()), "n must be a positive integer, got 10.5"),
    # Non-numeric input to an activation
    ("sigmoid of a string", lambda: sigmoid("abc"), "z must be numeric (bool, int or float), got str of dtype <U3"),
    ("relu of None", lambda: relu(None), "z must be numeric (bool, int or float), got NoneType of dtype object"),
    ("tanh of a list of strings", lambda: tanh(["1", "2"]),
     "z must be numeric (bool, int or float), got list of dtype <U1"),
    ("sigmoid of complex numbers", lambda: sigmoid(np.array([1j])),
     "z must be numeric (bool, int or float), got ndarray of dtype complex128"),
    ("relu of a ragged list", lambda: relu([[1.0, 2.0], [3.0]]), "z must be a numeric array, got list: "),
    # Finite differences
    ("numerical_gradient of a float32 array", lambda: numerical_gradient(np.sum, np.ones(2, dtype=np.float32)),
     "x must be a float64 ndarray to be perturbed in place, got ndarray of dtype float32"),
    # Batch norm and layer norm
    ("batchnorm: a batch of one in train mode", lambda: batchnorm_forward(np.ones((1, 3)), np.ones(3), np.zeros(3)),
     "training-mode batch norm needs a batch of N >= 2 examples: the batch variance of one example is 0"),
    ("batchnorm: eval mode without running statistics",
     lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), mode="eval"),
     "eval-mode batch norm normalizes with running statistics, so running must be a RunningStats, "
     "for example RunningStats.fresh(3); got None"),
    ("batchnorm: unknown mode", lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), mode="test"),
     "unknown batch norm mode 'test'; valid names are: eval, train"),
    ("batchnorm: gamma of the wrong shape", lambda: batchnorm_forward(np.ones((4, 3)), np.ones(2), np.zeros(3)),
     "gamma must have shape (3,), one entry per feature of X, got (2,)"),
    ("batchnorm: running given as a dict",
     lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), running={"mean": 0}),
     "running must be a RunningStats, for example RunningStats.fresh(3); got dict"),
    ("batchnorm: running statistics of the wrong size",
     lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), running=RunningStats.fresh(2)),
     "running statistics must have shape (3,) to match X (4, 3), got (2,)"),
    ("batchnorm: momentum above 1",
     lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), momentum=1.5),
     "momentum must lie in [0, 1], got 1.5"),
    ("batchnorm: eps=0", lambda: batchnorm_forward(np.ones((4, 3)), np.ones(3), np.zeros(3), eps=0),
     "eps must be a positive finite number, got 0"),
    ("batchnorm backward: dout of the wrong shape",
     lambda: batchnorm_backward(np.ones((4, 2)), batchnorm_forward(np.eye(4, 3), np.ones(3), np.zeros(3))[1]),
     "dout must have the shape of X, (4, 3), got (4, 2)"),
    ("layernorm: X is 1-D", lambda: layernorm_forward(np.ones(3), np.ones(3), np.zeros(3)),
     "X must be a 2-D array of shape (N, D), got shape (3,)"),
    ("MLP with batch norm: a batch of one", lambda: MLP([2, 3, 2], batchnorm=True, rng=rng()).loss_and_grads(
        np.ones((1, 2)), np.array([0])), "the batch variance of one example is 0"),
    # Residual blocks
    ("residual: W1 does not take D features", lambda: residual_forward(
        np.ones((2, 3)), np.ones((2, 4)), np.zeros(4), np.ones((4, 3)), np.zeros(3)),
     "W1 must take the 3 features of x, so it needs 3 rows; got W1 of shape (2, 4)"),
    ("residual: W2 does not map back to D", lambda: residual_forward(
        np.ones((2, 3)), np.ones((3, 4)), np.zeros(4), np.ones((4, 2)), np.zeros(2)),
     "W2 must map the 4 hidden units back to the 3 features of x, so it needs shape (4, 3); got W2 of shape (4, 2)"),
    ("residual: b1 of the wrong length", lambda: residual_forward(
        np.ones((2, 3)), np.ones((3, 4)), np.zeros(3), np.ones((4, 3)), np.zeros(3)),
     "b1 and b2 must have shapes (4,) and (3,), got (3,) and (3,)"),
    ("residual: infinite shortcut scale", lambda: residual_forward(
        np.ones((2, 3)), np.ones((3, 4)), np.zeros(4), np.ones((4, 3)), np.zeros(3), shortcut_scale=float("inf")),
     "shortcut_scale must be a finite number, got inf"),
    ("ResidualMLP: depth=0", lambda: ResidualMLP(2, 4, 2, depth=0, rng=rng()),
     "depth must be a positive integer, got 0"),
    ("ResidualMLP: rng=None", lambda: ResidualMLP(2, 4, 2, depth=1, rng=None), GENERATOR + "NoneType"),
    ("ResidualMLP: unknown loss", lambda: ResidualMLP(2, 4, 2, depth=1, loss="hinge", rng=rng()),
     "unknown loss 'hinge'; valid names are: cross_entropy, mse"),
    ("ResidualMLP: X with the wrong columns",
     lambda: ResidualMLP(2, 4, 2, depth=1, rng=rng()).loss_and_grads(np.ones((5, 3)), LABELS),
     "X must have 2 columns, got shape (5, 3)"),
    # Recurrent cells
    ("rnn: X is 2-D", lambda: rnn_forward(np.ones((2, 3)), np.zeros((2, 4)), *rnn_init(3, 4, rng())),
     "X must be a non-empty 3-D array of shape (N, T, D), got shape (2, 3)"),
    ("rnn: X has the wrong features", lambda: rnn_forward(np.ones((2, 5, 2)), np.zeros((2, 4)), *rnn_init(3, 4, rng())),
     "X[:, t] must have shape (N, 3) to match Wx (3, 4), got (2, 2)"),
    ("rnn: h0 of the wrong shape", lambda: rnn_forward(np.ones((2, 5, 3)), np.zeros((4,)), *rnn_init(3, 4, rng())),
     "h0 must have shape (2, 4): one state of H = 4 per example, got (4,)"),
    ("rnn: Wh not square", lambda: rnn_step_forward(np.ones((2, 3)), np.zeros((2, 4)), np.ones((3, 4)),
                                                    np.ones((4, 5)), np.zeros(4)),
     "Wh must have shape (H, H) = (4, 4) for H = 4 rows, got (4, 5)"),
    ("rnn backward: dH of the wrong shape", lambda: rnn_backward(
        np.ones((2, 5, 3)), rnn_forward(np.ones((2, 5, 3)), np.zeros((2, 4)), *rnn_init(3, 4, rng()))[1]),
     "dH must have the shape of the hidden states, (2, 5, 4), got (2, 5, 3)"),
    ("rnn_init: scale=0", lambda: rnn_init(3, 4, rng(), scale=0), "scale must be a positive finite number, got 0"),
    ("lstm: Wh with H instead of 4H columns", lambda: lstm_forward(np.ones((2, 5, 3)), np.zeros((2, 4)), np.zeros((2, 4)),
                                                                  np.ones((3, 16)), np.ones((4, 4)), np.zeros(16)),
     "Wh must have shape (H, 4H) = (4, 16) for H = 4 rows, got (4, 4)"),
    ("lstm: b of the wrong length", lambda: lstm_forward(np.ones((2, 5, 3)), np.zeros((2, 4)), np.zeros((2, 4)),
                                                         np.ones((3, 16)), np.ones((4, 16)), np.zeros(4)),
     "b must have shape (16,) to match Wh (4, 16), got (4,)"),
    ("lstm: c0 of the wrong shape", lambda: lstm_forward(np.ones((2, 5, 3)), np.zeros((2, 4)), np.zeros((2, 3)),
                                                         *lstm_init(3, 4, rng())),
     "c0 must have the shape of h0, (2, 4), got (2, 3)"),
    ("lstm step backward: dc of the wrong shape", lambda: lstm_step_backward(
        (np.zeros((2, 4)), np.zeros((2, 3))), lstm_step_forward(np.ones((2, 3)), np.zeros((2, 4)), np.zeros((2, 4)),
                                                                *lstm_init(3, 4, rng()))[1]),
     "dc must have the shape of the state, (2, 4), got (2, 3)"),
    ("lstm step backward: one gradient instead of the pair", lambda: lstm_step_backward(
        np.zeros((2, 4)), lstm_step_forward(np.ones((2, 3)), np.zeros((2, 4)), np.zeros((2, 4)),
                                            *lstm_init(3, 4, rng()))[1]),
     "dout must be the pair (dh, dc) of the step's two states, got ndarray"),
    ("lstm_init: forget_bias=None", lambda: lstm_init(3, 4, rng(), forget_bias=None),
     "forget_bias must be a finite number, got None"),
    ("lstm_init: RandomState", lambda: lstm_init(3, 4, np.random.RandomState(0)), GENERATOR + "RandomState"),
    ("gru: Wx with the wrong columns", lambda: gru_forward(np.ones((2, 5, 3)), np.zeros((2, 4)),
                                                           np.ones((3, 4)), np.ones((4, 12)), np.zeros(12)),
     "Wx must have shape (D, 3H) with 12 columns to match Wh (4, 12), got (3, 4)"),
    ("gru_init: H=0", lambda: gru_init(3, 0, rng()), "H must be a positive integer, got 0"),
    # Sequence tasks and the sequence model
    ("adding_problem: T=1", lambda: adding_problem(5, 1, rng()),
     "the adding problem needs T >= 2 steps for its two markers, got T=1"),
    ("adding_problem: first_window beyond the first half", lambda: adding_problem(5, 10, rng(), first_window=6),
     "first_window must be at most T // 2 = 5 so the first marker lies in the first half, got 6"),
    ("adding_problem: rng=None", lambda: adding_problem(5, 10, None), GENERATOR + "NoneType"),
    ("copy_memory: lag=0", lambda: copy_memory(5, 0, rng()), "lag must be a positive integer, got 0"),
    ("copy_memory: RandomState", lambda: copy_memory(5, 3, np.random.RandomState(0)), GENERATOR + "RandomState"),
    ("SequenceModel: unknown cell", lambda: SequenceModel(2, 4, 1, cell="transformer", rng=rng()),
     "unknown cell 'transformer'; valid names are: gru, lstm, rnn"),
    ("SequenceModel: init_options not a dict", lambda: SequenceModel(2, 4, 1, rng=rng(), init_options=2.0),
     "init_options must be a dict of keyword arguments or None, got 2.0"),
    ("SequenceModel: X is 2-D", lambda: SequenceModel(2, 4, 1, rng=rng()).predict(np.ones((5, 2))),
     "X must have shape (N, T, 2) with T >= read_last = 1, got (5, 2)"),
    ("SequenceModel: fewer steps than read_last",
     lambda: SequenceModel(2, 4, 3, read_last=5, rng=rng()).predict(np.ones((5, 4, 2))),
     "X must have shape (N, T, 2) with T >= read_last = 5, got (5, 4, 2)"),
    ("SequenceModel: labels of the wrong shape",
     lambda: SequenceModel(2, 4, 3, read_last=2, rng=rng()).loss_and_grads(np.ones((5, 4, 2)), np.zeros(5, int)),
     "y must have shape (5, 2) for loss 'cross_entropy' with read_last=2; got X (5, 4, 2) and y (5,)"),
    ("SequenceModel: mse targets of the wrong shape",
     lambda: SequenceModel(2, 4, 1, loss="mse", rng=rng()).loss_and_grads(np.ones((5, 4, 2)), np.zeros((5, 2))),
     "y must have shape (5, 1) or (5, 1, 1) for loss 'mse' with read_last=1; got X (5, 4, 2) and y (5, 2)"),
    # Training: clipping
    ("train: clip_norm and clip_value together",
     lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, clip_norm=1.0, clip_value=0.5),
     "give clip_norm or clip_value, not both: clipping by norm keeps the direction of the update and clipping "
     "by value does not; got clip_norm=1.0 and clip_value=0.5"),
    ("train: clip_value=0", lambda: train_sgd(net(), X, LABELS, lr=0.1, steps=1, clip_value=0),
     "clip_value must be a positive finite number, got 0"),
]

# Every initializer refuses impossible sizes and anything but a numpy.random.Generator.
for _name, _init in sorted(INITIALIZERS.items()):
    CASES += [
        (f"{_name}: n_in=0", lambda f=_init: f(0, 3, rng()), "n_in must be a positive integer, got 0"),
        (f"{_name}: n_out=2.5", lambda f=_init: f(3, 2.5, rng()), "n_out must be a positive integer, got 2.5"),
        (f"{_name}: n_out=True", lambda f=_init: f(3, True, rng()), "n_out must be a positive integer, got True"),
        (f"{_name}: rng=None", lambda f=_init: f(3, 2, None), GENERATOR + "NoneType"),
        (f"{_name}: RandomState", lambda f=_init: f(3, 2, np.random.RandomState(0)), GENERATOR + "RandomState"),
    ]
# Every activation and its derivative refuse non-numeric input.
for _name, (_f, _f_grad) in sorted(ACTIVATIONS.items()):
    CASES += [
        (f"{_name} of a string", lambda f=_f: f("x"), "z must be numeric (bool, int or float), got str"),
        (f"{_name}_grad of a string", lambda f=_f_grad: f("x"), "z must be numeric (bool, int or float), got str"),
    ]


@pytest.mark.parametrize("call, message", [pytest.param(call, message, id=name) for name, call, message in CASES])
def test_bad_input_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
