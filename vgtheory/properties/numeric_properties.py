"""Numeric verdicts on the four properties: mpmath (or float64) evidence, never proof."""

from __future__ import annotations

import itertools
from typing import Callable, Sequence

import mpmath
import sympy as sp

from vgtheory.core.activations import Activation
from vgtheory.properties.evidence import (
    Samples, TailEvidence, converged, infinite_refutes, inner_factors, median_abs, num, numeric_sup_at,
    precision_label, safe, sampled_range, singular_zero, sup_grid, tail_evidence, tail_points, tail_series, tail_top,
    working_dps, constant_scale, octave, out_of_reach)
from vgtheory.core.dyadic import rational
from vgtheory.properties.hidden_poles import hidden_pole
from vgtheory.properties.singular import located_pole, unlisted_functions
from vgtheory.properties.tail_growth import black_box_growth, block_growth
from vgtheory.properties.poles import refine_sup
from vgtheory.properties.verdicts import DEFAULT_TIMEOUT, PropertyResult


def bounded_numeric(sigma: Activation, dps: int, timeout: float = DEFAULT_TIMEOUT) -> PropertyResult:
    dps = working_dps(sigma, dps)
    label = precision_label(sigma, dps)
    if (refused := out_of_reach("bounded", sigma, label)) is not None:
        return refused
    infinite = infinite_refutes("bounded", sigma, sup_grid(sigma), label)
    if infinite is not None:
        return infinite
    with mpmath.workdps(dps):
        samples = Samples(sigma.value)
        sup, where = numeric_sup_at(sigma, dps, samples)
        typical = median_abs(samples)
        # A value 1e30 times the typical size on a finite grid: a pole or a spike, not a bound; unless the formula's
        # own constants reach that far (z(2 + sin z)/(1 + z^2/10^80) peaks near 10^40 and is bounded).
        scale = constant_scale(sigma.expr) if sigma.is_symbolic else 0
        huge = mpmath.mpf(10) ** (30 + (scale if scale > 10 else 0)) * (1 + typical)
        if sup > huge:
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": num(where), "|sigma(z)|": num(sup)}, None,
                f"|sigma| is enormous at a sampled point, z = {num(where)} (a pole, a spike or growth)", label,
            )
        undecided: str | None = None
        for sign in (1, -1):
            series = [(t, v) for t in tail_points(sign, sigma) if (v := samples(t)) is not None]
            if len(series) < 12:
                undecided = "sigma could not be evaluated far out"
                break
            mags = [abs(v) for _, v in series]
            early, late = max(mags[: len(mags) * 2 // 3]), max(mags[len(mags) * 2 // 3 :])
            running = list(itertools.accumulate(mags, max))
            # Monotone growth, or an oscillating one whose running max gains 8x every five octaves.
            growing = (all(b >= a for a, b in zip(mags[-10:], mags[-9:]))
                       or (len(running) > 11 and running[-1] >= 8 * running[-6] and running[-6] >= 8 * running[-11]))
            if late > 1e6 * (1 + early) and growing:
                t, v = series[-1]
                return PropertyResult(
                    "bounded", "fails", "numeric", {"z": num(t), "sigma(z)": num(v)}, None,
                    "|sigma| keeps growing along z = 2^k", label,
                )
            if late > early * (1 + mpmath.mpf(10) ** -6) + mpmath.mpf(10) ** -12:
                undecided = "|sigma| still grows slowly at the largest sampled |z|"
                break
            # A growth of 10^-30 (tanh z + z/10^60 at 2^100, seen at 91 digits) is growth all the
            # same: the running max of |sigma| must settle at the working precision.
            if late > early * (1 + _noise(sigma)) and not settles(running, _noise(sigma)):
                undecided = (f"|sigma| still grows at the largest sampled |z|: its running maximum does not settle "
                             f"at {dps} digits (the increments over the last ten octaves are not a quarter of those "
                             "over the ten before)")
                break
        if undecided is None:
            undecided = _spikes_at_phase_points(sigma, sup)
        # Zeros of inner factors (z - 1 in (z - 1)^(-1/2)) on the grid: a pole sits at each one where |sigma| keeps
        # growing, even one of low order or exactly on a grid point.
        # Past |z| = 20 on a x2^(1/4) grid up to 2^30: tanh(tanh z) - tanh 1 + 10^-20 vanishes at 22.94 (R16a-5).
        far = [mpmath.ldexp(mpmath.mpf(2) ** (mpmath.mpf(k) / 4), 4) for k in range(2, 105)]
        grid = [-t for t in reversed(far)] + [mpmath.mpf(k) / 8 for k in range(-160, 161)] + far
        found = singular_zero(sigma.value, inner_factors(sigma.expr), grid) or located_pole(sigma.value, sigma.expr)
        if found is not None:
            t, v = found
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": num(t), "|sigma(z)|": num(v)}, None,
                f"sigma is singular near z = {num(t)}, a zero of an inner factor: |sigma| keeps growing as z "
                "approaches it (a pole)", label,
            )
        # Poles and spikes between the sample points: refine around every suspicious interval.
        sampled = samples.evals
        zoom = refine_sup(sigma.precision, samples, typical, dps)
        if zoom is not None:
            at = samples(zoom.where)
            witness = {"z": num(zoom.where), "|sigma(z)|": num(abs(at)) if at is not None else "undefined"}
            return PropertyResult(
                "bounded", "fails", "numeric",
                {**witness, "search interval width": mpmath.nstr(zoom.width, 3)},
                None,
                f"a pole (unbounded spike) of sigma was located near z = {num(zoom.where)}: |sigma| keeps "
                "growing without bound as the search interval around it shrinks",
                label,
            )
        if not sigma.is_symbolic and sigma.precision == "mpmath":
            hidden = hidden_pole(sigma.value, dps, huge, seconds=timeout)
            if hidden is not None:
                kind, t, v = hidden
                if kind == "pole":
                    return PropertyResult(
                        "bounded", "fails", "numeric", {"z": num(t), "|sigma(z)|": num(v)}, None,
                        f"|sigma| is enormous at z = {num(t)}, between the grid points: a pole found where "
                        "sigma's Chebyshev coefficients stop decaying (not analytic there)", label,
                    )
                undecided = undecided or (f"the search for poles between the samples (near z = {num(t)}) ran out of "
                                          f"its {'time' if kind == 'time' else 'evaluations'}: a pole there is not excluded")
        refined = samples.max_abs_since(sampled)
        if refined is not None and refined[0] > sup:
            sup, where = refined
        if sup > huge:
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": num(where), "|sigma(z)|": num(sup)}, None,
                f"|sigma| is enormous near z = {num(where)}, between the grid points (a pole or a spike)", label,
            )
        if undecided is None and (unlisted := unlisted_functions(sigma.expr)):
            undecided = f"sigma has {', '.join(unlisted)}, whose singular points the pole search does not know"
        if undecided is not None:
            witness = {"max |sigma| sampled": num(sup)} if undecided.startswith("|sigma|") else {}
            return PropertyResult("bounded", "inconclusive", "numeric", witness, None, undecided, label)
    reach = sampled_range((1, -1), tail_top(sigma))
    return PropertyResult(
        "bounded", "holds", "numeric", {"max |sigma| sampled": num(sup), "sampled range": reach},
        sp.Float(mpmath.nstr(sup, 20), 20),
        f"bounded on the sampled range {reach}: no growth of |sigma| over the last third of |z| = 2^k samples and no "
        "pole between the samples (evidence, not proof)", label,
    )


