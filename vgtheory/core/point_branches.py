"""Piecewise branches decided exactly at a point: each condition by the exact sign of lhs − rhs there (arb, or
sympy's zero test), never in floats, where rounding decides an equation (Eq, Ne) either way."""

from __future__ import annotations

from typing import Any

import sympy as sp

from vgtheory.core.enclosure import exact_sign
from vgtheory.core.parsing import Z

__all__ = ["Undecided", "branches_at", "point_conditions", "value_at"]


def point_conditions(expr: sp.Expr) -> bool:
    """Whether a Piecewise of ``expr`` has an equation (Eq, Ne) in the variable among its conditions: rounding decides
    it in floats (√z·√(z − 1) + √6 = 0 at z = −2 came out false: σ(−2) read tanh(−2) for 5, R40a-3)."""
    return any(isinstance(n, (sp.Equality, sp.Unequality)) and n.has(Z)
               for pw in expr.atoms(sp.Piecewise) for _e, c in pw.args for n in sp.preorder_traversal(c))


class Undecided(Exception):
    """A Piecewise condition at a point whose truth the exact sign test does not decide."""


_RELATIONS = {sp.StrictLessThan: lambda s: s < 0, sp.LessThan: lambda s: s <= 0, sp.StrictGreaterThan: lambda s: s > 0,
              sp.GreaterThan: lambda s: s >= 0, sp.Equality: lambda s: s == 0, sp.Unequality: lambda s: s != 0}


def branches_at(expr: sp.Expr, point: sp.Rational) -> sp.Expr:
    """``expr`` with each Piecewise replaced by its branch at z = ``point``, every condition decided by the exact
    sign of lhs - rhs there (arb, or the zero test); :class:`Undecided` where one is not."""

    def holds(c: Any) -> bool:
        if c in (sp.true, sp.false):
            return bool(c)
        if type(c) in _RELATIONS:
            d = (c.lhs - c.rhs).xreplace({Z: point})
            s = exact_sign(d)
            if s is None and isinstance(c, (sp.Equality, sp.Unequality)):
                # an equation of non-real numbers (principal roots of negatives) holds where both parts are 0
                parts = [exact_sign(p) for p in d.as_real_imag()]
                s = None if None in parts else 0 if parts == [0, 0] else 1
            if s is None:
                raise Undecided(c)
            return _RELATIONS[type(c)](s)
        if isinstance(c, (sp.And, sp.Or)):
            return (all if isinstance(c, sp.And) else any)(holds(a) for a in c.args)
        if isinstance(c, sp.Not):
            return not holds(c.args[0])
        if isinstance(c, sp.ITE):  # sympy's form of a comparison with a Piecewise side
            return holds(c.args[1]) if holds(c.args[0]) else holds(c.args[2])
        raise Undecided(c)

    def branch(pw: sp.Piecewise) -> sp.Expr:
        return next((e for e, c in pw.args if holds(c)), sp.nan)

    return expr.replace(lambda n: isinstance(n, sp.Piecewise), branch) if expr.has(sp.Piecewise) else expr


def value_at(expr: sp.Expr, point: sp.Expr) -> sp.Expr | None:
    """``expr`` at z = ``point`` exactly, or None where it has no value there: a part of it is singular at the point
    though the whole evaluates (sympy's 0·Heaviside(zoo) is 0: tanh(z)(H(1/z) + H(-1/z)) got σ(0) = 0 and property 4
    "holds (symbolic)" where σ(0) has no value, R41a-4), or a Piecewise condition is not decided exactly there."""
    try:
        resolved = branches_at(expr, point)
    except (Undecided, TypeError, ValueError):
        return None
    for node in sp.preorder_traversal(resolved):
        if node.has(Z) and isinstance(node, (sp.Pow, sp.Function)):
            try:
                part = node.xreplace({Z: point})
            except (TypeError, ValueError, ZeroDivisionError):
                return None
            if part.has(sp.nan, sp.zoo) or part.is_infinite or part.is_real is False:
                return None
    try:
        value = resolved.xreplace({Z: point})
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return None if value.has(sp.nan, sp.zoo) or value.is_infinite else value
