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

import itertools
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


class _Samples:
    """σ at mpf points through :func:`_safe`, each point evaluated once (in insertion order)."""

    _MISSING = object()

    def __init__(self, sigma: Activation) -> None:
        self.fn = sigma.value
        self.cache: dict[mpmath.mpf, mpmath.mpf | None] = {}

    @property
    def evals(self) -> int:
        return len(self.cache)

    def __call__(self, t: mpmath.mpf) -> mpmath.mpf | None:
        value = self.cache.get(t, self._MISSING)
        if value is self._MISSING:
            value = self.cache[t] = _safe(self.fn, t)
        return value

    def max_abs_since(self, first: int) -> tuple[mpmath.mpf, mpmath.mpf] | None:
        """The largest |σ| among the points evaluated after the first ``first``, and where."""
        pairs = [(abs(v), t) for t, v in itertools.islice(self.cache.items(), first, None) if v is not None]
        return max(pairs, key=lambda p: p[0]) if pairs else None


def _sup_grid(sigma: Activation) -> list[mpmath.mpf]:
    return [mpmath.mpf(k) / 8 for k in range(-160, 161)] + _tail_points(1, sigma) + _tail_points(-1, sigma)


def _numeric_sup_at(sigma: Activation, dps: int, samples: _Samples | None = None) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The largest |sigma| on the sampling grid and where it is taken."""
    with mpmath.workdps(dps):
        value = samples if samples is not None else _Samples(sigma)
        pairs = [(abs(v), t) for t, v in ((t, value(t)) for t in _sup_grid(sigma)) if v is not None]
        return max(pairs, key=lambda p: p[0]) if pairs else (mpmath.mpf(0), mpmath.mpf(0))


def _numeric_sup(sigma: Activation, dps: int) -> mpmath.mpf:
    return _numeric_sup_at(sigma, dps)[0]


def _median_abs(samples: _Samples) -> mpmath.mpf:
    values = sorted(abs(v) for v in (samples(mpmath.mpf(k) / 8) for k in range(-80, 81)) if v is not None)
    return values[len(values) // 2] if values else mpmath.mpf(0)


# -- refinement between sample points: poles hide between grid points ----------------------------

#: Each zoom level splits both halves of the interval (on either side of the best point so far)
#: into this many cells; the interval kept around the new best point is 3 times narrower.
_ZOOM_CELLS = 3
#: Levels per growth check (the interval shrinks 3^3 = 27-fold between checks).
_ZOOM_WINDOW = 3
#: Near a pole of order p the second-largest |sigma| on a level's grid, less the interval's end
#: values, grows at least about (27/4)^p-fold per window; asking for 2-fold accepts p >~ 0.4.
_ZOOM_GROWTH = 2
#: How many candidate intervals of each kind are refined (the most suspicious first).
_MAX_EXTREMA, _MAX_SIGN_CHANGES, _MAX_JUMPS = 20, 20, 10
#: Evaluation budgets: per candidate interval and for the whole refinement.
_CANDIDATE_EVALS, _REFINE_EVALS = 400, 2000
#: Down at the resolution floor, a pole must have lifted the objective above the interval's ends
#: by this factor times (|sigma| at the ends + the typical |sigma|), or by this factor times its
#: first lift (where the working precision caps the height, as float64 does far out).
_POLE_FACTOR = 10**6


@dataclass(frozen=True)
class _Zoom:
    """The outcome of refining one interval: the best objective value found, where, and whether
    it grew like a pole all the way down to the resolution floor."""

    pole: bool
    where: mpmath.mpf
    peak: mpmath.mpf
    width: mpmath.mpf


def _floor_rel(sigma: Activation, dps: int) -> mpmath.mpf:
    """How small (relative to |z|) a zoom interval gets: 1e-20 at 30 digits, a few hundred ulps
    of float64 for a float callable (below that its argument is rounded away)."""
    if sigma.precision == "mpmath":
        return mpmath.mpf(10) ** -max(8, (2 * dps) // 3)
    return mpmath.mpf(2) ** -44


#: (lo, c, hi, sign): search [lo, hi] starting from c (None: the midpoint) for a larger sign*sigma
#: (sign +1 or -1) or, with sign 0, a larger |sigma|.
_Candidate = tuple[mpmath.mpf, mpmath.mpf | None, mpmath.mpf, int]


def _zoom_candidates(samples: _Samples, points: list[mpmath.mpf], noise: float) -> list[_Candidate]:
    """Intervals worth refining, most suspicious first.

    * around each local maximum (minimum) of sigma over consecutive samples, searching for a
      larger (smaller) sigma: a pole shows up as such an extremum at the sample next to it, even
      when it only dents a larger background (tanh(z) + 1/(z-a)^2 with a < 0);
    * between samples where sigma changes sign (the classic odd pole), for a larger |sigma|;
    * between samples whose difference is a local maximum (a pole on a steep background).

    Extrema and differences within rounding (``noise`` times |sigma|) are ignored: float64
    callables wobble by an ulp where they level off.
    """
    # Floats for the bookkeeping (mpf comparisons are slow): the points are dyadic, exact in
    # float, and the differences of consecutive values are taken in mpf first, so that a pole's
    # dent of 1e-22 in a background of size 1 still shows.
    ordered = sorted((float(t), t, v) for t, v in ((t, samples(t)) for t in points) if v is not None)
    ts = [t for _, t, _ in ordered]
    vals = [float(v) for _, _, v in ordered]
    steps = [float(ordered[i + 1][2] - ordered[i][2]) for i in range(len(ordered) - 1)]
    extrema, signs, jumps = [], [], []
    for i in range(1, len(ts) - 1):
        before, after = steps[i - 1], steps[i]  # sigma_i - sigma_{i-1} and sigma_{i+1} - sigma_i
        if min(abs(before), abs(after)) <= noise * abs(vals[i]):
            continue
        for sign in (1, -1):
            if sign * before >= 0 and sign * after <= 0 and (before != 0 or after != 0):
                # Symmetric about the extremum and a little wider than needed to hold anything
                # nearer to it than to its neighbours (the gaps differ at |z| = 20 and along the
                # 2^k tail); not wider, or the background's own extremes would draw the search.
                t = ts[i]
                gap_lo, gap_hi = t - ts[i - 1], ts[i + 1] - t
                half = max(min(gap_lo, gap_hi), max(gap_lo, gap_hi) / 2) * 5 / 4
                extrema.append((min(abs(before), abs(after)), (t - half, t, t + half, sign)))
    diffs = [abs(d) for d in steps]
    for i, d in enumerate(diffs):
        v0, v1 = vals[i], vals[i + 1]
        if (v0 < 0 < v1) or (v1 < 0 < v0):
            signs.append((min(abs(v0), abs(v1)), (ts[i], None, ts[i + 1], 0)))
        left = diffs[i - 1] if i > 0 else 0.0
        right = diffs[i + 1] if i + 1 < len(diffs) else 0.0
        if d > left and d > right and d > noise * max(abs(v0), abs(v1)):
            jumps.append((d, (ts[i], None, ts[i + 1], 0)))
    chosen = []
    for group, cap in ((extrema, _MAX_EXTREMA), (signs, _MAX_SIGN_CHANGES), (jumps, _MAX_JUMPS)):
        chosen += sorted(group, key=lambda c: c[0], reverse=True)[:cap]
    seen: set[tuple[float, float, int]] = set()
    out = []
    for _, cand in sorted(chosen, key=lambda c: c[0], reverse=True):
        key = (float(cand[0]), float(cand[2]), cand[3])
        if key not in seen:
            seen.add(key)
            out.append(cand)
    return out


def _zoom(
    samples: _Samples, cand: _Candidate, floor_rel: mpmath.mpf, scale: mpmath.mpf, budget: int,
) -> _Zoom:
    """Search an interval for a larger objective (sign*sigma, or |sigma|) by repeated zooming.

    Each level splits [lo, c] and [c, hi] (c: the best point so far, at first the extremal
    sample or the midpoint) into ``_ZOOM_CELLS`` cells each and keeps the two cells beside the
    best grid point. The search stops as soon as the objective stops growing (a finite peak, a
    jump, a zero crossing) and otherwise runs down to an interval of relative width
    ``floor_rel``. The growth test uses the *second*-largest objective of each level: next to a
    simple pole the second-nearest grid point lies between h/2 and 2h from it (h the grid step),
    so that value grows like 1/h whatever luck puts one grid point very close to the pole. It is
    taken relative to the objective at the interval's ends, so a pole on a large smooth
    background counts. A jump keeps sigma bounded while zooming and stops the search like a
    finite peak does.
    """
    lo, c, hi, sign = cand

    def objective(t: mpmath.mpf) -> mpmath.mpf | None:
        v = samples(t)
        return None if v is None else (abs(v) if sign == 0 else sign * v)

    start = samples.evals
    ends = [g for g in (objective(lo), objective(hi)) if g is not None]
    base = max(ends, default=mpmath.mpf(0))
    best, where = base, lo
    # Between two samples (no start point given) the ends were already seen: if no point inside
    # beats them there is nothing to find. Around an extremal sample the ends are new points.
    must_beat_ends = c is None
    seconds: list[mpmath.mpf] = []
    n = _ZOOM_CELLS
    while True:
        if c is None:
            c = (lo + hi) / 2
        grid = [lo + (c - lo) * i / n for i in range(n)] + [c + (hi - c) * i / n for i in range(n)] + [hi]
        values = [(g, j) for j, g in ((j, objective(t)) for j, t in enumerate(grid)) if g is not None]
        if len(values) < 2:
            return _Zoom(False, where, best, hi - lo)
        values.sort(key=lambda p: p[0], reverse=True)
        (top, j), second = values[0], values[1][0]
        if top > best:
            best, where = top, grid[j]
        if must_beat_ends and not seconds and top <= base:
            return _Zoom(False, where, best, hi - lo)  # nothing inside beats the ends
        seconds.append(second)
        level = len(seconds) - 1
        if level and level % _ZOOM_WINDOW == 0:
            now, then = second - base, seconds[level - _ZOOM_WINDOW] - base
            if not (now > 0 and now >= _ZOOM_GROWTH * max(then, 0)):
                return _Zoom(False, where, best, hi - lo)  # stopped growing: a finite peak
        if 0 < j < 2 * n:
            lo, c, hi = grid[j - 1], grid[j], grid[j + 1]
        else:  # the best value is at an end: keep the cell beside it
            lo, c, hi = (grid[0], None, grid[1]) if j == 0 else (grid[-2], None, grid[-1])
        if hi - lo <= floor_rel * max(1, abs(lo + hi) / 2):
            first_lift = next((g - base for g in seconds if g > base), None)
            lift = seconds[-1] - base
            pole = best - base > _POLE_FACTOR * (abs(base) + scale) or (
                first_lift is not None and lift > _POLE_FACTOR * first_lift
            )
            return _Zoom(pole, where, best, hi - lo)
        if samples.evals - start > budget:
            return _Zoom(False, where, best, hi - lo)


def _refine_sup(sigma: Activation, samples: _Samples, typical: mpmath.mpf, dps: int) -> _Zoom | None:
    """Search between the samples for a pole; the zoom that found one, else None.

    Every point evaluated on the way is recorded in ``samples``, so its largest |sigma| is the
    refined supremum."""
    floor_rel = _floor_rel(sigma, dps)
    scale = typical + mpmath.mpf(10) ** -dps  # never 0: a pole must lift |sigma| by a real amount
    start = samples.evals
    noise = 2.0**-48 if sigma.precision == "float64" else 2.0 ** (8 - mpmath.mp.prec)
    for cand in _zoom_candidates(samples, list(samples.cache), noise):
        left = _REFINE_EVALS - (samples.evals - start)
        if left <= 0:
            break
        zoom = _zoom(samples, cand, floor_rel, scale, min(_CANDIDATE_EVALS, left))
        if zoom.pole:
            return zoom
    return None


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
        samples = _Samples(sigma)
        sup, where = _numeric_sup_at(sigma, dps, samples)
        typical = _median_abs(samples)
        huge = mpmath.mpf(10) ** 30 * (1 + typical)
        if sup > huge:
            # A value 1e30 times the typical size on a finite grid: a pole or a spike, not a bound.
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": _num(where), "|sigma(z)|": _num(sup)}, None,
                "|sigma| is enormous at a sampled point (a pole or a spike)", label,
            )
        undecided: str | None = None
        for sign in (1, -1):
            series = [(t, v) for t in _tail_points(sign, sigma) if (v := samples(t)) is not None]
            if len(series) < 12:
                undecided = "sigma could not be evaluated far out"
                break
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
                undecided = "|sigma| still grows slowly at the largest sampled |z|"
                break
        # Poles and spikes between the sample points: refine around every suspicious interval.
        sampled = samples.evals
        zoom = _refine_sup(sigma, samples, typical, dps)
        if zoom is not None:
            at = samples(zoom.where)
            witness = {"z": _num(zoom.where), "|sigma(z)|": _num(abs(at)) if at is not None else "undefined"}
            return PropertyResult(
                "bounded", "fails", "numeric",
                {**witness, "search interval width": mpmath.nstr(zoom.width, 3)},
                None,
                f"a pole (unbounded spike) of sigma was located near z = {_num(zoom.where)}: |sigma| keeps "
                "growing without bound as the search interval around it shrinks",
                label,
            )
        refined = samples.max_abs_since(sampled)
        if refined is not None and refined[0] > sup:
            sup, where = refined
        if sup > huge:
            return PropertyResult(
                "bounded", "fails", "numeric", {"z": _num(where), "|sigma(z)|": _num(sup)}, None,
                f"|sigma| is enormous near z = {_num(where)}, between the grid points (a pole or a spike)", label,
            )
        if undecided is not None:
            witness = {"max |sigma| sampled": _num(sup)} if undecided.startswith("|sigma|") else {}
            return PropertyResult("bounded", "inconclusive", "numeric", witness, None, undecided, label)
    return PropertyResult(
        "bounded", "holds", "numeric", {"max |sigma| sampled": _num(sup)}, sp.Float(mpmath.nstr(sup, 20), 20),
        "no growth of |sigma| over the last third of |z| = 2^k samples and no pole between the samples "
        "(evidence, not proof)", label,
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
