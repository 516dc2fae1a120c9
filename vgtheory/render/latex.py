r"""LaTeX derivations of the chain model's gradient, checked by sympy and compiled by pdflatex.

:func:`derivation` writes a complete, self-contained article for one activation σ and depth l:

* the model :math:`z_0 = x,\ z_k = \sigma(w_k z_{k-1}),\ f_w(x) = z_l`, with σ and σ';
* for every j the chain rule written factor by factor in the product form

  .. math:: \frac{\partial f}{\partial w_j} = z_{j-1}\,\sigma'(w_j z_{j-1})
            \prod_{k=j+1}^{l} w_k\,\sigma'(w_k z_{k-1}),

  with a record of how each product was checked against sympy's own ``diff`` of the nested
  composition (structurally, or numerically at fixed sample points when sympy writes the
  derivative differently), and the same identity for an undefined σ (exact);
* :math:`\partial\ell/\partial w_j = (z_l - y)\,\partial f/\partial w_j` for the least-squares loss
  :math:`\ell = (f-y)^2/2` (:data:`vgtheory.core.chain.LOSS_CONVENTION`);
* the four property computations of :mod:`vgtheory.properties.four` with verdicts and methods;
* the instantiated theorems of :mod:`vgtheory.theorems.section` (when that module is installed).

Every displayed factor is followed by a LaTeX comment ``%@vgtheory factor j=J i=I <srepr>``
and every layer definition by ``%@vgtheory z k=K <srepr>``, so a program can rebuild each
product from the document itself and compare it with ``sympy.diff`` (see ``tests/test_latex.py``).
Nested compositions are written with the shorthand z_k, never fully expanded, so that the page
width does not depend on the depth. The output uses only ``amsmath``, ``amssymb``, ``amsthm``
and ``geometry`` (all in texlive-latex-base/-recommended) and contains no date, so regenerating
gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import sympy as sp

from vgtheory.core.activations import Activation, Z, activation
from vgtheory.core.chain import LOSS_CONVENTION
from vgtheory.core.chain_rule import TermCheck, generic_chain_rule_holds, verify_chain_rule
from vgtheory.render.figure_io import check_directory
from vgtheory.render.latex_build import LatexBuild, LatexError, compile_latex
from vgtheory.render.latex_text import checker_text, harden_fragment, tex_escape, witness_latex

__all__ = [
    "LatexError",
    "LatexBuild",
    "DerivationFiles",
    "TermCheck",
    "derivation",
    "write_derivation",
    "compile_latex",
    "verify_chain_rule",
    "tex_escape",
    "checker_text",
    "witness_latex",
    "harden_fragment",
]

#: Deepest chain a derivation is written for: the document has O(l^2) factors.
MAX_DEPTH = 12
#: Rough number of characters of typeset math that fit on one display line of the page below.
LINE_WIDTH = 70

def _title_sigma(sigma: Activation) -> str:
    """σ for the title, typeset ($\\sigma(z) = \\tanh{\\left(z \\right)}$, after the registry name if
    there is one), not the ASCII formula; a formula too long for a title is named only."""
    tex = sp.latex(sigma.expr)
    named = sigma.source == "registry"
    if len(tex) > 90:
        return f"$\\sigma$ = {tex_escape(sigma.name)}" if named else "the activation of Section 1"
    return f"{tex_escape(sigma.name)}, $\\sigma(z) = {tex}$" if named else f"$\\sigma(z) = {tex}$"


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2.2cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{amsthm}
\allowdisplaybreaks
\sloppy
\newtheorem{theorem}{Theorem}
\newtheorem{lemma}[theorem]{Lemma}
\newtheorem{proposition}[theorem]{Proposition}
\newtheorem{corollary}[theorem]{Corollary}
\theoremstyle{definition}
\newtheorem{definition}[theorem]{Definition}
\theoremstyle{remark}
\newtheorem{remark}[theorem]{Remark}
"""


def _term_sentence(check: TermCheck) -> str:
    """How one product was checked, as a LaTeX sentence fragment."""
    if check.method == "structural":
        return "sympy's derivative and the product are products of identical factors"
    if check.method == "unchecked":
        return ("sympy's derivative could not be built within its time budget or evaluated at any sample point, so "
                "this product is not checked")
    return (
        f"sympy writes its derivative differently; the two agree at {check.points} sample points "
        f"to {check.digits} significant digits"
    )


def _visual_length(tex: str) -> int:
    """Estimate of the typeset width of math source in characters (commands count as one)."""
    tex = re.sub(r"\\(left|right|operatorname|mathrm|frac)\b", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)
    return len(re.sub(r"[{}\s]", "", tex))


