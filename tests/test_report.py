"""vgtheory.check: the report's contents, its serialisations, and the paper's slip."""

import json
import math

import pytest
import sympy as sp

import vgtheory
from vgtheory.errors import VGTheoryError


def test_check_is_exported_and_reports_tanh_as_sigmoid_type():
    report = vgtheory.check("tanh")
    assert report.sigmoid_type is True
    assert report.scaling.derivative_identity.verdict == "holds"
    assert report.scaling.invariant.verdict == "fails"
    assert sp.simplify(report.scaling.linear_limit.value - sp.Symbol("u", real=True)) == 0
    assert not report.findings


def test_check_finds_the_papers_logistic_slip_and_the_centred_fix():
    report = vgtheory.check("logsigmoid")
    assert report.sigmoid_type is False
    assert any("not linear at the origin" in f and "1/2" in f for f in report.findings)
    assert any("centred" in f and "a = 1/4" in f for f in report.findings)


def test_relu_is_invariant_under_the_trick():
    report = vgtheory.check("relu", theorems=False)
    assert report.scaling.invariant.verdict == "holds"
    assert report.scaling.invariant.method == "symbolic"
    assert report.sigmoid_type is False


@pytest.mark.slow
def test_report_is_frozen_and_serialises_to_the_json_contract():
    report = vgtheory.check("x/(1+abs(x))")
    with pytest.raises(AttributeError):
        report.activation = "other"
    data = json.loads(report.to_json())
    assert data["activation"] == "x/(1+abs(x))"
    assert set(data["properties"]) == {"bounded", "vanishing_derivative", "positive_limit", "linear_at_origin"}
    for entry in data["properties"].values():
        assert entry["verdict"] in ("holds", "fails", "inconclusive")
        assert entry["method"] in ("symbolic", "numeric")
        assert isinstance(entry["witness"], dict)
    assert data["sigmoid_type"] is True


def test_str_and_markdown_name_every_property():
    report = vgtheory.check("erf")
    text, md = str(report), report._repr_markdown_()
    for name in ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin"):
        assert name in text and name in md
    assert "sigmoid-type: yes" in text


@pytest.mark.slow
def test_callables_are_checked_numerically_and_said_to_be():
    report = vgtheory.check(math.atan, theorems=False)
    assert report.sigmoid_type is True
    assert report.precision == "float64"
    assert all(r.method == "numeric" for r in report.properties)
    assert "not proofs" in str(report)


@pytest.mark.slow
def test_torch_module_can_be_checked():
    torch = pytest.importorskip("torch")
    # The properties decide both assertions; check's signal section on a torch module (about 80% of
    # this call) is run by test_slow_s8.test_torch_hardtanh.
    report = vgtheory.check(torch.nn.Softsign(), theorems=False, signal=False)
    assert report.sigmoid_type is True
    assert report.activation == "Softsign"


def test_bad_input_raises_a_vgtheory_error():
    with pytest.raises(VGTheoryError):
        vgtheory.check("x +")
    with pytest.raises(VGTheoryError):
        vgtheory.check(42)


@pytest.mark.slow
@pytest.mark.parametrize("formula", ["x*exp(x^2)", "sin(1/x)", "x + x^3", "log(x)"])
def test_awkward_formulas_get_a_report_not_a_traceback_or_a_hang(formula):
    import time

    start = time.perf_counter()
    report = vgtheory.check(formula)
    assert time.perf_counter() - start < 60
    assert report.sigmoid_type is not True
    json.loads(report.to_json())


@pytest.mark.slow
def test_a_formula_that_is_not_real_on_the_line_is_not_sigmoid_type():
    report = vgtheory.check("tanh(sqrt(z))")
    assert report.real_valued.verdict == "fails"
    assert report.sigmoid_type is False
    assert report.theorems is None
    assert any("not a real function" in f for f in report.findings)


def test_a_callable_that_always_raises_gets_a_report():
    report = vgtheory.check(lambda t: 1 / 0, theorems=False)
    assert report.sigmoid_type is False
    assert all(f.verdict == "inconclusive" for f in (report.scaling.derivative_identity, report.scaling.invariant))
