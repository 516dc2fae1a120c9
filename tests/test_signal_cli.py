"""``vgtheory signal``: JSON keys, text output, one-line errors with exit 2."""

from __future__ import annotations

import argparse
import json

import pytest

import vgtheory.cli.app as cli
from vgtheory.cli.signal import register_cli


@pytest.fixture
def run(monkeypatch, capsys):
    """cli.main with the signal subcommand registered (as cli.py's hook tuple will do)."""
    original = cli.build_parser

    def build():
        parser = original()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if "signal" not in sub.choices:
            register_cli(sub)
        return parser

    monkeypatch.setattr(cli, "build_parser", build)

    def call(*argv):
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


@pytest.mark.slow
def test_signal_json_has_the_issue_keys(run) -> None:
    code, out, _ = run("signal", "x/(1+abs(x))", "--sigma-w", "2", "--sigma-b", "0.5", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"activation", "sigma_w", "sigma_b", "q_star", "chi1", "phase", "depth_scale"} <= set(data)
    assert data["phase"] == "ordered" and 0 < data["chi1"] < 1 and data["depth_scale"] > 0


def test_critical_json_has_the_issue_keys(run) -> None:
    code, out, _ = run("signal", "relu", "--critical", "--sigma-b", "0", "--json")
    data = json.loads(out)
    assert code == 0 and {"activation", "sigma_b", "sigma_w", "q_star", "chi1"} <= set(data)
    assert data["sigma_w_exact"] == "sqrt(2)" and data["chi1"] == 1.0


def test_scaled_text_output(run) -> None:
    code, out, _ = run("signal", "relu", "--sigma-w", "1", "--sigma-b", "0.3", "--s", "10")
    assert code == 0 and "phase: ordered" in out and "symbolic" in out


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv, message",
    [
        (("signal", "tanh", "--sigma-w", "-1"), "sigma_w must be a positive number"),
        (("signal", "tanh"), "give --sigma-w"),
        (("signal", "foo(", "--sigma-w", "1"), "formula"),
        (("signal", "tanh", "--critical", "--sigma-w", "1"), "leave out --sigma-w"),
        (("signal", "tanh", "--sigma-w", "1", "--dps", "2"), "dps"),
        (("signal", "1", "--critical"), "no sigma_w with chi1 = 1"),  # constant sigma: chi1 = 0
    ],
)
def test_errors_are_one_line_exit_2(run, argv, message) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("vgtheory: error:") and message in err
