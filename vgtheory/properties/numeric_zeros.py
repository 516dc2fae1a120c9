"""Real zeros of an inner argument found and checked by mpmath, for the feature search of :mod:`features`.

sympy's solveset picks wrong branches for a trigonometric function of a nonlinear argument:
1 + cos(2 atan z + 1) = 0 was solved as z = -tan(1/2), where the left side is 2; the zero is at
cot(1/2), where σ = tanh z + log(1 + cos(2 atan z + 1))/10 is undefined (red team R13a-5). So every
root sympy gives is checked (:func:`vanishes`), and where sympy's answer is not trusted the zeros
are searched on a grid: sign changes, and local minima of |u| where u touches 0 without changing
sign (1 + cos u), each refined at 140 digits and kept only if u vanishes there.
"""

from __future__ import annotations

import functools
import time
from typing import Any, Callable

import mpmath

from vgtheory.core._bounded import OwnTimeout, bounded_own
from vgtheory.properties.sampling import bisect_root

__all__ = ["vanishes", "numeric_zeros", "search_grid"]

#: Digits of the refined zeros (those of :data:`features._ROOT_DIGITS`).
_DIGITS = 140
#: Step of the grid on [-20, 20] (the window of the sup grid, where narrow features matter most),
#: and the ratio of consecutive grid points beyond it.
_STEP, _RATIO_BITS = mpmath.mpf(1) / 32, 32
_MAX_POINTS = 4000


@functools.lru_cache(maxsize=256)
def _mpmath_fn(u: Any) -> tuple[Callable[[mpmath.mpf], Any], Callable[[mpmath.mpf], Any]]:
    import sympy as sp

    from vgtheory.core.formula_eval import compiled
    from vgtheory.core.parsing import Z

    # The package's compiler, not lambdify: sympy's mpmath printer has no Piecewise with an Ne condition.
    return compiled(u), compiled(sp.diff(u, Z))


def _real(fn: Callable[[mpmath.mpf], Any], t: mpmath.mpf) -> mpmath.mpf | None:
    """fn(t) when it is a finite real number, else None (undefined, complex: log of a negative)."""
    try:
        v = fn(t)
    except Exception:  # noqa: BLE001 - mpmath raises several kinds where u is undefined
        return None
    return v if isinstance(v, mpmath.mpf) and mpmath.isfinite(v) else None


def vanishes(u: Any, p: mpmath.mpf) -> bool:
    """Whether u has a zero at the 140-digit point p: u(p) = 0, or |u(p)| below 10^-10 of |u| at
    p ± 10^-30 |p| (a zero of order k gives 10^-140 against 10^-30k; a wrong root, the same size on both).
    Scale-free, so a formula's large or small constants do not decide. True when u is not real on
    either side (√z at 0): no evidence against the root."""
    from vgtheory.properties.sampling import probe

    fn = _mpmath_fn(u)[0]
    with mpmath.workdps(_DIGITS):
        value, bound = probe(fn, p)
        # An exact zero is one arb cannot confirm relative to itself: z/10 - 150 at 1500 gives an enclosure
        # of 0 and no value, and the zero of a linear tanh argument was dropped as "no zero" (R14b-5).
        at = abs(value) if isinstance(value, mpmath.mpf) else bound
        if at is None:
            return False
        if at == 0:
            return True
        h = mpmath.mpf(10) ** -30 * max(1, abs(p))
        sides = [abs(v) for v in (_real(fn, p - h), _real(fn, p + h)) if v is not None]
        return not sides or at <= mpmath.mpf(10) ** -10 * min(sides)


def search_grid(lo: mpmath.mpf, hi: mpmath.mpf) -> list[mpmath.mpf]:
    """Sorted points of [lo, hi]: step 1/32 on [-20, 20], ratio 2^(1/32) beyond (at most 4000)."""
    pts = {lo, hi}
    a, b = max(lo, -20), min(hi, 20)
    if a < b:
        n = min(int((b - a) / _STEP), _MAX_POINTS)
        pts |= {a + (b - a) * i / max(n, 1) for i in range(n + 1)}
    ratio = mpmath.mpf(2) ** (mpmath.mpf(1) / _RATIO_BITS)
    for sign in (1, -1):
        start, end = (max(lo, 20), hi) if sign == 1 else (max(-hi, 20), -lo)
        t = start
        while t < end and len(pts) < _MAX_POINTS:
            pts.add(sign * t)
            t *= ratio
    return sorted(pts)


#: Completed searches (one cut short by its clock is not kept: it reflects the machine's load).
_FOUND: dict[tuple, tuple[mpmath.mpf, ...]] = {}
_FOUND_MAX = 256


