"""Numeric evidence: where σ and σ' are sampled, and the records that later analyses reuse.

Evidence is never proof. The points are deterministic (seeded), so two analyses that ask for
the same evidence see the same samples: the sampled sup of |tσ'(t)| behind property 2 is the
same one that the g(τ) search of Theorem 1 reads (:func:`tail_sup`).
"""

from __future__ import annotations

import bisect
import functools
import math
import random
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Sequence

import mpmath

from vgtheory.core.activations import Activation
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.parsing import Z
from vgtheory.kernel.numbers import sympy_agrees
from vgtheory.properties.features import (
    PHASE_WINDOWS, far_octaves, octave_peaks, oscillating_arguments, peaks_near, phase_points, singular_roots,
)
from vgtheory.properties.poles import refine_sup
from vgtheory.properties.sampling import Samples, golden_max, probe, safe
from vgtheory.properties.singular import inner_factors, singular_zero
from vgtheory.properties.verdicts import PropertyResult

def precision_label(sigma: Activation, dps: int) -> str:
    return f"mpmath, {working_dps(sigma, dps)} digits" if sigma.precision == "mpmath" else "float64 (callable)"


#: Constants within 10^±_ORDINARY_SCALE are resolved by the default 30 digits with room to spare.
_ORDINARY_SCALE = 10


def working_dps(sigma: Activation, dps: int) -> int:
    """The digits at which numeric evidence on ``sigma`` is gathered: ``dps``, or 30 more than the
    decimal scale D of the formula's most extreme exact constant when D > 10 (a formula's exact
    numbers lie within 10^±300, so at most 330 digits).

    A defect with amplitude 10^-60 (tanh z + z(2 + sin z)/10^60) is invisible at 30 digits: σ(2^k)
    rounds to the same value as tanh's, and "no change at working precision" would read as
    evidence of a limit. At D + 30 digits the defect carries 30 significant digits of its own. A
    callable has no constants to read: its evidence is at ``dps`` (or float64) and says so."""
    scale = constant_scale(sigma.expr) if sigma.is_symbolic else 0
    return max(dps, 30 + scale) if scale > _ORDINARY_SCALE else dps


#: The largest constant scale D that numeric evidence follows: D + 30 digits and samples to
#: 10^D 2^100. Past it (c = log(1 + e^-100000) ~ 10^-43430 in tanh z + c z) the samples cannot see
#: what c scales, so the verdicts that rest on the tail's reach are refused (:func:`reach_shortfall`).
SCALE_CAP = 400


def constant_scale(expr: Any) -> int:
    """:func:`raw_constant_scale`, capped at :data:`SCALE_CAP`: the scale the evidence follows."""
    return min(raw_constant_scale(expr), SCALE_CAP)


def reach_shortfall(sigma: Activation) -> str | None:
    """Why tail evidence on ``sigma`` cannot be trusted, when a constant's scale exceeds
    :data:`SCALE_CAP`, else None: a holds there would read a term c z, c ~ 10^-D, as absent."""
    scale = raw_constant_scale(sigma.expr) if sigma.is_symbolic else 0
    if scale <= SCALE_CAP:
        return None
    return (f"a constant of the formula is about 10^-{scale} (or 10^{scale}): seeing what it scales needs about "
            f"{scale + 30} digits and samples to 10^{scale}, over the limit of {SCALE_CAP + 30} digits "
            "(the constant is below the evidence's reach)")


@functools.lru_cache(maxsize=256)
def raw_constant_scale(expr: Any) -> int:
    """max |log10 |c||, rounded up, over the exact numbers c of a sympy expression: its rational
    and float atoms, and its largest subexpressions free of z (e^-200 is a scale of its own).
    Magnitudes only choose a precision: they decide nothing, so an estimate suffices."""
    import sympy as sp

    scale = 0
    for node in sp.preorder_traversal(expr):
        if node.has(Z) or not node.is_number or node.is_zero:
            continue
        if node.is_Rational:
            size = max(abs(int(node.p)).bit_length(), int(node.q).bit_length()) * 0.30103
        else:
            try:
                value = abs(exact_mpf(node, 15))  # not evalf: atanh(1 - 10^-40) is oo to it (R9a-9)
            except ValueError:
                continue
            if not mpmath.isfinite(value):
                continue
            if value == 0:  # arb's "below 2^-16000": exact zeros the kernel cannot prove (atan 2 + atan 3 - 3 pi/4)
                continue    # look the same; a nonzero one is caught by its parts (exp(-10^5) in log(1 + e^-10^5))
            size = abs(float(mpmath.log10(value)))
        scale = max(scale, math.ceil(size))
    return scale


