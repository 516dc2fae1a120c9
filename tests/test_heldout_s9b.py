"""Held-out red-team set 9b (numeric side and robustness): the inputs the package got right.

Each truth is derived here, independently of vgtheory: a plain mpmath forward loop with the
suffix-product backward pass at far more digits, closed forms of Gaussian moments, numpy
Gauss-Hermite quadrature for the mean-field maps, or the input's construction (errors).
The inputs the package got wrong are in the red team's notes (summarised in CHANGELOG.md), not here.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import vgtheory
from oracles import chain_partials
from vgtheory.cli.app import main
from vgtheory.errors import VGTheoryError

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


def _own_chain(sig, dsig, w, x, y=0, dps=400):
    """z_k and df/dw_j of the chain z_k = sig(w_k z_{k-1}), and dloss/dw_j, at ``dps`` digits."""
    return chain_partials(sig, dsig, w, x, y, dps)


def _tanh_pair(s=1):
    def sig(u):
        return s * mpmath.tanh(u / s)

    def dsig(u):
        return mpmath.sech(u / s) ** 2

    return sig, dsig


def _agree(package_value, truth, digits):
    with mpmath.workdps(digits + 20):
        return abs(package_value - truth) <= abs(truth) * mpmath.mpf(10) ** (1 - digits)


# -- gradient: ordinary, scaled and extreme chains that must be right to every confirmed digit --

GRADIENT_CASES = [
    # (activation spec, s or None, weights, x, y, base sigma, base sigma', dps)
    ("tanh", None, ["2", "2", "2"], "1", "0", mpmath.tanh, lambda u: mpmath.sech(u) ** 2, 50),
    ("tanh", "95", ["1"] * 50, "0.3", "0.1", None, None, 30),
    ("tanh", "0.001", ["2"] * 5, "1", "0", None, None, 30),
    ("tanh", "3", ["1e300"] * 3, "1e-300", "0", None, None, 30),
    ("x/(1+abs(x))", "7", ["3", "-2", "5"], "-0.7", "2",
     lambda u: u / (1 + abs(u)), lambda u: 1 / (1 + abs(u)) ** 2, 30),
    ("erf", "2.5", ["1e-200", "1e200"], "0.001", "0",
     mpmath.erf, lambda u: 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-u * u), 30),
    ("tanh", None, ["1e-300"], "1e300", "2", mpmath.tanh, lambda u: mpmath.sech(u) ** 2, 20),
    ("atan(z)", None, ["-3", "0.5", "1e-5", "4"], "2", "-1", mpmath.atan, lambda u: 1 / (1 + u * u), 40),
]


@pytest.mark.parametrize("spec, s, w, x, y, base, dbase, dps", GRADIENT_CASES)
def test_gradient_matches_own_high_precision_loop(spec, s, w, x, y, base, dbase, dps):
    act = vgtheory.activation(spec)
    if s is not None:
        act = act.scaled(s)
        with mpmath.workdps(450):
            S = mpmath.mpf(s)
        if base is None:
            sig, dsig = _tanh_pair(S)
        else:
            sig, dsig = (lambda u: S * base(u / S)), (lambda u: dbase(u / S))
    else:
        sig, dsig = base, dbase
    g = vgtheory.gradient(act, w, x=x, y=y, dps=dps)
    z, df, dl = _own_chain(sig, dsig, w, x, y)
    confirmed = min(g.digits, 25)  # the last of dps digits may round either way
    for mine, theirs in zip(g.df_dw, df):
        assert _agree(mine, theirs, confirmed)
    for mine, theirs in zip(g.z, z):
        assert _agree(mine, theirs, min(g.forward_digits, 25))
    # y is far from f here (no cancellation), so dloss has the digits of df
    for mine, theirs in zip(g.dloss_dw, dl):
        assert _agree(mine, theirs, confirmed)


def test_gradient_cli_twelve_digits_match_own_loop(capsys):
    assert main(["gradient", "tanh", "--w", "2,2,2", "--x", "1", "--y", "0"]) == 0
    out = capsys.readouterr().out
    _, df, dl = _own_chain(mpmath.tanh, lambda u: mpmath.sech(u) ** 2, ["2"] * 3, "1")
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 3
    for (j, a, b), want_a, want_b in zip(rows, df, dl):
        assert mpmath.mpf(a) == mpmath.mpf(mpmath.nstr(want_a, 12))
        assert mpmath.mpf(b) == mpmath.mpf(mpmath.nstr(want_b, 12))


def test_gradient_single_sin_layer_moderate_weight():
    # sin(w x) with w x = 3/2: no huge argument, no chaos; df/dw = x cos(w x)
    g = vgtheory.gradient("sin(z)", ["3"], x="0.5", dps=30)
    with mpmath.workdps(60):
        assert _agree(g.output, mpmath.sin(mpmath.mpf(3) / 2), 28)
        assert _agree(g.df_dw[0], mpmath.cos(mpmath.mpf(3) / 2) / 2, 28)


def test_gradient_json_is_valid_and_consistent(capsys):
    import json

    assert main(["gradient", "tanh", "--w", "1", "--depth", "3", "--x", "0.5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["depth"] == 3 and len(data["df_dw"]) == 3 and len(data["z"]) == 4
    _, df, _ = _own_chain(mpmath.tanh, lambda u: mpmath.sech(u) ** 2, ["1"] * 3, "0.5")
    for text, want in zip(data["df_dw"], df):
        with mpmath.workdps(60):
            assert _agree(mpmath.mpf(text), want, 40)


# -- mean field: numpy Gauss-Hermite oracle (float64, 300 nodes) --

_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(300)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def _gh_q_star(sigma, sw, sb, q=1.0):
    for _ in range(10000):
        new = sw**2 * float(np.sum(_WEIGHTS * sigma(np.sqrt(q) * _NODES) ** 2)) + sb**2
        if abs(new - q) < 1e-15:
            return new
        q = new
    return q


def test_signal_tanh_matches_gauss_hermite():
    q = _gh_q_star(np.tanh, 1.5, 0.0)
    chi = 1.5**2 * float(np.sum(_WEIGHTS / np.cosh(np.sqrt(q) * _NODES) ** 4))
    r = vgtheory.signal("tanh", "1.5", "0").to_dict()
    assert r["q_star"] == pytest.approx(q, rel=1e-10)
    assert r["chi1"] == pytest.approx(chi, rel=1e-10)
    assert r["phase"] == "chaotic"  # chi > 1 by the oracle
    assert chi > 1


# -- bad input: one VGTheoryError (CLI: one line, exit 2), never a traceback --

BAD_GRADIENT = [
    dict(w=[]), dict(w=["nan"]), dict(w=[float("inf")]), dict(w="1,2"), dict(w=[None]), dict(w=[True]),
    dict(w=["1"], dps=4), dict(w=["1"], dps=4001), dict(w=["1"], x="abc"), dict(w=["1"], y=float("nan")),
]


@pytest.mark.parametrize("kw", BAD_GRADIENT)
def test_gradient_bad_input_is_a_vgtheory_error(kw):
    kw = dict(kw)
    with pytest.raises(VGTheoryError):
        vgtheory.gradient("tanh", kw.pop("w"), x=kw.pop("x", "1"), **kw)


BAD_CLI = [
    ["gradient", "tanh", "--w", ""],
    ["gradient", "tanh", "--w", "1,,2"],
    ["gradient", "tanh", "--w", "1", "--depth", "0"],
    ["gradient", "tanh", "--w", "1", "--depth", "100001"],
    ["gradient", "tanh", "--w", "1e400"],
    ["gradient", "tanh", "--w", "1", "--x", "1e99999"],
    ["gradient", "tanh", "--w", "1", "--s", "-1"],
    ["gradient", "tanh", "--w", "1", "--lam", "nan"],
    ["gradient", "1/z", "--w", "1", "--x", "0"],
    ["gradient", "exp(z)", "--w", "2", "--depth", "5", "--x", "10"],
    ["gradient", "\u03b6(z)", "--w", "1"],
    ["gradient", "tanh(" * 200 + "z" + ")" * 200, "--w", "1"],
    ["signal", "tanh", "--sigma-w", "0"],
    ["signal", "tanh", "--sigma-w", "-1"],
    ["signal", "tanh", "--sigma-w", "nan"],
    ["signal", "tanh", "--sigma-w", "1", "--sigma-b", "inf"],
    ["signal", "tanh", "--sigma-w", "1e301"],
    ["signal", "tanh", "--sigma-w", "1.5", "--s", "0"],
    ["signal", "tanh", "--sigma-w", "1.5", "--q0", "-1"],
    ["signal", "tanh", "--sigma-w", "1.5", "--dps", "0"],
    ["signal", "tanh", "--sigma-w", "1.5", "--timeout", "-1"],
    ["signal", "tanh", "--sigma-w", "1.5", "--timeout", "nan"],
    ["signal", "tanh", "--critical", "--sigma-w", "2"],
    ["latex", "tanh", "-o", "/nonexistent/dir/x.tex"],
    ["latex", ""],
    ["check", "   "],
    ["check", "tanh", "--timeout", "1e309"],
    ["check", "tanh", "--dps", "1000000"],
    ["plot", "tanh", "-o", "/tmp/x.exe"],
]


@pytest.mark.parametrize("argv", BAD_CLI, ids=lambda a: " ".join(a)[:40])
def test_cli_bad_input_one_line_exit_2(argv, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert err.startswith("vgtheory: error:")
    assert "\n" not in err and "Traceback" not in captured.err + captured.out


def test_signal_tiny_timeout_is_one_line_and_leaves_no_alarm(capsys):
    import signal as sig

    assert main(["signal", "tanh", "--sigma-w", "1.5", "--timeout", "1e-9"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--timeout" in err
    # nothing armed after the call: no handler of the package's, no timer ticking
    assert sig.getitimer(sig.ITIMER_REAL)[0] == 0.0
    assert not getattr(sig.getsignal(sig.SIGALRM), "__module__", "").startswith("vgtheory")
    # and the process still computes correctly afterwards
    g = vgtheory.gradient("tanh", ["1"], x="1", dps=20)
    with mpmath.workdps(40):
        assert _agree(g.df_dw[0], mpmath.sech(1) ** 2, 18)


# -- callables that are not functions ℝ → ℝ: never sigmoid-type, never a traceback --

@pytest.mark.parametrize("fn", [
    lambda z: 1 / 0, lambda z: float("nan"), lambda z: complex(z, 1), lambda z: [z, z],
    lambda z: "abc", lambda z: None,
], ids=["raises", "nan", "complex", "list", "str", "none"])
def test_callable_not_real_is_not_sigmoid_type(fn):
    r = vgtheory.check(fn, timeout=2)
    assert r.sigmoid_type is not True
    assert r.properties.bounded.verdict != "holds"
