"""Held-out tests of red team R59a (symbolic soundness and exact values against 8c59349/a3cc483): the removable-pole
values of core/pole_shift (Gamma / polygamma poles written out and cancelled at an exact point), polygamma orders,
claim texts of huge numbers, and sign_sets' exact windows after the R58a-4 fix (rational midpoint, exact linear roots).

Findings (session 31: R59a-1 fixed: root isolation refined 2^(6*2^j)-fold in round j, 1 - tanh^2 of a polynomial a
positive factor; R59a-2 fixed in part: no traceback (hypotheses' piece slopes catch sympy's ValueError), but for
check_increasing of the 10^-600 polynomial itself the exact path is lost to the sympy bug and the samples say "holds
(numeric)", a strict xfail; R59a-3: the claim is sigma' > 0 at every t > 0, which sigma'(1) = 0 breaks, and the text
now says "sigma' = 0 at t = 1 (exact sign), where sigma' > 0 is asked"; the test checks that; session 34: R59a-2's
remainder fixed: where sympy raises on a piece's slopes, theorems/sign_sets.unsplit_breach differentiates in a variable
without assumptions and checks core/algebraic_points' gap points with the kernel's exact sign: "fails (symbolic)"):
- R59a-1 (false numeric holds, R58a-4's family, not closed by its fix): sigma' = (z - r)(z^2 - 2) with r the 200-digit
  decimal just above sqrt(2) is < 0 on the exact window (sqrt(2), r) of width < 1e-200; check_increasing says
  "holds (numeric)". Same with sigma' = (z^2 - 2)(z^2 - 2 - 10^-150) (window (sqrt 2, sqrt(2 + 10^-150)), width 3.5e-151),
  with tanh of its integral, and the concave version (sigma'' = -P). 50-digit r / 10^-100: "fails (symbolic)", right.
  Cause: core/rational_sets.rational_set answers a ConditionSet for these cubics / quartics with long coefficients,
  theorems/sign_sets._solved returns None, and the sampled route (which cannot see a 1e-150 window) says holds.
- R59a-2 (crash): the same quartic with 10^-600: check_increasing of its integral (and of tanh of it), hypothesis_H of
  the tanh, raise sympy's ValueError "... is not a prime factor of ..." (hypotheses._shape's diff -> sympy assumptions
  -> real_roots -> factorint); vgtheory.check prints "theorems could not be computed: internal error ValueError".
- R59a-3 (unsound symbolic step, verdict right): sigma' = (z - 1)(z - 1 - 10^-40)(z^2 + 1): check_increasing says
  "fails (symbolic); sigma' <= 0 at t = 1 (exact sign)", but sigma'(1) = 0 exactly (the 30-digit decimal of the part's
  midpoint lies outside the part (1, 1 + 10^-40); sign_sets.empty_or_breach accepts sign 0 for a LessThan anywhere).

Held (passing tests): removable-pole values at 0 of z^2 psi'(z), z^4 psi'''(z), z^3 psi''(z), z(z-1)...(z-64) Gamma(z-64),
psi(z) + psi(-z), Gamma(2z)/Gamma(z); a true pole (Gamma(z) sin(pi z)/... kept undefined); gradients through a
removable pole at w = 0 / x = 0 / x = -1; polygamma of order 1/2 or a float refused in one line.

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at >= 50 digits.
"""
from __future__ import annotations

import math

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.parsing import Z

R = sp.Rational


def _act(e):
    from vgtheory.core.activations import activation
    return activation(e)


# ---------------------------------------------------------------------------------------------------------------
# R59a-1. r = (isqrt(2*10^400) + 1)/10^200 > sqrt(2) (r*10^200 > sqrt(2)*10^200 since isqrt + 1 exceeds the root), and
# r - sqrt(2) <= 10^-200. P = (z - r)(z^2 - 2): on (sqrt 2, r), z - r < 0 and z^2 - 2 > 0, so P < 0: sigma = int P is
# not increasing on [0, oo).
R200 = R(math.isqrt(2 * 10**400) + 1, 10**200)
P_CUBIC = sp.expand((Z - R200) * (Z**2 - 2))
# Q = (z^2 - 2)(z^2 - 2 - e), e = 10^-150: on (sqrt 2, sqrt(2 + e)) the first factor is > 0 and the second < 0: Q < 0.
E150 = R(1, 10**150)
Q150 = sp.expand((Z**2 - 2) * (Z**2 - 2 - E150))


