"""Held-out cases of red team R13b (numeric side) that vgtheory gets right.

Every expected value is derived here independently of the package: the chain rule in a plain mpmath
loop at far more digits than asked, closed forms of the Gaussian moments (sin, erf, exp, z², |z|^(3/4)),
mpmath quadrature, or an analytic argument stated beside the test.
"""

from __future__ import annotations

import math

import mpmath
import pytest

import vgtheory
from oracles import agreeing_digits, chain_partials
from clirun import cli

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


def _chain(f, fp, w, x, dps):
    """df/dw_j and f of f_w(x) = f(w_l f(... f(w_1 x))) by the product form, at ``dps`` digits.
    Inputs are read as decimal strings (oracles.chain_partials, at ``dps`` digits)."""
    z, df, _ = chain_partials(f, fp, [str(v) for v in w], str(x), 0, dps)
    return df, z[-1]


def _assert_digits_earned(g, ref_g, ref_f):
    assert min(agreeing_digits(a, b) for a, b in zip(g.df_dw, ref_g)) >= g.digits - 1
    assert agreeing_digits(g.output, ref_f) >= g.forward_digits - 1


# -- gradient ---------------------------------------------------------------------------------------

S_LONG = "3.3333333333333333333333333333333333333333333333333"


@pytest.mark.parametrize("s", [S_LONG, "1e-30", "1e300", "1e-5"])
def test_scaled_tanh_gradient_digits_with_exact_scale(s):
    # s*tanh(u/s) with s read exactly (a 50-digit decimal, 1e-30): the reference reads s at 400 digits.
    w = [1] * 60 if s != "1e-5" else [-1, 2, -3]
    g = vgtheory.gradient(vgtheory.activation("tanh").scaled(s), w, 1, dps=40)
    ref_g, ref_f = _chain(lambda t: mpmath.mpf(s) * mpmath.tanh(t / mpmath.mpf(s)),
                          lambda t: mpmath.sech(t / mpmath.mpf(s)) ** 2, w, 1, 400)
    assert g.digits == 40
    _assert_digits_earned(g, ref_g, ref_f)


def test_sin_gradient_with_weight_at_pi_over_2_to_64_digits():
    # cos(w_1) ~ 1e-64: the slope is a cancellation that the precision must absorb (not the cap case).
    with mpmath.workdps(100):
        w1 = mpmath.nstr(mpmath.pi / 2, 65, strip_zeros=False)
    w = [w1, 2, 3]
    g = vgtheory.gradient("sin(z)", w, 1, dps=50)
    ref_g, ref_f = _chain(mpmath.sin, mpmath.cos, w, 1, 600)
    assert g.digits == 50
    _assert_digits_earned(g, ref_g, ref_f)


def test_chaotic_sin_chain_digits_earned():
    w = [3] * 100
    g = vgtheory.gradient("sin(z)", w, "0.7", dps=50)
    ref_g, ref_f = _chain(mpmath.sin, mpmath.cos, w, "0.7", 500)
    _assert_digits_earned(g, ref_g, ref_f)


def test_float64_tanh_callable_claims_no_more_than_it_has():
    w = [2] * 40
    g = vgtheory.gradient(lambda z: math.tanh(z), w, 1, dps=30)
    ref_g, ref_f = _chain(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, w, 1, 200)
    assert g.precision == "float64"
    assert 1 <= g.digits <= 15
    _assert_digits_earned(g, ref_g, ref_f)


def test_mpmath_callable_with_a_float_constant_is_exact_in_that_constant():
    # max(z, 0.1*z): 0.1 is the binary float 0.1000000000000000055..., exactly what the callable computes.
    c = mpmath.mpf(0.1)
    w = [-2, 3, 1.5]
    g = vgtheory.gradient(lambda z: max(z, 0.1 * z), w, 1, dps=30)
    ref_g, ref_f = _chain(lambda t: max(t, c * t), lambda t: mpmath.mpf(1) if t > 0 else c, w, 1, 200)
    _assert_digits_earned(g, ref_g, ref_f)


def test_weight_decay_sums_digits():
    w = [2, 2]
    g = vgtheory.gradient("tanh", w, 1, 0, dps=40, lam="0.001")
    ref_g, ref_f = _chain(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, w, 1, 300)
    with mpmath.workdps(300):
        want = [ref_f * gj + mpmath.mpf("0.001") * 2 for gj in ref_g]
    assert min(agreeing_digits(a, b) for a, b in zip(g.regularized_dw, want)) >= g.regularized_digits - 1


# -- signal -----------------------------------------------------------------------------------------


def _fixed(V, sw, sb, q0, dps=40, steps=3000):
    """The orbit q -> sw^2 V(q) + sb^2 from q0, iterated, then polished by a secant root."""
    with mpmath.workdps(dps):
        sw, sb, q = mpmath.mpf(sw), mpmath.mpf(sb), mpmath.mpf(q0)
        for _ in range(steps):
            q_next = sw**2 * V(q) + sb**2
            if abs(q_next - q) < mpmath.mpf(10) ** (-dps + 5) * (1 + q):
                break
            q = q_next
        return mpmath.findroot(lambda p: sw**2 * V(p) + sb**2 - p, q)


