r"""The trusted kernel: the only code that may issue a ``symbolic`` verdict or a ``proved`` claim.

Everything else *proposes* (candidate limits, closed forms, breakpoints, numeric witnesses); this package *decides*,
and a decision carries a :class:`Certificate` only this package can construct (a private token). ``PropertyResult``,
``Check``, ``GSup`` and the theorem claims refuse a ``symbolic``/``proved`` label without one: soundness is a property
of these lines (the de Bruijn criterion). Named points and the Piecewise rewrite decide nothing (:mod:`vgtheory.core.pieces`).

What the kernel trusts (why, with examples and references: docs/check.md, "The trusted kernel" and "the trusted class")
-------------------------------------------------------------------------------------------------------------------
1. **sympy's zero test.** Exact numbers are *equal* only when sympy rewrites their difference to the literal 0:
   ``cancel`` in y = e^{s/q} when every exponential is exp(r s), r rational; the minimal polynomial of a small algebraic
   constant; then ``expand``/``simplify`` when arb finds the difference nowhere nonzero (0 in every ball; in z, at
   rational points) and agrees with each claim of sympy on a constant inside it. Never by evalf, nsimplify or chop.
2. **arb ball arithmetic** (python-flint). A number is *nonzero*, with a sign, only when an arb enclosure excludes 0
   (64-16384 bits, no clock; log(1 + y) by log1p). A real CRootOf: sympy's exact isolating interval, narrowed in arb.
   Special functions (zeta, W, Bessel, Si, li, Ei, Fresnel, Airy, log Γ) are arb's, which are sympy's on the reals.
3. **Gruntz's algorithm** (``sympy.series.gruntz.gruntz``, never ``limit`` and its heuristics) on the **trusted class**
   (:func:`in_trusted_class`), near the point and proved continuous there: constants, z, sums, products, f**g with g an
   integer or f proved positive near the end; exp, log, tanh, sinh, cosh, sech, csch, coth, asinh, atan, acot, erf,
   erfc, |·| of members; sin, cos, tan, sec, csc, cot of a member with a proved finite limit, and Γ, log Γ, ψ^(m) of one
   whose proved limit is finite and no pole (analytic there: restricted, in R_an): definable in an o-minimal structure
   (R_an,exp or its Pfaffian closure), whose germs at +∞ form a Hardy field, where Gruntz decides. Gruntz orders
   constants by sympy's evalf: the kernel takes out a constant factor of proved sign, sums like terms, drops constants
   proved 0, merges equal ones, and checks that sympy orders each constant against 0, the others and the rationals as
   arb does. Nothing is decided on a sympy Float: sympy rounds its arithmetic (tanh(50) is 1.0).
4. **Accepted sympy computations** (:data:`ACCEPTED`; a sign set's solveset only where arb encloses each constant of
   the relation), named in every certificate that uses them; sympy's exact real-root isolation (``Poly.intervals``, ``count_roots``) behind the
   solution sets of rational relations (:mod:`vgtheory.core.rational_sets`, in place of solveset and as_set).

Signs of expressions are the kernel's own (:func:`~vgtheory.kernel.limits.positive`), never sympy's ``is_positive``.
Time budgets (:mod:`vgtheory.core.budget`) never decide: a step out of time answers None, so load only weakens a label,
and the result says so (:data:`vgtheory.core.budget.TIMEOUT_NOTE`).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from sympy import preorder_traversal

from vgtheory.kernel.certificate import Certificate, Fact, is_certificate, issue
from vgtheory.core.budget import Deadline, as_deadline
from vgtheory.kernel.limits import (condition_set, continuous_everywhere, continuous_near, eventual_branch, holds_near,
                                     in_trusted_class, limit, piecewise_form, real_number, trusted_near)
from vgtheory.kernel.numbers import ENCLOSURE, compare, enclose, identity, sign

__all__ = ["Certificate", "Fact", "is_certificate", "Deadline", "as_deadline", "limit", "compare", "sign", "enclose",
           "identity", "accept", "conclude", "continuous_everywhere", "continuous_near", "in_trusted_class",
           "trusted_near", "eventual_branch", "piecewise_form", "condition_set", "holds_near", "ENCLOSURE", "ACCEPTED"]

#: The sympy computations :func:`accept` takes as they come (item 4 of the module docstring).
ACCEPTED = {
    "solveset": "sympy's solveset: a sign condition has no real solution on an interval",
    "roots": "sympy's solveset: a finite set that is every real solution of an equation on an interval",
    "function_range": "sympy's function_range on R of an expression whose derivative is continuous on R",
    "continuous_domain": "sympy's continuous_domain and assumptions",
    "structure": "sympy's Piecewise structure and condition sets",
    "integrate": "the Gaussian moments of a piecewise polynomial: closed forms on sympy's pieces, else its integrate",
}


def accept(claim: str, computation: str, check: Callable[[], Any], about: Any = None) -> Fact | None:
    """Run the named sympy ``computation`` (a key of :data:`ACCEPTED`) and certify its output as
    that computation's answer to ``claim`` (a trust assumption); None when it raises or gives None, or when a constant
    of the expression ``about`` is no real number arb encloses ((1 + c/d) with c = d = li 2 − Ei(log 2): R71a-8)."""
    if about is not None and not all(real_number(n) for n in preorder_traversal(about) if n.is_number and not n.is_Rational):
        return None
    try:
        out = check()
        return None if out is None else Fact(out, issue(f"{claim}: {out}", computation, trusts=(ACCEPTED[computation],)))
    except Exception:  # noqa: BLE001 - a failed computation proves nothing, nor one with no text (a 4300-digit number)
        return None


def conclude(claim: str, premises: Iterable[Certificate | Fact], rule: str, trusts: Iterable[str] = ()) -> Certificate:
    """A certificate for ``claim`` that rests on kernel certificates only (a proof step that
    combines decided facts: a verdict on a property from its proved limits and comparisons);
    ``trusts`` names the :data:`ACCEPTED` computations the step itself used."""
    certs = tuple(p.certificate if isinstance(p, Fact) else p for p in premises)
    if not certs or not all(is_certificate(c) for c in certs):
        raise TypeError(f"'{claim}' must rest on kernel certificates")
    return issue(claim, rule, certs, tuple(ACCEPTED[t] for t in trusts))
