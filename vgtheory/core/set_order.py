"""Sets built from ends in the kernel's exact order: the order of exact reals, intervals from ordered ends, a set
clipped to a range, and the positions of a set on a sign chart (layer: core). sympy's own set algebra orders ends by
evalf or by its assumptions and made sets of ends 10^-30 apart empty (R54a-6); nothing here asks sympy to compare."""

from __future__ import annotations

from typing import Any, Callable, Iterable

import sympy as sp

__all__ = ["ordered_interval", "union", "exact_order", "exact_order_with_sign", "positions", "clipped", "combined",
           "set_ends", "chart", "from_marks", "boundary_points", "ORDER_SECONDS"]


def ordered_interval(lo: sp.Expr, hi: sp.Expr, left_open: Any, right_open: Any) -> sp.Set:
    """The interval lo..hi for ends already ordered exactly (lo <= hi). sympy's Interval compares its ends by evalf: it
    made (atanh r2, atanh r1), roots r1 < r2 10^-30 apart, empty, a false symbolic "increasing" (R54a-6)."""
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    if lo == hi:
        return sp.S.EmptySet if left_open or right_open else sp.FiniteSet(lo)
    flags = (sp.true if left_open or lo == -sp.oo else sp.false, sp.true if right_open or hi == sp.oo else sp.false)
    return sp.Basic.__new__(sp.Interval, lo, hi, *flags)


def union(parts: list[sp.Set]) -> sp.Set:
    """Disjoint, ordered parts as one set (EmptySet for none): points alone as one FiniteSet, else an unevaluated Union
    (sympy's union of (-oo, -atanh r) and (atanh r, oo), r = 3 sqrt(111111)/1000, was the whole line: its merge test misread an end)."""
    if all(isinstance(p, sp.FiniteSet) for p in parts):
        return sp.FiniteSet(*(v for p in parts for v in p.args)) if parts else sp.S.EmptySet
    return sp.Union(*parts, evaluate=False) if len(parts) > 1 else parts[0]


def exact_order(values: Iterable[sp.Expr], run: Callable[[Callable[[], Any]], Any]) -> tuple[list, dict, list] | None:
    """The distinct finite ``values`` in increasing order, the index there of each value (equal values share one),
    and the comparisons that decide it (each pair of distinct values compared once); None where one pair is not
    decided. ±oo are left out. The facts are the kernel's (:func:`vgtheory.kernel.compare`); this only arranges them."""
    from functools import cmp_to_key

    from vgtheory.kernel.numbers import compare  # at call time: the kernel imports this module

    facts: list = []
    signs: dict[tuple[sp.Expr, sp.Expr], int] = {}
    distinct: list[sp.Expr] = []
    same_as: dict[sp.Expr, sp.Expr] = {}
    for e in dict.fromkeys(values):
        if e in (sp.oo, -sp.oo):
            continue
        for d in distinct:
            c = compare(e, d, run)
            if c is None:
                return None
            facts.append(c)
            signs[e, d], signs[d, e] = c.value, -c.value
            if c.value == 0:
                same_as[e] = d
                break
        else:
            distinct.append(e)
            same_as[e] = e
    points = sorted(distinct, key=cmp_to_key(lambda a, b: signs[a, b]))
    position = {p: i for i, p in enumerate(points)}
    return points, {e: position[d] for e, d in same_as.items()}, facts


def exact_order_with_sign(ends: list[sp.Expr]) -> tuple[list, dict, int] | None:
    """(the distinct finite ``ends`` but the last in increasing order, each end's index there, the sign of the last
    (a constant)), by the kernel's exact comparison; None where one pair or the sign is not decided."""
    from vgtheory.core.budget import Deadline
    from vgtheory.kernel.numbers import sign as exact_sign  # at call time: the kernel imports this module

    run = Deadline(ORDER_SECONDS).run
    sign = exact_sign(ends[-1], run)
    ordered = None if sign is None else exact_order(ends[:-1], run)
    return None if ordered is None else (ordered[0], ordered[1], sign.value)


