"""Held-out cases of red team R18b (numbers and robustness) that vgtheory gets right, and one
test per finding R18b-1..13 asserting the truth or a sound refusal (all fixed in session 17).

Every expected value is derived here independently of the package: the chain rule's product form in
plain mpmath at far more digits than asked (tests/oracles.py), closed-form Gaussian moments
(x^2 e^(-x^2): E[u^(2k) e^(-2u^2)] = (2k-1)!! q^k / (1 + 4q)^(k + 1/2); erf(a u):
V = (2/pi) asin(2a^2 q / (1 + 2a^2 q)), D = (4a^2/pi) / sqrt(1 + 4a^2 q)), one-sided difference
quotients at two precisions, or an argument by construction stated beside the test.
"""

from __future__ import annotations

import math
import subprocess
import sys

import mpmath
import pytest

import vgtheory
from clirun import cli
from oracles import agreeing_digits, chain_partials
from vgtheory.errors import VGTheoryError

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow

M = mpmath


def _tanh(t):
    return M.tanh(t)


def _dtanh(t):
    # 4/(e^t + e^-t)^2: no cancellation at |t| ~ 1e300 (the exponent of e^(-2e300) is exact in mpmath)
    return 4 / (M.exp(t) + M.exp(-t)) ** 2


def _claimed_digits_hold(r, sigma, dsigma, w, x, y=0, ref_dps=1200):
    _, df, _ = chain_partials(sigma, dsigma, w, x, y, ref_dps)
    for got, want in zip(r.df_dw, df):
        assert agreeing_digits(got, want, dps=ref_dps) >= r.digits
    return df


# ---------------------------------------------------------------- gradient: formulas, deep exponents


@pytest.mark.parametrize("w, x, y", [
    (["1e300", "-1e300", "1e300"], "1", "0"),       # saturated, cycling arguments: values ~1e-(2.6e300)
    (["3", "-2", "50", "0.5"], "0.3", "1"),          # one saturated layer in the middle
    (["1e5", "1e5"], "1e-5", "0"),                   # t_1 = 1 exactly in decimal, then sech^2(1e5 tanh 1)
])
def test_tanh_chain_digits_hold(w, x, y):
    r = vgtheory.gradient(vgtheory.activation("tanh"), w, x=x, y=y, dps=50)
    assert r.digits >= 20
    _claimed_digits_hold(r, _tanh, _dtanh, w, x, y)


def test_gaussian_derivative_chain():
    sig = lambda t: t * M.exp(-t * t)  # noqa: E731
    dsig = lambda t: (1 - 2 * t * t) * M.exp(-t * t)  # noqa: E731
    w = ["2", "3", "-1"]
    r = vgtheory.gradient(vgtheory.activation("x*exp(-x**2)"), w, x="0.7", dps=50)
    assert r.digits == 50
    _claimed_digits_hold(r, sig, dsig, w, "0.7")


# ---------------------------------------------------------------- gradient: callables, weight decay


def test_mpmath_callable_weight_decay_cancelling_45_digits():
    w, x, y = ["0.7", "1.3", "0.9"], "1", "3"
    with M.workdps(400):
        _, df, dl = chain_partials(_tanh, _dtanh, w, x, y, 400)
        lam = M.nstr(-dl[1] / M.mpf("1.3"), 45)       # cancels dloss/dw_2 to ~45 digits
        truth = [g + M.mpf(lam) * M.mpf(wj) for g, wj in zip(dl, w)]
        assert abs(truth[1]) < M.mpf(10) ** -40
    r = vgtheory.gradient(vgtheory.activation(lambda t: M.tanh(t)), w, x=x, y=y, lam=lam, dps=30)
    assert r.regularized_digits >= 1
    for got, want in zip(r.regularized_dw, truth):
        assert agreeing_digits(got, want, dps=400) >= r.regularized_digits


