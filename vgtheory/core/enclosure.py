"""σ and σ' evaluated in arb ball arithmetic until the ball is tight: the precision guard.

Agreement of two floating-point precisions is no proof of accuracy: in exp(u/2^300) − 1 both 30 and 50 digits
round exp to 1 and agree on a wrong 0. A ball carries its own error bound, so the value is returned only when the
ball's radius is below the working precision relative to its midpoint; the precision is raised until it is. Formulas
with parts arb cannot evaluate (unknown functions), points where the ball is not finite go to the caller's fallback
(whose finite real value is then not taken); a finite ball still not tight at the highest precision (a value below
every precision tried) raises :class:`UndeterminedError`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

import mpmath
import sympy as sp
from mpmath.libmp import from_man_exp
from sympy.codegen.cfunctions import expm1 as _expm1, log1p as _log1p

from vgtheory.core._bounded import OwnTimeout, StepTimeout, bounded, bounded_own
from vgtheory.core.balls import int_power, mpf_ball
from vgtheory.core.exact_eval import degree_bound
from vgtheory.errors import ActivationError, NotRealError

try:
    import flint
except ImportError:  # pragma: no cover - python-flint is a dependency
    flint = None

__all__ = ["compile_ball", "tight", "UndeterminedError", "exact_sign", "settle_switches"]

#: Extra bits above the caller's precision, tried in turn (the last, ~5000 digits: gelu_tanh at z = -32 cancels to
#: 1e-1037 and needs it; arb at 16384 bits costs about 1 ms a point).
_EXTRA = (24, 128, 640, 3200, 16384)

_UNARY = {sp.exp: "exp", sp.log: "log", sp.sin: "sin", sp.cos: "cos", sp.tan: "tan", sp.tanh: "tanh",
          sp.sinh: "sinh", sp.cosh: "cosh", sp.sech: "sech", sp.csch: "csch", sp.coth: "coth", sp.atan: "atan",
          sp.asinh: "asinh", sp.erf: "erf", sp.erfc: "erfc", sp.sec: "sec", sp.csc: "csc", sp.cot: "cot",
          # arb agrees with sympy where both are real, and is nan where sympy's value is complex or infinite (the
          # fallback says so); without balls two mpmath precisions agreed on wrong values of these (R50a-1, R51a-1)
          sp.gamma: "gamma", sp.loggamma: "lgamma", sp.erfi: "erfi", sp.fresnels: "fresnel_s",
          sp.fresnelc: "fresnel_c", sp.Si: "si", sp.Ci: "ci", sp.Shi: "shi", sp.Chi: "chi", sp.Ei: "ei", sp.li: "li",
          sp.asin: "asin", sp.acos: "acos", sp.atanh: "atanh", sp.acosh: "acosh", sp.LambertW: "lambertw"}


class _Unsupported(Exception):
    """A node arb has no function for: the formula has no ball evaluation."""


class _Straddles(ValueError):
    """A sign whose argument's ball contains 0 but is not the exact 0: more bits may settle it."""


class _Undecided(Exception):
    """A sign whose argument no ball separates from 0 and no exact test decides: σ has no value there (not a
    ValueError: the fallback's mpmath would read two round-off signs that agree as ±1, R12a-1)."""


#: Working bits from which a switch (sign, Heaviside, a Piecewise condition) whose argument's ball still holds 0 is
#: decided exactly: the argument is then 0 or below 2^-3000, and no more bits tell which.
_EXACT_BITS = 3000

#: Largest binary exponent of a sample point at which a rational part is evaluated exactly (:func:`_exact_rational`).
_EXACT_POINT_BITS = 4096

#: Seconds for the kernel's zero test of one constant switch argument (sympy steps; out of time: undecided).
SWITCH_ZERO_TEST_S = 2.0


#: exact_sign's answers that no clock shaped: a sign, or None because the kernel has no proof at all.
_SIGNS: dict[sp.Expr, int | None] = {}
_SIGNS_MAX = 1024


