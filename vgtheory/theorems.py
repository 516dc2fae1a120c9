r"""The seed paper's two theorems with explicit constants, for any activation meeting their hypotheses.

Notation (THEORY.md sections 1-4): chain model z_0 = x, z_k = σ(w_k z_{k-1}), f = z_l; loss
ℓ = (f − y)²/2, so ℓ' = f − y; t_k = w_k z_{k-1} are the pre-activations; L = lim_{t→+∞} σ(t);
a = σ'(0); h(t) = t σ'(t) and g(τ) = sup_{t ≥ τ} |h(t)|. The proofs are in ``proofs/theorem1.tex``
and ``proofs/theorem2.tex``; ``docs/theory.md`` explains where they differ from THEORY.md.

**Theorem 1 (large parameters).** Let σ be differentiable on (0, ∞) with t σ'(t) → 0 as t → +∞
and L > 0 (properties 2 and 3; property 1 is not needed). Let τ₀ ≥ 0 be such that σ(t) ≥ L/2
for all t ≥ τ₀. If x ≥ c > 0, w_k ≥ W > 0 for all k, and τ := W·min(c, L/2) ≥ τ₀, then every
t_k ≥ τ, every z_k ≥ L/2 (k ≥ 1), and

    |∂f/∂w_j| ≤ (g(τ)/W) · (2 g(τ)/L)^{l−j},      |∂ℓ/∂w_j| = |ℓ'|·|∂f/∂w_j|,

while with weight decay |∂/∂w_j (ℓ + λ/2 ‖w‖²)| ≥ λW − |∂ℓ/∂w_j|. The factor g(τ)/W is sharper
than THEORY.md's max(|x|, B)·g(τ)/τ (always ≤ it, because max(|x|, B) ≥ min(c, L/2)).

**Theorem 2 (many layers, w_k = w > 0, x > 0).** Hypothesis (H): σ(0) = 0, σ'(0) = a > 0,
σ' > 0 and σ concave on [0, ∞), σ bounded. With φ(z) = σ(wz), ∂f/∂w_1 = (x/w)·dz_l/dx =
x σ'(wx) ∏_{k=2}^{l} φ'(z_{k-1}). Proved under (H): aw < 1: ∂f/∂w_1 ≤ x σ'(wx)(aw)^{l−1};
aw > 1: z_k → z* = σ(wz*) > 0 monotonically, ρ = wσ'(wz*) < 1, and ∂f/∂w_1 ≤ x σ'(wx) ρ^{l−1}
if x ≥ z* (≥ if x ≤ z*); aw = 1 for tanh: x(1+x²)/(1+(l+1)x²) ≥ ∂f/∂w_1 ≥
x(1+2lx²/3)^{−3cosh²(x)/2} (polynomial, not geometric). Asymptotic (labelled so): the aw = 1 rate
a·x·(1 + (p−1)β l x^{p−1})^{−p/(p−1)} for φ(z) = z − βz^p + …, and the two-phase picture with
scaling for aw > 1. Scaling: σ_s(u) = sσ(u/s) gives exactly ∂f_s/∂w_1(x) = s·∂f/∂w_1(x/s), the
same ρ, fixed point s z*, and ∂f_s/∂w_1 → a^l w^{l−1} x as s → ∞ (fixed l); naive scaling sσ(u)
multiplies the small-signal gradient by s^l.

Public API (all results are frozen dataclasses with ``to_dict()``, ``latex()`` — a LaTeX body
fragment, no preamble — and a readable ``__str__``; numbers are mpmath values at ``dps`` digits):

* ``g_sup(act, tau, *, dps=50) -> GSup``: g(τ) with ``value``, ``argmax``, ``method``
  ('symbolic': exact critical-point analysis or the proved tanh lemma; 'numeric': grid +
  golden-section refinement + tail check, evidence only), ``precision``.
* ``theorem1(act, *, c, W, depth, j=1, residual=1, lam=None, dps=50) -> Theorem1Result``:
  hypotheses (``Check`` items), constants L, τ₀, τ, g(τ), ``bound_df``, ``bound_loss``
  (= residual·bound_df; residual is an upper bound on |ℓ'|, for least squares |ℓ'| ≤ sup|σ| + |y|),
  ``reg_lower`` (λW − bound_loss) and ``confirmation`` (the chain's exact gradient at w_k = W,
  x = c, y = f − residual, computed by :func:`vgtheory.chain.gradient`, is ≤ the bound).
* ``theorem1_threshold(act, *, c, depth, tol, lam, j=1, residual=1, dps=50) -> Threshold``: the
  least W* (to relative 1e-6, from above) such that for all W ≥ W* the hypotheses hold,
  the plain bound is < tol and the regularized gradient is > λW/2 (the conditions are monotone in W).
* ``theorem2(act, *, w, x, depth, s=1, dps=50) -> Theorem2Result``: ``regime`` ('aw<1',
  'aw=1', 'aw>1'), a, z*, ρ, p, β, ``s_threshold``, ``depth_horizon``, ``actual_df_dw1``,
  ``predicted_df_dw1(depth)`` (the prediction used for plot overlays), ``bound_df_dw1(depth)``
  (the proved bound, direction in ``bound_direction``), ``s_limit_df_dw1(depth)`` (= a^l w^{l−1} x),
  ``naive_df_dw1`` and ``claims`` (each labelled proved / asymptotic / numeric, with a verdict
  from the numbers).
* ``theorems_section(act, props=None) -> TheoremsSection``: which theorem applies given the
  four properties (:mod:`vgtheory.properties`), constants at standard points (c = 1, depth 10;
  w = 2 and w = 1/a, x = 1), numeric confirmation. Never raises for a valid activation; parts
  that do not apply are reported with the reason.
* ``table(names, dps=30) -> list[dict]`` and ``python -m vgtheory.theorems --table``: the
  constants of the standard activations (used in docs/theory.md).

Bad input (W ≤ 0, depth < 1, c ≤ 0, a failed hypothesis, …) raises
:class:`vgtheory.errors.VGTheoryError` with one line.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Literal, Sequence

import mpmath
import sympy as sp

from ._bounded import StepTimeout, bounded
from .activations import Activation, Z, activation, to_mpf
from .chain import gradient, to_real
from .errors import VGTheoryError
from .latex import checker_text, tex_escape, witness_latex
from .properties import Method, Properties, PropertyResult, Verdict, check_properties

__all__ = [
    "Check",
    "Claim",
    "GSup",
    "Theorem1Result",
    "Threshold",
    "Theorem2Result",
    "TheoremsSection",
    "g_sup",
    "theorem1",
    "theorem1_threshold",
    "theorem2",
    "theorems_section",
    "table",
    "TABLE_ACTIVATIONS",
]

_T = sp.Symbol("t", positive=True)  # pre-activations in Theorem 1 are positive, so |t| = t
_SYMPY_STEP = 0.5  # seconds per bounded sympy step (solveset either answers fast or gives up)
TABLE_ACTIVATIONS = ("tanh", "sigmoid", "centered_sigmoid", "arctan", "softsign", "erf", "algebraic")


# -- small helpers ---------------------------------------------------------------------------------


def _num(v: Any, digits: int = 12) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, sp.Basic):
        return str(v)
    if mpmath.isinf(v):
        return "inf" if v > 0 else "-inf"
    return mpmath.nstr(v, digits, min_fixed=-4, max_fixed=6)


def _tex(v: Any, digits: int = 6) -> str:
    """A number as LaTeX (scientific notation as a·10^{e})."""
    if v is None:
        return r"\text{n/a}"
    if isinstance(v, sp.Basic):
        return sp.latex(v)
    if mpmath.isnan(v):
        return r"\mathrm{NaN}"
    if mpmath.isinf(v):
        return r"\infty" if v > 0 else r"-\infty"
    s = mpmath.nstr(v, digits, min_fixed=-4, max_fixed=6)
    if "e" in s:
        mant, exp = s.split("e")
        return rf"{mant}\cdot 10^{{{int(exp)}}}"
    return s


_mp = to_mpf


def _real(v: Any, what: str, *, positive: bool = False) -> mpmath.mpf:
    """A user number (strings are decimals, never evaluated) as a finite mpf, positive if asked."""
    out = to_real(v, what)
    if positive and out <= 0:
        raise VGTheoryError(f"{what} must be a positive finite real number, got {v!r}")
    return out


def _check_int(v: Any, what: str, lo: int, hi: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise VGTheoryError(f"{what} must be an integer between {lo} and {hi}, got {v!r}")
    return v


def _sym_step(fn: Callable[[], Any], seconds: float = _SYMPY_STEP) -> Any:
    """fn() under a time bound; None when sympy times out or gives up."""
    try:
        return bounded(fn, seconds)
    except StepTimeout:
        return None
    except (NotImplementedError, TypeError, ValueError, AttributeError, RecursionError, sp.PolynomialError):
        return None


def _sigma_tex(act: Activation) -> str:
    return act.latex() if act.is_symbolic else rf"\texttt{{{tex_escape(act.name)}}}"


# LaTeX of the texts below: every Check and Claim carries its statement and detail twice, as
# plain ASCII (``name``/``statement``, ``detail``: for str(), JSON and terminals) and as LaTeX
# (``tex``, ``detail_tex``: typeset mathematics, numbers through _tex, sympy values through
# sympy.latex). A text without a LaTeX form is escaped by latex.checker_text, which still
# typesets the ASCII math (sigma, oo, ->, <=, >=).

_PROPERTY_TEX = {
    "bounded": "property 1 (bounded)",
    "vanishing_derivative": "property 2 (vanishing derivative)",
    "positive_limit": "property 3 (positive limit)",
    "linear_at_origin": "property 4 (linear at the origin)",
}


def _text_tex(text: str, tex: str) -> str:
    """``tex`` when given, else the ASCII ``text`` escaped (with its ASCII math typeset)."""
    return tex or checker_text(text)


def _sentence(tex: str) -> str:
    """``tex`` ended by a full stop (unless it ends in one already or is empty)."""
    tex = tex.rstrip()
    return tex if not tex or tex.endswith((".", "!", "?")) else tex + "."


def _property_tex(result: PropertyResult) -> str:
    """The evidence of a property result as LaTeX: 'witness: $\\lim_{z\\to+\\infty} z\\,\\sigma'(z) = 0$, ...'."""
    witness = witness_latex(result.witness)
    out = f"witness: {witness}" if witness else checker_text(result.detail)
    if result.precision:
        out += f" ({checker_text(result.precision)})"
    return out