def _spikes_at_phase_points(sigma: Activation, sup: mpmath.mpf) -> str | None:
    """Why boundedness is undecided when |σ| near the phase points of its oscillating factors in the far windows is
    over twice the sampled sup, else None. tanh z + z/(1 + z² sin² z) is z + tanh z at every kπ and about tanh z + 1/z
    elsewhere: no sample at 2^k·r comes near a spike, and the samples read as bounded (red-team hunt, session 11).
    Where the spikes are seen but their heights may still level off (a bound 10^5 past 2^20), only "undecided" is sound."""
    from vgtheory.properties.features import oscillating_arguments

    arguments = oscillating_arguments(sigma.expr if sigma.is_symbolic else None)
    for sign in (1, -1) if arguments else ():
        for peaks in _window_peaks(sigma.value, arguments, sign, tail_top(sigma)):
            if peaks:
                t, v = max(peaks, key=lambda tv: abs(tv[1]))
                # Twice: the phase points are where an oscillating factor peaks anyway (cos² z/10).
                if abs(v) > 2 * sup + mpmath.mpf(10) ** -mpmath.mp.dps:
                    return (f"|sigma({num(t)})| = {num(abs(v))}, near a phase point of an oscillating factor far out, "
                            f"is over twice every sampled value ({num(sup)}): spikes there may grow without bound")
    return None


