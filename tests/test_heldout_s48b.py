"""Held-out tests of red team R48b (numbers, errors and time bounds, against 5f4e656): the central differences of a
torch module's float64 values that now give sigma' in `gradient` (float_slope.float_report, no autograd since R47b),
D(q) of torch modules with the autograd-bias bound (callable_slope.autograd_bias), formula activations with integrable
singularities of sigma' and kinks at irrational points (q*, chi1, critical sigma_w), and CLI numeric options.

Findings (fixed in session 27: float_slope._rms4 fits a quartic at irregular offsets): R48b-1 (a float64 callable or torch module whose values are a staircase coarser than their
own ulp, (tanh(z) + 1e6) - 1e6, quantum ulp(1e6) = 1.16e-10, or sigmoid(z) - 0.99999, quantum 1.1e-16 of the internal
sigmoid ~ 1 against an output ~ 1e-5: gradient claims 8 digits of df/dw_1 at w = [0.381], 5 right, and 4 digits at
3.711 / 7.041 / 20.21 with 2 right; float_slope._noise returns 0.0 there: on 9 equally spaced points the rounding
errors of a staircase run as an arithmetic progression modulo the quantum, whose fourth differences vanish unless it
wraps, and _rms4 keeps the smaller side, so one side without a wrap reads as no noise).

Every truth is derived independently of the package: sigma' written in closed form (sech^2 t, e^-t/(1 + e^-t)^2) and
the chain derivatives by tests/oracles.py chain_partials at 50 digits; moments by tests/oracles.py mean_field /
gaussian_expectation, and for the singular sigma' by mpmath quad after the substitution u - c = +-L s^k that makes
|u - c|^(-p) smooth (a plain split quad at the singular point was itself off by 1e-13..5e-5: not a package error).
"""
from __future__ import annotations

import math

import mpmath
import pytest

from oracles import chain_partials, gaussian_expectation, mean_field

import vgtheory as v


def _honest(g, df):
    """Every df/dw_k within 10^(1 - digits) relative of the truth (one digit of slack on the claim)."""
    with mpmath.workdps(50):
        return all(abs(mpmath.mpf(got) - want) <= abs(want) * mpmath.mpf(10) ** (1 - g.digits)
                   for got, want in zip(g.df_dw, df))


def _sech2(t):
    return mpmath.sech(t) ** 2


def _dsigmoid(t):
    e = mpmath.exp(-t)
    return e / (1 + e) ** 2


def _staircase(t):
    # (tanh t + 1e6) - 1e6: the float64 sum rounds to multiples of ulp(1e6) = 2^-33 = 1.16e-10; the subtraction is
    # exact (Sterbenz). The intended function is tanh, sigma' = sech^2 (as for R10b-5's tanh by exponentials).
    return (math.tanh(t) + 1e6) - 1e6


def _shifted_sigmoid(t):
    # sigmoid t - 0.99999: at t = 20.21 the internal sigmoid is 1 - 1.7e-9, quantum 1.1e-16; the output ~ 1e-5.
    return 1 / (1 + math.exp(-t)) - 0.99999


# R48b-1: gradient(_staircase, [0.381], 1): digits 8, df/dw_1 = 0.86781035 (0.86781035382555793); truth sech^2(0.381)
# = 0.86781278620769351 (off 2.8e-6 relative: 5 digits right of 8). float_report claims a relative error 6.4e-10
# for the slope and 3.2e-16 for the value (its true error against tanh is 1.1e-10 relative). At 3.711: digits 4,
# 0.002395 for 0.0023889503692 (off 2.7e-3); at 7.041: digits 4, 3.082e-6 for 3.0642516722e-6 (off 5.9e-3).
@pytest.mark.slow
@pytest.mark.parametrize("t", [0.381, 3.711, 7.041])
def test_staircase_lambda_digits(t):
    g = v.gradient(_staircase, [t], 1)
    _, df, _ = chain_partials(mpmath.tanh, _sech2, [t], 1, 0, 50)
    assert _honest(g, df)


