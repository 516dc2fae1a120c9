r"""Continuity and smoothness of σ on an interval, decided by sympy or left undecided.

Every ``symbolic`` holds/fails carries a certificate of :mod:`vgtheory.kernel` (limits by Gruntz
on the trusted class, one-sided limits compared exactly). ``holds (symbolic)`` is a proof: σ (or σ', σ'') is split at the breakpoints of its
Abs/sign/Max/Min/Heaviside/Piecewise parts; on each open piece between breakpoints sympy proves
the active branch continuous (``continuous_domain``, or a composition of functions continuous on
ℝ); at every breakpoint and every point that ``continuous_domain`` excludes, the one-sided limits
(each a proof in the sense of :func:`vgtheory.properties.limits.symbolic_limit`) agree, and for σ itself
equal σ(b). For σ' and σ'' only the one-sided limits are compared: if σ is continuous at b and
σ' has the same finite limit from both sides, σ is differentiable at b with that derivative (mean
value theorem), so σ is C¹ near b. ``fails (symbolic)`` names a point b where a one-sided limit
is infinite or the two differ (or differ from σ(b)). Anything else is ``inconclusive``.

Nothing here is syntactic: sqrt(z² − 2z + 1) = |z − 1| has σ' = ±1 on either side of 1 and fails
C¹ there, though the formula contains no Abs.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cmp_to_key
from typing import Any

import sympy as sp
from sympy.calculus.util import continuous_domain as sympy_domain
from sympy.core.logic import fuzzy_and, fuzzy_or

from vgtheory.core.claims import claim_text as text
from vgtheory.core.activations import Activation, Z, activation
from vgtheory import kernel
from vgtheory.core.point_branches import value_at
from vgtheory.core.budget import TIMEOUT_NOTE
from vgtheory.core.memo import continuous_domain
from vgtheory.core.parsing import disagreeing_constant
from vgtheory.core.pieces import foldable, untrusted_domain
from vgtheory.core.set_order import boundary_points, chart, from_marks
from vgtheory.kernel import Deadline, as_deadline, condition_set, continuous_everywhere, piecewise_form
from vgtheory.properties.limits import proved_limit
from vgtheory.properties.verdicts import DEFAULT_DPS, DEFAULT_TIMEOUT, PropertyResult, show

__all__ = ["check_continuous", "check_c1", "check_c2"]

#: Functions whose continuity sympy can decide (everything else: inconclusive).
_KNOWN = (
    sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.tanh, sp.sinh, sp.cosh, sp.sech,
    sp.csch, sp.coth, sp.asinh, sp.atan, sp.acot, sp.erf, sp.erfc, sp.Abs, sp.sign, sp.Max, sp.Min,
    sp.Heaviside, sp.Piecewise,
)
_SPLIT = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside)
#: At most this many exceptional points are examined (of a periodic set: the first few, which
#: can refute but never prove).
_MAX_POINTS = 4


def _interval_text(interval: sp.Set) -> str:
    return "R" if interval == sp.S.Reals else str(interval)


def _by_parts(name: str, claim: str, where: sp.Set, one: Any) -> PropertyResult:
    """``one(interval)`` on each interval of ``where`` (an interval, or a union of intervals shown apart by
    :func:`_separated`): holds where every part holds, fails where one fails. Any other set is not read as its hull
    (1/(z - 3/2) "fails" on [0, 1] ∪ [2, 3] at 3/2, outside it: R46a-3)."""
    parts = _separated(where := _exact(where))
    if parts is None:
        return PropertyResult(name, "inconclusive", "symbolic", {}, None,
                              f"{where} is not an interval or a union of intervals", claim=claim)
    if len(parts) == 1:
        return one(parts[0])
    results = [one(p) for p in parts]
    failed = next((r for r in results if r.verdict == "fails"), None)
    if failed is not None:
        cert = failed.certificate and kernel.conclude("not " + claim, [failed.certificate], "not so on a part")
        return replace(failed, claim=claim, certificate=cert)
    if any(r.verdict != "holds" or r.method != "symbolic" for r in results):
        return PropertyResult(name, "inconclusive", "symbolic", {}, None,
                              "; ".join(r.detail for r in results if r.verdict != "holds"), claim=claim)
    return PropertyResult(name, "holds", "symbolic", results[0].witness, None, "so on every interval of the union",
                          claim=claim, certificate=kernel.conclude(claim, [r.certificate for r in results],
                                                                   "every part of a union of separated intervals"))


def _separated(where: sp.Set) -> list[sp.Interval] | None:
    """The intervals of ``where`` in order, touching ones merged, each shown apart from the next by the kernel (a gap,
    or a shared end that neither contains); None for any other set. Union([0, 1], [1, 2], evaluate=False) is [0, 2],
    where |z - 1| is not C^1 though it is on each part (R47a-1)."""
    if not isinstance(where, sp.Interval):
        if not (isinstance(where, sp.Union) and all(isinstance(p, sp.Interval) for p in where.args)):
            return None
        # touching parts merged in the kernel's order of the ends (sympy's Union compares them by evalf, and raised
        # TypeError for [0, log 6] and [log 2 + log 3, 3], R48a-1); undecided, the parts as given, each apart from the
        # next only where the kernel shows it
        got = chart([where])
        where = sp.Union(*where.args, evaluate=False) if got is None else from_marks(got[0], got[1][0])
    parts = [where] if isinstance(where, sp.Interval) else list(where.args)
    if not all(isinstance(p, sp.Interval) for p in parts):
        return None
    # each part shown to have inf < sup: an unevaluated Interval.open(2e, h - e) with h = log 2 + log 3 - log 6 (0, which
    # sympy cannot tell) is empty, and its neighbours [-3, 0) and [h, 3] then touch at 0 (R49a-1)
    for part in parts:
        order = kernel.compare(part.inf, part.sup, lambda f: f())
        if order is None or order.value >= 0:
            return None
    for a, b in zip(parts, parts[1:]):
        order = kernel.compare(a.sup, b.inf, lambda f: f())
        if order is None or order.value > 0 or order.value == 0 and not (a.right_open and b.left_open):
            return None
    return parts


def check_continuous(
    f: Any, interval: sp.Set = sp.S.Reals, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS,
) -> PropertyResult:
    """Whether f (an activation or a sympy expression in z) is continuous on ``interval`` (an interval or a union of
    intervals)."""
    return _by_parts("continuous", f"continuous on {_interval_text(interval)}", interval,
                     lambda part: _continuous(f, part, timeout))


def _continuous(f: Any, interval: sp.Set, timeout: float) -> PropertyResult:
    claim = f"continuous on {_interval_text(interval)}"
    expr = activation(f).expr  # a sympy expression in any one symbol is renamed to z
    if expr is None:
        return PropertyResult("continuous", "inconclusive", "numeric", {}, None,
                              "a callable: continuity is not checked", claim=claim)
    verdict, witness, detail, certs = _continuity(expr, interval, as_deadline(timeout), extend=False, what="sigma")
    cert = kernel.conclude(claim if verdict == "holds" else "not " + claim, certs, "pieces and exceptional points") \
        if verdict != "inconclusive" else None
    return PropertyResult("continuous", verdict, "symbolic", witness, None, detail, claim=claim, certificate=cert)


def check_c1(
    act: Any, interval: sp.Set = sp.S.Reals, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS,
) -> PropertyResult:
    """σ differentiable with σ' continuous on ``interval`` (open, closed or a half-line, or a union of such)."""
    return _by_parts("c1", f"sigma is C^1 on {_interval_text(interval)}", interval, lambda part: _smooth(act, part, 1, timeout))


