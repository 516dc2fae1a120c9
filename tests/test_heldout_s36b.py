"""Red team R36b held-out tests (numbers and robustness, against a08ebb9): signal / critical σ_w against erf's and
hardtanh's closed forms, chain gradients against an mpmath product-form oracle, Theorem 2's z* and ρ, recommend_init of
callables and torch modules, one-line CLI errors. Truth is derived here (closed forms bisected at two precisions, or
mpmath quadrature at two precisions), never copied from the package. Findings R36b-1..4: strict xfail tests at the end
(see /work/notes/redteam36b.md)."""
from __future__ import annotations

import math
import subprocess
import sys

import mpmath as mp
import pytest
import sympy as sp

import vgtheory as v
from oracles import bisect

pytestmark = pytest.mark.slow

torch = pytest.importorskip("torch")


# -- closed-form oracles ----------------------------------------------------------------------------------------------


def _erf_signal(sw, sb, dps):
    """erf: L(q) = sw^2 (2/pi) asin(2q/(1+2q)) + sb^2, chi1 = sw^2 (4/pi)/sqrt(1+4q)."""
    with mp.workdps(dps):
        sw, sb = mp.mpf(sw), mp.mpf(sb)
        q = bisect(lambda q: sw**2 * 2 / mp.pi * mp.asin(2 * q / (1 + 2 * q)) + sb**2 - q, "1e-400", 1e6, 4 * dps + 200)
        return +q, +(sw**2 * 4 / mp.pi / mp.sqrt(1 + 4 * q))


def _erf_critical(sb, dps):
    """chi1 = 1 means sw^2 = (pi/4) sqrt(1+4q); the fixed point then needs q - sb^2 = sqrt(1+4q)/2 asin(2q/(1+2q))."""
    with mp.workdps(dps):
        sb = mp.mpf(sb)
        F = lambda q: -(q - sb**2 - mp.sqrt(1 + 4 * q) / 2 * mp.asin(2 * q / (1 + 2 * q)))
        q = bisect(F, sb**2, 1e6, 4 * dps + 200)
        return +mp.sqrt(mp.pi / 4 * mp.sqrt(1 + 4 * q)), +q


def _hardtanh_critical(sb, dps):
    """hardtanh, c = 1/sqrt(q): D = erf(c/sqrt2), V = q (D - 2c phi(c)) + erfc(c/sqrt2). chi1 = 1 at a fixed point:
    q D - V = sb^2 D, i.e. 2 sqrt(q) phi(c) - erfc(c/sqrt2) = sb^2 erf(c/sqrt2)."""
    with mp.workdps(dps):
        b2 = mp.mpf(sb) ** 2
        phi = lambda c: mp.exp(-c * c / 2) / mp.sqrt(2 * mp.pi)
        D = lambda q: mp.erf(1 / mp.sqrt(2 * q))
        H = lambda q: -(2 * mp.sqrt(q) * phi(1 / mp.sqrt(q)) - mp.erfc(1 / mp.sqrt(2 * q)) - b2 * D(q))
        q = bisect(H, "1e-4", 1, 3 * dps + 60)
        return +(1 / mp.sqrt(D(q))), +q


def _two(fn, *args):
    a, b = fn(*args, 40), fn(*args, 60)
    assert all(abs(x - y) <= mp.mpf(10) ** -25 * abs(x) for x, y in zip(a, b))
    return a


def _chain(f, df, ws, x, dps):
    """Product form of the chain: z_k = f(w_k z_{k-1}); df/dw_j = z_{j-1} f'(w_j z_{j-1}) prod_{k>j} w_k f'(w_k z_{k-1})."""
    with mp.workdps(dps):
        ws = [mp.mpf(sp.N(w, dps + 20)) if isinstance(w, sp.Basic) else mp.mpf(w) for w in ws]
        z = [mp.mpf(sp.N(x, dps + 20)) if isinstance(x, sp.Basic) else mp.mpf(x)]
        for w in ws:
            z.append(f(w * z[-1]))
        g, suf = [None] * len(ws), mp.mpf(1)
        for j in range(len(ws) - 1, -1, -1):
            g[j] = z[j] * df(ws[j] * z[j]) * suf
            suf *= ws[j] * df(ws[j] * z[j])
        return g


