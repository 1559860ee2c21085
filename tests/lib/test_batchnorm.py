"""Batch norm and layer norm: what they compute, their backward passes, and batch norm inside the MLP."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.batchnorm import (RunningStats, batchnorm_backward, batchnorm_forward, layernorm_backward,
                                layernorm_forward)
from gradflow.gradcheck import numerical_gradient, numerical_gradient_array, rel_error
from gradflow.mlp import MLP
from gradflow.train import train_sgd


def not_tiny(*arrays, floor=1e-4):
    """Entries near 0 cannot be checked to a relative 1e-6 by centred differences; refuse such problems."""
    entries = np.concatenate([a.ravel() for a in arrays])
    assert np.abs(entries).min() > floor, "ill-conditioned problem: pick another seed"


@pytest.fixture
def problem():
    rng = np.random.default_rng(3)
    X = rng.normal(1.0, 2.0, size=(5, 4))
    gamma, beta = rng.normal(1.0, 0.5, 4), rng.normal(size=4)
    dout = rng.normal(size=(5, 4))
    return X, gamma, beta, dout


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_batchnorm_backward_matches_finite_differences(problem, mode):
    X, gamma, beta, dout = problem

    def stats():
        # Fresh statistics at every call, so the perturbed calls do not move them.
        return RunningStats(mean=np.array([0.5, -1.0, 2.0, 0.0]), var=np.array([2.0, 0.5, 1.5, 3.0]))

    def forward(X, gamma, beta):
        return batchnorm_forward(X, gamma, beta, mode=mode, running=stats())[0]

    dX, dgamma, dbeta = batchnorm_backward(dout, batchnorm_forward(X, gamma, beta, mode=mode, running=stats())[1])
    not_tiny(dX, dgamma, dbeta)
    assert rel_error(dX, numerical_gradient_array(lambda v: forward(v, gamma, beta), X, dout)) < 1e-6
    assert rel_error(dgamma, numerical_gradient_array(lambda v: forward(X, v, beta), gamma, dout)) < 1e-6
    assert rel_error(dbeta, numerical_gradient_array(lambda v: forward(X, gamma, v), beta, dout)) < 1e-6


def test_layernorm_backward_matches_finite_differences(problem):
    X, gamma, beta, dout = problem
    dX, dgamma, dbeta = layernorm_backward(dout, layernorm_forward(X, gamma, beta)[1])
    not_tiny(dX, dgamma, dbeta)
    assert rel_error(dX, numerical_gradient_array(lambda v: layernorm_forward(v, gamma, beta)[0], X, dout)) < 1e-6
    assert rel_error(dgamma, numerical_gradient_array(lambda v: layernorm_forward(X, v, beta)[0], gamma, dout)) < 1e-6
    assert rel_error(dbeta, numerical_gradient_array(lambda v: layernorm_forward(X, gamma, v)[0], beta, dout)) < 1e-6


def test_train_mode_output_has_zero_mean_and_unit_variance_per_feature(problem):
    X = problem[0]
    out, _ = batchnorm_forward(X, np.ones(4), np.zeros(4))
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    var = X.var(axis=0)
    np.testing.assert_allclose(out.var(axis=0), var / (var + 1e-5), rtol=1e-12)  # 1 but for eps
    np.testing.assert_allclose(out.var(axis=0), 1.0, atol=1e-3)


def test_gamma_and_beta_set_the_std_and_mean(problem):
    X, gamma, beta, _ = problem
    out, _ = batchnorm_forward(X, gamma, beta)
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), np.abs(gamma), rtol=1e-4)


def test_layernorm_normalizes_each_example_over_its_features(problem):
    X = problem[0]
    out, _ = layernorm_forward(X, np.ones(4), np.zeros(4))
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=1), 1.0, atol=1e-4)
    one, _ = layernorm_forward(X[:1], np.ones(4), np.zeros(4))  # a batch of one is fine
    np.testing.assert_array_equal(one, out[:1])


def test_batchnorm_output_is_invariant_to_scaling_the_incoming_weights():
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(16, 5)), rng.normal(size=(5, 3))
    gamma, beta, dout = rng.normal(size=3), rng.normal(size=3), rng.normal(size=(16, 3))

    def out_of(W):
        return batchnorm_forward(X @ W, gamma, beta)[0]

    np.testing.assert_allclose(out_of(10.0 * W), out_of(W), atol=1e-5)  # equal but for eps
    # So the gradient with respect to W shrinks by the same factor: larger weights learn more slowly.
    dW = numerical_gradient_array(out_of, W.copy(), dout)
    dW_scaled = numerical_gradient_array(out_of, 10.0 * W, dout)
    np.testing.assert_allclose(dW_scaled, dW / 10.0, rtol=1e-4, atol=1e-8)


def test_batch_of_one_in_train_mode_raises_and_eval_mode_works():
    X = np.array([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"N >= 2 .* variance of one example is 0.* mode='eval'"):
        batchnorm_forward(X, np.ones(2), np.zeros(2))
    out, _ = batchnorm_forward(X, np.ones(2), np.zeros(2), mode="eval", running=RunningStats.fresh(2))
    np.testing.assert_allclose(out, X / np.sqrt(1.0 + 1e-5))


def test_train_mode_updates_the_running_statistics_with_momentum():
    rng = np.random.default_rng(1)
    stats = RunningStats.fresh(3)
    mean, var = np.zeros(3), np.ones(3)
    for _ in range(3):
        X = rng.normal(2.0, 3.0, size=(8, 3))
        batchnorm_forward(X, np.ones(3), np.zeros(3), running=stats, momentum=0.8)
        mean, var = 0.8 * mean + 0.2 * X.mean(axis=0), 0.8 * var + 0.2 * X.var(axis=0)
    np.testing.assert_allclose(stats.mean, mean, rtol=1e-14)
    np.testing.assert_allclose(stats.var, var, rtol=1e-14)


def test_running_statistics_approach_the_population_ones():
    rng = np.random.default_rng(2)
    stats = RunningStats.fresh(2)
    for _ in range(300):
        batchnorm_forward(rng.normal([5.0, -1.0], [2.0, 0.5], size=(64, 2)), np.ones(2), np.zeros(2), running=stats)
    np.testing.assert_allclose(stats.mean, [5.0, -1.0], atol=0.2)
    np.testing.assert_allclose(stats.var, [4.0, 0.25], rtol=0.1)


def test_eval_mode_uses_the_running_statistics_and_treats_rows_independently(problem):
    X, gamma, beta, _ = problem
    stats = RunningStats(mean=np.array([1.0, 2.0, 3.0, 4.0]), var=np.array([4.0, 1.0, 0.25, 9.0]))
    out, _ = batchnorm_forward(X, gamma, beta, mode="eval", running=stats)
    np.testing.assert_allclose(out, gamma * (X - stats.mean) / np.sqrt(stats.var + 1e-5) + beta, rtol=1e-14)
    np.testing.assert_array_equal(batchnorm_forward(X[2:3], gamma, beta, mode="eval", running=stats)[0], out[2:3])
    assert stats.mean.tolist() == [1.0, 2.0, 3.0, 4.0]  # eval mode does not update them


# Batch norm inside the MLP.

def bn_problem(seed=5):
    rng = np.random.default_rng(seed)
    net = MLP([3, 4, 4, 2], "tanh", batchnorm=True, rng=rng)
    for layer in range(2):
        net.gamma[layer][:] = rng.normal(1.0, 0.3, 4)
        net.beta[layer][:] = rng.normal(0.0, 0.5, 4)
    return net, rng.normal(size=(5, 3)), rng.integers(0, 2, 5)


def test_mlp_with_batchnorm_matches_finite_differences():
    net, X, y = bn_problem()
    _, grads = net.loss_and_grads(X, y)

    def loss_now(_):
        return net.loss_and_grads(X, y)[0]

    checked = [*net.W, net.b[-1], *net.gamma, *net.beta, X]
    analytic = [*grads.dW, grads.db[-1], *grads.dgamma, *grads.dbeta, grads.dX]
    not_tiny(*analytic)
    for p, g in zip(checked, analytic):
        assert rel_error(g, numerical_gradient(loss_now, p)) < 1e-6
    for db in grads.db[:-1]:  # batch norm subtracts the batch mean: a hidden bias does nothing
        assert np.abs(db).max() < 1e-12


def test_mlp_with_batchnorm_params_order_and_predict_modes():
    net, X, y = bn_problem()
    assert net.params()[:4] == [net.W[0], net.b[0], net.gamma[0], net.beta[0]]
    _, grads = net.loss_and_grads(X, y)
    assert [g.shape for g in grads.params()] == [p.shape for p in net.params()]
    assert grads.params()[2] is grads.dgamma[0] and grads.params()[3] is grads.dbeta[0]
    # loss_and_grads ran in train mode, which moved the running statistics.
    assert not np.allclose(net.running[0].mean, 0.0)
    eval_out = net.predict(X)
    np.testing.assert_allclose(net.predict(X[:1]), eval_out[:1], rtol=1e-13)  # in eval mode rows are independent
    assert not np.allclose(net.predict(X, mode="train"), eval_out)


def test_mlp_without_batchnorm_is_unchanged():
    net = MLP([3, 4, 2], rng=np.random.default_rng(0))
    assert net.gamma == net.beta == net.running == []
    assert len(net.params()) == 4


def test_mlp_with_batchnorm_trains_with_sgd():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    net = MLP([2, 16, 16, 2], "relu", init="he_normal", batchnorm=True, rng=rng)
    hist = train_sgd(net, X, y, lr=0.2, steps=150, batch_size=32, rng=rng)
    assert hist.loss[-10:].mean() < 0.5 * hist.loss[:10].mean()
    assert hist.update_norms.shape == (150, 3)
    np.testing.assert_allclose(hist.update_norms, 0.2 * hist.grad_norms, rtol=1e-12)
