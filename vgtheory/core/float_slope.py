"""Derivatives of float64 callables from difference quotients, with their error bounds.

A float64 σ resolves its value to about 2^-52 relative: its σ' comes from difference quotients at
steps that are not powers of two, compared with one another, one-sided at kinks, and checked at finer
steps where they disagree; each estimate comes with the error the rounding and the steps leave.
"""

from __future__ import annotations

import math
import sys
from typing import Callable

import mpmath
import numpy as np

__all__ = ["float_report", "float_sides", "one_sided", "finer_slope", "SLOPE_STEP"]

_EPS = 2.0**-52
#: Steps (times max(1, |z|)) of the difference quotients of :func:`float_report`: not powers of two
#: (nor their ratios), so that the points are not on a float32 grid and no two steps see the same
#: rounding pattern (a float32 tanh gave 9/128 exactly at two dyadic steps, a false agreement). The factor 1.1^(i mod 3)
#: runs over the index: over k (all multiples of 3) it was 1, the steps exactly 8 apart, and 1 and 8 quanta of a
#: staircase agreed (round(sigmoid t, 5), R50b-1).
_STEPS = tuple(2.0 ** -k * 1.3183098861837907 * 1.1 ** (i % 3) for i, k in enumerate((12, 15, 18, 21, 24, 27)))
#: Smaller steps, where the differences at :data:`_STEPS` disagree between left and right.
_FINE_STEPS = tuple(2.0 ** -k * 1.3183098861837907 * 1.1 ** (i % 3) for i, k in enumerate((30, 33, 36, 39, 42)))


#: Where :func:`_rms4` samples g, in steps h from f: irregular, so that the rounding of values on a staircase coarser
#: than their ulp (quantum Q, the values moving s quanta a step) is no arithmetic progression modulo Q, which a fit (or
#: equally spaced fourth differences) passes through without a residual: (tanh(t) + 1e6) - 1e6 read as no noise, and
#: gradient claimed 8 digits with 5 right (red team R48b-1).
_OFFSETS = tuple(i + 0.5 * ((i * 0.6180339887498949) % 1) for i in range(11))


def _rms4(g: Callable[[float], float], f: float, h: float, scale: float, own_rounding: bool = False) -> float | None:
    """Relative rms of g's values about a fitted quartic, at 11 points (:data:`_OFFSETS`) on either side of f (the
    smaller side, so that a kink on one side is not taken for noise): a smooth g leaves ~ h^5 times its fifth
    derivative, rounding noise of size e about e; with ``own_rounding``, noise within 16 ulps of the values themselves
    counts as none. A side whose 11 values are all equal is a plateau (0) beside values that change at neighbouring
    points, but a tread of a staircase beside lone steps, each between two equal neighbours: then half the smallest
    step (a float32 tanh at 5.15 read as noise-free, 6 digits claimed with 1 right, R49b-1). None where both are flat,
    or one is and the other moved only at its far end (round(sigmoid t, 5) at 0.4186, R50b-1)."""
    sides, lone, flat, far = [], [], 0, False
    for side in (-1.0, 1.0):
        xs = [f + side * t * h for t in _OFFSETS]
        ys = np.array([g(x) for x in xs], dtype=float)
        if not np.all(np.isfinite(ys)):
            sides.append(math.nan)
            continue
        moved = np.diff(ys) != 0
        if not moved.any():
            flat += 1
            continue
        if (step := _lone_step(ys)) is not None:
            lone.append(step)
        far |= not moved[:-1].any()  # one step at the far end: a staircase's or a kink's start, told apart wider out
        t = np.array([(x - f) / h for x in xs]) / _OFFSETS[-1]  # the offsets taken, in [-1, 1]
        rows = np.vander(t, 5)
        with np.errstate(all="ignore"):
            fit = np.linalg.lstsq(rows, ys - ys[0], rcond=None)[0]
            rms = math.sqrt(float(np.sum((ys - ys[0] - rows @ fit) ** 2)) / (len(ys) - 5))
        if own_rounding and rms <= 16 * _EPS * float(np.max(np.abs(ys))):
            rms = 0.0
        sides.append(rms / scale if scale else (math.inf if rms else 0.0))
    if flat == 2 or flat and far and not lone:
        return None
    if flat:
        return (min(lone) / 2 / scale if scale else math.inf) if lone else 0.0
    return min(sides)


