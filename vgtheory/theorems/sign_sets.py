"""Sign conditions of a piece of σ on an interval: proved empty by solveset, or broken at a rational point.

The shape hypotheses (increasing, concave) ask whether {t : σ'(t) ≤ 0} or {t : σ''(t) > 0} is empty on each piece
(:mod:`vgtheory.theorems.hypotheses`); where solveset says it is not, a rational point inside its answer where the
condition holds by the kernel's exact sign refutes the shape.
"""

from __future__ import annotations

from typing import NamedTuple

import mpmath
import sympy as sp

from vgtheory import kernel
from vgtheory.core.budget import Steps
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.memo import solveset
from vgtheory.theorems._theory_util import T

__all__ = ["Breach", "empty_or_breach"]


class Breach(NamedTuple):
    """A rational point where a piece breaks the shape, and the kernel's exact sign there."""
    point: sp.Rational
    sign: kernel.Fact


def empty_or_breach(condition: sp.Basic, interval: sp.Interval, steps: Steps,
                    strict: sp.Basic | None = None) -> kernel.Fact | Breach | None:
    """A certificate that solveset shows {t ∈ interval : condition} = ∅; else, where ``strict`` (a relation, strict
    or not and unevaluated where its sides are constant, that breaks the shape at a single point) holds at a rational point of an interval in solveset's answer inside
    ``interval`` by the kernel's exact sign, that :class:`Breach`; else None. The point is checked on its own, whatever
    solveset's answer is worth: σ'' > 0 on a window of width 5e-5 that the samples missed was "holds" (R26a-1)."""
    if interval.measure == 0:
        return kernel.accept(f"{interval} has measure 0", "structure", lambda: True)
    s = kernel.accept(f"{{t in {interval}: {condition}}}", "solveset",
                      lambda: steps.run(lambda: solveset(condition, T, interval.interior)))
    if s is not None and s.value is sp.S.EmptySet:
        return s
    if s is None or not isinstance(strict, (sp.StrictGreaterThan, sp.StrictLessThan, sp.GreaterThan, sp.LessThan)):
        return None  # sp.false for a constant σ''
    # the exact signs of lhs - rhs at which ``strict`` holds: σ' <= 0 (an unevaluated relation) breaks σ' > 0 where σ' is
    # exactly 0 on a whole piece (a constant tail, R36a-3), σ'' > 0 breaks concavity only where it is positive
    signs = {sp.StrictGreaterThan: {1}, sp.StrictLessThan: {-1}, sp.GreaterThan: {0, 1}, sp.LessThan: {-1, 0}}[type(strict)]
    run = steps.run
    for part in (s.value.args if isinstance(s.value, sp.Union) else (s.value,)):
        if not (isinstance(part, sp.Interval) and part.measure != 0 and part.inf.is_finite):
            continue
        mid = part.inf + 1 if part.sup.is_infinite else (part.inf + part.sup) / 2
        r = sp.Rational(mpmath.nstr(exact_mpf(mid, 35), 30))
        inside = [kernel.compare(r, b, run) for b in (interval.inf, interval.sup) if b.is_finite]
        if all(c is not None for c in inside) and (not inside or (inside[0].value > 0 and inside[-1].value < 0
                                                                   if interval.sup.is_finite else inside[0].value > 0)):
            held = kernel.sign(strict.lhs.subs(T, r) - strict.rhs.subs(T, r), run)
            if held is not None and held.value in signs:
                return Breach(r, held)
    return None
