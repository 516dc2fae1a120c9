"""The chain model as sympy expressions: z_k, the product form of ∂f/∂w_j, and a check of it
against sympy's own derivative (the numeric model is :mod:`vgtheory.core.chain`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.serial import serialized
from vgtheory.core.activations import Activation, Z, activation, to_mpf
from vgtheory.errors import VGTheoryError

__all__ = ["SymbolicChain", "symbolic_chain"]

_MAX_SYMBOLIC_DEPTH = 30


#: The loss of the chain model (one example): least squares.
LOSS_CONVENTION = "least squares: loss(f, y) = (f - y)^2 / 2, so dloss/df = f - y"


@dataclass(frozen=True)
class SymbolicChain:
    """The chain model as sympy expressions in the symbols ``x`` and ``w = (w_1, ..., w_l)``.

    ``z[k]`` is z_k as a nested expression, ``df_dw[j-1]`` the product form of ∂f/∂w_j with
    σ' written out, and ``output`` is f_w(x) = z_l.
    """

    activation: Activation
    x: sp.Symbol
    w: tuple[sp.Symbol, ...]
    z: tuple[sp.Expr, ...]
    df_dw: tuple[sp.Expr, ...]

    @property
    def output(self) -> sp.Expr:
        return self.z[-1]

    def dloss_dw(self, y: sp.Expr | None = None) -> tuple[sp.Expr, ...]:
        """∂ℓ/∂w_j = (f − y) ∂f/∂w_j, with ``y`` a symbol ``y`` unless given."""
        y = sp.Symbol("y", real=True) if y is None else y
        return tuple((self.output - y) * g for g in self.df_dw)

    def sigma_prime(self, t: sp.Expr) -> sp.Expr:
        """σ'(t) as an expression."""
        return self.activation.derivative_expr.subs(Z, t)

    def agrees_with_sympy_diff(self) -> bool:
        """Whether each product form equals sympy's own derivative of the composed expression.

        Each difference is simplified symbolically. Where sympy cannot reduce it to 0 (``Abs``
        and ``sign`` often resist), it is evaluated at 12 rational points to 40 digits instead;
        ``True`` means every difference vanished one way or the other.
        """
        points = [
            {self.x: sp.Rational(p, 7)} | {w: sp.Rational(3 * k + p, 5 + k) * (-1) ** ((k + p) % 2) for k, w in enumerate(self.w)}
            for p in range(-6, 6)
        ]
        for wj, g in zip(self.w, self.df_dw):
            diff = sp.diff(self.output, wj) - g
            try:
                if bounded(lambda: sp.simplify(diff), 2.0) == 0:
                    continue
            except StepTimeout:
                pass
            for point in points:
                try:
                    value = to_mpf(diff.subs(point))
                except ValueError:  # not a number, not real or not resolved: no evidence of the identity
                    return False
                if not abs(value) < mpmath.mpf(10) ** -30:
                    return False
        return True

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation.name,
            "depth": len(self.w),
            "output": str(self.output),
            "df_dw": [str(g) for g in self.df_dw],
            "loss_convention": LOSS_CONVENTION,
        }


@serialized
def symbolic_chain(act: Any, depth: int) -> SymbolicChain:
    """The chain model of the given depth as sympy expressions (symbolic activations only)."""
    sigma = activation(act)
    if not sigma.is_symbolic:
        raise VGTheoryError(f"activation {sigma.name!r} is a callable; the symbolic chain needs a formula")
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= _MAX_SYMBOLIC_DEPTH:
        raise VGTheoryError(f"depth must be an integer between 1 and {_MAX_SYMBOLIC_DEPTH}, got {depth!r}")
    x = sp.Symbol("x", real=True)
    w = tuple(sp.Symbol(f"w_{k}", real=True) for k in range(1, depth + 1))
    z: list[sp.Expr] = [x]
    for wk in w:
        z.append(sigma.expr.subs(Z, wk * z[-1]))
    sigma_prime = sigma.derivative_expr
    d = [sigma_prime.subs(Z, wk * z[k]) for k, wk in enumerate(w)]
    df_dw = []
    for j in range(depth):
        tail = sp.Mul(*[w[k] * d[k] for k in range(j + 1, depth)])
        df_dw.append(z[j] * d[j] * tail)
    return SymbolicChain(sigma, x, w, tuple(z), tuple(df_dw))
