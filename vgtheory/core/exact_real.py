"""An exact real constant (a sympy number) as an mpf correct to stated digits: an arb ball where arb has every
function, else mpmath at rising precision until two levels agree (:func:`exact_mpf`)."""

from __future__ import annotations

import time

import mpmath
import sympy as sp

from vgtheory.core.mp_code import lambdify_mp
from vgtheory.core.enclosure import UndeterminedError, compile_ball, settle_switches, tight

__all__ = ["exact_mpf"]


#: Precisions (multiples of the caller's digits + 10) at which a constant arb cannot enclose is evaluated.
_CONSTANT_LEVELS = (1, 2, 4, 8, 16, 32, 64)

#: A level that took longer stops the climb: the next costs several times more (mpmath's exp at 10^5000,
#: R54a-2), and an unresolved constant is an honest answer where a 40-s one is not.
_LEVEL_SECONDS = 0.5


def exact_mpf(value: sp.Expr, dps: int | None = None) -> mpmath.mpf:
    """The real constant ``value`` (exact sympy number, or ±oo) as an mpf correct to ``dps`` digits
    (default: the working precision).

    Never sympy's evalf: it evaluates atanh(1 - 10^-40) at 30 digits as atanh(1) = oo, at 50 digits
    with 34 wrong digits, and acosh(1 + 10^-40) as 0 (red team R9a-9). An arb ball where arb has
    every function; else mpmath at rising precision until two levels agree to the working digits
    (evidence, like every numeric value). ValueError for a number that is not real or not resolved."""
    if dps is not None:
        with mpmath.workdps(dps):
            return exact_mpf(value)
    value = sp.sympify(value)
    if value in (sp.oo, -sp.oo):
        return mpmath.inf if value is sp.oo else -mpmath.inf
    if value.free_symbols or not value.is_number or value.has(sp.nan, sp.zoo):
        raise ValueError(f"{value} is not a real number")
    ball = compile_ball(value, sp.Dummy())
    if ball is not None:
        try:
            return tight(ball, lambda _: _escalated(value))(mpmath.mpf(0))
        except UndeterminedError as exc:
            if exc.bound is None:  # an undecided switch: no bound on the value
                raise ValueError(f"{value} was not resolved: {exc}") from None
            return mpmath.mpf(0)  # |value| < 2^-16000 (its ball at every precision holds 0): 0 to any digits used
    return _escalated(value)


def _escalated(value: sp.Expr) -> mpmath.mpf:
    """``value`` by mpmath at (dps + 10)·2^k digits until two levels agree to dps + 3 digits; no higher level
    once one took :data:`_LEVEL_SECONDS` (then ValueError, not resolved)."""
    dps, settled = mpmath.mp.dps, settle_switches(value)
    if settled is None:
        raise ValueError(f"{value} was not resolved: the sign of a constant in it is not decided")
    value = settled
    # CRootOf as arguments, not xreplaced Floats: sympy evaluated exp(-1/p^2) at a Float next to p's root at
    # every level when it built the expression, then printed its Floats at thousands of digits (R54a-2, 40 s).
    roots = sorted(value.atoms(sp.CRootOf), key=sp.default_sort_key)
    names = [sp.Dummy() for _ in roots]
    try:
        fn = lambdify_mp(names, value.xreplace(dict(zip(roots, names))))
    except Exception as exc:  # noqa: BLE001 - a function mpmath lacks is a refusal, not an internal error
        raise ValueError(f"{value} was not evaluated: {exc}") from None
    previous, took = None, 0.0
    for level in _CONSTANT_LEVELS:
        if took > _LEVEL_SECONDS:
            break
        start = time.perf_counter()
        with mpmath.workdps((dps + 10) * level):
            try:
                # A CRootOf refines its isolating interval exactly (sympy's evalf of it is rigorous).
                args = [mpmath.mpf(sp.Float(r.evalf(mpmath.mp.dps + 5), mpmath.mp.dps + 5)._mpf_) for r in roots]
                v = mpmath.mpmathify(fn(*args))
            except Exception as exc:  # noqa: BLE001 - mpmath's refusal (a pole, an unknown function) is ours
                raise ValueError(f"{value} was not evaluated: {exc}") from None
        took = time.perf_counter() - start
        if isinstance(v, mpmath.mpc):
            if v.imag != 0:
                raise ValueError(f"{value} is not a real number")
            v = v.real
        if not mpmath.isfinite(v):
            previous = None
            continue
        if previous is not None and abs(v - previous) <= mpmath.mpf(10) ** -(dps + 3) * abs(v):
            return +v
        previous = v
    else:
        # A zero arb cannot enclose never agrees relatively: it is below half the digits of the last level.
        if previous is not None and abs(previous) < mpmath.mpf(10) ** -((dps + 10) * _CONSTANT_LEVELS[-1] // 2):
            return mpmath.mpf(0)
    raise ValueError(f"{value} was not resolved to {dps} digits")
