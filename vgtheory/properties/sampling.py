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


def bisect_root(f: Callable[[mpmath.mpf], mpmath.mpf], lo: mpmath.mpf, hi: mpmath.mpf) -> mpmath.mpf:
    """A sign change of f on [lo, hi] to the working precision (f(lo), f(hi) of opposite signs)."""
    f_lo = f(lo)
    for _ in range(mpmath.mp.prec + 20):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        f_mid = f(mid)
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2
