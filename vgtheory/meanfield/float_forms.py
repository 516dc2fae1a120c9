"""Float64 forms of a formula for the Gaussian quadratures of :mod:`vgtheory.meanfield.moments`: the same function,
rewritten where float64 would cancel (exp(w) − 1, the centred logistic near 0) or overflow (the logistic family past
|u| = 709), with Heaviside printed as numpy's. Numerics only: nothing here decides a verdict."""

from __future__ import annotations

import math
from typing import Any, Callable

import mpmath
import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from vgtheory.core.mp_code import lambdify_mp, lambdify_np
from vgtheory.core.activations import Z, _stable_form

__all__ = ["float_form", "numpy_form", "numpy_function", "one_plus_exp", "rounding", "underflows"]

#: Heaviside(x, H0) printed as numpy.heaviside: sympy's numpy printer would rewrite it as a
#: Piecewise and simplify that by solving inequalities (0.1-0.2 s for hardtanh' alone).
STEP = sp.Function("heaviside_step")

_W = sp.Wild("w")


def float_form(expr: sp.Expr) -> sp.Expr:
    """expr without float64 cancellations: exp(w) - 1 as expm1(w) (elu near 0, where float64
    exp(u) - 1 keeps only 1e-7 relative at u = 1e-9), and the rewrites mpmath uses too; and
    without overflow in the logistic family (:func:`_overflow_free`)."""
    # Each Wild-pattern replace walks the whole tree (~20 ms a call), so only where it can match.
    if expr.has(sp.tanh, sp.erf):
        expr = _stable_form(expr)
    if not expr.has(sp.exp):
        return expr
    return _overflow_free(_centred_logistic(expr).replace(sp.exp(_W) - 1, expm1(_W)))


def _centred_logistic(expr: sp.Expr) -> sp.Expr:
    """c/(1 + exp(a)) − c/2 as −(c/2)·tanh(a/2), the same function without the cancellation near a = 0
    (the centred logistic's float64 values there are noise, and its quadratures bisected 20 times as often)."""

    def centred(node: sp.Basic) -> sp.Basic:
        if not isinstance(node, sp.Add):
            return node
        terms = list(node.args)
        for i, t in enumerate(terms):
            factors = sp.Mul.make_args(t)
            inverse = [f for f in factors if isinstance(f, sp.Pow) and f.exp == -1 and one_plus_exp(f.base) is not None]
            if len(inverse) != 1:
                continue
            # c is the whole constant factor (sqrt(2)/(1 + e^-z) - 1/2 is no centred logistic: its rational part alone
            # was matched, and the rewrite dropped sqrt(2)/2 - 1/2, R37b-1)
            c = sp.Mul(*[f for f in factors if f is not inverse[0]])
            if c.has(Z) or -c / 2 not in terms:
                continue
            a = one_plus_exp(inverse[0].base)
            kept = [u for j, u in enumerate(terms) if j != i]
            kept.remove(-c / 2)
            return sp.Add(*kept, -c / 2 * sp.tanh(a / 2))
        return node

    return expr.replace(lambda n: isinstance(n, sp.Add), centred) if expr.has(sp.exp) else expr


def numpy_form(expr: sp.Expr) -> sp.Expr:
    """The float form with Heaviside(x, H0) as heaviside_step(x, H0) (see ``_STEP``)."""
    return float_form(expr).replace(sp.Heaviside, lambda x, h0=sp.S.Half: STEP(x, h0))


def one_plus_exp(node: sp.Expr) -> sp.Expr | None:
    """a when node is 1 + exp(a), else None."""
    if isinstance(node, sp.Add) and len(node.args) == 2 and sp.S.One in node.args:
        other = node.args[0] if node.args[1] == 1 else node.args[1]
        if isinstance(other, sp.exp):
            return other.args[0]
    return None


