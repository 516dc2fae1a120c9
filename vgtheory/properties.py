r"""The four properties of a sigmoid-type activation (THEORY.md section 2).

1. *Boundedness*: :math:`\sup_z |\sigma(z)| < \infty`.
2. *Rapidly vanishing derivative*: :math:`z\,\sigma'(z) \to 0` as :math:`|z| \to \infty`.
3. *Strictly positive limit*: :math:`L = \lim_{z\to+\infty} \sigma(z)` exists, is finite and :math:`> 0`.
4. *Linearity at the origin*: :math:`\sigma(z)/z \to a` as :math:`z \to 0` for some :math:`a > 0`.

Each check returns a :class:`PropertyResult` with a verdict (``holds``, ``fails`` or
``inconclusive``), the method that reached it and a witness. ``symbolic`` verdicts come from
sympy limits and ranges (a proof, up to sympy's correctness); ``numeric`` verdicts come from
mpmath evaluations at a stated precision and are evidence, not proof. Every sympy step runs under
a time bound; when sympy cannot decide in time the check falls back to numeric evidence.

>>> props = check_properties("tanh")
>>> [r.verdict for r in props]
['holds', 'holds', 'holds', 'holds']
>>> props.linear_at_origin.value
1
>>> check_properties("sigmoid").linear_at_origin.witness["sigma(0)"]
'1/2'
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Literal, Mapping

import mpmath
import sympy as sp
from sympy.calculus.util import continuous_domain, function_range

from ._bounded import StepTimeout, bounded
from .activations import Activation, Z, activation
from .errors import ActivationError

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
]

Verdict = Literal["holds", "fails", "inconclusive"]
Method = Literal["symbolic", "numeric"]

PROPERTY_NAMES = ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin")

#: Human-readable statements of the four properties.
STATEMENTS: Mapping[str, str] = {
    "bounded": "sup_z |sigma(z)| < oo",
    "vanishing_derivative": "z*sigma'(z) -> 0 as |z| -> oo",
    "positive_limit": "lim_{z->+oo} sigma(z) = L exists, is finite and L > 0",
    "linear_at_origin": "sigma(z)/z -> a as z -> 0 for some a > 0",
    "real_valued": "sigma(z) is defined and real for every real z",
}

DEFAULT_TIMEOUT = 6.0
DEFAULT_DPS = 30


@dataclass(frozen=True)
class PropertyResult:
    """The verdict on one property, how it was reached, and its witness.

    ``value`` is the property's constant when it has one: B = sup|σ| (bounded), the common limit
    of zσ'(z) (vanishing_derivative), L (positive_limit) and a (linear_at_origin); it is a sympy
    number for symbolic results and a sympy Float for numeric ones. ``precision`` says at what
    precision numeric evidence was computed.
    """

    name: str
    verdict: Verdict
    method: Method
    witness: Mapping[str, str] = field(default_factory=dict)
    value: sp.Expr | None = None
    detail: str = ""
    precision: str | None = None

    @property
    def statement(self) -> str:
        return STATEMENTS[self.name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "statement": self.statement,
            "verdict": self.verdict,
            "method": self.method,
            "witness": dict(self.witness),
            "value": None if self.value is None else str(self.value),
            "detail": self.detail,
            "precision": self.precision,
        }

    def __str__(self) -> str:
        how = self.method if self.precision is None else f"{self.method}, {self.precision}"
        wit = ", ".join(f"{k} = {v}" for k, v in self.witness.items())
        return f"{self.name}: {self.verdict} ({how}){'; ' + wit if wit else ''}"


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
        deadline = _Deadline(timeout)
        result = _bounded_symbolic(sigma, deadline)
        if result is not None:
            return result
    return _bounded_numeric(sigma, dps)


def check_vanishing_derivative(
    act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS
) -> PropertyResult:
    """Property 2: z σ'(z) → 0 as z → +∞ and as z → −∞."""
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = _Deadline(timeout)
        h = Z * sigma.derivative_expr
        ends = {end: symbolic_limit(h, end, deadline) for end in ("+oo", "-oo")}
        witness = {f"lim z*sigma'(z), z->{end}": _show(v) for end, v in ends.items()}
        if all(v is not None and v == 0 for v in ends.values()):
            return PropertyResult("vanishing_derivative", "holds", "symbolic", witness, sp.Integer(0))
        for end, v in ends.items():
            # An AccumBounds only encloses the limit points (it can be wider than the truth).
            if v is not None and not isinstance(v, sp.AccumBounds) and v != 0:
                return PropertyResult(
                    "vanishing_derivative", "fails", "symbolic", witness, None,
                    f"z*sigma'(z) tends to {_show(v)} as z -> {end}, not to 0",
                )
    return _vanishing_numeric(sigma, dps)


