"""Singular points of a formula: zeros of inner factors (bases of negative powers, arguments of
logarithms, cos u of tan u) near which a function grows without bound.

A numeric "pole" must be growth without bound, never a finite spike: 1/(1 + 10^20 (z - 1)^2)
rises from 10^-14 to 1 as z approaches 1 from 10^-3 to 10^-12, exactly as a pole would, and then
stops (red team R10a-6). So the growth must go on through the *closest* probes, at a point located
to the working precision, and again at a higher precision; a factor that has no real zero at
all (sympy proves it positive or negative, or Sturm's theorem counts no real root of a polynomial)
is no candidate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import mpmath

from vgtheory.properties.sampling import bisect_root, golden_max, safe

_Fn = Callable[[mpmath.mpf], mpmath.mpf]

#: Extra digits of the confirming run: a bump narrower than the closest probe at the working
#: precision (10^(10 - dps)) is resolved there, a pole keeps growing.
_CONFIRM_DIGITS = 30


@dataclass(frozen=True)
class Factor:
    """An inner factor g as an mpmath function, with g' where sympy gives one: a zero of g of even
    order is a simple zero of g', located by bisection to the working precision (golden section
    on |g| reaches only half the digits)."""

    value: _Fn
    slope: _Fn | None

    def __call__(self, t: mpmath.mpf) -> mpmath.mpf:
        return self.value(t)


def _never_zero(g: Any) -> bool:
    """Whether g is proved to have no real zero (then no factor of it makes a pole)."""
    import sympy as sp

    from vgtheory.core.parsing import Z

    if g.is_positive or g.is_negative:
        return True
    try:
        poly = sp.Poly(g, Z)
    except sp.PolynomialError:
        return False
    if not poly.domain.is_QQ and not poly.domain.is_ZZ:
        return False
    return poly.degree() <= 64 and poly.count_roots() == 0


def inner_exprs(expr: Any) -> list[Any]:
    """The inner factors of :func:`inner_factors` as sympy expressions in z."""
    import sympy as sp

    from vgtheory.core.mp_functions import RGAMMA
    from vgtheory.core.parsing import Z

    if expr is None:
        return []
    found = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.has(Z) and node.exp.is_number and not (node.exp.is_integer and node.exp >= 0):
            found.append(node.base)
        elif isinstance(node, sp.log) and node.args[0].has(Z):
            found.append(node.args[0])
        elif isinstance(node, (sp.tan, sp.sec, sp.cot, sp.csc)) and node.args[0].has(Z):
            found.append((sp.cos if isinstance(node, (sp.tan, sp.sec)) else sp.sin)(node.args[0]))
        elif isinstance(node, (sp.Ei, sp.Ci, sp.Chi)) and node.args[0].has(Z):  # log-like at 0 (R52a-2)
            found.append(node.args[0])
        elif isinstance(node, (sp.li, sp.atanh)) and node.args[0].has(Z):  # li at 1, atanh at +-1
            found += [node.args[0] - 1] + ([node.args[0] + 1] if isinstance(node, sp.atanh) else [])
        elif isinstance(node, (sp.coth, sp.csch)) and node.args[0].has(Z):
            found.append(node.args[0])
        elif isinstance(node, (sp.gamma, sp.loggamma, sp.polygamma)) and node.args[-1].has(Z):
            # the first four poles (0, -1, -2, -3) exactly, and all of them as the zeros of 1/Gamma: the fifth, a double
            # pole of psi_1 with no sign change, was missed ("sigmoid-type: yes", R53a-2)
            found += [node.args[-1] + k for k in range(4)] + [RGAMMA(node.args[-1])]
    return [g for g in dict.fromkeys(found) if not _never_zero(g)]


def unlisted_functions(expr: Any) -> list[str]:
    """The functions in ``expr`` whose singular points :func:`inner_exprs` does not list and which are not continuous
    wherever they are real: a sampled "bounded" says nothing about a pole of expint(1, z^2) or zeta(1 + z^2) that no
    inner factor points to (R53a-3). Bessel functions count as continuous only for a constant integer order ≥ 0."""
    import sympy as sp

    from vgtheory.core.parsing import Z

    if expr is None:
        return []
    listed = (sp.log, sp.tan, sp.sec, sp.cot, sp.csc, sp.coth, sp.csch, sp.Ei, sp.Ci, sp.Chi, sp.li, sp.atanh, sp.gamma,
              sp.loggamma, sp.polygamma)
    continuous = (sp.exp, sp.sin, sp.cos, sp.tanh, sp.sinh, sp.cosh, sp.sech, sp.atan, sp.acot, sp.asinh, sp.acosh,
                  sp.asin, sp.acos, sp.erf, sp.erfc, sp.erfi, sp.Si, sp.Shi, sp.fresnels, sp.fresnelc, sp.airyai,
                  sp.airybi, sp.LambertW, sp.sinc, sp.asec, sp.acsc, sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min,
                  sp.Piecewise, sp.floor, sp.ceiling, sp.frac, sp.re, sp.im)
    out = []
    for node in sp.preorder_traversal(expr):
        if not isinstance(node, sp.Function) or not node.has(Z) or isinstance(node, listed + continuous):
            continue
        if isinstance(node, (sp.besselj, sp.besseli)) and node.args[0].is_Integer and node.args[0] >= 0:
            continue
        out.append(type(node).__name__)
    return list(dict.fromkeys(out))


def undefined_at_zero(expr: Any) -> tuple[Any, Any] | None:
    """(z0, σ(z0)) for an exact real zero z0 of an inner factor where sympy's exact value of σ is not a
    real number (nan, ±∞, complex): (z − √2)·log|z − √2| tends to 0 there, so no growth shows it, but
    σ(√2) is 0·log 0, undefined. Only the zeros of polynomial factors (in z or |z − c|, degree ≤ 8) are taken:
    sympy's roots are exact there; None when there is none or every value is real."""
    import sympy as sp

    from vgtheory.core.parsing import Z

    for g in inner_exprs(expr):
        inner = g.replace(lambda n: isinstance(n, sp.Abs), lambda n: n.args[0])
        if not inner.is_polynomial(Z):
            continue
        try:
            poly = sp.Poly(inner, Z)
            # Sturm roots over the rationals; sympy's radical formulas up to degree 4 otherwise (z - sqrt(2)).
            roots = (poly.real_roots() if poly.domain.is_ZZ or poly.domain.is_QQ else
                     [r for r in sp.roots(poly) if r.is_extended_real]) if poly.degree() <= 8 else []
        except (sp.PolynomialError, NotImplementedError):
            continue
        for r in dict.fromkeys(roots):
            try:
                value = expr.xreplace({Z: r})
            except (TypeError, ValueError, ArithmeticError):
                continue  # a condition sympy cannot compare there (log(0) < 1): not decided here
            if isinstance(value, sp.Piecewise) or not isinstance(value, sp.Expr):
                continue
            if value.has(sp.nan, sp.zoo) or value.is_finite is False or value.is_extended_real is False:
                return r, value
    return None


