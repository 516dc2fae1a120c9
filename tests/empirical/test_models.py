"""Activations, saturation definition and the Table 1-3 networks."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from vgtheory.empirical.models import (SATURATION_LEVEL, ScaledActivation, build_model,
                                       layer_names, param_layer_index, saturation_threshold)
from vgtheory.empirical.regimes import REGIME_NAMES, build_regime


@pytest.mark.parametrize("name", ["tanh", "logistic", "relu"])
@pytest.mark.parametrize("s", [1.0, 3.0])
def test_scaled_activation_slope_is_sigma_prime_of_u_over_s(name, s):
    u = torch.linspace(-8, 8, 401, dtype=torch.float64, requires_grad=True)
    act = ScaledActivation(name, s)
    (g,) = torch.autograd.grad(act(u).sum(), u)
    base = ScaledActivation(name, 1.0)
    t = (u / s).detach().requires_grad_(True)
    (g1,) = torch.autograd.grad(base(t).sum(), t)
    torch.testing.assert_close(g, g1)


def test_scaled_tanh_tends_to_identity():
    u = torch.linspace(-3, 3, 61, dtype=torch.float64)
    errs = [float((ScaledActivation("tanh", s)(u) - u).abs().max()) for s in (1, 10, 100, 1000)]
    assert all(a > b for a, b in zip(errs, errs[1:])) and errs[-1] < 1e-5


@pytest.mark.parametrize("name", ["tanh", "logistic", "relu"])
def test_saturated_fraction_matches_the_slope_threshold(name):
    act = ScaledActivation(name, 2.0)
    t = saturation_threshold(name)
    if name == "relu":  # slope 0 exactly for negative inputs
        u = torch.tensor([-1.0, 1.0, 2.0, 3.0], dtype=torch.float64)
    else:
        u = 2.0 * torch.tensor([t - 1e-3, t + 1e-3, -(t + 1e-3), 0.5 * t - 0.1], dtype=torch.float64)
    frac = float(act.saturated_fraction(u))
    if name == "relu":
        assert t == 0.0 and frac == pytest.approx(1 / 4)
    else:
        assert frac == pytest.approx(2 / 4)
        slope = {"tanh": lambda x: 1 - torch.tanh(x) ** 2,
                 "logistic": lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x))}[name]
        at0 = float(slope(torch.tensor(0.0, dtype=torch.float64)))
        assert float(slope(torch.tensor(t, dtype=torch.float64))) == pytest.approx(SATURATION_LEVEL * at0, rel=1e-9)


@pytest.mark.parametrize("regime", REGIME_NAMES)
def test_regime_networks_have_the_table_layouts(regime):
    r = build_regime(regime, {"width": 2})
    for s in r.settings:
        model = build_model(s.model, 0)
        n_conv = {"large": 6, "many": 9, "scaling": 9, "l2": 9}.get(regime, 6)
        n_dense = {"large": 1, "many": 4, "scaling": 4, "l2": 4}.get(regime, 3)
        assert len(model.convs) == n_conv and len(model.dense) == n_dense
        logits, sat = model(torch.zeros(2, 3, 32, 32), return_stats=True)
        assert logits.shape == (2, 10) and sat.shape == (n_conv + n_dense,)
        assert sorted(set(param_layer_index(model).values())) == list(range(len(layer_names(s.model))))


def test_initialisation_is_reproducible_and_follows_the_spec():
    spec = build_regime("large", {"width": 2, "init_scale": 0.7}).settings[0].model
    a, b, c = build_model(spec, 3), build_model(spec, 3), build_model(spec, 4)
    for (n, pa), pb, pc in zip(a.named_parameters(), b.parameters(), c.parameters()):
        assert torch.equal(pa, pb) and not torch.equal(pa, pc)
        assert float(pa.detach().abs().max()) <= 0.7
    normal = dataclasses.replace(spec, init="normal", init_scale=0.1)
    w = torch.cat([p.detach().flatten() for p in build_model(normal, 0).parameters()])
    assert float(w.std()) == pytest.approx(0.1, rel=0.05)
