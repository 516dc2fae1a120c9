"""Held-out cases of red team R19b (numbers and robustness) that vgtheory gets right, and one test per finding
R19b-N asserting the truth (each failed at 51ab307; fixed in session 17).

Every expected value is derived here independently of the package: closed forms, the chain rule's product
form in plain mpmath, one-sided difference quotients at two high precisions, or a Gaussian expectation by
mpmath quadrature. Truth of the findings (all at t = 1 exactly, u = z - 1):
- R19b-1/-4: sigma = tanh z + |u| - u tanh^3(1e100 u) has sigma'(1+-) = sech^2(1) +- 1 (|u| is the only
  non-smooth term), so df/dw_1 does not exist at w = x = 1;
- R19b-2: Piecewise((tanh z, z < 1), (tanh z + tanh^2(1e100 u), True)) is C^1 at 1 (tanh^2(K u) = O(u^2)):
  df/dw_1 = sech^2(1);
- R19b-3: sigma'(1+) of Piecewise((0, z < 1), (u/1e60 + u^(3/2), True)) is 1e-60;
- R19b-5: tanh z + sign(u)(2 sqrt(|u| + 1e-200) - 2e-100) has sigma'(1) = sech^2(1) + 1e100 on both sides.
"""

from __future__ import annotations

import re

import mpmath
import pytest

import vgtheory
from clirun import cli
from vgtheory.errors import VGTheoryError

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow

M = mpmath


def _sech2(t):
    return 4 / (M.exp(t) + M.exp(-t)) ** 2


def _product_form(sigma, dsigma, w, x, dps=120):
    """df/dw_j by the product form z_{j-1} sigma'(t_j) prod_{k>j} w_k sigma'(t_k), at dps digits."""
    with M.workdps(dps):
        ws = [M.mpf(v) for v in w]
        z, d = [M.mpf(x)], []
        for wk in ws:
            t = wk * z[-1]
            z.append(sigma(t))
            d.append(dsigma(t))
        out, suffix = [None] * len(ws), M.mpf(1)
        for j in range(len(ws) - 1, -1, -1):
            out[j] = z[j] * d[j] * suffix
            suffix *= ws[j] * d[j]
        return z, out


def _close(a, b, rel=M.mpf(10) ** -40):
    return abs(M.mpf(a) - M.mpf(b)) <= rel * max(abs(M.mpf(b)), M.mpf(10) ** -300)


def _one_sided(sigma, t, h_exp, dps):
    with M.workdps(dps):
        h = M.mpf(10) ** -h_exp
        t = M.mpf(t)
        return (sigma(t + h) - sigma(t)) / h, (sigma(t - h) - sigma(t)) / (-h)


# ---------------------------------------------------------------- held-out cases the package gets right

def test_residual_cancellation_65_digits():
    # y = tanh(1) to 64 digits: dloss/dw = (tanh 1 - y) * x sech^2(w x) with w = 1/2, x = 2 cancels ~65 digits
    ystr = "0.7615941559557648881194582826047935904127685972579365515968105001"
    r = vgtheory.gradient("tanh", [M.mpf("0.5")], 2, y=ystr)
    with M.workdps(300):
        want = (M.tanh(1) - M.mpf(ystr)) * 2 * _sech2(M.mpf(1))
        assert r.digits >= 40
        assert _close(r.dloss_dw[0], want, M.mpf(10) ** -(r.digits - 1))


def test_weight_decay_exact_zero():
    # sigma = z, w = 1, x = 1, y = 0: dloss/dw = 1, lam = -1 gives exactly 0
    r = vgtheory.gradient("z", [1], 1, lam=-1)
    assert r.df_dw[0] == 1 and r.regularized_dw[0] == 0
    res = cli("gradient", "z", "--w", "1", "--x", "1", "--lam", "-1")
    assert res.returncode == 0 and re.search(r"\s1\s+1\.0\s+1\.0\s+0\.0", res.stdout)


def test_zero_weight_stops_unbounded_slope():
    # w_2 = 0 exactly: f = sigma(0) whatever w_1, so df/dw_1 = 0; df/dw_2 = z_1 sigma'(0) = tanh(1) (sqrt term 0 at z = 1)
    r = vgtheory.gradient("tanh(z)+Max(0,z-1)**(1/2)", [1, 0], 1)
    assert r.df_dw[0] == 0
    with M.workdps(60):
        assert _close(r.df_dw[1], M.tanh(1))


