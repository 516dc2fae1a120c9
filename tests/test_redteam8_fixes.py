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


@pytest.mark.parametrize("f", ["tanh(x)*1e300*1e300", "tanh(x)*10**300*10**300", "x*1e300*10", "tanh(x)/1e300/1e300",
                               "(tanh(x)*10**200 + x)*10**200"])
def test_r8_11_a_coefficient_gathered_past_1e300_is_refused(f: str) -> None:
    # sympy gathers the literals of tanh(x)*1e300*1e300 into one coefficient 10**600 (or 10**-600),
    # outside the documented range of the numbers a formula builds.
    from vgtheory.core.parsing import parse_formula
    from vgtheory.errors import VGTheoryError

    with pytest.raises(VGTheoryError, match="out of range"):
        parse_formula(f)


@pytest.mark.parametrize("f", ["tanh(x)*1e300", "tanh(x/1e300)*1e300", "tanh(x)*10**150*10**150",
                               "tanh(x) + sqrt(2)/10**300", "x**(1/3)*exp(-x**2)/10**299"])
def test_r8_11_numbers_inside_the_range_are_kept(f: str) -> None:
    import sympy as sp

    from vgtheory.core.parsing import parse_formula

    expr = parse_formula(f)
    nonzero = [q for q in expr.atoms(sp.Rational) if q != 0]
    assert nonzero and all(sp.Rational(1, 10**300) <= abs(q) <= 10**300 for q in nonzero)
