"""Activation functions: one type for registry names, formulas, sympy expressions and callables.

An :class:`Activation` is either *symbolic* (it carries a sympy expression in the variable
:data:`~vgtheory.parsing.Z`, so properties can be proved) or *numeric* (it wraps a Python or
PyTorch callable, so only numeric evidence is possible). Both evaluate σ and σ' at mpmath
precision; a numeric activation says how precise its values are in :attr:`Activation.precision`.

>>> act = activation("tanh")
>>> act.expr
tanh(z)
>>> act.scaled(10).expr
10*tanh(z/10)
>>> float(act.slope(0))
1.0
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import mpmath
import sympy as sp

from .errors import ActivationError
from .enclosure import compile_ball, tight
from .parsing import Z, parse_formula
from .registry import ALIASES, REGISTRY
from .scalars import ScaledCall as _ScaledCall, positive_scale as _positive_scale, to_mpf  # noqa: F401 - to_mpf re-exported

__all__ = [
    "Activation",
    "activation",
    "REGISTRY",
    "ALIASES",
    "registry_names",
    "Z",
]

def registry_names() -> tuple[str, ...]:
    """The canonical names of the registry activations."""
    return tuple(REGISTRY)


@dataclass(frozen=True)
class Activation:
    """An activation function σ: ℝ → ℝ.

    Exactly one of ``expr`` (a sympy expression in :data:`Z`) and ``fn`` (a callable) is set.
    ``source`` records how it was made: ``registry``, ``formula``, ``sympy`` or ``callable``.
    """

    name: str
    expr: sp.Expr | None = None
    fn: Callable[[Any], Any] | None = field(default=None, compare=False, repr=False)
    source: str = "sympy"

    def __post_init__(self) -> None:
        if (self.expr is None) == (self.fn is None):
            raise ActivationError("an Activation needs exactly one of a sympy expression or a callable")
        if self.expr is not None:
            extra = self.expr.free_symbols - {Z}
            if extra:
                names = ", ".join(sorted(str(s) for s in extra))
                raise ActivationError(f"activation {self.name!r} has free symbols other than z: {names}")

    # -- kinds -------------------------------------------------------------------------------
    @property
    def is_symbolic(self) -> bool:
        """Whether σ has a sympy expression, so that properties can be proved."""
        return self.expr is not None

    @cached_property
    def derivative_expr(self) -> sp.Expr:
        """σ'(z) as a sympy expression (symbolic activations only).

        This is the derivative almost everywhere: DiracDelta terms from ``sign`` or ``Heaviside``
        are dropped, since they vanish off a finite set and mpmath cannot evaluate them.
        """
        if self.expr is None:
            raise ActivationError(f"activation {self.name!r} is a callable; it has no symbolic derivative")
        return sp.diff(self.expr, Z).replace(lambda n: isinstance(n, sp.DiracDelta), lambda n: sp.S.Zero)

    @cached_property
    def precision(self) -> str:
        """How precise numeric values are: ``'mpmath'`` (working precision) or ``'float64'``."""
        if self.expr is not None:
            return "mpmath"
        return _callable_precision(self.fn)

    # -- numeric evaluation --------------------------------------------------------------------
    @cached_property
    def _value_fn(self) -> Callable[[mpmath.mpf], mpmath.mpf]:
        if self.expr is not None:
            return _enclosed(_stable_form(self.expr))
        caller = _numeric_caller(self.fn, self.precision)
        return _guarded(caller) if self.precision == "mpmath" and not _is_torch(self.fn) else caller

    @cached_property
    def _slope_fn(self) -> Callable[[mpmath.mpf], mpmath.mpf]:
        if self.expr is not None:
            return _enclosed(_stable_form(self.derivative_expr))
        torch_slope = _torch_slope(self.fn)
        if torch_slope is not None:
            return torch_slope
        value = self._value_fn
        if self.precision == "mpmath":
            return lambda t: mpmath.diff(value, t)
        # A float64 callable: central difference with the step that balances rounding and truncation.
        def slope(t):
            h = mpmath.mpf(2) ** -17 * max(1, abs(float(t)))
            return (value(t + h) - value(t - h)) / (2 * h)

        return slope

    def value(self, z: Any) -> mpmath.mpf:
        """σ(z) at the current mpmath working precision (``mpmath.mp.dps``)."""
        return _evaluate(self._value_fn, z, self.name, "sigma")

    def slope(self, z: Any) -> mpmath.mpf:
        """σ'(z) at the current mpmath working precision."""
        return _evaluate(self._slope_fn, z, self.name, "sigma'")

    def __call__(self, z: Any) -> mpmath.mpf:
        return self.value(z)

    # -- operations ----------------------------------------------------------------------------
    def scaled(self, s: Any) -> "Activation":
        """The s-scaled activation σ_s(u) = s·σ(u/s) of the paper's scaling trick (s > 0)."""
        s_val = _positive_scale(s)
        if self.expr is not None:
            return Activation(f"{_fmt(s_val)}*{self.name}(u/{_fmt(s_val)})", s_val * self.expr.subs(Z, Z / s_val), source=self.source)
        base = self._value_fn
        return Activation(f"{_fmt(s_val)}*{self.name}(u/{_fmt(s_val)})", fn=_ScaledCall(base, s_val, inner=True), source="callable")

    def naive_scaled(self, s: Any) -> "Activation":
        """The naive scaling u ↦ s·σ(u), which multiplies every layer's derivative by s (s > 0)."""
        s_val = _positive_scale(s)
        if self.expr is not None:
            return Activation(f"{_fmt(s_val)}*{self.name}", s_val * self.expr, source=self.source)
        return Activation(f"{_fmt(s_val)}*{self.name}", fn=_ScaledCall(self._value_fn, s_val, inner=False), source="callable")

    def latex(self) -> str:
        """LaTeX of σ(z) (symbolic activations only)."""
        if self.expr is None:
            raise ActivationError(f"activation {self.name!r} is a callable; it has no formula")
        return sp.latex(self.expr)

    def __str__(self) -> str:
        if self.expr is not None and str(self.expr) != self.name:
            return f"{self.name}: σ(z) = {self.expr}"
        return self.name


