"""Signal propagation: q*, chi1, critical sigma_w against an independent quadrature, and the
theorems of docs/signal.md as hypothesis properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import integrate

from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.gaussian import expectation_f64, expectation_mp
from vgtheory.meanfield.propagation import critical_init, signal
from vgtheory.meanfield.signal_section import signal_summary

# Independent definitions (math/numpy only, not the package's parser or sympy): sigma, sigma'.
BASES = {
    "tanh": (math.tanh, lambda u: 1 / math.cosh(u) ** 2, 1.0),
    "erf": (math.erf, lambda u: 2 / math.sqrt(math.pi) * math.exp(-u * u), 2 / math.sqrt(math.pi)),
    "softsign": (lambda u: u / (1 + abs(u)), lambda u: 1 / (1 + abs(u)) ** 2, 1.0),
    "arctan": (math.atan, lambda u: 1 / (1 + u * u), 1.0),
    "algebraic": (lambda u: u / math.sqrt(1 + u * u), lambda u: (1 + u * u) ** -1.5, 1.0),
}
SIGMOID = (lambda u: 1 / (1 + math.exp(-u)), lambda u: math.exp(-abs(u)) / (1 + math.exp(-abs(u))) ** 2)
HARDTANH = (lambda u: max(-1.0, min(1.0, u)), lambda u: 1.0 if abs(u) < 1 else 0.0)


def _gauss(h, q: float, points=()) -> float:
    """E[h(sqrt(q) z)] by scipy's adaptive quadrature in z, split at 0 and the given kinks."""
    if q == 0:
        return h(0.0)
    r = math.sqrt(q)
    f = lambda z: h(r * z) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    cuts = sorted({-40.0, 0.0, 40.0} | {p / r for p in points if abs(p / r) < 40})
    return sum(integrate.quad(f, a, b, epsabs=0, epsrel=1e-13, limit=200)[0] for a, b in zip(cuts, cuts[1:]))


def _reference(value, slope, w: float, b: float, points=()) -> tuple[float, float]:
    """q* (plain iteration from q0 = 1 to a 1e-14 step) and chi1, independently of the package."""
    q = 1.0
    for _ in range(2000):
        new = w * w * _gauss(lambda u: value(u) ** 2, q, points) + b * b
        if abs(new - q) <= 1e-14 * max(new, 1e-300):
            q = new
            break
        q = new
    return q, w * w * _gauss(lambda u: slope(u) ** 2, q, points)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, fns, w, b, points",
    [
        ("tanh", BASES["tanh"][:2], 1.5, 0.1, ()),
        ("erf", BASES["erf"][:2], 1.2, 0.3, ()),
        ("softsign", BASES["softsign"][:2], 2.0, 0.5, (0.0,)),
        ("sigmoid", SIGMOID, 4.0, 0.5, ()),
        ("hardtanh", HARDTANH, 1.3, 0.2, (-1.0, 1.0)),
    ],
)
def test_q_star_and_chi1_agree_with_scipy_to_1e_8(name, fns, w, b, points) -> None:
    r = signal(name, w, b)
    q_ref, chi_ref = _reference(*fns, w, b, points)
    assert r.q_state == "converged" and r.method == "numeric"
    assert float(r.q_star) == pytest.approx(q_ref, rel=1e-8)
    assert float(r.chi1) == pytest.approx(chi_ref, rel=1e-8)
    assert float(r.chi1_error) < 1e-8 * chi_ref  # the stated error is what the test demands
    assert r.phase == ("chaotic" if chi_ref > 1 else "ordered")
    assert float(r.depth_scale) == pytest.approx(-1 / math.log(chi_ref), rel=1e-6)


def test_float64_backend_agrees_with_mpmath() -> None:
    fast, slow = signal("tanh", 1.5, 0.1, backend="float64"), signal("tanh", 1.5, 0.1)
    assert float(fast.chi1) == pytest.approx(float(slow.chi1), rel=1e-12)
    assert fast.precision == "float64" and slow.precision == "mpmath 20 digits"


def test_expectations_against_known_moments() -> None:
    # E[u^4] = 3 q^2 and E[|u|] = sqrt(2q/pi): polynomial and kinked, both routes.
    for q in (1e-12, 0.3, 50.0):
        e = expectation_mp(lambda u: u**4, q, dps=25)
        assert e.value == pytest.approx(3 * q * q, rel=1e-18)
        f = expectation_f64(lambda u: np.abs(u), q, kinks=[0.0])
        assert float(f.value) == pytest.approx(math.sqrt(2 * q / math.pi), rel=1e-12)


