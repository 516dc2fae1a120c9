r"""E[h(u)²] for u ~ N(0, q) in closed form, for a piecewise polynomial h (relu, hardtanh, |z|, ...).

On each piece (a, b) of h (the package's one splitter,
:func:`vgtheory.properties.smoothness.split_pieces`), h² is a polynomial, and the truncated moments
M_k = ∫_a^b u^k φ_q(u) du of the N(0, q) density φ_q follow by parts from ∫ u φ_q = −q φ_q:

.. math:: M_0 = Φ(b/\sqrt q) − Φ(a/\sqrt q), \quad M_1 = q(φ_q(a) − φ_q(b)), \quad
          M_k = q(a^{k−1} φ_q(a) − b^{k−1} φ_q(b)) + (k − 1) q M_{k−2},

where a^{k−1} φ_q(a) is 0 at a = ±∞. sympy's integrate of the whole Piecewise over ℝ gives the same
expressions at about a hundred times the cost (1-3 s per activation and derivative).

>>> from vgtheory.core.parsing import Z
>>> import sympy as sp
>>> q = sp.Symbol("q", positive=True)
>>> square_moment(sp.Max(0, Z), q), square_moment(sp.Heaviside(Z), q)
(q/2, 1/2)
"""

from __future__ import annotations

import sympy as sp

from vgtheory.core.parsing import Z

__all__ = ["square_moment"]


def square_moment(h: sp.Expr, q: sp.Symbol) -> sp.Expr | None:
    """E[h(u)²] for u ~ N(0, q) (``h`` in :data:`~vgtheory.core.parsing.Z`), or None when h does not
    split into pieces that are polynomials in Z."""
    from vgtheory.properties.smoothness import split_pieces  # properties sit above meanfield's imports

    split = split_pieces(h, sp.Interval(-sp.oo, sp.oo))
    if split is None:
        return None
    total = sp.S.Zero
    for a, b, piece in split[1]:
        square = sp.expand(piece**2)
        if not square.is_polynomial(Z):
            return None
        total += _truncated(sp.Poly(square, Z), a, b, q)
    return total


def _truncated(p: sp.Poly, a: sp.Expr, b: sp.Expr, q: sp.Symbol) -> sp.Expr:
    """∫_a^b p(u) φ_q(u) du (a < b, either may be infinite)."""
    if p.is_zero:
        return sp.S.Zero

    def density(x: sp.Expr) -> sp.Expr:
        return sp.S.Zero if x.is_infinite else sp.exp(-x**2 / (2 * q)) / sp.sqrt(2 * sp.pi * q)

    def cdf(x: sp.Expr) -> sp.Expr:
        if x.is_infinite:
            return sp.S.One if x == sp.oo else sp.S.Zero
        return (1 + sp.erf(x / sp.sqrt(2 * q))) / 2

    def edge(x: sp.Expr, k: int) -> sp.Expr:  # x^k φ_q(x), 0 at ±∞
        return sp.S.Zero if x.is_infinite else x**k * density(x)

    m = [cdf(b) - cdf(a), q * (density(a) - density(b))]
    for k in range(2, p.degree() + 1):
        m.append(q * (edge(a, k - 1) - edge(b, k - 1)) + (k - 1) * q * m[k - 2])
    return sp.Add(*[c * m[k] for (k,), c in p.terms()])
