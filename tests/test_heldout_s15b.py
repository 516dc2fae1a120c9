"""Held-out cases of red team R15b (numeric side) that vgtheory gets right.

Every expected value is derived here independently of the package: closed forms of the Gaussian
moments of sin/cos activations, the chain rule in a plain mpmath loop at far more digits than asked
(oracles.chain_partials), or an analytic argument stated beside the test.
"""

from __future__ import annotations

import math

import mpmath
import pytest

import vgtheory
from clirun import cli
from oracles import agreeing_digits, chain_partials
from vgtheory.errors import VGTheoryError

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


# --- signal: closed-form moments of trigonometric activations --------------------------------------------

def _fixed_point(V, sw, sb, q0=1):
    """q* of q -> sw^2 V(q) + sb^2 by plain iteration at 40 digits (the maps below are contractions)."""
    with mpmath.workdps(40):
        sw, sb, q = mpmath.mpf(sw), mpmath.mpf(sb), mpmath.mpf(q0)
        for _ in range(2000):
            qn = sw**2 * V(q) + sb**2
            if abs(qn - q) < mpmath.mpf(10) ** -35:
                return qn
            q = qn
        raise AssertionError("no convergence")


@pytest.mark.parametrize("k, sw, sb", [(10, "1", "0.1"), pytest.param(10, "3", "0", marks=pytest.mark.slow), (100, "1", "0.1")])
def test_signal_sin_kz_over_k_closed_form(k, sw, sb):
    # sigma = sin(kz)/k: E[sin^2(k sqrt(q) Z)] = (1 - e^(-2k^2 q))/2, E[cos^2(...)] = (1 + e^(-2k^2 q))/2.
    V = lambda q: (1 - mpmath.exp(-2 * k * k * q)) / (2 * k * k)  # noqa: E731
    D = lambda q: (1 + mpmath.exp(-2 * k * k * q)) / 2  # noqa: E731
    q = _fixed_point(V, sw, sb)
    chi = mpmath.mpf(sw) ** 2 * D(q)
    r = vgtheory.signal(f"sin({k}*x)/{k}", sw, sb).to_dict()
    assert abs(r["q_star"] - float(q)) <= 3 * r["q_star_error"] + 1e-14 * float(q)
    assert abs(r["chi1"] - float(chi)) <= 3 * r["chi1_error"] + 1e-14 * float(chi)
    assert r["chi1_error"] < 1e-8 * float(chi)
    assert r["phase"] == ("ordered" if chi < 1 else "chaotic")


def test_signal_sin_plus_cos_has_constant_moments():
    # (sin u + cos u)^2 = 1 + sin 2u and (cos u - sin u)^2 = 1 - sin 2u; E[sin(2 sqrt(q) Z)] = 0 (odd):
    # V = D = 1 for every q, so q* = sw^2 + sb^2 = 1.45 and chi1 = sw^2 = 1.44 exactly.
    r = vgtheory.signal("sin(x) + cos(x)", "1.2", "0.1").to_dict()
    assert abs(r["q_star"] - 1.45) <= 3 * r["q_star_error"] + 1e-14
    assert abs(r["chi1"] - 1.44) <= 3 * r["chi1_error"] + 1e-14
    assert r["phase"] == "chaotic"


def test_signal_cos_closed_form():
    # E[cos^2(sqrt(q) Z)] = (1 + e^(-2q))/2, E[sin^2] = (1 - e^(-2q))/2.
    V = lambda q: (1 + mpmath.exp(-2 * q)) / 2  # noqa: E731
    q = _fixed_point(V, "1.2", "0.1")
    chi = mpmath.mpf("1.44") * (1 - mpmath.exp(-2 * q)) / 2
    r = vgtheory.signal("cos(x)", "1.2", "0.1").to_dict()
    assert abs(r["q_star"] - float(q)) <= 3 * r["q_star_error"] + 1e-14
    assert abs(r["chi1"] - float(chi)) <= 3 * r["chi1_error"] + 1e-14
    assert r["phase"] == "ordered"


