"""Exact evaluation of a formula in z at a rational point, in Python's :class:`~fractions.Fraction`.

The chain model follows its layer inputs in exact rationals (:func:`vgtheory.core.chain_checks.exact_value`):
σ(e) and σ'(e) at every rational e a layer reaches. sympy's ``subs`` does that exactly but costs about 2 ms a
call (a cold ``check softsign`` spent 1.2 s of its 2 s in 660 of them); the rational operations that piecewise
activations are made of (+, ×, integer powers, Abs, sign, Heaviside, Max, Min, Piecewise) cost microseconds in
Fractions. Anything else (tanh, exp, non-integer powers, a division by zero, a Piecewise no branch of which
applies) is :class:`NotRational`: the caller then asks sympy, so this module only ever answers where the answer
is a rational number computed by the same exact rules sympy applies.

>>> import sympy as sp
>>> from vgtheory.core.parsing import Z
>>> rational_value(Z / (sp.Abs(Z) + 1), Fraction(-1, 3))
Fraction(-1, 4)
>>> rational_value(sp.Heaviside(Z), Fraction(0))
Fraction(1, 2)
"""

from __future__ import annotations

import operator
from fractions import Fraction
from typing import Callable

import sympy as sp

__all__ = ["ELEMENTARY", "NotRational", "TooLarge", "cheap_at", "cheap_call", "degree_bound", "rational_value"]


class NotRational(Exception):
    """The formula has a node this evaluator does not read, or no rational value at the point."""


class TooLarge(NotRational):
    """The exact value would have more than :data:`_MAX_BITS` bits in a power (sympy's substitution too)."""


_MAX_BITS = 1 << 20


_RELATIONS: dict[type, Callable[[Fraction, Fraction], bool]] = {
    sp.StrictLessThan: operator.lt, sp.LessThan: operator.le, sp.StrictGreaterThan: operator.gt,
    sp.GreaterThan: operator.ge, sp.Equality: operator.eq, sp.Unequality: operator.ne,
}


def rational_value(expr: sp.Basic, r: Fraction) -> Fraction:
    """expr at z = r, exactly, where every node is a rational operation; otherwise :class:`NotRational`. Its one
    symbol is the variable (an activation's formula has no other)."""
    if expr.is_Symbol:
        return r
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))  # type: ignore[attr-defined]
    args = expr.args
    if expr.is_Add:
        return sum((rational_value(a, r) for a in args), Fraction(0))
    if expr.is_Mul:
        out = Fraction(1)
        for a in args:
            out *= rational_value(a, r)
        return out
    if expr.is_Pow:
        exponent = args[1]
        if not exponent.is_Integer:
            raise NotRational(expr)
        base = rational_value(args[0], r)
        if base == 0 and exponent.is_negative:  # sympy: zoo
            raise NotRational(expr)
        if max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(int(exponent)) > _MAX_BITS:
            raise TooLarge(expr)  # ((e^2 + 1)^100 + 1)^100 at a long e: millions of digits, unclocked (R66b-6)
        return base ** int(exponent)
    if isinstance(expr, sp.Abs):
        return abs(rational_value(args[0], r))
    if isinstance(expr, sp.sign):
        v = rational_value(args[0], r)
        return Fraction((v > 0) - (v < 0))
    if isinstance(expr, sp.Heaviside):
        v = rational_value(args[0], r)
        if v != 0:
            return Fraction(int(v > 0))
        # sympy's convention H(0) = 1/2 unless a second argument sets it
        return rational_value(args[1], r) if len(args) > 1 else Fraction(1, 2)
    if isinstance(expr, (sp.Max, sp.Min)):
        return (max if isinstance(expr, sp.Max) else min)(rational_value(a, r) for a in args)
    if isinstance(expr, sp.Piecewise):
        for value, condition in args:
            if _holds(condition, r):
                return rational_value(value, r)
        raise NotRational(expr)  # sympy: nan (no branch applies)
    raise NotRational(expr)


