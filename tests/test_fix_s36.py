"""Quick regression tests of session 33's changes."""

from __future__ import annotations

from fractions import Fraction

import mpmath as mp
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.dyadic import ratio, rational
from vgtheory.core.parsing import Z


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
    assert 1.2 < big < huge and huge > 3  # sympy's sqrt of the 2900-digit discriminant alone takes 1.5 s of CPU


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


def test_numpy_code_holds_integers_past_the_text_limit():
    # sigma' of atan(c z), c = 1 + 10^-2200, is c/(1 + c^2 z^2): c^2 has 4401 digits (R61b-6). At z = 1 the value is
    # 1/2 - (c - 1)^2/(2(1 + c^2)): 1/2 in float64.
    import numpy as np

    from vgtheory.core.mp_code import lambdify_np
    from vgtheory.core.parsing import Z
    from vgtheory.meanfield.float_forms import NUMPY_MODULES
    c = 1 + sp.Rational(1, 10**2200)
    f = lambdify_np(Z, c / (1 + c**2 * Z**2), NUMPY_MODULES)
    assert np.allclose(f(np.array([1.0, 0.0])), [0.5, 1.0], rtol=1e-15, atol=0)


def test_a_results_value_of_any_size_is_serialised_exactly():
    from decimal import Decimal

    from vgtheory.properties.verdicts import PropertyResult
    a = (1 + sp.Rational(1, 10**2200)) ** 2  # sigma'(0) of c tanh(c z): 4401 digits (R61b-7)
    p, q = PropertyResult("linear_at_origin", "inconclusive", "numeric", value=a).to_dict()["value"].split("/")
    assert sp.Rational(int(Decimal(p)), int(Decimal(q))) == a


@pytest.mark.parametrize("n, deeper", [(92, True), (40, False), (50000, False)])
def test_a_gamma_pole_is_read_deeper_only_where_its_factorial_meets_the_probes(n, deeper):
    # 1/(1 + Gamma(a)^2) near a = -n falls like (n! eps)^2: at 140 digits the probes (eps >= 10^-130) see it fall for
    # n = 92 (92! ~ 10^142), see nothing for n = 50000 (10^213236: R61b-2 asked that many digits), and n = 40 (10^48)
    # is read at the probes' own depth
    import mpmath

    from vgtheory.properties.singular import _past_factorial
    expr = 1 / (1 + sp.gamma(-Z - n) ** 2)
    with mpmath.workdps(140):
        out = _past_factorial(lambda t: 1 / (1 + mpmath.gamma(-t - n) ** 2), expr, mpmath.mpf(0))
    assert (out is not False) == deeper


def test_an_mpf_made_at_a_higher_precision_is_read_to_its_last_bit():
    # probes are made at dps + 20 digits and read exactly at dps: rounding them first moved them to other points
    import mpmath
    with mpmath.workprec(200):
        t = mpmath.mpf(1) / 3
    assert rational(t) == sp.Rational(*mpmath.libmp.to_rational(t._mpf_)) and rational(t).q == 2**201
