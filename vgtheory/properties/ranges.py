"""Exact ranges of σ on ℝ for property 1 (B = sup |σ|): a σ proved strictly monotone between its proved
limits, or sympy's ``function_range`` where its method is complete (σ' continuous on ℝ)."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.calculus.util import function_range

from vgtheory import kernel
from vgtheory.core.activations import Z
from vgtheory.core.budget import Deadline
from vgtheory.core.memo import continuous_domain, solveset
from vgtheory.core.parsing import disagreeing_constant
from vgtheory.core.pieces import untrusted_sets
from vgtheory.core.set_order import ordered_interval
from vgtheory.properties.limits import continuous_everywhere

__all__ = ["BRANCHING", "monotone_range", "smooth_range"]

#: Functions whose branches sympy's function_range drops: it gave z e^{-|z-1|} the range
#: [-e^{-2}, 0) (sigma(1) = 1; red team R8-19), so it is not asked about them.
BRANCHING = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise, sp.floor, sp.ceiling, sp.frac)
#: Parts that can make σ non-differentiable (Abs is continuous_everywhere but has a kink).
_KINKED = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise)


def smooth_range(expr: sp.Expr, deadline: Deadline, ends: dict[str, Any] | None = None) -> kernel.Fact | None:
    """The closed interval [inf, sup] of σ(ℝ), when σ and σ' are proved continuous on ℝ: the least and greatest of σ
    at the real zeros of σ' and its proved limits at ±∞ (``ends``), in the kernel's exact order; without
    ``ends``, or where the zeros of σ' are not a finite set, sympy's ``function_range``.

    With σ' continuous on ℝ every interior extremum is a zero of σ' (an extremum where σ' does not exist escaped
    function_range: sqrt(z² - 2z + 1)/(z² + 1) and sqrt(sin z + 1), red team R10a-1), and σ is monotone between two
    consecutive zeros. function_range picks its extremes by sympy's order of the candidate values, so it is used only
    where the exact order is not available; its inf and sup, never whether it says they are attained (it gave
    log(1+z^2)/(1+z^2) the range (0, 1/e] although sigma(0) = 0, R9a-5): the closed interval contains σ(ℝ) either way.
    """
    if expr.has(*BRANCHING):
        return None
    smooth = kernel.accept("sigma and sigma' are continuous on R", "continuous_domain", lambda: deadline.run(
        lambda: _continuous_on_reals(expr) and _continuous_on_reals(sp.diff(expr, Z))) or None)
    if smooth is None or disagreeing_constant([expr]) is not None or untrusted_sets([expr, sp.diff(expr, Z)]) is not None:
        return None
    exact = _extremes(expr, ends, smooth, deadline) if ends and all(v is not None for v in ends.values()) else False
    if exact is not False:
        return exact
    found = kernel.accept("sigma(R) is within the closure of sympy's function_range", "function_range",
                          lambda: _closure(deadline.run(lambda: function_range(expr, Z, sp.S.Reals))))
    if found is None:
        return None
    return kernel.Fact(found.value, kernel.conclude(
        f"sigma(R) is within {found.value}", [smooth, found],
        "function_range of a sigma with sigma' continuous on R: its extrema are at zeros of sigma' or limits"))


def _extremes(expr: sp.Expr, ends: dict[str, Any], smooth: kernel.Fact, deadline: Deadline) -> kernel.Fact | None | bool:
    """[min, max] of σ at the zeros of σ' and its limits at ±∞, ordered by the kernel; False where the zeros are not
    a finite set (then function_range may say more); None where two candidates are not ordered (nothing is said)."""
    roots = kernel.accept("the real zeros of sigma'", "roots",
                          lambda: deadline.run(lambda: solveset(sp.diff(expr, Z), Z, sp.S.Reals)))
    if roots is None or not isinstance(roots.value, sp.FiniteSet) or len(roots.value) > _MOST_CRITICAL:
        return False
    values = [ends["-oo"].value, ends["+oo"].value] + [_simplest(expr.subs(Z, c), deadline) for c in roots.value]
    if any(v.has(sp.zoo, sp.nan) or not (v.is_number or v.is_infinite) for v in values):
        return None
    facts = []
    lo = hi = values[0]
    for v in values[1:]:
        for side in ("lo", "hi"):
            c = kernel.compare(v, lo if side == "lo" else hi, deadline.run)
            if c is None:
                return None
            facts.append(c)
            if side == "lo" and c.value < 0:
                lo = v
            if side == "hi" and c.value > 0:
                hi = v
    rng = ordered_interval(lo, hi, False, False)  # lo <= hi by the kernel: sympy's Interval would compare them by evalf
    return kernel.Fact(rng, kernel.conclude(
        f"sigma(R) is within {rng}", [smooth, roots, ends["-oo"], ends["+oo"], *facts],
        "sigma' continuous on R: sigma is monotone between consecutive zeros of sigma', so its extremes are among its "
        "values there and its limits at +-oo (exact order)"))


def _simplest(v: sp.Expr, deadline: Deadline) -> sp.Expr:
    """v as sympy's simplify writes it where the kernel's zero test shows the two equal, else v itself."""
    try:
        out = deadline.run(lambda: sp.simplify(v))
    except Exception:  # noqa: BLE001 - a step out of time or a failed rewrite: v as it is
        return v
    same = None if out is None else kernel.compare(out, v, deadline.run)
    return out if same is not None and same.value == 0 else v


#: Most zeros of σ' whose values are compared (each comparison is a kernel sign).
_MOST_CRITICAL = 24


def _continuous_on_reals(f: sp.Expr) -> bool:
    """The kernel's structural proof, else sympy's continuous_domain, compared with ℝ exactly."""
    return continuous_everywhere(f) or continuous_domain(f, Z, sp.S.Reals) == sp.S.Reals


def _closure(found: Any) -> sp.Interval | None:
    """The closed interval [inf, sup] of a range sympy found (infinite ends stay open), else None; None too when
    arb refutes sympy's assumptions on a constant of it (sympy picks the extreme values by them)."""
    ok = isinstance(found, sp.Interval) and disagreeing_constant([found]) is None
    return sp.Interval(found.inf, found.sup) if ok else None


