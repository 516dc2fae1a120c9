"""Where a formula places narrow features, so that numeric evidence looks there.

Two kinds of places, both read off the formula:

* the *phase points* of oscillating factors far out (below);
* the *feature points* of inner arguments: the zeros and critical points of the argument u of
  exp, tanh, sech, atan, erf, ... and of the bases of negative powers. A bump e^{-100(t-50)²}
  or 1/(1 + 100(t - 50)²), or a step tanh(10(t - 50)), sits at such a point, and between the
  points of a grid it is invisible.

The phase points:

Sampling σ at 2^k with irrational and random offsets misses a bump of width 1/t that sits at
every zero of sin t (tanh t + e^{-(t sin t)²}·t²/(1+t²) has one at every nπ): no fixed sampling
rule can see features that shrink faster than its step. But such features are placed by the
formula itself, at the points where an oscillating factor's argument u(t) crosses a multiple of
π/2 (a zero or an extremum of sin u, cos u, tan u). This module finds those points in far windows
and the largest value of a function near each of them, so the numeric evidence looks exactly where
an oscillation can put a bump, a spike or a plateau.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import mpmath

from vgtheory.core.dyadic import rational
from vgtheory.core.reach import reach
from vgtheory.core.mp_code import lambdify_mp
from vgtheory.properties.sampling import bisect_root, golden_max, safe

__all__ = ["PHASE_WINDOWS", "oscillating_arguments", "phase_points", "peaks_near", "far_octaves", "octave_peaks", "feature_points", "feature_widths", "singular_approach", "bisect_root"]

#: Far windows [start, start + 16) searched for phase points (both signs are handled by the caller).
PHASE_WINDOWS = (2**10, 2**20)
_WINDOW_WIDTH = 16
_GRID = 256
#: At most this many phase points per window and argument: enough to see a periodic feature many
#: times, few enough to keep a check fast when u(t) = t² crosses thousands of multiples.
_CAP = 8
_GOLDEN_STEPS = 30


def oscillating_arguments(expr: Any) -> list[Callable[[mpmath.mpf], mpmath.mpf]]:
    """The arguments u(z) of the sin, cos, tan, sec, csc and cot factors of a sympy expression, as
    mpmath functions (none for a callable or an expression without them)."""
    import sympy as sp

    from vgtheory.core.parsing import Z

    if expr is None:
        return []
    kinds = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)
    args = [node.args[0] for node in sp.preorder_traversal(expr) if isinstance(node, kinds) and node.args[0].has(Z)]
    # An outer function places its feature where its oscillating argument v vanishes, wherever that is:
    # sech²(10^5 (sin(t/100) - 1/2)) peaks where sin = 1/2, 52 units from any multiple of π/2. atan v
    # crosses a multiple of π/2 exactly at the zeros of v, so those are phase points too.
    # (A Piecewise's first argument is an (expression, condition) pair, no expression.)
    outer = [sp.atan(v) for v in _inner_arguments(expr) if isinstance(v, sp.Expr) and not isinstance(v, kinds)
             and any(isinstance(n, kinds) and n.args[0].has(Z) for n in sp.preorder_traversal(v))]
    return [lambdify_mp(Z, u) for u in dict.fromkeys(args + outer)]


def _inner_arguments(expr: Any) -> list[Any]:
    """The arguments of every function of z other than z itself, the bases of negative or fractional powers, and
    the switches of Max, Min and Piecewise (whose sign picks a piece: Max(0, 1 - 10^40 (z - 5)^2) has a window of
    width 2e-20 at the critical point 5 of its switch, where the probes never came, R27a-3)."""
    import sympy as sp

    from vgtheory.core.chain_checks import switch_exprs
    from vgtheory.core.parsing import Z

    inner = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.has(Z) and not (node.exp.is_integer and node.exp.is_nonnegative):
            inner.append(node.base)
        elif isinstance(node, sp.Function) and node.args and node.args[0].has(Z) and node.args[0] != Z:
            inner.append(node.args[0])
    switches: set = set()
    switch_exprs(expr, switches)
    return inner + sorted((g for g in switches if g.has(Z) and g != Z and g not in inner), key=sp.default_sort_key)


def phase_points(arguments: list[Callable[[mpmath.mpf], mpmath.mpf]], sign: int, start: int,
                 cap: int = _CAP) -> list[mpmath.mpf]:
    """Points t of the window sign·[start, start + 16) where some u(t) equals a multiple of π/2,
    located by bisection between grid points (up to ``cap`` per argument), in increasing |t|.

    An argument that crosses no multiple there is followed into a window 4, 16, ... times as wide,
    up to [start, 2·start): sin(t/100) crosses one every 157, never inside 16 units, and a bump
    sech²(10^5 sin(t/100)) of width 10^-3 at each 100kπ went unseen (R14b-4). Widening stops at
    two crossings, one of each kind when u is monotone there."""
    found: list[mpmath.mpf] = []
    for u in arguments:
        width = _first_width(u, sign, start)
        while True:
            mine = _crossings(u, sign, start, width, cap)
            # Two crossings: a zero and an extremum of sin u (a bump sits at one kind only).
            if len(mine) >= min(cap, 2) or width >= start:
                break
            width = min(4 * width, mpmath.mpf(start))
        found += mine
    return sorted(set(found), key=abs)


def _first_width(u: Callable[[mpmath.mpf], mpmath.mpf], sign: int, start: int) -> mpmath.mpf:
    """The window's width to try first: 16, or as wide as u, at its rate over the first 16 units, takes to
    cross two multiples of π/2 (within [16, start]). log(1 + t²) needs the whole octave at 2^100, and
    reaching it from 16 four times wider at a time cost seconds."""
    lo = mpmath.mpf(_WINDOW_WIDTH)
    u0, u1 = safe(u, sign * mpmath.mpf(start)), safe(u, sign * (start + lo))
    if not (isinstance(u0, mpmath.mpf) and isinstance(u1, mpmath.mpf)) or u0 == u1:
        return lo
    return min(max(lo, mpmath.pi * lo / abs(u1 - u0)), mpmath.mpf(start))


def _crossings(u: Callable[[mpmath.mpf], mpmath.mpf], sign: int, start: int, width: mpmath.mpf,
               cap: int) -> list[mpmath.mpf]:
    """Up to ``cap`` points of sign·[start, start + width) where u crosses a multiple of π/2."""
    half_pi = mpmath.pi / 2
    grid = [sign * (start + width * i / _GRID) for i in range(_GRID + 1)]
    # A complex u(t) (x**2*sqrt(x) at x < 0, inside cos: cosh, real) has no phase to cross.
    values = [(t, v if isinstance(v, mpmath.mpf) else None) for t in grid for v in (safe(u, t),)]
    mine: list[mpmath.mpf] = []
    for (t0, u0), (t1, u1) in zip(values, values[1:]):
        if u0 is None or u1 is None:
            continue
        k0, k1 = mpmath.floor(u0 / half_pi), mpmath.floor(u1 / half_pi)
        # One crossing per grid cell: with many, the cell is finer than any step we could take.
        if k0 != k1:
            target = max(k0, k1) * half_pi
            mine.append(bisect_root(lambda t: u(t) - target, t0, t1))
        if len(mine) >= cap:
            break
    return mine


#: Octaves 2^30, 2^40, ... (and the last sampled one) whose first phase points are probed beyond the
#: windows of :data:`PHASE_WINDOWS`: a feature that only grows in past 2^20 (a bump sech²(10^5 sin(t/100))
#: times t²/(10^20 + t²)) escapes both windows. Every octave would cost seconds a side.
_FAR_FROM, _FAR_STEP = 30, 10


def far_octaves(top: int) -> list[int]:
    """The octaves k ≤ top whose phase points :func:`octave_peaks` probes."""
    return sorted({*range(_FAR_FROM, top + 1, _FAR_STEP), top}) if top >= _FAR_FROM else []


def octave_peaks(fn: Callable[[mpmath.mpf], mpmath.mpf], arguments: list[Callable[[mpmath.mpf], mpmath.mpf]],
                 sign: int, k: int) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    """:func:`peaks_near` the first two phase points past sign·2^k, at k + 64 more bits, so that
    t ± 2^-62 is still a point of its own there."""
    with mpmath.workprec(mpmath.mp.prec + k + 64):
        return peaks_near(fn, phase_points(arguments, sign, 2**k, cap=2))


def peaks_near(fn: Callable[[mpmath.mpf], Any], points: list[mpmath.mpf], reach: bool = False) -> list[tuple[Any, Any]]:
    """For each point p, the largest |fn| found near it, with its place: (t, fn(t)).

    A feature placed at p may be as narrow as the formula likes (width 1/t, 1/t²), so fn is first
    probed at p and at p ± d·2^-j for j = 0, 2, …, 62 (d: half the distance to the nearest other point,
    at most 1/2), with ``reach`` also at p ± 2^j up to 2 max(1, |p|) (as wide as the formula likes: the zero of
    (t - 10^7)^3/10^6 puts a bump 85 from it, R31b-2), then refined by golden section beside the best probe."""
    out = []
    for i, p in enumerate(points):
        gaps = [abs(p - q) for q in points[max(0, i - 1): i + 2] if q != p]
        d = min([mpmath.mpf(1) / 2] + [g / 2 for g in gaps])

        def mag(x: mpmath.mpf) -> mpmath.mpf:
            v = safe(fn, x)
            return abs(v) if v is not None else mpmath.mpf(-1)

        probes = [p] + [p + side * d * mpmath.ldexp(1, -j) for j in range(0, 64, 2) for side in (1, -1)] + [
            p + side * mpmath.ldexp(1, j) for j in range(reach and int(mpmath.log(max(1, abs(p)), 2)) + 2) for side in (1, -1)]
        best = max(probes, key=mag)
        if best != p:
            off = best - p
            lo, hi = sorted((p + off / 2, p + 2 * off))
            best = max((best, golden_max(mag, lo, hi, _GOLDEN_STEPS)), key=mag)
        v = safe(fn, best)
        if v is not None:
            out.append((best, v))
    return out


#: Time allowed to sympy for the zeros and critical points of one inner argument, and in all.
_SOLVE_SECONDS, _SOLVE_BUDGET = 0.3, 1.5
_MAX_FEATURES = 24
#: Real solution sets already found, by target expression: a memo of a pure computation (sympy's
#: own cache is of the same kind), bounded in size.
_SOLVED: dict[Any, Any] = {}
_SOLVED_MAX = 1024
#: Targets whose solveset on some [lo, ∞) ran out of its time, after the one on ℝ did.
_HALF_LINE_TIMED_OUT: set = set()


def _real_solutions(target: Any, seconds: float) -> Any:
    """The real solutions of target(z) = 0 when sympy gives them as a finite set, else None.

    Solved once over ℝ and then filtered by each caller's lower end: the numeric g-search asks
    for [τ, ∞) at dozens of τ, and each τ used to cost a solveset (and an nsimplify of τ, 0.2 s
    of pslq). Restricting a complete finite solution set to [lo, ∞) is exact. A timeout or an
    error is remembered as None: that target is then solved on each caller's [lo, ∞), as before."""
    import sympy as sp

    from vgtheory.core._bounded import bounded
    from vgtheory.core.parsing import Z

    if target in _SOLVED:
        return _SOLVED[target]
    from vgtheory.core._bounded import StepTimeout

    try:
        sols = bounded(lambda: sp.solveset(target, Z, sp.S.Reals), seconds)
    except (StepTimeout, NotImplementedError, TypeError, ValueError, AttributeError, RecursionError):
        sols = None
    if len(_SOLVED) >= _SOLVED_MAX:
        _SOLVED.pop(next(iter(_SOLVED)))
    _SOLVED[target] = sols if isinstance(sols, sp.FiniteSet) else sp.FiniteSet() if sols is sp.S.EmptySet else None
    return _SOLVED[target]


