"""Issue 16, item 6: the three open findings of the second red team, with truth known by construction.

* g(τ) = ∞ against a proved property 2 (asinh(x)/sqrt(1 + log(1 + x²)²): t σ'(t) → 0 like 1/log² t);
* numeric (H) "holds" against a proved limit that refutes "increasing" (x(1 + x²)^(−1/2 − 10⁻⁹)
  tends to 0 = σ(0), so σ' < 0 somewhere: exactly for z² > 1/(2·10⁻⁹), z > 22,360.7);
* towers of exponentials (exp(exp(exp(x)))) ran for minutes: now one result in bounded time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import mpmath
import pytest

from vgtheory.core.activations import BeyondRangeError, activation
from vgtheory.theorems.hypotheses import hypothesis_H
from vgtheory.properties.four import check_properties, check_real_valued
from vgtheory.theorems.theorem1 import g_sup

ROOT = Path(__file__).resolve().parents[1]


# -- towers of exponentials -------------------------------------------------------------------------


def test_tower_of_exponentials_is_refused_at_huge_arguments_quickly() -> None:
    tower = activation("exp(exp(exp(x)))")
    with mpmath.workdps(30):
        # Where mpmath can, the value is exact: exp(exp(e)) at z = 1.
        assert abs(tower.value(1) - mpmath.exp(mpmath.exp(mpmath.e))) <= mpmath.mpf(10) ** -25 * tower.value(1)
        start = time.perf_counter()
        # exp(exp(8)) = 10^1294.7: its exp would need about 10^1295 bits.
        with pytest.raises(BeyondRangeError, match="too large to evaluate"):
            tower.value(8)
        assert time.perf_counter() - start < 5
        # sigma is real at every point: too large to evaluate is not "undefined".
        assert check_real_valued(tower).verdict == "inconclusive"


def test_trig_of_a_huge_argument_is_refused_quickly() -> None:
    """sin(exp(z)) at z = 2^20 needs about 10^455,000 digits of pi to reduce the argument: refused
    in milliseconds, while a moderate argument is still evaluated exactly."""
    sigma = activation("tanh(x)+sin(exp(x))/(1+x**2)")
    with mpmath.workdps(30):
        want = mpmath.tanh(3) + mpmath.sin(mpmath.exp(3)) / 10
        assert abs(sigma.value(3) - want) <= mpmath.mpf(10) ** -25
        start = time.perf_counter()
        with pytest.raises(BeyondRangeError, match="too large to evaluate"):
            sigma.value(2**20)
        assert time.perf_counter() - start < 5
        assert check_real_valued(sigma).verdict == "inconclusive"


@pytest.mark.slow
def test_tower_check_gives_one_result_within_a_bounded_time() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "vgtheory", "check", "--", "exp(exp(exp(x)))"],
                         capture_output=True, text=True, timeout=240, env=env, cwd=ROOT)
    took = time.perf_counter() - start
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    # The truth by construction: unbounded, sigma(0) = e^e != 0, real everywhere.
    assert "bounded: fails (symbolic)" in run.stdout
    assert "linear_at_origin: fails (symbolic)" in run.stdout
    assert "real_valued: fails" not in run.stdout
    assert took < 240


@pytest.mark.slow
def test_bounded_tower_gets_its_properties_in_bounded_time() -> None:
    """exp(-exp(-exp(-z))) maps R onto (1/e, 1): bounded, L = 1/e > 0, sigma(0) = exp(-1/e) != 0."""
    code = ("from vgtheory.properties.four import check_properties\n"
            "p = check_properties('exp(-exp(-exp(-x)))')\n"
            "print(*[f'{r.name}={r.verdict}/{r.method}' for r in p])\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    got = dict(item.split("=") for item in run.stdout.split())
    assert got == {"bounded": "holds/symbolic", "vanishing_derivative": "holds/symbolic",
                   "positive_limit": "holds/symbolic", "linear_at_origin": "fails/symbolic"}


# -- g(tau) against a proved property 2 ------------------------------------------------------------

SLOW = "asinh(x)/sqrt(1+log(1+x**2)**2)"


def _true_g_slow(tau: float) -> mpmath.mpf:
    """sup_{t >= tau} |t sigma'(t)| for SLOW, independently: sigma' by mpmath.diff of the formula,
    the one interior critical point by findroot (|h| then decreases to 0 like 1/log^2 t)."""
    with mpmath.workdps(30):
        s = lambda t: mpmath.asinh(t) / mpmath.sqrt(1 + mpmath.log(1 + t**2) ** 2)  # noqa: E731
        h = lambda t: t * mpmath.diff(s, t)  # noqa: E731
        peak = mpmath.findroot(lambda t: mpmath.diff(h, t), 2.8)
        return max(abs(h(mpmath.mpf(tau))), abs(h(peak)) if peak >= tau else 0)


@pytest.mark.slow
def test_g_is_finite_when_property_2_is_proved_however_slow_the_tail() -> None:
    act = activation(SLOW)
    props = check_properties(act)
    assert props.vanishing_derivative.verdict == "holds" and props.vanishing_derivative.method == "symbolic"
    g = g_sup(act, "2.5", dps=30)
    true = _true_g_slow(2.5)  # 0.0988799 at t = 2.83677
    assert mpmath.isfinite(g.value)
    assert abs(g.value - true) <= 1e-8 * true
    assert "overruled by the proof" in g.detail


@pytest.mark.slow
def test_theorem1_applies_to_the_slow_tail() -> None:
    from vgtheory.theorems.theorem1 import theorem1

    r = theorem1(SLOW, c=1, W=10, depth=3, dps=30)
    assert mpmath.isfinite(r.g.value) and r.verdict == "holds"
    # tau = W min(c, L/2) = 5 is past the peak: g(5) = |h(5)|.
    assert abs(r.g.value - _true_g_slow(float(r.tau))) <= 1e-8 * r.g.value
    assert abs(r.actual_df) <= r.bound_df


# -- numeric (H) against a proved limit -------------------------------------------------------------

ALMOST = "x*(1+x**2)**(-1/2-1/1000000000)"


def test_numeric_increasing_is_overruled_by_a_proved_limit() -> None:
    """sigma' = (1 + z^2)^(-3/2 - e)(1 - 2e z^2), e = 1e-9: negative for z > 1/sqrt(2e) = 22360.7."""
    act = activation(ALMOST)
    with mpmath.workdps(40):
        assert act.slope(30000) < 0 < act.slope(20000)
    props = check_properties(act)
    assert props.positive_limit.verdict == "fails" and props.positive_limit.method == "symbolic"
    H = hypothesis_H(act, props)
    assert H.verdict == "fails"
    assert "sigma increasing on [0, oo): fails (symbolic)" in H.detail
    # The tail samples (to 2^100, session 14) see sigma' < 0 past 22360.7 themselves, and the kernel's
    # exact sign there refutes it directly: nothing is left to overrule.
    assert "increasing on [0, oo): holds" not in H.detail
