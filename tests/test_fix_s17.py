"""Red team R17's findings (session 16, second round), fixed.

Truths: exact identities (log 2 + log 3 = log 6; 1 - tanh x = 2/(e^(2x) + 1) > 0), closed-form Gaussian moments
iterated at 40 digits, and a closed form of the moments of a u + b sin u.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import Z
from vgtheory.core.pieces import foldable, untrusted_sets

_ZERO = sp.log(2) + sp.log(3) - sp.log(6)
_TINY = 1 - sp.tanh(10**5)


def test_zero_and_tiny_constants_are_what_the_tests_say():
    assert sp.simplify(sp.exp(_ZERO)) == 1  # e^(log 2 + log 3 - log 6) = 2*3/6
    assert sp.simplify(_TINY.rewrite(sp.exp) - 2 / (sp.exp(200000) + 1)) == 0


@pytest.mark.parametrize("cond", [
    _ZERO * sp.tanh(Z) ** 2 + sp.tanh(Z) > sp.Rational(1, 2),
    _TINY * sp.tanh(Z) ** 2 + sp.tanh(Z) > sp.Rational(1, 2),
    _ZERO * sp.sech(Z) ** 2 + sp.sech(Z) > sp.Rational(1, 2),
    _ZERO * sp.exp(-2 * Z) + sp.exp(-Z) < sp.Rational(1, 2),
    sp.Max(0, Z - 1) + _TINY * sp.Abs(Z) < sp.Rational(1, 2),
])
def test_r17a_unsigned_coefficients_beside_atoms_are_not_trusted(cond):
    assert untrusted_sets([cond]) is not None


def test_r17a_4_folding_a_condition_with_an_unsigned_coefficient_is_refused():
    cond = sp.Max(0, Z - 1) + _TINY * sp.Abs(Z) < sp.Rational(1, 2)
    assert not foldable(sp.Piecewise((sp.tanh(Z), cond), (0, True)))
    assert foldable(sp.Piecewise((sp.tanh(Z), sp.Max(0, Z - 1) + sp.Abs(Z) < sp.Rational(1, 2)), (0, True)))


@pytest.mark.slow
def test_r17a_1_a_switch_at_tanh_one_half_is_no_symbolic_c1():
    # the condition is tanh z > 1/2 (c = 0): sigma drops by 10^-40 at atanh(1/2), not continuous there
    r = vgtheory.check("Piecewise((tanh(z) - 10**-40, (log(2)+log(3)-log(6))*tanh(z)**2 + tanh(z) > 1/2), (tanh(z), True))",
                       signal=False)
    text = r.full_text()
    assert "C^1 on (0, oo): holds" not in text
    assert all("for every sigma" in line for line in text.splitlines() if "[proved]" in line)


@pytest.mark.slow
def test_r17a_4_no_false_limit_at_minus_infinity():
    # c|z| < 1/2 fails for z < -1/(2c): sigma = 0 near -oo, so a symbolic limit there may only be 0
    r = vgtheory.check("Piecewise((tanh(z), Max(0, z-1) + (1-tanh(10**5))*Abs(z) < 1/2), (0, True))", signal=False,
                       theorems=False)
    bounded = r.properties.bounded
    assert bounded.method != "symbolic" or "z->-oo = -1" not in str(bounded.to_dict())


def _exp_moments_q_star(sw):
    with mpmath.workdps(40):
        sw = mpmath.mpf(sw)
        q = mpmath.mpf(1)
        for _ in range(20000):
            q = sw**2 * (1 - 2 / mpmath.sqrt(1 + 2 * q) + 1 / mpmath.sqrt(1 + 4 * q))
        return q


@pytest.mark.slow
def test_r17b_1_the_stable_fixed_point_just_above_the_unstable_one_is_found():
    # roots 0.389 (unstable) and 0.6076 (stable) of L(q) - q: a ratio 1.56 below the x2 step
    truth = _exp_moments_q_star("1.76")
    assert 0.6 < truth < 0.61
    r = vgtheory.signal("1 - exp(-x**2)", sigma_w=1.76, sigma_b=0)
    assert abs(r.q_star - truth) <= 1e-9 * truth


@pytest.mark.slow
def test_r17b_2_a_rising_orbit_reaches_its_fixed_point():
    # sigma = a u + b sin u, a = sqrt(1.1), b = -0.8: V(q) = a^2 q + 2ab q e^(-q/2) + b^2 (1 - e^(-2q))/2
    with mpmath.workdps(40):
        a, b, sb = mpmath.sqrt(mpmath.mpf("1.1")), mpmath.mpf("-0.8"), mpmath.mpf("0.851728115565535")
        L = lambda q: a**2 * q + 2 * a * b * q * mpmath.exp(-q / 2) + b**2 * (1 - mpmath.exp(-2 * q)) / 2 + sb**2  # noqa: E731
        q = mpmath.mpf(1)
        for _ in range(5000):
            q = L(q)
        assert abs(L(q) - q) < mpmath.mpf(10) ** -30 and q < 2
    r = vgtheory.signal("sqrt(11/10)*x - 4*sin(x)/5", sigma_w=1, sigma_b=0.851728115565535)
    assert r.q_star is not None and abs(r.q_star - q) <= 1e-9 * q


@pytest.mark.slow
def test_r17b_4_a_square_root_cusp_at_sqrt_pi_makes_chi1_infinite():
    # sigma'^2 ~ sqrt(pi)/(20000 |u - sqrt(pi)|) near sqrt(pi): not integrable, D = +oo
    assert vgtheory.signal("tanh(x) + Abs(x**2 - pi)**(1/2)/100", sigma_w=1.2, sigma_b=0.1).chi1 == mpmath.inf


def test_r17b_6_a_callable_returning_nan_is_undefined_not_diverging():
    # the callable is bounded (|tanh| < 1) and returns NaN past 1/2: undefined there, no divergence
    import math

    from vgtheory.errors import VGTheoryError
    with pytest.raises(VGTheoryError) as err:
        vgtheory.gradient(lambda t: float("nan") if t > 0.5 else math.tanh(t), [1, 1], x=1)
    assert "undefined" in str(err.value) and "diverges" not in str(err.value)


@pytest.mark.parametrize("w, cancel", [(("0.7", "1.3"), 42), (("-1.1", "0.4", "2"), 30)])
def test_r17b_3_a_cancelling_weight_decay_of_an_mpmath_callable_keeps_only_true_digits(w, cancel):
    # lam chosen so that dloss/dw_1 + lam w_1 cancels `cancel` digits; truth from the product form at 400 digits
    from oracles import agreeing_digits, chain_partials, tanh_with_slope
    with mpmath.workdps(400):
        _, _, dloss = chain_partials(tanh_with_slope, None, w, 1, 0, 400)
        lam = mpmath.nstr(-(dloss[0] / mpmath.mpf(w[0])) * (1 + mpmath.mpf(10) ** -cancel), 150)
        truth = dloss[0] + mpmath.mpf(lam) * mpmath.mpf(w[0])
    for act in (lambda t: mpmath.tanh(t), "tanh"):
        g = vgtheory.gradient(act, list(w), x=1, y=0, dps=50, lam=lam)
        assert g.regularized_digits >= 40  # the precision is raised past the cancellation, not given up
        assert agreeing_digits(g.regularized_dw[0], truth) >= g.regularized_digits


@pytest.mark.parametrize("formula", ["tanh(x) + Max(0, x - 1)**(1/2)", "tanh(x) + Piecewise((0, x <= 1), (sqrt(x - 1), True))"])
@pytest.mark.parametrize("w", ["-0.5", "0.5", "1", "3", "1.0000001"])
def test_r17b_5_a_root_of_a_switch_has_the_slope_of_the_other_terms_where_the_switch_is_flat(formula, w):
    # sigma = tanh z + sqrt(Max(0, z - 1)): sigma'(t) = sech^2 t, plus 1/(2 sqrt(t - 1)) past 1; at 1 the slope
    # from the right is +oo, so df/dw does not exist there (the Piecewise spelling printed sigma'(1-) to 50 digits)
    from oracles import agreeing_digits
    with mpmath.workdps(60):
        t = mpmath.mpf(w)
        if t == 1:
            with pytest.raises(vgtheory.VGTheoryError, match="unbounded"):
                vgtheory.gradient(formula, [w], x=1, dps=30)
            return
        truth = mpmath.sech(t) ** 2 + (1 / (2 * mpmath.sqrt(t - 1)) if t > 1 else 0)
    g = vgtheory.gradient(formula, [w], x=1, dps=30)
    assert g.digits == 30
    assert agreeing_digits(g.df_dw[0], truth) >= 29


@pytest.mark.parametrize("formula, left, right", [
    # Min(z, 1 + (z - 1)^3): z below 1 (slope 1), 1 + (z - 1)^3 above (slope 3(z - 1)^2 -> 0); Max the other way round
    ("Min(x, 1 + (x-1)**3)", 1, 0), ("Max(x, 1 + (x-1)**3)", 0, 1), ("Max(x, 1 + (x-1)**2/2)", 0, 1),
])
def test_r15b_4_a_kink_refusal_prints_the_one_sided_limits_not_values_beside_them(formula, left, right):
    with pytest.raises(vgtheory.VGTheoryError) as err:
        vgtheory.gradient(formula, [1], x=1, dps=30)
    text = str(err.value)
    assert f"sigma'(t-) = {float(left)}" in text and f"sigma'(t+) = {float(right)}" in text, text
