"""Fixes of session 19 (red-team findings R20b-2, R20b-3, R20b-5): exact layer inputs followed through every layer
while σ's pieces are rational functions met at rational points; a run that confirms no digit is never drawn; an
infinite argument of sin/cos (log 0 inside) is a point where σ is undefined."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction as F

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

import vgtheory
from vgtheory.errors import VGTheoryError
from vgtheory.render.plotting import depth_profile

# -- a chain through a two-piece continuous σ of lines, in exact rationals -----------------------------------------
# σ(z) = a z below c, a c + b (z - c) from c: the truth of every layer input, value and slope is exact arithmetic.

_C = [F(0), F(1, 2), F(1), F(1, 10), F(3, 10)]
_SLOPES = [F(1, 2), F(1), F(2), F(3, 4)]
_W = [F(1), F(1, 2), F(2), F(-1), F(3, 2)]
_X = [F(1, 2), F(1), F(2), F(1, 10), F(3, 10), F(3, 5), F(-1)]


def _decimal(q: F) -> str:
    """q exactly as a decimal string (the inputs' denominators divide a power of 10)."""
    return str(Decimal(q.numerator) / Decimal(q.denominator))


def _exact_chain(a: F, b: F, c: F, w: list[F], x: F) -> tuple[bool, F]:
    """(whether some layer input is exactly c where σ's one-sided slopes a ≠ b differ), ∂f/∂w_1 otherwise."""
    z, prod = x, x
    for k, wk in enumerate(w):
        t = wk * z
        if t == c and a != b:
            return True, F(0)
        slope = a if t < c else b
        prod *= slope * (wk if k else 1)
        z = a * t if t < c else a * c + b * (t - c)
    return False, prod


@settings(max_examples=20, deadline=None)
@given(a=st.sampled_from(_SLOPES), b=st.sampled_from(_SLOPES), c=st.sampled_from(_C),
       w=st.lists(st.sampled_from(_W), min_size=1, max_size=5), x=st.sampled_from(_X))
def test_piecewise_linear_chain_against_exact_rationals(a, b, c, w, x):
    # σ continuous at c (a c on both sides); where a = b it is one line and no input is a kink
    sigma = f"Piecewise(({a}*z, z < {c}), ({a * c} + {b}*(z - {c}), True))"
    on_kink, exact = _exact_chain(a, b, c, w, x)
    args = ([_decimal(v) for v in w], _decimal(x))
    if on_kink:
        with pytest.raises(VGTheoryError, match=r"df/dw_1 does not exist: the input t_\d+ = .* lies on a kink"):
            vgtheory.gradient(sigma, *args, dps=30)
        return
    g = vgtheory.gradient(sigma, *args, dps=30)
    assert g.digits == 30
    with mpmath.workdps(40):
        assert abs(g.df_dw[0] - mpmath.mpf(exact.numerator) / exact.denominator) <= mpmath.mpf(10) ** -28 * abs(g.df_dw[0])


@pytest.mark.parametrize("formula, w, x, left, right, layer", [
    # |z - 1|: t = 3, 2, 1 (the kink at layer 3); df/dw_1 = 3 * 1 * 1 * (-1 | 1)
    ("Abs(z-1)", ["1", "1", "1"], "3", "-3.0", "3.0", 3),
    # z/2 below 1, z - 1/2 above: t = 11/2, 5/2, 1 (R20b-3); df/dw_1 = 11/2 * 1 * 1/2 * (1/2 | 1)
    ("Piecewise((z/2, z<1),(z-1/2,True))", ["1", "0.5", "0.5"], "5.5", "0.6875", "1.375", 3),
    # 1/10 is no binary number: the kink of |z - 3/10| at t_2 = 3/10 exactly (x = 3/5, z_1 = 3/10)
    ("Abs(z-3/10)", ["1", "1"], "0.6", "-0.6", "0.6", 2),
])
def test_exact_kink_beyond_layer_two_is_refused(formula, w, x, left, right, layer):
    with pytest.raises(VGTheoryError) as info:
        vgtheory.gradient(formula, w, x)
    msg = str(info.value)
    assert "lies on a kink" in msg and f"of layer {layer}" in msg
    assert re.search(rf"{re.escape(left)} from the left, {re.escape(right)} from the right", msg)


def test_jump_at_a_non_binary_point_is_refused():
    # Heaviside(z - 1/10) jumps by 1 at 1/10 exactly, which no binary t reaches: the kernel's sides say so (R22b-5)
    with pytest.raises(VGTheoryError, match=r"df/dw_1 does not exist: .* lies on a jump .*by 1\.0"):
        vgtheory.gradient("Max(z, 1/10) + Heaviside(z - 1/10)", ["1"], "0.1", dps=20)


# (z - 1/10) sin(1/(z - 1/10)) past 1/10: σ' has no one-sided limit there, and 0.1 is no binary number
_UNDECIDED = "Piecewise((tanh(z), z <= 1/10), (tanh(z) + (z-1/10)*sin(1/(z-1/10)), True))"


def test_an_undecided_switch_at_a_non_binary_point_confirms_no_digit_and_says_why():
    g = vgtheory.gradient(_UNDECIDED, ["1"], "0.1", dps=20)
    assert g.digits == 0 and "did not decide" in g.risk_reason


def test_plot_never_draws_a_run_that_confirms_no_digit():
    with pytest.raises(VGTheoryError, match="not determined.*nothing drawn"):
        depth_profile(_UNDECIDED, w=1, x="0.1", s=1, depth_max=4, predict=False)


def test_plot_refuses_the_kink_at_layer_ten():
    # w = 1, x = 11/2: t_k = 11/2 - (k - 1)/2 reaches the kink 1 at layer 10 (R20b-5)
    with pytest.raises(VGTheoryError, match="t_10 = 1.0 of layer 10 lies on a kink"):
        depth_profile("Piecewise((z/2, z<1),(z-1/2,True))", w=1, x="5.5", s=1, depth_max=12, predict=False)


@pytest.mark.parametrize("inner", ["sin(log(Abs(z)))", "cos(log(z**2))"])
def test_log_zero_inside_sin_is_undefined_not_huge(inner):
    with pytest.raises(VGTheoryError) as info:
        vgtheory.gradient(f"tanh(z) + z*{inner}/10", ["1"], "0")
    assert "undefined at z = 0.0" in str(info.value) and "1e1000" not in str(info.value)


# -- round R21b --------------------------------------------------------------------------------------------------

@pytest.mark.slow
@settings(max_examples=10, deadline=None)
@given(k=st.integers(20, 150))
def test_a_residual_below_the_working_precision_is_resolved_not_zero(k):
    # f = 1 + tanh(1) 10^-k exactly, y = 1: loss = tanh(1)^2 10^-2k / 2, dloss/dw = tanh(1) 10^-k (1 + sech^2(1) 10^-k)
    g = vgtheory.gradient(f"x + tanh(x)/10**{k}", ["1"], "1", y="1", dps=20)
    with mpmath.workdps(3 * k + 60):
        tail = mpmath.tanh(1) * mpmath.mpf(10) ** -k
        truth = (tail**2 / 2, tail * (1 + mpmath.sech(1) ** 2 * mpmath.mpf(10) ** -k))
        assert g.loss_digits == 20
        for got, want in zip((g.loss, g.dloss_dw[0]), truth):
            assert abs(got - want) <= mpmath.mpf(10) ** -19 * want


def test_an_exact_fit_keeps_its_exact_zero_loss():
    # relu at w = 2, x = 1 is 2 exactly: f - y = 0 is the truth, with every digit
    g = vgtheory.gradient("Max(0, x)", ["2"], "1", y="2", dps=30)
    assert g.loss == 0 and g.loss_digits == 30 and g.dloss_dw[0] == 0


def test_a_weight_decay_sum_that_cancels_is_resolved():
    # dl/dw + lam w = (1 + t)(1 + s) - 1 with t = tanh(1) 10^-100, s = sech^2(1) 10^-100, at w = 1, x = 1, y = 0, lam = -1
    g = vgtheory.gradient("x + tanh(x)/10**100", ["1"], "1", lam="-1", dps=20)
    with mpmath.workdps(400):
        t, s = mpmath.tanh(1) * mpmath.mpf(10) ** -100, mpmath.sech(1) ** 2 * mpmath.mpf(10) ** -100
        want = (1 + t) * (1 + s) - 1
        assert g.regularized_digits == 20 and abs(g.regularized_dw[0] - want) <= mpmath.mpf(10) ** -19 * want


@settings(max_examples=12, deadline=None)
@given(root=st.fractions(F(-3), F(3), max_denominator=8), degree=st.integers(1, 3), shift=st.integers(1, 4))
def test_one_sided_limits_of_a_sign_at_a_simple_root(root, degree, shift):
    # p = (z - r)(z^2 + c)^d has one simple real root r, p > 0 right of it: sign p -> -1, +1; (|p|)' -> -p'(r), p'(r)
    import sympy as sp

    from vgtheory import kernel
    from vgtheory.core.activations import Z

    r = sp.Rational(root.numerator, root.denominator)
    p = (Z - r) * (Z**2 + shift) ** degree
    slope = sp.diff(p, Z).subs(Z, r)
    for side, s in (("-", -1), ("+", 1)):
        assert kernel.limit(sp.sign(p), (r, side), 8.0).value == s
        assert kernel.limit(sp.diff(sp.Abs(p), Z), (r, side), 8.0).value == s * slope


@pytest.mark.slow
def test_a_sampled_sup_is_stated_as_a_lower_bound():
    # sign(x)(1 - 1/(1 + log(1 + |x|))) is odd, increasing, below 1 and tends to 1: sup |sigma| = 1, not attained
    from vgtheory.properties.four import check_properties

    bounded = check_properties("sign(x)*(1 - 1/(1+log(1+Abs(x))))").bounded
    assert bounded.verdict == "holds"
    assert bounded.relation == ">=" and bounded.value < 1 and bounded.to_dict()["relation"] == ">="


def test_a_tex_name_pdflatex_cannot_read_is_refused_clearly(tmp_path):
    from vgtheory.render.latex_build import LatexError, compile_latex

    tex = tmp_path / "x%y.tex"
    tex.write_text("\\documentclass{article}\\begin{document}x\\end{document}\n")
    with pytest.raises(LatexError, match="cannot read the file name 'x%y.tex'"):
        compile_latex(tex, tmp_path)


@settings(max_examples=12, deadline=None)
@given(p=st.sampled_from([0, F(1, 2), 1, 3]), c=st.integers(1, 5), a=st.integers(-3, 3), side=st.sampled_from("+-"))
def test_one_sided_squeeze_at_a_finite_point(p, c, a, side):
    # a + |z - 1|^p sin(c/(z - 1)) -> a from either side when p > 0 (|sin| <= 1); with p = 0 it has no limit
    import sympy as sp

    from vgtheory import kernel
    from vgtheory.core.activations import Z

    expr = a + sp.Abs(Z - 1) ** sp.Rational(p.numerator, p.denominator) * sp.sin(c / (Z - 1)) if p else \
        a + sp.sin(c / (Z - 1))
    fact = kernel.limit(expr, (sp.Integer(1), side), 8.0)
    if p:
        assert fact is not None and fact.value == a  # decided, and as a
    else:
        assert fact is None  # no limit: never a value


def test_a_flat_oscillating_branch_at_an_exact_switch_is_decided():
    # d/du[e^(-1/u) sin(1/u)] = e^(-1/u)(sin(1/u) - cos(1/u))/u^2 -> 0 as u -> 0+: C^1 at 1, df/dw_1 = sech^2(1) (R20b-4)
    g = vgtheory.gradient("Piecewise((tanh(z), z <= 1), (tanh(z) + exp(-1/(z-1))*sin(1/(z-1)), True))", ["1"], "1",
                          dps=30)
    with mpmath.workdps(40):
        assert g.digits == 30 and abs(g.df_dw[0] - mpmath.sech(1) ** 2) <= mpmath.mpf(10) ** -29
