"""Quick default-suite versions of the fixes of session 22 (open findings of rounds R27 and R31, and rounds R32-R34;
the held-out originals are in tests/test_heldout_s27b.py, tests/test_heldout_s31{a,b}.py and
tests/test_heldout_s3{2,3,4}{a,b}.py, which run in the slow suite)."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

import vgtheory

from oracles import agrees, product_chain


def _bump_chain(x: mpmath.mpf, w: list) -> tuple:
    return product_chain(lambda t: t * mpmath.exp(-t * t), lambda t: (1 - 2 * t * t) * mpmath.exp(-t * t), w, x)


def test_exact_zero_slope_at_an_irrational_input_is_zero_and_keeps_the_rest():
    # R27b-4: sigma'(t) = (1 - 2t^2) e^{-t^2} vanishes exactly at t_1 = sqrt(2)/2, so df/dw_1 = 0; f, the loss and
    # the later partials are well conditioned and must keep every digit asked (they were all "undetermined")
    g = vgtheory.gradient("z*exp(-z**2)", [1, 3, 2], x=sp.sqrt(2) / 2, y=1, dps=30)
    assert g.df_dw[0] == 0 and g.digits == g.loss_digits == g.forward_digits == 30
    with mpmath.workdps(80):
        f, df = _bump_chain(mpmath.sqrt(2) / 2, [1, 3, 2])
        assert agrees(g.output, f, 30) and agrees(g.loss, (f - 1) ** 2 / 2, 30)
        assert all(agrees(a, b, 30) for a, b in zip(g.df_dw[1:], df[1:]))


def test_a_tiny_nonzero_slope_at_an_irrational_input_is_not_taken_for_zero():
    # control: t_1 = sqrt(2)/2 + sqrt(3)/10^40, where sigma'(t_1) ~ -2.8e-40 is not 0; the package must give it
    x = sp.sqrt(2) / 2 + sp.sqrt(3) / 10**40
    g = vgtheory.gradient("z*exp(-z**2)", [1, 3], x=x, dps=20)
    with mpmath.workdps(120):
        _, df = _bump_chain(mpmath.sqrt(2) / 2 + mpmath.sqrt(3) / mpmath.mpf(10) ** 40, [1, 3])
        assert df[0] != 0 and g.df_dw[0] != 0
        assert g.digits >= 15 and agrees(g.df_dw[0], df[0], 15)


def test_rate_at_a_zero_of_the_slope_has_no_digits():
    # R31a-3: sigma = (z^2 + z)/(z^2 + 1) has sigma'(1 + sqrt 2) = 0 and sigma(1 + sqrt 2) = (1 + sqrt 2)/2, so at w = 2
    # z* = (1 + sqrt 2)/2 and rho = 2 sigma'(2 z*) = 0 exactly: z* known to 40 digits fixes no digit of rho
    from vgtheory.core.activations import activation
    from vgtheory.theorems.theorem2_fixed_point import _rho_digits

    sig = activation("(z**2+z)/(z**2+1)")
    with mpmath.workdps(60):
        z_star = (1 + mpmath.sqrt(2)) / 2 * (1 + mpmath.mpf(10) ** -41)  # within 10^-40 of the truth
        assert _rho_digits(sig, mpmath.mpf(2), z_star, 40, 20) == 0
        # control: tanh at w = 2, z* = tanh(2 z*) (findroot, independent of the package): rho = 2 sech^2(2 z*) ~ 0.166
        # is well conditioned there, and 40 digits of z* fix at least 20 of it
        t_star = mpmath.findroot(lambda u: mpmath.tanh(2 * u) - u, 1)
        assert _rho_digits(activation("tanh"), mpmath.mpf(2), t_star, 40, 20) == 20


@pytest.mark.slow  # over a second: the default suite keeps within its 3 minutes
def test_theorem2_claims_on_an_unresolved_rate_are_inconclusive():
    from vgtheory.theorems.theorem2 import theorem2

    r = theorem2("(z**2+z)/(z**2+1)", w=2, x=1, depth=3, dps=15)
    assert r.rho_digits == 0 and r.to_dict()["rho"] == "undetermined"
    decay = next(c for c in r.claims if "geometric decay" in c.statement)
    assert decay.verdict == "inconclusive" and "not resolved" in decay.detail


def test_feature_probes_reach_a_bump_far_beside_a_triple_zero():
    # R31b-2: h(t) = t u'(t) sech^2(u(t)) with u = (t - 10^7)^3/10^6 has its zero (and critical point) at 10^7 and its
    # peak where u ~ 0.6, about 85 beyond it; probes within 1/2 of the point see h ~ 0, reaching ones find the peak
    from vgtheory.properties.features import peaks_near

    with mpmath.workdps(30):
        h = lambda t: t * 3 * (t - 10**7) ** 2 / mpmath.mpf(10) ** 6 * mpmath.sech((t - 10**7) ** 3 / 10**6) ** 2 / 10**5
        peak = mpmath.findroot(lambda u: mpmath.diff(lambda s: h(10**7 + s), u), 80)
        truth = h(10**7 + peak)  # 1.5189370765791831386 (the red team's value)
        near = max(abs(v) for _, v in peaks_near(h, [mpmath.mpf(10) ** 7]))
        reached = max(abs(v) for _, v in peaks_near(h, [mpmath.mpf(10) ** 7], reach=True))
        assert near < truth / 100 and agrees(reached, truth, 10)


def test_range_of_a_rational_sigma_is_taken_at_its_critical_points_in_exact_order():
    # sigma = (z^2 + z)/(z^2 + 1): sigma' = (1 + 2z - z^2)/(z^2 + 1)^2 vanishes at 1 -+ sqrt 2, where sigma = 1/2 -+ sqrt(2)/2,
    # and sigma -> 1 at +-oo: the range is [1/2 - sqrt(2)/2, 1/2 + sqrt(2)/2] and B = sup |sigma| = 1/2 + sqrt(2)/2
    from vgtheory.properties.four import check_properties

    b = check_properties("(z**2+z)/(z**2+1)").bounded
    assert (b.verdict, b.method) == ("holds", "symbolic") and b.certificate is not None
    assert sp.simplify(b.value - (sp.Rational(1, 2) + sp.sqrt(2) / 2)) == 0
    assert "range within" in b.witness


def test_exact_zero_slope_at_a_later_layer_keeps_the_loss():
    # R32b-4: sigma = z + cos z has sigma(pi/2) = pi/2 and sigma'(pi/2) = 0, so at w = (1, 1), x = pi/2 every layer input
    # is pi/2 (by construction): f = pi/2, the loss f^2/2 = pi^2/8, and both partials are exactly 0
    g = vgtheory.gradient("z+cos(z)", [1, 1], x=sp.pi / 2, dps=30)
    assert g.df_dw == (0, 0) and g.digits == g.loss_digits == 30
    with mpmath.workdps(60):
        assert agrees(g.output, mpmath.pi / 2, 30) and agrees(g.loss, mpmath.pi**2 / 8, 30)


def test_a_fixed_point_with_a_residual_below_the_tolerance_is_found():
    # R32b-1: L(q) = (1 + d) q - q^2 has q* = d exactly; for d = 1e-15 its residual (d - q) q stays below a tolerance of
    # 1e-14 q everywhere under the orbit from 1, which made q* "0 +- 1e-30". L's own error (1e-25 q) is the test now
    from vgtheory.meanfield.fixed_point import fixed_point

    with mpmath.workdps(30):
        d = mpmath.mpf(10) ** -15
        orbit = fixed_point(lambda q: (1 + d) * q - q * q, mpmath.mpf(1), True, mpmath.mpf(10) ** -14, 200,
                            noise=lambda q: q * mpmath.mpf(10) ** -25)
        assert orbit.state == "converged" and abs(orbit.q - d) <= max(orbit.error, d * mpmath.mpf(10) ** -10)
        assert orbit.q > d / 2


def test_no_depth_scale_where_chi1_error_holds_one():
    # R32b-2: xi = -1/ln chi1 from chi1 = 1 + 1e-25 +- 1e-14 has no digit (the interval holds 1, xi anything beyond
    # 1e14 in size): none is given; a resolved chi1 keeps xi with the digits its error leaves
    from vgtheory.meanfield.propagation import SignalResult

    def result(chi1, err):
        return SignalResult("erf", sp.Integer(1), sp.Integer(0), sp.Integer(1), mpmath.mpf("0.1"), "converged", 5,
                            chi1, err, "chaotic", "numeric", "mpmath")

    assert result(1 + mpmath.mpf(10) ** -25, mpmath.mpf(10) ** -14).depth_scale is None
    r = result(mpmath.mpf("1.5"), mpmath.mpf(10) ** -14)
    assert agrees(r.depth_scale, -1 / mpmath.log(mpmath.mpf("1.5")), 12)
    r = result(1 + mpmath.mpf(10) ** -6, mpmath.mpf(10) ** -12)  # xi ~ -1e6 known to ~6 digits, shown to no more
    shown = r.to_dict()["text"]["depth_scale"]
    assert len(shown.replace("-", "").replace(".", "").split("e")[0].rstrip("0")) <= 6


def test_exact_sets_refuse_rather_than_raise_near_their_limits():
    # R33a-1: tanh(sqrt(z^2 + 1)) is not a monotone function of a polynomial (Poly raised); R33a-2: a threshold
    # 1e-140 beyond pi/2 for atan (atan z > r never holds), and an erfinv end sympy calls not real: an exact set, or
    # nothing decided, never an exception
    import mpmath as mp
    from vgtheory.core.activations import Z
    from vgtheory.kernel.limits import condition_set

    with mp.workdps(150):
        r = sp.Rational(mp.nstr(mp.pi / 2, 140))
        assert mp.mpf(r.p) / r.q > mp.pi / 2
    assert condition_set(sp.Gt(sp.atan(Z), r)) == sp.S.EmptySet
    for rel in (sp.Gt(sp.tanh(sp.sqrt(Z**2 + 1)), sp.Rational(9, 10)), sp.Gt(sp.erf(Z) ** 2, 1 - sp.Rational(1, 10**40))):
        assert isinstance(condition_set(rel), sp.Set)


def test_depth_scale_of_chi1_within_1e_16_of_one():
    # R33b-2: chi1 = 1 + 7e-17 (exact, error 0: relu's closed form at a float sigma_w) gave ZeroDivisionError, ln(chi1)
    # taken at 15 digits; xi = -1/ln(1 + 7e-17) ~ -1.43e16
    from vgtheory.meanfield.propagation import SignalResult

    with mpmath.workdps(40):
        chi1 = 1 + 7 * mpmath.mpf(10) ** -17
        xi = -1 / mpmath.log(chi1)
    r = SignalResult("relu", sp.Integer(1), sp.Integer(0), sp.Integer(1), None, "diverged", 1, chi1, mpmath.mpf(0),
                     "chaotic", "symbolic", "mpmath")
    assert agrees(r.depth_scale, xi, 12)


def test_exact_zero_slope_behind_a_rational_first_layer():
    # R33b-3: x = w_1 = 1 (t_1 = 1 rational), w_2 = sqrt(2) e/2: t_2 = w_2 e^-1 = sqrt(2)/2 exactly, where
    # sigma'(t) = (1 - 2t^2) e^(-t^2) = 0: df/dw_1 = df/dw_2 = 0, and df/dw_3 keeps its digits
    g = vgtheory.gradient("x*exp(-x**2)", [1, sp.sqrt(2) * sp.E / 2, 1], 1, 0, dps=30)
    assert g.df_dw[:2] == (0, 0) and g.digits == g.loss_digits == 30
    with mpmath.workdps(60):
        _, df = _bump_chain(mpmath.mpf(1), [1, mpmath.sqrt(2) * mpmath.e / 2, 1])
        assert agrees(g.df_dw[2], df[2], 30)


def test_init_depth_scale_states():
    # R34b-1/-2: xi = -1/ln chi1 is 0 at chi1 = 0 exactly (sign(x): sigma' = 0 off a null set), infinite only where
    # chi1 = 1 within an error of at most 1e-3, and undetermined where a wider (or infinite) error holds 1 or 0
    from vgtheory.meanfield.recommend import _depth_scale

    assert _depth_scale(mpmath.mpf(0), mpmath.mpf(0)) == (0.0, "finite")
    assert _depth_scale(mpmath.mpf(1), mpmath.mpf(10) ** -6) == (None, "infinite")
    assert _depth_scale(mpmath.mpf("0.55"), mpmath.inf) == (None, "undetermined")
    assert _depth_scale(mpmath.mpf("0.9"), mpmath.mpf("0.2")) == (None, "undetermined")
    scale, state = _depth_scale(mpmath.mpf("0.5"), mpmath.mpf(10) ** -9)
    assert state == "finite" and abs(scale - 1 / math.log(2)) < 1e-12
