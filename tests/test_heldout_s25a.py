"""Held-out red-team set 25a (symbolic side: Theorem 2's proved claims, Theorem 1's constants, (H)): inputs the
package gets right at e6986d2, truth derived here.

Constructions (nothing copied from the package's output):
- softsign at w = 2: 2z/(1 + 2z) = z gives z* = 1/2, rho = 2/(1 + 2 z*)^2 = 1/2;
- z/sqrt(1 + z^2) at w = 2: sqrt(1 + 4z^2) = 2 gives z* = sqrt(3)/2, rho = 2 (1 + 4 z*^2)^(-3/2) = 1/4;
- tanh at w = log 3 (exact): tanh(log(3)/2) = (3 - 1)/(3 + 1) = 1/2, so z* = 1/2 and rho = log(3) (1 - 1/4);
  x = 1/2 -+ 1/100 is clearly below / above z*: the lower / upper bound;
- tanh at w = 2 against mpmath's root of tanh(2z) = z at 60 and 90 digits;
- atan at w = 2: z* root of atan(2z) = z (mpmath, two precisions), rho = 2/(1 + 4 z*^2);
- erf at w = sqrt(pi)/2 (exact): aw = 1, erf(u) = (2/sqrt(pi))(u - u^3/3 + ...) gives p = 3, beta = pi/12;
- 2 atan(z)/pi at w = (pi/2)(1 - 1e-30) (exact): aw < 1 decided symbolically;
- the scaling identity df_s/dw_1(x) = s df/dw_1(x/s) against an independent product-form chain;
- a Python callable: nothing is `proved`;
- Theorem 1: atan has tau0 = 1 (atan t >= pi/4 iff t >= 1) and g(tau) = tau/(1 + tau^2) for tau >= 1; tanh has
  tau0 = log(3)/2; softsign tau0 = 1; W below tau0/min(c, L/2) is refused;
- (H): logistic (sigma(0) = 1/2), tanh(z) + (tanh(4(z - 2)) + tanh 8)/2 (sigma'' > 0 at z = 1.8: planted convexity)
  never `holds (symbolic)`; tanh(z/3)*2 holds symbolically.
The last test records finding R25a-1 (xfail strict).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError
from vgtheory.theorems import hypotheses
from vgtheory.theorems.section import theorem1, theorem2

# Held-out sets run with the slow regression tests.
pytestmark = pytest.mark.slow


def _close(a, b, digits=12):
    with mpmath.workdps(60):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        return abs(a - b) <= mpmath.mpf(10) ** (-digits) * max(mpmath.mpf(1), abs(b))


def _claim(r, start):
    out = [c for c in r.claims if c.statement.startswith(start)]
    assert out, [c.statement for c in r.claims]
    return out[0]


def _root(f, start, dps):
    with mpmath.workdps(dps):
        return mpmath.findroot(f, start)


def test_softsign_w2_closed_form():
    r = theorem2("z/(1 + Abs(z))", w=2, x=1, depth=6)
    assert r.regime == "aw>1" and r.regime_method == "symbolic"
    assert _close(r.z_star, mpmath.mpf(1) / 2, 14) and _close(r.rho, mpmath.mpf(1) / 2, 14)
    assert r.bound_direction == "upper"  # x = 1 > 1/2


def test_algebraic_w2_closed_form():
    r = theorem2("z/sqrt(1 + z**2)", w=2, x=1, depth=6)
    assert _close(r.z_star, mpmath.sqrt(3) / 2, 14) and _close(r.rho, mpmath.mpf(1) / 4, 14)
    assert r.bound_direction == "upper"


@pytest.mark.parametrize("x, direction", [("49/100", "lower"), ("51/100", "upper")])
def test_tanh_log3_direction(x, direction):
    r = theorem2("tanh(z)", w=sp.log(3), x=x, depth=5)
    assert _close(r.z_star, mpmath.mpf(1) / 2, 14)
    with mpmath.workdps(60):
        assert _close(r.rho, mpmath.log(3) * mpmath.mpf(3) / 4, 14)
    assert r.bound_direction == direction
    c = r.claims[0]
    assert c.status == "proved" and c.statement.startswith("df/dw_1 " + ("<=" if direction == "upper" else ">="))
    # the inequality itself, on an independent chain at 60 digits
    with mpmath.workdps(60):
        w, xv = mpmath.log(3), mpmath.mpf(sp.Rational(x).p) / sp.Rational(x).q
        z, d = xv, xv * mpmath.sech(w * xv) ** 2
        z = mpmath.tanh(w * xv)
        for _ in range(4):
            d *= w * mpmath.sech(w * z) ** 2
            z = mpmath.tanh(w * z)
        bound = xv * mpmath.sech(w * xv) ** 2 * (w * mpmath.mpf(3) / 4) ** 4
        assert (d <= bound) if direction == "upper" else (d >= bound)


def test_tanh_w2_against_mpmath():
    r = theorem2("tanh(z)", w=2, x=1, depth=8)
    z60 = _root(lambda z: mpmath.tanh(2 * z) - z, 0.95, 60)
    z90 = _root(lambda z: mpmath.tanh(2 * z) - z, 0.95, 90)
    assert _close(z60, z90, 55)
    assert _close(r.z_star, z60, 14)
    with mpmath.workdps(60):
        assert _close(r.rho, 2 * mpmath.sech(2 * z60) ** 2, 14)
    assert all(c.status != "proved" or c.verdict != "fails" for c in r.claims)


def test_atan_w2_against_mpmath():
    r = theorem2("atan(z)", w=2, x=3, depth=6)
    z60 = _root(lambda z: mpmath.atan(2 * z) - z, 1.1, 60)
    z90 = _root(lambda z: mpmath.atan(2 * z) - z, 1.1, 90)
    assert _close(z60, z90, 55)
    assert _close(r.z_star, z60, 14)
    with mpmath.workdps(60):
        assert _close(r.rho, 2 / (1 + 4 * z60**2), 14)
    assert r.bound_direction == "upper"


def test_erf_aw1_onset():
    r = theorem2("erf(z)", w=sp.sqrt(sp.pi) / 2, x="1/2", depth=6)
    assert (r.regime, r.regime_method) == ("aw=1", "symbolic")
    assert r.p == 3
    with mpmath.workdps(60):
        assert _close(r.beta, mpmath.pi / 12, 14)


def test_scaled_atan_below_one():
    r = theorem2("2*atan(z)/pi", w=sp.pi / 2 * (1 - sp.Integer(10) ** -30), x="1/2", depth=6)
    assert (r.regime, r.regime_method) == ("aw<1", "symbolic")
    assert r.bound_direction == "upper"


def test_scaling_identity_numbers():
    s, x, w, l = 10, 5, 2, 5
    r = theorem2("tanh(z)", w=w, x=x, depth=l, s=s)
    with mpmath.workdps(60):
        xs = mpmath.mpf(x) / s
        d, z = xs * mpmath.sech(w * xs) ** 2, mpmath.tanh(w * xs)
        for _ in range(l - 1):
            d *= w * mpmath.sech(w * z) ** 2
            z = mpmath.tanh(w * z)
        assert _close(r.actual_df_dw1, s * d, 30)


def test_callable_never_proved():
    r = theorem2(lambda t: mpmath.tanh(t), w=2, x=1, depth=4)
    assert r.hypothesis_H.method != "symbolic" or r.hypothesis_H.verdict != "holds"
    assert all(c.status != "proved" or "exact identity" in c.detail for c in r.claims)


def test_theorem1_atan_constants():
    r = theorem1("atan(z)", c=1, W=3, depth=3)
    assert _close(r.tau0, 1, 14)
    with mpmath.workdps(60):
        tau = 3 * mpmath.pi / 4
        assert _close(r.tau, tau, 14)
        assert _close(r.g.value, tau / (1 + tau**2), 14)
        assert _close(r.bound_df, (r.g.value / 3) * (2 * r.g.value / (mpmath.pi / 2)) ** 2, 14)
    assert r.actual_df <= r.bound_df


def test_theorem1_tanh_tau0():
    r = theorem1("tanh(z)", c=1, W=4, depth=3)
    with mpmath.workdps(60):
        assert _close(r.tau0, mpmath.log(3) / 2, 14)
        tau = mpmath.mpf(2)  # W*min(1, 1/2)
        assert _close(r.g.value, tau * mpmath.sech(tau) ** 2, 14)


def test_theorem1_softsign_tau0_and_refusal():
    r = theorem1("z/(1 + Abs(z))", c=1, W=3, depth=2)
    assert _close(r.tau0, 1, 14)  # t/(1 + t) >= 1/2 iff t >= 1
    with pytest.raises(VGTheoryError):
        theorem1("z/(1 + Abs(z))", c=1, W="1.9", depth=2)  # tau = 1.9/2 < 1


def test_H_logistic_not_proved():
    r = hypotheses.hypothesis_H(activation("1/(1 + exp(-z))"))
    assert not (r.verdict == "holds" and r.method == "symbolic")
    assert r.verdict == "fails"


def test_H_planted_convexity_not_proved():
    f = "tanh(z) + (tanh(4*(z - 2)) + tanh(8))/2"  # sigma(0) = 0, bounded, increasing
    with mpmath.workdps(30):
        t = mpmath.mpf("1.8")
        d2 = -2 * mpmath.tanh(t) * mpmath.sech(t) ** 2 - 16 * mpmath.tanh(4 * (t - 2)) * mpmath.sech(4 * (t - 2)) ** 2
    assert d2 > 1  # sigma''(1.8) > 0: convex there, (H) is false
    r = hypotheses.hypothesis_H(activation(f))
    assert not (r.verdict == "holds" and r.method == "symbolic")


def test_H_scaled_tanh_holds():
    r = hypotheses.hypothesis_H(activation("2*tanh(z/3)"))
    assert (r.verdict, r.method) == ("holds", "symbolic")


def test_theorem1_softsign_bound_attained():
    # c = 1/2, W = 2: every t_k = 1 = tau0 and z_k = 1/2, so df/dw_1 = (1/2)(1/4)(2/4)^3 = 1/64 = the bound
    # (g(1) = 1/(1 + 1)^2 = 1/4, L = 1): the bound is attained and stated proved.
    r = theorem1("z/(1 + Abs(z))", c="0.5", W=2, depth=4)
    assert r.status == "proved"
    assert _close(r.g.value, mpmath.mpf(1) / 4, 20) and _close(r.bound_df, mpmath.mpf(1) / 64, 20)
    assert _close(r.actual_df, mpmath.mpf(1) / 64, 20)


def test_theorem1_threshold_atan():
    # U(W) = (g/W)(2g/L)^9 with g(tau) = tau/(1 + tau^2) (tau = W pi/4 >= 1), L = pi/2; W* is the bisection's upper end:
    # at W* both conditions hold, and slightly below the exact threshold (found here) they do not.
    from vgtheory.theorems.section import theorem1_threshold

    th = theorem1_threshold("atan(z)", c=1, depth=10, tol="1e-8", lam="0.01")
    with mpmath.workdps(40):
        L = mpmath.pi / 2

        def ok(W):
            tau = W * L / 2
            g = tau / (1 + tau**2)
            U = (g / W) * (2 * g / L) ** 9
            return U < mpmath.mpf("1e-8") and U < mpmath.mpf("0.01") * W / 2

        lo, hi = mpmath.mpf(2), mpmath.mpf(100)
        for _ in range(150):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if ok(mid) else (mid, hi)
        assert ok(th.W_star) and not ok(hi * (1 - mpmath.mpf(10) ** -8))
        assert th.W_star >= hi and th.W_star <= hi * (1 + mpmath.mpf(10) ** -5)


def test_r25a_1_direction_within_z_star_error():
    # w = log 3 + 1e-60 exactly: z*(w) increases with w and z*(log 3) = 1/2, so z* > x = 1/2 and the proved
    # bound is the LOWER one (df/dw_1 >= x sigma'(wx) rho^(l-1)); the package states the upper one as proved.
    w = sp.log(3) + sp.Integer(10) ** -60
    r = theorem2("tanh(z)", w=w, x="1/2", depth=4, dps=50)
    with mpmath.workdps(150):
        wv = mpmath.log(3) + mpmath.mpf(10) ** -60
        zs = mpmath.findroot(lambda z: mpmath.tanh(wv * z) - z, 0.5)
        assert zs > mpmath.mpf(1) / 2
    assert not (r.claims[0].status == "proved" and r.claims[0].statement.startswith("df/dw_1 <="))
    # w = 1.0000011, x = z*(1 - 1e-47) (60 digits): x < z* by far less than z*'s own certified 37 digits, yet the
    # upper bound and "x/s >= z*: no growth phase" are stated as proved.
    with mpmath.workdps(200):
        wv = mpmath.mpf("1.0000011")
        zs = mpmath.findroot(lambda z: mpmath.tanh(wv * z) - z, mpmath.sqrt(3 * (wv - 1)))
        xs = mpmath.nstr(zs * (1 - mpmath.mpf(10) ** -47), 60, strip_zeros=False)
        assert mpmath.mpf(xs) < zs
    r = theorem2("tanh(z)", w="1.0000011", x=xs, depth=3, dps=50)
    assert not any(c.status == "proved" and ("no growth phase" in c.statement or c.statement.startswith("df/dw_1 <="))
                   for c in r.claims)


def test_r25a_2_small_signal_ratio_at_small_s():
    # naive s*sigma(u) vs the trick s*sigma(u/s): as x -> 0 every argument -> 0 and the ratio -> s^l exactly
    # (tanh' continuous at 0). Checked here on an independent chain at x = 1e-20, 60 and 90 digits.
    s, w, l = mpmath.mpf("1e-8"), mpmath.mpf("0.5"), 3

    def ratio(x, dps):
        with mpmath.workdps(dps):
            dn, dt = x * s * mpmath.sech(w * x) ** 2, x * mpmath.sech(w * x / s) ** 2
            zn, zt = s * mpmath.tanh(w * x), s * mpmath.tanh(w * x / s)
            for _ in range(l - 1):
                dn, zn = dn * w * s * mpmath.sech(w * zn) ** 2, s * mpmath.tanh(w * zn)
                dt, zt = dt * w * mpmath.sech(w * zt / s) ** 2, s * mpmath.tanh(w * zt / s)
            return dn / dt

    for dps in (60, 90):
        assert _close(ratio(mpmath.mpf("1e-20"), dps) / s**l, 1, 15)
    r = theorem2("tanh(z)", w="1/2", x=1, depth=l, s="1e-8")
    c = _claim(r, "naive scaling")
    assert c.status == "proved"
    assert c.verdict != "fails"  # a proved (true) claim is never contradicted by the report's own numbers


def test_r25a_3_float64_callable_rho_digits():
    # math.tanh is tanh to 1 ulp: rho = 2 sech^2(2 z*), z* = tanh(2 z*) (mpmath, 60 and 90 digits). The report prints
    # rho (and df/dw_1) to 12 significant digits; they must be tanh's to those digits, or fewer digits be printed.
    import math

    truth = []
    for dps in (60, 90):
        with mpmath.workdps(dps):
            zs = mpmath.findroot(lambda z: mpmath.tanh(2 * z) - z, 0.95)
            truth.append(2 * mpmath.sech(2 * zs) ** 2)
    assert _close(truth[0], truth[1], 55)
    r = theorem2(lambda t: math.tanh(t), w=2, x=1, depth=5)
    printed = [line for line in str(r).splitlines() if "rho = w*sigma'(w z*) = " in line][0]
    digits = printed.split("rho = w*sigma'(w z*) = ")[1].split(",")[0].strip()
    assert _close(mpmath.mpf(digits), truth[0], len(digits.replace("0.", "", 1)) - 1)


def test_r25a_4_softsign_just_above_one():
    # softsign at w > 1: wz/(1 + wz) = z gives z* = (w - 1)/w, rho = w/(1 + w z*)^2 = 1/w (closed forms)
    w = sp.Rational("1.0000001")
    with mpmath.workdps(60):
        zs, rho = mpmath.mpf((w - 1) / w), mpmath.mpf(1 / w)
    r = theorem2("z/(1 + Abs(z))", w="1.0000001", x="1e-3", depth=5)
    assert (r.regime, r.regime_method) == ("aw>1", "symbolic")
    assert _close(r.z_star / zs, 1, 12) and _close(r.rho, rho, 12)


def test_r25a_5_float_s_read_two_ways():
    # sigma = 11 z/(1 + |z|), w = 1 - 1e-17: z* = 11 - 1/w = 10 - 1e-17 (closed form), rho = 1/(11 w). A Python float
    # s = 0.1 is s = 1/10 (the package's own convention, and its scaled chain): x/s = 10 > z*, so only the UPPER bound
    # holds (strict concavity: df/dw_1 < x sigma'(wx/s) rho^(l-1), checked here at 60 digits).
    with mpmath.workdps(60):
        w, s = 1 - mpmath.mpf(10) ** -17, mpmath.mpf(1) / 10
        sig, slope = (lambda t: 11 * t / (1 + abs(t))), (lambda t: 11 / (1 + abs(t)) ** 2)
        zs, rho = 11 - 1 / w, 1 / (11 * w)
        d, z = 10 * slope(10 * w), sig(10 * w)
        for _ in range(3):
            d, z = d * w * slope(w * z), sig(w * z)
        assert 10 > zs and s * d < slope(10 * w) * rho**3
    r = theorem2("11*z/(1 + Abs(z))", w="0.99999999999999999", x=1, depth=4, s=0.1)
    c = r.claims[0]
    assert not (c.status == "proved" and c.statement.startswith("df/dw_1 >="))
    assert c.verdict != "fails"