def activation(spec: Any, name: str | None = None) -> Activation:
    """Make an :class:`Activation` from a registry name, a formula, a sympy expression or a callable.

    * a registry name or alias (``"tanh"``, ``"logistic"``, ...), see :data:`REGISTRY`;
    * a formula string in ``x`` or ``z`` (``"x/(1+abs(x))"``), parsed without ``eval``;
    * a sympy expression in one symbol (renamed to :data:`Z`);
    * a Python or PyTorch callable of one real argument (numeric results only).
    """
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, str):
        key = spec.strip().lower().replace("-", "_")
        key = ALIASES.get(key, key)
        if key in REGISTRY:
            return Activation(name or key, parse_formula(REGISTRY[key]), source="registry")
        return Activation(name or spec.strip(), parse_formula(spec), source="formula")
    if isinstance(spec, sp.Basic):
        return _from_sympy(spec, name)
    if callable(spec):
        _check_signature(spec)
        return Activation(name or _callable_name(spec), fn=spec, source="callable")
    raise ActivationError(
        f"cannot make an activation from {type(spec).__name__}; give a name, a formula string, "
        "a sympy expression or a callable"
    )


# -- helpers ---------------------------------------------------------------------------------


def _from_sympy(expr: sp.Basic, name: str | None) -> Activation:
    if not isinstance(expr, sp.Expr):
        raise ActivationError(f"{expr} is not a sympy expression of one variable")
    symbols = expr.free_symbols
    if len(symbols) > 1:
        names = ", ".join(sorted(str(s) for s in symbols))
        raise ActivationError(f"expression {expr} has several free symbols ({names}); an activation has one")
    if symbols:
        (sym,) = symbols
        expr = expr.subs(sym, Z)
    return Activation(name or str(expr), expr, source="sympy")


