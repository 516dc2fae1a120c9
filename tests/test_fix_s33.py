"""Quick regression tests of session 30's fixes (the held-out originals are in the slow suite)."""

from __future__ import annotations

import mpmath as mp
import pytest

from vgtheory.core.decimals import estimate_string


def _covers(text: str, value: mp.mpf, error: mp.mpf) -> bool:
    with mp.workprec(4000):
        shown, e = (mp.mpf(part) for part in text.split("+-"))
        return abs(shown - value) + error <= e


def test_estimate_string_rounds_the_error_up_at_a_tie():
    # 2^-24 printed "6.0e-8" is off by 4.0e-10; with error 1 the printed error must be >= 1.0000000004.
    # mpmath's to_str rounds 1.05000000042 to "1.0" (half-even on truncated digits): the former
    # "1.05x rounds to >= x" argument printed "+- 1.0" here (the intermittent seed of test_fix_s31).
    value, error = mp.ldexp(mp.mpf(1), -24), mp.mpf(1)
    text = estimate_string(value, error)
    assert _covers(text, value, error), text


@pytest.mark.parametrize("prec", [4, 10, 53, 300])
def test_estimate_string_ignores_the_global_precision(prec):
    # mpmath's precision is global (and threads share it): the text must not depend on it.
    with mp.workprec(200):
        value = mp.mpf(1) / 3 + mp.ldexp(mp.mpf(1), -150)
    error = mp.ldexp(mp.mpf(3), -170)
    expected = estimate_string(value, error)
    with mp.workprec(prec):
        text = estimate_string(value, error)
    assert text == expected
    assert _covers(text, value, error), text


# ---- exact sets: the kernel's order of the ends, positive factors, scales from any coefficient gap ----

import sympy as sp  # noqa: E402

from vgtheory.core.budget import Deadline  # noqa: E402
from vgtheory.core.rational_sets import rational_set  # noqa: E402
from vgtheory.core.set_order import clipped, combined, ordered_interval  # noqa: E402
from vgtheory.kernel import sign  # noqa: E402

T = sp.Symbol("t", real=True)
R = sp.Rational


def test_kernel_signs_eulergamma_and_catalan():
    # arb's constants: 0.5772156649... - 577/1000 > 0 and Catalan - 916/1000 < 0 (0.9159655941...)
    assert sign(sp.EulerGamma - R(577, 1000), Deadline(5).run).value == 1
    assert sign(sp.Catalan - R(916, 1000), Deadline(5).run).value == -1


def test_clipped_keeps_a_window_next_to_an_end():
    # (c, c + 10^-130) clipped to (c, oo): sympy's Interval/Intersection compare such ends by evalf
    c = 15 + sp.atanh(R(1, 3))
    window = ordered_interval(c, c + R(1, 10**130), True, True)
    assert clipped(window, sp.Interval.open(c, sp.oo)) == [window]
    assert clipped(window, ordered_interval(c + R(1, 10**129), sp.oo, True, True)) == []
    # closed ends of the span keep a point on them
    assert clipped(sp.FiniteSet(c), ordered_interval(c, sp.oo, False, True)) == [sp.FiniteSet(c)]
    assert clipped(sp.FiniteSet(c), ordered_interval(c, sp.oo, True, True)) == []


def test_combined_and_is_the_exact_intersection():
    z = sp.Symbol("z", real=True)
    e = sp.atanh(R(1, 3))
    a = ordered_interval(e, sp.oo, True, True)
    b = ordered_interval(-sp.oo, e + R(1, 10**130), True, True)
    out = combined(sp.And(z > e, z < e + R(1, 10**130)), [a, b])
    assert out == ordered_interval(e, e + R(1, 10**130), True, True)
    assert combined(sp.And(sp.Eq(z, -1), sp.Eq(z, 1)), [sp.FiniteSet(-1), sp.FiniteSet(1)]) == sp.S.EmptySet


