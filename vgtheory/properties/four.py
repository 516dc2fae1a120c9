r"""The four properties of a sigmoid-type activation σ: ℝ → ℝ.

1. *Boundedness*: :math:`\sup_z |\sigma(z)| < \infty`.
2. *Rapidly vanishing derivative*: :math:`z\,\sigma'(z) \to 0` as :math:`|z| \to \infty`.
3. *Strictly positive limit*: :math:`L = \lim_{z\to+\infty} \sigma(z)` exists, is finite and :math:`> 0`.
4. *Linearity at the origin*: :math:`\sigma(z)/z \to a` as :math:`z \to 0` for some :math:`a > 0`.

Each check returns a :class:`PropertyResult` with a verdict (``holds``, ``fails`` or
``inconclusive``), the method that reached it and a witness. ``symbolic`` verdicts are decided
by the trusted kernel (:mod:`vgtheory.kernel`) and carry its certificate: limits by Gruntz's
algorithm inside the trusted class (:mod:`vgtheory.properties.limits`), signs and equalities of exact
numbers by sympy's zero test and arb enclosures, and exact ranges. ``numeric`` verdicts come from mpmath evaluations at a stated precision
(:mod:`vgtheory.properties.numeric_properties`) and are evidence, not proof. Every sympy step runs under a
time bound; when sympy cannot decide in time the check falls back to numeric evidence. A time
bound never decides: load can turn a would-be ``symbolic`` verdict into ``numeric`` or
``inconclusive``, never into another verdict (the rule: :mod:`vgtheory.kernel`).

>>> props = check_properties("tanh")
>>> [r.verdict for r in props]
['holds', 'holds', 'holds', 'holds']
>>> props.linear_at_origin.value
1
>>> check_properties("sigmoid").linear_at_origin.witness["sigma(0)"]
'1/2'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator, Sequence

import mpmath
import sympy as sp

from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.activations import Activation, BeyondRangeError, Z, activation
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.decimals import directed_string
from vgtheory.core.formula_eval import UndeterminedError
from vgtheory.errors import ActivationError
from vgtheory.properties.evidence import (
    inner_factors, num, numeric_sup, precision_label, singular_zero, tail_points, working_dps,
)
from vgtheory import kernel
from vgtheory.core.point_branches import value_at
from vgtheory.core.budget import TIMEOUT_NOTE, CallsOutOfTime
from vgtheory.core.memo import continuous_domain
from vgtheory.properties.limits import Deadline, proved_limit, symbolic_limit
from vgtheory.properties.numeric_linear import linear_numeric
from vgtheory.properties.singular import finite_at_guess, located_pole, undefined_at_zero
from vgtheory.properties.ranges import monotone_range as _monotone_range, smooth_range
from vgtheory.core.serial import serialized
from vgtheory.properties.numeric_properties import (
    bounded_numeric, positive_limit_numeric, vanishing_numeric
)
from vgtheory.properties.verdicts import (
    DEFAULT_DPS, DEFAULT_TIMEOUT, STATEMENTS, Method, PropertyResult, Verdict, show
)

__all__ = [
    "PROPERTY_NAMES",
    "PropertyResult",
    "Properties",
    "check_properties",
    "check_bounded",
    "check_vanishing_derivative",
    "check_positive_limit",
    "check_linear_at_origin",
    "check_real_valued",
    "symbolic_limit",
    "DEFAULT_DPS",
    "DEFAULT_TIMEOUT",
    "STATEMENTS",
    "Method",
    "Verdict",
]

PROPERTY_NAMES = ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin")

@dataclass(frozen=True)
class Properties:
    """The four property results of one activation."""

    activation: str
    bounded: PropertyResult
    vanishing_derivative: PropertyResult
    positive_limit: PropertyResult
    linear_at_origin: PropertyResult

    def __iter__(self) -> Iterator[PropertyResult]:
        return iter((self.bounded, self.vanishing_derivative, self.positive_limit, self.linear_at_origin))

    @property
    def sigmoid_type(self) -> bool | None:
        """True if all four hold, False if any fails, None if undecided."""
        verdicts = [r.verdict for r in self]
        if "fails" in verdicts:
            return False
        if all(v == "holds" for v in verdicts):
            return True
        return None

    def to_dict(self) -> dict[str, Any]:
        return {r.name: r.to_dict() for r in self}


# -- public checks -----------------------------------------------------------------------------


@serialized
def check_properties(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> Properties:
    """Check the four properties of ``act``; ``timeout`` bounds the sympy time of each property."""
    sigma = activation(act)
    checks = (check_bounded, check_vanishing_derivative, check_positive_limit, check_linear_at_origin)
    return Properties(sigma.name, *(in_time(name, lambda c=c: c(sigma, timeout=timeout, dps=dps),
                                            lambda: precision_label(sigma, dps))
                                    for name, c in zip(PROPERTY_NAMES, checks)))


def in_time(name: str, check: Callable[[], PropertyResult], label: Callable[[], str]) -> PropertyResult:
    """check(), or ``inconclusive`` saying why when a callable's numeric checks ran out of their time bound
    (:func:`vgtheory.core.budget.call_clock`): the evidence gathered so far decides nothing."""
    try:
        return check()
    except CallsOutOfTime as exc:
        return PropertyResult(name, "inconclusive", "numeric", {"stopped": str(exc)}, None, f"not decided: {exc}",
                              label())


@serialized
def check_bounded(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Property 1: sup|σ| < ∞.

    Symbolically: the exact range of σ when sympy finds it; otherwise an infinite limit at ±∞
    disproves boundedness, and finite (or finitely bounded oscillating) limits at ±∞ together
    with local boundedness on ℝ prove it.
    """
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = Deadline(timeout)
        result = _bounded_symbolic(sigma, deadline)
        if result is not None:
            return result
        if deadline.timed_out:
            return _timed_out(bounded_numeric(sigma, dps, timeout))
    return bounded_numeric(sigma, dps, timeout)



