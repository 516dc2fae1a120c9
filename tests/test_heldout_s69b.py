"""Held-out tests of red team R69b (numbers, errors and robustness: narrow far features at the edge of the rules'
range, steps of atan(g) where g has critical points sympy cannot list, windows that collapse at the working digits,
Theorem 2 near aw = 1, the kernel's special-function balls; against 898bc7c).

Findings (session 37: R69b-1 and R69b-4 fixed; session 38: R69b-2 (scan incomplete: error +oo) and R69b-3 fixed):
- R69b-1 (wrong: error bar misses the truth, float64 backend): sigma = atan(10^10 (z - 12)) + atan(12 10^10) (a step
  10^-10 wide exactly at the float64 rules' edge 12 sqrt q), q = 1: Moments.of(activation(sigma), "float64").D(1)
  = 1.9970488624e-22 +- 1.02e-24. Truth (plain algebra, module test oracle): D >= int_{|s| <= 100} k phi(12 + s/k)
  /(1 + s^2)^2 ds >= k phi(12 + 10^-8) (pi/2 - 10^-6) = 3.3715e-22 (mpmath quad at 70 digits, split at 12 +- 4^j/k:
  3.3767157896537e-22). The same at c = 12 + 10^-11, at c = -12, and at c = 24 with q = 4 (miss 114 to 135 error
  bars); end to end: vgtheory.signal(sigma, 1, 1, backend="float64") says chi1 = 1.997e-22 +- 3.2e-23 (q* = 1 + V
  with V <= 1.01e-20, so chi1 = D(q*) >= 3.3715e-22 (1 - 10^-15)). Where: far_features.far_windows cuts the window
  c +- 16w at +-inner sqrt q (lo = max(c - 16w, 12 sqrt q) = 12), so the half of the step below 12 lies outside the
  window, while gaussian.expectation_f64 splits only at features with |c| < HALF_WIDTH sqrt q strictly and its panels
  end at 12 sqrt q: the left half of the step (k pi/4 phi(12)) is counted by nobody and no error term covers it (the
  window's error only holds mass past 4 widths inside the window). At c = 12 + 2 10^-10 (2 widths past the edge) the
  part of the step 2..16 widths below c is lost the same way: 3.3186231106e-22 +- 1.02e-24 for the truth
  3.3767157816e-22 (mpmath, 70 digits); at c = 12 + 2 10^-9 (20 widths) it is right (held).
- R69b-2 (wrong: error bars miss the truth, both backends): sigma = atan(z (1/100 + 10^20 sin(pi z)^4)) (g has one
  zero, 0, and critical points near every integer n, where g ~ n/100 + n 10^20 pi^4 (z - n)^4, so sigma steps by
  about pi/2 within 10^-5 of each n), q = 1: float64 D(1) = 665086.30644702 +- 6.0e-6, mpmath D(1) = 50671.9144531
  +- 1.9e5; the features list only (0, 0.318). Truth: mpmath quad at 40 digits over [n - 1/2, n + 1/2] split at
  n +- 2^-j (j < 60), n = -12..12: n = 0: 50671.914437842, +-1: 307207.196004753 each, +-2: 80251.8130035782 each,
  +-3: 7176.60612181774 each, total 840406.927642403; each part agrees within 5% with the closed form
  8 (n 10^20 pi^4)^(1/4) phi(n) (1/16) pi/sin(pi/8) (v = n 10^20 pi^4 s^4, int v^(3/4)/(1 + v^2)^2 dv = Gamma(7/8)
  Gamma(9/8)/2) of the leading term. Since every part is positive, D >= the sum over |n| <= 2 = 825589.9 (test below).
  float64 keeps exactly the parts |n| <= 1 (665086.3064), mpmath only n = 0. Where: features.feature_scan(sigma,
  sigma', 16) returns ([(0, 1/pi)], complete=True): the one feature is the zero of sin's argument pi z (width 1/pi);
  the critical points of g next to each integer n (a local minimum g ~ n/100 about 10^-8 from n, where sigma steps) are
  not listed, yet the scan counts as complete (_real_roots(g', 16) itself answers only the maxima near n + 1/2, with
  its flag False), so Moments._expect does not turn the error infinite ("the features ... were not all found"), the
  rules are not split at the steps near n and their error estimates cannot see them.
- R69b-3 (refusal): sigma = atan(10^100 (z - 45)) + atan(45 10^100), mpmath backend at its default 20 digits, q = 1:
  D(1) = 2.4507581898720813e-207 +- inf. Truth (plain algebra + mpmath quad at 50 digits): the step's own share is
  about 10^100 pi/2 phi(45) = 1.2e-340; off it sigma'^2 = 1/(k^2 t^4) (1 + 1/(k^2 t^2))^-2, so D = 10^-200
  E[(45 - u)^-4; u < 44] (1 +- 10^-150) + O(10^-330) = 2.4507581898720813e-207, which the package's own value already
  gives to 17 digits. Where: far_features.far_windows forms lo, hi = c -+ 16w = 45 -+ 1.6e-99 at the working 20
  digits, so the window is (45, 45); window_moment then has no point inside it (max() of an empty sequence ->
  ValueError, caught) and returns an infinite error. The window should be formed at the digits the feature needs.
- R69b-4 (wrong: error bar misses the truth, float64 backend): sigma = erf(10^8 (z - 20)) + erf(20 10^8) (a Gaussian
  bump of sigma' 10^-8 wide at 20 deviations, integrated in its window), q = 1: float64 D(1) = 8.81015949544146e-80
  +- 6.2e-91; truth (plain algebra: sigma'^2 = (4k^2/pi) e^(-2k^2 t^2) = (4k^2/pi) sqrt(pi/(2k^2)) N(t; 0, 1/(4k^2)), so
  D(q) = (4k^2/pi) sqrt(pi/(2k^2)) N(c; 0, q + 1/(4k^2)) exactly; mpmath at 68 digits) 8.81015891831433e-80: off by
  6.6e-9 relative, 9300 error bars. Also k = 10^6 at c = 15, 20, 30 (54 to 107 bars) and k = 10^3 at 20 (9 bars); the
  mpmath backend is right at 41 and 45 (held). Where: far_features.window_moment with digits None (float64) runs at
  mpmath's ambient 15 digits (need = 0): u = c + t is carried to about 3.5e-15, a 10^-7 .. 10^-6 part of the bump's
  width, and mpmath.quad's error estimate (4x of it is the window's error) does not see that rounding. Checked by
  wrapping window_moment in workdps(40) (test-side monkeypatch): D = 8.81015906700305e-80 +- 1.1e-86, which holds
  the truth.

Held (passing tests below, or checked by hand):
- mpmath D(1) of erf(10^6 (z - c)) + erf(10^6 c) at c = 41, 45 and erf(10^12 (z - 41)) + ...: right (closed form).
- float64 D(1) of the same step at c = 12 + 2 10^-9 (window edge 20 widths from c), c = 13 (bulk-dominated): right
  (truth: mpmath quad at 70 digits). mpmath D(1) of the step at c = 40 exactly (the mpmath rules' edge) with k = 10^118,
  dps 120: 2.23e-230 +- 3.5e-230 for the truth ~2.30e-230 (by hand, 23 s: the bar is wide, not wrong); at c = 60,
  k = 10^140, dps 200, D(1) = 7.7375455766929028374e-288 agrees with 10^-280 E[(60 - u)^-4] (series and quad, 60 digits).
- Theorem 2 at aw near 1 for tanh: w = 1 + e^-100: aw "1 + 3.72e-44", z* = 3.34069273176e-22, rho "1 - 7.44e-44";
  w = 1 + 10^-30: z* = 1.73205080757e-15, rho "1 - 2.0e-30", depth horizon -3.329632307e31 (= ln(z*/x)/ln(aw));
  w = 1 + 10^-7: z* 5.4772250821e-4 (plain algebra: tanh(wz) = z gives z*^2 = 3(w - 1)/w^3 (1 + O(w - 1)),
  rho = w (1 - z*^2) = 1 - 2(w - 1) + O((w - 1)^2)).
- The kernel's balls for zeta(1/2), LambertW(-e^-1/2), li(1/2), Ci(1/2), Ei(-1), Airy Bi'(-3), erfcinv(3/2), J_1(2),
  J_(-1/2)(1) hold mpmath's values; loggamma(-1/2), Chi(-1/2), K_1(-1), Y_0(-1) (complex in sympy) get no finite ball.
- sigma = atan(z/100 + 10^6 sin(pi z)^4): both backends give D(1) +- inf (float64 407.6143417060121, mpmath 400.29;
  truth 407.6143417060122, mpmath quad at 40 digits): an infinite bar, not wrong; its cause not examined.

Every truth is derived independently of the package, by construction (worked in the comments), plain algebra, or
mpmath at >= 40 digits (stated where used).
"""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.core.parsing import Z
from vgtheory.meanfield.moments import Moments


