"""Held-out tests of red team R65a (symbolic soundness of the gap points, windows the samples miss, Theorem 2's proved
claims; against fd2ea85): core/algebraic_points.gap_points and sign_sets.empty_or_breach's fallback on relations that
no exact form reads (a nested radical; a transcendental function tangent to a line), and Theorem 2's z*, rho and
rho_text at aw = 1 + 10^-30, at a huge scale, and with x/s below z*.

Findings (session 34: R65a-2 and R65a-3 fixed, R65a-1 open. R65a-2: where no sign change of the relation is read,
core/algebraic_points proposes its critical points (the roots of its derivative, exact or scanned); R65a-3: the gap-point
fallback runs whenever no breach was found in solveset's answer, with three steps' time. Session 35: R65a-1 fixed,
nested roots are eliminated outermost first, their radicands written in the inner roots' symbols):
- R65a-1 (wrong: false numeric holds; a nested radical): sigma = G(r) - G(sqrt 2), r = sqrt(1 + sqrt(z^2 + 1)),
  G(u) = u^3/3 - (2a + e) u^2/2 + a(a + e) u, a = 1573/1000, e = 10^-40 and 10^-150, so that
  sigma' = (r - a)(r - a - e) r'(z). check_increasing says "holds (numeric)" (0.3 s). Truth (by construction): r is
  continuous and strictly increasing on z > 0 (r' = z/(2 r sqrt(z^2 + 1)) > 0) from sqrt 2 < a to oo, so r takes every
  value in (a, a + e) on a nonempty open z-window (about 0.23 e wide at z = 1.083), where sigma' < 0; checked below at a
  rational point with mpmath at 400 digits, on sigma as written (mpmath's own derivative of the lambdified sigma).
  Where: sympy writes r^2 as 1 + sqrt(z^2 + 1), so sigma' is one sum that sympy's factor does not split into the two
  factors; _algebraic_spans refuses nested roots (returns None); _one_monotone reads no Function; the one factor is
  then scanned on the 1/16 grid, where its two roots (e apart, a double-root-like dip) show no sign change (traced:
  solveset gives None; gap_points proposes only -1 and 1); no point is near the window and the samples miss it. The same sigma with one radical (r = sqrt(z^2 + 1) + 1, a = 2573/1000)
  is "fails (symbolic)" with a true breach (held below). The honest verdict without a point would be "inconclusive".
- R65a-2 (wrong: false numeric holds; a convex transcendental tangent to a line, one factor with two close roots):
  sigma = e^z - 1 - 3z^2/2 - 3bz, b the k-digit decimal just above 1 - log 3 (k = 40, 100), so sigma' = e^z - 3z - 3b.
  check_increasing says "holds (numeric)" (0.1 s for k = 40). Truth (plain algebra): sigma'(log 3) = 3 - 3 log 3 - 3b
  = 3(1 - log 3 - b) < 0 as b > 1 - log 3; sigma' is negative on a window about log 3 of width about 2 sqrt(2 (b - (1 -
  log 3))) ~ 10^-20 (k = 40), checked at a rational point within 10^-(2k+20) of log 3 with mpmath at 3k + 60 digits.
  Where (traced): sign_sets._solved gives None (solveset gives up), so gap_breach runs, but gap_points returns None:
  _algebraic_spans refuses the opaque exp beside z, _one_monotone needs g rational in ONE F(az + b) (z stands beside
  e^z), and sympy's factor leaves one factor, so _spans stops at "len(factors) < 2" before any scan (the R64a-1 scan
  runs only on the factors of a product; even there, its docstring admits that two roots of one factor closer than the
  grid step 1/16 are missed). No point is proposed; the samples miss a window 10^-20 wide (k = 40, a plain 40-digit
  input; sigma'(1) = e - 3 - 3b > 0, so no plain sample hits it). The same for check_concave of
  -(e^z - 1 - z - z^3/2 - 3bz^2/2) (sigma'' = -(e^z - 3z - 3b) > 0 on that window): "holds (numeric)". Not listed in docs/check.md "Known open findings".
- R65a-3 (wrong: false numeric holds; erf near 1): sigma = G(erf z) - G(0) (G as in R65a-1), c = 1 - 10^-100,
  e = 10^-200, so sigma' = (erf z - c)(erf z - c - e)(2/sqrt(pi)) e^(-z^2). check_increasing says "holds (numeric)"
  (1.5 s). Truth (by construction): erf is continuous and strictly increasing from 0 to 1 > c + e, so erf z lies in
  (c, c + e) on a window near z = 15.0656 (width 3.3e-102, mpmath), where sigma' < 0; checked at a rational point with
  mpmath at 1200 digits, also on sigma as written. With c = 1 - 10^-20, e = 10^-40 the package finds the breach
  (fails, symbolic); tanh in place of erf at k = 100 is found too. Where (traced): memo.solveset answers the exact,
  right Interval(erfinv(c), erfinv(c + e)); sign_sets.empty_or_breach then asks _points for a rational point near its
  midpoint, but kernel.enclose(mid, 132 bits) is None (so the loop breaks at once), and at 432 / 1630 bits it is only
  [15.0655747025926 +/- 4.58e-14] (the erfinv enclosure does not tighten with the precision asked), far wider than the
  3.3e-102 window; mid is not rational, so no point is tried; and since the answer holds no ConditionSet, the gap
  fallback is not run, though gap_points does propose 15.0655747... inside the window, where the kernel proves
  sigma' = -7.549e-500 < 0 (4096 bits). The samples then decide.

Held (passing tests below):
- sigma = G(sqrt(z^2 + 1) + 1) - G(2) (one radical, a = 2573/1000, e = 10^-40): fails (symbolic), and the witness t is a
  true breach (exact rational check: (a - 1)^2 <= t^2 + 1 <= (a + e - 1)^2).
- The same with a = 1573/1000 (r = sqrt(z^2 + 1) + 1 >= 2 > a + e: no window): holds (symbolic), right.
- Theorem 2 (aw > 1): tanh z at w = 1 + 10^-30, x = 1/2 (z* = 1.7320508e-15, rho = 1 - 2.0e-30, text "1 - 2.0e-30");
  10^60 tanh(z/10^60) at w = 2, x = 10^61; atan z at w = 3/2, x = 9/10 (x/s below z*: two-phase prediction, no proved
  upper bound claimed from above): z* and rho equal mpmath's at 120 digits, from_above right.
- Theorem 2, tanh z, w = 2, x = z* -+ 10^-70, 10^-120, 10^-250 (z* from mpmath at 300 digits): from_above right each
  time; below z* the proved bound is "df/dw_1 >=", above "<=" with log_(aw)(s z*/x) = -1.5067e-70 etc. (= ln(z*/x)/ln 2).
- G(F z) - G(F 0) with c + e above sup F (F = erf, tanh: c = 1 - 10^-30, e = 2 10^-30; atan: c = pi/2 - 10^-30): sigma' < 0
  wherever F z > c; fails (symbolic), witness a true breach (mpmath, 100 digits); erf with c = 1 (erf z < 1 = c < c + e,
  sigma' > 0): holds (symbolic), right; tanh with c = 1 - 10^-300, e = 10^-600: fails (symbolic), witness near 345.73.
- kernel.sign of principal roots of negative rationals ((-1/8)^(1/3) - 1/4, 3 + (-8)^(1/3), atan(2 (-1)^(1/3))): None
  (no sign of a complex number), right.

Every truth is derived independently of the package, by construction (worked in the comments), plain algebra, or
mpmath at >= 120 digits (stated where used).
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


def _G(a, e):
    return lambda u: u**3 / 3 - (2 * a + e) * u**2 / 2 + a * (a + e) * u


def _nested(a, e):
    r = sp.sqrt(1 + sp.sqrt(Z**2 + 1))
    G = _G(a, e)
    return G(r) - G(sp.sqrt(2))


def _single(a, e):
    r = sp.sqrt(Z**2 + 1) + 1
    G = _G(a, e)
    return G(r) - G(2)


# ---------------------------------------------------------------------------------------------------------------
# R65a-1. By construction: sigma' = G'(r) r' = (r - a)(r - a - e) r', r' > 0 on z > 0, r(0) = sqrt 2 < a, r -> oo.
@pytest.mark.parametrize("k", [40, 150])
def test_oracle_r65a_1_window(k):
    a, e = R(1573, 1000), R(1, 10**k)
    assert a**2 > 2  # a > sqrt 2 = r(0+)
    with mp.workdps(400):
        am, em = mp.mpf(a.p) / a.q, mp.mpf(e.p) / e.q
        rm = am + em / 2  # r = a + e/2: s = r^2 - 1 = sqrt(z^2 + 1), z = sqrt(s^2 - 1)
        zm = mp.sqrt((rm**2 - 1) ** 2 - 1)
        t = R(int(mp.nint(zm * mp.mpf(10) ** (k + 40))), 10 ** (k + 40))  # a rational within 10^-(k+40) of it
        tm = mp.mpf(t.p) / t.q
        r = mp.sqrt(1 + mp.sqrt(tm**2 + 1))
        assert am < r < am + em  # inside the window
        dr = tm / (2 * r * mp.sqrt(tm**2 + 1))
        slope = (r - am) * (r - am - em) * dr
        assert slope < -(em**2) / 100
        # sigma as written has this derivative there (mpmath's numeric derivative, independent of the package)
        g = sp.lambdify(Z, _nested(a, e), "mpmath")
        assert abs(mp.diff(g, tm) - slope) < abs(slope) / 1000


@pytest.mark.parametrize("k", [40, 150])
def test_r65a_1_nested_radical_window(k):
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_nested(R(1573, 1000), R(1, 10**k)))).verdict != "holds"


def test_held_r65a_1_single_radical_found():
    from vgtheory.theorems.hypotheses import check_increasing
    a, e = R(2573, 1000), R(1, 10**40)
    res = check_increasing(_act(_single(a, e)))
    assert res.verdict == "fails" and res.method == "symbolic"
    t = R(res.witness["t"])
    # sigma'(t) = (r - a)(r - a - e) r'(t), r = sqrt(t^2 + 1) + 1, r' > 0: <= 0 iff a <= r <= a + e (r > 0)
    assert t > 0 and (a - 1) ** 2 <= t**2 + 1 <= (a + e - 1) ** 2


def test_held_r65a_1_single_radical_no_window():
    # r = sqrt(z^2 + 1) + 1 > 2 > a + e on z > 0: sigma' = (r - a)(r - a - e) r' > 0, increasing holds
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_single(R(1573, 1000), R(1, 10**40)))).verdict == "holds"


# ---------------------------------------------------------------------------------------------------------------
# R65a-2. sigma' = e^z - 3z - 3b, b just above 1 - log 3: sigma'(log 3) = 3(1 - log 3 - b) < 0.
def _b(k):
    with mp.workdps(k + 40):
        return R(int(mp.floor((1 - mp.log(3)) * mp.mpf(10) ** k)) + 1, 10**k)


def _tangent(k):
    b = _b(k)
    return b, sp.exp(Z) - 1 - 3 * Z**2 / 2 - 3 * b * Z


@pytest.mark.parametrize("k", [40, 100])
def test_oracle_r65a_2_window(k):
    b, sig = _tangent(k)
    with mp.workdps(3 * k + 60):
        bm = mp.mpf(b.p) / b.q
        assert 1 - mp.log(3) < bm  # b lies above 1 - log 3
        t = R(int(mp.nint(mp.log(3) * mp.mpf(10) ** (2 * k + 20))), 10 ** (2 * k + 20))
        tm = mp.mpf(t.p) / t.q
        slope = mp.exp(tm) - 3 * tm - 3 * bm
        assert slope < 0 and t > 0
        g = sp.lambdify(Z, sig, "mpmath")
        assert abs(mp.diff(g, tm) - slope) < abs(slope) / 1000
        assert mp.e - 3 - 3 * bm > 0  # sigma'(1) > 0: the plain sample at 1 sees nothing


@pytest.mark.parametrize("k", [40, 100])
def test_r65a_2_tangent_window(k):
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_tangent(k)[1])).verdict != "holds"


# ---------------------------------------------------------------------------------------------------------------
# R65a-3. sigma' = G'(erf z) erf'(z) = (erf z - c)(erf z - c - e)(2/sqrt(pi)) e^(-z^2).
def _erf_sigma(k):
    c, e = 1 - R(1, 10**k), R(1, 10 ** (2 * k))
    G = _G(c, e)
    return c, e, G(sp.erf(Z)) - G(sp.erf(sp.S(0)))


@pytest.mark.slow
def test_oracle_r65a_3_window():
    c, e, sig = _erf_sigma(100)
    with mp.workdps(1200):
        cm, em = mp.mpf(c.p) / c.q, mp.mpf(e.p) / e.q
        zm = mp.erfinv(cm + em / 2)
        t = R(int(mp.nint(zm * mp.mpf(10) ** 150)), 10**150)  # within 10^-150 of it; the window is 3.3e-102 wide
        tm = mp.mpf(t.p) / t.q
        u = 1 - mp.erfc(tm)
        assert cm < u < cm + em
        slope = (u - cm) * (u - cm - em) * 2 / mp.sqrt(mp.pi) * mp.exp(-tm**2)
        assert slope < 0
        g = sp.lambdify(Z, sig, "mpmath")
        assert abs(mp.diff(g, tm) - slope) < abs(slope) / 1000


@pytest.mark.slow
def test_r65a_3_erf_window():
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(_act(_erf_sigma(100)[2])).verdict != "holds"


def test_r65a_2_tangent_window_concave():
    # sigma'' = -(e^z - 3z - 3b) > 0 on the window about log 3 (the oracle above): not concave
    from vgtheory.theorems.hypotheses import check_concave
    b = _b(40)
    sig = -(sp.exp(Z) - 1 - Z - Z**3 / 2 - 3 * b * Z**2 / 2)
    assert sp.expand(sp.diff(sig, Z, 2) + sp.exp(Z) - 3 * Z - 3 * b) == 0
    assert check_concave(_act(sig)).verdict != "holds"


# ---------------------------------------------------------------------------------------------------------------
# Theorem 2: z* solves sigma(w z) = z (z > 0), rho = w sigma'(w z*): mpmath at 120 digits.
_T2 = [
    ("tanh", lambda: sp.tanh(Z), lambda u: mp.tanh(u), lambda u: 1 / mp.cosh(u) ** 2, 1 + R(1, 10**30), R(1, 2), True),
    ("big", lambda: 10**60 * sp.tanh(Z / 10**60), lambda u: mp.mpf(10) ** 60 * mp.tanh(u / mp.mpf(10) ** 60),
     lambda u: 1 / mp.cosh(u / mp.mpf(10) ** 60) ** 2, R(2), R(10**61), True),
    ("atan", lambda: sp.atan(Z), mp.atan, lambda u: 1 / (1 + u**2), R(3, 2), R(9, 10), False),
]


@pytest.mark.parametrize("name,expr,f,fp,w,x,above", _T2, ids=[c[0] for c in _T2])
def test_held_theorem2_fixed_point(name, expr, f, fp, w, x, above):
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(expr(), w=w, x=x, depth=5)
    with mp.workdps(120):
        wm = mp.mpf(w.p) / w.q
        zt = mp.findroot(lambda z: f(wm * z) - z, mp.mpf(r.z_star))
        assert zt > 0 and abs(f(wm * zt) - zt) < abs(zt) * mp.mpf(10) ** -100
        rho = wm * fp(wm * zt)
        assert abs(r.z_star - zt) <= abs(zt) * mp.mpf(10) ** -40
        assert abs(r.rho - rho) <= mp.mpf(10) ** -40
        assert r.from_above == (mp.mpf(x.p) / x.q >= zt)
        assert r.from_above is above
    if name == "tanh":
        assert "1 - 2.0e-30" in str(r)  # 1 - rho = 2.0e-30 (w - 1 = 1e-30: rho = w sech^2(w z*) = 1 - 2(w - 1) + ...)
        with mp.workdps(120):
            assert abs((1 - rho) - mp.mpf(2) * mp.mpf(10) ** -30) < mp.mpf(10) ** -50


def test_held_kernel_principal_roots():
    from vgtheory import kernel
    from vgtheory.kernel import Deadline
    run = Deadline(5).run
    for x in (R(-1, 8) ** R(1, 3) - R(1, 4), sp.cbrt(R(-8)) + 3, sp.atan(sp.cbrt(R(-8))), R(-1, 8) ** R(2, 3) - R(1, 8)):
        assert kernel.sign(x, run) is None


@pytest.mark.parametrize("off", [-70, 70, -120, 120, -250, 250])
def test_held_theorem2_direction_near_z_star(off):
    from vgtheory.theorems.theorem2 import theorem2
    with mp.workdps(300):
        zs = mp.findroot(lambda z: mp.tanh(2 * z) - z, mp.mpf("0.95"))
        k = abs(off) + 30
        base = R(int(mp.floor(zs * mp.mpf(10) ** k)), 10**k)  # just below z*
        x = base - R(1, 10 ** abs(off)) if off < 0 else base + R(1, 10 ** abs(off))
        above = mp.mpf(x.p) / x.q >= zs
        assert above is (off > 0)
        r = theorem2(sp.tanh(Z), w=R(2), x=x, depth=5)
        assert r.from_above is above
        text = str(r)
        assert ("[proved] df/dw_1 <= " in text) is above and ("[proved] df/dw_1 >= " in text) is (not above)


@pytest.mark.parametrize("name", ["erf", "tanh", "atan"])
def test_held_saturating_factor(name):
    from vgtheory.theorems.hypotheses import check_increasing
    F, Fm, sup = {"erf": (sp.erf, mp.erf, 1), "tanh": (sp.tanh, mp.tanh, 1), "atan": (sp.atan, mp.atan, None)}[name]
    c = sp.pi / 2 - R(1, 10**30) if name == "atan" else 1 - R(1, 10**30)
    e = R(2, 10**30)
    G = _G(c, e)
    res = check_increasing(_act(G(F(Z)) - G(F(sp.S(0)))))
    assert res.verdict == "fails" and res.method == "symbolic"
    with mp.workdps(100):
        w = res.witness["t"].split()[0]  # "8.19", "37", or "1.26765060023e+30 (a binary fraction)": 2^100 shown to 12 digits
        t = mp.mpf(w) if "e" in w else mp.mpf(sp.Rational(w).p) / sp.Rational(w).q
        cm = mp.pi / 2 - mp.mpf(10) ** -30 if name == "atan" else 1 - mp.mpf(10) ** -30
        u = 1 - mp.erfc(t) if name == "erf" else Fm(t)
        assert t > 0 and cm < u < cm + 2 * mp.mpf(10) ** -30  # F(t) in (c, c + e): (F - c)(F - c - e) < 0, F' > 0


def test_held_erf_at_its_sup():
    # c = 1: erf z < 1 = c < c + e, so (erf - c)(erf - c - e) > 0 and erf' > 0: increasing holds
    from vgtheory.theorems.hypotheses import check_increasing
    G = _G(sp.Integer(1), R(1, 10**30))
    assert check_increasing(_act(G(sp.erf(Z)) - G(sp.S(0)))).verdict == "holds"
