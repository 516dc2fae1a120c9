"""Held-out cases of red team R14b (numeric side) that vgtheory gets right.

Every expected value is derived here independently of the package: the chain rule in a plain mpmath
loop at far more digits than asked (oracles.chain_partials), closed forms of the Gaussian moments,
mpmath quadrature, or an analytic argument stated beside the test.
"""

from __future__ import annotations

import math
import random

import mpmath
import pytest

import vgtheory
from clirun import cli
from oracles import agreeing_digits, chain_partials
from vgtheory.errors import FormulaError, VGTheoryError

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


def _digits_earned(g, sigma, dsigma, w, x, dps):
    z, df, _ = chain_partials(sigma, dsigma, [str(v) for v in w], str(x), 0, dps)
    assert min(agreeing_digits(a, b) for a, b in zip(g.df_dw, df)) >= g.digits - 1
    assert agreeing_digits(g.output, z[-1]) >= g.forward_digits - 1


# --- gradient: cancellation inside the formula, huge weights, scaled activations -------------------------

def test_gradient_cancelling_formula_at_tiny_inputs():
    # z - sin z = z^3/6 + ...: at t ~ 1e-30 a naive evaluation at 56 digits cancels every digit.
    g = vgtheory.gradient("x - sin(x)", [1] * 3, x="1e-30", dps=50)
    assert g.digits == 50
    _digits_earned(g, lambda t: t - mpmath.sin(t), lambda t: 1 - mpmath.cos(t), [1] * 3, "1e-30", 1300)


def test_gradient_log1p_cancellation_with_tiny_weights():
    g = vgtheory.gradient("log(1+x) - x", ["1e-30"] * 2, x=1, dps=50)
    assert g.digits == 50
    _digits_earned(g, lambda t: mpmath.log1p(t) - t, lambda t: 1 / (1 + t) - 1, ["1e-30"] * 2, 1, 400)


def test_gradient_tanh_with_weights_1e300():
    # sech^2(1e300) ~ 10^(-8.7e299): the mantissa depends on the 300th digit of t.
    w = ["1e300"] * 5
    g = vgtheory.gradient("tanh(x)", w, x=1, dps=50)
    assert g.digits == 50
    _digits_earned(g, mpmath.tanh, lambda t: mpmath.sech(t) ** 2, w, 1, 900)


@pytest.mark.parametrize("s, w, x", [("1e-300", ["1"] * 3, "1"), ("1e150", ["1e150"] * 3, "1"), ("1e-5", ["3"] * 4, "0.1")])
def test_gradient_scaled_tanh_at_extreme_scales(s, w, x):
    g = vgtheory.gradient(vgtheory.activation("tanh").scaled(s), w, x=x, dps=30)
    with mpmath.workdps(900):
        sv = mpmath.mpf(s)
        sigma = lambda t: sv * mpmath.tanh(t / sv)  # noqa: E731
        dsigma = lambda t: mpmath.sech(t / sv) ** 2  # noqa: E731
        _digits_earned(g, sigma, dsigma, w, x, 900)


def test_gradient_atan_tiny_weights_depth_50():
    w = ["1e-300"] * 50
    g = vgtheory.gradient("atan(x)", w, x=1, dps=50)
    _digits_earned(g, mpmath.atan, lambda t: 1 / (1 + t * t), w, 1, 200)


def test_gradient_y_equal_to_f_to_50_digits():
    # y = tanh(1) rounded to 50 digits: f - y = -3.448e-51, so dloss/dw_1 = (f - y) sech^2(1) x.
    y = "0.76159415595576488811945828260479359041276859725794"
    g = vgtheory.gradient("tanh", [1], x=1, y=y, dps=30)
    with mpmath.workdps(120):
        truth = (mpmath.tanh(1) - mpmath.mpf(y)) * mpmath.sech(1) ** 2
    assert g.loss_digits >= 1
    assert agreeing_digits(g.dloss_dw[0], truth) >= g.loss_digits - 1


# --- gradient: callables ---------------------------------------------------------------------------------

