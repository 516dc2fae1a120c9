"""Red team R16b's findings (numeric side), fixed in session 16.

Truths: closed-form Gaussian moments of 1 - e^(-u^2) (iterated at 40 digits), and the non-integrability of
|u - sqrt 2|^(-1) (an analytic argument stated beside each test).
"""

from __future__ import annotations

import mpmath
import pytest

import vgtheory


def _closed_form_q_star(sw, sb, q0=1):
    # u ~ N(0, q): V(q) = E[(1 - e^(-u^2))^2] = 1 - 2/sqrt(1 + 2q) + 1/sqrt(1 + 4q), D(q) = E[(2u e^(-u^2))^2] = 4q/(1 + 4q)^(3/2)
    with mpmath.workdps(40):
        sw, sb = mpmath.mpf(sw), mpmath.mpf(sb)
        V = lambda q: 1 - 2 / mpmath.sqrt(1 + 2 * q) + 1 / mpmath.sqrt(1 + 4 * q)  # noqa: E731
        D = lambda q: 4 * q / (1 + 4 * q) ** mpmath.mpf(1.5)  # noqa: E731
        q = mpmath.mpf(q0)
        for _ in range(2000):
            q = sw**2 * V(q) + sb**2
        return q, sw**2 * D(q)


@pytest.mark.slow  # 2-6 s: the default suite keeps under 3 minutes (session 32)
@pytest.mark.parametrize("sw, sb", [("1.84", "0"), ("1.8", "0"), ("1.84", "0.001")])
def test_r16b_3_a_falling_orbit_settles_on_the_positive_fixed_point_it_reaches(sw, sb):
    q_star, chi1 = _closed_form_q_star(sw, sb)
    assert q_star > 0.5 and chi1 > 1  # by the closed forms: the orbit from 1 falls onto q* > 0.5, chaotic
    r = vgtheory.signal("1 - exp(-x**2)", sigma_w=float(sw), sigma_b=float(sb))
    assert abs(r.q_star - q_star) <= 1e-9 * q_star
    assert abs(r.chi1 - chi1) <= 1e-9 * chi1 and r.phase == "chaotic"


@pytest.mark.slow
def test_r16b_3_no_positive_fixed_point_still_falls_to_zero():
    q_star, _ = _closed_form_q_star("1.7", "0")
    assert q_star < 1e-10  # the closed-form orbit falls to 0
    assert vgtheory.signal("1 - exp(-x**2)", sigma_w=1.7, sigma_b=0).q_star == 0


@pytest.mark.slow
@pytest.mark.parametrize("formula", ["tanh(x) + Abs(x-sqrt(2))**(1/2)/100", "tanh(x) + Abs(x-1-sqrt(2))**(1/2)/100"])
def test_r16b_1_a_square_root_cusp_at_an_irrational_point_makes_chi1_infinite(formula):
    # sigma'(u)^2 ~ 1/(40000 |u - c|) near c: not integrable, and the Gaussian density is positive at c: D = +oo.
    r = vgtheory.signal(formula, sigma_w=1.2, sigma_b=0.1)
    assert r.chi1 == mpmath.inf


def test_r16b_2_an_inverse_square_root_at_sqrt_2_makes_q_star_diverge():
    # sigma(u)^2 ~ 1/(10^4 |u - sqrt 2|) near sqrt 2: V(q) = +oo for every q > 0, no fixed point.
    r = vgtheory.signal("tanh(x) + Abs(x-sqrt(2))**(-1/2)/100", sigma_w=1.2, sigma_b=0.1)
    assert r.q_star is None


@pytest.mark.parametrize("formula, s, label", [
    ("x + 1", 2, "2*sigma(u/2), sigma(x) = x + 1"),
    ("tanh(x) + x/4", 3, "3*sigma(u/3), sigma(x) = tanh(x) + x/4"),
    ("tanh", 3, "3*tanh(u/3)"),
])
@pytest.mark.slow
def test_r16b_4_the_scaled_label_keeps_a_formula_whole(formula, s, label):
    assert vgtheory.activation(formula).scaled(s).name == label
    assert vgtheory.signal(formula, sigma_w=2, s=s).activation == label  # chaotic: the orbit settles fast