def _holds(condition: sp.Basic, r: Fraction) -> bool:
    """Whether a Piecewise condition is true at z = r (relations between rational operations, And, Or, Not, ITE)."""
    if condition is sp.true:
        return True
    if condition is sp.false:
        return False
    relation = _RELATIONS.get(type(condition))
    if relation is not None:
        return relation(rational_value(condition.args[0], r), rational_value(condition.args[1], r))
    if isinstance(condition, sp.And):
        return all(_holds(c, r) for c in condition.args)
    if isinstance(condition, sp.Or):
        return any(_holds(c, r) for c in condition.args)
    if isinstance(condition, sp.Not):
        return not _holds(condition.args[0], r)
    if isinstance(condition, sp.ITE):  # sympy writes Piecewise conditions so (ITE(z >= 0, z < -z, z < 0))
        return _holds(condition.args[1] if _holds(condition.args[0], r) else condition.args[2], r)
    raise NotRational(condition)


def degree_bound(e: sp.Expr, var: sp.Symbol) -> int:
    """An upper bound on the degrees of the numerator and denominator of ``e`` written over one denominator (a
    large number for anything that is not a rational function of ``var``).

    >>> from vgtheory.core.parsing import Z
    >>> degree_bound((1 + Z/1000)**1000 / ((1 + Z/1000)**1000 + 1), Z)
    2000
    """
    if not e.has(var):
        return 0
    if e == var:
        return 1
    if e.is_Pow and e.exp.is_Integer:
        return degree_bound(e.base, var) * abs(int(e.exp))
    if e.is_Add or e.is_Mul:
        return sum(degree_bound(a, var) for a in e.args)
    return 1 << 30


#: Functions whose exact value sympy keeps unevaluated at large arguments (exp(10^12) stays exp(10^12)); the others
#: (Γ, n!, catalan, uppergamma, ...) it writes out exactly at integers, unclocked, as it does Rational**Integer.
ELEMENTARY = (sp.exp, sp.log, sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.sinh, sp.cosh, sp.tanh, sp.coth,
               sp.sech, sp.csch, sp.asin, sp.acos, sp.atan, sp.acot, sp.asinh, sp.acosh, sp.atanh, sp.erf, sp.erfc,
               sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min, sp.Piecewise)
_CHEAP = 1000


def cheap_at(expr: sp.Basic, point: sp.Expr, z: sp.Symbol) -> bool:
    """Whether sympy's exact substitution z = ``point`` into ``expr`` is cheap: every exponent that holds z, and every
    argument of a function past :data:`ELEMENTARY`, is at most 1000 in size there (read in floats; False where it is
    not real or not read). Γ(10^30 z + 1/2) at 1/2 is a factorial of 5·10^29 (R62b-4), catalan(10^30 z) at 11/4 one of
    2.75·10^30 (R64b-1/2), z·2^(-10^12 z²) at 1 a power 2^(10^12) (R65b-2/3), e^(-10^8 log(3) z²) one of 3: none of these
    returns."""
    heavy = [a for f in expr.atoms(sp.Function) if not isinstance(f, ELEMENTARY) for a in f.args if a.has(z)]
    heavy += [p.exp for p in expr.atoms(sp.Pow) if p.exp.has(z)]
    # exp(n log 3) at an integer n is the exact integer 3^n to sympy (z e^(-10^8 log(3) z^2) at 1, R66b-2/3)
    heavy += [f.args[0] for f in expr.atoms(sp.exp) if f.args[0].has(z) and f.args[0].has(sp.log)]
    return all(_small(a, {z: point}) for a in heavy)


def cheap_call(func: type, value: sp.Expr) -> bool:
    """Whether sympy's exact ``func(value)`` is cheap: e^(n log 3) is the integer 3^n to it, written out (a limit
    exp(lim g) with lim g = -10^8 log 3, R66b-2)."""
    return func is not sp.exp or not value.has(sp.log) or _small(value)


def _small(value: sp.Expr, at: dict | None = None) -> bool:
    """Whether ``value`` (with ``at`` substituted unevaluated) reads in floats as a real number of size at most 1000
    (False where it is not read)."""
    try:
        with sp.evaluate(False):
            v = complex(value.subs(at or {}).evalf(15))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return False
    return not v.imag and abs(v.real) <= _CHEAP