def _property_reason_tex(result: PropertyResult) -> str:
    """Why a property failed, as LaTeX (its detail, else its value)."""
    if result.detail:
        return checker_text(result.detail)
    return "no value" if result.value is None else f"${sp.latex(result.value)}$"


@dataclass(frozen=True)
class Check:
    """One hypothesis or numeric confirmation: a verdict and how it was reached."""

    name: str
    verdict: Verdict
    method: Method
    detail: str = ""
    #: ``name`` and ``detail`` as LaTeX (typeset mathematics); empty: derived from the ASCII text.
    tex: str = field(default="", repr=False, compare=False)
    detail_tex: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "verdict": self.verdict, "method": self.method, "detail": self.detail}

    def __str__(self) -> str:
        return f"{self.name}: {self.verdict} ({self.method}){'; ' + self.detail if self.detail else ''}"

    def latex(self) -> str:
        detail = _sentence(_text_tex(self.detail, self.detail_tex))
        return (rf"\item {_text_tex(self.name, self.tex)}: \textbf{{{self.verdict}}} ({self.method})."
                + (f" {detail}" if detail else ""))


def _worst(checks: Sequence[Check]) -> Verdict:
    verdicts = {c.verdict for c in checks}
    return "fails" if "fails" in verdicts else "holds" if verdicts == {"holds"} else "inconclusive"


# -- constants from the four properties -------------------------------------------------------------


@dataclass(frozen=True)
class _Const:
    """A constant taken from a property check: exact sympy value when symbolic."""

    expr: sp.Expr | None
    verdict: Verdict
    method: Method

    def mp(self) -> mpmath.mpf | None:
        return None if self.expr is None else _mp(self.expr)


def _const(result: PropertyResult) -> _Const:
    # This is the one place that reads vgtheory.properties; re-point it if that API changes.
    return _Const(result.value, result.verdict, result.method)


def _props(act: Activation, props: Properties | None, timeout: float) -> Properties:
    return props if props is not None else check_properties(act, timeout=timeout)


# -- g(τ) = sup_{t ≥ τ} |t σ'(t)| ---------------------------------------------------------------------


@dataclass(frozen=True)
class GSup:
    """g(τ) = sup_{t ≥ τ} |t σ'(t)|, where it is attained (``argmax``; inf if not attained) and how."""

    activation: str
    tau: mpmath.mpf
    value: mpmath.mpf
    argmax: mpmath.mpf
    method: Method
    dps: int
    detail: str
    detail_tex: str = field(default="", repr=False, compare=False)

    @property
    def precision(self) -> str:
        return f"mpmath, {self.dps} digits"

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation, "tau": _num(self.tau, 20), "value": _num(self.value, 20),
            "argmax": _num(self.argmax, 20), "method": self.method, "precision": self.precision,
            "detail": self.detail,
        }

    def latex(self) -> str:
        return (rf"$g({_tex(self.tau)}) = \sup_{{t\ge {_tex(self.tau)}}} |t\sigma'(t)| = {_tex(self.value)}$, "
                rf"attained at $t = {_tex(self.argmax)}$ ({self.method}; {_text_tex(self.detail, self.detail_tex)}).")

    def __str__(self) -> str:
        return (f"g({_num(self.tau)}) = {_num(self.value)} at t = {_num(self.argmax)} "
                f"[{self.method}, {self.precision}] {self.detail}")


@dataclass(frozen=True)
class _GProfile:
    """What is known about h(t) = tσ'(t) on (0, ∞), computed once per call and evaluated at many τ.

    ``critical`` lists all critical points of h on (0, ∞) when they are known exactly (then
    g(τ) = max(|h| at τ and at critical points > τ, |lim h|)); None means: maximise numerically.
    """

    act: Activation
    h: Callable[[mpmath.mpf], mpmath.mpf]
    critical: tuple[mpmath.mpf, ...] | None
    tail: mpmath.mpf
    basis: str
    basis_tex: str = ""

    def at(self, tau: mpmath.mpf, dps: int) -> GSup:
        if self.critical is not None:
            cands = [tau] + [r for r in self.critical if r > tau]
            vals = [abs(self.h(t)) for t in cands]
            best = max(range(len(vals)), key=lambda i: vals[i])
            if abs(self.tail) > vals[best]:
                return GSup(self.act.name, tau, abs(self.tail), mpmath.inf, "symbolic", dps, self.basis, self.basis_tex)
            return GSup(self.act.name, tau, vals[best], cands[best], "symbolic", dps, self.basis, self.basis_tex)
        return _g_numeric(self.act.name, self.h, tau, dps)


def _tanh_form(act: Activation, L: sp.Expr | None, a0: sp.Expr | None) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
    """(A, k, C) with σ(z) = A·tanh(z/k) + C, A, k > 0, if sympy proves it (tanh, logistic, ...)."""
    if not act.is_symbolic or not act.expr.has(sp.tanh, sp.exp):
        return None  # cheap filter: only tanh or exp can make a tanh(z/k)
    if L is None:
        L = _sym_step(lambda: sp.limit(act.expr, Z, sp.oo), 0.5)
        if L is None or not (L.is_real and L.is_finite):
            return None
    C = _sym_step(lambda: act.expr.subs(Z, 0))
    slope0 = a0 if a0 is not None else _sym_step(lambda: act.derivative_expr.subs(Z, 0))
    if C is None or slope0 is None or not (C.is_real and slope0.is_positive):
        return None
    A = sp.nsimplify(L - C)
    if not A.is_positive:
        return None
    k = sp.nsimplify(A / slope0)
    candidate = A * sp.tanh(Z / k) + C
    if sp.expand(act.expr - candidate) == 0:
        return A, k, C
    same = _sym_step(lambda: sp.simplify((act.expr - candidate).rewrite(sp.exp)) == 0, 0.6)
    return (A, k, C) if same else None


def _tanh_critical(dps: int) -> mpmath.mpf:
    """u* > 0 with 2u tanh u = 1: the unique critical point of u·sech²u on (0, ∞) (Lemma T)."""
    with mpmath.workdps(dps + 10):
        return mpmath.findroot(lambda u: 2 * u * mpmath.tanh(u) - 1, (mpmath.mpf("0.7"), mpmath.mpf("0.85")), solver="anderson")


def _g_profile(act: Activation, dps: int, L: sp.Expr | None = None, a0: sp.Expr | None = None) -> _GProfile:
    if not act.is_symbolic:
        return _GProfile(act, lambda t: t * act.slope(t), None, mpmath.mpf(0), "numeric")
    e = act.expr.subs(Z, _T)
    hexpr = _T * sp.diff(e, _T)
    hfun = sp.lambdify(_T, hexpr, modules=["mpmath"])

    def h(t: mpmath.mpf) -> mpmath.mpf:
        return mpmath.mpf(hfun(t))

    form = _tanh_form(act, L, a0)
    if form is not None:
        A, k, C = form
        kk = _mp(k)
        return _GProfile(act, h, (kk * _tanh_critical(dps),), mpmath.mpf(0),
                         f"exact: sigma = {A}*tanh(z/{k}) + {C}; h(t) = A*(t/k)*sech^2(t/k) increases up to t = k*u* "
                         "and decreases after, u* the root of 2u tanh u = 1 (Lemma T, proofs/theorem1.tex)",
                         rf"exact: $\sigma(z) = A\tanh(z/k) + C$ with $A = {sp.latex(A)}$, $k = {sp.latex(k)}$, "
                         rf"$C = {sp.latex(C)}$; $h(t) = A\,(t/k)\operatorname{{sech}}^2(t/k)$ increases up to "
                         r"$t = k u^*$ and decreases after, $u^*$ the root of $2u\tanh u = 1$ "
                         r"(Lemma T, \texttt{proofs/theorem1.tex})")
    roots = _sym_step(lambda: sp.solveset(sp.diff(hexpr, _T), _T, sp.Interval.open(0, sp.oo)))
    if isinstance(roots, sp.FiniteSet) and all(r.is_real for r in roots):
        tail = _sym_step(lambda: sp.limit(hexpr, _T, sp.oo))
        if tail is not None and tail.is_real and tail.is_finite:
            crit = tuple(sorted(_mp(r) for r in roots))
            ordered = sorted(roots, key=float)
            points_tex = (r"the critical points $t \in \{" + ", ".join(sp.latex(r) for r in ordered) + r"\}$"
                          if ordered else "no critical point")
            return _GProfile(act, h, crit, _mp(tail),
                             f"exact: h(t) = t*sigma'(t) has critical points {ordered if roots else '{}'} "
                             f"on (0, oo) (sympy solveset) and h -> {tail}",
                             rf"exact: $h(t) = t\,\sigma'(t)$ has {points_tex} on $(0, \infty)$ (sympy "
                             rf"\texttt{{solveset}}) and $h(t) \to {sp.latex(tail)}$ as $t \to +\infty$")
    return _GProfile(act, h, None, mpmath.mpf(0), "numeric")


