"""How far the critical σ_w that :func:`vgtheory.meanfield.propagation.critical_init` found may be from the true one.

The check at the σ_w found says χ₁ = 1 within |χ₁ − 1| + its error estimate; the true critical σ_w* has χ₁ = 1
exactly. Along the curve of fixed points q*(σ_w) (q* = σ_w² V(q*) + σ_b²),

    dχ₁/dσ_w = 2σ_w D(q*) + σ_w² D'(q*) dq*/dσ_w,   dq*/dσ_w = 2σ_w V(q*) / (1 − σ_w² V'(q*)),

so |σ_w − σ_w*| ≈ (|χ₁ − 1| + error)/|dχ₁/dσ_w| to first order. Where χ₁ is nearly flat in σ_w (erf at σ_b = 3e-9,
q* = 1.9e-6: dχ₁/dσ_w ≈ 1e-5) a tight χ₁ fixes σ_w only loosely: 12 digits were printed at dps 15 where 8 held
(R36b-3). At q* = 0, χ₁ = σ_w² D(0), and dχ₁/dσ_w = 2χ₁/σ_w.
"""

from __future__ import annotations

from typing import Any

import mpmath

__all__ = ["derivative", "sigma_w_error", "sigma_w_text"]

#: Relative step of the central differences of V and D at q*.
_STEP = mpmath.mpf("1e-3")


def sigma_w_error(moments: Any, crit: Any) -> mpmath.mpf:
    """A first-order bound of |σ_w − σ_w*| for a :class:`~vgtheory.meanfield.propagation.CriticalInit` (module
    docstring): 0 where σ_w is exact (method ``symbolic``); +∞ where the slope of χ₁ along the fixed points is not
    resolved (zero, or 1 − σ_w² V'(q*) ≈ 0: a fixed point about to split)."""
    if crit.method == "symbolic":
        return mpmath.mpf(0)
    sigma_w, q_star, chi1 = crit.sigma_w, crit.q_star, crit.chi1
    off = abs(chi1 - 1) + crit.check.chi1_error
    if not mpmath.isfinite(off):
        return mpmath.inf
    with mpmath.workdps(moments.dps):
        if q_star is None or q_star == 0:
            slope, spread = 2 * chi1 / sigma_w, mpmath.mpf(0)
        else:
            V, D = moments.V(q_star).value, moments.D(q_star).value
            (dV, eV), (dD, eD) = (derivative(getattr(moments, m), q_star, _STEP) for m in "VD")
            w2 = sigma_w**2
            # dchi1/dsigma_w is a difference of two terms of about 2 chi1/sigma_w each where chi1 is flat (erf near
            # q* = 0): its spread from the derivatives' errors decides whether it is resolved at all
            den, grow = 1 - w2 * dV, 2 * sigma_w * V * w2
            if not den:
                return mpmath.inf
            slope = 2 * sigma_w * D + grow * dD / den
            spread = abs(grow / den) * eD + abs(grow * dD / den**2) * w2 * eV
        if not slope or spread >= abs(slope) / 2:
            return mpmath.inf
        return off / (abs(slope) - spread)


def derivative(moment: Any, q: mpmath.mpf, step: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(m'(q), its error) for a moment q ↦ Expectation, by central differences of relative steps ``step`` and
    ``step``/2: their difference bounds the truncation, the quadratures' error estimates over the step the noise."""
    out, noise = [], mpmath.mpf(0)
    for h in (q * step, q * step / 2):
        up, down = moment(q + h), moment(q - h)
        out.append((up.value - down.value) / (2 * h))
        noise = max(noise, (up.error + down.error) / (2 * h))
    return out[1], abs(out[0] - out[1]) + noise


def sigma_w_text(value: Any, error: Any, unknown: int = 12) -> str:
    """σ_w to the digits its error leaves (at most 12), with the error where it leaves fewer (R36b-3: 12 digits were
    printed where 8 held); two digits and a note where the error is not resolved (4.00001 was printed for the float64
    logistic − 1/2, whose critical σ_w is 4 exactly, R42b-1); ``unknown`` digits where no error was computed (None)."""
    import math

    if value is None:
        return "n/a"
    value = float(value)
    if error is None or not error:
        return f"{value:.{12 if error is not None else unknown}g}"
    error = float(error)
    if not math.isfinite(error):
        return f"{value:.2g} (error not resolved: chi1 is flat along the fixed points)"
    digits = max(1, min(12, int(math.floor(-math.log10(error / abs(value))))))
    return f"{value:.{digits}g}" + (f" (+- {error:.1e})" if digits < 12 else "")
