"""Held-out tests of red team R28b (numbers and robustness, against dc0da8d): gradient digits near switches
(kinks and C^1 switches, rational and transcendental), exact chains in Fractions, signal numbers on piecewise
activations, Theorem 2 numbers, CLI input reading.  Every truth is derived here (exact Fractions, closed forms,
or mpmath at two precisions), never copied from the package's output.  The xfail tests are R28b's findings
(see CHANGELOG once recorded)."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction as F

import mpmath as mp
import pytest
import sympy as sp

import vgtheory
from vgtheory.theorems.theorem2 import theorem2

from oracles import agrees, gradient_matches, product_chain

pytestmark = pytest.mark.slow

QUAD = "Piecewise((z - z**2/4, z<2),(1,True))"  # C^1 switch at 2 (sigma'(2-) = sigma'(2+) = 0) to a constant


def _rd(v):
    r = sp.Rational(v)
    return mp.mpf(r.p) / r.q


def _check(expr, sig, dsig, w, x, dps=30):
    """The package's partials agree with mpmath at two high precisions to every digit claimed (>= dps - 1)."""
    return gradient_matches(expr, sig, dsig, w, x, dps, (3 * dps + 100, 5 * dps + 150))


# --- the quadratic C^1 switch: exact closed form z_k = 1 - 2^(-2^k), sigma'(t_k) = 2^(-2^(k-1)) -------------

def _quad_exact(depth):
    """Exact Fractions for QUAD with w_k = 2, x = 1/2 (own chain rule; no rounding)."""
    def sig(t):
        return t - t * t / 4 if t < 2 else F(1)

    def dsig(t):
        return 1 - t / 2 if t < 2 else F(0)
    return product_chain(sig, dsig, [F(2)] * depth, F(1, 2))


@pytest.mark.parametrize("depth", [6, 8])
def test_quad_c1_switch_exact_chain_right(depth):
    f, exact = _quad_exact(depth)
    assert exact[0] == F(1, 2 ** (2 ** depth - depth + 1))  # 2^(l - 1 - 2^l), closed form
    g = vgtheory.gradient(QUAD, [2] * depth, x=0.5, dps=30)
    assert g.digits >= 29
    for got, t in zip(g.df_dw, exact):
        assert t > 0 and agrees(got, t, g.digits)


def test_quad_c1_switch_beyond_exact_bits_no_false_zero():
    depth = 15
    _, exact = _quad_exact(depth)
    assert exact[-1] == F(2 ** 16384 - 1, 2 ** 32768)  # z_14 * sigma'(t_15) = (1 - 2^-16384) 2^-16384 > 0
    g = vgtheory.gradient(QUAD, [2] * depth, x=0.5, dps=30)
    # Either no digit claimed, or the claimed digits are right (none of the partials is 0).
    assert g.digits == 0 or all(agrees(got, t, g.digits) for got, t in zip(g.df_dw, exact))


def test_quad_kink_not_reached_not_refused_as_on_kink():
    # the same chain with a kink at 2 on the right: every t_k = 2 - 2^(1 - 2^(k-1)) < 2 stays left of it
    depth = 15
    _, exact = _quad_exact(depth)
    try:
        g = vgtheory.gradient("Piecewise((z - z**2/4, z<2),(1+(z-2)/10,True))", [2] * depth, x=0.5, dps=30)
    except vgtheory.VGTheoryError as e:
        assert "kink" not in str(e), str(e)  # no input lies on the kink: df/dw_j exists
        return
    assert g.digits == 0 or all(agrees(got, t, g.digits) for got, t in zip(g.df_dw, exact))


def test_plot_depth_profile_no_false_zero():
    from vgtheory.render.plotting import depth_profile
    p = depth_profile(QUAD, depth_max=10, w=2, x=0.5, predict=False)
    for l in (8, 9, 10):
        _, exact = _quad_exact(l)
        assert agrees(p.df_dw1[l - 1], exact[0], 6)


