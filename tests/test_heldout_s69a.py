"""Held-out tests of red team R69a (symbolic soundness of the new special-function enclosures, joints, solveset's
single points, Theorem 2 near aw = 1; against 898bc7c).

Findings (session 37: R69a-1, R69a-3 (shape samples) and R69a-5 fixed; session 38: R69a-3 (Theorem 1 g), R69a-4 and
R69a-2 fixed (a joint at Si(2) proved; the (z - c)^2 piece is holds (symbolic) on a quiet machine, holds (numeric) when
solveset runs out)):
- R69a-1 (wrong: a number in a report): theorem2(tanh, w = 1 - 2^-60, x = 1/2, depth = 5) prints
  "a = 1.0, aw = 1.0 -> regime aw<1 (symbolic)" and rho "1 - d, 0 < d < 1.0e-6"; for w = 1 + 2^-60 it prints
  "aw = 1.0 -> regime aw>1". Truth (plain algebra): a = tanh'(0) = 1, aw = w = 1 -+ 2^-60 = 1 -+ 8.67e-19 exactly, which
  the report must show as R68a-3's fix shows 1 - 10^-60 ("1 - 1.0e-60", held below). Where: theorem2.near_one takes
  int(v.man).bit_length() for the precision v was computed at; mpmath strips the trailing zero bits of a mantissa, so an
  exact dyadic aw such as 1 - 2^-60 (a 60-bit odd mantissa) leaves "fewer than 2 digits" (left = 18 - 3 - 19 < 2) and
  near_one returns None: the 12-digit fallback prints 1.0.
- R69a-2 (refusal): sigma = Piecewise((atan z, z < c), (atan z + (z - c)^2, True)) with c = Si(2), li(3) (and, in a
  fresh interpreter, LambertW(5), zeta(3); within the test run their label varies, so they are not tested) (constants
  the kernel now encloses in arb): check_increasing says "inconclusive (numeric)": "... whether
  sigma is continuous on (0, oo) is not decided (sigma contains ['Si(2)'], whose continuity is not decided)". With
  c = sqrt 2 it is "holds (symbolic)". Truth (plain algebra): both pieces are continuous and agree at c (value atan c),
  sigma' = 1/(1 + z^2) left of c and 1/(1 + z^2) + 2(z - c) > 0 right of it: increasing. Where: properties/smoothness.
  _continuity refuses every sp.Function atom not in _KNOWN, constants with no free symbol included (a constant
  Si(2) has no continuity to decide).
- R69a-3 (wrong: false numeric holds): sigma = atan z - e tanh((K (z - c))^3) - e tanh((K c)^3), K = 10^20,
  e = 10^-19, c = 2 (also sqrt 2, pi; and atan of z minus the same terms): check_increasing says "holds (numeric)"
  ("sigma' positive at 1045 sample points ... and at the features of sigma's inner arguments"). Truth (plain algebra,
  checked with mpmath at 60 digits below): with u = K (z - c), sigma'(z) = 1/(1 + z^2) - 3 e K u^2 sech^2(u^3); at
  u = 4/5 the second term is 3 * 10 * 0.64 * sech^2(0.512) = 14.9 > 1/5 >= 1/(1 + z^2), so sigma' < 0 on a window
  about 10^-20 wide at c + 0.8 10^-20, and sigma(c + 2/K) < sigma(c - 2/K) (sigma drops by about 2e = 2e-19 while
  atan rises by 8e-21): sigma is not even nondecreasing. Where: theorems/shape_evidence samples at the feature c (the
  root of the inner argument), where the cube makes the dip vanish (sigma'(c) = 1/5 > 0), and not at the points where
  the inner argument is of size 1 (c -+ 1/K); tanh of a cubic is not trusted for solveset, so nothing exact looks.
  Unlike R67a-3/4/6 the window sits 10^-20 from a point the scan samples, beside a polynomial inner argument.
  The same dip refutes concavity, and check_concave says "holds (numeric)" too, for the sigmoid-type
  sigma = tanh z - e tanh((K (z - 2))^3) - e tanh(8 K^3) (sigma(0) = 0; vgtheory.check calls it sigmoid-type with all
  four properties symbolic and says Theorem 2 "applies"): sigma' = sech^2 z - 3 e K u^2 sech^2(u^3) is < -10 at u = 4/5
  and > 0 at u = 2 (3 * 10 * 4 * sech^2(8) < 10^-4 < sech^2(2.01)), so sigma' increases there: not concave (mpmath,
  60 digits, below); check_increasing of it says "holds (numeric)" as well, and the report's (H) "holds (numeric)".
  The same dip at c = 10 gives a wrong number: Theorem 1's g(tau) = sup_{t >= tau} |t sigma'(t)| at tau = 5 is reported
  9.08e-4 (numeric, argmax 5; to_dict theorems/theorem1/standard_point/g/value), while |h(10 + 0.8/K)| =
  (10 + 0.8/K) |sech^2(10 + 0.8/K) - 14.9| > 140 (mpmath, 60 digits, below): theorems/gsup probes the feature 10
  and its neighbourhood, not the points 10 -+ 1/K where the dip is.
- R69a-4 (wrong: false numeric "fails", contradicting the report's own proof): vgtheory.check(tanh(sinh z),
  signal=False) says "sigmoid-type: yes", "vanishing_derivative: holds (symbolic); lim z*sigma'(z), z->+oo = 0", and
  then "Theorem 1 (large weights): does not apply (property 2 at +oo fails numerically: ... the largest of 21 far
  samples at t = 1e6..1e12*max(1, tau): |h| = inf ... (the property check said holds (symbolic)))" (to_dict:
  theorems/theorem1/applies = "fails"). The same for tanh(e^z - 1) (property 2 symbolic too, 27 s) and tanh(Shi z)
  (property 2 "inconclusive (numeric)" at z = 2048, sigmoid-type "undecided"). Truth (plain algebra; mpmath at 50
  digits below): h(t) = t sigma'(t) = t cosh(t) sech^2(sinh t) and sech^2 y <= 4 e^(-2y) (cosh y >= e^y/2), so
  0 < h(t) <= 4 t cosh(t) e^(-2 sinh t) -> 0, below e^(-10^5) for every t >= 20: property 2 holds (as the report
  proves), |h| is tiny, not inf, at every far sample, and Theorem 1's hypotheses (C^1, property 2 at +oo, L = 1 > 0)
  hold: it applies. For Shi: h(t) = sinh(t) sech^2(Shi t), Shi t >= int_{t-1}^t sinh(u)/u du >= sinh(t - 1)/t
  (t >= 1), so h(t) <= 4 sinh(t) exp(-2 sinh(t - 1)/t) -> 0 likewise. Where: theorems/gsup (far tail) evaluates
  h = t cosh(t) * sech^2(sinh t) at t = 1e6..1e12 in mpmath, where cosh t is finite (e^(1e6)) and the product with a
  sech^2 past mpmath's range reads as inf; "slow" then returns g = inf although property 2 was proved (the
  tail_proved branch, meant to overrule the numbers by the proof, is not taken), and theorems/section.py reports
  "property 2 at +oo fails numerically".
- R69a-5 (wrong: false numeric holds, by the package's own claim sigma' > 0; R68a-6/7's outcome by a new route):
  sigma = (z - c)^3/3 + c^3/3 with c = zeta(3) - q, q = zeta(3)'s 100-digit decimal (c = 1.46e-100 > 0; also
  Si(1) - its 100-digit decimal): check_increasing says "holds (numeric)". Truth (plain algebra; c's sign by mpmath
  at 200 digits below): sigma' = (t - c)^2 vanishes at t = c > 0, which breaks "sigma' > 0 at every t > 0"; with the
  30-digit decimal a plain interpreter finds it ("fails (symbolic)", sigma' = 0 at t = c, 1.2 s), but the same call
  under pytest says "holds (numeric)" (so no held test: the label depends on the run). Where: core/memo.solveset
  first asks core/rational_sets.rational_set, which answers a FiniteSet whose one point is written as
  A zeta(3)/(B - C zeta(3)) - D/(B - C zeta(3)) - E zeta(3)^2/(B - C zeta(3)) with 100-digit A..E (equal to c; sympy's N(., 30):
  0.e-64; mpmath at 200 digits: 1.46e-100); its evalf is garbage (2.5e+25 at 2 digits, 1.37e+74 at 15), so
  the guard disagreeing_constant(set_ends(...)) rightly refuses that set and memo.solveset returns None; the point
  itself is then never handed to the kernel (whose arb decides c > 0 and sigma'(c) = 0), empty_or_breach has no
  FiniteSet to check, gap_breach's points avoid a root of even multiplicity, and the samples cannot see a double root.

Held (passing tests below, or checked by hand):
- c tanh z with c = LambertW(1), zeta(3), Si(1), besselj(0, 1), fresnels(1), li(2), airyai(0), GoldenRatio, Ci(1),
  loggamma(1/2): increasing and concave "holds (symbolic)" (right: c > 0, mpmath); Ei(-1) tanh z, bessely(1, 2) tanh z:
  increasing "fails (symbolic)" (right: c < 0).
- arb returns no finite ball where sympy's value is complex or undefined: Ci(-1), Chi(-1), li(-1), lgamma(-1/2),
  W(-1/2), Y_0(-1), K_0(-1), I_1/2(-1), J_1/2(-1), zeta(1), erfcinv(3) (checked by hand in python-flint 0.9).
- Piecewise((1 + (z - zeta(3))^3, z < zeta(3)), (1 + (z - zeta(3))^5, True)): increasing "fails (symbolic)" at
  zeta(3) (right: sigma continuous, sigma'(zeta(3)) = 0).
- Piecewise((atan z, z < q), (atan z - 10 (z - q), z < c), (atan z, True)), q = c -+ 10^-40 (c's 60-digit decimal),
  c = zeta(3), LambertW(5), GoldenRatio: q > c (empty middle piece, sigma = atan z): increasing and concave "holds
  (symbolic)"; q < c: increasing fails (numeric), concave "fails (symbolic)" (a jump at c): right.
- theorem2(tanh) at w = 1 + 2 10^-5000: aw>1, z* = 2.449e-2500 = sqrt(3 (w - 1)) to the digits shown, in 17 s.
- (z - c)^3/3 + c^3/3 (sigma' = (z - c)^2): c = LambertW(1), zeta(3), Si(1), besselj(0, 1), GoldenRatio: increasing
  "fails (symbolic)" with the witness t = c (right); c = Ei(-1), zeta(1/2), bessely(1, 2), li(1/2), loggamma(3/2),
  airyai(-3) (all < 0, mpmath): "holds (symbolic)" (right: no zero on t > 0).
- tanh z -+ 10^-40 |z - c| - 10^-40 c, c = Si(1), LambertW(1), zeta(3): + is a convex kink, concave "fails (symbolic)"
  at c, increasing holds; - : concave "holds (symbolic)" for W(1), zeta(3) (inconclusive for Si(1), R69a-2's kind),
  increasing fails (sigma' = sech^2 z - 10^-40 < 0 far out): right.
- Constants that sympy's Gt/Le misjudge (10^-40 - log(1 + 10^-40) - 10^-80 is +5e-81, sympy evaluates it negative;
  with e^-12000 in place of 10^-40 arb cannot sign it either) as the constant sigma'' of a quadratic piece, or the slope
  of a linear sigma: the numeric pass refutes (sigma'' = 5e-81 > 0 found) or the result stays inconclusive; no false
  symbolic verdict.
- check(tanh(sinh z)): q* = 28.15, chi1 = 3.621 at the CIFAR init (mpmath at 40 digits: 28.1484141883, 3.62135304580).

Every truth is derived independently of the package, by construction (worked in the comments), plain algebra, or
mpmath at >= 50 digits (stated where used).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.parsing import Z

R = sp.Rational


def _act(e):
    from vgtheory.core.activations import activation
    return activation(e)


# ---------------------------------------------------------------------------------------------------------------
# R69a-1: aw = 1 -+ 2^-60 exactly (a = tanh'(0) = 1, so aw = w).
def test_oracle_dyadic_gap():
    assert sp.diff(sp.tanh(Z), Z).subs(Z, 0) == 1
    with mp.workdps(60):
        assert mp.nstr(mp.mpf(2) ** -60, 3) == "8.67e-19"


def test_r69a_1_aw_dyadic_below_one():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.tanh(Z), w=1 - R(1, 2**60), x=R(1, 2), depth=5)
    assert r.regime == "aw<1"
    text = str(r)
    assert "aw = 1.0 ->" not in text
    assert "aw = 1 - 8.67e-19" in text


def test_r69a_1_aw_dyadic_above_one():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.tanh(Z), w=1 + R(1, 2**60), x=R(1, 2), depth=5)
    assert r.regime == "aw>1"
    assert "aw = 1 + 8.67e-19" in str(r)


def test_held_r69a_1_decimal_gap():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.tanh(Z), w=1 - R(1, 10**60), x=R(1, 2), depth=5)
    assert r.regime == "aw<1" and "aw = 1 - 1.0e-60" in str(r) and r.rho_text() == "1 - 1.0e-60"


# ---------------------------------------------------------------------------------------------------------------
# R69a-2: a continuous increasing two-piece sigma switching at a special constant.
def _switch(c):
    return sp.Piecewise((sp.atan(Z), Z < c), (sp.atan(Z) + (Z - c) ** 2, True))


def test_oracle_switch():
    for c in (sp.Si(2), sp.li(3), sp.sqrt(2)):
        left, right = sp.atan(Z), sp.atan(Z) + (Z - c) ** 2
        assert sp.simplify(right.subs(Z, c) - left.subs(Z, c)) == 0  # no jump
        assert sp.expand(sp.diff(right, Z) - sp.diff(left, Z) - 2 * (Z - c)) == 0  # > 0 right of c
        with mp.workdps(50):
            assert mp.mpf(sp.N(c, 50)) > 0


@pytest.mark.slow
@pytest.mark.parametrize("c", [sp.Si(2), sp.li(3)], ids=["Si2", "li3"])
def test_r69a_2_switch_at_special_constant(c):
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(_act(_switch(c)))
    assert r.verdict == "holds"


def test_held_r69a_2_switch_at_sqrt2():
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(_act(_switch(sp.sqrt(2))))
    assert (r.verdict, r.method) == ("holds", "symbolic")


# ---------------------------------------------------------------------------------------------------------------
# R69a-3: a dip 10^-20 wide beside the root c of the cubic inner argument.
_K, _E = sp.Integer(10) ** 20, R(1, 10**19)


def _dip(c, form="cube"):
    inner = _E * sp.tanh((_K * (Z - c)) ** 3) + _E * sp.tanh((_K * c) ** 3)
    return sp.atan(Z) - inner if form == "cube" else sp.atan(Z - inner)


def test_oracle_dip():
    # mpmath at 60 digits: sigma' < 0 at c + 0.8/K, and sigma(c + 2/K) < sigma(c - 2/K)
    with mp.workdps(60):
        K, e = mp.mpf(10) ** 20, mp.mpf(10) ** -19
        for c in (mp.mpf(2), mp.sqrt(2), mp.pi):
            t = c + mp.mpf("0.8") / K
            u = K * (t - c)
            d = 1 / (1 + t**2) - e * 3 * K * u**2 * mp.sech(u**3) ** 2
            assert d < -10
            f = lambda z: mp.atan(z) - e * mp.tanh((K * (z - c)) ** 3) - e * mp.tanh((K * c) ** 3)  # noqa: E731
            assert f(c + 2 / K) - f(c - 2 / K) < mp.mpf(-1e-19)
            # the atan-composition form: its argument falls by ~2e across the window, and atan is increasing
            g = lambda z: z - e * mp.tanh((K * (z - c)) ** 3)  # noqa: E731
            assert g(c + 2 / K) < g(c - 2 / K)
    # sympy: sigma' is the formula above
    c = sp.Integer(2)
    s = _dip(c)
    u = _K * (Z - c)
    assert sp.simplify(sp.diff(s, Z) - (1 / (1 + Z**2) - 3 * _E * _K * u**2 * (1 - sp.tanh(u**3) ** 2))) == 0


@pytest.mark.slow
@pytest.mark.parametrize("c,form", [(sp.Integer(2), "cube"), (sp.Integer(2), "atan"), (sp.pi, "cube")],
                         ids=["2-cube", "2-atan", "pi-cube"])
def test_r69a_3_dip_beside_feature(c, form):
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(_act(_dip(c, form)))
    assert r.verdict != "holds"


def test_oracle_dip_concave():
    with mp.workdps(60):
        K, e, c = mp.mpf(10) ** 20, mp.mpf(10) ** -19, mp.mpf(2)
        d = lambda u: mp.sech(c + u / K) ** 2 - 3 * e * K * u**2 * mp.sech(u**3) ** 2  # noqa: E731  sigma'(c + u/K)
        assert d(mp.mpf("0.8")) < -10 and d(mp.mpf(2)) > 0 and d(0) > 0  # sigma' falls then rises: not concave
        f = lambda z: mp.tanh(z) - e * mp.tanh((K * (z - c)) ** 3) - e * mp.tanh((K * c) ** 3)  # noqa: E731
        assert f(0) == 0 and f(c + 2 / K) < f(c - 2 / K)  # sigma(0) = 0, and not increasing


@pytest.mark.slow
def test_r69a_3_concave():
    from vgtheory.theorems.hypotheses import check_concave
    s = sp.tanh(Z) - _E * sp.tanh((_K * (Z - 2)) ** 3) - _E * sp.tanh((2 * _K) ** 3)
    assert check_concave(_act(s)).verdict != "holds"


@pytest.mark.slow
def test_r69a_3_increasing_tanh():
    from vgtheory.theorems.hypotheses import check_increasing
    s = sp.tanh(Z) - _E * sp.tanh((_K * (Z - 2)) ** 3) - _E * sp.tanh((2 * _K) ** 3)
    assert check_increasing(_act(s)).verdict != "holds"


def test_oracle_dip_g():
    with mp.workdps(60):
        K, e, c = mp.mpf(10) ** 20, mp.mpf(10) ** -19, mp.mpf(10)
        t = c + mp.mpf("0.8") / K
        u = K * (t - c)
        h = t * (mp.sech(t) ** 2 - 3 * e * K * u**2 * mp.sech(u**3) ** 2)
        assert abs(h) > 140


@pytest.mark.slow
def test_r69a_3_theorem1_g():
    import vgtheory
    s = sp.tanh(Z) - _E * sp.tanh((_K * (Z - 10)) ** 3) - _E * sp.tanh((10 * _K) ** 3)
    g = vgtheory.check(s, signal=False).to_dict()["theorems"]["theorem1"]["standard_point"]["g"]
    assert float(g["tau"]) <= 10 and float(g["value"]) > 140


# ---------------------------------------------------------------------------------------------------------------
# R69a-4: tanh(sinh z), tanh(Shi z): t sigma'(t) vanishes super-exponentially.
def test_oracle_sinh_tail():
    assert sp.simplify(sp.diff(sp.tanh(sp.sinh(Z)), Z) * Z - Z * sp.cosh(Z) * (1 - sp.tanh(sp.sinh(Z)) ** 2)) == 0
    with mp.workdps(50):
        for t in (mp.mpf(20), mp.mpf(10) ** 6, mp.mpf(10) ** 12):
            # log of the bound 4 t cosh(t) e^(-2 sinh t), with log cosh t <= t
            assert mp.log(4 * t) + t - (mp.exp(t) - mp.exp(-t)) < -10**5


@pytest.mark.slow
def test_r69a_4_theorem1_sinh():
    import vgtheory
    r = vgtheory.check(sp.tanh(sp.sinh(Z)), signal=False)
    d = r.to_dict()
    assert "property 2 at +oo fails numerically" not in str(r)
    assert d["theorems"]["theorem1"]["applies"] != "fails"


def test_oracle_shi_tail():
    assert sp.simplify(sp.diff(sp.tanh(sp.Shi(Z)), Z) * Z - sp.sinh(Z) * (1 - sp.tanh(sp.Shi(Z)) ** 2)) == 0
    with mp.workdps(50):
        for t in (mp.mpf(20), mp.mpf(10) ** 6, mp.mpf(10) ** 12):
            # log of the bound 4 sinh(t) exp(-2 sinh(t - 1)/t), with log sinh(t) <= t
            log_bound = mp.log(4) + t - 2 * mp.exp(t - 1 - mp.log(2 * t)) * (1 - mp.exp(-2 * (t - 1)))
            assert log_bound < -10**6
        # the lower bound Shi t >= sinh(t - 1)/t (checked at t = 20 by mpmath's shi)
        assert mp.shi(20) >= mp.sinh(19) / 20


@pytest.mark.slow
def test_r69a_4_theorem1_shi():
    import vgtheory
    d = vgtheory.check(sp.tanh(sp.Shi(Z)), signal=False).to_dict()
    assert d["theorems"]["theorem1"]["applies"] != "fails"


# ---------------------------------------------------------------------------------------------------------------
# R69a-5: a double root of sigma' at a constant 10^-100 above 0.
def _tiny(C, digits):
    with mp.workdps(200):
        q = sp.Rational(mp.nstr(mp.mpf(sp.N(C, 200)), digits))
    return C - q


def test_oracle_tiny_root():
    with mp.workdps(200):
        for C, digits in ((sp.zeta(3), 100), (sp.zeta(3), 30), (sp.Si(1), 100)):
            c = _tiny(C, digits)
            assert mp.mpf(sp.N(c, 200)) > 0
            assert sp.expand(sp.diff((Z - c) ** 3 / 3 + c**3 / 3, Z) - (Z - c) ** 2) == 0  # sigma'(c) = 0


@pytest.mark.parametrize("C", [sp.zeta(3), sp.Si(1)], ids=["zeta3", "Si1"])
def test_r69a_5_double_root_tiny(C):
    from vgtheory.theorems.hypotheses import check_increasing
    c = _tiny(C, 100)
    assert check_increasing(_act((Z - c) ** 3 / 3 + c**3 / 3)).verdict == "fails"


# ---------------------------------------------------------------------------------------------------------------
# Held: constants enclosed by the kernel, with signs known by mpmath at 50 digits.
_POSITIVE = [sp.LambertW(1), sp.zeta(3), sp.Si(1), sp.besselj(0, 1), sp.fresnels(1), sp.li(2), sp.GoldenRatio, sp.Ci(1)]
_NEGATIVE = [sp.Ei(-1)]


def test_oracle_constants():
    with mp.workdps(50):
        vals = [mp.lambertw(1).real, mp.zeta(3), mp.si(1), mp.besselj(0, 1), mp.fresnels(1), mp.li(2), mp.phi, mp.ci(1)]
        assert all(v > mp.mpf("0.3") for v in vals)
        assert mp.ei(-1) < 0
        for c, v in zip(_POSITIVE, vals):
            assert abs(mp.mpf(sp.N(c, 50)) - v) < mp.mpf(10) ** -40


@pytest.mark.slow
def test_held_constant_scales():
    from vgtheory.theorems.hypotheses import check_concave, check_increasing
    for c in _POSITIVE:
        a = _act(c * sp.tanh(Z))
        assert (check_increasing(a).verdict, check_increasing(a).method) == ("holds", "symbolic"), c
        assert check_concave(a).verdict == "holds", c
    for c in _NEGATIVE:
        r = check_increasing(_act(c * sp.tanh(Z)))
        assert (r.verdict, r.method) == ("fails", "symbolic")


def test_held_flat_joint_at_zeta3():
    from vgtheory.theorems.hypotheses import check_increasing
    c = sp.zeta(3)
    r = check_increasing(_act(sp.Piecewise((1 + (Z - c) ** 3, Z < c), (1 + (Z - c) ** 5, True))))
    assert (r.verdict, r.method) == ("fails", "symbolic")


@pytest.mark.slow
def test_held_empty_middle_piece():
    from vgtheory.theorems.hypotheses import check_concave, check_increasing
    with mp.workdps(80):
        for c in (sp.zeta(3), sp.LambertW(5), sp.GoldenRatio):
            v = sp.Rational(mp.nstr(mp.mpf(sp.N(c, 80)), 60))  # |v - c| < 10^-58
            for eps in (R(1, 10**40), -R(1, 10**40)):
                q = v + eps
                e = sp.Piecewise((sp.atan(Z), Z < q), (sp.atan(Z) - 10 * (Z - q), Z < c), (sp.atan(Z), True))
                inc, con = check_increasing(_act(e)), check_concave(_act(e))
                if eps > 0:  # q > c: sigma = atan z
                    assert inc.verdict == "holds" and con.verdict == "holds"
                else:  # q < c: sigma' = 1/(1 + z^2) - 10 < 0 on (q, c), and a jump at c
                    assert inc.verdict == "fails" and con.verdict == "fails"
