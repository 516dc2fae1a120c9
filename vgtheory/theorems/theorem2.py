r"""Theorem 2 (many layers, equal parameters w > 0, input x > 0) and the scaling trick.

φ(z) = σ(wz), ∂f/∂w_1 = x σ'(wx) ∏_{k=2}^{l} φ'(z_{k-1}) (proofs/theorem2.tex, Lemma "product form").
Hypothesis (H) (:func:`vgtheory.theorems.hypotheses.hypothesis_H`): σ(0) = 0, a = σ'(0) > 0, σ bounded,
increasing and concave on [0, ∞). Proved under (H): for every aw, ∂f/∂w_1 ≤ x σ'(wx) (aw)^{l−1}
(a decay only when aw < 1); for aw > 1 a unique fixed point z* = σ(wz*) > 0, ρ = wσ'(wz*) < 1 and
∂f/∂w_1 ≤ x σ'(wx) ρ^{l−1} if x ≥ z* (≥ if x ≤ z*); with σ ∈ C² near wz* also ∂f/∂w_1 = Cρ^l(1+o(1));
for aw = 1, if φ(z) = σ(wz) = z − βz^p + O(z^{p+1}) with β > 0 and σ ∈ C^{p+1} on [0, 1]: the
exponent, ∂f/∂w_1 = C(x)·l^{−p/(p−1)}(1 + o(1)) with C(x) ∈ (0, ∞) (proofs/theorem2.tex).
Heuristic, labelled asymptotic (never a bound at finite depth): the constant
C(x) ≈ a x^{1−p}((p−1)β)^{−p/(p−1)} (right only as x/s → 0), the s-threshold built on it and the
two-phase picture with scaling. Exact for every σ: ∂f_s/∂w_1(x) = s·∂f/∂w_1(x/s).

A claim is labelled ``proved`` only when every hypothesis it rests on is ``holds (symbolic)``;
otherwise ``numeric`` (it may still hold: the numbers computed here say whether they agree).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

import mpmath
import sympy as sp

from vgtheory.theorems._theory_util import T, check_int, mp, num, real, shown as _shown, sigma_tex
from vgtheory.core.activations import Activation, Z, activation
from vgtheory.core.claims import claim_text, short
from vgtheory.core.budget import TIMEOUT_NOTE, watch
from vgtheory.core.chain import gradient
from vgtheory.core.input_limits import GRADIENT_DPS
from vgtheory.core.numbers import exact
from vgtheory.errors import VGTheoryError
from vgtheory import kernel
from vgtheory.properties import smoothness
from vgtheory.theorems.hypotheses import Check, check_c1, check_c2, hypothesis_H
from vgtheory.properties.limits import proved_limit
from vgtheory.properties.four import Method, Properties, check_properties
from vgtheory.theorems.theorem2_claims import Claim, _with_claims
from vgtheory.theorems.theorem2_fixed_point import fixed_point, rate
from vgtheory.core.serial import serialized

__all__ = ["Claim", "Theorem2Result", "theorem2", "fixed_point"]

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
    #: How z* was verified (residual and sign change), for aw > 1.
    fixed_point_certificate: str = ""
    #: σ ∈ C² on [wz*/2, 2wz*]: what the exact rate Cρ^l(1 + o(1)) rests on (aw > 1).
    smooth_near_fixed_point: Check | None = None
    #: Property 4 and σ ∈ C¹ on [−1, 1]: what the s → ∞ and small-signal statements rest on.
    near_zero: Check | None = None
    #: σ ∈ C^{p+1} on [0, 1] with the exact onset φ(z) = z − βz^p + O(z^{p+1}), β > 0 (aw = 1):
    #: what the exponent −p/(p−1) rests on besides (H).
    onset: Check | None = None
    #: ∂f/∂w_1 at depth 2l (aw = 1), for the local log-log slope between l and 2l.
    df_dw1_double_depth: mpmath.mpf | None = None

    def predicted_df_dw1(self, depth: int) -> mpmath.mpf:
        """The theorem's prediction of ∂f/∂w_1 at this depth (same w, x, s); see ``prediction_kind``."""
        with mpmath.workdps(self.dps + _guard(depth)):
            l = mpmath.mpf(depth)
            xs = self.x / self.s
            if self.regime == "aw<1":
                return self.x * self.sigma_w_slope * self.aw ** (l - 1)
            if self.regime == "aw=1":
                if self.p is None:
                    return mpmath.nan
                q = self.p - 1
                return self.a * self.x * (1 + q * self.beta * l * xs**q) ** (-mpmath.mpf(self.p) / q)
            if self.from_above:
                return self.x * self.sigma_w_slope * self.rho ** (l - 1)
            # Two phases: linear growth while (aw)^k x/s < z*, then contraction at rate ρ.
            l0 = min(l, max(mpmath.mpf(0), mpmath.floor(self.depth_horizon)))
            return self.a**l0 * self.w ** (l0 - 1) * self.x * self.rho ** (l - l0) if l0 >= 1 else self.x * self.sigma_w_slope * self.rho ** (l - 1)

    @property
    def prediction_kind(self) -> str:
        how = "proved: (H) holds (symbolic)" if self.hypothesis_H.proved else "a theorem under (H), which is not proved here"
        if self.regime == "aw<1":
            return f"upper bound x*sigma'(wx/s)*(aw)^(l-1) ({how})"
        if self.regime == "aw=1":
            return ("heuristic a*x*(1 + (p-1)*beta*l*(x/s)^(p-1))^(-p/(p-1)): the exponent -p/(p-1) is a theorem, "
                    "the constant is right only as x/s -> 0")
        if self.from_above:
            return f"upper bound x*sigma'(wx/s)*rho^(l-1), x/s >= z* ({how})"
        return "asymptotic two-phase: a^l w^(l-1) x up to l0 = log_{aw}(s z*/x), then rate rho"

    @property
    def prediction_kind_tex(self) -> str:
        """``prediction_kind`` as LaTeX."""
        how = "proved: (H) holds (symbolic)" if self.hypothesis_H.proved else "a theorem under (H), which is not proved here"
        if self.regime == "aw<1":
            return rf"upper bound $x\,\sigma'(wx/s)\,(aw)^{{l-1}}$ ({how})"
        if self.regime == "aw=1":
            return (r"heuristic $a x\bigl(1 + (p-1)\beta l (x/s)^{p-1}\bigr)^{-p/(p-1)}$: the exponent $-p/(p-1)$ is a "
                    r"theorem, the constant is right only as $x/s \to 0$")
        if self.from_above:
            return rf"upper bound $x\,\sigma'(wx/s)\,\rho^{{l-1}}$, as $x/s \ge z^*$ ({how})"
        return (r"asymptotic, two phases: $a^l w^{l-1} x$ up to $l_0 = \log_{aw}(s z^*/x)$, "
                r"then the rate $\rho$")

    def bound_df_dw1(self, depth: int) -> mpmath.mpf:
        """The proved one-sided bound x σ'(wx/s) r^{l−1} (r = aw or ρ); direction in ``bound_direction``. The power
        at log10(l) + 5 more digits, from r known to them: at l = 10^5 and 15 digits an upper bound was printed 4
        units of its last digit below the value it bounds (R26b-3)."""
        with mpmath.workdps(self.dps + _guard(depth)):
            r = self.rho if self.regime == "aw>1" else self.aw
            return self.x * self.sigma_w_slope * r ** (depth - 1)

    @property
    def from_above(self) -> bool:
        """x/s ≥ z*: as decided where z* was verified (aw > 1: :func:`~vgtheory.theorems.theorem2_fixed_point.rate`, at as many digits as it took), else
        compared at the result's own digits (at the caller's 15, x/s and z* 10^-32 apart compared equal and the
        proved bound's direction flipped, R24a-4)."""
        if self.x_above_fixed_point is not None:
            return self.x_above_fixed_point
        with mpmath.workdps(self.dps):
            return self.x / self.s >= self.z_star

    @property
    def bound_direction(self) -> str:
        return "lower" if self.regime == "aw>1" and not self.from_above else "upper"

    def s_limit_df_dw1(self, depth: int) -> mpmath.mpf:
        """lim_{s→∞} ∂f_s/∂w_1 = a^l w^{l−1} x (the linear chain); its depth factor is an artifact."""
        with mpmath.workdps(self.dps):
            return self.a**depth * self.w ** (depth - 1) * self.x

    @property
    def predicted(self) -> mpmath.mpf:
        return self.predicted_df_dw1(self.depth)

    def to_dict(self) -> dict[str, Any]:
        return {
            "theorem": 2, "activation": self.activation, "w": num(self.w), "x": num(self.x), "depth": self.depth,
            "s": num(self.s), "a": self.n(self.a, 20), "aw": self.n(self.aw, 20), "regime": self.regime,
            "regime_method": self.regime_method, "z_star": self.n(self.z_star, 20), "rho": self.nr(self.rho, 20), "rho_digits": self.rho_digits,
            "p": self.p, "beta": self.n(self.beta, 20), "s_threshold": self.n(self.s_threshold, 15),
            "depth_horizon": self.n(self.depth_horizon, 15), "actual_df_dw1": self.ng(self.actual_df_dw1, 20),
            "predicted_df_dw1": self.nr(self.predicted, 20), "prediction_kind": self.prediction_kind,
            "bound_df_dw1": self.nr(self.bound_df_dw1(self.depth), 20), "bound_direction": self.bound_direction,
            "s_limit_df_dw1": self.n(self.s_limit_df_dw1(self.depth), 20), "naive_df_dw1": self.ng(self.naive_df_dw1, 20),
            "naive_small_signal_ratio": self.n(self.naive_small_signal_ratio, 20),
            "hypothesis_H": self.hypothesis_H.to_dict(), "fixed_point_certificate": self.fixed_point_certificate,
            "smooth_near_fixed_point": None if self.smooth_near_fixed_point is None else self.smooth_near_fixed_point.to_dict(),
            "near_zero": None if self.near_zero is None else self.near_zero.to_dict(),
            "onset": None if self.onset is None else self.onset.to_dict(),
            "df_dw1_double_depth": self.ng(self.df_dw1_double_depth, 20),
            "claims": [c.to_dict() for c in self.claims], "dps": self.dps,
        }

    def __str__(self) -> str:
        lines = [
            f"Theorem 2 for {self.activation}: w = {num(self.w)}, x = {num(self.x)}, depth {self.depth}, s = {num(self.s)}",
            f"  a = {self.n(self.a)}, aw = {near_one(self.aw, exact=self.regime_method == 'symbolic') or self.n(self.aw)} -> regime {self.regime} ({self.regime_method})",
            f"  z* = {self.n(self.z_star)}, rho = w*sigma'(w z*) = {self.rho_text()}"
            + (f", p = {self.p}, beta = {self.n(self.beta)}" if self.p else ""),
            f"  df/dw_1: actual {self.ng(self.actual_df_dw1)}, predicted {self.nr(self.predicted)} ({self.prediction_kind})",
            f"  s -> oo limit a^l w^(l-1) x = {self.n(self.s_limit_df_dw1(self.depth))}; naive s*sigma(u): {self.ng(self.naive_df_dw1)}",
            f"  s threshold: {self.n(self.s_threshold)}; depth horizon log_(aw)(s z*/x): {self._horizon_text()}",
            f"  {self.hypothesis_H}",
        ] + [f"  {c}" for c in (self.smooth_near_fixed_point, self.onset, self.near_zero) if c is not None] + [f"  {c}" for c in self.claims]
        return "\n".join(lines)

    def _horizon_text(self) -> str:
        h = self.depth_horizon
        if h is None or h >= 0:
            return self.n(h)
        return f"none ({self.n(h)} < 0: x/s >= z*, the contraction acts from the first layer)"

    _activation_tex: str = field(default="", repr=False, compare=False)
    #: x/s > z*, decided against z*'s verified digits (aw > 1); None: not decided there.
    x_above_fixed_point: bool | None = None
    #: Significant digits of the numbers shown: None (as asked) for an mpmath σ; for a float64 callable those its
    #: gradient earned (its slopes are difference quotients: 12 digits of rho were printed where 10 held, R25a-3).
    shown_digits: int | None = None
    #: Significant digits of rho (and of what is computed from it) where z*'s verified digits fix fewer than 12:
    #: σ'(w z*) at, or near, a zero of σ' (R31a-3); 0: not one digit. None: as :attr:`shown_digits`.
    rho_digits: int | None = None
    #: Significant digits the exact chains earned for the gradients shown (actual, naive, depth 2l); 0: not one
    #: (a raw 0.0 was printed as the actual df/dw_1 = 3.6e-35547, R36a-2). None: as :attr:`shown_digits`.
    gradient_digits: int | None = None

    def n(self, v: Any, digits: int = 12) -> str:
        """A number of this result as text, to ``digits`` significant digits, at most :attr:`shown_digits`."""
        return _shown(v, digits, self.shown_digits)

    def ng(self, v: Any, digits: int = 12) -> str:
        """A gradient of the chain as text: at most :attr:`gradient_digits` significant digits as well."""
        earned = [d for d in (self.shown_digits, self.gradient_digits) if d is not None]
        return _shown(v, digits, min(earned) if earned else None)

    def nr(self, v: Any, digits: int = 12, up: bool | None = None) -> str:
        """A number computed from rho as text: at most :attr:`rho_digits` significant digits as well (a bound's text
        rounded outward with ``up``)."""
        earned = [d for d in (self.shown_digits, self.rho_digits) if d is not None]
        return _shown(v, digits, min(earned) if earned else None, up)

    def rho_text(self) -> str:
        """rho as :meth:`nr` writes it, or "1 - d" where it is within 10^-6 of 1: at aw = 1 + 10^-16, rho = 1 - 2.0e-16
        (it read "rho = 1.0 < 1"). d = 1 − rho is formed exactly from rho's own bits (at the caller's 15 digits it
        was 0, R64a-4) and shown to the digits rho's precision leaves it, else only bounded ("1 - d, 0 < d < 1e-12")."""
        if not isinstance(self.rho, mpmath.mpf) or not 0 < 1 - self.rho < mpmath.mpf(10) ** -6:
            return self.nr(self.rho)
        return near_one(self.rho, self.rho_digits) or f"1 - d, 0 < d < {_shown(mpmath.mpf(10) ** -6, 1, None)}"


