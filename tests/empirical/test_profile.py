"""``vgtheory profile``: per-layer gradients over stacked seeds match one network at a time."""

from __future__ import annotations

import json

import numpy as np
import torch
from torch.nn import functional as F

from vgtheory.empirical import cli
from vgtheory.empirical.models import build_model, param_layer_index
from vgtheory.empirical.profile import profile_regime
from vgtheory.empirical.regimes import build_regime

from .builders import shrink


def _one_network_layer_norms(spec, seed, x, y):
    model = build_model(spec, seed).double()
    loss = F.cross_entropy(model(x.double()), y)
    grads = torch.autograd.grad(loss, list(model.parameters()))
    index = param_layer_index(model)
    sq = np.zeros(max(index.values()) + 1)
    for (name, _), g in zip(model.named_parameters(), grads):
        sq[index[name]] += float((g ** 2).sum())
    return np.sqrt(sq)


def test_profile_equals_per_network_gradients(tiny_data):
    regime = shrink(build_regime("many", {"width": 2, "init_scale": 0.3}))
    seeds = [0, 1, 2]
    prof = profile_regime(regime, tiny_data, seeds, "cpu", probe=16)
    x, y = tiny_data.train_x[:16], tiny_data.train_y[:16]
    for setting in regime.settings:
        p = prof.settings[setting.name]
        direct = np.array([_one_network_layer_norms(setting.model, s, x, y) for s in seeds])
        np.testing.assert_allclose(p.grad_norm_mean, direct.mean(0), rtol=2e-4)
        for (lo, hi), m in zip(p.grad_norm_ci, p.grad_norm_mean):
            assert 0 <= lo <= m <= hi
        assert len(p.saturated) == len(p.layers) - 1 and all(0 <= v <= 1 for v in p.saturated)


def test_training_steps_change_the_profile(tiny_data):
    regime = shrink(build_regime("large", {"width": 2}))
    at0 = profile_regime(regime, tiny_data, [0, 1], "cpu", steps=0, probe=16)
    at3 = profile_regime(regime, tiny_data, [0, 1], "cpu", steps=3, probe=16)
    name = regime.settings[0].name
    assert at0.settings[name].grad_norm_mean != at3.settings[name].grad_norm_mean
    assert at0.settings[name].weight_norm != at3.settings[name].weight_norm


def test_cli_profile_json_on_synthetic_data(capsys):
    argv = ["profile", "combined", "--synthetic", "--json", "--seeds", "2", "--width", "2",
            "--probe", "4", "--device", "cpu", "--threads", "1"]
    assert cli.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["regime"] == "combined" and out["seeds"] == [0, 1]
    assert out["data"].startswith("synthetic")
    for name in ("tanh", "tanh+L2+scaled", "relu", "relu+L2"):
        s = out["settings"][name]
        n = len(s["layers"])
        assert len(s["grad_norm_mean"]) == len(s["grad_norm_ci"]) == n
        assert len(s["saturated"]) == n - 1
        # Ratios of consecutive layers, measured and mean-field predicted; none past the output.
        assert len(s["measured_ratio"]) == len(s["predicted_ratio"]) == n
        assert s["measured_ratio"][-1] is None and s["predicted_ratio"][-1] is None
        assert all(r > 0 for r in s["measured_ratio"][:-1] + s["predicted_ratio"][:-1])


def test_cli_profile_text_shows_measured_and_predicted_ratios(capsys):
    argv = ["profile", "many", "--synthetic", "--seeds", "2", "--width", "2", "--probe", "4",
            "--device", "cpu", "--threads", "1"]
    assert cli.main(argv) == 0
    text = capsys.readouterr().out
    assert cli.main(argv + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for name, s in data["settings"].items():
        block = text.split(f"\n{name}: ")[1].split("\n\n")[0].splitlines()[1:]
        rows = {line.split()[0]: line for line in block
                if not line.lstrip().startswith(("conv1 /", "predicted ("))}
        assert list(rows) == s["layers"]
        for layer, rm, rp in zip(s["layers"], s["measured_ratio"], s["predicted_ratio"]):
            if rm is None:      # the output layer has no next layer
                assert "ratio" not in rows[layer]
                continue
            shown = rows[layer].split("ratio ")[1]
            assert float(shown.split()[0]) == float(f"{rm:.3g}")
            assert float(shown.split("mean-field ")[1].rstrip(")")) == float(f"{rp:.3g}")


def test_cli_profile_refuses_one_seed(capsys):
    import pytest

    with pytest.raises(SystemExit):
        cli.main(["profile", "many", "--synthetic", "--seeds", "1"])
    assert "at least 2 seeds" in capsys.readouterr().err


def test_any_checkable_activation_runs_in_profile_and_experiment(official_dir, tmp_path, capsys):
    argv = ["profile", "many", "--synthetic", "--json", "--seeds", "2", "--width", "2",
            "--probe", "4", "--device", "cpu", "--threads", "1", "--activation", "x/(1+abs(x))"]
    assert cli.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["settings"]) == {"sigma", "scaled-sigma"}
    argv = ["experiment", "large", "--seeds", "2", "--epochs", "1", "--width", "2",
            "--batch-size", "16", "--device", "cpu", "--threads", "1", "--data", str(official_dir),
            "--cache", str(tmp_path / "c"), "--out", str(tmp_path / "o"), "--activation", "softsign"]
    assert cli.main(argv) == 0
    rec = json.loads((tmp_path / "o" / "large" / "softsign+L2.json").read_text())
    assert rec["config"]["setting"]["model"]["activation"] == "softsign" and rec["complete"]


def test_unusable_activation_is_one_error_line(capsys):
    argv = ["profile", "many", "--synthetic", "--seeds", "2", "--activation", "x+("]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("vgtheory profile: error:")


def test_constant_slope_formula_runs_and_zero_slope_or_overflowing_ones_are_one_line(capsys):
    # Issue 18: 'x' crashed in models.py ('int' object has no attribute 'abs'); sign/Heaviside
    # have no gradient; exp(x) overflows float32 in the paper's large-parameters net.
    base = ["profile", "large", "--synthetic", "--seeds", "2", "--width", "2", "--probe", "4",
            "--device", "cpu", "--threads", "1", "--json", "--activation"]
    assert cli.main(base + ["x"]) == 0
    out = json.loads(capsys.readouterr().out)
    s = out["settings"]["x"]
    assert all(sat == 0.0 for sat in s["saturated"])  # the identity never saturates
    assert all(np.isfinite(g) and g > 0 for g in s["grad_norm_mean"])
    for formula, words in (("sign(x)", "derivative is 0"), ("Heaviside(x)", "derivative is 0"),
                           ("exp(x)", "inf or NaN")):
        assert cli.main(base + [formula]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("vgtheory profile: error:") and words in err[0]