def check_positive_limit(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Property 3: L = lim_{z→+∞} σ(z) exists, is finite and positive."""
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = _Deadline(timeout)
        limit = symbolic_limit(sigma.expr, "+oo", deadline)
        if limit is not None:
            witness = {"lim sigma(z), z->+oo": _show(limit)}
            if isinstance(limit, sp.AccumBounds):
                # sympy's enclosure of the limit points proves nothing about their number.
                return _positive_limit_numeric(sigma, dps)
            if limit.is_infinite:
                return PropertyResult("positive_limit", "fails", "symbolic", witness, limit, "the limit is infinite")
            if limit.is_positive:
                return PropertyResult("positive_limit", "holds", "symbolic", witness, limit)
            if limit.is_nonpositive:
                return PropertyResult("positive_limit", "fails", "symbolic", witness, limit, "the limit is not positive")
    return _positive_limit_numeric(sigma, dps)


def check_linear_at_origin(act: Any, *, timeout: float = DEFAULT_TIMEOUT, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Property 4: σ(z)/z → a > 0 as z → 0 (from both sides; then σ(0) = 0 and σ'(0) = a)."""
    sigma = activation(act)
    if sigma.is_symbolic:
        deadline = _Deadline(timeout)
        value_at_zero = deadline.run(lambda: sigma.expr.subs(Z, 0))
        if value_at_zero is not None and value_at_zero.is_number and value_at_zero.is_finite and value_at_zero.is_nonzero:
            # sigma(0) != 0 breaks linearity whatever the limits at 0 are (a jump at 0 included).
            return PropertyResult(
                "linear_at_origin", "fails", "symbolic", {"sigma(0)": _show(value_at_zero)}, None,
                f"sigma(0) = {_show(value_at_zero)} != 0, so sigma(z)/z is unbounded near 0",
            )
        at_zero = symbolic_limit(sigma.expr, "0+", deadline)
        at_zero_left = symbolic_limit(sigma.expr, "0-", deadline)
        witness: dict[str, str] = {}
        if at_zero is not None and _same(at_zero, at_zero_left) is True and at_zero.is_nonzero:
            # sigma(z)/z blows up; the value at 0 is the clearest witness.
            witness["sigma(0)"] = _show(at_zero)
            return PropertyResult(
                "linear_at_origin", "fails", "symbolic", witness, None,
                f"sigma(0) = {_show(at_zero)} != 0, so sigma(z)/z is unbounded near 0",
            )
        right = symbolic_limit(sigma.expr / Z, "0+", deadline)
        left = symbolic_limit(sigma.expr / Z, "0-", deadline)
        witness.update({"lim sigma(z)/z, z->0+": _show(right), "lim sigma(z)/z, z->0-": _show(left)})
        if right is not None and left is not None and not isinstance(right, sp.AccumBounds) and not isinstance(left, sp.AccumBounds):
            same = _same(right, left)
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
                    f"sigma(z)/z -> {_show(right)}, which is not a positive number",
                )
    return _linear_numeric(sigma, dps)


def check_real_valued(act: Any, *, dps: int = DEFAULT_DPS) -> PropertyResult:
    """Whether σ is defined and real on ℝ, the standing assumption of the four properties.

    A formula such as tanh(sqrt(z)) or 1/z is not; sympy would silently restrict its ranges and
    limits to where it is real. Checked numerically on a grid of [-10, 10] and at ±2^k.
    """
    sigma = activation(act)
    label = _precision_label(sigma, dps)
    grid = [mpmath.mpf(k) / 8 for k in range(-80, 81)] + _tail_points(1, sigma) + _tail_points(-1, sigma)
    with mpmath.workdps(dps):
        for t in grid:
            try:
                value = sigma.value(t)
            except ActivationError as exc:
                return PropertyResult(
                    "real_valued", "fails", "numeric", {"z": _num(t)}, None, str(exc), label,
                )
            if not mpmath.isfinite(value):
                return PropertyResult(
                    "real_valued", "fails", "numeric", {"z": _num(t), "sigma(z)": str(value)}, None,
                    "sigma is not finite there", label,
                )
    return PropertyResult(
        "real_valued", "holds", "numeric", {"points checked": str(len(grid))}, None,
        "sigma is finite and real at every grid point of [-10, 10] and at +-2^k (evidence)", label,
    )


