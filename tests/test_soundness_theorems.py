"""Soundness of the theorem labels: activations with planted defects whose truth is known by construction.

A ``holds (symbolic)`` hypothesis or a ``proved`` bound/claim is a promise; each activation below
violates a hypothesis on purpose (a convex kink between pieces, a jump, a cusp, an unbounded σ of
(H)-like shape, an oscillating tail), so no label that rests on that hypothesis may read proved.
The registry's true proved labels must stay.
"""

from __future__ import annotations

from vgtheory import kernel as _kernel

#: A kernel certificate for fixtures that stand for a (possibly credulous) symbolic result.
_FIXTURE_CERT = _kernel.compare(1, 1, _kernel.Deadline(5).run).certificate

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core.activations import activation
from vgtheory.core.chain import gradient
from vgtheory.errors import VGTheoryError
from vgtheory.theorems.hypotheses import (
    HALF_LINE,
    check_c1,
    check_concave,
    check_continuous,
    check_increasing,
    check_vanishing_at_plus_infinity,
    hypothesis_H,
)
from vgtheory.properties.four import Properties, PropertyResult, check_properties
from vgtheory.theorems.theorem2 import fixed_point
from vgtheory.theorems.section import theorem1, theorem2, theorems_section

# Claims of Theorem 2 that rest on (H): the factor bound, the fixed point and the exact rate.
_RESTS_ON_H = ("df/dw_1 <=", "df/dw_1 >=", "z* = sigma(w z*)", "df/dw_1 = C*rho^l")


def _h_claims(result) -> list:
    return [c for c in result.claims if c.statement.startswith(_RESTS_ON_H)]


# -- planted convex kink (bug 3) ------------------------------------------------------------------------

@st.composite
def convex_kinks(draw) -> tuple[str, sp.Rational, sp.Rational, sp.Rational]:
    """A bounded, increasing σ, concave on each piece, whose slope jumps UP at the breakpoint b:
    left slope k1/... < right slope. Not concave on [0, oo) by construction."""
    b = sp.Rational(draw(st.integers(1, 8)), 4)
    lo = sp.Rational(1, draw(st.integers(2, 12)))  # slope of the left piece at b^- is at most lo
    hi = sp.Integer(draw(st.integers(2, 5)))  # slope of the right piece at b^+
    left = f"{lo}*tanh(z)"
    right = f"{lo}*tanh({b}) + {hi}*tanh(z - {b})"
    return f"Piecewise(({left}, z < {b}), ({right}, True))", b, lo, hi


@settings(max_examples=2, deadline=None)
@given(convex_kinks())
def test_convex_kink_is_found(case):
    formula, b, lo, hi = case
    act = activation(formula)
    concave = check_concave(act)
    assert concave.verdict == "fails", concave  # slope lo*sech^2(b) < hi at b


@pytest.mark.slow
def test_convex_kink_gets_no_proved_theorem2_claim():
    # The shape: slope 1/9 -> 3 at the breakpoint; aw > 1 with w = 18 (a = 1/9).
    act = activation("Piecewise((tanh(z)/9, z < 1), (tanh(1)/9 + 3*tanh(z - 1), True))")
    props = check_properties(act)
    assert not hypothesis_H(act, props).proved
    for w in (18, 9):  # aw = 2 and aw = 1
        # Both give a result (a numeric fixed point at aw = 2, none needed at aw = 1), whose
        # claims resting on (H) are there and none of them proved.
        r = theorem2(act, w=w, x="2.5", depth=12, props=props)
        claims = _h_claims(r)
        assert claims, [str(c) for c in r.claims]
        assert all(c.status != "proved" for c in claims), [str(c) for c in r.claims]


@pytest.mark.slow
def test_concave_kink_is_concave_but_not_c1():
    act = activation("Piecewise((3*tanh(z), z < 1), (3*tanh(1) + tanh(z - 1)/10, True))")
    # slopes 3 sech^2(1) ~ 1.26 > 1/10: a concave kink (symbolic when sympy answers within its time bound)
    assert check_concave(act).verdict == "holds"
    c1 = check_c1(act)
    assert c1.verdict == "fails" and c1.method == "symbolic"
    assert not hypothesis_H(act).proved


# -- unbounded σ of (H)-like shape and fake fixed points (bug 4) ------------------------------------------