def numeric_zeros(u: Any, lo: mpmath.mpf, hi: mpmath.mpf, cap: int, seconds: float) -> tuple[mpmath.mpf, ...]:
    """Zeros of u in [lo, hi] found on :func:`search_grid` (at most ``cap``, nearest 0 first), each to 140
    digits and checked by :func:`vanishes`; brackets left after ``seconds`` are skipped (fewer points, never wrong ones)."""
    key = (u, lo, hi, cap)
    if key in _FOUND:
        return _FOUND[key]
    try:
        fn, slope = _mpmath_fn(u)
    except Exception:  # noqa: BLE001 - not compilable: no numeric zeros (fewer points, never wrong ones)
        return ()
    end = time.monotonic() + seconds
    late = False
    with mpmath.workdps(30):
        grid = search_grid(lo, hi)
        values: list[mpmath.mpf | None] = [None] * len(grid)
        # nearest 0 first, on the clock: a digamma at 2^100 costs 0.06 s at the guarded precision, and 4000 of them
        # took 73 s of a 1 s search (z Γ(z² + 1)/Γ(z² + 3/2): check_bounded ran 4 minutes at timeout=20)
        try:
            for i in sorted(range(len(grid)), key=lambda k: abs(grid[k])):
                values[i] = _clocked(fn, grid[i], end)
        except OwnTimeout:
            late = True
    brackets = []
    for i in range(len(grid) - 1):
        v0, v1 = values[i], values[i + 1]
        if v0 is not None and v1 is not None and (v0 == 0 or v0 * v1 < 0):
            brackets.append((fn, grid[i], grid[i + 1]))
        # A touch (1 + cos u at u = π): a local minimum of |u| where u' changes sign.
        if 0 < i and None not in values[i - 1: i + 2] and abs(v0) <= abs(values[i - 1]) and abs(v0) <= abs(v1) \
                and v0 * values[i - 1] > 0 and v0 * v1 > 0:
            brackets.append((slope, grid[i - 1], grid[i + 1]))
    found: list[mpmath.mpf] = []
    for f, a, b in sorted(brackets, key=lambda fab: min(abs(fab[1]), abs(fab[2]))):
        if len(found) >= cap or late:
            break
        try:
            p = _refine(f, a, b, end)
            # the zero test at 140 digits on the clock too: trigamma's at 17000 bits took 20 s (R52b-3)
            if p is not None and _in_time(lambda: vanishes(u, p), end):
                found.append(p)
        except OwnTimeout:
            late = True
    out = tuple(sorted(set(found)))
    if not late:
        if len(_FOUND) >= _FOUND_MAX:
            del _FOUND[next(iter(_FOUND))]
        _FOUND[key] = out
    return out


def _clocked(f: Callable[[mpmath.mpf], Any], t: mpmath.mpf, end: float) -> mpmath.mpf | None:
    """:func:`_real` within the time left before the monotonic time ``end`` (:func:`_in_time`): one value that is
    exactly 0 climbs the precision guard to its highest precision (0 is kept only there), and 2z Γ(z² + 3/2)
    ψ(z² + 3/2) at 0 took 76 s at 17000 bits."""
    return _in_time(lambda: _real(f, t), end)


def _in_time(step: Callable[[], Any], end: float) -> Any:
    """step() within the time left before the monotonic time ``end``, else
    :class:`~vgtheory.core._bounded.OwnTimeout` (the rest of the search is skipped: fewer points, never wrong ones)."""
    left = end - time.monotonic()
    if left <= 0:
        raise OwnTimeout
    return bounded_own(step, left)


def _refine(f: Callable[[mpmath.mpf], Any], a: mpmath.mpf, b: mpmath.mpf, end: float = float("inf")) -> mpmath.mpf | None:
    """A sign change of f on [a, b] to 140 digits: findroot (Anderson's bracketing method) from the
    bracket, bisection where it fails or leaves it; None when f does not change sign there. Raises
    :class:`~vgtheory.core._bounded.OwnTimeout` past the monotonic time ``end``."""
    def timed(t: mpmath.mpf) -> mpmath.mpf | None:
        return _clocked(f, t, end)

    def real(t: mpmath.mpf) -> mpmath.mpf:
        v = timed(t)
        if v is None:
            raise ValueError("not real")
        return v

    with mpmath.workdps(_DIGITS):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        fa, fb = _real(f, a), _real(f, b)
        if fa is None or fb is None or fa * fb > 0:
            return None
        try:
            p = mpmath.findroot(real, (a, b), solver="anderson")
            if isinstance(p, mpmath.mpf) and a <= p <= b:
                return p
        except (ValueError, ZeroDivisionError, ArithmeticError, TypeError):
            pass
        return bisect_root(lambda t: v if (v := timed(t)) is not None else mpmath.mpf(0), a, b)
