r"""Symbolic limits that are proofs, and the trusted class in which sympy's limit decides.

sympy's ``limit`` (Gruntz's algorithm plus heuristics) is a decision procedure only for
functions with a well-behaved tail: it ignores singularities met on the way to infinity and
can return a limit for an expression that has none. A limit at ±∞ is therefore accepted as a
proof only when the expression, reduced to its branch near the end, is in the **trusted class**
:func:`in_trusted_class` and sympy proves it continuous on a neighbourhood of the end
(:func:`continuous_near`). The class (documented in docs/check.md):

* rational constants and real constants free of z (π, e, √2, log 2, ...) and the variable z;
* sums, products and powers of members (z-dependent exponents included: f^g = exp(g log f));
* exp, log, and tanh, sinh, cosh, sech, csch, coth, asinh, atan, acot, erf, erfc, Abs of members
  (a member has eventually constant sign, so its absolute value is ± itself near the end);
* sin, cos, tan, sec, csc, cot of a member whose own limit at the end is finite (the analytic
  function of a convergent argument; sin(z), cos(πz) and (1 − cos z)^{1/4} are outside).

Every member is eventually continuous and of constant sign (Hardy's theorem on exp-log
functions, extended by functions analytic on the reals and by compositions with a convergent
argument), which is the setting of Gruntz's algorithm. Abs, sign, Heaviside, Max, Min and
Piecewise are first reduced to the branch that holds on a neighbourhood of the end; whatever
cannot be reduced is outside the class.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any, Callable, Mapping

import sympy as sp
from sympy.calculus.util import continuous_domain

from ._bounded import StepTimeout, bounded
from .activations import Z
from .verdicts import DEFAULT_TIMEOUT

__all__ = [
    "Deadline",
    "symbolic_limit",
    "in_trusted_class",
    "trusted_near",
    "continuous_near",
    "continuous_everywhere",
    "eventual_branch",
    "same_number",
    "POINTS",
]

#: Named limit points: value and the side sympy approaches from.
POINTS: Mapping[str, tuple[sp.Expr, str]] = {
    "+oo": (sp.oo, "-"),
    "-oo": (-sp.oo, "+"),
    "0+": (sp.Integer(0), "+"),
    "0-": (sp.Integer(0), "-"),
}

#: A limit point: a name of :data:`POINTS`, or (b, '+') / (b, '-') for a one-sided limit at b.
Point = Any


class Deadline:
    """A time budget shared by the sympy steps of one check."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def run(self, fn: Callable[[], Any]) -> Any:
        """fn() under the remaining budget; None when it times out or sympy gives up."""
        try:
            return bounded(fn, self.end - time.monotonic())
        except StepTimeout:
            return None
        except (NotImplementedError, TypeError, ValueError, AttributeError, RecursionError, IndexError, KeyError):
            return None


def as_deadline(deadline: Deadline | float) -> Deadline:
    return deadline if isinstance(deadline, Deadline) else Deadline(float(deadline))


def _resolve(point: Point) -> tuple[sp.Expr, str]:
    if isinstance(point, str):
        return POINTS[point]
    b, side = point
    return sp.sympify(b), side


def _at_infinity(point: Point) -> bool:
    return isinstance(point, str) and point in ("+oo", "-oo")


def symbolic_limit(expr: sp.Expr, point: Point, deadline: Deadline | float = DEFAULT_TIMEOUT) -> sp.Expr | None:
    """The limit of ``expr`` (in :data:`Z`) at ``point``, or None when it is not proved.

    ``point`` is '+oo', '-oo', '0+', '0-' or (b, '+'/'-'). Piecewise-like definitions are first
    reduced to the branch that holds on a one-sided neighbourhood of the point. At ±∞ the
    branch must be in the trusted class and proved continuous near the end, or the answer is
    None. Returns a real number, ±oo, a finite ``AccumBounds`` (an enclosure of the limit
    points, never a proof that there is no limit), or None.
    """
    deadline = as_deadline(deadline)
    target, direction = _resolve(point)
    reduced = deadline.run(lambda: eventual_branch(expr, point))
    if reduced is None:
        return None
    if not trusted_near(reduced, point, deadline):
        return None
    reduced = _stable(reduced)
    value = deadline.run(lambda: _limit(reduced, target, direction))
    return _classify_limit(value)


