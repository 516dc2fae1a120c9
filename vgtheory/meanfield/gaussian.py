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

from dataclasses import dataclass, replace
from functools import lru_cache
import math
from typing import Callable, Sequence

import mpmath
import numpy as np

from vgtheory.core.enclosure import UndeterminedError
from vgtheory.core.float_slope import SLOPE_STEP
from vgtheory.meanfield.deadline import on_time, values_in_time
from vgtheory.meanfield.far_features import far_share, far_windows, outside, window_moment
from vgtheory.meanfield.features import breakpoints, heavy_tails
from vgtheory.meanfield.jumps import JUMP_DEPTH, MAX_SEARCHES, jump_brackets, locate_jump, node_steps, rise, span
from vgtheory.meanfield.singular import integrate_pieces

__all__ = ["Expectation", "expectation_mp", "expectation_f64", "breakpoints", "HALF_WIDTH"]

#: Half-width of the float64 integration range in standard deviations: P(|z| > 12) < 4e-33.
HALF_WIDTH = 12.0


@dataclass(frozen=True)
class Expectation:
    """An estimate ``value`` of E[h(√q z)] with ``error`` (distance between two quadratures)."""

    value: mpmath.mpf
    error: mpmath.mpf
    method: str
    #: Where the float64 rule found h to jump or ramp (no kink list placed them) and cut its panels: a jump of σ'
    #: there is a kink of σ, which σ²'s rules must be cut at too (:class:`vgtheory.meanfield.moments.Moments`).
    cuts: tuple = ()
    #: The jumps among the cuts (h's two sides differ on a bracket a few ulps wide), each as its bracket's middle.
    jumps: tuple = ()
    #: The brackets (lo, hi) among the cuts where h rose steeply without a jump (a callable's central-difference
    #: slope across a kink of σ).
    ramps: tuple = ()


def _zero_limit(h: Callable, scales: tuple) -> tuple:
    """(h(u) + h(−u))/2 at the smallest of ``scales`` and, as its error, how far the same at the others lies from it:
    one sample stood for the limit with error 0, and σ' = sech² u + 2u sin(1/u) − cos(1/u) (u > 0), which has none,
    gave D(0) = 0.52, χ₁ 0.131 for 0.3125 (R42b-5; an mpmath callable's, off 1.7e-8 under 2.5e-15, R42b-6)."""
    values = [(h(t) + h(-t)) / 2 for t in scales]
    return values[0], max(abs(v - values[0]) for v in values)


def _probe(h: Callable, root) -> Callable:
    """c ↦ h(√q·c), or None where h is undefined there (an integrable singularity of σ' at a
    split point is never a node of the rules, but a probe may land on it)."""

    def at(c):
        try:
            return h(root * c)
        except (ValueError, ArithmeticError):
            return None

    return at


