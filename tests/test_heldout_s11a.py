"""Held-out red-team set 11a (symbolic side): inputs the package got right, with the truth derived here.

Every expected value comes from an argument written beside the test (an exact identity, calculus, the
value of sign/Heaviside at 0, or mpmath at 50+ digits far beyond the gap that matters); nothing is
copied from the package's output. Inputs the package got wrong are in the red team's notes (summarised in CHANGELOG.md) only.
"""

from __future__ import annotations

import mpmath
import sympy as sp
import pytest

from vgtheory import kernel
from vgtheory.core.activations import activation
from vgtheory.properties.four import check_bounded, check_linear_at_origin, check_positive_limit
from vgtheory.theorems.hypotheses import check_c1, check_concave, check_continuous

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


def _run(fn):
    return fn()


def _mp(expr: sp.Expr, dps: int = 60) -> mpmath.mpf:
    with mpmath.workdps(dps):
        return mpmath.mpf(sp.N(expr, dps))


# -- the kernel's signs of near-cancelling and tiny constants ---------------------------------------


def test_pi_minus_355_113_plus_offset_is_negative():
    # pi - 355/113 = -2.667641890624...e-7; adding 2.66764189e-7 leaves -6.2e-17 < 0 (mpmath, 50 digits).
    c = sp.pi - sp.Rational(355, 113) + sp.Rational(266764189, 10**15)
    with mpmath.workdps(50):
        truth = mpmath.pi - mpmath.mpf(355) / 113 + mpmath.mpf(266764189) / 10**15
        assert truth < -mpmath.mpf(10) ** -17
    s = kernel.sign(c, _run)
    assert s is not None and s.value == -1


def test_sin_of_pi_plus_exp_minus_1e5_is_negative():
    # sin(pi + x) = -sin(x) < 0 for 0 < x < pi; x = e^-100000 ~ 10^-43430.
    s = kernel.sign(sp.sin(sp.pi + sp.exp(-(10**5))), _run)
    assert s is not None and s.value == -1


@pytest.mark.slow
def test_tiny_positive_constants_are_never_zero_or_negative():
    # Each is > 0 (log(1+x) > 0, 1 - tanh x > 0, exp(x) - 1 > 0 for x > 0): the kernel may leave the
    # sign undecided (below arb's 16384 bits) but must never call it 0 or negative.
    for c in (sp.log(1 + sp.exp(-(10**5))), 1 - sp.tanh(10**5), sp.exp(sp.exp(-(10**5))) - 1):
        s = kernel.sign(c, _run)
        assert s is None or s.value == 1


# -- limits through Piecewise conditions that are not linear in z -------------------------------------


def test_condition_exp_minus_z_above_1e_minus_50_switches_branch():
    # exp(-z) > 1e-50 fails for z > 50 ln 10 (~115): sigma = tanh z + 1 there, so L = 2; the jump of 1
    # at 50 ln 10 breaks C^1.
    sigma = "Piecewise((tanh(z), exp(-z) > 10**-50), (tanh(z) + 1, True))"
    p3 = check_positive_limit(sigma)
    assert p3.verdict == "holds" and p3.method == "symbolic" and sp.simplify(p3.value - 2) == 0
    c1 = check_c1(activation(sigma))
    assert c1.verdict == "fails" and c1.method == "symbolic"


def test_condition_tanh_below_1_minus_1e_minus_40_switches_branch():
    # tanh z < 1 - 1e-40 fails for z > atanh(1 - 1e-40) ~ 46.4: L = 1 + 1 = 2.
    p3 = check_positive_limit("Piecewise((tanh(z), tanh(z) < 1 - 10**-40), (tanh(z) + 1, True))")
    assert p3.verdict == "holds" and sp.simplify(p3.value - 2) == 0


def test_empty_constant_middle_piece_is_tanh():
    # [sqrt2 + sqrt3, sqrt(5 + 2 sqrt 6)) is empty ((sqrt2 + sqrt3)^2 = 5 + 2 sqrt 6): sigma = tanh z.
    sigma = "Piecewise((tanh(z), z < sqrt(2)+sqrt(3)), (2, z < sqrt(5+2*sqrt(6))), (tanh(z), True))"
    p3 = check_positive_limit(sigma)
    assert p3.verdict == "holds" and p3.value == 1
    assert check_linear_at_origin(sigma).value == 1


# -- values set at single points (sign(0) = 0, Heaviside(0) = 1/2) -------------------------------------


def test_value_one_at_zero_from_sign_squared_fails_property_4():
    # sign(0)^2 = 0, so sigma(0) = tanh 0 + 1 - 0 = 1 != 0, although sigma = tanh z elsewhere.
    p4 = check_linear_at_origin("tanh(z) + 1 - sign(z)**2")
    assert p4.verdict == "fails" and p4.method == "symbolic"


def test_overlapping_piecewise_sets_value_at_zero():
    # z < 0 fails at 0, z <= 0 holds: sigma(0) = 1 != 0.
    p4 = check_linear_at_origin("Piecewise((tanh(z), z < 0), (1, z <= 0), (tanh(z), True))")
    assert p4.verdict == "fails" and p4.method == "symbolic"