#: |argument| beyond which exp, the hyperbolic and the trigonometric functions are not evaluated:
#: mpmath's time grows with the size of the argument's exponent (exp), or with the bits of pi needed
#: to reduce it (sin, cos, ...), so a tower exp(exp(exp(z))) at z = 1000, or sin(exp(z)) at
#: z = 2^20, would run for hours.
_HUGE_ARGUMENT = mpmath.mpf(10) ** 1000


class BeyondRangeError(ActivationError, OverflowError):
    """σ is not evaluated at a point because an intermediate value is too large for mpmath in
    bounded time (exp or sin of 10^1000): this says nothing about whether σ is defined there."""


def _bounded(name: str) -> Callable[[Any], Any]:
    fn = getattr(mpmath, name)

    def call(u: Any) -> Any:
        if abs(u) > _HUGE_ARGUMENT:
            raise BeyondRangeError(f"{name} of an argument above 1e1000 in magnitude: too large to evaluate")
        return fn(u)
    return call


_BOUNDED = {name: _bounded(name) for name in ("exp", "sinh", "cosh", "sech", "csch",
                                              "sin", "cos", "tan", "sec", "csc", "cot")}


class _ErfcNeg(sp.Function):
    """erfc(-u), opaque to sympy: cse and the printer rebuild an unevaluated erfc(-u) and so turn it
    into 2 - erfc(u), the very cancellation (gelu's 1 + erf(z/sqrt 2) in the left tail) it avoids."""


