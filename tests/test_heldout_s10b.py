"""Held-out cases of red team 10b that vgtheory got right; every expected value is derived here
independently (mpmath at high precision, closed forms), never copied from the package."""

import threading

import mpmath
import pytest
import sympy as sp

from vgtheory.core.chain import gradient
from vgtheory.core.parsing import parse_formula
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.propagation import signal

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


def _mantissa_exponent(log10_value):
    """(mantissa, exponent) of 10**log10_value, from its logarithm (the numbers are past any float)."""
    whole = mpmath.floor(log10_value)
    return mpmath.power(10, log10_value - whole), int(whole)


def _parts(text):
    mant, exp = text.split("e")
    return mpmath.mpf(mant), int(exp)


def test_scaled_tanh_at_s_1e_minus_300_has_the_exact_saturated_slope():
    # sigma_s(u) = 1e-300 tanh(1e300 u); df/dw_1 = x * sech^2(2e300) = 4 e^(-4e300) (1 + O(e^-4e300)).
    act = __import__("vgtheory").activation("tanh").scaled("1e-300")
    g = gradient(act, [2], x=1, dps=30)
    with mpmath.workdps(400):
        mant, exp = _mantissa_exponent(mpmath.log10(4) - 4 * mpmath.mpf(10) ** 300 * mpmath.log10(mpmath.e))
        got_mant, got_exp = _parts(g.text(g.df_dw[0], at_most=12))
        assert got_exp == exp
        assert abs(got_mant - mant) < mpmath.mpf(10) ** -10


def test_constant_exp_of_exp_20_times_tanh():
    # sigma = c tanh z with c = e^(-e^20): df/dw_1 at w = 2, x = 1 is c sech^2(2); the loss term is c^2 tanh2 sech^2 2.
    g = gradient("tanh(x)*exp(-exp(20))", [2], x=1, dps=30)
    with mpmath.workdps(80):
        logc = -mpmath.exp(20) * mpmath.log10(mpmath.e)
        for value, log10_truth, kind in (
            (g.df_dw[0], logc + mpmath.log10(mpmath.sech(2) ** 2), "derivative"),
            (g.dloss_dw[0], 2 * logc + mpmath.log10(mpmath.sech(2) ** 2 * mpmath.tanh(2)), "loss"),
        ):
            mant, exp = _mantissa_exponent(log10_truth)
            got_mant, got_exp = _parts(g.text(value, at_most=12, kind=kind))
            assert got_exp == exp
            assert abs(got_mant - mant) < mpmath.mpf(10) ** -10


def _chain(f, df, w, x, dps):
    with mpmath.workdps(dps):
        z, d = [mpmath.mpf(x)], []
        ws = [mpmath.mpf(v) for v in w]
        for wk in ws:
            t = wk * z[-1]
            z.append(f(t))
            d.append(df(t))
        out, suffix = [None] * len(ws), mpmath.mpf(1)
        for j in range(len(ws) - 1, -1, -1):
            out[j] = z[j] * d[j] * suffix
            suffix *= ws[j] * d[j]
        return z, out


CASES = [
    ("tanh(x)", mpmath.tanh, lambda t: mpmath.sech(t) ** 2, [2] * 40, "-0.7"),
    ("atan(x)", mpmath.atan, lambda t: 1 / (1 + t * t), ["1e10"] * 4, "0.3333333333333333333333333333333333333333333333333"),
    ("x/sqrt(1+x**2)", lambda t: t / mpmath.sqrt(1 + t * t), lambda t: (1 + t * t) ** mpmath.mpf(-1.5),
     ["1e200", "1e-200", "3"], "1"),
    ("sin(x)", mpmath.sin, mpmath.cos, ["7"] * 30, "1"),
    ("x*exp(-x**2)", lambda t: t * mpmath.exp(-t * t), lambda t: (1 - 2 * t * t) * mpmath.exp(-t * t), [1, -1] * 10, "1e-50"),
]


@pytest.mark.parametrize("formula, f, df, w, x", CASES, ids=[c[0] + str(len(c[3])) for c in CASES])
def test_gradient_digits_against_an_independent_chain(formula, f, df, w, x):
    g = gradient(formula, w, x, dps=25)
    # Two independent precisions that agree pin the truth (the sin chain at w = 7 loses ~25 digits).
    z1, d1 = _chain(f, df, w, x, 300)
    z2, d2 = _chain(f, df, w, x, 600)
    with mpmath.workdps(600):
        for got, t1, t2, kind in [(a, b, c, "derivative") for a, b, c in zip(g.df_dw, d1, d2)] + \
                                 [(a, b, c, "forward") for a, b, c in zip(g.z, z1, z2)]:
            assert abs(t1 - t2) <= abs(t2) * mpmath.mpf(10) ** -60
            digits = g.digits_of(kind)
            assert digits >= 20
            shown = mpmath.mpf(g.text(got, kind=kind))
            assert abs(shown - t2) <= abs(t2) * mpmath.mpf(10) ** (1 - digits)


def test_gradient_from_threads_equals_serial():
    ref = {d: gradient("tanh", [2] * 50, x=1, dps=d).df_dw[0] for d in (15, 40)}
    out = {}

    def work(i, d):
        out[i] = gradient("tanh", [2] * 50, x=1, dps=d).df_dw[0] == ref[d]

    threads = [threading.Thread(target=work, args=(i, (15, 40)[i % 2])) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == dict.fromkeys(range(6), True)


def test_signal_heavy_tail_exp_z2_over_4_closed_form():
    # sigma = e^(z^2/4): V(q) = (1 - q)^(-1/2), D(q) = (q/4)(1 - q)^(-3/2) for q < 1 (Gaussian integrals).
    r = signal("exp(x**2/4)", 0.3, 0.0, q0=0.5)
    with mpmath.workdps(40):
        q = mpmath.findroot(lambda q: q - mpmath.mpf("0.09") / mpmath.sqrt(1 - q), 0.1)
        chi = mpmath.mpf("0.09") * q / 4 * (1 - q) ** mpmath.mpf(-1.5)
    assert r.q_state == "converged"
    assert abs(r.q_star - float(q)) < 1e-12 * float(q)
    assert abs(r.chi1 - float(chi)) <= r.chi1_error + 1e-13 * float(chi)
    assert r.phase == "ordered"


@pytest.mark.parametrize("text", ["x.__class__", "(lambda: 1)()", "__import__('os')", "exp.__globals__",
                                  "(x:=1)", "[x for x in 'a']", "x[0]", "2**2**2**2**2", "x**(10**301)"])
def test_unsafe_or_huge_formulas_are_refused(text):
    with pytest.raises(VGTheoryError):
        parse_formula(text)


def test_weight_1e400_in_the_python_api_gives_the_saturated_slope():
    # df/dw_1 = x sech^2(1e400) = 4 e^(-2e400) (1 + O(e^-2e400)) at x = 1: w is read exactly at every precision.
    g = gradient("tanh", ["1e400"], x=1, dps=20)
    with mpmath.workdps(500):
        mant, exp = _mantissa_exponent(mpmath.log10(4) - 2 * mpmath.mpf(10) ** 400 * mpmath.log10(mpmath.e))
        got_mant, got_exp = _parts(g.text(g.df_dw[0], at_most=15))
        assert got_exp == exp
        assert abs(got_mant - mant) < mpmath.mpf(10) ** -13