def _golden_max(f: Callable[[mpmath.mpf], mpmath.mpf], lo: mpmath.mpf, hi: mpmath.mpf, steps: int) -> mpmath.mpf:
    inv = (mpmath.sqrt(5) - 1) / 2
    x1, x2 = hi - inv * (hi - lo), lo + inv * (hi - lo)
    f1, f2 = f(x1), f(x2)
    for _ in range(steps):
        if f1 < f2:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + inv * (hi - lo)
            f2 = f(x2)
        else:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - inv * (hi - lo)
            f1 = f(x1)
    return (lo + hi) / 2


def _g_numeric(name: str, h: Callable[[mpmath.mpf], mpmath.mpf], tau: mpmath.mpf, dps: int) -> GSup:
    """Maximise |h| on [τ, ∞): 181-point log grid on [τ, τ + 10^5·max(1, τ)], golden refinement, tail check."""
    with mpmath.workdps(dps):
        scale = max(mpmath.mpf(1), tau)
        ts = [tau] + [tau + scale * mpmath.mpf(10) ** (mpmath.mpf(e) / 20) for e in range(-80, 101)]
        vals = [abs(h(t)) for t in ts]
        i = max(range(len(vals)), key=lambda k: vals[k])
        t_best, v_best = ts[i], vals[i]
        if 0 < i < len(ts) - 1:
            t_ref = _golden_max(lambda t: abs(h(t)), ts[i - 1], ts[i + 1], 60)
            if abs(h(t_ref)) > v_best:
                t_best, v_best = t_ref, abs(h(t_ref))
        tails = [tau + scale * mpmath.mpf(10) ** e for e in range(6, 13)]
        tail_vals = [abs(h(t)) for t in tails]
        if max(tail_vals) > v_best or tail_vals[-1] > tail_vals[0] / 10:
            return GSup(name, tau, mpmath.inf, mpmath.inf, "numeric", dps,
                        f"|t sigma'(t)| does not decay on the tail (|h| = {_num(tail_vals[-1], 5)} at t = "
                        f"{_num(tails[-1], 3)}): property 2 fails numerically, g is taken as infinite",
                        rf"$|t\,\sigma'(t)|$ does not decay on the tail ($|h(t)| = {_tex(tail_vals[-1], 5)}$ at "
                        rf"$t = {_tex(tails[-1], 3)}$): property 2 fails numerically, $g$ is taken as infinite")
        return GSup(name, tau, v_best, t_best, "numeric", dps,
                    "grid of 182 points on [tau, tau + 1e5*max(1, tau)] + golden-section refinement; "
                    f"tail |h| <= {_num(max(tail_vals), 5)} up to t = 1e12*max(1, tau) (evidence, not proof)",
                    r"grid of 182 points on $[\tau, \tau + 10^5\max(1, \tau)]$ and golden-section refinement; "
                    rf"tail $|h(t)| \le {_tex(max(tail_vals), 5)}$ up to $t = 10^{{12}}\max(1, \tau)$ "
                    "(evidence, not proof)")


def g_sup(act: Any, tau: Any, *, dps: int = 50) -> GSup:
    """g(τ) = sup_{t ≥ τ} |t σ'(t)| for τ > 0, symbolically when sympy can locate h's critical points."""
    sigma = activation(act)
    dps = _check_int(dps, "dps", 15, 5000)
    with mpmath.workdps(dps):
        tau_v = _real(tau, "tau", positive=True)
        return _g_profile(sigma, dps).at(tau_v, dps)


# -- τ₀: σ(t) ≥ L/2 for all t ≥ τ₀ -----------------------------------------------------------------------


def _tau0(act: Activation, L: _Const, dps: int) -> tuple[mpmath.mpf, Method, str, str]:
    """The least τ₀ ≥ 0 with σ(t) ≥ L/2 for all t ≥ τ₀ (exact when sympy finds all roots of σ − L/2),
    how it was found, and that explanation as ASCII text and as LaTeX."""
    Lm = L.mp()
    if act.is_symbolic and L.method == "symbolic" and L.expr is not None:
        roots = _sym_step(lambda: sp.solveset(act.expr.subs(Z, _T) - L.expr / 2, _T, sp.Interval(0, sp.oo)))
        if isinstance(roots, sp.FiniteSet) and all(r.is_real for r in roots):
            # σ − L/2 is continuous, has no root beyond the last one and tends to L/2 > 0.
            if not roots:
                return (mpmath.mpf(0), "symbolic", "sigma(t) - L/2 has no root in (0, oo) (sympy solveset)",
                        r"$\sigma(t) - L/2$ has no root in $(0, \infty)$ (sympy \texttt{solveset})")
            last = max(roots, key=lambda r: float(r))
            return (_mp(last), "symbolic", f"tau0 = {last}, the last root of sigma(t) = L/2 (sympy solveset)",
                    rf"$\tau_0 = {sp.latex(last)}$, the last root of $\sigma(t) = L/2$ (sympy \texttt{{solveset}})")
    # Numeric: last sign change of σ − L/2 on a grid of [0, 1e6], bisection, tail check.
    half = Lm / 2
    ts = [mpmath.mpf(0)] + [mpmath.mpf(10) ** (mpmath.mpf(e) / 20) for e in range(-80, 121)]
    below = [t for t in ts if act.value(t) < half]
    tails = [mpmath.mpf(10) ** e for e in range(7, 13)]
    if any(act.value(t) < half for t in tails):
        raise VGTheoryError(f"sigma(t) < L/2 at t >= 1e7 for {act.name!r}: L = {_num(Lm)} is not its limit")
    if not below:
        return (mpmath.mpf(0), "numeric", "sigma(t) >= L/2 at all grid points of [0, 1e6] (evidence)",
                r"$\sigma(t) \ge L/2$ at all grid points of $[0, 10^6]$ (evidence)")
    lo = max(below)
    hi = ts[ts.index(lo) + 1]
    for _ in range(int(dps * 3.4)):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if act.value(mid) < half else (lo, mid)
    return (hi, "numeric", "last crossing of L/2 on a 202-point grid of [0, 1e6], bisection (evidence)",
            r"last crossing of $L/2$ on a 202-point grid of $[0, 10^6]$, bisection (evidence)")


# -- Theorem 1 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _T1Setup:
    """Everything about σ that Theorem 1 needs, independent of W (one per call)."""

    act: Activation
    L: mpmath.mpf
    tau0: mpmath.mpf
    tau0_method: Method
    tau0_detail: str
    profile: _GProfile
    checks: tuple[Check, ...]
    dps: int
    tau0_detail_tex: str = ""

    def bound(self, W: mpmath.mpf, c: mpmath.mpf, depth: int, j: int) -> tuple[mpmath.mpf, GSup]:
        """(g(τ)/W)·(2g(τ)/L)^{l−j} with τ = W·min(c, L/2)."""
        tau = W * min(c, self.L / 2)
        g = self.profile.at(tau, self.dps)
        return (g.value / W) * (2 * g.value / self.L) ** (depth - j), g


def _t1_setup(act: Activation, props: Properties | None, dps: int, timeout: float = 2.0) -> _T1Setup:
    props = _props(act, props, timeout)
    van, lim, bnd = props.vanishing_derivative, props.positive_limit, props.bounded
    for r in (van, lim):
        if r.verdict == "fails":
            raise VGTheoryError(f"Theorem 1 does not apply to {act.name!r}: property {r.name!r} fails ({r.detail or r.value})")
    L = _const(lim)
    if L.expr is None or not L.mp() > 0:
        raise VGTheoryError(f"Theorem 1 does not apply to {act.name!r}: no positive limit L was found")
    if act.is_symbolic:
        rest = act.expr.subs(Z, _T)
        kinks = rest.atoms(sp.Abs, sp.sign, sp.Heaviside, sp.Piecewise, sp.Max, sp.Min, sp.floor, sp.ceiling)
        diff_check = (Check("differentiable on (0, oo)", "holds", "symbolic",
                            "sigma is built from functions analytic on (0, oo) (no Abs/Max/Piecewise left for t > 0)",
                            _DIFFERENTIABLE_TEX,
                            r"$\sigma$ is built from functions analytic on $(0, \infty)$ (no $|\cdot|$, $\max$, "
                            r"$\min$, step or piecewise function is left for $t > 0$)")
                      if not kinks else
                      Check("differentiable on (0, oo)", "inconclusive", "symbolic", f"contains {sorted(map(str, kinks))}",
                            _DIFFERENTIABLE_TEX,
                            "contains " + ", ".join(f"${sp.latex(k)}$" for k in sorted(kinks, key=str))))
    else:
        diff_check = Check("differentiable on (0, oo)", "inconclusive", "numeric", "a callable: assumed, not checked",
                           _DIFFERENTIABLE_TEX)
    a0 = props.linear_at_origin.value if props.linear_at_origin.verdict == "holds" else None
    tau0, m0, d0, d0_tex = _tau0(act, L, dps)
    checks = (
        diff_check,
        Check("property 2: t*sigma'(t) -> 0 as t -> +oo", van.verdict, van.method, str(van),
              r"property 2: $t\,\sigma'(t) \to 0$ as $t \to +\infty$", _property_tex(van)),
        Check("property 3: L = lim sigma > 0", lim.verdict, lim.method, f"L = {L.expr}",
              r"property 3: $L = \lim_{t\to+\infty} \sigma(t) > 0$", f"$L = {sp.latex(L.expr)}$"),
        Check("property 1 (not needed: sigma is bounded on [tau, oo) by property 3)", bnd.verdict, bnd.method, str(bnd),
              r"property 1 (not needed: $\sigma$ is bounded on $[\tau, \infty)$ by property 3)", _property_tex(bnd)),
    )
    return _T1Setup(act, L.mp(), tau0, m0, d0, _g_profile(act, dps, L.expr, a0), checks, dps, d0_tex)