def check_c2(
    act: Any, interval: sp.Set = sp.S.Reals, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS,
) -> PropertyResult:
    """σ twice differentiable with σ'' continuous on ``interval``."""
    return _by_parts("c2", f"sigma is C^2 on {_interval_text(interval)}", interval, lambda part: _smooth(act, part, 2, timeout))


def _smooth(act: Any, interval: sp.Set, order: int, timeout: float) -> PropertyResult:
    name = f"c{order}"
    claim = f"sigma is C^{order} on {_interval_text(interval)}"
    sigma: Activation = activation(act)
    if not sigma.is_symbolic:
        return PropertyResult(name, "inconclusive", "numeric", {}, None,
                              "a callable: smoothness is not checked", claim=claim)
    deadline = as_deadline(timeout)
    derivs = [sigma.expr]
    for _ in range(order):
        derivs.append(_drop_delta(sp.diff(derivs[-1], Z)))
    undecided: list[str] = []
    proofs: list[kernel.Certificate] = []
    # Derivatives first: a singular sigma' refutes C^1 whatever sigma does, and is the usual defect.
    for k, expr in [*list(enumerate(derivs))[1:], (0, derivs[0])]:
        what = "sigma" + "'" * k
        verdict, witness, detail, certs = _continuity(expr, interval, deadline, extend=k > 0, what=what)
        if verdict == "fails":
            return PropertyResult(name, "fails", "symbolic", witness, None, detail, claim=claim,
                                  certificate=kernel.conclude("not " + claim, certs, f"{what} is not continuous"))
        if verdict == "inconclusive":
            undecided.append(detail)
        proofs += certs
    if undecided:
        if deadline.timed_out:  # the clock, not sympy, stopped a step: say so (the label depends on load)
            undecided.append(TIMEOUT_NOTE)
        return PropertyResult(name, "inconclusive", "symbolic", {}, None, "; ".join(undecided), claim=claim)
    return PropertyResult(
        name, "holds", "symbolic", {"checked": ", ".join("sigma" + "'" * k for k in range(order + 1))}, None,
        "continuous on every piece, with matching one-sided limits at every breakpoint and singular point",
        claim=claim, certificate=kernel.conclude(claim, proofs, "continuity of sigma and its derivatives, piece by piece"),
    )


