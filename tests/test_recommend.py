"""vgtheory.recommend_init and `vgtheory init`: checked against independently derived numbers."""

from __future__ import annotations

import json
import math
import time

import numpy as np
import pytest
from scipy import integrate, special

import vgtheory
from vgtheory.cli.app import main
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.propagation import critical_init
from vgtheory.meanfield.recommend import recommend_init

#: numpy forms written out here, not taken from the package.
NUMPY = {
    "gelu": (lambda u: u * (1 + special.erf(u / math.sqrt(2))) / 2,
             lambda u: (1 + special.erf(u / math.sqrt(2))) / 2 + u * np.exp(-u * u / 2) / math.sqrt(2 * math.pi)),
    "silu": (lambda u: u * special.expit(u), lambda u: special.expit(u) * (1 + u * (1 - special.expit(u)))),
    "mish": (lambda u: u * np.tanh(np.logaddexp(0, u)),
             lambda u: np.tanh(np.logaddexp(0, u)) + u * special.expit(u) / np.cosh(np.logaddexp(0, u)) ** 2),
}


def gauss(h, q: float) -> float:
    """E[h(sqrt(q) z)], z ~ N(0, 1), by scipy's adaptive quadrature."""
    value, _ = integrate.quad(lambda z: h(math.sqrt(q) * z) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi), -40, 40,
                              epsabs=1e-14, epsrel=1e-12, limit=200)
    return value


@pytest.mark.parametrize("b", [0, 0.1, 0.5])
def test_tanh_is_critical_at_the_packages_critical_sigma_w(b) -> None:
    rec = recommend_init("tanh", sigma_b=b)
    assert rec.method == "critical" and rec.depth_scale is None and rec.attracting
    assert rec.sigma_w == pytest.approx(float(critical_init("tanh", b, backend="float64").sigma_w), rel=1e-9)
    assert rec.chi1 == pytest.approx(1, abs=1e-9)
    if b == 0:  # sigma_w = 1/tanh'(0) = 1, q* = 0
        assert rec.sigma_w == 1 and rec.q == 0
        return
    # Independently: q* is a fixed point of the length map and chi1 = 1 there (scipy quadrature).
    q = rec.q
    assert rec.sigma_w**2 * gauss(lambda u: np.tanh(u) ** 2, q) + b**2 == pytest.approx(q, rel=1e-8)
    assert rec.sigma_w**2 * gauss(lambda u: np.cosh(u) ** -4, q) == pytest.approx(1, rel=1e-8)


@pytest.mark.parametrize("b", [0, 0.3])
def test_relu_variance_preserving_is_he(b) -> None:
    """E[relu(z)^2] = 1/2 (half of E[z^2] = 1, by symmetry), so sigma_w^2 / 2 + b^2 = 1."""
    rec = recommend_init("relu", sigma_b=b)
    assert rec.method == "variance-preserving"
    assert rec.sigma_w**2 == pytest.approx(2 * (1 - b**2), rel=1e-12)
    # chi1 = sigma_w^2 E[relu'(z)^2] = sigma_w^2 / 2.
    assert rec.chi1 == pytest.approx(rec.sigma_w**2 / 2, rel=1e-12)
    if b == 0:  # L(q) = q: every q is fixed, neutral (L' = 1): the chi1 = 1 point is not shown attracting
        assert rec.depth_scale is None and rec.attracting is not True
        assert "chi1 = 1 at sigma_w = 1.41421" in rec.reason and "q* = 1 is not shown to attract" in rec.reason


@pytest.mark.parametrize("name", sorted(NUMPY))
@pytest.mark.parametrize("b, q", [(0, 1), (0.2, 2.5)])
def test_variance_preserving_chi1_agrees_with_scipy(name, b, q) -> None:
    rec = recommend_init(name, sigma_b=b, q=q)
    value, slope = NUMPY[name]
    assert rec.method == "variance-preserving" and rec.q == q
    assert rec.sigma_w**2 * gauss(lambda u: value(u) ** 2, q) + b**2 == pytest.approx(q, rel=1e-9)
    chi1 = rec.sigma_w**2 * gauss(lambda u: slope(u) ** 2, q)
    assert rec.chi1 == pytest.approx(chi1, rel=1e-9)
    assert rec.depth_scale == pytest.approx(-1 / math.log(chi1), rel=1e-6)
    assert rec.chi1_error < 1e-9


