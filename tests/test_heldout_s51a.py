"""Held-out tests of red team R51a (symbolic soundness against 81245a1): the precision guard's new first re-evaluation
(core/formula_eval.py `guarded`: (largest power of z) x |log2 t| + 64 bits) against intermediates whose size is not a
power of z: E = exp(-1/z^2) at tiny z and E = exp(-z) at large z inside loggamma(1 + E)/E (no arb ball for loggamma,
so the guard decides), and a power tower 2**(-2**(2**z)) whose evaluation is not bounded the way exp's is.

Findings (all fixed in session 28: gamma, loggamma, digamma and other special functions are evaluated in arb
balls; a value whose ball stays unbounded at every precision is not taken from mpmath's agreement; a power with an
exponent in z is refused beyond e^(1e1000) like exp): R51a-1 (property 4 "holds (numeric)" with slope 0.5 +- 1.3e-29 where the slope is
1/2 - gamma < 0; and e^-gamma printed as 1.0 +- 2.7e-29), R51a-2 (property 3 "holds (numeric)" with the limit read as
0.5 where L = 1/2 - gamma < 0), R51a-3 (`vgtheory check -- 'tanh(x) + 2**(-2**(2**x))'` runs past minutes inside one
mpmath power; exp(-exp(exp(x))) ends in 3 s), R51a-4 (E = exp(-z^2): bounded "fails (numeric)" with |sigma(2^100)| =
2.1e+(3.5e59) for a sigma that tends to 0), R51a-5 (z^10 gamma(z^20 + 1)/gamma(z^20 + 3/2): the degree cap 16 lets
z^20 + c collide at z = 2^100; positive limit "fails (numeric)" with sigma(2^100) = 1.07e301, truth 1).

Every truth is derived independently of the package, by construction (worked in the comments) and mpmath at >= 300
digits (never the package).
"""
from __future__ import annotations

import os
import subprocess
import sys

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.properties.four import check_bounded, check_linear_at_origin, check_positive_limit

Z = sp.Symbol("z", real=True)
R = sp.Rational

# loggamma(1 + E) = -gamma E + (pi^2/12) E^2 + O(E^3) as E -> 0 (Taylor series of log Gamma at 1: psi(1) = -gamma),
# so loggamma(1 + E)/E -> -gamma. With E = exp(-1/z^2) -> 0+ as z -> 0 (from both sides):
#   sigma_a(z)/z = 1/2 + loggamma(1 + E)/E -> 1/2 - gamma = -0.0772156649... < 0: property 4 FAILS;
#   sigma_c(z)/z = exp(loggamma(1 + E)/E)  -> e^-gamma   =  0.5614594835...  > 0: holds with that slope.
# The package reads 1 + E as 1 (E = 2^-5909 at z = 2^-6) at both guarded precisions (103 and 103 + 2*6 + 64 bits):
# loggamma(1) = 0 exactly, so it samples 1/2 and 1 and accepts them.
_E0 = sp.exp(-1 / Z**2)
SIGMA_A = sp.Piecewise((Z * (R(1, 2) + sp.loggamma(1 + _E0) / _E0), sp.Ne(Z, 0)), (0, True))
SIGMA_C = sp.Piecewise((Z * sp.exp(sp.loggamma(1 + _E0) / _E0), sp.Ne(Z, 0)), (0, True))


def _oracle_slope(z: str, outer) -> mp.mpf:
    with mp.workdps(300):
        e = mp.exp(-1 / mp.mpf(z) ** 2)
        return outer(mp.loggamma(1 + e) / e)


def test_oracle_slopes():
    # independent check of the truths above at z = 0.1 (E = e^-100, resolved at 300 digits)
    with mp.workdps(300):
        assert abs(_oracle_slope("0.1", lambda q: mp.mpf(1) / 2 + q) - (mp.mpf(1) / 2 - mp.euler)) < mp.mpf(10) ** -40
        assert abs(_oracle_slope("0.1", mp.exp) - mp.exp(-mp.euler)) < mp.mpf(10) ** -40


def _estimate(text: str) -> tuple[mp.mpf, mp.mpf]:
    v, e = text.split("+-")
    return mp.mpf(v.strip()), mp.mpf(e.strip())


@pytest.mark.slow
def test_r51a_1_false_holds_slope_at_origin():
    r = check_linear_at_origin(activation(SIGMA_A), timeout=10)
    assert r.verdict != "holds"


@pytest.mark.slow
def test_r51a_1_slope_estimate_contains_truth():
    r = check_linear_at_origin(activation(SIGMA_C), timeout=10)
    if r.verdict == "holds" and r.method == "numeric":
        for key, text in r.witness.items():
            if "estimate" in key and "+-" in str(text):
                v, e = _estimate(str(text))
                assert abs(v - mp.exp(-mp.euler)) <= e, (key, text)


# With E = exp(-z) -> 0 as z -> +oo: sigma_b = tanh z (1/2 + loggamma(1 + E)/E) -> 1/2 - gamma = -0.0772 < 0:
# property 3 FAILS. The package reads 1 + e^-z as 1 from z = 2^7 on (e^-128 = 2^-185 < 2^-(103 + 2*7 + 64)).
SIGMA_B = sp.tanh(Z) * (R(1, 2) + sp.loggamma(1 + sp.exp(-Z)) / sp.exp(-Z))


