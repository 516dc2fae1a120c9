"""Session 35 fixes (quick tests beside the held-out files)."""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.parsing import Z

E40 = sp.Rational(1, 10**40)


def _sign_at(g, p, dps=300):
    f = sp.lambdify(Z, g, "mpmath")
    with mpmath.workdps(dps):
        return int(mpmath.sign(f(mpmath.mpf(int(p.p)) / int(p.q))))


@pytest.mark.parametrize("r, a", [
    # r = sqrt(1 + sqrt(z^2 + 1)) rises from sqrt 2 on z > 0: r = 3/2 at z = 3/4, and r in (3/2, 3/2 + e) on a window
    # about 0.6 e wide beside it (R65a-1's nesting)
    (sp.sqrt(1 + sp.sqrt(Z**2 + 1)), sp.Rational(3, 2)),
    # a cube root inside: r = sqrt(2 + (z^2 + 1)^(1/3)) rises from sqrt 3; r = 2 at z^2 = 7
    (sp.sqrt(2 + sp.cbrt(Z**2 + 1)), sp.Integer(2)),
    # a root of |.|: r = sqrt(1 + |z|) rises from 1 on z > 0, r = 3/2 at z = 5/4
    (sp.sqrt(1 + sp.Abs(Z)), sp.Rational(3, 2)),
])
def test_gap_points_nested_roots(r, a):
    # g = (r - a)(r - a - e) < 0 exactly where a < r < a + e: a window 1e-40 wide, which a point must land in
    from vgtheory.core.algebraic_points import gap_points
    g = (r - a) * (r - a - E40)
    points = gap_points(g, Z)
    assert points is not None
    negative = [p for p in points if _sign_at(g, p) < 0]
    assert negative
    f = sp.lambdify(Z, r, "mpmath")
    with mpmath.workdps(300):
        for p in negative:  # each such point is inside the window, read on r itself
            v = f(mpmath.mpf(int(p.p)) / int(p.q))
            assert a < v < a + E40


def test_nested_window_is_a_symbolic_breach():
    # sigma' = (r - a)(r - a - e) r' with r as above (R65a-1): increasing fails, at a witness inside the window
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    a, e = sp.Rational(3, 2), E40
    r = sp.sqrt(1 + sp.sqrt(Z**2 + 1))
    G = lambda u: u**3 / 3 - (2 * a + e) * u**2 / 2 + a * (a + e) * u  # noqa: E731 - G'(u) = (u - a)(u - a - e)
    res = check_increasing(activation(G(r) - G(sp.sqrt(2))))
    assert res.verdict == "fails" and res.method == "symbolic"
    t = sp.Rational(res.witness["t"])
    with mpmath.workdps(300):
        tm = mpmath.mpf(int(t.p)) / int(t.q)
        assert a < mpmath.sqrt(1 + mpmath.sqrt(tm**2 + 1)) < a + e


def test_nested_double_root_not_a_breach():
    # sigma' = (r - a)^2 r' >= 0 on z > 0 (r' > 0): no breach may be reported, whatever the points
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_increasing
    a = sp.Rational(3, 2)
    r = sp.sqrt(1 + sp.sqrt(Z**2 + 1))
    G = lambda u: (u - a) ** 3 / 3  # noqa: E731
    res = check_increasing(activation(G(r) - G(sp.sqrt(2))))
    assert res.verdict != "fails"


def test_number_to_a_power_in_z_is_not_piecewise_polynomial():
    # 2^(-z^2) is no polynomial: its Gaussian moments have no finite closed form of moments and Phi values
    from vgtheory.meanfield.moments import _piecewise_polynomial
    assert not _piecewise_polynomial(Z * 2 ** (-Z**2))
    assert not _piecewise_polynomial(sp.E ** Z)
    assert _piecewise_polynomial(sp.sqrt(2) * sp.Max(0, Z) + Z**2)