def tail_top(sigma: Activation) -> int:
    """The largest octave k of the tail samples ±2^k: 100, and beyond a formula's own largest
    scale: 10^D·2^100 when its most extreme exact constant is 10^±D with D > 10.

    tanh z + z(2 + sin z)/(1 + z²/10^80) is bounded (its defect peaks near 10^40 and decays), yet
    up to 2^100 it grows like z; tanh z + z/10^60 is unbounded, yet up to 2^100 its defect stays
    below 10^-29. Samples past 10^D see what the constant 10^-D scales. A float64 callable is
    sampled to 2^100 as well: float64 spaces 2^100 by 2^48, yet its values there are exact
    enough, and tanh t + max(t - 10^19, 0) only shows its ramp past 2^63."""
    return 100 + _scale_octaves(sigma)


def _scale_octaves(sigma: Activation) -> int:
    """Octaves spanned by 10^D, D the scale of a formula's most extreme exact constant when D > 10, else 0."""
    scale = constant_scale(sigma.expr) if sigma.is_symbolic else 0
    return math.ceil(scale * math.log2(10)) if scale > _ORDINARY_SCALE else 0


def tail_points(sign: int, sigma: Activation) -> list[mpmath.mpf]:
    top = tail_top(sigma)
    return [sign * mpmath.mpf(2) ** k for k in range(0, top + 1)]


def sampled_range(signs: Sequence[int], top: int, strict: bool = False) -> str:
    """The tail a numeric holds rests on, for its witness (R9b-4): no sample sees past 2^top, and a
    ramp that starts beyond it (tanh z + max(z - 2^130, 0)) is invisible there."""
    bound = f"{'<' if strict else '<='} 2^{top}"
    return f"|z| {bound}" if set(signs) == {1, -1} else f"z {bound}" if 1 in signs else f"-z {bound}"


def origin_points(sign: int, sigma: Activation) -> list[mpmath.mpf]:
    """sign·2^-k down to 2^-60 (float64: 2^-26), and 10^-D further for a formula with a constant 10^±D,
    D > 10: near 0, sigma(z)/z of tanh z + z sin(log z^2)/10^30 is 1 - z^2/3 + 10^-30 sin(2 log z), and
    the oscillation only outgrows the curvature's steps below z = 10^-15, so to 2^-60 it read as settled."""
    bottom = 60 + _scale_octaves(sigma) if sigma.precision == "mpmath" else 26
    return [sign * mpmath.mpf(2) ** -k for k in range(1, bottom + 1)]


def infinite_value(sigma: Activation, points: list[mpmath.mpf]) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """The first of ``points`` where a callable σ returns ±inf, with that value; None for a formula.

    A callable's inf is its value (inf beyond 10^20, tanh elsewhere, is not a real function), and
    the safe samples drop it like any undefined point. A NaN (inf/inf in an overflowing
    e^z/(1 + e^z)) or an exception says nothing about σ, and a formula raises where it is undefined."""
    if sigma.is_symbolic:
        return None
    for t in points:
        try:
            value = sigma.value(t)
        except Exception:  # noqa: BLE001 - undefined there: not an infinite value
            continue
        if mpmath.isinf(value):
            return t, value
    return None


def infinite_refutes(name: str, sigma: Activation, points: list[mpmath.mpf], label: str,
                     claim: str | None = None) -> PropertyResult | None:
    """``name`` fails where a callable σ returns ±inf at one of ``points`` (:func:`infinite_value`)."""
    found = infinite_value(sigma, points)
    if found is None:
        return None
    t, v = found
    return PropertyResult(name, "fails", "numeric", {"z": num(t), "sigma(z)": str(v)}, None,
                          f"the callable returns {v} at z = {num(t)}: sigma is not a finite real number there", label, claim)