def test_callable_is_numeric_float64_and_agrees_with_registry() -> None:
    r = signal(lambda t: math.tanh(t), 1.5, 0.1, backend="float64")
    ref = signal("tanh", 1.5, 0.1, backend="float64")
    assert r.precision == "float64" and r.method == "numeric"
    assert float(r.chi1) == pytest.approx(float(ref.chi1), rel=1e-8)


def test_divergence_is_reported_not_looped_on() -> None:
    relu = signal("relu", 2, "0.3")  # L(q) = 2q + 0.09: q -> infinity
    assert relu.q_state == "diverged" and relu.q_star is None
    assert relu.chi1_exact == 2 and relu.phase == "chaotic"  # relu's chi1 does not depend on q
    linear = signal("2*z", 1, 0)
    assert linear.q_state == "diverged" and linear.method == "symbolic"
    gelu = signal("gelu", 3, 0, backend="float64")
    # Numeric: the orbit passed the range searched, which is not a proof of divergence.
    assert gelu.q_state == "beyond range" and gelu.phase == "undetermined" and gelu.q_bound >= 1e12
    assert gelu.state_text.startswith("beyond the range computed (q > ")


def test_relu_symbolic_fixed_point() -> None:
    r = signal("relu", 1, "0.3")  # L(q) = q/2 + 9/100
    assert r.method == "symbolic" and r.q_star_exact == sp.Rational(9, 50) and r.chi1_exact == sp.Rational(1, 2)
    # The float nearest sqrt(2) is not sqrt(2): its exact square is above 2, so relu is chaotic
    # there (a symbolic route that guessed closed forms would call it critical).
    near = signal("relu", math.sqrt(2), 0)
    assert near.phase == "chaotic" and near.q_state == "diverged" and near.chi1_exact > 1
    assert signal("relu", "sqrt(2)", 0).phase == "critical"


@settings(max_examples=8, deadline=None)
@given(w=st.floats(0.1, 1.41), b=st.floats(0, 2), q=st.floats(1e-3, 1e3))
@example(w=1.1183513416386945, b=0.0, q=1.0)
def test_theorem_relu_chi1_is_half_sigma_w_squared_for_every_q(w, b, q) -> None:
    """Theorem R: for relu, D(q) = E[1{sqrt(q) z > 0}] = 1/2 for every q > 0, so chi1 = sigma_w^2/2."""
    r = signal("relu", w, b)
    assert r.chi1_exact == sp.Rational(repr(w)) ** 2 / 2  # exactly; nsimplify would guess a closed form
    from vgtheory.meanfield.moments import Moments

    assert float(Moments.of("relu", "float64").D(q).value) == pytest.approx(0.5, rel=1e-14)


@settings(max_examples=10, deadline=None)
@given(name=st.sampled_from(sorted(BASES)), frac=st.floats(0.05, 0.95))
def test_theorem_ordered_split_at_zero_bias(name, frac) -> None:
    """Theorem A: sigma(0) = 0, |sigma(u)| <= a|u|, sigma_b = 0, sigma_w a < 1  =>  q* = 0 and
    chi1 = sigma_w^2 a^2 < 1: the chain model's a*w < 1 regime."""
    a = BASES[name][2]
    w = frac / a
    r = signal(name, w, 0, backend="float64")
    assert r.q_star == 0 and r.phase == "ordered"
    assert float(r.chi1) == pytest.approx(w * w * a * a, rel=1e-12)


@settings(max_examples=10, deadline=None)
@given(name=st.sampled_from(sorted(BASES)), frac=st.floats(0.2, 0.95), b=st.floats(0, 1), s=st.sampled_from([3, 30, 300]))
def test_theorem_scaled_chi1_tends_to_sigma_w_squared_a_squared(name, frac, b, s) -> None:
    """Theorem S: with a^2 - sigma'(u)^2 >= 0 nondecreasing in |u| and sigma_w a < 1, every fixed
    point of sigma_s's length map is <= M = max(q0, sigma_b^2/(1 - sigma_w^2 a^2)), and
    0 <= sigma_w^2 a^2 - chi1(s) <= sigma_w^2 (a^2 - E[sigma'(sqrt(M) z/s)^2]) -> 0 as s -> oo."""
    _value, slope, a = BASES[name]
    w = frac / a
    M = max(1.0, b * b / (1 - w * w * a * a))
    bound = w * w * (a * a - _gauss(lambda u: slope(u / s) ** 2, M, (0.0,)))
    r = signal(name, w, b, s=s, backend="float64")
    gap = w * w * a * a - float(r.chi1)
    assert r.q_star <= M * (1 + 1e-12)
    assert -1e-12 <= gap <= bound * (1 + 1e-9) + 1e-12
    assert bound <= w * w * a * a * 10.0 * M / s  # the bound itself vanishes as s grows


