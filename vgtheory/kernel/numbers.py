"""Exact numbers compared exactly: sympy's zero test for equality, arb balls for inequality.

Equal only when sympy rewrites the difference to the literal 0 (``simplify``, and the exp form
of hyperbolic functions); unequal only when a rigorous ball enclosure of the difference,
computed at increasing precision, excludes 0. Nothing here rounds, chops or guesses a closed
form: a difference of 10^-40 or 2^-300 is a difference.
"""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp

from .certificate import Certificate, Fact, issue

try:  # arb (python-flint) is the standard; mpmath.iv the fallback
    import flint

    _ARB = True
except ImportError:  # pragma: no cover - python-flint is a dependency
    import mpmath

    _ARB = False

__all__ = ["enclose", "is_zero", "sign", "compare", "identity", "ENCLOSURE"]

ENCLOSURE = "arb ball arithmetic (python-flint)" if _ARB else "mpmath.iv interval arithmetic"
ZERO_TEST = "sympy's zero test (simplify to the literal 0)"
#: Precisions (bits) tried in turn before a sign is left undecided.
_PRECISIONS = (64, 256, 1024, 4096, 16384)


def _unary(name: str) -> Callable[[Any], Any]:
    if _ARB:
        return lambda x: getattr(x, name)()
    return lambda x: getattr(mpmath.iv, name)(x)


_FUNCS: dict[type, Callable[[Any], Any]] = {
    sp.exp: _unary("exp"), sp.log: _unary("log"), sp.sin: _unary("sin"), sp.cos: _unary("cos"),
    sp.tan: _unary("tan"), sp.tanh: _unary("tanh"), sp.sinh: _unary("sinh"), sp.cosh: _unary("cosh"),
    sp.atan: _unary("atan"),
}
if _ARB:
    _FUNCS.update({sp.sech: _unary("sech"), sp.csch: _unary("csch"), sp.coth: _unary("coth"),
                   sp.asinh: _unary("asinh"), sp.erf: _unary("erf"), sp.erfc: _unary("erfc"),
                   sp.sec: _unary("sec"), sp.csc: _unary("csc"), sp.cot: _unary("cot"),
                   sp.acot: lambda x: (1 / x).atan(), sp.Abs: abs})


def _ball(x: sp.Expr) -> Any:
    """A ball (interval) containing the exact value of the number ``x``, at the current precision."""
    if x.is_Integer or x.is_Rational:
        p, q = int(x.p), int(x.q)
        return flint.arb(flint.fmpq(p, q)) if _ARB else mpmath.iv.mpf(p) / q
    if x.is_Float:  # a Float is an exact binary number
        s, man, exp, _ = x._mpf_
        m = -man if s else man
        return flint.arb((m, exp)) if _ARB else mpmath.iv.mpf(m) * mpmath.iv.mpf(2) ** exp
    if x is sp.pi:
        return flint.arb.pi() if _ARB else mpmath.iv.pi
    if x is sp.E:
        return flint.arb.const_e() if _ARB else mpmath.iv.e
    if isinstance(x, sp.Add):
        out = _ball(x.args[0])
        for a in x.args[1:]:
            out = out + _ball(a)
        return out
    if isinstance(x, sp.Mul):
        out = _ball(x.args[0])
        for a in x.args[1:]:
            out = out * _ball(a)
        return out
    if isinstance(x, sp.Pow):
        base, e = x.args
        if e.is_Integer:
            b = _ball(base)
            return b ** int(e) if int(e) >= 0 else 1 / b ** (-int(e))
        if e == sp.S.Half:
            return _ball(base).sqrt() if _ARB else mpmath.iv.sqrt(_ball(base))
        b = _ball(base)
        return (b.log() * _ball(e)).exp() if _ARB else mpmath.iv.exp(mpmath.iv.log(b) * _ball(e))
    fn = _FUNCS.get(type(x))
    if fn is not None and len(x.args) == 1:
        return fn(_ball(x.args[0]))
    raise ValueError(f"no enclosure for {type(x).__name__}")


def enclose(x: sp.Expr, bits: int) -> Any | None:
    """A rigorous enclosure of the real number ``x`` at ``bits`` of working precision, or None
    (an unsupported function, a complex or undefined value)."""
    if not (isinstance(x, sp.Expr) and x.is_number):
        return None
    try:
        if _ARB:
            old = flint.ctx.prec
            flint.ctx.prec = bits
            try:
                b = _ball(x)
            finally:
                flint.ctx.prec = old
            return b if b.is_finite() else None
        with mpmath.workprec(bits):
            b = _ball(x)
        return b if mpmath.isfinite(b.a) and mpmath.isfinite(b.b) else None
    except (ValueError, ZeroDivisionError, TypeError, OverflowError):
        return None


def _excludes_zero(b: Any) -> int:
    """+1 / −1 when the enclosure lies right / left of 0, else 0."""
    if _ARB:
        return 1 if b > 0 else -1 if b < 0 else 0
    return 1 if b.a > 0 else -1 if b.b < 0 else 0


def is_zero(x: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> bool:
    """Whether sympy's zero test rewrites ``x`` to the literal 0 (under the budget ``run``)."""
    if x == 0:
        return True
    for form in (lambda: sp.expand(x), lambda: sp.simplify(x), lambda: sp.simplify(x.rewrite(sp.exp))):
        if run(form) == 0:
            return True
    return False


def sign(x: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> Fact | None:
    """The sign (−1, 0, 1) of the real number ``x`` (±oo included), or None when undecided."""
    x = sp.sympify(x)
    if x in (sp.oo, -sp.oo):
        return Fact(1 if x is sp.oo else -1, issue(f"{x} has sign {1 if x is sp.oo else -1}", "infinity"))
    if not x.is_number or x.has(sp.nan, sp.zoo, sp.AccumBounds):
        return None
    # The cheap enclosure first (most numbers are plainly nonzero), then the zero test, then more bits.
    for k, bits in enumerate(_PRECISIONS):
        if k == 1 and is_zero(x, run):
            return Fact(0, issue(f"{x} = 0", "zero test", trusts=(ZERO_TEST,)))
        b = run(lambda bits=bits: enclose(x, bits))
        s = 0 if b is None else _excludes_zero(b)
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
    if s is None:
        return None
    return Fact(s.value, issue(f"sign({a} - ({b})) = {s.value}", "difference", (s.certificate,)))


def identity(lhs: sp.Expr, rhs: sp.Expr, run: Callable[[Callable[[], Any]], Any], claim: str) -> Certificate | None:
    """A certificate that ``lhs`` and ``rhs`` (expressions, any symbols) are identical, by the zero test."""
    if is_zero(sp.sympify(lhs) - sp.sympify(rhs), run):
        return issue(claim, "zero test of the difference", trusts=(ZERO_TEST,))
    return None