def sup_grid(sigma: Activation) -> list[mpmath.mpf]:
    return [mpmath.mpf(k) / 8 for k in range(-160, 161)] + tail_points(1, sigma) + tail_points(-1, sigma)


def _ranked(sigma: Activation, value: Samples) -> tuple[list[mpmath.mpf], list[tuple[mpmath.mpf, int]]]:
    """The sampling grid and (|sigma(t)|, index of t) where sigma was evaluated, largest first (ties
    in grid order): the one walk that :func:`numeric_sup_at` and :func:`numeric_sup` read."""
    grid = sup_grid(sigma)
    mags = [(abs(v), i) for i, t in enumerate(grid) if (v := value(t)) is not None]
    return grid, sorted(mags, key=lambda p: p[0], reverse=True)


def point_values(expr: Any, lo: Any, hi: Any, peaks: bool = False) -> dict[mpmath.mpf, mpmath.mpf]:
    """σ at each point of :func:`~vgtheory.properties.features.singular_roots`, nearest 0 first while
    :data:`_POINT_SECONDS` last, from the exact root (sympy's substitution, then an arb enclosure): at the 140-digit
    point itself sign(e^z - 3) is not 0, at log 3 it is. Two dozen roots near kπ of a Γ argument took 2-4 s each
    (R59b-5: check_bounded ran past 90 s)."""
    out, end = {}, time.monotonic() + _POINT_SECONDS
    for r, p in sorted(singular_roots(expr, lo, hi, peaks), key=lambda rp: abs(rp[1])):
        if time.monotonic() > end:
            break
        if not sympy_agrees(r, True):
            continue  # atanh(sqrt(1 - 10^-6)) "is zero" to sympy: tanh of it came out 0 (R15a-5)
        try:
            out[p] = exact_mpf(expr.subs(Z, r))
        except (ValueError, TypeError, ArithmeticError):
            continue  # undefined or unresolved there: the samples around it still count
    return out


#: Seconds for σ at the singular points in all (each is an exact evaluation).
_POINT_SECONDS = 8.0


def point_peak(sigma: Activation) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """(|σ(p)|, p) largest over the singular points and the critical points of denominators in
    [-1000, 1000] (:func:`point_values`, σ from the exact point): a
    peak of width 10^-30 (10^-30/((z - 3/10)² + 10^-60)) or a value set at one point (1 - |sign(z - π)|)
    lies between any grid's points (R11a-5, R11b-7). None without such points."""
    values = point_values(sigma.expr if sigma.is_symbolic else None, -1000, 1000, peaks=True)
    return max(((abs(v), p) for p, v in values.items()), key=lambda vp: vp[0], default=None)


def numeric_sup_at(sigma: Activation, dps: int, samples: Samples | None = None) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The largest |sigma| on the sampling grid and at the points of :func:`point_peak`, and where it is taken."""
    with mpmath.workdps(dps):
        grid, ranked = _ranked(sigma, samples if samples is not None else Samples(sigma.value))
        best = (ranked[0][0], grid[ranked[0][1]]) if ranked else (mpmath.mpf(0), mpmath.mpf(0))
        peak = point_peak(sigma)
        return peak if peak is not None and peak[0] > best[0] else best


def numeric_sup(sigma: Activation, dps: int) -> mpmath.mpf:
    """The largest |sigma| found, a lower bound of the sup: the points of :func:`point_peak`, and the
    grid's three best local peaks, each refined by golden section between its grid neighbours (the
    grid alone missed sin(3z)/(1+z^2)'s 0.8116 by 0.014: R8-20)."""
    with mpmath.workdps(dps):
        grid, ranked = _ranked(sigma, Samples(sigma.value))
        peak = point_peak(sigma)
        best = max(ranked[0][0] if ranked else mpmath.mpf(0), peak[0] if peak is not None else 0)
        for _, i in ranked[:3]:
            if 0 < i < len(grid) - 1 and grid[i - 1] < grid[i] < grid[i + 1]:
                t = golden_max(lambda u: abs(v) if (v := safe(sigma.value, u)) is not None else -mpmath.inf,
                               grid[i - 1], grid[i + 1])
                if (v := safe(sigma.value, t)) is not None:
                    best = max(best, abs(v))
        return best


