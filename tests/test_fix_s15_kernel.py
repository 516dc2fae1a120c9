"""Red team R14a (session 15): sympy's inequality solver reads the sign of a factor it cannot solve at one
point (z·(2e^(-z²) - (1 + z²)^(-2)) > 0 came back as (0, oo), {t > 0: σ'' > 0} of atan z + c z e^(-z²) as
empty for every c), and the kernel took those sets (condition_set, solveset in (H)). Now sympy's set
answers are taken only for trusted expressions (core.pieces.untrusted_sets / untrusted_domain).
Truth in each test comes from the construction, checked with mpmath at high precision."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

import vgtheory
from vgtheory.core.activations import Z, activation
from vgtheory.core.pieces import untrusted_domain, untrusted_sets
from vgtheory.properties.four import check_properties, check_real_valued
from vgtheory.theorems import hypotheses as H

_C1 = "40710480068019684413432112337140948/10**35"  # just above c* = 0.40710480068019684413432112337140947671...
_COND = "x*(2*exp(-x**2) - 1/(1+x**2)**2) > 0"


def _not_symbolic_holds(r) -> bool:
    return not (r.verdict == "holds" and r.method == "symbolic")


def test_r14a_1_a_narrow_convex_stretch_is_not_proved_concave() -> None:
    c = mpmath.mpf(40710480068019684413432112337140948) / mpmath.mpf(10) ** 35
    with mpmath.workdps(60):
        t0 = mpmath.mpf("1.830513878493744764544819945402247758")
        second = 2 * t0 * (c * mpmath.exp(-t0**2) * (2 * t0**2 - 3) - 1 / (1 + t0**2) ** 2)
        assert second > 0  # sigma''(t0) > 0: not concave
    r = H.check_concave(activation(f"atan(x) + {_C1}*x*exp(-x**2)"))
    assert _not_symbolic_holds(r), r


@pytest.mark.slow  # 3-5 s loaded (pytest --durations): CI runs it
def test_r14a_2_the_branch_near_plus_infinity_is_not_taken_from_a_wrong_set() -> None:
    # For z >= 2 the condition is false (2 e^{-z^2}(1+z^2)^2 <= 50 e^{-4} < 1), so sigma = tanh z - (1 + tanh z) z^2/(1+z^2) -> -1.
    f = f"Piecewise((tanh(x), {_COND}), (tanh(x) - (1 + tanh(x))*x**2/(1 + x**2), True))"
    with mpmath.workdps(30):
        z = mpmath.mpf(50)
        assert 2 * mpmath.exp(-z**2) * (1 + z**2) ** 2 < 1
        assert mpmath.tanh(z) - (1 + mpmath.tanh(z)) * z**2 / (1 + z**2) < -0.99
    props = check_properties(activation(f))
    assert props.positive_limit.verdict != "holds", props.positive_limit
    assert not props.sigmoid_type


@pytest.mark.slow  # 3-5 s loaded (pytest --durations): CI runs it
def test_r14a_3_a_tiny_jump_at_an_unsolved_switch_is_not_c1_or_h() -> None:
    f = f"Piecewise((tanh(x), {_COND}), (tanh(x) - x**2*exp(-x**2)/10**40, True))"
    with mpmath.workdps(60):
        a = lambda z: 2 * mpmath.exp(-z**2) - 1 / (1 + z**2) ** 2  # noqa: E731
        z1 = mpmath.findroot(a, mpmath.mpf("1.96"))
        assert a(z1 - mpmath.mpf(10) ** -5) > 0 > a(z1 + mpmath.mpf(10) ** -5)  # the condition switches off at z1: a jump
    act = activation(f)
    assert _not_symbolic_holds(H.check_c1(act))
    assert _not_symbolic_holds(H.hypothesis_H(act))


@pytest.mark.slow  # the four properties of a nested formula: ~4 s quiet
def test_r14a_4_abs_of_an_unsolved_product_keeps_its_sign_at_minus_infinity() -> None:
    # z (e^z + atan(z^3 - z)) -> +oo as z -> -oo (both factors negative), so sigma -> -1 + pi/2.
    act = activation("tanh(x) + atan(Abs(x*(exp(x) + atan(x**3 - x))))")
    with mpmath.workdps(50):
        assert abs(act.value(mpmath.mpf(-30)) - (-1 + mpmath.pi / 2)) < 0.03
    b = check_properties(act).bounded
    if b.method == "symbolic":
        at_minus = sp.sympify(b.witness["lim sigma(z), z->-oo"])
        assert sp.simplify(at_minus - (sp.pi / 2 - 1)) == 0, b


@pytest.mark.slow  # sympy's solveset at a generous budget (what a fast machine gets in 1 s): ~5 s
def test_r14a_5_increasing_is_not_proved_from_an_unsolved_factor(monkeypatch) -> None:
    f = "atan(x**2/2 + x) + 99127658327578456436/10**20*(x**2/2 + x)*exp(-x**2/2 - x)"
    c = mpmath.mpf(99127658327578456436) / mpmath.mpf(10) ** 20
    with mpmath.workdps(60):
        v0 = mpmath.mpf("3.2695308420811427708531345")
        t0 = -1 + mpmath.sqrt(1 + 2 * v0)
        v = t0**2 / 2 + t0
        assert (1 + t0) * (1 / (1 + v**2) + c * mpmath.exp(-v) * (1 - v)) < 0  # sigma'(t0) < 0
    monkeypatch.setattr(H, "_STEP", 30.0)
    assert _not_symbolic_holds(H.check_increasing(activation(f)))


@pytest.mark.slow  # 3-5 s loaded (pytest --durations): CI runs it
@pytest.mark.parametrize("cond", ["log(x) < 1", "sqrt(x) < 1"])
def test_r14a_6_a_switch_that_is_not_real_for_z_below_0_is_no_internal_error(cond) -> None:
    f = f"Piecewise((tanh(x), {cond}), (tanh(x)/2, True))"
    rep = vgtheory.check(f, theorems=False, signal=False)
    assert not any("internal error" in str(v) for v in rep.unavailable.values()), rep.unavailable
    # sigma(-1): log(-1) < 1 compares a complex number: sigma is not a real function there.
    assert check_real_valued(f).verdict == "fails"


# -- the trust rule itself ---------------------------------------------------------------------------------

_RATIONAL = st.builds(lambda a, b: (a * Z + b) / (1 + Z**2), st.integers(-3, 3), st.integers(1, 3))  # never 0
_TRANSCENDENTAL = st.sampled_from([sp.exp(-Z**2), sp.atan(Z**3 - Z), sp.tanh(2 * Z), sp.erf(Z / 3)])


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(rational=_RATIONAL, t=_TRANSCENDENTAL, c=st.integers(1, 9))
def test_sums_mixing_the_variable_with_a_transcendental_term_are_not_trusted(rational, t, c) -> None:
    # The R14a shape: a rational part beside c*z*T(z) (T not solvable together with z): never taken from sympy.
    mixed = rational + c * Z * t
    assert untrusted_sets([mixed > 0]) is not None
    assert untrusted_sets([Z * (mixed + Z) > 0]) is not None
    # A product of trusted factors is trusted: its sign set is its factors' sets combined.
    assert untrusted_sets([Z * (Z**2 - 1) * sp.exp(-Z**2) > 0]) is None


def test_completeness_twins_keep_their_symbolic_labels() -> None:
    # erf: sigma'' = -4z e^(-z^2)/sqrt(pi) < 0 on (0, oo): a product of trusted factors, still proved concave.
    r = H.check_concave(activation("erf"))
    assert (r.verdict, r.method) == ("holds", "symbolic"), r
    # tanh z + sin(2z + 1)/10: continuous_domain of a sum of functions of linear arguments is still taken.
    assert untrusted_domain([sp.tanh(Z) + sp.sin(2 * Z + 1) / 10]) is None


@pytest.mark.slow  # 2-6 s: the default suite keeps under 3 minutes (session 32)
@pytest.mark.parametrize("condition, point", [
    # sympy: EmptySet; the condition holds at z = -10 (its value is 0.2044...).
    (-3 * sp.cos(2 * Z) ** 2 + sp.cos(2 * Z) / 2 + sp.Rational(1, 2) > 0, -10),
    # sympy: EmptySet; -2(z + 1/2) cos 2z > 0 at z = -10 (7.75...).
    (-2 * (Z + sp.Rational(1, 2)) * sp.cos(2 * Z) > 0, -10),
    # sympy: (-sqrt(log 3), oo); at z = 8/7 the left side is -1.72 < 0 (a switch beside a transcendental term).
    (-2 * sp.Max(0, Z) ** 2 + sp.Max(0, Z) - sp.Rational(4, 3) + 4 * sp.exp(-Z**2) < 0, sp.Rational(8, 7)),
])
def test_inequalities_sympy_gets_wrong_are_not_trusted(condition, point) -> None:
    with mpmath.workdps(30):
        value = sp.lambdify(Z, condition.lhs - condition.rhs, "mpmath")(mpmath.mpf(point))
    holds = value > 0 if isinstance(condition, sp.StrictGreaterThan) else value < 0
    assert holds and not condition.as_set().contains(point)  # sympy's set misses a point where it holds
    assert untrusted_sets([condition]) is not None
