"""Numeric evidence for the shape hypotheses of (H): σ increasing and concave on [0, ∞).

Samples of σ, σ' and σ'' (a regular grid of (0, 10], a log-spaced grid to 1000, probe points near 0
and around the features of the formula, the singular points themselves) read as evidence, never proof.
"""

from __future__ import annotations

import math
from dataclasses import replace

import mpmath
import sympy as sp

from vgtheory import kernel
from vgtheory.core.activations import Activation, Z
from vgtheory.core.algebraic_points import unresolved
from vgtheory.core.budget import TIMEOUT_NOTE
from vgtheory.core.dyadic import rational
from vgtheory.properties.evidence import constant_scale, convex_point, second_slope, tail_top
from vgtheory.properties.features import (
    PHASE_WINDOWS, far_octaves, feature_widths, octave_peaks, oscillating_arguments, peaks_near, phase_points,
    singular_approach, singular_points,
)
from vgtheory.properties.evidence import point_values
from vgtheory.properties.four import DEFAULT_DPS
from vgtheory.theorems._theory_util import num, safe
from vgtheory.theorems.checks import Check

#: sigma' of a formula with these is sympy's convention at a kink (sign(0) = 0), not a derivative there.
_KINKS = (sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min, sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.DiracDelta,
          sp.Derivative, sp.Subs, sp.Integral)

def _grid(lo: float, hi: float) -> list[mpmath.mpf]:
    """Sample points of [lo, hi]: a fine regular grid, the same shifted by an irrational offset,
    and a log-spaced tail when hi is large (so breakpoints at round numbers are straddled)."""
    lo_m, top = mpmath.mpf(lo), mpmath.mpf(min(hi, 10))
    n = 160
    pts = [lo_m + (top - lo_m) * k / n for k in range(n + 1)]
    off = (mpmath.sqrt(2) - 1) / 7
    pts += [p + off * (top - lo_m) / n for p in pts[:-1]]
    if hi > 10:
        pts += [mpmath.mpf(10) ** (1 + mpmath.mpf(k) / 16) * (1 + off / 10) for k in range(0, 16 * 3 + 1)]
    return sorted(p for p in pts if lo_m <= p <= hi)


def _probe_points(act: Activation) -> list[mpmath.mpf]:
    """Points the grid cannot see but a formula can hide a defect at: 2^-k down to 2^-64 (a
    curvature of the wrong sign on [0, 0.004), below the grid's first point, as in
    tanh t + t² e^{-t²}/100), and the feature points of σ's inner arguments with neighbours at
    2^-j, j ≤ 22 and at w/8 to 4w, w the feature's width (a bump e^{-10^6 (t-π)²} narrower than the
    grid step, or one beyond 1000, where the grid ends). More points can only find a failure the grid missed. A formula with an
    extreme constant 10^±D (D > 10) is probed 4 octaves apart down to 2^-(64 + D log2 10):
    atan t + (atan(t - 100) + atan 100)/10^80 is convex on (0, 2·10^-86) only."""
    scale = constant_scale(act.expr) if act.is_symbolic else 0
    deep = 64 + (math.ceil(scale * math.log2(10)) if scale > 10 else 0)
    pts = [mpmath.ldexp(1, -k) for k in list(range(4, 65, 2)) + list(range(68, deep + 1, 4))]
    features = feature_widths(act.expr if act.is_symbolic else None, 0)
    # between two feature points too: sigma' < 0 only between the zeros sqrt 2 -+ 1e-20 of an inner derivative,
    # 2^-22 from neither probe (atan(z^3/3 - sqrt(2) z^2 + (2 - 10^-40) z), R30a-3)
    ends = sorted({f for f, _ in features})
    pts += [(a + b) / 2 for a, b in zip(ends, ends[1:])]
    for f, w in features:
        pts += [f] + [f + s * mpmath.ldexp(1, -j) for j in range(0, 23, 2) for s in (-1, 1)]
        # On the feature's own scale as well, wherever it lies: tanh((t - 1500)/10)/10^5 is convex on
        # (1480, 1500), past the grid and 10 units from its zero (R14b-5).
        pts += [f + s * w * mpmath.mpf(c) / 8 for c in (1, 2, 4, 6, 8, 12, 16, 24, 32) for s in (-1, 1)]
    return [p for p in pts if p > 0]