def test_selu_at_its_own_fixed_point_keeps_sigma_w_one() -> None:
    """SELU's constants are chosen so that N(0, 1) inputs give outputs of variance 1: sigma_w = 1."""
    rec = recommend_init("selu")
    assert rec.sigma_w == pytest.approx(1, rel=1e-9)


def test_every_kind_of_activation_gives_the_same_answer() -> None:
    torch = pytest.importorskip("torch")
    want = recommend_init("mish", sigma_b=0.1)
    for spec in (torch.nn.Mish(), "x*tanh(softplus(x))", "x*tanh(log(1+exp(x)))", torch.nn.functional.mish):
        got = recommend_init(spec, sigma_b=0.1)
        assert got.method == want.method and got.sigma_w == pytest.approx(want.sigma_w, rel=1e-6), spec


@pytest.mark.parametrize("name", ["mish", "selu", "gelu", "silu", "gelu_tanh"])
def test_answers_within_ten_seconds(name) -> None:
    """CPU time, so that a loaded machine does not fail it (mish used to search for 3 minutes)."""
    start = time.process_time()
    rec = recommend_init(name, sigma_b=0.1, q=1.5)  # an uncached (sigma_b, q)
    assert time.process_time() - start < 10
    assert rec.method in ("critical", "variance-preserving")


def test_critical_search_is_bounded_and_reports_progress() -> None:
    calls = []
    rec = recommend_init("tanh", sigma_b=0.1, progress=lambda d, t, w: calls.append(w), critical_seconds=0)
    assert rec.method == "variance-preserving" and "stopped after 0 s" in rec.reason
    assert calls and "critical search" in calls[0]


def test_bad_input_is_one_error() -> None:
    with pytest.raises(VGTheoryError, match="q must exceed sigma_b"):
        recommend_init("tanh", sigma_b=2, q=1)
    with pytest.raises(VGTheoryError, match="0 almost surely"):
        recommend_init("0*x + Heaviside(-x - 100)")


def test_cli_json_keys(capsys) -> None:
    assert main(["init", "mish", "--sigma-b", "0.1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("activation", "method", "sigma_w", "sigma_b", "q", "chi1", "depth_scale", "torch"):
        assert key in data
    assert data["method"] == "variance-preserving" and data["torch"].startswith("torch.nn.init.normal_(")
    assert main(["init", "relu", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["depth_scale"] is None


def test_cli_text_compares_with_calculate_gain(capsys) -> None:
    torch = pytest.importorskip("torch")
    assert main(["init", "tanh"]) == 0
    out = capsys.readouterr().out
    assert f"calculate_gain('tanh') = {torch.nn.init.calculate_gain('tanh'):.6g}" in out
    assert main(["init", "mish"]) == 0
    assert "has no entry for mish" in capsys.readouterr().out
    assert main(["init", "tanh", "--sigma-b", "3"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_exported() -> None:
    assert vgtheory.recommend_init is recommend_init


def test_registry_names_inside_formulas() -> None:
    from vgtheory.core.parsing import parse_formula

    assert parse_formula("x*tanh(softplus(x))") == vgtheory.activation("mish").expr
    assert parse_formula("relu(x) - relu(-x)") == parse_formula("Max(0, x) - Max(0, -x)")
    with pytest.raises(vgtheory.FormulaError, match="takes 1 argument"):
        parse_formula("softplus(x, 2)")


def test_selu_constants_are_pytorchs() -> None:
    """The exact alpha_01 and lambda_01 round to PyTorch's 1.6732632423543772848... and
    1.0507009873554804934... (torch/nn/modules/activation.py)."""
    import mpmath

    sigma = vgtheory.activation("selu")
    with mpmath.workdps(30):
        assert abs(sigma.value(1) - mpmath.mpf("1.0507009873554804934193349852946")) < 1e-28
        alpha_lambda = mpmath.mpf("1.6732632423543772848170429916717") * mpmath.mpf("1.0507009873554804934193349852946")
        assert abs(sigma.value(-100) + alpha_lambda) < 1e-28


def test_docs_init_example_is_what_the_command_prints(capsys) -> None:
    import shlex
    from pathlib import Path

    lines = (Path(__file__).resolve().parents[1] / "docs" / "init.md").read_text().splitlines()
    (i,) = [k for k, line in enumerate(lines) if line.startswith("$ vgtheory init")]
    documented = []
    for line in lines[i + 1:]:
        if line.startswith("```"):
            break
        documented.append(line)
    assert main(shlex.split(lines[i][2:])[1:]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == documented[:6]  # the last line depends on whether torch is installed
