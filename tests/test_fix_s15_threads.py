"""R14b-7: a callable that calls vgtheory from a worker thread and waits for it used to deadlock on the
package's lock (the caller holds it while it evaluates the callable). Now the waiting call gives up
with one clear error after core.serial.STALL_SECONDS of one evaluation, and the outer call reports it."""

from __future__ import annotations

import concurrent.futures
import threading
import time

import mpmath
import pytest

import vgtheory
from vgtheory.core import serial
from vgtheory.errors import VGTheoryError


@pytest.mark.slow
def test_nested_call_from_a_worker_thread_ends_with_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(serial, "STALL_SECONDS", 0.5)
    pool = concurrent.futures.ThreadPoolExecutor(1)

    def sigma(z):
        return pool.submit(lambda: vgtheory.forward("tanh", [1], z, dps=20)[-1]).result()

    start = time.monotonic()
    with pytest.raises(VGTheoryError, match="worker thread"):
        vgtheory.gradient(sigma, [1], x=1, dps=20)
    assert time.monotonic() - start < 30
    pool.shutdown()


@pytest.mark.slow  # 400 evaluations of 5 ms each, waited for by a second thread: ~3-5 s
def test_threads_without_nesting_still_wait_their_turn(monkeypatch) -> None:
    # A second thread's call waits for the first (which evaluates no callable that waits on it), however long
    # that takes beyond STALL_SECONDS, and both results are right.
    monkeypatch.setattr(serial, "STALL_SECONDS", 1.0)
    results = {}

    def slow(z):
        time.sleep(0.005)  # one evaluation is short; the whole call (400 of them) is longer than STALL_SECONDS
        return mpmath.tanh(z)

    def first():
        results["a"] = vgtheory.forward(slow, [1] * 400, "0.5", dps=20)[-1]

    def second():
        results["b"] = vgtheory.forward("tanh", [1] * 400, "0.5", dps=20)[-1]

    a = threading.Thread(target=first)
    a.start()
    time.sleep(0.05)
    b = threading.Thread(target=second)
    b.start()
    a.join()
    b.join()
    with mpmath.workdps(40):
        z = mpmath.mpf("0.5")
        for _ in range(400):
            z = mpmath.tanh(z)
        assert abs(results["a"] - z) < 1e-15 and abs(results["b"] - z) < 1e-18
