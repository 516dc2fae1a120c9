"""Held-out tests of red team R57a (symbolic soundness against 6c9998f): the exact chart of set_order (Or / And /
Ne / Eq / Not conditions, transcendental ends beside rational ones, user unions touching or 10^-130 apart), the shape
checks' breach points and single points, Max windows solved exactly, and Abs forms whose two kinks are 10^-150 apart.

Findings (fixed in session 30; no xfail left): R57a-1 (crash): sigma = tanh(z + |z - pi| - |z - q| + q - pi), q the 150-digit rational
str(N(pi, 150)) (q - pi = 1.5e-150 > 0): check_increasing and hypothesis_H raise sympy's TypeError ("cannot
determine truth value of Relational: pi < q") from theorems/hypotheses.py _on_half_line (e.rewrite(sp.Piecewise)
orders pi against q by evalf); vgtheory.check and the CLI print "(theorems could not be computed: internal error
TypeError ...)" in place of the Theorem 1/2 section. A Piecewise whose condition is |z - pi| + |z - q| < 10^-140
crashes the same way.

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at 400 digits.
"""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp

Z = sp.Symbol("z", real=True)
R = sp.Rational
PI = sp.pi
# q: pi rounded to 150 significant digits, as a rational. mpmath at 400 digits: q - pi = 1.5188825497e-150 > 0.
Q = sp.Rational(str(sp.N(sp.pi, 150)))

# g(z) = z + |z - pi| - |z - q| + q - pi is continuous and piecewise linear with slopes 1 (z < pi), 3 (pi < z < q)
# and 1 (z > q), so g is strictly increasing, g(0) = 0 + pi - q + q - pi = 0, and sigma = tanh(g) is strictly
# increasing, bounded, sigma(0) = 0, sigma'(0) = 1. It is NOT concave on [0, oo): at z = pi the slope goes from
# sech^2(g(pi)) to 3 sech^2(g(pi)) (a convex kink), and not C^1 there. So: increasing holds; (H) fails (concave
# fails and C^1 fails); Theorem 1 and Theorem 2 do not apply. The package must say so (or be inconclusive), in a
# verdict, not a TypeError.
SIGMA_1 = sp.tanh(Z + sp.Abs(Z - PI) - sp.Abs(Z - Q) + Q - PI)

# |z - pi| + |z - q| < 10^-140 holds exactly on ((pi + q)/2 - h, (pi + q)/2 + h), h = (10^-140 - (q - pi))/2 > 0
# (q - pi = 1.5e-150 < 10^-140): a window where sigma = tanh z + 1, so sigma jumps down by 1 at its right end:
# not increasing.
SIGMA_1B = sp.Piecewise((sp.tanh(Z) + 1, sp.Abs(Z - PI) + sp.Abs(Z - Q) < R(1, 10**140)), (sp.tanh(Z), True))


def _qpi(dps: int = 400) -> mpmath.mpf:
    with mpmath.workdps(dps):
        return mpmath.mpf(Q.p) / Q.q - mpmath.pi


@pytest.mark.slow
def test_oracle_r57a_1_q_right_of_pi():
    d = _qpi()
    assert mpmath.mpf("1e-151") < d < mpmath.mpf("1e-149")
    # the window of SIGMA_1B is nonempty: 10^-140 > q - pi
    assert d < mpmath.mpf("1e-140")
    # slopes of g on the three pieces, from the definition of |.|, at points of each piece (400 digits)
    with mpmath.workdps(400):
        pi, q = mpmath.pi, mpmath.mpf(Q.p) / Q.q

        def g(t):
            return t + abs(t - pi) - abs(t - q) + q - pi

        assert g(mpmath.mpf(0)) == 0
        mid = (pi + q) / 2
        h = (q - pi) / 4
        assert mpmath.almosteq((g(mid + h) - g(mid - h)) / (2 * h), 3, 1e-100)
        assert mpmath.almosteq((g(pi - 1) - g(pi - 2)), 1, 1e-100)
        assert mpmath.almosteq((g(q + 2) - g(q + 1)), 1, 1e-100)


@pytest.mark.slow
def test_r57a_1_increasing_no_traceback():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(activation(SIGMA_1))
    assert r.verdict in ("holds", "inconclusive")


