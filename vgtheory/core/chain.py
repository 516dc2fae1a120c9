r"""The chain model of the seed paper and its partial derivatives.

Depth :math:`l`, one parameter per layer, input :math:`x \in \mathbb{R}`:

.. math::  z_0 = x,\qquad z_k = \sigma(w_k z_{k-1}),\qquad f_w(x) = z_l .

By the chain rule, with the empty product equal to 1,

.. math::  \frac{\partial f}{\partial w_j} = z_{j-1}\,\sigma'(w_j z_{j-1})
           \prod_{k=j+1}^{l} w_k\,\sigma'(w_k z_{k-1}) .

**Loss convention.** vgtheory uses the least-squares loss
:math:`\ell(f, y) = \tfrac12 (f - y)^2`, so :math:`\ell'(f, y) = f - y` and
:math:`\partial\ell/\partial w_j = (f_w(x) - y)\,\partial f/\partial w_j`. The loss-free factor
:math:`\partial f/\partial w_j` is always reported as well. Weight decay
:math:`\tfrac{\lambda}{2}\lVert w\rVert^2` adds :math:`\lambda w_j` (see
:meth:`ChainGradient.regularized`).

These numbers reach 1e-300 and below at moderate depth, so the numeric path runs in mpmath at a
stated number of decimal digits (``dps``), where the exponent range is unbounded.

**Saturated layers.** Where σ' decays exponentially, σ'(t) = e^{-c|t|} at |t| = 10^300 is a number
whose *mantissa* depends on the 300th digit of t: at 50 digits it is noise. When a layer's
|ln σ'(t)| reaches 100, :func:`gradient` raises the working precision by the digits at risk
(bounded by the limits of :mod:`vgtheory.core.input_limits`), computes twice, 10 digits apart, and
reports in :attr:`ChainGradient.digits` the significant digits on which the two runs agree
(fewer than ``dps`` only where the limits stop the raise; 0: only the order of magnitude).

>>> g = gradient("tanh", [2] * 400, x=1, y=0, dps=30)
>>> g.df_dw[0] < 1e-300 < 1e-10 < g.df_dw[-1]
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Sequence

import mpmath
import sympy as sp

from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.activations import Activation, Z, activation
from vgtheory.errors import VGTheoryError
from vgtheory.core.input_limits import (
    GRADIENT_DPS, MAX_DEPTH, MAX_DEPTH_TIMES_DPS, check_gradient_size, check_int
)
from vgtheory.progress import ProgressFn
from vgtheory.core.serial import serialized

__all__ = [
    "LOSS_CONVENTION",
    "ChainGradient",
    "SymbolicChain",
    "forward",
    "gradient",
    "symbolic_chain",
    "to_real",
]

LOSS_CONVENTION = "least squares: loss(f, y) = (f - y)^2 / 2, so dloss/df = f - y"

#: Decimal digits used when the caller does not say.
DEFAULT_DPS = 50
_MAX_SYMBOLIC_DEPTH = 30
#: Layers between two progress reports.
_PROGRESS_EVERY = 500


def to_real(value: Any, what: str) -> mpmath.mpf:
    """``value`` as a finite mpf at the current precision, or a :class:`VGTheoryError` naming ``what``."""
    if isinstance(value, sp.Basic):
        if not (value.is_real and value.is_finite):
            raise VGTheoryError(f"{what} must be a finite real number, got {value}")
        return mpmath.mpf(sp.N(value, mpmath.mp.dps + 5))
    if isinstance(value, bool) or value is None:
        raise VGTheoryError(f"{what} must be a finite real number, got {value!r}")
    try:
        out = mpmath.mpf(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise VGTheoryError(f"{what} must be a finite real number, got {value!r}") from None
    if not mpmath.isfinite(out):
        raise VGTheoryError(f"{what} must be a finite real number, got {value!r}")
    return out


def _check_dps(dps: Any) -> int:
    return check_int(dps, "dps (decimal digits)", *GRADIENT_DPS)


def _check_weights(w: Any, dps: int) -> tuple[mpmath.mpf, ...]:
    if isinstance(w, (str, bytes)) or not isinstance(w, Sequence):
        raise VGTheoryError("w must be a sequence of numbers (one parameter per layer)")
    if len(w) == 0:
        raise VGTheoryError("w must have at least one entry (depth l >= 1)")
    if len(w) > MAX_DEPTH:
        raise VGTheoryError(f"the depth (number of weights) must be at most {MAX_DEPTH:,}, got {len(w):,}")
    check_gradient_size(len(w), dps)
    return tuple(to_real(v, f"w_{k}") for k, v in enumerate(w, start=1))


@dataclass(frozen=True)
class ChainGradient:
    """Forward values and partial derivatives of the chain model at one (w, x, y).

    ``z`` holds z_0 = x, ..., z_l = f_w(x); ``df_dw[j-1]`` is ∂f/∂w_j and ``dloss_dw[j-1]`` is
    ∂ℓ/∂w_j for ℓ(f, y) = (f − y)²/2. Values are mpmath numbers computed at ``dps`` digits;
    ``precision`` is ``'float64'`` when σ itself is a float-only callable.
    """

    activation: str
    w: tuple[mpmath.mpf, ...]
    x: mpmath.mpf
    y: mpmath.mpf
    z: tuple[mpmath.mpf, ...]
    df_dw: tuple[mpmath.mpf, ...]
    dloss_dw: tuple[mpmath.mpf, ...]
    dps: int
    precision: str
    #: The digits the values were computed at (``dps``, or more for saturated layers).
    working_dps: int | None = None
    #: Significant digits of the derivatives confirmed (two runs agree); ``dps`` unless a saturated
    #: chain needed more precision than the limits allow. 0: no digit of a mantissa, only magnitudes.
    digits: int | None = None
    #: The same for the forward values z (and f, the loss).
    forward_digits: int | None = None
    #: The precision of the second run that :attr:`digits` was confirmed against (None: no second run).
    checked_dps: int | None = None

    def __post_init__(self) -> None:
        if self.working_dps is None:
            object.__setattr__(self, "working_dps", self.dps)
        for name in ("digits", "forward_digits"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, self.dps)

    @property
    def depth(self) -> int:
        return len(self.w)

    def __repr__(self) -> str:
        # A summary: the full tuples (w, z, df_dw, dloss_dw) run to thousands of numbers at depth 10^5.
        def n(v: Any) -> str:
            return mpmath.nstr(v, 6)

        return (f"ChainGradient(activation={self.activation!r}, depth={self.depth}, x={n(self.x)}, y={n(self.y)}, "
                f"f={n(self.output)}, df_dw[0]={n(self.df_dw[0]) if self.df_dw else None}, "
                f"df_dw[-1]={n(self.df_dw[-1]) if self.df_dw else None}, dps={self.dps}, precision={self.precision!r})")

    @property
    def output(self) -> mpmath.mpf:
        """f_w(x) = z_l."""
        return self.z[-1]

    @property
    def residual(self) -> mpmath.mpf:
        """ℓ'(f, y) = f_w(x) − y."""
        return self.output - self.y

    @property
    def loss(self) -> mpmath.mpf:
        """ℓ(f, y) = (f_w(x) − y)²/2."""
        return self.residual**2 / 2

    def regularized(self, lam: Any) -> tuple[mpmath.mpf, ...]:
        """∂/∂w_j [ℓ + (λ/2)‖w‖²] = ∂ℓ/∂w_j + λ w_j."""
        with mpmath.workdps(self.working_dps):
            lam_v = to_real(lam, "lambda")
            return tuple(g + lam_v * wj for g, wj in zip(self.dloss_dw, self.w))

    @serialized
    def text(self, v: Any, at_most: int | None = None, forward: bool = False) -> str:
        """``v`` (a derivative, or with ``forward`` a z value) with its confirmed significant digits
        (at most ``at_most``); with none, ``~10^(E)``: E = log10|v| to the digits it is known to."""
        digits = self.forward_digits if forward else self.digits
        if digits > 0 or not v or not mpmath.isfinite(v):
            return decimal_string(v, max(1, min(digits, at_most or digits)))
        with mpmath.workdps(self.working_dps):
            return f"~10^({mpmath.nstr(mpmath.log10(abs(v)), min(12, max(1, (self.checked_dps or 6) - 5)))})"

    @property
    def precision_note(self) -> str:
        """How the values were computed, and the digits they are good to."""
        note = f"computed with mpmath at {self.working_dps} digits ({self.precision})"
        if self.checked_dps is None:
            return note
        note += (f", raised from {self.dps} for saturated layers (sigma' = e^-|...| whose mantissa needs the "
                 f"argument's every digit); {self.digits} significant digits of the derivatives"
                 + ("" if self.forward_digits == self.digits else f" ({self.forward_digits} of z, f and the loss)")
                 + f" confirmed against a run at {self.checked_dps} digits")
        if min(self.digits, self.forward_digits) < self.dps:
            note += (f" (fewer than the {self.dps} asked: more precision would exceed the limits depth x dps <= "
                     f"{MAX_DEPTH_TIMES_DPS:,}, dps <= {GRADIENT_DPS[1]:,}"
                     + ("; only the order of magnitude is known" if self.digits == 0 else "") + ")")
        return note

    @serialized
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; numbers are decimal strings with the confirmed significant digits."""
        s = self.text

        def f(v: mpmath.mpf) -> str:
            return self.text(v, forward=True)

        with mpmath.workdps(self.working_dps):
            return {
                "activation": self.activation,
                "depth": self.depth,
                "w": [decimal_string(v, self.dps) for v in self.w],
                "x": f(self.x),
                "y": f(self.y),
                "z": [f(v) for v in self.z],
                "output": f(self.output),
                "loss": f(self.loss),
                "loss_convention": LOSS_CONVENTION,
                "df_dw": [s(v) for v in self.df_dw],
                "dloss_dw": [s(v) for v in self.dloss_dw],
                "dps": self.dps,
                "working_dps": self.working_dps,
                "digits": self.digits,
                "forward_digits": self.forward_digits,
                "precision": self.precision,
                "precision_note": self.precision_note,
            }


#: Binary exponents beyond which :func:`decimal_string` formats by logarithms (mpmath's nstr
#: converts through powers of ten, 0.3 s a number at 10^(−8.7·10^299) under load).
_HUGE_EXPONENT = 10**5


def decimal_string(v: Any, digits: int) -> str:
    """``v`` with ``digits`` significant digits, in a time independent of its exponent: numbers
    such as df/dw_1 = 10^(−8.7·10^299) of a saturated chain (w = 1e300) are written from
    log10|v| = log10(man) + exp·log10(2), computed with enough bits for the integer part.
    An mpf is taken with all its bits: mpf(v) rounded it to the caller's precision, 15 digits by
    default (or another thread's 5), and 50 "confirmed" digits were printed from 17 (R9b-5)."""
    if not isinstance(v, mpmath.mpf):
        with mpmath.workdps(digits + 10):
            v = mpmath.mpf(v)
    if not v or not mpmath.isfinite(v):
        return mpmath.nstr(v, digits, min_fixed=-5, max_fixed=5)
    man, exp = v.man_exp
    if abs(exp) < _HUGE_EXPONENT:
        return mpmath.nstr(v, digits, min_fixed=-5, max_fixed=5)
    bits = 4 * digits + 64
    # Only exp·log10(2) needs the exponent's bits (for its integer part); the rest needs ~digits.
    with mpmath.workprec(exp.bit_length() + bits):
        big = exp * (mpmath.ln2 / mpmath.ln10)
        whole = int(mpmath.floor(big))
        frac = big - whole
    with mpmath.workprec(bits + man.bit_length()):
        log = mpmath.log10(abs(man)) + frac
        power = whole + int(mpmath.floor(log))
        lead = mpmath.power(10, log - mpmath.floor(log))
        text = mpmath.nstr(lead, digits)
        if text.startswith("10"):  # the leading digits rounded up to 10
            power, text = power + 1, mpmath.nstr(lead / 10, digits)
    return f"{'-' if v < 0 else ''}{text}e{'+' if power >= 0 else ''}{power}"


#: |z_k| beyond which the chain is declared divergent. An unbounded σ such as z·e^{z²} reaches
#: 1e20000 in two layers, and evaluating σ there would run for minutes.
DIVERGENCE_LIMIT = mpmath.mpf(10) ** 300


#: Distinct layer arguments whose (σ(t), σ'(t)) the gradient loop remembers (a saturated chain
#: cycles through a few; an unsaturated one never repeats, and the store is then cleared often).
_REMEMBERED = 16


def _layer(sigma: Activation, t: mpmath.mpf, k: int) -> mpmath.mpf:
    z = sigma.value(t)
    if not mpmath.isfinite(z) or abs(z) > DIVERGENCE_LIMIT:
        raise VGTheoryError(
            f"the chain diverges: |z_{k}| = {mpmath.nstr(abs(z), 5)} exceeds 1e300 ({sigma.name} is unbounded)"
        )
    return z


@serialized
def forward(act: Any, w: Sequence[Any], x: Any, *, dps: int = DEFAULT_DPS) -> tuple[mpmath.mpf, ...]:
    """z_0 = x, z_k = σ(w_k z_{k-1}) for k = 1..l, at ``dps`` decimal digits."""
    sigma = activation(act)
    dps = _check_dps(dps)
    with mpmath.workdps(dps):
        weights = _check_weights(w, dps)
        z = [to_real(x, "x")]
        for k, wk in enumerate(weights, start=1):
            z.append(_layer(sigma, wk * z[-1], k))
        return tuple(z)


@serialized
def gradient(
    act: Any,
    w: Sequence[Any],
    x: Any,
    y: Any = 0,
    *,
    dps: int = DEFAULT_DPS,
    progress: ProgressFn | None = None,
) -> ChainGradient:
    """All partial derivatives ∂f/∂w_j and ∂ℓ/∂w_j of the chain model in O(l) steps.

    Uses the product form: with d_k = σ'(w_k z_{k-1}) and the suffix products
    P_j = ∏_{k>j} w_k d_k, one has ∂f/∂w_j = z_{j-1} d_j P_j.

    Limits (:mod:`vgtheory.core.input_limits`): depth l ≤ 100,000, 5 ≤ dps ≤ 4000, l·dps ≤ 5,000,000;
    a saturated chain is computed at more digits within them (module docstring, :attr:`ChainGradient.digits`).
    ``progress(done, total, what)`` is told the layers done (see :mod:`vgtheory.progress`).
    """
    sigma = activation(act)
    dps = _check_dps(dps)
    with mpmath.workdps(dps):
        first, risk = _chain(sigma, _check_weights(w, dps), to_real(x, "x"), to_real(y, "y"), dps, progress)
    if risk < _RISKY_LOG or sigma.precision != "mpmath":
        return first
    # A relative error e of t_k = w_k z_{k-1} (its last digit) moves d_k = e^{-|ln d_k|} by
    # e |ln d_k| relatively, and the product df/dw_j adds the layers' errors: |ln| of the values
    # counts the digits at risk; the depth, the accumulated rounding.
    logs = max(risk, *(_log_size(v) for v in first.df_dw))
    need = dps + len(first.w).bit_length() // 3 + int(mpmath.log10(logs)) + 1 + _GUARD // 2
    cap = min(GRADIENT_DPS[1], MAX_DEPTH_TIMES_DPS // len(first.w))
    high = max(dps, min(cap, need + _GUARD))
    low = high - _GUARD  # >= 5: high >= min(cap, dps + 10) and cap >= 50 (depth <= 100,000)
    runs = {dps: first}
    for p in (low, high):
        if p not in runs:  # the inputs read again at p digits: 1e300 is not a binary number
            with mpmath.workdps(p):
                inputs = (tuple(to_real(v, "w") for v in w), to_real(x, "x"), to_real(y, "y"))
            runs[p] = _chain(sigma, *inputs, p, progress)[0]
    a, b = runs[low], runs[high]
    with mpmath.workdps(high):
        digits = min(_agreeing_digits(u, v, dps) for u, v in zip((*a.df_dw, *a.dloss_dw), (*b.df_dw, *b.dloss_dw)))
        forward = min(_agreeing_digits(u, v, dps) for u, v in zip(a.z, b.z))
    return replace(b, dps=dps, digits=digits, forward_digits=forward, checked_dps=low)


#: A layer with |ln σ'(t)| at least this large makes the working precision rise (module docstring).
_RISKY_LOG = 100
#: Digits between the run reported and the run it is checked against, and the margin above the estimate.
_GUARD = 10


def _log_size(v: mpmath.mpf) -> float:
    """|ln |v||, from the binary exponent (0 for v = 0): cheap at any magnitude."""
    if not v:
        return 0.0
    man, exp = mpmath.mpf(v).man_exp
    return abs(exp + man.bit_length()) * 0.6931471805599453


def _agreeing_digits(a: mpmath.mpf, b: mpmath.mpf, most: int) -> int:
    """The significant digits on which a and b agree, at most ``most``."""
    if a == b:
        return most
    if not a or not b or (a < 0) != (b < 0):
        return 0
    return max(0, min(most, int(-mpmath.log10(abs(a - b) / abs(b)))))


def _chain(sigma: Activation, weights: tuple[mpmath.mpf, ...], x_v: mpmath.mpf, y_v: mpmath.mpf, dps: int,
           progress: ProgressFn | None) -> tuple[ChainGradient, float]:
    """One run at ``dps`` digits, and the largest |ln |σ'(t_k)|| of a decaying slope (|σ'| < 1)."""
    with mpmath.workdps(dps):
        z = [x_v]
        d = []
        # Saturated layers repeat one argument (tanh(1e300 z) rounds to 1, so every later
        # t_k = w z_{k-1} is w itself): a repeated t is not evaluated again. At |t| = 1e300 one
        # guarded sigma' costs 5-15 ms (sech^2 of 1e300 at rising precisions), which made
        # 'gradient tanh --w 1e300 --depth 1000' take 35 s against 2 s at w = 1. The arguments
        # may cycle rather than repeat (w = -1e300: t = -1e300, 1e300, -1e300, ...; with --s
        # 1e300, +-1e600), so the last few are remembered, not only the last (75 s -> 2 s).
        seen: dict[mpmath.mpf, tuple[mpmath.mpf, mpmath.mpf]] = {}
        risk = 0.0
        for k, wk in enumerate(weights, start=1):
            t = wk * z[-1]
            if t not in seen:
                if len(seen) >= _REMEMBERED:
                    seen.clear()
                seen[t] = (_layer(sigma, t, k), sigma.slope(t))
                if abs(seen[t][1]) < 1:
                    risk = max(risk, _log_size(seen[t][1]))
            value, slope = seen[t]
            z.append(value)
            d.append(slope)
            if progress is not None and k % _PROGRESS_EVERY == 0:
                progress(k, len(weights), "gradient: layer")
        df_dw = [mpmath.mpf(0)] * len(weights)
        suffix = mpmath.mpf(1)
        for j in range(len(weights) - 1, -1, -1):
            df_dw[j] = z[j] * d[j] * suffix
            suffix *= weights[j] * d[j]
        residual = z[-1] - y_v
        return ChainGradient(
            activation=sigma.name,
            w=weights,
            x=x_v,
            y=y_v,
            z=tuple(z),
            df_dw=tuple(df_dw),
            dloss_dw=tuple(residual * g for g in df_dw),
            dps=dps,
            precision=sigma.precision,
        ), risk


@dataclass(frozen=True)
class SymbolicChain:
    """The chain model as sympy expressions in the symbols ``x`` and ``w = (w_1, ..., w_l)``.

    ``z[k]`` is z_k as a nested expression, ``df_dw[j-1]`` the product form of ∂f/∂w_j with
    σ' written out, and ``output`` is f_w(x) = z_l.
    """

    activation: Activation
    x: sp.Symbol
    w: tuple[sp.Symbol, ...]
    z: tuple[sp.Expr, ...]
    df_dw: tuple[sp.Expr, ...]

    @property
    def output(self) -> sp.Expr:
        return self.z[-1]

    def dloss_dw(self, y: sp.Expr | None = None) -> tuple[sp.Expr, ...]:
        """∂ℓ/∂w_j = (f − y) ∂f/∂w_j, with ``y`` a symbol ``y`` unless given."""
        y = sp.Symbol("y", real=True) if y is None else y
        return tuple((self.output - y) * g for g in self.df_dw)

    def sigma_prime(self, t: sp.Expr) -> sp.Expr:
        """σ'(t) as an expression."""
        return self.activation.derivative_expr.subs(Z, t)

    def agrees_with_sympy_diff(self) -> bool:
        """Whether each product form equals sympy's own derivative of the composed expression.

        Each difference is simplified symbolically. Where sympy cannot reduce it to 0 (``Abs``
        and ``sign`` often resist), it is evaluated at 12 rational points to 40 digits instead;
        ``True`` means every difference vanished one way or the other.
        """
        points = [
            {self.x: sp.Rational(p, 7)} | {w: sp.Rational(3 * k + p, 5 + k) * (-1) ** ((k + p) % 2) for k, w in enumerate(self.w)}
            for p in range(-6, 6)
        ]
        for wj, g in zip(self.w, self.df_dw):
            diff = sp.diff(self.output, wj) - g
            try:
                if bounded(lambda: sp.simplify(diff), 2.0) == 0:
                    continue
            except StepTimeout:
                pass
            for point in points:
                value = sp.N(diff.subs(point), 40)
                if not (value.is_number and abs(value) < sp.Float(10) ** -30):
                    return False
        return True

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation.name,
            "depth": len(self.w),
            "output": str(self.output),
            "df_dw": [str(g) for g in self.df_dw],
            "loss_convention": LOSS_CONVENTION,
        }


@serialized
def symbolic_chain(act: Any, depth: int) -> SymbolicChain:
    """The chain model of the given depth as sympy expressions (symbolic activations only)."""
    sigma = activation(act)
    if not sigma.is_symbolic:
        raise VGTheoryError(f"activation {sigma.name!r} is a callable; the symbolic chain needs a formula")
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= _MAX_SYMBOLIC_DEPTH:
        raise VGTheoryError(f"depth must be an integer between 1 and {_MAX_SYMBOLIC_DEPTH}, got {depth!r}")
    x = sp.Symbol("x", real=True)
    w = tuple(sp.Symbol(f"w_{k}", real=True) for k in range(1, depth + 1))
    z: list[sp.Expr] = [x]
    for wk in w:
        z.append(sigma.expr.subs(Z, wk * z[-1]))
    sigma_prime = sigma.derivative_expr
    d = [sigma_prime.subs(Z, wk * z[k]) for k, wk in enumerate(w)]
    df_dw = []
    for j in range(depth):
        tail = sp.Mul(*[w[k] * d[k] for k in range(j + 1, depth)])
        df_dw.append(z[j] * d[j] * tail)
    return SymbolicChain(sigma, x, w, tuple(z), tuple(df_dw))
