"""Quick default-suite versions of the fixes of session 21 (red-team round R28; the held-out originals are in
tests/test_heldout_s28a.py and tests/test_heldout_s28b.py, which run in the slow suite)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

import vgtheory
from vgtheory.core.numbers import plain
from vgtheory.theorems.theorem2 import theorem2


@pytest.mark.parametrize("text", ["0.1", "-2.5e-3", "7", "1.000000000000000000000000000001"])
def test_decimal_reads_as_its_exact_fraction(text):
    # R28b-4: a finite Decimal is the rational it writes; Fraction(text) is an independent reading of the same string
    assert plain(Decimal(text)) == Fraction(text)


def test_decimal_inputs_equal_their_fraction_readings_everywhere():
    # each reader gives a Decimal the value of the same number as a Fraction (R28b-4: refused as "not a finite real")
    g_d = vgtheory.gradient("z/(1+Abs(z))", [Decimal("2")], x=Decimal("0.75"), y=Decimal("0.5"), lam=Decimal("0.25"))
    g_f = vgtheory.gradient("z/(1+Abs(z))", [Fraction(2)], x=Fraction(3, 4), y=Fraction(1, 2), lam=Fraction(1, 4))
    assert g_d.df_dw == g_f.df_dw and g_d.regularized_dw == g_f.regularized_dw
    # t = 3/2: df/dw = x sigma'(t) = (3/4) / (1 + 3/2)^2 = 3/25 (the package's value agrees to its 15 digits)
    assert abs(g_d.df_dw[0] - Fraction(3, 25).numerator / Fraction(3, 25).denominator) < 1e-15
    assert vgtheory.signal("tanh", sigma_w=Decimal("1.5")).chi1 == vgtheory.signal("tanh", sigma_w=Fraction(3, 2)).chi1
    a = theorem2("tanh(x)", w=Decimal("1.5"), x=Decimal("0.5"), depth=5, dps=15)
    b = theorem2("tanh(x)", w=Fraction(3, 2), x=Fraction(1, 2), depth=5, dps=15)
    assert a.actual_df_dw1 == b.actual_df_dw1 and a.w == b.w and a.regime == b.regime == "aw>1"


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_decimal_refused_in_one_line(bad):
    with pytest.raises(vgtheory.VGTheoryError, match="finite real number"):
        vgtheory.gradient("tanh", [1], x=Decimal(bad))
