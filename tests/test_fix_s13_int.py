"""Regression tests of the session-13 integration fixes (found by hypothesis's random examples)."""

from __future__ import annotations

import mpmath
import sympy as sp

from vgtheory import kernel
from vgtheory.core.parsing import Z


def test_a_rate_written_as_a_sum_of_constants_is_ordered_by_gruntz() -> None:
    # pi/2 = 1.5707... > sqrt(2) + 10^-12 = 1.4142...: e^(a z) dominates, the limit is 1 (and 0 the
    # other way round). Gruntz failed on the split sum ("sign(... ) could not be evaluated": a zero
    # it could not see); the kernel now hands it the constant as one fraction.
    a, b = sp.pi / 2, sp.sqrt(2) + sp.Rational(1, 10**12)
    with mpmath.workdps(30):
        assert mpmath.pi / 2 - mpmath.sqrt(2) - mpmath.mpf(10) ** -12 > mpmath.mpf("0.15")
    for x, y, truth in ((a, b, 1), (b, a, 0)):
        fact = kernel.limit(sp.exp(x * Z) / (sp.exp(x * Z) + sp.exp(y * Z)), "+oo", 30)
        assert fact is not None and fact.value == truth