@serialized
def check_vanishing_derivative(
    act: Any, *, ends: Sequence[str] = ("+oo", "-oo"), timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS,
) -> PropertyResult:
    """Property 2: z σ'(z) → 0 as z → +∞ and as z → −∞ (or only at the given ``ends``).

    Symbolically, σ is first reduced to its branch near each end; the limit of z times that
    branch's derivative is a proof only inside the trusted class (:mod:`vgtheory.properties.limits`).
    """
    sigma = activation(act)
    ends = tuple(ends)
    if not ends or any(e not in ("+oo", "-oo") for e in ends):
        raise ActivationError(f"ends must be a non-empty subset of ('+oo', '-oo'), got {ends!r}")
    claim = None if set(ends) == {"+oo", "-oo"} else f"z*sigma'(z) -> 0 as z -> {ends[0]}"
    if sigma.is_symbolic:
        deadline = Deadline(timeout)
        facts: dict[str, kernel.Fact | None] = {}
        signs: dict[str, kernel.Fact | None] = {}
        for end in ends:  # in order: a nonzero limit at the first end settles it without the other's
            f = facts[end] = _tail_slope_limit(sigma, end, deadline)
            v = signs[end] = None if f is None else kernel.compare(f.value, 0, deadline.run)
            witness = {f"lim z*sigma'(z), z->{e}": show(None if g is None else g.value) for e, g in facts.items()}
            if v is not None and v.value != 0:
                cert = kernel.conclude(f"z*sigma'(z) does not tend to 0 as z -> {end}", [f, v],
                                       "a proved limit different from 0")
                return PropertyResult(
                    "vanishing_derivative", "fails", "symbolic", witness, None,
                    f"z*sigma'(z) tends to {show(f.value)} as z -> {end}, not to 0", claim=claim,
                    certificate=cert,
                )
        if all(v is not None and v.value == 0 for v in signs.values()):
            cert = kernel.conclude(claim or STATEMENTS["vanishing_derivative"], [*facts.values(), *signs.values()],
                                   "proved limits of z*sigma'(z), each equal to 0")
            return PropertyResult("vanishing_derivative", "holds", "symbolic", witness, sp.Integer(0), claim=claim,
                                  certificate=cert)
        if deadline.timed_out:
            return _timed_out(vanishing_numeric(sigma, dps, ends, claim))
    return vanishing_numeric(sigma, dps, ends, claim)