def finite_at_guess(expr: Any, z0: Any, digits: int) -> tuple[Any, Any] | None:
    """(c, σ(c)) for an exact c that agrees with a numerically located z0 to its ``digits`` (less 5) where sympy's
    exact σ(c) is a finite real number, else None. c is nsimplify's guess over π: a candidate only, kept where it is
    that close (a guess 1 beside a pole located at 1 + 10^-29 is not, R37a-1) and σ(c) evaluates exactly. A σ finite at the exact point its growth closes in on (e^(-z^2)/(sin^2 z + e^(-3z^2)) at
    -5π: e^(50π^2), a spike 1e-161 wide, R36a-4) shows no pole there, whatever the probes saw."""
    import mpmath
    import sympy as sp

    from vgtheory.core.exact_real import exact_mpf
    from vgtheory.core.parsing import Z

    try:
        c = sp.nsimplify(mpmath.nstr(z0, digits), [sp.pi], rational=False)
        if not c.is_real or c.free_symbols or abs(exact_mpf(c, digits + 10) - z0) > mpmath.mpf(10) ** (5 - digits) * max(1, abs(z0)):
            return None
        value = expr.xreplace({Z: c})
    except (TypeError, ValueError, ArithmeticError, AttributeError, RecursionError):
        return None
    if not isinstance(value, sp.Expr) or value.has(sp.nan, sp.zoo, sp.Piecewise) or not (value.is_finite and value.is_extended_real):
        return None
    return c, value


def inner_factors(expr: Any) -> list[Factor]:
    """The inner factors of a sympy expression whose zeros make it singular: bases of negative or
    fractional powers (1 − cos z in (1 − cos z)^(−3/4)), arguments of logarithms, and cos u of
    tan u and sec u, sin u of cot u and csc u (tan(3 atan(z)/2) has poles at ±√3), as mpmath
    functions (none for a callable), less those with no real zero."""
    import sympy as sp

    from vgtheory.core.parsing import Z

    from vgtheory.core.formula_eval import _lambdify as compiled  # plain mpmath, exp and its kin bounded

    out = []
    for g in inner_exprs(expr):
        try:
            slope = compiled(sp.diff(g, Z))
        except Exception:  # noqa: BLE001 - no derivative to bisect: golden section only
            slope = None
        # exp and its kin refuse arguments past 10^1000: tanh(e^(z^2)) at the window's far points 2^30 filled 23 GB in
        # mpmath's tanh (red team R19a-2). (The guarded evaluator costs exact zero tests near every root: minutes.)
        out.append(Factor(compiled(g), slope))
    return out


