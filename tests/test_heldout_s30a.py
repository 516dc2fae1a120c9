"""Held-out tests of red team R30a (symbolic soundness against c99c638); truths by construction or mpmath."""

import mpmath
import pytest
import sympy as sp

from vgtheory.core.activations import Z, activation
from vgtheory.core.rational_sets import rational_set
from vgtheory.kernel.limits import condition_set
from vgtheory.properties.smoothness import check_c1, check_c2, check_continuous
from vgtheory.theorems.hypotheses import check_concave, check_increasing

pytestmark = pytest.mark.slow

z = Z
HALF_LINE = sp.Interval.open(0, sp.oo)
# > 0 exactly on a window of width ~1e-26 around 7^(1/5) (rational coefficients: the exact solver's domain)
G5 = sp.Rational(1, 10**50) - (z**5 - 7) ** 2
R5 = sp.root(7, 5)
# the same window with an irrational centre (200*sqrt(2))^(1/3) and with a transcendental width pi*1e-40
G_SQRT2 = sp.Rational(1, 10**40) - (z**3 - 200 * sp.sqrt(2)) ** 2
R_SQRT2 = sp.cbrt(200 * sp.sqrt(2))
G_PI = sp.pi / 10**40 - (z**3 - 200) ** 2
R_PI = sp.cbrt(200)
W_SQRT2 = "Piecewise((tanh(z)/2, 10**-40 - (z**3-200*sqrt(2))**2 > 0), (tanh(z), True))"
W_PI = "Piecewise((tanh(z)/2, pi*10**-40 - (z**3-200)**2 > 0), (tanh(z), True))"


def _sign_at(g, x, dps):
    """sign of g at the exact point x, by mpmath at dps digits."""
    with mpmath.workdps(dps):
        return mpmath.sign(sp.lambdify(z, g, "mpmath")(mpmath.mpf(str(sp.N(x, dps + 10)))))


def _window_is_real(g, r):
    """g > 0 at r and < 0 at r +- 1e-15, at 80 and 120 digits (two precisions agreeing)."""
    for dps in (80, 120):
        assert _sign_at(g, r, dps) == 1
        assert _sign_at(g, r + sp.Rational(1, 10**15), dps) == -1
        assert _sign_at(g, r - sp.Rational(1, 10**15), dps) == -1


# ---------------------------------------------------------------- correct cases (the package is right today)

def test_rational_window_degree5_found():
    _window_is_real(G5, R5)
    s = rational_set(G5 > 0, z)
    assert bool(s.contains(R5)) and not bool(s.contains(R5 + sp.Rational(1, 10**20)))


def test_condition_set_rational_window():
    s = condition_set(G5 > 0)
    assert bool(s.contains(R5)) and not bool(s.contains(2))


def test_c1_fails_on_rational_window():
    act = activation(sp.Piecewise((sp.tanh(z) / 2, G5 > 0), (sp.tanh(z), True)))
    assert check_c1(act, HALF_LINE).verdict == "fails"


def test_continuous_fails_on_window_with_e_factor():
    # E*(z^3-200)^2 < 1e-40 holds at z = 200^(1/3): sigma jumps from tanh to tanh/2 there
    g = sp.Rational(1, 10**40) - sp.E * (z**3 - 200) ** 2
    _window_is_real(g, R_PI)
    act = activation(sp.Piecewise((sp.tanh(z) / 2, g > 0), (sp.tanh(z), True)))
    # since R30a-1's fix a degree-6 inequality with an irrational coefficient is not taken from sympy's solver:
    # the verdict may be inconclusive, never holds
    assert check_continuous(act).verdict != "holds"


def test_increasing_not_holds_on_rational_window():
    act = activation(sp.Piecewise((sp.tanh(z) / 2, G5 > 0), (sp.tanh(z), True)))
    assert check_increasing(act).verdict != "holds"


def test_tanh_c1_holds():
    assert check_c1(activation("tanh(z)"), HALF_LINE).verdict == "holds"


