"""The subcommands end to end on tiny data, and the no-torch / bad-input paths."""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys

import pytest

from vgtheory.empirical import cli


def test_register_adds_the_four_subcommands_with_handlers():
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers(dest="command"))
    for argv in (["data"], ["experiment", "many"], ["figures", "x", "-o", "y"], ["bench"]):
        args = parser.parse_args(argv)
        assert callable(args.func)


def test_building_the_parser_does_not_import_torch():
    code = ("import argparse, sys; from vgtheory.empirical import cli; "
            "p = argparse.ArgumentParser(); cli.register(p.add_subparsers()); "
            "print('torch' in sys.modules, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_missing_torch_gives_one_line_and_exit_2(monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    assert cli.main(["experiment", "many"]) == 2
    assert cli.main(["bench"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [cli.NEED_TORCH] * 2


def test_bad_input_gives_one_error_line(tmp_path, capsys):
    assert cli.main(["figures", str(tmp_path / "missing"), "-o", str(tmp_path / "f")]) == 2
    assert cli.main(["experiment", "many", "--settings", "nope"]) == 2
    assert cli.main(["experiment", "many", "--device", "cpu", "--data", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("vgtheory ") for line in lines)


@pytest.mark.slow
def test_experiment_then_figures_on_tiny_official_data(official_dir, tmp_path, capsys):
    out, figs = tmp_path / "out", tmp_path / "figs"
    argv = ["experiment", "combined", "--seeds", "2", "--epochs", "2", "--width", "2",
            "--batch-size", "16", "--device", "cpu", "--threads", "1", "--data", str(official_dir),
            "--cache", str(tmp_path / "c"), "--out", str(out), "--settings", "tanh,tanh+L2+scaled"]
    assert cli.main(argv) == 0
    rec = json.loads((out / "combined" / "tanh+L2+scaled.json").read_text())
    assert rec["complete"] and rec["config"]["data"]["n_train_used"] == 30
    assert rec["config"]["setting"]["model"]["scale"] == rec["config"]["hyper"]["scale"]
    assert "--seeds" in rec["meta"]["command"] or rec["meta"]["command"]
    assert "epoch 2/2" in capsys.readouterr().err
    assert cli.main(["figures", str(out), "-o", str(figs)]) == 0
    assert (figs / "figure_combined.png").is_file()
    claims = json.loads((figs / "claims.json").read_text())
    assert any(c["id"] == "combined.remedies-beat-plain" for c in claims)


@pytest.mark.slow
def test_bench_writes_json_and_png(tmp_path):
    out = tmp_path / "bench"
    argv = ["bench", "--seeds", "1,2", "--steps", "2", "--batch-size", "4", "--width", "2",
            "--device", "cpu", "--threads", "1", "--out", str(out)]
    assert cli.main(argv) == 0
    res = json.loads((out / "bench.json").read_text())
    assert [p["seeds"] for p in res["points"]] == [1, 2]
    for p in res["points"]:
        assert p["speedup"] > 0 and p["max_param_diff_seed0"] < 1e-4
    assert (out / "bench.png").read_bytes()[:4] == b"\x89PNG"


def test_data_remembers_its_location_for_the_next_experiment(official_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no ./data to fall back on
    assert cli.main(["data", "--data", str(official_dir), "--no-download"]) == 0
    assert "remembered in" in capsys.readouterr().out
    argv = ["experiment", "large", "--seeds", "2", "--epochs", "1", "--width", "2",
            "--batch-size", "16", "--device", "cpu", "--threads", "1", "--out", str(tmp_path / "o"),
            "--settings", "tanh"]
    assert cli.main(argv) == 0
    assert f"official:{official_dir}" in capsys.readouterr().err
    monkeypatch.setenv("VGTHEORY_DATA", str(tmp_path / "elsewhere"))  # the variable overrides it
    assert cli.main(argv[:-2] + ["--settings", "tanh+L2"]) == 2
