"""The text of a kernel claim: str of a sympy expression, safe for any size of rational."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sympy as sp

__all__ = ["claim_text", "rational_text"]


def claim_text(x: Any) -> str:
    """str(x) for a claim, with rationals past Python's 4300-digit int-to-str limit shown by their size: the text
    of cos(pi/2 + 10**-5000) raised ValueError inside kernel.sign (red team 11a notes)."""
    x = sp.sympify(x)
    big = {n: sp.Symbol(f"<{max(int(n.p).bit_length(), int(n.q).bit_length())}-bit rational>")
           for n in x.atoms(sp.Rational) if max(abs(int(n.p)), int(n.q)).bit_length() > 14000}
    return str(x.xreplace(big) if big else x)


def rational_text(r: sp.Rational) -> str:
    """str(r), exactly, of any size: p/q with both integers written through ``decimal`` (which, unlike str of an int,
    has no 4300-digit limit), so a witness point 10^-2900 inside a window keeps every digit (R60a-1).

    >>> rational_text(sp.Rational(-3, 8)), rational_text(sp.Rational(10**5000 + 1, 10**5000))[-8:]
    ('-3/8', '00000000')
    """
    if max(abs(int(r.p)), int(r.q)).bit_length() <= 14000:
        return str(r)
    return f"{Decimal(int(r.p))}" if r.q == 1 else f"{Decimal(int(r.p))}/{Decimal(int(r.q))}"