def _phi(u, q=1):
    with mpmath.workdps(60):
        u, q = mpmath.mpf(u), mpmath.mpf(q)
        return mpmath.exp(-u * u / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)


def _step(c, k):
    return sp.atan(k * (Z - c)) + sp.atan(k * c)


def _step_D(c, ks, q=1, extra=60):
    """D(q) of atan(10^ks (z - c)) + const: int k^2/(1 + k^2 (u - c)^2)^2 phi_q(u) du, mpmath at ks + extra digits: the
    bulk on unit panels away from c +- 10^-3, the step in s = k (u - c) split at +-4^j."""
    with mpmath.workdps(ks + extra):
        C, K, Q = mpmath.mpf(c), mpmath.mpf(10) ** ks, mpmath.mpf(q)
        phi = lambda u: mpmath.exp(-u * u / (2 * Q)) / mpmath.sqrt(2 * mpmath.pi * Q)  # noqa: E731
        h = lambda u: K**2 / (1 + K**2 * (u - C) ** 2) ** 2 * phi(u)  # noqa: E731
        d, r = mpmath.mpf(1) / 1000, mpmath.sqrt(Q)
        pts = sorted(set([C - d, C + d] + [j * r for j in range(-80, 81) if abs(j * r - C) > 2 * d]))
        bulk = mpmath.quad(h, [-mpmath.inf] + [p for p in pts if p <= C - d]) + \
            mpmath.quad(h, [p for p in pts if p >= C + d] + [mpmath.inf])
        near = sorted(set([mpmath.mpf(0), -d * K, d * K] + [sg * mpmath.mpf(4) ** j for j in range(400) for sg in (1, -1)
                                                             if mpmath.mpf(4) ** j < d * K]))
        return bulk + mpmath.quad(lambda s: h(C + s / K) / K, near)


