"""Held-out tests of red team R50b (numbers, errors and time bounds, against 18dcfa4): float_slope's flat-side rules
(_rms4 / _tread / _lone_steps) on staircases whose step falls at a side's window end, the ramp-bracket rule of the
float64 quadrature on clamps and kink clusters, and the precision guard of formulas at huge layer inputs.

Findings (all fixed in session 27): R50b-1 (a rounded tanh, round(tanh t, 5) at t = 0.1516767884996728: one side of
_rms4's window flat, the other's one step in its first interval, read as "plateau beside a kink", noise 0; the
difference quotients at steps exactly 8 apart (1.1 ** (k % 3) is 1 for every k of _STEPS) count 1 and 8 quanta and
agree: gradient claims 9 digits of 0.994243 where sech^2 t = 0.977342), R50b-2 (round(min(tanh t, 1/2), 5) at
atanh(1/2) - 3.5e-6, on the callable's plateau next to its last step: 9 digits of 0.372841 claimed, the slope being 0
for the callable and 0.75 for the capped tanh), R50b-3 (a float32 clamp on the float64 backend: the central
difference's ramp across each kink read as float32 "jumps", no ramp counted: D(1) off 1.46e-6 under 9.7e-11, signal's
chi1 off 3.9e-6 under 3.3e-8).

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at >= 50
digits (tests/oracles.py).
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from oracles import clamp_moments

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.core.float_slope import float_report
from vgtheory.meanfield.moments import Moments


def _sech2(t) -> mpmath.mpf:
    with mpmath.workdps(60):
        return mpmath.sech(mpmath.mpf(t)) ** 2


def _r5(t: float) -> float:
    return round(math.tanh(t), 5)


# R50b-1. round(tanh t, 5) is tanh t to within half a quantum Q = 1e-5 (|error| <= 5e-6), a staircase with treads of
# about Q / sech^2 t ~ 1e-5 wide. At t = 0.1516767884996728 the left side of _noise's window (11 points up to 10.5 h,
# h = 2^-18 1.318 t ~ 7.6e-7) is flat and the right side's single step falls between its first two points: that is
# not a "lone step" (a step at the end may be a kink), so the side is read as a kink beside a plateau and the noise as
# 0. The central differences at 2^-18 and 2^-15 (exactly 8x apart) then straddle 1 and 8 quanta: Q / (2 h) both,
# 0.99424271465..., which "agree" to 1e-12. Whatever the callable's own slope is (0 on a tread, or sech^2 of the
# tanh it rounds), 0.994243 is neither: sech^2(t) = 0.97734245..., and the rounding's quantum allows only ~Q/h ~ 1 of
# relative slope error, not 2.7e-11.
T1 = 0.1516767884996728


@pytest.mark.slow
def test_r50b_1_float_report_rounded_tanh_step_at_window_end():
    v, err, _ = float_report(_r5, mpmath.mpf(T1))
    truth = _sech2(T1)
    assert abs(v - truth) <= 10 * err * abs(truth)


@pytest.mark.slow
def test_r50b_1_gradient_digits():
    g = vgtheory.gradient(_r5, [T1], 1)
    truth = _sech2(T1)  # df/dw_1 = x sigma'(w x) with x = 1
    got = mpmath.mpf(g.df_dw[0])
    assert abs(got - truth) <= abs(truth) * mpmath.mpf(10) ** (1 - g.digits)


@pytest.mark.slow
def test_r50b_1_other_points():
    # round(sigmoid t, 5) at 0.4185666029706052: 0.248561 claimed to 6e-11, truth s(1 - s) = 0.239362
    # round(atan t, 5) at -0.08183196676109805: 0.994243 claimed to 1.9e-12, truth 1/(1 + t^2) = 0.993348
    with mpmath.workdps(60):
        cases = [(lambda t: round(1 / (1 + math.exp(-t)), 5), 0.4185666029706052,
                  (lambda s: s * (1 - s))(1 / (1 + mpmath.exp(-mpmath.mpf(0.4185666029706052))))),
                 (lambda t: round(math.atan(t), 5), -0.08183196676109805, 1 / (1 + mpmath.mpf(-0.08183196676109805) ** 2)),
                 # float32 arithmetic with an offset (quantum 2^-14): 0.758547 claimed to 1.6e-11, truth sech^2 = 0.759460
                 (lambda t: float(np.float32(1000.0 + math.tanh(t))) - 1000.0, 0.5366505059802362, _sech2(0.5366505059802362)),
                 # float64 with an offset of 2^37 (quantum 2^-15): 0.329449 claimed to 5.1e-11, truth 0.330609
                 (lambda t: (math.tanh(t) + 2.0**37) - 2.0**37, 1.1512357490241065, _sech2(1.1512357490241065))]
    wrong = []
    for g, t, truth in cases:
        v, err, _ = float_report(g, mpmath.mpf(t))
        if abs(v - truth) > 10 * err * abs(truth):
            wrong.append((t, v, err, truth))
    assert not wrong, wrong


# R50b-2. round(min(tanh t, 1/2), 5): tanh rounded to Q = 1e-5 and capped at 1/2 (kink at c = atanh(1/2)). The rounded
# values reach the cap where tanh t >= 0.499995, i.e. from c - 6.7e-6 on (sech^2 c = 3/4). At f = c - 3.477e-6 the
# callable is flat (0.5) for 6.7e-6 - 3.5e-6 to the left and for ever to the right: its own slope is 0; the slope of
# the capped tanh it rounds is sech^2 f = 0.7500026. gradient prints 0.372841 with 9 digits: neither (it is the
# central difference Q n / (2 h n) over a kink, the same at steps 8x apart: 3 and 24 quanta).
C2 = math.atanh(0.5)
T2 = 0.5493026673182951  # C2 - 3.477015759645319e-06


@pytest.mark.slow
def test_r50b_2_plateau_beside_staircase():
    g = vgtheory.gradient(lambda t: round(min(math.tanh(t), 0.5), 5), [T2], 1)
    got, tol = mpmath.mpf(g.df_dw[0]), mpmath.mpf(10) ** (1 - g.digits)
    assert abs(got) <= tol or abs(got - _sech2(T2)) <= tol * _sech2(T2), (got, g.digits)


# R50b-3. A clamp evaluated in float32, g(z) = float32 clamp(float32(z), -1, 1): its values are z rounded to float32
# (relative 2^-24) and clamped, so its moments are those of clamp(z, -1, 1) to within ~1e-7 (the kink moves by at most
# an ulp of float32(1), 6e-8): D(q) = P(|u| < 1) = erf(1/sqrt(2q)), V in closed form (oracles.clamp_moments).
# The float64 backend gives D(1) = 0.682688030 +- 9.7e-11 (truth 0.682689492, off 1.46e-6, 1.5e4 x the error) and
# signal(g, 1.2, 0.2) chi1 = 1.1258268692 +- 3.3e-8 (truth 1.1258307975 from q* = 1.44 V(q*) + 0.04, chi1 = 1.44
# D(q*); off 3.9e-6). The deficit is the central difference's ramp across each kink (slope^2 integrates to 2h/3 over
# 2h instead of h, h = 2^-17: 2 x 0.242 x h/3 = 1.2e-6): its float32 staircase is read as four "jumps" (slivers a few
# ulps wide) and no ramp is reported or counted, so nothing of it reaches the error.
def _clamp32(z: float) -> float:
    return float(min(max(np.float32(z), np.float32(-1)), np.float32(1)))


@pytest.mark.slow
def test_r50b_3_float32_clamp_D():
    r = Moments.of(activation(_clamp32), "float64", 20).D(mpmath.mpf(1))
    _, truth = clamp_moments(1, -1, 1)
    assert abs(r.value - truth) <= r.error, r


@pytest.mark.slow
def test_r50b_3_float32_clamp_signal():
    s = vgtheory.signal(_clamp32, "1.2", "0.2", backend="float64")
    with mpmath.workdps(40):
        sw2, sb2 = mpmath.mpf("1.44"), mpmath.mpf("0.04")
        q = mpmath.findroot(lambda q: q - sw2 * clamp_moments(q, -1, 1, 60)[0] - sb2, mpmath.mpf("0.66"))
        chi1 = sw2 * clamp_moments(q, -1, 1, 60)[1]
    assert abs(s.chi1 - chi1) <= s.chi1_error, (s.chi1, s.chi1_error, chi1)


# Held probes.

@pytest.mark.slow
def test_held_clamp_D_float64_sweep():
    # D of clamp(z, lo, hi) = P(lo < u < hi) (closed form, oracles.clamp_moments): within the stated error
    lo, hi = -1.0, 1.0
    m = Moments.of(activation(lambda z: min(max(z, lo), hi)), "float64", 20)
    for q in [mpmath.mpf(1) / (2.5 + 0.1 * j) ** 2 for j in range(0, 40, 3)] + [mpmath.mpf("0.05496288204001797")]:
        r = m.D(q)
        _, truth = clamp_moments(q, lo, hi)
        assert abs(r.value - truth) <= r.error, (q, r)
        assert "black box" in r.method


@pytest.mark.slow
def test_held_kink_cluster_D_float64():
    # slope 1 on (-1, 0.9), then 0.9, 0.8, ..., 0 past each kink 0.9 + 0.01 k (k = 0..9): D = sum of slope^2 P(interval)
    kinks = [0.9 + 0.01 * k for k in range(10)]

    def f(z):
        return max(z, -1.0) + 1.0 - 0.1 * sum(max(z - b, 0.0) for b in kinks) - 1.0

    with mpmath.workdps(40):
        for q in (mpmath.mpf("0.25"), mpmath.mpf(1), mpmath.mpf(1) / 16):
            s = mpmath.sqrt(q)
            pts = [mpmath.mpf(-1)] + [mpmath.mpf(b) for b in kinks] + [mpmath.inf]
            truth = sum((1 - mpmath.mpf(k) / 10) ** 2 * (mpmath.ncdf(pts[k + 1] / s) - mpmath.ncdf(pts[k] / s))
                        for k in range(11))
            r = Moments.of(activation(f), "float64", 20).D(q)
            assert abs(r.value - truth) <= r.error, (q, r, truth)


@pytest.mark.slow
@pytest.mark.parametrize("k", [100, 1500, 2100, 3000])
def test_held_formula_huge_input_cancellation(k):
    # sigma(z) = z^2 (log(z^2 + 1) - 2 log z) + tanh z = z^2 log(1 + z^-2) + tanh z: its value at z = 2^k is
    # 2 - 1/(2 z^2) + ... and sigma'(z) = 2z log(1 + 1/z^2) - 2z/(z^2 + 1) + sech^2 z = 1/z^3 + O(z^-5) (series of log(1 + u));
    # past 2^2016 the guard's first check (capped at 4096 extra bits) cannot resolve z^2 + 1
    g = vgtheory.gradient("z**2*(log(z**2+1) - 2*log(z)) + tanh(z)", [2**k], 1)
    t = mpmath.mpf(2) ** k
    with mpmath.workdps(60):
        assert abs(mpmath.mpf(g.df_dw[0]) * t**3 - 1) < mpmath.mpf(10) ** (-g.digits + 1) + 2 / t


@pytest.mark.slow
def test_held_float_report_kink_just_beyond_window():
    # tanh z + a relu(z - c), c just beyond (or inside) the noise window of f: the slope at f is sech^2 f (+ a where
    # f > c); the claim must cover it
    from vgtheory.core.float_slope import _STEPS
    for f in (0.37, 1.3, -2.2):
        h = _STEPS[2] * abs(f)
        for m in (3.0, 11.0, 40.0, 300.0, 5000.0):
            for sgn in (1, -1):
                c = f + sgn * m * h
                v, err, _ = float_report(lambda t, c=c: math.tanh(t) + 0.3 * max(t - c, 0.0), mpmath.mpf(f))
                truth = _sech2(f) + (mpmath.mpf("0.3") if f > c else 0)
                if math.isfinite(err):
                    assert abs(v - truth) <= 10 * err * truth, (f, c, v, err)


@pytest.mark.slow
def test_held_float_report_round7():
    # round(tanh t, 7) (R49b-1's family): every finite claim covers sech^2 t, on a fixed grid
    for k in range(60):
        t = -1.9 + 0.0637 * k
        v, err, _ = float_report(lambda s: round(math.tanh(s), 7), mpmath.mpf(t))
        if math.isfinite(err) and err < 0.1:
            assert abs(v - _sech2(t)) <= 10 * err * _sech2(t), (t, v, err)
