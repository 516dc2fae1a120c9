"""Red team 9 (held-out, session 9): false kernel decisions, each with its truth derived here.

- R9a-1/2/7: the kernel replaced irrational constants by symbols that carried only their sign, and
  Gruntz then ordered e^(sqrt(2) z) against e^(sqrt(3) z), or |z|^sqrt(3) against |z|^1.73, at random.
- R9a-6/10: sympy's evalf puts atanh(1 - 10**-10) at oo (and ``atanh(c) > 0`` is False): the kernel's
  set logic and the C^1 split must order breakpoints by the kernel's own comparison.
- sympy's ``simplify`` returns 0 for atanh(1 - 10**-10): its zero test counts only for numbers that arb
  encloses (atanh now has an arb enclosure).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory import kernel
from vgtheory.core.activations import Z
from vgtheory.properties.four import check_bounded, check_linear_at_origin, check_positive_limit
from vgtheory.properties.smoothness import check_c1

S2, S3, A = sp.sqrt(2), sp.sqrt(3), sp.Abs(Z)
R173 = sp.Rational(173, 100)  # sqrt(2) = 1.414... < 1.73 < sqrt(3) = 1.7320508...

# Each truth from the dominant term (sqrt(3) > 173/100 > sqrt(2) > 0, log 4 = 2 log 2).
LIMITS = [
    (sp.exp(S2 * Z) - sp.exp(S3 * Z), "+oo", -sp.oo),
    (Z * (sp.exp(S2 * Z) - sp.exp(S3 * Z)), "+oo", -sp.oo),
    ((sp.exp(S2 * Z) - sp.exp(S3 * Z)) / (sp.exp(S3 * Z) + 1), "+oo", -1),
    (sp.exp(S2 * Z) / (sp.exp(R173 * Z) + sp.exp(S3 * Z)), "+oo", 0),
    (A**S3 / (A**R173 + A**S2), "+oo", sp.oo),
    (A**S3 / (A**R173 + A**S2), "-oo", sp.oo),
    (sp.exp(Z * sp.log(4)) - sp.exp(2 * Z * sp.log(2)), "+oo", 0),
    ((2 * sp.exp(S2 * Z) + sp.exp(S3 * Z)) / (sp.exp(S2 * Z) + sp.exp(S3 * Z) + 1), "+oo", 1),
    (sp.tanh(Z) * (1 + sp.exp(S2 * Z) / (sp.exp(S3 * Z) + 1)), "+oo", 1),
    (sp.log(1 + sp.exp(S2 * Z)) / sp.log(1 + sp.exp(S3 * Z)), "+oo", S2 / S3),
] + [(sp.log(1 + sp.exp(S2 * Z)) / sp.log(1 + sp.exp(S3 * Z)), "-oo", sp.oo)]  # e^((sqrt2 - sqrt3) z) -> oo


@pytest.mark.parametrize("expr, point, truth", LIMITS, ids=[f"{e}@{p}" for e, p, _ in LIMITS])
def test_limits_with_several_irrational_rates_are_decided_right(expr, point, truth):
    fact = kernel.limit(expr, point, 30)
    # Completeness too: each was decided (wrongly) before the fix, and in 0.6 s or less after it.
    assert fact is not None
    truth = sp.S(truth)
    assert fact.value == truth if truth.is_infinite else sp.simplify(fact.value - truth) == 0


def test_a_constant_sympy_misorders_is_not_given_to_gruntz():
    # sympy's evalf says atanh(1 - 1e-10) > 0 is False; arb says 11.859...: Gruntz would order it wrongly.
    fact = kernel.limit(Z * sp.atanh(1 - sp.Rational(1, 10**10)) - 11 * Z, "+oo", 30)
    assert fact is None or fact.value == sp.oo


_RATES = st.sampled_from([S2, S3, sp.sqrt(5) / 2, sp.pi / 2, sp.E / 2, sp.log(3), R173, sp.Rational(3, 2),
                          sp.sqrt(2) + sp.Rational(1, 10**12), sp.Rational(7, 5)])


@settings(max_examples=10, deadline=None)
@given(_RATES, _RATES)
def test_the_faster_exponential_wins(a, b):
    """lim e^(a z)/(e^(a z) + e^(b z)) = 1 if a > b, 1/2 if a = b, 0 if a < b; a, b ordered by mpmath at 50 digits."""
    with mpmath.workdps(50):
        da = mpmath.mpf(sp.N(a - b, 60))
    truth = sp.Rational(1, 2) if a == b else 1 if da > 0 else 0
    fact = kernel.limit(sp.exp(a * Z) / (sp.exp(a * Z) + sp.exp(b * Z)), "+oo", 30)
    assert fact is not None and fact.value == truth


@pytest.mark.slow
def test_two_irrational_rates_sigmoid_is_bounded_with_limit_one():
    # (e^(sqrt3 z) - e^(sqrt2 z))/(1 + e^(sqrt3 z)) = (1 - e^(-(sqrt3 - sqrt2) z))/(1 + e^(-sqrt3 z)) -> 1 at +oo, 0 at -oo.
    sigma = "(exp(sqrt(3)*x) - exp(sqrt(2)*x))/(1 + exp(sqrt(3)*x))"
    assert check_bounded(sigma).verdict != "fails"
    lim = check_positive_limit(sigma)
    assert lim.verdict == "holds"
    assert lim.method == "numeric" or lim.value == 1


def test_power_rate_between_two_irrational_exponents_gives_limit_two():
    # (|z|^1.73 + 2|z|^sqrt3)/(|z|^1.73 + |z|^sqrt3 + 1) -> 2 (|z|^sqrt3 dominates): L = 2, never L = 1.
    r = check_positive_limit("tanh(x)*(Abs(x)**(173/100) + 2*Abs(x)**sqrt(3))/(Abs(x)**(173/100) + Abs(x)**sqrt(3) + 1)")
    assert r.verdict == "holds"
    assert r.method == "numeric" or r.value == 2


ATANH_C = sp.atanh(1 - sp.Rational(1, 10**10))  # = 11.8594990552...: tanh z < 1 - 1e-10 exactly for z < it


def test_kernel_signs_atanh_near_one_by_enclosure_not_simplify():
    run = lambda f: f()  # noqa: E731
    assert kernel.sign(ATANH_C, run).value == 1
    assert kernel.sign(-ATANH_C, run).value == -1
    assert kernel.compare(ATANH_C, 11, run).value == 1
    assert kernel.compare(ATANH_C, 12, run).value == -1


def test_clipped_tanh_near_one_has_slope_one_at_the_origin():
    # Min(tanh z, 1 - 1e-10) = tanh z on (-oo, 11.86): sigma(z)/z -> 1 from both sides.
    r = check_linear_at_origin("Min(tanh(x), 1-10**-10)")
    assert r.verdict == "holds"
    assert all(v == "1" for v in r.witness.values())


def test_clipped_tanh_near_one_is_not_c1_on_the_half_line():
    # sigma'(z0-) = sech^2 z0 = 2e-10 - 1e-20 > 0, sigma'(z0+) = 0 at z0 = atanh(1 - 1e-10): a jump of sigma'.
    r = check_c1("Min(tanh(x), 1-10**-10)", sp.Interval.open(0, sp.oo))
    # Session 15: sympy's set of tanh x < 1 - 1e-10 is not taken any more (it decides membership in tanh's range
    # in floats: R15a-4/5), so the kink at atanh(1 - 1e-10) is no longer proved; it must never read as C^1.
    assert r.verdict != "holds", r
