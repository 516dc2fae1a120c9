"""The precision guard and numeric evidence below the working precision (issue 16).

Agreement of two precisions is not a value, and a term 10^-40 times the rest is invisible in
differences of 30-digit numbers. The guard reports an unconfirmed value as undetermined (never a
number), and the numeric verdicts read the quantities whose digits matter (σ'', σ - L, zσ'),
each confirmed to the working precision relative to itself. Witnesses whose truth is known by
construction, in both directions: a perturbation that breaks a property never gets a numeric
"holds" for it, and its unperturbed twin is still decided "holds".
"""

from __future__ import annotations

from datetime import timedelta

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.activations import activation
from vgtheory.core.formula_eval import UndeterminedError, guarded
from vgtheory.errors import ActivationError
from vgtheory.properties.four import check_positive_limit, check_real_valued, check_vanishing_derivative
from vgtheory.theorems.hypotheses import check_concave, check_increasing

_FAST = settings(max_examples=3, deadline=timedelta(seconds=60))


# -- the guard ------------------------------------------------------------------------------------------


def test_rounding_noise_is_undetermined_not_a_value() -> None:
    # A "value" that is pure rounding noise of the working precision (a cancellation deeper than
    # every precision): no two precisions agree, so no number may come back.
    calls = []

    def noise(t: mpmath.mpf) -> mpmath.mpf:
        calls.append(mpmath.mp.prec)
        return t * mpmath.ldexp(3, -mpmath.mp.prec)

    with mpmath.workdps(30):
        with pytest.raises(UndeterminedError):
            guarded(noise)(mpmath.mpf(1))
    # The noise fell with the precision twice in a row: the most expensive precision is not tried.
    assert calls and max(calls) < calls[0] + 16384


def test_agreement_and_structural_zero_are_values() -> None:
    with mpmath.workdps(30):
        assert guarded(lambda t: mpmath.exp(t) - 1)(mpmath.mpf(10) ** -40) == pytest.approx(mpmath.mpf(10) ** -40, rel=1e-25)
        assert guarded(lambda t: mpmath.mpf(0))(mpmath.mpf(3)) == 0


def test_a_term_below_the_working_precision_is_resolved_relative_to_the_quantity() -> None:
    # sigma' = sech^2 z + cos(z)/10^40: at z = 103 the cosine term dominates (sech^2 103 ~ 1e-89)
    # and is negative; its 30 digits must be right relative to sigma' itself.
    act = activation("tanh(x) + sin(x)/10**40")
    z = mpmath.mpf(103)
    with mpmath.workdps(300):
        truth = mpmath.sech(z) ** 2 + mpmath.cos(z) / mpmath.mpf(10) ** 40
    with mpmath.workdps(30):
        got = act.slope(z)
    assert got < 0
    assert abs(got - truth) <= abs(truth) * mpmath.mpf(10) ** -25


@pytest.mark.slow
def test_an_imaginary_part_below_the_working_precision_is_not_rounding() -> None:
    # The principal cube root of 1 - sqrt(3) < 0 is complex: sigma(1) has an imaginary part about
    # 1e-30 times its real part, below 30 digits; sigma is not real there.
    act = activation("tanh(x) + cbrt(x - sqrt(3))/10**30")
    with mpmath.workdps(30):
        with pytest.raises(ActivationError, match="not a real number"):
            act.value(1)
    assert check_real_valued(act).verdict == "fails"
    assert check_concave(act).verdict != "holds"
    assert check_increasing(act).verdict != "holds"


# -- witness 1: a cusp of amplitude 1e-30 ----------------------------------------------------------------


@pytest.mark.slow
def test_cusp_below_the_working_precision_is_not_concave() -> None:
    # sigma = tanh z + cbrt(z - sqrt 3)/10^30 (the real cube root): sigma'' = -2 sech^2 tanh
    # - (2/9)|z - sqrt 3|^(-5/3) sign(z - sqrt 3)/10^30 is positive just left of sqrt 3
    # (within ~1e-18), so sigma is not concave on [0, oo); sigma' > 0 everywhere, so it is increasing.
    act = activation("tanh(x) + sign(x - sqrt(3))*abs(x - sqrt(3))**(1/3)/10**30")
    with mpmath.workdps(60):
        t = mpmath.sqrt(3) - mpmath.mpf(10) ** -20
        second = -2 * mpmath.sech(t) ** 2 * mpmath.tanh(t) + mpmath.mpf(2) / 9 * (mpmath.sqrt(3) - t) ** (-mpmath.mpf(5) / 3) / mpmath.mpf(10) ** 30
    assert second > 0  # the truth, independently
    assert check_concave(act).verdict == "fails"
    assert check_increasing(act).verdict == "holds"


# -- witness 2: an oscillation of amplitude 1e-40 ----------------------------------------------------------


@pytest.mark.slow
def test_oscillation_below_the_working_precision_is_no_limit_and_no_decay() -> None:
    # sigma = tanh z + sin(z)/10^40: sigma' = sech^2 z + cos(z)/10^40 < 0 at points beyond z ~ 47
    # (not increasing), z sigma'(z) ~ z cos(z)/10^40 is unbounded (property 2 false) and sigma has
    # no limit at +oo (property 3 false); it is bounded.
    act = activation("tanh(x) + sin(x)/10**40")
    assert check_vanishing_derivative(act).verdict == "fails"
    assert check_positive_limit(act).verdict != "holds"
    assert check_increasing(act).verdict == "fails"
    assert check_concave(act).verdict == "fails"


@pytest.mark.parametrize("f", ["tanh(x)", "tanh(x) + 1/10**40"])
def test_unperturbed_twins_are_still_decided(f: str) -> None:
    act = activation(f)
    assert check_vanishing_derivative(act).verdict == "holds"
    assert check_positive_limit(act).verdict == "holds"
    assert check_increasing(act).verdict == "holds"
    assert check_concave(act).verdict == "holds"


# -- families: amplitude 10^-k, k in 25..60, at a random point ---------------------------------------------

_AMPLITUDE = st.integers(min_value=25, max_value=60)
_POINT = st.fractions(min_value=1, max_value=5, max_denominator=97).filter(lambda q: q.denominator > 1)


@pytest.mark.slow
@_FAST
@given(k=_AMPLITUDE, a=_POINT)
def test_cusp_family_never_concave(k: int, a) -> None:
    a = sp.Rational(a.numerator, a.denominator)
    cusp = activation(f"tanh(x) + sign(x - {a})*abs(x - {a})**(1/3)/10**{k}")
    assert check_concave(cusp).verdict != "holds"
    # the twin: a constant shift of the same size keeps sigma concave
    assert check_concave(activation(f"tanh(x) + 1/10**{k}")).verdict == "holds"


@pytest.mark.slow
@_FAST
@given(k=_AMPLITUDE, a=_POINT)
def test_oscillation_family_never_decays_or_settles(k: int, a) -> None:
    a = sp.Rational(a.numerator, a.denominator)
    wobble = activation(f"tanh(x) + sin(x - {a})/10**{k}")
    assert check_vanishing_derivative(wobble, ends=("+oo",)).verdict != "holds"
    assert check_positive_limit(wobble).verdict != "holds"
    assert check_increasing(wobble).verdict != "holds"
    twin = activation(f"tanh(x) + 1/10**{k}")
    assert check_vanishing_derivative(twin, ends=("+oo",)).verdict == "holds"
    assert check_positive_limit(twin).verdict == "holds"