# R48b-1, the worst seen: (tanh t + 1e7) - 1e7 (quantum ulp(1e7) = 1.9e-9) at t = -1.469: digits 5, df/dw_1 = 0.19364
# (0.19363861239104962); truth sech^2(-1.469) = 0.191103884908227 (off 1.3e-2: 1 digit right of 5).
@pytest.mark.slow
def test_staircase_1e7_digits():
    f = lambda t: (math.tanh(t) + 1e7) - 1e7  # noqa: E731
    g = v.gradient(f, [-1.469], 1)
    _, df, _ = chain_partials(mpmath.tanh, _sech2, [-1.469], 1, 0, 50)
    assert _honest(g, df)


def _shift_module(kind, c):
    torch = pytest.importorskip("torch")

    class Shifted(torch.nn.Module):
        def forward(self, x):
            return (torch.tanh(x) if kind == "tanh" else torch.sigmoid(x)) - c

    return Shifted()


# R48b-1 through a torch module's new difference path (the R47b-1 kind): tanh(x) - 0.9999999 at 13.92: digits 5,
# 3.1719e-12 (3.1719286031161164e-12); truth sech^2(13.92) = 3.24564947674724e-12 (off 2.3e-2: 1 digit right of 5).
# sigmoid(x) - 0.9999999 at 20.21: digits 6, 1.67787e-9; truth 1.67073864929034e-9 (off 4.3e-3: 2 right of 6).
@pytest.mark.slow
@pytest.mark.parametrize("kind,t", [("tanh", 13.92), ("sigmoid", 20.21)])
def test_shifted_module_digits(kind, t):
    c = 0.9999999
    sig = (lambda u: mpmath.tanh(u) - mpmath.mpf(c)) if kind == "tanh" else (
        lambda u: 1 / (1 + mpmath.exp(-u)) - mpmath.mpf(c))
    g = v.gradient(_shift_module(kind, c), [t], 1)
    _, df, _ = chain_partials(sig, _sech2 if kind == "tanh" else _dsigmoid, [t], 1, 0, 50)
    assert _honest(g, df)


# R48b-1, two layers: gradient(_staircase, [0.381, 1.0], 1): digits 8, df/dw_1 = 0.7624977 for 0.76249986454506635.
@pytest.mark.slow
def test_staircase_two_layers():
    w = [0.381, 1.0]
    g = v.gradient(_staircase, w, 1)
    _, df, _ = chain_partials(mpmath.tanh, _sech2, w, 1, 0, 50)
    assert _honest(g, df)


# R48b-1 as a torch module (the new difference path of a module's sigma'): same staircase, same digits.
@pytest.mark.slow
def test_staircase_torch_module():
    torch = pytest.importorskip("torch")

    class A(torch.nn.Module):
        def forward(self, x):
            return (torch.tanh(x) + 1e6) - 1e6

    g = v.gradient(A(), [0.381], 1)
    _, df, _ = chain_partials(mpmath.tanh, _sech2, [0.381], 1, 0, 50)
    assert _honest(g, df)


# R48b-1, the R47b-1 kind through differences: sigmoid - 0.99999 at 20.21 (lambda and torch module alike): digits 4,
# 1.678e-9 (1.6778670481596433e-9); truth e^-t/(1 + e^-t)^2 = 1.6707386492903414e-9 (off 4.3e-3: 2 digits right of 4).
@pytest.mark.slow
def test_shifted_sigmoid_digits():
    g = v.gradient(_shifted_sigmoid, [20.21], 1)
    _, df, _ = chain_partials(lambda t: 1 / (1 + mpmath.exp(-t)) - mpmath.mpf(0.99999), _dsigmoid, [20.21], 1, 0, 50)
    assert _honest(g, df)


# ---- probes that held -------------------------------------------------------------------------------------------

# torch modules at kinks: ReLU6 / Hardtanh beside their kinks (digits 0 within 1e-13, honest digits beyond), and a
# torch.where kink at sqrt(2) (tanh, then slope 1/4): honest at offsets 0 .. 1e-5.
@pytest.mark.slow
@pytest.mark.parametrize("t", [5.9999999999999, 5.99999, 6.0000001, 6.00001])
def test_relu6_beside_kink_held(t):
    torch = pytest.importorskip("torch")
    g = v.gradient(torch.nn.ReLU6(), [t], 1)
    want = 1 if t < 6 else 0
    if g.digits > 0:
        assert abs(float(g.df_dw[0]) - want) <= 10.0 ** (1 - g.digits)


