"""Certificates: a :class:`Certificate` is built only with this module's private token, which only
the kernel uses (tests/test_kernel_s7.py checks the source), so every ``symbolic`` or ``proved``
label that carries one traces back to a kernel decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Certificate", "Fact", "is_certificate"]

_TOKEN = object()


@dataclass(frozen=True)
class Certificate:
    """What the kernel decided: the claim, the rule that decided it, the premises it rests on
    and the trust assumptions (module docstring of :mod:`vgtheory.kernel`) that it uses."""

    claim: str
    rule: str
    premises: tuple["Certificate", ...] = ()
    trusts: frozenset[str] = frozenset()
    token: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.token is not _TOKEN:
            raise TypeError("only vgtheory.kernel issues certificates")

    def all_trusts(self) -> frozenset[str]:
        return frozenset(self.trusts).union(*(p.all_trusts() for p in self.premises))

    def to_dict(self) -> dict[str, Any]:
        return {"claim": self.claim, "rule": self.rule, "trusts": sorted(self.all_trusts()),
                "premises": [p.to_dict() for p in self.premises]}


@dataclass(frozen=True)
class Fact:
    """A value the kernel proved (a limit, a sign), with its certificate."""

    value: Any
    certificate: Certificate


def issue(claim: str, rule: str, premises: tuple[Certificate, ...] = (), trusts: tuple[str, ...] = ()) -> Certificate:
    """Kernel-internal: a certificate (every premise must itself be one)."""
    if not all(isinstance(p, Certificate) for p in premises):
        raise TypeError("a certificate rests only on certificates")
    return Certificate(claim, rule, tuple(premises), frozenset(trusts), _TOKEN)


def is_certificate(obj: Any) -> bool:
    return isinstance(obj, Certificate) and obj.token is _TOKEN
