"""Gradient clipping: by global norm (keeps the direction) and by value (clamps each entry)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gradflow.clip import clip_by_norm, clip_by_value, global_norm

PROPERTY = settings(max_examples=100, deadline=None, database=None)


def make_grads(seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    return [scale * rng.normal(size=(3, 4)), scale * rng.normal(size=4), scale * rng.normal(size=(4, 2))]


def test_global_norm_is_the_norm_of_everything_concatenated():
    grads = make_grads()
    flat = np.concatenate([g.ravel() for g in grads])
    assert global_norm(grads) == pytest.approx(np.linalg.norm(flat), rel=1e-14)
    assert global_norm([np.array([3.0]), np.array([[4.0]])]) == 5.0


def test_clip_by_norm_rescales_to_max_norm_and_keeps_the_direction():
    grads = make_grads(scale=10.0)
    original = global_norm(grads)
    clipped, norm = clip_by_norm(grads, max_norm=2.0)
    assert norm == original  # the norm before clipping is returned
    assert global_norm(clipped) == pytest.approx(2.0, rel=1e-14)
    for c, g in zip(clipped, grads):
        assert c.shape == g.shape
        np.testing.assert_allclose(c, g * (2.0 / original), rtol=1e-14)  # proportional to the original


def test_clip_by_norm_leaves_small_gradients_unchanged():
    grads = make_grads(scale=0.01)
    clipped, norm = clip_by_norm(grads, max_norm=5.0)
    assert norm == global_norm(grads)
    assert all(np.array_equal(c, g) for c, g in zip(clipped, grads))


def test_clip_by_norm_does_not_modify_its_input():
    grads = make_grads(scale=10.0)
    copies = [g.copy() for g in grads]
    clip_by_norm(grads, max_norm=1.0)
    assert all(np.array_equal(g, c) for g, c in zip(grads, copies))


def test_clip_by_norm_refuses_non_finite_gradients():
    with pytest.raises(ValueError, match="cannot clip gradients whose norm is inf"):
        clip_by_norm([np.array([1.0, np.inf])], max_norm=1.0)
    with pytest.raises(ValueError, match="cannot clip gradients whose norm is nan"):
        clip_by_norm([np.array([1.0, np.nan])], max_norm=1.0)


def test_clip_by_value_clamps_each_entry():
    clipped = clip_by_value([np.array([3.0, -0.5, -7.0]), np.array([[0.25, 1.5]])], clip_value=1.0)
    assert clipped[0].tolist() == [1.0, -0.5, -1.0]
    assert clipped[1].tolist() == [[0.25, 1.0]]


def test_clip_by_value_can_change_the_direction():
    g = np.array([10.0, 1.0])
    (clipped,) = clip_by_value([g], clip_value=1.0)
    assert clipped.tolist() == [1.0, 1.0]  # no longer proportional to (10, 1)


def test_clip_by_value_refuses_a_non_positive_threshold():
    with pytest.raises(ValueError, match="clip_value must be a positive finite number, got 0"):
        clip_by_value([np.ones(2)], 0)


arrays = hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=5),
                    elements=st.floats(-1e6, 1e6, allow_nan=False))


@PROPERTY
@given(grads=st.lists(arrays, min_size=1, max_size=3), max_norm=st.floats(1e-3, 1e3))
def test_property_clip_by_norm_never_exceeds_max_norm_and_never_grows(grads, max_norm):
    clipped, norm = clip_by_norm(grads, max_norm)
    assert global_norm(clipped) <= max_norm * (1 + 1e-12)
    assert global_norm(clipped) <= norm * (1 + 1e-12)


@PROPERTY
@given(grads=st.lists(arrays, min_size=1, max_size=3), clip_value=st.floats(1e-3, 1e3))
def test_property_clip_by_value_bounds_every_entry(grads, clip_value):
    for c, g in zip(clip_by_value(grads, clip_value), grads):
        assert np.all(np.abs(c) <= clip_value)
        assert np.all(c[np.abs(g) <= clip_value] == g[np.abs(g) <= clip_value])
