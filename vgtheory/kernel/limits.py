"""Limits that are proofs: Gruntz's algorithm on the trusted class, and a squeeze for bounded
oscillating factors. The class and why it is the right one: :mod:`vgtheory.kernel`."""

from __future__ import annotations

from contextlib import suppress
from functools import lru_cache
from typing import Any, Callable

import sympy as sp
from sympy.core.logic import fuzzy_and, fuzzy_or
from sympy.calculus.util import continuous_domain
from sympy.series.gruntz import gruntz
from sympy.series.gruntz import sign as gruntz_sign

from vgtheory.core.parsing import Z
from vgtheory.core.exact_eval import cheap_at, cheap_call  # no clock on subs: only where it is cheap (R65b-3)
from vgtheory.core.budget import Deadline, as_deadline
from vgtheory.core.claims import claim_text as text
from vgtheory.core.pieces import POINTS, at_infinity, foldable, untrusted_domain, untrusted_sets, piecewise_form, point_name, resolve
from vgtheory.kernel.certificate import Fact, issue
from vgtheory.kernel.numbers import ENCLOSURE, ZERO_TEST, _arb_sign, sympy_agrees, compare, sign
from vgtheory.core.rational_sets import rational_set, set_ends
from vgtheory.core.set_order import combined

__all__ = ["POINTS", "limit", "in_trusted_class", "trusted_near", "continuous_near",
           "continuous_everywhere", "eventual_branch", "piecewise_form", "condition_set", "holds_near"]

GRUNTZ = "sympy's Gruntz algorithm (sympy.series.gruntz) on the trusted class"
CONTINUITY = "sympy's continuous_domain and assumptions (positivity of a base)"
PIECES = "sympy's Piecewise rewriting of Max/Min/Abs/sign/Heaviside and its condition sets"
_U = sp.Symbol("u", positive=True)


def limit(expr: sp.Expr, point: Any, deadline: Deadline | float = 6.0) -> Fact | None:
    """The limit of ``expr`` (in z) at ``point`` ('+oo', '-oo', '0+', '0-', (b, '+'/'-')) as a proved :class:`Fact`, or
    None: Gruntz on the branch near the point (trusted class, continuous there), or a squeeze (|f| <= 1 times f -> 0)."""
    deadline = as_deadline(deadline)
    if expr.has(sp.Float) or not sympy_agrees(expr):  # Gruntz signs what sympy evaluates (R18a-8), Floats rounded
        return None
    # Near a finite point Abs and sign go to Gruntz as they stand, as pieces where that fails (|z^3 - 1/8| at 1/2, R21b-4);
    for kinds in (_PIECEWISE_LIKE,) if at_infinity(point) else (_PIECEWISE_LIKE[:4], _PIECEWISE_LIKE)[:1 + expr.has(sp.Abs, sp.sign)]:
        reduced = deadline.run(lambda kinds=kinds: eventual_branch(expr, point, kinds))
        fact = None if reduced is None else _trusted_limit(reduced, point, deadline)
        if fact is None and reduced is not None and reduced.has(sp.sin, sp.cos):  # at b+ too: e^(-1/u) sin(1/u), R20b-4
            fact = _squeeze(reduced, point, deadline)
        if fact is not None:
            break
    if fact is None or reduced == expr:
        return fact
    return _fact(expr, point, fact.value, f"{text(expr)} = {text(reduced)} near {point_name(point)}", (fact.certificate,),
                 (PIECES,))


def _fact(expr: sp.Expr, point: Any, value: Any, rule: str, premises: tuple = (), trusts: tuple = ()) -> Fact:
    return Fact(value, issue(f"lim {text(expr)}, z->{point_name(point)} = {text(value)}", rule, premises, trusts))


