"""Quick tests of the fixes of session 28 (the held-out originals are in the slow suite)."""
from __future__ import annotations

import mpmath as mp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core.decimals import estimate_string, held_digits


@settings(max_examples=60, deadline=None)
@given(mant=st.integers(1, 2**200), exp=st.integers(-400, 400), sign=st.sampled_from([1, -1]),
       emant=st.integers(0, 2**40), eexp=st.integers(-500, 50), prec=st.sampled_from([53, 113, 400, 2000]))
def test_estimate_string_contains_the_estimate(mant, exp, sign, emant, eexp, prec):
    # R50a-6: a value printed to 15 digits with "+- 1.4e-29" was off by 1e-16 as text. Whatever
    # value +- error contains, the printed "v +- e" must contain too.
    with mp.workprec(prec):
        value = sign * mp.ldexp(mp.mpf(mant), exp)
    error = mp.ldexp(mp.mpf(emant), eexp)
    text = estimate_string(value, error)
    with mp.workprec(prec + 4000):
        e = mp.mpf(text.split("+-")[1])
        assert abs(mp.mpf(text.split("+-")[0]) - value) + error <= e * (1 + mp.mpf(2) ** -40), text
    # the printed digits are those the error leaves (at most 15), and never more than needed
    assert len(text.split("+-")[0].strip().lstrip("-").replace(".", "").split("e")[0].strip("0")) <= 15


def test_held_digits_edges():
    assert held_digits(mp.mpf(1), mp.mpf("1e-40")) == 15
    assert held_digits(mp.mpf(1), mp.mpf("1e-40"), 12) == 12
    assert held_digits(mp.mpf("123.4"), mp.mpf("0.05")) == 3
    assert held_digits(mp.mpf(1), mp.inf) == 1
    assert held_digits(None, mp.mpf(1)) == 15
    assert held_digits(mp.mpf(1), mp.mpf(10)) == 1


# ---- R51a: arb balls for the gamma family and other special functions; powers with an exponent in z ----

import math  # noqa: E402
import time  # noqa: E402

import flint  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import sympy as sp  # noqa: E402

from vgtheory.core.enclosure import UndeterminedError, compile_ball  # noqa: E402
from vgtheory.core.formula_eval import BeyondRangeError, compiled  # noqa: E402
from vgtheory.core.parsing import Z  # noqa: E402

_SPECIAL = [sp.gamma, sp.loggamma, lambda u: sp.polygamma(0, u), lambda u: sp.polygamma(1, u),
            lambda u: sp.polygamma(2, u), sp.erfi, sp.fresnels, sp.fresnelc, sp.Si, sp.Ci,
            sp.Shi, sp.Chi, sp.Ei, sp.li, sp.asin, sp.acos, sp.atanh, sp.acosh, sp.LambertW]


@settings(max_examples=40, deadline=None)
@given(k=st.integers(0, len(_SPECIAL) - 1), num=st.integers(-4000, 4000), den=st.integers(1, 997))
def test_special_function_balls_contain_mpmath_values(k, num, den):
    # Where arb's ball is finite it must contain the function's real value (mpmath at 60 digits, sympy's branch);
    # where sympy's value is complex or infinite the ball must not be finite (the fallback decides there).
    expr = _SPECIAL[k](Z / 7 + Z**2 / 50)
    ball = compile_ball(expr, Z)
    assert ball is not None
    t = sp.Rational(num, den)
    old = flint.ctx.prec
    flint.ctx.prec = 200
    try:
        b = ball(flint.arb(flint.fmpq(num, den)))
    finally:
        flint.ctx.prec = old
    with mp.workdps(60):
        try:
            v = sp.N(expr.subs(Z, t), 60)
            exact = complex(v) if v.is_finite is not False else None
        except (TypeError, ValueError):
            exact = None
    if b.is_finite():
        assert exact is not None and abs(exact.imag) <= 1e-40 * max(1.0, abs(exact.real))
        with mp.workdps(60):
            lo, hi = mp.mpf(b.lower().str(70, radius=False)), mp.mpf(b.upper().str(70, radius=False))
            val = mp.mpf(sp.re(v))
            assert lo - abs(val) * mp.mpf(10) ** -50 <= val <= hi + abs(val) * mp.mpf(10) ** -50


def test_gamma_of_z4_at_huge_z_is_resolved_by_balls():
    # z^2 Gamma(z^4 + 1)/Gamma(z^4 + 3/2) = 1 - 3/(8 z^4) + ... : 1 to 30 digits at 2^100 (R50a-1 read 2^200)
    f = compiled(Z**2 * sp.gamma(Z**4 + 1) / sp.gamma(Z**4 + sp.Rational(3, 2)))
    with mp.workdps(30):
        assert abs(f(mp.mpf(2) ** 100) - 1) < mp.mpf(10) ** -28


def test_unbounded_enclosure_is_undetermined_not_mpmath():
    # z exp(loggamma(1 + E)/E), E = e^(-1/z^2): at 2^-8, 1 + E needs 94548 bits; arb's ball stays unbounded and
    # mpmath's two precisions agree on 2^-8 (the slope 1 for e^-gamma, R51a-1): no value is given
    e = sp.exp(-1 / Z**2)
    f = compiled(Z * sp.exp(sp.loggamma(1 + e) / e))
    with mp.workdps(30):
        with pytest.raises(UndeterminedError):
            f(mp.mpf(2) ** -8)
        assert abs(f(mp.mpf(2) ** -6) / mp.mpf(2) ** -6 - mp.exp(-mp.euler)) < mp.mpf(10) ** -5  # resolved there


