"""A hypothesis check's result: :class:`Check` (verdict, method, detail, witness, certificate), and the
two ways of combining checks that the theorems use (:func:`worst`, :func:`all_symbolic`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from vgtheory.properties.four import Method, PropertyResult, Verdict
from vgtheory.properties.verdicts import require_certificate

__all__ = ["Check", "all_symbolic", "from_property", "worst"]


@dataclass(frozen=True)
class Check:
    """One hypothesis or numeric confirmation: a verdict, how it was reached and its witness."""

    name: str
    verdict: Verdict
    method: Method
    detail: str = ""
    #: ``name`` and ``detail`` as LaTeX (typeset mathematics); empty: derived from the ASCII text.
    tex: str = field(default="", repr=False, compare=False)
    detail_tex: str = field(default="", repr=False, compare=False)
    witness: Mapping[str, str] = field(default_factory=dict, compare=False)
    precision: str | None = None
    #: The kernel certificate of a ``symbolic`` holds/fails (None otherwise).
    certificate: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        require_certificate(self.name, self.verdict, self.method, self.certificate)

    @property
    def proved(self) -> bool:
        """Whether the check is a sympy proof that the hypothesis holds."""
        return self.verdict == "holds" and self.method == "symbolic"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "verdict": self.verdict, "method": self.method, "detail": self.detail}
        if self.witness:
            out["witness"] = dict(self.witness)
        if self.precision:
            out["precision"] = self.precision
        return out

    def __str__(self) -> str:
        return f"{self.name}: {self.verdict} ({self.method}){'; ' + self.detail if self.detail else ''}"


def worst(checks: Sequence[Check]) -> Verdict:
    """'fails' if one fails, 'holds' if all hold, else 'inconclusive'."""
    verdicts = {c.verdict for c in checks}
    return "fails" if "fails" in verdicts else "holds" if verdicts == {"holds"} else "inconclusive"


def all_symbolic(checks: Sequence[Check]) -> bool:
    """Whether every check is ``holds (symbolic)``: the condition for a ``proved`` label."""
    return all(c.proved for c in checks)


def from_property(result: PropertyResult, name: str, tex: str = "") -> Check:
    """A property (or smoothness) result as a Check, keeping verdict, method, witness and precision."""
    wit = ", ".join(f"{k} = {v}" for k, v in result.witness.items())
    detail = "; ".join(x for x in (wit, result.detail) if x)
    return Check(name, result.verdict, result.method, detail, tex, "", dict(result.witness), result.precision,
                 result.certificate)
