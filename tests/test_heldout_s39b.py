"""Held-out tests of red team R39b (numbers and robustness, against 10f2b9d).

Every truth is derived here, independently of the package: closed forms (erf's V and D, E|u - c|^p by the
substitution u = c +- t^2), our own chain rule at raised precision, or mpmath quadrature of our own split at
the branch crossings of a Max (located by mpmath.findroot), at 20-25 digits. Findings R39b-1, R39b-2 and R39b-3 were
strict xfails asserting the truth (R39b-3: Moments.kinks within its time budget), all fixed in session 24."""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import mpmath as mp
import pytest

import vgtheory
from oracles import chain_partials
from vgtheory.core.activations import activation
from vgtheory.meanfield.moments import Moments

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _pdf(q):
    return lambda u: mp.exp(-u**2 / (2 * q)) / mp.sqrt(2 * mp.pi * q)


def _within(got, error, truth, slack=1.0):
    with mp.workdps(40):
        return abs(mp.mpf(got) - mp.mpf(truth)) <= slack * mp.mpf(error) + mp.mpf(10) ** -18 * abs(mp.mpf(truth))


# -- our own chain rule ------------------------------------------------------------------------------------


def _chain(fs, dfs, w, x, dps):
    """All df/dw_j of z_k = sigma(w_k z_{k-1}), z_0 = x, forward then suffix products, at ``dps`` digits."""
    return chain_partials(fs, dfs, w, x, 0, dps)[1]


GRADIENT_CASES = {
    "sin w=3 x300 (chaotic)": ("sin(x)", mp.sin, mp.cos, ["3"] * 300, "0.7", 50),
    "tanh w=2 x400": ("tanh", mp.tanh, lambda t: mp.sech(t) ** 2, ["2"] * 400, "1", 50),
    "softsign w=1e300": ("x/(1+Abs(x))", lambda t: t / (1 + abs(t)), lambda t: 1 / (1 + abs(t)) ** 2, ["1e300", "1e300", "2"], "1e-300", 50),
    "erf w=1e5, 1e-3, 7": ("erf(x)", mp.erf, lambda t: 2 / mp.sqrt(mp.pi) * mp.exp(-t * t), ["1e5", "1e-3", "7"], "1e-4", 50),
    "atan w=1.5 x2000": ("atan(x)", mp.atan, lambda t: 1 / (1 + t * t), ["1.5"] * 2000, "1", 30),
}


@pytest.mark.parametrize("case", list(GRADIENT_CASES))
def test_gradient_digits_against_own_chain(case):
    f, fs, dfs, w, x, dps = GRADIENT_CASES[case]
    g = vgtheory.gradient(f, w, x, dps=dps)
    want = _chain(fs, dfs, w, x, 3 * dps + 50)
    again = _chain(fs, dfs, w, x, 4 * dps + 80)
    for j in (0, len(w) // 2, len(w) - 1):
        with mp.workdps(3 * dps + 50):
            assert abs(want[j] - again[j]) <= abs(want[j]) * mp.mpf(10) ** (-dps - 10)
            assert abs(mp.mpf(g.df_dw[j]) - want[j]) <= abs(want[j]) * mp.mpf(10) ** (-dps + 1)


# -- erf: closed forms ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["float64", "mpmath"])
def test_erf_signal_at_the_paper_init_closed_form(backend):
    # V(q) = (2/pi) asin(2q/(1+2q)), D(q) = (4/pi)/sqrt(1+4q) for erf; sigma_w^2 = 32, sigma_b^2 = 1/12.
    with mp.workdps(30):
        q = mp.findroot(lambda q: 32 * (2 / mp.pi) * mp.asin(2 * q / (1 + 2 * q)) + mp.mpf(1) / 12 - q, 28)
        chi1 = 32 * (4 / mp.pi) / mp.sqrt(1 + 4 * q)
    r = vgtheory.signal("erf(x)", sigma_w=mp.sqrt(32), sigma_b=mp.sqrt(mp.mpf(1) / 12), backend=backend)
    assert r.q_state == "converged" and r.phase == "chaotic"
    assert _within(r.q_star, r.q_star_error, q, slack=2)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)
    assert abs(r.chi1 - chi1) < 1e-6


