"""Regression tests of fixer B1, session 14 (red team R13b, findings 1, 6 and 7).

Truths come from mpmath at high precision (sigma'(w) of a depth-1 chain read exactly; the
relative change of cos(t_1) that reading w_1 at the run's precision causes, which bounds the digits
any run can have) or from analytic one-sided derivatives, never from vgtheory's own output.
"""

from __future__ import annotations

import mpmath
import pytest
from clirun import cli

from vgtheory import gradient
from vgtheory.errors import VGTheoryError


def _pi_over(k: int, digits: int, times: int = 1) -> str:
    """times*pi/k to ``digits`` significant decimals, as a string (the input vgtheory reads exactly)."""
    with mpmath.workdps(digits + 30):
        return mpmath.nstr(times * mpmath.pi / k, digits, strip_zeros=False)


def _true_digits(value: mpmath.mpf, truth: mpmath.mpf) -> float:
    """Significant decimals on which value agrees with truth (negative: not even the magnitude)."""
    with mpmath.workdps(8000):
        if value == truth:
            return float("inf")
        return float(-mpmath.log10(abs(value - truth) / abs(truth)))


# R13b-1: at depth x dps at its limit the digits came from the error bound alone, whose
# |t sigma''/sigma'| took sigma' = cos from float(t) near pi/2 (6e-17, the truth 1e-100 or less).
@pytest.mark.parametrize("expr, k, times, fprime", [
    ("sin(z)", 2, 1, lambda w: mpmath.cos(w)),
    ("sin(z/3)", 2, 3, lambda w: mpmath.cos(w / 3) / 3),  # the inner w/3 rounds at any low precision
])
@pytest.mark.parametrize("digits_of_w", [100, 3950, 4100])
def test_r13b_1_digits_at_the_dps_cap_near_a_zero_of_sigma_prime(expr, k, times, fprime, digits_of_w):
    w = _pi_over(k, digits_of_w, times)
    g = gradient(expr, [w], 1, dps=4000)  # depth 1 x 4000 digits: the cap, no raise possible
    with mpmath.workdps(max(digits_of_w, 4000) + 2000):
        truth = fprime(mpmath.mpf(w))  # df/dw_1 = x sigma'(w x), x = 1, w read exactly
    true = _true_digits(g.df_dw[0], truth)
    assert g.digits <= max(0.0, true), (g.digits, true)
    if true < 1:
        assert g.digits == 0 and g.text(g.df_dw[0]) == "undetermined"


@pytest.mark.slow
def test_r13b_1_deep_chain_at_the_cap_claims_no_more_than_the_input_rounding_leaves():
    # Scaled down from the red team's depth 20000 x 240 digits: depth 2000 x 2500 digits is the cap.
    # cos(w_1) ~ 1e-200 (> 2^-900: the float estimate was used) and w_1, a 200-digit decimal, is
    # read at the working precision: that rounding alone moves cos(t_1), hence df/dw_1 (the only
    # factor that depends on t_1's rounding to first order), by the relative amount computed here
    # at 5000 digits. No run can claim more digits than it leaves (before the fix: 2482 of ~2301).
    depth, dps = 2000, 2500
    w1 = _pi_over(2, 200)
    g = gradient("sin(z)", [w1] + [1] * (depth - 1), 1, dps=dps)
    with mpmath.workdps(g.working_dps):
        t1 = mpmath.mpf(w1)
    with mpmath.workdps(5000):
        left = -mpmath.log10(abs(mpmath.cos(t1) / mpmath.cos(mpmath.mpf(w1)) - 1))
    assert 0 < g.digits <= left + 1, (g.digits, left)


# R13b-7: `init --q nan` said "non-negative" while `--q 0` is refused as not positive.
@pytest.mark.parametrize("q", ["nan", "0", "-1", "inf", "abc", "-0"])
def test_r13b_7_init_q_refusals_share_one_message(q):
    out = cli("init", "tanh", "--q", q)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1, out
    assert lines[0] == f"vgtheory: error: q must be a positive number, got '{q}'"


# R13b-6: at an input exactly on a kink the derivative formula held sympy's Heaviside(0) = 1/2,
# and gradient printed the mean of the one-sided partials as a 50-digit derivative.
def _numbers_after(text: str, *labels: str) -> list[mpmath.mpf]:
    import re

    return [mpmath.mpf(re.search(re.escape(label) + r"\s*([-+0-9.e]+)", text).group(1)) for label in labels]


