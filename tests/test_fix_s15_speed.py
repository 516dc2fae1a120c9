"""Session 15 speed fixes (issue 17): each keeps the answers it speeds up.

* core.enclosure: a subexpression met twice in a formula is evaluated once per (ball, precision);
* meanfield.features: exact zero sets with whole intervals (Heaviside(1 - z) past 1) are read
  exactly instead of by a grid scan;
* core.chain.gradient: the weights are read once for the first run;
* core.formula_eval.stable_form: sigma' of a sum of tanh at several scales without cancellation.
"""

from __future__ import annotations

import threading

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

import vgtheory
from vgtheory.core.activations import Z
from vgtheory.core.enclosure import compile_ball, flint
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.features import window_scan


def test_repeated_subexpressions_keep_their_own_point_and_precision() -> None:
    # tanh(z) three times, (1 + tanh z)^(z/3) twice: every value must be that of its own point,
    # whatever was evaluated before (another point, another precision).
    t = sp.tanh(Z)
    fn = compile_ball((1 + t) ** (Z / 3) * t + (1 + t) ** (Z / 3) / (2 + t), Z)

    def truth(u: mpmath.mpf) -> mpmath.mpf:
        th = mpmath.tanh(u)
        return (1 + th) ** (u / 3) * th + (1 + th) ** (u / 3) / (2 + th)

    points = [mpmath.mpf("0.75"), mpmath.mpf("-2.5"), mpmath.mpf("0.75"), mpmath.mpf(3)]
    old = flint.ctx.prec
    try:
        for bits in (64, 200, 64):
            for u in points:
                flint.ctx.prec = bits
                x = flint.arb(mpmath.nstr(u, 10))
                b = fn(x)
                again = fn(x)  # the remembered ball: the same one
                flint.ctx.prec = old
                with mpmath.workdps(80):
                    mid, rad = (mpmath.mpf(v.str(80, radius=False)) for v in (b.mid(), b.rad()))
                    assert abs(mid - truth(u)) <= rad + mpmath.mpf(10) ** -75
                    assert rad <= abs(truth(u)) * mpmath.mpf(2) ** (30 - bits)
                assert again.mid() == b.mid() and again.rad() == b.rad()
    finally:
        flint.ctx.prec = old