def _step_lower(c, ks):
    """D >= int_{|s| <= 100} k phi(c + s/k)/(1 + s^2)^2 ds >= k phi(|c| + 100/k) (pi/2 - 2/(3 10^6)) (plain algebra:
    int_100^oo (1 + s^2)^-2 ds <= 1/(3 10^6))."""
    with mpmath.workdps(60):
        k = mpmath.mpf(10) ** ks
        return k * _phi(abs(mpmath.mpf(c)) + 100 / k) * (mpmath.pi / 2 - mpmath.mpf(2) / 3 / 10**6)


def _covers(r, truth, slack=0):
    with mpmath.workdps(60):
        return abs(mpmath.mpf(r.value) - truth) <= mpmath.mpf(r.error) + slack * abs(truth)


# ---------------------------------------------------------------------------------------------------------------
# R69b-1: a step 10^-10 wide at exactly 12 sqrt q (float64)
def test_oracle_r69b_1_step_truth():
    truth = _step_D(12, 10)
    low = _step_lower(12, 10)
    with mpmath.workdps(60):
        assert low > mpmath.mpf("3.3715e-22")
        assert low <= truth <= low * (1 + mpmath.mpf(1) / 100)  # plus the bulk ~ 10^-20/12^4 and phi's slope
        assert abs(truth - mpmath.mpf("3.3767157896537117e-22")) < mpmath.mpf("1e-35")


