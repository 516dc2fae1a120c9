"""Held-out tests of red team R38a (symbolic soundness against 243ef74): Theorem 1's symbolic g(tau) for rational
sigma (a positive and a negative lobe of h = t sigma'(t), closed forms (c +- sqrt(c^2 + 1))/4) and Lemma T with an
irrational scale; exact tau0 at a transcendental root (tanh t + tanh(t/2) = 1), a cube root and log(2 + sqrt(10)/2);
Theorem 2's aw = 1 onset p = 5 through cancellations of log and atan terms, and p = 2 with beta = sqrt 2 against the
exact chain x/(1 + l sqrt(2) x)^2; (H) refuted for a planted convex stretch, proved for a rational softsign.
R38a-1 fixed (sqrt(2) x/(1 + |x|) in session 24, x/(1 + sqrt(2)|x|) in session 26: rational_sets scales w = sqrt(2) z).

Every truth is derived independently of the package: by construction (worked in the comments), closed forms, or
mpmath at 50 digits (checked at 80 when written).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.theorems import hypotheses
from vgtheory.theorems.gsup import g_sup
from vgtheory.errors import VGTheoryError
from vgtheory.theorems.section import theorem1, theorem2
from vgtheory.theorems.theorem1 import _t1_setup
from vgtheory.theorems.theorem2 import _onset

pytestmark = pytest.mark.slow


def _setup(f):
    return _t1_setup(activation(f), None, 30)


def _h_max(h, lo, hi, n=4000):
    """max |h| on [lo, hi] by a grid and a local root of (|h|)' (mpmath, 50 digits)."""
    with mp.workdps(50):
        pts = [lo + (hi - lo) * mp.mpf(k) / n for k in range(n + 1)]
        k = max(range(n + 1), key=lambda i: abs(h(pts[i])))
        if 0 < k < n:
            t = mp.findroot(lambda u: mp.diff(h, u), pts[k])
            return abs(h(t)), t
        return abs(h(pts[k])), pts[k]


# ---------------------------------------------------------------- g(tau), rational sigma


@pytest.mark.parametrize("c, tau, sign", [(2, "1/2", 1), (3, "1/3", 1), (3, "10", -1)])
def test_gsup_rational_lobes_closed_form(c, tau, sign):
    # sigma = (t + c t^2)/(1 + t^2): sigma' = (1 + 2ct - t^2)/(1 + t^2)^2, h = t sigma'. With t = tan(th):
    # h = sin(th) cos^3(th) (1 - tan^2 th + 2c tan th) = c/4 + (sin 4th - c cos 4th)/4, whose extremes are (c +- sqrt(c^2 + 1))/4 (positive lobe near t = 0.8, negative
    # lobe beyond the root c + sqrt(c^2 + 1) of sigma'); for tau = 10 the whole [10, oo) lies past the positive lobe
    # and the negative extreme (at t ~ 12.4 for c = 3) is beyond tau, so g = (sqrt(c^2 + 1) - c)/4
    f = f"(x + {c}*x**2)/(1+x**2)"
    g = g_sup(f, tau, dps=30)
    truth = (c + sign * mp.sqrt(c * c + 1)) / 4
    h = lambda t: t * (1 + 2 * c * t - t * t) / (1 + t * t) ** 2  # noqa: E731
    with mp.workdps(50):
        t0 = mp.mpf(sp.Rational(tau))
        brute, _ = _h_max(h, t0, t0 + 40)
        truth = (c + sign * mp.sqrt(c * c + 1)) / 4
        assert abs(brute - abs(truth)) < mp.mpf(10) ** -30
        assert g.method == "symbolic"
        assert abs(g.value - abs(truth)) < mp.mpf(10) ** -25


def test_gsup_lemma_T_irrational_scale():
    # sigma = 2 tanh(z/sqrt 3) + 1: h(t) = 2 (t/k) sech^2(t/k), k = sqrt 3, peaks at k u*, 2u tanh u = 1 (u* = 0.77);
    # g(1/2) = 2 u* sech^2 u*, g(3) = 2 sqrt(3) sech^2(sqrt 3) (3 > k u* = 1.34)
    with mp.workdps(50):
        u = mp.findroot(lambda v: 2 * v * mp.tanh(v) - 1, mp.mpf("0.77"))
        g_lo, g_hi = 2 * u * mp.sech(u) ** 2, 2 * mp.sqrt(3) * mp.sech(mp.sqrt(3)) ** 2
    a, b = g_sup("2*tanh(x/sqrt(3)) + 1", "1/2", dps=30), g_sup("2*tanh(x/sqrt(3)) + 1", 3, dps=30)
    assert a.method == b.method == "symbolic"
    with mp.workdps(50):
        assert abs(a.value - g_lo) < mp.mpf(10) ** -25 and abs(a.argmax - mp.sqrt(3) * u) < mp.mpf(10) ** -20
        assert abs(b.value - g_hi) < mp.mpf(10) ** -25 and abs(b.argmax - 3) < mp.mpf(10) ** -25


