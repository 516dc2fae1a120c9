"""Any activation the package can check, as a PyTorch function or module (the ``torch`` extra).

A formula becomes a torch function through sympy's own code printer (``lambdify`` with the
``torch`` module): the user's string was parsed by :func:`vgtheory.core.parsing.parse_formula` into a
sympy expression, so no user text is ever evaluated as Python. Registry names use PyTorch's
native kernels where the formula would overflow in float32 (softplus) or is slow to print
(piecewise activations).

Formulas are printed in a form that does not overflow in float32 where σ itself does not:
log(1 + e^a) as softplus(a), (1 + e^a)^(−k) as sigmoid(−a)^k (and e^a(1 + e^a)^(−k) as
sigmoid(a)·sigmoid(−a)^(k−1)), log(e^a + e^b) as logaddexp, e^a − 1 as expm1, log(1 + u) as
log1p, sech u as 2e^(−|u|)/(1 + e^(−2|u|)), and every Piecewise branch evaluated at a point
where it is finite outside its own condition (the value there is discarded, but an inf would
turn the gradient into 0·inf = NaN). Each function built here is compared with the mpmath
value of σ at a few points, and then evaluated with autograd in float32 on a grid of
|x| ≤ 1e4 (:data:`_GUARD_GRID`): an inf or NaN, in the value or the gradient, where σ and σ'
are finite in float32's range is refused with one line, so a printing gap cannot pass silently.

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

from vgtheory.core.activations import Activation, Z, _positive_scale, activation, to_mpf
from vgtheory.core.exact_real import exact_mpf
from vgtheory.errors import ActivationError, VGTheoryError
from vgtheory.meanfield.float_forms import one_plus_exp as _one_plus_exp

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
    "mish": "mish",
    "selu": "selu",
    "gelu": "gelu",
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
    expression, an :class:`~vgtheory.core.activations.Activation` or a torch callable (returned as is).
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
    if sigma.source == "registry" and sigma.name == "gelu_tanh":
        return _gelu_tanh
    if sigma.source == "registry" and sigma.name in _NATIVE:
        return getattr(torch.nn.functional, _NATIVE[sigma.name], None) or getattr(torch, _NATIVE[sigma.name])
    fn = _printed(sigma)
    _verify(sigma, fn)
    _guard_float32(sigma, fn)
    return fn


def _gelu_tanh(u: torch.Tensor) -> torch.Tensor:
    return torch.nn.functional.gelu(u, approximate="tanh")


def _stable_sech(u: torch.Tensor) -> torch.Tensor:
    """sech u = 2e^(−|u|)/(1 + e^(−2|u|)): no cosh, which overflows (and 1/cosh's gradient is
    inf/inf) beyond |u| ≈ 89 in float32."""
    t = torch.exp(-torch.abs(u))
    return 2 * t / (1 + t * t)


#: sympy placeholders printed as the stable torch functions of the same name.
#: (Subclasses, not sp.Function("name"): sympy's printers never dispatch undefined functions by name.)
_SOFTPLUS, _SIGMOID, _LOGADDEXP, _EXPM1, _LOG1P, _SECH = (
    type(n, (sp.Function,), {}) for n in ("softplus", "sigmoid", "logaddexp", "expm1", "log1p", "stable_sech")
)
_STABLE_MODULE = {
    "softplus": torch.nn.functional.softplus,
    "sigmoid": torch.sigmoid,
    "logaddexp": torch.logaddexp,
    "expm1": torch.expm1,
    "log1p": torch.log1p,
    "stable_sech": _stable_sech,
}


def _exp_arg(node: sp.Expr) -> sp.Expr | None:
    """a when node is e^a, else None."""
    return node.args[0] if isinstance(node, sp.exp) else None


def _stable_mul(node: sp.Mul) -> sp.Expr:
    """e^a·(1 + e^a)^(−k) → sigmoid(a)·sigmoid(−a)^(k−1), leaving the other factors."""
    factors = list(node.args)
    for p in factors:
        if isinstance(p, sp.Pow) and p.exp.is_Integer and p.exp < 0 and (a := _one_plus_exp(p.base)) is not None:
            for e in factors:
                if _exp_arg(e) is not None and sp.simplify(e.args[0] - a) == 0:
                    rest = [f for f in factors if f is not p and f is not e]
                    k = -p.exp
                    return sp.Mul(*rest, _SIGMOID(a), _SIGMOID(-a) ** (k - 1))
    return node


def _stable_torch_form(expr: sp.Expr) -> sp.Expr:
    """expr with the float32-overflowing forms of the module docstring rewritten (exactly)."""
    expr = expr.replace(lambda n: isinstance(n, sp.Mul), _stable_mul)
    expr = expr.replace(
        lambda n: isinstance(n, sp.Pow) and n.exp.is_Integer and n.exp < 0 and _one_plus_exp(n.base) is not None,
        lambda n: _SIGMOID(-_one_plus_exp(n.base)) ** (-n.exp),
    )

    def log(node: sp.log) -> sp.Expr:
        arg = node.args[0]
        if (a := _one_plus_exp(arg)) is not None:
            return _SOFTPLUS(a)
        if isinstance(arg, sp.Add) and len(arg.args) == 2 and all(_exp_arg(t) is not None for t in arg.args):
            return _LOGADDEXP(arg.args[0].args[0], arg.args[1].args[0])
        if isinstance(arg, sp.Add) and sp.S.One in arg.args:
            return _LOG1P(arg - 1)
        return node

    expr = expr.replace(lambda n: isinstance(n, sp.log), log)
    expr = expr.replace(
        lambda n: isinstance(n, sp.Add) and sp.S.NegativeOne in n.args and len(n.args) == 2
        and any(_exp_arg(t) is not None for t in n.args),
        lambda n: _EXPM1(next(t for t in n.args if _exp_arg(t) is not None).args[0]),
    )
    expr = expr.replace(
        lambda n: isinstance(n, sp.Pow) and isinstance(n.base, sp.cosh) and n.exp.is_Integer and n.exp < 0,
        lambda n: _SECH(n.base.args[0]) ** (-n.exp),
    )
    return expr.replace(lambda n: isinstance(n, sp.sech), lambda n: _SECH(n.args[0]))


def _stable_printer():
    """sympy's torch printer, printing the placeholders of :data:`_STABLE_MODULE` by name."""
    from sympy.printing.pytorch import TorchPrinter

    def method(name):
        return lambda self, e: f"{name}({', '.join(self._print(a) for a in e.args)})"

    return type("StableTorchPrinter", (TorchPrinter,), {f"_print_{n}": method(n) for n in _STABLE_MODULE})


