"""Held-out tests of red team R48a (symbolic soundness against 5f4e656): a broad sweep of Theorem 1 / Theorem 2
instances with explicit constants labelled proved (scaled and shifted tanh, softsign, algebraic z/sqrt(1 + z^2),
z/(1 + z^4)^(1/4), logistic, rational and transcendental tau0 equations, piecewise sigma), Theorem 2's onset (p read at
0+, sigma not C^(p+1) at an interior or irrational point, z^(7/2)-type terms), (H) failing only far out, and the
smoothness checks on unions of intervals after the R47a-1 fix (three parts, irrational shared ends, ends equal but
written differently, FiniteSet parts).

Finding (fixed in session 27): R48a-1 (smoothness._separated calls sympy's Union(*parts) on the user's union; where
two ends are equal but sympy cannot decide it (log 6 and log 2 + log 3) sympy raises TypeError "cannot determine truth
value of Relational", and check_continuous / check_c1 / check_c2 and hypotheses.check_c1 / check_continuous end in a
traceback instead of a verdict).

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at 50 digits.
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from oracles import fails_symbolic as _fails, holds_symbolic as _holds

from vgtheory.core.activations import activation
from vgtheory.properties import smoothness as sm
from vgtheory.theorems import hypotheses as hyp
from vgtheory.theorems.gsup import g_sup
from vgtheory.theorems.theorem1 import theorem1
from vgtheory.theorems.theorem2 import theorem2

Z = sp.Symbol("z", real=True)
R = sp.Rational
I = sp.Interval
L6 = sp.log(6)
L23 = sp.log(2) + sp.log(3)  # = log 6, but sympy's relational cannot decide log 6 < log 2 + log 3


def _union(*parts):
    return sp.Union(*parts, evaluate=False)


# ---------------------------------------------------------------------------------------------------------------
# R48a-1: a union whose parts share an end that sympy cannot compare (log 6 vs log 2 + log 3): TypeError traceback.
# [0, log 6] U [log 2 + log 3, 3] is [0, 3]; |z - log 6| has one-sided slopes -1, +1 at log 6 inside it: not C^1
# (fails, or inconclusive), never a traceback. The step 1_{z >= log 6} on [0, log 6) U [log 6, 3] = [0, 3] jumps at
# log 6: not continuous. On (0, log 6) U (log 2 + log 3, 3) (log 6 excluded) the step is continuous: never "fails".

_CASES_1 = [
    ("c1_closed_closed", sm.check_c1, sp.Abs(Z - L6), _union(I(0, L6), I(L23, 3)), ("fails", "inconclusive")),
    ("continuous_ropen_closed", sm.check_continuous, sp.Piecewise((0, Z < L6), (1, True)),
     _union(I.Ropen(0, L6), I(L23, 3)), ("fails", "inconclusive")),
    ("c2_closed_closed", sm.check_c2, sp.Max(0, Z - L6) ** 2, _union(I(0, L6), I(L23, 3)), ("fails", "inconclusive")),
    ("continuous_separated", sm.check_continuous, sp.Piecewise((0, Z < L6), (1, True)),
     _union(I.open(0, L6), I.open(L23, 3)), ("holds", "inconclusive")),
    # a gap of 10^-200 between the parts (sympy's relational gives up below ~10^-200 as well): the step sits in the gap,
    # so sigma is continuous on the set (each part is closed, at positive distance from the other): never "fails"
    ("continuous_gap_1e-200", sm.check_continuous, sp.Piecewise((0, Z < L6 + R(1, 2 * 10**200)), (1, True)),
     _union(I(0, L6), I(L23 + R(1, 10**200), 3)), ("holds", "inconclusive")),
]


@pytest.mark.slow
@pytest.mark.parametrize("name,check,expr,where,allowed", _CASES_1, ids=[c[0] for c in _CASES_1])
def test_r48a_1_union_with_undecidable_equal_ends(name, check, expr, where, allowed):
    r = check(activation(expr), where)  # raised TypeError before the fix
    assert r.verdict in allowed


@pytest.mark.slow
def test_r48a_1_hypotheses_check_c1():
    r = hyp.check_c1(activation(sp.Abs(Z - L6)), _union(I(0, L6), I(L23, 3)))
    assert r.verdict in ("fails", "inconclusive")


# ---------------------------------------------------------------------------------------------------------------
# Probes that held.

# Unions after the R47a-1 fix: three parts touching at 1/2 and at 1 (closed/open mixture) are [0, 2], the step at 1
# jumps inside: fails; 1 excluded from all parts: holds. Touching at sqrt 2 (also written sqrt(8)/2): |z - sqrt 2| not
# C^1; Max(0, z - sqrt 2)^2 not C^2 on [0, sqrt 2) U [sqrt 2, 2], C^2 on [0, sqrt 2) U (sqrt 2, 2].
@pytest.mark.slow
def test_held_unions_three_parts_and_irrational_ends():
    step = activation(sp.Piecewise((0, Z < 1), (1, True)))
    assert _fails(sm.check_continuous(step, _union(I(0, R(1, 2)), I.Lopen(R(1, 2), 1), I.Lopen(1, 2))))
    assert _holds(sm.check_continuous(step, _union(I(0, R(1, 2)), I.open(R(1, 2), 1), I.open(1, 2))))
    s2 = sp.sqrt(2)
    assert _fails(sm.check_c1(activation(sp.Abs(Z - s2)), _union(I(0, s2), I(sp.sqrt(8) / 2, 3))))
    assert _fails(sm.check_c2(activation(sp.Max(0, Z - s2) ** 2), _union(I.Ropen(0, s2), I(s2, 2))))
    assert _holds(sm.check_c2(activation(sp.Max(0, Z - s2) ** 2), _union(I.Ropen(0, s2), I.Lopen(s2, 2))))
    # a FiniteSet part is not read (inconclusive), never "holds" of [0, 1] with the jump at 1
    r = sm.check_continuous(step, _union(I.Ropen(0, 1), sp.FiniteSet(1)))
    assert r.verdict != "holds"


# Softsign: L = 1, sigma >= 1/2 iff z >= 1 (tau0 = 1); h(t) = t/(1 + t)^2 decreases for t > 1, so with c = 1, W = 3:
# tau = 3/2, g = (3/2)/(5/2)^2 = 6/25, bound (g/W)(2g/L)^2 = (2/25)(12/25)^2 = 288/15625 = 0.018432.
@pytest.mark.slow
def test_held_theorem1_softsign_constants():
    r = theorem1(Z / (1 + sp.Abs(Z)), c=1, W=3, depth=3, j=1)
    assert r.status == "proved"
    with mp.workdps(50):
        assert abs(r.tau0 - 1) < mp.mpf(10) ** -40
        assert abs(r.g.value - mp.mpf(6) / 25) < mp.mpf(10) ** -40
        assert abs(r.bound_df - mp.mpf(288) / 15625) < mp.mpf(10) ** -40


# z/sqrt(1 + z^2): tau0 = 1/sqrt 3 (z^2 = (1 + z^2)/4); with c = 1, W = 2: tau = 1 > 1/sqrt 2 (the peak of
# h = t (1 + t^2)^(-3/2)), g = h(1) = 2^(-3/2).
@pytest.mark.slow
def test_held_theorem1_algebraic_constants():
    r = theorem1(Z / sp.sqrt(1 + Z**2), c=1, W=2, depth=3, j=1)
    assert r.status == "proved"
    with mp.workdps(50):
        assert abs(r.tau0 - 1 / mp.sqrt(3)) < mp.mpf(10) ** -40
        assert abs(r.g.value - mp.mpf(2) ** mp.mpf(-1.5)) < mp.mpf(10) ** -40


# logistic = (1 + tanh(z/2))/2: h(t) = (t/4) sech^2(t/2) = (1/2) u sech^2 u with u = t/2, peak at u* (2u tanh u = 1).
@pytest.mark.slow
def test_held_g_sup_logistic_lemma_t():
    with mp.workdps(50):
        u = mp.findroot(lambda v: 2 * v * mp.tanh(v) - 1, 0.77)
        truth = u * mp.sech(u) ** 2 / 2
        g = g_sup(1 / (1 + sp.exp(-Z)), R(1, 10))
        assert g.method == "symbolic" and abs(g.value - truth) < mp.mpf(10) ** -40


# z/(1 + z^4)^(1/4) = z - z^5/4 + ...: p = 5, exponent -5/4 at aw = 1; at w = 2: z* = (15/16)^(1/4)
# (16 = 1 + 16 z*^4), rho = 2 (1 + 16 z*^4)^(-5/4) = 2/32 = 1/16.
@pytest.mark.slow
def test_held_theorem2_quintic_onset_and_fixed_point():
    sig = Z / (1 + Z**4) ** R(1, 4)
    r1 = theorem2(sig, w=1, x=1, depth=20)
    assert r1.p == 5
    with mp.workdps(50):
        assert abs(r1.beta - mp.mpf(1) / 4) < mp.mpf(10) ** -40
    expo = next(c for c in r1.claims if c.statement.startswith("df/dw_1 = C(x)*l^("))
    assert "-5/4" in expo.statement
    r2 = theorem2(sig, w=2, x=1, depth=10)
    with mp.workdps(50):
        assert abs(r2.z_star - (mp.mpf(15) / 16) ** mp.mpf(0.25)) < mp.mpf(10) ** -40
        assert abs(r2.rho - mp.mpf(1) / 16) < mp.mpf(10) ** -40


# (H) fails only far out: tanh z - z^2/(10^30 (1 + z^2)) has sigma' = sech^2 z - 2z/(10^30 (1 + z^2)^2) < 0 for
# z >~ 42 (at 50: 1.5e-43 - 1.6e-35).
@pytest.mark.slow
def test_held_hypothesis_h_fails_far_out():
    H = hyp.hypothesis_H(activation(sp.tanh(Z) - Z**2 / (10**30 * (1 + Z**2))))
    assert _fails(H)


# Theorem 2's onset with sigma not C^4 at an interior or irrational point of [0, 1] (a jump of sigma''''):
# the onset check is never "holds".
@pytest.mark.slow
def test_held_onset_not_smooth_inside():
    from vgtheory.theorems.theorem2 import _onset, _onset_check
    for e in (sp.tanh(Z) + sp.Max(0, Z - sp.sqrt(2) / 2) ** 4 / 1000, sp.tanh(Z) + Z**3 * sp.sqrt(sp.Abs(Z)) / 100):
        a = activation(e)
        p, beta = _onset(a, sp.Integer(1))
        assert p == 3
        assert _onset_check(a, sp.Integer(1), p, beta, 6).verdict != "holds"
