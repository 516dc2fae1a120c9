"""Held-out tests of red team R24b (numbers and robustness: gradient, exact chain, error bound).

Every truth here is derived in the test itself: exact rational arithmetic (fractions), closed forms evaluated
with mpmath at two precisions, or by construction. The tests named after findings R24b-1..5 assert the truth the
package got wrong at ae41b63 (fixed in session 20; CHANGELOG.md).
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.exact_eval import NotRational, rational_value
from vgtheory.errors import VGTheoryError

pytestmark = pytest.mark.slow

Z = sp.Symbol("z", real=True)
LINES = "Piecewise((z/2, z<1),(z-1/2,True))"


def _close(value, truth, digits):
    value, truth = mpmath.mpf(value), mpmath.mpf(truth)
    if truth == 0:
        return value == 0
    return abs(value - truth) <= abs(truth) * mpmath.mpf(10) ** (-digits)


def _pw_lines(t: Fraction) -> tuple[Fraction, Fraction]:
    """sigma and sigma' of LINES at t off its kink, in Fractions."""
    return (t / 2, Fraction(1, 2)) if t < 1 else (t - Fraction(1, 2), Fraction(1))


def _exact_chain(w, x):
    z, d = [x], []
    for wk in w:
        v, s = _pw_lines(wk * z[-1])
        z.append(v)
        d.append(s)
    out = []
    for j in range(len(w)):
        p = z[j] * d[j]
        for k in range(j + 1, len(w)):
            p *= w[k] * d[k]
        out.append(p)
    return z, out


# ---- correct cases ----------------------------------------------------------------------------------------

def test_exact_fit_loss_is_exact_zero_and_decay_is_lam_w():
    w, x, y, lam = [Fraction(1, 10), Fraction(3)], Fraction(1), Fraction(3, 40), Fraction(1, 2)
    z, df = _exact_chain(w, x)
    assert z[-1] == y  # by construction: f = y exactly
    g = vgtheory.gradient(LINES, ["0.1", "3"], x=1, y="0.075", lam="0.5")
    assert g.loss == 0 and all(v == 0 for v in g.dloss_dw) and g.loss_digits == 50
    for got, want in zip(g.df_dw, df):
        assert _close(got, Fraction(want).numerator / mpmath.mpf(Fraction(want).denominator), 48)
    for got, wj in zip(g.regularized_dw, w):
        want = lam * wj
        assert _close(got, mpmath.mpf(want.numerator) / want.denominator, 48)


def test_nonzero_residual_matches_fractions():
    w, x, y = [Fraction(1, 10), Fraction(3)], Fraction(1), Fraction(15, 100)
    z, df = _exact_chain(w, x)
    g = vgtheory.gradient(LINES, ["0.1", "3"], x=1, y="0.15")
    for got, d in zip(g.dloss_dw, df):
        want = (z[-1] - y) * d
        assert _close(got, mpmath.mpf(want.numerator) / want.denominator, 48)
    assert g.loss_digits >= 48


def test_weight_decay_exact_cancellation_is_zero():
    # f = sigma(1/2) = 1/4, df/dw = x sigma'(1/2) = 1/2, residual 1/4 - 3/4 = -1/2: dloss = -1/4, + lam w = 1/4
    g = vgtheory.gradient(LINES, [0.5], x=1, y="0.75", lam="0.5")
    assert g.dloss_dw[0] == mpmath.mpf(-0.25)
    assert g.regularized_dw[0] == 0 and g.regularized_digits == 50


def test_decimal_product_fit_0_1_times_3():
    g = vgtheory.gradient("Piecewise((z, z<5),(5,True))", ["0.1", "3"], x=1, y="0.3")
    assert g.loss == 0 and g.loss_digits == 50
    assert _close(g.df_dw[0], 3, 48) and _close(g.df_dw[1], mpmath.mpf("0.1"), 48)


def test_exact_kink_at_layer_3_refused():
    # t1 = 5.5 -> 5, t2 = 2.5 -> 2, t3 = 1: the kink, slopes 1/2 and 1
    z, _ = [Fraction(11, 2)], None
    for wk in (Fraction(1), Fraction(1, 2)):
        z.append(_pw_lines(wk * z[-1])[0])
    assert Fraction(1, 2) * z[-1] == 1
    with pytest.raises(VGTheoryError, match="does not exist"):
        vgtheory.gradient(LINES, ["1", "0.5", "0.5"], x="5.5")


def test_tanh_three_layers_product_form():
    mpmath.mp.dps = 60
    w, x = [mpmath.mpf(2)] * 3, mpmath.mpf(1)
    z = [x]
    for wk in w:
        z.append(mpmath.tanh(wk * z[-1]))
    d = [1 - z[k + 1] ** 2 for k in range(3)]
    truth = [z[j] * d[j] * mpmath.fprod(w[k] * d[k] for k in range(j + 1, 3)) for j in range(3)]
    mpmath.mp.dps = 15
    g = vgtheory.gradient("tanh", [2, 2, 2], x=1)
    for got, want in zip(g.df_dw, truth):
        assert _close(got, want, 48)


@pytest.mark.parametrize("trig", ["sin", "cos"])
def test_oscillating_cubic_switch_is_c1(trig):
    # sigma = tanh + (z-1)^3 trig(1/(z-1)) above 1: sigma'(1+) = lim 3h^2 trig - h trig' = 0, so sigma'(1) = sech^2(1)
    f = f"Piecewise((tanh(z), z<=1), (tanh(z) + (z-1)**3*{trig}(1/(z-1)), True))"
    g = vgtheory.gradient(f, [1, 1], x=1)
    mpmath.mp.dps = 60
    z1 = mpmath.tanh(1)
    truth = [mpmath.sech(1) ** 2 * mpmath.sech(z1) ** 2, z1 * mpmath.sech(z1) ** 2]
    mpmath.mp.dps = 15
    for got, want in zip(g.df_dw, truth):
        assert _close(got, want, 48)


