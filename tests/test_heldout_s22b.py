"""Held-out cases of red team R22b (numbers and robustness of gradient / signal / latex / plot) that vgtheory gets
right at 64b1181, and one test per finding R22b-N asserting the truth (each fails at 64b1181).

Every expected value is derived here, independently of the package: exact rational arithmetic (fractions) for
piecewise-linear chains, the chain rule's product form with hand-written sigma' evaluated by mpmath at two
precisions, closed forms (sech^2, hardtanh's Gaussian moments), and one-sided slopes worked out by hand.
Truth of the findings:
- R22b-1: hardtanh, depth 1, x = 1/2, w = 1 + 10^-250, y = 1 + 5*10^-251, lam = 1/4: t = w x lies inside (-1, 1), so
  dloss/dw + lam w = (w x - y) x + lam w = lam (w - 1) = 2.5e-251 exactly; never 0.0 with digits confirmed.
  And with sigma = z, w = 2, x = 1, y = 3, lam = 1/2: (2 - 3) + 1 = 0 exactly: the exact chain should confirm it.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction as F

import mpmath
import pytest

import vgtheory
from clirun import cli
from oracles import agrees, chain_partials

# Held-out sets run with the slow regression tests.
pytestmark = pytest.mark.slow

M = mpmath


_agree = agrees  # tests/oracles.py


def _chain(f, fp, ws, x, dps):
    """Product form: z_k = f(w_k z_{k-1}); df/dw_j = z_{j-1} f'(t_j) prod_{k>j} w_k f'(t_k)."""
    zs, out, _ = chain_partials(f, fp, ws, x, 0, dps)
    return zs, out


def _sech2(t):
    return 1 / M.cosh(t) ** 2


# -- gradient: exact chains, exact kinks deep in the chain ----------------------------------------------------------

def test_kink_reached_exactly_at_layer_51():
    # sigma = z/3 for z >= 1, z - 2/3 below (continuous at 1); x = 3^50, w = 1: t_k = 3^(51-k), t_51 = 1 exactly.
    # Slopes there: 1 from the left, 1/3 from the right; later layers (t_52 = 1/3) slope 1: partials 1 and 1/3.
    res = cli("gradient", "Piecewise((z/3, z>=1),(z-2/3,True))", "--w", "1", "--depth", "52", "--x", str(3 ** 50))
    assert res.returncode == 2, res.stdout
    assert "df/dw_1 does not exist" in res.stderr and "t_51 = 1.0 of layer 51" in res.stderr
    # df/dw_1 = x * prod of slopes: 3^50 * (1/3)^50 * side * 1 = side
    m = re.search(r"partials differ: ([0-9.e+-]+) from the left, ([0-9.e+-]+) from the right", res.stderr)
    assert m and _agree(m.group(1), 1, 10) and _agree(m.group(2), F(1, 3), 10)


def test_kink_at_one_tenth_reached_exactly_at_layer_51():
    # as above, the breakpoint 1/10 (no binary number): x = 3^50 / 10 exactly, t_51 = 1/10
    x = "71789798769185258877024.9"
    assert F(x) == F(3 ** 50, 10)
    res = cli("gradient", "Piecewise((z/3, z>=1/10),(z-1/15,True))", "--w", "1", "--depth", "52", "--x", x)
    assert res.returncode == 2, res.stdout
    assert "layer 51" in res.stderr and "kink" in res.stderr
    m = re.search(r"partials differ: ([0-9.e+-]+) from the left, ([0-9.e+-]+) from the right", res.stderr)
    # df/dw_1 = x (1/3)^50 * side = side/10
    assert m and _agree(m.group(1), F(1, 10), 10) and _agree(m.group(2), F(1, 30), 10)


def test_piecewise_linear_chain_off_kinks_exact_rationals():
    # sigma = z/2 below 1, z - 1/2 above; w = (3, 1/2, 5/4, 2), x = 7/10: exact rational chain by hand
    ws = ["3", "0.5", "1.25", "2"]
    sig = lambda t: t / 2 if t < 1 else t - F(1, 2)  # noqa: E731
    dsig = lambda t: F(1, 2) if t < 1 else F(1)  # noqa: E731
    w = [F(v) for v in ws]
    zs = [F(7, 10)]
    for wk in w:
        assert wk * zs[-1] != 1
        zs.append(sig(wk * zs[-1]))
    slopes = [dsig(w[k] * zs[k]) for k in range(4)]
    want, suffix = [None] * 4, F(1)
    for j in range(3, -1, -1):
        want[j] = zs[j] * slopes[j] * suffix
        suffix *= w[j] * slopes[j]
    g = vgtheory.gradient("Piecewise((z/2, z<1),(z-1/2,True))", ws, "0.7", dps=40)
    assert g.digits >= 38
    for a, b in zip(g.df_dw, want):
        assert _agree(a, b, 38)
    assert _agree(g.output, zs[-1], 38)


def test_exact_fit_with_weight_decay_w1_equal_one():
    # hardtanh, w = 1, x = 1/2, y = 3/2, lam = 1/2: (1/2 - 3/2)(1/2) + 1/2 * 1 = 0 exactly (w_1 = 1)
    x, y, lam, w = F(1, 2), F(3, 2), F(1, 2), F(1)
    reg = (w * x - y) * x + lam * w
    assert reg == 0
    g = vgtheory.gradient("hardtanh", ["1"], "0.5", "1.5", lam="0.5", dps=30)
    assert g.regularized_dw[0] == 0 and g.regularized_digits >= 30


def test_exact_fit_loss_zero_confirmed():
    # hardtanh chain w = (1/2, 3/2), x = 1: t_1 = 1/2, z_1 = 1/2, t_2 = 3/4, f = 3/4 = y exactly: loss 0 with every digit
    g = vgtheory.gradient("hardtanh", ["0.5", "1.5"], "1", "0.75", dps=30)
    assert g.loss == 0 and g.loss_digits >= 30
    # and df/dw = (x * 1 * 3/2, z_1 * 1) = (3/2, 1/2)
    assert _agree(g.df_dw[0], 1.5, 30) and _agree(g.df_dw[1], 0.5, 30)


def test_tiny_weight_decay_residual_resolved_at_dps50():
    # sigma = z, w = 1 + 10^-60, x = 1, y = 2 + 10^-60, lam = 1: (w - y) + lam w = 10^-60 exactly
    w = "1." + "0" * 59 + "1"
    y = "2." + "0" * 59 + "1"
    assert (F(w) - F(y)) + F(w) == F(1, 10 ** 60)
    g = vgtheory.gradient("z", [w], "1", y, lam="1", dps=50)
    assert g.regularized_digits >= 20
    assert _agree(g.regularized_dw[0], F(1, 10 ** 60), g.regularized_digits - 1)


# -- gradient: exact switches at huge or transcendental points -------------------------------------------------------

def test_c1_piecewise_at_1e5_two_layers():
    # tanh continued by its tangent line at 10^5: C^1; w = (1, 1), x = 10^5: z_1 = tanh(10^5), t_2 = z_1 < 1e5
    e = "Piecewise((tanh(z), z<100000),(tanh(100000)+(z-100000)*(1-tanh(100000)**2),True))"
    g = vgtheory.gradient(e, ["1", "1"], "100000", dps=30)
    for dps in (200, 260):
        with M.workdps(dps):
            z1 = M.tanh(100000)
            want1 = 100000 * _sech2(M.mpf(100000)) * _sech2(z1)
            want2 = z1 * _sech2(z1)
        assert _agree(g.df_dw[0], want1, min(g.digits, 25) - 1)
        assert _agree(g.df_dw[1], want2, min(g.digits, 25) - 1)


def test_kink_at_1e5_doubled_slope_refused():
    # right slope 2 sech^2(10^5), left sech^2(10^5): partials x * slope, never 0.0
    e = "Piecewise((tanh(z), z<100000),(tanh(100000)+2*(z-100000)*(1-tanh(100000)**2),True))"
    res = cli("gradient", e, "--w", "1", "--x", "100000")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr
    with M.workdps(60):
        left = 100000 * _sech2(M.mpf(100000))
    m = re.search(r"partials differ: ([0-9.e+-]+) from the left, ([0-9.e+-]+) from the right", res.stderr)
    assert m and _agree(m.group(1), left, 10) and _agree(m.group(2), 2 * left, 10)


def test_flat_squeeze_branch_is_smooth():
    # tanh + exp(-1/(z-1)) sin(1/(z-1)) for z > 1: all one-sided derivatives at 1 equal tanh's: product form of tanh
    e = "Piecewise((tanh(z), z<=1),(tanh(z)+exp(-1/(z-1))*sin(1/(z-1)),True))"
    g = vgtheory.gradient(e, ["1", "1"], "1", dps=30)
    zs, want = _chain(M.tanh, _sech2, ["1", "1"], "1", 80)
    _, want2 = _chain(M.tanh, _sech2, ["1", "1"], "1", 120)
    for a, b, b2 in zip(g.df_dw, want, want2):
        assert _agree(b, b2, 70)
        assert _agree(a, b2, g.digits - 1)


def test_square_condition_saturated_side_partials_zero():
    # Piecewise((z, z^2<1),(sign z, True)) = hardtanh; x = -1, w = (1, 2): t_1 = -1 (kink), t_2 = -2 saturated:
    # sigma'(t_2) = 0 on both sides, so both partials exist and are 0
    g = vgtheory.gradient("Piecewise((z, z**2<1),(sign(z),True))", ["1", "2"], "-1", dps=30)
    assert list(g.df_dw) == [0, 0] and g.digits >= 30
    assert g.output == -1


def test_square_condition_kink_refused():
    # same sigma, x = -1, w = (1, 1/2): t_2 = -1/2 inside: df/dw_1 = x * sigma'(-1 +-) * w_2 * 1 = -1/2 * {0, 1}
    res = cli("gradient", "Piecewise((z, z**2<1),(sign(z),True))", "--w", "1,0.5", "--x", "-1")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr and "t_1 = -1.0" in res.stderr


def test_heaviside_jump_not_moved_at_x_zero():
    # tanh + Heaviside: x = 0, so t_1 = 0 does not move: df/dw_1 = 0; sigma(0) = 1/2 (Heaviside(0) = 1/2, sympy's)
    g = vgtheory.gradient("tanh(z)+Heaviside(z)", ["1", "1"], "0", dps=30)
    with M.workdps(60):
        want2 = M.mpf("0.5") * _sech2(M.mpf("0.5"))
    assert g.df_dw[0] == 0 and _agree(g.df_dw[1], want2, 28)


def test_polynomial_chain_exact_inputs_w_one_third():
    # sigma = z - z^3/3 (no switches; exact rationals followed), w = 1/3 written as 0.3333333, 200 layers
    ws = ["0.3333333"] * 200
    f = lambda t: t - t ** 3 / 3  # noqa: E731
    fp = lambda t: 1 - t ** 2  # noqa: E731
    g = vgtheory.gradient("z - z**3/3", ws, "0.7", dps=30)
    _, want = _chain(f, fp, ws, "0.7", 80)
    _, want2 = _chain(f, fp, ws, "0.7", 120)
    assert g.digits >= 25
    for a, b, b2 in zip(g.df_dw[::20], want[::20], want2[::20]):
        assert _agree(b, b2, 70)
        assert _agree(a, b2, g.digits - 1)


# -- signal --------------------------------------------------------------------------------------------------------

def _hardtanh_fixed_point(sw, dps=40):
    with M.workdps(dps):
        sw2 = M.mpf(sw) ** 2

        def V(q):
            c = 1 / M.sqrt(q)
            inner = q * (M.erf(c / M.sqrt(2)) - 2 * c * M.npdf(c))
            return sw2 * (inner + M.erfc(c / M.sqrt(2)))
        q = M.findroot(lambda q: V(q) - q, 1.26)
        return q, sw2 * M.erf(1 / M.sqrt(2 * q))


@pytest.mark.parametrize("expr", ["hardtanh", "Piecewise((z, z**2<1),(sign(z),True))"])
def test_signal_hardtanh_closed_form(expr):
    res = cli("signal", expr, "--sigma-w", "1.5", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    q, chi = _hardtanh_fixed_point("1.5")
    assert _agree(data["q_star"], q, 10)
    assert _agree(data["chi1"], chi, 10)
    assert data["phase"] == "chaotic"


def test_signal_critical_hardtanh_is_one():
    res = cli("signal", "hardtanh", "--critical")
    assert res.returncode == 0, res.stderr
    assert "critical sigma_w = 1" in res.stdout


# -- symbolic chain / latex -----------------------------------------------------------------------------------------

def test_symbolic_chain_piecewise_agrees_and_evaluates():
    import sympy as sp
    assert vgtheory.symbolic_chain("Piecewise((z/2, z<1),(z-1/2,True))", 2).agrees_with_sympy_diff()
    ch = vgtheory.symbolic_chain("Piecewise((z/2, z<1),(z-1/2,True))", 3)
    # at x = 7/10, w = (3, 1/2, 5/4): by hand t_1 = 21/10 -> z_1 = 8/5; t_2 = 4/5 -> z_2 = 2/5; t_3 = 1/2 -> z_3 = 1/4
    pt = {ch.x: sp.Rational(7, 10), ch.w[0]: 3, ch.w[1]: sp.Rational(1, 2), ch.w[2]: sp.Rational(5, 4)}
    assert sp.nsimplify(ch.output.subs(pt)) == sp.Rational(1, 4)
    # df/dw_1 = x * 1 * (1/2 * 1/2) * (5/4 * 1/2) = 7/10 * 1/4 * 5/8 = 7/64
    assert sp.nsimplify(ch.df_dw[0].subs(pt)) == sp.Rational(7, 64)


def test_latex_piecewise_chain_writes_file(tmp_path):
    out = tmp_path / "pw.tex"
    res = cli("latex", "Piecewise((z, z**2<1),(sign(z),True))", "--depth", "4", "-o", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text()
    assert "\\partial f}{\\partial w_{4}}" in text and "Traceback" not in res.stderr


# -- findings --------------------------------------------------------------------------------------------------------

def test_r22b_1_weight_decay_exact_zero_uses_x_not_w1_x():
    w = "1." + "0" * 249 + "1"
    y = "1." + "0" * 250 + "5"
    truth = (F(w) * F(1, 2) - F(y)) * F(1, 2) + F(1, 4) * F(w)
    assert truth == F(1, 4) * F(1, 10 ** 250)
    g = vgtheory.gradient("hardtanh", [w], "0.5", y, lam="0.25", dps=50)
    # never a confirmed 0.0: either the value with its digits, or no digit
    assert not (g.regularized_dw[0] == 0 and g.regularized_digits > 0)
    # and the exact zero (sigma = z, w = 2, x = 1, y = 3, lam = 1/2: (2 - 3) * 1 + 1/2 * 2 = 0) is confirmed
    assert (F(2) - 3) * 1 + F(1, 2) * 2 == 0
    g2 = vgtheory.gradient("z", ["2"], "1", "3", lam="0.5", dps=30)
    assert g2.regularized_dw[0] == 0 and g2.regularized_digits >= 30


def test_r22b_3_plot_never_draws_a_partial_on_a_kink():
    from vgtheory.errors import VGTheoryError
    from vgtheory.render.plotting import depth_profile

    # hardtanh, w = 2, x = 1/2: depth 1 has t_1 = 1 on the kink (one-sided x*1 = 1/2 and 0): no df/dw_1 to draw.
    # (0.25, the mean of the two sides, is sympy's Heaviside(0) = 1/2 convention.)
    with pytest.raises(VGTheoryError):
        p = depth_profile("hardtanh", depth_max=3, w="2", x="0.5", predict=False)
        assert p.df_dw1[0] in (0, M.mpf("0.5"))  # never reached if refused; a one-sided value at least


def test_r22b_3_plot_sees_exact_kink_reached_by_decimal_weight():
    from vgtheory.errors import VGTheoryError
    from vgtheory.render.plotting import depth_profile

    # t_1 = 0.1 * 10 = 1 exactly: kink of tanh(z) + Max(0, z - 1) (slopes sech^2(1), 1 + sech^2(1)): refused
    assert F("0.1") * F("10") == 1
    with pytest.raises(VGTheoryError, match="does not exist"):
        depth_profile("tanh(z)+Max(0,z-1)", depth_max=3, w="0.1", x="10", predict=False)


def test_r22b_2_exactly_followed_chain_costs_like_a_float_one():
    import time

    # 4000 layers of a 2-piece linear Piecewise (inputs stay exact rationals: z_k = k + 1) against the same Piecewise with
    # a tanh piece (exact following stops at layer 1). 50,000 such layers with a cancelling residual took 2 min 15 s.
    def cost(e):
        t = time.process_time()
        vgtheory.gradient(e, ["1"] * 4000, "1", dps=30)
        return time.process_time() - t

    for e in ("Piecewise((tanh(z)+1, z>0),(z/2,True))", "Piecewise((z+1, z>0),(z/2,True))"):
        vgtheory.gradient(e, ["1"] * 5, "1", dps=30)  # warm-up: parsing, compiled balls
    fast = cost("Piecewise((tanh(z)+1, z>0),(z/2,True))")
    slow = cost("Piecewise((z+1, z>0),(z/2,True))")
    assert slow <= 4 * fast + 0.5, (slow, fast)


def test_r22b_5_jump_on_transcendental_switch_refused_in_one_line():
    # tanh increasing: Heaviside(tanh z - tanh(1/2)) jumps (by 1) at z = 1/2 only; x = 0.5 moves t_1 = 1/2: no df/dw_1
    res = cli("gradient", "tanh(z)+Heaviside(tanh(z)-tanh(1/2))", "--w", "1", "--x", "0.5")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr and "jump" in res.stderr


def test_jump_on_rational_switch_refused_in_one_line():
    # the same jump written with the switch z - 1/2: sigma(1/2 -, 0, +) = tanh(1/2) + (0, 1/2, 1)
    res = cli("gradient", "tanh(z)+Heaviside(z-1/2)", "--w", "1,1", "--x", "0.5")
    assert res.returncode == 2 and "df/dw_1 does not exist" in res.stderr and "jump" in res.stderr
    with M.workdps(30):
        th = M.tanh(M.mpf("0.5"))
    m = re.search(r"sigma\(t-\) = ([0-9.e+-]+), sigma\(t\) = ([0-9.e+-]+), sigma\(t\+\) = ([0-9.e+-]+)", res.stderr)
    assert m and _agree(m.group(1), th, 10) and _agree(m.group(2), th + M.mpf("0.5"), 10) and _agree(m.group(3), th + 1, 10)


def test_r22b_4_agrees_with_sympy_diff_piecewise_depth3_fast():
    import time

    # the 2-piece linear Piecewise chain: symbolic_chain builds in well under a second; the check took 11 s at depth 3,
    # 47 s at depth 4 and minutes at depth 5 (about 5x a layer: sympy's folded Piecewise)
    ch = vgtheory.symbolic_chain("Piecewise((z/2, z<1),(z-1/2,True))", 3)
    t = time.process_time()
    assert ch.agrees_with_sympy_diff()
    assert time.process_time() - t < 3.0
