"""Properties of the session-7 speed changes: each shortcut gives the answer of the long way.

* Theorem 1's threshold skips the numeric g-search where |h(τ)| alone refutes ``ok(W)``;
* one splitter (``smoothness.split_pieces``) reports single-point pieces for the shape proofs;
* the chain rule is checked against sympy's derivative of the generic chain, instantiated;
* the signal moments' numpy functions come from the namespace lambdify's "numpy" would give.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.core import chain_rule
from vgtheory.core.activations import Z, activation
from vgtheory.core.chain import symbolic_chain
from vgtheory.core.chain_symbolic import instantiated_derivatives
from vgtheory.properties import smoothness
from vgtheory.properties.four import check_properties
from vgtheory.theorems import theorem1
from vgtheory.theorems.hypotheses import HALF_LINE, check_concave, check_increasing

# -- Theorem 1: the lower-bound shortcut of the threshold bisection ------------------------------------


@pytest.fixture(scope="module")
def numeric_tanh_setup():
    """Theorem 1's setup for tanh with its exact g-profile dropped, so that g is searched numerically."""
    act = activation("tanh")
    with mpmath.workdps(20):
        setup = theorem1._t1_setup(act, check_properties(act), 20)
    return replace(setup, profile=replace(setup.profile, critical=None))


@pytest.mark.slow
def test_threshold_is_the_same_with_and_without_the_shortcut(numeric_tanh_setup, monkeypatch):
    args = (mpmath.mpf(1), 6, 1, mpmath.mpf("1e-6"), mpmath.mpf("0.01"), mpmath.mpf(1))
    with mpmath.workdps(20):
        fast = theorem1._threshold(numeric_tanh_setup, *args)
        monkeypatch.setattr(theorem1, "_fails_at_lower_bound", lambda *a: False)
        slow = theorem1._threshold(numeric_tanh_setup, *args)
    assert fast.to_dict() == slow.to_dict()
    assert fast.W_star == slow.W_star and fast.bound_loss == slow.bound_loss


@pytest.mark.slow
@settings(max_examples=10, deadline=None)
@given(log_w=st.floats(min_value=-0.5, max_value=3.0), log_tol=st.integers(min_value=2, max_value=12),
       depth=st.integers(min_value=1, max_value=12))
def test_lower_bound_never_refutes_a_point_the_search_accepts(numeric_tanh_setup, log_w, log_tol, depth):
    """Where the shortcut says "not ok", the full g-search says so too (U only grows with g)."""
    setup = numeric_tanh_setup
    c, lam, res = mpmath.mpf(1), mpmath.mpf("0.01"), mpmath.mpf(1)
    with mpmath.workdps(20):
        W, tol = mpmath.mpf(10) ** log_w, mpmath.mpf(10) ** -log_tol
        g = setup.profile.at(W * min(c, setup.L / 2), setup.dps)
        assert g.value >= abs(setup.profile.h(g.tau))  # the bound the shortcut rests on
        if theorem1._fails_at_lower_bound(setup, W, c, depth, 1, tol, lam, res):
            U = res * setup.bound(W, c, depth, 1)[0]
            assert not (U < tol and U < lam * W / 2)


# -- one splitter: single points -----------------------------------------------------------------------

_B = st.fractions(min_value=Fraction(1, 10), max_value=Fraction(5), max_denominator=12).map(lambda f: sp.Rational(f.numerator, f.denominator))
_C = st.integers(min_value=1, max_value=5).map(lambda k: sp.Rational(k, 3))


@settings(max_examples=12, deadline=None)
@given(b=_B, c=_C)
def test_heaviside_sets_a_single_point_and_two_branches(b, c):
    found = smoothness.split_pieces(sp.tanh(Z) + c * sp.Heaviside(Z - b), sp.Interval.open(0, sp.oo), points=True)
    assert found is not None
    breakpoints, branches, points = found
    assert breakpoints == [b] and points == [b]
    assert [(lo, hi) for lo, hi, _ in branches] == [(0, b), (b, sp.oo)]
    # The branches are the formula on each side, exactly.
    assert sp.simplify(branches[0][2] - sp.tanh(Z)) == 0 and sp.simplify(branches[1][2] - sp.tanh(Z) - c) == 0


@settings(max_examples=12, deadline=None)
@given(b=_B)
def test_kinks_set_no_single_point(b):
    for expr in (sp.Abs(Z - b), sp.Max(Z, b), sp.Min(Z - b, 0) + sp.tanh(Z)):
        found = smoothness.split_pieces(expr, sp.Interval.open(0, sp.oo), points=True)
        assert found is not None and found[0] == [b] and found[2] == [], expr
    # A single point outside the interval is no point of it.
    found = smoothness.split_pieces(sp.Heaviside(Z + b), sp.Interval.open(0, sp.oo), points=True)
    assert found is not None and found[2] == [] and len(found[1]) == 1