# -- symbolic machinery ------------------------------------------------------------------------

_POINTS: Mapping[str, tuple[sp.Expr, str]] = {
    "+oo": (sp.oo, "-"),
    "-oo": (-sp.oo, "+"),
    "0+": (sp.Integer(0), "+"),
    "0-": (sp.Integer(0), "-"),
}


class _Deadline:
    """A time budget shared by the sympy steps of one property check."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def run(self, fn: Callable[[], Any]) -> Any:
        """fn() under the remaining budget; None when it times out or sympy gives up."""
        try:
            return bounded(fn, self.end - time.monotonic())
        except StepTimeout:
            return None
        except (NotImplementedError, TypeError, ValueError, AttributeError, RecursionError):
            return None


def symbolic_limit(expr: sp.Expr, point: str, deadline: _Deadline | float = DEFAULT_TIMEOUT) -> sp.Expr | None:
    """The limit of ``expr`` (in :data:`Z`) at ``point`` ∈ {'+oo', '-oo', '0+', '0-'}, or None.

    Piecewise definitions (including Max, Min and Heaviside) are first reduced to the branch
    that holds on a one-sided neighbourhood of the point, because sympy's ``limit`` does not
    handle them. Returns a real number, ±oo, a finite ``AccumBounds`` (bounded oscillation), or
    None when sympy cannot decide within the time bound.
    """
    if not isinstance(deadline, _Deadline):
        deadline = _Deadline(float(deadline))
    target, direction = _POINTS[point]
    reduced = deadline.run(lambda: _eventual_branch(expr, point))
    if reduced is None:
        return None
    value = deadline.run(lambda: sp.limit(reduced, Z, target, direction))
    return _classify_limit(value)


def _same(a: sp.Expr | None, b: sp.Expr | None) -> bool | None:
    """Whether two limits are equal as numbers (log(4) and 2*log(2) are); None if undecidable."""
    if a is None or b is None:
        return None
    if a == b:
        return True
    if a.is_infinite or b.is_infinite:
        return False
    diff = sp.nsimplify(sp.simplify(a - b))
    if diff == 0:
        return True
    if diff.is_number:
        value = sp.N(diff, 50)
        if value.is_number and abs(value) > sp.Float(10) ** -40:
            return False
    return None


def _classify_limit(value: Any) -> sp.Expr | None:
    if value is None or not isinstance(value, sp.Basic) or value.has(sp.Limit):
        return None
    if value is sp.zoo:
        return None
    if isinstance(value, sp.AccumBounds):
        return value if value.min.is_finite and value.max.is_finite else None
    if value.has(sp.AccumBounds, sp.nan):
        return None
    if value in (sp.oo, -sp.oo):
        return value
    if value.is_number and value.is_real and value.is_finite:
        return sp.nsimplify(value) if value.is_Float else value
    return None


def _eventual_branch(expr: sp.Expr, point: str) -> sp.Expr | None:
    """The expression that equals ``expr`` on a one-sided neighbourhood of ``point``."""
    piecewise_like = (sp.Max, sp.Min, sp.Heaviside, sp.Piecewise)
    if not expr.has(*piecewise_like):
        return expr
    rewritten = expr.replace(
        lambda n: isinstance(n, (sp.Max, sp.Min, sp.Heaviside)), lambda n: n.rewrite(sp.Piecewise)
    )
    folded = sp.piecewise_fold(rewritten)
    if not isinstance(folded, sp.Piecewise):
        return None if folded.has(sp.Piecewise) else folded
    covered: sp.Set = sp.S.EmptySet
    for value, cond in folded.args:
        where = cond.as_set() if cond is not sp.true else sp.S.Reals
        effective = sp.Intersection(where, sp.S.Reals) - covered
        covered = sp.Union(covered, where)
        if _holds_near(effective, point):
            return _eventual_branch(value, point)
    return None


def _holds_near(where: sp.Set, point: str) -> bool:
    """Whether ``where`` contains a one-sided neighbourhood of ``point``."""
    if point == "+oo":
        rest = sp.S.Reals - where
        return rest is sp.S.EmptySet or bool(rest.sup < sp.oo)
    if point == "-oo":
        rest = sp.S.Reals - where
        return rest is sp.S.EmptySet or bool(rest.inf > -sp.oo)
    side = sp.Interval.open(0, sp.oo) if point == "0+" else sp.Interval.open(-sp.oo, 0)
    rest = side - where
    if rest is sp.S.EmptySet:
        return True
    return bool(rest.inf > 0) if point == "0+" else bool(rest.sup < 0)


def _bounded_symbolic(sigma: Activation, deadline: _Deadline) -> PropertyResult | None:
    expr = sigma.expr
    rng = deadline.run(lambda: function_range(expr, Z, sp.S.Reals))
    if isinstance(rng, sp.Interval) and not rng.has(sp.AccumBounds, sp.Limit, sp.zoo, sp.nan):
        lo, hi = rng.inf, rng.sup
        witness = {"range": _show(rng)}
        if lo.is_number and hi.is_number and lo.is_finite and hi.is_finite:
            return PropertyResult("bounded", "holds", "symbolic", witness, sp.Max(sp.Abs(lo), sp.Abs(hi)))
        if lo in (sp.oo, -sp.oo) or hi in (sp.oo, -sp.oo):
            return PropertyResult("bounded", "fails", "symbolic", witness, sp.oo, f"the range of sigma is {_show(rng)}")
    ends = {end: symbolic_limit(expr, end, deadline) for end in ("+oo", "-oo")}
    witness = {f"lim sigma(z), z->{end}": _show(v) for end, v in ends.items()}
    for end, v in ends.items():
        if v is not None and not isinstance(v, sp.AccumBounds) and v.is_infinite:
            return PropertyResult("bounded", "fails", "symbolic", witness, sp.oo, f"sigma(z) -> {_show(v)} as z -> {end}")
    if all(v is not None for v in ends.values()) and deadline.run(lambda: _locally_bounded(expr)):
        sup = _numeric_sup(sigma, DEFAULT_DPS)
        witness["sup |sigma| (numeric, 30 digits)"] = mpmath.nstr(sup, 12)
        return PropertyResult(
            "bounded", "holds", "symbolic", witness, sp.Float(mpmath.nstr(sup, 20), 20),
            "sigma is locally bounded on R and has finite limits at +-oo; B was located numerically",
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


# -- numeric machinery -------------------------------------------------------------------------


def _precision_label(sigma: Activation, dps: int) -> str:
    return f"mpmath, {dps} digits" if sigma.precision == "mpmath" else "float64 (callable)"


def _tail_points(sign: int, sigma: Activation) -> list[mpmath.mpf]:
    top = 100 if sigma.precision == "mpmath" else 60
    return [sign * mpmath.mpf(2) ** k for k in range(0, top + 1)]


def _origin_points(sign: int, sigma: Activation) -> list[mpmath.mpf]:
    bottom = 60 if sigma.precision == "mpmath" else 26
    return [sign * mpmath.mpf(2) ** -k for k in range(1, bottom + 1)]


def _safe(fn: Callable[[mpmath.mpf], mpmath.mpf], t: mpmath.mpf) -> mpmath.mpf | None:
    try:
        value = fn(t)
    except (ZeroDivisionError, OverflowError, ValueError, ArithmeticError):
        return None
    except Exception:  # noqa: BLE001 - a user callable may raise anything at extreme inputs
        return None
    return value if mpmath.isfinite(value) else None


def _sup_grid(sigma: Activation) -> list[mpmath.mpf]:
    return [mpmath.mpf(k) / 8 for k in range(-160, 161)] + _tail_points(1, sigma) + _tail_points(-1, sigma)


def _numeric_sup_at(sigma: Activation, dps: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The largest |sigma| on the sampling grid and where it is taken."""
    with mpmath.workdps(dps):
        pairs = [(abs(v), t) for t, v in ((t, _safe(sigma.value, t)) for t in _sup_grid(sigma)) if v is not None]
        return max(pairs, key=lambda p: p[0]) if pairs else (mpmath.mpf(0), mpmath.mpf(0))


