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
    elsewhere, and so are the narrow ones and every feature inside their regions (:func:`window_moment`), whose
    ``windows`` hold no point read here (the peak of a far hat was read as a feature 1 wide: R67b-7). The mpmath
    rules split at features within 40 deviations only: a step 10⁻²⁹⁸ wide at 41 held all of D (5.4e-601 ± 1.9e-618
    for ≥ 5.9e-68, R66b-10)."""
    total, root = mpmath.mpf(0), mpmath.mpf(root)
    for c, w in features:
        c, w = mpmath.mpf(c), mpmath.mpf(w)
        if w <= 0 or abs(c) < inner * root or _narrow(c, w, root, inner, digits):  # narrow ones: window_moment
            continue
        need = _need(c, w)
        unresolved = need > digits if digits is not None else w < abs(c) * mpmath.mpf(2) ** -40
        if unresolved:
            return mpmath.inf
        # float64: one across the edge is bounded as a whole, region or not (R69b-1); mpmath's regions hold no such one
        across = digits is None and abs(c) - 16 * w < inner * root
        if any(lo <= c <= hi for lo, hi, _ in windows) and not across:
            continue  # inside a region of window_moment, split at there
        try:
            with mpmath.workdps(max(mpmath.mp.dps, need if digits is not None else 0)):
                height = max([abs(mpmath.mpf(one(u))) for u in (c + k * w for k in (0, -0.5, 0.5, -1, 1))
                              if across or not any(lo < u < hi for lo, hi, _ in windows)], default=0)
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


def far_windows(features: Sequence, root: Any, inner: Any, digits: int | None = None,
                points: Sequence = ()) -> list[tuple[Any, Any, list]]:
    """(lo, hi, [(c, w), ...]): on each side with a narrow far feature (past ±``inner``·√q, the rules' range, by
    :func:`_narrow`), the region from the rules' edge ``inner``·√q out to where the Gaussian has fallen 10^-(dps + 30)
    below its value at the farthest such feature, with every far feature of that side inside it. The whole region, not
    c ± 16w: σ'² of a step under a square root falls like 1/(z − c) past 16 widths (D 3.4 times the window's, R70b-1),
    and a σ that rises at c may fall back 50 widths on (R70b-2). Singular points and kinks (``points``) there are
    features of width 0: split at, not ringed."""
    root, edge = mpmath.mpf(root), inner * mpmath.mpf(root)
    listed = [(mpmath.mpf(c), mpmath.mpf(w)) for c, w in features] + [(mpmath.mpf(k), mpmath.mpf(0)) for k in points]
    # float64: a narrow feature inside the edge, where the Gaussian is within 10^-26 of its value at the edge, may have
    # a tail past it (σ'² ~ 1/(z − c) of a square-root step at 11.99 deviations: 15% of D counted by nobody, R71b-5);
    # its region starts at the edge, the rules keep the rest
    near = root * mpmath.sqrt(max(0, inner**2 - 2 * mpmath.log(10) * 26)) if digits is None else edge
    far = sorted((c, w) for c, w in listed if w >= 0 and abs(c) >= near)
    out = []
    for side in (-1, 1):
        mine = [(c, w) for c, w in far if c * side > 0]
        narrow = [(c, w) for c, w in mine if _narrow(c, w, root, inner, digits) or digits is None and
                  abs(c) < edge + 16 * w and 0 < 16 * w <= root and w >= abs(c) * mpmath.mpf(2) ** -40]
        if not narrow:
            continue
        # at the digits the features need: 45 + 1.6e-99 formed at 20 digits was 45 (R69b-3)
        with mpmath.workdps(max(mpmath.mp.dps, max(_need(c, w) for c, w in narrow) + 5)):
            top = max(abs(c) + 16 * w for c, w in mine)
            end = max(top, mpmath.sqrt(top**2 + 2 * root**2 * mpmath.log(10) * (mpmath.mp.dps + 30)))
            out.append((edge, end, mine) if side > 0 else (-end, -edge, mine))
    return out


def outside(h: Callable, windows: Sequence) -> Callable:
    """h with 0 inside the windows, which :func:`window_moment` integrates instead (the rules past 40 deviations are
    not split at the features and may see part of one)."""
    return lambda u: 0 if any(lo < u < hi for lo, hi, _ in windows) else h(u)


def window_moment(one: Callable, windows: Sequence, q: Any, digits: int | None = None) -> tuple[Any, Any]:
    """(∫ h φ_q, error) over the regions of :func:`far_windows`, by tanh-sinh between the points c, c ± w, c ± 4w and
    c ± 16w, c ± w·64^j of each feature out to the region's ends, in mpmath (φ(38) underflows a float), each piece brought to
    size ~1 by h and φ at its ends (mpmath.quad stops on an absolute error: a cubic step's D at 41 deviations, 1e-285,
    came out 1e-492 unscaled). The error is 4 times the quadrature's estimates. A far hat at 20 deviations made χ₁
    0 ± 6.1 undetermined for 1.104 (R67b-7)."""
    value, error, outer = mpmath.mpf(0), mpmath.mpf(0), mpmath.mp.dps
    for lo, hi, feats in windows:
        need = max(_need(c, w) for c, w in feats if w) if digits is not None else 0
        # 40 digits at least: at float64's 15 the window's rounding passed its error bar 9300 times (R69b-4)
        base = max(mpmath.mp.dps, 40)
        with mpmath.workdps(max(base, need)):
            span = hi - lo
            cuts = {lo, hi}
            for c, w in feats:
                rings = [w, 4 * w, 16 * w] + [w * mpmath.mpf(64) ** j for j in range(1, 2 + int(mpmath.log(span / w, 64)))] if w else []
                cuts |= {c} | {c + s * r for r in rings for s in (-1, 1)}
            points = sorted(p for p in cuts if lo <= p <= hi)
        try:
            for a, b in zip(points, points[1:]):
                # each piece at the digits its own width needs: all at the narrowest's (300 for a bump 1e-290 wide)
                # made 480 rings cost 12 s
                with mpmath.workdps(max(base, 20 + int(mpmath.log10(max(abs(a), abs(b)) / (b - a))))):
                    m = min(abs(a), abs(b))
                    top = max(abs(mpmath.mpf(one(p))) for p in (a, (a + b) / 2, b)) or 1
                    scale = top * mpmath.exp(-m * m / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)
                    v, e = mpmath.quad(lambda u: one(u) / top * mpmath.exp((m * m - u * u) / (2 * q)), [a, b], error=True)
                    value, error = value + v * scale, error + 4 * abs(e) * scale
        except Exception:  # noqa: BLE001 - h undefined or undetermined there: its share is unknown
            return mpmath.mpf(0), mpmath.inf
        if digits is None:  # float64's h reads u rounded to 2^-53 |u|: h moves by up to 4 |u| 2^-53 / w of itself (R71b-4)
            error += abs(value) * mpmath.mpf(2) ** -48 * max([abs(c) / w + 1 for c, w in feats if w] or [1])
    # the sum is used at the caller's digits: its rounding there (2.5e-22 of an erf bump's D at 20 digits) is error too
    error += abs(value) * mpmath.mpf(10) ** (1 - outer)
    return (value, error) if mpmath.isfinite(value) else (mpmath.mpf(0), mpmath.inf)
