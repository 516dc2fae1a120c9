"""E3's machinery (issue 15): optimizer choice with coupled vs decoupled L2, the l2 and relu
regimes, the coherent mean mu per layer in profiles, the data-loss-gradient endpoint, and the
configuration of earlier runs left unchanged by the new fields.  Tiny synthetic data only."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from vgtheory.empirical.analysis import CONFIRMED, claims_table
from vgtheory.empirical.ensemble import StackedEnsemble, make_optimizer
from vgtheory.empirical.models import ModelSpec, is_weight
from vgtheory.empirical.regimes import build_regime
from vgtheory.empirical.tensordata import stacked_batches

from .test_analysis import fake_record

ROOT = Path(__file__).resolve().parents[2]
TINY = ModelSpec(filters=(2, 2, 2), convs_per_block=1, dense=(4,), image_size=8, init="normal",
                 sigma_w=0.5, sigma_b=0.0, weight_mean=3.0)


def _one_step(tiny_data, optimizer, lam, lr=1e-2):
    ens = StackedEnsemble(TINY, [0, 1], lam, lr, "cpu", optimizer=optimizer)
    before = {k: v.detach().clone() for k, v in ens.params.items()}
    x, y = next(iter(stacked_batches(tiny_data, ens.seeds, 1, 16)))
    ens.train_step(x, y)
    return before, ens


def test_adamw_decay_is_decoupled_from_the_adam_step(tiny_data):
    # AdamW = Adam on the data loss, then w <- w - lr*lam*w on the kernels only (biases untouched).
    lr, lam = 1e-2, 3.0
    w0, adam = _one_step(tiny_data, "adam", 0.0, lr)
    _, adamw = _one_step(tiny_data, "adamw", lam, lr)
    for k in w0:
        expected = adam.params[k] - (lr * lam * w0[k] if is_weight(k) else 0.0)
        torch.testing.assert_close(adamw.params[k], expected, rtol=1e-5, atol=1e-7)
    # Its objective is the data loss alone: the recorded data gradient is the whole gradient.
    acc = adamw._acc
    torch.testing.assert_close(acc["data_grad_norm"], acc["grad_norm"])


def test_sgd_with_coupled_l2_takes_the_textbook_step(tiny_data):
    lr, lam = 0.05, 0.7
    w0, plain = _one_step(tiny_data, "sgd", 0.0, lr)
    _, l2 = _one_step(tiny_data, "sgd", lam, lr)
    # Same data gradient at the same init, so the L2 arm differs by exactly -lr*lam*w0 on kernels.
    for k in w0:
        expected = plain.params[k] - (lr * lam * w0[k] if is_weight(k) else 0.0)
        torch.testing.assert_close(l2.params[k], expected, rtol=1e-5, atol=1e-7)
    # The recorded data-loss gradient excludes the penalty: equal to the unregularised arm's.
    torch.testing.assert_close(l2._acc["data_grad_norm"], plain._acc["data_grad_norm"])
    assert bool((l2._acc["grad_norm"] > l2._acc["data_grad_norm"]).all())


def test_coupled_l2_under_adam_is_not_a_plain_decay(tiny_data):
    # Adam divides the penalty's gradient by the running gradient scale: the coupled arm's step
    # is not Adam's step minus lr*lam*w (what makes E3's Adam arm need a calibration).
    lr, lam = 1e-2, 3.0
    w0, adam = _one_step(tiny_data, "adam", 0.0, lr)
    _, l2 = _one_step(tiny_data, "adam", lam, lr)
    k = next(k for k in w0 if is_weight(k))
    assert not torch.allclose(l2.params[k], adam.params[k] - lr * lam * w0[k], rtol=1e-3, atol=1e-6)
    assert float((l2.params[k].detach() - w0[k]).abs().max()) <= lr * 1.001  # Adam's step is at most lr


def test_unknown_optimizer_is_one_clear_error():
    with pytest.raises(ValueError, match="unknown optimizer 'rmsprop'"):
        make_optimizer("rmsprop", {}, 0.0, 1e-3)
    with pytest.raises(ValueError, match="unknown optimizer"):
        build_regime("many", {"optimizer": "rmsprop"})


def test_l2_regime_arms_and_their_lambdas():
    r = build_regime("l2", {"lam": 0.2, "weight_decay": 1.1, "sgd_lr": 0.03, "sgd_lam": 0.04})
    arms = {s.name: (s.optimizer, s.lam, s.lr) for s in r.settings}
    assert arms == {"adam": ("adam", 0.0, None), "adam+L2": ("adam", 0.2, None),
                    "adamw": ("adamw", 1.1, None), "sgd": ("sgd", 0.0, 0.03),
                    "sgd+L2": ("sgd", 0.04, 0.03)}
    spec = r.settings[0].model
    assert (spec.weight_mean, spec.sigma_w, spec.sigma_b, spec.dense) == (3.0, 0.5, 0.0, (384, 64, 64, 64))
    # The controls' inits: (1.5, 2) and the paper's i.i.d. U(-0.5, 0.5) (--init-scale alone).
    ordered = build_regime("l2", {"weight_mean": 0.0, "sigma_w": 1.5, "sigma_b": 2.0}).settings[0].model
    assert (ordered.weight_mean, ordered.sigma_w, ordered.sigma_b) == (0.0, 1.5, 2.0)
    iid = build_regime("l2", {"init": "uniform", "init_scale": 0.5}).settings[0].model
    assert iid.init_summary() == {"init": "uniform", "iid": True, "init_scale": 0.5,
                                  "sigma_w": None, "sigma_b": None, "weight_mean": 0.0}


def test_relu_regime_has_he_and_uniform_relu_beside_tanh_remedies():
    r = build_regime("relu", {})
    inits = {s.name: s.model.init_summary() for s in r.settings}
    assert set(inits) == {"tanh", "tanh+L2+scaled", "relu", "relu-he"}
    assert inits["relu-he"]["init"] == "he" and inits["relu-he"]["sigma_w"] == pytest.approx(2 ** 0.5)
    assert inits["relu"]["iid"] and inits["relu"]["init_scale"] == 0.5
    assert r.setting("tanh+L2+scaled").lam > 0 and r.setting("tanh+L2+scaled").model.scale > 1


def test_regime_wide_optimizer_applies_to_settings_without_their_own():
    r = build_regime("large", {"optimizer": "adamw"})
    assert {s.optimizer for s in r.settings} == {"adamw"}
    assert build_regime("l2", {"optimizer": "sgd"}).setting("adamw").optimizer == "adamw"


def test_e1_configuration_is_unchanged_by_the_new_fields():
    # A resumed or added E1 shard compares its configuration with the stored one: the fields
    # added for E3 must not appear in a regime that does not use them.
    stored = json.loads((ROOT / "experiments/results/e1-scaling/scaling/regime.json").read_text())
    stored.pop("prediction")
    r = build_regime("scaling", {"width": 8, "epochs": 10, "init": "normal", "sigma_w": 1.5,
                                 "sigma_b": 2.0, "scales": (1.0, 2.0, 4.0)})
    assert json.loads(json.dumps(r.to_dict())) == stored
    assert "optimizer" in build_regime("l2", {"optimizer": "sgd"}).to_dict()["hyper"]


def test_profile_reads_mu_and_sgd_l2_pulls_it_down(tiny_data):
    from vgtheory.empirical.profile import profile_setting
    from vgtheory.empirical.regimes import Setting

    lr, lam, steps = 0.05, 2.0, 3
    s0 = profile_setting(Setting("sgd", "", TINY, 0.0, False, optimizer="sgd", lr=lr),
                         tiny_data, [0, 1, 2], 1e-3, "cpu", steps=0, batch_size=16, probe=8)
    assert np.allclose(s0.weight_mean_fan_in, 3.0, atol=1.0)  # N(3/n, 0.5^2/n): mu ~ 3
    decayed = profile_setting(Setting("sgd+L2", "", TINY, lam, True, optimizer="sgd", lr=lr),
                              tiny_data, [0, 1, 2], 1e-3, "cpu", steps=steps, batch_size=16, probe=8)
    plain = profile_setting(Setting("sgd", "", TINY, 0.0, False, optimizer="sgd", lr=lr),
                            tiny_data, [0, 1, 2], 1e-3, "cpu", steps=steps, batch_size=16, probe=8)
    # Linear in w: the L2 arm's mu is (1 - lr lam)^k times the plain arm's, up to the data
    # gradient's drift between the arms (small in 3 steps).
    ratio = np.asarray(decayed.weight_mean_fan_in) / np.asarray(plain.weight_mean_fan_in)
    assert np.allclose(ratio, (1 - lr * lam) ** steps, rtol=0.05)


def _grad_record(setting, conv1, epochs=10, seeds=12):
    r = fake_record("l2", setting, np.full(seeds, 0.3), np.ones(seeds), epochs=epochs, jitter=0.01)
    g = np.ones((epochs, seeds, 14))
    g[:, :, 0] = np.asarray(conv1)[None, :]
    r["history"]["data_grad_norm_layers"] = g.tolist()
    r["layers"] = [f"conv{i}" for i in range(1, 10)] + ["dense1", "dense2", "dense3", "dense4", "out"]
    return r


def test_data_grad_layer_endpoint_is_the_geometric_mean_over_training():
    rng = np.random.default_rng(0)
    base = 1e-4 * np.exp(0.1 * rng.standard_normal(12))
    recs = [_grad_record("adam", base), _grad_record("adam+L2", base * 4.0 * np.exp(0.05 * rng.standard_normal(12)))]
    prereg = {"regime": "l2", "claims": [
        {"id": "e3.adam", "primary": True, "claim": "L2 lifts conv1's data gradient",
         "endpoint": "data_grad_layer", "layer": 0, "better": "adam+L2", "worse": "adam",
         "direction": "greater", "margin": 1.5, "scale": "log",
         "prediction": {"quantity": "rho", "value": 0.5, "source": "vgtheory.core.chain.forward"}}]}
    c = claims_table(recs, preregistration=prereg)[0]
    assert c.verdict == CONFIRMED and c.estimate == pytest.approx(4.0, rel=0.05)
    assert "conv1" in c.statistic and c.prediction["value"] == 0.5
    prereg["claims"][0]["direction"] = "less"
    assert claims_table(recs, preregistration=prereg)[0].verdict != CONFIRMED


def test_comma_lists_share_one_parser():
    import argparse

    from vgtheory.empirical.cli import _float_list, _int_list

    assert _float_list("1,2.5,") == [1.0, 2.5] and _int_list("1, 5,25") == [1, 5, 25]
    for parse, bad in ((_float_list, "1,x"), (_int_list, "1.5"), (_int_list, "0,2"), (_float_list, "")):
        with pytest.raises(argparse.ArgumentTypeError):
            parse(bad)
