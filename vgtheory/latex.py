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
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Mapping, Sequence

import mpmath
import sympy as sp

from .activations import Activation, Z, activation
from .chain import LOSS_CONVENTION, symbolic_chain
from .errors import VGTheoryError

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


class LatexError(VGTheoryError):
    """A derivation could not be written or compiled (pdflatex missing, or a LaTeX error)."""


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


# -- text helpers --------------------------------------------------------------------------------

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"$<$",
    ">": r"$>$",
    "|": r"$|$",
}

# Unicode that the checkers and users write, as LaTeX (pdflatex has no glyphs for most of it).
_UNICODE = {
    "σ": r"$\sigma$", "τ": r"$\tau$", "λ": r"$\lambda$", "ρ": r"$\rho$", "ℓ": r"$\ell$",
    "α": r"$\alpha$", "β": r"$\beta$", "γ": r"$\gamma$", "δ": r"$\delta$", "ε": r"$\varepsilon$",
    "π": r"$\pi$", "μ": r"$\mu$", "θ": r"$\theta$", "Σ": r"$\Sigma$", "Π": r"$\Pi$",
    "∞": r"$\infty$", "→": r"$\to$", "≤": r"$\le$", "≥": r"$\ge$", "≠": r"$\ne$", "≈": r"$\approx$",
    "·": r"$\cdot$", "×": r"$\times$", "−": "-", "–": "--", "—": "---", "∂": r"$\partial$",
    "′": "'", "’": "'", "‘": "`", "“": "``", "”": "''", "±": r"$\pm$", "√": r"$\surd$",
    "∈": r"$\in$", "ℝ": r"$\mathbb{R}$", "∏": r"$\prod$", "∑": r"$\sum$", "…": r"\dots{}",
    "²": r"$^2$", "³": r"$^3$", "₀": r"$_0$", "₁": r"$_1$", "₂": r"$_2$", "ₖ": r"$_k$", "ₗ": r"$_l$",
    "‖": r"$\|$", "∘": r"$\circ$", "⋯": r"$\cdots$",
}

# The plain-ASCII vocabulary of the property checkers' witnesses ("lim z*sigma'(z), z->+oo").
_ASCII_MATH = re.compile(
    r"\|[A-Za-z0-9*'().+\-/^]+\|"  # |z|, |z*sigma'(z)|
    r"|(?:\b[a-z]\*)?\bsigma\b'*(?:\([A-Za-z0-9.+\-/^]*\))?"  # sigma, sigma'', sigma(0), z*sigma'(z)
    r"|(?<![\w'])[ztx](?![\w'(-])"  # the variables z, t, x standing alone
    r"|\+-oo\b|[+-]?\boo\b|->|<=|>=|!="
)
_ASCII_MATH_TEX = {"->": r"$\to$", "<=": r"$\le$", ">=": r"$\ge$", "!=": r"$\ne$"}


def tex_escape(text: str) -> str:
    """``text`` as LaTeX text-mode source: specials escaped, non-ASCII mapped or named.

    Characters without a LaTeX equivalent here are written as ``[U+XXXX]`` so that pdflatex
    never meets a character it cannot typeset.
    """
    out = []
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _UNICODE:
            out.append(_UNICODE[ch])
        elif ch == "\n" or ch == "\t":
            out.append(" ")
        elif ord(ch) < 32 or ord(ch) == 127:
            continue
        elif ord(ch) < 128:
            out.append(ch)
        else:
            ascii_form = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(tex_escape(ascii_form) if ascii_form else f"[U+{ord(ch):04X}]")
    return "".join(out)


def checker_text(text: str) -> str:
    """A checker's plain ASCII text for LaTeX text mode, with ``sigma``, ``oo``, ``->``, ``<=``,
    ``>=``, ``!=`` and the variables typeset as the symbols they stand for."""
    pieces, last = [], 0
    for m in _ASCII_MATH.finditer(text):
        pieces.append(tex_escape(text[last : m.start()]))
        token = m.group(0)
        if "sigma" in token or token.startswith("|") or len(token) == 1:
            pieces.append(f"${_key_math(token)}$")
        elif token.endswith("oo"):
            sign = {"+-": r"\pm", "+": "+", "-": "-"}.get(token[:-2], "")
            pieces.append(f"${sign}\\infty$")
        else:
            pieces.append(_ASCII_MATH_TEX[token])
        last = m.end()
    pieces.append(tex_escape(text[last:]))
    # Neighbouring formulas separated by spaces become one ("$z$ $\to$ $+\infty$" -> "$z \to +\infty$").
    return re.sub(r"(?<!\\)\$\s+\$", " ", "".join(pieces))


