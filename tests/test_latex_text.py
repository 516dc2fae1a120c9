r"""The text of the generated derivations: typeset mathematics, no ASCII artefacts, no overfull boxes.

The theorem and property checkers describe their results in plain ASCII ("t*sigma'(t) -> 0 as
t -> +oo"); the derivation must show them as LaTeX mathematics ("$t\,\sigma'(t) \to 0$ as
$t \to +\infty$") and compile with pdflatex without a line running into the margin.
"""

from __future__ import annotations

from vgtheory import kernel as _kernel

#: A kernel certificate for fixtures that stand for a (possibly credulous) symbolic result.
_FIXTURE_CERT = _kernel.compare(1, 1, _kernel.Deadline(5).run).certificate

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vgtheory.render.latex import checker_text, compile_latex, derivation, witness_latex
from vgtheory.render.latex_theorems import check_latex, claim_latex
from vgtheory.theorems.section import Check, Claim

#: Registry names and a formula; depth 1 keeps the chain short (the theorem section does not depend on it).
ACTIVATIONS = ("tanh", "sigmoid", "arctan", "softsign", "erf", "x/(1+abs(x))")

#: What the ASCII texts leave behind when they are escaped instead of typeset.
ARTEFACTS = {
    "arrow '->'": re.compile(r"->"),
    "'oo' for infinity": re.compile(r"\boo\b"),
    "bare word 'sigma'": re.compile(r"(?<!\\)\bsigma\b"),
    "'*sigma'": re.compile(r"\*\s*\\?sigma"),
    r"'\textgreater'": re.compile(r"\\textgreater"),
    r"'\textless'": re.compile(r"\\textless"),
    r"'\textasciicircum'": re.compile(r"\\textasciicircum"),
}


def artefacts(tex: str) -> list[str]:
    """'what: line' for each artefact outside the %-comments (which hold sympy's srepr on purpose)."""
    found = []
    for line in tex.splitlines():
        if line.startswith("%"):
            continue
        found += [f"{what}: {line[:160]}" for what, pattern in ARTEFACTS.items() if pattern.search(line)]
    return found


def theorems_part(tex: str) -> str:
    return tex[tex.index(r"\section{Theorems}"):]


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    return {name: derivation(name, 1) for name in ACTIVATIONS}


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_derivation_has_no_ascii_artefacts(documents: dict[str, str], name: str) -> None:
    doc = documents[name]
    assert r"\section{Theorems}" in doc
    assert artefacts(doc) == []


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_theorem_hypotheses_are_typeset(documents: dict[str, str], name: str) -> None:
    part = theorems_part(documents[name])
    # Every activation here is sigmoid-like: Theorem 1 applies and lists its hypotheses.
    for statement in (
        r"\item $\sigma$ continuously differentiable on $(0, \infty)$: \textbf{holds}",
        r"\item property 2 at $+\infty$: $t\,\sigma'(t) \to 0$ as $t \to +\infty$: \textbf{holds}",
        r"$\lim_{z\to +\infty} z\,\sigma'(z) = 0$",
        r"\item property 3: $L = \lim_{t\to+\infty} \sigma(t) > 0$: \textbf{holds}",
        r"\item $\sigma(t) \ge L/2$ for $t \ge \tau$:",
        r"\item $g(\tau) = \sup_{t \ge \tau} |t\,\sigma'(t)|$ is finite:",
    ):
        assert statement in part, statement
    # The two bounds of Theorem 1 are displayed on separate lines (one line overflowed for erf).
    assert r"\begin{gather*} |\partial f/\partial w_{1}|" in part


def test_theorem2_claims_are_typeset(documents: dict[str, str]) -> None:
    part = theorems_part(documents["tanh"])
    assert (r"\item (H): $\sigma(0) = 0$, $\sigma$ bounded, $C^1$ on $(0, \infty)$, increasing and concave on "
            r"$[0, \infty)$: \textbf{holds}") in part
    assert r"\item[proved] $\partial f/\partial w_1 \le x\,\sigma'(wx/s)\,\rho^{l-1} = " in part
    assert r"\item[proved] $\partial f/\partial w_1 = C(x)\,l^{-3/2}\,(1 + o(1))$ as $l \to \infty$" in part
    assert r"(regime $aw > 1$, symbolic)" in part and r"(regime $aw = 1$, symbolic)" in part


# -- pdflatex ------------------------------------------------------------------------------------


