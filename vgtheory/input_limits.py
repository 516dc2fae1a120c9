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
* formulas: at most :data:`MAX_FORMULA_LENGTH` characters, number literals within
  1e-300 … 1e300 in magnitude, numeric exponents at most :data:`MAX_EXPONENT` (enforced by
  :mod:`vgtheory.parsing`: 1e999999 would become a million-digit integer, z**(10**10) an
  expansion that never ends).

Above 4300 digits Python refuses to print the integers behind an mpmath number, so no digit
limit reaches it.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import VGTheoryError

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


def check_int(value: Any, what: str, lo: int, hi: int) -> int:
    """``value`` if it is an int in [lo, hi], else a VGTheoryError stating the range."""
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