def test_r69b_1_float64_step_at_rules_edge():
    r = Moments.of(activation(_step(12, sp.Integer(10) ** 10)), "float64").D(1)
    assert mpmath.mpf(r.value) + mpmath.mpf(r.error) >= _step_lower(12, 10)


def test_r69b_1_float64_step_at_minus_edge():
    r = Moments.of(activation(_step(-12, sp.Integer(10) ** 10)), "float64").D(1)
    assert mpmath.mpf(r.value) + mpmath.mpf(r.error) >= _step_lower(-12, 10)


def test_r69b_1_float64_step_at_edge_q4():
    r = Moments.of(activation(_step(24, sp.Integer(10) ** 10)), "float64").D(4)
    with mpmath.workdps(60):
        low = mpmath.mpf(10) ** 10 * _phi(24 + mpmath.mpf(10) ** -8, 4) * (mpmath.pi / 2 - mpmath.mpf(2) / 3 / 10**6)
    assert mpmath.mpf(r.value) + mpmath.mpf(r.error) >= low


def test_r69b_1_float64_signal_chi1():
    # q* = 1 + V(q*), V <= E[u^2]/k^2 + pi^2 P(u > 11) <= 1.01e-20, so chi1 = D(q*) >= the q = 1 bound (1 - 1e-15)
    r = vgtheory.signal(_step(12, sp.Integer(10) ** 10), 1, 1, backend="float64")
    assert mpmath.mpf(r.chi1) + mpmath.mpf(r.chi1_error) >= _step_lower(12, 10) * (1 - mpmath.mpf(10) ** -15)


def test_r69b_1_float64_step_two_widths_past_edge():
    c = sp.Integer(12) + sp.Rational(2, 10**10)
    r = Moments.of(activation(_step(c, sp.Integer(10) ** 10)), "float64").D(1)
    with mpmath.workdps(80):
        assert _covers(r, _step_D(mpmath.mpf(12) + mpmath.mpf(2) / 10**10, 10))


@pytest.mark.slow  # over 1.3 s: the default suite keeps under 3 minutes
def test_r69b_1_float64_step_twenty_widths_past_edge_held():
    c = sp.Integer(12) + sp.Rational(2, 10**9)
    r = Moments.of(activation(_step(c, sp.Integer(10) ** 10)), "float64").D(1)
    with mpmath.workdps(80):
        assert _covers(r, _step_D(mpmath.mpf(12) + mpmath.mpf(2) / 10**9, 10))


@pytest.mark.slow  # over 1.3 s: the default suite keeps under 3 minutes
def test_float64_step_at_13_held():
    r = Moments.of(activation(_step(13, sp.Integer(10) ** 10)), "float64").D(1)
    assert _covers(r, _step_D(13, 10))


def test_mpmath_step_at_45_held():
    r = Moments.of(activation(_step(45, sp.Integer(10) ** 10)), "mpmath").D(1)
    assert _covers(r, _step_D(45, 10))


# ---------------------------------------------------------------------------------------------------------------
# R69b-2: atan(z (1/100 + 10^20 sin(pi z)^4)): steps at the critical points of g near every integer
_B2 = 20