def _trusted_limit(expr: sp.Expr, point: Any, deadline: Deadline) -> Fact | None:
    stable = _stable(expr)
    sums = [a for a in sp.Mul.make_args(stable) if isinstance(a, sp.Add) and a.has(Z)]
    terms = [stable / sums[0] * t for t in sums[0].args] if len(sums) == 1 else ()
    if terms:
        # Term by term, one sum distributed (z (A + B) whole timed out): finite limits, or infinities of one sign, add.
        parts = [_trusted_limit(t, point, deadline) for t in terms]
        if all(p is not None for p in parts) and len(infinite := {p.value for p in parts if p.value.is_infinite}) <= 1:
            value = infinite.pop() if infinite else sp.Add(*[p.value for p in parts])
            return _fact(expr, point, value, "sum of proved limits", tuple(p.certificate for p in parts))
    if not at_infinity(point):
        b = resolve(point)[0]
        # b on sympy's terms: atanh(sqrt(1 - 10^-6)) "is zero" to it, and sech of it evaluated to 1 (R15a-6).
        value = expr.subs(Z, b) if continuous_everywhere(expr, Z, b) and sympy_agrees(b, True) and cheap_at(expr, b, Z) else None
        if _is_value(value) and value not in (sp.oo, -sp.oo):  # continuous at b: the limit is the value there
            return _fact(expr, point, value, "continuity at the point", trusts=(ENCLOSURE,))
        if (fact := _difference_quotient(expr, point, deadline)) is not None:
            return fact
    const, rest = stable.as_independent(Z, as_Add=False)  # Gruntz signs constants by evalf: log(1 + e^-10^5) is 0 to it
    if isinstance(rest, _ENTIRE) and len(rest.args) == 1 and (inner := _trusted_limit(rest.args[0], point, deadline)) \
            and inner.value.is_finite and inner.value.is_real and cheap_call(type(rest), inner.value):  # f continuous (R13a-8)
        return _fact(expr, point, const * type(rest)(inner.value), "a function continuous on R of a proved finite limit",
                     (inner.certificate,))
    if not const.is_Rational and (k := sign(const, deadline.run)) and k.value and (inner := _trusted_limit(rest, point, deadline)):
        v = inner.value * k.value if inner.value.is_infinite else const * inner.value
        return _fact(expr, point, v, "a constant of proved sign times a proved limit", (k.certificate, inner.certificate))
    if not trusted_near(expr, point, deadline):
        return None
    # At +oo as Gruntz does (z -> -z, b ± 1/z), before the constants are sorted: (z - sqrt(3))^(-2/3) at sqrt(3)+ cancels.
    b, side = resolve(point)
    moved = deadline.run(lambda: stable.subs(Z, -Z if b == -sp.oo else Z if b == sp.oo else
                                                     b + (1 if side == "+" else -1) / Z))
    signed = None if moved is None else _signed_constants(moved, deadline)
    value = None if signed is None else deadline.run(lambda: _gruntz(signed[0], sp.oo, "-"))
    if not _is_value(value):
        return None
    return _fact(expr, point, value, "gruntz on proved-sign constants", signed[1], (GRUNTZ, CONTINUITY))


