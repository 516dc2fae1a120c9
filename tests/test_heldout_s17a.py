"""Held-out red-team set 17a (symbolic side): inputs the package got right, with the truth derived here.

Each expected answer comes from the construction written beside the test (a condition whose solution set is
known in closed form, a coefficient that is exactly 0 or tiny and positive, an exact algebraic identity); the
numbers are checked with mpmath at 30+ digits. Nothing is copied from the package's output. The inputs the
package got wrong are in the red team's notes (summarised in CHANGELOG.md).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.properties import check_bounded, check_positive_limit, check_vanishing_derivative
from vgtheory.properties.smoothness import check_continuous

from oracles import symbolic_witness

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow

HIDDEN_ZERO = "(log(2)+log(3)-log(6))"  # exactly 0: log 2 + log 3 = log 6
TINY = "(1-tanh(10**5))"  # 2/(e^200000 + 1) > 0, far below any float


def test_constants_are_what_the_tests_say():
    assert sp.simplify(sp.sympify(HIDDEN_ZERO)) == 0
    with mpmath.workdps(30):
        tiny = 2 / (mpmath.exp(2 * mpmath.mpf(10) ** 5) + 1)  # 1 - tanh x = 2/(e^(2x) + 1)
        assert 0 < tiny < mpmath.mpf("1e-86858")


def test_radical_sum_far_threshold_keeps_limits():
    # sqrt(z^2 + 1) + z = 1/(sqrt(z^2 + 1) - z): below 1e-20 exactly for z < -(10^40 - 1)/(2*10^20) ~ -5e19,
    # so sigma = 0 near -oo and tanh z on (-5e19, oo): limits 1 at +oo, 0 at -oo; continuous on (0, oo).
    f = "Piecewise((0, sqrt(z**2 + 1) + z < 10**-20), (tanh(z), True))"
    with mpmath.workdps(60):
        t = -(mpmath.mpf(10) ** 40 - 1) / (2 * mpmath.mpf(10) ** 20)
        assert abs(1 / (mpmath.sqrt(t * t + 1) - t) - mpmath.mpf("1e-20")) < mpmath.mpf("1e-70")  # no cancellation
    p = check_positive_limit(f)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    b = check_bounded(f)
    assert b.verdict == "holds"
    assert symbolic_witness(b, "lim sigma(z), z->-oo") in (None, 0)
    assert check_continuous(f, sp.Interval.open(0, sp.oo)).verdict != "fails"


@pytest.mark.slow
def test_switch_sum_with_exact_zero_coefficient():
    # Max(0, z - 1) + 0*|z| < 1/2 iff z < 3/2: sigma = tanh z there, 0 after; lim +oo = 0, lim -oo = -1,
    # a jump from tanh(3/2) to 0 at 3/2.
    f = f"Piecewise((tanh(z), Max(0, z-1) + {HIDDEN_ZERO}*Abs(z) < 1/2), (0, True))"
    p = check_positive_limit(f)
    assert p.verdict != "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 0)
    b = check_bounded(f)
    assert b.verdict == "holds"
    assert symbolic_witness(b, "lim sigma(z), z->-oo") in (None, -1)
    assert check_continuous(f, sp.Interval.open(0, sp.oo)).verdict != "holds"


@pytest.mark.parametrize("f", [
    # e^z > tiny > 0 holds for all z > log(tiny) ~ -200000: sigma = tanh z near +oo.
    f"Piecewise((tanh(z), exp(z) > {TINY}), (0, True))",
    # e^z < tiny fails near +oo: sigma = tanh z there.
    f"Piecewise((0, exp(z) < {TINY}), (tanh(z), True))",
])
def test_exp_against_a_tiny_positive_constant(f):
    p = check_positive_limit(f)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)


@pytest.mark.slow
def test_hidden_zero_rate_leaves_an_exponential():
    # 0*e^(2z) + e^z - 2 > 0 for z > log 2: sigma = tanh z + e^z - 2 there, z sigma' ~ z e^z -> oo.
    f = f"tanh(z) + Max(0, {HIDDEN_ZERO}*exp(2*z) + exp(z) - 2)"
    v = check_vanishing_derivative(f)
    assert v.verdict != "holds"


def test_hidden_zero_times_atan_is_always_true():
    # 0*atan z + 1 > 0 everywhere: sigma = 0 identically, its limit at +oo is 0.
    p = check_positive_limit(f"Piecewise((0, {HIDDEN_ZERO}*atan(z) + 1 > 0), (tanh(z), True))")
    assert p.verdict != "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 0)


@pytest.mark.slow
def test_hidden_zero_quadratic_in_exp_reduces_to_a_threshold():
    # 0*e^(2z) + e^z > 2 iff z > log 2: sigma = 0 near +oo.
    p = check_positive_limit(f"Piecewise((0, {HIDDEN_ZERO}*exp(2*z) + exp(z) > 2), (tanh(z), True))")
    assert p.verdict != "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 0)


@pytest.mark.slow
def test_square_minus_hidden_zero_is_positive_off_zero():
    # e^(2z) - 2e^z + 1 - 0 = (e^z - 1)^2 > 0 iff z != 0, and tanh 0 = 0: sigma = tanh z everywhere.
    f = f"Piecewise((tanh(z), exp(2*z) - 2*exp(z) + 1 - {HIDDEN_ZERO} > 0), (0, True))"
    p = check_positive_limit(f)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    b = check_bounded(f)
    assert b.verdict == "holds"
    assert symbolic_witness(b, "lim sigma(z), z->-oo") in (None, -1)


def test_heaviside_of_sine_is_off_near_zero():
    # sin z < 1/2 on (-7pi/6, pi/6), so sigma = tanh z near 0: slope 1 from both sides.
    from vgtheory.properties import check_linear_at_origin
    r = check_linear_at_origin("tanh(z) + Heaviside(sin(z) - 1/2)/10**40")
    assert r.verdict == "holds"
    if r.method == "symbolic":
        assert sp.sympify(r.witness["lim sigma(z)/z, z->0+"]) == 1
        assert sp.sympify(r.witness["lim sigma(z)/z, z->0-"]) == 1
