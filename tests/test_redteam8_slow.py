"""Red-team 8 findings R8-17, R8-18, R8-16: answers derived here, not copied from the package."""

from __future__ import annotations

import time

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core import activations
from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError

x, t = sp.symbols("x t")


# -- R8-17: an unevaluated Integral as the activation -----------------------------------------


def test_erf_integral_is_evaluated_and_classified():
    start = time.monotonic()
    props = vgtheory.check_properties(sp.Integral(sp.exp(-t**2), (t, 0, x)))
    # L = int_0^oo exp(-t^2) dt (mpmath quadrature, independent of sympy) and a = integrand at 0.
    L_num = mpmath.quad(lambda u: mpmath.exp(-u**2), [0, mpmath.inf])
    assert props.positive_limit.verdict == "holds"
    assert abs(float(props.positive_limit.value) - float(L_num)) < 1e-12
    assert sp.simplify(props.positive_limit.value - sp.sqrt(sp.pi) / 2) == 0
    assert props.linear_at_origin.verdict == "holds" and props.linear_at_origin.value == 1
    assert props.sigmoid_type
    assert time.monotonic() - start < 30


def test_integral_without_closed_form_is_refused_in_one_line():
    # 1/(t + e^t) has no elementary antiderivative (and no special-function one sympy knows).
    with pytest.raises(VGTheoryError) as err:
        activation(sp.Integral(1 / (t + sp.exp(t)), (t, 0, x)))
    msg = str(err.value)
    assert "\n" not in msg and "Integral" in msg


def test_doit_that_runs_out_of_time_is_refused(monkeypatch):
    monkeypatch.setattr(activations, "DOIT_SECONDS", 0.3)
    start = time.monotonic()
    with pytest.raises(VGTheoryError) as err:
        activation(sp.Integral(sp.exp(-t**2) * sp.cos(t**3), (t, 0, x)))
    assert time.monotonic() - start < 5
    assert "\n" not in str(err.value)


def test_derivative_and_sum_are_evaluated():
    k = sp.symbols("k", integer=True)
    act = activation(sp.Derivative(sp.log(sp.cosh(x)), x))
    assert sp.simplify(act.expr - sp.tanh(act.expr.free_symbols.pop())) == 0
    act = activation(sp.Sum(sp.tanh(k * x) / k, (k, 1, 3)))
    z = act.expr.free_symbols.pop()
    assert sp.expand(act.expr - (sp.tanh(z) + sp.tanh(2 * z) / 2 + sp.tanh(3 * z) / 3)) == 0