def test_one_formula_from_two_threads() -> None:
    # Entry points take the package lock; the remembered balls must not leak between the calls.
    w = ["0.9", "1.7", "0.4"] * 5
    results: dict = {}

    def work(x: str) -> None:
        results[x] = vgtheory.gradient("tanh(x)**2*sign(x) + tanh(x)/3", w, x, dps=30).df_dw

    threads = [threading.Thread(target=work, args=(x,)) for x in ("0.25", "-1.5")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()

    def bare(x: str) -> list:
        with mpmath.workdps(60):
            ws = [mpmath.mpf(v) for v in w]
            z, d = [mpmath.mpf(x)], []
            for wk in ws:
                u = wk * z[-1]
                th = mpmath.tanh(u)
                z.append(th**2 * mpmath.sign(u) + th / 3)
                d.append((2 * th * mpmath.sign(u) + mpmath.mpf(1) / 3) * (1 - th**2))
            suffix, out = mpmath.mpf(1), [None] * len(ws)
            for j in range(len(ws) - 1, -1, -1):
                out[j] = z[j] * d[j] * suffix
                suffix *= ws[j] * d[j]
            return out

    for x, got in results.items():
        for a, b in zip(got, bare(x)):
            assert abs(a - b) <= abs(b) * mpmath.mpf(10) ** -28


def test_interval_of_zeros_is_no_feature_and_isolated_zero_is_exact() -> None:
    # Heaviside(1 - z) is 0 on (1, oo): a flat piece, no isolated zero; Min(1, z) + 1 = 0 only at -1.
    assert window_scan(sp.Heaviside(1 - Z), 16) == ((), True)
    zeros, complete = window_scan(sp.Min(1, Z) + 1, 16)
    assert zeros == (sp.Integer(-1),) and complete
    # An interval of zeros and an isolated one: 0 on [2, oo) and at -3 (z + 3 times a step).
    zeros, complete = window_scan((Z + 3) * sp.Heaviside(2 - Z), 16)
    assert zeros == (sp.Integer(-3),) and complete


@pytest.mark.slow
def test_hardtanh_signal_unchanged_by_exact_zero_sets() -> None:
    # sigma_w = 1, sigma_b = 0: q* = 0 and chi1 = sigma'(0)^2 = 1 (hardtanh is z near 0).
    r = vgtheory.signal("hardtanh", sigma_w=1, sigma_b=0)
    assert r.q_star == 0 and abs(r.chi1 - 1) <= max(r.chi1_error, mpmath.mpf(10) ** -12)
    # sigma_w = 2: E[hardtanh(u)^2] = q* has a positive root; chi1 = 4 P(|u| < 1) < 1 there iff ...
    r2 = vgtheory.signal("hardtanh", sigma_w=2, sigma_b=0)
    with mpmath.workdps(30):
        q = mpmath.mpf(r2.q_star)
        s = mpmath.sqrt(q)
        # E[min(u^2, 1)] for u ~ N(0, q), in closed form: q P(|u|<1) - 2 s phi(1/s) + P(|u|>1).
        p_in = mpmath.erf(1 / (s * mpmath.sqrt(2)))
        phi = mpmath.npdf(1 / s)
        v = q * p_in - 2 * s * phi + (1 - p_in)
        assert abs(4 * v - q) < mpmath.mpf(10) ** -8 * q
        assert abs(mpmath.mpf(r2.chi1) - 4 * p_in) < mpmath.mpf(10) ** -8


@pytest.mark.parametrize("bad, where", [(["1", "nan"], "w_2"), (["1", "0.5", "-inf"], "w_3"), (["1", "x"], "w_2")])
def test_weights_read_once_still_refused_by_name(bad, where) -> None:
    with pytest.raises(VGTheoryError, match=where):
        vgtheory.gradient("tanh", bad, 1)


def test_weights_read_once_same_partials_as_bare_loop() -> None:
    # Decimal weights that are not binary numbers: each run must read them at its own precision.
    w = ["0.1", "1.3", "0.7", "2.9", "0.3"] * 20
    g = vgtheory.gradient("tanh", w, "0.3", dps=40)
    with mpmath.workdps(80):
        ws = [mpmath.mpf(v) for v in w]
        z, d = [mpmath.mpf("0.3")], []
        for wk in ws:
            t = wk * z[-1]
            z.append(mpmath.tanh(t))
            d.append(mpmath.sech(t) ** 2)
        suffix, out = mpmath.mpf(1), [None] * len(ws)
        for j in range(len(ws) - 1, -1, -1):
            out[j] = z[j] * d[j] * suffix
            suffix *= ws[j] * d[j]
        assert g.digits >= 38
        for a, b in zip(g.df_dw, out):
            assert abs(a - b) <= abs(b) * mpmath.mpf(10) ** -38


# -- sigma' of sums of tanh at several scales: no cancellation left in the tail ----------------------


@pytest.mark.parametrize("formula, truth", [
    # sigma' = sech^2 z + sech^2 2z; sympy writes 2 - tanh^2 z - tanh^2 2z, which cancels below 16384 bits.
    ("tanh(x)+tanh(2*x)/2", lambda t: mpmath.sech(t) ** 2 + mpmath.sech(2 * t) ** 2),
    # 2 - tanh^2 z - 3 tanh^2 3z + 2 tanh^2 2z: the constant cancels only all together.
    ("tanh(x)+tanh(3*x)-tanh(2*x)", lambda t: mpmath.sech(t) ** 2 + 3 * mpmath.sech(3 * t) ** 2 - 2 * mpmath.sech(2 * t) ** 2),
])
def test_slope_of_a_tanh_sum_far_out_is_a_number(formula, truth) -> None:
    act = vgtheory.activation(formula)
    with mpmath.workdps(30):
        for t in (mpmath.mpf(10) ** 4, -mpmath.mpf(3) * 10**4):
            got = act.slope(t)
            with mpmath.workdps(60):
                assert abs(got - truth(t)) <= abs(truth(t)) * mpmath.mpf(10) ** -28


@given(st.lists(st.integers(-4, 4), min_size=2, max_size=4), st.fractions(-6, 6, max_denominator=7))
@settings(max_examples=15, deadline=None)
def test_stable_slope_is_the_same_function(coefficients, point) -> None:
    # Sum of a_k tanh(k z): the rewritten sigma' equals sympy's derivative exactly (both to 40 digits at a rational point).
    from vgtheory.core.formula_eval import stable_form

    expr = sum(a * sp.tanh((k + 1) * Z) for k, a in enumerate(coefficients))
    d = sp.diff(expr, Z)
    u = sp.Rational(point.numerator, point.denominator)
    assert abs(sp.N(stable_form(d).subs(Z, u) - d.subs(Z, u), 50)) < sp.Float(10) ** -40


# -- rational parts evaluated exactly at sample points (the kink of Max(z - 1, (z - 1)/10) at 1) ---------------


def test_a_rational_part_that_vanishes_at_a_sample_point_is_the_exact_zero() -> None:
    act = vgtheory.activation("Max(z-1,(z-1)/10)")
    with mpmath.workdps(50):
        assert act.value(mpmath.mpf(1)) == 0  # was "not confirmed with 16384 bits": (1/10 - 1/10) as balls
    # Layer 1's input is the kink 1 (slopes 1/10 and 1), layer 2's input 0 (slope 1/10): df/dw_1 = sigma'(1-+) / 10.
    with pytest.raises(VGTheoryError, match=r"does not exist.*0\.01 from the left, 0\.1 from the right"):
        vgtheory.gradient("Max(z-1,(z-1)/10)", [1, 1], 1)


@given(st.lists(st.fractions(-5, 5, max_denominator=12), min_size=2, max_size=4),
       st.integers(-2**20, 2**20), st.integers(-30, 10))
@settings(max_examples=25, deadline=None)
def test_exact_rational_parts_enclose_the_exact_value(coefficients, mantissa, exponent) -> None:
    expr = sum(sp.Rational(c.numerator, c.denominator) * Z**k for k, c in enumerate(coefficients)) / (1 + Z**2)
    point = sp.Integer(mantissa) * sp.Integer(2) ** exponent
    truth = expr.subs(Z, point)
    fn = compile_ball(expr, Z)
    old = flint.ctx.prec
    try:
        flint.ctx.prec = 80
        ball = fn(flint.arb(mantissa) * flint.arb(2) ** exponent)
    finally:
        flint.ctx.prec = old
    with mpmath.workdps(60):
        mid = mpmath.mpf(ball.mid().str(60, radius=False))
        rad = mpmath.mpf(ball.rad().str(10, radius=False))
        assert abs(mid - mpmath.mpf(sp.Rational(truth).p) / sp.Rational(truth).q) <= rad + abs(mid) * mpmath.mpf(2) ** -70
    assert (truth == 0) == (ball.is_exact() and ball.mid() == 0)