# ---------------------------------------------------------------- tau0 at exact roots


def test_tau0_transcendental_root_of_tanh_sum():
    # tanh t + tanh(t/2) increases from 0 to L = 2 and meets L/2 = 1 once: tau0 is that root
    s = _setup("tanh(x)+tanh(x/2)")
    with mp.workdps(50):
        r = mp.findroot(lambda t: mp.tanh(t) + mp.tanh(t / 2) - 1, mp.mpf("0.75"))
        assert abs(s.tau0 - r) < mp.mpf(10) ** -25
    assert s.tau0_method == "symbolic" and s.tau0_exact is not None
    assert abs(sp.N(s.tau0_exact.root, 40) - sp.Float(mp.nstr(r, 45), 45)) < sp.Float(10) ** -35


def test_tau0_cube_root():
    # sigma - 1/2 = (t^3 - 2)(t + 1)/(2(t^4 + 4)); on t >= 0 its sign is that of t^3 - 2; L = 1/2 + 1/2 = 1
    s = _setup("1/2 + (x**3-2)*(x+1)/(2*(x**4+4))")
    assert s.tau0_exact is not None and sp.simplify(s.tau0_exact.root - sp.cbrt(2)) == 0
    assert abs(s.L - 1) < mp.mpf(10) ** -25


def test_tau0_quadratic_in_exp():
    # sigma = 1 - 2v + 3v^2/4, v = e^-t in (0, 1]: sigma' = v(2 - 3v/2) > 0, L = 1; sigma = 1/2 <=> 3v^2 - 8v + 2 = 0,
    # v = (4 - sqrt 10)/3 (the other root > 1), so tau0 = log(3/(4 - sqrt 10)) = log(2 + sqrt(10)/2)
    s = _setup("1 - 2*exp(-x) + 3*exp(-2*x)/4")
    truth = sp.log(sp.Rational(3) / (4 - sp.sqrt(10)))
    assert s.tau0_exact is not None and abs(sp.N(s.tau0_exact.root - truth, 50)) < sp.Float(10) ** -45
    with mp.workdps(50):
        assert abs(s.tau0 - mp.log(3 / (4 - mp.sqrt(10)))) < mp.mpf(10) ** -25


# ---------------------------------------------------------------- Theorem 2's aw = 1 onset


_QUARTIC = ("log((x**2+sqrt(2)*x+1)/(x**2-sqrt(2)*x+1))/(4*sqrt(2)) "
            "+ (atan(sqrt(2)*x+1)+atan(sqrt(2)*x-1))/(2*sqrt(2))")


def test_onset_p5_through_log_atan_cancellation():
    # _QUARTIC is the antiderivative of 1/(1 + t^4) vanishing at 0 (checked below by mpmath quadrature), so
    # sigma = t - t^5/5 + O(t^9): a = 1, with w = 1 the onset is p = 5, beta = 1/5 (the t^2, t^3, t^4 terms cancel
    # between the log and the atan terms)
    sig = sp.lambdify(sp.Symbol("x"), sp.sympify(_QUARTIC), "mpmath")
    with mp.workdps(50):
        for t in (mp.mpf("0.3"), mp.mpf(2)):
            assert abs(sig(t) - mp.quad(lambda u: 1 / (1 + u**4), [0, t])) < mp.mpf(10) ** -40
    p, beta = _onset(activation(_QUARTIC), sp.Integer(1))
    assert p == 5 and sp.simplify(beta - sp.Rational(1, 5)) == 0


def test_theorem2_softsign_sqrt2_exact_chain():
    # sigma = z/(1 + sqrt(2)|z|), w = 1: on z > 0, 1/z_k = 1/z_(k-1) + sqrt 2, so z_l = x/(1 + l sqrt(2) x) and
    # df/dw_1 = x sigma'(x) (dz_l/dz_1) = x/(1 + l sqrt(2) x)^2; phi(z) = z - sqrt(2) z^2 + ..., p = 2, beta = sqrt 2
    r = theorem2("x/(1+sqrt(2)*Abs(x))", w=1, x=1, depth=50)
    with mp.workdps(50):
        truth = 1 / (1 + 50 * mp.sqrt(2)) ** 2
        assert abs(r.actual_df_dw1 / truth - 1) < mp.mpf(10) ** -20
        assert r.p == 2 and abs(r.beta - mp.sqrt(2)) < mp.mpf(10) ** -20
    assert r.onset is not None and r.onset.verdict == "holds"