def _phase_probes(act: Activation, increasing: bool, concave: bool) -> list[mpmath.mpf]:
    """Where -σ' (increasing) and σ'' (concave) are largest near the phase points of σ's oscillating
    factors past the grid: the far windows and octaves of the property checks. A bump
    sech²(10^5 sin(t/100)) of width 10^-3 at every 100kπ falls by ~3/t on its far side, between any
    two tail samples (R14b-4)."""
    arguments = oscillating_arguments(act.expr if act.is_symbolic else None)
    if not arguments:
        return []
    fns = ([lambda t: max(-act.slope(t), 0)] if increasing else []) + \
        ([lambda t, second=second_slope(act): max(second(t), 0)] if concave else [])
    out = []
    for fn in fns:
        groups = [peaks_near(fn, phase_points(arguments, 1, start)) for start in PHASE_WINDOWS]
        groups += [octave_peaks(fn, arguments, 1, k) for k in far_octaves(tail_top(act))]
        out += [t for group in groups for t, v in group if v > 0]
    return out


def _tail_points(act: Activation) -> list[mpmath.mpf]:
    """2^k and 2^k·√2 for 2^k > 1000 up to the tail of the property checks (2^100, farther for a
    formula with an extreme constant): sin(atan t + 10^-4) - sin(10^-4) turns down (σ' < 0, σ'' > 0)
    only past cot(10^-4) ≈ 10^4, beyond the grid's 1000."""
    return [mpmath.ldexp(r, k) for k in range(10, tail_top(act) + 1) for r in (mpmath.mpf(1), mpmath.sqrt(2))]


def _below_chord(ts: list[mpmath.mpf], values: list, points: set, tiny: mpmath.mpf) -> tuple | None:
    """(t0, t1, t2), three consecutive samples with a singular point among them where the chord slope
    rises from [t0, t1] to [t1, t2] by more than the rounding: not concave. Only the values count
    here, not sigma' (none at the point itself): tanh t - 6 + 6 sign(t - 1)² is 6 below its
    neighbours at 1 only, a dip that no slope-based test there sees."""
    for i, t in enumerate(ts):
        if t not in points:
            continue
        for a in range(max(i - 2, 0), min(i, len(ts) - 3) + 1):
            (t0, t1, t2), (v0, v1, v2) = ts[a:a + 3], values[a:a + 3]
            if None in (v0, v1, v2):
                continue
            left, right = (v1 - v0) / (t1 - t0), (v2 - v1) / (t2 - t1)
            slack = tiny * ((1 + abs(v0) + abs(v1)) / (t1 - t0) + (1 + abs(v1) + abs(v2)) / (t2 - t1))
            if right > left + slack:
                return t0, t1, t2
    return None


