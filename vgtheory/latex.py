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
  :math:`\ell = (f-y)^2/2` (:data:`vgtheory.chain.LOSS_CONVENTION`);
* the four property computations of :mod:`vgtheory.properties` with verdicts and methods;
* the instantiated theorems of :mod:`vgtheory.theorems` (when that module is installed).

Every displayed factor is followed by a LaTeX comment ``%@vgtheory factor j=J i=I <srepr>``
and every layer definition by ``%@vgtheory z k=K <srepr>``, so a program can rebuild each
product from the document itself and compare it with ``sympy.diff`` (see ``tests/test_latex.py``).
Nested compositions are written with the shorthand z_k, never fully expanded, so that the page
width does not depend on the depth. The output uses only ``amsmath``, ``amssymb``, ``amsthm``
and ``geometry`` (all in texlive-latex-base/-recommended) and contains no date, so regenerating
gives the same bytes.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Sequence

import mpmath
import sympy as sp

from .activations import Activation, Z, activation
from .chain import LOSS_CONVENTION, symbolic_chain
from .latex_build import LatexBuild, LatexError, compile_latex
from .latex_text import checker_text, harden_fragment, tex_escape, witness_latex

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
    "add_latex_arguments",
    "cli_latex",
    "register_cli",
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

Method = Literal["structural", "numeric"]

# -- checks of the chain rule --------------------------------------------------------------------


@dataclass(frozen=True)
class TermCheck:
    """How the product form of ∂f/∂w_j was checked against ``sympy.diff`` of f = z_l.

    ``method`` is ``structural`` (the difference is 0 as sympy builds it: an exact check) or
    ``numeric`` (equal at ``points`` fixed sample points to ``digits`` significant digits).
    ``sympy.simplify`` is deliberately not tried: on compositions with Abs or several terms it
    can run for minutes, and it swallows the timer exception that would stop it.
    """

    j: int
    method: Method
    points: int = 0
    digits: int = 0

    def sentence(self) -> str:
        """The check as a LaTeX sentence fragment."""
        if self.method == "structural":
            return "sympy's derivative and the product are identical expressions"
        return (
            f"sympy writes its derivative differently; the two agree at {self.points} sample points "
            f"to {self.digits} significant digits"
        )


# Sample points for the numeric check: fixed numbers, so the document is reproducible, chosen
# away from 0 and from each other so that kinks (|z| at 0) and coincidences are avoided.
_SAMPLES = (
    ("0.7", ("1.3", "-0.6", "0.9", "1.7", "-1.1", "0.45", "1.05", "-0.85", "0.6", "1.45", "-0.95", "0.75")),
    ("-1.2", ("0.8", "1.9", "-1.4", "0.35", "2.2", "-0.75", "1.35", "0.55", "-1.65", "0.9", "1.2", "-0.4")),
    ("2.1", ("-0.55", "0.65", "1.15", "-1.6", "0.95", "1.25", "-0.7", "1.85", "0.5", "-1.05", "0.8", "1.6")),
)
_NUMERIC_DIGITS = 30


def verify_chain_rule(act: Any, depth: int) -> tuple[TermCheck, ...]:
    """Check, for j = 1..depth, that the product form of ∂f/∂w_j equals sympy's ∂(z_l)/∂w_j.

    Raises :class:`LatexError` if some product differs (that would be a bug in the chain model).
    """
    chain = symbolic_chain(act, depth)
    checks = []
    for j, (wj, product) in enumerate(zip(chain.w, chain.df_dw), start=1):
        difference = sp.diff(chain.output, wj) - product
        checks.append(_check_zero(j, difference, chain.x, chain.w))
    return tuple(checks)


def _check_zero(j: int, difference: sp.Expr, x: sp.Symbol, w: Sequence[sp.Symbol]) -> TermCheck:
    if difference == 0:
        return TermCheck(j, "structural")
    fn = sp.lambdify((x, *w), difference, modules=["mpmath"])
    with mpmath.workdps(_NUMERIC_DIGITS + 20):
        for x_val, w_vals in _SAMPLES:
            value = fn(mpmath.mpf(x_val), *(mpmath.mpf(v) for v in w_vals[: len(w)]))
            # The difference must vanish to the working precision (the derivatives are O(1) here).
            if not abs(value) <= mpmath.mpf(10) ** (-_NUMERIC_DIGITS):
                raise LatexError(f"the product form of df/dw_{j} differs from sympy's derivative at x = {x_val}")
    return TermCheck(j, "numeric", len(_SAMPLES), _NUMERIC_DIGITS)



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
        lines.append(f"\\item $j = {check.j}$: {check.sentence()}.")
    lines.append("\\end{itemize}")
    if not _generic_chain_rule_holds(l):
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


