"""Held-out red-team set 26b (numbers and robustness: gradient near switches, exact rationals, Theorem 2 numbers at
s != 1 and several dps, signal on piecewise activations, CLI refusals): inputs the package gets right at 12bb5be,
truth derived here (exact Fractions, closed forms, mpmath at two precisions), never copied from the package.

The last three tests record findings, fixed in session 20; R26b-1 and -3 come from Theorem 2 computing (aw)^l at the
caller's dps with aw rounded there (aw^l loses log10(l) digits): R26b-1, the s threshold x*aw^l/z* (to_dict writes 15 digits at dps 15, 12
right); R26b-2, theorem2's dps range (15..5000) contradicting the gradient's (5..4,000) it then hits; R26b-3, the
[proved] upper bound df/dw_1 <= x sigma'(wx/s) (aw)^(l-1) printed 4 units of its 12th digit below the df/dw_1 it
bounds (x = 1e-100 makes the bound tight; depth 100,000, about 26 s).
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import mpmath
import pytest
import sympy as sp

import vgtheory
from oracles import chain_partials
from vgtheory.errors import VGTheoryError
from vgtheory.theorems.section import theorem2

# Held-out sets run with the slow regression tests.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
Zr = sp.Symbol("z", real=True)


def _agree(a, b) -> int:
    """Significant digits on which a agrees with the reference b (10**6 when equal)."""
    with mpmath.workdps(2000):
        a, b = (mpmath.mpf(v.numerator) / v.denominator if isinstance(v, F) else mpmath.mpf(v) for v in (a, b))
        if a == b:
            return 10**6
        if b == 0:
            return -1
        r = abs((a - b) / b)
        return -1 if r >= 1 else int(mpmath.floor(-mpmath.log10(r)))


def _chain(expr: str, w, x, y, dps):
    """(z, df/dw, dloss/dw) by the product form, sigma and sigma' lambdified from sympy at ``dps`` digits."""
    e = sp.sympify(expr, locals={"z": Zr})
    f, d = sp.lambdify(Zr, e, "mpmath"), sp.lambdify(Zr, sp.diff(e, Zr), "mpmath")
    return chain_partials(f, d, w, x, y, dps)


def _check_digits(expr, w, x, dps, refs=(200, 300), y=0):
    r = vgtheory.gradient(expr, w, x=x, y=y, dps=dps)
    a, b = _chain(expr, w, x, y, refs[0])[1], _chain(expr, w, x, y, refs[1])[1]
    for got, ra, rb in zip(r.df_dw, a, b):
        assert _agree(ra, rb) >= dps + 5  # the references agree far beyond dps
        assert _agree(got, rb) >= (r.digits or 0)
    return r


# ---------------------------------------------------------------- gradient


def test_piecewise_linear_decimal_input_just_above_switch():
    # sigma = z/2 below 1, 2z - 3/2 from 1: t_1 = 0.1 * x is 1 + 1e-29 (right piece) at x = 10.0...01.
    pw = "Piecewise((z/2, z<1),(2*z-3/2,True))"
    r = _check_digits(pw, ["0.1", "1", "1"], "10.0000000000000000000000000001", 30)
    assert r.digits >= 30
    # exact product form in Fractions: t1 > 1 so slope 2; z1 = 2 t1 - 3/2; t2 = z1 (< 1 ? ) etc.
    x = F("10.0000000000000000000000000001")
    t1 = x / 10
    z1 = 2 * t1 - F(3, 2) if t1 >= 1 else t1 / 2
    assert t1 > 1 and z1 < 1
    z2 = z1 / 2
    df3 = z2 * F(1, 2)
    assert _agree(r.df_dw[2], df3) >= 30


def test_piecewise_linear_decimal_input_just_below_switch():
    pw = "Piecewise((z/2, z<1),(2*z-3/2,True))"
    r = _check_digits(pw, ["0.1", "1", "1"], "9.9999999999999999999999999999", 30)
    assert r.digits >= 30
    # t1 < 1: every layer is z/2; df/dw_1 = x * (1/2)^3 * w2 * w3 = x/8
    assert _agree(r.df_dw[0], F("9.9999999999999999999999999999") / 8) >= 30


def test_input_beyond_4096_bits_is_never_wrong():
    # x = 10 + 10^-1250: t_1 = 1 + 10^-1251, right piece; not followed exactly (documented): digits may be 0,
    # but whatever digits are claimed must be right.
    pw = "Piecewise((z/2, z<1),(2*z-3/2,True))"
    x = "10." + "0" * 1250 + "1"
    r = vgtheory.gradient(pw, ["0.1", "1", "1"], x=x, dps=30)
    ref = _chain(pw, ["0.1", "1", "1"], x, 0, 1500)[1]
    if r.digits:
        for got, b in zip(r.df_dw, ref):
            assert _agree(got, b) >= r.digits


