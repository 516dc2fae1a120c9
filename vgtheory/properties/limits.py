r"""Symbolic limits that are proofs, through the trusted kernel (:mod:`vgtheory.kernel`).

A limit is *proved* only by :func:`vgtheory.kernel.limit`: the expression is reduced to the
branch that holds near the point (Abs, sign, Heaviside, Max, Min, Piecewise), that branch must
lie in the **trusted class** and be proved continuous near the point, and then Gruntz's
algorithm itself (``sympy.series.gruntz.gruntz``) decides. sympy's ``limit`` is never the
proof: it tries a series shortcut and heuristics before Gruntz and can return a limit for an
expression that has none.

The trusted class (exact statement; docs/check.md gives the same):

* rational constants, real constants free of z (π, e, √2, log 2, ...) and the variable z;
* sums and products of members; a power f**g of members only when g is an integer or f is
  provably positive near the end (by sympy's assumptions on the half-line, or because its own
  proved limit is positive), so that f**g = exp(g·log f) is a real member; (−z)**(1/3) at +∞
  is outside, (−z)**z at −∞ is inside;
* exp, log, and tanh, sinh, cosh, sech, csch, coth, asinh, atan, acot, erf, erfc, |·| of members;
* sin, cos, tan, sec, csc, cot of a member whose proved limit at the end is finite.

Why this class: every member is definable in the o-minimal structure R_an,exp (van den Dries,
Macintyre, Marker) or its Pfaffian closure (Speissegger): exp and log, restricted analytic
functions (sin, cos of a convergent argument reduce to one), and erf, atan, tanh, which satisfy
first-order algebraic differential equations over exp-log functions. A definable function of
one variable is eventually monotone and of constant sign, and the germs at +∞ of such functions
form a Hardy field — the setting in which Gruntz's algorithm is a decision procedure. Being
analytic on ℝ is *not* the reason: sin is analytic and has no eventual sign, so sin(z) and
cos(πz) are outside and z·sin(z)²/(1 + z²) is decided only by the kernel's squeeze (|sin| ≤ 1
times a factor proved to tend to 0).

Trust assumptions (stated, not proved): sympy's Gruntz implementation, sympy's zero test
(a difference rewritten to the literal 0 is 0), arb's ball enclosures, and sympy's
Piecewise/continuity computations (see :mod:`vgtheory.kernel`).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from vgtheory.core import memo
from vgtheory.kernel import Deadline, Fact, as_deadline, compare, limit
from vgtheory.kernel.limits import (
    POINTS, condition_set, continuous_everywhere, continuous_near, eventual_branch, holds_near,
    in_trusted_class, piecewise_form, trusted_near
)
from vgtheory.properties.verdicts import DEFAULT_TIMEOUT

__all__ = [
    "Deadline",
    "as_deadline",
    "symbolic_limit",
    "proved_limit",
    "in_trusted_class",
    "trusted_near",
    "continuous_near",
    "continuous_everywhere",
    "eventual_branch",
    "piecewise_form",
    "condition_set",
    "holds_near",
    "same_number",
    "POINTS",
]


def proved_limit(expr: sp.Expr, point: Any, deadline: Deadline | float = DEFAULT_TIMEOUT) -> Fact | None:
    """The kernel's proved limit of ``expr`` at ``point`` (value and certificate), or None; inside a
    :func:`vgtheory.core.memo.scope` a limit proved once is not proved again."""
    return memo.remembered(("limit", expr, point), lambda: limit(expr, point, as_deadline(deadline)))


def symbolic_limit(expr: sp.Expr, point: Any, deadline: Deadline | float = DEFAULT_TIMEOUT) -> sp.Expr | None:
    """The proved limit of ``expr`` (in z) at ``point`` ('+oo', '-oo', '0+', '0-', (b, '+'/'-')):
    a real number or ±oo, or None when it is not proved."""
    fact = proved_limit(expr, point, deadline)
    return None if fact is None else fact.value


def same_number(a: sp.Expr | None, b: sp.Expr | None, deadline: Deadline | float = DEFAULT_TIMEOUT) -> bool | None:
    """Whether two exact numbers (or ±oo) are equal, decided by the kernel; None if undecided."""
    if a is None or b is None:
        return None
    fact = compare(a, b, as_deadline(deadline).run)
    return None if fact is None else fact.value == 0
