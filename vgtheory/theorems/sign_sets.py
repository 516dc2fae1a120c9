"""Sign conditions of a piece of σ on an interval: proved empty by solveset, or broken at a rational point.

The shape hypotheses (increasing, concave) ask whether {t : σ'(t) ≤ 0} or {t : σ''(t) > 0} is empty on each piece
(:mod:`vgtheory.theorems.hypotheses`); where solveset says it is not, a rational point inside its answer where the
condition holds by the kernel's exact sign refutes the shape.
"""

from __future__ import annotations

import itertools
from typing import Iterator, NamedTuple

import mpmath
import sympy as sp

from vgtheory.core.claims import claim_text as text, exact_text
from vgtheory import kernel
from vgtheory.core.algebraic_points import gap_points
from vgtheory.core.budget import Deadline, Steps
from vgtheory.core.exact_eval import cheap_at
from vgtheory.core.memo import solveset
from vgtheory.core.rational_sets import rational_set
from vgtheory.core.set_order import clipped, ordered_interval, union
from vgtheory.theorems._theory_util import T
from vgtheory.theorems.checks import Check

__all__ = ["Breach", "empty_or_breach", "gap_breach", "unsplit_breach"]


class Breach(NamedTuple):
    """An exact point (rational, or one of solveset's) where a piece breaks the shape, and the kernel's exact sign there."""
    point: sp.Expr
    sign: kernel.Fact

    def says(self, what: str) -> str:
        """``what`` ("sigma' <= 0") at the point, by its exact sign; where that sign is 0, that the claim's strict sign
        (σ' > 0 at every t > 0, which (H) asks) fails there, not that σ' is negative (R59a-3)."""
        if self.sign.value == 0:
            return f"{what.replace('<=', '=')} at t = {self.text()} (exact sign), where {what.replace('<=', '>')} is asked"
        return f"{what} at t = {self.text()} (exact sign)"

    def refutes(self, name: str, what: str) -> Check:
        """"fails (symbolic)" for the shape ``name``: ``what`` at the point, by the kernel's exact sign."""
        return Check(name, "fails", "symbolic", self.says(what), witness={"t": exact_text(self.point)},
                     certificate=kernel.conclude("not " + name, [self.sign], "a derivative of the wrong sign at a point"))

    def text(self) -> str:
        """The point as written, or to 15 digits where it has hundreds (inside a 1e-600 window; the witness keeps it)."""
        if not self.point.is_Rational:  # a point of solveset's finite answer (sqrt 2, log 2)
            return str(self.point)
        small = abs(int(self.point.p)).bit_length() + int(self.point.q).bit_length() <= 1300  # ~400 digits (no str of 5000)
        return str(self.point) if small else f"{sp.Float(self.point, 15)}... (exact in the witness)"


def empty_or_breach(condition: sp.Basic, interval: sp.Interval, steps: Steps,
                    strict: sp.Basic | None = None) -> kernel.Fact | Breach | None:
    """A certificate that solveset shows {t ∈ interval : condition} = ∅; else, where ``strict`` (a relation, strict
    or not and unevaluated where its sides are constant, that breaks the shape at a single point) holds at a rational point of an interval in solveset's answer inside
    ``interval`` by the kernel's exact sign, that :class:`Breach`; else None. The point is checked on its own, whatever
    solveset's answer is worth: σ'' > 0 on a window of width 5e-5 that the samples missed was "holds" (R26a-1)."""
    if interval.measure == 0:
        return kernel.accept(f"{text(interval)} has measure 0", "structure", lambda: True)
    s = kernel.accept(f"{{t in {text(interval)}: {text(condition)}}}", "solveset",
                      lambda: steps.run(lambda: _solved(condition, ordered_interval(interval.inf, interval.sup, 1, 1))),
                      about=condition)
    if s is not None and s.value is sp.S.EmptySet:
        return s
    if not isinstance(strict, (sp.StrictGreaterThan, sp.StrictLessThan, sp.GreaterThan, sp.LessThan)):
        return None  # sp.false for a constant σ''
    for part in (s.value.args if s is not None and isinstance(s.value, sp.Union) else (s.value,) if s is not None else ()):
        # single points: sigma' = 0 at sqrt 2 breaks sigma' > 0 as a whole piece would; each is checked by the kernel,
        # whatever solveset's answer is worth (R68a-6/7: {1}, {sqrt 2}, {log 2} were dropped for the samples' "holds")
        for r in (part.args[:16] if isinstance(part, sp.FiniteSet) else ()):
            if r.is_number and r.is_real is not False and _finite(r) and (found := _breach_at(r, strict, interval,
                                                                                              steps.run)) is not None:
                return found
        if not (isinstance(part, sp.Interval) and part.measure != 0 and _finite(part.inf)):
            continue
        mid = part.inf + 1 if not _finite(part.sup) else (part.inf + part.sup) / 2
        for r in _points(mid, part, steps.run):
            if (found := _breach_at(r, strict, interval, steps.run)) is not None:
                return found
    # solveset gave up (a radical relation whose roots lie 10^-74 apart, R62a-1), or no rational point of its answer was
    # found ((erfinv(c), erfinv(c + 10^-200)): the kernel cannot enclose its midpoint at 30 digits, R65a-3)
    return gap_breach(strict, interval, steps)