def test_jump_at_exact_rational_input_is_refused():
    e = "z/(1+Abs(z)) + sign(z-1/3)**2/10 - 1/10"  # a removable dip of -1/10 at exactly 1/3
    for w, x in ((["1", "2"], "1/3"), (["2", "2"], "1/6")):
        with pytest.raises(VGTheoryError, match="jump"):
            vgtheory.gradient(e, w, x=x, dps=30)


def test_fractions_exact_zero_loss_and_weight_decay():
    # softsign: t1 = 1/3 -> z1 = 1/4; t2 = 3/4 -> z2 = 3/7 = y: dloss exactly 0, regularized = lam*w.
    r = vgtheory.gradient("z/(1+Abs(z))", [F(1, 3), F(3)], x=F(1), y=F(3, 7), dps=30, lam=F(1, 7))
    assert all(_agree(a, b) >= 30 for a, b in zip(r.z, [F(1), F(1, 4), F(3, 7)]))
    assert all(v == 0 for v in r.dloss_dw)
    assert _agree(r.regularized_dw[0], F(1, 21)) >= 30
    assert _agree(r.regularized_dw[1], F(3, 7)) >= 30


def test_fractions_max_chain_exact_values():
    # Max(z/10, z - 1/10): kink at 1/9. t1 = 1/3 -> 7/30 (slope 1); t2 = 7/10 -> 3/5 (slope 1); y = 1: r = -2/5.
    r = vgtheory.gradient("Max(z/10, z-1/10)", [F(1, 3), F(3)], x=F(1), y=F(1), dps=30)
    assert _agree(r.z[2], F(3, 5)) >= 30
    assert _agree(r.dloss_dw[0], F(-6, 5)) >= 30  # r * x * 1 * w2 * 1 = -2/5 * 3
    assert _agree(r.dloss_dw[1], F(-7, 75)) >= 30  # r * z1 = -2/5 * 7/30


def test_rational_function_of_degree_66_as_written():
    Z = sp.Symbol("z")
    e = str(sp.expand((Z - 1) ** 66) / (1 + Z**2))  # expanded: heavy cancellation near z = 1
    r = _check_digits(e, ["1"], "1.001", 30, refs=(300, 400))
    assert r.digits >= 30


def test_c1_switch_with_curvature_jump_near_input():
    # C^1 at 1/3, sigma'' jumps by 2000 there; the input sits 10^-47 above / below the switch.
    e = "Piecewise((tanh(z), z < 1/3), (tanh(z) + 1000*(z-1/3)**2, True))"
    for x in ("0." + "3" * 46 + "4", "0." + "3" * 46):
        r = _check_digits(e, ["1", "1.2", "0.9"], x, 50, refs=(200, 260))
        assert r.digits >= 50


def test_deep_piecewise_chain_closed_form():
    # Piecewise((z/2, z<1), (z/4 + 1/4, True)) at w = 1.1, x = 0.3: every t_k < 1, z_k = 0.3 * 0.55^k,
    # df/dw_l = z_{l-1}/2 = 0.3 * 0.55^(l-1) / 2 and df/dw_{l-1} = z_{l-2} (1/2) (1.1) (1/2) = the same.
    depth = 3000
    r = vgtheory.gradient("Piecewise((z/2, z<1),(z/4+1/4,True))", ["1.1"] * depth, x="0.3", dps=30)
    with mpmath.workdps(60):
        want = mpmath.mpf("0.3") * mpmath.mpf("0.55") ** (depth - 1) / 2
    assert r.digits >= 30
    assert _agree(r.df_dw[-1], want) >= 30 and _agree(r.df_dw[-2], want) >= 30


# ---------------------------------------------------------------- Theorem 2


def _t2_truth(expr, w, x, depth, s, dps, a, zstart):
    e = sp.sympify(expr, locals={"z": Zr})
    f, d = sp.lambdify(Zr, e, "mpmath"), sp.lambdify(Zr, sp.diff(e, Zr), "mpmath")
    with mpmath.workdps(dps):
        W, X, S, A = mpmath.mpf(w), mpmath.mpf(x), mpmath.mpf(s), a()
        zs = mpmath.findroot(lambda q: f(W * q) - q, mpmath.mpf(zstart))
        rho = W * d(W * zs)
        hor = mpmath.log(S * zs / X) / mpmath.log(A * W)
        thr = X * (A * W) ** depth / zs
    with mpmath.workdps(dps):
        x_over_s = mpmath.mpf(x) / mpmath.mpf(s)
    act = _chain(expr, [w] * depth, x_over_s, 0, dps)[1][0]
    # df_s/dw_1(x) = s * df/dw_1(x/s) (the scaled chain is s times the chain at x/s, weights the same)
    with mpmath.workdps(dps):
        act = S * act
    return zs, rho, hor, thr, act