def test_plot_depth_profile_sin_near_zero_of_slope():
    from vgtheory.render.plotting import depth_profile
    with mp.workdps(100):
        w = mp.nstr(mp.pi / 2, 40)
    p = depth_profile("sin(z)", depth_max=3, w=w, x=1, predict=False)
    with mp.workdps(200):
        W = _rd(w)
        truth = [mp.cos(W)]  # depth 1: x cos(w x), x = 1
        z = mp.sin(W)
        for _ in range(2):
            truth.append(truth[-1] * W * mp.cos(W * z))
            z = mp.sin(W * z)
    for got, t in zip(p.df_dw1, truth):
        assert abs(abs(mp.mpf(got)) / abs(t) - 1) < 1e-5  # six digits of the magnitude drawn


# --- near a kink / a switch at an irrational point ----------------------------------------------------------

def _sqrt2_kink():
    s2 = lambda: mp.sqrt(2)  # noqa: E731
    return (lambda t: mp.tanh(t) + max(0, t - s2()),
            lambda t: mp.sech(t) ** 2 + (1 if t > s2() else 0))


@pytest.mark.parametrize("last", ["6", "7"])
def test_kink_at_sqrt2_input_within_1e75(last):
    # x = sqrt(2) truncated to 75 digits (below), or one unit of the last digit above it.
    with mp.workdps(120):
        s = mp.nstr(mp.sqrt(2), 75)
    assert s.endswith("6")
    x = s[:-1] + last
    sig, dsig = _sqrt2_kink()
    g = _check("tanh(z)+Max(0,z-sqrt(2))", sig, dsig, ["1", "0.7", "1.3"], x)
    with mp.workdps(150):
        above = _rd(x) > mp.sqrt(2)
        # the piece taken at layer 1 shows in df/dw_1: sech^2(x) (+1 on the right)
        assert (g.df_dw[0] > mp.mpf("0.6")) == above


def test_kink_at_layer2_within_1e70():
    sig, dsig = _sqrt2_kink()
    with mp.workdps(200):
        w2 = mp.nstr(mp.sqrt(2) / mp.tanh(1), 70)
    _check("tanh(z)+Max(0,z-sqrt(2))", sig, dsig, ["1", w2, "1.3"], "1")


def test_transcendental_c1_switch_left_by_2e_75():
    # t_2 = w_2 sin(1) lies 2.29e-75 left of pi/2: sigma'(t_2) = cos(t_2) ~ 2.29e-75, not the right piece's 0.
    with mp.workdps(200):
        w2 = mp.nstr(mp.pi / 2 / mp.sin(1), 75)
        gap = mp.pi / 2 - _rd(w2) * mp.sin(1)
        assert mp.mpf("1e-75") < gap < mp.mpf("1e-74")
    sig = lambda t: mp.sin(t) if t < mp.pi / 2 else mp.mpf(1)  # noqa: E731
    dsig = lambda t: mp.cos(t) if t < mp.pi / 2 else mp.mpf(0)  # noqa: E731
    g = _check("Piecewise((sin(z), z<pi/2),(1,True))", sig, dsig, ["1", w2, "1"], "1")
    assert 1e-76 < float(g.df_dw[1]) < 1e-74


# --- signal: piecewise activations with closed forms --------------------------------------------------------

def test_signal_relu_closed_form():
    # q = sw^2 q/2 + sb^2 -> q* = sb^2 / (1 - sw^2/2); chi1 = sw^2/2
    r = vgtheory.signal("Max(0,z)", sigma_w=1.2, sigma_b=0.5)
    q = F(1, 4) / (1 - F(36, 25) / 2)
    assert abs(float(r.q_star) - float(q)) < 1e-12 and abs(float(r.chi1) - 0.72) < 1e-12
    assert r.phase == "ordered"


