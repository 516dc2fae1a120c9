r"""Theorem 1 (large parameters) with explicit constants, for any activation meeting its hypotheses.

Chain model z_0 = x, z_k = σ(w_k z_{k-1}), f = z_l, pre-activations t_k = w_k z_{k-1}; h(t) = t σ'(t),
g(τ) = sup_{t ≥ τ} |h(t)|, L = lim_{t→+∞} σ(t). Hypotheses (proofs/theorem1.tex): (C1) σ is
continuously differentiable on (0, ∞); (P2+) t σ'(t) → 0 as t → +∞; (P3) L exists, is finite and
L > 0. (C1) and (P2+) make g(τ) finite. For τ₀ with σ ≥ L/2 on [τ₀, ∞), x ≥ c > 0, w_k ≥ W > 0 and
τ := W·min(c, L/2) ≥ τ₀:

    |∂f/∂w_j| ≤ (g(τ)/W) · (2 g(τ)/L)^{l−j},      |∂ℓ/∂w_j| = |ℓ'|·|∂f/∂w_j|,

and with weight decay |∂/∂w_j (ℓ + λ/2 ‖w‖²)| ≥ λW − |∂ℓ/∂w_j|. A result's ``status`` is
``proved`` only when (C1), (P2+), (P3), τ₀ and g(τ) are all sympy results; otherwise ``numeric``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import mpmath
import sympy as sp

from vgtheory.theorems._theory_util import check_int, mp, num, real, shown as _shown, sigma_tex
from vgtheory.core.dyadic import rational
from vgtheory.core.numbers import exact
from vgtheory.core.activations import Activation, BeyondRangeError, activation
from vgtheory.core.chain import gradient
from vgtheory.errors import VGTheoryError
from vgtheory.properties.evidence import tail_evidence
from vgtheory.core.budget import Deadline
from vgtheory import kernel
from vgtheory.theorems.gsup import GSup, _g_profile, _GProfile, g_sup
from vgtheory.theorems.hypotheses import (
    Check, all_symbolic, HALF_LINE, check_c1, check_c2, check_continuous, check_vanishing_at_plus_infinity,
    from_property, worst
)
from vgtheory.core.slots import earned_slot, num_slot, text_slot, witness_slot
from vgtheory.properties.four import Method, Properties, Verdict, check_properties
from vgtheory.core.serial import serialized
from vgtheory.theorems.tau0 import TAU0_STEP, ExactTau0, exact_tau0, tau0 as _tau0

__all__ = ["GSup", "Theorem1Result", "Threshold", "g_sup", "theorem1", "theorem1_threshold"]  # GSup, g_sup: from gsup


def _props(act: Activation, props: Properties | None, timeout: float) -> Properties:
    return props if props is not None else check_properties(act, timeout=timeout)


def _property_tex(result: Check) -> str:
    """The evidence of a hypothesis as LaTeX: 'witness: $\\lim_{z\\to+\\infty} z\\,\\sigma'(z) = 0$, ...'."""
    witness = witness_slot(result.witness) if result.witness else ""
    out = f"witness: {witness}" if witness else text_slot(result.detail)
    if result.precision:
        out += f" ({text_slot(result.precision)})"
    return out


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
    note: Check | None = None
    tau0_exact: ExactTau0 | None = None
    L_exact: sp.Expr | None = None

    def bound(self, W: mpmath.mpf, c: mpmath.mpf, depth: int, j: int) -> tuple[mpmath.mpf, GSup]:
        """(g(τ)/W)·(2g(τ)/L)^{l−j} with τ = W·min(c, L/2)."""
        tau = W * min(c, self.L / 2)
        g = self.profile.at(tau, self.dps)
        return (g.value / W) * (2 * g.value / self.L) ** (depth - j), g


