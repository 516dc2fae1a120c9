"""Held-out tests of red team R29b (numbers and robustness against c6bc84c).

Every truth here is derived in the test itself: closed forms, exact rational arithmetic, or a
product-form chain rule / quadrature in plain mpmath at two precisions that agree. Nothing is
copied from the package's output.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import vgtheory
from vgtheory.errors import VGTheoryError

pytestmark = pytest.mark.slow


def _mpf(v) -> mpmath.mpf:
    f = Fraction(v)
    with mpmath.workdps(400):
        return mpmath.mpf(f.numerator) / f.denominator


def _chain(sigma, dsigma, w, x, dps):
    """(z_0..z_l, [df/dw_j]) by the product form z_{j-1} s'(t_j) prod_{k>j} w_k s'(t_k)."""
    with mpmath.workdps(dps):
        ws = [_mpf(v) for v in w]
        z, d = [_mpf(x)], []
        for wk in ws:
            t = wk * z[-1]
            z.append(sigma(t))
            d.append(dsigma(t))
        out, suf = [mpmath.mpf(0)] * len(ws), mpmath.mpf(1)
        for j in range(len(ws) - 1, -1, -1):
            out[j] = z[j] * d[j] * suf
            suf *= ws[j] * d[j]
        return z, out


def _agree(got, truth, digits):
    """|got - truth| <= 10^(1 - digits) |truth| (a zero truth needs a zero)."""
    if truth == 0:
        return got == 0
    with mpmath.workdps(digits + 20):
        return abs(mpmath.mpf(got) - truth) <= mpmath.mpf(10) ** (1 - digits) * abs(truth)


def _tanh(t):
    return mpmath.tanh(t)


def _dtanh(t):
    return mpmath.sech(t) ** 2


# ---- gradient ---------------------------------------------------------------------------------------------

def test_tanh_chain_all_claimed_digits_against_product_form():
    w = ["2", "-3/2", "0.7", "5", "1/3"]
    r = vgtheory.gradient("tanh", w, "0.4", dps=40)
    assert r.digits >= 30
    _, a = _chain(_tanh, _dtanh, w, "0.4", 120)
    _, b = _chain(_tanh, _dtanh, w, "0.4", 160)
    for got, ta, tb in zip(r.df_dw, a, b):
        assert _agree(ta, tb, 100)
        assert _agree(got, tb, r.digits)


def test_decimal_fraction_and_string_inputs_give_one_value():
    outs = [vgtheory.gradient("x/(1+Abs(x))", [v, 2], Decimal("0.7"), dps=30).df_dw
            for v in (Decimal("0.3"), Fraction(3, 10), "0.3")]
    assert outs[0] == outs[1] == outs[2]
    sig = lambda t: t / (1 + abs(t))
    dsig = lambda t: 1 / (1 + abs(t)) ** 2
    _, truth = _chain(sig, dsig, [Fraction(3, 10), 2], Fraction(7, 10), 90)
    for got, tv in zip(outs[0], truth):
        assert _agree(got, tv, 30)


def test_decimal_beyond_float_range_input_gives_the_closed_form():
    # x = 10^400 (a Decimal; beyond every float): df/dw_1 = x sech^2(2x) * 2 sech^2(2 tanh(2x)), at 600 and 700 digits.
    r = vgtheory.gradient("tanh", [2, 2], Decimal("1E+400"), dps=30)
    vals = []
    for dps in (600, 700):
        with mpmath.workdps(dps):
            x = mpmath.mpf(10) ** 400
            vals.append(x * mpmath.sech(2 * x) ** 2 * 2 * mpmath.sech(2 * mpmath.tanh(2 * x)) ** 2)
    assert _agree(vals[0], vals[1], 100)
    assert r.digits >= 25 and _agree(r.df_dw[0], vals[1], r.digits)


def test_decimal_inputs_on_a_kink_are_refused_and_beside_it_decided():
    hard = "Piecewise((-1, z<-1),(z, z<1),(1,True))"
    # 0.1 * 10 = 1 exactly: layer 1's input is the kink at 1 (one-sided slopes 1 and 0): no derivative.
    with pytest.raises(VGTheoryError):
        vgtheory.gradient(hard, [Decimal("0.1")], Decimal("10"))
    # beside it (t_1 = 1.000001 > 1): sigma flat there, df/dw_1 = 0 exactly.
    r = vgtheory.gradient(hard, [Decimal("0.1000001")], Decimal("10"))
    assert r.df_dw[0] == 0 and r.digits > 0
    # below it (t_1 = 0.999999): df/dw_1 = x * 1 = 10.
    r = vgtheory.gradient(hard, [Decimal("0.0999999")], Decimal("10"))
    assert r.df_dw[0] == 10


def test_c1_switch_with_a_constant_piece_exact_rational_truth():
    # sigma(t) = t - t^2/4 (t < 2), 1 (t >= 2); w = 2, x = 9/10: z_k = 2z - z^2 = 1 - (1/10)^(2^k), never reaching the
    # switch; sigma'(t_k) = 1 - z_{k-1}; df/dw_1 = x sigma'(2x) prod_{k=2}^{l} 2 sigma'(t_k), exactly in rationals.
    pw = "Piecewise((z - z**2/4, z<2),(1,True))"
    l = 6
    r = vgtheory.gradient(pw, [2] * l, "0.9", dps=30)
    z = [Fraction(9, 10)]
    for _ in range(l):
        z.append(1 - (1 - z[-1]) ** 2)
    truth = z[0] * (1 - z[0])
    for k in range(2, l + 1):
        truth *= 2 * (1 - z[k - 1])
    assert r.digits >= 25
    assert _agree(r.df_dw[0], _mpf(truth), r.digits)
    assert r.z[-1] == _mpf(z[-1]) or _agree(r.z[-1], _mpf(z[-1]), r.forward_digits)


def test_heaviside_at_zero_input_is_constant_in_w():
    # x = 0: every t_k = w_k * 0 for layer 1, so f does not depend on w_1; a jump there must not leak in.
    r = vgtheory.gradient("Heaviside(x)", [2], 0)
    assert r.df_dw[0] == 0


def test_kink_input_refused():
    with pytest.raises(VGTheoryError):
        vgtheory.gradient("Max(-1, Min(1, x))", [1], 1)


# ---- depth profile (plot) ---------------------------------------------------------------------------------

def test_depth_profile_softsign_scaled_closed_form():
    from vgtheory.render.plotting import depth_profile
    # softsign, w = 1: z_k = x/(1 + kx), df/dw_1 = x/(1 + lx)^2; with s = 1/3, s * that at x/s: x/(1 + 3lx)^2.
    p = depth_profile("x/(1+Abs(x))", depth_max=60, s=Fraction(1, 3), w=1, x=1, predict=False)
    assert not p.undetermined
    for l, (v, d) in enumerate(zip(p.df_dw1, p.digits), 1):
        assert d >= 20
        assert _agree(v, _mpf(Fraction(1, (1 + 3 * l) ** 2)), d)


def test_depth_profile_chaotic_sine_against_two_precisions():
    from vgtheory.render.plotting import depth_profile
    L = 150
    p = depth_profile("sin(x)", depth_max=L, w=3, x=1, predict=False)
    truths = []
    for dps in (200, 260):
        with mpmath.workdps(dps):
            z, prefix, vals = mpmath.mpf(1), None, []
            for k in range(L):
                t = 3 * z
                slope = mpmath.cos(t)
                prefix = z * slope if k == 0 else prefix * 3 * slope
                vals.append(prefix)
                z = mpmath.sin(t)
            truths.append(vals)
    for v, d, a, b in zip(p.df_dw1, p.digits, *truths):
        assert _agree(a, b, 60)
        if d > 0:
            assert _agree(v, b, d)


# ---- signal ----------------------------------------------------------------------------------------------

def test_signal_hard_tanh_closed_form():
    # hard tanh, sigma_b = 0: E[h(sqrt(q)Z)^2] = q[(2Phi(a) - 1) - 2a phi(a)] + 2(1 - Phi(a)), a = 1/sqrt(q);
    # chi1 = sigma_w^2 (2 Phi(a) - 1).
    r = vgtheory.signal("Piecewise((-1, z<-1),(z, z<1),(1,True))", sigma_w=1.5, dps=30)
    with mpmath.workdps(50):
        sw = mpmath.mpf("1.5")

        def E(q):
            a = 1 / mpmath.sqrt(q)
            return q * ((2 * mpmath.ncdf(a) - 1) - 2 * a * mpmath.npdf(a)) + 2 * (1 - mpmath.ncdf(a))

        q = mpmath.findroot(lambda q: sw ** 2 * E(q) - q, 1.26)
        chi = sw ** 2 * (2 * mpmath.ncdf(1 / mpmath.sqrt(q)) - 1)
    assert abs(r.q_star - q) < 1e-12 and abs(r.chi1 - chi) < 1e-12
    assert r.phase == "chaotic"


def test_signal_softsign_with_bias_by_quadrature():
    r = vgtheory.signal("x/(1+Abs(x))", sigma_w=2, sigma_b=Decimal("0.5"), dps=25)
    with mpmath.workdps(30):
        sq = lambda u: (u / (1 + abs(u))) ** 2
        d2 = lambda u: 1 / (1 + abs(u)) ** 4

        def G(fn, q):
            rq = mpmath.sqrt(q)
            return 2 * mpmath.quad(lambda t: fn(rq * t) * mpmath.npdf(t), [0, 1, 3, 8, mpmath.inf])

        q = mpmath.findroot(lambda q: 4 * G(sq, q) + mpmath.mpf("0.25") - q, 1)
        chi = 4 * G(d2, q)
    assert abs(r.q_star - q) < 1e-12 and abs(r.chi1 - chi) < 1e-12
    assert r.phase == "ordered"


def test_signal_tanh_huge_sigma_w_asymptotic_chi1():
    # sigma_w = 1e300: sqrt(q*) = sigma_w (1 + O(1/sigma_w)), chi1 = sigma_w^2 E[sech^4(sqrt(q) Z)]
    # = sigma_w (4/3)/sqrt(2 pi) (1 + O(1e-300)).
    r = vgtheory.signal("tanh", sigma_w="1e300")
    with mpmath.workdps(30):
        truth = mpmath.mpf("1e300") * mpmath.mpf(4) / 3 / mpmath.sqrt(2 * mpmath.pi)
    assert abs(r.chi1 / truth - 1) < 1e-9
    assert r.phase == "chaotic"


def test_signal_critical_tanh_without_bias_is_one():
    # chi1 = sigma_w^2 E[sech^4] at q* = 0 (sigma_b = 0, below the edge): sigma_w sigma'(0) = 1.
    r = vgtheory.critical_init("tanh", 0)
    assert abs(float(r.sigma_w) - 1.0) < 1e-12


# ---- Theorem 2 ---------------------------------------------------------------------------------------------

def test_theorem2_tanh_fixed_point_rate_and_deep_value():
    from vgtheory.theorems.theorem2 import theorem2
    L = 3000
    r = theorem2("tanh(x)", w=2, x="0.5", depth=L, dps=40)
    outs = []
    for dps in (60, 90):
        with mpmath.workdps(dps):
            zs = mpmath.findroot(lambda u: mpmath.tanh(2 * u) - u, 0.95)
            rho = 2 * (1 - zs ** 2)
            z, p = mpmath.mpf("0.5"), None
            for k in range(L):
                t = 2 * z
                p = z * mpmath.sech(t) ** 2 if k == 0 else p * 2 * mpmath.sech(t) ** 2
                z = mpmath.tanh(t)
            outs.append((zs, rho, p))
    (zs, rho, p), (zs2, rho2, p2) = outs
    assert _agree(zs, zs2, 50) and _agree(p, p2, 50)
    assert _agree(r.z_star, zs2, 12) and _agree(r.rho, rho2, 12)
    assert _agree(r.actual_df_dw1, p2, 10)
    # x = 0.5 < z*: the proved bound is a lower bound x sigma'(wx) rho^(l-1) <= df/dw_1.
    with mpmath.workdps(60):
        lower = mpmath.mpf("0.5") * mpmath.sech(1) ** 2 * rho2 ** (L - 1)
    assert _agree(r.bound_df_dw1(L), lower, 10) and lower <= p2


def test_theorem2_tanh_aw_one_bounds_hold():
    from vgtheory.theorems.theorem2 import theorem2
    L, x = 400, mpmath.mpf(1)
    r = theorem2("tanh(x)", w=1, x=1, depth=L, dps=30)
    _, truth = _chain(_tanh, _dtanh, [1] * L, 1, 60)
    with mpmath.workdps(60):
        lo = x * (1 + 2 * L * x ** 2 / 3) ** (-mpmath.mpf(3) / 2 * mpmath.cosh(x) ** 2)
        hi = x * (1 + x ** 2) / (1 + (L + 1) * x ** 2)
        assert lo <= truth[0] <= hi
    assert _agree(r.actual_df_dw1, truth[0], 10)


def test_depth_profile_decimal_scale_closed_form():
    from vgtheory.render.plotting import depth_profile
    # softsign, w = 1, s = Decimal('0.1') read as 1/10: df_s/dw_1 = s (x/s)/(1 + l x/s)^2 = x/(1 + 10 l x)^2.
    p = depth_profile("x/(1+Abs(x))", depth_max=20, s=Decimal("0.1"), w=1, x=1, predict=False)
    for l, (v, d) in enumerate(zip(p.df_dw1, p.digits), 1):
        assert d >= 20
        assert _agree(v, _mpf(Fraction(1, (1 + 10 * l) ** 2)), d)


def test_signal_scaled_decimal_equals_scaling_identity():
    # s*tanh(u/s), sigma_b = 0: q*_s = s^2 q*(sigma_w) and the same chi1 (substitute u = s v in the length map).
    r = vgtheory.signal("tanh", sigma_w=Decimal("1.5"), s=Decimal("0.1"))
    with mpmath.workdps(30):
        def G(fn, q):
            rq = mpmath.sqrt(q)
            return 2 * mpmath.quad(lambda t: fn(rq * t) * mpmath.npdf(t), [0, 1, 3, 8, mpmath.inf])

        q = mpmath.findroot(lambda q: mpmath.mpf("2.25") * G(lambda u: mpmath.tanh(u) ** 2, q) - q, 0.8)
        chi = mpmath.mpf("2.25") * G(lambda u: mpmath.sech(u) ** 4, q)
    assert abs(r.q_star / (q / 100) - 1) < 1e-10 and abs(r.chi1 - chi) < 1e-10


# ---- findings ----------------------------------------------------------------------------------------------

def test_numpy_longdouble_is_read_as_its_exact_value():
    # np.longdouble(2) is exactly 2: refused as "not a finite real number" / "not a positive number".
    r = vgtheory.gradient("tanh", [np.longdouble(2)], 1, dps=30)
    ref = vgtheory.gradient("tanh", [2], 1, dps=30)
    assert r.df_dw == ref.df_dw
    s = vgtheory.signal("tanh", sigma_w=np.longdouble(2))
    assert abs(s.chi1 - vgtheory.signal("tanh", sigma_w=2).chi1) == 0
