"""The text of a kernel claim: str of a sympy expression, safe for any size of rational."""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["claim_text"]


def claim_text(x: Any) -> str:
    """str(x) for a claim, with rationals past Python's 4300-digit int-to-str limit shown by their size: the text
    of cos(pi/2 + 10**-5000) raised ValueError inside kernel.sign (red team 11a notes)."""
    x = sp.sympify(x)
    big = {n: sp.Symbol(f"<{max(int(n.p).bit_length(), int(n.q).bit_length())}-bit rational>")
           for n in x.atoms(sp.Rational) if max(abs(int(n.p)), int(n.q)).bit_length() > 14000}
    return str(x.xreplace(big) if big else x)