_DIFFERENTIABLE_TEX = r"$\sigma$ differentiable on $(0, \infty)$"


@dataclass(frozen=True)
class Theorem1Result:
    """Theorem 1 at one (c, W, depth, j): hypotheses, constants, the bounds and a numeric confirmation."""

    activation: str
    c: mpmath.mpf
    W: mpmath.mpf
    depth: int
    j: int
    residual: mpmath.mpf
    lam: mpmath.mpf | None
    L: mpmath.mpf
    tau0: mpmath.mpf
    tau: mpmath.mpf
    g: GSup
    bound_df: mpmath.mpf
    bound_loss: mpmath.mpf
    reg_lower: mpmath.mpf | None
    actual_df: mpmath.mpf
    actual_loss: mpmath.mpf
    actual_reg: mpmath.mpf | None
    hypotheses: tuple[Check, ...]
    confirmation: Check
    dps: int

    @property
    def verdict(self) -> Verdict:
        """'holds' if every hypothesis holds and the numbers agree; 'inconclusive' if one is undecided."""
        return _worst(self.hypotheses + (self.confirmation,))

    def to_dict(self) -> dict[str, Any]:
        return {
            "theorem": 1, "activation": self.activation, "c": _num(self.c), "W": _num(self.W),
            "depth": self.depth, "j": self.j, "residual": _num(self.residual),
            "lambda": _num(self.lam), "L": _num(self.L, 20), "tau0": _num(self.tau0, 20), "tau": _num(self.tau, 20),
            "g": self.g.to_dict(), "bound_df": _num(self.bound_df, 20), "bound_loss": _num(self.bound_loss, 20),
            "reg_lower": _num(self.reg_lower, 20), "actual_df": _num(self.actual_df, 20),
            "actual_loss": _num(self.actual_loss, 20), "actual_reg": _num(self.actual_reg, 20),
            "hypotheses": [h.to_dict() for h in self.hypotheses], "confirmation": self.confirmation.to_dict(),
            "verdict": self.verdict, "dps": self.dps,
        }

    def latex(self) -> str:
        reg = ("" if self.lam is None else
               rf" With weight decay $\lambda = {_tex(self.lam)}$: $|\partial_{{w_{{{self.j}}}}}(\ell + \tfrac{{\lambda}}{{2}}\|w\|^2)|"
               rf" \ge \lambda W - |\partial\ell/\partial w_{{{self.j}}}| \ge {_tex(self.reg_lower)}$ (actual ${_tex(self.actual_reg)}$).")
        hyps = "\n".join(h.latex() for h in self.hypotheses)
        return (
            rf"\paragraph{{Theorem 1 (large parameters), $\sigma = {self.activation_tex}$.}} "
            rf"For $x \ge c = {_tex(self.c)}$, $w_k \ge W = {_tex(self.W)}$, depth $l = {self.depth}$, $j = {self.j}$: "
            rf"$L = {_tex(self.L)}$, $\sigma(t)\ge L/2$ for $t \ge \tau_0 = {_tex(self.tau0)}$, "
            rf"$\tau = W\min(c, L/2) = {_tex(self.tau)}$, $g(\tau) = {_tex(self.g.value)}$ ({self.g.method}), and"
            "\n\\begin{gather*} |\\partial f/\\partial w_{%d}| \\le \\frac{g(\\tau)}{W}\\Bigl(\\frac{2g(\\tau)}{L}\\Bigr)^{l-j} = %s,"
            "\\\\ |\\partial \\ell/\\partial w_{%d}| \\le |\\ell'|\\cdot %s = %s. \\end{gather*}\n"
            % (self.j, _tex(self.bound_df), self.j, _tex(self.bound_df), _tex(self.bound_loss))
            + rf"The exact gradient at $w_k = W$, $x = c$ ({self.dps} digits) is $|\partial f/\partial w_{{{self.j}}}| = {_tex(self.actual_df)}$: "
            rf"\textbf{{{self.confirmation.verdict}}}.{reg}"
            + "\n\\begin{itemize}\n" + hyps + "\n\\end{itemize}"
        )

    @property
    def activation_tex(self) -> str:
        return self._activation_tex

    def __str__(self) -> str:
        lines = [
            f"Theorem 1 for {self.activation}: c = {_num(self.c)}, W = {_num(self.W)}, depth {self.depth}, j = {self.j}  [{self.verdict}]",
            f"  L = {_num(self.L)}, tau0 = {_num(self.tau0)}, tau = W*min(c, L/2) = {_num(self.tau)}",
            f"  g(tau) = {_num(self.g.value)} ({self.g.method})",
            f"  |df/dw_j| <= (g/W)(2g/L)^(l-j) = {_num(self.bound_df)}; actual {_num(self.actual_df)}",
            f"  |dl/dw_j| <= {_num(self.residual)} * bound = {_num(self.bound_loss)}; actual {_num(self.actual_loss)}",
        ]
        if self.lam is not None:
            lines.append(f"  regularized >= lam*W - bound = {_num(self.reg_lower)}; actual {_num(self.actual_reg)}")
        lines += [f"  {h}" for h in self.hypotheses] + [f"  {self.confirmation}"]
        return "\n".join(lines)

    _activation_tex: str = field(default="", repr=False, compare=False)


def _t1_inputs(c: Any, W: Any, depth: Any, j: Any, residual: Any, lam: Any) -> tuple:
    depth = _check_int(depth, "depth", 1, 100000)
    j = _check_int(j, "j", 1, depth)
    return (_real(c, "c", positive=True), None if W is None else _real(W, "W", positive=True), depth, j,
            _real(residual, "residual", positive=False), None if lam is None else _real(lam, "lambda", positive=True))


def theorem1(act: Any, *, c: Any, W: Any, depth: int, j: int = 1, residual: Any = 1, lam: Any = None,
             dps: int = 50, props: Properties | None = None) -> Theorem1Result:
    """Theorem 1 at (c, W, depth, j): |∂f/∂w_j| ≤ (g(τ)/W)(2g(τ)/L)^{l−j}, τ = W·min(c, L/2).

    Raises VGTheoryError if a hypothesis fails, including τ < τ₀ (W too small).
    """
    sigma = activation(act)
    dps = _check_int(dps, "dps", 15, 5000)
    with mpmath.workdps(dps):
        c_v, W_v, depth, j, res, lam_v = _t1_inputs(c, W, depth, j, residual, lam)
        res = abs(res)
        setup = _t1_setup(sigma, props, dps)
        return _theorem1_at(setup, c_v, W_v, depth, j, res, lam_v)


def _theorem1_at(setup: _T1Setup, c: mpmath.mpf, W: mpmath.mpf, depth: int, j: int, res: mpmath.mpf,
                 lam: mpmath.mpf | None) -> Theorem1Result:
    tau = W * min(c, setup.L / 2)
    if tau < setup.tau0:
        raise VGTheoryError(
            f"W = {_num(W)} is too small for Theorem 1 with {setup.act.name!r}: need W*min(c, L/2) >= tau0 = "
            f"{_num(setup.tau0)}, i.e. W >= {_num(setup.tau0 / min(c, setup.L / 2))}")
    bound_df, g = setup.bound(W, c, depth, j)
    tau_check = Check("sigma(t) >= L/2 for t >= tau", "holds", setup.tau0_method,
                      f"tau = {_num(tau)} >= tau0 = {_num(setup.tau0)}; {setup.tau0_detail}",
                      r"$\sigma(t) \ge L/2$ for $t \ge \tau$",
                      rf"$\tau = {_tex(tau)} \ge \tau_0 = {_tex(setup.tau0)}$; "
                      + _text_tex(setup.tau0_detail, setup.tau0_detail_tex))
    g_check = Check("g(tau) computed", "holds" if g.method == "symbolic" else "inconclusive", g.method, g.detail,
                    r"$g(\tau)$ computed", g.detail_tex)
    chain = gradient(setup.act, [W] * depth, c, 0, dps=setup.dps)
    chain = gradient(setup.act, [W] * depth, c, chain.output - res, dps=setup.dps)  # so that ℓ' = residual
    actual_df = abs(chain.df_dw[j - 1])
    actual_loss = abs(chain.dloss_dw[j - 1])
    bound_loss = res * bound_df
    # The bound is attained (l = 1, w = W, x = c <= L/2), so allow rounding at the working precision.
    eps = mpmath.mpf(10) ** (10 - setup.dps)
    ok = actual_df <= bound_df * (1 + eps)
    detail = f"|df/dw_{j}| = {_num(actual_df)} at w_k = W, x = c ({setup.dps} digits, chain.gradient) vs bound {_num(bound_df)}"
    detail_tex = (rf"$|\partial f/\partial w_{{{j}}}| = {_tex(actual_df)}$ at $w_k = W$, $x = c$ ({setup.dps} digits, "
                  rf"\texttt{{chain.gradient}}) vs.\ the bound ${_tex(bound_df)}$")
    reg_lower = actual_reg = None
    if lam is not None:
        reg_lower = lam * W - bound_loss
        actual_reg = abs(chain.regularized(lam)[j - 1])
        ok = ok and actual_reg >= reg_lower - eps * abs(reg_lower)
        detail += f"; regularized {_num(actual_reg)} >= {_num(reg_lower)}"
        detail_tex += rf"; with weight decay ${_tex(actual_reg)} \ge {_tex(reg_lower)}$"
    confirmation = Check("numeric confirmation", "holds" if ok else "fails", "numeric", detail, "numeric confirmation",
                         detail_tex)
    return Theorem1Result(
        setup.act.name, c, W, depth, j, res, lam, setup.L, setup.tau0, tau, g, bound_df, bound_loss, reg_lower,
        actual_df, actual_loss, actual_reg, setup.checks + (tau_check, g_check), confirmation, setup.dps,
        _activation_tex=_sigma_tex(setup.act),
    )


