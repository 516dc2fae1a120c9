"""Formulas compiled to torch stay finite in float32 wherever sigma is (values and autograd)."""

from __future__ import annotations

from functools import lru_cache

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

torch = pytest.importorskip("torch")

from vgtheory.core.activations import REGISTRY, activation  # noqa: E402
from vgtheory.errors import ActivationError  # noqa: E402
from vgtheory.meanfield.torch_activation import torch_activation  # noqa: E402

#: The issue's witnesses (inf at 100, NaN gradients from 89 and at -200) and other overflowing forms.
WITNESSES = [
    "log(1+exp(x))",
    "x*tanh(log(1+exp(x)))",
    "x/(1+exp(-x))",
    "x*tanh(softplus(x))",
    "exp(x)/(1+exp(x))**2",
    "log(exp(x)+exp(-x))",
    "Piecewise((x, x > 0), (exp(x) - 1, True))",
    "x*sech(x)",
    "1/cosh(x)",
    "log(1+x**2)",
]
FLOAT32_MAX = 3.4028234663852886e38
xs = st.floats(-1e4, 1e4, width=32, allow_nan=False)


@lru_cache(maxsize=None)
def sigma_of(name: str):
    return activation(name)  # one Activation per name: its mpmath functions are compiled once


def exact(name: str, t: float) -> tuple[float, float]:
    sigma = sigma_of(name)
    with mpmath.workdps(30):
        return float(sigma.value(t)), float(sigma.slope(t))


@lru_cache(maxsize=None)
def compiled(name: str):
    return torch_activation(name)


@pytest.mark.parametrize("name", WITNESSES + sorted(REGISTRY))
@settings(max_examples=8, deadline=None, derandomize=True)
@given(t=xs)
def test_float32_values_and_gradients_are_finite_and_right(name, t) -> None:
    """float32 tolerance: values within 1e-5 relative or 1e-6 absolute of sigma(x) (mpmath, 30
    digits), gradients within 1e-4 relative or 1e-5 absolute of sigma'(x), away from kinks."""
    fn = compiled(name)
    x = torch.tensor([t], dtype=torch.float32, requires_grad=True)
    out = fn(x)
    (grad,) = torch.autograd.grad(out.sum(), x)
    value, slope = exact(name, t)
    assert abs(value) < FLOAT32_MAX and abs(slope) < FLOAT32_MAX  # every formula here fits in float32
    assert torch.isfinite(out).all() and torch.isfinite(grad).all(), (name, t, out, grad)
    assert out.item() == pytest.approx(value, rel=1e-5, abs=1e-6)
    if all(abs(t - k) > 1e-3 for k in (-1, 0, 1)):
        assert grad.item() == pytest.approx(slope, rel=1e-4, abs=1e-5)


@pytest.mark.parametrize("name, at", [("log(1+exp(x))", 100.0), ("x*tanh(log(1+exp(x)))", 89.0), ("x/(1+exp(-x))", -200.0)])
def test_the_issues_witnesses(name, at) -> None:
    x = torch.tensor([at], dtype=torch.float32, requires_grad=True)
    out = torch_activation(name)(x)
    (grad,) = torch.autograd.grad(out.sum(), x)
    assert torch.isfinite(out).all() and torch.isfinite(grad).all()


def test_an_unstable_form_is_refused_with_one_line() -> None:
    """sinh(x)/cosh(x) is tanh(x), finite everywhere, but sympy keeps the quotient and both
    factors overflow in float32 beyond |x| = 89 (inf/inf): refused, not compiled to NaN."""
    with pytest.raises(ActivationError, match="no stable float32 form") as info:
        torch_activation("sinh(x)/cosh(x)")
    assert "\n" not in str(info.value)


def test_true_overflow_is_not_refused() -> None:
    """exp(x) is inf in float32 beyond 88.7 because its value is: that is the right answer."""
    out = torch_activation("exp(x)")(torch.tensor([100.0]))
    assert torch.isinf(out).all()


@pytest.mark.parametrize("formula", ["sign(x)", "Heaviside(x)", "1", "0*x + 2"])
def test_constant_and_step_formulas_give_tensors(formula) -> None:
    x = torch.linspace(-3, 3, 7, requires_grad=True)
    out = torch_activation(formula)(x)
    assert out.shape == x.shape
    (grad,) = torch.autograd.grad(out.sum(), x)
    assert (grad == 0).all()
