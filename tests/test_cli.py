"""The command line: outputs, the JSON contract, exit codes and one-line errors."""

import json
import os
import subprocess
import sys

import mpmath
import pytest

from vgtheory.core.chain import gradient
from vgtheory.cli.app import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_contract(capsys):
    code, out, _ = run(capsys, "check", "x/(1+abs(x))", "--json", "--no-theorems")
    assert code == 0
    data = json.loads(out)
    assert data["activation"] == "x/(1+abs(x))"
    assert data["sigmoid_type"] is True
    for entry in data["properties"].values():
        assert {"verdict", "method", "witness"} <= set(entry)


def test_gradient_json_contract_matches_the_library(capsys):
    code, out, _ = run(capsys, "gradient", "tanh", "--w", "2,2,2", "--x", "1", "--y", "0", "--json")
    assert code == 0
    data = json.loads(out)
    expected = gradient("tanh", [2, 2, 2], 1, 0, dps=50)
    assert data["dps"] == 50
    with mpmath.workdps(50):
        for s, v in zip(data["df_dw"], expected.df_dw):
            assert abs(mpmath.mpf(s) - v) <= mpmath.mpf(10) ** -45 * abs(v)
        for s, v in zip(data["dloss_dw"], expected.dloss_dw):
            assert abs(mpmath.mpf(s) - v) <= mpmath.mpf(10) ** -45 * abs(v)
        assert abs(mpmath.mpf(data["output"]) - expected.output) < mpmath.mpf(10) ** -45


def test_gradient_with_scale_depth_and_lambda(capsys):
    code, out, _ = run(capsys, "gradient", "tanh", "--w", "1", "--depth", "1000", "--s", "95", "--lam", "0.1", "--dps", "30", "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data["df_dw"]) == 1000 and len(data["regularized_dloss_dw"]) == 1000
    # docs/model.md (Theorem 2): l = 1000, s = 95 keeps df/dw_1 near 0.9 while plain tanh decays to ~5e-5.
    assert float(data["df_dw"][0]) > 0.5


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "__import__('os').system('echo hi')"],
        ["check", "x +"],
        ["gradient", "tanh", "--w", "1,,2"],
        ["gradient", "tanh", "--w", "1", "--dps", "1"],
        ["gradient", "tanh", "--w", "1", "--s", "-3"],
        ["gradient", "nosuch(x)", "--w", "1"],
        ["bogus-command"],
        ["gradient", "tanh"],
    ],
)
def test_bad_input_exits_2_with_one_error_line(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors leave through SystemExit
        code = exc.code
    _, err = capsys.readouterr()
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("vgtheory: error:")


def test_list_shows_every_registry_activation(capsys):
    from vgtheory.core.activations import REGISTRY

    code, out, _ = run(capsys, "list")
    assert code == 0
    for name in REGISTRY:
        assert name in out


def test_console_entry_point_runs_as_a_module():
    proc = subprocess.run([sys.executable, "-m", "vgtheory", "check", "arctan", "--no-theorems"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "sigmoid-type: yes" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, vgtheory.cli.app; vgtheory.cli.app.build_parser(); print('torch' in sys.modules)"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.stdout.strip() == "False", "building the CLI must not import torch"


def test_closed_reader_is_not_an_internal_error(monkeypatch, capsys):
    # As in `vgtheory list | head -0`: the read end of stdout's pipe is closed before we write.
    read_fd, write_fd = os.pipe()
    os.close(read_fd)
    out = os.fdopen(write_fd, "w", buffering=1)  # line-buffered: every print reaches the pipe
    monkeypatch.setattr(sys, "stdout", out)
    code = main(["list"])
    monkeypatch.undo()
    out.close()
    assert code == 141
    assert "internal error" not in capsys.readouterr().err
