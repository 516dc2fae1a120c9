"""Red team R35b held-out tests: signal / init / gradient numbers against closed forms (erf, hardtanh, relu,
leaky relu, sin, x exp(-x^2), tanh) computed here with mpmath at two precisions. No findings this round: every
number probed was within its stated error (see /work/notes/redteam35b.md)."""
import mpmath as mp
import pytest
import sympy as sp

import vgtheory as v
from oracles import bisect

pytestmark = pytest.mark.slow


def _erf_truth(sw, sb, dps):
    """erf: V(q) = sw^2 (2/pi) asin(2q/(1+2q)) + sb^2, chi1 = sw^2 (4/pi)/sqrt(1+4q); sw, sb as decimals."""
    with mp.workdps(dps):
        sw, sb = mp.mpf(str(sw)), mp.mpf(str(sb))
        f = lambda q: sw**2 * (2 / mp.pi) * mp.asin(2 * q / (1 + 2 * q)) + sb**2 - q
        q = bisect(f, mp.mpf("1e-60"), mp.mpf(100))
        return +q, +(sw**2 * (4 / mp.pi) / mp.sqrt(1 + 4 * q))


def _ht_truth(sw, sb, dps):
    """hardtanh: E[h(sqrt q z)^2] = q (erf(c/sqrt2) - 2c phi(c)) + erfc(c/sqrt2), c = 1/sqrt q; D = erf(c/sqrt2)."""
    with mp.workdps(dps):
        sw, sb = mp.mpf(str(sw)), mp.mpf(str(sb))
        phi = lambda c: mp.exp(-c * c / 2) / mp.sqrt(2 * mp.pi)

        def e2(q):
            c = 1 / mp.sqrt(q)
            return q * (mp.erf(c / mp.sqrt(2)) - 2 * c * phi(c)) + mp.erfc(c / mp.sqrt(2))

        q = bisect(lambda q: sw**2 * e2(q) + sb**2 - q, mp.mpf("1e-30"), mp.mpf(1000), 500)
        return +q, +(sw**2 * mp.erf(1 / mp.sqrt(2 * q)))


def _within(r, truth_q, truth_chi):
    with mp.workdps(80):
        assert abs(mp.mpf(r.q_star) - truth_q) <= mp.mpf(r.q_star_error)
        assert abs(mp.mpf(r.chi1) - truth_chi) <= mp.mpf(r.chi1_error)


def _truth2(fn, *a):
    t1, t2 = fn(*a, 50), fn(*a, 70)
    with mp.workdps(80):
        assert abs(t1[0] - t2[0]) < mp.mpf("1e-40") and abs(t1[1] - t2[1]) < mp.mpf("1e-40")
    return t2


@pytest.mark.parametrize("name,sw,sb,dps,backend,phase", [
    ("erf", "1.5", "0.3", 20, "mpmath", "chaotic"),
    ("erf", "3", "0", 30, "float64", "chaotic"),
    ("erf", "0.886226925", "1e-7", 15, "float64", "ordered"),
    ("erf", "0.886226925452758", "1e-9", 20, "mpmath", "ordered"),
    ("hardtanh", "1.5", "0", 20, "mpmath", "chaotic"),
    ("hardtanh", "1.01", "1e-8", 20, "float64", "chaotic"),
    ("hardtanh", "0.999", "0.001", 20, "mpmath", "ordered"),
])
def test_signal_within_errors(name, sw, sb, dps, backend, phase):
    # each activation against its own closed-form truth (_erf_truth, _ht_truth) at two precisions
    q, chi = _truth2({"erf": _erf_truth, "hardtanh": _ht_truth}[name], sw, sb)
    r = v.signal(name, sigma_w=float(sw), sigma_b=float(sb), dps=dps, backend=backend)
    _within(r, q, chi)
    assert r.phase == phase