def _timed_out(result: PropertyResult) -> PropertyResult:
    """``result`` (the evidence a time-out left us with) saying that the clock, not the mathematics,
    stopped the proof: the label depends on the machine's load (rule: :mod:`vgtheory.kernel`)."""
    return replace(result, detail=f"{result.detail}; {TIMEOUT_NOTE}".lstrip("; "))


def _tail_slope_limit(sigma: Activation, end: str, deadline: Deadline) -> kernel.Fact | None:
    """lim z σ'(z) at ``end``, from the branch of σ that holds near the end (None: not proved)."""
    branch = deadline.run(lambda: kernel.eventual_branch(sigma.expr, end))
    if branch is None:
        return None
    h = deadline.run(lambda: Z * sp.diff(branch, Z))
    if h is None:
        return None
    fact = proved_limit(h, end, deadline)
    if fact is None or branch == sigma.expr:
        return fact
    return kernel.Fact(fact.value, kernel.conclude(f"lim z*sigma'(z), z->{end} = {fact.value}", [fact],
                                                   f"sigma = {branch} near {end} (Piecewise structure)"))


@serialized
def check_positive_limit(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Property 3: L = lim_{z→+∞} σ(z) exists, is finite and positive."""
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = Deadline(timeout)
        fact = proved_limit(sigma.expr, "+oo", deadline)
        if fact is not None:
            limit = fact.value
            witness = {"lim sigma(z), z->+oo": show(limit)}
            sign = kernel.compare(limit, 0, deadline.run)
            if limit.is_infinite:
                return PropertyResult("positive_limit", "fails", "symbolic", witness, limit, "the limit is infinite",
                                      certificate=kernel.conclude("lim sigma is infinite", [fact], "proved limit"))
            if sign is not None and sign.value > 0:
                return PropertyResult("positive_limit", "holds", "symbolic", witness, limit,
                                      certificate=kernel.conclude(STATEMENTS["positive_limit"], [fact, sign],
                                                                  "proved finite limit with proved sign"))
            if sign is not None:
                return PropertyResult("positive_limit", "fails", "symbolic", witness, limit, "the limit is not positive",
                                      certificate=kernel.conclude("lim sigma <= 0", [fact, sign],
                                                                  "proved limit with proved sign"))
        if deadline.timed_out:
            return _timed_out(positive_limit_numeric(sigma, dps))
    return positive_limit_numeric(sigma, dps)


@serialized
def check_linear_at_origin(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Property 4: σ(z)/z → a > 0 as z → 0 (from both sides; then σ(0) = 0 and σ'(0) = a)."""
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = Deadline(timeout)
        value_at_zero = deadline.run(lambda: value_at(sigma.expr, sp.S.Zero))
        zero_sign = (kernel.sign(value_at_zero, deadline.run) if value_at_zero is not None and value_at_zero.is_number
                     and not value_at_zero.has(sp.nan, sp.zoo) else None)
        if zero_sign is not None and zero_sign.value != 0:
            # sigma(0) != 0 breaks linearity whatever the limits at 0 are (a jump at 0 included).
            return PropertyResult(
                "linear_at_origin", "fails", "symbolic", {"sigma(0)": show(value_at_zero)}, None,
                f"sigma(0) = {show(value_at_zero)} != 0",
                certificate=kernel.conclude("sigma(0) != 0", [zero_sign], "proved sign of sigma(0)"),
            )
        at_right = proved_limit(sigma.expr, "0+", deadline)
        at_left = proved_limit(sigma.expr, "0-", deadline)
        witness: dict[str, str] = {}
        if at_right is not None and at_left is not None:
            same = kernel.compare(at_right.value, at_left.value, deadline.run)
            off = kernel.compare(at_right.value, 0, deadline.run)
            if same is not None and same.value == 0 and off is not None and off.value != 0:
                # sigma(z)/z blows up: the one-sided limit of sigma at 0 is the witness (sigma(0) itself
                # may be 0 or undefined).
                witness["lim sigma(z), z->0"] = show(at_right.value)
                return PropertyResult(
                    "linear_at_origin", "fails", "symbolic", witness, None,
                    f"sigma(z) -> {show(at_right.value)} != 0 as z -> 0, so sigma(z)/z is unbounded near 0",
                    certificate=kernel.conclude("lim sigma(z), z->0 != 0", [at_right, at_left, same, off],
                                                "proved equal one-sided limits, proved nonzero"),
                )
        # the kernel's limits are ±oo or real numbers it encloses: sympy's is_finite is None for Si(2) (R71a-7)
        right = proved_limit(sigma.expr / Z, "0+", deadline)
        left = proved_limit(sigma.expr / Z, "0-", deadline)
        witness.update({"lim sigma(z)/z, z->0+": show(None if right is None else right.value),
                        "lim sigma(z)/z, z->0-": show(None if left is None else left.value)})
        if right is not None and left is not None:
            same = kernel.compare(right.value, left.value, deadline.run)
            positive = kernel.compare(right.value, 0, deadline.run)
            if (same is not None and same.value == 0 and right.value not in (sp.oo, -sp.oo) and positive is not None
                    and positive.value > 0 and zero_sign is not None and zero_sign.value == 0):
                slope, equal = _simpler_form(right.value, deadline)
                if equal is not None:
                    witness.update({k: show(slope) for k in witness})
                return PropertyResult("linear_at_origin", "holds", "symbolic", witness, slope,
                                      certificate=kernel.conclude(STATEMENTS["linear_at_origin"],
                                                                  [zero_sign, right, left, same, positive]
                                                                  + ([equal] if equal is not None else []),
                                                                  "equal proved one-sided limits of sigma(z)/z, proved positive"))
            if same is not None and same.value != 0:
                return PropertyResult(
                    "linear_at_origin", "fails", "symbolic", witness, None,
                    "the one-sided slopes at 0 differ: sigma is not linear at the origin",
                    certificate=kernel.conclude("lim sigma(z)/z at 0+ != at 0-", [right, left, same],
                                                "proved one-sided limits, proved different"),
                )
            if same is not None and (right.value.is_infinite or (positive is not None and positive.value <= 0)):
                # a finite slope a <= 0 with sigma(0) = 0 proved is the value: s*sigma(u/s) -> a*u all the same (R46a-1)
                linear = right.value not in (sp.oo, -sp.oo) and zero_sign is not None and zero_sign.value == 0
                return PropertyResult(
                    "linear_at_origin", "fails", "symbolic", witness, right.value if linear else None,
                    f"sigma(z)/z -> {show(right.value)}, which is not a positive number",
                    certificate=kernel.conclude(
                        f"sigma(0) = 0 and lim sigma(z)/z at 0 = {right.value}, not a positive number" if linear else
                        "lim sigma(z)/z at 0 is not a positive number",
                        [right, left, same] + ([positive] if positive is not None else []) + ([zero_sign] if linear else []),
                        "proved limit, proved sign"),
                )
        proved_zero = zero_sign is not None and zero_sign.value == 0
        if deadline.timed_out:
            return _timed_out(linear_numeric(sigma, dps, proved_zero))
        return linear_numeric(sigma, dps, proved_zero)
    return linear_numeric(sigma, dps)


def _simpler_form(value: sp.Expr, deadline: Deadline) -> tuple[sp.Expr, kernel.Fact | None]:
    """``value`` in a simpler closed form (mish's slope tanh(log 2) is 3/5) with the kernel's proof of
    equality, or ``value`` itself and None. The rewrites only propose; the kernel's exact comparison
    (zero test of the difference) decides, so a rounded or guessed form is never accepted."""
    if not value.has(sp.Function) or value.has(Z):
        return value, None
    for propose in (lambda: sp.simplify(value.rewrite(sp.exp)), lambda: sp.nsimplify(value, rational=False)):
        form = deadline.run(propose)
        if form is None or not form.is_number or form.has(sp.Float) or sp.count_ops(form) >= sp.count_ops(value):
            continue
        equal = kernel.compare(form, value, deadline.run)
        if equal is not None and equal.value == 0:
            return form, equal
    return value, None


#: Seconds for sigma's value at one point of the real-valued check.
_POINT_SECONDS = 5.0


@serialized
def check_real_valued(act: Any, *, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Whether σ is defined and real on ℝ, the standing assumption of the four properties.

    A formula such as tanh(sqrt(z)) or 1/z is not; sympy would silently restrict its ranges and limits to where it is
    real. Checked numerically on a grid of [-10, 10] and at ±2^k, and at the singular points of a formula (zeros of
    inner factors where |σ| grows without bound)."""
    sigma = activation(act)
    label = precision_label(sigma, dps)
    grid = [mpmath.mpf(k) / 8 for k in range(-80, 81)] + tail_points(1, sigma) + tail_points(-1, sigma)
    with mpmath.workdps(dps):
        for t in grid:
            try:
                # on a clock: mpmath's zeta, besselk, ... have no arb ball and ran for minutes at the precision guard's
                # top bits (zeta(1 + (z^2 - 1/5)^2) in a check with timeout=20, R53a-5)
                value = bounded(lambda: sigma.value(t), _POINT_SECONDS)
            except StepTimeout:
                return PropertyResult("real_valued", "inconclusive", "numeric", {"z": num(t)}, None,
                                      f"sigma at z = {num(t)} was not evaluated within {_POINT_SECONDS:g} s", label)
            except BeyondRangeError as exc:
                return PropertyResult("real_valued", "inconclusive", "numeric", {"z": num(t)}, None,
                                      f"sigma at z = {num(t)} was not evaluated: {exc}", label)
            except UndeterminedError:
                continue  # evaluated, finite and real, but its digits unconfirmed: real, value unknown
            except ActivationError as exc:
                if abs(t) > 10 and "not a real number" not in str(exc):
                    # Far out, 1 + tanh(z) cancels to 0 at any precision one can afford: a failed
                    # evaluation there is a loss of digits as often as a point where sigma is undefined.
                    return PropertyResult(
                        "real_valued", "inconclusive", "numeric", {"z": num(t)}, None,
                        f"{exc}; far out this may be a loss of precision rather than a point where sigma is undefined",
                        label,
                    )
                return PropertyResult(
                    "real_valued", "fails", "numeric", {"z": num(t)}, None, str(exc), label,
                )
            if not mpmath.isfinite(value):
                # A callable's inf is its value (infinite_value); a formula's is a loss of range far out.
                far = abs(t) > 10 and not (mpmath.isinf(value) and not sigma.is_symbolic)
                return PropertyResult(
                    "real_valued", "inconclusive" if far else "fails", "numeric", {"z": num(t), "sigma(z)": str(value)},
                    None, "sigma is not finite there" + (" (far out, possibly a loss of precision)" if far else ""), label,
                )
        # A pole between the grid points (tan(3 atan(z)/2) at ±√3): an elementary formula is
        # continuous where defined, so growing without bound near z0 it is undefined at z0; a
        # Piecewise (or sign, Heaviside) may still set a value there.
        with mpmath.workdps(working_dps(sigma, dps)):  # deep enough for a pole 10^-50 times sigma
            found = singular_zero(sigma.value, inner_factors(sigma.expr), grid[:161]) or located_pole(
                sigma.value, sigma.expr, 4) if sigma.is_symbolic else None
        if found is None and sigma.is_symbolic and (exact := undefined_at_zero(sigma.expr)) is not None:
            pieces = sigma.expr.has(sp.Piecewise, sp.Heaviside, sp.sign)
            return PropertyResult(
                "real_valued", "inconclusive" if pieces else "fails", "numeric", {"z": str(exact[0]), "sigma(z)": str(exact[1])},
                None, f"sigma at z = {exact[0]}, a zero of an inner factor, is {exact[1]} in exact arithmetic: "
                + ("whether a piece sets a value there is not decided" if pieces else "sigma is undefined there"), label)
        # a finite spike peaks at its exact point; growth past |sigma| there is a pole beside it (10^-40 from 0, R18a-2)
        if found is not None and (finite := finite_at_guess(sigma.expr, found[0], working_dps(sigma, dps))) is not None \
                and abs(exact_mpf(finite[1], 15)) >= found[1]:
            return PropertyResult(
                "real_valued", "inconclusive", "numeric", {"z": str(finite[0]), "|sigma| near z": num(found[1])}, None,
                f"|sigma| grows to {num(found[1])} within the probes of z = {finite[0]}, yet sigma there is finite in exact "
                f"arithmetic ({num(exact_mpf(finite[1], 15))}): a spike narrower than the probes, or a pole beside it; "
                "not decided", label)
        if found is not None:
            pieces = sigma.expr.has(sp.Piecewise, sp.Heaviside, sp.sign)
            return PropertyResult(
                "real_valued", "inconclusive" if pieces else "fails", "numeric",
                {"z": num(found[0]), "|sigma(z)|": num(found[1])}, None,
                f"|sigma| grows without bound near z = {num(found[0])}, a zero of an inner factor: "
                + ("whether sigma is defined at that point is not decided" if pieces else "sigma is undefined there (a pole)"),
                label,
            )
    return PropertyResult(
        "real_valued", "holds", "numeric", {"points checked": str(len(grid))}, None,
        "sigma is finite and real at every grid point of [-10, 10] and at +-2^k (evidence)", label,
    )



# -- symbolic machinery ------------------------------------------------------------------------


def _bounded_symbolic(sigma: Activation, deadline: Deadline) -> PropertyResult | None:
    expr = sigma.expr
    # The limits first: they are shared with properties 2 and 3 (memoised), and an infinite one
    # settles the question without sympy's slower range computation, or the other end's limit
    # (gelu_tanh's at -oo: 0.3 s of Gruntz, needed by no other step).
    ends: dict[str, Any] = {}
    for end in ("+oo", "-oo"):
        v = ends[end] = proved_limit(expr, end, deadline)
        witness = {f"lim sigma(z), z->{e}": show(None if f is None else f.value) for e, f in ends.items()}
        if v is not None and v.value.is_infinite:
            return PropertyResult("bounded", "fails", "symbolic", witness, sp.oo, f"sigma(z) -> {show(v.value)} as z -> {end}",
                                  certificate=kernel.conclude("sigma is unbounded", [v], "an infinite proved limit"))
    # Local boundedness before the range: solveset and function_range can spend the whole budget (tanh(z) +
    # tanh(z/10**28): > 20 s each), and finite limits with local boundedness still prove the property.
    local = kernel.accept("sigma is locally bounded on R", "continuous_domain",
                          lambda: deadline.run(lambda: _locally_bounded(expr)) or None)
    rng, key = _monotone_range(expr, ends, deadline), "range"
    if rng is None:
        rng, key = smooth_range(expr, deadline, ends), "range within"
    if rng is not None and isinstance(rng.value, sp.Interval) and not rng.value.has(sp.AccumBounds, sp.Limit, sp.zoo, sp.nan, sp.Float):
        lo, hi = rng.value.inf, rng.value.sup
        if lo.is_number and hi.is_number and lo.is_finite and hi.is_finite:
            order = kernel.compare(hi, -lo, deadline.run)  # B = max(hi, -lo) in the exact order, not by sympy's Max
            B = sp.Max(sp.Abs(lo), sp.Abs(hi)) if order is None else hi if order.value >= 0 else -lo
            return PropertyResult("bounded", "holds", "symbolic", {key: show(rng.value)}, B,
                                  certificate=kernel.conclude(STATEMENTS["bounded"], [rng], "a bounded range"))
        if lo in (sp.oo, -sp.oo) or hi in (sp.oo, -sp.oo):
            return PropertyResult("bounded", "fails", "symbolic", {key: show(rng.value)}, sp.oo,
                                  f"sigma(R) has inf {show(lo)} and sup {show(hi)}",
                                  certificate=kernel.conclude("sigma is unbounded", [rng], "an unbounded range"))
    if all(v is not None for v in ends.values()) and local is not None:
        sup = numeric_sup(sigma, DEFAULT_DPS)
        # The largest |sigma| found: a narrower peak than every sample and candidate point may exceed it.
        witness["sup |sigma| >= (numeric, 30 digits: the largest |sigma| found)"] = directed_string(sup, 12, up=False)
        return PropertyResult(  # a lower bound's text rounded down (to nearest it exceeded the sup, R71b-9)
            "bounded", "holds", "symbolic", witness, sp.Float(directed_string(sup, 20, up=False), 20),
            "sigma is locally bounded on R and has finite limits at +-oo; B is the largest |sigma| found numerically, a lower bound of the sup",
            certificate=kernel.conclude(STATEMENTS["bounded"], [local, *ends.values()],
                                        "locally bounded with finite proved limits at +-oo"),
            relation=">=",
        )
    return None


#: Functions that are continuous, hence locally bounded, on all of R.
_CONTINUOUS = (
    sp.exp, sp.sin, sp.cos, sp.tanh, sp.atan, sp.erf, sp.erfc, sp.sinh, sp.cosh, sp.sech,
    sp.asinh, sp.Abs, sp.Max, sp.Min,
)
#: Functions that are bounded (not continuous) on R.
_BOUNDED = (sp.Heaviside, sp.sign)


def _locally_bounded(expr: sp.Expr) -> bool:
    """A sufficient syntactic test that expr is bounded on every compact subset of R."""
    try:
        cont = continuous_domain(expr, Z, sp.S.Reals) if not expr.has(sp.Piecewise, sp.erf, sp.erfc) else None
    except NotImplementedError:  # sympy has no domain rule for sign (R8-6): the tree below has one
        cont = None
    if cont == sp.S.Reals:
        return True
    return _locally_bounded_tree(expr)


def _locally_bounded_tree(expr: sp.Expr) -> bool:
    if expr.is_Atom:
        return bool(expr.is_finite) or expr == Z
    if isinstance(expr, sp.Piecewise):
        return all(_locally_bounded_tree(v) for v, _ in expr.args)
    if isinstance(expr, (sp.Add, sp.Mul)) or isinstance(expr, _CONTINUOUS) or isinstance(expr, _BOUNDED):
        return all(_locally_bounded_tree(a) for a in expr.args)
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        if not _locally_bounded_tree(base) or not exp.is_number:
            return False
        if exp.is_integer and exp.is_nonnegative:
            return True
        if exp.is_negative and not (base.is_positive or base.is_negative):
            return False
        return bool(exp.is_integer or base.is_nonnegative)
    if isinstance(expr, sp.log):
        return bool(expr.args[0].is_positive) and _locally_bounded_tree(expr.args[0])
    return False


