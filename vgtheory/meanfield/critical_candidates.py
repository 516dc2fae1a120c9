"""Candidate critical σ_w for :func:`vgtheory.meanfield.propagation.critical_init`, each to be confirmed by iterating
the length map: 1/|σ'(0)| where q* = 0 can be critical, then the roots in q of q − σ_b² − V(q)/D(q)."""

from __future__ import annotations

import math
from typing import Iterator

import mpmath
import sympy as sp

from vgtheory.core.exact_real import exact_mpf
from vgtheory.meanfield import prescreen
from vgtheory.meanfield.moments import Moments

__all__ = ["candidates"]


def _mpf(value: sp.Expr) -> mpmath.mpf:
    return exact_mpf(value, mpmath.mp.dps + 5)


def candidates(moments: Moments, b: sp.Expr, kink_at_zero: bool = True) -> Iterator[tuple[sp.Float, str]]:
    """Candidate critical σ_w: 1/|σ'(0)| (σ_b = 0, σ(0) = 0, no kink at 0), then the roots in q
    of q − σ_b² − V(q)/D(q), bracketed on a log grid from 1e-6 to 1e8 (σ_w² = 1/D(q))."""
    sigma, kinked, smooth, mp_kink = moments.sigma, None, False, False
    if b == 0 and sigma.value(0) == 0:
        # q* = 0 is critical where sigma_w^2 (a-^2 + a+^2)/2 = 1 for the one-sided slopes a-+ at 0,
        # a kink there included (R12b-5; the check at that sigma_w decides): exactly by sympy
        # where it can (a test at a fixed small z misreads tanh(10^25 z)/10^25).
        sides, route = moments.slopes_at_zero, "closed form 1/sigma'(0)"
        if sides is not None:
            a = mpmath.sqrt((_mpf(sides[0]) ** 2 + _mpf(sides[1]) ** 2) / 2)
            if sides[0] != sides[1]:
                route = "closed form 1/sqrt((sigma'(0-)^2 + sigma'(0+)^2)/2)"
        elif sigma.precision == "float64":
            d0 = moments.D(0)  # from one-sided slopes, so a kink at 0 counts (R12b-4)
            a = mpmath.sqrt(d0.value) if mpmath.isfinite(d0.error) and d0.error < d0.value / 100 else mpmath.mpf(0)
            route = "1/sqrt(D(0)), D(0) from one-sided float64 slopes at 0"
            # One-sided slopes that agree within their errors show no kink: the candidate goes first, as
            # for a smooth formula (after the roots, a callable's mpmath scan took a minute).
            if (sides_f64 := getattr(moments, "callable_sides", None)) is not None:
                left, l_err, right, r_err = sides_f64
                smooth = math.isfinite(l_err + r_err) and abs(left - right) <= l_err + r_err
        else:
            # A central difference across a jump of sigma'' is off by O(step): at 15 digits softsign's slope(0)
            # was 1 - 5.8e-11, a candidate the q* = 0 check then found chaotic. Twice the digits make it negligible.
            with mpmath.workdps(2 * mpmath.mp.dps + 10):
                a = abs(sigma.slope(0))
            eps = mpmath.mpf(10) ** -10
            if mp_kink := abs(sigma.slope(eps) - sigma.slope(-eps)) > 1e-6 * a:
                # A kink at 0 (R13b-8: max(tanh z, tanh 2z)): D(0), the q -> 0 limit, averages the squared
                # one-sided slopes, as for a float64 callable; the central slope(0) averages the slopes.
                d0 = moments.D(0)
                a = mpmath.sqrt(d0.value) if mpmath.isfinite(d0.error) and d0.error < d0.value / 100 else mpmath.mpf(0)
                route = "1/sqrt(D(0)), D(0) the q -> 0 limit of E[sigma'(sqrt(q) z)^2]"
        # A kink at 0 (or a callable's one-sided slopes) comes after the roots: a nontrivial fixed point is
        # the one to recommend where there is one (SELU: sigma_w = 1 at q* = 1, not 0.69 at q* = 0).
        if a > 0 and (sides is None and sigma.precision == "float64" and not smooth or mp_kink
                      or sides is not None and sides[0] != sides[1]):
            kinked = (sp.Float(1 / a, moments.dps + 5), route)
        elif a > 0:
            yield sp.Float(1 / a, moments.dps + 5), route
    b2 = _mpf(b**2)

    def G(q):
        d = moments.D(q).value
        # D(q) = 0 (a constant sigma): chi1 = 0 for every sigma_w, no critical point at this q.
        return q - b2 - moments.V(q).value / d if d > 0 else mpmath.inf

    # every fixed point is at least sigma_b^2 (V >= 0): the grid starts where it can hold one (sigma_b = 3e4: q* = 9e8,
    # beyond a grid ending at 1e8, R33b-4)
    grid = [max(mpmath.mpf(1), b2) * mpmath.mpf(10) ** (k / 2) for k in range(-12, 17)]
    # Signs float64 is sure of come from float64 (mpmath took 25 s for tanh(x)**3 + tanh(x)), the
    # rest from mpmath, in order: the roots, and the first critical one, of the mpmath scan.
    fast = prescreen.Float64Signs(moments, b2)
    values: dict[int, mpmath.mpf] = {}

    def sign(j: int) -> int | None:
        if sure := fast.sign(grid[j]):
            return sure
        if j not in values:
            values[j] = G(grid[j])
        # V and D beyond float64's range (1e300 tanh) leave G = inf/inf: no sign there.
        return None if mpmath.isnan(values[j]) else int(mpmath.sign(values[j]))

    for i in range(len(grid) - 1):
        qa, qb = grid[i], grid[i + 1]
        sa, sb = sign(i), sign(i + 1)
        if sa is None or sb is None or (sa != 0 and (sa < 0) == (sb < 0)):
            continue
        if sa == 0:
            root = qa
        else:  # from the grid cell, 13 quadrature pairs; from a float64-narrowed bracket, a few
            na, nb = fast.narrowed(qa, qb, sa)
            if (na, nb) != (qa, qb) and (mpmath.sign(G(na)) != sa or mpmath.sign(G(nb)) != sb):
                na, nb = qa, qb
            try:
                root = mpmath.findroot(G, (na, nb), solver="anderson", verify=False)
            except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
                continue  # a step left the real bracket (R12b-4): this cell gives no root
        if not isinstance(root, mpmath.mpf) and not isinstance(root, (int, float)):
            continue
        if qa <= root <= qb:
            yield sp.Float(1 / mpmath.sqrt(moments.D(root).value), moments.dps + 5), "root of chi1 = 1"
    if kinked is not None and kink_at_zero:
        yield kinked
