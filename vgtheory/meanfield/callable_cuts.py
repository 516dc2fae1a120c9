"""Where the float64 rules found a callable's kinks and jumps, which no formula places: V's and the mpmath rules' cuts."""

from __future__ import annotations

from typing import Any

import mpmath

from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.callable_slope import kink_in_ramp, merged_cuts

__all__ = ["slope_cuts", "found_cuts", "above", "BLACK_BOX"]


def slope_cuts(moments: Any, q: Any) -> tuple[float, ...]:
    """The points where D(q)'s float64 rules found σ' to jump or ramp, and E[σ(u)]'s found σ itself to jump (a
    callable's kinks and jumps, which no list places; σ + [u > -1/2] keeps σ² continuous and σ' unjumped, and V was
    1.5e-7 off under 9e-15, R40b-2): a
    kink of σ 6e-4 beside a panel edge was between the edge and both rules' first nodes, and V was 3.7e-7 off under
    an error of 4.7e-16 (R38b-4, torch's Hardtanh(-1/2, 1) likewise, R38b-1). Cutting V's panels there puts the
    kink inside a panel, where its nodes see it. None at q = 0 or where D cannot be computed (V says what it can).

    D is taken at the power of 4 at or above q, not at q: a fixed-point iteration asks V at many q and one D serves
    them all (tanh's signal took 4 times as long with a D at every q). Its jump search misses nothing that matters at
    q: at c ∈ [q, 4q] the density of N(0, c) at any u is at least half that of N(0, q)."""
    if q == 0:
        return ()
    c = above(q)
    try:
        d = moments.D(c)
        cuts = set(d.cuts) | set(moments.value_cuts(c))
    except VGTheoryError:
        return ()
    sigma = moments.sigma
    kinks = (kink_in_ramp(lambda t: float(sigma.value(t)), lambda t: float(sigma.slope(t)), lo, hi) for lo, hi in d.ramps)
    return tuple(sorted(cuts | {k for k in kinks if k is not None}))


def above(q: Any) -> mpmath.mpf:
    """The power of 4 at or above q > 0: one search for jumps there serves every q' in (c/4, c], where the density
    of N(0, c) at any u is at least half that of N(0, q')."""
    with mpmath.workdps(20):
        return mpmath.mpf(4) ** mpmath.ceil(mpmath.log(q, 4))


def found_cuts(sibling: Any, q: Any) -> tuple[mpmath.mpf, ...]:
    """Every cut the float64 rules of ``sibling`` (float64 moments of a callable) find for V and D near q
    (:func:`slope_cuts`, and D's own): where the mpmath rules are split for the same callable (R45b-1)."""
    try:
        cuts = set(slope_cuts(sibling, q)) | set(sibling.D(above(q)).cuts)
    except VGTheoryError:
        return ()
    return tuple(mpmath.mpf(c) for c in merged_cuts(cuts))


#: What a callable's moment errors assume: a black box is seen only at its samples, and a feature between two nodes
#: (a notch 10⁻⁵ wide, a kink 3·10⁻⁶ beside a jump: red team R44b-2..4) can be missed by both rules alike.
BLACK_BOX = ("sigma is a black box: the error estimates assume no feature of sigma narrower than the quadrature's "
             "node spacing (give sigma as a formula to have its features found)")
