"""Run one sympy step under a wall-clock bound.

sympy's ``limit`` and ``function_range`` can run for minutes on innocent-looking inputs, and the
package promises a verdict (possibly ``inconclusive``) rather than a hang. sympy is pure Python,
so an exception raised from a timer signal interrupts it cleanly; that only works in the main
thread, so elsewhere a watchdog thread raises the same exception in the step's own thread.
"""

from __future__ import annotations

import ctypes
import gc
import signal
import sys
import threading
from contextvars import ContextVar
from typing import Any, Callable, TypeVar

__all__ = ["StepTimeout", "bounded", "WATCHERS"]

T = TypeVar("T")


class StepTimeout(BaseException):
    """A bounded step ran past its time limit.

    A BaseException, like KeyboardInterrupt, so that sympy's internal ``except Exception``
    clauses cannot swallow it and keep computing past the bound.
    """


#: Objects with a ``timed_out`` flag (the budgets of :mod:`vgtheory.core.budget` whose steps are
#: running, and its ``watch()`` blocks) that every time-out raised while they are active sets. A
#: step inside another step has no timer of its own (the enclosing one keeps ticking), and whoever
#: catches the tick may be a nested step: the flag is set where the tick is raised, so no catcher
#: can hide from the enclosing check that the clock, not sympy, stopped it.
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
                or code.co_filename.endswith(_WEAKREF_FILES)):
            return True
        frame, depth = frame.f_back, depth + 1
    return False


def bounded(fn: Callable[[], T], seconds: float) -> T:
    """Return ``fn()``, or raise :class:`StepTimeout` if it runs longer than ``seconds``."""
    if seconds <= 0:
        raise _timeout()
    in_main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if in_main and signal.getitimer(signal.ITIMER_REAL)[0] > 0.0:
        # An enclosing bound is already ticking; clobbering it would lose that bound.
        return fn()
    if in_main:
        armed = [True]

        def on_tick(signum, frame):
            if not armed[0]:
                signal.setitimer(signal.ITIMER_REAL, 0)  # a stray tick after the step: stop ticking
            elif not _cannot_propagate(frame):
                raise _timeout()

        previous = signal.signal(signal.SIGALRM, on_tick)
        # Re-fires every 50 ms: a tick that lands in a finalizer is swallowed by Python, and
        # the next one must still stop the step.
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
        try:
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
    return _bounded_off_main(fn, seconds)


#: Whether a bound is ticking for this thread's step (a nested step then runs under it, as in the main thread).
_TICKING: ContextVar[bool] = ContextVar("vgtheory_bound_ticking", default=False)


def _unsafe(frame) -> bool:
    """Whether an exception raised in this stack could leave a lock held: inside an import (its
    module lock: a later import of the module would wait for ever), threading's own code, or a
    finalizer (:func:`_cannot_propagate`). The next tick, 50 ms later, tries again."""
    if frame is None or _cannot_propagate(frame):
        return frame is not None
    depth = 0
    while frame is not None and depth < 256 and frame.f_code is not _bounded_off_main.__code__:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib") or name.endswith(("threading.py", "importlib/__init__.py")):
            return True
        frame, depth = frame.f_back, depth + 1
    return False


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``thread_id`` at its next bytecode (None: withdraw one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def _bounded_off_main(fn: Callable[[], T], seconds: float) -> T:
    """``bounded`` outside the main thread: the step runs in the caller's thread, and a watchdog
    thread raises StepTimeout in it when the bound passes (every 50 ms until the step ends, like
    the timer signal). The step used to run in a daemon thread that was abandoned at the bound and
    kept computing, with mpmath's global precision, after the call returned (R9b-5)."""
    if _TICKING.get():
        return fn()
    me, watchers = threading.get_ident(), WATCHERS.get()
    guard, stop, done = threading.Lock(), threading.Event(), [False]

    def watchdog() -> None:
        wait = seconds
        while not stop.wait(wait):
            with guard:
                if done[0]:
                    return
                if not _unsafe(sys._current_frames().get(me)):
                    for w in watchers:
                        w.timed_out = True
                    _raise_in(me, StepTimeout)
            wait = 0.05

    token = _TICKING.set(True)
    dog = threading.Thread(target=watchdog, name="vgtheory-bound", daemon=True)
    dog.start()
    try:
        return fn()
    finally:
        # As in the main thread: the StepTimeout may arrive inside this clean-up; retry until the
        # watchdog is stopped and any exception it set but that was not yet raised is withdrawn.
        while True:
            try:
                with guard:
                    done[0] = True
                    _raise_in(me, None)
                stop.set()
                _TICKING.reset(token)
                break
            except StepTimeout:
                continue
        dog.join()
