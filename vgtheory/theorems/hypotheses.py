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
module adds what the theorems need on top: monotonicity, concavity with its breakpoints, (H).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
import math

import mpmath
import sympy as sp

from vgtheory.theorems._theory_util import T, interval_text, num, safe, sym_step
from vgtheory.core.budget import Steps
from vgtheory.core.activations import Activation, Z
from vgtheory.core.enclosure import exact_mpf
from vgtheory.core.memo import continuous_domain, solveset
from vgtheory import kernel
from vgtheory.kernel.numbers import exp_rational_zero
from vgtheory.properties import smoothness
from vgtheory.properties.evidence import constant_scale, convex_point
from vgtheory.properties.limits import proved_limit
from vgtheory.properties.features import feature_points, point_values, singular_approach
from vgtheory.properties.sampling import not_real
from vgtheory.theorems.checks import Check, all_symbolic, from_property, worst
from vgtheory.properties.four import (
    DEFAULT_DPS, Method, Properties, check_properties, check_vanishing_derivative
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
    "tanh_form",
    "worst",
    "all_symbolic",
]

HALF_LINE = sp.Interval.open(0, sp.oo)
_STEP = 1.0  # seconds per sympy step of a hypothesis check
# Functions continuous on all of ℝ that continuous_domain does not know: for continuity they
# behave like tanh of the same argument, so they are replaced by it before asking sympy.
_ENTIRE = (sp.erf, sp.erfc, sp.sech, sp.Abs)
_KINKS = (sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min)
_NOT_ELEMENTARY = (sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.DiracDelta, sp.Derivative, sp.Subs, sp.Integral)


# -- symbolic machinery: pieces, continuity, one-sided limits --------------------------------------


def _on_half_line(act: Activation, v: sp.Symbol = T) -> sp.Expr:
    """σ in the variable v with kinks written as Piecewise (|t| = t when v is positive)."""
    e = act.expr.subs(Z, v)
    if e.has(*_KINKS):
        e = e.rewrite(sp.Piecewise)
    return sp.piecewise_fold(e)


def _continuous_on(expr: sp.Expr, interval: sp.Interval, v: sp.Symbol = T, steps: Steps | None = None) -> kernel.Fact | None:
    """A certificate that sympy's continuous_domain shows ``expr`` (in T) real and continuous on the
    whole interval; None when it excludes a point of it or cannot say."""
    if expr.has(sp.Piecewise, *_KINKS, *_NOT_ELEMENTARY):
        return None
    e = expr.replace(lambda f: isinstance(f, _ENTIRE), lambda f: sp.tanh(f.args[0]))
    dom = kernel.accept(f"{expr} is continuous on {interval}", "continuous_domain",
                        lambda: (steps or Steps(_STEP)).run(lambda: continuous_domain(e, v, interval)))
    return dom if dom is not None and dom.value == interval else None


def _one_sided(expr: sp.Expr, at: sp.Expr, side: str, v: sp.Symbol = T, steps: Steps | None = None) -> kernel.Fact | None:
    """lim_{v → at±} expr as a proved exact real number (kernel), or None."""
    out = proved_limit(expr.subs(v, Z), (at, side), (steps or Steps(_STEP)).deadline())
    return out if out is not None and out.value.is_finite else None


def _compare(a: kernel.Fact, b: kernel.Fact, steps: Steps | None = None) -> kernel.Fact | None:
    """sign(a − b) of two proved values, decided by the kernel (exact), else None."""
    out = kernel.compare(a.value, b.value, (steps or Steps(_STEP)).run)
    return None if out is None else kernel.Fact(out.value, kernel.conclude(
        out.certificate.claim, [a, b, out], "comparison of proved one-sided limits"))


@dataclass(frozen=True)
class _Joint:
    """What happens at a breakpoint b between two pieces."""

    at: sp.Expr
    jump: kernel.Fact | None  # sign(σ(b+) − σ(b−)); None undecided
    kink: kernel.Fact | None  # sign(σ'(b+) − σ'(b−)); None undecided


