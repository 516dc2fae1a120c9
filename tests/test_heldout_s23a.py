"""Held-out red-team set 23a (symbolic side): inputs the package gets right at 49c177e, truth derived here.

Constructions (nothing copied from the package's output):
- Max(0, z - c)^2 with c = e^(-10^4) > 0: derivative 2 Max(0, z - c) (continuous), second derivative 0 left of c
  and 2 right of it (a jump of 2): C^1 holds, C^2 fails at c;
- |z - c| with c = 1 - tanh(10^5) > 0 and |z^2 - e^(-10^4)| (simple roots +-e^(-5000)): kinks, C^1 fails;
- |z|^(3/2): derivative (3/2) sign(z) |z|^(1/2) (continuous, 0 at 0), second derivative (3/4) |z|^(-1/2) -> oo;
- (z - 1/3)^2 > 0 and (tanh z - tanh(1/3))^2 > 0 fail only at z = 1/3: a value 5 planted at one point (C^0 fails);
- t^2 - t + 1/4 - e^(-20) = (t - 1/2)^2 - e^(-20) > 0 off [1/2 - e^(-10), 1/2 + e^(-10)] (t = tanh z): jumps of 1;
- e^(-1)(t - 1/3)^2 > 0 except at t = 1/3 (a hidden double root, non-rational coefficients);
- e^(-10^4) z^2 + z = z (e^(-10^4) z + 1) > 0 for z > 0 and z < -e^(10^4): a jump of 1 at both ends;
- near 0+: z < e^(-10^4), so sign(z - e^(-10^4)) = -1, |z - e^(-10^4)|/z -> +oo, z^2 < e^(-10^4);
- tanh(z) sign(z - e^(-10^4)) = -tanh z near 0: sigma(z)/z -> -1 (linear_at_origin fails);
- z^(-1/3) at 0- is complex (principal root): |sin| <= 1 is not available there (R22a-1 shape), never symbolic holds;
- concavity/monotonicity on [0, oo) with a kink at b: slopes from the left and right computed in the test;
- the clipped identity hardtanh = Max(-1, Min(1, z)): bounded by 1, slope 1 at 0, limit 1 at +oo.
Planted defects are asserted never to be `holds (symbolic)`; smooth cases decided.
The last tests record the findings R23a-1 and R23a-2 (fixed in session 20).
"""

from __future__ import annotations

import sympy as sp
import pytest

from vgtheory.core.activations import Z, activation
from vgtheory.kernel.limits import limit
from vgtheory.properties import check_linear_at_origin, check_properties
from vgtheory.properties.smoothness import check_c1, check_c2, check_continuous
from vgtheory.theorems.hypotheses import check_concave, check_increasing

# Held-out sets run with the slow regression tests.
pytestmark = pytest.mark.slow

E4 = sp.exp(-10**4)


def _lim(text: str, point):
    fact = limit(sp.sympify(text, locals={"z": Z}), point)
    return None if fact is None else fact.value


def _decided(result, verdict: str) -> None:
    assert (result.verdict, result.method) == (verdict, "symbolic"), (result.verdict, result.method, result.detail)


def _not_proved(result) -> None:
    assert not (result.verdict == "holds" and result.method == "symbolic"), result.detail


# -- smoothness: C^1 / C^2 decided on switches at tiny or transcendental points --------------------------------------

def test_max_squared_at_tiny_switch_c1_holds_c2_fails():
    f = "tanh(z) + Max(0, z - exp(-10**4))**2"
    _decided(check_c1(f), "holds")
    r = check_c2(f)
    _decided(r, "fails")
    assert sp.sympify(r.witness["z"]) == E4  # the switch: the only place sigma'' (0 vs 2 added) jumps


def test_abs_at_one_minus_tanh_1e5_is_a_kink():
    c = 1 - sp.tanh(10**5)
    r = check_c1("tanh(z) + Abs(z - 1 + tanh(10**5))")
    _decided(r, "fails")
    assert sp.simplify(sp.sympify(r.witness["z"]) - c) == 0


def test_abs_of_quadratic_with_tiny_roots_is_a_kink():
    r = check_c1("tanh(z) + Abs(z**2 - exp(-10**4))")
    _decided(r, "fails")
    assert sp.sympify(r.witness["z"]) in (sp.exp(-5000), -sp.exp(-5000))  # the simple roots of z^2 - e^(-10^4)


def test_abs_three_halves_c1_not_c2():
    f = "tanh(z) + Abs(z)**(3/2)"
    _decided(check_c1(f), "holds")
    _decided(check_c2(f), "fails")


