"""arb enclosures of Piecewise, Heaviside, expm1 and log1p (elu, selu, softplus, relu's slope).

Each value must equal sympy's own evaluation of the formula (evalf at 60 digits, at the exact
rational the mpf sample point is, so sympy picks the branch), to the working precision, at points
on, near and far from the boundaries; and the formula must really take the arb path.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.core.enclosure import compile_ball
from vgtheory.core.formula_eval import stable_form
from vgtheory.core.parsing import Z

FORMULAS = ["selu", "elu", "softplus", "Heaviside(z - 1)*tanh(z - 1)", "Heaviside(z)",
            "Piecewise((z**2, z < 1/3), (2*z/3 - 1/9, z <= 2), (tanh(z - 2) + 11/9, True))"]
POINTS = ["-30", "-3", "-1e-30", "0", "1/3", "1", "2", "5/2", "1e-30"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_piecewise_formulas_take_the_arb_path(formula):
    act = activation(formula)
    for e in (act.expr, act.derivative_expr):
        assert compile_ball(stable_form(e), Z) is not None, e


def _exact(x: mpmath.mpf) -> sp.Rational:
    sign, man, exp, _ = x._mpf_
    return (-1) ** sign * sp.Rational(int(man)) * sp.Rational(2) ** int(exp)


@pytest.mark.parametrize("formula", FORMULAS)
def test_values_and_slopes_equal_sympys_evaluation(formula):
    act = activation(formula)
    with mpmath.workdps(30):
        for p in POINTS:
            x = mpmath.mpf(sp.Rational(p).p) / sp.Rational(p).q
            for e, fn in ((act.expr, act.value), (act.derivative_expr, act.slope)):
                reference = mpmath.mpf(sp.N(e.subs(Z, _exact(x)), 60))
                got = fn(x)
                assert abs(got - reference) <= abs(reference) * mpmath.mpf(10) ** -28, (formula, p, got, reference)