def _drop_delta(expr: sp.Expr) -> sp.Expr:
    return expr.replace(lambda n: isinstance(n, sp.DiracDelta), lambda n: sp.S.Zero)


def _continuity(
    expr: sp.Expr, interval: sp.Set, deadline: Deadline, *, extend: bool, what: str,
) -> tuple[str, dict[str, str], str, list[kernel.Certificate]]:
    """(verdict, witness, detail) for: expr is continuous on ``interval`` (``extend``: has a
    continuous extension over the finitely many exceptional points, i.e. equal one-sided limits)."""
    interval = _exact(interval)
    # a constant such as Si(2) is continuous once the kernel encloses it as a finite real number (R69a-2)
    bad = [f for f in expr.atoms(sp.Function) if not isinstance(f, _KNOWN)
           and (f.free_symbols or kernel.enclose(f, 128) is None)]
    if bad:
        return "inconclusive", {}, f"{what} contains {sorted(map(str, bad))}, whose continuity is not decided", []
    expr, same = _merged_breakpoints(expr, deadline)
    pieces = kernel.accept(f"the pieces of {what} on {_interval_text(interval)}", "structure",
                           lambda: deadline.run(lambda: split_pieces(expr, interval)))
    if pieces is None:
        why = "in time" if deadline.timed_out else "exactly (a condition's solution set is not decided)"
        return "inconclusive", {}, f"the pieces of {what} on {_interval_text(interval)} could not be determined {why}", []
    # Values set at single points need no care here: σ(b) itself is compared at every breakpoint
    # (``extend=False``), and a derivative's value at one point is not asked for.
    breakpoints, branches, _ = pieces.value
    certs = [pieces.certificate, *same]
    exceptional: list[tuple[sp.Expr, sp.Expr | None, sp.Expr | None]] = []  # (b, branch left, branch right)
    incomplete = ""
    for j, (lo, hi, branch) in enumerate(branches):
        if (hazard := untrusted_domain([branch], sp.Interval.open(lo, hi))) is not None:
            # sympy's continuous_domain picks wrong branches here (R13a-2): its exceptional points are
            # only candidates, where one-sided limits may refute continuity; they prove nothing.
            singular = deadline.run(lambda: _singular_set(branch, lo, hi, sympy_domain))
            incomplete = incomplete or (f"{what} = {branch} has {hazard}, where sympy's continuous_domain is "
                                        "not trusted (core.pieces.untrusted_domain)")
        else:
            found = kernel.accept(f"where {what} = {text(branch)} is not continuous on ({text(lo)}, {text(hi)})", "continuous_domain",
                                  lambda: deadline.run(lambda: _singular_set(branch, lo, hi)))
            singular = None if found is None else found.value
            certs += [found.certificate] if found is not None else []
        if singular is None:
            return "inconclusive", {}, f"sympy could not decide where {what} = {branch} is continuous", []
        points = _some_points(singular, lo, hi)
        if points is None:
            return "inconclusive", {}, f"{what} is not continuous on part of ({lo}, {hi}) ({singular})", []
        if not isinstance(singular, sp.FiniteSet) and singular is not sp.S.EmptySet:
            # Infinitely many exceptional points: a few can refute, none can prove.
            incomplete = f"{what} has infinitely many exceptional points in ({lo}, {hi}) ({singular})"
        exceptional += [(p, branch, branch) for p in points]
    for b in breakpoints:
        left = next((br for lo, hi, br in branches if hi == b), None)
        right = next((br for lo, hi, br in branches if lo == b), None)
        exceptional.append((b, left, right))
    undecided = ""
    for b, left, right in sorted(exceptional, key=lambda e: float(e[0]))[: _MAX_POINTS * 2]:
        verdict, witness, detail, point_certs = _at_point(expr, b, left, right, deadline, extend=extend, what=what)
        if verdict == "fails":
            return verdict, witness, detail, [*certs, *point_certs]
        if verdict == "inconclusive" and not undecided:
            undecided = detail
        certs += point_certs
    if undecided or incomplete:
        return "inconclusive", {}, undecided or incomplete, []
    if len(exceptional) > _MAX_POINTS * 2:
        return "inconclusive", {}, f"{what} has too many exceptional points to examine", []
    return "holds", {}, "", certs