@dataclass(frozen=True)
class Threshold:
    """W*: for W ≥ W*, Theorem 1 applies, its bound on |∂ℓ/∂w_j| is < tol and the regularized gradient > λW/2."""

    activation: str
    c: mpmath.mpf
    depth: int
    j: int
    tol: mpmath.mpf
    lam: mpmath.mpf
    residual: mpmath.mpf
    W_star: mpmath.mpf
    W_min: mpmath.mpf
    bound_loss: mpmath.mpf
    method: Method
    detail: str
    dps: int
    detail_tex: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation, "c": _num(self.c), "depth": self.depth, "j": self.j, "tol": _num(self.tol),
            "lambda": _num(self.lam), "residual": _num(self.residual), "W_star": _num(self.W_star, 15),
            "W_min": _num(self.W_min, 15), "bound_loss_at_W_star": _num(self.bound_loss, 15),
            "method": self.method, "detail": self.detail, "dps": self.dps,
        }

    def latex(self) -> str:
        return (rf"For $W \ge W^* = {_tex(self.W_star)}$ (with $c = {_tex(self.c)}$, $l = {self.depth}$, $j = {self.j}$, "
                rf"$|\ell'| \le {_tex(self.residual)}$): $|\partial\ell/\partial w_{{{self.j}}}| \le {_tex(self.bound_loss)} < "
                rf"{_tex(self.tol)}$ while the gradient with weight decay $\lambda = {_tex(self.lam)}$ exceeds $\lambda W/2$ "
                rf"({self.method}; {_text_tex(self.detail, self.detail_tex)}).")

    def __str__(self) -> str:
        return (f"W* = {_num(self.W_star)} for {self.activation} (c = {_num(self.c)}, depth {self.depth}, j = {self.j}, "
                f"tol = {_num(self.tol)}, lam = {_num(self.lam)}): bound {_num(self.bound_loss)} [{self.method}] {self.detail}")


def theorem1_threshold(act: Any, *, c: Any, depth: int, tol: Any, lam: Any, j: int = 1, residual: Any = 1,
                       dps: int = 50, props: Properties | None = None) -> Threshold:
    """The least W* (to relative 1e-6, rounded up) with: τ(W) ≥ τ₀, U(W) < tol and U(W) < λW/2 for all W ≥ W*.

    U(W) = |ℓ'|·(g(τ)/W)(2g(τ)/L)^{l−j} is nonincreasing in W (g is), λW/2 increasing, so the
    condition is monotone and bisection finds its boundary.
    """
    sigma = activation(act)
    dps = _check_int(dps, "dps", 15, 5000)
    with mpmath.workdps(dps):
        c_v, _, depth, j, res, lam_v = _t1_inputs(c, None, depth, j, residual, lam)
        tol_v = _real(tol, "tol", positive=True)
        if lam_v is None:
            raise VGTheoryError("lam (weight decay) must be a positive number")
        return _threshold(_t1_setup(sigma, props, dps), c_v, depth, j, tol_v, lam_v, abs(res))


def _threshold(setup: _T1Setup, c: mpmath.mpf, depth: int, j: int, tol: mpmath.mpf, lam: mpmath.mpf,
               res: mpmath.mpf) -> Threshold:
    W_min = max(setup.tau0 / min(c, setup.L / 2), mpmath.mpf(10) ** -6)

    def ok(W: mpmath.mpf) -> bool:
        U = res * setup.bound(W, c, depth, j)[0]
        return U < tol and U < lam * W / 2

    hi = W_min
    for _ in range(4000):
        if ok(hi):
            break
        hi *= 2
    else:
        raise VGTheoryError("no threshold W* below 2^4000: the bound does not fall below tol")
    if hi == W_min:
        W_star = W_min
    else:
        lo = hi / 2
        while hi - lo > hi * mpmath.mpf(10) ** -6:
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if ok(mid) else (mid, hi)
        W_star = hi
    U, g = setup.bound(W_star, c, depth, j)
    method: Method = "symbolic" if g.method == "symbolic" and setup.tau0_method == "symbolic" else "numeric"
    return Threshold(setup.act.name, c, depth, j, tol, lam, res, W_star, W_min, res * U, method,
                     f"g: {g.method}, tau0: {setup.tau0_method}; bisection on the monotone bound", setup.dps,
                     rf"$g$: {g.method}, $\tau_0$: {setup.tau0_method}; bisection on the monotone bound")


# -- Theorem 2 -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One statement of Theorem 2 with its status ('proved' under (H) in proofs/theorem2.tex,
    'asymptotic', or 'numeric') and the verdict of the numbers computed here."""

    statement: str
    status: Literal["proved", "asymptotic", "numeric"]
    verdict: Verdict
    detail: str = ""
    #: ``statement`` and ``detail`` as LaTeX (typeset mathematics); empty: derived from the ASCII text.
    tex: str = field(default="", repr=False, compare=False)
    detail_tex: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "status": self.status, "verdict": self.verdict, "detail": self.detail}

    def __str__(self) -> str:
        return f"[{self.status}; numbers: {self.verdict}] {self.statement}{' — ' + self.detail if self.detail else ''}"

    def latex(self) -> str:
        detail = _text_tex(self.detail, self.detail_tex)
        return (rf"\item[{self.status}] {_text_tex(self.statement, self.tex)} (numbers: \textbf{{{self.verdict}}}"
                + (f"; {detail})." if detail else ")."))


@dataclass(frozen=True)
class Theorem2Result:
    """Theorem 2 for equal parameters w, input x, depth l and scale s (σ_s(u) = sσ(u/s))."""

    activation: str
    w: mpmath.mpf
    x: mpmath.mpf
    depth: int
    s: mpmath.mpf
    a: mpmath.mpf
    aw: mpmath.mpf
    regime: Literal["aw<1", "aw=1", "aw>1"]
    regime_method: Method
    z_star: mpmath.mpf
    rho: mpmath.mpf
    p: int | None
    beta: mpmath.mpf | None
    sigma_w_slope: mpmath.mpf  # σ'(w x / s), the first layer's slope
    s_threshold: mpmath.mpf | None
    depth_horizon: mpmath.mpf | None
    actual_df_dw1: mpmath.mpf
    naive_df_dw1: mpmath.mpf
    naive_small_signal_ratio: mpmath.mpf  # (naive / trick) ∂f/∂w_1 at a tiny x; → s^l
    hypothesis_H: Check
    claims: tuple[Claim, ...]
    dps: int

    def predicted_df_dw1(self, depth: int) -> mpmath.mpf:
        """The theorem's prediction of ∂f/∂w_1 at this depth (same w, x, s); see ``prediction_kind``."""
        with mpmath.workdps(self.dps):
            l = mpmath.mpf(depth)
            xs = self.x / self.s
            if self.regime == "aw<1":
                return self.x * self.sigma_w_slope * self.aw ** (l - 1)
            if self.regime == "aw=1":
                if self.p is None:
                    return mpmath.nan
                q = self.p - 1
                return self.a * self.x * (1 + q * self.beta * l * xs**q) ** (-mpmath.mpf(self.p) / q)
            if xs >= self.z_star:
                return self.x * self.sigma_w_slope * self.rho ** (l - 1)
            # Two phases: linear growth while (aw)^k x/s < z*, then contraction at rate ρ.
            l0 = min(l, max(mpmath.mpf(0), mpmath.floor(self.depth_horizon)))
            return self.a**l0 * self.w ** (l0 - 1) * self.x * self.rho ** (l - l0) if l0 >= 1 else self.x * self.sigma_w_slope * self.rho ** (l - 1)

    @property
    def prediction_kind(self) -> str:
        if self.regime == "aw<1":
            return "proved upper bound x*sigma'(wx/s)*(aw)^(l-1) under (H)"
        if self.regime == "aw=1":
            return "asymptotic: a*x*(1 + (p-1)*beta*l*(x/s)^(p-1))^(-p/(p-1))"
        if self.x / self.s >= self.z_star:
            return "proved upper bound x*sigma'(wx/s)*rho^(l-1) under (H) (x/s >= z*)"
        return "asymptotic two-phase: a^l w^(l-1) x up to l0 = log_{aw}(s z*/x), then rate rho"

    @property
    def prediction_kind_tex(self) -> str:
        """``prediction_kind`` as LaTeX."""
        if self.regime == "aw<1":
            return r"proved upper bound $x\,\sigma'(wx/s)\,(aw)^{l-1}$ under (H)"
        if self.regime == "aw=1":
            return r"asymptotic: $a x\bigl(1 + (p-1)\beta l (x/s)^{p-1}\bigr)^{-p/(p-1)}$"
        if self.x / self.s >= self.z_star:
            return r"proved upper bound $x\,\sigma'(wx/s)\,\rho^{l-1}$ under (H), as $x/s \ge z^*$"
        return (r"asymptotic, two phases: $a^l w^{l-1} x$ up to $l_0 = \log_{aw}(s z^*/x)$, "
                r"then the rate $\rho$")

    def bound_df_dw1(self, depth: int) -> mpmath.mpf:
        """The proved one-sided bound x σ'(wx/s) r^{l−1} (r = aw or ρ); direction in ``bound_direction``."""
        with mpmath.workdps(self.dps):
            r = self.rho if self.regime == "aw>1" else self.aw
            return self.x * self.sigma_w_slope * r ** (depth - 1)

    @property
    def bound_direction(self) -> str:
        if self.regime == "aw>1" and self.x / self.s < self.z_star:
            return "lower"
        return "upper"

    def s_limit_df_dw1(self, depth: int) -> mpmath.mpf:
        """lim_{s→∞} ∂f_s/∂w_1 = a^l w^{l−1} x (the linear chain); its depth factor is an artifact."""
        with mpmath.workdps(self.dps):
            return self.a**depth * self.w ** (depth - 1) * self.x

    @property
    def predicted(self) -> mpmath.mpf:
        return self.predicted_df_dw1(self.depth)

    def to_dict(self) -> dict[str, Any]:
        return {
            "theorem": 2, "activation": self.activation, "w": _num(self.w), "x": _num(self.x), "depth": self.depth,
            "s": _num(self.s), "a": _num(self.a, 20), "aw": _num(self.aw, 20), "regime": self.regime,
            "regime_method": self.regime_method, "z_star": _num(self.z_star, 20), "rho": _num(self.rho, 20),
            "p": self.p, "beta": _num(self.beta, 20), "s_threshold": _num(self.s_threshold, 15),
            "depth_horizon": _num(self.depth_horizon, 15), "actual_df_dw1": _num(self.actual_df_dw1, 20),
            "predicted_df_dw1": _num(self.predicted, 20), "prediction_kind": self.prediction_kind,
            "bound_df_dw1": _num(self.bound_df_dw1(self.depth), 20), "bound_direction": self.bound_direction,
            "s_limit_df_dw1": _num(self.s_limit_df_dw1(self.depth), 20), "naive_df_dw1": _num(self.naive_df_dw1, 20),
            "naive_small_signal_ratio": _num(self.naive_small_signal_ratio, 20),
            "hypothesis_H": self.hypothesis_H.to_dict(), "claims": [c.to_dict() for c in self.claims], "dps": self.dps,
        }

    def latex(self) -> str:
        claims = "\n".join(c.latex() for c in self.claims)
        extra = ""
        if self.s_threshold is not None:
            extra = rf" Scaling threshold: $s \gtrsim {_tex(self.s_threshold)}$."
        return (
            rf"\paragraph{{Theorem 2 (many layers), $\sigma = {self._activation_tex}$, $w = {_tex(self.w)}$, $x = {_tex(self.x)}$, "
            rf"$l = {self.depth}$, $s = {_tex(self.s)}$.}} $a = {_tex(self.a)}$, $aw = {_tex(self.aw)}$ "
            rf"(regime ${_REGIME_TEX[self.regime]}$, {self.regime_method}), $z^* = {_tex(self.z_star)}$, "
            rf"$\rho = w\sigma'(wz^*) = {_tex(self.rho)}$. Exact $\partial f/\partial w_1 = {_tex(self.actual_df_dw1)}$ "
            rf"({self.dps} digits), predicted ${_tex(self.predicted)}$ ({self.prediction_kind_tex}); "
            rf"$s\to\infty$ limit $a^l w^{{l-1}} x = {_tex(self.s_limit_df_dw1(self.depth))}$; naive scaling "
            rf"$s\sigma(u)$ gives ${_tex(self.naive_df_dw1)}$.{extra}"
            + "\n\\begin{itemize}\n" + self.hypothesis_H.latex() + "\n" + claims + "\n\\end{itemize}"
        )

    def __str__(self) -> str:
        lines = [
            f"Theorem 2 for {self.activation}: w = {_num(self.w)}, x = {_num(self.x)}, depth {self.depth}, s = {_num(self.s)}",
            f"  a = {_num(self.a)}, aw = {_num(self.aw)} -> regime {self.regime} ({self.regime_method})",
            f"  z* = {_num(self.z_star)}, rho = w*sigma'(w z*) = {_num(self.rho)}"
            + (f", p = {self.p}, beta = {_num(self.beta)}" if self.p else ""),
            f"  df/dw_1: actual {_num(self.actual_df_dw1)}, predicted {_num(self.predicted)} ({self.prediction_kind})",
            f"  s -> oo limit a^l w^(l-1) x = {_num(self.s_limit_df_dw1(self.depth))}; naive s*sigma(u): {_num(self.naive_df_dw1)}",
            f"  s threshold: {_num(self.s_threshold)}; depth horizon log_(aw)(s z*/x): {_num(self.depth_horizon)}",
            f"  {self.hypothesis_H}",
        ] + [f"  {c}" for c in self.claims]
        return "\n".join(lines)

    _activation_tex: str = field(default="", repr=False, compare=False)


