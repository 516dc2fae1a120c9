"""Scalars at the boundary between sympy and mpmath: a real number as an mpf at the working
precision, a user's scale s as an exact positive number, and the scaled call u ↦ s·σ(u/s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import mpmath
import sympy as sp

from .errors import ActivationError

__all__ = ["ScaledCall", "positive_scale", "to_mpf"]


def positive_scale(s: Any) -> sp.Expr:
    try:
        # A float means its shortest decimal repr (what the user typed), kept exact as a rational.
        if isinstance(s, bool):
            raise TypeError
        if isinstance(s, float):
            value = sp.Rational(repr(s))
        elif isinstance(s, str):
            value = sp.Rational(s.strip())
        else:
            value = sp.sympify(s, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        raise ActivationError(f"scale s must be a positive number, got {s!r}") from None
    if not (value.is_real and value.is_positive):
        raise ActivationError(f"scale s must be a positive number, got {s!r}")
    return value


def to_mpf(value: Any) -> mpmath.mpf:
    """A real sympy number (or Python number) as an mpf at the current working precision."""
    if isinstance(value, sp.Basic):
        return mpmath.mpf(sp.N(value, mpmath.mp.dps + 5))
    return mpmath.mpf(value)


@dataclass(frozen=True)
class ScaledCall:
    """u ↦ s·σ(u/s) (inner) or u ↦ s·σ(u) for a numeric σ; picklable, unlike a closure."""

    base: Callable[[Any], Any]
    s: sp.Expr
    inner: bool

    def __call__(self, u):
        s = to_mpf(self.s)
        return s * self.base(u / s if self.inner else u)
