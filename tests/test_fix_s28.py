"""Quick default-suite versions of the fixes of session 25 (the held-out originals run in the slow suite)."""

from __future__ import annotations

import math

import mpmath as mp
import pytest

from oracles import gaussian_expectation
from vgtheory.core.activations import activation
from vgtheory.meanfield.callable_slope import slope_beside_jumps
from vgtheory.meanfield.moments import Moments


@pytest.mark.parametrize(
    "jump, height, extra_slope, q",
    [("0.003", 0.001, 0.0, "2.25e-6"),  # R41b-1: sigma' continuous across the jump, 2 sd out
     ("0.3", 0.01, 0.5, "0.25"),  # sigma' jumps by 1/2 where sigma jumps
     ("-0.7", -0.02, 0.0, "1")],
)
def test_callable_jump_adds_nothing_to_D(jump, height, extra_slope, q):
    # D(q) = E[sigma'(u)^2] with sigma' taken almost everywhere: the jump's central-difference plateau (height / 2h
    # over 2h) is no part of it. Truth: sech^4 (+ the extra slope right of the jump) integrated by mpmath.
    J = float(jump)
    f = lambda t: math.tanh(t) + ((height + extra_slope * (t - J)) if t > J else 0.0)  # noqa: E731
    r = Moments.of(activation(f), "float64", 20).D(mp.mpf(q))
    truth = gaussian_expectation(lambda u: (mp.sech(u) ** 2 + (extra_slope if u > mp.mpf(jump) else 0)) ** 2, q,
                                 [mp.mpf(jump)])
    assert abs(r.value - truth) <= 2 * r.error + mp.mpf(10) ** -15


def test_one_sided_differences_beside_a_jump_are_second_order():
    # sigma = u^3 + [u > 0]: sigma' = 3u^2 on both sides; within 2h of the jump the difference is one-sided, and its
    # error for a cubic is 2h^2 |sigma'''| / 3 = 4 h^2 at most (h = 2^-17), where the central one read 1 / 2h.
    f = lambda t: t**3 + (1.0 if t > 0 else 0.0)  # noqa: E731
    central = lambda u: (f(u + 2.0**-17) - f(u - 2.0**-17)) / 2.0**-16  # noqa: E731
    slope = slope_beside_jumps(f, lambda u: [central(t) for t in u], [0.0])
    u = [-3e-6, -1e-9, 1e-9, 4e-6, 0.5]
    got = slope(u)
    assert max(central(t) for t in u[:4]) > 1e4  # the plateau the one-sided differences avoid
    for t, g in zip(u, got):
        assert abs(g - 3 * t * t) <= 4 * 2.0**-34 + 1e-9

