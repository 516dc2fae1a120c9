"""σ and σ' evaluated in arb ball arithmetic until the ball is tight: the precision guard.

Agreement of two floating-point precisions is no proof of accuracy: in exp(u/2^300) − 1 both
30 and 50 digits round exp to 1 and agree on a wrong 0. A ball carries its own error bound, so
the value is returned only when the ball's radius is below the working precision relative to
its midpoint; the precision is raised until it is. Formulas with parts arb cannot evaluate
(Piecewise conditions on a ball that straddles the breakpoint, unknown functions), points where
the ball is not finite, and exact zeros reached through cancellation go to the caller's fallback.
"""

from __future__ import annotations

from typing import Any, Callable

import mpmath
import sympy as sp

try:
    import flint
except ImportError:  # pragma: no cover - python-flint is a dependency
    flint = None

__all__ = ["compile_ball", "tight"]

#: Extra bits above the caller's precision, tried in turn.
_EXTRA = (24, 128, 640, 3200)

_UNARY = {sp.exp: "exp", sp.log: "log", sp.sin: "sin", sp.cos: "cos", sp.tan: "tan", sp.tanh: "tanh",
          sp.sinh: "sinh", sp.cosh: "cosh", sp.sech: "sech", sp.csch: "csch", sp.coth: "coth", sp.atan: "atan",
          sp.asinh: "asinh", sp.erf: "erf", sp.erfc: "erfc", sp.sec: "sec", sp.csc: "csc", sp.cot: "cot"}


class _Unsupported(Exception):
    pass


def _node(e: sp.Expr, var: sp.Symbol) -> Callable[[Any], Any]:
    if e == var:
        return lambda x: x
    if e.is_Rational:
        p, q = int(e.p), int(e.q)
        return lambda x: flint.arb(flint.fmpq(p, q))
    if e.is_Float:
        s, man, exp, _ = e._mpf_
        m = -man if s else man
        return lambda x: flint.arb((m, exp))
    if e is sp.pi:
        return lambda x: flint.arb.pi()
    if e is sp.E:
        return lambda x: flint.arb.const_e()
    args = [_node(a, var) for a in e.args]
    if isinstance(e, sp.Add):
        def add(x):
            out = args[0](x)
            for f in args[1:]:
                out = out + f(x)
            return out
        return add
    if isinstance(e, sp.Mul):
        def mul(x):
            out = args[0](x)
            for f in args[1:]:
                out = out * f(x)
            return out
        return mul
    if isinstance(e, sp.Pow):
        base, ex = args
        if e.exp.is_Integer:
            n = int(e.exp)
            return (lambda x: base(x) ** n) if n >= 0 else (lambda x: 1 / base(x) ** (-n))
        if e.exp == sp.S.Half:
            return lambda x: base(x).sqrt()
        return lambda x: base(x) ** ex(x)
    if isinstance(e, sp.Abs):
        return lambda x: abs(args[0](x))
    if isinstance(e, sp.sign):
        inner = args[0]

        def sign(x):
            b = inner(x)
            if b > 0:  # arb: True only when the whole ball is positive
                return flint.arb(1)
            if b < 0:
                return flint.arb(-1)
            if b == 0:  # the exact zero ball: sign(0) = 0
                return flint.arb(0)
            raise ValueError("the ball straddles 0: sign undecided")  # tight() falls back to mpmath
        return sign
    if isinstance(e, (sp.Max, sp.Min)):
        pick = "max" if isinstance(e, sp.Max) else "min"

        def extreme(x):
            out = args[0](x)
            for f in args[1:]:
                out = getattr(out, pick)(f(x))
            return out
        return extreme
    if type(e) in _UNARY and len(args) == 1:
        name = _UNARY[type(e)]
        return lambda x: getattr(args[0](x), name)()
    if isinstance(e, sp.acot):
        return lambda x: (1 / args[0](x)).atan()
    raise _Unsupported(type(e).__name__)


def compile_ball(expr: sp.Expr, var: sp.Symbol) -> Callable[[Any], Any] | None:
    """``expr`` (in ``var``) as a function of an arb ball, or None when arb cannot evaluate it."""
    if flint is None:
        return None
    try:
        return _node(expr, var)
    except _Unsupported:
        return None


def _to_mpf(b: Any) -> mpmath.mpf:
    man, exp = b.mid().man_exp()
    return mpmath.mpf((int(man), int(exp)))


def tight(ball_fn: Callable[[Any], Any], fallback: Callable[[mpmath.mpf], mpmath.mpf]) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """t ↦ the value of ``ball_fn`` at t, correct to the caller's working precision (radius below
    2^-prec of the midpoint), raising arb's precision until it is; else ``fallback(t)``."""

    def call(t: mpmath.mpf) -> mpmath.mpf:
        prec = mpmath.mp.prec
        s, man, exp, _ = mpmath.mpf(t)._mpf_
        x = flint.arb(((-1) ** s * int(man), int(exp)))
        old = flint.ctx.prec
        try:
            for extra in _EXTRA:
                flint.ctx.prec = prec + extra
                b = ball_fn(x)
                if not b.is_finite():
                    break
                rad = b.rad()
                if rad == 0 or (not b.contains(0) and rad <= abs(b.mid()) * flint.arb(2) ** (-prec - 2)):
                    flint.ctx.prec = old
                    return +_to_mpf(b)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            pass
        finally:
            flint.ctx.prec = old
        return fallback(t)

    return call