def test_heaviside_difference_minus_sign_is_tanh():
    # H(z) - H(-z) = sign z for z != 0, and at 0: 1/2 - 1/2 - sign 0 = 0: sigma = tanh z exactly.
    sigma = "tanh(z) + Heaviside(z) - Heaviside(-z) - sign(z)"
    p4 = check_linear_at_origin(sigma)
    assert p4.verdict == "holds" and p4.method == "symbolic" and p4.value == 1
    assert check_positive_limit(sigma).value == 1


def test_point_glitches_at_algebraic_and_transcendental_points_break_continuity():
    # 1 - sign(g)^2 is 1 exactly where g = 0 and 0 elsewhere: sigma jumps to atan(b) + 1 at the single
    # point b = log 3, atanh(1/2), 2^(1/3), 1e-40 (all in (0, oo)) and is atan elsewhere.
    for g in ("exp(z) - 3", "tanh(z) - 1/2", "z**3 - 2", "z - 10**-40"):
        act = activation(f"atan(z) + 1 - sign({g})**2")
        for check in (check_continuous, check_c1):
            r = check(act)
            assert r.verdict == "fails" and r.method == "symbolic", (g, check.__name__)


def test_heaviside_powers_set_a_point_value_and_a_jump():
    # 2H - 2H^2 is 0 off z = 3 and 2/2 - 2/4 = 1/2 at 3: a point glitch; -H/2 + H^2 jumps by 1/2 at 3.
    glitch = activation("atan(z) + 2*Heaviside(z-3) - 2*Heaviside(z-3)**2")
    assert check_continuous(glitch).verdict == "fails" and check_continuous(glitch).method == "symbolic"
    jump = activation("atan(z) - Heaviside(z-3)/2 + Heaviside(z-3)**2")
    c = check_concave(jump)
    assert c.verdict == "fails" and c.method == "symbolic"


# -- ranges ----------------------------------------------------------------------------------------------


def test_range_of_z_1_plus_z_over_1_plus_z2():
    # sigma = (z + z^2)/(1 + z^2): sigma' = (1 + 2z - z^2)/(1 + z^2)^2 vanishes at 1 +- sqrt 2, where
    # sigma = (1 +- sqrt 2)/2; the limits at +-oo are 1, inside. So sup|sigma| = (1 + sqrt 2)/2.
    b = check_bounded("z*(1+z)/(1+z**2)")
    assert b.verdict == "holds" and b.method == "symbolic"
    rng = b.value if isinstance(b.value, sp.Interval) else None
    if rng is not None:
        with mpmath.workdps(50):
            lo, hi = (1 - mpmath.sqrt(2)) / 2, (1 + mpmath.sqrt(2)) / 2
            assert abs(_mp(rng.inf) - lo) < mpmath.mpf(10) ** -40
            assert abs(_mp(rng.sup) - hi) < mpmath.mpf(10) ** -40


def test_pi_offset_linear_term_is_unbounded():
    # c = pi - 355/113 + 266764189/10^15 ~ -6.2e-17 (see above): sigma = tanh z + c z -> -oo.
    b = check_bounded("tanh(z) + (pi - 355/113 + 266764189/10**15)*z")
    assert b.verdict == "fails" and b.method == "symbolic"


def test_tau0_last_of_three_roots_is_exact():
    # sigma = z(z^2 - 3z + 3)/(1 + z^3) -> 1 = L. sigma(t) = 1/2 <=> t^3 - 6t^2 + 6t - 1 = 0
    # <=> (t - 1)(t^2 - 5t + 1) = 0: roots (5 - sqrt 21)/2, 1, (5 + sqrt 21)/2; sigma > 1/2 after the last.
    from vgtheory.theorems.tau0 import tau0

    act = activation("z*(z**2-3*z+3)/(1+z**3)")
    L = check_positive_limit(act)
    assert L.verdict == "holds" and L.value == 1
    value, method, _, _ = tau0(act, L, check_continuous(act), 30)
    with mpmath.workdps(50):
        truth = (5 + mpmath.sqrt(21)) / 2
        assert method == "symbolic" and value >= truth - mpmath.mpf(10) ** -28
        assert abs(value - truth) < mpmath.mpf(10) ** -25


@pytest.mark.slow
def test_gruntz_orders_a_rate_against_a_sum_of_two_other_rates():
    # exp(sqrt2 z) cosh(sqrt3 z) / cosh(c z) ~ exp((sqrt2 + sqrt3 - c) z) at +oo, and sqrt2 + sqrt3 =
    # sqrt(5 + 2 sqrt6) exactly: c = that - 1e-40 gives oo, + 1e-40 gives 0, c = that gives 1 (the
    # halves of the two cosh cancel); cosh(sqrt2 z) cosh(sqrt3 z)/cosh(c z) -> 1/2 for the exact c.
    from vgtheory.core.activations import Z

    r = sp.sqrt(5 + 2 * sp.sqrt(6))
    tiny = sp.Rational(1, 10**40)

    def lim(e):
        fact = kernel.limit(e, "+oo", 20.0)
        return None if fact is None else fact.value

    f = lambda c: sp.exp(sp.sqrt(2) * Z) * sp.cosh(sp.sqrt(3) * Z) / sp.cosh(c * Z)  # noqa: E731
    assert lim(f(r - tiny)) == sp.oo
    assert lim(f(r + tiny)) == 0
    assert lim(f(r)) == 1
    assert lim(sp.cosh(sp.sqrt(2) * Z) * sp.cosh(sp.sqrt(3) * Z) / sp.cosh(r * Z)) == sp.Rational(1, 2)