def test_signal_abs_diverges_chaotic():
    # Abs: q_{k+1} = sw^2 q_k + sb^2 grows without bound for sw > 1; chi1 = sw^2 = 1.44
    r = vgtheory.signal("Abs(z)", sigma_w=1.2, sigma_b=0.5)
    assert abs(float(r.chi1) - 1.44) < 1e-12 and r.phase == "chaotic"
    assert r.q_star is None or not mp.isfinite(r.q_star) or "diverg" in str(r.to_dict()).lower()


def _meanfield(phi, dphi, bps, sw, sb, dps):
    with mp.workdps(dps):
        sw, sb = _rd(sw), _rd(sb)

        def E(f, q):
            s = mp.sqrt(q)
            return mp.quad(lambda u: f(s * u) * mp.npdf(u), [-mp.inf] + sorted(b / s for b in bps) + [mp.inf])
        q = mp.findroot(lambda q: sw ** 2 * E(lambda h: phi(h) ** 2, q) + sb ** 2 - q, mp.mpf("0.5"))
        return q, sw ** 2 * E(lambda h: dphi(h) ** 2, q)


@pytest.mark.parametrize("expr,phi,dphi,bps", [
    ("Piecewise((z/2, z<1),(z-1/2,True))", lambda h: h / 2 if h < 1 else h - mp.mpf(1) / 2,
     lambda h: mp.mpf(1) / 2 if h < 1 else mp.mpf(1), [1]),
    ("Min(1,Max(0,z))", lambda h: min(1, max(0, h)), lambda h: mp.mpf(1) if 0 < h < 1 else mp.mpf(0), [0, 1]),
    ("tanh(z)+Max(0,z-1)", lambda h: mp.tanh(h) + max(0, h - 1),
     lambda h: mp.sech(h) ** 2 + (1 if h > 1 else 0), [1]),
])
def test_signal_piecewise_quadrature(expr, phi, dphi, bps):
    q1, c1 = _meanfield(phi, dphi, bps, "1.2", "0.5", 30)
    q2, c2 = _meanfield(phi, dphi, bps, "1.2", "0.5", 45)
    assert abs(q1 - q2) < 1e-25 and abs(c1 - c2) < 1e-25
    r = vgtheory.signal(expr, sigma_w=1.2, sigma_b=0.5)
    assert abs(float(r.q_star) - float(q2)) < 1e-11 * max(1, float(q2))
    assert abs(float(r.chi1) - float(c2)) < 1e-11 * max(1, float(c2))
    assert r.phase == ("chaotic" if c2 > 1 else "ordered")


# --- Theorem 2 numbers ----------------------------------------------------------------------------------------

def test_theorem2_softsign_exact_fixed_point():
    # softsign at w = 3/2: z* = (w - 1)/w = 1/3, rho = w/(1 + w z*)^2 = 2/3; x = 1/3 lies on z*.
    r = theorem2("x/(1+Abs(x))", w="3/2", x="1/3", depth=10, dps=30)
    assert agrees(r.z_star, F(1, 3), 12) and agrees(r.rho, F(2, 3), 12)
    # on the fixed point every layer has z = 1/3, t = 1/2: df/dw_1 = x sigma'(1/2) (w sigma'(1/2))^(l-1)
    truth = F(1, 3) * F(4, 9) * (F(3, 2) * F(4, 9)) ** 9
    assert agrees(r.actual_df_dw1, truth, 12)
    assert agrees(r.s_threshold, F(1, 3) / F(1, 3) * F(3, 2) ** 10, 12)


