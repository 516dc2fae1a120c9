r"""The four properties of a sigmoid-type activation σ: ℝ → ℝ.

1. *Boundedness*: :math:`\sup_z |\sigma(z)| < \infty`.
2. *Rapidly vanishing derivative*: :math:`z\,\sigma'(z) \to 0` as :math:`|z| \to \infty`.
3. *Strictly positive limit*: :math:`L = \lim_{z\to+\infty} \sigma(z)` exists, is finite and :math:`> 0`.
4. *Linearity at the origin*: :math:`\sigma(z)/z \to a` as :math:`z \to 0` for some :math:`a > 0`.

Each check returns a :class:`PropertyResult` with a verdict (``holds``, ``fails`` or
``inconclusive``), the method that reached it and a witness. ``symbolic`` verdicts are sympy
proofs: limits at ±∞ count only inside the trusted class of :mod:`vgtheory.limits`, and exact
ranges. ``numeric`` verdicts come from mpmath evaluations at a stated precision
(:mod:`vgtheory.numeric_properties`) and are evidence, not proof. Every sympy step runs under a
time bound; when sympy cannot decide in time the check falls back to numeric evidence.

>>> props = check_properties("tanh")
>>> [r.verdict for r in props]
['holds', 'holds', 'holds', 'holds']
>>> props.linear_at_origin.value
1
>>> check_properties("sigmoid").linear_at_origin.witness["sigma(0)"]
'1/2'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import mpmath
import sympy as sp
from sympy.calculus.util import continuous_domain, function_range

from .activations import Activation, BeyondRangeError, Z, activation
from .errors import ActivationError
from .evidence import num, numeric_sup, precision_label, tail_points
from .limits import Deadline, continuous_everywhere, eventual_branch, same_number, symbolic_limit
from .numeric_properties import bounded_numeric, linear_numeric, positive_limit_numeric, vanishing_numeric
from .verdicts import DEFAULT_DPS, DEFAULT_TIMEOUT, STATEMENTS, Method, PropertyResult, Verdict, show

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


def check_properties(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> Properties:
    """Check the four properties of ``act``; ``timeout`` bounds the sympy time of each property."""
    sigma = activation(act)
    return Properties(
        sigma.name,
        check_bounded(sigma, timeout=timeout, dps=dps),
        check_vanishing_derivative(sigma, timeout=timeout, dps=dps),
        check_positive_limit(sigma, timeout=timeout, dps=dps),
        check_linear_at_origin(sigma, timeout=timeout, dps=dps),
    )


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
    return bounded_numeric(sigma, dps)



def check_vanishing_derivative(
    act: Any, *, ends: Sequence[str] = ("+oo", "-oo"), timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS,
) -> PropertyResult:
    """Property 2: z σ'(z) → 0 as z → +∞ and as z → −∞ (or only at the given ``ends``).

    Symbolically, σ is first reduced to its branch near each end; the limit of z times that
    branch's derivative is a proof only inside the trusted class (:mod:`vgtheory.limits`).
    """
    sigma = activation(act)
    ends = tuple(ends)
    if not ends or any(e not in ("+oo", "-oo") for e in ends):
        raise ActivationError(f"ends must be a non-empty subset of ('+oo', '-oo'), got {ends!r}")
    claim = None if set(ends) == {"+oo", "-oo"} else f"z*sigma'(z) -> 0 as z -> {ends[0]}"
    if sigma.is_symbolic:
        deadline = Deadline(timeout)
        limits = {end: _tail_slope_limit(sigma, end, deadline) for end in ends}
        witness = {f"lim z*sigma'(z), z->{end}": show(v) for end, v in limits.items()}
        if all(v is not None and v == 0 for v in limits.values()):
            return PropertyResult("vanishing_derivative", "holds", "symbolic", witness, sp.Integer(0), claim=claim)
        for end, v in limits.items():
            # An AccumBounds only encloses the limit points (it can be wider than the truth).
            if v is not None and not isinstance(v, sp.AccumBounds) and v != 0:
                return PropertyResult(
                    "vanishing_derivative", "fails", "symbolic", witness, None,
                    f"z*sigma'(z) tends to {show(v)} as z -> {end}, not to 0", claim=claim,
                )
    return vanishing_numeric(sigma, dps, ends, claim)


def _tail_slope_limit(sigma: Activation, end: str, deadline: Deadline) -> sp.Expr | None:
    """lim z σ'(z) at ``end``, from the branch of σ that holds near the end (None: not proved)."""
    branch = deadline.run(lambda: eventual_branch(sigma.expr, end))
    if branch is None:
        return None
    h = deadline.run(lambda: Z * sp.diff(branch, Z))
    return None if h is None else symbolic_limit(h, end, deadline)