@settings(max_examples=4, deadline=None)
@given(b=st.sampled_from(["0.05", "0.3", "1"]), name=st.sampled_from(["tanh", "erf", "arctan"]))
def test_critical_init_is_a_fixed_point_with_chi1_one(b, name) -> None:
    """At the returned sigma_w: q* = L(q*) and chi1 = 1, both checked with scipy."""
    c = critical_init(name, b, backend="float64")
    value, slope, _a = BASES[name]
    w, q = float(c.sigma_w), float(c.q_star)
    assert w * w * _gauss(lambda u: value(u) ** 2, q) + float(b) ** 2 == pytest.approx(q, rel=1e-8)
    assert w * w * _gauss(lambda u: slope(u) ** 2, q) == pytest.approx(1, rel=1e-8)


def test_critical_closed_form_and_symbolic_routes() -> None:
    tanh = critical_init("tanh", backend="float64")
    assert float(tanh.sigma_w) == 1 and tanh.q_star == 0 and "1/sigma'(0)" in tanh.route
    erf = critical_init("erf", backend="float64")
    assert float(erf.sigma_w) == pytest.approx(math.sqrt(math.pi) / 2, rel=1e-15)
    relu = critical_init("relu", "0.1")
    assert relu.method == "symbolic" and relu.sigma_w_exact == sp.sqrt(2)
    with pytest.raises(VGTheoryError, match="no sigma_w"):
        critical_init("gelu", 0, backend="float64")


def test_scaling_leaves_relu_unchanged_and_moves_tanh() -> None:
    assert signal("relu", 1, "0.3", s=10).chi1_exact == signal("relu", 1, "0.3").chi1_exact
    assert float(signal("tanh", "0.9", "0.3", s=10, backend="float64").chi1) > float(signal("tanh", "0.9", "0.3", backend="float64").chi1)


@pytest.mark.parametrize("bad", [{"sigma_w": "-1"}, {"sigma_w": 0}, {"sigma_w": "abc("}, {"sigma_b": "-0.1"}, {"dps": 3}, {"s": 0}])
def test_bad_input_is_one_vgtheory_error(bad) -> None:
    kwargs = {"sigma_w": 1, "sigma_b": 0} | bad
    with pytest.raises(VGTheoryError):
        signal("tanh", **kwargs)


def test_signal_summary_is_short_and_names_the_critical_point() -> None:
    summary = signal_summary("tanh")
    lines = summary.lines()
    assert 1 <= len(lines) <= 4 and summary.critical.sigma_w == 1 and summary.at_init.phase == "chaotic"
    assert "sigma_w = 1 " in lines[0] or "sigma_w = 1.0 " in lines[0]
    assert "chaotic" in lines[1] and "paper's CIFAR-10 init" in lines[1]  # deep in the chaotic phase


@settings(max_examples=8, deadline=None)
@given(
    name=st.sampled_from(["tanh", "sigmoid", "softsign", "gelu", "erf"]),
    w=st.floats(0.3, 3.0),
    b=st.floats(0.0, 1.0),
    s=st.sampled_from([2, 5, 20]),
)
@example(name="tanh", w=0.5, b=1e-05, s=20)  # plain q* = 3.3e-13 lies under the old 1e-12 scan floor
@example(name="tanh", w=0.99999, b=1.5234725128622188e-211, s=5)  # q* < 1e-400: beyond float64
def test_theorem_scaling_identity(name, w, b, s) -> None:
    """Theorem S': sigma_s at (sigma_w, sigma_b) from q0 is sigma at (sigma_w, sigma_b/s) from q0/s^2,
    with every q multiplied by s^2 and the same chi1 (for every sigma)."""
    scaled = signal(name, w, b, s=s, backend="float64")
    plain = signal(name, w, sp.Rational(repr(b)) / s, q0=sp.Rational(1, s * s), backend="float64")
    assert scaled.q_state == plain.q_state
    if plain.q_state in ("diverged", "beyond range"):  # no fixed point, so no q* and no chi1, on both sides
        assert (scaled.q_star, plain.q_star, scaled.chi1, plain.chi1) == (None, None, None, None)
    else:
        assert float(scaled.q_star) == pytest.approx(s * s * float(plain.q_star), rel=1e-9, abs=1e-12)
        assert float(scaled.chi1) == pytest.approx(float(plain.chi1), rel=1e-9)