def _negative_slope(act: Activation, name: str, t: mpmath.mpf, slope: mpmath.mpf, prec: str) -> Check:
    """sigma'(t) < 0 (numeric) refutes "increasing"; symbolic when the kernel decides the sign of sigma'
    at the sample point as an exact rational, for a formula without kinks or pieces (there the formula's
    derivative is sigma' wherever it is finite)."""
    witness = {"t": num(t), "sigma'(t)": num(slope)}
    if act.is_symbolic and not act.expr.has(sp.Piecewise, *_KINKS):
        run = kernel.Deadline(1.0).run
        # A short rational near t first (the sample itself is a long binary fraction).
        # Each as exact decimal text, except the sample itself (far out, 2^k·√2 has thousands of digits).
        near = [str(int(mpmath.nint(t))), mpmath.nstr(t, 3), mpmath.nstr(t, 8)]
        tried = [(sp.Rational(x), x) for x in near] + [(rational(t), f"{mpmath.nstr(t, 12)} (a binary fraction)")]
        for q, at in dict(tried).items():
            exact = kernel.sign(act.derivative_expr.subs(Z, q), run) if q > 0 else None
            if exact is not None and exact.value < 0:
                return Check(name, "fails", "symbolic", f"sigma'({at}) < 0 (exact sign, kernel)",
                             witness={"t": at}, certificate=kernel.conclude(
                                 "not " + name, [exact], f"sigma' < 0 at t = {at} > 0, where the formula is differentiable"))
    return Check(name, "fails", "numeric", f"sigma'({num(t)}) = {num(slope)} < 0", witness=witness, precision=prec)


def _precision(act: Activation) -> str:
    return "float64 (a callable)" if act.precision == "float64" else f"mpmath, {mpmath.mp.dps} digits"


def _numeric_shape(act: Activation, name: str, increasing: bool, concave: bool, stride: int = 1) -> Check:
    """Evidence for σ' > 0 and/or σ concave on (0, 2^100]: the grid of (0, 1000] (every ``stride``-th
    point), probe and singular points, and the tail 2^k, 2^k·√2 beyond (:func:`_tail_points`)."""
    with mpmath.workdps(max(mpmath.mp.dps, DEFAULT_DPS)):
        return _numeric_shape_at(act, name, increasing, concave, stride)


