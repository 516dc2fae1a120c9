r"""The seed paper's two theorems for one activation: which apply, what they predict, checked numerically.

Notation: chain model z_0 = x, z_k = σ(w_k z_{k-1}), f = z_l; loss ℓ = (f − y)²/2, so ℓ' = f − y;
t_k = w_k z_{k-1} are the pre-activations; L = lim_{t→+∞} σ(t); a = σ'(0); h(t) = t σ'(t) and
g(τ) = sup_{t ≥ τ} |h(t)|. The statements, hypotheses and proofs are in ``proofs/theorem1.tex``
and ``proofs/theorem2.tex``; ``docs/theory.md`` says what each label promises.

* Theorem 1 (:mod:`vgtheory.theorems.theorem1`): large parameters make plain gradients vanish, weight
  decay does not. Hypotheses: σ ∈ C¹ on (0, ∞), t σ'(t) → 0 as t → +∞, L > 0.
* Theorem 2 (:mod:`vgtheory.theorems.theorem2`): many layers with equal parameters; the rates under (H)
  and the scaling trick.
* Hypotheses (:mod:`vgtheory.theorems.hypotheses`): one decision procedure per hypothesis.

Labels: a hypothesis is ``holds``/``fails``/``inconclusive`` with method ``symbolic`` (a sympy
proof) or ``numeric`` (evidence). A bound or claim is ``proved`` only when every hypothesis it
rests on is ``holds (symbolic)``; otherwise ``numeric`` (or ``asymptotic`` for limit statements,
which are never bounds at finite depth). Results are frozen dataclasses with ``to_dict()`` and a
readable ``__str__``; LaTeX rendering is in :mod:`vgtheory.render.latex_theorems`.

``theorems_section(act, props)`` never raises for a valid activation; ``table()`` and
``python -m vgtheory.theorems --table`` give the constants of the standard activations.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import mpmath
import sympy as sp

from vgtheory.core.claims import claim_text
from vgtheory.theorems._theory_util import mp, num
from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError
from vgtheory.theorems.hypotheses import Check, check_vanishing_at_plus_infinity, hypothesis_H
from vgtheory.properties.four import Properties, Verdict, check_properties
from vgtheory.theorems.theorem1 import (
    GSup, Theorem1Result, Threshold, _t1_setup, _theorem1_at, _threshold, g_sup, theorem1,
    theorem1_threshold
)
from vgtheory.theorems.theorem2 import Claim, Theorem2Result, _near_zero, _theorem2, fixed_point, theorem2

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

TABLE_ACTIVATIONS = ("tanh", "sigmoid", "centered_sigmoid", "arctan", "softsign", "erf", "algebraic")
_APPLIES = {"holds": "applies", "fails": "does not apply", "inconclusive": "undecided"}


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "activation": self.activation,
            "theorem1": {"applies": self.theorem1_applies, "reason": self.theorem1_reason,
                         "standard_point": None if self.theorem1 is None else self.theorem1.to_dict(),
                         "threshold": None if self.threshold is None else self.threshold.to_dict()},
            "theorem2": {"applies": self.theorem2_applies, "reason": self.theorem2_reason,
                         "standard_points": [t.to_dict() for t in self.theorem2]},
            "summary": self.summary_lines(),
            "seconds": round(self.seconds, 3),
        }

    def summary_lines(self) -> list[str]:
        """At most six lines: which theorems apply and what they predict for this σ."""
        out = [f"Theorem 1 (large weights): {_APPLIES[self.theorem1_applies]}"
               + (f" ({self.theorem1_reason})" if self.theorem1_applies != "holds" else "")]
        t1 = self.theorem1
        if t1 is not None and self.theorem1_applies != "fails":
            out[-1] += (f": at x >= {num(t1.c, 3)}, w_k >= W = {num(t1.W, 4)}, depth {t1.depth}, "
                        f"|df/dw_1| <= {num(t1.bound_df, 3)} [{t1.status}; actual {num(t1.actual_df, 3)}]")
            if self.threshold is not None:
                out.append(f"  plain gradients fall below {num(self.threshold.tol, 2)} for W >= {num(self.threshold.W_star, 4)}, "
                           f"while weight decay lam = {num(self.threshold.lam, 2)} keeps them above lam*W/2")
        out.append(f"Theorem 2 (many layers): {_APPLIES[self.theorem2_applies]}"
                   + (f" ({self.theorem2_reason})" if self.theorem2_applies != "holds" else ""))
        if self.theorem2_applies != "fails":
            for r in self.theorem2[:3]:
                out.append("  " + _t2_summary(r))
        return out[:6]

    def __repr__(self) -> str:
        status = f" [{self.theorem1.status}]" if self.theorem1 is not None else ""
        return (f"TheoremsSection({self.activation!r}: Theorem 1 {_APPLIES[self.theorem1_applies]}{status}, "
                f"Theorem 2 {_APPLIES[self.theorem2_applies]})")

    def __str__(self) -> str:
        out = [f"Theorems for {self.activation}",
               f"Theorem 1 (large parameters): {_APPLIES[self.theorem1_applies]} - {self.theorem1_reason}"]
        if self.theorem1 is not None:
            out.append(str(self.theorem1))
        if self.threshold is not None:
            out.append("  " + str(self.threshold))
        out.append(f"Theorem 2 (many layers): {_APPLIES[self.theorem2_applies]} - {self.theorem2_reason}")
        out += [str(t) for t in self.theorem2]
        return "\n".join(out)


def _t2_summary(r: Theorem2Result) -> str:
    first = r.claims[0] if r.claims else None
    label = first.status if first is not None else "numeric"
    if r.regime == "aw>1":
        # "decays like rho^l" is the exact-rate claim (it also needs sigma C^2 near w z*), not the bound's label (R48a)
        exact = next((c for c in r.claims if c.statement.startswith("df/dw_1 = C*rho^l")), None)
        rate = f"decays like rho^l with rho = {num(r.rho, 4)} [{exact.status}]" if exact is not None else \
            f"<= x*sigma'(wx)*rho^(l-1) with rho = {num(r.rho, 4)} [{label}]"
        return f"w = {num(r.w, 4)} (aw > 1): z_k -> z* = {num(r.z_star, 5)}, df/dw_1 {rate}; depth {r.depth}: {r.ng(r.actual_df_dw1, 3)}"
    if r.regime == "aw=1":
        if r.p:
            expo = next((c for c in r.claims if c.statement.startswith("df/dw_1 = C(x)*l^(")), None)
            rate = (f"df/dw_1 = C(x)*l^(-{sp.Rational(r.p, r.p - 1)})*(1 + o(1)) as l -> oo, polynomial, not geometric "
                    f"[{expo.status if expo is not None else 'numeric'}]")
        else:
            # Without the leading term of sigma(z) - a*z nothing is known about the rate: a linear
            # piece of slope 1/w makes x a fixed point with df/dw_1 = x*sigma'(wx) at every depth.
            rate = "rate undecided (no leading term of sigma(z) - a*z found) [inconclusive]"
        return f"w = {num(r.w, 4)} (aw = 1): {rate}; depth {r.depth}: {r.ng(r.actual_df_dw1, 3)}"
    return (f"w = {num(r.w, 4)} (aw < 1): df/dw_1 <= x*sigma'(wx)*(aw)^(l-1), geometric decay [{label}]; "
            f"depth {r.depth}: {r.ng(r.actual_df_dw1, 3)}")


def theorems_section(act: Any, props: Properties | None = None, *, dps: int = 30,
                     theorem1_done: Callable[[], None] | None = None, full: bool = True) -> TheoremsSection:
    """Theorem 1 at c = 1, depth 10, j = 1 (W the larger of 10 and the hypotheses' minimum) with its
    threshold for tol = 1e-8, λ = 0.01; Theorem 2 at x = 1, w = 2 (depth 10) and w = 1/a (depth 100).
    ``theorem1_done()`` is called between the two (a progress line for the caller). ``full=False``
    leaves out Theorem 2's worked points where (H) fails (the summary does not show them)."""
    start = time.monotonic()
    sigma = activation(act)
    props = props if props is not None else check_properties(sigma, timeout=2.0)
    t1, thr, t1_applies, t1_reason = _section_theorem1(sigma, props, dps)
    if theorem1_done is not None:
        theorem1_done()
    t2_applies, t2_reason, t2 = _section_theorem2(sigma, props, dps, full)
    return TheoremsSection(sigma.name, t1_applies, t1_reason, t1, thr, t2_applies, t2_reason, tuple(t2),
                           time.monotonic() - start)


def _section_theorem1(sigma: Any, props: Properties, dps: int) -> tuple[Any, Any, Verdict, str]:
    p2 = check_vanishing_at_plus_infinity(sigma, props)
    lim = props.positive_limit
    if p2.verdict == "fails":
        return None, None, "fails", f"property 2 at +oo fails: {p2.detail}"
    if lim.verdict == "fails":
        return None, None, "fails", f"property 3 fails: {lim.detail or lim.value}"
    try:
        with mpmath.workdps(dps):
            setup = _t1_setup(sigma, props, dps)
            W = max(mpmath.mpf(10), 2 * setup.tau0 / min(mpmath.mpf(1), setup.L / 2))
            t1 = _theorem1_at(setup, mpmath.mpf(1), W, 10, 1, mpmath.mpf(1), mpmath.mpf("0.01"))
            if mpmath.isinf(t1.g.value):
                # The g-search found |t sigma'(t)| not vanishing: one report, one answer on property 2.
                return t1, None, "fails", (f"property 2 at +oo fails numerically: {t1.g.detail} (the property check "
                                           f"said {p2.verdict} ({p2.method}))")
            thr = _threshold(setup, mpmath.mpf(1), 10, 1, mpmath.mpf("1e-8"), mpmath.mpf("0.01"), mpmath.mpf(1), sp.Integer(1))
    except VGTheoryError as exc:
        applies: Verdict = "fails" if "does not apply" in str(exc) else "inconclusive"
        return None, None, applies, str(exc)
    applies = "holds" if t1.verdict == "holds" else "inconclusive"
    reason = ("hypotheses: sigma is C^1 on (0, oo), property 2 at +oo, property 3 (property 1 is not used); bound "
              + ("proved" if t1.status == "proved" else f"numeric ({', '.join(t1.unproved)} not proved)"))
    return t1, thr, applies, reason


def _section_theorem2(sigma: Any, props: Properties, dps: int, full: bool = True) -> tuple[Verdict, str, list[Theorem2Result]]:
    lin = props.linear_at_origin
    if lin.verdict == "fails":
        return "fails", f"it needs property 4 (sigma(0) = 0, sigma'(0) = a > 0), which fails: {lin.detail}", []
    H = hypothesis_H(sigma, props)
    if H.verdict == "fails" and not full:
        # the worked points cost a cold CLI check up to 0.5 s, and the summary of a failing theorem shows none
        return "fails", f"its rates need (H), which fails: {H.detail}", []
    t2: list[Theorem2Result] = []
    error = ""
    near0 = _near_zero(sigma, props)  # shared by both points: it depends on sigma only
    try:
        t2.append(_theorem2(sigma, props, H, 2, 1, 10, 1, dps, 0.4, near0))
        if lin.value is not None and lin.method == "symbolic":
            t2.append(_theorem2(sigma, props, H, 1 / lin.value, 1, 100, 1, dps, 0.4, near0))
    except VGTheoryError as exc:
        error = str(exc)
    if H.verdict == "fails":
        return "fails", f"its rates need (H), which fails: {H.detail}", t2
    if error:
        return "inconclusive", f"(H): {H.verdict} ({H.method}); {error}", t2
    applies: Verdict = "holds" if lin.verdict == "holds" and H.verdict == "holds" else "inconclusive"
    how = "proved" if H.proved else f"{H.verdict} ({H.method}): statements under (H) are not labelled proved"
    return applies, f"property 4: {lin.verdict}, a = {claim_text(lin.value)}; (H) {how}", t2


# -- table for docs/theory.md ------------------------------------------------------------------------------


def table(names: Sequence[str] = TABLE_ACTIVATIONS, dps: int = 30) -> list[dict[str, str]]:
    """a, L, B, τ₀, z* and ρ at w = 2 for each activation (property constants from vgtheory.properties.four)."""
    rows = []
    for name in names:
        sigma = activation(name)
        props = check_properties(sigma)
        with mpmath.workdps(dps):
            lin = props.linear_at_origin
            row = {"activation": name, "formula": str(sigma.expr),
                   "a": str(lin.value) if lin.verdict == "holds" else f"fails ({lin.witness.get('sigma(0)', '')})",
                   "L": str(props.positive_limit.value), "B": (">= " if props.bounded.relation == ">=" else "") + num(mp(props.bounded.value), 10)}
            try:
                setup = _t1_setup(sigma, props, dps)
                row["tau0"] = num(setup.tau0, 10)
            except VGTheoryError:
                row["tau0"] = "n/a"
            if lin.verdict == "holds":
                r = theorem2(sigma, w=2, x=1, depth=10, dps=dps, props=props)
                row.update(regime=r.regime, z_star=num(r.z_star, 10), rho=num(r.rho, 10))
            else:
                # Without σ(0) = 0 the fixed point still exists; report it but mark that Theorem 2 does not apply.
                zs, _, _ = fixed_point(lambda z, s=sigma: s.value(2 * z), mpmath.mpf(1))
                row.update(regime="n/a (property 4 fails)", z_star=num(zs, 10), rho=num(2 * sigma.slope(2 * zs), 10))
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


def _main_closing_quietly() -> int:
    """main(), ending as SIGPIPE would when the reader goes away (``... | head``), not in a traceback."""
    import os

    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    raise SystemExit(_main_closing_quietly())
