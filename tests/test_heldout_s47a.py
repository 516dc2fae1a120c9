"""Held-out tests of red team R47a (symbolic soundness against 7db8d26): the scale w = alpha z of rational relations
with algebraic coefficients (core/rational_sets._through_scale), the scaling trick's linear limit where property 4
fails only on the sign of a (theorems/scaling._linear_limit), and smoothness on unions of intervals
(properties/smoothness._by_parts).

Findings:
R47a-1 (vgtheory/properties/smoothness.py ``_by_parts``): a union of disjoint intervals that touch (one end closed in
one part and open in the other, or closed in both, as sympy's Union(..., evaluate=False) keeps them, the form
core/rational_sets._union itself returns) is read part by part, so a jump or a kink at the shared end is never seen:
check_continuous of Piecewise((0, z < 1), (1, True)) on [0, 1) U [1, 2] (= [0, 2]) and check_c1 of |z - 1| on
[0, 1] U [1, 2] print "holds (symbolic)" with a kernel certificate "every part of a union of separated intervals";
both are false (the union is the interval [0, 2], which contains the jump / kink at 1).
The other tests are probes that held (each under about 5 s).

Every truth is derived independently of the package, by construction (worked in the comments), or with mpmath at
50 digits.
"""
from __future__ import annotations

import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.properties.smoothness import check_c1, check_c2, check_continuous

Z = sp.Symbol("z", real=True)
R = sp.Rational
I = sp.Interval


def _union(*parts):
    return sp.Union(*parts, evaluate=False)


# R47a-1. Each set below equals an interval containing 1 (sympy's own evaluation merges it: Union(...) == I(0, 2) etc.).
# step = 0 for z < 1, 1 for z >= 1: lim_{z->1-} = 0 != 1 = step(1), so step is not continuous on any set containing
# 1 and points left of 1 (take z_n = 1 - 1/n in [0, 1)). |z - 1| has one-sided slopes -1 and +1 at 1: not
# differentiable at 1, so not C^1 on [0, 2]; Max(0, z - 1)^2 has second derivative 0 left of 1 and 2 right of it: not C^2.
_TOUCHING = {
    "step_ropen_closed": (check_continuous, sp.Piecewise((0, Z < 1), (1, True)), _union(I.Ropen(0, 1), I(1, 2)), I(0, 2)),
    "step_lopen_lopen": (check_continuous, sp.Piecewise((0, Z <= 1), (1, True)), _union(I.Lopen(0, 1), I.Lopen(1, 2)),
                         I.Lopen(0, 2)),
    "heaviside_ropen_closed": (check_continuous, sp.Heaviside(Z - 1, 1), _union(I.Ropen(0, 1), I(1, 2)), I(0, 2)),
    "abs_c1_closed_closed": (check_c1, sp.Abs(Z - 1), _union(I(0, 1), I(1, 2)), I(0, 2)),
    "abs_c1_ropen_closed": (check_c1, sp.Abs(Z - 1), _union(I.Ropen(0, 1), I(1, 2)), I(0, 2)),
    "max_sq_c2_closed_closed": (check_c2, sp.Max(0, Z - 1)**2, _union(I(0, 1), I(1, 2)), I(0, 2)),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(_TOUCHING))
def test_r47a_1_touching_union_is_not_separated(case):
    check, expr, where, hull = _TOUCHING[case]
    assert sp.Union(*where.args) == hull  # the set is that interval
    r = check(activation(expr), where)
    assert not (r.verdict == "holds" and r.method == "symbolic")


# Held: separated parts (0, 1) U (1, 2): the step is constant on each open part, continuous on the union (1 not in it).
@pytest.mark.slow
def test_held_separated_union_holds():
    r = check_continuous(activation(sp.Piecewise((0, Z < 1), (1, True))), _union(I.open(0, 1), I.open(1, 2)))
    assert r.verdict == "holds"


# R47a-1 through the theorems' hypothesis checks (vgtheory.theorems.hypotheses.check_c1 / check_continuous call the
# same smoothness checks): |z - 1| is not C^1 on [0, 1] U [1, 2] = [0, 2]; the step is not continuous on [0, 1) U [1, 2].
@pytest.mark.slow
def test_r47a_1_hypotheses_check_c1_touching_union():
    from vgtheory.theorems.hypotheses import check_c1 as hyp_c1

    c = hyp_c1(activation(sp.Abs(Z - 1)), _union(I(0, 1), I(1, 2)))
    assert "holds (symbolic)" not in str(c)