@pytest.mark.slow
def test_signal_timeout_is_respected_on_narrow_periodic_bumps():
    # exp(-10^6 sin^2(x/7)) has bumps of width ~1e-3 at every 7k*pi: costly; --timeout 2 must end it quickly.
    # Since session 16 (faster root finding) it may also finish within the bound: then its answer must be right.
    p = cli("signal", "tanh(x) + exp(-1000000*sin(x/7)**2)/2", "--critical", "--sigma-b", "0.5", "--timeout", "2", seconds=20)
    assert p.returncode in (0, 2)
    if p.returncode == 2:
        assert "\n" not in p.stderr.strip()
        return
    sw = mpmath.mpf(p.stdout.split("critical sigma_w = ")[1].split()[0])
    q = mpmath.mpf(p.stdout.split("q* = ")[1].split()[0])
    with mpmath.workdps(20):
        # Independently: for q ~ 0.25 only the bump at 0 (width ~1e-3) lies within reach of the Gaussian (the next
        # ones are at 7 pi ~ 22, 44 standard deviations out); mpmath.quad split at and around it.
        s = mpmath.sqrt(q)
        sig = lambda x: mpmath.tanh(x) + mpmath.exp(-1000000 * mpmath.sin(x / 7) ** 2) / 2  # noqa: E731
        dsig = lambda x: mpmath.sech(x) ** 2 - 1000000 * mpmath.sin(2 * x / 7) / 14 * mpmath.exp(  # noqa: E731
            -1000000 * mpmath.sin(x / 7) ** 2)
        def gauss(f):  # E[f(sqrt(q) u)] for u ~ N(0, 1), as an integral over x = sqrt(q) u
            return mpmath.quad(lambda x: f(x) * mpmath.npdf(x / s) / s, [-12 * s, -0.05, -0.01, 0, 0.01, 0.05, 12 * s])
        chi1 = sw**2 * gauss(lambda x: dsig(x) ** 2)
        q_next = sw**2 * gauss(lambda x: sig(x) ** 2) + mpmath.mpf("0.5") ** 2
    assert abs(chi1 - 1) < 1e-6
    assert abs(q_next - q) < 1e-6 * q


# --- gradient: formulas at exact kinks -------------------------------------------------------------------

def test_gradient_c1_abs_square_at_its_breakpoint():
    # |z - 1|^2 and |z - 1|(z - 1) are C^1 at 1 with slope 0 there: the partials exist, sigma'(1) = sech^2(1).
    with mpmath.workdps(60):
        z1 = mpmath.tanh(1)
        t2 = 2 * z1
        d2 = 2 * (t2 - 1) + mpmath.sech(t2) ** 2
        truth = [mpmath.sech(1) ** 2 * 2 * d2, z1 * d2]
    for f in ("Abs(z - 1)**2 + tanh(z)", "Abs(z - 1)*(z - 1) + tanh(z)"):
        g = vgtheory.gradient(f, [1, 2], x=1, dps=20)
        assert g.digits == 20
        assert all(agreeing_digits(a, b) >= 19 for a, b in zip(g.df_dw, truth))


def test_gradient_max_plus_min_is_smooth():
    # Max(z, 1) + Min(z, 1) = z + 1 everywhere: sigma = z + 1 + tanh z, no kink at 1.
    with mpmath.workdps(60):
        z1 = 2 + mpmath.tanh(1)
        t2 = 2 * z1
        d1, d2 = 1 + mpmath.sech(1) ** 2, 1 + mpmath.sech(t2) ** 2
        truth = [d1 * 2 * d2, z1 * d2]
    g = vgtheory.gradient("Max(z, 1) + Min(z, 1) + tanh(z)", [1, 2], x=1, dps=20)
    assert all(agreeing_digits(a, b) >= 19 for a, b in zip(g.df_dw, truth))


def test_gradient_c1_piecewise_join():
    # z for z < 1, 2 - 1/z beyond: value 1 and slope 1 from both sides at 1. z_1 = 1, t_2 = 2, sigma'(2) = 1/4:
    # df/dw_1 = x sigma'(1) w_2 sigma'(2) = 1/2, df/dw_2 = z_1 sigma'(2) = 1/4.
    g = vgtheory.gradient("Piecewise((z, z < 1), (2 - 1/z, True))", [1, 2], x=1, dps=20)
    assert g.digits == 20
    assert g.df_dw[0] == mpmath.mpf("0.5") and g.df_dw[1] == mpmath.mpf("0.25")


