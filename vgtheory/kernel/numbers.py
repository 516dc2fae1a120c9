"""Exact numbers compared exactly: sympy's zero test for equality, arb balls for inequality (items 1
and 2 of :mod:`vgtheory.kernel`). Nothing here rounds or chops: a difference of 2^-300 is a difference."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Callable

import sympy as sp

from vgtheory.core.balls import int_power
from vgtheory.core.claims import claim_text as text
from vgtheory.kernel.certificate import Certificate, Fact, issue

import flint  # arb: a required dependency (pyproject), so there is no unrigorous fallback

__all__ = ["enclose", "is_zero", "sign", "compare", "identity", "sympy_agrees", "ENCLOSURE"]

ENCLOSURE = "arb ball arithmetic (python-flint)"
ZERO_TEST = "sympy's zero test (simplify to the literal 0)"
#: Precisions (bits) tried in turn before a sign is left undecided.
_PRECISIONS = (64, 256, 1024, 4096, 16384)
_FUNCS: dict[type, Callable[..., Any]] = {sp.acot: lambda x: (1 / x).atan(), sp.Abs: abs, type(sp.pi): flint.arb.pi,
    type(sp.E): flint.arb.const_e, type(sp.EulerGamma): flint.arb.const_euler, type(sp.Catalan): flint.arb.const_catalan} | {
    f: getattr(flint.arb, f.__name__.lower()) for f in (sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.tanh, sp.sinh, sp.cosh,
        sp.atan, sp.sech, sp.csch, sp.coth, sp.asinh, sp.erf, sp.erfc, sp.sec, sp.csc, sp.cot, sp.atanh, sp.asin, sp.acos,
        sp.acosh, sp.erfi, sp.gamma, sp.erfinv, sp.erfcinv, sp.zeta, sp.LambertW, sp.li, sp.Ei, sp.Si, sp.Ci, sp.Shi, sp.Chi)} | {
    sp.fresnels: flint.arb.fresnel_s, sp.fresnelc: flint.arb.fresnel_c, sp.loggamma: flint.arb.lgamma, sp.airyai:
    flint.arb.airy_ai, sp.airybi: flint.arb.airy_bi, sp.airyaiprime: lambda z: z.airy_ai(1), sp.airybiprime: lambda z:
    z.airy_bi(1), sp.besselj: lambda n, z: z.bessel_j(n), sp.bessely: lambda n, z: z.bessel_y(n), sp.besseli: lambda n, z:
    z.bessel_i(n), sp.besselk: lambda n, z: z.bessel_k(n)}  # sympy's functions on the reals (li without offset, Fresnel
# by pi/2, principal W, J_nu(z)); where sympy's value is complex (Ci(-1), J_1/2(-1)) arb gives no finite ball


def _ball(x: sp.Expr) -> Any:
    """A ball containing the exact value of the number ``x``, at the current precision."""
    if x.is_Rational:
        return flint.arb(flint.fmpq(int(x.p), int(x.q)))
    if x.is_Float:  # a Float is an exact binary number
        s, man, exp, _ = x._mpf_
        return flint.arb((-man if s else man, exp))
    if isinstance(x, (sp.Add, sp.Mul)):  # exact 0 and 1 to start: arb balls left to right, as written
        return (sum if isinstance(x, sp.Add) else math.prod)(map(_ball, x.args))
    if isinstance(x, sp.Pow):
        b, e = _ball(x.base), x.exp
        if e.is_Integer:
            return int_power(b, int(e)) if int(e) >= 0 else 1 / int_power(b, -int(e))
        return b.sqrt() if e == sp.S.Half else (b.log() * _ball(e)).exp()
    if isinstance(x, sp.log) and isinstance(x.args[0], sp.Add) and sp.S.One in x.args[0].args:  # log(1 + e^-10^5) > 0
        return _ball(x.args[0] - 1).log1p()  # (R11a-2): log of a ball about 1 holds 0 at every precision
    if isinstance(x, (type(sp.GoldenRatio), type(sp.TribonacciConstant))):
        return _ball(x.rewrite(sp.sqrt))
    fn = _FUNCS.get(type(x))
    if fn is not None and len(x.args) <= 1 + (type(x) in (sp.besselj, sp.bessely, sp.besseli, sp.besselk)):
        return fn(*map(_ball, x.args))
    if isinstance(x, sp.CRootOf) and x.is_real:  # is_real: exact (the index against sympy's count of real roots)
        return _root(x)
    raise ValueError(f"no enclosure for {type(x).__name__}")


def _root(r: sp.CRootOf) -> Any:
    """A real root: sympy's exact isolating interval of its one simple root, narrowed by interval Newton in arb (the
    root stays in X ∩ (m − p(m)/p'(X)): mean value theorem), or by sympy's refinement where p'(X) holds 0."""
    p, iv = flint.arb_poly([_ball(c) for c in reversed(r.poly.all_coeffs())]), r._get_interval()  # balls: any domain
    hull = lambda i: _ball(sp.Rational(str(i.a))).union(_ball(sp.Rational(str(i.b))))  # noqa: E731
    x = hull(iv)
    for _ in range(200):
        if x.rel_accuracy_bits() >= flint.ctx.prec - 4:
            break
        d, m = p.derivative()(x), flint.arb(x.mid())
        y = x if 0 in d else x.intersection(m - p(m) / d)
        x = y if y.rad() < x.rad() else x.intersection(hull(iv := iv.refine()))
    return x


def enclose(x: sp.Expr, bits: int) -> Any | None:
    """A rigorous enclosure of the real number ``x`` at ``bits`` of working precision, or None
    (an unsupported function, a complex or undefined value)."""
    if not (isinstance(x, sp.Expr) and x.is_number):
        return None
    try:
        with flint.ctx.workprec(bits):
            b = _ball(x)
        return b if b.is_finite() else None
    except (ValueError, ZeroDivisionError, TypeError, OverflowError):
        return None


def exp_rational_zero(x: sp.Expr) -> bool | None:
    """Whether ``x``, in one real symbol s, with exponentials exp(r s), r rational (tanh, sinh, ... in exp), is 0 as
    a rational function of y = e^{s/q}: ``cancel`` decides it, with no clock. None (no exact test may build it) when
    its rational r give a degree q·max|r| > 10^4: rates 2, 2 + 2·10^-12 made flint overflow or SIGFPE (R10a-7)."""
    x = sp.sympify(x)
    if len(x.free_symbols) != 1 or not x.has(sp.exp, sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth):
        return False
    (s,), e = x.free_symbols, x.rewrite(sp.exp)
    rates = [sp.cancel(f.args[0] / s) for f in e.atoms(sp.exp)]
    q = math.lcm(*[int(r.q) for r in rates if r.is_Rational])
    if q * max([abs(r) for r in rates if r.is_Rational], default=0) > 10**4:
        return None
    allowed = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.Symbol, sp.Rational)
    if not all(r.is_Rational for r in rates) or any(not isinstance(n, allowed) or isinstance(n, sp.Pow) and not
                                                    n.exp.is_Integer for n in sp.preorder_traversal(e)):
        return False
    return sp.cancel(sp.together(e.subs(s, q * sp.log(sp.Dummy("y", positive=True))))) == 0