def _t1_setup(act: Activation, props: Properties | None, dps: int, timeout: float = 2.0) -> _T1Setup:
    props = _props(act, props, timeout)
    p2 = check_vanishing_at_plus_infinity(act, props)
    lim, bnd = props.positive_limit, props.bounded
    if p2.verdict == "fails":
        raise VGTheoryError(f"Theorem 1 does not apply to {act.name!r}: property 2 at +oo fails ({p2.detail})")
    if lim.verdict == "fails":
        raise VGTheoryError(f"Theorem 1 does not apply to {act.name!r}: property 'positive_limit' fails ({lim.detail or lim.value})")
    if lim.value is None or not mp(lim.value) > 0:
        raise VGTheoryError(f"Theorem 1 does not apply to {act.name!r}: no positive limit L was found")
    c1 = check_c1(act)
    if c1.verdict == "fails":
        raise VGTheoryError(f"Theorem 1 does not apply to {act.name!r}: sigma is not C^1 on (0, oo) ({c1.detail})")
    cont = c1 if c1.proved else check_continuous(act)
    a0 = props.linear_at_origin.value if props.linear_at_origin.verdict == "holds" else None
    exact = exact_tau0(act, lim, cont, dps)
    tau0, m0, d0, d0_tex = _tau0(act, lim, cont, dps, exact)
    c2 = check_c2(act, HALF_LINE) if act.is_symbolic and c1.proved and p2.proved else None
    profile = _g_profile(act, dps, lim.value, a0, exact=c2 is not None and c2.proved, tail_proved=p2.proved,
                         premises=(p2, c2) if c2 is not None else ())
    if profile.critical is None:
        # Property 2's own tail record when it has one (numeric verdicts), else the same seeded samples.
        ev = props.vanishing_derivative.evidence
        profile = replace(profile, evidence=ev if getattr(ev, "dps", None) == dps else tail_evidence(act, 1, dps))
    L_check = from_property(lim, "property 3: L = lim sigma > 0", r"property 3: $L = \lim_{t\to+\infty} \sigma(t) > 0$")
    checks = (
        replace(c1, tex=_C1_TEX),
        replace(p2, tex=r"property 2 at $+\infty$: $t\,\sigma'(t) \to 0$ as $t \to +\infty$",
                detail_tex=_property_tex(p2)),
        replace(L_check, detail_tex=f"$L = {sp.latex(lim.value)}$"),
    )
    note = from_property(bnd, "property 1 (not needed: sigma is bounded on [tau, oo) by property 3)",
                         r"property 1 (not needed: $\sigma$ is bounded on $[\tau, \infty)$ by property 3)")
    return _T1Setup(act, mp(lim.value), tau0, m0, d0, profile, checks, dps, d0_tex, replace(note, detail_tex=_property_tex(note)),
                    exact, lim.value if exact is not None else None)


def _kernel_label(method: str, claim: str, checks: tuple[Check, ...], facts: tuple[kernel.Fact, ...] = ()) -> tuple[str, Any]:
    """A symbolic τ₀ or g(τ) (sympy solveset on the proved hypotheses, and ``facts``) as a kernel certificate."""
    certs = [c.certificate for c in checks if c.proved] + [f.certificate for f in facts]
    if method != "symbolic" or not certs:
        return ("numeric" if method == "symbolic" else method), None
    return method, kernel.conclude(claim, certs, "sympy solveset on the proved hypotheses", trusts=("solveset",))


def _tau_vs_tau0(setup: _T1Setup, W: sp.Expr, c: sp.Expr) -> tuple[kernel.Fact, ...] | None:
    """sign(W·c − τ₀) and sign(W·L/2 − τ₀), exactly, for W and c the exact numbers the claim is about (the user's, not
    their roundings at the working precision: a 61-digit W below log 3 rounded above it, R71a-4): τ = W·min(c, L/2)
    ≥ τ₀ when both are ≥ 0. A comparison of rounded numbers took τ = 1 + 2.5·10^-21 for ≥ τ₀ = 1 + 10^-20 (R10a-2).
    None when τ₀ is not exact or a sign is undecided (W or c nan: no exact reading)."""
    if setup.tau0_exact is None or setup.L_exact is None:
        return None
    run = Deadline(TAU0_STEP).run
    out = tuple(kernel.compare(W * m, setup.tau0_exact.root, run) for m in (c, setup.L_exact / 2))
    return None if any(f is None for f in out) else out