def test_gradient_relu_dead_chain_is_zero():
    # t_2 = -1 < 0: z_2 = 0 whatever w_1, w_2 do near their values, so every partial is 0 (t_3 = 0 on the kink
    # does not move: z_2 = 0 exactly).
    g = vgtheory.gradient("Max(0, z)", [1, -1, 1], x=1, dps=30)
    assert g.digits == 30
    assert all(v == 0 for v in g.df_dw)


@pytest.mark.parametrize("f", ["1 - 2*Abs(z)", lambda z: 1 - 2 * abs(z)])
def test_gradient_tent_map_kink_at_layer_two_is_refused(f):
    # x = 1/2: z_1 = 0, t_2 = 0 on the kink of 1 - 2|z| (slopes 2 and -2); w_1 moves t_2 to either side:
    # df/dw_1 does not exist.
    with pytest.raises(VGTheoryError, match="df/dw_1 does not exist"):
        vgtheory.gradient(f, [1, 1, 1], x="0.5", dps=30)


def test_mpmath_callable_kink_at_a_decimal_product_is_refused():
    # w_1 x = 10 * 0.1 = 1 exactly (decimals read exactly), on the kink of max(0, z - 1): slopes sech^2(1), 1 + sech^2(1).
    f = lambda z: mpmath.tanh(z) + max(0, z - 1)  # noqa: E731
    with pytest.raises(VGTheoryError, match="df/dw_1 does not exist"):
        vgtheory.gradient(f, ["10", 2], x="0.1", dps=30)


# --- gradient: float64 callables claim no more digits than they have --------------------------------------

def _tanh(t):
    return mpmath.tanh(t)


def _sech2(t):
    return mpmath.sech(t) ** 2


@pytest.mark.parametrize("name, fn, sig, dsig, w, x", [
    ("cos chaotic", math.cos, mpmath.cos, lambda t: -mpmath.sin(t), [3] * 60, "1"),
    ("sin alternating", math.sin, mpmath.sin, mpmath.cos, [2.9, -3.1] * 25, "0.9"),
    ("2 sin", lambda z: 2 * math.sin(z), lambda t: 2 * mpmath.sin(t), lambda t: 2 * mpmath.cos(t), [1.5] * 50, "1"),
    ("tanh deep", math.tanh, _tanh, _sech2, [4] * 200, "0.5"),
    ("atan negative", math.atan, mpmath.atan, lambda t: 1 / (1 + t * t), [-3] * 100, "0.5"),
    ("erf deep", math.erf, mpmath.erf, lambda t: 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-t * t), [1] * 300, "1"),
    ("tanh by exponentials", lambda z: (math.exp(2 * z) - 1) / (math.exp(2 * z) + 1), _tanh, _sech2, [1] * 3, "1e-7"),
    ("sin from tiny x", math.sin, mpmath.sin, mpmath.cos, [3] * 30, "1e-10"),
    ("fine oscillation", lambda z: math.tanh(z) + 1e-7 * math.sin(1e7 * z),
     lambda t: mpmath.tanh(t) + mpmath.mpf("1e-7") * mpmath.sin(10**7 * t),
     lambda t: mpmath.sech(t) ** 2 + mpmath.cos(10**7 * t), [1.5] * 5, "0.7"),
])
def test_float64_callable_chain_digits_are_earned(name, fn, sig, dsig, w, x):
    g = vgtheory.gradient(fn, w, x=x, dps=30)
    assert g.precision == "float64"
    z, df, _ = chain_partials(sig, dsig, [repr(v) if isinstance(v, float) else str(v) for v in w], x, 0, 300)
    assert min(agreeing_digits(a, b) for a, b in zip(g.df_dw, df)) >= g.digits - 1, name
    assert agreeing_digits(g.output, z[-1]) >= g.forward_digits - 1, name


@pytest.mark.parametrize("w", [[50] * 3, [18] * 3])
def test_float64_tanh_saturated_slope_claims_nothing(w):
    # sech^2(50 tanh(50) ...) ~ 1e-43 and sech^2(18) ~ 9e-16: float64 differences of tanh there are 0 or noise,
    # so no digit of df/dw can be known from the callable.
    g = vgtheory.gradient(math.tanh, w, x=1, dps=30)
    assert g.digits == 0


# --- critical initialisation of sin-type activations (Proposition C with closed-form moments) -------------

