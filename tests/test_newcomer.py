"""A newcomer's first hour: bounded inputs, one-line errors, named extras, a readable check, hooks.

Each refusal must come before any work is done, so these tests are fast even where the refused
computation would run for minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
import tomllib
import types
from pathlib import Path

import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vgtheory
from vgtheory.cli import app as cli
from vgtheory.core import input_limits as limits
from vgtheory.core.chain import gradient
from vgtheory.cli.app import main
from vgtheory.errors import FormulaError, MissingDependencyError, VGTheoryError
from vgtheory.core.parsing import parse_formula
from vgtheory.progress import Progress
from vgtheory.report import check

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str) -> str:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vgtheory: error: "), err
    return lines[0]


@pytest.fixture(scope="module")
def tanh_report():
    return check("tanh")


@pytest.fixture(scope="module")
def sigmoid_report():
    return check("sigmoid")


# -- 1. hangs and crashes become one line ------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, cap",
    [
        (["gradient", "tanh", "--w", "2", "--depth", "10000000"], "100,000"),
        (["gradient", "tanh", "--w", "2", "--depth", "2000", "--dps", "4000"], "1,250"),
        (["gradient", "tanh", "--w", "2", "--dps", "4300"], "4,000"),
        (["plot", "tanh", "--depth-max", "100000", "-o", "never.png"], "10,000"),
        (["check", "tanh", "--dps", "100000"], "1,000"),
        (["check", "tanh", "--dps", "-5"], "15"),
        (["check", "tanh", "--dps", "2"], "15"),
        (["check", "tanh", "--timeout", "-1"], "600"),
        (["check", "tanh", "--timeout", "nan"], "600"),
        (["check", "1e999999*x"], "1e300"),
    ],
)
def test_oversized_requests_are_refused_at_once_with_the_limit(capsys, argv, cap):
    start = time.perf_counter()
    code, out, err = run(capsys, *argv)
    assert time.perf_counter() - start < 5
    assert cap in one_line_error(code, err)
    assert out == ""


@given(depth=st.integers(1, limits.MAX_DEPTH), dps=st.integers(*limits.GRADIENT_DPS))
def test_gradient_refuses_exactly_the_chains_beyond_the_budget(depth, dps):
    """The library itself refuses depth x dps above the budget; below it the arguments pass validation."""
    if depth * dps > limits.MAX_DEPTH_TIMES_DPS:
        with pytest.raises(VGTheoryError, match="at most"):
            gradient("tanh", [2] * depth, 1, dps=dps)
    else:
        limits.check_gradient_size(depth, dps)  # no error


@pytest.mark.parametrize("dps", [4, 4001, 2.5, True, "50"])
def test_gradient_api_refuses_bad_digits(dps):
    with pytest.raises(VGTheoryError, match="dps"):
        gradient("tanh", [2], 1, dps=dps)


def test_gradient_api_refuses_a_chain_deeper_than_the_cap():
    with pytest.raises(VGTheoryError, match="100,000"):
        gradient("tanh", [2] * (limits.MAX_DEPTH + 1), 1)


@pytest.mark.parametrize(
    "kwargs", [{"dps": 100000}, {"dps": -5}, {"dps": 2}, {"dps": 30.0}, {"timeout": -1}, {"timeout": 0},
               {"timeout": float("inf")}, {"timeout": 1e9}, {"timeout": "soon"}, {"timeout": True}],
)
def test_check_api_refuses_bad_digits_and_timeouts_before_working(kwargs):
    start = time.perf_counter()
    with pytest.raises(VGTheoryError):
        check("tanh", **kwargs)
    assert time.perf_counter() - start < 1


def test_plot_helpers_refuse_a_depth_beyond_the_cap():
    from vgtheory.render.plotting import activation_figure, depth_profile

    for fn in (depth_profile, activation_figure):
        with pytest.raises(VGTheoryError, match="10,000"):
            fn("tanh", depth_max=limits.MAX_PLOT_DEPTH + 1)


def test_gradient_text_at_4000_digits_prints_the_library_values(capsys):
    """The text table used to re-parse 4000-digit strings and hit Python's int-conversion limit."""
    code, out, _ = run(capsys, "gradient", "tanh", "--w", "2,3", "--dps", "4000")
    assert code == 0
    rows = [line.split() for line in out.splitlines() if re.match(r"\s+[12]\s", line)]
    expected = gradient("tanh", [2, 3], 1, dps=4000)
    assert len(rows) == 2
    for (_, g, h), g_exact, h_exact in zip(rows, expected.df_dw, expected.dloss_dw):
        assert abs(mpmath.mpf(g) - g_exact) <= 1e-11 * abs(g_exact)
        assert abs(mpmath.mpf(h) - h_exact) <= 1e-11 * abs(h_exact)


