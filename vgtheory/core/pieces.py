"""Bookkeeping for the kernel's limits that decides nothing: named limit points, the rewriting of
Max, Min, Abs, sign and Heaviside as one folded Piecewise (sympy's rewrite, an accepted computation
named in the certificates that use it), and the text of a claim. Which piece holds near a point is
decided in :mod:`vgtheory.kernel.limits`."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import mpmath
import sympy as sp
from sympy.core.relational import Relational
from sympy.functions.elementary.piecewise import ExprCondPair

from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.exact_eval import degree_bound

__all__ = ["POINTS", "resolve", "at_infinity", "point_name", "piecewise_form", "switch_parts", "foldable", "untrusted_sets", "untrusted_domain"]

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


def switch_parts(expr: sp.Expr) -> list[sp.Basic]:
    """The conditions of every Piecewise in ``expr`` and the arguments of every switch (Max, Min, Abs, Heaviside, sign):
    what sympy decides by ordering numbers when it builds, folds or substitutes into ``expr``."""
    parts: list = []
    for n in sp.preorder_traversal(expr):
        if isinstance(n, sp.Piecewise):
            parts += [c for _, c in n.args]
        elif isinstance(n, (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign)):
            parts += list(n.args)
    return parts


def foldable(expr: sp.Expr) -> bool:
    """Whether sympy's folding of ``expr``'s switches and Piecewise conditions (:func:`piecewise_form`) may be taken:
    every non-rational constant that multiplies or is added to a part of a condition or a switch's argument is signed
    by an arb ball (:func:`_signed_number`). Folding simplifies the relations it combines with such a constant read
    as 0: (1 - tanh 10^5)|z| + Max(0, z - 1) < 1/2 became z <= 1 | z < 0, and lim sigma(-oo) came out -1 for a sigma
    that is 0 there (R17a-4)."""
    return all(_signed_number(a) for part in switch_parts(expr) for n in sp.preorder_traversal(part)
               if isinstance(n, (sp.Add, sp.Mul, Relational)) and n.free_symbols
               for a in n.args if isinstance(a, sp.Expr) and not a.free_symbols)


_TRIG = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)
#: Functions sympy inverts branch by branch (monotone, or even like cosh): one of them of a rational argument,
#: alone in a sum, is solved right.
_INVERTIBLE = (sp.exp, sp.log, sp.tanh, sp.atan, sp.erf, sp.erfc, sp.sinh, sp.asinh, sp.cosh, sp.sech, sp.csch,
               sp.coth, sp.acot)
#: Piecewise-linear switches: any number of them of trusted arguments is read as pieces.
_SWITCHES = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign)
#: Function applications (Max and Min are no sympy Functions).
_APPLIED = (sp.Function, sp.Max, sp.Min)
#: A sum that is not trusted term by term is factored (sympy's factor) when it is at most this large, and
#: within this many seconds.
_FACTOR_OPS = 60
_FACTOR_SECONDS = 2.0


def untrusted_sets(exprs: Any) -> sp.Basic | None:
    """A part of ``exprs`` (expressions, relations, conditions) on which sympy's set answers (solveset, as_set,
    continuous_domain, function_range) are not taken, else None.

    Trusted: rational functions of the variable; products and integer powers of trusted factors (a product's
    sign set combines its factors'; a sum that sympy's factor turns into such a product counts); And/Or/Not of
    trusted conditions; Piecewise of trusted parts; a sum whose variable enters either through switches (Max,
    Min, Abs, Heaviside, sign), radicals of rational functions and z itself, or through one other function
    alone (exp, log, tanh, atan, erf, ... of a trusted argument, e^(rz + b) with rational r counted as one; in an
    equation also sin, cos, ... of linear arguments, never in an inequality). Elsewhere sympy's inequality
    solver read the sign of an unsolvable factor at one point: z(2e^(-z^2) - (1 + z^2)^(-2)) > 0 was (0, oo),
    the true set (-oo, -z1) U (0, z1) (red team R14a-1/2/3); it looked at one period of a trigonometric
    inequality or none (-3cos^2(2z) + cos(2z)/2 + 1/2 > 0 was empty); trigonometric functions of nonlinear
    arguments got wrong branches (cos(atan z + 1) = 0 solved as z = -tan 1, R13a-1/2/3/5)."""
    for e in exprs:
        if isinstance(e, sp.Basic) and (bad := _untrusted(e)) is not None:
            return bad
    return None


def untrusted_domain(exprs: Any, within: sp.Set = sp.S.Reals) -> sp.Basic | None:
    """A part of ``exprs`` on which sympy's continuous_domain on ``within`` is not taken, else None: it solves for
    the singular points of each function, so the arguments of functions and the bases of powers must be trusted
    (:func:`untrusted_sets`) and trigonometric arguments linear; a sum of such functions is not solved (tanh z +
    sin(2z + 1) is continuous where each part is). A power b^(p/q) with odd q needs b >= 0 on ``within``: sympy
    takes the real root of a negative b, where the principal power that sigma means is not real (z^(1/3) was
    "continuous" on [-2, -1], R45a-2)."""
    for e in exprs:
        for n in sp.preorder_traversal(e) if isinstance(e, sp.Basic) else ():
            if isinstance(n, _TRIG) and n.free_symbols and _atom(n, n.free_symbols) is not None:
                return n
            parts = n.args if isinstance(n, _APPLIED) else (n.base,) if isinstance(n, sp.Pow) and not (
                n.exp.is_Integer and n.exp >= 0) else ()
            if isinstance(n, sp.Pow) and (n.exp.free_symbols or n.free_symbols and n.exp.is_Rational and n.exp.q % 2
                                          and not n.exp.is_Integer and not _principal_real(n, n.free_symbols, within)):
                return n
            if (bad := untrusted_sets(parts)) is not None:
                return bad
    return None


def _untrusted(e: sp.Basic, strict: bool = False) -> sp.Basic | None:
    """``strict``: e is compared (an inequality), not solved as an equation."""
    syms = e.free_symbols
    if not syms:
        return None
    if isinstance(e, Relational):
        return _untrusted(e.lhs - e.rhs, strict or not isinstance(e, (sp.Eq, sp.Ne)))
    if isinstance(e, (sp.And, sp.Or, sp.Not, sp.Piecewise, ExprCondPair)):
        return next((b for a in e.args if (b := _untrusted(a, strict)) is not None), None)
    if not isinstance(e, sp.Expr) or e.is_rational_function(*syms):
        return None if isinstance(e, sp.Expr) and _signed_coefficients(e, syms) and not (
            strict and _close_roots_possible(e, syms)) else e
    if isinstance(e, sp.Mul) or (isinstance(e, sp.Pow) and e.exp.is_Integer):
        factors = e.args if isinstance(e, sp.Mul) else (e.base,)
        return next((b for f in factors if (b := _untrusted(f, strict)) is not None), None)
    bad = _sum(e, syms, strict)
    if bad is not None and isinstance(e, sp.Add) and sp.count_ops(e) <= _FACTOR_OPS:
        # 2z e^(-z^2) - 2z^3 e^(-z^2) = -2z(z - 1)(z + 1) e^(-z^2): a product of trusted factors.
        try:  # factor too builds the domain of e's constants and exponents (e^((1 + 10^-6) z): minutes, R21a-2)
            factored = bounded(lambda: sp.factor(e), _FACTOR_SECONDS)
        except StepTimeout:
            return bad
        if isinstance(factored, sp.Mul) and all(_untrusted(f, strict) is None for f in factored.args):
            return None
    return bad


def _sum(e: sp.Expr, syms: set, strict: bool) -> sp.Basic | None:
    atoms = _outer_atoms(e, syms)
    for a in atoms:
        if (bad := _atom(a, syms, strict)) is not None:
            return bad
    if isinstance(e, sp.Add) and any(isinstance(a, _SWITCHES) and _nested(a) for a in atoms):
        # A switch of a bounded function beside other terms: sympy decides the range end in floats the same way
        # (Abs(erf z) - 1 + 10^-20 = 0 came back empty; the root is erfinv(1 - 10^-20) = 6.6, red team R16a's note).
        return e
    # e^(rz + b) with rational r are powers of one e^(z/q): sympy solves a polynomial in it (e^-t - 2c e^-2t);
    # sin, cos, ... of rz + b are one family likewise in an equation (sympy rewrites them in e^(iz/q)).
    other = {_family(a, syms) for a in atoms if not isinstance(a, _SWITCHES) and not _radical(a, syms)}
    dummies = {a: sp.Dummy() for a in atoms}
    rest = e.xreplace(dummies)
    if len(other) > 1 or not rest.is_rational_function(*(rest.free_symbols)):
        return e
    if not _signed_coefficients(rest, rest.free_symbols) or (strict and _close_roots_possible(rest, rest.free_symbols)):
        # c tanh^2 z + tanh z > 1/2 with c = log 2 + log 3 - log 6 (or 1 - tanh 10^5): sympy solved it as a quadratic
        # in tanh z and lost the root 1/2 (red team R17a-1..4)
        return e
    if other and (rest.free_symbols & syms or any(_radical(a, syms) or isinstance(a, _SWITCHES) for a in atoms)):
        # z + e^(-z^2), sqrt(1 + z^2) + tanh z, Max(0, z) + 4e^(-z^2): a transcendental term beside the variable
        return e
    return e if other and not _roots_clear(rest, dummies, syms, strict) else None


#: The ends of the ranges of the functions whose equations sympy solves by inverting them. It decides whether a root
#: of the polynomial in f lies inside f's range in floats: erf(z) = 1 - 10^-7 had no root, tanh(e^z) > 1 - 10^-20
#: never held, atan z + atan^2 z > pi/2 + pi^2/4 - 10^-12 got the complement (red team R15a-2..5, -8..10).
_EDGES = {sp.tanh: (1, -1), sp.erf: (1, -1), sp.coth: (1, -1), sp.erfc: (0, 2), sp.sech: (0, 1), sp.csch: (0,),
          sp.cosh: (1,), sp.atan: (sp.pi / 2, -sp.pi / 2), sp.acot: (0, sp.pi / 2, -sp.pi / 2),
          sp.sin: (1, -1), sp.cos: (1, -1)}
#: A root this close to an end (and not equal to it) is not trusted.
_EDGE_DISTANCE = sp.Rational(1, 10**5)
#: The values at 0 of the functions whose inverse sympy writes with a log: at a root this close to them the log's
#: argument is within 10^-5 of 1, and sympy's log of a number within 2^-53 of 1 is 0 at 2 and 15 digits, so
#: atanh(10^-40) and log(1 + 10^-40) were dropped as "not in (0, oo)" (a kink of tanh z + |tanh z - 10^-40|/10 at
#: atanh 10^-40 missed: a false symbolic C^1) and exp(z^2) < 1 + 10^-40 held "everywhere" (red team R18a-1, -6); log at
#: 1, where its value is 0: log(z^2 + 1) > 10^-40 was solved through floats that read log as 0, R20a-3).
_CENTRES = {sp.tanh: (0,), sp.erf: (0,), sp.atan: (0,), sp.sinh: (0,), sp.asinh: (0,), sp.sin: (0,), sp.exp: (1,),
            sp.erfc: (1,), sp.coth: (), sp.cosh: (1,), sp.sech: (1,), sp.cos: (1,), sp.log: (0,)}


def _closed_roots(numer: sp.Expr, gen: sp.Symbol) -> list[sp.Expr] | None:
    """The roots of the polynomial ``numer`` in ``gen``, each once, in closed form; None where sympy does not give them
    all. With rational and algebraic coefficients, sympy's roots (e^z - e^((1 + 10^-6) z)/2 is y^(10^6) (1 - y/2) in
    y = e^(z/10^6)); with others only degree 1 or 2, by the formula on the coefficients as they stand: sympy's roots
    first builds their domain, for exp(-2 + 10**-40) the powers of exp(10**-40), a polynomial of degree 2e40 that
    filled memory for minutes (R21a-2)."""
    if not any(isinstance(n, (sp.Function, sp.Pow)) and not n.has(gen) for n in sp.preorder_traversal(numer)
               if not (isinstance(n, sp.Pow) and n.exp.is_Rational and n.base.is_Rational)):
        poly = sp.Poly(numer, gen)
        found = sp.roots(poly)
        return list(found) if sum(found.values()) == poly.degree() else None
    if any(p.base == gen and not (p.exp.is_Integer and 0 < p.exp <= 2) for p in numer.atoms(sp.Pow)):
        return None
    coeffs = sp.Poly(numer, gen, domain=sp.EX).all_coeffs()
    lead = coeffs[0]
    if len(coeffs) not in (2, 3) or not (lead.is_Rational or abs(sp.N(lead, 30)) > sp.Rational(1, 10**10)):
        return None
    marks = [sp.Dummy() for _ in coeffs]
    generic = sp.roots(sum(m * gen ** (len(marks) - 1 - i) for i, m in enumerate(marks)), gen)
    return [r.xreplace(dict(zip(marks, coeffs))) for r in generic]


def _roots_clear(rest: sp.Expr, dummies: dict, syms: set, strict: bool = False) -> bool:
    """Whether the polynomial in the one function family (numerator of ``rest``) is of degree <= 2 in it, with its
    roots known exactly and none near an end of the function's range; e^(rz) atoms only with rates within a factor
    2 (a polynomial of degree 5 in e^(-z/5) "had no real root", R15a-7)."""
    numer = sp.numer(sp.together(rest))
    gens = [d for a, d in dummies.items() if d in numer.free_symbols]
    atoms = [a for a, d in dummies.items() if d in gens]
    try:
        # EX: sympy's own domain for exp(-2 + 10**-40) is the powers of exp(10**-40), degree 2e40 (R21a-2)
        poly = sp.Poly(numer, *gens, domain=sp.EX)
    except sp.PolynomialError:
        return False
    if any(d > 2 for d in poly.degree_list()):
        return False
    if len(atoms) > 1 and all(isinstance(a, _TRIG) for a in atoms):
        # sin z and cos z together (equations only): sympy rewrites them in e^(iz), no range end is decided
        rates = [abs(sp.diff(a.args[0], *syms)) for a in atoms]
        return max(rates) <= 2 * min(rates)
    if len(atoms) > 1 and all(isinstance(a, sp.exp) for a in atoms):
        rates = [sp.diff(a.args[0], *syms) for a in atoms]
        if max(map(abs, rates)) > 2 * min(map(abs, rates)):
            return False
        # e^(rz + b) = e^b y^(rq) with y = e^(z/q): the roots in y must clear 1 (_CENTRES) like one function's
        (z,), y = syms, sp.Dummy(positive=True)
        q = math.lcm(*(int(r.q) for r in rates))
        numer = sp.numer(sp.together(numer.xreplace({d: sp.exp(a.args[0].subs(z, 0)) * y ** int(r * q)
                                                     for a, d, r in zip(atoms, gens, rates)})))
        gens, atoms = [y], [sp.exp(z / q)]
    if len(atoms) != 1:
        return False
    edges = _EDGES.get(type(atoms[0]), ()) + _CENTRES.get(type(atoms[0]), ())
    found = _closed_roots(numer, gens[0])
    if found is None:
        return False  # roots sympy does not give in closed form
    if strict and any(not (gap := sp.N(abs(r - q), 30)).is_Number or gap < _EDGE_DISTANCE
                      for i, r in enumerate(found) for q in found[i + 1:]):
        return False  # an inequality between roots sympy's float test point cannot separate (R30a-2)
    for root in found:
        for edge in edges:
            gap = sp.N(abs(root - edge), 30)
            if not gap.is_Number or (gap < _EDGE_DISTANCE and root != edge):  # no simplify: it has no clock
                return False
    return _inner_clear(atoms[0], found)


#: mpmath inverses of the outer functions, to follow a root into a function of a function.
_INVERSE = {sp.tanh: mpmath.atanh, sp.exp: mpmath.log, sp.atan: mpmath.tan, sp.sinh: mpmath.asinh, sp.asinh: mpmath.sinh,
            sp.erf: mpmath.erfinv, sp.log: mpmath.exp, sp.coth: mpmath.acoth}


def _inner_clear(atom: sp.Expr, roots: Any) -> bool:
    """Whether, for f(a h(...) + b) with h a function or root, the value h takes at each root of f (inverted at 60
    digits) keeps 10^-5 from h's range ends and centres, and so on down to a polynomial argument: sympy inverts each
    function in turn, and tanh(e^(z^2)) > tanh(1 + 10^-40) came back empty (e^(z^2) = 1 + 10^-40 is log(1 + 10^-40) =
    0 to sympy: red team R19a-1), as did tanh(2e^(z^2)) and tanh(sinh(e^(z^2))) against their values at
    z^2 = log(1 + 10^-40) (R20a-1, -2). Any other argument is not trusted."""
    with mpmath.workdps(60):
        try:
            values = [mpmath.mpmathify(sp.N(r, 60)) for r in roots]
        except (ValueError, TypeError):
            return False
        while True:
            g = atom.base if isinstance(atom, sp.Pow) else atom.args[0]
            inner = _outer_atoms(g, g.free_symbols)
            if not inner:
                return True  # a polynomial: solved as one
            d = sp.Dummy()
            linear = g.xreplace({inner[0]: d})
            a, b = sp.diff(linear, d), linear.subs(d, 0)
            if len(inner) != 1 or a.free_symbols or b.free_symbols or a == 0:
                return False
            try:
                args = [_invert(atom, v) for v in values]
                values = [(u - mpmath.mpmathify(sp.N(b, 60))) / mpmath.mpmathify(sp.N(a, 60)) for u in args]
            except (ValueError, TypeError, ZeroDivisionError, KeyError):
                return False
            atom = inner[0]
            ends = _EDGES.get(type(atom), ()) + _CENTRES.get(type(atom), ())
            if not all(mpmath.isfinite(v) and abs(v - mpmath.mpmathify(sp.N(end, 60))) >= mpmath.mpf(10) ** -5
                       for v in values for end in ends):
                return False


def _invert(atom: sp.Expr, value: Any) -> Any:
    """The argument at which ``atom`` (a function of one argument, or a rational power) takes ``value``."""
    if isinstance(atom, sp.Pow):
        return mpmath.power(value, 1 / mpmath.mpmathify(sp.N(atom.exp, 60)))
    return _INVERSE[type(atom)](value)


def _outer_atoms(e: sp.Expr, syms: set) -> list[sp.Expr]:
    """The outermost function applications and non-integer powers in e that depend on the variable."""
    if not e.free_symbols & syms or e in syms:
        return []
    if isinstance(e, _APPLIED) or (isinstance(e, sp.Pow) and not e.exp.is_Integer):
        return [e]
    return list(dict.fromkeys(a for arg in e.args for a in _outer_atoms(arg, syms)))


def _family(a: sp.Expr, syms: set) -> Any:
    """"exp" for e^(rz + b), "trig" for sin, cos, ... of rz + b (r rational, one variable z), else a itself."""
    if not isinstance(a, (sp.exp, *_TRIG)) or len(syms) != 1:
        return a
    (z,) = syms
    slope = sp.diff(a.args[0], z)
    if not (slope.is_Rational and slope != 0):
        return a
    return "exp" if isinstance(a, sp.exp) else "trig"


def _radical(a: sp.Expr, syms: set) -> bool:
    return isinstance(a, sp.Pow) and a.exp.is_Rational and a.base.is_rational_function(*syms)


def _principal_real(a: sp.Pow, syms: set, within: sp.Set = sp.S.Reals) -> bool:
    """Whether sympy's real-domain solver reads the power a = b^(p/q) as the principal power that σ means, which it
    does only where b ≥ 0: for an odd q it takes the real root of a negative b, where the principal one is not real
    (z^(1/3) < 1 came back (-oo, 1), and σ, undefined for z < 0, got limits at -oo and 0-: R39a-2); for an even q it
    drops every z with b < 0, where products of principal roots can be real (√z·√(z - 1) = -√(z² - z) for z < 0:
    an Eq holding at z = -2 was missed, and a piece's branch read at its midpoint went unchecked: R40a-2). Taken only
    where b ≥ 0 on ``within``: by sympy's assumptions (|z - 1|, z² + 1: structure, no solving), exactly
    (:func:`~vgtheory.core.rational_sets.rational_set` of b < 0 meets ``within`` nowhere) or by arb enclosures on a
    bounded ``within`` (:func:`~vgtheory.core.interval_sign.nonnegative_on`: sin z on (0, 1))."""
    exp = a.exp
    if exp.is_Integer or a.base.is_nonnegative:
        return True
    if len(syms) != 1:
        return False
    from vgtheory.core.interval_sign import nonnegative_on
    from vgtheory.core.rational_sets import rational_set

    z = next(iter(syms))
    from vgtheory.core.set_order import clipped

    negative = rational_set(sp.StrictLessThan(a.base, 0), z)
    # clipped in the kernel's order of the ends (sympy's Intersection compares them by evalf, R55a-1)
    kept = clipped(negative, within) if negative is not None and isinstance(within, sp.Interval) else None
    return kept == [] or nonnegative_on(a.base, z, within)


def _atom(a: sp.Expr, syms: set, strict: bool = False) -> sp.Basic | None:
    if isinstance(a, sp.Pow):
        return None if a.exp.is_number and not a.exp.free_symbols and (
            _radical(a, syms) or _untrusted(a.base, strict) is None and a.exp.is_Rational and not _nested(a.base)) \
            and _principal_real(a, syms) else a
    args = [x for x in a.args if x.free_symbols & syms]
    if isinstance(a, _TRIG):
        # Never in an inequality: sympy's solver looks at one period or none (-3cos^2(2z) + cos(2z)/2 + 1/2 > 0
        # came back empty; it holds at z = -10), and (z + 1/2) cos 2z < 0 likewise.
        arg = a.args[0]
        return None if not strict and arg.is_polynomial(*syms) and sp.Poly(arg, *syms).total_degree() <= 1 else a
    if isinstance(a, _INVERTIBLE) and any(_nested(x) for x in args):
        return a
    if isinstance(a, _SWITCHES + _INVERTIBLE):
        return next((b for x in args if (b := _untrusted(x, strict)) is not None), None)
    return a


def _nested(x: sp.Expr) -> bool:
    """Whether x applies a function with a bounded range (or a radical) to the variable: sympy inverts the outer
    function exactly, then decides in floats whether the inner one reaches the value (tanh(tanh z) > tanh 1 - 10^-20
    came back empty, exp(erf z) - (e - 10^-20) erf z got a false range: R16a-1/2/4); only the outer function's range
    ends are checked (_EDGES)."""
    return any(isinstance(n, (*_EDGES, sp.Pow)) and not (isinstance(n, sp.Pow) and n.exp.is_Integer)
               and n.free_symbols for n in sp.preorder_traversal(x))


#: Bits of the enclosure that must sign each non-rational coefficient of a rational function (below).
_COEFFICIENT_BITS = 256


def _close_roots_possible(e: sp.Expr, syms: set) -> bool:
    """Whether sympy's inequality solver might be asked to order roots of e that it cannot separate: e of degree 2 or
    more with a coefficient that is not rational (rational ones are solved exactly, core.rational_sets). Between two
    roots 10^-20 apart it tests a point in floats: 10^-40 - (z^3 - 200 sqrt 2)^2 > 0 came back empty (R30a-1)."""
    try:
        numer, denom = sp.fraction(sp.together(e))
        polys = [sp.Poly(part, *sorted(syms, key=str)) for part in (numer, denom)]
    except sp.PolynomialError:
        return True
    if not any(p.total_degree() >= 2 for p in polys) or all(c.is_Rational for p in polys for c in p.coeffs()):
        return False
    # roots at 50 digits, 10^-5 apart at least: sympy's float test point then lies between them (a tiny leading
    # coefficient, sqrt(2) - 1.41421356237 times tanh^2, puts its second root far away, not close)
    for p in polys:
        if len(p.gens) > 1:
            return True
        try:
            roots = _quadratic_roots(p) if p.degree() == 2 else p.nroots(n=50, maxsteps=200) if p.degree() > 2 else []
        except Exception:  # noqa: BLE001 - no convergence (mpmath's NoConvergence) or no numbers: not separated
            return True
        # relative to the roots themselves: +-e^-5000 are far apart for a test point at 0, pi -+ 1e-40 are not
        if any(abs(r - q) < sp.Rational(1, 10**5) * max(abs(r), abs(q)) for i, r in enumerate(roots) for q in roots[i + 1:]):
            return True
    return False


def _quadratic_roots(p: sp.Poly) -> list:
    """The two roots of a quadratic at 50 digits by the stable formula (mpmath's polyroots does not converge for
    roots 10^15 apart)."""
    with mpmath.workdps(50):
        a, b, c = (mpmath.mpmathify(sp.N(v, 60)) for v in p.all_coeffs())
        q = -(b + (1 if mpmath.re(b) >= 0 else -1) * mpmath.sqrt(b * b - 4 * a * c)) / 2
        return [q / a, c / q] if q else [mpmath.mpf(0), mpmath.mpf(0)]


#: The largest degree of a rational function whose coefficients are read (sympy expands it first, unclocked).
_MAX_EXPANDED = 512


def _signed_coefficients(e: sp.Expr, syms: set) -> bool:
    """Whether every coefficient of e's numerator and denominator (polynomials in the variable) is rational or
    enclosed away from 0: sympy divides by a coefficient it cannot sign, a hidden 0 (log 2 + log 3 - log 6) or
    a tiny nonzero one (1 - tanh 10^5), and gave false condition sets (R16a-6/7)."""

    if any(degree_bound(e, s) > _MAX_EXPANDED for s in syms):  # ((z^2 + 1)^100 + 1)^100: degree 20000 (R66b-6)
        return False
    numer, denom = sp.fraction(sp.together(e))
    for part in (numer, denom):
        try:
            coeffs = sp.Poly(part, *sorted(syms, key=str)).coeffs()
        except sp.PolynomialError:
            return False
        if not all(c.free_symbols or _signed_number(c) for c in coeffs):
            return False
    return True


def _signed_number(c: sp.Expr) -> bool:
    """Whether the constant c is rational or enclosed away from 0 by an arb ball of :data:`_COEFFICIENT_BITS`."""
    from vgtheory.kernel.numbers import enclose  # at call time: the kernel imports core (tests/test_architecture.py)

    if c.is_Rational:
        return True
    b = enclose(c, _COEFFICIENT_BITS)
    return b is not None and bool(b > 0 or b < 0)