def _at_least(r: Any, lo: Any) -> bool:
    from vgtheory.core.exact_real import exact_mpf

    known = (r - lo).is_nonnegative
    return bool(known) if known is not None else bool(exact_mpf(r - lo, 60) >= 0)


def _solutions_from(target: Any, lo: Any, seconds: float) -> list[Any] | None:
    """Real solutions of target(z) = 0 in [lo, ∞) as sympy numbers, as far as sympy finds them as
    a finite set (from the cached real solution set, else a solveset on [lo, ∞) itself); None when
    sympy's answer is not a finite set (the zeros 100kπ of sin(z/100))."""
    import sympy as sp

    from vgtheory.core._bounded import StepTimeout, bounded
    from vgtheory.core.parsing import Z

    # lo exactly (an mpf is man·2^exp): no nsimplify, which would guess a nearby "nice" number.
    lo_exact = rational(lo) if isinstance(lo, mpmath.mpf) else sp.sympify(lo)
    whole = _real_solutions(target, seconds)
    if whole is not None:
        return [r for r in whole if r.is_real and r.is_finite and _at_least(r, lo_exact)]
    if target in _HALF_LINE_TIMED_OUT:
        return []
    try:
        sols = bounded(lambda: sp.solveset(target, Z, sp.Interval(lo_exact, sp.oo)), seconds)
    except StepTimeout:
        # Solved again at each tau of the g-search, 0.3 s each time to no avail: 15 s of Min(x/(1+|x|), tanh x,
        # atan x)'s check (R13a-11). Evidence only gains from the points, so one timeout on [lo, oo) ends the tries.
        if len(_HALF_LINE_TIMED_OUT) < _SOLVED_MAX:
            _HALF_LINE_TIMED_OUT.add(target)
        raise
    return [r for r in sols if r.is_real and r.is_finite] if isinstance(sols, sp.FiniteSet) else \
        [] if sols is sp.S.EmptySet else None