def _joints(pieces: list[tuple[sp.Expr, sp.Interval]], v: sp.Symbol = T, steps: Steps | None = None) -> list[_Joint] | None:
    out = []
    for (left, li), (right, ri) in zip(pieces, pieces[1:]):
        b = li.end
        vl, vr = _one_sided(left, b, "-", v, steps), _one_sided(right, b, "+", v, steps)
        dl, dr = _one_sided(sp.diff(left, v), b, "-", v, steps), _one_sided(sp.diff(right, v), b, "+", v, steps)
        jump = None if vl is None or vr is None else _compare(vr, vl, steps)
        kink = None if dl is None or dr is None else _compare(dr, dl, steps)
        out.append(_Joint(b, jump, kink))
    return out


def _empty(condition: sp.Basic, interval: sp.Interval, steps: Steps | None = None) -> kernel.Fact | None:
    """A certificate that solveset shows {t ∈ interval : condition} = ∅ (None: not shown)."""
    if interval.measure == 0:
        return kernel.accept(f"{interval} has measure 0", "structure", lambda: True)
    s = kernel.accept(f"{{t in {interval}: {condition}}}", "solveset",
                      lambda: (steps or Steps(_STEP)).run(lambda: solveset(condition, T, interval.interior)))
    return s if s is not None and s.value is sp.S.EmptySet else None


# -- numeric evidence ------------------------------------------------------------------------------------


def _grid(lo: float, hi: float) -> list[mpmath.mpf]:
    """Sample points of [lo, hi]: a fine regular grid, the same shifted by an irrational offset,
    and a log-spaced tail when hi is large (so breakpoints at round numbers are straddled)."""
    lo_m, top = mpmath.mpf(lo), mpmath.mpf(min(hi, 10))
    n = 160
    pts = [lo_m + (top - lo_m) * k / n for k in range(n + 1)]
    off = (mpmath.sqrt(2) - 1) / 7
    pts += [p + off * (top - lo_m) / n for p in pts[:-1]]
    if hi > 10:
        pts += [mpmath.mpf(10) ** (1 + mpmath.mpf(k) / 16) * (1 + off / 10) for k in range(0, 16 * 3 + 1)]
    return sorted(p for p in pts if lo_m <= p <= hi)


def _probe_points(act: Activation) -> list[mpmath.mpf]:
    """Points the grid cannot see but a formula can hide a defect at: 2^-k down to 2^-64 (a
    curvature of the wrong sign on [0, 0.004), below the grid's first point, as in
    tanh t + t² e^{-t²}/100), and the feature points of σ's inner arguments with neighbours at
    2^-j, j ≤ 22 (a bump e^{-10^6 (t-π)²} narrower than the grid step, or one beyond 1000, where
    the grid ends). More points can only find a failure the grid missed. A formula with an
    extreme constant 10^±D (D > 10) is probed 4 octaves apart down to 2^-(64 + D log2 10):
    atan t + (atan(t - 100) + atan 100)/10^80 is convex on (0, 2·10^-86) only."""
    scale = constant_scale(act.expr) if act.is_symbolic else 0
    deep = 64 + (math.ceil(scale * math.log2(10)) if scale > 10 else 0)
    pts = [mpmath.ldexp(1, -k) for k in list(range(4, 65, 2)) + list(range(68, deep + 1, 4))]
    for f in feature_points(act.expr if act.is_symbolic else None, 0):
        pts += [f] + [f + s * mpmath.ldexp(1, -j) for j in range(0, 23, 2) for s in (-1, 1)]
    return [p for p in pts if p > 0]


def _precision(act: Activation) -> str:
    return "float64 (a callable)" if act.precision == "float64" else f"mpmath, {mpmath.mp.dps} digits"


