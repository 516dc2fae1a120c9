"""Session 14, fixer L1: exact_sign's memory of time-outs, a time bound for a slow callable's numeric checks,
and ``plot`` of a narrow bump at depth.

Every truth here comes from an argument in the test (an identity, a timing bound), never from the package's
output."""

from __future__ import annotations

import math
import re
import signal
import time

import pytest
import sympy as sp

import vgtheory
from clirun import cli
from vgtheory.core import enclosure
from vgtheory.core._bounded import StepTimeout, bounded


def test_exact_sign_does_not_reuse_an_answer_made_out_of_time(monkeypatch):
    # sin^2 + cos^2 - 1 is exactly 0 (Pythagoras); no arb ball separates it from 0, so only the kernel's zero
    # test decides it, and with no time at all that test answers None.
    c = sp.sin(sp.pi / 13) ** 2 + sp.cos(sp.pi / 13) ** 2 - 1
    assert c != 0  # sympy keeps it unevaluated: the zero test is really asked
    monkeypatch.setattr(enclosure, "SWITCH_ZERO_TEST_S", 0.0)
    assert enclosure.exact_sign(c) is None  # out of time: undecided, never a sign
    monkeypatch.setattr(enclosure, "SWITCH_ZERO_TEST_S", 2.0)
    assert enclosure.exact_sign(c) == 0  # with time the zero is proved: the time-out answer was not kept


def test_exact_sign_keeps_decided_answers(monkeypatch):
    c = sp.sqrt(2) - sp.Rational(141421, 100000)  # 1.41421356... - 1.41421 > 0
    assert enclosure.exact_sign(c) == 1
    monkeypatch.setattr(enclosure, "SWITCH_ZERO_TEST_S", 0.0)
    assert enclosure.exact_sign(c) == 1  # decided by its enclosure, whatever the clock


class _TooLong(BaseException):
    """Raised by the test's callable past a hard wall, so that an unbounded check fails fast (not caught by the
    package, which reads only Exceptions out of sigma)."""


def _slow_tanh(per_call_s: float, wall_s: float):
    began = time.monotonic()

    def slow(z):
        if time.monotonic() - began > wall_s:
            raise _TooLong(f"check still calling sigma after {wall_s} s")
        time.sleep(per_call_s)
        return math.tanh(z)
    return slow


def test_slow_callable_check_ends_near_its_bound_and_says_why():
    timeout = 0.2
    bound = 5 * timeout  # the rule stated in docs/check.md
    # Unbounded, this check calls sigma ~20,000 times (40 s at 2 ms each); the wall stops such a run at 12 s.
    began = time.monotonic()
    try:
        report = vgtheory.check(_slow_tanh(0.002, wall_s=12.0), timeout=timeout, signal=False)
    except _TooLong as exc:
        pytest.fail(f"no time bound: {exc}")
    elapsed = time.monotonic() - began
    assert elapsed < bound + 8.0, elapsed  # 8 s for what runs outside the clock on a loaded machine
    verdicts = [report.real_valued, *report.properties]
    # tanh is real, bounded, with z tanh'(z) -> 0, tanh -> 1 > 0 and tanh(z)/z -> 1: nothing may fail.
    assert all(r.verdict in ("holds", "inconclusive") for r in verdicts), verdicts
    stopped = [r for r in verdicts if r.verdict == "inconclusive"]
    assert stopped  # ~500 samples in 1 s cannot decide all four
    for r in stopped:
        n = re.search(r"out of time after (\d+) evaluations", r.detail)
        assert n and int(n.group(1)) > 0, r.detail
    # The sections not reached say so in one line; the report itself is complete.
    for name, reason in report.unavailable.items():
        assert reason.startswith("out of time after") and "\n" not in reason, (name, reason)
    assert "out of time after" in str(report)


def test_fast_callable_keeps_its_ordinary_numeric_verdicts():
    report = vgtheory.check(math.tanh, timeout=2, theorems=False, signal=False)
    # tanh has all four properties (bounded by 1, sech^2 decays like e^-2z, limit 1, slope 1 at 0).
    assert [r.verdict for r in report.properties] == ["holds"] * 4, report
    assert all(r.method == "numeric" for r in report.properties)
    assert not report.unavailable


def _spin() -> None:
    while True:
        pass


@pytest.mark.slow
def test_a_short_step_inside_a_long_bound_keeps_its_own_bound():
    # plot and signal wrap a whole command in one bound (300 s); the 6-s sympy steps inside it ran until that
    # outer bound instead of their own (R12b-8: a plot stopped at its --timeout with no figure).
    def inner() -> float:
        began = time.monotonic()
        with pytest.raises(StepTimeout):
            bounded(_spin, 0.2)
        return time.monotonic() - began

    assert bounded(inner, 4.0) < 2.0
    # The enclosing bound is re-armed with what is left of it once the inner step is over.
    began = time.monotonic()
    with pytest.raises(StepTimeout):
        bounded(lambda: (bounded(lambda: 1, 0.1), _spin()), 1.0)
    assert time.monotonic() - began < 3.0
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0.0  # nothing left ticking


@pytest.mark.slow
def test_plot_of_a_narrow_bump_is_drawn_within_its_timeout(tmp_path):
    out = tmp_path / "p.png"
    run = cli("plot", "tanh(x) + exp(-((x-3/10)*1000)**2)/1000", "--depth-max", "5", "--scales", "1",
              "--timeout", "60", "-o", str(out), seconds=70)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
