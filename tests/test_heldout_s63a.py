"""Held-out tests of red team R63a (symbolic soundness, Theorem 2's proved claims, kinks; against e9f5899).

Findings (session 34: both fixed. R63a-1: core/algebraic_points replaces transcendental constants by 120-digit
rationals and proposes a point in each gap between the roots (also through one monotone F(az + b) and factor by factor,
so (log(1 + z) - 1)(log(1 + z) - 1 - 10^-100) and (e^z - 3)(z - log 3 - 10^-100), noted below, fail (symbolic) too);
the kernel's exact sign decides each point. R63a-2: theorem2_fixed_point.rate retries the first search for z* at 2, 4,
8 times the digits (up to 400) while it is unverified):
- R63a-1 (wrong: false numeric holds): a plain polynomial sigma whose derivative has two close roots with an irrational
  coefficient: sigma = int_0^z (t - sqrt 2)(t - sqrt 2 - 10^-6) dt = z^3/3 - (sqrt 2 + 10^-6/2) z^2 + (2 + sqrt(2)/10^6) z.
  check_increasing says "holds (numeric)" ("sigma' positive at 564 sample points"); the same with log 3, pi/4, E in place
  of sqrt 2 and e = 10^-6 .. 10^-150, and with (t - log 3)(t - log 3 - 10^-20). check_concave of
  -int_0^z int_0^y (t - sqrt 2)(t - sqrt 2 - 10^-6) dt dy (sigma'' = -(z - sqrt 2)(z - sqrt 2 - 10^-6)) says "holds
  (numeric)" too. Truth (plain algebra, by construction): sigma'(t) = (t - c)(t - c - e) < 0 for every t in (c, c + e),
  a window 10^-6 wide; for c = sqrt 2 the rational r = 1.414214 lies in it (r^2 > 2 and (r - 10^-6)^2 < 2, exactly),
  for c = log 3 a point checked with mpmath at 60 digits. With e = 1/10 or 1/1000 the package finds the breach, fails
  (symbolic). Where it goes wrong: sign_sets._solved -> memo.solveset: rational_set takes only rational relations (None
  here), and core/pieces.untrusted_sets refuses the polynomial with an irrational coefficient for sympy's solveset
  (whose answer, Interval(sqrt 2, sqrt 2 + 10^-6), is right here), so no exact path is left and the 564 samples
  cannot see a 10^-6 window. A plain polynomial (the R62a-2 mechanism, but neither radicals nor Abs/asinh, nor a
  narrow window). Composed with a bound (tanh, atan, erf of the same cubic) the breach is found (held). It reaches a
  report: the sigmoid-type Piecewise((tanh z, z < 0), (g, z <= 2), (g(2) + g'(2) tanh(z - 2), True)) with
  g = z - (1/10) int_0^z int_0^y (t - sqrt 2)(t - sqrt 2 - 10^-6) dt dy (g'' > 0 on (sqrt 2, sqrt 2 + 10^-6); g' >= 0.89
  on [0, 2] since the double integral's derivative is at most ((2 - sqrt 2)^3 + (sqrt 2)^3)/3 + 10^-6 < 1.02; C^1
  joints) gets "sigma concave: holds (numeric)" and vgtheory.check says "Theorem 2 (many layers): applies".

- R63a-2 (refusal): theorem2(atan z, w = 1 + 10^-40, x = 1/2, depth = 6) (aw = 1 + 10^-40 > 1, default dps = 50)
  raises VGTheoryError "no verified positive fixed point of z -> sigma(w z): the search ended at z = 1.73205080756e-20
  with |sigma(w z) - z| = 0.0"; tanh z likewise; with w = 1 + 10^-60 the message says "|sigma(w z) - z| = nan" at
  z = 1.0. Truth (mpmath at 150 digits; by hand z*^2 ~ 3(aw - 1)): z* = 1.7320508075688772935...e-20 (3.0e-30 for 10^-60),
  the unique positive root of atan(wz) = z (atan(wz) - z > 0 on (0, z*), < 0 beyond, as atan is concave). With dps = 100
  the package finds it (held), and aw - 1 = 10^-34 .. 10^-36 at 50 digits too. Where: theorem2_fixed_point.rate calls
  fixed_point at the caller's dps first, and fixed_point raises unless psi(z*(1 -+ 10^-k)) (about 2(aw - 1) z* 10^-k)
  exceeds 16 units in the last place of z* for some k >= 10, i.e. unless aw - 1 > ~10^(20 - dps); rate raises the
  precision only after a first verified z*, so the first call's refusal is final.

Held:
- Theorem 2 at aw = 1 with sigma'(0) irrational or sigma not odd: atan(sqrt 2 z), w = 1/sqrt 2 (phi = atan z: p = 3,
  beta = 1/3); erf z, w = sqrt(pi)/2 (p = 3, beta = pi/12); pi(u + u^3/3), u = tanh z, w = 1/pi (p = 5,
  beta = 1/(5 pi^4)); tanh z - tanh^2 z/2 (p = 2, beta = 1/2): p, beta and the proved bound x sigma'(wx) right
  (beta worked by Taylor series by hand; the bound with mpmath at 60 digits).
- Theorem 2 at aw > 1: atan(sqrt 2 z) with w = (1 + 10^-30)/sqrt 2, tanh z - tanh^2 z/2 with w = 1 + 10^-20, erf z with
  w = 3 sqrt(pi)/2: z*, rho, df/dw_1 equal mpmath's at 80 digits; the s -> oo limit a^l w^(l-1) x and the log_(aw)
  growth-phase length right.
- Kinks at irrational points compared exactly: tanh z +- 10^-40 |z - c| for c = log 3, pi/4, E, 3^(1/3) (convex kink
  fails (symbolic) at c; concave kink holds (symbolic)); a Piecewise joint at log 3 with slope jumps of +-10^-40.
- Windows 10^-150 wide between roots of (e^z - 2)(e^z - 2 - e) and (tanh z - 1/2)(tanh z - 1/2 - e): fails (symbolic).
  (log(1 + z) - 1)(log(1 + z) - 1 - 10^-100) and (e^z - 3)(z - log 3 - 10^-100) say "holds (numeric)" (false) through a
  ConditionSet from sympy: the R62a-1 mechanism, not counted again.
- Piecewise joints at sqrt 2 with sigma' = (z^2 - 2 + e)(z^2 - 2 - e) on either side (e = 10^-40, 10^-150): fails, right.
- Properties with exact constants: sigma(0) = sqrt 2 + sqrt 3 - sqrt(5 + 2 sqrt 6) (= 0: holds) and + 10^-60 (fails);
  c tanh z with c = e^(pi sqrt 163) - N, N the 45-digit decimals on either side (c = +9.9e-46 / -9.1e-48, mpmath at
  120 digits): positive limit and linear at origin hold / fail (symbolic), right; tanh z (1 + 10^-40)^(-z^2)
  (limit 0) no positive limit; z (1 + z^2)^(-1/2 +- 10^-40) bounded / unbounded, right.
- Theorem 1: tau0 of tanh z minus a Lorentzian dip of depth 0.6 and width 10^-6 at 10 sqrt 2 (tau0 = c + sqrt(0.2) 10^-6)
  and of a dip between the close roots of (z - 10 sqrt 2)(z - 10 sqrt 2 - 10^-6), right; g(tau) of atan z +
  atan(1000(z - 30))/100 (300.0333 at t = 30, by hand) and atan z + atan(z - sqrt 2), right.
- Theorem 2: aw = 1 exactly where aw is written sqrt(2) + sqrt(3) times 1/sqrt(5 + 2 sqrt 6) (denesting) or via
  cos(pi/5); the z^3 coefficient 1/3 written with a denesting zero (p = 5, beta = 1/5, right).
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


def _cubic(c, e):
    # sigma' = (z - c)(z - c - e), sigma(0) = 0
    return sp.integrate(sp.expand((Z - c) * (Z - c - e)), (Z, 0, Z))


# ---------------------------------------------------------------------------------------------------------------
# R63a-1. Truth by algebra: (t - c)(t - c - e) < 0 for c < t < c + e.
def test_oracle_r63a_1_window():
    r, e = R(1414214, 10**6), R(1, 10**6)
    assert r**2 > 2 and (r - e) ** 2 < 2 and r - e > 0  # sqrt 2 < r < sqrt 2 + e, exactly
    s = _cubic(sp.sqrt(2), e)
    assert sp.diff(s, Z).subs(Z, r).equals((r - sp.sqrt(2)) * (r - sp.sqrt(2) - e))
    # and negative: both factors have known signs at r
    with mp.workdps(60):
        L = mp.log(3)
        t = L + mp.mpf(10) ** -20 / 2
        assert (t - L) * (t - L - mp.mpf(10) ** -20) < 0


def test_r63a_1_increasing_sqrt2_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_cubic(sp.sqrt(2), R(1, 10**6)))).verdict != "holds"


def test_r63a_1_increasing_log3_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_cubic(sp.log(3), R(1, 10**20)))).verdict != "holds"


def test_r63a_1_concave_sqrt2_window():
    from vgtheory.theorems.hypotheses import check_concave
    sig = -sp.integrate(_cubic(sp.sqrt(2), R(1, 10**6)), (Z, 0, Z))
    assert check_concave(_act(sig)).verdict != "holds"


@pytest.mark.parametrize("c", [sp.sqrt(2), sp.log(3)])
def test_held_r63a_1_wide_window_found(c):
    from vgtheory.theorems.hypotheses import check_increasing
    e = R(1, 1000)
    res = check_increasing(_act(_cubic(c, e)))
    assert res.verdict == "fails" and res.method == "symbolic"
    t = R(res.witness["t"])
    with mp.workdps(60):
        cm, tm = mp.mpf(sp.N(c, 70)), mp.mpf(t.p) / t.q
        assert cm < tm < cm + mp.mpf(e.p) / e.q


@pytest.mark.slow
@pytest.mark.parametrize("outer", [sp.tanh, sp.erf])
def test_held_r63a_1_bounded_composition_found(outer):
    from vgtheory.theorems.hypotheses import check_increasing
    res = check_increasing(_act(outer(_cubic(sp.sqrt(2), R(1, 10**6)))))
    assert res.verdict == "fails" and res.method == "symbolic"


def _pw_sigmoid():
    c, e, k = sp.sqrt(2), R(1, 10**6), R(1, 10)
    g = Z - k * sp.integrate(_cubic(c, e), (Z, 0, Z))
    return sp.Piecewise((sp.tanh(Z), Z < 0), (g, Z <= 2), (g.subs(Z, 2) + sp.diff(g, Z).subs(Z, 2) * sp.tanh(Z - 2), True))


def test_oracle_r63a_1_piecewise_convex_window():
    s = _pw_sigmoid()
    g = s.args[1][0]
    r = R(1414214, 10**6)  # inside (sqrt 2, sqrt 2 + 10^-6), exactly (oracle above)
    g2 = sp.diff(g, Z, 2).subs(Z, r)  # = -(1/10)(r - sqrt 2)(r - sqrt 2 - 10^-6) > 0
    assert sp.expand(g2 + R(1, 10) * (r - sp.sqrt(2)) * (r - sp.sqrt(2) - R(1, 10**6))) == 0
    assert r < 2


def test_r63a_1_piecewise_concave_window():
    from vgtheory.theorems.hypotheses import check_concave
    assert check_concave(_act(_pw_sigmoid())).verdict != "holds"


# ---------------------------------------------------------------------------------------------------------------
# R63a-2. Truth: mpmath at 300 digits (findroot from sqrt(3 (w - 1)); residual below 10^-140 z; at 150 digits
# findroot stopped short of that for k = 60, session 34).
def _z_star_atan(k):
    with mp.workdps(300):
        w = 1 + mp.mpf(10) ** -k
        z = mp.findroot(lambda z: mp.atan(w * z) - z, mp.sqrt(3 * (w - 1)))
        assert abs(mp.atan(w * z) - z) < mp.mpf(10) ** -140 * z and z > 0
        return z


@pytest.mark.parametrize("k", [40, 60])
def test_r63a_2_fixed_point_tiny_excess(k):
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.atan(Z), w=1 + R(1, 10**k), x=R(1, 2), depth=6)
    z = _z_star_atan(k)
    assert r.regime == "aw>1" and abs(r.z_star - z) <= mp.mpf(10) ** -12 * z


@pytest.mark.parametrize("k, dps", [(36, 50), (40, 100)])
def test_held_r63a_2_fixed_point_enough_digits(k, dps):
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sp.atan(Z), w=1 + R(1, 10**k), x=R(1, 2), depth=6, dps=dps)
    z = _z_star_atan(k)
    assert r.regime == "aw>1" and abs(r.z_star - z) <= mp.mpf(10) ** -12 * z


# Held: Theorem 2 at aw = 1 with sigma'(0) irrational / sigma not odd; betas by Taylor series by hand:
# atan(sqrt2 z) at w = 1/sqrt 2 is atan z = z - z^3/3; erf(w z) at w = sqrt(pi)/2 is z - (pi/12) z^3;
# pi (v + v^3/3), v = tanh(z/pi) is z - z^5/(5 pi^4); u - u^2/2 = z - z^2/2 + ...
@pytest.mark.slow
@pytest.mark.parametrize("sig, w, p, beta", [
    (sp.atan(sp.sqrt(2) * Z), 1 / sp.sqrt(2), 3, R(1, 3)),
    (sp.erf(Z), sp.sqrt(sp.pi) / 2, 3, sp.pi / 12),
    (sp.pi * (sp.tanh(Z) + sp.tanh(Z) ** 3 / 3), 1 / sp.pi, 5, 1 / (5 * sp.pi**4)),
    (sp.tanh(Z) - sp.tanh(Z) ** 2 / 2, 1, 2, R(1, 2)),
    (sp.Piecewise((sp.tanh(Z), Z <= 0), (sp.tanh(Z) - sp.tanh(Z) ** 2 / 2, True)), 1, 2, R(1, 2)),
])
def test_held_r63a_theorem2_onset(sig, w, p, beta):
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(sig, w=w, x=R(1, 2), depth=20)
    assert r.regime == "aw=1" and r.onset.proved and r.p == p
    with mp.workdps(60):
        b = mp.mpf(sp.N(beta, 70))
        assert abs(r.beta - b) <= mp.mpf(10) ** -40 * b
        f1 = sp.lambdify(Z, sp.diff(sig, Z), "mpmath")
        bound = mp.mpf(1) / 2 * f1(mp.mpf(sp.N(w, 70)) / 2)
    assert r.claims[0].status == "proved" and abs(r.bound_df_dw1(r.depth) - bound) < mp.mpf(10) ** -40


@pytest.mark.parametrize("c", [sp.log(3), sp.pi / 4, sp.E, sp.cbrt(3)])
@pytest.mark.parametrize("sign, verdict", [(1, "fails"), (-1, "holds")])
def test_held_r63a_kink_irrational(c, sign, verdict):
    from vgtheory.theorems.hypotheses import check_concave
    res = check_concave(_act(sp.tanh(Z) + sign * R(1, 10**40) * sp.Abs(Z - c)))
    assert res.verdict == verdict and res.method == "symbolic"
