"""Held-out tests of red team R53b (numbers, errors and time bounds, against ef08de5): the poles of the gamma family's
arguments as singular points / features of the quadrature (meanfield/features._special_poles, _scanned_roots,
_through_pole), smooth and cusped functions of Gamma, digamma and trigamma of linear and non-linear arguments through
Moments.V/D, signal and critical_init on both backends; the float64 backend's value noise (callable_slope.
relative_value_noise) and its mpmath fallback at 53 bits; gradient near far poles of Gamma; time bounds of
check_bounded at timeout=1 with zeta, besselj, polygamma and hyper.

Findings (both fixed in session 29: the growth test reads a singular point's exponent where three decades agree,
and poles of Gamma and psi are written out for the kernel's limits; sigma' left unevaluated by sympy is taken through
Gamma quotients or refused in one line): R53b-1 (V and D of the bounded, smooth sigma = tanh z + 1/(1 + Gamma(z/2 + 3)^2) printed "+oo for every
q > 0" with error 0 at every q >= 2 past about 1.8 (the window reaches the pole z = -54 of Gamma, where sigma^2 rises
from ~1e-54 to 1 between |u + 54| = 1e-10 and 1e-30 because Gamma(a) ~ 1/(24! (a + 24)): read as growth like
|u + 54|^(-4)); signal(sigma, 5, 0.5) then says q* is "beyond the range computed (q > 2.5e13)" where V <= 4 bounds
q* <= 100.25 and the truth is q* = 14.8065...; at q = 1 already for tanh z + 1/(1 + Gamma(2z + 4)^2), whose
signal_summary then says chi1 = +oo for every sigma_w; cause: meanfield/singular._numeric reads a bounded rise between
|u - c| = 1e-10 and 1e-30 as a power-law blow-up), R53b-2 (sigma' that sympy leaves as Derivative/Subs, e.g. of
RisingFactorial(z^2 + 1, 1/2), polylog(z^2 + 2, 1/2), besselj(z^2, 1): gradient, Moments.D, signal, critical_init
raise sympy's ValueError / PrintMethodNotImplementedError instead of a value or one VGTheoryError).

Every truth is derived independently of the package: mpmath quadrature (tests/oracles.py gaussian_expectation) of
mpmath's rgamma, tanh, digamma, polygamma at 30-50 digits; mpmath findroot on it; chain partials by the product form
(tests/oracles.py chain_partials) at 100 digits with mpmath.diff.
"""
from __future__ import annotations

import math
import time

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from oracles import chain_partials, gaussian_expectation

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.moments import Moments
from vgtheory.properties.four import check_bounded

Z = sp.Symbol("z", real=True)
R = sp.Rational
F32 = np.float32

# sigma = tanh z + 1/(1 + Gamma(z/2 + 3)^2): 0 <= 1/(1 + x^2) <= 1 for real x (and -> 0 at the poles z = -6, -8, ...
# of Gamma, where it equals rgamma^2/(1 + rgamma^2), analytic), so |sigma| <= 2 and V(q) = E[sigma^2] <= 4 for all q.
_BUMP = sp.tanh(Z) + 1 / (1 + sp.gamma(Z / 2 + 3) ** 2)


def _bump(u):
    r = mp.rgamma(u / 2 + 3) ** 2
    return mp.tanh(u) + r / (1 + r)


_POLES = [-6 - 2 * k for k in range(60)]


def _bump_v(q, dps=30):
    return gaussian_expectation(lambda u: _bump(u) ** 2, q, _POLES, dps=dps, reach=40)


@pytest.mark.slow
def test_r53b_1_bounded_gamma_sigma_v_finite():
    # truth: V(10) = 0.536230175028686654531770541677 (gaussian_expectation, 50 digits, split at the poles)
    want = _bump_v(10)
    r = Moments.of(activation(_BUMP), "mpmath", 20).V(10)
    assert mp.isfinite(r.value) and abs(r.value - want) <= max(r.error, mp.mpf(10) ** -15), (r.value, r.error, want)


