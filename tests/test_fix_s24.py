"""Quick default-suite versions of the fixes of session 21 (red-team round R28; the held-out originals are in
tests/test_heldout_s28a.py and tests/test_heldout_s28b.py, which run in the slow suite)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

import vgtheory
from vgtheory.core.numbers import plain
from vgtheory.theorems.theorem2 import theorem2

from oracles import agrees, product_chain, refused_tau0


@pytest.mark.parametrize("text", ["0.1", "-2.5e-3", "7", "1.000000000000000000000000000001"])
def test_decimal_reads_as_its_exact_fraction(text):
    # R28b-4: a finite Decimal is the rational it writes; Fraction(text) is an independent reading of the same string
    assert plain(Decimal(text)) == Fraction(text)


@pytest.mark.slow  # over a second: the default suite keeps within its 3 minutes
def test_decimal_inputs_equal_their_fraction_readings_everywhere():
    # each reader gives a Decimal the value of the same number as a Fraction (R28b-4: refused as "not a finite real")
    g_d = vgtheory.gradient("z/(1+Abs(z))", [Decimal("2")], x=Decimal("0.75"), y=Decimal("0.5"), lam=Decimal("0.25"))
    g_f = vgtheory.gradient("z/(1+Abs(z))", [Fraction(2)], x=Fraction(3, 4), y=Fraction(1, 2), lam=Fraction(1, 4))
    assert g_d.df_dw == g_f.df_dw and g_d.regularized_dw == g_f.regularized_dw
    # t = 3/2: df/dw = x sigma'(t) = (3/4) / (1 + 3/2)^2 = 3/25 (the package's value agrees to its 15 digits)
    assert abs(g_d.df_dw[0] - Fraction(3, 25).numerator / Fraction(3, 25).denominator) < 1e-15
    assert vgtheory.signal("tanh", sigma_w=Decimal("1.5")).chi1 == vgtheory.signal("tanh", sigma_w=Fraction(3, 2)).chi1
    a = theorem2("tanh(x)", w=Decimal("1.5"), x=Decimal("0.5"), depth=5, dps=15)
    b = theorem2("tanh(x)", w=Fraction(3, 2), x=Fraction(1, 2), depth=5, dps=15)
    assert a.actual_df_dw1 == b.actual_df_dw1 and a.w == b.w and a.regime == b.regime == "aw>1"


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_decimal_refused_in_one_line(bad):
    with pytest.raises(vgtheory.VGTheoryError, match="finite real number"):
        vgtheory.gradient("tanh", [1], x=Decimal(bad))


QUAD = "Piecewise((z - z**2/4, z<2),(1,True))"  # C^1 switch at 2 to a constant: sigma(2z) = 1 - (1 - z)^2 for z < 1


def _quad_partials(depth: int) -> list[Fraction]:
    """df/dw_j of QUAD with w_k = 2, x = 1/2 in exact Fractions (z_k = 1 - 2^(-2^k) < 1: every t_k < 2)."""
    def sig(t):
        assert t < 2
        return t - t * t / 4
    return product_chain(sig, lambda t: 1 - t / 2, [Fraction(2)] * depth, Fraction(1, 2))[1]


def test_rounded_input_on_a_c1_switch_claims_no_false_zero():
    # R28b-1: past the 4,096-bit exact chain z_12 rounds to 1 and t_13 to the switch 2.0 itself, where the constant
    # piece's slope 0 was "confirmed" (every partial printed 0.0 to 30 digits); the truth is 2^-8180 ... never 0
    truth = _quad_partials(13)
    g = vgtheory.gradient(QUAD, [2] * 13, x=0.5, dps=30)
    assert all(t > 0 for t in truth)
    assert g.digits == 0 or all(agrees(v, t, g.digits) for v, t in zip(g.df_dw, truth))


def test_depth_profile_takes_the_runs_own_slopes_and_confirms_them():
    from vgtheory.render.plotting import depth_profile
    # R28b-2: the profile recomputed sigma'(w z_k) at 30 digits from z_k = 1 - 2^-128 rounded to 1: 0.0 from depth 8
    p = depth_profile(QUAD, depth_max=10, w=2, x=0.5, predict=False)
    for depth in range(1, 11):
        assert p.digits[depth - 1] >= 20 and agrees(p.df_dw1[depth - 1], _quad_partials(depth)[0], p.digits[depth - 1])
    assert not p.undetermined


@pytest.mark.parametrize("depths", [(3,), (8, 9, 10, 14), (1, 2, 5, 6, 7)])
def test_depth_list_names_every_depth_once(depths):
    from vgtheory.render.plotting import _depth_list
    text = _depth_list(depths).split(" ", 1)[1]
    named = []
    for part in text.split(", "):
        lo, _, hi = part.partition("-")
        named.extend(range(int(lo), int(hi or lo) + 1))
    assert tuple(named) == depths


def test_float64_callable_numbers_shown_to_their_earned_digits():
    # R25a-3: rho = 2 sech^2(2 z*), z* = tanh(2 z*) (mpmath at 60 digits, independent of the package); the float64
    # callable's rho was printed to 12 digits of which 10 held. Every digit shown must be tanh's.
    import math
    import mpmath
    with mpmath.workdps(60):
        zs = mpmath.findroot(lambda z: mpmath.tanh(2 * z) - z, 0.95)
        rho = 2 * mpmath.sech(2 * zs) ** 2
    r = theorem2(lambda t: math.tanh(t), w=2, x=1, depth=5)
    assert 1 <= r.shown_digits < 12
    shown = r.n(r.rho)
    digits = len(shown.replace("0.", "", 1).lstrip("0"))
    assert digits <= r.shown_digits and agrees(mpmath.mpf(shown), rho, digits)
    assert theorem2("tanh", w=2, x=1, depth=5).shown_digits is None  # an exact sigma: every digit asked


@pytest.mark.slow  # over a second: the default suite keeps within its 3 minutes
def test_tau0_grid_probes_the_critical_point_of_a_max_switch():
    # R27a-3: sigma = tanh z - (9/10) Max(0, 1 - 10^40 (z - 5)^2)^2 is tanh(5) - 9/10 = 0.0999 < L/2 = 1/2 at z = 5,
    # the critical point of the switch 1 - 10^40 (z - 5)^2 (a window of width 2e-20): tau0 >= 5, so tau = 2 (W = 4)
    # is too small for Theorem 1. The grid never came near it (tau0 = 0.549 "holds").
    import mpmath
    from vgtheory.theorems.section import theorem1
    assert mpmath.tanh(5) - mpmath.mpf(9) / 10 < mpmath.mpf(1) / 2
    with pytest.raises(vgtheory.VGTheoryError, match="too small") as e:
        theorem1("tanh(z) - 9*Max(0, 1 - 10**40*(z-5)**2)**2/10", c=1, W=4, depth=3)
    assert refused_tau0(e.value) >= 5


@pytest.mark.parametrize("w, x", [("sqrt(2)/4", "sqrt(2)"), ("sqrt(2)", "sqrt(2)/4"), ("1/3", "3/2")])
def test_exact_sympy_inputs_whose_product_is_the_kink_are_refused_as_on_it(w, x):
    # R27b-3: w_1 x = 1/2 exactly (sympy multiplies sqrt(2)/4 * sqrt(2) to 1/2), the kink of Max(0, z - 1/2) with
    # slopes sech^2(1/2) and sech^2(1/2) + 1: df/dw_1 does not exist (was "undetermined" at every precision)
    import sympy as sp
    w_s, x_s = sp.sympify(w), sp.sympify(x)
    assert w_s * x_s == sp.Rational(1, 2)
    with pytest.raises(vgtheory.VGTheoryError, match="does not exist"):
        vgtheory.gradient("tanh(z)+Max(0, z-1/2)", [w_s, 2], x=x_s, dps=30)


def test_numpy_longdouble_is_read_as_its_exact_value():
    # R29b-1: np.longdouble(2) is exactly 2 (its as_integer_ratio); it was refused as "not a finite real number"
    import numpy as np
    assert plain(np.longdouble(2)) == 2 and plain(np.longdouble(0.5)) == Fraction(1, 2)
    assert vgtheory.gradient("tanh", [np.longdouble(2)], x=1).df_dw == vgtheory.gradient("tanh", [2], x=1).df_dw


def test_g_of_a_float64_callable_with_a_kink_at_its_argmax():
    # hardtanh's h(t) = t sigma'(t) is t on (0, 1) and 0 beyond: g(1/2) = sup = 1 at the kink t = 1, where the float
    # slope's error is unbounded; the shown digits were int(-log10(inf)) (OverflowError, and check's theorems section
    # "could not be computed" for torch's Hardtanh)
    from vgtheory.theorems.gsup import g_sup
    g = g_sup(lambda t: max(-1.0, min(1.0, t)), 0.5)
    assert g.shown_digits is not None and 1 <= g.shown_digits <= 12
    assert abs(float(g.value) - 1) < 10.0 ** (1 - g.shown_digits)  # every digit shown is right


def test_window_in_a_monotone_function_is_solved_exactly():
    # R30a-2: (e^z - 200)^2 < 10^-40 holds exactly on (log(200 - 10^-20), log(200 + 10^-20)); sympy's solver lost it
    import sympy as sp
    from vgtheory.core.rational_sets import rational_set
    z = sp.Symbol("z")
    out = rational_set((sp.exp(z) - 200) ** 2 < sp.Rational(1, 10**40), z)
    assert out.contains(sp.log(200)) == sp.true and out.contains(sp.log(201)) == sp.false


def test_irrational_coefficient_inequality_of_degree_two_is_not_sympys():
    # R30a-1: 10^-40 - (z^3 - 200 sqrt 2)^2 > 0 holds on a window of width ~1e-22 that sympy's solver dropped:
    # no longer taken from it (the trust rule refuses it), so nothing is decided rather than a false empty set
    import sympy as sp
    from vgtheory.core.pieces import untrusted_sets
    z = sp.Symbol("z")
    assert untrusted_sets([sp.Rational(1, 10**40) - (z**3 - 200 * sp.sqrt(2)) ** 2 > 0]) is not None
    assert untrusted_sets([z - sp.sqrt(2) > 0]) is None  # linear: still sympy's (and exact)


@pytest.mark.slow  # over a second: the default suite keeps within its 3 minutes
def test_increasing_probes_between_close_feature_points():
    # R30a-3: the inner derivative (z - sqrt 2)^2 - 10^-40 is negative only between its zeros sqrt 2 -+ 1e-20
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(activation("atan(z**3/3 - sqrt(2)*z**2 + (2 - 10**-40)*z)")).verdict == "fails"


def test_huge_decimal_exponent_is_read_lazily_and_numpy_ints_are_integers():
    # R30b-5 (Decimal('1e-40000000') ran past 5 min), R30b-4 (np.int64 depth refused)
    import numpy as np
    g = vgtheory.gradient("tanh", [2], x=Decimal("1e-40000000"), dps=20)
    assert g.digits == 20 and abs(g.df_dw[0] / vgtheory.gradient("tanh", [2], x="1e-40000000", dps=20).df_dw[0] - 1) < 1e-19
    assert theorem2("tanh", w=2, x=1, depth=np.int64(3), dps=15).depth == 3


def test_float64_g_beyond_its_resolution_shows_no_digit():
    # R30b-1/-2: math.tanh's sigma' at t = 17.5 is 2.5e-15, below a float64 difference quotient's resolution:
    # g(17.5) = 4.4e-14 was shown as 7.0e-12 (or crashed); now no digit is claimed
    import math
    from vgtheory.theorems.gsup import g_sup
    g = g_sup(lambda t: math.tanh(t), "17.5")
    assert g.shown_digits == 0 and "undetermined" in str(g)


@pytest.mark.slow  # over a second: the default suite keeps within its 3 minutes
def test_g_refined_around_a_far_tail_sample():
    # R31b-1: h = t sigma' of tanh z + tanh((z/1e7)^3) peaks at 3v sech^2 v, v = (t/1e7)^3: v* solves 2v tanh v = 1
    # (Lemma T), so g(2) = 3 v* sech^2 v* (mpmath); the unrefined sample at 2^23 gave 1.273
    import mpmath
    from vgtheory.theorems.gsup import g_sup
    with mpmath.workdps(30):
        v = mpmath.findroot(lambda u: 2 * u * mpmath.tanh(u) - 1, 0.77)
        truth = 3 * v * mpmath.sech(v) ** 2
    assert agrees(g_sup("tanh(z) + tanh((z/10**7)**3)", 2).value, truth, 10)


@pytest.mark.slow  # over a second: the default suite keeps within its 3 minutes
def test_tau0_grid_reaches_far_dips():
    # R31b-4/-5: sigma = tanh z - 0.8 v^3 sech(v^3), v = z/Z0, dips to tanh(Z0) - 0.8 sech(1) < 1/2 at z = Z0; it was
    # missed at Z0 = 3e6 (tau0 = 0.549) and refused at Z0 = 1e7 ("L is not its limit"); tau0 > Z0 now
    from vgtheory.theorems.section import theorem1
    for Z0 in ("3*10**6", "10**7"):
        with pytest.raises(vgtheory.VGTheoryError, match="too small") as e:
            theorem1(f"tanh(z) - 8*(z/({Z0}))**3*sech((z/({Z0}))**3)/10", c=1, W=25, depth=5)
        assert refused_tau0(e.value) > {"3*10**6": 3e6, "10**7": 1e7}[Z0]


def test_branch_of_a_piece_ending_at_a_number_sympy_cannot_call_finite():
    # R31a-1: tan(1/1000 + atan(1/2)) = 0.50125 ends the piece (1/2, 0.50125) where sigma = tanh/2: sigma jumps at
    # 1/2 (tanh(1/2) to tanh(1/2)/2); sympy's is_finite is None for that end and the branch was taken at 1/2 + 1
    import sympy as sp
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_continuous
    z = sp.Symbol("z")
    b = sp.tan(sp.Rational(1, 1000) + sp.atan(sp.Rational(1, 2)))
    assert b.is_finite is None  # the premise of the finding
    sigma = sp.Piecewise((sp.tanh(z), z <= sp.Rational(1, 2)), (sp.tanh(z) / 2, z < b), (sp.tanh(z), True))
    assert check_continuous(activation(sigma)).verdict == "fails"