def test_erf_below_edge_ordered_q_zero():
    # sw < sqrt(pi)/2, sb = 0: q* = 0 attracts (asin(x) >= x ... V(q) < q), chi1 = sw^2 4/pi < 1
    r = v.signal("erf", sigma_w=0.8862269, sigma_b=0, dps=20)
    assert r.phase == "ordered"
    assert abs(mp.mpf(r.q_star)) <= mp.mpf(r.q_star_error or 0) + mp.mpf("1e-25")
    with mp.workdps(50):
        chi = mp.mpf("0.8862269") ** 2 * 4 / mp.pi
        assert chi < 1
        assert abs(mp.mpf(r.chi1) - chi) <= mp.mpf(r.chi1_error)


def test_erf_critical_init_closed_form():
    # chi1 = 1: sw^2 = (pi/4) sqrt(1+4q), q = sqrt(1+4q)/2 asin(2q/(1+2q)) + sb^2
    with mp.workdps(50):
        sb = mp.mpf("0.3")
        g = lambda q: mp.sqrt(1 + 4 * q) / 2 * mp.asin(2 * q / (1 + 2 * q)) + sb**2 - q
        lo, hi = sb**2, mp.mpf(10)
        for _ in range(200):
            m = (lo + hi) / 2
            lo, hi = (m, hi) if g(m) > 0 else (lo, m)
        sw = mp.sqrt(mp.pi / 4 * mp.sqrt(1 + 4 * lo))
        c = v.critical_init("erf", 0.3, backend="float64")
        assert abs(mp.mpf(c.sigma_w) - sw) < mp.mpf("1e-10")
        assert abs(mp.mpf(c.q_star) - lo) < mp.mpf("1e-10")


def test_hardtanh_critical_sigma_b_closed_form():
    # critical: sw^2 = 1/D(q), q = E2(q)/D(q) + sb^2 (sb = 0.5): q* = 1.01337966173..., sw = 1.21314784719...
    with mp.workdps(40):
        phi = lambda c: mp.exp(-c * c / 2) / mp.sqrt(2 * mp.pi)
        e2 = lambda q: q * (mp.erf(1 / mp.sqrt(2 * q)) - 2 / mp.sqrt(q) * phi(1 / mp.sqrt(q))) + mp.erfc(1 / mp.sqrt(2 * q))
        d = lambda q: mp.erf(1 / mp.sqrt(2 * q))
        q = mp.findroot(lambda t: e2(t) / d(t) + mp.mpf("0.25") - t, 0.375)
        sw = 1 / mp.sqrt(d(q))
        c = v.critical_init("hardtanh", 0.5, backend="float64")
        assert abs(mp.mpf(c.sigma_w) - sw) < mp.mpf("1e-9")


def test_relu_signal_exact_chaotic():
    r = v.signal("relu", sigma_w=1.5, sigma_b=0)
    assert mp.mpf(r.chi1) == mp.mpf("1.125") and r.phase == "chaotic"


def test_leaky_relu_critical_exact():
    # D = (1 + 1/4)/2 = 5/8: critical sw = sqrt(8/5)
    c = v.critical_init("max(x, x/2)", 0)
    assert abs(mp.mpf(c.sigma_w) - mp.sqrt(mp.mpf(8) / 5)) < mp.mpf("1e-12")


def test_relu_init_sigma_b_variance_preserving():
    # q = 1 fixed: sw^2/2 + 0.01 = 1 -> sw = sqrt(1.98); chi1 = 0.99; xi = -1/ln 0.99
    r = v.recommend_init("relu", sigma_b=0.1)
    assert abs(r.sigma_w - 1.98 ** 0.5) < 1e-9
    assert abs(r.chi1 - 0.99) < 1e-12
    assert abs(r.depth_scale - float(-1 / mp.log(mp.mpf("0.99")))) < 1e-6


def test_x_plus_tanh_init_edge():
    # sigma'(0) = 2 -> sw = 1/2; V(q) <= q (tanh(u)/u <= 1), so q* = 0 attracts
    r = v.recommend_init("x + tanh(x)")
    assert abs(r.sigma_w - 0.5) < 1e-12 and r.method.startswith("critical")


def test_gradient_exact_zero_slope_sin_pi_half():
    g = v.gradient("sin(x)", [1, 1, 1], sp.pi / 2)
    assert g.df_dw[0] == 0
    with mp.workdps(40):
        # df/dw2 = z1 cos(w2 z1) w3 cos(w3 z2), z1 = 1, z2 = sin 1
        want = mp.cos(1) * mp.cos(mp.sin(1))
        assert abs(g.df_dw[1] - want) < mp.mpf("1e-15")