def _wrapped(expr: sp.Expr, width: int = LINE_WIDTH) -> list[str]:
    r"""LaTeX of ``expr`` cut into lines at top-level ``+`` when it is wider than ``width``.

    Used inside ``aligned``/``align*``: the caller joins the pieces with ``\\ &\quad``.
    """
    tex = sp.latex(expr)
    if _visual_length(tex) <= width or not isinstance(expr, sp.Add):
        return [tex]
    lines: list[str] = []
    for term in sp.Add.make_args(expr):
        piece = sp.latex(term)
        sign = "" if piece.startswith("-") else "+ "
        if lines and _visual_length(lines[-1] + piece) <= width:
            lines[-1] += f" {sign}{piece}"
        else:
            lines.append(piece if not lines else f"{sign}{piece}")
    return lines


def _paren(tex: str, expr: sp.Expr) -> str:
    return f"\\left({tex}\\right)" if isinstance(expr, sp.Add) else tex


def _comment(kind: str, tag: str, expr: sp.Expr) -> str:
    return f"%@vgtheory {kind} {tag} {sp.srepr(expr)}"


# -- the document ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chain:
    """The shorthand symbols of one derivation: z_0..z_l, w_1..w_l and σ, σ' at w_k z_{k-1}."""

    sigma: Activation
    depth: int
    z: tuple[sp.Symbol, ...]
    w: tuple[sp.Symbol, ...]

    @classmethod
    def of(cls, sigma: Activation, depth: int) -> "_Chain":
        # Same names and assumptions as chain.symbolic_chain, so the srepr comments can be
        # substituted into its expressions.
        z = tuple(sp.Symbol(f"z_{k}", real=True) for k in range(depth + 1))
        w = tuple(sp.Symbol(f"w_{k}", real=True) for k in range(1, depth + 1))
        return cls(sigma, depth, z, w)

    def layer(self, k: int) -> sp.Expr:
        """σ(w_k z_{k-1})."""
        return self.sigma.expr.subs(Z, self.w[k - 1] * self.z[k - 1])

    def slope(self, k: int) -> sp.Expr:
        """σ'(w_k z_{k-1})."""
        return self.sigma.derivative_expr.subs(Z, self.w[k - 1] * self.z[k - 1])

    def slope_in_z(self, k: int) -> sp.Expr | None:
        """σ'(w_k z_{k-1}) written with z_k alone (1 − z_k² for tanh), when that is possible."""
        rewritten = self.slope(k).subs(self.layer(k), self.z[k])
        if rewritten.free_symbols <= {self.z[k]} and rewritten != self.slope(k):
            return rewritten
        return None


def derivation(
    act: Any, depth: int = 3, *, include_theorems: bool = True, include_properties: bool = True
) -> str:
    """A complete LaTeX document deriving ∂f/∂w_j and ∂ℓ/∂w_j of the depth-``depth`` chain for σ.

    ``act`` is anything :func:`vgtheory.activation` accepts but must be symbolic (a formula).
    The chain rule is checked against ``sympy.diff`` before anything is written. The property
    and theorem sections (the slow part: sympy limits) can be left out.
    """
    sigma = activation(act)
    if not sigma.is_symbolic:
        raise LatexError(f"activation {sigma.name!r} is a callable; a derivation needs a formula")
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise LatexError(f"depth must be an integer between 1 and {MAX_DEPTH}, got {depth!r}")
    chain = _Chain.of(sigma, depth)
    checks = verify_chain_rule(sigma, depth)
    props = _check_properties(sigma) if include_properties or include_theorems else None
    parts = [
        PREAMBLE,
        f"%@vgtheory activation {sp.srepr(sigma.expr)}",
        f"%@vgtheory depth {depth}",
        f"\\title{{Vanishing gradients of the depth-{depth} chain with {_title_sigma(sigma)}}}",
        "\\author{generated by vgtheory}",
        "\\date{}",
        "\\begin{document}",
        "\\maketitle",
        _activation_section(chain),
        _model_section(chain),
        _chain_rule_section(chain, checks),
        _loss_section(chain),
    ]
    if include_properties:
        parts.append(_properties_section(sigma, props))
    if include_theorems:
        parts.append(_theorems_section(sigma, props))
    parts.append("\\end{document}\n")
    return "\n".join(parts)


