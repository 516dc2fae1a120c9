"""Poles between sample points: zoom into suspicious intervals until a value grows without bound.

A pole between two grid points leaves every sample moderate, so numeric boundedness (and the
tail of tσ'(t)) must search between the samples: around every local extremum, sign change and
jump of the sampled values, the interval is narrowed repeatedly, and a pole is reported when the
objective keeps growing down to the resolution floor.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath

from vgtheory.properties.sampling import Samples

#: Each zoom level splits both halves of the interval (on either side of the best point so far)
#: into this many cells; the interval kept around the new best point is 3 times narrower.
_ZOOM_CELLS = 3
#: Levels per growth check (the interval shrinks 3^3 = 27-fold between checks).
_ZOOM_WINDOW = 3
#: Near a pole of order p the second-largest |sigma| on a level's grid, less the interval's end
#: values, grows at least about (27/4)^p-fold per window; asking for 2-fold accepts p >~ 0.4.
_ZOOM_GROWTH = 2
#: How many candidate intervals of each kind are refined (the most suspicious first).
_MAX_EXTREMA, _MAX_SIGN_CHANGES, _MAX_JUMPS = 20, 20, 10
#: Evaluation budgets: per candidate interval and for the whole refinement.
_CANDIDATE_EVALS, _REFINE_EVALS = 400, 2000
#: Down at the resolution floor, a pole must have lifted the objective above the interval's ends
#: by this factor times (|sigma| at the ends + the typical |sigma|), or by this factor times its
#: first lift (where the working precision caps the height, as float64 does far out).
_POLE_FACTOR = 10**6
#: Extra digits at which a pole the zoom found must be found again.
_CONFIRM_DIGITS = 30


@dataclass(frozen=True)
class Zoom:
    """The outcome of refining one interval: the best objective value found, where, and whether
    it grew like a pole all the way down to the resolution floor."""

    pole: bool
    where: mpmath.mpf
    peak: mpmath.mpf
    width: mpmath.mpf


def _floor_rel(precision: str, dps: int) -> mpmath.mpf:
    """How small (relative to |z|) a zoom interval gets: 1e-20 at 30 digits, a few hundred ulps
    of float64 for a float callable (below that its argument is rounded away)."""
    if precision == "mpmath":
        return mpmath.mpf(10) ** -max(8, (2 * dps) // 3)
    return mpmath.mpf(2) ** -44


#: (lo, c, hi, sign): search [lo, hi] starting from c (None: the midpoint) for a larger sign*sigma
#: (sign +1 or -1) or, with sign 0, a larger |sigma|.
_Candidate = tuple[mpmath.mpf, mpmath.mpf | None, mpmath.mpf, int]


def _zoom_candidates(samples: Samples, points: list[mpmath.mpf], noise: float) -> list[_Candidate]:
    """Intervals worth refining, most suspicious first.

    * around each local maximum (minimum) of sigma over consecutive samples, searching for a
      larger (smaller) sigma: a pole shows up as such an extremum at the sample next to it, even
      when it only dents a larger background (tanh(z) + 1/(z-a)^2 with a < 0);
    * between samples where sigma changes sign (the classic odd pole), for a larger |sigma|;
    * between samples whose difference is a local maximum (a pole on a steep background).

    Extrema and differences within rounding (``noise`` times |sigma|) are ignored: float64
    callables wobble by an ulp where they level off.
    """
    # Floats for the bookkeeping (mpf comparisons are slow): the points are dyadic, exact in
    # float, and the differences of consecutive values are taken in mpf first, so that a pole's
    # dent of 1e-22 in a background of size 1 still shows.
    ordered = sorted((float(t), t, v) for t, v in ((t, samples(t)) for t in points) if v is not None)
    ts = [t for _, t, _ in ordered]
    vals = [float(v) for _, _, v in ordered]
    steps = [float(ordered[i + 1][2] - ordered[i][2]) for i in range(len(ordered) - 1)]
    extrema, signs, jumps = [], [], []
    for i in range(1, len(ts) - 1):
        before, after = steps[i - 1], steps[i]  # sigma_i - sigma_{i-1} and sigma_{i+1} - sigma_i
        if min(abs(before), abs(after)) <= noise * abs(vals[i]):
            continue
        for sign in (1, -1):
            if sign * before >= 0 and sign * after <= 0 and (before != 0 or after != 0):
                # Symmetric about the extremum and a little wider than needed to hold anything
                # nearer to it than to its neighbours (the gaps differ at |z| = 20 and along the
                # 2^k tail); not wider, or the background's own extremes would draw the search.
                t = ts[i]
                gap_lo, gap_hi = t - ts[i - 1], ts[i + 1] - t
                half = max(min(gap_lo, gap_hi), max(gap_lo, gap_hi) / 2) * 5 / 4
                extrema.append((min(abs(before), abs(after)), (t - half, t, t + half, sign)))
    diffs = [abs(d) for d in steps]
    for i, d in enumerate(diffs):
        v0, v1 = vals[i], vals[i + 1]
        if (v0 < 0 < v1) or (v1 < 0 < v0):
            signs.append((min(abs(v0), abs(v1)), (ts[i], None, ts[i + 1], 0)))
        left = diffs[i - 1] if i > 0 else 0.0
        right = diffs[i + 1] if i + 1 < len(diffs) else 0.0
        if d > left and d > right and d > noise * max(abs(v0), abs(v1)):
            jumps.append((d, (ts[i], None, ts[i + 1], 0)))
    chosen = []
    for group, cap in ((extrema, _MAX_EXTREMA), (signs, _MAX_SIGN_CHANGES), (jumps, _MAX_JUMPS)):
        chosen += sorted(group, key=lambda c: c[0], reverse=True)[:cap]
    seen: set[tuple[float, float, int]] = set()
    out = []
    for _, cand in sorted(chosen, key=lambda c: c[0], reverse=True):
        key = (float(cand[0]), float(cand[2]), cand[3])
        if key not in seen:
            seen.add(key)
            out.append(cand)
    return out


def _zoom(
    samples: Samples, cand: _Candidate, floor_rel: mpmath.mpf, scale: mpmath.mpf, budget: int,
) -> Zoom:
    """Search an interval for a larger objective (sign*sigma, or |sigma|) by repeated zooming.

    Each level splits [lo, c] and [c, hi] (c: the best point so far, at first the extremal
    sample or the midpoint) into ``_ZOOM_CELLS`` cells each and keeps the two cells beside the
    best grid point. The search stops as soon as the objective stops growing (a finite peak, a
    jump, a zero crossing) and otherwise runs down to an interval of relative width
    ``floor_rel``. The growth test uses the *second*-largest objective of each level: next to a
    simple pole the second-nearest grid point lies between h/2 and 2h from it (h the grid step),
    so that value grows like 1/h whatever luck puts one grid point very close to the pole. It is
    taken relative to the objective at the interval's ends, so a pole on a large smooth
    background counts. A jump keeps sigma bounded while zooming and stops the search like a
    finite peak does.
    """
    lo, c, hi, sign = cand

    def objective(t: mpmath.mpf) -> mpmath.mpf | None:
        v = samples(t)
        return None if v is None else (abs(v) if sign == 0 else sign * v)

    start = samples.evals
    ends = [g for g in (objective(lo), objective(hi)) if g is not None]
    base = max(ends, default=mpmath.mpf(0))
    best, where = base, lo
    # Between two samples (no start point given) the ends were already seen: if no point inside
    # beats them there is nothing to find. Around an extremal sample the ends are new points.
    must_beat_ends = c is None
    seconds: list[mpmath.mpf] = []
    n = _ZOOM_CELLS
    while True:
        if c is None:
            c = (lo + hi) / 2
        grid = [lo + (c - lo) * i / n for i in range(n)] + [c + (hi - c) * i / n for i in range(n)] + [hi]
        values = [(g, j) for j, g in ((j, objective(t)) for j, t in enumerate(grid)) if g is not None]
        if len(values) < 2:
            return Zoom(False, where, best, hi - lo)
        values.sort(key=lambda p: p[0], reverse=True)
        (top, j), second = values[0], values[1][0]
        if top > best:
            best, where = top, grid[j]
        if must_beat_ends and not seconds and top <= base:
            return Zoom(False, where, best, hi - lo)  # nothing inside beats the ends
        seconds.append(second)
        level = len(seconds) - 1
        if level and level % _ZOOM_WINDOW == 0:
            now, then = second - base, seconds[level - _ZOOM_WINDOW] - base
            if not (now > 0 and now >= _ZOOM_GROWTH * max(then, 0)):
                return Zoom(False, where, best, hi - lo)  # stopped growing: a finite peak
        if 0 < j < 2 * n:
            lo, c, hi = grid[j - 1], grid[j], grid[j + 1]
        else:  # the best value is at an end: keep the cell beside it
            lo, c, hi = (grid[0], None, grid[1]) if j == 0 else (grid[-2], None, grid[-1])
        if hi - lo <= floor_rel * max(1, abs(lo + hi) / 2):
            first_lift = next((g - base for g in seconds if g > base), None)
            lift = seconds[-1] - base
            pole = best - base > _POLE_FACTOR * (abs(base) + scale) or (
                first_lift is not None and lift > _POLE_FACTOR * first_lift
            )
            return Zoom(pole, where, best, hi - lo)
        if samples.evals - start > budget:
            return Zoom(False, where, best, hi - lo)


def refine_sup(
    precision: str, samples: Samples, typical: mpmath.mpf, dps: int, budget: int = _REFINE_EVALS,
) -> Zoom | None:
    """Search between the samples for a pole; the zoom that found one, else None.

    ``precision`` is the sampled function's ('mpmath' or 'float64'). Every point evaluated on
    the way is recorded in ``samples``, so its largest |value| is the refined supremum."""
    floor_rel = _floor_rel(precision, dps)
    scale = typical + mpmath.mpf(10) ** -dps  # never 0: a pole must lift |sigma| by a real amount
    start = samples.evals
    noise = 2.0**-48 if precision == "float64" else 2.0 ** (8 - mpmath.mp.prec)
    for cand in _zoom_candidates(samples, list(samples.cache), noise):
        left = budget - (samples.evals - start)
        if left <= 0:
            break
        zoom = _zoom(samples, cand, floor_rel, scale, min(_CANDIDATE_EVALS, left))
        if zoom.pole and (precision != "mpmath" or _confirmed(samples, cand, dps, scale)):
            return zoom
    return None


def _confirmed(samples: Samples, cand: _Candidate, dps: int, scale: mpmath.mpf) -> bool:
    """Whether the zoom still finds a pole at ``_CONFIRM_DIGITS`` more digits, down to a floor
    that much finer: a spike narrower than the first floor (1/(1 + 10^60 (z - a)^2) at 30 digits)
    is resolved there and stops growing, a pole does not (red team R10a-6)."""
    deeper = dps + _CONFIRM_DIGITS
    with mpmath.workdps(deeper):
        fresh = Samples(samples.fn)
        return _zoom(fresh, cand, _floor_rel("mpmath", deeper), scale, 3 * _CANDIDATE_EVALS).pole

