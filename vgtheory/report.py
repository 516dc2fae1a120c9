"""``vgtheory.check``: everything the package can say about one activation, in one report.

>>> report = check("sigmoid")
>>> report.sigmoid_type
False
>>> print(report.findings[0])  # doctest: +ELLIPSIS
The paper counts the logistic sigmoid (its 'logsigmoid') as sigmoid-type, but it is not linear at the origin: sigma(0) = 1/2 ...
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .activations import REGISTRY, Activation, Z, activation
from .parsing import parse_formula
from .properties import (
    DEFAULT_DPS,
    DEFAULT_TIMEOUT,
    Properties,
    PropertyResult,
    check_linear_at_origin,
    check_properties,
    check_real_valued,
)
from .scaling import ScalingReport, scaling_report

__all__ = ["CheckReport", "check", "PAPER_SIGMOID_TYPE"]

#: Activations the seed paper asserts to meet all four properties, with the paper's names.
PAPER_SIGMOID_TYPE = {"tanh": "tanh", "sigmoid": "logistic sigmoid (its 'logsigmoid')", "arctan": "arctan"}

_FAILED_AS = {
    "bounded": "bounded",
    "vanishing_derivative": "of rapidly vanishing derivative",
    "positive_limit": "of strictly positive limit",
    "linear_at_origin": "linear at the origin",
}


@dataclass(frozen=True)
class CheckReport:
    """The four properties, the sigmoid-type verdict, the scaling trick and the theorems for σ."""

    activation: str
    formula: str | None
    source: str
    precision: str
    real_valued: PropertyResult
    properties: Properties
    scaling: ScalingReport
    theorems: Any
    findings: tuple[str, ...]
    seconds: float

    @property
    def sigmoid_type(self) -> bool | None:
        """True if all four properties hold, False if one fails (or σ is not real on ℝ), None if undecided."""
        if self.real_valued.verdict == "fails":
            return False
        return self.properties.sigmoid_type

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "formula": self.formula,
            "source": self.source,
            "precision": self.precision,
            "real_valued": self.real_valued.to_dict(),
            "properties": self.properties.to_dict(),
            "sigmoid_type": self.sigmoid_type,
            "scaling": self.scaling.to_dict(),
            "theorems": None if self.theorems is None else self.theorems.to_dict(),
            "findings": list(self.findings),
            "seconds": round(self.seconds, 3),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **({"indent": 2} | kwargs))

    def __str__(self) -> str:
        verdict = {True: "yes", False: "no", None: "undecided"}[self.sigmoid_type]
        lines = [f"activation: {self.activation}" + (f"   sigma(z) = {self.formula}" if self.formula else "")]
        if self.precision != "mpmath":
            lines.append("  (a callable: verdicts are numeric evidence in float64, not proofs)")
        lines.append("properties:")
        if self.real_valued.verdict != "holds":
            lines.append(f"  {self.real_valued}: {self.real_valued.detail}")
        lines += [f"  {r}" for r in self.properties]
        lines.append(f"sigmoid-type: {verdict}")
        lines.append("scaling trick sigma_s(u) = s*sigma(u/s):")
        lines += [f"  {f}" for f in self.scaling]
        if self.theorems is not None:
            lines.append("theorems:")
            lines += ["  " + line for line in str(self.theorems).splitlines()]
        if self.findings:
            lines.append("findings:")
            lines += [f"  - {f}" for f in self.findings]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        verdict = {True: "**yes**", False: "**no**", None: "undecided"}[self.sigmoid_type]
        rows = ["| property | verdict | method | witness |", "|---|---|---|---|"]
        for r in self.properties:
            how = r.method if r.precision is None else f"{r.method} ({r.precision})"
            wit = "; ".join(f"{k} = {v}" for k, v in r.witness.items()).replace("|", "\\|")
            rows.append(f"| {r.name} | {r.verdict} | {how} | {wit} |")
        head = f"### `{self.activation}`" + (f": $\\sigma(z) = {sp.latex(parse_formula(self.formula))}$" if self.formula and self.precision == "mpmath" else "")
        parts = [head, "", *rows, "", f"Sigmoid-type: {verdict}", ""]
        parts += [f"- scaling, {f}" for f in self.scaling]
        parts += [f"- finding: {f}" for f in self.findings]
        return "\n".join(parts)


def check(
    f: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS, theorems: bool = True
) -> CheckReport:
    """Check an activation: the four properties, sigmoid type, the scaling trick, the theorems.

    ``f`` is a registry name, a formula string in x or z, a sympy expression, an
    :class:`~vgtheory.activations.Activation`, or a Python/PyTorch callable (numeric evidence
    only). ``timeout`` bounds each symbolic step (seconds); ``dps`` is the mpmath precision of
    numeric evidence.
    """
    start = time.perf_counter()
    sigma = activation(f)
    real = check_real_valued(sigma, dps=dps)
    props = check_properties(sigma, timeout=timeout, dps=dps)
    scaling = scaling_report(sigma, linear=props.linear_at_origin, timeout=min(timeout, 3.0), dps=dps)
    # The theorems assume σ: ℝ → ℝ; for a σ that is not real there, they are not instantiated.
    section = _theorems_section(sigma, props) if theorems and real.verdict != "fails" else None
    findings = tuple(_findings(sigma, props, timeout, dps))
    if real.verdict == "fails":
        findings = (
            f"sigma is not a real function on R ({real.detail}); the four properties assume one, so "
            "sympy's verdicts below only describe the part of R where sigma is real.",
        ) + findings
    return CheckReport(
        activation=sigma.name,
        formula=None if sigma.expr is None else str(sigma.expr),
        source=sigma.source,
        precision=sigma.precision,
        real_valued=real,
        properties=props,
        scaling=scaling,
        theorems=section,
        findings=findings,
        seconds=time.perf_counter() - start,
    )


def _theorems_section(sigma: Activation, props: Properties) -> Any:
    try:
        from .theorems import theorems_section
    except ImportError:  # the theorems module is optional while it is being built
        return None
    return theorems_section(sigma, props)


def _paper_key(sigma: Activation) -> str | None:
    if sigma.expr is None:
        return None
    for key in PAPER_SIGMOID_TYPE:
        if sigma.expr == parse_formula(REGISTRY[key]):
            return key
    return None


def _findings(sigma: Activation, props: Properties, timeout: float, dps: int) -> list[str]:
    """Plain statements of where the activation disagrees with the paper, with witnesses."""
    out: list[str] = []
    key = _paper_key(sigma)
    failed = [r for r in props if r.verdict == "fails"]
    if key is not None and failed:
        for r in failed:
            wit = ", ".join(f"{k} = {v}" for k, v in r.witness.items())
            out.append(
                f"The paper counts the {PAPER_SIGMOID_TYPE[key]} as sigmoid-type, but it is not "
                f"{_FAILED_AS[r.name]}: {wit} ({r.method})."
            )
    lin = props.linear_at_origin
    if lin.verdict == "fails" and "sigma(0)" in lin.witness and sigma.expr is not None:
        offset = sigma.expr.subs(Z, 0) if lin.method == "symbolic" else None
        if offset is not None and offset.is_number:
            centred = activation(sp.simplify(sigma.expr - offset), name=f"{sigma.name} - {offset}")
            fixed = check_linear_at_origin(centred, timeout=timeout, dps=dps)
            if fixed.verdict == "holds":
                out.append(
                    f"The centred activation sigma(z) - {offset} = {centred.expr} is linear at the origin "
                    f"with a = {fixed.value} ({fixed.method})."
                )
    return out