def test_float64_and_torch_callables_claim_only_true_digits():
    torch = pytest.importorskip("torch")
    w, x = ["3", "-2", "0.5"], "0.7"
    soft = lambda t: t / (1 + abs(t))  # noqa: E731
    dsoft = lambda t: 1 / (1 + abs(t)) ** 2  # noqa: E731
    r = vgtheory.gradient(vgtheory.activation(torch.nn.Softsign()), w, x=x)
    assert r.digits >= 5  # from differences of the module's values (session 26: autograd is not the forward's slope)
    _claimed_digits_hold(r, soft, dsoft, w, x)
    r = vgtheory.gradient(vgtheory.activation(math.tanh), [10, 10], x=1.0)
    _claimed_digits_hold(r, _tanh, _dtanh, [10, 10], 1.0)
    # sech^2(20 tanh 20) ~ 1e-17 and below: float64 differences see 0; no digit may be claimed of a 0
    r = vgtheory.gradient(vgtheory.activation(math.tanh), [20, 20, 20], x=1.0)
    _, df, _ = chain_partials(_tanh, _dtanh, [20, 20, 20], 1.0, 0, 200)
    for got, want in zip(r.df_dw, df):
        assert r.digits == 0 or agreeing_digits(got, want) >= r.digits


@pytest.mark.parametrize("fn, dfn, w", [
    (lambda t: M.tanh(t), _dtanh, ["2"] * 2000),
    (lambda t: M.erf(t), lambda t: 2 / M.sqrt(M.pi) * M.exp(-t * t), ["3"] * 300),
])
def test_deep_mpmath_callable_chains(fn, dfn, w):
    r = vgtheory.gradient(vgtheory.activation(fn), w, x="1", dps=30)
    assert r.digits == 30
    _claimed_digits_hold(r, fn, dfn, w, "1", ref_dps=500)


# ---------------------------------------------------------------- gradient: kinks at later layers


def test_callable_kink_at_layer_two_is_refused():
    # abs(t - 1) + t/4: t_1 = 4, z_1 = 3 + 1 = 4, t_2 = 0.25 * 4 = 1 exactly on the kink; slopes -3/4, 5/4,
    # so df/dw_2 = z_1 sigma'(1+-) = -3 or 5: does not exist.
    with pytest.raises(VGTheoryError, match="does not exist"):
        vgtheory.gradient(vgtheory.activation(lambda t: abs(t - 1) + t / 4), ["1", "0.25"], x="4")


def test_formula_kink_at_layer_two_is_refused():
    # |z - 1| + tanh z at w = (0, 1), x = 1: t_1 = 0, z_1 = 1, t_2 = 1 on the kink: df/dw_2 = sech^2(1) -+ 1
    r = cli("gradient", "Abs(z-1)+tanh(z)", "--w", "0,1", "--x", "1")
    assert r.returncode == 2 and "df/dw_2 does not exist" in r.stderr


def test_scaled_kink_is_refused():
    # 3 sigma(u/3) with sigma = |z - 1| + tanh z, t_1 = 3: t_1/s = 1 on the kink
    r = cli("gradient", "Abs(z-1)+tanh(z)", "--s", "3", "--w", "1", "--x", "3")
    assert r.returncode == 2 and "does not exist" in r.stderr


# ---------------------------------------------------------------- signal: closed forms


def _x2_gauss(q):
    # sigma = u^2 e^(-u^2): V = E[u^4 e^(-2u^2)] = 3q^2/(1+4q)^(5/2);
    # sigma' = (2u - 2u^3) e^(-u^2): D = 4(q/(1+4q)^(3/2) - 6q^2/(1+4q)^(5/2) + 15q^3/(1+4q)^(7/2))
    V = 3 * q**2 / (1 + 4 * q) ** M.mpf(2.5)
    D = 4 * (q / (1 + 4 * q) ** M.mpf(1.5) - 6 * q**2 / (1 + 4 * q) ** M.mpf(2.5) + 15 * q**3 / (1 + 4 * q) ** M.mpf(3.5))
    return V, D


def _x2_gauss_fixed_points(sw, sb):
    with M.workdps(40):
        L = lambda q: sw**2 * _x2_gauss(q)[0] + sb**2  # noqa: E731
        grid = [M.mpf(10) ** (k / M.mpf(50)) for k in range(-400, 300)]
        roots = [M.findroot(lambda q: L(q) - q, (a, b), solver="anderson")
                 for a, b in zip(grid, grid[1:]) if (L(a) - a) * (L(b) - b) < 0]
        return roots, L