def feature_points(expr: Any, lo: Any) -> list[mpmath.mpf]:
    """Real zeros and critical points, in [lo, ∞), of the inner arguments of a sympy expression
    (arguments of every function of z other than z itself, bases of negative or fractional
    powers), as far as sympy finds them as finite sets within a time bound, each checked and, where
    sympy is not trusted or gives no finite set, searched numerically (:func:`_checked`); none for a callable.

    Evidence only ever gains from these points: missing one (sympy gives up) loses nothing that
    the grid did not already have."""
    return sorted({p for p, _ in feature_widths(expr, lo)})


def feature_widths(expr: Any, lo: Any) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    """(p, w) for the points p of :func:`feature_points`, w a width of a feature there (one pair per width): the
    distance over which its argument u moves by 1 (1/|u'(p)| at a zero of u, 1/√|u''(p)| at a critical
    point; 1 where neither is known). tanh((z - 1500)/10) bends over (1480, 1500), ten units from its
    zero, farther than any probe p ± 2^-j reached (R14b-5)."""
    return _feature_widths(expr, mpmath.mpf(lo)) if expr is not None else []


def _feature_widths(expr: Any, lo_m: mpmath.mpf) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    import time

    import sympy as sp

    from vgtheory.core._bounded import StepTimeout
    from vgtheory.core.parsing import Z

    inner = _inner_arguments(expr)
    found: dict[mpmath.mpf, set] = {}
    end = time.monotonic() + _SOLVE_BUDGET
    for u in dict.fromkeys(inner):
        for order, target in enumerate((u, sp.diff(u, Z)), start=1):
            left = min(_SOLVE_SECONDS, end - time.monotonic())
            if not target.has(Z):
                continue
            try:
                sols = _solutions_from(target, lo_m, left) if left > 0 else []
            except (StepTimeout, NotImplementedError, TypeError, ValueError, AttributeError, RecursionError):
                sols = []
            # One numeric search of [0, 1000] serves every lower end in it (the g-search asks for [tau, oo) at dozens of tau).
            search = (mpmath.mpf(0), mpmath.mpf(1000)) if 0 <= lo_m <= 1000 else (lo_m, lo_m + 1000)
            # Zeros sympy gives as an infinite set are searched on [0, 1000] only: that search is done once
            # (cached), where one per lower end past 1000 would cost the g-search seconds at each tau.
            anyway = sols is None and 0 <= lo_m <= 1000
            for _, p in _checked(target, sols or [], lo_m, mpmath.inf, search, end, anyway=anyway):
                w = _width(target, p, order)
                # u flat at its zero and steep past it ((K (z - 2))^3: width 1/K, not 1): read u itself (R69a-3)
                found.setdefault(p, set()).add(reach(u, p, w) if order == 1 else w)
    return [(p, w) for p in sorted(found)[:_MAX_FEATURES] for w in sorted(found[p])]


