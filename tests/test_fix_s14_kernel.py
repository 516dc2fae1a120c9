"""Session 14: sympy's solveset, as_set and continuous_domain are not taken for trigonometric functions of
arguments that are not linear in z (red team R13a-1/2/3: they chose wrong branches for cos(atan z + c)).

Truths are analytic: atan z + 1 = pi/2 exactly at z = tan(pi/2 - 1) = cot 1 ~ 0.642, where cos(atan z + 1)
changes sign and tan(atan z + 1) has its pole (checked with mpmath below); sympy said z = -tan 1."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

import vgtheory
from vgtheory.core.activations import Z
from vgtheory.core.pieces import untrusted_domain, untrusted_sets
from vgtheory.properties.smoothness import check_c1, check_continuous
from vgtheory.theorems.hypotheses import check_increasing

def test_the_switch_point_is_cot_1() -> None:
    # The independent truth behind the witnesses: atan(cot 1) + 1 = pi/2, and cos changes sign there.
    with mpmath.workdps(50):
        COT1 = 1 / mpmath.tan(1)
        assert abs(mpmath.atan(COT1) + 1 - mpmath.pi / 2) < mpmath.mpf(10) ** -45
        assert mpmath.cos(mpmath.atan(COT1 - mpmath.mpf("0.01")) + 1) > 0 > mpmath.cos(mpmath.atan(COT1 + mpmath.mpf("0.01")) + 1)


@pytest.mark.slow  # 2-6 s: the default suite keeps under 3 minutes (session 32)
@pytest.mark.parametrize("formula, false_property", [
    ("Piecewise((tanh(z), cos(atan(z)+1) > 0), (z, True))", "bounded"),                # sigma = z beyond cot 1
    ("Piecewise((tanh(z), cos(atan(z)+1) > 0), (tanh(z) - 2, True))", "positive_limit"),  # lim sigma = -1 at +oo
])
def test_a_switch_at_cot_1_gives_no_false_property(formula: str, false_property: str) -> None:
    r = vgtheory.check(formula)
    assert getattr(r.properties, false_property).verdict != "holds"
    assert not r.properties.sigmoid_type


def test_a_pole_at_cot_1_is_not_continuous_on_the_half_line() -> None:
    r = check_continuous("tan(atan(z)+1)", sp.Interval.open(0, sp.oo))
    assert r.verdict != "holds"


def test_a_pole_at_minus_1_is_not_c1_on_the_negative_half_line() -> None:
    # tan(2 atan z) = 2z/(1 - z^2): poles at +-1.
    assert sp.simplify(sp.expand_trig(sp.tan(2 * sp.atan(Z))) - 2 * Z / (1 - Z**2)) == 0
    r = check_c1("tan(2*atan(z))", sp.Interval.open(-sp.oo, 0))
    assert r.verdict != "holds"


def test_a_slope_that_turns_negative_near_1e4_is_not_proved_increasing() -> None:
    # sigma' = cos(atan z + 1e-4)/(1 + z^2) < 0 once atan z > pi/2 - 1e-4, i.e. z > cot(1e-4) ~ 1e4.
    with mpmath.workdps(40):
        t = mpmath.mpf(20000)
        assert mpmath.cos(mpmath.atan(t) + mpmath.mpf(1) / 10000) / (1 + t**2) < 0
    r = check_increasing(vgtheory.activation("sin(atan(z)+1/10000) - sin(1/10000)"))
    assert not (r.verdict == "holds" and r.method == "symbolic"), r


def test_linear_trigonometric_arguments_are_still_decided() -> None:
    # The completeness twin: sin of a linear argument keeps sympy's answer (C^1 on (-oo, 0) is proved).
    r = check_c1("tanh(z) + sin(2*z + 1)/10", sp.Interval.open(-sp.oo, 0))
    assert (r.verdict, r.method) == ("holds", "symbolic")


_LINEAR = st.builds(lambda a, b: a * Z + b, st.integers(-5, 5), st.fractions(max_denominator=9).map(sp.Rational))


@settings(max_examples=40, deadline=None)
@given(arg=_LINEAR, fn=st.sampled_from([sp.sin, sp.cos, sp.tan, sp.cot]), outer=st.sampled_from([sp.atan, sp.exp, sp.sqrt]))
def test_nonlinear_trig_tells_linear_arguments_from_others(arg, fn, outer) -> None:
    # continuous_domain is taken for a sum of functions of linear arguments (each part's singular points
    # are solved alone), never for a trigonometric function of a nonlinear argument (set answers neither).
    assert untrusted_domain([sp.tanh(Z) + fn(arg)]) is None
    inner = fn(outer(Z) + arg) if arg.has(Z) else fn(outer(Z) + 1)
    assert untrusted_domain([sp.StrictGreaterThan(inner, 0)]) is not None
    assert untrusted_sets([sp.StrictGreaterThan(inner, 0)]) is not None


# -- R13a-10: arb's ** of a ball that holds 0 is nan (python-flint 0.9) ---------------------------------------


def test_a_power_of_a_ball_around_zero_is_enclosed() -> None:
    import flint

    from vgtheory.core.balls import int_power

    ball = flint.arb(0, flint.arb(10) ** -18)
    for n in (0, 1, 2, 3, 7):
        out = int_power(ball, n)
        assert out.is_finite() and (out.upper() >= 0 if n % 2 == 0 else 0 in out)
        assert out.rad() <= 2 * flint.arb(10) ** (-18 * n) + (1 if n == 0 else 0)


@pytest.mark.parametrize("inner, proved", [
    # sqrt(2) + sqrt(3) = sqrt(5 + 2 sqrt 6) (square both sides) and log 6 = log 2 + log 3: the branch
    # beyond the breakpoint adds the square of a zero, so sigma is continuous there; 10^-40 more is a jump.
    ("(tanh(z), z < sqrt(2)+sqrt(3)), (tanh(z) + (z - sqrt(5+2*sqrt(6)))**2", "holds"),
    ("(tanh(z), z < log(6)), (tanh(z) + (z - log(2) - log(3))**2", "holds"),
    ("(tanh(z), z < sqrt(2)+sqrt(3)), (tanh(z) + (z - sqrt(5+2*sqrt(6)))**2 + 10**-40", "fails"),
])
def test_a_breakpoint_written_two_ways_is_decided(inner: str, proved: str) -> None:
    assert sp.sqrtdenest(sp.sqrt(5 + 2 * sp.sqrt(6))) == sp.sqrt(2) + sp.sqrt(3)
    r = check_continuous(f"Piecewise({inner}, True))")
    assert (r.verdict, r.method) == (proved, "symbolic"), r


# -- R13a-8: a function continuous on R of an argument with a proved finite limit ----------------------------

_OUTER = st.sampled_from([sp.sin, sp.cos, sp.exp, sp.tanh, sp.atan, sp.erf])
_INNER = st.sampled_from([sp.atan(Z), 1 / (1 + Z**2), Z / sp.sqrt(1 + Z**2), sp.tanh(Z) / 3, sp.exp(-Z**2)])


@settings(max_examples=20, deadline=None)
@given(outer=_OUTER, inner=_INNER, c=st.fractions(-3, 3, max_denominator=5).map(sp.Rational),
       at=st.sampled_from(["+oo", "-oo"]))
def test_a_continuous_function_of_a_convergent_argument_has_the_limit_of_its_value(outer, inner, c, at) -> None:
    from vgtheory.kernel import as_deadline
    from vgtheory.properties.limits import proved_limit

    expr = sp.Rational(1, 3) - 2 * outer(inner + c)
    fact = proved_limit(expr, at, as_deadline(10))
    assert fact is not None, expr
    # Independent truth: the function far out (every inner tends to its limit at least like 1/z).
    with mpmath.workdps(40):
        far = mpmath.mpf(10) ** 30 * (1 if at == "+oo" else -1)
        value = sp.lambdify(Z, expr, "mpmath")(far)
        assert abs(mpmath.mpf(sp.N(fact.value, 40)) - value) < mpmath.mpf(10) ** -20, (expr, fact.value, value)


def test_the_red_team_limit_is_proved() -> None:
    # cos(1/2) - cos(atan z + 1/2) -> cos(1/2) - cos(pi/2 + 1/2) = cos(1/2) + sin(1/2) at +oo.
    from vgtheory.kernel import as_deadline
    from vgtheory.properties.limits import proved_limit

    fact = proved_limit(sp.cos(sp.Rational(1, 2)) - sp.cos(sp.atan(Z) + sp.Rational(1, 2)), "+oo", as_deadline(10))
    assert fact is not None and sp.simplify(fact.value - sp.cos(sp.Rational(1, 2)) - sp.sin(sp.Rational(1, 2))) == 0