def _activation_section(chain: _Chain) -> str:
    sigma = chain.sigma
    lines = [
        "\\section{The activation}",
        f"The activation is {tex_escape(sigma.name)}, with derivative computed by sympy:",
        "\\begin{align*}",
        _aligned_equation(r"\sigma(z)", sigma.expr) + r"\\",
        _aligned_equation(r"\sigma'(z)", sigma.derivative_expr),
        "\\end{align*}",
    ]
    return "\n".join(lines)


def _aligned_equation(lhs: str, expr: sp.Expr) -> str:
    """``lhs &= expr`` for align*, continuing long sums on further lines."""
    pieces = _wrapped(expr)
    return f"{lhs} &= {pieces[0]}" + "".join(f"\\\\\n&\\quad {p}" for p in pieces[1:])


def _model_section(chain: _Chain) -> str:
    l = chain.depth
    lines = [
        "\\section{The chain model}",
        "Depth $l = %d$, one parameter per layer, input $x\\in\\mathbb{R}$, parameters "
        "$w = (w_1, \\dots, w_{%d})$:" % (l, l),
        "\\[ z_0 = x, \\qquad z_k = \\sigma(w_k z_{k-1}) \\quad (k = 1, \\dots, l), \\qquad f_w(x) = z_l. \\]",
        "Written out (nested compositions are kept in this shorthand):",
        "\\begin{align*}",
        "z_0 &= x\\\\",
    ]
    for k in range(1, l + 1):
        end = "\\\\" if k < l else ""
        lines.append(f"z_{{{k}}} &= \\sigma(w_{{{k}}} z_{{{k - 1}}}) = {sp.latex(chain.layer(k))}{end}")
        lines.append(_comment("z", f"k={k}", chain.layer(k)))
    lines.append("\\end{align*}")
    lines.append(f"and $f_w(x) = z_{{{l}}}$.")
    return "\n".join(lines)


def _chain_rule_section(chain: _Chain, checks: Sequence[TermCheck]) -> str:
    l = chain.depth
    lines = [
        "\\section{The chain rule}",
        "Since $z_j$ depends on $w_j$ only through $\\sigma(w_j z_{j-1})$, and $z_k$ for $k > j$ through "
        "$z_{k-1}$, the chain rule gives, with the empty product equal to $1$,",
        "\\[ \\frac{\\partial f}{\\partial w_j} = z_{j-1}\\,\\sigma'(w_j z_{j-1})"
        "\\prod_{k=j+1}^{l} w_k\\,\\sigma'(w_k z_{k-1}), \\qquad j = 1, \\dots, l. \\]",
    ]
    in_z = chain.slope_in_z(1)
    if in_z is not None:
        generic = in_z.subs(chain.z[1], sp.Symbol("z_k", real=True))
        lines.append(
            "For this $\\sigma$ each layer's slope is a function of the layer's output: "
            f"$\\sigma'(w_k z_{{k-1}}) = {sp.latex(generic)}$."
        )
    lines.append("Term by term, one layer per line:")
    for j in range(1, l + 1):
        lines.append(_product_block(chain, j))
    lines.append(
        "\\paragraph{Check against sympy.} Each product above was compared with sympy's derivative "
        "$\\partial z_l/\\partial w_j$ of the fully nested composition $f_w(x)$:"
    )
    lines.append("\\begin{itemize}")
    for check in checks:
        lines.append(f"\\item $j = {check.j}$: {_term_sentence(check)}.")
    lines.append("\\end{itemize}")
    if not generic_chain_rule_holds(l):
        raise LatexError("sympy's derivative for an undefined sigma differs from the product form")
    lines.append(
        "For an undefined differentiable $\\sigma$ (a sympy \\texttt{Function}) sympy's derivative of "
        "$\\sigma(w_l\\sigma(\\cdots\\sigma(w_1 x)))$ is, as an expression, exactly the product above with "
        "$\\sigma'$ left abstract. So the product form is the chain rule itself and holds for this $\\sigma$ "
        "wherever it is differentiable; the list checks the instantiated formulas as well."
    )
    return "\n".join(lines)


