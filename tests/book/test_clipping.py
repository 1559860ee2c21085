"""Every claim of the "Gradient clipping" chapter, checked on the very runs the page shows.

The arguments are those the snippets and figures use, so these tests share their cached results.
"""

import numpy as np
import pytest

from gradflow.book import clipping as C
from gradflow.book import exploding as E
from gradflow.book.nets import digits_relu_net
from gradflow.clip import clip_by_norm, clip_by_value
from gradflow.diagnostics import angle_degrees
from gradflow.data import digits_like

THETA = 5.0  # the threshold of the rescue, the common-practice value the page discusses


def cosine(u, v):
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


# --- By norm or by value -------------------------------------------------------------------------

def test_angle_degrees_of_known_pairs():
    assert angle_degrees(np.array([1.0, 0.0]), np.array([0.0, 2.0])) == pytest.approx(90.0)
    assert angle_degrees(np.array([1.0, 1.0]), np.array([-1.0, -1.0])) == pytest.approx(180.0)
    assert angle_degrees([np.ones(3), np.ones((2, 2))], [2 * np.ones(3), 2 * np.ones((2, 2))]) == 0.0


def test_2d_example_norm_clipping_keeps_the_direction_value_clipping_turns_it():
    g = np.array([4.0, 1.0])
    (by_norm,), before = clip_by_norm([g], max_norm=1.0)
    (by_value,) = clip_by_value([g], clip_value=1.0)
    assert before == pytest.approx(np.sqrt(17))
    assert cosine(g, by_norm) == pytest.approx(1.0, abs=1e-12)          # cosine 1: the same direction
    assert np.linalg.norm(by_norm) == pytest.approx(1.0, rel=1e-12)
    assert by_value.tolist() == [1.0, 1.0]
    assert cosine(g, by_value) == pytest.approx(5 / np.sqrt(34), rel=1e-12)  # 0.857..., not 1
    assert 30 < angle_degrees(g, by_value) < 32                        # the page prints 31.0
    assert np.linalg.norm(by_value) > 1.4                                # longer than the threshold


def test_on_a_real_gradient_norm_clipping_never_turns_value_clipping_does_until_theta_exceeds_every_entry():
    run = C.clip_angles()
    t = run["thresholds"]
    for scale in (1.0, 2.0):
        r = run[scale]
        assert np.all(r["by_norm"] < 1e-9), scale                         # "below 1e-4 degrees" at every threshold
        assert np.all(np.diff(r["by_value"]) <= 1e-9), scale             # the angle shrinks as theta grows
        assert np.all(r["by_value"][t > r["max_abs"]] == 0.0), scale     # nothing clamped, nothing turned
        assert np.all(r["by_value"][t < r["max_abs"] / 2] > 0.5), scale
        assert r["by_value"][0] > 60, scale                              # "more than 60 degrees" for tiny thresholds
    he, doubled = run[1.0], run[2.0]
    assert 0.1 < he["max_abs"] < 0.5 and 100 < doubled["max_abs"] < 1000
    assert 1 < he["norm"] < 5 and 1000 < doubled["norm"] < 3000
    at = {c: int(np.argmin(np.abs(np.log10(t / c)))) for c in (0.01, 0.1, 10.0, 100.0)}
    assert 30 < he["by_value"][at[0.01]] < 50 and 3 < he["by_value"][at[0.1]] < 12
    assert 30 < doubled["by_value"][at[10.0]] < 45 and 5 < doubled["by_value"][at[100.0]] < 20


def test_value_clipping_tends_to_sign_descent():
    X, y = digits_like(500, rng=np.random.default_rng(0))
    _, grads = digits_relu_net(2.0).loss_and_grads(X, y)
    g = np.concatenate([p.ravel() for p in grads.params()])
    k = np.count_nonzero(g)
    formula = np.degrees(np.arccos(np.abs(g).sum() / (np.sqrt(k) * np.linalg.norm(g))))
    assert angle_degrees(g, np.sign(g)) == pytest.approx(formula, abs=1e-6)
    assert abs(angle_degrees(g, clip_by_value([g], 1e-8)) - formula) < 0.1
    assert k < g.size  # some entries are exactly zero, which is why k, not the size, enters the formula