def _within(value, error, truth):
    return abs(mpmath.mpf(value) - truth) <= 3 * mpmath.mpf(error) + mpmath.mpf(10) ** -15 * abs(truth)


def test_sin_moments_closed_form():
    # E[sin(sqrt(q) z)^2] = (1 - e^{-2q})/2, E[cos(sqrt(q) z)^2] = (1 + e^{-2q})/2.
    sw, sb = mpmath.mpf("1.5"), mpmath.mpf("0.5")
    q = _fixed(lambda p: (1 - mpmath.exp(-2 * p)) / 2, sw, sb, 1)
    chi = sw**2 * (1 + mpmath.exp(-2 * q)) / 2
    r = vgtheory.signal("sin(z)", 1.5, 0.5)
    assert r.q_state == "converged" and r.phase == "chaotic"
    assert _within(r.q_star, r.q_star_error, q) and _within(r.chi1, r.chi1_error, chi)


def test_erf_moments_closed_form():
    # E[erf(a z)^2] = (2/pi) asin(2a^2/(1 + 2a^2)); E[erf'(sqrt(q) z)^2] = (4/pi)/sqrt(1 + 4q).
    sw, sb = mpmath.mpf("1.2"), mpmath.mpf("0.3")
    q = _fixed(lambda p: 2 / mpmath.pi * mpmath.asin(2 * p / (1 + 2 * p)), sw, sb, 1)
    chi = sw**2 * 4 / mpmath.pi / mpmath.sqrt(1 + 4 * q)
    r = vgtheory.signal("erf(z)", 1.2, 0.3)
    assert r.phase == "ordered"
    assert _within(r.q_star, r.q_star_error, q) and _within(r.chi1, r.chi1_error, chi)


def test_exp_activation_chi1_is_q_star_minus_bias_variance():
    # V(q) = D(q) = e^{2q}, so chi1 = sw^2 e^{2q*} = q* - sb^2 at every fixed point.
    sw, sb = mpmath.mpf("0.3"), mpmath.mpf("0.2")
    q = _fixed(lambda p: mpmath.exp(2 * p), sw, sb, "0.01")
    r = vgtheory.signal("exp(z)", 0.3, 0.2, q0="0.01")
    assert _within(r.q_star, r.q_star_error, q) and _within(r.chi1, r.chi1_error, q - sb**2)


@pytest.mark.parametrize("q0, q_star", [("0.9", mpmath.mpf(1) / 3), ("1", mpmath.mpf(1))])
def test_square_activation_two_fixed_points(q0, q_star):
    # z^2: V(q) = 3q^2, D(q) = 4q. At sw = sb = 1/2: q = 0.75 q^2 + 0.25 has roots 1/3 (attracting)
    # and 1 (repelling: q0 = 1 sits on it exactly); chi1 = 0.25*4*q* = q*.
    r = vgtheory.signal("z**2", 0.5, 0.5, q0=q0)
    assert _within(r.q_star, r.q_star_error, q_star) and _within(r.chi1, r.chi1_error, q_star)


@pytest.mark.slow
def test_three_quarter_power_integrable_singular_slope():
    # sign(z)|z|^(3/4): V(q) = q^(3/4) 2^(3/4) Gamma(5/4)/sqrt(pi); D(q) = (9/16) q^(-1/4) 2^(-1/4) Gamma(1/4)/sqrt(pi).
    with mpmath.workdps(40):
        V = lambda p: p ** mpmath.mpf(0.75) * mpmath.mpf(2) ** mpmath.mpf(0.75) * mpmath.gamma(1.25) / mpmath.sqrt(mpmath.pi)  # noqa: E731
        q = _fixed(V, 1, "0.5", 1)
        chi = mpmath.mpf(9) / 16 * q ** mpmath.mpf(-0.25) * mpmath.mpf(2) ** mpmath.mpf(-0.25) * mpmath.gamma(0.25) / mpmath.sqrt(mpmath.pi)
    r = vgtheory.signal("sign(z)*Abs(z)**(3/4)", 1, 0.5)
    assert _within(r.q_star, r.q_star_error, q) and _within(r.chi1, r.chi1_error, chi)


def test_tanh_slightly_chaotic_from_tiny_q0():
    # sw = 1.0001: the orbit from 1e-20 rises to the nonzero fixed point (mpmath quadrature here).
    with mpmath.workdps(30):
        sw = mpmath.mpf("1.0001")
        V = lambda p: mpmath.quad(lambda z: mpmath.tanh(mpmath.sqrt(p) * z) ** 2 * mpmath.npdf(z), [-mpmath.inf, -8, 0, 8, mpmath.inf])  # noqa: E731
        q = mpmath.findroot(lambda p: sw**2 * V(p) - p, mpmath.mpf("1e-4"))
    r = vgtheory.signal("tanh", "1.0001", 0, q0="1e-20", backend="float64")
    assert r.phase == "chaotic"
    assert _within(r.q_star, r.q_star_error, q)


