"""Features that an oscillating factor places on a shrinking set are found (issue 8: numeric
evidence that is hard to fool), and the phase points are where the formula says they are."""

from __future__ import annotations

import mpmath
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from vgtheory.core.activations import activation
from vgtheory.properties.numeric_properties import positive_limit_numeric, vanishing_numeric
from vgtheory.properties.features import PHASE_WINDOWS, oscillating_arguments, phase_points

from vgtheory.core.parsing import Z as z  # noqa: E402 - the variable of every activation
alphas = st.sampled_from([sp.Integer(1), sp.Integer(3), sp.sqrt(2), sp.pi / 3])
betas = st.sampled_from([sp.Integer(0), sp.Integer(1), sp.Rational(1, 3)])


@settings(max_examples=6, deadline=None, derandomize=True)
@given(alpha=alphas, beta=betas)
def test_phase_points_are_multiples_of_half_pi(alpha, beta):
    u = alpha * z + beta
    with mpmath.workdps(30):
        points = phase_points(oscillating_arguments(sp.sin(u)), 1, PHASE_WINDOWS[0])
        assert points, "a linear argument crosses a multiple of pi/2 about ten times in 16 units"
        fn = sp.lambdify(z, u, modules=["mpmath"])
        for t in points:
            k = mpmath.nint(fn(t) / (mpmath.pi / 2))
            assert abs(fn(t) - k * mpmath.pi / 2) < mpmath.mpf(10) ** -20


@settings(max_examples=3, deadline=None, derandomize=True)
@given(alpha=alphas, beta=betas)
@pytest.mark.slow
def test_bumps_of_width_one_over_t_refute_the_limit_and_the_vanishing_derivative(alpha, beta):
    # A bump of height ~1 and width ~1/t at every zero of sin(alpha t + beta): sigma has no limit
    # at +oo and t*sigma'(t) is unbounded, though sigma equals tanh + 1 - o(1) almost everywhere.
    sigma = activation(sp.tanh(z) + z**2 / (1 + z**2) * sp.exp(-(z * sp.sin(alpha * z + beta)) ** 2))
    assert positive_limit_numeric(sigma, 30).verdict != "holds"
    assert vanishing_numeric(sigma, 30, ("+oo",), "t*sigma'(t) -> 0 as t -> +oo").verdict == "fails"