def _noise(g: Callable[[float], float], f: float) -> float:
    """The relative noise of g's values next to f (0 at f = 0: nothing to be relative to), from their residuals about
    a quartic at 11 points h apart on either side (:func:`_rms4`; the smaller of the two, so that a kink on one side is
    not taken for noise): a smooth function's are ~ h^5 times its fifth derivative, while rounding noise of size e
    gives ~ e. It sees what 2^-52 did not: cancellation inside the callable (tanh by exponentials at 1e-10, R10b-5),
    float32 arithmetic in it (R10b-6), values on a staircase coarser than their ulp (R48b-1).

    h is 2^-18 |f|, and where |f| is small also 16, 256, ... times that (from 2^-104 on), up to 2^-40: an error of g
    that is absolute (exp(z) = 1 + z resolves z to 2^-53), not relative to f, is a staircase whose
    steps are wider than 2^-18 |f| below |f| ~ 1e-12, so that all 9 values there were equal and read
    as no noise (R11b-4). Where all values on both sides are equal, the staircase's step is looked for at wider spacings
    (:func:`_tread`). Past |f|/16 the values grow beyond g(f): there only noise above their
    own rounding (16 ulps) counts, and it counts in full against g(f) (0 there while g is not 0 nearby: no digit of it
    is known)."""
    if not math.isfinite(f):  # a point past float64's range (1e309 is inf): nothing to fit, no digit known (R66b-7)
        return math.inf
    scale = abs(g(f))
    if not f:
        return 0.0
    h, worst = _STEPS[2] * abs(f), 0.0
    while True:
        level = _rms4(g, f, h, scale, 16 * h > abs(f))
        if level is None:
            level = _tread(g, f, h, scale)
        worst = max(worst, level)
        # A staircase of absolute error e shows at h from a few e/|g'| up to e/(2^7 2^-52 |g'|), but
        # not at every such h (one exactly 38 quanta of exp(z) wide rounds linearly): 16-fold steps.
        h = max(16 * h, _STEPS[2] * 2.0**-86)
        if h > 2.0**-40:
            return worst


def _tread(g: Callable[[float], float], f: float, h: float, scale: float) -> float:
    """Half the step of a staircase whose treads are wider than the 11 points h apart on each side of f (all equal),
    relative to ``scale``: the points spread 4-fold at a time (up to 2^-8 max(1, |f|)) until values change, and where
    each change is a lone step between two neighbours, with equal values beside it, that step is the quantum (a float32
    tanh at 5.15, R49b-1); 0 where the values stay equal (g flat there: a clamp's plateau) or change at neighbouring
    points (a kink or bend, not a staircase)."""
    # a step that underflowed (h = _STEPS[2]·|f| at a subnormal f is 0) would never grow: the ladder then starts at
    # the smallest subnormal (gradient of math.tanh at w·x = 1e-320 never returned, R63b-5)
    h = max(h, 5e-324)
    while h < 2.0**-8 * max(1.0, abs(f)):
        h *= 4
        steps = []
        for side in (-1.0, 1.0):
            ys = np.array([g(f + side * k * h) for k in range(11)], dtype=float)
            d = np.abs(np.diff(ys))
            if np.all(np.isfinite(d)) and (step := _lone_step(ys)) is not None:
                steps.append(step)
            elif (d[1:-1] > 0).any() or not np.all(np.isfinite(d)):
                return 0.0  # changes at neighbouring points: a kink or bend within reach, no staircase
        if steps:
            return min(steps) / 2 / scale if scale else math.inf
    return 0.0


