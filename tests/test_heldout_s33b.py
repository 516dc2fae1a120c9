"""Held-out tests of red team R33b (numbers and robustness against e4b2462).

Every truth here is derived independently of the package: erf's closed Gaussian moments
(V(q) = (2/pi) asin(2q/(1+2q)), D(q) = (4/pi)/sqrt(1+4q)), hardtanh's closed moments, relu's exact affine length
map, the small-q series of tanh's moments, and a product-form chain rule written here in mpmath (a second precision
agreed when the test was written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.chain import gradient
from vgtheory.meanfield.propagation import critical_init, signal

pytestmark = pytest.mark.slow


def _erf_truth(sw, sb, q_guess, dps=60):
    with mp.workdps(dps):
        sw, sb = mp.mpf(sw), mp.mpf(sb)
        L = lambda q: sw**2 * 2 / mp.pi * mp.asin(2 * q / (1 + 2 * q)) + sb**2  # noqa: E731
        q = mp.mpf(0) if q_guess == 0 else mp.findroot(lambda t: L(t) - t, mp.mpf(q_guess))
        return q, sw**2 * 4 / mp.pi / mp.sqrt(1 + 4 * q)


def _hardtanh_truth(sw, sb, q_guess, dps=50):
    with mp.workdps(dps):
        sw, sb = mp.mpf(sw), mp.mpf(sb)

        def VD(q):
            a = 1 / mp.sqrt(q)
            inside = 2 * mp.ncdf(a) - 1
            return q * (inside - 2 * a * mp.npdf(a)) + 2 * (1 - mp.ncdf(a)), inside

        q = mp.findroot(lambda t: sw**2 * VD(t)[0] + sb**2 - t, mp.mpf(q_guess))
        return q, sw**2 * VD(q)[1]


def _within(r, q_true, chi_true):
    with mp.workdps(80):
        assert abs(mp.mpf(r.q_star) - q_true) <= r.q_star_error
        assert abs(mp.mpf(r.chi1) - chi_true) <= r.chi1_error


@pytest.mark.parametrize("sw,sb,phase", [("1.2", "0.3", "ordered"), ("0.9", "0", "chaotic"), ("0.5", "2", "ordered")])
def test_erf_signal_within_stated_error(sw, sb, phase):
    r = signal("erf(x)", sw, sb)
    q, chi = _erf_truth(sw, sb, r.q_star)
    q2, chi2 = _erf_truth(sw, sb, r.q_star, 80)
    assert abs(q - q2) < mp.mpf(10) ** -50 and abs(chi - chi2) < mp.mpf(10) ** -50
    _within(r, q, chi)
    assert r.phase == phase


def test_erf_below_edge_q_star_zero_at_30_digits():
    r = signal("erf(x)", "0.8862", 0, dps=30)  # 0.8862 < sqrt(pi)/2: q* = 0, chi1 = 0.8862^2 * 4/pi
    assert r.q_star == 0 and r.phase == "ordered"
    with mp.workdps(60):
        assert abs(mp.mpf(r.chi1) - mp.mpf("0.8862") ** 2 * 4 / mp.pi) <= r.chi1_error


def test_erf_float64_backend_within_stated_error():
    r = signal("erf(x)", 2, "1e-8", backend="float64")
    q, chi = _erf_truth("2", "1e-8", r.q_star)
    _within(r, q, chi)
    assert r.phase == "chaotic"


def test_erf_tiny_bias_just_below_edge():
    # sigma_w^2 4/pi = 1 - 3.1e-17: q* = sigma_b^2 / (1 - sigma_w^2 4/pi) ~ 3.2e-24, ordered
    r = signal("erf(x)", "0.886226925452758", "1e-20", dps=30)
    q, chi = _erf_truth("0.886226925452758", "1e-20", r.q_star, 80)
    _within(r, q, chi)
    assert r.phase == "ordered"


def test_erf_critical_sigma_w_with_bias():
    c = critical_init("erf(x)", "0.3")
    with mp.workdps(50):  # chi1 = 1: sigma_w^2 = pi sqrt(1+4q)/4, and q = sigma_w^2 V(q) + 0.09
        w2 = lambda q: mp.pi * mp.sqrt(1 + 4 * q) / 4  # noqa: E731
        q = mp.findroot(lambda t: w2(t) * 2 / mp.pi * mp.asin(2 * t / (1 + 2 * t)) + mp.mpf("0.09") - t, 0.7)
        assert abs(mp.mpf(c.sigma_w) - mp.sqrt(w2(q))) < mp.mpf(10) ** -10


def test_erf_critical_sigma_w_no_bias_30_digits():
    c = critical_init("erf(x)", 0, dps=30)
    with mp.workdps(60):
        assert abs(mp.mpf(c.sigma_w) - mp.sqrt(mp.pi) / 2) < mp.mpf(10) ** -28


def test_hardtanh_signal_closed_form():
    r = signal("hardtanh", "1.2", "0.1")
    q, chi = _hardtanh_truth("1.2", "0.1", r.q_star)
    _within(r, q, chi)
    assert r.phase == "chaotic"


def test_relu_just_below_sqrt2_is_ordered_exact():
    r = signal("relu", "1.4142135623730950", 0)  # sigma_w^2 = 1.99999999999999986...: q_n -> 0
    assert r.q_star == 0 and r.phase == "ordered"
    assert sp.Rational(r.chi1_exact) == sp.Rational("1.4142135623730950") ** 2 / 2


def test_relu_just_above_sqrt2_diverges():
    r = signal("relu", "1.4142135623730952", 0)
    assert r.q_state == "diverged" and r.phase == "chaotic"


def test_tanh_just_above_edge_is_chaotic():
    # V = q - 2q^2 + 17/3 q^3, D = 1 - 2q + 7q^2: at q* chi1 = 1 + (4/3) q*^2 + O(q^3) > 1, q* ~ 1e-7
    r = signal("tanh", "1.0000001", 0)
    assert r.phase == "chaotic"
    with mp.workdps(40):
        sw2 = mp.mpf("1.0000001") ** 2
        q = mp.findroot(lambda t: sw2 * (1 - 2 * t + mp.mpf(17) / 3 * t**2) - 1, mp.mpf("1e-7"))
        assert abs(mp.mpf(r.q_star) - q) < mp.mpf("1e-19")


def test_softsign_critical_no_bias_is_one():
    assert mp.mpf(critical_init("x/(1+abs(x))", 0).sigma_w) == 1


def _truth_chain(ws, x, dps=60):
    with mp.workdps(dps):
        s = lambda t: t * mp.exp(-t**2)  # noqa: E731
        ds = lambda t: (1 - 2 * t**2) * mp.exp(-t**2)  # noqa: E731
        zs, ts = [mp.mpf(x)], []
        for w in ws:
            ts.append(mp.mpf(w) * zs[-1])
            zs.append(s(ts[-1]))
        out, suffix = [], mp.mpf(1)
        for j in reversed(range(len(ws))):
            out.append(zs[j] * ds(ts[j]) * suffix)
            suffix *= mp.mpf(ws[j]) * ds(ts[j])
        f = zs[-1]
        return [f * d for d in out[::-1]]  # y = 0: dloss/dw = f df/dw


def test_gradient_exact_zero_slope_first_layer():
    g = gradient("x*exp(-x**2)", [1, 1, 1], sp.sqrt(2) / 2, 0, dps=30)
    assert g.digits == 30 and g.dloss_dw[0] == 0
    with mp.workdps(60):
        t = _truth_chain([1, 1, 1], mp.sqrt(2) / 2)
        for a, b in zip(g.dloss_dw[1:], t[1:]):
            assert abs(mp.mpf(a) - b) <= abs(b) * mp.mpf(10) ** -29


def test_gradient_near_zero_slope_not_zeroed():
    x = sp.sqrt(2) / 2 + sp.Rational(1, 10**60)
    g = gradient("x*exp(-x**2)", [1, 1], x, 0, dps=30)
    with mp.workdps(120):
        t = _truth_chain([1, 1], mp.sqrt(2) / 2 + mp.mpf(10) ** -60, 120)
        assert g.dloss_dw[0] != 0
        assert abs(mp.mpf(g.dloss_dw[0]) - t[0]) <= abs(t[0]) * mp.mpf(10) ** -25


# --- findings (fail today) ---------------------------------------------------------------------------------------

def test_erf_q_star_zero_chi1_at_60_digits():
    r = signal("erf(x)", "0.8862", 0, dps=60)
    with mp.workdps(100):
        assert abs(mp.mpf(r.chi1) - mp.mpf("0.8862") ** 2 * 4 / mp.pi) <= r.chi1_error
        c = critical_init("erf(x)", 0, dps=60)
        assert abs(mp.mpf(c.sigma_w) - mp.sqrt(mp.pi) / 2) < mp.mpf(10) ** -55


def test_relu_float_sqrt2_signal_to_dict():
    # 1.4142135623730951^2 = 2.00000000000000014...: L(q) = (1 + 7.1e-17) q, q* diverges, chi1 > 1
    d = signal("relu", "1.4142135623730951", 0).to_dict()
    assert d["q_state"] == "diverged" and d["phase"] == "chaotic"
    # numeric too: erf below its edge, q* = 0, chi1 = 0.886226925452758^2 * 4/pi = 1 - 3.08e-17 (+- 1e-24): ordered
    d = signal("erf(x)", "0.886226925452758", 0, dps=30).to_dict()
    assert d["q_star"] == 0 and d["phase"] == "ordered"


def test_gradient_exact_zero_slope_at_layer_two_from_irrational_weight():
    ws = [1, sp.sqrt(2) * sp.E / 2, 1]  # t_1 = 1, t_2 = (sqrt(2) e / 2) e^-1 = sqrt(2)/2: sigma'(t_2) = 0 exactly
    g = gradient("x*exp(-x**2)", ws, 1, 0, dps=30)
    assert g.loss_digits == 30 and g.digits == 30
    assert g.dloss_dw[0] == 0 and g.dloss_dw[1] == 0
    with mp.workdps(60):
        t = _truth_chain([1, mp.sqrt(2) * mp.e / 2, 1], 1)
        assert abs(mp.mpf(g.dloss_dw[2]) - t[2]) <= abs(t[2]) * mp.mpf(10) ** -29


def test_erf_scaled_critical_small_s():
    # sigma_s(u) = s erf(u/s), s = 1e-5: V_s(q) = s^2 V(q/s^2), D_s(q) = D(q/s^2), so chi1 = 1 at the sigma_w of erf at
    # sigma_b/s = 30000: sigma_w^2 = pi sqrt(1+4Q)/4 with Q = sigma_w^2 (2/pi) asin(2Q/(1+2Q)) + 9e8; q* = s^2 Q = 0.09
    with mp.workdps(50):
        w2 = lambda t: mp.pi * mp.sqrt(1 + 4 * t) / 4  # noqa: E731
        Q = mp.findroot(lambda t: w2(t) * 2 / mp.pi * mp.asin(2 * t / (1 + 2 * t)) + mp.mpf(9) * 10**8 - t, 9e8)
        c = critical_init("erf(x)", "0.3", s="1e-5")
        assert abs(mp.mpf(c.sigma_w) / mp.sqrt(w2(Q)) - 1) < mp.mpf(10) ** -9


def test_hardtanh_just_above_edge_low_precision_q_star():
    # hardtanh's closed moments: the orbit from q0 = 1 falls to q* = 0.0155275165716639554 (mpmath 50 and 90 digits)
    q, chi = _hardtanh_truth("1.000000000000001", "0", "0.0155", 60)
    for kw in ({"dps": 15}, {"backend": "float64"}):
        r = signal("hardtanh", "1.000000000000001", 0, **kw)
        with mp.workdps(60):
            assert abs(mp.mpf(r.q_star) - q) <= r.q_star_error, kw


def test_erf_float64_just_above_edge():
    # sigma_w = (sqrt(pi)/2)(1 + 1e-9): q = 0 is unstable (chi1(0) = 1 + 2e-9); the orbit falls to q* = 9.99999957e-10
    # with chi1 = 1 + 1.3333e-18 (erf's closed forms, findroot at 60 and 90 digits)
    r = signal("erf(x)", "0.8862269263389849", 0, backend="float64")
    q, chi = _erf_truth("0.8862269263389849", "0", "1e-9", 60)
    _within(r, q, chi)
    # hardtanh at 1 + 1e-9: q* = 0.0268255346 by its closed moments
    r = signal("hardtanh", "1.000000001", 0, backend="float64")
    _within(r, *_hardtanh_truth("1.000000001", "0", "0.0268", 60))
