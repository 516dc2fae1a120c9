"""Held-out tests of red team R40b (numbers and robustness, against 5055160).

Every truth is derived here, independently of the package: closed forms (Gaussian moments of piecewise-linear
functions by Phi and phi, E[cos(ku)] = exp(-k^2 q / 2)), or mpmath quadrature of our own split at the points where
the integrand jumps or bends (located by construction or by mpmath.findroot), at 30 digits (checked against 40
digits while writing these tests). Findings R40b-1..4 were strict xfails asserting the truth (fixed in session 24)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mpmath as mp
import pytest

import vgtheory
from oracles import clamp_moments, gaussian_expectation
from vgtheory.core.activations import activation
from vgtheory.errors import FormulaError
from vgtheory.meanfield.moments import Moments

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _E(h, q, points=(), dps=30):
    """E[h(u)], u ~ N(0, q), by mpmath quad split at ``points``, 0 and multiples of sqrt(q)."""
    return gaussian_expectation(h, q, points, dps)


def _fixed_point(V, D, sw, sb, q0, points=(), dps=30):
    """(q*, chi1) of q = sw^2 V(q) + sb^2 near q0 (our own quadrature), at ``dps`` digits."""
    with mp.workdps(dps):
        sw2, sb2 = mp.mpf(sw) ** 2, mp.mpf(sb) ** 2
        q = mp.findroot(lambda q: sw2 * _E(V, q, points, dps) + sb2 - q, mp.mpf(q0))
        return q, sw2 * _E(D, q, points, dps)


def _within(got, error, truth, slack=1.0):
    with mp.workdps(40):
        return abs(mp.mpf(got) - mp.mpf(truth)) <= slack * mp.mpf(error) + mp.mpf(10) ** -18 * abs(mp.mpf(truth))


# -- Piecewise with one relation per condition: kinks found, numbers right ------------------------------------


def test_piecewise_with_a_single_relation_float64_signal_within_error():
    f = "Piecewise((tanh(x), x > -1/3), (x/3, True))"
    k = mp.mpf(-1) / 3
    V = lambda u: mp.tanh(u) ** 2 if u > k else (u / 3) ** 2
    D = lambda u: mp.sech(u) ** 4 if u > k else mp.mpf(1) / 9
    r = vgtheory.signal(f, sigma_w=1.2, sigma_b=0.3, backend="float64")
    q, chi1 = _fixed_point(V, D, "1.2", "0.3", r.q_star, [k])
    assert r.q_state == "converged"
    assert _within(r.q_star, r.q_star_error, q, slack=2)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)


def test_piecewise_with_a_condition_never_true_is_its_default_branch():
    # sin(x) > 2 never holds: sigma = x/3, V = q/9, D = 1/9; q* = sb^2 / (1 - sw^2/9), chi1 = sw^2/9.
    r = vgtheory.signal("Piecewise((tanh(x), sin(x) > 2), (x/3, True))", sigma_w="1.1", sigma_b="0.2")
    with mp.workdps(30):
        q = mp.mpf("0.04") / (1 - mp.mpf("1.21") / 9)
        chi1 = mp.mpf("1.21") / 9
    assert _within(r.q_star, r.q_star_error, q, slack=2)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)


def test_hardtanh_written_as_a_chained_piecewise_float64_chi1_within_error():
    # The same function as the registry's hardtanh; its moments in closed form (clamp to [-1, 1]).
    r = vgtheory.signal("Piecewise((x, -1 < x < 1), (sign(x), True))", sigma_w=1.2, sigma_b=0.3, backend="float64")
    with mp.workdps(30):
        q = mp.findroot(lambda q: mp.mpf("1.44") * clamp_moments(q, -1, 1)[0] + mp.mpf("0.09") - q, r.q_star)
        chi1 = mp.mpf("1.44") * clamp_moments(q, -1, 1)[1]
    assert _within(r.q_star, r.q_star_error, q, slack=2)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)


def test_and_piecewise_mpmath_backend_is_honest():
    # The mpmath backend's error is wide where the kinks are missed (R40b-1), but it covers the truth.
    f = "tanh(x) + Piecewise((1/2, -1/3 < x < 1/2), (0, True))"
    a, b = mp.mpf(-1) / 3, mp.mpf(1) / 2
    V = lambda u: (mp.tanh(u) + (mp.mpf(1) / 2 if a < u < b else 0)) ** 2
    D = lambda u: mp.sech(u) ** 4
    r = vgtheory.signal(f, sigma_w=1, sigma_b=0.3)
    q, chi1 = _fixed_point(V, D, 1, "0.3", "0.5063", [a, b], dps=25)
    assert _within(r.q_star, r.q_star_error, q) and _within(r.chi1, r.chi1_error, chi1)


@pytest.mark.parametrize("formula, closed", [
    # E[u^2; -1 < u < 2] and P(-1 < u < 2)
    ("Piecewise((x, (x > -1) and (x < 2)), (0, True))",
     lambda q, s: (q * (mp.ncdf(2 / s) - mp.ncdf(-1 / s)) - s * (2 * mp.npdf(2 / s) + mp.npdf(-1 / s)),
                   mp.ncdf(2 / s) - mp.ncdf(-1 / s))),
    # x outside [-1, 0], x/2 inside: V = q - (3/4) E[u^2; -1 < u < 0], D = 1 - (3/4) P(-1 < u < 0)
    ("Piecewise((x, (x > 0) or (x < -1)), (x/2, True))",
     lambda q, s: (q - mp.mpf(3) / 4 * (q * (mp.mpf(1) / 2 - mp.ncdf(-1 / s)) - s * mp.npdf(-1 / s)),
                   1 - mp.mpf(3) / 4 * (mp.mpf(1) / 2 - mp.ncdf(-1 / s)))),
])
def test_symbolic_moments_of_and_or_piecewise_closed_form(formula, closed):
    from vgtheory.meanfield.moments import Q

    V, D = Moments.of(activation(formula), "mpmath", 20).symbolic()
    for q in ("0.7", "3"):
        with mp.workdps(30):
            want = closed(mp.mpf(q), mp.sqrt(mp.mpf(q)))
            got = [mp.mpf(str(e.subs(Q, mp.mpf(q)).evalf(30))) for e in (V, D)]
            assert all(abs(g - w) < mp.mpf(10) ** -25 for g, w in zip(got, want))


# -- Heaviside of transcendental arguments (kinks scanned; sigma itself jumps) ------------------------------


def test_heaviside_of_a_crossing_at_20_V_within_error():
    f = "tanh(x) + Heaviside(x/2 - tanh(x) - 9)"
    with mp.workdps(40):
        k = mp.findroot(lambda u: u / 2 - mp.tanh(u) - 9, 20)
    V = lambda u: (mp.tanh(u) + (1 if u > k else 0)) ** 2
    m = Moments.of(activation(f), "float64", 20)
    for q in (30, 100, 300):
        r = m.V(q)
        assert _within(r.value, r.error, _E(V, q, [k]))


def test_heaviside_with_three_transcendental_crossings_V_within_error():
    f = "tanh(x) + Heaviside(x/3 - tanh(x) - 1/7)/2"
    g = lambda u: u / 3 - mp.tanh(u) - mp.mpf(1) / 7
    with mp.workdps(40):
        ks = [mp.findroot(g, x0) for x0 in (-2.5, -0.2, 3.4)]
    V = lambda u: (mp.tanh(u) + (mp.mpf(1) / 2 if g(u) > 0 else 0)) ** 2
    m = Moments.of(activation(f), "float64", 20)
    for q in (mp.mpf(10) ** mp.mpf("-0.4"), mp.mpf(2), mp.mpf(10) ** mp.mpf("1.6")):
        r = m.V(q)
        assert _within(r.value, r.error, _E(V, q, ks))


def test_rounding_staircase_with_a_scanned_switch_is_no_false_jump():
    # x - sin(x) cancels near 0 (sigma' = 1 - cos u is a staircase of float64 steps at u ~ 1e-5); the Max makes the
    # kinks scanned (find_jumps on). D = E[(1 - cos u)^2] = 3/2 - 2 exp(-q/2) + exp(-2q)/2 (the Max is 0 near 0).
    m = Moments.of(activation("x - sin(x) + Max(0, tanh(x) - x/2 - 3)"), "float64", 20)
    assert not m.kinks_exact
    for q in (mp.mpf(10) ** -6, mp.mpf(10) ** -10):
        with mp.workdps(50):
            truth = mp.mpf(3) / 2 - 2 * mp.exp(-q / 2) + mp.exp(-2 * q) / 2
        r = m.D(q)
        assert _within(r.value, r.error, truth)


# -- torch modules with kinks and jumps (own quadrature split there) -----------------------------------------

TORCH = {
    "Softshrink(0.5)": (lambda t: t.nn.Softshrink(0.5),
                        lambda u: u - mp.mpf(1) / 2 if u > mp.mpf(1) / 2 else (u + mp.mpf(1) / 2 if u < -mp.mpf(1) / 2 else 0),
                        lambda u: 1 if abs(u) > mp.mpf(1) / 2 else 0, [-0.5, 0.5]),
    "Threshold(0.3, -0.2)": (lambda t: t.nn.Threshold(0.3, -0.2), lambda u: u if u > mp.mpf("0.3") else mp.mpf("-0.2"),
                             lambda u: 1 if u > mp.mpf("0.3") else 0, [mp.mpf("0.3")]),
    "Hardswish()": (lambda t: t.nn.Hardswish(), lambda u: 0 if u <= -3 else (u if u >= 3 else u * (u + 3) / 6),
                    lambda u: 0 if u < -3 else (1 if u > 3 else (2 * u + 3) / 6), [-3, 3]),
}


@pytest.mark.parametrize("name", list(TORCH))
def test_torch_module_with_kinks_signal_within_error(name):
    torch = pytest.importorskip("torch")
    make, s, ds, points = TORCH[name]
    r = vgtheory.signal(make(torch), sigma_w=1.3, sigma_b=0.2, backend="float64")
    assert r.q_state == "converged"
    q, chi1 = _fixed_point(lambda u: s(u) ** 2, lambda u: ds(u) ** 2, "1.3", "0.2", r.q_star, points, dps=25)
    assert _within(r.q_star, r.q_star_error, q, slack=2)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)


def test_callable_clamp_V_within_error_at_the_old_panel_edge():
    m = Moments.of(activation(lambda t: min(max(t, -0.5), 1.0)), "float64", 20)
    for e in ("-0.3", "-0.2", "0.3"):
        q = mp.mpf(10) ** mp.mpf(e)
        r = m.V(q)
        assert _within(r.value, r.error, clamp_moments(q, "-0.5", 1)[0])


# -- one-line refusals ----------------------------------------------------------------------------------------


def test_nine_branch_max_refused_in_one_line():
    f = ("Max(tanh(x), sin(x)/2, x/3 - 1/5, erf(x) - 1/4, atan(x)/2 - 1/7, tanh(2*x)/3 + 1/9, cos(x)/3 - 1/2, "
         "x*exp(-x**2), sin(3*x)/5)")
    with pytest.raises(FormulaError, match="9 branches"):
        activation(f)


def test_cli_piecewise_without_a_default_one_line():
    out = subprocess.run([sys.executable, "-m", "vgtheory", "signal", "Piecewise((tanh(x), x > 0))", "--sigma-w", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "must end with a (value, True) pair" in out.stderr


# -- findings (strict xfails asserting the truth) -------------------------------------------------------------

AND_PIECEWISE = "tanh(x) + Piecewise((1/2, -1/3 < x < 1/2), (0, True))"


def _and_piecewise_moments():
    a, b = mp.mpf(-1) / 3, mp.mpf(1) / 2
    return (lambda u: (mp.tanh(u) + (mp.mpf(1) / 2 if a < u < b else 0)) ** 2), (lambda u: mp.sech(u) ** 4), [a, b]


def test_and_condition_piecewise_float64_q_star_and_chi1_within_error():
    # R40b-1: Moments._kink_search reads a Piecewise condition only where it is one Relational; a chained comparison
    # (And) or an Or is skipped while kinks_exact stays True: no kink, no jump search, sigma's jumps at -1/3 and 1/2
    # are integrated across (q* off 1.3e-9 under 5e-14).
    V, D, pts = _and_piecewise_moments()
    r = vgtheory.signal(AND_PIECEWISE, sigma_w=1, sigma_b=0.3, backend="float64")
    q, chi1 = _fixed_point(V, D, 1, "0.3", r.q_star, pts)
    assert _within(r.q_star, r.q_star_error, q, slack=2)
    assert _within(r.chi1, r.chi1_error, chi1, slack=2)


def test_and_condition_piecewise_recommended_critical_sigma_w():
    # critical at sigma_b = 0.3: q - sigma_b^2 = V/D, sigma_w = 1/sqrt(D) (own quadrature): 1.58846539825684
    V, D, pts = _and_piecewise_moments()
    r = vgtheory.recommend_init(AND_PIECEWISE, sigma_b=0.3)
    assert r.method == "critical"
    with mp.workdps(30):
        q = mp.findroot(lambda q: q - mp.mpf("0.09") - _E(V, q, pts) / _E(D, q, pts), r.q)
        sw = 1 / mp.sqrt(_E(D, q, pts))
        # chi1 at the recommended sigma_w is sigma_w^2 D(q*) there; to first order 1 + 2 (sigma_w - sw)/sw
        assert abs(2 * (mp.mpf(r.sigma_w) - sw) / sw) <= 2 * r.chi1_error + mp.mpf(10) ** -15


def test_callable_with_a_jump_of_sigma_q_star_within_error():
    # R40b-2: sigma = u + [u > -1/2] jumps at -1/2 where sigma' = 1 on both sides (sigma^2 only bends there: 1/4 on
    # both sides); V(q) = q + 2 sqrt(q) phi(1/(2 sqrt q)) + Phi(1/(2 sqrt q)). R38b-4's variant: V is not cut there.
    f = lambda t: t + (1.0 if t > -0.5 else 0.0)
    with mp.workdps(30):
        q0 = mp.mpf(10) ** mp.mpf("-0.3")
        Vc = lambda q: q + 2 * mp.sqrt(q) * mp.npdf(1 / (2 * mp.sqrt(q))) + mp.ncdf(1 / (2 * mp.sqrt(q)))
        sw = float(mp.sqrt(q0 / Vc(q0)))
        q = mp.findroot(lambda q: mp.mpf(sw) ** 2 * Vc(q) - q, q0)
    r = vgtheory.signal(f, sigma_w=sw, sigma_b=0, backend="float64")
    assert r.q_state == "converged"
    assert _within(r.q_star, r.q_star_error, q, slack=2)


def test_float64_form_of_a_min_of_four_max_in_bounded_time():
    # R40b-3: a Min of four 4-branch Max (16 transcendental branches, no Max/Min over 8) passed the branch limit;
    # `vgtheory init` on it ran 285 s (158 s CPU), of which ~200 s in Moments._numpy: float_form's stable_form
    # rewrite of sigma' (sympy's Max/Min constructors comparing branches), a sympy step no clock bounds. Fixed in
    # session 24: the branches of nested Max/Min count together, and the formula is refused in one line, in time.
    f = ("Min(Max(tanh(x), sin(x)/2, x/3 - 1/5, erf(x) - 1/4), Max(atan(x)/2 - 1/7, tanh(2*x)/3 + 1/9, cos(x)/3 - 1/2, "
         "x*exp(-x**2)), Max(sin(3*x)/5, tanh(x/2) - 1/8, erf(x/3), x/5 + sin(x)/7), Max(cos(2*x)/4, tanh(3*x)/2 - 1/3, "
         "atan(2*x)/3, exp(-x**2/2) - 3/4))")
    code = ("import sys; sys.path.insert(0, %r); from vgtheory.meanfield.moments import Moments; "
            "from vgtheory.core.activations import activation; from vgtheory.errors import FormulaError\n"
            "try:\n    m = Moments.of(activation(%r), 'float64', 20); m._numpy; print('done')\n"
            "except FormulaError as exc:\n    print('refused:', exc)") % (str(ROOT), f)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=12)
    except subprocess.TimeoutExpired:
        out = None
    assert out is not None and ("done" in out.stdout or "MAX_SWITCH_BRANCHES" in out.stdout), out


# -- poles of tan (R40b-4) and the same functions spelled without tan (right) -----------------------------------


def _sigma_prime_growth_at_half_pi(dsigma):
    """|u - pi/2| * sigma'(u)^2 at u = pi/2 - 1e-20 (our own: > 1e10 means sigma'^2 is not integrable there)."""
    with mp.workdps(60):
        d = mp.mpf(10) ** -20
        return d * dsigma(mp.pi / 2 - d) ** 2


def test_sin_over_cos_diverges():
    r = vgtheory.signal("sin(x)/cos(x)", sigma_w=0.5, sigma_b=0.1)
    assert r.q_state == "diverged"


def test_log_one_plus_tan_squared_chi1_is_infinite():
    # R40b-4: log(1 + tan(x)^2) = -log(cos(x)^2): the same sigma as the test above, whose chi1 is +oo; tan's poles
    # are no singular points of the formula, so chi1 = 0.2437 +- 2.5e-15 (ordered) is printed (for the -log(cos(x)**2)
    # spelling the package proves D = +oo: 24 s, left out of this file's budget).
    assert _sigma_prime_growth_at_half_pi(lambda u: mp.sech(u) ** 2 + 2 * mp.tan(u) / 1000) > 1e10
    r = vgtheory.signal("tanh(x) + log(1 + tan(x)**2)/1000", sigma_w=0.5, sigma_b=0.1)
    assert r.chi1 is None or not mp.isfinite(r.chi1)


def test_tan_term_orbit_is_not_converged():
    # R40b-4: sigma^2 >= tan(u)^2/10^6 - 2|tan u|/1000 near pi/2, and int tan^2 = tan u - u up to pi/2 - d grows like
    # 1/d: V(q) = +oo for every q > 0, so q_1 = +oo and no q* exists; the package says converged 0.01323 +- 1e-16.
    with mp.workdps(40):
        d = mp.mpf(10) ** -30
        assert mp.tan(mp.pi / 2 - d) - (mp.pi / 2 - d) > 10**29
    r = vgtheory.signal("tanh(x) + tan(x)/1000", sigma_w=0.5, sigma_b=0.1)
    assert r.q_state != "converged"


def test_sawtooth_atan_tan_V_within_error():
    # R40b-4: atan(tan(u)) = u - k pi on (k pi - pi/2, k pi + pi/2): sigma jumps by pi/10 at pi/2 + k pi, where
    # nothing splits the float64 rules (V(4) off 5.1e-8 under 3.9e-16).
    def V(q):
        with mp.workdps(30):
            pdf = lambda u: mp.exp(-u * u / (2 * q)) / mp.sqrt(2 * mp.pi * q)
            return sum(mp.quad(lambda u: (mp.tanh(u) + (u - k * mp.pi) / 10) ** 2 * pdf(u),
                               [k * mp.pi - mp.pi / 2, k * mp.pi, k * mp.pi + mp.pi / 2]) for k in range(-12, 13))
    m = Moments.of(activation("tanh(x) + atan(tan(x))/10"), "float64", 20)
    for q in (1, 4):
        r = m.V(q)
        assert _within(r.value, r.error, V(mp.mpf(q)))
