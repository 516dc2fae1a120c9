"""Held-out tests of red team R29a (rational_sets and its consumers); truths by construction or mpmath."""

import mpmath
import pytest
import sympy as sp

from vgtheory.core.activations import Z, activation
from vgtheory.kernel.limits import condition_set
from vgtheory.core.rational_sets import rational_set
from vgtheory.properties.smoothness import check_c1, check_continuous
from vgtheory.theorems.hypotheses import check_increasing

pytestmark = pytest.mark.slow

z = Z
H = sp.Rational(1, 10**40) - (z**3 - 200) ** 2  # > 0 exactly on a window of width ~1e-22 around 200^(1/3)
R0 = sp.root(200, 3)
HALF_LINE = sp.Interval.open(0, sp.oo)


def _contains(s, x):
    return bool(s.contains(x))


def _mp_cond(g, x, dps):
    """sign of g at x, by mpmath at dps digits."""
    with mpmath.workdps(dps):
        return mpmath.sign(sp.lambdify(z, g, "mpmath")(mpmath.mpf(x) if not isinstance(x, sp.Expr) else mpmath.mpf(sp.N(x, dps))))


def test_window_degree6_found():
    s = rational_set(H > 0, z)
    assert _contains(s, R0) and not _contains(s, R0 + sp.Rational(1, 10**20))
    assert _mp_cond(H, sp.N(R0, 80), 80) == _mp_cond(H, sp.N(R0, 120), 120) == 1


def test_close_rational_roots():
    s = rational_set((z - 1) * (z - 1 - sp.Rational(1, 10**60)) < 0, z)
    assert s == sp.Interval.open(1, 1 + sp.Rational(1, 10**60))


def test_hole_excluded():
    s = rational_set(1 / (z - 1) + 1 / (z - 1) ** 2 >= 0, z)
    # (z - 1 + 1)/(z - 1)^2 = z/(z-1)^2 >= 0: z >= 0, z != 1
    assert _contains(s, 0) and not _contains(s, 1) and _contains(s, 2) and not _contains(s, -sp.Rational(1, 10**30))


def test_equation_roots_with_multiplicity():
    s = rational_set(sp.Eq((z**2 - 2) * (z - 1) ** 3, 0), z)
    assert s == sp.FiniteSet(-sp.sqrt(2), 1, sp.sqrt(2))


def test_near_tangent_window():
    eps = sp.Rational(1, 10**30)
    s = rational_set(z / (1 + z**2) > sp.Rational(1, 2) - eps, z)
    assert _contains(s, 1) and not _contains(s, 1 + sp.Rational(1, 10**14)) and not _contains(s, 1 - sp.Rational(1, 10**14))


def test_degree_64_window():
    g = H * (1 + z**58)  # degree 64: still exact
    s = condition_set(g > 0)
    assert _contains(s, R0) and not _contains(s, 6)


def test_odd_power_threshold():
    g = sp.Rational(1, 10**40) - (z**3 - 200) ** 21
    s = rational_set(g > 0, z)
    # (z^3 - 200)^21 < 1e-40  <=>  z^3 < 200 + 10^(-40/21) (~ 200.0125): z < R0 + ~1.2e-4
    assert _contains(s, R0 + sp.Rational(1, 10**6)) and _contains(s, -100) and not _contains(s, R0 + sp.Rational(1, 1000))


def test_degree6_window_piecewise_not_continuous():
    s = sp.Piecewise((sp.tanh(z) / 2, H > 0), (sp.tanh(z), True))
    r = check_continuous(s, HALF_LINE)
    assert not (r.verdict == "holds"), r
    r1 = check_c1(s, HALF_LINE)
    assert r1.verdict != "holds"


def test_max_window_degree66_c1_fails():
    g = H * (1 + 1 / (1 + z**66))
    s = sp.tanh(z) + 10**40 * sp.Max(0, g)
    assert check_continuous(s, HALF_LINE).verdict == "holds"  # Max(0, g) is continuous
    r = check_c1(s, HALF_LINE)
    assert r.verdict != "holds"  # a kink at each edge of the window


def test_increasing_window_not_holds():
    g = H * (1 + 1 / (1 + z**66))
    s = sp.Piecewise((sp.tanh(z) / 2, g > 0), (sp.tanh(z), True))
    assert check_increasing(activation(s)).verdict != "holds"


def test_smooth_tanh_c1_holds():
    assert check_c1(sp.tanh(z), HALF_LINE).verdict == "holds"


def test_smooth_rational_sigmoid_c1_holds():
    assert check_c1(z / (1 + z**2) + sp.atan(z), HALF_LINE).verdict == "holds"


# -- findings ---------------------------------------------------------------------------------------------------

def test_r29a_1_degree66_window_not_continuous():
    g = H * (1 + 1 / (1 + z**66))
    # truth: at 200^(1/3) the condition holds (1e-40 * (1 + positive) > 0), 1e-10 away it fails: sigma jumps
    assert _mp_cond(g, sp.N(R0, 80), 80) == _mp_cond(g, sp.N(R0, 120), 120) == 1
    assert _mp_cond(g, sp.N(R0 + sp.Rational(1, 10**10), 80), 80) == -1
    s = sp.Piecewise((sp.tanh(z) / 2, g > 0), (sp.tanh(z), True))
    r = check_continuous(s, HALF_LINE)
    assert r.verdict != "holds", r


def test_r29a_1_condition_set_window():
    g = H * (1 + 1 / (1 + z**66))
    s = condition_set(g > 0)
    assert _contains(s, R0)
