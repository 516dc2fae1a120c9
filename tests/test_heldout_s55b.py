"""Held-out tests of red team R55b (numbers, errors and time bounds against 0339c4d, branch rt55b): core/decimals.py
`estimate_string` (the printed "v +- e" must contain value +- error) on values near powers of ten, tiny and huge
binary exponents, errors larger than the value, zero, negative values and a low caller precision; Gamma-quotient
rewrites of binomial at construction (gradient where the rewritten sigma' has a removable 0/0 at z = 0, and moments
against an oracle); multi-argument functions (besselj(2, z), polygamma(1, .), LambertW(., -1), atan2) in the gradient
and the float64 moments; the signal at a tiny sigma_w.

Findings (R55b-2 fixed in session 30; R55b-1 fixed in session 31): R55b-1 (gradient of tanh z + binomial(z^2 + 1/2, 3/2)/(10(1 + z^4)) at x = 0, or with a weight 0, refused
with "sigma' ... is undefined at z = 0.0 (gamma function pole)" where sigma is smooth: sigma(0) = 0 (the package's own
value), sigma'(0) = 1, truth df/dw = (0, 0) at x = 0 and (0, sigma(0.65)) at w = (1.3, 0)); R55b-2 (estimate_string
prints "+- e" with e below the error it was given, by 9e-7 relative at a caller precision of 5 digits and by 1.07e-16
relative at 53 bits: error*1.05 is rounded at the caller's precision and then to 2 digits to nearest).

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at >= 40
digits (oracles.chain_partials with mpmath.diff, oracles.gaussian_expectation).
"""
from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp

from oracles import chain_partials, gaussian_expectation

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.core.decimals import estimate_string
from vgtheory.meanfield.moments import Moments

Z = sp.Symbol("z", real=True)
R = sp.Rational

# B(z) = binomial(z^2 + 1/2, 3/2) = Gamma(z^2 + 3/2)/(Gamma(5/2) Gamma(z^2)) = z^2 Gamma(z^2 + 3/2)/(Gamma(5/2)
# Gamma(z^2 + 1)): smooth, B(0) = 0 (sympy: binomial(1/2, 3/2) = 0), B'(0) = 0, B ~ z^3 at infinity, so
# sigma = tanh z + B/(10 (1 + z^4)) is smooth and bounded with sigma(0) = 0, sigma'(0) = 1.
BINOM = sp.tanh(Z) + sp.binomial(Z**2 + R(1, 2), R(3, 2)) / (10 * (1 + Z**4))


def _binom(u):
    return mpmath.tanh(u) + mpmath.gamma(u * u + mpmath.mpf(3) / 2) * mpmath.rgamma(u * u) / (
        mpmath.gamma(mpmath.mpf(5) / 2) * 10 * (1 + u**4))


def _dbinom(u):
    return mpmath.diff(_binom, u)


@pytest.mark.slow
def test_r55b_1_gradient_at_removable_gamma_pole():
    # x = 0: z1 = sigma(0) = 0, z2 = sigma(0) = 0; df/dw1 = sigma'(w2 z1) w2 sigma'(0) x = 0, df/dw2 = sigma'(0) z1 = 0.
    g = vgtheory.gradient(BINOM, ["1.3", "-0.7"], x="0", dps=30)
    assert all(abs(v) < mpmath.mpf(10) ** -25 for v in g.df_dw)
    # w2 = 0: df/dw1 = sigma'(0)*0*... = 0, df/dw2 = sigma'(0) z1 = sigma(0.65) (oracle 0.60117654536954778030...)
    _, want, _ = chain_partials(_binom, _dbinom, ["1.3", "0"], "0.5", 0, 40)
    g = vgtheory.gradient(BINOM, ["1.3", "0"], x="0.5", dps=30)
    for got, w in zip(g.df_dw, want):
        assert abs(got - w) <= mpmath.mpf(10) ** -25 * (1 + abs(w))


@pytest.mark.slow
def test_r55b_2_estimate_string_error_bound_not_below_error():
    # The docstring promises the printed "v +- e" contains whatever value +- error contains, so e >= error.
    # (a) caller at 5 digits (mpmath's global precision; decimal_string's docstring names "another thread's 5"):
    #     error 1.0000009 printed "+- 1.0", short by 9e-7.
    with mpmath.workdps(5):
        text = estimate_string(mpmath.mpf("0.001"), mpmath.mpf("1.0000009"))
    with mpmath.workprec(3000):
        assert mpmath.mpf(text.split("+-")[1]) >= mpmath.mpf("1.0000009"), text
    # (b) default precision: value -(1 - 2^-110) 1e-25 (113 bits), error 100|value| (53 bits, 1.0000000000000001074e-23)
    #     printed "-1.0e-25 +- 1.0e-23": short by 1.07e-39.
    with mpmath.workprec(113):
        v = -mpmath.mpf(10) ** -25 * (1 - mpmath.ldexp(1, -110))
    e = abs(v) * mpmath.mpf(100)
    text = estimate_string(v, e)
    a, b = text.split("+-")
    with mpmath.workprec(30000):
        assert abs(mpmath.mpf(a) - v) + e <= mpmath.mpf(b), text