def near_one(v: mpmath.mpf, digits: int | None = None, exact: bool = False) -> str | None:
    """v within 10^-6 of 1 as "1 - d" or "1 + d", d = |1 − v| formed exactly from v's own bits and shown to the digits
    v's precision leaves it (at most 3, and ``digits``); None where v is not that close or leaves fewer than 2. The
    logarithm and the text are taken at 20 digits: at 3.3 million bits log10 ran past 50 s (R68a-10), and nstr of a
    5000-digit number met Python's int-to-str limit (R68a-11)."""
    if not isinstance(v, mpmath.mpf) or not 0 < abs(1 - v) < mpmath.mpf(10) ** -6:
        return None
    bits = int(v.man).bit_length()  # the precision v was computed at (fewer where its last bits are 0)
    with mpmath.workprec(bits + abs(int(v.exp)) + 64):
        gap = 1 - v  # exact: v's mantissa fits
    if exact:  # v = 1 + (a w - 1) formed from the exact gap: 1 - 2^-60 has 60 bits, all of them right (R69a-1)
        bits = max(bits, 64 - int(gap.exp))
    with mpmath.workdps(20):
        gap = +gap
        left = int(bits * 0.30103) - 3 + int(mpmath.floor(mpmath.log10(abs(gap))))
        if left >= 2 and (digits is None or digits >= 3):
            return f"1 {'-' if gap > 0 else '+'} {_shown(abs(gap), min(3, left), None)}"
    return None


