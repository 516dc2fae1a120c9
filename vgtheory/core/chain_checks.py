"""Per-layer checks of a chain run: σ' of a callable (checked, or with its float64 errors), and the
pieces of a formula (Piecewise, Max, Min, Abs, sign, Heaviside) that a rounded layer input may
have taken wrongly.

A breakpoint within the rounding of a layer's input t = w z was invisible to the error bound:
hardtanh at x = 1 + 1e-64 read at 56 digits is 1, and σ'' = 0 on both pieces said no digit was at
risk, while the other piece gives another σ' (R10b-4). The first layer's input is known exactly
(w_1 x, both decimals), and so is every later one while σ's pieces are rational functions met at
rational points (hardtanh, Max(z, 1), a Piecewise of lines): such an input's piece is decided on
its exact rational, and t moved by one unit of its last place where the rounding crossed the
breakpoint. Other inputs carry the error bound of :class:`~vgtheory.core.chain_error.RunningError`:
a ball of that radius about t on which a switch changes sign makes the run unconfirmed, and the
precision rises until no layer straddles.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Sequence

import mpmath
import sympy as sp
from sympy.core.relational import Relational

from vgtheory.core.dyadic import ratio
from vgtheory.core.balls import mpf_ball
from vgtheory.core.activations import Activation, Z
from vgtheory.core.chain_error import BIG, exact_steps
from vgtheory.core.enclosure import compile_ball, flint
from vgtheory.core.exact_eval import NotRational, TooLarge, cheap_at, rational_value
from vgtheory.core.numbers import plain
from vgtheory.errors import VGTheoryError

__all__ = ["NotMpmath", "float_curvature", "layer_slope", "switch_exprs", "switches", "settle_first", "straddles", "evaluated_on_switch", "exact_input", "exact_losses", "exact_signs", "exact_value", "piece_check", "product_partials", "zero_slopes"]


class NotMpmath(Exception):
    """A callable of precision 'mpmath' failed :func:`~vgtheory.core.callables.mp_slope`'s check at a
    layer; its argument: (σ'(t−), σ'(t+)) where only a kink at t failed it, else None."""


def layer_slope(sigma: Activation, t: mpmath.mpf, target: int) -> tuple[mpmath.mpf, tuple[float, float, float] | None]:
    """σ'(t) for a layer; for a callable, checked (mpmath), or (float64) with the relative errors of
    σ(t) and σ'(t) and an estimate of |σ''(t)| (:func:`float_curvature`), which the chain amplifies."""
    if sigma.expr is not None:
        return sigma.slope(t), None
    if sigma.precision == "mpmath":
        slope, ok, kink = sigma.checked_slope(t, target)
        if not ok:
            raise NotMpmath(kink)
        return slope, None
    slope, slope_err, value_err = sigma.float_report(t)
    return slope, (value_err, slope_err, float_curvature(sigma, t, value_err))


#: Steps (times max(1, |t|)) of the second differences of :func:`float_curvature`: from coarse (a
#: smooth σ'') to 2^-18 (a finer feature), each less the noise the values carry.
_CURVATURE_STEPS = tuple(2.0 ** -k * 1.3183098861837907 for k in (6, 10, 14, 18))


def float_curvature(sigma: Activation, t: mpmath.mpf, noise: float) -> float:
    """|σ''(t)| of a float64 callable, from second differences of its values: the largest over
    :data:`_CURVATURE_STEPS` beyond what their relative ``noise`` explains (a float32 tanh's
    rounding over 2^-18 is no curvature; a kink within a step reads as a large σ'', which only
    costs digits). It tells how an error of t moves σ'(t): a callable has no σ'' of its own (R14b-1)."""
    f = float(t)
    scale = max(1.0, abs(f))
    try:
        y0 = float(sigma.value(mpmath.mpf(f)))
        worst = 0.0
        for step in _CURVATURE_STEPS:
            h = step * scale
            lo, hi = (float(sigma.value(mpmath.mpf(f + s * h))) for s in (-1, 1))
            level = 4 * max(noise, 2.0**-52) * max(abs(lo), abs(y0), abs(hi))
            worst = max(worst, (abs(hi - 2 * y0 + lo) - level) / (h * h))
    except Exception:  # noqa: BLE001 - not evaluable beside t: the effect of t's error is unknown
        return math.inf
    return worst if math.isfinite(worst) else math.inf