def _real_or_none(g: Factor) -> Factor:
    """g with its non-real values raised as ValueError (so :func:`safe` skips them), its slope likewise."""

    def real(fn):
        if fn is None:
            return None

        def at(t):
            v = fn(t)
            if isinstance(v, mpmath.mpc):
                raise ValueError("not real")
            return v
        return at
    return Factor(real(g.value), real(g.slope))


def _locate(g: Factor, lo: mpmath.mpf, hi: mpmath.mpf) -> mpmath.mpf:
    """The point of [lo, hi] where |g| is least: a sign change of g, else of g' (to the working
    precision), else golden section on |g|."""
    g = _real_or_none(g)  # a non-real value (a principal root of a negative number) locates nothing (R41a-1)
    ends = safe(g, lo), safe(g, hi)
    if ends[0] is not None and ends[1] is not None and ends[0] * ends[1] < 0:
        # g may change sign across a pole of its own (Γ(3z - √2) as the base of 1/Γ), where the bisection can land
        # exactly (mpmath raised 'gamma function pole', R61b-1): undefined points count as positive, as 0 does
        return bisect_root(lambda t: mpmath.inf if (v := safe(g, t)) is None else v, lo, hi)
    candidates = []
    if g.slope is not None:
        slopes = safe(g.slope, lo), safe(g.slope, hi)
        if slopes[0] is not None and slopes[1] is not None and slopes[0] * slopes[1] < 0:
            def slope(t: mpmath.mpf) -> mpmath.mpf:
                v = safe(g.slope, t)
                return mpmath.mpf(0) if v is None else v
            candidates.append(bisect_root(slope, lo, hi))
    # Golden section last: min keeps the first of equal |g|, and at a double zero (1 + cos u) |g| rounds
    # to 0 ~10^-(dps/2) around it, where the golden point stops; the root of g' is exact to the
    # precision, and the probes of :func:`_approach` start 10^(10 - dps) from it (R13a-5).
    candidates.append(golden_max(lambda t: -abs(v) if (v := safe(g, t)) is not None else -mpmath.inf, lo, hi))
    return min(candidates, key=lambda t: abs(v) if (v := safe(g, t)) is not None else mpmath.inf)


