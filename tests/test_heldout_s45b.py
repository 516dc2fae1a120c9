"""Held-out tests of red team R45b (numbers, errors and time bounds, against 6c946e9): the critical sigma_w of a
hardtanh given as a float64 callable or a torch module (no mpmath formula), the critical sigma_w of tanh at small
sigma_b, a float callable's signal against hardtanh's closed-form moments, the depth scale next to chi1 = 1, and
Theorem 2's aw = 1 regime with p = 5 (tanh z + z^3 e^(-z^2)/3 = z - z^5/5 + O(z^7)).

Findings (fixed in session 26): R45b-1 (critical_init of the hardtanh callable max(-1, min(1, z)) at
sigma_b = 0.3, default mpmath backend, raises "no sigma_w with chi1 = 1 found" where the root is 1.11614499965567793;
backend="float64" finds it, and docs/signal.md's table gives 1.116145 for the registry hardtanh), R45b-2 (gradient of
torch.nn.Tanh / Sigmoid at a saturated layer claims 13 digits of an autograd slope 1 - y^2 / y(1 - y) that cancels: 8
digits right at w = [10, 2], 0.0 for 3.5e-26 at w = [30, 30]).

Every truth is derived independently of the package: hardtanh's V and D in closed form (tests/oracles.py
clamp_moments), q* by findroot of q = sigma_w^2 V(q) + sigma_b^2, the critical sigma_w by bisection of 1 - chi1; tanh's
by mpmath quadrature at 30-40 digits; chain derivatives by tests/oracles.py chain_partials at 40 digits.
"""
from __future__ import annotations

import math

import mpmath
import pytest

from oracles import chain_partials, clamp_moments

import vgtheory as v


def _clamp(z):
    return max(-1.0, min(1.0, z))


def _clamp_signal(sw, sb, dps=40):
    """(q*, chi1) of hardtanh from its closed-form moments: V = E[clamp(u)^2], D = P(|u| < 1), u ~ N(0, q)."""
    with mpmath.workdps(dps):
        sw, sb = mpmath.mpf(sw), mpmath.mpf(sb)
        g = lambda q: sw**2 * clamp_moments(q, -1, 1, dps)[0] + sb**2 - q  # noqa: E731
        q = mpmath.mpf(1)
        for _ in range(100):  # the length map from q0 = 1 (it contracts: hardtanh's V(q) grows like sqrt(q))
            q = g(q) + q
        q = mpmath.findroot(g, q)
        return q, sw**2 * clamp_moments(q, -1, 1, dps)[1]


# The root of chi1 = 1 for hardtanh at sigma_b = 0.3: bisection of 1 - chi1(sigma_w) on [1.0001, 20] (chi1 < 1 at
# 1.0001, where q* is large enough that P(|u| < 1) < 1/sw^2, and > 1 at 20), 100 halvings, at 30 digits.
HARDTANH_CRIT_03 = mpmath.mpf("1.1161449996556779279")


@pytest.mark.slow
def test_hardtanh_critical_truth_is_a_root():
    with mpmath.workdps(40):
        lo = _clamp_signal(HARDTANH_CRIT_03 - mpmath.mpf("1e-12"), "0.3")[1]
        hi = _clamp_signal(HARDTANH_CRIT_03 + mpmath.mpf("1e-12"), "0.3")[1]
        assert lo < 1 < hi


@pytest.mark.slow
def test_hardtanh_callable_critical_init_found():
    r = v.critical_init(_clamp, "0.3")
    assert abs(r.sigma_w - HARDTANH_CRIT_03) <= max(r.sigma_w_error, mpmath.mpf("1e-12"))


@pytest.mark.slow
def test_hardtanh_callable_critical_init_float64_backend_held():
    r = v.critical_init(_clamp, "0.3", backend="float64")
    assert abs(r.sigma_w - HARDTANH_CRIT_03) <= r.sigma_w_error
    q, _ = _clamp_signal(r.sigma_w, "0.3")
    assert abs(r.q_star - q) <= r.check.q_star_error