def switch_exprs(e: sp.Basic, out: set) -> None:
    """Adds to ``out`` the expressions whose sign picks a piece of ``e``: lhs - rhs of each Piecewise
    condition, the pairwise differences of Max/Min arguments, the arguments of Abs/sign/Heaviside."""
    if isinstance(e, sp.Piecewise):
        for _, c in e.args:
            for rel in c.atoms(Relational) if isinstance(c, sp.Basic) else ():
                out.add(rel.lhs - rel.rhs)
    elif isinstance(e, (sp.Max, sp.Min)):
        out.update(a - b for i, a in enumerate(e.args) for b in e.args[i + 1:])
    elif isinstance(e, (sp.Abs, sp.sign, sp.Heaviside)):
        out.add(e.args[0])
    for a in e.args:
        switch_exprs(a, out)


@lru_cache(maxsize=64)
def _switches(expr: sp.Expr, derivative: sp.Expr) -> tuple:
    found: set = set()
    switch_exprs(expr, found)
    switch_exprs(derivative, found)
    found = {g for g in found if g.has(Z)}
    balls = tuple((g, compile_ball(g, Z)) for g in sorted(found, key=sp.default_sort_key))
    # Where arb cannot evaluate a switch, no check (as before: the error bound alone).
    return balls if flint is not None and all(b is not None for _, b in balls) else ()


def switches(sigma: Activation) -> tuple:
    """(g, ball function of g) for each expression whose sign picks the piece of σ or σ'; () for none."""
    if sigma.expr is None or not sigma.expr.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside):
        return ()
    return _switches(sigma.expr, sigma.derivative_expr)


def _ball_sign(ball_fn: Callable, x: Any) -> int | None:
    """The sign of g on the arb ball x (0 for the exact zero), None where it changes or is unknown."""
    try:
        b = ball_fn(x)
    except Exception:  # noqa: BLE001 - undecided (a straddled inner switch, a pole): not decided
        return None
    if b > 0:
        return 1
    if b < 0:
        return -1
    return 0 if b == 0 else None


def _signature(sw: tuple, x: Any, bits: int) -> tuple | None:
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        out = tuple(_ball_sign(fn, x) for _, fn in sw)
    finally:
        flint.ctx.prec = old
    return None if None in out else out


def _fraction(t: mpmath.mpf) -> Fraction:
    return Fraction(*ratio(t))


def exact_input(raw_w: Any, raw_x: Any) -> Fraction | None:
    """w_1 x as an exact rational, where both are (decimal strings, floats, integers, rationals), or where both are
    sympy numbers whose product sympy evaluates to a rational (√2/4 · √2 = 1/2: the kink at 1/2 was "undetermined"
    at every precision, R27b-3)."""
    raw_w, raw_x = plain(raw_w), plain(raw_x)
    if any(isinstance(r, sp.Basic) and not r.is_Rational for r in (raw_w, raw_x)):
        product = _sympy_product(raw_w, raw_x)
        return Fraction(int(product.p), int(product.q)) if product is not None and product.is_Rational and not _too_large(
            str(product)) else None
    out = Fraction(1)
    for raw in (raw_w, raw_x):
        if _too_large(raw):
            return None
        try:
            if isinstance(raw, sp.Rational):
                out *= Fraction(int(raw.p), int(raw.q))
            elif isinstance(raw, (str, float, int, Fraction)) and not isinstance(raw, bool):
                out *= Fraction(raw.strip() if isinstance(raw, str) else raw)
            elif isinstance(raw, mpmath.mpf):
                out *= _fraction(raw)
            else:
                return None
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            return None
    return out


def _sympy_product(raw_w: Any, raw_x: Any) -> sp.Expr | None:
    """w x in sympy where one is a sympy number and the other a sympy number, an integer or a Fraction."""
    factors = [r if isinstance(r, sp.Basic) else sp.Rational(r.numerator, r.denominator)
               if isinstance(r, (int, Fraction)) and not isinstance(r, bool) else None for r in (raw_w, raw_x)]
    return None if None in factors else factors[0] * factors[1]