def test_sin_joint_c2_holds():
    # z for z < 0, sin z after: values 0, 0; slopes 1, 1; second derivatives 0, 0 -> C^2 on R
    act = activation("Piecewise((z, z < 0), (sin(z), True))")
    assert check_c1(act).verdict == "holds"
    assert check_c2(act).verdict == "holds"


def test_quadratic_joint_c2_fails():
    # z then z - z^2: C^1 at 0 (slopes 1, 1) but sigma'' jumps 0 -> -2
    act = activation("Piecewise((z, z < 0), (z - z**2, True))")
    assert check_c1(act).verdict == "holds"
    assert check_c2(act).verdict == "fails"


def test_tiny_jump_at_third_found():
    # a jump of 1e-30 at z = 1/3
    act = activation("Piecewise((0, z <= 1/3), (z - 1/3 + 10**-30, True))")
    assert check_continuous(act).verdict == "fails"


def test_smooth_sum_continuous():
    assert check_continuous(activation("tanh(z) + 1/(1+z**2)")).verdict == "holds"


def test_softsign_increasing_and_concave():
    # z/(1+z) on [0, oo): sigma' = 1/(1+z)^2 > 0, sigma'' = -2/(1+z)^3 < 0
    act = activation("z/(1+Abs(z))")
    assert check_increasing(act).verdict == "holds"
    assert check_concave(act).verdict == "holds"


def test_convex_start_not_concave():
    # z^2/(1+z^2): sigma''(0) = 2 > 0
    assert check_concave(activation("z**2/(1+z**2)")).verdict != "holds"


def test_near_tangent_rational_set():
    eps = sp.Rational(1, 10**40)
    s = rational_set(2 * z / (1 + z**2) > 1 - eps, z)  # 2z/(1+z^2) <= 1 with equality only at z = 1
    assert bool(s.contains(1)) and not bool(s.contains(1 + sp.Rational(1, 10**18)))


def test_tanh_and_log_windows_found():
    # (tanh z - 1/2)^2 < 1e-40 holds at atanh(1/2); (log z - 1)^2 < 1e-40 at e: sigma jumps there
    for cond in ("(tanh(z)-1/2)**2 < 10**-40", "(log(z)-1)**2 < 10**-40"):
        act = activation(f"Piecewise((tanh(z)/2, {cond}), (tanh(z), True))")
        assert check_c1(act, HALF_LINE).verdict == "fails"


def test_hidden_negative_limit_ramanujan():
    # L = e^(pi sqrt 163) - 262537412640768744 + 749927402801814e-27 = -3.11e-28 (mpmath at 60 and 90 digits agree)
    import vgtheory

    for dps in (60, 90):
        with mpmath.workdps(dps):
            L = mpmath.exp(mpmath.pi * mpmath.sqrt(163)) - 262537412640768744 + mpmath.mpf(749927402801814) / 10**27
            assert -4e-28 < L < -3e-28
    props = vgtheory.check_properties("tanh(z)*(exp(pi*sqrt(163)) - 262537412640768744 + 749927402801814/10**27)")
    assert props.positive_limit.verdict == "fails"


def test_denested_surd_tiny_positive_limit():
    # sqrt(5 + 2 sqrt 6) = sqrt 2 + sqrt 3 exactly, so L = a = 1e-60 > 0
    import vgtheory

    assert sp.sqrtdenest(sp.sqrt(5 + 2 * sp.sqrt(6))) == sp.sqrt(2) + sp.sqrt(3)
    props = vgtheory.check_properties("z/(1+Abs(z))*(sqrt(2)+sqrt(3)-sqrt(5+2*sqrt(6)) + 10**-60)")
    assert props.positive_limit.verdict == "holds" and props.linear_at_origin.verdict == "holds"


# ---------------------------------------------------------------- findings (fail today; assert the truth)

def test_r30a_1_condition_set_sqrt2_window():
    _window_is_real(G_SQRT2, R_SQRT2)
    s = condition_set(G_SQRT2 > 0)
    assert s is not sp.S.EmptySet  # the window is not empty (an undecided ConditionSet would be right too)