@lru_cache(maxsize=512)
def _limit(expr: sp.Expr, target: sp.Expr, direction: str) -> Any:
    """sympy's limit, memoised: one report asks for the same limit from several checks (a step
    that times out raises, and is not remembered)."""
    return sp.limit(expr, Z, target, direction)


_W = sp.Wild("w")
#: Identities that spare Gruntz a cancellation (1 − tanh² is sech², exactly).
_REWRITES = ((1 - sp.tanh(_W) ** 2, sp.sech(_W) ** 2), (-sp.tanh(_W) ** 2 + 1, sp.sech(_W) ** 2))


@lru_cache(maxsize=512)
def _stable(expr: sp.Expr) -> sp.Expr:
    # Wild matching walks every subterm (slow on long σ'); without tanh nothing can match.
    if not expr.has(sp.tanh):
        return expr
    for pattern, replacement in _REWRITES:
        expr = expr.replace(pattern, replacement)
    return expr


# -- the trusted class ---------------------------------------------------------------------------


_U = sp.Symbol("u", positive=True)


def trusted_near(reduced: sp.Expr, point: Point, deadline: Deadline | float = DEFAULT_TIMEOUT) -> bool:
    """Whether a sympy limit of ``reduced`` (already its branch near ``point``) at ``point`` is a proof.

    At ±∞: the expression is in the trusted class and continuous near the end. At a finite
    point b from one side: the same test at +∞ for u ↦ expr(b ± 1/u), so that singularities
    accumulating at b (sin(1/z), 1/sin(1/z)) are outside as well.
    """
    deadline = as_deadline(deadline)
    if _at_infinity(point):
        return in_trusted_class(reduced, point, deadline) and continuous_near(reduced, point, deadline)
    b, side = _resolve(point)
    moved = deadline.run(lambda: reduced.subs(Z, b + (1 if side == "+" else -1) / _U).subs(_U, Z))
    return moved is not None and in_trusted_class(moved, "+oo", deadline) and continuous_near(reduced, point, deadline)


#: Functions whose composition with a member stays in the class (exp-log or analytic on R with
#: a known expansion at infinity).
_HARDY = (sp.exp, sp.log, sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.coth, sp.asinh, sp.atan, sp.acot,
          sp.erf, sp.erfc, sp.Abs)
#: Periodic functions: in the class only of an argument that converges at the end.
_PERIODIC = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)


def in_trusted_class(expr: sp.Expr, end: Point = "+oo", deadline: Deadline | float = DEFAULT_TIMEOUT) -> bool:
    """Whether ``expr`` is in the class where a sympy limit at ``end`` is a proof (module doc).

    ``expr`` must already be reduced to its branch near the end (:func:`eventual_branch`).
    A periodic function of a z-dependent argument is accepted only when sympy proves the
    argument's limit at ``end`` finite (recursively, in the class).
    """
    deadline = as_deadline(deadline)
    if not expr.has(Z):
        return bool(expr.is_extended_real) and bool(expr.is_finite)
    if expr == Z:
        return True
    if isinstance(expr, (sp.Add, sp.Mul, sp.Pow)) or isinstance(expr, _HARDY):
        return all(in_trusted_class(a, end, deadline) for a in expr.args)
    if isinstance(expr, _PERIODIC):
        (arg,) = expr.args
        if not in_trusted_class(arg, end, deadline):
            return False
        target, direction = _resolve(end)
        inner = deadline.run(lambda: sp.limit(_stable(arg), Z, target, direction))
        return _classify_limit(inner) is not None and bool(inner.is_finite) and not isinstance(inner, sp.AccumBounds)
    return False


