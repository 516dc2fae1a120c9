"""Progress lines for long computations, shown only once they take longer than a couple of seconds.

The library functions that can run long (:func:`vgtheory.core.chain.gradient`,
:func:`vgtheory.report.check`, the plot helpers) take an optional ``progress(done, total, what)``
callable; they never print. The command line passes a :class:`Progress`, which writes
``vgtheory: <what> <done>/<total>, <elapsed> s elapsed, about <eta> s left`` to stderr, at most
once a second and only after ``after`` seconds, so a quick command stays silent.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, Protocol, TextIO

__all__ = ["ProgressFn", "Progress"]

#: From this many steps on they are taken to cost alike (layers, depths), so a time left is estimated;
#: fewer steps are stages of unequal cost (check's properties, scaling, theorems) and get none.
_UNIFORM_STEPS = 20


class ProgressFn(Protocol):
    def __call__(self, done: int, total: int, what: str) -> None: ...


class Progress:
    """A :class:`ProgressFn` that reports on ``stream`` after ``after`` seconds, every ``every`` seconds."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        after: float = 2.0,
        every: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._after = after
        self._every = every
        self._clock = clock
        self._start = clock()
        self._last: float | None = None
        self.shown = 0

    def __call__(self, done: int, total: int, what: str) -> None:
        now = self._clock()
        elapsed = now - self._start
        if elapsed < self._after or (self._last is not None and now - self._last < self._every):
            return
        self._last = now
        line = f"vgtheory: {what} {done:,}/{total:,}, {elapsed:.0f} s elapsed"
        if 0 < done < total and total >= _UNIFORM_STEPS:
            line += f", about {elapsed * (total - done) / done:.0f} s left"
        stream = self._stream if self._stream is not None else sys.stderr
        print(line, file=stream, flush=True)
        self.shown += 1
