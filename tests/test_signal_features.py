"""Signal propagation on activations with narrow features, singular σ' and tiny scales (issue 16).

Every truth here comes from an independent computation: mpmath.quad on the hand-written σ'
with the feature points as breakpoints, or an exact argument (σ'(0) = 1)."""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.meanfield.moments import Moments
from vgtheory.meanfield.propagation import critical_init, signal

#: tanh plus a Gaussian bump of width 1e-3 at z = 1/2; its σ' is large only on |z - 1/2| < ~3e-3.
BUMP = "tanh(x) + exp(-(1000*(x-1/2))**2)/20"
#: σ' has an integrable singularity at z = 1 (σ'² ~ |z - 1|^(-2/3)).
CUSP = "tanh(x) + exp(-x**2)*((x-1)**2)**(1/3)"


def _bump_value(u):
    return mpmath.tanh(u) + mpmath.exp(-(1000 * (u - mpmath.mpf(1) / 2)) ** 2) / 20


def _bump_slope(u):
    c = u - mpmath.mpf(1) / 2
    return mpmath.sech(u) ** 2 - 2 * 1000**2 * c * mpmath.exp(-(1000 * c) ** 2) / 20


def _cusp_truth(q):
    """E[σ'(u)²] of CUSP, u ~ N(0, q), at 40 digits: within 1 of the cusp u = 1 + s with s = ±t³
    and σ' written in s (so u − 1 is never rounded). Plain mpmath.quad on (0, 1, 2) stops its
    nodes ~1e-36 from the cusp and loses a mass ~(1e-36)^(1/3) = 3e-13 there (the package's
    earlier rules missed the same mass, 7e-9 at 20 digits, and agreed with that truth)."""
    with mpmath.workdps(40):
        q = mpmath.mpf(q)

        def f(s):
            u = 1 + s
            e = mpmath.exp(-u * u)
            cusp = e * mpmath.mpf(2) / 3 * mpmath.sign(s) * abs(s) ** (-mpmath.mpf(1) / 3)
            slope = mpmath.sech(u) ** 2 - 2 * u * e * mpmath.cbrt(s * s) + cusp
            return slope**2 * mpmath.exp(-u * u / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)

        near = mpmath.quad(lambda t: 3 * t**2 * (f(t**3) + f(-(t**3))), [0, 1])
        return near + mpmath.quad(f, [-mpmath.inf, -1]) + mpmath.quad(f, [1, mpmath.inf])


def _truth(h, q, points):
    """E[h(u)²], u ~ N(0, q), by mpmath.quad split at ``points`` (30 digits)."""
    with mpmath.workdps(30):
        q = mpmath.mpf(q)
        f = lambda u: h(u) ** 2 * mpmath.exp(-u * u / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)  # noqa: E731
        return mpmath.quad(f, [-mpmath.inf, *points, mpmath.inf])


BUMP_POINTS = [0, mpmath.mpf("0.49"), mpmath.mpf("0.498"), mpmath.mpf("0.5"), mpmath.mpf("0.502"), mpmath.mpf("0.51")]


@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_narrow_bump_is_not_stepped_over(backend: str) -> None:
    moments = Moments.of(BUMP, backend)
    assert any(abs(c - mpmath.mpf(1) / 2) < 1e-12 and 0 < w < 1e-2 for c, w in moments.features)
    d = moments.D(1)
    truth = _truth(_bump_slope, 1, BUMP_POINTS)
    # The estimate is honest (covers the distance to the truth) and small.
    assert abs(d.value - truth) <= d.error + 1e-15 and d.error < 1e-9


def test_bump_changes_the_phase_and_the_package_sees_it() -> None:
    """At σ_w = 1, σ_b = 0.1 tanh is ordered (χ₁ = 0.876); the bump (width 1e-3) makes it
    chaotic (χ₁ = 1.776), and the package must follow the independent truth (float64 backend,
    as ``vgtheory check`` uses; the mpmath backend's D is checked above)."""
    r = signal(BUMP, 1, "0.1", backend="float64")
    assert r.q_state == "converged"
    q = r.q_star
    # q* is a fixed point of the independently computed length map ...
    length = _truth(_bump_value, q, BUMP_POINTS) + mpmath.mpf("0.01")
    assert abs(length - q) < 1e-9 * q
    # ... and chi1 = sigma_w^2 D(q*) agrees with the independent D within the stated error.
    chi1 = _truth(_bump_slope, q, BUMP_POINTS)
    assert abs(r.chi1 - chi1) <= r.chi1_error + 1e-12 and r.chi1_error < 1e-8
    plain = signal("tanh", 1, "0.1", backend="float64")
    assert plain.phase == "ordered" and r.phase == "chaotic" and chi1 > 1


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_integrable_singularity_of_sigma_prime(backend: str) -> None:
    """σ'² ~ |z − 1|^(−2/3) at z = 1: D(q) is finite; the quadrature never evaluates at 1."""
    d = Moments.of(CUSP, backend).D(1)
    truth = _cusp_truth(1)
    assert abs(d.value - truth) <= 2 * d.error + 1e-14 and d.error < 1e-8


def test_q_to_zero_limit_uses_the_exact_slope() -> None:
    """tanh(10²⁵ z)/10²⁵ has σ'(0) = 1 exactly, but σ' ≈ 0 at any fixed u ≥ 10⁻²⁰: at σ_w = 1 the
    orbit falls to q* = 0 and χ₁ = σ_w² σ'(0)² = 1 (it was reported 0, ordered)."""
    r = signal("tanh(10**25*x)/10**25", 1)
    assert r.q_star == 0 and r.chi1 == 1 and r.phase == "critical"
    crit = critical_init("tanh(10**25*x)/10**25")
    assert crit.sigma_w == 1  # it was 2.6e25, labelled critical


def test_tiny_scale_is_exact_by_scale_invariance() -> None:
    """σ_s(u) = s tanh(u/s) at s = 1e-15, σ_w = 1: χ₁ = 1 exactly (it was 0.9999999998). float64:
    the mpmath orbit of tanh at the edge of chaos takes 25 s (q* = 0 approached like 1/(2l))."""
    r = signal("tanh", 1, s="1e-15", backend="float64")
    assert r.q_star == 0 and r.chi1 == 1 and r.phase == "critical"
    crit = critical_init("tanh", s="1e-15", backend="float64")
    assert crit.sigma_w == 1 and crit.check.chi1 == 1


def test_scaled_orbit_is_the_rescaled_orbit() -> None:
    """q*(σ_s; σ_b, q0) = s² q*(σ; σ_b/s, q0/s²) and χ₁ equal: checked against a direct
    iteration of σ_s's own length map."""
    scaled = signal("tanh", "1.5", "0.3", s=10, backend="float64")
    direct = signal("10*tanh(x/10)", "1.5", "0.3", backend="float64")
    assert abs(scaled.q_star - direct.q_star) < 1e-10 * direct.q_star
    assert abs(scaled.chi1 - direct.chi1) < 1e-10 and scaled.sigma_b == direct.sigma_b
