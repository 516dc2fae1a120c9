"""Every ``symbolic`` or ``proved`` label in a report carries a certificate of the trusted kernel.

The walk visits every dataclass reachable from a result (properties, smoothness, hypotheses,
scaling facts, theorem claims) and collects each ``symbolic`` holds/fails and each ``proved``
status; each must hold a certificate that only :mod:`vgtheory.kernel` can make.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
import pytest

from strategies import planted_defects
from vgtheory import kernel
from vgtheory.core.activations import activation
from vgtheory.theorems.hypotheses import hypothesis_H
from vgtheory.properties.four import check_properties
from vgtheory.theorems.scaling import scaling_report
from vgtheory.properties.smoothness import check_c1, check_continuous


#: Results of the signal section, which carry numbers rather than a verdict.
_SIGNAL_RESULTS = {"SignalResult", "CriticalInit", "SignalSummary", "InitRecommendation"}


def labels(obj: Any, path: str = "report", seen: set[int] | None = None) -> list[tuple[str, bool]]:
    """(path, has a kernel certificate) for every symbolic holds/fails and every 'proved' status."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, kernel.Certificate):
        return []
    seen.add(id(obj))
    out: list[tuple[str, bool]] = []
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        method, verdict, status = (getattr(obj, k, None) for k in ("method", "verdict", "status"))
        # A result without a verdict (signal, critical init, recommendation) promises its numbers.
        decided = verdict in ("holds", "fails") or type(obj).__name__ in _SIGNAL_RESULTS
        if (method in ("symbolic", "exact", "proved") and decided) or status == "proved":
            # A Theorem 1 result is 'proved' through its hypotheses, each of which must be certified.
            ok = kernel.is_certificate(getattr(obj, "certificate", None)) or (
                bool(getattr(obj, "hypotheses", ())) and all(kernel.is_certificate(h.certificate) for h in obj.hypotheses))
            out.append((f"{path}: {type(obj).__name__} {obj}", ok))
        for f in dataclasses.fields(obj):
            out += labels(getattr(obj, f.name), f"{path}.{f.name}", seen)
    elif isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            out += labels(x, f"{path}[{i}]", seen)
    return out


def reports(expr: Any) -> list[Any]:
    act = activation(expr)
    props = check_properties(act)
    # The scaling section takes property 4 from the properties, as check() builds it (no second limit).
    return [props, check_c1(act), check_continuous(act), hypothesis_H(act, props),
            scaling_report(act, linear=props.linear_at_origin)]


def assert_certified(objs: list[Any]) -> int:
    found = [lab for o in objs for lab in labels(o)]
    missing = [p for p, ok in found if not ok]
    assert not missing, missing
    return len(found)


@pytest.mark.slow
@settings(max_examples=4)
@given(planted_defects())
def test_planted_defect_reports_carry_certificates(p):
    assert_certified(reports(p.expr))


def test_registry_reports_carry_certificates():
    # The registry's smooth, piecewise and non-sigmoid members: each kind of symbolic producer.
    n = assert_certified([r for name in ("tanh", "softsign", "hardtanh", "sin") for r in reports(name)])
    assert n >= 10  # the walk saw symbolic labels (it is not vacuous)


def test_theorem_reports_carry_certificates():
    from vgtheory.theorems.theorem1 import theorem1
    from vgtheory.theorems.theorem2 import theorem2

    t1, t2 = theorem1("tanh", c=1, W=10, depth=3), theorem2("tanh", w=2, x=1, depth=3)
    assert t1.status == "proved" and any(c.status == "proved" for c in t2.claims)
    assert assert_certified([t1, t2]) >= 5


@pytest.mark.slow
def test_signal_and_recommend_labels_carry_certificates():
    # Issue 16 / s6 item 1: the signal section's exact answers (affine length maps, the closed-form
    # critical sigma_w) are kernel decisions too; the walk covers signal, critical_init, the
    # check report's signal summary and recommend_init.
    from vgtheory.meanfield.propagation import critical_init, signal
    from vgtheory.meanfield.signal_section import signal_summary
    from vgtheory.meanfield.recommend import recommend_init

    objs: list[Any] = []
    for name, w, b in (("relu", 1, 0), ("relu", "sqrt(2)", 0), ("leaky_relu", 2, "1/2"), ("abs(z)", 1, 0),
                       ("z", "3/2", 0), ("tanh", 1, 0)):
        objs.append(signal(name, w, b))
    objs += [signal("relu", 2, 0, s=3), critical_init("relu"), critical_init("z"), signal_summary("relu"),
             recommend_init("relu"), recommend_init("tanh")]
    symbolic = [o for o in objs if getattr(o, "method", None) == "symbolic"]
    assert len(symbolic) >= 7  # the exact path ran (the walk is not vacuous)
    assert assert_certified(objs) >= 7
    # The exact comparison decides the phase: relu at sigma_w = sqrt(2) is critical, exactly.
    r = objs[1]  # signal("relu", "sqrt(2)", 0), walked above
    assert r.phase == "critical" and r.chi1_exact == 1 and "integrate" in str(r.certificate.to_dict())