#: aw - 1 closest to 0 (above it) that the fixed-point search takes: z* ~ 10^-2500 took 10 s, 10^-5000 past a minute.
_CLOSEST = 5000


def _guard(depth: int) -> int:
    """Digits beyond the asked ones for a power r^l: its relative error is l times r's."""
    return len(str(depth)) + 5


def _onset(act: Activation, w_sym: sp.Expr, seconds: float = 18.0) -> tuple[int | None, sp.Expr | None]:
    """(p, β) with φ(z) = σ(wz) = z − βz^p + O(z^{p+1}) as z → 0+ (only used when aw = 1), β exact;
    a candidate from the Taylor coefficients φ^(p)(0+)/p!, proved or not by :func:`_onset_check`.

    Derivatives of φ on t > 0, where |t| = t, at most 7 of them and each at most _ONSET_OPS operations (a bound on
    the work); a coefficient is 0 only when it is the literal 0 or the kernel's clock-free zero test says so. sympy's
    steps share ``seconds`` (its diff reached factorint, which raised OverflowError at 600-digit constants and ran
    for minutes at 300, R62a-3): one out of time or failing gives no onset, and the caller's watch notes a time-out."""
    if not act.is_symbolic:
        return None, None
    run = kernel.Deadline(seconds).run
    d = act.expr.subs(Z, w_sym * T)
    for p in range(1, 8):
        d = run(lambda d=d: sp.diff(d, T))
        if d is None or sp.count_ops(d) > _ONSET_OPS:
            return None, None
        if p == 1:
            continue
        coeff = run(lambda d=d: d.subs(T, 0) / sp.factorial(p))
        if coeff is None:
            return None, None
        if not coeff.is_number or coeff.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.Derivative, sp.Subs):
            return None, None
        sign = kernel.sign(coeff, lambda fn: None)
        if sign is None and coeff.has(sp.log):
            # log 2 + log 3 - log 6 is 0 only to the clocked zero test; sympy's logcombine (identities of logs of
            # positive numbers, no clock) makes it the literal 0 (R12a-4). A candidate: _onset_check proves it.
            sign = kernel.sign(sp.logcombine(coeff, force=False).doit(), lambda fn: None)
        if sign is None:
            return None, None
        if sign.value != 0:
            return p, -coeff
    return None, None


