"""Held-out tests of red team R56a (symbolic soundness against 7a339fe + f7c51ef): core/set_order.combined now
intersects the sets of an And in the kernel's exact order, but the set of an Or is STILL sympy's evaluated Union,
which merges (-oo, z2) and (c, oo) when its own low-precision comparison says c < z2. With z2 = 15 + atanh(r),
r the one real root of an increasing cubic near -1 + 10^-6 (so sympy's evalf of atanh loses digits), and c a
rational 10^-130 right of z2, the Union is Interval(-oo, oo): a Piecewise condition Or(P(tanh(z - 15)) < 0, z > c)
is taken as always true, and the window [z2, c] where sigma takes its other branch (a jump up of 1 and a jump down
of 1) vanishes from every exact check.

Findings (all fixed in session 30; no xfail left): R56a-1 (condition_set of the Or is the whole line; check_continuous / check_c1 /
check_increasing / check_concave "holds (symbolic)"; vgtheory.check prints "Theorem 1 ... applies" with
"sigma is C^1 on (0, oo): holds (symbolic)" and "Theorem 2 (many layers): applies - ...; (H) proved" with [proved]
conclusions resting on a false symbolic (H)).

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at 400 digits.
"""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp

Z = sp.Symbol("z", real=True)
U = sp.Symbol("U")
R = sp.Rational

# P(u) = (u - ra)(u^2 + 1) + 10^-65, ra = -1 + 10^-6. P'(u) = 3u^2 - 2 ra u + 1 has discriminant 4 ra^2 - 12 < 0,
# so P is strictly increasing with exactly one real root r ~ ra (a hair below it). Hence P(tanh(z - 15)) < 0
# exactly for z < z2 := 15 + atanh(r) ~ 7.745671380737952793. With c = z2 + 10^-130 (rational, 145 digits),
# Or(P(tanh(z - 15)) < 0, z > c) holds exactly on (-oo, z2) U (c, oo), and fails on [z2, c] (nonempty, width 1e-130).
# sigma = Piecewise((tanh z, cond), (tanh z + 1, True)) is therefore tanh z + 1 on [z2, c] and tanh z elsewhere:
# it jumps by +1 at z2 and by -1 at c (both > 0). Not continuous, not C^1 on (0, oo), not increasing on [0, oo)
# (sigma(z2) = tanh z2 + 1 > sigma(c+) = tanh(c+) up to 1e-130), not concave: (H) is false, and so is Theorem 1's
# hypothesis "sigma is C^1 on (0, oo)".
RA = -1 + R(1, 10**6)
SHIFT = 15
P = sp.expand((U - RA) * (U**2 + 1) + R(1, 10**65))