@pytest.mark.parametrize("q0, which", [("1", 2), ("0.0408007555", 2), ("0.0408007554", 0)])
def test_signal_picks_the_fixed_point_its_orbit_reaches(q0, which):
    # three fixed points at sigma_w = 3, sigma_b = 0.1: 0.01575 (stable), 0.04080 (unstable), 0.4114 (stable);
    # an orbit from just above / below the unstable one goes up / down.
    sw, sb = M.mpf(3), M.mpf("0.1")
    roots, L = _x2_gauss_fixed_points(sw, sb)
    assert len(roots) == 3 and M.mpf("0.0408007554") < roots[1] < M.mpf("0.0408007555")
    r = vgtheory.signal("x**2*exp(-x**2)", 3, "0.1", q0=q0)
    q = roots[which]
    assert abs(r.q_star - q) <= max(1e-10 * q, 10 * r.q_star_error)
    chi = sw**2 * _x2_gauss(q)[1]
    assert abs(r.chi1 - chi) <= 1e-9 * chi
    assert r.phase == ("chaotic" if chi > 1 else "ordered")


def test_no_critical_sigma_w_where_the_only_candidate_is_unstable():
    # chi1 = 1 at a fixed point q: sigma_w^2 = (q - sb^2)/V(q) and q - sb^2 - V/D = 0. At sigma_b = 0.1 the only
    # root in [1e-6, 1e8] is q_c = 0.05171, where L'(q_c) = 1.27 > 1 (unstable): no orbit from q0 = 1 reaches it.
    sb = M.mpf("0.1")
    with M.workdps(30):
        F = lambda q: q - sb**2 - _x2_gauss(q)[0] / _x2_gauss(q)[1]  # noqa: E731
        grid = [M.mpf(10) ** (k / M.mpf(100)) for k in range(-600, 800)]
        roots = [M.findroot(F, (a, b), solver="anderson") for a, b in zip(grid, grid[1:]) if F(a) * F(b) < 0]
        assert len(roots) == 1
        qc = roots[0]
        sw = M.sqrt((qc - sb**2) / _x2_gauss(qc)[0])
        assert M.diff(lambda q: sw**2 * _x2_gauss(q)[0], qc) > 1
    r = cli("signal", "x**2*exp(-x**2)", "--critical", "--sigma-b", "0.1", seconds=60)
    assert r.returncode == 2 and "no sigma_w with chi1 = 1" in r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("a, sw, sb", [("1e4", "1.5", "0.3"), ("1e-4", "2e4", "0")])
def test_signal_of_narrow_and_wide_erf(a, sw, sb):
    with M.workdps(40):
        av, swv, sbv = M.mpf(a), M.mpf(sw), M.mpf(sb)
        V = lambda q: 2 / M.pi * M.asin(2 * av**2 * q / (1 + 2 * av**2 * q))  # noqa: E731
        D = lambda q: 4 * av**2 / M.pi / M.sqrt(1 + 4 * av**2 * q)  # noqa: E731
        L = lambda q: swv**2 * V(q) + sbv**2  # noqa: E731
        q = M.mpf(1)
        for _ in range(200):
            q = L(q)
        q = M.findroot(lambda p: L(p) - p, q)
        chi = swv**2 * D(q)
    expr = f"erf({a.replace('1e4', '10**4').replace('1e-4', '1/10**4')}*x)"
    r = vgtheory.signal(expr, sw, sb)
    assert abs(r.q_star - q) <= max(1e-10 * q, 10 * r.q_star_error)
    assert abs(r.chi1 - chi) <= 1e-9 * chi


def test_signal_tiny_scale_is_exactly_scaled():
    # s = 1e-200: sigma_s's chi1 is tanh's at sigma_b / s = 1e199, q = p ~ 1e398: E[sech^4(sqrt(p) Z)] =
    # (4/3)/sqrt(2 pi p) (1 + O(1/p)), so chi1 = 2.25 (4/3) / sqrt(2 pi) / 1e199 to ~398 digits; q*_s = s^2 p ~ 0.01
    r = vgtheory.signal("tanh", "1.5", "0.1", s="1e-200")
    chi = 3 / M.sqrt(2 * M.pi) * M.mpf(10) ** -199
    assert abs(M.mpf(r.chi1) - chi) <= 1e-9 * chi
    assert abs(r.q_star - 0.01) <= 1e-12
    assert r.phase == "ordered"


