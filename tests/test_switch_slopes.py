"""Slopes at a switch of σ at an exact layer input, over random breakpoints, powers and weights.

σ(z) = tanh z + c·Piecewise((0, z ≤ a), ((z − a)^p, True)) at t = a (one layer, w = a, x = 1): the slope from
the left is sech²a; from the right it is sech²a + c for p = 1 (a kink), +∞·sign(c) for 0 < p < 1 (df/dw does not
exist either way), and sech²a for p > 1 (differentiable: df/dw = x·σ'(a)). The truth is this case split; the
package sees only the formula.
"""

from __future__ import annotations

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vgtheory
from oracles import agreeing_digits

# Dyadic breakpoints: the layer input is then exact in binary (at 1/3 it is not, and the package says
# 'undetermined': which side of the switch a rounded input lies on is not known; docs/model.md).
_BREAKS = st.builds(lambda n, d: (n, d), st.integers(-5, 5), st.sampled_from([1, 2, 4, 8]))
_POWERS = st.sampled_from([(1, 3), (1, 2), (2, 3), (1, 1), (3, 2), (2, 1), (5, 2)])
_COEFFS = st.sampled_from([(1, 10), (-1, 10), (3, 1), (-2, 7)])


@settings(max_examples=6)
@given(_BREAKS, _POWERS, _COEFFS)
def test_slopes_at_a_switch_follow_the_power(brk, power, coeff):
    (n, d), (pn, pd), (cn, cd) = brk, power, coeff
    a, p = f"{n}/{d}", f"{pn}/{pd}"
    formula = f"tanh(x) + ({cn}/{cd})*Piecewise((0, x <= {a}), ((x - {a})**({p}), True))"
    if pn < pd or pn == pd:  # 0 < p <= 1: unbounded slope or a kink at t = a
        with pytest.raises(vgtheory.VGTheoryError, match="does not exist") as err:
            vgtheory.gradient(formula, [a], x=1, dps=30)
        if pn < pd:
            assert "unbounded" in str(err.value) and ("+inf" if cn > 0 else "-inf") in str(err.value)
        return
    g = vgtheory.gradient(formula, [a], x=1, dps=30)
    with mpmath.workdps(60):
        truth = mpmath.sech(mpmath.mpf(n) / d) ** 2
    assert g.digits == 30 and agreeing_digits(g.df_dw[0], truth) >= 29
