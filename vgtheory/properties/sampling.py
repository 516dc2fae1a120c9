"""Sampling primitives for numeric evidence: a guarded evaluation, a memo of samples, a
golden-section maximum. The lowest layer of the evidence modules: :mod:`evidence`,
:mod:`features` and :mod:`poles` all build on it, and it imports none of them.
"""

from __future__ import annotations

import itertools
from typing import Callable

import mpmath

from vgtheory.core.enclosure import UndeterminedError

__all__ = ["Samples", "golden_max", "bisect_root", "safe", "probe", "not_real"]


def safe(fn: Callable[[mpmath.mpf], mpmath.mpf], t: mpmath.mpf) -> mpmath.mpf | None:
    """fn(t) where it is a confirmed finite number, else None (undefined, or unconfirmed: no evidence)."""
    try:
        value = fn(t)
    except (ZeroDivisionError, OverflowError, ValueError, ArithmeticError):
        return None
    except Exception:  # noqa: BLE001 - a user callable may raise anything at extreme inputs
        return None
    return value if mpmath.isfinite(value) else None


def not_real(fns: tuple[Callable[[mpmath.mpf], mpmath.mpf], ...], points: tuple[mpmath.mpf, ...]) -> str | None:
    """Why σ is not real-valued: the message of the first :class:`~vgtheory.errors.NotRealError` that
    one of ``fns`` (σ, σ') raises at one of ``points``; None if none does. A complex-valued σ
    (tanh z + i z) otherwise reads as "undefined" at every sample, or breaks sympy's comparisons."""
    from vgtheory.errors import NotRealError

    for t in points:
        for fn in fns:
            try:
                fn(t)
            except NotRealError as exc:
                return str(exc)
            except Exception:  # noqa: BLE001 - undefined there, or a callable's own error: not this question
                continue
    return None


def probe(fn: Callable[[mpmath.mpf], mpmath.mpf], t: mpmath.mpf) -> tuple[mpmath.mpf | None, mpmath.mpf | None]:
    """(fn(t), None) where fn(t) is a confirmed finite number; (None, B) where it was not confirmed
    but arb bounds its magnitude by B (:class:`~vgtheory.core.enclosure.UndeterminedError`); else
    (None, None). A bound is evidence that |fn(t)| is small, never of its sign or that it is large."""
    try:
        value = fn(t)
    except UndeterminedError as exc:
        bound = exc.bound
        return None, (bound if bound is not None and mpmath.isfinite(bound) else None)
    except Exception:  # noqa: BLE001 - as in safe(): undefined, overflow, a user callable's own error
        return None, None
    return (value, None) if mpmath.isfinite(value) else (None, None)


class Samples:
    """σ at mpf points through :func:`_safe`, each point evaluated once (in insertion order)."""

    _MISSING = object()

    def __init__(self, fn: Callable[[mpmath.mpf], mpmath.mpf]) -> None:
        self.fn = fn
        self.cache: dict[mpmath.mpf, mpmath.mpf | None] = {}

    @property
    def evals(self) -> int:
        return len(self.cache)

    def __call__(self, t: mpmath.mpf) -> mpmath.mpf | None:
        value = self.cache.get(t, self._MISSING)
        if value is self._MISSING:
            value = self.cache[t] = safe(self.fn, t)
        return value

    def max_abs_since(self, first: int) -> tuple[mpmath.mpf, mpmath.mpf] | None:
        """The largest |σ| among the points evaluated after the first ``first``, and where."""
        pairs = [(abs(v), t) for t, v in itertools.islice(self.cache.items(), first, None) if v is not None]
        return max(pairs, key=lambda p: p[0]) if pairs else None


def golden_max(f: Callable[[mpmath.mpf], mpmath.mpf], lo: mpmath.mpf, hi: mpmath.mpf, steps: int = 90) -> mpmath.mpf:
    """Golden-section search for a maximum of f on [lo, hi] (a local one, unless f is unimodal):
    the midpoint of the final bracket after ``steps`` shrinks."""
    inv = (mpmath.sqrt(5) - 1) / 2
    x1, x2 = hi - inv * (hi - lo), lo + inv * (hi - lo)
    f1, f2 = f(x1), f(x2)
    for _ in range(steps):
        if f1 < f2:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + inv * (hi - lo)
            f2 = f(x2)
        else:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - inv * (hi - lo)
            f1 = f(x1)
    return (lo + hi) / 2