def _signed_constants(expr: sp.Expr, deadline: Deadline) -> tuple[sp.Expr, tuple] | None:
    """``expr`` for Gruntz, constants summed over like terms (tanh z + c z, c = sin(pi/7)sin(2pi/7)sin(3pi/7) -
    sqrt(7)/8 = 0: red team 7), those proved 0 dropped, equal ones merged, with the sign certificates; None when a
    sign or an order is undecided or sympy's own order of them is not arb's (as sign-only symbols, red team 9 found
    e^(sqrt(2) z) and e^(sqrt(3) z) ordered at random)."""
    constants: dict[sp.Expr, int] = {}
    premises: list = []

    def signed(c: sp.Expr) -> sp.Expr | None:
        s = None if c.is_Rational else sign(c, deadline.run)
        if s is None:
            return c if c.is_Rational else None
        premises.append(s.certificate)
        constants.update({c: s.value} if s.value else {})
        return c if s.value else sp.S.Zero

    def walk(e: sp.Expr) -> sp.Expr | None:
        if not e.has(Z) or e == Z:
            return signed(e) if not e.has(Z) else e
        if isinstance(e, sp.Add):
            groups: dict[sp.Expr, sp.Expr] = {}
            for c, zpart in (t.as_independent(Z, as_Add=False) for t in e.args):
                groups[zpart] = groups.get(zpart, sp.S.Zero) + c
            pairs = [(signed(sp.together(c)), walk(zp)) for zp, c in groups.items()]  # sqrt2 + 10^-12 split: Gruntz failed
            parts = [None if k is None or w is None else k * w for k, w in pairs]
        elif isinstance(e, sp.Mul):
            const, rest = e.as_independent(Z, as_Add=False)
            parts = [signed(sp.together(const))] + [walk(a) for a in sp.Mul.make_args(rest)]
        else:
            parts = [walk(a) for a in e.args]
        return None if any(p is None for p in parts) else e.func(*parts)

    out = deadline.run(lambda: walk(expr))
    if out is None:
        return None
    # Gruntz orders by evalf: it must agree with arb on each constant vs 0, the others and the rationals (atanh(1 - 10**-10)).
    numbers, same = list(constants) + sorted(out.atoms(sp.Rational), key=abs)[:12], {}
    for i, a in enumerate(constants):
        for b in [sp.S.Zero] + numbers[i + 1:]:
            s = compare(a, b, deadline.run)
            if s is None or (s.value == 0 and b is sp.S.Zero) or (s.value and (a - b).is_positive is not (s.value > 0)):
                return None
            if s.value == 0:
                premises.append(s.certificate)
                same.setdefault(*((a, b) if b.is_Rational else (b, a)))
    return out.xreplace(same), tuple(premises)

def _difference_quotient(expr: sp.Expr, point: Any, deadline: Deadline) -> Fact | None:
    """lim f(z)/(z - b) = f'(b) when f and f' are continuous on R and f(b) = 0 (mean value theorem); sign(),
    not is_zero: its enclosure rejects a nonzero f(b) at once (selu's constants: 1 s of simplify)."""
    b = resolve(point)[0]
    num = expr * (Z - b)  # sympy cancels the factor (z - b)^-1 of a quotient on construction
    if (not continuous_everywhere(num) or not cheap_at(num, b, Z) or (slope := deadline.run(lambda: sp.diff(num, Z))) is None
            or not continuous_everywhere(slope) or (at_b := sign(num.subs(Z, b), deadline.run)) is None or at_b.value):
        return None
    value = deadline.run(lambda: slope.subs(Z, b)) if cheap_at(slope, b, Z) else None
    if not _is_value(value):
        return None
    return _fact(expr, point, value, "mean value theorem: f(b) = 0, f' continuous", trusts=(CONTINUITY, ZERO_TEST))


def _is_value(v: Any) -> bool:  # a Float is a rounded value, never a proof of one
    return isinstance(v, sp.Expr) and not v.has(sp.Limit, sp.AccumBounds, sp.nan, sp.zoo, sp.Order, sp.Float) and (
        v in (sp.oo, -sp.oo) or real_number(v))


_gruntz = lru_cache(maxsize=512)(lambda e, target, side: _quiet(gruntz, e, Z, target, side))  # a report asks twice


def _quiet(fn: Callable[..., Any], *args: Any) -> Any:
    """fn(*args), None when it raises (PoleError, ...): an error is no answer; a timeout still propagates."""
    with suppress(Exception):
        return fn(*args)


def _bounded_by_one(f: sp.Expr, point: Any, deadline: Deadline) -> bool:
    """|f| <= 1 near the point: sin or cos of a real member, or a positive integer power of one."""
    if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp > 0:
        return _bounded_by_one(f.base, point, deadline)
    # trusted_near, not in_trusted_class at b: it tests bases at +oo (u -> b ± 1/u), so z^(-1/3) at 0- is complex (R22a-1)
    return isinstance(f, (sp.sin, sp.cos)) and trusted_near(f.args[0], point, deadline)


