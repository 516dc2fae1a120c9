"""The fixed point of a length map q ↦ L(q), found by iteration (no activation, no quadrature here).

Used by :func:`vgtheory.meanfield.propagation.signal`: iterate from q0; an orbit monotone after a few
steps (an increasing L) is bracketed on a geometric grid towards the nearest fixed point in its
direction and solved. Nothing up to ``q_max`` is ``beyond range`` (q* > q_max, or none: not decided);
nothing down to ``q_min`` with L(0) = 0 is convergence to 0. A step below the tolerance is
convergence only where L(q) - q changes sign around q (a creeping orbit is not a fixed point).

>>> mpmath.nstr(fixed_point(lambda q: q / 2 + 1, mpmath.mpf(1), False, mpmath.mpf(10) ** -15, 200).q, 12)
'2.0'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import mpmath

__all__ = ["Orbit", "fixed_point", "root_error", "Q_MAX", "Q_MIN"]

#: Variance scale above which a numeric orbit is "beyond range" (times max(1, σ_w² + σ_b², q0)).
Q_MAX = mpmath.mpf(10) ** 12
#: Smallest variance scanned when an orbit falls towards 0.
Q_MIN = mpmath.mpf(10) ** -30
_MONOTONE_STEPS = 4


@dataclass(frozen=True)
class Orbit:
    q: mpmath.mpf | None
    state: str
    iterations: int
    error: mpmath.mpf
    bound: mpmath.mpf | None = None
    note: str | None = None  # why a settled-looking orbit is not called converged


def _margin(noise: Callable | None, t: mpmath.mpf, value: mpmath.mpf) -> mpmath.mpf:
    """What |L(t) - t| must exceed for its sign to count: L's own error plus the rounding of the difference."""
    err = noise(t) if noise else mpmath.mpf(0)
    return err + 8 * mpmath.eps * (abs(t) + abs(value))


def root_error(L: Callable, q: mpmath.mpf, noise: Callable | None, tol: mpmath.mpf, verify: bool = True) -> mpmath.mpf:
    """An error estimate of a fixed point of L near q: the residual plus L's error over |1 - L'(q)|
    (a root moves by dL/|1 - L'|), L' by a difference over 1e-6 q whose own error (that of the two
    values over the step) is taken off |1 - L'| first: a noisy slope once inflated it to 1e-13
    at q = 1e-20 and shrank the estimate 1e4-fold. Near a double root (L' = 1) a residual e
    moves the root by ~sqrt(e): the estimate is at least that."""
    if q == 0:
        return mpmath.mpf(0)
    value = L(q)
    dq = q * mpmath.mpf(10) ** -6
    upper = L(q + dq)
    m0, m1 = _margin(noise, q, value), _margin(noise, q + dq, upper)
    if not mpmath.isfinite(m0 + m1):  # L's error unknown (features not all found): so is q*'s, not nan
        return mpmath.inf
    linear = abs(1 - (upper - value) / dq) - (m0 + m1) / dq
    gap = max(linear, mpmath.sqrt(abs(value - q) + m0))
    estimate = (abs(value - q) + m0) / gap + tol * q
    if linear >= gap or not verify:
        return estimate
    # The double-root cap assumes |L''| ~ 1: hardtanh at sigma_w = 1 + 1e-15 is flatter (L'' ~ 1e-8) and its q* was
    # 2.3 times its error estimate off (R32b-1). Where the cap decided, the radius is the first at which L(t) - t is
    # seen to change sign beyond its error, else unknown (``verify``; a caller that looks for the sign change itself
    # takes the estimate).
    g = lambda t: L(t) - t  # noqa: E731 - one-line residual
    for k in (4**j for j in range(10)):
        a, b = q - k * estimate, q + k * estimate
        if a <= 0:
            break
        ga, gb = g(a), g(b)
        if abs(ga) > _margin(noise, a, ga + a) and abs(gb) > _margin(noise, b, gb + b) and (ga > 0) != (gb > 0):
            return k * estimate
    return mpmath.inf


def _settled(L: Callable, q: mpmath.mpf, n: int, noise: Callable | None, tol: mpmath.mpf, monotone: Callable) -> Orbit:
    """The orbit's step at q is below tol·q: converged only where L(t) - t is seen to change sign
    (beyond its error) around q, so that a fixed point lies within the radius given. A step that
    small also comes from an orbit creeping towards a distant fixed point (tanh at the edge of
    chaos from q = 1e-20: L(q) = q - 2q^2, the limit 0): where L(q) - q has a sign the orbit goes on
    in that direction (``monotone``); where it is within its error there, nothing is decided."""
    g = lambda t: L(t) - t  # noqa: E731 - one-line residual
    e = root_error(L, q, noise, tol, verify=False)  # the sign changes are looked for below
    if not mpmath.isfinite(e):  # no error bound of L here: the estimate (inf) says as much
        return Orbit(q, "converged", n, e)
    for k in (2, 64):
        a, b = q - k * e, q + k * e
        if a <= 0:
            break
        ga, gb = g(a), g(b)
        known = abs(ga) > _margin(noise, a, ga + a) and abs(gb) > _margin(noise, b, gb + b)
        if known and (ga > 0) != (gb > 0):
            return Orbit(q, "converged", n, k * e)
        if known:  # one sign on both sides: no crossing at this scale to widen the bracket for
            break
    g0 = g(q)
    if abs(g0) > _margin(noise, q, g0 + q):
        return monotone(q, g0 > 0)
    return Orbit(q, "not converged", n, mpmath.inf, note=(
        "L(q) = q within its error estimate at the last iterate, but L(q) - q changes sign nowhere near it: "
        "no fixed point is shown there (the orbit may creep on; a higher dps may decide)"))


