r"""Plain text and numbers as LaTeX: escaping, the checkers' ASCII math, witnesses, numbers.

A renderer: it imports no analysis, and no analysis imports it. Analyses put numbers and plain
text into their LaTeX as slots (:mod:`vgtheory.core.slots`); :func:`fill_slots` renders them, and the
renderers (:mod:`vgtheory.render.latex`, :mod:`vgtheory.render.latex_theorems`) typeset with the rest.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Mapping

import mpmath
import sympy as sp

from vgtheory.core.decimals import directed_mpf

from vgtheory.errors import VGTheoryError
from vgtheory.core.slots import SLOT

__all__ = ["tex_escape", "checker_text", "witness_latex", "harden_fragment", "tex_number", "key_latex", "value_latex", "fill_slots"]


def tex_number(v: Any, digits: int = 6, up: bool | None = None) -> str:
    """A number as math-mode LaTeX (scientific notation as a·10^{e}); sympy values via sympy.latex. An upper bound
    (``up``) rounded up, a lower one down (R71b-8)."""
    if v is None:
        return r"\text{n/a}"
    if isinstance(v, sp.Basic):
        return sp.latex(v)
    if mpmath.isnan(v):
        return r"\mathrm{NaN}"
    if mpmath.isinf(v):
        return r"\infty" if v > 0 else r"-\infty"
    if up is not None:
        v = directed_mpf(v, digits, up)
    s = mpmath.nstr(v, digits, min_fixed=-4, max_fixed=6)
    if "e" in s:
        mant, exp = s.split("e")
        return rf"{mant}\cdot 10^{{{int(exp)}}}"
    return s


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
    r"|\bC\^\d\b"  # C^1, C^2 (smoothness classes)
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


#: A caret with an operand in the checkers' ASCII (z^2, sigma_w^2, (x/s)^(p-1)): a superscript.
_POWER = re.compile(r"\^(\((?:[A-Za-z0-9.+\-/*]|\([A-Za-z0-9.+\-/*]*\))*\)|[-+]?[A-Za-z0-9.]+)")


def _text(segment: str) -> str:
    """``segment`` escaped for text mode, its powers as math superscripts (a lone caret stays a caret)."""
    out, last = [], 0
    for m in _POWER.finditer(segment):
        exponent = m.group(1)
        exponent = exponent[1:-1] if exponent.startswith("(") else exponent
        out += [tex_escape(segment[last:m.start()]), "$^{" + exponent.replace("*", r"\cdot ") + "}$"]
        last = m.end()
    out.append(tex_escape(segment[last:]))
    return "".join(out)


def checker_text(text: str) -> str:
    """A checker's plain ASCII text for LaTeX text mode, with ``sigma``, ``oo``, ``->``, ``<=``,
    ``>=``, ``!=`` and the variables typeset as the symbols they stand for."""
    pieces, last = [], 0
    for m in _ASCII_MATH.finditer(text):
        pieces.append(_text(text[last : m.start()]))
        token = m.group(0)
        if token.startswith("C^"):
            pieces.append(f"$C^{token[2:]}$")
        elif "sigma" in token or token.startswith("|") or len(token) == 1:
            pieces.append(f"${_key_math(token)}$")
        elif token.endswith("oo"):
            sign = {"+-": r"\pm", "+": "+", "-": "-"}.get(token[:-2], "")
            pieces.append(f"${sign}\\infty$")
        else:
            pieces.append(_ASCII_MATH_TEX[token])
        last = m.end()
    pieces.append(_text(text[last:]))
    # Neighbouring formulas separated by spaces become one ("$z$ $\to$ $+\infty$" -> "$z \to +\infty$").
    # Adjacent ones ("$z$$^{2}$") must merge too: "$$" would open display math.
    return re.sub(r"(?<!\\)\$\s*\$", " ", "".join(pieces))


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
    :func:`vgtheory.core.parsing.parse_formula` (never ``eval``/``sympify``) and typeset by
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
    infinities, and formulas through :func:`vgtheory.core.parsing.parse_formula`; None otherwise."""
    from vgtheory.core.parsing import parse_formula

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



key_latex = _key_latex
value_latex = _value_latex


def fill_slots(tex: str) -> str:
    """``tex`` with every slot of :mod:`vgtheory.core.slots` rendered: numbers by :func:`tex_number`,
    checker text by :func:`checker_text`, witnesses by :func:`witness_latex`, names escaped."""
    def render(m: re.Match) -> str:
        kind, payload = m.group("kind"), m.group("payload")
        if kind == "num":
            return tex_number(None if payload == "none" else mpmath.mpf(payload), int(m.group("digits")))
        if kind == "sym":
            return payload
        if kind == "text":
            return checker_text(payload)
        if kind == "name":
            return tex_escape(payload)
        return witness_latex(json.loads(payload))

    return SLOT.sub(render, tex) if tex else tex