def test_one_point_branch_equal_value_is_smooth():
    # Piecewise((tanh z, |z-1| > 0), (tanh 1, True)) is tanh itself: the product form with tanh at w = (1, 2), x = 1
    r = vgtheory.gradient("Piecewise((tanh(z), Abs(z-1) > 0), (tanh(1), True))", [1, 2], 1)
    _, want = _product_form(M.tanh, _sech2, [1, 2], 1)
    assert r.digits >= 40
    for got, ref in zip(r.df_dw, want):
        assert _close(got, ref)


def test_one_point_branch_jump_refused():
    # sigma(1) = 5 while sigma(1+-) = tanh 1: f jumps in w_1 at w_1 = 1
    res = cli("gradient", "Piecewise((tanh(z), Abs(z-1) > 0), (5, True))", "--w", "1", "--x", "1")
    assert res.returncode == 2 and "does not exist" in res.stderr


def test_scaled_kink_refused_with_right_slopes():
    # s = 3: 3 sigma(u/3), u = w x = 3 lies on the kink of Max(0, z - 1) at u/3 = 1: slopes sech^2(1) and sech^2(1) + 1
    res = cli("gradient", "tanh(z)+Max(0,z-1)", "--s", "3", "--w", "3", "--x", "1")
    assert res.returncode == 2 and "does not exist" in res.stderr
    with M.workdps(30):
        lo, hi = _sech2(M.mpf(1)), _sech2(M.mpf(1)) + 1
    assert M.nstr(lo, 12) in res.stderr and M.nstr(hi, 12) in res.stderr


def test_tiny_linear_kink_refused():
    # Piecewise((0, z < 1), ((z-1)/1e60, True)): one-sided slopes 0 and 1e-60 (relative kink 1): no derivative
    res = cli("gradient", "Piecewise((0, z < 1), ((z-1)/10**60, True))", "--w", "1", "--x", "1")
    assert res.returncode == 2 and "does not exist" in res.stderr and "1.0e-60" in res.stderr


def test_mpmath_callable_abs_kink_refused():
    with pytest.raises(VGTheoryError, match="does not exist"):
        vgtheory.gradient(lambda t: M.tanh(t) + abs(t - 1), [1], 1)


def test_mpmath_callable_kink_at_layer_one_two_layers_refused():
    # kink of tanh + Max(0, t - 1) at t_1 = 1; the one-sided partials of w_1 are x sigma'(1-+) w_2 sigma'(t_2)
    with pytest.raises(VGTheoryError, match="does not exist") as e:
        vgtheory.gradient(lambda t: M.tanh(t) + (t - 1 if t >= 1 else 0), [1, M.mpf("0.5")], 1)
    with M.workdps(40):
        t2 = M.mpf("0.5") * M.tanh(1)
        left = _sech2(M.mpf(1)) * M.mpf("0.5") * _sech2(t2)
        right = (_sech2(M.mpf(1)) + 1) * M.mpf("0.5") * _sech2(t2)
    assert M.nstr(left, 12) in str(e.value) and M.nstr(right, 12) in str(e.value)


def test_hidden_kink_refused_at_high_precision():
    # the R19b-1 sigma at --dps 200: the probe then sees the kink, and its slopes sech^2(1) -+ 1
    res = cli("gradient", "tanh(z) + Abs(z-1) - (z-1)*tanh(10**100*(z-1))**3", "--w", "1", "--x", "1", "--dps", "200")
    assert res.returncode == 2 and "does not exist" in res.stderr
    with M.workdps(30):
        assert M.nstr(_sech2(M.mpf(1)) - 1, 12) in res.stderr


def test_large_finite_slope_at_high_precision():
    # the R19b-5 sigma at 300 digits: df/dw_1 = sech^2(1) + 1e100
    f = "tanh(z) + sign(z-1)*(2*sqrt(Abs(z-1) + 10**-200) - 2/10**100)"
    r = vgtheory.gradient(f, [1], 1, dps=300)
    with M.workdps(400):
        want = M.mpf(10) ** 100 + _sech2(M.mpf(1))
        d1, d2 = _one_sided(lambda z: M.tanh(z) + M.sign(z - 1) * (2 * M.sqrt(abs(z - 1) + M.mpf(10) ** -200)
                                                                  - 2 * M.mpf(10) ** -100), 1, 330, 400)
        assert _close(d1, want, M.mpf(10) ** -20) and _close(d2, want, M.mpf(10) ** -20)
        assert _close(r.df_dw[0], want, M.mpf(10) ** -60)