def _neg_ratio_tex(p: int, q: int) -> str:
    """-p/q in lowest terms, as an inline exponent ('-3/2', '-2')."""
    ratio = sp.Rational(p, q)
    return f"-{ratio.p}" if ratio.q == 1 else f"-{ratio.p}/{ratio.q}"


_REGIME_TEX = {"aw<1": "aw < 1", "aw=1": "aw = 1", "aw>1": "aw > 1"}
_H_TEX = r"(H): $\sigma(0) = 0$, $\sigma$ increasing and concave on $[0, \infty)$"


def _hypothesis_H(act: Activation, props: Properties, timeout: float) -> Check:
    """(H): σ(0) = 0, σ' > 0 and σ'' ≤ 0 on (0, ∞) (σ increasing and concave on [0, ∞))."""
    name = "(H) sigma(0)=0, increasing and concave on [0, oo)"
    if act.is_symbolic:
        form = _tanh_form(act, props.positive_limit.value, props.linear_at_origin.value)
        if form is not None and form[2] == 0:
            return Check(name, "holds", "symbolic", f"sigma = {form[0]}*tanh(z/{form[1]}): sigma' = (A/k)sech^2 > 0, "
                         "sigma'' = -(2A/k^2) tanh sech^2 <= 0 on [0, oo)", _H_TEX,
                         rf"$\sigma(z) = A\tanh(z/k)$ with $A = {sp.latex(form[0])}$, $k = {sp.latex(form[1])}$: "
                         r"$\sigma'(z) = (A/k)\operatorname{sech}^2(z/k) > 0$ and "
                         r"$\sigma''(z) = -(2A/k^2)\tanh(z/k)\operatorname{sech}^2(z/k) \le 0$ on $[0, \infty)$")
        e = act.expr.subs(Z, _T)
        convex_part = _sym_step(lambda: sp.solveset(sp.diff(e, _T, 2) > 0, _T, sp.Interval.open(0, sp.oo)), timeout)
        decreasing = _sym_step(lambda: sp.solveset(sp.diff(e, _T) <= 0, _T, sp.Interval.open(0, sp.oo)), timeout)
        if convex_part is sp.S.EmptySet and decreasing is sp.S.EmptySet and act.expr.subs(Z, 0) == 0:
            return Check(name, "holds", "symbolic",
                         "sympy solveset: {t > 0: sigma'' > 0} and {t > 0: sigma' <= 0} are empty", _H_TEX,
                         r"sympy \texttt{solveset}: $\{t > 0 : \sigma''(t) > 0\}$ and $\{t > 0 : \sigma'(t) \le 0\}$ "
                         "are empty")
    # Numeric evidence on [0, 10], where σ' is still far above the working precision.
    ts = [mpmath.mpf(k) / 16 for k in range(0, 161)]
    slopes = [act.slope(t) for t in ts]
    tiny = mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))
    ok = (abs(act.value(0)) < tiny and all(d > 0 for d in slopes)
          and all(slopes[i + 1] <= slopes[i] + tiny for i in range(len(slopes) - 1)))
    if ok:
        return Check(name, "inconclusive", "numeric", "sigma(0) = 0, sigma' positive and nonincreasing on a grid of [0, 10]",
                     _H_TEX, r"$\sigma(0) = 0$, $\sigma'$ positive and nonincreasing on a grid of $[0, 10]$")
    return Check(name, "fails", "numeric", "sigma(0) != 0, or sigma' not positive and nonincreasing on a grid of [0, 10]",
                 _H_TEX, r"$\sigma(0) \ne 0$, or $\sigma'$ not positive and nonincreasing on a grid of $[0, 10]$")


def _fixed_point(phi: Callable[[mpmath.mpf], mpmath.mpf], start: mpmath.mpf) -> mpmath.mpf:
    z = start
    for _ in range(200):
        z = phi(z)
        if not mpmath.isfinite(z) or abs(z) > mpmath.mpf(10) ** 300:
            # An unbounded σ sends the iteration off to infinity; evaluating further would hang.
            raise VGTheoryError("the fixed-point iteration z -> sigma(w z) diverges: no finite fixed point z*")
    try:
        return mpmath.findroot(lambda u: phi(u) - u, z)
    except (ValueError, ZeroDivisionError):
        return z


def _onset(act: Activation, w_sym: sp.Expr) -> tuple[int | None, mpmath.mpf | None]:
    """(p, β) with φ(z) = σ(wz) = z − βz^p + O(z^{p+1}) as z → 0+ (only used when aw = 1)."""
    if not act.is_symbolic:
        return None, None
    ser = _sym_step(lambda: sp.series(act.expr.subs(Z, w_sym * _T), _T, 0, 8).removeO())
    if ser is None:
        return None, None
    poly = _sym_step(lambda: sp.Poly(sp.expand(ser), _T))
    if poly is None:
        return None, None
    for p in range(2, 8):
        coeff = poly.coeff_monomial(_T**p)
        if coeff != 0:
            return p, -_mp(coeff)
    return None, None


def _exact(v: Any) -> sp.Expr:
    """A user number as an exact sympy number: a float means its shortest decimal repr."""
    if isinstance(v, sp.Basic):
        return v
    if isinstance(v, float):
        return sp.Rational(repr(v))
    if isinstance(v, mpmath.mpf):
        return sp.Rational(mpmath.nstr(v, mpmath.mp.dps))
    try:
        # sp.Rational parses decimal and p/q strings itself; sympify would eval them.
        return sp.Rational(v.strip()) if isinstance(v, str) else sp.Integer(v)
    except (TypeError, ValueError):
        raise VGTheoryError(f"expected a number, got {v!r}") from None


