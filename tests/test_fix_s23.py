"""Fixes of session 20 (red team R23): the shapes of (H) on [0, oo) compare sigma(0) with lim sigma(0+); the
increasing check's stated reason claims nothing about the slopes at its joints."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory import activation
from vgtheory.theorems.hypotheses import check_concave, check_increasing

z = sp.Symbol("z", real=True)


@settings(max_examples=4, deadline=None)
@given(exponent=st.integers(30, 300), above=st.booleans())
def test_value_at_zero_against_the_right_limit(exponent, above):
    # sigma = t/(1+t) for t > 0 and sigma(0) = +-10^-exponent. Above the right limit 0, sigma(10^-(exponent+1)) <
    # sigma(0) (not increasing) and the chord from 0 to 2*10^-exponent passes above sigma's midpoint (not concave);
    # below it, sigma(0) < sigma(t) for every t > 0 and every chord from 0 lies under sigma: both shapes hold.
    eps = sp.Rational(1, 10**exponent) * (1 if above else -1)
    g = lambda t: t / (1 + t)  # noqa: E731
    if above:
        assert g(eps / 10) < eps and g(eps) < (eps + g(2 * eps)) / 2
    sigma = activation(str(sp.Piecewise((eps, z <= 0), (z / (1 + z), True))))
    for check in (check_increasing, check_concave):
        r = check(sigma)
        assert (r.verdict, r.method) == (("fails", "symbolic") if above else ("holds", "symbolic")), r
        if above:
            assert r.witness == {"t": "0"}
        else:
            assert "sigma(0) <= lim sigma(0+)" in r.detail


def test_value_at_zero_set_by_sign_squared():
    # sign(0) = 0: sigma(0) = 10^-200 above sigma(0+) = 0, with no Piecewise in the formula
    r = check_increasing(activation("z/(1+z) - 10**-200*sign(z)**2 + 10**-200"))
    assert (r.verdict, r.method) == ("fails", "symbolic")


@pytest.mark.parametrize("concave", [False, True])
def test_joint_text_states_only_what_was_checked(concave):
    # t/(1+t) on [0, 1), 1 - 1/(2t) from 1: continuous at 1 (1/2 both sides), slopes 1/4 then 1/2: increasing, with
    # a convex kink (so not concave)
    dl, dr = sp.diff(z / (1 + z), z).subs(z, 1), sp.diff(1 - 1 / (2 * z), z).subs(z, 1)
    assert dr > dl
    sigma = activation("Piecewise((z/(1+Abs(z)), Abs(z) < 1), (sign(z)*(1 - 1/(2*Abs(z))), True))")
    r = (check_concave if concave else check_increasing)(sigma)
    if concave:
        assert (r.verdict, r.method, r.witness) == ("fails", "symbolic", {"t": "1"})
    else:
        assert (r.verdict, r.method) == ("holds", "symbolic")
        assert "continuous joints" in r.detail and "slopes that do not increase" not in r.detail
