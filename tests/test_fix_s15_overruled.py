"""The (H) check's `_overruled` path (leftover A2 of session 14): a numeric "increasing" that a proved
limit contradicts is overruled by the symbolic result, and left alone where the limit agrees.

Samples that miss a decrease cannot be built from a formula any more (the samples reach 2^100 and
take in every breakpoint), so the numeric verdict is planted: the path itself is what is tested."""

from __future__ import annotations

import pytest

from vgtheory.core.activations import activation
from vgtheory.properties.four import check_properties
from vgtheory.theorems import hypotheses
from vgtheory.theorems.checks import Check


def _planted_increasing(act):
    return Check("sigma increasing on [0, oo)", "holds", "numeric", "planted: samples on (0, 2^100] all increase")


@pytest.mark.parametrize("formula, limit_positive", [
    # lim sigma(+oo) = 1 - 2 = -1 <= 0 with sigma(0) = 0: sigma cannot be increasing on (0, oo).
    ("tanh(x) - 2*tanh(x/3)", False),
    # lim = 1 > 0: nothing to overrule.
    ("tanh(x)", True),
])
def test_numeric_increasing_is_overruled_only_by_a_contradicting_proved_limit(formula, limit_positive, monkeypatch) -> None:
    act = activation(formula)
    props = check_properties(act)
    monkeypatch.setattr(hypotheses, "check_increasing", _planted_increasing)
    monkeypatch.setattr(hypotheses, "tanh_form", lambda *a: None)  # the tanh shortcut would skip the parts
    h = hypotheses.hypothesis_H(act, props)
    if limit_positive:
        # The planted numeric verdict stands (so (H) is numeric, not symbolic) and nothing is overruled.
        assert "sigma increasing on [0, oo): holds (numeric)" in h.detail and "overruled" not in h.detail
        assert h.verdict == "holds" and h.method == "numeric"
    else:
        assert h.verdict == "fails" and h.method == "symbolic" and h.certificate is not None
        assert "overruled by the symbolic result" in h.detail and "lim sigma(t), t->+oo = -1" in h.detail


# -- real_valued at an exact zero of an inner factor (A3 leftover) -------------------------------------

from vgtheory.properties.four import check_real_valued  # noqa: E402


@pytest.mark.parametrize("formula, point", [
    # (z - c) log|z - c| -> 0 as z -> c, but sigma(c) = 0 * log 0 is undefined: no growth shows it.
    ("(x-sqrt(2))*log(Abs(x-sqrt(2)))+tanh(x)", "sqrt(2)"),
    ("tanh(x)+(x-pi)*log(Abs(x-pi))", "pi"),
])
def test_a_removable_log_point_is_not_real_valued(formula, point) -> None:
    r = check_real_valued(formula)
    assert r.verdict == "fails" and r.witness["z"] == point


@pytest.mark.parametrize("formula", [
    "tanh(x)+sqrt(Abs(x-1))",  # 0 at its inner zero: defined
    "tanh(x)+(x-1)**2/(1+(x-1)**2)",  # no real zero of 1 + (x-1)^2
])
def test_a_defined_value_at_an_inner_zero_is_no_refutation(formula) -> None:
    assert check_real_valued(formula).verdict == "holds"