def _squeeze(expr: sp.Expr, point: Any, deadline: Deadline) -> Fact | None:
    # The terms as written first: none of (z - b)^3 sin(1/(z - b)) expanded tends to 0 at b (R23b-2).
    for terms in (sp.Add.make_args(expr), deadline.run(lambda: sp.Add.make_args(sp.expand(expr)))):
        fact = None if terms is None or len(terms) > 40 else _trusted_limit(
            sp.Add(*[t for t in terms if not t.has(sp.sin, sp.cos)]), point, deadline)
        if fact is None or fact.value.is_infinite:
            continue
        premises = [fact.certificate]
        for term in (t for t in terms if t.has(sp.sin, sp.cos)):
            factors = sp.Mul.make_args(term)
            bounded_part = [f for f in factors if f.has(Z) and _bounded_by_one(f, point, deadline)]
            small = _trusted_limit(sp.Mul(*[f for f in factors if f not in bounded_part]), point, deadline) if bounded_part else None
            if small is None or small.value != 0:
                break
            premises.append(_fact(term, point, sp.S.Zero, "squeeze: |" + "*".join(map(text, bounded_part))
                                  + "| <= 1 times a factor proved to tend to 0", (small.certificate,)).certificate)
        else:
            return _fact(expr, point, fact.value, "sum of proved limits", tuple(premises))
    return None


_W = sp.Wild("w")


@lru_cache(maxsize=512)
def _stable(expr: sp.Expr) -> sp.Expr:
    """tanh² as 1 − sech² (an identity; 1 + 1/N − tanh(z)² − tanh(z/N)²/N is then sech² + sech²/N exactly)."""
    return expr.replace(sp.tanh(_W) ** 2, 1 - sp.sech(_W) ** 2) if expr.has(sp.tanh) else expr


#: Functions whose composition with a member stays in the class (exp-log, or definable in R_an,exp, eventually monotone).
_HARDY = (sp.exp, sp.log, sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth, sp.asinh, sp.atan, sp.acot,
          sp.erf, sp.erfc, sp.Abs)
#: Periodic functions: in the class only of an argument that converges at the end.
_PERIODIC, _GAMMA = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot), (sp.gamma, sp.loggamma, sp.polygamma)


def trusted_near(reduced: sp.Expr, point: Any, deadline: Deadline | float = 6.0) -> bool:
    """In the trusted class and continuous near ``point`` (at b±: the same test at +∞ of expr(b ± 1/u), R22a-1)."""
    deadline = as_deadline(deadline)
    if at_infinity(point):
        return in_trusted_class(reduced, point, deadline) and continuous_near(reduced, point, deadline)
    b, side = resolve(point)
    moved = deadline.run(lambda: reduced.subs(Z, b + (1 if side == "+" else -1) / _U).subs(_U, Z))
    return moved is not None and in_trusted_class(moved, "+oo", deadline) and continuous_near(reduced, point, deadline)


def in_trusted_class(expr: sp.Expr, end: Any = "+oo", deadline: Deadline | float = 6.0) -> bool:
    """Whether ``expr`` (already reduced to its branch near ``end``) is in the trusted class."""
    deadline = as_deadline(deadline)
    if not expr.has(Z) or expr == Z:
        return expr == Z or real_number(expr)
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        return in_trusted_class(base, end, deadline) and in_trusted_class(exp, end, deadline) and (
            exp.is_Integer or _positive_near(base, end, deadline))
    if isinstance(expr, (sp.Add, sp.Mul)) or isinstance(expr, _HARDY):
        return all(in_trusted_class(a, end, deadline) for a in expr.args)
    return isinstance(expr, (*_PERIODIC, *_GAMMA)) and in_trusted_class(expr.args[-1], end, deadline) and (  # Γ family: in
        inner := _trusted_limit(expr.args[-1], end, deadline)) is not None and inner.value not in (sp.oo, -sp.oo) and (  # R_an off
        not isinstance(expr, _GAMMA) or any((s := sign(x, deadline.run)) and s.value > 0 for x in (inner.value, sp.sin(sp.pi * inner.value) ** 2)))  # poles


