"""Session 12 fixes of signal (red team 11b): narrow features and singular points of sigma past
|u| = 16, where the Gaussian N(0, q) still has weight (R11b-1, R11b-2).

Truths are independent of the package: scipy's adaptive quadrature split at every bump with
brentq for the fixed point, and analytic arguments (a bump's share of D, Poisson summation).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from vgtheory.meanfield.features import window_for
from vgtheory.meanfield.moments import Moments
from vgtheory.meanfield.propagation import signal

scipy_integrate = pytest.importorskip("scipy.integrate")
scipy_optimize = pytest.importorskip("scipy.optimize")

BUMPS = "tanh(x)+exp(-10**6*sin(x/7)**2)/2"
# Near c_k = 7k*pi, sigma' = -a (u - c) e^{-a (u - c)^2} with a = 10^6/49: each bump adds
# int sigma'^2 = a^2 int t^2 e^{-2 a t^2} dt = sqrt(pi a)/(4 sqrt 2) times the density at c_k.
A = 1e6 / 49
BUMP_MASS = math.sqrt(math.pi * A) / (4 * math.sqrt(2))


def _sigma(u):
    return np.tanh(u) + 0.5 * np.exp(-1e6 * np.sin(u / 7) ** 2)


def _slope(u):
    with np.errstate(over="ignore"):
        sech2 = 1 / np.cosh(u) ** 2
    return sech2 - 1e6 / 7 * np.sin(u / 7) * np.cos(u / 7) * np.exp(-1e6 * np.sin(u / 7) ** 2)


def _gauss(h, q: float) -> float:
    """E[h(u)^2], u ~ N(0, q), by scipy quad on pieces split at every bump 7k*pi (+-2e-3, 1e-2, 6e-2)."""
    root, edge = math.sqrt(q), 40 * math.sqrt(q)
    points = {-edge, edge}
    for k in range(-int(edge / (7 * math.pi)) - 1, int(edge / (7 * math.pi)) + 2):
        points |= {7 * math.pi * k + d for d in (-0.06, -0.01, -0.002, 0, 0.002, 0.01, 0.06) if abs(7 * math.pi * k + d) < edge}
    points = sorted(points)
    f = lambda u: h(u) ** 2 * math.exp(-u * u / (2 * q)) / (root * math.sqrt(2 * math.pi))  # noqa: E731
    return sum(scipy_integrate.quad(f, a, b, epsabs=0, epsrel=1e-13, limit=200)[0] for a, b in zip(points, points[1:]))


@pytest.fixture(scope="module")
def bumps_truth() -> tuple[float, float]:
    """(q*, chi1) of BUMPS at sigma_w = 20, sigma_b = 0."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q = scipy_optimize.brentq(lambda q: 400 * _gauss(_sigma, q) - q, 300, 450, xtol=1e-11, rtol=1e-14)
        chi1 = 400 * _gauss(_slope, q)
    # The analytic share: bumps k = 0, +-1, +-2, ... at q* and tanh's (4/3)/sqrt(2 pi q) give D ~ 2.06.
    density = lambda u: math.exp(-u * u / (2 * q)) / math.sqrt(2 * math.pi * q)  # noqa: E731
    analytic = 400 * (BUMP_MASS * sum(density(7 * math.pi * k) for k in range(-20, 21)) + 4 / 3 / math.sqrt(2 * math.pi * q))
    assert abs(chi1 - analytic) < 0.01 * analytic
    return q, chi1


def test_window_covers_the_gaussian_at_q() -> None:
    assert window_for(1) == 16
    assert window_for(384) >= 12 * math.sqrt(384)


@pytest.mark.slow
def test_bumps_past_sixteen_count_in_chi1(bumps_truth) -> None:
    """R11b-1: the bumps at 7k*pi, |k| >= 1, beyond |u| = 16, hold more than half of chi1 at q* = 384
    (chi1 was 375.49 +- 5.6e-12, truth 825.02)."""
    q_true, chi1_true = bumps_truth
    r = signal(BUMPS, 20, 0, backend="float64")
    assert r.chi1_error < 1e-6 * chi1_true
    assert abs(r.chi1 - chi1_true) <= r.chi1_error + 1e-10 * chi1_true
    assert abs(r.q_star - q_true) <= r.q_star_error + 1e-10 * q_true


@pytest.mark.slow
def test_bumps_past_sixteen_count_in_d_mpmath(bumps_truth) -> None:
    """R11b-1 in mpmath (a whole signal run there takes ~15 s): D(q*) = chi1/sigma_w^2 within its error."""
    q_true, chi1_true = bumps_truth
    d = Moments.of(BUMPS, "mpmath").D(mpmath.mpf(q_true))
    assert d.error < 1e-9
    assert abs(400 * d.value - chi1_true) <= 400 * d.error + 1e-10 * chi1_true


@pytest.mark.slow
def test_features_not_all_found_leave_no_tight_error() -> None:
    """At q = 10^6 the bumps out to |u| ~ 4e4 matter (thousands of them, past the widest window):
    D(q) = BUMP_MASS * sum_k phi_q(7k pi) + O(q^-1/2) = BUMP_MASS/(7 pi) (Poisson summation, the
    period 7 pi is 1/45 of the deviation), and the claimed error must cover it."""
    truth = BUMP_MASS / (7 * math.pi)
    d = Moments.of(BUMPS, "float64").D(mpmath.mpf(10) ** 6)
    assert abs(d.value - truth) <= d.error + 2e-3 * truth


@pytest.mark.slow
def test_non_integrable_point_past_sixteen_gives_infinite_d() -> None:
    """R11b-2: at u0 = 20 pi = 62.8, |cos(u/40)| ~ |u - u0|/40, so sigma'^2 = sin^2(u/40)/(6400*100|cos(u/40)|)
    ~ 1/(16000|u - u0|) is not integrable, and D(q) = +oo for every q > 0 (chi1 was finite at q ~ 387)."""
    f = "tanh(x)+sqrt(Abs(cos(x/40)))/10"
    with mpmath.workdps(40):
        u0 = 20 * mpmath.pi
        slope = lambda u: 1 - mpmath.tanh(u) ** 2 - mpmath.sin(u / 40) * mpmath.sign(mpmath.cos(u / 40)) / (800 * mpmath.sqrt(abs(mpmath.cos(u / 40))))  # noqa: E731
        for eps in (mpmath.mpf(10) ** -12, -mpmath.mpf(10) ** -12):
            assert abs(abs(eps) * slope(u0 + eps) ** 2 * 16000 - 1) < 1e-6
    d = Moments.of(f, "mpmath").D(mpmath.mpf(400))
    assert d.value == mpmath.inf
