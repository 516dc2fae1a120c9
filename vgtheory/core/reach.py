"""How far an inner argument g really stays within a unit of its value: a feature's width past its Taylor orders.

:func:`vgtheory.meanfield.features` sizes a bump exp(−g²) or a step atan(g) by g's first three Taylor orders at its
zero or critical point, :func:`vgtheory.properties.features.feature_widths` by 1/|g'|. A g flat in those orders and
steep past them (g = t/100 + K t⁵, (K t)³) is read 100 (or 1) wide where it is K^(−1/5) (1/K) wide: the quadrature has
no node on it (R68b-1/2/3), the shape samples miss its dip (R69a-3). Reading g itself settles it.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from vgtheory.core.enclosure import UndeterminedError
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.formula_eval import compiled
from vgtheory.errors import VGTheoryError

__all__ = ["reach"]

#: Most steps of 16 below the Taylor width, and the most digits a step may need (c ± d distinct numbers).
_STEPS, _DIGITS = 100, 400


def reach(g: sp.Expr, point: sp.Expr | mpmath.mpf, width: mpmath.mpf) -> mpmath.mpf:
    """The width of g's feature at ``point`` (exact, or an mpf taken as exact; a zero or critical point of g), at most ``width`` (the Taylor
    estimate): the first d = width·16⁻ᵏ at which g moves by at most 4 on either side, |g(c ± d) − g(c)| ≤ 4 (a Taylor
    width moves g by about 1). Where g cannot be read there, the last width read; past 400 digits, the narrowest."""
    if not width or not mpmath.isfinite(width):
        return width
    f = compiled(g)
    at = (lambda n: point) if isinstance(point, mpmath.mpf) else (lambda n: exact_mpf(point, n))  # noqa: E731
    size = max(abs(at(15)), 1)
    for k in range(_STEPS + 1):
        d = mpmath.mpf(width) / mpmath.mpf(16) ** k
        digits = 30 + max(0, int(mpmath.log10(size / d)))
        if digits > _DIGITS:
            return d
        try:
            with mpmath.workdps(digits):
                c = at(digits)
                g0 = f(c)
                move = max(abs(f(c + d) - g0), abs(f(c - d) - g0))
        except (ArithmeticError, ValueError, TypeError, UndeterminedError, VGTheoryError):
            return d * 16 if k else d
        if move <= 4:
            return d
    return d
