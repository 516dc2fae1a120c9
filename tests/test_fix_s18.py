"""Red team R18's findings (session 17), fixed.

Truths by construction: log(1 + 10^-40) = 10^-40 - 10^-80/2 + ... > 10^-41 > 0 (log1p's series, checked with mpmath
at two precisions below); (tanh z - a)^2 under a square root is |tanh z - a|, a kink at atanh a; (e^z - 1)^2 - 10^-80
vanishes at log(1 +- 10^-40); closed-form one-sided slopes of the planted switches.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import Z, activation
from vgtheory.core.pieces import untrusted_domain, untrusted_sets
from vgtheory.kernel.numbers import sympy_agrees

_L = sp.log(1 + sp.Rational(1, 10**40))
_A = sp.Rational(1, 10**40)


def test_log_of_one_plus_a_tiny_number_is_what_the_tests_say():
    for dps in (100, 200):
        with mpmath.workdps(dps):
            value = mpmath.log1p(mpmath.mpf(10) ** -40)
            assert mpmath.mpf(10) ** -41 < value < mpmath.mpf(10) ** -40
    assert sp.N(_L, 50) > 0  # sympy's own value, at enough digits, agrees; at 2 and 15 digits it is 0


@pytest.mark.parametrize("constant, strict, plain", [
    # sympy's 2- and 15-digit values are wrong (0, 0, -1); its assumptions are right but for acosh (not positive)
    (_L, False, True), (sp.acosh(1 + _A), False, False), (10**40 * _L - 1, False, True),
    (sp.pi, True, True), (sp.sqrt(2) - 1, True, True), (sp.atanh(_A), True, True), (sp.exp(-10**5), True, True),
    (sp.tanh(1) - 1, True, True),
])
def test_sympy_agrees_checks_sympys_own_values_of_constants(constant, strict, plain):
    # strict: constants sympy orders (conditions, Max/Min, points); plain: its assumptions, and c**z's log c
    assert sympy_agrees(constant, strict=True) is strict
    assert sympy_agrees(constant) is plain
    assert sympy_agrees(constant ** Z) is strict


@pytest.mark.parametrize("formula", [
    "tanh(x) - 10**40*Max(log(1+10**-40), 10**-41)*tanh(x)",            # R18a-3: Max built from a value 0
    "Piecewise((tanh(x), log(1+10**-40) > 0), (5, True))",               # R18a-3: condition read as False
    "Piecewise((tanh(x), x > -log(1+10**-40)), (tanh(x) + 1, True))",    # R18a-4: sigma(0) = 1 "proved"
    "tanh(x) + Max(x, log(1+10**-40)) + Abs(x - 10**-41)",               # R18a-5: sigma(10^-41) taken wrongly
    "Piecewise((tanh(x) + 10**-30, x**2 < log(1 + 10**-40)), (tanh(x), True))",  # R18a-6: empty condition set
])
def test_formulas_sympy_would_build_or_evaluate_wrongly_are_refused(formula):
    with pytest.raises(vgtheory.FormulaError, match="disagree with its arb"):
        activation(formula)


def test_a_sympy_expression_in_z_with_such_a_constant_is_refused_too():
    with pytest.raises(vgtheory.ActivationError, match="disagree with its arb"):
        activation(sp.Piecewise((sp.tanh(Z), Z > -_L), (sp.tanh(Z) + 1, True)))


@pytest.mark.parametrize("cond", [
    sp.exp(Z**2) < 1 + _A,                                                # R18a-6: "all reals"
    sp.tanh(Z) ** 2 - 2 * _A * sp.tanh(Z) + _A**2 > 0,                    # R18a-1: root atanh(10^-40) dropped
    sp.exp(2 * Z) - 2 * (1 + _A) * sp.exp(Z) + (1 + _A) ** 2 > 0,         # root log(1 + 10^-40) dropped
])
def test_roots_near_where_sympy_inverts_through_a_log_of_one_are_not_trusted(cond):
    assert untrusted_sets([cond]) is not None


@pytest.mark.parametrize("cond", [sp.exp(2 * Z) - 3 * sp.exp(Z) + 2 > 0, sp.tanh(Z) > sp.Rational(1, 2),
                                  sp.exp(-Z) - 2 * sp.exp(-2 * Z) > 0, sp.tanh(Z) > 0])
def test_ordinary_roots_stay_trusted(cond):
    assert untrusted_sets([cond]) is None


@pytest.mark.slow  # 2-4 s: the default suite keeps under 3 minutes (session 32)
def test_r18a_1_a_kink_at_atanh_of_a_tiny_number_is_no_symbolic_c1():
    from vgtheory.properties.smoothness import check_c1
    sigma = "tanh(x) + (sqrt(tanh(x)**2 - 2*10**-40*tanh(x) + 10**-80) - 10**-40)/10"
    assert untrusted_domain([activation(sigma).derivative_expr]) is not None
    result = check_c1(sigma, sp.Interval.open(0, sp.oo))
    assert not (result.verdict == "holds" and result.method == "symbolic")


@pytest.mark.slow
def test_r18a_2_two_poles_ten_to_the_minus_forty_apart_are_found():
    # (e^z - 1)^2 - 10^-80 = 0 at z = log(1 +- 10^-40): sigma = tanh z + 10^-30/that has two simple poles
    r = vgtheory.check("tanh(x) + 10**-30/(exp(2*x) - 2*exp(x) + 1 - 10**-80)", signal=False, theorems=False)
    assert r.properties.bounded.verdict == "fails"
    assert "fails" in str(r.real_valued)


@pytest.mark.parametrize("w, match", [
    # sigma(1) = 0 = sigma'(1), then sqrt(Max(0, z)) at 0: z_1 = 7e^2/8 moves f like |e| (kink in w_1); and the
    # other order (0 times an unbounded slope)
    (["1", "1"], "not determined"), (["0", "2"], "not determined"),
])
def test_r18b_1_zero_slope_meeting_an_unbounded_one_is_not_determined(w, match):
    with pytest.raises(vgtheory.VGTheoryError, match=match):
        vgtheory.gradient("Max(0,z)**(1/2) - (z+1)/2 + (z-1)**2", w, x=1)


def test_r18b_6_a_jump_onto_a_flat_piece_is_not_called_non_differentiable():
    # f is constant near w_1 = 0 (both sides land where sigma = -2): "does not exist" was false
    with pytest.raises(vgtheory.VGTheoryError) as err:
        vgtheory.gradient("Max(-3,z)+Heaviside(z)+1", ["0", "-10"], x=1)
    assert "not determined" in str(err.value) and "does not exist" not in str(err.value)


def test_r18b_8_a_slope_that_settles_like_one_over_log_is_not_unbounded():
    # sigma'(0+) = lim 1 + 1/log(u/2) - 1/log(u/2)^2 = 1 = sigma'(0-): df/dw_1 = x sigma'(0) = 1 (the kernel's limits;
    # samples at 2^-(prec+64) still moved, and read it as unbounded)
    g = vgtheory.gradient("tanh(z) + Piecewise((z/log(z/2), z > 0), (0, True))", ["0"], x=1, dps=30)
    assert g.digits == 30 and g.df_dw[0] == 1


@pytest.mark.parametrize("formula", ["Max(0,z)**(1/2)", "Heaviside(z)", "sign(z)*Abs(z)**(1/3)",
                                     "Max(0,z)**(1/2) - (z+1)/2 + (z-1)**2"])
def test_r18b_3_4_the_derivation_of_switches_under_roots_and_jumps_is_written(formula, tmp_path):
    from vgtheory.render.latex import derivation
    tex = derivation(formula, 2, include_theorems=False, include_properties=False)
    assert r"\begin{document}" in tex and r"\end{document}" in tex


def test_r18b_5_an_exact_zero_of_the_scaled_slope_is_zero():
    # sigma(1) = 0 and sigma'(1) = 1/2 - 1/2 + 0 = 0; scaled by s = 2 at t = 2: t/s = 1
    g = vgtheory.gradient(activation("Max(0,z)**(1/2) - (z+1)/2 + (z-1)**2").scaled(2), ["2"], x=1)
    assert g.df_dw[0] == 0 and g.output == 0


def test_r18b_2_the_inputs_are_printed_as_given_even_where_no_digit_is_confirmed():
    # sin(10^100 z) chained 60 times loses ~100 digits a layer: no digit of f survives within the limits
    g = vgtheory.gradient("sin(z)", ["1e100"] * 60, x=2, y=0, dps=20)
    assert g.forward_digits == 0
    d = g.to_dict()
    assert mpmath.mpf(d["x"]) == 2 and mpmath.mpf(d["y"]) == 0


def test_r18b_7_huge_exponent_coefficients_keep_away_from_sympys_polynomial_gcd():
    from vgtheory.theorems.hypotheses import _small_exponents
    assert not _small_exponents(Z * sp.exp(-(Z - 2**40) ** 2) + sp.tanh(Z))
    assert _small_exponents(sp.tanh(Z / 3) - 2 / (1 + sp.exp(-2 * Z / 3)) + 1)


@pytest.mark.slow
def test_r18b_7_a_far_gaussian_bump_is_checked_without_killing_the_interpreter():
    # it died of SIGFPE inside sympy's heuristic gcd (rc 136); run in a child so a crash is a failure, not an abort
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "vgtheory", "check", "--no-signal", "tanh(x) + x*exp(-(x-2**40)**2)"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-500:]
    assert "bounded:" in out.stdout


@pytest.mark.parametrize("s, label", [("2.5", "(5/2)*tanh(u/(5/2))"), ("1/3", "(1/3)*tanh(u/(1/3))"), ("3", "3*tanh(u/3)")])
def test_r18b_10_a_fractional_scale_is_parenthesised_in_the_label(s, label):
    act = activation("tanh").scaled(s)
    assert act.name == label
    # the label read back as a formula (u for x) is the same function
    back = activation(label.replace("u", "x"))
    with mpmath.workdps(30):
        assert abs(back.value(mpmath.mpf("0.7")) - act.value(mpmath.mpf("0.7"))) < mpmath.mpf(10) ** -25


@pytest.mark.parametrize("formula, w, j, truth", [
    # tanh everywhere, written with a one-point branch at 0: sigma'(0) = 1, not the branch's 0
    ("Piecewise((tanh(z), Abs(z) > 0), (0, True))", ["2", "0"], 1, lambda: mpmath.tanh(2)),
    ("Piecewise((tanh(z), z < 0), (tanh(z), z > 0), (0, True))", ["0"], 0, lambda: mpmath.mpf(1)),
])
def test_r18b_12_a_one_point_branch_has_no_slope_of_its_own(formula, w, j, truth):
    from oracles import agreeing_digits
    g = vgtheory.gradient(formula, w, x=1, dps=30)
    with mpmath.workdps(40):
        assert g.digits >= 29 and agreeing_digits(g.df_dw[j], truth()) >= 29


def test_r18b_12_a_one_point_value_off_the_limits_is_a_jump_by_its_size():
    with pytest.raises(vgtheory.VGTheoryError, match=r"does not exist.*by 5\.0"):
        vgtheory.gradient("Piecewise((tanh(z), Abs(z) > 0), (5, True))", ["2", "0"], x=1)


@pytest.mark.parametrize("formula, w, x, left, right", [
    # t_1 = w_1 x binary, z_1 = sigma(t_1) exact, t_2 = w_2 z_1 exactly on the kink: df/dw_1 = x sigma'(t_1) w_2 sigma'(t_2 -+)
    ("Abs(z-1)", ["1", "1"], "2", -2, 2),
    ("Abs(z-1)+z/4", ["1", "0.25"], "4", 4 * 1.25 * 0.25 * -0.75, 4 * 1.25 * 0.25 * 1.25),
    ("Abs(z-1)", ["1", "0.5"], "3", 3 * 0.5 * -1, 3 * 0.5 * 1),
])
def test_r18b_2_an_exact_kink_at_layer_two_is_refused_in_one_line(formula, w, x, left, right):
    with pytest.raises(vgtheory.VGTheoryError, match="df/dw_1 does not exist.*layer 2") as err:
        vgtheory.gradient(formula, w, x=x)
    assert f"{float(left)} from the left, {float(right)} from the right" in str(err.value)
