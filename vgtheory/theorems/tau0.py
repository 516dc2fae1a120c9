"""τ₀ of Theorem 1: the least τ₀ ≥ 0 with σ(t) ≥ L/2 for all t ≥ τ₀ (its hypothesis on [τ, ∞)), exact
when sympy finds every root of σ(t) = L/2 and the kernel orders them, else from a grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from vgtheory import kernel
from vgtheory.core.activations import Activation, BeyondRangeError, Z
from vgtheory.core.budget import Deadline
from vgtheory.core.enclosure import UndeterminedError
from vgtheory.core.memo import solveset
from vgtheory.core.set_order import exact_order
from vgtheory.errors import VGTheoryError
from vgtheory.properties.evidence import working_dps
from vgtheory.properties.features import feature_points, peaks_near
from vgtheory.properties.four import Method, PropertyResult
from vgtheory.theorems._theory_util import T, mp, num, sym_step
from vgtheory.core.slots import text_slot
from vgtheory.theorems.hypotheses import Check

__all__ = ["ExactTau0", "TAU0_STEP", "exact_tau0", "tau0"]


@dataclass(frozen=True)
class ExactTau0:
    """τ₀ as an exact number (the last root of σ(t) = L/2, or 0 without one), an mpf upper bound of it
    and the kernel facts it rests on (the roots sympy found, their order)."""

    root: sp.Expr
    upper: mpmath.mpf
    facts: tuple[kernel.Fact, ...]


#: Seconds for sympy's solveset of σ(t) = L/2 and, separately, for ordering its roots: 2 s, not one 0.5 s
#: step, since a process's first solveset loads sympy's solvers (0.3 s quiet, 1 s at load 8).
TAU0_STEP = 2.0


def exact_tau0(act: Activation, L: PropertyResult, continuous: Check, dps: int) -> ExactTau0 | None:
    """The largest root of σ(t) = L/2 on (0, ∞) with σ < L/2 just before it (0 without one) when L is exact, σ is
    proved continuous on (0, ∞) and sympy finds every root: a continuous σ − L/2 keeps its sign between and after
    its roots, and the sign on each gap is exact (the kernel's, at a rational point). The roots are ordered by
    the kernel's exact comparison, never by float (two roots 10^-20 apart are one double, and a
    degree-16 CRootOf took 280 s to convert: red team R10a-2, R10a-8); None when any step is undecided."""
    if not (act.is_symbolic and L.method == "symbolic" and L.value is not None and continuous.proved):
        return None
    # A switch left on t > 0 (|t| = t there) sends solveset through its condition's inequality, which sympy reads
    # at finite precision: Max(0, 10^-40 - (t^3 - 200)^2) was 0 everywhere to it, and a root of sigma = L/2 inside
    # that window was lost, tau0 "proved" too small (R27a-2). Such a sigma gets the grid.
    if act.expr.subs(Z, T).has(sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign, sp.Piecewise):
        return None
    roots = kernel.accept("every real solution of sigma(t) = L/2 on [0, oo)", "roots", lambda: sym_step(
        lambda: solveset(act.expr.subs(Z, T) - L.value / 2, T, sp.Interval(0, sp.oo)), TAU0_STEP))
    if roots is None or not isinstance(roots.value, sp.FiniteSet) or not all(r.is_real for r in roots.value):
        return None
    run, facts = Deadline(TAU0_STEP).run, [roots]
    positive = []  # the roots in (0, oo): 0 itself is no tau0
    for r in roots.value:
        sign = kernel.compare(r, sp.S.Zero, run)
        if sign is None:
            return None
        facts.append(sign)
        positive += [r] if sign.value > 0 else []
    # the distinct roots, increasing, by the kernel's exact comparison
    found = exact_order(positive, run)
    if found is None:
        return None
    ordered = found[0]
    facts += found[2]
    # tau0 is the largest root with sigma < L/2 just before it: a root where sigma only touches L/2 from above (a
    # double root) is no crossing (R36a-1: the last root 2 of (t-1)(t-2)^2 was taken, tau0 = 1). The sign on each
    # gap is the kernel's, at a rational point between the two roots' enclosures.
    last = sp.S.Zero
    gap = act.expr.subs(Z, T) - L.value / 2
    for k in range(len(ordered) - 1, -1, -1):
        point = _rational_between(ordered[k - 1] if k else sp.S.Zero, ordered[k], int(3.33 * dps) + 32)
        side = None if point is None else kernel.sign(gap.subs(T, point), run)
        if side is None:
            return None
        facts.append(side)
        if side.value < 0:
            last = ordered[k]
            break
    bits = int(3.33 * dps) + 32
    ball = kernel.enclose(last, bits)
    if ball is None:
        return None
    with mpmath.workprec(bits):  # mid + rad, rounded up: an upper bound of the root (arb's upper() rounds at 53 bits)
        mid, rad = _mpf(ball.mid()), _mpf(ball.rad())
        upper = mpmath.fadd(mid, rad, rounding="u")
    if rad > (abs(mid) + 1) * mpmath.mpf(2) ** (-3.3 * dps):
        return None
    return ExactTau0(last, upper, tuple(facts))


def _rational_between(a: sp.Expr, b: sp.Expr, bits: int) -> sp.Rational | None:
    """A rational strictly between a < b (the kernel has shown a < b): the midpoint of a's upper and b's lower bound
    from arb enclosures at ``bits``, raised 8-fold while they overlap (roots 10^-60 apart need ~200 bits, R37a-2), up
    to 2^16 bits; None beyond."""
    while bits <= 2**16:
        point = _between_at(a, b, bits)
        if point is not None:
            return point
        bits *= 8
    return None


def _between_at(a: sp.Expr, b: sp.Expr, bits: int) -> sp.Rational | None:
    ends = []
    for x, sign in ((a, 1), (b, -1)):
        ball = kernel.enclose(x, bits) if x != 0 else None
        if ball is None and x != 0:
            return None
        if ball is None:
            ends.append(sp.S.Zero)
            continue
        mid, rad = (sp.Integer(m) * sp.Integer(2) ** e for m, e in (ball.mid().man_exp(), ball.rad().man_exp()))
        ends.append(mid + sign * rad)
    return (ends[0] + ends[1]) / 2 if ends[0] < ends[1] else None


def _mpf(exact: Any) -> mpmath.mpf:
    """An exact arb number (a midpoint, a radius) as the same binary number in mpmath, at the working precision."""
    return mpmath.mpf(tuple(int(v) for v in exact.man_exp()))


def tau0(act: Activation, L: PropertyResult, continuous: Check, dps: int,
          exact: ExactTau0 | None | bool = True) -> tuple[mpmath.mpf, Method, str, str]:
    """The least τ₀ ≥ 0 with σ(t) ≥ L/2 for all t ≥ τ₀ (an upper bound of it when exact), how it was found,
    and that explanation as ASCII text and as LaTeX: :func:`exact_tau0` (``exact``, computed when True),
    else the last sign change on a grid."""
    exact = exact_tau0(act, L, continuous, dps) if exact is True else exact
    if exact is not None and exact.root == 0:
        return (mpmath.mpf(0), "symbolic", "sigma(t) >= L/2 on [0, oo): no root of sigma(t) = L/2 in (0, oo) has sigma < L/2 "
                "before it (sympy solveset; the signs between the roots exact)",
                r"$\sigma(t) \ge L/2$ on $[0, \infty)$: no root of $\sigma(t) = L/2$ in $(0, \infty)$ has $\sigma < L/2$ "
                r"before it (sympy \texttt{solveset}; the signs between the roots exact)")
    if exact is not None:
        last = exact.root
        return (exact.upper, "symbolic", f"tau0 = {last}, the last root of sigma(t) = L/2 with sigma < L/2 just before it "
                "(sympy solveset; the signs between the roots exact)",
                rf"$\tau_0 = {sp.latex(last)}$, the last root of $\sigma(t) = L/2$ with $\sigma < L/2$ just before it "
                r"(sympy \texttt{solveset}; the signs between the roots exact)")
    # at the digits of the numeric evidence: a dip 10^-40 below L/2 on all of [1, 2] rounded to L/2 at 30 (R38a-2)
    with mpmath.workdps(working_dps(act, dps)):
        return _grid_tau0(act, mp(L.value), dps)


def _grid_tau0(act: Activation, Lm: mpmath.mpf, dps: int) -> tuple[mpmath.mpf, Method, str, str]:
    """Numeric: last sign change of σ − L/2 on a grid of [0, 1e12], bisection, tail check. The grid ended at 1e6 and
    the tail was sampled per decade from 1e7: a dip at 3e6 (tanh z - 0.8 v^3 sech(v^3), v = z/3e6) was missed and
    one at 1e7 refused as "L is not its limit" (R31b-4/-5)."""
    half = Lm / 2
    ts = [mpmath.mpf(0)] + [mpmath.mpf(10) ** (mpmath.mpf(e) / 20) for e in range(-80, 241)]
    # A narrow dip (tanh t - 0.8 e^{-100(t-30)^2}) sits where the formula puts it: probe there too.
    features = feature_points(act.expr if act.is_symbolic else None, 0)
    unseen: list[mpmath.mpf] = []

    def under(t: mpmath.mpf) -> bool:
        """σ(t) < L/2; where σ(t) is undetermined, arb's bound |σ(t)| <= b < L/2 still decides it
        (σ(0) = 0 of a sum arb cannot cancel exactly is 0 +- 1e-4974); beyond evaluation (sinh(sinh t) past t = 8.4,
        R71b-3) no evidence, and the detail says where."""
        try:
            return act.value(t) < half
        except UndeterminedError as exc:
            if exc.bound is not None and exc.bound < half:
                return True
            raise
        except BeyondRangeError:
            unseen.append(t)
            return False

    def dip(t: mpmath.mpf) -> mpmath.mpf:
        try:
            return max(half - act.value(t), 0)
        except (UndeterminedError, BeyondRangeError):
            return mpmath.mpf(0)  # no value: no evidence of a dip there

    ts = sorted(set(ts + [t for t, _ in peaks_near(dip, features)]))
    below = [t for t in ts if under(t)]
    tails = [mpmath.mpf(10) ** e for e in range(13, 16)]
    if any(under(t) for t in tails):
        raise VGTheoryError(f"sigma(t) < L/2 at t >= 1e13 for {act.name!r}: L = {num(Lm)} is not its limit")
    if len(unseen) == len(ts) + len(tails):
        raise VGTheoryError(f"sigma(t) >= L/2 for t >= tau0 is undetermined for {act.name!r}: no grid point evaluates")
    if unseen:  # the evidence stops where sigma's values do
        beyond = f"; sigma is beyond evaluation at {len(unseen)} points from t = {num(min(unseen), 4)} on: no evidence there"
        found = _grid_tau0_found(act, half, ts, below, dps)
        return found[0], found[1], found[2] + beyond, found[3] + text_slot(beyond)
    return _grid_tau0_found(act, half, ts, below, dps)


def _grid_tau0_found(act: Activation, half: mpmath.mpf, ts: list, below: list, dps: int) -> tuple[mpmath.mpf, Method, str, str]:
    if not below:
        return (mpmath.mpf(0), "numeric", "sigma(t) >= L/2 at all grid points of [0, 1e12] and near the zeros and critical "
                "points of sigma's inner arguments (evidence)",
                r"$\sigma(t) \ge L/2$ at all grid points of $[0, 10^{12}]$ and near the zeros and critical points of the "
                r"inner arguments of $\sigma$ (evidence)")
    lo = max(below)
    hi = ts[ts.index(lo) + 1]
    for _ in range(int(dps * 3.4)):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _below(act, mid, half) else (lo, mid)
    return (hi, "numeric", "last crossing of L/2 on a 322-point grid of [0, 1e12] and near the zeros and critical points of "
            "sigma's inner arguments, bisection (evidence)",
            r"last crossing of $L/2$ on a 322-point grid of $[0, 10^{12}]$ and near the zeros and critical points of the "
            r"inner arguments of $\sigma$, bisection (evidence)")


def _below(act: Activation, t: mpmath.mpf, half: mpmath.mpf) -> bool:
    try:
        return act.value(t) < half
    except BeyondRangeError:  # past evaluation: no evidence of a crossing (the detail says where)
        return False
