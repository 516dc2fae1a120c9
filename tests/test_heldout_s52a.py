"""Held-out tests of red team R52a (symbolic soundness against 7191103): the special functions newly evaluated in arb
balls (gamma, loggamma, digamma, erfi, fresnel, Si/Ci/Shi/Chi/Ei/li, asin/acos/atanh/acosh, LambertW, EulerGamma,
Catalan), `tight`'s new refusal where arb's ball stays infinite or nan at every precision, and the numeric witnesses.

Findings (all fixed in session 28: a tail series that stops short is inconclusive; Ei, Ci,
Chi, li, atanh, gamma, loggamma, polygamma give the singular-point scan their arguments' zeros and poles; 1/gamma is
arb's rgamma; mpmath's Fresnel integrals are refused beyond 2^512): R52a-1 (the Gudermannian asin(tanh z) = atan(sinh z), a sigmoid-type sigma with
limit pi/2, gets positive_limit "fails (numeric)": from z = 2^11 on, tanh z's ball straddles 1, asin of it is nan at
every precision, `tight` now refuses those points, the tail series stops at 2^10, and positive_limit_numeric's
"keeps spreading over the last ten samples: no limit" rule reads the transient from z = 2 to 2^10 as no limit;
acos(-tanh z) - pi/2 and asin(tanh(z/100)) likewise; `vgtheory.check` then prints "sigmoid-type: no" and Theorem 1
"does not apply"); R52a-2 (bounded "holds (numeric)" for sigma with a logarithmic singularity of Ei, Ci, Chi or loggamma at
a zero of their argument, tanh z + Ei(-z^2)/10 -> -oo as z -> 0: the singular-point scan knows log's argument, not
these; the log twin tanh z + log(z^2/(1 + z^2))/10 gets "fails"); R52a-3 (real_valued "fails (numeric)" at a pole of gamma
inside 1/gamma: tanh z + 1/gamma(-z^2/(1 + z^2)) is 0 at z = 0 by sympy's exact value (1/zoo = 0) and by the entire
reciprocal gamma, sigmoid-type, but mpmath's gamma raises "gamma function pole" and the report says "sigmoid-type: no");
R52a-4 (check_bounded / check_positive_limit(tanh z + fresnels(e^z)/10, timeout=10) run past 45 s (over 120 s in
check_properties): arb's fresnel ball at e^(2^k) is finite but too wide, and `tight`'s `_refusals` probe then evaluates
mpmath's fresnels at e^(2^k), whose hypergeometric series computes Bernoulli numbers for minutes).

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at 60 digits.
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.properties.four import check_real_valued, check_bounded, check_linear_at_origin, check_positive_limit, \
    check_vanishing_derivative

Z = sp.Symbol("z", real=True)
R = sp.Rational


# Gudermannian: gd(z) = asin(tanh z) = atan(sinh z) = acos(-tanh z) - pi/2 for every real z (all three have derivative
# sech z and value 0 at 0). gd is odd, increasing, |gd| < pi/2, gd(z) -> pi/2 as z -> +oo: property 3 HOLDS with L = pi/2.
GD_FORMS = {
    "asin_tanh": sp.asin(sp.tanh(Z)),
    "acos_tanh": sp.acos(-sp.tanh(Z)) - sp.pi / 2,
    "asin_tanh_slow": sp.asin(sp.tanh(Z / 100)),
    # gd(z) (1 + 1/log(2 + z^2)) -> pi/2 (the factor -> 1): property 3 HOLDS
    "asin_tanh_log": sp.asin(sp.tanh(Z)) * (1 + 1 / sp.log(2 + Z**2)),
}


def test_oracle_gudermannian_limit():
    with mp.workdps(60):
        for k in (5, 8, 10, 20, 60, 100):
            t = mp.mpf(2) ** k
            gd = mp.atan(mp.sinh(t))  # no cancellation: atan of a huge number
            assert abs(gd - mp.pi / 2) < mp.mpf(10) ** -10 or k == 5
            assert abs(mp.asin(mp.tanh(mp.mpf(2) ** 3)) - mp.atan(mp.sinh(mp.mpf(2) ** 3))) < mp.mpf(10) ** -50


@pytest.mark.slow
@pytest.mark.parametrize("form", sorted(GD_FORMS))
def test_r52a_1_gudermannian_positive_limit_not_false_fails(form):
    r = check_positive_limit(GD_FORMS[form], timeout=15)
    assert r.verdict in ("holds", "inconclusive"), str(r)


@pytest.mark.slow
def test_gudermannian_atan_sinh_all_four_symbolic_held():
    # the same function written atan(sinh z): all four hold symbolically (right)
    e = sp.atan(sp.sinh(Z))
    for check in (check_bounded, check_vanishing_derivative, check_positive_limit, check_linear_at_origin):
        r = check(e, timeout=15)
        assert r.verdict == "holds", str(r)


# Probes that held (each truth worked here, never by the package)

@pytest.mark.slow
def test_held_constants_with_new_special_functions():
    # c = Gamma(1/3) - 2.6789385347077476337 = -4.43e-20 < 0 (mpmath 60 digits): L = (1 + 1e25 c)/(1 + 1e25 |c|) ~ -1
    c = sp.gamma(R(1, 3)) - sp.Float("2.6789385347077476337", 30)
    with mp.workdps(60):
        assert mp.gamma(mp.mpf(1) / 3) - mp.mpf(sp.Float("2.6789385347077476337", 30)._mpf_) < 0
    r = check_positive_limit(sp.tanh(Z) * (1 + 10**25 * c) / (1 + 10**25 * abs(c)), timeout=15)
    assert r.verdict == "fails", str(r)
    # Gauss: psi(1/3) = -gamma - pi/(2 sqrt 3) - (3/2) log 3, so this constant is exactly 0 and L = 1
    d = sp.polygamma(0, R(1, 3)) + sp.EulerGamma + sp.pi / (2 * sp.sqrt(3)) + 3 * sp.log(3) / 2
    r = check_positive_limit(sp.tanh(Z) * (1 + 10**25 * d), timeout=15)
    assert r.verdict == "holds", str(r)


@pytest.mark.slow
def test_held_lambertw_slope_and_limit():
    # s = W(e^z)/(1 + W(e^z)) - W(1)/(1 + W(1)): d/dz W(e^z) = W/(1 + W), so s'(0) = Omega/(1 + Omega)^3, and
    # W(e^z) -> oo at +oo, so L = 1/(1 + Omega); Omega = W(1) from mpmath at 60 digits
    W = sp.LambertW
    s = W(sp.exp(Z)) / (1 + W(sp.exp(Z))) - W(1) / (1 + W(1))
    with mp.workdps(60):
        om = mp.lambertw(1).real
        slope, lim = om / (1 + om) ** 3, 1 / (1 + om)
    r = check_linear_at_origin(s, timeout=15)
    assert r.verdict == "holds"
    v = str(r.witness["sigma(z)/z -> (estimate), z->0+"]).split("+-")
    assert abs(mp.mpf(v[0]) - slope) <= mp.mpf(v[1])
    r = check_positive_limit(s, timeout=15)
    assert r.verdict == "holds" and abs(mp.mpf(str(r.value)) - lim) < 1e-9, str(r)


@pytest.mark.slow
def test_held_si_property_2_fails():
    # z d/dz (2 Si(z)/pi) = (2/pi) sin z: does not tend to 0, property 2 FAILS; L = 1, slope 2/pi
    r = check_vanishing_derivative(2 * sp.Si(Z) / sp.pi, timeout=15)
    assert r.verdict == "fails", str(r)


# R52a-2. Ei(-u) = gamma + ln u + sum_k (-u)^k/(k k!) for u > 0, Ci(u) = gamma + ln u + sum_k (-u^2)^k/(2k (2k)!),
# Chi(u) = gamma + ln u + sum_k u^(2k)/(2k (2k)!), loggamma(u) = -ln u - gamma u + O(u^2): each -> -oo (loggamma: +oo) like
# ln u as u -> 0+. With u = z^2 (or (z - 1)^2) sigma is unbounded near z = 0 (z = 1): property 1 FAILS. Far out each term
# is bounded (Ei(-z^2), Ci(z^2) -> 0; e^(-z^2) Chi(z^2) ~ 1/(2 z^2); e^(-z^2) loggamma(z^2) -> 0).
LOG_SINGULAR = {
    "Ei": sp.tanh(Z) + sp.Ei(-Z**2) / 10,
    "Ci": sp.tanh(Z) + sp.Ci(Z**2) / 10,
    "Chi": sp.tanh(Z) + sp.exp(-Z**2) * sp.Chi(Z**2) / 10,
    "loggamma": sp.tanh(Z) + sp.exp(-Z**2) * sp.loggamma(Z**2) / 10,
    "Ei_at_1": sp.tanh(Z) + sp.Ei(-(Z - 1)**2) / 10,
    # atanh(e^(-z^2)) = (1/2) ln((1 + e^(-z^2))/(1 - e^(-z^2))) ~ (1/2) ln(2/z^2) -> +oo as z -> 0
    "atanh": sp.tanh(Z) + sp.atanh(sp.exp(-Z**2)) / 10,
}


def test_oracle_log_singularities_unbounded():
    with mp.workdps(60):
        t = mp.mpf(10) ** -100
        assert mp.tanh(t) + mp.ei(-t**2) / 10 < -45
        assert mp.tanh(t) + mp.ci(t**2) / 10 < -45
        assert mp.tanh(t) + mp.exp(-t**2) * mp.chi(t**2) / 10 < -45
        assert mp.tanh(t) + mp.exp(-t**2) * mp.loggamma(t**2) / 10 > 45
        t = mp.mpf(10) ** -20
        assert mp.tanh(t) + mp.atanh(mp.exp(-t**2)) / 10 > 4.6


@pytest.mark.slow
@pytest.mark.parametrize("form", sorted(LOG_SINGULAR))
def test_r52a_2_log_singularity_bounded_not_holds(form):
    r = check_bounded(LOG_SINGULAR[form], timeout=15)
    assert r.verdict != "holds", str(r)


@pytest.mark.slow
def test_held_log_twin_bounded_fails():
    # the same singularity written with log: found (z = 1e-18), bounded fails (right)
    r = check_bounded(sp.tanh(Z) + sp.log(Z**2 / (1 + Z**2)) / 10, timeout=15)
    assert r.verdict == "fails", str(r)


# R52a-3. 1/Gamma is entire with zeros at 0, -1, -2, ...; sympy's exact value of 1/gamma(0) is 1/zoo = 0. For
# x in (-1, 0], 1/Gamma(x) = x/Gamma(x + 1) with Gamma(x + 1) >= 1 on (0, 1], so |1/Gamma| <= 1 there: with x = -z^2/(1 + z^2),
# sigma = tanh z + 1/Gamma(x) is real everywhere, |sigma| <= 2, -> 1 at +oo (x -> -1), sigma = z - z^2 + O(z^3) at 0.
RGAMMA = sp.tanh(Z) + 1 / sp.gamma(-Z**2 / (1 + Z**2))


def test_oracle_reciprocal_gamma_at_pole():
    assert RGAMMA.xreplace({Z: 0}) == 0 and (1 / sp.gamma(Z)).xreplace({Z: -10}) == 0
    with mp.workdps(60):
        assert mp.rgamma(0) == 0 and mp.rgamma(-10) == 0


@pytest.mark.slow
def test_r52a_3_reciprocal_gamma_real_valued():
    r = check_real_valued(RGAMMA)
    assert r.verdict != "fails", str(r) + " " + str(r.detail)


# R52a-4. |tanh| < 1 and |S(x)| <= S(sqrt 2) = 0.7139 for real x: sigma = tanh z + S(e^z)/10 is bounded (|sigma| < 1.08); the
# check with timeout=10 should end in seconds (tanh z + S(z^8)/10 and tanh z + Si(e^(z^2))/10 end in under 1 s).
_HANG = """
import sympy as sp
from vgtheory.properties.four import check_bounded
z = sp.Symbol('z', real=True)
print(check_bounded(sp.tanh(z) + sp.fresnels(sp.exp(z))/10, timeout=10).verdict)
"""


@pytest.mark.slow
def test_r52a_4_fresnel_of_exp_ends():
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root)
    try:
        out = subprocess.run([sys.executable, "-c", _HANG], env=env, capture_output=True, text=True, timeout=45)
    except subprocess.TimeoutExpired:
        pytest.fail("check_bounded ran past 45 s")
    assert out.returncode == 0 and out.stdout.strip() in ("holds", "inconclusive"), out.stdout + out.stderr