#: Largest size (sympy count_ops) of a derivative of φ that :func:`_onset` differentiates further.
_ONSET_OPS = 4000


def _onset_check(act: Activation, w_sym: sp.Expr, p: int, beta: sp.Expr, timeout: float) -> Check:
    """σ ∈ C^{p+1} on [0, 1], σ^{(k)}(0+) = 0 for 2 ≤ k < p and β = −σ^{(p)}(0+) w^p/p! > 0, each a
    sympy result (smoothness of the pieces, one-sided limits, exact zero and sign tests): the
    hypotheses of the exponent −p/(p−1) besides (H) and aw = 1 (proofs/theorem2.tex)."""
    name = f"sigma C^{p + 1} on [0, 1], phi(z) = sigma(wz) = z - beta*z^{p} + O(z^{p + 1}), beta = {claim_text(beta)} > 0"
    tex = (rf"$\sigma \in C^{{{p + 1}}}[0, 1]$, $\varphi(z) = \sigma(wz) = z - \beta z^{{{p}}} + O(z^{{{p + 1}}})$ "
           rf"with $\beta = {sp.latex(short(beta))} > 0$")
    smooth = smoothness._smooth(act, sp.Interval(0, 1), p + 1, timeout)
    if smooth.verdict != "holds":
        return Check(name, smooth.verdict, smooth.method, f"C^{p + 1} on [0, 1]: {smooth.verdict} - {smooth.detail}", tex,
                     certificate=smooth.certificate)
    run = kernel.Deadline(timeout).run
    facts = [smooth.certificate] if smooth.method == "symbolic" else []
    for k in range(2, p + 1):
        fact = proved_limit(sp.diff(act.expr, Z, k), "0+", timeout)
        d = None if fact is None else fact.value
        if d is None or isinstance(d, sp.AccumBounds) or not d.is_finite:
            return Check(name, "inconclusive", "numeric", f"sigma^({k})(0+) was not proved finite", tex)
        facts.append(fact)
        if k < p:
            zero = kernel.sign(d, run)
            if zero is None or zero.value != 0:
                return Check(name, "inconclusive", "numeric", f"sigma^({k})(0+) = {d} is not proved 0", tex)
            facts.append(zero)
    exact = -d * w_sym**p / sp.factorial(p)
    same, positive = kernel.compare(exact, beta, run), kernel.sign(exact, run)
    if smooth.method != "symbolic" or same is None or same.value != 0 or positive is None or positive.value <= 0:
        return Check(name, "inconclusive", "numeric",
                     f"-sigma^({p})(0+) w^{p}/{p}! = {exact}: not proved equal to the candidate beta and positive", tex)
    cert = kernel.conclude(name, [*facts, same, positive], "C^(p+1) pieces, one-sided limits, exact beta > 0")
    return Check(name, "holds", "symbolic",
                 f"C^{p + 1} on [0, 1] (vgtheory.properties.smoothness); one-sided limits sigma^(k)(0+) = 0 for 2 <= k < {p}, "
                 f"beta = -sigma^({p})(0+) w^{p}/{p}! = {exact} > 0 (sympy)", tex,
                 rf"$C^{{{p + 1}}}$ on $[0, 1]$ (\texttt{{vgtheory.properties.smoothness}}); one-sided limits "
                 rf"$\sigma^{{(k)}}(0^+) = 0$ for $2 \le k < {p}$, $\beta = -\sigma^{{({p})}}(0^+)\,w^{{{p}}}/{p}! = "
                 rf"{sp.latex(exact)} > 0$ (sympy)", certificate=cert)