#: Steps beyond bisection's count that the ITP projection of :func:`bisect_root` may spend on regula falsi
#: steps that do not halve the bracket: with 1, a cubic's root at 60 digits took 211 steps, at most 1 bit
#: each once the slack was spent; with 30, tens.
_SLACK = 30


def bisect_root(f: Callable[[mpmath.mpf], mpmath.mpf], lo: mpmath.mpf, hi: mpmath.mpf) -> mpmath.mpf:
    """A sign change of f on [lo, hi] (either order) to the working precision, f(lo) and f(hi) of opposite
    signs (0 counts as positive): the bracket always keeps one, as in bisection.

    The ITP method (Oliveira and Takahashi 2021): regula falsi, pushed off the bracket's end by
    0.2 (b − a)²/(b₀ − a₀) and projected within bisection's worst case plus a slack. On smooth f it
    converges superlinearly: plain bisection took one step per bit, 1,100 at the 330 digits of
    sin(10^300 z)'s phase points, ~20 now; poles and kinks cost bisection's steps (plus one probe per exact
    0, where f is 0 on a piece)."""
    f_lo = f(lo)
    if lo > hi:
        lo, hi, f_lo, f_hi = hi, lo, f(hi), f_lo
    else:
        f_hi = f(hi)
    neg, kept = f_lo < 0, 0  # kept: the end the last step kept (1 hi, -1 lo)
    eps = max(abs(lo), abs(hi)) * mpmath.ldexp(1, -mpmath.mp.prec)
    if not eps:
        return (lo + hi) / 2
    kappa = mpmath.mpf("0.2") / (hi - lo)
    n_max = int(mpmath.ceil(mpmath.log((hi - lo) / (2 * eps), 2))) + _SLACK if hi - lo > 2 * eps else 0
    for j in range(mpmath.mp.prec + 40):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        width = hi - lo
        r = max(eps * mpmath.ldexp(1, n_max - j) - width / 2, 0)
        x = mid
        if f_hi != f_lo and mpmath.isfinite(f_hi) and mpmath.isfinite(f_lo):
            x_f = (hi * f_lo - lo * f_hi) / (f_lo - f_hi)
            if mpmath.isfinite(x_f):
                # A push of a few units in the last place at least: a regula falsi point on the root rounds onto
                # the bracket's end, and the far end was then bisected down to it (100 steps at 60 digits).
                ulp = max(abs(lo), abs(hi)) * mpmath.ldexp(1, -mpmath.mp.prec)
                delta, side = max(kappa * width**2, 4 * ulp), 1 if mid > x_f else -1
                x_t = x_f + side * delta if delta <= abs(mid - x_f) else mid
                x = x_t if abs(x_t - mid) <= r else mid - side * r
        if not lo < x < hi:
            x = mid
        f_x = f(x)
        if f_x == 0:
            # An exact 0 holds regula falsi at that end for good (1,100 bisections after sin(10^300 z)'s
            # phase landed on its root): a point a few units in the last place towards the negative end
            # closes the bracket where the zero is simple (not where f is 0 on a piece, an undefined one).
            near = (1 if neg else -1) * max(abs(lo), abs(hi)) * mpmath.ldexp(1, 4 - mpmath.mp.prec)
            y = x - near
            if lo < y < hi and (f_y := f(y)) < 0:
                lo, hi, f_lo, f_hi = (y, x, f_y, f_x) if neg else (x, y, f_x, f_y)
                continue
        # Illinois: an end kept twice in a row has its value halved (for the interpolation only), or regula
        # falsi creeps towards the root from one side (a cubic on [0, 859]: 1 bit per step).
        if (f_x < 0) == neg:
            lo, f_lo, f_hi = x, f_x, f_hi / 2 if kept == 1 else f_hi
            kept = 1
        else:
            hi, f_hi, f_lo = x, f_x, f_lo / 2 if kept == -1 else f_lo
            kept = -1
    return (lo + hi) / 2
