"""Rational test points between the possible sign changes of a function of z: proposals for a breach.

For g built from z, rational numbers, +, ×, integer powers, roots P^(k/n) and |·| (read as (u²)^(1/2)), every real
zero of g is a root of one polynomial N ∈ Q[z]: each root s = P^(1/n) is eliminated by the resultant
Res_s(num(z, s), den(P)·s^n − num(P)), which vanishes wherever num vanishes for some n-th root s of P, the real one
included. The real roots of N, of the radicands and of every denominator then split the line into gaps on each of
which g is continuous and has no zero, so its sign there is that at any one point of the gap.

Nothing here is trusted: the points are proposals, and a caller who finds g of a given sign at one of them checks it
with the kernel's exact sign (:func:`vgtheory.theorems.sign_sets.empty_or_breach`). They matter where sympy's
inequality solver gives up on a relation whose two roots lie 10^-74 apart (√(z² + 1) − z/2 − c with a 150-digit c,
R62a-1), or where its answer is not taken ((z − √2)(z − √2 − 10^-6) with its irrational coefficients, R63a-1), and the
samples cannot see the window between them. Transcendental constants (π, log 3) are replaced by close rationals first:
the points move with them, and stay proposals. Beyond algebraic g: a g rational in one increasing F(az + b) is read in
u = F and its roots mapped back; a product factor by factor; a factor no form reads is scanned for sign changes on
|z| ≤ 64; and where no sign change is read at all, g's critical points are proposed (a dip below 0 between two roots
too close for any grid has its bottom there).
"""

from __future__ import annotations

from typing import Callable

import mpmath
import sympy as sp

from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.dyadic import rational
from vgtheory.core.mp_code import lambdify_mp
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.rational_sets import isolated_roots

__all__ = ["gap_points", "unresolved"]

#: Largest degree of the eliminated polynomial taken (each root of index n multiplies the degree by up to n).
MAX_DEGREE = 128
#: The time sympy's factor gets for a sum (its multivariate factoring can take minutes).
_FACTOR_SECONDS = 1.0
#: At most this many radicands are eliminated (√(z² + 1), √((z − 3)² + 2), √2: three).
_MAX_ROOTS = 4


def gap_points(g: sp.Expr, z: sp.Symbol) -> list[sp.Rational] | None:
    """A rational point in each gap between consecutive possible sign changes of g (see the module docstring) and one
    beyond each end; where none are read, g's critical points (:func:`_critical`); None where neither is found."""
    # the constants' stand-ins move two roots e apart by about (their error)/e: twice the digits (R64a-3); the inverses
    # F^-1 map roots back, once the digits
    digits = _digits(g)
    g = _approximated(_factored(g), z, min(5000, 2 * digits))
    if g is None:
        return None
    spans = _spans(g, z, digits)
    if spans is None:  # no sign change read: a dip below 0 has its bottom at a critical point
        return _critical(g, z, digits) or None
    if not spans:  # no sign change anywhere: a dip between two roots 3e-11 apart shows only at g's critical point (R67a-3)
        return [sp.Integer(0)] + _critical(g, z, digits)
    spans.sort()
    # two spans that overlap (roots of two factors closer than their approximations) have no point proposed between
    return ([spans[0][0] - 1] + [(a[1] + b[0]) / 2 for a, b in zip(spans, spans[1:]) if a[1] < b[0]]
            + [spans[-1][1] + 1])