def _exact(v: Any) -> sp.Expr:
    """A user number as an exact sympy number (:func:`vgtheory.core.numbers.exact`)."""
    try:  # a sympy Float as its decimal: a·w and x/s in its rounded arithmetic made false proofs (R71a-1/9/10)
        return exact(v)
    except (TypeError, ValueError, ZeroDivisionError):
        raise VGTheoryError(f"expected a number, got {v!r}") from None


@serialized
def theorem2(act: Any, *, w: Any, x: Any, depth: int, s: Any = 1, dps: int = 50,
             props: Properties | None = None, timeout: float = 1.0) -> Theorem2Result:
    """Theorem 2 with equal parameters w > 0, input x > 0, depth l and scaled activation sσ(u/s).

    w, x, s: decimal strings, 'p/q' strings, integers, sympy numbers (exact) or floats, each read once as an exact
    number (a float as its shortest decimal: 0.1 is 1/10) wherever it is used."""
    sigma = activation(act)
    dps = check_int(dps, "dps", 15, GRADIENT_DPS[1])  # its chains are gradients (R26b-2: 4001..5000 refused there)
    depth = check_int(depth, "depth", 1, 100000)
    with mpmath.workdps(dps):
        for v, what in ((w, "w"), (x, "x"), (s, "s")):
            real(v, what, positive=True)
        props = props if props is not None else check_properties(sigma, timeout=timeout * 3)
        return _theorem2(sigma, props, None, w, x, depth, s, dps, timeout)