def test_erf_theorem2_fixed_point_and_rate_in_the_summary():
    with mp.workdps(30):
        zs = mp.findroot(lambda z: mp.erf(2 * z) - z, 1)
        rho = 4 / mp.sqrt(mp.pi) * mp.exp(-4 * zs**2)
    out = subprocess.run([sys.executable, "-m", "vgtheory", "check", "erf(x)"], cwd=ROOT, capture_output=True, text=True, timeout=120).stdout
    assert f"z* = {mp.nstr(zs, 5)}" in out and f"rho = {mp.nstr(rho, 4)}" in out


# -- integrable singularities of sigma' (formulas and a callable) ----------------------------------------


def _E_sub(G, c, q, dps=25):
    """E[h(u)], u ~ N(0, q), with u = c +- t^2 on each side of c; G(t, s) = h(c + s t^2) * t written out."""
    with mp.workdps(dps):
        pdf = _pdf(mp.mpf(q))
        return sum(2 * mp.quad(lambda t: G(t, s) * pdf(c + s * t * t), [0, 1, mp.inf]) for s in (1, -1))


SINGULAR = {
    # formula: (c, G for sigma'^2 of |u-c|^a forms)
    "Abs(x - 1/3)**(3/4)": (lambda: mp.mpf(1) / 3, lambda t, s: mp.mpf(9) / 16),
    "sign(x - 1/2)*Abs(x - 1/2)**(4/5)": (lambda: mp.mpf(1) / 2, lambda t, s: mp.mpf(16) / 25 * t ** (mp.mpf(1) / 5)),
}


@pytest.mark.parametrize("backend", ["float64", "mpmath"])
@pytest.mark.parametrize("formula", list(SINGULAR))
def test_D_of_an_integrable_singular_point_within_error(formula, backend):
    c, G = SINGULAR[formula]
    m = Moments.of(activation(formula), backend, 20)
    for q in (0.3, 4):
        with mp.workdps(25):
            truth = _E_sub(G, c(), q)
        D = m.D(q)
        assert _within(D.value, D.error, truth)


def test_D_of_tanh_plus_a_cusp_at_sqrt2_within_error():
    f = "tanh(x) + Abs(x - sqrt(2))**(2/3)"
    with mp.workdps(25):
        c = mp.sqrt(2)
        G = lambda t, s: (mp.sech(c + s * t * t) ** 2 * t ** (mp.mpf(2) / 3) + s * mp.mpf(2) / 3) ** 2 * t ** (-mp.mpf(1) / 3)
        truth = _E_sub(G, c, 1)
    for backend in ("float64", "mpmath"):
        D = Moments.of(activation(f), backend, 20).D(1)
        assert _within(D.value, D.error, truth)


# -- Max of branches crossing at transcendental points (own quadrature split at the crossings) ----------


@lru_cache(maxsize=None)
def _max_line_tanh_shift_VD(q, dps):
    """V, D of Max(x/2, tanh(x) - 9): branches cross once, at k = -20.0 (tanh k - 9 = k/2)."""
    with mp.workdps(dps):
        q = mp.mpf(q)
        k = mp.findroot(lambda u: mp.tanh(u) - 9 - u / 2, -20)
        pdf = _pdf(q)
        D = mp.quad(lambda u: mp.sech(u) ** 4 * pdf(u), [-mp.inf, k]) + (1 - mp.ncdf(k / mp.sqrt(q))) / 4
        V = mp.quad(lambda u: (mp.tanh(u) - 9) ** 2 * pdf(u), [-mp.inf, k]) + mp.quad(lambda u: (u / 2) ** 2 * pdf(u), [k, 0, mp.inf])
        return V, D


def _fixed_point(VD, sw, sb, q0, dps=20):
    with mp.workdps(dps):
        W, B = mp.mpf(sw) ** 2, mp.mpf(sb) ** 2
        q = mp.findroot(lambda q: W * VD(q)[0] + B - q, mp.mpf(q0))
        return q, W * VD(q)[1]


def _VD_max_line_tanh(q):
    return _max_line_tanh_shift_VD(mp.mpf(q), 20)


def test_max_crossing_outside_the_window_mpmath_backend_honest():
    r = vgtheory.signal("Max(x/2, tanh(x) - 9)", sigma_w="1.9", sigma_b="1.755")
    q, chi1 = _fixed_point(_VD_max_line_tanh, "1.9", "1.755", r.q_star)
    assert _within(r.q_star, r.q_star_error, q) and _within(r.chi1, r.chi1_error, chi1)


