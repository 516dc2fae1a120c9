"""Python's other exact number types, read as the ones every reader of a user's number knows."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = ["plain"]

#: Decimal exponents up to which a Decimal becomes a Fraction (beyond, its string: exact, and read lazily).
_EXACT_DIGITS = 1000


def plain(value: Any) -> Any:
    """``value`` with a finite ``decimal.Decimal`` as its exact ``Fraction`` (Decimal('0.1') is 1/10) and a numpy
    scalar as its Python number (exactly: np.float32(0.1) keeps its binary value; a longdouble, which no Python
    number holds, as its exact Fraction); anything else unchanged.

    Every reader (the chain's inputs, Theorem 2's w, x, s, the signal's σ_w, σ_b, q0, a scale s) starts here, so
    that one number is one value wherever it is used: a Decimal was refused as "not a finite real number" (R28b-4),
    numpy scalars read two ways (R27b-1).

    >>> plain(Decimal("0.1")), plain(3)
    (Fraction(1, 10), 3)
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            return value
        # a huge exponent as the decimal string (read in its own time): Fraction(Decimal('1e-40000000')) is a
        # 40-million-digit denominator that mpmath then took minutes to divide by (R30b-5)
        return Fraction(value) if abs(value.adjusted()) <= _EXACT_DIGITS else str(value)
    if type(value).__module__ == "numpy" and getattr(value, "shape", None) == ():
        item = value.item()
        # a longdouble's item() is itself (no Python type holds it): its exact ratio (R29b-1)
        if type(item).__module__ == "numpy" and hasattr(item, "as_integer_ratio"):
            try:
                return Fraction(*item.as_integer_ratio())
            except (OverflowError, ValueError):  # inf or nan: left for the reader to refuse
                return float(item)
        return item
    return value
