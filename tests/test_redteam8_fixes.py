"""Fixes of the session-8 red team's findings (R8-N), each with its truth derived in the test."""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.core.activations import activation

# sigma = z on |z| <= 1/2, 1 - 1/(4z) beyond, -1 - 1/(4z) below: continuous and C^1 at +-1/2 (values
# +-1/2, slopes 1/(4 z^2) = 1), so sigma(0) = 0 although both outer branches are singular at 0.
SHARED_BRANCH_TERM = (
    "Piecewise((x, Abs(x) <= 1/2), (1 - 1/(4*x), x > 0), (-1 - 1/(4*x), True))",
    "Piecewise((x, x**2 <= 1/4), (1 - 1/(4*x), x > 0), (-1 - 1/(4*x), True))",
    "Piecewise((1 - 1/(4*x), x > 1/2), (-1 - 1/(4*x), x < -1/2), (x, True))",
)


@pytest.mark.parametrize("f", SHARED_BRANCH_TERM)
def test_r8_1_a_term_shared_by_branches_is_not_evaluated_outside_them(f: str) -> None:
    sigma = activation(f)
    with mpmath.workdps(30):
        for z, expected in ((0, 0), (mpmath.mpf(1) / 4, mpmath.mpf(1) / 4), (1, mpmath.mpf(3) / 4),
                            (-2, -1 + mpmath.mpf(1) / 8)):
            assert mpmath.almosteq(sigma(mpmath.mpf(z)), expected, rel_eps=mpmath.mpf(10) ** -25)
        assert sigma.slope(mpmath.mpf(0)) == 1  # the middle branch's slope, not a division by 0


def test_r8_1_the_check_finds_sigma_real_and_sigmoid_type() -> None:
    from vgtheory.properties.four import check_properties, check_real_valued

    assert check_real_valued(SHARED_BRANCH_TERM[0]).verdict == "holds"
    assert check_properties(SHARED_BRANCH_TERM[0]).sigmoid_type is True
