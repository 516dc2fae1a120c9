"""Exact solution sets of relations p(z)/q(z) ⋈ 0 between rational functions with rational coefficients.

sympy's inequality solver returned EmptySet for 10^-40 − (z³ − 200)² > 0, an interval of width 10^-22 around
200^(1/3) (red team R27a-2), so its answers are not taken for these. Here the real roots of every polynomial involved
(p, q and the numerator of every denominator inside the expression, whose zeros are not in its domain) are isolated
by sympy's exact real-root isolation (Poly.intervals: rational endpoints), the sign between two consecutive roots is
that of p/q at a rational point between their intervals, computed in rationals, and each root is written exactly
(a rational, a quadratic surd, or a CRootOf). A relation rational in one increasing F(az + b) (exp, tanh, atan, erf,
sinh, asinh; a rational), or in exponentials e^(a_i z) of rational rates (tanh, sinh, cosh of such arguments
included), is solved in u = F(az + b), or in y = e^(z/d), and mapped back.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import flint
import sympy as sp
from sympy.core.relational import Relational

from vgtheory.core.set_order import (ORDER_SECONDS, clipped, exact_order_with_sign, from_marks, ordered_interval,
                                     positions, set_ends, union)

__all__ = ["isolated_roots", "rational_set", "set_ends", "ordered_interval"]

#: Largest degree taken (the isolation is exact at any degree; this bounds its time).
_MAX_DEGREE = 128
_X = sp.Dummy("x")
_HOLDS = {sp.StrictGreaterThan: lambda s: s > 0, sp.GreaterThan: lambda s: s >= 0, sp.StrictLessThan: lambda s: s < 0,
          sp.LessThan: lambda s: s <= 0, sp.Eq: lambda s: s == 0, sp.Ne: lambda s: s != 0}


#: Increasing functions F, their inverses and ranges: a relation rational in one F(a z + b) (a rational) is solved in
#: u = F(a z + b) and mapped back (sympy's solver lost the window |e^z - 200| < 10^-20 the same way, R30a-2).
_MONOTONE = {sp.exp: (sp.log, sp.Interval.open(0, sp.oo)), sp.tanh: (sp.atanh, sp.Interval.open(-1, 1)),
             sp.atan: (sp.tan, sp.Interval.open(-sp.pi / 2, sp.pi / 2)), sp.erf: (sp.erfinv, sp.Interval.open(-1, 1)),
             sp.sinh: (sp.asinh, sp.S.Reals), sp.asinh: (sp.sinh, sp.S.Reals)}


@lru_cache(maxsize=256)
def rational_set(rel: Any, z: sp.Symbol) -> sp.Set | None:
    """The real z where ``rel`` holds (an equation when ``rel`` is an expression), exactly; None where ``rel`` is
    not a relation between rational functions of z with rational coefficients; an unevaluated ConditionSet (nothing
    decided) for one beyond degree 128 or whose roots are not separated: sympy's answer is not taken for these either
    (it dropped the 10^-22 window of a degree-66 relation, R29a-1)."""
    g, holds = (rel.lhs - rel.rhs, _HOLDS.get(type(rel))) if isinstance(rel, Relational) else (rel, _HOLDS[sp.Eq])
    if holds is None or not isinstance(g, sp.Expr) or g.free_symbols - {z}:
        return None
    if (scaled := _without_constant_factor(rel, g, z)) is not None:
        return rational_set(scaled, z)
    if not g.is_rational_function(z):
        if any(len(n.args) != 1 for n in g.atoms(sp.Function) if n.has(z)):
            return None  # uppergamma(z^2 + 1, 1) differentiated holds a meijerg, whose TupleArg has no expand (R54b-3)
        for solve in (_through_monotone, _through_exponentials, _through_factors):
            if (out := solve(rel, g, z)) is not None:
                return out
        return None
    if any(not a.is_Rational for a in g.atoms(sp.Number)):
        return None
    # constants such as pi, E, log 2 or gamma(1/3) go through a scale w = alpha z too: pi^2 z^2 - 2 pi z + 1 - 10^-40 < 0
    # is w^2 - 2w + 1 - 10^-40 < 0 at w = pi z, whose window of width 2e-20 the sampled shape checks missed (R53a-1)
    if g.atoms(sp.NumberSymbol, sp.Function) or not _rational_coefficients(g, z):
        from vgtheory.core._bounded import StepTimeout, bounded

        try:  # the hole test's division over Q(alpha) ran past 110 s for powers of 1/(1 - sqrt 2) (R47a's note)
            return bounded(lambda: _through_scale(rel, g, z), _SCALE_SECONDS)
        except StepTimeout:
            return None
    try:
        p, q = (sp.Poly(e, z, domain="QQ") for e in sp.fraction(sp.together(g)))
        bases = [n.base for n in sp.preorder_traversal(g) if isinstance(n, sp.Pow) and n.exp.is_negative]
        holes = [q] + [sp.Poly(sp.fraction(sp.together(b))[0], z, domain="QQ") for b in bases]
    except (sp.PolynomialError, sp.CoercionFailed):
        return None
    undecided = sp.ConditionSet(z, rel if isinstance(rel, Relational) else sp.Eq(rel, 0), sp.S.Reals)
    if max(f.degree() for f in (p, *holes)) > _MAX_DEGREE:
        return undecided
    factors = {f.monic() for poly in (p, *holes) if not poly.is_zero for f, _ in poly.factor_list()[1]}
    points = isolated_roots(factors, z)
    if points is None:
        return undecided
    # the sign of p/q at a rational point: each gap's, and each root's (0 for a root of p, None outside the domain)
    tests = [points[0][1][0] - 1 if points else sp.Integer(0)]
    tests += [(a[1][1] + b[1][0]) / 2 for a, b in zip(points, points[1:])] + ([points[-1][1][1] + 1] if points else [])
    gaps = [sp.sign(p.eval(t)) * sp.sign(q.eval(t)) for t in tests]
    at_roots = [None if any(h.rem(f).is_zero for h in holes if not h.is_zero) else 0 if p.rem(f).is_zero else gaps[i]
                for i, (f, _, _) in enumerate(points)]
    marks = [holds(gaps[i // 2]) if i % 2 == 0 else at_roots[i // 2] is not None and holds(at_roots[i // 2])
             for i in range(2 * len(points) + 1)]
    return from_marks([root for _, _, root in points], marks)


def isolated_roots(factors: set, z: sp.Symbol) -> list[tuple[sp.Poly, tuple, sp.Expr]] | None:
    """(irreducible factor, isolating interval, exact root) for every real root of the factors, in increasing order,
    the intervals refined until each lies strictly left of the next (a rational point separates every two roots).
    Each factor is isolated alone and only clashing intervals are refined: isolating the product of factors with
    roots 10^-27 apart took 52 s (its coefficients are those of all factors multiplied)."""
    found = [[f, a, b] for f in factors for a, b in _intervals(f)]
    for rounds in range(_REFINEMENTS):
        found.sort(key=lambda r: (r[1], r[2]))
        clashes = {i + k for i in range(len(found) - 1) if not found[i][2] < found[i + 1][1] for k in (0, 1)}
        if not clashes:
            break
        for i in clashes:  # two factors share no root: refined enough, their intervals part
            f, a, b = found[i]
            if a != b:
                found[i][1:] = _narrowed(f, a, b, rounds, z)
    else:
        return None
    return [(f, (a, b), a if a == b else _root(f, f.count_roots(None, a), z)) for f, a, b in found]


def _narrowed(f: sp.Poly, a: sp.Rational, b: sp.Rational, rounds: int, z: sp.Symbol) -> tuple[sp.Rational, sp.Rational]:
    """The isolating interval (a, b) of a root of f narrowed 2^(6·2^rounds)-fold by sympy's refine_root; for a monic
    quadratic f = z² + Bz + C, to arb's ball of its root (−B ± √(B² − 4C))/2 at 64·2^rounds bits, intersected with
    (a, b), which it must halve at least (arb, the kernel's enclosures: sympy's continued fractions took 6 s on
    2900-digit coefficients, and its sqrt of such a rational seeks square factors by factorint, R60a-1)."""
    if f.degree() == 2 and f.LC() == 1:
        k = f.count_roots(None, a)  # roots below the interval: 0 for the smaller root, 1 for the larger
        B, C = (flint.fmpq(int(v.p), int(v.q)) for v in (f.nth(1), f.nth(0)))
        with flint.ctx.workprec(64 << rounds):
            d = flint.arb(B * B - 4 * C).sqrt()
            ball = (-flint.arb(B) + (d if k else -d)) / 2
        if ball.is_finite():
            mid, rad = _dyadic(ball.mid()), _dyadic(ball.rad())  # exact: arb's lower() rounds to the context's 53 bits
            lo, hi = max(a, mid - rad), min(b, mid + rad)
            if lo < hi and hi - lo < (b - a) / 2:
                return lo, hi
    return f.refine_root(a, b, eps=(b - a) / 2 ** (6 << rounds))


def _dyadic(x: Any) -> sp.Rational:
    """An exact arb (a dyadic number: a ball's midpoint or radius) as a sympy Rational."""
    man, exp = x.man_exp()
    return sp.Integer(int(man)) * sp.Integer(2) ** int(exp)


def _intervals(f: sp.Poly) -> list[tuple[sp.Rational, sp.Rational]]:
    """Isolating intervals of f's real roots; a linear factor's root itself (sympy isolated 1 + 10^-2100 by continued
    fractions and then refined it for 8 s, R58a-4)."""
    if f.degree() == 1:
        r = -f.nth(0) / f.LC()
        return [(r, r)]
    return [ab for ab, _ in f.intervals()]


#: Refinement rounds (round j narrows every clashing interval 2^(6·2^j)-fold: 12 rounds reach 10^-7000 of their width,
#: past the 3000 digits a number of σ may have; 60 rounds of 64-fold, 10^-108, left roots 10^-150 apart unparted, R59a-1).
_REFINEMENTS = 12


def _root(f: sp.Poly, k: int, z: sp.Symbol) -> sp.Expr:
    """The k-th smallest real root of the monic irreducible f (k = 0, 1, ...), written exactly."""
    if f.degree() == 1:
        return -f.nth(0)
    n, c = f.degree(), f.nth(0)
    if n == 2:
        b = f.nth(1)
        return (-b + (1 if k else -1) * sp.sqrt(b * b - 4 * c)) / 2
    if f.as_expr() == z**n + c:  # z^n = -c: the real n-th roots of -c (odd n: one; even n: two, c < 0)
        r = sp.root(abs(c), n)
        return r if n % 2 == 0 and k else -r if c > 0 or n % 2 == 0 else r
    # in a symbol of its own: a root whose polynomial mentions z was taken for a function of z (.has(z))
    return sp.CRootOf(f.as_expr().subs(z, _X), k)


def _through_monotone(rel: Any, g: sp.Expr, z: sp.Symbol) -> sp.Set | None:
    """The set of ``rel`` where g is a rational function of one F(a z + b) (F in :data:`_MONOTONE`, a rational):
    solved in u = F(a z + b) within F's range, each end mapped back by F^-1; None where g is not of that form."""
    atoms = {n for n in sp.preorder_traversal(g) if isinstance(n, sp.Function) and n.has(z)}
    if len(atoms) != 1 or type(atom := atoms.pop()) not in _MONOTONE:
        return None
    if not atom.args[0].is_polynomial(z):  # exp(1/z), tanh(sqrt(z^2 + 1)): not of this form (Poly raised, R33a-1)
        return None
    a, b = sp.Poly(atom.args[0], z).all_coeffs() if sp.Poly(atom.args[0], z).degree() == 1 else (None, None)
    u = sp.Dummy("u")
    inside = g.xreplace({atom: u})
    if a is None or not a.is_number or inside.has(z):
        return None
    if not a.is_Rational:  # tanh(sqrt(2) z): a rate whose sign the kernel decides (R53a-1)
        from vgtheory.core.budget import Deadline
        from vgtheory.kernel.numbers import sign as exact_sign  # at call time: the kernel imports this module

        rate = exact_sign(a, Deadline(ORDER_SECONDS).run)
        if rate is None or rate.value == 0 or not (b.is_Rational or b.is_number and b.is_real):
            return None
    found = rational_set(type(rel)(inside, 0, evaluate=False) if isinstance(rel, Relational) else inside, u)
    if found is None or isinstance(found, sp.ConditionSet):
        return found if found is None else sp.ConditionSet(z, rel if isinstance(rel, Relational) else sp.Eq(rel, 0), sp.S.Reals)
    return _mapped_back(rel, found, *_MONOTONE[type(atom)], a, b, z, bool(a > 0) if a.is_Rational else rate.value > 0)


def _through_exponentials(rel: Any, g: sp.Expr, z: sp.Symbol) -> sp.Set | None:
    """The set of ``rel`` where g is a rational function of e^(a_1 z), ..., e^(a_k z) (a_i rational; tanh, sinh and
    cosh of such arguments written as exponentials): a rational function of y = e^(z/d), d the least common
    denominator of the a_i, solved on y > 0 and mapped back by z = d log y (sympy's solver orders the roots of
    (e^(2z) - 2)(e^(3z) - 2√2 - 10^-30) by floats); None where g is not of that form."""
    h = g.rewrite(sp.exp) if g.has(sp.tanh, sp.sinh, sp.cosh) else g
    atoms = {n for n in sp.preorder_traversal(h) if isinstance(n, sp.Function) and n.has(z)}
    rates = {n: sp.expand(n.args[0]).coeff(z, 1) for n in atoms}
    if not atoms or any(type(n) is not sp.exp or not r.is_Rational or sp.expand(n.args[0]) != r * z
                        for n, r in rates.items()):
        return None
    d = sp.ilcm(1, 1, *(r.q for r in rates.values()))
    if d * max(abs(r) for r in rates.values()) > _MAX_DEGREE:  # e^(z/10^9): a polynomial of degree 10^9 (R32a-1)
        return sp.ConditionSet(z, rel if isinstance(rel, Relational) else sp.Eq(rel, 0), sp.S.Reals)
    y = sp.Dummy("y", positive=True)
    inside = h.xreplace({n: y ** (r * d) for n, r in rates.items()})
    if inside.has(z):
        return None
    found = rational_set(type(rel)(inside, 0, evaluate=False) if isinstance(rel, Relational) else inside, y)
    if found is None or isinstance(found, sp.ConditionSet):
        return found if found is None else sp.ConditionSet(z, rel if isinstance(rel, Relational) else sp.Eq(rel, 0), sp.S.Reals)
    return _mapped_back(rel, found, sp.log, sp.Interval.open(0, sp.oo), 1 / sp.Integer(d), 0, z)


def _through_factors(rel: Any, g: sp.Expr, z: sp.Symbol) -> sp.Set | None:
    """The set of ``rel`` where g is a product of constants and integer powers of factors whose sign sets are exact
    here ((z - 1)(e^(z-1) - 1 - 10^-30): sympy's solver combined the factors' roots, 10^-30 apart, by floats): a sign
    chart over all their ends in the kernel's exact order; undecided where two ends are not ordered, None where g is
    not of that form."""
    if not isinstance(g, sp.Mul):
        return None
    charts, constant = [], sp.Integer(1)
    for f in g.args:
        base, m = (f.base, int(f.exp)) if isinstance(f, sp.Pow) and f.exp.is_Integer else (f, 1)
        if not base.has(z):
            constant *= f
            continue
        sets = _positive_factor(f, z) or [rational_set(sp.StrictGreaterThan(base, 0, evaluate=False), z),
                                          rational_set(base, z), rational_set(sp.StrictLessThan(base, 0, evaluate=False), z)]
        if any(s is None or isinstance(s, sp.ConditionSet) for s in sets):
            return None
        charts.append((sets, m))
    if len(charts) < 2:
        return None
    undecided = sp.ConditionSet(z, rel if isinstance(rel, Relational) else sp.Eq(rel, 0), sp.S.Reals)
    order = exact_order_with_sign([e for sets, _ in charts for s in sets for e in set_ends(s)] + [constant])
    if order is None:
        return undecided
    points, index, sign_c = order
    width = 2 * len(points) + 1  # positions: gap 0, point 0, gap 1, ..., point n-1, gap n
    signs = [sign_c] * width
    for sets, m in charts:
        own = [None] * width
        for value, s in zip((1, 0, -1), sets):
            for pos in positions(s, index, width):
                own[pos] = value
        signs = [None if a is None or b is None or (b == 0 and m < 0) else a * b ** abs(m)
                 for a, b in zip(signs, own)]
    holds = _HOLDS.get(type(rel)) if isinstance(rel, Relational) else _HOLDS[sp.Eq]
    return from_marks(points, [v is not None and holds(v) for v in signs])


def _positive_factor(f: sp.Expr, z: sp.Symbol) -> list[sp.Set | None] | None:
    """The sets where f > 0, f = 0, f < 0 for a factor that is never negative where it is real: exp, cosh, sech or
    1 - tanh² of a polynomial with real coefficients (kernel-signed), or b^r with r a non-integer rational (real where b > 0, 0 where
    b = 0 for r > 0). sigma' = e^(-3z^2) P(erf(sqrt 3 z)) is solved in its other factor (R54a-1)."""
    from vgtheory.core.budget import Deadline
    from vgtheory.kernel.numbers import sign as exact_sign  # at call time: the kernel imports this module

    if isinstance(f, sp.Add) and len(t := f.atoms(sp.tanh)) == 1 and f == 1 - sp.tanh(u := t.pop().args[0]) ** 2:
        f = sp.sech(u)  # σ' of tanh(p): (1 - tanh²p)p' (R59a-1)
    if isinstance(f, (sp.exp, sp.cosh, sp.sech)) and f.args[0].is_polynomial(z):
        run = Deadline(ORDER_SECONDS).run
        real = all(c.is_Rational or exact_sign(c, run) is not None for c in sp.Poly(f.args[0], z).all_coeffs())
        return [sp.S.Reals, sp.S.EmptySet, sp.S.EmptySet] if real else None
    if isinstance(f, sp.Pow) and f.exp.is_Rational and not f.exp.is_Integer:
        zero = rational_set(f.base, z) if f.exp > 0 else sp.S.EmptySet
        return [rational_set(sp.StrictGreaterThan(f.base, 0, evaluate=False), z), zero, sp.S.EmptySet]
    return None


def _rational_coefficients(g: sp.Expr, z: sp.Symbol) -> bool:
    """Whether g is p/q with p, q polynomials in z over the rationals."""
    try:
        return all(sp.Poly(e, z).domain in (sp.QQ, sp.ZZ) for e in sp.fraction(sp.together(g)))
    except sp.PolynomialError:
        return False


def _through_scale(rel: Any, g: sp.Expr, z: sp.Symbol) -> sp.Set | None:
    """The set of ``rel`` where g = c·P(αz)/Q(αz) with P, Q monic over the rationals, for constants c and α > 0 that
    the kernel signs (α: the ratio of the two lowest coefficients of the numerator or denominator of g): w = αz is
    increasing, so the set in z is the set of P(w)/Q(w) ⋈ 0 (⋈ flipped for c < 0) divided by α, end by end. σ' =
    1/(1 + √2 t)² ≤ 0 is 1/(1 + w)² ≤ 0 at w = √2 t (R38a-1). Every base of a negative power in g must divide Q, so
    that the zeros of Q are all of g's holes."""
    from vgtheory.core.budget import Deadline
    from vgtheory.kernel.numbers import sign as exact_sign  # at call time: the kernel imports this module

    w = sp.Dummy("w", real=True)
    num, den = sp.fraction(sp.together(g))
    try:
        q_z = sp.Poly(den, z)
        if any(not q_z.rem(sp.Poly(n.base, z)).is_zero for n in sp.preorder_traversal(g)
               if isinstance(n, sp.Pow) and n.exp.is_negative and n.base.has(z)):
            return None
    except (sp.PolynomialError, sp.CoercionFailed):
        return None
    run = Deadline(ORDER_SECONDS).run
    for e in (num, den):
        coeffs = sp.Poly(e, z).all_coeffs()[::-1] if e.has(z) else []
        low, *more = [k for k, c in enumerate(coeffs) if c != 0] or [0]
        if not more:
            continue
        ratio = sp.radsimp(coeffs[more[0]] / coeffs[low])  # c_j/c_i = ±alpha^(j - i): e^2 z^2 + 1 has alpha = e
        if (ratio.is_Rational and more[0] == low + 1) or (sign := exact_sign(ratio, run)) is None or sign.value == 0:
            continue
        alpha = sp.root(sign.value * ratio, more[0] - low)  # z - √2: w = z/√2 serves as well as -z/√2
        monic = [_monic_rational(part, z, w, alpha) for part in (num, den)]
        if None in monic:
            continue
        (p_w, lead_p), (q_w, lead_q) = monic
        c = exact_sign(sp.radsimp(lead_p / lead_q), run)
        if c is None or c.value == 0:
            return None
        kind = type(rel) if isinstance(rel, Relational) else sp.Eq
        h = sp.Mul(p_w, sp.Pow(q_w, -1), evaluate=False)
        found = rational_set((_FLIPPED[kind] if c.value < 0 else kind)(h, 0, evaluate=False), w)
        return None if found is None else _scaled_set(found, 1 / alpha, z, w)
    return None


def _monic_rational(e: sp.Expr, z: sp.Symbol, w: sp.Symbol, alpha: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """(P, lead) with e(w/α) = lead·P(w) and P monic with rational coefficients, else None."""
    poly = sp.Poly(sp.expand(e.subs(z, w / alpha)), w)
    lead = poly.LC()
    # cancel after radsimp: ratios of powers of sqrt 2 + pi, some expanded, are rational only once cancelled (R54a-1)
    coeffs = [sp.cancel(sp.radsimp(c / lead)) for c in poly.all_coeffs()]
    if not all(c.is_Rational for c in coeffs):
        return None
    return sp.Poly(coeffs, w).as_expr(), lead


def _scaled_set(s: sp.Set, c: sp.Expr, z: sp.Symbol, w: sp.Symbol) -> sp.Set:
    """{c·w : w in s} for c > 0, end by end (intervals keep their open ends)."""
    if isinstance(s, sp.Interval):
        return ordered_interval(sp.expand(s.start * c), sp.expand(s.end * c), s.left_open, s.right_open)
    if isinstance(s, sp.FiniteSet):
        return sp.FiniteSet(*(sp.expand(v * c) for v in s.args))
    if isinstance(s, sp.Union):
        return sp.Union(*(_scaled_set(p, c, z, w) for p in s.args), evaluate=False)
    if isinstance(s, sp.ConditionSet):
        return sp.ConditionSet(z, s.condition.xreplace({w: z / c}), sp.S.Reals)
    return s  # EmptySet, Reals


#: A relation's sides swapped: c·h > 0 with c < 0 is h < 0.
_FLIPPED = {sp.StrictGreaterThan: sp.StrictLessThan, sp.StrictLessThan: sp.StrictGreaterThan, sp.GreaterThan: sp.LessThan,
            sp.LessThan: sp.GreaterThan, sp.Eq: sp.Eq, sp.Ne: sp.Ne}


def _without_constant_factor(rel: Any, g: sp.Expr, z: sp.Symbol) -> Any:
    """``rel`` (g compared with 0) as h compared with 0, where g = c·h with c a constant that is not rational and whose
    sign the kernel decides (flipped where c < 0); else None. σ' = √2/(1 + t)² ≤ 0 has an irrational coefficient that
    no rational solver takes, yet it says 1/(1 + t)² ≤ 0 (R38a-1). Where g has a denominator, c is taken off g's
    product as written: a factor cancelled against it would drop the hole its zero is."""
    c, h = sp.factor_terms(g).as_independent(z, as_Add=False)
    if not _holes(g, z) <= _holes(h, z):
        # factor_terms cancelled a factor of a denominator: sqrt(2) z/(sqrt(2) z + 2 z^2), undefined at 0, became
        # sqrt(2)/(2 z + sqrt(2)), and its set of g > 0 held z = 0; the factor is taken off g's product as written
        c, h = g.as_independent(z, as_Add=False)
    if c.is_Rational or not c.is_number or not h.has(z):
        return None
    from vgtheory.core.budget import Deadline
    from vgtheory.kernel.numbers import sign as exact_sign  # at call time: the kernel imports this module

    sign = exact_sign(c, Deadline(ORDER_SECONDS).run)
    if sign is None or sign.value == 0:
        return None
    kind = type(rel) if isinstance(rel, Relational) else sp.Eq
    return (_FLIPPED[kind] if sign.value < 0 else kind)(h, 0, evaluate=False)


def _holes(g: sp.Expr, z: sp.Symbol) -> set:
    """The bases of g's negative powers that depend on z (their zeros are not in g's domain)."""
    return {n.base for n in sp.preorder_traversal(g) if isinstance(n, sp.Pow) and n.exp.is_negative and n.base.has(z)}


#: Seconds for solving one relation through a scale w = alpha z (:func:`_through_scale`).
_SCALE_SECONDS = 4.0


def _mapped_back(rel: Any, found: sp.Set, inverse: Any, span: sp.Interval, a: sp.Expr, b: sp.Expr, z: sp.Symbol,
                 up: bool = True) -> sp.Set:
    """The z with a z + b = F^-1(u) for u in ``found`` ∩ F's range ``span`` (F increasing, ``inverse`` its inverse;
    ``up``: a > 0, decided by the caller)."""
    # log(p/q) as log p - log q (atanh(p/q) as (log(q + p) - log(q - p))/2) beside 1: sympy's evalf puts log(1 + 10^-30) at 0
    # (and the kernel refuses an end sympy misplaces, R31a); a difference of logs gets the digits its cancellation needs
    near = lambda v: v.is_Rational and abs(abs(v) - 1) < sp.Rational(1, 10**6)  # noqa: E731 - where evalf loses digits
    exact = lambda v: (sp.log(v.p) - sp.log(v.q) if inverse is sp.log else (  # noqa: E731
        sp.log(v.q + v.p) - sp.log(v.q - v.p)) / 2 if inverse is sp.atanh else inverse(v)) if near(v) else inverse(v)
    back = lambda v: (sp.oo if up else -sp.oo) * (1 if v == span.sup else -1) if v in (span.inf, span.sup) \
        else (exact(v) - b) / a  # noqa: E731
    parts, kept = [], clipped(found, span)
    if kept is None:
        return sp.ConditionSet(z, rel if isinstance(rel, Relational) else sp.Eq(rel, 0), sp.S.Reals)
    for part in kept:
        if isinstance(part, sp.FiniteSet):
            parts.append(sp.FiniteSet(*(back(v) for v in part)))
            continue
        lo, hi = back(part.inf), back(part.sup)
        ends = (lo, hi, part.left_open, part.right_open) if up else (hi, lo, part.right_open, part.left_open)
        try:  # sympy's Interval asks its assumptions of the ends: erfinv(sqrt(1 - 10^-40)) "is not real" (R33a-2)
            parts.append(ordered_interval(*ends))
        except (TypeError, ValueError):
            return sp.ConditionSet(z, rel if isinstance(rel, Relational) else sp.Eq(rel, 0), sp.S.Reals)
    return union(parts)

