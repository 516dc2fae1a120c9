"""The claims of Theorem 2 for one computed :class:`~vgtheory.theorems.theorem2.Theorem2Result`.

Each claim is stated in ASCII and LaTeX (numbers as :mod:`vgtheory.core.slots`), labelled by what it rests
on (``proved`` only with a kernel certificate built from symbolic checks) and checked against the
result's exact numbers. :mod:`vgtheory.theorems.theorem2` computes the numbers; this module only judges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Literal, Sequence

import mpmath
import sympy as sp

from vgtheory.theorems._theory_util import mp
from vgtheory.core.activations import Activation
from vgtheory import kernel
from vgtheory.theorems.hypotheses import Check
from vgtheory.properties.four import Verdict
from vgtheory.core.slots import earned_slot, num_slot as slot, text_slot

if TYPE_CHECKING:
    from vgtheory.theorems.theorem2 import Theorem2Result

__all__ = ["Claim"]


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
    #: The kernel certificate of a 'proved' claim (built from the status's premises).
    certificate: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.status == "proved" and self.certificate is None:
            if not isinstance(self.status, _Proved):
                raise TypeError(f"{self.statement}: 'proved' needs a kernel certificate")
            object.__setattr__(self, "certificate", kernel.conclude(self.statement, self.status.premises, self.status.rule))
            object.__setattr__(self, "status", "proved")

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "status": self.status, "verdict": self.verdict, "detail": self.detail}

    def __str__(self) -> str:
        label = "asymptotic: a limit statement, not a bound at this depth" if self.status == "asymptotic" else self.status
        return f"[{label}] {self.statement}; the numbers here {_AGREE[self.verdict]}{' (' + self.detail + ')' if self.detail else ''}"


_GE = r"\ge"
_AGREE = {"holds": "agree", "fails": "DISAGREE", "inconclusive": "do not decide"}


def _neg_ratio_tex(p: int, q: int) -> str:
    """-p/q in lowest terms, as an inline exponent ('-3/2', '-2')."""
    ratio = sp.Rational(p, q)
    return f"-{ratio.p}" if ratio.q == 1 else f"-{ratio.p}/{ratio.q}"


class _Proved(str):
    """The status 'proved' with the checks it rests on; Claim turns them into a kernel certificate."""

    premises: tuple[Any, ...] = ()
    rule: str = ""


def _status(*checks: Check | None) -> Literal["proved", "numeric"]:
    """'proved' only when every check the statement rests on is ``holds (symbolic)``."""
    if not all(c is not None and c.proved for c in checks):
        return "numeric"
    out = _Proved("proved")
    out.premises, out.rule = tuple(c.certificate for c in checks), "under the proved hypotheses (proofs/theorem2.tex)"
    return out  # type: ignore[return-value]


def _identity_status() -> Literal["proved"]:
    """df_s/dw_1(x) = s*df/dw_1(x/s) for every sigma: the kernel's zero test on the chain of depth 3
    with an undefined sigma, extended layer by layer (proofs/theorem2.tex)."""
    sig, x, s = sp.Function("sigma"), sp.Symbol("x"), sp.Symbol("s", positive=True)
    w = sp.symbols("w1:4")
    chain = lambda act, v: act(w[2] * act(w[1] * act(w[0] * v)))  # noqa: E731
    scaled = chain(lambda u: s * sig(u / s), x)
    cert = kernel.identity(sp.diff(scaled, w[0]), s * sp.diff(chain(sig, x / s), w[0]), kernel.Deadline(5).run,
                           "df_s/dw_1(x) = s*df/dw_1(x/s) at depth 3")
    if cert is None:
        return "numeric"  # type: ignore[return-value]
    out = _Proved("proved")
    out.premises, out.rule = (cert,), "the same identity layer by layer (induction on depth)"
    return out  # type: ignore[return-value]


def _rests_on(*checks: Check | None) -> str:
    unproved = [c.name for c in checks if c is not None and not c.proved]
    return "" if not unproved else "not proved for this sigma: " + "; ".join(unproved) + " not holds (symbolic)"


def _s_limit(nz: Check | None) -> tuple[Verdict, str, str]:
    """The verdict of a claim about lim_{s->oo} df_s/dw_1 and its detail (text, TeX). That limit is
    w^(l-1) x prod sigma'(u_k) with u_k -> 0, so it needs sigma'(u) -> a as u -> 0: sigma(u)/u -> a
    alone allows sigma' to oscillate at 0 (u^2 sin(1/u)) and the limit not to exist."""
    if nz is not None and nz.verdict == "holds":
        rests = f"; {_rests_on(nz)}" if _rests_on(nz) else ""
        return "holds", "sigma_s'(u) = sigma'(u/s) -> a" + rests, r"$\sigma_s'(u) = \sigma'(u/s) \to a$" + (text_slot(rests) if rests else "")
    said = f"{nz.name}: {nz.verdict} ({nz.method})" if nz is not None else "not checked"
    why = f"needs sigma'(u) -> a as u -> 0, and {said}"
    return "inconclusive", why, text_slot(why)