def _quad(h, points, dps):
    with mp.workdps(dps):
        return mp.quad(lambda z: h(z) * mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi), points)


# -- signal and critical sigma_w: erf's closed forms --------------------------------------------------------------------


@pytest.mark.parametrize("sw, sb, backend", [("0.887", "0", "mpmath"), ("0.9", "1e-10", "mpmath"),
                                             ("1.2", "0.3", "float64"), ("0.5", "1e-150", "mpmath")])
def test_erf_signal_within_stated_errors(sw, sb, backend):
    q, chi = _two(_erf_signal, sw, sb)
    r = v.signal("erf", sigma_w=sw, sigma_b=sb, backend=backend)
    d = r if isinstance(r, dict) else r.to_dict()
    assert abs(mp.mpf(d["q_star"]) - q) <= mp.mpf(d["q_star_error"]) + 1e-15 * q
    assert abs(mp.mpf(d["chi1"]) - chi) <= mp.mpf(d["chi1_error"])
    assert d["phase"] == ("chaotic" if chi > 1 else "ordered")


def test_erf_below_the_edge_float_reads_as_its_decimal():
    # 0.886226925452758 < sqrt(pi)/2 = 0.886226925452758013649...: q* = 0, chi1 = sw^2 4/pi = 1 - 3.1e-17
    r = v.signal("erf", sigma_w=0.886226925452758, sigma_b=0).to_dict()
    chi = mp.mpf("0.886226925452758") ** 2 * 4 / mp.pi
    assert r["q_star"] == 0 and abs(mp.mpf(r["chi1"]) - chi) <= r["chi1_error"] < 1e-3 and r["phase"] == "critical"


@pytest.mark.parametrize("sb", ["0.5", "3", "2e-9"])
def test_erf_critical_sigma_w_closed_form(sb):
    sw, q = _two(_erf_critical, sb)
    c = v.critical_init("erf", sb)
    assert abs(mp.mpf(c.sigma_w) / sw - 1) < 1e-12
    assert abs(mp.mpf(c.q_star) / q - 1) < 1e-6


def test_scaled_tanh_at_tiny_s_is_s_squared_times_tanh():
    base = v.signal("tanh", sigma_w=1.5).to_dict()
    tiny = v.signal("tanh", sigma_w=1.5, s="1e-300").to_dict()
    # q* = 7.9e-601 is no float64: its text carries it
    assert abs(mp.mpf(tiny["text"]["q_star"]) / (mp.mpf(10) ** -600 * mp.mpf(base["q_star"])) - 1) < 1e-11
    assert tiny["chi1"] == pytest.approx(base["chi1"], rel=1e-13)


# -- chain gradients: product-form oracle at two precisions -------------------------------------------------------------