@pytest.mark.slow
def test_r53b_1_bounded_gamma_sigma_v_finite_float64():
    want = _bump_v(10)
    r = Moments.of(activation(_BUMP), "float64", 20).V(10)
    assert mp.isfinite(r.value) and abs(r.value - want) <= max(r.error, mp.mpf(10) ** -12), (r.value, r.error, want)


@pytest.mark.slow
def test_r53b_1_bounded_gamma_sigma_signal_q_star():
    # truth: q* solves q = 25 V(q) + 1/4, findroot (secant) on the oracle V: 14.806529337233472154993791175; the map
    # q -> 25 V(q) + 1/4 takes [0, oo) into [1/4, 100.25], so the orbit from q0 = 1 never leaves that range.
    with mp.workdps(30):
        f = lambda q: 25 * _bump_v(q) + mp.mpf(1) / 4 - q  # noqa: E731
        want = mp.findroot(f, (mp.mpf(14), mp.mpf(15)), solver="secant", tol=1e-25)
    r = vgtheory.signal(_BUMP, "5", "0.5")
    assert r.q_star is not None and abs(mp.mpf(r.q_star) - want) <= mp.mpf(r.q_star_error), (r.q_state, r.q_bound, want)


@pytest.mark.slow
def test_r53b_1_gamma_2z_plus_4_v_at_q1():
    # bounded as _BUMP (|sigma| <= 2); truth V(1) = 0.261947198568122... (gaussian_expectation, 50 digits, split at
    # the poles -2 - k/2)
    h = lambda u: mp.tanh(u) + mp.rgamma(2 * u + 4) ** 2 / (1 + mp.rgamma(2 * u + 4) ** 2)  # noqa: E731
    want = gaussian_expectation(lambda u: h(u) ** 2, 1, [-2 - mp.mpf(k) / 2 for k in range(80)], dps=30, reach=40)
    r = Moments.of(activation(sp.tanh(Z) + 1 / (1 + sp.gamma(2 * Z + 4) ** 2)), "mpmath", 20).V(1)
    assert mp.isfinite(r.value) and abs(r.value - want) <= max(r.error, mp.mpf(10) ** -15), (r.value, r.error, want)


# sigma = tanh z / RisingFactorial(z^2 + 1, 1/2) = tanh z Gamma(z^2 + 1)/Gamma(z^2 + 3/2) (RisingFactorial(x, a) =
# Gamma(x + a)/Gamma(x)): R52b's held "gamma" input, written through RisingFactorial.
_RISING = sp.tanh(Z) / sp.RisingFactorial(Z**2 + 1, R(1, 2))


def _rising(u):
    return mp.tanh(u) * mp.gamma(u * u + 1) / mp.gamma(u * u + mp.mpf(3) / 2)


@pytest.mark.slow
def test_r53b_2_rising_factorial_gradient():
    w, x = ["1.3", "0.7"], "0.9"
    try:
        g = vgtheory.gradient(_RISING, w, x)
    except VGTheoryError:
        return  # one clear error line would do
    with mp.workdps(80):
        _, df, _ = chain_partials(_rising, lambda u: mp.diff(_rising, u), w, x, 0, 80)
        for got, want in zip(g.df_dw, df):
            assert abs(mp.mpf(got) - want) <= mp.mpf(10) ** (-g.digits + 1) * abs(want), (got, want)


@pytest.mark.slow
def test_r53b_2_rising_factorial_moments_d():
    want = gaussian_expectation(lambda u: mp.diff(_rising, u) ** 2, 1, dps=30)
    for backend in ("mpmath", "float64"):
        try:
            r = Moments.of(activation(_RISING), backend, 20).D(1)
        except VGTheoryError:
            continue
        assert abs(r.value - want) <= r.error, (backend, r.value, r.error, want)


