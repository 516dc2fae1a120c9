"""Held-out tests of red team R46a (symbolic soundness against 4d72d70): the arb sign proof of a power's base on an
interval (core/interval_sign.nonnegative_on, through core/pieces._principal_real / untrusted_domain) that decides
whether sympy's continuous_domain is taken for b^(p/q) with odd q; closed interval ends as breakpoints in
smoothness.split_pieces; and further symbolic routes.

Findings (all fixed in session 26):
R46a-1 (vgtheory/theorems/scaling.py ``_linear_limit``): every failure of property 4 is printed as "no linear limit as
s -> oo [linear_limit: fails, symbolic]", also where property 4 fails only because a = sigma'(0) <= 0: for -tanh z,
s*sigma(u/s) -> -u, for tanh^3 z and z H(z - 10^-7) it tends to 0*u, linear limits both.
R46a-2 (scaling.py ``_invariance_gap`` / ``_probes``): "the trick changes nothing [invariant: holds, numeric]" for the
relu thresholded at 10^-7 (or 10^-6), z H(z - 10^-7), which is not positively homogeneous (s = 2, u = 3/2 10^-7: gap
-3/2 10^-7): the probes keep |u| >= 2^-10 and s <= 1000, so no probe straddles a threshold below ~1e-6.
R46a-3 (vgtheory/properties/smoothness.py ``_continuity`` / ``split_pieces``): a set that is not one interval (a Union,
R minus a point, a finite set) is read as its hull [inf, sup], so check_continuous / check_c1 / check_c2 print
"fails (symbolic)" for 1/(z - 3/2) and Heaviside(z - 3/2) on [0, 1] U [2, 3], R minus {3/2} and {0, 2}, at z = 3/2, which
is not in the set; both are continuous (and C^2) there.
The other tests are probes that held (each under about 5 s).

Every truth is derived independently of the package, by construction (worked in the comments), or with mpmath at
50 digits.
"""
from __future__ import annotations

import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.properties.smoothness import check_continuous

Z = sp.Symbol("z", real=True)
R = sp.Rational


# (e^z - 2)^(1/3) + tanh z on (log 2, 1): the base e^z - 2 > 0 there, so the principal cube root is real and continuous.
@pytest.mark.slow
def test_held_cube_root_positive_base_irrational_end():
    r = check_continuous(activation((sp.exp(Z) - 2)**R(1, 3) + sp.tanh(Z)), sp.Interval(sp.log(2), 1))
    assert r.verdict == "holds"


# (e^z - 2 - 10^-30)^(1/3) + tanh z on (log 2, 1): the base is negative on (log 2, log(2 + 10^-30)): no real value
# there, so "holds" would be false; refused (inconclusive) is right.
@pytest.mark.slow
def test_held_cube_root_negative_near_irrational_end():
    e = (sp.exp(Z) - 2 - R(1, 10**30))**R(1, 3) + sp.tanh(Z)
    r = check_continuous(activation(e), sp.Interval.open(sp.log(2), 1))
    assert r.verdict != "holds"


# R46a-1. sigma = -tanh z: s*sigma(u/s) = -s tanh(u/s) = -u + u^3/(3 s^2) + O(s^-4) -> -u for every u, a linear limit
# a*u with a = sigma'(0) = -1 (likewise tanh(z)^3: s tanh^3(u/s) ~ u^3/s^2 -> 0 = 0*u). The package reads property 4's
# failure (a > 0 fails, true) as "no linear limit as s -> oo" [linear_limit: fails, symbolic], whose witness says
# "the scaled activation has no linear limit": false for these sigma.
@pytest.mark.slow
@pytest.mark.parametrize("expr", [-sp.tanh(Z), sp.tanh(Z)**3], ids=["minus_tanh", "tanh_cubed"])
def test_r46a_1_linear_limit_exists_for_nonpositive_slope(expr):
    from vgtheory.theorems.scaling import scaling_report
    fact = scaling_report(activation(expr)).linear_limit
    assert not (fact.verdict == "fails" and fact.method == "symbolic")


# The true "no linear limit": the logistic sigma (sigma(0) = 1/2: s*sigma(u/s) ~ s/2 -> oo) fails, symbolic.
@pytest.mark.slow
def test_held_logistic_has_no_linear_limit():
    from vgtheory.theorems.scaling import scaling_report
    fact = scaling_report(activation(1 / (1 + sp.exp(-Z)))).linear_limit
    assert fact.verdict == "fails"


# ---- probes that held ---------------------------------------------------------------------------------------------

_H = R(1, 2)


def _not_holds(expr, interval):
    return check_continuous(activation(expr), interval).verdict != "holds"


