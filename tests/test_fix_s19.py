"""Red team R19's findings (session 17, second round), fixed.

Truths in closed form: with u = z - 1, |u| - u tanh^3(10^100 u) has one-sided slopes +-1 at u = 0 (tanh(Ku) -> 0);
tanh^2(10^100 u) is smooth with value and slope 0 at u = 0; u/10^60 + u^(3/2) has slope 10^-60 at 0+; 2 sqrt(|u| + e)
has slope 1/sqrt(e) at 0 from both sides; |z| - z = 0 on z > 0.
"""

from __future__ import annotations

import mpmath
import pytest

import vgtheory
from oracles import agreeing_digits


def test_r19b_1_a_kink_cancelled_above_1e_minus_100_is_still_a_kink():
    with pytest.raises(vgtheory.VGTheoryError, match="does not exist") as err:
        vgtheory.gradient("tanh(z) + Abs(z-1) - (z-1)*tanh(10**100*(z-1))**3", ["1"], x=1)
    with mpmath.workdps(30):
        lo, hi = mpmath.sech(1) ** 2 - 1, mpmath.sech(1) ** 2 + 1
    assert f"sigma'(t-) = {mpmath.nstr(lo, 12)}" in str(err.value) and f"sigma'(t+) = {mpmath.nstr(hi, 12)}" in str(err.value)


def test_r19b_2_a_steep_smooth_branch_is_no_jump():
    g = vgtheory.gradient("Piecewise((tanh(z), z < 1), (tanh(z) + tanh(10**100*(z-1))**2, True))", ["1"], x=1, dps=30)
    with mpmath.workdps(40):
        assert g.digits == 30 and agreeing_digits(g.df_dw[0], mpmath.sech(1) ** 2) >= 29


def test_r19b_3_the_one_sided_slope_printed_is_the_limit():
    with pytest.raises(vgtheory.VGTheoryError, match=r"sigma'\(t\+\) = 1\.0e-60"):
        vgtheory.gradient("Piecewise((0, z < 1), ((z-1)/10**60 + (z-1)**(3/2), True))", ["1"], x=1)


def test_r19b_5_a_large_finite_slope_is_not_unbounded():
    g = vgtheory.gradient("tanh(z) + sign(z-1)*(2*sqrt(Abs(z-1) + 10**-200) - 2/10**100)", ["1"], x=1, dps=30)
    with mpmath.workdps(150):
        truth = mpmath.mpf(10) ** 100 + mpmath.sech(1) ** 2
    assert g.digits == 30 and agreeing_digits(g.df_dw[0], truth) >= 29


@pytest.mark.parametrize("formula", ["tanh(z) + (Abs(z) - z)**(1/2)", "tanh(z) + (Max(0, z-1) + Max(0, -z-1))**(1/2)",
                                     "tanh(z) + sqrt(tanh(Max(0, z-1)))", "tanh(z) + sqrt(Max(0,z-1) - Min(0, z+1))"])
def test_r19b_6_a_root_of_switches_that_vanish_nearby_has_the_slope_of_the_rest(formula):
    g = vgtheory.gradient(formula, ["1"], x="0.5", dps=30)
    with mpmath.workdps(40):
        assert agreeing_digits(g.df_dw[0], mpmath.mpf("0.5") * mpmath.sech(mpmath.mpf("0.5")) ** 2) >= 29


@pytest.mark.parametrize("formula, slope", [
    ("tanh(z) + exp(-1/Max(0, z-1))", lambda: mpmath.sech(2) ** 2 + mpmath.exp(-1)),   # e^(-1/(z-1))/(z-1)^2 at 2
    ("tanh(z) + Max(0,z-1)*log(Max(0,z-1))", lambda: mpmath.sech(2) ** 2 + 1),          # log(z-1) + 1 at 2
])
def test_r19b_7_switches_under_logs_and_negative_powers_have_slopes_where_smooth(formula, slope):
    g = vgtheory.gradient(formula, ["1"], x=2, dps=30)
    with mpmath.workdps(40):
        assert agreeing_digits(g.df_dw[0], 2 * slope()) >= 29
    with pytest.raises(vgtheory.VGTheoryError, match="undefined"):  # sigma itself is 0*log 0, exp(-1/0) below 1
        vgtheory.gradient(formula, ["1"], x="0.5")