def _safe_branches(expr: sp.Expr) -> sp.Expr:
    """Each Piecewise branch e_i evaluated at where(c_i, z, z_i), z_i a point where e_i is finite:
    the same values where the branch is taken, and no inf in the discarded ones."""

    def safe(node: sp.Piecewise) -> sp.Expr:
        pairs, earlier = [], sp.false
        for value, cond in node.args:
            taken = sp.And(cond, sp.Not(earlier)) if earlier is not sp.false else cond
            earlier = sp.Or(earlier, cond)
            point = _finite_point(value)
            if point is None or taken is sp.true or not value.has(Z):
                pairs.append((value, cond))
                continue
            pairs.append((value.subs(Z, sp.Piecewise((Z, taken), (point, True))), cond))
        return sp.Piecewise(*pairs)

    return expr.replace(lambda n: isinstance(n, sp.Piecewise), safe)


def _finite_point(value: sp.Expr) -> sp.Expr | None:
    for point in (0, 1, -1, sp.Rational(1, 2)):
        try:
            v = value.subs(Z, point)
            if v.is_finite and abs(to_mpf(v)) < 1e30 and abs(to_mpf(sp.diff(value, Z).subs(Z, point))) < 1e30:
                return sp.Integer(point) if isinstance(point, int) else point
        except (TypeError, ValueError, ZeroDivisionError):
            continue
    return None


