"""Activation functions: one type for registry names, formulas, sympy expressions and callables.

An :class:`Activation` is either *symbolic* (it carries a sympy expression in the variable
:data:`~vgtheory.core.parsing.Z`, so properties can be proved) or *numeric* (it wraps a Python or
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

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Callable

import mpmath
import sympy as sp

from vgtheory.core.claims import claim_text

from vgtheory.core.callables import (
    SLOPE_STEP, callable_name, callable_precision, check_elementwise, check_signature, float_caller, float_report, is_torch, mp_slope, numeric_caller,
    autograd_agrees, torch_slope
)
from vgtheory.core.budget import Deadline
from vgtheory.core.exact_real import exact_mpf
from vgtheory.errors import ActivationError
from vgtheory.core.formula_eval import BeyondRangeError, compiled, evaluate, guarded, stable_form
from vgtheory.core.numbers import decimal_floats, exact
from vgtheory.core.input_limits import MAX_EXACT_DIGITS, MAX_EXPONENT, MAX_LITERAL_EXPONENT
from vgtheory.core.parsing import Z, disagreeing_constant, numbers_in_range, parse_formula
from vgtheory.core.pieces import switch_parts
from vgtheory.core.registry import ALIASES, REGISTRY

#: The stable rewrite under its former name (vgtheory.meanfield.moments imports it).
_stable_form = stable_form

__all__ = [
    "Activation",
    "activation",
    "REGISTRY",
    "ALIASES",
    "registry_names",
    "BeyondRangeError",
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
    #: A callable shown not to keep mpmath precision where a chain took it (:meth:`as_float64`).
    float_only: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if (self.expr is None) == (self.fn is None):
            raise ActivationError("an Activation needs exactly one of a sympy expression or a callable")
        if self.expr is not None:
            extra = self.expr.free_symbols - {Z}
            if extra:
                names = ", ".join(sorted(str(s) for s in extra))
                raise ActivationError(f"activation {self.name!r} has free symbols other than z: {names}")
            if (n := next((n for n in self.expr.atoms(*_INTEGER_ONLY) if n.has(Z)), None)) is not None:
                # defined on the integers only (sympy's rewrite of subfactorial sent mpmath's gammainc into a recursion
                # that crashed a test worker, R54b-4; mpmath's bell of a real z summed a series for minutes, R55a-5)
                raise ActivationError(f"{type(n).__name__} of an argument in z is not a real function of z "
                                      "(it is defined on the integers)")
            if (n := next((n for n in self.expr.atoms(sp.polygamma) if not (n.args[0].is_Integer and n.args[0] >= 0)),
                          None)) is not None:
                # mpmath's psi reads a fractional order as its integer part (psi(1/2, 2) = psi(0, 2)), while sympy's
                # limits use the generalized polygamma: the numeric and exact routes would disagree (R58a-2/3)
                raise ActivationError(f"polygamma of order {_short(n.args[0])} is not supported: the order must be a "
                                      "nonnegative integer")
            if self.expr.has(*_GAMMA_FORMS):
                # binomial(u, 2) is u(u - 1)/2, RisingFactorial(u, 1/2) is Gamma(u + 1/2)/Gamma(u): sympy's printer wrote
                # the first with a pole at u = 0 and the second on a complex branch (R54a-3/5)
                object.__setattr__(self, "expr", _gamma_quotients(self.expr))

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
        return _derivative(self.expr)

    @cached_property
    def precision(self) -> str:
        """How precise numeric values are: ``'mpmath'`` (working precision) or ``'float64'``."""
        if self.expr is not None:
            return "mpmath"
        if self.float_only:
            return "float64"
        return self.fn.act.precision if isinstance(self.fn, _ScaledCall) else callable_precision(self.fn)

    def as_float64(self) -> "Activation":
        """This callable, evaluated as a float64 one (it failed :func:`mp_slope`'s check somewhere)."""
        return Activation(self.name, fn=self.fn, source=self.source, float_only=True)

    def checked_slope(self, t: mpmath.mpf, digits: int) -> tuple[mpmath.mpf, bool, tuple | None]:
        """σ'(t) of a callable of precision 'mpmath', whether it is confirmed to ``digits`` digits,
        and (σ'(t−), σ'(t+)) where a kink at t is all that stops it (:func:`mp_slope`)."""
        if isinstance(self.fn, _ScaledCall):
            slope, ok, kink = self._base.checked_slope(self.fn.argument(t), digits)
            c = self.fn.factor()
            return c * slope, ok, kink and tuple(c * v for v in kink)
        out, sides = [], []
        slope = evaluate(lambda u: out.append(mp_slope(self.fn, u, digits, sides=sides)) or out[-1][0], t, self.name, "sigma'")
        return slope, out[-1][1], sides[-1] if sides and not out[-1][1] else None

    def float_report(self, t: mpmath.mpf) -> tuple[mpmath.mpf, float, float]:
        """σ'(t) of a float64 callable, its relative error and that of σ(t) (:func:`float_report`)."""
        if isinstance(self.fn, _ScaledCall):
            # Relative errors carry over: σ_s(t) = s·σ(t/s) and σ_s'(t) = σ'(t/s) (or s·σ'(t) naive).
            slope, slope_err, value_err = self._base.float_report(self.fn.argument(t))
            return self.fn.factor() * slope, slope_err, value_err
        out = []
        evaluate(lambda u: out.append(float_report(self._float_fn, u))
                 or out[-1][0], t, self.name, "sigma'")
        return out[-1]

    @property
    def _base(self) -> "Activation":
        """The activation a scaled callable scales, evaluated the way this one is."""
        base = self.fn.act
        return base.as_float64() if self.float_only and not base.float_only else base

    @cached_property
    def _float_fn(self) -> Callable[[float], float]:
        if not is_torch(self.fn):
            return float_caller(self.fn)
        caller = numeric_caller(self.fn, "float64")
        return lambda x: float(caller(x))

    # -- numeric evaluation --------------------------------------------------------------------
    @cached_property
    def _value_fn(self) -> Callable[[mpmath.mpf], mpmath.mpf]:
        if self.expr is not None:
            return compiled(self.expr)
        caller = numeric_caller(self.fn, self.precision)
        return guarded(caller) if self.precision == "mpmath" and not is_torch(self.fn) else caller

    @cached_property
    def _autograd(self) -> Callable[[mpmath.mpf], mpmath.mpf] | None:
        return torch_slope(self.fn) if self.expr is None and is_torch(self.fn) else None

    @cached_property
    def uses_autograd(self) -> bool:
        """Whether σ' is a torch module's autograd slope: only where that agrees with the differences of its values at
        a few points (:func:`~vgtheory.core.callables.autograd_agrees`); torch's backward for Hardsigmoid uses a float32
        1/6, for CELU(0.7) a float32 1/α (red team R47b-2), and such a module's σ' is a central difference, as for any
        float64 callable."""
        return self._autograd is not None and autograd_agrees(self._float_fn, self._autograd)

    @cached_property
    def _slope_fn(self) -> Callable[[mpmath.mpf], mpmath.mpf]:
        if self.expr is not None:
            return compiled(self.derivative_expr)
        if isinstance(self.fn, _ScaledCall):
            # The chain rule, d/du s·σ(u/s) = σ'(u/s), on σ's own slope: a difference of the scaled
            # values lost a slope 1e-17 next to a value 0.1 (tanh at u/s = -20, s = 0.1).
            base, scaled = self._base._slope_fn, self.fn
            return lambda t: scaled.factor() * base(scaled.argument(t))
        if self.uses_autograd:
            return self._autograd
        value = self._value_fn
        if self.precision == "mpmath":
            return lambda t: mp_slope(self.fn, t, mpmath.mp.dps, check=False)[0]
        # A float64 callable: central difference with the step that balances rounding and truncation,
        # in float arithmetic (the callable sees floats anyway; the difference of two nearby floats
        # and the division by 2h, a power of two, are exact): the signal section's quadratures
        # take σ' at ~10^5 points, and the same steps through mpmath cost 4 times as much.
        as_float = self._float_fn  # a torch module's too, where its autograd is not taken

        def slope(t):
            x = float(t)
            h = SLOPE_STEP * max(1.0, abs(x))
            return mpmath.mpf((as_float(x + h) - as_float(x - h)) / (2 * h))

        return slope

    def value(self, z: Any) -> mpmath.mpf:
        """σ(z) at the current mpmath working precision (``mpmath.mp.dps``)."""
        return evaluate(self._value_fn, z, self.name, "sigma")

    def slope(self, z: Any) -> mpmath.mpf:
        """σ'(z) at the current mpmath working precision."""
        return evaluate(self._slope_fn, z, self.name, "sigma'")

    def __call__(self, z: Any) -> mpmath.mpf:
        return self.value(z)

    # -- operations ----------------------------------------------------------------------------
    def scaled(self, s: Any) -> "Activation":
        """The s-scaled activation σ_s(u) = s·σ(u/s) of the paper's scaling trick (s > 0)."""
        s_val = _positive_scale(s)
        if self.expr is not None:
            return Activation(scaled_label(self.name, _fmt(s_val)), s_val * self.expr.subs(Z, Z / s_val), source=self.source)
        return Activation(scaled_label(self.name, _fmt(s_val)), fn=_ScaledCall(self, s_val, inner=True), source="callable")

    def naive_scaled(self, s: Any) -> "Activation":
        """The naive scaling u ↦ s·σ(u), which multiplies every layer's derivative by s (s > 0)."""
        s_val = _positive_scale(s)
        if self.expr is not None:
            return Activation(f"{_fmt(s_val)}*{_operand(self.name)}", s_val * self.expr, source=self.source)
        return Activation(f"{_fmt(s_val)}*{_operand(self.name)}", fn=_ScaledCall(self, s_val, inner=False), source="callable")

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
        check_signature(spec)
        check_elementwise(spec)
        return Activation(name or callable_name(spec), fn=spec, source="callable")
    raise ActivationError(
        f"cannot make an activation from {type(spec).__name__}; give a name, a formula string, "
        "a sympy expression or a callable"
    )


# -- helpers ---------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _derivative(expr: sp.Expr) -> sp.Expr:
    # Once per expression: checks rebuild activations (scaled, σ' as its own activation) often.
    slope = sp.diff(folded := _switches_below_singular(expr), Z)
    if folded is not expr and slope.has(sp.zoo, sp.nan):
        # a branch sympy evaluated to zoo (exp(-1/0) of exp(-1/Max(0, z - 1)) below 1, where σ is undefined too):
        # mpmath's printer has no name for it (KeyError 'ComplexInfinity', R19b-7); the chain rule as sympy writes it
        slope = sp.diff(expr, Z)
    if slope.has(sp.Derivative, sp.Subs):
        found = next(iter(slope.atoms(sp.Derivative, sp.Subs)))
        raise ActivationError(f"sigma' has no closed form: sympy leaves {_short(found)} unevaluated; write sigma "
                              "with functions sympy can differentiate, or give it as a callable")
    return slope.replace(lambda n: isinstance(n, sp.DiracDelta), lambda n: sp.S.Zero)


#: Combinatorial functions defined on the integers only: refused of an argument in z.
_INTEGER_ONLY = tuple(getattr(sp, n) for n in ("subfactorial", "bell", "bernoulli", "euler", "lucas", "tribonacci",
                                                 "partition", "motzkin", "genocchi", "andre") if hasattr(sp, n))

#: Factorial-like functions, written at construction as polynomials or Gamma quotients (sympy differentiates
#: RisingFactorial(z^2 + 1, 1/2) only as an unevaluated Derivative, R53b-2; subfactorial is refused there).
_GAMMA_FORMS = (sp.RisingFactorial, sp.FallingFactorial, sp.binomial, sp.factorial)


def _gamma_quotients(expr: sp.Expr) -> sp.Expr:
    """expr with each factorial-like node as a polynomial (an integer count) or a quotient of Gamma functions."""
    def rewrite(n: sp.Expr) -> sp.Expr:
        plain = sp.expand_func(n)
        if not plain.has(*_GAMMA_FORMS, sp.gamma):
            return plain
        x, k = (n.args + (None,))[:2]
        # Gamma(x + k)/Gamma(x) for every real x (sympy's own rewrite takes a complex branch for x < 0)
        return {sp.RisingFactorial: lambda: sp.gamma(x + k) / sp.gamma(x),
                sp.FallingFactorial: lambda: sp.gamma(x + 1) / sp.gamma(x - k + 1),
                sp.binomial: lambda: sp.gamma(x + 1) / (sp.gamma(k + 1) * sp.gamma(x - k + 1)),
                sp.factorial: lambda: sp.gamma(x + 1)}[type(n)]()
    return expr.replace(lambda n: isinstance(n, _GAMMA_FORMS) and n.has(Z), rewrite)


def _short(e: sp.Expr, limit: int = 80) -> str:
    text = claim_text(e)
    return text if len(text) <= limit else text[:limit - 3] + "..."


#: Outer functions whose derivative is infinite at finite points (sqrt at 0, log at 0, asin at ±1).
_SINGULAR_SLOPE = (sp.log, sp.asin, sp.acos, sp.atanh, sp.acoth, sp.asec, sp.acsc)


def _switches_below_singular(expr: sp.Expr) -> sp.Expr:
    """``expr`` with each root, negative power or log-like function of a switch (Max, Min, Abs, sign, Heaviside,
    Piecewise) folded into one Piecewise, so that its derivative is taken piece by piece.

    sympy's chain rule through Max(0, z − 1)^(1/2) gives Heaviside(z − 1)/(2√Max(0, z − 1)): 0·∞ on z < 1, where σ' is
    that of the other terms (R17b-5); likewise (sign z − 1)/(2√(|z| − z)) on z > 0 (R19b-6). Elsewhere switches are
    left as written (their derivatives stay short)."""
    if not expr.args or not expr.has(*_SWITCH_KINDS):
        return expr
    if (isinstance(expr, sp.Pow) and not (expr.exp.is_Integer and expr.exp >= 0)) or isinstance(expr, _SINGULAR_SLOPE):
        rewrite = lambda e: e.replace(lambda n: isinstance(n, _SWITCH_KINDS[:-1]), lambda n: n.rewrite(sp.Piecewise))  # noqa
        try:
            inner = sp.piecewise_fold(rewrite(expr.base if isinstance(expr, sp.Pow) else expr.args[0]))
            # Only where the switches make the base 0 on a whole piece: elsewhere (|sin u|^(1/2), log(1 + |z|))
            # sympy's sign(g) g'/|g|^(1 - p) is right off the zeros of g, and what the signal section reads.
            if isinstance(inner, sp.Piecewise) and any(e == 0 for e, _ in inner.args):
                return sp.piecewise_fold(rewrite(expr))
        except (TypeError, ValueError):  # a fold sympy cannot do: the chain rule as sympy writes it
            return expr
    args = tuple(_switches_below_singular(a) for a in expr.args)
    return expr if args == expr.args else expr.func(*args)


#: Switches whose chain rule meets a root or a log as 0·∞ (Piecewise last: it needs no rewrite).
_SWITCH_KINDS = (sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside, sp.Piecewise)


def _require_agreement(expr: sp.Expr, rebuilt: bool) -> None:
    """Refuse an expression with a constant on which sympy's assumptions disagree with arb, or, inside a condition or a
    switch, its own values: sympy then builds and substitutes with a wrong number (σ(0) = subs(z, 0) decided
    z > -log(1 + 10**-40) by that log's 15-digit value, 0: R18a-4). The parser refuses such formulas as it builds them.
    Elsewhere in an expression already in z the kernel checks the constants it relies on."""
    bad = disagreeing_constant(switch_parts(expr)) or (disagreeing_constant([expr], strict=False) if rebuilt else None)
    if bad is not None:
        raise ActivationError(f"sympy's assumptions on the constant {bad} or its own value of it disagree with its arb "
                              "enclosure, so sympy cannot be trusted with this expression; rewrite the constant")


def _from_sympy(expr: sp.Basic, name: str | None) -> Activation:
    if not isinstance(expr, sp.Expr):
        raise ActivationError(f"{expr} is not a sympy expression of one variable")
    symbols = expr.free_symbols
    if len(symbols) > 1:
        names = ", ".join(sorted(str(s) for s in symbols))
        raise ActivationError(f"expression {expr} has several free symbols ({names}); an activation has one")
    expr = decimal_floats(expr)  # sympy rounds a Float's arithmetic: false proofs from diff and cancellation (R70a)
    # Steps with no derivative sympy can print (Derivative(floor(z), z) raised from the printer, R24b-4).
    if expr.has(sp.floor, sp.ceiling, sp.frac, sp.Mod):
        raise ActivationError("floor, ceiling, frac and Mod are not supported: sigma needs a symbolic derivative off "
                              "its switches; write the steps as a Piecewise")
    # The formula limits, before anything prints the expression (its name is str(expr)).
    if not numbers_in_range(expr) or any(p.exp.is_Number and abs(p.exp) > MAX_EXPONENT for p in expr.atoms(sp.Pow)):
        raise ActivationError(
            f"a sympy expression with a number out of range: numbers must be 0 or between 1e-{MAX_LITERAL_EXPONENT} and "
            f"1e{MAX_LITERAL_EXPONENT} in magnitude with at most {MAX_EXACT_DIGITS} digits above and below the fraction "
            f"bar, numeric exponents at most {MAX_EXPONENT} in absolute value (vgtheory.core.input_limits)")
    # subs rebuilds every node by sympy's assumptions, now on a real z: with atanh(1 - 10**-10) taken for 0,
    # Piecewise((tanh(x), atanh(1 - 10**-10)*x**2 < 1), (5, True)) became tanh(z) (and tanh(c x) would be 0).
    _require_agreement(expr, rebuilt=bool(symbols) and symbols != {Z})
    if symbols and symbols != {Z}:
        (sym,) = symbols
        expr = expr.subs(sym, Z)
    expr = _evaluated(expr)
    return Activation(name or str(expr), expr, source="sympy")


#: Unevaluated sympy objects: lambdify turns an Integral into mpmath.quad at every sample (a check
#: then never ends), and the property provers cannot see through any of them.
_UNEVALUATED = (sp.Integral, sp.Sum, sp.Product, sp.Derivative, sp.Limit)

#: Seconds that .doit() may take on such an expression (a construction step, not a check's budget).
DOIT_SECONDS = 10.0


def _evaluated(expr: sp.Expr) -> sp.Expr:
    """expr with its integrals, sums, products, derivatives and limits evaluated, or a refusal."""
    if not expr.has(*_UNEVALUATED):
        return expr
    budget = Deadline(DOIT_SECONDS)
    done = budget.run(expr.doit)
    if done is None or not isinstance(done, sp.Expr) or done.has(*_UNEVALUATED):
        kinds = "/".join(sorted({type(a).__name__ for a in expr.atoms(*_UNEVALUATED)}))
        why = f"within {DOIT_SECONDS:g} s" if budget.timed_out else "in closed form"
        raise ActivationError(f"{expr} contains an unevaluated {kinds} that sympy cannot evaluate {why}; "
                              "give a closed form")
    return done


def _positive_scale(s: Any) -> sp.Expr:
    try:  # a sympy Float s as its decimal: 3·(1/3.0)³ rounded made a false "fails (symbolic)" (R71a-2)
        value = exact(s)
    except (sp.SympifyError, TypeError, ValueError, ZeroDivisionError):  # "1/0" (R15b-7)
        raise ActivationError(f"scale s must be a positive number, got {s!r}") from None
    if not (value.is_real and value.is_positive):
        raise ActivationError(f"scale s must be a positive number, got {s!r}")
    return value


def _fmt(s: sp.Expr) -> str:
    return str(s)


def _compound(name: str) -> bool:
    """Whether ``name`` is a formula with operators ("x + 1"), not a registry or callable name."""
    return any(c in name for c in "+-*/^ (")


def _operand(name: str) -> str:
    """``name`` as a factor: a formula in brackets ("2*x + 1(u/2)" read as 2x + 1, R16b-4)."""
    return f"({name})" if _compound(name) else name


def scaled_label(name: str, s: str) -> str:
    """The label of σ_s(u) = s·σ(u/s) for σ called ``name`` (a registry or callable name, or a formula)."""
    # A fraction is parenthesised: u/5/2 reads as u/10 (R18b-10).
    s = f"({s})" if any(c in s for c in "/+-*e") else s
    return f"{s}*sigma(u/{s}), sigma(x) = {name}" if _compound(name) else f"{s}*{name}(u/{s})"


def to_mpf(value: Any) -> mpmath.mpf:
    """A real sympy number (or Python number) as an mpf at the current working precision."""
    if isinstance(value, sp.Basic):
        return exact_mpf(value, mpmath.mp.dps + 5)
    return mpmath.mpf(value)


@dataclass(frozen=True)
class _ScaledCall:
    """u ↦ s·σ(u/s) (inner) or u ↦ s·σ(u) for a numeric σ (the activation ``act``)."""

    act: Activation
    s: sp.Expr
    inner: bool

    def argument(self, u):
        """Where σ is taken: u/s (inner) or u."""
        return u / to_mpf(self.s) if self.inner else u

    def factor(self) -> mpmath.mpf:
        """σ_s'(u) / σ'(argument(u)): 1 (inner) or s."""
        return to_mpf(self.s) if not self.inner else mpmath.mpf(1)

    def __call__(self, u):
        return to_mpf(self.s) * self.act._value_fn(self.argument(u))