@pytest.mark.slow
@pytest.mark.parametrize("off", [-1e-5, -3e-6, -1e-9, 1e-9, 3e-6, 1e-5])
def test_where_kink_sqrt2_held(off):
    torch = pytest.importorskip("torch")
    s2 = math.sqrt(2)

    class W(torch.nn.Module):
        def forward(self, x):
            return torch.where(x > s2, 0.25 * (x - s2) + math.tanh(s2), torch.tanh(x))

    t = s2 + off
    g = v.gradient(W(), [t], 1)
    want = mpmath.mpf(0.25) if t > s2 else _sech2(mpmath.mpf(t))
    assert g.digits <= 0 or abs(mpmath.mpf(g.df_dw[0]) - want) <= abs(want) * mpmath.mpf(10) ** (1 - g.digits)


# D(q) of the staircase as a torch module and a lambda: the moments see the noise (errors 6e-5..1.5e-4, off <= 5e-7).
@pytest.mark.slow
def test_staircase_moments_held():
    from vgtheory.core.activations import activation
    from vgtheory.meanfield.moments import Moments
    e = Moments.of(activation(_staircase), "float64", 20).D("1")
    truth = gaussian_expectation(lambda u: mpmath.sech(u) ** 4, "1", dps=30)
    assert abs(e.value - truth) <= e.error


# chi1 of tanh(x) + |x - 1|^(11/20)/10 (sigma'^2 ~ |x - 1|^-0.9, integrable) at (1.5, 0.3): 1.00890834212813 +-
# 1.4e-14; truth 1.0089083421281320127 (substituted quad). q* right.
@pytest.mark.slow
def test_singular_slope_chi1_held():
    r = v.signal("tanh(x) + Abs(x-1)**(11/20)/10", "1.5", "0.3")
    a = mpmath.mpf(11) / 20
    with mpmath.workdps(40):
        q = mpmath.mpf(r.q_star)
        w = lambda u: mpmath.exp(-u * u / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)  # noqa: E731

        def side(sg):
            def g(s):
                if s == 0:
                    return mpmath.mpf(0)
                d = sg * s ** 20
                u = 1 + d
                return (_sech2(u) + a * mpmath.sign(d) * abs(d) ** (a - 1) / 10) ** 2 * w(u) * 20 * s ** 19
            return mpmath.quad(g, [0, 1])

        f = lambda u: (_sech2(u) + a * mpmath.sign(u - 1) * abs(u - 1) ** (a - 1) / 10) ** 2 * w(u)  # noqa: E731
        d = side(-1) + side(1) + mpmath.quad(f, [-mpmath.inf, -2, 0]) + mpmath.quad(f, [2, 4, mpmath.inf])
        chi = mpmath.mpf("2.25") * d
    assert abs(r.chi1 - chi) <= r.chi1_error


# q*, chi1 of a Piecewise with kinks at sqrt(2) and pi, and the check's Theorem 2 / CIFAR numbers of a tanh/atan mix.
@pytest.mark.slow
def test_irrational_kinks_signal_held():
    r2, pi = mpmath.sqrt(2), mpmath.pi

    def pw(u):
        if u < r2:
            return mpmath.tanh(u)
        return mpmath.tanh(r2) + (min(u, pi) - r2) / 4

    def dpw(u):
        return _sech2(u) if u < r2 else (mpmath.mpf(1) / 4 if u < pi else mpmath.mpf(0))

    f = ("Piecewise((tanh(x), x < sqrt(2)), (tanh(sqrt(2)) + (x-sqrt(2))/4, x < pi), "
         "(tanh(sqrt(2)) + (pi-sqrt(2))/4, True))")
    r = v.signal(f, "1.5", "0.3")
    q, chi = mean_field(pw, dpw, [r2, pi], "1.5", "0.3", 30)
    assert abs(r.q_star - q) <= r.q_star_error and abs(r.chi1 - chi) <= r.chi1_error
