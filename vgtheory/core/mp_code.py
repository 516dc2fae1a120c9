"""sympy's lambdify for mpmath, with integers of any size.

Python refuses to turn an int of more than 4300 decimal digits into text (``sys.int_max_str_digits``), and lambdify
writes a formula as Python source: σ' = c/(1 + c²z²) of atan(cz) with c = 1 + 10^-2200 holds c², 4400 digits, and
raised ValueError from the printer (R60a-2). That limit spares the power-of-two bases, so large integers are written in
hexadecimal, the same numbers exactly; the process-wide limit is left as it is.
"""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp
from sympy.printing.pycode import MpmathPrinter

__all__ = ["lambdify_mp"]

#: Integers of more bits than this are written in hexadecimal (2^12000 has 3613 decimal digits).
_HEX_BITS = 12000


def _int_text(n: int) -> str:
    return hex(n) if n.bit_length() > _HEX_BITS else str(n)


class _Printer(MpmathPrinter):
    """MpmathPrinter with :func:`_int_text` for Python ints, sympy Integers and the parts of Floats."""

    def _print_int(self, n: int) -> str:
        return _int_text(n)

    def _print_Integer(self, e: sp.Integer) -> str:
        return _int_text(int(e.p))

    def _print_Float(self, e: sp.Float) -> str:
        return f"{self._module_format('mpmath.mpf')}(({', '.join(_int_text(int(x)) for x in e._mpf_)}))"


def lambdify_mp(args: Any, expr: Any, modules: Any = "mpmath", **options: Any) -> Callable[..., Any]:
    """``sympy.lambdify(args, expr, modules, **options)`` printed by :class:`_Printer` (modules must print as mpmath),
    with no docstring (lambdify's would print the expression by str)."""
    # the settings lambdify gives the printer it builds itself: dict modules' names are printed as they stand
    named = {k: k for m in (modules if isinstance(modules, (list, tuple)) else [modules]) if isinstance(m, dict) for k in m}
    printer = _Printer({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                        "user_functions": named})
    return sp.lambdify(args, expr, modules=modules, printer=printer, docstring_limit=0, **options)