def _approach(fn: _Fn, z0: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """(z0 ± δ, |fn| there) at the closest probe δ when fn keeps moving in one direction without
    slowing down over the three closest probes on one side, else None.

    δ = 10^-e for e = 3, 6, ..., 30, 40, 50, ... down to 10^(10 - dps) relative to |z0|: a smooth fn
    changes by O(δ) there, a pole like δ^-p, a logarithm like log δ. Only the closest three count:
    a spike of width w grows like a pole for δ > w and stands still below it."""
    digits = mpmath.mp.dps - 10 - max(0, math.ceil(float(mpmath.log10(abs(z0))))) if z0 else mpmath.mp.dps - 10
    exponents = [e for e in (3, 6, 9, *range(12, 31, 3), *range(40, 10**6, 10)) if e <= digits]
    if len(exponents) < 3:
        return None
    noise = mpmath.mpf(10) ** -max(12, mpmath.mp.dps - 20)
    for side in (1, -1):
        closest = [(z0 + side * mpmath.mpf(10) ** -e) for e in exponents[-3:]]
        a, b, c = (safe(fn, t) for t in closest)
        if a is None or b is None or c is None:
            continue
        # A pole's (or a logarithm's) step towards z0 is at least as large as the one before,
        # whatever smooth background fn has there (softsign's 1/z, ...), and 10^10 times the
        # rounding of fn: log|z - √2|/10^20 moves by 2e-19 per step, 10^-30 of tanh at 50 digits.
        if (c - b) * (b - a) > 0 and abs(c - b) >= abs(b - a) / 2 and abs(c - b) > noise * (1 + abs(b)):
            return closest[-1], abs(c)
    return None


def singular_zero(fn: _Fn, factors: list[Factor], window: list[mpmath.mpf]) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """A zero z0 of one of ``factors`` on the (sorted) window near which |fn| grows without bound.

    The deepest local minima of |g| on the window are located (:func:`_locate`); where |g(z0)| is
    tiny, fn must keep growing through the closest probes (:func:`_approach`) at the working
    precision and again, with z0 located anew, at 30 more digits. The deep probes see a pole of
    small amplitude: tan(3 atan(z)/2)/10^50 rises above tanh's O(δ) motion only within 10^-25 of √3.
    Returns (z0 ± δ, |fn| there) at the closest probe of the working precision."""
    for g in factors:
        mags = [(abs(v), i) for i, t in enumerate(window) if (v := safe(g, t)) is not None]
        if len(mags) < 3:
            continue
        by_index = dict((i, m) for m, i in mags)
        minima = [(m, i) for m, i in mags if 0 < i < len(window) - 1 and i - 1 in by_index and i + 1 in by_index
                  and m <= by_index[i - 1] and m <= by_index[i + 1]]
        typical = sorted(m for m, _ in mags)[len(mags) // 2]
        for _, i in sorted(minima)[:3]:
            lo, hi = window[i - 1], window[i + 1]
            z0 = _locate(g, lo, hi)
            at = safe(g, z0)
            if at is None or abs(at) > mpmath.mpf(10) ** -8 * (typical + mpmath.mpf(10) ** -30):
                continue
            found = _approach(fn, z0)
            if found is None:
                continue
            with mpmath.workdps(mpmath.mp.dps + _CONFIRM_DIGITS):
                confirmed = _approach(fn, _locate(g, lo, hi))
            if confirmed is not None:
                return found
    return None


def located_pole(fn: _Fn, expr: Any, reach: int = 30) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """(p ± δ, |fn| there) where fn keeps growing towards a point p of
    :func:`~vgtheory.properties.features.singular_points` in [-2^reach, 2^reach] (an exact zero of the base of a
    negative or fractional power, to 140 digits), probed at 140 digits (:func:`_approach`); else None.

    The window search of :func:`singular_zero` looks for minima of |g|: two zeros of g 2·10^-40 apart, as in
    (e^z - 1)^2 - 10^-80, make one minimum of |g| at 0 between them, where fn is finite, and both poles were
    missed ("bounded: holds", red team R18a-2)."""
    from vgtheory.properties.features import _ROOT_DIGITS, singular_points

    if expr is None:  # a callable: no formula to find its points in
        return None
    with mpmath.workdps(_ROOT_DIGITS):
        for p in singular_points(expr, -2**reach, 2**reach):
            found = _approach(fn, p)
            if found is not None and (deeper := _past_factorial(fn, expr, p)) is not False:
                found = deeper
            if found is not None:
                return found
    return None


def _past_factorial(fn: _Fn, expr: Any, p: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf] | None | bool:
    """:func:`_approach` again where p is a pole −n of a Γ-family factor whose n! passes the probes' reach, at
    log10 n! + 60 more digits, with p located anew as the zero of a + n (kept only 1000 times nearer than the closest probe); False where p
    is no such pole, or is not located anew (the first reading stands). Near a = −92, 1/(1 + Γ(a)²) falls from 1 to 0
    like (92! ε)², 92! ≈ 10^142, exactly at the depth of the 140-digit probes, which read it as a pole (R60b-4)."""
    import sympy as sp

    from vgtheory.core.mp_code import lambdify_mp
    from vgtheory.core.parsing import Z
    from vgtheory.core.pole_shift import nearby_root, pole_bearing

    pole = pole_bearing(expr, sp.Float(p, mpmath.mp.dps))
    # Past 2·dps digits of n!, Γ's part 1/(n! ε) is below the working precision at every probe (ε ≥ 10^(10 - dps)), so
    # the first reading stands (n = 50000 asked 213,000 more digits, R61b-2)
    if pole is None or not mpmath.mp.dps - 60 <= (digits := int(mpmath.loggamma(pole.n + 1) / mpmath.log(10))) <= 2 * mpmath.mp.dps:
        return False
    target, dps = lambdify_mp(Z, pole.target), mpmath.mp.dps
    with mpmath.workdps(dps + digits + 60):
        try:
            moved = mpmath.findroot(target, p)
        except (ValueError, ArithmeticError, TypeError, ZeroDivisionError):
            return False
        # kept only 1000 times nearer than the closest probe (10^(10 - dps)): a Γ pole farther away did not shape the
        # first reading, which stands (a pole of 1/g 10^-110 from a Γ pole was lost, R62b-1)
        return _approach(fn, moved) if nearby_root(p, moved, mpmath.mpf(10) ** (7 - dps)) else False
