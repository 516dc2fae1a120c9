"""Arithmetic on arb balls that python-flint gets wrong: shared by the kernel's enclosures of
constants and by the enclosures of formulas (core.enclosure)."""

from __future__ import annotations

from typing import Any

__all__ = ["int_power", "mpf_ball"]


def mpf_ball(t: Any) -> Any:
    """The exact arb point of an mpf (no rounding to the working precision: √3 − 10^-40 would become √3's
    neighbour)."""
    import flint

    s, man, exp, _ = t._mpf_
    return flint.arb(((-1) ** s * int(man), int(exp)))


def int_power(b: Any, n: int) -> Any:
    """b**n for an arb ball b and an integer n >= 0; by squaring where b holds 0, since arb's ``**``
    goes through exp(n log b) there and gives nan (python-flint 0.9: arb(0, 1e-18)**2 is nan).

    >>> import flint
    >>> int_power(flint.arb(0, 0.5), 2).upper() >= 0.25
    True
    """
    if 0 not in b:  # arb's `in`: containment of the point 0
        return b**n
    out = type(b)(1)
    while n:
        out, b, n = (out * b if n & 1 else out), b * b, n >> 1
    return out