def zero_slopes(sigma: Activation, raw_w: Sequence[Any], raw_x: Any) -> frozenset[int]:
    """The layers k (1-based, among the first :data:`_ZERO_LAYERS`) where σ'(t_k) = 0 exactly, t_k followed as an exact
    sympy number where x or one of those weights is an irrational sympy number, σ without switches: by the kernel's
    zero test. Two runs
    cannot confirm a zero (each gives its own rounding noise), and one unconfirmed zero partial left the loss and
    every other partial "undetermined" (√2/2 into z e^{-z²}, R27b-4; π/2 into z + cos z at layer 2, R32b-4)."""
    from vgtheory import kernel  # at call time: the kernel imports core (tests/test_architecture.py)
    from vgtheory.core.budget import Deadline

    raw_x, first = plain(raw_x), [plain(w) for w in raw_w[:_ZERO_LAYERS]]
    # an irrational sympy weight anywhere among them (√2 e/2 at layer 2 after x = w_1 = 1, R33b-3), or x
    if sigma.expr is None or switches(sigma) or not any(
            isinstance(r, sp.Basic) and not r.is_Rational for r in (*first, raw_x)):
        return frozenset()
    out, t, run = set(), _sympy_product(first[0], raw_x), Deadline(_SIGN_SECONDS).run
    for k in range(1, len(first) + 1):
        if t is None or t.free_symbols or sp.count_ops(t) > _ZERO_OPS or _too_large(str(t)):
            break
        fact = kernel.sign(sigma.derivative_expr.subs(Z, t), run)
        if fact is not None and fact.value == 0:
            out.add(k)
        t = _sympy_product(first[k], sigma.expr.subs(Z, t)) if k < len(first) else None
    return frozenset(out)


#: Layers whose exact input is followed in sympy for :func:`zero_slopes`, and the size of expression it stops at.
_ZERO_LAYERS, _ZERO_OPS = 8, 200


def _too_large(raw: Any) -> bool:
    """Whether the exact rational of an input would exceed :data:`_EXACT_BITS` (x = '1e-50000000' built a
    166-million-bit Fraction for minutes, R24b-3): such a chain is not followed exactly anyway."""
    if isinstance(raw, str):
        mantissa, _, exponent = raw.strip().lower().partition("e")
        try:
            return len(mantissa) * 3.33 + abs(int(exponent or 0)) * 3.33 > _EXACT_BITS
        except ValueError:
            return False
    if isinstance(raw, mpmath.mpf):
        return abs(int(raw._mpf_[2])) > _EXACT_BITS
    return False


def exact_signs(sw: tuple, exact: Fraction, prec: int) -> tuple[int, ...] | None:
    """The sign of each switch at the exact rational ``exact``: arb's where its ball separates from 0, else
    the kernel's (on, or too near, a breakpoint: an enclosure, or its zero test); None where one is not decided.
    sympy's own sign orders constants by its 15-digit values (log(1 + 10^-40) is 0 there, red team R18a)."""
    from vgtheory import kernel  # at call time: the kernel imports core (tests/test_architecture.py)
    from vgtheory.core.budget import Deadline

    want = _signature(sw, flint.arb(flint.fmpq(exact.numerator, exact.denominator)), prec + 64)
    if want is not None:
        return want
    r, run = sp.Rational(exact.numerator, exact.denominator), Deadline(_SIGN_SECONDS).run
    signs = [kernel.sign(g.subs(Z, r), run) for g, _ in sw]
    return None if None in signs else tuple(s.value for s in signs)


#: Seconds for the kernel's exact signs of the switches at one exact layer input.
_SIGN_SECONDS = 4.0


def settle_first(sw: tuple, t: mpmath.mpf, exact: Fraction) -> mpmath.mpf | None:
    """t, or its neighbour one unit of the last place towards ``exact`` (the exact layer input),
    such that every switch has the sign it has at ``exact``; None where neither does."""
    prec = mpmath.mp.prec
    want = exact_signs(sw, exact, prec)
    if want is None:
        return None
    if _fraction(t) == exact:
        # t is the point itself: its signs are want's (arb's ball of tanh(1/2) - tanh(1/2) holds 0 but is not 0, R21b-3)
        return t
    candidates = [t]
    if _fraction(t) != exact:
        direction = 1 if _fraction(t) < exact else -1
        candidates.append(t + direction * mpmath.ldexp(1, int(mpmath.mag(t)) - prec) if t else
                          mpmath.mpf(direction) * mpmath.ldexp(1, -prec))
    got = [(c, _signature(sw, mpf_ball(c), prec + 64)) for c in candidates]
    for c, sig in got:
        if sig == want:
            return c
    # exact on a breakpoint no binary number reaches (1/10): t on the exact side of every other switch; σ's sides
    # there are taken at the exact point (chain_kinks.side_slopes).
    for c, sig in got:
        if 0 in want and sig is not None and all(a == b for a, b in zip(sig, want) if b):
            return c
    return None