def exact_sign(c: sp.Expr) -> int | None:
    """The exact sign (−1, 0, 1) of the real constant ``c`` by the kernel's sign under a short clock, None when
    undecided: a switch whose argument no ball separates from 0 is then decided exactly or not at all (R12a-1).

    A None made when the clock (its own or an enclosing step's) ran out is not remembered: it reflects the
    machine's load at that moment, and reusing it would make later answers depend on load and call order."""
    from vgtheory.core.budget import Deadline
    from vgtheory.kernel.numbers import sign  # at call time: the kernel imports core (tests/test_architecture.py)

    if c in _SIGNS:
        return _SIGNS[c]
    clock = Deadline(SWITCH_ZERO_TEST_S)
    fact = sign(c, clock.run)
    out = None if fact is None else fact.value
    if not clock.timed_out:
        if len(_SIGNS) >= _SIGNS_MAX:
            del _SIGNS[next(iter(_SIGNS))]  # oldest first: bounded memory, as the lru_cache it replaces
        _SIGNS[c] = out
    return out


#: Seconds for sympy's exact sign of a switch at one point.
_SETTLE_SECONDS = 2.0


def _settled(arg: sp.Expr, var: sp.Symbol, x: Any) -> int:
    """The sign of ``arg`` at the exact point ``x`` where its ball holds 0 but is not the exact 0: _Straddles below
    _EXACT_BITS (more bits may separate it), then the exact decision on ``arg`` at x, else _Undecided."""
    if flint.ctx.prec < _EXACT_BITS:
        raise _Straddles("the ball straddles 0: sign undecided")  # tight() raises the precision
    at, point = f"{arg}", arg
    if arg.has(var):
        if x.rad() != 0:
            raise _Undecided("a switch on a ball that is not a point")
        man, exp = x.mid().man_exp()
        point = sp.Integer(int(man)) * sp.Integer(2) ** int(exp)
        at = f"{arg} at {var} = {x.mid().str(5, radius=False)}"  # not the point's formula: printing it evaluates it

    def decide() -> tuple[bool, int | None]:
        value = arg.xreplace({var: point}) if point is not arg else arg
        return (False, None) if value.is_extended_real is False else (True, exact_sign(value))

    try:
        # sympy evaluates what it builds: sinh(e^(e^(z^2))) at z = 2^30 ran for minutes in mpmath (R20a-4)
        real, s = bounded(decide, _SETTLE_SECONDS)
    except StepTimeout:
        raise _Undecided(f"the sign of {at} is not decided within {_SETTLE_SECONDS:g} s") from None
    if not real:  # log(z) < 1 at z < 0 (R14a-6): no real switch, so no real sigma there
        raise NotRealError(f"the switch {at} < 0 or > 0 compares a number that is not real")
    if s is None:
        raise _Undecided(f"the sign of {at} is not decided (no ball separates it from 0, no exact test proves it 0)")
    return s


def settle_switches(expr: sp.Expr) -> sp.Expr | None:
    """``expr`` with each sign and Heaviside of a constant replaced by its exact value; None when one is undecided
    (two mpmath round-offs of cos(π/7) + cos(3π/7) + cos(5π/7) − 1/2 agree on a sign, R12a-1)."""
    undecided: list[sp.Expr] = []

    def value(n: sp.Expr) -> sp.Expr:
        s = exact_sign(n.args[0])
        if s is None:
            undecided.append(n)
            return n
        if isinstance(n, sp.sign) or s != 0:
            return sp.Integer(s if isinstance(n, sp.sign) else max(s, 0))
        return n.args[1] if len(n.args) > 1 else sp.S.Half  # Heaviside(0): its stated value, else sympy's 1/2
    out = expr.replace(lambda n: isinstance(n, (sp.sign, sp.Heaviside)) and not n.args[0].free_symbols, value)
    return None if undecided else out


class UndeterminedError(ActivationError):
    """σ (or σ') at a point was not confirmed at any precision tried: no value, and no evidence for
    or against any property there (σ may well be defined and real at that point).

    ``bound`` is a rigorous upper bound on the magnitude of the value where arb gave one (a finite
    ball that still contains 0 or is too wide at the highest precision), else None."""

    def __init__(self, message: str, bound: mpmath.mpf | None = None) -> None:
        super().__init__(message)
        self.bound = bound


