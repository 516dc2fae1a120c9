"""Quick default-suite versions of the fixes of session 23 (the held-out originals run in the slow suite:
tests/test_heldout_s35b.py and later rounds)."""

from __future__ import annotations

import math

import mpmath
import sympy as sp
import pytest
from hypothesis import given, settings, strategies as st

import vgtheory


@pytest.mark.parametrize("name, fn", [("tanh", math.tanh),
                                      pytest.param("softsign", lambda x: x / (1 + abs(x)), marks=pytest.mark.slow)])
def test_callable_init_agrees_with_the_registry_within_its_error(name, fn):
    # R35b-2: a float64 callable's central-difference slope carries ~1e-11 of truncation error; recommend_init's own
    # moments ignored it and took a root of chi1 = 1 in that noise (q* = 5.4e-6, sigma_w = 1.0000054, "chi1 = 1
    # +- 1.4e-14"). Both sigmas have sigma'(0) = 1, sigma_b = 0: critical at sigma_w = 1, q* = 0 (the orbit decays).
    exact, r = vgtheory.recommend_init(name), vgtheory.recommend_init(lambda x: fn(x))
    assert (exact.method, exact.sigma_w, exact.q) == ("critical", 1.0, 0.0)
    assert r.method == "critical" and r.q == 0.0
    assert abs(r.sigma_w - 1) <= 1e-9 and abs(r.chi1 - 1) <= r.chi1_error < 1e-8


def test_attracting_slope_is_printed_below_one():
    # "L'(q*) = 1 < 1" was a slope of 0.99999... rounded to 4 digits
    from vgtheory.meanfield.recommend import _short

    for x in (0.06025123, 0.9999999912, 0.99995, 1 - 2.0**-52):
        text = _short(x)
        assert float(text) < 1 and abs(float(text) - x) <= 5e-4 * x


@settings(max_examples=25, deadline=None)
@given(c=st.fractions(min_value=-5, max_value=5).filter(lambda c: c != 0),
       k=st.fractions(min_value=-4, max_value=4).filter(lambda k: k != 0),
       factor=st.sampled_from(["1", "sqrt(2)", "pi"]), centred=st.booleans(),
       z=st.floats(min_value=1e-6, max_value=30) | st.floats(min_value=-30, max_value=-1e-6))
def test_centred_logistic_float_form_is_the_same_function_without_cancellation(c, k, factor, centred, z):
    # C/(1 + e^(k z)) - C/2 = -(C/2) tanh(k z/2) for the whole constant C = c*factor: the float form must be the
    # function it was given, and keep its relative accuracy near 0 where a centred sum cancels. A constant other than
    # C/2 (c/2 beside sqrt(2)*c/(1 + e^z)) is no centred logistic: its rewrite dropped (sqrt(2) - 1)c/2 (R37b-1)
    from vgtheory.core.parsing import Z
    from vgtheory.meanfield.float_forms import numpy_form

    cs, ks, f = sp.Rational(c.numerator, c.denominator), sp.Rational(k.numerator, k.denominator), sp.sympify(factor)
    C = cs * f
    shift = C / 2 if centred else cs / 2
    fast = sp.lambdify(Z, numpy_form(C / (1 + sp.exp(ks * Z)) - shift), "numpy")
    with mpmath.workdps(60):  # |k t| >= 1e-16: the cancelling sum keeps 40 digits
        Cm, sm, km = (mpmath.mpf(sp.N(x, 70)) for x in (C, shift, ks))
        for t in (z, z * 1e-9):
            truth = float(Cm / (1 + mpmath.exp(km * t)) - sm)
            assert abs(float(fast(t)) - truth) <= 1e-14 * abs(truth) + 1e-15 * abs(float(C)) * (not centred) + 1e-300


@pytest.mark.slow
def test_summary_check_skips_only_theorem2_points_where_H_fails():
    # full=False (the CLI's summary) leaves out Theorem 2's worked points where (H) fails, nothing else
    from vgtheory.core.activations import activation
    from vgtheory.properties.four import check_properties
    from vgtheory.theorems.section import _section_theorem2

    for name, h_fails in (("gelu", True), ("tanh", False)):
        sigma = activation(name)
        props = check_properties(sigma)
        full, summary = _section_theorem2(sigma, props, 30, True), _section_theorem2(sigma, props, 30, False)
        assert full[:2] == summary[:2] and (full[0] == "fails") == h_fails
        assert len(full[2]) == 2 and len(summary[2]) == (0 if h_fails else 2)


def test_real_valued_growth_at_an_exact_finite_point_is_no_pole():
    # R36a-4: e^(-z^2)/(sin^2 z + e^(-3 z^2)) has a denominator >= e^(-3 z^2) > 0: real analytic on R, with spikes
    # e^(2 (k pi)^2) of width ~e^(-1.5 (k pi)^2) below the probes. Called a pole ("fails") at -5 pi; a pole is still one.
    from vgtheory.properties.four import check_real_valued

    assert check_real_valued("tanh(x) + exp(-x**2)/(sin(x)**2 + exp(-3*x**2))").verdict == "inconclusive"
    assert check_real_valued("tanh(x) + 1/(x - pi)").verdict == "fails"


def test_increasing_part_of_H_fails_on_a_flat_piece():
    # R36a-3: (H) asks sigma' > 0 on [0, oo); sigma = 2/3 past 2 has sigma' = 0 exactly there (t = 3 is a witness)
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing

    flat = activation("Piecewise((-2/3, x<-2), (x + x**2/2 + x**3/12, x<0), (x - x**2/2 + x**3/12, x<2), (2/3, True))")
    r = check_increasing(flat)
    assert (r.verdict, r.method) == ("fails", "symbolic") and "sigma' = 0 at t" in r.detail  # session 31's wording
    assert check_increasing(activation("tanh")).verdict == "holds"


def test_variance_preserving_attraction_at_tiny_q_is_never_a_false_no():
    # R36b-5: erf at q = 1e-20 has L'(q) = 1 - 2e-20 < 1 (attracting); float64 cannot tell it from 1: 'undetermined'
    r = vgtheory.recommend_init("erf", q=1e-20)
    assert r.attracting is not False and "does not attract" not in r.reason


@pytest.mark.parametrize("g, zeros", [("Min(1, z) + 1", {-1}), ("Max(-1, Min(1, z)) - 1/2", {sp.Rational(1, 2)}),
                                      ("Max(z, z**2 - 2)", {0, -sp.sqrt(2)}), ("Max(z/100, z) - 1", {1}),
                                      ("Min(z, 2*z, z - 1) + 3", {sp.Rational(-3, 2)})])
def test_branch_zeros_are_the_zeros(g, zeros):
    # every zero of a Max/Min expression is a zero of one of its branches and is kept only where g vanishes exactly
    # (truth by hand: Min(z, 2z, z - 1) = 2z for z < -1, z - 1 for z >= -1, so -3/2 is a zero and the branch zero -2 is not)
    from vgtheory.core.activations import Z
    from vgtheory.meanfield.features import branch_zeros

    expr = sp.sympify(g, locals={"z": Z})
    found = branch_zeros(expr, sp.S.Reals)
    assert set(found) == zeros
