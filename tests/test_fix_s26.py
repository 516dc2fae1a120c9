"""Quick default-suite versions of the fixes of session 23 (the held-out originals run in the slow suite:
tests/test_heldout_s35b.py and later rounds)."""

from __future__ import annotations

import math

import mpmath
import pytest

import vgtheory


@pytest.mark.parametrize("name, fn", [("tanh", math.tanh),
                                      pytest.param("softsign", lambda x: x / (1 + abs(x)), marks=pytest.mark.slow)])
def test_callable_init_agrees_with_the_registry_within_its_error(name, fn):
    # R35b-2: a float64 callable's central-difference slope carries ~1e-11 of truncation error; recommend_init's own
    # moments ignored it and took a root of chi1 = 1 in that noise (q* = 5.4e-6, sigma_w = 1.0000054, "chi1 = 1
    # +- 1.4e-14"). Both sigmas have sigma'(0) = 1, sigma_b = 0: critical at sigma_w = 1, q* = 0 (the orbit decays).
    exact, r = vgtheory.recommend_init(name), vgtheory.recommend_init(lambda x: fn(x))
    assert (exact.method, exact.sigma_w, exact.q) == ("critical", 1.0, 0.0)
    assert r.method == "critical" and r.q == 0.0
    assert abs(r.sigma_w - 1) <= 1e-9 and abs(r.chi1 - 1) <= r.chi1_error < 1e-8


def test_attracting_slope_is_printed_below_one():
    # "L'(q*) = 1 < 1" was a slope of 0.99999... rounded to 4 digits
    from vgtheory.meanfield.recommend import _short

    for x in (0.06025123, 0.9999999912, 0.99995, 1 - 2.0**-52):
        text = _short(x)
        assert float(text) < 1 and abs(float(text) - x) <= 5e-4 * x