def _product_block(chain: _Chain, j: int) -> str:
    """``align*`` block for ∂f/∂w_j: the generic product, then one line per layer k ≥ j."""
    l = chain.depth
    generic = f"z_{{{j - 1}}}\\,\\sigma'(w_{{{j}}} z_{{{j - 1}}})"
    if j < l:
        generic += f"\\prod_{{k={j + 1}}}^{{{l}}} w_k\\,\\sigma'(w_k z_{{k-1}})"
    lines = ["\\begin{align*}", f"\\frac{{\\partial f}}{{\\partial w_{{{j}}}}} &= {generic}\\\\"]
    first = chain.slope(j)
    lines.append(f"&= z_{{{j - 1}}} \\cdot {_factor_tex(first)}")
    lines.append(_comment("factor", f"j={j} i=0", chain.z[j - 1]))
    lines.append(_comment("factor", f"j={j} i=1", first))
    for i, k in enumerate(range(j + 1, l + 1), start=1):
        lines.append(f"\\\\ &\\quad \\cdot w_{{{k}}} \\cdot {_factor_tex(chain.slope(k))}")
        lines.append(_comment("factor", f"j={j} i={2 * i}", chain.w[k - 1]))
        lines.append(_comment("factor", f"j={j} i={2 * i + 1}", chain.slope(k)))
    lines.append("\\end{align*}")
    return "\n".join(lines)


def _factor_tex(expr: sp.Expr) -> str:
    """One σ' factor; a long one is set in ``aligned`` over several lines."""
    pieces = _wrapped(expr, LINE_WIDTH - 15)
    if len(pieces) == 1:
        return _paren(pieces[0], expr)
    body = "\\\\ &".join(pieces)
    return f"\\left(\\begin{{aligned}}&{body}\\end{{aligned}}\\right)"


_LEAST_SQUARES = "least squares: loss(f, y) = (f - y)^2 / 2, so dloss/df = f - y"


def _loss_convention_tex() -> str:
    """:data:`vgtheory.core.chain.LOSS_CONVENTION` in words (the formulas follow in the sentence)."""
    if LOSS_CONVENTION == _LEAST_SQUARES:
        return r"least squares, \texttt{vgtheory.core.chain.LOSS\_CONVENTION}"
    return rf"\texttt{{{tex_escape(LOSS_CONVENTION)}}}"  # changed there: show it verbatim


def _loss_section(chain: _Chain) -> str:
    l = chain.depth
    lines = [
        "\\section{The loss}",
        f"Loss convention ({_loss_convention_tex()}): $\\ell(f, y) = \\tfrac12 (f - y)^2$, so "
        "$\\ell'(f, y) = f - y$ and",
        "\\begin{align*}",
    ]
    for j in range(1, l + 1):
        end = "\\\\" if j < l else ""
        lines.append(
            f"\\frac{{\\partial \\ell}}{{\\partial w_{{{j}}}}} &= (z_{{{l}}} - y)\\,"
            f"\\frac{{\\partial f}}{{\\partial w_{{{j}}}}}{end}"
        )
    lines += [
        "\\end{align*}",
        "with $\\partial f/\\partial w_j$ as above. Weight decay $\\tfrac{\\lambda}{2}\\lVert w\\rVert^2$ adds "
        "$\\lambda w_j$ to $\\partial\\ell/\\partial w_j$.",
    ]
    return "\n".join(lines)


def _check_properties(sigma: Activation) -> Any:
    """The four property results."""
    from vgtheory.properties.four import check_properties

    return check_properties(sigma)


def _properties_section(sigma: Activation, props: Any) -> str:
    from vgtheory.render.latex_theorems import properties_section

    return properties_section(props)


def _theorems_section(sigma: Activation, props: Any) -> str:
    # Imported here: the theorem renderers import the analyses, which import latex_text, not this module.
    from vgtheory.render.latex_theorems import theorems_section_latex

    return theorems_section_latex(sigma, props)


# -- files and pdflatex ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivationFiles:
    """What :func:`write_derivation` wrote."""

    tex: Path
    pdf: Path | None = None
    build: LatexBuild | None = None


def write_derivation(
    act: Any, path: str | Path, depth: int = 3, pdf: bool = False, *, include_theorems: bool = True
) -> DerivationFiles:
    """Write :func:`derivation` to ``path``; with ``pdf=True`` also compile it to ``path`` with .pdf."""
    tex_path = Path(path)
    if tex_path.suffix != ".tex":
        raise LatexError(f"the derivation is written to a .tex file, got {str(path)!r}")
    check_directory(tex_path, LatexError)
    source = derivation(act, depth, include_theorems=include_theorems)
    try:
        tex_path.write_text(source, encoding="utf-8")
    except OSError as exc:
        raise LatexError(f"cannot write {tex_path}: {exc.strerror or exc}") from None
    if not pdf:
        return DerivationFiles(tex_path)
    build = compile_latex(tex_path, tex_path.parent)
    return DerivationFiles(tex_path, build.pdf, build)



# -- command line -------------------------------------------------------------------------------------
