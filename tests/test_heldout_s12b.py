"""Held-out cases of red team R12b (numeric side) that vgtheory gets right.

Every expected value is derived here independently of the package: the chain rule in a plain mpmath loop
at far more digits than asked, closed forms of the erf moments, or mpmath quadrature.
"""

from __future__ import annotations

import math
import threading

import mpmath
import pytest

import vgtheory
from oracles import chain_partials
from vgtheory.errors import VGTheoryError

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


def _chain(f, fp, w, x, dps):
    """z_k and df/dw_j of f_w(x) = f(w_l f(... f(w_1 x))) by the product form, at ``dps`` digits.
    Inputs are read as decimal strings (oracles.chain_partials, at ``dps`` digits)."""
    z, df, _ = chain_partials(f, fp, [str(v) for v in w], str(x), 0, dps)
    return z, df


def _digits_hold(got, truth, digits):
    """Every value agrees with its truth to ``digits`` significant digits (one unit of slack in the last)."""
    with mpmath.workdps(max(digits, 15) + 40):
        for a, b in zip(got, truth):
            assert abs(mpmath.mpf(a) - b) <= abs(b) * mpmath.mpf(10) ** (1 - digits), (a, b)


def test_gradient_tanh_huge_weights_keeps_all_digits():
    # sech^2(1e300) ~ 10^(-8.7e299): mpmath's exponent range holds it; 30 digits need t to ~330 digits.
    w = ["1e300"] * 5
    g = vgtheory.gradient("tanh", w, x=1, dps=30)
    z, ref = _chain(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, w, 1, 1500)
    assert g.digits == 30
    _digits_hold(g.df_dw, ref, 30)
    _digits_hold(g.z, z, 30)


def test_gradient_chaotic_sin_deep_chain():
    # sin with w = 3 doubles errors per layer roughly (Lyapunov > 0): the package must raise its precision.
    w = [3] * 300
    g = vgtheory.gradient("sin", w, x=1, dps=30)
    z, ref = _chain(mpmath.sin, mpmath.cos, w, 1, 700)
    assert g.digits >= 30
    _digits_hold(g.df_dw, ref, g.digits)
    _digits_hold(g.z, z, g.forward_digits)


def test_gradient_atan_depth_2000():
    w = [2] * 2000
    g = vgtheory.gradient("atan", w, x="0.5", dps=40)
    z, ref = _chain(mpmath.atan, lambda t: 1 / (1 + t * t), w, "0.5", 150)
    assert g.digits == 40
    _digits_hold(g.df_dw, ref, 40)


def test_gradient_cancelling_formula_small_input():
    # sin(x) - x ~ -x^3/6: at x = 1e-8 the value cancels 16 digits, the slope cos(t) - 1 8 more.
    w = [1] * 4
    g = vgtheory.gradient("sin(x) - x", w, x="1e-8", dps=30)
    z, ref = _chain(lambda t: mpmath.sin(t) - t, lambda t: mpmath.cos(t) - 1, w, "1e-8", 3000)
    assert g.digits == 30
    _digits_hold(g.df_dw, ref, 30)


def test_gradient_float64_callable_digits_are_earned():
    w = [2] * 10
    g = vgtheory.gradient(lambda t: math.tanh(t), w, x=1, dps=30)
    z, ref = _chain(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, w, 1, 60)
    assert g.precision == "float64"
    assert 1 <= g.digits <= 16
    _digits_hold(g.df_dw, ref, g.digits)


def _erf_truth(sw, sb):
    """q* and chi1 of erf: E[erf(sqrt(q) z)^2] = (2/pi) asin(2q/(1+2q)), E[erf'(sqrt(q) z)^2] = (4/pi)/sqrt(1+4q)."""
    with mpmath.workdps(40):
        w2, b2 = mpmath.mpf(sw) ** 2, mpmath.mpf(sb) ** 2
        q = mpmath.findroot(lambda q: w2 * 2 / mpmath.pi * mpmath.asin(2 * q / (1 + 2 * q)) + b2 - q, 1)
        return q, w2 * 4 / mpmath.pi / mpmath.sqrt(1 + 4 * q)


@pytest.mark.parametrize("sw, sb, phase", [("1.5", "0.3", "chaotic"), ("0.8", "0.1", "ordered")])
def test_signal_erf_matches_closed_form(sw, sb, phase):
    r = vgtheory.signal("erf", sigma_w=sw, sigma_b=sb)
    q, chi = _erf_truth(sw, sb)
    assert abs(r.q_star - q) <= max(r.q_star_error, 1e-12) * 10
    assert abs(r.chi1 - chi) <= max(r.chi1_error, 1e-12) * 10
    assert r.phase == phase


