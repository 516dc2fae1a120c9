"""mpmath functions for lambdified formulas that refuse what mpmath cannot evaluate in bounded time (layer: core):
exp, sin, ... of an argument above 1e1000 and powers whose logarithm is that large (:class:`BeyondRangeError`), and
sympy's Heaviside as its Piecewise rewrite evaluates it."""

from __future__ import annotations

from typing import Any, Callable

import mpmath
import sympy as sp
from sympy.utilities.lambdify import implemented_function

from vgtheory.errors import ActivationError

__all__ = ["BeyondRangeError", "BOUNDED", "PowerOf", "RGAMMA", "heaviside", "power"]


#: |argument| beyond which exp, the hyperbolic and the trigonometric functions are not evaluated:
#: mpmath's time grows with the size of the argument's exponent (exp), or with the bits of pi needed
#: to reduce it (sin, cos, ...), so a tower exp(exp(exp(z))) at z = 1000, or sin(exp(z)) at
#: z = 2^20, would run for hours.
_HUGE_ARGUMENT = mpmath.mpf(10) ** 1000


class BeyondRangeError(ActivationError, OverflowError):
    """σ is not evaluated at a point because an intermediate value is too large for mpmath in
    bounded time (exp or sin of 10^1000): this says nothing about whether σ is defined there."""


def _bounded(name: str, limit: Any = _HUGE_ARGUMENT) -> Callable[[Any], Any]:
    fn = getattr(mpmath, name)

    def call(u: Any) -> Any:
        if not mpmath.isfinite(u):
            # log 0 or 1/0 inside: σ is undefined there as written (0*sin(log|0|) read as "above 1e1000", R20b-2)
            raise ValueError(f"{name} of an infinite argument")
        if abs(u) > limit:
            size = "1e1000" if limit == _HUGE_ARGUMENT else "2^512"
            raise BeyondRangeError(f"{name} of an argument above {size} in magnitude: too large to evaluate")
        return fn(u)
    return call


def heaviside(x: Any, at_zero: Any = None) -> Any:
    """sympy's Heaviside(x, H0) as its Piecewise rewrite evaluates it (0 below 0, H0 at 0, 1/2 unless given, else 1),
    in x's own kind of number. The printers rewrite Heaviside to that Piecewise, and sympy then simplifies each
    condition (as_set, factor): 8 s per lambdify of the sigma' of Min(x/(1+|x|), tanh x, atan x) (R13a-11)."""
    kind = mpmath.mpf if isinstance(x, mpmath.mpf) else float
    return kind(0) if x < 0 else (kind(1) / 2 if at_zero is None else at_zero) if x == 0 else kind(1)


#: The lambdify module entries that replace mpmath's: exp, the hyperbolic and the trigonometric functions refused
#: beyond 1e1000, and Heaviside.
BOUNDED = {**{name: _bounded(name) for name in ("exp", "sinh", "cosh", "sech", "csch", "tanh", "coth",
                                                 "sin", "cos", "tan", "sec", "csc", "cot")},
           # mpmath's Fresnel integrals sum a 1F2 series: 0.2 s at 2^600, minutes at e^1024 (R52a-4)
           **{name: _bounded(name, mpmath.mpf(2) ** 512) for name in ("fresnels", "fresnelc")}, "Heaviside": heaviside}


def power(base: Any, exponent: Any) -> Any:
    """base**exponent for an exponent that depends on z, refused (:class:`BeyondRangeError`) where its logarithm
    |exponent·ln|base|| is above 1e1000, as exp's argument is: 2**(-2**(2**z)) at z = 2^20 built a number with a
    2^(2^20)-bit exponent for minutes (R51a-3)."""
    real = (int, float, mpmath.mpf)  # the printer writes a constant base as a Python int: 2**u
    if isinstance(base, real) and isinstance(exponent, real) and base and exponent \
            and mpmath.isfinite(base) and mpmath.isfinite(exponent):
        with mpmath.workprec(30):
            size = abs(mpmath.mpf(exponent) * mpmath.log(abs(mpmath.mpf(base))))
        if size > _HUGE_ARGUMENT:
            raise BeyondRangeError("a power whose logarithm is above 1e1000 in magnitude: too large to evaluate")
    return base ** exponent


class PowerOf(sp.Function):
    """base**exponent with an exponent in z, opaque to sympy, evaluated by :func:`power`."""


#: 1/Γ as a sympy function for numeric scans only (sympy has none): entire, 0 exactly at the poles 0, −1, −2, ... of Γ,
#: where 1/gamma(a) raises in mpmath.
RGAMMA = implemented_function("rgamma", mpmath.rgamma)
