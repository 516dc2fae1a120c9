"""The result of :func:`vgtheory.core.chain.gradient`: forward values, partial derivatives and
the digits confirmed of each kind of value, with their text and JSON forms."""

from __future__ import annotations

from fractions import Fraction
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp

from vgtheory.core.activations import to_mpf
from vgtheory.core.chain_symbolic import LOSS_CONVENTION
from vgtheory.core.decimals import decimal_string
from vgtheory.core.numbers import plain
from vgtheory.core.input_limits import GRADIENT_DPS, MAX_DEPTH_TIMES_DPS
from vgtheory.core.serial import serialized
from vgtheory.errors import VGTheoryError

__all__ = ["ChainGradient", "to_real"]


def to_real(value: Any, what: str) -> mpmath.mpf:
    """``value`` as a finite mpf at the current precision, or a :class:`VGTheoryError` naming ``what``."""
    if isinstance(value, sp.Basic):
        if not (value.is_real and value.is_finite):
            raise VGTheoryError(f"{what} must be a finite real number, got {value}")
        try:
            return to_mpf(value)
        except ValueError as exc:
            raise VGTheoryError(f"{what}: {exc}") from None
    if isinstance(value, bool) or value is None:
        raise VGTheoryError(f"{what} must be a finite real number, got {value!r}")
    value = plain(value)
    if isinstance(value, Fraction):  # mpmath has no reading of a Fraction; the exact chain reads it exactly (R24b-5)
        return mpmath.mpf(value.numerator) / value.denominator
    try:
        out = mpmath.mpf(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, ZeroDivisionError):  # "1/0" (R15b-7)
        raise VGTheoryError(f"{what} must be a finite real number, got {value!r}") from None
    if not mpmath.isfinite(out):
        raise VGTheoryError(f"{what} must be a finite real number, got {value!r}")
    return out


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
    #: The same for the loss and the ∂ℓ/∂w_j (f − y may cancel); None: ``forward_digits``.
    loss_digits: int | None = None
    #: λ of the weight decay, ∂ℓ/∂w_j + λ w_j for each j, and their confirmed digits (None: no λ).
    lam: mpmath.mpf | None = None
    regularized_dw: tuple[mpmath.mpf, ...] | None = None
    regularized_digits: int | None = None
    #: Significant digits of log10|v| on which the two runs agree, by kind (see :meth:`text`):
    #: what is printed where no digit of a mantissa is confirmed.
    exponent_digits: dict | None = field(default=None, compare=False, repr=False)
    #: Decimal digits the first run's rounding-error bound said were at risk, and why.
    at_risk: float = 0.0
    risk_reason: str = ""
    #: Layers (1-based) whose input lies exactly on a kink or jump of σ (its one-sided slopes differ) where every
    #: ∂f/∂w_j still exists (a slope 0 or weight 0 further on): the prefixes of the chain through them do not.
    kink_layers: tuple[int, ...] = field(default=(), compare=False)
    #: σ'(t_k) for k = 1..l as this run computed them (at ``working_dps``): the depth-l networks sharing its first l
    #: layers take their ∂f/∂w_1 from them (:func:`vgtheory.render.plotting.depth_profile`). Their digits are
    #: those of the run, not confirmed one by one.
    slopes: tuple[mpmath.mpf, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.working_dps is None:
            object.__setattr__(self, "working_dps", self.dps)
        for name in ("digits", "forward_digits"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, self.dps)
        if self.loss_digits is None:
            object.__setattr__(self, "loss_digits", self.forward_digits)
        if self.regularized_dw is not None and self.regularized_digits is None:
            object.__setattr__(self, "regularized_digits", self.loss_digits)

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
        """ℓ'(f, y) = f_w(x) − y (at the working precision: f and y may agree to most of their digits)."""
        with mpmath.workdps(self.working_dps):
            return self.output - self.y

    @property
    def loss(self) -> mpmath.mpf:
        """ℓ(f, y) = (f_w(x) − y)²/2."""
        with mpmath.workdps(self.working_dps):
            return self.residual**2 / 2

    def regularized(self, lam: Any) -> tuple[mpmath.mpf, ...]:
        """∂/∂w_j [ℓ + (λ/2)‖w‖²] = ∂ℓ/∂w_j + λ w_j."""
        with mpmath.workdps(self.working_dps):
            lam_v = to_real(lam, "lambda")
            return tuple(g + lam_v * wj for g, wj in zip(self.dloss_dw, self.w))

    def digits_of(self, kind: str) -> int:
        """Confirmed significant digits of a ``kind`` of value: ``derivative`` (∂f/∂w_j),
        ``forward`` (x, y, z_k, f), ``loss`` (the loss and ∂ℓ/∂w_j), ``regularized`` (with weight decay)."""
        return {"derivative": self.digits, "forward": self.forward_digits, "loss": self.loss_digits,
                "regularized": self.regularized_digits}[kind]

    @serialized
    def text(self, v: Any, at_most: int | None = None, forward: bool = False, kind: str | None = None) -> str:
        """``v`` (a value of ``kind``, see :meth:`digits_of`; ``forward`` is kind ``forward``) with its
        confirmed significant digits (at most ``at_most``); with none, ``~10^(E)`` with E = log10|v| to
        the digits on which the two runs agree; with none of those either, ``undetermined``."""
        digits = self.digits_of(kind or ("forward" if forward else "derivative"))
        if digits > 0 or not mpmath.isfinite(v):
            with mpmath.workdps(self.working_dps):  # decimal_string reads v at the working precision
                return decimal_string(v, max(1, min(digits, at_most or digits)))
        known = (self.exponent_digits or {}).get(kind or ("forward" if forward else "derivative"), 0)
        if not v or known <= 0:
            return "undetermined"
        with mpmath.workdps(self.working_dps):
            return f"~10^({mpmath.nstr(mpmath.log10(abs(v)), min(12, known))})"

    @property
    def precision_note(self) -> str:
        """How the values were computed, and the digits they are good to."""
        note = f"computed with mpmath at {self.working_dps} digits ({self.precision})"
        kinds = (("derivative", "of the derivatives"), ("forward", "of z and f"), ("loss", "of the loss and dloss/dw"),
                 ("regularized", "with weight decay"))
        counts = [(self.digits_of(k), words) for k, words in kinds if self.digits_of(k) is not None]
        listed = ", ".join(f"{n} significant digits {words}" for n, words in counts)
        if self.checked_dps is None:
            if self.precision != "mpmath":  # the float64 errors of sigma, amplified along the chain (R14b-1)
                return note + f"; float64 errors amplified through the chain leave {listed}"
            if min(n for n, _ in counts) >= self.dps:
                return note + f"; its rounding-error bound leaves the {self.dps} digits asked"
            note += f"; its rounding-error bound leaves {listed}"
        else:
            note += (f", raised from {self.dps} ({self.risk_reason}); {listed}"
                     f" confirmed against a run at {self.checked_dps} digits")
        if min(n for n, _ in counts) < self.dps:
            cap = min(GRADIENT_DPS[1], MAX_DEPTH_TIMES_DPS // self.depth)
            if self.working_dps >= cap:
                note += (f" (fewer than the {self.dps} asked: more precision would exceed the limits depth x dps <= "
                         f"{MAX_DEPTH_TIMES_DPS:,}, dps <= {GRADIENT_DPS[1]:,}")
            else:
                note += f" (fewer than the {self.dps} asked: runs up to {self.working_dps} digits agree on no more"
            note += ("; '~10^(E)': only the order of magnitude is known; 'undetermined': not even that)"
                     if min(n for n, _ in counts) == 0 else ")")
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
                "x": decimal_string(self.x, self.dps),  # inputs, like w: never "undetermined" (R18b-2)
                "y": decimal_string(self.y, self.dps),
                "z": [f(v) for v in self.z],
                "output": f(self.output),
                "loss": self.text(self.loss, kind="loss"),
                "loss_convention": LOSS_CONVENTION,
                "df_dw": [s(v) for v in self.df_dw],
                "dloss_dw": [self.text(v, kind="loss") for v in self.dloss_dw],
                "dps": self.dps,
                "working_dps": self.working_dps,
                "digits": self.digits,
                "forward_digits": self.forward_digits,
                "loss_digits": self.loss_digits,
                "precision": self.precision,
                "precision_note": self.precision_note,
            } | ({} if self.regularized_dw is None else {
                "lambda": decimal_string(self.lam, self.dps),
                "regularized_dloss_dw": [self.text(v, kind="regularized") for v in self.regularized_dw],
                "regularized_digits": self.regularized_digits,
            })
