"""Quick default-suite versions of the fixes of session 24 (the held-out originals run in the slow suite:
tests/test_heldout_s38b.py and later rounds)."""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.core.activations import activation
from vgtheory.meanfield.moments import Moments


def _clamp_v(q, lo, hi):
    """V(q) = E[clamp(u, lo, hi)^2], u ~ N(0, q), lo < 0 < hi, in closed form: q (Phi(b) - Phi(a) - b phi(b) + a phi(a))
    + lo^2 Phi(a) + hi^2 (1 - Phi(b)), a = lo/sqrt q, b = hi/sqrt q (u^2 phi integrated by parts)."""
    s = mpmath.sqrt(q)
    a, b = mpmath.mpf(lo) / s, mpmath.mpf(hi) / s
    inner = mpmath.ncdf(b) - mpmath.ncdf(a) - (b * mpmath.npdf(b) - a * mpmath.npdf(a))
    return q * inner + mpmath.mpf(lo) ** 2 * mpmath.ncdf(a) + mpmath.mpf(hi) ** 2 * (1 - mpmath.ncdf(b))


@pytest.mark.parametrize("q", ["0.5011872336272722", "0.3"])
def test_callable_kink_beside_a_panel_edge_is_cut_at(q):
    # R38b-4: at q = 10^-0.3 the float64 grid has an edge at -0.50059, 6e-4 from clamp's kink at -1/2: both rules'
    # first nodes lay beyond the kink and V was 3.7e-7 off under an error of 4.7e-16. A kink of sigma is a jump of
    # sigma', which D's rules find: V is cut there too. q = 0.3 has no edge near the kink (a control).
    with mpmath.workdps(30):
        truth = _clamp_v(mpmath.mpf(q), -0.5, 1.0)
    v = Moments.of(activation(lambda t: min(max(t, -0.5), 1.0)), "float64").V(float(q))
    assert abs(v.value - truth) <= v.error < 1e-9


def test_max_branches_crossing_at_a_transcendental_point_are_a_kink():
    # R38b-5: sympy gives no set for z/2 = tanh(z) - 1/3, so Max(z/2, tanh(z) - 1/3) had no kink and float64
    # quadrature stepped over sigma''s jump there (chi1 8.4e-10 off). The crossing, by our own Newton steps:
    with mpmath.workdps(30):
        root = mpmath.findroot(lambda u: mpmath.tanh(u) - mpmath.mpf(1) / 3 - u / 2, -2.5)
    kinks = Moments.of("Max(x/2, tanh(x) - 1/3)", "float64").kinks
    assert any(abs(k - root) < 1e-15 for k in kinks), kinks


def test_root_of_a_base_that_may_be_negative_is_no_trusted_set():
    # R39a-2: sympy's real-domain solver reads z^(1/3) with the real cube root ((-oo, 1) for z^(1/3) < 1), the package
    # and sympy's own power with the principal one, not real for z < 0. Odd roots are trusted in sets only where the
    # base is >= 0 everywhere; even roots (sympy keeps the base >= 0) stay trusted.
    import sympy as sp

    from vgtheory.core.activations import Z
    from vgtheory.core.pieces import untrusted_sets

    third = sp.Rational(1, 3)
    # R40a-2: for even roots it drops every z where the base is negative, where products of principal roots can be real
    # (sqrt(z) sqrt(z - 1) = -sqrt(z^2 - z) for z < 0): no root of a base not shown >= 0 is trusted.
    root = sp.sqrt(Z) * sp.sqrt(Z - 1) + sp.sqrt(6)
    for c in (Z**third < 1, Z ** sp.Rational(2, 3) < 4, sp.Eq(Z**third, -1), (Z - 2) ** third > 0, sp.sqrt(Z) < 1,
              sp.Eq(root, 0)):
        assert untrusted_sets([c]) is not None, c
    for c in ((Z**2 + 1) ** third < 2, sp.Abs(Z - 1) ** sp.Rational(2, 3) < 1, ((Z - 1) ** 2) ** third > 1,
              sp.sqrt(Z**2 + 1) < 2):
        assert untrusted_sets([c]) is None, c