def test_gradient_mpmath_callable_chaotic_sin_earns_its_digits():
    w = [3] * 100
    g = vgtheory.gradient(mpmath.sin, w, x=1, dps=50)
    assert g.precision == "mpmath"
    _digits_earned(g, mpmath.sin, mpmath.cos, w, 1, 400)


@pytest.mark.parametrize("inner", [35, 45, 80])
def test_gradient_callable_at_a_fixed_lower_precision_is_not_taken_as_mpmath(inner):
    # tanh rounded to `inner` digits inside: fewer than asked, so the digits asked cannot be claimed.
    def f(z):
        with mpmath.workdps(inner):
            return +mpmath.tanh(z)
    w = [2] * 5
    g = vgtheory.gradient(f, w, x=1, dps=100)
    assert g.digits <= inner
    _digits_earned(g, mpmath.tanh, lambda t: mpmath.sech(t) ** 2, w, 1, 300)


def test_gradient_noisy_callables_claim_no_more_than_the_noise_allows():
    rng = random.Random(1)
    noisy = lambda z: math.tanh(z) + rng.gauss(0, 1e-12)  # noqa: E731
    g = vgtheory.gradient(noisy, [2] * 5, x=1, dps=50)
    assert g.digits <= 12
    _digits_earned(g, mpmath.tanh, lambda t: mpmath.sech(t) ** 2, [2] * 5, 1, 200)


@pytest.mark.parametrize("amp", [1e-6, 1e-8, 1e-9])
def test_gradient_callable_with_fine_oscillation(amp):
    # sigma = tanh z + A sin(z/A): sigma'(t) = sech^2 t + cos(t/A), dominated by the oscillation.
    f = lambda z: math.tanh(z) + amp * math.sin(z / amp)  # noqa: E731
    for x in ("1.3", "0.37"):
        g = vgtheory.gradient(f, [1], x=x, dps=30)
        if g.digits:
            with mpmath.workdps(40):
                t = mpmath.mpf(x)
                truth = t * (mpmath.sech(t) ** 2 + mpmath.cos(t / amp))
            assert agreeing_digits(mpmath.mpf(g.text(g.df_dw[0])), truth) >= g.digits - 1


# --- gradient: kinks ---------------------------------------------------------------------------------------

def test_formula_with_a_1e_20_kink_at_a_layer_input_is_refused():
    # t_1 = 1 lies on the kink of Max(0, z - 1)/10^20: one-sided slopes sech^2(1) and sech^2(1) + 1e-20.
    with pytest.raises(VGTheoryError, match="does not exist"):
        vgtheory.gradient("tanh(z) + Max(0, z-1)/10**20", [1, 2], x=1)


@pytest.mark.parametrize("fn", [lambda z: max(0.0, z - 1) + math.tanh(z), lambda z: math.tanh(z) + (1.0 if z > 1 else 0.0)])
def test_float_callable_with_a_kink_or_jump_on_the_layer_input_reports_no_digits(fn):
    g = vgtheory.gradient(fn, [1, 2], x=1, dps=30)
    assert g.digits == 0
    assert all(g.text(v) == "undetermined" for v in g.df_dw)


# --- signal: integrable singularities, heavy tails, narrow steps -------------------------------------------

@pytest.mark.slow  # 2-3 s loaded (pytest --durations): CI runs it
def test_signal_x_log_abs_x_integrable_log_singularity():
    # sigma'(u) = log|u| + 1: sigma'^2 is integrable at 0. Reference: mpmath quadrature split at 0.
    r = vgtheory.signal("x*log(Abs(x))", 1, "0.5")
    with mpmath.workdps(25):
        g = lambda z: mpmath.exp(-z * z / 2) / mpmath.sqrt(2 * mpmath.pi)  # noqa: E731
        mom = lambda h, q: mpmath.quad(lambda z: h(mpmath.sqrt(q) * z) * g(z), [-mpmath.inf, 0, mpmath.inf])  # noqa: E731
        V = lambda q: mom(lambda u: (u * mpmath.log(abs(u))) ** 2 if u else mpmath.mpf(0), q)  # noqa: E731
        q = mpmath.findroot(lambda q: V(q) + mpmath.mpf("0.25") - q, r.q_star)
        chi1 = mom(lambda u: (mpmath.log(abs(u)) + 1) ** 2, q)
    assert r.q_state == "converged"
    assert abs(r.q_star - q) <= max(r.q_star_error, 1e-12) and abs(r.q_star - q) < 1e-10
    assert abs(r.chi1 - chi1) <= r.chi1_error + 1e-12 and abs(r.chi1 - chi1) < 1e-10
    assert r.phase == "chaotic"