@pytest.mark.slow
@settings(max_examples=6, deadline=None)
@given(b=_B, c=_C)
def test_shape_checks_see_the_jump_and_never_prove_through_a_point(b, c):
    sigma = activation(sp.atan(Z) + c * sp.Heaviside(Z - b))
    concave = check_concave(sigma)
    assert concave.verdict == "fails" and concave.method == "symbolic"  # a concave function has no jump
    increasing = check_increasing(sigma)  # atan + an upward step is increasing
    assert increasing.verdict != "fails"
    assert not (increasing.verdict == "holds" and increasing.method == "symbolic")  # the value 1/2 at b is not a piece


def test_split_pieces_of_a_smooth_formula_is_one_branch():
    assert smoothness.split_pieces(sp.tanh(Z), HALF_LINE, points=True) == ([], [(0, sp.oo, sp.tanh(Z))], [])
    # Not asked for, the points are not computed (None), and the pieces are the same.
    heaviside = sp.atan(Z) + sp.Heaviside(Z - 1)
    with_points = smoothness.split_pieces(heaviside, HALF_LINE, points=True)
    assert smoothness.split_pieces(heaviside, HALF_LINE) == (*with_points[:2], None)


# -- the chain rule, instantiated ----------------------------------------------------------------------

_NAMES = ("tanh", "softsign", "erf", "hardtanh", "elu", "gelu", "mish", "algebraic", "selu")


@pytest.mark.slow
@settings(max_examples=8, deadline=None)
@given(name=st.sampled_from(_NAMES), depth=st.integers(min_value=1, max_value=3))
def test_instantiated_derivative_is_sympys_derivative_of_f(name, depth):
    chain = symbolic_chain(name, depth)
    derivatives = instantiated_derivatives(chain)
    assert derivatives is not None
    point = {chain.x: sp.Rational(7, 5)} | {w: sp.Rational(3 + 2 * k, 4) * (-1) ** k for k, w in enumerate(chain.w)}
    folded = chain.x  # the composition as sympy builds it (folded Piecewise layers: sympy's diff takes only those)
    for wk in chain.w:
        folded = chain.activation.expr.subs(Z, wk * folded)
    for wj, derivative in zip(chain.w, derivatives):
        direct = sp.diff(folded, wj)  # the long way, independent of the instantiation
        # Each side to 50 digits, then the difference: evalf of the (usually identically 0) difference
        # itself keeps raising its precision to find a relative error for 0 (3-4x slower for mish, gelu).
        # The values are O(1) here, so 50 digits leave the 1e-30 tolerance untouched.
        gap = sp.N(derivative.subs(point), 50) - sp.N(direct.subs(point), 50)
        assert abs(gap) < sp.Float(10) ** -30


def test_a_wrong_product_is_caught(monkeypatch):
    real = symbolic_chain("tanh", 3)
    wrong = list(real.df_dw)
    wrong[1] = wrong[1] * (1 + real.w[0] / 1000)
    planted = replace(real, df_dw=tuple(wrong))
    monkeypatch.setattr(chain_rule, "symbolic_chain", lambda act, depth: planted)
    with pytest.raises(chain_rule.ChainRuleError, match="df/dw_2"):
        chain_rule.verify_chain_rule("tanh", 3)


def test_a_wrong_composition_is_not_instantiated():
    real = symbolic_chain("tanh", 2)
    x, (w1, w2) = real.x, real.w
    # f with the weights in the wrong order is not the instantiated generic chain: no shortcut.
    swapped = replace(real, z=(x, sp.tanh(w2 * x), sp.tanh(w1 * sp.tanh(w2 * x))))
    assert instantiated_derivatives(swapped) is None
    assert instantiated_derivatives(real) is not None


# -- signal moments: the numpy namespace ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["tanh", "gelu", "hardtanh", "selu", "softsign", "erf", "mish"])
def test_moments_numpy_functions_match_lambdify_numpy(name):
    import sympy as sp

    from vgtheory.meanfield import float_forms, moments

    act = activation(name)
    value, slope = moments.Moments(act)._numpy
    u = np.array([-3.5, -1.0, -0.25, 0.0, 0.3, 1.7, 6.0])
    old = [sp.lambdify(Z, float_forms.numpy_form(e), modules=[float_forms.NUMPY_MODULES[0], "numpy"])
           for e in (act.expr, act.derivative_expr)]
    assert np.array_equal(value(u), old[0](u)) and np.array_equal(slope(u), old[1](u))
