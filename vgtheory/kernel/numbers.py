"""Exact numbers compared exactly: sympy's zero test for equality, arb balls for inequality (items 1
and 2 of :mod:`vgtheory.kernel`). Nothing here rounds or chops: a difference of 2^-300 is a difference."""

from __future__ import annotations

import math
from typing import Any, Callable

import sympy as sp

from vgtheory.kernel.certificate import Certificate, Fact, issue

import flint  # arb: a required dependency (pyproject), so there is no unrigorous fallback

__all__ = ["enclose", "is_zero", "sign", "compare", "identity", "ENCLOSURE"]

ENCLOSURE = "arb ball arithmetic (python-flint)"
ZERO_TEST = "sympy's zero test (simplify to the literal 0)"
#: Precisions (bits) tried in turn before a sign is left undecided.
_PRECISIONS = (64, 256, 1024, 4096, 16384)
_FUNCS: dict[type, Callable[[Any], Any]] = {sp.acot: lambda x: (1 / x).atan(), sp.Abs: abs} | {
    f: getattr(flint.arb, f.__name__) for f in (sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.tanh, sp.sinh, sp.cosh,
                                                sp.atan, sp.sech, sp.csch, sp.coth, sp.asinh, sp.erf, sp.erfc, sp.sec,
                                                sp.csc, sp.cot, sp.atanh, sp.asin, sp.acos, sp.acosh, sp.erfi, sp.gamma)}


def _ball(x: sp.Expr) -> Any:
    """A ball containing the exact value of the number ``x``, at the current precision."""
    if x.is_Rational:
        return flint.arb(flint.fmpq(int(x.p), int(x.q)))
    if x.is_Float:  # a Float is an exact binary number
        s, man, exp, _ = x._mpf_
        return flint.arb((-man if s else man, exp))
    if x is sp.pi or x is sp.E:
        return flint.arb.pi() if x is sp.pi else flint.arb.const_e()
    if isinstance(x, (sp.Add, sp.Mul)):
        out = _ball(x.args[0])
        for a in x.args[1:]:
            out = out + _ball(a) if isinstance(x, sp.Add) else out * _ball(a)
        return out
    if isinstance(x, sp.Pow):
        base, e = x.args
        b = _ball(base)
        if e.is_Integer:
            return b ** int(e) if int(e) >= 0 else 1 / b ** (-int(e))
        return b.sqrt() if e == sp.S.Half else (b.log() * _ball(e)).exp()
    fn = _FUNCS.get(type(x))
    if fn is not None and len(x.args) == 1:
        return fn(_ball(x.args[0]))
    raise ValueError(f"no enclosure for {type(x).__name__}")


def enclose(x: sp.Expr, bits: int) -> Any | None:
    """A rigorous enclosure of the real number ``x`` at ``bits`` of working precision, or None
    (an unsupported function, a complex or undefined value)."""
    if not (isinstance(x, sp.Expr) and x.is_number):
        return None
    old = flint.ctx.prec
    try:
        flint.ctx.prec = bits
        b = _ball(x)
        return b if b.is_finite() else None
    except (ValueError, ZeroDivisionError, TypeError, OverflowError):
        return None
    finally:
        flint.ctx.prec = old


def exp_rational_zero(x: sp.Expr) -> bool | None:
    """Whether ``x``, in one real symbol s, with exponentials exp(r s), r rational (tanh, sinh, ... in exp), is 0 as
    a rational function of y = e^{s/q}: ``cancel`` decides it, with no clock. None (no exact test may build it) when
    its rational r give a degree q·max|r| > 10^4: rates 2, 2 + 2·10^-12 made flint overflow or SIGFPE (R10a-7)."""
    x = sp.sympify(x)
    if len(x.free_symbols) != 1 or not x.has(sp.exp, sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth):
        return False
    (s,) = x.free_symbols
    e = x.rewrite(sp.exp)
    rates = [sp.cancel(f.args[0] / s) for f in e.atoms(sp.exp)]
    q = math.lcm(*[int(r.q) for r in rates if r.is_Rational])
    if q * max([abs(r) for r in rates if r.is_Rational], default=0) > 10**4:
        return None
    allowed = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.Symbol, sp.Rational)
    if any(not isinstance(n, allowed) for n in sp.preorder_traversal(e)) or any(
            isinstance(n, sp.Pow) and not n.exp.is_Integer for n in sp.preorder_traversal(e)):
        return False
    if not all(r.is_Rational for r in rates):
        return False
    y = sp.Dummy("y", positive=True)
    return sp.cancel(sp.together(e.subs(s, q * sp.log(y)))) == 0


