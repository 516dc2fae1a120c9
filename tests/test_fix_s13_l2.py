"""Session 13, fixer L2: numeric leftovers (breakpoints as sample points, random probes of the
scaling identity, complex sigma, the hidden-pole search's clock, float64 cancellation digits).

Each expected verdict is derived here from the formula by an analytic argument, not from the
package's output."""

from __future__ import annotations

import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.core.parsing import Z

# -- 1. Piecewise / Max breakpoints are sample points of the numeric shape checks -------------------

_A = sp.sqrt(2) / 3  # an irrational breakpoint: on no grid
_EPS = sp.Rational(1, 10**20)


def _shape(expr: sp.Expr, increasing: bool, concave: bool) -> str:
    from vgtheory.theorems.hypotheses import _numeric_shape

    return _numeric_shape(activation(expr, name="w"), "w", increasing, concave).verdict


@pytest.mark.parametrize("expr, increasing, concave", [
    # tanh is increasing and concave on (0, oo); a kink whose slope rises by 1e-20 at sqrt(2)/3 is convex.
    (sp.Piecewise((sp.tanh(Z), Z < _A), (sp.tanh(Z) + _EPS * (Z - _A), True)), "holds", "fails"),
    (sp.Max(sp.tanh(Z), sp.tanh(Z) + _EPS * (Z - _A)), "holds", "fails"),
    # A downward jump of 1e-20: neither increasing nor concave (a concave function is continuous inside).
    (sp.Piecewise((sp.tanh(Z), Z <= _A), (sp.tanh(Z) - _EPS, True)), "fails", "fails"),
    # sigma = 5 at sqrt(2)/3 only: sigma(1) = tanh 1 < 5 (not increasing), and the value above its
    # neighbours' chord breaks concavity on the other side.
    (sp.Piecewise((5, sp.Eq(Z, _A)), (sp.tanh(Z), True)), "fails", "fails"),
])
def test_shape_sees_a_defect_exactly_at_a_breakpoint(expr, increasing, concave):
    assert _shape(expr, True, False) == increasing
    assert _shape(expr, False, True) == concave


@pytest.mark.slow
def test_shape_at_breakpoints_keeps_a_concave_piecewise():
    # min(tanh z, 1/2 + (z - atanh(1/2))/4) is a min of concave functions, increasing: both hold.
    b = sp.atanh(sp.Rational(1, 2))
    expr = sp.Min(sp.tanh(Z), sp.Rational(1, 2) + (Z - b) / 4)
    assert _shape(expr, True, False) == "holds"
    assert _shape(expr, False, True) == "holds"


# -- 2. the derivative identity of the scaling check on seeded random probes -------------------------


def test_derivative_identity_fails_where_sigma_prime_is_wrong_away_from_fixed_probes():
    from vgtheory.theorems.scaling import _derivative_identity

    act = activation(sp.tanh(Z), name="w")
    # A sigma' that is not tanh's derivative for z > 3 (by 1): every point u/s of the old fixed
    # probes (1/2, -0.7/3, 1/4, -4/7) lies below 3, so only other probes can show the identity fails.
    act.__dict__["derivative_expr"] = 1 - sp.tanh(Z) ** 2 + sp.Piecewise((1, Z > 3), (0, True))
    fact = _derivative_identity(act, 0.5, 30)
    assert fact.verdict == "fails" and fact.method.startswith("numeric")


def test_derivative_identity_numeric_is_relative_for_fast_growth():
    from vgtheory.core.activations import Activation
    from vgtheory.theorems.scaling import _derivative_identity

    # exp as a callable: the chain rule holds exactly, though at u/s ~ 10^5 exp's slope has ~10^4 digits
    # before the point, so an absolute tolerance would refute it on rounding alone.
    base = activation("exp(x)")
    fact = _derivative_identity(Activation("e", fn=lambda x: base.value(x)), 0.5, 30)
    assert fact.verdict == "holds"


# -- 3. a complex-valued sigma: a clear verdict or a one-line error, never a Python TypeError -------


def test_increasing_of_a_complex_valued_formula_fails_with_the_reason():
    from vgtheory.theorems.hypotheses import check_increasing

    # sigma(1/2) = tanh(1/2) + i/2 is not real: sigma is not a real function on (0, oo).
    check = check_increasing(activation(sp.tanh(Z) + sp.I * Z))
    assert check.verdict == "fails" and "not a real number" in check.detail


def test_complex_numpy_callable_is_not_read_as_its_real_part():
    import math

    import mpmath
    import numpy as np

    from vgtheory.errors import NotRealError

    act = activation(lambda x: np.complex128(complex(math.tanh(x), 0.5)))
    with pytest.raises(NotRealError):
        act.value(mpmath.mpf(1) / 2)
    # A complex type is refused even with imaginary part 0, like Python's complex (tests/test_heldout_s8.py).
    with pytest.raises(NotRealError):
        activation(lambda x: np.complex128(math.tanh(x))).value(mpmath.mpf(1) / 2)


def test_float64_moment_of_a_complex_formula_is_an_error_not_the_real_part(recwarn):
    from vgtheory.errors import NotRealError
    from vgtheory.meanfield.moments import Moments

    # E[(tanh z + i z)^2] is not E[tanh(z)^2] (= 0.394..., what a cast to float reported).
    with pytest.raises(NotRealError):
        Moments.of(activation(sp.tanh(Z) + sp.I * Z), backend="float64").V(1)
    assert not [w for w in recwarn if "Complex" in w.category.__name__]


# -- 4. the hidden-pole search stops at the check's time budget ------------------------------------


def test_hidden_pole_search_cut_short_by_the_budget_is_inconclusive():
    import time

    import mpmath

    from vgtheory.properties.four import check_bounded

    def pole(z):  # tanh z + 10^-20/(z - sqrt 2): unbounded near sqrt 2, so "holds" would be false
        return mpmath.tanh(z) + mpmath.mpf(10) ** -20 / (z - mpmath.sqrt(2))

    start = time.monotonic()
    r = check_bounded(pole, timeout=0.5)
    # the zoom to the pole takes 20-40 s; cut at 0.5 s it is no evidence either way
    assert r.verdict == "inconclusive" and "time" in r.detail, r.detail
    assert time.monotonic() - start < 20


def test_hidden_pole_chebyshev_tail_matches_the_direct_sum():
    import mpmath

    from vgtheory.properties import hidden_poles

    # The tabled cosines give the same Chebyshev tail as cos(k theta_j) computed afresh (to rounding).
    f = lambda x: 1 / (x - mpmath.mpf("0.3"))  # noqa: E731 - a pole inside [0, 1/2], at no node
    with mpmath.workdps(40):
        tail, _, _ = hidden_poles._tail(f, mpmath.mpf(0), mpmath.mpf(1) / 2)
        th = [mpmath.pi * (j + mpmath.mpf(1) / 2) / 32 for j in range(32)]
        fs = [f(mpmath.mpf(1) / 4 + mpmath.cos(t) / 4) for t in th]
        direct = max(abs(sum(v * mpmath.cos(k * t) for v, t in zip(fs, th))) for k in range(24, 32)) * 2 / 32
        assert abs(tail - direct) <= mpmath.mpf(10) ** -30 * direct
