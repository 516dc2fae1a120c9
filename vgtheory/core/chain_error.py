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
from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable

import mpmath
import sympy as sp

from vgtheory.core.mp_code import lambdify_mp
from vgtheory.core.input_limits import GRADIENT_DPS
from vgtheory.core.activations import Activation, Z
from vgtheory.core.formula_eval import stable_form
from vgtheory.core.mp_functions import BOUNDED as _BOUNDED, heaviside

__all__ = ["BIG", "FloatError", "RunningError", "agreeing_digits", "agreeing_exponent_digits", "compare_runs", "exact_steps", "log2_abs", "lost_digits",
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
        return BIG if top > 0 else -BIG
    return exp + math.log2(int(man))  # int(): a gmpy2 mpz mantissa too large for a float has no log2


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
def _curvature_pair(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(σ', σ'') of σ = expr, Dirac deltas of kinks dropped, in the stable form the evaluations use."""
    d1 = sp.diff(expr, Z).replace(lambda n: isinstance(n, sp.DiracDelta), lambda n: sp.S.Zero)
    d2 = sp.diff(d1, Z).replace(lambda n: isinstance(n, sp.DiracDelta), lambda n: sp.S.Zero)
    return stable_form(d1), stable_form(d2)


@lru_cache(maxsize=32)
def _curvature(expr: sp.Expr, floats: bool) -> Callable[[Any], Any] | None:
    """t ↦ (σ'(t), σ''(t)) of σ = expr, as a float function (``floats``; None where sympy cannot write one)
    or an mpmath one. The two are evaluated together, from the same rounded inner values: their
    quotient is then right where each alone is noise (sech²(t/s) of a low-precision t/s). Built on first
    use: most layers never need the mpmath one (its lambdify cost a cold check 0.1 s)."""
    pair = _curvature_pair(expr)
    if not floats:
        # sin/exp of arguments beyond 1e1000 refused, as in σ itself (they would run for hours).
        return lambdify_mp(Z, pair, [_BOUNDED, "mpmath"])
    try:
        return sp.lambdify(Z, pair, [{"Heaviside": heaviside}, "math"])
    except Exception:  # noqa: BLE001 - any printer failure: the mpmath form alone
        return None


class RunningError:
    """The first-order rounding bound of one run (module docstring), updated layer by layer."""

    def __init__(self, sigma: Activation, same_piece: Callable[[mpmath.mpf], bool] | None = None) -> None:
        self.expr = sigma.expr
        # Whether t ± 2^-50|t| lies on one piece of σ (no switch changes sign there): float(t) is then on t's piece,
        # and σ with pieces may take the float path too (the mpmath one was 60% of a depth-10^4 Theorem 2 run, R29b).
        self.same_piece = same_piece
        # σ with pieces: a low-precision t (float(t), 64 bits) may lie on another piece than t itself, whose σ'' is
        # not σ's there (1 + 2e-43 read as 1.0 took tanh's curvature beside a piece with σ'' = 2e40, R24b-1).
        self.pieces = sigma.expr is not None and sigma.expr.has(sp.Piecewise, sp.Abs, sp.sign, sp.Heaviside, sp.Max,
                                                                sp.Min)
        self.rho = 0.0      # log2 of ρ_k: x is read with one rounding
        self.carried = -BIG  # the same without z_k's own rounding (x's reading)
        self.worst_z = 0.0  # log2 max_k ρ_k
        self.slopes = -BIG  # log2 Σ_k (γ_k (ρ_{k-1} + 2) + 3): the errors of the products' factors

    def layer(self, t: mpmath.mpf, z: mpmath.mpf, d: mpmath.mpf, log_gamma: float,
              exact: tuple[float, float, float] | None = None, shown_exact: bool = False) -> None:
        """Account for z = σ(t) and d = σ'(t) at t = w z_prev (ρ of z_prev is ``self.rho``;
        ``log_gamma`` from :meth:`log_gamma`). ``exact``: log2 of the roundings of z_prev's own
        evaluation, of w and of the product where :func:`exact_steps` showed them below a bit (a
        saturated layer then inherits almost none: tanh(1e300) rounds to 1 by e^(-2e300)).
        ``shown_exact``: t is the exact layer input itself (no error carried in)."""
        into = -BIG if shown_exact else self.input_error(exact)
        self.slopes = _add(self.slopes, _add(log_gamma + into, 1.6))
        if not z:
            # σ(t) = 0: exact at t = 0 (the chain stays 0); elsewhere a root of σ, where a
            # relative error has no meaning: the two-run comparison decides.
            self.carried = self.rho = self.rho if not t else BIG
        else:
            self.carried = log2_abs(t) + log2_abs(d) - log2_abs(z) + into
            self.rho = _add(self.carried, 0.0)
        self.worst_z = max(self.worst_z, self.rho)

    def input_error(self, exact: tuple[float, float, float] | None = None) -> float:
        """log2 of the error, in last bits, of the next layer's input t = w z_prev (see :meth:`layer`)."""
        if exact is None:
            return _add(self.rho, 1.0)  # z_prev, w read, and the product rounded
        return _add(_add(_add(self.carried, exact[0]), exact[1]), exact[2])

    def log_gamma(self, t: mpmath.mpf, d: mpmath.mpf) -> float:
        """log2 of γ = |t σ''(t) / σ'(t)| (BIG when unknown); d: σ'(t) at the working precision.

        σ' and σ'' are evaluated together at low precision (their quotient is right where each
        alone is noise: sech²(t/s) of a rounded t/s), but only trusted where that σ' agrees with d:
        near a zero of σ' a low precision sees its own rounding (cos of float(t) near π/2 is 6e-17,
        the true cos 1e-300) and would put no digit at risk where all are (R13b-1)."""
        if not t:
            return -BIG
        if self.expr is None:
            return BIG
        # Floats where t is small enough for float(t) to place σ's features (and σ' not tiny), and on t's own piece.
        if -1000 < log2_abs(t) < 40 and log2_abs(d) > -900 and (
                not self.pieces or (self.same_piece is not None and self.same_piece(t))) and (
                (fast := _curvature(self.expr, True)) is not None):
            try:
                c1, c2 = fast(float(t))
                # in floats: |d| > 2^-900 here, and an mpmath comparison per layer cost 45 us (depth 10^4: 0.45 s)
                if math.isfinite(c1) and math.isfinite(c2) and abs(c1) > 1e-250 and abs(c1 - (f := float(d))) <= abs(f) / 8:
                    return log2_abs(t) + (math.log2(abs(c2 / c1)) if c2 else -BIG)
            except (ArithmeticError, ValueError, TypeError, NameError):  # NameError: a function math has not
                pass
        for bits in (64, mpmath.mp.prec + 64)[self.pieces:]:
            try:
                with mpmath.workprec(bits):
                    c1, c2 = (mpmath.mpf(c.real if isinstance(c, mpmath.mpc) else c) for c in _curvature(self.expr, False)(t))
                    if not (mpmath.isfinite(c1) and mpmath.isfinite(c2)):
                        return BIG
                    if not c1:
                        if not d:
                            return -BIG if not c2 else BIG
                        continue
                    gamma = log2_abs(t * c2 / c1)
            except Exception:  # noqa: BLE001 - σ'' not evaluable here: the error is unknown
                return BIG
            if not d or _agrees(c1, d):
                return gamma
        # σ' still moved by the roundings of a run at `bits` bits: it is at least that sensitive.
        return max(gamma, bits - 4.0) if c1 else BIG

    def at_risk(self, residual: mpmath.mpf, y: mpmath.mpf, dloss: tuple, regularized: tuple | None,
                lam: mpmath.mpf | None, w: tuple, exact_zeros: dict | None = None) -> dict[str, float]:
        """Decimal digits at risk, by kind of value (see :meth:`ChainGradient.digits_of`), at the end of a run;
        ``exact_zeros`` (:func:`~vgtheory.core.chain._exact_zeros`): the values known to be exactly 0 carry no error."""
        exact = exact_zeros or {}
        f = residual + y
        derivative = _add(self.worst_z, self.slopes)
        # f - y: f's error, y's rounding, the subtraction's; relative to |f - y|.
        if residual:
            r = _add(_add(self.rho + log2_abs(f), log2_abs(y)) - log2_abs(residual), 0.0)
        else:
            r = -BIG if (not f and not y) or exact.get("loss") else BIG
        loss = _add(r, derivative) + 1.0
        out = {"forward": lost_digits(self.worst_z), "derivative": lost_digits(derivative), "loss": lost_digits(loss)}
        if regularized is not None:
            worst = 0.0
            for g, h, wj, zero in zip(dloss, regularized, w, exact.get("regularized") or (False,) * len(w)):
                if not h:
                    worst = BIG if (g or (lam and wj)) and not zero else worst
                    continue
                lw = log2_abs(lam) + log2_abs(wj) if lam and wj else -BIG
                worst = max(worst, _add(_add(loss + log2_abs(g), lw + 1.0) - log2_abs(h), 0.0))
            out["regularized"] = lost_digits(worst)
        return out


def _agrees(c: mpmath.mpf, d: mpmath.mpf) -> bool:
    """Whether a low-precision σ' c is within 1/8 of the working-precision d (relative)."""
    with mpmath.workprec(64):
        return abs(c - d) <= abs(d) / 8


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
    # log10|a| - log10|b| is log10(a/b): from the exact relative gap a/b - 1 (log1p) where a and b are
    # within a factor 256, so no two logarithms of 10^(±10^300) cancel; each needs ~1000 bits (a deep
    # chain compares 10^4 pairs, and these logarithms were most of its time), this 64 bits.
    (_, ma, ea, ba), (_, mb, eb, bb) = a._mpf_, b._mpf_
    with mpmath.workprec(64):
        if abs((ea + ba) - (eb + bb)) > 8:
            ratio_log = mpmath.log(mpmath.fdiv(a, b))
        else:
            rel = mpmath.fsub(a, b, exact=True) / b
            ratio_log = rel if abs(rel) < 2**-30 else mpmath.log1p(rel)  # log1p(r) = r to 2^-31 there
        if not ratio_log:
            return most
        top = eb + bb
        if abs(top) < 10**307 and abs(ratio_log) < 1e307:
            # In floats: only a few digits of either logarithm count, and a saturated deep chain
            # compares 3 x 10^5 pairs (at 0.5 ms each in mpmath, most of its time: R10b-14).
            log10_b = top * _LOG10_2 + (math.log10(mb) - bb * _LOG10_2)
            small = abs(ratio_log) < 1e-300  # runs that agree beyond a float's range
            lr = float(mpmath.log10(abs(ratio_log))) if small else math.log10(abs(float(ratio_log)))
            gap = math.log10(max(1.0, abs(log10_b))) + math.log10(math.log(10)) - lr
            return max(0, min(most, math.floor(gap) - 1))
        gap = mpmath.log10(max(1, abs(_log10_abs(b))) * mpmath.ln(10) / abs(ratio_log))
    return max(0, min(most, int(mpmath.floor(gap)) - 1))


def _log10_abs(v: mpmath.mpf) -> mpmath.mpf:
    """log10|v| to the working precision (relative), for exponents beyond a float's range."""
    _, man, exp, bc = v._mpf_
    return (exp + bc) * mpmath.log10(2) + mpmath.log10(mpmath.mpf((0, man, -bc, bc)))


def risk_reason(at_risk: dict[str, float]) -> str:
    """Why the precision was raised, in words, from :meth:`RunningError.at_risk`."""
    kind = max(at_risk, key=at_risk.__getitem__)
    digits = (f"about {at_risk[kind]:.0f} digits at risk" if at_risk[kind] < 10**6
              else "digits at risk unknown (a callable sigma has no sigma'', or a root of sigma)")
    # An exact 0 of a difference in the first run: it cancelled below that run's precision.
    gone = "digits at risk unknown (it is 0 at the first run's precision)"
    if kind == "loss" and at_risk["loss"] > at_risk["derivative"] + 1:
        return f"cancellation in the residual f - y: {digits if at_risk[kind] < 10**6 else gone}"
    if kind == "regularized":
        return f"cancellation in dloss/dw_j + lam*w_j: {digits if at_risk[kind] < 10**6 else gone}"
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


def compare_runs(a: Any, b: Any, dps: int, high: int, exact_zeros: dict | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Per kind of value, the significant digits on which runs a and b agree, and those of log10|v|.
    ``exact_zeros``: from a chain known in exact rationals, whether f − y is exactly 0 ("loss") and which
    ∂ℓ/∂w_j + λw_j are ("regularized")."""
    digits, exponents = {}, {}
    with mpmath.workdps(high):
        for kind in _KINDS:
            pairs = list(zip(_values(a, kind), _values(b, kind)))
            if kind == "regularized" and b.regularized_dw is None:
                continue
            digits[kind] = min((agreeing_digits(u, v, dps) for u, v in pairs), default=dps)
            exponents[kind] = min((agreeing_exponent_digits(u, v, dps) for u, v in pairs), default=dps)
    # A difference that cancels to exactly 0 in both runs is only below both precisions: f - y for
    # x + tanh(x)/10^100 at y = 1 (truth tanh(1) 10^-100), and ∂ℓ/∂w + λw, printed 0.0 as confirmed (R21b-8).
    exact = exact_zeros or {}
    cancelled = {"loss": not exact.get("loss") and a.residual == 0 == b.residual and bool(b.y)}
    if b.regularized_dw is not None:
        known = exact.get("regularized") or (False,) * len(b.w)
        cancelled["regularized"] = any(u == 0 == v and bool(b.lam * wj) and not zero for u, v, wj, zero in
                                       zip(a.regularized_dw, b.regularized_dw, b.w, known))
    for kind, lost in cancelled.items():
        if lost:
            digits[kind] = exponents[kind] = 0
    if not digits["forward"]:
        # The orbit z_k itself is lost: two noisy runs of a chaotic chain still grow at the same
        # rate, so their magnitudes (and by chance a digit) may agree without confirming anything.
        digits = dict.fromkeys(digits, 0)
        exponents = dict.fromkeys(exponents, 0)
    return digits, exponents


def exact_steps(sigma: Activation, t_prev: mpmath.mpf | None, z_prev: mpmath.mpf, w_k: mpmath.mpf,
                raw_w: Any, raw_x: Any, log_gamma: float) -> tuple[float, float, float]:
    """log2 of the rounding errors (in last bits) of z_prev's own evaluation σ(t_prev) (or of x, for
    the first layer), of reading w_k and of the product w_k z_prev, where each is shown smaller
    than one bit: an input that is a binary number, a product that fits, a σ(t_prev) that does
    not change at 2^log_gamma times the precision (tanh(1e300) is 1 to e^(-2e300)). For
    sensitive layers only: it costs an evaluation of σ at that precision."""
    prec = mpmath.mp.prec
    product = -BIG if w_k._mpf_[3] + z_prev._mpf_[3] <= prec else 0.0
    w_err = -BIG if _binary(raw_w, prec) else 0.0
    if t_prev is None:
        return (-BIG if _binary(raw_x, prec) else 0.0), w_err, product
    extra = int(min(log_gamma, 4 * 4000)) + 64
    # Unknown curvature (a callable) asks 16,000 bits at every layer: a value that already moves at 64
    # more bits is not exact, and one bit (0.0) is the answer without that evaluation.
    for bits in (64, extra) if log_gamma >= BIG else (extra,):
        with mpmath.workprec(prec + bits):
            try:
                same = sigma.value(t_prev) == z_prev
            except Exception:  # noqa: BLE001 - evaluated at the working precision: not confirmed here
                same = False
        if not same:
            return 0.0, w_err, product
    return -float(extra), w_err, product


def _binary(raw: Any, prec: int) -> bool:
    """Whether the input ``raw`` is a binary number of at most ``prec`` bits (read without rounding)."""
    if isinstance(raw, mpmath.mpf):
        return raw._mpf_[3] <= prec
    if isinstance(raw, float) or (isinstance(raw, int) and not isinstance(raw, bool)):
        raw = Fraction(raw)
    elif isinstance(raw, str):
        try:
            raw = Fraction(raw.strip())
        except (ValueError, ZeroDivisionError):
            return False
    elif isinstance(raw, sp.Rational):
        raw = Fraction(int(raw.p), int(raw.q))
    else:
        return False
    q = raw.denominator
    if q & (q - 1):
        return False
    n = abs(raw.numerator)
    return (n >> ((n & -n).bit_length() - 1)).bit_length() <= prec if n else True


class FloatError:
    """First-order bound of the relative errors of a chain through a float64 callable: each layer's
    own error (:func:`~vgtheory.core.callables.float_report`: its noise, at least 2^-52, and the
    spread of its difference quotients) plus the error of its input amplified by the layer, as
    :class:`RunningError` does for the run's own rounding. z_k: ρ_k = |t_k σ'(t_k)/σ(t_k)| ρ_{k-1} + e_k
    (a chaotic sin(3z) triples ρ a layer: summing the e_k claimed 11 digits at depth 100, none right,
    R14b-1); σ'(t_k): |t_k σ''(t_k)/σ'(t_k)| (ρ_{k-1} + 2^-53) + its own error; the partials are
    products of these."""

    def __init__(self) -> None:
        self.rho = 0.0     # relative error of z_k (x is read at the run's precision)
        self.worst_z = 0.0
        self.slopes = 0.0  # Σ_k relative errors of σ'(t_k)

    def layer(self, t: mpmath.mpf, z: mpmath.mpf, d: mpmath.mpf, value_err: float, slope_err: float,
              curvature: float) -> None:
        into = self.rho
        self.slopes += slope_err + _relative(abs(t) * curvature, d, into + 2.0**-53)
        carried = _relative(abs(t * d), z, into)
        # σ(t) = 0: exact where its float is (relu below 0, no noise), unknown where noise is relative to 0.
        self.rho = carried + (value_err if z else (0.0 if math.isfinite(value_err) else math.inf))
        self.worst_z = max(self.worst_z, self.rho)

    def relative(self) -> dict[str, float]:
        """The relative error bound of the forward values and of the partials ∂f/∂w_j."""
        return {"forward": self.worst_z, "derivative": self.worst_z + self.slopes}


def _relative(scale: Any, v: mpmath.mpf, err: float) -> float:
    """scale·err/|v| as a float: 0 where err or scale is 0, inf where v is 0 and the product is not."""
    if not err or not scale:
        return 0.0
    if not v or not math.isfinite(err):
        return math.inf
    try:
        return float(mpmath.mpf(scale) * err / abs(v))
    except OverflowError:
        return math.inf


def float64_digits(g: Any, at_risk: dict[str, float], relative: dict[str, float], dps: int, p: int) -> dict[str, int]:
    """Digits of a chain through a float64 callable from the relative error bounds of
    :meth:`FloatError.relative` (and those the run's own rounding at ``p`` digits puts at risk)."""

    def digits(kind: str) -> int:
        # The run's own rounding (its σ' are the callable's, whose errors are in ``relative``) adds little.
        err = relative[kind] + 10.0 ** min(300.0, at_risk["forward"] - p)
        return 0 if not err < 0.1 else max(0, min(dps, int(-math.log10(err) - 1)))

    out = {kind: digits("forward" if kind == "forward" else "derivative") for kind in at_risk}
    out["loss"] = min(out["forward"], out["derivative"])
    f, y = g.z[-1], g.y if g.y is not None else 0
    cancel = math.inf if f == y else max(0.0, float(mpmath.log10(max(abs(f), abs(y)) / abs(f - y))))
    out["loss"] = max(0, out["loss"] - math.ceil(cancel)) if cancel < math.inf else 0
    if "regularized" in out:
        # dloss/dw_j + lam*w_j cancels the loss digits the sum is below its larger term (R15b-8).
        worst = 0.0
        for d, h, wj in zip(g.dloss_dw, g.regularized_dw, g.w):
            top = max(abs(d), abs(g.lam * wj))
            if top:
                worst = max(worst, math.inf if not h else float(mpmath.log10(top / abs(h))))
        reg = min(out["regularized"], out["loss"])
        out["regularized"] = max(0, reg - math.ceil(worst)) if worst < math.inf else 0
    return out
