"""The text of a kernel claim, a witness or a value: sympy's str, safe for any size of rational.

Python refuses str of an int past 4300 decimal digits (``sys.int_max_str_digits``), and σ may hold numbers of 3000
digits, whose squares arise in derived quantities (σ'(0) = c² of c·tanh(cz)). The process-wide limit is left as it is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

__all__ = ["claim_text", "exact_text", "short", "value_text"]

#: Rationals of more bits than this are shown by their size in claims (14,000 bits: ~4200 digits).
_CLAIM_BITS = 14000


def short(x: Any) -> sp.Basic:
    """``x`` with each rational past 14,000 bits replaced by a symbol naming its size (for text meant to be read:
    claims, report lines, LaTeX)."""
    x = sp.sympify(x)
    big = {n: sp.Symbol(f"<{max(int(n.p).bit_length(), int(n.q).bit_length())}-bit rational>")
           for n in x.atoms(sp.Rational) if max(abs(int(n.p)), int(n.q)).bit_length() > _CLAIM_BITS}
    return x.xreplace(big) if big else x


def claim_text(x: Any) -> str:
    """str(x) for a claim, with rationals past Python's 4300-digit int-to-str limit shown by their size: the text
    of cos(pi/2 + 10**-5000) raised ValueError inside kernel.sign (red team 11a notes)."""
    return str(short(x))


def _digits(n: int) -> str:
    # decimal has no digit limit; str of a small int is the same text, faster
    return str(n) if n.bit_length() <= _CLAIM_BITS else str(Decimal(n))


class _ExactStr(StrPrinter):
    """sympy's str printer with integers of any size written in full."""

    def _print_int(self, n: int) -> str:
        return _digits(n)

    def _print_Integer(self, e: sp.Integer) -> str:
        return _digits(int(e.p))

    def _print_Rational(self, e: sp.Rational) -> str:
        return _digits(int(e.p)) if e.q == 1 else f"{_digits(int(e.p))}/{_digits(int(e.q))}"


def exact_text(x: Any) -> str:
    """str(x), exactly, of any size: every digit of every integer and rational (witness points, to_dict values; a
    point 10^-2900 inside a window, R60a-1; σ'(0) = c² of 4401 digits, R61b-7).

    >>> exact_text(sp.Rational(-3, 8)), exact_text(sp.Rational(10**5000 + 1, 10**5000))[-8:]
    ('-3/8', '00000000')
    """
    return _ExactStr().doprint(sp.sympify(x))


def value_text(v: Any) -> str:
    """A result's value for ``to_dict``: :func:`exact_text` of a sympy number, str of anything else (an mpf)."""
    return exact_text(v) if isinstance(v, sp.Basic) else str(v)