@pytest.mark.parametrize("act,sig,dsig,w,x,depth,s,dps", [
    ("tanh(x)", mp.tanh, lambda t: mp.sech(t) ** 2, "1.5", "0.5", 1000, "1", 30),
    ("atan(x)", mp.atan, lambda t: 1 / (1 + t * t), "25/10", "0.1", 300, "1/3", 200),
    ("tanh(x)", mp.tanh, lambda t: mp.sech(t) ** 2, "4", "5", 200, "1e-3", 60),
])
def test_theorem2_aw_gt_1_numbers(act, sig, dsig, w, x, depth, s, dps):
    r = theorem2(act, w=w, x=x, depth=depth, s=s, dps=dps)
    for prec in (dps + 60, 2 * dps + 100):
        with mp.workdps(prec):
            W, X, S = _rd(w), _rd(x), _rd(s)
            zs = mp.findroot(lambda u: sig(W * u) - u, (mp.mpf("0.3"), mp.mpf(5)), solver="illinois")
            rho = W * dsig(W * zs)
            z, g = sig(W * X / S) * S, X * dsig(W * X / S)
            for _ in range(2, depth + 1):
                g *= W * dsig(W * z / S)
                z = S * sig(W * z / S)
            assert agrees(r.z_star, zs, 12) and agrees(r.rho, rho, 12)
            assert agrees(r.actual_df_dw1, g, 12)
            assert agrees(r.bound_df_dw1(depth), X * dsig(W * X / S) * rho ** (depth - 1), 12)
            assert agrees(r.s_limit_df_dw1(depth), W ** (depth - 1) * X, 12)


def test_theorem2_aw_lt_1_bound():
    r = theorem2("tanh(x)", w="0.9", x="2", depth=5000, dps=15)
    with mp.workdps(80):
        z, g = mp.tanh(mp.mpf("1.8")), 2 * mp.sech(mp.mpf("1.8")) ** 2
        for _ in range(2, 5001):
            g *= mp.mpf("0.9") * mp.sech(mp.mpf("0.9") * z) ** 2
            z = mp.tanh(mp.mpf("0.9") * z)
        assert agrees(r.actual_df_dw1, g, 12)
        assert agrees(r.bound_df_dw1(5000), 2 * mp.sech(mp.mpf("1.8")) ** 2 * mp.mpf("0.9") ** 4999, 12)
    assert r.regime == "aw<1"


# --- CLI reading -------------------------------------------------------------------------------------------

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "vgtheory", *args], capture_output=True, text=True, timeout=120)


def test_cli_fraction_with_negative_denominator_and_limits():
    r = _cli("gradient", "z/(1+Abs(z))", "--w", "2", "--x", "3/-4", "--dps", "20", "--json")
    assert r.returncode == 0
    import json
    d = json.loads(r.stdout)
    # t = -3/2: sigma'(t) = 1/(1 + 3/2)^2 = 4/25; df/dw = x sigma'(t) = -3/4 * 4/25 = -3/25
    assert agrees(d["df_dw"][0], F(-3, 25), 19)
    r = _cli("gradient", "tanh", "--w", "1", "--x", "1e301")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "1e300" in r.stderr


def test_cli_kink_reached_exactly_refused():
    # z/2 then z - 1/2: t_1 = 5.5, z_1 = 5, t_2 = 2.5, z_2 = 2, t_3 = 1: on the kink (slopes 1/2 and 1).
    r = _cli("gradient", "Piecewise((z/2, z<1),(z-1/2,True))", "--w", "1,0.5,0.5", "--x", "5.5")
    assert r.returncode == 2 and "kink" in r.stderr and "Traceback" not in r.stderr


def test_decimal_input_not_called_non_real():
    from decimal import Decimal
    try:
        g = vgtheory.gradient("z/(1+Abs(z))", [Decimal("2")], x=Decimal("0.75"), dps=20)
    except vgtheory.VGTheoryError as e:
        # Decimal('2') is a finite real number: a refusal must not say it is not one
        assert "finite real number" not in str(e), str(e)
        return
    # read exactly: t = 3/2, df/dw = x sigma'(t) = 3/4 * 4/25 = 3/25
    assert agrees(g.df_dw[0], F(3, 25), 19)
