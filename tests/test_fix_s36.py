"""Quick regression tests of session 33's changes."""

from __future__ import annotations

from fractions import Fraction

import mpmath as mp
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.dyadic import ratio, rational


@settings(max_examples=60, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False), k=st.integers(-3000, 3000))
def test_an_mpf_is_read_as_its_exact_value_sign_included(x, k):
    # Every finite double is a dyadic rational that Fraction reads exactly; scaling by 2^k is exact in mpf too.
    # mpf.man_exp and mpf.man are unsigned: reading them by hand put roots at -z (R14a-3, R60b-1).
    t = mp.ldexp(mp.mpf(x), k)
    truth = Fraction(x) * (Fraction(2) ** k)
    p, q = ratio(t)
    assert Fraction(p, q) == truth and q > 0 and q & (q - 1) == 0
    assert rational(t) == sp.Rational(truth.numerator, truth.denominator)


@pytest.mark.parametrize("bad", [mp.inf, -mp.inf, mp.nan])
def test_a_non_finite_mpf_has_no_rational(bad):
    with pytest.raises(ValueError):
        ratio(bad)
