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

from vgtheory.activations import BeyondRangeError, activation
from vgtheory.hypotheses import hypothesis_H
from vgtheory.properties import check_properties, check_real_valued
from vgtheory.theorem1 import g_sup

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