def _window_peaks(fn: Callable[[mpmath.mpf], mpmath.mpf], arguments: list, sign: int, top: int) -> list[list[tuple[mpmath.mpf, mpmath.mpf]]]:
    """:func:`~vgtheory.properties.features.peaks_near` the phase points of each far window, then of
    each far octave (:func:`~vgtheory.properties.features.far_octaves`): one list per window."""
    from vgtheory.properties.features import PHASE_WINDOWS, far_octaves, octave_peaks, peaks_near, phase_points

    return ([peaks_near(fn, phase_points(arguments, sign, start)) for start in PHASE_WINDOWS]
            + [octave_peaks(fn, arguments, sign, k) for k in far_octaves(top)])


def vanishing_numeric(
    sigma: Activation, dps: int, ends: Sequence[str] = ("+oo", "-oo"), claim: str | None = None,
) -> PropertyResult:
    """Evidence on z σ'(z) → 0 at each end, from :func:`vgtheory.properties.evidence.tail_evidence`.

    Fails when |zσ'(z)| ≥ 0.1 somewhere in the last ten octaves (offsets included), or when it
    grows along the last twenty octaves like a power of |z|; inconclusive when σ' has a
    singularity in the far window or |zσ'| does not decay; holds (as evidence) when it is ≤ 1e-8
    there and does not grow, or when its supremum decays like a power. Every value is confirmed
    to the working precision relative to itself (an arb enclosure of σ', so a term 10^-40 times
    the rest is seen); where a value was not confirmed, arb's bound on |zσ'| counts towards
    "small", never towards "large".
    """
    dps = working_dps(sigma, dps)
    label = precision_label(sigma, dps)
    if (refused := out_of_reach("vanishing_derivative", sigma, label, claim)) is not None:
        return refused
    worst: tuple[mpmath.mpf, mpmath.mpf] | None = None
    worst_by_bound = False
    plus: TailEvidence | None = None
    decays: list[mpmath.mpf | None] = []
    reach = 0
    for end in ends:
        sign = 1 if end == "+oo" else -1
        infinite = infinite_refutes("vanishing_derivative", sigma, tail_points(sign, sigma), label, claim)
        if infinite is not None:
            return infinite
        record = tail_evidence(sigma, sign, dps)
        if sign == 1:
            plus = record
        valid = [(t, v) for t, v in record.points if v is not None]
        known = sorted(valid + list(record.bounds), key=lambda tv: abs(tv[0]))
        if len(known) < 12:
            return PropertyResult("vanishing_derivative", "inconclusive", "numeric", {}, None,
                                  "sigma' could not be evaluated far out", label, claim, plus)
        if abs(known[-1][0]) < 2**20:
            return PropertyResult("vanishing_derivative", "inconclusive", "numeric", {"z": num(known[-1][0])}, None,
                                  f"sigma' could not be evaluated beyond |z| = {num(abs(known[-1][0]))}: no tail to judge",
                                  label, claim, plus)
        far_from = abs(known[-1][0]) / 2**10
        reach = max(reach, octave(known[-1][0]) + 1)
        tail = [(t, v) for t, v in valid if abs(t) >= far_from]
        t_max, v_max = max(tail, key=lambda tv: abs(tv[1])) if tail else (known[-1][0], mpmath.mpf(0))
        growth = block_growth(valid, abs(known[-1][0]))
        # Large or growing |z sigma'| refutes for a formula; for a callable only where it does not grow at the end.
        why = black_box_growth(sigma, valid) if abs(v_max) >= 0.1 or (growth and growth[0] == "fails") else None
        if why is not None:
            return PropertyResult("vanishing_derivative", "inconclusive", "numeric", {"z": num(t_max), "z*sigma'(z)": num(v_max)},
                                  None, f"|z*sigma'(z)|: {why}", label, claim, plus)
        if abs(v_max) >= 0.1:
            return PropertyResult(
                "vanishing_derivative", "fails", "numeric", {"z": num(t_max), "z*sigma'(z)": num(v_max)}, None,
                "|z*sigma'(z)| stays large at the largest sampled |z|", label, claim, plus,
            )
        if growth is not None:
            verdict, ratio = growth
            if verdict == "fails" and abs(v_max) < mpmath.mpf(10) ** -dps:
                # Growth of values below 10^-dps decides nothing about the limit: tanh z + 10^-40/(c z^2 - 1) with
                # c = 1 - tanh 10^5 grows at 1e-86756 towards a pole at e^100000, and z sigma' -> 0 past it (R16a-8).
                return PropertyResult(
                    "vanishing_derivative", "inconclusive", "numeric",
                    {"z": num(t_max), "z*sigma'(z)": num(v_max), "growth of sup |z*sigma'| over the last 20 octaves": num(ratio)},
                    None, f"|z*sigma'(z)| grows along the sampled tail, but only below 10^-{dps}: no limit is judged from "
                    "values that small", label, claim, plus)
            return PropertyResult(
                "vanishing_derivative", verdict, "numeric",
                {"z": num(t_max), "z*sigma'(z)": num(v_max), "growth of sup |z*sigma'| over the last 20 octaves": num(ratio)},
                None,
                ("|z*sigma'(z)| grows along the tail like a power of |z| (by 4x or more every five octaves over the last "
                 "twenty, values confirmed to the working precision relative to themselves): it does not tend to 0")
                if verdict == "fails" else
                "|z*sigma'(z)| is larger over the last five sampled octaves than over the five before the last twenty: "
                "no decay to judge", label, claim, plus,
            )
        by_bound = False
        for t, b in record.bounds:
            if abs(t) >= far_from and b > abs(v_max):
                t_max, v_max, by_bound = t, b, True  # only a bound: |z*sigma'(z)| <= b there
        if record.peaks:
            # The farthest window's peaks: a feature that an oscillating factor places there.
            far = max(abs(t) for t, _ in record.peaks) / 2
            t_pk, v_pk = max(((t, v) for t, v in record.peaks if abs(t) >= far), key=lambda tv: abs(tv[1]))
            if abs(v_pk) >= 0.1:
                return PropertyResult(
                    "vanishing_derivative", "fails", "numeric", {"z": num(t_pk), "z*sigma'(z)": num(v_pk)}, None,
                    "|z*sigma'(z)| is large near a phase point of an oscillating factor of sigma', far out "
                    "(where sin/cos/tan of its argument is 0 or +-1)", label, claim, plus,
                )
            if abs(v_pk) > abs(v_max):
                t_max, v_max, by_bound = t_pk, v_pk, False
        if worst is None or abs(v_max) > abs(worst[1]):
            worst, worst_by_bound = (t_max, v_max), by_bound
        # A float64 slope is a finite difference: below about 2^-20 of the peak its values are noise.
        resolution = mpmath.mpf(2) ** -20 if sigma.precision == "float64" else mpmath.mpf(10) ** (3 - dps)
        decays.append(power_law_decay(valid + list(record.peaks) + list(record.bounds), overall=_OVERALL_DECAY,
                                      resolution=resolution))
        if record.poles:
            t, v = record.poles[0]
            return PropertyResult(
                "vanishing_derivative", "inconclusive", "numeric", {"z": num(t), "|z*sigma'(z)|": num(v)}, None,
                f"sigma' is singular near z = {num(t)}, far out: |z*sigma'(z)| grows without bound there, so "
                "the samples cannot show that it tends to 0", label, claim, plus,
            )
    assert worst is not None
    span = sampled_range([1 if end == "+oo" else -1 for end in ends], reach, strict=True)
    witness = {"max |z*sigma'(z)| at the sampled tail": ("<= " if worst_by_bound else "") + num(abs(worst[1])),
               "at z": num(worst[0]), "sampled range": span}
    if abs(worst[1]) <= 1e-8 and all(p is not None for p in decays):
        return PropertyResult(
            "vanishing_derivative", "holds", "numeric", witness, sp.Integer(0),
            f"on the sampled range {span}: |z*sigma'(z)| <= 1e-8 at every sample of the last ten octaves (z = 2^k times 1, irrational and random "
            "offsets; a value confirmed to the working precision, or arb's rigorous bound where the value lies below "
            "every precision tried), falling at least like |z|^(-1/2) from every sampled octave on and like "
            f"|z|^({_OVERALL_DECAY}) overall, and no singularity "
            "of sigma' in the far windows (evidence, not proof)", label, claim, plus,
        )
    if decays and all(p is not None for p in decays):
        witness["decay exponent of sup |z*sigma'(z)| beyond |z|"] = num(max(decays))
        return PropertyResult(
            "vanishing_derivative", "holds", "numeric", witness, sp.Integer(0),
            f"on the sampled range {span}: the supremum of |z*sigma'(z)| beyond |z| falls at least like |z|^(-1/2) from every sampled "
            f"octave on and like |z|^({_OVERALL_DECAY}) overall (a sustained power-law decay; evidence, not proof)", label, claim, plus,
        )
    return PropertyResult("vanishing_derivative", "inconclusive", "numeric", witness, None,
                          "|z*sigma'(z)| below 0.1 does not fall like a power of |z| over the sampled octaves: a slow "
                          "(logarithmic) decay and a small value that does not decay (z*sigma' -> 2/10^20 for "
                          "tanh z + log(1 + z^2)/10^20) look alike on samples, so neither is evidence that it tends to 0",
                          label, claim, plus)


