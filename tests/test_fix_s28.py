"""Quick default-suite versions of the fixes of session 25 (the held-out originals run in the slow suite)."""

from __future__ import annotations

import math

import mpmath as mp
import pytest

from oracles import gaussian_expectation
from vgtheory.core.activations import activation
from vgtheory.meanfield.callable_slope import slope_beside_jumps
from vgtheory.meanfield.moments import Moments


@pytest.mark.parametrize(
    "jump, height, extra_slope, q",
    [("0.003", 0.001, 0.0, "2.25e-6"),  # R41b-1: sigma' continuous across the jump, 2 sd out
     ("0.3", 0.01, 0.5, "0.25"),  # sigma' jumps by 1/2 where sigma jumps
     ("-0.7", -0.02, 0.0, "1")],
)
def test_callable_jump_adds_nothing_to_D(jump, height, extra_slope, q):
    # D(q) = E[sigma'(u)^2] with sigma' taken almost everywhere: the jump's central-difference plateau (height / 2h
    # over 2h) is no part of it. Truth: sech^4 (+ the extra slope right of the jump) integrated by mpmath.
    J = float(jump)
    f = lambda t: math.tanh(t) + ((height + extra_slope * (t - J)) if t > J else 0.0)  # noqa: E731
    r = Moments.of(activation(f), "float64", 20).D(mp.mpf(q))
    truth = gaussian_expectation(lambda u: (mp.sech(u) ** 2 + (extra_slope if u > mp.mpf(jump) else 0)) ** 2, q,
                                 [mp.mpf(jump)])
    assert abs(r.value - truth) <= 2 * r.error + mp.mpf(10) ** -15


def test_one_sided_differences_beside_a_jump_are_second_order():
    # sigma = u^3 + [u > 0]: sigma' = 3u^2 on both sides; within 2h of the jump the difference is one-sided, and its
    # error for a cubic is 2h^2 |sigma'''| / 3 = 4 h^2 at most (h = 2^-17), where the central one read 1 / 2h.
    f = lambda t: t**3 + (1.0 if t > 0 else 0.0)  # noqa: E731
    central = lambda u: (f(u + 2.0**-17) - f(u - 2.0**-17)) / 2.0**-16  # noqa: E731
    slope = slope_beside_jumps(f, lambda u: [central(t) for t in u], [0.0])
    u = [-3e-6, -1e-9, 1e-9, 4e-6, 0.5]
    got = slope(u)
    assert max(central(t) for t in u[:4]) > 1e4  # the plateau the one-sided differences avoid
    for t, g in zip(u, got):
        assert abs(g - 3 * t * t) <= 4 * 2.0**-34 + 1e-9



@pytest.mark.parametrize("q", ["1e-4", "2e-4", "1e-3"])
def test_callable_kink_V_within_error(q):
    # R41b-4: max(u, c) as a callable; V = c^2 Phi(a) + q (1 - Phi(a) + a phi(a)), a = c / sqrt(q) (u^2 phi integrated
    # by parts beyond c). At q = 2e-4 the kink lay inside a panel of V's where both rules missed it alike.
    c = 0.05
    r = Moments.of(activation(lambda t: max(t, c)), "float64", 20).V(mp.mpf(q))
    with mp.workdps(30):
        qq, cc = mp.mpf(q), mp.mpf(c)
        a = cc / mp.sqrt(qq)
        truth = cc**2 * mp.ncdf(a) + qq * ((1 - mp.ncdf(a)) + a * mp.npdf(a))
    assert abs(r.value - truth) <= 2 * r.error + mp.mpf(10) ** -15 * truth


def test_kink_located_from_a_ramp_of_the_central_difference():
    # sigma = tanh(u) + (u - 0.3)/2 for u > 0.3: its tangents 3h outside a bracket around 0.3 meet within
    # sigma''·(width)^2 / (1/2) of it; for a sigma linear on both sides (max(u, 0.05)) the meeting point is the kink.
    from vgtheory.meanfield.callable_slope import kink_in_ramp

    h = 2.0**-17
    for f, c in ((lambda t: math.tanh(t) + (0.5 * (t - 0.3) if t > 0.3 else 0.0), 0.3), (lambda t: max(t, 0.05), 0.05)):
        slope = lambda t: (f(t + h) - f(t - h)) / (2 * h)  # noqa: E731
        got = kink_in_ramp(f, slope, c - 3e-6, c + 5e-6)
        assert got is not None and abs(got - c) < 1e-9
    line = lambda t: 2 * t + 1  # noqa: E731 - no kink: the slopes agree, no meeting point
    assert kink_in_ramp(line, lambda t: (line(t + h) - line(t - h)) / (2 * h), 0.3, 0.30001) is None