def algebraic_zero(x: sp.Expr) -> bool:
    """Whether the constant ``x``, made of rationals by +, ×, and at most 6 powers with exponents p/q,
    q ≤ 4, is 0: its minimal polynomial is y (exact algebra; a bound on the work, not a clock)."""
    nodes = list(sp.preorder_traversal(x)) if isinstance(x, sp.Expr) and x.is_number else [None]
    roots = [n for n in nodes if isinstance(n, sp.Pow) and not n.exp.is_Integer]
    if not all(isinstance(n, (sp.Add, sp.Mul, sp.Pow, sp.Rational)) for n in nodes) or len(roots) > 6 or any(
            not (r.exp.is_Rational and r.exp.q <= 4) for r in roots):
        return False
    y = sp.Dummy("y")
    return sp.minimal_polynomial(x, y) == y


def is_zero(x: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> bool:
    """Whether sympy's zero test rewrites ``x`` to the literal 0 (under ``run``); an error in it is no proof (R9a-3).
    ``simplify`` rounds (atanh(1 - 10**-10) -> 0): it counts only for numbers arb encloses."""
    try:
        rational = exp_rational_zero(x)
        return x == 0 or rational or rational is not None and (algebraic_zero(x) or (
            not (x.is_number and enclose(x, 64) is None) and any(run(form) == 0 for form in (
                lambda: sp.expand(x), lambda: sp.simplify(x), lambda: sp.simplify(x.rewrite(sp.exp))))))
    except Exception:  # noqa: BLE001 - a crashed rewrite proves nothing (a StepTimeout is a BaseException)
        return False


def sign(x: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> Fact | None:
    """The sign (−1, 0, 1) of the real number ``x`` (±oo included), or None when undecided."""
    x = sp.sympify(x)
    if x in (sp.oo, -sp.oo):
        return Fact(1 if x is sp.oo else -1, issue(f"{x} has sign {1 if x is sp.oo else -1}", "infinity"))
    if not x.is_number or x.has(sp.nan, sp.zoo, sp.AccumBounds):
        return None
    # Enclosures first, at every precision (cheap, and independent of the machine's load: a nonzero
    # number gets its sign from arb alone), then the zero test under the budget ``run``.
    for bits in _PRECISIONS:
        b = enclose(x, bits)
        s = 0 if b is None else 1 if b > 0 else -1 if b < 0 else 0  # arb: b > 0 when the whole ball is
        if s:
            return Fact(s, issue(f"{x} {'>' if s > 0 else '<'} 0", f"enclosure {b} at {bits} bits", trusts=(ENCLOSURE,)))
        if b is None:
            break
    return Fact(0, issue(f"{x} = 0", "zero test", trusts=(ZERO_TEST,))) if is_zero(x, run) else None


def compare(a: sp.Expr, b: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> Fact | None:
    """sign(a − b) for exact reals or ±oo, with its certificate; None when undecided."""
    a, b = sp.sympify(a), sp.sympify(b)
    if a == b:
        return Fact(0, issue(f"{a} = {b}", "syntactic identity"))
    if a.is_infinite or b.is_infinite:
        if a.is_infinite and b.is_infinite:
            return Fact(1 if a is sp.oo else -1, issue(f"{a} vs {b}", "infinities")) if a != b else None
        s = sign(a if a.is_infinite else -b, run)
        return None if s is None else Fact(s.value, issue(f"sign({a} - {b}) = {s.value}", "infinity", (s.certificate,)))
    s = sign(a - b, run)
    return None if s is None else Fact(s.value, issue(f"sign({a} - ({b})) = {s.value}", "difference", (s.certificate,)))


def identity(lhs: sp.Expr, rhs: sp.Expr, run: Callable[[Callable[[], Any]], Any], claim: str) -> Certificate | None:
    """A certificate that ``lhs`` and ``rhs`` (expressions, any symbols) are identical, by the zero test."""
    same = is_zero(sp.sympify(lhs) - sp.sympify(rhs), run)
    return issue(claim, "zero test of the difference", trusts=(ZERO_TEST,)) if same else None