# --- The rescue -----------------------------------------------------------------------------------

def test_without_clipping_the_net_diverges_exactly_as_in_the_exploding_chapter():
    plain = C.clipping_rescue(clip_norm=THETA)["plain"]
    assert plain["diverged_at"] is not None
    same = E.exploding_relu(scales=(1.0, 2.0), hidden_layers=8, width=64)[2.0]
    assert plain["diverged_at"] == same["diverged_at"] == 4
    np.testing.assert_array_equal(plain["loss"], same["loss"])           # the same net, batches and step size
    assert plain["total_grad_norm"][3] > 1e100


def test_with_clipping_the_same_run_converges_and_every_applied_norm_respects_the_threshold():
    run = C.clipping_rescue(clip_norm=THETA)
    plain, clipped = run["plain"], run["clipped"]
    assert clipped["diverged_at"] is None and len(clipped["loss"]) == 300
    assert np.isfinite(clipped["loss"]).all() and np.isfinite(clipped["total_grad_norm"]).all()
    assert np.all(clipped["clipped_grad_norm"] <= THETA * (1 + 1e-12))  # at every step
    np.testing.assert_allclose(clipped["clipped_grad_norm"], np.minimum(clipped["total_grad_norm"], THETA),
                               rtol=1e-12)
    # Both start from the same step 0; only clipping differs.
    assert clipped["loss"][0] == plain["loss"][0] and clipped["total_grad_norm"][0] > 1000
    assert clipped["final_loss"] < 1.0 and clipped["final_loss"] < clipped["loss"][0] / 100
    assert clipped["final_loss"] < np.nanmin(plain["loss"])              # lower than the plain run ever got
    assert clipped["accuracy"] > 0.7


def test_the_rescued_run_is_clipped_at_every_step_yet_its_raw_norm_falls():
    clipped = C.clipping_rescue(clip_norm=THETA)["clipped"]
    norms = clipped["total_grad_norm"]
    assert np.all(norms > THETA)                                         # "steps clipped: 100%"
    last = norms[-100:]
    assert 10 < np.median(last) < 30 and last.min() > THETA             # the page: median 15.6, smallest 7.26
    assert np.median(last) < norms[0] / 30


# --- Choosing the threshold -----------------------------------------------------------------------

def test_healthy_run_is_healthy_and_the_chosen_threshold_sits_in_its_upper_tail():
    run = C.healthy_norms(steps=200)
    norms = run["total_grad_norm"]
    assert run["diverged_at"] is None and run["final_loss"] < run["loss"][0]
    median, p95 = np.percentile(norms, [50, 95])
    assert median < THETA < p95 < norms.max()                            # between the median and the 95th percentile
    assert 0.05 < np.mean(norms > THETA) < 0.3                           # trims a minority of healthy steps
    assert 4 < 2 * median < 7                                            # "2 x median" lands near 5 as well
    assert norms.max() / THETA < 2.5                                     # and trims them only mildly


def test_healthy_norms_drift_upwards_during_training():
    norms = C.healthy_norms(steps=200)["total_grad_norm"]
    assert np.median(norms[100:]) > 2.5 * np.median(norms[:100])
    # "A threshold taken from the first 100 steps alone would clip nearly every later step"
    early = 2 * np.median(norms[:100])
    assert np.mean(norms[100:] > early) > 0.9 and C.facts()["early_clips"] == 100 * np.mean(norms[100:] > early)


