"""Session 14, fixer L1: exact_sign's memory of time-outs, a time bound for a slow callable's numeric checks,
and ``plot`` of a narrow bump at depth.

Every truth here comes from an argument in the test (an identity, a timing bound), never from the package's
output."""

from __future__ import annotations

import sympy as sp

from vgtheory.core import enclosure


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