# ---- probes that held ----

@pytest.mark.slow
def test_estimate_string_contains_value_and_error_edges():
    # "v +- e" printed must contain [value - error, value + error]: checked in exact-enough arithmetic (4000 bits more).
    rng = random.Random(55)
    cases = []
    for _ in range(400):
        p = rng.randint(-30, 30)
        prec = rng.choice([10, 53, 113, 400, 2000])
        with mpmath.workprec(prec):
            v = mpmath.mpf(10) ** p * (1 - mpmath.ldexp(1, -rng.randint(1, prec))) * rng.choice([1, -1])
        cases.append((v, abs(v) * mpmath.ldexp(mpmath.mpf(rng.randint(1, 2**60)), -rng.randint(60, 200))))
        cases.append((v, abs(v) * rng.choice([mpmath.mpf("1.5"), mpmath.mpf("9.99"), mpmath.mpf(100)])))
    for _ in range(100):
        big = mpmath.ldexp(mpmath.mpf(rng.randint(1, 2**200)), rng.choice([1, -1]) * rng.randint(10**4, 10**6))
        cases.append((big, big * mpmath.ldexp(1, -rng.randint(10, 300))))
    cases += [(mpmath.mpf(0), mpmath.mpf(1)), (mpmath.mpf(1) / 3, mpmath.mpf(0)), (mpmath.mpf(5), mpmath.mpf("4.9999"))]
    for value, error in cases:
        text = estimate_string(value, error)
        a, b = text.split("+-")
        with mpmath.workprec(30000):
            # the project's own tolerance (tests/test_fix_s31.py): 2^-40 relative; R55b-2 is the exact-containment case
            assert abs(mpmath.mpf(a) - value) + error <= mpmath.mpf(b) * (1 + mpmath.ldexp(1, -40)), text


@pytest.mark.slow
def test_binomial_gamma_quotient_gradient_and_moment_right():
    # away from 0 the rewritten binomial is right: chain_partials at 40 digits; D(1) by gaussian_expectation at 40
    # digits = 0.4664903476676933355658125
    _, want, _ = chain_partials(_binom, _dbinom, ["1.3", "-0.7"], "0.5", 0, 40)
    g = vgtheory.gradient(BINOM, ["1.3", "-0.7"], x="0.5", dps=30)
    for got, w in zip(g.df_dw, want):
        assert abs(got - w) <= mpmath.mpf(10) ** -25
    d = Moments.of(activation(BINOM), "mpmath", 20).D(mpmath.mpf(1))
    with mpmath.workdps(40):
        truth = mpmath.mpf("0.4664903476676933355658125")
        assert abs(d.value - truth) <= 10 * d.error


@pytest.mark.slow
@pytest.mark.parametrize("expr, fn", [
    (sp.tanh(Z) + sp.besselj(2, Z) / 10, lambda u: mpmath.tanh(u) + mpmath.besselj(2, u) / 10),
    (sp.tanh(Z) / (1 + sp.polygamma(1, Z**2 + 1)), lambda u: mpmath.tanh(u) / (1 + mpmath.psi(1, u * u + 1))),
    (sp.tanh(Z) + sp.LambertW(-sp.exp(-1 - Z**2) / 2, -1) / 100,
     lambda u: mpmath.tanh(u) + mpmath.lambertw(-mpmath.exp(-1 - u * u) / 2, -1).real / 100),
    (sp.atan2(sp.tanh(Z), 1), lambda u: mpmath.atan(mpmath.tanh(u))),
])
def test_multi_argument_functions_gradient_and_float64_moment(expr, fn):
    d = lambda u: mpmath.diff(fn, u)  # noqa: E731
    _, want, _ = chain_partials(fn, d, ["1.3", "-0.7"], "0.9", 0, 40)
    g = vgtheory.gradient(expr, ["1.3", "-0.7"], x="0.9", dps=30)
    for got, w in zip(g.df_dw, want):
        assert abs(got - w) <= mpmath.mpf(10) ** -25
    m = Moments.of(activation(expr), "float64", 20).D(mpmath.mpf(1))
    truth = gaussian_expectation(lambda u: d(u) ** 2, 1, dps=30)
    assert abs(m.value - truth) <= max(10 * m.error, mpmath.mpf(10) ** -13)


@pytest.mark.slow
def test_signal_tiny_sigma_w():
    # q* = 0 for sigma_b = 0 and sigma_w << 1; chi1 = sigma_w^2 sigma'(0)^2 = 1e-600
    r = vgtheory.signal(sp.tanh(Z), "1e-300", "0")
    assert r.q_star == 0
    assert abs(r.chi1 / mpmath.mpf("1e-600") - 1) < mpmath.mpf(10) ** -12