def _positive_near(base: sp.Expr, end: Any, deadline: Deadline) -> bool:
    """base > 0 on a neighbourhood of the end: by sympy's assumptions on the half-line, or its proved limit."""
    on_half_line = base.subs(Z, -_U if end == "-oo" else _U)
    if positive(on_half_line, _U) or positive(deadline.run(lambda: sp.factor(sp.together(on_half_line))), _U):
        return True
    if (inner := _trusted_limit(base, end, deadline)) is None:
        return False
    s = compare(inner.value, 0, deadline.run)
    if s is not None and s.value != 0:
        return s.value > 0
    # Limit 0: a member has an eventual sign, that of its leading term (Gruntz's own sign routine).
    signed = _signed_constants(base.subs(Z, -Z) if end == "-oo" else base, deadline)
    return signed is not None and deadline.run(lambda: _quiet(gruntz_sign, signed[0], Z)) == 1


def continuous_near(expr: sp.Expr, point: Any, deadline: Deadline | float = 6.0) -> bool:
    """Whether sympy proves ``expr`` continuous on (T, ∞), (−∞, −T), (b, b + δ) or (b − δ, b)."""
    deadline = as_deadline(deadline)
    if continuous_everywhere(expr):
        return True
    b, side = (sp.Integer(0), "+" if point == "+oo" else "-") if at_infinity(point) else resolve(point)
    for step in (_U,) if at_infinity(point) else (_U, _U / (1 + _U)):  # (b, b + 1): Γ(z + 1) at 0- (R59b-4)
        if (shifted := deadline.run(lambda: expr.subs(Z, b + (step if side == "+" else -step)))) is not None and continuous_everywhere(shifted, _U):
            return True
    for width in (1,) if at_infinity(point) else (1, sp.Rational(1, 2**6), sp.Rational(1, 2**20)):  # (1/2 - z)^(2/3) at 0+
        where = sp.S.Reals if at_infinity(point) else sp.Interval.open(*((b, b + width) if side == "+" else (b - width, b)))
        domain = deadline.run(lambda: continuous_domain(expr, Z, where) if sympy_agrees(expr, True) and untrusted_domain([expr], where) is None else None)  # R11a-1, R13a-2
        if isinstance(domain, sp.Set) and deadline.run(lambda: holds_near(domain, point)):
            return True
    return False


#: Functions continuous on all of R.
_ENTIRE = (sp.exp, sp.sin, sp.cos, sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.asinh, sp.atan, sp.erf, sp.erfc, sp.Abs)


def continuous_everywhere(expr: sp.Expr, var: sp.Symbol = Z, at: sp.Expr | None = None, defined: bool = False) -> bool:
    """A structural proof that ``expr`` is continuous wherever ``var`` ranges (at the point ``at``
    only, when given): compositions of functions continuous on R, powers and logarithms of bases
    proved positive (nonzero for negative integer exponents) everywhere, or at ``at`` by arb.
    ``defined``: only that it has a real value there (Max, Min, sign and Heaviside of such arguments too)."""
    if not expr.has(var) or expr == var:
        return expr == var or real_number(expr)
    sure = (lambda e: positive(e, var) or e.is_rational_function(var) and positive(sp.together(e), var)) if at is None else (lambda e: positive(e.subs(var, at), var))
    if isinstance(expr, (sp.Add, sp.Mul) + _ENTIRE + ((sp.Max, sp.Min, sp.sign, sp.Heaviside) if defined else ())):
        return all(continuous_everywhere(a, var, at, defined) for a in expr.args)
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        return continuous_everywhere(base, var, at, defined) and continuous_everywhere(exp, var, at, defined) and (
            exp.is_Integer and exp.is_nonnegative or sure(base) or exp.is_Integer and sure(-base))
    if isinstance(expr, (sp.log, *_GAMMA)):  # the Γ family: analytic where its argument is positive
        return all(continuous_everywhere(a, var, at, defined) for a in expr.args) and sure(expr.args[-1])
    if defined and isinstance(expr, sp.Piecewise) and expr.args[-1].cond == sp.true:  # values, sides of conditions
        return all(continuous_everywhere(e, var, at, True) for v, c in expr.args for e in (v, *(
            side for r in c.atoms(sp.Rel) for side in r.args)))
    return False