def _node(e: sp.Expr, var: sp.Symbol, shared: dict) -> Callable[[Any], Any]:
    """``e`` as a function of a ball; a subexpression met again reuses its function (``shared``: the
    counts of the whole formula's subexpressions and the functions built), which keeps the ball it
    computed last: a slope formula repeats tanh(z) a dozen times, and at 16384 bits each
    repeat cost 0.2 ms (the tail of check's vanishing-derivative samples: 30 s -> a few)."""
    counts, built = shared["counts"], shared["built"]
    f = built.get(e)
    if f is None:
        f = _build(e, var, shared)
        if counts.get(e, 0) > 1 and not (e == var or e.is_Number):
            f = _reuse(f)
        built[e] = f
    return f


#: Degree (an upper bound: :func:`~vgtheory.core.exact_eval.degree_bound`) beyond which a rational function is not
#: expanded to be evaluated exactly.
_EXACT_DEGREE = 64


def _exact_rational(e: sp.Expr, var: sp.Symbol) -> Callable[[Any], Any] | None:
    """A rational function of ``var`` with rational coefficients, evaluated exactly in fmpq at an exact ball (a
    sample point), by balls otherwise. z/10 - 1/10 at z = 1 is then the exact 0, not a ball of radius 2^-prec
    around it that no precision shrinks to a point: Max(z/10 - 1/10, z - 1) at its kink 1 was "not confirmed
    with 16384 bits" (R14b-2's fixer), where its value is 0."""
    if degree_bound(e, var) > _EXACT_DEGREE:
        return None  # cancel() expands (1 + z/1000)^1000 / (...): minutes (R24b-2); balls evaluate it as written
    try:
        num, den = (sp.Poly(p, var) for p in sp.fraction(sp.cancel(e)))
    except sp.PolynomialError:
        return None
    if not all(p.domain in (sp.ZZ, sp.QQ) for p in (num, den)):  # sympy's EX: z*acosh(1 + 10^-30) is Poly(0)
        return None
    pn, pd = (flint.fmpq_poly([flint.fmpq(int(c.p), int(c.q)) for c in reversed(p.all_coeffs())]) for p in (num, den))
    by_balls = _build(e, var, {"counts": {}, "built": {}, "balls_only": True})

    def exact(x: Any) -> Any:
        if not x.is_exact() or not x.is_finite():
            return by_balls(x)
        man, exp = x.mid().man_exp()
        if abs(int(exp)) > _EXACT_POINT_BITS:  # 2^(-10^6): exact rationals of that size cost more than they settle
            return by_balls(x)
        point = flint.fmpq(int(man)) * flint.fmpq(2) ** int(exp)
        if pd(point) == 0:
            raise ZeroDivisionError("a pole of a rational part")
        return flint.arb(pn(point) / pd(point))
    return exact


