"""Held-out red-team set 28a (symbolic side: Theorems 1/2, (H), check with hidden zeros), against dc0da8d:
inputs the package gets right, truth derived here (by construction, closed forms, or mpmath at two precisions).

Constructions (nothing copied from the package's output):
- 3 tanh(z/2): h(t) = t sigma'(t) = 3 u sech^2(u), u = t/2, peaks at u* with 2u tanh u = 1 (mpmath findroot);
  tau0 = 2 atanh(1/2) = log 3; at tau = 1.1 the sup is the peak 3 u* sech^2(u*), at tau = 10 it is h(10);
- tanh at depth 10^5, j = l - 10: tau = 5, g = 5 sech^2(5), bound (g/10)(2g)^10 (closed form);
- softsign plus a rational bump 3z^2/(1+z^4) or 30z^2/(1+z^6): h changes sign on [5, oo), so g(5) = sup |h| is
  |h(5)| (h increasing in |.| nowhere beyond) or an interior extremum, located by mpmath at 30 and 50 digits;
- softsign at w = 3/2 (z* = 1/3) with x = pi/3 -+ 10^-70, s = pi: x/s on either side of z* by construction;
- isru z/sqrt(1+z^2) at w = 2: z* = sqrt(3)/2, rho = w (1 + (w z*)^2)^(-3/2) = 1/4 (closed form); at x = sqrt(3)/2
  exactly the orbit stays at z*, df/dw_1 = x sigma'(w x) rho^(l-1) with equality;
- tanh at w = (sqrt 2 + 1)(sqrt 2 - 1) = 1 (unexpanded): regime aw = 1;
- z/(1+|z|^3)^(1/3) = z - z^4/3 + O(z^7) on z >= 0: at w = 1, p = 4, beta = 1/3; sigma' = (1+z^3)^(-4/3) > 0 and
  sigma'' = -4 z^2 (1+z^3)^(-7/3) <= 0 on [0, oo): (H) holds;
- isru + (449/1000) z^3/(1+z^4)^2: sigma'' > 0 near z = 1.543 (mpmath here): (H) must never hold;
- tanh z - 10^-30 (1 - sign(z^2 - 2)^2): a point defect at sqrt 2, not C^1 there: (H) never holds, and the
  four properties (which ignore a point: limits, a.e. derivative) all hold;
- c7 = cos(pi/7) - cos(2 pi/7) + cos(3 pi/7) - 1/2 = 0 exactly (classical identity): tanh z + c7 z is tanh, and
  (c7 + 10^-60) tanh z is sigmoid-type with a = 10^-60; neither may have a property fail;
- a C^1 odd piecewise quadratic clipped at +-2 (sigma = 1 on z > 2): at w = 4, z* = 1 and rho = 0 by construction.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.theorems import hypotheses
from vgtheory.theorems.gsup import g_sup
from vgtheory.theorems.theorem1 import theorem1
from vgtheory.theorems.theorem2 import theorem2

# Held-out sets run with the slow regression tests.
pytestmark = pytest.mark.slow

SOFTSIGN = "z/(1+Abs(z))"
ISRU = "z/sqrt(1+z**2)"
C7 = "(cos(pi/7) - cos(2*pi/7) + cos(3*pi/7) - 1/2)"


def _rel(a, b):
    return abs(mpmath.mpf(a) - mpmath.mpf(b)) / abs(mpmath.mpf(b))


def _two_precisions(fn):
    """fn() at 30 and 50 digits; they must agree to 25 digits."""
    with mpmath.workdps(30):
        v30 = fn()
    with mpmath.workdps(50):
        v50 = fn()
    assert _rel(v30, v50) < mpmath.mpf("1e-25")
    return v50


# ---------------------------------------------------------------- Theorem 1


def test_t1_tanh_form_peak_inside():
    def truth():
        u = mpmath.findroot(lambda u: 2 * u * mpmath.tanh(u) - 1, mpmath.mpf("1.2"))
        return 3 * u * mpmath.sech(u) ** 2
    g = _two_precisions(truth)
    r = theorem1("3*tanh(x/2)", c="0.11", W=10, depth=10, dps=30)
    assert r.g.method == "symbolic"
    assert _rel(r.g.value, g) < mpmath.mpf("1e-13")
    assert _rel(r.tau0, mpmath.log(3)) < mpmath.mpf("1e-13")
    assert _rel(r.bound_df, (g / 10) * (2 * g / 3) ** 9) < mpmath.mpf("1e-13")
    assert r.actual_df <= r.bound_df


def test_t1_tanh_form_tail():
    with mpmath.workdps(40):
        g = 15 * mpmath.sech(5) ** 2  # h(10) = 10 * (3/2) sech^2(5)
    r = theorem1("3*tanh(x/2)", c=1, W=10, depth=10, dps=30)
    assert _rel(r.g.value, g) < mpmath.mpf("1e-13")


def test_t1_tanh_deep_tail_bound():
    with mpmath.workdps(40):
        g = 5 * mpmath.sech(5) ** 2
        want = (g / 10) * (2 * g) ** 10
    r = theorem1("tanh(x)", c=1, W=10, depth=100000, j=99990, dps=30)
    assert _rel(r.bound_df, want) < mpmath.mpf("1e-13")
    assert 0 < r.actual_df <= r.bound_df


@pytest.mark.parametrize("bump,start", [("3*z**2/(1+z**4)", None), ("30*z**2/(1+z**6)", "9.04")])
def test_t1_g_of_sign_changing_h(bump, start):
    z = sp.Symbol("z")
    sig = z / (1 + z) + sp.sympify(bump, locals={"z": z})
    h = sp.lambdify(z, z * sp.diff(sig, z), "mpmath")
    hp = sp.lambdify(z, sp.diff(z * sp.diff(sig, z), z), "mpmath")

    def truth():
        if start is None:
            return abs(h(mpmath.mpf(5)))
        t = mpmath.findroot(hp, mpmath.mpf(start))
        return max(abs(h(t)), abs(h(mpmath.mpf(5))))
    g = _two_precisions(truth)
    r = g_sup(SOFTSIGN + " + " + bump, 5, dps=30)
    assert r.method in ("symbolic", "numeric")
    assert _rel(r.value, g) < mpmath.mpf("1e-9")


# ---------------------------------------------------------------- Theorem 2


@pytest.mark.parametrize("sign,direction", [(1, "upper"), (-1, "lower")])
def test_t2_side_with_pi_scale(sign, direction):
    x = sp.pi / 3 + sign * sp.Rational(1, 10**70)
    r = theorem2(SOFTSIGN, w=sp.Rational(3, 2), x=x, s=sp.pi, depth=10, dps=15)
    assert _rel(r.z_star, mpmath.mpf(1) / 3) < mpmath.mpf("1e-14")
    text = str(r)
    want = "df/dw_1 <= " if direction == "upper" else "df/dw_1 >= "
    other = "df/dw_1 >= " if direction == "upper" else "df/dw_1 <= "
    assert f"[proved] {want}" in text
    assert f"[proved] {other}" not in text


def test_t2_isru_closed_form_fixed_point():
    r = theorem2(ISRU, w=2, x=1, depth=10, dps=30)
    assert r.regime == "aw>1"
    assert _rel(r.z_star, mpmath.sqrt(3) / 2) < mpmath.mpf("1e-13")
    assert _rel(r.rho, mpmath.mpf(1) / 4) < mpmath.mpf("1e-13")


def test_t2_isru_on_fixed_point_exact_equality():
    x = sp.sqrt(3) / 2
    r = theorem2(ISRU, w=2, x=x, depth=10, dps=30)
    with mpmath.workdps(40):
        xv = mpmath.sqrt(3) / 2
        bound = xv * (1 + (2 * xv) ** 2) ** mpmath.mpf(-1.5) * mpmath.mpf(1) / 4 ** 9
    assert _rel(r.actual_df_dw1, bound) < mpmath.mpf("1e-13")


def test_t2_unit_product_is_aw_one():
    w = (sp.sqrt(2) + 1) * (sp.sqrt(2) - 1)
    assert not isinstance(w, sp.Integer)  # unexpanded: the package must see that it is 1
    r = theorem2("tanh(x)", w=w, x=1, depth=10, dps=15)
    assert r.regime == "aw=1"


def test_t2_onset_order_four():
    r = theorem2("x/(1+Abs(x)**3)**(1/3)", w=1, x=1, depth=100, dps=30)
    assert r.regime == "aw=1"
    assert r.p == 4
    assert _rel(r.beta, mpmath.mpf(1) / 3) < mpmath.mpf("1e-13")
    assert "(H) sigma(0)=0, bounded, C^1 on (0, oo), increasing and concave on [0, oo): holds" in str(r)


def test_t2_flat_piece_rho_zero():
    f = "Piecewise((-1, x < -2), (x + x**2/4, x < 0), (x - x**2/4, x <= 2), (1, True))"
    r = theorem2(f, w=4, x=1, depth=10, dps=30)
    assert r.regime == "aw>1"
    assert _rel(r.z_star, 1) < mpmath.mpf("1e-13")
    assert r.rho == 0
    # sigma' = 0 on (2, oo): "sigma' > 0" is false there, so (H) may never hold
    assert ": holds (symbolic); sigma(0) = 0" not in str(r).split("(H)")[1][:120]


# ---------------------------------------------------------------- (H) and check


def test_H_radical_plus_rational_convex_window():
    f = "x/sqrt(1+x**2) + 449/1000*x**3/(1+x**4)**2"
    z = sp.Symbol("z")
    sig = z / sp.sqrt(1 + z**2) + sp.Rational(449, 1000) * z**3 / (1 + z**4) ** 2
    s2 = sp.lambdify(z, sp.diff(sig, z, 2), "mpmath")
    assert _two_precisions(lambda: s2(mpmath.mpf("1.543"))) > 0
    H = hypotheses.hypothesis_H(activation(f))
    assert H.verdict != "holds"


def test_H_point_defect_at_sqrt2():
    f = "tanh(z) - 10**-30*(1-sign(z**2-2)**2)"
    H = hypotheses.hypothesis_H(activation(f))
    assert H.verdict != "holds"
    rep = vgtheory.check(f, signal=False, theorems=False)
    for p in rep.properties.values() if isinstance(rep.properties, dict) else rep.properties:
        assert p.verdict == "holds", p


def test_check_hidden_zero_linear_term():
    rep = vgtheory.check(f"tanh(x) + {C7}*x", signal=False, theorems=False)
    props = rep.properties.values() if isinstance(rep.properties, dict) else rep.properties
    assert all(p.verdict != "fails" for p in props)


def test_check_hidden_zero_exp_term():
    rep = vgtheory.check(f"tanh(x) + {C7}*exp(x)", signal=False, theorems=False)
    props = rep.properties.values() if isinstance(rep.properties, dict) else rep.properties
    assert all(p.verdict != "fails" for p in props)


def test_check_hidden_zero_plus_tiny_slope():
    rep = vgtheory.check(f"({C7} + 10**-60)*tanh(x)", signal=False, theorems=False)
    assert rep.sigmoid_type is True
    props = rep.properties.values() if isinstance(rep.properties, dict) else rep.properties
    assert all(p.verdict == "holds" for p in props)


# ---------------------------------------------------------------- findings


def test_R28a_1_theorem2_large_s_depth_10000_is_bounded():
    """R28a-1 (ERROR): theorem2 of softsign at w = 2, x = 1, s = 1e300, depth 10,000 ran past 130 s (the same call
    with s = 1 takes about 7 s, with x = 1e-300 and s = 1 about 13 s): every scaled layer's tiny argument w z/s sits
    beside softsign's kink at 0 and is followed with exact Fractions (chain_kinks.side_slopes). Bounded here at 20 s."""
    import os
    import subprocess
    import sys
    code = ("from vgtheory.theorems.theorem2 import theorem2; "
            "r = theorem2('x/(1+Abs(x))', w=2, x=1, s='1e300', depth=10000, dps=15); print(r.regime)")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=20)
    assert out.returncode == 0 and "aw>1" in out.stdout
