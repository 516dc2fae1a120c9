"""The faster paths of `check` (issue 9) decide exactly what the slower ones decided."""

import mpmath
import pytest
import sympy as sp
from sympy.calculus.util import function_range

from vgtheory.theorems._theory_util import T, mp
from vgtheory.core.activations import Z, activation
from vgtheory.theorems.hypotheses import check_concave, check_increasing
from vgtheory.properties.limits import Deadline, condition_set, proved_limit
from vgtheory.properties.four import _monotone_range
from vgtheory.theorems.scaling import scaling_report
from vgtheory.theorems.theorem2 import _onset


def _ends(expr):
    return {end: proved_limit(expr, end, Deadline(5)) for end in ("+oo", "-oo")}


@pytest.mark.parametrize("formula", ["tanh(z)", "2/(1+exp(-z))-1", "z/sqrt(1+z**2)", "atan(z)", "-tanh(3*z)+2"])
def test_monotone_range_is_sympys_range(formula):
    expr = activation(formula).expr
    assert _monotone_range(expr, _ends(expr), Deadline(5)).value == function_range(expr, Z, sp.S.Reals)


@pytest.mark.parametrize("formula", ["exp(-z**2)", "tanh(z)+z*exp(-z**2)", "z/(1+abs(z))", "sin(z)", "z"])
def test_monotone_range_declines_what_it_cannot_prove(formula):
    expr = activation(formula).expr
    assert _monotone_range(expr, _ends(expr), Deadline(5)) is None


@pytest.mark.parametrize("cond", [sp.Eq(Z, 1), sp.Eq(2 * Z + 3, 0), sp.Ne(Z, -1), sp.Eq(Z, sp.I), sp.Ne(3 * Z, 1)])
def test_linear_equalities_give_sympys_set(cond):
    assert condition_set(cond) == cond.as_set()


@pytest.mark.parametrize("name", ["tanh", "relu", "leaky_relu", "sin"])
def test_invariance_verdicts(name):
    fact = scaling_report(name).invariant
    invariant = name in ("relu", "leaky_relu")
    assert (fact.verdict, fact.method) == (("holds", "symbolic") if invariant else ("fails", "numeric"))


# sigma' written out by hand, so the refutation's witness is checked against the mathematics.
_SLOPES = {
    "tanh(z)+z*exp(-z**2)": lambda t: mpmath.sech(t) ** 2 + (1 - 2 * t**2) * mpmath.exp(-t**2),
    "sin(z)": mpmath.cos,
}


@pytest.mark.parametrize("formula,increasing,concave", [("tanh(z)+z*exp(-z**2)", False, True), ("sin(z)", True, False)])
def test_refuted_shape_has_a_true_witness_on_the_full_grid(formula, increasing, concave):
    act = activation(formula)
    check = check_concave(act) if concave else check_increasing(act)
    # sigma' < 0 at a sample is symbolic when the kernel decides its sign at a nearby rational (session 14).
    assert check.verdict == "fails" and check.method == ("symbolic" if increasing else "numeric")
    slope = _SLOPES[formula]
    with mpmath.workdps(30):
        if concave:  # sigma' grows between two points of (0, 1000]: sigma is not concave there
            t0, t1 = (mpmath.mpf(check.witness[k]) for k in ("t0", "t1"))
            assert 0 < t0 < t1 <= 1000 and slope(t1) > slope(t0)
        else:  # sigma' < 0 at a point of (0, 1000]: sigma is not increasing there
            t = mpmath.mpf(check.witness["t"])
            assert 0 < t <= 1000 and slope(t) < 0


@pytest.mark.parametrize("name", ["silu", "centered_sigmoid", "tanh", "erf", "softsign"])
def test_short_series_onset_matches_the_long_one(name):
    act = activation(name)
    a = sp.diff(act.expr, Z).subs(Z, 0)
    poly = sp.Poly(sp.expand(sp.series(act.expr.subs(Z, T / a), T, 0, 8).removeO()), T)
    p = next(p for p in range(2, 8) if poly.coeff_monomial(T**p) != 0)
    got_p, beta = _onset(act, 1 / a)
    # beta is exact (sympy), so the comparison is exact too.
    assert got_p == p and sp.simplify(beta + poly.coeff_monomial(T**p)) == 0
