"""Quick tests of the fixes of session 28 (the held-out originals are in the slow suite)."""
from __future__ import annotations

import mpmath as mp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core.decimals import estimate_string, held_digits


@settings(max_examples=60, deadline=None)
@given(mant=st.integers(1, 2**200), exp=st.integers(-400, 400), sign=st.sampled_from([1, -1]),
       emant=st.integers(0, 2**40), eexp=st.integers(-500, 50), prec=st.sampled_from([53, 113, 400, 2000]))
def test_estimate_string_contains_the_estimate(mant, exp, sign, emant, eexp, prec):
    # R50a-6: a value printed to 15 digits with "+- 1.4e-29" was off by 1e-16 as text. Whatever
    # value +- error contains, the printed "v +- e" must contain too.
    with mp.workprec(prec):
        value = sign * mp.ldexp(mp.mpf(mant), exp)
    error = mp.ldexp(mp.mpf(emant), eexp)
    text = estimate_string(value, error)
    e = mp.mpf(text.split("+-")[1])
    with mp.workprec(prec + 4000):
        assert abs(mp.mpf(text.split("+-")[0]) - value) + error <= e * (1 + mp.mpf(2) ** -40), text
    # the printed digits are those the error leaves (at most 15), and never more than needed
    assert len(text.split("+-")[0].strip().lstrip("-").replace(".", "").split("e")[0].strip("0")) <= 15


def test_held_digits_edges():
    assert held_digits(mp.mpf(1), mp.mpf("1e-40")) == 15
    assert held_digits(mp.mpf(1), mp.mpf("1e-40"), 12) == 12
    assert held_digits(mp.mpf("123.4"), mp.mpf("0.05")) == 3
    assert held_digits(mp.mpf(1), mp.inf) == 1
    assert held_digits(None, mp.mpf(1)) == 15
    assert held_digits(mp.mpf(1), mp.mpf(10)) == 1
