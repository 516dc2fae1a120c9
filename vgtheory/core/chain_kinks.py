"""Layers whose input lies exactly on a kink of σ, where σ' does not exist.

The chain rule takes σ'(t) from the derivative formula, and at a kink that formula holds a
convention, not a derivative (sympy's Heaviside(0) = 1/2 gives the mean of the two one-sided
slopes: R13b-6). At such a layer ∂f/∂w_j may still exist (z_{j-1} = 0, a zero slope further on
on both sides), so the one-sided partials are propagated through the chain: f is a composition
of functions with one-sided derivatives, so its derivative in the direction of w_j from above
(below) is the chain of one-sided slopes, each layer's side set by the sign its input moves by.
Where the two differ, ∂f/∂w_j does not exist and :func:`one_sided_partials` raises.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Sequence

import mpmath

from vgtheory.core.activations import Activation, Z
from vgtheory.core.balls import mpf_ball
from vgtheory.core.chain_checks import (
    NotMpmath, _fraction, _signature, exact_input, exact_signs, layer_slope,
)
from vgtheory.core.chain_error import exact_steps
from vgtheory.core.exact_real import exact_mpf
from vgtheory.errors import VGTheoryError

__all__ = ["callable_kink", "callable_layer", "side_slopes", "one_sided_partials"]


def side_slopes(sigma: Activation, sw: tuple, t: mpmath.mpf, exact: Fraction | None = None) -> tuple[Any, ...] | None:
    """(σ'(t−), σ'(t+), σ(t−), σ(t), σ(t+)) where a switch of σ (:func:`~vgtheory.core.chain_checks.switches`)
    is exactly 0 at t (at ``exact``, t's exact value, where that is known): the one-sided limits, proved by the
    kernel (:func:`_exact_sides`), a one-sided slope being NaN on a side where σ itself jumps and ±oo where σ' is
    unbounded; None where no switch is 0 there; (None, ...) where a limit or σ(t) is not decided."""
    # The signs at the exact point: 1/10 is no binary number, and arb's ball of tanh(1/2) - tanh(1/2) at t = 1/2
    # holds 0 without being 0 (R21b-3); sympy decides where arb does not separate a switch from 0.
    if exact is None:
        # t's own binary value: arb separates every switch from 0 at most layers without building the rational (a
        # scaled chain's inputs 1e-300 beside softsign's kink at 0 built 2^-1000-sized Fractions per layer, R28a-1)
        quick = _signature(sw, mpf_ball(t), mpmath.mp.prec + 64)
        if quick is not None and 0 not in quick:
            return None
    at = _fraction(t) if exact is None else exact
    signs = exact_signs(sw, at, mpmath.mp.prec)
    if signs is None or 0 not in signs:
        return None
    return _exact_sides(sigma.expr, sigma.derivative_expr, at, mpmath.mp.prec)


#: Seconds for the kernel's one-sided limits at one switch point (four limits: σ and σ' on each side).
_SIDE_SECONDS = 8.0


@lru_cache(maxsize=256)
def _exact_sides(expr: Any, slope: Any, at: Fraction, prec: int) -> tuple[Any, ...] | None:
    """:func:`side_slopes` from the kernel's one-sided limits of σ and σ' at the exact point ``at`` (Gruntz on the
    branch near it) and σ(at) by exact arithmetic, compared exactly; (None, ...) where one is not decided.

    Sampling σ' at 2^-(prec+32) and 2^-(prec+64) from t was fooled by features narrower than that (red team R19b):
    |z - 1| with its kink cancelled above 10^-100 by (z - 1) tanh^3(10^100 (z - 1)) gave 50 digits of a df/dw that
    does not exist, tanh^2(10^100 (z - 1)) read as a jump, a slope 10^100 as unbounded, 10^-60 printed as 1.3e-43."""
    import sympy as sp

    from vgtheory import kernel
    from vgtheory.core.point_branches import branches_at

    r = sp.Rational(at.numerator, at.denominator)
    clock = kernel.Deadline(_SIDE_SECONDS)
    limits = []
    for e in (expr, slope):
        for side in ("-", "+"):
            fact = kernel.limit(e, (r, side), clock)
            if fact is None:
                return (None,) * 5
            limits.append(fact.value)
    v_lo, v_hi, lo, hi = limits
    try:
        v = clock.run(lambda: branches_at(expr, r).xreplace({Z: r}))
    except Exception:  # noqa: BLE001 - a branch not decided at the point: σ(t) unknown
        return (None,) * 5
    jumps = []
    for limit in (v_lo, v_hi):
        if limit.is_infinite:
            jumps.append(True)
            continue
        same = v is not None and v.is_number and kernel.compare(limit, v, clock.run)
        if same is None or same is False:
            return (None,) * 5
        jumps.append(same.value != 0)
    with mpmath.workprec(prec):
        def num(x: Any) -> mpmath.mpf:
            if x.is_infinite:
                return mpmath.inf * (1 if x is sp.oo else -1)
            value = exact_mpf(x, mpmath.mp.dps + 5)
            if value or x.is_zero:
                return value
            # exact_mpf's 0 is |x| < 2^-16000, no digit of x: 1 - tanh(10^5)^2 read as 0 made a kink of a C^1 σ
            # and a 50-digit 0.0 of a df/dw that does not exist (R21b-2, R21b-7). sympy's simplify keeps the value
            # (sech^2 there); still 0 is not resolved.
            simpler = clock.run(lambda: sp.simplify(x))
            value = mpmath.mpf(0) if simpler is None else exact_mpf(simpler, mpmath.mp.dps + 5)
            if not value:
                raise ValueError(f"{x} is not resolved: below 2^-16000 in every form tried")
            return value
        try:
            values = [num(x) for x in (v_lo, v, v_hi)]
            slopes = [mpmath.nan if jump else num(x) for jump, x in zip(jumps, (lo, hi))]
        except (ValueError, TypeError, ArithmeticError):
            return (None,) * 5
    return slopes[0], slopes[1], *values


def callable_layer(sigma: Activation, t: mpmath.mpf, target: int) -> tuple[mpmath.mpf, Any, tuple | None]:
    """:func:`~vgtheory.core.chain_checks.layer_slope` at t, and the one-sided slopes (σ'(t−), σ'(t+))
    where a callable of precision 'mpmath' has a kink at t (None elsewhere)."""
    try:
        return (*layer_slope(sigma, t, target), None)
    except NotMpmath as exc:
        if exc.args[0] is None:
            raise
        return exc.args[0][1], None, exc.args[0]


def callable_kink(sigma: Activation, sides: tuple, t: mpmath.mpf, v: mpmath.mpf, k: int, t_prev: Any,
                  z_prev: mpmath.mpf, wk: mpmath.mpf, raw_w: Any, raw_x: Any) -> tuple:
    """The entry of :func:`one_sided_partials` for layer k, whose input t is on a kink of a callable
    (``sides`` from :func:`callable_layer`), where t is shown exact: the partials through it are
    then one-sided (a 1e-15 kink of tanh at 1 gave 30 digits of a df/dw_1 that does not exist:
    R14b-2). An inexact t may lie on either side: :class:`NotMpmath` (the float64 route's digits)."""
    if k == 1:
        exact = exact_input(raw_w, raw_x)
        shown = exact is not None and _fraction(t) == exact
    else:
        shown = max(exact_steps(sigma, t_prev, z_prev, wk, raw_w, raw_x, 0.0)) < 0
    if not shown:
        raise NotMpmath(None)
    return (t, *sides, v, v, v)


def _sign(v: mpmath.mpf) -> int:
    return (v > 0) - (v < 0)


def one_sided_partials(z: Sequence[mpmath.mpf], d: Sequence[mpmath.mpf], w: Sequence[mpmath.mpf],
                       kinks: dict[int, tuple], name: str, digits: int | None = None) -> list[mpmath.mpf]:
    """∂f/∂w_j for each j of a chain with kinked layers (``kinks``: layer index from 0 → (t, *:func:`side_slopes`)),
    where the one-sided partials agree; otherwise a :class:`VGTheoryError` naming the first j whose
    partial does not exist, the kink and the two one-sided values.

    A side where σ jumps has slope NaN: every partial whose input moves it does not exist. Only an
    exact 0 of z_{j-1} or of a weight stops that (the input then does not move at all). A jump or an
    unbounded slope that meets a zero slope (0·∞) leaves the partial not determined (refused as such):
    σ = z² at 0 moves its output at second order and a jump further on still jumps, a flat piece does
    not move it at all, and the slopes alone do not tell which.
    Partials that agree to ``digits`` significant digits (or to the working precision, whichever is
    fewer) pass: a kink of 10^-40 is beyond 30 digits asked whatever precision a run is raised to."""
    for k, (t, lo, *_) in sorted(kinks.items()):
        if lo is None:
            raise VGTheoryError(f"the partial derivatives are not determined: the input t_{k + 1} = {mpmath.nstr(t, 15)} of "
                                f"layer {k + 1} lies on a switch of {name}, and the one-sided limits of sigma and sigma' there, or sigma's value "
                                "at it, are not decided (the kernel proved none of them within its time budget)")
    # a[s]: derivative of f with respect to z_m in a direction of sign s (f = z_l: 1 either way); und[s]: not
    # determined (0 times an unbounded or jumping change); still: a weight further on is exactly 0, so nothing moves f.
    a = {1: mpmath.mpf(1), -1: mpmath.mpf(1)}
    und, still = {1: False, -1: False}, False
    out: list[tuple[mpmath.mpf, mpmath.mpf]] = [None] * len(w)  # type: ignore[list-item]
    unknown = [False] * len(w)
    for j in range(len(w) - 1, -1, -1):
        _, lo, hi, *_ = kinks.get(j, (None, d[j], d[j]))
        b, bu = {}, {}  # derivative with respect to t_j in a direction of sign s, and whether it is not determined
        for s in (1, -1):
            slope = hi if s > 0 else lo
            later_zero = any(a[k] == 0 or und[k] for k in (1, -1))
            if still:
                b[s], bu[s] = mpmath.mpf(0), False
            elif mpmath.isnan(slope):
                # A jump moves the next input by a finite step: where a later slope is 0 at a point, whether f moves
                # depends on sigma away from it (a flat piece: f constant, R18b-6), so it is not determined.
                b[s], bu[s] = (mpmath.mpf(0), True) if later_zero else (mpmath.nan, False)
            elif not slope:
                # A zero slope meets a jump or an unbounded slope further on as 0 times oo: σ = z² at 0 moves the next
                # input at second order (a jump then still jumps; into √z, z_1 = 7e²/8 moves f like |e|, R18b-1), a flat
                # piece not at all (a dead relu before a step: f constant, R18b-6). Which, the slopes do not tell.
                b[s], bu[s] = mpmath.mpf(0), any(mpmath.isnan(a[k]) or mpmath.isinf(a[k]) or und[k] for k in (1, -1))
            else:
                k = _sign(slope) * s
                b[s], bu[s] = (mpmath.mpf(0), True) if und[k] or (mpmath.isinf(slope) and a[k] == 0) else (
                    slope * a[k], False)
        sz = _sign(z[j])
        out[j] = (z[j] * b[-sz], z[j] * b[sz]) if sz else (mpmath.mpf(0), mpmath.mpf(0))
        unknown[j] = bool(sz) and (bu[-sz] or bu[sz])
        sw = _sign(w[j])
        still = still or not sw
        a = {s: w[j] * b[s * sw] if sw else mpmath.mpf(0) for s in (1, -1)}
        und = {s: bool(sw) and bu[s * sw] for s in (1, -1)}
    tol = max(mpmath.ldexp(1, 16 - mpmath.mp.prec), mpmath.mpf(10) ** -digits if digits else 0)
    for j, (left, right) in enumerate(out):
        if unknown[j]:
            k = min(k for k in kinks if k >= j)
            raise VGTheoryError(
                f"df/dw_{j + 1} is not determined: the input t_{k + 1} = {mpmath.nstr(kinks[k][0], 15)} of layer {k + 1} "
                f"lies on a switch of {name} where sigma jumps or sigma' is unbounded, and a layer where sigma' = 0 meets "
                "it (0 times an unbounded change: whether and how f moves is decided beyond first order)")
        if mpmath.isnan(left) or mpmath.isnan(right) or mpmath.isinf(left) or mpmath.isinf(right) or \
                abs(left - right) > tol * max(abs(left), abs(right)):
            k = min(k for k in kinks if k >= j)
            t, lo, hi, v_lo, v, v_hi = kinks[k]
            where = f"the input t_{k + 1} = {mpmath.nstr(t, 15)} of layer {k + 1} lies on a"
            if mpmath.isnan(lo) or mpmath.isnan(hi):
                # The values to where they part, and the jump's size: a jump of 1e-30 printed three equal
                # 12-digit values (R15b-11).
                n = _shown(max(abs(v_hi - v_lo), abs(v - v_lo), abs(v_hi - v)), max(abs(v_lo), abs(v), abs(v_hi)))
                raise VGTheoryError(f"df/dw_{j + 1} does not exist: {where} jump of {name} (sigma(t-) = {n(v_lo)}, "
                                    f"sigma(t) = {n(v)}, sigma(t+) = {n(v_hi)}; by {mpmath.nstr(max(v_hi - v_lo, v - v_lo, v_hi - v, key=abs), 3)}): "
                                    f"f is not differentiable in w_{j + 1}")
            if mpmath.isinf(lo) or mpmath.isinf(hi):
                raise VGTheoryError(
                    f"df/dw_{j + 1} does not exist: {where} point where sigma' of {name} is unbounded (sigma'(t-) "
                    f"= {mpmath.nstr(lo, 12)}, sigma'(t+) = {mpmath.nstr(hi, 12)}): f is not differentiable in w_{j + 1}")
            # Digits enough to show where the two sides part (they may agree to 20 digits: R14b-3).
            n = _shown(abs(left - right), max(abs(left), abs(right)))
            raise VGTheoryError(
                f"df/dw_{j + 1} does not exist: {where} kink of {name} (sigma'(t-) = {n(lo)}, sigma'(t+) = {n(hi)}); "
                f"the one-sided partials differ: {n(left)} from the left, {n(right)} from the right "
                f"(by {mpmath.nstr(right - left, 3)})")
    return [right for _, right in out]


def _shown(gap: mpmath.mpf, scale: mpmath.mpf) -> Callable[[mpmath.mpf], str]:
    """A printer of values of size ``scale`` to the digits where values ``gap`` apart part (at least 12)."""
    rel = gap / scale if gap and scale else 1
    shown = max(12, min(mpmath.mp.dps, 3 - int(mpmath.floor(mpmath.log10(rel)))))
    return lambda u: mpmath.nstr(u, shown)
