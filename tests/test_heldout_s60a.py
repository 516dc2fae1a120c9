"""Held-out tests of red team R60a (symbolic soundness and exact values against 2baf6ff): the removable-pole values and
kernel limits of core/pole_shift (removable_value / limit_value, read by core/formula_eval._removable_last), the
refined root isolation of core/rational_sets (2^(6*2^j)-fold in round j) and the breach points of theorems/sign_sets.

Findings (session 32: R60a-2 fixed (core/mp_code writes integers past 4300 digits in hexadecimal, witnesses print
through claim_text); R60a-1 narrowed: sign_sets now tries decimals of up to 30720 digits, built without text, and finds
the breach in the window (test_r60a_1_breach_found_with_time), and rational_sets narrows quadratic roots by arb;
session 33: fixed, the shape hypotheses' step grows with the size of the formula's numbers (core/budget.sized: sympy's
sqrt of the discriminant takes 1.5 s of CPU) and the breach point is written exactly (core/claims.exact_text)):
- R60a-1 (false numeric holds; R58a-4 / R59a-1 family, not closed by their fixes): sigma' = Q = (z^2 - 2)(z^2 - 2 - e),
  e = 10^-2900 (or 10^-2000): Q < 0 on the exact window (sqrt 2, sqrt(2 + e)) of width 3.5e-2901. rational_set now
  finds that window exactly (Union(..., Interval(sqrt(2), sqrt(2 + e)), ...)) in < 4 s, but theorems/sign_sets._points
  tries decimals of at most 1920 digits (_DIGITS) and the midpoint itself only where it is rational; the midpoint
  (sqrt 2 + sqrt(2 + e))/2 is irrational, so no point is found, empty_or_breach returns None, and check_increasing /
  check_concave (sigma = z - int int Q) say "holds (numeric)"; so does check_increasing of the bounded atan(int Q).
  The package knows the exact set is nonempty; the verdict should be "fails" (a rational point of the window: e.g. a decimal of 3000 digits) or at least
  "inconclusive", never "holds". (For e = 10^-1000 ... 10^-1900 the same "holds (numeric)" comes from the 1 s
  per-step budget of hypotheses._shape: empty_or_breach finds the breach in about 2 s with 3 s; not tested here, as it
  depends on the machine's speed.)

- R60a-2 (crash; R58a-1's family, not closed by its fix at the claim-text sites): c = 1 + 10^-2200 (accepted: 2200
  digits < 3000). vgtheory.check(atan(c z), signal=False, timeout=30) prints "theorems: (theorems could not be computed:
  internal error ValueError: Exceeds the limit (4300 digits) for integer string conversion ...)" (5 s);
  vgtheory.theorems.gsup.g_sup(atan(c z), 1) raises that ValueError (gsup._g_numeric -> properties/features.feature_points
  -> numeric_zeros._mpmath_fn -> core/formula_eval._lambdify: lambdify prints a derived expression with c^2, 4400 digits);
  vgtheory.properties.smoothness.check_c1(z/(1 + c z^2), Interval(-1, 1)) raises it too (smoothness._at_point's witness:
  verdicts.show = str of the one-sided limit sigma'(1) = (1 - c)/(1 + c)^2, 4400 digits). Python only (the CLI refuses
  numbers below 1e-300). vgtheory's gradient(atan(c z), [1, 2], 1) (and of erf(c z)) raises it as well.

Held (passing tests): removable values at 0 of 1/(Gamma(z) + 1), z Gamma(z)/(z Gamma(z) + 1), Gamma(z)Gamma(-z) z^2;
sigma, sigma', sigma'' of tanh z + z(z + 1)(z + 2)Gamma(z)/10 at 0, -1, -2 (= tanh z + Gamma(z + 3)/10); one-sided
limits that differ (tanh(Gamma(z)), z tanh(1/z) Gamma(z)) and a true pole (z Gamma(z) psi(z)) refused; the gradient at
x = 1/3 of tanh z + (3z - 1)Gamma(3z - 1)/10 (= tanh z + Gamma(3z)/10); the 10^-300 window found (fails, symbolic).

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at >= 50 digits.
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.parsing import Z

R = sp.Rational


def _act(e):
    from vgtheory.core.activations import activation
    return activation(e)


# ---------------------------------------------------------------------------------------------------------------
# R60a-1. Q = (z^2 - 2)(z^2 - 2 - e), e = 10^-2900: on (sqrt 2, sqrt(2 + e)) the first factor is > 0 and the second
# < 0, so Q < 0 there: sigma = int Q (sigma' = Q) is not increasing on [0, oo), and sigma = z - int int Q (sigma'' = -Q
# > 0 there) is not concave. The window's width is e/(sqrt(2) + sqrt(2 + e)) ~ 3.5e-2901 (test_oracle_r60a_1_window).
E2900 = R(1, 10**2900)
Q2900 = sp.expand((Z**2 - 2) * (Z**2 - 2 - E2900))


@pytest.mark.slow
def test_r60a_1_increasing_window_2900_not_holds():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(sp.integrate(Q2900, Z))).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r60a_1_breach_found_with_time():
    # with time for rational_set, a rational point of the 3.5e-2901 window is found and Q < 0 there exactly
    from vgtheory.core.budget import Steps
    from vgtheory.theorems._theory_util import T
    from vgtheory.theorems.sign_sets import Breach, empty_or_breach
    q = Q2900.subs(Z, T)
    found = empty_or_breach(q <= 0, sp.Interval(0, sp.oo), Steps(40), q <= 0)
    assert isinstance(found, Breach) and q.subs(T, found.point) < 0


@pytest.mark.slow
def test_r60a_1_concave_window_2900_not_holds():
    from vgtheory.theorems.hypotheses import check_concave
    sigma = Z - sp.integrate(sp.integrate(Q2900, Z), Z)
    assert check_concave(_act(sigma)).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r60a_1_increasing_atan_window_2900_not_holds():
    # atan is strictly increasing, so atan(int Q) decreases exactly where int Q does.
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(sp.atan(sp.integrate(Q2900, Z)))).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_oracle_r60a_1_window():
    # mpmath at 3200 digits: the window is nonempty, about 3.5e-2901 wide, and Q < 0 at its midpoint.
    with mp.workdps(3200):
        e = mp.mpf(10) ** -2900
        a, b = mp.sqrt(2), mp.sqrt(2 + e)
        assert mp.mpf("3e-2901") < b - a < mp.mpf("4e-2901")
        m = (a + b) / 2
        assert (m**2 - 2) * (m**2 - 2 - e) < 0


@pytest.mark.slow
def test_held_r60a_1_window_300_found():
    # e = 10^-300: the same window, 3.5e-301 wide, is found and a rational point in it cited: fails (symbolic), right.
    from vgtheory.theorems.hypotheses import check_increasing
    e = R(1, 10**300)
    res = check_increasing(_act(sp.integrate(sp.expand((Z**2 - 2) * (Z**2 - 2 - e)), Z)))
    assert res.verdict == "fails" and res.method == "symbolic"


# ---------------------------------------------------------------------------------------------------------------
# Held: removable poles at 0. Near 0, Gamma(z) = 1/z - EulerGamma + O(z) -> +-oo, so 1/(Gamma(z) + 1) -> 0 from both sides;
# z Gamma(z) = Gamma(z + 1) -> 1, so z Gamma(z)/(z Gamma(z) + 1) -> 1/2; Gamma(z)Gamma(-z) = -pi/(z sin(pi z)), so
# z^2 Gamma(z)Gamma(-z) -> -1. tanh(0) = 0.
@pytest.mark.slow
@pytest.mark.parametrize("extra, value", [
    (1 / (sp.gamma(Z) + 1), 0),
    (Z * sp.gamma(Z) / (Z * sp.gamma(Z) + 1), 0.5),
    (Z**2 * sp.gamma(Z) * sp.gamma(-Z), -1),
])
def test_held_r60a_removable_values(extra, value):
    v = _act(sp.tanh(Z) + extra).value(mp.mpf(0))
    assert abs(v - value) < 1e-12


# z(z + 1)(z + 2)Gamma(z) = Gamma(z + 3) for z off the poles: the smooth form tanh z + Gamma(z + 3)/10, whose
# derivatives mpmath computes at 0, -1, -2 (no pole of Gamma(z + 3) there).
@pytest.mark.slow
def test_held_r60a_derivatives_at_poles():
    sigma = sp.tanh(Z) + Z * (Z + 1) * (Z + 2) * sp.gamma(Z) / 10
    with mp.workdps(50):
        for k in range(3):
            act = _act(sp.diff(sigma, Z, k))
            for c in (0, -1, -2):
                truth = mp.diff(lambda t: mp.tanh(t) + mp.gamma(t + 3) / 10, c, k)
                assert abs(act.value(mp.mpf(c)) - truth) < 1e-12 * max(1, abs(truth))


# Refusals: tanh(Gamma(z)) -> +1 from the right, -1 from the left; z tanh(1/z) Gamma(z) -> +1 / -1 likewise;
# z Gamma(z) psi(z) = Gamma(z + 1)(psi(z + 1) - 1/z) -> -oo / +oo (a true pole). None has a value at 0.
@pytest.mark.slow
@pytest.mark.parametrize("extra", [sp.tanh(sp.gamma(Z)), Z * sp.tanh(1 / Z) * sp.gamma(Z),
                                   Z * sp.gamma(Z) * sp.polygamma(0, Z)])
def test_held_r60a_no_value_refused(extra):
    from vgtheory.errors import VGTheoryError
    with pytest.raises(VGTheoryError):
        _act(sp.tanh(Z) + extra).value(mp.mpf(0))


# gradient at x = 1/3, one layer w = 1: sigma = tanh z + Gamma(3z)/10 off the poles; f = sigma(1/3) = tanh(1/3) + 1/10,
# df/dw = x sigma'(x) = (1/3)(sech^2(1/3) + 3 Gamma(1) psi(1)/10) = (1/3)(sech^2(1/3) - 3 EulerGamma/10).
@pytest.mark.slow
def test_held_r60a_gradient_at_one_third():
    from vgtheory.core.chain import gradient
    g = gradient(sp.tanh(Z) + (3 * Z - 1) * sp.gamma(3 * Z - 1) / 10, [1], R(1, 3))
    with mp.workdps(50):
        t = mp.mpf(1) / 3
        f = mp.tanh(t) + mp.mpf(1) / 10
        d = t * (mp.sech(t) ** 2 - 3 * mp.euler / 10)
        assert abs(mp.mpf(g.z[-1]) - f) < 1e-12
        assert abs(mp.mpf(g.df_dw[0]) - d) < 1e-12


# ---------------------------------------------------------------------------------------------------------------
# R60a-2. c = 1 + 10^-2200 > 0. atan(c z) is smooth, bounded, increasing; the report's theorems section should be computed
# (or say why not in words), never "internal error ValueError". g(1) = sup over t >= 1 of |t sigma'(t)| = c t/(1 + c^2 t^2),
# decreasing for t > 1/c, so g(1) = c/(1 + c^2), about 1/2 (a value or a VGTheoryError refusal, never a ValueError of Python's
# int-to-str limit). z/(1 + c z^2): 1 + c z^2 >= 1 > 0, so sigma is C^oo on R: check_c1 on [-1, 1] holds (or inconclusive).
C2200 = 1 + R(1, 10**2200)


@pytest.mark.slow
def test_r60a_2_report_theorems_computed():
    import vgtheory
    text = str(vgtheory.check(sp.atan(C2200 * Z), signal=False, timeout=30))
    assert "internal error" not in text


@pytest.mark.slow
def test_r60a_2_g_sup_no_traceback():
    from vgtheory.errors import VGTheoryError
    from vgtheory.theorems.gsup import g_sup
    try:
        g = g_sup(_act(sp.atan(C2200 * Z)), 1)
    except VGTheoryError:
        return
    with mp.workdps(50):
        assert abs(mp.mpf(g.value) - mp.mpf(1) / 2) < 1e-6


@pytest.mark.slow
def test_r60a_2_check_c1_no_traceback():
    from vgtheory.properties.smoothness import check_c1
    r = check_c1(_act(Z / (1 + C2200 * Z**2)), sp.Interval(-1, 1))
    assert r.verdict in ("holds", "inconclusive")


@pytest.mark.slow
def test_held_r60a_2_open_interval_and_tanh():
    # the open interval (no end points shown) and tanh(c z) answer: holds (symbolic), right.
    from vgtheory.properties.smoothness import check_c1
    assert check_c1(_act(Z / (1 + C2200 * Z**2)), sp.Interval.open(-1, 1)).verdict == "holds"
    assert check_c1(_act(sp.tanh(C2200 * Z)), sp.Interval(-1, 1)).verdict == "holds"


# gradient, w = (1, 2), x = 1: z1 = atan(c), f = atan(2 c z1); df/dw1 = x sigma'(x) w2 sigma'(w2 z1) = c/(1 + c^2) * 2c/(1 + 4c^2 z1^2),
# df/dw2 = z1 sigma'(2 z1) = z1 c/(1 + 4 c^2 z1^2). c - 1 = 10^-2200 moves none of the first 50 digits: mpmath with c = 1.
@pytest.mark.slow
def test_r60a_2_gradient_no_traceback():
    from vgtheory.core.chain import gradient
    g = gradient(sp.atan(C2200 * Z), [1, 2], 1)
    with mp.workdps(50):
        z1 = mp.atan(1)
        d1 = mp.mpf(1) / 2 * 2 / (1 + 4 * z1**2)
        d2 = z1 / (1 + 4 * z1**2)
        assert abs(mp.mpf(g.df_dw[0]) - d1) < 1e-12 and abs(mp.mpf(g.df_dw[1]) - d2) < 1e-12