#: The overall decay exponent of sup |z sigma'| that numeric evidence of property 2 asks for.
_OVERALL_DECAY = -0.9


def power_law_decay(points: list[tuple[mpmath.mpf, mpmath.mpf]], octaves: int = 8, overall: float | None = None,
                    resolution: mpmath.mpf | None = None) -> mpmath.mpf | None:
    """The exponent p <= -1/2 of a sustained decay of U(k) = sup {|v| : |t| >= 2^k} (samples beyond
    |t| = 16), or None. Sustained: U(k) <= 2 U(j) 2^(-(k - j)/2) at all sampled octaves j < k from
    the octave k0 of the largest |v| on (tanh(z/1000) peaks near 2^10 and decays from there), over at
    least ``octaves`` octaves; 1/log|t| or a plateau (a tiny constant included) never qualifies.

    With ``overall``, the exponent p from k0 to the last octave must be at most that: a decay as
    slow as |z|^(-1/2) all along still hides a plateau 10^-40 cos z at 2^238 (it crosses 10^-40
    near 2^266), and a plateau never shows in samples whose supremum stays above it. The tail
    reaches 10^D 2^100 for a constant 10^-D (:func:`tail_top`): a decay like |z|^-0.9 crosses
    10^-D within it for D up to 270, a 1/z one (softsign, atan, rational tails) for every D.

    Octaves where U has fallen below ``resolution`` times U(k0) are done decaying: there the
    values are rounding (a float64 slope's few ulps) or arb's bounds far below every precision."""
    env: dict[int, mpmath.mpf] = {}
    for t, v in points:
        if abs(t) >= 16 and v is not None:
            k = octave(t)
            env[k] = max(env.get(k, mpmath.mpf(0)), abs(v))
    ks = sorted(env)
    upper, running = {}, mpmath.mpf(0)
    for k in reversed(ks):
        running = max(running, env[k])
        upper[k] = running
    if ks and upper[ks[0]] > 0:
        ks = [k for k in ks if upper[k] == upper[ks[0]]][-1:] + [k for k in ks if upper[k] < upper[ks[0]]]
    if len(ks) < octaves or ks[-1] - ks[0] < octaves:
        return None
    k0 = ks[0]
    if upper[k0] == 0:
        return mpmath.mpf(-1)
    # Sustained from *every* sampled octave on, not only from k0: softsign's 1/z falls from k0 and hides a plateau
    # 10^-40 cos z behind its envelope from 2^133 to the last octave (R10a-4).
    # U(k) <= 2 U(j) 2^(-(k - j)/2) for all j < k is W(k) <= 2 min_{j<k} W(j), W(k) = U(k) 2^(k/2).
    least, level = None, upper[k0] * (resolution or 0)
    for k in ks:
        if upper[k] <= level:
            break
        w = upper[k] * mpmath.mpf(2) ** (mpmath.mpf(k) / 2)
        if least is not None and w > 2 * least:
            return None
        least = w if least is None else min(least, w)
    if upper[ks[-1]] == 0:
        return mpmath.mpf(-1)
    exponent = mpmath.log(upper[ks[-1]] / upper[k0], 2) / (ks[-1] - k0)
    return None if overall is not None and exponent > overall else exponent