def algebraic_zero(x: sp.Expr) -> bool:
    """Whether the constant ``x`` (rationals, +, ×, at most 6 powers p/q, q ≤ 4) is 0: its minimal polynomial is y."""
    nodes = list(sp.preorder_traversal(x)) if isinstance(x, sp.Expr) and x.is_number else [None]
    roots = [n for n in nodes if isinstance(n, sp.Pow) and not n.exp.is_Integer]
    if not all(isinstance(n, (sp.Add, sp.Mul, sp.Pow, sp.Rational)) for n in nodes) or len(roots) > 6 or any(
            not (r.exp.is_Rational and r.exp.q <= 4) for r in roots):
        return False
    return sp.minimal_polynomial(x, y := sp.Dummy("y")) == y


@lru_cache(maxsize=4096)
def _arb_sign(x: sp.Expr) -> tuple[int | None, Any, int]:
    """(sign, ball, bits): ±1 by the first ball (64 ... 16384 bits, no clock) without 0, else 0 (None: no last ball);
    a ball that crosses a domain's edge is no ball, and more bits may give one (atanh(1 - 10**-40): R11a-7)."""
    for bits in _PRECISIONS:
        if (b := enclose(x, bits)) is not None and (b > 0 or b < 0):  # arb: b > 0 when the whole ball is
            return (1 if b > 0 else -1), b, bits
    return (None if b is None else 0), b, bits


_PROBES = tuple(sp.Rational(p, q) for p, q in ((-7, 5), (-1, 3), (2, 9), (5, 8), (3, 2), (11, 4)))
_CLAIMS = {"is_zero": {0}, "is_extended_positive": {1}, "is_extended_negative": {-1}, "is_extended_nonnegative": {0, 1},
           "is_extended_nonpositive": {0, -1}, "is_extended_nonzero": {1, -1}, "is_extended_real": {1, 0, -1}}


def _refuted(x: sp.Expr) -> bool:
    """Surely x ≠ 0: a number arb encloses away from 0 (or not at all), or x in symbols so at a _PROBES point."""
    if x.is_number:
        return _arb_sign(x)[0] != 0
    syms = sorted(x.free_symbols, key=str)
    with sp.evaluate(False):  # catalan(10^30 z) at z = 11/4 would be written out exactly, unclocked (R64b-2)
        points = [x.subs({s: _PROBES[(i + k) % 6] for k, s in enumerate(syms)}) for i in range(6)]
    return any(b is not None and (b > 0 or b < 0) for b in (enclose(p, 2048) for p in points))