def _exact(where: sp.Set) -> sp.Set:
    """The set with each Float end read as the decimal it prints as (0.3 as 3/10), as σ's Floats are
    (core.activations): the kernel decides nothing on a Float, whose arithmetic sympy rounds (R70a)."""
    return where.xreplace({f: sp.Rational(str(f)) for f in where.atoms(sp.Float)})


def _merged_breakpoints(expr: sp.Expr, deadline: Deadline) -> tuple[sp.Expr, list[kernel.Certificate]]:
    """``expr`` with the constant parts of its sign, Heaviside and Abs arguments that the kernel proves equal written
    alike, and those proofs: sign(z − log 6) − sign(z − log 2 − log 3) is then 0, and sympy's set algebra, which
    cannot order log 6 against log 2 + log 3 (a TypeError), never sees both (R12a-5)."""
    nodes = [n for n in sp.preorder_traversal(expr) if isinstance(n, (sp.sign, sp.Heaviside, sp.Abs)) and n.args[0].has(Z)]
    consts = list(dict.fromkeys(n.args[0].as_independent(Z, as_Add=True)[0] for n in nodes))[:8]
    merged: dict[sp.Expr, sp.Expr] = {}
    certs = []
    for i, b in enumerate(consts):
        for a in consts[:i]:
            fact = None if a in merged else kernel.compare(a, b, deadline.run)
            if fact is not None and fact.value == 0:
                merged[b] = a
                certs.append(fact.certificate)
                break
    if not merged:
        return expr, []
    c = lambda g: g.as_independent(Z, as_Add=True)[0]  # noqa: E731
    return expr.xreplace({n: n.func(n.args[0] - c(n.args[0]) + merged[c(n.args[0])], *n.args[1:])
                          for n in nodes if c(n.args[0]) in merged}), certs


