"""Red team 9b, findings R9b-4, R9b-5, R9b-8, R9b-9 and R9b-10 (numeric side and robustness).

The truth of every case is derived here from the definition of the function (a derivative or
value computed with mpmath at more digits than the package uses, an identity of the formula), not
from the package; a numeric verdict may be that truth or ``inconclusive``, never the opposite.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from vgtheory.properties import check_linear_at_origin


Z = sp.Symbol("z", real=True)


def _slope_at_zero(expr: sp.Expr) -> sp.Expr:
    # sigma'(0), exact, by sympy from the formula the callable implements (truth for sigma(0) = 0).
    assert expr.subs(Z, 0) == 0
    return sp.diff(expr, Z).subs(Z, 0)


# -- R9b-8: a small positive slope at 0 is a positive slope --------------------------------------


def _tanh_over_1e9(t):
    return mpmath.tanh(t) / 10**9


# Each callable with its truth: the function it implements, as an exact sympy formula.
SMALL_POSITIVE = [
    (_tanh_over_1e9, sp.tanh(Z) / 10**9),
    (lambda z: math.tanh(z) / 1e9, sp.tanh(Z) / 10**9),
    (lambda t: mpmath.tanh(t) - t + t * mpmath.mpf(10) ** -20, sp.tanh(Z) - Z + Z / sp.Integer(10) ** 20),
]


@pytest.mark.parametrize("fn, truth", SMALL_POSITIVE, ids=["mpmath tanh/1e9", "float tanh/1e9", "tanh - z + z/1e20"])
def test_a_small_positive_slope_at_zero_holds(fn, truth) -> None:
    assert _slope_at_zero(truth) > 0
    result = check_linear_at_origin(fn)
    assert (result.verdict, result.method) == ("holds", "numeric"), result


def test_formula_and_callable_of_one_function_agree_on_a_small_slope() -> None:
    # tanh(z)/10^9: sigma(0) = 0 and sigma'(0) = 10^-9 > 0 (truth), so property 4 holds for both forms.
    assert _slope_at_zero(sp.tanh(Z) / 10**9) > 0
    formula = check_linear_at_origin("tanh(z)/10**9")
    callable_ = check_linear_at_origin(_tanh_over_1e9)
    assert formula.verdict == callable_.verdict == "holds"


NOT_POSITIVE = [
    (lambda z: z**3, Z**3),
    (lambda z: math.tanh(z) ** 3 / 1e9, sp.tanh(Z) ** 3 / 10**9),
    (lambda z: -mpmath.tanh(z) / 10**9, -sp.tanh(Z) / 10**9),
]


@pytest.mark.parametrize("fn, truth", NOT_POSITIVE, ids=["z^3", "float tanh^3/1e9", "-tanh/1e9"])
def test_a_slope_at_or_below_zero_still_fails(fn, truth) -> None:
    assert _slope_at_zero(truth) <= 0
    # The samples show it: z^3's sigma(z)/z = z^2 shrinks by 4 an octave; -tanh/1e9's holds still at -1e-9.
    assert check_linear_at_origin(fn).verdict == "fails"
