r"""The two Gaussian moments of an activation that signal propagation needs.

For u ~ N(0, q):

.. math:: V(q) = E[\sigma(u)^2], \qquad D(q) = E[\sigma'(u)^2].

:class:`Moments` evaluates them by quadrature, in mpmath (``backend='mpmath'``, stated digits)
or in float64 (``backend='float64'``, vectorised numpy), split at the kinks of σ, and, for
piecewise-polynomial σ (relu, leaky relu, linear maps, |z|), also as sympy expressions in q
(:meth:`Moments.symbolic`), which close exactly.

>>> m = Moments.of("relu")
>>> m.symbolic()
(q/2, 1/2)
>>> m.kinks
(mpf('0.0'),)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Callable

import mpmath
import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import expm1

from ._bounded import StepTimeout, bounded
from .activations import Activation, Z, _stable_form, activation
from .gaussian import Expectation, expectation_f64, expectation_mp

__all__ = ["Moments", "Q", "BACKENDS"]

#: The variance q of the pre-activation, as a sympy symbol.
Q = sp.Symbol("q", positive=True)
BACKENDS = ("mpmath", "float64")
#: Seconds allowed for each sympy step (kink solving, Gaussian integrals).
_SYMBOLIC_SECONDS = 10.0
_PIECEWISE_FUNCTIONS = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.Piecewise, sp.sign)
_NUMPY_MODULES = [{"erf": np.vectorize(math.erf, otypes=[float]), "erfc": np.vectorize(math.erfc, otypes=[float])}, "numpy"]


@dataclass(frozen=True)
class Moments:
    """V(q) = E[σ(u)²] and D(q) = E[σ'(u)²], u ~ N(0, q), for one activation σ."""

    sigma: Activation
    backend: str = "mpmath"
    dps: int = 20
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, act: Any, backend: str = "mpmath", dps: int = 20) -> "Moments":
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        return cls(activation(act), backend, dps)

    @property
    def precision(self) -> str:
        """What the numbers rest on, e.g. ``'mpmath 20 digits'`` or ``'float64'``."""
        if self.backend == "float64" or self.sigma.precision == "float64":
            return "float64"
        return f"mpmath {self.dps} digits"

    @cached_property
    def kinks(self) -> tuple[mpmath.mpf, ...]:
        """Real points where σ or σ' may jump or bend (from Abs, Max, Min, Heaviside, sign and
        Piecewise conditions); empty for callables, whose kinks are unknown."""
        if self.sigma.expr is None:
            return ()
        equations = []
        for expr in (self.sigma.expr, self.sigma.derivative_expr):
            for node in expr.atoms(*_PIECEWISE_FUNCTIONS):
                if isinstance(node, (sp.Max, sp.Min)):
                    args = node.args
                    equations += [a - b for i, a in enumerate(args) for b in args[i + 1 :]]
                elif isinstance(node, sp.Piecewise):
                    equations += [c.lhs - c.rhs for _e, c in node.args if isinstance(c, sp.core.relational.Relational)]
                else:
                    equations.append(node.args[0])
        points: set = set()
        for eq in equations:
            try:
                roots = bounded(lambda: sp.solveset(eq, Z, sp.S.Reals), _SYMBOLIC_SECONDS)
            except (StepTimeout, NotImplementedError, ValueError, TypeError):
                continue
            if isinstance(roots, sp.FiniteSet):
                points |= {mpmath.mpf(sp.N(r, 30)) for r in roots if r.is_real}
        return tuple(sorted(points))

    # -- numeric moments -------------------------------------------------------------------------
    @cached_property
    def _numpy(self) -> tuple[Callable, Callable]:
        if self.sigma.expr is not None:
            value = sp.lambdify(Z, _float_form(self.sigma.expr), modules=_NUMPY_MODULES)
            slope = sp.lambdify(Z, _float_form(self.sigma.derivative_expr), modules=_NUMPY_MODULES)
            return value, slope
        sigma = self.sigma
        value = np.vectorize(lambda t: float(sigma.value(t)), otypes=[float])
        slope = np.vectorize(lambda t: float(sigma.slope(t)), otypes=[float])
        return value, slope

    def _expect(self, which: str, q: Any) -> Expectation:
        key = (which, q)
        if key in self._cache:
            return self._cache[key]
        if self.backend == "float64":
            fn = self._numpy[0 if which == "V" else 1]
            exact = self.sigma.value if which == "V" else self.sigma.slope
            result = expectation_f64(lambda u: _finite(fn, exact, u) ** 2, float(q), kinks=[float(k) for k in self.kinks])
        else:
            fn = self.sigma.value if which == "V" else self.sigma.slope
            result = expectation_mp(lambda u: fn(u) ** 2, q, kinks=self.kinks, dps=self.dps)
        self._cache[key] = result
        return result

    def V(self, q: Any) -> Expectation:
        """E[σ(u)²] for u ~ N(0, q)."""
        return self._expect("V", q)

    def D(self, q: Any) -> Expectation:
        """E[σ'(u)²] for u ~ N(0, q) (σ' almost everywhere; a jump at 0 is averaged at q = 0)."""
        return self._expect("D", q)

    # -- symbolic moments ------------------------------------------------------------------------
    def symbolic(self) -> tuple[sp.Expr, sp.Expr] | None:
        """(V(q), D(q)) as sympy expressions when σ is piecewise polynomial and sympy closes both
        integrals within the time bound; otherwise None."""
        if "symbolic" in self._cache:
            return self._cache["symbolic"]
        self._cache["symbolic"] = result = self._symbolic()
        return result

    def _symbolic(self) -> tuple[sp.Expr, sp.Expr] | None:
        expr = self.sigma.expr
        if expr is None or not _piecewise_polynomial(expr):
            return None
        closed = _symbolic_moments(expr, self.sigma.derivative_expr)
        if closed is None:
            return None
        # sympy's integral is trusted only where quadrature agrees with it (a guard against a
        # wrong closed form being labelled exact).
        numeric = Moments(self.sigma, "mpmath", 20)
        with mpmath.workdps(20):
            for q in (mpmath.mpf("0.7"), mpmath.mpf(3)):
                for value, estimate in ((closed[0], numeric.V(q)), (closed[1], numeric.D(q))):
                    exact = mpmath.mpf(sp.N(value.subs(Q, sp.Rational(str(q))), 25))
                    if abs(exact - estimate.value) > 1e-12 * max(1, abs(exact)) + 10 * estimate.error:
                        return None
        return closed


