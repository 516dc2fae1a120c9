"""LaTeX derivations: the chain rule term by term, escaping, pdflatex compilation, CLI."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import mpmath
import pytest
import sympy
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from vgtheory.cli.app import main as cli_main
from vgtheory.errors import VGTheoryError
from vgtheory.render.latex import (
    LatexError,
    compile_latex,
    derivation,
    harden_fragment,
    tex_escape,
    verify_chain_rule,
    write_derivation,
)

from strategies import sigmoid_type_sums

REPO = Path(__file__).resolve().parents[1]
X = sp.Symbol("x", real=True)
_COMMENT = re.compile(r"^%@vgtheory (z|factor) (k=\d+|j=\d+ i=\d+) (.+)$", re.MULTILINE)


def _read(srepr_text: str) -> sp.Expr:
    # eval of srepr is sympy's documented inverse; the text is this package's own output.
    return eval(srepr_text, vars(sympy))  # noqa: S307


def parse_document(tex: str) -> tuple[dict[int, sp.Expr], dict[int, list[sp.Expr]]]:
    """The layer definitions z_k = ... and, per j, the displayed factors of ∂f/∂w_j, from the comments."""
    layers: dict[int, sp.Expr] = {}
    factors: dict[int, dict[int, sp.Expr]] = {}
    for kind, tag, body in _COMMENT.findall(tex):
        if kind == "z":
            layers[int(tag.removeprefix("k="))] = _read(body)
        else:
            j, i = (int(part.split("=")[1]) for part in tag.split())
            factors.setdefault(j, {})[i] = _read(body)
    return layers, {j: [f[i] for i in sorted(f)] for j, f in factors.items()}


def expand_shorthand(expr: sp.Expr, layers: dict[int, sp.Expr]) -> sp.Expr:
    """Replace z_k by its definition, innermost first, and z_0 by x."""
    for k in sorted(layers, reverse=True):
        expr = expr.subs(sp.Symbol(f"z_{k}", real=True), layers[k])
    return expr.subs(sp.Symbol("z_0", real=True), X)


@pytest.fixture(scope="module")
def tanh_document() -> str:
    return derivation("tanh", 3)


def test_tanh_document_matches_chain_rule_term_by_term(tanh_document: str) -> None:
    layers, factors = parse_document(tanh_document)
    w = [sp.Symbol(f"w_{k}", real=True) for k in (1, 2, 3)]
    zs = [sp.Symbol(f"z_{k}", real=True) for k in range(4)]
    assert layers == {k: sp.tanh(w[k - 1] * zs[k - 1]) for k in (1, 2, 3)}
    composed = sp.tanh(w[2] * sp.tanh(w[1] * sp.tanh(w[0] * X)))  # built here, not by the package
    assert sorted(factors) == [1, 2, 3]
    for j in (1, 2, 3):
        # The product form: z_{j-1}, σ'(w_j z_{j-1}), then w_k, σ'(w_k z_{k-1}) for k = j+1..3.
        expected = [zs[j - 1], 1 - sp.tanh(w[j - 1] * zs[j - 1]) ** 2]
        for k in range(j + 1, 4):
            expected += [w[k - 1], 1 - sp.tanh(w[k - 1] * zs[k - 1]) ** 2]
        assert factors[j] == expected
        product = expand_shorthand(sp.Mul(*factors[j]), layers)
        assert sp.simplify(sp.diff(composed, w[j - 1]) - product) == 0


def test_each_factor_is_displayed_next_to_its_comment(tanh_document: str) -> None:
    lines = tanh_document.splitlines()
    for n, line in enumerate(lines):
        m = re.match(r"^%@vgtheory factor j=(\d+) i=(\d+) (.+)$", line)
        if m:
            display = next(lines[p] for p in range(n - 1, -1, -1) if not lines[p].startswith("%"))
            assert sp.latex(_read(m.group(3))) in display


def test_document_states_loss_properties_and_theorems(tanh_document: str) -> None:
    assert r"\ell(f, y) = \tfrac12 (f - y)^2" in tanh_document
    for j in (1, 2, 3):
        assert rf"\frac{{\partial \ell}}{{\partial w_{{{j}}}}} &= (z_{{3}} - y)" in tanh_document
    for quantity in (r"\sup_{z\in\mathbb{R}} |\sigma(z)| = 1", r"\lim_{z\to +\infty} z\,\sigma'(z)",
                     r"L = \lim_{z\to+\infty} \sigma(z) = 1", r"a = \lim_{z\to 0} \sigma(z)/z = 1"):
        assert quantity in tanh_document
    assert tanh_document.count("Verdict: \\textbf{holds} (symbolic)") == 4
    assert "Theorem 2" in tanh_document and "Theorem 1" in tanh_document
    assert r"\date{}" in tanh_document and r"\today" not in tanh_document
    assert all(ord(ch) < 128 for ch in tanh_document)


def test_sigmoid_property_failure_is_reported() -> None:
    doc = derivation("sigmoid", 1, include_theorems=False)
    assert "Verdict: \\textbf{fails}" in doc and r"\sigma(0)$ $=$ $\frac{1}{2}$" in doc


@pytest.mark.slow
@given(family=sigmoid_type_sums(), depth=st.integers(1, 3))
def test_products_rebuilt_from_any_document_equal_sympy_diff(family, depth) -> None:
    doc = derivation(family.expr, depth, include_theorems=False, include_properties=False)
    layers, factors = parse_document(doc)
    z = sp.Symbol("z", real=True)
    w = [sp.Symbol(f"w_{k}", real=True) for k in range(1, depth + 1)]
    composed = X
    for wk in w:
        composed = family.expr.subs(z, wk * composed)
    point = {X: sp.Rational(7, 10), **{wk: sp.Rational(k + 3, 4) * (-1) ** k for k, wk in enumerate(w)}}
    for j in range(1, depth + 1):
        product = expand_shorthand(sp.Mul(*factors[j]), layers)
        difference = sp.diff(composed, w[j - 1]) - product
        # At 60 digits in mpmath: sympy's N(difference, 40) asks for 40 correct digits of a value that is 0
        # and raises its precision until it gives up (seconds per term); 60 digits resolve 1e-30 as well.
        with mpmath.workdps(60):
            at = sp.lambdify(list(point), difference, "mpmath")(*(mpmath.mpf(v.p) / v.q for v in point.values()))
            assert abs(at) < mpmath.mpf(10) ** -30, (str(family.expr), depth, j, at)


def test_verify_chain_rule_methods() -> None:
    assert {c.method for c in verify_chain_rule("tanh", 3)} == {"structural"}
    checks = verify_chain_rule("softsign", 2)
    # sympy's derivative of the generic chain, instantiated with sigma and sympy's sigma', is the
    # product form exactly (before: sympy's diff of the nested Abs wrote it differently: numeric).
    assert [c.j for c in checks] == [1, 2] and {c.method for c in checks} == {"structural"}


def test_derivation_is_deterministic() -> None:
    first = derivation("arctan", 2, include_theorems=False)
    assert derivation("arctan", 2, include_theorems=False) == first


def test_committed_tanh_derivation_is_current(tanh_document: str) -> None:
    committed = REPO / "proofs" / "generated" / "tanh.tex"
    assert committed.read_text(encoding="utf-8") == tanh_document, (
        "proofs/generated/tanh.tex is stale: run 'python proofs/build.py generate'"
    )


@pytest.mark.parametrize(
    "spec, depth, message",
    [
        ("tanh", 0, "depth"),
        ("tanh", 13, "depth"),
        ("tanh", True, "depth"),
        (lambda t: t, 2, "callable"),
    ],
)
def test_bad_input_is_one_vgtheory_error(spec, depth, message) -> None:
    with pytest.raises(VGTheoryError, match=message):
        derivation(spec, depth)


def test_write_derivation_needs_tex_suffix(tmp_path: Path) -> None:
    with pytest.raises(LatexError, match=r"\.tex"):
        write_derivation("tanh", tmp_path / "out.pdf")


# -- escaping --------------------------------------------------------------------------------------

_ESCAPES = re.compile(r"\\[{}$&#%_]|\\text(?:backslash|asciitilde|asciicircum)\{\}|\\dots\{\}")


@pytest.mark.slow
@given(st.text(max_size=60))
def test_tex_escape_leaves_no_active_character(text: str) -> None:
    out = tex_escape(text)
    assert all(32 <= ord(ch) < 127 for ch in out)
    rest = _ESCAPES.sub("", out)
    rest = re.sub(r"\$[^$]*\$", "", rest)  # the inline math tex_escape itself writes
    assert not set(rest) & set("\\{}$&#%_~^")


def test_harden_fragment_keeps_math_and_fixes_text() -> None:
    valid = r"$a^b$, \[x^{2} < y\] \begin{align*} c^2 &< d \end{align*} 50\% \textbf{ok}"
    assert harden_fragment(valid) == valid
    assert harden_fragment("rho^(l-1) <= 1, σ → ∞ $σ$") == (
        r"rho\textasciicircum{}(l-1) $<$= 1, $\sigma$ $\to$ $\infty$ $\sigma$"
    )


# -- pdflatex ------------------------------------------------------------------------------------


def _need_pdflatex() -> None:
    if shutil.which("pdflatex") is None:
        if os.environ.get("VGTHEORY_REQUIRE_PDFLATEX") == "1":
            pytest.fail("pdflatex is required (VGTHEORY_REQUIRE_PDFLATEX=1) but not installed")
        pytest.skip("pdflatex not installed")


def test_tanh_derivation_compiles_without_overfull_boxes(tmp_path: Path, tanh_document: str) -> None:
    _need_pdflatex()
    tex = tmp_path / "tanh.tex"
    tex.write_text(tanh_document, encoding="utf-8")
    build = compile_latex(tex, tmp_path / "out")
    assert build.pdf.read_bytes().startswith(b"%PDF")
    assert build.overfull_hboxes <= 2, build.log


def test_write_derivation_pdf(tmp_path: Path) -> None:
    _need_pdflatex()
    files = write_derivation("x/(1 + abs(x))", tmp_path / "softsign.tex", depth=2, pdf=True)
    assert files.pdf == tmp_path / "softsign.pdf" and files.pdf.read_bytes().startswith(b"%PDF")


def test_latex_error_quotes_first_error_line(tmp_path: Path) -> None:
    _need_pdflatex()
    tex = tmp_path / "broken.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\nok \\undefinedmacro\n\\end{document}\n")
    with pytest.raises(LatexError, match=r"broken\.tex:3: Undefined control sequence"):
        compile_latex(tex, tmp_path)


def test_missing_pdflatex_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tex = tmp_path / "t.tex"
    tex.write_text("\\documentclass{article}\\begin{document}x\\end{document}")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(LatexError, match="pdflatex not found"):
        compile_latex(tex, tmp_path)


# -- command line ------------------------------------------------------------------------------------


def test_cli_latex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d.tex"
    assert cli_main(["latex", "atan", "--depth", "2", "-o", str(out), "--no-theorems"]) == 0
    assert out.read_text().startswith("\\documentclass") and str(out) in capsys.readouterr().out
    assert cli_main(["latex", "tanh", "--depth", "0", "-o", str(out)]) == 2
    assert "vgtheory: error: depth must be" in capsys.readouterr().err