@pytest.mark.slow
def test_signal_summary_for_every_registry_activation() -> None:
    from vgtheory.core.activations import registry_names

    for name in registry_names():
        lines = signal_summary(name).lines()
        assert 2 <= len(lines) <= 4 and all(isinstance(x, str) and x for x in lines)
        assert lines[0].startswith("critical init at sigma_b = 0:")


@pytest.mark.slow
@pytest.mark.parametrize("b", ["1e-5", "1e-7", "1e-9"])
def test_fixed_point_below_1e_12_is_found(b) -> None:
    """With sigma_b > 0 every fixed point is >= sigma_b^2; for tanh at sigma_w = 1/2 the length map
    gives q* = sigma_b^2/(1 - sigma_w^2) + O(q*^2), which can be far under 1e-12."""
    for backend in ("float64", "mpmath"):
        r = signal("tanh", "0.5", sp.Rational(b) / 20, q0=sp.Rational(1, 400), backend=backend)
        expected = float(sp.Rational(b) ** 2 / 400) / 0.75
        assert r.q_state == "converged", backend
        assert float(r.q_star) == pytest.approx(expected, rel=1e-6)
        assert float(r.chi1) == pytest.approx(0.25, rel=1e-6)


@pytest.mark.parametrize("name", ["sigmoid", "silu", "softplus", "centered_sigmoid", "hardtanh", "leaky_relu"])
def test_float64_forms_are_finite_and_match_mpmath_everywhere(name) -> None:
    """The float64 sigma and sigma' (no mpmath fallback needed) equal the mpmath ones from the
    tails, where exp overflows, to the kinks."""
    from vgtheory.meanfield.moments import Moments

    m = Moments.of(name, "float64")
    u = np.array([-1e5, -800.0, -30.0, -1.5, -0.3, 0.2, 0.9, 2.5, 40.0, 800.0, 1e5])
    for fn, exact in zip(m._numpy, (m.sigma.value, m.sigma.slope)):
        with np.errstate(all="ignore"):
            got = np.asarray(fn(u), dtype=float) * np.ones_like(u)
        want = np.array([float(exact(t)) for t in u])
        assert np.isfinite(got).all(), (name, got)
        assert np.allclose(got, want, rtol=1e-13, atol=1e-300), (name, got, want)


def test_float64_reports_fixed_points_beyond_its_range_as_not_converged() -> None:
    """q* = sigma_b^2/(1 - sigma_w^2) + ... = 1e-400 cannot be held in float64; mpmath finds it."""
    b = sp.Rational(1, 10**200)
    fast = signal("tanh", "0.5", b, backend="float64")
    slow = signal("tanh", "0.5", b, q0=sp.Rational(1, 10**398))  # started near it: a short scan
    assert fast.q_state == "not converged" and float(fast.q_star) < 1e-289
    assert slow.q_state == "converged"
    assert float(slow.q_star * 10**400) == pytest.approx(4 / 3, rel=1e-10)


def test_q0_zero_is_the_exact_fixed_point_when_sigma0_and_sigma_b_vanish() -> None:
    """L(0) = sigma_w^2 sigma(0)^2 + sigma_b^2: 0 for tanh at sigma_b = 0 (even in the chaotic
    phase, where 0 is unstable), sigma_b^2 > 0 otherwise."""
    for backend in ("mpmath", "float64"):
        r = signal("tanh", "1.5", 0, q0=0, backend=backend)
        assert r.q_state == "converged" and r.q_star == 0 and float(r.chi1) == pytest.approx(2.25, rel=1e-12)
        assert float(signal("tanh", "0.5", "0.1", q0=0, backend=backend).q_star) > 0.01