@lru_cache(maxsize=64)
def _symbolic_moments(expr: sp.Expr, derivative: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """(V(q), D(q)) by sympy (memoised: a pure function of the expressions, ~1 s each)."""
    density = sp.exp(-(Z**2) / 2) / sp.sqrt(2 * sp.pi)
    out = []
    for h in (expr, derivative):
        integrand = (h.subs(Z, sp.sqrt(Q) * Z).rewrite(sp.Piecewise)) ** 2 * density
        try:
            value = bounded(lambda: sp.simplify(sp.integrate(integrand, (Z, -sp.oo, sp.oo))), _SYMBOLIC_SECONDS)
        except (StepTimeout, NotImplementedError, ValueError, TypeError):
            return None
        if value.has(sp.Integral) or value.free_symbols - {Q} or value.has(sp.Piecewise):
            return None
        out.append(value)
    return out[0], out[1]


_W = sp.Wild("w")


def _float_form(expr: sp.Expr) -> sp.Expr:
    """expr without float64 cancellations: exp(w) - 1 as expm1(w) (elu near 0, where float64
    exp(u) - 1 keeps only 1e-7 relative at u = 1e-9), and the rewrites mpmath uses too."""
    return _stable_form(expr).replace(sp.exp(_W) - 1, expm1(_W))


def _finite(fn: Callable, exact: Callable, u: np.ndarray) -> np.ndarray:
    """fn(u) in float64; where it overflows (exp(-z)/(1+exp(-z))^2 at z = -800 is inf/inf),
    the mpmath value, which has no overflow."""
    with np.errstate(all="ignore"):
        out = np.asarray(fn(u), dtype=float) * np.ones_like(u)
    bad = ~np.isfinite(out)
    if bad.any():
        out[bad] = [float(exact(t)) for t in u[bad]]
    return out


def _piecewise_polynomial(expr: sp.Expr) -> bool:
    """Whether expr is built from z, numbers, +, ×, non-negative integer powers and the piecewise
    functions (so its Gaussian integrals are finite sums of moments and Φ values)."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and not (node.exp.is_Integer and node.exp >= 0):
            if not node.base.is_number:
                return False
        elif isinstance(node, sp.Function) and not isinstance(node, _PIECEWISE_FUNCTIONS):
            return False
    return True
