"""Quick regression tests of session 31's fixes (the held-out originals are in the slow suite)."""

from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.formula_eval import compiled
from vgtheory.core.parsing import Z
from vgtheory.core.pole_shift import cancelled_at


@settings(max_examples=6, deadline=None)  # 12 took 1.6 s of the default suite
@given(n=st.integers(0, 4), k=st.integers(0, 6))
def test_a_gamma_pole_is_removable_exactly_where_a_factor_cancels_it(n, k):
    # Gamma(z)(z)(z + 1)...(z + n) = Gamma(z + n + 1) for every z off the poles: at z = -k it tends to (n - k)! for
    # k <= n and is a pole for k > n (Gamma(z + n + 1) has one there).
    expr = sp.gamma(Z) * sp.Mul(*(Z + j for j in range(n + 1)))
    f = compiled(expr)
    if k <= n:
        assert f(mp.mpf(-k)) == mp.mpf(int(sp.factorial(n - k)))
    else:
        with pytest.raises((ValueError, ZeroDivisionError)):
            f(mp.mpf(-k))


def test_a_digamma_pole_cancelled_by_its_reciprocal_gamma():
    # psi(z)/Gamma(z) = (z psi(z + 1) - 1)/Gamma(z + 1) -> -1 at z = 0; psi(z)/Gamma(z)^2 -> 0 there (z^2 psi ~ -z).
    assert compiled(sp.polygamma(0, Z) / sp.gamma(Z) + 1 / sp.gamma(Z))(mp.mpf(0)) == -1
    assert compiled(sp.polygamma(0, Z) / sp.gamma(Z) ** 2)(mp.mpf(0)) == 0


def test_no_pole_no_rewrite():
    # off the poles nothing is written out, and log Gamma's pole (a logarithm) is never "cancelled"
    assert cancelled_at(sp.gamma(Z + sp.Rational(1, 2)), sp.Integer(0)) is None
    assert cancelled_at(sp.loggamma(Z) * Z, sp.Integer(0)) is None


def test_polygamma_of_a_fractional_order_is_refused_in_one_line():
    # mpmath's psi reads the order 1/2 as 0 (psi(1/2, 2) == psi(0, 2)): such a sigma would be evaluated wrongly
    from vgtheory.core.activations import activation
    from vgtheory.errors import ActivationError
    with pytest.raises(ActivationError, match="polygamma of order 1/2"):
        activation(sp.tanh(Z) + sp.polygamma(sp.Rational(1, 2), 1 + Z**2) / 10)
    with pytest.raises(ActivationError, match="order must be a nonnegative integer"):
        activation(sp.tanh(Z) + sp.polygamma(sp.tanh(Z), 2) / 10)
    assert activation(sp.tanh(Z) + sp.polygamma(1, 1 + Z**2) / 10).expr is not None


@settings(max_examples=8, deadline=None)
@given(digits=st.integers(30, 2500), k=st.integers(1, 9))
def test_a_linear_factors_root_is_exact_however_close(digits, k):
    # (t - 1)(t - 1 - k 10^-digits) < 0 exactly on (1, 1 + k 10^-digits): both roots exact, the set found at once
    from vgtheory.core.rational_sets import rational_set
    t = sp.Symbol("t", real=True)
    d = sp.Rational(k, 10**digits)
    found = rational_set((t - 1) * (t - 1 - d) < 0, t)
    assert found == sp.Interval.open(1, 1 + d)


def test_claim_text_of_a_huge_number_is_short():
    from vgtheory.core.claims import claim_text
    text = claim_text(sp.tanh((1 + sp.Rational(1, 10**4400)) * Z))
    assert "-bit rational>" in text and len(text) < 200


def test_pole_targets_see_a_cusp_at_the_bottom_of_a_dip():
    # a = 5/2 - 4 exp(-10^8 |z - 1/3|) dips to -3/2 at the cusp z = 1/3 (a' has no zero): a + 1 = 0 is a pole target
    from vgtheory.properties.features import _real_zeros
    from vgtheory.properties.gamma_poles import pole_targets
    a = sp.Rational(5, 2) - 4 * sp.exp(-10**8 * sp.Abs(Z - sp.Rational(1, 3)))
    targets = pole_targets(sp.tanh(Z) * a * sp.gamma(a), Z, -20, 20, _real_zeros)
    assert a + 1 in targets


def test_no_removable_value_through_a_switch():
    # Gamma(z) z sign(z) = Gamma(z + 1) sign(z) jumps at 0 (limits -1 and 1): no value there is its limit
    assert cancelled_at(sp.gamma(Z) * Z * sp.sign(Z), sp.Integer(0)) is None
    with pytest.raises((ValueError, ZeroDivisionError)):
        compiled(sp.gamma(Z) * Z * sp.sign(Z) + sp.tanh(Z))(mp.mpf(0))


@pytest.mark.slow  # about 1 s each: the kernel's limits from both sides
@pytest.mark.parametrize("pole", [sp.polygamma(0, Z**2) + 1 / Z**2, sp.gamma(Z**2) - 1 / Z**2])
def test_a_removable_pole_no_cancel_shows_takes_the_kernels_limit(pole):
    # psi(a) = -1/a - EulerGamma + O(a), Gamma(a) = 1/a - EulerGamma + O(a) (a = z^2 -> 0 from above on both sides):
    # both tend to -EulerGamma; the 1/z^2 term stands apart from the pole's term, so no cancel removes it (R59b-4)
    got = compiled(sp.tanh(Z) + pole / 10)(mp.mpf(0))
    with mp.workdps(40):
        assert abs(got + mp.euler / 10) < mp.mpf(10) ** -14