@pytest.mark.parametrize("expr,w,x,depth,s,dps,a,zstart", [
    ("atan(z)", "3", "0.2", 10, "7", 100, lambda: mpmath.mpf(1), 1),
    ("atan(z)", "3", "2.5", 10, "0.01", 40, lambda: mpmath.mpf(1), 1),
    ("erf(z)", "2", "0.05", 20, "0.3", 60, lambda: 2 / mpmath.sqrt(mpmath.pi), 1),
    ("tanh(z)", "2", "0.1", 8, "3", 15, lambda: mpmath.mpf(1), 1),
])
def test_theorem2_numbers_against_mpmath(expr, w, x, depth, s, dps, a, zstart):
    r = theorem2(expr, w=w, x=x, depth=depth, s=s, dps=dps)
    A = _t2_truth(expr, w, x, depth, s, dps + 80, a, zstart)
    B = _t2_truth(expr, w, x, depth, s, dps + 150, a, zstart)
    for got, ra, rb in zip((r.z_star, r.rho, r.depth_horizon, r.s_threshold, r.actual_df_dw1), A, B):
        assert _agree(ra, rb) >= dps + 20
        assert _agree(got, rb) >= min(dps, 15) - 1
    assert bool(r.x_above_fixed_point) == (mpmath.mpf(x) / mpmath.mpf(s) > B[0])


def test_theorem2_side_of_fixed_point_at_s_not_one():
    # softsign at w = 2: z* = 1/2 exactly, rho = 2/(1 + 1)^2 = 1/2; x/s = 1/2 -+ 10^-32/3 at s = 0.3.
    above = theorem2("z/(1+Abs(z))", w=2, x="0.15000000000000000000000000000001", depth=6, s="0.3", dps=20)
    below = theorem2("z/(1+Abs(z))", w=2, x="0.14999999999999999999999999999999", depth=6, s="0.3", dps=20)
    for r in (above, below):
        assert _agree(r.z_star, F(1, 2)) >= 19 and _agree(r.rho, F(1, 2)) >= 19
    assert above.x_above_fixed_point and above.bound_direction == "upper"
    assert not below.x_above_fixed_point and below.bound_direction == "lower"


def test_theorem2_x_over_s_exactly_on_fixed_point_never_a_wrong_number():
    # x/s = 1/2 = z* exactly: z_k = z* at every layer, df/dw_1 = x sigma'(wx/s) rho^(l-1) exactly = 0.15 * 1/4 * 2^-5.
    try:
        r = theorem2("z/(1+Abs(z))", w=2, x="0.15", depth=6, s="0.3", dps=20)
    except VGTheoryError:
        return
    assert _agree(r.actual_df_dw1, F("0.15") / 4 / 32) >= 19


# ---------------------------------------------------------------- signal


def _signal_truth(expr, sw, sb, kinks, dps):
    e = sp.sympify(expr, locals={"z": Zr})
    f, d = sp.lambdify(Zr, e, "mpmath"), sp.lambdify(Zr, sp.diff(e, Zr), "mpmath")
    with mpmath.workdps(dps):
        sw, sb = mpmath.mpf(sw), mpmath.mpf(sb)

        def E(g, q):
            r = mpmath.sqrt(q)
            pts = sorted(set([-mpmath.inf] + [mpmath.mpf(k) / r for k in kinks] + [0, mpmath.inf]))
            return mpmath.quad(lambda u: g(r * u) ** 2 * mpmath.npdf(u), pts)

        q = mpmath.findroot(lambda q: sw**2 * E(f, q) + sb**2 - q, mpmath.mpf(1))
        return q, sw**2 * E(d, q)


@pytest.mark.parametrize("expr,sw,sb,kinks", [
    ("Max(-1,Min(1,z))", "1.5", "0.1", (-1, 1)),
    ("Piecewise((z/2, z<1),(z-1/2,True))", "0.8", "0.5", (1,)),
])
def test_signal_piecewise_against_quadrature(expr, sw, sb, kinks):
    r = vgtheory.signal(expr, sigma_w=sw, sigma_b=sb, dps=20)
    A, B = _signal_truth(expr, sw, sb, kinks, 25), _signal_truth(expr, sw, sb, kinks, 30)
    assert _agree(A[0], B[0]) >= 23 and _agree(A[1], B[1]) >= 23
    assert r.q_state == "converged"
    assert _agree(r.q_star, B[0]) >= 18 and _agree(r.chi1, B[1]) >= 18
    assert abs(r.chi1 - B[1]) <= max(r.chi1_error, mpmath.mpf(10) ** -18) * 10