def _noise(sigma: Activation) -> mpmath.mpf:
    """Relative size of a rounding error in one value: 2^8 ulps of the working (or float64) precision."""
    return mpmath.ldexp(1, 8 - (mpmath.mp.prec if sigma.precision == "mpmath" else 53))


def settles(values: list[mpmath.mpf], noise: mpmath.mpf) -> bool:
    """Whether a sequence sampled once an octave (σ(2^k), the running max of |σ(2^k)|) settles at
    the working precision: its steps over the last ten samples add up to at most a quarter of
    those over the ten before (a step within ``noise`` relative to its ends counts as 0).

    Agreement to 1e-9 is no evidence of a limit: σ(2^k) of tanh z + z(2 + sin z)/10^60 agrees to
    29 digits over k = 91..100 while growing without bound. Approaches like 1 - |z|^-p (p >= 0.2)
    settle; a constant drift (log z/10^60), a growing one, or a tiny oscillation that does not shrink
    (sin(10^300 z)/10^300 at 330 digits) does not."""
    if len(values) < 21:
        return False
    steps = [abs(b - a) if abs(b - a) > noise * (abs(a) + abs(b)) else 0 for a, b in zip(values, values[1:])]
    late, before = sum(steps[-10:]), sum(steps[-20:-10])
    return late == 0 or 4 * late <= before