_C1_TEX = r"$\sigma$ continuously differentiable on $(0, \infty)$"


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

    notes: tuple[Check, ...] = ()

    @property
    def verdict(self) -> Verdict:
        """'holds' if every hypothesis holds and the numbers agree; 'inconclusive' if one is undecided."""
        return worst(self.hypotheses + (self.confirmation,))

    @property
    def status(self) -> str:
        """'proved' when every hypothesis, τ₀ and g(τ) are sympy results (the bound is then a theorem
        for this σ); 'numeric' otherwise (the bound rests on evidence)."""
        return "proved" if all_symbolic(self.hypotheses) else "numeric"

    @property
    def unproved(self) -> tuple[str, ...]:
        """The hypotheses that are not ``holds (symbolic)`` (why the status is not 'proved')."""
        return tuple(h.name for h in self.hypotheses if not h.proved)

    def to_dict(self) -> dict[str, Any]:
        return {
            "theorem": 1, "activation": self.activation, "c": num(self.c), "W": num(self.W),
            "depth": self.depth, "j": self.j, "residual": num(self.residual),
            "lambda": num(self.lam), "L": num(self.L, 20), "tau0": num(self.tau0, 20), "tau": num(self.tau, 20),
            "g": self.g.to_dict(), "bound_df": self.n(self.bound_df, 20, True), "bound_loss": self.n(self.bound_loss, 20, True),
            "reg_lower": self.n(self.reg_lower, 20, False), "actual_df": self.n(self.actual_df, 20),
            "actual_loss": self.n(self.actual_loss, 20), "actual_reg": self.n(self.actual_reg, 20),
            "hypotheses": [h.to_dict() for h in self.hypotheses], "confirmation": self.confirmation.to_dict(),
            "notes": [n.to_dict() for n in self.notes], "verdict": self.verdict, "status": self.status,
            "dps": self.dps,
        }

    @property
    def activation_tex(self) -> str:
        return self._activation_tex

    def __str__(self) -> str:
        lines = [
            f"Theorem 1 for {self.activation}: c = {num(self.c)}, W = {num(self.W)}, depth {self.depth}, j = {self.j}  "
            f"[bound {self.status}; numbers: {self.confirmation.verdict}]",
            f"  L = {num(self.L)}, tau0 = {num(self.tau0)}, tau = W*min(c, L/2) = {num(self.tau)}",
            f"  g(tau) = {self.n(self.g.value)} ({self.g.method})",
            f"  |df/dw_j| <= (g/W)(2g/L)^(l-j) = {self.n(self.bound_df, up=True)}; actual {self.n(self.actual_df)}",
            f"  |dl/dw_j| <= {num(self.residual)} * bound = {self.n(self.bound_loss, up=True)}; actual {self.n(self.actual_loss)}",
        ]
        if self.lam is not None:
            lines.append(f"  regularized >= lam*W - bound = {self.n(self.reg_lower, up=False)}; actual {self.n(self.actual_reg)}")
        lines += [f"  {h}" for h in self.hypotheses + self.notes] + [f"  {self.confirmation}"]
        if self.status != "proved":
            lines.append(f"  not proved for this sigma: {', '.join(self.unproved)} not holds (symbolic)")
        return "\n".join(lines)

    _activation_tex: str = field(default="", repr=False, compare=False)
    #: Significant digits of the numbers shown: None (as asked) for an mpmath σ, or a float64 callable's (its gradient's
    #: and g's, R25a-3).
    shown_digits: int | None = None

    def n(self, v: Any, digits: int = 12, up: bool | None = None) -> str:
        """A number of this result as text, to ``digits`` significant digits, at most :attr:`shown_digits` (a bound's
        rounded outward with ``up``: R71b-8)."""
        return _shown(v, digits, self.shown_digits, up)


def _exactly(v: Any) -> sp.Expr:
    """The user's number exactly (:func:`vgtheory.core.numbers.exact`); nan, which no comparison decides, where it has
    no exact reading (never its rounding, R71a-4)."""
    try:
        out = exact(v)
    except (TypeError, ValueError, ZeroDivisionError):
        return sp.nan
    return out if out.is_number else sp.nan


