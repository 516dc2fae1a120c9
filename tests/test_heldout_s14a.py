"""Held-out red-team set 14a (symbolic side): inputs the package got right, with the truth derived here.

Each expected verdict comes from an argument written beside the test (the sign of an exponential
polynomial at a point, where a Piecewise condition holds far out) and the witness values are checked
with mpmath at 50 digits; nothing is copied from the package's output. Inputs the package got wrong are
in the red team's notes (summarised in CHANGELOG.md) (sympy's inequality solver reads the sign of t*A(t) from one point).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.theorems.hypotheses import check_concave, check_increasing

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow

# A(z) = 2 e^{-z^2} - (1 + z^2)^{-2}: positive near 0, negative for |z| >= 2 (2 e^{-u}(1 + u)^2 decreases for u > 1
# and is 50 e^{-4} < 1 at u = 4), so z*A(z) > 0 is false for all large z > 0 and true for all large -z.
COND = "x*(2*exp(-x**2) - 1/(1+x**2)**2) > 0"


def _A(z: mpmath.mpf) -> mpmath.mpf:
    return 2 * mpmath.exp(-z**2) - 1 / (1 + z**2) ** 2


def test_condition_sign_far_out():
    with mpmath.workdps(50):
        for z in (2, 3, 10, 100):
            assert z * _A(mpmath.mpf(z)) < 0 and -z * _A(mpmath.mpf(-z)) > 0


@pytest.mark.slow  # 2-4 s loaded (pytest --durations): CI runs it
def test_piecewise_with_unbounded_branch_at_plus_infinity_is_unbounded():
    # For z >= 2 sigma = tanh z + z^2 (the condition fails there): sigma -> oo, so sigma is not bounded.
    r = vgtheory.check(f"Piecewise((tanh(x), {COND}), (tanh(x) + x**2, True))", theorems=False, signal=False)
    assert r.properties.bounded.verdict != "holds"
    assert r.sigmoid_type is not True


def test_bump_makes_atan_convex_near_1_6():
    # sigma = atan t + t e^{-t^2}/2: sigma'' = 2t (e^{-t^2}(2t^2 - 3)/2 - (1 + t^2)^{-2}) > 0 at t = 1.6.
    with mpmath.workdps(50):
        t = mpmath.mpf("1.6")
        assert mpmath.diff(lambda s: mpmath.atan(s) + s * mpmath.exp(-s**2) / 2, t, 2) > 0
    assert check_concave(activation("atan(x) + x*exp(-x**2)/2")).verdict == "fails"


def test_bump_below_the_critical_amplitude_keeps_atan_concave():
    # sigma'' = 2t (c e^{-t^2}(2t^2 - 3) - (1 + t^2)^{-2}) <= 0 on t > 0 iff c <= c* = min_{t^2 > 3/2} e^{t^2}/((2t^2 - 3)(1 + t^2)^2)
    # = 0.40710480068019684413...; here c = 0.4 < c*, so sigma is concave on [0, oo): "fails" would be false.
    with mpmath.workdps(50):
        h = lambda t: mpmath.exp(t**2) / ((2 * t**2 - 3) * (1 + t**2) ** 2)  # noqa: E731
        t0 = mpmath.findroot(lambda t: mpmath.diff(h, t), 1.8)
        assert h(t0) > mpmath.mpf("0.407")
    assert check_concave(activation("atan(x) + 2*x*exp(-x**2)/5")).verdict != "fails"


def test_tail_term_breaks_monotonicity_of_erf():
    # sigma = erf t + (t e^{-t^2} - atan t)/10^40: sigma'(10) = e^{-100}(2/sqrt(pi) + (1 - 200)/10^40) - 1/(101*10^40) < 0
    # (e^{-100} ~ 3.7e-44 against 1e-40/101 ~ 9.9e-43), so sigma is not increasing and (H) fails.
    with mpmath.workdps(50):
        d = lambda t: 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-t**2) + (mpmath.exp(-t**2) * (1 - 2 * t**2) - 1 / (1 + t**2)) / mpmath.mpf(10)**40  # noqa: E731
        assert d(mpmath.mpf(10)) < 0
    assert check_increasing(activation("erf(x) + (x*exp(-x**2) - atan(x))/10**40")).verdict == "fails"


@pytest.mark.slow  # 2-4 s loaded (pytest --durations): CI runs it
@pytest.mark.parametrize("c", ["9/4", "3"])
def test_composite_with_dip_is_not_increasing(c):
    # sigma = tanh(G(u)) - tanh(G(1/2)), u = (t + 1)^2/2, G(u) = u + c u e^{-u^2}: sigma' = (t + 1) sech^2(G) G'(u),
    # G'(u) = 1 + c e^{-u^2}(1 - 2u^2) has its minimum 1 - 2c e^{-3/2} < 0 at u^2 = 3/2 for c > e^{3/2}/2 = 2.2408...
    cv = mpmath.mpf(Fraction(c).numerator) / Fraction(c).denominator
    with mpmath.workdps(50):
        u = mpmath.sqrt(mpmath.mpf(3) / 2)
        assert 1 + cv * mpmath.exp(-u**2) * (1 - 2 * u**2) < 0
    f = f"tanh((x+1)**2/2 + {c}*(x+1)**2/2*exp(-(x+1)**4/4)) - tanh(1/2 + {c}/2*exp(-1/4))"
    assert check_increasing(activation(f)).verdict == "fails"


def test_linear_condition_far_branch_sets_the_limit_and_the_jump():
    # sigma = tanh z for z < 2, tanh(z)/2 after: L = lim tanh(z)/2 = 1/2, and sigma jumps from tanh 2 to tanh(2)/2 at z = 2,
    # so sigma is not C^1 on (0, oo).
    import sympy as sp
    from vgtheory.properties.smoothness import check_c1

    f = "Piecewise((tanh(x), x < 2), (tanh(x)/2, True))"
    p = vgtheory.check(f, theorems=False, signal=False).properties.positive_limit
    assert p.verdict == "holds" and sp.sympify(p.value) == sp.Rational(1, 2)
    assert check_c1(f, sp.Interval.open(0, sp.oo)).verdict != "holds"


@pytest.mark.slow  # 2-4 s loaded (pytest --durations): CI runs it
def test_signed_square_of_tanh_is_flat_at_the_origin():
    # sigma = sign(z) tanh(z)^2: |sigma(z)/z| <= |z| -> 0, so sigma'(0) = 0 and property 4 (a > 0) fails.
    r = vgtheory.check("sign(x)*tanh(x)**2", theorems=False, signal=False)
    assert r.properties.linear_at_origin.verdict == "fails"
    assert r.sigmoid_type is False
