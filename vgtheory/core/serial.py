"""One lock for the package's public entry points (layer: core).

mpmath's working precision (``mpmath.mp.prec``) is a single process-wide setting, and every
``workdps`` block changes it for all threads: two gradients computed at once in two threads
computed at each other's precision, 5 digits padded out to 30 "confirmed" ones (R9b-5). The
entry points (``check``, ``check_properties`` and the single property checks, ``gradient``,
``forward``, ``symbolic_chain``, ``signal``, ``critical_init``, ``signal_summary``,
``recommend_init``, ``scaling_report``, ``theorem1``, ``theorem2``) take this re-entrant lock, so
calls from several threads run one at a time (a call made from inside another passes straight
through), and each restores ``mpmath.mp.prec`` on every way out, an exception included. Code
outside the package that changes mpmath's precision while a call runs is not covered. A callable that
calls vgtheory from another thread and waits for it would wait forever (its caller holds the lock): the
waiting call gives up with a VGTheoryError once one evaluation of a callable has kept it waiting
:data:`STALL_SECONDS` (R14b-7).
"""

from __future__ import annotations

import functools
import threading
import time
from typing import Callable, TypeVar

import mpmath

__all__ = ["serialized", "LOCK", "calling_user_code", "STALL_SECONDS"]

F = TypeVar("F", bound=Callable)

LOCK = threading.RLock()
#: (evaluation number, start time) of the user callable the lock's owner is running, or None; one tuple,
#: replaced whole by the owner and read by waiting threads.
_CALL: list = [None]
#: Seconds one evaluation of a user callable may keep another thread waiting for the lock before that
#: thread gives up: a callable that calls vgtheory in a worker thread and waits for it deadlocks (R14b-7).
STALL_SECONDS = 30.0

_NOTE = ("Thread-safe: calls from several threads run one at a time (one package-wide lock, "
         ":mod:`vgtheory.core.serial`), and mpmath's precision is restored on return.")


def serialized(fn: F) -> F:
    """``fn`` under :data:`LOCK`, restoring ``mpmath.mp.prec`` on return; its docstring says so."""

    @functools.wraps(fn)
    def entry(*args, **kwargs):
        if not LOCK.acquire(blocking=False):
            _wait_for_lock(fn.__name__)
        try:
            prec = mpmath.mp.prec
            try:
                return fn(*args, **kwargs)
            finally:
                mpmath.mp.prec = prec
        finally:
            LOCK.release()

    entry.__doc__ = f"{fn.__doc__.rstrip()}\n\n    {_NOTE}\n" if fn.__doc__ else _NOTE
    return entry  # type: ignore[return-value]


def _wait_for_lock(name: str) -> None:
    """Wait for :data:`LOCK`; raise VGTheoryError when its owner has been inside one evaluation of a user
    callable for :data:`STALL_SECONDS` meanwhile (the callable waits for this very call)."""
    from vgtheory.errors import VGTheoryError

    while not LOCK.acquire(timeout=0.1):
        call = _CALL[0]
        if call is not None and time.monotonic() - call[1] > STALL_SECONDS:
            raise VGTheoryError(
                f"vgtheory.{name} waited {STALL_SECONDS:g} s for another thread, which has been inside one evaluation "
                "of a user callable all that time; if that callable calls vgtheory from a worker thread and waits for "
                "it, neither would ever return, so this call stops (calls run one at a time: vgtheory.core.serial)")


class calling_user_code:
    """Context manager around one evaluation of a user callable by the lock's owner (see :func:`_wait_for_lock`)."""

    __slots__ = ("_before",)

    def __enter__(self) -> None:
        self._before = _CALL[0]
        _CALL[0] = (id(self), time.monotonic())

    def __exit__(self, *exc: object) -> None:
        _CALL[0] = self._before
