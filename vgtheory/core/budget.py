"""Time budgets for sympy steps (layer: core).

A budget never decides anything: a step that runs out of time answers None, which every caller
reads as "not decided". So a loaded machine can only turn a would-be ``symbolic`` verdict into a
``numeric`` or ``inconclusive`` one (the rule is stated in :mod:`vgtheory.kernel`), never into a
different decision.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator

import mpmath
import sympy as sp

from vgtheory.core._bounded import WATCHERS, StepTimeout, bounded

__all__ = ["Deadline", "as_deadline", "Steps", "sized", "Watch", "watch", "TIMEOUT_NOTE", "CallsOutOfTime", "call_clock",
           "tick_call_clock", "CALLABLE_TIMEOUT_FACTOR"]


class Deadline:
    """A time budget shared by the sympy steps of one check."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        #: Whether a step ran out of time (its answer, None, depended on the machine's load).
        self.timed_out = False

    def run(self, fn: Callable[[], Any]) -> Any:
        """fn() under the remaining budget; None when it times out or sympy gives up. A time-out
        of a step nested in this one (whoever catches it) sets :attr:`timed_out` too."""
        token = WATCHERS.set((*WATCHERS.get(), self))
        try:
            return bounded(fn, self.end - time.monotonic())
        except StepTimeout:
            self.timed_out = True
            return None
        except (NotImplementedError, TypeError, ValueError, AttributeError, RecursionError, IndexError, KeyError,
                ZeroDivisionError, OverflowError, MemoryError, sp.PolynomialError, mpmath.libmp.NoConvergence):
            # OverflowError: flint's fmpz_pow inside sympy's gcd (simplify of tanh(1 + 10**-20), R16a-3); MemoryError:
            # nsimplify's mpmath.identify raising e to a huge power for e^(pi sqrt 163) - 640320^3 - 744 (R30a-4);
            # NoConvergence: solveset's nroots on a polynomial with Float coefficients (R70a-4)
            return None
        finally:
            WATCHERS.reset(token)


def as_deadline(deadline: Deadline | float) -> Deadline:
    return deadline if isinstance(deadline, Deadline) else Deadline(float(deadline))


#: Said by a result whose label a time-out weakened (symbolic -> numeric or inconclusive).
TIMEOUT_NOTE = "a sympy step ran out of its time budget, so this label may be weaker on a loaded machine"


class Watch:
    """Whether a budgeted step run inside a ``with watch()`` block ran out of time."""

    timed_out = False


@contextmanager
def watch() -> Iterator[Watch]:
    """Record every time-out of the sympy steps run in the block, whichever code caught it (a
    result that only says ``numeric`` because of one must carry :data:`TIMEOUT_NOTE`)."""
    w = Watch()
    token = WATCHERS.set((*WATCHERS.get(), w))
    try:
        yield w
    finally:
        WATCHERS.reset(token)


#: Bits of a number in a formula at which a sympy step gets one more step's time.
_BITS_PER_STEP = 4096


def sized(seconds: float, expr: sp.Expr) -> float:
    """``seconds`` for a step on ``expr``, grown with the size of its largest integer (numerators, denominators):
    sympy's arithmetic on such numbers, and its sqrt, which seeks their square factors, takes time that grows with
    their size (1.5 s of CPU for the discriminant of z^2 - 2 - 10^-2900, past a 1 s step: R60a-1). A formula with
    numbers of ordinary size keeps ``seconds``."""
    bits = max((max(abs(n.p).bit_length(), n.q.bit_length()) for n in expr.atoms(sp.Rational)), default=0)
    return seconds * (1 + bits / _BITS_PER_STEP)


class Steps:
    """A wall-clock bound per sympy step (not shared), remembering whether any step ran out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.timed_out = False

    def run(self, fn: Callable[[], Any]) -> Any:
        """fn() within ``seconds``; None when it times out (recorded) or sympy gives up."""
        d = Deadline(self.seconds)
        out = d.run(fn)
        self.timed_out |= d.timed_out
        return out

    def deadline(self) -> Deadline:
        """A fresh :class:`Deadline` of one step, whose time-out is recorded by :meth:`note`."""
        d = Deadline(self.seconds)
        self._open = [*getattr(self, "_open", []), d]
        return d

    def note(self) -> str:
        """TIMEOUT_NOTE when a step (or a handed-out deadline) ran out of time, else ''."""
        if self.timed_out or any(d.timed_out for d in getattr(self, "_open", [])):
            return TIMEOUT_NOTE
        return ""


#: check() bounds a callable's numeric checks before the signal section by this many times its ``timeout``
#: (docs/check.md): a callable of 2 ms per call took 80 s of a check with timeout 3 (R12b-7).
CALLABLE_TIMEOUT_FACTOR = 5


class CallsOutOfTime(BaseException):
    """A callable's numeric checks passed their time bound (:func:`call_clock`). A BaseException, like
    :class:`StepTimeout`: the numeric routes read an Exception out of σ as "σ is undefined at z", and so
    would turn the clock into evidence (a false ``fails``); only the verdict's own catcher may read it."""


class _CallClock:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.calls = 0

    def tick(self) -> None:
        if time.monotonic() >= self.end:
            raise CallsOutOfTime(f"out of time after {self.calls} evaluations of sigma or sigma' (a callable's numeric "
                                 f"checks are bounded by {CALLABLE_TIMEOUT_FACTOR} x timeout = {self.seconds:g} s)")
        self.calls += 1


_CALL_CLOCK: ContextVar[_CallClock | None] = ContextVar("vgtheory_call_clock", default=None)


@contextmanager
def call_clock(seconds: float) -> Iterator[None]:
    """Within the block, every evaluation of σ or σ' (:func:`tick_call_clock`) past ``seconds`` raises
    :class:`CallsOutOfTime`, so the checks stop within one evaluation of the bound."""
    token = _CALL_CLOCK.set(_CallClock(seconds))
    try:
        yield
    finally:
        _CALL_CLOCK.reset(token)


def tick_call_clock() -> None:
    """Count one evaluation, or raise :class:`CallsOutOfTime` when the enclosing :func:`call_clock` has run out."""
    clock = _CALL_CLOCK.get()
    if clock is not None:
        clock.tick()