# -- conditions with hidden double roots / tiny discriminants -------------------------------------------------------

@pytest.mark.parametrize("f", ["Piecewise((tanh(z), (z-1/3)**2 > 0), (5, True))",
                               "Piecewise((tanh(z), (tanh(z)-tanh(1/3))**2 > 0), (5, True))"])
def test_value_planted_at_a_double_root(f):
    r = check_continuous(f)
    _decided(r, "fails")
    assert sp.sympify(r.witness["z"]) == sp.Rational(1, 3)


def test_tiny_discriminant_in_tanh_two_jumps():
    f = "Piecewise((tanh(z), tanh(z)**2 - tanh(z) + 1/4 - exp(-20) > 0), (tanh(z)+1, True))"
    r = check_continuous(f, timeout=30)  # sympy's pieces take ~4 s on a quiet 2-core machine
    _not_proved(r)
    if r.verdict == "fails":
        b = sp.tanh(sp.sympify(r.witness["z"]))  # one of the two roots 1/2 -+ e^(-10) in t = tanh z
        assert min(abs(sp.N(b - (sp.Rational(1, 2) + s * sp.exp(-10)), 60)) for s in (-1, 1)) < 1e-50


def test_hidden_double_root_with_transcendental_coefficients():
    f = "Piecewise((tanh(z), exp(-1)*tanh(z)**2 - tanh(z)*2*exp(-1)/3 + exp(-1)/9 > 0), (tanh(z)+1, True))"
    r = check_continuous(f)
    _decided(r, "fails")
    assert sp.sympify(r.witness["z"]) == sp.atanh(sp.Rational(1, 3))


def test_tiny_leading_coefficient_root_far_away():
    r = check_continuous("Piecewise((tanh(z), exp(-10**4)*z**2 + z > 0), (tanh(z)+1, True))")
    _decided(r, "fails")
    assert sp.sympify(r.witness["z"]) in (-sp.exp(10**4), sp.S.Zero)  # the roots of z (e^(-10^4) z + 1)


# -- the kernel's one-sided limits with switches at tiny points -----------------------------------------------------

def test_kernel_limits_at_tiny_switches():
    for expr, point, truth in [
        ("sign(z - exp(-10**4))", "0+", -1),
        ("sign(z**2 - exp(-10**4))", "0+", -1),
        ("Abs(z - exp(-10**4))/z", "0+", sp.oo),
        ("Abs(Abs(z) - exp(-10**4))", "0+", E4),
        ("z*sin(1/z)", "0+", 0),
        ("z*sin(1/z)", "0-", 0),
        ("Max(z, 0)*sin(1/z)/z", "0-", 0),                # Max(z, 0) = 0 left of 0
        ("sin(1/z)*(Abs(z) - z)", "0+", 0),               # |z| - z = 0 right of 0
        ("sin(1/z)*(Abs(z) - z)", "0-", 0),               # -2z sin(1/z), squeezed
        ("Abs(exp(z) - 1 - z - z**2/2)/z**3", "0-", sp.Rational(-1, 6)),  # e^z - 1 - z - z^2/2 ~ z^3/6 < 0 at 0-
        ("Abs(z**3 - 1/8)/(z - 1/2)", (sp.Rational(1, 2), "-"), sp.Rational(-3, 4)),  # -(z^3 - 1/8)/(z - 1/2) -> -3 (1/2)^2
    ]:
        assert _lim(expr, point) == truth, (expr, point)


def test_kernel_never_proves_a_limit_that_does_not_exist():
    for expr, point in [
        ("z*sin(log(z)**2)", "0-"),      # log z = log|z| + i pi: |sin| ~ |z|^(-2 pi)/2, z sin(...) is unbounded
        ("z*sin(1/log(-z))", "0+"),      # log(-z) complex for z > 0
        ("sign(sin(1/z))", "0+"),        # no limit
        ("Abs(z)*sin(1/z)/z", "0+"),     # = sin(1/z)
        ("Abs(sin(1/z))*z/z", "0-"),     # = |sin(1/z)|
    ]:
        assert _lim(expr, point) is None, (expr, point)


# -- linear_at_origin ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("f", ["tanh(x)*sign(x - exp(-10**4))",
                               "Piecewise((tanh(x), x > exp(-10**4)), (-tanh(x), True))"])
def test_switch_just_right_of_zero_flips_the_slope(f):
    r = check_linear_at_origin(f)
    _decided(r, "fails")  # sigma = -tanh z on (-oo, e^(-10^4)): sigma(z)/z -> -1 from both sides
    assert sp.sympify(r.witness["lim sigma(z)/z, z->0+"]) == -1