def _numeric_shape(act: Activation, name: str, increasing: bool, concave: bool, stride: int = 1) -> Check:
    """Grid evidence for σ' > 0 and/or σ' nonincreasing on (0, 1e3] (every ``stride``-th grid point)."""
    with mpmath.workdps(max(mpmath.mp.dps, DEFAULT_DPS)):
        return _numeric_shape_at(act, name, increasing, concave, stride)


def _numeric_shape_at(act: Activation, name: str, increasing: bool, concave: bool, stride: int) -> Check:
    # The grid, the probe points (the origin, feature points of inner arguments) and p ± 10^-j
    # around cusps and kinks (zeros of radicands, of abs/sign arguments): their bend may be as
    # narrow as its amplitude is small.
    # The singular points themselves too, with σ from the exact root: σ may take a value of its own
    # there (1 - sign(e^t - 3)² is 1 at log 3 only, R11a-5), which the secants to p ± 10^-j show.
    exact = point_values(act.expr if act.is_symbolic else None, 0, 1000)
    ts = sorted(set(_grid(0, 1000)[1::stride] + singular_approach(act.expr, 0, 1000))
                | set(_probe_points(act) if stride == 1 else []) | set(exact))
    slopes = [(t, None if t in exact else safe(act.slope, t)) for t in ts]
    values = [exact[t] if t in exact else safe(act.value, t) for t in ts]
    # The guarded evaluation gives σ, σ' to about dps digits; differences 10^8 times the rounding
    # are real (half the digits, as before, hid the t²/(1+t²)/10^10 bump: σ' rises by 1e-20 there).
    tiny = mpmath.mpf(10) ** (8 - mpmath.mp.dps) if act.precision != "float64" else mpmath.mpf(1e-9)
    prec = _precision(act)
    for t, d in slopes:
        if d is None and t in exact:
            continue
        if d is None:
            return Check(name, "inconclusive", "numeric", f"sigma' is not finite at t = {num(t)}", precision=prec)
        if increasing and d <= 0:
            # sigma' = 1 - tanh^2 rounds to 0 far out though it is positive: look again with many
            # more digits, and refute only a slope that is negative beyond any doubt.
            # e^{-2t}-sized slopes (sech^2 t) need about t digits.
            digits = min(3 * mpmath.mp.dps + int(abs(t)) + 60, 3000)
            with mpmath.workdps(digits):
                fine = safe(act.slope, t)
            if fine is not None and fine > 0:
                continue
            if fine is None or fine == 0:  # a negative value survives the guarded re-evaluation
                return Check(name, "inconclusive", "numeric",
                             f"sigma'({num(t)}) is 0 to {digits} digits: positivity undecided",
                             witness={"t": num(t)}, precision=prec)
            return Check(name, "fails", "numeric", f"sigma'({num(t)}) = {num(fine)} < 0",
                         witness={"t": num(t), "sigma'(t)": num(fine)}, precision=prec)
    # sigma' at sample points misses a jump of sigma between them (Heaviside(t - 1/3) has sigma' = 0
    # almost everywhere): the values must rise (increasing), and each secant slope must lie below
    # the slope at its left end (concave: the tangent at t0 lies above the graph).
    for (t0, d0), (t1, _), v0, v1 in zip(slopes, slopes[1:], values, values[1:]):
        if v0 is None or v1 is None:
            continue
        secant, slack = (v1 - v0) / (t1 - t0), tiny * (1 + abs(v0) + abs(v1)) / (t1 - t0)
        if increasing and secant < -slack:
            return Check(name, "fails", "numeric", f"sigma falls from {num(v0)} at t = {num(t0)} to {num(v1)} at t = {num(t1)}",
                         witness={"t0": num(t0), "t1": num(t1)}, precision=prec)
        if concave and d0 is not None and secant > d0 + slack + tiny * (1 + abs(d0)):
            return Check(name, "fails", "numeric",
                         f"the secant slope {num(secant)} on [{num(t0)}, {num(t1)}] exceeds sigma'({num(t0)}) = {num(d0)}: not concave",
                         witness={"t0": num(t0), "t1": num(t1)}, precision=prec)
    if concave:
        known = [(t, d) for t, d in slopes if d is not None]
        for (t0, d0), (t1, d1) in zip(known, known[1:]):
            if d1 > d0 + tiny * (1 + abs(d0)):
                return Check(name, "fails", "numeric",
                             f"sigma' grows from {num(d0)} at t = {num(t0)} to {num(d1)} at t = {num(t1)}: not concave",
                             witness={"t0": num(t0), "t1": num(t1), "sigma'(t0)": num(d0), "sigma'(t1)": num(d1)},
                             precision=prec)
        # The tangent at t1 above the graph too: only it sees a downward jump at a breakpoint, whose
        # slopes on both sides agree (tanh t - 10^-20 Heaviside(t - sqrt 2/3)).
        for (t0, _), (t1, d1), v0, v1 in zip(slopes, slopes[1:], values, values[1:]):
            if None not in (d1, v0, v1) and (v1 - v0) / (t1 - t0) < d1 - tiny * ((1 + abs(v0) + abs(v1)) / (t1 - t0) + 1 + abs(d1)):
                return Check(name, "fails", "numeric", f"the secant slope on [{num(t0)}, {num(t1)}] is below sigma'({num(t1)}) "
                             f"= {num(d1)}: sigma lies above its tangent at t1, not concave",
                             witness={"t0": num(t0), "t1": num(t1)}, precision=prec)
    convex = convex_point(act, ts) if concave else None
    if convex is not None:  # sigma'' > 0, confirmed relative to itself: a bend below sigma''s 30 digits
        return Check(name, "fails", "numeric", f"sigma''({num(convex[0])}) = {num(convex[1])} > 0: not concave",
                     witness={"t": num(convex[0]), "sigma''(t)": num(convex[1])}, precision=prec)
    what = " and ".join(w for w, on in (("positive", increasing), ("nonincreasing", concave)) if on)
    return Check(name, "holds", "numeric", f"sigma' {what} at {len(ts)} sample points of (0, 1000] and at the "
                 f"features of sigma's inner arguments (evidence, not proof)",
                 precision=prec)


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
    steps = Steps(_STEP)
    if act.is_symbolic:
        e = _on_half_line(act)
        # The one splitter (vgtheory.properties.smoothness), in z; its points are where a condition
        # sets sigma at a single point (Heaviside(t - b) at b): then the pieces alone prove no shape.
        def pieces_in_t() -> tuple[list[tuple[sp.Expr, sp.Interval]], list] | None:
            split = steps.run(lambda: smoothness.split_pieces(e.subs(T, Z), HALF_LINE, points=True))
            if split is None or split[2] is None:
                return None
            return [(f.subs(Z, T), sp.Interval.open(lo, hi)) for lo, hi, f in split[1]], split[2]

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
                if concave and j.kink is not None and j.kink.value > 0:
                    return Check(name, "fails", "symbolic",
                                 f"convex kink at t = {j.at}: the slope from the right exceeds the slope from the left",
                                 witness={"t": str(j.at)},
                                 certificate=kernel.conclude("not " + name, [found, j.kink], "a convex kink"))
            # A sign of sigma' or sigma'' that the numbers refute cannot be proved, so sympy's solveset
            # (which on such a sigma usually runs out of time) is skipped; a coarse pass finds it cheaply,
            # the full grid gives the same evidence as when solveset had failed.
            if _numeric_shape(act, name, increasing, concave, stride=8).verdict == "fails":
                evidence = _numeric_shape(act, name, increasing, concave)
                if evidence.verdict == "fails":
                    return evidence
            # A value set at single points can break monotonicity or concavity whatever the pieces
            # do (the one-sided limits above still refute a jump): no proof of "holds" then.
            proofs: list[kernel.Fact | None] = [found, None if points else found]
            for f, where in pieces:
                d1, d2 = sp.diff(f, T), sp.diff(f, T, 2)
                inside = where.interior
                proofs += [_continuous_on(g, inside, T, steps) for g in (f, d1, d2)]
                if increasing:
                    proofs.append(_empty(d1 <= 0, where, steps))
                if concave:
                    proofs.append(_empty(d2 > 0, where, steps))
            for j in joints:
                proofs += [j.jump if j.jump is not None and j.jump.value == 0 else None]
                proofs += [j.kink if j.kink is not None and (j.kink.value <= 0 or not concave) else None]
            if all(p is not None for p in proofs):
                how = "" if len(pieces) == 1 else f" on each of {len(pieces)} pieces, continuous joints with slopes that do not increase"
                what = " and ".join(w for w, on in (("{t > 0: sigma' <= 0}", increasing), ("{t > 0: sigma'' > 0}", concave)) if on)
                return Check(name, "holds", "symbolic", f"sympy solveset: {what} empty{how}; sigma'' continuous (continuous_domain)",
                             certificate=kernel.conclude(name, proofs, "sign conditions on each piece, exact joints"))
    evidence = _numeric_shape(act, name, increasing, concave)
    if steps.note() and evidence.verdict == "holds":  # a proof may have been cut short by the clock
        evidence = replace(evidence, detail=f"{evidence.detail}; {steps.note()}")
    return evidence


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
    same = same or same is not None and sym_step(lambda: sp.simplify(diff.rewrite(sp.exp)) == 0, 0.6)
    return (A, k, C) if same else None


