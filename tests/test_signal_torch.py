"""The torch side of signal propagation: initialisers and a small random-MLP confirmation."""

from __future__ import annotations

import math
import statistics

import pytest

torch = pytest.importorskip("torch")

from vgtheory.errors import VGTheoryError  # noqa: E402
from vgtheory.init import (  # noqa: E402
    conv_fan_in,
    critical_init_,
    fan_in,
    init_,
    normal_std,
    sigma_w_normal,
    sigma_w_uniform,
    uniform_half_width,
)
from vgtheory.meanfield.propagation import signal  # noqa: E402
from vgtheory.meanfield.signal_mlp import measure_mlp  # noqa: E402
from vgtheory.meanfield.torch_activation import ScaledActivation  # noqa: E402


def test_paper_inits_in_sigma_w_terms() -> None:
    # Var U(-r, r) = r^2/3, so n draws of it sum to variance n r^2/3; the inverses round-trip.
    assert sigma_w_uniform(0.5, 384) == pytest.approx(math.sqrt(32))
    assert sigma_w_normal(0.1, 400) == pytest.approx(2.0)
    assert uniform_half_width(sigma_w_uniform(0.3, 77), 77) == pytest.approx(0.3)
    assert normal_std(sigma_w_normal(0.3, 77), 77) == pytest.approx(0.3)
    conv = torch.nn.Conv2d(16, 8, 3)
    assert fan_in(conv) == conv_fan_in(3, 16) == 144
    with pytest.raises(VGTheoryError):
        sigma_w_uniform(-1, 10)


def test_init_sets_weight_and_bias_variances() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(400, 300), torch.nn.Tanh(), torch.nn.Conv2d(25, 300, 2))
    gen = torch.Generator().manual_seed(0)
    assert init_(model, 1.5, 0.2, generator=gen) == 2
    lin, conv = model[0], model[2]
    # 120000 weights: the sample variance is within 2% of sigma_w^2/fan_in with overwhelming odds.
    assert lin.weight.var().item() == pytest.approx(1.5**2 / 400, rel=0.02)
    assert conv.weight.var().item() == pytest.approx(1.5**2 / 100, rel=0.02)
    assert lin.bias.std().item() == pytest.approx(0.2, rel=0.25)
    with pytest.raises(VGTheoryError):
        init_(torch.nn.Tanh(), 1.0)


def test_critical_init_uses_the_critical_sigma_w() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(500, 500), ScaledActivation("tanh"), torch.nn.Linear(500, 10))
    crit = critical_init_(model, "tanh", 0.0, generator=torch.Generator().manual_seed(1))
    assert float(crit.sigma_w) == 1.0
    assert model[0].weight.std().item() == pytest.approx(1 / math.sqrt(500), rel=0.02)
    assert model[0].bias.abs().max().item() == 0.0


@pytest.mark.parametrize("act, w, b, s", [("tanh", 1.5, 0.1, 1), ("relu", 1.2, 0.1, 1), ("tanh", 0.9, 0.3, 10)])
def test_small_random_mlp_matches_chi1_and_q_star(act, w, b, s) -> None:
    """Width 300, depth 10, 6 seeds, inputs at q*: the mean log ratio of squared gradient norms is
    ln chi1 within 4 standard errors plus 0.03 (finite-width bias, O(1/width)); q within 5%."""
    theory = signal(act, w, b, s=s, backend="float64")
    m = measure_mlp(act, w, b, s=s, width=300, depth=10, seeds=range(6), q0=float(theory.q_star))
    mean, se = statistics.fmean(m.log_ratio), statistics.stdev(m.log_ratio) / math.sqrt(len(m.log_ratio))
    assert abs(mean - math.log(float(theory.chi1))) <= 4 * se + 0.03
    assert statistics.fmean(m.q) == pytest.approx(float(theory.q_star), rel=0.05)
