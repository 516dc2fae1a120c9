r"""The two Gaussian moments of an activation that signal propagation needs.

For u ~ N(0, q): :math:`V(q) = E[\sigma(u)^2], \quad D(q) = E[\sigma'(u)^2]`.

:class:`Moments` evaluates them by quadrature, in mpmath (``backend='mpmath'``, stated digits) or in float64
(``backend='float64'``, vectorised numpy), split at the kinks of σ, and, for piecewise-polynomial σ (relu, leaky relu,
linear maps, |z|), also as sympy expressions in q (:meth:`Moments.symbolic`), which close exactly.

>>> m = Moments.of("relu")
>>> m.symbolic()
(q/2, 1/2)
>>> m.kinks
(mpf('0.0'),)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any, Callable

import mpmath
import numpy as np
import sympy as sp
from sympy.core.relational import Relational

from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.activations import Activation, Z, activation
from vgtheory.core.budget import Deadline
from vgtheory.core.callables import SLOPE_STEP, finer_slope, float_sides
from vgtheory.core.enclosure import UndeterminedError
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.memo import solveset
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.callable_cuts import BLACK_BOX, above as _above, found_cuts, slope_cuts
from vgtheory.meanfield.callable_slope import (autograd_bias, relative_value_noise, slope_beside_jumps, squared_slope_noise,
                                               value_noise)
from vgtheory.meanfield.exact_moments import square_moment
from vgtheory.meanfield.features import FEATURE_SECONDS, WINDOW, branch_zeros, feature_scan, features, singular_points, window_for, window_roots
from vgtheory.meanfield.float_forms import numpy_function as _float_fn, rounding, underflows
from vgtheory.meanfield.gaussian import Expectation, expectation_f64, expectation_mp
from vgtheory.meanfield.singular import SingularPoint, analyse_point, centres

__all__ = ["Moments", "Q", "BACKENDS"]

#: The variance q of the pre-activation, as a sympy symbol.
Q = sp.Symbol("q", positive=True)
BACKENDS = ("mpmath", "float64")
#: Seconds allowed for each sympy step (kink solving, Gaussian integrals): sympy's integrate took
#: 1 s for relu's two on a quiet 2-core machine and 9.5 s at load 10 (the closed forms: 0.1 s).
_SYMBOLIC_SECONDS = 30.0
#: Seconds for solving all the switch equations of σ and σ' for their real roots (:attr:`Moments.kinks`).
_KINK_SECONDS = 6.0
_PIECEWISE_FUNCTIONS = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.Piecewise, sp.sign)
@dataclass(frozen=True)
class Moments:
    """V(q) = E[σ(u)²] and D(q) = E[σ'(u)²], u ~ N(0, q), for one activation σ."""

    sigma: Activation
    backend: str = "mpmath"
    dps: int = 20
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, act: Any, backend: str = "mpmath", dps: int = 20) -> "Moments":
        """The moments of ``act``; for a formula, one shared instance per (σ, backend, dps), so
        repeated analyses of one σ build its numpy functions, kinks and features once."""
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        sigma = activation(act)
        # Callables compare by name only (two lambdas are equal), so they are never shared.
        return cls(sigma, backend, dps) if sigma.expr is None else _shared(sigma, backend, dps)

    @property
    def precision(self) -> str:
        """What the numbers rest on, e.g. ``'mpmath 20 digits'`` or ``'float64'``."""
        if self.backend == "float64" or self.sigma.precision == "float64":
            return "float64"
        return f"mpmath {self.dps} digits"

    @property
    def kinks(self) -> tuple[mpmath.mpf, ...]:
        """Real points where σ or σ' may jump or bend (from Abs, Max, Min, Heaviside, sign and
        Piecewise conditions); empty for callables, whose kinks are unknown."""
        return self._kink_search[0]

    @property
    def kinks_exact(self) -> bool:
        """Whether :attr:`kinks` are every kink, each switch equation solved exactly by sympy (a finite set); False
        for callables and where some were scanned for numerically: float64 quadrature then searches for σ''s jumps
        itself (a Max's branches crossing past the scan's window, or two crossings closer than its grid: R39b-1/2)."""
        return self._kink_search[1]

    @cached_property
    def _kink_search(self) -> tuple[tuple[mpmath.mpf, ...], bool]:
        if self.sigma.expr is None:
            return (), False
        equations, exact = [], True
        for expr in (self.sigma.expr, self.sigma.derivative_expr):
            for node in expr.atoms(*_PIECEWISE_FUNCTIONS):
                if isinstance(node, (sp.Max, sp.Min)):
                    args = node.args
                    equations += [a - b for i, a in enumerate(args) for b in args[i + 1 :]]
                elif isinstance(node, sp.Piecewise):
                    # every comparison inside And/Or/Not too (-1/3 < z < 1/2 is an And: no kink was found, R40b-1)
                    for _e, c in node.args:
                        relations = [c] if isinstance(c, Relational) else list(c.atoms(Relational))
                        equations += [r.lhs - r.rhs for r in relations]
                        exact = exact and (c in (sp.true, sp.false) or bool(relations))
                else:
                    equations.append(node.args[0])
        points: set = set()
        # One budget for all, a sympy step's: σ and σ' repeat each equation, and 30 s apiece ran the signal section
        # 70 s past its own bound (R22a-2); the numeric scans share it (a 16-way Max: 120 scans, 69 s, R39b-3).
        clock = Deadline(_KINK_SECONDS)
        for eq in dict.fromkeys(equations):
            roots = branch_zeros(eq, sp.S.Reals)
            roots = clock.run(lambda: solveset(eq, Z, sp.S.Reals)) if roots is None else roots
            if isinstance(roots, sp.FiniteSet):
                points |= {exact_mpf(r, 30) for r in roots if r.is_real}
            elif roots is not None and roots.is_empty:
                continue
            elif eq.has(Z):
                # |sin z|: infinitely many kinks, those near 0 (vgtheory.meanfield.features); no answer from sympy
                # (Max(z/2, tanh z - 1/3): its branches cross at -2.6467, which float64 quadrature stepped over, R38b-5).
                # Numeric, within a window and on a grid: not every kink.
                exact = False
                points |= {exact_mpf(r, 30) for r in clock.run(lambda: window_roots(eq)) or ()}
        return tuple(sorted(points)), exact
    @cached_property
    def features(self) -> tuple[tuple[mpmath.mpf, mpmath.mpf], ...]:
        """(point, width) pairs where σ or σ' changes on a short scale, read from the formula: for every argument g of a
        function or of a non-integer/negative power in σ and σ' (a transcendental g's within |u| ≤ 16 here; the
        quadrature at q takes those within :func:`~vgtheory.meanfield.features.window_for` (q)), the real zeros c of g
        (a step tanh(k(z − c)), a pole, a singular power |z − c|^(1/3); width 1/|g'(c)|) and of g' (a bump
        exp(−k²(z − c)²); width |g''(c)/2|^(−1/2)). Quadrature splits there
        (:func:`vgtheory.meanfield.features.breakpoints`), so a feature narrower than the panels is not stepped over.
        Empty for callables."""
        if self.sigma.expr is None:
            return ()
        return features(self.sigma.expr, self.sigma.derivative_expr)

    @cached_property
    def zero_limits(self) -> tuple[mpmath.mpf | None, mpmath.mpf | None]:
        """The q → 0⁺ limits of V(q) and D(q): the averages of σ² and σ'² over the one-sided
        limits at 0, exact by sympy (a fixed small u misreads tanh(10²⁵z)/10²⁵, whose σ' falls
        from 1 to 0 within 10⁻²⁵ of 0); None where sympy does not give a finite limit."""
        if self.sigma.expr is None:
            return None, None
        # to the working digits and more: at 40 fixed digits chi1 at dps 60 was 6.9e-42 off, stated +-1e-54 (R33b-1)
        return _zero_limit(self.sigma.expr, self.dps + 20), _zero_limit(self.sigma.derivative_expr, self.dps + 20)

    @cached_property
    def slopes_at_zero(self) -> tuple[mpmath.mpf, mpmath.mpf] | None:
        """(σ'(0⁻), σ'(0⁺)) exactly by sympy, None when unknown (callables, limits sympy misses)."""
        return None if self.sigma.expr is None else _one_sided(self.sigma.derivative_expr)

    # -- numeric moments -------------------------------------------------------------------------
    @cached_property
    def _numpy(self) -> tuple[Callable, Callable]:
        if self.sigma.expr is not None:
            return tuple(_float_fn(e) for e in (self.sigma.expr, self.sigma.derivative_expr))
        sigma = self.sigma
        value = np.vectorize(lambda t: float(sigma.value(t)), otypes=[float])
        slope = np.vectorize(lambda t: float(sigma.slope(t)), otypes=[float])
        return value, slope

    def singular(self, which: str, window: int = WINDOW) -> tuple[SingularPoint, ...]:
        """What is known of σ² (``'V'``) or σ'² (``'D'``) at each possible singular point (the features of width 0, a
        transcendental base's within |u| ≤ ``window``): an exponent a < 1 (integrable), divergent, or undecided (and
        an undecided NaN where the search ran out of time); see :mod:`vgtheory.meanfield.singular`. () for callables."""
        return () if self.sigma.expr is None else _singular(self.sigma, which, window)

    def diverges(self, which: str, window: int = WINDOW) -> SingularPoint | None:
        """A point where σ² (V) or σ'² (D) is shown not integrable: the moment is +∞ for every q > 0."""
        return next((p for p in self.singular(which, window) if p.diverges), None)

    def _expect(self, which: str, q: Any) -> Expectation:
        key = (which, q)
        if key in self._cache:
            return self._cache[key]
        # Features and singular points where N(0, q) has weight: sqrt|cos(u/40)|'s sigma'^2 is not
        # integrable at 20 pi = 62.8, which a fixed |u| <= 16 missed (a finite chi1 at q = 400).
        # A divergence near 0 holds for every q: shown without the wider window's analysis.
        window = WINDOW if self.diverges(which) is not None else window_for(q)
        points = self.singular(which, window)
        name = f"{which}(q) = E[{_NAMES[which]}(sqrt(q) z)^2]"
        if (bad := self.diverges(which, window)) is not None and (q != 0 or bad.point == 0):
            return Expectation(mpmath.inf, mpmath.mpf(0), f"{name} = +oo for every q > 0 ({bad.how})")
        found, complete = feature_scan(self.sigma.expr, self.sigma.derivative_expr, window) \
            if self.sigma.expr is not None else ((), True)
        if q != 0 and (open_ := next((p for p in points if not p.decided), None)) is not None:
            raise VGTheoryError(f"{name} could not be computed: whether it is finite is not decided ({open_.how})")
        at_zero = self.zero_limits[0 if which == "V" else 1] if q == 0 else None
        if q == 0 and which == "D" and self.sigma.expr is None and self.sigma.precision == "float64":
            try:
                return self._callable_d0(name)
            except Exception:  # noqa: BLE001 - undefined next to 0: the general route says what it can
                pass
        if self.backend == "float64":
            fn = self._numpy[0 if which == "V" else 1]
            exact = self.sigma.value if which == "V" else self.sigma.slope
            # A float64 callable's slope is a central difference, with ~1e-11 relative noise.
            noisy = self.sigma.expr is None and self.sigma.precision == "float64"
            # σ² past float64's range (tanh(x)*1e300) is inf, and inf - inf in the rules nan: out of range (below)
            kinks = self._float_kinks(which, q)
            if which == "D" and noisy and q != 0 and not self.sigma.uses_autograd and (jumps := self.value_jumps(_above(q))):
                fn, kinks = slope_beside_jumps(self.sigma._float_fn, fn, jumps), kinks + list(jumps)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                noise = squared_slope_noise(self.sigma._float_fn) if noisy and which == "D" else None
                result = expectation_f64(lambda u: _finite(fn, exact, u) ** 2, q, kinks=kinks, features=found, at_zero=at_zero,
                                         noisy=noisy, noise=noise, singular=centres(points, self.dps), find_jumps=not self.kinks_exact)
            if not mpmath.isfinite(result.value):
                result = Expectation(mpmath.inf, mpmath.inf, f"{name} beyond float64's range at q = {q}")
            elif result.value == 0 and q != 0 and underflows(exact, q):  # tanh(z)/1e200: σ² ~ 1e-400 (R62b-6)
                result = Expectation(mpmath.mpf(0), mpmath.inf, f"{name} below float64's range at q = {q}")
            elif not mpmath.isfinite(result.error):
                result = replace(result, error=mpmath.inf)
            elif self.sigma.expr is not None and q != 0:
                result = replace(result, error=result.error + rounding(lambda u: _finite(fn, exact, u), exact, q))
        else:
            fn = self.sigma.value if which == "V" else self.sigma.slope
            kinks = self._mp_kinks(q)
            if which == "D" and len(kinks) > len(self.kinks) and not self.sigma.uses_autograd:  # autograd: one-sided
                # the central difference straddles a cut kink over 2h, and its ramp moved D(1) by h/3 per kink: one-sided
                beside = slope_beside_jumps(self.sigma._float_fn, self._numpy[1], kinks[len(self.kinks):])
                fn = lambda t: mpmath.mpf(float(beside(np.array([float(t)]))[0]))  # noqa: E731
            result = expectation_mp(_squared(fn), q, kinks=kinks, features=found, dps=self.dps, at_zero=at_zero,
                                    singular=centres(points, self.dps))
            if self.sigma.precision == "float64":
                # float64 values (and a cut placed to a float, not at the kink) carry 2^-52 of the moment, which the
                # two mpmath rules share: V of tanh + 0.001[z > 0.003] was 18 times its error off (R46b-2)
                result = replace(result, error=result.error + mpmath.mpf(4e-16) * abs(result.value))
        if which == "V" and q != 0 and self.sigma.expr is None and self.sigma.precision == "float64" \
                and mpmath.isfinite(result.error):  # σ's own rounding, shared by both rules: σ² carries twice its
            # largest, which float_report's rms-like estimate understates up to twofold (uniform rounding: √3)
            c = _above(q)  # one look per power of 4: a fixed-point or sigma_w search asks V at many q
            rel = self._cache.get(("value noise", c)) or self._cache.setdefault(
                ("value noise", c), relative_value_noise(self.sigma._float_fn, float(mpmath.sqrt(c))))
            result = replace(result, error=result.error + (4 * rel + 4 * rel * rel) * abs(result.value))
        if which == "D" and q != 0 and mpmath.isfinite(result.error) and (slopes := self._difference_slopes(q)):
            finer, bias = slopes
            result = replace(result, error=mpmath.inf, method=f"{result.method}; the callable's sigma' varies on a scale "
                             f"finer than the differences taken for it (checked at a few points): error unknown") \
                if finer else replace(result, error=result.error + 4 * mpmath.mpf(bias))
        if not complete and mpmath.isfinite(result.value):
            # A bump the quadrature was not split at is invisible to its error estimate too.
            result = replace(result, error=mpmath.inf, method=f"{result.method}; the features of {_NAMES[which]} within "
                                 f"|u| <= {window} (where N(0, q) has weight) were not all found: error unknown")
        if self.sigma.expr is None and q != 0 and mpmath.isfinite(result.error):
            result = replace(result, method=f"{result.method}; {BLACK_BOX}")
        if len(self._cache) > _MAX_CACHED:  # a long sweep over q must not grow without bound
            self._cache.clear()
        self._cache[key] = result
        return result

    def _float_kinks(self, which: str, q: Any) -> list[float]:
        """Where the float64 rules for V (``which``) or D at q are cut: the kinks, and for V the jumps
        and ramps that D's rules found in σ' (:func:`slope_cuts`) where the kinks are not all known."""
        cuts = slope_cuts(self, q) if which == "V" and not self.kinks_exact else ()
        return [float(k) for k in self.kinks] + list(cuts)

    def _mp_kinks(self, q: Any) -> tuple:
        """Where the mpmath rules are split: the kinks, and for a float64 callable the kinks and jumps that the float64
        rules find (:func:`slope_cuts`, with σ''s own cuts): hardtanh as a callable had D(0.6) 2e-2 off its closed form,
        the kinks at ±1 unsplit (R45b-1)."""
        if self.sigma.expr is not None or self.sigma.precision != "float64" or q == 0:
            return self.kinks
        if self._cache.get(("too many cuts",)):
            return self.kinks
        sibling = self._cache.setdefault(("float64 sibling",), Moments(self.sigma, "float64", self.dps))
        if ("cuts", q) not in self._cache:  # asked by _expect and again by _difference_slopes
            self._cache[("cuts", q)] = found_cuts(sibling, q)
        cuts = self._cache[("cuts", q)]
        if len(cuts) > _MAX_CUTS:
            # hundreds of cuts are no kinks but a σ' varying on a finer scale (tanh z + 1e-12 sin(1e10 z): 512), which
            # _difference_slopes reports; split there, the mpmath rules took minutes (and the search seconds a q)
            self._cache[("too many cuts",)] = True
            return self.kinks
        return tuple(self.kinks) + cuts

    def value_cuts(self, q: Any) -> tuple[float, ...]:
        """Where the float64 rules for E[σ(u)], u ~ N(0, q), found σ to jump or ramp (:attr:`Expectation.cuts`)."""
        return self._value_expectation(q).cuts

    def value_jumps(self, q: Any) -> tuple[float, ...]:
        """Where the float64 rules for E[σ(u)], u ~ N(0, q), found σ itself to jump (:attr:`Expectation.jumps`)."""
        return self._value_expectation(q).jumps

    def _value_expectation(self, q: Any) -> Expectation:
        key = ("value", q)
        if key not in self._cache:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                noise = value_noise(self.sigma._float_fn) if self.sigma.precision == "float64" else None  # R51b-3
                self._cache[key] = expectation_f64(self._value_array, q, find_jumps=True, noise=noise)
        return self._cache[key]

    @property
    def _value_array(self) -> Callable[[np.ndarray], np.ndarray]:
        """σ on a float64 array (the mpmath value where float64 overflows)."""
        return lambda u: _finite(self._numpy[0], self.sigma.value, u)

    def _callable_d0(self, name: str) -> Expectation:
        """D(0) of a float64 callable: the average of its squared one-sided slopes at 0 (a kink at
        0 is not seen by the central difference of :meth:`Activation.slope`, R12b-3)."""
        left, l_err, right, r_err = self.callable_sides
        value = (left**2 + right**2) / 2
        error = abs(left) * l_err + abs(right) * r_err + (l_err**2 + r_err**2) / 2
        error = error if math.isfinite(error) else math.inf
        return Expectation(mpmath.mpf(value), mpmath.mpf(error), f"{name} at q = 0: one-sided float64 slopes at 0")

    def _difference_slopes(self, q: Any) -> tuple[bool, float] | None:
        """For a float64 callable whose σ' is a central difference: whether σ' differs from it at a
        few points where N(0, q) has weight, and the largest error of its square seen there
        (:func:`~vgtheory.core.callables.finer_slope`); for a torch module whose σ' is autograd's
        (:attr:`~vgtheory.core.activations.Activation.uses_autograd`), how far that is from what the differences of
        its values confirm (:func:`~vgtheory.meanfield.callable_slope.autograd_bias`); None for formulas."""
        if self.sigma.expr is not None or self.sigma.precision != "float64":
            return None
        root = float(mpmath.sqrt(q))
        points = {0.5, -0.5} | {k * root for k in (-2.3, -1.1, -0.37, 0.37, 1.1, 2.3)}
        if self.backend == "mpmath" and q != 0:
            # beside the cuts the float64 rules found, 3 and 6 steps out: a bend 1e-4 wide (softplus(3e4 (z - 0.3))) is
            # cut as ramps, and the central difference's truncation there (4e-4) went unseen by the fixed points (R46b-4)
            cuts = [float(c) for c in self._mp_kinks(q)[len(self.kinks):]]
            near = [c + k * SLOPE_STEP * max(1.0, abs(c)) for c in cuts for k in (-6, -3, 3, 6)]
            # none within two steps of a cut: there a kink's central difference straddles it, as it should not be read
            points |= {u for u in near if abs(u) < 12 * root and all(
                abs(u - c) > 2.5 * SLOPE_STEP * max(1.0, abs(u)) for c in cuts)}
        key = ("finer", tuple(sorted(points)))
        if key not in self._cache:
            g = self.sigma._float_fn
            try:
                seen = [(False, autograd_bias(g, self.sigma._slope_fn, u)) if self.sigma.uses_autograd else finer_slope(g, u)
                        for u in sorted(points) if math.isfinite(u)]
                self._cache[key] = any(f for f, _ in seen), max(b for _, b in seen)
            except Exception:  # noqa: BLE001 - undefined at a probe: the quadrature reports what it met
                self._cache[key] = None
        return self._cache[key]

    @cached_property
    def callable_sides(self) -> tuple[float, float, float, float]:
        """(σ'(0⁻), error, σ'(0⁺), error) of a float64 callable (:func:`~vgtheory.core.callables.float_sides`)."""
        return float_sides(self.sigma._float_fn, 0.0)

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
        # The closed form is trusted only where quadrature agrees with it (a guard against a wrong one labelled exact).
        numeric = Moments(self.sigma, "mpmath", 20)
        with mpmath.workdps(20):
            for q in (mpmath.mpf("0.7"), mpmath.mpf(3)):
                for value, estimate in ((closed[0], numeric.V(q)), (closed[1], numeric.D(q))):
                    exact = exact_mpf(value.subs(Q, sp.Rational(str(q))), 25)
                    if abs(exact - estimate.value) > 1e-12 * max(1, abs(exact)) + 10 * estimate.error:
                        return None
        return closed