def test_threshold_sweep_too_small_is_slow_a_wide_middle_works_too_large_kills_the_relus():
    run = C.threshold_sweep()
    t, loss = run["thresholds"], run["final_loss"]
    assert t.tolist() == [1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]
    assert not run["diverged"].any() and np.isfinite(loss).all()
    median = np.median(loss, axis=1)
    middle = (t >= 3) & (t <= 100)
    assert np.all(loss[middle] < C.GOOD_LOSS) and np.all(median[middle] < 1.0)
    # the page's "about right" range is the thresholds where every seed ends below GOOD_LOSS; above it, "too large"
    facts = C.facts()
    assert (facts["good_low"], facts["good_high"]) == (3.0, 100.0) and t[middle].tolist() == [3.0, 10.0, 30.0, 100.0]
    assert t[t > facts["good_high"]].tolist() == [facts["big_low"], facts["big_high"]]
    assert np.all(run["clipped_share"][t == 1.0] == 1.0) and median[t == 1.0][0] > 2 * median[middle].max()
    assert np.all(np.abs(loss[t == 1000.0] - np.log(10)) < 0.01)         # stuck at ln 10
    assert np.all(run["dead_max"][t == 1000.0] > 0.9)
    assert np.all(run["clipped_share"][t == 1000.0] > 0)                 # every seed saw norms above a thousand
    assert median[t == 300.0][0] > 1.5 and run["dead_max"][t == 300.0].max() > 0.9
    assert np.all(run["dead_max"][middle] < 0.5)


def test_the_healthy_band_lies_in_the_working_range_of_the_sweep():
    median, p95 = np.percentile(C.healthy_norms(steps=200)["total_grad_norm"], [50, 95])
    run = C.threshold_sweep()
    t = run["thresholds"]
    inside = (t >= median / 2) & (t <= p95 * 2)                          # the thresholds around the band: 3 and 10
    assert t[inside].tolist() == [3.0, 10.0]
    assert np.all(np.median(run["final_loss"][inside], axis=1) < 1.0)


def test_in_the_middle_range_thresholds_matter_less_than_seeds():
    run = C.threshold_sweep()
    t, loss = run["thresholds"], run["final_loss"]
    middle = loss[(t >= 3) & (t <= 100)]
    between_thresholds = np.ptp(np.median(middle, axis=1))
    between_seeds = np.ptp(middle, axis=1).max()
    assert between_thresholds < between_seeds


def test_init_and_clipping_each_do_their_part_over_the_seeds():
    """"Clipping rescues the doubled net on every seed. For the He net it cuts both ways: on some
    seeds the unclipped run ends higher, up to ... times, on others clipping leaves the loss higher,
    by up to ...%; it caps ...% to ...% of the clipped He run's steps; He alone ends below the
    doubled net with clipping on ... of the seeds"."""
    runs, facts = C.init_and_clipping(), C.facts()
    he, he_clipped = runs["he"]["final_loss"], runs["he_clipped"]["final_loss"]
    doubled, doubled_clipped = runs["doubled"], runs["doubled_clipped"]["final_loss"]
    assert len(he) == facts["baseline_seeds"] >= 5
    assert np.all(doubled["diverged_at"] >= 0) and np.all(np.isfinite(doubled_clipped))
    # both ways, each on more than one seed, and by a margin that is not noise
    assert facts["he_helped"] == np.sum(he_clipped < he / 1.01) >= 2 and facts["he_gain"] > 2
    assert facts["he_hurt"] == np.sum(he_clipped > 1.01 * he) >= 2 and facts["he_cost"] > 25
    assert facts["he_helped"] + facts["he_hurt"] <= len(he)
    # "no rare event": the threshold is reached on a large share of the clipped He run's steps
    share = runs["he_clipped"]["clipped_share"]
    assert share.min() > 0.2 and facts["he_clipped_share_max"] == 100 * share.max()
    # "He initialization alone ends below the doubled net with clipping on ... of the seeds": most of them
    assert facts["he_beats_doubled"] == np.sum(he < doubled_clipped) > len(he) / 2


def test_clipping_by_value_turns_the_gradient_by_up_to_its_sign_angle():
    """Figure 2: "below that the gradient turns, by up to ...°" - the largest angle is reached at the
    smallest thresholds, where clip-by-value gives the sign of the gradient."""
    run, facts = C.clip_angles(), C.facts()
    for scale in (1.0, 2.0):
        assert run[scale]["by_value"].max() <= facts["largest_turn"] + 1e-9
        assert run[scale]["by_value"][0] == pytest.approx(run[scale]["by_value"].max(), abs=1.0)
    assert 45 < facts["largest_turn"] < 90
