"""Held-out red-team set 13a (symbolic side): inputs the package got right, with the truth derived here.

Each expected verdict comes from an argument written beside the test (where a tangent has its pole, the
one-sided slopes of a kink, the sign of an exponential polynomial) and the witness points are checked
with mpmath at 50 digits; nothing is copied from the package's output. Inputs the package got wrong are
in the red team's notes (summarised in CHANGELOG.md).
"""

from __future__ import annotations

import mpmath
import sympy as sp
import pytest

from vgtheory.core.activations import activation
from vgtheory.properties.smoothness import check_c1, check_c2, check_continuous
from vgtheory.theorems.hypotheses import check_concave, check_increasing

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow

POS = sp.Interval.open(0, sp.oo)
S2 = "sqrt(2)"


def _mp(s: str) -> mpmath.mpf:
    return mpmath.mpf(sp.N(sp.sympify(s), 60))


# -- poles and jumps of tan(2 atan z): 2 atan(1) = pi/2 -------------------------------------------------


def test_tan_of_twice_atan_has_its_pole_at_1_on_the_reals():
    # tan(2 atan z) = 2z/(1 - z^2) for z != +-1: a pole at z = 1 (and -1), so neither continuous nor C^1 on R.
    with mpmath.workdps(50):
        f = lambda z: mpmath.tan(2 * mpmath.atan(z))  # noqa: E731
        assert f(1 - mpmath.mpf(10) ** -20) > 10**19 and f(1 + mpmath.mpf(10) ** -20) < -(10**19)
    r = check_continuous("tan(2*atan(z))", sp.S.Reals)
    # Session 14: sympy's continuous_domain is not taken for tan of a nonlinear argument (it misses the
    # pole at -1 here, and put others at wrong places, R13a-2), so the pole is no longer proved: never `holds`.
    assert r.verdict != "holds", r
    if r.verdict == "fails":
        assert sp.sympify(r.witness["z"]) in (1, -1)


def test_sawtooth_atan_of_tan_jumps_by_pi_over_10_at_1():
    # atan(tan u) = u - k pi on each branch: u = 2 atan z crosses pi/2 at z = 1, so
    # tanh z + atan(tan(2 atan z))/10 drops by pi/10 there (50 digits below).
    with mpmath.workdps(50):
        f = lambda z: mpmath.tanh(z) + mpmath.atan(mpmath.tan(2 * mpmath.atan(z))) / 10  # noqa: E731
        d = mpmath.mpf(10) ** -25
        assert abs(f(1 + d) - f(1 - d) + mpmath.pi / 10) < mpmath.mpf(10) ** -20
    r = check_continuous("tanh(z)+atan(tan(2*atan(z)))/10", sp.S.Reals)
    assert r.verdict != "holds", r  # session 14: see test_tan_of_twice_atan_has_its_pole_at_1_on_the_reals
    if r.verdict == "fails":
        assert sp.sympify(r.witness["z"]) == 1


# -- a breakpoint at sqrt(2): the tangent line of tanh continues it -----------------------------------------


def _tangent_at_sqrt2(slope_factor: str) -> str:
    # tanh(z) left of sqrt 2, and right of it the line through (sqrt 2, tanh sqrt 2) with slope
    # factor * sech^2(sqrt 2) (sech^2 = 1/cosh^2 is tanh's derivative).
    return (f"Piecewise((tanh(z), z < {S2}), (tanh({S2}) + ({slope_factor})*(z - {S2})/cosh({S2})**2, True))")


def test_tangent_continuation_is_c1_but_not_c2_at_sqrt2():
    # Values and slopes agree at sqrt 2 (C^1); sigma'' is -2 tanh sech^2 (about -0.24) from the left and 0
    # from the right, so not C^2.
    f = _tangent_at_sqrt2("1")
    c1, c2 = check_c1(f, POS), check_c2(f, POS)
    assert (c1.verdict, c1.method) == ("holds", "symbolic"), c1
    assert (c2.verdict, c2.method) == ("fails", "symbolic"), c2
    with mpmath.workdps(50):
        t = mpmath.sqrt(2)
        assert -2 * mpmath.tanh(t) * mpmath.sech(t) ** 2 < mpmath.mpf("-0.2")


