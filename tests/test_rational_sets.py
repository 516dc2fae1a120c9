"""The exact solution sets of rational relations (vgtheory.core.rational_sets): membership of rational
points, roots within 10^-30 of each other included, against the relation evaluated at the point in exact rationals."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.rational_sets import rational_set

z = sp.Symbol("z")
RELATIONS = (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan, sp.Eq, sp.Ne)

rationals = st.fractions(min_value=-5, max_value=5, max_denominator=20).map(lambda f: sp.Rational(f.numerator, f.denominator))


@st.composite
def relations(draw):
    """g ⋈ 0 with g = c p/q: p, q products of (z - r)^m, (z - r - 10^-k) (roots 10^-k apart), z^n - a (roots
    a^(1/n)) and z^2 + a (no real root), and a nested 1/(z - r) whose root is a hole of g's domain."""
    def factor():
        r = draw(rationals)
        kind = draw(st.sampled_from(["linear", "close", "binomial", "positive"]))
        if kind == "linear":
            return (z - r) ** draw(st.integers(1, 3))
        if kind == "close":
            return (z - r) * (z - r - sp.Rational(1, 10 ** draw(st.integers(5, 30))))
        if kind == "binomial":
            return z ** draw(st.integers(2, 5)) - abs(r) - 1
        return z**2 + abs(r) + 1
    p = sp.Mul(*[factor() for _ in range(draw(st.integers(0, 3)))])
    q = sp.Mul(*[factor() for _ in range(draw(st.integers(0, 2)))])
    g = draw(rationals.filter(bool)) * p / q
    if draw(st.booleans()):
        g = g + 1 / (1 / (z - draw(rationals)))  # equal to z - r except at r itself, where it is undefined
    return draw(st.sampled_from(RELATIONS))(g, 0, evaluate=False)


def _truth(rel, t) -> bool:
    """rel at the rational t in exact arithmetic; False where an expression in it is undefined at t."""
    g = (rel.lhs - rel.rhs).subs(z, t)
    if g.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False
    assert g.is_Rational
    return bool(type(rel)(g, 0))


@settings(max_examples=10, deadline=None)  # random each run (the ci profile reports its seed)
@given(relations(), st.lists(rationals, min_size=1, max_size=6))
def test_membership_of_rational_points_is_the_relation_at_them(rel, points):
    out = rational_set(rel, z)
    assert out is not None
    g = rel.lhs - rel.rhs
    near = [r + sp.Rational(s, 10**40) for r in sp.Poly(sp.fraction(sp.together(g))[0] or 1, z).ground_roots()
            for s in (-1, 0, 1)]  # the rational roots of the numerator and points 10^-40 beside them
    for t in [*points, *near]:
        assert bool(out.contains(t)) == _truth(rel, t), (rel, t, out)


def test_window_of_width_1e_22_is_found():
    # sympy's own solveset answers EmptySet here (R27a-2); 200^(1/3) lies in the window, 5.848 and 5.849 not
    rel = sp.Rational(1, 10**40) - (z**3 - 200) ** 2 > 0
    out = rational_set(rel, z)
    assert out.contains(sp.root(200, 3)) == sp.true
    assert out.contains(sp.Rational(5848, 1000)) == sp.false and out.contains(sp.Rational(5849, 1000)) == sp.false
    assert out.measure.is_positive and (out.measure < sp.Rational(1, 10**21)) == sp.true


@pytest.mark.parametrize("rel", [sp.sin(z) > 0, z**sp.Rational(1, 2) > 1, z * sp.Symbol("y") > 0,
                                 sp.exp(z) + sp.sqrt(2) * sp.exp(2 * z) > 1, sp.exp(z**2) > 2,
                                 sp.exp(z) + sp.tanh(z**2) > 1])
def test_other_relations_are_left_to_the_caller(rel):
    assert rational_set(rel, z) is None