def evaluated_on_switch(sw: tuple, t: mpmath.mpf) -> bool:
    """Whether some switch is exactly 0 in arb at t itself (t - 1 at t = 1; not tanh(t) - tanh(1/2) at t = 1/2,
    whose rounded value mpmath places on either side): σ's own evaluation at t then takes the piece its
    conditions define."""
    old = flint.ctx.prec
    flint.ctx.prec = mpmath.mp.prec + 64
    try:
        return any(_ball_sign(fn, mpf_ball(t)) == 0 for _, fn in sw)
    finally:
        flint.ctx.prec = old


def straddles(sw: tuple, t: mpmath.mpf, radius: mpmath.mpf) -> bool:
    """Whether a switch may change sign within ``radius`` of t (a wrong piece within t's rounding)."""
    if not radius:
        return False
    prec = mpmath.mp.prec
    s, man, exp, _ = t._mpf_
    r_man, r_exp = mpmath.mpf(radius).man_exp
    old = flint.ctx.prec
    flint.ctx.prec = prec + 64
    try:
        x = flint.arb(((-1) ** s * int(man), int(exp)), (int(r_man), int(r_exp)))
    finally:
        flint.ctx.prec = old
    return _signature(sw, x, prec + 64) is None


#: Bits of numerator or denominator beyond which an exact layer input is no longer followed (w = 1/3 at every
#: layer triples the denominator: the exact value would cost more than the run).
_EXACT_BITS = 4096


def exact_value(sigma: Activation, sw: tuple, e: Fraction) -> tuple[Fraction | None, Fraction | None]:
    """(σ(e), σ'(e)) exactly at an exact layer input e, where every switch of σ is a rational number at e (so
    that exact comparisons pick σ's piece) and the value is rational (sympy's exact arithmetic on that piece);
    σ'(e) only off every switch (on one it is a convention); None otherwise. The next layer's input w σ(e) is
    then exact too (:func:`exact_input`): an exact kink at layer 3 was seen only as a rounded input beside a
    breakpoint, "undetermined" to 1426 digits (R20b-3)."""
    if max(e.numerator.bit_length(), e.denominator.bit_length()) > _EXACT_BITS:
        return None, None
    at = [_rational_at(g, e) for g, _ in sw]
    if None in at:
        return None, None
    return _rational_at(sigma.expr, e), _rational_at(sigma.derivative_expr, e) if all(at) else None


def _rational_at(expr: sp.Basic, e: Fraction) -> Fraction | None:
    """expr at z = e where that is a rational number, else None: in Fractions where every node is a rational
    operation (:func:`~vgtheory.core.exact_eval.rational_value`), by sympy's exact substitution otherwise."""
    try:
        try:
            return rational_value(expr, e)
        except TooLarge:
            return None
        except NotRational:
            if not cheap_at(expr, sp.Rational(e.numerator, e.denominator), Z):
                return None  # Γ(10^30 z + 1/2) at 1/2 would be written out for minutes (R62b-4, R64b-1, R65b-2)
            v = expr.subs(Z, sp.Rational(e.numerator, e.denominator))
            return Fraction(int(v.p), int(v.q)) if v.is_Rational else None
    except ValueError:  # a rational past Python's 4300-digit str limit inside sympy (R50a-8): not known exactly
        return None


def exact_losses(z: Sequence[Fraction], slopes: Sequence[Fraction], w: Sequence[Fraction], y: Fraction,
                 lam: Fraction | None) -> tuple[Fraction, tuple[Fraction, ...] | None]:
    """f − y and the ∂ℓ/∂w_j + λw_j of a chain known in exact rationals (z_0..z_l, σ'(t_k), w_k): what two runs
    that both cancel to 0 cannot tell apart from a value below their precision (R21b-8)."""
    residual = z[-1] - y
    if lam is None:
        return residual, None
    return residual, tuple(residual * g + lam * wj for g, wj in zip(product_partials(z, slopes, w, Fraction(1)), w))