#: Functions positive on R, and odd increasing functions (positive exactly where the argument is).
_POSITIVE = (sp.exp, sp.cosh, sp.sech)
_ODD_INCREASING = (sp.tanh, sp.sinh, sp.asinh, sp.atan, sp.erf)


def positive(expr: sp.Expr | None, var: sp.Symbol = Z, strict: bool = True) -> bool:
    """A structural proof that ``expr`` > 0 (≥ 0 if not ``strict``) for all real ``var`` (positive when
    ``var`` is u): constants by arb, exp/cosh/sech > 0, even powers ≥ 0, signed sums and products."""
    if expr is None:
        return False
    if not expr.has(var):
        return real_number(expr) and _side_of(expr, 0) in ((1,) if strict else (0, 1))
    if expr == var:
        return var is _U
    if isinstance(expr, _POSITIVE):
        return True
    if isinstance(expr, sp.Abs):
        return not strict or positive(expr.args[0], var) or positive(-expr.args[0], var)
    if isinstance(expr, _ODD_INCREASING):
        return positive(expr.args[0], var, strict)
    if isinstance(expr, sp.Add):  # the constant part as one number (z**2 + tanh(100) - 1 + 2 e^-200 > 0)
        const, terms = expr.as_independent(var)
        return all(positive(a, var, False) for a in (const, *sp.Add.make_args(terms))) and (
            not strict or any(positive(a, var) for a in (const, *sp.Add.make_args(terms))))
    if isinstance(expr, sp.Mul):
        return all(positive(a, var, strict) for a in expr.args)
    if isinstance(expr, sp.Pow):  # an even power is >= 0, a positive base to a real power > 0
        even = expr.exp.is_Integer and int(expr.exp) > 0 and int(expr.exp) % 2 == 0
        return (even and not strict) or positive(expr.base, var)
    return False


def real_number(x: sp.Expr) -> bool:
    """A proof that ``x`` is a finite real number: a rigorous real enclosure of it exists."""
    return isinstance(x, sp.Expr) and x.is_number and x not in (sp.oo, -sp.oo) and _arb_sign(x)[0] is not None


_no_clock: Callable[[Callable[[], Any]], Any] = lambda fn: None  # noqa: E731 - no zero test: signs that count only nonzero


_side_of = lambda a, b: None if (s := compare(a, b, _no_clock)) is None else s.value  # noqa: E731 - sign(a - b) or None


_PIECEWISE_LIKE = (sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.Abs, sp.sign)


def eventual_branch(expr: sp.Expr, point: Any, kinds: tuple = ()) -> sp.Expr | None:
    """``expr`` near ``point`` with ``kinds`` of switches (default: not Abs, sign at a b) as pieces, or None: each switch, innermost
    first, as its piece whose condition holds near the point, all before it failing (one fold of six |z - c|^(2/3): 7 s)."""
    kinds = kinds or (_PIECEWISE_LIKE if at_infinity(point) else _PIECEWISE_LIKE[:4])
    if expr.has(*kinds) and not foldable(expr):
        return None
    while inner := [n for n in sp.preorder_traversal(expr) if isinstance(n, kinds) and not any(a.has(*kinds) for a in n.args)]:
        folded = piecewise_form(inner[0], tuple(k for k in kinds if k is not sp.Piecewise))
        pieces = folded.args if isinstance(folded, sp.Piecewise) else ((folded, sp.true),)
        now = next(((v, n) for v, c in pieces if (n := _eventually(c, point)) is not False), (None, None))
        if not now[1] or now[0].has(sp.Piecewise):
            return None
        expr = expr.xreplace({inner[0]: now[0]})
    return expr