def test_an_irrational_scale_is_taken_out():
    # sqrt(2) z > 1 is w > 1 at w = sqrt(2) z; e^z - sqrt(3) > 0 is u > sqrt(3) at u = e^z (session 26, R38a-1)
    assert rational_set(sp.sqrt(2) * z > 1, z) == sp.Interval.open(sp.sqrt(2) / 2, sp.oo)
    found = rational_set(sp.exp(z) - sp.sqrt(3) > 0, z)
    assert isinstance(found, sp.Interval) and found.right_open and found.left_open and found.sup == sp.oo
    assert sp.simplify(found.inf - sp.log(3) / 2) == 0


def test_beyond_the_degree_bound_nothing_is_decided():
    # R29a-1: above the bound the relation went to sympy, whose solver dropped the 10^-22 window (1 + 1/(1 + z^130)
    # > 0 everywhere, so the set is the window around 200^(1/3)): now an unevaluated ConditionSet, and no solveset answer
    from vgtheory.core import memo
    rel = (sp.Rational(1, 10**40) - (z**3 - 200) ** 2) * (1 + 1 / (1 + z**130)) > 0
    out = rational_set(rel, z)
    assert isinstance(out, sp.ConditionSet)
    assert memo.solveset(rel, z, sp.S.Reals) is None


@pytest.mark.slow  # over a second
def test_degree_66_window_is_found():
    rel = (sp.Rational(1, 10**40) - (z**3 - 200) ** 2) * (1 + 1 / (1 + z**66)) > 0
    out = rational_set(rel, z)
    assert out.contains(sp.root(200, 3)) == sp.true and out.contains(sp.Rational(5849, 1000)) == sp.false


positive = st.fractions(min_value=sp.Rational(1, 5), max_value=5, max_denominator=12).map(
    lambda f: sp.Rational(f.numerator, f.denominator))


@st.composite
def exponential_relations(draw):
    """(g ⋈ 0, roots): g = c times factors in e^z, e^(2z), e^(3z), tanh z and cosh z with their roots at log s (s
    rational), a pair 10^-k apart among them, and a factor dividing; ``roots`` the s of each factor (e^z = s there)."""
    roots, factors = [], []
    for _ in range(draw(st.integers(1, 3))):
        s, kind = draw(positive), draw(st.sampled_from(["exp", "exp2", "close", "tanh", "cosh"]))
        roots.append(s)
        factors.append({"exp": sp.exp(z) - s, "exp2": sp.exp(2 * z) - s**2, "tanh": sp.tanh(z) - (s**2 - 1) / (s**2 + 1),
                        "cosh": sp.cosh(z) - (s + 1 / s) / 2,
                        "close": (sp.exp(z) - s) * (sp.exp(3 * z) - s**3 - sp.Rational(1, 10 ** draw(st.integers(5, 30))))}[kind])
    g = draw(rationals.filter(bool)) * sp.Mul(*factors[:-1]) * (factors[-1] if draw(st.booleans()) else 1 / factors[-1])
    return draw(st.sampled_from(RELATIONS))(g, 0, evaluate=False), roots


def _decided(rel):
    """rational_set's exact answer for ``rel``, which must be one (not None, not an undecided ConditionSet)."""
    out = rational_set(rel, z)
    assert out is not None and not isinstance(out, sp.ConditionSet), (rel, out)
    return out


def _member(out, x, digits: int = 100) -> bool:
    """Whether the number x (an mpf) lies in ``out`` (intervals and points whose ends are closed forms), compared at
    ``digits``."""
    with mpmath.workdps(digits):
        parts = out.args if isinstance(out, sp.Union) else (out,)
        for p in parts:
            if isinstance(p, sp.FiniteSet):
                if any(abs(mpmath.mpf(sp.N(e, digits)) - x) < mpmath.mpf(10) ** (20 - digits) for e in p.args):
                    return True
            elif isinstance(p, sp.Interval):
                lo, hi = (None if e.is_infinite else mpmath.mpf(sp.N(e, digits)) for e in (p.inf, p.sup))
                tie = lambda e: abs(x - e) < mpmath.mpf(10) ** (20 - digits)  # noqa: E731 - an end itself
                above = lo is None or (not p.left_open if tie(lo) else x > lo)
                below = hi is None or (not p.right_open if tie(hi) else x < hi)
                if above and below:
                    return True
            else:
                assert p is sp.S.EmptySet, p
        return False


