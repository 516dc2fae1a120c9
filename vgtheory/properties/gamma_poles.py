"""The poles of the gamma family inside σ as zeros of simple targets (layer: properties).

Γ(a), log Γ(a) and ψ^(m)(a) have a pole wherever their argument a(z) is 0, −1, −2, ...: the zeros of a + k. A pole
where a(z) only touches −50 is invisible to samples at 30 digits until |a + 50| < 1/50! ≈ 3·10⁻⁶⁵, and
tanh z·(1 + Γ(−50 + tanh(z − √2)/2)²) was called bounded and sigmoid-type (R55a-2). The integers k are those a
takes on the window by samples (numeric evidence, one k to spare at each end); the zeros of each a + k are then
found like any other base's (:func:`vgtheory.properties.features.singular_roots`).
"""

from __future__ import annotations

from typing import Any, Callable

import mpmath
import sympy as sp

from vgtheory.core.dyadic import rational
from vgtheory.core.mp_code import lambdify_mp
from vgtheory.properties.sampling import bisect_root

__all__ = ["pole_targets", "pole_crossings"]

#: Samples of a on the window for the integers it reaches, and the most targets a + k taken for one argument.
_SAMPLES, _MAX_TARGETS = 257, 64


def pole_targets(expr: sp.Expr, z: sp.Symbol, lo: Any, hi: Any,
                 zeros: Callable[[tuple, Any, Any], list] = lambda targets, lo, hi: []) -> list[sp.Expr]:
    """a + k for each argument a of gamma, loggamma or polygamma in ``expr`` and each integer k ≥ 0 with −k in the
    range of a on [lo, hi] (its samples and its values at the critical points ``zeros`` finds: (root, mpf) pairs of
    the zeros of the targets given in [lo, hi]) widened by one, and k = 0."""
    return [a + k for a, _, _, _, ks in _arguments(expr, z, lo, hi, zeros) for k in ks]


def pole_crossings(expr: sp.Expr, z: sp.Symbol, lo: Any, hi: Any,
                   zeros: Callable[[tuple, Any, Any], list]) -> list[tuple[sp.Rational, mpmath.mpf]]:
    """(root, its value to 140 digits) where a + k changes sign between a critical point or kink of a and the sample
    or critical point next to it, located by bisection: the zeros of a target in a dip 10^-12 wide that sympy does not
    solve (a = 5/2 − 4 exp(−10^8 |z − 1/3|^(2/3)), R59b-3) and the samples do not see."""
    out: list[tuple[sp.Rational, mpmath.mpf]] = []
    for a, f, points, critical, ks in _arguments(expr, z, lo, hi, zeros):
        with mpmath.workdps(150):
            def g(t, k):
                return mpmath.re(f(t)) + k
            try:
                for p, q in zip(points, points[1:]):
                    if p not in critical and q not in critical:
                        continue
                    for k in ks:
                        if len(out) < _MAX_TARGETS and g(p, k) * g(q, k) < 0:
                            r = bisect_root(lambda t: g(t, k), p, q)
                            out.append((rational(r), r))
            except (ValueError, TypeError, ZeroDivisionError, OverflowError, ArithmeticError):
                continue
    return out


def _arguments(expr: sp.Expr, z: sp.Symbol, lo: Any, hi: Any, zeros: Callable) -> list[tuple]:
    """(a, a as an mpmath function, the sorted points where a was evaluated, the critical points and kinks among them,
    the integers k of the targets a + k) for each argument a of the gamma family in ``expr``."""
    out = []
    for a in sorted({n.args[-1] for n in expr.atoms(sp.gamma, sp.loggamma, sp.polygamma) if n.args[-1].has(z)},
                    key=sp.default_sort_key):
        try:
            f = lambdify_mp(z, a)
            with mpmath.workdps(30):
                points = [mpmath.mpf(lo) + (mpmath.mpf(hi) - lo) * i / (_SAMPLES - 1) for i in range(_SAMPLES)]
                # a's critical points too: a dip narrower than the samples, whose first crossing (k = 0) may be no
                # pole of σ (a Γ(a) = Γ(a + 1) has its pole where a = −1, R57b-2), and its kinks, where a' has no zero
                # but a may be least (a cusp |z - 1/3| at the bottom, R58b-1)
                critical = {p for _, p in zeros((sp.diff(a, z), *_kinks(a)), mpmath.mpf(lo), mpmath.mpf(hi))}
                points = sorted({*points, *critical})
                values = [mpmath.re(v) for v in map(f, points) if mpmath.isfinite(v)]
        except (ValueError, TypeError, ZeroDivisionError, OverflowError, NameError, ArithmeticError):
            continue
        if not values:
            continue
        first, last = max(0, int(mpmath.floor(-max(values))) - 1), int(mpmath.ceil(-min(values))) + 1
        # a + 0 always: a spike of a between samples that reaches a pole from a > 0 crosses 0 first (R56b-1)
        out.append((a, f, points, critical, sorted({0, *range(first, min(last, first + _MAX_TARGETS - 1) + 1)})))
    return out


def _kinks(a: sp.Expr) -> list[sp.Expr]:
    """Expressions whose zeros hold a's kinks and switches: arguments of Abs, sign and Heaviside, differences of any
    two operands of Max/Min (of three too, R59b-2), and lhs − rhs of each Piecewise condition's relations."""
    out = [n.args[0] for n in a.atoms(sp.Abs, sp.sign, sp.Heaviside)]
    out += [p - q for m in a.atoms(sp.Max, sp.Min) for i, p in enumerate(m.args) for q in m.args[i + 1:]]
    out += [r.lhs - r.rhs for pw in a.atoms(sp.Piecewise) for _, c in pw.args for r in c.atoms(sp.Rel)]
    return [k for k in dict.fromkeys(out) if k.has(sp.Symbol)]
