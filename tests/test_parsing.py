"""The formula parser accepts sympy-syntax formulas and refuses everything else without eval."""

import pytest
import sympy as sp
from hypothesis import given, strategies as st

from vgtheory.errors import FormulaError
from vgtheory.core.parsing import Z, parse_formula

ACCEPTED = {
    "x/(1+abs(x))": Z / (1 + sp.Abs(Z)),
    "tanh(z)": sp.tanh(Z),
    "2^x": 2**Z,
    "Max(0, x) + Min(x, 1)": sp.Max(0, Z) + sp.Min(Z, 1),
    "Piecewise((z, z > 0), (exp(z) - 1, True))": sp.Piecewise((Z, Z > 0), (sp.exp(Z) - 1, True)),
    "erf(x)*pi/E": sp.erf(Z) * sp.pi / sp.E,
    "0.01*x": Z / 100,
    "atan(x) + log(1 + exp(x))": sp.atan(Z) + sp.log(1 + sp.exp(Z)),
}


@pytest.mark.parametrize("text, expected", ACCEPTED.items())
def test_accepts_sympy_syntax(text, expected):
    assert sp.simplify(parse_formula(text) - expected) == 0


REFUSED = {
    "__import__('os').system('true')": "only plain function names",
    "__import__('os')": "'__import__' is not allowed",
    "x.__class__": "attribute",
    "x.real": "attribute",
    "(lambda x: x)(1)": "only plain function names",
    "lambda x: x": "lambda",
    "foo(x)": "unknown function",
    "x + y": "unknown name 'y'",
    "x + z": "both x and z",
    "[x]": "collections",
    "x[0]": "indexing",
    "x if x > 0 else 0": "Piecewise",
    "Piecewise((x, x > 0))": "(value, True)",
    "exp(x, 2)": "takes 1 argument",
    "exp(x=1)": "keyword",
    "1/0": "undefined",
    "x >": "not valid syntax",
    "": "empty",
    "'abc'": "not a number",
    "x > 0": "not a real-valued expression",
    "tanh": "must be called",
    "z and 1": "only combine comparisons",
    "not z": "only negates a comparison",
}


@pytest.mark.parametrize("text, fragment", REFUSED.items())
def test_refuses_with_one_clear_line(text, fragment):
    with pytest.raises(FormulaError) as info:
        parse_formula(text)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


@given(st.text(max_size=40))
def test_arbitrary_text_never_escapes_the_error_type(text):
    try:
        expr = parse_formula(text)
    except FormulaError as exc:  # a refusal is one clear line
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(expr, sp.Expr)
    assert expr.free_symbols <= {Z}


_leaf = st.sampled_from(["x", "1", "2", "pi", "(1/3)"])
_unary = st.sampled_from(["tanh", "atan", "exp", "erf", "sin", "abs"])


def _formulas():
    return st.recursive(
        _leaf,
        lambda inner: st.one_of(
            st.tuples(_unary, inner).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        ),
        max_leaves=6,
    )


@given(_formulas())
def test_printed_sympy_round_trips(text):
    expr = parse_formula(text)
    assert parse_formula(str(expr).replace("z", "x")) == expr


@pytest.mark.parametrize(
    "caret, power",
    [("x*exp(-x^2)", "x*exp(-(x**2))"), ("2*x^2", "2*(x**2)"), ("x^2+1", "(x**2)+1"), ("-x^2", "-(x**2)"), ("2^-x", "2**(-x)")],
)
def test_caret_is_a_power_with_the_power_operators_precedence(caret, power):
    # Python's own '^' binds more loosely than '*' and unary '-'; formulas must not inherit that.
    assert parse_formula(caret) == parse_formula(power)


@pytest.mark.parametrize("text", ["9**9**9**9", "z**(10**10)", "x^100000"])
def test_huge_powers_are_refused_instead_of_expanded(text):
    with pytest.raises(FormulaError, match="too large"):
        parse_formula(text)