def _need_pdflatex() -> None:
    if shutil.which("pdflatex") is None:
        if os.environ.get("VGTHEORY_REQUIRE_PDFLATEX") == "1":
            pytest.fail("pdflatex is required (VGTHEORY_REQUIRE_PDFLATEX=1) but not installed")
        pytest.skip("pdflatex not installed")


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_derivation_compiles_without_overfull_boxes(tmp_path: Path, documents: dict[str, str], name: str) -> None:
    _need_pdflatex()
    tex = tmp_path / "derivation.tex"
    tex.write_text(documents[name], encoding="utf-8")
    build = compile_latex(tex, tmp_path / "out")
    assert build.pdf.read_bytes().startswith(b"%PDF")
    assert "Overfull \\hbox" not in build.log, [ln for ln in build.log.splitlines() if "Overfull" in ln]


# -- the text helpers --------------------------------------------------------------------------------


def test_witness_values_are_mathematics() -> None:
    witness = {
        "lim z*sigma'(z), z->+oo": "0",
        "lim sigma(z)/z, z->0+": "2/sqrt(pi)",
        "range": "Interval.open(-1, 1)",
        "bound": "Interval(0, oo)",
        "residual": "1.26e-32",
    }
    assert witness_latex(witness, "; ") == (
        r"$\lim_{z\to +\infty} z\,\sigma'(z) = 0$; $\lim_{z\to 0^+} \sigma(z)/z = \frac{2}{\sqrt{\pi}}$; "
        r"$\text{range} = (-1, 1)$; $\text{bound} = [0, \infty)$; $\text{residual} = 1.26\cdot 10^{-32}$"
    )


@pytest.mark.parametrize("value", ["AccumBounds(-1, 1)", "__import__('os').system('false')", "a_b {x} 50%"])
def test_witness_values_that_are_not_formulas_are_verbatim(value: str) -> None:
    out = witness_latex({"x": value})
    assert out.startswith(r"$x$ $=$ \texttt{") and not artefacts(out)
    assert "_" not in out.replace(r"\_", "") and "%" not in out.replace(r"\%", "")


def test_checks_and_claims_without_latex_fall_back_to_typeset_ascii() -> None:
    check = Check("sigma(t) >= L/2 for t -> +oo", "holds", "numeric", "|z*sigma'(z)| <= 1e-3 as z -> oo")
    claim = Claim("z* = sigma(w z*) != 0", "proved", "holds", "s -> oo", certificate=_FIXTURE_CERT)
    for tex in (check_latex(check), claim_latex(claim)):
        assert artefacts(tex) == [], tex
    assert r"$\sigma(t) \ge$ L/2 for $t \to +\infty$" in check_latex(check)
    # An explicit LaTeX form wins; the ASCII form stays for str() and to_dict().
    typeset = Check("g(tau) computed", "holds", "symbolic", "ok", r"$g(\tau)$ computed", r"exact", certificate=_FIXTURE_CERT)
    assert check_latex(typeset) == r"\item $g(\tau)$ computed: \textbf{holds} (symbolic). exact."
    assert str(typeset) == "g(tau) computed: holds (symbolic); ok"
    assert "tex" not in typeset.to_dict() and "detail_tex" not in typeset.to_dict()


_FRAGMENTS = ["sigma", "sigma'", "sigma(z)", "z*sigma'(z)", "|z|", "z", "t", "x", "a", " ", " ", "->", "+oo",
              "-oo", "oo", "<=", ">=", "!=", "<", ">", "|", "*", "(", ")", "1/2", "$", "\\", "{", "}", "^", "%", ","]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25).map("".join))
def test_checker_text_typesets_ascii_math(text: str) -> None:
    out = checker_text(text)
    # A caret with no operand, or no base before it ('^sigma', 'sigma^sigma', '(^z'), is no power:
    # it is typeset as the caret it is (\textasciicircum), which is no artefact. Powers with a base
    # and an operand are checked by test_powers_are_typeset_as_powers.
    caret = "^" in text
    assert [a for a in artefacts(out) if not (caret and "textasciicircum" in a)] == []
    assert all(32 <= ord(ch) < 127 for ch in out)
    # Inline math is balanced: an even number of unescaped dollars.
    assert len(re.findall(r"(?<!\\)\$", out)) % 2 == 0


@pytest.mark.parametrize("text, power", [("x^2", "x ^{2}"), ("z^3 + 1", "z ^{3}"), ("|z|^2", "^{2}")])
def test_powers_are_typeset_as_powers(text: str, power: str) -> None:
    out = checker_text(text)
    assert power in out and "textasciicircum" not in out, out
