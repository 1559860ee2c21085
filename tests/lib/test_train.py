"""SGD training: it learns, records the right things, clips, and stops cleanly on divergence."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gradflow.clip import global_norm
from gradflow.data import two_moons
from gradflow.mlp import MLP
from gradflow.train import History, train_sgd


@pytest.fixture(scope="module")
def moons():
    return two_moons(200, rng=np.random.default_rng(0))


def fresh_net(**kwargs):
    return MLP([2, 16, 16, 2], "tanh", rng=np.random.default_rng(1), **kwargs)


def test_full_batch_training_learns_two_moons(moons):
    X, y = moons
    net = fresh_net()
    hist = train_sgd(net, X, y, lr=0.5, steps=300)
    assert hist.loss[-1] < 0.1 * hist.loss[0]
    assert np.all(np.diff(hist.loss[:50]) < 0)  # full-batch GD with a small step goes down at first
    assert np.mean(net.predict(X).argmax(axis=1) == y) > 0.95
    assert not hist.diverged and hist.diverged_at is None
    assert str(hist) == f"300 steps, final loss {hist.loss[-1]:.4g}"


def test_minibatch_training_learns_and_is_reproducible(moons):
    X, y = moons
    runs = []
    for _ in range(2):
        net = fresh_net()
        runs.append((train_sgd(net, X, y, lr=0.5, steps=300, batch_size=32, rng=np.random.default_rng(2)), net))
    (h1, net1), (h2, net2) = runs
    assert np.array_equal(h1.loss, h2.loss)
    assert all(np.array_equal(p, q) for p, q in zip(net1.params(), net2.params()))
    full_batch_loss, _ = net1.loss_and_grads(X, y)
    assert full_batch_loss < 0.2 * h1.loss[0]


def test_history_shapes(moons):
    X, y = moons
    hist = train_sgd(fresh_net(), X, y, lr=0.1, steps=7)
    assert isinstance(hist, History)
    assert hist.loss.shape == (7,)
    assert hist.total_grad_norm.shape == (7,)
    for name in ("grad_norms", "update_norms", "weight_norms", "update_ratio"):
        assert getattr(hist, name).shape == (7, 3), name


def test_history_records_the_first_step_exactly(moons):
    X, y = moons
    net = fresh_net()
    loss, grads = net.loss_and_grads(X, y)
    weights = [np.linalg.norm(W) for W in net.W]
    hist = train_sgd(net, X, y, lr=0.1, steps=1)
    assert hist.loss[0] == loss
    np.testing.assert_allclose(hist.grad_norms[0], [np.linalg.norm(g) for g in grads.dW], rtol=1e-14)
    np.testing.assert_allclose(hist.weight_norms[0], weights, rtol=1e-14)
    assert hist.total_grad_norm[0] == pytest.approx(global_norm(grads.params()), rel=1e-14)


def test_one_step_applies_minus_lr_times_the_gradient(moons):
    X, y = moons
    net = fresh_net()
    before = [p.copy() for p in net.params()]
    _, grads = net.loss_and_grads(X, y)
    train_sgd(net, X, y, lr=0.3, steps=1)
    for p, p0, g in zip(net.params(), before, grads.params()):
        np.testing.assert_allclose(p, p0 - 0.3 * g, rtol=1e-14, atol=1e-16)


def test_update_norms_equal_lr_times_grad_norms_without_clipping(moons):
    X, y = moons
    hist = train_sgd(fresh_net(), X, y, lr=0.25, steps=20)
    np.testing.assert_allclose(hist.update_norms, 0.25 * hist.grad_norms, rtol=1e-12)
    np.testing.assert_allclose(hist.update_ratio, hist.update_norms / hist.weight_norms, rtol=1e-15)


def test_clip_norm_bounds_the_applied_update_and_keeps_its_direction(moons):
    X, y = moons
    lr, clip = 0.5, 0.05
    net = fresh_net()
    for _ in range(5):
        before = [p.copy() for p in net.params()]
        _, grads = net.loss_and_grads(X, y)
        assert global_norm(grads.params()) > clip  # so clipping is really exercised
        train_sgd(net, X, y, lr=lr, steps=1, clip_norm=clip)
        applied = [p - p0 for p, p0 in zip(net.params(), before)]
        assert global_norm(applied) == pytest.approx(lr * clip, rel=1e-9)
        scale = lr * clip / global_norm(grads.params())
        for u, g in zip(applied, grads.params()):
            np.testing.assert_allclose(u, -scale * g, rtol=1e-9, atol=1e-15)


def test_clip_norm_in_the_history(moons):
    X, y = moons
    lr, clip = 0.5, 0.05
    hist = train_sgd(fresh_net(), X, y, lr=lr, steps=30, clip_norm=clip)
    assert np.all(hist.total_grad_norm > clip)
    weight_update_total = np.sqrt(np.sum(hist.update_norms**2, axis=1))
    assert np.all(weight_update_total <= lr * clip * (1 + 1e-12))
    assert np.all(hist.grad_norms * lr > hist.update_norms)  # grad_norms are recorded before clipping


def test_a_large_clip_norm_changes_nothing(moons):
    X, y = moons
    plain = train_sgd(fresh_net(), X, y, lr=0.5, steps=10)
    clipped = train_sgd(fresh_net(), X, y, lr=0.5, steps=10, clip_norm=1e6)
    assert np.array_equal(plain.loss, clipped.loss)


def huge_init(n_in, n_out, rng):
    return rng.normal(0.0, 50.0, (n_in, n_out))


DIVERGING = {
    "huge init": dict(sizes=[2, 32, 32, 32, 2], activation="elu", init=huge_init, lr=0.1),
    "huge lr, overflow in the gradient": dict(sizes=[2, 16, 2], activation="relu", init="xavier_normal", lr=10.0),
    "huge lr, overflow in the loss": dict(sizes=[2, 16, 2], activation="tanh", init="xavier_normal", lr=1e3),
}


@pytest.mark.parametrize("case", sorted(DIVERGING))
def test_divergence_stops_training_at_the_first_non_finite_step_without_warning(case, moons):
    X, y = moons
    Y = np.eye(2)[y]
    spec = dict(DIVERGING[case])
    lr, sizes = spec.pop("lr"), spec.pop("sizes")
    net = MLP(sizes, rng=np.random.default_rng(1), loss="mse", **spec)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hist = train_sgd(net, X, Y, lr=lr, steps=200)
    assert [w for w in caught if issubclass(w.category, RuntimeWarning)] == []
    assert caught == []

    k = hist.diverged_at
    assert hist.diverged and k is not None and k < 199
    assert len(hist.loss) == k + 1
    finite = np.isfinite(hist.loss) & np.isfinite(hist.total_grad_norm)
    assert np.all(finite[:k]) and not finite[k]  # k is the first step with inf or NaN
    assert hist.grad_norms.shape == hist.update_norms.shape == hist.weight_norms.shape == (k + 1, len(sizes) - 1)
    assert np.all(np.isnan(hist.update_norms[k]))  # no update applied at the diverged step
    assert f"diverged at step {k}" in str(hist)


def test_clipped_grad_norm_equals_the_total_without_clipping(moons):
    X, y = moons
    hist = train_sgd(fresh_net(), X, y, lr=0.5, steps=10)
    assert hist.clipped_grad_norm.shape == (10,)
    assert np.array_equal(hist.clipped_grad_norm, hist.total_grad_norm)


def test_clipped_grad_norm_is_at_most_clip_norm(moons):
    X, y = moons
    hist = train_sgd(fresh_net(), X, y, lr=0.5, steps=30, clip_norm=0.05)
    assert np.all(hist.total_grad_norm > 0.05)
    np.testing.assert_allclose(hist.clipped_grad_norm, 0.05, rtol=1e-12)
    hist = train_sgd(fresh_net(), X, y, lr=0.5, steps=30, clip_norm=0.5)
    assert np.all(hist.clipped_grad_norm <= 0.5 * (1 + 1e-12))
    np.testing.assert_allclose(hist.clipped_grad_norm, np.minimum(hist.total_grad_norm, 0.5), rtol=1e-12)


def test_clip_value_clamps_every_entry_of_the_applied_update(moons):
    X, y = moons
    lr, clip = 0.5, 0.01
    net = fresh_net()
    before = [p.copy() for p in net.params()]
    _, grads = net.loss_and_grads(X, y)
    assert max(np.abs(g).max() for g in grads.params()) > clip  # so clipping is really exercised
    hist = train_sgd(net, X, y, lr=lr, steps=1, clip_value=clip)
    for p, p0, g in zip(net.params(), before, grads.params()):
        np.testing.assert_allclose(p - p0, -lr * np.clip(g, -clip, clip), rtol=1e-12, atol=1e-17)
    expected = global_norm([np.clip(g, -clip, clip) for g in grads.params()])
    assert hist.clipped_grad_norm[0] == pytest.approx(expected, rel=1e-12)
    assert hist.clipped_grad_norm[0] < hist.total_grad_norm[0]


def test_clip_value_training_still_learns(moons):
    X, y = moons
    hist = train_sgd(fresh_net(), X, y, lr=0.5, steps=200, clip_value=0.05)
    assert hist.loss[-1] < 0.3 * hist.loss[0]


def test_bias_grad_norms_are_the_norms_of_db(moons):
    X, y = moons
    net = fresh_net()
    _, grads = net.loss_and_grads(X, y)
    hist = train_sgd(net, X, y, lr=0.1, steps=5)
    assert hist.bias_grad_norms.shape == (5, 3)
    np.testing.assert_allclose(hist.bias_grad_norms[0], [np.linalg.norm(g) for g in grads.db], rtol=1e-14)


class _NoBiasGradients:
    def __init__(self, grads):
        self.dW, self._flat = grads.dW, grads.params()

    def params(self):
        return self._flat


class _ModelWithoutDb:
    """An MLP whose gradients carry no ``db``: training must still run and record NaN speeds."""

    def __init__(self, net):
        self.net, self.W, self.n_layers = net, net.W, net.n_layers

    def params(self):
        return self.net.params()

    def loss_and_grads(self, X, y):
        loss, grads = self.net.loss_and_grads(X, y)
        return loss, _NoBiasGradients(grads)


def test_bias_grad_norms_are_nan_when_the_gradients_have_no_db(moons):
    X, y = moons
    hist = train_sgd(_ModelWithoutDb(fresh_net()), X, y, lr=0.1, steps=3)
    assert hist.bias_grad_norms.shape == (3, 3) and np.all(np.isnan(hist.bias_grad_norms))
    assert np.all(np.isfinite(hist.grad_norms))


def test_diverged_step_records_nan_clipped_norm(moons):
    X, y = moons
    net = MLP([2, 16, 2], "relu", rng=np.random.default_rng(1), loss="mse")
    hist = train_sgd(net, X, np.eye(2)[y], lr=10.0, steps=200)
    assert hist.diverged
    assert np.isnan(hist.clipped_grad_norm[-1]) and np.all(np.isfinite(hist.clipped_grad_norm[:-1]))
    assert hist.bias_grad_norms.shape == (len(hist.loss), 2)