def _t1_inputs(c: Any, W: Any, depth: Any, j: Any, residual: Any, lam: Any) -> tuple:
    depth = check_int(depth, "depth", 1, 100000)
    j = check_int(j, "j", 1, depth)
    return (real(c, "c", positive=True), None if W is None else real(W, "W", positive=True), depth, j,
            real(residual, "residual", positive=False), None if lam is None else real(lam, "lambda", positive=True))


@serialized
def theorem1(act: Any, *, c: Any, W: Any, depth: int, j: int = 1, residual: Any = 1, lam: Any = None,
             dps: int = 50, props: Properties | None = None) -> Theorem1Result:
    """Theorem 1 at (c, W, depth, j): |∂f/∂w_j| ≤ (g(τ)/W)(2g(τ)/L)^{l−j}, τ = W·min(c, L/2).

    Raises VGTheoryError if a hypothesis fails, including τ < τ₀ (W too small).
    """
    sigma = activation(act)
    dps = check_int(dps, "dps", 15, 5000)
    with mpmath.workdps(dps):
        c_v, W_v, depth, j, res, lam_v = _t1_inputs(c, W, depth, j, residual, lam)
        res = abs(res)
        setup = _t1_setup(sigma, props, dps)
        return _theorem1_at(setup, c_v, W_v, depth, j, res, lam_v, (_exactly(c), _exactly(W)))


