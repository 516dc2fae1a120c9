"""Held-out tests of red team R33a (symbolic soundness against e4b2462: the sign chart of rational_sets over
factors, the exponential and monotone paths, condition sets in Piecewise, property 1's exact range).

Every truth here is derived independently of the package: by construction (factorisations done by hand in the
comments), closed forms, or mpmath at 60 digits (checked at 90 when the test was written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import Z as ZK  # the symbol the kernel's condition sets are in
from vgtheory.core.rational_sets import rational_set
from vgtheory.kernel.limits import condition_set

pytestmark = pytest.mark.slow

Z = sp.Symbol("z", real=True)
E, R = sp.exp, sp.Rational
LOG2 = sp.log(2)


def _gt(e):
    return sp.StrictGreaterThan(e, 0, evaluate=False)


def _lt(e):
    return sp.StrictLessThan(e, 0, evaluate=False)


def _n(e, d=60):
    """e at d digits, as an mpf read at d + 10 digits (the caller's workdps decides later arithmetic)."""
    with mp.workdps(d + 10):
        return +mp.mpf(str(sp.N(e, d)))


def _has(s, point, expected):
    """Membership of an exact point, decided by sympy on exact numbers and asserted."""
    got = s.contains(point)
    assert got in (sp.true, sp.false), (s, point, got)
    assert bool(got) is expected, (s, point)


def _check(f, theorems=True):
    return vgtheory.check(f, signal=False, theorems=theorems)


# ---------------------------------------------------------------- the sign chart over factors

def test_equal_roots_from_exp_and_exp2z():
    # (e^z - 2)(e^(2z) - 4) = (e^z - 2)^2 (e^z + 2): positive except at log 2, where it is 0
    s = rational_set(_gt((E(Z) - 2) * (E(2 * Z) - 4)), Z)
    _has(s, LOG2, False)
    for p in (-5, 0, LOG2 - R(1, 10**25), LOG2 + R(1, 10**25), 3):
        _has(s, p, True)


def test_quotient_with_cancelling_root_never_negative():
    # (e^z - 2)/(e^(2z) - 4) = 1/(e^z + 2) > 0 wherever defined: the set where it is < 0 is empty
    s = rational_set(_lt((E(Z) - 2) / (E(2 * Z) - 4)), Z)
    assert s == sp.S.EmptySet


def test_zeros_of_product_with_even_power():
    # (z - 1)(e^z - 2)^2 = 0 exactly at 1 and log 2
    s = rational_set(sp.Eq((Z - 1) * (E(Z) - 2) ** 2, 0, evaluate=False), Z)
    assert isinstance(s, sp.FiniteSet) and len(s) == 2
    vals = sorted(_n(v) for v in s)
    with mp.workdps(60):
        assert abs(vals[0] - mp.log(2)) < mp.mpf(10) ** -50 and vals[1] == 1


def test_tanh_and_exp_share_the_root_log3_over_2():
    # tanh z = 1/2 <=> z = atanh(1/2) = log(3)/2 <=> e^(2z) = 3: the product is a square times a positive factor
    # ((e^(2z) - 3)(tanh z - 1/2) = (e^(2z) - 3)^2 / (2(e^(2z) + 1))): > 0 except at log(3)/2
    s = rational_set(_gt((E(2 * Z) - 3) * (sp.tanh(Z) - R(1, 2))), Z)
    assert isinstance(s, sp.Union) and len(s.args) == 2
    lo, hi = sorted(s.args, key=lambda iv: _n(iv.sup) if iv.sup != sp.oo else mp.inf)
    assert lo.inf == -sp.oo and hi.sup == sp.oo and lo.right_open and hi.left_open
    with mp.workdps(70):
        r = mp.log(3) / 2
        assert abs(_n(lo.sup) - r) < mp.mpf(10) ** -50 and abs(_n(hi.inf) - r) < mp.mpf(10) ** -50


def test_roots_1e30_apart_across_factors_with_positive_denominator():
    # (z - 10^-30)(e^z - 1)/(z^2 + 1): + on (-oo, 0), - on (0, 10^-30), + beyond
    eps = R(1, 10**30)
    s = rational_set(_gt((Z - eps) * (E(Z) - 1) / (Z**2 + 1)), Z)
    for p, inside in ((-1, True), (0, False), (eps / 2, False), (eps, False), (2 * eps, True), (5, True)):
        _has(s, p, inside)


def test_pole_factor_excluded():
    # (1 + 1/(z - 1))(e^z - 1) = z (e^z - 1)/(z - 1): z(e^z - 1) >= 0 always, so > 0 exactly on z > 1
    s = rational_set(_gt((1 + 1 / (Z - 1)) * (E(Z) - 1)), Z)
    for p, inside in ((-3, False), (R(1, 2), False), (1, False), (1 + R(1, 10**20), True), (7, True)):
        _has(s, p, inside)


# ---------------------------------------------------------------- the monotone and exponential paths

def test_atan_threshold_2e36_below_half_pi():
    # r = pi/2 - 2.1e-36 (36 digits of pi/2, truncated): atan z > r exactly for z > tan r, tan r ~ 4.8e35
    r = R(314159265358979323846264338327950288, 2 * 10**35)
    with mp.workdps(80):
        assert mp.mpf(r.p) / r.q < mp.pi / 2
    s = rational_set(_gt(sp.atan(Z) - r), Z)
    assert isinstance(s, sp.Interval) and s.left_open and s.sup == sp.oo
    with mp.workdps(90):
        assert abs(_n(s.inf, 80) / mp.tan(mp.mpf(r.p) / r.q) - 1) < mp.mpf(10) ** -40


def test_tanh_square_window_closed_form():
    # tanh(z/3)^2 > 1/4 <=> |z| > 3 atanh(1/2) = 3 log(3)/2
    # (the ends may be written atanh(1/2) or log(3)/2: equal by the identity atanh x = log((1 + x)/(1 - x))/2, which
    # sympy's comparison of the two forms does not decide; the ends are compared by that identity, points by mpmath)
    s = rational_set(_gt(sp.tanh(Z / 3) ** 2 - R(1, 4)), Z)
    a = 3 * sp.log(3) / 2
    parts = s.args if isinstance(s, sp.Union) else (s,)
    assert len(parts) == 2 and all(isinstance(p, sp.Interval) and p.left_open and p.right_open for p in parts)
    ends = sorted((e for p in parts for e in (p.inf, p.sup) if e.is_finite), key=lambda e: float(e))
    assert len(ends) == 2 and all(sp.simplify((e - sign * a).rewrite(sp.log)) == 0 for e, sign in zip(ends, (-1, 1)))


def test_sinh_threshold_is_asinh_one():
    s = rational_set(_gt(sp.sinh(Z) - 1), Z)
    assert isinstance(s, sp.Interval) and s.sup == sp.oo
    with mp.workdps(70):
        assert abs(_n(s.inf) - mp.asinh(1)) < mp.mpf(10) ** -50


def test_cosh_equals_two_both_roots():
    s = rational_set(sp.Eq(sp.cosh(Z) - 2, 0, evaluate=False), Z)
    assert isinstance(s, sp.FiniteSet) and len(s) == 2
    with mp.workdps(70):
        a = mp.acosh(2)
        got = sorted(_n(v) for v in s)
        assert abs(got[0] + a) < mp.mpf(10) ** -50 and abs(got[1] - a) < mp.mpf(10) ** -50


def test_exp_cubic_threshold_single_root():
    # e^z tanh z > 1/3 <=> 3y^3 - y^2 - 3y - 1 > 0 in y = e^z (one real root, found here by mpmath)
    s = rational_set(_gt(E(Z) * sp.tanh(Z) - R(1, 3)), Z)
    assert isinstance(s, sp.Interval) and s.sup == sp.oo
    with mp.workdps(70):
        y = mp.findroot(lambda t: 3 * t**3 - t**2 - 3 * t - 1, 1.2)
        assert abs(_n(s.inf) - mp.log(y)) < mp.mpf(10) ** -45


# ---------------------------------------------------------------- check on constructed sigmas

def test_piecewise_condition_product_with_squared_equal_root():
    # (e^z - 2)(tanh z - 3/5)^2 >= 0 <=> z >= log 2 (atanh(3/5) = log 2 too): sigma = tanh z/2 near 0 and at -oo
    r = _check("Piecewise((tanh(x), (exp(x)-2)*(tanh(x)-3/5)**2 >= 0), (tanh(x)/2, True))")
    lin = r.properties.linear_at_origin
    assert lin.verdict == "holds" and abs(float(lin.value) - 0.5) < 1e-12
    text = str(r)
    assert "lim sigma(z), z->-oo = -1/2" in text
    assert "Theorem 1 (large weights): applies" not in text  # sigma jumps at log 2: not C^1
    assert "Theorem 2 (many layers): applies" not in text


def test_rational_sigma_exact_range():
    # (z^2 + z)/(z^2 + 1) = y <=> (1 - y) z^2 - z + y = 0 has a real root iff 1 - 4y(1 - y) >= 0, i.e. y in
    # [1/2 - sqrt(2)/2, 1/2 + sqrt(2)/2]
    r = _check("(x**2+x)/(x**2+1)", theorems=False)
    b = r.properties.bounded
    assert b.verdict == "holds" and b.method == "symbolic"
    with mp.workdps(60):
        assert abs(_n(b.value) - (mp.mpf(1) / 2 + mp.sqrt(2) / 2)) < mp.mpf(10) ** -40


def test_bump_times_rational_sigma_range_sup():
    # z e^(-1/(1+z^2))/(1+z^2): its sup at the positive zero of sigma' (mpmath findroot), odd so B = sup
    r = _check("x*exp(-1/(1+x**2))/(1+x**2)", theorems=False)
    b = r.properties.bounded
    assert b.verdict == "holds"
    with mp.workdps(60):
        f = lambda t: t * mp.exp(-1 / (1 + t**2)) / (1 + t**2)  # noqa: E731
        zm = mp.findroot(lambda t: mp.diff(f, t), 1.5)
        assert abs(_n(b.value) - f(zm)) < mp.mpf(10) ** -40


def test_planted_jump_in_window_never_c1():
    # (z - 1)^2 (e^(2z) - 4) < 0 <=> z < log 2: sigma = tanh/2 there, tanh beyond: a jump at log 2
    r = _check("Piecewise((tanh(x)/2, (x-1)**2*(exp(2*x)-4) < 0), (tanh(x), True))")
    text = str(r)
    assert "C^1 on (0, oo): holds" not in text
    assert "Theorem 2 (many layers): applies" not in text
    assert r.properties.linear_at_origin.verdict == "holds"
    assert abs(float(r.properties.linear_at_origin.value) - 0.5) < 1e-12


# ---------------------------------------------------------------- findings (strict xfail: fail today)

def test_r33a_1_monotone_atom_with_nonpolynomial_argument():
    # (a) tanh(sqrt(z^2 + 1)) > 9/10 <=> |z| > sqrt(atanh(9/10)^2 - 1) ~ 1.0805, and exp(1/z) > 2 <=> 0 < z < 1/log 2:
    # condition_set may answer or refuse (ConditionSet) but must not raise; it raises PolynomialError from
    # sp.Poly(sqrt(z^2 + 1), z) in rational_sets._through_monotone
    for rel in (sp.Gt(sp.tanh(sp.sqrt(ZK**2 + 1)), R(9, 10)), sp.Gt(sp.exp(1 / ZK), 2)):
        assert isinstance(condition_set(rel), sp.Set)
    # (b) sigma = tanh z/2 on |z| <= z0 = sqrt(atanh(9/10)^2 - 1), tanh z beyond: it jumps at z0 (tanh(z0)/2 ->
    # tanh(z0)), so it is not C^1 on (0, oo); the report must not put the failure down to time (the split raises in 2 ms)
    with mp.workdps(60):
        z0 = mp.sqrt(mp.atanh(mp.mpf(9) / 10) ** 2 - 1)
        assert 1.08 < z0 < 1.081 and mp.tanh(z0) / 2 < mp.tanh(z0)
    r = _check("Piecewise((tanh(x), tanh(sqrt(x**2+1)) > 9/10), (tanh(x)/2, True))")
    assert "could not be determined in time" not in str(r)
    # (c) sigma = erf(z/sqrt(1+z^2)): sigma' = (2/sqrt(pi)) exp(-z^2/(1+z^2)) (1+z^2)^(-3/2) > 0 on R, limits -+erf(1):
    # sigma(R) = (-erf(1), erf(1)) and B = erf(1) exactly; the slope's zero set raises PolynomialError (its one atom
    # exp(-z^2/(1+z^2)) has a non-polynomial argument), so B is only a numeric lower bound today
    r = _check("erf(x/sqrt(1+x**2))", theorems=False)
    b = r.properties.bounded
    assert b.verdict == "holds"
    assert any(k.startswith("range") for k in b.witness)
    with mp.workdps(60):
        assert abs(_n(b.value) - mp.erf(1)) < mp.mpf(10) ** -40


def test_r33a_2_atan_threshold_within_1e140_of_half_pi_is_solved_or_refused():
    # r = pi/2 rounded to 140 digits (r - pi/2 ~ +3.7e-140, mpmath at 150 and 200 digits): atan z > r never holds,
    # so the set is empty (or a refusal). sympy's Intersection with (-pi/2, pi/2) raises TypeError on r <= pi/2.
    with mp.workdps(150):
        r = sp.Rational(mp.nstr(mp.pi / 2, 140))
        assert mp.mpf(r.p) / r.q > mp.pi / 2
    with mp.workdps(200):
        assert mp.mpf(r.p) / r.q - mp.pi / 2 > mp.mpf(10) ** -141
    s = condition_set(sp.Gt(sp.atan(ZK), r))
    assert s == sp.S.EmptySet or isinstance(s, sp.ConditionSet)
    # the same mapping back for ends near the other ranges' ends: erf(z)^2 > 1 - 10^-40 <=> |z| > erfinv(sqrt(1 -
    # 10^-40)) = 9.4852 (ValueError today), tanh(z)^2 > 1 - 10^-200 <=> |z| > atanh(sqrt(1 - 10^-200)) = 230.95 (TypeError)
    for rel in (sp.Gt(sp.erf(ZK) ** 2, 1 - R(1, 10**40)), sp.Gt(sp.tanh(ZK) ** 2, 1 - R(1, 10**200))):
        assert isinstance(condition_set(rel), sp.Set)