@pytest.mark.parametrize("trig", ["sin", "cos"])
def test_oscillating_linear_switch_never_a_number(trig):
    # (z-1) trig(1/(z-1)): the difference quotient trig(1/h) has no limit: no df/dw_1 exists
    f = f"Piecewise((tanh(z), z<=1), (tanh(z) + (z-1)*{trig}(1/(z-1)), True))"
    with pytest.raises(VGTheoryError):
        vgtheory.gradient(f, [1, 1], x=1)


def test_rational_logistic_n100():
    n = 100
    g = vgtheory.gradient(f"(1+z/{n})**{n}/((1+z/{n})**{n}+1)", [1], x=1)
    truths = []
    for dps in (60, 90):
        with mpmath.workdps(dps):
            a = 1 + mpmath.mpf(1) / n
            truths.append(a ** (n - 1) / (a ** n + 1) ** 2)
    assert _close(truths[0], truths[1], 55)
    assert _close(g.df_dw[0], truths[1], 48)


def test_exact_eval_conventions():
    assert rational_value(sp.Heaviside(Z, 1), Fraction(0)) == 1
    assert rational_value(sp.Heaviside(Z, 0), Fraction(0)) == 0
    assert rational_value(sp.Heaviside(Z), Fraction(0)) == Fraction(1, 2)
    assert rational_value(sp.sign(Z), Fraction(0)) == 0
    assert rational_value(sp.Max(Z, 1 - Z), Fraction(1, 2)) == Fraction(1, 2)
    assert rational_value(sp.Piecewise((2, sp.Eq(Z, 1)), (Z, True)), Fraction(1)) == 2
    assert rational_value(sp.Piecewise((2, sp.Ne(Z, 1)), (Z, True)), Fraction(1)) == 1
    assert rational_value(sp.Abs(Z - Fraction(1, 3)) ** 3, Fraction(0)) == Fraction(1, 27)
    with pytest.raises(NotRational):
        rational_value(sp.Piecewise((Z, Z > 1)), Fraction(0))
    with pytest.raises(NotRational):
        rational_value(1 / Z, Fraction(0))


def test_removable_jump_eq_refused():
    # sigma = 2z except sigma(1) = 1: not continuous at 1
    with pytest.raises(VGTheoryError, match="jump"):
        vgtheory.gradient(sp.Piecewise((Z, sp.Eq(Z, 1)), (2 * Z, True)), [1], x=1)


def test_c1_join_just_above_switch_without_float_trap():
    # the same sigma as R24b-1 but with x far from the switch: sigma'(2) = sech^2(2) + 2e40 (1 - 1e-43)
    f = "Piecewise((tanh(z), z <= 1 + 10**-43), (tanh(z) + 10**40*(z - 1 - 10**-43)**2, True))"
    g = vgtheory.gradient(f, [1], x="1.5")
    with mpmath.workdps(120):
        x = mpmath.mpf("1.5")
        truth = x * (mpmath.sech(x) ** 2 + 2 * mpmath.mpf(10) ** 40 * (x - 1 - mpmath.mpf(10) ** -43))
    assert _close(g.df_dw[0], truth, 48)


# ---- findings (xfail strict: each fails today) ------------------------------------------------------------

def test_r24b_1_low_precision_curvature_on_wrong_piece():
    f = "Piecewise((tanh(z), z <= 1 + 10**-43), (tanh(z) + 10**40*(z - 1 - 10**-43)**2, True))"
    xs = "1.0000000000000000000000000000000000000000002"
    g = vgtheory.gradient(f, [1], x=xs)
    truths = []
    for dps in (100, 150):
        with mpmath.workdps(dps):
            x = mpmath.mpf(xs)
            truths.append(x * (mpmath.sech(x) ** 2 + 2 * mpmath.mpf(10) ** 40 * (x - 1 - mpmath.mpf(10) ** -43)))
    assert _close(truths[0], truths[1], 90)
    with mpmath.workdps(120):
        assert _close(g.df_dw[0], truths[1], g.digits - 1)


def _runs_within(code: str, seconds: float) -> bool:
    try:
        subprocess.run([sys.executable, "-c", code], timeout=seconds, check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_r24b_2_rational_logistic_n1000_in_time():
    code = ("import vgtheory; vgtheory.gradient('(1+z/1000)**1000/((1+z/1000)**1000+1)', [1], x=1)")
    assert _runs_within(code, 12)


def test_r24b_3_tiny_decimal_input_in_time():
    code = "import vgtheory; vgtheory.gradient('tanh', [1], x='1e-30000000')"
    assert _runs_within(code, 12)


def test_r24b_4_floor_refused_clearly_or_right():
    # sigma = floor(z) + z/2 at t = 1.5 (off its jumps): sigma' = 1/2, df/dw = x/2 = 0.75
    try:
        g = vgtheory.gradient(sp.floor(Z) + Z / 2, [1], x="1.5")
    except VGTheoryError:
        return
    assert _close(g.df_dw[0], mpmath.mpf("0.75"), 40)


def test_r24b_5_fraction_inputs_read_exactly():
    # w = 1/3, x = 3/10: t = 1/10, f = sigma(1/10) = 1/20 = y exactly; df/dw = x sigma'(1/10) = 3/20
    g = vgtheory.gradient(LINES, [Fraction(1, 3)], x=Fraction(3, 10), y=Fraction(1, 20))
    assert g.loss == 0
    assert _close(g.df_dw[0], mpmath.mpf(3) / 20, 45)
