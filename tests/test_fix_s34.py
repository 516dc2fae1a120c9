"""Quick regression tests of session 31's fixes (the held-out originals are in the slow suite)."""

from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.formula_eval import compiled
from vgtheory.core.parsing import Z
from vgtheory.core.pole_shift import cancelled_at


@settings(max_examples=12, deadline=None)
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