def test_scaling_invariance_needs_sigma0_zero():
    # R42a-2: Max(z, 0) + 1 - sign(z)^2 is relu off 0 and 1 at 0: s*sigma(0/s) = s != 1 = sigma(0) for s != 1
    import sympy as sp

    from vgtheory.theorems.scaling import scaling_report

    z = sp.Symbol("z", real=True)
    bad = scaling_report(sp.Max(z, 0) + 1 - sp.sign(z) ** 2).invariant
    assert bad.verdict == "fails" and bad.method == "symbolic"
    good = scaling_report(sp.Piecewise((z, z > 0), (0, True))).invariant  # relu: homogeneous, sigma(0) = 0
    assert good.verdict == "holds" and good.method == "symbolic"


def test_defined_everywhere_is_structural():
    import sympy as sp

    from vgtheory.kernel.limits import continuous_everywhere

    z = sp.Symbol("z", real=True)
    assert continuous_everywhere(sp.Max(z, 0) + sp.sign(z), z, defined=True)
    assert not continuous_everywhere(sp.Max(z, 0) + sp.sign(z), z)  # not continuous: sign jumps
    assert continuous_everywhere(sp.Piecewise((z, z > 0), (sp.exp(z), True)), z, defined=True)
    assert not continuous_everywhere(sp.Piecewise((z, sp.sqrt(z) > 1), (0, True)), z, defined=True)  # sqrt(z), z < 0
    assert not continuous_everywhere(sp.Piecewise((z, z > 0)), z, defined=True)  # no value for z <= 0
    assert not continuous_everywhere(sp.tanh(z) / (sp.exp(z) - 2), z, defined=True)  # 1/0 at log 2


def test_tanh_form_not_certified_across_a_removable_point():
    # R42a-1: tanh(z)(e^(2z) - 4)/((e^z - 2)(e^z + 2)) is tanh z except at log 2, where it is 0/0
    import sympy as sp

    from vgtheory.core.activations import activation
    from vgtheory.kernel import Deadline
    from vgtheory.theorems.hypotheses import tanh_facts

    z = sp.Symbol("z", real=True)
    removable = sp.tanh(z) * (sp.exp(2 * z) - 4) / ((sp.exp(z) - 2) * (sp.exp(z) + 2))
    run = Deadline(6).run
    assert tanh_facts(activation(removable), (sp.S.One, sp.S.One, sp.S.Zero), run) is None
    assert tanh_facts(activation(sp.tanh(z)), (sp.S.One, sp.S.One, sp.S.Zero), run) is not None


def test_summary_sigma_w_printed_to_its_error():
    # R42b-1: the critical sigma_w's digits follow its error; unresolved, two digits and a note
    from vgtheory.meanfield.critical_error import sigma_w_text

    assert sigma_w_text(4.00001151725, float("inf")).startswith("4 (error not resolved")
    assert sigma_w_text(1.2345678912345, 1e-5) == "1.2346 (+- 1.0e-05)"
    assert sigma_w_text(10.1492637100195, 5.4e-13) == "10.14926371"
    assert sigma_w_text(None, None) == "n/a"


def test_q0_limit_without_a_limit_has_a_wide_error():
    # R42b-5/6: sigma'^2 of tanh u + [u > 0] u^2 sin(1/u) has no limit at 0 from one side (cos^2(1/u) oscillates):
    # samples at several tiny u disagree, and their spread is the error; tanh's agree.
    from vgtheory.meanfield.gaussian import expectation_mp

    osc = lambda u: (mp.sech(u) ** 2 + (2 * u * mp.sin(1 / u) - mp.cos(1 / u) if u > 0 else 0)) ** 2  # noqa: E731
    wide = expectation_mp(osc, 0, dps=20)
    assert wide.error > mp.mpf("0.5")
    tight = expectation_mp(lambda u: mp.sech(u) ** 4, 0, dps=20)
    assert abs(tight.value - 1) <= tight.error + mp.mpf(10) ** -18 and tight.error < mp.mpf(10) ** -12


def test_growth_exponent_sees_past_log_periodic_zeros():
    # R42b-2: |u|^(-6/5) (the sigma'^2 order of |u|^(2/5)) times sin^2(b ln|u| - phi), b = pi / ln(10^10), vanishes at
    # |u| = 10^-10, 10^-20, 10^-30 (phi chosen so); its exponent 6/5 > 1 is not integrable, whatever the zeros
    import sympy as sp

    from vgtheory.meanfield.singular import _numeric

    b = mp.pi / mp.log(mp.mpf(10) ** 10)
    h = lambda u: abs(u) ** mp.mpf("-1.2") * mp.sin(b * mp.log(abs(u))) ** 2  # noqa: E731
    assert h(mp.mpf(10) ** -20) < mp.mpf(10) ** -10 * abs(mp.mpf(10) ** -20) ** mp.mpf("-1.2")  # a zero at the sample
    assert _numeric(sp.Integer(0), "sigma'^2", h).diverges