def test_complex_cube_root_at_zero_minus_is_not_linear_symbolically():
    _not_proved(check_linear_at_origin("tanh(x) + x**2*sin(x**(-1/3))"))


def test_hardtanh_all_four_symbolic():
    p = check_properties("Max(-1, Min(1, x))")
    for r in (p.bounded, p.vanishing_derivative, p.positive_limit, p.linear_at_origin):
        _decided(r, "holds")
    assert sp.sympify(p.linear_at_origin.value) == 1 and sp.sympify(p.positive_limit.value) == 1


# -- monotone / concave with kinks --------------------------------------------------------------------------------

def _slopes(left: sp.Expr, right: sp.Expr, b: sp.Expr):
    t = sp.Symbol("t")
    return sp.diff(left.subs(Z, t), t).subs(t, b), sp.diff(right.subs(Z, t), t).subs(t, b)


def test_convex_kink_at_one_fails_concave_but_is_increasing():
    f = "Piecewise((z/(1+Abs(z)), Abs(z) < 1), (sign(z)*(1 - 1/(2*Abs(z))), True))"
    dl, dr = _slopes(Z / (1 + Z), 1 - 1 / (2 * Z), sp.Integer(1))
    assert (dl, dr) == (sp.Rational(1, 4), sp.Rational(1, 2))  # right slope larger: a convex kink
    r = check_concave(activation(f))
    _decided(r, "fails")
    assert r.witness["t"] == "1"
    _decided(check_increasing(activation(f)), "holds")  # both pieces have positive slope; values meet at 1/2


def test_convex_kink_at_tiny_point():
    f = "Piecewise((z/(1+z), z < exp(-10**4)), (z/(1+z) + (z-exp(-10**4))/100, True))"
    _decided(check_concave(activation(f)), "fails")  # slope gains 1/100 at e^(-10^4)
    _decided(check_increasing(activation(f)), "holds")


@pytest.mark.parametrize("f", ["Piecewise((z/(1+z), z < 1), (1/2 + 10**-200, z <= 1), (z/(1+z), True))",
                               "Piecewise((z/(1+z), (z-1)**2 > 0), (1/2 + 10**-200, True))",
                               "Piecewise((z/(1+z), z < 1), (1/2 - 10**-200, z <= 1), (z/(1+z), True))"])
def test_value_planted_one_hair_off_at_one(f):
    # sigma(1) = 1/2 +- 10^-200 while sigma(1 -+ e) -> 1/2: a value above (below) both neighbours breaks monotonicity
    # (concavity) within 4*10^-200 of 1.
    _not_proved(check_increasing(activation(f)))
    _not_proved(check_concave(activation(f)))


# -- findings (fixed) -------------------------------------------------------------------------------------------------

R23A_1 = ["Piecewise((10**-200, z <= 0), (z/(1+z), True))",
          "Piecewise((z/(1+z), z > 0), (10**-200, z >= 0), (z, True))",
          "z/(1+z) - 10**-200*sign(z)**2 + 10**-200"]  # sign(0) = 0: sigma(0) = 10^-200


@pytest.mark.parametrize("f", R23A_1)
def test_r23a_1_value_at_zero_above_the_right_limit(f):
    # sigma(0) = 10^-200 and sigma(t) = t/(1+t) for t > 0.  Concave on [0, oo) fails: at x = 0, y = 2*10^-200 the
    # midpoint value lies below the chord.  Increasing on [0, oo) fails: sigma(10^-201) < sigma(0).
    s0, y = sp.Rational(1, 10**200), sp.Rational(2, 10**200)
    g = lambda t: t / (1 + t)  # noqa: E731
    assert g(y / 2) < (s0 + g(y)) / 2 and g(y / 10) < s0  # the truth, exact rationals
    for r in (check_concave(activation(f)), check_increasing(activation(f))):
        _not_proved(r)
        assert r.verdict == "fails", r  # fixed: sigma(0) compared with lim sigma(0+) (exact)


def test_r23a_2_increasing_detail_claims_non_increasing_slopes():
    f = "Piecewise((z/(1+Abs(z)), Abs(z) < 1), (sign(z)*(1 - 1/(2*Abs(z))), True))"
    dl, dr = _slopes(Z / (1 + Z), 1 - 1 / (2 * Z), sp.Integer(1))
    assert dr > dl  # the slope at the joint increases (1/4 -> 1/2)
    r = check_increasing(activation(f))
    _decided(r, "holds")  # right
    assert "slopes that do not increase" not in r.detail  # the stated reason must not claim what is false
