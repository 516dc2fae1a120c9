"""The verdict record shared by every property and hypothesis check.

A verdict is ``holds``, ``fails`` or ``inconclusive`` and says how it was reached: ``symbolic``
(a proof of exactly the stated claim) or ``numeric`` (evidence at a stated precision). A
``symbolic`` holds or fails carries a certificate of the trusted kernel (:mod:`vgtheory.kernel`),
the only code that can make one; a result without it cannot be built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

import mpmath
import sympy as sp

from vgtheory.core.claims import claim_text, value_text

__all__ = ["Verdict", "Method", "PropertyResult", "STATEMENTS", "DEFAULT_TIMEOUT", "DEFAULT_DPS", "show", "num",
           "require_certificate"]

Verdict = Literal["holds", "fails", "inconclusive"]
Method = Literal["symbolic", "numeric"]

#: Human-readable statements of the checks that have a fixed claim.
STATEMENTS: Mapping[str, str] = {
    "bounded": "sup_z |sigma(z)| < oo",
    "vanishing_derivative": "z*sigma'(z) -> 0 as |z| -> oo",
    "positive_limit": "lim_{z->+oo} sigma(z) = L exists, is finite and L > 0",
    "linear_at_origin": "sigma(0) = 0 and sigma(z)/z -> a as z -> 0 for some a > 0",
    "real_valued": "sigma(z) is defined and real for every real z",
}

#: Seconds of sympy time per property, and mpmath digits of numeric evidence.
DEFAULT_TIMEOUT = 6.0
DEFAULT_DPS = 30


@dataclass(frozen=True)
class PropertyResult:
    """The verdict on one claim, how it was reached, and its witness.

    ``value`` is the claim's constant when it has one: B = sup|σ| (bounded), the common limit
    of zσ'(z) (vanishing_derivative), L (positive_limit) and a (linear_at_origin); it is a sympy
    number for symbolic results and a sympy Float for numeric ones. ``precision`` says at what
    precision numeric evidence was computed. ``claim`` overrides the fixed statement of ``name``
    where the claim depends on arguments (an interval, one end of ℝ). ``evidence`` is the
    numeric record the verdict rests on, for reuse by later analyses (not serialised).
    """

    name: str
    verdict: Verdict
    method: Method
    witness: Mapping[str, str] = field(default_factory=dict)
    value: Any = None
    detail: str = ""
    precision: str | None = None
    claim: str | None = None
    evidence: Any = field(default=None, compare=False, repr=False)
    #: The kernel certificate of a ``symbolic`` holds/fails (None otherwise).
    certificate: Any = field(default=None, compare=False, repr=False)
    #: How ``value`` relates to the claim's constant: "=" (it is the constant; an estimate where ``method``
    #: is numeric) or ">=" (a lower bound: the largest |σ| sampled, where boundedness is proved otherwise).
    relation: str = "="

    def __post_init__(self) -> None:
        require_certificate(self.name, self.verdict, self.method, self.certificate)

    @property
    def statement(self) -> str:
        return self.claim if self.claim is not None else STATEMENTS.get(self.name, self.name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "statement": self.statement,
            "verdict": self.verdict,
            "method": self.method,
            "witness": dict(self.witness),
            "value": None if self.value is None else value_text(self.value),
            "relation": self.relation,
            "detail": self.detail,
            "precision": self.precision,
            "certificate": None if self.certificate is None else self.certificate.to_dict(),
        }

    def __str__(self) -> str:
        how = self.method if self.precision is None else f"{self.method}, {self.precision}"
        wit = ", ".join(f"{k} = {v}" for k, v in self.witness.items())
        return f"{self.name}: {self.verdict} ({how}){'; ' + wit if wit else ''}"


def require_certificate(name: str, verdict: str, method: str, certificate: Any) -> None:
    """Refuse a ``symbolic`` holds/fails that the kernel did not certify."""
    from vgtheory.kernel import is_certificate

    if method == "symbolic" and verdict in ("holds", "fails") and not is_certificate(certificate):
        raise TypeError(f"{name}: a symbolic {verdict} needs a kernel certificate")


def show(value: Any) -> str:
    """A sympy value for a witness; None (sympy could not decide) reads 'undetermined'; numbers past Python's 4300-digit
    text limit by their size (:func:`~vgtheory.core.claims.claim_text`: σ'(1) of z/(1 + cz²), c = 1 + 10^-2200, R60a-2)."""
    return "undetermined" if value is None else claim_text(value) if isinstance(value, sp.Basic) else str(value)


def num(v: mpmath.mpf) -> str:
    """An mpmath number for a witness, 12 significant digits."""
    return mpmath.nstr(v, 12)