def _theorem2(sigma: Activation, props: Properties, H: Check | None, w: Any, x: Any, depth: int, s: Any, dps: int,
              timeout: float, near0: Check | None = None) -> Theorem2Result:
    """theorem2 on checked inputs; ``H`` and ``near0`` (:func:`_near_zero`) are the checks when the caller
    already has them (they do not depend on w, x, depth or s)."""
    with mpmath.workdps(dps):
        for v, what in ((w, "w"), (x, "x"), (s, "s")):
            real(v, what, positive=True)
        # One reading of each number everywhere (a float: its shortest decimal): s = 0.1 was 1/10 in the scaled chain
        # but its binary value in x/s, and the bound's direction followed the latter (R25a-5).
        w_sym, x_sym, s_arg = _exact(w), _exact(x), _exact(s)
        w_v, x_v, s_v = mp(w_sym), mp(x_sym), mp(s_arg)
        lin = props.linear_at_origin
        if lin.verdict == "fails":
            raise VGTheoryError(f"Theorem 2 needs property 4 (linear at the origin), which fails for {sigma.name!r}: {lin.detail}")
        if lin.value is None:
            raise VGTheoryError(f"Theorem 2: the slope a = sigma'(0) of {sigma.name!r} could not be determined")
        a_sym = lin.value
        # The kernel compares aw with 1 exactly (zero test / arb enclosure), never by rounding.
        order = kernel.compare(a_sym * w_sym, 1, kernel.Deadline(timeout).run) if lin.method == "symbolic" else None
        a_v = mp(a_sym)
        with mpmath.workdps(dps + _guard(depth)):  # aw^l loses log10(l) digits (R26b-1): aw carries that many more
            aw = mp(a_sym) * mp(w_sym) if lin.method == "symbolic" else a_v * w_v
        if order is not None:
            regime, rmethod = {0: "aw=1", 1: "aw>1", -1: "aw<1"}[order.value], "symbolic"
            if order.value and abs(aw - 1) < mpmath.mpf(10) ** -6:  # aw - 1 exactly: 1 - 10^-60 read 1.0 (R68a-3)
                gap = mp(a_sym * w_sym - 1)
                if order.value > 0 and gap < mpmath.mpf(10) ** -_CLOSEST:
                    raise VGTheoryError(f"Theorem 2: aw - 1 = {num(gap, 3)} is below 10^-{_CLOSEST}: the fixed point "
                                        f"z* ~ sqrt(aw - 1) would need more digits than the search carries")
                with mpmath.workdps(dps + _guard(depth) + max(0, -int(mpmath.log10(abs(gap))))):
                    aw = 1 + gap
        else:
            tol = mpmath.mpf(10) ** (-(dps * 2) // 3)
            regime = "aw=1" if abs(aw - 1) < tol else ("aw>1" if aw > 1 else "aw<1")
            rmethod = "numeric"
        phi = lambda z: sigma.value(w_v * z)  # noqa: E731
        certificate = ""
        above = log_gap = rho_digits = None
        if regime == "aw>1":
            z_star, rho, certificate, above, log_gap, rho_digits = rate(sigma, w_sym, x_sym / s_arg, phi, dps, _guard(depth))
        else:
            z_star, rho = mpmath.mpf(0), aw
        with watch() as clock:  # a time-out in the proof must show in the onset's label
            p, beta_exact = _onset(sigma, w_sym, 3 * timeout) if regime == "aw=1" else (None, None)
            beta = None if beta_exact is None else mp(beta_exact)
            if p is not None and not beta > 0:
                p, beta = None, None  # z_k does not decrease to 0; the polynomial rate does not apply
            # Three step budgets: C^(p+1) of a piecewise sigma (softsign) splits and compares p + 2 derivatives.
            onset = _onset_check(sigma, w_sym, p, beta_exact, 3 * timeout) if p is not None else None
        if clock.timed_out and regime == "aw=1" and (onset is None or not (onset.proved or TIMEOUT_NOTE in onset.detail)):
            onset = (Check("onset phi(z) = sigma(wz) = z - beta*z^p + O(z^(p+1)) at 0+", "inconclusive", "numeric",
                           f"the onset was not found; {TIMEOUT_NOTE}") if onset is None
                     else replace(onset, detail=f"{onset.detail}; {TIMEOUT_NOTE}".lstrip("; ")))
        # At s = 1 both scalings are σ itself; reusing σ keeps its compiled σ and σ' (each new
        # Activation compiles its own).
        scaled = sigma if s_v == 1 else sigma.scaled(s_arg)
        naive_act = sigma if s_v == 1 else sigma.naive_scaled(s_arg)
        run = gradient(scaled, [w_v] * depth, x_v, 0, dps=dps)
        naive = gradient(naive_act, [w_v] * depth, x_v, 0, dps=dps)
        s_thr = horizon = None
        if regime == "aw=1" and p is not None:
            q = p - 1
            s_thr = x_v * (q * beta * depth / (mpmath.mpf(2) ** (mpmath.mpf(q) / p) - 1)) ** (mpmath.mpf(1) / q)
        elif regime == "aw>1":
            with mpmath.workdps(dps + _guard(depth)):
                s_thr = x_v * aw**depth / z_star
            # log aw from aw - 1 exactly where the regime is decided exactly: aw = 1 + 10^-16 is 1.0 at 15 digits (R24a-3)
            log_aw = mpmath.log1p(mp(a_sym * w_sym - 1)) if rmethod == "symbolic" else mpmath.log(aw)
            if not log_aw > 0:
                raise VGTheoryError(f"aw = {num(aw)} is not above 1 at {dps} digits: Theorem 2's horizon log_(aw)(s z*/x) "
                                    "needs more digits (raise dps)")
            horizon = log_gap / log_aw  # log(s z*/x) / log(aw) < 0: x/s above z*, no growth phase
        H = H if H is not None else hypothesis_H(sigma, props)
        near0 = near0 if near0 is not None else _near_zero(sigma, props)
        c2 = check_c2(sigma, _around(w_v * z_star)) if regime == "aw>1" else None
        # Small-signal check of naive scaling: at x so small that every layer is linear, the ratio
        # naive/trick is s^l up to O(x^2) (the exponent range of mpmath makes tiny x harmless).
        # x/s as well as x itself: the trick's layers see x/s (s = 1e-8 at x = 1e-8 was not small at all, R25a-2)
        x_small = mpmath.mpf(10) ** -8 / max(mpmath.mpf(1), (s_v * aw) ** depth * s_v, max(aw, 1) ** depth / s_v)
        trick_small = gradient(scaled, [w_v] * depth, x_small, 0, dps=dps).df_dw[0]
        # A callable whose slope reads 0 at the working precision leaves no ratio to compare (nan).
        small_ratio = (gradient(naive_act, [w_v] * depth, x_small, 0, dps=dps).df_dw[0] / trick_small
                       if trick_small else mpmath.mpf("nan"))
        # aw = 1: depth 2l as well, for the local log-log slope that the exponent predicts.
        try:  # depth 2l may lie beyond the gradient's limits where l does not (R27b-2): then no local slope
            double_run = gradient(scaled, [w_v] * (2 * depth), x_v, 0, dps=dps) if p is not None else None
        except VGTheoryError:
            double_run = None
        double = None if double_run is None else double_run.df_dw[0]
        earned = min([run.digits, naive.digits] + ([] if double_run is None else [double_run.digits]))
        # a gradient with no digit earned is no number (the chain's 0.0 there stood for 3.6e-35547, R36a-2)
        actual, naive_value = (run.df_dw[0], naive.df_dw[0]) if earned else (mpmath.nan, mpmath.nan)
        result = Theorem2Result(
            sigma.name, w_v, x_v, depth, s_v, a_v, aw, regime, rmethod, z_star, rho, p, beta,
            sigma.slope(w_v * x_v / s_v), s_thr, horizon, actual, naive_value, small_ratio, H, (), dps,
            fixed_point_certificate=certificate, smooth_near_fixed_point=c2, near_zero=near0,
            onset=onset, df_dw1_double_depth=double, x_above_fixed_point=above, _activation_tex=sigma_tex(sigma),
            shown_digits=None if sigma.precision == "mpmath" else min(12, run.digits, naive.digits),
            rho_digits=None if rho_digits is None or rho_digits >= 12 else rho_digits,
            gradient_digits=None if earned >= dps else earned,
        )
        return _with_claims(result, run.z, phi, sigma)


def _around(point: mpmath.mpf) -> sp.Interval:
    """A closed interval with rational ends around a positive point: [p/2, 2p]."""
    p = sp.Rational(mpmath.nstr(point, 4))  # 4 digits: [p/2, 2p] still contains the point
    return sp.Interval(p / 2, 2 * p)


def _near_zero(sigma: Activation, props: Properties) -> Check:
    """Property 4 and σ ∈ C¹ on [−1, 1]: what the s → ∞ and small-signal statements rest on."""
    lin = props.linear_at_origin
    if lin.verdict != "holds":
        return Check("property 4 and sigma C^1 near 0", lin.verdict, lin.method,
                     f"property 4: {lin.verdict} ({lin.method})", certificate=lin.certificate)
    # C^1 is examined whatever property 4's method: sigma'(0) can exist while sigma' oscillates
    # as z -> 0 (z^2 sin(1/z)), and then df_s/dw_1 has no limit as s -> oo.
    c1 = check_c1(sigma, sp.Interval(-1, 1))
    method = c1.method if lin.method == "symbolic" else "numeric"
    cert = None
    if method == "symbolic" and c1.verdict != "inconclusive":
        cert = kernel.conclude("property 4 and sigma C^1 near 0", [lin.certificate, c1.certificate], "both proved") \
            if c1.verdict == "holds" else c1.certificate
    return Check("property 4 and sigma C^1 near 0", c1.verdict, method,
                 f"property 4: holds ({lin.method}); {c1}", certificate=cert)