def product_partials(z: Sequence[Any], slopes: Sequence[Any], w: Sequence[Any], one: Any) -> list[Any]:
    """∂f/∂w_j = z_{j-1} σ'(t_j) ∏_{k>j} w_k σ'(t_k) for j = 1..l (0-based here), in one backward pass over the
    suffix products, in whatever number type z, σ' and w share (mpmath mpf, Fraction); ``one`` is that type's 1."""
    out, suffix = [one] * len(w), one
    for j in range(len(w) - 1, -1, -1):
        out[j] = z[j] * slopes[j] * suffix
        suffix *= w[j] * slopes[j]
    return out


def piece_check(sigma: Activation, sw: tuple, t: mpmath.mpf, exact_t: Fraction | None, err: Any,
                t_prev: Any, z_prev: mpmath.mpf, wk: mpmath.mpf, raw_w: Any, raw_x: Any) -> tuple[mpmath.mpf, bool]:
    """t (moved onto the side of each breakpoint of its exact value ``exact_t``, where that is known:
    w_1 x, or w_k times :func:`exact_value`), and whether the piece at t is unconfirmed: a breakpoint within t's
    error bound."""
    if exact_t is not None:
        settled = settle_first(sw, t, exact_t)
        return (t, True) if settled is None else (settled, False)
    for exact in (None, True):
        if exact:  # whether z_prev, w_k and their product carry any rounding at all
            exact = exact_steps(sigma, t_prev, z_prev, wk, raw_w, raw_x, 0.0)
        into = err.input_error(exact)
        # Only an error shown to be 0 is none: one below 2^-50 of a last bit was taken as 0, and t = 2.0 rounded from
        # 2 - 2^-8193 was read on the switch at 2 itself, the constant piece's slope 0 then "confirmed" (R28b-1).
        radius = abs(t) * mpmath.ldexp(1, math.floor(into) + 2 - mpmath.mp.prec) if into > -BIG else 0
        if not straddles(sw, t, radius):
            return t, False
    return t, True


#: Distinct layer inputs at which :func:`finer_than_float64` looks (a deep chain repeats or saturates).
_FINE_CHECKS = 64


def finer_than_float64(sigma: Activation, ts: Sequence[mpmath.mpf]) -> bool:
    """Whether an mpmath callable's slope at some layer input t, resolved there at 60 digits (steps 10^-30|t| and a
    quarter of it agree), moves by more than 10^-6 of itself between t and t(1 ± 2^-60), far inside one float64 cell:
    σ varies on a scale finer than float64 resolves, so its float64 view (where the slope check sent the chain) has no
    slope to claim digits of. tanh t + sin(10^20 t)/10^20 read as tanh claimed 7 digits of σ'(1), none right (red
    team R18b-13). A float piece is flat inside its cell, and a callable of fewer digits resolves no slope: both pass."""
    from vgtheory.core.activations import is_torch, numeric_caller  # the callable itself, given mpf inputs

    if sigma.fn is None or is_torch(sigma.fn) or getattr(sigma, "float_only", False):
        return False
    value = numeric_caller(sigma.fn, "mpmath")
    tol = mpmath.mpf(10) ** -6
    with mpmath.workdps(60):
        for t in list(dict.fromkeys(ts))[:_FINE_CHECKS]:
            t = mpmath.mpf(t)
            h = abs(t) * mpmath.mpf(10) ** -30 or mpmath.mpf(10) ** -30
            off = t * mpmath.ldexp(1, -60) or mpmath.ldexp(1, -60)
            try:
                slope = {(u, k): (value(u + h / k) - value(u - h / k)) * k / (2 * h) for u, k in
                         ((t, 1), (t, 4), (t + off, 1), (t - off, 1))}
            except (VGTheoryError, ArithmeticError, ValueError, TypeError):
                continue
            s0 = slope[(t, 1)]
            scale = tol * max(abs(s0), mpmath.mpf(10) ** -30)
            if abs(slope[(t, 4)] - s0) <= scale and any(abs(slope[(u, 1)] - s0) > scale for u in (t + off, t - off)):
                return True
    return False
