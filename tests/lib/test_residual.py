"""Residual blocks and the residual MLP: forward, backward against finite differences, identity shortcuts."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.data import two_moons
from gradflow.gradcheck import numerical_gradient, numerical_gradient_array, rel_error
from gradflow.losses import softmax_cross_entropy
from gradflow.residual import ResidualGradients, ResidualMLP, residual_backward, residual_forward
from gradflow.train import train_sgd


def not_tiny(*arrays, floor=1e-4):
    """Entries near 0 cannot be checked to a relative 1e-6 by centred differences; refuse such problems."""
    entries = np.concatenate([a.ravel() for a in arrays])
    assert np.abs(entries).min() > floor, "ill-conditioned problem: pick another seed"


def block_params(rng, D=3, H=4, zero_last=False):
    """(W1, b1, W2, b2) of a block, in the order residual_forward takes them."""
    return [rng.normal(size=(D, H)), rng.normal(size=H),
            np.zeros((H, D)) if zero_last else rng.normal(size=(H, D)), rng.normal(size=D)]


def test_forward_is_scaled_input_plus_branch():
    rng = np.random.default_rng(0)
    (W1, b1, W2, b2), x = block_params(rng), rng.normal(size=(5, 3))
    out, _ = residual_forward(x, W1, b1, W2, b2, activation="tanh", shortcut_scale=0.5)
    np.testing.assert_allclose(out, 0.5 * x + np.tanh(x @ W1 + b1) @ W2 + b2, rtol=1e-14)


@pytest.mark.parametrize("scale", [1.0, 0.7, 0.0])
@pytest.mark.parametrize("activation", ["tanh", "silu"])
def test_block_backward_matches_finite_differences(activation, scale):
    rng = np.random.default_rng(1)
    p, x, dout = block_params(rng), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    grads = residual_backward(dout, residual_forward(x, *p, activation=activation, shortcut_scale=scale)[1])
    not_tiny(*grads)

    def out_of(_):
        return residual_forward(x, *p, activation=activation, shortcut_scale=scale)[0]

    # input first, then the parameters in the order of the forward
    for name, g, arr in zip(grads._fields, grads, [x, *p]):
        assert rel_error(g, numerical_gradient_array(out_of, arr, dout)) < 1e-6, name


def test_block_with_a_zero_last_layer_has_an_identity_jacobian():
    rng = np.random.default_rng(2)
    p, x, dout = block_params(rng, zero_last=True), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    out, cache = residual_forward(x, *p, activation="relu")
    grads = residual_backward(dout, cache)
    np.testing.assert_array_equal(out, x + p[3])
    np.testing.assert_array_equal(grads.dx, dout)
    assert np.all(grads.dW1 == 0) and np.all(grads.db1 == 0)  # nothing reaches the first layer yet
    assert np.abs(grads.dW2).max() > 0  # but the zero layer itself gets a gradient, so it can grow


@pytest.mark.parametrize("scale", [1.0, 0.5, 1.5])
def test_a_stack_of_identity_blocks_scales_the_gradient_by_lambda_to_the_depth(scale):
    rng = np.random.default_rng(3)
    depth = 12
    blocks = [block_params(rng, zero_last=True) for _ in range(depth)]
    x = rng.normal(size=(4, 3))
    caches = []
    for p in blocks:
        x, cache = residual_forward(x, *p, activation="tanh", shortcut_scale=scale)
        caches.append(cache)
    dout = rng.normal(size=x.shape)
    dx = dout
    for cache in reversed(caches):
        dx = residual_backward(dx, cache).dx
    np.testing.assert_allclose(dx, scale**depth * dout, rtol=1e-13)


# With this seed every gradient entry is at least 1e-3 in magnitude, for both losses and both scales;
# the gradient check asserts it, so a change of seed or sizes cannot silently weaken the check.
def mlp_problem(loss, seed=22, **kwargs):
    rng = np.random.default_rng(seed)
    net = ResidualMLP(2, 3, 2, depth=2, activation="tanh", init="xavier_normal", loss=loss, rng=rng, **kwargs)
    for b in net.b:
        b[:] = rng.normal(0.0, 0.5, b.shape)
    X = rng.normal(size=(4, 2))
    y = rng.normal(size=(4, 2)) if loss == "mse" else rng.integers(0, 2, 4)
    return net, X, y


@pytest.mark.parametrize("scale", [1.0, 0.6])
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_residual_mlp_backward_matches_finite_differences(loss, scale):
    net, X, y = mlp_problem(loss, shortcut_scale=scale)
    _, grads = net.loss_and_grads(X, y)
    not_tiny(*grads.params(), grads.dX, *grads.dhidden)

    def loss_now(_):
        return net.loss_and_grads(X, y)[0]

    for p, g in zip(net.params(), grads.params()):
        assert rel_error(g, numerical_gradient(loss_now, p)) < 1e-6
    assert rel_error(grads.dX, numerical_gradient(loss_now, X)) < 1e-6


def test_the_gradient_at_every_block_input_matches_finite_differences():
    net, X, y = mlp_problem("cross_entropy")
    _, (_, block_caches, output_cache) = net.forward(X)
    _, grads = net.loss_and_grads(X, y)
    for block in range(net.depth + 1):
        # x_block: the input of block `block`, or the last block's output for block == depth.
        x_l = (block_caches[block].dense1.X if block < net.depth else output_cache.X).copy()

        def loss_from(x, first=block):
            for later in range(first, net.depth):
                x, _ = residual_forward(x, *net.block_params(later), activation=net.activation,
                                        shortcut_scale=net.shortcut_scale)
            return softmax_cross_entropy(x @ net.W[-1] + net.b[-1], y)[0]

        assert rel_error(grads.dhidden[block], numerical_gradient(loss_from, x_l)) < 1e-6, block


def test_identity_blocks_pass_the_gradient_unchanged_through_the_network():
    rng = np.random.default_rng(5)
    net = ResidualMLP(2, 8, 2, depth=10, init_branch_zero=True, rng=rng)
    X, y = rng.normal(size=(6, 2)), rng.integers(0, 2, 6)
    _, grads = net.loss_and_grads(X, y)
    assert isinstance(grads, ResidualGradients) and len(grads.dhidden) == 11
    for d in grads.dhidden:
        np.testing.assert_array_equal(d, grads.dhidden[-1])
    scaled = ResidualMLP(2, 8, 2, depth=10, init_branch_zero=True, shortcut_scale=0.8, rng=np.random.default_rng(5))
    _, grads = scaled.loss_and_grads(X, y)
    np.testing.assert_allclose(grads.dhidden[0], 0.8**10 * grads.dhidden[-1], rtol=1e-13)


def test_structure_params_and_gradient_order():
    net = ResidualMLP(3, 5, 2, depth=2, branch_width=7, rng=np.random.default_rng(0))
    assert [W.shape for W in net.W] == [(3, 5), (5, 7), (7, 5), (5, 7), (7, 5), (5, 2)]
    assert all(np.all(b == 0) for b in net.b)
    assert net.params()[2] is net.W[1] and net.params()[3] is net.b[1]
    assert net.block_params(1)[2] is net.W[4]
    _, grads = net.loss_and_grads(np.ones((4, 3)), np.array([0, 1, 1, 0]))
    assert [g.shape for g in grads.params()] == [p.shape for p in net.params()]
    assert grads.params()[4] is grads.dW[2]


def test_same_seed_gives_the_same_network():
    a = ResidualMLP(2, 4, 2, depth=3, rng=np.random.default_rng(9))
    b = ResidualMLP(2, 4, 2, depth=3, rng=np.random.default_rng(9))
    assert all(np.array_equal(p, q) for p, q in zip(a.params(), b.params()))


def test_a_deep_residual_mlp_trains_with_sgd():
    X, y = two_moons(200, rng=np.random.default_rng(0))
    net = ResidualMLP(2, 16, 2, depth=8, init_branch_zero=True, rng=np.random.default_rng(1))
    hist = train_sgd(net, X, y, lr=0.1, steps=200)
    assert not hist.diverged and hist.loss[-1] < 0.3 * hist.loss[0]
    assert hist.grad_norms.shape == hist.update_norms.shape == hist.bias_grad_norms.shape == (200, 18)
    np.testing.assert_allclose(hist.update_norms, 0.1 * hist.grad_norms, rtol=1e-12)
