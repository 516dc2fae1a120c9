"""What the quadrature rules leave out: features of h past the range the rules split at.

The float64 quadrature (:func:`vgtheory.meanfield.gaussian.expectation_f64`) integrates |u| ≤ 12√q, where the Gaussian
weighs less than 4e-33; a feature of h there is negligible unless h is huge on it. A step atan(10²⁰(u − 13)) at
q = 1 puts σ'² = 10⁴⁰ on a width 10⁻²⁰ at 13 deviations: D = 1.26e-17 came out 3.7e-45 ± 5.8e-60 (R66b-12). The
mpmath rules split at features within 40 deviations only, with the same blind spot beyond (R66b-10).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import mpmath

__all__ = ["far_share"]


def far_share(one: Callable[[Any], Any], features: Sequence, root: Any, inner: Any, digits: int | None = None) -> mpmath.mpf:
    """A bound on ∫ h φ over the features (c, w) with |c| ≥ ``inner``·√q: 4·H·w·φ at the feature's near edge, H the
    largest |h| read at c, c ± w/2, c ± w (a bump or step of width w and height H has area at most about π/2·H·w, σ'²
    of atan(u/w)'s exactly; σ'² of atan(k t)² is 0 at its centre and k²π²/16 at t = ±w, R67b-5/6), in mpmath (φ(41)
    underflows a float); +∞ where h is not known there, or where c ± w/2 are one number as h reads them: float64
    (``digits`` None) below 2⁻⁴⁰ of |c|, mpmath past ``digits``. Width-0 features (singular points) are analysed
    elsewhere. The mpmath rules split at features within 40 deviations only: a step 10⁻²⁹⁸ wide at 41 held all of D
    (5.4e-601 ± 1.9e-618 for ≥ 5.9e-68, R66b-10)."""
    total, root = mpmath.mpf(0), mpmath.mpf(root)
    for c, w in features:
        c, w = mpmath.mpf(c), mpmath.mpf(w)
        if w <= 0 or abs(c) < inner * root:
            continue
        need = 12 + max(0, int(mpmath.log10(abs(c) / w))) if c else 12
        unresolved = need > digits if digits is not None else w < abs(c) * mpmath.mpf(2) ** -40
        if unresolved:
            return mpmath.inf
        try:
            with mpmath.workdps(max(mpmath.mp.dps, need if digits is not None else 0)):
                height = max(abs(mpmath.mpf(one(c + k * w))) for k in (0, -0.5, 0.5, -1, 1))
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
