"""The time bound stops a step, but never raises into code whose exceptions Python swallows."""

from __future__ import annotations

import gc
import sys
import time

import pytest

from vgtheory.core._bounded import StepTimeout, _cannot_propagate, bounded


def test_a_slow_step_is_stopped_and_a_fast_one_returns():
    def spin():
        end = time.monotonic() + 3
        while time.monotonic() < end:
            pass

    start = time.monotonic()
    with pytest.raises(StepTimeout):
        bounded(spin, 0.2)
    assert time.monotonic() - start < 2
    assert bounded(lambda: 41 + 1, 1.0) == 42


def test_ordinary_code_can_be_interrupted():
    assert _cannot_propagate(sys._getframe()) is False


def test_gc_callbacks_and_finalizers_are_never_interrupted():
    seen: dict[str, bool] = {}

    def callback(phase, info):
        seen.setdefault("gc", _cannot_propagate(sys._getframe()))

    class Finalised:
        def __del__(self):
            seen["del"] = _cannot_propagate(sys._getframe())

    gc.callbacks.append(callback)
    try:
        gc.collect()
    finally:
        gc.callbacks.remove(callback)
    Finalised()
    assert seen == {"gc": True, "del": True}
