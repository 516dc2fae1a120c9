"""σ' of a float64 callable beside the jumps of σ, and where a ramp of its central-difference σ' puts a kink of σ.

One-sided differences where the central one would straddle a jump:

A callable's σ' is a central difference with step h = SLOPE_STEP·max(1, |u|) (:meth:`Activation.slope`). Within h of
a jump J of σ that difference reads J's height / 2h, a plateau of width 2h that is no part of σ' (which exists on
both sides of J): D = E[σ'(u)²] of tanh u + 0.001·[u > 0.003] at q* = 2.25e-6 integrated it, χ₁ 2.78 for 0.81
(red team R41b-1). There the difference is taken on the side of u, away from J, to the same order h²:
σ'(u) ≈ ∓(3σ(u) − 4σ(u ∓ h) + σ(u ∓ 2h)) / 2h."""

from __future__ import annotations

import math
from typing import Callable, Iterable

import mpmath
import numpy as np

from vgtheory.core.callables import autograd_gap
from vgtheory.core.float_slope import SLOPE_STEP, float_report, one_sided

__all__ = ["autograd_bias", "kink_in_ramp", "merged_cuts", "relative_value_noise", "slope_beside_jumps",
           "squared_slope_noise", "value_noise"]


def slope_beside_jumps(value: Callable[[float], float], slope: Callable[[np.ndarray], np.ndarray],
                       jumps: Iterable[float]) -> Callable[[np.ndarray], np.ndarray]:
    """``slope`` (σ' on an array), with the difference one-sided wherever its stencil [u − h, u + h] reaches one
    of ``jumps`` (points where σ itself jumps); ``value`` is σ on a float."""
    cuts = merged_cuts(jumps)

    def fn(u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        out = np.array(slope(u), dtype=float) * np.ones_like(u)
        if not cuts:
            return out
        h = SLOPE_STEP * np.maximum(1.0, np.abs(u))
        at = np.searchsorted(cuts, u)
        left = np.where(at > 0, np.take(cuts, at - 1, mode="clip"), -np.inf)
        right = np.where(at < len(cuts), np.take(cuts, at, mode="clip"), np.inf)
        # 2h: a cut is known to a few ulps, and a stencil that ends at it may read either side
        for i in np.flatnonzero((u - left <= 2 * h) | (right - u <= 2 * h)):
            t, room_left, room_right = float(u[i]), float(u[i] - left[i]), float(right[i] - u[i])
            # the side with more room, and a step that keeps the stencil off the next jump too (two jumps 10^-5
            # apart: a step of h reached across the second, D 12.7 for 1.0, R44b-1)
            side, room = (1.0, room_right) if room_right >= room_left else (-1.0, room_left)
            out[i] = _shrinking_one_sided(value, t, side * min(float(h[i]), room / 2.5))
        return out

    return fn


def merged_cuts(points: Iterable[float]) -> tuple[float, ...]:
    """``points`` in order, those within 64 ulps of the one before dropped: cuts a few floats apart are one point,
    and between them a one-sided step would fall below float64's spacing (-0.5 and -0.49999999999999989 for a kink at
    -1/2: D 1e-9 off, R46b-3)."""
    ordered = sorted(float(p) for p in points)
    return tuple(c for i, c in enumerate(ordered) if i == 0 or c - ordered[i - 1] > 64 * math.ulp(max(1.0, abs(c))))


def _shrinking_one_sided(value: Callable[[float], float], t: float, step: float) -> float:
    """−(3σ(t) − 4σ(t + s) + σ(t + 2s))/2s, with s cut by 4 (at most 6 times) until halving it changes the result by
    no more than 1e-6 of its size: a kink of σ within [t, t + 2s] breaks that agreement (a kink 3e-6 beside a jump:
    D off 1.5e-6 under an error of 3.2e-10, R44b-2)."""
    def at(s: float) -> float:
        # the offsets actually taken (t + s rounds), in the formula for unequal steps: dividing by the nominal s past
        # float64's spacing gave slopes of 1e4 (R46b-3)
        a, b = (t + s) - t, (t + 2 * s) - t
        if not a or not b or a == b:
            return math.nan
        return one_sided(value(t), value(t + a), value(t + b), a, b)

    floor = 2.0**20 * math.ulp(max(1.0, abs(t)))  # no cut below it: the values' rounding outweighs the slope's digits
    d = at(step)
    for _ in range(6):
        if abs(step) / 4 < floor or abs(at(step / 2) - d) <= 1e-6 * max(1.0, abs(d)):
            break
        step /= 4
        d = at(step)
    return d


def kink_in_ramp(value: Callable[[float], float], slope: Callable[[float], float], lo: float, hi: float) -> float | None:
    """Where σ's two tangents meet, taken three steps outside [lo, hi], a bracket in which the central-difference σ'
    ramps (a kink of σ at c makes it a ramp over [c − h, c + h]); None where the slopes do not differ or the meeting
    point is outside.

    A kink of a callable inside one of V's panels lies where neither rule has a node, and both can miss its share
    alike: max(u, 0.05) at q = 2e-4, V off 1.3e-16 under an error of 5.8e-18 (red team R41b-4). Cut there, the
    panels beside it are smooth. Exact for a σ linear on both sides; otherwise off by about σ''·(hi − lo + 6h)² /
    |Δσ'|, which leaves the kink a tiny fraction of a panel from the cut."""
    h = SLOPE_STEP * max(1.0, abs(lo), abs(hi))
    a, b = lo - 3 * h, hi + 3 * h
    try:
        left, right = slope(a), slope(b)
        if not (abs(left - right) > 1e-8 * max(abs(left), abs(right), 1e-300)):
            return None
        c = (value(b) - value(a) + left * a - right * b) / (left - right)
    except (ArithmeticError, ValueError):
        return None
    return float(c) if a < c < b else None


def autograd_bias(g: Callable[[float], float], autograd: Callable, u: float) -> float:
    """A bound on |a² − σ'(u)²| for a torch module's autograd slope a at u: b = |a − d| + d's error
    (:func:`~vgtheory.core.callables.autograd_gap`) gives |a² − σ'²| ≤ 2|a|·b + b²; 0 at a kink (a point of
    measure 0)."""
    seen = autograd_gap(g, autograd, u)
    if seen is None:
        return 0.0
    a, d, e = seen
    b = abs(a - d) + e
    return 2 * abs(a) * b + b * b


def value_noise(g: Callable[[float], float]) -> Callable[[float], float]:
    """u ↦ a bound on the rounding of the float64 callable g's value at u: e·|σ(u)|, e the relative error of σ(u)
    from :func:`~vgtheory.core.float_slope.float_report` (a float32 σ's ulp steps, not jumps of σ); ∞ where σ is not
    finite at u."""
    def bound(u: float) -> float:
        _, value_err, y = _report(g, u)
        return value_err * y

    return _per_point(bound)


def relative_value_noise(g: Callable[[float], float], root: float) -> float:
    """The largest relative rounding of the float64 callable g's values seen at ±{0.37, 1.1, 2.3}·root (u ~ N(0, root²)
    has weight there), at least 2^-52: the float64 rules integrate σ² through those values, and a float32 σ's
    staircase moved V of clamp(z, −1, 1) by 2.2e-8 under an error of 2.3e-9 (R52b-1)."""
    seen = [_report(g, k * root)[1] for k in (-2.3, -1.1, -0.37, 0.37, 1.1, 2.3)]
    return max([2.0**-52] + [e for e in seen if math.isfinite(e)])


def squared_slope_noise(g: Callable[[float], float]) -> Callable[[float], float]:
    """u ↦ a bound on the rounding noise of σ'(u)², σ' the central difference with step h = SLOPE_STEP·max(1, |u|) of
    the float64 callable g: each value is off by up to e·|σ(u)| (e the relative error of σ(u) from
    :func:`~vgtheory.core.float_slope.float_report`), so σ' by e·|σ(u)|/h and σ'² by twice that times |σ'| (plus its
    square); ∞ where σ or σ' is not finite at u (no bound)."""
    def bound(u: float) -> float:
        d, value_err, y = _report(g, u)
        e = value_err * y / (SLOPE_STEP * max(1.0, abs(float(u))))
        return 2 * abs(float(d)) * e + e * e if math.isfinite(e) and mpmath.isfinite(d) else math.inf

    return _per_point(bound)


def _report(g: Callable[[float], float], u: float) -> tuple[mpmath.mpf, float, float]:
    """(σ'(u) from differences, the relative error of σ(u), |σ(u)|); a non-finite error where σ is undefined at u."""
    try:
        d, _, value_err = float_report(g, mpmath.mpf(u))
        return d, value_err, abs(g(float(u)))
    except Exception:  # noqa: BLE001 - undefined there: no bound
        return mpmath.mpf(0), math.inf, math.inf


def _per_point(bound: Callable[[float], float]) -> Callable[[float], float]:
    """``bound``, computed once per point: neighbouring brackets share their ends (float_report is 30 calls of g)."""
    seen: dict[float, float] = {}

    def noise(u: float) -> float:
        if u not in seen:
            b = bound(u)
            seen[u] = b if math.isfinite(b) else math.inf
        return seen[u]

    return noise
