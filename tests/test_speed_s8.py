"""Properties of the session-8 speed changes: each shortcut gives the answer of the long way.

* a limit proved once in a ``check`` is reused within that call only (:mod:`vgtheory.core.memo`);
* the scaling trick's derivative identity folds Piecewise factors first, with the same verdict
  and certificate as the unfolded zero test;
* the float64 quadrature keeps the rules of panels that a round did not bisect, bit for bit;
* the command line skips Python's teardown after ``check`` with all of its output flushed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import vgtheory
from vgtheory.core import memo
from vgtheory.core.activations import Z, activation
from vgtheory.meanfield import gaussian
from vgtheory.properties import limits as prop_limits
from vgtheory.theorems import scaling

# -- limits shared within one check ----------------------------------------------------------------


def _counting_limit(monkeypatch) -> Counter:
    asked: Counter = Counter()
    real = prop_limits.limit

    def counting(expr, point, deadline=6.0):
        fact = real(expr, point, deadline)
        asked[(expr, point, fact is not None)] += 1
        return fact

    monkeypatch.setattr(prop_limits, "limit", counting)
    return asked


def test_outside_a_check_every_limit_is_proved_again(monkeypatch):
    asked = _counting_limit(monkeypatch)
    first = prop_limits.proved_limit(sp.tanh(Z), "+oo")
    second = prop_limits.proved_limit(sp.tanh(Z), "+oo")
    assert first.value == second.value == 1
    assert asked[(sp.tanh(Z), "+oo", True)] == 2


def test_inside_a_scope_a_proof_is_reused_and_a_failure_is_not(monkeypatch):
    asked = _counting_limit(monkeypatch)
    with memo.scope():
        first = prop_limits.proved_limit(sp.tanh(Z), "+oo")
        assert prop_limits.proved_limit(sp.tanh(Z), "+oo") is first
        # sin has no limit at +oo: None, asked again each time (a time-out must get a new budget).
        assert prop_limits.proved_limit(sp.sin(Z), "+oo") is None
        assert prop_limits.proved_limit(sp.sin(Z), "+oo") is None
    assert asked[(sp.tanh(Z), "+oo", True)] == 1
    assert asked[(sp.sin(Z), "+oo", False)] == 2
    assert prop_limits.proved_limit(sp.tanh(Z), "+oo").value == 1  # the scope's store is gone
    assert asked[(sp.tanh(Z), "+oo", True)] == 2


@pytest.mark.slow
@pytest.mark.parametrize("name", ["gelu_tanh", "softsign"])
def test_check_proves_each_limit_once_and_keeps_nothing(monkeypatch, name):
    asked = _counting_limit(monkeypatch)
    report = vgtheory.check(name, signal=False)
    assert report.properties.vanishing_derivative.method == "symbolic"
    repeated = {key: n for key, n in asked.items() if key[2] and n > 1}
    assert not repeated, repeated
    assert memo._SHARED.get() is None


@pytest.mark.slow
def test_reused_limits_give_the_same_report(monkeypatch):
    # The long way: no store at all (remembered() computes every time), against check()'s scope.
    shared = vgtheory.check("gelu", signal=False).to_dict()
    monkeypatch.setattr(memo, "remembered", lambda key, compute: compute())
    alone = vgtheory.check("gelu", signal=False).to_dict()
    for d in (shared, alone):
        d.pop("seconds")
        d["theorems"].pop("seconds", None)
    assert shared == alone


# -- the derivative identity of the scaling trick --------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["elu", "selu", "relu", "leaky_relu"])
def test_folded_identity_is_the_unfolded_one(monkeypatch, name):
    sigma = activation(name)
    folded = scaling._derivative_identity(sigma, 3.0, 30)
    assert (folded.verdict, folded.method) == ("holds", "symbolic")
    monkeypatch.setattr(sp, "piecewise_fold", lambda e: e)  # the long way: the zero test on the unfolded pair
    unfolded = scaling._derivative_identity(sigma, 30.0, 30)
    assert folded.to_dict() == unfolded.to_dict()


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(-3, 3))
def test_folded_identity_of_random_pieces(a, b, c):
    expr = sp.Piecewise((sp.Rational(a, b) * Z, Z > c), (sp.exp(Z) * b - a, True))
    fact = scaling._derivative_identity(activation(expr), 3.0, 30)
    assert (fact.verdict, fact.method) == ("holds", "symbolic")


# -- the adaptive float64 quadrature ---------------------------------------------------------------


def _h(u: np.ndarray) -> np.ndarray:
    return (np.tanh(u) + np.exp(-u * u) / 3) ** 2


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-30, 30, allow_nan=False), min_size=1, max_size=40, unique=True),
       st.lists(st.integers(0, 10**6), max_size=30), st.floats(0.1, 20))
def test_kept_panels_are_the_recomputed_ones_bit_for_bit(points, picks, root):
    none, no_rows = np.empty(0), np.empty((0, gaussian._COLUMNS))
    edges = np.unique(np.array([-40.0, 40.0, *points]))
    first = gaussian._rules(_h, root, edges, none, no_rows, {}, False)
    mid = (edges[1:] + edges[:-1]) / 2
    bisect = np.zeros(len(mid), dtype=bool)
    bisect[[p % len(mid) for p in picks]] = True
    finer = np.unique(np.concatenate([edges, mid[bisect]]))
    kept = gaussian._rules(_h, root, finer, edges, first, {}, False)
    fresh = gaussian._rules(_h, root, finer, none, no_rows, {}, False)
    assert np.array_equal(kept[:, :2], fresh[:, :2])


@pytest.mark.parametrize("q", [1e-3, 1.0, 32.0, 1e6])
def test_expectation_is_that_of_the_full_recomputation(monkeypatch, q):
    kinks = [0.5, -2.0]
    quick = gaussian.expectation_f64(_h, q, kinks=kinks)
    real = gaussian._rules
    monkeypatch.setattr(gaussian, "_rules", lambda h, root, edges, old, rows, slivers, steps: real(
        h, root, edges, np.empty(0), np.empty((0, gaussian._COLUMNS)), slivers, steps))
    full = gaussian.expectation_f64(_h, q, kinks=kinks)
    assert (quick.value, quick.error) == (full.value, full.error)


# -- the command line's exit -----------------------------------------------------------------------


@pytest.mark.slow
def test_quick_exit_flushes_the_whole_report(capsys):
    from vgtheory.cli.app import main

    assert main(["check", "relu", "--json"]) == 0
    in_process = json.loads(capsys.readouterr().out)
    proc = subprocess.run([sys.executable, "-m", "vgtheory", "check", "relu", "--json"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0
    program = json.loads(proc.stdout)  # a truncated (unflushed) report would not parse
    for d in (in_process, program):
        d.pop("seconds")
        d["theorems"].pop("seconds", None)
    assert program == in_process
    bad = subprocess.run([sys.executable, "-m", "vgtheory", "check", "tanh("], capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("vgtheory: error:") and bad.stderr.count("\n") == 1
