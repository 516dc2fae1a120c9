"""Poles of an mpmath callable between the grid points, where no sample comes near them.

tanh z + 10^-20/(z - √2) is within 10^-18 of tanh at every grid point of [-20, 20], and moves
no sample, no extremum, no sign change (red team 11b, R11b-6); a formula's poles are located from
its inner factors, a callable has none to read. A pole is not analytic, though: on an interval
that holds it the Chebyshev coefficients of σ stop decaying at the size of its term there, while
those of an analytic σ fall to its rounding. So [-20, 20] is cut into halves of unit intervals,
each interpolated at 32 Chebyshev points, and an interval whose coefficients 24..31 stay above
10^-22 of |σ| there (10^(8 - digits) below 30 digits) is halved, each half kept while its
coefficients stay large: a pole's grow like 1/width, a jump's stay, a kink's shrink and a smooth
σ's fall to nothing. A branch goes on while they grow (4-fold over eight halvings at least), and
the search reports the point where |σ| passes ``huge``; a jump, a kink or a finite spike ends it.

A pole whose term stays below that threshold on the unit interval is not seen (a residue below
about 10^-22); nor are poles past |z| = 20, between the tail samples. The search stops at the
check's time budget too (a zoom to 10^-100 costs 40 s on a loaded machine): cut short, it is no
evidence either way.
"""

from __future__ import annotations

import functools
import time
from typing import Callable

import mpmath

__all__ = ["hidden_pole"]

_NODES, _TAIL = 32, 24
#: Halvings of a half unit interval at most (to a width 2^-331 ~ 1e-100: 10^-10/sqrt(z - z0) passes 10^30 there).
_MAX_DEPTH = 330
#: The zoom keeps a branch only while its tail grows this much over _WINDOW halvings (a pole's
#: doubles at each, 256-fold over the window).
_GROWTH, _WINDOW = 4, 8
#: Evaluations of σ at most, over the whole search.
_BUDGET = 40000


def _tail(value: Callable, a: mpmath.mpf, b: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    """(largest |c_k| for k >= _TAIL, largest |σ| at the nodes, where) of σ on [a, b]; (0, 0, a)
    where σ is undefined at a node (real_valued reports that; the samples skip such points too,
    and a zoom on both halves of every such interval would spend the budget on a half-line)."""
    mid, half = (a + b) / 2, (b - a) / 2
    nodes, basis = _cosines(mpmath.mp.prec)
    xs = [mid + half * c for c in nodes]
    fs = []
    for x in xs:
        try:
            v = value(x)
        except Exception:  # noqa: BLE001 - undefined at a node: nothing to interpolate
            return mpmath.mpf(0), mpmath.mpf(0), a
        fs.append(v)
    big, where = max(zip((abs(v) for v in fs), xs))
    tail = max(abs(mpmath.fdot(fs, row)) for row in basis)
    return 2 * tail / _NODES, big, where


@functools.lru_cache(maxsize=512)
def _cosines(prec: int) -> tuple[list[mpmath.mpf], list[list[mpmath.mpf]]]:
    """cos θ_j at the Chebyshev nodes θ_j = π(j + 1/2)/32, and the rows cos(k θ_j), k = 24..31, at
    ``prec`` bits: a third of the search's time went to computing them again for every interval."""
    with mpmath.workprec(prec):
        thetas = [mpmath.pi * (j + mpmath.mpf(1) / 2) / _NODES for j in range(_NODES)]
        return [mpmath.cos(th) for th in thetas], [[mpmath.cos(k * th) for th in thetas] for k in range(_TAIL, _NODES)]


def hidden_pole(value: Callable, dps: int, huge: mpmath.mpf, reach: int = 20,
                seconds: float = float("inf")) -> tuple[str, mpmath.mpf, mpmath.mpf] | None:
    """('pole', z, |σ(z)|) where a zoom passes ``huge``; ('budget', z, 0) where the evaluation
    budget ran out before the zooms ended, ('time', z, 0) where ``seconds`` did (no evidence either
    way); None where no interval of [-reach, reach] is left that could hold a pole. Both halves of
    an interval are kept while their tails are large (a jump beside a pole in one interval)."""
    evals, end = 0, time.monotonic() + seconds
    rel = mpmath.mpf(10) ** (8 - min(dps, 30))
    half = mpmath.mpf(1) / 2
    stack = [(k * half, (k + 1) * half, 0, ()) for k in range(2 * reach - 1, -2 * reach - 1, -1)]
    while stack:
        a, b, depth, history = stack.pop()
        with mpmath.workdps(dps + 14 + int(depth * 0.302)):
            tail, big, where = _tail(value, a, b)
        evals += _NODES
        if big > huge:
            return "pole", where, big
        history = (*history[-_WINDOW:], tail)
        grows = len(history) <= _WINDOW or tail >= _GROWTH * min(history[:-1])
        if tail > rel * (1 + big) and grows and depth < _MAX_DEPTH:
            with mpmath.workdps(dps + 14 + int(depth * 0.302)):
                mid = (a + b) / 2
            stack += [(mid, b, depth + 1, history), (a, mid, depth + 1, history)]
        if evals > _BUDGET:
            return "budget", where, mpmath.mpf(0)
        if stack and time.monotonic() > end:
            return "time", where, mpmath.mpf(0)
    return None
