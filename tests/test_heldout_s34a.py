"""Held-out tests of red team R34a (symbolic soundness against 0561011: the sign chart of rational_sets over
factors with equal roots written in different forms, holes, even and negative powers, constants with hidden zeros;
property 1's exact range via _extremes; the shape hypotheses (H) on relations rational in exponentials).

Every truth here is derived independently of the package: by construction (factorisations and critical points
worked by hand in the comments), closed forms, or mpmath at 60 digits (checked at 90 when written).
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
LOG2 = sp.log(2)


def _n(e, d=60):
    with mp.workdps(d + 10):
        return +mp.mpf(str(sp.N(e, d)))


def _parts(s):
    """(lo, hi, left_open, right_open) of each part of a set (points as degenerate closed intervals), at 60 digits."""
    out = []
    for p in (s.args if isinstance(s, sp.Union) else (s,)):
        if isinstance(p, sp.FiniteSet):
            out += [(_n(v), _n(v), False, False) for v in p.args]
        elif isinstance(p, sp.Interval):
            lo = -mp.inf if p.inf == -sp.oo else _n(p.inf)
            hi = mp.inf if p.sup == sp.oo else _n(p.sup)
            out.append((lo, hi, bool(p.left_open), bool(p.right_open)))
        else:
            raise AssertionError(f"unexpected part {p!r} of {s!r}")
    return sorted(out, key=lambda t: (t[0], t[1]))


def _same(got, want, tol=mp.mpf(10) ** -50):
    assert len(got) == len(want), (got, want)
    for g, w in zip(got, want):
        for a, b in zip(g[:2], w[:2]):
            assert (a == b) if mp.isinf(b) else abs(a - b) <= tol * (1 + abs(b)), (got, want)
        assert g[2:] == w[2:], (got, want)


def _check(f):
    return vgtheory.check(f, signal=False, theorems=False)


def _bounded_is(f, truth):
    p = _check(f).properties.bounded
    assert (p.verdict, p.method, p.relation) == ("holds", "symbolic", "="), p
    with mp.workdps(60):
        t = truth() if callable(truth) else truth
        assert abs(_n(p.value) - t) <= mp.mpf(10) ** -45, (p.value, t)


# ---------------------------------------------------------------- the sign chart over factors

def test_cubed_exp_factor_and_tanh_half_share_root_log2():
    # tanh(z/2) = 1/3 <=> z/2 = atanh(1/3) = log(2)/2 <=> z = log 2, the root of e^z - 2: both factors change sign
    # upwards at log 2, so the product is > 0 everywhere but log 2
    s = rational_set(sp.StrictGreaterThan((E(Z) - 2) ** 3 * (sp.tanh(Z / 2) - R(1, 3)), 0), Z)
    l2 = _n(LOG2)
    _same(_parts(s), [(-mp.inf, l2, True, True), (l2, mp.inf, True, True)])


def test_hole_at_same_root_as_tanh_factor():
    # atanh(3/5) = log(2): the numerator's zero is the denominator's hole, so >= 0 holds on (log 2, oo) only
    s = rational_set(sp.GreaterThan((sp.tanh(Z) - R(3, 5)) / (E(Z) - 2) ** 2, 0), Z)
    _same(_parts(s), [(_n(LOG2), mp.inf, True, True)])


def test_product_touching_zero_at_common_root():
    # (e^(2z) - 4) and (tanh z - 3/5) both vanish (changing sign the same way) at log 2: the product is >= 0
    s = rational_set(sp.LessThan((E(2 * Z) - 4) * (sp.tanh(Z) - R(3, 5)), 0), Z)
    _same(_parts(s), [(_n(LOG2), _n(LOG2), False, False)])


def test_squared_polynomial_factor_adds_isolated_point():
    # (e^z - 2)(e^z - 1) <= 0 on [0, log 2]; (z - 1)^2 adds the point 1 (> log 2)
    s = rational_set(sp.LessThan((E(Z) - 2) * (E(Z) - 1) * (Z ** 2 - 2 * Z + 1), 0), Z)
    _same(_parts(s), [(mp.mpf(0), _n(LOG2), False, False), (mp.mpf(1), mp.mpf(1), False, False)])


def test_constant_with_hidden_zero():
    # log 6 - log 2 - log 3 = 0 exactly: the product is identically 0
    c0 = sp.log(6) - sp.log(2) - sp.log(3)
    g = c0 * (E(Z) - 2) * (E(Z) - 3)
    assert rational_set(sp.StrictLessThan(g, 0, evaluate=False), Z) in (sp.S.EmptySet, None)
    eq = rational_set(sp.Eq(g, 0, evaluate=False), Z)
    assert eq is None or eq == sp.S.Reals


def test_ne_with_negative_even_power_hole():
    # (e^(2z) - 4)^-2 is undefined at log 2; elsewhere e^z - 2 != 0
    s = rational_set(sp.Ne((E(Z) - 2) * (E(2 * Z) - 4) ** -2, 0), Z)
    l2 = _n(LOG2)
    _same(_parts(s), [(-mp.inf, l2, True, True), (l2, mp.inf, True, True)])


def test_tanh_window_near_one():
    # 1 - 2e-40 < tanh z < 1 - 1e-40: z between atanh(1 - 2e-40) and atanh(1 - 1e-40), atanh(1 - x) = log((2 - x)/x)/2
    a, b = R(1, 10 ** 40), R(2, 10 ** 40)
    s = rational_set(sp.StrictLessThan((sp.tanh(Z) - 1 + a) * (sp.tanh(Z) - 1 + b), 0, evaluate=False), Z)
    with mp.workdps(90):
        lo = mp.log((2 - mp.mpf(2) / 10 ** 40) / (mp.mpf(2) / 10 ** 40)) / 2
        hi = mp.log((2 - mp.mpf(1) / 10 ** 40) / (mp.mpf(1) / 10 ** 40)) / 2
    _same(_parts(s), [(lo, hi, True, True)])


# ---------------------------------------------------------------- property 1's exact range

def test_range_rational():
    # z/(1+z^2): critical points +-1, values +-1/2, limits 0
    _bounded_is("z/(1+z**2)", mp.mpf(1) / 2)


def test_range_exponential():
    # y/(1 + y^3), y = e^z > 0: max at y^3 = 1/2, value y/(3/2) = 2^(2/3)/3
    _bounded_is("exp(z)/(1+exp(3*z))", lambda: mp.cbrt(4) / 3)


def test_range_tanh_polynomial():
    # u(1 - u^2), u = tanh z in (-1, 1): extremes at u = +-1/sqrt(3), value 2/(3 sqrt 3)
    _bounded_is("tanh(z)*(1 - tanh(z)**2)", lambda: 2 / (3 * mp.sqrt(3)))


def test_range_radical_critical_points():
    # sigma' = ((1 - z^2) + sqrt(1 + z^2))/(1 + z^2)^2 = 0 <=> s = sqrt(1 + z^2) = 2 <=> z = +-sqrt 3; sigma(sqrt 3) =
    # sqrt3/4 + sqrt3/2 = 3 sqrt3/4 > 1 = the limits
    _bounded_is("z/(1+z**2) + z/sqrt(1+z**2)", lambda: 3 * mp.sqrt(3) / 4)


def test_range_two_critical_pairs():
    # sigma' = -(2z^4 - 5z^2 + 1) e^(-z^2): critical z^2 = (5 +- sqrt 17)/4; the sup of |sigma| is the larger of the two
    with mp.workdps(70):
        f = lambda t: abs(t * (t * t - 1)) * mp.exp(-t * t)  # noqa: E731
        truth = max(f(mp.sqrt((5 + s * mp.sqrt(17)) / 4)) for s in (1, -1))
    _bounded_is("exp(-z**2)*(z**3 - z)", truth)


# ---------------------------------------------------------------- (H) shapes on exponential relations

def _d2(f, t):
    with mp.workdps(60):
        return mp.diff(f, mp.mpf(t), 2)


def test_planted_convex_window_near_zero_fails():
    # L = e^(2z)/(100 + e^(2z)) is convex for z < log(100)/2; at t = 1/1000, tanh'' ~ -2t = -0.002 and
    # L''/10 ~ 0.0038: sigma'' > 0
    act = activation("tanh(z) + (exp(2*z)/(100+exp(2*z)) - 1/101)/10")
    f = lambda t: mp.tanh(t) + (mp.exp(2 * t) / (100 + mp.exp(2 * t)) - mp.mpf(1) / 101) / 10  # noqa: E731
    assert _d2(f, mp.mpf(1) / 1000) > 0
    c = hypotheses.check_concave(act)
    assert c.verdict == "fails", c


def test_sum_of_concave_tanh_is_concave_and_increasing():
    # tanh'' = -2 tanh sech^2 < 0 on (0, oo) for tanh(z) and tanh(2z): the sum is concave and increasing there
    act = activation("tanh(z) + tanh(2*z)/10")
    assert hypotheses.check_concave(act).verdict == "holds"
    assert hypotheses.check_increasing(act).verdict == "holds"


def test_planted_decreasing_stretch_fails_increasing():
    # sigma'(2.75) = sech^2(2.75) - L'(2.75)/10 < 0 (mpmath below)
    act = activation("tanh(z) - (exp(2*z)/(100+exp(2*z)) - 1/101)/10")
    f = lambda t: mp.tanh(t) - (mp.exp(2 * t) / (100 + mp.exp(2 * t)) - mp.mpf(1) / 101) / 10  # noqa: E731
    with mp.workdps(60):
        assert mp.diff(f, mp.mpf("2.75")) < 0
    assert hypotheses.check_increasing(act).verdict == "fails"


def test_far_logistic_bump_never_concave():
    # the logistic e^(2z)/(1e20 + e^(2z)) is convex below z = log(1e20)/2 ~ 23.03: sigma''(20) > 0
    act = activation("tanh(z) + (exp(2*z)/(10**20+exp(2*z)) - 1/(10**20+1))")
    f = lambda t: mp.tanh(t) + mp.exp(2 * t) / (10 ** 20 + mp.exp(2 * t))  # noqa: E731
    assert _d2(f, 20) > 0
    c = hypotheses.check_concave(act)
    assert not (c.verdict == "holds"), c


def test_gradient_inside_degree128_exponential_window():
    # g(y) = (y^64 - 1)^2 - 1e-60 + y/1e80, y = e^(z/64): g < 0 only for |z| below about 1e-30 (64 d y ~ 1e-30);
    # at x = 0: z1 = 0 (g(1) = -1e-60 + 1e-80 < 0: the second piece), a1 = 1e-40; z2 = 2e-40, a2 = tanh(z2) + 1e-40;
    # z3 = 3 a2, a3 = tanh(z3) + 1e-40; every layer is in the window, where sigma' = sech^2 = 1 - O(1e-78)
    f = ("Piecewise((tanh(z), exp(2*z) - 2*exp(z) + 1 - 10**-60 + exp(z/64)/10**80 > 0), "
         "(tanh(z) + 10**-40, True))")
    r = vgtheory.gradient(f, w=[1, 2, 3], x=0)
    with mp.workdps(60):
        a1 = mp.mpf(10) ** -40
        a2 = mp.tanh(2 * a1) + a1
        a3 = mp.tanh(3 * a2) + a1
        d2 = a1 * (1 / mp.cosh(2 * a1)) ** 2 * 3 * (1 / mp.cosh(3 * a2)) ** 2
        d3 = a2 * (1 / mp.cosh(3 * a2)) ** 2
        got = [mp.mpf(str(v)) for v in r.df_dw]
        assert abs(mp.mpf(str(r.output)) - a3) <= a3 * mp.mpf(10) ** -40
        assert got[0] == 0
        assert abs(got[1] - d2) <= d2 * mp.mpf(10) ** -40 and abs(got[2] - d3) <= d3 * mp.mpf(10) ** -40