def test_unbounded_sigma_gets_no_fixed_point_and_no_proved_claim():
    act = activation("x/2 + tanh(x)/2")
    H = hypothesis_H(act)
    assert H.verdict == "fails" and "bounded" in H.detail
    with mpmath.workdps(30):
        with pytest.raises(VGTheoryError, match="fixed point"):
            fixed_point(lambda z: act.value(2 * z), mpmath.mpf(1))
    sec = theorems_section(act)
    assert sec.theorem2_applies == "fails"
    assert all(c.status != "proved" for r in sec.theorem2 for c in _h_claims(r))
    assert "does not apply" in str(sec) and "Theorem 2: fails" not in str(sec)


def test_fixed_point_is_verified_by_a_sign_change():
    with mpmath.workdps(40):
        z, certificate, digits = fixed_point(lambda z: mpmath.tanh(2 * z), mpmath.mpf(1))
        assert abs(mpmath.tanh(2 * z) - z) < mpmath.mpf(10) ** -30 and "sign change" in certificate
        # the sign change itself, at the relative distance the certificate names
        d = z * mpmath.mpf(10) ** -digits
        assert digits >= 20 and mpmath.tanh(2 * (z - d)) > z - d and mpmath.tanh(2 * (z + d)) < z + d
        # psi(z) = z/2 + 1 has no positive root; the iteration's last point must not come back as one.
        with pytest.raises(VGTheoryError):
            fixed_point(lambda z: z / 2 + 1 + z / 2, mpmath.mpf(1))


# -- jumps and τ₀ (bug 5) ------------------------------------------------------------------------------------


def test_jump_makes_continuity_fail_and_theorem1_not_apply():
    act = activation("Piecewise((tanh(z)/10, z < 3), (tanh(z), True))")
    assert check_continuous(act).verdict == "fails"
    assert check_c1(act).verdict == "fails"
    with pytest.raises(VGTheoryError, match="C\\^1"):
        theorem1(act, c=1, W=10, depth=3)


def test_tau0_is_not_symbolic_without_proved_continuity():
    """With a jump over L/2, solveset finds no root of sigma - L/2; the old code then put tau0 = 0."""
    from vgtheory.theorems.theorem1 import _tau0

    act = activation("Piecewise((tanh(z)/10, z < 3), (tanh(z), True))")
    props = check_properties(act)
    with mpmath.workdps(30):
        tau0, method, _, _ = _tau0(act, props.positive_limit, check_continuous(act), 30)
        assert method == "numeric"
        assert tau0 >= 3 - mpmath.mpf(10) ** -6  # sigma < 1/2 on (0, 3)
        assert all(act.value(t) >= mpmath.mpf(1) / 2 for t in (tau0 + mpmath.mpf(10) ** -9, tau0 + 1, tau0 + 10))


# -- the proved label rests on symbolic hypotheses only (bug 7) -------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("formula", [
    "tanh(x)+exp(-x**2)*(x**2-2*x+1)**(1/4)",  # cusp at 1: not differentiable there
    "tanh(x)+x*(1-cos(x))**(1/4)/(1+x**2)**2",  # sigma' infinite at every 2*pi*k
])
def test_cusps_get_no_proved_theorem1_bound(formula):
    act = activation(formula)
    # The properties as a too-credulous checker would report them: even then, no proved bound.
    holds = lambda name, v: PropertyResult(name, "holds", "symbolic", {}, v, certificate=_FIXTURE_CERT)  # noqa: E731
    props = Properties(formula, holds("bounded", sp.Integer(2)), holds("vanishing_derivative", sp.Integer(0)),
                       holds("positive_limit", sp.Integer(1)), holds("linear_at_origin", sp.Integer(1)))
    try:
        r = theorem1(act, c=1, W=10, depth=3, props=props)
    except VGTheoryError as exc:
        assert "C^1" in str(exc)  # not applying, because sigma' is singular, is sound
        return
    assert r.status != "proved" and "bound proved" not in str(r)