@pytest.mark.slow
def test_r47a_1_hypotheses_check_continuous_touching_union():
    from vgtheory.theorems.hypotheses import check_continuous as hyp_cont

    c = hyp_cont(activation(sp.Piecewise((0, Z < 1), (1, True))), _union(I.Ropen(0, 1), I(1, 2)))
    assert "holds (symbolic)" not in str(c)


# Held: rational_set through the scale w = alpha z. Worked by hand:
# (z^2 - 2)/(z - sqrt2) < 0: = z + sqrt2 for z != sqrt2 (hole at sqrt2), so the set is (-oo, -sqrt2).
# (1 - sqrt2) z + 1 > 0: z < 1/(sqrt2 - 1) = 1 + sqrt2.
# z^2 - 2 sqrt2 z + 2 - 10^-40 = (z - sqrt2)^2 - 10^-40 < 0: |z - sqrt2| < 10^-20.
# ... + 10^-40 < 0: empty.
@pytest.mark.slow
def test_held_scaled_rational_sets():
    from vgtheory.core.rational_sets import rational_set

    s2, tiny = sp.sqrt(2), R(1, 10**40)
    assert rational_set(sp.StrictLessThan((Z**2 - 2) / (Z - s2), 0), Z) == I.open(-sp.oo, -s2)
    got = rational_set(sp.StrictGreaterThan((1 - s2) * Z + 1, 0), Z)
    assert isinstance(got, sp.Interval) and got.start == -sp.oo and got.right_open
    assert sp.simplify(got.end - (1 + s2)) == 0
    got = rational_set(sp.StrictLessThan(Z**2 - 2 * s2 * Z + 2 - tiny, 0), Z)
    assert isinstance(got, sp.Interval) and got.left_open and got.right_open
    assert sp.simplify(got.start - (s2 - R(1, 10**20))) == 0 and sp.simplify(got.end - (s2 + R(1, 10**20))) == 0
    assert rational_set(sp.StrictLessThan(Z**2 - 2 * s2 * Z + 2 + tiny, 0), Z) == sp.S.EmptySet


# Held: concavity on (0, oo) of sigma(z) = r(alpha z), r(t) = t/(1 + |t|) + c t^3/(1 + t^4), alpha > 0 algebraic.
# For t > 0, r''(t) = -2/(1 + t)^3 + c h''(t), h = t^3/(1 + t^4); r'' > 0 somewhere iff c > c* = min over {h'' > 0} of
# 2/((1 + t)^3 h''(t)) = 0.31535100757988579972604295975555919051182028279531302706... (mpmath, 80 digits, at
# t* = 0.49870266137993529396552524822...). cs below is c* truncated to 48 digits (cs < c* by 1.3e-49): cs + 10^-48 > c*
# (not concave: a window ~10^-24 wide near t*/alpha), cs < c* (concave). Scaling z -> alpha z keeps the shape.
_CS = R("0.315351007579885799726042959755559190511820282795")


@pytest.mark.slow
@pytest.mark.parametrize("alpha", [sp.sqrt(2), 2**R(1, 3), 10**20 * sp.sqrt(2)], ids=["sqrt2", "cbrt2", "1e20sqrt2"])
def test_held_concave_window_through_scale(alpha):
    from vgtheory.theorems.hypotheses import check_concave

    r = lambda c: (Z / (1 + sp.Abs(Z)) + c * Z**3 / (1 + Z**4)).subs(Z, alpha * Z)  # noqa: E731
    bad, good = check_concave(activation(r(_CS + R(1, 10**48)))), check_concave(activation(r(_CS)))
    assert not (bad.verdict == "holds" and bad.method == "symbolic")
    assert not (good.verdict == "fails" and good.method == "symbolic")


# Held: the linear limit where property 4 fails only on the sign of a (s sigma(u/s) = u sigma(u/s)/(u/s) -> a u):
# -tanh (a = -1), sin^3 (a = 0); and "no linear limit" where the one-sided slopes differ (tanh z - z H(z): slopes 1, 0,
# so s sigma(u/s) -> u for u < 0 and 0 for u > 0, not a*u for any a).
@pytest.mark.slow
def test_held_linear_limit_sign_of_a():
    from vgtheory.theorems.scaling import scaling_report

    ll = scaling_report(activation(-sp.tanh(Z))).linear_limit
    assert ll.verdict == "holds" and ll.method == "symbolic" and "-1" in ll.witness
    assert scaling_report(activation(sp.sin(Z)**3)).linear_limit.verdict == "holds"
    assert scaling_report(activation(sp.tanh(Z) - Z * sp.Heaviside(Z))).linear_limit.verdict == "fails"
