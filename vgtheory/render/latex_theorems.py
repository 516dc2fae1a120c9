r"""LaTeX rendering of the property and theorem results (body fragments, no preamble).

Renderers only: they read the frozen results of :mod:`vgtheory.properties.four`,
:mod:`vgtheory.theorems.hypotheses`, :mod:`vgtheory.theorems.theorem1`, :mod:`vgtheory.theorems.theorem2` and
:mod:`vgtheory.theorems.section`, and are never imported by them. Each result carries its statements as
plain ASCII and, where given, as LaTeX (``tex``, ``detail_tex``); ASCII without a LaTeX form is
typeset by :func:`vgtheory.render.latex_text.checker_text`.
"""

from __future__ import annotations

from typing import Any, Mapping

import sympy as sp

from vgtheory.theorems.hypotheses import Check
from vgtheory.render.latex_text import (
    checker_text, fill_slots, harden_fragment, key_latex, tex_escape, tex_number, value_latex
)
from vgtheory.theorems.theorem1 import GSup, Theorem1Result, Threshold
from vgtheory.theorems.theorem2 import Claim, Theorem2Result
from vgtheory.theorems.section import TheoremsSection

__all__ = [
    "check_latex",
    "claim_latex",
    "gsup_latex",
    "theorem1_latex",
    "threshold_latex",
    "theorem2_latex",
    "section_latex",
    "properties_section",
    "theorems_section_latex",
]

_REGIME_TEX = {"aw<1": "aw < 1", "aw=1": "aw = 1", "aw>1": "aw > 1"}
_APPLIES = {"holds": "applies", "fails": "does not apply", "inconclusive": "undecided"}


def _text_tex(text: str, tex: str) -> str:
    """``tex`` (its slots filled) when given, else the ASCII ``text`` escaped (with its ASCII math typeset)."""
    return fill_slots(tex) if tex else checker_text(text)


def _sentence(tex: str) -> str:
    """``tex`` ended by a full stop (unless it ends in one already or is empty)."""
    tex = tex.rstrip()
    return tex if not tex or tex.endswith((".", "!", "?")) else tex + "."


def check_latex(check: Check) -> str:
    """A hypothesis or confirmation as an ``\\item``."""
    detail = _sentence(_text_tex(check.detail, check.detail_tex))
    return (rf"\item {_text_tex(check.name, check.tex)}: \textbf{{{check.verdict}}} ({check.method})."
            + (f" {detail}" if detail else ""))


def claim_latex(claim: Claim) -> str:
    """A claim of Theorem 2 as a labelled ``\\item``."""
    detail = _text_tex(claim.detail, claim.detail_tex)
    label = "asymptotic (not a finite-depth bound)" if claim.status == "asymptotic" else claim.status
    return (rf"\item[{label}] {_text_tex(claim.statement, claim.tex)} (numbers: \textbf{{{claim.verdict}}}"
            + (f"; {detail})." if detail else ")."))


def _earned(v: Any, *earned: int | None, up: bool | None = None) -> str:
    """A number as :func:`tex_number` writes it, to no more digits than every count in ``earned`` (None: no bound;
    0: none, 'undetermined'): the digits the result's text shows (a float64 callable's, R25a-3; rho's, R31a-3)."""
    known = [d for d in earned if d is not None]
    if known and min(known) == 0:
        return r"\text{undetermined}"
    return tex_number(v, min([6, *known]), up)


def gsup_latex(g: GSup) -> str:
    return (rf"$g({tex_number(g.tau)}) = \sup_{{t\ge {tex_number(g.tau)}}} |t\sigma'(t)| = {_earned(g.value, g.shown_digits)}$, "
            rf"attained at $t = {tex_number(g.argmax)}$ ({g.method}; {_text_tex(g.detail, g.detail_tex)}).")


