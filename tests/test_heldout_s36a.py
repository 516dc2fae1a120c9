"""Held-out tests of red team R36a (symbolic soundness against a08ebb9: Piecewise pieces on single exact points
(Eq conditions at irrational points and at constants that are 0 by an identity: nested radicals, Machin's formula,
the heptagon cosine sum), Piecewise with unreachable, empty and Or-ed pieces, complex-looking radicals that are real
(sqrt(z) sin(sqrt z), cos(sqrt z)), scaled and shifted variants, registry names in formulas, Theorem 1's proved bound
and Theorem 2's fixed point on new shapes, factors that are identically 0 beside growing terms, an exact chain through
a C^2 spline with a constant piece). Strict xfails: R36a-1 (tau0 taken as the last root of sigma = L/2 where sigma
only touches L/2 there), R36a-2 (Theorem 2's "actual 0.0" where the gradient is undetermined), R36a-3 ((H) left
inconclusive on a constant piece), R36a-4 (a finite spike of width 1e-161 called a pole).

Every truth here is derived independently of the package: by construction (worked in the comments), closed forms,
or mpmath at 50 digits (checked at 80 when written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.theorems import hypotheses

pytestmark = pytest.mark.slow

X = sp.Symbol("x")


def _s(text):
    return sp.sympify(text, locals={"x": X})


def _check(f, theorems=False):
    return vgtheory.check(f, signal=False, theorems=theorems)


# ---------------------------------------------------------------- single points and zero constants

def test_single_irrational_point_keeps_properties_but_breaks_c1():
    # sigma = tanh except sigma(sqrt 2) = tanh(sqrt 2) + 1: the four properties are those of tanh (a single point
    # changes no limit, and |sigma| <= 2); sigma is not continuous at sqrt 2, so (H) and Theorem 1's C^1 fail
    f = _s("Piecewise((tanh(x)+1, Eq(x, sqrt(2))), (tanh(x), True))")
    act = activation(f)
    r = _check(f)
    p = r.properties
    for name in ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin"):
        assert getattr(p, name).verdict != "fails", name
    assert p.linear_at_origin.verdict == "holds" and sp.sympify(p.linear_at_origin.value) == 1
    h = hypotheses.hypothesis_H(act)
    assert h.verdict != "holds", h


@pytest.mark.parametrize("zero", [
    "sqrt(2)+sqrt(3)-sqrt(5+2*sqrt(6))",      # (sqrt2 + sqrt3)^2 = 5 + 2 sqrt6, both sides positive
    "atan(1/2)+atan(1/3)-pi/4",               # tan(a + b) = (1/2 + 1/3)/(1 - 1/6) = 1
])
def test_point_piece_at_hidden_zero_is_sigma_at_origin(zero):
    # the Eq point is exactly 0, so sigma(0) = 5 and property 4 fails; it must never hold
    r = _check(_s(f"Piecewise((5, Eq(x, {zero})), (tanh(x), True))"))
    lin = r.properties.linear_at_origin
    assert lin.verdict != "holds", lin
    assert r.sigmoid_type is not True


def test_heptagon_threshold_plus_tiny_keeps_origin_on_one_side():
    # cos(2pi/7) + cos(4pi/7) + cos(6pi/7) = -1/2 exactly, so the threshold is c = 10^-40 > 0: near 0 both sides
    # are in the tanh/2 branch (slope 1/2 on both sides, sigma(0) = 0); at c sigma jumps from tanh(c)/2 to tanh(c),
    # so sigma is not C^1 (not even continuous) on (0, oo)
    f = _s("Piecewise((tanh(x)/2, x < cos(2*pi/7)+cos(4*pi/7)+cos(6*pi/7)+1/2+10**-40), (tanh(x), True))")
    with mp.workdps(60):
        c = mp.cos(2 * mp.pi / 7) + mp.cos(4 * mp.pi / 7) + mp.cos(6 * mp.pi / 7) + mp.mpf(1) / 2
        assert abs(c) < mp.mpf(10) ** -55
    r = _check(f)
    lin = r.properties.linear_at_origin
    assert lin.verdict == "holds" and sp.sympify(lin.value) == sp.Rational(1, 2), lin
    assert hypotheses.check_c1(activation(f)).verdict != "holds"


def test_heptagon_threshold_exact_zero_gives_kink_at_origin():
    # threshold exactly 0: slopes 1/2 (left) and 1 (right) at 0, property 4 fails; never holds
    f = _s("Piecewise((tanh(x)/2, x < cos(2*pi/7)+cos(4*pi/7)+cos(6*pi/7)+1/2), (tanh(x), True))")
    lin = _check(f).properties.linear_at_origin
    assert lin.verdict != "holds", lin


# ---------------------------------------------------------------- Piecewise conditions

def test_unreachable_piece_is_ignored():
    # x < 5 covers x < 3: the middle piece is never taken, sigma = tanh everywhere
    r = _check(_s("Piecewise((tanh(x), x < 5), (x, x < 3), (tanh(x), True))"))
    assert r.sigmoid_type is True
    assert sp.sympify(r.properties.positive_limit.value) == 1
    act = activation(_s("Piecewise((tanh(x), x < 5), (x, x < 3), (tanh(x), True))"))
    assert hypotheses.check_c1(act).verdict != "fails"


def test_empty_and_condition_is_tanh():
    # x > 1 and x < 1 is empty: sigma = tanh
    r = _check(_s("Piecewise((x, (x > 1) & (x < 1)), (tanh(x), True))"))
    assert r.sigmoid_type is True
    assert r.properties.bounded.verdict == "holds"


def test_or_condition_bump_not_increasing():
    # on [2, 3] sigma = tanh + (x-2)^2 (x-3)^2, elsewhere tanh; continuous and C^1 (the bump and its slope vanish at
    # 2 and 3); sigma'(11/4) = sech^2(11/4) + 2(3/4)(1/16) - 2(9/16)(1/4) = sech^2(11/4) - 3/16 < 0: not increasing
    f = _s("Piecewise((tanh(x), (x < 2) | (x > 3)), (tanh(x)+(x-2)**2*(x-3)**2, True))")
    with mp.workdps(50):
        assert mp.sech(mp.mpf(11) / 4) ** 2 - mp.mpf(3) / 16 < 0
    act = activation(f)
    assert hypotheses.check_c1(act).verdict != "fails"
    assert hypotheses.hypothesis_H(act).verdict != "holds"
    assert _check(f).sigmoid_type is True


# ---------------------------------------------------------------- radicals of z that are real

def test_sqrt_sin_sqrt_is_real_and_slope_two():
    # sqrt(z) sin(sqrt z) = -y sinh y for z = -y^2 < 0 (real, ~ z near 0): sigma(z)/z -> 1 + 1 = 2 on both sides;
    # for z -> -oo it grows like e^sqrt|z| / |z|^3.5: unbounded
    r = _check("tanh(x) + x*sin(sqrt(x))/sqrt(x)/(1+x**4)")
    lin = r.properties.linear_at_origin
    assert lin.verdict == "holds" and sp.sympify(lin.value) == 2
    assert r.properties.bounded.verdict != "holds"
    with mp.workdps(50):
        y = mp.mpf(100)
        assert y * mp.sinh(y) / (1 + y ** 8) > 10 ** 20


def test_cos_sqrt_unbounded_below():
    # cos(sqrt z) = cosh(sqrt|z|) for z < 0: cos(sqrt z)/(1 + z^2) -> +oo at -oo; the limit at +oo is 1 (|cos| <= 1);
    # sigma(0) = 1 != 0
    r = _check("tanh(x) + cos(sqrt(x))/(1+x**2)")
    assert r.properties.bounded.verdict != "holds"
    assert r.properties.linear_at_origin.verdict != "holds"
    pl = r.properties.positive_limit
    assert pl.verdict == "holds" and sp.sympify(pl.value) == 1


# ---------------------------------------------------------------- registry names, scaled and shifted variants

def test_registry_logistic_equals_tanh():
    # 2 sigmoid(2z) - 1 = tanh z identically: a = L = 1, the Theorem 2 fixed point at w = 2 is tanh's
    r = _check("2*sigmoid(2*x) - 1", theorems=True)
    assert r.sigmoid_type is True
    t2 = [t for t in r.theorems.theorem2 if t.to_dict()["regime"] == "aw>1"][0]
    with mp.workdps(50):
        zs = mp.findroot(lambda z: mp.tanh(2 * z) - z, mp.mpf("0.95"))
    assert abs(mp.mpf(t2.to_dict()["z_star"]) - zs) < 1e-12


def test_shifted_softsign_not_concave():
    # softsign(z - 1) + 1/2: sigma(0) = 0, slope 1/(1+1)^2 = 1/4, L = 3/2; on z < 1 it is -1 + 1/(2 - z), convex:
    # (H) fails
    f = "softsign(x - 1) + softsign(1)"
    r = _check(f)
    assert r.sigmoid_type is True
    assert sp.sympify(r.properties.linear_at_origin.value) == sp.Rational(1, 4)
    assert sp.sympify(r.properties.positive_limit.value) == sp.Rational(3, 2)
    assert hypotheses.check_concave(activation(f)).verdict != "holds"


def test_scaled_tanh_fixed_point_scales():
    # s tanh(z/s) with s = sqrt 2 at w = 2: z* = s * (tanh's z* at w = 2), rho the same
    r = _check("sqrt(2)*tanh(x/sqrt(2))", theorems=True)
    t2 = [t for t in r.theorems.theorem2 if t.to_dict()["regime"] == "aw>1"][0].to_dict()
    with mp.workdps(50):
        zt = mp.findroot(lambda z: mp.tanh(2 * z) - z, mp.mpf("0.95"))
        rho = 2 * mp.sech(2 * zt) ** 2
    assert abs(mp.mpf(t2["z_star"]) - mp.sqrt(2) * zt) < 1e-12
    assert abs(mp.mpf(t2["rho"]) - rho) < 1e-12


def test_sum_of_tanh_fixed_point_and_rate():
    # tanh z + tanh(z/3): a = 4/3, at w = 2 z* solves z = tanh 2z + tanh(2z/3), rho = 2 sigma'(2 z*)
    r = _check("tanh(x)+tanh(x/3)", theorems=True)
    assert sp.sympify(r.properties.linear_at_origin.value) == sp.Rational(4, 3)
    t2 = [t for t in r.theorems.theorem2 if t.to_dict()["regime"] == "aw>1"][0].to_dict()
    with mp.workdps(50):
        zs = mp.findroot(lambda z: mp.tanh(2 * z) + mp.tanh(2 * z / 3) - z, mp.mpf("1.8"))
        rho = 2 * (mp.sech(2 * zs) ** 2 + mp.sech(2 * zs / 3) ** 2 / 3)
    assert abs(mp.mpf(t2["z_star"]) - zs) < 1e-12
    assert abs(mp.mpf(t2["rho"]) - rho) < 1e-12


def test_rational_abs_theorem1_proved_bound():
    # sigma = (z^3 + z)/(|z|^3 + 1) on t > 0: sigma' = (1 + 3t^2 - 2t^3)/(t^3 + 1)^2, L = 1, tau0 the root of
    # t^3 + 2t - 1 (sigma = 1/2); at W = 10, c = 1: tau = 5, h = t sigma' is negative with |h| decreasing
    # on [5, oo) (checked on a grid below), so g(5) = |h(5)|; bound = g/W (2g/L)^9 at depth 10
    r = _check("(x**3+x)/(Abs(x)**3+1)", theorems=True)
    t1 = r.theorems.theorem1
    with mp.workdps(50):
        h = lambda t: t * (1 + 3 * t ** 2 - 2 * t ** 3) / (t ** 3 + 1) ** 2
        g = abs(h(mp.mpf(5)))
        assert all(abs(h(mp.mpf(5) + k / mp.mpf(7))) <= g for k in range(1, 2000))
        bound = g / 10 * (2 * g) ** 9
        tau0 = mp.findroot(lambda t: t ** 3 + 2 * t - 1, mp.mpf("0.45"))
    assert abs(mp.mpf(str(t1.bound_df)) / bound - 1) < 1e-9
    assert abs(mp.mpf(str(t1.tau0)) - tau0) < 1e-9
    # not increasing: sigma'(2) = (1 + 12 - 16)/81 < 0
    assert hypotheses.hypothesis_H(activation("(x**3+x)/(Abs(x)**3+1)")).verdict != "holds"


# ---------------------------------------------------------------- factors that are identically 0

@pytest.mark.parametrize("zero", [
    "x**2*(erf(x) + erfc(x) - 1)",                 # erf + erfc = 1
    "x*(cosh(x)**2 - sinh(x)**2 - 1)",             # cosh^2 - sinh^2 = 1
    "x*(log(exp(x)+1) - x - log(1+exp(-x)))",      # log(e^x + 1) = x + log(1 + e^-x)
])
def test_identically_zero_growing_term_is_tanh(zero):
    # sigma = tanh + (an expression that is 0 for every real x) = tanh: all four properties, never a failure
    r = _check(f"tanh(x) + {zero}")
    with mp.workdps(120):
        f = sp.lambdify(X, _s(zero), "mpmath")
        assert all(abs(f(mp.mpf(t) / 3)) < mp.mpf(10) ** -40 for t in (-30, -7, 5, 41))
    for name in ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin"):
        assert getattr(r.properties, name).verdict == "holds", name
    assert sp.sympify(r.properties.positive_limit.value) == 1


# ---------------------------------------------------------------- findings (strict xfail until fixed)

_TOUCH = "1/2 + (x-1)*(x-2)**2*(x+1)/(2*(x**4+4))"


def test_r36a_1_tau0_is_the_least_not_the_last_root():
    # sigma(t) - 1/2 = (t-1)(t-2)^2(t+1)/(2(t^4+4)): < 0 on [0, 1), >= 0 on [1, oo) (each factor's sign), touching
    # 1/2 at t = 2 from above. L = 1, so tau0 (the least tau0 with sigma >= L/2 on [tau0, oo)) is 1, not 2: with
    # c = 1, lam = 1, tol = 1, depth 2 every W >= 2 has tau = W/2 >= 1 and U(W) < 0.07 < min(tol, W/2) (g <= 0.26),
    # so W* = 2; and W = 3 satisfies Theorem 1's hypotheses
    from vgtheory.theorems.section import theorem1, theorem1_threshold
    with mp.workdps(50):
        s = lambda t: mp.mpf(1) / 2 + (t - 1) * (t - 2) ** 2 * (t + 1) / (2 * (t ** 4 + 4))
        assert s(mp.mpf(1) - mp.mpf(10) ** -20) < mp.mpf(1) / 2 and s(mp.mpf(2)) == mp.mpf(1) / 2
    th = theorem1_threshold(_TOUCH, c=1, depth=2, tol=1, lam=1)
    assert abs(float(th.to_dict()["W_star"]) - 2) < 1e-3, th
    theorem1(_TOUCH, c=1, W=3, depth=2)  # raised VGTheoryError "need W >= 4.0"


_FLAT = "Piecewise((-2/3, x<-2), (x + x**2/2 + x**3/12, x<0), (x - x**2/2 + x**3/12, x<2), (2/3, True))"


def _flat_chain(depth):
    # sigma = t - t^2/2 + t^3/12 on [0, 2), 2/3 beyond (sigma' = (1 - t/2)^2, C^2 at 2), odd; w = 3, x = 1/2: every
    # layer input is rational and stays below 2 (z* = 2/3 is approached from below), so the exact product is a
    # positive rational
    from fractions import Fraction as F
    s = lambda t: t - t * t / 2 + t ** 3 / 12 if t < 2 else F(2, 3)
    ds = lambda t: (1 - t / 2) ** 2 if t < 2 else F(0)
    z = F(1, 2)
    g = z * ds(3 * z)
    z = s(3 * z)
    for _ in range(2, depth + 1):
        g *= 3 * ds(3 * z)
        z = s(3 * z)
    assert g > 0 and z < F(2, 3)
    with mp.workdps(30):
        return mp.mpf(g.numerator) / mp.mpf(g.denominator)


def test_flat_chain_gradient_exact_while_rational():
    # depth 5: 8.1084365354916e-145 from the exact rational product; the package's gradient agrees
    g = vgtheory.gradient(_FLAT, w=[3] * 5, x="1/2", y=0, dps=50)
    assert abs(g.df_dw[0] / _flat_chain(5) - 1) < 1e-20


def test_r36a_2_theorem2_actual_not_zero_where_gradient_undetermined():
    # depth 10: df/dw_1 = 3.58668604701477e-35547 > 0 exactly (rational product, 30 and 60 digits agree); the
    # gradient itself reports 'undetermined' (0 digits), Theorem 2 printed "actual 0.0"
    from vgtheory.theorems.section import theorem2
    truth = _flat_chain(10)
    assert truth > 0
    r = theorem2(_FLAT, w=3, x="1/2", depth=10)
    line = [ln for ln in str(r).splitlines() if "df/dw_1: actual" in ln][0]
    assert "actual 0.0," not in line, line
    assert r.actual_df_dw1 != 0


def test_r36a_3_flat_piece_fails_positive_slope_of_H():
    # (H) asks sigma' > 0 on [0, oo) (proofs/theorem2.tex); on the piece (2, oo) sigma = 2/3, sigma' = 0 exactly, so
    # (H) fails (sigma'(3) = 0 at a rational point of a constant piece); it was left inconclusive
    act = activation(_s(_FLAT))
    assert _s(_FLAT).diff(X).subs(X, 3) == 0
    assert hypotheses.hypothesis_H(act).verdict == "fails"


def test_r36a_4_narrow_finite_spike_is_no_pole():
    # exp(-z^2)/(sin(z)^2 + exp(-3 z^2)): the denominator is >= exp(-3 z^2) > 0, so sigma is real analytic on R; at
    # z = -5 pi it equals tanh(-5 pi) + exp(50 pi^2) = 2.06888570120828e+214 (mpmath at 400 and 600 digits), finite
    from vgtheory.properties.four import check_real_valued
    with mp.workdps(400):
        z0 = -5 * mp.pi
        v = mp.tanh(z0) + mp.exp(-z0 ** 2) / (mp.sin(z0) ** 2 + mp.exp(-3 * z0 ** 2))
        assert abs(v / mp.exp(50 * mp.pi ** 2) - 1) < 1e-100
    r = check_real_valued("tanh(x) + exp(-x**2)/(sin(x)**2 + exp(-3*x**2))")
    assert r.verdict != "fails", r