def _width(target: Any, p: mpmath.mpf, order: int) -> mpmath.mpf:
    """1/|target'(p)|^(1/order), within [2^-40, 2^20]: how far u moves by about 1 from p, where target is u
    (order 1) or u' (order 2); 1 where target' is not a confirmed nonzero number."""
    from vgtheory.properties.numeric_zeros import _mpmath_fn

    slope = safe(_mpmath_fn(target)[1], p)
    if slope is None or slope == 0:
        return mpmath.mpf(1)
    return min(max(abs(slope) ** (mpmath.mpf(-1) / order), mpmath.ldexp(1, -40)), mpmath.ldexp(1, 20))


#: Distances 10^-j (j = 1, 4, ..., 118) from a singular point at which σ is sampled, and the digits
#: of the point itself: a cusp c·|z - p|^(1/3) with c = 10^-60 bends σ only within ~10^-36 of p.
_APPROACH = tuple(range(1, 120, 3))
_ROOT_DIGITS = 140


def singular_approach(expr: Any, lo: Any, hi: Any) -> list[mpmath.mpf]:
    """Points p ± 10^-j (j = 1, 4, ..., 118) inside [lo, hi] around each point p of
    :func:`singular_points`: where σ (or σ', σ'') can have a cusp, a kink or a pole whose effect
    on σ is as narrow as its amplitude is small (tanh z + cbrt(z - √3)/10^30 is convex only within
    ~10^-18 of √3)."""
    lo_m, hi_m = mpmath.mpf(lo), mpmath.mpf(hi)
    out: list[mpmath.mpf] = []
    with mpmath.workdps(_ROOT_DIGITS):
        for p in singular_points(expr, lo, hi):
            out += [t for j in _APPROACH for side in (-1, 1) if lo_m < (t := p + side * mpmath.mpf(10) ** -j) <= hi_m]
    return sorted(set(out))