def _squared(fn: Callable[[Any], mpmath.mpf]) -> Callable[[Any], mpmath.mpf]:
    """u ↦ fn(u)²; where fn(u) is not confirmed but bounded by B, the bound B² of the square."""

    def h(u):
        try:
            return fn(u) ** 2
        except UndeterminedError as exc:
            raise UndeterminedError(str(exc), None if exc.bound is None else exc.bound ** 2) from None

    return h


#: The function each moment squares, in the texts.
_NAMES = {"V": "sigma", "D": "sigma'"}
#: Singular points (nearest 0 first) the kernel's limits decide, and the seconds they may take in all for more.
_PROVED_POINTS, _PROVED_SECONDS, _ALL_SECONDS = 4, 8.0, 30.0
#: Expectations a Moments keeps (a few hundred bytes each).
_MAX_CACHED = 4096
#: The most cuts of a callable's float64 rules that split its mpmath rules (:meth:`Moments._mp_kinks`).
_MAX_CUTS = 32


@lru_cache(maxsize=32)
def _shared(sigma: Activation, backend: str, dps: int) -> Moments:
    """Moments are a pure function of (σ, backend, dps): every cached value is deterministic."""
    return Moments(sigma, backend, dps)


@lru_cache(maxsize=64)
def _symbolic_moments(expr: sp.Expr, derivative: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """(V(q), D(q)) in closed form (memoised: a pure function of the expressions)."""
    density = sp.exp(-(Z**2) / 2) / sp.sqrt(2 * sp.pi)
    out = []
    for h in (expr, derivative):
        integrand = (h.subs(Z, sp.sqrt(Q) * Z).rewrite(sp.Piecewise)) ** 2 * density
        try:  # in closed form piece by piece; sympy's integrate where h does not split into polynomials
            value = bounded(lambda: sp.simplify(square_moment(h, Q)
                                                or sp.integrate(integrand, (Z, -sp.oo, sp.oo))), _SYMBOLIC_SECONDS)
        except (StepTimeout, NotImplementedError, ValueError, TypeError):
            return None
        if value.has(sp.Integral) or value.free_symbols - {Q} or value.has(sp.Piecewise):
            return None
        out.append(value)
    return out[0], out[1]


def _finite(fn: Callable, exact: Callable, u: np.ndarray) -> np.ndarray:
    """fn(u) in float64; where it overflows (exp(-z)/(1+exp(-z))^2 at z = -800 is inf/inf) or numpy gives it an imaginary
    part (tanh z + i z), the mpmath value: no overflow, and a NotRealError where σ is not real (a cast dropped i z)."""
    with np.errstate(all="ignore"):
        raw = np.asarray(fn(u)) * np.ones_like(u)
    out = np.asarray(raw.real if np.iscomplexobj(raw) else raw, dtype=float)
    bad = ~np.isfinite(out) | (raw.imag != 0 if np.iscomplexobj(raw) else False)
    if bad.any():
        out[bad] = [float(exact(t)) for t in u[bad]]
    return out


def _piecewise_polynomial(expr: sp.Expr) -> bool:
    """Whether expr is built from z, numbers, +, ×, non-negative integer powers and the piecewise
    functions (finite sums of moments and Φ values; not 2^(-10^12 z^2), whose integrate hung unclocked)."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and not (node.exp.is_Integer and node.exp >= 0) and not node.is_number:
            return False
        elif isinstance(node, sp.Function) and not isinstance(node, _PIECEWISE_FUNCTIONS):
            return False
    return True


@lru_cache(maxsize=64)
def _singular(sigma: Activation, which: str, window: int) -> tuple[SingularPoint, ...]:
    """Moments.singular, shared by both backends (a few kernel limits per point, ~1 s each)."""
    out, spent = [], 0.0
    points, in_time = singular_points(sigma.expr, sigma.derivative_expr, window)
    for i, c in enumerate(points):
        # The kernel's limits cost ~0.3 s a point: the points nearest 0 get them, then more while their time lasts (R54b-1/2),
        # the rest (the k*pi of |sin z|^(2/3)) the numeric growth test, all within 30 s (256 poles of Γ(10^30 z + 1/2) at
        # 0.2 s each ran on, R62b-4: past that the moment is not decided). A Float zero is no exact point for a limit.
        if spent > _ALL_SECONDS:
            in_time = False
            break
        start = time.perf_counter()
        out.append(_point(sigma, which, c, (i < _PROVED_POINTS or spent < _PROVED_SECONDS) and not c.is_Float))
        spent += time.perf_counter() - start
        if out[-1].diverges:  # the moment is +oo for every q > 0: the other points cannot change that
            return tuple(out)
    return tuple(out) + (() if in_time else (SingularPoint(sp.nan, None, False, f"the singular points within |u| <= {window} were not all found and analysed in time"),))


@lru_cache(maxsize=512)
def _point(sigma: Activation, which: str, c: sp.Expr, symbolic: bool) -> SingularPoint:
    """One point of :func:`_singular`, kept across windows (a wider one repeats the narrower's points)."""
    h = sigma.expr if which == "V" else sigma.derivative_expr
    fn = sigma.value if which == "V" else sigma.slope
    return analyse_point(h**2, c, f"{_NAMES[which]}(u)^2", lambda u: fn(u) ** 2, symbolic=symbolic)


@lru_cache(maxsize=64)
def _one_sided(expr: sp.Expr) -> tuple | None:
    """(lim_{z→0⁻}, lim_{z→0⁺}) of ``expr``, proved by the kernel, or None. Not sympy's ``limit``:
    on a Piecewise it returns one branch's value from both sides (selu's σ' gave λ twice, not λα
    and λ, and so a false closed-form critical σ_w)."""
    from vgtheory.properties.limits import symbolic_limit

    out = []
    for side in ("0-", "0+"):
        value = symbolic_limit(expr, side, FEATURE_SECONDS)
        if value is None or not (value.is_number and value.is_real and value.is_finite):
            return None
        out.append(value)
    return tuple(out)


def _zero_limit(expr: sp.Expr, digits: int) -> mpmath.mpf | None:
    sides = _one_sided(expr)
    if sides is None:
        return None
    return exact_mpf((sides[0] ** 2 + sides[1] ** 2) / 2, digits)
