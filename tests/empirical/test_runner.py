"""Per-epoch records, atomic results, resume after interruption."""

from __future__ import annotations

import json

import pytest
import torch

from vgtheory.empirical.regimes import build_regime
from vgtheory.empirical.runner import ConfigMismatch, checkpoint_path, result_path, run_setting

from .builders import shrink

DEVICE = torch.device("cpu")


class Interrupt(Exception):
    pass


def _regime(**over):
    return shrink(build_regime("large", {"width": 2, "epochs": 3, "batch_size": 32, **over}))


def _strip_times(record):
    h = dict(record["history"])
    h.pop("epoch_time")
    h.pop("eval_time")
    return h


def test_resume_after_interruption_reproduces_the_uninterrupted_run(tiny_data, tmp_path):
    regime = _regime()
    setting = regime.settings[1]
    seeds = [0, 1]
    full = run_setting(regime, setting, tiny_data, seeds, tmp_path / "a", DEVICE, log=open("/dev/null", "w"))

    def stop_after_two(epoch):
        if epoch == 2:
            raise Interrupt

    with pytest.raises(Interrupt):
        run_setting(regime, setting, tiny_data, seeds, tmp_path / "b", DEVICE,
                    on_epoch_end=stop_after_two, log=open("/dev/null", "w"))
    partial = json.loads(result_path(tmp_path / "b", regime, setting).read_text())
    assert partial["complete"] is False and partial["history"]["epoch"] == [1, 2]
    assert checkpoint_path(tmp_path / "b", regime, setting).is_file()

    resumed = run_setting(regime, setting, tiny_data, seeds, tmp_path / "b", DEVICE,
                          log=open("/dev/null", "w"))
    assert resumed["complete"] and resumed["history"]["epoch"] == [1, 2, 3]
    assert _strip_times(resumed) == _strip_times(full)  # bit-identical on CPU
    assert resumed["initial"] == full["initial"]
    assert not checkpoint_path(tmp_path / "b", regime, setting).exists()


def test_result_records_config_versions_and_per_epoch_series(tiny_data, tmp_path, capsys):
    regime = _regime(epochs=2)
    setting = regime.settings[0]
    rec = run_setting(regime, setting, tiny_data, [3, 4, 5], tmp_path, DEVICE)
    on_disk = json.loads(result_path(tmp_path, regime, setting).read_text())
    assert on_disk["config"] == rec["config"]
    assert on_disk["config"]["hyper"]["init_scale"] == regime.hyper.init_scale
    assert on_disk["config"]["setting"]["model"]["activation"] == "tanh"
    for key in ("python", "torch", "vgtheory", "device_name", "command"):
        assert key in on_disk["meta"]
    h = on_disk["history"]
    n_layers, n_act = len(on_disk["layers"]), len(on_disk["activation_layers"])
    assert len(h["test_acc"]) == 2 and len(h["test_acc"][0]) == 3
    assert len(h["grad_norm_layers"][0][0]) == n_layers and len(h["saturation"][0][0]) == n_act
    assert all(t > 0 for t in h["epoch_time"])
    # step by step the overall norm is the root-sum-square of the layer norms; averaged over
    # the epoch (Minkowski / triangle inequality) it lies between the root-sum-square and the
    # plain sum of the epoch-mean layer norms
    for e in range(2):
        for s in range(3):
            layers = torch.tensor(h["grad_norm_layers"][e][s], dtype=torch.float64)
            total = h["grad_norm"][e][s]
            assert float(layers.square().sum().sqrt()) - 1e-5 <= total <= float(layers.sum()) + 1e-5
    err = capsys.readouterr().err
    assert "epoch 1/2" in err and "epoch 2/2" in err


def test_finished_result_is_reused_and_changed_config_is_refused(tiny_data, tmp_path):
    regime = _regime(epochs=1)
    setting = regime.settings[0]
    null = open("/dev/null", "w")
    first = run_setting(regime, setting, tiny_data, [0, 1], tmp_path, DEVICE, log=null)
    again = run_setting(regime, setting, tiny_data, [0, 1], tmp_path, DEVICE, log=null)
    assert again["started"] == first["started"]
    with pytest.raises(ConfigMismatch):  # a finished result is never silently overwritten
        changed = _regime(epochs=1, lam=0.5)
        run_setting(changed, changed.settings[0], tiny_data, [0, 1], tmp_path, DEVICE, log=null)

    with pytest.raises(Interrupt):
        run_setting(_regime(epochs=2), setting, tiny_data, [0, 1], tmp_path / "x", DEVICE, log=null,
                    on_epoch_end=lambda e: (_ for _ in ()).throw(Interrupt()))
    with pytest.raises(ConfigMismatch):
        run_setting(_regime(epochs=2, lr=3e-3), setting, tiny_data, [0, 1], tmp_path / "x",
                    DEVICE, log=null)
