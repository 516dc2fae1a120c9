"""Quick regression tests of session 32's fixes (the held-out originals are in the slow suite)."""

from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory import kernel
from vgtheory.core.parsing import Z
from vgtheory.core.pole_shift import limit_value
from vgtheory.kernel.limits import continuous_everywhere, continuous_near


@pytest.mark.slow
@settings(max_examples=6, deadline=None)
@given(n=st.integers(0, 3))
def test_gamma_minus_its_principal_part_has_the_limit_of_the_recurrence(n):
    # Gamma(z - n) = Gamma(z + 1)/((z - n)...(z - 1) z); near 0 its principal part is (-1)^n/(n! z), and
    # Gamma(z - n) - (-1)^n/(n! z) -> (-1)^n/n! (psi(n + 1)) = (-1)^n/n! (H_n - EulerGamma) (R59b-4: n = 0 is
    # Gamma(z) - 1/z -> -EulerGamma). Both one-sided limits are needed: the left one asks Gamma(z + 1) continuous on
    # (-1, 0), which the kernel now proves.
    sign = sp.Integer(-1) ** n / sp.factorial(n)
    value = limit_value(sp.gamma(Z - n) - sign / Z, sp.Integer(0), 20.0)
    assert value is not None and sp.simplify(value - sign * (sp.harmonic(n) - sp.EulerGamma)) == 0


def test_a_true_pole_keeps_no_value():
    # Gamma(z) + 1/z ~ 2/z at 0: the one-sided limits are -oo and +oo.
    assert limit_value(sp.gamma(Z) + 1 / Z, sp.Integer(0), 10.0) is None


def test_continuity_near_a_finite_side_is_not_continuity_near_infinity():
    # z -> b + u/(1 + u) maps u > 0 onto (b, b + 1) only: Gamma(1 - z) is continuous on (0, 1) but has poles at every
    # integer z >= 1, so near +oo it is not continuous; near 0+ it is.
    assert continuous_near(sp.gamma(1 - Z), (sp.Integer(0), "+"))
    assert not continuous_near(sp.gamma(1 - Z), "+oo")
    assert kernel.limit(sp.gamma(1 - Z), "+oo") is None


def test_continuity_on_a_unit_side_needs_the_argument_positive_on_all_of_it():
    # Gamma(z + 1/2) has a pole at -1/2, inside (-1, 0): the unit side (-1, 0) must not pass, and the limit at 0- is
    # still Gamma(1/2) = sqrt(pi) by continuity at 0 itself.
    from vgtheory.kernel.limits import _U as u  # the kernel's own u > 0 (positive() knows it by identity)
    assert not continuous_everywhere(sp.gamma(sp.Rational(1, 2) - u / (1 + u)), u)
    assert continuous_everywhere(sp.gamma(1 - u / (1 + u)), u)
    fact = kernel.limit(sp.gamma(Z + sp.Rational(1, 2)), (sp.Integer(0), "-"))
    assert fact is not None and fact.value == sp.sqrt(sp.pi)


def test_a_relocated_pole_centre_stays_next_to_its_located_digits():
    # a = z^2 - 1 has the roots -1 and 1; c = 1 + 10^-120 is the root 1 to 120 digits, so the pole it names is 1:
    # a jump of findroot to -1 would probe the wrong point. c = 1 + 10^-30 is a point of its own (a pole of
    # 1/((z - 1)^2 - 10^-60) beside the Gamma pole 1, which moving onto 1 hid: R61b-3/4), so it is not moved.
    import mpmath

    from vgtheory.core.pole_shift import nearby_root as _nearby
    target = lambda x: x**2 - 1  # noqa: E731
    with mpmath.workdps(160):
        centre = mpmath.mpf(1) + mpmath.mpf(10) ** -120
        assert _nearby(centre, mpmath.findroot(target, centre))
        assert not _nearby(centre, mpmath.mpf(-1))
        assert not _nearby(centre, mpmath.mpc(1, 1e-140))
        far = mpmath.mpf(1) + mpmath.mpf(10) ** -30
        assert not _nearby(far, mpmath.findroot(target, far))


def test_code_for_mpmath_holds_integers_past_the_text_limit():
    # c = 1 + 10^-2200: sigma' of atan(c z) is c/(1 + c^2 z^2), and c^2 has 4400 digits, past Python's 4300-digit
    # int-to-text limit (R60a-2). At z = 1 the value is c/(1 + c^2) = 1/2 - (c - 1)^2/(2(1 + c^2)), so within 10^-4000
    # of 1/2 at 4500 digits, and not equal to 1/2.
    import mpmath

    from vgtheory.core.mp_code import lambdify_mp
    c = 1 + sp.Rational(1, 10**2200)
    f = lambdify_mp(Z, c / (1 + c**2 * Z**2))
    with mpmath.workdps(4500):
        gap = f(mpmath.mpf(1)) - mpmath.mpf(1) / 2
        assert gap < 0 and abs(gap) < mpmath.mpf(10) ** -4000
    big = sp.Integer(-(10**5000) - 7)
    assert lambdify_mp(Z, big * Z + 1)(mpmath.mpf(1)) == mpmath.mpf(-(10**5000) - 6)


def test_witness_text_of_a_huge_number():
    from vgtheory.properties.verdicts import show
    c = 1 + sp.Rational(1, 10**2200)
    assert "rational" in show(c**2) and show(sp.Rational(3, 7)) == "3/7" and show(None) == "undetermined"


