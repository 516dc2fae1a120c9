"""Held-out tests of red team R63b (numbers, error bars, errors and robustness: meanfield moments and fixed points,
the gradient of deep / saturated chains, the CLI's numeric options; against e9f5899).

Findings (session 34: all five fixed. R63b-1: meanfield/fixed_point's bisection fallback returns an end of the bracket
that is a fixed point to the working digits; R63b-2: moments with a width-0 feature integrate at dps + 3, the rounding
floor is 2^(12 - prec) and the rules' convergence estimates count 4 times; R63b-3: theorem2_fixed_point's bracket search
steps 16-fold up to 16^260 and never prints nan; R63b-4: a moment works at the digits that resolve its narrowest feature
(log10(|c|/w) + 12, up to 8 dps); R63b-5: core/float_slope._tread starts its ladder at the smallest subnormal):
- R63b-1 (wrong: fixed point that is not one, chi_1's error bar misses the truth): vgtheory.signal("erf(1000*x)",
  sigma_w=2, sigma_b=1/10) reports q_state "converged", q* = 16.0349125895 +- 13.9 and chi_1 = 635.926 +- 170.3.
  Truth (closed form, mpmath at 60 digits): for sigma = erf(a u), V(q) = (2/pi) asin(2a^2 q / (1 + 2a^2 q)) and
  D(q) = (4a^2/pi)/sqrt(1 + 4a^2 q); q* = 4 V(q*) + 1/100 = 4.00872814737994234..., chi_1 = 4 D(q*) = 1271.8526464968899...
  (plain algebra: |erf| < 1, so every fixed point is below sigma_w^2 + sigma_b^2 = 4.01; 16.03 cannot be one, and
  L(16.03) = 4.0094). chi_1's bar [465.7, 806.2] excludes 1271.85. Same for tanh(1000*x) at (2, 1/10) and (2, 3/10),
  erf(1000*x) at (2, 3/10): q* ~ 16 +- 14. The CLI (`vgtheory signal "erf(1000*x)" --sigma-w 2 --sigma-b 0.1`) prints
  "q* = 2.0e+1 (converged)   error estimate 14.0" (its range [6, 34] excludes 4.0087), "chi1 = 635.926338121   error
  estimate 1.7e+2" and "depth scale xi = -0.2"; at (3, 1/10), (3/2, 1/10): q* = 36.03, 9.035 (bound 9.01, 2.26) "converged"
  +- inf. Where: meanfield/fixed_point.fixed_point: the rising orbit 1, 4.0075, 4.00873, ... reaches, at 20 digits,
  an exact fixed point (L(q) == q) at step 4+; _MONOTONE_STEPS calls _monotone_limit, whose _aitken_bracket returns no
  bracket (q1 - q == 0), the grid brackets (q, 4q); the solver leaves it and the bisection fallback takes
  ga = g(a) = 0 exactly, so (g(mid) > 0) == (ga > 0) is True for every mid < 0: a climbs to b = 4q. The returned
  root is never checked against g (its "error" |g(root)| = 12 is then only folded into q*'s bar).
  erf(a x) for a = 10, 30, 100, 300, 10^4 and erf(1000 x) at (2, 0), (6/5, 1/10), (2, 1/5) are right (held below).
- R63b-2 (wrong: error bar excludes the truth): Moments.of("tanh(x) + sign(x-1)*Abs(x-1)**(1/3) + 1").V(25)
  (the default 20 digits) = 6.302889829646683132831 +- 1.37e-18; truth 6.3028898296466831303750696737206534080365...
  (mpmath at 50 and 90 digits, identical; the cusp removed by u = 1 +- t^3, where |u - 1|^(1/3) = t), off by
  2.46e-18 = 1.79 times the bar. Also V(100) off by 1.01 bars, sign(x-3)|x-3|^(1/3) + 3^(1/3) at q = 25 (1.48),
  sign(x-c)|x-c|^(1/5) + c^(1/5), c = 1, 1/2 at q = 25 (1.55, 1.54). At 30, 40, 50 digits the bars hold (ratio <=
  0.003). Where: gaussian._quad_pair: sigma'^2 ~ |u - 1|^(-4/3) is not integrable (D = +oo, right), but sigma^2 has
  the cusp |u - 1|^(1/3); the two tanh-sinh readings agree by more than the floor at 20 digits.
- R63b-3 (refusal, with a false number in its message): theorem2("10**60*tanh(x/10**60)", w=2, x=1, depth=5) raises
  VGTheoryError "no verified positive fixed point of z -> sigma(w z): the search ended at z = 1.0 with
  |sigma(w z) - z| = nan"; so does s = 10^300 (`vgtheory check -- '1e300*tanh(x/1e300)'` prints "Theorem 2 ...:
  undecided" with that line). Truth (plain algebra): sigma(w z) = z with sigma = S tanh(z/S) is z = S t, t = tanh(2t),
  t* = 0.95750402407726943... (mpmath 50 digits): z* = 9.575e59 exists, is unique and positive (tanh concave,
  slope 2 > 1 at 0), and |sigma(2 * 1) - 1| = |10^60 tanh(2 10^-60) - 1| = 1 - O(10^-120), not nan. S = 10^20, 10^25,
  10^40 give z* = S t* (held below). Where (read, not traced step by step): theorem2_fixed_point.fixed_point: the
  200 steps from z = 1 double z while z << S (2^200 ~ 1.6e60, so for S >= 10^60 they end short of or barely at z*),
  the candidate is not verified, and _bracketed_root doubles only 64 times (to 1.8e19 << z*), so no bracket; the
  message prints nan because ``res`` is None after the failed bracket (z reset to start), not psi(1) = 1.
- R63b-4 (wrong: error bar misses by 10^43): Moments.of("tanh(x) + exp(-10**64*(x-2)**2)/1000").D(1) (a bump of
  height 10^-3 and width w = 10^-32 at u = 2; the default 20 digits) = 0.46440290244826824197 +- 1.0e-19, which is
  D of tanh alone; the feature is found (Moments.features = ((2, 1e-32),)) but not resolved. Truth: the bump's slope
  b'(u) = -2(u - 2)/(1000 w^2) e^(-(u-2)^2/w^2) adds E[b'^2] = phi(2) sqrt(pi)/(10^6 sqrt(2) w) (1 + O(w)) =
  6.7668e24 (plain algebra: int t^2 e^(-2t^2/w^2) dt = sqrt(pi) w^3/(4 sqrt 2)); mpmath at 50 digits, split at
  2 +- w, 5w, 20w: 6.7667641618306345947e24. Widths 10^-8, 10^-16 are right (held); 10^-24 gives 3.72e16 +- 3.72e16
  (contains the truth 6.77e16); at dps=40 the 10^-32 bump is found (6.7667641618306e24). So the 20-digit quadrature
  takes 2 +- 10^-32 as 2 (below its resolution) and still states a 10^-19 error; the package could raise the working
  precision to the feature's relative width (it does for other scales) or report an infinite error.
- R63b-5 (error: hang, an endless loop): vgtheory.gradient(lambda x: math.tanh(x), ["1e-300"], "1e-20") (one layer;
  w x = 1e-320, a float64 subnormal; w and x inside the documented 1e-300..1e300) runs past 30 s (killed); so does
  gradient(lambda x: math.tanh(x), ["1/2"] * 1100, 1) past 100 s (z_k = 2^-k-ish falls to subnormals near k ~ 1070;
  depth 1000 ends in 2.7 s with 7 right digits). Truth: df/dw_1 = x sech^2(w x) = 10^-20 (1 - O(10^-640)) (plain
  algebra); the expected behaviour is an answer or one VGTheoryError line in bounded time. Where (faulthandler stack
  after 20 s): core/chain_checks.layer_slope -> activations.float_report -> core/float_slope.float_report -> _noise ->
  _tread: with f subnormal, h = _STEPS[2] * |f| underflows to 0.0, and `while h < 2^-8 max(1, |f|): h *= 4` never
  grows h (0 * 4 = 0) and never ends (every g(f + k h) equal: no step found, no return).

Held (passing tests below):
- Moments V, D of tanh(x) + |x - 1|^(2/3) - 1 (sigma'^2 ~ |u - 1|^(-2/3), integrable), q = 1, 10^-6, 100; of tanh(x) +
  |x - 1/3| - 1/3 (a kink) and atan(1000 x): within their bars (mpmath 50 digits, substitution u = 1 +- t^3).
  D of tanh(x) + sign(x - 1)|x - 1|^(1/3) + 1 is +oo (sigma'^2 ~ |u - 1|^(-4/3): right).
- signal of erf(a x), a = 10 .. 10^4, at (sigma_w, sigma_b) = (2, 1/10), (2, 0), (6/5, 1/10): q*, chi_1 within bars.
- gradient: tanh, w = 1/2, depth 2000 (values ~1e-602) equal mpmath at 60 digits; tanh, w = 10^300 (exact), depth 3:
  df/dw_1 = 2.4687333271370806381e-2605766891419510965...e300-digit exponent, equal mpmath at 400 digits.
- Not in tests (probed, right against erf's closed form at 60-80 digits): critical_init of erf(a x), a = 1, 10, 1000,
  sigma_b = 1e-5 .. 3; signal of erf(x) at sigma_w = 30 .. 1000, 1e150, 1e300, 1e-150; a callable erf(a x)'s signal
  (float64); D of tanh + sign(x-1)|x-1|^(11/20) + 1 (sigma'^2 ~ |u-1|^(-0.9)); gradient depth 20000 at w = 1e-300.
- CLI gradient: --w 1e301 / nan / inf / '1,,2', --depth 0, --x 1e-400, --s 0 / -1, --lam nan: one 'vgtheory: error:' line.

Every truth is derived independently of the package: closed forms (worked in the comments), plain algebra, or mpmath
at >= 50 digits (stated where used).
"""
from __future__ import annotations

