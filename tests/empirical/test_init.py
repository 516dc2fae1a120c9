"""Init options: fan-in weights N(mu/n, sigma_w^2/n) or uniform alike, biases N(0, sigma_b^2),
named inits (he, glorot, critical), the CLI flags, and the init recorded with every result."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
import torch

from vgtheory.empirical import cli
from vgtheory.empirical.meanfield import fan_ins, fan_outs
from vgtheory.empirical.models import ModelSpec, build_model, is_weight, param_layer_index
from vgtheory.empirical.regimes import build_regime
from vgtheory.meanfield.propagation import critical_init

# A narrow Table-2 network on 8x8 images: wide enough layers for moment checks, fast to build.
BASE = ModelSpec(filters=(16, 32, 64), convs_per_block=1, dense=(64,), image_size=8,
                 activation="tanh", init="normal")


def _layers(spec, seed=0):
    model = build_model(spec, seed)
    index = param_layer_index(model)
    weights, biases = {}, {}
    for name, p in model.named_parameters():
        (weights if is_weight(name) else biases)[index[name]] = p.detach().double().flatten()
    return weights, biases


@pytest.mark.parametrize("law", ["normal", "uniform"])
def test_fan_in_init_has_the_stated_mean_and_variance_per_layer(law):
    spec = dataclasses.replace(BASE, init=law, sigma_w=1.5, sigma_b=2.0, weight_mean=3.0)
    weights, biases = _layers(spec)
    for l, n in enumerate(fan_ins(spec)):
        w = weights[l]
        se = 1.5 / math.sqrt(n) / math.sqrt(len(w))
        assert abs(float(w.mean()) - 3.0 / n) < 5 * se
        assert float(w.std()) == pytest.approx(1.5 / math.sqrt(n), rel=0.15)
        if law == "uniform":  # U(mean - r, mean + r), r = sqrt(3) sigma_w / sqrt(n)
            assert float((w - 3.0 / n).abs().max()) <= math.sqrt(3) * 1.5 / math.sqrt(n) + 1e-12
    b = torch.cat(list(biases.values()))
    assert float(b.std()) == pytest.approx(2.0, rel=0.15)


def test_named_inits():
    he = dataclasses.replace(BASE, init="he")
    w, b = _layers(he)
    for l, n in enumerate(fan_ins(he)):
        assert float(w[l].std()) == pytest.approx(math.sqrt(2.0 / n), rel=0.15)
    assert all(float(v.abs().max()) == 0 for v in b.values())  # sigma_b defaults to 0
    glorot = dataclasses.replace(BASE, init="glorot")
    w, _ = _layers(glorot)
    for l, (n, m) in enumerate(zip(fan_ins(glorot), fan_outs(glorot))):
        assert float(w[l].abs().max()) <= math.sqrt(6.0 / (n + m)) + 1e-12
        assert float(w[l].std()) == pytest.approx(math.sqrt(2.0 / (n + m)), rel=0.15)
    crit = build_regime("scaling", {"width": 2, "init": "critical", "sigma_w": None, "sigma_b": 0.5})
    expected = float(critical_init("tanh", 0.5, backend="float64").sigma_w)
    for s in crit.settings:  # the regime's plain sigma: every setting starts from one law
        assert s.model.sigma_w == pytest.approx(expected) and s.model.init_summary()["sigma_w"] == s.model.sigma_w


def test_iid_init_is_unchanged_and_bias_options_need_a_fan_in_init():
    spec = build_regime("many", {"width": 2}).settings[0].model
    assert spec.init_summary() == {"init": "normal", "iid": True, "init_scale": 0.02, "sigma_w": None,
                                   "sigma_b": None, "weight_mean": 0.0}
    w = torch.cat([p.detach().flatten() for p in build_model(spec, 0).parameters()])
    assert float(w.std()) == pytest.approx(0.02, rel=0.05)  # biases too: i.i.d. as in the paper
    with pytest.raises(ValueError, match="fan-in init"):
        dataclasses.replace(spec, sigma_b=1.0)
    with pytest.raises(ValueError, match="sigma_w must be > 0"):
        dataclasses.replace(spec, sigma_w=-1.0)


def test_cli_init_flags_reach_the_config(capsys):
    assert cli.main(["experiment", "many", "--init", "uniform", "--sigma-w", "1.5", "--sigma-b", "2",
                     "--weight-mean", "0.5", "--print-config"]) == 0
    (regime,) = json.loads(capsys.readouterr().out)
    for s in regime["settings"]:
        m = s["model"]
        assert (m["init"], m["sigma_w"], m["sigma_b"], m["weight_mean"]) == ("uniform", 1.5, 2.0, 0.5)
    assert cli.main(["experiment", "large", "--init-scale", "0.3", "--print-config"]) == 0
    (regime,) = json.loads(capsys.readouterr().out)
    assert regime["settings"][0]["model"]["init_scale"] == 0.3 and regime["settings"][0]["model"]["sigma_w"] is None
    assert cli.main(["experiment", "scaling", "--scales", "1,3", "--print-config"]) == 0
    (regime,) = json.loads(capsys.readouterr().out)
    assert [s["model"]["scale"] for s in regime["settings"]] == [1.0, 3.0]
    assert cli.main(["experiment", "large", "--sigma-b", "1", "--print-config"]) == 2
    assert "fan-in init" in capsys.readouterr().err