def theorem1_latex(r: Theorem1Result) -> str:
    reg = ("" if r.lam is None else
           rf" With weight decay $\lambda = {tex_number(r.lam)}$: $|\partial_{{w_{{{r.j}}}}}(\ell + \tfrac{{\lambda}}{{2}}\|w\|^2)|"
           rf" \ge \lambda W - |\partial\ell/\partial w_{{{r.j}}}| \ge {tex_number(r.reg_lower, up=False)}$ (actual ${tex_number(r.actual_reg)}$).")
    hyps = "\n".join(check_latex(h) for h in r.hypotheses + r.notes)
    status = (r"The bound is \textbf{proved} for this $\sigma$: every hypothesis is proved symbolically."
              if r.status == "proved" else
              r"The bound is \textbf{not proved} for this $\sigma$ (numeric): "
              + checker_text(", ".join(r.unproved)) + " not proved symbolically.")
    return (
        rf"\paragraph{{Theorem 1 (large parameters), $\sigma = {fill_slots(r.activation_tex)}$.}} "
        rf"For $x \ge c = {tex_number(r.c)}$, $w_k \ge W = {tex_number(r.W)}$, depth $l = {r.depth}$, $j = {r.j}$: "
        rf"$L = {tex_number(r.L)}$, $\sigma(t)\ge L/2$ for $t \ge \tau_0 = {tex_number(r.tau0)}$, "
        rf"$\tau = W\min(c, L/2) = {tex_number(r.tau)}$, $g(\tau) = {_earned(r.g.value, r.shown_digits)}$ ({r.g.method}), and"
        "\n\\begin{gather*} |\\partial f/\\partial w_{%d}| \\le \\frac{g(\\tau)}{W}\\Bigl(\\frac{2g(\\tau)}{L}\\Bigr)^{l-j} = %s,"
        "\\\\ |\\partial \\ell/\\partial w_{%d}| \\le |\\ell'|\\cdot %s = %s. \\end{gather*}\n"
        % (r.j, _earned(r.bound_df, r.shown_digits, up=True), r.j, _earned(r.bound_df, r.shown_digits, up=True),
           _earned(r.bound_loss, r.shown_digits, up=True))
        + status + " "
        + rf"The exact gradient at $w_k = W$, $x = c$ ({r.dps} digits) is $|\partial f/\partial w_{{{r.j}}}| = {_earned(r.actual_df, r.shown_digits)}$: "
        rf"\textbf{{{r.confirmation.verdict}}}.{reg}"
        + "\n\\begin{itemize}\n" + hyps + "\n\\end{itemize}"
    )


def threshold_latex(t: Threshold) -> str:
    return (rf"For $W \ge W^* = {tex_number(t.W_star)}$ (with $c = {tex_number(t.c)}$, $l = {t.depth}$, $j = {t.j}$, "
            rf"$|\ell'| \le {tex_number(t.residual)}$): $|\partial\ell/\partial w_{{{t.j}}}| \le {tex_number(t.bound_loss, up=True)} < "
            rf"{tex_number(t.tol)}$ while the gradient with weight decay $\lambda = {tex_number(t.lam)}$ exceeds $\lambda W/2$ "
            rf"({t.method}; {_text_tex(t.detail, t.detail_tex)}).")


def theorem2_latex(r: Theorem2Result) -> str:
    claims = "\n".join(claim_latex(c) for c in r.claims)
    extra = "" if r.s_threshold is None else rf" Scaling threshold: $s \gtrsim {tex_number(r.s_threshold)}$."
    shown, rho = r.shown_digits, r.rho_digits
    fixed = (rf"$z^* = {_earned(r.z_star, shown)}$, $\rho = w\sigma'(wz^*) = {_earned(r.rho, shown, rho)}$. "
             if r.regime == "aw>1" else "")
    extra_checks = "".join(check_latex(c) + "\n" for c in (r.smooth_near_fixed_point, r.onset, r.near_zero) if c is not None)
    return (
        rf"\paragraph{{Theorem 2 (many layers), $\sigma = {fill_slots(r._activation_tex)}$, $w = {tex_number(r.w)}$, $x = {tex_number(r.x)}$, "
        rf"$l = {r.depth}$, $s = {tex_number(r.s)}$.}} $a = {tex_number(r.a)}$, $aw = {tex_number(r.aw)}$ "
        rf"(regime ${_REGIME_TEX[r.regime]}$, {r.regime_method}). {fixed}Exact $\partial f/\partial w_1 = {_earned(r.actual_df_dw1, shown, r.gradient_digits)}$ "
        rf"({min(d for d in (r.dps, shown, r.gradient_digits) if d is not None)} digits), predicted ${_earned(r.predicted, shown, rho)}$ ({r.prediction_kind_tex}); "
        rf"$s\to\infty$ limit $a^l w^{{l-1}} x = {tex_number(r.s_limit_df_dw1(r.depth))}$; naive scaling "
        rf"$s\sigma(u)$ gives ${_earned(r.naive_df_dw1, shown, r.gradient_digits)}$.{extra}"
        + "\n\\begin{itemize}\n" + check_latex(r.hypothesis_H) + "\n" + extra_checks + claims + "\n\\end{itemize}"
    )


