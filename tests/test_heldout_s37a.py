"""Held-out tests of red team R37a (symbolic soundness against 0aa0665: Theorem 1's exact tau0 as the largest root of
sigma = L/2 with sigma < L/2 just before it, on roots 10^-30 apart (rational, in e^t, in tanh t beside the end of its
range), double roots touching L/2 from above (in e^t, in tanh t), a root that is a surd and the exact test tau >= tau0
beside it; (H)'s sigma' > 0 broken by a constant tail of a C^2 spline, and kept for Piecewise forms whose constant
piece is unreachable; Theorem 2's aw = 1 onset with a coefficient 10^-40; a pole 10^-29 beside an exact point).
Strict xfails: R37a-1 (a true pole at 1 + 10^-29 left inconclusive because sigma(1) is finite), R37a-2 (the exact tau0
refused for two rational roots 10^-60 apart; the grid then gives tau0 = 0).

Every truth is derived independently of the package: by construction (worked in the comments), closed forms, or
mpmath at 60 digits (checked at 90 when written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError
from vgtheory.properties.four import check_bounded, check_real_valued
from vgtheory.theorems import hypotheses
from vgtheory.theorems.section import theorem1, theorem2
from vgtheory.theorems.theorem1 import _t1_setup

pytestmark = pytest.mark.slow

R = sp.Rational


def _quadratic_in(F: str, r1, r2) -> str:
    """sigma = c0 + c1 F + F^2 with sigma - L/2 = (F - r1)(F - r2), L = 2(1 - r1)(1 - r2), for F increasing from 0
    to 1 on [0, oo): c1 = -(r1 + r2), c0 = 2 r1 r2 - r1 - r2 + 1 (then L = c0 + c1 + 1 and c0 - L/2 = r1 r2)."""
    c1, c0 = -(r1 + r2), 2 * r1 * r2 - r1 - r2 + 1
    return f"({c0}) + ({c1})*{F} + {F}**2"


def _setup(f):
    return _t1_setup(activation(f), None, 30)


# ---------------------------------------------------------------- Theorem 1's exact tau0

def test_tau0_rational_roots_1e30_apart_takes_the_upper_one():
    # sigma - 1/2 = (t-1)(t-1-e)(t+1)(t+2)/(2(t^4+4)), e = 10^-30: on t >= 0 its sign is that of (t-1)(t-1-e):
    # positive on [0, 1), negative on (1, 1+e), positive after; L = 1 (leading ratio 1), so tau0 = 1 + 10^-30
    s = _setup("1/2 + (x-1)*(x-1-10**-30)*(x+1)*(x+2)/(2*(x**4+4))")
    root = 1 + R(1, 10**30)
    assert s.tau0_exact is not None and s.tau0_exact.root == root
    with mp.workdps(60):
        assert s.tau0 >= mp.mpf(root.p) / root.q and s.tau0 - 1 < mp.mpf(10) ** -25


def test_tau0_exponential_roots_1e30_apart():
    # y = e^t: sigma - 1/2 = (y-3)(y-3-e)/(2(y^2+1)), L = 1; sigma < 1/2 exactly for y in (3, 3+e), so
    # tau0 = log(3 + 10^-30) = log 3 + 3.33e-31, above log 3
    s = _setup("1/2 + (exp(x)-3)*(exp(x)-3-10**-30)/(2*(exp(2*x)+1))")
    with mp.workdps(60):
        truth = mp.log(3 + mp.mpf(10) ** -30)
        assert truth - mp.log(3) > mp.mpf(3) * 10 ** -31
        assert s.tau0_exact is not None
        assert s.tau0 >= truth - mp.mpf(10) ** -40 and abs(s.tau0 - truth) < mp.mpf(10) ** -35
        assert s.tau0 > mp.log(3) + mp.mpf(10) ** -31


@pytest.mark.parametrize("f, y0", [
    # double roots at 3 and 4 change no sign: the sign is that of (y-2)(y-5), negative on (2, 5): tau0 = log 5
    ("1/2 + (exp(x)-2)*(exp(x)-3)**2*(exp(x)-4)**2*(exp(x)-5)/(2*(exp(6*x)+1))", 5),
    # roots 3 and sqrt(9 - 10^-30) < 3 across two factors: negative between them, so tau0 = log 3
    ("1/2 + (exp(x)-3)*(exp(2*x)-9+10**-30)/(2*(exp(3*x)+1))", 3),
])
def test_tau0_exponential_many_roots(f, y0):
    s = _setup(f)
    assert s.tau0_exact is not None
    with mp.workdps(60):
        assert abs(s.tau0 - mp.log(y0)) < mp.mpf(10) ** -25 and s.tau0 >= mp.log(y0) - mp.mpf(10) ** -40


@pytest.mark.parametrize("f, tau0", [
    ("1/2 + x*(x-1)*(x+2)/(2*(x**3+4))", 1),   # root at 0 (sigma(0) = L/2), then negative on (0, 1): tau0 = 1
    ("1/2 + x**2*(x+1)/(2*(x**3+4))", 0),      # only the root 0, sigma >= L/2 on [0, oo): tau0 = 0
    ("1/2 + x*(x-1)**2/(2*(x**3+4))", 0),      # roots 0 and the double root 1 (a touch from above): tau0 = 0
])
def test_tau0_with_a_root_at_zero(f, tau0):
    # L = 1 in each (leading ratio 1/2 + 1/2); the sign of sigma - 1/2 on t > 0 is that of the numerator
    s = _setup(f)
    assert s.tau0_exact is not None and s.tau0_exact.root == tau0


def test_tau0_exponential_double_root_touching_from_above_is_skipped():
    # y = e^t: sigma - 1/2 = (y-3)^2 (y-2)/(2(y^3+1)), L = 1: sign of y - 2 (zero also at y = 3, touching from
    # above), so tau0 = log 2, not the last root log 3
    s = _setup("1/2 + (exp(x)-3)**2*(exp(x)-2)/(2*(exp(3*x)+1))")
    assert s.tau0_exact is not None
    with mp.workdps(60):
        assert abs(s.tau0 - mp.log(2)) < mp.mpf(10) ** -25 and s.tau0 >= mp.log(2) - mp.mpf(10) ** -40


def test_tau0_tanh_roots_beside_the_end_of_its_range():
    # u = tanh t, roots r1 = 1 - 2e, r2 = 1 - e, e = 10^-30: sigma < L/2 for u in (r1, r2), L = 2(2e)(e) > 0;
    # tau0 = atanh(1 - e) = log(2/e - 1)/2 = log(2*10^30 - 1)/2 = 34.885...
    f = _quadratic_in("tanh(x)", 1 - R(2, 10**30), 1 - R(1, 10**30))
    s = _setup(f)
    with mp.workdps(60):
        truth = mp.log(2 * mp.mpf(10) ** 30 - 1) / 2
        assert s.tau0_exact is not None
        assert s.tau0 >= truth - mp.mpf(10) ** -40 and abs(s.tau0 - truth) < mp.mpf(10) ** -25
        assert s.tau0 - mp.atanh(1 - 2 * mp.mpf(10) ** -30) > mp.mpf(0.3)  # the other root is 0.35 lower


@pytest.mark.parametrize("F, tau0", [
    ("tanh(x)", 0),                 # double root u = 1/3: sigma - L/2 = (u - 1/3)^2 >= 0 everywhere, tau0 = 0
    ("(1-exp(-x))", 0),             # double root u = 1/2 likewise
])
def test_tau0_double_root_in_a_monotone_function_is_zero(F, tau0):
    r = R(1, 3) if F == "tanh(x)" else R(1, 2)
    s = _setup(_quadratic_in(F, r, r))
    assert s.tau0_exact is not None and s.tau0 == tau0


def test_tau0_scaled_atan_roots_1e30_apart():
    # u = 2 atan(t)/pi, roots r1 = 1/3, r2 = 1/3 + e: tau0 = tan(pi r2/2) = tan(pi/6 + pi e/2), above 1/sqrt 3
    e = R(1, 10**30)
    s = _setup(_quadratic_in("(2*atan(x)/pi)", R(1, 3), R(1, 3) + e))
    with mp.workdps(60):
        truth = mp.tan(mp.pi * (mp.mpf(1) / 3 + mp.mpf(10) ** -30) / 2)
        assert truth - 1 / mp.sqrt(3) > mp.mpf(10) ** -30
        assert s.tau0_exact is not None
        assert s.tau0 >= truth - mp.mpf(10) ** -40 and abs(s.tau0 - truth) < mp.mpf(10) ** -35


def test_theorem1_exact_tau0_sqrt2_decides_tau_either_side():
    # sigma - 1/2 = (t^2 - 2)(t + 1)/(2(t^3 + 4)): negative on [0, sqrt 2), positive after, L = 1, so tau0 = sqrt 2;
    # c = 1: tau = W/2, and W = 2.8 gives 1.4 < sqrt 2 (refused), W = 2.83 gives 1.415 > sqrt 2 (applies)
    f = "1/2 + (x**2-2)*(x+1)/(2*(x**3+4))"
    s = _setup(f)
    assert s.tau0_exact is not None and sp.simplify(s.tau0_exact.root - sp.sqrt(2)) == 0
    with pytest.raises(VGTheoryError):
        theorem1(f, c=1, W="2.8", depth=2)
    r = theorem1(f, c=1, W="2.83", depth=2)
    with mp.workdps(60):
        assert abs(r.tau0 - mp.sqrt(2)) < mp.mpf(10) ** -20 and r.tau >= r.tau0


def test_theorem1_threshold_tanh_is_a_valid_near_least_W():
    # tanh: L = 1, c = 1, depth 2, j = 1: tau = W/2 and g(tau) = tau sech^2 tau for tau >= 0.77 (t sech^2 t peaks at
    # 2t tanh t = 1), so U(W) = (g/W)(2g/L) = (W/2) sech^4(W/2), decreasing; the least W with U <= 1/1000 is the root
    # of (W/2) sech^4(W/2) = 1/1000 (tau0 = atanh(1/2) = 0.55 and lam W/2 are far below); W* is that root to
    # relative 1e-6, rounded up (docstring), and U(W*) <= tol
    from vgtheory.theorems.section import theorem1_threshold
    r = theorem1_threshold("tanh(x)", c=1, depth=2, tol="1/1000", lam=1)
    with mp.workdps(50):
        U = lambda W: (W / 2) * mp.sech(W / 2) ** 4  # noqa: E731
        root = mp.findroot(lambda W: U(W) - mp.mpf(1) / 1000, (mp.mpf(5), mp.mpf(6)), solver="anderson")
        assert abs(root - mp.mpf("5.31952404533526057569")) < mp.mpf(10) ** -18
        W = mp.mpf(r.W_star)
        assert root <= W <= root * (1 + 2 * mp.mpf(10) ** -6)
        assert U(W) <= mp.mpf(1) / 1000


# ---------------------------------------------------------------- (H): constant tails and unreachable pieces

@pytest.mark.parametrize("f", [
    # tanh up to 1, then the quadratic with the same value and slope (C^1 at 1), whose slope reaches 0 at
    # 1 + 1/(2 cosh^2 1), then constant: sigma' = 0 on the last piece, so (H)'s sigma' > 0 fails
    "Piecewise((tanh(x), x < 1), (tanh(1) + (x-1)/cosh(1)**2 - (x-1)**2, x < 1 + 1/(2*cosh(1)**2)), "
    "(tanh(1) + 1/(4*cosh(1)**4), True))",
    # atan up to 1 (slope 1/2 there), a quadratic with slope 1/2 - (t-1)/2, zero at 2, then constant pi/4 + 1/4
    "Piecewise((atan(x), x<=1), (pi/4 + (x-1)/2 - (x-1)**2/4, x<=2), (pi/4+1/4, True))",
])
def test_H_fails_on_a_constant_tail(f):
    h = hypotheses.hypothesis_H(activation(sp.sympify(f)))
    assert h.verdict == "fails", h.detail


@pytest.mark.parametrize("f", [
    "Piecewise((tanh(x), x < 5), (1, x < 3), (tanh(x), True))",        # the constant piece needs 5 <= x < 3
    "Piecewise((tanh(x), exp(x) < 200), (1, x < 5), (tanh(x), True))",  # needs x >= log 200 = 5.3 and x < 5
])
def test_H_holds_where_the_constant_piece_is_unreachable(f):
    # sigma = tanh on R: (H) holds (sech^2 > 0, -2 tanh sech^2 <= 0 on [0, oo)); never "fails"
    h = hypotheses.hypothesis_H(activation(sp.sympify(f)))
    assert h.verdict == "holds", h.detail


# ---------------------------------------------------------------- Theorem 2: an onset coefficient of 10^-40

def test_theorem2_onset_p2_with_tiny_coefficient():
    # sigma = tanh z - 10^-40 z^2 e^{-z^2}: sigma(0) = 0, sigma'(0) = 1 = a; w = 1 (aw = 1);
    # phi(z) = z - 10^-40 z^2 + O(z^3) (tanh's z^3 term is third order), so p = 2 and beta = 10^-40 exactly
    r = theorem2("tanh(x) - 10**-40*x**2*exp(-x**2)", w=1, x="1/2", depth=10)
    text = str(r)
    assert "p = 2" in text and "aw = 1.0 -> regime aw=1" in text
    assert "beta = 1/10000000000000000000000000000000000000000 > 0" in text


def test_theorem2_softsign_exact_fixed_point_chain():
    # softsign on z >= 0 is z/(1+z); w = 2: z* = 2z*/(1 + 2z*) gives z* = 1/2, rho = 2 sigma'(1) = 2/(1+1)^2 = 1/2.
    # x = 1/2 = z*: every layer sits at z*, so df/dw_1 = x sigma'(wx) rho^(l-1) = (1/2)(1/4)(1/2)^9 = 1/4096 exactly
    r = theorem2("softsign", w=2, x="1/2", depth=10)
    with mp.workdps(40):
        assert abs(mp.mpf(r.to_dict()["actual_df_dw1"]) - mp.mpf(1) / 4096) < mp.mpf(10) ** -14
        assert abs(r.z_star - mp.mpf(1) / 2) < mp.mpf(10) ** -25 and abs(r.rho - mp.mpf(1) / 2) < mp.mpf(10) ** -25


@pytest.mark.parametrize("delta, direction", [(-1, "lower"), (1, "upper")])
def test_theorem2_bound_direction_beside_the_fixed_point(delta, direction):
    # phi(z) = sigma(2z) is concave on [0, oo), so phi' is nonincreasing: started at x = 1/2 -+ 10^-40 (below/above z*)
    # the orbit stays on that side and each phi'(z_k) is >= / <= rho, so x sigma'(wx) rho^(l-1) is a lower / upper bound
    x = R(1, 2) + delta * R(1, 10**40)
    r = theorem2("softsign", w=2, x=x, depth=10)
    assert r.bound_direction == direction


# ---------------------------------------------------------------- a pole beside an exact point

def test_pole_beside_exact_point_is_unbounded():
    # 1/(z - 1 - 10^-29) has a simple pole at the rational 1 + 10^-29: sigma is unbounded there
    b = check_bounded("tanh(x) + 1/(x - 1 - 10**-29)")
    assert b.verdict == "fails"
    assert check_real_valued("tanh(x) + 1/(x - 1 - 10**-29)").verdict != "holds"


def test_pole_at_hidden_pi_over_4_is_not_real_valued():
    # atan(1/2) + atan(1/3) = pi/4 (tan of the sum is (1/2 + 1/3)/(1 - 1/6) = 1): 1/(z - that) has a pole at pi/4
    # (Machin: 4 atan(1/5) - atan(1/239) = pi/4; (sqrt 2 + sqrt 3)^2 = 5 + 2 sqrt 6: the last pole is at exactly 1)
    for f in ("tanh(x) + 1/(x - atan(1/2) - atan(1/3))", "tanh(x) + 1/(x - 4*atan(1/5) + atan(1/239))",
              "tanh(x) + 1/(x - 1 + sqrt(2)+sqrt(3) - sqrt(5+2*sqrt(6)))"):
        assert check_real_valued(f).verdict == "fails"
        assert check_bounded(f).verdict == "fails"


# ---------------------------------------------------------------- findings (strict xfail)

@pytest.mark.parametrize("f", ["tanh(x) + 1/(x - 1 - 10**-29)", "tanh(x) + 1/(x**2 - 2 - 10**-29)"])
def test_r37a_1_true_pole_beside_exact_point_is_not_real_valued(f):
    # the denominator vanishes at the exact points 1 + 10^-29 (a rational) and +-sqrt(2 + 10^-29) with numerator 1:
    # sigma is undefined there (a pole), so real_valued fails; finite_at_guess takes sigma(1) and sigma(-sqrt 2),
    # finite, as the value at the pole and leaves it inconclusive
    r = check_real_valued(f)
    assert r.verdict == "fails", (r.verdict, r.detail)


def test_r37a_2_tau0_rational_roots_1e60_apart():
    # as test_tau0_rational_roots_1e30_apart_takes_the_upper_one with e = 10^-60: sigma < 1/2 exactly on
    # (1, 1 + 10^-60), so tau0 = 1 + 10^-60 (both roots are exact rationals)
    s = _setup("1/2 + (x-1)*(x-1-10**-60)*(x+1)*(x+2)/(2*(x**4+4))")
    with mp.workdps(200):  # sigma(1 + 5e-61) - 1/2 = -1.5e-121 (150 and 200 digits agree)
        t = 1 + 5 * mp.mpf(10) ** -61
        sigma = mp.mpf(1) / 2 + (t - 1) * (t - 1 - mp.mpf(10) ** -60) * (t + 1) * (t + 2) / (2 * (t ** 4 + 4))
        assert sigma - mp.mpf(1) / 2 < -mp.mpf(10) ** -122
    assert s.tau0 >= 1
