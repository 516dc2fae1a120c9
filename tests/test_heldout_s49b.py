"""Held-out tests of red team R49b (numbers, errors and time bounds, against e405f6e): the quartic-fit noise of a
float64 callable's values (float_slope._rms4) on staircases whose treads are flat across the 11 fitted points of one
side; the float64 quadrature's innermost-ramp rule on a callable clamp's central-difference slope (a ramp 2^-16 wide
around each kink) at a small q*; tiny real kinks (slope changes 1e-12 .. 1e-6) through Moments D/V on both backends; a
tanh that cancels on one side of 0 only.

Findings (fixed in session 27: a flat side of _rms4 is a plateau beside a kink, a tread beside lone steps; the outermost of nested ramp brackets is counted): R49b-1 (round(tanh(t), 7) and (tanh(t) + 3e5) - 3e5 at a saturated t: _rms4
reads 0 noise where one side's 11 values are all equal, and gradient claims 6 / 3 digits with 1 right), R49b-2
(Moments D of the float64 lambda min(max(z, -1), 1) on the float64 backend at q = 0.05496: 9.7e-10 off under an
error of 5e-15; critical_init(..., "0.001", backend="float64") sigma_w off 9.7e-10 under 1.3e-14).

Every truth is independent of the package: sech^2 and the clamp's moments in closed form (tests/oracles.py
clamp_moments, 40 digits), the kinked tanh's moments by tests/oracles.py gaussian_expectation split at the kink.
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
import torch

from oracles import agrees, clamp_moments, gaussian_expectation

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.core.float_slope import float_report
from vgtheory.meanfield.moments import Moments


def _sech2(t) -> mp.mpf:
    with mp.workdps(50):
        return mp.sech(mp.mpf(t)) ** 2


# R49b-1. round(tanh t, 7) at t = -4.799: sech^2 = 2.714e-4, so over the 11 points of _rms4's window on one side
# (h = 2^-18 1.3183 1.21 |t| ~ 2.9e-5, window ~ 3e-4) the values move ~8e-8 < the quantum 1e-7: one side's 11 values
# are often all equal, its quartic residual 0, and _rms4 keeps the smaller side: noise 0. (tanh t + 3e5) - 3e5 at
# 8.891: sech^2 = 7.6e-8, window ~ 5.7e-4, change 4.3e-11 < ulp(3e5) = 5.8e-11: the same. The intended sigma' is
# sech^2 (the callable's own slope is 0 between steps): either way the printed digits are not known.
STAIRS = [
    (lambda t: round(math.tanh(t), 7), -4.799),   # prints digits 6, 0.000258971 for 0.000271420 (off 4.6e-2)
    (lambda t: round(math.tanh(t), 7), 4.821),    # digits 6, 0.00025779 for 0.000259738 (off 7.5e-3)
    (lambda t: (math.tanh(t) + 3e5) - 3e5, 8.891),  # digits 3, 8.14e-8 for 7.576e-8 (off 7.4e-2)
    (lambda t: round(math.tanh(t), 9), -7.389),   # digits 4, 1.682e-6 for 1.5278e-6 (off 1e-1)
    # float32 values: float32(tanh t) steps by 2^-24 ~ 6e-8 near 1, sech^2(5.1537) * window ~ 4.5e-8 < that
    (lambda t: float(np.float32(math.tanh(t))), 5.1537),  # digits 6, 0.000143735 for 0.000133532 (off 7.6e-2)
]


class _Tanh32(torch.nn.Module):
    """tanh in float32 inside a float64 module (the values are float32 tanh, returned as float64)."""

    def forward(self, x):
        return torch.tanh(x.float()).double()


@pytest.mark.slow
def test_r49b_1_float32_torch_module():
    r = vgtheory.gradient(_Tanh32(), [5.1537], 1)
    assert r.digits == 0 or agrees(r.df_dw[0], _sech2(5.1537), r.digits)


@pytest.mark.slow
@pytest.mark.parametrize("g,t", STAIRS)
def test_r49b_1_flat_tread_staircase_gradient_digits(g, t):
    r = vgtheory.gradient(g, [t], 1)
    # agrees(.., digits): within 10^(1 - digits) relative, one digit of slack
    assert r.digits == 0 or agrees(r.df_dw[0], _sech2(t), r.digits)


@pytest.mark.slow
def test_r49b_1_float_report_error_covers():
    g, t = STAIRS[0]
    d, rel, _ = float_report(g, mp.mpf(t))
    assert abs(d - _sech2(t)) <= 10 * rel * _sech2(t)


@pytest.mark.slow
def test_r49b_1_float32_torch_module_forward_digits():
    g = vgtheory.gradient(_Tanh32(), [5.1537], 1)
    with mp.workdps(50):
        truth = mp.tanh(mp.mpf(5.1537))
    assert g.forward_digits == 0 or agrees(g.output, truth, g.forward_digits)


CLAMP = lambda z: min(max(z, -1.0), 1.0)  # noqa: E731
Q_CRIT = "0.05496288204001797"


@pytest.mark.slow
def test_r49b_2_clamp_D_float64_small_q():
    # clamp(z, -1, 1): sigma' = 1 on (-1, 1), 0 outside: D(q) = P(|u| < 1) = erf(1/sqrt(2q)) exactly.
    _, D = clamp_moments(mp.mpf(Q_CRIT), -1, 1, 40)
    e = Moments.of(activation(CLAMP), "float64", 20).D(mp.mpf(Q_CRIT))
    assert abs(e.value - D) <= e.error


@pytest.mark.slow
def test_r49b_2_clamp_critical_init_float64():
    # Truth: chi1 = sw^2 D(q*) = 1 and q* = sw^2 V(q*) + sb^2  =>  q = V(q)/D(q) + sb^2, sw = 1/sqrt(D(q)),
    # V, D of the clamp in closed form; findroot at 40 digits: sw = 1.00000997447533910...
    with mp.workdps(40):
        def F(q):
            V, D = clamp_moments(q, -1, 1, 40)
            return V / D + mp.mpf("0.001") ** 2 - q
        q = mp.findroot(F, mp.mpf(1))
        sw = 1 / mp.sqrt(clamp_moments(q, -1, 1, 40)[1])
    r = vgtheory.critical_init(CLAMP, "0.001", backend="float64")
    assert abs(r.sigma_w - sw) <= r.sigma_w_error


@pytest.mark.slow
def test_r49b_2_asymmetric_clamp_D_float64():
    # sigma' = 1 on (-0.3, 0.7): D(q) = P(-0.3 < u < 0.7), u ~ N(0, q), in closed form
    _, D = clamp_moments(mp.mpf(1) / 64, "-0.3", "0.7", 40)
    e = Moments.of(activation(lambda z: min(max(z, -0.3), 0.7)), "float64", 20).D(mp.mpf(1) / 64)
    assert abs(e.value - D) <= e.error


# ---- probes that held ----

@pytest.mark.slow
def test_held_clamp_D_mpmath_small_q():
    _, D = clamp_moments(mp.mpf(Q_CRIT), -1, 1, 40)
    e = Moments.of(activation(CLAMP), "mpmath", 20).D(mp.mpf(Q_CRIT))
    assert abs(e.value - D) <= e.error * 1.01


@pytest.mark.slow
@pytest.mark.parametrize("eps", [1e-12, 1e-9, 1e-7, 1e-6])
@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_held_tiny_real_kink_moments(eps, backend):
    # tanh z + eps relu(z - 0.3): sigma' = sech^2 z + eps [z > 0.3]
    f = lambda z: math.tanh(z) + eps * max(z - 0.3, 0.0)  # noqa: E731
    m = Moments.of(activation(f), backend, 20)
    D = gaussian_expectation(lambda u: (mp.sech(u) ** 2 + (eps if u > 0.3 else 0)) ** 2, 1, [0.3], 40)
    V = gaussian_expectation(lambda u: (mp.tanh(u) + (eps * (u - 0.3) if u > 0.3 else 0)) ** 2, 1, [0.3], 40)
    d, v = m.D(1), m.V(1)
    assert abs(d.value - D) <= d.error and abs(v.value - V) <= v.error


@pytest.mark.slow
@pytest.mark.parametrize("t", [3e-15, 1e-14, 1e-13, 1e-12])
def test_held_one_sided_cancelling_tanh_value_error(t):
    # tanh by exponentials for t > 0 only (1 - e^-2t cancels), math.tanh for t <= 0: the window of _rms4 crosses 0
    def g(x):
        if x > 0:
            e = math.exp(-2 * x)
            return (1 - e) / (1 + e)
        return math.tanh(x)
    _, _, verr = float_report(g, mp.mpf(t))
    with mp.workdps(40):
        actual = abs((g(t) - mp.tanh(mp.mpf(t))) / mp.tanh(mp.mpf(t)))
    assert actual <= verr
