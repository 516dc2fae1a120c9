"""Session 13, fixer L1: sympy's decisions on constants outside the kernel's own guard, claim text of
kernel limits, and constants beyond 400 digits that an arb enclosure proves nonzero.

Every truth here comes from mpmath at high precision or from an argument in the test, never from
the package's output."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory.core.activations import Z, activation
from vgtheory.errors import ActivationError, FormulaError

#: atanh(1 - 10**-10) ~ 11.86: sympy's is_zero says True (its evalf of the argument rounds to 1).
ATANH = sp.atanh(1 - sp.Rational(1, 10**10))


def _atanh_value() -> mpmath.mpf:
    with mpmath.workdps(60):
        return mpmath.atanh(1 - mpmath.mpf(10) ** -10)


def test_atanh_constant_is_really_inside_the_window():
    c = _atanh_value()
    assert 11 < c < 12  # the witnesses below put a pole / a breakpoint there


def test_sympy_input_whose_constant_sympy_misjudges_is_not_rebuilt_wrongly():
    # sigma = tanh z for c z^2 < 1 (|z| < 0.29), 5 elsewhere: sigma(1) = 5 since c > 1 (mpmath above).
    x = sp.Symbol("x")
    expr = sp.Piecewise((sp.tanh(x), ATANH * x**2 < 1), (5, True))
    try:
        act = activation(expr)
    except ActivationError:
        return  # a sound refusal
    assert act.expr.subs(Z, 1) == 5, act.expr  # sympy's subs(x, real z) had made it tanh(z)


def test_formula_whose_constant_sympy_misjudges_keeps_its_first_piece():
    # K = -1/log(tanh 100) > 0 (mpmath: log(tanh 100) ~ -2.8e-87), so sigma = tanh z on |z| < sqrt(K),
    # in particular at z = 1/10; sympy took log(tanh(100)) for nonnegative and built sigma = 5.
    with mpmath.workdps(200):
        k = -1 / mpmath.log(mpmath.tanh(100))
        assert k > 1
    formula = "Piecewise((tanh(z), z**2 < -1/log(tanh(100))), (5, True))"
    try:
        act = activation(formula)
    except FormulaError:
        return
    # (sympy's own subs at z = 1/10 divides by its evalf of log(tanh(100)), 0: look at the structure.)
    assert act.expr.has(sp.tanh(Z)), act.expr


def test_sign_of_a_misjudged_constant_is_not_evaluated_by_sympy():
    # sign(log(tanh 100)) = -1 (mpmath): sigma = -tanh z; whatever the parser builds must agree.
    try:
        act = activation("tanh(z)*sign(log(tanh(100)))")
    except FormulaError:
        return
    assert float(act.expr.subs(Z, 1).evalf(50)) == pytest.approx(-float(mpmath.tanh(1)))


def test_solveset_and_continuous_domain_give_no_answer_on_a_misjudged_constant():
    from vgtheory.core import memo

    pole = 1 / (Z - ATANH)  # a pole at c, inside (0, 20) (first test)
    window = sp.Interval.open(0, 20)
    domain = memo.continuous_domain(pole, Z, window)
    assert domain is None or domain != window  # sympy said continuous on all of (0, 20)
    roots = memo.solveset(Z - ATANH, Z, window)
    assert roots is None or roots is not sp.S.EmptySet  # sympy said no root in (0, 20)


def test_singular_set_of_a_branch_with_a_misjudged_pole():
    from vgtheory.properties.smoothness import _singular_set

    singular = _singular_set(1 / (Z - ATANH), sp.Integer(0), sp.Integer(20))
    assert singular is None or singular is not sp.S.EmptySet


def test_function_range_with_a_misjudged_constant_is_not_taken():
    from sympy.calculus.util import function_range

    from vgtheory.properties.ranges import _closure

    # (z - c)^2 + c has range [c, oo), c ~ 11.86: sympy's answer with c taken for 0 is not used.
    found = _closure(function_range((Z - ATANH) ** 2 + ATANH, Z, sp.S.Reals))
    assert found is None or found.inf == ATANH


@pytest.mark.parametrize("expr, point, value", [
    # lim N tanh z = N at +oo (tanh -> 1); N tanh(z)/z -> N at 0+ (tanh z / z -> 1); the squeeze: |sin| <= 1.
    (sp.Integer(10) ** 5000 * sp.tanh(Z), "+oo", sp.Integer(10) ** 5000),
    (sp.Integer(10) ** 5000 * sp.tanh(Z) / Z, "0+", sp.Integer(10) ** 5000),
    (sp.Integer(10) ** 5000 * sp.exp(-Z) * sp.sin(Z) + 1, "+oo", sp.Integer(1)),
])
def test_kernel_limit_claims_of_huge_integers_are_short(expr, point, value):
    from vgtheory import kernel

    fact = kernel.limit(expr, point)  # str() of a 5001-digit integer raises ValueError (Python's limit)
    assert fact is not None and fact.value == value

    def claims(c):
        yield c.claim
        for p in c.premises:
            yield from claims(p)

    assert all(len(c) < 300 for c in claims(fact.certificate))


# -- R11a-2: a constant beyond 400 digits that arb proves nonzero is decided ------------------------------

def test_log_one_plus_tiny_constant_is_decided_and_breaks_boundedness():
    # c = log(1 + e^-100000) > 0 (log(1 + x) > 0 for x > 0; mpmath: c ~ 3.56e-43430), so tanh z + c z -> +oo:
    # unbounded and without a finite limit, proved by the kernel (log1p encloses c away from 0).
    from vgtheory import kernel
    from vgtheory.properties.four import check_bounded, check_positive_limit, check_vanishing_derivative

    with mpmath.workdps(50):
        c = mpmath.log1p(mpmath.exp(-10**5))
        assert mpmath.mpf("3.5e-43430") < c < mpmath.mpf("3.6e-43430")
    s = kernel.sign(sp.log(1 + sp.exp(-10**5)), lambda fn: fn())
    assert s is not None and s.value == 1
    formula = "tanh(z) + z*log(1+exp(-10**5))"
    # z sigma'(z) = z (c + sech^2 z) -> +oo as well.
    checks = (check_bounded, check_positive_limit, check_vanishing_derivative)
    for r in (check(formula, timeout=5) for check in checks):
        assert (r.verdict, r.method) == ("fails", "symbolic"), r


def test_constant_the_kernel_cannot_sign_stays_refused():
    # c = log(1 + x) - x < 0 for x = e^-100000 > 0 (log(1 + x) < x), but |c| ~ x^2/2 ~ 10^-86860 is below arb's
    # 16384 bits next to x: no sign, so no verdict on tanh z + c z (-> -oo), and never a holds.
    from vgtheory import kernel
    from vgtheory.properties.four import check_bounded

    x = sp.exp(-10**5)
    s = kernel.sign(sp.log(1 + x) - x, lambda fn: fn())
    assert s is None or s.value == -1
    r = check_bounded("tanh(z) + z*(log(1+exp(-10**5)) - exp(-10**5))", timeout=5)
    assert r.verdict != "holds", r
    assert r.verdict == "inconclusive" or (r.verdict, r.method) == ("fails", "symbolic")


def test_constant_times_limit_in_the_kernel():
    # lim c z = +oo for c = log(1 + e^-100000) > 0 and -oo for -c; lim c tanh z = c at +oo (tanh -> 1).
    from vgtheory import kernel

    c = sp.log(1 + sp.exp(-10**5))
    assert kernel.limit(c * Z, "+oo").value == sp.oo
    assert kernel.limit(-c * Z, "+oo").value == -sp.oo
    assert kernel.limit(c * Z, "-oo").value == -sp.oo
    fact = kernel.limit(c * sp.tanh(Z), "+oo")
    assert fact is not None and fact.value == c