def test_gradient_text_shows_the_weight_decay_column(capsys):
    code, out, _ = run(capsys, "gradient", "tanh", "--w", "2,3", "--lam", "0.5")
    assert code == 0
    expected = gradient("tanh", [2, 3], 1).regularized("0.5")
    rows = [line.split() for line in out.splitlines() if re.match(r"\s+[12]\s", line)]
    assert [abs(mpmath.mpf(r[3]) - v) < 1e-10 for r, v in zip(rows, expected)] == [True, True]


@given(k=st.integers(301, 10**6), sign=st.sampled_from(["", "-"]))
def test_number_literals_beyond_1e300_are_refused(k, sign):
    with pytest.raises(FormulaError, match="out of range"):
        parse_formula(f"1e{sign}{k}*x")


@given(k=st.integers(-300, 300))
def test_number_literals_within_1e300_are_exact(k):
    import sympy as sp

    assert parse_formula(f"1e{k}*x") == sp.Integer(10) ** k * parse_formula("x")


def test_huge_integer_literal_is_refused_without_printing_it():
    with pytest.raises(FormulaError, match="out of range"):
        parse_formula("1" + "0" * 1500 + "*x")


def test_formula_starting_with_minus_is_accepted(capsys):
    code, out, _ = run(capsys, "gradient", "-tanh(x)", "--w", "-2,1", "--x", "-1", "--json")
    assert code == 0
    data = json.loads(out)
    expected = gradient("-tanh(x)", [-2, 1], -1)
    assert [mpmath.mpf(v) for v in data["w"]] == [-2, 1]
    with mpmath.workdps(50):
        for got, want in zip(data["df_dw"], expected.df_dw):
            assert abs(mpmath.mpf(got) - want) <= mpmath.mpf(10) ** -40 * abs(want)
    code_dash, out_dash, _ = run(capsys, "gradient", "--w", "-2,1", "--x", "-1", "--json", "--", "-tanh(x)")
    assert code_dash == 0 and json.loads(out_dash) == data


def test_a_dash_word_that_is_no_formula_gets_told_about_double_dash(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "-sin"])
    _, err = capsys.readouterr()
    line = one_line_error(exc.value.code, err)
    assert "vgtheory check -- '-tanh(x)'" in line


def test_short_options_are_not_taken_for_formulas():
    parser = cli.build_parser()
    shield = cli._formulas_as_positionals
    assert shield(["plot", "tanh", "-ofig.png"], parser) == ["plot", "tanh", "-ofig.png"]
    assert shield(["check", "-h"], parser) == ["check", "-h"]
    assert shield(["check", "-x"], parser) == ["check", " -x"]
    assert shield(["check", "--", "-x"], parser) == ["check", "--", "-x"]
    assert shield(["check", "--json", "-x"], parser) == ["check", "--json", " -x"]


def test_help_states_the_limits(capsys):
    for command in (["--help"], ["check", "--help"], ["gradient", "--help"]):
        with pytest.raises(SystemExit):
            main(command)
        out = capsys.readouterr().out
        assert "100,000" in out and "5,000,000" in out and "1e300" in out, command


def test_progress_is_silent_before_its_delay_and_reports_after():
    now = [0.0]
    lines: list[str] = []

    class Sink:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    progress = Progress(Sink(), after=2.0, every=1.0, clock=lambda: now[0])
    progress(10, 100, "layer")
    assert progress.shown == 0
    now[0] = 2.5
    progress(50, 100, "layer")
    now[0] = 3.0
    progress(60, 100, "layer")  # within a second of the last line: silent
    now[0] = 4.0
    progress(80, 100, "layer")
    assert progress.shown == 2
    assert "layer 50/100, 2 s elapsed, about 2 s left" in "".join(lines)


def test_gradient_reports_its_layers_to_progress():
    seen = []
    gradient("tanh", [2] * 1200, 1, dps=15, progress=lambda done, total, what: seen.append((done, total)))
    assert seen == [(500, 1200), (1000, 1200)]