# b = (z - 1/2)^2 - 2*10^-60 < 0 exactly on |z - 1/2| < sqrt(2)*10^-30 = 1.41421356237309...e-30. Its cube root (principal,
# no real value where b < 0) on (1/2 + 1.41421356237e-30, 1) meets the window; on (1/2 + 1.41421356238e-30, 1) it does not.
@pytest.mark.slow
def test_held_close_quadratic_window_against_interval_end():
    b = (Z - _H)**2 - 2 * R(1, 10**60)
    assert _not_holds(b**R(1, 3) + sp.tanh(Z), sp.Interval.open(_H + R(141421356237, 10**41), 1))
    assert check_continuous(activation(b**R(1, 3) + sp.tanh(Z)),
                            sp.Interval.open(_H + R(141421356238, 10**41), 1)).verdict == "holds"


# z^3 - 2 < 0 below 2^(1/3) = 1.2599210498948731648; z^5 - z - 1 < 0 below its real root 1.1673039782614186843 (mpmath);
# z^2 - 2 < 0 below sqrt 2. An interval end just below the root must not give "holds"; just above it, it may.
@pytest.mark.slow
@pytest.mark.parametrize("base, exp, below, above", [
    (Z**3 - 2, R(1, 3), R(12599210498948731647, 10**19), R(12599210498948731649, 10**19)),
    (Z**5 - Z - 1, R(5, 3), R(11673039782614186842, 10**19), R(11673039782614186844, 10**19)),
    (Z**2 - 2, R(1, 3), sp.sqrt(2) - R(1, 10**40), sp.sqrt(2)),
], ids=["cbrt2", "quintic", "sqrt2"])
def test_held_odd_root_of_base_with_irrational_root(base, exp, below, above):
    e = base**exp + sp.tanh(Z)
    assert _not_holds(e, sp.Interval.open(below, 2))
    assert check_continuous(activation(e), sp.Interval.open(above, 2)).verdict == "holds"


# Closed ends: sigma(0) = (0 - 1)^(1/3) + 1 = (-1)^(1/3) + 1 = 3/2 + i sqrt(3)/2 (principal), not real, though the real
# cube root would give 0 = the right limit tanh(0+). sigma has no real value at 0, so not continuous on [0, 1]; likewise
# a single point z = 1/2 set by Eq.
@pytest.mark.slow
@pytest.mark.parametrize("expr", [
    sp.Piecewise((sp.tanh(Z), Z > 0), ((Z - 1)**R(1, 3) + 1, True)),
    sp.tanh(Z) + sp.Piecewise(((Z - 1)**R(1, 3) + 1, sp.Eq(Z, 0)), (0, True)),
    sp.tanh(Z) + sp.Piecewise(((Z - 1)**R(1, 3) + 1, sp.Eq(Z, _H)), (0, True)),
    sp.Piecewise((sp.tanh(Z), Z < 1), ((Z - 2)**R(1, 3) + 1 + sp.tanh(1), True)),
], ids=["left_piece_at_0", "eq_at_0", "eq_at_half", "right_piece_at_1"])
def test_held_closed_end_value_not_real(expr):
    assert _not_holds(expr, sp.Interval(0, 1))


# Exact sets through monotone functions of negative slope (worked by hand: atan(2z - 1) > -1/2 iff z > 1/2 - tan(1/2)/2,
# |z/3 - 1| < atanh(1/2), erf(z - 1) > -1/2 iff z > 1 + erfinv(-1/2), e^(1 - 2z) < 3 iff z > (1 - log 3)/2).
@pytest.mark.slow
def test_held_rational_set_negative_slopes():
    from vgtheory.core.rational_sets import rational_set
    lt = lambda b: rational_set(sp.StrictLessThan(b, 0), Z)  # noqa: E731
    assert lt(sp.atan(-2 * Z + 1) - _H) == sp.Interval.open(_H - sp.tan(_H) / 2, sp.oo)
    assert lt(sp.tanh(-Z / 3 + 1)**2 - R(1, 4)) == sp.Interval.open(3 - 3 * sp.atanh(_H), 3 + 3 * sp.atanh(_H))
    assert lt(sp.erf(1 - Z) - _H) == sp.Interval.open(1 + sp.erfinv(-_H), sp.oo)
    assert lt(sp.exp(-2 * Z + 1) - 3) == sp.Interval.open(_H - sp.log(3) / 2, sp.oo)