@settings(max_examples=5, deadline=None)  # random each run (the ci profile reports its seed)
@given(exponential_relations(), st.lists(positive, min_size=1, max_size=4))
def test_exponential_relations_are_solved_exactly(drawn, points):
    # rel at z = log t is a rational relation in t (e^(k log t) = t^k), decided in exact rationals: the oracle
    rel, roots = drawn
    out = _decided(rel)
    g = (rel.lhs - rel.rhs).rewrite(sp.exp)
    for t in [*points, *(s + sp.Rational(k, 10**40) for s in roots for k in (-1, 0, 1))]:
        v = g.subs(z, sp.log(t))
        v = v if v.is_Rational else sp.cancel(v)
        truth = False if v.has(sp.zoo, sp.nan) else bool(type(rel)(v, 0))
        assert v.has(sp.zoo, sp.nan) or v.is_Rational, v
        with mpmath.workdps(100):
            assert _member(out, mpmath.log(mpmath.mpf(t.p) / t.q)) == truth, (rel, t, out)


def test_two_rates_window_of_width_1e_31_is_found():
    # (e^(2z) - 4)(e^(3z) - 8 - 10^-30) < 0 exactly between log 2 and log(8 + 10^-30)/3, 4e-32 apart (sympy's solver
    # orders such roots by floats); compared with mpmath at 100 digits
    out = rational_set((sp.exp(2 * z) - 4) * (sp.exp(3 * z) - 8 - sp.Rational(1, 10**30)) < 0, z)
    assert isinstance(out, sp.Interval) and out.left_open and out.right_open
    with mpmath.workdps(100):
        lo, hi = mpmath.log(2), mpmath.log(8 + mpmath.mpf(10) ** -30) / 3
        assert abs(mpmath.mpf(sp.N(out.inf, 100)) - lo) < mpmath.mpf(10) ** -90
        assert abs(mpmath.mpf(sp.N(out.sup, 100)) - hi) < mpmath.mpf(10) ** -90


@st.composite
def product_relations(draw):
    """(g ⋈ 0, roots): g = c times integer powers of factors z - r, e^(z - r) - s, tanh z - q, atan(z - r) and a pair
    (z - r)(e^(z - r) - 1 - 10^-k) whose roots are 10^-k apart ACROSS two factors; ``roots`` the rational ones."""
    roots, factors = [], []
    for _ in range(draw(st.integers(2, 4))):
        r, kind = draw(rationals), draw(st.sampled_from(["linear", "exp", "tanh", "atan", "close"]))
        roots.append(r)
        f = {"linear": z - r, "exp": sp.exp(z - r) - draw(positive), "tanh": sp.tanh(z) - r / 6, "atan": sp.atan(z - r),
             "close": (z - r) * (sp.exp(z - r) - 1 - sp.Rational(1, 10 ** draw(st.integers(5, 30))))}[kind]
        factors.append(f ** draw(st.sampled_from([1, 1, 2, 3, -1, -2])))
    g = draw(rationals.filter(bool)) * sp.Mul(*factors)
    return draw(st.sampled_from(RELATIONS))(g, 0, evaluate=False), roots


@settings(max_examples=5, deadline=None)  # random each run (the ci profile reports its seed)
@given(product_relations(), st.lists(rationals, min_size=1, max_size=4))
def test_products_across_factors_are_solved_exactly(drawn, points):
    # the oracle: g at the rational point in mpmath at 120 digits (e^q for rational q != 0 is irrational, so no factor
    # e^(t - r) - s vanishes at a rational t unless t = r and s = 1, where mpmath's value is exactly 0 as well)
    rel, roots = drawn
    out = _decided(rel)
    fn = sp.lambdify(z, rel.lhs - rel.rhs, "mpmath")
    for t in [*points, *(r + sp.Rational(k, 10**40) for r in roots for k in (-1, 0, 1))]:
        with mpmath.workdps(120):
            x = mpmath.mpf(t.p) / t.q
            try:
                v = fn(x)
                truth = bool(type(rel)(int(mpmath.sign(v)), 0))
            except ZeroDivisionError:
                truth = False
        assert _member(out, x) == truth, (rel, t, out)