def test_rounded_decimals_are_exact_and_signed():
    import mpmath

    from vgtheory.theorems.sign_sets import _decimal
    with mpmath.workdps(8000):
        x = mpmath.sqrt(2)
        r = _decimal(x, 7680)
        assert abs(mpmath.mpf(r.p) / r.q - x) <= mpmath.mpf(10) ** -7679
        assert _decimal(-x, 5) == sp.Rational(-14142, 10**4)
        assert _decimal(mpmath.mpf(-12345.6), 3) == -12300


def test_bisected_gamma_poles_keep_their_sign():
    # a = 5/2 - 4 exp(-10^8 |z + 1/3|^(2/3)) dips to -3/2 at z = -1/3, crossing 0 and -1 on each side of it
    # (R60b-1: the exact roots came out at +1/3).
    import mpmath

    from vgtheory.properties.features import _real_zeros
    from vgtheory.properties.gamma_poles import pole_crossings
    a = sp.Rational(5, 2) - 4 * sp.exp(-10**8 * sp.Abs(Z + sp.Rational(1, 3)) ** sp.Rational(2, 3))
    found = pole_crossings(sp.gamma(a), Z, -16, 16, _real_zeros)
    assert found
    with mpmath.workdps(150):
        # a = -k (k = 0, 1) where exp(-10^8 t^(2/3)) = (5 + 2k)/8, t = |z + 1/3|
        ts = [(mpmath.log(mpmath.mpf(8) / (5 + 2 * k)) / 10**8) ** 1.5 for k in (0, 1)]
        for exact, value in found:
            assert exact < 0 and abs(mpmath.mpf(exact.p) / exact.q - value) < mpmath.mpf(10) ** -100
            assert min(abs(value - (-mpmath.mpf(1) / 3 + s * t)) for s in (-1, 1) for t in ts) < 1e-20


def test_theorem2_reads_a_negative_mpf_input_with_its_sign():
    import mpmath

    from vgtheory.theorems.theorem2 import _exact
    assert _exact(mpmath.mpf(-1.5)) == sp.Rational(-3, 2) and _exact(mpmath.mpf(0.25)) == sp.Rational(1, 4)


@settings(max_examples=20, deadline=None)
@given(r1=st.fractions(-50, 50, max_denominator=10**6), gap=st.fractions(0, 3, max_denominator=10**9).filter(bool),
       s=st.integers(2, 7), rounds=st.integers(0, 5))
def test_narrowed_quadratic_roots_stay_enclosed(r1, gap, s, rounds):
    # f = (z - r1)(z - r2) + something irrational: z^2 + Bz + C with roots (-B +- sqrt(B^2 - 4C))/2; with r1 < r2
    # rational and s a non-square, f = z^2 - (r1 + r2) z + r1 r2 - 1/s has the roots m +- sqrt(h^2 + 1/s) (m the mean,
    # h half the gap), irrational. Each narrowed interval must hold its root, lie inside the interval it narrows, and
    # be as narrow as arb's ball at 64 * 2^rounds bits.
    from vgtheory.core.rational_sets import _narrowed
    z = sp.Symbol("z")
    r1 = sp.Rational(r1.numerator, r1.denominator)
    r2 = r1 + sp.Rational(gap.numerator, gap.denominator)
    f = sp.Poly(z**2 - (r1 + r2) * z + r1 * r2 - sp.Rational(1, s), z)
    m, h = (r1 + r2) / 2, (r2 - r1) / 2
    with mp.workdps(1200):  # 64 * 2^5 bits are 617 digits: the intervals are far wider than this precision's error
        q = lambda v: mp.mpf(int(v.p)) / int(v.q)  # noqa: E731
        roots = [q(m) + sign * mp.sqrt(q(h**2 + sp.Rational(1, s))) for sign in (-1, 1)]
        for (a, b), _ in f.intervals():
            lo, hi = _narrowed(f, a, b, rounds, z)
            assert a <= lo < hi <= b and sum(q(lo) < r < q(hi) for r in roots) == 1
            assert hi - lo < sp.Rational(1, 2 ** (50 << rounds))  # arb's ball, not refine_root's 2^(6*2^rounds)-fold


@pytest.mark.slow
@pytest.mark.parametrize("bounded", [True, False])
def test_gamma_poles_past_the_probes_reach_are_read_deeper(bounded):
    # a = -11|z| - 92 <= -92 has the poles -n (n >= 92) of Gamma at z = +-(n - 92)/11, the first at 0: there
    # Gamma(a) ~ 1/(92! eps), 92! ~ 10^142, so at the 140-digit probes it moves like a pole in both forms below. Off the
    # poles 1/(1 + Gamma(a)^2) lies in (0, 1], so sigma = tanh z + e^(-z^2)/(1 + Gamma(a)^2) is bounded (no pole may be
    # reported, R60b-4), while sigma = tanh z + e^(-z^2) Gamma(a) has a pole at each (a pole must be reported).
    from vgtheory.core.activations import activation
    from vgtheory.properties.singular import located_pole
    g = sp.gamma(-11 * sp.Abs(Z) - 92)
    expr = sp.tanh(Z) + sp.exp(-Z**2) * (1 / (1 + g**2) if bounded else g)
    found = located_pole(activation(expr).value, expr, reach=3)
    if bounded:
        assert found is None
    else:  # at a pole: 11|z| + 92 an integer there (the probe stands 10^-130 or less from it)
        assert found is not None
        with mp.workdps(140):
            v = 11 * abs(found[0]) + 92
            assert abs(v - mp.nint(v)) < mp.mpf(10) ** -100
