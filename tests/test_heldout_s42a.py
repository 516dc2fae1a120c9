"""Held-out tests of red team R42a (symbolic soundness against 5cc3aa7): the tanh-form detector
(vgtheory/theorems/hypotheses.py ``tanh_form``) and the (H) certificate built on it, sigma(0) and sigma'(0) by
substitution (``_slope_at_0``, ``tanh_form``), removable singularities that sympy's substitution or an exact zero test
of a difference hides, one-sided C^2 at a closed end (the Theorem 2 onset's C^(p+1) on [0, 1]).

Findings (strict xfails until fixed in session 25, all fixed): R42a-1 (sigma = tanh(z)(e^(2z) - 4)/((e^z - 2)(e^z + 2)) has no value at
z = log 2 (0/0 there; the package's own value_at agrees), yet hypothesis (H) "sigma(0)=0, bounded, C^1 on (0, oo),
increasing and concave on [0, oo)" is "holds (symbolic)" with the certificate "sigma = tanh(z)": tanh_form's identity
test (exp_rational_zero: a cancel in y = e^z) proves the two formulas equal as rational functions, i.e. only where the
denominator is nonzero, and the (H) certificate then speaks of tanh, not of sigma; theorem2 at w = 2, x = log(2)/2,
where w x = log 2 and f_w(x) has no value, then prints "[proved] df/dw_1 >= x sigma'(wx/s) rho^(l-1)"), R42a-2 (the
scaling trick's invariance s*sigma(u/s) = sigma(u) "for all s > 0" holds (symbolic) for Max(z, 0) + 1 - sign(z)^2,
whose sigma(0) = 1 makes s*sigma(0/s) = s != 1 = sigma(0) at u = 0: _invariance proves u = p and u = -p only),
R42a-3 (a sigma that jumps across the diagonal, tanh z - 10^-30 [z >= b] with b/2 = z0 - 10^-32, z0 the fixed point of
tanh(2z): sigma(2z) = z has no positive root, yet fixed_point's sign-change certificate accepts the jump as z* "to 25
significant digits" and Theorem 2 prints "[proved] the scaled chain has the fixed point s*z* and the same rate rho"),
R42a-4 (check's finding "The centred activation sigma(z) - 1 = tanh(z) is linear at the origin with a = 1 (symbolic)"
for (tanh z + 1)(e^(2z) - 4)/((e^z - 2)(e^z + 2)), whose sigma - 1 has no value at log 2: report._findings prints
sympy's simplify of sigma - sigma(0), which cancels the removable point, as an equality).

Every truth is derived independently of the package, by construction (worked in the comments).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

import vgtheory

from vgtheory.core.activations import activation
from vgtheory.core.point_branches import value_at
from vgtheory.errors import VGTheoryError
from vgtheory.properties import smoothness as sm
from vgtheory.properties.four import check_properties
from vgtheory.theorems.hypotheses import hypothesis_H, tanh_form
from vgtheory.theorems.scaling import scaling_report
from vgtheory.theorems.theorem2 import theorem2

Z = sp.Symbol("z", real=True)
R = sp.Rational

# (e^(2z) - 4)/((e^z - 2)(e^z + 2)) is 1 for e^z != 2 and 0/0 at z = log 2 (e^(2 log 2) - 4 = 0, e^(log 2) - 2 = 0):
# sigma equals tanh on R \ {log 2} and has no value at log 2 (0.693 in (0, oo)), so "C^1 on (0, oo)" is false for it.
REMOVABLE = sp.tanh(Z) * (sp.exp(2 * Z) - 4) / ((sp.exp(Z) - 2) * (sp.exp(Z) + 2))


def _symbolic_holds(r) -> bool:
    return r.verdict == "holds" and r.method == "symbolic"


@pytest.mark.slow
def test_removable_point_sigma_has_no_value_at_log2():
    # held: the package's exact point reader agrees that sigma has no value at log 2, and sympy's substitution is nan
    assert value_at(REMOVABLE, sp.log(2)) is None
    assert REMOVABLE.subs(Z, sp.log(2)) is sp.nan


@pytest.mark.slow
def test_removable_point_H_not_symbolic():
    act = activation(REMOVABLE)
    H = hypothesis_H(act, check_properties(act))
    assert not _symbolic_holds(H), str(H)
    # w x = log 2 exactly: sigma(w x) and sigma'(w x) have no value, so no bound on df/dw_1 there is proved
    r = theorem2(REMOVABLE, w=2, x=sp.log(2) / 2, depth=3)
    assert not any(c.status == "proved" and "df/dw_1" in c.statement for c in r.claims), str(r)


# atan(1/z) * ((z + 1)^2 - z^2 - 2z - 1) is 0 for z != 0 and has no value at 0 (1/0); sympy's subs(z, 0) reads it as
# AccumBounds(-pi/2, pi/2) * 0 = 0. (H) must not certify sigma(0) = 0 (held: the property-4 slope is numeric there).
AT0 = sp.tanh(Z) + sp.atan(1 / Z) * ((Z + 1) ** 2 - Z**2 - 2 * Z - 1)


@pytest.mark.slow
def test_accumbounds_times_zero_at_origin_no_symbolic_H():
    act = activation(AT0)
    assert value_at(act.expr, sp.S.Zero) is None
    assert not _symbolic_holds(hypothesis_H(act, check_properties(act)))


@pytest.mark.slow
def test_accumbounds_times_zero_no_tanh_form_from_substituted_slope():
    # sigma'(0) by substitution is nan here (the slope of atan(1/z) at 0): no tanh form from it (held)
    act = activation(AT0)
    assert tanh_form(act, None, None) is None


@pytest.mark.slow
def test_one_sided_c2_at_closed_end():
    # |z|^(3/2) on [0, 1]: sigma'' = (3/4) z^(-1/2) -> oo at 0+, so not C^2 on [0, 1] (held, symbolic fails at 0)
    r = sm.check_c2(sp.Abs(Z) ** R(3, 2), sp.Interval(0, 1))
    assert r.verdict == "fails" and r.method == "symbolic"
    # tanh z + |z|^(7/2) on [0, 1]: the extra term's sigma'' = (35/4) z^(3/2) -> 0 at 0+, so C^2 on [0, 1] (held)
    assert _symbolic_holds(sm.check_c2(sp.tanh(Z) + sp.Abs(Z) ** R(7, 2), sp.Interval(0, 1)))


# Max(z, 0) + 1 - sign(z)^2: z for z > 0, 0 for z < 0 (sign^2 = 1 there), and 1 at z = 0 (sign(0) = 0). At u = 0,
# s*sigma(0/s) = s, while sigma(0) = 1: the identity "for all s > 0" (and all u) fails at every s != 1.
BUMP0 = sp.Max(Z, 0) + 1 - sp.sign(Z) ** 2


@pytest.mark.slow
def test_relu_with_point_value_at_origin_is_what_it_is():
    # held: sigma(0) = 1 and property 4 fails (symbolic) on sigma(0) = 1
    act = activation(BUMP0)
    assert act.value(0) == 1 and act.value(R(1, 2)) == R(1, 2) and act.value(-3) == 0
    r = check_properties(act).linear_at_origin
    assert r.verdict == "fails" and r.method == "symbolic"


@pytest.mark.slow
def test_invariance_not_symbolic_when_sigma0_nonzero():
    inv = scaling_report(BUMP0).invariant
    assert not _symbolic_holds(inv), str(inv)


def _jump_sigma():
    """tanh z below b, tanh z - 10^-30 from b on, with b/2 = z0 - 10^-32 and z0 the positive root of tanh(2z) = z
    (mpmath at 80 digits). psi(z) = sigma(2z) - z: for 0 < z < b/2 it is tanh(2z) - z > 0 (z < z0); for z >= b/2 it is
    tanh(2z) - z - 10^-30, and tanh(2z) - z is decreasing there (its maximum is at sech^2(2z) = 1/2, z = 0.44) with
    value ~0.83*10^-32 < 10^-30 at b/2: negative. So sigma(2z) = z has no positive root (the oracle below checks the
    two sides at 80 digits)."""
    with mp.workdps(80):
        z0 = mp.findroot(lambda u: mp.tanh(2 * u) - u, mp.mpf("0.9575"))
        half_b = sp.Rational(mp.nstr(z0 - mp.mpf(10) ** -32, 45))
        hb = mp.mpf(half_b.p) / half_b.q
        left = mp.tanh(2 * (hb - mp.mpf(10) ** -60)) - (hb - mp.mpf(10) ** -60)
        right = mp.tanh(2 * hb) - mp.mpf(10) ** -30 - hb
        assert left > 0 > right
    return sp.Piecewise((sp.tanh(Z), Z < 2 * half_b), (sp.tanh(Z) - R(1, 10**30), True))


@pytest.mark.slow
def test_jump_across_diagonal_no_proved_fixed_point():
    try:
        r = theorem2(_jump_sigma(), w=2, x=1, depth=10)
    except VGTheoryError:
        return  # refusing "no verified positive fixed point" is the true behaviour
    assert not any(c.status == "proved" and "fixed point" in c.statement for c in r.claims), str(r)


@pytest.mark.slow
def test_large_jump_across_diagonal_refused():
    # held: a jump of 1/5 at 19/10 leaves |psi| = 0.006 at the search's end: "no verified positive fixed point"
    e = sp.Piecewise((sp.tanh(Z), Z < R(19, 10)), (sp.tanh(Z) - R(1, 5), True))
    with pytest.raises(VGTheoryError):
        theorem2(e, w=2, x=1, depth=10)


# (tanh z + 1)(e^(2z) - 4)/((e^z - 2)(e^z + 2)): sigma(0) = 1 * (-3)/((-1)(3)) = 1, so property 4 fails on sigma(0) = 1 (true);
# sigma(z) - 1 = tanh z for e^z != 2, but at z = log 2 sigma has no value (0/0), so "sigma(z) - 1 = tanh(z)" is false there.
CENTRED = "(tanh(x)+1)*(exp(2*x)-4)/((exp(x)-2)*(exp(x)+2))"


@pytest.mark.slow
def test_centred_finding_no_false_equality():
    r = vgtheory.check(CENTRED, signal=False)
    assert r.properties.linear_at_origin.verdict == "fails"
    assert not any("sigma(z) - 1 = tanh(z)" in f for f in r.findings), r.findings
