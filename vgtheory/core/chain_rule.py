"""The product form of the chain model's gradient, checked against sympy's own ``diff``.

For f = z_l with z_k = σ(w_k z_{k−1}), ∂f/∂w_j = z_{j−1} σ'(w_j z_{j−1}) ∏_{k>j} w_k σ'(w_k z_{k−1}).
:func:`verify_chain_rule` checks it for one σ (structurally, or numerically at fixed points when sympy
writes the derivative differently); :func:`generic_chain_rule_holds` checks it exactly for an
undefined σ. The LaTeX derivation (:mod:`vgtheory.render.latex`) reports both; nothing here renders.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal, Sequence

import mpmath
import sympy as sp

from vgtheory.core.mp_code import lambdify_mp
from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.chain import symbolic_chain
from vgtheory.core.chain_symbolic import generic_chain, instantiated_derivatives, subexpressions, substitute, unfolded
from vgtheory.errors import VGTheoryError

__all__ = ["ChainRuleError", "TermCheck", "generic_chain_rule_holds", "verify_chain_rule"]

Method = Literal["structural", "numeric", "unchecked"]

# -- checks of the chain rule --------------------------------------------------------------------


class ChainRuleError(VGTheoryError):
    """A product form differs from sympy's derivative: a bug in the chain model."""


@dataclass(frozen=True)
class TermCheck:
    """How the product form of ∂f/∂w_j was checked against ``sympy.diff`` of f = z_l.

    ``method`` is ``structural`` (sympy's derivative, :func:`_instantiated_derivatives`, and the product
    are the same product of the same factors, however grouped: an exact check) or
    ``numeric`` (equal at ``points`` fixed sample points to ``digits`` significant digits) or ``unchecked``
    (sympy's derivative evaluable at no sample point: 0·∞ of a Heaviside it wrote; or not built and compared
    within :data:`CHECK_SECONDS`).
    ``sympy.simplify`` is deliberately not tried: on compositions with Abs or several terms it
    can run for minutes, and it swallows the timer exception that would stop it.
    """

    j: int
    method: Method
    points: int = 0
    digits: int = 0



# Sample points for the numeric check: fixed numbers, so the document is reproducible, chosen
# away from 0 and from each other so that kinks (|z| at 0) and coincidences are avoided.
_SAMPLES = (
    ("0.7", ("1.3", "-0.6", "0.9", "1.7", "-1.1", "0.45", "1.05", "-0.85", "0.6", "1.45", "-0.95", "0.75")),
    ("-1.2", ("0.8", "1.9", "-1.4", "0.35", "2.2", "-0.75", "1.35", "0.55", "-1.65", "0.9", "1.2", "-0.4")),
    ("2.1", ("-0.55", "0.65", "1.15", "-1.6", "0.95", "1.25", "-0.7", "1.85", "0.5", "-1.05", "0.8", "1.6")),
)
_NUMERIC_DIGITS = 30


def verify_chain_rule(act: Any, depth: int) -> tuple[TermCheck, ...]:
    """Check, for j = 1..depth, that the product form of ∂f/∂w_j equals sympy's ∂(z_l)/∂w_j.

    Raises :class:`ChainRuleError` if some product differs (that would be a bug in the chain model).
    """
    began = time.monotonic()
    try:
        # Past the budget the products are unchecked: sympy builds a nested Piecewise slowly (it folds each
        # condition: minutes at depth 5, R20b-1), and its diff of a deep nested formula can take minutes.
        chain = bounded(lambda: symbolic_chain(act, depth), CHECK_SECONDS)
        derivatives = bounded(lambda: instantiated_derivatives(chain) or _direct_derivatives(chain),
                              CHECK_SECONDS - (time.monotonic() - began))
    except StepTimeout:
        derivatives = []
    checks = []
    for j, (derivative, product) in enumerate(zip(derivatives, chain.df_dw) if derivatives else (), start=1):
        try:
            checks.append(bounded(lambda j=j, d=derivative, p=product: _check_equal(j, d, p, chain.x, chain.w),
                                  CHECK_SECONDS - (time.monotonic() - began)))
        except StepTimeout:
            break
    return tuple(checks) + tuple(TermCheck(j, "unchecked") for j in range(len(checks) + 1, depth + 1))


#: Seconds allowed to building the chain, sympy's derivatives of it and their comparison in :func:`verify_chain_rule`.
CHECK_SECONDS = 20.0


def _direct_derivatives(chain: Any) -> list[sp.Expr]:
    """sympy's ∂(z_l)/∂w_j of the chain's own output; none where its Piecewise layers are nested unfolded
    (sympy's diff refolds their conditions and fails, an AssertionError inside piecewise_fold)."""
    return [] if unfolded(chain.output) else [sp.diff(chain.output, wj) for wj in chain.w]


def _factors(expr: sp.Expr) -> Counter:
    """The factors of a product, nested products (unevaluated ones included) flattened."""
    if not expr.is_Mul:
        return Counter([expr])
    return sum((_factors(a) for a in expr.args), Counter())


def _check_equal(j: int, derivative: sp.Expr, product: sp.Expr, x: sp.Symbol, w: Sequence[sp.Symbol]) -> TermCheck:
    # Products of the same factors are equal: exact, where the two were grouped differently (a product above a
    # switch is built unevaluated, chain_symbolic.substitute).
    if derivative == product or _factors(derivative) == _factors(product):
        return TermCheck(j, "structural")
    difference = derivative - product
    if difference == 0:
        return TermCheck(j, "structural")
    # σ' almost everywhere, as the product form takes it: DiracDelta (which mpmath has not) is 0 off a finite set.
    deltas = [n for n in subexpressions(difference) if isinstance(n, sp.DiracDelta)]
    difference = substitute(difference, dict.fromkeys(deltas, sp.S.Zero))
    # cse: a nested chain printed as one tree doubles in length per layer
    fn = lambdify_mp((x, *w), difference, cse=True)
    points = 0
    with mpmath.workdps(_NUMERIC_DIGITS + 20):
        for x_val, w_vals in _SAMPLES:
            try:
                value = fn(mpmath.mpf(x_val), *(mpmath.mpf(v) for v in w_vals[: len(w)]))
            except (ArithmeticError, ValueError, TypeError):  # 0·∞ of a derivative sympy wrote with Heaviside
                continue
            if not mpmath.isfinite(value):
                continue
            # The difference must vanish to the working precision (the derivatives are O(1) here).
            if not abs(value) <= mpmath.mpf(10) ** (-_NUMERIC_DIGITS):
                raise ChainRuleError(f"the product form of df/dw_{j} differs from sympy's derivative at x = {x_val}")
            points += 1
    return TermCheck(j, "numeric", points, _NUMERIC_DIGITS) if points else TermCheck(j, "unchecked")


def generic_chain_rule_holds(depth: int) -> bool:
    """Whether sympy's diff of σ(w_l σ(… σ(w_1 x))) for an undefined σ is exactly the product form."""
    x, w, z, derivatives, s = generic_chain(depth)

    def slope(t: sp.Expr) -> sp.Expr:
        xi = sp.Dummy("xi")
        return sp.Subs(sp.Derivative(s(xi), xi), xi, t)

    for j in range(depth):
        product = z[j] * slope(w[j] * z[j]) * sp.Mul(*[w[k] * slope(w[k] * z[k]) for k in range(j + 1, depth)])
        if derivatives[j] - product != 0:
            return False
    return True