def test_signal_two_slopes_at_zero_ordered():
    # sigma'(0+) = 2, sigma'(0-) = 1/2: at sigma_w = 0.6 the orbit falls to q* = 0 (sigma_w^2 D(0) < 1 and V concave),
    # chi1 = 0.36 (4 + 1/4)/2 = 0.765
    r = vgtheory.signal("Piecewise((tanh(2*x), x > 0), (tanh(x)/2, True))", sigma_w=0.6)
    assert r.q_star == 0 and abs(r.chi1 - M.mpf("0.765")) < 1e-12 and r.phase == "ordered"


def test_signal_two_slopes_critical_closed_form():
    c = vgtheory.critical_init("Piecewise((tanh(2*x), x > 0), (tanh(x)/2, True))")
    assert abs(c.sigma_w - 1 / M.sqrt(M.mpf("2.125"))) < 1e-15


def test_signal_shifted_min_kink_against_quadrature():
    # sigma = tanh u + Min(0, u + 1)/3 at sigma_w = 1.7, sigma_b = 0.4: q*, chi1 by my own quadrature split at u = -1
    r = vgtheory.signal("tanh(x) + Min(0, x + 1)/3", sigma_w="1.7", sigma_b="0.4")
    with M.workdps(20):
        sw, sb = M.mpf("1.7"), M.mpf("0.4")
        sg = lambda t: M.tanh(t) + min(0, t + 1) / 3
        dsg = lambda t: _sech2(t) + (M.mpf(1) / 3 if t < -1 else 0)

        def ex(g, q):
            sd = M.sqrt(q)
            return M.quad(lambda u: g(u) ** 2 * M.npdf(u, 0, sd), [-M.inf, -1, 0, M.inf])
        q = M.mpf(1)
        for _ in range(200):
            qn = sw ** 2 * ex(sg, q) + sb ** 2
            if abs(qn - q) < M.mpf(10) ** -16:
                q = qn
                break
            q = qn
        chi = sw ** 2 * ex(dsg, q)
    assert abs(r.q_star - q) < 1e-9 and abs(r.chi1 - chi) < 1e-9 and r.phase == "chaotic"


# ---------------------------------------------------------------- findings (fixed in session 17; R19b-4 and R19b-8 are stated in docs/model.md and CHANGELOG)

# R19b-1: fixed in session 17 (failed at 51ab307)
def test_r19b_1_hidden_kink_formula_not_reported():
    f = "tanh(z) + Abs(z-1) - (z-1)*tanh(10**100*(z-1))**3"
    sg = lambda z: M.tanh(z) + abs(z - 1) - (z - 1) * M.tanh(M.mpf(10) ** 100 * (z - 1)) ** 3
    right, left = _one_sided(sg, 1, 150, 300)
    assert abs(right - left) > 1  # no derivative (sech^2(1) + 1 vs sech^2(1) - 1)
    with pytest.raises(VGTheoryError):
        vgtheory.gradient(f, [1], 1)


# R19b-2: fixed in session 17 (failed at 51ab307)
def test_r19b_2_continuous_steep_branch_differentiable():
    f = "Piecewise((tanh(z), z < 1), (tanh(z) + tanh(10**100*(z-1))**2, True))"
    sg = lambda z: M.tanh(z) if z < 1 else M.tanh(z) + M.tanh(M.mpf(10) ** 100 * (z - 1)) ** 2
    right, left = _one_sided(sg, 1, 250, 300)
    with M.workdps(60):
        want = _sech2(M.mpf(1))
    assert _close(right, want, M.mpf(10) ** -20) and _close(left, want, M.mpf(10) ** -20)
    try:
        r = vgtheory.gradient(f, [1], 1)
    except VGTheoryError as e:
        assert "does not exist" not in str(e)  # a refusal may say 'not determined', never a false 'does not exist'
        return
    assert _close(r.df_dw[0], want, M.mpf(10) ** -(max(r.digits, 1) - 1))


# R19b-3: fixed in session 17 (failed at 51ab307)
def test_r19b_3_kink_message_prints_limit():
    res = cli("gradient", "Piecewise((0, z < 1), ((z-1)/10**60 + (z-1)**(3/2), True))", "--w", "1", "--x", "1")
    assert res.returncode == 2
    m = re.search(r"sigma'\(t\+\) = ([0-9.e+-]+)", res.stderr)
    assert m and abs(M.mpf(m.group(1)) - M.mpf(10) ** -60) < M.mpf(10) ** -70