def continuous_near(expr: sp.Expr, point: Point, deadline: Deadline | float = DEFAULT_TIMEOUT) -> bool:
    """Whether sympy proves ``expr`` continuous on a one-sided neighbourhood of ``point``:
    (T, ∞) or (−∞, −T) at ±∞, (b, b + δ) or (b − δ, b) at a finite point."""
    deadline = as_deadline(deadline)
    if continuous_everywhere(expr):
        return True
    # Sufficient: continuous on the whole half-line (b, oo) or (-oo, b) (b = 0 at infinity),
    # proved structurally with z = b +- t, t > 0, so that sympy's assumptions see the signs.
    b, side = (sp.Integer(0), "+" if point == "+oo" else "-") if _at_infinity(point) else _resolve(point)
    shifted = deadline.run(lambda: expr.subs(Z, b + (_U if side == "+" else -_U)))
    if shifted is not None and continuous_everywhere(shifted, _U):
        return True
    if _at_infinity(point):
        where, at = sp.S.Reals, None
    else:
        at, side = _resolve(point)
        where = sp.Interval.open(at, at + 1) if side == "+" else sp.Interval.open(at - 1, at)
    domain = deadline.run(lambda: continuous_domain(expr, Z, where))
    if not isinstance(domain, sp.Set):
        return False
    rest = deadline.run(lambda: where - domain)
    if rest is None:
        return False
    if rest is sp.S.EmptySet:
        return True
    if at is None:
        bound = deadline.run(lambda: rest.sup if point == "+oo" else rest.inf)
        return bool(bound.is_finite) if bound is not None else False
    bound = deadline.run(lambda: rest.inf if side == "+" else rest.sup)
    return bound is not None and bool(bound > at if side == "+" else bound < at)


#: Functions continuous on all of R.
_ENTIRE = (sp.exp, sp.sin, sp.cos, sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.asinh, sp.atan, sp.erf, sp.erfc, sp.Abs)


def continuous_everywhere(expr: sp.Expr, var: sp.Symbol = Z) -> bool:
    """A structural proof that ``expr`` is continuous wherever ``var`` may range (all of R for z;
    (0, oo) for a positive symbol): compositions of functions continuous on R, and powers and
    logarithms whose base sympy's assumptions prove positive (nonzero for integer exponents)."""
    if not expr.has(var):
        return bool(expr.is_extended_real) and bool(expr.is_finite)
    if expr == var:
        return True
    if isinstance(expr, (sp.Add, sp.Mul)) or isinstance(expr, _ENTIRE):
        return all(continuous_everywhere(a, var) for a in expr.args)
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        if not (continuous_everywhere(base, var) and continuous_everywhere(exp, var)):
            return False
        if exp.is_integer and exp.is_nonnegative:
            return True
        if exp.is_integer and exp.is_negative:
            return bool(base.is_nonzero)
        return bool(base.is_positive)
    if isinstance(expr, sp.log):
        return continuous_everywhere(expr.args[0], var) and bool(expr.args[0].is_positive)
    return False


# -- piecewise reduction ---------------------------------------------------------------------------

_PIECEWISE_LIKE = (sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.Abs, sp.sign)


@lru_cache(maxsize=512)
def eventual_branch(expr: sp.Expr, point: Point) -> sp.Expr | None:
    """The expression that equals ``expr`` on a one-sided neighbourhood of ``point``, or None.

    Max, Min, Heaviside, Piecewise (and, at ±∞, Abs and sign) are rewritten as Piecewise and
    the first branch whose condition holds near the point is kept. Memoised (a pure function;
    several checks of one report reduce the same σ at the same end).
    """
    kinds = _PIECEWISE_LIKE if _at_infinity(point) else (sp.Max, sp.Min, sp.Heaviside, sp.Piecewise)
    if not expr.has(*kinds):
        return expr
    folded = piecewise_form(expr, tuple(k for k in kinds if k is not sp.Piecewise))
    if not isinstance(folded, sp.Piecewise):
        return None if folded.has(sp.Piecewise) else folded
    covered: sp.Set = sp.S.EmptySet
    for value, cond in folded.args:
        where = condition_set(cond)
        effective = sp.Intersection(where, sp.S.Reals) - covered
        covered = sp.Union(covered, where)
        if holds_near(effective, point):
            return eventual_branch(value, point)
    return None


