"""Red team R16a's findings (symbolic side), fixed in session 16.

Truths are derived here: by construction, exact identities (log 2 + log 3 = log 6; 1 - tanh x = 2/(e^(2x) + 1)),
or mpmath at the stated precision.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import Z
from vgtheory.core.pieces import untrusted_sets

_NESTED_SWITCH = "Piecewise((tanh(z) - 10**-40, tanh(tanh(z)) > tanh(1) - 10**-20), (tanh(z), True))"


def _lines(report) -> str:
    return report.full_text()


@pytest.mark.slow
def test_r16a_1_a_switch_behind_a_nested_tanh_gets_no_false_limit_or_proof():
    # Truth: tanh(tanh t) > tanh 1 - 10^-20 iff t > b = atanh(atanh(tanh 1 - 10^-20)) ~ 22.94 (mpmath, 60 digits),
    # so sigma = tanh z - 10^-40 past b: the limit is 1 - 10^-40, and sigma drops by 10^-40 at b (not C^1).
    with mpmath.workdps(60):
        b = mpmath.atanh(mpmath.atanh(mpmath.tanh(1) - mpmath.mpf(10) ** -20))
        assert 22.9 < b < 23
    r = vgtheory.check(_NESTED_SWITCH, signal=False)
    limit = r.properties.positive_limit
    assert limit.verdict in ("holds", "inconclusive")
    if limit.method == "symbolic":
        assert "9999999999999999999999999999999999999999/10000000000000000000000000000000000000000" in str(limit.to_dict())
    text = _lines(r)
    assert "C^1 on (0, oo): holds" not in text and "concave on [0, oo): holds" not in text
    # only claims true for every sigma may stay proved (the scaling identity), none resting on (H) or C^1
    assert all("for every sigma" in line for line in text.splitlines() if "[proved]" in line)


def test_r16a_1_nested_bounded_functions_are_not_trusted_to_sympys_sets():
    for e in (sp.tanh(sp.tanh(Z)) - sp.tanh(1) + sp.Rational(1, 10**20), sp.tanh(sp.erf(Z)) - sp.Rational(1, 3),
              sp.exp(sp.erf(Z)) - sp.E + sp.Rational(1, 10**20), sp.sqrt(sp.erf(Z)) - sp.Rational(1, 2)):
        assert untrusted_sets([e]) is not None


@pytest.mark.slow
def test_r16a_2_range_of_exp_erf_minus_a_near_critical_slope_is_not_a_false_open_interval():
    # G(u) = e^u - c u, c = e - 10^-20, u = erf z in (-1, 1): its minimum c - c log c = 10^-20 - 1.84e-41 is taken
    # at u0 = log c < 1, i.e. inside: sigma dips below 10^-20 (mpmath, 80 digits).
    with mpmath.workdps(80):
        c = mpmath.e - mpmath.mpf(10) ** -20
        low = c - c * mpmath.log(c)
        assert low < mpmath.mpf(10) ** -20
    bounded = vgtheory.check("exp(erf(z)) - (E - 10**-20)*erf(z)", signal=False, theorems=False).properties.bounded
    assert "Interval.open(1/100000000000000000000" not in str(bounded.to_dict())


def test_r16a_3_a_slope_whose_simplification_overflows_is_no_internal_error():
    # sigma = c tanh z with c = tanh(1 + 10^-20) tanh(2 + 10^-20) > 0: sigmoid-type, like tanh itself.
    r = vgtheory.check("tanh(1 + 10**-20)*tanh(2 + 10**-20)*tanh(z)", signal=False, theorems=False)
    assert "internal error" not in _lines(r)
    assert r.sigmoid_type is True


def test_r16a_4_a_polynomial_in_a_nested_tanh_is_not_trusted():
    a = sp.Rational(761594155955764888119458182604, 10**30)
    b = sp.Rational(761594155955764888119458192604, 10**30)
    v = sp.tanh(sp.tanh(Z))
    slope = sp.diff(v**3 / 3 - (a + b) * v**2 / 2 + a * b * v, Z)
    assert untrusted_sets([slope <= 0]) is not None


@pytest.mark.slow
def test_r16a_6_a_hidden_zero_slope_in_a_condition_gets_no_sympy_set():
    # log 2 + log 3 - log 6 = 0: the first condition always holds (sigma = 0), the second never (sigma = tanh).
    zero = vgtheory.check("Piecewise((0, z*(log(2)+log(3)) + 10**-40 > z*log(6)), (tanh(z), True))", signal=False,
                          theorems=False)
    assert zero.properties.positive_limit.verdict != "holds"
    assert zero.sigmoid_type is not True
    plain = vgtheory.check("Piecewise((0, z*(log(2)+log(3)) > z*log(6) + 10**-40), (tanh(z), True))", signal=False,
                           theorems=False)
    assert plain.properties.positive_limit.verdict != "fails"
    assert plain.sigmoid_type is not False
    shifted = vgtheory.check("tanh(z) + Max(z*(log(2)+log(3)) - z*log(6) + 10**-40, 0)", signal=False, theorems=False)
    limit = shifted.properties.positive_limit
    assert limit.method != "symbolic" or "10000000000000000000000000000000000000001/" in str(limit.to_dict())


@pytest.mark.slow
def test_r16a_7_a_coefficient_below_every_enclosure_gets_no_sympy_set():
    # 1 - tanh(10^5) = 2/(e^200000 + 1) > 0, so c z^2 + z > 0 on (0, oo): sigma = 0 there, no positive limit.
    c = 1 - sp.tanh(10**5)
    assert sp.simplify(c.rewrite(sp.exp) - 2 / (sp.exp(200000) + 1)) == 0
    r = vgtheory.check("Piecewise((0, (1 - tanh(10**5))*z**2 + z > 0), (tanh(z), True))", signal=False, theorems=False)
    assert r.properties.positive_limit.verdict != "holds"
    assert r.sigmoid_type is not True


def test_r16a_6_7_conditions_with_coefficients_no_enclosure_signs_are_not_trusted():
    # log 2 + log 3 - log 6 = 0 exactly; 1 - tanh(10^5) = 2/(e^200000 + 1) ~ 1e-86859 > 0: neither is signed at 256 bits.
    assert untrusted_sets([Z * (sp.log(2) + sp.log(3)) + sp.Rational(1, 10**40) > Z * sp.log(6)]) is not None
    assert untrusted_sets([(1 - sp.tanh(10**5)) * Z**2 + Z > 0]) is not None


def test_signed_coefficients_keep_ordinary_conditions_trusted():
    # pi/2, sqrt(2) and log 3 are enclosed away from 0: these conditions stay with sympy (an inequality of degree 2
    # with sqrt 2 does not since R30a-1: sympy's solver may not separate its roots; as an equation it does).
    for cond in (sp.pi / 2 * Z > 1, sp.Eq(sp.sqrt(2) * Z**2 - Z, 3), sp.log(3) * Z + 1 > 0):
        assert untrusted_sets([cond]) is None


def test_r16a_5_a_pole_of_a_formula_past_twenty_is_found():
    # tanh(tanh z) - tanh 1 + 10^-20 increases through 0 at b = atanh(atanh(tanh 1 - 10^-20)) ~ 22.94 (mpmath, 60
    # digits): 10^-60 over it is a simple pole there, so sigma is unbounded.
    from vgtheory.core.activations import activation
    from vgtheory.properties.numeric_properties import bounded_numeric
    with mpmath.workdps(60):
        b = mpmath.atanh(mpmath.atanh(mpmath.tanh(1) - mpmath.mpf(10) ** -20))
        g = lambda t: mpmath.tanh(mpmath.tanh(t)) - mpmath.tanh(1) + mpmath.mpf(10) ** -20  # noqa: E731
        assert g(b - mpmath.mpf(10) ** -30) < 0 < g(b + mpmath.mpf(10) ** -30)
    assert bounded_numeric(activation("tanh(z) + 10**-60/(tanh(tanh(z)) - tanh(1) + 10**-20)"), 30).verdict == "fails"


def test_r16a_8_growth_of_values_far_below_the_precision_refutes_nothing():
    # c = 1 - tanh(10^5) = 2/(e^200000 + 1): sigma' = sech^2 z - 2*10^-40 c z/(c z^2 - 1)^2, so z sigma' -> 0 as z -> oo
    # (past the pole at c^(-1/2) ~ e^100000); the samples only see tiny growth towards that pole.
    from vgtheory.core.activations import activation
    from vgtheory.properties.numeric_properties import vanishing_numeric
    r = vanishing_numeric(activation("tanh(z) + 10**-40/((1 - tanh(10**5))*z**2 - 1)"), 30)
    assert r.verdict != "fails"


def test_r16a_note_a_switch_of_a_bounded_function_beside_a_constant_is_not_trusted():
    # erfinv(1 - 10^-20) ~ 6.6 and atanh(1 - 10^-20) ~ 23.4 exist: |erf z| = 1 - 10^-20 has roots, |tanh z| > 1 - 10^-20
    # holds far out; sympy answered EmptySet for both.
    with mpmath.workdps(40):
        assert mpmath.erf(7) > 1 - mpmath.mpf(10) ** -20 > mpmath.erf(6)
        assert mpmath.tanh(24) > 1 - mpmath.mpf(10) ** -20
    tiny = sp.Rational(1, 10**20)
    assert untrusted_sets([sp.Abs(sp.erf(Z)) - 1 + tiny]) is not None
    assert untrusted_sets([sp.Abs(sp.tanh(Z)) > 1 - tiny]) is not None
    assert untrusted_sets([sp.Max(0, Z) - 1, sp.Abs(Z - 1) + Z]) is None