# ---------------------------------------------------------------- (H)


def test_H_fails_on_planted_convex_stretch():
    # sigma = tanh t + (tanh(t - 3) + tanh 3)/10: sigma(0) = 0, but sigma''(5/2) = -2 tanh(5/2) sech^2(5/2)
    # + (1/5) tanh(1/2) sech^2(1/2) > 0 (mpmath below): not concave, so (H) must never hold
    with mp.workdps(50):
        d2 = -2 * mp.tanh(2.5) * mp.sech(2.5) ** 2 - mp.mpf(2) / 10 * mp.tanh(-0.5) * mp.sech(-0.5) ** 2
        assert d2 > mp.mpf("0.01")
    h = hypotheses.hypothesis_H(activation(sp.sympify("tanh(x) + (tanh(x-3)+tanh(3))/10")))
    assert h.verdict == "fails", h.detail


def test_H_holds_symbolic_rational_softsign():
    # sigma = z/(1 + 2|z|): on t > 0 sigma' = 1/(1 + 2t)^2 > 0 and sigma'' = -4/(1 + 2t)^3 < 0, bounded by 1/2
    h = hypotheses.hypothesis_H(activation(sp.sympify("x/(1+2*Abs(x))")))
    assert h.verdict == "holds" and h.method == "symbolic", h.detail


@pytest.mark.parametrize("f", ["sqrt(2)*x/(1+Abs(x))", "x/(1+sqrt(2)*Abs(x))"])
def test_r38a_1_sqrt2_softsign_increasing_is_proved(f):
    # sigma = sqrt(2) z/(1 + |z|): on t > 0 sigma' = sqrt(2)/(1 + t)^2 > 0 (a positive constant over a square),
    # sigma'' = -2 sqrt(2)/(1 + t)^3 < 0, |sigma| < sqrt 2: (H) holds, as easily as for softsign itself; likewise
    # z/(1 + sqrt(2)|z|): sigma' = 1/(1 + sqrt(2) t)^2 > 0, sigma'' = -2 sqrt(2)/(1 + sqrt(2) t)^3 < 0, |sigma| < 1/sqrt 2
    h = hypotheses.hypothesis_H(activation(sp.sympify(f)))
    assert h.verdict == "holds" and h.method == "symbolic", h.detail


# ---------------------------------------------------------------- R38a-2: tau0's grid at the working digits

_FLAT = ("Piecewise((tanh(x), x<0), (1/2 - (x-1)**2/2 - 1/10**40, x<1), (1/2 - 1/10**40, x<2), "
         "(1/2 - 1/10**40 + (1/2 + 1/10**40)*(x-2)**2/(1+(x-2)**2), True))")


def _flat_truth():
    # sigma = 1/2 - e on [1, 2] (e = 10^-40), 1/2 - e + (1/2 + e) u/(1 + u), u = (t - 2)^2, after 2 (L = 1, C^1 at 1
    # and 2: slopes 0 on both sides); on t > 2, sigma = 1/2 <=> (1/2 + e) u = e (1 + u) <=> u = 2e: tau0 = 2 + sqrt(2e)
    sig = sp.lambdify(sp.Symbol("x"), sp.sympify(_FLAT), "mpmath")
    with mp.workdps(80):
        assert abs(sig(mp.mpf("1.5")) - mp.mpf(1) / 2 + mp.mpf(10) ** -40) < mp.mpf(10) ** -75
        tau0 = 2 + mp.sqrt(2 * mp.mpf(10) ** -40)
        assert sig(tau0 * (1 - mp.mpf(10) ** -30)) < mp.mpf(1) / 2 < sig(tau0 * (1 + mp.mpf(10) ** -30))
    return tau0


def test_tau0_flat_piece_below_half_at_default_digits():
    # at theorem1's default 50 digits the 10^-40 defect is seen: tau = W/2 = 1.25 < tau0 = 2 + 1.4e-20 is refused
    _flat_truth()
    with pytest.raises(VGTheoryError):
        theorem1(_FLAT, c=1, W="5/2", depth=3)


def test_r38a_2_tau0_flat_piece_below_half_at_30_digits():
    # the same at dps = 30 (the digits of vgtheory.check's report): tau0 = 1.0 is printed and "sigma(t) >= L/2 for
    # t >= tau: holds (numeric)" at tau = 1.25, where sigma(3/2) = 1/2 - 10^-40 < L/2
    tau0 = _flat_truth()
    with pytest.raises(VGTheoryError):
        theorem1(_FLAT, c=1, W="5/2", depth=3, dps=30)
    with mp.workdps(30):
        assert abs(_t1_setup(activation(_FLAT), None, 30).tau0 - tau0) < mp.mpf(10) ** -10
