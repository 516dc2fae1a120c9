"""check(f) normalises its input to an Activation once and hands that object down."""

import vgtheory
import vgtheory.core.activations as activations_module
import vgtheory.report as report_module


def test_check_parses_its_input_once(monkeypatch):
    report_module._paper_exprs()  # the paper's formulas: parsed once per process, before counting
    parsed = []
    real = activations_module.parse_formula

    def counting(text, *args, **kwargs):
        parsed.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(activations_module, "parse_formula", counting)
    monkeypatch.setattr(report_module, "parse_formula", counting)
    report = vgtheory.check("x/(1 + abs(x))", theorems=False, signal=False)
    assert report.formula is not None
    assert parsed == ["x/(1 + abs(x))"]


def test_activation_of_an_activation_is_itself():
    act = vgtheory.activation("tanh")
    assert vgtheory.activation(act) is act