def section_latex(section: TheoremsSection) -> str:
    """The theorems section of a report as LaTeX paragraphs."""
    reason1 = _sentence(checker_text(section.theorem1_reason))
    reason2 = _sentence(checker_text(section.theorem2_reason))
    parts = [rf"\paragraph{{Theorem 1 {_APPLIES[section.theorem1_applies]}.}} {reason1}"]
    if section.theorem1 is not None:
        parts.append(theorem1_latex(section.theorem1))
    if section.threshold is not None:
        parts.append(threshold_latex(section.threshold))
    parts.append(rf"\paragraph{{Theorem 2 {_APPLIES[section.theorem2_applies]}.}} {reason2}")
    parts += [theorem2_latex(t) for t in section.theorem2]
    return "\n\n".join(parts)


# -- the derivation's sections ------------------------------------------------------------------------

# Per property: heading, statement, and the quantity whose value the checker reports.
_PROPERTY_TEXT: Mapping[str, tuple[str, str, str]] = {
    "bounded": ("Boundedness", r"$\sup_{z}|\sigma(z)| < \infty$", r"B = \sup_{z\in\mathbb{R}} |\sigma(z)|"),
    "vanishing_derivative": (
        "Rapidly vanishing derivative",
        r"$z\,\sigma'(z) \to 0$ as $|z| \to \infty$",
        r"\lim_{|z|\to\infty} z\,\sigma'(z)",
    ),
    "positive_limit": (
        "Strictly positive limit",
        r"$L = \lim_{z\to+\infty} \sigma(z)$ exists, is finite and $L > 0$",
        r"L = \lim_{z\to+\infty} \sigma(z)",
    ),
    "linear_at_origin": (
        "Linearity at the origin",
        r"$\sigma(z)/z \to a$ as $z \to 0$ for some $a > 0$ (so $\sigma(0) = 0$, $\sigma'(0) = a$)",
        r"a = \lim_{z\to 0} \sigma(z)/z",
    ),
}


def properties_section(props: Any) -> str:
    """The four property results as a LaTeX section."""
    lines = [
        "\\section{The four properties}",
        "Computed by \\texttt{vgtheory.properties.four}: \\emph{symbolic} verdicts come from sympy limits and "
        "ranges, \\emph{numeric} ones from mpmath evaluations (evidence, not proof).",
        "\\begin{enumerate}",
    ]
    for result in props:
        heading, statement, quantity = _PROPERTY_TEXT.get(result.name, (result.name, "", ""))
        value = "\\text{not established}" if result.value is None else sp.latex(result.value)
        precision = getattr(result, "precision", None)
        how = result.method if not precision else f"{result.method}, {precision}"
        lines.append(f"\\item \\textbf{{{tex_escape(heading)}}}: {statement or checker_text(result.statement)}.")
        # A failed property whose quantity does not exist (zσ' → ∞) shows its witness, not "not established".
        if quantity and not (result.value is None and result.verdict == "fails"):
            # A sampled sup is a lower bound, a numeric value an estimate: '=' stated 0.9858 as sup|σ| = 1 (R21b-1).
            relation = r"\ge" if result.relation == ">=" else r"\approx" if result.method == "numeric" else "="
            lines.append(f"\\[ {quantity} {relation} {value} \\]")
        lines.append(f"Verdict: \\textbf{{{tex_escape(result.verdict)}}} ({checker_text(how)}).")
        if result.witness:
            lines.append("Witness:")
            lines.append("\\begin{itemize}")
            for key, text in result.witness.items():
                lines.append(f"\\item {key_latex(key)} $=$ {value_latex(text)}")
            lines.append("\\end{itemize}")
        if result.detail:
            lines.append(f"{checker_text(result.detail)}.")
    lines.append("\\end{enumerate}")
    return "\n".join(lines)


def theorems_section_latex(sigma: Any, props: Any) -> str:
    """The derivation's theorems section: :func:`vgtheory.theorems.section.theorems_section` rendered."""
    from vgtheory.properties.four import check_real_valued
    from vgtheory.theorems.section import theorems_section

    # As in check's report: the theorems assume σ: ℝ → ℝ (a complex σ' has no sign to test: R10a-3).
    real = check_real_valued(sigma)
    if real.verdict == "fails":
        return ("\\section{Theorems}\nThe theorems assume $\\sigma\\colon \\mathbb{R} \\to \\mathbb{R}$ and are not "
                f"instantiated: {checker_text(real.detail)}.")
    body = harden_fragment(section_latex(theorems_section(sigma, props)))
    return "\\section{Theorems}\n" + body