def test_max_crossing_outside_the_window_float64_chi1_within_error():
    # The crossing at u = -20 lies past |u| <= 16, where Moments.kinks looks for it; at q* = 31.5 it carries
    # weight: chi1 off 2.8e-10 under a stated error of 2.5e-15.
    r = vgtheory.signal("Max(x/2, tanh(x) - 9)", sigma_w="1.9", sigma_b="1.755", backend="float64")
    q, chi1 = _fixed_point(_VD_max_line_tanh, "1.9", "1.755", r.q_star)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)


def _VD_tanh_or_line(q, dps=20):
    """V, D of Max(tanh(x), x/8 - 2): one crossing, at c = 24.0 (tanh c = c/8 - 2)."""
    with mp.workdps(dps):
        q = mp.mpf(q)
        c = mp.findroot(lambda u: mp.tanh(u) - u / 8 + 2, 24)
        pdf = _pdf(q)
        D = mp.quad(lambda u: mp.sech(u) ** 4 * pdf(u), [-mp.inf, -4, 0, 4, c]) + (1 - mp.ncdf(c / mp.sqrt(q))) / 64
        V = mp.quad(lambda u: mp.tanh(u) ** 2 * pdf(u), [-mp.inf, 0, c]) + mp.quad(lambda u: (u / 8 - 2) ** 2 * pdf(u), [c, mp.inf])
        return V, D


def _critical(VD, sb, q0, dps=20):
    with mp.workdps(dps):
        B = mp.mpf(sb) ** 2
        q = mp.findroot(lambda q: q - B - VD(q)[0] / VD(q)[1], mp.mpf(q0))
        return q, 1 / mp.sqrt(VD(q)[1])


def test_critical_sigma_w_with_a_far_crossing_of_no_weight():
    # sigma_b = 2: q* = 7.95, the crossing at 24 is 8.5 standard deviations out (weight < 1e-16).
    ci = vgtheory.critical_init("Max(tanh(x), x/8 - 2)", 2, backend="float64")
    q, sw = _critical(_VD_tanh_or_line, 2, ci.q_star)
    assert abs(ci.sigma_w - sw) <= 2 * ci.sigma_w_error + 1e-15


def test_critical_sigma_w_with_a_far_crossing_of_weight_within_error():
    # sigma_b = 6: q* = 47.5, the crossing at 24 (3.5 sd) is not a kink: sigma_w off 2.0e-10 under 1.1e-13.
    ci = vgtheory.critical_init("Max(tanh(x), x/8 - 2)", 6, backend="float64")
    q, sw = _critical(_VD_tanh_or_line, 6, ci.q_star)
    assert abs(ci.sigma_w - sw) <= 2 * ci.sigma_w_error


def _VD_bump(K, c, q, dps=20, inner=None):
    """V, D of Max(tanh(x), 1 - K (g(x) - c)^2) with g = x (inner None): two crossings r1 < c < r2."""
    with mp.workdps(dps):
        q, K = mp.mpf(q), mp.mpf(K)
        g = lambda u: 1 - K * (u - c) ** 2 - mp.tanh(u)
        h = mp.sqrt((1 - mp.tanh(c)) / K)
        r1, r2 = mp.findroot(g, c - h), mp.findroot(g, c + h)
        pdf = _pdf(q)
        D = (mp.quad(lambda u: mp.sech(u) ** 4 * pdf(u), [-mp.inf, -2, 0, r1]) + mp.quad(lambda u: (2 * K * (u - c)) ** 2 * pdf(u), [r1, c, r2])
             + mp.quad(lambda u: mp.sech(u) ** 4 * pdf(u), [r2, 2, mp.inf]))
        V = (mp.quad(lambda u: mp.tanh(u) ** 2 * pdf(u), [-mp.inf, -2, 0, r1]) + mp.quad(lambda u: (1 - K * (u - c) ** 2) ** 2 * pdf(u), [r1, c, r2])
             + mp.quad(lambda u: mp.tanh(u) ** 2 * pdf(u), [r2, 2, mp.inf]))
        return V, D


def test_narrow_max_bump_far_out_float64_within_error():
    # Same shape at c = -7/5 (the float64 rules disagree there and say so).
    m = Moments.of(activation("Max(tanh(x), 1 - 10**5*(x - -7/5)**2)"), "float64", 20)
    V, D = _VD_bump(10**5, mp.mpf(-7) / 5, 1)
    got = m.D(1)
    assert _within(got.value, got.error, D)