def _theorem1_at(setup: _T1Setup, c: mpmath.mpf, W: mpmath.mpf, depth: int, j: int, res: mpmath.mpf,
                 lam: mpmath.mpf | None, exact_cW: tuple[sp.Expr, sp.Expr] | None = None) -> Theorem1Result:
    """Theorem 1 at (c, W), the exact numbers ``exact_cW`` (default: c and W's binary values) read as mpf c and W."""
    tau = W * min(c, setup.L / 2)
    c_q, W_q = exact_cW or (rational(c), rational(W))
    order = _tau_vs_tau0(setup, W_q, c_q)
    if tau < setup.tau0 or (order is not None and min(f.value for f in order) < 0):
        digits = 12 if num(tau) != num(setup.tau0) else setup.dps  # all of them when 12 do not tell tau and tau0 apart
        raise VGTheoryError(
            f"W = {num(W, digits)} is too small for Theorem 1 with {setup.act.name!r}: need W*min(c, L/2) >= tau0 = "
            f"{num(setup.tau0, digits)}, i.e. W >= {num(setup.tau0 / min(c, setup.L / 2), digits)}")
    bound_df, g = setup.bound(W, c, depth, j)
    tau_method, tau_cert = _kernel_label(setup.tau0_method if order is not None else "numeric", "sigma(t) >= L/2 for t >= tau0",
                                         setup.checks, setup.tau0_exact.facts + order if order is not None else ())
    tau_check = Check("sigma(t) >= L/2 for t >= tau", "holds", tau_method,
                      f"tau = {num(tau)} >= tau0 = {num(setup.tau0)}; {setup.tau0_detail}",
                      r"$\sigma(t) \ge L/2$ for $t \ge \tau$",
                      rf"$\tau = {num_slot(tau)} \ge \tau_0 = {num_slot(setup.tau0)}$; "
                      + (setup.tau0_detail_tex or text_slot(setup.tau0_detail)), certificate=tau_cert)
    g_verdict: Verdict = "fails" if mpmath.isinf(g.value) else "holds"
    g_method, g_cert = _kernel_label(g.method, f"g(tau) {'= oo' if g_verdict == 'fails' else 'is finite'}", setup.checks)
    g_check = Check("g(tau) = sup_{t >= tau} |t*sigma'(t)| is finite", g_verdict, g_method, g.detail,
                    r"$g(\tau) = \sup_{t \ge \tau} |t\,\sigma'(t)|$ is finite", g.detail_tex, certificate=g_cert)
    try:
        chain = gradient(setup.act, [W] * depth, c, 0, dps=setup.dps)
        chain = gradient(setup.act, [W] * depth, c, chain.output - res, dps=setup.dps)  # so that ℓ' = residual
        earned = chain.digits
    except BeyondRangeError:  # sigma' past mpmath's range on the chain (tanh(sinh(sinh z)) at 10, R71b-3): no digit
        chain, earned = None, 0
    # a float64 callable's numbers to the digits its gradient and g earned (12 were printed where 9 held, R25a-3)
    shown = None if setup.act.precision == "mpmath" else min(12, earned, 12 if g.shown_digits is None else g.shown_digits)
    # no digit of the gradient earned: no number to print or compare (Theorem 2 printed such a 0.0, R36a-2)
    actual_df = abs(chain.df_dw[j - 1]) if earned else mpmath.nan
    actual_loss = abs(chain.dloss_dw[j - 1]) if earned else mpmath.nan
    bound_loss = res * bound_df
    # The bound is attained (l = 1, w = W, x = c <= L/2), so allow rounding at the working precision.
    eps = mpmath.mpf(10) ** (10 - setup.dps)
    ok = actual_df <= bound_df * (1 + eps)
    n = (lambda v: "undetermined" if mpmath.isnan(v) else _shown(v, 12, shown))  # noqa: E731
    detail = f"|df/dw_{j}| = {n(actual_df)} at w_k = W, x = c ({setup.dps} digits, chain.gradient) vs bound {_shown(bound_df, 12, shown, True)}"
    detail_tex = (rf"$|\partial f/\partial w_{{{j}}}| = {earned_slot(actual_df)}$ at $w_k = W$, $x = c$ ({setup.dps} digits, "
                  rf"\texttt{{chain.gradient}}) vs.\ the bound ${earned_slot(bound_df, None, 6, True)}$")
    reg_lower = actual_reg = None
    if lam is not None:
        reg_lower = lam * W - bound_loss
        actual_reg = abs(chain.regularized(lam)[j - 1]) if earned else mpmath.nan
        ok = ok and actual_reg >= reg_lower - eps * abs(reg_lower)
        detail += f"; regularized {n(actual_reg)} >= {_shown(reg_lower, 12, shown, False)}"
        detail_tex += rf"; with weight decay ${earned_slot(actual_reg)} \ge {earned_slot(reg_lower, None, 6, False)}$"
    # no digit of g or of the gradient earned (a float64 callable beyond its resolution): the comparison says nothing
    verdict = "inconclusive" if shown == 0 or not earned else "holds" if ok else "fails"
    confirmation = Check("numeric confirmation", verdict, "numeric", detail, "numeric confirmation", detail_tex)
    return Theorem1Result(
        setup.act.name, c, W, depth, j, res, lam, setup.L, setup.tau0, tau, g, bound_df, bound_loss, reg_lower,
        actual_df, actual_loss, actual_reg, setup.checks + (tau_check, g_check), confirmation, setup.dps,
        notes=() if setup.note is None else (setup.note,), _activation_tex=sigma_tex(setup.act),
        shown_digits=shown,
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
            "activation": self.activation, "c": num(self.c), "depth": self.depth, "j": self.j, "tol": num(self.tol),
            "lambda": num(self.lam), "residual": num(self.residual), "W_star": num(self.W_star, 15),
            "W_min": num(self.W_min, 15), "bound_loss_at_W_star": num(self.bound_loss, 15),
            "method": self.method, "detail": self.detail, "dps": self.dps,
        }

    def __str__(self) -> str:
        return (f"W* = {num(self.W_star)} for {self.activation} (c = {num(self.c)}, depth {self.depth}, j = {self.j}, "
                f"tol = {num(self.tol)}, lam = {num(self.lam)}): bound {num(self.bound_loss)} [{self.method}] {self.detail}")