def expectation_mp(
    h: Callable[[mpmath.mpf], mpmath.mpf],
    q,
    *,
    kinks: Sequence = (),
    features: Sequence = (),
    dps: int = 20,
    at_zero: mpmath.mpf | None = None,
    singular: dict | None = None,
) -> Expectation:
    """E[h(u)], u ~ N(0, q), by mpmath quadrature at ``dps`` digits (see the module docstring).

    ``features`` are (point, width) pairs where h changes on a scale ``width`` (see :func:`breakpoints`); ``at_zero``
    is the q → 0⁺ limit when the caller knows it exactly (the average of h's one-sided limits at 0), otherwise h is
    evaluated at ±10^−dps. ``singular`` maps integrable singular points c of h (features of width 0) to (c to many
    digits, a) with h = O(|u − c|^(−a)), a < 1 (:mod:`vgtheory.meanfield.singular`): both rules integrate the pieces
    next to c in t, u = c ± d tᵏ (:func:`vgtheory.meanfield.singular.integrate_pieces`)."""
    on_time()
    # a feature of width w at c is resolved only where c ± w are distinct numbers: a bump 1e-32 wide at u = 2 was
    # integrated at 20 digits as if absent (D = 0.46 for 6.8e24, R63b-4); the digits that resolve it, up to 8 dps
    # integrated at dps + 3 where a width-0 feature (a cusp, an integrable singularity) is split at: the two tanh-sinh
    # rules there agreed to 25 digits and both missed by 4e-19 at 20 digits, 1.8 times their error (R63b-2; 1e-22 at 21)
    near = [(mpmath.mpf(c), mpmath.mpf(w)) for c, w in features if abs(mpmath.mpf(c)) < 40 * mpmath.sqrt(abs(mpmath.mpf(q)))]
    guard = 3 if any(w == 0 for _, w in near) else 0
    finest = max([dps + guard] + [int(mpmath.log10(max(abs(c), w) / w)) + 12 for c, w in near if 0 < w < 1])
    with mpmath.workdps(min(finest, 8 * dps)):
        q = mpmath.mpf(q)
        if q == 0:
            if at_zero is not None:
                return Expectation(+mpmath.mpf(at_zero), mpmath.mpf(0), "q = 0 limit, exact (sympy)")
            value, spread = _zero_limit(h, tuple(mpmath.mpf(c) * mpmath.mpf(10) ** -(dps - j * dps // 20) for j, c in
                                                 enumerate(("1", "3.7", "7.3", "1.9", "5.3", "2.9"))))
            return Expectation(+value, spread, f"q = 0 limit, mpmath {dps} digits, sampled at 0 +- 10^-{dps} and "
                               "larger u (their spread is the error)")
        root = mpmath.sqrt(q)
        # mpmath.quad stops on an absolute error: the integrand is brought to size ~1 first (V(q) ~ q is 1e-21 at q = 1e-21)
        probes = [abs(v) for v in map(_probe(h, root), (-3, -1, 1, 3)) if v is not None]
        if root > 1:  # h concentrated at |u| ~ 1 (sech^4 at sqrt(q) = 1e300) weighs h(+-1)/sqrt(q)
            probes += [abs(v) / root for v in map(_probe(h, 1), (-1, 1)) if v is not None]
        scale = max(probes + [mpmath.mpf(0)]) or mpmath.mpf(1)
        windows = far_windows(features, root, 40, 8 * dps, kinks)
        rules, (far, far_error) = outside(h, windows), window_moment(h, windows, q, 8 * dps)
        result = _quad_pair(rules, q, root, scale, kinks, features, singular)
        # A value far below the probed scale (sech(u)^4 at q = 1e600: all its mass within |u| < 4, a 1e-300 sliver of
        # the Gaussian) is computed again at its own size: the absolute stopping rule accepts the sliver at the first level
        size = abs(result.value)
        if 0 < size < scale * mpmath.mpf(10) ** (-dps // 2):
            result = _quad_pair(rules, q, root, size, kinks, features, singular)
        return replace(result, value=result.value + far, error=result.error + far_error + far_share(
            h, features, root, 40, 8 * dps, windows))  # not split at


def _tail_cut(h, root, scale, split, features) -> mpmath.mpf:
    """Z beyond which the rules take h·e^(-z²/2) as 0 without evaluating h: e^(-Z²/2) <
    10^-(dps+10)/B, where B bounds |h|/scale by its size at ±√q·Z_40 (Z_40: e^(-Z²/2) =
    10^-(dps+40)) when that is at most 10^20, no kink or feature lies beyond Z_40, and h
    grows no faster than there; otherwise infinity (every node evaluated). σ' of
    tanh(x)**3 + tanh(x) at u ~ 1e3..1e26 (e^(-4000) and below, each a slow evaluation of a
    tiny number) took 20 of the 23 s of D(1e4)."""
    z_40 = mpmath.sqrt(2 * mpmath.log(10) * (mpmath.mp.dps + 40))
    if any(abs(p) >= z_40 * root for p in split):
        return mpmath.inf
    ends = [_probe(h, root)(c) for c in (-z_40, z_40)]
    if any(v is None or not mpmath.isfinite(v) or abs(v) > mpmath.mpf(10) ** 20 * scale for v in ends):
        return mpmath.inf
    bound = max([1] + [abs(v) / scale for v in ends])
    cut = mpmath.sqrt(2 * (mpmath.log(10) * (mpmath.mp.dps + 10) + mpmath.log(bound)))
    # a feature of some width past the cut has a height the ends do not see (a step 1e-40 wide at 20 deviations,
    # between the cut 17 and Z_40 = 20.7, was cut off: D 3e-97 for 8.7e-48, R67b-11); not so a pole (width 0)
    return mpmath.inf if any(w > 0 and cut * root <= abs(c) < z_40 * root for c, w in features) else cut


def _negligible_as_zero(h: Callable, negligible: mpmath.mpf) -> Callable:
    """h, with 0 where h(u) is not confirmed but arb bounds |h(u)| by B <= ``negligible`` (σ' of
    tanh(x)**3 + tanh(x) at u = 22820 is e^-45640, whose 1 - tanh² form cancels beyond 16384
    bits): the integral moves by at most B, far below the digits asked. A larger B still raises."""

    def value(u):
        try:
            return h(u)
        except UndeterminedError as exc:
            if exc.bound is not None and exc.bound <= negligible:
                return mpmath.mpf(0)
            raise

    return value


def _quad_pair(h, q, root, scale, kinks, features, singular=None) -> Expectation:
    """Two quadrature rules for E[h(u)], u ~ N(0, q), with h divided by ``scale``."""
    norm = 1 / (scale * mpmath.sqrt(2 * mpmath.pi * q))
    h = _negligible_as_zero(h, scale * mpmath.mpf(10) ** -(mpmath.mp.dps + 10))

    split = [p for p in breakpoints(kinks, features, heavy_tails(h, mpmath.mpf(10) ** -(mpmath.mp.dps + 3)))
             if abs(p) < 40 * root]
    cut = _tail_cut(h, root, scale, split, features)
    if mpmath.isfinite(cut):  # beyond the cut the integrand is 0: no split point is needed there
        split = [p for p in split if abs(p) < cut * root]

    def in_u(u):
        return 0 if abs(u) > cut * root else h(u) * mpmath.exp(-u * u / (2 * q)) * norm

    def in_z(z):
        return 0 if abs(z) > cut else h(root * z) / scale * mpmath.exp(-z * z / 2) / mpmath.sqrt(2 * mpmath.pi)

    # Primary: tanh-sinh in z = u/sqrt(q), split at 0 and the kinks and features within 40
    # deviations (tanh-sinh never evaluates at an end, so an integrable singularity of h at
    # a split point is never touched), and at u = +-1, +-4 (where a saturating h bends: at
    # sqrt(q) = 1e300 that bend is a 1e-300 sliver in z that tanh-sinh would not see).
    # The ladder 1, 4, 256, 16^3, ... up to min(√q, 1e12) resolves a tail of h between its bend and
    # the Gaussian's scale (sech^4 beyond u = 4, 3e-7 of its mass, was lost at √q = 1e300).
    # Past 16^10, steps of 2^16 up to √q: a 1/u² tail (z/(1 + z²), asinh' at q = 1e100) lost 1e-11 of V beyond 1e12 (R66b-11).
    ladder = [mpmath.mpf(c) for c in [1, 4] + [16**k for k in range(2, 11)] + [16**10 * 2 ** (16 * k) for k in range(1, 64)]
              if c < root]
    bends = ladder + [-b for b in ladder]
    z_points = sorted({mpmath.mpf(0)} | {p / root for p in split + bends})
    centres = {c: v for c, v in (singular or {}).items() if abs(c) < min(40, cut) * root}
    first, first_err = integrate_pieces(in_z, z_points, root, "tanh-sinh", centres, in_u)
    # Second: Gauss-Legendre in u (see below), split at 0, the kinks and features, +-1, +-4 (where a
    # saturating h bends) and +-1, 3, 8, 14 standard deviations (so the Gaussian is
    # resolved at any q).
    spread = {root * c for c in (1, 3, 8, 14)} | {mpmath.mpf(1), mpmath.mpf(4)} | set(ladder)
    u_points = sorted(p for p in {mpmath.mpf(0)} | set(split) | spread | {-p for p in spread})
    # Gauss-Legendre converges slowly at an integrable singularity (a feature of width 0,
    # e.g. |u - 1|^(-2/3)), tanh-sinh exponentially; there the second rule is tanh-sinh too,
    # on the different pieces.
    singular = any(w == 0 and abs(c) < 40 * root for c, w in features)
    method = "tanh-sinh" if singular else "gauss-legendre"
    second, second_err = integrate_pieces(in_u, u_points, 1, method, centres, in_u)
    # rounding over thousands of nodes: 2^(8 - prec) of the value was passed by 1.4..1.8 times at a cusp (R63b-2)
    floor = abs(first) * mpmath.ldexp(1, 12 - mpmath.mp.prec)
    # Each rule's own convergence estimate counts too: two rules that both failed to
    # converge on a feature can still agree by chance. Both are heuristics (differences of levels), and their sum
    # was passed by 1.9 times on a bump 1e-32 wide (R63b-4): a safety factor of 4, as QUADPACK-style estimates take.
    error = 4 * scale * (abs(first - second) + first_err + second_err) + floor * scale
    return Expectation(scale * first, error, f"mpmath quadrature, {mpmath.mp.dps} digits")


def _panels(root: float, split: Sequence[float]) -> np.ndarray:
    """Panel edges on [−12√q, 12√q] (root = √q): geometric (ratio √2) away from 0, starting at
    min(1/4, √q/8), so both h's features near 0 and the Gaussian's scale √q are resolved with
    O(log q) panels; the kinks and feature points are added as edges."""
    hi = HALF_WIDTH * root
    first = min(0.25, root / 8)
    steps = int(np.ceil(2 * np.log2(hi / first))) + 1
    side = first * np.sqrt(2.0) ** np.arange(steps)
    side = np.append(side[side < hi], hi)
    inside = np.array([float(k) for k in split if -hi < float(k) < hi])
    grid = np.concatenate([-side, [0.0], side])
    if len(inside):
        # A grid edge within rounding of a split point would make a panel so thin that its
        # nodes round onto the split point, where h may be singular: such grid edges go.
        distance = np.abs(grid[:, None] - inside[None, :])
        nearest = inside[np.argmin(distance, axis=1)]
        # Relative to the numbers themselves, not to 1 (at q ~ 1e-400 every edge is below 1e-9) nor to √q: at q = 1e40
        # every edge within 1e11 of the split point 0 went, and atan's width-1 feature there with it (D 4e-46 for
        # 6e-21, R65b-5)
        grid = grid[np.min(distance, axis=1) > 1e-9 * np.maximum(np.abs(grid), np.abs(nearest))]
    return np.unique(np.concatenate([grid, inside]))


@lru_cache(maxsize=8)
def _legendre(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(nodes)


def _gauss_legendre(h: Callable[[np.ndarray], np.ndarray], root: float, lo: np.ndarray, hi: np.ndarray,
                    nodes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The integral over each panel [lo_i, hi_i] (an array, one per panel), and the nodes and the
    values of h there (one row per panel)."""
    x, w = _legendre(nodes)
    mid = (hi + lo) / 2
    half = (hi - lo) / 2
    u = (mid[:, None] + half[:, None] * x[None, :]).ravel()
    weights = (half[:, None] * w[None, :]).ravel()
    # In z = u/√q: u*u and q themselves underflow for q below ~1e-300, their ratio does not.
    z = u / root
    density = np.exp(-z * z / 2) / (np.sqrt(2 * np.pi) * root)
    values = values_in_time(h, u)
    shape = (len(mid), nodes)
    return (weights * density * values).reshape(shape).sum(axis=1), u.reshape(shape), values.reshape(shape)


#: Rounds of panel bisection, and the most panels, of the adaptive float64 rule.
_REFINE_ROUNDS = 30
_MAX_PANELS = 20000


def expectation_f64(
    h: Callable[[np.ndarray], np.ndarray],
    q: float,
    *,
    kinks: Sequence[float] = (),
    features: Sequence = (),
    at_zero: float | None = None,
    noisy: bool = False,
    noise: Callable[[float], float] | None = None,
    find_jumps: bool = False,
    singular: dict | None = None,
) -> Expectation:
    """E[h(u)], u ~ N(0, q), in float64 by adaptive composite Gauss–Legendre (h takes and
    returns arrays): panels whose 8- and 16-node rules disagree by more than their share of
    the tolerance are bisected until the estimate meets it (or the panel budget is spent, and
    the estimate says so). ``noisy``: h carries relative noise far above float64's rounding (a
    finite-difference slope), so bisection also stops once it no longer shrinks the rules'
    disagreement, which is then the error estimate; ``noise(u)`` bounds h's rounding at u (of a noisy h, or of a
    float64 callable's values), and a rise or a jump of h within four times it is no ramp or jump to cut at. ``find_jumps``: h may jump where no kink
    says (a callable), so jumps are searched for (:func:`jump_brackets`) and made edges; not for
    a formula, whose jumps are kinks already and whose float64 form can be a staircase of
    rounding steps where it cancels (the centred logistic near 0 at q = 1e-12).

    q may be an mpmath number below float64's range (down to about 1e-600): only √q is rounded
    to float64. ``singular``: as for :func:`expectation_mp` (its exponents size the error
    estimate of the graded rule)."""
    on_time()
    root = float(mpmath.sqrt(q))
    if root == 0:
        if at_zero is not None:
            return Expectation(mpmath.mpf(at_zero), mpmath.mpf(0), "q = 0 limit, exact (sympy)")
        value, spread = _zero_limit(lambda t: float(np.asarray(h(np.array([t])), dtype=float).ravel()[0]),
                                    (1e-300, 3.7e-285, 7.3e-270, 1.9e-255, 5.3e-240, 2.9e-225))
        return Expectation(mpmath.mpf(value), mpmath.mpf(spread), "q = 0 limit, float64, sampled at 0 +- 1e-300 and "
                           "larger u (their spread is the error)")
    one = lambda u: float(np.asarray(h(np.array([float(u)])), dtype=float).ravel()[0])  # noqa: E731
    split = [float(p) for p in breakpoints(kinks, features, heavy_tails(one, 1e-18), max(1.0, root))]
    edges = _panels(root, split)
    # Around a possible singularity c (a feature of width 0) Gauss-Legendre converges slowly, so
    # (c - d, c + d) is integrated with the graded substitution u = c ± d t^3 (which makes
    # |u - c|^(-a) polynomial in t for a = 1/3, 2/3: sigma'^2 of a cube root; higher powers of
    # t would round u onto c at the first nodes) and left out of the adaptive panels.
    singular_exponents = singular
    singular = [float(c) for c, w in features if w == 0 and -HALF_WIDTH * root < float(c) < HALF_WIDTH * root]
    holes, graded, graded_error = [], 0.0, 0.0
    for c in singular:
        others = edges[np.abs(edges - c) > 1e-9 * max(1.0, abs(c))]
        d = float(np.min(np.abs(others - c))) / 2 if len(others) else root
        holes.append((c - d, c + d))
        parts = [_graded(h, root, c, side * d, n) for n in (16, 32) for side in (-1, 1)]
        graded += parts[2] + parts[3]
        # Gauss-Legendre on t^b (b = 3(1 - a) - 1 after the substitution, h = O(|u - c|^(-a)))
        # errs like n^(-2(b + 1)), so |Q16 - Q32| bounds the error of Q32 only when 4^(b + 1) >= 2:
        # for a > 5/6 it is widened by 1/(4^(b + 1) - 1) (|u|^(-0.9): 6% off, estimate was 3%).
        known = [float(v[1]) for k, v in (singular_exponents or {}).items() if abs(float(k) - c) <= 1e-12 * max(1, abs(c))]
        a = max(known or [15 / 16])
        widen = 2 * max(1.0, 1 / (4 ** (3 * (1 - a)) - 1))
        # Rounding u to float64 moves u - c by up to ulp(c) at each node: a relative change of
        # about ulp(c)/|u - c| in h = O(|u - c|^(-a)), a < 1 (|u - 1|^(2/3) at q = 1.3: D was
        # 1.65e-10 off, as much as the 16/32 difference alone).
        rounding = sum(_graded(lambda u: np.abs(h(u)) * np.spacing(abs(c)) / np.abs(u - c), root, c, side * d, 32)
                       for side in (-1, 1))
        graded_error += widen * abs(parts[2] + parts[3] - parts[0] - parts[1]) + rounding
    if holes:
        edges = np.unique(np.concatenate([edges, [e for hole in holes for e in hole]]))
    history: list[float] = []
    rows, old = np.empty((0, _COLUMNS)), np.empty(0)
    slivers: dict[tuple[float, float], np.ndarray] = {}  # jumps found: a few ulps each, left out
    searched: set[tuple[float, float]] = set()  # brackets already searched for a jump
    # h's steep ramps (no jump), and a noisy h's share of the error for each. Bisection brackets one kink again and
    # again (44 nested brackets around hardsigmoid's kink at -3 in E[sigma], R47b-2): only the outermost of a nest is
    # reported and counted, the one that holds the whole ramp (an inner one may hold one corner of it only: its rise
    # understated the error 2e5-fold, R49b-2)
    ramps: dict[tuple[float, float], float] = {}
    cuts: set[float] = set()  # every point cut at for a jump
    first = edges.copy()  # the panels before any bisection, to tell how deep a panel is
    peak = 1 / (np.sqrt(2 * np.pi) * root)  # the largest value of the Gaussian density
    for _ in range(_REFINE_ROUNDS):
        on_time()
        mid = (edges[1:] + edges[:-1]) / 2
        keep = np.ones(len(mid), dtype=bool)
        for a, b in holes:
            keep &= ~((mid > a) & (mid < b))
        rows, old = _rules(h, root, edges, old, rows, slivers, find_jumps), edges
        coarse, fine = rows[:, 0] * keep, rows[:, 1] * keep
        local = np.abs(fine - coarse)
        total = float(np.sum(fine)) + graded
        tol = 1e-13 * max(abs(total), float(np.sum(np.abs(fine))), 1e-300)
        # Panels narrower than 1e-9 of their position are not split again: their nodes would
        # round onto the ends, where an integrable singularity of h may sit; what they still
        # disagree by stays in the error estimate.
        width = edges[1:] - edges[:-1]
        wide = width > 1e-9 * np.maximum(root, np.abs(edges[1:]))
        bad = (local > tol / len(local)) & wide
        brackets = []
        if find_jumps and len(searched) < MAX_SEARCHES:
            at = np.clip(np.searchsorted(first, mid) - 1, 0, len(first) - 2)
            first_width = first[at + 1] - first[at]  # the width of the first panel this one lies in
            deep = bad & (width <= first_width / 2**JUMP_DEPTH) & (width > first_width / 2 ** (JUMP_DEPTH + 1))
            brackets = [b for b in jump_brackets(edges, rows, deep, wide & keep, tol / len(local) / peak, set(split))
                        if b not in searched][:MAX_SEARCHES - len(searched)]
        history.append(float(np.sum(local)))
        # On a noisy h, two rounds of bisection that did not even halve the disagreement met h's
        # own noise, which more panels only multiply (1.4 million points for a math.tanh
        # callable's chi1 at the 20000-panel budget, 17 thousand with this stop).
        stalled = noisy and len(history) >= 3 and history[-1] > history[-3] / 2
        if not (bad.any() or brackets) or stalled or len(edges) + int(bad.sum()) + 2 * len(brackets) > _MAX_PANELS:
            break
        found: list[float] = []
        for bracket in brackets:
            searched.add(bracket)
            jump = locate_jump(h, *bracket)
            if jump is not None and noise is not None and \
                    (size := abs(jump[3] - jump[2])) <= 4 * max(noise(jump[0]), noise(jump[1])) < np.inf:
                # a step of h within its rounding (a float32 callable's values step by an ulp, 1.2e-7 of them; its
                # central difference by ulp/2h): no jump to cut at (21 such cuts in a float32 clamp(100 z) left its
                # kink in a panel whose nodes all lay beyond it, D 4.9e5 times its error off, R51b-3), and what it
                # moves either rule by is at most its size times the panels' width
                graded_error += size * span(edges, bracket) * peak
                continue
            step = rise(h, bracket) if jump is None and (noisy or noise is not None) else 0.0
            if jump is None and noise is not None and step <= 4 * max(map(noise, bracket)) < np.inf:
                # The rounding of a difference slope, not the ramp of a kink: min(max(z + 3, 0), 6)/6's z + 3 rounds,
                # and its 256 such "ramps" were cut at (R47b-2). Any step of h this small inside the panels around the
                # bracket moves either rule by at most its rise times their width.
                graded_error += step * span(edges, bracket) * peak
                continue
            if jump is None:
                # no jump but a steep ramp between two nodes (a callable's central-difference slope across a kink, 2^-16
                # wide): cut there, or a ramp at a panel's middle stays weighed 1/2 by both rules (R37b-2: D off 1.6e-4).
                # A noisy h's ramp stands for a step of sigma' itself: its width times its rise bounds that difference.
                found += list(bracket)
                u = (bracket[0] + bracket[1]) / 2
                ramps[bracket] = 4 * SLOPE_STEP * max(1.0, abs(u)) * step * peak * np.exp(-(u / root) ** 2 / 2) \
                    if noisy else 0.0
            else:
                # The jump's own sliver (a few ulps wide) is left out, its share bounded in the error
                # (and never read as a step itself); the panels beside it are smooth.
                lo, hi, f_lo, f_hi = jump
                found += [lo, hi]
                cuts.update((lo, hi))
                slivers[(lo, hi)] = np.array([0, 0, 0, 0, 0, lo, f_lo, np.inf, hi, f_hi, np.inf])
                near = min(abs(lo), abs(hi)) / root if lo * hi > 0 else 0.0  # the density's largest value on it
                graded_error += (hi - lo) * max(abs(f_lo), abs(f_hi)) * peak * np.exp(-near * near / 2)
                if noisy:
                    # a step of a difference slope's staircase ramp (a float32 clamp's, R50b-3): the share of the whole
                    # ramp around it, its rise read two steps out on either side
                    u = (lo + hi) / 2
                    reach = 2 * SLOPE_STEP * max(1.0, abs(u))
                    graded_error += 2 * reach * rise(h, (u - reach, u + reach)) * peak * np.exp(-(u / root) ** 2 / 2)
        if found:  # a bad panel with a jump found inside is split there, not bisected
            bad[np.clip(np.searchsorted(edges, found) - 1, 0, len(bad) - 1)] = False
        edges = np.unique(np.concatenate([edges, mid[bad], found]))
    outer = [r for r in ramps if not any(o != r and o[0] <= r[0] <= r[1] <= o[1] for o in ramps)]
    error = float(np.sum(local)) + graded_error + sum(ramps[r] for r in outer) + 4e-16 * abs(total) + \
        _feature_rounding(fine, old, features, root) + float(far_share(one, features, root, HALF_WIDTH, None, windows := (
            far_windows(features, root, HALF_WIDTH, None, kinks)))) + float((far := window_moment(one, windows, q))[1])  # old: fine's edges
    total += float(far[0])  # windows: narrow features past 12 deviations
    jumps = tuple(sorted((lo + hi) / 2 for lo, hi in slivers))
    cuts.update(end for bracket in outer for end in bracket)
    # a feature narrower than 2^-40 of its distance from 0 has no float64 node inside it (atan(10^30 (u - 10^5)): D
    # 7.0e43 +- 3.8e28 for 3.8e24, R64b-3): its share is unknown, so the error is +oo (the mpmath backend resolves it)
    method = "float64 adaptive Gauss-Legendre"
    if any(0 < float(w) < abs(float(c)) * 2.0**-40 for c, w in features if abs(float(c)) < HALF_WIDTH * root):
        error, method = math.inf, method + "; a feature narrower than float64 resolves at its position"
    return Expectation(mpmath.mpf(total), mpmath.mpf(error), method, tuple(sorted(cuts)), jumps, tuple(sorted(outer)))


def _feature_rounding(fine: np.ndarray, edges: np.ndarray, features: Sequence, root: float) -> float:
    """A bound on what rounding the nodes u to float64 moves the panels' sums by near narrow features: a feature
    (c, w) like (1 + ((u - c)/w)^2)^-p has |d log h/du| <= 2p/max(w, |u - c|), p <= 2 for a square, and a node
    u = mid + half·x carries up to 3 ulps (mid, product, sum): h moves by 12 ulp/max(w, |u - c|) relative at most; the
    rules agree on the rounded nodes and never see it (a 1e-4 bump at u = 30: V was 17 times its error bar off, 3e-13
    relative, R65b-1; a 1e-2 bump at 1e9, 1e-4 relative, R66b-1)."""
    lo, hi = edges[:-1], edges[1:]
    ulp = np.spacing(np.maximum(np.abs(lo), np.abs(hi)))
    reach = np.zeros(len(fine))
    for c, w in features:
        c, w = float(c), float(w)
        if w > 0 and abs(c) < HALF_WIDTH * root:
            reach = np.maximum(reach, ulp / np.maximum(w, np.maximum(0.0, np.maximum(lo - c, c - hi))))
    return 16 * float(np.sum(np.abs(fine) * reach))


#: Columns of a panel's record: its 8- and 16-node rules, then :func:`node_steps`.
_COLUMNS = 11


def _rules(h: Callable[[np.ndarray], np.ndarray], root: float, edges: np.ndarray, old: np.ndarray,
           rows: np.ndarray, slivers: dict[tuple[float, float], np.ndarray], steps: bool) -> np.ndarray:
    """The record of each panel between consecutive edges (its node steps only if ``steps``, else
    zeros). A round of bisection changes only the
    panels it splits: the others keep their rows (of the panels between ``old``), so h is evaluated
    on the new panels only (each round used to evaluate every panel again: a jump that no kink list
    places, in a callable, is bisected 30 times, and that cost 250 thousand mpmath calls)."""
    out = np.full((len(edges) - 1, _COLUMNS), np.nan)
    if len(old) > 1:
        i = np.clip(np.searchsorted(old, edges[:-1]), 0, len(old) - 2)
        same = (old[i] == edges[:-1]) & (old[i + 1] == edges[1:])
        out[same] = rows[i[same]]
    for (lo, hi), row in slivers.items():
        j = int(np.searchsorted(edges, lo))
        if j < len(out) and edges[j] == lo and edges[j + 1] == hi:
            out[j] = row
    todo = np.isnan(out[:, 0])
    if todo.any():
        lo, hi = edges[:-1][todo], edges[1:][todo]
        coarse = _gauss_legendre(h, root, lo, hi, 8)[0]
        fine, u, v = _gauss_legendre(h, root, lo, hi, 16)
        out[todo] = np.column_stack([coarse, fine, node_steps(u, v) if steps else np.zeros((len(u), _COLUMNS - 2))])
    return out


def _graded(h: Callable[[np.ndarray], np.ndarray], root: float, c: float, d: float, nodes: int) -> float:
    """∫ h(u) φ_q(u) du from c to c + d (d may be negative) with u = c + d t³, t ∈ (0, 1)."""
    x, w = _legendre(nodes)
    t = (x + 1) / 2
    u = c + d * t**3
    z = u / root
    density = np.exp(-z * z / 2) / (np.sqrt(2 * np.pi) * root)
    values = np.asarray(h(u), dtype=float) * np.ones_like(u)
    return float(abs(d) * np.sum(w / 2 * 3 * t**2 * density * values))
