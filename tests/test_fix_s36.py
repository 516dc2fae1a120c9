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


def test_a_rational_of_any_size_is_written_exactly():
    from decimal import Decimal

    from vgtheory.core.claims import exact_text
    # str of an int past 4300 digits raises; the text must still carry every digit (R60a-1's witness point)
    r = sp.Rational(-(10**5000 + 7), 3 * 10**4999)
    p, q = exact_text(r).split("/")
    assert sp.Rational(int(Decimal(p)), int(Decimal(q))) == r


def test_a_step_grows_with_the_size_of_the_numbers_only():
    from vgtheory.core.budget import sized
    z = sp.Symbol("z")
    assert sized(1.0, sp.tanh(z) + z / 7) < 1.01
    big, huge = (sized(1.0, z**2 - 2 - sp.Rational(1, 10**k)) for k in (300, 2900))
    assert 1.2 < big < huge and huge > 3  # sympy's sqrt of the 2900-digit discriminant alone takes 1.7 s


@pytest.mark.slow
def test_r60a_1_breach_point_is_exact_and_inside_the_window():
    from decimal import Decimal

    from vgtheory.core.activations import activation
    from vgtheory.core.parsing import Z
    from vgtheory.theorems.hypotheses import check_increasing
    e = sp.Rational(1, 10**2900)
    q = (Z**2 - 2) * (Z**2 - 2 - e)  # < 0 exactly on (sqrt 2, sqrt(2 + e)) for t > 0
    check = check_increasing(activation(sp.integrate(sp.expand(q), Z)))
    assert check.verdict == "fails"
    p, d = check.witness["t"].split("/")
    t = Fraction(int(Decimal(p)), int(Decimal(d)))
    assert 2 < t * t < 2 + Fraction(1, 10**2900)