def split_pieces(
    expr: sp.Expr, interval: sp.Set, *, points: bool = False,
) -> tuple[list[sp.Expr], list[tuple[sp.Expr, sp.Expr, sp.Expr]], list[sp.Expr] | None] | None:
    """``(breakpoints, branches, points)`` of ``expr`` on ``interval``, or None when sympy cannot split it.

    ``breakpoints``: the boundaries of the conditions inside ``interval``, and its closed ends;
    ``branches``: for each open piece (lo, hi) between them, the formula that holds there;
    ``points``: where a condition sets the value at single points (Heaviside(z - b) at b, whose
    value 1/2 is neither side's), so that a shape proof (monotone, concave) knows that the pieces
    alone do not determine σ; None when they are not known (a condition's part neither intervals
    nor finitely many points, or points of ``interval`` no condition covers) or not asked for
    (``points=False``: the set algebra costs about half as much again as the split itself).
    """
    if not foldable(expr):
        return None
    folded = piecewise_form(expr, _SPLIT)
    lo, hi = interval.inf, interval.sup
    if not isinstance(folded, sp.Piecewise):
        if folded.has(sp.Piecewise):
            return None
        return _closed_ends(interval, []), [(lo, hi, folded)], [] if points else None
    sets = []
    cuts: set[sp.Expr] = set()
    for value, cond in folded.args:
        if value.has(sp.Piecewise):
            return None
        boundary = boundary_points(condition_set(cond))  # in the kernel's order: sympy's boundary compares by evalf
        if boundary is None:
            return None
        inside = [(_order(lo, p), _order(p, hi)) for p in boundary]
        if any(None in pair for pair in inside):
            return None
        cuts |= {p for p, pair in zip(boundary, inside) if pair == (-1, -1)}
        sets.append((value, cond))
    single = _single_points([condition_set(cond) for _, cond in sets], interval) if points else None
    try:  # the kernel's exact order: sympy's evalf put atanh(1 - 10**-10) at oo (red team 9)
        breakpoints = sorted(cuts, key=cmp_to_key(lambda a, b: _order(a, b) or _undecided()))
    except ValueError:
        return None
    ends = [lo, *breakpoints, hi]
    branches = []
    for a, b in zip(ends, ends[1:]):
        # No cut inside (a, b): every condition has one truth value there, that at an inner point.
        # finite unless ±oo: sympy's is_finite is None for tan(1/1000 + atan(1/2)), and the branch of (1/2, 0.50125)
        # was taken at 1/2 + 1, on another piece (a false C^1, R31a-1/-2); the kernel ordered the ends already
        fa, fb = a not in (sp.oo, -sp.oo), b not in (sp.oo, -sp.oo)
        m = (a + b) / 2 if fa and fb else a + 1 if fa else b - 1 if fb else 0
        for value, cond in sets:
            now = _holds_at(cond, m)
            if now is None:
                return None
            if now:
                branches.append((a, b, value))
                break
        else:
            return None
    return _closed_ends(interval, breakpoints), branches, single


def _closed_ends(interval: sp.Set, breakpoints: list[sp.Expr]) -> list[sp.Expr]:
    """``breakpoints`` and the closed ends of ``interval``: each is a breakpoint with one side inside (z^(4/3) was
    "C^2 on [0, oo)" with sigma'' unbounded at 0 when sigma had no switch to split at)."""
    return [*breakpoints, *(end for end in (interval.inf, interval.sup) if end.is_finite and end in interval)]


def _order(a: sp.Expr, b: sp.Expr) -> int | None:
    """sign(a - b) by the kernel (arb, then the zero test), None when undecided."""
    fact = kernel.compare(a, b, lambda f: f())  # split_pieces runs under the caller's deadline
    return None if fact is None else fact.value


def _undecided() -> int:
    raise ValueError("two breakpoints the kernel cannot order")


def _holds_at(cond: sp.Basic, m: sp.Expr) -> bool | None:
    """The truth of ``cond`` at the number ``m``, each comparison decided by the kernel."""
    if cond in (sp.true, sp.false):
        return bool(cond)
    if isinstance(cond, (sp.And, sp.Or)):
        parts = [_holds_at(c, m) for c in cond.args]
        return (fuzzy_and if isinstance(cond, sp.And) else fuzzy_or)(parts)
    if not cond.is_Relational:
        return None
    s = _order(cond.lhs.subs(Z, m), cond.rhs.subs(Z, m))
    return None if s is None else bool(cond.func(s, 0))