@pytest.mark.parametrize("name, f, df, ws, x", [
    ("tanh", mp.tanh, lambda t: 1 / mp.cosh(t) ** 2, ["1000000"] * 5, sp.sqrt(2)),
    ("tanh", mp.tanh, lambda t: 1 / mp.cosh(t) ** 2, ["100"] * 30, sp.pi / 7),
    ("atan", mp.atan, lambda t: 1 / (1 + t * t), ["1e6"] * 50, sp.sqrt(3)),
    ("erf", mp.erf, lambda t: 2 / mp.sqrt(mp.pi) * mp.exp(-t * t), ["1e4"] * 20, sp.E / 10),
])
def test_saturated_chain_partials_at_irrational_inputs(name, f, df, ws, x):
    r = v.gradient(name, [float(w) if "e" in w else sp.Integer(w) for w in ws], x=x, dps=30).to_dict()
    assert r["digits"] >= 25
    g1, g2 = _chain(f, df, ws, x, 200), _chain(f, df, ws, x, 300)
    for j in (0, len(ws) // 2, len(ws) - 1):
        assert abs(g1[j] / g2[j] - 1) < mp.mpf(10) ** -150
        with mp.workdps(60):
            assert abs(mp.mpf(str(r["df_dw"][j])) / g1[j] - 1) < mp.mpf(10) ** -25


# -- Theorem 2's z* and rho ----------------------------------------------------------------------------------------------


def test_theorem2_rho_and_fixed_point_tanh_and_softsign():
    from vgtheory.theorems.theorem2 import theorem2

    with mp.workdps(60):
        z = mp.findroot(lambda z: mp.tanh(2 * z) - z, 1)
        rho = 2 / mp.cosh(2 * z) ** 2
    d = theorem2("tanh", w=2, x=1, depth=200).to_dict()
    d2 = theorem2("softsign", w="1.5", x=1, depth=100).to_dict()
    with mp.workdps(60):
        assert abs(mp.mpf(str(d["z_star"])) - z) < 1e-18 and abs(mp.mpf(str(d["rho"])) - rho) < 1e-18
        # softsign, w = 3/2: z = 1.5 z/(1 + 1.5 z) gives z* = 1/3 and rho = w/(1 + w z*)^2 = 2/3 exactly
        assert abs(mp.mpf(str(d2["z_star"])) - mp.mpf(1) / 3) < 1e-18
        assert abs(mp.mpf(str(d2["rho"])) - mp.mpf(2) / 3) < 1e-18


def test_sin_signal_closed_form():
    # sin: V(q) = (1 - e^{-2q})/2, D(q) = (1 + e^{-2q})/2
    for sw, sb in (("2", "0.3"), ("5", "1")):
        with mp.workdps(50):
            w2, b2 = mp.mpf(sw) ** 2, mp.mpf(sb) ** 2
            q = bisect(lambda t: w2 * (1 - mp.exp(-2 * t)) / 2 + b2 - t, "1e-3", 100, 300)
            chi = w2 * (1 + mp.exp(-2 * q)) / 2
        d = v.signal("sin", sigma_w=sw, sigma_b=sb).to_dict()
        assert abs(d["q_star"] - q) <= d["q_star_error"] + 1e-15 * q and abs(d["chi1"] - chi) <= d["chi1_error"]


def test_gaussian_bump_edge_of_chaos_closed_form():
    # exp(-u^2): V = (1+4q)^(-1/2), D = 4q (1+4q)^(-3/2); chi1 = 1 at a fixed point (sigma_b = 0): q = V/D = (1+4q)/(4q),
    # q* = (1 + sqrt 2)/2, sigma_w^2 = q* sqrt(1 + 4q*), L'(q*) = -2q*/(1+4q*) = -(sqrt2 - 1) in (-1, 1): attracting
    with mp.workdps(40):
        q = (1 + mp.sqrt(2)) / 2
        sw = mp.sqrt(q * mp.sqrt(1 + 4 * q))
    r = v.recommend_init("exp(-x**2)", q=3)
    assert r.method == "critical" and abs(r.sigma_w - sw) < 1e-9 and abs(r.q - q) < 1e-9


# -- recommend_init: callables and torch modules -----------------------------------------------------------------------


@pytest.mark.parametrize("fn, slope0", [(lambda t: math.tanh(2 * t) / 2, 1.0), (lambda t: 3 * math.tanh(t), 3.0),
                                        (math.erf, 2 / math.sqrt(math.pi)), (math.atan, 1.0)])
def test_callable_edge_of_chaos_at_zero_bias(fn, slope0):
    # sigma(0) = 0, |sigma(u)| < sigma'(0)|u|: at sigma_w = 1/sigma'(0) the orbit falls to q* = 0, where chi1 = 1
    r = v.recommend_init(fn)
    assert r.method == "critical" and r.q == 0.0
    assert abs(r.sigma_w * slope0 - 1) < 1e-9 and abs(r.chi1 - 1) <= r.chi1_error < 1e-8


def test_torch_hardtanh_wide_edge_of_chaos():
    r = v.recommend_init(torch.nn.Hardtanh(-2.0, 2.0))
    assert r.method == "critical" and abs(r.sigma_w - 1) < 1e-9


def test_torch_softplus_beta2_variance_preserving_against_quadrature():
    # Softplus(beta=2): sigma(u) = log(1 + e^{2u})/2, sigma' = logistic(2u); sigma(0) > 0, so q* = 0 is no fixed point
    sb = mp.mpf("0.1")
    V = [_quad(lambda z: (mp.log1p(mp.exp(2 * z)) / 2) ** 2, [-mp.inf, 0, mp.inf], d) for d in (30, 45)]
    D = _quad(lambda z: 1 / (1 + mp.exp(-2 * z)) ** 2, [-mp.inf, 0, mp.inf], 30)
    assert abs(V[0] - V[1]) < 1e-25
    sw2 = (1 - sb**2) / V[0]
    r = v.recommend_init(torch.nn.Softplus(beta=2.0), sigma_b=0.1)
    assert r.method == "variance-preserving"
    assert abs(r.sigma_w - mp.sqrt(sw2)) < 1e-9 and abs(r.chi1 - sw2 * D) < 1e-9 + r.chi1_error


# -- command line: one-line errors -------------------------------------------------------------------------------------


def test_cli_bad_numbers_one_line_errors():
    for args in (["signal", "tanh", "--sigma-w", "nan"], ["signal", "tanh", "--sigma-w", "1.5", "--dps", "14"],
                 ["gradient", "tanh", "--w", "1,,2"], ["gradient", "tanh", "--w", "2", "--depth", "10000", "--dps", "600"],
                 ["init", "tanh", "--sigma-b", "2", "--q", "1"], ["plot", "tanh", "-o", "a.txt"]):
        p = subprocess.run([sys.executable, "-m", "vgtheory", *args], capture_output=True, text=True, timeout=60)
        assert p.returncode != 0 and "Traceback" not in p.stderr and "internal error" not in p.stderr
        assert p.stderr.strip().startswith("vgtheory: error:") and len(p.stderr.strip().splitlines()) == 1


# -- findings (strict xfail: they fail today) ---------------------------------------------------------------------------


def test_torch_softplus_threshold_is_not_softplus():
    # torch's Softplus(beta=1, threshold=1) is log(1 + e^u) for u <= 1 and u for u > 1 (a jump of -0.313 at 1);
    # the a.e. derivative is logistic(u) for u < 1 and 1 for u > 1
    s = lambda u: mp.log1p(mp.exp(u)) if u <= 1 else u
    ds = lambda u: 1 / (1 + mp.exp(-u)) if u <= 1 else mp.mpf(1)
    V = [_quad(lambda z: s(z) ** 2, [-mp.inf, 0, 1, mp.inf], d) for d in (30, 45)]
    assert abs(V[0] - V[1]) < 1e-25
    sw2 = (1 - mp.mpf("0.01")) / V[0]
    chi = sw2 * _quad(lambda z: ds(z) ** 2, [-mp.inf, 0, 1, mp.inf], 30)  # 1.09786065, 0.41795295
    r = v.recommend_init(torch.nn.Softplus(beta=1.0, threshold=1.0), sigma_b=0.1)
    assert abs(r.sigma_w - mp.sqrt(sw2)) < 1e-6 and abs(r.chi1 - chi) < 1e-6


class _Tanh2(torch.nn.Module):
    def forward(self, x):
        return torch.tanh(2 * x)


@pytest.mark.parametrize("module, edge", [(_Tanh2(), 0.5), (torch.nn.CELU(alpha=2.0), 1.0)])
def test_torch_module_edge_of_chaos_at_zero_bias(module, edge):
    # sigma(0) = 0, |sigma(u)| < sigma'(0)|u| for u != 0: at sigma_w = 1/sigma'(0) and sigma_b = 0, L(q) < q, the orbit
    # falls to q* = 0 and chi1 -> sigma_w^2 sigma'(0)^2 = 1: a critical sigma_w exists (the same sigma as a Python
    # callable gets it)
    r = v.recommend_init(module)
    assert r.method == "critical" and abs(r.sigma_w - edge) < 1e-6


@pytest.mark.parametrize("sb, dps", [("3e-9", "15"), ("3e-9", "20"), ("1e-6", "15"), ("1e-8", "15")])
def test_erf_critical_sigma_w_digits(sb, dps, capsys):
    # R36b-3 (fixed in main, session 23): `vgtheory signal erf --critical --sigma-b 3e-9 --dps 15` printed 12 digits of
    # sigma_w where about 8 held (chi1 is nearly flat in sigma_w there). Every digit printed must hold: the value with
    # its stated error brackets the closed-form root; without an error, 12 digits hold; an unresolved error keeps 6.
    import re

    from vgtheory.cli.app import main

    sw, _ = _two(_erf_critical, sb)  # 0.886228600316... at 3e-9
    assert main(["signal", "erf", "--critical", "--sigma-b", sb, "--dps", dps]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("critical sigma_w = "))
    m = re.match(r"critical sigma_w = (\S+)( \(\+- (\S+)\))?", line)
    value = mp.mpf(m.group(1))
    if m.group(3):
        assert abs(value - sw) <= mp.mpf(m.group(3)) + abs(value) * 10 ** -(len(m.group(1).replace(".", "")) - 1), line
    else:
        digits = len(m.group(1).lstrip("0.").replace(".", ""))
        assert abs(value - sw) <= 5 * mp.mpf(10) ** -digits * abs(sw), line


def test_hardtanh_tiny_bias_critical_exists():
    sw, q = _two(_hardtanh_critical, "1e-6")  # sigma_w = 1 + 2.26e-11 at q* = 0.0230561, L'(q*) = 1 - 2e-9 < 1
    assert mp.mpf("1e-6") < q < 1e8
    r = v.recommend_init("hardtanh", sigma_b=1e-6)
    # R36b-4 (main, session 23): recommend_init's search is float64 (bounded to seconds), whose noise hides G ~ 1e-12
    # here; it must find the critical sigma_w or say that its float64 search found none, never that none exists
    if r.method == "critical":
        assert abs(r.sigma_w - sw) < 1e-9
    else:
        assert "exists" not in r.reason and "float64 search" in r.reason and "critical_init" in r.reason
    c = v.critical_init("hardtanh", "1e-6")  # the mpmath search the reason points to
    assert abs(c.sigma_w - sw) < 1e-9


def test_erf_tiny_data_variance_fixed_point_attracts():
    # erf at sigma_w^2 = pi/4, sigma_b = 0: L(q) = asin(2q/(1+2q))/2, concave with L'(0) = 1, so L(q) < q for q > 0
    # and the orbit from q = 1e-20 falls to q* = 0 (critical, as the package says at q = 1e-12 and q = 1). At the
    # variance-preserving sigma_w^2 = q/V(q), L'(q) = (q/V(q)) V'(q) = 1 - 2e-20 < 1: that fixed point attracts too.
    with mp.workdps(50):
        q = mp.mpf("1e-20")
        V = lambda t: 2 / mp.pi * mp.asin(2 * t / (1 + 2 * t))
        assert mp.pi / 4 * V(q) - q < 0
        assert q / V(q) * (4 / mp.pi) / ((1 + 2 * q) * mp.sqrt(1 + 4 * q)) < 1
    r = v.recommend_init("erf", q=1e-20)
    assert r.method == "critical" or r.attracting is not False