def _printed(sigma: Activation) -> Callable[[Any], Any]:
    expr = sigma.expr
    # Max/Min/Heaviside print as torch calls that refuse Python numbers; Piecewise prints as
    # torch.where over tensors, which works.
    expr = expr.replace(lambda n: isinstance(n, (sp.Max, sp.Min, sp.Heaviside)), lambda n: n.rewrite(sp.Piecewise))
    expr = _stable_torch_form(_safe_branches(expr))
    for kind, rewrite in _REWRITES:
        expr = expr.replace(lambda n, kind=kind: isinstance(n, kind), lambda n, rewrite=rewrite: rewrite(n.args[0]))
    # Constant subexpressions such as sqrt(2) or erf(1) print as torch calls on Python numbers.
    expr = expr.replace(
        lambda n: n.is_number and not n.is_Atom and not n.is_Rational, lambda n: sp.Float(exact_mpf(n, 20), 20)
    )
    try:
        fn = sp.lambdify(Z, expr, modules=[_STABLE_MODULE, "torch"], printer=_stable_printer())
    except Exception as exc:  # noqa: BLE001 - sympy raises several types for unprintable nodes
        raise ActivationError(f"activation {sigma.name!r} cannot be turned into a torch function: {exc}") from None
    return _Elementwise(fn, str(expr))


class _Elementwise:
    """The printed function, always returning a tensor shaped like its input and joined to its
    autograd graph (a constant or a piecewise-constant formula returns a Python number, or a
    tensor without a gradient, from the printed code)."""

    def __init__(self, fn: Callable[[Any], Any], text: str) -> None:
        self.fn, self.text = fn, text

    def __call__(self, u):
        out = self.fn(u)
        if not isinstance(out, torch.Tensor) or out.shape != u.shape or (u.requires_grad and not out.requires_grad):
            out = torch.as_tensor(out, dtype=u.dtype) + u * 0
        return out

    def __repr__(self) -> str:
        return f"torch form of {self.text}"


#: float32 points where a compiled formula must be finite (value and gradient) wherever σ is:
#: 0, ± a log grid 1e-3 .. 1e4, and a fine linear grid on [-100, 100] (where overflows start).
_GUARD_GRID = sorted({0.0, *(s * 10 ** (k / 50) for s in (1, -1) for k in range(-150, 201)), *(k / 4 for k in range(-400, 401))})
_FLOAT32_MAX = 3.4028234663852886e38


def _guard_float32(sigma: Activation, fn: Callable[[Any], Any]) -> None:
    """Refuse a torch form that gives inf/NaN in float32 (value or autograd gradient) where σ
    and σ' are finite and within float32's range (where they are not, inf is the true answer)."""
    x = torch.tensor(_GUARD_GRID, dtype=torch.float32, requires_grad=True)
    try:
        out = fn(x)
        (grad,) = torch.autograd.grad(out.sum(), x, allow_unused=True)
    except Exception:  # noqa: BLE001 - _verify has already evaluated it in float64
        return
    grad = torch.zeros_like(x) if grad is None else grad
    bad = (~torch.isfinite(out.detach())) | (~torch.isfinite(grad))
    with mpmath.workdps(30):
        for i in torch.nonzero(bad).flatten().tolist():
            t = _GUARD_GRID[i]
            try:
                exact = (sigma.value(t), sigma.slope(t))
            except ActivationError:
                continue  # undefined there: no finite answer to miss
            if all(mpmath.isfinite(v) and abs(v) < _FLOAT32_MAX for v in exact):
                what = "value" if not torch.isfinite(out.detach()[i]) else "gradient"
                got = out.detach()[i].item() if what == "value" else grad[i].item()
                raise ActivationError(
                    f"the float32 torch form of {sigma.name!r} gives {got} for the {what} at x = {t:g}, where "
                    f"sigma = {mpmath.nstr(exact[0], 6)} and sigma' = {mpmath.nstr(exact[1], 6)} are finite; vgtheory has no "
                    "stable float32 form of it: rewrite it, e.g. with softplus(u) or registry names"
                )


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
