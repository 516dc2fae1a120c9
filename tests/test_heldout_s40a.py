"""Held-out tests of red team R40a (symbolic soundness against 5055160): rational_set's new division by a constant
factor of non-rational sign (positive, negative, tiny, exactly 0 by an identity), through the monotone, exponential
and factor solvers; single-point Heaviside spikes at transcendental points (log 2, log(1 + 10^-40), sqrt(e - 1),
tan 1, atanh(1/2)); a Ne condition with a principal square root (true for z < 0, where sympy's set leaves it out);
an odd root whose base is shown >= 0 exactly ((z - 1)^2 under a cube root) against one whose base is negative
somewhere; Theorem 1's g(tau) and tau0 reached through the constant-factor path (irrational multiples of rational
sigma, two roots 10^-30 apart); Theorem 2's proved numbers for sqrt(2)*softsign against closed forms.

Findings, strict xfails until fixed in session 24: R40a-1 (an Or condition with a principal square root, Or(z < 0, sqrt(z) < 2):
sympy's value for z < 0 is the first part's (Or short-circuits: subs(z, -1) = -tanh 1), and the kernel reads it so
(property 4 holds with slope 1 at 0-, lim sigma = -1 at -oo, C^1 on [-1, 1]), while the package's evaluator compares
sqrt(z) < 2 there too and calls sigma undefined at every z < 0 (real_valued fails, "sigmoid-type: no"); the test
asks only that the two agree); R40a-2 (a piece of sigma read at its midpoint, where an Eq of principal square
roots of negative numbers holds at that point alone, which sympy's real-domain set leaves out: continuity "holds
(symbolic)" on [-3, -1/2] across a spike sigma(-2) = 5, and "fails (symbolic)" on [-3, -1] with a false limit 1 -
tanh 3 at -3+ for a sigma equal to tanh there); R40a-3 (the evaluator's sigma(-2) = tanh(-2) where the condition
holds exactly and sigma(-2) = 5).

Every truth is derived independently of the package: by construction (worked in the comments), closed forms, or
mpmath at 60 digits (checked at 100 when written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from oracles import fails_symbolic as _fails, holds_symbolic as _holds

from vgtheory.core.rational_sets import rational_set
from vgtheory.properties import smoothness as sm
from vgtheory.properties.four import check_linear_at_origin, check_positive_limit
from vgtheory.theorems.gsup import g_sup
from vgtheory.theorems.theorem1 import theorem1
from vgtheory.theorems.theorem2 import theorem2
from vgtheory.errors import VGTheoryError, ActivationError
from vgtheory.core.activations import activation

pytestmark = pytest.mark.slow

Z = sp.Symbol("z", real=True)
R = sp.Rational


def E(text: str) -> sp.Expr:
    return sp.sympify(text, locals={"z": Z})


def _truth(g: sp.Expr, rel: type, p: sp.Rational) -> bool:
    """rel(g(p), 0) by mpmath at 60 digits (the test points keep |g| far above 10^-50)."""
    with mp.workdps(60):
        v = mp.mpf(sp.N(g.subs(Z, p), 60))
        assert abs(v) > mp.mpf(10) ** -50
        return {sp.StrictLessThan: v < 0, sp.StrictGreaterThan: v > 0, sp.LessThan: v <= 0, sp.GreaterThan: v >= 0}[rel]


_POINTS = [R(k, 7) for k in range(-40, 41) if k % 7] + [R(-3), R(5, 3), R(1, 10**6), R(-1, 10**6)]


# ---------------------------------------------------------------- rational_set: a constant factor divided out


@pytest.mark.parametrize("c, h, rel", [
    (sp.sqrt(2), Z**2 - 2, sp.StrictLessThan),                        # (-sqrt 2, sqrt 2)
    (1 - sp.sqrt(2), Z**2 - 2, sp.StrictGreaterThan),                  # c < 0: the same window
    (-sp.pi, (Z - 1) * (sp.exp(Z) - 2), sp.GreaterThan),               # a product across factors, c < 0
    (sp.sqrt(2) / 10**30, sp.tanh(Z) - R(1, 2), sp.LessThan),          # tiny c > 0, monotone atom
    (sp.E - 3, sp.exp(2 * Z) - 3 * sp.exp(Z) + 2, sp.StrictLessThan),  # c < 0 (e < 3), exponentials: (0, log 2) flips
])
def test_constant_factor_sets_match_mpmath(c, h, rel):
    g = c * h
    s = rational_set(rel(g, 0, evaluate=False), Z)
    assert s is not None and not isinstance(s, sp.ConditionSet)
    for p in _POINTS:
        assert bool(s.contains(p)) == _truth(g, rel, p), p


def test_constant_factor_tiny_negative_decimal_gap():
    # c = sqrt 2 - 1.4142135623730951 = -9.67e-17 < 0 (the double nearest sqrt 2 lies above it): c*(z - 1) > 0 is z < 1
    c = sp.sqrt(2) - R(14142135623730951, 10**16)
    s = rational_set(sp.StrictGreaterThan(c * (Z**3 - 1), 0, evaluate=False), Z)
    assert s is not None and s.contains(0) and s.contains(R(999, 1000)) and not s.contains(1) and not s.contains(2)


def test_constant_factor_exact_zero_is_not_read_as_signed():
    # c = log 6 - log 2 - log 3 = 0 exactly: c*(z^2 - 2) > 0 holds nowhere. Either no set, or the empty one.
    c = sp.log(6) - sp.log(2) - sp.log(3)
    s = rational_set(sp.StrictGreaterThan(c * (Z**2 - 2), 0, evaluate=False), Z)
    assert s is None or isinstance(s, sp.ConditionSet) or s.is_empty


# ---------------------------------------------------------------- single-point spikes at transcendental points


@pytest.mark.parametrize("arg, point", [
    ("exp(z) - 2", sp.log(2)),
    ("exp(z) - 1 - 1/10**40", sp.log(1 + R(1, 10**40))),
    ("atan(z) - 1", sp.tan(1)),
    ("tanh(z) - 1/2", sp.atanh(R(1, 2))),
    ("exp(z) + exp(2*z) - 3", sp.log((sp.sqrt(13) - 1) / 2)),
])
def test_heaviside_spike_at_transcendental_point_breaks_c1(arg, point):
    # H(u) H(-u) is 1/4 at u = 0 and 0 elsewhere: sigma = tanh + that spike is discontinuous exactly at the root of u
    # in (0, oo) (each root is positive: log 2, 1e-40, tan 1, atanh(1/2), log((sqrt 13 - 1)/2) = 0.2645).
    f = E(f"tanh(z) + Heaviside({arg})*Heaviside(-({arg}))")
    r = sm.check_c1(f, sp.Interval.open(0, sp.oo), timeout=30)
    assert _fails(r)
    assert sp.N(E(r.witness["z"]) - point, 60) == 0 or abs(sp.N(E(r.witness["z"]) - point, 80)) < 1e-70


def test_heaviside_spike_outside_interval_keeps_c1_and_linear_slope():
    # log(1 + z^2) = 1 at z = +-sqrt(e - 1) = +-1.3108: outside [-1, 1], so sigma = tanh there (C^1 holds, slope 1
    # at 0); inside [383/400, 383/100] the spike breaks C^2.
    f = E("tanh(z) + Heaviside(log(1 + z**2) - 1)*Heaviside(1 - log(1 + z**2))")
    assert _holds(sm.check_c1(f, sp.Interval(-1, 1), timeout=30))
    assert _fails(sm.check_c2(f, sp.Interval(R(383, 400), R(383, 100)), timeout=30))
    r = check_linear_at_origin(f)
    assert _holds(r)


# ---------------------------------------------------------------- principal powers in conditions


def test_ne_with_principal_square_root_is_never_a_symbolic_kink_at_zero():
    # Ne(sqrt(z), -1) is True for every real z (sqrt z >= 0 for z >= 0, imaginary for z < 0): sigma = tanh on R.
    # sympy's set for the condition is [0, oo) only: C^1 on [-1, 1] must not be "fails (symbolic)" (it holds).
    f = sp.Piecewise((sp.tanh(Z), sp.Ne(sp.sqrt(Z), -1)), (1, True))
    r = sm.check_c1(f, sp.Interval(-1, 1), timeout=30)
    assert not _fails(r)
    lin = check_linear_at_origin(f)
    assert lin.verdict != "fails"


def test_odd_root_of_square_base_exact_pieces():
    # ((z - 1)^2)^(1/3) < 1 <=> |z - 1| < 1 <=> 0 < z < 2 (the base is >= 0: principal = real root). sigma = tanh on
    # (0, 2), 1 elsewhere: lim at +oo is 1 (holds, L = 1), sigma(0) = 1 (property 4 fails), and C^0 fails at 2
    # (tanh 2 < 1).
    f = sp.Piecewise((sp.tanh(Z), ((Z - 1)**2)**R(1, 3) < 1), (1, True))
    L = check_positive_limit(f)
    assert L.verdict == "holds" and (L.method != "symbolic" or sp.simplify(sp.sympify(L.value) - 1) == 0)
    lin = check_linear_at_origin(f)
    assert lin.verdict == "fails"
    r = sm.check_continuous(f, sp.Interval(1, 3), timeout=30)
    assert r.verdict != "holds"


def test_odd_root_of_base_negative_somewhere_gives_no_symbolic_limit_at_minus_infinity():
    # (z^3 - 1)^(1/3) is not real for z < 1 (principal root of a negative number): sigma is undefined on (-oo, 1),
    # so no limit at -oo exists; lim at +oo is 1 (the condition fails there).
    from vgtheory.properties.four import check_bounded
    f = sp.Piecewise((sp.tanh(Z), (Z**3 - 1)**R(1, 3) < 1), (1, True))
    b = check_bounded(f)
    assert not (b.method == "symbolic" and "-oo" in str(b.witness))


# ---------------------------------------------------------------- Theorem 1 through the constant-factor path


@pytest.mark.parametrize("k, c, tau", [(sp.sqrt(2), 2, R(1, 2)), (sp.sqrt(3) - 1, 2, R(1, 3)), (sp.pi, 3, 10)])
def test_g_tau_of_irrational_multiple_of_rational_sigma(k, c, tau):
    # sigma = k (t + c t^2)/(1 + t^2): h = t sigma' = k t (1 + 2ct - t^2)/(1 + t^2)^2 (with t = tan th,
    # h = k (sin 4th - c cos 4th)/4 + kc/4). g(tau) = max(|h(tau)|, |h| at the critical points beyond tau), the
    # critical points the real roots of the numerator of h' (a rational polynomial), by mpmath's polyroots.
    f = k * (Z + c * Z**2) / (1 + Z**2)
    g = g_sup(f, tau, dps=30)
    t = sp.Symbol("t")
    hq = t * (1 + 2 * c * t - t**2) / (1 + t**2) ** 2
    num = sp.Poly(sp.fraction(sp.together(sp.diff(hq, t)))[0], t)
    with mp.workdps(60):
        kk, tt = mp.mpf(sp.N(k, 70)), mp.mpf(sp.N(tau, 70))
        h = lambda u: kk * u * (1 + 2 * c * u - u**2) / (1 + u**2) ** 2  # noqa: E731
        roots = [mp.re(r) for r in mp.polyroots([int(a) for a in num.all_coeffs()], maxsteps=200, extraprec=200)
                 if abs(mp.im(r)) < mp.mpf(10) ** -40]
        truth = max([abs(h(tt))] + [abs(h(r)) for r in roots if r >= tt])
    assert g.method == "symbolic"
    assert abs(g.value - truth) <= mp.mpf(10) ** -25 * truth


def test_tau0_two_roots_1e30_apart_with_irrational_L():
    # sigma = sqrt2 (1/2 + f/(2(t^4 + 1))), f = (t - 1)(t - 1 - e)(t - 3)^2, e = 10^-30: L = sqrt 2, sigma - L/2 =
    # sqrt2 f/(2(t^4 + 1)) is < 0 only on (1, 1 + e) (3 is a double root, touched from above): tau0 = 1 + e.
    # tau = W min(c, L/2) = W/sqrt2 at c = 1: W = (1 + e/10) sqrt 2 is too small, W = (1 + 2e) sqrt 2 is enough.
    e = R(1, 10**30)
    f = (Z - 1) * (Z - 1 - e) * (Z - 3) ** 2
    sig = sp.sqrt(2) * (R(1, 2) + f / (2 * (Z**4 + 1)))
    with pytest.raises(VGTheoryError, match="too small"):
        theorem1(sig, c=1, W=(1 + e / 10) * sp.sqrt(2), depth=3, dps=50)
    r = theorem1(sig, c=1, W=(1 + 2 * e) * sp.sqrt(2), depth=3, dps=50)
    assert "tau0 = 1000000000000000000000000000001/1000000000000000000000000000000" in str(r)


# ---------------------------------------------------------------- Theorem 2 for sqrt(2)*softsign (proved numbers)


def test_theorem2_sqrt2_softsign_fixed_point_and_rate():
    # On t >= 0, sigma = sqrt2 t/(1 + t). w = 2: z* = sigma(2 z*) <=> 1 + 2z* = 2 sqrt2 <=> z* = (2 sqrt2 - 1)/2;
    # rho = w sigma'(w z*) = 2 sqrt2/(1 + 2z*)^2 = 2 sqrt2/8 = sqrt2/4.
    r = theorem2(E("sqrt(2)*z/(1 + Abs(z))"), w=2, x=1, depth=10, dps=30)
    with mp.workdps(40):
        assert abs(r.z_star - (2 * mp.sqrt(2) - 1) / 2) < mp.mpf(10) ** -25
        assert abs(r.rho - mp.sqrt(2) / 4) < mp.mpf(10) ** -25
    assert r.hypothesis_H.verdict == "holds"


def test_theorem2_sqrt2_softsign_onset_at_aw_1():
    # w = 1/sqrt2 (aw = 1): phi(z) = sigma(wz) = z/(1 + z/sqrt2) = z - z^2/sqrt2 + ...: p = 2, beta = sqrt2/2;
    # and 1/phi(z) = 1/z + 1/sqrt2 exactly, so z_l = 1/(1/x + l/sqrt2) for every l.
    r = theorem2(E("sqrt(2)*z/(1 + Abs(z))"), w=1 / sp.sqrt(2), x=1, depth=50, dps=30)
    assert r.regime == "aw=1" and r.p == 2
    with mp.workdps(40):
        assert abs(r.beta - mp.sqrt(2) / 2) < mp.mpf(10) ** -25


def test_theorem2_sqrt2_softsign_exact_gradient_at_aw_1():
    # df/dw_1 = x sigma'(w x) prod_{k=2..l} w sigma'(w z_{k-1}), sigma'(u) = sqrt2/(1 + u)^2, z_k = sigma(w z_{k-1}),
    # w = 1/sqrt2, x = 1, l = 100, by mpmath at 60 digits; z_l = 1/(1/x + l/sqrt2) exactly (1/phi(z) = 1/z + 1/sqrt2).
    r = theorem2(E("sqrt(2)*z/(1 + Abs(z))"), w=1 / sp.sqrt(2), x=1, depth=100, dps=30)
    with mp.workdps(60):
        w, s2 = 1 / mp.sqrt(2), mp.sqrt(2)
        zs = [mp.mpf(1)]
        for _ in range(100):
            zs.append(s2 * w * zs[-1] / (1 + w * zs[-1]))
        assert abs(zs[100] - 1 / (1 + 100 / s2)) < mp.mpf(10) ** -50
        g = zs[0] * s2 / (1 + w * zs[0]) ** 2
        for k in range(2, 101):
            g *= w * s2 / (1 + w * zs[k - 1]) ** 2
        assert abs(r.actual_df_dw1 - g) < mp.mpf(10) ** -25 * g


# ---------------------------------------------------------------- switches of transcendental arguments: exact order


@pytest.mark.parametrize("src, iv, smooth_to, witness", [
    # (e^z - 2)^3 >= 0 beyond log 2: Max adds it there; value, slope, second derivative 0 at log 2, third 6 (e^z)^3 = 48
    ("Max(tanh(z), tanh(z) + (exp(z) - 2)**3)", (0, 3), 2, sp.log(2)),
    # u = atan z - pi/4, u'(1) = 1/2: |u|^3/10 has third derivatives -+ 6 (1/2)^3/10 = -+3/40 at 1
    ("tanh(z) + Abs(atan(z) - pi/4)**3/10", (0, 3), 2, sp.Integer(1)),
    # u = log(1 + z^2) - 1 = 0 at sqrt(e - 1), u' = 2z/(1 + z^2) != 0 there: Max(0, u)^2 is C^1, its u'' jumps by 2u'^2
    ("tanh(z) + Max(0, log(1 + z**2) - 1)**2", (0, 3), 1, sp.sqrt(sp.E - 1)),
])
def test_switch_at_transcendental_point_exact_order(src, iv, smooth_to, witness):
    f = E(src)
    assert _holds(sm._smooth(f, sp.Interval(*iv), smooth_to, 30))
    r = sm._smooth(f, sp.Interval(*iv), smooth_to + 1, 30)
    assert _fails(r) and abs(sp.N(E(r.witness["z"]) - witness, 50)) < 1e-40


def test_min_that_never_switches_is_smooth():
    # atan z - (tanh z - 1/2)^2 <= atan z everywhere: the Min is that smooth branch (C^3 holds; never "fails").
    f = E("Min(atan(z), atan(z) - (tanh(z) - 1/2)**2)")
    assert _holds(sm._smooth(f, sp.Interval(0, 3), 3, 30))


# ---------------------------------------------------------------- R40a-1 (strict xfail)


def test_r40a_1_or_with_principal_sqrt_no_symbolic_slope_where_sigma_undefined():
    # Or(z < 0, sqrt(z) < 2): sympy's Or short-circuits (f.subs(z, -1) = -tanh 1: sigma = tanh on (-oo, 4)), and
    # the package's evaluator does so for Or(z < 0, log(z) < 1) (value -tanh 1 at -1) but not here: it compares
    # sqrt(z) = i sqrt|z| with 2 and calls sigma undefined at every z < 0 (real_valued fails at -10). Under that
    # reading lim sigma(z)/z at 0- would not exist. Either way the report must agree with itself: sigma evaluable at
    # -1 (sympy's reading, the symbolic verdicts right), or no symbolic slope at 0- / C^1 on [-1, 1].
    f = sp.Piecewise((sp.tanh(Z), sp.Or(Z < 0, sp.sqrt(Z) < 2)), (1, True))
    try:
        activation(f).value(-1)
        defined_below_zero = True
    except ActivationError:
        defined_below_zero = False
    lin = check_linear_at_origin(f)
    assert defined_below_zero or not _holds(lin)
    assert defined_below_zero or not _holds(sm.check_c1(f, sp.Interval(-1, 1), timeout=30))


# ---------------------------------------------------------------- R40a-2, R40a-3 (strict xfails)


def _spike_at_minus_two():
    # For z < 0 the principal roots are sqrt(z) = i sqrt|z|, sqrt(z - 1) = i sqrt(1 - z): their product is the real
    # -sqrt(z^2 - z), so sqrt(z) sqrt(z - 1) + sqrt 6 = 0 <=> z^2 - z = 6, z < 0 <=> z = -2 (at z = 3 the product is
    # +sqrt 6). For z > 0 the lhs is not 0 (0 < z < 1: non-real; z >= 1: >= sqrt 6). So sigma = 5 at z = -2 only, tanh
    # elsewhere (sympy itself: the lhs at -2 simplifies to 0). sympy's real-domain set of the condition is empty.
    return sp.Piecewise((5, sp.Eq(sp.sqrt(Z) * sp.sqrt(Z - 1) + sp.sqrt(6), 0)), (sp.tanh(Z), True))


def test_spike_condition_is_exactly_zero_at_minus_two():
    f = _spike_at_minus_two()
    assert sp.simplify(f.args[0][1].lhs.subs(Z, -2)) == 0
    with mp.workdps(60):
        v = mp.sqrt(mp.mpc(-2)) * mp.sqrt(mp.mpc(-3)) + mp.sqrt(6)
        assert abs(v) < mp.mpf(10) ** -55


def test_r40a_2_spike_at_minus_two_not_continuous_on_interval():
    # sigma(-2) = 5 while sigma -> tanh(-2) on both sides: continuity on [-3, -1/2] fails (never "holds (symbolic)").
    r = sm.check_continuous(_spike_at_minus_two(), sp.Interval(-3, -R(1, 2)), timeout=30)
    assert not _holds(r)


def test_r40a_2_no_false_jump_at_minus_three():
    # (z^(3/2) + 2 sqrt z) = sqrt(z) (z + 2) (principal powers: z^(3/2) = z sqrt z) is 0 only at 0 and -2; the first
    # branch tanh z + (z + 2)^2 equals tanh z at -2, so sigma = tanh on [-3, -1]: continuous, and lim sigma at -3+ is
    # tanh(-3) = sigma(-3). The package reads the whole piece (-3, -1) by its midpoint -2 as the first branch.
    f = sp.Piecewise((sp.tanh(Z) + (Z + 2) ** 2, sp.Eq(Z ** R(3, 2) + 2 * sp.sqrt(Z), 0)), (sp.tanh(Z), True))
    r = sm.check_continuous(f, sp.Interval(-3, -1), timeout=30)
    assert not _fails(r)


def test_r40a_3_value_at_minus_two_is_the_spike():
    # sigma(-2) = 5 (the condition holds exactly there, above); the evaluator returns tanh(-2) = -0.964...
    v = activation(_spike_at_minus_two()).value(-2)
    assert abs(v - 5) < 1e-20


def test_r40a_2_spike_at_minus_half_not_c1_near_zero():
    # sqrt(z) sqrt(z - 1) = -sqrt(z^2 - z) for z < 0: + sqrt(3)/2 = 0 <=> z^2 - z = 3/4, z < 0 <=> z = -1/2. sigma(-1/2)
    # = 5, tanh elsewhere: not continuous on [-1, 1], so "C^1 on [-1, 1]" (Theorem 2's premise near 0) cannot hold.
    f = sp.Piecewise((5, sp.Eq(sp.sqrt(Z) * sp.sqrt(Z - 1) + sp.sqrt(3) / 2, 0)), (sp.tanh(Z), True))
    assert sp.simplify(f.subs(Z, -R(1, 2))) == 5
    assert not _holds(sm.check_c1(f, sp.Interval(-1, 1), timeout=30))
