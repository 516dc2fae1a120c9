"""Red-team findings R14b-4 and R14b-5: features that a formula places where the fixed sampling
windows and grids do not look.

R14b-4: sech²(10^5 sin(z/100)) is a bump of width ~10^-3 at every 100kπ; sin(z/100) crosses a
multiple of π/2 only every 157 units, never inside the 16-wide far windows, and the samples 2^k·r
never land on a bump. R14b-5: tanh((z - 1500)/10)/10^5 bends σ convex on (1480, 1500), past the
(0, 1000] grid, and the zero 1500 of its linear argument was dropped as "not a zero" (arb cannot
confirm an exact 0 relative to itself).

Every truth here is computed in the test: mpmath at 60 digits on the formula written out by hand,
derivatives by mpmath.diff (numeric differentiation at that precision), not from the package.
"""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.core.activations import activation
from vgtheory.properties.numeric_properties import bounded_numeric, positive_limit_numeric, vanishing_numeric

R14B4 = "atan(x) + x**3*sech(100000*sin(x/100))**2/(1000+x**4)"
R14B4_BOUNDED = "atan(x) + x*sech(100000*sin(x/100))**2"
#: The same bumps, faded in only past ~10^10 (a factor z²/(10^20 + z²)): both phase windows miss them.
R14B4_FAR = "atan(x) + x**5*sech(100000*sin(x/100))**2/(1000+x**4)/(10**20+x**2)"
R14B5_CONVEX = "atan(x) + tanh((x-1500)/10)/100000 + tanh(150)/100000"
R14B5_FALLING = "atan(x) - tanh((x-1500)/10)/20000 - tanh(150)/20000"


def _r14b4(z, fade=False):
    bump = z**3 * mpmath.sech(100000 * mpmath.sin(z / 100)) ** 2 / (1000 + z**4)
    return mpmath.atan(z) + (bump * z**2 / (mpmath.mpf(10) ** 20 + z**2) if fade else bump)


def _max_z_slope_near(fn, centre):
    """max |z σ'(z)| over a fine scan of centre ± 3·10^-3 (mpmath.diff at 60 digits)."""
    with mpmath.workdps(60):
        pts = [centre + mpmath.mpf(i) / 10**5 for i in range(-300, 301, 3)]
        return max(abs(t * mpmath.diff(fn, t)) for t in pts)


@pytest.mark.parametrize("k", [1, 10**6])
def test_truth_r14b4_bumps_keep_z_sigma_prime_large(k):
    # The construction: near every 100kπ, |z σ'| ~ 770 (bump height ~1/z, width ~10^-3).
    with mpmath.workdps(60):
        assert _max_z_slope_near(_r14b4, 100 * k * mpmath.pi) > 500


def test_r14b4_vanishing_derivative_is_refuted():
    result = vanishing_numeric(activation(R14B4), 30)
    assert result.verdict == "fails", result


@pytest.mark.slow
def test_r14b4_bumps_faded_in_past_the_phase_windows_still_refute():
    with mpmath.workdps(60):
        # Truth: at 100kπ near 2^60 the factor z²/(10^20 + z²) is 1 - 10^-16, and |zσ'| is still ~770.
        centre = 100 * mpmath.pi * mpmath.floor(mpmath.mpf(2) ** 60 / (100 * mpmath.pi))
        with mpmath.workdps(80):
            assert _max_z_slope_near(lambda t: _r14b4(t, fade=True), centre) > 500
    assert vanishing_numeric(activation(R14B4_FAR), 30).verdict != "holds"


# Truths: where the sech factor is 1, sigma(z) > z: unbounded, no limit. R14b-4's bounded variant: sin(k pi) = 0 at
# z = 100 k pi. The bumps of sech^2(10^5 (sin(z/100) - 1/2)) lie where sin(z/100) = 1/2, 52 units from any
# multiple of pi/2 (off the phase points).
@pytest.mark.parametrize("formula, sigma, witness", [
    (R14B4_BOUNDED, lambda z: mpmath.atan(z) + z * mpmath.sech(100000 * mpmath.sin(z / 100)) ** 2,
     lambda: 100 * 10**4 * mpmath.pi),
    ("atan(x) + x*sech(100000*(sin(x/100)-1/2))**2",
     lambda z: mpmath.atan(z) + z * mpmath.sech(100000 * (mpmath.sin(z / 100) - mpmath.mpf(1) / 2)) ** 2,
     lambda: 100 * (2 * 10**6 * mpmath.pi + mpmath.pi / 6)),
])
@pytest.mark.slow
def test_unbounded_bumps_far_out_refute_the_limit_and_the_decay(formula, sigma, witness):
    with mpmath.workdps(60):
        z = witness()
        assert sigma(z) > z
    act = activation(formula)
    assert bounded_numeric(act, 30).verdict != "holds"
    assert positive_limit_numeric(act, 30).verdict == "fails"
    assert vanishing_numeric(act, 30).verdict == "fails"


