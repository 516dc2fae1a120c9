"""torch forms of activations agree with the mpmath values of the same sigma and sigma'."""

from __future__ import annotations

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from vgtheory.core.activations import REGISTRY, activation  # noqa: E402
from vgtheory.errors import ActivationError  # noqa: E402
from vgtheory.meanfield.torch_activation import ScaledActivation, torch_activation  # noqa: E402

FORMULAS = sorted(REGISTRY) + [
    "x/(1+abs(x))",
    "Heaviside(x)*x + atan(x)",
    "sech(x)*x",
    "Max(0, x)**2 - Min(0, x)",
    "x*(1+erf(x/sqrt(2)))/2",
    "Piecewise((tanh(x), x > 1), (x**3/3, True))",
]

points = st.floats(-12, 12, allow_nan=False).filter(lambda t: abs(t) > 1e-3)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, derandomize=True)
@given(name=st.sampled_from(FORMULAS), t=points, s=st.sampled_from([1, 2, 7.5]))
def test_value_and_slope_match_mpmath(name, t, s):
    sigma = activation(name).scaled(s) if s != 1 else activation(name)
    fn = torch_activation(name, s=s)
    u = torch.tensor([t], dtype=torch.float64, requires_grad=True)
    out = fn(u)
    (grad,) = torch.autograd.grad(out.sum(), u)
    with mpmath.workdps(30):
        want, slope = float(sigma.value(t)), float(sigma.slope(t))
    assert out.item() == pytest.approx(want, rel=1e-9, abs=1e-12)
    # Kinks: autograd picks one side; away from breakpoints the slopes agree.
    if all(abs(t / s - k) > 1e-6 for k in (-1, 0, 1)):
        assert grad.item() == pytest.approx(slope, rel=1e-7, abs=1e-10)


def test_module_is_the_scaled_function():
    layer = ScaledActivation("tanh", s=4)
    u = torch.linspace(-30, 30, 61, dtype=torch.float64)
    assert torch.allclose(layer(u), 4 * torch.tanh(u / 4))
    assert "tanh, s=4" in repr(layer)


def test_torch_callable_is_kept_and_scaled():
    fn = torch_activation(torch.nn.Softsign(), s=3)
    u = torch.tensor([2.0, -9.0])
    assert torch.allclose(fn(u), 3 * torch.nn.functional.softsign(u / 3))


def test_bad_scale_is_one_line_error():
    with pytest.raises(ActivationError, match="positive number"):
        torch_activation("tanh", s=-1)