def test_signal_heavy_gaussian_tail_closed_form():
    # sigma = exp(z^2/4): V(q) = (1 - q)^(-1/2), D(q) = q/4 (1 - q)^(-3/2) for q < 1. At sigma_w = 1/2,
    # q0 = 1/2 the orbit stays below 1 and q* solves q^2 (1 - q) = 1/16.
    r = vgtheory.signal("exp(x**2/4)", "0.5", 0, q0="0.5")
    with mpmath.workdps(30):
        q = mpmath.findroot(lambda q: q * q * (1 - q) - mpmath.mpf(1) / 16, 0.3)
        chi1 = q / 16 * (1 - q) ** mpmath.mpf(-1.5)
    assert r.q_state == "converged"
    assert abs(r.q_star - q) < 1e-12 and abs(r.chi1 - chi1) < 1e-12
    assert r.phase == "ordered"


def test_signal_heavy_tail_from_q0_1_is_not_a_finite_q_star():
    # V(1) = E[exp(z^2/2)] = +oo: no finite q* is reachable from q0 = 1.
    r = vgtheory.signal("exp(x**2/4)", "0.5", 0)
    assert r.q_state != "converged" and r.phase == "undetermined"


@pytest.mark.slow  # 2-3 s loaded (pytest --durations): CI runs it
def test_signal_log_abs_q_star_closed_form_and_infinite_chi1():
    # sigma = log|z|: V(q) = (log q)^2/4 + log q * m1 + m2 with m1 = E log|Z| = -(gamma + log 2)/2,
    # m2 = E log^2|Z| = pi^2/8 + m1^2; sigma'^2 = 1/u^2 is not integrable at 0, so chi1 = +oo.
    r = vgtheory.signal("log(Abs(x))", 1, 0)
    with mpmath.workdps(30):
        m1 = -(mpmath.euler + mpmath.log(2)) / 2
        m2 = mpmath.pi ** 2 / 8 + m1 ** 2
        q = mpmath.findroot(lambda q: mpmath.log(q) ** 2 / 4 + mpmath.log(q) * m1 + m2 - q, 1.4)
    assert abs(r.q_star - q) < 1e-10
    assert r.chi1 == math.inf or r.chi1 is None or r.to_dict()["chi1"] is None
    assert r.phase == "chaotic"


@pytest.mark.slow
def test_signal_offset_steep_step_error_covers_the_truth():
    # sigma = tanh z + exp(-exp(10^4 z - 3000)/10^30)/10: a step of width 1e-4 at z = 0.30069, not at
    # the zero 0.3 of its inner argument. Truth from scipy quadrature split at the step: chi1 = 17.401.
    integrate = pytest.importorskip("scipy.integrate")
    np = pytest.importorskip("numpy")
    r = vgtheory.signal("tanh(x) + exp(-exp(10000*x - 3000)/10**30)/10", 1, "0.3")
    K = 3000 + 30 * math.log(10)
    ee = lambda u: math.exp(min(10000 * u - K, 700.0))  # noqa: E731
    dsig = lambda u: 1 / math.cosh(u) ** 2 - (1000 * ee(u) * math.exp(-ee(u)) if ee(u) < 1e300 else 0.0)  # noqa: E731
    q = 0.2369058779
    s = math.sqrt(q)
    cuts = sorted([-12.0, 12.0, 0.0] + [(K / 10000 + d * 1e-4) / s for d in (-64, -16, -4, -1, 0, 1, 4, 16, 64)])
    D = sum(integrate.quad(lambda z: dsig(s * z) ** 2 * np.exp(-z * z / 2) / np.sqrt(2 * np.pi), a, b, limit=200)[0]
            for a, b in zip(cuts, cuts[1:]))
    assert 17.3 < D < 17.5
    assert abs(r.chi1 - D) <= r.chi1_error
    assert r.phase in ("chaotic", "undetermined")


