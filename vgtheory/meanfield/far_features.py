"""What the quadrature rules leave out: features of h past the range the rules split at.

The float64 quadrature (:func:`vgtheory.meanfield.gaussian.expectation_f64`) integrates |u| ≤ 12√q, where the Gaussian
weighs less than 4e-33; a feature of h there is negligible unless h is huge on it. A step atan(10²⁰(u − 13)) at
q = 1 puts σ'² = 10⁴⁰ on a width 10⁻²⁰ at 13 deviations: D = 1.26e-17 came out 3.7e-45 ± 5.8e-60 (R66b-12). The
mpmath rules split at features within 40 deviations only, with the same blind spot beyond (R66b-10).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import mpmath

__all__ = ["far_share", "far_windows", "window_moment", "outside"]


def far_share(one: Callable[[Any], Any], features: Sequence, root: Any, inner: Any, digits: int | None = None,
              windows: Sequence = ()) -> mpmath.mpf:
    """A bound on ∫ h φ over the features (c, w) with |c| ≥ ``inner``·√q: 4·H·w·φ at the feature's near edge, H the
    largest |h| read at c, c ± w/2, c ± w (a bump or step of width w and height H has area at most about π/2·H·w, σ'²
    of atan(u/w)'s exactly; σ'² of atan(k t)² is 0 at its centre and k²π²/16 at t = ±w, R67b-5/6), in mpmath (φ(41)
    underflows a float); +∞ where h is not known there, or where c ± w/2 are one number as h reads them: float64
    (``digits`` None) below 2⁻⁴⁰ of |c|, mpmath past ``digits``. Width-0 features (singular points) are analysed
    elsewhere, and so are the narrow ones (:func:`window_moment`), whose ``windows`` hold no point read here (the peak
    of a far hat was read as a feature 1 wide: R67b-7). The mpmath rules split at features within 40 deviations only:
    a step 10⁻²⁹⁸ wide at 41 held all of D (5.4e-601 ± 1.9e-618 for ≥ 5.9e-68, R66b-10)."""
    total, root = mpmath.mpf(0), mpmath.mpf(root)
    for c, w in features:
        c, w = mpmath.mpf(c), mpmath.mpf(w)
        if w <= 0 or abs(c) < inner * root or _narrow(c, w, root, inner, digits):  # narrow ones: window_moment
            continue
        need = _need(c, w)
        unresolved = need > digits if digits is not None else w < abs(c) * mpmath.mpf(2) ** -40
        if unresolved:
            return mpmath.inf
        try:
            with mpmath.workdps(max(mpmath.mp.dps, need if digits is not None else 0)):
                height = max([abs(mpmath.mpf(one(u))) for u in (c + k * w for k in (0, -0.5, 0.5, -1, 1))
                              if not any(lo < u < hi for lo, hi, _ in windows)], default=0)
        except Exception:  # noqa: BLE001 - h undefined or undetermined there: its share is unknown
            return mpmath.inf
        if not mpmath.isfinite(height):
            return mpmath.inf
        # the near edge is no closer than ``inner`` deviations: inside those the rules see the feature themselves (a
        # wide step at c = 1 with q = 10^-6 read at the origin made hardtanh's D phi(0)/root, undetermined)
        # and a feature wider than the tail past that edge weighs at most the tail, φ(z)/z (hardtanh's (1, 1) at
        # q = 5e-18 was read 1.4e8 deviations wide: V's error 8e-6 of it)
        z = max(abs(c) - 16 * w, inner * root) / root
        total += 4 * height * min(w / root, 1 / z) * mpmath.exp(-z * z / 2) / mpmath.sqrt(2 * mpmath.pi)
    return total


def _need(c, w) -> int:
    """Digits at which c ± w/2 are distinct numbers."""
    return 12 + max(0, int(mpmath.log10(abs(c) / w))) if c else 12


def _narrow(c, w, root, inner, digits) -> bool:
    """A far feature (|c| − 16w ≥ inner·√q) at most 1/16 deviation wide that h resolves (float64: w ≥ 2⁻⁴⁰|c|; mpmath:
    the digits it needs at most ``digits``): the Gaussian is nearly constant across it, so it is integrated, not
    bounded. One across the rules' edge stays bounded: its window cut there lost the half the rules did not see (a step
    at 12 deviations, R69b-1)."""
    return 0 < 16 * w <= root and abs(c) - 16 * w >= inner * root and (
        w >= abs(c) * mpmath.mpf(2) ** -40 if digits is None else _need(c, w) <= digits)


def far_windows(features: Sequence, root: Any, inner: Any, digits: int | None = None) -> list[tuple[Any, Any, list]]:
    """(lo, hi, [(c, w), ...]): the windows c ± 16w of the narrow far features (past ±``inner``·√q, the rules' range,
    by :func:`_narrow`), merged where they overlap, with the features inside each."""
    root, spans = mpmath.mpf(root), []
    for c, w in sorted((mpmath.mpf(c), mpmath.mpf(w)) for c, w in features):
        if _narrow(c, w, root, inner, digits):
            # at the digits the feature needs: 45 -+ 1.6e-99 formed at 20 digits was the empty window (45, 45) (R69b-3)
            with mpmath.workdps(max(mpmath.mp.dps, _need(c, w) + 5)):
                lo, hi = c - 16 * w, c + 16 * w
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(hi, spans[-1][1]), spans[-1][2] + [(c, w)])
            else:
                spans.append((lo, hi, [(c, w)]))
    return spans


def outside(h: Callable, windows: Sequence) -> Callable:
    """h with 0 inside the windows, which :func:`window_moment` integrates instead (the rules past 40 deviations are
    not split at the features and may see part of one)."""
    return lambda u: 0 if any(lo < u < hi for lo, hi, _ in windows) else h(u)


def window_moment(one: Callable, windows: Sequence, q: Any, digits: int | None = None) -> tuple[Any, Any]:
    """(∫ h φ_q, error) over the windows, by tanh-sinh between the points c, c ± w, c ± 4w, in mpmath (φ(38) underflows
    a float). The error is 4 times the quadrature's estimate plus all the mass past 4 widths of every feature, where
    what lies past 16 widths is taken to be no more (an atan step's σ'² falls like t⁻⁴: 0.7% of it lies in 4..16
    widths, 0.01% past them). A far hat at 20 deviations made χ₁ 0 ± 6.1 undetermined for 1.104 (R67b-7)."""
    value, error = mpmath.mpf(0), mpmath.mpf(0)
    for lo, hi, feats in windows:
        need = max(_need(c, w) for c, w in feats) if digits is not None else 0
        # 40 digits at least: at float64's 15 the window's rounding passed its error bar 9300 times (R69b-4)
        with mpmath.workdps(max(mpmath.mp.dps, need, 40)):
            points = sorted({lo, hi} | {p for c, w in feats for k in (0, -1, 1, -4, 4) if lo < (p := c + k * w) < hi})
            try:  # mpmath.quad stops on an absolute error: the integrand is brought to size ~1 (a cubic step's D at
                # 41 deviations, 1e-285, came out 1e-492 unscaled)
                top = max(abs(mpmath.mpf(one(p))) for p in points[1:-1]) or 1
                m = min(abs(lo), abs(hi))
                scale = top * mpmath.exp(-m * m / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)
                for a, b in zip(points, points[1:]):
                    v, e = mpmath.quad(lambda u: one(u) / top * mpmath.exp((m * m - u * u) / (2 * q)), [a, b], error=True)
                    far = all(b <= c - 4 * w or a >= c + 4 * w for c, w in feats)
                    value, error = value + v * scale, error + (4 * abs(e) + (abs(v) if far else 0)) * scale
            except Exception:  # noqa: BLE001 - h undefined or undetermined there: its share is unknown
                return mpmath.mpf(0), mpmath.inf
    return (value, error) if mpmath.isfinite(value) else (mpmath.mpf(0), mpmath.inf)
