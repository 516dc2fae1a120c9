"""Decimal strings of mpmath numbers with any exponent, in a time independent of it."""

from __future__ import annotations

from typing import Any

from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext
from fractions import Fraction

import mpmath
from mpmath import libmp

__all__ = ["decimal_string", "directed_mpf", "directed_string", "estimate_string", "held_digits"]


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
    # Only E·log10(2) needs the exponent's bits (for its integer part), with E the exponent of the
    # mantissa scaled into [1/2, 1); the rest needs ~digits bits, not the mantissa's (a run at 365
    # digits carries 1200: log10 and power at that precision were 75 s of 10^4 numbers, R10b-14).
    top = exp + man.bit_length()
    with mpmath.workprec(top.bit_length() + bits):
        big = top * (mpmath.ln2 / mpmath.ln10)
        whole = int(mpmath.floor(big))
        frac = big - whole
    with mpmath.workprec(bits):
        log = mpmath.log10(mpmath.ldexp(abs(man), -man.bit_length())) + frac
        power = whole + int(mpmath.floor(log))
        lead = mpmath.power(10, log - mpmath.floor(log))
        text = mpmath.nstr(lead, digits)
        if text.startswith("10"):  # the leading digits rounded up to 10
            power, text = power + 1, mpmath.nstr(lead / 10, digits)
    return f"{'-' if v < 0 else ''}{text}e{'+' if power >= 0 else ''}{power}"


def held_digits(value: Any, error: Any, cap: int = 15) -> int:
    """How many significant digits of ``value`` its ``error`` leaves standing, floor(log10|v/e|)
    within 1..``cap`` (``cap`` where either is 0 or unknown, 1 where the error is not finite)."""
    if value is None or error is None or error == 0 or value == 0:
        return cap
    if not mpmath.isfinite(error):
        return 1
    return max(1, min(cap, int(mpmath.floor(mpmath.log10(abs(mpmath.mpf(value)) / error)))))


def estimate_string(value: mpmath.mpf, error: mpmath.mpf, cap: int = 15) -> str:
    """``"v +- e"``: ``value`` to the significant digits ``error`` leaves (1..``cap``), and an ``e``
    that covers both ``error`` and the rounding of the printed ``v``, rounded up, so that the
    interval printed contains whatever ``value +- error`` contains (a 15-digit slope printed
    "+- 1.4e-29" was wrong by 1e-16 as text, R50a-6).

    Every step rounds outward at an explicit precision (mpmath's libmp), so the result does not
    depend on ``mpmath.mp.prec``, which any thread may change meanwhile."""
    text = mpmath.nstr(value, held_digits(value, error, cap))
    # ._mpf_ keeps every bit: mpf(value) would round to the caller's precision.
    v, err = value._mpf_, error._mpf_
    prec = max(libmp.mpf_abs(v)[1].bit_length(), 53) + 64
    # The decimal text lies between its binary roundings down and up; the farther one bounds |text - v|.
    low, high = (libmp.mpf_abs(libmp.mpf_sub(libmp.from_str(text, prec, r), v, prec, "u")) for r in "fc")
    off = high if libmp.mpf_lt(low, high) else low
    return f"{text} +- {_two_digits_up(libmp.mpf_add(err, off, prec, 'c'), prec)}"


def _two_digits_up(x: tuple, prec: int) -> str:
    """Two significant digits of the nonnegative mpf tuple ``x``, rounded up: mpmath's to_str rounds
    a truncated digit string half-even (1.05000000042 -> "1.0"), so its text is checked against ``x``
    and stepped up until it is not below it."""
    text = libmp.to_str(x, 2)
    while libmp.mpf_lt(libmp.from_str(text, prec, "f"), x):
        d = Decimal(text)
        text = format(d + Decimal(1).scaleb(d.adjusted() - 1), ".2g")
    return text


def directed_string(v: Any, digits: int, up: bool) -> str:
    """``v`` to ``digits`` significant digits rounded up (toward +∞) or down, so that the text read exactly is ≥ v (≤ v):
    the text of an upper bound, a lower bound or an error. Rounding to nearest printed "sup |σ| ≥ 1.93088248472" for
    1.930882484719 (R71b-9), an error 1.645e-12 as "1.6e-12" (R71b-1), "df/dw ≤ 1.23456789012e-20" under the truth
    (R71b-8). Past 2^±10^5 one last digit is stepped outward (decimal_string's logarithms), with no exact test.

    >>> directed_string(mpmath.mpf(2) / 3, 3, up=False), directed_string(mpmath.mpf(2) / 3, 3, up=True)
    ('0.666', '0.667')
    """
    v = v if isinstance(v, mpmath.mpf) else mpmath.mpf(v)
    text = decimal_string(v, digits)
    if not v or not mpmath.isfinite(v):
        return text
    if abs(v.man_exp[1]) > 10**5:  # exponents past Decimal's: the mantissa stepped one last digit out, on its own
        mantissa, _, power = text.partition("e")
        m = Decimal(mantissa) + (1 if up else -1) * Decimal(1).scaleb(1 - digits)
        shift = 1 if abs(m) >= 10 else -1 if abs(m) < 1 else 0
        m = m.scaleb(-shift)
        return f"{m:.{digits - 1}f}e{int(power or 0) + shift:+d}"
    d = Decimal(text)
    step = Decimal(1).scaleb(Decimal(decimal_string(v, digits + 3)).adjusted() - digits + 1)  # v's, not d's: 9.999 -> 10
    with localcontext() as ctx:
        ctx.prec, ctx.Emax, ctx.Emin = digits + 5, MAX_EMAX, MIN_EMIN
        exact = Fraction(*mpmath.libmp.to_rational(v._mpf_))
        while (Fraction(d) < exact) if up else (Fraction(d) > exact):
            d += step if up else -step
    with mpmath.workdps(digits + 10):  # d has ``digits`` digits: written back, they are its own
        return decimal_string(mpmath.mpf(str(d)), digits)


def directed_mpf(v: Any, digits: int, up: bool) -> mpmath.mpf:
    """The number :func:`directed_string` writes, as an mpf with enough bits that a formatter at ``digits`` digits
    writes those digits back unchanged (a bound's LaTeX slot, R71b-8)."""
    with mpmath.workdps(digits + 10):
        return mpmath.mpf(directed_string(v, digits, up))
