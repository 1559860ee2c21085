"""The MLP: structure, forward pass, and the backward pass against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.activations import ACTIVATIONS, get_activation
from gradflow.gradcheck import numerical_gradient, rel_error
from gradflow.losses import softmax_cross_entropy
from gradflow.mlp import MLP, Gradients

SIZES = [2, 3, 3, 2]  # three weight layers
N = 3
SMOOTH = ["sigmoid", "tanh", "gelu", "silu", "softplus", "elu"]
KINKED = ["relu", "leaky_relu"]
# rel_error is elementwise, and centred differences in float64 carry an absolute error of about
# 1e-11, so a gradient entry near 0 cannot be checked to 1e-7. With this seed every gradient entry
# is at least 5e-4 in magnitude (or exactly 0, for a dead relu unit) and every hidden pre-activation
# is more than 1e-3 away from the relu kink, for all eight activations and both losses; the test
# asserts both, so a change of seed or sizes cannot silently weaken the check.
SEED = 259


def make_problem(activation, loss, seed=SEED):
    """A small net with random weights and biases, a batch X, and labels (cross_entropy) or 0/1 targets (mse)."""
    rng = np.random.default_rng(seed)
    extra = {"loss": "mse", "output_activation": "sigmoid"} if loss == "mse" else {}
    net = MLP(SIZES, activation, init=lambda n_in, n_out, r: r.normal(0.0, 1.5 / np.sqrt(n_in), (n_in, n_out)),
              rng=rng, **extra)
    for b in net.b:
        b[:] = rng.normal(0.0, 0.5, b.shape)
    X = rng.normal(size=(N, SIZES[0]))
    if loss == "mse":
        y = rng.integers(0, 2, size=(N, SIZES[-1])).astype(float)
    else:
        y = rng.integers(0, SIZES[-1], size=N)
    return net, X, y


def pre_activations(net, X):
    """z of every hidden layer, recomputed by hand."""
    a, zs = X, []
    f = ACTIVATIONS[net.activation][0]
    for W, b in zip(net.W[:-1], net.b[:-1]):
        z = a @ W + b
        zs.append(z)
        a = f(z)
    return zs


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("activation", SMOOTH + KINKED)
def test_backward_pass_matches_finite_differences(activation, loss):
    net, X, y = make_problem(activation, loss)
    # A perturbation of 1e-5 moves z by far less than 1e-3, so no unit crosses the relu kink.
    assert min(np.abs(z).min() for z in pre_activations(net, X)) > 1e-3
    _, grads = net.loss_and_grads(X, y)
    entries = np.concatenate([g.ravel() for g in [*grads.dW, *grads.db, grads.dX]])
    assert np.abs(entries[entries != 0.0]).min() > 5e-4, "ill-conditioned problem: pick another SEED"

    def loss_now(_):
        return net.loss_and_grads(X, y)[0]

    for layer in range(net.n_layers):
        assert rel_error(grads.dW[layer], numerical_gradient(loss_now, net.W[layer])) < 1e-7, f"dW[{layer}]"
        assert rel_error(grads.db[layer], numerical_gradient(loss_now, net.b[layer])) < 1e-7, f"db[{layer}]"
    assert rel_error(grads.dX, numerical_gradient(loss_now, X)) < 1e-7, "dX"


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_db_is_the_batch_sum_of_delta(activation, loss):
    net, X, y = make_problem(activation, loss)
    _, grads = net.loss_and_grads(X, y)
    for layer in range(net.n_layers):
        assert np.array_equal(grads.db[layer], grads.delta[layer].sum(axis=0))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_dhidden_is_the_gradient_at_every_hidden_layer_output(activation):
    net, X, y = make_problem(activation, "cross_entropy")
    _, grads = net.loss_and_grads(X, y)
    _, caches = net.forward(X, mode="train")
    assert isinstance(grads, Gradients) and len(grads.dhidden) == net.n_layers - 1
    for layer in range(1, net.n_layers):
        a = caches[layer].dense.X.copy()  # a^layer, the output of hidden layer `layer`

        def loss_from(a, first=layer):  # the rest of the network, from a^layer on
            for later in range(first, net.n_layers):
                z = a @ net.W[later] + net.b[later]
                a = get_activation(net.activation)[0](z) if later < net.n_layers - 1 else z
            return softmax_cross_entropy(a, y)[0]
        assert rel_error(grads.dhidden[layer - 1], numerical_gradient(loss_from, a)) < 1e-7, layer


def test_gradients_params_follow_the_order_of_model_params():
    net, X, y = make_problem("tanh", "cross_entropy")
    _, grads = net.loss_and_grads(X, y)
    assert [p.shape for p in net.params()] == [g.shape for g in grads.params()]
    assert grads.params()[0] is grads.dW[0] and grads.params()[1] is grads.db[0]
    assert net.params()[0] is net.W[0] and net.params()[5] is net.b[2]


def test_forward_pass_matches_a_hand_computation():
    net, X, _ = make_problem("tanh", "mse")
    a = X
    for W, b in zip(net.W[:-1], net.b[:-1]):
        a = np.tanh(a @ W + b)
    expected = 1.0 / (1.0 + np.exp(-(a @ net.W[-1] + net.b[-1])))
    np.testing.assert_allclose(net.predict(X), expected, rtol=1e-14)


def test_cross_entropy_output_is_linear_logits():
    net, X, _ = make_problem("relu", "cross_entropy")
    a = X
    for W, b in zip(net.W[:-1], net.b[:-1]):
        a = np.maximum(a @ W + b, 0.0)
    np.testing.assert_allclose(net.predict(X), a @ net.W[-1] + net.b[-1], rtol=1e-14)


def test_loss_and_grads_does_not_change_the_parameters_or_the_input():
    net, X, y = make_problem("silu", "cross_entropy")
    before = [p.copy() for p in net.params()]
    X_before = X.copy()
    net.loss_and_grads(X, y)
    assert all(np.array_equal(p, q) for p, q in zip(net.params(), before))
    assert np.array_equal(X, X_before)


def test_construction_layers_and_zero_biases():
    net = MLP([5, 7, 2], activation="relu", init="he_normal", rng=np.random.default_rng(0))
    assert net.n_layers == 2
    assert net.sizes == [5, 7, 2]
    assert [W.shape for W in net.W] == [(5, 7), (7, 2)]
    assert all(np.all(b == 0.0) for b in net.b)


def test_same_seed_gives_the_same_network():
    a = MLP([4, 6, 3], rng=np.random.default_rng(9))
    b = MLP([4, 6, 3], rng=np.random.default_rng(9))
    assert all(np.array_equal(p, q) for p, q in zip(a.params(), b.params()))


def test_callable_init_is_used_for_every_layer():
    calls = []

    def init(n_in, n_out, rng):
        calls.append((n_in, n_out))
        return np.full((n_in, n_out), 0.125)

    net = MLP([2, 3, 4], init=init, rng=np.random.default_rng(0))
    assert calls == [(2, 3), (3, 4)]
    assert all(np.all(W == 0.125) for W in net.W)