#: Seconds for the kernel's exact order of the ends of one product's factors.
ORDER_SECONDS = 6.0


def positions(s: sp.Set, index: dict, width: int) -> list[int]:
    """The positions (gap 0, point 0, gap 1, ...) that the set ``s`` covers, its ends located by ``index``."""
    out = []
    for part in s.args if isinstance(s, sp.Union) else (s,):
        if isinstance(part, sp.FiniteSet):
            out += [2 * index[p] + 1 for p in part.args]
        elif isinstance(part, sp.Interval):
            lo = -1 if part.inf == -sp.oo else 2 * index[part.inf] + 1
            hi = width if part.sup == sp.oo else 2 * index[part.sup] + 1
            out += [k for k in range(max(lo, 0), min(hi, width - 1) + 1)
                    if (lo < k < hi) or (k == lo and not part.left_open) or (k == hi and not part.right_open)]
    return out


def clipped(found: sp.Set, span: sp.Interval) -> list[sp.Set] | None:
    """The parts of ``found`` ∩ ``span`` (an interval, open or closed at each end), their ends compared with span's by
    the kernel; None where one comparison is undecided (sympy's Intersection raised TypeError for a rational 10^-140
    beside π/2, R33a-2, and ordered atanh(CRootOf) + 15 against a rational 10^-130 from it by evalf: EmptySet, R55a-1)."""
    from vgtheory.core.budget import Deadline
    from vgtheory.kernel.numbers import compare  # at call time: the kernel imports this module

    run = Deadline(ORDER_SECONDS).run

    def side(v: sp.Expr, end: sp.Expr) -> int | None:
        if end in (sp.oo, -sp.oo) or v in (sp.oo, -sp.oo):
            return (1 if v == sp.oo or end == -sp.oo else -1) if v != end else 0
        c = compare(v, end, run)
        return None if c is None else c.value

    out = []
    for part in found.args if isinstance(found, sp.Union) else (found,):
        if isinstance(part, sp.FiniteSet):
            sides = [(side(v, span.inf), side(v, span.sup)) for v in part.args]
            if any(None in pair for pair in sides):
                return None
            kept = [v for v, (lo, hi) in zip(part.args, sides)
                    if (lo > 0 or lo == 0 and not span.left_open) and (hi < 0 or hi == 0 and not span.right_open)]
            out += [sp.FiniteSet(*kept)] if kept else []
        elif isinstance(part, sp.Interval):
            lo, hi = side(part.inf, span.inf), side(part.sup, span.sup)
            if lo is None or hi is None:
                return None
            start, left = (span.inf, span.left_open or (lo == 0 and part.left_open)) if lo <= 0 else (part.inf, part.left_open)
            end, right = (span.sup, span.right_open or (hi == 0 and part.right_open)) if hi >= 0 else (part.sup, part.right_open)
            order = side(start, end)
            if order is None:
                return None
            if order < 0:
                out.append(ordered_interval(start, end, left, right))
            elif order == 0 and not (left or right):
                out.append(sp.FiniteSet(start))
        elif part is not sp.S.EmptySet:
            return None
    return out


def combined(cond: sp.Basic, sets: list[sp.Set]) -> sp.Set:
    """The set of an And (the intersection of its parts' ``sets``) or an Or (their union, merged), in the kernel's
    order of the ends; a ConditionSet of ``cond`` (nothing decided) where an order is undecided. sympy's Intersection
    ordered atanh(CRootOf) + 15 against a rational 10^-130 from it by evalf and lost a jump of σ (R55a-3/4)."""
    if isinstance(cond, sp.Or):
        got = chart(sets)
        return sp.ConditionSet(next(iter(cond.free_symbols)), cond, sp.S.Reals) if got is None else \
            from_marks(got[0], [any(m) for m in zip(*got[1])])
    out = sets[0]
    for s in sets[1:]:
        out = _intersection(out, s)
        if out is None:
            return sp.ConditionSet(next(iter(cond.free_symbols)), cond, sp.S.Reals)
    return out


