"""Held-out tests of red team R27b (numbers and robustness): gradient digits, exact inputs, kinks,
signal numbers on piecewise activations, Theorem 2 numbers.  Every truth is derived here (exact
Fractions, closed forms, or mpmath at two precisions), never copied from the package's output."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import mpmath as mp
import pytest
import sympy as sp

import vgtheory

from oracles import gradient_matches
from vgtheory.errors import VGTheoryError
from vgtheory.theorems.theorem2 import theorem2

pytestmark = pytest.mark.slow


def _chain(sig, dsig, w, x):
    """Product-form chain rule: all df/dw_j (own implementation)."""
    zs, ts = [x], []
    for wk in w:
        t = wk * zs[-1]
        ts.append(t)
        zs.append(sig(t))
    out, suf = [None] * len(w), 1
    for j in range(len(w) - 1, -1, -1):
        out[j] = zs[j] * dsig(ts[j]) * suf
        suf = suf * w[j] * dsig(ts[j])
    return zs[-1], out


def _mp_truth(sig, dsig, w, x, dps):
    with mp.workdps(dps):
        return _chain(sig, dsig, [w_(v) for v in w], w_(x))


def w_(v):
    if isinstance(v, float):
        return mp.mpf(v)  # a Python float is its binary value
    r = sp.Rational(v)
    return mp.mpf(r.p) / r.q


def _agree(got, truth, digits):
    with mp.workdps(digits + 20):
        g = mp.mpf(got)
        t = mp.mpf(truth.numerator) / truth.denominator if isinstance(truth, Fraction) else mp.mpf(truth)
        return abs(g - t) <= abs(t) * mp.mpf(10) ** (-(digits - 1))


def _check_mp(expr, sig, dsig, w, x, dps=50):
    return gradient_matches(expr, sig, dsig, w, x, dps, (2 * dps + 40, 3 * dps + 80))


def test_tanh_depth5_50_digits():
    _check_mp("tanh(z)", mp.tanh, lambda t: mp.sech(t) ** 2, [2] * 5, 1)


def test_atan_python_floats_read_as_binary():
    _check_mp("atan(z)", mp.atan, lambda t: 1 / (1 + t * t), [1.1] * 6, 0.1)


def test_erf_depth30():
    _check_mp("erf(z)", mp.erf, lambda t: 2 / mp.sqrt(mp.pi) * mp.exp(-t * t), [0.9] * 30, 2)


def test_sin_chaotic_digits_earned():
    _check_mp("sin(z)", mp.sin, mp.cos, [3] * 30, "1/2")


def test_c1_piecewise_join_near_switch():
    T1 = lambda: mp.tanh(1)
    sig = lambda t: mp.tanh(t) if t < 1 else T1() + (t - 1) * (1 - T1() ** 2)
    dsig = lambda t: mp.sech(t) ** 2 if t < 1 else 1 - T1() ** 2
    _check_mp("Piecewise((tanh(z), z<1), (tanh(1)+(z-1)*(1-tanh(1)**2), True))", sig, dsig, [1, 1.5, 0.8], 1.0000001)


def _exact_chain(sig, dsig, w, x):
    return _chain(sig, dsig, [Fraction(v) for v in w], Fraction(x))


def test_softsign_exact_rational_chain():
    sig = lambda t: t / (1 + abs(t))
    dsig = lambda t: 1 / (1 + abs(t)) ** 2
    w, x = ["-3", "2", "-3/2", "7/10"], "3/10"
    f, truth = _exact_chain(sig, dsig, w, x)
    g = vgtheory.gradient("z/(1+Abs(z))", w, x=x, dps=40)
    assert g.digits >= 39
    for got, t in zip(g.df_dw, truth):
        assert _agree(got, t, g.digits)
    assert _agree(g.output, f, g.forward_digits)


def test_two_sided_rational_piecewise_exact():
    sig = lambda t: t / (1 + t) if t >= 0 else t / (1 - t)
    dsig = lambda t: 1 / (1 + t) ** 2 if t >= 0 else 1 / (1 - t) ** 2
    w, x = ["1/3", "-7/2", "5"], "-3/7"
    _, truth = _exact_chain(sig, dsig, w, x)
    g = vgtheory.gradient("Piecewise((z/(1+z), z>=0), (z/(1-z), True))", w, x=x, dps=40)
    for got, t in zip(g.df_dw, truth):
        assert _agree(got, t, g.digits)


def test_hardtanh_inside_all_slopes_one():
    # t: 1/6, 1/2, 1/10, -1/5 all inside (-1, 1): df/dw_j = z_{j-1} * prod_{k>j} w_k exactly
    w, x = [Fraction(1, 2), Fraction(3), Fraction(1, 5), Fraction(-2)], Fraction(1, 3)
    zs = [x]
    for wk in w:
        zs.append(wk * zs[-1])
    truth = []
    for j in range(4):
        p = zs[j]
        for k in range(j + 1, 4):
            p *= w[k]
        truth.append(p)
    g = vgtheory.gradient("Max(-1, Min(1, z))", [str(v) for v in w], x="1/3", dps=30)
    for got, t in zip(g.df_dw, truth):
        assert _agree(got, t, 29)


def test_fraction_and_sympy_rational_inputs_exact():
    truth = _mp_truth(mp.atan, lambda t: 1 / (1 + t * t), [2, "1/2"], "1/3", 80)[1]
    for x in (Fraction(1, 3), sp.Rational(1, 3)):
        g = vgtheory.gradient("atan(z)", [2, "1/2"], x=x, dps=30)
        for got, t in zip(g.df_dw, truth):
            assert _agree(got, t, 29)


def test_sympy_irrational_input():
    with mp.workdps(80):
        _, truth = _chain(mp.atan, lambda t: 1 / (1 + t * t), [mp.mpf(2), mp.mpf(1) / 2], mp.sqrt(2))
    g = vgtheory.gradient("atan(z)", [2, "1/2"], x=sp.sqrt(2), dps=30)
    for got, t in zip(g.df_dw, truth):
        assert _agree(got, t, 29)


def test_kink_reached_exactly_at_layer2_refused():
    # Piecewise((z/3, z<1), (z - 2/3, True)): t_1 = 9/2 -> z_1 = 23/6, t_2 = (6/23)(23/6) = 1, a kink (1/3 vs 1)
    with pytest.raises(VGTheoryError, match="does not exist"):
        vgtheory.gradient("Piecewise((z/3, z<1), (z - 2/3, True))", ["1", "6/23", "2"], x="9/2", dps=30)


def test_tiny_kink_exactly_hit_refused():
    # t_1 = (3/2)(2/3) = 1 on the kink of Abs(z-1)/10**30: slopes differ by 2e-30
    with pytest.raises(VGTheoryError, match="does not exist"):
        vgtheory.gradient("tanh(z)+Abs(z-1)/10**30", [1.5, 2, 0.5], x="2/3", dps=40)


def test_cli_decimal_reading_and_bad_input():
    r = subprocess.run([sys.executable, "-m", "vgtheory", "gradient", "atan(z)", "--w", "1.1,1.1,1.1", "--x", "0.1",
                        "--dps", "30", "--json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    import json
    d = json.loads(r.stdout)
    _, truth = _mp_truth(mp.atan, lambda t: 1 / (1 + t * t), ["11/10"] * 3, "1/10", 80)
    for got, t in zip(d["df_dw"], truth):
        assert _agree(got, t, 29)
    r = subprocess.run([sys.executable, "-m", "vgtheory", "gradient", "tanh", "--w", "nan", "--x", "1"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def _meanfield(phi, dphi, sw, sb, dps, kinks):
    with mp.workdps(dps):
        sw, sb = mp.mpf(sw), mp.mpf(sb)

        def E(f, q):
            g = lambda u: f(mp.sqrt(q) * u) * mp.exp(-u * u / 2) / mp.sqrt(2 * mp.pi)
            return mp.quad(g, sorted(set([-mp.inf] + [k / mp.sqrt(q) for k in kinks] + [mp.inf])))

        q = mp.findroot(lambda q: sw**2 * E(lambda t: phi(t) ** 2, q) + sb**2 - q, mp.mpf(1))
        return q, sw**2 * E(lambda t: dphi(t) ** 2, q)


@pytest.mark.parametrize("expr,phi,dphi,sw,sb,kinks", [
    ("z/(1+Abs(z))", lambda t: t / (1 + abs(t)), lambda t: 1 / (1 + abs(t)) ** 2, "2", "0.5", (0,)),
    ("Max(-1, Min(1, z))", lambda t: max(-1, min(1, t)), lambda t: 1 if abs(t) < 1 else 0, "1.5", "0.3", (-1, 1)),
])
def test_signal_piecewise_q_star_chi1(expr, phi, dphi, sw, sb, kinks):
    q1, c1 = _meanfield(phi, dphi, sw, sb, 30, kinks)
    q2, c2 = _meanfield(phi, dphi, sw, sb, 40, kinks)
    assert abs(q1 - q2) < 1e-25 and abs(c1 - c2) < 1e-25
    r = vgtheory.signal(expr, sigma_w=float(sw), sigma_b=float(sb))
    assert abs(float(r.q_star) - float(q2)) <= 10 * max(float(r.q_star_error), 1e-15) * max(1, float(q2))
    assert abs(float(r.chi1) - float(c2)) <= 10 * max(float(r.chi1_error), 1e-15) * max(1, float(c2))
    assert r.phase == ("chaotic" if c2 > 1 else "ordered")


def test_theorem2_tanh_aw_gt_1_numbers():
    depth = 3000
    r = theorem2("tanh", w=2, x="0.5", depth=depth, dps=20)
    with mp.workdps(40):
        zs = mp.findroot(lambda u: mp.tanh(2 * u) - u, mp.mpf("0.95"))
        rho = 2 * mp.sech(2 * zs) ** 2
        z, lp = mp.mpf(1) / 2, mp.log(mp.mpf(1) / 2 * mp.sech(1) ** 2)
        z = mp.tanh(1)
        for _ in range(2, depth + 1):
            t = 2 * z
            lp += mp.log(2 * mp.sech(t) ** 2)
            z = mp.tanh(t)
        assert _agree(r.z_star, zs, 15)
        assert _agree(r.rho, rho, 15)
        assert _agree(r.actual_df_dw1, mp.exp(lp), 15)
        # x = 1/2 < z*: the bound x sigma'(wx) rho^(l-1) is a lower bound and holds
        bound = mp.mpf(1) / 2 * mp.sech(1) ** 2 * rho ** (depth - 1)
        assert bound <= mp.exp(lp)
    assert r.regime == "aw>1"


def test_critical_sigma_w_hardtanh_sigma_b_02():
    # edge of chaos: q = sw^2 E[clip(sqrt(q) Z)^2] + sb^2 and sw^2 P(|sqrt(q) Z| < 1) = sw^2 erf(1/sqrt(2q)) = 1
    def solve(dps):
        with mp.workdps(dps):
            sb2 = mp.mpf("0.04")

            def F(sw, q):
                r = mp.sqrt(q)
                e2 = mp.quad(lambda u: min(1, (r * u) ** 2) * mp.npdf(u), [-mp.inf, -1 / r, 1 / r, mp.inf])
                return [sw**2 * e2 + sb2 - q, sw**2 * mp.erf(1 / mp.sqrt(2 * q)) - 1]
            return mp.findroot(F, (mp.mpf("1.07"), mp.mpf("0.42")))
    a, b = solve(30), solve(40)
    assert abs(a[0] - b[0]) < 1e-25
    r = vgtheory.critical_init("Max(-1, Min(1, z))", sigma_b="0.2")
    assert abs(float(r.sigma_w) - float(b[0])) < 1e-9
    assert abs(float(r.q_star) - float(b[1])) < 1e-9


def test_saturated_layer_exponent_and_mantissa():
    # tanh, w = (1e300, 1/2), x = 1.7: df/dw_1 = x sech^2(1.7e300) * (1/2) sech^2(tanh(1.7e300)/2), about 10^(-1.4766e300)
    r = subprocess.run([sys.executable, "-m", "vgtheory", "gradient", "tanh", "--w", "1e300,0.5", "--x", "1.7", "--dps", "20"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if line.split()[:1] == ["1"])
    mant, exp = row.split()[1].split("e")
    for dps in (360, 420):
        with mp.workdps(dps):
            t = mp.mpf(10) ** 300 * mp.mpf("1.7")
            l10 = (mp.log10(mp.mpf("1.7")) + 2 * mp.log10(2) - 2 * t / mp.log(10)
                   + mp.log10(mp.sech(mp.tanh(t) / 2) ** 2 / 2))
            e = mp.floor(l10)
            assert int(exp) == int(e)
            assert abs(float(mant) - float(10 ** (l10 - e))) < 1e-9


# ---- findings (fail today) ----

def test_numpy_scalar_inputs_read_as_numbers():
    np = pytest.importorskip("numpy")
    with mp.workdps(60):
        truth = 3 * mp.sech(6) ** 2  # df/dw_1 of tanh at depth 1, w = 2, x = 3
    g = vgtheory.gradient("tanh", [2], x=np.int64(3), dps=30)
    assert _agree(g.df_dw[0], truth, 29)
    g = vgtheory.gradient("tanh", np.array([2.0]), x=3, dps=30)
    assert _agree(g.df_dw[0], truth, 29)


def test_theorem2_aw_eq_1_within_documented_limits():
    # depth 1,250 at 4,000 digits is within theorem2's limits (depth <= 100,000, depth x dps <= 5,000,000);
    # the aw = 1 branch refuses it because it also runs depth 2l, a depth the caller never asked for.
    r = theorem2("tanh", w=1, x="1/2", depth=1250, dps=4000)
    assert r.regime == "aw=1"
    with mp.workdps(60):
        z, lp = mp.mpf(1) / 2, mp.log(mp.mpf(1) / 2 * mp.sech(mp.mpf(1) / 2) ** 2)
        z = mp.tanh(z)
        for _ in range(2, 1251):
            lp += 2 * mp.log(mp.sech(z))
            z = mp.tanh(z)
        assert _agree(r.actual_df_dw1, mp.exp(lp), 40)


def test_exact_sympy_input_on_kink_refused_like_rational():
    # t_1 = (sqrt(2)/4) * sqrt(2) = 1/2 exactly, the kink of Max(0, z - 1/2): df/dw_1 does not exist
    # (slopes sech^2(1/2) and sech^2(1/2) + 1), exactly as with w_1 = 1, x = 1/2, which is refused in one line.
    with pytest.raises(VGTheoryError, match="does not exist"):
        vgtheory.gradient("tanh(z)+Max(0, z-1/2)", [sp.sqrt(2) / 4, 2], x=sp.sqrt(2), dps=30)


def test_exact_irrational_input_at_zero_slope_keeps_loss_and_later_partials():
    # sigma = z exp(-z^2), sigma'(t) = (1 - 2t^2) exp(-t^2) = 0 exactly at t_1 = sqrt(2)/2: df/dw_1 = 0 exactly;
    # f, the loss (y = 1) and df/dw_2, df/dw_3 are well conditioned (no kink, t_2, t_3 far from zeros of sigma').
    with mp.workdps(80):
        s = lambda t: t * mp.exp(-t * t)
        ds = lambda t: (1 - 2 * t * t) * mp.exp(-t * t)
        X = mp.sqrt(2) / 2
        z1 = s(X); t2 = 3 * z1; z2 = s(t2); t3 = 2 * z2; f = s(t3)
        loss = (f - 1) ** 2 / 2
        d2, d3 = z1 * ds(t2) * 2 * ds(t3), z2 * ds(t3)
    g = vgtheory.gradient("z*exp(-z**2)", [1, 3, 2], x=sp.sqrt(2) / 2, y=1, dps=30)
    assert _agree(g.output, f, 29)  # passes today
    assert g.loss_digits >= 29 and _agree(g.loss, loss, 29)
    assert g.digits >= 29 and _agree(g.df_dw[1], d2, 29) and _agree(g.df_dw[2], d3, 29)
    assert abs(g.df_dw[0]) < mp.mpf(10) ** -29
