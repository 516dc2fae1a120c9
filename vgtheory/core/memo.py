"""Results shared by the steps of one ``check`` call, and only of that call.

One report asks for the same proof several times (lim σ at +∞ for properties 1 and 3 and for
Theorem 1's G_sup; lim zσ'(z) at +∞ for property 2 and again for Theorem 1's hypothesis). Inside
:func:`scope` (``vgtheory.check`` opens one) the first answer is kept and reused; outside a scope
nothing is kept. Only proofs are kept: a None (not proved, or out of time) is asked again, so a
step that ran out of time on a loaded machine gets its own budget the next time, as before.

There are two limit caches, on purpose (what; scope; why):

* this one: proved limits (kernel Facts); one ``check`` call; no verdict may depend on earlier calls.
* ``vgtheory.kernel.limits._gruntz``: raw Gruntz values; the process (lru_cache); pure, saves time only.

:func:`solveset` and :func:`continuous_domain` are sympy's, kept for the process in the same way as
``_gruntz`` (pure, saves time only): the same σ' or sign condition is solved, and the same branch's
continuity asked, by several checks and theorems.

One store cannot do both: call scope would drop the kernel's reuse outside ``check`` (direct theorem
and signal calls, the terms of split sums); process scope would let one call's proofs stand in for a
later call's own work under its own deadline; and this store moved into the kernel would grow it.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Callable, Hashable, Iterator, TypeVar

__all__ = ["scope", "remembered", "solveset", "continuous_domain"]

T = TypeVar("T")

_SHARED: ContextVar[dict | None] = ContextVar("vgtheory_check_memo", default=None)


@contextmanager
def scope() -> Iterator[None]:
    """Share proofs between the steps run in the block (a fresh store; a nested scope gets its own)."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def remembered(key: Hashable, compute: Callable[[], T | None]) -> T | None:
    """compute(), or the result it gave for ``key`` earlier in the current scope (never a None)."""
    store = _SHARED.get()
    if store is None:
        return compute()
    if key in store:
        return store[key]
    value = compute()
    if value is not None:
        store[key] = value
    return value


def solveset(f: Any, symbol: Any, domain: Any) -> Any:
    """``sympy.solveset(f, symbol, domain)``, computed once per process for each question."""
    return _sympy("solveset", f, symbol, domain)


def continuous_domain(f: Any, symbol: Any, domain: Any) -> Any:
    """``sympy.calculus.util.continuous_domain(f, symbol, domain)``, once per process likewise."""
    return _sympy("continuous_domain", f, symbol, domain)


@lru_cache(maxsize=512)
def _sympy(name: str, *args: Any) -> Any:
    # Only an answer is kept: a step cut short by its time budget (StepTimeout, raised through
    # this call) or one where sympy gives up by raising leaves nothing, and is asked again in full.
    import sympy as sp  # here: the memo itself is imported by code that needs no sympy
    from sympy.calculus.util import continuous_domain as domain

    from vgtheory.core.parsing import disagreeing_constant
    from vgtheory.core.pieces import untrusted_domain, untrusted_sets

    if name == "solveset":
        from vgtheory.core.rational_sets import rational_set
        from vgtheory.core.set_order import clipped, set_ends, union
        # a rational relation's set exactly: sympy's solver dropped a window 10^-22 wide (R27a-2)
        if (exact := rational_set(args[0], args[1])) is not None:
            # sympy's set algebra reads its ends by its assumptions: atanh(3 sqrt(111111)/1000) "is not positive"
            bad = isinstance(exact, sp.ConditionSet) or disagreeing_constant(set_ends(exact)) is not None
            if bad or not isinstance(args[2], sp.Interval):
                return None if bad else sp.Intersection(exact, args[2])
            # clipped to the domain in the kernel's order of the ends: sympy's Intersection ordered atanh(CRootOf) + 15
            # against a rational 10^-130 from it by evalf and returned EmptySet, a false "increasing" (R55a-1)
            parts = clipped(exact, args[2])
            return None if parts is None else union(parts)
    # Both decide membership of constants by sympy's assumptions: with atanh(1 - 10**-10) taken for 0, 1/(z - it)
    # was continuous on (0, 20) and z - it had no root there. No answer when arb refutes one (in or out).
    if disagreeing_constant(args) is not None or (untrusted_sets(args) if name == "solveset" else untrusted_domain(args[:2], args[2])) is not None:
        return None
    out = (sp.solveset if name == "solveset" else domain)(*args)
    return None if disagreeing_constant([out]) is not None else out