def test_power_tower_is_refused_not_hung():
    # 2**(-2**(2**z)) at z = 2^20: a power whose logarithm is 2^(2^20) ln 2, refused as exp of 1e1000 is (R51a-3)
    f = compiled(sp.tanh(Z) + 2 ** (-2 ** (2**Z)))
    began = time.monotonic()
    with mp.workdps(30):
        with pytest.raises(BeyondRangeError):
            f(mp.mpf(2) ** 20)
        assert f(mp.mpf(3)) == mp.tanh(3) + mp.mpf(2) ** -256
    assert time.monotonic() - began < 10


def test_numeric_zero_search_keeps_its_clock():
    # 2z polygamma(1, z^2 + 3/2) is exactly 0 at 0, where the guard climbs to 17000 bits (11 s); the search's
    # half second bounds each evaluation too (check_bounded of z Gamma(z^2 + 1)/Gamma(z^2 + 3/2) took 237 s)
    from vgtheory.properties.numeric_zeros import numeric_zeros

    began = time.monotonic()
    numeric_zeros(2 * Z * sp.polygamma(1, Z**2 + sp.Rational(3, 2)), mp.mpf(-1000), mp.mpf(1000), 20, 0.5)
    assert time.monotonic() - began < 8


# ---- R51b ----

def test_value_noise_sees_float32_steps():
    from vgtheory.meanfield.callable_slope import value_noise

    f32 = value_noise(lambda z: float(np.float32(z)))
    f64 = value_noise(lambda z: z)
    u = 0.3
    assert f32(u) >= float(np.spacing(np.float32(u))) / 2 and f64(u) <= 1e-15


def test_linear_estimate_states_its_sampled_range():
    # R51b-2: sigma(z)/z may change below the last sample (tanh z (1 + 1e-3 exp(-(1e-10/z)^8)): 1.001 down to 2^-26,
    # a = 1); the estimate says where it was taken
    from vgtheory.core.activations import activation
    from vgtheory.properties.four import check_linear_at_origin

    r = check_linear_at_origin(activation(lambda z: math.tanh(z)), timeout=10)
    assert r.verdict == "holds" and r.witness["sampled range"] == "2^-26 <= |z| <= 1/2"


# ---- R52 ----

def test_exact_rational_path_keeps_special_constants():
    # sympy's Poly in the EX domain read z*acosh(1 + 10^-30) as Poly(0): sigma(2^100) was 1 for 1.79e15 (R52, found by
    # the full suite once acosh had arb balls)
    c = sp.acosh(1 + sp.Rational(1, 10**30))
    f = compiled(Z * c + sp.tanh(Z))
    with mp.workdps(80):
        want = mp.mpf(2) ** 100 * mp.acosh(1 + mp.mpf(10) ** -30) + 1
    with mp.workdps(30):
        assert abs(f(mp.mpf(2) ** 100) / want - 1) < mp.mpf(10) ** -20


def test_reciprocal_gamma_is_zero_at_poles():
    # R52a-3: 1/gamma(u) at u = 0, -1, -2 is sympy's 1/zoo = 0, as the entire function 1/Gamma is
    f = compiled(sp.tanh(Z) + 1 / sp.gamma(-Z**2 / (1 + Z**2)))
    with mp.workdps(30):
        assert f(mp.mpf(0)) == 0
        assert abs(f(mp.mpf(1)) - (mp.tanh(1) + mp.rgamma(mp.mpf(-1) / 2))) < mp.mpf(10) ** -25


def test_float64_backend_evaluates_functions_numpy_lacks():
    # R52b-2: erfi, gamma, Si had no numpy translation (NameError tracebacks from Moments.V/D and signal)
    from vgtheory.meanfield.float_forms import numpy_function

    u = np.array([-1.5, 0.25, 2.0])
    for expr, ref in ((sp.erfi(Z), mp.erfi), (sp.gamma(Z + 3), lambda t: mp.gamma(t + 3)), (sp.Si(Z), mp.si)):
        got = numpy_function(expr)(u)
        assert all(abs(g - float(ref(mp.mpf(float(t))))) <= 1e-14 * max(1.0, abs(g)) for g, t in zip(got, u))


def test_singular_scan_knows_special_functions():
    # R52a-2: tanh z + Ei(-z^2)/10 -> -oo at 0; the scan took log's argument only
    from vgtheory.properties.singular import inner_exprs

    found = inner_exprs(sp.tanh(Z) + sp.Ei(-Z**2) / 10 + sp.atanh(Z / 3) + sp.gamma(Z / 2 + 3))
    assert -Z**2 in found and Z / 3 - 1 in found and Z / 2 + 3 in found


def test_relative_value_noise_of_float32():
    # R52b-1: V of a float32 clamp was 9.6 times its error off: its values' own rounding, shared by both rules
    from vgtheory.meanfield.callable_slope import relative_value_noise

    assert relative_value_noise(lambda z: float(np.float32(z)), 0.5) >= 2.0**-26
    assert relative_value_noise(lambda z: z, 0.5) <= 2.0**-50
