"""`signal` at the ends of its option ranges (red team 7 F13, F15, F16).

Each truth is derived independently of the code under test:
* a bounded σ has q_{n+1} = σ_w² E[σ²] + σ_b² ≤ σ_w² sup σ² + σ_b²: its orbit never diverges;
* for tanh at q → ∞, E[sech⁴(√q u)] = (4/3)/√(2π q) (1 + O(1/q)) (∫ sech⁴ = 4/3), and
  E[tanh²(√q u)] = 1 − O(q^(-1/2)), so at σ_w = 1e300: q* = 1e600 (1 − O(1e-300)) and
  χ₁ = σ_w² (4/3)/√(2π q*) = 1e300 · 4/(3√(2π));
* at q* = 0, χ₁ = σ_w² σ'(0)² (tanh: σ_w²);
* the scaling identity σ_s(u) = s σ(u/s): q*_s = s² q*_1, χ₁ unchanged.
"""

from __future__ import annotations

import time

import mpmath
import pytest

from clirun import cli
from oracles import tanh_chain_partials
from vgtheory.meanfield.propagation import signal

def test_bounded_sigma_at_huge_sigma_w_converges_and_is_never_diverged() -> None:
    r = signal("tanh", "1e300")
    assert r.q_state == "converged"
    with mpmath.workdps(30):
        w2 = mpmath.mpf(10) ** 600
        assert r.q_star <= w2  # tanh^2 <= 1
        assert abs(r.q_star / w2 - 1) < mpmath.mpf(10) ** -15
        truth = w2 * mpmath.mpf(4) / 3 / mpmath.sqrt(2 * mpmath.pi * r.q_star)
        assert abs(r.chi1 / truth - 1) < mpmath.mpf(10) ** -10
    assert r.phase == "chaotic"


def test_bias_huge_gives_tiny_chi1_not_diverged() -> None:
    r = signal("tanh", 1, "1e300")
    assert r.q_state == "converged"
    with mpmath.workdps(30):
        truth = mpmath.mpf(4) / 3 / mpmath.sqrt(2 * mpmath.pi * r.q_star)  # sigma_w = 1
        assert abs(r.chi1 / truth - 1) < mpmath.mpf(10) ** -10 and r.chi1 < mpmath.mpf(10) ** -299
    assert r.phase == "ordered"


def test_tiny_chi1_is_printed_not_rounded_to_zero() -> None:
    r = signal("tanh", "1e-300")
    assert r.q_star == 0 and r.q_state == "converged"
    with mpmath.workdps(30):
        assert abs(r.chi1 / mpmath.mpf(10) ** -600 - 1) < mpmath.mpf(10) ** -15  # sigma_w^2 sigma'(0)^2
    assert r.to_dict()["text"]["chi1"].startswith("1.0e-600")
    out = cli("signal", "tanh", "--sigma-w", "1e-300")
    assert out.returncode == 0, out.stderr
    assert "chi1 = 1.0e-600 " in out.stdout and "chi1 = 0 " not in out.stdout


@pytest.mark.slow
@pytest.mark.parametrize("s", ["1e-300", "1e300"])
def test_scaling_identity_at_extreme_s(s: str) -> None:
    plain = signal("tanh", 2)
    scaled = signal("tanh", 2, s=s)
    assert scaled.q_state == plain.q_state == "converged"
    with mpmath.workdps(30):
        s2 = mpmath.mpf(s) ** 2
        assert abs(scaled.q_star / (s2 * plain.q_star) - 1) < mpmath.mpf(10) ** -15
        assert abs(scaled.chi1 / plain.chi1 - 1) < mpmath.mpf(10) ** -12
    assert mpmath.nstr(plain.q_star, 11) == "2.1214735682"  # the red team's independent value


@pytest.mark.slow
def test_cli_prints_scaled_q_star_not_zero() -> None:
    start = time.monotonic()
    out = cli("signal", "tanh", "--sigma-w", "2", "--s", "1e-300")
    assert out.returncode == 0, out.stderr
    assert "q* = 2.1214735682e-600 (converged)" in out.stdout and "1.36267333752" in out.stdout
    assert time.monotonic() - start < 60


