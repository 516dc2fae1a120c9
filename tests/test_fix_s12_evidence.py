"""Session 12 fixes of numeric evidence (red teams R11a-2, R11a-3, R11a-5, R11a-6, R11b-7).

Truth of every input is derived here, by hand or with mpmath at high precision, never from the
package's own output.
"""

from __future__ import annotations

import time

import mpmath
import pytest

from vgtheory.properties.four import check_bounded, check_positive_limit, check_vanishing_derivative

# -- R11a-2 / R11a-3: a constant beyond the evidence's reach ----------------------------------------------

def test_a_constant_beyond_reach_is_not_called_sigmoid_type() -> None:
    # c = log(1 + e^-100000) > 0 (log(1 + x) > 0 for x > 0; mpmath confirms c ~ 10^-43430), so
    # tanh z + c z -> +oo: unbounded, z sigma' -> +oo, no finite limit. None of the three may hold.
    with mpmath.workdps(50):
        c = mpmath.log1p(mpmath.exp(-10**5))
        assert 0 < c < mpmath.mpf(10) ** -43000
    formula = "tanh(z) + z*log(1+exp(-10**5))"
    start = time.monotonic()
    results = [check_bounded(formula, timeout=5), check_vanishing_derivative(formula, timeout=5),
               check_positive_limit(formula, timeout=5)]
    assert time.monotonic() - start < 60
    for r in results:
        assert r.verdict != "holds", r
        if r.method == "numeric":
            assert r.verdict == "inconclusive" and "reach" in r.detail


def test_the_1e4_variant_stays_decided_and_fast() -> None:
    # c = log(1 + e^-10000) > 0 as above: sigma -> +oo, so bounded fails.
    formula = "tanh(z) + z*log(1+exp(-10**4))"
    start = time.monotonic()
    r = check_bounded(formula, timeout=5)
    assert time.monotonic() - start < 60
    assert r.verdict == "fails"