def _lambdify(expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    expr = expr.replace(
        lambda n: isinstance(n, sp.erfc) and n.args[0].could_extract_minus_sign(), lambda n: _ErfcNeg(-n.args[0]),
    )
    # cse: nested formulas (tanh of tanh ...) repeat their inner terms in every factor of sigma'.
    return sp.lambdify(Z, expr, modules=[{**_BOUNDED, "_ErfcNeg": lambda u: mpmath.erfc(-u)}, "mpmath"], cse=True)


_W = sp.Wild("w")
from sympy.codegen.cfunctions import expm1 as _expm1, log1p as _log1p  # noqa: E402 - printed as mpmath/numpy functions

#: Rewrites that remove catastrophic cancellation: sympy writes tanh' as 1 - tanh^2, which is
#: exactly 0 at 50 digits once tanh rounds to 1 (|u| > 58), though sech^2 u is about 4e^{-2|u|}.
_STABLE_REWRITES = (
    (1 - sp.tanh(_W) ** 2, sp.sech(_W) ** 2),
    (1 - sp.erf(_W), sp.erfc(_W)),
    (1 + sp.erf(_W), lambda w: sp.erfc(-w, evaluate=False)),
    # softplus (and mish) at z -> -oo: 1 + e^z rounds to 1 and the log to 0 at every working
    # precision the guard tries, though log1p(e^z) is about e^z.
    (sp.log(1 + sp.exp(_W)), lambda w: _log1p(sp.exp(w))),
    # 1 ± tanh(w) = 2/(1 + e^(∓2w)) (the tanh-approximate gelu at z -> -oo), e^w - 1 = expm1(w)
    # (elu and selu just left of 0): both cancel to 0 at every guarded precision otherwise.
    (1 + sp.tanh(_W), lambda w: 2 / (1 + sp.exp(-2 * w))),
    (1 - sp.tanh(_W), lambda w: 2 / (1 + sp.exp(2 * w))),
    (sp.exp(_W) - 1, lambda w: _expm1(w)),
)


def _terms(e: sp.Expr) -> int:
    return 0 if e == 0 else len(sp.Add.make_args(e))


def _complement_terms(add: sp.Add) -> sp.Expr:
    """``add`` with every c - c·tanh²u written c·sech²u and c ∓ c·erf u written c·erfc(±u),
    whatever the coefficient c: sympy differentiates tanh(k z) into k - k·tanh²(k z), which the
    fixed patterns of :data:`_STABLE_REWRITES` do not match.  Each step is the identity
    c·f = ±c·g + c' (tanh² = 1 - sech², erf u = 1 - erfc u = erfc(-u) - 1), kept only when the
    constant it adds cancels a term of ``add`` (the number of terms falls)."""
    changed = True
    while changed and isinstance(add, sp.Add):
        changed = False
        atoms = {n for n in add.atoms(sp.Pow) if n.exp == 2 and isinstance(n.base, sp.tanh)}
        atoms |= add.atoms(sp.erf)
        for atom in sorted(atoms, key=sp.default_sort_key):
            c = add.coeff(atom)
            if c == 0:
                continue
            rest = add - c * atom
            if isinstance(atom, sp.erf):
                u = atom.args[0]
                # sympy would evaluate erfc(-u) back to 2 - erfc(u), the cancellation itself.
                options = ((-c * sp.erfc(u), rest + c), (c * sp.erfc(-u, evaluate=False), rest - c))
            else:
                options = ((-c * sp.sech(atom.base.args[0]) ** 2, rest + c),)
            for term, remainder in options:
                if _terms(remainder) < _terms(rest):
                    add, changed = term + remainder, True
                    break
            if changed:
                break
    return add


def _stable_form(expr: sp.Expr) -> sp.Expr:
    """expr rewritten so that mpmath evaluates it without known cancellations."""
    if not expr.has(sp.tanh, sp.erf, sp.log, sp.exp):
        return expr  # every pattern has one of these; matching them costs seconds on big constants (selu)
    for pattern, replacement in _STABLE_REWRITES:
        expr = expr.replace(pattern, replacement)
    return expr.replace(lambda n: isinstance(n, sp.Add) and n.has(sp.tanh, sp.erf), _complement_terms)


_EXTRA_BITS = (64, 512, 4096, 16384)


def _enclosed(expr: sp.Expr) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """expr in arb balls raised until tight (:mod:`vgtheory.enclosure`), else the guarded mpmath
    evaluation: agreement of two precisions alone is not trusted where arb can decide."""
    fallback = _guarded(_lambdify(expr))
    ball = compile_ball(expr, Z)
    return fallback if ball is None else tight(ball, fallback)


def _guarded(fn: Callable[[mpmath.mpf], mpmath.mpf]) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """fn evaluated until two working precisions agree, so cancellation cannot pass silently.

    A formula such as 1/(1+e^{-z}) - 1/2 at z = 1e-40 cancels to 0 at 30 digits; evaluating
    again with more bits and comparing exposes that and keeps going until the digits are right.
    """

    def call(t):
        prec = mpmath.mp.prec
        value = fn(t)
        for extra in _EXTRA_BITS:
            with mpmath.workprec(prec + extra):
                better = fn(t)
            # Two zeros are no agreement: a difference that cancels (k - k tanh²(kz)) is 0 at every
            # precision below the one that resolves it, so a 0 is kept only at the highest.
            if better != 0 and (better == value or abs(better - value) <= abs(better) * mpmath.ldexp(1, 4 - prec)):
                return +better  # unary plus rounds to the caller's precision
            value = better
        return +value

    return call


def _evaluate(fn: Callable[[mpmath.mpf], Any], z: Any, name: str, what: str) -> mpmath.mpf:
    """fn(z) as a real mpf, or an ActivationError saying where σ is undefined or not real."""
    t = mpmath.mpf(z)
    try:
        value = fn(t)
    except ActivationError:
        raise
    except (ZeroDivisionError, OverflowError, ArithmeticError, ValueError, TypeError) as exc:
        reason = type(exc).__name__ if not str(exc) else f"{type(exc).__name__}: {exc}"
        raise ActivationError(f"{what} of {name!r} is undefined at z = {mpmath.nstr(t, 8)} ({reason})") from None
    except Exception as exc:  # noqa: BLE001 - a user's callable may raise anything: one line, not a traceback
        raise ActivationError(f"{what} of {name!r} raised {type(exc).__name__} at z = {mpmath.nstr(t, 8)}: {exc}") from None
    if isinstance(value, mpmath.mpc) and abs(value.imag) <= abs(value.real) * mpmath.ldexp(1, 8 - mpmath.mp.prec):
        # mpmath writes some real functions (sech of a real) through complex exponentials.
        value = value.real
    try:
        return mpmath.mpf(value)
    except (TypeError, ValueError):
        raise ActivationError(f"{what} of {name!r} at z = {mpmath.nstr(t, 8)} is not a real number: {value!r}") from None


def _fmt(s: sp.Expr) -> str:
    return str(s)


def _check_signature(fn: Callable) -> None:
    """Refuse a callable that cannot be called with exactly one positional argument."""
    import inspect

    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return  # builtins and C functions without a signature: let the first call tell
    try:
        sig.bind(0.0)
    except TypeError as exc:
        raise ActivationError(
            f"an activation takes one real argument, but the callable's signature is {sig} ({exc})"
        ) from None


def _callable_name(fn: Callable) -> str:
    for attr in ("__name__", "__qualname__"):
        value = getattr(fn, attr, None)
        if isinstance(value, str) and value != "<lambda>":
            return value
    return type(fn).__name__ if not hasattr(fn, "__name__") else "callable"


def _is_torch(fn: Callable) -> bool:
    module = type(fn).__module__ or ""
    fn_module = getattr(fn, "__module__", "") or ""
    if module.startswith("torch") or fn_module.startswith("torch"):
        return True
    # A user's own nn.Module subclass lives in the user's module; torch is imported if it exists.
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(fn, torch.nn.Module)


def _callable_precision(fn: Callable) -> str:
    """'mpmath' if fn keeps mpmath precision (e.g. a lambda built from arithmetic), else 'float64'.

    Returning an mpf is not enough (``math.sin(t)/t`` does, with 16 good digits): a step of
    1e-30, invisible in float64, must move fn by 1e-30 times its slope.
    """
    if _is_torch(fn):
        return "float64"
    try:
        with mpmath.workdps(50):
            for t0 in (mpmath.mpf("0.7"), mpmath.mpf("-1.3")):
                tiny, coarse = mpmath.mpf(10) ** -30, mpmath.mpf(10) ** -6
                out = fn(t0)
                if not isinstance(out, mpmath.mpf):
                    return "float64"
                fine = (fn(t0 + tiny) - out) / tiny
                slope = (fn(t0 + coarse) - fn(t0 - coarse)) / (2 * coarse)
                if abs(fine - slope) > mpmath.mpf(10) ** -4 * (1 + abs(slope)):
                    return "float64"
    except Exception:  # noqa: BLE001 - any failure means the callable is float-only
        return "float64"
    return "mpmath"


def _float64_torch(fn: Callable) -> Callable:
    """A torch module evaluated in float64: a copy with its parameters and buffers cast (exactly,
    from float32), so that float64 inputs meet float64 weights; other torch callables as given."""
    import torch

    if isinstance(fn, torch.nn.Module):
        import copy

        return copy.deepcopy(fn).double()
    return fn


def _numeric_caller(fn: Callable, precision: str) -> Callable[[mpmath.mpf], mpmath.mpf]:
    if _is_torch(fn):
        import torch  # only reached when the user passed a torch object

        fn = _float64_torch(fn)

        def call(t):
            with torch.no_grad():
                out = fn(torch.tensor([float(t)], dtype=torch.float64))
            return mpmath.mpf(float(out.reshape(-1)[0]))

        return call
    if precision == "mpmath":
        return fn

    def call_float(t):
        out = fn(float(t))
        try:
            return mpmath.mpf(float(out))
        except (TypeError, ValueError):
            raise ActivationError(f"callable returned {out!r} for z = {float(t)}; expected a real number") from None

    return call_float


def _torch_slope(fn: Callable | None) -> Callable[[mpmath.mpf], mpmath.mpf] | None:
    if fn is None or not _is_torch(fn):
        return None
    import torch

    fn = _float64_torch(fn)

    def slope(t):
        x = torch.tensor([float(t)], dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(fn(x).sum(), x)
        value = float(grad[0])
        if math.isnan(value):
            raise ActivationError(f"autograd gave NaN for the derivative at z = {float(t)}")
        return mpmath.mpf(value)

    return slope
