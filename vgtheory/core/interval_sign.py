"""The sign of a formula on a whole interval, proved with arb ball enclosures.

A principal power b^(p/q) with odd q is real only where b >= 0 (vgtheory's powers are principal), and sympy's
continuous_domain reads the real root wherever b < 0; so its answer is taken only where b >= 0 on the interval asked
(R45a-2). For a rational b that is an exact set question (:mod:`vgtheory.core.rational_sets`); for sin u near 0+ it is
this: the interval's closure is covered by balls; on each, arb's enclosure of b is >= 0, or the ball touches an end e
of the interval where b(e) >= 0 and b' points inward with the right sign on the whole ball, so that b, continuous
there (a finite enclosure, no switch), is monotone away from e (mean value theorem).
"""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp

__all__ = ["nonnegative_on"]

#: Balls examined at most, and the deepest halving: enough for a base with a zero at one end and a few turns inside.
_BALLS = 256
_DEPTH = 14
#: Functions with jumps: a finite enclosure of them on a ball says nothing of continuity across the ball.
_JUMPS = (sp.Piecewise, sp.Heaviside, sp.sign, sp.floor, sp.ceiling, sp.frac, sp.DiracDelta)


def nonnegative_on(expr: sp.Expr, z: sp.Symbol, within: sp.Set) -> bool:
    """Whether ``expr`` >= 0 at every point of ``within`` (a bounded interval with exact ends), proved by arb;
    False where not shown (never a refutation).

    >>> import sympy as sp
    >>> z = sp.Symbol("z", real=True)
    >>> nonnegative_on(sp.sin(z), z, sp.Interval.open(0, 1)), nonnegative_on(sp.sin(z), z, sp.Interval(-1, 1))
    (True, False)
    """
    from vgtheory.core.enclosure import compile_ball

    if not isinstance(within, sp.Interval) or not (within.inf.is_number and within.sup.is_number) or \
            not (within.inf.is_finite and within.sup.is_finite) or expr.free_symbols - {z}:
        return False
    value = compile_ball(expr, z)
    slope = None if expr.has(*_JUMPS) else compile_ball(sp.diff(expr, z), z)
    ends = [compile_ball(within.inf, z), compile_ball(within.sup, z)]
    if value is None or None in ends:
        return False
    import flint

    old = flint.ctx.prec
    flint.ctx.prec = 96
    try:
        lo, hi = (f(flint.arb(0)) for f in ends)
        todo, seen = [(lo, hi, 0)], 0
        while todo:
            a, b, depth = todo.pop()
            seen += 1
            if seen > _BALLS or depth > _DEPTH:
                return False
            if _holds(value, slope, a, b, a is lo, b is hi):
                continue
            mid = (a.mid() + b.mid()) / 2
            todo += [(a, flint.arb(mid), depth + 1), (flint.arb(mid), b, depth + 1)]
        return True
    finally:
        flint.ctx.prec = old


def _holds(value: Callable[[Any], Any], slope: Callable[[Any], Any] | None, a: Any, b: Any,
           at_lo: bool, at_hi: bool) -> bool:
    """expr >= 0 on the ball spanning a and b: by its enclosure, or from an end of the interval by monotonicity."""
    try:
        ball = a.union(b)
        whole = value(ball)
        if not whole.is_finite():
            return False
        if whole >= 0:
            return True
        if slope is None:
            return False
        d = slope(ball)
        if not d.is_finite():
            return False
        # from the left end rightwards expr does not fall (d >= 0); towards the right end it does not rise
        return bool(at_lo and d >= 0 and value(a) >= 0 or at_hi and d <= 0 and value(b) >= 0)
    except Exception:  # noqa: BLE001 - a switch straddling the ball, a power arb refuses: not shown
        return False