@pytest.mark.slow
def test_r14b4_spikes_faded_in_past_the_phase_windows_leave_bounded_and_limit_undecided():
    formula = "atan(x) + x**3*sech(100000*sin(x/100))**2/(10**20+x**2)"
    with mpmath.workdps(60):
        # Truth: at z = 100kπ the sech factor is 1, and z³/(10^20 + z²) > z/2 once z > 10^10: unbounded, no limit.
        z = 100 * mpmath.pi * 10**12
        assert mpmath.atan(z) + z**3 * mpmath.sech(100000 * mpmath.sin(z / 100)) ** 2 / (mpmath.mpf(10) ** 20 + z**2) > z / 2
    act = activation(formula)
    assert bounded_numeric(act, 30).verdict != "holds"
    assert positive_limit_numeric(act, 30).verdict != "holds"


@pytest.mark.slow  # 2-6 s: the default suite keeps under 3 minutes (session 32)
def test_r14b4_shape_increasing_is_refuted_on_the_falling_side_of_the_bump():
    from vgtheory.theorems.shape_evidence import _numeric_shape

    with mpmath.workdps(60):
        # Truth: sigma' < 0 just past 100π (the bump falls by ~3·10^-3 over ~10^-3).
        slopes = [mpmath.diff(_r14b4, 100 * mpmath.pi + mpmath.mpf(i) / 10**5) for i in range(10, 200, 10)]
        assert min(slopes) < -1
    assert _numeric_shape(activation(R14B4, name="w"), "w", True, False).verdict == "fails"


@pytest.mark.slow
def test_r14b4_bumps_only_past_the_grid_refute_increasing():
    from vgtheory.theorems.shape_evidence import _numeric_shape

    formula = "atan(x) + x**3*sech(100000*sin(x/100))**2/(1000+x**4)*x**8/(10**30+x**8)"

    def sigma(z):
        return (mpmath.atan(z) + z**3 * mpmath.sech(100000 * mpmath.sin(z / 100)) ** 2 / (1000 + z**4)
                * z**8 / (mpmath.mpf(10) ** 30 + z**8))

    with mpmath.workdps(60):
        # Truth: the bumps fade in past ~5600 (10^30 = 5623^8); at 3200π ~ 10053 sigma' < 0 just past the bump's top.
        centre = 3200 * mpmath.pi
        assert min(mpmath.diff(sigma, centre + mpmath.mpf(i) / 10**5) for i in range(10, 200, 10)) < -mpmath.mpf(10) ** -3
    assert _numeric_shape(activation(formula, name="w"), "w", True, False).verdict == "fails"


def test_r14b5_zero_of_a_linear_argument_is_a_feature_point():
    from vgtheory.properties.features import feature_points

    assert mpmath.mpf(1500) in feature_points(activation(R14B5_CONVEX).expr, 0)


def test_r14b5_convex_bend_past_the_grid_refutes_concavity():
    from vgtheory.theorems.shape_evidence import _numeric_shape

    with mpmath.workdps(40):
        def sigma(z):
            return mpmath.atan(z) + mpmath.tanh((z - 1500) / 10) / 100000 + mpmath.tanh(150) / 100000
        # Truth: sigma''(1490) > 0 (the lower half of the step is convex, its curvature beats atan'').
        assert mpmath.diff(sigma, mpmath.mpf(1490), 2) > mpmath.mpf("6e-8")
    assert _numeric_shape(activation(R14B5_CONVEX, name="w"), "w", False, True).verdict == "fails"


def test_r14b5_falling_step_past_the_grid_refutes_increasing():
    from vgtheory.theorems.shape_evidence import _numeric_shape

    with mpmath.workdps(40):
        # Truth: sigma'(1500) = 1/(1 + 1500²) - 1/200000 < 0.
        assert mpmath.mpf(1) / (1 + 1500**2) - mpmath.mpf(1) / 200000 < -4 * mpmath.mpf(10) ** -6
    assert _numeric_shape(activation(R14B5_FALLING, name="w"), "w", True, False).verdict == "fails"


def test_phase_points_of_a_slow_argument_are_found_past_the_16_wide_window():
    import sympy as sp

    from vgtheory.core.parsing import Z
    from vgtheory.properties.features import PHASE_WINDOWS, oscillating_arguments, phase_points

    with mpmath.workdps(30):
        points = phase_points(oscillating_arguments(sp.sin(Z / 100)), 1, PHASE_WINDOWS[0])
        assert points
        for t in points:
            # Each is where t/100 is a multiple of pi/2, within [2^10, 2^11).
            assert PHASE_WINDOWS[0] <= t < 2 * PHASE_WINDOWS[0]
            k = mpmath.nint(t / 100 / (mpmath.pi / 2))
            assert abs(t / 100 - k * mpmath.pi / 2) < mpmath.mpf(10) ** -20


def test_ordinary_oscillating_tail_still_holds():
    # tanh z + sin z/(1 + z²): |z σ'| <= z sech² z + z/(1 + z²) + 2z²/(1 + z²)² -> 0 (a 1/z decay).
    assert vanishing_numeric(activation("tanh(x) + sin(x)/(1+x**2)"), 30).verdict == "holds"
