"""Red team 7's findings in the report layer (F4, F5), each asserted with its truth.

F4: the "centred activation" finding called sympy's simplify with no time budget; for
``tanh(x) + exp(-(x-1000)**2)`` it ran for minutes and the report was never printed.
F5: the finding printed ``sigma(z) - -A/B + sqrt(C)`` for an offset that is a sum, which reads as a
different function.
"""

from __future__ import annotations

import time

import pytest
import sympy as sp

import vgtheory
from vgtheory.core.parsing import Z, parse_formula


def _centred_finding(report) -> str:
    (line,) = [f for f in report.findings if f.startswith("The centred activation")]
    return line


def test_centred_offset_that_is_a_sum_is_parenthesised_and_true() -> None:
    formula = "tanh(x) + sqrt(10**100+1) - 10**50 - 1/(2*10**50)"
    report = vgtheory.check(formula, signal=False, theorems=False)
    line = _centred_finding(report)
    assert "- -" not in line
    # The printed offset is sigma(0), in parentheses: parse it back and check the claim itself.
    shown = line.split("sigma(z) - (", 1)[1].split(") = ", 1)[0]
    offset = sp.sympify(shown)  # test-side parsing of the package's own output (digits and sqrt)
    assert sp.simplify(offset - parse_formula(formula).subs(Z, 0)) == 0
    assert sp.simplify(parse_formula(formula) - offset - sp.tanh(Z)) == 0


