"""Small shared pieces of the theorem modules: input checks, number text, bounded sympy steps."""

from __future__ import annotations

from typing import Any, Callable

import mpmath
import sympy as sp

from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.activations import Activation, to_mpf
from vgtheory.core.chain import to_real
from vgtheory.core.decimals import directed_string
from vgtheory.errors import VGTheoryError
from vgtheory.core.input_limits import check_int  # noqa: F401 - the one range check, re-exported for the theorems
from vgtheory.core.slots import name_slot

T = sp.Symbol("t", positive=True)  # pre-activations in the theorems are positive, so |t| = t
SYMPY_STEP = 0.5  # seconds per bounded sympy step (solveset either answers fast or gives up)
mp = to_mpf


def num(v: Any, digits: int = 12, up: bool | None = None) -> str:
    """A number as short plain text ('n/a' for None, 'inf' for infinities); the text of an upper bound (``up``) rounded
    up, of a lower bound down (to nearest, "df/dw_1 >= 0.215384615385" was false for 14/65, R71b-8)."""
    if v is None:
        return "n/a"
    if isinstance(v, sp.Basic):
        return str(v)
    if mpmath.isinf(v):
        return "inf" if v > 0 else "-inf"
    if up is not None and mpmath.isfinite(v):
        return directed_string(v, digits, up)
    with mpmath.workdps(digits + 5):  # rounded first: nstr of a 5000-digit z* met Python's int-to-str limit (R68a-11)
        return mpmath.nstr(+v, digits, min_fixed=-4, max_fixed=6)


def shown(v: Any, digits: int, earned: int | None, up: bool | None = None) -> str:
    """v as :func:`num` writes it to ``digits`` significant digits, at most ``earned`` (None: no bound; 0: none
    earned, 'undetermined'): a float64 callable's numbers carry the digits its difference quotients leave (R25a-3)."""
    if earned == 0 or (isinstance(v, mpmath.mpf) and mpmath.isnan(v)):  # nan: a number not computed (R36a-2)
        return "undetermined"
    return num(v, digits if earned is None else min(digits, earned), up)


def real(v: Any, what: str, *, positive: bool = False) -> mpmath.mpf:
    """A user number (strings are decimals, never evaluated) as a finite mpf, positive if asked."""
    out = to_real(v, what)
    if positive and out <= 0:
        raise VGTheoryError(f"{what} must be a positive finite real number, got {v!r}")
    return out


def sym_step(fn: Callable[[], Any], seconds: float = SYMPY_STEP) -> Any:
    """fn() under a time bound; None when sympy times out or gives up."""
    try:
        return bounded(fn, seconds)
    except StepTimeout:
        return None
    except (NotImplementedError, TypeError, ValueError, AttributeError, RecursionError, ZeroDivisionError,
            sp.PolynomialError):
        return None


def safe(fn: Callable[[mpmath.mpf], mpmath.mpf], t: mpmath.mpf) -> mpmath.mpf | None:
    """fn(t) as a finite real mpf, or None where it is undefined, infinite or not real."""
    try:
        v = fn(t)
    except (ArithmeticError, ValueError, TypeError, VGTheoryError):
        return None
    if isinstance(v, mpmath.mpc):
        return None
    try:
        return v if mpmath.isfinite(v) else None
    except TypeError:
        return None


def sigma_tex(act: Activation) -> str:
    return act.latex() if act.is_symbolic else rf"\texttt{{{name_slot(act.name)}}}"


def interval_text(interval: sp.Interval) -> str:
    """(a, b], [a, oo) ... as plain text."""
    if not isinstance(interval, sp.Interval):
        return str(interval)
    left = "(" if interval.left_open or interval.start.is_infinite else "["
    right = ")" if interval.right_open or interval.end.is_infinite else "]"
    return f"{left}{interval.start}, {interval.end}{right}"


def piece_slopes(f: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Basic, sp.Basic] | None:
    """(f', f'', f' ≤ 0, f'' > 0) in T, or None where they hold nan or sympy fails on them: its assumptions ran
    factorint on 600-digit coefficients and raised ValueError (R59a-2); a relation with nan raises too (R24a-1)."""
    try:  # in a variable without assumptions: with T positive, sympy asked the sign of each derivative (a factor of a
        # polynomial with the coefficient e^-12000) for 75 s (R68a-1)
        x = sp.Dummy("x")
        # on a clock: putting T back rebuilds the derivatives, and with e^-6000 in a coefficient sympy's factoring
        # there ran for minutes in some hash orders (R70a-7)
        d1, d2 = bounded(lambda: tuple(sp.diff(f.xreplace({T: x}), x, k).xreplace({x: T}) for k in (1, 2)), 4 * SYMPY_STEP)
        if d1.has(sp.nan, sp.zoo) or d2.has(sp.nan, sp.zoo):
            return None
        # a relation in T is left unevaluated (its evaluation asked the same signs); a constant one is decided as written
        return d1, d2, sp.Le(d1, 0, evaluate=d1.is_number), sp.Gt(d2, 0, evaluate=d2.is_number)
    except (ValueError, TypeError, StepTimeout):
        return None
