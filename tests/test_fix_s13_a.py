"""Regression tests for red team R12a's findings fixed in session 13 (fixer F-a): R12a-1, R12a-2, R12a-3.

The truth beside each test is an exact identity, checked here independently with mpmath at 300 digits (a hidden zero
is below 1e-290 there, i.e. round-off), or a one-line calculation; nothing is copied from the package's output.
"""

from __future__ import annotations

import subprocess
import sys
import time

import mpmath
import pytest
import sympy as sp

from vgtheory import kernel
from vgtheory.core.activations import activation
from vgtheory.core.exact_real import exact_mpf
from vgtheory.core.formula_eval import UndeterminedError
from vgtheory.core.parsing import Z, parse_formula
from vgtheory.errors import FormulaError
from vgtheory.properties.four import check_bounded, check_linear_at_origin, check_positive_limit

# Both exactly 0: cos(pi/7) + cos(3pi/7) + cos(5pi/7) = 1/2 (the sum of the real parts of the primitive 14th roots
# of unity with odd index, a classical identity), and asinh 1 = log(1 + sqrt2), asinh 2 = log(2 + sqrt5).
TRIG0 = "(cos(pi/7)+cos(3*pi/7)+cos(5*pi/7)-1/2)"
ASINH0 = "(asinh(1)+asinh(2)-log((1+sqrt(2))*(2+sqrt(5))))"
LOG0 = "(log(2)+log(3)-log(6))"  # exactly 0, and the kernel's zero test proves it


def test_the_hidden_zeros_are_zero_to_300_digits():
    with mpmath.workdps(300):
        trig = mpmath.cos(mpmath.pi / 7) + mpmath.cos(3 * mpmath.pi / 7) + mpmath.cos(5 * mpmath.pi / 7) - mpmath.mpf(1) / 2
        asinh = mpmath.asinh(1) + mpmath.asinh(2) - mpmath.log((1 + mpmath.sqrt(2)) * (2 + mpmath.sqrt(5)))
        assert abs(trig) < mpmath.mpf(10) ** -290 and abs(asinh) < mpmath.mpf(10) ** -290


def _never_wrong(result, truth):
    """A verdict on sigma = the truth's sigma: the right value, or no value (inconclusive, undetermined)."""
    assert result.value is None or abs(mpmath.mpf(result.value) - truth) < mpmath.mpf(10) ** -15, (result.verdict,
                                                                                                      result.value)


@pytest.mark.parametrize("zero", [TRIG0, ASINH0])
def test_sign_of_a_hidden_zero_is_not_read_as_plus_or_minus_one(zero):
    # R12a-1 (a), (d): sigma = tanh z + sign(0) = tanh z: sigma(0) = 0, L = 1, sup |sigma| = 1.
    sigma = f"tanh(z) + sign({zero})"
    p4 = check_linear_at_origin(sigma)
    assert p4.verdict != "fails", p4.detail
    p3 = check_positive_limit(sigma)
    assert p3.verdict != "fails"
    _never_wrong(p3, 1)
    p1 = check_bounded(sigma)
    assert p1.verdict != "fails"
    _never_wrong(p1, 1)


def test_square_of_the_sign_of_a_hidden_zero():
    # R12a-1 (b): 1 - sign(0)^2 = 1, sigma = tanh z + 1, L = 2.
    _never_wrong(check_positive_limit(f"tanh(z) + 1 - sign({TRIG0})**2"), 2)


def test_tanh_times_sign_of_a_hidden_zero_is_zero():
    # R12a-1 (c): sigma = tanh z * 0 = 0, L = 0 (the report had -1.0).
    _never_wrong(check_positive_limit(f"tanh(z)*sign({TRIG0})"), 0)


def test_sign_z_times_sign_of_a_hidden_zero():
    # R12a-1 (e): sigma = tanh z, L = 1 (the report had 2.0).
    _never_wrong(check_positive_limit(f"tanh(z) + sign(z)*sign({ASINH0})"), 1)


@pytest.mark.parametrize("formula, at_zero", [
    (f"tanh(z) + sign({TRIG0})", 0),
    (f"tanh(z) + 2*Heaviside({ASINH0}) - 1", 0),          # H(0) = 1/2
    (f"tanh(z) + sign(z - {ASINH0})", 0),                  # sign(0 - 0) = 0
    (f"Piecewise((tanh(z) + 1, z <= {ASINH0}), (tanh(z), True))", 1),  # 0 <= 0 holds: tanh 0 + 1
])
def test_values_at_zero_are_right_or_undetermined(formula, at_zero):
    act = activation(formula)
    try:
        value = act.value(mpmath.mpf(0))
    except UndeterminedError:
        return
    assert value == at_zero


def test_a_constant_sign_the_kernel_decides_gives_values():
    # log 2 + log 3 - log 6 = 0 by the kernel's zero test: sign(0) = 0, H(0) = 1/2, both sigmas tanh z.
    for formula in (f"tanh(z) + sign({LOG0})", f"tanh(z) + Heaviside({LOG0}) - 1/2"):
        act = activation(formula)
        for z in (0, 1, -3):
            assert abs(act.value(mpmath.mpf(z)) - mpmath.tanh(z)) < mpmath.mpf(10) ** -25, (formula, z)
        p3 = check_positive_limit(formula)
        assert p3.verdict == "holds" and abs(p3.value - 1) < 1e-15