def _numeric_shape_at(act: Activation, name: str, increasing: bool, concave: bool, stride: int) -> Check:
    # The grid, the probe points (the origin, feature points of inner arguments) and p ± 10^-j
    # around cusps and kinks (zeros of radicands, of abs/sign arguments): their bend may be as
    # narrow as its amplitude is small.
    # The singular points themselves too, with σ from the exact root: σ may take a value of its own
    # there (1 - sign(e^t - 3)² is 1 at log 3 only, R11a-5), which the secants to p ± 10^-j show.
    # A claim on [0, oo) reads the tail as well, out to 2^100 like the property checks.
    expr = act.expr if act.is_symbolic else None
    tail = _tail_points(act)
    exact = point_values(expr, 0, tail[-1])
    kinks = set(exact) | set(singular_points(expr, 0, tail[-1]))
    ts = sorted(set(_grid(0, 1000)[1::stride] + singular_approach(expr, 0, tail[-1]) + tail)
                | set(_probe_points(act) + _phase_probes(act, increasing, concave) if stride == 1 else []) | set(exact))
    # The guarded evaluation gives σ, σ' to about dps digits; differences 10^8 times the rounding
    # are real (half the digits, as before, hid the t²/(1+t²)/10^10 bump: σ' rises by 1e-20 there).
    tiny = mpmath.mpf(10) ** (8 - mpmath.mp.dps) if act.precision != "float64" else mpmath.mpf(1e-9)
    prec = _precision(act)
    undecided = None
    slopes: list[tuple[mpmath.mpf, mpmath.mpf | None]] = []
    for t in ts:
        slopes.append((t, d := None if t in kinks else safe(act.slope, t)))
        if d is None and t in kinks:
            continue
        if d is None:
            undecided = undecided or Check(name, "inconclusive", "numeric", f"sigma' is not determined at t = {num(t)} "
                                           "(not finite, or no precision confirms it)", precision=prec)
            if t > 1000:  # farther out, the same (tanh t + t/10^43430 at 2^12): each point costs seconds
                break
            continue
        if increasing and d <= 0:
            # sigma' = 1 - tanh^2 rounds to 0 far out though it is positive: look again with many
            # more digits, and refute only a slope that is negative beyond any doubt.
            # e^{-2t}-sized slopes (sech^2 t) need about t digits (a formula's, in arb; a callable's
            # difference quotients past the grid get 3 dps + 60 only: 3000 of them take seconds).
            far = t > 1000 and not act.is_symbolic
            digits = min(3 * mpmath.mp.dps + (0 if far else int(abs(t))) + 60, 3000)
            with mpmath.workdps(digits):
                fine = safe(act.slope, t)
            if fine is not None and fine > 0:
                continue
            if fine == 0 and far:
                # Past the grid, a callable's sigma' below every precision tried: sigma is flat to
                # those digits (an mpmath tanh at 2^11), the tail has settled and ends here. A
                # formula's exact 0 there (arb) is a flat piece: undecided, as on the grid.
                slopes.pop()
                break
            if fine is None or fine == 0:  # a negative value survives the guarded re-evaluation
                # Undecided here, yet a later point may refute: z/(1+z^2) has sigma'(1) = 0 exactly
                # and sigma'(2) = -3/25.
                undecided = undecided or Check(name, "inconclusive", "numeric",
                                               f"sigma'({num(t)}) is 0 to {digits} digits: positivity undecided",
                                               witness={"t": num(t)}, precision=prec)
                if t > 1000:
                    break
                continue
            return _negative_slope(act, name, t, fine, prec)
    ts = ts[:len(slopes)]
    values = [exact[t] if t in exact else safe(act.value, t) for t in ts]
    # sigma' at sample points misses a jump of sigma between them (Heaviside(t - 1/3) has sigma' = 0
    # almost everywhere): the values must rise (increasing), and each secant slope must lie below
    # the slope at its left end (concave: the tangent at t0 lies above the graph).
    for (t0, d0), (t1, _), v0, v1 in zip(slopes, slopes[1:], values, values[1:]):
        if v0 is None or v1 is None:
            continue
        secant, slack = (v1 - v0) / (t1 - t0), tiny * (1 + abs(v0) + abs(v1)) / (t1 - t0)
        if increasing and secant < -slack:
            return Check(name, "fails", "numeric", f"sigma falls from {num(v0)} at t = {num(t0)} to {num(v1)} at t = {num(t1)}",
                         witness={"t0": num(t0), "t1": num(t1)}, precision=prec)
        if concave and d0 is not None and secant > d0 + slack + tiny * (1 + abs(d0)):
            return Check(name, "fails", "numeric",
                         f"the secant slope {num(secant)} on [{num(t0)}, {num(t1)}] exceeds sigma'({num(t0)}) = {num(d0)}: not concave",
                         witness={"t0": num(t0), "t1": num(t1)}, precision=prec)
    if concave:
        known = [(t, d) for t, d in slopes if d is not None]
        for (t0, d0), (t1, d1) in zip(known, known[1:]):
            if d1 > d0 + tiny * (1 + abs(d0)):
                return Check(name, "fails", "numeric",
                             f"sigma' grows from {num(d0)} at t = {num(t0)} to {num(d1)} at t = {num(t1)}: not concave",
                             witness={"t0": num(t0), "t1": num(t1), "sigma'(t0)": num(d0), "sigma'(t1)": num(d1)},
                             precision=prec)
        # The tangent at t1 above the graph too: only it sees a downward jump at a breakpoint, whose
        # slopes on both sides agree (tanh t - 10^-20 Heaviside(t - sqrt 2/3)).
        for (t0, _), (t1, d1), v0, v1 in zip(slopes, slopes[1:], values, values[1:]):
            if None not in (d1, v0, v1) and (v1 - v0) / (t1 - t0) < d1 - tiny * ((1 + abs(v0) + abs(v1)) / (t1 - t0) + 1 + abs(d1)):
                return Check(name, "fails", "numeric", f"the secant slope on [{num(t0)}, {num(t1)}] is below sigma'({num(t1)}) "
                             f"= {num(d1)}: sigma lies above its tangent at t1, not concave",
                             witness={"t0": num(t0), "t1": num(t1)}, precision=prec)
        dip = _below_chord(ts, values, kinks, tiny)
        if dip is not None:
            t0, t1, t2 = dip
            return Check(name, "fails", "numeric", f"sigma({num(t1)}) = {num(values[ts.index(t1)])} lies below the chord "
                         f"between t = {num(t1)} - {num(t1 - t0, 3)} and t = {num(t1)} + {num(t2 - t1, 3)}: not concave",
                         witness={"t": num(t1), "t - t0": num(t1 - t0, 3), "t1 - t": num(t2 - t1, 3)}, precision=prec)
    # Not at the singular points themselves: there the formula's sigma'' is sympy's convention at a
    # kink (sign(0) = 0 averages the one-sided values -2 + 0.2 and 2 + 0.2 of z/(1+|z|) + z^2 e^(-z^2)/10
    # to 0.2 at 0). The one-sided values are those at p + 10^-j (and p - 10^-j inside the interval).
    convex = convex_point(act, [t for t in ts if t not in kinks]) if concave else None
    if convex is not None:  # sigma'' > 0, confirmed relative to itself: a bend below sigma''s 30 digits
        return Check(name, "fails", "numeric", f"sigma''({num(convex[0])}) = {num(convex[1])} > 0: not concave",
                     witness={"t": num(convex[0]), "sigma''(t)": num(convex[1])}, precision=prec)
    if undecided is not None:
        return undecided
    what = " and ".join(w for w, on in (("positive", increasing), ("nonincreasing", concave)) if on)
    return Check(name, "holds", "numeric", f"sigma' {what} at {len(ts)} sample points of (0, {num(ts[-1])}] and at the "
                 f"features of sigma's inner arguments (evidence, not proof)",
                 precision=prec)


