"""Numeric verdicts on the four properties: mpmath (or float64) evidence, never proof."""

from __future__ import annotations

from typing import Sequence

import mpmath
import sympy as sp

from .activations import Activation
from .evidence import (
    Samples, TailEvidence, converged, inner_factors, median_abs, num, numeric_sup_at, origin_points, precision_label,
    safe, singular_zero, tail_evidence, tail_points, tail_series,
)
from .poles import refine_sup
from .verdicts import PropertyResult


def bounded_numeric(sigma: Activation, dps: int) -> PropertyResult:
    label = precision_label(sigma, dps)
    with mpmath.workdps(dps):
        samples = Samples(sigma.value)
        sup, where = numeric_sup_at(sigma, dps, samples)
        typical = median_abs(samples)
        huge = mpmath.mpf(10) ** 30 * (1 + typical)
        if sup > huge:
            # A value 1e30 times the typical size on a finite grid: a pole or a spike, not a bound.
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": num(where), "|sigma(z)|": num(sup)}, None,
                "|sigma| is enormous at a sampled point (a pole or a spike)", label,
            )
        undecided: str | None = None
        for sign in (1, -1):
            series = [(t, v) for t in tail_points(sign, sigma) if (v := samples(t)) is not None]
            if len(series) < 12:
                undecided = "sigma could not be evaluated far out"
                break
            mags = [abs(v) for _, v in series]
            early, late = max(mags[: len(mags) * 2 // 3]), max(mags[len(mags) * 2 // 3 :])
            growing = all(b >= a for a, b in zip(mags[-10:], mags[-9:]))
            if late > 1e6 * (1 + early) and growing:
                t, v = series[-1]
                return PropertyResult(
                    "bounded", "fails", "numeric", {"z": num(t), "sigma(z)": num(v)}, None,
                    "|sigma| keeps growing along z = 2^k", label,
                )
            if late > early * (1 + mpmath.mpf(10) ** -6) + mpmath.mpf(10) ** -12:
                undecided = "|sigma| still grows slowly at the largest sampled |z|"
                break
        # Zeros of inner factors (z - 1 in (z - 1)^(-1/2)) on the grid: a pole sits at each one
        # where |sigma| keeps growing, even one of low order or exactly on a grid point.
        grid = [mpmath.mpf(k) / 8 for k in range(-160, 161)]
        found = singular_zero(sigma.value, inner_factors(sigma.expr), grid)
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
        refined = samples.max_abs_since(sampled)
        if refined is not None and refined[0] > sup:
            sup, where = refined
        if sup > huge:
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": num(where), "|sigma(z)|": num(sup)}, None,
                f"|sigma| is enormous near z = {num(where)}, between the grid points (a pole or a spike)", label,
            )
        if undecided is not None:
            witness = {"max |sigma| sampled": num(sup)} if undecided.startswith("|sigma|") else {}
            return PropertyResult("bounded", "inconclusive", "numeric", witness, None, undecided, label)
    return PropertyResult(
        "bounded", "holds", "numeric", {"max |sigma| sampled": num(sup)}, sp.Float(mpmath.nstr(sup, 20), 20),
        "no growth of |sigma| over the last third of |z| = 2^k samples and no pole between the samples "
        "(evidence, not proof)", label,
    )


def vanishing_numeric(
    sigma: Activation, dps: int, ends: Sequence[str] = ("+oo", "-oo"), claim: str | None = None,
) -> PropertyResult:
    """Evidence on z σ'(z) → 0 at each end, from :func:`vgtheory.evidence.tail_evidence`.

    Fails when |zσ'(z)| ≥ 0.1 somewhere in the last ten octaves (offsets included); inconclusive
    when σ' has a singularity in the far window; holds (as evidence) when it is ≤ 1e-8 there.
    """
    label = precision_label(sigma, dps)
    worst: tuple[mpmath.mpf, mpmath.mpf] | None = None
    plus: TailEvidence | None = None
    for end in ends:
        sign = 1 if end == "+oo" else -1
        record = tail_evidence(sigma, sign, dps)
        if sign == 1:
            plus = record
        valid = [(t, v) for t, v in record.points if v is not None]
        if len(valid) < 12:
            return PropertyResult("vanishing_derivative", "inconclusive", "numeric", {}, None,
                                  "sigma' could not be evaluated far out", label, claim, plus)
        far_from = abs(valid[-1][0]) / 2**10
        tail = [(t, v) for t, v in valid if abs(t) >= far_from]
        t_max, v_max = max(tail, key=lambda tv: abs(tv[1]))
        if abs(v_max) >= 0.1:
            return PropertyResult(
                "vanishing_derivative", "fails", "numeric", {"z": num(t_max), "z*sigma'(z)": num(v_max)}, None,
                "|z*sigma'(z)| stays large at the largest sampled |z|", label, claim, plus,
            )
        if worst is None or abs(v_max) > abs(worst[1]):
            worst = (t_max, v_max)
        if record.poles:
            t, v = record.poles[0]
            return PropertyResult(
                "vanishing_derivative", "inconclusive", "numeric", {"z": num(t), "|z*sigma'(z)|": num(v)}, None,
                f"sigma' is singular near z = {num(t)}, far out: |z*sigma'(z)| grows without bound there, so "
                "the samples cannot show that it tends to 0", label, claim, plus,
            )
    assert worst is not None
    witness = {"max |z*sigma'(z)| at the sampled tail": num(abs(worst[1])), "at z": num(worst[0])}
    if abs(worst[1]) <= 1e-8:
        return PropertyResult(
            "vanishing_derivative", "holds", "numeric", witness, sp.Integer(0),
            "|z*sigma'(z)| <= 1e-8 at every sample of the last ten octaves (z = 2^k times 1, irrational and random "
            "offsets) and no singularity of sigma' in the far windows (evidence, not proof)", label, claim, plus,
        )
    return PropertyResult("vanishing_derivative", "inconclusive", "numeric", witness, None, "decay too slow to judge",
                          label, claim, plus)


def positive_limit_numeric(sigma: Activation, dps: int) -> PropertyResult:
    label = precision_label(sigma, dps)
    with mpmath.workdps(dps):
        series = tail_series(sigma.value, tail_points(1, sigma))
        limit = converged(series, 1e-9)
        if limit is None:
            mags = [abs(v) for _, v in series]
            if len(mags) >= 12 and mags[-1] > 1e6 * (1 + mags[len(mags) // 2]):
                t, v = series[-1]
                return PropertyResult(
                    "positive_limit", "fails", "numeric", {"z": num(t), "sigma(z)": num(v)}, None,
                    "sigma(z) grows without bound as z -> +oo", label,
                )
            witness = {f"sigma({num(t)})": num(v) for t, v in series[-3:]}
            last = [v for _, v in series[-10:]]
            if len(last) == 10 and max(last) - min(last) > mpmath.mpf("0.1") * (1 + max(abs(v) for v in last)):
                return PropertyResult(
                    "positive_limit", "fails", "numeric", witness, None,
                    "sigma(2^k) keeps spreading over the last ten samples: no limit", label,
                )
            return PropertyResult("positive_limit", "inconclusive", "numeric", witness, None, "sigma(2^k) does not settle", label)
        witness = {"sigma(z) at z = 2^k, largest k": num(limit)}
        value = sp.Float(mpmath.nstr(limit, 20), 20)
        if limit > 1e-8:
            return PropertyResult("positive_limit", "holds", "numeric", witness, value, "sigma(2^k) settles at a positive value (evidence)", label)
        return PropertyResult("positive_limit", "fails", "numeric", witness, value, "sigma(2^k) settles at a value that is not positive", label)


def linear_numeric(sigma: Activation, dps: int) -> PropertyResult:
    label = precision_label(sigma, dps)
    with mpmath.workdps(dps):
        at_zero = safe(sigma.value, mpmath.mpf(0))
        tol = mpmath.mpf(10) ** (-(dps // 2)) if sigma.precision == "mpmath" else mpmath.mpf(1e-12)
        if at_zero is not None and abs(at_zero) > tol:
            return PropertyResult(
                "linear_at_origin", "fails", "numeric", {"sigma(0)": num(at_zero)}, None,
                f"sigma(0) = {num(at_zero)} != 0, so sigma(z)/z is unbounded near 0", label,
            )
        rel = 1e-6 if sigma.precision == "mpmath" else 1e-5
        slopes = {}
        for side, sign in (("0+", 1), ("0-", -1)):
            series = tail_series(lambda t: sigma.value(t) / t, origin_points(sign, sigma))
            slopes[side] = converged(series, rel)
        witness = {f"sigma(z)/z, z->{side}": "unsettled" if v is None else num(v) for side, v in slopes.items()}
        right, left = slopes["0+"], slopes["0-"]
        if right is None or left is None:
            return PropertyResult("linear_at_origin", "inconclusive", "numeric", witness, None, "sigma(z)/z does not settle near 0", label)
        if abs(right - left) > 10 * rel * (1 + abs(right)):
            return PropertyResult("linear_at_origin", "fails", "numeric", witness, None, "the one-sided slopes at 0 differ", label)
        if right > 1e-8:
            return PropertyResult(
                "linear_at_origin", "holds", "numeric", witness, sp.Float(mpmath.nstr(right, 15), 15),
                "sigma(z)/z settles at the same positive slope from both sides (evidence)", label,
            )
        return PropertyResult("linear_at_origin", "fails", "numeric", witness, None, "the slope at 0 is not positive", label)