def test_findings_simplify_is_bounded_by_the_timeout(monkeypatch) -> None:
    """A simplify that never ends costs at most the per-step timeout; the finding still comes,
    with the unsimplified centred expression (which is still exactly sigma - sigma(0))."""
    import vgtheory.report as report_module

    def endless(expr, *args, **kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(report_module.sp, "simplify", endless)
    start = time.monotonic()
    report = vgtheory.check("tanh(x) + 1/3", signal=False, theorems=False, timeout=1.0)
    assert time.monotonic() - start < 60
    assert report.properties.linear_at_origin.verdict == "fails"
    line = _centred_finding(report)
    assert "sigma(z) - 1/3 = tanh(z)" in line and "a = 1" in line


# -- F2: numeric (H) evidence looks where the formula can hide a defect ----------------------------
# Truth by hand (red team 7): sigma = tanh t (1 + e^{-(t-2000)^2}) falls from ~2 at t = 2000 to
# ~1 at 2003 (not increasing); with b = e^{-10^6 (t-pi)^2}/10^4, sigma' = sech^2 t (1+b) + tanh t b'
# is ~0.0075 - 0.0855 < 0 at t = pi + 7.1e-4; tanh t + c t^2 e^{-t^2} and tanh t + c t^2/(1+t^2)
# have sigma''(0) = 2c > 0, so sigma' rises on [0, eps): not concave.

from vgtheory.core.activations import activation  # noqa: E402
from vgtheory.theorems.hypotheses import check_concave, hypothesis_H  # noqa: E402


@pytest.mark.slow
@pytest.mark.parametrize("formula", ["tanh(x)*(1+exp(-(x-2000)**2))",
                                     "tanh(x)*(1+exp(-10**6*(x-pi)**2)/10**4)"])
def test_hidden_bumps_are_not_read_as_increasing(formula: str) -> None:
    r = hypothesis_H(activation(formula))
    assert r.verdict == "fails", r


@pytest.mark.parametrize("formula", ["tanh(x) + x**2*exp(-x**2)/100", "tanh(x) + x**2*exp(-x**2)/10**6",
                                     "tanh(x) + x**2/(1+x**2)/10**10"])
def test_convexity_at_the_origin_is_seen(formula: str) -> None:
    assert check_concave(activation(formula)).verdict == "fails"


@pytest.mark.parametrize("formula", ["tanh(x) - x**2*exp(-x**2)/100", "x/sqrt(1+x**2)"])
def test_concave_twins_still_hold(formula: str) -> None:
    """The other direction: more sample points must not invent a failure.  For the first,
    sigma'' = -2 sech^2 t tanh t - (2 - 10t^2 + 4t^4) e^{-t^2}/100 < 0 on (0, oo): the bump's
    curvature term is at most 0.0025 e^{-t^2} where it is positive (0.47 < t < 1.5), and
    2 sech^2 t tanh t exceeds 0.18 there."""
    assert check_concave(activation(formula)).verdict == "holds"


@pytest.mark.slow
def test_a_far_dip_is_not_concave() -> None:
    """tanh t (1 - e^{-(t-2000)^2}/10^6) has a dip of depth 1e-6 at 2000: sigma falls before it."""
    assert hypothesis_H(activation("tanh(x)*(1 - exp(-(x-2000)**2)/10**6)")).verdict == "fails"


# -- F18: latex -o into a missing directory is refused, as plot -o is ------------------------------


def test_latex_refuses_a_missing_directory(tmp_path) -> None:
    from clirun import cli  # in-process: the refusal and exit code 2 are main()'s

    target = tmp_path / "missing" / "dir" / "a.tex"
    done = cli("latex", "tanh", "-o", str(target))
    assert done.returncode == 2 and "does not exist" in done.stderr, done.stderr
    assert not (tmp_path / "missing").exists()


# -- the guard's reach: c ± c·tanh u is rewritten, so deep tails are values, not "undetermined" ---------

import mpmath  # noqa: E402
import sympy as sp  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

from vgtheory.core.formula_eval import stable_form  # noqa: E402
import pytest


@settings(max_examples=30, deadline=None)
@given(c=st.fractions(-5, 5).filter(lambda f: f != 0), k=st.integers(1, 7), t=st.floats(-20, 20))
def test_c_plus_c_tanh_is_rewritten_to_an_equal_expression(c, k, t) -> None:
    """The rewrite is the identity c·tanh u ± c = ±2c/(1 + e^(∓2u)): equal at any point (60 digits)."""
    c = sp.Rational(c.numerator, c.denominator)
    for e in (c * sp.tanh(k * Z) + c, c * sp.tanh(k * Z) - c + Z):
        s = stable_form(e)
        assert not s.has(sp.tanh) or s == e
        with mpmath.workdps(60):
            a, b = (sp.lambdify(Z, f, "mpmath")(mpmath.mpf(t)) for f in (e, s))
            assert abs(a - b) <= mpmath.mpf(10) ** -50 * (1 + abs(a))


def test_gelu_tanh_deep_left_tail_is_determined() -> None:
    """sigma'(z) = z u' sech^2(u)/2 + 1/(1 + e^(-2u)), u = sqrt(2/pi)(z + 0.044715 z^3): at z = -55
    both terms are ~1e-5190, far below what the unrewritten tanh(u)/2 + 1/2 resolves."""
    a = activation("gelu_tanh")
    with mpmath.workdps(30):
        d = a.slope(-55)
        u = mpmath.sqrt(2 / mpmath.pi) * (-55 + mpmath.mpf(8943) / 200000 * (-55) ** 3)
        truth = -55 * mpmath.sqrt(2 / mpmath.pi) * (1 + 3 * mpmath.mpf(8943) / 200000 * 55**2) * mpmath.sech(u) ** 2 / 2 \
            + 1 / (1 + mpmath.exp(-2 * u))
        assert abs(d - truth) <= abs(truth) * mpmath.mpf(10) ** -25


# -- F3/F11: cancelling sigma' far out is bounded by arb, not chased to 2^101 bits ----------------------


@pytest.mark.slow
@pytest.mark.parametrize("formula", ["tanh(x)-tanh(x)**3/3", "sinh(x)/sqrt(1+sinh(x)**2)",
                                     "tanh(x) + (atan(2) + atan(3) - 3*pi/4)*x"])
def test_cancelling_tails_are_decided_in_bounded_time(formula: str) -> None:
    """Each is sigmoid-type: tanh - tanh^3/3 (sigma' = sech^4 > 0, L = 2/3, a = 1); sinh/cosh = tanh;
    atan 2 + atan 3 = 3 pi/4 (tan of the sum is (2+3)/(1-6) = -1, the sum lies in (pi/2, pi)).
    Their sigma' cancels to ~e^(-2^101) at the far tail points; the properties ran past 2 minutes."""
    start = time.monotonic()
    report = vgtheory.check(formula, theorems=False, signal=False)
    assert report.properties.sigmoid_type, report.properties
    assert time.monotonic() - start < 90


# -- F12: a slope no precision confirms is refused, never printed as 0.0 --------------------------------


@pytest.mark.parametrize("formula", ["tanh(x)-tanh(x)**3/3", "tanh(x)+tanh(x-1)-tanh(-1)"])
def test_gradient_never_reports_an_unconfirmed_zero(formula: str) -> None:
    """sigma' > 0 everywhere (sech^4 z; sech^2 z + sech^2(z - 1)), so df/dw_1 = x sigma'(w x) > 0 at
    w = 20000, x = 1 (about 4e-34743 and 6e-17371): a printed 0.0 was a false number."""
    from vgtheory.errors import VGTheoryError

    try:
        g = vgtheory.gradient(formula, [20000], 1)
    except VGTheoryError as exc:
        assert "\n" not in str(exc)
        return
    assert g.df_dw[0] > 0
