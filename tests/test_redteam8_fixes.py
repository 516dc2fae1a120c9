"""Fixes of the session-8 red team's findings (R8-N), each with its truth derived in the test."""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.core.activations import activation

# sigma = z on |z| <= 1/2, 1 - 1/(4z) beyond, -1 - 1/(4z) below: continuous and C^1 at +-1/2 (values
# +-1/2, slopes 1/(4 z^2) = 1), so sigma(0) = 0 although both outer branches are singular at 0.
SHARED_BRANCH_TERM = (
    "Piecewise((x, Abs(x) <= 1/2), (1 - 1/(4*x), x > 0), (-1 - 1/(4*x), True))",
    "Piecewise((x, x**2 <= 1/4), (1 - 1/(4*x), x > 0), (-1 - 1/(4*x), True))",
    "Piecewise((1 - 1/(4*x), x > 1/2), (-1 - 1/(4*x), x < -1/2), (x, True))",
)


@pytest.mark.parametrize("f", SHARED_BRANCH_TERM)
def test_r8_1_a_term_shared_by_branches_is_not_evaluated_outside_them(f: str) -> None:
    sigma = activation(f)
    with mpmath.workdps(30):
        for z, expected in ((0, 0), (mpmath.mpf(1) / 4, mpmath.mpf(1) / 4), (1, mpmath.mpf(3) / 4),
                            (-2, -1 + mpmath.mpf(1) / 8)):
            assert mpmath.almosteq(sigma(mpmath.mpf(z)), expected, rel_eps=mpmath.mpf(10) ** -25)
        assert sigma.slope(mpmath.mpf(0)) == 1  # the middle branch's slope, not a division by 0


def test_r8_1_the_check_finds_sigma_real_and_sigmoid_type() -> None:
    from vgtheory.properties.four import check_properties, check_real_valued

    assert check_real_valued(SHARED_BRANCH_TERM[0]).verdict == "holds"
    assert check_properties(SHARED_BRANCH_TERM[0]).sigmoid_type is True


@pytest.mark.parametrize("f", ["tanh(x)*1e300*1e300", "tanh(x)*10**300*10**300", "x*1e300*10", "tanh(x)/1e300/1e300",
                               "(tanh(x)*10**200 + x)*10**200"])
def test_r8_11_a_coefficient_gathered_past_1e300_is_refused(f: str) -> None:
    # sympy gathers the literals of tanh(x)*1e300*1e300 into one coefficient 10**600 (or 10**-600),
    # outside the documented range of the numbers a formula builds.
    from vgtheory.core.parsing import parse_formula
    from vgtheory.errors import VGTheoryError

    with pytest.raises(VGTheoryError, match="out of range"):
        parse_formula(f)


@pytest.mark.parametrize("f", ["tanh(x)*1e300", "tanh(x/1e300)*1e300", "tanh(x)*10**150*10**150",
                               "tanh(x) + sqrt(2)/10**300", "x**(1/3)*exp(-x**2)/10**299"])
def test_r8_11_numbers_inside_the_range_are_kept(f: str) -> None:
    import sympy as sp

    from vgtheory.core.parsing import parse_formula

    expr = parse_formula(f)
    nonzero = [q for q in expr.atoms(sp.Rational) if q != 0]
    assert nonzero and all(sp.Rational(1, 10**300) <= abs(q) <= 10**300 for q in nonzero)


@pytest.mark.parametrize("f", ["Max(x,0)/10**9 + tanh(x)/10**9", "Max(x,0) + tanh(x)/10**50",
                               "Max(x,0) + Abs(x)**(1+1/10**20)"])
def test_r8_14_a_small_non_homogeneous_part_is_seen(f: str) -> None:
    # s*sigma(u/s) - sigma(u) at s = 2, u = 1 is (2 tanh(1/2) - tanh 1)/1e9 = 1.6e-10 (resp. 1e-50 times
    # that; for |u|^(1+eps): (2^(-eps) - 1) != 0): sigma is not positively homogeneous.
    from vgtheory.theorems.scaling import scaling_report

    assert scaling_report(f).invariant.verdict == "fails"


@pytest.mark.parametrize("f", ["relu", "Max(x,0) + Min(x,0)/3", "Abs(x)/10**40"])
def test_r8_14_homogeneous_sigma_still_holds(f: str) -> None:
    from vgtheory.theorems.scaling import scaling_report

    assert scaling_report(f).invariant.verdict == "holds"


def test_r8_15_the_summary_says_when_a_time_budget_ran_out() -> None:
    from vgtheory.report import check

    hurried = check("tanh", timeout=0.001, signal=False)
    assert hurried.timed_out == 0.001 and hurried.to_dict()["timed_out"] == 0.001
    assert "time budget: a symbolic step ran out of its 0.001 s" in str(hurried)
    assert any(r.method != "symbolic" for r in hurried.properties)  # the weakening the line warns of
    relaxed = check("tanh", theorems=False, signal=False)
    assert relaxed.timed_out is None and "time budget" not in str(relaxed)
    assert all(r.method == "symbolic" for r in relaxed.properties)


