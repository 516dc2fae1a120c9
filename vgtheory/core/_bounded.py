"""Run one sympy step under a wall-clock bound.

sympy's ``limit`` and ``function_range`` can run for minutes on innocent-looking inputs, and the
package promises a verdict (possibly ``inconclusive``) rather than a hang. sympy is pure Python,
so an exception raised from a timer signal interrupts it cleanly; that only works in the main
thread, so elsewhere the step runs in a daemon thread that is abandoned after the bound.
"""

from __future__ import annotations

import gc
import signal
import sys
import threading
import time
from contextvars import ContextVar
from typing import Any, Callable, TypeVar

__all__ = ["StepTimeout", "OwnTimeout", "bounded", "bounded_own", "WATCHERS"]

T = TypeVar("T")


class StepTimeout(BaseException):
    """A bounded step ran past its time limit.

    A BaseException, like KeyboardInterrupt, so that sympy's internal ``except Exception``
    clauses cannot swallow it and keep computing past the bound.
    """


#: Objects with a ``timed_out`` flag (the budgets of :mod:`vgtheory.core.budget` whose steps are
#: running, and its ``watch()`` blocks) that every time-out raised while they are active sets. A
#: step inside another step runs under whichever bound ends first (its own, or the enclosing one that
#: keeps ticking), and whoever catches the tick may be a nested step: the flag is set where the tick is
#: raised, so no catcher can hide from the enclosing check that the clock, not sympy, stopped it.
WATCHERS: ContextVar[tuple[Any, ...]] = ContextVar("vgtheory_budget_watchers", default=())


def _timeout() -> StepTimeout:
    for w in WATCHERS.get():
        w.timed_out = True
    return StepTimeout()


#: Where weakref callbacks (finalizers run by the garbage collector) are defined.
_WEAKREF_FILES = ("weakref.py", "_weakrefset.py")


def _cannot_propagate(frame) -> bool:
    """Whether the tick landed in code whose exceptions Python swallows: a gc callback, a
    finalizer (``__del__``, weakref callbacks) or the unraisable hook that reports those. Raising
    there stops nothing, and inside the hook it breaks the report itself; the next tick (50 ms
    later) lands in the step again."""
    callbacks = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    hook = getattr(sys.unraisablehook, "__code__", None)
    depth = 0
    while frame is not None and depth < 64:
        code = frame.f_code
        if (code in callbacks or code is hook or code.co_name in ("__del__", "unraisable_hook")
                or code.co_filename.endswith(_WEAKREF_FILES)
                or (code.co_filename, code.co_name) == ("<frozen importlib._bootstrap>", "cb")):  # a module lock's weakref
            return True
        frame, depth = frame.f_back, depth + 1
    return False


def bounded(fn: Callable[[], T], seconds: float) -> T:
    """Return ``fn()``, or raise :class:`StepTimeout` if it runs longer than ``seconds``."""
    if seconds <= 0:
        raise _timeout()
    in_main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    outer = signal.getitimer(signal.ITIMER_REAL) if in_main else (0.0, 0.0)
    if outer[0] > 0.0 and outer[0] <= seconds:
        return fn()  # an enclosing bound that ticks first already bounds this step
    if in_main:
        # An enclosing bound further away (plot's 300 s around a property check's 6-s steps) is paused for this
        # step and re-armed with what is left of it: running the step under the enclosing one alone let a 6-s
        # sympy step run for the whole 300 s (R12b-8).
        began = time.monotonic()
        armed = [True]

        def on_tick(signum, frame):
            if not armed[0]:
                signal.setitimer(signal.ITIMER_REAL, 0)  # a stray tick after the step: stop ticking
            elif not _cannot_propagate(frame):
                raise _timeout()

        previous = signal.signal(signal.SIGALRM, on_tick)
        try:
            # Armed inside the try: a first tick (1 ms for check(timeout=0.001)) landing before it
            # was entered skipped the clean-up and left the timer ticking into pytest's report.
            # Re-fires every 50 ms: a tick that lands in a finalizer is swallowed by Python, and
            # the next one must still stop the step.
            signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
            return fn()
        finally:
            # A tick can land inside this clean-up and raise before it ends, which left the timer
            # ticking and the handler armed: StepTimeout then came out of unrelated code later
            # (CI, pytest's own report of check(timeout=0.001)). Retry until the clean-up is done.
            while True:
                try:
                    armed[0] = False
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    signal.signal(signal.SIGALRM, previous)
                    break
                except StepTimeout:
                    continue
            if outer[0] > 0.0:
                # Outside the retry loop: the enclosing bound's tick may land at once (it is then its StepTimeout).
                signal.setitimer(signal.ITIMER_REAL, max(outer[0] - (time.monotonic() - began), 1e-6), outer[1])
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _timeout()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class OwnTimeout(Exception):
    """:func:`bounded_own`'s own bound ran out (an ordinary exception: the caller skips that step and goes on)."""


def bounded_own(fn: Callable[[], T], seconds: float) -> T:
    """``fn()`` within ``seconds``, else :class:`OwnTimeout`; a tick of an enclosing bound that ends first is raised
    as it is (a StepTimeout), so that no caller of this mistakes the enclosing clock for its own and goes on."""
    if seconds == float("inf"):
        return fn()
    end = time.monotonic() + seconds
    try:
        return bounded(fn, seconds)
    except StepTimeout:
        if time.monotonic() < end:
            raise
        raise OwnTimeout from None
