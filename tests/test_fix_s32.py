"""Quick tests of the fixes of session 29 (the held-out originals, where any, are in the slow suite)."""
from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core.activations import Z
from vgtheory.core.rational_sets import rational_set

_KINDS = (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan, sp.Eq, sp.Ne)


def _holds_at(found, t) -> bool | None:
    return None if found is None or isinstance(found, sp.ConditionSet) else bool(found.contains(t))


@pytest.mark.parametrize("kind", _KINDS)
def test_cancelled_factor_stays_a_hole(kind):
    # hypothesis seed 424368535 of test_scaled_rational_relation_matches_signs: sqrt(2) z/(sqrt(2) z + 2 z^2) > 0 was
    # solved as (-sqrt(2)/2, oo), which holds z = 0, where g as written is 0/0
    g = sp.sqrt(2) * Z / (sp.sqrt(2) * Z + 2 * Z**2)
    assert _holds_at(rational_set(kind(g, 0, evaluate=False) if kind is not sp.Eq else sp.Eq(g, 0, evaluate=False), Z),
                     0) in (None, False)


@settings(max_examples=40, deadline=None)
@given(k=st.sampled_from([2, 3, 5, 7]), r=st.fractions(-5, 5, max_denominator=7).map(sp.Rational),
       p=st.lists(st.integers(-4, 4), min_size=1, max_size=3), q=st.lists(st.integers(-4, 4), min_size=1, max_size=3),
       kind=st.sampled_from(_KINDS))
def test_no_set_holds_a_zero_of_a_denominator(k, r, p, q, kind):
    # g = sqrt(k) (z - r) P(z) / ((z - r) Q(z)), the common factor left in: g has no value at z = r, whatever cancels
    P = sum(a * Z**i for i, a in enumerate(p))
    Q = sum(a * Z**i for i, a in enumerate(q))
    if Q == 0:
        return
    g = sp.Mul(sp.sqrt(k), Z - r, P, sp.Pow(sp.expand((Z - r) * Q), -1), evaluate=False)
    rel = sp.Eq(g, 0, evaluate=False) if kind is sp.Eq else kind(g, 0, evaluate=False)
    assert _holds_at(rational_set(rel, Z), r) in (None, False), (g, kind)


# -- R52b-4: the poles of Gamma's arguments and the zeros of digamma are singular points of the signal section --------

@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(alpha=st.fractions(-4, 4, max_denominator=5).filter(lambda a: a != 0).map(sp.Rational),
       beta=st.fractions(-20, 20, max_denominator=5).map(sp.Rational), kind=st.sampled_from(["gamma", "psi", "psi1"]))
def test_poles_of_a_linear_argument_are_all_found_exactly(alpha, beta, kind):
    # a = alpha z + beta is 0, -1, -2, ... exactly at z_k = (-k - beta)/alpha: every such z_k with |z_k| <= 16 is a
    # singular point of |F(a)|^(-1/3) (a cusp where F has a pole), and every point found in the window is one of them
    from vgtheory.meanfield.features import singular_points

    a = alpha * Z + beta
    f = {"gamma": sp.gamma(a), "psi": sp.polygamma(0, a), "psi1": sp.polygamma(1, a)}[kind]
    sigma = sp.tanh(Z) * sp.Abs(f) ** sp.Rational(-1, 3)
    found = set(singular_points(sigma, sp.diff(sigma, Z))[0])
    poles = {(-k - beta) / alpha for k in range(0, 200)}
    assert {p for p in poles if abs(p) <= 16} <= found
    if kind == "gamma":  # Gamma has no zeros: nothing else is singular
        assert {p for p in found if abs(p) <= 16} <= poles


def test_zero_of_digamma_found_through_its_poles():
    # digamma(w) = 0 at w0 = 1.4616321449683623... (mpmath findroot, 50 digits); at w = z/2 + 3 the scan's grid holds
    # the pole z = -6 (w = 0), where mpmath raises: the scan passes over it and finds z0 = 2 w0 - 6
    import mpmath as mp

    from vgtheory.meanfield.features import singular_points

    sigma = sp.tanh(Z) * sp.Abs(sp.polygamma(0, Z / 2 + 3)) ** sp.Rational(-1, 3)
    with mp.workdps(50):
        z0 = 2 * mp.findroot(mp.digamma, 1.46) - 6
        points = singular_points(sigma, sp.diff(sigma, Z))[0]
        assert any(abs(mp.mpf(sp.N(p, 60)) - z0) < mp.mpf(10) ** -45 for p in points), points
    assert {-6, -8, -10} <= set(points)


def test_polynomial_argument_poles_exact():
    # Gamma(z^2 - 3) has poles where z^2 = 3, 2, 1, 0: +-sqrt 3, +-sqrt 2, +-1, 0 (a double zero of z^2: no sign change)
    from vgtheory.meanfield.features import _special_poles

    poles, complete = _special_poles(sp.gamma(Z**2 - 3), 16)
    assert complete and set(poles) == {sp.sqrt(3), -sp.sqrt(3), sp.sqrt(2), -sp.sqrt(2), 1, -1, 0}