def singular_points(expr: Any, lo: Any, hi: Any, peaks: bool = False) -> list[mpmath.mpf]:
    """The points of :func:`singular_roots`, to 140 digits."""
    return sorted({p for _, p in singular_roots(expr, lo, hi, peaks)})


def singular_roots(expr: Any, lo: Any, hi: Any, peaks: bool = False) -> list[tuple[Any, mpmath.mpf]]:
    """(exact root, its value to 140 digits) for the real zeros in [lo, hi] of the bases of
    fractional or negative powers and of the arguments of abs, sign, Heaviside and log (as far as
    sympy finds them within a time bound; none for a callable): where σ may take a value of its own
    (1 - sign(e^z - 3)² is 1 at log 3 only, R11a-5). The breakpoints of Piecewise conditions and of
    Max/Min too: a kink, a jump or a single value (Eq(z, √2/3)) there is 10^-20 wide or less, as
    narrow as the grid likes to miss. With ``peaks``, also the zeros of the derivative of each base
    of a negative power: a denominator (z - 3/10)² + 10^-60 has no real zero, yet σ peaks at 10^30 where it is least (R11b-7)."""
    import sympy as sp

    from vgtheory.core.chain_checks import switch_exprs
    from vgtheory.core.parsing import Z
    from vgtheory.properties.gamma_poles import pole_crossings, pole_targets

    if expr is None:
        return []
    kinds = (sp.Abs, sp.sign, sp.Heaviside, sp.log)
    bases = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.has(Z) and not (node.exp.is_integer and node.exp.is_nonnegative):
            bases.append(node.base)
            if peaks and node.exp.is_negative:
                bases.append(sp.diff(node.base, Z))
        elif isinstance(node, kinds) and node.args[0].has(Z):
            bases.append(node.args[0])
    switches: set = set()
    switch_exprs(expr, switches)
    bases += sorted((g for g in switches if g.has(Z)), key=sp.default_sort_key)
    groups = (bases, *([t] for t in pole_targets(expr, Z, lo, hi, _real_zeros)))  # a budget each: R58b-1's a + 1 = 0
    return [found for g in groups for found in _real_zeros(tuple(dict.fromkeys(_strip_abs(b) for b in g)), mpmath.mpf(lo),
                                                           mpmath.mpf(hi))] + pole_crossings(expr, Z, lo, hi, _real_zeros)


@functools.lru_cache(maxsize=128)
def _real_zeros(targets: tuple[Any, ...], lo_m: mpmath.mpf, hi_m: mpmath.mpf) -> list[tuple[Any, mpmath.mpf]]:
    """(root, its value to 140 digits) for the real zeros in [lo_m, hi_m] of each target (sympy within a time bound,
    checked, and searched numerically where sympy is not trusted: :func:`_checked`)."""
    import time

    from vgtheory.core._bounded import StepTimeout

    out: list[tuple[Any, mpmath.mpf]] = []
    end = time.monotonic() + _SOLVE_BUDGET
    for u in targets:
        roots = _polynomial_roots(u)
        if roots is None:
            left = min(_SOLVE_SECONDS, end - time.monotonic())
            try:
                roots = (_solutions_from(u, lo_m, left) or _periodic_zeros(u, lo_m, hi_m, end - time.monotonic())) if left > 0 else []
            except (StepTimeout, NotImplementedError, TypeError, ValueError, AttributeError, RecursionError):
                roots = []
        out += _checked(u, roots, lo_m, hi_m, (lo_m, hi_m), end)
    return out