def check_positive_limit(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Property 3: L = lim_{z→+∞} σ(z) exists, is finite and positive."""
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = Deadline(timeout)
        limit = symbolic_limit(sigma.expr, "+oo", deadline)
        if limit is not None:
            witness = {"lim sigma(z), z->+oo": show(limit)}
            if isinstance(limit, sp.AccumBounds):
                # sympy's enclosure of the limit points proves nothing about their number.
                return positive_limit_numeric(sigma, dps)
            if limit.is_infinite:
                return PropertyResult("positive_limit", "fails", "symbolic", witness, limit, "the limit is infinite")
            if limit.is_positive:
                return PropertyResult("positive_limit", "holds", "symbolic", witness, limit)
            if limit.is_nonpositive:
                return PropertyResult("positive_limit", "fails", "symbolic", witness, limit, "the limit is not positive")
    return positive_limit_numeric(sigma, dps)


def check_linear_at_origin(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Property 4: σ(z)/z → a > 0 as z → 0 (from both sides; then σ(0) = 0 and σ'(0) = a)."""
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = Deadline(timeout)
        value_at_zero = deadline.run(lambda: sigma.expr.subs(Z, 0))
        if value_at_zero is not None and value_at_zero.is_number and value_at_zero.is_finite and value_at_zero.is_nonzero:
            # sigma(0) != 0 breaks linearity whatever the limits at 0 are (a jump at 0 included).
            return PropertyResult(
                "linear_at_origin", "fails", "symbolic", {"sigma(0)": show(value_at_zero)}, None,
                f"sigma(0) = {show(value_at_zero)} != 0",
            )
        at_zero = symbolic_limit(sigma.expr, "0+", deadline)
        at_zero_left = symbolic_limit(sigma.expr, "0-", deadline)
        witness: dict[str, str] = {}
        if at_zero is not None and same_number(at_zero, at_zero_left) is True and at_zero.is_nonzero:
            # sigma(z)/z blows up: the one-sided limit of sigma at 0 is the witness (sigma(0) itself
            # may be 0 or undefined).
            witness["lim sigma(z), z->0"] = show(at_zero)
            return PropertyResult(
                "linear_at_origin", "fails", "symbolic", witness, None,
                f"sigma(z) -> {show(at_zero)} != 0 as z -> 0, so sigma(z)/z is unbounded near 0",
            )
        right = symbolic_limit(sigma.expr / Z, "0+", deadline)
        left = symbolic_limit(sigma.expr / Z, "0-", deadline)
        witness.update({"lim sigma(z)/z, z->0+": show(right), "lim sigma(z)/z, z->0-": show(left)})
        if right is not None and left is not None and not isinstance(right, sp.AccumBounds) and not isinstance(left, sp.AccumBounds):
            same = same_number(right, left)
            if same is True and right.is_finite and right.is_positive:
                return PropertyResult("linear_at_origin", "holds", "symbolic", witness, right)
            if same is False:
                return PropertyResult(
                    "linear_at_origin", "fails", "symbolic", witness, None,
                    "the one-sided slopes at 0 differ: sigma is not linear at the origin",
                )
            if same is True and (right.is_infinite or right.is_nonpositive):
                return PropertyResult(
                    "linear_at_origin", "fails", "symbolic", witness, None,
                    f"sigma(z)/z -> {show(right)}, which is not a positive number",
                )
    return linear_numeric(sigma, dps)


def check_real_valued(act: Any, *, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Whether σ is defined and real on ℝ, the standing assumption of the four properties.

    A formula such as tanh(sqrt(z)) or 1/z is not; sympy would silently restrict its ranges and
    limits to where it is real. Checked numerically on a grid of [-10, 10] and at ±2^k.
    """
    sigma = activation(act)
    label = precision_label(sigma, dps)
    grid = [mpmath.mpf(k) / 8 for k in range(-80, 81)] + tail_points(1, sigma) + tail_points(-1, sigma)
    with mpmath.workdps(dps):
        for t in grid:
            try:
                value = sigma.value(t)
            except BeyondRangeError as exc:
                return PropertyResult("real_valued", "inconclusive", "numeric", {"z": num(t)}, None,
                                      f"sigma at z = {num(t)} was not evaluated: {exc}", label)
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
                far = abs(t) > 10
                return PropertyResult(
                    "real_valued", "inconclusive" if far else "fails", "numeric", {"z": num(t), "sigma(z)": str(value)},
                    None, "sigma is not finite there" + (" (far out, possibly a loss of precision)" if far else ""), label,
                )
    return PropertyResult(
        "real_valued", "holds", "numeric", {"points checked": str(len(grid))}, None,
        "sigma is finite and real at every grid point of [-10, 10] and at +-2^k (evidence)", label,
    )



# -- symbolic machinery ------------------------------------------------------------------------


def _bounded_symbolic(sigma: Activation, deadline: Deadline) -> PropertyResult | None:
    expr = sigma.expr
    # The limits first: they are shared with properties 2 and 3 (memoised), and an infinite one
    # settles the question without sympy's slower range computation.
    ends = {end: symbolic_limit(expr, end, deadline) for end in ("+oo", "-oo")}
    witness = {f"lim sigma(z), z->{end}": show(v) for end, v in ends.items()}
    for end, v in ends.items():
        if v is not None and not isinstance(v, sp.AccumBounds) and v.is_infinite:
            return PropertyResult("bounded", "fails", "symbolic", witness, sp.oo, f"sigma(z) -> {show(v)} as z -> {end}")
    rng = _monotone_range(expr, ends, deadline) or deadline.run(lambda: function_range(expr, Z, sp.S.Reals))
    if isinstance(rng, sp.Interval) and not rng.has(sp.AccumBounds, sp.Limit, sp.zoo, sp.nan):
        lo, hi = rng.inf, rng.sup
        if lo.is_number and hi.is_number and lo.is_finite and hi.is_finite:
            return PropertyResult("bounded", "holds", "symbolic", {"range": show(rng)}, sp.Max(sp.Abs(lo), sp.Abs(hi)))
        if lo in (sp.oo, -sp.oo) or hi in (sp.oo, -sp.oo):
            return PropertyResult("bounded", "fails", "symbolic", {"range": show(rng)}, sp.oo,
                                  f"the range of sigma is {show(rng)}")
    if all(v is not None for v in ends.values()) and deadline.run(lambda: _locally_bounded(expr)):
        sup = numeric_sup(sigma, DEFAULT_DPS)
        witness["sup |sigma| (numeric, 30 digits)"] = mpmath.nstr(sup, 12)
        return PropertyResult(
            "bounded", "holds", "symbolic", witness, sp.Float(mpmath.nstr(sup, 20), 20),
            "sigma is locally bounded on R and has finite limits at +-oo; B was located numerically",
        )
    return None


#: Parts that can make σ non-differentiable (Abs is continuous_everywhere but has a kink).
_KINKED = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise)


def _monotone_range(expr: sp.Expr, ends: dict[str, Any], deadline: Deadline) -> sp.Interval | None:
    """The exact range of a σ proved strictly monotone: sympy's range search, much faster.

    If σ and σ' are compositions of functions continuous on R (:func:`continuous_everywhere`, no
    kinks) and solveset finds no real zero of σ', then σ' keeps one sign (intermediate value
    theorem), σ is strictly monotone and maps R onto the open interval between its limits at ±∞
    (here finite numbers, each proved). None when any step is not proved.
    """
    lo, hi = ends["-oo"], ends["+oo"]
    if any(v is None or isinstance(v, sp.AccumBounds) or not (v.is_number and v.is_finite) for v in (lo, hi)):
        return None
    if expr.has(*_KINKED) or not continuous_everywhere(expr):
        return None
    slope = sp.diff(expr, Z)
    if not continuous_everywhere(slope) or deadline.run(lambda: sp.solveset(slope, Z, sp.S.Reals)) is not sp.S.EmptySet:
        return None
    if (hi - lo).is_positive:
        return sp.Interval.open(lo, hi)
    if (lo - hi).is_positive:
        return sp.Interval.open(hi, lo)
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
    cont = continuous_domain(expr, Z, sp.S.Reals) if not expr.has(sp.Piecewise, sp.erf, sp.erfc) else None
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


