"""Red team R15b (session 15, second round): internal errors and claimed digits. Truths by construction or
mpmath at high precision, computed here."""

from __future__ import annotations

import math
import subprocess
import sys

import mpmath
import pytest

import vgtheory
from vgtheory.meanfield.signal_section import signal_summary


@pytest.mark.slow  # 2-6 s: the default suite keeps under 3 minutes (session 32)
@pytest.mark.parametrize("args", [
    ["gradient", "tanh", "--w", "1", "--y", "1/0"], ["gradient", "tanh", "--w", "1/0"],
    ["gradient", "tanh", "--w", "1", "--x", "0/0"], ["gradient", "tanh", "--w", "1", "--s", "1/0"],
    ["signal", "tanh", "--sigma-w", "1/0", "--sigma-b", "0"], ["init", "tanh", "--q", "1/0"],
])
def test_r15b_7_a_division_by_zero_in_an_option_is_a_one_line_refusal(args) -> None:
    out = subprocess.run([sys.executable, "-m", "vgtheory", *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "internal error" not in out.stderr
    assert out.stderr.strip().count("\n") == 0 and ("1/0" in out.stderr or "0/0" in out.stderr)


@pytest.mark.slow  # the float64 signal summary of a noisy sigma: ~5 s loaded
def test_r15b_1_a_noisy_float64_length_map_is_no_internal_error() -> None:
    # cosh x - sinh x - e^-x is 0: sigma is tanh, but its float64 form cancels for |x| > 15.
    s = signal_summary("tanh(x) + 10**4*(cosh(x) - sinh(x) - exp(-x))")
    text = " ".join(s.lines())
    assert "internal error" not in text and "TypeError" not in text
    # sigma = tanh: sigma'(0) = 1, so the closed form gives sigma_w = 1 at sigma_b = 0 (if it is computed at all).
    if s.critical is not None:
        assert abs(s.critical.sigma_w - 1) < 1e-8


def test_r15b_2_an_evaluation_failure_is_not_read_as_no_critical_point() -> None:
    s = signal_summary("log(1+exp(x)) - log(2)")
    if s.critical is None:  # "none found" only after a search that ran to its end
        line = s.lines()[0]
        assert "none found" not in line or "no sigma_w with chi1 = 1 found" in line
    else:  # sigma(0) = 0, sigma'(0) = 1/2: sigma_w = 2
        assert abs(s.critical.sigma_w - 2) < 1e-8


def test_r15b_3_subnormal_float64_values_claim_no_full_digits() -> None:
    # exp(-744) = 7.67e-324 is the float 9.88e-324 (two ulps of 4.9e-324): not one digit right.
    g = vgtheory.gradient(math.exp, [1], x="-744", dps=30)
    with mpmath.workdps(40):
        truth = mpmath.exp(-744)
        assert abs(g.output - truth) > truth / 10
    assert g.forward_digits == 0
    # exp(-730) = 9.2263e-318 has about 20 bits as a subnormal float: at most 6 digits.
    g = vgtheory.gradient(math.exp, [0.73], x="-1000", dps=30)
    with mpmath.workdps(40):
        truth = mpmath.exp(mpmath.mpf("0.73") * -1000)
        assert g.forward_digits <= 6 and abs(g.output - truth) <= truth * mpmath.mpf(10) ** (1 - g.forward_digits)


def test_r15b_2_and_5_exact_zeros_at_exact_points_are_values() -> None:
    # log(1 + e^0) - log 2 = 0 and Max(1 - 1, sin(pi/2) - 1) = 0 exactly; no ball shows it, the kernel does.
    with mpmath.workdps(30):
        assert vgtheory.activation("log(1+exp(x)) - log(2)").value(mpmath.mpf(0)) == 0
        assert vgtheory.activation("Max(z - 1, sin(pi*z/2) - 1)").value(mpmath.mpf(1)) == 0
        # A nonzero value there stays a number: log(1 + e^0) - log 3 = log(2/3).
        v = vgtheory.activation("log(1+exp(x)) - log(3)").value(mpmath.mpf(0))
        assert abs(v - mpmath.log(mpmath.mpf(2) / 3)) < mpmath.mpf(10) ** -28
    # Layer 1's input 1 is the kink (slopes 0 and 1): never a number for df/dw_1 (no digit, or a refusal).
    try:
        g = vgtheory.gradient("Max(z - 1, sin(pi*z/2) - 1)", [1, 1], 1)
    except vgtheory.VGTheoryError as exc:
        assert "does not exist" in str(exc) or "not determined" in str(exc)
    else:
        assert g.digits == 0


@pytest.mark.parametrize("sigma, zero_slope", [
    (lambda z: math.tanh(z) ** 3 + 1e-10 * math.tanh(z), False),  # sigma(z)/z -> 1e-10 > 0: never "fails"
    (lambda z: mpmath.tanh(z) ** 3 + mpmath.mpf("1e-30") * mpmath.tanh(z), False),
    (lambda z: math.tanh(z) ** 3, True),  # sigma(z)/z ~ z^2 -> 0: the slope at 0 is 0
])
def test_r15b_9_a_small_positive_slope_is_not_read_as_zero(sigma, zero_slope) -> None:
    from vgtheory.properties.four import check_linear_at_origin

    r = check_linear_at_origin(sigma)
    assert (r.verdict == "fails") == zero_slope, r
