"""What happens where two pieces of σ meet: the jump of σ, the kink of σ' and the one-sided slopes, each a proved
exact number decided by the kernel (:mod:`vgtheory.theorems.hypotheses` reads them for the shapes of (H))."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from vgtheory import kernel
from vgtheory.core.activations import Z
from vgtheory.core.budget import Steps
from vgtheory.properties.limits import proved_limit
from vgtheory.theorems._theory_util import T

__all__ = ["Joint", "joints", "one_sided", "STEP"]

STEP = 1.0  # seconds per sympy step of a hypothesis check


def one_sided(expr: sp.Expr, at: sp.Expr, side: str, v: sp.Symbol = T, steps: Steps | None = None) -> kernel.Fact | None:
    """lim_{v → at±} expr as a proved exact real number (kernel), or None."""
    out = proved_limit(expr.subs(v, Z), (at, side), (steps or Steps(STEP)).deadline())
    # the kernel's limits are +-oo or real numbers it encloses: sympy's is_finite is None for 1/(1 + Si(2)^2) (R69a-2)
    return out if out is not None and out.value not in (sp.oo, -sp.oo, sp.zoo) and out.value.is_finite is not False else None


def _compare(a: kernel.Fact, b: kernel.Fact, steps: Steps | None = None) -> kernel.Fact | None:
    """sign(a − b) of two proved values, decided by the kernel (exact), else None."""
    out = kernel.compare(a.value, b.value, (steps or Steps(STEP)).run)
    return None if out is None else kernel.Fact(out.value, kernel.conclude(
        out.certificate.claim, [a, b, out], "comparison of proved one-sided limits"))


def _sign(a: kernel.Fact, steps: Steps | None = None) -> kernel.Fact | None:
    """sign(a) of a proved value, decided by the kernel, else None."""
    out = kernel.sign(a.value, (steps or Steps(STEP)).run)
    return None if out is None else kernel.Fact(out.value, kernel.conclude(out.certificate.claim, [a, out], "sign of a proved limit"))


@dataclass(frozen=True)
class Joint:
    """What happens at a breakpoint b between two pieces."""

    at: sp.Expr
    jump: kernel.Fact | None  # sign(σ(b+) − σ(b−)); None undecided
    kink: kernel.Fact | None  # sign(σ'(b+) − σ'(b−)); None undecided
    slopes: tuple = (None, None)  # sign(σ'(b−)), sign(σ'(b+)): 0 on both sides with no jump is σ'(b) = 0 (R68a-5)


def joints(pieces: list[tuple[sp.Expr, sp.Interval]], v: sp.Symbol = T, steps: Steps | None = None) -> list[Joint] | None:
    """The :class:`Joint` at each end shared by consecutive pieces (f, interval) in ``v``."""
    out = []
    for (left, li), (right, ri) in zip(pieces, pieces[1:]):
        b = li.end
        vl, vr = one_sided(left, b, "-", v, steps), one_sided(right, b, "+", v, steps)
        dl, dr = one_sided(sp.diff(left, v), b, "-", v, steps), one_sided(sp.diff(right, v), b, "+", v, steps)
        jump = None if vl is None or vr is None else _compare(vr, vl, steps)
        kink = None if dl is None or dr is None else _compare(dr, dl, steps)
        out.append(Joint(b, jump, kink, tuple(None if d is None else _sign(d, steps) for d in (dl, dr))))
    return out