@pytest.mark.slow
@pytest.mark.parametrize("f, k, sb", [("sin(x)", 1, "0.7"), ("sin(2*x)/2", 2, "0.3")])
def test_critical_sigma_w_of_sin_kz_over_k(f, k, sb):
    # sigma = sin(kz)/k: V = (1 - e^(-2k^2 q))/(2k^2), D = (1 + e^(-2k^2 q))/2; the critical q solves
    # q - sb^2 - V/D = 0 and sigma_w = 1/sqrt(D(q)).
    from vgtheory.meanfield.propagation import critical_init
    with mpmath.workdps(40):
        b = mpmath.mpf(sb)
        V = lambda q: (1 - mpmath.exp(-2 * k * k * q)) / (2 * k * k)  # noqa: E731
        D = lambda q: (1 + mpmath.exp(-2 * k * k * q)) / 2  # noqa: E731
        q = mpmath.findroot(lambda q: q - b**2 - V(q) / D(q), b**2 + mpmath.mpf(1) / (2 * k * k))
        sw = 1 / mpmath.sqrt(D(q))
    c = critical_init(f, sb)
    assert abs(float(c.sigma_w) - float(sw)) < 1e-12
    assert abs(float(c.q_star) - float(q)) < 1e-10


def test_gradient_formula_weight_decay_cancellation_is_counted():
    # lam matches -(tanh 1 - 2) sech^2 1 to 13 digits: dloss/dw_1 + lam w_1 = -3.99e-14, 13 digits cancel.
    with mpmath.workdps(60):
        dl = (mpmath.tanh(1) - 2) * mpmath.sech(1) ** 2
        lam = mpmath.nstr(-dl, 13)
        truth = dl + mpmath.mpf(lam)
    g = vgtheory.gradient("tanh", [1], x=1, y=2, lam=lam, dps=30)
    assert g.regularized_digits >= 1
    assert agreeing_digits(g.regularized_dw[0], truth) >= g.regularized_digits - 1


# --- gradient: formulas whose slope is a difference of nearly equal sech^2 terms ---------------------------

def _tenth():
    return mpmath.mpf(10) ** -10


@pytest.mark.parametrize("f, sig, dsig, w, x", [
    ("10**10*(tanh(x) - tanh(x - 1/10**10))", lambda t: 10**10 * (mpmath.tanh(t) - mpmath.tanh(t - _tenth())),
     lambda t: 10**10 * (mpmath.sech(t) ** 2 - mpmath.sech(t - _tenth()) ** 2), ["20", "1"], "1"),
    ("tanh(x) + tanh(2*x)/2 - tanh(3*x)/3", lambda t: mpmath.tanh(t) + mpmath.tanh(2 * t) / 2 - mpmath.tanh(3 * t) / 3,
     lambda t: mpmath.sech(t) ** 2 + mpmath.sech(2 * t) ** 2 - mpmath.sech(3 * t) ** 2, ["300", "1"], "1"),
    ("1/(1+exp(-x)) - 1/(1+exp(-2*x))", lambda t: 1 / (1 + mpmath.exp(-t)) - 1 / (1 + mpmath.exp(-2 * t)),
     lambda t: mpmath.exp(-t) / (1 + mpmath.exp(-t)) ** 2 - 2 * mpmath.exp(-2 * t) / (1 + mpmath.exp(-2 * t)) ** 2, ["100", "1e40"], "1"),
])
def test_gradient_cancelling_slopes_earn_their_digits(f, sig, dsig, w, x):
    g = vgtheory.gradient(f, w, x=x, dps=30)
    assert g.digits == 30
    z, df, _ = chain_partials(sig, dsig, w, x, 0, 400)
    assert min(agreeing_digits(a, b) for a, b in zip(g.df_dw, df)) >= 29
    assert agreeing_digits(g.output, z[-1]) >= 29


# --- check: property 4 of callables with a small linear part ------------------------------------------

@pytest.mark.parametrize("f", [lambda z: math.tanh(z) ** 3 + 1e-6 * math.tanh(z),
                               lambda z: mpmath.tanh(z) ** 3 + mpmath.mpf("1e-14") * mpmath.tanh(z)])
