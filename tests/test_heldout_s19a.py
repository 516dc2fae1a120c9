"""Held-out red-team set 19a (symbolic side): inputs the package got right at 51ab307, with the truth derived here.

Every expected answer comes from a construction written beside the test (a quadratic in e^z with roots
sqrt(5) -+ 10^-40, a product (z - 2)(tanh z - 1/2) written expanded, a single point where 1 - sign(u)^2 = 1, the
exact zero cos(pi/7) + cos(3pi/7) + cos(5pi/7) - 1/2, sqrt(z^2 + 1) - z -> 0); numbers are checked with mpmath at
two precisions. Nothing is copied from the package's output. Planted defects are asserted never to be
`holds (symbolic)`; smooth cases are asserted decided.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.core.parsing import Z
from vgtheory.errors import ActivationError, FormulaError
from vgtheory.properties import check_bounded, check_positive_limit, check_vanishing_derivative
from vgtheory.properties.smoothness import check_c1, check_continuous

from oracles import symbolic_witness

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow

_REFUSED = (ActivationError, FormulaError)
HALF = sp.Interval.open(0, sp.oo)

#: (e^z - sqrt5)^2 - 10^-80 < 0 on (log(sqrt5 - 10^-40), log(sqrt5 + 10^-40)), a window of width ~9e-41 near 0.80.
JUMP_EXP = "Piecewise((tanh(x) + 1/10, exp(2*x) - 2*sqrt(5)*exp(x) + 5 - 10**-80 < 0), (tanh(x), True))"
#: (e^z - sqrt5)^2 + 10^-80 > 0 everywhere: the first branch never holds, sigma = tanh z.
NO_JUMP_EXP = "Piecewise((tanh(x) + 1/10, exp(2*x) - 2*sqrt(5)*exp(x) + 5 + 10**-80 < 0), (tanh(x), True))"
#: (z - 2)(tanh z - 1/2) > 0 written expanded: true on (-oo, atanh 1/2) U (2, oo).
FACTORED = "Piecewise((tanh(x), x*tanh(x) - x/2 - 2*tanh(x) + 1 > 0), (tanh(x) + 1/10, True))"
#: sqrt(z^2 + 1) - z = 1/(sqrt(z^2 + 1) + z) > 10^-40 iff z < (1 - 10^-80)/(2 10^-40) ~ 5e39: near +oo the
#: second branch, limit 1/2.
RADICAL_SWITCH = "Piecewise((tanh(x), sqrt(x**2+1) - x > 10**-40), (tanh(x) - 1/2, True))"
#: cos(pi/7) + cos(3pi/7) + cos(5pi/7) = 1/2 exactly.
HIDDEN_ZERO = "(cos(pi/7)+cos(3*pi/7)+cos(5*pi/7)-1/2)"


def test_constructions_are_what_the_tests_say():
    for dps in (130, 200):
        with mpmath.workdps(dps):
            e = mpmath.mpf(10) ** -40
            s5 = mpmath.sqrt(5)
            lo, hi = mpmath.log(s5 - e), mpmath.log(s5 + e)
            f = lambda t: mpmath.exp(2 * t) - 2 * s5 * mpmath.exp(t) + 5 - e * e  # noqa: E731
            assert 0.8 < lo < hi < 0.81 and f((lo + hi) / 2) < 0 and f(lo - (hi - lo)) > 0 and f(hi + (hi - lo)) > 0
            assert abs(mpmath.cos(mpmath.pi / 7) + mpmath.cos(3 * mpmath.pi / 7) + mpmath.cos(5 * mpmath.pi / 7)
                       - mpmath.mpf(1) / 2) < mpmath.mpf(10) ** (5 - dps)
            z0 = (1 - e * e) / (2 * e)  # the root of sqrt(z^2 + 1) - z = e
            assert abs(mpmath.sqrt(z0 ** 2 + 1) - z0 - e) < e * mpmath.mpf(10) ** -30
            a = mpmath.atanh(mpmath.mpf(1) / 2)
            g = lambda t: (t - 2) * (mpmath.tanh(t) - mpmath.mpf(1) / 2)  # noqa: E731
            assert g(a / 2) > 0 and g((a + 2) / 2) < 0 and g(3) > 0 and g(-5) > 0
    x = sp.Symbol("x")
    assert sp.expand((x - 2) * (sp.tanh(x) - sp.Rational(1, 2))) == sp.sympify("x*tanh(x) - x/2 - 2*tanh(x) + 1")


# -- correct cases -------------------------------------------------------------------------------------------------


def test_jump_window_of_width_1e_40_in_exp_quadratic_is_not_continuous():
    assert check_continuous(JUMP_EXP, HALF, timeout=3).verdict != "holds"


def test_jump_window_is_not_c1_on_half_line():
    assert check_c1(JUMP_EXP, HALF, timeout=3).verdict != "holds"


def test_no_window_when_discriminant_is_negative():
    r = check_continuous(NO_JUMP_EXP, HALF, timeout=3)
    assert r.verdict != "fails"
    p = check_positive_limit(NO_JUMP_EXP)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)


def test_expanded_product_condition_limit_and_jump():
    p = check_positive_limit(FACTORED)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    c = check_continuous(FACTORED, HALF, timeout=3)
    assert c.verdict != "holds"
    if c.method == "symbolic":
        z = sp.sympify(c.witness["z"])
        assert any(sp.simplify(z - r) == 0 for r in (sp.atanh(sp.Rational(1, 2)), 2))


def test_radical_switch_far_out_gives_limit_half():
    p = check_positive_limit(RADICAL_SWITCH)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, sp.Rational(1, 2))


@pytest.mark.parametrize("f,point", [
    ("tanh(x) + 1 - sign(x - 1)**2", sp.Integer(1)),
    ("tanh(x) + 1 - sign(exp(x) - 3)**2", sp.log(3)),
    ("tanh(x) + 1 - sign(exp(2*x) - exp(x) - 1)**2", sp.log((1 + sp.sqrt(5)) / 2)),
    ("tanh(x) + 1 - sign(x**2 - 2)**2", sp.sqrt(2)),
])
def test_single_point_spike_is_not_continuous(f, point):
    # 1 - sign(u)^2 is 1 where u = 0 only: sigma(point) = tanh(point) + 1, its one-sided limits tanh(point).
    assert float(point) > 0
    c = check_continuous(f, HALF, timeout=3)
    assert c.verdict != "holds"
    if c.method == "symbolic":
        assert sp.simplify(sp.sympify(c.witness["z"]) - point) == 0


def test_abs_kink_of_tanh_at_half():
    # |tanh z - 1/2| kinks at atanh(1/2) ~ 0.549 with slopes sech^2 (1 -+ 1/10): 27/40 and 33/40.
    r = check_c1("tanh(x) + Abs(tanh(x) - 1/2)/10", HALF, timeout=3)
    assert r.verdict != "holds"
    if r.method == "symbolic":
        assert sp.sympify(r.witness["lim sigma', z->atanh(1/2)-"]) == sp.Rational(27, 40)
        assert sp.sympify(r.witness["lim sigma', z->atanh(1/2)+"]) == sp.Rational(33, 40)


def test_hidden_zero_slope_never_fails_boundedness_symbolically():
    # sigma = tanh z exactly: bounded.
    try:
        r = check_bounded(f"tanh(x) + x*{HIDDEN_ZERO}")
    except _REFUSED:
        return
    assert r.verdict != "fails"


def test_hidden_zero_rate_never_gives_a_false_limit():
    # exp(z * 0) = 1: tanh z + exp(z * c)/10 -> 1 + 1/10 at +oo.
    try:
        p = check_positive_limit(f"tanh(x) + exp(x*{HIDDEN_ZERO})/10")
    except _REFUSED:
        return
    assert p.verdict != "fails"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, sp.Rational(11, 10))


def test_squeeze_of_cubed_sine_under_gaussian():
    r = check_vanishing_derivative(sp.tanh(Z) + sp.sin(Z) ** 3 * sp.exp(-Z ** 2))
    assert r.verdict == "holds"


#: tanh(e^(-z^2)) < tanh(1 - 10^-40) iff e^(-z^2) < 1 - 10^-40 iff |z| > a = sqrt(-log(1 - 10^-40)) ~ 1e-20: the inner
#: function's centre 1 is not among the outer tanh's range ends; the switch at +-a is exact.
INNER_EXP = "Piecewise((tanh(x), tanh(exp(-x**2)) < tanh(1 - 10**-40)), (2*tanh(x), True))"
#: ... and with x < 10^-21 < a nested in it: the 2 tanh branch is (-oo, -a) only, so sigma = tanh on (-a, oo).
INNER_EXP_LEFT = ("Piecewise((Piecewise((2*tanh(x), x < 10**-21), (tanh(x), True)), "
                  "tanh(exp(-x**2)) < tanh(1 - 10**-40)), (tanh(x), True))")


def test_inner_exp_centre_construction():
    for dps in (80, 160):
        with mpmath.workdps(dps):
            a = mpmath.sqrt(-mpmath.log1p(-mpmath.mpf(10) ** -40))
            assert mpmath.mpf("0.99e-20") < a < mpmath.mpf("1.01e-20") and a > mpmath.mpf(10) ** -21


def test_inner_exp_switch_slope_two_at_origin_and_not_c1():
    from vgtheory.properties import check_linear_at_origin
    r = check_linear_at_origin(INNER_EXP)
    assert r.verdict == "holds"
    if r.method == "symbolic":
        assert sp.sympify(r.witness["lim sigma(z)/z, z->0+"]) == 2
        assert sp.sympify(r.witness["lim sigma(z)/z, z->0-"]) == 2
    assert check_c1(INNER_EXP, HALF, timeout=3).verdict != "holds"


def test_inner_exp_switch_nested_left_only():
    from vgtheory.properties import check_linear_at_origin
    r = check_linear_at_origin(INNER_EXP_LEFT)
    assert r.verdict == "holds"
    if r.method == "symbolic":
        assert sp.sympify(r.witness["lim sigma(z)/z, z->0+"]) == 1
        assert sp.sympify(r.witness["lim sigma(z)/z, z->0-"]) == 1
    b = check_bounded(INNER_EXP_LEFT)
    assert b.verdict == "holds"
    if b.method == "symbolic":
        assert sp.sympify(b.witness["lim sigma(z), z->-oo"]) == -2
    assert check_c1(INNER_EXP_LEFT, HALF, timeout=3).verdict != "fails"


def test_exp_rates_of_large_denominators_switch():
    # f = e^(z/1000) - 2 e^(z/999) + 1: f(0) = 0, f'(0) = 1/1000 - 2/999 < 0, f -> -oo at +oo, -> 1 at -oo.
    f = "Piecewise((tanh(x), exp(x/1000) - 2*exp(x/999) > -1), (tanh(x)/2, True))"
    assert sp.Rational(1, 1000) - sp.Rational(2, 999) < 0
    p = check_positive_limit(f)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, sp.Rational(1, 2))
    b = check_bounded(f)
    assert b.verdict == "holds"
    if b.method == "symbolic":
        assert sp.sympify(b.witness["lim sigma(z), z->-oo"]) == -1


# -- findings (open at 51ab307) -------------------------------------------------------------------------------------

#: tanh(e^(z^2)) > tanh(1 + 10^-40) iff e^(z^2) > 1 + 10^-40 iff |z| > a = sqrt(log(1 + 10^-40)) ~ 1e-20: sigma = tanh z
#: for |z| > a (limit 1 at +oo), tanh(z)/2 on [-a, a]: a jump at a in (0, oo).
INNER_EXP_ABOVE_ONE = "Piecewise((tanh(x), tanh(exp(x**2)) > tanh(1 + 10**-40)), (tanh(x)/2, True))"
#: |tanh(e^(z^2)) - tanh(1 + 10^-40)| kinks at +-a; beyond a the argument is positive: the limit at +oo is
#: 1 + (1 - tanh(1 + 10^-40))/10.
INNER_EXP_KINK = "tanh(x) + Abs(tanh(exp(x**2)) - tanh(1 + 10**-40))/10"


def test_r19a_1_construction():
    for dps in (50, 100):
        with mpmath.workdps(dps):
            e = mpmath.mpf(10) ** -40
            a = mpmath.sqrt(mpmath.log1p(e))
            cond = lambda t: mpmath.tanh(mpmath.exp(t * t)) > mpmath.tanh(1 + e)  # noqa: E731
            assert mpmath.mpf("0.99e-20") < a < mpmath.mpf("1.01e-20")
            assert cond(2 * a) and cond(mpmath.mpf(1)) and not cond(a / 2)
            assert 1 + (1 - mpmath.tanh(1 + e)) / 10 > 1


# R19a-1: fixed in session 17 (failed at 51ab307)
def test_r19a_1_inner_exp_above_one_limit_is_one():
    p = check_positive_limit(INNER_EXP_ABOVE_ONE)
    assert p.verdict == "holds"
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)


# R19a-1: fixed in session 17 (failed at 51ab307)
def test_r19a_1_inner_exp_above_one_jump_is_not_c1():
    assert check_c1(INNER_EXP_ABOVE_ONE, HALF, timeout=3).verdict != "holds"


# R19a-1: fixed in session 17 (failed at 51ab307)
def test_r19a_1_inner_exp_kink_limit_and_c1():
    p = check_positive_limit(INNER_EXP_KINK)
    v = symbolic_witness(p, "lim sigma(z), z->+oo")
    truth = 1 + (1 - sp.tanh(1 + sp.Rational(1, 10**40))) / 10
    assert v is None or abs(sp.N(v - truth, 50)) < sp.Rational(1, 10**45)
    assert check_c1(INNER_EXP_KINK, HALF, timeout=3).verdict != "holds"
