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