@pytest.mark.slow
def test_r53b_2_unevaluated_derivative_gradient_clear_error():
    t = sp.tanh(Z)
    for expr in (t * sp.polylog(Z**2 + 2, R(1, 2)), t * sp.besselj(Z**2, 1), t * sp.dirichlet_eta(Z**2 + 2),
                 t / (1 + sp.subfactorial(Z**2)), t * sp.hyper([Z**2 + 1], [2], R(1, 2))):
        try:
            vgtheory.gradient(expr, ["1.3", "0.7"], "0.9")
        except VGTheoryError:
            pass


# ---------------------------------------------------------------------------------------------------------------
# Probes that held.

@pytest.mark.slow
def test_held_bump_small_q():
    # held: the same sigma at q = 1 (window 16: poles to z = -16 only): V within its error
    want = _bump_v(1)
    r = Moments.of(activation(_BUMP), "mpmath", 20).V(1)
    assert abs(r.value - want) <= r.error, (r.value, r.error, want)


@pytest.mark.slow
def test_held_cusps_at_poles_nonlinear_arguments():
    # held: |Gamma(a)|^(-1/3) ~ |a - p|^(1/3) at a simple pole of Gamma (a = 3 - z/2 at z = 6), and |psi1(a)|^(-1/6) ~
    # |a - p|^(1/3) at a double pole of trigamma (z = -6): sigma'^2 ~ |z - p|^(-4/3), not integrable, D = +oo. (Also
    # held, 11-14 s each so not here: Gamma(sin z + 1/2) at -pi/6, Gamma(sqrt(2) z + 1) at -1/sqrt 2, Gamma(z^2 - 3).)
    for expr in (sp.tanh(Z) * sp.Abs(sp.gamma(3 - Z / 2)) ** R(-1, 3),
                 sp.tanh(Z) * sp.Abs(sp.polygamma(1, Z / 2 + 3)) ** R(-1, 6)):
        r = Moments.of(activation(expr), "mpmath", 20).D(1)
        assert r.value == mp.inf, (expr, r)


@pytest.mark.slow
def test_held_gradient_near_far_gamma_pole():
    # held: gradient of _BUMP at x = -53.99999999999999999999 (sigma' ~ 24!-scale spike): 50 digits right
    w, x = ["1"], "-53.99999999999999999999"
    g = vgtheory.gradient(_BUMP, w, x)
    with mp.workdps(100):
        _, df, _ = chain_partials(_bump, lambda u: mp.diff(_bump, u), w, x, 0, 100)
        assert abs(mp.mpf(g.df_dw[0]) - df[0]) <= mp.mpf(10) ** (-g.digits + 1) * abs(df[0])


@pytest.mark.slow
def test_held_check_bounded_time_bound():
    for expr in (sp.tanh(Z) + sp.zeta(Z**2 + 2) / 10, sp.tanh(Z) * (1 + sp.besselj(0, Z**3) / 4),
                 sp.tanh(Z) / (1 + sp.polygamma(2, Z**4 + 1) ** 2)):
        t = time.time()
        r = check_bounded(expr, timeout=1)
        assert time.time() - t < 10 and r.verdict in ("holds", "inconclusive"), (expr, r)


def _tanh_partly_f32(z):
    # float64 tanh, rounded to float32 only on 1.25 < |z| < 2.1 and 2.5 < |z| < 8 (away from the noise samples at
    # 0.37, 1.1, 2.3): round-to-nearest is unbiased, so V is E[tanh^2] up to ~ulp^2
    z = float(z)
    t = math.tanh(z)
    return float(F32(t)) if 1.25 < abs(z) < 2.1 or 2.5 < abs(z) < 8 else t


@pytest.mark.slow
def test_held_partly_float32_callable_v():
    r = Moments.of(activation(_tanh_partly_f32), "float64", 20).V(mp.mpf("0.3"))
    want = gaussian_expectation(lambda u: mp.tanh(u) ** 2, "0.3", dps=40)
    assert abs(r.value - want) <= r.error, (r.value, r.error, want)