def _numeric_sup(sigma: Activation, dps: int) -> mpmath.mpf:
    return _numeric_sup_at(sigma, dps)[0]


def _median_abs(sigma: Activation) -> mpmath.mpf:
    values = sorted(abs(v) for v in (_safe(sigma.value, mpmath.mpf(k) / 8) for k in range(-80, 81)) if v is not None)
    return values[len(values) // 2] if values else mpmath.mpf(0)


def _tail_series(fn: Callable, points: list[mpmath.mpf]) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    return [(t, v) for t, v in ((t, _safe(fn, t)) for t in points) if v is not None]


def _converged(series: list[tuple[mpmath.mpf, mpmath.mpf]], rel: float) -> mpmath.mpf | None:
    """The common value of the last ten samples when they agree to ``rel``, else None."""
    if len(series) < 12:
        return None
    last = [v for _, v in series[-10:]]
    scale = 1 + max(abs(v) for v in last)
    return last[-1] if max(last) - min(last) <= rel * scale else None


def _num(v: mpmath.mpf) -> str:
    return mpmath.nstr(v, 12)


def _bounded_numeric(sigma: Activation, dps: int) -> PropertyResult:
    label = _precision_label(sigma, dps)
    with mpmath.workdps(dps):
        sup, where = _numeric_sup_at(sigma, dps)
        typical = _median_abs(sigma)
        if sup > mpmath.mpf(10) ** 30 * (1 + typical):
            # A value 1e30 times the typical size on a finite grid: a pole or a spike, not a bound.
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": _num(where), "|sigma(z)|": _num(sup)}, None,
                "|sigma| is enormous at a sampled point (a pole or a spike)", label,
            )
        for sign in (1, -1):
            series = _tail_series(sigma.value, _tail_points(sign, sigma))
            if len(series) < 12:
                return PropertyResult("bounded", "inconclusive", "numeric", {}, None, "sigma could not be evaluated far out", label)
            mags = [abs(v) for _, v in series]
            early, late = max(mags[: len(mags) * 2 // 3]), max(mags[len(mags) * 2 // 3 :])
            growing = all(b >= a for a, b in zip(mags[-10:], mags[-9:]))
            if late > 1e6 * (1 + early) and growing:
                t, v = series[-1]
                return PropertyResult(
                    "bounded", "fails", "numeric", {"z": _num(t), "sigma(z)": _num(v)}, None,
                    "|sigma| keeps growing along z = 2^k", label,
                )
            if late > early * (1 + mpmath.mpf(10) ** -6) + mpmath.mpf(10) ** -12:
                return PropertyResult(
                    "bounded", "inconclusive", "numeric", {"max |sigma| sampled": _num(sup)}, None,
                    "|sigma| still grows slowly at the largest sampled |z|", label,
                )
    return PropertyResult(
        "bounded", "holds", "numeric", {"max |sigma| sampled": _num(sup)}, sp.Float(mpmath.nstr(sup, 20), 20),
        "no growth of |sigma| over the last third of |z| = 2^k samples (evidence, not proof)", label,
    )


def _vanishing_numeric(sigma: Activation, dps: int) -> PropertyResult:
    label = _precision_label(sigma, dps)
    with mpmath.workdps(dps):
        worst: tuple[mpmath.mpf, mpmath.mpf] | None = None
        for sign in (1, -1):
            series = _tail_series(lambda t: t * sigma.slope(t), _tail_points(sign, sigma))
            if len(series) < 12:
                return PropertyResult("vanishing_derivative", "inconclusive", "numeric", {}, None, "sigma' could not be evaluated far out", label)
            tail = series[-10:]
            t_max, v_max = max(tail, key=lambda tv: abs(tv[1]))
            if abs(v_max) >= 0.1:
                return PropertyResult(
                    "vanishing_derivative", "fails", "numeric", {"z": _num(t_max), "z*sigma'(z)": _num(v_max)}, None,
                    "|z*sigma'(z)| stays large at the largest sampled |z|", label,
                )
            if worst is None or abs(v_max) > abs(worst[1]):
                worst = (t_max, v_max)
        assert worst is not None
        witness = {"max |z*sigma'(z)| at the sampled tail": _num(abs(worst[1])), "at z": _num(worst[0])}
        if abs(worst[1]) <= 1e-8:
            return PropertyResult(
                "vanishing_derivative", "holds", "numeric", witness, sp.Integer(0),
                "|z*sigma'(z)| <= 1e-8 on the last ten samples z = +-2^k (evidence, not proof)", label,
            )
        return PropertyResult("vanishing_derivative", "inconclusive", "numeric", witness, None, "decay too slow to judge", label)


def _positive_limit_numeric(sigma: Activation, dps: int) -> PropertyResult:
    label = _precision_label(sigma, dps)
    with mpmath.workdps(dps):
        series = _tail_series(sigma.value, _tail_points(1, sigma))
        limit = _converged(series, 1e-9)
        if limit is None:
            mags = [abs(v) for _, v in series]
            if len(mags) >= 12 and mags[-1] > 1e6 * (1 + mags[len(mags) // 2]):
                t, v = series[-1]
                return PropertyResult(
                    "positive_limit", "fails", "numeric", {"z": _num(t), "sigma(z)": _num(v)}, None,
                    "sigma(z) grows without bound as z -> +oo", label,
                )
            witness = {f"sigma({_num(t)})": _num(v) for t, v in series[-3:]}
            last = [v for _, v in series[-10:]]
            if len(last) == 10 and max(last) - min(last) > mpmath.mpf("0.1") * (1 + max(abs(v) for v in last)):
                return PropertyResult(
                    "positive_limit", "fails", "numeric", witness, None,
                    "sigma(2^k) keeps spreading over the last ten samples: no limit", label,
                )
            return PropertyResult("positive_limit", "inconclusive", "numeric", witness, None, "sigma(2^k) does not settle", label)
        witness = {"sigma(z) at z = 2^k, largest k": _num(limit)}
        value = sp.Float(mpmath.nstr(limit, 20), 20)
        if limit > 1e-8:
            return PropertyResult("positive_limit", "holds", "numeric", witness, value, "sigma(2^k) settles at a positive value (evidence)", label)
        return PropertyResult("positive_limit", "fails", "numeric", witness, value, "sigma(2^k) settles at a value that is not positive", label)


def _linear_numeric(sigma: Activation, dps: int) -> PropertyResult:
    label = _precision_label(sigma, dps)
    with mpmath.workdps(dps):
        at_zero = _safe(sigma.value, mpmath.mpf(0))
        tol = mpmath.mpf(10) ** (-(dps // 2)) if sigma.precision == "mpmath" else mpmath.mpf(1e-12)
        if at_zero is not None and abs(at_zero) > tol:
            return PropertyResult(
                "linear_at_origin", "fails", "numeric", {"sigma(0)": _num(at_zero)}, None,
                f"sigma(0) = {_num(at_zero)} != 0, so sigma(z)/z is unbounded near 0", label,
            )
        rel = 1e-6 if sigma.precision == "mpmath" else 1e-5
        slopes = {}
        for side, sign in (("0+", 1), ("0-", -1)):
            series = _tail_series(lambda t: sigma.value(t) / t, _origin_points(sign, sigma))
            slopes[side] = _converged(series, rel)
        witness = {f"sigma(z)/z, z->{side}": "unsettled" if v is None else _num(v) for side, v in slopes.items()}
        right, left = slopes["0+"], slopes["0-"]
        if right is None or left is None:
            return PropertyResult("linear_at_origin", "inconclusive", "numeric", witness, None, "sigma(z)/z does not settle near 0", label)
        if abs(right - left) > 10 * rel * (1 + abs(right)):
            return PropertyResult("linear_at_origin", "fails", "numeric", witness, None, "the one-sided slopes at 0 differ", label)
        if right > 1e-8:
            return PropertyResult(
                "linear_at_origin", "holds", "numeric", witness, sp.Float(mpmath.nstr(right, 15), 15),
                "sigma(z)/z settles at the same positive slope from both sides (evidence)", label,
            )
        return PropertyResult("linear_at_origin", "fails", "numeric", witness, None, "the slope at 0 is not positive", label)


def _show(value: Any) -> str:
    if value is None:
        return "undetermined"
    return str(value)
