r"""The signal-propagation phase diagram of an activation in the (σ_b, σ_w) plane (float64).

The edge of chaos χ₁ = 1 is drawn as a curve parametrised by the fixed point q (Poole et al.'s
construction): a pair (σ_w, σ_b) has q as a fixed point with χ₁ = 1 iff

.. math:: σ_w^2 = 1/D(q), \qquad σ_b^2 = q - V(q)/D(q) \;(\ge 0),

with V(q) = E[σ(√q z)²] and D(q) = E[σ'(√q z)²]. The curve is traced for σ and for the
s-scaled σ_s(u) = s σ(u/s), so the figure shows where the scaling trick moves the edge. Behind
it, χ₁ at the fixed point reached from q0 = 1 on a grid (:func:`vgtheory.meanfield.propagation.signal`, float64).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import mpmath

from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.moments import Moments
from vgtheory.meanfield.inputs import exact_number
from vgtheory.meanfield.propagation import signal
from vgtheory.progress import ProgressFn

__all__ = ["CriticalCurve", "PhaseDiagram", "critical_curve", "phase_diagram"]


@dataclass(frozen=True)
class CriticalCurve:
    """Points (σ_b, σ_w) with χ₁ = 1 at the fixed point q, for σ_s (s = 1: σ itself)."""

    s: float
    q: tuple[float, ...]
    sigma_w: tuple[float, ...]
    sigma_b: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"s": self.s, "q": list(self.q), "sigma_w": list(self.sigma_w), "sigma_b": list(self.sigma_b)}


@dataclass(frozen=True)
class PhaseDiagram:
    """Edge-of-chaos curves per s and χ₁ on a (σ_b, σ_w) grid (None where undetermined)."""

    activation: str
    curves: tuple[CriticalCurve, ...]
    sigma_w: tuple[float, ...]
    sigma_b: tuple[float, ...]
    chi1: tuple[tuple[float | None, ...], ...]  # chi1[i][j] at sigma_w[i], sigma_b[j]
    precision: str = "float64"

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "curves": [c.to_dict() for c in self.curves],
            "sigma_w": list(self.sigma_w),
            "sigma_b": list(self.sigma_b),
            "chi1": [list(row) for row in self.chi1],
            "precision": self.precision,
        }


def critical_curve(f: Any, *, s: Any = 1, q_min: float = 1e-4, q_max: float = 1e4, points: int = 60,
                   progress: ProgressFn | None = None) -> CriticalCurve:
    """The χ₁ = 1 curve of σ_s, from q on a log grid [q_min, q_max] (points with σ_b² < 0 dropped,
    and those where D(q) is infinite: χ₁ = +∞ for every σ_w there)."""
    s_val = exact_number(s, "s", allow_zero=False)
    moments = Moments.of(activation(f), "float64")
    s2 = float(s_val) ** 2
    qs, ws, bs = [], [], []
    for k in range(points):
        q = q_min * (q_max / q_min) ** (k / (points - 1))
        # sigma_s(u) = s sigma(u/s): D_s(q) = D(q/s^2), V_s(q) = s^2 V(q/s^2), exactly.
        if progress is not None:
            progress(k, points, f"phase diagram: edge of chaos at s = {s}, point")
        d = float(moments.D(q / s2).value)
        if not 0 < d < math.inf:
            continue
        b2 = q - s2 * float(moments.V(q / s2).value) / d
        if b2 >= 0:
            qs.append(q), ws.append(1 / math.sqrt(d)), bs.append(math.sqrt(b2))
    return CriticalCurve(float(s_val), tuple(qs), tuple(ws), tuple(bs))


def phase_diagram(
    f: Any,
    *,
    scales: Sequence[Any] = (1, 10),
    sigma_w_max: float = 4.0,
    sigma_b_max: float = 1.0,
    grid: int = 20,
    progress: ProgressFn | None = None,
) -> PhaseDiagram:
    """Critical curves for each s in ``scales`` and χ₁ (s = 1) on a grid×grid lattice;
    ``progress(done, total, what)`` is told of each curve point and grid cell."""
    if isinstance(grid, bool) or not isinstance(grid, int) or not 2 <= grid <= 200:
        raise VGTheoryError(f"grid must be an integer between 2 and 200, got {grid!r}")
    if not (sigma_w_max > 0 and sigma_b_max > 0):
        raise VGTheoryError("sigma_w_max and sigma_b_max must be positive")
    sigma = activation(f)
    curves = tuple(critical_curve(sigma, s=s, progress=progress) for s in scales)
    ws = tuple(sigma_w_max * (i + 1) / grid for i in range(grid))
    bs = tuple(sigma_b_max * j / (grid - 1) for j in range(grid))
    rows = []
    # D(q) = +oo shown for every q > 0 (sigma'^2 not integrable at a point): chi1 = +oo everywhere,
    # drawn as undetermined cells without a signal run each (3,600 took 140 s).
    infinite = Moments.of(sigma, "float64").diverges("D") is not None
    for w in ws:
        row = []
        for b in bs:
            if infinite:
                row.append(None)
                continue
            if progress is not None:
                progress(len(rows) * grid + len(row), grid * grid, "phase diagram: chi1 grid point")
            r = signal(sigma, w, b, backend="float64", max_iter=100)
            row.append(None if r.chi1 is None else float(r.chi1) if mpmath.isfinite(r.chi1) else None)
        rows.append(tuple(row))
    return PhaseDiagram(sigma.name, curves, ws, bs, tuple(rows))
