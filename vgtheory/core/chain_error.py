"""How many digits of a run of the chain model are right, and at what precision to run it again.

One run at p digits rounds every input (w_k, x, y, λ are decimal numbers, not binary ones), every
product t_k = w_k z_{k-1} and every value of σ and σ' (each correctly rounded for the exact t_k,
:mod:`vgtheory.core.enclosure`). :class:`RunningError` bounds, to first order, where those
roundings go, in units of the run's last bit (relative error 2^-prec ≤ 10^-p):

* z_k: ρ_k = c_k (ρ_{k-1} + 2) + 1, with c_k = |t_k σ'(t_k) / σ(t_k)| the condition number of one
  layer (a chaotic chain, sin(3z), multiplies the error by ~3 a layer; a deep one adds a bit a layer);
* σ'(t_k): γ_k (ρ_{k-1} + 2) + 1, with γ_k = |t_k σ''(t_k) / σ'(t_k)| (1e300 for sech² at t = 1e300,
  whose mantissa needs the 300th digit of t; cos(t) near a zero); the partials ∂f/∂w_j are products
  of these, so their errors add;
* the residual f − y loses log10(max(|f|, |y|) / |f − y|) digits to cancellation, and so do the
  loss, every ∂ℓ/∂w_j and the weight-decay sums ∂ℓ/∂w_j + λ w_j (each its own cancellation).

The bound decides whether one run at a few guard digits above the digits asked suffices; where it
does not (or cannot be computed: a callable σ has no σ''), the chain is computed again at more
digits, and only the digits on which two runs agree are reported (:func:`agreeing_digits`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Callable

import mpmath
import sympy as sp

from vgtheory.core.activations import Activation, Z
from vgtheory.core.formula_eval import stable_form

__all__ = ["RunningError", "agreeing_digits", "agreeing_exponent_digits", "compare_runs", "log2_abs", "lost_digits",
           "risk_reason"]

#: A log2 size that stands for "beyond every precision" (an unknown or infinite error).
BIG = 1e300
_LOG10_2 = math.log10(2)


def log2_abs(v: mpmath.mpf) -> float:
    """log2|v| as a float (−BIG for 0, ±BIG beyond a float's range), from the binary representation."""
    _, man, exp, bc = v._mpf_
    if not man:
        return -BIG
    top = exp + bc
    if abs(top) > 10**15:
        return math.copysign(BIG, top)
    return exp + math.log2(man)


def _add(a: float, b: float) -> float:
    """log2(2^a + 2^b)."""
    if a < b:
        a, b = b, a
    if a - b > 60 or b <= -BIG:
        return a
    return a + math.log2(1.0 + 2.0 ** (b - a))


def lost_digits(log2_ulps: float) -> float:
    """Decimal digits lost to an error of 2^log2_ulps last bits (0 for an error below one bit)."""
    return max(0.0, min(BIG, log2_ulps) * _LOG10_2)


@lru_cache(maxsize=32)
def _curvature(expr: sp.Expr) -> tuple[Callable[[float], Any] | None, Callable[[Any], Any]]:
    """σ'' of σ = expr, as a float function (None where sympy cannot write one) and an mpmath one."""
    d2 = sp.diff(expr, Z, 2).replace(lambda n: isinstance(n, sp.DiracDelta), lambda n: sp.S.Zero)
    d2 = stable_form(d2)
    try:
        fast = sp.lambdify(Z, d2, "math")
    except Exception:  # noqa: BLE001 - any printer failure: the mpmath form alone
        fast = None
    return fast, sp.lambdify(Z, d2, "mpmath")


class RunningError:
    """The first-order rounding bound of one run (module docstring), updated layer by layer."""

    def __init__(self, sigma: Activation) -> None:
        self.curvature = _curvature(sigma.expr) if sigma.expr is not None else None
        self.rho = 0.0      # log2 of ρ_k: x is read with one rounding
        self.worst_z = 0.0  # log2 max_k ρ_k
        self.slopes = -BIG  # log2 Σ_k (γ_k (ρ_{k-1} + 2) + 3): the errors of the products' factors

    def layer(self, t: mpmath.mpf, z: mpmath.mpf, d: mpmath.mpf, log_gamma: float) -> None:
        """Account for z = σ(t) and d = σ'(t) at t = w z_prev (ρ of z_prev is ``self.rho``;
        ``log_gamma`` from :meth:`log_gamma`)."""
        into = _add(self.rho, 1.0)  # t = w z_prev: w read, and the product rounded
        self.slopes = _add(self.slopes, _add(log_gamma + into, 1.6))
        if not z:
            # σ(t) = 0: exact at t = 0 (the chain stays 0); elsewhere a root of σ, where a
            # relative error has no meaning: the two-run comparison decides.
            self.rho = self.rho if not t else BIG
        else:
            self.rho = _add(log2_abs(t) + log2_abs(d) - log2_abs(z) + into, 0.0)
        self.worst_z = max(self.worst_z, self.rho)

    def log_gamma(self, t: mpmath.mpf, d: mpmath.mpf) -> float:
        """log2 of γ = |t σ''(t) / σ'(t)| (BIG when unknown)."""
        if not t:
            return -BIG
        if self.curvature is None:
            return BIG
        fast, slow = self.curvature
        if fast is not None and log2_abs(d) > -800:
            try:
                c = fast(float(t))
                if math.isfinite(c) and (abs(c) > 1e-290 or log2_abs(d) > -700):
                    return log2_abs(t) + (math.log2(abs(c)) if c else -BIG) - log2_abs(d)
            except (ArithmeticError, ValueError, TypeError):
                pass
        try:
            with mpmath.workprec(64):
                c = slow(t)
                c = mpmath.mpf(c.real if isinstance(c, mpmath.mpc) else c)
                if not mpmath.isfinite(c):
                    return BIG
                if not d:
                    return -BIG if not c else BIG
                # The quotient in mpmath: log2|c| and log2|d| of e^(-2e300) differ by less than
                # a float resolves.
                return log2_abs(t * c / d)
        except Exception:  # noqa: BLE001 - σ'' not evaluable here: the error is unknown
            return BIG

    def at_risk(self, residual: mpmath.mpf, y: mpmath.mpf, dloss: tuple, regularized: tuple | None,
                lam: mpmath.mpf | None, w: tuple) -> dict[str, float]:
        """Decimal digits at risk, by kind of value (see :meth:`ChainGradient.digits_of`), at the end of a run."""
        f = residual + y
        derivative = _add(self.worst_z, self.slopes)
        # f - y: f's error, y's rounding, the subtraction's; relative to |f - y|.
        if residual:
            r = _add(_add(self.rho + log2_abs(f), log2_abs(y)) - log2_abs(residual), 0.0)
        else:
            r = -BIG if not f and not y else BIG
        loss = _add(r, derivative) + 1.0
        out = {"forward": lost_digits(self.worst_z), "derivative": lost_digits(derivative), "loss": lost_digits(loss)}
        if regularized is not None:
            worst = 0.0
            for g, h, wj in zip(dloss, regularized, w):
                if not h:
                    worst = BIG if g or (lam and wj) else worst
                    continue
                lw = log2_abs(lam) + log2_abs(wj) if lam and wj else -BIG
                worst = max(worst, _add(_add(loss + log2_abs(g), lw + 1.0) - log2_abs(h), 0.0))
            out["regularized"] = lost_digits(worst)
        return out


def agreeing_digits(a: mpmath.mpf, b: mpmath.mpf, most: int) -> int:
    """The significant digits on which a and b agree, at most ``most``."""
    if a == b:
        return most
    if not a or not b or (a < 0) != (b < 0):
        return 0
    # One digit fewer than the relative gap shows: the digits printed then round like the truth's.
    (_, ma, ea, ba), (_, mb, eb, bb) = a._mpf_, b._mpf_
    if abs((ea + ba) - (eb + bb)) > 8:
        return 0  # a factor of 256 apart (and no exact difference of numbers 2^(10^300) apart)
    with mpmath.workprec(64):  # the quotient: exponents of 10^(-8.7e302) are beyond a float
        gap = -log2_abs(mpmath.fsub(a, b, exact=True) / b)
    return max(0, min(most, int(gap * _LOG10_2) - 1))


def agreeing_exponent_digits(a: mpmath.mpf, b: mpmath.mpf, most: int) -> int:
    """The significant digits on which log10|a| and log10|b| agree (0: not even the order of
    magnitude, or different signs)."""
    if a == b:
        return most
    if not a or not b or (a < 0) != (b < 0):
        return 0
    la, lb = _log10_abs(a), _log10_abs(b)
    if la == lb:
        return most
    with mpmath.workprec(64):
        gap = mpmath.log10(max(1, abs(lb)) / abs(la - lb))
    return max(0, min(most, int(mpmath.floor(gap)) - 1))


def _log10_abs(v: mpmath.mpf) -> mpmath.mpf:
    _, man, exp, _ = v._mpf_
    with mpmath.workprec(max(64, exp.bit_length()) + 64):
        return mpmath.log10(man) + exp * mpmath.log10(2)


def risk_reason(at_risk: dict[str, float]) -> str:
    """Why the precision was raised, in words, from :meth:`RunningError.at_risk`."""
    kind = max(at_risk, key=at_risk.__getitem__)
    digits = (f"about {at_risk[kind]:.0f} digits at risk" if at_risk[kind] < 10**6
              else "digits at risk unknown (a callable sigma has no sigma'', or a root of sigma)")
    if kind == "loss" and at_risk["loss"] > at_risk["derivative"] + 1:
        return f"cancellation in the residual f - y: {digits}"
    if kind == "regularized":
        return f"cancellation in dloss/dw_j + lam*w_j: {digits}"
    return (f"the rounding of the inputs and of each layer is amplified through the chain "
            f"(chaotic or saturated layers, or many layers): {digits}")


_KINDS = ("derivative", "forward", "loss", "regularized")


def _values(g: Any, kind: str) -> tuple[mpmath.mpf, ...]:
    if kind == "derivative":
        return g.df_dw
    if kind == "forward":
        return g.z
    if kind == "loss":
        return (g.loss, *g.dloss_dw)
    return g.regularized_dw or ()


def compare_runs(a: Any, b: Any, dps: int, high: int) -> tuple[dict[str, int], dict[str, int]]:
    """Per kind of value, the significant digits on which runs a and b agree, and those of log10|v|."""
    digits, exponents = {}, {}
    with mpmath.workdps(high):
        for kind in _KINDS:
            pairs = list(zip(_values(a, kind), _values(b, kind)))
            if kind == "regularized" and b.regularized_dw is None:
                continue
            digits[kind] = min((agreeing_digits(u, v, dps) for u, v in pairs), default=dps)
            exponents[kind] = min((agreeing_exponent_digits(u, v, dps) for u, v in pairs), default=dps)
    if not digits["forward"]:
        # The orbit z_k itself is lost: two noisy runs of a chaotic chain still grow at the same
        # rate, so their magnitudes (and by chance a digit) may agree without confirming anything.
        digits = dict.fromkeys(digits, 0)
        exponents = dict.fromkeys(exponents, 0)
    return digits, exponents