@pytest.mark.slow
def test_r59a_1_increasing_cubic_window_not_holds():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(sp.integrate(P_CUBIC, Z))).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r59a_1_increasing_quartic_window_not_holds():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(sp.integrate(Q150, Z))).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r59a_1_increasing_tanh_window_not_holds():
    # tanh is strictly increasing: tanh(int Q) decreases exactly where int Q does.
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(sp.tanh(sp.integrate(Q150, Z)))).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r59a_1_concave_window_not_holds():
    from vgtheory.theorems.hypotheses import check_concave
    sigma = Z - sp.integrate(sp.integrate(Q150, Z), Z)  # sigma'' = -Q
    assert check_concave(_act(sigma)).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_held_r59a_1_short_window_found():
    # r of 50 digits: the exact part (sqrt 2, r) is found, fails (symbolic), right.
    from vgtheory.theorems.hypotheses import check_increasing
    r50 = R(math.isqrt(2 * 10**100) + 1, 10**50)
    res = check_increasing(_act(sp.integrate(sp.expand((Z - r50) * (Z**2 - 2)), Z)))
    assert res.verdict == "fails"


@pytest.mark.slow
def test_oracle_r59a_1_windows():
    # mpmath at 600 digits: the windows are nonempty and the derivative is negative at their midpoints.
    with mp.workdps(600):
        s2 = mp.sqrt(2)
        r = mp.mpf(math.isqrt(2 * 10**400) + 1) / mp.mpf(10) ** 200
        assert 0 < r - s2 < mp.mpf(10) ** -200
        t = (s2 + r) / 2
        assert (t - r) * (t**2 - 2) < 0
        e = mp.mpf(10) ** -150
        u = (s2 + mp.sqrt(2 + e)) / 2
        assert (u**2 - 2) * (u**2 - 2 - e) < 0


# ---------------------------------------------------------------------------------------------------------------
# R59a-2. e = 10^-600: same quartic. sigma = int Q is a polynomial (C^oo); tanh(int Q) has sigma' = sech^2 * Q < 0 on
# (sqrt 2, sqrt(2 + e)): increasing fails (or inconclusive); either is one verdict, never a traceback.
E600 = R(1, 10**600)
Q600 = sp.expand((Z**2 - 2) * (Z**2 - 2 - E600))


@pytest.mark.slow
def test_r59a_2_increasing_no_traceback():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(sp.integrate(Q600, Z))).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r59a_2_hypothesis_h_no_traceback():
    from vgtheory.theorems.hypotheses import hypothesis_H
    assert hypothesis_H(_act(sp.tanh(sp.integrate(Q600, Z)))).verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r59a_2_report_theorems_computed():
    import vgtheory
    text = str(vgtheory.check(sp.tanh(sp.integrate(Q600, Z)), signal=False, timeout=30))
    assert "internal error" not in text


# ---------------------------------------------------------------------------------------------------------------
# Held: removable poles at 0 take the limit (Laurent expansions: psi^(m)(z) = (-1)^(m+1) m!/z^(m+1) + O(1);
# prod_{j<=64}(z - j) Gamma(z - 64) = Gamma(z + 1); psi(z) + psi(-z) = psi(1+z) + psi(1-z) -> -2 EulerGamma;
# Gamma(2z)/Gamma(z) = Gamma(2z+1)/(2 Gamma(z+1)) -> 1/2); Gamma(z) sin(pi z) -> pi is NOT cancelled by sympy: refused.
@pytest.mark.slow
@pytest.mark.parametrize("expr, truth", [
    (sp.polygamma(1, Z) * Z**2, 1),
    (sp.polygamma(3, Z) * Z**4, 6),
    (sp.polygamma(2, Z) * Z**3, -2),
    (sp.Mul(*[(Z - j) for j in range(65)]) * sp.gamma(Z - 64), 1),
    (sp.polygamma(0, Z) + sp.polygamma(0, -Z), -2 * mp.euler),
    (sp.gamma(2 * Z) / sp.gamma(Z), 0.5),
])
def test_held_removable_pole_values(expr, truth):
    v = _act(expr).value(mp.mpf(0))
    assert abs(v - truth) < 1e-12


