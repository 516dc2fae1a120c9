r"""Gaussian expectations :math:`E[h(\sqrt q\,z)]`, :math:`z \sim N(0, 1)`, with an error estimate.

Written in the pre-activation :math:`u = \sqrt q\,z \sim N(0, q)`,

.. math:: E[h(\sqrt q\,z)] = \int_{-\infty}^{\infty} h(u)\,\frac{e^{-u^2/(2q)}}{\sqrt{2\pi q}}\,du,

so the kinks of h (points where h or h' jumps, e.g. 0 for relu, ±1 for hardtanh) are the same
for every q and the integral is split there. Two routes:

* :func:`expectation_mp` (mpmath, ``dps`` digits): tanh–sinh quadrature in z on the pieces
  between 0 and the kinks (at k/√q); the error estimate is its distance to Gauss–Legendre
  quadrature in u on a *different* split (0, the kinks, ±1, ±4 and ±(1, 3, 8, 14)√q).
  Both integrands are divided by a typical size of h first, since mpmath.quad's tolerance is absolute. Two rules with different nodes and different
  pieces agreeing is evidence, not a proof; the estimate is reported, never hidden.
* :func:`expectation_f64` (numpy float64, vectorised): composite Gauss–Legendre on panels
  over [−12√q, 12√q] (the Gaussian mass outside is below 1e-32), geometrically graded from 0
  and split at the kinks; the error estimate compares 8 and 16 nodes per panel. Fast enough for
  phase diagrams and the summary lines of ``vgtheory check``.

At q = 0 the expectation is h's value at 0, taken as the q → 0⁺ limit
(h(0⁺) + h(0⁻))/2 so that a jump at 0 (relu's σ') is averaged, as the integral does for q > 0.

>>> import mpmath
>>> e = expectation_mp(lambda u: u * u, 4, dps=20)
>>> mpmath.nstr(e.value, 15), e.error < 1e-15
('4.0', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import mpmath
import numpy as np

__all__ = ["Expectation", "expectation_mp", "expectation_f64", "HALF_WIDTH"]

#: Half-width of the float64 integration range in standard deviations: P(|z| > 12) < 4e-33.
HALF_WIDTH = 12.0


@dataclass(frozen=True)
class Expectation:
    """An estimate ``value`` of E[h(√q z)] with ``error`` (distance between two quadratures)."""

    value: mpmath.mpf
    error: mpmath.mpf
    method: str


def _zero_limit(h: Callable, tiny) -> tuple:
    return (h(tiny) + h(-tiny)) / 2


def expectation_mp(h: Callable[[mpmath.mpf], mpmath.mpf], q, *, kinks: Sequence = (), dps: int = 20) -> Expectation:
    """E[h(u)], u ~ N(0, q), by mpmath quadrature at ``dps`` digits (see the module docstring)."""
    with mpmath.workdps(dps):
        q = mpmath.mpf(q)
        if q == 0:
            value = _zero_limit(h, mpmath.mpf(10) ** (-dps))
            return Expectation(+value, mpmath.mpf(0), f"q = 0 limit, mpmath {dps} digits")
        root = mpmath.sqrt(q)
        # mpmath.quad stops on an absolute error, so the integrand is brought to size ~1 first
        # (V(q) ~ q is 1e-21 at q = 1e-21, far below an absolute 1e-20).
        scale = max([abs(h(root * c)) for c in (-3, -1, 1, 3)] + [mpmath.mpf(0)]) or mpmath.mpf(1)
        norm = 1 / (scale * mpmath.sqrt(2 * mpmath.pi * q))

        def in_u(u):
            return h(u) * mpmath.exp(-u * u / (2 * q)) * norm

        def in_z(z):
            return h(root * z) / scale * mpmath.exp(-z * z / 2) / mpmath.sqrt(2 * mpmath.pi)

        kinks = {mpmath.mpf(k) for k in kinks}
        # Primary: tanh-sinh in z = u/sqrt(q), split at 0 and the kinks within 40 deviations.
        z_points = sorted({mpmath.mpf(0)} | {k / root for k in kinks if abs(k) < 40 * root})
        first = scale * mpmath.quad(in_z, [-mpmath.inf, *z_points, mpmath.inf])
        # Second: Gauss-Legendre in u, split at 0, the kinks, +-1, +-4 (where a saturating h
        # bends) and +-1, 3, 8, 14 standard deviations (so the Gaussian is resolved at any q).
        spread = {root * c for c in (1, 3, 8, 14)} | {mpmath.mpf(1), mpmath.mpf(4)}
        u_points = sorted({mpmath.mpf(0)} | kinks | spread | {-p for p in spread})
        second = scale * mpmath.quad(in_u, [-mpmath.inf, *u_points, mpmath.inf], method="gauss-legendre")
        floor = abs(first) * mpmath.ldexp(1, 8 - mpmath.mp.prec)
        return Expectation(+first, abs(first - second) + floor, f"mpmath quadrature, {dps} digits")


def _panels(root: float, kinks: Sequence[float]) -> np.ndarray:
    """Panel edges on [−12√q, 12√q] (root = √q): geometric (ratio √2) away from 0, starting at
    min(1/4, √q/8), so both h's features near 0 and the Gaussian's scale √q are resolved with
    O(log q) panels; the kinks are added as edges."""
    hi = HALF_WIDTH * root
    first = min(0.25, root / 8)
    steps = int(np.ceil(2 * np.log2(hi / first))) + 1
    side = first * np.sqrt(2.0) ** np.arange(steps)
    side = np.append(side[side < hi], hi)
    inside = [float(k) for k in kinks if -hi < float(k) < hi]
    return np.unique(np.concatenate([-side, [0.0], side, inside]))


@lru_cache(maxsize=8)
def _legendre(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(nodes)


def _gauss_legendre(h: Callable[[np.ndarray], np.ndarray], root: float, edges: np.ndarray, nodes: int) -> float:
    x, w = _legendre(nodes)
    mid = (edges[1:] + edges[:-1]) / 2
    half = (edges[1:] - edges[:-1]) / 2
    u = (mid[:, None] + half[:, None] * x[None, :]).ravel()
    weights = (half[:, None] * w[None, :]).ravel()
    # In z = u/√q: u*u and q themselves underflow for q below ~1e-300, their ratio does not.
    z = u / root
    density = np.exp(-z * z / 2) / (np.sqrt(2 * np.pi) * root)
    values = np.asarray(h(u), dtype=float) * np.ones_like(u)
    return float(np.sum(weights * density * values))


def expectation_f64(h: Callable[[np.ndarray], np.ndarray], q: float, *, kinks: Sequence[float] = ()) -> Expectation:
    """E[h(u)], u ~ N(0, q), in float64 by composite Gauss–Legendre (h takes and returns arrays).

    q may be an mpmath number below float64's range (down to about 1e-600): only √q is rounded
    to float64."""
    root = float(mpmath.sqrt(q))
    if root == 0:
        value = float(np.mean(np.asarray(h(np.array([1e-300, -1e-300])), dtype=float)))
        return Expectation(mpmath.mpf(value), mpmath.mpf(0), "q = 0 limit, float64")
    edges = _panels(root, kinks)
    coarse = _gauss_legendre(h, root, edges, 8)
    fine = _gauss_legendre(h, root, edges, 16)
    error = abs(fine - coarse) + 4e-16 * abs(fine)
    return Expectation(mpmath.mpf(fine), mpmath.mpf(error), "float64 Gauss-Legendre")
