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

__all__ = ["pole_targets"]

#: Samples of a on the window for the integers it reaches, and the most targets a + k taken for one argument.
_SAMPLES, _MAX_TARGETS = 257, 64


def pole_targets(expr: sp.Expr, z: sp.Symbol, lo: Any, hi: Any,
                 zeros: Callable[[tuple, Any, Any], list] = lambda targets, lo, hi: []) -> list[sp.Expr]:
    """a + k for each argument a of gamma, loggamma or polygamma in ``expr`` and each integer k ≥ 0 with −k in the
    range of a on [lo, hi] (its samples and its values at the critical points ``zeros`` finds: (root, mpf) pairs of
    the zeros of the targets given in [lo, hi]) widened by one, and k = 0."""
    out: list[sp.Expr] = []
    for a in sorted({n.args[-1] for n in expr.atoms(sp.gamma, sp.loggamma, sp.polygamma) if n.args[-1].has(z)},
                    key=sp.default_sort_key):
        try:
            f = sp.lambdify(z, a, "mpmath")
            with mpmath.workdps(30):
                points = [mpmath.mpf(lo) + (mpmath.mpf(hi) - lo) * i / (_SAMPLES - 1) for i in range(_SAMPLES)]
                # a's critical points too: a dip narrower than the samples, whose first crossing (k = 0) may be no
                # pole of σ (a Γ(a) = Γ(a + 1) has its pole where a = −1, R57b-2)
                # and its kinks, where a' has no zero but a may be least (a cusp |z - 1/3| at the bottom, R58b-1)
                kinks = [n.args[0] for n in a.atoms(sp.Abs, sp.sign, sp.Heaviside)] + [
                    m.args[0] - m.args[1] for m in a.atoms(sp.Max, sp.Min) if len(m.args) == 2]
                points += [p for _, p in zeros((sp.diff(a, z), *kinks), mpmath.mpf(lo), mpmath.mpf(hi))]
                values = [mpmath.re(v) for v in map(f, points) if mpmath.isfinite(v)]
        except (ValueError, TypeError, ZeroDivisionError, OverflowError, NameError, ArithmeticError):
            continue
        if not values:
            continue
        first, last = max(0, int(mpmath.floor(-max(values))) - 1), int(mpmath.ceil(-min(values))) + 1
        # a + 0 always: a spike of a between samples that reaches a pole from a > 0 crosses 0 first (R56b-1)
        out += [a + k for k in sorted({0, *range(first, min(last, first + _MAX_TARGETS - 1) + 1)})]
    return out
