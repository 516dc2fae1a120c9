"""What the float64 rules leave out: features of h past their integration range of ±12 deviations.

The float64 quadrature (:func:`vgtheory.meanfield.gaussian.expectation_f64`) integrates |u| ≤ 12√q, where the Gaussian
weighs less than 4e-33; a feature of h there is negligible unless h is huge on it. A step atan(10²⁰(u − 13)) at
q = 1 puts σ'² = 10⁴⁰ on a width 10⁻²⁰ at 13 deviations: D = 1.26e-17 came out 3.7e-45 ± 5.8e-60 (R66b-12).
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

__all__ = ["far_share"]


def far_share(one: Callable[[float], float], features: Sequence, root: float, inner: float, outer: float = 38.0) -> float:
    """A bound on ∫ h φ over the features (c, w) with ``inner``·√q ≤ |c| < ``outer``·√q: 4|h(c)|·w·φ at the feature's
    near edge (a bump or step of width w and height |h(c)| has area at most about π/2·|h(c)|·w, σ'² of atan(u/w)'s
    exactly); +∞ where h(c) is not finite. Width-0 features (singular points) are analysed elsewhere."""
    total = 0.0
    for c, w in features:
        c, w = float(c), float(w)
        if w <= 0 or not inner * root <= abs(c) < outer * root:
            continue
        try:
            hc = abs(one(c))
        except (ValueError, ArithmeticError, TypeError):
            return math.inf
        if not math.isfinite(hc):
            return math.inf
        z = max(0.0, abs(c) - 16 * w) / root
        total += 4 * hc * w * math.exp(-z * z / 2) / (math.sqrt(2 * math.pi) * root)
    return total