import os
import subprocess
import sys

import mpmath as mp
import pytest


def _erf_truth(a, sw, sb, dps=60):
    # sigma = erf(a u), u ~ N(0, q): E[erf(a u)^2] = (2/pi) asin(2a^2 q/(1 + 2a^2 q)),
    # E[sigma'(u)^2] = (4a^2/pi) E[exp(-2a^2 u^2)] = (4a^2/pi)/sqrt(1 + 4a^2 q).
    with mp.workdps(dps):
        a, w, b = mp.mpf(a), mp.mpf(sw), mp.mpf(sb)
        V = lambda q: 2 / mp.pi * mp.asin(2 * a * a * q / (1 + 2 * a * a * q))  # noqa: E731
        D = lambda q: 4 * a * a / mp.pi / mp.sqrt(1 + 4 * a * a * q)  # noqa: E731
        qs = mp.findroot(lambda q: w**2 * V(q) + b**2 - q, w**2 + b**2)
        return +qs, +(w**2 * D(qs))


# ---------------------------------------------------------------------------------------------------------------
# R63b-1
def test_oracle_r63b_1_erf_closed_form():
    qs, chi = _erf_truth(1000, 2, "0.1")
    with mp.workdps(60):
        assert abs(qs - mp.mpf("4.00872814737994234")) < mp.mpf(10) ** -16
        assert abs(chi - mp.mpf("1271.85264649688995")) < mp.mpf(10) ** -12
        assert qs < 4 + mp.mpf("0.01")  # |erf| < 1: every fixed point is below sigma_w^2 + sigma_b^2
        # the closed form against a direct 50-digit quadrature of E[erf(1000 u)^2] at q = qs
        with mp.workdps(50):
            q = +qs
            g = lambda u: mp.erf(1000 * u) ** 2 * mp.exp(-u * u / (2 * q)) / mp.sqrt(2 * mp.pi * q)  # noqa: E731
            v = mp.quad(g, [-mp.inf, -1, -0.01, 0, 0.01, 1, mp.inf])
            assert abs(4 * v + mp.mpf("0.01") - q) < mp.mpf(10) ** -40