def _overflow_free(expr: sp.Expr) -> sp.Expr:
    """The logistic family's forms that overflow in float64 at |u| > 709 (exp(u)/(1 + exp(u))^k
    is inf/inf, log(1 + exp(u)) is inf) rewritten with m = max(a, 0), exactly:

    exp(a)(1 + exp(a))^(-k) = exp(a - k m)(1 + exp(-|a|))^(-k),
    log(1 + exp(a)) = m + log1p(exp(-|a|))

    (as exp(-m) + exp(a - m) = 1 + exp(-|a|); log1p keeps softplus(-30) = 9.4e-14 accurate).

    Without this, every overflowing node fell back to mpmath (up to 9000 points per summary)."""

    def stable_sum(a: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
        return sp.Max(a, 0), sp.exp(-sp.Abs(a))

    def is_ratio(node: sp.Expr) -> bool:
        return isinstance(node, sp.Mul) and _ratio_parts(node) is not None

    def ratio(node: sp.Expr) -> sp.Expr:
        e, p, a, k = _ratio_parts(node)
        m, small = stable_sum(a)
        rest = [f for f in node.args if f is not e and f is not p]
        return sp.Mul(*rest, sp.exp(a - k * m), sp.Pow(1 + small, -k), evaluate=False)

    def is_log(node: sp.Expr) -> bool:
        return isinstance(node, sp.log) and one_plus_exp(node.args[0]) is not None

    def log(node: sp.Expr) -> sp.Expr:
        m, small = stable_sum(one_plus_exp(node.args[0]))
        return m + log1p(small)

    return expr.replace(is_ratio, ratio).replace(is_log, log)


def _ratio_parts(node: sp.Mul):
    """(exp(a) factor, (1 + exp(a))^(-k) factor, a, k) of a product, or None."""
    for p in node.args:
        if isinstance(p, sp.Pow) and p.exp.is_Integer and p.exp < 0 and (a := one_plus_exp(p.base)) is not None:
            for e in node.args:
                if isinstance(e, sp.exp) and e.args[0] == a:
                    return e, p, a, -p.exp
    return None


NUMPY_MODULES = [
    {"erf": np.vectorize(math.erf, otypes=[float]), "erfc": np.vectorize(math.erfc, otypes=[float]), "heaviside_step": np.heaviside},
    # The namespace that lambdify's "numpy" gives (sympy's NUMPY_DEFAULT and NUMPY_TRANSLATIONS, numpy.linalg over
    # numpy), with numpy passed as a module: the string makes sympy run 'from numpy import *', which in numpy 2 imports
    # every submodule (f2py, testing, ma, ...), 0.3-1 s of a CLI check. The module object still selects NumPyPrinter.
    {"I": 1j, "Heaviside": np.heaviside, **{k: getattr(np.linalg, k) for k in np.linalg.__all__}},
    np,
]


def numpy_function(expr: sp.Expr) -> Callable[[np.ndarray], np.ndarray]:
    """expr as a numpy function of float64 arrays; where numpy has no such function (erfi, gamma, Si, LambertW: sympy's
    printer fails, or the name is unknown at the first call, R52b-2), mpmath's at 53 bits point by point (nan where
    it is not a real number); so too where the formula holds an integer past float64's range (c² = 10^600 of
    atan(10^300 z): OverflowError, R62b-2)."""
    try:
        fn = lambdify_np(Z, numpy_form(expr), NUMPY_MODULES)
        fn(np.array([0.5, -1.5]))
        return fn
    except (NameError, TypeError, AttributeError, NotImplementedError, OverflowError):
        pass
    scalar = lambdify_mp(Z, expr)

    def point(t: float) -> float:
        try:
            with mpmath.workprec(53):
                return float(scalar(mpmath.mpf(t)))
        except (TypeError, ValueError, ZeroDivisionError, ArithmeticError, RecursionError):
            return math.nan  # RecursionError: mpmath's gammainc of subfactorial's rewrite (R54b-4)
    return np.vectorize(point, otypes=[float])


def underflows(exact: Callable[[mpmath.mpf], mpmath.mpf], q: Any) -> bool:
    """Whether σ (or σ', ``exact`` at mpmath precision) is nonzero at a point u = ±√q/2, ±√q, ±2√q where its square is
    below float64's normal range: a float64 moment of 0 is then an underflow, not a value (V of tanh(z)/10^200 is
    3.9·10^-401, R62b-6)."""
    for m in (0.5, 1, 2, -0.5, -1, -2):
        try:
            v = abs(mpmath.mpf(exact(mpmath.mpf(m) * mpmath.sqrt(q))))
        except (ValueError, ArithmeticError, TypeError):
            continue
        if v and v * v < mpmath.mpf(2) ** -1022:
            return True
    return False


def rounding(values: Callable[[np.ndarray], np.ndarray], exact: Callable[[mpmath.mpf], mpmath.mpf], q: Any) -> mpmath.mpf:
    """A bound on what σ's float64 form (``values``) rounds off E[σ(u)²], u ~ N(0, q): 4 times the largest |f² − σ²| at
    u = ±{0.37, 1.1, 2.3}·√q (``exact`` at mpmath precision; a point where it is not read is skipped). Both rules see
    the same rounded values, so their disagreement misses it: atan(u + 1) − π/4 is 0 in float64 for |u| < 1.1e-16, and
    V(10^-100) came out 0 ± 0 (R66b-9)."""
    worst = mpmath.mpf(0)
    for m in (0.37, 1.1, 2.3, -0.37, -1.1, -2.3):
        u = mpmath.mpf(m) * mpmath.sqrt(q)
        try:
            f, t = mpmath.mpf(float(np.asarray(values(np.array([float(u)]))).ravel()[0])), mpmath.mpf(exact(u))
        except (ValueError, ArithmeticError, TypeError):
            continue
        worst = max(worst, abs(f * f - t * t)) if mpmath.isfinite(f) else worst
    return 4 * worst