@pytest.mark.slow
def test_hardtanh_formula_critical_init_held():
    r = v.critical_init("Max(-1, Min(1, x))", "0.3")
    assert abs(r.sigma_w - HARDTANH_CRIT_03) <= r.sigma_w_error


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["float64", "mpmath"])
@pytest.mark.parametrize("sw", ["1.5", "3"])
def test_hardtanh_callable_signal_within_error_held(sw, backend):
    q, chi = _clamp_signal(sw, "0.3")
    r = v.signal(_clamp, sw, "0.3", backend=backend)
    assert abs(r.q_star - q) <= r.q_star_error
    assert abs(r.chi1 - chi) <= r.chi1_error


@pytest.mark.slow
def test_tanh_critical_small_sigma_b_held():
    # Truth: bisection of chi1(sw) - 1 on [1, 1.5], q* by findroot of sw^2 E[tanh^2] + sb^2 - q, mpmath quad 30 digits.
    r = v.critical_init("tanh", "0.001")
    assert abs(r.sigma_w - mpmath.mpf("1.0090850402772203948")) <= r.sigma_w_error


@pytest.mark.slow
def test_depth_scale_next_to_chi1_one_held():
    # chi1 - 1 = 2.888388255e-14 at sigma_w = 1.39558397515495, sigma_b = 0.3 (tanh; quad at 40 digits):
    # xi = -1/ln chi1 = -3.462138438e13; with chi1's error 1.4e-14 one digit is all that may be printed.
    r = v.signal("tanh", "1.39558397515495", "0.3")
    d = r.to_dict()
    xi = mpmath.mpf(d["text"]["depth_scale"])
    assert abs(xi - mpmath.mpf("-3.462138438e13")) <= mpmath.mpf("0.5e13")


@pytest.mark.slow
def test_theorem2_p5_chain_numbers_held():
    # sigma = tanh z + z^3 e^(-z^2)/3 = z - z^5/5 + O(z^7): df/dw_1 at w = 1, x = 1, depth 100 and the log-log slope
    # between depths 100 and 200 (the check report prints 0.00548014560461 and -1.25420642488).
    sig = lambda t: mpmath.tanh(t) + t**3 * mpmath.exp(-t * t) / 3  # noqa: E731
    dsig = lambda t: mpmath.sech(t) ** 2 + (t**2 - 2 * t**4 / 3) * mpmath.exp(-t * t)  # noqa: E731
    a = chain_partials(sig, dsig, [1] * 100, 1, 0, 40)[1][0]
    b = chain_partials(sig, dsig, [1] * 200, 1, 0, 40)[1][0]
    assert abs(a - mpmath.mpf("0.00548014560461")) < mpmath.mpf("1e-14")
    assert abs(mpmath.log(b / a) / mpmath.log(2) - mpmath.mpf("-1.25420642488")) < mpmath.mpf("1e-11")
    g = v.gradient("tanh(x) + x**3*exp(-x**2)/3", [1] * 100, 1, dps=30)
    assert abs(g.df_dw[0] - a) <= abs(a) * mpmath.mpf(10) ** (1 - g.digits)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["float64", "mpmath"])
@pytest.mark.parametrize("sw,sb", [("0.5", "0.3"), ("1.2", "0.3"), ("10", "1")])
def test_torch_hardtanh_signal_within_error_held(sw, sb, backend):
    torch = pytest.importorskip("torch")
    q, chi = _clamp_signal(sw, sb)
    r = v.signal(torch.nn.Hardtanh(), sw, sb, backend=backend)
    assert abs(r.q_star - q) <= r.q_star_error
    assert abs(r.chi1 - chi) <= r.chi1_error