@pytest.mark.slow
def test_r63b_1_erf1000_fixed_point():
    import vgtheory
    qs, chi = _erf_truth(1000, 2, "0.1")
    r = vgtheory.signal("erf(1000*x)", 2, "1/10")
    with mp.workdps(60):
        assert r.q_star < mp.mpf("4.01")
        assert abs(r.chi1 - chi) <= r.chi1_error


@pytest.mark.slow
def test_r63b_1_tanh1000_fixed_point_bound():
    import vgtheory
    r = vgtheory.signal("tanh(1000*x)", 3, "1/10")
    assert r.q_state != "converged" or r.q_star <= mp.mpf("9.01")


@pytest.mark.slow
def test_r63b_1_cli_signal_erf1000():
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "-m", "vgtheory", "signal", "erf(1000*x)", "--sigma-w", "2", "--sigma-b", "0.1"],
                       capture_output=True, text=True, timeout=60, env=env)
    assert p.returncode == 0
    assert "q* = 4.0087" in p.stdout and "chi1 = 1271.85" in p.stdout


@pytest.mark.slow
@pytest.mark.parametrize("a,sw,sb", [(10, "2", "0.1"), (100, "2", "0.1"), (10**4, "2", "0.1"), (1000, "2", "0"),
                                     (1000, "1.2", "0.1")])