def test_oracle_limit_b():
    with mp.workdps(300):
        z = mp.mpf(200)
        e = mp.exp(-z)
        v = mp.tanh(z) * (mp.mpf(1) / 2 + mp.loggamma(1 + e) / e)
        assert abs(v - (mp.mpf(1) / 2 - mp.euler)) < mp.mpf(10) ** -50


@pytest.mark.slow
def test_r51a_2_false_holds_positive_limit():
    r = check_positive_limit(activation(SIGMA_B), timeout=6)
    assert r.verdict != "holds"


# E = exp(-z^2): loggamma(1 + E)/E + gamma = (pi^2/12) E + O(E^2), so
# sigma_d = tanh z (loggamma(1 + E)/E + gamma) e^(z^2/2) = tanh z ((pi^2/12) e^(-z^2/2) + O(e^(-3z^2/2))) -> 0 at +-oo;
# continuous on R (E in (0, 1], loggamma(1 + E) finite): BOUNDED. The package reads 1 + E as 1 for |z| >= ~2^4
# (E = 2^-369 at z = 16) and sees gamma e^(z^2/2): "fails (numeric)" with |sigma(2^100)| = 2.1e+(3.5e59).
SIGMA_D = sp.tanh(Z) * (sp.loggamma(1 + sp.exp(-Z**2)) / sp.exp(-Z**2) + sp.EulerGamma) * sp.exp(Z**2 / 2)


@pytest.mark.slow  # 2-4 s: the default suite keeps under 3 minutes (session 32)
def test_oracle_bounded_d():
    with mp.workdps(1000):
        for z in (5, 20):
            z = mp.mpf(z)
            e = mp.exp(-z * z)
            v = mp.tanh(z) * (mp.loggamma(1 + e) / e + mp.euler) * mp.exp(z * z / 2)
            assert abs(v / (mp.pi ** 2 / 12 * mp.tanh(z) * mp.exp(-z * z / 2)) - 1) < mp.mpf(10) ** -9


@pytest.mark.slow
def test_r51a_4_false_fails_bounded():
    r = check_bounded(activation(SIGMA_D), timeout=6)
    assert r.verdict != "fails"


# Gamma(x + 1)/Gamma(x + 3/2) = x^(-1/2) (1 - 3/(8x) + O(x^-2)) as x -> +oo, so with x = z^20:
# sigma_e = z^10 Gamma(z^20 + 1)/Gamma(z^20 + 3/2) -> 1 > 0: property 3 HOLDS. `_z_degree` caps the degree at 16, so
# the guard's first re-evaluation at z = 2^100 has 103 + 16*100 + 64 bits < 2000: z^20 + 1 = z^20 + 3/2 at both, the
# ratio reads 1 and sigma reads z^10 = 2^1000.
SIGMA_E = Z**10 * sp.gamma(Z**20 + 1) / sp.gamma(Z**20 + R(3, 2))


def test_oracle_limit_e():
    with mp.workprec(3000):
        z = mp.mpf(2) ** 100
        x = z ** 20
        v = z ** 10 * mp.exp(mp.loggamma(x + 1) - mp.loggamma(x + mp.mpf(3) / 2))
        assert abs(v - 1) < mp.mpf(10) ** -100


@pytest.mark.slow
def test_r51a_5_degree_cap_positive_limit():
    r = check_positive_limit(activation(SIGMA_E), timeout=6)
    assert r.verdict != "fails"


# 2**(-2**(2**z)) -> 0 as z -> +oo, -> 2^-1 as z -> -oo: sigma = tanh z + 2**(-2**(2**z)) is bounded (|sigma| < 2).
# exp(-exp(exp(z))), the same shape, is documented to end in 10-30 s (arguments above 10^1000 are not evaluated);
# the power tower ran past 150 s in one mpmath mpf_pow (check_bounded's numeric sup), no report.
@pytest.mark.slow
def test_r51a_3_power_tower_check_ends():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                         env.get("PYTHONPATH", "")])
    try:
        out = subprocess.run([sys.executable, "-m", "vgtheory", "check", "--", "tanh(x) + 2**(-2**(2**x))"],
                             capture_output=True, text=True, timeout=45, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("vgtheory check ran past 45 s")
    assert out.returncode == 0 and "bounded" in out.stdout


@pytest.mark.slow
def test_held_exp_tower_check_ends():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                         env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, "-m", "vgtheory", "check", "--", "tanh(x) + exp(-exp(exp(x)))"],
                         capture_output=True, text=True, timeout=55, env=env)
    assert out.returncode == 0 and "bounded: holds" in out.stdout


@pytest.mark.slow
def test_held_slope_one_third_callable():
    # sigma(z)/z = 1/3 + z^2: the printed "v +- e" must contain 1/3
    r = check_linear_at_origin(activation(lambda t: t * (mp.mpf(1) / 3 + t * t)), timeout=5)
    assert r.verdict == "holds"
    for key, text in r.witness.items():
        if "estimate" in key:
            v, e = _estimate(str(text))
            assert abs(v - mp.mpf(1) / 3) <= e
