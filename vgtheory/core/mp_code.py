"""sympy's lambdify for mpmath and numpy, with integers of any size.

Python refuses to turn an int of more than 4300 decimal digits into text (``sys.int_max_str_digits``), and lambdify
writes a formula as Python source: σ' = c/(1 + c²z²) of atan(cz) with c = 1 + 10^-2200 holds c², 4400 digits, and
raised ValueError from the printer (R60a-2). That limit spares the power-of-two bases, so large integers are written in
hexadecimal, the same numbers exactly; the process-wide limit is left as it is.
"""

from __future__ import annotations

from typing import Any, Callable

import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import MpmathPrinter

__all__ = ["lambdify_mp", "lambdify_np"]

#: Integers of more bits than this are written in hexadecimal (2^12000 has 3613 decimal digits).
_HEX_BITS = 12000


def _int_text(n: int) -> str:
    return hex(n) if n.bit_length() > _HEX_BITS else str(n)


class _HexInts:
    """Printer mixin: :func:`_int_text` for Python ints, sympy Integers and Rationals (p/q: true division in Python,
    correctly rounded for a float backend)."""

    def _print_int(self, n: int) -> str:
        return _int_text(n)

    def _print_Integer(self, e: sp.Integer) -> str:
        return _int_text(int(e.p))

    def _print_Rational(self, e: sp.Rational) -> str:
        return f"{_int_text(int(e.p))}/{_int_text(int(e.q))}"


class _Printer(_HexInts, MpmathPrinter):
    """MpmathPrinter with :func:`_int_text` for Python ints, sympy Integers and the parts of Floats."""

    _print_Rational = MpmathPrinter._print_Rational  # mpf(p)/mpf(q), through _print_int

    def _print_Float(self, e: sp.Float) -> str:
        return f"{self._module_format('mpmath.mpf')}(({', '.join(_int_text(int(x)) for x in e._mpf_)}))"

    # sympy's own printer writes acot(x) as atan(1/x), undefined at 0 where acot(0) = π/2 (R66a-8), and has no
    # erfcinv or two-argument harmonic (their NameError / TypeError read as "undefined", R66a-9, R66b-5)
    def _print_acot(self, e: sp.acot) -> str:
        return f"{self._module_format('mpmath.acot')}({self._print(e.args[0])})"

    def _print_erfcinv(self, e: sp.erfcinv) -> str:
        return f"{self._module_format('mpmath.erfinv')}(1 - ({self._print(e.args[0])}))"

    def _print_harmonic(self, e: sp.harmonic) -> str:
        if len(e.args) == 1 or e.args[1] == 1:  # H_n = ψ(n + 1) + γ
            return f"({self._module_format('mpmath.harmonic')}({self._print(e.args[0])}))"
        n, m = (self._print(a) for a in e.args)  # H_n^(m) = ζ(m) − ζ(m, n + 1)
        zeta = self._module_format("mpmath.zeta")
        return f"({zeta}({m}) - {zeta}({m}, ({n}) + 1))"

    # no mpmath name for the Airy derivatives either: Ai'(z) is mpmath.airyai(z, derivative=1) (R67b-13)
    def _print_airyaiprime(self, e: sp.airyaiprime) -> str:
        return f"{self._module_format('mpmath.airyai')}({self._print(e.args[0])}, derivative=1)"

    def _print_airybiprime(self, e: sp.airybiprime) -> str:
        return f"{self._module_format('mpmath.airybi')}({self._print(e.args[0])}, derivative=1)"


class _NumPyPrinter(_HexInts, NumPyPrinter):
    """NumPyPrinter with :func:`_int_text` (the float64 backend of the moments met c^2 of atan(cz), R61b-6)."""


def lambdify_mp(args: Any, expr: Any, modules: Any = "mpmath", **options: Any) -> Callable[..., Any]:
    """``sympy.lambdify(args, expr, modules, **options)`` printed by :class:`_Printer` (modules must print as mpmath),
    with no docstring (lambdify's would print the expression by str)."""
    return _lambdify(_Printer, args, expr, modules, **options)


def lambdify_np(args: Any, expr: Any, modules: Any, **options: Any) -> Callable[..., Any]:
    """:func:`lambdify_mp` for modules that print as numpy."""
    return _lambdify(_NumPyPrinter, args, expr, modules, **options)


def _lambdify(printer_type: type, args: Any, expr: Any, modules: Any, **options: Any) -> Callable[..., Any]:
    # the settings lambdify gives the printer it builds itself: dict modules' names are printed as they stand
    named = {k: k for m in (modules if isinstance(modules, (list, tuple)) else [modules]) if isinstance(m, dict) for k in m}
    printer = printer_type({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                            "user_functions": named})
    return sp.lambdify(args, expr, modules=modules, printer=printer, docstring_limit=0, **options)