def _generic_chain_rule_holds(depth: int) -> bool:
    """Whether sympy's diff of σ(w_l σ(… σ(w_1 x))) for an undefined σ is exactly the product form."""
    s = sp.Function("sigma", real=True)
    x = sp.Symbol("x", real=True)
    w = sp.symbols(f"w_1:{depth + 1}", real=True)
    z: list[sp.Expr] = [x]
    for wk in w:
        z.append(s(wk * z[-1]))

    def slope(t: sp.Expr) -> sp.Expr:
        xi = sp.Dummy("xi")
        return sp.Subs(sp.Derivative(s(xi), xi), xi, t)

    for j in range(depth):
        product = z[j] * slope(w[j] * z[j]) * sp.Mul(*[w[k] * slope(w[k] * z[k]) for k in range(j + 1, depth)])
        if sp.diff(z[-1], w[j]) - product != 0:
            return False
    return True


_LEAST_SQUARES = "least squares: loss(f, y) = (f - y)^2 / 2, so dloss/df = f - y"


def _loss_convention_tex() -> str:
    """:data:`vgtheory.chain.LOSS_CONVENTION` in words (the formulas follow in the sentence)."""
    if LOSS_CONVENTION == _LEAST_SQUARES:
        return r"least squares, \texttt{vgtheory.chain.LOSS\_CONVENTION}"
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
    from .properties import check_properties

    return check_properties(sigma)


def _properties_section(sigma: Activation, props: Any) -> str:
    from .latex_theorems import properties_section

    return properties_section(props)


def _theorems_section(sigma: Activation, props: Any) -> str:
    # Imported here: the theorem renderers import the analyses, which import latex_text, not this module.
    from .latex_theorems import theorems_section_latex

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
    source = derivation(act, depth, include_theorems=include_theorems)
    try:
        tex_path.parent.mkdir(parents=True, exist_ok=True)
        tex_path.write_text(source, encoding="utf-8")
    except OSError as exc:
        raise LatexError(f"cannot write {tex_path}: {exc.strerror or exc}") from None
    if not pdf:
        return DerivationFiles(tex_path)
    build = compile_latex(tex_path, tex_path.parent)
    return DerivationFiles(tex_path, build.pdf, build)



# -- command line -------------------------------------------------------------------------------------


def add_latex_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``vgtheory latex EXPR --depth L -o FILE.tex [--pdf]``."""
    parser.add_argument("activation", metavar="EXPR", help="registry name or formula in x or z")
    parser.add_argument("--depth", type=int, default=3, help="depth l of the chain (default 3)")
    parser.add_argument("-o", "--output", help="the .tex file to write (default: NAME-depthL.tex)")
    parser.add_argument("--pdf", action="store_true", help="also compile it with pdflatex")
    parser.add_argument("--no-theorems", action="store_true", help="leave out the theorems section")


def cli_latex(args: argparse.Namespace) -> int:
    """Run ``vgtheory latex``: write the derivation (and PDF); print the files written."""
    sigma = activation(args.activation)
    output = args.output or f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', sigma.name)}-depth{args.depth}.tex"
    files = write_derivation(sigma, output, args.depth, pdf=args.pdf, include_theorems=not args.no_theorems)
    print(files.tex)
    if files.pdf is not None:
        print(files.pdf)
    return 0


def register_cli(subparsers: Any) -> None:
    """Add the ``latex`` subcommand to ``vgtheory``'s subparsers (found by :mod:`vgtheory.cli`)."""
    parser = subparsers.add_parser("latex", help="write a LaTeX derivation of the chain-rule gradient")
    add_latex_arguments(parser)
    parser.set_defaults(func=cli_latex)