def unseen_breaks(act: Activation, evidence: Check, concave: bool) -> Check:
    """``evidence`` of a shape, no longer "holds" where σ is shown discontinuous on (0, ∞) (or, for concavity, σ' too):
    the samples of σ' and the secants between grid points do not see a jump of atan(1/(z − 2)) at 2 or a kink of
    acos(cos z)/10^30 at π (R66a-7), which the smoothness checks prove."""
    from vgtheory.properties import smoothness  # the smoothness checks import the theorems' helpers

    if evidence.verdict != "holds" or not act.is_symbolic:
        return evidence
    if (c := unresolved(act.expr)) is not None:
        return replace(evidence, verdict="inconclusive", detail=f"{evidence.detail}; but sigma has the constant "
                       f"{str(c)[:80]}, past 10^+-5000: a window of that size is not resolved by the points checked")
    # continuous on R by its structure (compositions of atan, tanh, sin, sums, products: atan(z + atan z), R68a-9)
    if kernel.continuous_everywhere(act.expr, Z) and (not concave or kernel.continuous_everywhere(sp.diff(act.expr, Z), Z)):
        return evidence
    # check_c1 proves sigma' and then sigma continuous (one call, twice the time: 2 s each was flaky under load)
    what, check, seconds = ("C^1", smoothness.check_c1, 4.0) if concave else ("continuous", smoothness.check_continuous, 2.0)
    found = check(act, sp.Interval.open(0, sp.oo), timeout=seconds)
    if found.verdict == "fails":
        return replace(evidence, verdict="inconclusive", detail=(
            f"{evidence.detail}; but sigma is not {what} on (0, oo) ({found.detail}): the samples see no jump there"))
    # undecided by sympy itself (not by the clock): a break where z + sin z = 100 stays possible, and the samples do
    # not see a drop of 10^-30 there (R67a-1)
    if found.verdict == "inconclusive" and TIMEOUT_NOTE not in found.detail:
        return replace(evidence, verdict="inconclusive", detail=(
            f"{evidence.detail}; but whether sigma is {what} on (0, oo) is not decided ({found.detail}), and the samples "
            "do not see a jump"))
    return evidence