# Theorem 1's tau0 with two roots 2*10^-21 apart: sigma = 1/2 + Q/(2(z^6 + 1)), Q = z(z(z^2 - 2)^2 - 10^-40): sigma - 1/2
# has roots near sqrt 2 -+ 3e-21 (z(z^2-2)^2 = 10^-40) and sigma < 1/2 between them, so tau0 is the larger, > sqrt 2: W =
# 2 sqrt 2 (tau = W/2 = sqrt 2) is too small.
@pytest.mark.slow
def test_held_theorem1_tau0_close_roots():
    from vgtheory.errors import VGTheoryError
    from vgtheory.theorems import theorem1
    q = Z * (Z * (Z**2 - 2)**2 - R(1, 10**40))
    with pytest.raises(VGTheoryError):
        theorem1.theorem1(activation(_H + q / (2 * (Z**6 + 1))), c=1, W=2 * sp.sqrt(2), depth=5)


# R46a-2. The thresholded relu sigma(z) = z H(z - 10^-7) (also Piecewise((z, z > 10^-7), (0, True)), threshold 10^-6,
# and |z| > 10^-7): at s = 2, u = 3/2 10^-7, s*sigma(u/s) = 2 (3/4 10^-7) H(-1/4 10^-7) = 0, while sigma(u) = 3/2 10^-7
# (H(1/2 10^-7) = 1): the trick changes sigma, so "s*sigma(u/s) = sigma(u) for all s > 0" is false. The package prints
# "the trick changes nothing ... [invariant: holds, numeric]": its probes take |u| >= 2^-10 and s <= 1000, so u/s and u
# are never on both sides of a threshold below 2^-10/1000 ~ 9.8e-7.
@pytest.mark.slow
@pytest.mark.parametrize("expr", [
    Z * sp.Heaviside(Z - R(1, 10**7)),
    sp.Piecewise((Z, Z > R(1, 10**6)), (0, True)),
    sp.Piecewise((Z, sp.Abs(Z) > R(1, 10**7)), (0, True)),
], ids=["heaviside_1e-7", "piecewise_1e-6", "abs_1e-7"])
def test_r46a_2_invariance_misses_small_threshold(expr):
    from vgtheory.theorems.scaling import scaling_report
    # the truth at one point, exactly: s*sigma(u/s) - sigma(u) != 0 at s = 2, u = 3/2 * 10^-7 (10^-6 for the second)
    u = R(3, 2) * (R(1, 10**6) if expr.has(sp.Piecewise) and expr.args[0][1] == (Z > R(1, 10**6)) else R(1, 10**7))
    assert 2 * expr.subs(Z, u / 2) - expr.subs(Z, u) != 0
    assert scaling_report(activation(expr)).invariant.verdict != "holds"


# The same sigma's linear limit (R46a-1 with a = 0): s*sigma(u/s) = u H(u - s 10^-7) -> 0 = 0*u for every u as s -> oo.
@pytest.mark.slow
def test_r46a_1_thresholded_relu_linear_limit_zero():
    from vgtheory.theorems.scaling import scaling_report
    fact = scaling_report(activation(Z * sp.Heaviside(Z - R(1, 10**7)))).linear_limit
    assert not (fact.verdict == "fails" and fact.method == "symbolic")


# R46a-3. A set that is not one interval is read as its hull [inf, sup]. On S = [0, 1] U [2, 3] (or R minus {3/2}, i.e.
# (-oo, 3/2) U (3/2, oo), or the finite set {0, 2}), Heaviside(z - 3/2) is locally constant (0 on the part left of 3/2,
# 1 on the part right of it; every point of S has a neighbourhood in S inside one part), and 1/(z - 3/2) is a rational
# function whose only pole 3/2 is not in S: both are continuous on S (and C^1, C^2: their derivatives are 0 and
# -1/(z - 3/2)^2, -2/(z - 3/2)^3... on S). The package prints "fails (symbolic)" with a kernel certificate
# "not continuous on Union(...)", the witness being the jump or pole at z = 3/2, which is not in S.
_SETS_R46A_3 = {
    "two_intervals": sp.Union(sp.Interval(0, 1), sp.Interval(2, 3)),
    "reals_minus_point": sp.Complement(sp.S.Reals, sp.FiniteSet(R(3, 2))),
    "finite_set": sp.FiniteSet(0, 2),
}


@pytest.mark.slow
@pytest.mark.parametrize("check", ["check_continuous", "check_c1", "check_c2"])
@pytest.mark.parametrize("expr", [sp.Heaviside(Z - R(3, 2)), 1 / (Z - R(3, 2))], ids=["heaviside", "pole"])
@pytest.mark.parametrize("where", list(_SETS_R46A_3), ids=list(_SETS_R46A_3))
def test_r46a_3_no_symbolic_fails_outside_the_set(check, expr, where):
    from vgtheory.properties import smoothness
    assert R(3, 2) not in _SETS_R46A_3[where]
    r = getattr(smoothness, check)(activation(expr), _SETS_R46A_3[where])
    assert not (r.verdict == "fails" and r.method == "symbolic")