def theorem2(act: Any, *, w: Any, x: Any, depth: int, s: Any = 1, dps: int = 50,
             props: Properties | None = None, timeout: float = 1.0) -> Theorem2Result:
    """Theorem 2 with equal parameters w > 0, input x > 0, depth l and scaled activation sσ(u/s)."""
    sigma = activation(act)
    dps = _check_int(dps, "dps", 15, 5000)
    depth = _check_int(depth, "depth", 1, 100000)
    with mpmath.workdps(dps):
        for v, what in ((w, "w"), (x, "x"), (s, "s")):
            _real(v, what, positive=True)
        props = props if props is not None else check_properties(sigma, timeout=timeout * 3)
        return _theorem2(sigma, props, None, w, x, depth, s, dps, timeout)


def _theorem2(sigma: Activation, props: Properties, H: Check | None, w: Any, x: Any, depth: int, s: Any, dps: int,
              timeout: float) -> Theorem2Result:
    """theorem2 on checked inputs; ``H`` is the (H) check when the caller already has it."""
    with mpmath.workdps(dps):
        w_v, x_v, s_v = (_real(w, "w", positive=True), _real(x, "x", positive=True), _real(s, "s", positive=True))
        lin = props.linear_at_origin
        if lin.verdict == "fails":
            raise VGTheoryError(f"Theorem 2 needs property 4 (linear at the origin), which fails for {sigma.name!r}: {lin.detail}")
        if lin.value is None:
            raise VGTheoryError(f"Theorem 2: the slope a = sigma'(0) of {sigma.name!r} could not be determined")
        a_sym = lin.value
        w_sym = _exact(w)
        diff = _sym_step(lambda: sp.simplify(a_sym * w_sym - 1), timeout) if lin.method == "symbolic" else None
        a_v = _mp(a_sym)
        aw = a_v * w_v
        if diff is not None and diff.is_zero:
            regime, rmethod = "aw=1", "symbolic"
        elif diff is not None and diff.is_positive:
            regime, rmethod = "aw>1", "symbolic"
        elif diff is not None and diff.is_negative:
            regime, rmethod = "aw<1", "symbolic"
        else:
            tol = mpmath.mpf(10) ** (-(dps * 2) // 3)
            regime = "aw=1" if abs(aw - 1) < tol else ("aw>1" if aw > 1 else "aw<1")
            rmethod = "numeric"
        phi = lambda z: sigma.value(w_v * z)  # noqa: E731
        if regime == "aw>1":
            z_star = _fixed_point(phi, mpmath.mpf(1))
            rho = w_v * sigma.slope(w_v * z_star)
        else:
            z_star, rho = mpmath.mpf(0), aw
        p, beta = _onset(sigma, w_sym) if regime == "aw=1" else (None, None)
        if p is not None and not beta > 0:
            p, beta = None, None  # z_k does not decrease to 0; the polynomial rate does not apply
        s_arg = _exact(s)
        scaled = sigma if s_v == 1 else sigma.scaled(s_arg)
        run = gradient(scaled, [w_v] * depth, x_v, 0, dps=dps)
        naive = gradient(sigma.naive_scaled(s_arg), [w_v] * depth, x_v, 0, dps=dps)
        s_thr = horizon = None
        if regime == "aw=1" and p is not None:
            q = p - 1
            s_thr = x_v * (q * beta * depth / (mpmath.mpf(2) ** (mpmath.mpf(q) / p) - 1)) ** (mpmath.mpf(1) / q)
        elif regime == "aw>1":
            s_thr = x_v * aw**depth / z_star
            horizon = max(mpmath.mpf(0), mpmath.log(s_v * z_star / x_v) / mpmath.log(aw))
        H = H if H is not None else _hypothesis_H(sigma, props, timeout)
        # Small-signal check of naive scaling: at x so small that every layer is linear, the ratio
        # naive/trick is s^l up to O(x^2) (the exponent range of mpmath makes tiny x harmless).
        x_small = mpmath.mpf(10) ** -8 / max(mpmath.mpf(1), (s_v * aw) ** depth * s_v)
        small_ratio = (gradient(sigma.naive_scaled(s_arg), [w_v] * depth, x_small, 0, dps=dps).df_dw[0]
                       / gradient(scaled, [w_v] * depth, x_small, 0, dps=dps).df_dw[0])
        result = Theorem2Result(
            sigma.name, w_v, x_v, depth, s_v, a_v, aw, regime, rmethod, z_star, rho, p, beta,
            sigma.slope(w_v * x_v / s_v), s_thr, horizon, run.df_dw[0], naive.df_dw[0], small_ratio, H, (), dps,
            _activation_tex=_sigma_tex(sigma),
        )
        return _with_claims(result, run.z, phi)


def _with_claims(r: Theorem2Result, z: Sequence[mpmath.mpf], phi: Callable) -> Theorem2Result:
    """Attach the claims of Theorem 2 in r's regime, each checked against r's exact numbers."""
    claims: list[Claim] = []
    actual = r.actual_df_dw1
    bound = r.bound_df_dw1(r.depth)
    slack = 1 + mpmath.mpf(10) ** (-(r.dps // 2))
    ok_bound = actual <= bound * slack if r.bound_direction == "upper" else actual * slack >= bound
    H_ok = r.hypothesis_H.verdict
    status_H = "proved" if H_ok != "fails" else "numeric"
    upper = r.bound_direction == "upper"
    rate, rate_tex = ("rho", r"\rho") if r.regime == "aw>1" else ("(aw)", "(aw)")
    rel_tex = r"\le" if upper else r"\ge"
    claims.append(Claim(
        f"df/dw_1 {'<=' if upper else '>='} x*sigma'(wx/s)*{rate}^(l-1) = {_num(bound)}", status_H,
        "holds" if ok_bound else "fails", f"actual {_num(actual)}; proved under (H), whose check is {H_ok}",
        rf"$\partial f/\partial w_1 {rel_tex} x\,\sigma'(wx/s)\,{rate_tex}^{{l-1}} = {_tex(bound)}$",
        rf"actual ${_tex(actual)}$; proved under (H), whose check gives: {H_ok}"))
    if r.regime == "aw>1":
        res = phi(r.z_star) - r.z_star
        claims.append(Claim(f"z* = sigma(w z*) = {_num(r.z_star)}, rho = w sigma'(w z*) = {_num(r.rho)} < 1", status_H,
                            "holds" if abs(res) < mpmath.mpf(10) ** (-(r.dps // 2)) and r.rho < 1 else "fails",
                            f"residual |sigma(w z*) - z*| = {_num(abs(res), 3)}",
                            rf"$z^* = \sigma(w z^*) = {_tex(r.z_star)}$, $\rho = w\,\sigma'(w z^*) = {_tex(r.rho)} < 1$",
                            rf"residual $|\sigma(w z^*) - z^*| = {_tex(abs(res), 3)}$"))
        claims.append(Claim("the scaled chain has fixed point s*z* and the same rate rho; for fixed s the decay returns "
                            f"beyond depth log_(aw)(s z*/x) = {_num(r.depth_horizon)}", "proved", "holds",
                            "exact identity df_s/dw_1(x) = s*df/dw_1(x/s)",
                            r"the scaled chain has the fixed point $s z^*$ and the same rate $\rho$; for fixed $s$ the "
                            rf"decay returns beyond depth $\log_{{aw}}(s z^*/x) = {_tex(r.depth_horizon)}$",
                            r"exact identity $\partial f_s/\partial w_1(x) = s\,\partial f/\partial w_1(x/s)$"))
        claims.append(Claim(f"as s -> oo, df_s/dw_1 -> a^l w^(l-1) x = {_num(r.s_limit_df_dw1(r.depth))}, growing with depth "
                            "(an artifact of taking s -> oo at fixed depth)", "proved", "holds", "sigma_s(u) -> a u",
                            rf"as $s \to \infty$, $\partial f_s/\partial w_1 \to a^l w^{{l-1}} x = "
                            rf"{_tex(r.s_limit_df_dw1(r.depth))}$, growing with depth (an artifact of taking "
                            r"$s \to \infty$ at fixed depth)",
                            r"$\sigma_s(u) \to a u$"))
    elif r.regime == "aw=1":
        pred = r.predicted
        if r.p is None:
            claims.append(Claim("polynomial rate of df/dw_1", "asymptotic", "inconclusive", "no series onset found",
                                r"polynomial rate of $\partial f/\partial w_1$", "no series onset found"))
        else:
            rel = abs(actual / pred - 1)
            q = r.p - 1
            claims.append(Claim(f"df/dw_1 ~ a x (1 + {q}*beta*l*(x/s)^{q})^(-{r.p}/{q}) = {_num(pred)}",
                                "asymptotic", "holds" if rel < mpmath.mpf("0.5") else "inconclusive",
                                f"actual {_num(actual)}, relative difference {_num(rel, 3)}",
                                rf"$\partial f/\partial w_1 \sim a x\bigl(1 + {'' if q == 1 else q}\beta l "
                                rf"(x/s){'' if q == 1 else f'^{{{q}}}'}\bigr)^{{{_neg_ratio_tex(r.p, q)}}} = {_tex(pred)}$",
                                rf"actual ${_tex(actual)}$, relative difference ${_tex(rel, 3)}$"))
            claims.append(Claim(f"scaling with s >~ {_num(r.s_threshold)} keeps df/dw_1 >= half of its s -> oo limit a*x",
                                "asymptotic", "holds" if (r.s >= r.s_threshold) == (actual >= r.a * r.x / 2) else "inconclusive",
                                f"s = {_num(r.s)}: actual {_num(actual)} vs a*x/2 = {_num(r.a * r.x / 2)}",
                                rf"scaling with $s \gtrsim {_tex(r.s_threshold)}$ keeps $\partial f/\partial w_1$ at "
                                r"least half of its limit $a x$ as $s \to \infty$",
                                rf"$s = {_tex(r.s)}$: actual ${_tex(actual)}$ vs.\ $a x/2 = {_tex(r.a * r.x / 2)}$"))
    else:
        claims.append(Claim("scaling cannot remove the decay: the s -> oo limit a^l w^(l-1) x itself decays like (aw)^l",
                            "proved", "holds", f"limit {_num(r.s_limit_df_dw1(r.depth))}",
                            r"scaling cannot remove the decay: the limit $a^l w^{l-1} x$ as $s \to \infty$ itself "
                            r"decays like $(aw)^l$",
                            rf"limit ${_tex(r.s_limit_df_dw1(r.depth))}$"))
    sl = r.s**r.depth
    claims.append(Claim(f"naive scaling s*sigma(u) multiplies the small-signal gradient by s^l = {_num(sl)} "
                        "(exactly in the limit x -> 0)", "proved",
                        "holds" if abs(r.naive_small_signal_ratio / sl - 1) < mpmath.mpf(10) ** -6 else "fails",
                        f"ratio naive/trick at tiny x: {_num(r.naive_small_signal_ratio)}",
                        rf"naive scaling $s\,\sigma(u)$ multiplies the small-signal gradient by $s^l = {_tex(sl)}$ "
                        r"(exactly in the limit $x \to 0$)",
                        rf"ratio naive/trick at tiny $x$: ${_tex(r.naive_small_signal_ratio)}$"))
    return replace(r, claims=tuple(claims))


# -- the section for vgtheory.check --------------------------------------------------------------------------


@dataclass(frozen=True)
class TheoremsSection:
    """Which theorems apply to an activation, with constants at standard points and numeric confirmation."""

    activation: str
    theorem1_applies: Verdict
    theorem1_reason: str
    theorem1: Theorem1Result | None
    threshold: Threshold | None
    theorem2_applies: Verdict
    theorem2_reason: str
    theorem2: tuple[Theorem2Result, ...]
    seconds: float
    #: The reasons as LaTeX; empty: derived from the ASCII text.
    theorem1_reason_tex: str = field(default="", repr=False, compare=False)
    theorem2_reason_tex: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "theorem1": {"applies": self.theorem1_applies, "reason": self.theorem1_reason,
                         "standard_point": None if self.theorem1 is None else self.theorem1.to_dict(),
                         "threshold": None if self.threshold is None else self.threshold.to_dict()},
            "theorem2": {"applies": self.theorem2_applies, "reason": self.theorem2_reason,
                         "standard_points": [t.to_dict() for t in self.theorem2]},
            "seconds": round(self.seconds, 3),
        }

    def latex(self) -> str:
        reason1 = _sentence(_text_tex(self.theorem1_reason, self.theorem1_reason_tex))
        reason2 = _sentence(_text_tex(self.theorem2_reason, self.theorem2_reason_tex))
        parts = [rf"\paragraph{{Theorem 1 applies: {self.theorem1_applies}.}} {reason1}"]
        if self.theorem1 is not None:
            parts.append(self.theorem1.latex())
        if self.threshold is not None:
            parts.append(self.threshold.latex())
        parts.append(rf"\paragraph{{Theorem 2 applies: {self.theorem2_applies}.}} {reason2}")
        parts += [t.latex() for t in self.theorem2]
        return "\n\n".join(parts)

    def __str__(self) -> str:
        out = [f"Theorems for {self.activation}",
               f"Theorem 1 (large parameters): {self.theorem1_applies} — {self.theorem1_reason}"]
        if self.theorem1 is not None:
            out.append(str(self.theorem1))
        if self.threshold is not None:
            out.append("  " + str(self.threshold))
        out.append(f"Theorem 2 (many layers): {self.theorem2_applies} — {self.theorem2_reason}")
        out += [str(t) for t in self.theorem2]
        return "\n".join(out)


def theorems_section(act: Any, props: Properties | None = None, *, dps: int = 30) -> TheoremsSection:
    """Theorem 1 at c = 1, depth 10, j = 1 (W the larger of 10 and the hypotheses' minimum) with its
    threshold for tol = 1e-8, λ = 0.01; Theorem 2 at x = 1, w = 2 (depth 10) and w = 1/a (depth 100)."""
    start = time.monotonic()
    sigma = activation(act)
    props = _props(sigma, props, 2.0)
    t1 = thr = None
    van, lim = props.vanishing_derivative.verdict, props.positive_limit.verdict
    if "fails" in (van, lim):
        t1_applies: Verdict = "fails"
        bad = props.vanishing_derivative if van == "fails" else props.positive_limit
        t1_reason = f"property {bad.name} fails: {bad.detail or bad.value}"
        t1_tex = f"{_PROPERTY_TEX[bad.name]} fails: {_property_reason_tex(bad)}"
    else:
        t1_applies = "holds" if (van, lim) == ("holds", "holds") else "inconclusive"
        t1_reason = (f"needs differentiability and properties 2 and 3 (vanishing_derivative: {van}, positive_limit: {lim}); "
                     "property 1 is not used")
        t1_tex = (rf"Theorem 1 needs {_DIFFERENTIABLE_TEX} and properties 2 and 3 (vanishing derivative: {van}, "
                  f"positive limit: {lim}); property 1 is not used")
        try:
            with mpmath.workdps(dps):
                setup = _t1_setup(sigma, props, dps)
                W = max(mpmath.mpf(10), 2 * setup.tau0 / min(mpmath.mpf(1), setup.L / 2))
                t1 = _theorem1_at(setup, mpmath.mpf(1), W, 10, 1, mpmath.mpf(1), mpmath.mpf("0.01"))
                thr = _threshold(setup, mpmath.mpf(1), 10, 1, mpmath.mpf("1e-8"), mpmath.mpf("0.01"), mpmath.mpf(1))
        except VGTheoryError as exc:
            t1_applies, t1_reason = "inconclusive", f"{t1_reason}; {exc}"
            t1_tex = f"{t1_tex}; {checker_text(str(exc))}"
    lin = props.linear_at_origin
    t2: list[Theorem2Result] = []
    if lin.verdict == "fails":
        t2_applies: Verdict = "fails"
        t2_reason = f"the scaling statement needs property 4, which fails: {lin.detail}"
        t2_tex = f"the scaling statement needs property 4, which fails: {_property_reason_tex(lin)}"
    else:
        t2_applies = lin.verdict
        t2_reason = f"property 4 (linear at the origin): {lin.verdict}, a = {lin.value}; rates need (H)"
        a_tex = r"$a$ is not determined" if lin.value is None else f"$a = {sp.latex(lin.value)}$"
        t2_tex = f"property 4 (linear at the origin): {lin.verdict}, {a_tex}; the rates need (H)"
        try:
            H = _hypothesis_H(sigma, props, 0.4)
            t2.append(_theorem2(sigma, props, H, 2, 1, 10, 1, dps, 0.4))
            if lin.value is not None and lin.method == "symbolic":
                t2.append(_theorem2(sigma, props, H, 1 / lin.value, 1, 100, 1, dps, 0.4))
        except VGTheoryError as exc:
            t2_applies, t2_reason = "inconclusive", f"{t2_reason}; {exc}"
            t2_tex = f"{t2_tex}; {checker_text(str(exc))}"
    return TheoremsSection(sigma.name, t1_applies, t1_reason, t1, thr, t2_applies, t2_reason, tuple(t2),
                           time.monotonic() - start, t1_tex, t2_tex)


# -- table for docs/theory.md ------------------------------------------------------------------------------


def table(names: Sequence[str] = TABLE_ACTIVATIONS, dps: int = 30) -> list[dict[str, str]]:
    """a, L, B, τ₀, z* and ρ at w = 2 for each activation (property constants from vgtheory.properties)."""
    rows = []
    for name in names:
        sigma = activation(name)
        props = check_properties(sigma)
        with mpmath.workdps(dps):
            lin = props.linear_at_origin
            row = {"activation": name, "formula": str(sigma.expr),
                   "a": str(lin.value) if lin.verdict == "holds" else f"fails ({lin.witness.get('sigma(0)', '')})",
                   "L": str(props.positive_limit.value), "B": _num(_mp(props.bounded.value), 10)}
            try:
                setup = _t1_setup(sigma, props, dps)
                row["tau0"] = _num(setup.tau0, 10)
            except VGTheoryError:
                row["tau0"] = "n/a"
            if lin.verdict == "holds":
                r = theorem2(sigma, w=2, x=1, depth=10, dps=dps, props=props)
                row.update(regime=r.regime, z_star=_num(r.z_star, 10), rho=_num(r.rho, 10))
            else:
                # Without σ(0) = 0 the fixed point still exists; report it but mark that Theorem 2 does not apply.
                phi = lambda z, s=sigma: s.value(2 * z)  # noqa: E731
                zs = _fixed_point(phi, mpmath.mpf(1))
                row.update(regime="n/a (property 4 fails)", z_star=_num(zs, 10), rho=_num(2 * sigma.slope(2 * zs), 10))
            rows.append(row)
    return rows


def _markdown(rows: list[dict[str, str]]) -> str:
    cols = ["activation", "formula", "a", "L", "B", "tau0", "regime", "z_star", "rho"]
    head = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n"
    return head + "\n".join("| " + " | ".join(f"`{r[c]}`" if c == "formula" else r[c] for c in cols) + " |" for r in rows)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m vgtheory.theorems --table`` prints the docs table; ``python -m vgtheory.theorems NAME`` a section."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--table"]:
        print(_markdown(table()))
        return 0
    if len(args) == 1:
        try:
            print(theorems_section(args[0]))
        except VGTheoryError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    print("usage: python -m vgtheory.theorems (--table | ACTIVATION)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
