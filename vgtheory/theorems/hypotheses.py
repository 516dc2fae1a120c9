r"""The one home of the theorems' hypotheses, each a decision procedure with a labelled verdict.

Every check returns a :class:`Check` (verdict ``holds``/``fails``/``inconclusive``, method
``symbolic``/``numeric``, a detail saying how). ``holds (symbolic)`` is a promise: each step is a
sympy computation of exactly the stated claim (continuity through
``sympy.calculus.util.continuous_domain``, sign conditions through ``solveset`` on each piece,
one-sided limits at every breakpoint between pieces). Whatever sympy cannot settle is
``numeric`` evidence (mpmath samples at stated precision, including irrational offsets) or
``inconclusive``; sampling never gives ``holds (symbolic)``.

The hypotheses (all on the half line, where the theorems put their pre-activations):

* ``check_c1(act, interval)``, ``check_c2(act, interval)``: σ (resp. σ') is continuously
  differentiable on the interval (Theorem 1 needs C¹ on (0, ∞); Theorem 2's exact rate needs
  C² near w z*);
* ``check_continuous(act, interval)``: σ is continuous there (the exact τ₀ needs σ − L/2 continuous);
* ``check_increasing``, ``check_concave``: σ' > 0 and σ concave on [0, ∞), including the
  kinks between the pieces of a piecewise σ (a convex kink, left slope < right slope, fails);
* ``check_vanishing_at_plus_infinity``: property 2 at +∞ only (Theorem 1 uses nothing at −∞);
* ``hypothesis_H``: (H) = σ(0) = 0, bounded, increasing and concave on [0, ∞).

A numeric verdict never contradicts a symbolic one of the same report: a proved lim_{t→+∞} σ ≤ 0 =
σ(0) refutes "increasing" whatever the samples on (0, 1000] say, and the numeric part then says that
it was overruled.

Continuity and smoothness are decided by :mod:`vgtheory.properties.smoothness` and property 2 at +∞ by
:func:`vgtheory.properties.four.check_vanishing_derivative` (one implementation per decision); this
module adds what the theorems need on top: monotonicity, concavity with its breakpoints, (H); the numeric evidence
for the shape is :mod:`vgtheory.theorems.shape_evidence`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
import mpmath
import sympy as sp

from vgtheory.core.claims import claim_text as text
from vgtheory.theorems._theory_util import T, interval_text, num, piece_slopes, safe, sym_step
from vgtheory.core.budget import Steps, sized
from vgtheory.core.activations import Activation, Z
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.memo import continuous_domain
from vgtheory import kernel
from vgtheory.core.point_branches import value_at
from vgtheory.kernel.limits import continuous_everywhere
from vgtheory.kernel.numbers import exp_rational_zero
from vgtheory.properties import smoothness
from vgtheory.properties.sampling import not_real
from vgtheory.theorems.checks import Check, all_symbolic, from_property, worst
from vgtheory.theorems.shape_evidence import _numeric_shape, _precision, unseen_breaks
from vgtheory.theorems.sign_sets import Breach, empty_or_breach, unsplit_breach
from vgtheory.theorems.joints import STEP as _STEP, joints as _joints, one_sided as _one_sided
from vgtheory.core.set_order import ordered_interval
from vgtheory.properties.four import (
    Method, Properties, check_properties, check_vanishing_derivative
)

__all__ = [
    "Check",
    "HALF_LINE",
    "check_c1",
    "check_c2",
    "check_continuous",
    "check_increasing",
    "check_concave",
    "check_vanishing_at_plus_infinity",
    "from_property",
    "hypothesis_H",
    "tanh_claim",
    "tanh_facts",
    "tanh_form",
    "worst",
    "all_symbolic",
]

HALF_LINE = sp.Interval.open(0, sp.oo)
# Functions continuous on all of ℝ that continuous_domain does not know: for continuity they
# behave like tanh of the same argument, so they are replaced by it before asking sympy.
_ENTIRE = (sp.erf, sp.erfc, sp.sech, sp.Abs)
_KINKS = (sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min)
_NOT_ELEMENTARY = (sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.DiracDelta, sp.Derivative, sp.Subs, sp.Integral)


# -- symbolic machinery: pieces, continuity, one-sided limits --------------------------------------


def _on_half_line(act: Activation, v: sp.Symbol = T) -> sp.Expr:
    """σ in the variable v with kinks written as Piecewise (|t| = t when v is positive)."""
    e = act.expr.subs(Z, v)
    try:  # sympy orders its conditions' constants by evalf: pi against a rational 1.5e-150 above it raised TypeError (R57a-1)
        return sp.piecewise_fold(e.rewrite(sp.Piecewise) if e.has(*_KINKS) else e)
    except (TypeError, ValueError):
        return e  # the kinks as written: the splitter below decides them, or leaves the shape to the numeric route


def _continuous_on(expr: sp.Expr, interval: sp.Interval, v: sp.Symbol = T, steps: Steps | None = None) -> kernel.Fact | None:
    """A certificate that continuous_domain shows ``expr`` (in T) real and continuous on the interval; else None."""
    if expr.has(sp.Piecewise, *_KINKS, *_NOT_ELEMENTARY):
        return None
    e = _as_tanh(expr)
    dom = kernel.accept(f"{text(expr)} is continuous on {text(interval)}", "continuous_domain",
                        lambda: (steps or Steps(_STEP)).run(lambda: continuous_domain(e, v, interval)))
    return dom if dom is not None and dom.value == interval else None


def _as_tanh(e: sp.Expr, values_free: bool = True) -> sp.Expr:
    """``e`` with erf, erfc, sech and Abs read as tanh (continuous_domain knows tanh) wherever only their
    continuity matters: not below a power that is not a non-negative integer, nor inside any other function, where
    their values decide (sech(z + 1) − 1/2 vanishes at acosh(2) − 1 and tanh(z + 1) − 1/2 nowhere on (0, ∞), R43a-1)."""
    if not e.args:
        return e
    if isinstance(e, sp.Pow):
        keep = values_free and e.exp.is_Integer and e.exp >= 0
        return sp.Pow(_as_tanh(e.base, keep), _as_tanh(e.exp, keep))
    inner = values_free and isinstance(e, (sp.Add, sp.Mul, sp.tanh, *_ENTIRE))
    args = [_as_tanh(a, inner) for a in e.args]
    return sp.tanh(args[0]) if values_free and isinstance(e, _ENTIRE) else e.func(*args)


# -- the hypotheses --------------------------------------------------------------------------------------


def check_continuous(act: Activation, interval: sp.Interval = HALF_LINE) -> Check:
    """σ continuous on ``interval`` (σ − L/2 continuous, as the exact τ₀ needs): :mod:`vgtheory.properties.smoothness`."""
    return from_property(smoothness.check_continuous(act, interval), f"sigma continuous on {interval_text(interval)}")


def check_c1(act: Activation, interval: sp.Interval = HALF_LINE) -> Check:
    """σ continuously differentiable on ``interval``: :mod:`vgtheory.properties.smoothness`."""
    return from_property(smoothness.check_c1(act, interval), f"sigma is C^1 on {interval_text(interval)}")


def check_c2(act: Activation, interval: sp.Interval) -> Check:
    """σ twice continuously differentiable on ``interval`` (a modulus of continuity of σ')."""
    return from_property(smoothness.check_c2(act, interval), f"sigma is C^2 on {interval_text(interval)}")


def _shape(act: Activation, increasing: bool, concave: bool, name: str) -> Check:
    """σ' > 0 (increasing) and/or σ concave on [0, ∞), kinks between pieces included."""
    if (why := not_real((act.value, act.slope), (mpmath.mpf(1) / 2, mpmath.mpf(1), mpmath.mpf(3)))) is not None:
        return Check(name, "fails", "numeric", f"sigma is not real-valued on (0, oo): {why}", precision=_precision(act))
    steps = Steps(sized(_STEP, act.expr) if act.is_symbolic else _STEP)
    if act.is_symbolic:
        e = _on_half_line(act)
        # The one splitter (vgtheory.properties.smoothness), in z; its points are where a condition
        # sets sigma at a single point (Heaviside(t - b) at b): then the pieces alone prove no shape.
        def pieces_in_t() -> tuple[list[tuple[sp.Expr, sp.Interval]], list] | None:
            split = steps.run(lambda: smoothness.split_pieces(e.subs(T, Z), HALF_LINE, points=True))
            if split is None or split[2] is None:
                return None
            # ordered_interval: sympy's Interval.open compared ends 10^-130 apart by evalf and made a piece empty (R55a-3)
            return [(f.subs(Z, T), ordered_interval(lo, hi, True, True)) for lo, hi, f in split[1]], split[2]

        found = kernel.accept(f"the pieces of sigma on {HALF_LINE}", "structure", pieces_in_t)
        pieces, points = (None, []) if found is None else found.value
        if pieces is not None:
            joints = _joints(pieces, T, steps) or []
            for j in joints:
                if concave and j.jump is not None and j.jump.value != 0:
                    return Check(name, "fails", "symbolic", f"sigma jumps at t = {j.at}: a concave function has no jump",
                                 witness={"t": str(j.at)}, certificate=kernel.conclude("not " + name, [found, j.jump], "a jump"))
                if increasing and j.jump is not None and j.jump.value < 0:
                    return Check(name, "fails", "symbolic", f"sigma jumps down at t = {j.at}", witness={"t": str(j.at)},
                                 certificate=kernel.conclude("not " + name, [found, j.jump], "a downward jump"))
                if increasing and j.jump is not None and j.jump.value == 0 and all(
                        d is not None and d.value == 0 for d in j.slopes):
                    return Check(name, "fails", "symbolic", f"sigma' = 0 at t = {j.at} (sigma continuous, both one-sided "
                                 "slopes 0), where sigma' > 0 is asked", witness={"t": str(j.at)},
                                 certificate=kernel.conclude("not " + name, [found, j.jump, *j.slopes], "a flat joint"))
                if concave and j.kink is not None and j.kink.value > 0:
                    return Check(name, "fails", "symbolic",
                                 f"convex kink at t = {j.at}: the slope from the right exceeds the slope from the left",
                                 witness={"t": str(j.at)},
                                 certificate=kernel.conclude("not " + name, [found, j.kink], "a convex kink"))
            # A sign of sigma' or sigma'' that the numbers refute cannot be proved, so sympy's solveset (which on such a
            # sigma usually runs out of time) is skipped; a coarse pass finds it, the full grid gives the evidence.
            if _numeric_shape(act, name, increasing, concave, stride=8).verdict == "fails":
                evidence = _numeric_shape(act, name, increasing, concave)
                if evidence.verdict == "fails":
                    return evidence
            # A value set at single points can break monotonicity or concavity whatever the pieces
            # do (the one-sided limits above still refute a jump): no proof of "holds" then.
            proofs: list[kernel.Fact | None] = [found, None if points else found]
            for f, where in pieces:
                if (slopes := piece_slopes(f)) is None:
                    if (unsplit := unsplit_breach(f, where, increasing, concave, steps)) is not None:
                        return unsplit[0].refutes(name, unsplit[1])  # sympy raised on its slopes (R59a-2)
                    proofs.append(None)
                    continue
                d1, d2, low, high = slopes
                inside = ordered_interval(where.inf, where.sup, True, True)  # sympy's interior compares the ends (R57a-1)
                proofs += [_continuous_on(g, inside, T, steps) for g in (f, d1, d2)]
                # (H) asks sigma' > 0: sigma' = 0 at a point of a piece (a constant tail) breaks it as sigma' < 0 does
                for on, bad, strict, what in ((increasing, low, sp.Le(d1, 0, evaluate=False), "sigma' <= 0"),
                                              (concave, high, high, "sigma'' > 0")):
                    empty = empty_or_breach(bad, where, steps, strict) if on else True
                    if isinstance(empty, Breach):
                        return empty.refutes(name, what)
                    if on:
                        proofs.append(empty)
            for j in joints:
                proofs += [j.jump if j.jump is not None and j.jump.value == 0 else None]
                proofs += [j.kink if j.kink is not None and (j.kink.value <= 0 or not concave) else None]
                proofs += [d if d is not None and d.value > 0 else None for d in j.slopes] if increasing else []
            end = _end_at_zero(act, e, name, steps)
            if isinstance(end, Check):
                return end
            proofs.append(end)
            if all(p is not None for p in proofs):
                how = "" if len(pieces) == 1 else (f" on each of {len(pieces)} pieces, continuous joints"
                                                   + (" with slopes that do not increase" if concave else ""))
                how += "; sigma(0) <= lim sigma(0+)"
                what = " and ".join(w for w, on in (("{t > 0: sigma' <= 0}", increasing), ("{t > 0: sigma'' > 0}", concave)) if on)
                how += "; sigma' > 0 on both sides of each joint" if increasing and joints else ""
                return Check(name, "holds", "symbolic", f"sympy solveset: {what} empty{how}; sigma, sigma', sigma'' "
                             "continuous on each piece (continuous_domain)",
                             certificate=kernel.conclude(name, proofs, "sign conditions on each piece, exact joints"))
    evidence = _numeric_shape(act, name, increasing, concave)
    if evidence.verdict == "holds" and act.is_symbolic and (found is None or found.value[1]):
        evidence = _single_points(act, name, concave, evidence, None if found is None else found.value[1])
    evidence = unseen_breaks(act, evidence, concave)
    if steps.note() and evidence.verdict != "fails":  # a proof may have been cut short by the clock
        evidence = replace(evidence, detail=f"{evidence.detail}; {steps.note()}")
    return evidence


def _end_at_zero(act: Activation, e: sp.Expr, name: str, steps: Steps) -> kernel.Fact | Check | None:
    """A proof that σ(0) ≤ lim σ(0+), which carries "increasing" or "concave" from (0, ∞) to [0, ∞) (both then hold
    at the end: σ(0) ≤ inf of σ on (0, ∞), a chord from 0 lies lower); a symbolic "fails" where σ(0) is proved
    above that limit (either shape breaks near 0); None where undecided. The pieces live on (0, ∞): a σ(0) set
    10^-200 above σ(0+) passed both shapes as proved (R23a-1)."""
    at0 = sym_step(lambda: value_at(act.expr, sp.S.Zero))
    right = _one_sided(e, sp.Integer(0), "+", T, steps)
    if at0 is None or right is None or not at0.is_number or at0.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    cmp = kernel.compare(right.value, at0, steps.run)
    if cmp is None:
        return None
    fact = kernel.Fact(cmp.value, kernel.conclude(f"lim sigma(0+) - sigma(0) = {right.value} - ({at0}): sign {cmp.value}",
                                                  [right, cmp], "proved limit and exact value compared"))
    if cmp.value >= 0:
        return fact
    return Check(name, "fails", "symbolic", f"sigma(0) = {at0} lies above lim sigma(t), t->0+ = {right.value}: sigma drops "
                 "just right of 0", witness={"t": "0"}, certificate=kernel.conclude(
                     "not " + name, [fact], "sigma(0) above its right limit breaks both shapes near 0"))


def _single_points(act: Activation, name: str, concave: bool, evidence: Check, points: list | None) -> Check:
    """A numeric holds where a condition sets σ at single points (or the pieces are unknown): the samples
    at p ± 10^-118 see a dip of σ(p) only down to 10^-22 of σ (tanh t - 10^-30 + 10^-30 sign(t - 1)² is
    10^-30 low at 1), so exact values decide. A concave function is continuous on (0, ∞): a discontinuity
    (the exact continuity check) refutes it. An increasing one may jump up: σ(p) must lie between its
    one-sided limits (exact comparisons), else the holds is refuted or, undecided, withdrawn."""
    if not concave and points is not None:
        run, undecided = kernel.Deadline(2 * _STEP).run, None
        e = _on_half_line(act)
        for p in points:
            left, right = _one_sided(e, p, "-"), _one_sided(e, p, "+")
            # σ's own value there, or None where it has none (subs gave zoo, and sympy's comparison raised, R45a-1)
            value = value_at(act.expr, p)
            if value is None:
                undecided = undecided or p
                continue
            below = None if left is None else kernel.compare(value, left.value, run)
            above = None if right is None else kernel.compare(right.value, value, run)
            for side, cmp in ((left, below), (right, above)):
                if cmp is not None and cmp.value < 0:
                    return Check(name, "fails", "symbolic", f"sigma({p}) = {value} is out of order with its one-sided limits "
                                 f"{None if left is None else left.value}, {None if right is None else right.value}",
                                 witness={"t": str(p)}, certificate=kernel.conclude(
                                     "not " + name, [side, cmp], "an increasing sigma lies between its one-sided limits"))
            undecided = undecided or (p if below is None or above is None else None)
        if undecided is None:
            return evidence
        return Check(name, "inconclusive", "numeric", f"{evidence.detail}; but sigma({undecided}), set at a single point, "
                     "was not compared with its one-sided limits", precision=evidence.precision)
    cont = smoothness.check_continuous(act, HALF_LINE)
    if cont.verdict == "holds":
        return evidence
    if concave and cont.verdict == "fails" and cont.method == "symbolic":
        return Check(name, "fails", "symbolic", f"sigma is not continuous on (0, oo), as a concave sigma is: {cont.detail}",
                     witness=dict(cont.witness), certificate=kernel.conclude(
                         "not " + name, [cont.certificate], "a concave function is continuous on an open interval"))
    return Check(name, "inconclusive", "numeric", f"{evidence.detail}; but sigma may be set at single points and its continuity "
                 f"on (0, oo) is {cont.verdict} ({cont.detail}): a value there a hair off its neighbours is not excluded",
                 precision=evidence.precision)


def check_increasing(act: Activation) -> Check:
    """σ' > 0 on (0, ∞)."""
    return _shape(act, True, False, "sigma increasing on [0, oo)")


def check_concave(act: Activation) -> Check:
    """σ concave on [0, ∞): σ'' ≤ 0 on each piece and no convex kink or jump between pieces."""
    return _shape(act, False, True, "sigma concave on [0, oo)")


def check_vanishing_at_plus_infinity(act: Activation, props: Properties | None = None) -> Check:
    """Property 2 at +∞ only: t σ'(t) → 0 as t → +∞ (all that Theorem 1 uses)."""
    name = "property 2 at +oo: t*sigma'(t) -> 0 as t -> +oo"
    p2 = props.vanishing_derivative if props is not None else None
    if p2 is not None and p2.verdict == "holds":
        return from_property(p2, name)  # the two-sided property contains the one-sided one
    return from_property(check_vanishing_derivative(act, ends=("+oo",)), name)


def tanh_form(act: Activation, L: sp.Expr | None, a0: sp.Expr | None) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
    """(A, k, C) with σ(z) = A·tanh(z/k) + C, A, k > 0, if sympy proves it (tanh, logistic, ...)."""
    if not act.is_symbolic or not act.expr.has(sp.tanh, sp.exp) or act.expr.has(sp.Piecewise, *_KINKS):
        return None  # cheap filter: only tanh or exp can make a tanh(z/k)
    if L is None:
        L = sym_step(lambda: sp.limit(act.expr, Z, sp.oo), 0.5)  # a candidate only: the identity below decides
        if L is None or not (L.is_real and L.is_finite):
            return None
    C = sym_step(lambda: act.expr.subs(Z, 0))
    slope0 = a0 if a0 is not None else sym_step(lambda: act.derivative_expr.subs(Z, 0))
    if C is None or slope0 is None or not (C.is_real and slope0.is_number and slope0.is_nonzero):
        return None
    A = L - C  # exact: no nsimplify, which would round a tiny difference to 0
    positive = kernel.sign(A, kernel.Deadline(_STEP).run)
    if positive is None or positive.value <= 0:
        return None
    k = A / slope0
    candidate = A * sp.tanh(Z / k) + C
    if sp.expand(act.expr - candidate) == 0:
        return A, k, C
    diff = act.expr - candidate
    if _clearly_nonzero(diff):
        return None
    # exp_rational_zero needs no time budget (a loaded machine must not lose logistic's tanh form). Its None (a
    # degree in e^(z/q) no exact test may build: a crash in C, which no time budget stops) refuses the candidate.
    same = exp_rational_zero(diff)
    same = same or same is not None and _small_exponents(diff) and sym_step(
        lambda: sp.simplify(diff.rewrite(sp.exp)) == 0, 0.6)
    return (A, k, C) if same else None


def _small_exponents(e: sp.Expr) -> bool:
    """Whether every exponential of e (tanh and the like rewritten) has a polynomial exponent with rational
    coefficients at most 10^4 in size. sympy's polynomial gcd in simplify killed the interpreter (SIGFPE, which
    no time budget stops) on e^(-(z - 2^40)^2) = e^(-z^2) e^(2^41 z) e^(-2^80) (red team R18b-7)."""
    # on a clock: the rewrite of a quartic in tanh(z - 15) took minutes (R56a-6); not decided is not small
    return bool(sym_step(lambda: all(
        a.args[0].is_polynomial(Z) and all(c.is_Rational and abs(c) <= 10**4 for c in sp.Poly(a.args[0], Z).coeffs())
        for a in e.rewrite(sp.exp).atoms(sp.exp)), 0.6))


def _clearly_nonzero(diff: sp.Expr) -> bool:
    """Whether diff is not identically 0, seen at one point (an arb ball, or mpmath at rising precision).
    exp_rational_zero has no time budget and cancels one rational function of e^(z/q): for a sum
    of tanh(k z)/k, k <= 20, its common denominator took minutes (R8-16). A value far from 0 at a
    point refutes the identity; only a would-be identity goes on to the exact test."""
    value = sym_step(lambda: exact_mpf(diff.subs(Z, sp.Rational(3, 7)), 30), 0.5)
    return value is not None and abs(value) > mpmath.mpf(10) ** -10


def tanh_claim(form: tuple[sp.Expr, sp.Expr, sp.Expr]) -> str:
    """'sigma = A*tanh(z/k) + C' as sympy writes the expression, with its parentheses: the bare f-string
    printed (1 + √2)·tanh(z/(1 + √3)) as 1 + sqrt(2)*tanh(z/1 + sqrt(3)), a false identity (R21a-1)."""
    A, k, C = form
    return f"sigma = {sp.sstr(A * sp.tanh(Z / k) + C)}"


def tanh_facts(act: Activation, form: tuple[sp.Expr, sp.Expr, sp.Expr], run: Any) -> list | None:
    """The kernel's facts σ = A·tanh(z/k) + C, A > 0 and k > 0 (``form`` from :func:`tanh_form`); None where one
    is not proved."""
    A, k, C = form
    # The zero test proves an identity where both sides have a value: tanh(z)(e^(2z) - 4)/((e^z - 2)(e^z + 2)) is
    # tanh z except at log 2, where it is 0/0 (R42a-1). So σ must be shown defined and continuous on all of R too.
    defined = kernel.accept("sigma continuous on R", "structure",
                            lambda: True if continuous_everywhere(act.expr) else None)
    facts = [kernel.identity(act.expr, A * sp.tanh(Z / k) + C, run, tanh_claim(form)), kernel.sign(A, run),
             kernel.sign(k, run), defined]
    return None if any(f is None for f in facts) or facts[1].value <= 0 or facts[2].value <= 0 else facts


def _tanh_certificate(act: Activation, form: tuple[sp.Expr, sp.Expr, sp.Expr]) -> kernel.Certificate | None:
    """The kernel's proof that σ = A·tanh(z/k) with A, k > 0 (then (H) holds: sech² > 0, tanh ≥ 0 on [0, ∞))."""
    run = kernel.Deadline(2 * _STEP).run
    facts, zero = tanh_facts(act, form, run), kernel.sign(form[2], run)
    if facts is None or zero is None or zero.value != 0:
        return None
    return kernel.conclude(H_NAME, [*facts, zero], "sigma = A tanh(z/k), A, k > 0: bounded by A, "
                           "sigma' = (A/k) sech^2 > 0, sigma'' = -(2A/k^2) tanh sech^2 <= 0 on [0, oo)")


def _overruled(increasing: Check, props: Properties, zero: Check) -> Check:
    """``increasing`` unless a symbolic result of the same report refutes it: a numeric verdict never
    contradicts a symbolic one; the symbolic one stands and the numeric one says it was overruled.

    σ' > 0 on (0, ∞) with σ(0) = 0 = σ(0+) forces L = lim_{t→+∞} σ(t) ≥ σ(1) > 0, so a proved
    L ≤ 0 (property 3's exact value, its sign decided by the kernel) refutes "increasing"."""
    lim = props.positive_limit
    if increasing.method != "numeric" or increasing.verdict == "fails" or not (zero.proved and lim.method == "symbolic"):
        return increasing
    L = lim.value
    if L is None or isinstance(L, sp.AccumBounds) or getattr(lim, "certificate", None) is None:
        return increasing
    sgn = kernel.sign(L, kernel.Deadline(2 * _STEP).run)
    if sgn is None or sgn.value > 0:
        return increasing
    cert = kernel.conclude("not sigma' > 0 on (0, oo)", [zero.certificate, lim.certificate, sgn],
                           "sigma(0) = 0 and sigma increasing on (0, oo) force lim sigma(+oo) > 0")
    return Check(increasing.name, "fails", "symbolic",
                 f"lim sigma(t), t->+oo = {L} <= 0 = sigma(0) (property 3, symbolic), while an increasing sigma with "
                 f"sigma(0) = 0 has a positive limit; the numeric samples said '{increasing.verdict}' "
                 f"({increasing.detail}) and are overruled by the symbolic result",
                 witness={"lim sigma(t), t->+oo": str(L)}, certificate=cert)


H_NAME = "(H) sigma(0)=0, bounded, C^1 on (0, oo), increasing and concave on [0, oo)"
H_TEX = r"(H): $\sigma(0) = 0$, $\sigma$ bounded, $C^1$ on $(0, \infty)$, increasing and concave on $[0, \infty)$"


def hypothesis_H(act: Activation, props: Properties | None = None) -> Check:
    """(H): σ(0) = 0, σ bounded, σ ∈ C¹(0, ∞), σ' > 0 and σ concave on [0, ∞) (kinks between pieces included).

    ``holds (symbolic)`` only when every part is; the detail lists the parts."""
    props = props if props is not None else check_properties(act)
    if act.is_symbolic:
        form = tanh_form(act, props.positive_limit.value, props.linear_at_origin.value)
        cert = _tanh_certificate(act, form) if form is not None and form[2] == 0 else None
        if cert is not None:
            return Check(H_NAME, "holds", "symbolic", f"{tanh_claim(form)}: bounded by {sp.sstr(form[0])}, "
                         "sigma' = (A/k)sech^2 > 0, sigma'' = -(2A/k^2) tanh sech^2 <= 0 on [0, oo)", H_TEX,
                         rf"$\sigma(z) = A\tanh(z/k)$ with $A = {sp.latex(form[0])}$, $k = {sp.latex(form[1])}$: "
                         r"$|\sigma| < A$, $\sigma'(z) = (A/k)\operatorname{sech}^2(z/k) > 0$ and "
                         r"$\sigma''(z) = -(2A/k^2)\tanh(z/k)\operatorname{sech}^2(z/k) \le 0$ on $[0, \infty)$",
                         certificate=cert)
        at0 = sym_step(lambda: value_at(act.expr, sp.S.Zero))
        run = kernel.Deadline(2 * _STEP).run
        s0 = kernel.sign(at0, run) if at0 is not None and at0.is_number and not at0.has(sp.nan, sp.zoo) else None
        # Concavity on [0, oo) also needs sigma continuous at 0 from the right.
        right = _one_sided(_on_half_line(act), sp.Integer(0), "+") if s0 is not None and s0.value == 0 else None
        s_right = None if right is None else kernel.sign(right.value, run)
        name0 = "sigma(0) = 0 = lim sigma(0+)"
        detail0 = f"sigma(0) = {at0}, lim sigma(t), t->0+ = {None if right is None else right.value}"
        if s0 is not None and s0.value == 0 and s_right is not None and s_right.value == 0:
            zero = Check(name0, "holds", "symbolic", detail0,
                         certificate=kernel.conclude(name0, [s0, right, s_right], "exact value and proved limit"))
        elif s0 is not None and s0.value != 0:
            zero = Check(name0, "fails", "symbolic", detail0, certificate=kernel.conclude("sigma(0) != 0", [s0], "proved sign"))
        elif s_right is not None and s_right.value != 0:
            zero = Check(name0, "fails", "symbolic", detail0,
                         certificate=kernel.conclude("lim sigma(0+) != 0", [right, s_right], "proved limit, proved sign"))
        else:
            zero = Check(name0, "inconclusive", "symbolic", detail0)
    else:
        v0 = safe(act.value, mpmath.mpf(0))
        tiny = mpmath.mpf(10) ** -12
        zero = Check("sigma(0) = 0 = lim sigma(0+)", "inconclusive" if v0 is None else "holds" if abs(v0) < tiny else "fails", "numeric",
                     f"sigma(0) = {num(v0)}")
    bounded = from_property(props.bounded, "sigma bounded")
    parts = [zero, bounded]
    if "fails" not in (zero.verdict, bounded.verdict):
        # C^1 on (0, oo): the product form evaluates sigma' at the positive pre-activations.
        increasing = _overruled(check_increasing(act), props, zero)
        parts += [check_c1(act), increasing, check_concave(act)]
    verdict = worst(parts)
    refuted = [p for p in parts if p.verdict == "fails" and p.method == "symbolic"]
    method: Method = "symbolic" if all_symbolic(parts) or refuted else "numeric"
    cert = (kernel.conclude("not " + H_NAME, [refuted[0].certificate], "a part of (H) is refuted") if refuted
            else kernel.conclude(H_NAME, [p.certificate for p in parts], "every part of (H) proved")
            if method == "symbolic" else None)
    # Lead with what breaks (H); the parts that hold follow in short.
    bad = [p for p in parts if p.verdict != "holds"]
    good = [p for p in parts if p.verdict == "holds"]
    detail = "; ".join([f"{p.name}: {p.verdict} ({p.method}) - {p.detail}" for p in bad]
                       + [f"{p.name}: holds ({p.method})" for p in good])
    return Check(H_NAME, verdict, method, detail, H_TEX, certificate=cert)
