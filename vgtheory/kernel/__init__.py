r"""The trusted kernel: the only code that may issue a ``symbolic`` verdict or a ``proved`` claim.

Everything else in vgtheory may *propose* (candidate limits, ranges, breakpoints, numeric
witnesses); this package *decides*, and a decision comes with a :class:`Certificate` that only
this package can construct (its constructor needs a private token). ``PropertyResult`` and
``Check`` refuse a ``symbolic`` holds/fails without one, and theorem claims are ``proved`` only
when every hypothesis they rest on carries one. Soundness is thereby a property of these few
hundred lines (the de Bruijn criterion), not of every analysis module.

What the kernel trusts, and why
-------------------------------
1. **sympy's zero test.** Two exact numbers (or expressions) are *equal* only when sympy rewrites
   their difference to the literal 0 (``expand``, ``simplify``, ``simplify`` of the exp form).
   A rewrite to 0 is an algebraic identity, so a wrong "equal" needs a wrong rewrite rule in
   sympy; a difference sympy cannot rewrite to 0 is never called 0 (no evalf, no nsimplify,
   no chop: ``nsimplify(10**-40)`` is 0, which is how the false proofs of issue 16 arose).
2. **arb ball arithmetic** (python-flint; mpmath.iv if flint is missing). Two exact numbers are
   *unequal*, and a number has a sign, only when a rigorous enclosure of the difference
   excludes 0. Arb propagates error radii through every operation, so an enclosure that
   excludes 0 is a proof; precision is raised (64 ... 16384 bits) until it does, or the
   comparison stays undecided.
3. **sympy's Gruntz algorithm** (``sympy.series.gruntz.gruntz``, not ``limit``, whose series
   shortcut and heuristics come first). Gruntz's algorithm is a decision procedure for limits
   of functions in a Hardy field of exp-log type: germs at +∞ that are eventually
   differentiable and of constant sign, closed under the operations of the class. The kernel
   calls it only on the **trusted class** (:func:`in_trusted_class`), reduced to the branch that
   holds near the point and proved continuous there:

   * rational and real constants, z; sums and products; f**g when g is an integer or f is
     provably positive near the end (so f**g = exp(g log f) is real);
   * exp, log, and tanh, sinh, cosh, sech, csch, coth, asinh, atan, acot, erf, erfc, |·| of
     members; sin, cos, tan, sec, csc, cot of a member whose proved limit is finite.

   Why these: each is definable in the o-minimal structure R_an,exp (van den Dries, Macintyre
   and Marker 1994) — exp, log, restricted analytic functions, and erf, atan, tanh, which
   solve first-order algebraic ODEs over exp-log functions and lie in the Pfaffian closure
   (Speissegger 1999), also o-minimal. A one-variable function definable in an o-minimal
   structure is eventually monotone and of constant sign, and the germs of such functions at
   +∞ form a Hardy field (Rosenlicht; Aschenbrenner-van den Dries). *Being analytic on R is not
   the reason*: sin is analytic and has no eventual sign, so sin and cos enter only through a
   convergent argument, where they reduce to a restricted analytic function.
4. **Piece structure** (sympy's Piecewise rewriting of Max, Min, Abs, sign, Heaviside and its
   condition sets), continuity (``continuous_domain``, sympy's positivity assumptions on a
   half-line) and, where producers ask for them, ``solveset`` emptiness of a sign condition on
   an interval and ``function_range``: these are sympy computations the kernel accepts as they
   come; each certificate lists the ones it used (:meth:`Certificate.all_trusts`).

The kernel's decisions: :func:`compare` and :func:`sign` (exact numbers), :func:`limit`
(Gruntz on the trusted class, a squeeze for a bounded oscillating factor times a factor proved
to tend to 0), :func:`identity` (zero test), :func:`accept` (the sympy computations of item 4),
and :func:`conclude` (a claim resting only on certificates).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from .certificate import Certificate, Fact, is_certificate, issue
from .limits import (Deadline, as_deadline, condition_set, continuous_everywhere, continuous_near, eventual_branch,
                     holds_near, in_trusted_class, limit, piecewise_form, trusted_near)
from .numbers import ENCLOSURE, compare, enclose, identity, sign

__all__ = ["Certificate", "Fact", "is_certificate", "Deadline", "as_deadline", "limit", "compare", "sign",
           "enclose", "identity", "accept", "conclude", "continuous_everywhere", "continuous_near",
           "in_trusted_class", "trusted_near", "eventual_branch", "piecewise_form", "condition_set", "holds_near",
           "ENCLOSURE", "ACCEPTED"]

#: The sympy computations :func:`accept` takes as they come (item 4 of the module docstring).
ACCEPTED = {
    "solveset": "sympy's solveset: a sign condition has no real solution on an interval",
    "function_range": "sympy's function_range of an expression on R",
    "continuous_domain": "sympy's continuous_domain and assumptions",
    "structure": "sympy's Piecewise structure and condition sets",
}


def accept(claim: str, computation: str, check: Callable[[], Any]) -> Fact | None:
    """Run the named sympy ``computation`` (a key of :data:`ACCEPTED`) and certify its output as
    that computation's answer to ``claim`` (a trust assumption); None when it raises or gives None."""
    try:
        out = check()
    except Exception:  # noqa: BLE001 - a failed computation proves nothing
        return None
    return None if out is None else Fact(out, issue(f"{claim}: {out}", computation, trusts=(ACCEPTED[computation],)))


def conclude(claim: str, premises: Iterable[Certificate | Fact], rule: str, trusts: Iterable[str] = ()) -> Certificate:
    """A certificate for ``claim`` that rests on kernel certificates only (a proof step that
    combines decided facts: a verdict on a property from its proved limits and comparisons);
    ``trusts`` names the :data:`ACCEPTED` computations the step itself used."""
    certs = tuple(p.certificate if isinstance(p, Fact) else p for p in premises)
    if not certs or not all(is_certificate(c) for c in certs):
        raise TypeError(f"'{claim}' must rest on kernel certificates")
    return issue(claim, rule, certs, tuple(ACCEPTED[t] for t in trusts))
