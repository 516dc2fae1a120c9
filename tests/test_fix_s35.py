"""Quick regression tests of session 32's fixes (the held-out originals are in the slow suite)."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory import kernel
from vgtheory.core.parsing import Z
from vgtheory.core.pole_shift import limit_value
from vgtheory.kernel.limits import continuous_everywhere, continuous_near


@pytest.mark.slow
@settings(max_examples=6, deadline=None)
@given(n=st.integers(0, 3))
def test_gamma_minus_its_principal_part_has_the_limit_of_the_recurrence(n):
    # Gamma(z - n) = Gamma(z + 1)/((z - n)...(z - 1) z); near 0 its principal part is (-1)^n/(n! z), and
    # Gamma(z - n) - (-1)^n/(n! z) -> (-1)^n/n! (psi(n + 1)) = (-1)^n/n! (H_n - EulerGamma) (R59b-4: n = 0 is
    # Gamma(z) - 1/z -> -EulerGamma). Both one-sided limits are needed: the left one asks Gamma(z + 1) continuous on
    # (-1, 0), which the kernel now proves.
    sign = sp.Integer(-1) ** n / sp.factorial(n)
    value = limit_value(sp.gamma(Z - n) - sign / Z, sp.Integer(0), 20.0)
    assert value is not None and sp.simplify(value - sign * (sp.harmonic(n) - sp.EulerGamma)) == 0


def test_a_true_pole_keeps_no_value():
    # Gamma(z) + 1/z ~ 2/z at 0: the one-sided limits are -oo and +oo.
    assert limit_value(sp.gamma(Z) + 1 / Z, sp.Integer(0), 10.0) is None


def test_continuity_near_a_finite_side_is_not_continuity_near_infinity():
    # z -> b + u/(1 + u) maps u > 0 onto (b, b + 1) only: Gamma(1 - z) is continuous on (0, 1) but has poles at every
    # integer z >= 1, so near +oo it is not continuous; near 0+ it is.
    assert continuous_near(sp.gamma(1 - Z), (sp.Integer(0), "+"))
    assert not continuous_near(sp.gamma(1 - Z), "+oo")
    assert kernel.limit(sp.gamma(1 - Z), "+oo") is None


def test_continuity_on_a_unit_side_needs_the_argument_positive_on_all_of_it():
    # Gamma(z + 1/2) has a pole at -1/2, inside (-1, 0): the unit side (-1, 0) must not pass, and the limit at 0- is
    # still Gamma(1/2) = sqrt(pi) by continuity at 0 itself.
    u = sp.Symbol("u", positive=True)
    assert not continuous_everywhere(sp.gamma(sp.Rational(1, 2) - u / (1 + u)), u)
    assert continuous_everywhere(sp.gamma(1 - u / (1 + u)), u)
    fact = kernel.limit(sp.gamma(Z + sp.Rational(1, 2)), (sp.Integer(0), "-"))
    assert fact is not None and fact.value == sp.sqrt(sp.pi)


def test_a_relocated_pole_centre_stays_next_to_its_located_digits():
    # a = z^2 - 1 has the roots -1 and 1; c = 1 + 10^-30 is located to 30 digits, so the pole it names is the root 1:
    # a jump of findroot to -1 would probe the wrong point (it lies 2 away, ~10^30 Newton steps of 5e-31).
    import mpmath

    from vgtheory.meanfield.singular import _nearby
    target = lambda x: x**2 - 1  # noqa: E731
    with mpmath.workdps(60):
        centre = mpmath.mpf(1) + mpmath.mpf(10) ** -30
        assert _nearby(target, centre, mpmath.findroot(target, centre))
        assert not _nearby(target, centre, mpmath.mpf(-1))
        assert not _nearby(target, centre, mpmath.mpc(1, 1e-40))