def test_small_positive_slope_at_origin_holds(f):
    # sigma(z)/z = tanh(z)^3/z + c tanh(z)/z -> c > 0 (the cube is O(z^2) after division): property 4 holds.
    from vgtheory.properties.four import check_linear_at_origin
    assert check_linear_at_origin(f).verdict == "holds"


# --- gradient: mpmath callables in saturation -----------------------------------------------------------

def test_mpmath_callable_saturated_slopes_are_right():
    # sech^2(1000) ~ 4.3e-869 and 300 exp(-300^2) ~ 1e-39084: far below float64, within mpmath's exponent range.
    g = vgtheory.gradient(mpmath.tanh, ["1000", "1"], x=1, dps=30)
    with mpmath.workdps(60):
        truth = mpmath.sech(1000) ** 2 * mpmath.sech(mpmath.tanh(1000)) ** 2
    assert g.digits >= 1 and agreeing_digits(g.df_dw[0], truth) >= g.digits - 1
    g = vgtheory.gradient(lambda z: mpmath.exp(-z * z), ["300"], x=1, dps=30)
    with mpmath.workdps(60):
        truth = -600 * mpmath.exp(-mpmath.mpf(300) ** 2)
    assert g.digits >= 1 and agreeing_digits(g.df_dw[0], truth) >= g.digits - 1


@pytest.mark.slow
def test_critical_sigma_w_of_the_scaled_tanh():
    # sigma_s(u) = s tanh(u/s): V_s(q) = s^2 V(q/s^2), D_s(q) = D(q/s^2), so the critical sigma_w of sigma_s at sigma_b
    # is that of tanh at sigma_b/s (Proposition C for tanh solved here by mpmath quadrature), with q* scaled by s^2.
    p = cli("signal", "tanh", "--critical", "--sigma-b", "0.3", "--s", "10", "--json", seconds=60)
    assert p.returncode == 0
    import json
    out = json.loads(p.stdout)
    with mpmath.workdps(20):
        b = mpmath.mpf("0.03")
        V = lambda q: mpmath.quad(lambda z: mpmath.tanh(mpmath.sqrt(q) * z) ** 2 * mpmath.npdf(z), [-mpmath.inf, -4, 0, 4, mpmath.inf])  # noqa: E731
        D = lambda q: mpmath.quad(lambda z: mpmath.sech(mpmath.sqrt(q) * z) ** 4 * mpmath.npdf(z), [-mpmath.inf, -4, 0, 4, mpmath.inf])  # noqa: E731
        q = mpmath.findroot(lambda q: q - b**2 - V(q) / D(q), 0.003)
        sw = 1 / mpmath.sqrt(D(q))
    assert abs(float(out["sigma_w"]) - float(sw)) < 1e-9
    assert abs(float(out["q_star"]) - 100 * float(q)) < 1e-7


def test_gradient_jumps_that_do_not_move_or_are_not_hit():
    # w_1 = 0: t_1 = 0 whatever x, off the jump at 1: z_1 = tanh 0 = 0, t_2 = 0; df/dw_1 = x sigma'(0) w_2 sigma'(0) = 2, df/dw_2 = 0.
    g = vgtheory.gradient("tanh(z) + Heaviside(z - 1)/10**30", [0, 2], x=1, dps=30)
    assert g.df_dw[0] == 2 and g.df_dw[1] == 0
    # x = 1e-40 > 0: the first input is right of sign's jump; z_1 = tanh(1e-40) + 1e-30, t_2 = 2 z_1 > 0.
    g = vgtheory.gradient("tanh(z) + sign(z)/10**30", [1, 2], x="1e-40", dps=30)
    with mpmath.workdps(100):
        x = mpmath.mpf("1e-40")
        z1 = mpmath.tanh(x) + mpmath.mpf(10) ** -30
        d1, d2 = mpmath.sech(x) ** 2, mpmath.sech(2 * z1) ** 2
        truth = [x * d1 * 2 * d2, z1 * d2]
    assert g.digits == 30
    assert all(agreeing_digits(a, b) >= 29 for a, b in zip(g.df_dw, truth))
    # A jump of 1e-30 exactly at t_1 = 1 is refused.
    with pytest.raises(VGTheoryError, match="jump"):
        vgtheory.gradient("tanh(z) + Heaviside(z - 1)/10**30", [1, 2], x=1, dps=30)