@pytest.mark.slow
def test_critical_sin_closed_form():
    with mpmath.workdps(40):
        def eqs(sw, q):
            return [sw**2 * (1 + mpmath.exp(-2 * q)) / 2 - 1, sw**2 * (1 - mpmath.exp(-2 * q)) / 2 + mpmath.mpf(1) / 4 - q]
        sw, _ = mpmath.findroot(eqs, (1.33, 1.02))
    c = vgtheory.critical_init("sin(z)", 0.5)
    assert abs(mpmath.mpf(c.sigma_w) - sw) < 1e-9


def test_kinked_float_callable_chi1_from_one_sided_slopes():
    # max(tanh z, tanh 2z): slopes 2 (z > 0) and 1 (z < 0) at 0, |sigma(u)|^2 < (4u^2 or u^2) so at
    # sw = 1/2 the orbit falls to q* = 0 and chi1 = sw^2 (1 + 4)/2 = 0.625.
    r = vgtheory.signal(lambda z: max(math.tanh(z), math.tanh(2 * z)), 0.5, 0)
    assert r.q_star == 0 and _within(r.chi1, r.chi1_error, mpmath.mpf("0.625"))


def test_exp_recommendation_is_not_critical():
    # exp: L(q) = sw^2 e^{2q}; chi1 = 1 at q* = 1 needs sw = 1/e, where L'(1) = 2: not attracting.
    r = vgtheory.recommend_init("exp(z)")
    assert r.method == "variance-preserving" and not r.attracting
    assert abs(r.sigma_w - math.exp(-1)) < 1e-6


def test_huge_sigma_w_tanh_chi1_asymptotics():
    # q* ~ sw^2 and D(q) ~ (int sech^4)/sqrt(2 pi q) = (4/3)/sqrt(2 pi q): chi1 ~ sw (4/3)/sqrt(2 pi).
    r = vgtheory.signal("tanh", "1e300", 0)
    want = mpmath.mpf(4) / 3 / mpmath.sqrt(2 * mpmath.pi) * mpmath.mpf(10) ** 300
    assert abs(mpmath.mpf(r.chi1) / want - 1) < 1e-6


# -- clear errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("gradient", "tanh", "--w", "1,,2"),
    ("gradient", "tanh", "--w", "1", "--x", "0x10"),
    ("gradient", "log(z)", "--w", "1", "--x", "-1"),
    ("signal", "tanh", "--sigma-w", "1", "--timeout", "nan"),
    ("signal", "tanh", "--critical", "--sigma-w", "1"),
    ("init", "tanh", "--q", "-1"),
    ("plot", "tanh", "-o", "x.png", "--phase", "--phase-grid", "1"),
])
def test_bad_input_one_line_exit_2(args):
    r = cli(*args, seconds=60)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0
    assert r.stderr.startswith("vgtheory: error:")


def test_callable_arctan_numeric_properties_hold():
    # atan: bounded by pi/2, z/(1+z^2) -> 0, limit pi/2 > 0, atan(z)/z -> 1: all four hold.
    r = vgtheory.check(lambda z: mpmath.atan(z), theorems=False, signal=False)
    p = r.properties
    assert [getattr(p, k).verdict for k in ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin")] \
        == ["holds"] * 4


def _critical_reference(sb, q0, guess):
    """sigma_w with chi1 = 1 at the tanh fixed point reached from q0, in float64: Gauss-Hermite moments
    (200 nodes: tanh is entire near the real axis, so far below the 1e-8 asked) and Brent roots."""
    import numpy as np
    from scipy.optimize import brentq

    x, wts = np.polynomial.hermite_e.hermegauss(200)
    wts = wts / math.sqrt(2 * math.pi)

    def V(q):
        return float(np.sum(wts * np.tanh(math.sqrt(q) * x) ** 2))

    def D(q):
        return float(np.sum(wts / np.cosh(math.sqrt(q) * x) ** 4))

    def q_star(w):
        q = q0
        for _ in range(60):
            q = w**2 * V(q) + sb**2
        return brentq(lambda p: w**2 * V(p) + sb**2 - p, q / 2, 2 * q + 1e-12, xtol=1e-15)

    return brentq(lambda w: w**2 * D(q_star(w)) - 1, guess - 0.05, guess + 0.05, xtol=1e-14)


@pytest.mark.slow
def test_scaled_tanh_critical_is_tanh_critical_at_reduced_bias():
    # Theorem S' (docs/signal.md): sigma_s at sigma_b from q0 is sigma at sigma_b/s from q0/s^2.
    want = _critical_reference(0.03, 0.01, 1.087)
    c = vgtheory.critical_init("tanh", 0.3, s=10)
    assert abs(mpmath.mpf(c.sigma_w) - want) < 1e-9


def test_recommend_tanh_with_bias_is_critical():
    want = _critical_reference(0.1, 1.0, 1.19)
    r = vgtheory.recommend_init("tanh", sigma_b=0.1)
    assert r.method == "critical" and abs(r.sigma_w - float(want)) < 1e-8
