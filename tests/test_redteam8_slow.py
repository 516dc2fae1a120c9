"""Red-team 8 findings R8-17, R8-18, R8-16: answers derived here, not copied from the package."""

from __future__ import annotations

import time

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core import activations
from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError

x, t = sp.symbols("x t")


# -- R8-17: an unevaluated Integral as the activation -----------------------------------------


def test_erf_integral_is_evaluated_and_classified():
    start = time.monotonic()
    props = vgtheory.check_properties(sp.Integral(sp.exp(-t**2), (t, 0, x)))
    # L = int_0^oo exp(-t^2) dt (mpmath quadrature, independent of sympy) and a = integrand at 0.
    L_num = mpmath.quad(lambda u: mpmath.exp(-u**2), [0, mpmath.inf])
    assert props.positive_limit.verdict == "holds"
    assert abs(float(props.positive_limit.value) - float(L_num)) < 1e-12
    assert sp.simplify(props.positive_limit.value - sp.sqrt(sp.pi) / 2) == 0
    assert props.linear_at_origin.verdict == "holds" and props.linear_at_origin.value == 1
    assert props.sigmoid_type
    assert time.monotonic() - start < 30


def test_integral_without_closed_form_is_refused_in_one_line():
    # 1/(t + e^t) has no elementary antiderivative (and no special-function one sympy knows).
    with pytest.raises(VGTheoryError) as err:
        activation(sp.Integral(1 / (t + sp.exp(t)), (t, 0, x)))
    msg = str(err.value)
    assert "\n" not in msg and "Integral" in msg


def test_doit_that_runs_out_of_time_is_refused(monkeypatch):
    monkeypatch.setattr(activations, "DOIT_SECONDS", 0.3)
    start = time.monotonic()
    with pytest.raises(VGTheoryError) as err:
        activation(sp.Integral(sp.exp(-t**2) * sp.cos(t**3), (t, 0, x)))
    assert time.monotonic() - start < 5
    assert "\n" not in str(err.value)


def test_derivative_and_sum_are_evaluated():
    k = sp.symbols("k", integer=True)
    act = activation(sp.Derivative(sp.log(sp.cosh(x)), x))
    assert sp.simplify(act.expr - sp.tanh(act.expr.free_symbols.pop())) == 0
    act = activation(sp.Sum(sp.tanh(k * x) / k, (k, 1, 3)))
    z = act.expr.free_symbols.pop()
    assert sp.expand(act.expr - (sp.tanh(z) + sp.tanh(2 * z) / 2 + sp.tanh(3 * z) / 3)) == 0


# -- R8-18: lim_{s->oo} df_s/dw_1 needs sigma'(u) -> a ---------------------------------------

_WIGGLE = "tanh(x) + x**2*sin(1/(x + 1 - sign(x)**2))/4"


def _s_limit_claims(result):
    return [c for c in result.claims if "s -> oo" in c.statement]


def test_s_limit_claim_is_not_holds_when_sigma_prime_oscillates_at_zero():
    from vgtheory.theorems.theorem2 import theorem2

    u = sp.symbols("u", positive=True)
    d = sp.diff(sp.tanh(u) + u**2 * sp.sin(1 / u) / 4, u)
    # sigma'(u) along u = 1/(2 pi n) and u = 1/((2n+1) pi): two different limits (3/4 and 5/4), so no limit.
    n = sp.symbols("n", positive=True, integer=True)
    lo = sp.limit(d.subs(u, 1 / (2 * sp.pi * n)), n, sp.oo)
    hi = sp.limit(d.subs(u, 1 / ((2 * n + 1) * sp.pi)), n, sp.oo)
    assert lo == sp.Rational(3, 4) and hi == sp.Rational(5, 4)
    for w in (2, sp.Rational(1, 2)):
        claims = _s_limit_claims(theorem2(_WIGGLE, w=w, x=1, depth=3))
        assert claims
        for c in claims:
            assert c.verdict != "holds" and c.status != "proved"
            assert "sigma'(u) -> a" in c.detail


def test_s_limit_claim_still_proved_for_tanh():
    from vgtheory.theorems.theorem2 import theorem2

    u = sp.symbols("u")
    assert sp.limit(sp.diff(sp.tanh(u), u), u, 0) == 1  # sigma'(u) -> a = 1
    for w, depth in ((2, 3), (sp.Rational(1, 2), 3)):
        r = theorem2("tanh", w=w, x=1, depth=depth)
        claims = _s_limit_claims(r)
        assert claims
        for c in claims:
            assert c.verdict == "holds" and c.status == "proved"
        assert r.s_limit_df_dw1(depth) == mpmath.mpf(w) ** (depth - 1)  # a^l w^(l-1) x with a = x = 1


# -- R8-16: a sum of tanh(k z)/k ----------------------------------------------------------------


def _tanh_sum(n: int) -> str:
    return "+".join(f"tanh({k}*x)/{k}" for k in range(1, n + 1))


def test_tanh_form_refuses_a_sum_of_tanh_quickly_and_keeps_logistic():
    from vgtheory.theorems.hypotheses import tanh_form

    # sigma = A tanh(z/k) + C would need C = 0, A = H_20, k = A/20 (limit and slope at 0); at z = 1
    # the sum differs from that candidate, so it is no tanh form.
    H = sum(mpmath.mpf(1) / k for k in range(1, 21))
    at1 = sum(mpmath.tanh(k) / k for k in range(1, 21))
    assert abs(at1 - H * mpmath.tanh(20 / H)) > 1e-3
    start = time.monotonic()
    assert tanh_form(activation(_tanh_sum(20)), None, None) is None
    assert time.monotonic() - start < 5
    # logistic: 1/(1 + e^-z) = tanh(z/2)/2 + 1/2 exactly.
    z = sp.symbols("z", real=True)
    assert sp.simplify((1 / (1 + sp.exp(-z)) - sp.tanh(z / 2) / 2 - sp.Rational(1, 2)).rewrite(sp.exp)) == 0
    assert tanh_form(activation("logistic"), None, None) == (sp.Rational(1, 2), 2, sp.Rational(1, 2))


#: Terms of the sum for Theorem 1: from 6 on its far-tail values are arb bounds below 10^-30 that grew with t.
N_T1 = 6


@pytest.mark.slow
def test_theorem1_applies_to_a_sum_of_tanh():
    from vgtheory.properties.four import check_properties
    from vgtheory.theorems.section import _section_theorem1

    # sigma' = sum sech^2(k t) <= 4 n e^(-2t), so t*sigma'(t) -> 0: property 2 holds and g is finite.
    sigma = activation(_tanh_sum(N_T1))
    t = mpmath.mpf(50)
    assert t * sum(mpmath.sech(k * t) ** 2 for k in range(1, N_T1 + 1)) <= 4 * N_T1 * t * mpmath.exp(-2 * t)
    t1, _, applies, reason = _section_theorem1(sigma, check_properties(sigma, timeout=2.0), 30)
    assert applies != "fails", reason
    assert t1 is not None and mpmath.isfinite(t1.g.value)
