"""One lock for the package's public entry points (layer: core).

mpmath's working precision (``mpmath.mp.prec``) is a single process-wide setting, and every
``workdps`` block changes it for all threads: two gradients computed at once in two threads
computed at each other's precision, 5 digits padded out to 30 "confirmed" ones (R9b-5). The
entry points (``check``, ``check_properties`` and the single property checks, ``gradient``,
``forward``, ``symbolic_chain``, ``signal``, ``critical_init``, ``signal_summary``,
``recommend_init``, ``scaling_report``, ``theorem1``, ``theorem2``) take this re-entrant lock, so
calls from several threads run one at a time (a call made from inside another passes straight
through), and each restores ``mpmath.mp.prec`` on every way out, an exception included. Code
outside the package that changes mpmath's precision while a call runs is not covered.
"""

from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

import mpmath

__all__ = ["serialized", "LOCK"]

F = TypeVar("F", bound=Callable)

LOCK = threading.RLock()

_NOTE = ("Thread-safe: calls from several threads run one at a time (one package-wide lock, "
         ":mod:`vgtheory.core.serial`), and mpmath's precision is restored on return.")


def serialized(fn: F) -> F:
    """``fn`` under :data:`LOCK`, restoring ``mpmath.mp.prec`` on return; its docstring says so."""

    @functools.wraps(fn)
    def entry(*args, **kwargs):
        with LOCK:
            prec = mpmath.mp.prec
            try:
                return fn(*args, **kwargs)
            finally:
                mpmath.mp.prec = prec

    entry.__doc__ = f"{fn.__doc__.rstrip()}\n\n    {_NOTE}\n" if fn.__doc__ else _NOTE
    return entry  # type: ignore[return-value]
