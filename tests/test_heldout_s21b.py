"""Held-out cases of red team R21b (numbers and robustness) that vgtheory gets right, and one test per finding
R21b-N asserting the truth (each fails at c2d1708).

Every expected value is derived here independently of the package: the chain rule's product form evaluated with
mpmath at 120+ digits (own code below), closed forms (sech^2, ReLU's and hardtanh's Gaussian moments), and
one-sided slopes worked out by hand.
Truth of the findings:
- R21b-1: sigma = sign(z) (1 - 1/(1 + log(1 + |z|))) is odd, < 1 in absolute value and -> 1 at +oo: sup|sigma| = 1,
  so a LaTeX line "B = sup|sigma| = 0.9857..." is false (at most "B >= ...");
- R21b-2: tanh(z) + Max(0, z - 10^5)^2 is C^1 (Max(0,u)^2 has derivative 2 Max(0,u)), so at x = 10^5, w = 1:
  df/dw_1 = 10^5 sech^2(10^5) = 5.0778438419753...e-86854, not "does not exist";
- R21b-3: tanh(z) + Max(0, tanh z - tanh(1/2)) at x = 0.5 (exact), w = 1: a kink at 1/2 with sigma'(1/2-) = sech^2(1/2),
  sigma'(1/2+) = 2 sech^2(1/2): df/dw_1 does not exist (one line), not 1426-digit runs and "undetermined";
- R21b-4: tanh(z) + |z^3 - 1/8| at x = 0.5: sigma'(1/2+-) = sech^2(1/2) +- 3/4, both settle: a kink,
  df/dw_1 does not exist, not "sigma' neither settles nor clearly grows";
- R21b-5: pdflatex compiles ./-dash.tex (checked by hand), so `latex -o DIR/-dash.tex --pdf` should succeed;
- R21b-6: exp(t) - exp(10^30) changes sign at t = 10^30 only (exp increasing): a kink at the exact input 1e30, to be
  refused as such, not with an arb enclosure dump;
- R21b-7: Piecewise((tanh z, z < a), (2 tanh z - tanh a, True)) at a = 10^5: sigma'(a-+) = sech^2 a, 2 sech^2 a: the
  partial does not exist (one-sided 5.08e-86854 and 1.02e-86853), never 0.0;
- R21b-8: sigma = z + tanh(z)/10^100, w = 1, x = y = 1: f - y = tanh(1) 1e-100, dloss/dw = tanh(1) 1e-100 (1 + ...),
  not 0.0 with 50 digits claimed.
"""

from __future__ import annotations

import json
import re

import mpmath
import pytest
import sympy as sp

import vgtheory
from clirun import cli
from oracles import chain_partials
from vgtheory.errors import VGTheoryError

# Held-out sets run with the slow regression tests.
pytestmark = pytest.mark.slow

M = mpmath
Z = sp.Symbol("z", real=True)


def _product_form(expr: str, ws, x, dps: int = 120, s=None):
    """df/dw_j of z_k = sigma(w_k z_{k-1}) by the product form, sigma' by sympy's diff (smooth points only)."""
    e = sp.sympify(expr, locals={"z": Z})
    if s is not None:
        e = sp.Rational(s) * e.subs(Z, Z / sp.Rational(s))
    d = sp.diff(sp.piecewise_fold(e.rewrite(sp.Piecewise)), Z)
    zs, out, _ = chain_partials(sp.lambdify(Z, e, "mpmath"), sp.lambdify(Z, d, "mpmath"), ws, x, 0, dps)
    return zs[-1], out


def _agree(got, want, digits):
    with M.workdps(digits + 20):
        got, want = M.mpf(got), M.mpf(want)
        return abs(got - want) <= M.mpf(10) ** (1 - digits) * abs(want)


def _sech2(t, dps=60, times=1):
    with M.workdps(dps):
        t = M.mpf(t)
        return M.mpf(times) * 4 / (M.exp(t) + M.exp(-t)) ** 2


