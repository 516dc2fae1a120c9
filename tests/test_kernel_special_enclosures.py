"""The kernel's arb enclosures of special functions are enclosures of *sympy's* functions (session 37, R67a-8).

A kernel sign comes from an arb ball, so each function the kernel encloses must be the function sympy means on
the reals: li without offset, Fresnel integrals normalised by pi/2, the principal LambertW, J_nu(z) with (nu, z) in
sympy's order. Where sympy's value is complex or infinite (Ci(-1), loggamma(-1/2), LambertW(-1), li(1)) the kernel
must give no ball at all.  mpmath (50 digits), whose conventions are sympy's, is the reference.
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.kernel.numbers import enclose

ONE_ARG = {sp.zeta: mp.zeta, sp.LambertW: mp.lambertw, sp.li: mp.li, sp.Ei: mp.ei, sp.Si: mp.si, sp.Ci: mp.ci,
           sp.Shi: mp.shi, sp.Chi: mp.chi, sp.fresnels: mp.fresnels, sp.fresnelc: mp.fresnelc, sp.loggamma: mp.loggamma,
           sp.erfcinv: lambda x: mp.erfinv(1 - x), sp.airyai: mp.airyai, sp.airybi: mp.airybi,
           sp.airyaiprime: lambda x: mp.airyai(x, 1), sp.airybiprime: lambda x: mp.airybi(x, 1)}
TWO_ARG = {sp.besselj: mp.besselj, sp.bessely: mp.bessely, sp.besseli: mp.besseli, sp.besselk: mp.besselk}
rationals = st.fractions(min_value=-5, max_value=5, max_denominator=7).map(sp.Rational)


def _reference(fn, *args):
    """mpmath's value at 50 digits, or None where it is complex, infinite or undefined."""
    with mp.workdps(50):
        try:
            v = fn(*[mp.mpf(a.p) / a.q for a in args])
        except (ValueError, ZeroDivisionError):
            return None
        if isinstance(v, mp.mpc):
            v = v.real if v.imag == 0 else None
        return None if v is None or not mp.isfinite(v) else v


def _agrees(expr, value) -> bool:
    ball = enclose(expr, 64)
    if value is None:
        return ball is None or not expr.is_number or not expr.is_finite  # sympy evaluated it to +-oo / zoo itself
    if ball is None:
        return False
    with mp.workdps(50):  # arb's midpoint and radius are exact binary numbers
        mid, rad = (mp.ldexp(*map(int, b.man_exp())) for b in (ball.mid(), ball.rad()))
        return abs(mid - value) <= rad + mp.mpf(10) ** -40 * (1 + abs(value))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(ONE_ARG, key=str)), rationals)
def test_one_argument_functions_enclose_sympys_value(f, x) -> None:
    expr = f(x)
    assert _agrees(expr, _reference(ONE_ARG[f], x) if expr.is_number and expr.is_finite is not False else None)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(TWO_ARG, key=str)), st.fractions(0, 3, max_denominator=4).map(sp.Rational), rationals)
def test_bessel_functions_enclose_sympys_value(f, nu, x) -> None:
    expr = f(nu, x)
    assert _agrees(expr, _reference(TWO_ARG[f], nu, x) if expr.is_finite is not False else None)


def test_complex_values_have_no_ball() -> None:
    R = sp.Rational
    for expr in (sp.Ci(-1), sp.Chi(-1), sp.li(-1), sp.loggamma(-R(1, 2)), sp.LambertW(-1), sp.besselj(R(1, 2), -1),
                 sp.besselk(0, -1), sp.erfcinv(3)):
        assert enclose(expr, 256) is None, expr


def test_closed_form_constants() -> None:
    with mp.workdps(50):
        for c, v in ((sp.GoldenRatio, (1 + mp.sqrt(5)) / 2),
                     (sp.TribonacciConstant, (1 + mp.cbrt(19 - 3 * mp.sqrt(33)) + mp.cbrt(19 + 3 * mp.sqrt(33))) / 3)):
            assert _agrees(c, v)