def _lone_step(ys: np.ndarray) -> float | None:
    """The smallest step of values ``ys`` (from f outwards) that changed only in lone steps, with unchanged pairs
    beyond; None where they did not (or not at all). A step at the far end may be where a kink's slope begins (a
    clamp's plateau 0.012 from its kink), one next to f, followed by equal values, is a step (round(tanh t, 5) at
    0.1517: read as a kink, 9 digits claimed with 1 right, R50b-1)."""
    d = np.abs(np.diff(ys))
    moved = d != 0
    if not moved.any() or moved[-1] or (moved[1:] & moved[:-1]).any():
        return None
    return float(d[moved].min())


def _best(seq: list[float], steps: list[float], level: float, finer: bool = False) -> tuple[float, float]:
    """The value of the pair of neighbouring steps that agree best, and its error: the gap, twice,
    and the noise ``level`` (absolute) over the smaller step. With ``finer`` (steps down to near
    float64's resolution), also how far each smaller step is off beyond its own noise: two coarse
    steps agree on the average of an oscillation that the smaller ones resolve (R12b-2)."""
    def err(i: int) -> float:
        off = [abs(seq[k] - seq[i + 1]) - 2 * level / steps[k] for k in range(i + 2, len(seq))] if finer else []
        return 2 * abs(seq[i] - seq[i + 1]) + level / steps[i + 1] + max([0.0] + off)

    best, j = min((err(i), i) for i in range(len(seq) - 1))
    return seq[j + 1], best


def one_sided(y0: float, ya: float, yb: float, a: float, b: float) -> float:
    """g'(f) from y0 = g(f), ya = g(f + a) and yb = g(f + b) (a ≠ b, both of one sign and the offsets actually taken),
    exact for quadratics: (b²(ya − y0) − a²(yb − y0)) / (ab(b − a)). The differences come first: weighed separately,
    the values' terms ~ y0/a cancel, and their rounding with them."""
    return (b * b * (ya - y0) - a * a * (yb - y0)) / (a * b * (b - a))


def _differences(g: Callable[[float], float], f: float, y0: float, steps: tuple[float, ...], scale: float):
    """Central, left and right difference quotients of g at f, one of each per step (times
    ``scale``), the steps actually taken, and g and the offsets at ±1 and ±2 smallest steps."""
    central, left, right, used = [], [], [], []
    for step in steps:
        # The steps actually taken (f + h rounds): differences of floats this close are exact.
        xs = {k: f + k * step * scale for k in (-2, -1, 1, 2)}
        ys = {k: g(x) for k, x in xs.items()}
        hs = {k: x - f for k, x in xs.items()}
        central.append((ys[1] - ys[-1]) / (hs[1] - hs[-1]))
        right.append(one_sided(y0, ys[1], ys[2], hs[1], hs[2]))
        left.append(one_sided(y0, ys[-1], ys[-2], hs[-1], hs[-2]))
        used.append(step * scale)
    return central, left, right, used, ys, hs


def _resolution(g: Callable[[float], float], f: float, y0: float, d: float) -> float:
    """The smallest change of g's values next to f, over 17 points half an ulp of g(f) apart at
    slope d: an ulp of g(f) for a float64 function, 2^29 of them for float32 arithmetic inside g (a staircase
    whose flat treads gave difference quotients 0 at small steps: R10b-6); inf where all 17 agree."""
    delta = max(math.ulp(y0) / abs(d) / 2 if d else _CHECK_STEPS[-1] * max(1.0, abs(f)) / 8, math.ulp(f))
    ys = [g(f + i * delta) for i in range(-8, 9)]
    gaps = [abs(b - a) for a, b in zip(ys, ys[1:]) if a != b]
    return min(gaps) if gaps else math.inf