@settings(max_examples=6, deadline=None)
@given(st.fractions(min_value=sp.Rational(1, 100), max_value=100))
def test_float64_relu_critical_orbit_is_constant(q0):
    # relu at sigma_w = sqrt 2, sigma_b = 0: V(q) = q/2, so L(q) = q and the orbit from q0 stays at q0 (chi1 = 1)
    import vgtheory
    q0 = sp.Rational(q0.numerator, q0.denominator)
    r = vgtheory.signal("Max(0,z)", sp.sqrt(2), 0, q0=q0, backend="float64")
    assert r.q_state == "converged" and r.q_star_exact == q0 and r.chi1_exact == 1 and r.phase == "critical"


@pytest.mark.parametrize("c, q", [(-20, 400), (30, 900), (5, 1)])
def test_float64_error_bar_of_a_narrow_bump(c, q):
    # sigma = z/(1 + 10^8 (z - c)^2): sigma^2 a bump 1e-4 wide at c; the float64 bar must hold mpmath's 40-digit value
    from vgtheory.core.activations import activation
    from vgtheory.meanfield.moments import Moments
    r = Moments.of(activation(Z / (1 + 10**8 * (Z - c) ** 2)), "float64", 20).V(q)
    with mpmath.workdps(40):
        qm = mpmath.mpf(q)
        f = lambda u: (u / (1 + 10**8 * (u - c) ** 2)) ** 2 * mpmath.exp(-u**2 / (2 * qm)) / mpmath.sqrt(2 * mpmath.pi * qm)  # noqa: E731
        d = [mpmath.mpf(10) ** -k for k in (2, 3, 4, 5)]
        pts = sorted({c + s * x for x in d for s in (-1, 1)} | {c - 1, c + 1, c, -200, 200})
        truth = mpmath.quad(f, [-mpmath.inf] + pts + [mpmath.inf], maxdegree=10)
        assert abs(mpmath.mpf(r.value) - truth) <= r.error


@pytest.mark.parametrize("c", [13, 20, 30])
def test_float64_error_covers_a_steep_step_past_twelve_deviations(c):
    # sigma' of atan(k(z - c)) is k/(1 + k^2 (z - c)^2): its square integrates to k pi/2 over R, at density phi(c)
    # (k = 10^20 against the Gaussian's e^(-c^2/2)), so D(1) >= (k pi/2) phi(c) (1 - tiny): the bar must reach it
    from vgtheory.core.activations import activation
    from vgtheory.meanfield.moments import Moments
    k = 10**20
    r = Moments.of(activation(sp.tanh(Z) / 10**100 + sp.atan(k * (Z - c)) + sp.atan(k * c)), "float64", 20).D(1)
    with mpmath.workdps(40):
        floor = k * mpmath.pi / 2 * mpmath.npdf(c) * (1 - mpmath.mpf(10) ** -6)
        assert mpmath.mpf(r.value) + mpmath.mpf(r.error) >= floor


def test_mpmath_printer_acot_erfcinv_harmonic():
    # acot(0) = pi/2 (sympy's convention), erfcinv(1 - x) = erfinv(x), H(x, 2) = zeta(2) - zeta(2, x + 1)
    from vgtheory.core.mp_code import lambdify_mp
    with mpmath.workdps(30):
        assert lambdify_mp([Z], sp.acot(Z))(mpmath.mpf(0)) == +mpmath.pi / 2
        x = mpmath.mpf("0.3")
        assert abs(lambdify_mp([Z], sp.erfcinv(1 - Z))(x) - mpmath.erfinv(x)) < mpmath.mpf(10) ** -25
        exact = sum(sp.Rational(1, n**2) for n in range(1, 10))  # H(9, 2), a finite sum
        assert abs(lambdify_mp([Z], sp.harmonic(Z**2, 2))(mpmath.mpf(3)) - mpmath.mpf(exact.p) / exact.q) < mpmath.mpf(10) ** -25


def test_a_function_mpmath_lacks_is_not_a_failure_of_real_values():
    # sympy's spherical Bessel j1 is real on R; mpmath has no jn: the package cannot evaluate it, which is no "fails"
    from vgtheory import check
    assert check(sp.jn(1, Z), signal=False).to_dict()["real_valued"]["verdict"] != "fails"
