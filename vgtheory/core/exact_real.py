"""An exact real constant (a sympy number) as an mpf correct to stated digits: an arb ball where arb has every
function, else mpmath at rising precision until two levels agree (:func:`exact_mpf`)."""

from __future__ import annotations

import mpmath
import sympy as sp

from vgtheory.core.enclosure import UndeterminedError, compile_ball, settle_switches, tight

__all__ = ["exact_mpf"]


#: Precisions (multiples of the caller's digits + 10) at which a constant arb cannot enclose is evaluated.
_CONSTANT_LEVELS = (1, 2, 4, 8, 16, 32, 64)


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
    """``value`` by mpmath at (dps + 10)·2^k digits until two levels agree to dps + 3 digits."""
    dps, settled = mpmath.mp.dps, settle_switches(value)
    if settled is None:
        raise ValueError(f"{value} was not resolved: the sign of a constant in it is not decided")
    value = settled
    previous = None
    for level in _CONSTANT_LEVELS:
        with mpmath.workdps((dps + 10) * level):
            try:
                # A CRootOf refines its isolating interval exactly (sympy's evalf of it is rigorous): as a number here.
                roots = {r: sp.Float(r.evalf(mpmath.mp.dps + 5), mpmath.mp.dps + 5) for r in value.atoms(sp.CRootOf)}
                v = mpmath.mpmathify(sp.lambdify((), value.xreplace(roots) if roots else value, "mpmath")())
            except Exception as exc:  # noqa: BLE001 - mpmath's refusal (a pole, an unknown function) is ours
                raise ValueError(f"{value} was not evaluated: {exc}") from None
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
    # A zero arb cannot enclose never agrees relatively: it is below half the digits of the last level.
    if previous is not None and abs(previous) < mpmath.mpf(10) ** -((dps + 10) * _CONSTANT_LEVELS[-1] // 2):
        return mpmath.mpf(0)
    raise ValueError(f"{value} was not resolved to {dps} digits")
