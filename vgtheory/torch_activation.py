"""Any activation the package can check, as a PyTorch function or module (the ``torch`` extra).

A formula becomes a torch function through sympy's own code printer (``lambdify`` with the
``torch`` module): the user's string was parsed by :func:`vgtheory.parsing.parse_formula` into a
sympy expression, so no user text is ever evaluated as Python. Registry names use PyTorch's
native kernels where the formula would overflow in float32 (softplus) or is slow to print
(piecewise activations). Every function built here is compared with the mpmath value of σ at a
few points before it is returned, so a printing gap cannot pass silently.

>>> f = torch_activation("x/(1+abs(x))")
>>> f(torch.tensor([1.0, -3.0]))
tensor([ 0.5000, -0.7500])
>>> torch_activation("tanh", s=10)(torch.tensor([5.0]))   # 10*tanh(5/10)
tensor([4.6212])
"""

from __future__ import annotations

from typing import Any, Callable

import mpmath
import sympy as sp

from .activations import Activation, Z, _positive_scale, activation, to_mpf
from .errors import ActivationError, VGTheoryError

try:
    import torch
except ImportError:  # pragma: no cover - the module is only imported by torch users
    raise VGTheoryError("PyTorch is not installed; install the extra: pip install 'vgtheory[torch]'") from None

__all__ = ["torch_activation", "ScaledActivation"]

#: Registry activations with a native PyTorch kernel (numerically safer and faster than the
#: printed formula: log(1 + exp(z)) overflows in float32 from z ≈ 89 on).
_NATIVE = {
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "relu": "relu",
    "hardtanh": "hardtanh",
    "elu": "elu",
    "silu": "silu",
    "softplus": "softplus",
    "softsign": "softsign",
}

#: Functions sympy's torch printer does not know, rewritten into ones it does.
_REWRITES: tuple[tuple[type, Callable[[sp.Expr], sp.Expr]], ...] = (
    (sp.sech, lambda u: 1 / sp.cosh(u)),
    (sp.csch, lambda u: 1 / sp.sinh(u)),
    (sp.coth, lambda u: 1 / sp.tanh(u)),
    (sp.sec, lambda u: 1 / sp.cos(u)),
    (sp.csc, lambda u: 1 / sp.sin(u)),
    (sp.cot, lambda u: 1 / sp.tan(u)),
)

#: Points where the built function is compared with σ computed by mpmath.
_PROBES = (-7.5, -2.25, -1.0, -0.3, 0.0, 0.2, 1.0, 2.5, 6.0)


def torch_activation(spec: Any, s: Any = 1) -> Callable[[Any], Any]:
    """σ as an elementwise, differentiable torch function; with ``s`` ≠ 1 the s-scaled
    σ_s(u) = s·σ(u/s) of the paper's scaling trick.

    ``spec`` is anything :func:`vgtheory.activation` accepts: a registry name, a formula, a sympy
    expression, an :class:`~vgtheory.activations.Activation` or a torch callable (returned as is).
    """
    sigma = activation(spec)
    base = _base_function(sigma, spec)
    s_val = _positive_scale(s)
    return base if s_val == 1 else _Scaled(base, float(to_mpf(s_val)))


class _Scaled:
    """u ↦ s·σ(u/s): a plain class, so the function pickles and prints its scale."""

    def __init__(self, base: Callable[[Any], Any], s: float) -> None:
        self.base, self.s = base, s

    def __call__(self, u):
        return self.s * self.base(u / self.s)

    def __repr__(self) -> str:
        return f"{self.s:g}*sigma(u/{self.s:g})"


def _base_function(sigma: Activation, spec: Any) -> Callable[[Any], Any]:
    if sigma.expr is None:
        if callable(spec) and not isinstance(spec, (str, Activation)):
            return spec
        raise ActivationError(f"activation {sigma.name!r} is a numeric callable without a torch form")
    if sigma.source == "registry" and sigma.name in _NATIVE:
        return getattr(torch.nn.functional, _NATIVE[sigma.name], None) or getattr(torch, _NATIVE[sigma.name])
    fn = _printed(sigma)
    _verify(sigma, fn)
    return fn


def _printed(sigma: Activation) -> Callable[[Any], Any]:
    expr = sigma.expr
    # Max/Min/Heaviside print as torch calls that refuse Python numbers; Piecewise prints as
    # torch.where over tensors, which works.
    expr = expr.replace(lambda n: isinstance(n, (sp.Max, sp.Min, sp.Heaviside)), lambda n: n.rewrite(sp.Piecewise))
    for kind, rewrite in _REWRITES:
        expr = expr.replace(lambda n, kind=kind: isinstance(n, kind), lambda n, rewrite=rewrite: rewrite(n.args[0]))
    # Constant subexpressions such as sqrt(2) or erf(1) print as torch calls on Python numbers.
    expr = expr.replace(
        lambda n: n.is_number and not n.is_Atom and not n.is_Rational, lambda n: sp.Float(sp.N(n, 20), 20)
    )
    try:
        return sp.lambdify(Z, expr, modules="torch")
    except Exception as exc:  # noqa: BLE001 - sympy raises several types for unprintable nodes
        raise ActivationError(f"activation {sigma.name!r} cannot be turned into a torch function: {exc}") from None


def _verify(sigma: Activation, fn: Callable[[Any], Any]) -> None:
    """Refuse a printed function that disagrees with σ (to 1e-9 relative, in float64)."""
    t = torch.tensor(_PROBES, dtype=torch.float64)
    try:
        out = fn(t)
        out = out if isinstance(out, torch.Tensor) else torch.full_like(t, float(out))
    except Exception as exc:  # noqa: BLE001 - the printed code may fail on tensors in many ways
        raise ActivationError(f"activation {sigma.name!r} cannot be evaluated by torch: {exc}") from None
    with mpmath.workdps(30):
        for z, got in zip(_PROBES, out.tolist()):
            try:
                want = float(sigma.value(z))
            except ActivationError:
                continue  # undefined there: nothing to compare
            if not abs(got - want) <= 1e-9 * max(1.0, abs(want)):
                raise ActivationError(
                    f"the torch form of {sigma.name!r} gives {got!r} at z = {z}, but sigma(z) = {want!r}"
                )


class ScaledActivation(torch.nn.Module):
    """An ``nn.Module`` applying σ_s(u) = s·σ(u/s) elementwise: the paper's remedy in one line.

    >>> layer = ScaledActivation("arctan", s=4)
    >>> layer
    ScaledActivation(arctan, s=4)
    >>> layer(torch.tensor([0.0]))
    tensor([0.])
    """

    def __init__(self, spec: Any, s: Any = 1) -> None:
        super().__init__()
        self.fn = torch_activation(spec, s)
        self.spec, self.s = spec, s
        self.label = f"{activation(spec).name}, s={s}"

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        return self.fn(u)

    def extra_repr(self) -> str:
        return self.label
