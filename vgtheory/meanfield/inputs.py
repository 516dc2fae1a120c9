"""User numbers of the mean-field layer (σ_w, σ_b, q0, s) read exactly, never by ``eval``."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from vgtheory.core.dyadic import rational
from vgtheory.core.numbers import exact, plain
from vgtheory.core.parsing import parse_formula
from vgtheory.errors import VGTheoryError

__all__ = ["exact_number"]


def exact_number(value: Any, what: str, *, allow_zero: bool = True) -> sp.Expr:
    """A user number as an exact non-negative sympy number: floats by their shortest decimal,
    strings as decimals/fractions or constant formulas (``'sqrt(2)'``), never ``eval``."""
    bad = VGTheoryError(f"{what} must be a {'non-negative' if allow_zero else 'positive'} number, got {value!r}")
    value = plain(value)
    if isinstance(value, bool) or value is None:
        raise bad
    try:  # a sympy Float as its decimal: the affine map solved in its rounded arithmetic was "exact" (R71a-6)
        if isinstance(value, (int, Fraction, float, sp.Basic, mpmath.mpf)):  # an infinite mpf: ValueError
            out = exact(value)
        elif isinstance(value, str):
            try:
                out = exact(value)
            except ZeroDivisionError:  # "1/0" (R15b-7)
                raise bad from None
            except (TypeError, ValueError):
                out = parse_formula(value)
        else:  # other mpmath-readable numbers: their exact binary value, never a guessed closed form
            out = rational(v) if mpmath.isfinite(v := mpmath.mpf(value)) else sp.nan
    except (TypeError, ValueError, VGTheoryError):
        raise bad from None
    if out.free_symbols or not (out.is_real and out.is_finite) or out.is_negative or (not allow_zero and out.is_zero):
        raise bad
    return out
