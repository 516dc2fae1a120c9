"""Held-out red-team set 20a (symbolic side): inputs the package got right at 07366dd, with the truth derived here.

Constructions: tanh, atan, log and exp are increasing, so f(c*e^(z^2)) > f(c*(1 + eps)) iff z^2 > log(1 + eps); with
eps = 10^-40 that is |z| > a = sqrt(log(1 + 10^-40)) ~ 1e-20, with eps = -10^-40 it holds everywhere, and with
e^z in place of e^(z^2) it is z > log(1 + eps) ~ 1e-40. Numbers are checked with mpmath at two precisions. Nothing is
copied from the package's output. Planted defects are asserted never to be `holds (symbolic)`; smooth cases decided.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.properties import check_bounded, check_linear_at_origin, check_positive_limit
from vgtheory.properties.smoothness import check_c1, check_continuous

from oracles import symbolic_witness

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow

HALF = sp.Interval.open(0, sp.oo)


def _a(dps: int, eps) -> mpmath.mpf:
    with mpmath.workdps(dps):
        return mpmath.sqrt(mpmath.log1p(eps))


def test_constructions_are_what_the_tests_say():
    for dps in (60, 120):
        with mpmath.workdps(dps):
            e = mpmath.mpf(10) ** -40
            a = _a(dps, e)
            assert mpmath.mpf("0.99e-20") < a < mpmath.mpf("1.01e-20")
            above = lambda t: mpmath.tanh(2 * mpmath.exp(t * t)) > mpmath.tanh(2 + 2 * e)  # noqa: E731
            assert above(2 * a) and above(mpmath.mpf(1)) and not above(a / 2) and not above(mpmath.mpf(0))
            below = lambda t: mpmath.tanh(2 * mpmath.exp(t * t)) > mpmath.tanh(2 - 2 * e)  # noqa: E731
            assert below(mpmath.mpf(0)) and below(mpmath.mpf(5))
            b = mpmath.log1p(e)  # the switch of tanh(2 e^z) > tanh(2 + 2e-40)
            assert mpmath.mpf("0.99e-40") < b < mpmath.mpf("1.01e-40")
            atn = lambda t: mpmath.atan(3 * mpmath.exp(t * t)) < mpmath.atan(3 + 3 * e)  # noqa: E731
            assert atn(a / 2) and not atn(2 * a) and not atn(mpmath.mpf(1))
            lg = lambda t: mpmath.log(mpmath.exp(t * t) + 1) > mpmath.log(2 + e)  # noqa: E731
            assert lg(2 * a) and not lg(a / 2)
            sh = lambda t: mpmath.tanh(mpmath.sinh(mpmath.exp(t * t))) > mpmath.tanh(mpmath.sinh(1 + e))  # noqa: E731
            assert sh(2 * a) and sh(mpmath.mpf(1)) and not sh(a / 2)
            # a coarse gap: 2e^(z^2) > 2 + 2/1000 iff |z| > sqrt(log(1001/1000)) ~ 0.0316
            r = mpmath.sqrt(mpmath.log(mpmath.mpf(1001) / 1000))
            assert mpmath.mpf("0.0316") < r < mpmath.mpf("0.0317")


# -- correct cases -------------------------------------------------------------------------------------------------

#: the condition holds everywhere (e^(z^2) >= 1 > 1 - 10^-40): sigma = tanh z.
ALWAYS = "Piecewise((tanh(x), tanh(2*exp(x**2)) > tanh(2 - 2*10**-40)), (tanh(x)/2, True))"
#: switch at b = log(1 + 10^-40) > 0: tanh(z)/2 on (-oo, b], tanh z beyond.
EXP_LINEAR = "Piecewise((tanh(x), tanh(2*exp(x)) > tanh(2 + 2*10**-40)), (tanh(x)/2, True))"
#: a gap far from the centre: jump at sqrt(log(1001/1000)).
COARSE = "Piecewise((tanh(x), tanh(2*exp(x**2)) > tanh(2 + 2/10**3)), (tanh(x)/2, True))"


def test_always_true_inner_mul_condition_is_tanh():
    p = check_positive_limit(ALWAYS)
    assert p.verdict == "holds" and symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    lin = check_linear_at_origin(ALWAYS)
    assert lin.verdict == "holds" and symbolic_witness(lin, "lim sigma(z)/z, z->0+") in (None, 1)
    assert check_c1(ALWAYS, HALF, timeout=3).verdict != "fails"


def test_exp_linear_switch_just_above_zero():
    p = check_positive_limit(EXP_LINEAR)
    assert p.verdict == "holds" and symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    lin = check_linear_at_origin(EXP_LINEAR)
    assert lin.verdict == "holds"
    assert symbolic_witness(lin, "lim sigma(z)/z, z->0+") in (None, sp.Rational(1, 2))
    assert symbolic_witness(lin, "lim sigma(z)/z, z->0-") in (None, sp.Rational(1, 2))


def test_exp_linear_switch_is_not_c1_on_half_line():
    assert check_c1(EXP_LINEAR, HALF, timeout=3).verdict != "holds"


def test_coarse_gap_limit_slope_and_jump():
    p = check_positive_limit(COARSE)
    assert p.verdict == "holds" and symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    lin = check_linear_at_origin(COARSE)
    assert lin.verdict == "holds" and symbolic_witness(lin, "lim sigma(z)/z, z->0+") in (None, sp.Rational(1, 2))
    c = check_c1(COARSE, HALF, timeout=3)
    assert c.verdict != "holds"
    if c.method == "symbolic":
        z = sp.sympify(c.witness["z"])
        assert abs(sp.N(z - sp.sqrt(sp.log(sp.Rational(1001, 1000))), 30)) < 1e-25


def test_log_condition_with_coarse_constant():
    # log(z^2 + 1) > 1/1000 iff |z| > sqrt(e^(1/1000) - 1) ~ 0.0316: limit 1, jump there.
    f = "Piecewise((tanh(x), log(x**2 + 1) > 1/1000), (tanh(x)/2, True))"
    r = sp.sqrt(sp.exp(sp.Rational(1, 1000)) - 1)
    assert 0.0316 < float(r) < 0.0317
    p = check_positive_limit(f)
    assert p.verdict == "holds" and symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    assert check_c1(f, HALF, timeout=3).verdict != "holds"


def test_three_deep_far_from_centres():
    # tanh(sinh(e^(z^2))) > tanh(sinh(2)) iff z^2 > log 2: limit 1, slope 1/2 at 0, jump at sqrt(log 2).
    f = "Piecewise((tanh(x), tanh(sinh(exp(x**2))) > tanh(sinh(2))), (tanh(x)/2, True))"
    p = check_positive_limit(f)
    assert p.verdict == "holds" and symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    lin = check_linear_at_origin(f)
    assert lin.verdict == "holds" and symbolic_witness(lin, "lim sigma(z)/z, z->0+") in (None, sp.Rational(1, 2))


# -- findings (open at 07366dd, fixed in session 18) ----------------------------------------------------------------

#: R20a-1: tanh(2 e^(z^2)) > tanh(2 + 2*10^-40) iff |z| > a ~ 1e-20: sigma = tanh z there (limit 1), a jump at a.
R1_MUL = "Piecewise((tanh(x), tanh(2*exp(x**2)) > tanh(2 + 2*10**-40)), (tanh(x)/2, True))"
#: R20a-1 mirror: atan(3 e^(z^2)) < atan(3 + 3*10^-40) only on |z| < a: sigma = tanh z beyond (limit 1).
R1_ATAN = "Piecewise((tanh(x)/2, atan(3*exp(x**2)) < atan(3 + 3*10**-40)), (tanh(x), True))"
#: R20a-1 kink: the Abs argument is positive for |z| > a: limit 1 + (1 - tanh(2 + 2*10^-40))/10.
R1_KINK = "tanh(x) + Abs(tanh(2*exp(x**2)) - tanh(2 + 2*10**-40))/10"
#: R20a-2: three deep, tanh(sinh(e^(z^2))) > tanh(sinh(1 + 10^-40)) iff |z| > a.
R2_DEEP = "Piecewise((tanh(x), tanh(sinh(exp(x**2))) > tanh(sinh(1 + 10**-40))), (tanh(x)/2, True))"
#: R20a-3: log(z^2 + 1) > 10^-40 iff |z| > r = sqrt(expm1(10^-40)) ~ 1e-20.
R3_LOG = "Piecewise((tanh(x), log(x**2 + 1) > 10**-40), (tanh(x)/2, True))"
R3_LOG_BELOW = "Piecewise((tanh(x)/2, log(x**2 + 1) < 10**-40), (tanh(x), True))"


def test_findings_constructions():
    for dps in (60, 120):
        with mpmath.workdps(dps):
            e = mpmath.mpf(10) ** -40
            r = mpmath.sqrt(mpmath.expm1(e))
            assert mpmath.mpf("0.99e-20") < r < mpmath.mpf("1.01e-20")
            assert mpmath.log(1 + (2 * r) ** 2) > e and not mpmath.log(1 + (r / 2) ** 2) > e
            assert mpmath.log(1 + mpmath.mpf(3) ** 2) > e
            t = mpmath.tanh(2 + 2 * e)
            assert mpmath.tanh(2 * mpmath.exp(mpmath.mpf(1))) - t > 0  # Abs argument positive far out


# R20a-1 (a function under a*h + b) and R20a-3 (log near 1): sigma = tanh z for large z, a jump near 1e-20.
@pytest.mark.parametrize("f", [R1_MUL, R1_ATAN, R3_LOG, R3_LOG_BELOW])
def test_r20a_1_3_limit_is_one(f):
    p = check_positive_limit(f)
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)


@pytest.mark.parametrize("f", [R1_MUL, R3_LOG])
def test_r20a_1_3_jump_is_not_c1(f):
    assert check_c1(f, HALF, timeout=3).verdict != "holds"


def test_r20a_1_inner_mul_kink_limit():
    p = check_positive_limit(R1_KINK)
    v = symbolic_witness(p, "lim sigma(z), z->+oo")
    truth = 1 + (1 - sp.tanh(2 + sp.Rational(2, 10**40))) / 10
    assert v is None or abs(sp.N(v - truth, 50)) < sp.Rational(1, 10**45)


def test_r20a_2_three_deep_limit_and_jump():
    p = check_positive_limit(R2_DEEP)
    assert symbolic_witness(p, "lim sigma(z), z->+oo") in (None, 1)
    assert check_c1(R2_DEEP, HALF, timeout=3).verdict != "holds"


#: R20a-3, Max form: log(z^2 + 1) >= log 2 > 10^-40 for |z| >= 1, so sigma = tanh z + log(z^2 + 1)/10 there: unbounded.
R3_MAX = "tanh(x) + Max(log(x**2 + 1), 10**-40)/10"


def test_r20a_3_max_construction():
    for dps in (30, 60):
        with mpmath.workdps(dps):
            s = lambda t: mpmath.tanh(t) + max(mpmath.log(t * t + 1), mpmath.mpf(10) ** -40) / 10  # noqa: E731
            assert s(mpmath.mpf(10) ** 6) > 2 and s(mpmath.mpf(10) ** 12) > 5  # grows like log(z)/5
            assert mpmath.log(2) > mpmath.mpf(10) ** -40


def test_r20a_3_max_log_is_not_bounded():
    assert check_bounded(R3_MAX).verdict != "holds"


def test_max_log_with_coarse_floor_is_unbounded():
    # log(z^2 + 1) > 10^-10 for |z| > sqrt(e^(10^-10) - 1) ~ 1e-5: sigma ~ log(z^2)/10 -> +oo.
    with mpmath.workdps(30):
        assert mpmath.tanh(10**6) + mpmath.log(mpmath.mpf(10) ** 12 + 1) / 10 > 2
    r = check_bounded("tanh(x) + Max(log(x**2 + 1), 10**-10)/10")
    assert r.verdict == "fails"
    if r.method == "symbolic":
        assert sp.sympify(r.witness["lim sigma(z), z->+oo"]) == sp.oo


def test_r20a_3_max_log_floor_1e16_is_not_bounded():
    assert check_bounded("tanh(x) + Max(log(x**2 + 1), 10**-16)/10").verdict != "holds"


@pytest.mark.parametrize("f", [
    # tanh(z^2 + 1) > tanh(1 + 10^-40) iff z^2 > 10^-40 iff |z| > 10^-20 (tanh increasing)
    "Piecewise((tanh(x), tanh(x**2 + 1) > tanh(1 + 10**-40)), (tanh(x)/2, True))",
    # atan(z^2 + 2) < atan(2 + 10^-40) iff |z| < 10^-20: tanh z beyond
    "Piecewise((tanh(x)/2, atan(x**2 + 2) < atan(2 + 10**-40)), (tanh(x), True))",
])
def test_polynomial_inner_switch_at_1e_20(f):
    b = check_bounded(f)
    assert b.verdict == "holds"
    if b.method == "symbolic":
        assert sp.sympify(b.witness["lim sigma(z), z->+oo"]) == 1
        assert sp.sympify(b.witness["lim sigma(z), z->-oo"]) == -1
    c = check_c1(f, HALF, timeout=3)
    assert c.verdict != "holds"
    if c.method == "symbolic":
        assert sp.sympify(c.witness["z"]) == sp.Rational(1, 10**20)


def test_exp_shift_difference_switch_far_left():
    # e^z (e^(10^-40) - 1) > 10^-60 iff z > log(10^-60/(e^(10^-40) - 1)) ~ log(10^-20) = -46.05
    f = "Piecewise((tanh(x), exp(x + 10**-40) - exp(x) - 10**-60 > 0), (tanh(x)/2, True))"
    with mpmath.workdps(80):
        s0 = mpmath.log(mpmath.mpf(10) ** -60 / mpmath.expm1(mpmath.mpf(10) ** -40))
        assert -46.1 < s0 < -46.0
    b = check_bounded(f)
    assert b.verdict == "holds"
    if b.method == "symbolic":
        assert sp.sympify(b.witness["lim sigma(z), z->+oo"]) == 1
        assert sp.sympify(b.witness["lim sigma(z), z->-oo"]) == sp.Rational(-1, 2)
    assert check_c1(f, HALF, timeout=3).verdict != "fails"  # sigma = tanh on (s0, oo), which contains (0, oo)


def test_pole_of_log_near_zero_is_found():
    # log(z^2 + 1) = 10^-40 at z = +-sqrt(expm1(10^-40)) ~ 1e-20: two simple poles
    assert check_bounded("tanh(x) + 10**-60/(log(x**2 + 1) - 10**-40)").verdict == "fails"


#: log(1 + e^(-z)) < eps iff z > x0 = -log(expm1(eps)): x0 ~ 23.03 for eps = 10^-10, ~ 92.10 for eps = 10^-40.
SOFTPLUS_10 = "Piecewise((tanh(x)/2, log(1 + exp(-x)) < 10**-10), (tanh(x), True))"
SOFTPLUS_40 = "Piecewise((tanh(x)/2, log(1 + exp(-x)) < 10**-40), (tanh(x), True))"


def test_softplus_tail_construction():
    for dps in (50, 100):
        with mpmath.workdps(dps):
            for k, lo, hi in ((10, 23.0, 23.1), (40, 92.1, 92.2)):
                eps = mpmath.mpf(10) ** -k
                x0 = -mpmath.log(mpmath.expm1(eps))
                assert lo < x0 < hi
                assert mpmath.log1p(mpmath.exp(-(x0 + 1))) < eps and not mpmath.log1p(mpmath.exp(-(x0 - 1))) < eps
                assert not mpmath.log(2) < eps  # at z = 0 the condition fails: sigma = tanh near 0


def test_softplus_tail_switch_coarse():
    lin = check_linear_at_origin(SOFTPLUS_10)
    assert lin.verdict == "holds"
    assert symbolic_witness(lin, "lim sigma(z)/z, z->0+") in (None, 1) and symbolic_witness(lin, "lim sigma(z)/z, z->0-") in (None, 1)
    b = check_bounded(SOFTPLUS_10)
    assert b.verdict == "holds"
    if b.method == "symbolic":
        assert sp.sympify(b.witness["lim sigma(z), z->+oo"]) == sp.Rational(1, 2)
        assert sp.sympify(b.witness["lim sigma(z), z->-oo"]) == -1


def test_r20a_3_softplus_tail_slope_at_origin_is_one():
    lin = check_linear_at_origin(SOFTPLUS_40)
    assert symbolic_witness(lin, "lim sigma(z)/z, z->0+") in (None, 1) and symbolic_witness(lin, "lim sigma(z)/z, z->0-") in (None, 1)


def test_r20a_3_min_log_limit_is_not_refuted():
    # Min(log(z^2 + 1), 10^-40) = 10^-40 for |z| >= 1 (log 2 > 10^-40): sigma -> 1 + 10^-41 > 0, property 3 holds.
    assert check_positive_limit("tanh(x) + Min(log(x**2 + 1), 10**-40)/10").verdict != "fails"