def test_held_erf_signal(a, sw, sb):
    import vgtheory
    qs, chi = _erf_truth(a, sw, sb)
    r = vgtheory.signal(f"erf({a}*x)", sw, sb)
    with mp.workdps(60):
        assert r.q_state == "converged"
        assert abs(r.q_star - qs) <= r.q_star_error
        assert abs(r.chi1 - chi) <= r.chi1_error


# ---------------------------------------------------------------------------------------------------------------
# R63b-2
def _cusp_truth(q, c=1, p=(1, 3), dps=50):
    # V(q) of sigma = tanh u + sign(u - c)|u - c|^(p) + c^p, p = 1/k or 2/k with the substitution u = c +- t^k
    # (|u - c|^p = t^(k p), du = k t^(k-1) dt), smooth in t: mpmath's tanh-sinh at 50 digits.
    num, k = p
    with mp.workdps(dps):
        q, c = mp.mpf(q), mp.mpf(c)
        cp = c ** (mp.mpf(num) / k)
        phi = lambda u: mp.exp(-u * u / (2 * q)) / mp.sqrt(2 * mp.pi * q)  # noqa: E731
        s = lambda u, a: (mp.tanh(u) + a + cp) ** 2 * phi(u)  # noqa: E731
        pts = [0, 1, 2, 5, mp.inf]
        right = mp.quad(lambda t: s(c + t**k, t**num) * k * t ** (k - 1), pts)
        left = mp.quad(lambda t: s(c - t**k, -(t**num)) * k * t ** (k - 1), pts)
        return +(left + right)


def test_oracle_r63b_2_cusp_truth():
    # two precisions agree; a direct quadrature split at the cusp agrees as well
    t50, t70 = _cusp_truth(25), _cusp_truth(25, dps=70)
    with mp.workdps(70):
        assert abs(t50 - t70) < mp.mpf(10) ** -45
        assert abs(t70 - mp.mpf("6.302889829646683130375069673720653408036529")) < mp.mpf(10) ** -40
    with mp.workdps(50):
        q = mp.mpf(25)
        f = lambda u: (mp.tanh(u) + mp.sign(u - 1) * abs(u - 1) ** (mp.mpf(1) / 3) + 1) ** 2 * mp.exp(  # noqa: E731
            -u * u / (2 * q)) / mp.sqrt(2 * mp.pi * q)
        d = mp.quad(f, [-mp.inf, -20, -5, 0, 1, 5, 20, mp.inf])
        assert abs(d - t50) < mp.mpf(10) ** -30


def test_r63b_2_cusp_V_error_bar():
    from vgtheory.meanfield.moments import Moments
    r = Moments.of("tanh(x) + sign(x-1)*Abs(x-1)**(1/3) + 1").V(25)
    truth = _cusp_truth(25)
    with mp.workdps(50):
        assert abs(r.value - truth) <= r.error


def test_r63b_2_cusp_fifth_V_error_bar():
    from vgtheory.meanfield.moments import Moments
    r = Moments.of("tanh(x) + sign(x-1)*Abs(x-1)**(1/5) + 1").V(25)
    truth = _cusp_truth(25, p=(1, 5))
    with mp.workdps(50):
        assert abs(r.value - truth) <= r.error


@pytest.mark.parametrize("dps", [30, 40])
def test_held_cusp_V_higher_dps(dps):
    from vgtheory.meanfield.moments import Moments
    r = Moments.of("tanh(x) + sign(x-1)*Abs(x-1)**(1/3) + 1", dps=dps).V(25)
    truth = _cusp_truth(25, dps=70)
    with mp.workdps(70):
        assert abs(r.value - truth) <= r.error


def test_held_cusp_D_infinite():
    # sigma'^2 ~ (1/9)|u - 1|^(-4/3) near 1: not integrable, D = +oo
    from vgtheory.meanfield.moments import Moments
    r = Moments.of("tanh(x) + sign(x-1)*Abs(x-1)**(1/3) + 1").D(1)
    assert r.value == mp.inf


