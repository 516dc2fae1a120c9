"""Red team R15a (session 15, second round): sympy decides in floats whether a constant lies in the range of
tanh, erf, coth, ... (erf(z) = 1 - 10^-7 "has no root", tanh(e^z) > 1 - 10^-20 "never holds"), solves a
trigonometric inequality on one period only, and takes atanh(sqrt(1 - 10^-6)) for 0 when it substitutes it.
The package no longer takes those answers. Truths: by construction, checked with mpmath at high precision."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.core.activations import Z, activation
from vgtheory.core.pieces import untrusted_sets
from vgtheory.properties.four import check_properties
from vgtheory.theorems import hypotheses as H


def _not_symbolic_holds(r) -> bool:
    return not (r.verdict == "holds" and r.method == "symbolic")


@pytest.mark.slow
def test_r15a_1_a_periodic_tail_piece_is_not_proved_concave_or_increasing() -> None:
    # On z > 7: sigma'' = -1 - cos z + 1e-40 > 0 at 3 pi; sigma' = 1 - cos z - 1e-40 < 0 at 4 pi.
    with mpmath.workdps(60):
        assert -1 - mpmath.cos(3 * mpmath.pi) + mpmath.mpf(10) ** -40 > 0
        assert 1 - mpmath.cos(4 * mpmath.pi) - mpmath.mpf(10) ** -40 < 0
    concave = ("Piecewise((tanh(z), z < 7), (tanh(7) + (z - 7)/cosh(7)**2 - (z - 7)**2/2 + cos(z) - cos(7)"
               " + sin(7)*(z - 7) + (z - 7)**2/(2*10**40), True))")
    increasing = "Piecewise((tanh(z), z < 7), (tanh(7) + (z - 7) - sin(z) + sin(7) - (z - 7)/10**40, True))"
    assert _not_symbolic_holds(H.check_concave(activation(concave)))
    assert _not_symbolic_holds(H.check_increasing(activation(increasing)))


@pytest.mark.parametrize("expr", [
    sp.erf(Z) - (1 - sp.Rational(1, 10**7)),  # root erfinv(1 - 1e-7) = 3.7666
    sp.StrictGreaterThan(sp.tanh(sp.exp(Z)), 1 - sp.Rational(1, 10**20)),  # true for z > 3.1516
    sp.coth(Z) - sp.coth(30),  # root 30
    sp.StrictGreaterThan(sp.tanh(Z) ** 2, 1 - sp.Rational(1, 10**6)),  # true for |z| > 7.6009
])
def test_constants_at_the_edge_of_a_range_are_not_trusted(expr) -> None:
    assert untrusted_sets([expr]) is not None


def test_r15a_4_an_eventually_active_branch_sets_the_limit() -> None:
    # tanh(e^z) > 1 - 1e-20 iff z > log(atanh(1 - 1e-20)) = 3.1515...: sigma = 0 there, so lim sigma(+oo) = 0.
    with mpmath.workdps(60):
        b = mpmath.log(mpmath.atanh(1 - mpmath.mpf(10) ** -20))
        assert 3.15 < b < 3.16 and mpmath.tanh(mpmath.exp(10)) > 1 - mpmath.mpf(10) ** -20
    props = check_properties(activation("Piecewise((0, tanh(exp(z)) > 1 - 10**-20), (tanh(z), True))"))
    assert props.positive_limit.verdict != "holds" and not props.sigmoid_type


@pytest.mark.slow
def test_r15a_5_and_6_values_at_atanh_of_a_near_one_constant_are_not_taken_from_sympy() -> None:
    # b = atanh(sqrt(1 - 1e-6)) = 7.6009: sech^2(b) = 1e-6 exactly, and the slope of sigma jumps there.
    with mpmath.workdps(50):
        b = mpmath.atanh(mpmath.sqrt(1 - mpmath.mpf(10) ** -6))
        assert abs(mpmath.sech(b) ** 2 - mpmath.mpf(10) ** -6) < mpmath.mpf(10) ** -45
    act = activation("tanh(z) + Max(0, tanh(z)**2 - 1 + 10**-6)/10")
    props = check_properties(act)
    # lim sigma(+oo) = 1 + 1e-7: a proved limit must say so.
    if props.positive_limit.method == "symbolic":
        assert sp.sympify(props.positive_limit.witness["lim sigma(z), z->+oo"]) == sp.Rational(10000001, 10000000)
    assert _not_symbolic_holds(H.check_c1(act))
    # sigma' = sech^2 (1 + 2 tanh/10 [z > b]) > 0: sigma is increasing, so no numeric refutation of it.
    assert H.check_increasing(act).verdict != "fails"


def test_r15a_7_8_10_polynomials_in_one_family_with_roots_at_a_range_edge_or_high_degree_are_not_trusted() -> None:
    y = sp.exp(-Z / 5)
    quintic = y**5 - 2 * y**2 + y - sp.Rational(1, 100)  # three positive roots in y: sympy said none
    with mpmath.workdps(30):
        p = lambda v: v**5 - 2 * v**2 + v - mpmath.mpf(1) / 100  # noqa: E731
        assert p(mpmath.mpf(1)) < 0 < p(mpmath.mpf(1) / 2)
    assert untrusted_sets([quintic]) is not None
    u0, u1 = 1 - sp.Rational(2, 10**17), 1 - sp.Rational(1, 10**17)
    t = sp.tanh(Z)
    slope = sp.sech(Z) ** 2 * (t - u0) * (t - u1)  # < 0 for tanh z in (u0, u1): z in (19.57, 19.92)
    assert untrusted_sets([slope <= 0]) is not None
    assert untrusted_sets([sp.expand(sp.diff(t**3 / 3 - (u0 + u1) * t**2 / 2 + u0 * u1 * t, Z)) <= 0]) is not None


def test_r15a_9_a_quadratic_in_atan_with_a_root_near_pi_over_2_is_not_trusted() -> None:
    # u + u^2 > pi/2 + pi^2/4 - 1e-12 (u = atan z) holds only for z > 4.14e12: sigma -> 1 at +oo, sigma = 0 near 0.
    f = "Piecewise((tanh(z), atan(z) + atan(z)**2 > pi/2 + pi**2/4 - 10**-12), (0, True))"
    with mpmath.workdps(50):
        c = mpmath.pi / 2 + mpmath.pi**2 / 4 - mpmath.mpf(10) ** -12
        assert mpmath.atan(mpmath.mpf(10) ** 13) * (1 + mpmath.atan(mpmath.mpf(10) ** 13)) > c
        assert mpmath.atan(mpmath.mpf(10) ** 12) * (1 + mpmath.atan(mpmath.mpf(10) ** 12)) < c
    props = check_properties(activation(f))
    assert not (props.positive_limit.verdict == "fails" and props.positive_limit.method == "symbolic")
    assert not (props.linear_at_origin.verdict == "holds" and props.linear_at_origin.method == "symbolic")
