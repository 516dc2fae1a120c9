"""Python's other exact number types, read as the ones every reader of a user's number knows."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from vgtheory.core.dyadic import rational

__all__ = ["plain", "exact", "decimal_floats"]

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


def decimal_floats(expr: sp.Basic) -> sp.Basic:
    """``expr`` with each sympy Float read as the decimal it prints as (0.7 as 7/10), as a formula string's decimals
    are: sympy rounds a Float's arithmetic (3·0.11 to 30 bits in a derivative, tanh(50) is the Float 1.0, 3·(1/3.0)
    is 1.0), so nothing derived from one is exact, and proofs built on one were false (R70a-1..6, R71a-1/2/6/9/10).

    >>> decimal_floats(sp.Float("0.7") * sp.Symbol("z"))
    7*z/10
    """
    floats = expr.atoms(sp.Float)
    return expr.xreplace({f: sp.Rational(str(f)) for f in floats}) if floats else expr


def exact(value: Any) -> sp.Expr:
    """A user's number as one exact sympy number, whatever its type: an int or Fraction as itself, a float as its
    shortest decimal (0.1 is 1/10), a string as a decimal or p/q (never evaluated), a sympy expression with its Floats
    read by :func:`decimal_floats`, an mpmath number as its binary value. TypeError, ValueError or ZeroDivisionError
    where ``value`` is none of these ('1/0', 'inf', True).

    >>> exact(0.1), exact("2/3"), exact(sp.Float(1 / 3))
    (1/10, 2/3, 333333333333333/1000000000000000)
    """
    value = plain(value)
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{value!r} is not a number")
    if isinstance(value, (int, Fraction)):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        return sp.Rational(repr(value))
    if isinstance(value, str):
        return sp.Rational(value.strip())
    if isinstance(value, sp.Basic):
        return decimal_floats(value)
    if isinstance(value, mpmath.mpf):
        return rational(value)
    raise TypeError(f"{value!r} is not a number")