_KEY_CHARS = re.compile(r"^[A-Za-z0-9 ()|*+\-/.,'=<>!]*(\^[A-Za-z0-9][A-Za-z0-9 ()|*+\-/.,'=<>!]*)*$")
_KEY_LIMIT = re.compile(r"^lim (.+), z->(\+oo|-oo|0\+|0-)$")
_KEY_TOKENS = re.compile(r"sigma'?|\+-oo|oo|->|<=|>=|!=|\*|lim|sup|max|min|[A-Za-z]{2,}|.", re.DOTALL)
_KEY_TEX = {
    "sigma": r"\sigma", "sigma'": r"\sigma'", "oo": r"\infty", "+-oo": r"\pm\infty", "->": r"\to ",
    "<=": r"\le ", ">=": r"\ge ", "!=": r"\ne ", "*": r"\,", "lim": r"\lim ", "sup": r"\sup ",
    "max": r"\max ", "min": r"\min ", " ": r"\ ", "|": r"|",
}


def _key_latex(key: str) -> str:
    """A witness key in the checkers' ASCII math (``lim z*sigma'(z), z->+oo``) as inline math.

    Keys with characters outside that small vocabulary are escaped as text instead.
    """
    if not _KEY_CHARS.match(key):
        return checker_text(key)
    m = _KEY_LIMIT.match(key)
    if m:
        body, point = m.groups()
        to = {"+oo": r"+\infty", "-oo": r"-\infty", "0+": "0^+", "0-": "0^-"}[point]
        return f"$\\lim_{{z\\to {to}}} {_key_math(body)}$"
    return f"${_key_math(key)}$"


def _key_math(text: str) -> str:
    out = []
    for token in _KEY_TOKENS.findall(text):
        if token in _KEY_TEX:
            out.append(_KEY_TEX[token])
        elif len(token) > 1 and token.isalpha():
            out.append(f"\\text{{{token}}}")
        else:
            out.append(token)
    return "".join(out)


def _single_math(tex: str) -> bool:
    """Whether ``tex`` is exactly one inline formula ``$...$``."""
    return len(tex) > 2 and tex.startswith("$") and tex.endswith("$") and tex.count("$") == 2


def witness_latex(witness: Mapping[str, str], separator: str = ", ") -> str:
    r"""A property checker's witness ``{key: value}`` as LaTeX, e.g. ``$\lim_{z\to +\infty} z\,\sigma'(z) = 0$``.

    Keys in the checkers' ASCII math become formulas (:func:`_key_latex`); values are parsed by
    :func:`vgtheory.parsing.parse_formula` (never ``eval``/``sympify``) and typeset by
    ``sympy.latex``, or escaped as ``\texttt`` text when they are not formulas.
    """
    items = []
    for key, value in witness.items():
        k, v = _key_latex(key), _value_latex(value)
        items.append(f"{k[:-1]} = {v[1:]}" if _single_math(k) and _single_math(v) else f"{k} $=$ {v}")
    return separator.join(items)


_MATH_ENVS = re.compile(r"\\begin\{(equation|align|gather|multline|displaymath|math|eqnarray)(\*?)\}")
_TEXT_FIXES = {"^": r"\textasciicircum{}", "<": r"$<$", ">": r"$>$", "|": r"$|$"}