@pytest.mark.slow  # 2 s: the default suite keeps under 3 minutes (session 32)
def test_plot_counts_its_layers_over_all_scales():
    from vgtheory.render.plotting import activation_figure

    seen = []
    activation_figure("tanh", depth_max=600, scales=(1, 3), progress=lambda d, t, _w: seen.append((d, t)))
    assert seen == [(500, 1200), (600, 1200), (1100, 1200), (1200, 1200)]


def test_a_quick_command_writes_nothing_to_stderr(capsys):
    code, _, err = run(capsys, "gradient", "tanh", "--w", "2", "--depth", "50")
    assert code == 0 and err == ""


# -- 2. optional dependencies -------------------------------------------------------------------------


@pytest.fixture
def no_matplotlib(monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now raises ModuleNotFoundError


def test_plot_without_matplotlib_names_the_extra(no_matplotlib, capsys, tmp_path):
    from vgtheory.render.plotting import plot_activation

    with pytest.raises(MissingDependencyError, match=r"vgtheory\[plot\]"):
        plot_activation("tanh", tmp_path / "p.png", depth_max=5)
    code, out, err = run(capsys, "plot", "tanh", "-o", str(tmp_path / "p.png"), "--depth-max", "5")
    assert "pip install 'vgtheory[plot]'" in one_line_error(code, err)
    assert not (tmp_path / "p.png").exists()


@pytest.mark.parametrize(
    "module, command, extra",
    [("matplotlib.pyplot", "list", "plot"), ("matplotlib", "figures", "torch"), ("torch.nn", "experiment", "torch"),
     ("PIL", "data", "torch"), ("scipy.stats", "figures", "torch")],
)
def test_any_missing_optional_module_is_one_line_naming_its_extra(module, command, extra, capsys, monkeypatch):
    def broken(_args):
        raise ModuleNotFoundError(f"No module named {module!r}", name=module)

    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    subparsers.choices[command].set_defaults(func=broken)
    argv = {"list": [], "figures": ["r.json", "-o", "out"], "experiment": ["large"], "data": []}[command]
    code, _, err = run(capsys, command, *argv)
    line = one_line_error(code, err)
    assert f"pip install 'vgtheory[{extra}]'" in line and f"'vgtheory {command}'" in line


def test_a_missing_module_of_our_own_is_still_an_internal_error(capsys, monkeypatch):
    def broken(_args):
        raise ModuleNotFoundError("No module named 'vgtheory.nothing'", name="vgtheory.nothing")

    monkeypatch.setattr(cli, "_list", broken)
    code, _, err = run(capsys, "list")
    assert code == 1 and "internal error" in err


def test_extras_bring_what_the_commands_import():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]

    def names(extra):
        return {re.split(r"[<>=\[]", req)[0].strip().lower(): req for req in extras[extra]}

    assert names("torch")["torch"] == "torch>=2.1" and names("all")["torch"] == "torch>=2.1"  # tests/test_install.py
    for extra in ("torch", "all"):
        assert {"matplotlib", "pillow", "scipy"} <= set(names(extra)), extra
    assert "matplotlib" in names("plot")
    for extra in ("torch", "test", "all"):
        assert names(extra)["scipy"] == "scipy>=1.10", extra
    readme = (ROOT / "README.md").read_text()
    for extra in ("plot", "torch", "test", "all"):
        assert f"[{extra}]" in readme, extra


# -- 3. docs stand alone ------------------------------------------------------------------------------


def test_model_doc_exists_is_linked_and_cites_nothing_outside_the_repo():
    model = (ROOT / "docs" / "model.md").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "docs/model.md" in readme
    for text in (model, readme):
        assert "THEORY.md" not in text and "/work/" not in text and "seeds/" not in text
    for heading in ("chain model", "loss", "four properties", "scaling trick", "Theorem 1", "Theorem 2",
                    "experiments", "reconstruction"):
        assert heading.lower() in model.lower(), heading


def _documented_examples() -> list[tuple[list[str], list[str]]]:
    """(argv, documented output lines) of each '$ vgtheory ...' line in README.md and docs/model.md."""
    import shlex

    examples = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "model.md"):
        lines = doc.read_text().splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ vgtheory "):
                output = []
                for follow in lines[i + 1:]:
                    if follow.startswith(("$ ", "```")):
                        break
                    output.append(follow)
                examples.append((shlex.split(line[2:])[1:], output))
    return examples


def test_documented_commands_run_and_print_what_the_docs_show(capsys):
    """Every '$ vgtheory ...' example runs, and its first lines are what the docs show."""
    examples = _documented_examples()
    assert len(examples) >= 2
    for argv, documented in examples:
        code, out, _ = run(capsys, *argv)
        assert code == 0, argv
        assert out.splitlines()[:6] == documented[:6], argv