@lru_cache(maxsize=256)
def piecewise_form(expr: sp.Expr, kinds: tuple[type, ...]) -> sp.Expr:
    """``expr`` with every subterm of one of ``kinds`` rewritten as a Piecewise, then folded.

    Memoised (a pure function): sympy's Piecewise canonicalisation solves each condition, which is
    slow for Max/Min, and one report folds the same σ, σ' and σ'' in several checks.
    """
    return sp.piecewise_fold(expr.replace(lambda n: isinstance(n, kinds), lambda n: n.rewrite(sp.Piecewise)))


@lru_cache(maxsize=1024)
def condition_set(cond: sp.Basic) -> sp.Set:
    """The real z where ``cond`` holds: exact interval arithmetic for conditions linear in z (the
    breakpoints of Abs, Max, Min, Heaviside), sympy's ``as_set`` otherwise. Memoised (pure)."""
    if cond is sp.true:
        return sp.S.Reals
    if cond is sp.false:
        return sp.S.EmptySet
    if isinstance(cond, sp.And):
        return sp.Intersection(*(condition_set(c) for c in cond.args))
    if isinstance(cond, sp.Or):
        return sp.Union(*(condition_set(c) for c in cond.args))
    if isinstance(cond, (sp.Eq, sp.Ne)):
        # Max/Min rewritten as Piecewise give Eq(z, b) pieces; as_set on them is slow.
        diff = sp.expand(cond.lhs - cond.rhs)
        slope, rest = diff.coeff(Z, 1), diff.coeff(Z, 0)
        if (diff == slope * Z + rest and slope.is_number and rest.is_number and slope.is_nonzero
                and slope.is_real and rest.is_real):
            root = sp.FiniteSet(-rest / slope)
            return root if isinstance(cond, sp.Eq) else sp.S.Reals - root
    if isinstance(cond, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)):
        diff = sp.expand(cond.lhs - cond.rhs)  # cond: diff op 0
        slope, rest = diff.coeff(Z, 1), diff.coeff(Z, 0)
        if diff == slope * Z + rest and slope.is_number and rest.is_number and slope.is_nonzero and slope.is_real:
            root = -rest / slope
            strict = isinstance(cond, (sp.StrictLessThan, sp.StrictGreaterThan))
            above = isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan)) == bool(slope.is_positive)
            if above:
                return sp.Interval(root, sp.oo, left_open=strict)
            return sp.Interval(-sp.oo, root, right_open=strict)
    return cond.as_set()


def holds_near(where: sp.Set, point: Point) -> bool:
    """Whether ``where`` contains a one-sided neighbourhood of ``point``."""
    if point == "+oo":
        rest = sp.S.Reals - where
        return rest is sp.S.EmptySet or bool(rest.sup < sp.oo)
    if point == "-oo":
        rest = sp.S.Reals - where
        return rest is sp.S.EmptySet or bool(rest.inf > -sp.oo)
    b, side = _resolve(point)
    near = sp.Interval.open(b, sp.oo) if side == "+" else sp.Interval.open(-sp.oo, b)
    rest = near - where
    if rest is sp.S.EmptySet:
        return True
    return bool(rest.inf > b) if side == "+" else bool(rest.sup < b)


# -- comparing and classifying limits --------------------------------------------------------------


def same_number(a: sp.Expr | None, b: sp.Expr | None) -> bool | None:
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