def test_gradient_near_zero_slope_not_zeroed():
    g = v.gradient("sin(x)", [1, 1, 1], sp.pi / 2 + sp.Rational(1, 10**40))
    with mp.workdps(80):
        x = mp.pi / 2 + mp.mpf(10) ** -40
        want = x * mp.cos(x) * mp.cos(mp.sin(x)) * mp.cos(mp.sin(mp.sin(x)))
        assert g.df_dw[0] != 0
        assert abs(g.df_dw[0] / want - 1) < mp.mpf("1e-12")


def test_gradient_gauss_derivative_near_zero():
    # sigma = z exp(-z^2), sigma'(t) = (1 - 2t^2) exp(-t^2); t = sqrt2/2 + 1e-30 -> sigma' ~ -2 sqrt2 1e-30 e^{-1/2}
    g = v.gradient("x*exp(-x**2)", [sp.sqrt(2) / 2 + sp.Rational(1, 10**30), 1], 1)
    with mp.workdps(80):
        t = mp.sqrt(2) / 2 + mp.mpf(10) ** -30
        d1 = (1 - 2 * t * t) * mp.exp(-t * t)
        z1 = t * mp.exp(-t * t)
        want = d1 * (1 - 2 * z1 * z1) * mp.exp(-z1 * z1)
        assert abs(g.df_dw[0] / want - 1) < mp.mpf("1e-12")
    g0 = v.gradient("x*exp(-x**2)", [1, 1], sp.sqrt(2) / 2)
    assert g0.df_dw[0] == 0


def test_gradient_saturated_tanh_huge_weights():
    # df/dw3 = z2 sech^2(w3 z2), z2 = 1 - O(e^{-2e300}): 4 exp(-2e300) to 12 digits
    g = v.gradient("tanh", ["1e300"] * 3, 1, dps=15)  # strings: the exact decimal (an mpf would be rounded to 53 bits)
    with mp.workdps(700):
        want = 4 * mp.exp(-2 * mp.mpf(10) ** 300)
        assert abs(mp.mpf(g.df_dw[2]) / want - 1) < mp.mpf("1e-12")


@pytest.mark.skipif(__import__("shutil").which("pdflatex") is None, reason="needs pdflatex (the name test follows it)")
def test_latex_pdf_name_with_space_clear_error(tmp_path):
    # `vgtheory latex tanh --pdf -o 'a b.tex'` printed "internal error: TypeError: 'bool' object is not iterable":
    # a name with white space and no other unsafe character is due the clear LatexError ("... white space ...")
    from vgtheory.render.latex_build import LatexError, compile_latex

    tex = tmp_path / "a b.tex"
    tex.write_text("\\documentclass{article}\\begin{document}x\\end{document}\n")
    with pytest.raises(LatexError, match="white space"):
        compile_latex(tex, tmp_path)


def test_callable_tanh_init_chi1_within_error():
    # recommend_init(lambda x: math.tanh(x)) (sigma_b = 0) printed "critical: sigma_w = 1.00001 ... chi1 = 1
    # (error estimate 1.4e-14)"; chi1 at that sigma_w and its q* is 1 + 3.88e-11 (mpmath quadrature, 30 and 40 digits)
    import math

    r = v.recommend_init(lambda x: math.tanh(x))
    with mp.workdps(30):
        sw = mp.mpf(r.sigma_w)
        e = lambda f, q: mp.quad(lambda z: f(mp.sqrt(q) * z) * mp.exp(-z * z / 2), [-mp.inf, -3, 0, 3, mp.inf]) / mp.sqrt(2 * mp.pi)
        q = mp.findroot(lambda t: sw**2 * e(lambda u: mp.tanh(u) ** 2, t) - t, mp.mpf(r.q))
        chi = sw**2 * e(lambda u: mp.sech(u) ** 4, q)
        assert abs(mp.mpf(r.chi1) - chi) <= mp.mpf(r.chi1_error)
