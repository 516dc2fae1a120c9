"""Bookkeeping for the kernel's limits that decides nothing: named limit points, the rewriting of
Max, Min, Abs, sign and Heaviside as one folded Piecewise (sympy's rewrite, an accepted computation
named in the certificates that use it), and the text of a claim. Which piece holds near a point is
decided in :mod:`vgtheory.kernel.limits`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

__all__ = ["POINTS", "resolve", "at_infinity", "point_name", "piecewise_form", "claim_text", "nonlinear_trig"]

#: Named limit points: value and the side sympy approaches from.
POINTS = {"+oo": (sp.oo, "-"), "-oo": (-sp.oo, "+"), "0+": (sp.Integer(0), "+"), "0-": (sp.Integer(0), "-")}


def resolve(point: Any) -> tuple[sp.Expr, str]:
    """(b, side) of a named point or of a pair (b, '+'/'-')."""
    if isinstance(point, str):
        return POINTS[point]
    b, side = point
    return sp.sympify(b), side


def at_infinity(point: Any) -> bool:
    return isinstance(point, str) and point in ("+oo", "-oo")


def point_name(point: Any) -> str:
    return point if isinstance(point, str) else f"{point[0]}{point[1]}"


@lru_cache(maxsize=256)
def piecewise_form(expr: sp.Expr, kinds: tuple[type, ...]) -> sp.Expr:
    """``expr`` with every subterm of one of ``kinds`` rewritten as a Piecewise, then folded."""
    return sp.piecewise_fold(expr.replace(lambda n: isinstance(n, kinds), lambda n: n.rewrite(sp.Piecewise)))


def claim_text(x: Any) -> str:
    """str(x) for a claim, with rationals past Python's 4300-digit int-to-str limit shown by their size: the text
    of cos(pi/2 + 10**-5000) raised ValueError inside kernel.sign (red team 11a notes)."""
    x = sp.sympify(x)
    big = {n: sp.Symbol(f"<{max(int(n.p).bit_length(), int(n.q).bit_length())}-bit rational>")
           for n in x.atoms(sp.Rational) if max(abs(int(n.p)), int(n.q)).bit_length() > 14000}
    return str(x.xreplace(big) if big else x)


_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)


def nonlinear_trig(exprs: Any) -> sp.Expr | None:
    """A sin, cos, tan, cot, sec or csc in ``exprs`` whose argument is not linear in its variables, else None.

    sympy's solveset, as_set and continuous_domain pick wrong branches there: cos(atan z + 1) = 0 was
    solved as z = -tan 1 (the root is cot 1), tan(2 atan z) was continuous on (-oo, 0) (a pole at -1),
    18 of 36 such conditions got wrong sets (red team R13a-1/2/3/5). Their answers are not taken then."""
    for e in exprs:
        for n in e.atoms(*_TRIG) if isinstance(e, sp.Basic) else ():
            arg, syms = n.args[0], n.args[0].free_symbols
            if syms and not (arg.is_polynomial(*syms) and sp.Poly(arg, *syms).total_degree() <= 1):
                return n
    return None