# -- 4. reading the result ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["tanh_report", "sigmoid_report"])
def test_default_check_output_is_a_short_summary(which, request):
    report = request.getfixturevalue(which)
    text = str(report)
    assert len(text.splitlines()) - len(report.signal_lines()) <= 20  # the signal section adds its own few lines
    for r in report.properties:
        assert f"{r.name}: {r.verdict} ({r.method}" in text
    assert "Theorem 1" in text and "Theorem 2" in text
    assert "--full" in text
    full = report.full_text()
    assert len(full.splitlines()) > len(text.splitlines())
    assert "tau0" in full  # the constants live in the full derivation


def test_summary_words_cannot_be_misread(tanh_report, sigmoid_report):
    text = str(tanh_report)
    assert "invariant: fails (" not in text and "Theorem 2 (many layers): fails" not in text
    assert "changes sigma, as expected for a non-homogeneous sigma" in text
    assert tanh_report.scaling.invariant.verdict == "fails"  # the data keeps the exact verdict
    assert tanh_report.to_dict()["scaling"]["invariant"]["reading"].startswith("the trick changes sigma")
    assert "Theorem 2 (many layers): does not apply" in str(sigmoid_report)
    assert "sigma(0) = 1/2" in str(sigmoid_report)


def test_cli_full_flag_prints_the_full_derivation(capsys, monkeypatch, tanh_report):
    import vgtheory.report as report_module

    monkeypatch.setattr(report_module, "check", lambda *a, **k: tanh_report)
    code, out, _ = run(capsys, "check", "tanh", "--full")
    assert code == 0 and out.strip() == tanh_report.full_text().strip()
    code, out, _ = run(capsys, "check", "tanh")
    assert code == 0 and out.strip() == str(tanh_report).strip()


def test_repr_is_one_short_line_with_the_verdicts(tanh_report):
    text = repr(tanh_report)
    assert "\n" not in text and len(text) < 400
    for r in tanh_report.properties:
        assert f"{r.name}={r.verdict}/{r.method}" in text
    assert "theorem1='applies'" in text


def test_markdown_and_latex_reprs_include_the_theorems(tanh_report):
    md = tanh_report._repr_markdown_()
    assert "Theorem 1" in md and "Theorem 2" in md
    tex = tanh_report._repr_latex_()
    assert tex.count("$$") == 2 and r"\begin{array}" in tex and r"\tanh" in tex
    assert tex.count("{") == tex.count("}")
    assert r"\text{Theorem 1} & \text{applies}" in tex


def test_theorem_summary_lines_come_from_the_section_when_it_offers_them(tanh_report):
    class Section:
        theorem1_applies = theorem2_applies = "holds"

        def summary_lines(self):
            return ["Theorem 1: line from the section", "Theorem 2: another"]

        def to_dict(self):
            return {}

    report = dataclasses.replace(tanh_report, theorems=Section())
    assert "Theorem 1: line from the section" in str(report)
    assert report.theorem_lines() == Section().summary_lines()


# -- 6. hooks for the signal engineer -----------------------------------------------------------------


def test_signal_cli_hook_registers_its_subcommand(monkeypatch, capsys):
    fake = types.ModuleType("vgtheory.cli.signal")

    def register_cli(sub):
        p = sub.add_parser("signal", help="signal propagation")
        p.add_argument("activation")
        p.set_defaults(func=lambda args: print(f"signal of {args.activation}") or 0)

    fake.register_cli = register_cli
    monkeypatch.setitem(sys.modules, "vgtheory.cli.signal", fake)
    code, out, _ = run(capsys, "signal", "tanh")
    assert code == 0 and out == "signal of tanh\n"


def test_report_includes_the_signal_summary_as_numbers():
    report = check("tanh", theorems=False)
    lines = report.signal_lines()
    assert lines and all(line in str(report) and line in report.full_text() for line in lines)
    data = report.to_dict()["signal"]
    assert data["critical_sigma_w"] == 1.0 and data["phase"] == "chaotic" and data["init"]["sigma_w"] ** 2 == pytest.approx(32)
    assert check("tanh", theorems=False, signal=False).signal is None


def test_public_api_exports_the_new_names():
    assert vgtheory.MissingDependencyError is MissingDependencyError
    assert vgtheory.core.input_limits.MAX_DEPTH == limits.MAX_DEPTH