def test_exact_mpf_of_an_undecided_sign_is_refused_not_guessed():
    with pytest.raises(ValueError):
        exact_mpf(sp.sign(sp.sympify(TRIG0)), 20)
    assert exact_mpf(sp.sign(sp.sympify(LOG0)), 20) == 0
    assert exact_mpf(sp.sign(sp.sympify(f"{LOG0} + 10**-40")), 20) == 1


def test_exact_gap_of_z_to_the_z_at_100_bit_probes_is_fast_and_right():
    # R12a-2: s*(u/s)^(u/s) - u^u at dyadic s, u with 100-bit mantissas; sympy's exact Rational**Rational never ended.
    from vgtheory.theorems.scaling import _exact_gap

    s = sp.Rational(3 * 2**100 + 12345, 2**100)
    u = sp.Rational(5 * 2**99 + 6789, 2**100)
    t0 = time.monotonic()
    gap = _exact_gap(activation("z**z").expr, s, u)
    fact = kernel.sign(gap, lambda fn: None)
    assert time.monotonic() - t0 < 20
    with mpmath.workdps(60):
        sm, um = mpmath.mpf(s.p) / s.q, mpmath.mpf(u.p) / u.q
        truth = sm * (um / sm) ** (um / sm) - um**um
    assert fact is not None and fact.value == (1 if truth > 0 else -1)


def test_check_of_z_to_the_z_ends():
    # R12a-2: the command hung > 500 s with --timeout 2. z**z is not homogeneous (s = 2, u = 1: sqrt 2 != 1).
    code = ("from vgtheory.theorems.scaling import scaling_report\n"
            "print(scaling_report('z**z', timeout=2).invariant.verdict)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() in ("fails", "inconclusive")


def test_max_min_of_a_constant_the_kernel_proves_zero_is_accepted():
    # R12a-3: log 2 + log 3 - log 6 = 0 and sqrt2 + sqrt3 - sqrt(5 + 2 sqrt6) = 0 ((sqrt2 + sqrt3)^2 = 5 + 2 sqrt6).
    assert parse_formula(f"Min(tanh(z), {LOG0})") == sp.Min(0, sp.tanh(Z))
    expr = parse_formula("Max(tanh(z), sqrt(2)+sqrt(3)-sqrt(5+2*sqrt(6)))")
    assert expr.has(sp.Max) and sp.S.Zero in expr.args


def test_max_of_an_undecided_constant_says_why_in_one_line():
    with pytest.raises(FormulaError) as info:
        parse_formula(f"Max(tanh(z), {TRIG0})")
    msg = str(info.value)
    assert "\n" not in msg and "cannot be compared" in msg and "not comparable" not in msg


def test_onset_through_a_log_sum_that_cancels():
    # R12a-4: sigma = atan z + (log 2 + log 3 - log 6) z^2 e^{-z^2} = atan z = z - z^3/3 + O(z^5): at w = 1,
    # phi(z) = z - beta z^p with p = 3, beta = 1/3 (the z^2 coefficient log 2 + log 3 - log 6 = log 1 = 0).
    from vgtheory.theorems.theorem2 import _onset, _onset_check

    act = activation(f"atan(z) + {LOG0}*z**2*exp(-z**2)")
    p, beta = _onset(act, sp.Integer(1))
    assert (p, beta) == (3, sp.Rational(1, 3))
    assert _onset_check(act, sp.Integer(1), p, beta, 5.0).verdict == "holds"


@pytest.mark.parametrize("formula", [
    "tanh(z) + 10**-30*(Heaviside(z - sqrt(2) - sqrt(3)) - Heaviside(z - sqrt(5+2*sqrt(6))))",
    f"tanh(z) + 10**-30*(sign(z - log(6)) - sign(z - log(2) - log(3)))",
])
def test_indicator_differences_at_one_breakpoint_written_twice_are_zero(formula):
    # R12a-5: sqrt2 + sqrt3 = sqrt(5 + 2 sqrt6) and log 6 = log 2 + log 3, so both differences are 0 at every z
    # (at the breakpoint too: H(0) - H(0) = sign(0) - sign(0) = 0): sigma = tanh z, C^1 (C^infinity).
    from vgtheory.theorems.hypotheses import check_c1, check_continuous

    assert check_continuous(formula).verdict == "holds"
    assert check_c1(formula).verdict == "holds"


def test_signs_at_one_breakpoint_written_twice_that_add_up_jump():
    # sign(z - log 6) + sign(z - log 2 - log 3) = 2 sign(z - log 6): a jump of 4*10^-30 at log 6.
    from vgtheory.theorems.hypotheses import check_continuous

    assert check_continuous("tanh(z) + 10**-30*(sign(z - log(6)) + sign(z - log(2) - log(3)))").verdict == "fails"