@pytest.mark.slow
def test_tanh_signal_dps40_within_error_held():
    # q*, chi1 of tanh at (1.5, 0.3) by findroot and quad at 60 digits: the stated errors (~1e-34) cover them.
    with mpmath.workdps(60):
        E = lambda f, q: mpmath.quad(lambda u: f(mpmath.sqrt(q) * u) * mpmath.npdf(u),  # noqa: E731
                                     [-mpmath.inf, -16, -8, -4, -2, -1, 0, 1, 2, 4, 8, 16, mpmath.inf])
        sw, sb = mpmath.mpf("1.5"), mpmath.mpf("0.3")
        q = mpmath.findroot(lambda q: sw**2 * E(lambda h: mpmath.tanh(h) ** 2, q) + sb**2 - q, mpmath.mpf("0.96"))
        chi = sw**2 * E(lambda h: mpmath.sech(h) ** 4, q)
        r = v.signal("tanh", "1.5", "0.3", dps=40)
        assert abs(r.q_star - q) <= r.q_star_error
        assert abs(r.chi1 - chi) <= r.chi1_error


# R45b-2: a torch module's slope comes from autograd in float64 (Tanh's backward is 1 - y^2, Sigmoid's y(1 - y)); at a
# saturated layer input that difference cancels (sech^2(10) = 8.2e-9 from 1 - tanh(10)^2 with tanh(10) rounded to
# 1.1e-16: ~1e-8 relative), yet the gradient claims 13 digits. Truth: oracles.chain_partials at 40 digits with
# sech^2 and e^-t/(1 + e^-t)^2 written out (no cancellation).
_TORCH_SATURATED = [
    ("Tanh", [10, 2]),  # df/dw_1 = 1.1649776423111482e-9; printed 1.164977652748e-9 with 13 digits
    ("Tanh", [30, 30]),  # df/dw = 3.68e-50, 3.50e-26; printed 0.0, 0.0 with 13 digits
    ("Sigmoid", [20, 2]),  # df/dw_1 = 4.3281581734913544e-10; printed 4.328158328835e-10 with 13 digits
]


@pytest.mark.slow
@pytest.mark.parametrize("name,w", _TORCH_SATURATED)
def test_torch_saturated_gradient_digits(name, w):
    torch = pytest.importorskip("torch")
    if name == "Tanh":
        sig, dsig = mpmath.tanh, (lambda t: mpmath.sech(t) ** 2)
    else:
        sig, dsig = (lambda t: 1 / (1 + mpmath.exp(-t))), (lambda t: mpmath.exp(-t) / (1 + mpmath.exp(-t)) ** 2)
    _, df, _ = chain_partials(sig, dsig, w, 1, 0, 40)
    g = v.gradient(getattr(torch.nn, name)(), w, 1)
    for got, want in zip(g.df_dw, df):
        with mpmath.workdps(40):
            assert abs(got - want) <= abs(want) * mpmath.mpf(10) ** (1 - g.digits)


@pytest.mark.slow
def test_float_callable_saturated_gradient_digits_held():
    # The same chain with a float64 callable: digits drop to what the differences support (2 at w = [10, 2]).
    _, df, _ = chain_partials(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, [10, 2], 1, 0, 40)
    g = v.gradient(lambda z: math.tanh(z), [10, 2], 1)
    for got, want in zip(g.df_dw, df):
        with mpmath.workdps(40):
            assert abs(got - want) <= abs(want) * mpmath.mpf(10) ** (1 - g.digits)


@pytest.mark.slow
def test_torch_unsaturated_gradient_digits_held():
    torch = pytest.importorskip("torch")
    _, df, _ = chain_partials(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, [0.5, 1.5], 1, 0, 40)
    g = v.gradient(torch.nn.Tanh(), [0.5, 1.5], 1)
    for got, want in zip(g.df_dw, df):
        with mpmath.workdps(40):
            assert abs(got - want) <= abs(want) * mpmath.mpf(10) ** (1 - g.digits)