def test_slope_off_by_10_to_minus_40_at_sqrt2_is_not_c1():
    # The right slope is (1 + 10^-40) sech^2(sqrt 2), the left sech^2(sqrt 2): a kink of about 7e-42.
    r = check_c1(_tangent_at_sqrt2("1 + 10**-40"), POS)
    assert (r.verdict, r.method) == ("fails", "symbolic"), r
    assert sp.simplify(sp.sympify(r.witness["z"]) - sp.sqrt(2)) == 0


# -- exponential polynomials: odd extension of 1 - e^-t + c (e^-2t - 1) ------------------------------------


def _odd_expo(c: str) -> str:
    return f"sign(z)*(1 - exp(-abs(z)) + ({c})*(exp(-2*abs(z)) - 1))"


def test_expo_with_c_below_one_quarter_is_increasing_and_concave():
    # For t > 0: sigma' = e^-t (1 - 2c e^-t) > 0 and sigma'' = e^-t (4c e^-t - 1) < 0 when 4c < 1
    # (e^-t < 1); sigma(0) = 0 and sigma is continuous at 0, so both hold on [0, oo).
    act = activation(_odd_expo("1/4 - 10**-30"))
    r = check_increasing(act)
    assert (r.verdict, r.method) == ("holds", "symbolic"), r
    # sigma'' = 0 at e^-t = 1/(4c), within 4e-30 of 1: sympy's log of it is 0 at its 15 digits, so its set answer
    # is not taken there (red team R18a-1, -6; c just above 1/4 looks alike to sympy); the numeric route decides.
    r = check_concave(act)
    assert r.verdict == "holds", r


def test_expo_with_c_just_above_one_quarter_is_not_concave():
    # 4c > 1: sigma'' = e^-t (4c e^-t - 1) > 0 for 0 < t < log(4c) = log(1 + 4e-30) (about 4e-30).
    r = check_concave(activation(_odd_expo("1/4 + 10**-30")))
    assert r.verdict == "fails", r
    with mpmath.workdps(60):
        c = mpmath.mpf(1) / 4 + mpmath.mpf(10) ** -30
        t = mpmath.mpf(10) ** -31
        assert mpmath.exp(-t) * (4 * c * mpmath.exp(-t) - 1) > 0


def test_expo_with_c_above_one_half_is_not_increasing():
    # 2c > 1: sigma' = e^-t (1 - 2c e^-t) < 0 for t < log(2c) (about 2e-30).
    r = check_increasing(activation(_odd_expo("1/2 + 10**-30")))
    assert r.verdict == "fails", r


def test_sin_of_atan_plus_a_hundredth_is_neither_increasing_nor_concave():
    # sigma = sin(atan z + c) - sin c, c = 1/100: sigma' = cos(atan z + c)/(1 + z^2) < 0 once atan z > pi/2 - c,
    # i.e. z > cot(1/100), about 100.0; sigma'' > 0 far out (sigma' rises back to 0 from below).
    act = activation("sin(atan(z)+1/100) - sin(1/100)")
    with mpmath.workdps(50):
        c = mpmath.mpf(1) / 100
        assert 99 < mpmath.cot(c) < 101
        assert mpmath.cos(mpmath.atan(200) + c) < 0
    for check in (check_increasing, check_concave):
        assert check(act).verdict == "fails"


# -- one-sided limits at 0 of |Taylor remainders| ------------------------------------------------------------