@pytest.mark.slow
def test_r57a_1_hypothesis_h_no_traceback():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import hypothesis_H
    r = hypothesis_H(activation(SIGMA_1))
    assert r.verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_r57a_1_theorem2_clear_error():
    # Theorem 2 does not apply (sigma is not concave on [0, oo): convex kink at pi). theorem1 answers this kind of
    # input with one VGTheoryError ("Theorem 1 does not apply ..."); theorem2 must answer with a result or such an error.
    from vgtheory.core.activations import activation
    from vgtheory.errors import VGTheoryError
    from vgtheory.theorems.theorem2 import theorem2
    try:
        theorem2(activation(SIGMA_1), w=2, x=1, depth=5)
    except VGTheoryError:
        pass


@pytest.mark.slow
def test_r57a_1_report_theorems_computed():
    import vgtheory
    txt = vgtheory.check(SIGMA_1, signal=False, timeout=30).full_text()
    assert "internal error" not in txt and "TypeError" not in txt


# The same crash through Max and sign: g = z + Max(0, z - pi) - Max(0, z - q) has slopes 1, 2, 1 (pi < q), and
# g = z + sign(z - pi)(z - pi) - sign(z - q)(z - q) + q - pi is SIGMA_1's argument (x sign(x) = |x|): both strictly
# increasing, g(0) = 0; tanh(g) is strictly increasing.
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["max", "sign"])
def test_r57a_1_increasing_max_sign_no_traceback(kind):
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    g = {"max": Z + sp.Max(0, Z - PI) - sp.Max(0, Z - Q),
         "sign": Z + sp.sign(Z - PI) * (Z - PI) - sp.sign(Z - Q) * (Z - Q) + Q - PI}[kind]
    r = check_increasing(activation(sp.tanh(g)))
    assert r.verdict in ("holds", "inconclusive")


@pytest.mark.slow
def test_r57a_1_increasing_window_condition_no_traceback():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(activation(SIGMA_1B))
    assert r.verdict in ("fails", "inconclusive")


# ---- probes that held (cheap) ----

@pytest.mark.slow
def test_held_c1_max_kink_at_pi_fails():
    # g = z + Max(0, z - pi) - Max(0, z - q): sigma'(pi-) = sech^2(pi), sigma'(pi+) = 2 sech^2(pi): not C^1 at pi.
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    r = sm.check_c1(activation(sp.tanh(Z + sp.Max(0, Z - PI) - sp.Max(0, Z - Q))))
    assert r.verdict in ("fails", "inconclusive")


@pytest.mark.slow
def test_held_concave_kink_at_pi_fails():
    # SIGMA_1 has a convex kink at pi (slope x3 from the right): concave fails, and says so symbolically.
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_concave
    r = check_concave(activation(SIGMA_1))
    assert r.verdict in ("fails", "inconclusive")


@pytest.mark.slow
@pytest.mark.parametrize("case", ["A0pi", "B0pi", "Api4", "Bpi4", "gap_union", "closed_union"])
def test_held_continuity_at_closed_ends(case):
    # A = tanh z for z <= pi, tanh z + 1 beyond (sigma(pi) = tanh pi): continuous on [0, pi], not on [pi, 4].
    # B = tanh z for z < pi, tanh z + 1 from pi on (sigma(pi) = tanh pi + 1): the reverse.
    # On (0, pi) U (pi, 4) A is continuous (pi not in the set); on [0, pi] U (pi, 4) = [0, 4) it is not.
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    t = sp.tanh(Z)
    a = sp.Piecewise((t, Z <= PI), (t + 1, True))
    b = sp.Piecewise((t, Z < PI), (t + 1, True))
    table = {
        "A0pi": (a, sp.Interval(0, PI), "holds"),
        "B0pi": (b, sp.Interval(0, PI), "fails"),
        "Api4": (a, sp.Interval(PI, 4), "fails"),
        "Bpi4": (b, sp.Interval(PI, 4), "holds"),
        "gap_union": (a, sp.Union(sp.Interval.open(0, PI), sp.Interval.open(PI, 4), evaluate=False), "holds"),
        "closed_union": (a, sp.Union(sp.Interval(0, PI), sp.Interval.open(PI, 4), evaluate=False), "fails"),
    }
    f, where, truth = table[case]
    r = sm.check_continuous(activation(f), where)
    assert r.verdict in (truth, "inconclusive")


@pytest.mark.slow
def test_held_or_eq_window_fails():
    # Or(Eq(z, 1), z < 1 - 10^-130, z > 1) leaves [1 - 10^-130, 1) out: sigma = tanh z + 1 there, a jump.
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    t = sp.tanh(Z)
    f = sp.Piecewise((t, sp.Or(sp.Eq(Z, 1), Z < 1 - R(1, 10**130), Z > 1)), (t + 1, True))
    assert sm.check_continuous(activation(f)).verdict in ("fails", "inconclusive")
