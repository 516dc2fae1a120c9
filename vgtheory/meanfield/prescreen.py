"""Float64 answers that let the critical-σ_w search skip mpmath quadratures it does not need.

The search for the critical σ_w (:func:`vgtheory.meanfield.propagation.critical_init`) scans
G(q) = q − σ_b² − V(q)/D(q) on a grid and checks each candidate by iterating the length map, two
mpmath quadratures per point: 25 s for the grid of tanh(x)**3 + tanh(x) alone. Float64 quadrature
(:func:`vgtheory.meanfield.gaussian.expectation_f64`) gives the same signs in 0.4 s. A float64
answer is used only where it is *sure*: beyond 100 times its own error estimate and rounding; everywhere
else mpmath decides, as before. Nothing here is a result: the roots, σ_w and the checks that are
reported are computed in mpmath, and a skipped step is one whose mpmath answer float64 already shows.
"""

from __future__ import annotations

from typing import Callable

import mpmath

from vgtheory.meanfield.moments import Moments

__all__ = ["Float64Signs", "clearly_not_critical"]

#: How far beyond its error estimate a float64 value must lie to be trusted for its sign.
_MARGIN = 100
#: Bisection steps of :meth:`Float64Signs.narrowed` (a bracket of relative width ~1e-10 at most).
_NARROWING_STEPS = 40


class Float64Signs:
    """The sign of G(q) = q − σ_b² − V(q)/D(q) where float64 is sure of it, else 0."""

    def __init__(self, moments: Moments, b2: mpmath.mpf) -> None:
        self.b2 = b2
        self.fast = None if moments.backend == "float64" else Moments.of(moments.sigma, "float64", moments.dps)

    def sign(self, q: mpmath.mpf) -> int:
        if self.fast is None:
            return 0
        try:
            v, d = self.fast.V(q), self.fast.D(q)
        except Exception:  # noqa: BLE001 - no float64 sign: mpmath decides
            return 0
        if not (d.value > 0 and mpmath.isfinite(v.value)):
            return 0
        ratio = v.value / d.value
        g = q - self.b2 - ratio
        err = (v.error + abs(ratio) * d.error) / d.value + mpmath.mpf(1e-15) * (q + self.b2 + abs(ratio))
        return 0 if abs(g) <= _MARGIN * err else 1 if g > 0 else -1

    def narrowed(self, qa: mpmath.mpf, qb: mpmath.mpf, sign_a: int) -> tuple[mpmath.mpf, mpmath.mpf]:
        """A sub-bracket of (qa, qb) by bisection on the signs float64 is sure of (the bracket
        itself where it is sure of none); the caller confirms its ends in mpmath."""
        for _ in range(_NARROWING_STEPS):
            mid = (qa + qb) / 2
            s = self.sign(mid)
            if s == 0:
                break
            qa, qb = (mid, qb) if s == sign_a else (qa, mid)
        return qa, qb


def clearly_not_critical(check: Callable[[Moments], object], moments: Moments) -> bool:
    """Whether ``check`` (the length-map iteration of one candidate σ_w) run on float64 moments
    converges to q* ≥ 1e-6 with |χ₁ − 1| above 1e-6 and 100 times its error estimate: its mpmath
    run (seconds) would reject the candidate too."""
    if moments.backend == "float64":
        return False
    try:
        fast = check(Moments.of(moments.sigma, "float64", moments.dps))
    except Exception:  # noqa: BLE001 - no float64 answer: the mpmath check decides
        return False
    chi1, q_star = getattr(fast, "chi1", None), getattr(fast, "q_star", None)
    return (getattr(fast, "q_state", None) == "converged" and chi1 is not None and q_star is not None
            and q_star >= 1e-6 and abs(chi1 - 1) > _MARGIN * fast.chi1_error + mpmath.mpf(10) ** -6)