def _z2(dps: int = 400) -> mpmath.mpf:
    """z2 = 15 + atanh(r), r the real root of P, by mpmath's polyroots (no package code)."""
    with mpmath.workdps(dps):
        coeffs = [mpmath.mpf(sp.Rational(c).p) / sp.Rational(c).q for c in sp.Poly(P, U).all_coeffs()]
        roots = mpmath.polyroots(coeffs, maxsteps=2000, extraprec=4 * dps)
        real = [mpmath.re(r) for r in roots if abs(mpmath.im(r)) < mpmath.mpf(10) ** (-dps // 2)]
        assert len(real) == 1
        return SHIFT + mpmath.atanh(real[0])


def _switch() -> sp.Rational:
    with mpmath.workdps(400):
        return sp.Rational(mpmath.nstr(_z2() + mpmath.mpf(10) ** -130, 145))


def _cond() -> sp.Basic:
    return sp.Or(P.subs(U, sp.tanh(Z - SHIFT)) < 0, Z > _switch())


def _sigma() -> sp.Expr:
    return sp.Piecewise((sp.tanh(Z), _cond()), (sp.tanh(Z) + 1, True))


def _pf(u):
    ra = mpmath.mpf(-1) + mpmath.mpf(10) ** -6
    return (u - ra) * (u**2 + 1) + mpmath.mpf(10) ** -65


def test_oracle_r56a_1_gap():
    # 400 digits: c > z2 by ~1e-130; at the midpoint m of (z2, c) both parts of the Or are false (sigma = tanh m + 1);
    # just left of z2 the first part is true (sigma = tanh z): a jump of +1 at z2 > 0
    c = _switch()
    with mpmath.workdps(400):
        z2 = _z2()
        cm = mpmath.mpf(c.p) / c.q
        assert mpmath.mpf(10) ** -131 < cm - z2 < mpmath.mpf(10) ** -129
        m = (z2 + cm) / 2
        assert m < cm and _pf(mpmath.tanh(m - SHIFT)) > 0
        assert _pf(mpmath.tanh(z2 - mpmath.mpf(10) ** -100 - SHIFT)) < 0
        assert 7 < z2 < 8


@pytest.mark.slow
def test_r56a_1_condition_set_or_gap():
    from vgtheory.kernel.limits import condition_set
    assert condition_set(_cond()) != sp.S.Reals


@pytest.mark.slow
def test_r56a_1_continuous_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    assert sm.check_continuous(activation(_sigma())).verdict != "holds"


@pytest.mark.slow
def test_r56a_1_c1_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    assert sm.check_c1(activation(_sigma())).verdict != "holds"


@pytest.mark.slow
def test_r56a_1_increasing_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(activation(_sigma())).verdict != "holds"


@pytest.mark.slow
def test_r56a_1_concave_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_concave
    assert check_concave(activation(_sigma())).verdict != "holds"


@pytest.mark.slow
def test_r56a_1_theorems_apply_false():
    import vgtheory
    text = vgtheory.check(_sigma(), signal=False, timeout=30).full_text()
    assert "(H) proved" not in text
    assert "sigma is C^1 on (0, oo): holds (symbolic)" not in text


# R56a-2: no Or at all. cond2 = P(tanh(z - 15)) * (z - c) > 0: for z < z2 both factors are negative, for z > c both positive,
# on [z2, c] the product is <= 0 (P >= 0, z - c <= 0, with a zero at each end). So cond2 holds exactly on (-oo, z2) U (c, oo)
# (rational_set returns exactly that union, right), and sigma2 = Piecewise((tanh z, cond2), (tanh z + 1, True)) jumps by +1
# at z2 and by -1 at c, both in (7, 8) (the oracle above covers the same z2, c and the sign of P on each side).
def _sigma2() -> sp.Expr:
    cond = P.subs(U, sp.tanh(Z - SHIFT)) * (Z - _switch()) > 0
    return sp.Piecewise((sp.tanh(Z), cond), (sp.tanh(Z) + 1, True))


def test_oracle_r56a_2_product_sign():
    c = _switch()
    with mpmath.workdps(400):
        z2, cm = _z2(), mpmath.mpf(c.p) / c.q
        m = (z2 + cm) / 2
        assert _pf(mpmath.tanh(m - SHIFT)) * (m - cm) < 0  # cond2 false inside: sigma2(m) = tanh m + 1
        left = z2 - mpmath.mpf(10) ** -100
        assert _pf(mpmath.tanh(left - SHIFT)) * (left - cm) > 0  # cond2 true just left of z2: sigma2 = tanh z
        right = cm + mpmath.mpf(10) ** -100
        assert _pf(mpmath.tanh(right - SHIFT)) * (right - cm) > 0  # and just right of c


@pytest.mark.slow
def test_r56a_2_continuous_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    assert sm.check_continuous(activation(_sigma2())).verdict != "holds"


@pytest.mark.slow
def test_r56a_2_c1_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    assert sm.check_c1(activation(_sigma2())).verdict != "holds"


@pytest.mark.slow
def test_r56a_2_theorem1_applies_false():
    import vgtheory
    text = vgtheory.check(_sigma2(), signal=False, timeout=30).full_text()
    assert "sigma is C^1 on (0, oo): holds (symbolic)" not in text


@pytest.mark.slow
def test_r56a_2_increasing_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(activation(_sigma2())).verdict != "holds"


@pytest.mark.slow
def test_r56a_2_concave_false_symbolic():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_concave
    assert check_concave(activation(_sigma2())).verdict != "holds"


@pytest.mark.slow
def test_r56a_2_theorem2_h_proved_false():
    import vgtheory
    text = vgtheory.check(_sigma2(), signal=False, timeout=30).full_text()
    assert "(H) proved" not in text


# R56a-3: a union of two open intervals, (-oo, z2) and (c, oo), given exactly (z2 = 15 + atanh(CRootOf(P, 0)), unevaluated
# Union), and sigma3 = tanh z for z < m, tanh z + 1 for z >= m, m the rational midpoint of (z2, c): m is in the gap, so sigma3
# is tanh z on the whole first part and tanh z + 1 on the whole second: continuous (indeed C^oo) on the union. A "fails" at
# z = m names a point outside the set.
def _gap_union_and_sigma3():
    x = sp.Symbol("x")
    z2 = SHIFT + sp.atanh(sp.CRootOf(sp.Poly(P.subs(U, x), x), 0))
    c = _switch()
    with mpmath.workdps(400):
        m = sp.Rational(mpmath.nstr((_z2() + mpmath.mpf(c.p) / c.q) / 2, 160))
    where = sp.Union(sp.Interval.open(-sp.oo, z2), sp.Interval.open(c, sp.oo), evaluate=False)
    return where, m, sp.Piecewise((sp.tanh(Z), Z < m), (sp.tanh(Z) + 1, True))


def test_oracle_r56a_3_midpoint_in_gap():
    where, m, _ = _gap_union_and_sigma3()
    c = _switch()
    with mpmath.workdps(400):
        z2 = _z2()
        mm = mpmath.mpf(m.p) / m.q
        assert z2 < mm < mpmath.mpf(c.p) / c.q
        assert mm - z2 > mpmath.mpf(10) ** -132
        # the CRootOf end is the same real root the oracle uses
        r = sp.CRootOf(sp.Poly(P.subs(U, sp.Symbol("x")), sp.Symbol("x")), 0)
        assert abs(SHIFT + mpmath.atanh(mpmath.mpf(str(r.evalf(300)))) - z2) < mpmath.mpf(10) ** -250


@pytest.mark.slow
def test_r56a_3_continuous_on_gap_union_false_fails():
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    where, _, s = _gap_union_and_sigma3()
    assert sm.check_continuous(activation(s), where).verdict != "fails"


@pytest.mark.slow
def test_r56a_3_c1_on_gap_union_false_fails():
    from vgtheory.core.activations import activation
    from vgtheory.properties import smoothness as sm
    where, _, s = _gap_union_and_sigma3()
    assert sm.check_c1(activation(s), where).verdict != "fails"


# R56a-4/5/6: a decreasing window of width ~10^-e, well conditioned (roots near u = -1/2, far from -1).
# Q_e(u) = (u + 2)(u + 1/2)(u + 1/2 - 10^-e) + 10^-(2e + 50): at u_m = -1/2 + 10^-e/2 the middle product is -10^-2e/4 and
# u + 2 = 3/2, so Q_e(u_m) = -(3/8) 10^-2e + 10^-(2e+50) < 0. sigma_e = F_e(tanh(z - 15)), F_e' = Q_e: sigma_e'(z) =
# (1 - u^2) Q_e(u), u = tanh(z - 15), negative at z_m = 15 + atanh(u_m) ~ 14.45 > 0: sigma_e is NOT increasing on [0, oo).
def _sigma_e(e: int, centred: bool = False) -> sp.Expr:
    q = sp.expand((U + 2) * (U + R(1, 2)) * (U + R(1, 2) - R(1, 10**e)) + R(1, 10**(2 * e + 50)))
    f = sp.integrate(q, U)
    if centred:
        f = f - f.subs(U, sp.tanh(-15))  # sigma(0) = 0
    return f.subs(U, sp.tanh(Z - SHIFT))


@pytest.mark.parametrize("e", [300, 600])
def test_oracle_r56a_456_window(e):
    with mpmath.workdps(2 * e + 200):
        eps = mpmath.mpf(10) ** -e
        u = mpmath.mpf(-1) / 2 + eps / 2
        q = (u + 2) * (u + mpmath.mpf(1) / 2) * (u + mpmath.mpf(1) / 2 - eps) + mpmath.mpf(10) ** -(2 * e + 50)
        assert q < 0 and (1 - u**2) * q < 0
        assert 14 < SHIFT + mpmath.atanh(u) < 15


@pytest.mark.slow
def test_r56a_4_increasing_window_300_no_traceback():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    r = check_increasing(activation(_sigma_e(300)))
    assert r.verdict != "holds"


@pytest.mark.slow
def test_r56a_5_increasing_window_600_not_holds():
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    assert check_increasing(activation(_sigma_e(600))).verdict != "holds"


_R56A_6 = """
import sys, sympy as sp
sys.path.insert(0, 'tests')
import test_heldout_s56a as t
import vgtheory
vgtheory.check(t._sigma_e(300, centred=True), signal=False, timeout=30)
print('done')
"""


@pytest.mark.slow
def test_r56a_6_check_ends():
    import os
    import subprocess
    import sys
    env = dict(os.environ)
    env["PYTHONPATH"] = os.getcwd() + os.pathsep + env.get("PYTHONPATH", "")
    try:
        out = subprocess.run([sys.executable, "-c", _R56A_6], capture_output=True, text=True, timeout=55, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("vgtheory.check(timeout=30) did not end within 55 s")
    assert "done" in out.stdout


_R56A_6_SIMPLE = """
import sympy as sp
import vgtheory
Z = sp.Symbol('z', real=True); U = sp.Symbol('U')
F = U**4/4 + U**3/3 - U/7 + U
vgtheory.check((F - F.subs(U, sp.tanh(-15))).subs(U, sp.tanh(Z - 15)), signal=False, timeout=30)
print('done')
"""


@pytest.mark.slow
def test_r56a_6_check_ends_simple_quartic():
    import os
    import subprocess
    import sys
    env = dict(os.environ)
    env["PYTHONPATH"] = os.getcwd() + os.pathsep + env.get("PYTHONPATH", "")
    try:
        out = subprocess.run([sys.executable, "-c", _R56A_6_SIMPLE], capture_output=True, text=True, timeout=50, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("vgtheory.check(timeout=30) did not end within 50 s")
    assert "done" in out.stdout