# -- gradient: correct cases ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "expr, ws, x, s",
    [
        ("tanh(z)", ["2", "-3", "0.5"], "1", "3"),                 # --s scaling, negative weight
        ("z/(1 + Abs(z))", ["2.5"] * 20, "0.3", None),             # softsign, 20 layers
        ("erf(z)", ["1e5"] * 12, "1e-3", "1/2"),                    # saturating weights, fractional s
        ("atan(z)", ["1.5", "-2", "1e-20", "3"], "-4", None),       # a tiny weight in between
        ("Max(-1, Min(1, z)) + tanh(z)/10", ["3", "-2", "0.7"], "0.4", None),  # hardtanh pieces, off the kinks
    ],
)
def test_gradient_matches_own_product_form(expr, ws, x, s):
    if s is None:
        g = vgtheory.gradient(expr, ws, x, dps=40)
        got, digits = list(g.df_dw), g.digits
    else:  # the scaled activation s*sigma(u/s) through the command line
        res = cli("gradient", expr, "--w", ",".join(ws), "--x", x, "--s", s, "--dps", "40", "--json")
        assert res.returncode == 0, res.stderr
        data = json.loads(res.stdout)
        got, digits = data["df_dw"], data["digits"]
    assert digits >= 30
    _, want = _product_form(expr, ws, x, s=s)
    _, want2 = _product_form(expr, ws, x, dps=160, s=s)
    for a, b, b2 in zip(got, want, want2):
        assert _agree(b, b2, 100)
        assert _agree(a, b2, digits - 1)


def test_gradient_chaotic_sine_raised_precision_digits_hold():
    # sin with w = 3 over 100 layers amplifies rounding ~10^21: the digits printed must still be right
    ws = ["3"] * 100
    g = vgtheory.gradient("sin(z)", ws, "0.4", dps=30)
    _, want = _product_form("sin(z)", ws, "0.4", dps=200)
    _, want2 = _product_form("sin(z)", ws, "0.4", dps=260)
    assert g.digits >= 20
    for a, b, b2 in zip(g.df_dw, want, want2):
        assert _agree(b, b2, 120)
        assert _agree(a, b2, g.digits - 1)


def test_c1_switch_at_1000_is_smooth():
    # Max(0, z - 1000)^2 is C^1: df/dw_1 = 1000 sech^2(1000) (both sides)
    g = vgtheory.gradient("tanh(z) + Max(0, z - 1000)**2", [1], 1000, dps=30)
    assert _agree(g.df_dw[0], _sech2(1000, times=1000), 25)


def test_kink_of_cubic_switch_refused_with_both_partials():
    # Max(0, z^3 - 1/8) at 1/2: sigma'(1/2-) = sech^2(1/2), sigma'(1/2+) = sech^2(1/2) + 3/4; partials x sigma'
    res = cli("gradient", "tanh(z)+Max(0,z**3-1/8)", "--w", "1", "--x", "0.5")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr
    left = _sech2("0.5", times="0.5")
    m = re.search(r"partials differ: ([0-9.e+-]+) from the left, ([0-9.e+-]+) from the right", res.stderr)
    assert m and _agree(m.group(1), left, 10) and _agree(m.group(2), left + M.mpf("0.375"), 10)
    assert "Traceback" not in res.stderr and res.stderr.count("\n") == 1


def test_kink_at_huge_switch_refused():
    # Max(0, z - 10^30)/10 at t = 10^30 (w = 10^15, x = 10^15): slopes 0 and 1/10 (+ sech^2(1e30) ~ 0): no partial
    res = cli("gradient", "tanh(z)/2+Max(0,z-10**30)/10", "--w", "1e15", "--x", "1e15")
    assert res.returncode == 2 and "does not exist" in res.stderr and "1.0e+14 from the right" in res.stderr


def test_relu_at_zero_all_partials_zero():
    # relu at x = 0: every layer input is 0; f = 0 on both sides of every weight: all partials 0
    g = vgtheory.gradient("Max(0, z)", [2, -1, 3], 0, dps=30)
    assert all(M.mpf(v) == 0 for v in g.df_dw)


# -- signal: correct cases --------------------------------------------------------------------------------------

def test_signal_relu_exact():
    # E[relu(sqrt(q) Z)^2] = q/2, E[relu'^2] = 1/2: q* = b^2 / (1 - w^2/2) = 0.25/0.5, chi1 = w^2/2
    r = vgtheory.signal("Max(0, z)", 1, "0.5")
    assert M.mpf(r.q_star) == M.mpf("0.5") and M.mpf(r.chi1) == M.mpf("0.5") and r.phase == "ordered"


