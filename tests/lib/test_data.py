"""Toy datasets: documented shapes and dtypes, balanced labels, and determinism from an explicit rng."""

from __future__ import annotations

import numpy as np
import pytest

from gradflow.data import digit_templates, digits_like, spirals, two_moons

MAKERS = {
    "spirals": lambda seed: spirals(40, n_classes=3, rng=np.random.default_rng(seed)),
    "two_moons": lambda seed: two_moons(101, rng=np.random.default_rng(seed)),
    "digits_like": lambda seed: digits_like(105, rng=np.random.default_rng(seed)),
}


def test_spirals_shapes_dtypes_and_balanced_labels():
    X, y = spirals(40, n_classes=4, rng=np.random.default_rng(0))
    assert X.shape == (160, 2) and X.dtype == np.float64
    assert y.shape == (160,) and y.dtype.kind == "i"
    assert np.bincount(y).tolist() == [40, 40, 40, 40]


def test_spirals_radius_grows_from_0_to_1_in_each_arm():
    X, y = spirals(50, n_classes=3, noise=0.0, rng=np.random.default_rng(0))
    for k in range(3):
        r = np.linalg.norm(X[y == k], axis=1)
        np.testing.assert_allclose(r, np.linspace(0.0, 1.0, 50), atol=1e-15)


def test_two_moons_shapes_dtypes_and_labels():
    X, y = two_moons(101, rng=np.random.default_rng(0))
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert y.shape == (101,) and y.dtype.kind == "i"
    assert np.bincount(y).tolist() == [51, 50]  # the first half, rounded up, is class 0
    assert np.all(y[:51] == 0) and np.all(y[51:] == 1)


def test_two_moons_without_noise_lie_on_the_two_half_circles():
    X, y = two_moons(40, noise=0.0, rng=np.random.default_rng(0))
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0, rtol=1e-14)


def test_digits_like_shapes_dtypes_range_and_balance():
    X, y = digits_like(105, rng=np.random.default_rng(0))
    assert X.shape == (105, 64) and X.dtype == np.float64
    assert y.shape == (105,) and y.dtype.kind == "i"
    assert X.min() >= 0.0 and X.max() <= 1.0
    assert X.min() == 0.0 and X.max() == 1.0  # noise is clipped at both ends
    counts = np.bincount(y, minlength=10)
    assert len(counts) == 10 and counts.max() - counts.min() <= 1


def test_digits_like_without_noise_is_a_shifted_scaled_template_of_its_label():
    X, y = digits_like(30, noise=0.0, rng=np.random.default_rng(0))
    templates = digit_templates()
    for image, label in zip(X.reshape(-1, 8, 8), y):
        intensity = image.max()
        assert 0.6 <= intensity <= 1.0
        shifted = [np.roll(templates[label], (dr, dc), axis=(0, 1)) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
        assert any(np.allclose(image, intensity * t, rtol=0, atol=1e-15) for t in shifted)


def test_digit_templates_are_ten_distinct_binary_images():
    t = digit_templates()
    assert t.shape == (10, 8, 8)
    assert set(np.unique(t).tolist()) == {0.0, 1.0}
    assert len({image.tobytes() for image in t}) == 10
    # The "8" lights every segment, so every other digit is contained in it.
    assert np.all(t <= t[8])


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_same_seed_gives_the_same_data(name):
    X1, y1 = MAKERS[name](7)
    X2, y2 = MAKERS[name](7)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_different_seeds_give_different_data(name):
    X1, _ = MAKERS[name](7)
    X2, _ = MAKERS[name](8)
    assert not np.allclose(X1, X2)


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_datasets_do_not_touch_the_global_random_state(name):
    state = np.random.get_state()
    MAKERS[name](0)
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]
