"""A time bound on the Gaussian expectations of an analysis (the signal section of ``check``).

The mean-field analyses spend their time in :mod:`vgtheory.meanfield.gaussian`'s quadratures,
which check the bound before each expectation and each round of its refinement: cooperative,
so it works in any thread and leaves no timer, signal handler or worker thread behind.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

import numpy as np

__all__ = ["OutOfTime", "time_bound", "on_time", "values_in_time"]


class OutOfTime(BaseException):
    """The expectations of a :func:`time_bound` block ran past its bound. A BaseException, so that
    no ``except VGTheoryError`` on the way reads it as an undefined σ and tries on (R9b-9: a
    stateful callable's noise kept every refinement from meeting its tolerance, for minutes)."""


#: time.monotonic() past which an expectation stops (set by :func:`time_bound`; per thread).
_DEADLINE: ContextVar[float | None] = ContextVar("vgtheory_expectation_deadline", default=None)


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Every expectation started in the block, and every round of its refinement, first checks
    that ``seconds`` have not passed, and raises :class:`OutOfTime` otherwise: the block ends
    within ``seconds`` plus one round of one quadrature (the analyses spend their time there)."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def on_time() -> None:
    end = _DEADLINE.get()
    if end is not None and time.monotonic() > end:
        raise OutOfTime()


def values_in_time(h: Callable[[np.ndarray], np.ndarray], u: np.ndarray) -> np.ndarray:
    """h(u) as a float array the size of u. Under a time bound, in chunks that start at one point
    and grow fourfold while a chunk takes under 50 ms, the clock read before each: one value of a
    callable can take seconds (x(1 + erf(x/√2))/2 near x = -100 cancels at every precision
    tried), so a bound checked once per array overran 5 s by 27."""
    if _DEADLINE.get() is None:
        return np.asarray(h(u), dtype=float) * np.ones_like(u)
    out, k, size = [], 0, 1
    while k < len(u):
        on_time()
        began, part = time.monotonic(), u[k:k + size]
        out.append(np.asarray(h(part), dtype=float) * np.ones_like(part))
        k, size = k + size, size * 4 if time.monotonic() - began < 0.05 else max(1, size // 4)
    return np.concatenate(out) if out else np.asarray(h(u), dtype=float) * np.ones_like(u)