def fixed_point(
    L: Callable[[mpmath.mpf], mpmath.mpf], q0: mpmath.mpf, zero_fixed: bool, tol: mpmath.mpf, max_iter: int,
    scan: tuple = (None, None), q_max: mpmath.mpf = Q_MAX, noise: Callable | None = None,
) -> Orbit:
    """Iterate q ↦ L(q) from q0. A monotone orbit (an increasing L) converges to the nearest fixed
    point in its direction, which is then bracketed on a geometric grid and solved; none up to
    ``q_max`` is ``beyond range`` (not divergence: that is not shown), none down to q_min with
    L(0) = 0 is convergence to 0. ``scan`` = (q_min, residual tolerance) of that search (default
    1e-30·min(1, q0) and tol). ``noise(q)`` bounds the error of L(q) (a quadrature's): the root
    solver stops once the residual is below it, where more steps only chase that error."""
    if q0 == 0 and zero_fixed:  # L(0) = sigma_w^2 sigma(0)^2 + sigma_b^2 = 0 exactly
        return Orbit(mpmath.mpf(0), "converged", 0, mpmath.mpf(0))
    orbit = [q0]
    for n in range(1, max_iter + 1):
        q = L(orbit[-1])
        if not mpmath.isfinite(q) or q > q_max:
            return Orbit(None, "beyond range", n, mpmath.mpf(0), q_max)
        orbit.append(q)
        step = abs(q - orbit[-2])
        q_min, scan_tol = scan
        q_min = q_min or Q_MIN * min(1, q0)
        monotone = lambda t, rising, n=n: _monotone_limit(  # noqa: E731
            L, t, rising, zero_fixed, scan_tol or tol, n, q_min, q_max, noise, scan_tol or mpmath.mpf(0))
        # Relative only: an absolute floor (tol^2) called any orbit below 1e-14 converged at once.
        if step <= tol * q:
            return _settled(L, q, n, noise, tol, monotone)
        if n == _MONOTONE_STEPS:
            diffs = [b - a for a, b in zip(orbit, orbit[1:])]
            if all(d > 0 for d in diffs) or all(d < 0 for d in diffs):
                return monotone(q, diffs[-1] > 0)
    return Orbit(orbit[-1], "not converged", max_iter, abs(orbit[-1] - orbit[-2]))


class _LeftBracket(Exception):
    pass


#: Orbit steps (two values of L each) that :func:`_aitken_bracket` tries before the grid search.
_AITKEN_STEPS = 8


def _aitken_bracket(L: Callable, q: mpmath.mpf, rising: bool, tol: mpmath.mpf, n: int, q_min: mpmath.mpf,
                    q_max: mpmath.mpf) -> tuple[tuple | None, mpmath.mpf, int]:
    """(bracket, q, n): a bracket of the fixed point r that the monotone orbit from q reaches, with the orbit's last
    point (else None and that point). For an increasing L the orbit stays on its side of r (L(t) < t on (r, q]
    gives L(t) > L(r) = r): each orbit point bounds r, and a point p mirrored past the orbit's Aitken limit s (p =
    2s - q2) is past r once the orbit's distance to r is below the width of the next sign change. A grid of x2 or
    x4 steps passed over r where the unstable fixed point lies within that factor (1 - e^(-u^2) at sigma_w = 1.76:
    q* = 0.6076, printed 0; a rising orbit was "beyond range", R17b-1/2)."""
    g = lambda t: L(t) - t  # noqa: E731 - one-line residual
    side = 1 if rising else -1
    for _ in range(_AITKEN_STEPS):
        q1 = L(q)
        q2 = L(q1)
        n += 2
        if not (mpmath.isfinite(q2) and q_min < q2 < q_max) or side * (q1 - q) <= 0 or side * (q2 - q1) <= 0:
            return None, q, n
        curvature = (q2 - q1) - (q1 - q)
        if curvature:
            s = q2 - (q2 - q1) ** 2 / curvature
            if not (q2 / 4 < s < 4 * q2):  # a limit far off (an orbit to 0, the linear regime): the grid's steps
                return None, q2, n
            p = 2 * s - q2
            if side * (p - q2) > 0 and q_min < p < q_max:
                gp = g(p)
                if (gp < 0) if rising else (gp > tol * p):
                    return (q2, p), q2, n
        q = q2
    return None, q, n


