"""Holm's correction, the t and BCa intervals, TOST (numpy/scipy only)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.empirical.stats import bca_interval, holm, t_interval, tost_p, welch_interval

pvals = st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(pvals)
def test_holm_matches_its_definition(ps):
    adj = holm(ps)
    family = [(i, p) for i, p in enumerate(ps) if p is not None]
    m = len(family)
    order = sorted(family, key=lambda t: t[1])
    for rank, (i, p) in enumerate(order):
        expected = max(min(1.0, (m - j) * order[j][1]) for j in range(rank + 1))
        assert adj[i] == expected
        assert p <= adj[i] <= 1.0
    assert all(a is None for a, p in zip(adj, ps) if p is None)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=30))
def test_t_interval_brackets_the_mean_and_agrees_with_scipy(xs):
    from scipy import stats

    iv = t_interval(xs)
    assert iv.low <= iv.estimate <= iv.high
    if np.std(xs) > 1e-9 * (1 + np.abs(xs).max()):
        res = stats.ttest_1samp(xs, 0.0)
        ci = res.confidence_interval(0.95)
        np.testing.assert_allclose([iv.low, iv.high, iv.p], [ci.low, ci.high, res.pvalue],
                                   rtol=1e-6, atol=1e-9)


def test_bca_interval_on_a_skewed_sample_contains_the_estimate():
    x = np.random.default_rng(0).lognormal(0, 1, 12)
    iv = bca_interval(lambda v, axis=-1: np.mean(v, axis=axis), [x], paired=False, n_resamples=2000)
    assert iv.kind == "bca" and iv.low < iv.estimate < iv.high
    assert iv.high - iv.estimate > iv.estimate - iv.low  # right-skewed sample, longer right arm


def test_welch_and_tost():
    rng = np.random.default_rng(1)
    a, b = rng.normal(1.0, 0.1, 12), rng.normal(0.0, 0.3, 12)
    iv = welch_interval(a, b)
    assert iv.low < 1.0 < iv.high and iv.p < 1e-6
    close = rng.normal(0.0, 0.005, 12)
    assert tost_p(close, 0.02) < 0.01 and tost_p(close + 0.05, 0.02) > 0.5