#: Steps of :func:`_fine_check`: down to ~2^-45 |f|, where an ulp of g is still ~1e-3 of g's
#: change over the step (for g' ~ g).
_CHECK_STEPS = _FINE_STEPS + (2.0 ** -45 * 1.3183098861837907,)


def _fine_check(g: Callable[[float], float], f: float, y0: float, d: float, d_err: float,
                scale: float) -> tuple[float, float]:
    """(d, d_err) when central differences at steps down to near float64's resolution agree with
    them within their rounding; else the best-agreeing three of those steps and their spread.

    The steps of :data:`_STEPS` average away what varies faster than 2^-27 |f|: tanh(z) +
    1e-12 sin(1e10 z), whose float64 values resolve its slope sech^2 + 0.01 cos(1e10 z), was given
    sech^2 with 6 digits claimed (R12b-1). The rounding level here is g's own at the smallest step
    (fourth differences), not :func:`_noise`'s, which reads such an oscillation as noise."""
    central, _, _, used, _, _ = _differences(g, f, y0, _CHECK_STEPS, scale)
    noise = max(_rms4(g, f, used[-1], 1.0) or 0.0, _resolution(g, f, y0, d), _EPS * (abs(y0) + 9 * abs(d) * used[-1]))
    level = 2 * noise  # a difference of two values off by noise/2 each, over 2h: 4 times that
    if all(abs(c - d) <= 2 * d_err + level / h + 4 * _EPS * abs(d) for c, h in zip(central, used)):
        return d, d_err
    err, i = min((2 * (max(central[i:i + 3]) - min(central[i:i + 3])) + level / used[i + 2], i)
                 for i in range(len(central) - 2))
    return central[i + 2], err if err == err else math.inf  # NaN: undefined at a small step


def float_report(g: Callable[[float], float], t: mpmath.mpf) -> tuple[mpmath.mpf, float, float]:
    """σ'(t) of a float64 callable g, its relative error and the relative error of σ(t) (at least 2^-52).

    One central difference with a fixed step straddled a kink 10^-6 away (R10b-7). Here central and
    one-sided differences at six steps each are taken, each kind's best agreeing pair kept. Where
    left and right slopes differ, a kink lies within the steps: five steps down to 2^-42 |f| look
    again (a kink 2^-27 from a float input t was straddled by them all, and their average claimed
    digits, R11b-3); where those still differ, the side of the kink that t lies on decides (t =
    0.99999999999999999 reads as float 1.0, the kink of hardtanh, where autograd says 0: R10b-8), or
    nothing. A torch module's autograd slope is not used: it differentiates torch's backward formula, not the values
    the forward computes (CELU(0.7)'s backward, with a float32 1/alpha, is 1e-7 off them and Hardsigmoid's, a float32
    1/6, 3e-8: red team R47b-2/4), and it cancels where they do not (1 - y^2 at a saturated tanh, R45b-2, R46b-1,
    R47b-1); the differences of the values confirm no more than their own digits of it."""
    f, scale = float(t), max(1.0, abs(float(t)))
    noise = max(_EPS, 4 * _noise(g, f))
    y0 = g(f)
    level = 4 * noise * max(abs(y0), 1e-300)
    for steps in (_STEPS, _FINE_STEPS):
        central, left, right, used, ys, hs = _differences(g, f, y0, steps, scale)
        (c, c_err), (lo, l_err), (hi, r_err) = (_best(seq, used, level) for seq in (central, left, right))
        if abs(lo - hi) <= 2 * (l_err + r_err):
            break
    if abs(lo - hi) <= 2 * (l_err + r_err):
        d, d_err = c, c_err
        if steps is _STEPS:
            d, d_err = _fine_check(g, f, y0, d, d_err, scale)
    else:
        # A kink within the smallest step of f: where it lies, from how far g(f) is off the
        # line of each side (extended from the nearest points); t's side of it decides, or nothing.
        off_left = y0 - (ys[-1] - lo * hs[-1])
        off_right = y0 - (ys[1] - hi * hs[1])
        kink = (off_right - off_left) / (hi - lo)
        spread = (8 * level + (l_err + r_err) * used[-1]) / abs(hi - lo) + 2 * math.ulp(f)
        offset = float(t - f)
        if offset > kink + spread:
            d, d_err = hi, r_err
        elif offset < kink - spread:
            d, d_err = lo, l_err
        else:
            d, d_err = c, math.inf
    err = d_err / abs(d) if d else math.inf
    # σ at float(t), not t: its relative error grows with the condition |t σ'/σ| of σ. A subnormal value or slope
    # has fewer than 53 bits: 4.2e-322 is 85 ulps of 4.9e-324, good to 1e-2, not 1e-16 (R15b-3).
    value_err = max(noise + (abs(f * d / y0) * _EPS / 2 if y0 and math.isfinite(d) else 0.0), _subnormal(y0))
    return mpmath.mpf(d), max(err, 4 * _EPS, _subnormal(d)), value_err