def harden_fragment(fragment: str) -> str:
    r"""Make a LaTeX body fragment written by other code safe for pdflatex, leaving valid LaTeX alone.

    In text mode ``^`` (an error there) and ``< > |`` (wrong glyphs in OT1) are escaped; non-ASCII
    characters, which pdflatex cannot typeset without extra packages, are mapped to LaTeX in both
    modes. Commands, ``$...$``, ``\[...\]``, ``\(...\)`` and display environments are tracked so
    that math is never touched otherwise. This guards the derivation against unescaped text in
    the theorem summaries, whose texts come from another module.
    """
    out: list[str] = []
    math_end: str | None = None  # the token that closes the current math mode
    i, n = 0, len(fragment)
    while i < n:
        ch = fragment[i]
        if ch == "%":  # a comment runs to the end of the line, untouched
            j = fragment.find("\n", i)
            j = n if j < 0 else j
            out.append(fragment[i:j])
            i = j
            continue
        if ch == "\\":
            env = _MATH_ENVS.match(fragment, i)
            if math_end is None and env:
                math_end = f"\\end{{{env.group(1)}{env.group(2)}}}"
                out.append(env.group(0))
                i = env.end()
                continue
            if math_end is not None and fragment.startswith(math_end, i):
                out.append(math_end)
                i += len(math_end)
                math_end = None
                continue
            m = re.match(r"\\([A-Za-z]+|.)", fragment[i:], re.DOTALL)
            token = m.group(0) if m else ch
            if math_end is None and token in ("\\[", "\\("):
                math_end = "\\]" if token == "\\[" else "\\)"
            out.append(token)
            i += len(token)
            continue
        if ch == "$":
            token = "$$" if fragment.startswith("$$", i) else "$"
            if math_end is None:
                math_end = token
            elif math_end == token:
                math_end = None
            out.append(token)
            i += len(token)
            continue
        if ord(ch) > 127:
            mapped = _UNICODE.get(ch)
            if mapped is None:
                mapped = tex_escape(ch)
            out.append(mapped.strip("$") if math_end is not None and mapped.startswith("$") else mapped)
        elif math_end is None and ch in _TEXT_FIXES:
            out.append(_TEXT_FIXES[ch])
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_INTERVAL = re.compile(r"^Interval(?:\.(open|Lopen|Ropen))?\((.+), (.+)\)$")


def _value_latex(text: str) -> str:
    """A checker's value string (``'pi/2'``, ``'Interval.open(-1, 1)'``) as inline LaTeX."""
    m = _INTERVAL.match(text.strip())
    if m:
        kind, lo, hi = m.groups()
        # sympy never includes an infinite endpoint, whatever the constructor's name says.
        left = "(" if kind in ("open", "Lopen") or lo.strip() == "-oo" else "["
        right = ")" if kind in ("open", "Ropen") or hi.strip() in ("oo", "+oo") else "]"
        lo_tex, hi_tex = _value_math(lo), _value_math(hi)
        if lo_tex is not None and hi_tex is not None:
            return f"${left}{lo_tex}, {hi_tex}{right}$"
    math = _value_math(text)
    # Anything that is not a formula is shown verbatim (escaped), not guessed at.
    return f"${math}$" if math is not None else f"\\texttt{{{tex_escape(text)}}}"


_DECIMAL = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?$")
_SPECIAL_VALUES = {"oo": r"\infty", "+oo": r"+\infty", "-oo": r"-\infty", "zoo": r"\tilde{\infty}", "nan": r"\mathrm{NaN}"}


def _value_math(text: str) -> str | None:
    r"""Math-mode LaTeX of a value string: decimals as written (``1.2e-5`` as ``1.2\cdot 10^{-5}``),
    infinities, and formulas through :func:`vgtheory.parsing.parse_formula`; None otherwise."""
    from .parsing import parse_formula

    text = text.strip()
    if text in _SPECIAL_VALUES:
        return _SPECIAL_VALUES[text]
    decimal = _DECIMAL.match(text)
    if decimal:
        mantissa, exponent = decimal.groups()
        return mantissa if exponent is None else f"{mantissa}\\cdot 10^{{{int(exponent)}}}"
    try:
        return sp.latex(parse_formula(text))
    except VGTheoryError:
        return None


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
        f"\\title{{Vanishing gradients of the depth-{depth} chain with $\\sigma$ = {tex_escape(sigma.name)}}}",
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


def _check_properties(sigma: Activation) -> Any:
    """The four property results, or None while :mod:`vgtheory.properties` is not installed."""
    try:
        from .properties import check_properties
    except ImportError:  # the properties module is built separately; the rest still stands
        return None
    return check_properties(sigma)


