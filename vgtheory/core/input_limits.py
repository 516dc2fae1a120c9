"""The input limits of vgtheory, in one place, and the validators that enforce them.

Each limit keeps a computation bounded on an ordinary machine: a request beyond a limit is
refused with one :class:`~vgtheory.errors.VGTheoryError` line naming the limit, instead of
running for minutes. The costs quoted are CPU times from ``benchmarks/bench_limits.py`` on a
2-core CPU dev machine, no GPU.

* ``gradient``: depth ≤ :data:`MAX_DEPTH`, digits in :data:`GRADIENT_DPS`, and
  depth × digits ≤ :data:`MAX_DEPTH_TIMES_DPS` (a tanh layer costs about 0.18 ms at 50 digits,
  0.64 ms at 500 and 32 ms at 4000, so the product bounds a run to under a minute; depth
  100,000 at 50 digits took 11 s);
* ``check``: digits in :data:`CHECK_DPS`, each symbolic step's timeout in (0, :data:`MAX_TIMEOUT`];
* ``plot``: depth ≤ :data:`MAX_PLOT_DEPTH` (depth 5000 took 14 s: four scales, each a chain and
  a Theorem 2 prediction);
* formulas: at most :data:`MAX_FORMULA_LENGTH` characters, number literals and the rational
  numbers that arithmetic on them builds (1e300*1e300, (1/10**200)**-1000) within 1e-300 … 1e300
  in magnitude with at most :data:`MAX_EXACT_DIGITS` digits above and below the fraction bar
  (constants that functions build, exp(1000) or pi**1000, stay exact and unbounded: evaluating
  one too large raises BeyondRangeError where it is needed), numeric exponents at most :data:`MAX_EXPONENT` (enforced by
  :mod:`vgtheory.core.parsing`: 1e999999 would become a million-digit integer, z**(10**10) an
  expansion that never ends), at most :data:`MAX_NESTING` function calls or powers nested in
  one another and a syntax tree at most :data:`MAX_TREE_DEPTH` deep (sympy's derivative and
  lambdify recurse once per level: 140 nested tanh raised RecursionError, and the derivative of
  n nested calls grows like n², 30 nested tanh took 33 s for one σ' evaluation at load 10), and
  at most :data:`MAX_SWITCH_BRANCHES` branches in all the Max and Min of a formula together;
* numeric command-line options (``--x``, ``--w``, ``--sigma-w``, ``--sigma-b``, ``--q0``, ``--s``,
  ``--lam``, ...) obey the same magnitude bound as formula literals: at most 1e300 and, unless
  zero, at least 1e-300 in magnitude. The Python functions read numbers of any size exactly
  (a weight 1e400 saturates tanh as it should) and refuse only a value too large to evaluate.

Above 4300 digits Python refuses to print the integers behind an mpmath number, so no digit
limit reaches it.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from vgtheory.errors import VGTheoryError

__all__ = [
    "CHECK_DPS",
    "GRADIENT_DPS",
    "MAX_DEPTH",
    "MAX_DEPTH_TIMES_DPS",
    "MAX_PLOT_DEPTH",
    "MAX_TIMEOUT",
    "MAX_FORMULA_LENGTH",
    "MAX_LITERAL_EXPONENT",
    "MAX_EXPONENT",
    "MAX_EXACT_DIGITS",
    "MAX_NESTING",
    "MAX_TREE_DEPTH",
    "MAX_SWITCH_BRANCHES",
    "MAX_NUMBER",
    "check_number",
    "check_int",
    "check_seconds",
    "check_gradient_size",
]

#: Inclusive range of mpmath decimal digits for ``gradient``.
GRADIENT_DPS = (5, 4000)
#: Inclusive range of mpmath decimal digits for the numeric evidence of ``check``.
CHECK_DPS = (15, 1000)
#: Largest chain depth ``gradient`` computes.
MAX_DEPTH = 100_000
#: Largest depth × dps ``gradient`` computes (100,000 layers at 50 digits, 1,250 at 4,000).
MAX_DEPTH_TIMES_DPS = 5_000_000
#: Largest depth drawn by ``plot``.
MAX_PLOT_DEPTH = 10_000
#: Largest timeout (seconds) of one symbolic step.
MAX_TIMEOUT = 600.0
#: Longest formula string, in characters.
MAX_FORMULA_LENGTH = 2000
#: Largest decimal exponent (in absolute value) of a number literal in a formula.
MAX_LITERAL_EXPONENT = 300
#: Largest numeric exponent (in absolute value) of a power in a formula.
MAX_EXPONENT = 1000
#: Most decimal digits in the numerator or denominator of an exact number a formula builds
#: ((1 + 1/10**300)**1000 has 300,000: Python refuses to print integers of more than 4300).
MAX_EXACT_DIGITS = 3000
#: Most function calls and powers nested inside one another in a formula.
MAX_NESTING = 20
#: Deepest syntax tree of a formula (every operation counts; a sum of n terms is n deep).
MAX_TREE_DEPTH = 200
#: Most branches of all the Max and Min of a formula together: σ' of a Max of n branches has n(n − 1) Heaviside
#: factors, and sympy compares each pair of branches as it builds them (12 branches: 3.6 s for σ', 16: 27 s, and
#: ``init`` ran past 400 s, R39b-3; a Min of four 4-branch Max, each shifted, 274 s, R40b-3, R41b-2; a Min of three
#: 2-branch Max, 9 in all, 264 s for ``latex`` in sympy's Piecewise rewrite, R41b-3); every pair is a kink equation.
MAX_SWITCH_BRANCHES = 8
#: Largest magnitude of a number given on the command line (the formula literal bound).
MAX_NUMBER = 10.0**MAX_LITERAL_EXPONENT


def check_int(value: Any, what: str, lo: int, hi: int) -> int:
    """``value`` if it is an int in [lo, hi] (a numpy integer read as its int, R30b-4), else a VGTheoryError stating
    the range."""
    if type(value).__module__ == "numpy" and getattr(value, "shape", None) == () and value.dtype.kind in "iu":
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise VGTheoryError(f"{what} must be an integer between {lo:,} and {hi:,}, got {value!r}")
    return value


def check_seconds(value: Any, what: str, hi: float = MAX_TIMEOUT) -> float:
    """``value`` as a float in (0, hi], else a VGTheoryError stating the range."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if isinstance(value, bool) or not (0 < seconds <= hi):
        raise VGTheoryError(f"{what} must be a number of seconds in (0, {hi:g}], got {value!r}")
    return seconds