def test_signal_erf_from_a_thread():
    out = {}

    def go():
        out["r"] = vgtheory.signal("erf", sigma_w="1.5", sigma_b="0.3")

    t = threading.Thread(target=go)
    t.start()
    t.join(60)
    q, chi = _erf_truth("1.5", "0.3")
    assert abs(out["r"].chi1 - chi) < 1e-10


@pytest.mark.slow
def test_critical_init_erf():
    sb = mpmath.mpf("0.2")
    with mpmath.workdps(40):
        def eqs(w2, q):
            return (w2 * 2 / mpmath.pi * mpmath.asin(2 * q / (1 + 2 * q)) + sb**2 - q,
                    w2 * 4 / mpmath.pi / mpmath.sqrt(1 + 4 * q) - 1)
        w2, q = mpmath.findroot(eqs, (1.3, 0.2))
        sw = mpmath.sqrt(w2)
    c = vgtheory.critical_init("erf", sigma_b="0.2")
    assert abs(c.sigma_w - sw) < 1e-9


@pytest.mark.slow
def test_signal_kinked_formula_at_zero():
    # Slopes 1 and 1/2 at 0: near q = 0, E[sigma'^2] -> (1 + 1/4)/2, so sigma_w^2 = 1.6 is critical. The float
    # sqrt(1.6) squares to 1.6 + 8.1e-17 (exactly, below): with E[sigma^2] = (5/8)(q - 2q^2) + O(q^3) (tanh's
    # q - 2q^2 on each side, the left one a quarter), q* = eps/2 + O(eps^2) for eps = (5/8) sigma_w^2 - 1 = 5e-17 > 0
    # (it was 0 until session 22, when a residual below the tolerance stopped counting as no fixed point, R32b-1)
    from fractions import Fraction
    f = "Piecewise((tanh(x), x >= 0), (tanh(x)/2, True))"
    w = mpmath.sqrt(mpmath.mpf("1.6"))
    eps = Fraction(5, 8) * Fraction(int(w.man) ** 2, 2 ** (-2 * int(w.exp))) - 1  # w = man * 2^exp exactly
    assert 0 < eps < Fraction(1, 10**16)
    r = vgtheory.signal(f, sigma_w=w, sigma_b=0)
    assert abs(r.q_star - mpmath.mpf(eps.numerator) / eps.denominator / 2) <= r.q_star_error + mpmath.mpf(10) ** -32
    assert abs(r.chi1 - 1) <= max(r.chi1_error, 1e-12) * 10


@pytest.mark.parametrize("text", ["__import__('os')", "x.__class__", "lambda x: x", "(x).real", "exp(x)[0]",
                                  "x if x else 1", "Symbol('x')", "tanh(x"])
def test_formula_never_evaluated(text):
    with pytest.raises(VGTheoryError) as info:
        vgtheory.gradient(text, [1], x=1)
    assert "\n" not in str(info.value)


@pytest.mark.slow
def test_signal_formula_narrow_bump_is_seen():
    # A bump 1e-3 wide at u = 0.3 moves q* by ~1.4e-6 and chi1 by ~1.3e-3 from tanh's: quadrature split at it.
    c, a = mpmath.mpf("0.001"), mpmath.mpf("0.3")
    with mpmath.workdps(18):
        def s(u):
            return mpmath.tanh(u) + c * mpmath.exp(-((u - a) / c) ** 2)

        def sp(u):
            return mpmath.sech(u) ** 2 - 2 * c * (u - a) / c**2 * mpmath.exp(-((u - a) / c) ** 2)

        def e(h, q):
            rq = mpmath.sqrt(q)
            z0, d = a / rq, c / rq
            pts = [-mpmath.inf, -8, 0, z0 - 10 * d, z0 - 2 * d, z0, z0 + 2 * d, z0 + 10 * d, 8, mpmath.inf]
            return mpmath.quad(lambda z: h(rq * z) * mpmath.npdf(z), pts)

        q = mpmath.findroot(lambda q: 4 * e(lambda u: s(u) ** 2, q) + mpmath.mpf("0.25") - q, mpmath.mpf("2.4797"), tol=1e-24)
        chi = 4 * e(lambda u: sp(u) ** 2, q)
    r = vgtheory.signal("tanh(x) + exp(-((x-3/10)*1000)**2)/1000", sigma_w=2, sigma_b="0.5")
    assert abs(r.q_star - q) <= max(r.q_star_error * 10, 1e-12)
    assert abs(r.chi1 - chi) <= max(r.chi1_error * 10, 1e-12)