def _with_claims(r: Theorem2Result, z: Sequence[mpmath.mpf], phi: Callable, sigma: Activation) -> Theorem2Result:
    """Attach the claims of Theorem 2 in r's regime, each labelled by what it rests on and checked
    against r's exact numbers."""
    # every number of r to the digits r shows (a float64 callable's: those its gradient earned, R25a-3)
    num, num_slot = r.n, lambda v, digits=6: slot(v, min(digits, r.shown_digits or digits))  # noqa: E731
    # numbers computed from rho: to the digits z* fixes of it as well (R31a-3); rho^(l-1) has l times rho's error
    rnum = r.nr
    rnum_slot = lambda v, digits=6, up=None: earned_slot(v, r.rho_digits, min(digits, r.shown_digits or digits), up)  # noqa: E731
    rho_error = mpmath.mpf(0) if r.rho_digits is None else r.depth * mpmath.mpf(10) ** -r.rho_digits
    # the chain's gradients to the digits it earned (none: every check against them is inconclusive, R36a-2)
    gnum = r.ng
    gnum_slot = lambda v, digits=6: earned_slot(v, r.gradient_digits, min(digits, r.shown_digits or digits))  # noqa: E731
    unknown = r.gradient_digits == 0
    claims: list[Claim] = []
    actual = r.actual_df_dw1
    bound = r.bound_df_dw1(r.depth)
    slack = 1 + mpmath.mpf(10) ** (-(r.dps // 2)) + 2 * rho_error
    ok_bound = actual <= bound * slack if r.bound_direction == "upper" else actual * slack >= bound
    rho_unresolved = r.regime == "aw>1" and rho_error >= mpmath.mpf(1) / 2
    unresolved = (f"rho is not resolved (to {r.rho_digits} digits of the {r.depth} its power needs): sigma'(w z*) is 0 "
                  "to within the digits z* is verified to, and where it is exactly 0 the decay is faster than geometric")
    H = r.hypothesis_H
    upper = r.bound_direction == "upper"
    rate, rate_tex = ("rho", r"\rho") if r.regime == "aw>1" else ("(aw)", "(aw)")
    rel_tex = r"\le" if upper else r"\ge"
    why = _rests_on(H)
    note = " (no decay: aw = 1)" if r.regime == "aw=1" else ""
    claims.append(Claim(
        f"df/dw_1 {'<=' if upper else '>='} x*sigma'(wx/s)*{rate}^(l-1) = {rnum(bound, up=upper)}{note}", _status(H),
        "inconclusive" if rho_unresolved or unknown else "holds" if ok_bound else "fails",
        f"actual {gnum(actual)}" + (f"; {unresolved}" if rho_unresolved else f"; {why}" if why else "; under (H)"),
        rf"$\partial f/\partial w_1 {rel_tex} x\,\sigma'(wx/s)\,{rate_tex}^{{l-1}} = {rnum_slot(bound, up=upper)}${note}",
        rf"actual ${gnum_slot(actual)}$" + (f"; {text_slot(why)}" if why else "; under (H)")))
    if r.regime == "aw>1":
        # Relative to max(1, z*), as fixed_point() verified it: at z* ~ 1e30 the absolute residual is ~1e-20.
        res = (phi(r.z_star) - r.z_star) / max(1, abs(r.z_star))
        claims.append(Claim(f"z* = sigma(w z*) = {num(r.z_star)} is the unique positive fixed point and "
                            f"rho = w sigma'(w z*) = {r.rho_text()} < 1", _status(H),
                            "holds" if abs(res) < mpmath.mpf(10) ** (-(r.dps // 2)) and r.rho < 1 else "fails",
                            r.fixed_point_certificate + (f"; {why}" if why else ""),
                            rf"$z^* = \sigma(w z^*) = {num_slot(r.z_star)}$ is the unique positive fixed point and "
                            rf"$\rho = w\,\sigma'(w z^*) = {rnum_slot(r.rho)} < 1$",
                            rf"relative residual $|\sigma(w z^*) - z^*|/\max(1, z^*) = {num_slot(abs(res), 3)}$"))
        c2 = r.smooth_near_fixed_point
        # ∂f/∂w_1 at depth l+1 over depth l: the next layer's factor w σ_s'(w z_l) = w σ'(w z_l / s) on
        # the (scaled) chain's own z_l, which tends to the same ρ for every s.
        ratio = r.w * sigma.slope(r.w * z[-1] / r.s)
        rel = abs(ratio / r.rho - 1) if r.rho else mpmath.inf
        claims.append(Claim(f"df/dw_1 = C*rho^l*(1 + o(1)) with C in (0, oo): geometric decay at exactly rate rho = {r.rho_text()}",
                            _status(H, c2),
                            "holds" if rel < mpmath.mpf("1e-3") and not r.rho_digits == 0 else "inconclusive",
                            f"ratio of depth l+1 to depth l: {rnum(ratio)}" + (f"; {unresolved}" if r.rho_digits == 0 else
                                                                            f"; {_rests_on(H, c2)}" if _rests_on(H, c2) else
                                                                            "; under (H) and sigma C^2 near w z*"),
                            rf"$\partial f/\partial w_1 = C\rho^l(1 + o(1))$ with $C \in (0, \infty)$: geometric decay at "
                            rf"exactly the rate $\rho = {rnum_slot(r.rho)}$",
                            rf"ratio of depth $l+1$ to depth $l$: ${rnum_slot(ratio)}$"))
        # Conditional on z* (numeric above): what the identity proves is the map z -> s z between the two chains.
        claims.append(Claim("z -> s*z maps the fixed points of z -> sigma(w z) to those of the scaled chain (s*z* for "
                            "z*), with the same rate rho", _identity_status(), "holds",
                            "exact identity df_s/dw_1(x) = s*df/dw_1(x/s), for every sigma",
                            r"$z \mapsto s z$ maps the fixed points of $z \mapsto \sigma(wz)$ to those of the scaled "
                            r"chain ($s z^*$ for $z^*$), with the same rate $\rho$",
                            r"exact identity $\partial f_s/\partial w_1(x) = s\,\partial f/\partial w_1(x/s)$, for every $\sigma$"))
        h = r.depth_horizon
        if h is not None and h >= 0:
            claims.append(Claim(f"for fixed s the signal grows for about log_(aw)(s z*/x) = {num(h)} layers, then decays at rate rho",
                                "asymptotic", "holds" if not rho_unresolved and not unknown and (r.depth <= h) == (
                                    actual >= r.x * r.sigma_w_slope * r.rho ** (r.depth - 1)) else "inconclusive",
                                f"actual {gnum(actual)} at depth {r.depth}",
                                rf"for fixed $s$ the signal grows for about $\log_{{aw}}(s z^*/x) = {num_slot(h)}$ layers, "
                                r"then decays at the rate $\rho$",
                                rf"actual ${gnum_slot(actual)}$ at depth {r.depth}"))
        elif h is not None:
            claims.append(Claim(f"x/s = {num(r.x / r.s)} >= z*: no growth phase (log_(aw)(s z*/x) = {num(h)} < 0); the "
                                "contraction at rate rho acts from the first layer", _status(H), "holds",
                                "z_k decreases to z* from the first layer (Proposition aw > 1)" + (f"; {why}" if why else ""),
                                rf"$x/s = {num_slot(r.x / r.s)} \ge z^*$: no growth phase ($\log_{{aw}}(s z^*/x) = "
                                rf"{num_slot(h)} < 0$); the contraction at the rate $\rho$ acts from the first layer",
                                r"$z_k$ decreases to $z^*$ from the first layer"))
        nz = r.near_zero
        verdict, why_nz, why_tex = _s_limit(nz)
        claims.append(Claim(f"as s -> oo, df_s/dw_1 -> a^l w^(l-1) x = {num(r.s_limit_df_dw1(r.depth))}, growing with depth "
                            "(an artifact of taking s -> oo at fixed depth)", _status(nz), verdict,
                            why_nz,
                            rf"as $s \to \infty$, $\partial f_s/\partial w_1 \to a^l w^{{l-1}} x = "
                            rf"{num_slot(r.s_limit_df_dw1(r.depth))}$, growing with depth (an artifact of taking "
                            r"$s \to \infty$ at fixed depth)",
                            why_tex))
    elif r.regime == "aw=1":
        if r.p is None:
            claims.append(Claim("polynomial exponent of df/dw_1", "numeric", "inconclusive",
                                "no onset phi(z) = z - beta*z^p + ..., beta > 0, among the Taylor coefficients of orders 2-7 at 0+",
                                r"polynomial exponent of $\partial f/\partial w_1$",
                                r"no onset $\varphi(z) = z - \beta z^p + \dots$ with $\beta > 0$ among the Taylor coefficients of "
                                r"orders 2--7 at $0^+$"))
        else:
            q = r.p - 1
            expo = sp.Rational(r.p, q)
            # A zero gradient (sigma' = 0 at a removable glitch, R11a-4) has no log-log slope: nan decides nothing.
            # No chain at depth 2l (beyond the gradient's limits): no slope either.
            ratio = (r.df_dw1_double_depth / actual if actual and r.df_dw1_double_depth is not None and not unknown
                     else mpmath.nan)
            slope = mpmath.log(ratio) / mpmath.log(2) if ratio > 0 else mpmath.nan
            close = abs(slope + mp(expo)) < mpmath.mpf("0.05") * mp(expo)
            # A limit in depth: the numbers at l and 2l can agree or not decide, never refute it.
            onset = r.onset
            rests = _rests_on(H, onset) if r.regime_method == "symbolic" else "aw = 1 was decided numerically"
            claims.append(Claim(
                f"df/dw_1 = C(x)*l^(-{expo})*(1 + o(1)) as l -> oo, with C(x) in (0, oo): polynomial decay with the "
                f"exponent -p/(p-1) = -{expo} (p = {r.p})",
                _status(H, onset) if r.regime_method == "symbolic" else "numeric", "holds" if close else "inconclusive",
                f"log-log slope between depths {r.depth} and {2 * r.depth}: {num(slope)}"
                + (f"; {rests}" if rests else f"; under (H) and {onset.name}"),
                rf"$\partial f/\partial w_1 = C(x)\,l^{{{_neg_ratio_tex(r.p, q)}}}\,(1 + o(1))$ as $l \to \infty$, with "
                rf"$C(x) \in (0, \infty)$: polynomial decay with the exponent $-p/(p-1) = {_neg_ratio_tex(r.p, q)}$ "
                rf"($p = {r.p}$)",
                rf"log-log slope between depths {r.depth} and {2 * r.depth}: ${num_slot(slope)}$"))
            above = r.s >= r.s_threshold
            half = r.a * r.x / 2
            expect = "at least" if above else "less than"
            growth = {1: "linearly in l", 2: "like sqrt(l)"}.get(q, f"like l^(1/{q})")
            growth_tex = {1: "linearly in $l$", 2: r"like $\sqrt{l}$"}.get(q, rf"like $l^{{1/{q}}}$")
            claims.append(Claim(f"scaling with s >~ {num(r.s_threshold)} keeps df/dw_1 >= half of its s -> oo limit a*x "
                                f"(from the heuristic a*x*(1 + {'' if q == 1 else f'{q}*'}beta*l*(x/s){'' if q == 1 else f'^{q}'})^(-{expo}), whose constant is right only "
                                f"as x/s -> 0; the threshold grows {growth}); here s = {num(r.s)} is "
                                f"{'above' if above else 'below'} it, so the prediction is '{expect} a*x/2'",
                                "asymptotic", "holds" if not unknown and above == (actual >= half) else "inconclusive",
                                f"actual {gnum(actual)} is {'>=' if actual >= half else '<'} a*x/2 = {num(half)}",
                                rf"scaling with $s \gtrsim {num_slot(r.s_threshold)}$ keeps $\partial f/\partial w_1$ at "
                                r"least half of its limit $a x$ as $s \to \infty$ (from the heuristic "
                                rf"$a x\bigl(1 + {'' if q == 1 else q}\beta l (x/s){'' if q == 1 else f'^{{{q}}}'}\bigr)"
                                rf"^{{{_neg_ratio_tex(r.p, q)}}}$, whose constant is right only as $x/s \to 0$; the threshold "
                                rf"grows {growth_tex}); here $s = {num_slot(r.s)}$ is {'above' if above else 'below'} it, "
                                rf"so the prediction is `{expect} $a x/2$'",
                                rf"actual ${gnum_slot(actual)} {_GE if actual >= half else '<'} a x/2 = {num_slot(half)}$"))
    else:
        nz = r.near_zero
        verdict, why_nz, why_tex = _s_limit(nz)
        claims.append(Claim("scaling cannot remove the decay: the s -> oo limit a^l w^(l-1) x itself decays like (aw)^l",
                            _status(nz), verdict, f"limit {num(r.s_limit_df_dw1(r.depth))}; {why_nz}",
                            r"scaling cannot remove the decay: the limit $a^l w^{l-1} x$ as $s \to \infty$ itself "
                            r"decays like $(aw)^l$",
                            rf"limit ${num_slot(r.s_limit_df_dw1(r.depth))}$; " + why_tex))
    sl = r.s**r.depth
    nz = r.near_zero
    claims.append(Claim(f"naive scaling s*sigma(u) multiplies the small-signal gradient by s^l = {num(sl)} "
                        "(exactly in the limit x -> 0, with sigma' continuous at 0)", _status(nz),
                        "inconclusive" if mpmath.isnan(r.naive_small_signal_ratio)
                        else "holds" if abs(r.naive_small_signal_ratio / sl - 1) < mpmath.mpf(10) ** -6 else "fails",
                        f"ratio naive/trick at tiny x: {num(r.naive_small_signal_ratio)}" + (f"; {_rests_on(nz)}" if _rests_on(nz) else ""),
                        rf"naive scaling $s\,\sigma(u)$ multiplies the small-signal gradient by $s^l = {num_slot(sl)}$ "
                        r"(exactly in the limit $x \to 0$, with $\sigma'$ continuous at $0$)",
                        rf"ratio naive/trick at tiny $x$: ${num_slot(r.naive_small_signal_ratio)}$"))
    return replace(r, claims=tuple(claims))