def _eventually(cond: sp.Basic, point: Any) -> bool | None:
    """Whether ``cond`` holds (True) or fails (False) near ``point``, None if undecided: by its set, its parts or
    the sign of a proved nonzero limit of lhs - rhs (Min(tanh z, 1 + z/10^40) at -oo: sympy has no set)."""
    if isinstance(cond, (sp.And, sp.Or)):  # by parts: sympy's Union and Intersection order their ends by evalf
        return (fuzzy_and if isinstance(cond, sp.And) else fuzzy_or)(_eventually(c, point) for c in cond.args)
    if _quiet(lambda: holds_near(condition_set(cond), point)):
        return True
    if cond.is_Relational and _quiet(lambda: holds_near(condition_set(cond.negated), point)):
        return False
    lim = limit(cond.lhs - cond.rhs, point) if cond.is_Relational else None
    s = None if lim is None else sign(lim.value, _no_clock)
    return None if s is None or s.value == 0 else bool(cond.func(s.value, 0))


def _linear(cond: sp.Basic) -> tuple[sp.Expr, sp.Expr] | None:
    diff = sp.expand(cond.lhs - cond.rhs)
    slope, rest = diff.coeff(Z, 1), diff.coeff(Z, 0)
    return (slope, rest) if diff == slope * Z + rest and real_number(slope) and real_number(rest) and _side_of(
        slope, 0) in (1, -1) else None


@lru_cache(maxsize=1024)
def condition_set(cond: sp.Basic) -> sp.Set:
    """The real z where ``cond`` holds: exact where it is linear or rational in z (:mod:`~vgtheory.core.rational_sets`), else sympy's."""
    if cond in (sp.true, sp.false):
        return sp.S.Reals if cond else sp.S.EmptySet
    if isinstance(cond, (sp.And, sp.Or)):  # in the kernel's order of the ends: sympy's Intersection used evalf (R55a-3)
        return combined(cond, [condition_set(c) for c in cond.args])
    lin = _linear(cond) if cond.is_Relational else None
    if lin is None:  # a rational relation exactly: sympy's inequality solver dropped a 10^-22 window of one (R27a-2)
        if (exact := rational_set(cond, Z)) is not None:  # its ends only where sympy's assumptions on them are arb's
            return exact if all(sympy_agrees(e, True) for e in set_ends(exact)) else sp.ConditionSet(Z, cond, sp.S.Reals)
        return cond.as_set() if sympy_agrees(cond, True) and untrusted_sets([cond]) is None else sp.ConditionSet(Z, cond, sp.S.Reals)  # R11a-1, R13a-1
    root, strict = -lin[1] / lin[0], isinstance(cond, (sp.StrictLessThan, sp.StrictGreaterThan))
    if isinstance(cond, (sp.Eq, sp.Ne)):
        return sp.FiniteSet(root) if isinstance(cond, sp.Eq) else sp.S.Reals - sp.FiniteSet(root)
    if isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan)) == (_side_of(lin[0], 0) == 1):
        return sp.Interval(root, sp.oo, left_open=strict)
    return sp.Interval(-sp.oo, root, right_open=strict)


def holds_near(where: sp.Set, point: Any) -> bool:
    """Whether ``where`` contains a one-sided neighbourhood of ``point``: one of its intervals does, by the kernel's
    exact comparison of the ends (sympy's set difference compares by evalf: (0, oo) - [atanh(1 - 10**-10), oo) was
    empty)."""
    parts = [i for i in (where.args if isinstance(where, sp.Union) else (where,)) if isinstance(i, sp.Interval)]
    if at_infinity(point):
        return any((i.sup if point == "+oo" else i.inf) == (sp.oo if point == "+oo" else -sp.oo) for i in parts)
    b, side = resolve(point)
    return any(_side_of(i.inf, b) in ((-1, 0) if side == "+" else (-1,)) and
               _side_of(i.sup, b) in ((1,) if side == "+" else (1, 0)) for i in parts)