def _factored(g: sp.Expr) -> sp.Expr:
    """g as sympy's factor writes it, within :data:`_FACTOR_SECONDS`, its constants (π, log 3) as symbols: z e^z − 3z −
    c e^z + 3c as (e^z − 3)(z − c) over the generators z and e^z (with c's 280-digit stand-in it took 13 s; Wang's
    algorithm spent 30 s on six terms in z and e^z, R66a-1); cos²u as 1 − sin²u first, or sympy's integrate form
    sin²z/2 − cos²z/2 + ... of (sin z − 1/2)(sin z − 1/2 − e) does not split (R64a-2)."""
    if isinstance(g, sp.Mul):
        return g
    symbols = {c: sp.Dummy() for c in _constants(g)}
    h = g.xreplace(symbols).replace(
        lambda e: isinstance(e, sp.Pow) and isinstance(e.base, sp.cos) and e.exp.is_Integer and e.exp > 0 and e.exp % 2 == 0,
        lambda e: (1 - sp.sin(e.base.args[0]) ** 2) ** (e.exp // 2))
    try:
        product = bounded(lambda: sp.factor(h), _FACTOR_SECONDS)
    except StepTimeout:
        return g
    return product.xreplace({s: c for c, s in symbols.items()}) if isinstance(product, sp.Mul) else g


def _critical(g: sp.Expr, z: sp.Symbol, digits: int) -> list[sp.Rational]:
    """Points where g' vanishes (its spans' midpoints; a sign change of g' on the scan, located at ``digits``, at
    most 8 nearest 0): a dip of g below 0 between two roots 10^-20 apart, which no sign change of g shows, has its
    bottom there (e^z − 3z − 3b with b just above 1 − log 3, R65a-2; (r − a)(r − a − e) r' for a nested root r,
    R65a-1)."""
    try:
        d = sp.diff(g, z)
    except (ValueError, TypeError):
        return []
    if not d.has(z):
        return []
    # exact roots where g' is algebraic; else the scan, before sympy's factor (which spent the whole budget on
    # g' = 4v(v^2 - d^2)v' + n, v = e^(z - 1) - 1 + (z - 1), R66a-1)
    spans = _algebraic_spans(d, z)
    if spans is None:
        fn, at = lambdify_mp([z], d), lambdify_mp([z], g)
        # the 8 where g is least (a dip's bottom is a minimum of g; the 8 nearest 0 missed one at 30 among sin 5z's
        # wiggles, R67a-5), ties nearest 0
        brackets = sorted(_scanned(d, z) or [], key=lambda br: (_height(at, (br[0] + br[1]) / 2, digits), abs(br[0] + br[1])))[:8]
        spans = [(r, r) for lo, hi, _ in brackets for r in _roots_in(fn, lo, hi, digits)] or _other_spans(d, z, digits, True) or []
    return [(lo + hi) / 2 for lo, hi in spans]


def _height(fn, t: sp.Rational, digits: int) -> mpmath.mpf:
    """fn at the rational t (at ``digits``), +oo where it is not a real number there."""
    with mpmath.workdps(digits):
        v = _real(fn, mpmath.mpf(int(t.p)) / int(t.q))
    return mpmath.inf if v is None else v


def _roots_in(fn, a: sp.Rational, b: sp.Rational, digits: int, depth: int = 3) -> list[sp.Rational]:
    """Roots of fn in [a, b] (a sign change): one located, then those of the sub-brackets beside it whose ends
    differ in sign, ``depth`` levels down: g' = 4v(v² − d²)v' + n has three roots 10^-3 apart in one grid cell, and the
    one located first may be the middle one, a maximum of g (R66a-1)."""
    r = _located(fn, a, b, digits)
    if r is None:
        return []
    out, eps = [r], (b - a) / 10**12
    for lo, hi in ((a, r - eps), (r + eps, b)):
        if depth and lo < hi:
            with mpmath.workdps(digits):
                ends = [_real(fn, mpmath.mpf(int(t.p)) / int(t.q)) for t in (lo, hi)]
            if None not in ends and ends[0] * ends[1] < 0:
                out += _roots_in(fn, lo, hi, digits, depth - 1)
    return out


def _spans(g: sp.Expr, z: sp.Symbol, digits: int, every: bool = False) -> list[tuple[sp.Rational, sp.Rational]] | None:
    """Rational intervals [lo, hi] holding every point where g may change sign: the roots of a product's factors each
    on its own ((e^z − 3)(z − log 3 − 10^-100)), those of g rational in one F(a z + b) mapped back from u = F, and
    those of an algebraic g (:func:`_algebraic_spans`). ``every``: every scanned root located (a critical point is
    proposed itself, not its grid bracket's midpoint: z^130 - 2 in g' = 260 z^129 (z^130 - 2), R66a-4)."""
    if (spans := _algebraic_spans(g, z)) is not None:  # all roots at once: isolated against each other
        return spans
    return _other_spans(g, z, digits, every)


def _other_spans(g: sp.Expr, z: sp.Symbol, digits: int, every: bool) -> list[tuple[sp.Rational, sp.Rational]] | None:
    """:func:`_spans` of a g that is not algebraic (:func:`_algebraic_spans` gave None)."""
    if (monotone := _one_monotone(g, z, digits)) is not None:
        return monotone
    factors = [f.base if isinstance(f, sp.Pow) and f.exp.is_Integer else f for f in sp.Mul.make_args(g) if f.has(z)]
    if len(factors) < 2:
        return None
    parts = [_spans(f, z, digits, every) for f in factors]
    scans = {i: _scanned(f, z) for i, f in enumerate(factors) if parts[i] is None}
    if any(brackets is None for brackets in scans.values()):
        return None
    # a scanned root is located to ``digits`` only where another factor's root shares its bracket: there a window may
    # hide (e^z + z = 3 and = 3 + 10^-150, R64a-1); elsewhere its bracket is its span. At most 8 per factor, nearest 0:
    # one window suffices for a breach, and locating sin's 41 roots at 700 digits took 1.2 s (R64a-2)
    spans_known = [span for spans in parts if spans for span in spans]
    for i, brackets in scans.items():
        others = spans_known + [br[:2] for j, bs in scans.items() if j != i for br in bs]
        parts[i], located = [], 0
        for lo, hi, locate in sorted(brackets, key=lambda br: abs(br[0] + br[1])):
            shared = located < 8 and (every or any(o_lo <= hi and lo <= o_hi for o_lo, o_hi in others))
            located += shared
            parts[i].append(locate(digits) if shared else (lo, hi))
    return [span for p in parts for span in p if span is not None]


#: The grid on which a factor no form above reads is scanned for sign changes: |z| ≤ 64 in steps of 1/16, then
#: geometric steps of 1/32 of |z| up to 2^20 (z + sin z = 100 and 100 + 10^-30 lay beyond 64, R66a-3).
_FAR = sorted({sp.Rational(round(64 * (33 / 32) ** k * 16), 16) for k in range(1, 320)} - {sp.Integer(64)})
_SCAN = [-t for t in reversed(_FAR)] + [sp.Rational(k, 16) for k in range(-1024, 1025)] + _FAR
_MAX_SCANNED = 128


def _scanned(f: sp.Expr, z: sp.Symbol) -> list[tuple[sp.Rational, sp.Rational, Callable]] | None:
    """The roots of one factor f found numerically: (a, b, locate) for each sign change of f on :data:`_SCAN` (15
    digits) or zero there, ``locate(digits)`` the span of the root located by mpmath's bracketing solver (e^z + z = 3
    and e^z + z = 3 + 10^-150 are two such factors, R64a-1; sin z = 1/2 has a root in every period, R64a-2); None
    where f cannot be evaluated so. Two roots of one factor closer than the grid's step are missed: these are
    proposals."""
    try:
        fn = lambdify_mp([z], f)
    except Exception:  # noqa: BLE001 - a function mpmath lacks: no proposal
        return None
    with mpmath.workdps(15):
        values = [_real(fn, mpmath.mpf(int(t.p)) / int(t.q)) for t in _SCAN]
    out = [(t, t, lambda digits, t=t: (t, t)) for t, v in zip(_SCAN, values) if v == 0]
    for (a, va), (b, vb) in zip(zip(_SCAN, values), zip(_SCAN[1:], values[1:])):
        if va is not None and vb is not None and va * vb < 0:
            out.append((a, b, lambda digits, a=a, b=b: (lambda r: None if r is None else (r, r))(_located(fn, a, b, digits))))
    # the nearest 0 first: sin's roots far out (one per step of the geometric grid) must not crowd out those near 0
    return sorted(out, key=lambda br: abs(br[0] + br[1]))[:_MAX_SCANNED]


def _located(fn, a: sp.Rational, b: sp.Rational, digits: int) -> sp.Rational | None:
    """A root of fn in [a, b] (a sign change) by mpmath's bracketing solver at ``digits``, as a rational."""
    with mpmath.workdps(digits):
        lo, hi = mpmath.mpf(int(a.p)) / int(a.q), mpmath.mpf(int(b.p)) / int(b.q)
        try:
            # verify=False: mpmath checks |f(r)| against an absolute tolerance, which f of size 10^150 never meets
            r = mpmath.findroot(fn, (lo, hi), solver="anderson", verify=False)
        except (ValueError, ZeroDivisionError, ArithmeticError):
            r = None
        if not (isinstance(r, mpmath.mpf) and lo <= r <= hi and _brackets(fn, r, digits)):
            # anderson stalls where fn is flat (three roots 10^-3 apart, values ~10^-12: it returned the bracket's
            # midpoint, R66a-1): bisection, which keeps a sign change
            r = _bisected(fn, lo, hi, digits)
    return rational(r) if isinstance(r, mpmath.mpf) and a <= rational(r) <= b else None


def _brackets(fn, r: mpmath.mpf, digits: int) -> bool:
    """Whether fn changes sign (or vanishes) within 10^(5 - digits) of r, relative."""
    d = max(abs(r), mpmath.mpf(1)) * mpmath.mpf(10) ** (5 - digits)
    values = [_real(fn, t) for t in (r - d, r, r + d)]
    return None not in values and (values[1] == 0 or values[0] * values[2] < 0)


def _bisected(fn, lo: mpmath.mpf, hi: mpmath.mpf, digits: int) -> mpmath.mpf | None:
    f_lo = _real(fn, lo)
    if f_lo is None:
        return None
    for _ in range(int(3.33 * digits) + 64):
        mid = (lo + hi) / 2
        f_mid = _real(fn, mid)
        if f_mid is None:
            return None
        if f_mid == 0 or hi - lo <= abs(mid) * mpmath.mpf(10) ** -digits:
            return mid
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _real(fn, t: mpmath.mpf) -> mpmath.mpf | None:
    try:
        v = fn(t)
    except (ValueError, ZeroDivisionError, ArithmeticError, TypeError, NameError):  # NameError: jn, no mpmath kin
        return None
    return v if isinstance(v, mpmath.mpf) and mpmath.isfinite(v) else None


def _algebraic_spans(g: sp.Expr, z: sp.Symbol) -> list[tuple[sp.Rational, sp.Rational]] | None:
    """The isolating intervals of the real roots of N·(radicands)·(denominators) for an algebraic g."""
    # each root as (node, radicand, exponent): |u| is (u²)^(1/2) (sympy would write sqrt(u²) back as |u| for real u);
    # a nested root's radicand is written in the symbols of the roots inside it, innermost first, and the outermost is
    # eliminated first (√(1 + √(z² + 1)) was refused, its window a false numeric holds, R65a-1)
    nodes = [p for p in sp.preorder_traversal(g) if _is_root(p, z)]
    depth = {p: sum(1 for q in sp.preorder_traversal(p) if q != p and _is_root(q, z)) for p in nodes}
    radicands: dict[sp.Expr, tuple[sp.Dummy, int]] = {}
    swap: dict[sp.Expr, sp.Expr] = {}
    for node in sorted(set(nodes), key=lambda p: (depth[p], sp.default_sort_key(p))):
        base, e = (node.base, node.exp) if isinstance(node, sp.Pow) else (sp.expand(node.args[0] ** 2), sp.S.Half)
        base = base.xreplace(swap) if depth[node] else base
        # P^(k/m) as s^(k·n/m), s = P^(1/n), n the lcm of the denominators of P's exponents: fixed at P's first
        # node, so the roots of one radicand share it (their exponents' lcm)
        n = int(sp.ilcm(1, *[int(q.exp.q) if isinstance(q, sp.Pow) else 2 for q in nodes if _radicand(q, swap) == base]))
        if base not in radicands:
            radicands[base] = (sp.Dummy(), n)
        swap[node] = radicands[base][0] ** int(e.p * radicands[base][1] // e.q)
    if len(radicands) > _MAX_ROOTS:
        return None
    swapped = g.xreplace(swap)
    symbols = [s for s, _ in radicands.values()]
    # other functions stand for themselves: sympy's integrate writes terms that cancel only as a whole
    # (asinh(u)/(3 - z) + (z - 3) asinh(u)/(3 - z)^2, R62a-2); their sum must not depend on them
    opaque = {f: sp.Dummy() for f in swapped.atoms(sp.Function)}
    try:
        num, den = sp.fraction(sp.together(swapped.xreplace(opaque)))
        if opaque and any(e.has(*opaque.values()) for e in (num, den)):
            num, den = sp.fraction(sp.cancel(sp.expand(num) / sp.expand(den)))
        if not all(e.is_polynomial(z, *symbols) and _rational(e) for e in (num, den)):
            return None
        # each polynomial with the eliminated root as its first generator (sympy's resultant of expressions spent
        # 3.5 s converting back and forth on R62a-2's four radicands); the outermost root first: its radicand holds
        # the inner ones, and its marks (numerator and denominator) are eliminated with them
        gens = (*symbols, z)
        polys = [sp.Poly(num, *gens, domain="QQ"), sp.Poly(den, *gens, domain="QQ")]
        for base, (s, n) in reversed(list(radicands.items())):
            order = (s, *(t for t in gens if t != s))
            rest = order[1:]
            p, q = (sp.Poly(e, *rest, domain="QQ") for e in sp.fraction(sp.together(base)))
            minimal = sp.Poly(q.as_expr() * s**n - p.as_expr(), *order, domain="QQ")
            polys = [(_norm(f, p, q, rest) if n == 2 else sp.Poly(f.resultant(minimal), *rest, domain="QQ"))
                     if f.degree() > 0 else sp.Poly(f.as_expr(), *rest, domain="QQ")
                     for f in (h.reorder(*order) for h in polys)] + [p, q]
            gens = rest
        eliminated = [sp.Poly(f.as_expr(), z, domain="QQ") for f in polys]
    except (sp.PolynomialError, sp.CoercionFailed, ValueError):
        return None
    marks = eliminated[2:]
    eliminated = eliminated[:2]
    factors = {f.monic() for poly in eliminated + marks if poly.degree() > 0
               for f, _ in poly.factor_list()[1]}
    if any(f.degree() > MAX_DEGREE for f in factors) or any(p.is_zero for p in eliminated):
        return None
    points = isolated_roots(factors, z)
    return None if points is None else [ab for _, ab, _ in points]


#: The fewest digits of the rationals that stand for transcendental constants (π, log 3) and of the inverses F^-1:
#: a root moves by about 10^-digits of its size, so a window narrower than that may be missed (no harm: no point is
#: then proposed in it). More where g's own numbers are longer (:func:`_digits`).
_CONSTANT_DIGITS = 120


def _digits(g: sp.Expr) -> int:
    """The decimal digits of g's longest numerator or denominator, plus 40 (at least :data:`_CONSTANT_DIGITS`, at most
    5000): a
    window 10^-150 wide beside π moved off its 120-digit stand-in (R64a-3), and log(1 + z) = 2 + 10^-150 was mapped
    back at 120 digits (R64a-5)."""
    bits = max([max(int(r.p).bit_length(), int(r.q).bit_length()) for r in g.atoms(sp.Rational)] + [0])
    return min(5000, max(_CONSTANT_DIGITS, bits * 3 // 10 + 40))


def _approximated(g: sp.Expr, z: sp.Symbol, digits: int) -> sp.Expr | None:
    """g with every z-free transcendental constant (π, E, log 3, e^2) replaced by a rational within 10^-digits of it:
    (z − log 3)(z − log 3 − 10^-20) has its window where the approximation's has it, and the point proposed there
    is checked against the exact g (R63a-1); None where such a constant is not resolved."""
    constants = _constants(g)
    if not constants:
        return g
    try:
        # digits after the point: e^1000 at 240 significant digits was 10^194 off, its window 1 wide (R66a-2); and as
        # many more as the smallest constant has zeros after it: the window (π, π + e^-1000) is 5e-435 wide (R67a-6)
        exponents = {c: _exponent(c) for c in constants}
        tiny = min(5000, max(max(0, -e) for e in exponents.values()))
        if max(exponents.values()) > 5000:  # e^(e^20) to 2e8 digits ran past a minute, unclocked (R68a-1)
            return None
        return g.xreplace({c: rational(exact_mpf(c, digits + max(0, e + 1) + tiny)) for c, e in exponents.items()})
    except ValueError:
        return None


def unresolved(g: sp.Expr) -> sp.Expr | None:
    """A constant of g past 10^±5000, whose stand-in would need more digits than any is given: a window e^-12000 wide
    beside π is then unseen (R68a-2), and a shape that the samples call "holds" is not evidence. None where none is."""
    for c in _constants(g):
        try:
            if abs(_exponent(c)) > 5000:
                return c
        except (ValueError, ArithmeticError, TypeError):  # no value read: a window of its own is not claimed
            continue
    return None


def _exponent(c: sp.Expr) -> int:
    """int(log10 |c|): the digits of |c| before the point less one, or minus its zeros after it (0 where c is 0)."""
    v = exact_mpf(c, 15)
    return int(mpmath.log10(abs(v))) if v else 0


def _constants(e: sp.Expr) -> list[sp.Expr]:
    """The constants of e to stand in for: π, E, log 3 and the like, and a root of one whole (√π, not π under a √: sympy
    sought square factors of the rational under it, factorint for 1.7 s, R65a-3); through sums, products and integer
    powers, so that 3·log 3 and log 3 keep one stand-in and a product still factors ((e^z − 3)(z − log 3 − e))."""
    if not e.free_symbols and e.has(sp.NumberSymbol, sp.Function) and (
            isinstance(e, (sp.NumberSymbol, sp.Function)) or isinstance(e, sp.Pow) and not e.exp.is_Integer):
        return [e]
    return [c for a in e.args for c in _constants(a)]


#: Increasing functions F and mpmath's inverses, for g rational in one F(a z + b): (log(1 + z) − 1)(log(1 + z) − 1 −
#: 10^-100) has its window where u = log(1 + z) has it.
_INVERSES = {sp.exp: mpmath.log, sp.log: mpmath.exp, sp.tanh: mpmath.atanh, sp.atan: mpmath.tan, sp.sinh: mpmath.asinh,
             sp.asinh: mpmath.sinh, sp.erf: mpmath.erfinv}


def _one_monotone(g: sp.Expr, z: sp.Symbol, digits: int) -> list[tuple[sp.Rational, sp.Rational]] | None:
    """The spans of g rational in u = F(a z + b) (a, b rational, a ≠ 0): those in u mapped back by F^-1; else None."""
    atoms = {f for f in g.atoms(sp.Function) if f.has(z) and not isinstance(f, sp.Abs)}
    if len(atoms) != 1 or type(atom := atoms.pop()) not in _INVERSES:
        return None
    line = sp.Poly(atom.args[0], z) if atom.args[0].is_polynomial(z) else None
    if line is None or line.degree() != 1 or not all(c.is_Rational for c in line.all_coeffs()):
        return None
    u = sp.Dummy("u")
    inside = g.xreplace({atom: u})
    if inside.has(z) or (spans := _spans(inside, u, digits)) is None:
        return None
    a, b = line.all_coeffs()
    out = []
    for span in spans:
        ends = [_inverse(type(atom), v, digits) for v in span]
        if None not in ends:
            lo, hi = sorted((t - b) / a for t in ends)
            out.append((lo, hi))
    return out


def _inverse(f: type, v: sp.Rational, digits: int) -> sp.Rational | None:
    """F^-1(v) as a rational, at ``digits`` or twice the digits v is written with, the more; None outside F's
    range."""
    digits = min(5000, max(digits, 2 * (int(v.p).bit_length() + int(v.q).bit_length()) // 3 + 40))
    with mpmath.workdps(digits):
        try:
            t = _INVERSES[f](mpmath.mpf(int(v.p)) / int(v.q))
        except (ValueError, ZeroDivisionError):
            return None
        return rational(t) if isinstance(t, mpmath.mpf) and mpmath.isfinite(t) else None


def _norm(f: sp.Poly, p: sp.Poly, q: sp.Poly, rest: tuple) -> sp.Poly:
    """(A + B s)(A − B s)·q = A²q − B²p where q^m f = A + B s after s² = p/q (s the first generator of f, m = ⌊deg/2⌋):
    zero wherever f is, for either square root s of p/q (the resultant, in a few products)."""
    m = f.degree() // 2
    by_power: dict[int, dict] = {}
    for monom, c in f.terms():
        by_power.setdefault(monom[0], {})[monom[1:]] = c
    P, Q = (sp.Poly(e.as_expr(), *rest, domain="QQ") for e in (p, q))
    halves = [sp.Poly(0, *rest, domain="QQ"), sp.Poly(0, *rest, domain="QQ")]
    for k, coefficients in by_power.items():
        halves[k % 2] += sp.Poly.from_dict(coefficients, *rest, domain="QQ") * P ** (k // 2) * Q ** (m - k // 2)
    a, b = halves
    return a**2 * Q - b**2 * P


def _radicand(p: sp.Basic, swap: dict) -> sp.Expr:
    """The radicand of a root node (u² for |u|) with the roots inside it replaced as in ``swap``."""
    base = p.base if isinstance(p, sp.Pow) else sp.expand(p.args[0] ** 2)
    return base.xreplace(swap)


def _is_root(p: sp.Basic, z: sp.Symbol) -> bool:
    """|u| or P^(k/m) with P a rational function of z or a rational number (√2 as a coefficient)."""
    if isinstance(p, sp.Abs):
        return p.has(z)
    return isinstance(p, sp.Pow) and p.exp.is_Rational and not p.exp.is_Integer and (p.has(z) or p.base.is_Rational)


def _rational(e: sp.Expr) -> bool:
    return all(a.is_Rational for a in e.atoms(sp.Number))
