"""Properties of the session-9 speed changes to ``check``: each shortcut gives the answer of the long way.

* properties 1 and 2 stop at the first end whose proved limit settles them (the other end's limit
  was proved only for the witness: about 1 s of Gruntz for gelu_tanh at -oo);
* the kernel's difference quotient asks sign() whether f(b) = 0: an enclosure rejects a nonzero
  f(b) before the zero test's simplify passes, and a zero f(b) still reaches the zero test;
* Piecewise (and expm1) formulas are evaluated in arb balls (selu's 368 real-valuedness samples:
  one arb pass each instead of mpmath at two precisions), to the digits the guarded mpmath gives.
"""

from __future__ import annotations

import flint
import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core import formula_eval, memo
from vgtheory.core.activations import Z, activation
from vgtheory.core.enclosure import compile_ball
from vgtheory.kernel import enclose, limit
from vgtheory.kernel import limits as kernel_limits
from vgtheory.kernel import numbers
from vgtheory.properties import four


def _asked_ends(monkeypatch) -> list:
    asked: list = []
    proved = four.proved_limit

    def recording(expr, point, deadline=four.DEFAULT_TIMEOUT):
        asked.append(point)
        return proved(expr, point, deadline)

    monkeypatch.setattr(four, "proved_limit", recording)
    return asked


@pytest.mark.parametrize("name", ["relu", "elu", "gelu_tanh"])
def test_an_end_that_settles_a_property_is_the_last_one_proved(name, monkeypatch):
    asked = _asked_ends(monkeypatch)
    with memo.scope():
        bounded = four.check_bounded(name)
        vanishing = four.check_vanishing_derivative(name)
    assert (bounded.verdict, bounded.method) == (vanishing.verdict, vanishing.method) == ("fails", "symbolic")
    assert asked and "-oo" not in asked
    # The long way, the +oo end alone, gives the same refutation.
    alone = four.check_vanishing_derivative(name, ends=("+oo",))
    assert alone.verdict == "fails" and alone.detail == vanishing.detail
    assert bounded.detail == f"sigma(z) -> {four.show(sp.oo)} as z -> +oo"


def test_an_end_that_does_not_settle_it_leaves_the_other_one_asked(monkeypatch):
    """exp(-z) tends to 0 at +oo (nothing settled) and to +oo at -oo: both ends are proved and shown."""
    asked = _asked_ends(monkeypatch)
    with memo.scope():
        bounded = four.check_bounded("exp(-z)")
        vanishing = four.check_vanishing_derivative("exp(-z)")
    assert bounded.verdict == vanishing.verdict == "fails"
    assert {"+oo", "-oo"} <= set(asked)
    assert set(bounded.witness) == {"lim sigma(z), z->+oo", "lim sigma(z), z->-oo"}
    assert "z -> -oo" in bounded.detail and "z -> -oo" in vanishing.detail
    assert len(vanishing.witness) == 2


def _zero_tests(monkeypatch) -> list:
    seen: list = []
    real = numbers.is_zero

    def recording(x, run):
        seen.append(x)
        return real(x, run)

    monkeypatch.setattr(numbers, "is_zero", recording)
    monkeypatch.setattr(kernel_limits, "is_zero", recording, raising=False)  # a direct import, should one come back
    return seen


def test_a_nonzero_value_at_the_point_never_reaches_the_zero_test(monkeypatch):
    """selu's left branch: c e^z / z at 0-, c = e^(1/2) erfc(1/sqrt 2) - 1 < 0; the limit is +oo."""
    seen = _zero_tests(monkeypatch)
    c = sp.exp(sp.Rational(1, 2)) * sp.erfc(sp.sqrt(2) / 2) - 1
    fact = limit(c * sp.exp(Z) / Z, "0-", 20)
    assert fact is not None and fact.value == sp.oo
    # Only numbers that no enclosure separates from 0 are handed to the (slow) zero test.
    assert all((b := enclose(x, 64)) is None or b.contains(0) for x in seen)


def test_a_zero_value_at_the_point_still_gets_the_difference_quotient(monkeypatch):
    """f(0) = log 6 - log 2 - log 3 is 0 only by the zero test (arb cannot exclude 0 from it)."""
    seen = _zero_tests(monkeypatch)
    c = sp.log(6) - sp.log(2) - sp.log(3)
    fact = limit((sp.sin(Z) + c) / Z, "0+", 20)
    assert fact is not None and fact.value == 1
    assert any(x == c for x in seen)


_PIECEWISE = {
    "selu": activation("selu").expr,
    "clipped tanh": sp.Piecewise((sp.tanh(Z), sp.And(Z > -sp.sqrt(2), Z < sp.sqrt(2))), (sp.sign(Z) * sp.tanh(sp.sqrt(2)), True)),
    "ramp": sp.Piecewise((-1, Z <= -sp.sqrt(2)), (Z / sp.sqrt(2), Z < sp.sqrt(2)), (1, True)),
    "pole outside its piece": sp.Piecewise((1 - 1 / (4 * Z), Z > sp.Rational(1, 2)), (-1 - 1 / (4 * Z), Z < -sp.Rational(1, 2)), (Z, True)),
}


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(_PIECEWISE)), k=st.integers(-2000, 2000), octave=st.integers(-60, 60),
       derivative=st.booleans())
def test_piecewise_in_arb_gives_the_guarded_mpmath_value(name, k, octave, derivative):
    expr = sp.diff(_PIECEWISE[name], Z) if derivative else _PIECEWISE[name]
    form = formula_eval.stable_form(expr)
    if compile_ball(form, Z) is None:  # sign' = 0 and Heaviside: no ball; the formula itself must have one
        assert derivative and compile_ball(formula_eval.stable_form(_PIECEWISE[name]), Z) is not None
        return
    t = mpmath.ldexp(mpmath.mpf(k) / 1000, octave)
    with mpmath.workdps(30):
        fast = formula_eval.enclosed(form)(t)
        slow = formula_eval.guarded(formula_eval._lambdify(form))(t)
        assert fast == slow or abs(fast - slow) <= abs(slow) * mpmath.ldexp(1, 4 - mpmath.mp.prec)


def test_a_ball_on_both_sides_of_a_breakpoint_decides_no_piece():
    ball = compile_ball(_PIECEWISE["ramp"], Z)
    assert ball is not None
    at_breakpoint = flint.arb(1.4142135623730951, 1e-10)  # contains sqrt(2)
    with pytest.raises(ValueError):
        ball(at_breakpoint)
    assert ball(flint.arb(-2)) == -1 and ball(flint.arb(0)) == 0  # exact balls take exactly one piece
