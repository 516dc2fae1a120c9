"""Held-out tests of red team R39a (symbolic soundness against 10f2b9d): Piecewise definitions whose conditions overlap
(first match wins) or use Or, Eq, Ne and a quadratic condition; joins at pi, sqrt(2) and the golden ratio where the
one-sided derivatives agree up to an exact order (C^2 but not C^3); Heaviside with an explicit value at 0
(Heaviside(z, 1) - Heaviside(z, 0) is 1 at 0 only); a single-point spike of 10^6 and the printed sup; constants that
are 0 or 10^-13 only by identities (Machin's formula, Ramanujan's e^(pi sqrt 163)); Theorem 2's onset (p, beta) when
sigma' or sigma'' has a one-sided switch at 0; removable singularities; g(tau) for a rational sigma with a pi
coefficient and Lemma T with A = e, k = pi; Theorem 1's exact tau0 = pi atanh(1 - log(2)/2).
Findings, strict xfails until fixed in session 24: R39a-2 (a condition z**(1/3) < 1, which sympy's set solver reads with the real cube root, gives
symbolic limits at -oo and 0- of a sigma undefined on (-oo, 0)), R39a-1 (a bounded sigma with a proved positive limit, the hard clip Max(Min(z, 2*10^6), -2*10^6), is
called positively homogeneous, "the trick changes nothing", by numeric probes that stop at |u| = 2^20).

Every truth is derived independently of the package: by construction (worked in the comments), closed forms, or
mpmath at 40 digits (checked at 60 when written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from oracles import fails_symbolic as _fails, holds_symbolic as _holds

from vgtheory.core.activations import activation
from vgtheory.properties import smoothness as sm
from vgtheory.properties.four import check_bounded, check_linear_at_origin, check_properties, check_real_valued
from vgtheory.theorems.gsup import g_sup
from vgtheory.theorems.scaling import scaling_report
from vgtheory.theorems.theorem1 import theorem1
from vgtheory.theorems.theorem2 import _onset, _onset_check

pytestmark = pytest.mark.slow

Z = sp.Symbol("z", real=True)


def E(text: str) -> sp.Expr:
    return sp.sympify(text, locals={"z": Z})


# ---------------------------------------------------------------- Piecewise: overlaps, Or, Eq, Ne, quadratic conditions


def test_overlapping_conditions_first_match_jump_at_one():
    # First match: tanh on (1, oo), z^2 on (-1, 1], 0 below. At 1: 1^2 = 1 from the left, tanh(1) = 0.76 from the
    # right: a jump (continuity fails at 1). Reading the second condition as z > -1 everywhere would hide it.
    f = E("Piecewise((tanh(z), z > 1), (z**2, z > -1), (0, True))")
    r = sm.check_continuous(f, sp.Interval(0, 3), timeout=20)
    assert _fails(r) and r.witness["z"] == "1"
    assert not sm.check_c1(f, sp.Interval(0, 3), timeout=20).verdict == "holds"


def test_overlapping_conditions_later_branch_only_beyond_first():
    # tanh on (-oo, 2), z^3 on [2, oo) (the condition z > 1 matters only where z < 2 fails): jump tanh 2 -> 8 at 2.
    f = E("Piecewise((tanh(z), z < 2), (z**3, z > 1), (1, True))")
    r = sm.check_continuous(f, sp.Interval(0, 3), timeout=20)
    assert _fails(r) and r.witness["z"] == "2"


def test_or_condition_continuous_but_kinked():
    # (z - 1)(z - 2) vanishes at both joins: continuous; its slope there is -1 and +1: C^1 fails (first at 1).
    f = E("Piecewise((tanh(z), Or(z < 1, z > 2)), (tanh(z) + (z - 1)*(z - 2), True))")
    assert _holds(sm.check_continuous(f, sp.Interval(0, 3), timeout=20))
    r = sm.check_c1(f, sp.Interval(0, 3), timeout=20)
    assert _fails(r) and r.witness["z"] == "1"


def test_quadratic_condition_c1_not_c2_at_sqrt2():
    # (z^2 - 2)^2 has value and slope 0 at sqrt 2, second derivative 8 z^2 = 16 there: C^1 holds, C^2 fails.
    f = E("Piecewise((tanh(z), z**2 < 2), (tanh(z) + (z**2 - 2)**2, True))")
    assert _holds(sm.check_c1(f, sp.Interval(0, 3), timeout=20))
    r = sm.check_c2(f, sp.Interval(0, 3), timeout=20)
    assert _fails(r) and r.witness["z"] == "sqrt(2)"


def test_eq_point_value_breaks_continuity_and_ne_point_filled_keeps_c3():
    spike = E("Piecewise((5, Eq(z, sqrt(2))), (tanh(z), True))")  # sigma(sqrt 2) = 5, limits tanh(sqrt 2)
    r = sm.check_continuous(spike, sp.Interval(0, 3), timeout=20)
    assert _fails(r) and r.witness["z"] == "sqrt(2)"
    filled = E("Piecewise((tanh(z), Ne(z, pi)), (tanh(pi), True))")  # tanh itself, written in two pieces
    assert _holds(sm._smooth(filled, sp.Interval(0, 4), 3, 20))


def test_join_at_pi_exact_order_of_contact():
    # (z - pi)^2 sin z: value, slope and second derivative 0 at pi (2 sin pi = 0), third 6 cos pi = -6: C^2, not C^3.
    f = E("Piecewise((tanh(z), z < pi), (tanh(z) + (z - pi)**2*sin(z), True))")
    assert _holds(sm.check_c2(f, sp.Interval(0, 4), timeout=20))
    r = sm._smooth(f, sp.Interval(0, 4), 3, 20)
    assert _fails(r) and r.witness["z"] == "pi"
    # (z - pi) sin z: slope sin pi = 0 (C^1 holds), second derivative 2 cos pi = -2 (C^2 fails).
    g = E("Piecewise((tanh(z), z < pi), (tanh(z) + (z - pi)*sin(z), True))")
    assert _holds(sm.check_c1(g, sp.Interval(0, 4), timeout=20))
    assert _fails(sm.check_c2(g, sp.Interval(0, 4), timeout=20))


def test_min_triple_contact_at_golden_ratio():
    # z^2 - z - 1 = (z - phi)(z + 1/phi): the cube has a triple zero at phi; Min switches there with sigma, sigma',
    # sigma'' continuous and sigma''' jumping by 6 (phi + 1/phi)^3 = 6*5*sqrt(5): C^2 holds, C^3 fails at phi.
    f = E("Min(atan(z), atan(z) + (z**2 - z - 1)**3)")
    assert _holds(sm.check_c2(f, sp.Interval(0, 3), timeout=30))
    r = sm._smooth(f, sp.Interval(0, 3), 3, 30)
    assert _fails(r) and sp.simplify(E(r.witness["z"]) - (1 + sp.sqrt(5)) / 2) == 0


# ---------------------------------------------------------------- Heaviside's value at 0, single points


def test_heaviside_explicit_value_at_zero():
    # Heaviside(z, 1) - Heaviside(z, 0) is 1 at z = 0 and 0 elsewhere: sigma(0) = 1, property 4 fails; at sqrt 2 the
    # same spike leaves sigma(0) = 0 and slope 1 (holds), and breaks continuity at sqrt 2 only.
    at0 = check_linear_at_origin(E("tanh(z) + Heaviside(z, 1) - Heaviside(z, 0)"))
    assert _fails(at0) and at0.witness["sigma(0)"] == "1"
    f = E("tanh(z) + Heaviside(z - sqrt(2), 1) - Heaviside(z - sqrt(2), 0)")
    assert _holds(check_linear_at_origin(f))
    r = sm.check_continuous(f, sp.Interval(-3, 3), timeout=20)
    assert _fails(r) and r.witness["z"] == "sqrt(2)"
    # H(z) + H(-z) - 1 = 0 everywhere under either convention of sympy's H(0) = 1/2: slope 1 holds
    assert _holds(check_linear_at_origin(E("tanh(z) + (Heaviside(z) + Heaviside(-z) - 1)/7")))
    # H(z) H(-z) is H(0)^2 = 1/4 at 0 only: sigma(0) = 1/4
    assert _fails(check_linear_at_origin(E("tanh(z) + Heaviside(z)*Heaviside(-z)")))


@pytest.mark.parametrize("point", ["sqrt(2)", "pi"])
def test_single_point_spike_sup_is_seen(point):
    # sigma = tanh z except 10^6 + tanh(p) at z = p: sup |sigma| = 10^6 + tanh(p) exactly.
    f = E(f"tanh(z) + 10**6*(Heaviside(z - {point}, 1) - Heaviside(z - {point}, 0))")
    r = check_bounded(f)
    truth = 10**6 + mp.tanh(mp.mpf(sp.N(E(point), 40)))
    assert r.verdict == "holds"
    assert not (r.relation == "=" and abs(mp.mpf(str(r.value)) - truth) > 1e-6)
    assert mp.mpf(str(r.value)) >= truth - 1e-6  # never 1, the sup of tanh


# ---------------------------------------------------------------- constants that vanish or nearly vanish by identity


def test_ramanujan_constant_scale_both_signs():
    # c = 640320^3 + 744 - e^(pi sqrt 163) = 7.4997...e-13 > 0 (mpmath at 40 and 60 digits agree)
    with mp.workdps(40):
        c = 640320**3 + 744 - mp.exp(mp.pi * mp.sqrt(163))
    assert 7.49e-13 < c < 7.51e-13
    props = check_properties(E("tanh(z)*(640320**3 + 744 - exp(pi*sqrt(163)))"))
    assert all(_holds(getattr(props, k)) for k in ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin"))
    neg = check_properties(E("tanh(z)*(exp(pi*sqrt(163)) - 640320**3 - 744)"))  # -c tanh z: L = -c < 0, a = -c < 0
    assert neg.positive_limit.verdict != "holds" and neg.linear_at_origin.verdict != "holds"


def test_machin_zero_coefficient():
    # 4 atan(1/5) - atan(1/239) - pi/4 = 0 (Machin): sigma = tanh z exactly, slope a = 1
    machin = "(4*atan(1/5) - atan(1/239) - pi/4)"
    r = check_linear_at_origin(E(f"{machin}*z + tanh(z)"))
    assert r.verdict == "holds"
    assert abs(mp.mpf(sp.N(r.value, 40)) - 1) < mp.mpf(10) ** -30
    assert check_bounded(E(f"{machin}*z + tanh(z)")).verdict != "fails"
    # plus 10^-60: sigma = tanh z + 10^-60 z, unbounded (limit +oo)
    up = check_bounded(E(f"({machin} + 10**-60)*z + tanh(z)"))
    assert up.verdict == "fails"


def test_removable_singularity_is_not_real_valued():
    # sin(z)^3/z^2 is 0/0 at z = 0: sigma is undefined there (a removable singularity is still a hole)
    f = "tanh(z) + sin(z)**3/z**2/10"
    assert check_real_valued(f).verdict != "holds"


# ---------------------------------------------------------------- Theorem 2's onset with a switch at 0


@pytest.mark.parametrize("f, p, beta", [
    # z > 0: tanh z - z^3/6 + O(z^5) = z - z^3/3 - z^3/6 = z - z^3/2
    ("tanh(z) - Heaviside(z)*z**3*exp(-z**2)/6", 3, sp.Rational(1, 2)),
    # z > 0: z/(1 + z) + z^2/2 = z - z^2 + z^2/2 + O(z^3) = z - z^2/2
    ("z/(1 + Abs(z)) + Heaviside(z)*z**2/2", 2, sp.Rational(1, 2)),
    # z > 0: tanh z + z^3/6 = z - z^3/6 + O(z^5)
    ("tanh(z) + Abs(z)**3/6", 3, sp.Rational(1, 6)),
])
def test_onset_one_sided(f, p, beta):
    act = activation(E(f))
    got_p, got_beta = _onset(act, sp.Integer(1))
    assert got_p == p and sp.simplify(got_beta - beta) == 0
    assert _holds(_onset_check(act, sp.Integer(1), p, beta, 30))


def test_onset_not_proved_where_false():
    # z > 0: tanh z + z^3/3 = z + 2z^5/15 + ...: beta < 0, no decay claim of the aw = 1 kind
    act = activation(E("tanh(z) + sign(z)*z**3/3"))
    p, beta = _onset(act, sp.Integer(1))
    assert p is None or _onset_check(act, sp.Integer(1), p, beta, 30).verdict != "holds"
    # sigma jumps at 1/sqrt 2 (by 2^(-3/2)/10): not C^4 on [0, 1]
    act = activation(E("tanh(z) + z**3*Heaviside(z - 1/sqrt(2))/10"))
    p, beta = _onset(act, sp.Integer(1))
    assert p is None or _onset_check(act, sp.Integer(1), p, beta, 30).verdict != "holds"


# ---------------------------------------------------------------- Theorem 1: g(tau) and tau0 with pi, e, log


def test_gsup_rational_with_pi_coefficient():
    # (t + c t^2)/(1 + t^2): h = t sigma' = c/4 + (sin 4th - c cos 4th)/4 with t = tan th, max (c + sqrt(c^2 + 1))/4
    g = g_sup(E("(z + pi*z**2)/(1 + z**2)"), "1/3", dps=30)
    with mp.workdps(40):
        truth = (mp.pi + mp.sqrt(mp.pi**2 + 1)) / 4
        assert abs(g.value - truth) < mp.mpf(10) ** -20


def test_lemma_t_with_e_and_pi():
    # sigma = e tanh(z/pi): h(t) = e (t/pi) sech^2(t/pi) peaks at t = pi u*, 2u* tanh u* = 1; g(1/2) = e u* sech^2 u*
    with mp.workdps(40):
        u = mp.findroot(lambda v: 2 * v * mp.tanh(v) - 1, 0.77)
        peak = mp.e * u * mp.sech(u) ** 2
        at4 = mp.e * (4 / mp.pi) * mp.sech(4 / mp.pi) ** 2
        argmax = mp.pi * u
    g = g_sup(E("E*tanh(z/pi)"), "1/2", dps=30)
    g4 = g_sup(E("E*tanh(z/pi)"), 4, dps=30)  # 4 > pi u* = 2.42: the sup is h(4)
    with mp.workdps(40):
        assert g.method == "symbolic" and abs(g.value - peak) < mp.mpf(10) ** -20
        assert abs(g.argmax - argmax) < mp.mpf(10) ** -20
        assert abs(g4.value - at4) < mp.mpf(10) ** -20


def test_tau0_pi_and_log2():
    # sigma = tanh(t/pi) + log 2 - 1: L = log 2, sigma = L/2 at tanh(t/pi) = 1 - log(2)/2: tau0 = pi atanh(1 - log(2)/2)
    r = theorem1("tanh(z/pi) + log(2) - 1", c=1, W=10, depth=3, dps=30)
    with mp.workdps(40):
        truth = mp.pi * mp.atanh(1 - mp.log(2) / 2)
        assert abs(mp.mpf(r.tau0) - truth) < mp.mpf(10) ** -20
        assert r.tau0 >= truth - mp.mpf(10) ** -28  # an upper bound of tau0 at its 30 digits


# ---------------------------------------------------------------- open finding


def test_scaling_invariance_refuted_for_ordinary_hardtanh():
    # hardtanh: 2 * sigma(u/2) = 2 Min(u/2, 1) differs from Min(u, 1) at u = 3 (2 vs 1): not homogeneous
    r = scaling_report("Max(Min(z, 1), -1)")
    assert r.invariant.verdict == "fails"


def test_r39a_1_clipped_identity_is_not_positively_homogeneous():
    # sigma = clip(z, -C, C), C = 2*10^6: at s = 2, u = 3*10^6: s sigma(u/s) = 2 * 1.5*10^6 = 3*10^6, sigma(u) = 2*10^6.
    # More generally a sigma with a finite limit L != 0 (proved here, L = C) has s sigma(u/s) -> s L != L.
    r = scaling_report("Max(Min(z, 2*10**6), -2*10**6)")
    assert r.invariant.verdict == "fails"


def test_r39a_2_principal_cube_root_condition_gives_no_limit_at_minus_infinity():
    # sigma = tanh z where z^(1/3) < 1, else 1. For z < 0 the principal cube root is not real ((-10)^(1/3) =
    # 1.0772 + 1.8658i; sympy's own substitution raises "Invalid comparison of non-real (-10)**(1/3)", and the package's
    # evaluator calls sigma undefined at -10): sigma is not defined on (-oo, 0), so no limit at -oo or at 0- exists.
    f = "Piecewise((tanh(x), x**(1/3) < 1), (1, True))"
    assert sp.N(sp.Integer(-10) ** sp.Rational(1, 3)).as_real_imag()[1] > 1.8
    assert check_real_valued(f).verdict == "fails"  # the package agrees that sigma(-10) is not a real number
    assert not _holds(check_linear_at_origin(f))  # it states lim sigma(z)/z, z->0- = 1 (symbolic)
    assert not _holds(check_bounded(f))  # it states lim sigma(z), z->-oo = -1 (symbolic)