def _properties_section(sigma: Activation, props: Any) -> str:
    if props is None:
        return "\\section{The four properties}\nThe property checker (\\texttt{vgtheory.properties}) is not installed."
    lines = [
        "\\section{The four properties}",
        "Computed by \\texttt{vgtheory.properties}: \\emph{symbolic} verdicts come from sympy limits and "
        "ranges, \\emph{numeric} ones from mpmath evaluations (evidence, not proof).",
        "\\begin{enumerate}",
    ]
    for result in props:
        heading, statement, quantity = _PROPERTY_TEXT.get(result.name, (result.name, "", ""))
        value = "\\text{not established}" if result.value is None else sp.latex(result.value)
        precision = getattr(result, "precision", None)
        how = result.method if not precision else f"{result.method}, {precision}"
        lines.append(f"\\item \\textbf{{{tex_escape(heading)}}}: {statement or checker_text(result.statement)}.")
        if quantity:
            lines.append(f"\\[ {quantity} = {value} \\]")
        lines.append(f"Verdict: \\textbf{{{tex_escape(result.verdict)}}} ({checker_text(how)}).")
        if result.witness:
            lines.append("Witness:")
            lines.append("\\begin{itemize}")
            for key, text in result.witness.items():
                lines.append(f"\\item {_key_latex(key)} $=$ {_value_latex(text)}")
            lines.append("\\end{itemize}")
        if result.detail:
            lines.append(f"{checker_text(result.detail)}.")
    lines.append("\\end{enumerate}")
    return "\n".join(lines)


def _theorems_section(sigma: Activation, props: Any) -> str:
    try:
        from .theorems import theorems_section
    except ImportError:  # the theorems module is built separately; the rest still stands
        return "\\section{Theorems}\nThe theorem module (\\texttt{vgtheory.theorems}) is not installed."
    body = harden_fragment(theorems_section(sigma, props).latex())
    return body if "\\section" in body else "\\section{Theorems}\n" + body


# -- files and pdflatex ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LatexBuild:
    """A successful pdflatex run: the PDF, the final log and the number of passes."""

    tex: Path
    pdf: Path
    log: str
    passes: int

    @property
    def overfull_hboxes(self) -> int:
        """How many ``Overfull \\hbox`` warnings the last pass printed (text wider than the page)."""
        return self.log.count("Overfull \\hbox")


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


_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|There were undefined references")
_ERROR_LINE = re.compile(r"^(?:! .*|.*:\d+: .*)$", re.MULTILINE)


def compile_latex(tex: str | Path, out_dir: str | Path, *, timeout: float = 120.0, max_passes: int = 3) -> LatexBuild:
    """Run pdflatex on ``tex`` (in its own directory, so ``\\input`` works) until references settle.

    The PDF and log are copied to ``out_dir``; intermediate files stay in a temporary directory.
    Raises :class:`LatexError` if pdflatex is missing or fails, quoting the first LaTeX error.
    """
    tex_path = Path(tex).resolve()
    if not tex_path.is_file():
        raise LatexError(f"no such LaTeX file: {tex}")
    exe = shutil.which("pdflatex")
    if exe is None:
        raise LatexError(
            "pdflatex not found; install it (Debian/Ubuntu: apt-get install --no-install-recommends "
            "texlive-latex-base texlive-latex-recommended)"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vgtheory-latex-") as tmp:
        command = [
            exe, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape",
            f"-output-directory={tmp}", tex_path.name,
        ]
        log_path = Path(tmp) / f"{tex_path.stem}.log"
        for passes in range(1, max_passes + 1):
            try:
                proc = subprocess.run(
                    command, cwd=tex_path.parent, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout
                )
            except subprocess.TimeoutExpired:
                raise LatexError(f"pdflatex ran longer than {timeout:g} s on {tex_path.name}") from None
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            if proc.returncode != 0:
                raise LatexError(f"pdflatex failed on {tex_path.name}: {_first_error(log or proc.stdout.decode(errors='replace'))}")
            if not _RERUN.search(log):
                break
        pdf = out / f"{tex_path.stem}.pdf"
        shutil.copyfile(Path(tmp) / f"{tex_path.stem}.pdf", pdf)
        shutil.copyfile(log_path, out / f"{tex_path.stem}.log")
    return LatexBuild(tex_path, pdf, log, passes)


def _first_error(log: str) -> str:
    """The first LaTeX error line of a log, with the source line it points at."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if _ERROR_LINE.match(line) and not line.startswith("(") and "Warning" not in line:
            context = next((ln.strip() for ln in lines[i + 1 : i + 8] if ln.startswith("l.")), "")
            return (line.strip() + (f" [{context}]" if context else "")).strip()
    return "no error line in the log (see the .log file)"


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
