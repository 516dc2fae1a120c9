"""The fixed point of a length map q ↦ L(q), found by iteration (no activation, no quadrature here).

Used by :func:`vgtheory.meanfield.propagation.signal`: iterate from q0; an orbit monotone after a few
steps (an increasing L) is bracketed on a geometric grid towards the nearest fixed point in its
direction and solved. Nothing up to ``q_max`` is ``beyond range`` (q* > q_max, or none: not decided);
nothing down to ``q_min`` with L(0) = 0 is convergence to 0.

>>> mpmath.nstr(fixed_point(lambda q: q / 2 + 1, mpmath.mpf(1), False, mpmath.mpf(10) ** -15, 200).q, 12)
'2.0'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import mpmath

__all__ = ["Orbit", "fixed_point", "Q_MAX", "Q_MIN"]

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
        # Relative only: an absolute floor (tol^2) called any orbit below 1e-14 converged at once.
        if step <= tol * q:
            return Orbit(q, "converged", n, step)
        if n == _MONOTONE_STEPS:
            diffs = [b - a for a, b in zip(orbit, orbit[1:])]
            if all(d > 0 for d in diffs) or all(d < 0 for d in diffs):
                q_min, scan_tol = scan
                q_min = q_min or Q_MIN * min(1, q0)
                return _monotone_limit(L, q, diffs[-1] > 0, zero_fixed, scan_tol or tol, n, q_min, q_max, noise)
    return Orbit(orbit[-1], "not converged", max_iter, abs(orbit[-1] - orbit[-2]))


def _monotone_limit(L, q: mpmath.mpf, rising: bool, zero_fixed: bool, tol: mpmath.mpf, n: int, q_min: mpmath.mpf,
                    q_max: mpmath.mpf, noise: Callable | None = None) -> Orbit:
    g = lambda t: L(t) - t  # noqa: E731 - one-line residual
    lo, factor, last = q, mpmath.mpf(4), None
    while True:
        # The grid ends exactly at q_max (q_min): a squared step must not jump past either end.
        if rising and lo >= q_max:
            return Orbit(None, "beyond range", n, mpmath.mpf(0), q_max)
        if not rising and lo <= q_min:
            if zero_fixed:
                return Orbit(mpmath.mpf(0), "converged", n, q_min)
            return Orbit(lo, "not converged", n, lo)
        hi = min(lo * factor, q_max) if rising else max(lo / factor, q_min)
        residual = g(hi)
        # Falling, only a residual above the tolerance counts: near a double root at 0 (tanh at
        # the edge of chaos, L(q) - q = -2q^2 + ...) rounding noise must not fake a fixed point.
        if (residual < 0) if rising else (residual > tol * hi):
            break
        # Where L(q)/q stays constant to 1e-3 over a grid step (the linear regime near 0, where
        # an orbit from q0 = 1e-300 needs ~500 steps of x4) the step squares, up to x1e50: a
        # grid of fixed x4 made such orbits cost ~1000 quadratures.
        rel = residual / hi
        steady = last is not None and abs(rel - last) <= mpmath.mpf(10) ** -3 * abs(last)
        factor = min(factor**2, mpmath.mpf(10) ** 50) if steady else mpmath.mpf(4)
        lo, last = hi, rel
    a, b = sorted((lo, hi))
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
    root = mpmath.findroot(g, (a, b), solver="anderson", tol=max(floor, noise(b)) if noise and mpmath.isfinite(noise(b)) else floor,
                           verify=False)
    if not a <= root <= b:  # the solver left the bracket: fall back to bisection
        ga = g(a)
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
