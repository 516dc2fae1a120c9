"""Held-out tests of red team R52b (numbers, errors and time bounds, against 7191103): the new noise rule for jumps
(steps of a callable within 4x its rounding are no jumps), float16/float32 callables through V/D and signal, special
functions (erfi, Si, Ci, Ei, li, fresnel, Gamma, loggamma, digamma, LambertW, asin/acos/atanh/acosh) through Moments on
both backends; cusps at poles and zeros of special functions.

Findings (fixed in session 28, R52b-4 in session 29: the poles of the gamma family's arguments are singular points and
the zero scan passes over points without a value; R52b-3: polygamma(n, .) in arb balls and the zero
test of the feature search on its clock; V of a float64 callable adds twice its values'
relative rounding; the float64 backend evaluates functions numpy lacks through mpmath at 53 bits; a tail series that
stops short is inconclusive): R52b-1 (a float32 clamp(z, -1, 1) on the float64 backend: V(0.3) off 9.6 x its
error, signal's q* off 8.4 x; V's panels are cut at D's "jumps", the float32 staircase of the central difference),
R52b-2 (sympy formulas with erfi, Si, Ci, Shi, Ei, li, fresnels/fresnelc, gamma, loggamma, polygamma, LambertW on the
float64 backend: NameError / TypeError / PrintMethodNotImplementedError tracebacks from Moments.V/D and signal instead
of a value or one clear VGTheoryError; recommend_init with its defaults too), R52b-3 (check_bounded of
tanh z/(1 + psi1(z^2 + 1/2)) at timeout=1 runs 35-43 s: the zero search's vanishes() and point_values are unclocked),
R52b-4 (D and chi1 printed finite, errors 1e-19 .. 1e-4, where sigma has a |w|^(1/3) cusp at a pole of Gamma or a
|w|^(-1/3) blow-up at a zero of digamma: truth +oo), R52b-5 (positive_limit of asin(tanh z) and acos(-tanh z) - pi/2
"fails (numeric)"; truth: limit pi/2 > 0).

Every truth is derived independently of the package: clamp moments in closed form (tests/oracles.py clamp_moments,
40 digits) and mpmath findroot on them; mpmath quadrature (tests/oracles.py gaussian_expectation) of mpmath's special
functions.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from oracles import clamp_moments, gaussian_expectation

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.moments import Moments

Z = sp.Symbol("z", real=True)
F32 = np.float32


def _clamp32(z):
    # clamp(z, -1, 1) with z rounded to float32: the kinks stay at +-1 exactly (float32(+-1) exact); rounding z to
    # nearest is unbiased to ~ulp^2, so V(q) = E[clamp(u)^2] to ~1e-14 (closed form: clamp_moments)
    return float(min(max(F32(z), F32(-1)), F32(1)))


@pytest.mark.slow
def test_float32_clamp_v_within_error():
    m = Moments.of(activation(_clamp32), "float64", 20)
    for qs in ("0.3", "0.35"):
        q = mp.mpf(qs)
        want = clamp_moments(q, -1, 1)[0]
        r = m.V(q)
        assert abs(r.value - want) <= r.error, (qs, r.value, r.error, want)


@pytest.mark.slow
def test_float32_clamp_signal_q_star_within_error():
    # q* solves q = 1^2 V(q) + 0.187^2 (V in closed form), findroot at 40 digits: 0.29985159959252503...
    with mp.workdps(40):
        want = mp.findroot(lambda q: q - clamp_moments(q, -1, 1)[0] - mp.mpf("0.187") ** 2, mp.mpf("0.3"))
    r = vgtheory.signal(_clamp32, "1", "0.187", backend="float64")
    assert abs(mp.mpf(r.q_star) - want) <= mp.mpf(r.q_star_error), (r.q_star, r.q_star_error, want)


_SPECIAL = {
    "erfi": (sp.exp(-Z**2) * sp.erfi(Z), lambda u: mp.exp(-u * u) * mp.erfi(u)),
    "Si": (sp.Si(Z) / 2, lambda u: mp.si(u) / 2),
    "fresnels": (sp.fresnels(Z), mp.fresnels),
    "gamma": (sp.tanh(Z) * sp.gamma(Z**2 + 1) / sp.gamma(Z**2 + sp.Rational(3, 2)),
              lambda u: mp.tanh(u) * mp.gamma(u * u + 1) / mp.gamma(u * u + mp.mpf(3) / 2)),
    "digamma": (sp.tanh(Z) / (1 + sp.polygamma(0, Z**2 + 1) ** 2), lambda u: mp.tanh(u) / (1 + mp.digamma(u * u + 1) ** 2)),
    "LambertW": (sp.LambertW(sp.exp(Z)) / (1 + sp.LambertW(sp.exp(Z))),
                 lambda u: mp.lambertw(mp.exp(u)).real / (1 + mp.lambertw(mp.exp(u)).real)),
}


@pytest.mark.slow
def test_special_functions_float64_backend_value_or_clear_error():
    q = mp.mpf(1)
    for name, (expr, f) in _SPECIAL.items():
        want = gaussian_expectation(lambda u: f(u) ** 2, q, dps=25)
        try:
            r = Moments.of(activation(expr), "float64", 20).V(q)
        except VGTheoryError:
            continue  # one clear error line is acceptable
        assert abs(r.value - want) <= r.error, (name, r.value, r.error, want)


@pytest.mark.slow
def test_dawson_signal_float64_backend():
    # q* solves q = 1.5^2 V(q) + 0.1^2, V(q) = E[(e^(-u^2) erfi u)^2] by mpmath quadrature, findroot
    f = lambda u: mp.exp(-u * u) * mp.erfi(u)  # noqa: E731
    want = mp.findroot(lambda q: q - mp.mpf("2.25") * gaussian_expectation(lambda u: f(u) ** 2, q, dps=20) - mp.mpf("0.01"),
                       mp.mpf("0.4265"))
    try:
        r = vgtheory.signal(sp.exp(-Z**2) * sp.erfi(Z), "1.5", "0.1", backend="float64")
    except VGTheoryError:
        return
    assert abs(mp.mpf(r.q_star) - want) <= max(mp.mpf(r.q_star_error), mp.mpf(1e-12)), (r.q_star, want)


@pytest.mark.slow
def test_held_special_functions_mpmath_backend():
    # held: V and D of these formulas on the mpmath backend within their errors at q = 1 and 0.04
    for name in ("erfi", "Si", "gamma"):
        expr, f = _SPECIAL[name]
        m = Moments.of(activation(expr), "mpmath", 20)
        for qs in ("1", "0.04"):
            q = mp.mpf(qs)
            want = gaussian_expectation(lambda u: f(u) ** 2, q, dps=25)
            r = m.V(q)
            assert abs(r.value - want) <= r.error, (name, qs, r.value, r.error, want)


@pytest.mark.slow
def test_held_small_jump_float64_callable():
    # held: tanh u + 1e-7 [u > 0.4373] (a float64 callable): V(1) within its error. Truth by mpmath quadrature split
    # at the jump: E[tanh^2] + E[(2 s tanh u + s^2) [u > c]]
    s, c = mp.mpf(1e-7), mp.mpf(0.4373)
    g = lambda z: np.tanh(z) + (1e-7 if z > 0.4373 else 0.0)  # noqa: E731
    dens = lambda u: mp.npdf(u)  # noqa: E731
    want = mp.quad(lambda u: mp.tanh(u) ** 2 * dens(u), [-mp.inf, -10, c, 10, mp.inf]) \
        + mp.quad(lambda u: (2 * s * mp.tanh(u) + s * s) * dens(u), [c, 10, mp.inf])
    r = Moments.of(activation(lambda z: float(g(z))), "float64", 20).V(mp.mpf(1))
    assert abs(r.value - want) <= r.error, (r.value, r.error, want)


@pytest.mark.slow
def test_dawson_recommend_init_default():
    # critical_init of the same formula answers (sigma_w = 1.0886153000277 at sigma_b = 0.1, checked by findroot on
    # q = V/D + 0.01 with mpmath quadrature); recommend_init with its defaults must answer or refuse in one line
    try:
        r = vgtheory.recommend_init(sp.exp(-Z**2) * sp.erfi(Z))
    except VGTheoryError:
        return
    assert r is not None


def _bounded_trigamma(queue):
    from vgtheory.properties.four import check_bounded
    e = sp.tanh(Z) / (1 + sp.polygamma(1, Z**2 + sp.Rational(1, 2)))
    queue.put(str(check_bounded(e, timeout=1).verdict))


@pytest.mark.slow
def test_trigamma_check_bounded_time_bound():
    # the check's timeout bounds the numeric zero search (docs/check.md: "A budget of 40,000 evaluations, or the
    # check's `timeout` ... that runs out leaves the verdict inconclusive"); here 1 s, allowed 20 s in all
    import multiprocessing as mp_
    ctx = mp_.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_bounded_trigamma, args=(queue,))
    proc.start()
    proc.join(20)
    finished = not proc.is_alive()
    if not finished:
        proc.terminate()
        proc.join(5)
    assert finished, "check_bounded(timeout=1) still running after 20 s"


@pytest.mark.slow
def test_cusp_at_gamma_pole_d_is_infinite():
    # Gamma(w) = 1/w - gamma_E + O(w) at w = z/2 + 3 -> 0 (z -> -6), so sigma = tanh z |Gamma(w)|^(-1/3) =
    # tanh z |w|^(1/3) (1 + O(w)) and sigma' ~ -(tanh 6)/6 |w|^(-2/3) sign(w): sigma'^2 ~ |z + 6|^(-4/3) / (36 * 2^(-4/3)),
    # not integrable at -6, so D(q) = E[sigma'(u)^2] = +oo for every q > 0 (and chi1 = sigma_w^2 D(q*) = +oo). The same
    # cusp written |z + 1|^(1/3) is reported +oo by the package.
    e = sp.tanh(Z) * sp.Abs(sp.gamma(Z / 2 + 3)) ** sp.Rational(-1, 3)
    try:
        r = Moments.of(activation(e), "mpmath", 20).D(mp.mpf("0.25"))
    except VGTheoryError:
        r = None
    assert r is None or r.value == mp.inf or not mp.isfinite(r.error), (r.value, r.error)
    try:
        s = vgtheory.signal(e, "1", "0.1")
    except VGTheoryError:
        return
    assert s.chi1 == mp.inf or not mp.isfinite(mp.mpf(s.chi1_error)), (s.chi1, s.chi1_error)


@pytest.mark.slow
def test_cusps_at_gamma_poles_and_digamma_zero_d_is_infinite():
    # Gamma(z + 9/2) has poles at z = -9/2, -11/2, ...: |Gamma|^(-1/3) ~ |z + 9/2|^(1/3) there, sigma'^2 ~ |z + 9/2|^(-4/3)
    # (not integrable): D = +oo. digamma(w) has a zero at w0 = 1.4616321... (z = 2 w0 - 6 = -3.0767): |digamma|^(-1/3)
    # ~ |z - z0|^(-1/3), sigma'^2 ~ |z - z0|^(-8/3): D = +oo (and its poles at z = -6, -8, ... are cusps as above).
    for e in (sp.tanh(Z) * sp.Abs(sp.gamma(Z + sp.Rational(9, 2))) ** sp.Rational(-1, 3),
              sp.tanh(Z) * sp.Abs(sp.polygamma(0, Z / 2 + 3)) ** sp.Rational(-1, 3)):
        try:
            r = Moments.of(activation(e), "mpmath", 20).D(mp.mpf("0.25"))
        except VGTheoryError:
            continue
        assert r.value == mp.inf or not mp.isfinite(r.error), (str(e), r.value, r.error)


@pytest.mark.slow
def test_gudermannian_positive_limit():
    # asin(tanh z) = gd(z) = 2 atan(e^z) - pi/2 (both odd, both with derivative sech z); tanh z -> 1- and asin is
    # continuous at 1 from below, so lim sigma = asin(1) = pi/2 > 0: property 3 holds. The package proves it for the
    # atan form (holds, symbolic) and prints sigma(256) = sigma(512) = sigma(1024) = 1.57079632679 as its "fails" witness.
    from vgtheory.properties.four import check_positive_limit
    # Also: tanh z + acosh(2 - tanh z) -> 1 + acosh(1) = 1 (2 - tanh z in (1, 3) on the reals); atanh(tanh z)/(1 + |z|)
    # = z/(1 + |z|) -> 1; tanh z asin(tanh z) -> pi/2: all positive limits.
    for e in (sp.asin(sp.tanh(Z)), sp.acos(-sp.tanh(Z)) - sp.pi / 2, sp.tanh(Z) + sp.acosh(2 - sp.tanh(Z)),
              sp.atanh(sp.tanh(Z)) / (1 + sp.Abs(Z)), sp.tanh(Z) * sp.asin(sp.tanh(Z))):
        r = check_positive_limit(e)
        assert r.verdict != "fails", (str(e), r.verdict, r.method, r.witness)