def _monotone_limit(L, q: mpmath.mpf, rising: bool, zero_fixed: bool, tol: mpmath.mpf, n: int, q_min: mpmath.mpf,
                    q_max: mpmath.mpf, noise: Callable | None = None, scan_floor: mpmath.mpf = mpmath.mpf(0)) -> Orbit:
    g = lambda t: L(t) - t  # noqa: E731 - one-line residual
    # Falling, a x4 step passed over the whole interval where L(q) > q: 1 - e^(-u^2) at sigma_w = 1.84 has
    # g < 0 at 0.97 and at 0.24, g > 0 on (0.247, 0.967), and the orbit from 1 settles at q* = 0.967 (R16b-3);
    # outside the linear regime (below) a falling search steps by x2.
    base = mpmath.mpf(4) if rising else mpmath.mpf(2)
    lo, factor, last = q, base, None
    # Falling: the point above the highest one where L(t) - t was within its error (no sign): the largest fixed point
    # below the orbit may lie that high, whatever the points below say (hardtanh at sigma_w = 1 + 1e-15 has L(q) - q =
    # 2e-15 q, below a tolerance of 1e-14 q: q* = 0.0155 was reported as 0 +- 1e-30, R32b-1; 0 +- 0.009, R33b-5).
    unsigned = mpmath.mpf(0)
    bracket, lo, n = _aitken_bracket(L, q, rising, tol, n, q_min, q_max)
    while bracket is None:
        # The grid ends exactly at q_max (q_min): a squared step must not jump past either end.
        if rising and lo >= q_max:
            return Orbit(None, "beyond range", n, mpmath.mpf(0), q_max)
        if not rising and lo <= q_min:
            if zero_fixed:  # the largest fixed point under the orbit: in [0, lo], or as high as a residual without a sign
                return Orbit(mpmath.mpf(0), "converged", n, max(min(lo, q_min), unsigned))
            return Orbit(lo, "not converged", n, max(lo, unsigned))
        hi = min(lo * factor, q_max) if rising else max(lo / factor, q_min)
        residual = g(hi)
        # Falling, only a residual above its error counts: near a double root at 0 (tanh at the edge of chaos,
        # L(q) - q = -2q^2 + ...) rounding noise must not fake a fixed point. Where L's error is known (the mpmath
        # quadrature's), that error is the test; a float64 search keeps its scan tolerance as well.
        margin = max(4 * _margin(noise, hi, residual + hi) if noise is not None else tol * hi, scan_floor * hi)
        if not rising and abs(residual) <= margin:  # the fixed point may lie anywhere below lo, the last signed point
            unsigned = max(unsigned, lo)
        if (residual < 0) if rising else (residual > margin):
            bracket = (lo, hi)
            break
        # Where L(q)/q stays constant to 1e-3 over a grid step (the linear regime near 0, where
        # an orbit from q0 = 1e-300 needs ~500 steps of x4) the step squares, up to x1e50: a
        # grid of fixed x4 made such orbits cost ~1000 quadratures.
        rel = residual / hi
        # |L(q)/q - 1| within tol at both ends (hardtanh near 0: L(q) = q up to e^(-1/2q)) is that regime too: no
        # residual there counts as a fixed point, and x2 steps down to 1e-30 took 100 quadratures.
        steady = last is not None and (abs(rel - last) <= mpmath.mpf(10) ** -3 * abs(last) or max(abs(rel), abs(last)) <= tol)
        factor = min(factor**2, mpmath.mpf(10) ** 50) if steady else base
        lo, last = hi, rel
    a, b = sorted(bracket)
    gb_negative = g(b) < 0
    while b > 4 * a:  # a wide bracket: bisect in log q first
        mid = mpmath.sqrt(a * b)
        if (g(mid) < 0) == gb_negative:
            b = mid
        else:
            a = mid
    # The solver stops at |g| < its tol: below L's own error that took its 30 steps every time
    # (41 quadratures for sqrt(Abs(sin(x))), each 0.5 s with its 11 singular points split at).
    floor = (tol * b) ** 2
    # An unknown error (inf: features of sigma not all found at b) would stop the solver at once.
    def inside(t: mpmath.mpf) -> mpmath.mpf:
        if not a <= t <= b:  # a step out of the bracket asks L at a negative variance (R15b-1): bisect instead
            raise _LeftBracket
        return g(t)
    try:
        root = mpmath.findroot(inside, (a, b), solver="anderson", verify=False,
                               tol=max(floor, noise(b)) if noise and mpmath.isfinite(noise(b)) else floor)
    except _LeftBracket:
        root = b + 1
    if not a <= root <= b:  # the solver left the bracket: fall back to bisection
        ga, gb = g(a), g(b)
        # an end that is a fixed point to the working digits (the orbit landed on q*, L(q) == q) is the root: with
        # g(a) = 0 the sign test below read every midpoint as a's side and climbed to b = 4q* (R63b-1)
        for end, value in ((a, ga), (b, gb)):
            if value == 0:
                return Orbit(end, "converged", n, mpmath.mpf(0))
        for _ in range(200):
            mid = (a + b) / 2
            if (g(mid) > 0) == (ga > 0):
                a = mid
            else:
                b = mid
            if b - a <= tol * b:
                break
        root = (a + b) / 2
    return Orbit(root, "converged", n, abs(g(root)))