def median_abs(samples: Samples) -> mpmath.mpf:
    values = sorted(abs(v) for v in (samples(mpmath.mpf(k) / 8) for k in range(-80, 81)) if v is not None)
    return values[len(values) // 2] if values else mpmath.mpf(0)



def tail_series(fn: Callable, points: list[mpmath.mpf]) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    return [(t, v) for t, v in ((t, safe(fn, t)) for t in points) if v is not None]


def converged(series: list[tuple[mpmath.mpf, mpmath.mpf]], rel: float) -> mpmath.mpf | None:
    """The common value of the last ten samples when they agree to ``rel``, else None."""
    if len(series) < 12:
        return None
    last = [v for _, v in series[-10:]]
    scale = 1 + max(abs(v) for v in last)
    return last[-1] if max(last) - min(last) <= rel * scale else None


def num(v: mpmath.mpf) -> str:
    return mpmath.nstr(v, 12)



# -- the tail of t*sigma'(t): property 2's evidence, shared with the g(tau) search ---------------------

#: Seed of the random offsets (fixed: the same activation always gets the same samples).
SEED = 20211
#: A far window sampled densely (step 1/8, jittered) for singularities of sigma' out in the tail.
FAR_WINDOWS = (2**10,)
_WINDOW_POINTS = 128
#: Evaluations of h spent zooming into the far window.
_WINDOW_BUDGET = 400


def tail_offset_points(sign: int, top: int) -> list[mpmath.mpf]:
    """sign·2^k·r for k = 0..top and r ∈ {1, √2, φ, e/2, and two seeded random numbers in (1, 2)},
    in increasing |t| (top: :func:`tail_top`).

    Each point carries k + 64 bits more than the working precision, so that far out it still has
    a fractional part: at 2^90 a 100-bit number is a multiple of 2^-10 and sin(2^10·πz) = 0 there.
    Octaves past 100 that are not among the last twenty (a formula with a scale beyond 10^10,
    :func:`tail_top`) get r ∈ {1, one random number} only: there the samples show the trend, and
    the last twenty octaves, which every verdict reads closely, keep all six.
    """
    rng = random.Random(SEED + sign)
    out = []
    for k in range(top + 1):
        randoms = [rng.getrandbits(k + 64 + mpmath.mp.prec) for _ in range(2)]
        with mpmath.workprec(mpmath.mp.prec + k + 64):
            scale = mpmath.mpf(2) ** k
            ratios = [1 + mpmath.ldexp(r, -(k + 64 + mpmath.mp.prec)) for r in randoms]
            if 100 < k <= top - 20:
                ratios = [mpmath.mpf(1), ratios[0]]
            else:
                ratios += [mpmath.mpf(1), mpmath.sqrt(2), (1 + mpmath.sqrt(5)) / 2, mpmath.e / 2]
            out += [sign * scale * r for r in sorted(ratios)]
    return out


def octave(t: mpmath.mpf) -> int:
    """floor(log2 |t|) of a nonzero mpf, exactly (from its binary exponent, not a rounded log)."""
    man, exp = mpmath.mpf(t).man_exp
    return int(exp) + int(abs(man)).bit_length() - 1


def window_points(sign: int, start: int) -> list[mpmath.mpf]:
    """A dense jittered grid of [start, start + 16): step 1/8 shifted by a seeded irrational amount."""
    rng = random.Random(SEED + start)
    return [sign * (start + (mpmath.mpf(i) + mpmath.mpf(rng.random()) / 2 + mpmath.sqrt(2) / 7) / 8) for i in range(_WINDOW_POINTS)]


@dataclass(frozen=True)
class TailEvidence:
    """Samples of h(t) = t σ'(t) on one side of the tail, and any pole of h found between them.

    ``points`` are (t, h(t)) in increasing |t| (h None where σ' could not be evaluated or its
    value was not confirmed at any precision tried); ``poles`` lists (t, |h(t)|) where |h| kept
    growing as the search interval shrank, one per far window in which one was found.
    Once some sample was confirmed, the tail stops after two octaves without a single confirmed
    or bounded sample: farther out nothing is gained (the value sinks further below every
    precision), at the highest cost.
    """

    sign: int
    points: tuple[tuple[mpmath.mpf, mpmath.mpf | None], ...]
    poles: tuple[tuple[mpmath.mpf, mpmath.mpf], ...]
    dps: int
    precision: str
    #: (t, h(t)) at the largest |h| near the phase points of σ's oscillating factors in the far
    #: windows (:mod:`vgtheory.properties.features`), in increasing |t|; empty without such factors.
    peaks: tuple[tuple[mpmath.mpf, mpmath.mpf], ...] = ()
    #: (t, B) where h(t) was not confirmed but arb's enclosure bounds |h(t)| <= B: evidence that
    #: |h| is small there, never of its sign or of its being large.
    bounds: tuple[tuple[mpmath.mpf, mpmath.mpf], ...] = ()

    def sup_from(self, tau: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
        """(sup |h(t)|, where) over the samples with sign·t ≥ tau; a pole there makes it infinite."""
        for t, _ in self.poles:
            if self.sign * t >= tau:
                return mpmath.inf, t
        # The first sample (in the order of points + peaks) with the largest |h| among those with
        # sign·t ≥ tau, from suffix maxima: the g-search asks this at dozens of tau.
        keys, best = self._suffix_best
        i = bisect.bisect_left(keys, tau)
        if i == len(keys):
            return mpmath.mpf(0), mpmath.mpf(tau)
        t, v = best[i]
        return abs(v), t

    @cached_property
    def _suffix_best(self) -> tuple[list[mpmath.mpf], list[tuple[mpmath.mpf, mpmath.mpf]]]:
        """(sorted sign·t, for each position the sample (t, h) of largest |h| from there on, the
        earliest one in points + peaks on ties): :meth:`sup_from` as a bisection."""
        pairs = [(self.sign * t, -i, t, v) for i, (t, v) in enumerate(self.points + self.peaks) if v is not None]
        pairs.sort(key=lambda p: (p[0], p[1]))
        best: list[tuple[mpmath.mpf, mpmath.mpf]] = [None] * len(pairs)  # type: ignore[list-item]
        top = None
        with mpmath.workprec(1 << 20):  # |v| exactly: no rounding of the compared magnitudes
            for k in range(len(pairs) - 1, -1, -1):
                _, neg_i, t, v = pairs[k]
                key = (abs(v), neg_i)
                if top is None or key > top[0]:
                    top = (key, (t, v))
                best[k] = top[1]
        return [p[0] for p in pairs], best


def _agreeing_slope(act: Activation) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """σ' for the tail samples: a formula's (arb confirms it) and autograd's as they are; a
    difference quotient of any other callable only where one with a step far smaller agrees with
    it (0.1% of the larger, or exactly). sin(z²)/(1 + z²) has a period 10^-27 at z = 2.5·10^27,
    far below either step: the quotients average it away, and 1.9e-10 was printed as the tail's
    maximum of |zσ'| where it is about 2 (R11b-5); two such averages disagree."""
    if act.is_symbolic or act.uses_autograd:
        return act.slope

    def slope(t: mpmath.mpf) -> mpmath.mpf:
        first = act.slope(t)
        if act.precision == "mpmath":
            with mpmath.workdps(mpmath.mp.dps + 12):  # mp_slope's step is 10^-(digits/2 + 3)
                second = act.slope(t)
        else:
            x, g = float(t), act._float_fn
            step = 2.0**-26 * 1.1 * max(1.0, abs(x))
            second = mpmath.mpf((g(x + step) - g(x - step)) / (2 * step))
            # Within the rounding of σ over the smaller step (|σ| 2^-52 / 2^-26, twice): float atan far
            # out, whose slope is below it; an oscillation that float64 resolves differs by more.
            if abs(first - second) <= 2.0**-24 * abs(g(x)) / max(1.0, abs(x)):
                return first
        if first != second and abs(first - second) > abs(first) * mpmath.mpf(10) ** -3:
            raise ValueError(f"sigma'({mpmath.nstr(t, 8)}) not estimated: difference quotients disagree")
        return first

    return slope


def tail_evidence(act: Activation, sign: int = 1, dps: int = 30) -> TailEvidence:
    """Sample h(t) = t σ'(t) at ±2^k with irrational and seeded random offsets, search a far
    window densely for singularities of σ' (zooming where |h| grows), and look for the largest |h|
    near the phase points of σ''s oscillating factors in the far windows."""
    act_slope = _agreeing_slope(act)

    def h(t: mpmath.mpf) -> mpmath.mpf:
        return t * act_slope(t)

    with mpmath.workdps(working_dps(act, dps)):
        points, bounds = [], []
        current, seen, ever, dead = None, False, False, 0
        for t in tail_offset_points(sign, tail_top(act)):
            k = octave(t)
            if k != current:
                ever = ever or seen
                dead = 0 if seen or not ever else dead + 1
                if dead >= 2:
                    break
                current, seen = k, False
            value, bound = probe(act_slope, t)
            points.append((t, None if value is None else t * value))
            if bound is not None:
                bounds.append((t, abs(t) * bound))
            seen = seen or value is not None or bound is not None
        reached = abs(points[-1][0]) if points else mpmath.mpf(0)
        poles = []
        for start in FAR_WINDOWS:
            if start > reached:
                continue  # beyond the confirmed tail: no sample there would be confirmed either
            found = singular_zero(h, inner_factors(act.derivative_expr if act.is_symbolic else None),
                                  window_points(sign, start))
            if found is not None:
                poles.append(found)
                continue
            samples = Samples(h)
            for t in window_points(sign, start):
                samples(t)
            values = sorted(abs(v) for v in samples.cache.values() if v is not None)
            typical = values[len(values) // 2] if values else mpmath.mpf(0)
            zoom = refine_sup(act.precision, samples, typical, dps, _WINDOW_BUDGET)
            if zoom is not None:
                at = samples(zoom.where)
                poles.append((zoom.where, abs(at) if at is not None else mpmath.inf))
        peaks = []
        arguments = oscillating_arguments(act.derivative_expr if act.is_symbolic else None)
        if arguments:
            for start in PHASE_WINDOWS:
                if start <= reached:
                    peaks += peaks_near(h, phase_points(arguments, sign, start))
            for k in far_octaves(tail_top(act)):
                if 2**k <= reached:
                    peaks += octave_peaks(h, arguments, sign, k)
    return TailEvidence(sign, tuple(points), tuple(poles), dps, act.precision, tuple(peaks), tuple(bounds))


def second_slope(act: Activation) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """σ'' of a formula, each value confirmed by arb like σ' (the slope of the activation σ')."""
    return Activation(f"({act.name})'", act.derivative_expr, source=act.source).slope


def convex_point(act: Activation, points: list[mpmath.mpf]) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """The first of ``points`` where σ''(t) > 0, with σ''(t): each value of σ'' confirmed to the
    working precision relative to itself (arb), so a convex bend 10^-30 times σ' is seen where
    differences of σ' at 30 digits lose it. None when there is none, or for a callable.

    σ'' is the derivative of σ' off the points where the formula is not smooth (DiracDelta terms
    dropped): positive at a point inside a smooth piece, it makes σ strictly convex near it."""
    if not act.is_symbolic:
        return None
    second = second_slope(act)
    for t in points:
        value = safe(second, t)
        if value is not None and value > 0:
            return t, value
    return None


def tail_sup(act: Activation, tau: mpmath.mpf, dps: int = 30, evidence: TailEvidence | None = None) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The sampled sup of |t σ'(t)| over t ≥ τ and where: the same samples as property 2's evidence."""
    record = evidence if evidence is not None and evidence.dps == dps else tail_evidence(act, 1, dps)
    return record.sup_from(mpmath.mpf(tau))


def out_of_reach(name: str, sigma: Activation, label: str, claim: str | None = None) -> PropertyResult | None:
    """Inconclusive up front when a constant is beyond the evidence's reach (:func:`reach_shortfall`):
    the samples would read c z with c ~ 10^-43430 as absent, and following c costs minutes (R11a-2/3)."""
    why = reach_shortfall(sigma)
    return None if why is None else PropertyResult(name, "inconclusive", "numeric", {}, None, why, label, claim)