def _reuse(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """f, remembering its value at the last (ball, precision): one tuple, read and written whole, so
    that two threads evaluating one formula never mix one's ball with the other's value."""
    last: list = [(None, 0, None)]

    def again(x: Any) -> Any:
        prev = last[0]
        prec = flint.ctx.prec
        if prev[0] is x and prev[1] == prec:
            return prev[2]
        value = f(x)
        last[0] = (x, prec, value)
        return value
    return again


def _build(e: sp.Expr, var: sp.Symbol, shared: dict) -> Callable[[Any], Any]:
    if e == var:
        return lambda x: x
    if (not shared.get("balls_only") and e.has(var) and e.is_rational_function(var)
            and (exact := _exact_rational(e, var)) is not None):
        return exact
    if e.is_Rational:
        p, q = int(e.p), int(e.q)
        return lambda x: flint.arb(flint.fmpq(p, q))
    if e.is_Float:
        s, man, exp, _ = e._mpf_
        m = -man if s else man
        return lambda x: flint.arb((m, exp))
    if e is sp.pi:
        return lambda x: flint.arb.pi()
    if e is sp.E:
        return lambda x: flint.arb.const_e()
    if e is sp.EulerGamma:
        return lambda x: flint.arb.const_euler()
    if e is sp.Catalan:
        return lambda x: flint.arb.const_catalan()
    if isinstance(e, sp.Piecewise):
        branches = [(_node(v, var, shared), _condition(c, var, shared)) for v, c in e.args]

        def piecewise(x):
            for value, holds in branches:
                if holds(x):
                    return value(x)
            raise ValueError("no branch holds")  # nan in sympy: the fallback says so
        return piecewise
    if isinstance(e, sp.Pow) and isinstance(e.base, sp.gamma) and e.exp.is_Integer and e.exp < 0:
        inner, n = _node(e.base.args[0], var, shared), -int(e.exp)  # 1/gamma is 0 at its poles, as sympy's 1/zoo
        return lambda x: int_power(inner(x).rgamma(), n)
    args = [_node(a, var, shared) for a in e.args]
    if isinstance(e, sp.Add):
        def add(x):
            out = args[0](x)
            for f in args[1:]:
                out = out + f(x)
            return out
        return add
    if isinstance(e, sp.Mul):
        def mul(x):
            out = args[0](x)
            for f in args[1:]:
                out = out * f(x)
            return out
        return mul
    if isinstance(e, sp.Pow):
        base, ex = args
        if e.exp.is_Integer:
            n = int(e.exp)
            return (lambda x: int_power(base(x), n)) if n >= 0 else (lambda x: 1 / int_power(base(x), -n))
        if e.exp == sp.S.Half:
            return lambda x: base(x).sqrt()
        return lambda x: base(x) ** ex(x)
    if isinstance(e, sp.Abs):
        return lambda x: abs(args[0](x))
    if isinstance(e, sp.sign):
        inner = args[0]

        def sign(x):
            b = inner(x)
            if b > 0:  # arb: True only when the whole ball is positive
                return flint.arb(1)
            if b < 0:
                return flint.arb(-1)
            if b == 0:  # the exact zero ball: sign(0) = 0
                return flint.arb(0)
            return flint.arb(_settled(e.args[0], var, x))
        return sign
    if isinstance(e, (sp.Max, sp.Min)):
        pick = "max" if isinstance(e, sp.Max) else "min"

        def extreme(x):
            out = args[0](x)
            for f in args[1:]:
                out = getattr(out, pick)(f(x))
            return out
        return extreme
    if isinstance(e, sp.Heaviside):
        inner, h0 = args[0], (args[1] if len(args) > 1 else (lambda x: flint.arb(flint.fmpq(1, 2))))

        def step(x):
            b = inner(x)
            if b > 0:
                return flint.arb(1)
            if b < 0:
                return flint.arb(0)
            s = 0 if b == 0 else _settled(e.args[0], var, x)
            return h0(x) if s == 0 else flint.arb(max(s, 0))
        return step
    if type(e) in _UNARY and len(args) == 1:
        name = _UNARY[type(e)]
        return lambda x: getattr(args[0](x), name)()
    if isinstance(e, sp.polygamma) and e.args[0].is_Integer and e.args[0] >= 0:  # psi^(n): sympy's d^(n+1) loggamma
        return lambda x, n=int(e.args[0]): args[1](x).digamma() if n == 0 else flint.acb(args[1](x)).polygamma(n).real
    if isinstance(e, (_expm1, _log1p)):  # stable_form's rewrites (elu, selu, softplus, mish)
        name = "expm1" if isinstance(e, _expm1) else "log1p"
        return lambda x: getattr(args[0](x), name)()
    if isinstance(e, sp.acot):
        return lambda x: (1 / args[0](x)).atan()
    raise _Unsupported(type(e).__name__)


_COMPARE = {sp.StrictGreaterThan: (lambda a, b: a > b, lambda a, b: a <= b),
            sp.StrictLessThan: (lambda a, b: a < b, lambda a, b: a >= b),
            sp.GreaterThan: (lambda a, b: a >= b, lambda a, b: a < b),
            sp.LessThan: (lambda a, b: a <= b, lambda a, b: a > b)}


def _infinite_at(e: sp.Expr, var: sp.Symbol, x: Any) -> bool:
    """Whether sympy's exact value of ``e`` at the point ball ``x`` is infinite (zoo, ±oo)."""
    if x.rad() != 0:
        return False
    man, exp = x.mid().man_exp()
    at = e.xreplace({var: sp.Integer(int(man)) * sp.Integer(2) ** int(exp)})
    # Only the literal infinities of sympy's automatic evaluation: asking sympy's assumptions (is_infinite) evaluates
    # the expression numerically, which for tanh(e^(e^(z^2))) at a large z never finishes.
    return bool(at.has(sp.zoo, sp.oo, sp.S.NegativeInfinity))


def _condition(c: sp.Basic, var: sp.Symbol, shared: dict) -> Callable[[Any], bool]:
    """A Piecewise condition on a ball: True or False when it holds or fails on the whole ball."""
    if c in (sp.true, sp.false):
        return lambda x: bool(c)
    if isinstance(c, sp.Not):  # R41a-2: a Not of an And/Or whose deciding part decides
        inner = _condition(c.args[0], var, shared)
        return lambda x: not inner(x)
    if isinstance(c, (sp.And, sp.Or)):
        parts, decisive = [_condition(a, var, shared) for a in c.args], isinstance(c, sp.Or)

        def combined(x):
            # As sympy reads it: a part that decides (True in an Or, False in an And) decides, whatever the others
            # (sqrt(z) < 2 has no real value at z < 0, yet Or(z < 0, sqrt(z) < 2) holds there: R40a-1); else every
            # part must be decided on the ball, and the first that is not raises (_Straddles: more bits may).
            failure = None
            for p in parts:
                try:
                    if p(x) is decisive:
                        return decisive
                except (_Straddles, _Undecided, ValueError, ArithmeticError) as exc:
                    failure = failure or exc
            if failure is not None:
                raise failure
            return not decisive
        return combined
    if isinstance(c, (sp.Eq, sp.Ne)):  # decided where lhs − rhs is separated from 0, or exactly 0, on the whole ball
        gap, equal = _node(c.lhs - c.rhs, var, shared), isinstance(c, sp.Eq)

        def same(x):
            d = gap(x)
            if 0 not in d:
                return not equal
            return equal == (d.is_zero() or _settled(c.lhs - c.rhs, var, x) == 0)
        return same
    if type(c) not in _COMPARE:
        raise _Unsupported(type(c).__name__)
    (yes, no), lhs, rhs = _COMPARE[type(c)], _node(c.lhs, var, shared), _node(c.rhs, var, shared)

    def holds(x):
        a, b = lhs(x), rhs(x)
        if any(not v.is_finite() for v in (a, b)) and _infinite_at(c.lhs - c.rhs, var, x):
            # |z|^(-2/3) at 0: no number (sympy's zoo), where the comparison came out false (R41a-3); a side that is
            # not real (log of a negative) goes on to the exact test and the fallback, which say so
            raise _Undecided("a side of a condition is infinite")
        if yes(a, b):
            return True
        if no(a, b):
            return False
        return bool(yes(flint.arb(_settled(c.lhs - c.rhs, var, x)), flint.arb(0)))
    return holds


def compile_ball(expr: sp.Expr, var: sp.Symbol) -> Callable[[Any], Any] | None:
    """``expr`` (in ``var``) as a function of an arb ball, or None when arb cannot evaluate it."""
    if flint is None:
        return None
    try:
        return _node(expr, var, {"counts": Counter(sp.preorder_traversal(expr)), "built": {}})
    except _Unsupported:
        return None


def tight(ball_fn: Callable[[Any], Any], fallback: Callable[[mpmath.mpf], mpmath.mpf],
          probe: Callable[[mpmath.mpf], Any] | None = None) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """t ↦ the value of ``ball_fn`` at t, correct to the caller's working precision (radius below 2^-prec of the
    midpoint), raising arb's precision until it is. Where arb cannot evaluate the formula at t (a non-finite ball, a
    power it cannot decide), ``fallback(t)`` (not a finite real one, below); a switch no ball decides is decided
    exactly, else :class:`UndeterminedError` without a bound. Where the ball at the highest precision still contains
    0 or is too wide, :class:`UndeterminedError` with the ball's magnitude as a rigorous bound: the value lies below
    every precision tried (s/(1 + s) - s^2/(1 + s)^2 with s = e^(10^4)), which mpmath would confirm at a hundred times
    the cost (mpmath at 16384 bits: 0.5 s a point, arb at 3300: 1 ms)."""

    def call(t: mpmath.mpf) -> mpmath.mpf:
        prec = mpmath.mp.prec
        # t exactly (mpf(t) would round it to the working precision: √3 - 10^-40 to √3's neighbour).
        x = mpf_ball(t if isinstance(t, mpmath.mpf) else mpmath.mpf(t))
        old = flint.ctx.prec
        b = None
        unbounded = False  # every ball tried was an infinite or nan one (not an exception of arb's)
        try:
            for extra in _EXTRA:
                if extra == _EXTRA[-1]:
                    if b is None:
                        break  # the last level resolves a cancellation in a finite ball, not an overflow
                    _refusals(probe, t)  # exp(exp(exp(8))) is finite only there: refused as too large
                flint.ctx.prec = prec + extra
                try:
                    b = ball_fn(x)
                except _Straddles:
                    # A sample point a rounding away from a sign's switch (the mpf nearest sqrt(2) in
                    # sign(z - sqrt(2))): a few more bits separate them, and arb at 128 bits costs far
                    # less than the mpmath fallback's climb to 16384 (7 ms a point, the same point
                    # asked for by every check of a cusp at sqrt(2)).
                    b = None
                    continue
                if not b.is_finite():
                    # Often an intermediate overflow of a low precision (e^(2^101) at 24 extra
                    # bits is nan, at 128 it is a number): the next precision may do.
                    b, unbounded = None, True
                    continue
                unbounded = False
                # arb's relative accuracy is a lower bound on -log2(rad/|mid|) (exact balls: the largest integer; balls
                # containing 0: <= 0), so this passes only where rad <= |mid| 2^-(prec+2).
                if b.rel_accuracy_bits() >= prec + 2:
                    flint.ctx.prec = old
                    man, exp = b.mid().man_exp()  # the midpoint rounded to nearest at prec bits
                    return mpmath.mp.make_mpf(from_man_exp(int(man), int(exp), prec, "n"))
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            b, unbounded = None, False
        except _Undecided as exc:
            raise UndeterminedError(f"not confirmed at z = {mpmath.nstr(t, 8)}: {exc}") from None
        finally:
            flint.ctx.prec = old
        if b is None:
            value = fallback(t)
            if unbounded and isinstance(value, mpmath.mpf) and mpmath.isfinite(value):
                # arb's ball stayed infinite (or nan) up to prec + 3200 bits where mpmath's value is finite: an
                # intermediate no precision tried resolves, and two mpmath precisions below it agree on a wrong value
                # (1 + e^(-1/z^2) needs 94548 bits at 2^-8: 1.0 for e^-gamma, R51a-1)
                raise UndeterminedError(f"not resolved at z = {mpmath.nstr(t, 8)}: even at {prec + _EXTRA[-2]} bits "
                                        "its rigorous enclosure is unbounded (an intermediate value too wide or too "
                                        "large), and mpmath's agreement below that is not trusted")
            return value
        _refusals(probe, t)
        bound = _upper(b)
        # Said as what it means: the raw ball alone read as an internal dump (R21b-6).
        raise UndeterminedError(f"not resolved at z = {mpmath.nstr(t, 8)}: even at {prec + _EXTRA[-1]} bits, the most "
                                f"tried, its rigorous enclosure {b.mid().str(5)} +- {b.rad().str(3)} does not give the "
                                "working digits (a cancellation beyond that precision)", bound)

    return call


def _refusals(probe: Callable[[mpmath.mpf], Any] | None, t: mpmath.mpf) -> None:
    """One evaluation at the working precision, within half a second (mpmath's Fresnel integral at e^1024 takes
    minutes, R52a-4), for what it refuses (sin or exp beyond 1e1000: BeyondRangeError), a reason, not a bound."""
    if probe is None:
        return
    try:
        bounded_own(lambda: probe(t), 0.5)
    except OwnTimeout:
        pass
    except ActivationError:
        raise
    except Exception:  # noqa: BLE001 - any other failure says no more than the ball did
        pass


def _upper(b: Any) -> mpmath.mpf:
    """An mpf at least |x| for every x in the ball b (arb rounds its upper end outward)."""
    man, exp = b.abs_upper().man_exp()
    return mpmath.mpf((int(man), int(exp)))