@serialized
def theorem1_threshold(act: Any, *, c: Any, depth: int, tol: Any, lam: Any, j: int = 1, residual: Any = 1,
                       dps: int = 50, props: Properties | None = None) -> Threshold:
    """The least W* (to relative 1e-6, rounded up) with: τ(W) ≥ τ₀, U(W) < tol and U(W) < λW/2 for all W ≥ W*.

    U(W) = |ℓ'|·(g(τ)/W)(2g(τ)/L)^{l−j} is nonincreasing in W (g is), λW/2 increasing, so the
    condition is monotone and bisection finds its boundary.
    """
    sigma = activation(act)
    dps = check_int(dps, "dps", 15, 5000)
    with mpmath.workdps(dps):
        c_v, _, depth, j, res, lam_v = _t1_inputs(c, None, depth, j, residual, lam)
        tol_v = real(tol, "tol", positive=True)
        if lam_v is None:
            raise VGTheoryError("lam (weight decay) must be a positive number")
        return _threshold(_t1_setup(sigma, props, dps), c_v, depth, j, tol_v, lam_v, abs(res), _exactly(c))


def _threshold(setup: _T1Setup, c: mpmath.mpf, depth: int, j: int, tol: mpmath.mpf, lam: mpmath.mpf,
               res: mpmath.mpf, c_exact: sp.Expr | None = None) -> Threshold:
    """W* at c (the exact number ``c_exact``; default: c's binary value)."""
    # A relative margin over rounding: tau(W_min) must pass _tau_vs_tau0's exact test when tau0 is exact.
    W_min = max(setup.tau0 / min(c, setup.L / 2) * (1 + mpmath.mpf(10) ** (5 - setup.dps)), mpmath.mpf(10) ** -6)
    searched: dict[mpmath.mpf, tuple[mpmath.mpf, GSup]] = {}

    def bound(W: mpmath.mpf) -> tuple[mpmath.mpf, GSup]:
        if W not in searched:
            searched[W] = setup.bound(W, c, depth, j)
        return searched[W]

    def ok(W: mpmath.mpf) -> bool:
        if _fails_at_lower_bound(setup, W, c, depth, j, tol, lam, res):
            return False  # the g-search could only make U larger: ok(W) is False whatever it finds
        U = res * bound(W)[0]
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
    U, g = bound(W_star)
    order = _tau_vs_tau0(setup, rational(W_star), rational(c) if c_exact is None else c_exact)  # W_min comes from an mpf tau0: W* must pass the exact test
    exact_tau = setup.tau0_method == "symbolic" and order is not None and min(f.value for f in order) >= 0
    method: Method = "symbolic" if g.method == "symbolic" and exact_tau and all_symbolic(setup.checks) else "numeric"
    return Threshold(setup.act.name, c, depth, j, tol, lam, res, W_star, W_min, res * U, method,
                     f"g: {g.method}, tau0: {setup.tau0_method}; bisection on the monotone bound", setup.dps,
                     rf"$g$: {g.method}, $\tau_0$: {setup.tau0_method}; bisection on the monotone bound")



def _fails_at_lower_bound(setup: _T1Setup, W: mpmath.mpf, c: mpmath.mpf, depth: int, j: int, tol: mpmath.mpf,
                          lam: mpmath.mpf, res: mpmath.mpf) -> bool:
    """Whether ``ok(W)`` of :func:`_threshold` is False already at g's lower bound |h(τ)|.

    Every g-search answer is at least |h(τ)|: the exact one is a max over τ and the critical points
    beyond it, and the numeric one (``gsup._g_numeric``) starts from the grid point t = τ and only
    ever raises its maximum. The bound U = (g/W)(2g/L)^{l−j} increases with g, so U(|h(τ)|) ≥ tol
    or ≥ λW/2 (with a relative margin 10^{−dps/2} for rounding) means the search would answer
    "not ok" too: the bisection visits the same points and ends at the same W*, without
    searching where the answer is known. Used only for the numeric search (the exact one is cheap).
    """
    if setup.profile.critical is not None:
        return False
    tau = W * min(c, setup.L / 2)  # as in _T1Setup.bound, at the caller's precision
    with mpmath.workdps(setup.dps):  # h(τ) as the search evaluates it
        v = abs(setup.profile.h(tau))
        if mpmath.isnan(v):
            return False
        U = res * (v / W) * (2 * v / setup.L) ** (depth - j)
        margin = 1 + mpmath.mpf(10) ** (-(setup.dps // 2))
        return bool(U >= tol * margin or U >= lam * W / 2 * margin)