def _hardtanh_parts(q):
    a = 1 / M.sqrt(q)
    p = M.erf(a / M.sqrt(2))
    return p, q * (p - 2 * a * M.npdf(a)) + 1 - p


def test_signal_hardtanh_closed_form():
    r = vgtheory.signal("Min(1, Max(-1, z))", 2, "0.3")
    with M.workdps(40):
        q = M.findroot(lambda q: 4 * _hardtanh_parts(q)[1] + M.mpf("0.09") - q, M.mpf("2.8"))
        chi = 4 * _hardtanh_parts(q)[0]
    assert abs(M.mpf(r.q_star) - q) <= 1e-11 * q
    assert abs(M.mpf(r.chi1) - chi) <= 1e-11 * chi and r.phase == "chaotic"


def test_critical_hardtanh_sigma_b_half():
    c = vgtheory.critical_init("Min(1, Max(-1, z))", sigma_b="0.5")
    with M.workdps(40):
        q = M.findroot(lambda q: _hardtanh_parts(q)[1] / _hardtanh_parts(q)[0] + M.mpf("0.25") - q, M.mpf("1"))
        sw = 1 / M.sqrt(_hardtanh_parts(q)[0])
    assert abs(M.mpf(c.sigma_w) - sw) <= 1e-11 * sw


def test_signal_tanh_huge_sigma_w_asymptotic():
    # sigma_w = 1e300: q* = w^2 E[tanh^2] + 0 ~ w^2 (1 - O(1/w)); chi1 ~ w^2 E[sech^4(sqrt(q) Z)] ~ w (4/3)/sqrt(2 pi)
    r = vgtheory.signal("tanh(z)", "1e300", 0)
    with M.workdps(30):
        want = M.mpf(10) ** 300 * M.mpf(4) / 3 / M.sqrt(2 * M.pi)
    assert abs(M.mpf(r.chi1) / want - 1) < 1e-6 and r.phase == "chaotic"


# -- CLI and latex: correct cases -------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("gradient", "tanh", "--w", "1", "--x", "nan"),
    ("gradient", "tanh", "--w", "1,,2"),
    ("gradient", "tanh", "--w", "1", "--s", "-2"),
    ("signal", "tanh", "--sigma-w", "nan", "--sigma-b", "0"),
])
def test_cli_bad_numbers_one_line(args):
    res = cli(*args)
    assert res.returncode == 2 and res.stderr.startswith("vgtheory: error:") and res.stderr.count("\n") == 1


def test_latex_missing_directory_one_line(tmp_path):
    res = cli("latex", "tanh", "--depth", "2", "-o", str(tmp_path / "no" / "x.tex"))
    assert res.returncode == 2 and "does not exist" in res.stderr and res.stderr.count("\n") == 1


def test_latex_softsign_sup_is_one(tmp_path):
    # softsign's range is (-1, 1): sup |sigma| = 1 exactly
    out = tmp_path / "s.tex"
    res = cli("latex", "z/(1+Abs(z))", "--depth", "2", "--no-theorems", "-o", str(out))
    assert res.returncode == 0
    # stated as the sup (= 1), or as a lower bound of it (\ge a sampled value, at most 1 as printed) (R21b-1)
    m = re.search(r"B = \\sup_\{z\\in\\mathbb\{R\}\} \|\\sigma\(z\)\| (=|\\ge) ([0-9.]+)", out.read_text())
    assert m and (M.mpf(m.group(2)) == 1 if m.group(1) == "=" else M.mpf(m.group(2)) <= 1)


# -- findings ----------------------------------------------------------------------------------------------------

def test_r21b_1_latex_sup_not_stated_as_lower_bound(tmp_path):
    out = tmp_path / "l.tex"
    res = cli("latex", "sign(z)*(1 - 1/(1+log(1+Abs(z))))", "--depth", "2", "--no-theorems", "-o", str(out))
    assert res.returncode == 0
    m = re.search(r"B = \\sup_\{z\\in\\mathbb\{R\}\} \|\\sigma\(z\)\| = ([0-9.]+)", out.read_text())
    # either no equality is claimed, or the value claimed is the true sup 1
    assert m is None or M.mpf(m.group(1)) == 1