def check_gradient_size(depth: int, dps: int) -> None:
    """Refuse a chain whose depth × digits exceeds :data:`MAX_DEPTH_TIMES_DPS` (depth and dps already checked)."""
    if depth * dps > MAX_DEPTH_TIMES_DPS:
        raise VGTheoryError(
            f"depth {depth:,} at {dps:,} digits is too large a computation: depth x dps must be at most "
            f"{MAX_DEPTH_TIMES_DPS:,} (at {dps:,} digits, depth at most {MAX_DEPTH_TIMES_DPS // dps:,})"
        )


def check_number(text: Any, what: str) -> str:
    """``text`` (a command-line number) unchanged if it is finite with magnitude in
    [1e-300, 1e300] or zero, else a VGTheoryError. Only the size is checked here (a float
    parse, which cannot hang); the option's own parser still decides what the text means."""
    try:
        # Decimal, not float: 1e-400 is not 0, and reading 1e99999999999 costs nothing.
        value = Decimal(str(text).strip().replace("_", ""))
    except InvalidOperation:
        return text  # not a plain decimal (a fraction, 'sqrt(2)'): parsed with formula limits later
    if not value.is_finite() or (value != 0 and abs(value.adjusted()) > MAX_LITERAL_EXPONENT):
        raise VGTheoryError(
            f"{what} must be a number between 1e-{MAX_LITERAL_EXPONENT} and 1e{MAX_LITERAL_EXPONENT} in magnitude "
            f"(or 0), got {_short_text(text)}"
        )
    return text


def _short_text(text: Any) -> str:
    shown = str(text)
    return shown if len(shown) <= 24 else shown[:12] + "..." + shown[-6:]
