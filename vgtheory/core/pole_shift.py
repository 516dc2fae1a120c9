"""Poles of Γ and ψ^(m) at a point written out as rational factors by exact recurrences, and a formula's value at a
pole it cancels (a removable one).

Γ(a) = Γ(a + n + 1)/(a(a + 1)···(a + n)) and ψ^(m)(a) = ψ^(m)(a + n + 1) − Σ_j (−1)^m m!/(a + j)^(m+1) hold for
every a off the poles; written out where a(c) = −n, the pole of each factor is a power of (a + j) that the kernel's
limits, or sympy's cancel, see."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, NamedTuple

import mpmath
import sympy as sp

from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.parsing import Z

__all__ = ["MAX_SHIFT", "Pole", "pole_bearing", "nearby_root", "pole_explicit", "cancelled_at", "limit_value",
           "removable_value"]

#: How near (relative) a relocated pole must be to the point that stands for it (points are located to >= 140 digits).
_SAME_POINT = mpmath.mpf(10) ** -100
#: Functions that may jump or switch branch at a point (no removable value is read through them).
_SWITCHES = (sp.Piecewise, sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min, sp.floor, sp.ceiling, sp.frac)

#: Largest pole index −n written out (a product of n + 1 factors).
MAX_SHIFT = 64


def pole_explicit(h: sp.Expr, c: sp.Expr, z: sp.Symbol = Z, log_gamma: bool = True) -> sp.Expr:
    """h with each Γ(a), ψ^(m)(a) (m a nonnegative integer) and log Γ(a) whose argument is a pole −n at z = c
    (n ≤ :data:`MAX_SHIFT`) written by the recurrences above; with ``log_gamma``, log Γ(a) = log Γ(a + 1) − log a at
    n = 0 (for a ≥ 0 near c: a = (z − 1)², R57b-1). Exact identities: h itself where no argument is a pole at c."""
    swap = {}
    for node in h.atoms(sp.gamma, sp.polygamma, sp.loggamma):
        a = node.args[-1]
        if (n := _pole_index(a, c, z)) is None:
            continue
        if isinstance(node, sp.loggamma):
            if n == 0 and log_gamma:
                swap[node] = sp.loggamma(a + 1) - sp.log(a)
        elif isinstance(node, sp.gamma):
            swap[node] = sp.gamma(a + n + 1) / sp.Mul(*(a + j for j in range(n + 1)))
        elif (m := node.args[0]).is_Integer and m >= 0:
            swap[node] = sp.polygamma(m, a + n + 1) - sp.Add(*((-1) ** m * sp.factorial(m) / (a + j) ** (m + 1)
                                                               for j in range(n + 1)))
    return h.xreplace(swap) if swap else h


def cancelled_at(expr: sp.Expr, c: sp.Rational, z: sp.Symbol = Z) -> sp.Expr | None:
    """``expr`` with its Γ and ψ poles at z = c written out (:func:`pole_explicit`) and the terms holding them cancelled
    as one rational function of z and the remaining functions (sympy's cancel, exact); None where no such pole
    stands at c, where log Γ has one (a logarithm: no rational factor removes it), or where a switch stands anywhere.
    Where the cancelled form is finite at c, it is continuous there and its value is the limit of ``expr`` at c: the
    value of a removable singularity (ψ(z²)/Γ(z²) = (z²ψ(z² + 1) − 1)/Γ(z² + 1) at z = 0, R55b-1)."""
    if not expr.has(sp.gamma, sp.polygamma) or expr.has(*_SWITCHES) or any(
            _pole_index(n.args[0], c, z) is not None for n in expr.atoms(sp.loggamma)):
        return None  # a switch may jump at c: its value there is no limit of the formula
    # only the terms with a pole are put over one denominator: cancel's cost grows with every generator it meets
    changed, kept = [], []
    for term in sp.Add.make_args(expr):
        (kept if (shifted := pole_explicit(term, c, z, log_gamma=False)) is term else changed).append(shifted)
    return sp.Add(*kept, sp.cancel(sp.together(sp.Add(*changed)))) if changed else None


def _pole_index(a: sp.Expr, c: sp.Expr, z: sp.Symbol) -> int | None:
    """n where a(c) = −n is a pole of Γ (0 ≤ n ≤ :data:`MAX_SHIFT`), else None."""
    at = a.subs(z, c) if a.has(z) else None
    return int(-at) if at is not None and at.is_integer and at <= 0 and -at <= MAX_SHIFT else None


def removable_value(expr: sp.Expr, c: sp.Rational, evaluate: Callable[[sp.Expr], Any], seconds: float = 4.0) -> Any:
    """``evaluate`` of the cancelled form (:func:`cancelled_at`) where it is finite at c, else the kernel's limit at c
    (:func:`limit_value`) to the working precision; None where neither gives a value (a true pole)."""
    form = cancelled_at(expr, c)
    if form is not None:
        try:
            return evaluate(form)
        except (ValueError, ZeroDivisionError):
            pass  # the cancelled form divides by 0 too: Γ(z) − 1/z keeps its pole apart from its 1/z
    limit = limit_value(expr, c, seconds)
    return None if limit is None else exact_mpf(limit)


@lru_cache(maxsize=256)  # once per point: the precision guard asks again at each precision
def limit_value(expr: sp.Expr, c: sp.Rational, seconds: float, z: sp.Symbol = Z) -> sp.Expr | None:
    """The limit of ``expr`` at z = c where the kernel proves both one-sided limits finite and equal (and no switch
    stands in expr, which could jump there): the value of a removable singularity that no cancel shows, as in
    Γ(z) − 1/z → −γ at 0 (R59b-4). None otherwise: a true pole, a jump, a limit the kernel does not prove in time."""
    from vgtheory import kernel  # at call time: the kernel imports core

    if expr.has(*_SWITCHES):
        return None
    deadline = kernel.Deadline(seconds)
    near = pole_explicit(expr, c, z).xreplace({z: Z})  # Γ(z) at its pole is outside the trusted class, Γ(z + 1)/z not
    sides = [kernel.limit(near, (c, side), deadline) for side in ("+", "-")]
    if any(f is None or not f.value.is_finite for f in sides):  # ±oo, zoo: False; nan: None
        return None
    same = kernel.compare(sides[0].value, sides[1].value, deadline.run)
    return sides[0].value if same is not None and same.value == 0 else None


class Pole(NamedTuple):
    """A pole −n of a Γ-family factor at a point: ``target`` = a + n (its zero is the pole), ``n`` ≥ 0."""
    target: sp.Expr
    n: int


def pole_bearing(h: sp.Expr, c: sp.Expr, z: sp.Symbol = Z) -> Pole | None:
    """The :class:`Pole` where a Γ, ψ or log Γ of h has its argument a within 10^-20 of an integer −n ≤ 0 at z = c,
    other than as the base of a negative power (1/Γ(z) is entire): h may grow there, however little it shows."""
    for node in h.atoms(sp.gamma, sp.polygamma, sp.loggamma):
        try:
            v = exact_mpf(node.args[-1].subs(z, c), 30)
        except (ValueError, TypeError, ArithmeticError):
            continue
        n = mpmath.nint(v)
        if n <= 0 and abs(v - n) < mpmath.mpf(10) ** -20 and h.replace(
                lambda e: e.is_Pow and e.base == node and e.exp.is_negative, lambda e: sp.S.One).has(node):
            return Pole(node.args[-1] - int(n), -int(n))
    return None


def nearby_root(centre: mpmath.mpf, moved: Any, within: mpmath.mpf = _SAME_POINT) -> bool:
    """Whether findroot's ``moved`` is the pole that ``centre`` stands for: within 10^-100 of it (relative), as a
    point located to 140 digits or more is. A farther root is another point: a jump went to another root, where probes
    would miss the pole, and a Γ pole 10^-40 from a pole of 1/g, once moved onto, hid that pole (R61b-3/4)."""
    return isinstance(moved, mpmath.mpf) and abs(moved - centre) <= within * (1 + abs(centre))

