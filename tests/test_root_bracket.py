"""properties.sampling.bisect_root: a sign change to the working precision, in few steps where f is smooth.

Truths by construction: roots of linear and polynomial functions with known roots, and sign changes at
known points of step functions, poles and flat pieces.
"""

from __future__ import annotations

import mpmath
from hypothesis import given, settings, strategies as st

from vgtheory.properties.sampling import bisect_root


def _counted(f):
    calls = []

    def g(t):
        calls.append(t)
        return f(t)
    return g, calls


@settings(max_examples=25, deadline=None)
@given(root=st.fractions(-10**6, 10**6).filter(bool), scale=st.integers(-300, 300), dps=st.sampled_from([15, 60, 330]),
       left=st.fractions(1, 10**3), right=st.fractions(1, 10**3), flip=st.booleans(), swap=st.booleans())
def test_a_simple_root_is_found_to_the_working_precision_in_few_steps(root, scale, dps, left, right, flip, swap):
    with mpmath.workdps(dps):
        r = mpmath.mpf(root.numerator) / root.denominator * mpmath.mpf(10) ** scale
        unit = mpmath.mpf(10) ** scale
        lo = r - mpmath.mpf(left.numerator) / left.denominator * unit
        hi = r + mpmath.mpf(right.numerator) / right.denominator * unit
        # a cubic with one real root at r: 3 s² + 1 > 0, so s(s² + 1) crosses 0 only at s = 0
        g, calls = _counted(lambda t: (1 - 2 * flip) * ((t - r) / unit) * (((t - r) / unit) ** 2 + 1))
        x = bisect_root(g, hi, lo) if swap else bisect_root(g, lo, hi)
        assert abs(x - r) <= 8 * max(abs(lo), abs(hi)) * mpmath.ldexp(1, -mpmath.mp.prec)
        # bisection takes one step per bit (1,100 at 330 digits); superlinear steps take tens (a root at
        # exactly 0 has no relative precision to stop at: bisection's count, as before)
        assert len(calls) <= 80


@settings(max_examples=25, deadline=None)
@given(point=st.fractions(-100, 100), kind=st.sampled_from(["step", "pole", "flat"]), swap=st.booleans())
def test_a_sign_change_without_a_smooth_root_is_still_bracketed(point, kind, swap):
    with mpmath.workdps(40):
        p = mpmath.mpf(point.numerator) / point.denominator
        if kind == "step":
            f = lambda t: mpmath.mpf(-1) if t < p else mpmath.mpf(1)  # noqa: E731
        elif kind == "pole":
            f = lambda t: 1 / (t - p) if t != p else mpmath.mpf(1)  # noqa: E731
        else:  # 0 on [p, p + 1]: the change of sign (0 counts as positive) is at p
            f = lambda t: t - p if t < p else (mpmath.mpf(0) if t <= p + 1 else t - p - 1)  # noqa: E731
        lo, hi = p - mpmath.mpf(3) / 7, p + mpmath.mpf(5) / 3
        g, calls = _counted(f)
        x = bisect_root(g, hi, lo) if swap else bisect_root(g, lo, hi)
        assert abs(x - p) <= 8 * max(abs(lo), abs(hi)) * mpmath.ldexp(1, -mpmath.mp.prec)
        assert len(calls) <= 3 * (mpmath.mp.prec + 40)