# --- command line: bad input is one line ---------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (("gradient", "tanh", "--w", "nan"), "--w must be a number"),
    (("gradient", "x.__class__", "--w", "2"), "attribute access"),
    (("gradient", "lambda x: x", "--w", "2"), "lambda is not allowed"),
    (("check", "Derivative(x, x)"), "unknown function 'Derivative'"),
    (("signal", "tanh", "--sigma-w", "1", "--timeout", "nan"), "--timeout must be"),
    (("signal", "1/x", "--sigma-w", "1"), "undefined at z = 0"),
])
def test_cli_bad_input_one_line(args, words):
    p = cli(*args)
    assert p.returncode == 2
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in p.stderr


def test_formula_never_evaluated():
    for bad in ("__import__('os')", "x.__class__", "(lambda: 1)()", "[x for x in ()]"):
        with pytest.raises(FormulaError):
            vgtheory.parse_formula(bad)


# --- signal: piecewise activations ---------------------------------------------------------------------------

def _scipy_signal(f, fp, sw, sb, pts):
    """q* and chi1 by plain fixed-point iteration, scipy quadrature split at the kinks (independent)."""
    integrate = pytest.importorskip("scipy.integrate")
    g = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731

    def moments(q):
        s = math.sqrt(q)
        cuts = sorted({-12.0, 12.0, 0.0, *[p / s for p in pts if abs(p / s) < 12]})
        V = sum(integrate.quad(lambda z: f(s * z) ** 2 * g(z), a, b, epsabs=1e-14, epsrel=1e-13)[0] for a, b in zip(cuts, cuts[1:]))
        D = sum(integrate.quad(lambda z: fp(s * z) ** 2 * g(z), a, b, epsabs=1e-14, epsrel=1e-13)[0] for a, b in zip(cuts, cuts[1:]))
        return V, D

    q = 1.0
    for _ in range(500):
        qn = sw**2 * moments(q)[0] + sb**2
        if abs(qn - q) < 1e-14:
            break
        q = qn
    return qn, sw**2 * moments(qn)[1]


@pytest.mark.slow  # 9-23 s loaded in session 15's --durations: CI runs it
@pytest.mark.parametrize("formula, f, fp, sw, sb, pts", [
    ("Max(0, x-1)", lambda u: max(0.0, u - 1), lambda u: float(u > 1), 2.0, 0.5, [1.0]),
    ("Min(Max(x, -1/3), 2)", lambda u: min(max(u, -1 / 3), 2.0), lambda u: float(-1 / 3 < u < 2), 1.5, 0.2, [-1 / 3, 2.0]),
])
def test_signal_shifted_and_asymmetric_clipped_linear(formula, f, fp, sw, sb, pts):
    r = vgtheory.signal(formula, sw, sb)
    q, chi1 = _scipy_signal(f, fp, sw, sb, pts)
    assert r.q_state == "converged"
    assert abs(r.q_star - q) < 1e-9 * max(1, q) and abs(r.chi1 - chi1) < 1e-9 * max(1, chi1)


def test_signal_relu_squared_at_its_unstable_fixed_point():
    # sigma = relu(z)^2: V(q) = E[u^4; u > 0] = 3q^2/2, D(q) = E[4u^2; u > 0] = 2q. At sigma_w = 1 the
    # fixed point q = 2/3 is unstable (L'(q) = 3q = 2); started exactly on it, q* = 2/3 and chi1 = 4/3.
    r = vgtheory.signal("Piecewise((x**2, x > 0), (0, True))", 1, 0, q0="2/3")
    assert abs(r.q_star - 2 / 3) < 1e-12 and abs(r.chi1 - 4 / 3) < 1e-12 and r.phase == "chaotic"
    # Below it the orbit q_{n+1} = 3 q_n^2/2 falls to 0, where chi1 = 2 q* = 0.
    r = vgtheory.signal("Piecewise((x**2, x > 0), (0, True))", 1, 0, q0="0.5")
    assert r.q_star == 0 and r.chi1 == 0 and r.phase == "ordered"