@pytest.mark.slow
def test_held_true_pole_refused():
    from vgtheory.errors import VGTheoryError
    with pytest.raises(VGTheoryError):
        _act(sp.tanh(Z) + sp.gamma(Z) / 10).value(mp.mpf(0))


@pytest.mark.slow
def test_held_gradient_through_removable_pole():
    # sigma = tanh z + psi(z^2)/Gamma(z^2) + 1 = tanh z + (z^2 psi(z^2 + 1) - 1)/Gamma(z^2 + 1) + 1 (smooth);
    # df/dw at w = (0, 2), x = 1 (layer input 0): oracle by mpmath.diff of the smooth form at 50 digits.
    from vgtheory.core.chain import gradient
    f = lambda t: mp.tanh(t) + (t**2 * mp.digamma(t**2 + 1) - 1) / mp.gamma(t**2 + 1) + 1  # noqa: E731
    g = gradient(sp.tanh(Z) + sp.polygamma(0, Z**2) / sp.gamma(Z**2) + 1, [0, 2], 1)
    with mp.workdps(50):
        tru = mp.diff(lambda s: f(2 * f(s * 1)), 0)
    assert abs(mp.mpf(g.df_dw[0]) - tru) < 1e-12
    assert abs(mp.mpf(g.df_dw[1])) < 1e-12  # f(0) = 0 feeds layer 2: d/dw_2 = sigma'(0) * 0


@pytest.mark.slow
def test_held_polygamma_order_refused():
    from vgtheory.errors import VGTheoryError
    with pytest.raises(VGTheoryError):
        _act(sp.polygamma(R(1, 2), 1 + Z**2))


def test_polygamma_float_order_read_as_its_decimal():
    # since session 38 a sympy Float is read as the decimal it prints as (R70a): the order 1.0 is the integer 1
    assert _act(sp.polygamma(sp.Float(1.0), 1 + Z**2)).expr == sp.polygamma(1, 1 + Z**2)


# ---------------------------------------------------------------------------------------------------------------
# R59a-3. d = 10^-40, P = (z - 1)(z - 1 - d)(z^2 + 1): sigma' = P < 0 exactly on (1, 1 + d) (z^2 + 1 > 0), P(1) = 0.
# "fails" is right, but a symbolic refutation must cite a point where sigma' < 0: sigma' = 0 at an isolated point does
# not refute "increasing" (the package itself leaves (z - 1)^3/3, sigma' = (z - 1)^2, inconclusive).
D40 = R(1, 10**40)
P40 = sp.expand((Z - 1) * (Z - 1 - D40) * (Z**2 + 1))


@pytest.mark.slow
def test_r59a_3_breach_point_is_a_breach():
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(_act(sp.integrate(P40, Z)))
    assert r.verdict == "fails"
    if r.method == "symbolic":
        # session 31: the claim is sigma' > 0 at every t > 0 (docs/check.md, hypotheses.check_increasing), which
        # sigma'(t) = 0 breaks; the text must say that this is the breach, not that sigma' is negative there
        t = R(r.witness["t"])
        assert P40.subs(Z, t) < 0 or (P40.subs(Z, t) == 0 and "sigma' = 0 at t" in r.detail
                                      and "sigma' > 0 is asked" in r.detail), r.detail


@pytest.mark.slow
def test_held_r59a_3_isolated_zero_not_refuted():
    # session 37 (R68a-6): sigma' = (z - 1)^2 is 0 at t = 1, which breaks the claim sigma' > 0 at every t > 0; solveset's
    # single point {1} is now checked by the kernel, so the answer is that refutation, with the claim's own text
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(_act((Z - 1)**3 / 3))
    assert r.verdict == "inconclusive" or (
        r.verdict == "fails" and r.witness["t"] == "1" and "sigma' = 0 at t = 1" in r.detail and "sigma' > 0 is asked" in r.detail)