def test_r30a_1_c1_sqrt2_window_not_holds():
    _window_is_real(G_SQRT2, R_SQRT2)
    assert check_c1(activation(W_SQRT2), HALF_LINE).verdict != "holds"


def test_r30a_1_c1_pi_window_not_holds():
    _window_is_real(G_PI, R_PI)
    assert check_c1(activation(W_PI), HALF_LINE).verdict != "holds"


def test_r30a_1_continuous_and_increasing_sqrt2_not_holds():
    act = activation(W_SQRT2)
    assert check_continuous(act).verdict != "holds" and check_increasing(act).verdict != "holds"


W_EXP = "Piecewise((tanh(z)/2, (exp(z)-200)**2 < 10**-40), (tanh(z), True))"


def test_r30a_2_exp_window_not_c1():
    # at z = log(200) exp(z) - 200 = 0 exactly: sigma = tanh/2 there, tanh at log(200) + 1e-15 (exp(z) - 200 = 2e-13)
    g = sp.Rational(1, 10**40) - (sp.exp(z) - 200) ** 2
    _window_is_real(g, sp.log(200))
    act = activation(W_EXP)
    assert check_c1(act, HALF_LINE).verdict != "holds" and check_continuous(act).verdict != "holds"


def test_r30a_1_exp_constant_width_not_c1():
    g = sp.exp(-92) - (z**3 - 200) ** 2  # e^-92 = 1.1e-40 > 0 at 200^(1/3)
    _window_is_real(g, R_PI)
    act = activation("Piecewise((tanh(z)/2, (z**3-200)**2 < exp(-92)), (tanh(z), True))")
    assert check_c1(act, HALF_LINE).verdict != "holds"


def test_r30a_3_atan_near_double_root_not_increasing():
    # p(z) = z^3/3 - sqrt(2) z^2 + (2 - 1e-40) z, p'(z) = (z - sqrt(2))^2 - 1e-40: p'(sqrt(2)) = -1e-40 exactly,
    # so sigma' = p'/(1 + p^2) < 0 at sqrt(2): atan(p) is not increasing on [0, oo)
    r = sp.sqrt(2)
    p = z**3 / 3 - r * z**2 + (2 - sp.Rational(1, 10**40)) * z
    assert sp.expand(sp.diff(p, z).subs(z, r)) == -sp.Rational(1, 10**40)
    act = activation("atan(z**3/3 - sqrt(2)*z**2 + (2 - 10**-40)*z)")
    assert check_increasing(act).verdict != "holds"


def test_r30a_3_atan_exp_near_double_root_not_increasing():
    # p'(z) = (e^z - 200)^2 - 1e-40: p'(log 200) = -1e-40 exactly, so atan(p)' < 0 at log 200
    p = sp.exp(2 * z) / 2 - 400 * sp.exp(z) + (40000 - sp.Rational(1, 10**40)) * z
    assert sp.simplify(sp.diff(p, z).subs(z, sp.log(200))) == -sp.Rational(1, 10**40)
    act = activation("atan(exp(2*z)/2 - 400*exp(z) + (40000 - 10**-40)*z)")
    assert check_increasing(act).verdict != "holds"


def test_r30a_4_ramanujan_offset_no_internal_error():
    # c = e^(pi sqrt 163) - 640320^3 - 744 = -7.499274e-13 (mpmath, 50 and 80 digits); sigma = tanh(z + c) - tanh(c)
    # is smooth sigmoid-type: |sigma| <= 2, z sigma' -> 0, lim sigma = 1 - tanh(c) > 0, sigma(0) = 0, sigma'(0) = sech(c)^2 > 0
    import vgtheory

    for dps in (50, 80):
        with mpmath.workdps(dps):
            c = mpmath.exp(mpmath.pi * mpmath.sqrt(163)) - 640320**3 - 744
            assert -8e-13 < c < -7e-13
    props = vgtheory.check_properties(
        "tanh(z + exp(pi*sqrt(163)) - 640320**3 - 744) - tanh(exp(pi*sqrt(163)) - 640320**3 - 744)")
    for r in props:
        assert r.verdict != "fails" and "internal error" not in str(r.detail) + str(r.witness)