def test_narrow_max_bump_float64_chi1_within_error():
    # The two crossings (4.7e-3 apart) fall between two points of the 1/64 sign-change scan: no kinks,
    # chi1 245.654 +- 5.5e-7 for truth 245.058.
    f = "Max(tanh(x), 1 - 10**5*(x - sqrt(2)/3)**2)"
    with mp.workdps(20):
        c = mp.sqrt(2) / 3
    r = vgtheory.signal(f, sigma_w="1.4", sigma_b="0.5", backend="float64")
    q, chi1 = _fixed_point(lambda q: _VD_bump(10**5, c, q), "1.4", "0.5", r.q_star)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)


def test_narrow_max_bump_recommended_critical_sigma_w():
    # vgtheory init ... --sigma-b 0.5 prints sigma_w = 0.0740771, chi1 = 1 (error 2.1e-08); truth 0.0741668.
    f = "Max(tanh(x), 1 - 10**5*(x - sqrt(2)/3)**2)"
    with mp.workdps(20):
        c = mp.sqrt(2) / 3
    r = vgtheory.recommend_init(f, sigma_b=0.5)
    q, sw = _critical(lambda q: _VD_bump(10**5, c, q), "0.5", r.q)
    assert r.method == "critical" and abs(r.sigma_w - sw) < 1e-6


def test_gradient_of_an_s_scaled_tanh_at_s_1e300():
    # sigma_s(u) = s tanh(u/s), s = w_k = 1e300, x = 1: t_2/s = 7.6e299, so sech^2 needs ~300 digits of its argument.
    g = vgtheory.gradient("1e300*tanh(x/1e300)", ["1e300"] * 3, 1, dps=40)
    for dps in (700,):
        with mp.workdps(dps):
            S = mp.mpf("1e300")
            want = _chain(lambda u: S * mp.tanh(u / S), lambda u: mp.sech(u / S) ** 2, [S] * 3, 1, dps)
            for j in range(3):
                assert abs(mp.mpf(g.df_dw[j]) - want[j]) <= abs(want[j]) * mp.mpf(10) ** -39


def _VD_min_cusp(q, dps=20):
    """V, D of Min(tanh(x), 1/2 + |x - 1|^(3/4)): switches r1 < 1 < r2; a cusp of sigma' at 1 between them."""
    with mp.workdps(dps):
        q = mp.mpf(q)
        pdf = _pdf(q)
        g = lambda u: mp.tanh(u) - mp.mpf(1) / 2 - abs(u - 1) ** (mp.mpf(3) / 4)
        r1 = mp.findroot(g, (mp.mpf("0.6"), mp.mpf("0.99")), solver="anderson")
        r2 = mp.findroot(g, (mp.mpf("1.01"), mp.mpf("1.6")), solver="anderson")
        a1, a2 = mp.sqrt(1 - r1), mp.sqrt(r2 - 1)
        inner = lambda F: 2 * mp.quad(lambda t: F(t) * pdf(1 - t * t), [0, a1]) + 2 * mp.quad(lambda t: F(t) * pdf(1 + t * t), [0, a2])
        Din = inner(lambda t: mp.mpf(9) / 16)
        Vin = inner(lambda t: (mp.mpf(1) / 2 + t ** (mp.mpf(3) / 2)) ** 2 * t)
        Dout = mp.quad(lambda u: mp.sech(u) ** 4 * pdf(u), [-mp.inf, 0, r1]) + mp.quad(lambda u: mp.sech(u) ** 4 * pdf(u), [r2, mp.inf])
        Vout = mp.quad(lambda u: mp.tanh(u) ** 2 * pdf(u), [-mp.inf, 0, r1]) + mp.quad(lambda u: mp.tanh(u) ** 2 * pdf(u), [r2, mp.inf])
        return Vin + Vout, Din + Dout


@pytest.mark.parametrize("backend", ["float64", "mpmath"])
def test_min_with_a_cusp_between_its_switches(backend):
    r = vgtheory.signal("Min(tanh(x), 1/2 + Abs(x - 1)**(3/4))", sigma_w="1.3", sigma_b="0.3", backend=backend)
    q, chi1 = _fixed_point(_VD_min_cusp, "1.3", "0.3", r.q_star)
    assert _within(r.q_star, r.q_star_error, q, slack=2) and _within(r.chi1, r.chi1_error, chi1, slack=2)