@pytest.mark.slow
def test_r8_13_a_complex_argument_inside_a_real_sigma_is_no_error() -> None:
    # For z < 0, z^2 sqrt(z) = i |z|^(5/2) and cos(i y) = cosh y: sigma = tanh z + (cosh(|z|^(5/2)) - 1) e^(-z^2)
    # is real and grows like e^(|z|^(5/2) - z^2) at -oo, so z sigma'(z) does not tend to 0 there.
    from vgtheory.properties.four import check_vanishing_derivative

    r = check_vanishing_derivative("tanh(x) + (cos(x**2*sqrt(x)) - 1)*exp(-x**2)")
    assert r.verdict == "fails"
    with mpmath.workdps(30):
        sigma = activation("tanh(x) + (cos(x**2*sqrt(x)) - 1)*exp(-x**2)")
        z = mpmath.mpf(-3)
        assert mpmath.almosteq(sigma(z), mpmath.tanh(z) + (mpmath.cosh(3 ** mpmath.mpf(2.5)) - 1) * mpmath.exp(-9))


def test_r8_10_theorem2_rate_is_right_for_a_huge_fixed_point() -> None:
    # sigma = 1e300 tanh, w = 2: z* = 1e300 tanh(2 z*) = 1e300 up to e^(-4e300), so rho = 2e300 sech^2(2e300),
    # whose mantissa needs t = 2e300 to 300+ digits (at 50 digits the printed rho of a `proved` claim was wrong).
    from vgtheory.theorems.theorem2 import theorem2

    r = theorem2("tanh(x)*1e300", w=2, x=1, depth=10)
    with mpmath.workdps(1000):
        t = 2 * mpmath.mpf(10) ** 300
        truth = t * mpmath.sech(t) ** 2
        assert abs(r.rho / truth - 1) < mpmath.mpf(10) ** -12


def test_r8_10_theorem2_rate_of_tanh_is_unchanged() -> None:
    from vgtheory.theorems.theorem2 import theorem2

    r = theorem2("tanh", w=2, x=1, depth=10)
    with mpmath.workdps(50):
        z = mpmath.findroot(lambda u: mpmath.tanh(2 * u) - u, 1)
        assert abs(r.rho / (2 * mpmath.sech(2 * z) ** 2) - 1) < mpmath.mpf(10) ** -20


@pytest.mark.parametrize("f, sup", [("x*exp(-Abs(x - 1))", 1), ("(x-3)*exp(-Abs(x))*exp(x/2)", 3),
                                    ("x**2*exp(-Abs(x-1))", "4*exp(-1)")])
def test_r8_19_a_bound_never_rests_on_a_range_that_drops_a_branch(f: str, sup) -> None:
    # z e^{-|z-1|}: max 1 at z = 1, min -e^{-2} at z = -1; (z-3) e^{-|z|} e^{z/2}: -3 at z = 0 is the extreme;
    # z^2 e^{-|z-1|}: max 4/e at z = 2. sympy's function_range had dropped the Abs branches.
    import sympy as sp

    from vgtheory.properties.four import check_bounded

    r = check_bounded(f)
    assert r.verdict == "holds"
    assert r.value is not None and abs(float(r.value) - float(sp.sympify(sup))) < 1e-8


def test_r8_20_the_reported_sup_is_the_maximum_not_the_grids() -> None:
    # sin(3z)/(1+z^2) peaks at the root of 3cos(3z)(1+z^2) = 2z sin(3z) near z = 0.5 (between grid points).
    from vgtheory.properties.evidence import numeric_sup

    with mpmath.workdps(30):
        f = lambda z: mpmath.sin(3 * z) / (1 + z**2)  # noqa: E731
        peak = abs(f(mpmath.findroot(lambda z: 3 * mpmath.cos(3 * z) * (1 + z**2) - 2 * z * mpmath.sin(3 * z), 0.5)))
        assert abs(numeric_sup(activation("sin(3*x)/(1+x**2)"), 30) - peak) < mpmath.mpf(10) ** -20


def test_constants_computed_once_per_precision_give_the_formulas_values() -> None:
    # selu's constants (erfc(sqrt(2)/2), e^(1/2), ...) are evaluated once per working precision and
    # reused; the values must be those of the formula computed from scratch by sympy at high precision.
    import sympy as sp

    from vgtheory.core.activations import Z

    sigma = activation("selu")
    for dps in (30, 200):
        with mpmath.workdps(dps):
            for z in ("-7.3", "-0.4", "2.5"):
                exact = sp.N(sigma.expr.subs(Z, sp.Rational(z)), dps + 20)
                assert abs(sigma.value(mpmath.mpf(z)) - mpmath.mpf(str(exact))) <= mpmath.mpf(10) ** (3 - dps)


def test_r8_16_check_reports_progress_between_the_two_theorems() -> None:
    # Theorem 1's g-search alone took minutes for a 20-term tanh sum with no progress line: the
    # theorems stage now reports Theorem 1 before Theorem 2 starts.
    from vgtheory.report import check

    seen: list[tuple[int, int, str]] = []
    check("tanh", signal=False, progress=lambda done, total, what: seen.append((done, total, what)))
    assert [d for d, _, _ in seen] == [1, 2, 3, 4, 5, 6] and {t for _, t, _ in seen} == {6}
    assert "Theorem 1" in seen[2][2] and "theorems" in seen[3][2]
    seen.clear()
    check("tanh", theorems=False, signal=False, progress=lambda done, total, what: seen.append((done, total, what)))
    assert [d for d, _, _ in seen] == [1, 2, 3, 4] and {t for _, t, _ in seen} == {4}