@pytest.mark.slow
def test_one_sided_limits_of_absolute_taylor_remainders():
    # sin z - z = -z^3/6 + O(z^5); tanh z - z + z^3/3 = 2 z^5/15 + O(z^7); atan z - z = -z^3/3 + O(z^5);
    # e^z - 1 - z = z^2/2 + O(z^3); |z^3 - z^5| = |z|^3 (1 - z^2) near 0. Divided by an odd power, the sign is
    # that of z.
    from vgtheory import kernel
    from vgtheory.core.activations import Z

    cases = [("Abs(z**3 - z**5)/z**3", "0-", -1), ("Abs(z**3 - z**5)/z**3", "0+", 1),
             ("Abs(sin(z) - z)/z**3", "0-", sp.Rational(-1, 6)), ("Abs(tanh(z) - z + z**3/3)/z**5", "0-", sp.Rational(-2, 15)),
             ("Abs(exp(z) - 1 - z)/z**2", "0-", sp.Rational(1, 2)), ("Abs(atan(z) - z)/z**3", "0+", sp.Rational(1, 3))]
    for expr, point, truth in cases:
        fact = kernel.limit(sp.sympify(expr, locals={"z": Z}), point, 20)
        assert fact is not None and sp.simplify(fact.value - truth) == 0, (expr, point, fact)


# -- a Piecewise whose condition switches at an inverse-function point -----------------------------------------


def test_switch_at_atanh_of_pi_over_2_minus_1_gives_limit_minus_1():
    # cos(tanh z + 1) > 0 iff tanh z + 1 < pi/2 (tanh z + 1 lies in (0, 2), below 3 pi/2), i.e. z < atanh(pi/2 - 1)
    # = 0.6497...; beyond it sigma = tanh z - 2 -> -1: property 3 fails.
    from vgtheory.properties.four import check_positive_limit

    with mpmath.workdps(50):
        assert mpmath.cos(mpmath.tanh(mpmath.mpf(10) ** 6) + 1) < 0
    r = check_positive_limit("Piecewise((tanh(z), cos(tanh(z)+1) > 0), (tanh(z) - 2, True))")
    assert r.verdict == "fails", r
    assert r.method != "symbolic" or sp.sympify(r.value) == -1


def test_switch_at_minus_tan_2_to_the_identity_is_unbounded():
    # cos(atan(z)/2 + 1) > 0 iff atan z < pi - 2, i.e. z < tan(pi - 2) = -tan 2 = 2.185...; beyond it sigma = z.
    from vgtheory.properties.four import check_bounded

    with mpmath.workdps(50):
        assert mpmath.cos(mpmath.atan(mpmath.mpf(10) ** 6) / 2 + 1) < 0
    assert check_bounded("Piecewise((tanh(z), cos(atan(z)/2+1) > 0), (z, True))").verdict == "fails"


# -- a hidden zero in front of an exploding term ----------------------------------------------------------------


@pytest.mark.slow
def test_hidden_zero_times_z_exp_z_is_plain_tanh():
    # log 2 + log 3 - log 6 = 0, so sigma = tanh z: all four properties hold, L = 1, a = 1.
    from vgtheory.properties.four import check_properties

    props = check_properties("tanh(z) + (log(2)+log(3)-log(6))*z*exp(z)")
    assert [p.verdict for p in props] == ["holds"] * 4, props
    assert props.positive_limit.method != "symbolic" or sp.sympify(props.positive_limit.value) == 1


def test_z_times_cube_root_is_c1_but_not_c2_on_the_half_line():
    # z cbrt(z) = z^(4/3) for z >= 0: sigma' = (4/3) z^(1/3) is continuous on [0, oo) (0 at 0), sigma'' = (4/9) z^(-2/3)
    # -> oo at 0+. For z < 0 the principal z^(1/3) is not real (vgtheory's powers are principal), so on R not even C^1
    # holds (R45a-2: sympy's continuous_domain reads the real root there).
    half = sp.Interval(0, sp.oo)
    c1, c2 = check_c1("z*cbrt(z)", half), check_c2("z*cbrt(z)", half)
    assert (c1.verdict, c1.method) == ("holds", "symbolic"), c1
    assert (c2.verdict, c2.method) == ("fails", "symbolic"), c2
    assert sp.sympify(c2.witness["z"]) == 0
    assert check_c1("z*cbrt(z)", sp.S.Reals).verdict != "holds"