@pytest.mark.slow
def test_invariance_probes_reach_a_formulas_scale():
    # R39a-1: the clip at 2*10^6 is the identity for |u| < 2*10^6 > 2^20, where the probes stopped; past it s sigma(u/s)
    # = min(u, 2*10^6 s) > sigma(u) = 2*10^6 for every s > 1. A positively homogeneous sigma (2 max(z, 0) + min(z, 0)/3)
    # has no gap at any probe (a control).
    from vgtheory.core.activations import activation
    from vgtheory.theorems.scaling import _invariance_gap

    gap = _invariance_gap(activation("Max(Min(z, 2*10**6), -2*10**6)"), 30)
    assert gap is not None and gap.verdict == "fails"
    assert _invariance_gap(activation("2*Max(z, 0) + Min(z, 0)/3"), 30) is None


def test_a_constant_factor_is_divided_out_by_its_exact_sign():
    # R38a-1: sqrt(2)/(1 + t)^2 <= 0 has an irrational coefficient that the rational solver refused; a constant factor
    # c is divided out where the kernel decides its sign (flipping the relation where c < 0). pi - 355/113 = -2.7e-7 < 0
    # (planted: a float-looking zero); log 6 - log 2 - log 3 = 0 exactly, which decides nothing (no set).
    import sympy as sp

    from vgtheory.core.activations import Z
    from vgtheory.core.rational_sets import rational_set

    assert rational_set(sp.sqrt(2) / (Z + 1) ** 2 - sp.sqrt(2) * Z / (Z + 1) ** 2 <= 0, Z) == sp.Interval(1, sp.oo)
    assert rational_set((sp.pi - sp.Rational(355, 113)) * (Z - 1) > 0, Z) == sp.Interval.open(-sp.oo, 1)
    assert rational_set(sp.Eq(-sp.E * (Z**2 - 2), 0), Z) == sp.FiniteSet(-sp.sqrt(2), sp.sqrt(2))
    tiny = sp.exp(sp.Rational(1, 10**30)) - 1  # 10^-30 > 0, a float-sized zero to anything that rounds
    assert rational_set(-tiny * (Z - 1) >= 0, Z) == sp.Interval(-sp.oo, 1)
    for zero in (sp.log(6) - sp.log(2) - sp.log(3), sp.atan(2) + sp.atan(3) - 3 * sp.pi / 4):
        assert rational_set(zero * (Z - 1) > 0, Z) is None


def test_max_crossings_closer_than_the_scan_grid_are_searched_for():
    # R39b-2: the branches of Max(tanh z, 1 - 10^5 (z - 1/3)^2) cross twice, 4.7e-3 apart, between two points of the
    # kink scan's 1/64 grid: no kink, and the float64 D(1) was 1.5e-6 off under 7e-13. Kinks that sympy does not solve
    # exactly are not all the kinks: the float64 rules then search for sigma''s jumps themselves.
    third = mpmath.mpf(1) / 3
    with mpmath.workdps(30):
        r1, r2 = (mpmath.findroot(lambda u: mpmath.tanh(u) - 1 + 10**5 * (u - third) ** 2, third + d) for d in (-0.0024, 0.0024))
        assert r2 - r1 > 4e-3  # two crossings, tanh below the bump between them: sigma' = -2*10^5 (u - 1/3) there

        def d_squared(u):
            return (2 * 10**5 * (u - third)) ** 2 if r1 < u < r2 else mpmath.sech(u) ** 4

        truth = mpmath.quad(lambda u: d_squared(u) * mpmath.npdf(u), [-mpmath.inf, -4, 0, r1, third, r2, 4, mpmath.inf])
    m = Moments.of("Max(tanh(x), 1 - 10**5*(x - 1/3)**2)", "float64")
    assert not m.kinks_exact
    d = m.D(1.0)
    assert abs(d.value - truth) <= d.error < 1e-6 * truth


