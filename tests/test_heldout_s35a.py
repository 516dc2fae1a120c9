"""Held-out tests of red team R35a (symbolic soundness against d96cd38: the sign chart of rational_sets on factors
with equal roots written in different forms, odd and negative powers, Piecewise conditions that are products of such
factors; property 1's exact range via _extremes, with a critical value equal to a limit and sup/-inf 1e-30 apart;
the shape hypotheses (H) on small planted defects).

Every truth here is derived independently of the package: by construction (sign charts and critical points worked by
hand in the comments), closed forms, or mpmath at 60 digits (checked at 90 when written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.core.rational_sets import rational_set
from vgtheory.theorems import hypotheses

pytestmark = pytest.mark.slow

Z = sp.Symbol("z", real=True)
E, R = sp.exp, sp.Rational


def _n(e, d=60):
    with mp.workdps(d + 10):
        return +mp.mpf(str(sp.N(e, d)))


def _check(f):
    return vgtheory.check(f, signal=False, theorems=False)


def _bounded_value(f):
    p = _check(f).properties.bounded
    assert p.verdict == "holds", p
    return p


def _crit(f, guess, d=60):
    """|f| at the critical point of f found from guess, at d digits."""
    with mp.workdps(d):
        x = mp.findroot(lambda t: mp.diff(f, t), mp.mpf(guess))
        return abs(f(x))


# ---------------------------------------------------------------- the sign chart over factors

def test_odd_power_over_even_power_hole():
    # sign(e^z - 1) = sign(z); z^-2 > 0 away from its hole at 0: (e^z - 1)^3 / z^2 < 0 exactly on (-oo, 0)
    s = rational_set(sp.StrictLessThan((E(Z) - 1) ** 3 * Z ** -2, 0), Z)
    assert s == sp.Interval.open(-sp.oo, 0), s


def test_cond_product_never_positive_gives_constant():
    # (e^z - 2)(log 2 - z) <= 0 for every z (both factors change sign at log 2 in opposite directions): the tanh
    # branch is never taken, sigma = 5: bounded with B = 5, not sigmoid-type (sigma(0) = 5 != 0)
    r = _check("Piecewise((tanh(z), (exp(z)-2)*(log(2)-z) > 0), (5, True))")
    b = r.properties.bounded
    assert b.verdict == "holds" and abs(_n(b.value) - 5) < mp.mpf(10) ** -15, b
    assert r.sigmoid_type is False
    assert r.properties.linear_at_origin.verdict != "holds"


def test_cond_product_never_positive_gives_tanh():
    # same condition on the other branch: sigma = tanh, B = 1, sigmoid-type
    r = _check("Piecewise((5, (exp(z)-2)*(log(2)-z) > 0), (tanh(z), True))")
    b = r.properties.bounded
    assert b.verdict == "holds" and abs(_n(b.value) - 1) < mp.mpf(10) ** -15, b
    assert r.sigmoid_type is True


def test_cond_equal_roots_exp2z_and_cubed_linear():
    # e^(2z) - 4 = (e^z - 2)(e^z + 2) has the sign of z - log 2, so (e^(2z) - 4)(z - log 2)^3 >= 0: never < 0
    b = _bounded_value("Piecewise((5, (exp(2*z)-4)*(z-log(2))**3 < 0), (tanh(z), True))")
    assert abs(_n(b.value) - 1) < mp.mpf(10) ** -15, b


def test_cond_square_of_exp_factor_always_true():
    # (e^z - 2)(e^(2z) - 4) = (e^z - 2)^2 (e^z + 2) >= 0 everywhere: sigma = tanh, B = 1 (never 6)
    b = _bounded_value("Piecewise((tanh(z), (exp(z)-2)*(exp(2*z)-4) >= 0), (tanh(z)+5, True))")
    assert abs(_n(b.value) - 1) < mp.mpf(10) ** -15, b


def test_cond_common_root_tanh_and_exp_isolated_point():
    # tanh(log 2) = 3/5: (e^z - 2)(tanh z - 3/5) > 0 except at z = log 2, where sigma = 3/5 + 5 = 28/5: B = 28/5
    b = _bounded_value("Piecewise((tanh(z), (exp(z)-2)*(tanh(z)-3/5) > 0), (tanh(z)+5, True))")
    assert abs(_n(b.value) - mp.mpf(28) / 5) < mp.mpf(10) ** -15, b


def _pts(s):
    """(lo, hi, left_open, right_open) of each part, at 60 digits (points as degenerate closed intervals)."""
    out = []
    for p in (s.args if isinstance(s, sp.Union) else (s,)):
        if isinstance(p, sp.FiniteSet):
            out += [(_n(v), _n(v), False, False) for v in p.args]
        else:
            lo = -mp.inf if p.inf == -sp.oo else _n(p.inf)
            hi = mp.inf if p.sup == sp.oo else _n(p.sup)
            out.append((lo, hi, bool(p.left_open), bool(p.right_open)))
    return sorted(out, key=lambda t: (t[0], t[1]))


def _eq(got, want):
    with mp.workdps(70):
        _eq70(got, want)


def _eq70(got, want):
    assert len(got) == len(want), (got, want)
    for g, w in zip(got, want):
        for a, b in zip(g[:2], w[:2]):
            assert (a == b) if mp.isinf(b) else abs(a - b) <= mp.mpf(10) ** -50, (got, want)
        assert g[2:] == w[2:], (got, want)


def test_reciprocal_exponentials_touch_at_log_three_halves():
    # (e^z - 3/2)(e^-z - 2/3) = -(2/3) e^-z (e^z - 3/2)^2 <= 0, zero only at log(3/2)
    g = (E(Z) - R(3, 2)) * (E(-Z) - R(2, 3))
    assert rational_set(sp.StrictGreaterThan(g, 0), Z) == sp.S.EmptySet
    L = _n(sp.log(R(3, 2)))
    _eq(_pts(rational_set(sp.GreaterThan(g, 0), Z)), [(L, L, False, False)])


def test_three_factors_one_root_with_hole():
    # atanh(5/13) = log(3/2), 2 atanh(1/5) = log(3/2), e^-z = 2/3 at log(3/2): all three change sign there; above it
    # (-)^3 (+) / (+) < 0, below it (+)(-)/(-) > 0, at it the denominator vanishes: the set is (log(3/2), oo)
    g = (E(-Z) - R(2, 3)) ** 3 * (sp.tanh(Z) - R(5, 13)) / (sp.tanh(Z / 2) - R(1, 5))
    _eq(_pts(rational_set(sp.StrictLessThan(g, 0), Z)), [(_n(sp.log(R(3, 2))), mp.inf, True, True)])


def test_cosh_factor_two_roots_against_exp():
    # cosh z = 5/3 at +-log 3; e^z = 3 at log 3: the product is < 0 exactly for z < -log 3
    g = (E(Z) - 3) * (sp.cosh(Z) - R(5, 3))
    _eq(_pts(rational_set(sp.StrictLessThan(g, 0), Z)), [(-mp.inf, _n(-sp.log(3)), True, True)])
    # cosh(2 log 3) = (9 + 1/9)/2 = 41/9: the zeros of (cosh z - 5/3)(cosh 2z - 41/9) are +-log 3 only
    h = (sp.cosh(Z) - R(5, 3)) * (sp.cosh(2 * Z) - R(41, 9))
    L3 = _n(sp.log(3))
    _eq(_pts(rational_set(sp.Eq(h, 0, evaluate=False), Z)), [(_n(-sp.log(3)), _n(-sp.log(3)), False, False), (L3, L3, False, False)])
    assert rational_set(sp.StrictLessThan(h, 0), Z) == sp.S.EmptySet


def test_tanh_cubic_clipped_to_open_range():
    # u^3 - u = u(u - 1)(u + 1) >= 0 with u = tanh z in (-1, 1): u <= 0, z <= 0 (the root u = -1 is not reached)
    assert rational_set(sp.GreaterThan(sp.tanh(Z) ** 3 - sp.tanh(Z), 0), Z) == sp.Interval(-sp.oo, 0)


# ---------------------------------------------------------------- property 1's range

def test_range_switch_cubic_bump():
    # for z > 1: tanh z + (z - 1)^3 e^-z, maximum near z = 4.008 (mpmath); below 1 it is tanh < 1
    f = lambda t: mp.tanh(t) + max(0, t - 1) ** 3 * mp.exp(-t)  # noqa: E731
    b = _bounded_value("tanh(z) + Max(0, z-1)**3*exp(-z)")
    assert abs(_n(b.value) - _crit(f, 4)) < mp.mpf(10) ** -15, b


def test_range_tanh_times_shifted_gaussian():
    # the largest |sigma| is at a negative z near -0.982 (mpmath), about 1.883 > 1 = the limits
    f = lambda t: mp.tanh(t) * (1 + (t - 1) ** 2 * mp.exp(-t * t))  # noqa: E731
    b = _bounded_value("tanh(z)*(1 + (z-1)**2*exp(-z**2))")
    assert abs(_n(b.value) - _crit(f, "-0.98")) < mp.mpf(10) ** -15, b


def test_range_sup_and_inf_1e30_apart():
    # z e^(-z^2) - 1e-30 e^(-z^2): its minimum is 1.3e-30 larger in modulus than its maximum; B = -min
    f = lambda t: t * mp.exp(-t * t) - mp.exp(-t * t) / mp.mpf(10) ** 30  # noqa: E731
    p = _check("z*exp(-z**2) - exp(-z**2)/10**30").properties.bounded
    assert p.verdict == "holds", p
    lo, hi = _crit(f, "-0.7"), _crit(f, "0.7")
    assert lo > hi
    if p.relation == "=":
        assert abs(_n(p.value) - lo) < mp.mpf(10) ** -45, (p.value, lo)


def test_range_rational_golden():
    # (2z - z^2)/(2(1 + z^2)): sigma' = 0 <=> z^2 - z - 1 = 0; at z = (1 - sqrt5)/2, sigma = -(1 + sqrt5)/4;
    # limits -1/2: B = (1 + sqrt5)/4
    p = _bounded_value("z/(1+z**2) + 1/(2*(1+z**2)) - 1/2")
    with mp.workdps(60):
        assert abs(_n(p.value) - (1 + mp.sqrt(5)) / 4) < mp.mpf(10) ** -40, p


def test_range_critical_value_at_limit():
    # u = 1/(1 + z^2) in (0, 1]: sigma = (1 - 2u) e^-u is decreasing in u ((2u - 3) e^-u < 0): range [-1/e, 1);
    # the sup 1 is the limit at +-oo (a critical value equal to a limit) and |sigma(0)| = 1/e < 1: B = 1
    p = _bounded_value("(z**2-1)/(1+z**2)*exp(-1/(1+z**2))")
    assert abs(_n(p.value) - 1) < mp.mpf(10) ** -40, p


# ---------------------------------------------------------------- (H) shapes

def test_concave_fails_tanh_plus_tiny_square():
    # u = tanh z: sigma'' = (1 - u^2)(-2u(1 + 2u/1e6) + 2(1 - u^2)/1e6) > 0 for 0 < u < ~1e-6
    act = activation("tanh(z) + tanh(z)**2/10**6")
    with mp.workdps(60):
        t = mp.mpf(10) ** -8
        assert mp.diff(lambda s: mp.tanh(s) + mp.tanh(s) ** 2 / 10 ** 6, t, 2) > 0
    assert hypotheses.check_concave(act).verdict == "fails"


def test_narrow_exp_bump_not_increasing():
    # a bump of height 1e-3 and width ~1e-6 at log 2: its right flank falls at slope ~ 1e3 >> sech^2(log 2) = 16/25
    act = activation("tanh(z) + 1/(1000*(1 + 10**12*(exp(z)-2)**2))")
    f = lambda s: mp.tanh(s) + 1 / (1000 * (1 + mp.mpf(10) ** 12 * (mp.exp(s) - 2) ** 2))  # noqa: E731
    with mp.workdps(60):
        assert mp.diff(f, mp.log(2) + mp.mpf(10) ** -6 / 2) < 0
    assert hypotheses.check_increasing(act).verdict == "fails"
    assert hypotheses.check_concave(act).verdict != "holds"


def test_cubic_perturbation_stays_increasing_and_concave():
    # sigma' = (1 - u^2)(1 + 3(u - 3/5)^2/1e6) > 0; sigma'' = (1 - u^2)(-2u(1 + 3(u - 3/5)^2/1e6)
    # + 6(u - 3/5)(1 - u^2)/1e6) < 0 for u in (0, 1) (the second term is negative for u < 3/5 and below
    # 6e-6 * 0.4 < 2u for u >= 3/5)
    act = activation("tanh(z) + (tanh(z)-3/5)**3/10**6")
    assert hypotheses.check_increasing(act).verdict == "holds"
    assert hypotheses.check_concave(act).verdict == "holds"