@pytest.mark.parametrize("q", [1, "1e-6", 100])
def test_held_integrable_singular_D(q):
    # sigma = tanh u + |u - 1|^(2/3) - 1: sigma'^2 ~ (4/9)|u - 1|^(-2/3), integrable. With u = 1 +- t^3:
    # sigma'(u) = sech^2 u +- (2/3)/t, du = 3 t^2 dt, so sigma'(u)^2 du = 3 (t sech^2 u +- 2/3)^2 dt (mpmath, 50 digits).
    from vgtheory.meanfield.moments import Moments
    r = Moments.of("tanh(x) + Abs(x-1)**(2/3) - 1").D(mp.mpf(q))
    with mp.workdps(50):
        qq = mp.mpf(q)
        phi = lambda u: mp.exp(-u * u / (2 * qq)) / mp.sqrt(2 * mp.pi * qq)  # noqa: E731
        right = mp.quad(lambda t: 3 * (t * mp.sech(1 + t**3) ** 2 + mp.mpf(2) / 3) ** 2 * phi(1 + t**3), [0, 1, 2, mp.inf])
        left = mp.quad(lambda t: 3 * (t * mp.sech(1 - t**3) ** 2 - mp.mpf(2) / 3) ** 2 * phi(1 - t**3), [0, 1, 2, mp.inf])
        assert abs(r.value - (left + right)) <= r.error


def test_held_atan1000_moments():
    from vgtheory.meanfield.moments import Moments
    m = Moments.of("atan(1000*x)")
    rv, rd = m.V(1), m.D(1)
    with mp.workdps(50):
        g = lambda u: mp.atan(1000 * u) ** 2 * mp.exp(-u * u / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
        h = lambda u: (1000 / (1 + 10**6 * u * u)) ** 2 * mp.exp(-u * u / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
        pts = [-mp.inf, -1, -0.01, 0, 0.01, 1, mp.inf]
        assert abs(rv.value - mp.quad(g, pts)) <= rv.error
        assert abs(rd.value - mp.quad(h, pts)) <= rd.error


# ---------------------------------------------------------------------------------------------------------------
# gradient
def test_held_gradient_deep_tanh():
    import vgtheory
    g = vgtheory.gradient("tanh(x)", ["1/2"] * 2000, 1, dps=50)
    with mp.workdps(60):
        w = mp.mpf(1) / 2
        z = [mp.mpf(1)]
        for _ in range(2000):
            z.append(mp.tanh(w * z[-1]))
        d = z[0] * mp.sech(w * z[0]) ** 2  # df/dw_1 = x sigma'(w x) prod_{k>1} w sigma'(w z_{k-1})
        for k in range(2, 2001):
            d *= w * mp.sech(w * z[k - 1]) ** 2
        assert abs(g.output - z[-1]) <= abs(z[-1]) * mp.mpf(10) ** -45
        assert abs(g.df_dw[0] - d) <= abs(d) * mp.mpf(10) ** -45


def test_held_gradient_saturated_1e300():
    import vgtheory
    g = vgtheory.gradient("tanh(x)", ["1e300"] * 3, 1)
    with mp.workdps(400):
        W = mp.mpf(10) ** 300

        def sech2(a):
            e = mp.exp(-2 * a)
            return 4 * e / (1 + e) ** 2

        z1 = mp.tanh(W)
        z2 = mp.tanh(W * z1)
        df1 = sech2(W) * W * sech2(W * z1) * W * sech2(W * z2)
        dfl = z2 * sech2(W * z2)
        assert abs(g.df_dw[0] / df1 - 1) < mp.mpf(10) ** -45
        assert abs(g.df_dw[-1] / dfl - 1) < mp.mpf(10) ** -45


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--w", "1e301"], ["--w", "nan"], ["--w", "inf"], ["--w", "1,,2"],
                                  ["--w", "0.5", "--depth", "0"], ["--w", "0.5", "--x", "1e-400"],
                                  ["--w", "0.5", "--s", "0"], ["--w", "0.5", "--lam", "nan"]])
def test_held_cli_gradient_bad_input(args):
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "-m", "vgtheory", "gradient", "tanh(x)", *args], capture_output=True,
                       text=True, timeout=60, env=env)
    assert p.returncode != 0
    assert "Traceback" not in p.stderr + p.stdout
    assert (p.stderr + p.stdout).strip().count("\n") == 0 and "vgtheory: error:" in p.stderr