def _subnormal(v: float) -> float:
    """The relative rounding of a float64 below the normal range (5e-324 / |v|), else 0."""
    v = abs(float(v))
    return 0.0 if v == 0 or v >= sys.float_info.min else 5e-324 / v


def float_sides(g: Callable[[float], float], f: float = 0.0) -> tuple[float, float, float, float]:
    """σ'(f⁻), its absolute error, σ'(f⁺) and its error, for a float64 callable g at a float f.

    Central differences average the slopes of a kink at f: tanh(z) for z >= 0 and tanh(z)/2 below
    gave D(0) = 0.75^2 where it is (1 + 1/4)/2 (R12b-3). Here one-sided differences at steps from
    2^-12 to 2^-45 (times max(1, |f|)), each side's best-agreeing pair of steps kept."""
    scale, y0 = max(1.0, abs(f)), g(f)
    noise = max(_EPS, 4 * _noise(g, f))
    out = []
    for side in (-1.0, 1.0):
        seq, level, used = [], 0.0, []
        for step in _STEPS + _CHECK_STEPS:
            a, b = f + side * step * scale, f + 2 * side * step * scale
            ya, yb = g(a), g(b)
            seq.append(one_sided(y0, ya, yb, a - f, b - f))
            used.append(step * scale)
            level = max(level, 4 * noise * max(abs(y0), abs(ya), abs(yb)))
        out.extend(_best(seq, used, level, finer=True))
    return out[0], out[1], out[2], out[3]


#: The step (times max(1, |z|)) of the central difference that gives a float64 callable's σ' to
#: the signal section's quadratures (:meth:`vgtheory.core.activations.Activation.slope`).
SLOPE_STEP = 2.0**-17


def finer_slope(g: Callable[[float], float], f: float) -> tuple[bool, float]:
    """Whether g'(f) from steps down to near float64's resolution differs, beyond rounding, from the
    central difference at :data:`SLOPE_STEP` (g varies on a finer scale there: 1e-12 sin(1e10 z)
    shifts σ'^2 by 1e-4 on average, which that difference never sees: R12b-2), and the error of
    that difference's square there: its truncation, h^2/6 times the third derivative, is 4/3 of its
    change from h to h/2 (rounding included) and is not in the quadratures' own estimate (chi1 of
    math.tanh came out 4e-11 off with 2.6e-11 stated)."""
    scale, y0 = max(1.0, abs(f)), g(f)
    c1, c2 = ((g(f + h * scale) - g(f - h * scale)) / (2 * h * scale) for h in (SLOPE_STEP, SLOPE_STEP / 2))
    err = 2 * abs(c1 - c2) + 8 * _EPS * max(abs(y0), 1e-300) / (SLOPE_STEP * scale)
    bias = 4 * abs(c1 - c2) / 3
    return _fine_check(g, f, y0, c1, err, scale) != (c1, err), 2 * abs(c1) * bias + bias**2
