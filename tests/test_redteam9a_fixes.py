"""Fixes of the session-9 red team 9a findings (R9a-N), each with its truth derived in the test."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.core.budget import Deadline
from vgtheory.kernel import numbers

# sigma = tanh z below 10^30, 2 - tanh z from there on: a jump of 2(1 - tanh 10^30) = 4 e^{-2e30}(1 + o(1))
# > 0 at 10^30, far below any enclosure (3e30 bits): undecidable here, but never "equal" and never a crash.
JUMP_AT_1E30 = "Piecewise((tanh(x), x < 10**30), (2 - tanh(x), True))"


def test_r9a_3_an_error_inside_the_zero_test_is_not_a_proof_and_does_not_escape() -> None:
    def overflowing(_: object) -> None:
        raise OverflowError("too many digits in integer")

    # pi*(sqrt(2) - 1) is not 0 (1 < 2), and pi keeps it out of the exact tests, so run() is reached.
    assert numbers.is_zero(sp.sqrt(2) * sp.pi - sp.pi, overflowing) is False
    left = sp.tanh(sp.Integer(10) ** 30)
    # tanh(10^30) < 1 < 2 - tanh(10^30): the kernel may leave it undecided, never say 0 or > 0.
    fact = numbers.compare(left, 2 - left, Deadline(5.0).run)
    assert fact is None or fact.value == -1


def test_r9a_3_the_theorems_section_is_computed_for_a_jump_at_1e30() -> None:
    from vgtheory.properties.smoothness import check_c1
    from vgtheory.theorems.section import theorems_section

    # The jump makes sigma discontinuous on (0, oo): C^1 fails; with a jump of e^{-2e30} the
    # package cannot see it, so "inconclusive" is the allowed answer, "holds" would be false.
    assert check_c1(JUMP_AT_1E30, sp.Interval.open(0, sp.oo)).verdict in ("fails", "inconclusive")
    section = theorems_section(JUMP_AT_1E30)
    assert section.theorem1_applies in ("fails", "inconclusive")