# R19b-5: fixed in session 17 (failed at 51ab307)
def test_r19b_5_large_finite_slope_not_unbounded():
    f = "tanh(z) + sign(z-1)*(2*sqrt(Abs(z-1) + 10**-200) - 2/10**100)"
    with M.workdps(60):
        want = M.mpf(10) ** 100 + _sech2(M.mpf(1))
    try:
        r = vgtheory.gradient(f, [1], 1)
    except VGTheoryError as e:
        assert "does not exist" not in str(e)
        return
    assert _close(r.df_dw[0], want, M.mpf(10) ** -(max(r.digits, 1) - 1))


# R19b-6: fixed in session 17 (failed at 51ab307); the single-switch product spelling was right already
@pytest.mark.parametrize("formula", ["tanh(z) + (Abs(z) - z)**(1/2)", "tanh(z) + sqrt(Max(0, z-1)*Max(0, -z-1))"])
def test_r19b_6_root_of_switch_sum_flat_piece(formula):
    # Abs(z) - z = 0 on (0, oo), Max(0, z-1) Max(0, -z-1) = 0 on (-1, 1): sigma = tanh at 0.5, df/dw_1 = x sech^2(x)
    with M.workdps(60):
        want = M.mpf("0.5") * _sech2(M.mpf("0.5"))
    r = vgtheory.gradient(formula, [1], "0.5")
    assert r.digits >= 40 and _close(r.df_dw[0], want)


# R19b-6: fixed in session 17 (failed at 51ab307)
def test_r19b_6_signal_nonintegrable_root_of_switch_sum():
    # sigma'^2 ~ 1/(200 (1 - x)) below 1 is not integrable: D(q) = +oo, chi1 = +oo (docs/signal.md), not an error
    r = vgtheory.signal("tanh(x) + (Abs(x-1) - (x-1))**(1/2)/10", sigma_w=1)
    assert r.chi1 is None or M.isinf(r.chi1) or r.chi1_note


def test_signal_root_three_halves_of_switch_sum_against_quadrature():
    # sigma = tanh u + (2(1-u))^(3/2)/10 below 1, tanh u above: my own quadrature split at u = 1
    r = vgtheory.signal("tanh(x) + (Abs(x-1) - (x-1))**(3/2)/10", sigma_w=1)
    with M.workdps(20):
        sg = lambda t: M.tanh(t) + ((2 * (1 - t)) ** M.mpf(1.5) / 10 if t < 1 else 0)
        dsg = lambda t: _sech2(t) - (M.mpf(3) / 10 * M.sqrt(2 * (1 - t)) if t < 1 else 0)

        def ex(g, q):
            return M.quad(lambda u: g(u) ** 2 * M.npdf(u, 0, M.sqrt(q)), [-M.inf, 0, 1, M.inf])
        q = M.mpf(1)
        for _ in range(300):
            qn = ex(sg, q)
            if abs(qn - q) < M.mpf(10) ** -16:
                q = qn
                break
            q = qn
        chi = ex(dsg, q)
    assert abs(r.q_star - q) < 1e-9 and abs(r.chi1 - chi) < 1e-9


# R19b-7: fixed in session 17 (failed at 51ab307)
def test_r19b_7_log_of_max_smooth_point():
    # at t = 2: sigma = tanh z + (z-1) log(z-1) near 2, sigma'(2) = sech^2(2) + log(1) + 1
    r = vgtheory.gradient("tanh(z) + Max(0,z-1)*log(Max(0,z-1))", [1], 2)
    with M.workdps(60):
        want = 2 * (_sech2(M.mpf(2)) + 1)
    assert r.digits >= 40 and _close(r.df_dw[0], want)


# R19b-7: fixed in session 17 (failed at 51ab307)
def test_r19b_7_exp_of_negative_power_of_max_smooth_point():
    # at t = 2: d/dz exp(-1/(z-1)) = exp(-1/(z-1))/(z-1)^2 = e^-1
    r = vgtheory.gradient("tanh(z) + exp(-1/Max(0, z-1))", [1], 2)
    with M.workdps(60):
        want = 2 * (_sech2(M.mpf(2)) + M.exp(-1))
    assert r.digits >= 40 and _close(r.df_dw[0], want)


def test_root_of_function_of_max_beside_switch_positive_side():
    # sqrt(tanh(Max(0, z-1))) at t = 2: slope sech^2(1)/(2 sqrt(tanh 1)) + sech^2(2); df/dw = 2 sigma'(2)
    r = vgtheory.gradient("tanh(z) + sqrt(tanh(Max(0, z-1)))", [1], 2)
    with M.workdps(60):
        want = 2 * (_sech2(M.mpf(2)) + _sech2(M.mpf(1)) / (2 * M.sqrt(M.tanh(1))))
    assert r.digits >= 40 and _close(r.df_dw[0], want)