#: The exact signs of lhs − rhs at which a relation holds: σ' <= 0 (an unevaluated relation) breaks σ' > 0 where σ' is
#: exactly 0 on a whole piece (a constant tail, R36a-3), σ'' > 0 breaks concavity only where it is positive.
_SIGNS = {sp.StrictGreaterThan: {1}, sp.StrictLessThan: {-1}, sp.GreaterThan: {0, 1}, sp.LessThan: {-1, 0}}


def _breach_at(r: sp.Rational, strict: sp.Basic, interval: sp.Interval, run, var: sp.Symbol = T) -> Breach | None:
    """The :class:`Breach` at r where r lies inside ``interval`` and ``strict`` holds there, by the kernel."""
    g = strict.lhs - strict.rhs
    # exp(-10^8 log(3) r^2) is 3 to a power of 4e8 written out by sympy's exact substitution (R67a-7)
    held = kernel.sign(g.subs(var, r), run) if _inside(r, interval, run) and cheap_at(g, r, var) else None
    return Breach(r, held) if held is not None and held.value in _SIGNS[type(strict)] else None


def gap_breach(strict: sp.Basic, interval: sp.Interval, steps: Steps, var: sp.Symbol = T) -> Breach | None:
    """A rational point of ``interval`` where ``strict`` (lhs ⋈ rhs in ``var``) holds by the kernel's exact sign, among
    the points :func:`~vgtheory.core.algebraic_points.gap_points` proposes between the roots of lhs − rhs; else None."""
    # three steps' time: it runs only where solveset gave up, and R62a-2's four radicands took one step's 1 s under the
    # suite's load (a "holds (numeric)" again)
    # gap_points proposes critical points where its g is least: a breach of lhs > rhs is where lhs - rhs is largest, the
    # top of a bump of sigma'' above 0 (R68a-4), so g = rhs - lhs there
    g = strict.rhs - strict.lhs if isinstance(strict, (sp.StrictGreaterThan, sp.GreaterThan)) else strict.lhs - strict.rhs
    for r in Deadline(3 * steps.seconds).run(lambda: gap_points(g, var)) or ():
        if (found := _breach_at(r, strict, interval, steps.run, var)) is not None:
            return found
    return _touching_breach(g, strict, interval, steps, var)


def _touching_breach(g: sp.Expr, strict: sp.Basic, interval: sp.Interval, steps: Steps, var: sp.Symbol) -> Breach | None:
    """A zero where g touches 0 without changing sign is a critical point of g: σ' = 1 − cos t at 2π, which no sample
    and no rational gap point sees (R68a-7). The first points of each of solveset's families of critical points (up
    to 4 families, 6 points each) are checked by the kernel, whatever solveset's answer is worth; so are the zeros of
    g's factors (up to 4), where g is a product: (1 − cos t)/(1 + u²) for atan(t − sin t), whose critical points sympy
    does not solve, and 3(L − 1)²/((1 + t)(1 + u²)) with L = log(1 + t), zero at e − 1 (R71a-3/5)."""
    x = sp.Dummy("x", real=True)
    gx = g.xreplace({var: x})
    factored = steps.run(lambda: sp.factor(gx))
    factors = [b.base if isinstance(b, sp.Pow) and b.exp.is_positive else b for b in sp.Mul.make_args(factored)
               if b.has(x)] if isinstance(factored, sp.Mul) else []
    points = []
    for equation in [sp.diff(gx, x)] + factors[:4]:
        found = steps.run(lambda: solveset(sp.Eq(equation, 0), x, sp.S.Reals))
        parts = found.args if isinstance(found, sp.Union) else (found,) if found is not None else ()
        points += steps.run(lambda: [r for p in parts[:4] if isinstance(p, (sp.FiniteSet, sp.ImageSet))
                                     for r in itertools.islice(iter(p), 6)]) or []
    return next((b for r in points if r.is_number and (b := _breach_at(r, strict, interval, steps.run, var))), None)


