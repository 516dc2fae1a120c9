"""Held-out tests of red team R64a (symbolic soundness of core/algebraic_points.gap_points and sign_sets.empty_or_breach's
new fallback, check_increasing windows, Theorem 2's proved claims near aw = 1; against 5347145).

Findings (session 34: R64a-1, 3, 4, 5, 6 fixed; R64a-2 open. core/algebraic_points: the digits of the constants'
stand-ins and of the inverses F^-1 grow with the relation's own numbers (2 x its longest rational + 40); a factor no exact
form reads is scanned for sign changes on |z| <= 64 (step 1/16) and its roots located by mpmath, refined to those
digits where another factor's root lies within 1e-20; theorem2.rho_text forms 1 - rho from rho's own bits; the first
fixed-point search climbs to 3 x w's digits; its message reads psi where the search ended. R64a-2 stays open: sympy
writes sigma' as sin^2/2 - cos^2/2 + ..., which does not factor into the two sin factors):
- R64a-1 (wrong: false numeric holds; two monotone functions in one factor): sigma = sympy's integrate of
  sigma' = (h - 3)(h - 3 - e), h = e^z + z, e = 10^-150. check_increasing says "holds (numeric)". Truth (by
  construction): h is continuous and strictly increasing from h(0) = 1 to oo, so there is t > 0 with h(t) = 3 + e/2,
  where sigma' = (e/2)(-e/2) < 0 (checked below with mpmath at 500 digits on sigma as written). Where: solveset gives
  up; gap_points' _one_monotone takes g rational in ONE F(az + b) only (e^z + z keeps z beside e^z), the algebraic
  path refuses the opaque exp, the product path needs each factor read; no point is proposed and the samples cannot
  see a 10^-150 window.
  The same with h = z e^z (a = 2) and h = e^(z^2) (a = 2; a nonlinear argument): "holds (numeric)".
- R64a-2 (wrong: false numeric holds; sin): sigma' = (sin z - 1/2)(sin z - 1/2 - e), e = 10^-150 (sigma by sympy's
  integrate, shifted to sigma(0) = 0). check_increasing says "holds (numeric)". Truth: at t = asin(1/2 + e/2) in
  (0, pi/2), sigma' = -e^2/4 < 0 (mpmath, 500 digits). Where: sin is not in algebraic_points._INVERSES (not monotone
  on R), so no gap point is proposed; a periodic F could be read on one monotone branch.
- R64a-3 (wrong: false numeric holds; windows beside transcendental constants narrower than 10^-120):
  sigma' = (sqrt(z^2 + 1) - pi)(sqrt(z^2 + 1) - pi - e) and sigma' = (e^z - pi)(e^z - pi - e), e = 10^-150.
  check_increasing says "holds (numeric)" for both. Truth: at t = sqrt((pi + e/2)^2 - 1) resp. t = log(pi + e/2)
  (both > 0) sigma' = -e^2/4 < 0 (mpmath, 500 digits). Where: algebraic_points._approximated replaces pi by a
  120-digit rational, which moves both roots by ~10^-121, more than the window's width 10^-150, so the proposed
  midpoint lies outside the true window, the kernel (rightly) finds no breach there, and the samples decide. The
  docstring admits "a window narrower than that ... may be missed", but the verdict is then "holds (numeric)", not
  "inconclusive", and docs/check.md does not list it. With e = 10^-20 the same sigma is "fails (symbolic)" (R63a-1).
- R64a-4 (wrong: false statement in a proved claim): theorem2(tanh z, w = 1 + 10^-60, x = 10^-30, depth = 5) (default
  dps = 50): the proved claim reads "rho = w sigma'(w z*) = 1.0 < 1" and "geometric decay at exactly rate rho = 1.0".
  Truth: rho = 1 - 2.0e-60 (mpmath, 200 digits; r.rho itself carries it: 1 - r.rho at 200 digits is 2.0e-60), so the
  text should read "1 - 2.0e-60" (R63a-2's fix at 10^-16). Where: Theorem2Result.rho_text computes gap = 1 - rho at the
  ambient precision (50 digits inside the claims, 53 bits outside), where it is 0, and falls back to "1.0"; at
  w = 1 + 10^-40 it reads "1 - 2.0e-40" (held).

- R64a-5 (wrong: false numeric holds; inverse of a short root at 120 digits): sigma' = (log(1 + z) - 1/2)(log(1 + z)
  - 1/2 - e), e = 10^-150, all constants rational (sigma by sympy's integrate). check_increasing says "holds (numeric)".
  Truth: at t = e^(1/2 + e/2) - 1 > 0, sigma' = -e^2/4 < 0 (mpmath, 500 digits); the window in z is 1.6e-150 wide.
  Where: solveset raises (TypeError deciding exp(1/2 + e) - 1 < exp(1/2) - 1), gap_points' _one_monotone maps the
  u-spans [1/2, ...] and [1/2 + e, ...] back by algebraic_points._inverse, whose working digits come from the size of
  the span end v (max(120, 2/3 of v's bits + 40)): for the short end 1/2 it is 120 digits, so e^(1/2) - 1 is off by
  ~10^-121, far more than the window; the proposed "midpoint" lies outside it (sigma' = +3.1e-244 there, the kernel
  rightly finds no breach) and the samples decide. The digits should follow the gap to the neighbouring span.
  The same with a = 2. (e^z with a = 3, tanh z with a = 1/2, sinh z with a = 1 are found, held.)

- R64a-6 (refusal; lower priority): theorem2(tanh z, w = 1 + 10^-k, x = 1/2, depth = 5) for k = 420, 700 raises
  Unverified "no verified positive fixed point of z -> sigma(w z): the search ended at z = 1.0 with sigma(w z) - z not
  evaluated there" (k = 150, 300: right answers). Truth: z* ~ sqrt(3 (w - 1)) = 1.73e-210 (k = 420), the root of
  tanh(w z) = z (mpmath at 2k + 100 digits: findroot from sqrt(3(w - 1))), rho = 1 - 2.0e-420; tanh at z = 1 is
  evaluated at any precision, so the message is false as well. Where: theorem2_fixed_point._first_fixed_point stops
  climbing at _FIRST_DPS = 400 digits, while aw = 1 + 10^-k needs about 2k; the cap is not in docs/check.md.

Held (passing tests below):
- No false "fails (symbolic)" found: kernel.sign of (-8)^(1/3) - 1, (-1/2)^(1/3), 2 + (-2)^(1/3), sqrt(-9) is None
  (principal roots of negative radicands are not read as real); sigma' = (|z - 2| - 1)(|z - 2| - 1 - e) (sympy's
  Piecewise antiderivative) fails (symbolic) with witness t = 1, where sigma' = 0 exactly (sigma' > 0 is asked).
- (e^z - 3)(e^z - 3 - 10^-150): fails (symbolic), witness a true breach (mpmath at 500 digits).
- Theorem 2, aw = 1 + tiny: 10^60 tanh(z/10^60) (w = 1 + 10^-30, x = 10^60), atan z (w = 1 + 10^-40, x = 10^-19),
  tanh z (w = 1 + 10^-60, x = 10^-30): z*, rho and df/dw_1 agree with mpmath at 200 digits (relative 10^-40 or
  better), the bound's direction (x/s above or below z*) is right.
- Theorem 2's proved bound next to z* (atan, w = 2, x the 120-digit decimal just below / above z*): the direction
  (>= below, <= above) is right against the chain at 300 digits; onset at aw = 1 for tanh z + (1/3 - 10^-k) tanh^3 z,
  k = 200, 1000: p = 3, beta = 10^-k, proved; (1/3 + 10^-200): (H) fails (symbolic), the bound only numeric.
- (tanh z - u0)(tanh z - u0 - 10^-150), u0 = 1 - 10^-100 (window ~5e-51 at z ~ 115.5) and (e^z - 3)(e^z - 3 - 10^-1000):
  fails (symbolic), witness a true breach.
- Piecewise joints at pi / log 2 with a jump of sigma' of +-10^-150: a convex kink at pi fails (symbolic) at pi; the
  concave kink at log 2 holds.
- kernel.sign on floor/ceiling/Heaviside/sign/Mod/Max/gamma near a pole/erfinv near 1/LambertW: right or None.
- sqrt(1 + sqrt(1 + z^2)) nested window: "inconclusive (numeric)", honest.

Every truth is derived independently of the package: by construction (worked above), or mpmath at >= 200 digits.
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.parsing import Z

R = sp.Rational
E150 = R(1, 10**150)


def _act(e):
    from vgtheory.core.activations import activation
    return activation(e)


def _sigma(sigp):
    sig = sp.integrate(sigp, Z)
    assert not sig.has(sp.Integral)
    return sig - sig.subs(Z, 0)


def _neg_at(sig, t_of):
    # mpmath at 500 digits: sigma' (sympy's derivative of sigma as written) < 0 at the point t_of() > 0
    d = sp.lambdify(Z, sp.diff(sig, Z), "mpmath")
    with mp.workdps(500):
        t = t_of()
        v = d(t)
        assert t > 0 and v < 0 and abs(v + mp.mpf(10) ** -300 / 4) < mp.mpf(10) ** -320
    return True


def _h_sig(h=sp.exp(Z) + Z, a=3):
    return _sigma(sp.expand((h - a) * (h - a - E150)))


def _sin_sig():
    a = R(1, 2)
    return _sigma(sp.expand((sp.sin(Z) - a) * (sp.sin(Z) - a - E150)))


def _pi_rad_sig():
    v = sp.sqrt(Z**2 + 1)
    return _sigma(sp.expand((v - sp.pi) * (v - sp.pi - E150)))


def _pi_exp_sig():
    return _sigma(sp.expand((sp.exp(Z) - sp.pi) * (sp.exp(Z) - sp.pi - E150)))


def _e():
    return mp.mpf(10) ** -150


# R64a-1 ---------------------------------------------------------------------------------------------------------------
def test_oracle_r64a_1():
    _neg_at(_h_sig(), lambda: mp.findroot(lambda t: mp.exp(t) + t - 3 - _e() / 2, mp.mpf("0.79")))


@pytest.mark.slow
def test_r64a_1_two_monotone_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_h_sig())).verdict != "holds"


def test_oracle_r64a_1_variants():
    _neg_at(_h_sig(Z * sp.exp(Z), 2), lambda: mp.findroot(lambda t: t * mp.exp(t) - 2 - _e() / 2, mp.mpf("0.85")))
    _neg_at(_h_sig(sp.exp(Z**2), 2), lambda: mp.sqrt(mp.log(2 + _e() / 2)))


@pytest.mark.slow
@pytest.mark.parametrize("h", [Z * sp.exp(Z), sp.exp(Z**2)])
def test_r64a_1_variants(h):
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_h_sig(h, 2))).verdict != "holds"


# R64a-2 ---------------------------------------------------------------------------------------------------------------
def test_oracle_r64a_2():
    _neg_at(_sin_sig(), lambda: mp.asin(mp.mpf(1) / 2 + _e() / 2))


@pytest.mark.slow
def test_r64a_2_sin_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_sin_sig())).verdict != "holds"


# R64a-3 ---------------------------------------------------------------------------------------------------------------
def test_oracle_r64a_3():
    _neg_at(_pi_rad_sig(), lambda: mp.sqrt((mp.pi + _e() / 2) ** 2 - 1))
    _neg_at(_pi_exp_sig(), lambda: mp.log(mp.pi + _e() / 2))


@pytest.mark.slow
def test_r64a_3_pi_radical_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_pi_rad_sig())).verdict != "holds"


@pytest.mark.slow
def test_r64a_3_pi_exp_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_pi_exp_sig())).verdict != "holds"


# R64a-4 ---------------------------------------------------------------------------------------------------------------
def _rho_true(w):
    with mp.workdps(200):
        W = mp.mpf(w.p) / w.q
        zs = mp.findroot(lambda z: mp.tanh(W * z) - z, mp.sqrt(3 * (W - 1)))
        return W / mp.cosh(W * zs) ** 2


def test_oracle_r64a_4():
    rho = _rho_true(1 + R(1, 10**60))
    with mp.workdps(200):
        assert abs((1 - rho) - 2 * mp.mpf(10) ** -60) < mp.mpf(10) ** -62


def test_r64a_4_rho_text():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.tanh(Z), w=1 + R(1, 10**60), x=R(1, 10**30), depth=5)
    texts = [c.statement for c in r.claims if "rho = w sigma'" in c.statement]
    assert texts and all("= 1.0 <" not in t for t in texts) and any("1 - 2.0e-60" in t for t in texts)


def test_held_r64a_4_rho_text_1e40():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.atan(Z), w=1 + R(1, 10**40), x=R(1, 10**19), depth=5)
    assert any("1 - 2.0e-40 < 1" in c.statement for c in r.claims)


# R64a-5 ---------------------------------------------------------------------------------------------------------------
def _log_sig(a=R(1, 2)):
    h = sp.log(1 + Z)
    return _sigma(sp.expand((h - a) * (h - a - E150)))


def test_oracle_r64a_5():
    _neg_at(_log_sig(), lambda: mp.exp(mp.mpf(1) / 2 + _e() / 2) - 1)
    _neg_at(_log_sig(2), lambda: mp.exp(2 + _e() / 2) - 1)


@pytest.mark.slow
def test_r64a_5_log_window_a2():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_log_sig(2))).verdict != "holds"


@pytest.mark.slow
def test_r64a_5_log_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_log_sig())).verdict != "holds"


# R64a-6 ---------------------------------------------------------------------------------------------------------------
def test_oracle_r64a_6():
    w = 1 + R(1, 10**420)
    with mp.workdps(940):
        W = mp.mpf(w.p) / w.q
        zs = mp.findroot(lambda z: mp.tanh(W * z) - z, mp.sqrt(3 * (W - 1)))
        assert abs(zs / mp.sqrt(3 * mp.mpf(10) ** -420) - 1) < mp.mpf(10) ** -400
        assert abs(1 - W / mp.cosh(W * zs) ** 2 - 2 * mp.mpf(10) ** -420) < mp.mpf(10) ** -830


def test_r64a_6_fixed_point_past_400_digits():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.tanh(Z), w=1 + R(1, 10**420), x=R(1, 2), depth=5)
    with mp.workdps(60):
        assert abs(r.z_star / mp.sqrt(3 * mp.mpf(10) ** -420) - 1) < mp.mpf(10) ** -20


# Held -----------------------------------------------------------------------------------------------------------------
def test_held_kernel_principal_roots_not_real():
    from vgtheory import kernel
    for ex in (sp.Pow(-8, R(1, 3)) - 1, sp.Pow(R(-1, 2), R(1, 3)), 2 + sp.root(-2, 3), sp.sqrt(-9)):
        assert kernel.sign(ex, lambda f: f()) is None


def test_held_abs_window_witness():
    from vgtheory.theorems.hypotheses import check_increasing
    a = sp.Abs(Z - 2)
    r = check_increasing(_act(sp.integrate((a - 1) * (a - 1 - E150), Z)))
    assert r.verdict == "fails" and r.method == "symbolic"
    t = R(r.witness["t"])
    assert (abs(t - 2) - 1) * (abs(t - 2) - 1 - E150) <= 0  # sigma'(t) <= 0 exactly


def test_held_exp_window_found():
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(_act(_sigma(sp.expand((sp.exp(Z) - 3) * (sp.exp(Z) - 3 - E150)))))
    assert r.verdict == "fails" and r.method == "symbolic"
    t = R(r.witness["t"])
    with mp.workdps(500):
        u = mp.exp(mp.mpf(t.p) / t.q)
        assert (u - 3) * (u - 3 - _e()) <= 0


@pytest.mark.parametrize("sig, w, x", [
    (10**60 * sp.tanh(Z / 10**60), 1 + R(1, 10**30), 10**60),
    (sp.atan(Z), 1 + R(1, 10**40), R(1, 10**19)),
    (sp.tanh(Z), 1 + R(1, 10**60), R(1, 10**30)),
])
def test_held_theorem2_near_one(sig, w, x):
    from vgtheory.theorems.theorem2 import theorem2
    l = 5
    r = theorem2(sig, w=w, x=x, depth=l)
    assert r.regime == "aw>1"
    with mp.workdps(200):
        f = sp.lambdify(Z, sig, "mpmath")
        fp = sp.lambdify(Z, sp.diff(sig, Z), "mpmath")
        W, X = (mp.mpf(sp.Rational(v).p) / sp.Rational(v).q for v in (w, x))
        zs = mp.findroot(lambda z: f(W * z) - z, mp.mpf(r.z_star))
        assert abs(zs - r.z_star) <= mp.mpf(10) ** -40 * zs
        assert abs(W * fp(W * zs) - r.rho) <= mp.mpf(10) ** -80
        z, g = X, X * fp(W * X)
        for _ in range(1, l):
            z = f(W * z)
            g *= W * fp(W * z)
        assert abs(g - r.actual_df_dw1) <= mp.mpf(10) ** -40 * abs(g)
        b = r.claims[0]
        assert b.status == "proved" and b.verdict == "holds"
        assert ("<=" in b.statement) == (X >= zs)


@pytest.mark.slow
@pytest.mark.parametrize("above", [False, True])
def test_held_theorem2_direction_next_to_z_star(above):
    # atan, w = 2, x the 120-digit decimal just below / above z* (mpmath, 300 digits): the proved bound's direction
    # (>= below z*, <= above) holds for the chain computed at 300 digits
    from vgtheory.theorems.theorem2 import theorem2
    with mp.workdps(300):
        zs = mp.findroot(lambda z: mp.atan(2 * z) - z, mp.mpf("1.16"))
        x = R(int(mp.floor(zs * mp.mpf(10) ** 120)) + int(above), 10**120)
        xm = mp.mpf(x.p) / x.q
        assert (xm > zs) == above
        fp = lambda u: 1 / (1 + u**2)
        z, g = xm, xm * fp(2 * xm)
        for _ in range(1, 6):
            z = mp.atan(2 * z)
            g *= 2 * fp(2 * z)
        bound = xm * fp(2 * xm) * (2 * fp(2 * zs)) ** 5
    r = theorem2(sp.atan(Z), w=2, x=x, depth=6)
    b = r.claims[0]
    assert b.status == "proved" and b.verdict == "holds"
    assert ("<=" in b.statement) == above
    with mp.workdps(300):
        assert (g <= bound) if above else (g >= bound)


@pytest.mark.slow
@pytest.mark.parametrize("k", [200, 1000])
def test_held_theorem2_onset_tiny_beta(k):
    # tanh z + (1/3 - 10^-k) tanh^3 z at aw = 1: phi(z) = z - 3*10^-k z^3 + ..., p = 3, beta = 10^-k (algebra)
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.tanh(Z) + (R(1, 3) - R(1, 10**k)) * sp.tanh(Z) ** 3, w=1, x=R(1, 2), depth=20)
    assert r.regime == "aw=1" and r.hypothesis_H.proved and r.onset.proved and r.p == 3
    with mp.workdps(k + 60):
        assert abs(r.beta - mp.mpf(10) ** -k) <= mp.mpf(10) ** (-k - 30)


def test_held_tanh_near_one_window():
    # (tanh z - u0)(tanh z - u0 - e), u0 = 1 - 10^-100: negative on a window ~5e-51 wide at z ~ 115.5
    from vgtheory.theorems.hypotheses import check_increasing
    u0 = 1 - R(1, 10**100)
    r = check_increasing(_act(_sigma(sp.expand((sp.tanh(Z) - u0) * (sp.tanh(Z) - u0 - E150)))))
    assert r.verdict == "fails" and r.method == "symbolic"
    t = R(r.witness["t"])
    with mp.workdps(600):
        u = mp.tanh(mp.mpf(t.p) / t.q)
        um = mp.mpf(u0.p) / u0.q
        assert (u - um) * (u - um - _e()) <= 0


def test_held_kinks_beside_transcendental_joints():
    # sigma = tanh z, and past the joint c the extra term +-10^-150 tanh(z - c): sigma' jumps by +-10^-150 at c.
    # Up at pi: a convex kink, not concave (fails, symbolic, at pi). Down at log 2: concave (the extra sigma''
    # 2e tanh(u) sech^2(u), u = z - log 2, is below 4e |tanh''(z)|, since sech^2 u / sech^2 z < 4 and tanh u < tanh z).
    from vgtheory.theorems.hypotheses import check_concave
    up = sp.Piecewise((sp.tanh(Z), Z < sp.pi), (sp.tanh(Z) + E150 * sp.tanh(Z - sp.pi), True))
    r = check_concave(_act(up))
    assert r.verdict == "fails" and r.method == "symbolic" and sp.sympify(r.witness["t"]) == sp.pi
    down = sp.Piecewise((sp.tanh(Z), Z < sp.log(2)), (sp.tanh(Z) - E150 * sp.tanh(Z - sp.log(2)), True))
    r = check_concave(_act(down))
    assert r.verdict == "holds"
