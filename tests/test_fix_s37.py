"""Session 34 fixes (quick tests beside the held-out files)."""
from __future__ import annotations

import time
from fractions import Fraction

import pytest
import sympy as sp

from vgtheory.core.chain_checks import _rational_at
from vgtheory.core.exact_eval import cheap_at
from vgtheory.core.parsing import Z

HALF = sp.Rational(1, 2)


def test_factorial_kin_at_large_arguments_not_written_out():
    # Γ(10^30 z + 1/2) at z = 1/2 is Γ(5·10^29 + 1/2) = (10^30)!/(4^(5·10^29) (5·10^29)!) √π: sympy would write it
    # out; the exact chain must decline (None: the value is then followed numerically) at once
    began = time.perf_counter()
    assert _rational_at(sp.gamma(10**30 * Z + HALF), Fraction(1, 2)) is None
    assert _rational_at(sp.factorial(10**40 * Z), Fraction(1)) is None
    assert time.perf_counter() - began < 5


def test_factorial_kin_at_small_arguments_exact():
    # Γ(z + 1) at 3 is 3! = 6 and binomial(z + 4, 2) at 1 is 10: small arguments keep their exact values
    assert _rational_at(sp.gamma(Z + 1), Fraction(3)) == 6
    assert _rational_at(sp.binomial(Z + 4, 2), Fraction(1)) == 10
    assert cheap_at(sp.gamma(Z + HALF) + Z, HALF, Z)
    assert not cheap_at(Z * 2 ** (-10**12 * Z**2), sp.Integer(1), Z)  # 2^(10^12) (R65b-2)


@pytest.mark.slow
def test_check_with_steep_gamma_ends():
    import vgtheory
    sigma = sp.tanh(Z) + sp.exp(-Z**2) / (1 + sp.gamma(10**30 * Z + HALF)**2)
    began = time.perf_counter()
    report = vgtheory.check(sigma)
    assert time.perf_counter() - began < 60
    assert report.properties is not None and report.theorems is not None


# core/algebraic_points: proposals between the roots of g, each one checked here with mpmath at 300 digits
def _signs(g, points):
    import mpmath as mp
    f = sp.lambdify(Z, g, "mpmath")
    with mp.workdps(300):
        return [int(mp.sign(f(mp.mpf(int(p.p)) / int(p.q)))) for p in points]


E100 = sp.Rational(1, 10**100)


@pytest.mark.parametrize("g, signs", [
    # sqrt(z^2 + 1) = 3/2 and 3/2 + 1e-100 at z = ±sqrt(5)/2 and ±sqrt((3/2 + e)^2 - 1): four roots, windows 1e-100 wide
    ((sp.sqrt(Z**2 + 1) - sp.Rational(3, 2)) * (sp.sqrt(Z**2 + 1) - sp.Rational(3, 2) - E100), [1, -1, 1, -1, 1]),
    # |z - 1| - 1/3: roots 2/3 and 4/3 (the squared form (z - 1)^2 - 1/9 has the root z = 1 of the radicand too)
    (sp.Abs(Z - 1) - sp.Rational(1, 3), [1, -1, -1, 1]),
    # one monotone F: u = log(1 + z) in (u - 1)(u - 1 - e): negative for u in (1, 1 + e)
    ((sp.log(1 + Z) - 1) * (sp.log(1 + Z) - 1 - E100), [1, -1, 1]),
    # factor by factor, log 3 a rational stand-in: negative between log 3 and log 3 + 1e-30 (1e-100 costs sympy's factor
    # 13 s on the 280-digit stand-ins)
    (sp.expand((sp.exp(Z) - 3) * (Z - sp.log(3) - sp.Rational(1, 10**30))), [1, -1, 1]),
    # sqrt 2 as a radical of its own: its norm has the conjugate roots -sqrt 2 and -sqrt 2 + e too (a gap more, where
    # g > 0: (z - sqrt 2)(z - sqrt 2 - e) > 0 off [sqrt 2, sqrt 2 + e])
    ((Z - sp.sqrt(2)) * (Z - sp.sqrt(2) - E100), [1, 1, 1, -1, 1]),
])
def test_gap_points_one_point_per_gap(g, signs):
    from vgtheory.core.algebraic_points import gap_points
    points = gap_points(g, Z)
    # the gap points first, then g's critical points (R65a-2)
    assert points is not None and _signs(g, points)[:len(signs)] == signs


def test_gap_points_propose_critical_points():
    # e^z - 3z - c has its minimum at z = log 3 (derivative e^z - 3): a point within 1e-30 of log 3 is proposed
    # (R65a-2)
    import mpmath as mp

    from vgtheory.core.algebraic_points import gap_points
    points = gap_points(sp.exp(Z) - 3 * Z - sp.Rational(7, 10), Z)
    with mp.workdps(60):
        assert any(abs(mp.mpf(int(p.p)) / int(p.q) - mp.log(3)) < mp.mpf(10) ** -30 for p in points)


@pytest.mark.parametrize("c", [sp.sqrt(2), sp.log(3), sp.pi / 4])
def test_narrow_window_with_irrational_root_found(c):
    # R63a-1's family: sigma' = (z - c)(z - c - 1e-30) < 0 on (c, c + 1e-30); the breach is exact
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    e = sp.Rational(1, 10**30)
    sigma = sp.integrate(sp.expand((Z - c) * (Z - c - e)), (Z, 0, Z))
    res = check_increasing(activation(sigma))
    assert res.verdict == "fails" and res.method == "symbolic"
    t = sp.Rational(res.witness["t"])
    assert sp.sign(((t - c) * (t - c - e)).evalf(200)) == -1


def test_rho_next_to_one_written_as_one_minus():
    # w = 1 + 10^-20, tanh: rho = w sech^2(w z*) = 1 - 2e-20 (1 - rho ~ 2(aw - 1) for tanh;
    # mpmath at 80 digits below); the report shows the difference, not "1.0 < 1"
    import mpmath

    from vgtheory.theorems import section
    r = section.theorem2("tanh(x)", w="1.00000000000000000001", x="0.5", depth=5)
    with mpmath.workdps(80):
        w = 1 + mpmath.mpf(10) ** -20
        z = mpmath.findroot(lambda t: mpmath.tanh(w * t) - t, mpmath.sqrt(3 * (w - 1)))
        gap = 1 - w * (1 - mpmath.tanh(w * z) ** 2)
    assert r.rho_text() == f"1 - {mpmath.nstr(gap, 2, min_fixed=-4, max_fixed=6)}"
    assert f"rate rho = {r.rho_text()}" in str(r)


@pytest.mark.slow
def test_unsplit_piece_with_2000_digit_coefficients_refuted_exactly():
    # R59a-2's remainder, R60a-1's family: sigma' = (z^2 - 2)(z^2 - 2 - e), e = 10^-1000, is negative on
    # (sqrt 2, sqrt(2 + e)); sympy's assumptions raise on the piece's slopes (factorint), and the breach is still exact
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    e = sp.Rational(1, 10**1000)
    q = sp.expand((Z**2 - 2) * (Z**2 - 2 - e))
    res = check_increasing(activation(sp.integrate(q, Z)))
    assert res.verdict == "fails" and res.method == "symbolic"
    t = sp.Rational(res.witness["t"])
    assert (t**2 - 2) * (t**2 - 2 - e) <= 0 and t > 0
