"""Held-out cases of red team R23b (numbers and robustness of gradient / signal / latex / CLI) that vgtheory gets
right at 49c177e, and tests of finding R23b-1 asserting the truth (each failed at 49c177e; fixed in session 20).

Every expected value is derived here, independently of the package: exact rational arithmetic (fractions) for
piecewise-linear chains, the product form of the chain rule with hand-written sigma' evaluated by mpmath, and the
mean-field fixed point q* = sw^2 E[phi(sqrt(q) u)^2] + sb^2, chi1 = sw^2 E[phi'(sqrt(q*) u)^2] by mpmath quadrature
(split at the breakpoints) at two precisions that must agree.
Truth of the finding:
- R23b-1: sigma = z, w = (0.1, 3), x = 1, y = 0.3: f = 0.1 * 3 * 1 = 0.3 = y exactly, so the loss and both dloss/dw_j
  are exactly 0; sigma = z, w = 1, x = 1, y = 4/3, lam = 1/3: dloss/dw + lam w = (1 - 4/3) * 1 + 1/3 = 0 exactly.
  The package's exact chain knows both zeros, but they are used only where two runs cancel to exactly 0: with inputs
  that are no binary numbers the runs leave rounding noise, and the values come back with 0 digits ('undetermined')
  after the precision was raised to ~1600 digits.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction as F

import mpmath
import pytest

import vgtheory
from oracles import agrees, mean_field
from clirun import cli

# Held-out sets run with the slow regression tests.
pytestmark = pytest.mark.slow

M = mpmath


_agree = agrees  # tests/oracles.py


_SIDES = r"partials differ: ([0-9.e+-]+) from the left, ([0-9.e+-]+) from the right"


# -- gradient: exact chains ------------------------------------------------------------------------------------------

def test_kink_at_layer_601_after_600_distinct_integer_inputs():
    # sigma = z - 1 (z >= 0), 2z - 1 below (continuous at 0); w = 1, x = 600: t_k = 601 - k, t_601 = 0 on the kink.
    # Layers 1..600 slope 1, layer 601 slope 2 (left) / 1 (right), layer 602 (t = -1) slope 2: df/dw_1 = 600*{2,1}*2.
    res = cli("gradient", "Piecewise((z-1, z>=0),(2*z-1,True))", "--w", "1", "--depth", "602", "--x", "600")
    assert res.returncode == 2, res.stdout
    assert "df/dw_1 does not exist" in res.stderr and "layer 601" in res.stderr
    m = re.search(_SIDES, res.stderr)
    assert m and _agree(m.group(1), 600 * 2 * 2, 10) and _agree(m.group(2), 600 * 1 * 2, 10)


def test_kink_at_one_seventh_reached_exactly_at_layer_12():
    # sigma = 3z - 2/7 above 1/7, z below (continuous at 1/7); w = 2, x = 1/(7*2^12): t_k = 2^k x, t_12 = 1/7 exactly.
    x = F(1, 7 * 2 ** 12)
    assert 2 ** 12 * x == F(1, 7)
    with pytest.raises(vgtheory.errors.VGTheoryError) as info:
        vgtheory.gradient("Piecewise((3*z-2/7, z>=1/7),(z,True))", ["2"] * 12, str(x), dps=30)
    msg = str(info.value)
    assert "df/dw_1 does not exist" in msg and "layer 12" in msg
    # df/dw_1 = x * 1 * (2*1)^10 * 2 * side = x 2^11 side = side / 14
    m = re.search(_SIDES, msg)
    assert m and _agree(m.group(1), F(1, 14), 10) and _agree(m.group(2), F(3, 14), 10)


def test_kink_at_one_tenth_past_the_followed_inputs_claims_no_wrong_digit():
    # the kink at 1/10 reached at layer 601 (x = 600.1, sigma = z - 1 above 1/10): past the 500 followed inputs the
    # rounded input straddles 1/10; whatever comes back must be a refusal or 0 digits (no partial exists).
    e = "Piecewise((z-1, z>=1/10),(2*z-11/10,True))"
    try:
        g = vgtheory.gradient(e, ["1"] * 602, "600.1", dps=20)
    except vgtheory.errors.VGTheoryError as exc:
        assert "does not exist" in str(exc)
    else:
        assert g.digits == 0


@pytest.mark.parametrize("sigma", ["z", "Piecewise((z, z<3),(3,True))", "Max(z,-5)"])
def test_weight_decay_exact_zero_beside_1e_minus_60(sigma):
    # depth 2, x = 1, w = (1, 1 + d), d = 10^-60, lam = (1 + d)/2, y = 3/2 + d (all inside the linear piece):
    # r = f - y = -1/2; reg_1 = r w_2 + lam w_1 = 0 exactly; reg_2 = r w_1 + lam w_2 = d + d^2/2.
    d = F(1, 10 ** 60)
    w2, lam, y = "1." + "0" * 59 + "1", "0.5" + "0" * 59 + "5", "1.5" + "0" * 58 + "1"
    assert (F(w2), F(lam), F(y)) == (1 + d, (1 + d) / 2, F(3, 2) + d)
    r = F(w2) - F(y)
    reg = (r * F(w2) + F(lam), r + F(lam) * F(w2))
    assert reg == (0, d + d * d / 2)
    g = vgtheory.gradient(sigma, ["1", w2], "1", y, lam=lam, dps=30)
    assert g.regularized_digits >= 25
    assert g.regularized_dw[0] == 0 and _agree(g.regularized_dw[1], reg[1], g.regularized_digits - 1)


def test_exact_fit_decimal_inputs_piecewise_off_fit():
    # sigma = z/2 below 1: t_1 = 0.1, z_1 = 0.05, t_2 = 0.15, z_2 = 0.075; y = 0.3: r = -0.225
    g = vgtheory.gradient("Piecewise((z/2, z<1),(z-1/2,True))", ["0.1", "3"], "1", "0.3", dps=30)
    r = F("0.075") - F("0.3")
    want = (r * 1 * F(1, 2) * 3 * F(1, 2), r * F("0.05") * F(1, 2))
    assert g.loss_digits >= 28 and _agree(g.loss, r * r / 2, 28)
    assert all(_agree(a, b, 28) for a, b in zip(g.dloss_dw, want))


def test_tanh_at_x_one_thousand_underscore():
    # Python's 1_000: df/dw = 1000 sech^2(1000) (~1.03e-865)
    res = cli("gradient", "tanh", "--w", "1", "--x", "1_000")
    assert res.returncode == 0, res.stderr
    with M.workdps(40):
        want = 1000 / M.cosh(1000) ** 2
    m = re.search(r"\n\s+1\s+([0-9.e+-]+)\s", res.stdout)
    assert m and _agree(m.group(1), want, 10)


def test_min_square_kink_reached_exactly_at_layer_3():
    # sigma = z/2 + Min(z^2, 1/4): x = 1/10, w = (1, 1, 625/42, 3): t_1 = 1/10, z_1 = 3/50, t_2 = 3/50, z_2 = 21/625,
    # t_3 = 1/2 (the kink: sigma' = 1/2 + 2t = 3/2 from the left, 1/2 from the right), z_3 = 1/2, t_4 = 3/2 (slope 1/2)
    sig = lambda t: t / 2 + min(t * t, F(1, 4))  # noqa: E731
    z1 = sig(F(1, 10))
    z2 = sig(z1)
    assert (z1, z2, F(625, 42) * z2) == (F(3, 50), F(21, 625), F(1, 2))
    base = F(1, 10) * F(7, 10) * 1 * F(31, 50) * F(625, 42) * 3 * F(1, 2)
    res = cli("gradient", "z/2+Min(z**2,1/4)", "--w", "1,1,625/42,3", "--x", "1/10")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr and "layer 3" in res.stderr
    m = re.search(_SIDES, res.stderr)
    assert m and _agree(m.group(1), base * F(3, 2), 10) and _agree(m.group(2), base * F(1, 2), 10)


def test_heaviside_jump_reached_exactly_at_layer_3_and_beside_it():
    # sigma = z/2 + Heaviside(z - 1/3)/10, x = 11/15, w = 1: t_2 = 7/15, t_3 = 1/3 exactly: a jump (no df/dw_1)
    sig = lambda t: t / 2 + (F(1, 10) if t > F(1, 3) else 0)  # noqa: E731
    assert sig(sig(F(11, 15))) == F(1, 3)
    res = cli("gradient", "z/2+Heaviside(z-1/3)/10", "--w", "1,1,1,1", "--x", "11/15")
    assert res.returncode == 2 and "jump" in res.stderr and "layer 3" in res.stderr
    # x = 0.733...3 (19 threes) < 11/15: t_3 just below 1/3, every slope 1/2: df/dw_1 = x / 16
    x = "0." + "7" + "3" * 18
    assert sig(sig(F(x))) < F(1, 3)
    g = vgtheory.gradient("z/2+Heaviside(z-1/3)/10", ["1"] * 4, x, dps=40)
    assert g.digits >= 30 and _agree(g.df_dw[0], F(x) / 16, 30)


def test_signal_critical_softsign_with_bias():
    # the printed critical sigma_w at sigma_b = 0.3 gives chi1 = 1 by our own quadrature at two precisions (chi1 grows
    # with sigma_w at slope ~1 here: |chi1 - 1| < 1e-8 pins sigma_w to ~8 digits; our root is 1.8974917729964...)
    res = cli("signal", "z/(1+Abs(z))", "--sigma-b", "0.3", "--critical")
    assert res.returncode == 0, res.stderr
    m = re.search(r"critical sigma_w = ([0-9.]+)", res.stdout)
    assert m
    phi, dphi = (lambda t: t / (1 + abs(t))), (lambda t: 1 / (1 + abs(t)) ** 2)
    chis = []
    for dps in (20, 28):
        with M.workdps(dps):
            chis.append(_mean_field(phi, dphi, M.mpf(m.group(1)), "0.3", [0], dps)[1])
            lo = _mean_field(phi, dphi, M.mpf(m.group(1)) * (1 - M.mpf(10) ** -6), "0.3", [0], dps)[1]
    assert _agree(chis[0], chis[1], 16)
    assert abs(chis[1] - 1) < 1e-8 and lo < 1 - 1e-7  # a root, and chi1 crosses 1 there


# -- signal against own quadrature --------------------------------------------------------------------------------

def _mean_field(phi, dphi, sw, sb, breaks, dps):
    return mean_field(phi, dphi, breaks, sw, sb, dps, iterations=6)


_THIRD = F(1, 3)
_SIGNAL_CASES = [
    ("z/(1+Abs(z))", lambda t: t / (1 + abs(t)), lambda t: 1 / (1 + abs(t)) ** 2, "2", "0.3", [0], "chaotic"),
    ("tanh(z)+Abs(z-1/3)/10-Abs(z+1/3)/10",
     lambda t: M.tanh(t) + abs(t - M.mpf(1) / 3) / 10 - abs(t + M.mpf(1) / 3) / 10,
     lambda t: 1 / M.cosh(t) ** 2 + M.sign(t - M.mpf(1) / 3) / 10 - M.sign(t + M.mpf(1) / 3) / 10,
     "1.3", "0.2", ["1/3", "-1/3"], "ordered"),
    ("Max(-1,Min(1,2*z))", lambda t: max(-1, min(1, 2 * t)), lambda t: 2 if abs(t) < 0.5 else 0, "0.8", "0.05",
     [0.5, -0.5], "chaotic"),
    ("Piecewise((tanh(z), z<log(2)),(tanh(z)+(z-log(2))/5, z<1),(tanh(z)+(1-log(2))/5,True))",
     lambda t: M.tanh(t) if t < M.log(2) else (M.tanh(t) + (t - M.log(2)) / 5 if t < 1 else M.tanh(t) + (1 - M.log(2)) / 5),
     lambda t: 1 / M.cosh(t) ** 2 + (M.mpf(1) / 5 if M.log(2) < t < 1 else 0), "1.4", "0.3", ["log2", 1], "chaotic"),
    ("tanh(z)*Heaviside(z)+z/(2+2*Abs(z))*Heaviside(-z)", lambda t: M.tanh(t) if t > 0 else t / (2 + 2 * abs(t)),
     lambda t: 1 / M.cosh(t) ** 2 if t > 0 else 1 / (2 * (1 + abs(t)) ** 2), "1.7", "0", [0], "chaotic"),
]


@pytest.mark.parametrize("case", _SIGNAL_CASES, ids=[c[0][:30] for c in _SIGNAL_CASES])
def test_signal_piecewise_abs_against_quadrature(case):
    expr, phi, dphi, sw, sb, breaks, phase = case
    refs = []
    for dps in (20, 28):
        with M.workdps(dps):
            bs = [M.log(2) if b == "log2" else (M.mpf(F(b).numerator) / F(b).denominator if isinstance(b, str) else M.mpf(b))
                  for b in breaks]
        refs.append(_mean_field(phi, dphi, sw, sb, bs, dps))
    (q1, c1), (q2, c2) = refs
    assert _agree(q1, q2, 16) and _agree(c1, c2, 16)
    res = cli("signal", expr, "--sigma-w", sw, "--sigma-b", sb, "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert abs(data["q_star"] - q2) <= max(10 * data["q_star_error"], 1e-12) and _agree(data["q_star"], q2, 11)
    assert abs(data["chi1"] - c2) <= max(10 * data["chi1_error"], 1e-12) and _agree(data["chi1"], c2, 11)
    assert data["phase"] == phase and (c2 > 1) == (phase == "chaotic")


def test_signal_tanh_fraction_sigma_w_ordered():
    # sigma_w = 1/2, sigma_b = 0: q* = 0 (tanh^2 < z^2), chi1 = sw^2 tanh'(0)^2 = 1/4
    res = cli("signal", "tanh", "--sigma-w", "1/2", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["q_star"] == 0 and _agree(data["chi1"], F(1, 4), 12) and data["phase"] == "ordered"


# -- latex -----------------------------------------------------------------------------------------------------------

def test_latex_theorem2_numbers_heaviside_plus_tanh(tmp_path):
    # sigma = tanh(z) + Heaviside(z - 1/2), w = 2, x = 1, l = 10: z* = tanh(2 z*) + 1, rho = 2 sech^2(2 z*),
    # actual df/dw_1 by the product form; the bound x sigma'(w x) rho^9.
    out = tmp_path / "h.tex"
    res = cli("latex", "Heaviside(z-1/2)+tanh(z)", "--depth", "2", "-o", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text()
    with M.workdps(40):
        sech2 = lambda t: 1 / M.cosh(t) ** 2  # noqa: E731
        zs = M.findroot(lambda u: M.tanh(2 * u) + 1 - u, 2)
        rho = 2 * sech2(2 * zs)
        z, d = [M.mpf(1)], []
        for _ in range(10):
            t = 2 * z[-1]
            z.append(M.tanh(t) + (1 if t > 0.5 else 0))
            d.append(sech2(t))
        actual = z[0] * d[0] * M.fprod(2 * s for s in d[1:])
        bound = sech2(2) * rho ** 9
    m = re.search(r"\$z\^\* = ([0-9.]+)\$, \$\\rho = w\\sigma'\(wz", text)
    assert m and _agree(m.group(1), zs, 5)
    m = re.search(r"= ([0-9.]+)\\cdot 10\^\{(-?\d+)\}\$ \(numbers: \\textbf\{holds\}; actual \$([0-9.]+)\\cdot 10\^\{(-?\d+)\}", text)
    assert m
    assert _agree(M.mpf(m.group(1)) * M.mpf(10) ** int(m.group(2)), bound, 5)
    assert _agree(M.mpf(m.group(3)) * M.mpf(10) ** int(m.group(4)), actual, 5)


def test_latex_refuses_missing_directory_and_pdf_name(tmp_path):
    res = cli("latex", "tanh", "-o", str(tmp_path / "nodir" / "x.tex"))
    assert res.returncode != 0 and "does not exist" in res.stderr and "Traceback" not in res.stderr
    res = cli("latex", "tanh", "-o", str(tmp_path / "x.pdf"))
    assert res.returncode != 0 and ".tex" in res.stderr


# -- CLI robustness ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (("gradient", "tanh", "--w", "1e-400", "--x", "1"), "between 1e-300 and 1e300"),
    (("gradient", "tanh", "--w", "1,,2", "--x", "1"), "comma-separated"),
    (("gradient", "   ", "--w", "1", "--x", "1"), "formula is empty"),
    (("signal", "tanh", "--sigma-w", "0"), "positive"),
    (("gradient", "tanh", "--w", "1", "--x", "1", "--dps", "0"), "between 5 and 4,000"),
])
def test_cli_odd_inputs_refused_in_one_line(args, words):
    res = cli(*args)
    assert res.returncode != 0 and words in res.stderr and "Traceback" not in res.stderr + res.stdout


# -- finding R23b-1 --------------------------------------------------------------------------------------------------

def test_r23b_1_exact_fit_with_decimal_inputs_confirmed_at_dps30():
    assert F("0.1") * 3 * 1 == F("0.3")  # f = y exactly: loss 0 and dloss/dw_j = 0 exactly
    g = vgtheory.gradient("z", ["0.1", "3"], "1", "0.3", dps=30)
    assert g.loss == 0 and g.loss_digits >= 30
    assert list(g.dloss_dw) == [0, 0]


def test_r23b_1_weight_decay_exact_zero_with_fraction_inputs():
    assert (1 - F(4, 3)) * 1 + F(1, 3) * 1 == 0  # dloss/dw + lam w, exactly 0
    g = vgtheory.gradient("z", ["1"], "1", "4/3", lam="1/3", dps=30)
    assert g.regularized_dw[0] == 0 and g.regularized_digits >= 30


# -- finding R23b-2 (completeness) and its off-switch neighbour --------------------------------------------------

_SQUEEZED = "Piecewise((tanh(z), z<=1/2),(tanh(z)+(z-1/2)**3*sin(1/(z-1/2))/(1+z**4),True))"


def _squeezed_slope(t):
    h = M.mpf(1) / 2
    if t <= h:
        return 1 / M.cosh(t) ** 2
    u = t - h
    return (1 / M.cosh(t) ** 2 + (3 * u ** 2 * M.sin(1 / u) - u * M.cos(1 / u)) / (1 + t ** 4)
            - 4 * t ** 3 * u ** 3 * M.sin(1 / u) / (1 + t ** 4) ** 2)


def test_squeezed_oscillation_off_its_switch():
    # x = 1/4, w = (1, 2): t_1 = 1/4, t_2 = 2 tanh(1/4) = 0.4898 < 1/2: both layers on tanh
    g = vgtheory.gradient(_SQUEEZED, ["1", "2"], "0.25", dps=30)
    for dps in (40, 60):
        with M.workdps(dps):
            t1 = M.mpf(1) / 4
            z1 = M.tanh(t1)
            want = (t1 * _squeezed_slope(t1) * 2 * _squeezed_slope(2 * z1), z1 * _squeezed_slope(2 * z1))
        assert g.digits >= 25 and all(_agree(a, b, 25) for a, b in zip(g.df_dw, want))


def test_r23b_2_squeezed_oscillation_on_its_switch_is_differentiable():
    # x = 1/2, w = (1, 2): t_1 = 1/2 on the switch; from the right sigma' = sech^2 + [3u^2 sin(1/u) - u cos(1/u)]/(1+z^4)
    # - 4z^3 u^3 sin(1/u)/(1+z^4)^2 -> sech^2(1/2) (|sin|, |cos| <= 1, u -> 0), and sigma -> tanh(1/2): C^1 at 1/2.
    # t_2 = 2 tanh(1/2) = 0.924 (oscillating branch). df/dw_1 = x sech^2(1/2) 2 sigma'(t_2), df/dw_2 = z_1 sigma'(t_2).
    with M.workdps(60):
        h = M.mpf(1) / 2
        z1 = M.tanh(h)
        want = (h * _squeezed_slope(h) * 2 * _squeezed_slope(2 * z1), z1 * _squeezed_slope(2 * z1))
    g = vgtheory.gradient(_SQUEEZED, ["1", "2"], "0.5", dps=30)
    assert g.digits >= 25 and all(_agree(a, b, 25) for a, b in zip(g.df_dw, want))
