"""Red team 7's findings in the report layer (F4, F5), each asserted with its truth.

F4: the "centred activation" finding called sympy's simplify with no time budget; for
``tanh(x) + exp(-(x-1000)**2)`` it ran for minutes and the report was never printed.
F5: the finding printed ``sigma(z) - -A/B + sqrt(C)`` for an offset that is a sum, which reads as a
different function.
"""

from __future__ import annotations

import time

import sympy as sp

import vgtheory
from vgtheory.core.parsing import Z, parse_formula


def _centred_finding(report) -> str:
    (line,) = [f for f in report.findings if f.startswith("The centred activation")]
    return line


def test_centred_offset_that_is_a_sum_is_parenthesised_and_true() -> None:
    formula = "tanh(x) + sqrt(10**100+1) - 10**50 - 1/(2*10**50)"
    report = vgtheory.check(formula, signal=False, theorems=False)
    line = _centred_finding(report)
    assert "- -" not in line
    # The printed offset is sigma(0), in parentheses: parse it back and check the claim itself.
    shown = line.split("sigma(z) - (", 1)[1].split(") = ", 1)[0]
    offset = sp.sympify(shown)  # test-side parsing of the package's own output (digits and sqrt)
    assert sp.simplify(offset - parse_formula(formula).subs(Z, 0)) == 0
    assert sp.simplify(parse_formula(formula) - offset - sp.tanh(Z)) == 0


def test_findings_simplify_is_bounded_by_the_timeout(monkeypatch) -> None:
    """A simplify that never ends costs at most the per-step timeout; the finding still comes,
    with the unsimplified centred expression (which is still exactly sigma - sigma(0))."""
    import vgtheory.report as report_module

    def endless(expr, *args, **kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(report_module.sp, "simplify", endless)
    start = time.monotonic()
    report = vgtheory.check("tanh(x) + 1/3", signal=False, theorems=False, timeout=1.0)
    assert time.monotonic() - start < 60
    assert report.properties.linear_at_origin.verdict == "fails"
    line = _centred_finding(report)
    assert "sigma(z) - 1/3 = tanh(z)" in line and "a = 1" in line