# ---------------------------------------------------------------- findings (fixed in session 17 unless marked xfail)

_R1 = "Max(0,z)**(1/2) - (z+1)/2 + (z-1)**2"


def _r1_sigma(z):
    return M.sqrt(max(z, 0)) - (z + 1) / 2 + (z - 1) ** 2


def _one_sided(f, at, dps):
    with M.workdps(dps):
        h = M.mpf(10) ** -(dps // 3)
        return (f(at + h) - f(at)) / h, (f(at) - f(at - h)) / h


# R18b-1: fixed in session 17 (failed at 1940088)
def test_r18b_1_zero_slope_times_unbounded_slope_is_not_zero():
    # sigma(1) = sigma'(1) = 0 (double zero, sigma(1+e) = 7e^2/8), then t_2 = 7e^2/8 >= 0 meets sqrt at 0+:
    # f(1+e) = 1/2 + sqrt(7/8)|e|: one-sided partials +-sqrt(7/8), df/dw_1 does not exist.
    for dps in (60, 120):
        right, left = _one_sided(lambda w1: _r1_sigma(_r1_sigma(w1)), M.mpf(1), dps)
        assert abs(right - M.sqrt(M.mpf(7) / 8)) < 1e-9 and abs(left + M.sqrt(M.mpf(7) / 8)) < 1e-9
    with pytest.raises(VGTheoryError, match="does not exist|not determined"):  # never a number
        vgtheory.gradient(vgtheory.activation(_R1), ["1", "1"], x="1")


# R18b-1: fixed in session 17 (failed at 1940088)
def test_r18b_1_unbounded_slope_then_zero_slope_is_not_zero():
    # w = (0, 2), x = 1: right partial 7/2, left partial 0 (f = sigma(2 sigma(w_1)))
    right, left = _one_sided(lambda w1: _r1_sigma(2 * _r1_sigma(w1)), M.mpf(0), 90)
    assert abs(right - M.mpf(7) / 2) < 1e-9 and abs(left) < 1e-9
    with pytest.raises(VGTheoryError, match="does not exist|not determined"):  # never a number
        vgtheory.gradient(vgtheory.activation(_R1), ["0", "2"], x="1")


# R18b-2: fixed in session 17 (failed at 1940088)
def test_r18b_2_exact_kink_at_layer_two_of_abs_is_refused_clearly():
    # t_1 = 2, z_1 = 1, t_2 = 1 on the kink of |z - 1|: df/dw_2 = +-1 does not exist; x = 2 is the user's input
    r = cli("gradient", "Abs(z-1)", "--w", "1,1", "--x", "2")
    assert "x = undetermined" not in r.stdout
    assert r.returncode == 2 and "does not exist" in r.stderr and "layer 2" in r.stderr


# R18b-3: fixed in session 17 (failed at 1940088)
def test_r18b_3_latex_of_sqrt_relu_is_no_internal_error(tmp_path):
    r = cli("latex", "Max(0,z)**(1/2)", "--depth", "1", "-o", str(tmp_path / "d.tex"))
    assert "internal error" not in r.stderr and r.returncode in (0, 2)


# R18b-4: fixed in session 17 (failed at 1940088)
def test_r18b_4_latex_of_heaviside_is_no_internal_error(tmp_path):
    r = cli("latex", "Heaviside(z)", "--depth", "1", "-o", str(tmp_path / "h.tex"))
    assert "internal error" not in r.stderr and r.returncode in (0, 2)


# R18b-5: fixed in session 17 (failed at 1940088)
def test_r18b_5_scaled_exact_double_zero_is_computed():
    # 2 sigma(u/2) at t = 2: sigma(1) = 0 and sigma'(1) = 0 exactly, smooth there: f = 0, df/dw_1 = x sigma'(1) = 0
    with M.workdps(50):
        assert _r1_sigma(M.mpf(1)) == 0
    r = vgtheory.gradient(vgtheory.activation(_R1).scaled(2), ["2"], x="1")
    assert r.df_dw[0] == 0 and r.z[-1] == 0


# R18b-6: fixed in session 17 (failed at 1940088)
def test_r18b_6_jump_into_a_flat_piece_has_zero_partial():
    # sigma = max(-3, z) + H(z) + 1 is -2 on z < -3. For |w_1| < 0.7, z_1 = sigma(w_1) in (0.3, 2.7), so
    # t_2 = -10 z_1 < -3 and f = -2: constant in w_1, df/dw_1 = 0 (and df/dw_2 = 0).
    sig = lambda z: max(-3, z) + (1 if z > 0 else (0.5 if z == 0 else 0)) + 1  # noqa: E731
    assert all(sig(-10 * sig(w1)) == -2 for w1 in (-0.6, -0.1, -1e-9, 0, 1e-9, 0.1, 0.6))
    try:
        r = vgtheory.gradient(vgtheory.activation("Max(-3,z)+Heaviside(z)+1"), ["0", "-10"], x="1")
    except VGTheoryError as exc:  # a refusal must not say the partial does not exist
        assert "not determined" in str(exc) and "does not exist" not in str(exc)
        return
    assert list(r.df_dw) == [0, 0]


# R18b-7: fixed in session 17 (failed at 1940088)
def test_r18b_7_far_gaussian_bump_does_not_kill_the_interpreter():
    # sigma is smooth and bounded (sup ~ 2^40 at the bump). `vgtheory check` on it dies with SIGFPE (rc 136) in
    # Theorem 1's tanh_form step; that step alone (L = 1, sigma'(0) from sympy) crashes the same way in ~1 s.
    code = ("import sympy as sp, vgtheory\n"
            "from vgtheory.theorems.hypotheses import tanh_form\n"
            "a = vgtheory.activation('tanh(x) + x*exp(-(x-2**40)**2)')\n"
            "print('form', tanh_form(a, sp.Integer(1), None))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=100)
    # the truth: sigma - tanh = x e^(-(x - 2^40)^2) is not identically 0, so sigma has no tanh form
    assert p.returncode == 0 and "form None" in p.stdout


# R18b-8: fixed in session 17 (failed at 1940088)
def test_r18b_8_logarithmically_converging_slope_is_not_unbounded():
    # sigma = tanh z + (z/log(z/2) for z > 0, else 0): (sigma(h) - sigma(0))/h = tanh(h)/h + 1/log(h/2) -> 1 from
    # the right (slowly), tanh(h)/h -> 1 from the left: sigma'(0) = 1, so df/dw_1 = x sigma'(0) = 1 at w = 0, x = 1.
    s = lambda z: M.tanh(z) + (z / M.log(z / 2) if z > 0 else 0)  # noqa: E731
    with M.workdps(60):
        h = M.mpf(10) ** -100000
        assert abs((s(h) - s(0)) / h - 1) < 1e-5 and abs((s(0) - s(-h)) / h - 1) < 1e-5
    try:
        r = vgtheory.gradient(vgtheory.activation("tanh(z) + Piecewise((z/log(z/2), z > 0), (0, True))"), ["0"], x="1")
    except VGTheoryError as exc:  # not resolved at these distances: a refusal is right, "unbounded" is not
        assert "unbounded" not in str(exc) and "does not exist" not in str(exc)
        return
    assert abs(r.df_dw[0] - 1) < 1e-6


# R18b-9: fixed in session 17 (failed at 1940088)
def test_r18b_9_numeric_g_sees_the_peak_of_a_slow_oscillation():
    # h(t) = t sigma'(t) for sigma = tanh t + sin(t) e^(-t^2/10^4)/10 has a critical point near t = 72.24 where
    # |h| = 4.28727...; g(5) = sup_{t >= 5} |h| is at least that.
    from vgtheory.theorems.gsup import g_sup

    def h(t):
        e = M.exp(-t * t / 10**4)
        return t * (M.sech(t) ** 2 + (M.cos(t) * e - M.sin(t) * 2 * t / 10**4 * e) / 10)

    with M.workdps(30):
        t0 = M.findroot(lambda t: M.diff(h, t), M.mpf("72.24"))
        peak = abs(h(t0))
        assert 72 < t0 < 73 and peak > M.mpf("4.287")
    r = g_sup(vgtheory.activation("tanh(x) + sin(x)*exp(-x**2/10**4)/10"), 5, dps=30)
    assert r.value >= peak * (1 - M.mpf(10) ** -9)


# R18b-10: fixed in session 17 (failed at 1940088)
def test_r18b_10_scaled_label_reads_as_the_scaled_function():
    # s = 5/2: the label must read as (5/2) tanh(u/(5/2)); "u/5/2" parses as u/10
    import sympy as sp
    name = vgtheory.activation("tanh").scaled("2.5").name
    u = sp.Symbol("u")
    parsed = sp.sympify(name, locals={"u": u, "tanh": sp.tanh})
    assert sp.simplify(parsed - sp.Rational(5, 2) * sp.tanh(u / sp.Rational(5, 2))) == 0


# ---------------------------------------------------------------- more held-out correct cases


@pytest.mark.parametrize("sw, sb", [("1.3", "0"), ("0.7", "0.4")])
def test_signal_of_signed_two_thirds_power(sw, sb):
    # sigma = sign(u)|u|^(2/3): V = E|u|^(4/3) = c q^(2/3), c = 2^(2/3) Gamma(7/6)/sqrt(pi);
    # D = (4/9) E|u|^(-2/3) = (4/9) c2 q^(-1/3), c2 = 2^(-1/3) Gamma(1/6)/sqrt(pi) (integrable singular sigma')
    with M.workdps(30):
        c = 2 ** (M.mpf(2) / 3) * M.gamma(M.mpf(7) / 6) / M.sqrt(M.pi)
        c2 = 2 ** (-M.mpf(1) / 3) * M.gamma(M.mpf(1) / 6) / M.sqrt(M.pi)
        swv, sbv = M.mpf(sw), M.mpf(sb)
        L = lambda q: swv**2 * c * q ** (M.mpf(2) / 3) + sbv**2  # noqa: E731
        q = M.mpf(1)
        for _ in range(300):
            q = L(q)
        q = M.findroot(lambda p: L(p) - p, q)
        chi = swv**2 * M.mpf(4) / 9 * c2 * q ** (-M.mpf(1) / 3)
    r = vgtheory.signal("sign(x)*Abs(x)**(2/3)", sw, sb)
    assert abs(r.q_star - q) <= 1e-9 * q
    assert abs(r.chi1 - chi) <= 1e-9 * chi


@pytest.mark.slow
def test_signal_of_leaky_callable_with_kink_at_zero():
    # sigma = u (u > 0), u/2 (u <= 0): V = q (1 + 1/4)/2, D = (1 + 1/4)/2 = 5/8 at every q > 0 and at q = 0
    # (the mean of the squared one-sided slopes). sigma_w = 1.2: chi1 = 1.44 * 5/8 = 0.9; sigma_b = 0.5:
    # q* = 0.25 / (1 - 0.9) = 2.5; sigma_b = 0: q* = 0.
    f = lambda t: t if t > 0 else t / 2  # noqa: E731
    for sb, q in ((0, 0.0), (0.5, 2.5)):
        r = vgtheory.signal(f, 1.2, sb)
        assert abs(r.q_star - q) <= 1e-9 and abs(r.chi1 - 0.9) <= 1e-9 and r.phase == "ordered"


def test_relu_weight_decay_cancels_exactly():
    # relu, w = 2, x = 3, y = 10: f = 6, dloss/dw = (6 - 10) * 3 = -12, lam * w = 12: exactly 0
    r = vgtheory.gradient(vgtheory.activation("relu"), ["2"], x="3", y="10", lam="6")
    assert r.dloss_dw[0] == -12 and r.regularized_dw[0] == 0


def test_kinks_reached_at_later_layers_are_refused_with_true_one_sided_values():
    # |z| - 1 at w = (1, 1), x = 1: z_1 = 0, t_2 = 0 on the kink; df/dw_1 = x * 1 * w_2 * (+-1) = +-1
    r = cli("gradient", "Abs(z)-1", "--w", "1,1", "--x", "1")
    assert r.returncode == 2 and "df/dw_1 does not exist" in r.stderr
    # |z| + tanh z - 1 at w = (1, 1, 0), x = 1: t_3 = 0; sigma'(0-) = 0, sigma'(0+) = 2: right partial of w_3 = 2 z_2
    with M.workdps(40):
        s = lambda t: abs(t) + M.tanh(t) - 1  # noqa: E731
        right = M.nstr(2 * s(s(M.mpf(1))), 12)
    r = cli("gradient", "Abs(z)+tanh(z)-1", "--w", "1,1,0", "--x", "1")
    assert r.returncode == 2 and "df/dw_3 does not exist" in r.stderr and right in r.stderr


# R18b-11: fixed in session 17 (failed at 1940088)
def test_r18b_11_inputs_are_printed_as_given_when_f_is_undetermined():
    # sin(1e100 z) chained 60 times (~100 digits lost per layer, 6000 > 4000 allowed): no digit of f survives: x = 1 and y = 0 are still the inputs
    r = cli("gradient", "sin(z)", "--w", "1e100", "--depth", "60")
    assert r.returncode == 0
    head = r.stdout.splitlines()[0]
    assert "x = undetermined" not in head and "y = undetermined" not in head


# R18b-6: fixed in session 17 (failed at 1940088)
def test_r18b_6_dead_unit_before_a_step_has_zero_partials():
    # sigma = max(0, z) + H(z)/2 is 0 on z < 0. For every w_1 < 0 (x = 1): z_1 = 0 exactly, t_2 = 0, f = sigma(0) = 1/4
    # whatever w_1 < 0 and w_2 are: df/dw_1 = df/dw_2 = 0.
    sig = lambda z: max(0, z) + (0.5 if z > 0 else (0.25 if z == 0 else 0))  # noqa: E731
    assert all(sig(w2 * sig(w1)) == 0.25 for w1 in (-1.5, -1, -0.5) for w2 in (0.5, 1, 2))
    try:
        r = vgtheory.gradient(vgtheory.activation("Max(0,z)+Heaviside(z)/2"), ["-1", "1"], x="1")
    except VGTheoryError as exc:  # a refusal must not say the partial does not exist
        assert "not determined" in str(exc) and "does not exist" not in str(exc)
        return
    assert list(r.df_dw) == [0, 0]


# R18b-12: fixed in session 17 (failed at 1940088)
def test_r18b_12_single_point_branch_is_not_the_derivative():
    # the formula equals tanh everywhere (its point value at 0 is tanh 0 = 0): t_2 = 0, df/dw_2 = z_1 tanh'(0) = tanh 2
    s = lambda z: M.tanh(z) if z != 0 else M.mpf(0)  # noqa: E731
    with M.workdps(50):
        assert all(s(M.mpf(v)) == M.tanh(M.mpf(v)) for v in (-1, 0, "1e-30", 2))
        want = M.tanh(2)
    r = vgtheory.gradient(vgtheory.activation("Piecewise((tanh(z), Abs(z) > 0), (0, True))"), ["2", "0"], x="1")
    assert abs(r.df_dw[1] - want) < 1e-12


# R18b-13: fixed in session 17 (failed at 1940088)
def test_r18b_13_fine_scale_mpmath_callable_claims_no_wrong_digits():
    # sigma(t) = tanh t + sin(1e20 t)/1e20 (an mpmath callable, exact to its working digits):
    # df/dw_1 at w = 1, x = 1 is sigma'(1) = sech^2(1) + cos(1e20) = 1.18394...
    f = lambda t: M.tanh(t) + M.sin(10**20 * t) / 10**20  # noqa: E731
    with M.workdps(80):
        want = M.sech(1) ** 2 + M.cos(M.mpf(10) ** 20)
    r = vgtheory.gradient(vgtheory.activation(f), ["1"], x="1", dps=30)
    assert agreeing_digits(r.df_dw[0], want) >= r.digits  # 0 digits (a refusal) is right too


# R18b-12: fixed in session 17 (failed at 1940088)
def test_r18b_12_odd_extension_at_zero_has_the_true_slope():
    # |z| sign(z) = z for every z (both factors exact), so the chain is linear: w = (2, 0), x = 1 gives z_1 = 2,
    # t_2 = 0 and df/dw_2 = z_1 * 1 = 2 (df/dw_1 = x * 1 * w_2 * 1 = 0).
    r = vgtheory.gradient(vgtheory.activation("Abs(z)*sign(z)"), ["2", "0"], x="1")
    assert list(r.df_dw) == [0, 2]
