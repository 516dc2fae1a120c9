"""Hypothesis strategies for activations: sigmoid-type families and deliberate violators.

Each generated activation comes with its constants computed independently of the package
(from the bases' known limits and slopes), so tests compare against mathematics, not output.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from hypothesis import strategies as st

z = sp.Symbol("z", real=True)

#: Sigmoid-type bases b with (L = lim_{+oo} b, a = b'(0)), both known in closed form.
BASES = {
    "tanh": (sp.tanh(z), sp.Integer(1), sp.Integer(1)),
    "atan": (sp.atan(z), sp.pi / 2, sp.Integer(1)),
    "erf": (sp.erf(z), sp.Integer(1), 2 / sp.sqrt(sp.pi)),
    "softsign": (z / (1 + sp.Abs(z)), sp.Integer(1), sp.Integer(1)),
    "algebraic": (z / sp.sqrt(1 + z**2), sp.Integer(1), sp.Integer(1)),
    "centered_logistic": (1 / (1 + sp.exp(-z)) - sp.Rational(1, 2), sp.Rational(1, 2), sp.Rational(1, 4)),
}

positive_rationals = st.builds(sp.Rational, st.integers(1, 9), st.integers(1, 4))


@dataclass(frozen=True)
class Family:
    """sigma(z) = sum_i c_i b_i(alpha_i z) with c_i, alpha_i > 0, and its exact L and a."""

    expr: sp.Expr
    L: sp.Expr
    a: sp.Expr


@st.composite
def sigmoid_type_sums(draw, max_terms: int = 2) -> Family:
    names = draw(st.lists(st.sampled_from(sorted(BASES)), min_size=1, max_size=max_terms, unique=True))
    expr, L, a = sp.Integer(0), sp.Integer(0), sp.Integer(0)
    for name in names:
        base, base_L, base_a = BASES[name]
        c, alpha = draw(positive_rationals), draw(positive_rationals)
        expr += c * base.subs(z, alpha * z)
        L += c * base_L
        a += c * alpha * base_a
    return Family(expr, sp.nsimplify(L), sp.nsimplify(a))


#: Planted defects: (name, builder(a, c) -> term added to a sigmoid-type sum, what it breaks).
#: ``a`` is a real location, ``c`` a positive rational size; the truth follows by construction.
#: breaks: the checks whose true verdict is ``fails`` ("c1" means C^1 on R).
DEFECTS = {
    # ((z-a)^2)^(1/4) = |z-a|^(1/2): sigma' is infinite at a.
    "cusp": (lambda a, c: c * sp.exp(-z**2) * ((z - a) ** 2) ** sp.Rational(1, 4), {"c1"}),
    # |z-a| e^{-z^2}: the slope jumps by 2c e^{-a^2} at a.
    "kink": (lambda a, c: c * sp.exp(-z**2) * sp.Abs(z - a), {"c1"}),
    # z sin(kz)^2/(1+z^2) with k = 1..3 (from c): z sigma' ~ k z sin(2kz)/z does not tend to 0.
    "oscillating_tail": (lambda a, c: z * sp.sin(sp.ceiling(c) * z) ** 2 / (1 + z**2), {"vanishing_derivative"}),
    # (1-cos z)^(1/4) z/(1+z^2)^2: sigma' is infinite at every 2 pi k, so z sigma' has no limit.
    "accumulating_singularities": (
        lambda a, c: c * (1 - sp.cos(z)) ** sp.Rational(1, 4) * z / (1 + z**2) ** 2, {"vanishing_derivative", "c1"},
    ),
    # (z-a) for z > a: unbounded, no finite limit, z sigma' -> oo.
    "unbounded_piece": (
        lambda a, c: c * sp.Heaviside(z - a) * (z - a), {"bounded", "positive_limit", "vanishing_derivative", "c1"},
    ),
    # a jump of size c at a: not continuous there.
    "jump": (lambda a, c: c * sp.Heaviside(z - a), {"continuous", "c1"}),
}


@dataclass(frozen=True)
class Planted:
    """A sigmoid-type sum plus one planted defect, with the checks the defect makes false."""

    expr: sp.Expr
    defect: str
    breaks: frozenset


@st.composite
def planted_defects(draw) -> Planted:
    family = draw(sigmoid_type_sums(max_terms=1))
    name = draw(st.sampled_from(sorted(DEFECTS)))
    build, breaks = DEFECTS[name]
    a = draw(st.sampled_from([sp.Rational(1, 3), sp.Rational(-2, 7), sp.Rational(3, 2), sp.Integer(1)]))
    c = draw(positive_rationals)
    return Planted(family.expr + build(a, c), name, frozenset(breaks))
