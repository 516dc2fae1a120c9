"""σ and σ' of a formula evaluated at mpmath precision: stable rewrites, arb enclosures and the
precision guard.

A formula is first rewritten where mpmath would cancel catastrophically (1 - tanh² as sech², 1 + erf
as erfc(-u), log(1 + e^u) as log1p, ...: :func:`stable_form`), then evaluated in arb balls raised
until tight (:mod:`vgtheory.core.enclosure`), falling back to mpmath at rising precisions until two
agree (:func:`guarded`). Where neither confirms a value, :class:`UndeterminedError`: no number, and
no evidence either way at that point. :func:`evaluate` turns what a formula or callable raises into one clear
:class:`~vgtheory.errors.ActivationError`.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any, Callable

import mpmath
import sympy as sp
from sympy.codegen.cfunctions import expm1 as _expm1, log1p as _log1p  # printed as mpmath functions

from vgtheory.core.dyadic import rational
from vgtheory.core.mp_code import lambdify_mp
from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.budget import tick_call_clock
from vgtheory.core.serial import calling_user_code
from vgtheory.core.enclosure import UndeterminedError, compile_ball, exact_sign, settle_switches, tight
from vgtheory.core.pole_shift import removable_value
from vgtheory.core.point_branches import Undecided, branches_at, point_conditions
from vgtheory.errors import ActivationError, NotRealError, VGTheoryError
from vgtheory.core.mp_functions import BOUNDED as _BOUNDED, BeyondRangeError, PowerOf as _PowerOf, power as _power
from vgtheory.core.parsing import Z

__all__ = ["BeyondRangeError", "UndeterminedError", "stable_form", "enclosed", "compiled", "guarded", "evaluate"]


class _ErfcNeg(sp.Function):
    """erfc(-u), opaque to sympy: cse and the printer rebuild an unevaluated erfc(-u) and so turn it
    into 2 - erfc(u), the very cancellation (gelu's 1 + erf(z/sqrt 2) in the left tail) it avoids."""


def _lambdify(expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    expr = expr.replace(
        lambda n: isinstance(n, sp.erfc) and n.args[0].could_extract_minus_sign(), lambda n: _ErfcNeg(-n.args[0]),
    )
    expr = expr.replace(lambda n: isinstance(n, sp.Pow) and n.exp.has(Z), lambda n: _PowerOf(n.base, n.exp))
    modules = [{**_BOUNDED, "_ErfcNeg": lambda u: mpmath.erfc(-u), "PowerOf": _power}, "mpmath"]
    # cse: nested formulas (tanh of tanh ...) repeat their inner terms in every factor of sigma'.
    plain = lambdify_mp(Z, expr, modules, cse=_cse_outside_piecewise)
    constants: dict[sp.Dummy, sp.Expr] = {}
    masked = _mask_constants(expr, constants)
    if not constants:
        return plain
    # The constants are computed once per working precision, by the same operations in the same
    # order (so to the same bits): selu's five erfc(...)/e^(1/2) terms were 14 of the 18 s of a
    # numeric check of its callable. A constant that cannot be evaluated leaves it to ``plain``.
    body = lambdify_mp((Z, *constants), masked, modules, cse=_cse_outside_piecewise)
    parts = [lambdify_mp((), c, modules) for c in constants.values()]
    known: dict[int, list] = {}

    def call(z: mpmath.mpf) -> mpmath.mpf:
        values = known.get(mpmath.mp.prec)
        if values is None:
            try:
                values = known[mpmath.mp.prec] = [part() for part in parts]
            except Exception:  # noqa: BLE001 - plain raises it again, where and as it did
                return plain(z)
        return body(z, *values)

    return call


def _cse_outside_piecewise(expr: sp.Expr) -> tuple[list, sp.Expr]:
    """sympy's cse, blind to the inside of Piecewise: a term shared by two branches (1/(4z) in
    1 - 1/(4z) for z > 1/2 and -1 - 1/(4z) for z < -1/2) hoisted out would be evaluated where no
    branch using it applies, and raise (ZeroDivisionError at z = 0) where sigma is defined."""
    hidden = {pw: sp.Dummy() for pw in expr.atoms(sp.Piecewise)}
    replacements, reduced = sp.cse(expr.xreplace(hidden), list=False)
    back = {d: pw for pw, d in hidden.items()}
    return [(s, e.xreplace(back)) for s, e in replacements], reduced.xreplace(back)


_W = sp.Wild("w")


def _ERFC_NEG(w: sp.Expr) -> sp.Expr:
    # sympy would evaluate erfc(-w) back to 2 - erfc(w), the cancellation itself.
    return sp.erfc(-w, evaluate=False)



#: Rewrites that remove catastrophic cancellation: sympy writes tanh' as 1 - tanh^2, which is
#: exactly 0 at 50 digits once tanh rounds to 1 (|u| > 58), though sech^2 u is about 4e^{-2|u|}.
_STABLE_REWRITES = (
    (1 - sp.tanh(_W) ** 2, sp.sech(_W) ** 2),
    (1 - sp.erf(_W), sp.erfc(_W)),
    (1 + sp.erf(_W), _ERFC_NEG),
    # softplus (and mish) at z -> -oo: 1 + e^z rounds to 1 and the log to 0 at every working
    # precision the guard tries, though log1p(e^z) is about e^z.
    (sp.log(1 + sp.exp(_W)), lambda w: _log1p(sp.exp(w))),
    # 1 ± tanh(w) = 2/(1 + e^(∓2w)) (the tanh-approximate gelu at z -> -oo), e^w - 1 = expm1(w)
    # (elu and selu just left of 0): both cancel to 0 at every guarded precision otherwise.
    (1 + sp.tanh(_W), lambda w: 2 / (1 + sp.exp(-2 * w))),
    (1 - sp.tanh(_W), lambda w: 2 / (1 + sp.exp(2 * w))),
    (sp.exp(_W) - 1, lambda w: _expm1(w)),
)


def _terms(e: sp.Expr) -> int:
    return 0 if e == 0 else len(sp.Add.make_args(e))


def _fewer_terms(remainder: sp.Expr, rest: sp.Expr, c: sp.Expr) -> bool:
    return _terms(remainder) < _terms(rest)


def _shrinks_constant(remainder: sp.Expr, rest: sp.Expr, c: sp.Expr) -> bool:
    """Whether a step with a numeric coefficient makes the numeric constant term smaller: 2 - tanh²z
    - tanh²2z takes two steps (1 + sech²z - tanh²2z, then sech²z + sech²2z), and by the count of
    terms alone the first was refused (its σ' cancelled below every guarded precision past z ~ 1000:
    arb climbed to 16384 bits at each tail point). Tried only where no step lowers the count."""
    before, after = rest.as_coeff_Add()[0], remainder.as_coeff_Add()[0]
    return c.is_Rational and before.is_Rational and after.is_Rational and abs(after) < abs(before)


def _all_squares(add: sp.Expr) -> sp.Expr:
    """C + Σ c_i tanh²(u_i) + rest with numeric c_i and C + Σ c_i = 0 written Σ -c_i sech²(u_i) + rest: the
    tanh(z) + tanh(3z) - tanh(2z) kind, whose constant no single step cancels (1 + 3 - 2 ... = 0 only together)."""
    if not isinstance(add, sp.Add):
        return add
    squares = [(n, add.coeff(n)) for n in sorted(add.atoms(sp.Pow), key=sp.default_sort_key)
               if n.exp == 2 and isinstance(n.base, sp.tanh)]
    squares = [(n, c) for n, c in squares if c.is_Rational and c != 0]
    constant = add.as_coeff_Add()[0]
    if len(squares) < 2 or not constant.is_Rational or constant + sum(c for _, c in squares) != 0:
        return add
    return sp.Add(*[-c * sp.sech(n.base.args[0]) ** 2 for n, c in squares]) + (add - constant - sum(c * n for n, c in squares))


def _complement_terms(add: sp.Add) -> sp.Expr:
    """``add`` with every c - c·tanh²u written c·sech²u, c ∓ c·erf u written c·erfc(±u) and
    c ± c·tanh u written 2c/(1 + e^(∓2u)),
    whatever the coefficient c: sympy differentiates tanh(k z) into k - k·tanh²(k z), which the
    fixed patterns of :data:`_STABLE_REWRITES` do not match.  Each step is the identity
    c·f = ±c·g + c' (tanh² = 1 - sech², erf u = 1 - erfc u = erfc(-u) - 1), kept only when the
    constant it adds cancels a term of ``add`` (the number of terms falls) or, failing every such
    step, shrinks its numeric constant (:func:`_shrinks_constant`)."""
    add = _all_squares(add)
    changed = True
    while changed and isinstance(add, sp.Add):
        changed = False
        atoms = {n for n in add.atoms(sp.Pow) if n.exp == 2 and isinstance(n.base, sp.tanh)}
        atoms |= add.atoms(sp.erf) | {n for n in add.args if isinstance(n, sp.tanh)} | {
            f for n in add.args if n.is_Mul for f in n.args if isinstance(f, sp.tanh)}
        steps = [(atom, c, keep) for keep in (_fewer_terms, _shrinks_constant) for atom, c in _coefficients(add, atoms)]
        for atom, c, keep in steps:
            rest = add - c * atom
            if isinstance(atom, sp.erf):
                u = atom.args[0]
                # sympy would evaluate erfc(-u) back to 2 - erfc(u), the cancellation itself.
                options = ((-c * sp.erfc(u), rest + c), (c * sp.erfc(-u, evaluate=False), rest - c))
            elif isinstance(atom, sp.tanh):
                # c·tanh u = 2c/(1 + e^(-2u)) - c = c - 2c/(1 + e^(2u)): gelu_tanh's slope has
                # tanh(u)/2 + 1/2, which cancels to 1e-1037 at z = -32 (the pattern 1 + tanh(w) is
                # not matched through the coefficient).
                u = atom.args[0]
                options = ((2 * c / (1 + sp.exp(-2 * u)), rest - c), (-2 * c / (1 + sp.exp(2 * u)), rest + c))
            else:
                options = ((-c * sp.sech(atom.base.args[0]) ** 2, rest + c),)
            for term, remainder in options:
                if keep(remainder, rest, c):
                    add, changed = term + remainder, True
                    break
            if changed:
                break
    return add


def _coefficients(add: sp.Add, atoms: set) -> list[tuple[sp.Expr, sp.Expr]]:
    """(atom, c) pairs to try in :func:`_complement_terms`: the whole coefficient of each atom, then
    its part free of the atom's own argument's functions. tanh z + tanh³z/3 has σ' = 1 - tanh²z +
    tanh²z·sech²z, where tanh²z has the coefficient sech²z - 1; only its part -1 completes the
    1 - tanh²z that cancels below every guarded precision past z = 5000."""
    out = []
    for atom in sorted(atoms, key=sp.default_sort_key):
        c = add.coeff(atom)
        if c == 0:
            continue
        out.append((atom, c))
        u = (atom.base if atom.is_Pow else atom).args[0]
        free = sp.Add(*[t for t in sp.Add.make_args(c)
                        if not any(f.args == (u,) for f in t.atoms(sp.Function))])
        if free != 0 and free != c:
            out.append((atom, free))
    return out


@lru_cache(maxsize=512)
def stable_form(expr: sp.Expr) -> sp.Expr:
    """expr rewritten so that mpmath evaluates it without known cancellations (once per expression: σ' is rewritten
    for its evaluator and again for the chain's curvature, 0.03-0.1 s each)."""
    if not expr.has(sp.tanh, sp.erf, sp.log, sp.exp):
        return expr  # every pattern has one of these
    # The patterns are matched on the parts that depend on z only: the cancellations they remove
    # grow with |z| (e^{-2|z|} below every guarded precision), while a constant is resolved by
    # the enclosure's (or the guard's) rising precision. Matching the Wild patterns inside selu's
    # large constants cost 70 s of a 100 s check.
    constants: dict[sp.Dummy, sp.Expr] = {}
    masked = _mask_constants(expr, constants)
    for pattern, replacement in _STABLE_REWRITES:
        # erfc(-w) stays opaque until the constants are back: xreplace rebuilds (and evaluates)
        # every node above a constant, and an evaluated erfc(-w) is 2 - erfc(w) again.
        masked = _rewrite(masked, pattern, (lambda w: _ErfcNeg(w)) if replacement is _ERFC_NEG else replacement)
    expr = masked.xreplace(constants).replace(
        lambda n: isinstance(n, _ErfcNeg), lambda n: sp.erfc(-n.args[0], evaluate=False))
    return expr.replace(lambda n: isinstance(n, sp.Add) and n.has(sp.tanh, sp.erf), _complement_terms)


def _rewrite(e: sp.Expr, pattern: sp.Expr, replacement: Any) -> sp.Expr:
    """``e.replace(pattern, replacement)``, with the Wild matching skipped at the nodes that have none
    of the pattern's functions (tanh, erf, log, exp): such a node cannot match (matching only takes
    a node's parts apart and sums or multiplies them, which makes no new function), and matching
    every node of a long σ'' was most of the time of building its evaluator."""
    heads = tuple({type(f) for f in pattern.atoms(sp.Function)})
    found: dict[sp.Basic, dict] = {}

    def query(node: sp.Basic) -> bool:
        match = node.match(pattern) if node.has(*heads) else None
        if match is not None:
            found[node] = match
        return match is not None

    def value(node: sp.Basic) -> sp.Expr:
        # as replace(pattern, replacement) does: subs of the Wilds, or the callable given them by name
        match = found.pop(node)
        if isinstance(replacement, sp.Basic):
            return replacement.subs(match)
        return replacement(**{str(k)[:-1]: v for k, v in match.items()})

    return e.replace(query, value)


def _mask_constants(e: sp.Basic, constants: dict) -> sp.Basic:
    """e with each maximal subexpression free of z (other than a bare number) replaced by a fresh
    Dummy, recorded in ``constants`` for :meth:`~sympy.core.basic.Basic.xreplace` back."""
    if e.is_Atom or not isinstance(e, sp.Basic):
        return e
    if isinstance(e, sp.Expr) and not e.has(Z):
        d = sp.Dummy()
        constants[d] = e
        return d
    args = [_mask_constants(a, constants) for a in e.args]
    return e if all(a is b for a, b in zip(args, e.args)) else e.func(*args)


_EXTRA_BITS = (64, 512, 4096, 16384)
#: Seconds of one evaluation past which the precision guard climbs no higher.
_LEVEL_SECONDS = 0.5


@lru_cache(maxsize=512)
def compiled(expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """:func:`enclosed` of :func:`stable_form` of ``expr``, built once per expression.

    A pure function of the expression (no state but the per-precision constants, the same for
    every caller), so every activation with this formula shares it. Checks make a fresh
    activation for each σ', σ'' and scaled σ they look at, and the Wild-pattern rewrites and
    lambdify cost 0.05-0.3 s each time: 10 % of the test suite's CPU went to rebuilding them, and
    selu's constants, computed once per working precision and evaluator, cost as much again."""
    return enclosed(stable_form(expr))


def enclosed(expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """expr in arb balls raised until tight (:mod:`vgtheory.core.enclosure`), else the guarded mpmath
    evaluation: agreement of two precisions alone is not trusted where arb can decide."""
    settled = settle_switches(expr)
    if settled is None:
        return _undetermined
    if point_conditions(settled):
        return _branch_first(settled)
    plain = _lambdify(settled)
    ball = compile_ball(settled, Z)
    # only where no ball: mpmath alone (zeta, besselk) may take minutes per evaluation at the top bits
    fallback = guarded(plain, _z_degree(settled), _LEVEL_SECONDS if ball is None else None)
    return _removable_last(fallback if ball is None else _exact_zero_last(tight(ball, fallback, plain), settled), settled)


def _branch_first(expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """t ↦ σ(t) with each Piecewise first replaced by its branch at the exact point t, every condition decided by the
    exact sign there (:func:`~vgtheory.core.point_branches.branches_at`), then that branch evaluated (:func:`compiled`); undetermined where a
    condition is not decided within a second."""

    def call(t: mpmath.mpf) -> mpmath.mpf:
        if not isinstance(t, mpmath.mpf) or not mpmath.isfinite(t):
            raise UndeterminedError(f"not evaluated at z = {t}: a condition of the formula is an equation")
        point = _exact_point(t)
        try:
            branch = bounded(lambda: branches_at(expr, point), _EXACT_ZERO_SECONDS)
        except (StepTimeout, Undecided):
            raise UndeterminedError(f"not confirmed at z = {mpmath.nstr(t, 8)}: a condition of the formula is not "
                                    "decided exactly there") from None
        if branch.has(sp.nan):
            raise ActivationError(f"no branch of the formula applies at z = {mpmath.nstr(t, 8)}")
        return compiled(branch)(t)

    return call


#: Sample points up to this size whose value no ball confirms get an exact zero test (sympy at the rational point).
_EXACT_ZERO_REACH = 16
_EXACT_ZERO_SECONDS, _LIMIT_SECONDS = 1.0, 5.0  # a cold Gruntz takes ~2 s under load (R59b-4)


def _exact_zero_last(call: Callable[[mpmath.mpf], mpmath.mpf], expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """``call``, where it ends unconfirmed at a modest exact point, 0 when the kernel proves expr zero there:
    log(1 + e^z) - log 2 at 0, Max(z - 1, sin(pi z/2) - 1) at 1 are exactly 0, and no ball of any precision
    shows a 0 that is not a 0 of rationals (R15b-2, R15b-5). Far points keep the refusal: the test is sympy's."""

    def exact(t: mpmath.mpf) -> mpmath.mpf:
        try:
            return call(t)
        except UndeterminedError:
            if not (isinstance(t, mpmath.mpf) and abs(t) <= _EXACT_ZERO_REACH):
                raise
            point = _exact_point(t)
            try:
                # A Piecewise is resolved at the point first: sympy's substitution into one can run for minutes (no
                # clock stops it), and sigma' of sqrt(Max(0, z)) is one (R18b-5: 0 at an exact zero was refused).
                at = bounded(lambda: branches_at(expr, point).xreplace({Z: point}), _EXACT_ZERO_SECONDS)
            except (StepTimeout, Undecided):
                raise UndeterminedError(f"not confirmed at z = {mpmath.nstr(t, 8)}") from None
            if exact_sign(at) == 0:
                return mpmath.mpf(0)
            raise
    return exact


def _removable_last(call: Callable[[mpmath.mpf], mpmath.mpf], expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """``call``, where it meets a pole of Γ or ψ at a modest exact point, the value of the removable singularity there
    (:func:`~vgtheory.core.pole_shift.removable_value`: σ' of tanh z + binomial(z² + 1/2, 3/2)/(10(1 + z⁴)) at 0 is 1,
    R55b-1). A true pole stays one: the first error stands."""
    if not expr.has(sp.gamma, sp.polygamma):
        return call

    def value(t: mpmath.mpf) -> mpmath.mpf:
        try:
            return call(t)
        except (ValueError, ZeroDivisionError) as exc:
            if not (isinstance(t, mpmath.mpf) and mpmath.isfinite(t) and abs(t) <= _EXACT_ZERO_REACH):
                raise
            pole = exc
        try:
            found = bounded(lambda: removable_value(expr, _exact_point(t), lambda form: compiled(form)(t)), _LIMIT_SECONDS)
        except StepTimeout:
            found = None
        if found is None:
            raise pole
        return found
    return value


def _exact_point(t: mpmath.mpf) -> sp.Rational:
    """The finite mpf t as the exact dyadic rational it is."""
    return rational(t)


def _undetermined(t: mpmath.mpf) -> mpmath.mpf:
    raise UndeterminedError(f"not evaluated at z = {mpmath.nstr(t, 8)}: the sign of a constant in the formula is not "
                            "decided (no ball separates it from 0, no exact test proves it 0)")


def _z_degree(e: sp.Expr) -> int:
    """The largest power of z inside e, at least 2 and at most 16 (z^4 in gamma(z^4 + 1): 4; (z^2 + 1)^3: 6): how many
    times t's bits the precision guard's first check adds."""
    def degree(x: sp.Expr) -> sp.Rational:
        if x == Z:
            return sp.Integer(1)
        if x.is_Pow and x.exp.is_Rational:
            return abs(x.exp) * degree(x.base)
        parts = [degree(a) for a in x.args]
        return (sum(parts) if x.is_Mul else max(parts)) if parts else sp.Integer(0)

    return int(min(max(sp.ceiling(degree(e)), 2), 16))


def guarded(fn: Callable[[mpmath.mpf], mpmath.mpf], degree: int = 2,
            level_seconds: float | None = None) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """fn evaluated until two working precisions agree, so cancellation cannot pass silently;
    :class:`UndeterminedError` when none do.

    A formula such as 1/(1+e^{-z}) - 1/2 at z = 1e-40 cancels to 0 at 30 digits; evaluating
    again with more bits and comparing exposes that and keeps going until the digits are right.
    Where no two precisions agree, the last value is rounding noise, not σ: it is never returned
    (it used to be, and read as evidence: -5.4e-4959 for a σ' of about -10^(-9.55e9)). The climb
    stops early once the nonzero values twice fell with the precision itself, by at least half
    the bits added (rounding noise of a cancellation tracks the precision, a true value does not):
    such a value sits below the precisions left to try, which cost the most. With ``level_seconds``, no higher
    precision is tried once one evaluation took longer (the value is then undetermined).
    """

    def call(t):
        prec = mpmath.mp.prec
        value = fn(t)
        noise_steps = 0
        bits = prec
        # the first check resolves t^degree too: at z = 2^100, z^2 + 1 and z^2 + 3/2 are one number at 30 and at
        # 30 + 19 digits, and z gamma(z^2 + 1)/gamma(z^2 + 3/2) read 2^100 at both (truth 1, R49a-2; e^(-z^2) erfi(z)
        # likewise, R49a-3); z^4 at huge z, and 1 + z^4 at tiny z, needed four times t's bits (R50a-1..7)
        scale = min(degree * abs(_magnitude(t) if t else 0) + 64, _EXTRA_BITS[-2])
        took = 0.0
        for extra in sorted({scale, *(e for e in _EXTRA_BITS if e > scale)}):
            if level_seconds is not None and took > level_seconds:
                # four times the bits cost mpmath's zeta or besselk (no arb ball) far more than four times the time:
                # zeta(26/25) at +16384 bits ran for minutes (R53a-4/5); unconfirmed, the value is undetermined
                break
            start = time.perf_counter()
            with mpmath.workprec(prec + extra):
                better = fn(t)
            took = time.perf_counter() - start
            # Two zeros are no agreement: a difference that cancels (k - k tanh²(kz)) is 0 at every
            # precision below the one that resolves it, so a 0 is kept only at the highest.
            if better != 0 and (better == value or abs(better - value) <= abs(better) * mpmath.ldexp(1, 4 - prec)):
                return +better  # unary plus rounds to the caller's precision
            if better != 0 and value != 0 and _magnitude(better) <= _magnitude(value) - (prec + extra - bits) // 2:
                noise_steps += 1
                if noise_steps >= 2:
                    break
            value, bits = better, prec + extra
        else:
            if value == 0:
                return value  # 0 at every precision up to the highest: a structural zero (a constant piece)
        if isinstance(value, mpmath.mpc) and not _negligible_imag(value, bits):
            return value  # not real at any precision: evaluate() says so, agreement or not
        raise UndeterminedError(f"not confirmed at z = {mpmath.nstr(t, 8)}: no two working precisions up to "
                                f"{bits} bits agree (the value is below every precision tried)")

    return call


def _magnitude(v: Any) -> int:
    """The binary exponent of |v| (of its larger part for a complex v)."""
    if isinstance(v, mpmath.mpc):
        return max(_magnitude(v.real), _magnitude(v.imag)) if v != 0 else -(1 << 62)
    return int(mpmath.mag(v)) if v != 0 else -(1 << 62)


def _negligible_imag(v: mpmath.mpc, prec: int) -> bool:
    return abs(v.imag) <= abs(v.real) * mpmath.ldexp(1, 8 - prec)


def evaluate(fn: Callable[[mpmath.mpf], Any], z: Any, name: str, what: str) -> mpmath.mpf:
    """fn(z) as a real mpf, or an ActivationError saying where σ is undefined or not real.

    An mpf z is taken exactly, with all its bits (mpf(z) would round it to the working precision):
    a sample point 2^90·√2 or √3 - 10^-40 carries the bits that place it."""
    t = z if isinstance(z, mpmath.mpf) else mpmath.mpf(z)
    tick_call_clock()  # before the call: a slow callable's checks stop within one evaluation of their bound
    try:
        with calling_user_code():
            value = fn(t)
    except UndeterminedError as exc:
        if str(exc).startswith(what):
            raise
        raise UndeterminedError(f"{what} of {name!r} is {exc}", exc.bound) from None
    except ActivationError:
        raise
    except VGTheoryError as exc:  # the callable called vgtheory (a stalled nested call): not a point where sigma is undefined
        raise ActivationError(f"{what} of {name!r} at z = {mpmath.nstr(t, 8)} was not evaluated: {exc}") from None
    except (ZeroDivisionError, OverflowError, ArithmeticError, ValueError, TypeError) as exc:
        reason = type(exc).__name__ if not str(exc) else f"{type(exc).__name__}: {exc}"
        raise ActivationError(f"{what} of {name!r} is undefined at z = {mpmath.nstr(t, 8)} ({reason})") from None
    except NameError as exc:  # a function mpmath lacks (sympy's jn, yn): not known there, which is not undefined (R66a-10)
        raise UndeterminedError(f"{what} of {name!r} at z = {mpmath.nstr(t, 8)} cannot be evaluated numerically "
                                f"({exc})") from None
    except Exception as exc:  # noqa: BLE001 - a user's callable may raise anything: one line, not a traceback
        raise ActivationError(f"{what} of {name!r} raised {type(exc).__name__} at z = {mpmath.nstr(t, 8)}: {exc}") from None
    if isinstance(value, mpmath.mpc) and _negligible_imag(value, mpmath.mp.prec):
        # mpmath writes some real functions (sech of a real) through complex exponentials: their
        # imaginary part is rounding, and shrinks with 64 more bits. A true one does not: the
        # principal cube root in tanh z + (z - √3)^(1/3)/10^30 is 10^-30 times the real part at
        # z = 1, below 30 digits, and that σ is not real there.
        with mpmath.workprec(mpmath.mp.prec + 64):
            try:
                finer = fn(t)
            except Exception:  # noqa: BLE001 - it evaluated at the working precision: judge on that
                finer = None
        if isinstance(finer, mpmath.mpc) and not _negligible_imag(finer, mpmath.mp.prec + 64):
            raise NotRealError(f"{what} of {name!r} at z = {mpmath.nstr(t, 8)} is not a real number: "
                                  f"imaginary part {mpmath.nstr(finer.imag, 5)}")
        value = value.real
    if type(value) is mpmath.mpf and value._mpf_[3] <= mpmath.mp.prec:
        return value  # what mpf(value) would return: no bits beyond the working precision to round
    try:
        return mpmath.mpf(value)
    except (TypeError, ValueError):
        raise NotRealError(f"{what} of {name!r} at z = {mpmath.nstr(t, 8)} is not a real number: {value!r}") from None
