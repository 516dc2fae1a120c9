"""The issue's "output a user trips over" list: each item, fixed, with what would show it again."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import vgtheory
from vgtheory.cli.app import main
from vgtheory.errors import ActivationError


def test_scaling_label_says_the_invariant_failing_is_expected() -> None:
    text = str(vgtheory.check("sigmoid", theorems=False, signal=False))
    assert "[s*sigma(u/s) != sigma(u), as expected, numeric]" in text
    assert "[invariant: fails" not in text


def test_latex_shows_no_quantity_for_a_failed_property_that_has_none() -> None:
    from vgtheory.render.latex_theorems import properties_section
    from vgtheory.properties.four import check_properties

    props = check_properties("relu")  # z*sigma'(z) = z -> oo: fails (symbolic), no common limit
    assert props.vanishing_derivative.verdict == "fails" and props.vanishing_derivative.value is None
    tex = properties_section(props)
    assert "not established" not in tex
    assert "Verdict: \\textbf{fails}" in tex


def test_a_formula_after_double_dash_keeps_later_options(capsys) -> None:
    assert main(["check", "--", "-tanh(x)", "--no-signal", "--no-theorems"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("activation: -tanh(x)") and "signal propagation" not in out and "theorems:" not in out


def test_two_output_formats_are_refused(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "tanh", "--json", "--markdown"])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not allowed with argument --json" in err[0]


def test_a_two_argument_callable_is_a_signature_error() -> None:
    with pytest.raises(ActivationError, match="one real argument, but the callable's signature is \\(a, b\\)"):
        vgtheory.activation(lambda a, b: a + b)
    vgtheory.activation(lambda t, scale=2: scale * t)  # defaults are fine


def test_a_callable_that_raises_is_one_line_in_the_report() -> None:
    def broken(t):
        raise RuntimeError("boom")

    report = vgtheory.check(broken, theorems=False, signal=False)
    assert any("raised RuntimeError at z = " in f and "boom" in f for f in report.findings)
    with pytest.raises(ActivationError, match="raised RuntimeError"):
        vgtheory.activation(broken).value(1)


def test_theorems_module_into_a_closed_pipe_is_quiet() -> None:
    read_fd, write_fd = os.pipe()
    os.close(read_fd)
    try:
        proc = subprocess.run([sys.executable, "-m", "vgtheory.theorems.section", "tanh"], stdout=write_fd,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write_fd)
    assert "Traceback" not in proc.stderr and "BrokenPipeError" not in proc.stderr, proc.stderr
    assert proc.returncode == 141


def test_chain_gradient_repr_is_a_summary() -> None:
    g = vgtheory.gradient("tanh", [2] * 2000, x=1, y=0, dps=20)
    text = repr(g)
    assert len(text) < 300 and "depth=2000" in text and "df_dw[0]=" in text


def test_namespace_exports_only_the_api() -> None:
    public = {k for k in dir(vgtheory) if not k.startswith("_")}
    assert "annotations" not in public and "Z" not in public
    assert all(hasattr(vgtheory, name) for name in vgtheory.__all__)
    assert "Z" not in vgtheory.__all__


def test_repr_latex_has_the_findings() -> None:
    report = vgtheory.check("sigmoid", theorems=False, signal=False)
    assert report.findings
    latex = report._repr_latex_()
    for finding in report.findings:
        assert finding.split(":")[0] in latex


def test_latex_title_is_typeset() -> None:
    from vgtheory.render.latex import derivation

    for spec, want in (("x/(1+abs(x))", "$\\sigma(z) = \\frac{z}{\\left|{z}\\right| + 1}$"), ("tanh", "tanh, $\\sigma(z) = ")):
        tex = derivation(spec, 2, include_properties=False, include_theorems=False)
        (title,) = [line for line in tex.splitlines() if line.startswith("\\title{")]
        assert want in title, title
        assert "abs(x)" not in title


def test_plot_draws_theorem_2_only_where_it_applies() -> None:
    pytest.importorskip("matplotlib")
    from vgtheory.render.plotting import depth_profile

    mish = depth_profile("mish", depth_max=5)
    assert mish.predicted is None and "does not apply" in mish.prediction_kind
    assert depth_profile("tanh", depth_max=5).predicted is not None
