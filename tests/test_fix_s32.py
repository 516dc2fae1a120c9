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