def test_r21b_2_c1_switch_at_1e5_has_a_derivative():
    try:
        g = vgtheory.gradient("tanh(z) + Max(0, z - 100000)**2", [1], 100000, dps=30)
    except VGTheoryError as exc:
        pytest.fail(f"refused: {exc}")
    want = _sech2(100000, times=100000)
    assert _agree(g.df_dw[0], want, 25)


def test_r21b_3_exact_kink_of_tanh_composition_refused_in_one_line():
    res = cli("gradient", "tanh(z)+Max(0,tanh(z)-tanh(1/2))", "--w", "1", "--x", "0.5")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr


def test_r21b_4_abs_of_cubic_kink_refused_as_kink():
    res = cli("gradient", "tanh(z)+Abs(z**3-1/8)", "--w", "1", "--x", "0.5")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr


def test_r21b_5_pdf_of_a_dash_named_file(tmp_path):
    # pdflatex compiles ./-dash.tex; the package passes the bare name, which pdflatex reads as an option
    import shutil
    if shutil.which("pdflatex") is None:
        pytest.fail("pdflatex missing: the finding cannot be shown here")
    out = tmp_path / "-dash.tex"
    res = cli("latex", "tanh", "--depth", "2", "--no-theorems", "-o", str(out), "--pdf")
    assert res.returncode == 0 and (tmp_path / "-dash.pdf").exists(), res.stderr


def test_r21b_6_exact_switch_through_exp_at_1e30_clear_refusal():
    # exp(t) - exp(10^30) changes sign at t = 10^30 exactly: slopes sech^2(1e30)/2 and that + e^(1e30)/10: a kink
    res = cli("gradient", "tanh(z)/2 + Max(0, exp(z) - exp(10**30))/10", "--w", "1", "--x", "1e30")
    assert res.returncode == 2 and "enclosure" not in res.stderr and "does not exist" in res.stderr


def test_piecewise_kink_at_5000_refused_with_both_slopes():
    # sigma'(a-) = sech^2(a), sigma'(a+) = 2 sech^2(a) at a = 5000: partials differ (a sech^2 a vs twice that)
    res = cli("gradient", "Piecewise((tanh(z), z < 5000), (2*tanh(z) - tanh(5000), True))", "--w", "1", "--x", "5000")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr
    m = re.search(r"partials differ: ([0-9.e+-]+) from the left, ([0-9.e+-]+) from the right", res.stderr)
    assert m and _agree(m.group(1), _sech2(5000, times=5000), 10) and _agree(m.group(2), _sech2(5000, times=10000), 10)


def test_r21b_7_piecewise_kink_at_1e5_never_zero():
    # the same kink at a = 10^5: the partial does not exist; 0.0 is neither one-sided value (5.08e-86854, 1.02e-86853)
    try:
        g = vgtheory.gradient("Piecewise((tanh(z), z < 100000), (2*tanh(z) - tanh(100000), True))", [1], 100000)
    except VGTheoryError as exc:
        assert "does not exist" in str(exc)
        return
    pytest.fail(f"df/dw_1 = {g.df_dw[0]} reported for a derivative that does not exist")


def test_residual_cancellation_1e40_resolved():
    # f - y = tanh(1) 1e-40 exactly: loss = tanh(1)^2 1e-80 / 2, dloss/dw = tanh(1) 1e-40 (1 + sech^2(1) 1e-40)
    g = vgtheory.gradient("z + tanh(z)/10**40", [1], 1, 1, dps=15)
    with M.workdps(100):
        r = M.tanh(1) / M.mpf(10) ** 40
        assert _agree(g.loss, r * r / 2, 14) and _agree(g.dloss_dw[0], r * (1 + M.sech(1) ** 2 / M.mpf(10) ** 40), 14)


def test_r21b_8_residual_cancellation_1e100_not_zero():
    g = vgtheory.gradient("z + tanh(z)/10**100", [1], 1, 1, dps=50)
    with M.workdps(300):
        r = M.tanh(1) / M.mpf(10) ** 100
        want = r * (1 + M.sech(1) ** 2 / M.mpf(10) ** 100)
    # either the right value to the digits claimed, or no digit claimed
    assert g.loss_digits == 0 or _agree(g.dloss_dw[0], want, max(g.loss_digits - 1, 1))