#: Time for the numeric zero search of one target whose sympy roots are not trusted.
_SEARCH_SECONDS = 1.0


def _checked(u: Any, roots: list[Any], lo_m: mpmath.mpf, hi_m: mpmath.mpf, search: tuple[mpmath.mpf, mpmath.mpf],
             end: float, anyway: bool = False) -> list[tuple[Any, mpmath.mpf]]:
    """(root, its value to 140 digits) for sympy's ``roots`` in [lo_m, hi_m] at which u vanishes
    (:func:`~vgtheory.properties.numeric_zeros.vanishes`), and, where sympy is not trusted (a trig
    function of a nonlinear argument, or a root u does not vanish at), those in [lo_m, hi_m] of the
    zeros mpmath finds on the interval ``search``, each as the exact rational of its 140-digit value (R13a-5);
    those ``anyway`` too (sympy gave no finite set: sin(z/100)'s zeros 100kπ, R14b-4)."""
    import time

    from vgtheory.core.exact_real import exact_mpf
    from vgtheory.core.pieces import untrusted_sets
    from vgtheory.properties.numeric_zeros import numeric_zeros, vanishes

    out: list[tuple[Any, mpmath.mpf]] = []
    wrong = False
    for r in roots[:_MAX_FEATURES]:
        try:
            p = exact_mpf(r, _ROOT_DIGITS)
        except ValueError:
            continue  # not resolved: a missed point loses nothing the grid had (feature_points)
        if not lo_m <= p <= hi_m:
            continue
        if vanishes(u, p):
            out.append((r, p))
        else:
            wrong = True
    if anyway or wrong or untrusted_sets([u]) is not None:
        seconds = max(min(_SEARCH_SECONDS, end + _SEARCH_SECONDS - time.monotonic()), 0.1)
        seen = {p for _, p in out}
        out += [(rational(p), p) for p in numeric_zeros(u, *search, 4 * _MAX_FEATURES, seconds)
                if p not in seen and lo_m <= p <= hi_m][:_MAX_FEATURES]
    return out


def _periodic_zeros(u: Any, lo_m: mpmath.mpf, hi_m: mpmath.mpf, seconds: float) -> list[Any]:
    """The zeros of u in [lo, hi] ∩ [-20, 20] when sympy lists them there (infinitely many on ℝ, as
    sin z's kπ, whose sign(sin z)² is 0 at those points only): the window of the sup grid."""
    import sympy as sp

    from vgtheory.core._bounded import bounded
    from vgtheory.core.parsing import Z

    a, b = max(lo_m, mpmath.mpf(-20)), min(hi_m, mpmath.mpf(20))
    if seconds <= 0 or a > b:
        return []
    window = sp.Interval(rational(a), rational(b))
    sols = bounded(lambda: sp.solveset(u, Z, window), min(seconds, _SOLVE_SECONDS))
    return sorted(sols, key=lambda r: sp.default_sort_key(r)) if isinstance(sols, sp.FiniteSet) else []


def _strip_abs(u: Any) -> Any:
    """u without enclosing abs(): |u| and u vanish together."""
    import sympy as sp

    while isinstance(u, sp.Abs):
        u = u.args[0]
    return u


def _polynomial_roots(u: Any) -> list[Any] | None:
    """The real roots of u, exactly, when u is a polynomial in z of degree at most 6 (no time
    budget needed: under load a 0.3 s solveset of z - 65/31 can time out); else None."""
    import sympy as sp

    from vgtheory.core.exact_eval import degree_bound
    from vgtheory.core.parsing import Z

    if degree_bound(u, Z) > 64:  # ((z^2 + 1)^100 + 1)^100 would be expanded to degree 20000 first (R66b-6)
        return None
    try:
        poly = sp.Poly(u, Z)
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None
    if not 1 <= poly.degree() <= 6 or not all(c.is_real for c in poly.all_coeffs()):
        return None
    return list(poly.real_roots()) if poly.domain.is_QQ or poly.domain.is_ZZ else [
        r for r in sp.roots(poly, multiple=True) if r.is_real]
