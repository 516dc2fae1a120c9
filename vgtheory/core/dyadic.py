"""A finite mpmath number as the exact rational it is (every mpf is a dyadic rational m·2^e).

One reader for every site that turns an mpf into an exact number: ``mpf.man_exp`` and ``mpf.man`` are the
*unsigned* mantissa, and reading them by hand put -1000 at 1000 (R14a-3), Gamma poles at z < 0 at -z (R60b-1).
"""

from __future__ import annotations

import mpmath
import sympy as sp

__all__ = ["ratio", "rational"]


def ratio(t: mpmath.mpf) -> tuple[int, int]:
    """(p, q) with p/q = t exactly, q = 2^k > 0, sign in p; ValueError for an infinite t or nan.

    >>> ratio(mpmath.mpf(-0.375))
    (-3, 8)
    """
    # an mpf as it stands: mpmath.mpf(t) would round it to the working precision, and probes made at dps + 20 digits
    # became other points (sympy then took |u|^(1 + 10^-20) at one of them exactly, for minutes)
    t = t if isinstance(t, mpmath.mpf) else mpmath.mpf(t)
    if not mpmath.isfinite(t):  # mpmath's to_rational reads +-inf as 0 (its special mantissa)
        raise ValueError(f"{t} is not a finite number")
    p, q = mpmath.libmp.to_rational(t._mpf_)
    return int(p), int(q)


def rational(t: mpmath.mpf) -> sp.Rational:
    """t as a sympy Rational, exactly (sign included).

    >>> rational(mpmath.mpf(-1000)), rational(mpmath.mpf(5) / 4)
    (-1000, 5/4)
    """
    return sp.Rational(*ratio(t))