def test_torch_softplus_with_threshold_1_jump_of_sigma():
    torch = pytest.importorskip("torch")
    # torch's Softplus(beta=1, threshold=1) is log(1 + e^u) for u <= 1 and u above: sigma jumps by 0.313 at 1.
    mod = torch.nn.Softplus(beta=1, threshold=1)

    def VD(q, dps=20):
        with mp.workdps(dps):
            q = mp.mpf(q)
            pdf = _pdf(q)
            V = mp.quad(lambda u: mp.log1p(mp.exp(u)) ** 2 * pdf(u), [-mp.inf, 0, 1]) + mp.quad(lambda u: u * u * pdf(u), [1, mp.inf])
            D = mp.quad(lambda u: pdf(u) / (1 + mp.exp(-u)) ** 2, [-mp.inf, 0, 1]) + 1 - mp.ncdf(1 / mp.sqrt(q))
            return V, D

    r = vgtheory.signal(mod, sigma_w=1.0, sigma_b=0.5, backend="float64")
    q, chi1 = _fixed_point(VD, 1, "0.5", r.q_star)
    assert _within(r.q_star, r.q_star_error, q, slack=2) and _within(r.chi1, r.chi1_error, chi1, slack=2)


MANY_SWITCHES = ("Max(tanh(x), sin(x)/2, x/3 - 1/5, erf(x) - 1/4, atan(x)/2 - 1/7, tanh(2*x)/3 + 1/9, cos(x)/3 - 1/2, "
                 "x*exp(-x**2), sin(3*x)/5, tanh(x/2) - 1/8, erf(x/3), x/5 + sin(x)/7, cos(2*x)/4, tanh(3*x)/2 - 1/3, "
                 "atan(2*x)/3, exp(-x**2/2) - 3/4)")


def test_kinks_of_a_16_way_max_within_their_budget():
    # R39b-3: Moments.kinks keeps "one budget for all" switch equations (_KINK_SECONDS = 6 s); every equation sympy
    # left unsolved also got an unclocked window scan (69 s here) and sympy's sigma' of the 16-way Max took 27 s:
    # `vgtheory init` ran past 400 s. Fixed in session 24: the scans share the clock, and a Max or Min of more than
    # MAX_SWITCH_BRANCHES branches is refused with one line, in time.
    code = ("import sys; sys.path.insert(0, %r); from vgtheory.meanfield.moments import Moments; "
            "from vgtheory.core.activations import activation; from vgtheory.errors import VGTheoryError\n"
            "try:\n    print(len(Moments.of(activation(%r), 'float64', 20).kinks))\n"
            "except VGTheoryError as exc:\n    print('refused:', exc)" % (str(ROOT), MANY_SWITCHES))
    try:
        p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=12)
    except subprocess.TimeoutExpired:
        pytest.fail("Moments.kinks ran past 12 s")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("refused:") and "MAX_SWITCH_BRANCHES" in p.stdout and len(p.stdout.splitlines()) == 1


def test_kinks_of_an_8_way_max_within_their_budget():
    # the widest Max taken: its 28 switch equations and their scans share the 6-s clock (a control for the above)
    eight = MANY_SWITCHES.split(", sin(3*x)")[0] + ")"
    code = ("import sys, time; sys.path.insert(0, %r); from vgtheory.meanfield.moments import Moments; "
            "from vgtheory.core.activations import activation; m = Moments.of(activation(%r), 'float64', 20); "
            "m.sigma.derivative_expr; t = time.time(); m.kinks; print(time.time() - t)" % (str(ROOT), eight))
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert float(p.stdout) < 6 + 3  # the clock, and one scan that started before it ran out (at most ~3 s)


# -- CLI one-line errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["gradient", "tanh", "--w", "2,,2"], "comma-separated list"),
        (["gradient", "log(x)", "--w", "2", "--x", "-1"], "not a real number"),
        (["init", "tanh", "--sigma-b", "1.755"], "q must exceed sigma_b^2"),
    ],
)
def test_cli_one_line_errors(args, fragment):
    p = subprocess.run([sys.executable, "-m", "vgtheory", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode != 0 and "Traceback" not in p.stderr
    lines = [l for l in (p.stderr + p.stdout).splitlines() if l.strip()]
    assert len(lines) == 1 and fragment in lines[0]