def test_r13b_6_partial_at_a_kink_does_not_exist_and_says_so():
    # sigma = tanh(z) + Max(0, z - 1); t_1 = w_1 x = 1 is the kink, t_2 = 2 tanh 1 > 1 a smooth point.
    with pytest.raises(VGTheoryError) as info:
        gradient("tanh(z)+Max(0,z-1)", [1, 2], 1)
    message = str(info.value)
    assert "\n" not in message and "df/dw_1 does not exist" in message and "kink" in message
    with mpmath.workdps(40):
        sech2 = lambda u: 1 / mpmath.cosh(u) ** 2  # noqa: E731
        later = 2 * (sech2(2 * mpmath.tanh(1)) + 1)  # w_2 sigma'(t_2)
        left, right = sech2(1) * later, (sech2(1) + 1) * later  # x sigma'(1-) ..., x sigma'(1+) ...
    got_left, got_right = _numbers_after(message, "differ:", "from the left,")
    assert abs(got_left - left) < 1e-11 and abs(got_right - right) < 1e-11


def test_r13b_6_abs_at_its_kink_is_refused_not_zero():
    # f(w) = |w - 1| at x = 1: the one-sided derivatives at w = 1 are -1 and +1 (the mean 0 was printed).
    with pytest.raises(VGTheoryError, match=r"df/dw_1 does not exist.*-1\.0 from the left, 1\.0 from the right"):
        gradient("Abs(z-1)", [1], 1)
    out = cli("gradient", "Abs(z-1)", "--w", "1", "--x", "1")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1 and "does not exist" in out.stderr


@pytest.mark.parametrize("act, w", [("relu", [1, 2]), ("Max(z,2*z)", [3, -1]), ("Abs(z)", [1, 1])])
def test_r13b_6_kinks_where_the_partials_exist(act, w):
    # x = 0: every layer's input is 0 (the kink), but t_1 = w_1 * 0 stays 0 whatever w_1, and each
    # later layer sees z = sigma(0) = 0 times its weight: f is 0 near w, every partial 0.
    g = gradient(act, w, 0)
    assert all(v == 0 for v in g.df_dw) and g.digits == g.dps


def test_r13b_6_smooth_point_of_a_kinked_sigma_unchanged():
    # relu with x = 0.5, w = (2, 1): t_1 = 1, t_2 = 1 (no kink): df/dw_1 = x w_2 = 0.5, df/dw_2 = z_1 = 1.
    g = gradient("relu", [2, 1], "0.5")
    assert g.df_dw == (mpmath.mpf("0.5"), mpmath.mpf(1)) and g.digits == g.dps


@pytest.mark.parametrize("act, w", [("Heaviside(z)+tanh(z)", 0), ("sign(z)+tanh(z)", 0),
                                    ("tanh(z)+Piecewise((0, z < 1), (1, True))", 1)])
def test_r13b_6_input_on_a_jump_of_sigma_is_refused(act, w):
    # sigma jumps at t_1 = w x (x = 1): f(w') = sigma(w') is not even continuous at w, no derivative.
    with pytest.raises(VGTheoryError, match=r"df/dw_1 does not exist: .* jump of .*not differentiable in w_1"):
        gradient(act, [w], 1)


def test_r13b_6_input_on_a_jump_that_no_weight_moves():
    # x = 0: t_1 = w_1 * 0 = 0 sits on Heaviside's jump for every w_1, so f is constant in w_1: 0.
    g = gradient("Heaviside(z)+tanh(z)", [1], 0)
    assert g.df_dw == (0,) and g.digits == g.dps


def test_r13b_6_decimal_inputs_whose_product_is_the_kink():
    # w_1 x = 0.1 * 10 = 1 exactly (0.1 is no binary number: the rounded product is moved onto 1).
    with pytest.raises(VGTheoryError) as info:
        gradient("tanh(z)+Max(0,z-1)", ["0.1"], 10)
    with mpmath.workdps(40):
        sech2 = 1 / mpmath.cosh(1) ** 2
        left, right = 10 * sech2, 10 * (sech2 + 1)  # x sigma'(1-), x sigma'(1+)
    got_left, got_right = _numbers_after(str(info.value), "differ:", "from the left,")
    assert abs(got_left - left) < 1e-10 and abs(got_right - right) < 1e-10
