"""vgtheory.core.exact_eval against sympy's exact substitution: same rational, or refused where sympy's answer is
not a rational number (zoo, nan, an irrational value)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core.activations import REGISTRY, activation
from vgtheory.core.exact_eval import NotRational, rational_value
from vgtheory.core.parsing import Z

rationals = st.builds(Fraction, st.integers(-40, 40), st.integers(1, 12))
constants = st.builds(sp.Rational, st.integers(-5, 5), st.integers(1, 4))


def _relation(rel, ab):
    try:
        return rel(*ab, evaluate=False)
    except TypeError:  # a comparison with zoo or nan (built from 0**-1): no condition at all
        return sp.true


def _safe(build):
    """build, or z itself where sympy refuses to build the node (a condition comparing zoo or nan)."""
    def node(*args):
        try:
            return build(*args)
        except (TypeError, ValueError):  # sympy: "Invalid NaN comparison", "The argument 'nan' is not comparable"
            return Z
    return node


def _trees(leaf):
    def extend(inner):
        pairs = st.tuples(inner, inner)
        relation = st.sampled_from([sp.Lt, sp.Le, sp.Gt, sp.Ge, sp.Eq, sp.Ne])
        condition = st.builds(_relation, relation, pairs)
        return st.one_of(
            st.builds(lambda ab: ab[0] + ab[1], pairs),
            st.builds(lambda ab: ab[0] * ab[1], pairs),
            st.builds(lambda a, n: a**n, inner, st.integers(-3, 3)),
            st.builds(sp.Abs, inner), st.builds(sp.sign, inner), st.builds(sp.Heaviside, inner),
            st.builds(_safe(lambda ab: sp.Max(*ab)), pairs), st.builds(_safe(lambda ab: sp.Min(*ab)), pairs),
            st.builds(_safe(lambda a, b, c, d: sp.Piecewise((a, c), (b, d))), inner, inner, condition,
                      st.one_of(st.just(sp.true), condition)),
            st.builds(_safe(lambda a, c1, c2: sp.Piecewise((a, sp.And(c1, c2)), (-a, sp.Or(c1, sp.Not(c2))), (0, True))),
                      inner, condition, condition),
        )
    return st.recursive(leaf, extend, max_leaves=8)


expressions = _trees(st.one_of(st.just(Z), constants))


def _sympy_value(expr: sp.Basic, r: Fraction) -> Fraction | None:
    try:
        v = expr.subs(Z, sp.Rational(r.numerator, r.denominator))
    except (TypeError, ValueError):  # sympy: "Invalid comparison of non-real zoo" inside a condition; a Max/Min of a
        return None  # Piecewise with no branch there: "The argument 'nan' is not comparable"
    if not v.is_Rational:  # sympy's subs left Max(z, Min(0, 1)) at -1 as Min(0, 1), unevaluated: doit evaluates it
        try:
            v = v.doit()
        except (TypeError, ValueError):
            return None
    return Fraction(int(v.p), int(v.q)) if v.is_Rational else None


@settings(max_examples=150, deadline=None)
@given(expressions, rationals)
def test_rational_operations_agree_with_sympy(expr, r):
    truth = _sympy_value(expr, r)
    try:
        got = rational_value(expr, r)
    except NotRational:
        # refused only where sympy has no rational either (a division by 0, no applicable branch)
        assert truth is None, (expr, r, truth)
    else:
        assert got == truth, (expr, r, got, truth)


@pytest.mark.parametrize("name", [n for n in REGISTRY if activation(n).expr.has(sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.Heaviside)])
@settings(max_examples=25, deadline=None)
@given(r=rationals)
def test_registry_pieces_and_slopes(name, r):
    act = activation(name)
    for expr in (act.expr, act.derivative_expr):
        try:
            got = rational_value(expr, r)
        except NotRational:
            continue  # exp, erf, ... at a rational: sympy is asked instead (exact_value)
        assert got == _sympy_value(expr, r)


def test_transcendental_nodes_are_refused():
    for expr in (sp.tanh(Z), sp.exp(Z) - 1, sp.sqrt(Z), Z ** sp.Rational(1, 3)):
        with pytest.raises(NotRational):
            rational_value(expr, Fraction(1, 3))


def test_heaviside_convention_at_zero():
    # sympy's H(0) = 1/2, and H(0, h0) = h0: the same convention here
    assert rational_value(sp.Heaviside(Z), Fraction(0)) == Fraction(1, 2) == _sympy_value(sp.Heaviside(Z), Fraction(0))
    h = sp.Heaviside(Z - 1, sp.Rational(1, 3))
    assert rational_value(h, Fraction(1)) == Fraction(1, 3) == _sympy_value(h, Fraction(1))
