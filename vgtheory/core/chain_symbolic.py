"""The chain model as sympy expressions: z_k, the product form of ∂f/∂w_j, and a check of it
against sympy's own derivative (the numeric model is :mod:`vgtheory.core.chain`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

import mpmath
import sympy as sp
from sympy.functions.elementary.piecewise import ExprCondPair

from vgtheory.core.mp_code import lambdify_mp
from vgtheory.core._bounded import StepTimeout, bounded
from vgtheory.core.serial import serialized
from vgtheory.core.activations import Activation, Z, activation, to_mpf
from vgtheory.errors import VGTheoryError

__all__ = ["SymbolicChain", "generic_chain", "instantiated_derivatives", "substitute", "subexpressions", "symbolic_chain", "unfolded"]

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
        # sympy's derivative of the generic chain σ(w_l σ(...)), σ instantiated on the same nested layers; else sympy
        # differentiates the composition as it folds it (its diff fails on unfolded layers, R20b-1), which doubles the
        # pieces a layer (346 s at depth 5, R22b-4)
        references = instantiated_derivatives(self)
        if references is None:
            folded = self.x
            for wk in self.w:
                folded = substitute(self.activation.expr, {Z: wk * folded})
            references = [sp.diff(folded, wj) for wj in self.w]
        for reference, g in zip(references, self.df_dw):
            diff = reference - g
            try:
                # simplify folds too, and fails on g's unfolded layers: those go to the sample points
                if not unfolded(g) and bounded(lambda: sp.simplify(diff), 2.0) == 0:
                    continue
            except StepTimeout:
                pass
            if unfolded(diff):
                # subs refolds nested layers as it rebuilds them; mpmath evaluates them as they stand
                symbols = (self.x, *self.w)
                value_at = lambdify_mp(symbols, diff)
                evaluate = lambda point: value_at(*(mpmath.mpf(point[v].p) / point[v].q for v in symbols))  # noqa: E731
            else:
                evaluate = lambda point: to_mpf(diff.subs(point))  # noqa: E731
            for point in points:
                try:
                    with mpmath.workdps(40):
                        value = evaluate(point)
                except (ValueError, TypeError, ZeroDivisionError):  # not a number, not real: no evidence of the identity
                    return False
                if not (isinstance(value, mpmath.mpf) and abs(value) < mpmath.mpf(10) ** -30):
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
    """The chain model of the given depth as sympy expressions (symbolic activations only):
    z_k = σ(w_k z_{k−1}) and ∂f/∂w_j = z_{j−1} σ'(w_j z_{j−1}) ∏_{k>j} w_k σ'(w_k z_{k−1}).

    A Piecewise σ's layers stay nested (a condition may hold a Piecewise): sympy's folding doubles the
    pieces a layer (minutes at depth 5), and its ``diff`` and ``simplify`` fail on the nested form; the
    derivatives are :attr:`SymbolicChain.df_dw`, and ``sympy.lambdify`` evaluates either."""
    sigma = activation(act)
    if not sigma.is_symbolic:
        raise VGTheoryError(f"activation {sigma.name!r} is a callable; the symbolic chain needs a formula")
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= _MAX_SYMBOLIC_DEPTH:
        raise VGTheoryError(f"depth must be an integer between 1 and {_MAX_SYMBOLIC_DEPTH}, got {depth!r}")
    x = sp.Symbol("x", real=True)
    w = tuple(sp.Symbol(f"w_{k}", real=True) for k in range(1, depth + 1))
    z: list[sp.Expr] = [x]
    # Piecewise layers unfolded: a function of the same value, one piece list per layer (R20b-1)
    for wk in w:
        z.append(substitute(sigma.expr, {Z: wk * z[-1]}, fold=False))
    sigma_prime = sigma.derivative_expr
    d = [substitute(sigma_prime, {Z: wk * z[k]}, fold=False) for k, wk in enumerate(w)]
    df_dw = []
    for j in range(depth):
        # unevaluated, as substitute builds: sympy's product of nested factors asks whether each is finite
        df_dw.append(sp.Mul(z[j], d[j], *[sp.Mul(w[k], d[k], evaluate=False) for k in range(j + 1, depth)], evaluate=False))
    return SymbolicChain(sigma, x, w, tuple(z), tuple(df_dw))


_SWITCHES = (sp.Max, sp.Min)


def unfolded(e: sp.Basic) -> bool:
    """Whether a Piecewise in ``e`` has a Piecewise in a condition (as ``substitute(..., fold=False)`` builds)."""
    return any(isinstance(n, ExprCondPair) and n.cond.has(sp.Piecewise) for n in subexpressions(e))


def _nested(e: sp.Basic) -> bool:
    """Whether ``e`` is more than a polynomial: a function, switch, relational or fractional power in it."""
    return not (e.is_Atom or e.is_Add or e.is_Mul or (e.is_Pow and e.exp.is_Integer))


def substitute(expr: sp.Basic, mapping: Mapping[sp.Basic, sp.Basic], *, fold: bool = True) -> sp.Basic:
    """``expr.xreplace(mapping)``: the same expression, with each node above a nested replacement (one
    holding a function, switch or root) built unevaluated.

    sympy examines arguments as it builds: a Max compares its arguments (factor_terms of their
    difference), tanh asks whether its argument is zero (expanding it, which rebuilds each Max inside), a
    Piecewise or a relational decides its conditions, a product of powers asks whether its factors are
    finite. In a nested chain every layer re-examined all the layers below it, so the time doubled per
    layer (minutes at depth 12 with a switch under a root, red team R19b-8). An unevaluated node is the
    same function of its arguments, only not rewritten. A Piecewise is built as sympy builds it (it folds
    each Piecewise out of its conditions, and sympy's own operations, diff among them, fail on one it did
    not fold) unless ``fold`` is False: folding doubles the pieces a layer, minutes at depth 5 (R20b-1).

    >>> z = sp.Symbol("z", real=True)
    >>> inner = sp.Max(0, z - 1)
    >>> substitute(sp.tanh(z) + sp.sqrt(sp.Max(0, z - 1)), {z: 2 * inner}) == (
    ...     sp.tanh(2 * inner) + sp.sqrt(sp.Max(0, 2 * inner - 1)))
    True
    """
    done: dict[sp.Basic, tuple[sp.Basic, bool]] = {}
    nested = {key: any(_nested(n) for n in subexpressions(value)) for key, value in mapping.items()}

    def walk(e: sp.Basic) -> tuple[sp.Basic, bool]:
        if e in mapping:
            return mapping[e], nested[e]
        if not e.args:
            return e, False
        if e not in done:
            pairs = [walk(a) for a in e.args]
            args = [a for a, _ in pairs]
            below = any(flag for _, flag in pairs)
            if all(a is b for a, b in zip(args, e.args)):
                out = e
            elif below and isinstance(e, _SWITCHES):
                # unevaluated, a Max still sorts its arguments by their node counts: as trees, 2^l nodes
                out = sp.Expr.__new__(type(e), *args)
                out._argset = frozenset(args)
            elif below and not fold and isinstance(e, (sp.Piecewise, ExprCondPair)):
                out = sp.Basic.__new__(type(e), *args)
            elif below and not isinstance(e, (sp.Piecewise, ExprCondPair)):
                try:
                    out = e.func(*args, evaluate=False)
                except TypeError:  # a node without that option: built as it stands
                    out = sp.Basic.__new__(type(e), *args)
            else:
                out = e.func(*args)
            done[e] = (out, below)
        return done[e]

    return walk(sp.sympify(expr))[0]


@lru_cache(maxsize=16)
def generic_chain(depth: int) -> tuple[sp.Symbol, tuple[sp.Symbol, ...], tuple[sp.Expr, ...], tuple[sp.Expr, ...], Any]:
    """(x, w, z_0..z_l, sympy's ∂z_l/∂w_j for j = 1..l, σ) for an undefined σ: mathematics of the
    depth alone, computed once per depth (both checks below read it)."""
    s = sp.Function("sigma", real=True)
    x = sp.Symbol("x", real=True)
    w = sp.symbols(f"w_1:{depth + 1}", real=True)
    z: list[sp.Expr] = [x]
    for wk in w:
        z.append(s(wk * z[-1]))
    return x, tuple(w), tuple(z), tuple(sp.diff(z[-1], wj) for wj in w), s


def instantiated_derivatives(chain: Any) -> list[sp.Expr] | None:
    """sympy's ∂(z_l)/∂w_j for j = 1..l, computed on the chain of an undefined σ and instantiated.

    ``sympy.diff`` of the generic chain σ(w_l σ(… σ(w_1 x))) gives each derivative as a product of
    the w_k, z_{j−1} and Subs(σ'(ξ), ξ, w_k z_{k−1}); replacing σ(u) by the activation's formula and
    each Subs by ``sympy.diff`` of that formula at its point is the derivative of the concrete f,
    because substituting a function for σ commutes with differentiation (the chain rule, which is
    what sympy's diff of the concrete f applies too). So it is the derivative that
    ``sp.diff(chain.output, w_j)`` builds, obtained independently of the product form (which uses
    the activation's own σ'), without differentiating the whole nested formula l times (seconds for
    a deep σ such as 20 nested tanh). Exactness is kept: the instantiated chain must equal
    ``chain.output`` exactly, every Subs must be σ' at a pre-activation, and no σ may remain;
    otherwise None (the caller then differentiates ``chain.output`` itself).
    """
    x, w, generic, derivatives, sigma = generic_chain(len(chain.w))
    if (x, w) != (chain.x, tuple(chain.w)):
        return None
    expr = chain.activation.expr
    concrete = [x]
    for wk in w:
        concrete.append(substitute(expr, {Z: wk * concrete[-1]}, fold=False))  # as symbolic_chain builds it
    if concrete[-1] != chain.output:
        return None
    slope = chain.activation.derivative_expr  # σ' almost everywhere: no DiracDelta, switches under roots as pieces
    values = {generic[k]: concrete[k] for k in range(1, len(generic))}
    slopes = {wk * generic[k]: substitute(slope, {Z: wk * concrete[k]}, fold=False) for k, wk in enumerate(w)}
    out = []
    for derivative in derivatives:
        replace: dict[sp.Basic, sp.Expr] = dict(values)
        for sub in derivative.atoms(sp.Subs):
            (xi,), (at,) = sub.variables, sub.point
            if sub.expr != sp.Derivative(sigma(xi), xi) or at not in slopes:
                return None
            replace[sub] = slopes[at]
        instantiated = substitute(derivative, replace)
        if any(n.func == sigma for n in subexpressions(instantiated)):
            return None
        out.append(instantiated)
    return out


def subexpressions(expr: sp.Basic) -> set[sp.Basic]:
    """The distinct subexpressions of ``expr``, ``expr`` included, each visited once.

    A nested chain shares its inner layers (z_{k-1} appears in tanh(w z_{k-1}) and in Max(0, w z_{k-1} - 1)):
    as a tree it has 2^l nodes, which ``Basic.has``, ``atoms`` and ``replace`` walk one by one.
    """
    seen: set[sp.Basic] = set()
    stack = [expr]
    while stack:
        e = stack.pop()
        if e not in seen:
            seen.add(e)
            stack.extend(e.args)
    return seen