def test_rational_set_through_positive_factors_and_gaps():
    # e^(-3t^2) > 0 everywhere: the set is that of the other factor, 16u^2 - 16u + 4(1 - 10^-40) <= 0 in u = erf(sqrt3 t)
    eps = R(1, 10**40)
    g = sp.exp(-3 * T**2) * (16 * sp.erf(sp.sqrt(3) * T) ** 2 - 16 * sp.erf(sp.sqrt(3) * T) + 4 * (1 - eps))
    s = rational_set(sp.LessThan(g, 0, evaluate=False), T)
    assert isinstance(s, sp.Interval) and not s.left_open and not s.right_open
    # 1/sqrt(b): positive where b > 0; e^2 t^2 - 1 < 0 through the scale alpha = e (a gap of two degrees)
    assert rational_set(sp.StrictLessThan(sp.exp(2) * T**2 - 1, 0, evaluate=False), T) == \
        sp.Interval.open(-sp.exp(-1), sp.exp(-1))
    h = (T - 1) / sp.sqrt(T**2 + 1)
    assert rational_set(sp.StrictGreaterThan(h, 0, evaluate=False), T) == sp.Interval.open(1, sp.oo)


def test_rational_set_cancels_powers_of_an_irrational_scale():
    # c^3 t^2 - 2 c^2 t + c(1 - 10^-40) <= 0, c = sqrt 2 + pi: (ct - 1)^2 <= 10^-40, a window of width 2e-20/c
    c = sp.sqrt(2) + sp.pi
    g = sp.expand(c**3 * T**2 - 2 * c**2 * T + c * (1 - R(1, 10**40)))
    s = rational_set(sp.LessThan(g, 0, evaluate=False), T)
    assert isinstance(s, sp.Interval) and s.measure != 0


# ---- the kernel's eventual branch, switch by switch ----

def test_eventual_branch_resolves_each_switch():
    from vgtheory.kernel.limits import _PIECEWISE_LIKE, eventual_branch

    z = sp.Symbol("z", real=True)
    e = sum(sp.Abs(z - c) ** R(2, 3) for c in (0, 1, -1, R(1, 2))) + sp.sign(z - 2)
    out = eventual_branch(e, (sp.Integer(1), "+"), _PIECEWISE_LIKE)
    assert out is not None and not out.has(sp.Abs, sp.sign, sp.Piecewise)
    # near 1+: |z| = z, |z - 1| = z - 1, |z + 1| = z + 1, |z - 1/2| = z - 1/2, sign(z - 2) = -1
    expected = z ** R(2, 3) + (z - 1) ** R(2, 3) + (z + 1) ** R(2, 3) + (z - R(1, 2)) ** R(2, 3) - 1
    assert sp.simplify(out - expected) == 0


# ---- gamma-family poles in the property scan; integer-only functions ----

def test_gamma_pole_targets_cover_the_argument_range():
    from vgtheory.properties.gamma_poles import pole_targets

    z = sp.Symbol("z", real=True)
    targets = pole_targets(sp.gamma(-50 + sp.tanh(z - sp.sqrt(2)) / 2), z, -5, 5)
    assert any(sp.simplify(t - (sp.tanh(z - sp.sqrt(2)) / 2)) == 0 for t in targets)  # a + 50
    assert pole_targets(sp.tanh(z), z, -5, 5) == []


@pytest.mark.parametrize("fn", [sp.bell, sp.bernoulli, sp.subfactorial])
def test_integer_only_functions_of_z_are_refused(fn):
    from vgtheory.core.activations import activation
    from vgtheory.errors import ActivationError

    z = sp.Symbol("z", real=True)
    with pytest.raises(ActivationError, match="defined on the integers"):
        activation(sp.tanh(z) + fn(z) / 100)


def test_or_union_and_boundary_in_exact_order():
    from vgtheory.core.set_order import boundary_points

    z = sp.Symbol("z", real=True)
    e = sp.atanh(R(1, 3))
    left, right = ordered_interval(-sp.oo, e, True, True), ordered_interval(e, e + R(1, 10**130), True, False)
    # the gap at e stays a gap; with the point e added the union is one interval
    assert combined(sp.Or(z < e, z > e), [left, right]) == sp.Union(left, right, evaluate=False)
    assert combined(sp.Or(z < e, sp.Eq(z, e), z > e), [left, sp.FiniteSet(e), right]) == \
        ordered_interval(-sp.oo, e + R(1, 10**130), True, False)
    assert boundary_points(right) == [e, e + R(1, 10**130)]
    assert boundary_points(sp.S.Reals) == [] and boundary_points(sp.Interval(0, 1)) == [0, 1]