def test_critical_sigma_w_softsign():
    expr, sb = "z/(1+Abs(z))", "0.3"
    r = vgtheory.critical_init(expr, sigma_b=sb, dps=20)
    e = sp.sympify(expr, locals={"z": Zr})
    f, d = sp.lambdify(Zr, e, "mpmath"), sp.lambdify(Zr, sp.diff(e, Zr), "mpmath")

    def crit(dps):
        with mpmath.workdps(dps):
            b = mpmath.mpf(sb)

            def E(g, q):
                rq = mpmath.sqrt(q)
                return mpmath.quad(lambda u: g(rq * u) ** 2 * mpmath.npdf(u), [-mpmath.inf, 0, mpmath.inf])

            # chi1 = 1 fixes sw^2 = 1/E[sigma'^2]; then q* = E[sigma^2]/E[sigma'^2] + b^2: one equation in q.
            q = mpmath.findroot(lambda q: E(f, q) / E(d, q) + b**2 - q, mpmath.mpf("0.6"))
            return 1 / mpmath.sqrt(E(d, q))

    A, B = crit(25), crit(30)
    assert _agree(A, B) >= 23
    assert _agree(r.sigma_w, B) >= 18


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize("args", [
    ["latex", "tanh(x)+frac(x)", "--depth", "2", "-o", "OUT.tex"],
    ["plot", "Mod(x,1)", "-o", "OUT.png"],
    ["gradient", "tanh", "--w", "2,,", "--x", "1"],
    ["signal", "tanh", "--sigma-w", "1", "--sigma-b", "0", "--s", "1/0"],
])
def test_cli_refusals_are_one_line(args, tmp_path):
    args = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    p = subprocess.run([sys.executable, "-m", "vgtheory", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr and p.stderr.strip().count("\n") == 0
    assert p.stderr.startswith("vgtheory: error:")


# ---------------------------------------------------------------- finding


def test_theorem2_s_threshold_to_the_digits_written():
    # s threshold = x * (aw)^l / z*, tanh at w = 1.000139 (a = 1), x = 1e-5, s = 1, l = 3000, dps 15.
    w, x, depth = "1.000139", "0.00001", 3000
    r = theorem2("tanh(z)", w=w, x=x, depth=depth, s=1, dps=15)
    written = r.to_dict()["s_threshold"]
    truths = []
    for dps in (60, 90):
        with mpmath.workdps(dps):
            W = mpmath.mpf(w)
            zs = mpmath.findroot(lambda q: mpmath.tanh(W * q) - q, mpmath.mpf("0.02"))
            truths.append(mpmath.mpf(x) * W**depth / zs)
    assert _agree(truths[0], truths[1]) >= 50
    mantissa = written.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    # every digit written is right: within one unit of the last digit written
    assert _agree(written, truths[1]) >= len(mantissa) - 1


def test_theorem2_dps_limits_state_one_range():
    # theorem2 refuses dps = 10 naming its range; a dps inside that range must not be refused with another range.
    import re

    def refusal(dps):
        try:
            theorem2("tanh(z)", w="2", x="0.1", s="3", depth=5, dps=dps)
        except VGTheoryError as e:
            return str(e)
        return None

    low = refusal(10)
    lo, hi = (int(v.replace(",", "")) for v in re.search(r"between ([\d,]+) and ([\d,]+)", low).groups())
    msg = refusal(hi)
    if msg is not None:
        m = re.search(r"between ([\d,]+) and ([\d,]+)", msg)
        assert m is None or (int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))) == (lo, hi), msg


def test_theorem2_proved_upper_bound_holds_as_printed():
    # aw = w = 0.999168 < 1 (tanh, a = 1), x = 1e-100: every layer is linear to 1e-196, so
    # df/dw_1 = x sech^2(wx) w^(l-1) (1 - O(1e-196)): the bound x sigma'(wx) (aw)^(l-1) is attained to 1e-196.
    # A [proved] "df/dw_1 <= ... = N" must have N >= the true df/dw_1 beyond the last digit printed.
    w, x, depth = "0.999168", "1e-100", 100000
    r = theorem2("tanh(z)", w=w, x=x, depth=depth, s=1, dps=15)
    claim = next(c for c in r.claims if c.statement.startswith("df/dw_1 <="))
    assert claim.status == "proved"
    printed = claim.statement.rsplit("= ", 1)[1].split()[0].rstrip(";")
    truths = []
    for dps in (60, 90):
        with mpmath.workdps(dps):
            W, X = mpmath.mpf(w), mpmath.mpf(x)
            truths.append(X * mpmath.sech(W * X) ** 2 * W ** (depth - 1))
    assert _agree(truths[0], truths[1]) >= 50
    digits = len(printed.split("e")[0].replace(".", "").lstrip("0"))
    with mpmath.workdps(60):
        unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(truths[1])) - digits + 1)
        # within one unit of the last printed digit (rounding to nearest may sit half a unit below)
        assert mpmath.mpf(printed) >= truths[1] - unit