def monotone_range(expr: sp.Expr, ends: dict[str, Any], deadline: Deadline) -> kernel.Fact | None:
    """The exact range of a σ proved strictly monotone: sympy's range search, much faster.

    If σ and σ' are compositions of functions continuous on R (:func:`continuous_everywhere`, no
    kinks) and solveset finds no real zero of σ', then σ' keeps one sign (intermediate value
    theorem), σ is strictly monotone and maps R onto the open interval between its limits at ±∞
    (here finite numbers, each proved). None when any step is not proved.
    """
    if any(v is None or not v.value.is_finite for v in ends.values()):
        return None
    lo, hi = ends["-oo"].value, ends["+oo"].value
    if expr.has(*_KINKED) or not continuous_everywhere(expr):
        return None
    slope = sp.diff(expr, Z)
    if not continuous_everywhere(slope):
        return None
    roots = kernel.accept("the real zeros of sigma'", "solveset", lambda: deadline.run(lambda: solveset(slope, Z, sp.S.Reals)))
    order = kernel.compare(hi, lo, deadline.run)
    if roots is None or roots.value is not sp.S.EmptySet or order is None or order.value == 0:
        return None
    rng = ordered_interval(lo, hi, True, True) if order.value > 0 else ordered_interval(hi, lo, True, True)
    return kernel.Fact(rng, kernel.conclude(f"the range of sigma is {rng}", [ends["-oo"], ends["+oo"], roots, order],
                                            "strictly monotone (sigma' continuous without real zeros) between proved limits"))