@pytest.mark.slow
def test_cusp_bound_where_the_gradient_is_huge_is_not_proved():
    """The issue's witness: c = 0.6, W = 1.5 puts t_1 = 0.9 next to the cusp at 1."""
    act = activation("tanh(x)+exp(-x**2)*(x**2-2*x+1)**(1/4)")
    with mpmath.workdps(30):
        # t_1 = 1 - 1e-6: sigma' ~ -e^-1 |t - 1|^(-1/2)/2 ~ -180 there, the cusp is real
        near = gradient(act, [(1 - mpmath.mpf(10) ** -6) / mpmath.mpf("0.6")], mpmath.mpf("0.6"), 0, dps=30)
        assert abs(near.df_dw[0]) > 50
    # sigma is not C^1 at 1: Theorem 1 is refused for that reason once the kernel proves the
    # one-sided limits of sigma' infinite; otherwise it may apply only on numeric evidence, never as
    # a proof, and its C^1 hypothesis may not read holds.
    try:
        r = theorem1(act, c="0.6", W="1.5", depth=1)
    except VGTheoryError as exc:
        assert "not C^1" in str(exc) and "z = 1" in str(exc)
    else:
        assert r.status == "numeric"
        (c1,) = [h for h in r.hypotheses if "C^1" in h.name]
        assert c1.verdict != "holds"


# -- one-sided property 2 (bug 8) and one answer per report (bug 6) ---------------------------------------


@pytest.mark.slow
def test_theorem1_uses_property2_at_plus_infinity_only():
    act = activation("tanh(x)+x*exp(-x)")  # z*sigma'(z) -> -oo at -oo, -> 0 at +oo
    assert check_vanishing_at_plus_infinity(act).proved
    r = theorem1(act, c=1, W=10, depth=4)
    assert r.confirmation.verdict == "holds" and r.actual_df <= r.bound_df
    assert theorems_section(act).theorem1_applies != "fails"


@pytest.mark.slow
def test_oscillating_tail_does_not_get_theorem1():
    act = activation("atan(x)+x*sin(pi*x)**2/(1+x**2)")  # z*sigma'(z) = pi + o(1) at z = n + 1/4
    with mpmath.workdps(30):
        assert abs(act.slope(mpmath.mpf(1000) + mpmath.mpf(1) / 4) * (1000 + mpmath.mpf(1) / 4) - mpmath.pi) < 0.01
    sec = theorems_section(act)
    assert sec.theorem1_applies != "holds"
    assert sec.theorem1 is None or sec.theorem1.status != "proved"


# -- horizons and wording (bug 9, issue 9) --------------------------------------------------------------------


def test_negative_depth_horizon_is_reported_not_zeroed():
    r = theorem2("tanh", w=2, x=1, depth=10)
    assert r.depth_horizon < 0  # x = 1 > z* = 0.9575
    assert "none (" in str(r) and "no growth phase" in " ".join(c.statement for c in r.claims)


def test_summary_is_short_and_says_does_not_apply():
    sec = theorems_section("sigmoid")
    lines = sec.summary_lines()
    assert 1 <= len(lines) <= 6
    assert any("Theorem 2 (many layers): does not apply" in ln for ln in lines)
    assert "Theorem 2: fails" not in "\n".join(lines)
    assert repr(sec) == "TheoremsSection('sigmoid': Theorem 1 applies [proved], Theorem 2 does not apply)"


# -- the registry keeps its true proved labels --------------------------------------------------------------


@pytest.mark.parametrize("name", ["tanh", "arctan", "erf", "softsign", "algebraic", "centered_sigmoid"])
def test_registry_keeps_proved_labels(name, registry_properties):
    act = activation(name)
    props = registry_properties(name)
    assert hypothesis_H(act, props).proved
    assert check_c1(act, HALF_LINE).proved and check_increasing(act).verdict == "holds"
    r = theorem2(act, w=2, x=1, depth=10, props=props)
    assert all(c.status == "proved" for c in _h_claims(r)), [str(c) for c in r.claims]
    t1 = theorem1(act, c=1, W=10, depth=3, props=props)
    assert all(h.proved for h in t1.hypotheses[:3])  # C^1, property 2 at +oo, property 3


def test_jump_at_the_origin_breaks_h():
    """sigma(0) = 0 but sigma(0+) = 1: concave on (0, oo) yet not on [0, oo); (H) must not hold."""
    H = hypothesis_H(activation("Piecewise((1 + tanh(z), z > 0), (tanh(z), True))"))
    assert H.verdict == "fails" and "lim sigma(0+)" in H.detail