def _r2_part(n, dps=30):
    """int over [n - 1/2, n + 1/2] of sigma'^2 phi, mpmath quad at ``dps`` digits split at n +- 2^-j (j < 60)."""
    with mpmath.workdps(dps):
        B = mpmath.mpf(10) ** _B2
        g = lambda u: u * (mpmath.mpf(1) / 100 + B * mpmath.sin(mpmath.pi * u) ** 4)  # noqa: E731
        gp = lambda u: (mpmath.mpf(1) / 100 + B * mpmath.sin(mpmath.pi * u) ** 4  # noqa: E731
                        + u * 4 * B * mpmath.pi * mpmath.sin(mpmath.pi * u) ** 3 * mpmath.cos(mpmath.pi * u))
        h = lambda u: (gp(u) / (1 + g(u) ** 2)) ** 2 * mpmath.npdf(u)  # noqa: E731
        pts = sorted(set([n + s * mpmath.mpf(2) ** -j for s in (1, -1) for j in range(1, 60)] + [mpmath.mpf(n)]))
        return mpmath.quad(h, [n - mpmath.mpf(1) / 2] + pts + [n + mpmath.mpf(1) / 2])


def _r2_lower():
    return sum(_r2_part(n) for n in range(-2, 3))  # every part is positive: D >= this


def _r2_sigma():
    return sp.atan(Z * (sp.Rational(1, 100) + sp.Integer(10) ** _B2 * sp.sin(sp.pi * Z) ** 4))


@pytest.mark.slow
def test_oracle_r69b_2_parts():
    with mpmath.workdps(30):
        for n, want in ((0, "50671.914437842"), (1, "307207.196004753"), (2, "80251.8130035782")):
            assert abs(_r2_part(n) - mpmath.mpf(want)) < 1e-6 * mpmath.mpf(want)
        for n in (1, 2, 3):  # the leading-term closed form, within 5%
            a = n * mpmath.mpf(10) ** _B2 * mpmath.pi**4
            closed = 8 * a ** mpmath.mpf(0.25) * mpmath.npdf(n) * mpmath.pi / 16 / mpmath.sin(mpmath.pi / 8)
            assert abs(_r2_part(n) / closed - 1) < 0.05
        assert abs(_r2_part(-1) - _r2_part(1)) < 1e-6 * _r2_part(1)
        assert _r2_lower() > 825589


@pytest.mark.slow
def test_r69b_2_float64():
    r = Moments.of(activation(_r2_sigma()), "float64").D(1)
    assert mpmath.mpf(r.value) + mpmath.mpf(r.error) >= _r2_lower()


@pytest.mark.slow
def test_r69b_2_mpmath():
    r = Moments.of(activation(_r2_sigma()), "mpmath").D(1)
    assert mpmath.mpf(r.value) + mpmath.mpf(r.error) >= _r2_lower()


# ---------------------------------------------------------------------------------------------------------------
# R69b-3: a window 45 +- 1.6e-99 formed at 20 digits collapses to (45, 45)
def _r3_truth():
    with mpmath.workdps(50):
        f = lambda u: mpmath.npdf(u) / (45 - u) ** 4  # noqa: E731
        return mpmath.quad(f, [-mpmath.inf, -20, -10, -5, 0, 5, 10, 20, 30, 40, 44]) * mpmath.mpf(10) ** -200


def test_oracle_r69b_3():
    with mpmath.workdps(50):
        t = _r3_truth()
        series = sum(mpmath.fac2(2 * n - 1) * mpmath.binomial(2 * n + 3, 3) / mpmath.mpf(45) ** (2 * n + 4)
                     for n in range(60)) * mpmath.mpf(10) ** -200
        assert abs(t / series - 1) < 1e-30
        assert abs(t - mpmath.mpf("2.4507581898720813e-207")) < mpmath.mpf("1e-222")


def test_r69b_3_mpmath_window_collapses():
    r = Moments.of(activation(_step(45, sp.Integer(10) ** 100)), "mpmath").D(1)
    assert mpmath.isfinite(r.error) and _covers(r, _r3_truth(), 1e-100)