# ---------------------------------------------------------------------------------------------------------------
# R63b-3
def _tstar():
    with mp.workdps(50):
        return mp.findroot(lambda t: mp.tanh(2 * t) - t, mp.mpf("0.95"))


def test_oracle_r63b_3_tstar():
    with mp.workdps(50):
        t = _tstar()
        assert abs(t - mp.mpf("0.957504024077269")) < mp.mpf(10) ** -14
        assert abs(mp.tanh(2 * t) - t) < mp.mpf(10) ** -45
        # |sigma(2) - 1| for sigma = 10^60 tanh(z/10^60): 10^60 tanh(2e-60) = 2 - O(1e-120)
        assert abs(mp.mpf(10) ** 60 * mp.tanh(2 * mp.mpf(10) ** -60) - 1 - 1) < mp.mpf(10) ** -100


def test_r63b_3_theorem2_scaled_tanh_1e60():
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2("10**60*tanh(x/10**60)", w=2, x=1, depth=5)
    with mp.workdps(50):
        assert abs(r.z_star / (mp.mpf(10) ** 60 * _tstar()) - 1) < mp.mpf(10) ** -10


@pytest.mark.parametrize("e", [20, 40])
def test_held_theorem2_scaled_tanh(e):
    from vgtheory.theorems.theorem2 import theorem2
    r = theorem2(f"10**{e}*tanh(x/10**{e})", w=2, x=1, depth=5)
    with mp.workdps(50):
        assert abs(r.z_star / (mp.mpf(10) ** e * _tstar()) - 1) < mp.mpf(10) ** -10


# ---------------------------------------------------------------------------------------------------------------
# R63b-4
def _bump_D_truth(k, dps=50):
    # D(1) of tanh u + exp(-10^(2k) (u - 2)^2)/1000 (bump width w = 10^-k), mpmath quadrature split at the bump
    with mp.workdps(dps):
        w = mp.mpf(10) ** -k
        phi = lambda u: mp.exp(-u * u / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
        h = lambda u: (mp.sech(u) ** 2 - 2 * (u - 2) / w**2 * mp.exp(-((u - 2) ** 2) / w**2) / 1000) ** 2  # noqa: E731
        pts = [-mp.inf, -1, 0, 1, 2 - 20 * w, 2 - 5 * w, 2 - w, 2, 2 + w, 2 + 5 * w, 2 + 20 * w, 3, mp.inf]
        return +mp.quad(lambda u: h(u) * phi(u), pts)


@pytest.mark.slow
def test_oracle_r63b_4_bump():
    t = _bump_D_truth(32)
    with mp.workdps(50):
        w = mp.mpf(10) ** -32
        analytic = mp.npdf(2) * mp.sqrt(mp.pi) / (10**6 * mp.sqrt(2) * w)  # the bump's share, leading order
        assert abs(t / analytic - 1) < mp.mpf(10) ** -20
        assert abs(t - mp.mpf("6.7667641618306345947e24")) < mp.mpf(10) ** 6


@pytest.mark.slow
def test_r63b_4_narrow_bump_D():
    from vgtheory.meanfield.moments import Moments
    r = Moments.of("tanh(x) + exp(-10**64*(x-2)**2)/1000").D(1)
    truth = _bump_D_truth(32)
    with mp.workdps(50):
        assert abs(r.value - truth) <= r.error


@pytest.mark.slow
@pytest.mark.parametrize("k", [8, 16])
def test_held_narrow_bump_D(k):
    from vgtheory.meanfield.moments import Moments
    r = Moments.of(f"tanh(x) + exp(-10**{2 * k}*(x-2)**2)/1000").D(1)
    truth = _bump_D_truth(k)
    with mp.workdps(50):
        assert abs(r.value - truth) <= r.error


# ---------------------------------------------------------------------------------------------------------------
# R63b-5: truth df/dw_1 = x sech^2(w x) = 1e-20 (w x = 1e-320: sech^2 = 1 - O(1e-640)).
@pytest.mark.slow
def test_r63b_5_callable_gradient_subnormal_hang():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    code = ("import math, vgtheory; g = vgtheory.gradient(lambda x: math.tanh(x), ['1e-300'], '1e-20'); "
            "print(repr(float(g.df_dw[0])))")
    try:
        p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("gradient did not end within 30 s")
    assert p.returncode == 0 and abs(float(p.stdout.strip().splitlines()[-1]) / 1e-20 - 1) < 1e-12