def sympy_agrees(x: sp.Expr, strict: bool = False) -> bool:
    """Each claim of sympy on a constant in ``x`` is arb's (_CLAIMS: True, arb's sign is in the set; False, not): simplify
    drops c f(z) when sympy takes c for 0; atanh(1 - 10**-10).is_zero is True (R11a-1), log(tanh(100)) not real. With
    ``strict`` (constants that sympy compares: conditions, Max/Min, points it substitutes), so are its values at 2 and
    15 digits, by which it orders numbers: log(1 + 10**-40) is 0 there (R18a-3..6). Gruntz writes c**z as e^(z log c)
    and signs log c by its value (log(log(1 + 10**-40)) at random, R18a-8)."""
    power = lambda n: isinstance(n, sp.Pow) and n.base.is_number and not n.exp.is_number and n.base is not sp.E  # noqa
    return all(not isinstance(n, sp.Expr) or (not n.is_number or n.is_Rational or all(
        (v := getattr(n, claim)) is None or (_arb_sign(n)[0] in signs) is v for claim, signs in _CLAIMS.items())
        and (not strict or _evalf_agrees(n))) and not (power(n) and not _evalf_agrees(sp.log(n.base), n.base))
        for n in sp.preorder_traversal(x))


@lru_cache(maxsize=4096)
def _evalf_agrees(*xs: sp.Expr) -> bool:
    signs = [(x, *_arb_sign(x)[:2]) for x in xs]  # no sign from arb: no value to hold sympy's against
    return not any(v.is_zero or v.is_Float and abs(_ball(v) - b) > abs(b) / 2  # arb: > when sure
                   for x, s, b in signs if s for v in (x.evalf(2), x.evalf(15)))


def is_zero(x: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> bool:
    """Whether ``x`` is 0 by an exact test (cancel in y = e^{s/q}, a minimal polynomial) or by sympy's zero test under
    ``run`` when arb finds ``x`` nowhere nonzero and agrees with sympy on its constants; an error is no proof (R9a-3)."""
    if x.has(sp.Float):  # sympy rounds a Float's arithmetic: simplify's 0 is no proof (1 - tanh(u)^2, R70a-2)
        return False
    try:
        rational = exp_rational_zero(x)
        return x == 0 or rational or rational is not None and not _refuted(x) and (algebraic_zero(x) or (
            run(lambda: sympy_agrees(x)) is True and any(run(form) == 0 for form in (
                lambda: sp.expand(x), lambda: sp.simplify(x), lambda: sp.simplify(x.rewrite(sp.exp))))))
    except Exception:  # noqa: BLE001 - a crashed rewrite proves nothing (a StepTimeout is a BaseException)
        return False


def sign(x: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> Fact | None:
    """The sign (−1, 0, 1) of the real number ``x`` (±oo included), or None when undecided."""
    x = sp.sympify(x)
    if x in (sp.oo, -sp.oo):
        return Fact(1 if x is sp.oo else -1, issue(f"{x} has sign {1 if x is sp.oo else -1}", "infinity"))
    if not x.is_number or x.has(sp.nan, sp.zoo, sp.AccumBounds, sp.Float):  # sympy rounds a Float's arithmetic (R70a)
        return None
    s, b, bits = _arb_sign(x)  # enclosures first (a nonzero number gets its sign from arb alone), then the zero test
    if s:
        return Fact(s, issue(f"{text(x)} {'>' if s > 0 else '<'} 0", f"enclosure {b} at {bits} bits", trusts=(ENCLOSURE,)))
    return Fact(0, issue(f"{text(x)} = 0", "zero test", trusts=(ZERO_TEST,))) if s == 0 and is_zero(x, run) else None


def compare(a: sp.Expr, b: sp.Expr, run: Callable[[Callable[[], Any]], Any]) -> Fact | None:
    """sign(a − b) for exact reals or ±oo, with its certificate; None when undecided."""
    a, b = sp.sympify(a), sp.sympify(b)
    if a == b:
        return Fact(0, issue(f"{text(a)} = {text(b)}", "syntactic identity"))
    if a.is_infinite and b.is_infinite:
        return Fact(1 if a is sp.oo else -1, issue(f"{text(a)} vs {text(b)}", "infinities")) if a != b else None
    infinite = a.is_infinite or b.is_infinite  # a finite side does not move an infinite one
    s = sign((a if a.is_infinite else -b) if infinite else a - b, run)
    return None if s is None else Fact(s.value, issue(f"sign({text(a)} - ({text(b)})) = {s.value}",
                                                      "infinity" if infinite else "difference", (s.certificate,)))


def identity(lhs: sp.Expr, rhs: sp.Expr, run: Callable[[Callable[[], Any]], Any], claim: str) -> Certificate | None:
    """A certificate that ``lhs`` and ``rhs`` (expressions, any symbols) are identical, by the zero test."""
    same = is_zero(sp.sympify(lhs) - sp.sympify(rhs), run)
    return issue(claim, "zero test of the difference", trusts=(ZERO_TEST,)) if same else None