def _clearly_nonzero(diff: sp.Expr) -> bool:
    """Whether diff is not identically 0, seen at one point (an arb ball, or mpmath at rising precision).
    exp_rational_zero has no time budget and cancels one rational function of e^(z/q): for a sum
    of tanh(k z)/k, k <= 20, its common denominator took minutes (R8-16). A value far from 0 at a
    point refutes the identity; only a would-be identity goes on to the exact test."""
    value = sym_step(lambda: exact_mpf(diff.subs(Z, sp.Rational(3, 7)), 30), 0.5)
    return value is not None and abs(value) > mpmath.mpf(10) ** -10


def _tanh_certificate(act: Activation, form: tuple[sp.Expr, sp.Expr, sp.Expr]) -> kernel.Certificate | None:
    """The kernel's proof that σ = A·tanh(z/k) with A, k > 0 (then (H) holds: sech² > 0, tanh ≥ 0 on [0, ∞))."""
    A, k, C = form
    run = kernel.Deadline(2 * _STEP).run
    same = kernel.identity(act.expr, A * sp.tanh(Z / k) + C, run, f"sigma = {A}*tanh(z/{k}) + {C}")
    signs = [kernel.sign(A, run), kernel.sign(k, run), kernel.sign(C, run)]
    if same is None or any(s is None for s in signs) or signs[0].value <= 0 or signs[1].value <= 0 or signs[2].value != 0:
        return None
    return kernel.conclude(H_NAME, [same, *signs], "sigma = A tanh(z/k), A, k > 0: bounded by A, "
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
            return Check(H_NAME, "holds", "symbolic", f"sigma = {form[0]}*tanh(z/{form[1]}): bounded by {form[0]}, "
                         "sigma' = (A/k)sech^2 > 0, sigma'' = -(2A/k^2) tanh sech^2 <= 0 on [0, oo)", H_TEX,
                         rf"$\sigma(z) = A\tanh(z/k)$ with $A = {sp.latex(form[0])}$, $k = {sp.latex(form[1])}$: "
                         r"$|\sigma| < A$, $\sigma'(z) = (A/k)\operatorname{sech}^2(z/k) > 0$ and "
                         r"$\sigma''(z) = -(2A/k^2)\tanh(z/k)\operatorname{sech}^2(z/k) \le 0$ on $[0, \infty)$",
                         certificate=cert)
        at0 = sym_step(lambda: act.expr.subs(Z, 0))
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