# ---------------------------------------------------------------------------------------------------------------
# Held: Theorem 2 near aw = 1, the kernel's balls
def test_theorem2_near_one_held():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.tanh(Z), w=1 + sp.exp(-100), x=sp.Rational(1, 2), depth=5)
    text = str(r)
    assert "aw = 1 + 3.72e-44" in text and r.rho_text() == "1 - 7.44e-44"
    with mpmath.workdps(60):
        zs = mpmath.sqrt(3 * mpmath.exp(-100))  # z*^2 = 3 (w - 1)/w^3 (1 + O(w - 1))
        assert abs(mpmath.mpf(r.z_star) / zs - 1) < 1e-12


def test_kernel_special_balls_held():
    from vgtheory.kernel.numbers import _ball
    R = sp.Rational
    for x in (sp.zeta(R(1, 2)), sp.LambertW(-sp.exp(-1) / 2), sp.li(R(1, 2)), sp.Ci(R(1, 2)), sp.Ei(-1),
              sp.airybiprime(-3), sp.erfcinv(R(3, 2)), sp.besselj(1, 2), sp.besselj(R(-1, 2), 1)):
        b = _ball(x)
        with mpmath.workdps(40):
            v = mpmath.erfinv(-mpmath.mpf(1) / 2) if isinstance(x, sp.erfcinv) else mpmath.mpf(sp.N(x, 40))
            assert abs(v - mpmath.mpf(b.mid().str(30, radius=False))) <= mpmath.mpf(b.rad().str(5, radius=False)) + 1e-25
    for x in (sp.loggamma(R(-1, 2)), sp.Chi(R(-1, 2)), sp.besselk(1, -1), sp.bessely(0, -1)):
        assert not _ball(x).is_finite()


# ---------------------------------------------------------------------------------------------------------------
# R69b-4: D of erf(k (z - c)) + erf(k c) = (4k^2/pi) sqrt(pi/(2k^2)) N(c; 0, q + 1/(4k^2)) (plain algebra)
def _erf_D(c, ke, q=1):
    with mpmath.workdps(ke + 60):
        k, c, q = mpmath.mpf(10) ** ke, mpmath.mpf(c), mpmath.mpf(q)
        s2 = q + 1 / (4 * k**2)
        return 4 * k**2 / mpmath.pi * mpmath.sqrt(mpmath.pi / (2 * k**2)) * mpmath.exp(-c**2 / (2 * s2)) / mpmath.sqrt(2 * mpmath.pi * s2)


def _erf(c, ke):
    k = sp.Integer(10) ** ke
    return sp.erf(k * (Z - c)) + sp.erf(k * c)


def test_oracle_r69b_4_erf_closed_form():
    with mpmath.workdps(60):
        k, c = mpmath.mpf(10) ** 3, mpmath.mpf(3)
        quad = mpmath.quad(lambda t: 4 * k**2 / mpmath.pi * mpmath.exp(-2 * k**2 * t**2) * mpmath.npdf(c + t),
                           [-mpmath.mpf(1) / 10, -mpmath.mpf(1) / 100, 0, mpmath.mpf(1) / 100, mpmath.mpf(1) / 10])
        assert abs(quad / _erf_D(3, 3) - 1) < mpmath.mpf(10) ** -40
        assert abs(_erf_D(20, 8) - mpmath.mpf("8.81015891831433e-80")) < mpmath.mpf("1e-93")


def test_r69b_4_float64_erf_bump_at_20():
    r = Moments.of(activation(_erf(20, 8)), "float64").D(1)
    assert _covers(r, _erf_D(20, 8))


def test_r69b_4_float64_erf_bump_at_30():
    r = Moments.of(activation(_erf(30, 6)), "float64").D(1)
    assert _covers(r, _erf_D(30, 6))


@pytest.mark.slow  # over 1.3 s: the default suite keeps under 3 minutes
def test_r69b_4_mpmath_erf_bumps_held():
    for c, ke in ((41, 6), (45, 6), (41, 12)):
        r = Moments.of(activation(_erf(c, ke)), "mpmath").D(1)
        assert _covers(r, _erf_D(c, ke))
