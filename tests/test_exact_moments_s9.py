"""The closed-form Gaussian moments of piecewise polynomials (vgtheory.meanfield.exact_moments).

Checked against the textbook moments of N(0, q) (E u^2 = q, E u^4 = 3 q^2, E relu(u)^2 = q/2) exactly,
and against mpmath quadrature of h(u)^2 times the density, split at the breakpoints, for random
piecewise polynomials (random breakpoints, pieces of degree up to 3)."""

from __future__ import annotations

from datetime import timedelta

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core.parsing import Z
from vgtheory.meanfield.exact_moments import square_moment

q = sp.Symbol("q", positive=True)


@pytest.mark.parametrize("h, exact", [
    (Z, q), (Z**2, 3 * q**2), (sp.Max(0, Z), q / 2), (sp.Abs(Z), q), (sp.Heaviside(Z), sp.Rational(1, 2)),
    (sp.Max(0, Z) ** 2, 3 * q**2 / 2), (Z + 1, q + 1), (sp.Integer(0), 0),
])
def test_textbook_moments_exactly(h, exact):
    assert sp.simplify(square_moment(h, q) - exact) == 0


def test_not_a_piecewise_polynomial_is_left_to_the_caller():
    assert square_moment(sp.tanh(Z), q) is None
    assert square_moment(sp.Max(0, Z) * sp.exp(Z), q) is None


rationals = st.builds(sp.Rational, st.integers(-7, 7), st.integers(1, 3))
polys = st.lists(rationals, min_size=1, max_size=4).map(lambda cs: sum(c * Z**k for k, c in enumerate(cs)))


@settings(max_examples=8, deadline=timedelta(seconds=30))
@given(st.lists(rationals, min_size=1, max_size=3, unique=True), st.data(), st.sampled_from(["1/3", "1", "5/2"]))
def test_against_quadrature(cuts, data, q0):
    cuts = sorted(cuts)
    pieces = [data.draw(polys) for _ in range(len(cuts) + 1)]
    h = sp.Piecewise(*[(p, Z < c) for p, c in zip(pieces, cuts)], (pieces[-1], True))
    closed = square_moment(h, q)
    assert closed is not None
    qv = sp.Rational(q0)
    with mpmath.workdps(30):
        fns = [sp.lambdify(Z, p**2 * sp.exp(-Z**2 / (2 * qv)) / sp.sqrt(2 * sp.pi * qv), "mpmath") for p in pieces]
        ends = [-mpmath.inf, *[mpmath.mpf(c.p) / c.q for c in cuts], mpmath.inf]
        reference = sum(mpmath.quad(f, [a, b]) for f, a, b in zip(fns, ends, ends[1:]))
        value = mpmath.mpf(sp.N(closed.subs(q, qv), 30))
        assert abs(value - reference) <= mpmath.mpf(10) ** -20 * (1 + abs(reference))
