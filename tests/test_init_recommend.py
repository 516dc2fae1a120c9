"""vgtheory.init.init_: the recommendation applied to a torch model, and measured there."""

from __future__ import annotations

import math
import statistics
import warnings

import pytest

torch = pytest.importorskip("torch")

from vgtheory.errors import VGTheoryError  # noqa: E402
from vgtheory.init import critical_init_, init_, model_activation  # noqa: E402
from vgtheory.meanfield.torch_activation import ScaledActivation  # noqa: E402

WIDTH, DEPTH, SEEDS = 256, 20, (0, 1, 2)


def mlp(act: torch.nn.Module) -> torch.nn.Sequential:
    """h^l = W^l act(h^{l-1}) + b^l: the mean-field convention, activation before each Linear."""
    return torch.nn.Sequential(*[m for _ in range(DEPTH) for m in (act, torch.nn.Linear(WIDTH, WIDTH))]).double()


def gradient_ratio(act: torch.nn.Module, sigma_b: float, burn: int) -> tuple[float, float]:
    """Geometric mean over layers >= burn and seeds of |dL/dh^{l-1}|^2 / |dL/dh^l|^2, and the
    chi1 that init_ predicted; inputs N(0, q*) per the recommendation, loss v.h^depth."""
    logs = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        model = mlp(act)
        rec = init_(model, sigma_b=sigma_b, generator=torch.Generator().manual_seed(seed))
        h = (torch.randn(32, WIDTH, dtype=torch.float64) * math.sqrt(rec.q)).requires_grad_(True)
        hs = [h]
        for l in range(DEPTH):
            h = model[2 * l + 1](model[2 * l](h))
            h.retain_grad()
            hs.append(h)
        (h * torch.randn_like(h)).sum().backward()
        norms = [float(t.grad.pow(2).sum()) for t in hs]
        logs += [math.log(norms[l - 1] / norms[l]) for l in range(burn, DEPTH + 1)]
    return math.exp(statistics.fmean(logs)), rec.chi1


@pytest.mark.parametrize("act, sigma_b, method", [(torch.nn.Tanh(), 0.1, "critical"), (torch.nn.GELU(), 0.0, "variance-preserving")])
def test_deep_mlp_gradient_ratios_match_predicted_chi1(act, sigma_b, method) -> None:
    """Width 256, depth 20, 3 seeds: the measured per-layer ratio is within 10% of chi1."""
    measured, chi1 = gradient_ratio(act, sigma_b, burn=1)
    assert init_(mlp(act), sigma_b=sigma_b).method == method
    assert abs(measured / chi1 - 1) < 0.10, (measured, chi1)


def test_init_sets_the_recommended_variances() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(400, 300), torch.nn.Mish(), torch.nn.Conv2d(25, 300, 2))
    rec = init_(model, sigma_b=0.2, generator=torch.Generator().manual_seed(0))
    assert rec.activation == "mish" and rec.method == "variance-preserving"
    assert model[0].weight.var().item() == pytest.approx(rec.sigma_w**2 / 400, rel=0.02)
    assert model[2].weight.var().item() == pytest.approx(rec.sigma_w**2 / 100, rel=0.02)
    assert model[0].bias.std().item() == pytest.approx(0.2, rel=0.25)


@pytest.mark.parametrize(
    "module, name",
    [(torch.nn.Tanh(), "tanh"), (torch.nn.Mish(), "mish"), (torch.nn.SELU(), "selu"), (torch.nn.GELU(), "gelu"),
     (torch.nn.GELU(approximate="tanh"), "gelu_tanh"), (torch.nn.SiLU(), "silu"), (torch.nn.ReLU(), "relu")],
)
def test_model_activation_reads_torch_modules(module, name) -> None:
    model = torch.nn.Sequential(torch.nn.Linear(3, 3), module, torch.nn.Dropout(), torch.nn.Linear(3, 1))
    assert model_activation(model) == name


def test_model_activation_custom_and_scaled_modules() -> None:
    class Swishish(torch.nn.Module):
        def forward(self, x):
            return x * torch.sigmoid(2 * x)

    custom = Swishish()
    assert model_activation(torch.nn.Sequential(torch.nn.Linear(3, 3), custom)) is custom
    rec = init_(torch.nn.Sequential(torch.nn.Linear(3, 3), custom, torch.nn.Linear(3, 1)))
    formula = init_(torch.nn.Linear(3, 3), "x/(1+exp(-2*x))")
    assert rec.sigma_w == pytest.approx(formula.sigma_w, rel=1e-6)
    scaled = model_activation(torch.nn.Sequential(torch.nn.Linear(3, 3), ScaledActivation("tanh", s=4)))
    assert str(scaled.expr) == "4*tanh(z/4)"


def test_model_activation_refuses_none_or_several() -> None:
    with pytest.raises(VGTheoryError, match="no activation module"):
        init_(torch.nn.Sequential(torch.nn.Linear(3, 3)))
    with pytest.raises(VGTheoryError, match="several activations"):
        init_(torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.Tanh(), torch.nn.ReLU()))


def test_critical_init_for_mish_warns_and_initialises() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(50, 50), torch.nn.Mish())
    with pytest.warns(UserWarning, match="no edge of chaos"):
        rec = critical_init_(model, torch.nn.Mish())
    assert rec.method == "variance-preserving"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(critical_init_(model, "tanh").sigma_w) == 1.0