def unsplit_breach(f: sp.Expr, where: sp.Interval, increasing: bool, concave: bool, steps: Steps) -> tuple[Breach, str] | None:
    """For a piece f (in T) of σ on ``where`` with no switch whose slopes sympy could not form (its assumptions ran
    factorint on 600-digit coefficients and raised, R59a-2): a rational t in ``where`` at which f' ≤ 0 or f'' > 0 by the
    kernel's exact sign, and which of the two; None otherwise. The derivatives are taken in a variable without
    assumptions, where sympy asks none."""
    if f.has(sp.Piecewise, sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min):
        return None
    x = sp.Dummy("x")
    for on, order, relation, what in ((increasing, 1, sp.Le, "sigma' <= 0"), (concave, 2, sp.Gt, "sigma'' > 0")):
        d = steps.run(lambda: sp.diff(f.xreplace({T: x}), x, order)) if on else None
        found = None if d is None else gap_breach(relation(d, 0, evaluate=False), where, steps, x)
        if found is not None:
            return found, what
    return None


def _points(mid: sp.Expr, part: sp.Interval, run) -> Iterator[sp.Rational]:
    """Rational points near ``mid``: short decimals of more and more digits of it until one lies inside the part (the
    kernel's order: a part of width 2e-100 holds no 30-digit rational, R54a-1, one of 1e-600 none of 480 digits,
    R56a-5, one of 3.5e-2901 none of 1920, R60a-1), and then mid itself where it is rational (a part (1, 1 + 10^-40000)
    holds no point of 30720 digits)."""
    for digits in _DIGITS:
        # the centre of the kernel's enclosure of the midpoint (exact_mpf's clocked climb left one 1e-300 wide
        # unresolved and raised, R56a-4)
        ball = kernel.enclose(mid, int(digits * 3.33) + 32)
        if ball is None:
            break
        man, exp = ball.mid().man_exp()  # written to the digits tried: a short decimal, not the centre's bits
        with mpmath.workprec(max(53, int(man).bit_length())):  # every bit of the centre
            centre = mpmath.ldexp(mpmath.mpf(int(man)), int(exp))
        r = _decimal(centre, digits)
        yield r
        if _inside(r, part, run):
            return  # the point lies in the part: more digits would ask the same question
    if mid.is_Rational:
        yield mid


def _solved(condition: sp.Basic, within: sp.Interval) -> sp.Set | None:
    """solveset's answer, or for a relation of :func:`rational_set`'s forms its exact set clipped to ``within`` by the
    kernel's order of the ends: memo.solveset refuses a set whose ends sympy's assumptions misread (it would intersect
    it by them), and the samples then missed a window of width 5e-21 (R54a-6)."""
    exact = rational_set(condition, T)
    parts = None if exact is None or isinstance(exact, sp.ConditionSet) else clipped(exact, within)
    return solveset(condition, T, within) if parts is None else union(parts)


def _inside(r: sp.Rational, interval: sp.Interval, run) -> bool:
    """inf < r < sup by the kernel's exact order (an infinite end holds)."""
    facts = [(kernel.compare(r, end, run), want) for end, want in ((interval.inf, 1), (interval.sup, -1)) if _finite(end)]
    return all(c is not None and c.value == want for c, want in facts)


def _finite(v: sp.Expr) -> bool:
    """Not ±oo, by identity: sympy's is_finite is None for erfinv(1/2 - 10^-20) (R54a-1)."""
    return v not in (sp.oo, -sp.oo)


#: Significant digits of the rational points tried in a part of solveset's answer: parts between roots of polynomials
#: with 3000-digit coefficients may be far narrower than 10^-3000 ((sqrt 2, sqrt(2 + 10^-2900)) has an irrational
#: midpoint and width 3.5e-2901, R60a-1).
_DIGITS = (30, 120, 480, 1920, 7680, 30720)


def _decimal(x: mpmath.mpf, digits: int) -> sp.Rational:
    """x rounded to ``digits`` significant decimal digits, exactly (no text: Python reads no integer of more than 4300
    digits from a string, and 7680 are tried, R60a-1)."""
    if not x:
        return sp.Integer(0)
    with mpmath.workprec(int(digits * 3.33) + 64 + max(53, x.context.prec)):
        scale = digits - 1 - int(mpmath.floor(mpmath.log10(abs(x))))
        n = int(mpmath.nint(x * mpmath.mpf(10) ** scale))
    return sp.Rational(n, 10**scale) if scale >= 0 else sp.Integer(n * 10 ** -scale)