@pytest.mark.slow
def test_tiny_q0_reaches_the_fixed_point_quickly() -> None:
    start = time.monotonic()
    out = cli("signal", "tanh", "--sigma-w", "2", "--q0", "1e-300")
    assert out.returncode == 0, out.stderr
    assert "q* = 2.1214735682 (converged)" in out.stdout and "chi1 = 1.36267333752" in out.stdout
    assert time.monotonic() - start < 60


def test_unshown_divergence_is_called_beyond_range() -> None:
    """x + tanh(x) at sigma_w = 3 grows past the searched range; numeric quadrature shows no
    divergence, so the text names the range instead."""
    r = signal("x+tanh(x)", 3, 1)
    assert r.q_state == "beyond range" and r.q_star is None and r.chi1 is None
    assert r.q_bound == mpmath.mpf(10) ** 12 * 10 and "diverged" not in r.state_text


def test_slow_critical_search_ends_with_one_line_in_bounded_time() -> None:
    start = time.monotonic()
    out = cli("signal", "tanh(x)**3+tanh(x)", "--critical", "--timeout", "5")
    elapsed = time.monotonic() - start
    assert elapsed < 30, elapsed
    # At sigma_b = 0 there is no critical sigma_w (q - V/D > 0 for q > 0: tests/test_signal_critical_s8.py);
    # the search (0.5 s since session 8) says so, or, on a machine too loaded for 5 s, the time-out does.
    assert out.returncode == 2 and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert ("no sigma_w with chi1 = 1 found" in out.stderr) or ("could not be computed within 5 s" in out.stderr)


# -- F14: the cost of gradient and plot does not grow with |w| or s -----------------------------


def _counting(monkeypatch) -> list[int]:
    """Count the evaluations of sigma' (every Activation)."""
    from vgtheory.core.activations import Activation

    calls = [0]
    original = Activation.slope

    def slope(self, z):
        calls[0] += 1
        return original(self, z)

    monkeypatch.setattr(Activation, "slope", slope)
    return calls


def test_saturated_scaled_gradient_is_right_and_evaluates_sigma_prime_a_few_times(monkeypatch) -> None:
    from vgtheory.core.activations import activation
    from vgtheory.core.chain import gradient

    sigma = activation("tanh").scaled("1e300")
    small = gradient(sigma, [-1e300] * 6, 1, dps=50)
    # At 50 digits t_2 = w z_1 / s = 7.6e299 carries an absolute rounding error ~1e250, which made
    # the mantissa noise; since session 8 the precision rises (to ~370 digits) and all 50 are right.
    assert small.digits == 50 and small.working_dps > 350
    with mpmath.workdps(1000):
        for got, truth in zip(small.df_dw, tanh_chain_partials(-1e300, "1e300", 1, 6, dps=1000)):
            assert abs(got - truth) <= mpmath.mpf(10) ** -49 * abs(truth)
    calls = _counting(monkeypatch)
    deep = gradient(sigma, [-1e300] * 1000, 1, dps=50)
    # The arguments cycle through -1e300, 7.6e599, -1e600, 1e600: a handful of evaluations, not
    # 1000, in each of the three runs (the digits asked, and two at the raised precision).
    assert calls[0] <= 3 * 8, calls[0]
    with mpmath.workdps(50):
        assert abs(deep.z[-1] / mpmath.mpf(10) ** 300 - 1) < mpmath.mpf(10) ** -45  # s tanh(1e600/s) = s


def test_plot_profile_of_a_saturated_scaled_chain_evaluates_sigma_prime_a_few_times(monkeypatch) -> None:
    from vgtheory.render.plotting import depth_profile

    calls = _counting(monkeypatch)
    prof = depth_profile("tanh", depth_max=2000, s="1e300", w="1e300", predict=False)
    # two gradient calls (the profile and the run at more digits that confirms it, R28b-2), each a few runs over a
    # handful of repeated arguments: a bound independent of the depth (an evaluation per layer would be 2000+)
    assert calls[0] <= 24, calls[0]
    assert len(prof.df_dw1) == 2000 and all(v > 0 for v in prof.df_dw1) and not prof.undetermined