def positive_limit_numeric(sigma: Activation, dps: int) -> PropertyResult:
    dps = working_dps(sigma, dps)
    label = precision_label(sigma, dps)
    if (refused := out_of_reach("positive_limit", sigma, label)) is not None:
        return refused
    infinite = infinite_refutes("positive_limit", sigma, tail_points(1, sigma), label)
    if infinite is not None:
        return infinite
    with mpmath.workdps(dps):
        points = tail_points(1, sigma)
        series = tail_series(sigma.value, points)
        limit = converged(series, 1e-9)
        if limit is None:
            mags = [abs(v) for _, v in series]
            if (why := black_box_growth(sigma, series)) is not None:
                return PropertyResult("positive_limit", "inconclusive", "numeric",
                                      {f"sigma({num(t)})": num(v) for t, v in series[-3:]}, None, f"|sigma(2^k)|: {why}", label)
            if len(mags) >= 12 and mags[-1] > 1e6 * (1 + mags[len(mags) // 2]):
                t, v = series[-1]
                return PropertyResult(
                    "positive_limit", "fails", "numeric", {"z": num(t), "sigma(z)": num(v)}, None,
                    "sigma(z) grows without bound as z -> +oo", label,
                )
            witness = {f"sigma({num(t)})": num(v) for t, v in series[-3:]}
            last = [v for _, v in series[-10:]]
            if not series or series[-1][0] < points[-1]:  # stops short (asin(tanh z): undetermined from 2^12, R52a-1)
                return PropertyResult("positive_limit", "inconclusive", "numeric", witness, None, "sigma(2^k) is not "
                                      f"evaluated beyond z = {num(series[-1][0]) if series else 0}", label)
            if len(last) == 10 and max(last) - min(last) > mpmath.mpf("0.1") * (1 + max(abs(v) for v in last)):
                return PropertyResult(
                    "positive_limit", "fails", "numeric", witness, None,
                    "sigma(2^k) keeps spreading over the last ten samples: no limit", label,
                )
            return PropertyResult("positive_limit", "inconclusive", "numeric", witness, None, "sigma(2^k) does not settle", label)
        witness = {"sigma(z) at z = 2^k, largest k": num(limit)}
        if not settles([v for _, v in series], _noise(sigma)):
            return PropertyResult(
                "positive_limit", "inconclusive", "numeric", witness, None,
                f"sigma(2^k) agrees to 1e-9 over the last ten samples, but at {dps} digits its steps over the last ten "
                "octaves are not a quarter of those over the ten before: the samples do not show it settling", label)
        wobble = _oscillation_below_precision(sigma, limit)
        if wobble is not None:
            (t, v), detail = wobble
            return PropertyResult("positive_limit", "inconclusive", "numeric",
                                  {**witness, "z": num(t), "sigma(z) - L": num(v)}, None, detail, label)
        away = _away_from_limit(sigma, series, limit)
        if away is not None:
            verdict, (t, v), detail = away
            return PropertyResult("positive_limit", verdict, "numeric", {**witness, "z": num(t), "sigma(z)": num(v)},
                                  None, detail, label)
        value = sp.Float(mpmath.nstr(limit, 20), 20)
        # A limit 10^-40 (tanh(z)/10^40 at 70 digits) is positive when sigma(2^k) holds still at it (1/z moves)
        vals = [v for _, v in series[-11:]]
        still = limit > 10 * sum(abs(b - a) for a, b in zip(vals, vals[1:]))
        if limit > 1e-8 or still:
            span = sampled_range((1,), tail_top(sigma))
            return PropertyResult("positive_limit", "holds", "numeric", {**witness, "sampled range": span}, value,
                                  f"sigma(2^k) settles at a positive value on the sampled range {span} (evidence)", label)
        return PropertyResult("positive_limit", "fails", "numeric", witness, value, "sigma(2^k) settles at a value that is not positive", label)


def _oscillation_below_precision(
    sigma: Activation, limit: mpmath.mpf,
) -> tuple[tuple[mpmath.mpf, mpmath.mpf], str] | None:
    """d(t) = σ(t) - L at t = 2^k, k = top - 19..top (top: :func:`tail_top`), with L the value σ(2^k) settles at (exactly, as the
    dyadic number it is), each d confirmed to the working precision relative to d itself (an arb
    enclosure of the formula σ - L): a witness and why, when the confirmed d change direction at
    least twice over the last ten octaves and spread there at least half as widely as over the ten before (an
    oscillation that does not shrink, so no limit is shown), else None.

    σ(2^k) itself, to 30 digits, settles at 1 for tanh z + sin(z)/10^40, which has no limit:
    σ - 1 = sin(z)/10^40 - 2/(1 + e^(2z)) is the quantity whose digits matter. Monotone or
    shrinking d (tanh, 1/z, sin(z)/z approaches) pass; a callable has no formula to subtract L from."""
    # L^(2^k) settles at a value of astronomic exponent, whose rational does not fit in memory (R18a-7: OverflowError)
    if not sigma.is_symbolic or not mpmath.isfinite(limit) or (limit and abs(limit._mpf_[2]) > 10**6):
        return None
    exact = rational(limit)
    gap = Activation(f"{sigma.name} - L", sigma.expr - exact, source=sigma.source)
    top = tail_top(sigma)
    ks = range(top - 19, top + 1)
    ds = {k: safe(gap.value, mpmath.mpf(2) ** k) for k in ks}

    def spread(lo: int, hi: int) -> tuple[mpmath.mpf, list[mpmath.mpf]] | None:
        vals = [ds[k] for k in range(lo, hi + 1) if ds[k] is not None]
        return (max(vals) - min(vals), vals) if len(vals) >= 6 else None

    early, late = spread(top - 19, top - 10), spread(top - 9, top)
    if early is None or late is None:
        return None
    vals = late[1]
    noise = mpmath.ldexp(1, 8 - mpmath.mp.prec)
    steps = [b - a for a, b in zip(vals, vals[1:]) if abs(b - a) > noise * (abs(a) + abs(b))]
    turns = sum(1 for a, b in zip(steps, steps[1:]) if (a > 0) != (b > 0))
    if turns < 2 or late[0] < early[0] / 2 or late[0] == 0:
        return None
    k = max((k for k in range(top - 9, top + 1) if ds[k] is not None), key=lambda k: abs(ds[k]))
    return ((mpmath.mpf(2) ** k, ds[k]),
            f"sigma(2^k) rounds to the same value at {mpmath.mp.dps} digits, but sigma(2^k) - L, confirmed to "
            f"{mpmath.mp.dps} digits relative to itself, keeps changing direction over k = {top - 9}..{top} with a spread "
            f"{num(late[0])} at least half that over k = {top - 19}..{top - 10} ({num(early[0])}): an oscillation that does not "
            "shrink, so the samples show no limit")


def _away_from_limit(
    sigma: Activation, series: list[tuple[mpmath.mpf, mpmath.mpf]], limit: mpmath.mpf,
) -> tuple[str, tuple[mpmath.mpf, mpmath.mpf], str] | None:
    """σ near the phase points of its oscillating factors, far out, against the limit L that
    σ(2^k) settles at: ('fails', witness, why) when σ stays 0.1(1 + |L|) away from L in every far
    window (no limit), ('inconclusive', ...) when it strays much further than σ(2^k) does there,
    None when it agrees (or σ has no oscillating factor)."""
    from vgtheory.properties.features import PHASE_WINDOWS, oscillating_arguments

    arguments = oscillating_arguments(sigma.expr if sigma.is_symbolic else None)
    if not arguments:
        return None
    windows = _window_peaks(lambda t: sigma.value(t) - limit, arguments, 1, tail_top(sigma))
    if not all(windows[:len(PHASE_WINDOWS)]):
        return None
    # A far octave without phase points (u = log t crosses few) adds nothing.
    worst = [max(peaks, key=lambda tv: abs(tv[1])) for peaks in windows if peaks]
    scale = 1 + abs(limit)
    if all(abs(v) >= mpmath.mpf("0.1") * scale for _, v in worst):
        t, v = worst[-1]
        return ("fails", (t, v + limit), "sigma stays far from the value sigma(2^k) settles at, near the phase points "
                "of an oscillating factor in every far window: no limit")
    baseline = max((abs(v - limit) for t, v in series if PHASE_WINDOWS[0] / 2 <= t <= 2 * PHASE_WINDOWS[-1]),
                   default=mpmath.mpf(0))
    t, v = max(worst, key=lambda tv: abs(tv[1]))
    if abs(v) > 10 * baseline + mpmath.mpf(10) ** -6 * scale:
        return ("inconclusive", (t, v + limit), "sigma strays from the value sigma(2^k) settles at near a phase point of "
                "an oscillating factor, far out: the samples do not show a limit")
    return None
