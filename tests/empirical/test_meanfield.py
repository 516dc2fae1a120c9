"""Mean-field prediction of per-layer gradient ratios: fan-ins, regimes, and the committed profile."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from vgtheory.empirical.meanfield import fan_ins, parameter_variance, predict
from vgtheory.empirical.models import ConvNet, ModelSpec
from vgtheory.empirical.regimes import build_regime
from vgtheory.init import fan_in

PROFILES = Path(__file__).resolve().parents[2] / "experiments" / "results" / "profiles"


def test_fan_ins_are_the_torch_layers_fan_ins():
    spec = ModelSpec(filters=(3, 5), convs_per_block=2, dense=(7, 4), image_size=8)
    net = ConvNet(spec)
    layers = list(net.convs) + list(net.dense) + [net.out]
    assert fan_ins(spec) == [fan_in(layer) for layer in layers]


def test_relu_length_map_doubles_nothing_at_he_variance():
    # relu: V(q) = q/2, D(q) = 1/2.  With sigma_w^2 = n v = 2 in every layer (so v = 2/n per layer
    # would be He's init) a shared v cannot give that, but chi must still equal sigma_w^2 / 2.
    spec = ModelSpec(filters=(4,), convs_per_block=2, dense=(6,), activation="relu",
                     init="normal", init_scale=0.3, image_size=4)
    p = predict(spec, q_input=1.0)
    v = parameter_variance(spec)
    assert v == pytest.approx(0.09)
    for l, chi in enumerate(p.chi[:-1]):
        assert chi == pytest.approx(p.sigma_w2[l + 1] / 2, rel=1e-9)
    assert p.q[0] == pytest.approx(p.sigma_w2[0] * 1.0 + v)
    assert p.q[1] == pytest.approx(p.sigma_w2[1] * p.q[0] / 2 + v, rel=1e-9)


def test_the_many_regime_is_predicted_to_vanish_and_the_large_one_not():
    many = build_regime("many", {}).settings[0].model
    large = build_regime("large", {}).settings[0].model
    depth_many = math.prod(predict(many, 0.25).predicted_ratio[:-2])
    depth_large = math.prod(predict(large, 0.25).predicted_ratio[:-2])
    assert depth_many < 1e-3 < 1.0 < depth_large


def test_prediction_matches_the_committed_many_layers_profile_away_from_the_input():
    prof = json.loads((PROFILES / "many.json").read_text())
    setting = prof["settings"]["tanh"]
    if "predicted_ratio" not in setting:
        pytest.fail("profiles/many.json predates the mean-field column; rerun its commands.sh")
    g = setting["grad_norm_mean"]
    pred = predict(build_regime("many", {}).settings[0].model, setting["q_input"]).predicted_ratio
    # Layers 3.. (past the image's spatial correlations) agree to 10%.
    for l in range(2, len(g) - 1):
        assert pred[l] == pytest.approx(g[l] / g[l + 1], rel=0.10)
