"""Hypothesis strategies for activations: sigmoid-type families and deliberate violators.

Each generated activation comes with its constants computed independently of the package
(from the bases' known limits and slopes), so tests compare against mathematics, not output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sympy as sp
from hypothesis import settings
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
def sigmoid_type_sums(draw, max_terms: int = 2, bases: tuple[str, ...] | None = None) -> Family:
    names = draw(st.lists(st.sampled_from(sorted(bases or BASES)), min_size=1, max_size=max_terms, unique=True))
    expr, L, a = sp.Integer(0), sp.Integer(0), sp.Integer(0)
    for name in names:
        base, base_L, base_a = BASES[name]
        c, alpha = draw(positive_rationals), draw(positive_rationals)
        expr += c * base.subs(z, alpha * z)
        L += c * base_L
        a += c * alpha * base_a
    # L and a are exact sums already: nsimplify would guess a closed form from 15 digits (it turned
    # pi/6 + 7/8 into a product of rational powers of 2, 3, 5 and 7; CI seed 1729899482).
    return Family(expr, L, a)


#: Where a defect is planted: rationals (on grids a search may hit) and irrationals (no grid, ±2^k or
#: rational search can land on them by luck).
LOCATIONS = (
    sp.Rational(1, 3), sp.Rational(-2, 7), sp.Rational(3, 2), sp.Integer(1),
    sp.sqrt(2), sp.sqrt(3) / 2, sp.pi / 3, sp.log(3), sp.E / 2, 1 + sp.sqrt(5) / 7,
)

#: Planted defects: name -> (builder(a, c) -> term added to a sigmoid-type sum, the checks it makes false).
#: ``a`` is a real location, ``c`` a positive rational size; the truth follows by construction.
#: Check names: bounded, positive_limit, vanishing_derivative (properties 1-3), continuous, c1 (C^1 on R),
#: concave (on [0, oo); only where a > 0, see :data:`CONCAVE_IF_POSITIVE`). An empty set: the term is
#: identically 0 written with kinks, so nothing breaks (a smooth twin in disguise).
DEFECTS = {
    # ((z-a)^2)^(1/4) = |z-a|^(1/2): sigma' is infinite at a.
    "cusp": (lambda a, c: c * sp.exp(-z**2) * ((z - a) ** 2) ** sp.Rational(1, 4), {"c1"}),
    # z e^{-z^2} |z-a|^(2/3): |sigma'| ~ |z - a|^(-1/3) at a (a != 0).
    "cusp13": (lambda a, c: c * z * sp.exp(-z**2) * ((z - a) ** 2) ** sp.Rational(1, 3), {"c1"}),
    # e^{-z^2}(|z-a|^(1/3) - |a|^(1/3)): |sigma'| ~ |z - a|^(-2/3) at a.
    "abs_cusp": (lambda a, c: c * sp.exp(-z**2) * (sp.Abs(z - a) ** sp.Rational(1, 3) - sp.Abs(a) ** sp.Rational(1, 3)), {"c1"}),
    # |z-a| e^{-z^2}: the slope jumps up by 2c e^{-a^2} at a (a convex kink).
    "kink": (lambda a, c: c * sp.exp(-z**2) * sp.Abs(z - a), {"c1"}),
    # e^{-z^2}(Max(z, a) - a): the slope jumps up by c e^{-a^2} at a.
    "max_kink": (lambda a, c: c * sp.exp(-z**2) * (sp.Max(z, a) - a), {"c1"}),
    # H(z-a) tanh(z-a): the slope jumps up by c at a.
    "heaviside_kink": (lambda a, c: c * sp.Heaviside(z - a) * sp.tanh(z - a), {"c1"}),
    # e^{-z^2}(Min(z, a) - z): the slope jumps down by c e^{-a^2} (a concave kink: only C^1 breaks).
    "concave_kink": (lambda a, c: c * sp.exp(-z**2) * (sp.Min(z, a) - z), {"c1"}),
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
    # z e^{-z^2} H(z-a), resp. (1 + sign(z-a)): a jump of c a e^{-a^2} != 0 at a.
    "bump_jump": (lambda a, c: c * z * sp.exp(-z**2) * sp.Heaviside(z - a), {"continuous", "c1"}),
    "sign_jump": (lambda a, c: c * z * sp.exp(-z**2) * (1 + sp.sign(z - a)), {"continuous", "c1"}),
    # Max + Min = z + a and |u|^2 = u^2: identically 0, nothing breaks.
    "cancel_maxmin": (lambda a, c: c * (sp.Max(z, a) + sp.Min(z, a) - z - a), set()),
    "cancel_abs": (lambda a, c: c * sp.exp(-z**2) * (sp.Abs(z - a) ** 2 - (z - a) ** 2), set()),
}

#: Defects that also break concavity on [0, oo) when planted at a > 0 (an upward kink or a jump there).
CONCAVE_IF_POSITIVE = frozenset({"kink", "max_kink", "heaviside_kink", "jump", "bump_jump", "sign_jump"})


@dataclass(frozen=True)
class Planted:
    """A sigmoid-type sum plus one planted defect, with the checks the defect makes false.

    ``twin`` is the same sum without the defect: sigmoid-type, C^infinity and concave on [0, oo), so
    every check in ``breaks`` is true for it (the other direction of soundness: decided, not left open).
    """

    expr: sp.Expr
    defect: str
    breaks: frozenset
    twin: sp.Expr
    location: sp.Expr


@st.composite
def planted_defects(draw, names: tuple[str, ...] | None = None) -> Planted:
    """One planted defect (from ``names``, default all of :data:`DEFECTS`) on a one-term sigmoid-type sum."""
    family = draw(sigmoid_type_sums(max_terms=1))
    name = draw(st.sampled_from(sorted(names or DEFECTS)))
    build, breaks = DEFECTS[name]
    a = draw(st.sampled_from(LOCATIONS))
    c = draw(positive_rationals)
    breaks = set(breaks) | ({"concave"} if name in CONCAVE_IF_POSITIVE and a > 0 else set())
    return Planted(family.expr + build(a, c), name, frozenset(breaks), family.expr, a)


#: Settings for cheap properties (mpmath only, no sympy step per example): more examples, and a
#: deadline that flags a slow example long before it slows CI down.
CHEAP = settings(max_examples=60, deadline=timedelta(seconds=30))