def _single_points(conditions: list[sp.Set], interval: sp.Set) -> list[sp.Expr] | None:
    """The points of ``interval`` where the first condition that holds there holds at that point
    alone (at most 8 per condition); None when the conditions leave part of ``interval`` uncovered
    or a set is not a union of intervals and points. On one chart of all ends in the kernel's exact order
    (:func:`~vgtheory.core.set_order.chart`): sympy's Intersection, Complement and Union ordered them by evalf."""
    got = chart([interval, *conditions])
    if got is None:
        return None
    ends, (inside, *marks) = got
    points: list[sp.Expr] = []
    covered = [False] * len(inside)
    for where in marks:
        part = [w and i and not c for w, i, c in zip(where, inside, covered)]
        covered = [c or p for c, p in zip(covered, part)]
        alone = [ends[k // 2] for k in range(1, len(part), 2) if part[k] and not part[k - 1] and not part[k + 1]]
        if len(alone) > 8:
            return None
        points += alone
    return points if all(c for c, i in zip(covered, inside) if i) else None


def _singular_set(branch: sp.Expr, lo: sp.Expr, hi: sp.Expr, domain_of: Any = continuous_domain) -> sp.Set | None:
    if continuous_everywhere(branch):
        return sp.S.EmptySet
    if disagreeing_constant([branch, lo, hi]) is not None:  # Interval and continuous_domain order by sympy's claims
        return None
    piece = sp.Interval.open(lo, hi)
    domain = domain_of(branch, Z, piece)
    if domain is None:
        return None
    return piece - domain


def _some_points(singular: sp.Set, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr] | None:
    """The points of a discrete exceptional set, or its first few if infinite; None for a continuum."""
    if singular is sp.S.EmptySet:
        return []
    if isinstance(singular, sp.FiniteSet):
        return [p for p in singular if p.is_real]
    if isinstance(singular, sp.Union):
        out: list[sp.Expr] = []
        for part in singular.args:
            sub = _some_points(part, lo, hi)
            if sub is None:
                return None
            out += sub
        return out
    images = [im for im in singular.atoms(sp.ImageSet) if len(im.lamda.variables) == 1]
    if not images or singular.atoms(sp.Interval) - {sp.Interval.open(lo, hi)}:
        return None
    picked: list[sp.Expr] = []
    for n in sorted(range(-40, 41), key=abs):
        for im in images:
            p = im.lamda(n)
            if p.is_real and singular.contains(p) == sp.true and p not in picked:
                picked.append(p)
        if len(picked) >= _MAX_POINTS:
            break
    return picked


def _at_point(
    expr: sp.Expr, b: sp.Expr, left: sp.Expr | None, right: sp.Expr | None, deadline: Deadline, *, extend: bool, what: str,
) -> tuple[str, dict[str, str], str, list[kernel.Certificate]]:
    limits: dict[str, kernel.Fact | None] = {}
    for side, branch in (("-", left), ("+", right)):
        if branch is not None:
            limits[side] = proved_limit(branch, (b, side), deadline)
    witness = {"z": show(b)} | {f"lim {what}, z->{show(b)}{s}": show(None if v is None else v.value) for s, v in limits.items()}
    for side, v in limits.items():
        if v is not None and v.value.is_infinite:
            return ("fails", witness, f"{what}(z) -> {show(v.value)} as z -> {show(b)}{side}: {what} is unbounded near {show(b)}",
                    [v.certificate])
    facts = list(limits.values())
    if any(v is None for v in facts):
        return "inconclusive", {}, f"sympy could not prove the one-sided limits of {what} at z = {show(b)}", []
    certs = [v.certificate for v in facts]
    if len(facts) == 2:
        same = kernel.compare(facts[0].value, facts[1].value, deadline.run)
        if same is not None and same.value != 0:
            return "fails", witness, f"the one-sided limits of {what} at z = {show(b)} differ: a jump", [*certs, same.certificate]
        if same is None:
            return "inconclusive", {}, f"sympy could not compare the one-sided limits of {what} at z = {show(b)}", []
        certs.append(same.certificate)
    if extend:
        return "holds", witness, "", certs
    at = deadline.run(lambda: value_at(expr, b))
    if at is None or not at.is_number or at.has(sp.nan, sp.zoo) or not at.is_finite:
        # sympy leaves Max(0, log 6 - log 2 - log 3) unevaluated: not shown finite is not shown infinite (R48a)
        known = at is not None and at.is_number and (at.has(sp.nan, sp.zoo) or at.is_finite is False)
        return "inconclusive", {}, f"{what}({show(b)}) is {'not a finite number' if known else 'not evaluated by sympy'}", []
    witness[f"{what}({show(b)})"] = show(at)
    same = kernel.compare(at, facts[0].value, deadline.run)
    if same is not None and same.value != 0:
        return "fails", witness, f"{what}({show(b)}) differs from its limit there", [*certs, same.certificate]
    if same is None:
        return "inconclusive", {}, f"sympy could not compare {what}({show(b)}) with its limit there", []
    return "holds", witness, "", [*certs, same.certificate]