def test_max_or_min_with_more_branches_than_the_limit_is_refused_in_one_line():
    # R39b-3: sympy's sigma' of a 16-way Max took 27 s and `init` ran past 400 s; nested Max are one Max to sympy
    from vgtheory.core.input_limits import MAX_SWITCH_BRANCHES
    from vgtheory.errors import FormulaError

    wide = "Max(" + ", ".join(f"{k}*x" for k in range(1, MAX_SWITCH_BRANCHES + 2)) + ")"
    nested = "Max(x, Max(" + ", ".join(f"{k}*x" for k in range(2, MAX_SWITCH_BRANCHES + 2)) + "))"
    four = ", ".join(f"{k}*x" for k in range(1, 5))
    for f in (wide, nested, wide.replace("Max", "Min"), f"Min(Max({four}), Max({four.replace('*x', '*x + 1')}), x/9)"):
        with pytest.raises(FormulaError, match="MAX_SWITCH_BRANCHES"):
            activation(f)
    assert len(activation("Max(" + ", ".join(f"{k}*x" for k in range(1, MAX_SWITCH_BRANCHES + 1)) + ")").expr.args) == 8


def test_equation_conditions_are_decided_exactly_at_the_point():
    # R40a-3: sqrt(-2) sqrt(-3) + sqrt(6) = -sqrt(6) + sqrt(6) = 0 exactly (principal roots), so sigma(-2) = 5; floats
    # decided the Eq by rounding and read tanh(-2). Beside the point (and where the sum is not real) the Eq fails.
    import sympy as sp

    from vgtheory.core.activations import Z

    spike = activation(sp.Piecewise((5, sp.Eq(sp.sqrt(Z) * sp.sqrt(Z - 1) + sp.sqrt(6), 0)), (sp.tanh(Z), True)))
    assert spike.value(mpmath.mpf(-2)) == 5
    for t in ("-1.5", "0.5", "3"):
        assert abs(spike.value(mpmath.mpf(t)) - mpmath.tanh(mpmath.mpf(t))) < mpmath.mpf(10) ** -12


def test_or_conditions_read_as_sympy_reads_them():
    # R40a-1: Or(z < 0, sqrt(z) < 2) holds for z < 0 by its first part (sympy's value there is the first branch);
    # the ball evaluator compared sqrt(z) < 2 there too and called sigma undefined at every z < 0
    import sympy as sp

    from vgtheory.core.activations import Z

    f = activation(sp.Piecewise((sp.tanh(Z), sp.Or(Z < 0, sp.sqrt(Z) < 2)), (1, True)))
    assert abs(f.value(mpmath.mpf(-1)) + mpmath.tanh(1)) < mpmath.mpf(10) ** -12
    assert f.value(mpmath.mpf(5)) == 1


def test_kinks_of_and_conditions_and_poles_of_tan():
    # R40b-1: -1/3 < z < 1/2 is an And of two comparisons: both ends are kinks (none were, and the list was taken as
    # complete). R40b-4: tan's poles +-pi/2 are singular points of the mean field, as those of sin/cos are.
    import sympy as sp

    from vgtheory.core.activations import Z
    from vgtheory.meanfield.features import singular_points

    m = Moments.of("tanh(x) + Piecewise((1/2, -1/3 < x < 1/2), (0, True))", "float64")
    assert {mpmath.mpf(-1) / 3, mpmath.mpf(1) / 2} <= {mpmath.mpf(k) for k in m.kinks} and m.kinks_exact
    s = activation("tanh(x) + tan(x)/1000")
    points, in_time = singular_points(s.expr, s.derivative_expr)
    assert in_time
    assert sp.pi / 2 in points and -sp.pi / 2 in points


def test_a_callables_jump_of_sigma_alone_is_cut_at():
    # R40b-2: sigma = u + [u > -1/2] jumps where sigma' does not, and sigma^2 only bends there (1/4 both sides)
    m = Moments.of(activation(lambda t: t + (1.0 if t > -0.5 else 0.0)), "float64")
    assert any(abs(c + 0.5) < 1e-9 for c in m.value_cuts(1.0))
    with mpmath.workdps(30):
        q = mpmath.mpf(10) ** mpmath.mpf("-0.3")
        a = 1 / (2 * mpmath.sqrt(q))  # V(q) = q + 2 sqrt(q) phi(a) + Phi(a): E[u^2] + 2 E[u; u > -1/2] + P(u > -1/2)
        truth = q + 2 * mpmath.sqrt(q) * mpmath.npdf(a) + mpmath.ncdf(a)
    v = m.V(float(q))
    assert abs(v.value - truth) <= v.error < 1e-9