def _intersection(a: sp.Set, b: sp.Set) -> sp.Set | None:
    """a ∩ b for unions of intervals and points (None: an order undecided, or another kind of set)."""
    out = []
    for part in b.args if isinstance(b, sp.Union) else (b,):
        if isinstance(part, sp.Interval):
            got = clipped(a, part)
        elif isinstance(part, sp.FiniteSet):  # a point v of b is in a iff a clipped to [v, v] keeps it
            kept = [clipped(a, sp.Basic.__new__(sp.Interval, v, v, sp.false, sp.false)) for v in part.args]
            got = None if None in kept else [p for k in kept for p in k]
        else:
            got = None if part is not sp.S.EmptySet else []
        if got is None:
            return None
        out += got
    return union(out)


def set_ends(s: sp.Set) -> list[sp.Expr]:
    """The finite ends and points of a set :func:`rational_set` returns (the constants sympy's set algebra will
    compare by its assumptions, to be checked against arb's before it does)."""
    parts = s.args if isinstance(s, sp.Union) else (s,)
    ends = [e for p in parts for e in ((p.inf, p.sup) if isinstance(p, sp.Interval) else p.args if isinstance(
        p, sp.FiniteSet) else ())]
    return [e for e in ends if e not in (sp.oo, -sp.oo)]


def chart(sets: list[sp.Set]) -> tuple[list, list[list[bool]]] | None:
    """(the finite ends and points of all ``sets`` in the kernel's exact order, and for each set whether it covers each
    position gap 0, point 0, gap 1, ..., point n − 1, gap n); None for a set that is not a union of intervals and
    points, or an order undecided. Set algebra on this chart needs no comparison of its own: sympy's Union, Complement
    and boundary order ends by evalf (smoothness's covering of an interval by conditions, R55a-3's kind)."""
    from vgtheory.core.budget import Deadline

    for s in sets:
        if any(not isinstance(p, (sp.Interval, sp.FiniteSet)) and p is not sp.S.EmptySet
               for p in (s.args if isinstance(s, sp.Union) else (s,))):
            return None
    order = exact_order([e for s in sets for e in set_ends(s)], Deadline(ORDER_SECONDS).run)
    if order is None:
        return None
    points, index, _ = order
    width = 2 * len(points) + 1
    marks = []
    for s in sets:
        covered = set(positions(s, index, width))
        marks.append([k in covered for k in range(width)])
    return points, marks


def from_marks(points: list, marks: list[bool]) -> sp.Set:
    """The set that covers the chart positions ``marks`` (gap 0, point 0, ..., gap n) over ``points``: its maximal runs
    as intervals from exactly ordered ends, lone points as points."""
    parts, width = [], len(marks)
    run = None
    for k, inside in enumerate(marks + [False]):
        if inside and run is None:
            run = k
        elif not inside and run is not None:
            lo = -sp.oo if run == 0 else points[(run - 1) // 2]
            hi = sp.oo if k - 1 == width - 1 else points[(k - 1) // 2]
            parts.append(sp.FiniteSet(lo) if run == k - 1 and run % 2 else ordered_interval(lo, hi, run % 2 == 0,
                                                                                                (k - 1) % 2 == 0))
            run = None
    if len(parts) == 1 and (parts[0].inf, parts[0].sup) == (-sp.oo, sp.oo):
        return sp.S.Reals
    return union(parts)


def boundary_points(s: sp.Set) -> list[sp.Expr] | None:
    """The finite ends and points of ``s`` where it does not cover both sides and the point alike (its boundary), in
    increasing order; None where :func:`chart` is None."""
    got = chart([s])
    if got is None:
        return None
    points, (marks,) = got
    return [p for i, p in enumerate(points) if not (marks[2 * i] == marks[2 * i + 1] == marks[2 * i + 2])]