def test_continuity_reads_sech_as_tanh_only_where_values_do_not_matter():
    # R43a-1: 1/(sech(t + 1) - 1/2) has a pole at acosh(2) - 1 = 0.317; read as 1/(tanh(t + 1) - 1/2) it had none on
    # (0, oo), and the piece was "continuous" there
    import sympy as sp

    from vgtheory.theorems.hypotheses import T, _as_tanh, _continuous_on

    pole = 1 / (sp.sech(T + 1) - sp.Rational(1, 2))
    assert _as_tanh(pole) == pole
    assert _continuous_on(pole, sp.Interval.open(0, sp.oo)) is None
    assert _as_tanh(sp.erf(T) * T**2 + sp.sech(T)) == sp.tanh(T) * T**2 + sp.tanh(T)
    assert _continuous_on(sp.erf(T) * T**2 + sp.sech(T), sp.Interval.open(0, sp.oo)) is not None


def test_two_jumps_closer_than_the_difference_step_add_nothing_to_D():
    # R44b-1: jumps at 0.003 and 0.00301 (1e-5 apart, under 2h = 1.5e-5): a one-sided step of h reached across the
    # second jump (D 12.7 for 1.0); sigma' = sech^2 almost everywhere, so D = E[sech^4]
    f = lambda t: math.tanh(t) + (0.001 if t > 0.003 else 0.0) + (0.001 if t > 0.00301 else 0.0)  # noqa: E731
    r = Moments.of(activation(f), "float64", 20).D(mp.mpf("1e-4"))
    truth = gaussian_expectation(lambda u: mp.sech(u) ** 4, "1e-4", [mp.mpf("0.003"), mp.mpf("0.00301")])
    assert abs(r.value - truth) <= 2 * r.error + mp.mpf(10) ** -15


def test_one_sided_difference_shrinks_its_step_off_a_kink():
    # sigma = max(u - 1e-7, 0)/2: sigma'(0+) = 0, but a forward step of h = 2^-17 spans the kink at 1e-7 (the
    # difference read 0.5 - 0.75e-7/h = 0.49); the step is cut until halving it changes nothing
    from vgtheory.meanfield.callable_slope import _shrinking_one_sided as _one_sided

    f = lambda t: 0.5 * max(t - 1e-7, 0.0)  # noqa: E731
    h = 2.0**-17
    assert abs(-(3 * f(0.0) - 4 * f(h) + f(2 * h)) / (2 * h) - 0.5) < 0.01  # the kink inside the plain stencil
    assert abs(_one_sided(f, 0.0, h)) < 1e-9
    assert abs(_one_sided(math.tanh, 0.5, h) - 1 / math.cosh(0.5) ** 2) < 1e-9  # smooth: the first step stands


@pytest.mark.slow
def test_recommended_critical_sigma_w_printed_to_its_error():
    # R42b-1's recommend_init half: the float64 logistic - 1/2 has critical sigma_w = 4 exactly, and the search's
    # sigma_w (4.00001...) is not resolved past 4: no 6 digits printed for it
    import vgtheory

    rec = vgtheory.recommend_init(lambda z: 1 / (1 + math.exp(-z)) - 0.5)
    assert rec.method == "critical" and rec.sigma_w_error is not None
    line = next(l for l in str(rec).splitlines() if l.startswith("recommended init"))
    shown = line.split("sigma_w = ")[1].split(" ")[0].rstrip(",")
    digits = len(shown.replace(".", "").lstrip("0"))
    assert abs(float(shown) - 4) <= 0.5 * 10.0 ** (1 - digits), line


def test_scaling_refutation_probes_take_both_signs():
    # R44a-1: relu (1 + tanh(z)/10^20): s*sigma(u/s) - sigma(u) = u (tanh(u/s) - tanh(u))/10^20 at u > 0, 3e-21 at s = 2,
    # u = 1; zero for u < 0, where all four exact probes lay
    import sympy as sp

    from vgtheory.theorems.scaling import scaling_report

    z = sp.Symbol("z", real=True)
    r = scaling_report(sp.Max(0, z) * (1 + sp.tanh(z) / 10**20)).invariant
    assert r.verdict == "fails" and r.method == "symbolic"
