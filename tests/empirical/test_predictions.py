"""Predictions before training: q*, chi1 of sigma and sigma_s, saturated share, the mean-field
first/last ratio, the chain model for coherent weights; stored in regime.json and every record."""

from __future__ import annotations

import json
import math

import pytest
import torch

from vgtheory.empirical.models import ScaledActivation
from vgtheory.empirical.predictions import critical_scale, predict_setting
from vgtheory.empirical.regimes import build_regime
from vgtheory.empirical.runner import run_regime
from vgtheory.meanfield.propagation import signal

from .builders import shrink


@pytest.fixture(scope="module")
def e1():
    regime = build_regime("scaling", {"width": 2})
    return {s.model.scale: predict_setting(s.model, 1.0) for s in regime.settings}


def test_e1_predictions_are_the_propagation_numbers_and_rise_with_s(e1):
    for s, p in e1.items():
        ref = signal("tanh", 1.5, 2, s=None if s == 1 else s, backend="float64")
        assert p.chi1_scaled == pytest.approx(float(ref.chi1), rel=1e-12)
        assert p.q_star_scaled == pytest.approx(float(ref.q_star), rel=1e-12)
        assert p.chi1 == pytest.approx(e1[1.0].chi1, rel=1e-12)  # plain sigma: s plays no part
    chis = [e1[s].chi1_scaled for s in (1.0, 2.0, 4.0)]
    assert chis[0] < chis[1] < chis[2] < 1  # ordered, lifted towards 1 by s
    ratios = [e1[s].first_last_ratio for s in (1.0, 2.0, 4.0)]
    assert ratios[0] < ratios[1] < ratios[2] < 1
    sats = [e1[s].saturated_share for s in (1.0, 2.0, 4.0)]
    assert sats[0] > sats[1] > sats[2] >= 0
    row = {r["quantity"]: r for r in e1[4.0].to_dict()["predictions"]}
    assert row["chi1 (sigma_s, s=4)"]["source"] == "vgtheory.meanfield.propagation.signal"


def test_saturated_share_matches_sampled_units(e1):
    p = e1[1.0]
    act = ScaledActivation("tanh", 1.0)
    u = torch.randn(400_000, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    sampled = float(act.saturated_fraction(math.sqrt(p.q_star) * u))
    assert p.saturated_share == pytest.approx(sampled, abs=3e-3)


def test_critical_scale_puts_chi1_at_one():
    s = critical_scale("tanh", 1.5, 2.0, tol=1e-3)
    assert 4 < s < 5
    assert float(signal("tanh", 1.5, 2, s=s, backend="float64").chi1) == pytest.approx(1.0, abs=2e-3)
    assert critical_scale("tanh", 0.5, 0.0) is None  # chi1 <= sigma_w^2 < 1 at every s


def test_coherent_weights_chain_rho_is_unchanged_by_scaling():
    regime = build_regime("scaling", {"width": 2, "weight_mean": 3.0, "sigma_w": 0.5, "sigma_b": 0.0,
                                      "scales": (1.0, 2.0)})
    p1, p2 = (predict_setting(s.model) for s in regime.settings)
    assert p1.chain["z_star"] == pytest.approx(math.tanh(3 * p1.chain["z_star"]), rel=1e-10)
    assert p2.chain["z_star"] == pytest.approx(2 * p1.chain["z_star"], rel=1e-8)  # z*_s = s z*_1
    assert p2.chain["rho"] == pytest.approx(p1.chain["rho"], rel=1e-8)
    assert p1.chain["rho"] == pytest.approx(3 * (1 - math.tanh(3 * p1.chain["z_star"]) ** 2), rel=1e-8)
    assert 0 < p1.chain["theorem1_bound"] and p1.chain["theorem1_status"] == "proved"
    assert predict_setting(build_regime("scaling", {"width": 2}).settings[0].model).chain is None


def test_regime_json_and_records_carry_init_and_prediction(tiny_data, tmp_path):
    regime = shrink(build_regime("scaling", {"width": 2, "epochs": 1, "batch_size": 48,
                                             "scales": (1.0, 2.0)}))
    run_regime(regime, tiny_data, [0, 1], tmp_path, torch.device("cpu"), log=open("/dev/null", "w"))
    reg = json.loads((tmp_path / "scaling" / "regime.json").read_text())
    assert set(reg["prediction"]) == {"tanh-s1", "tanh-s2"}
    for name, pred in reg["prediction"].items():
        rec = json.loads((tmp_path / "scaling" / f"{name}.json").read_text())
        assert rec["prediction"] == pred and rec["init"]["sigma_w"] == 1.5 and rec["init"]["sigma_b"] == 2.0
        assert {r["source"] for r in pred["predictions"]} >= {"vgtheory.meanfield.propagation.signal"}
        first = rec["history"]["data_grad_norm_layers_first"]
        assert len(first) == 1 and len(first[0]) == 2 and len(first[0][0]) == len(rec["layers"])


def test_done_check_measured_ratios_follow_the_mean_field_and_rise_with_s():
    # Issue 15's done-check at test size (the full-size run is experiments/results/e1-scaling/
    # done-check): per-layer measured/predicted ratios within a factor 1.5 (geometric mean over
    # layers), and the measured conv1 / last-hidden ratio rising with s as predicted.
    from vgtheory.empirical.data import synthetic_arrays
    from vgtheory.empirical.profile import profile_regime
    from vgtheory.empirical.tensordata import to_device

    torch.set_num_threads(1)
    data = to_device(synthetic_arrays(n_train=32, n_test=8, image_size=16, seed=1), "cpu")
    regime = shrink(build_regime("scaling", {"width": 4}), image_size=16, dense_max=64)
    prof = profile_regime(regime, data, list(range(6)), "cpu", probe=32)
    rows = [prof.settings[f"tanh-s{s}"] for s in (1, 2, 4)]
    assert all(r.ratio_agreement < 1.5 for r in rows)
    measured = [r.first_last_ratio[0] for r in rows]
    predicted = [r.prediction["first_last_ratio"] for r in rows]
    assert measured[0] < measured[1] < measured[2] and predicted[0] < predicted[1] < predicted[2]
