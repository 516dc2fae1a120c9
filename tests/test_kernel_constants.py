"""Gruntz decides only with constants whose signs the kernel proved (red team 7, F9).

sympy's Gruntz signs the constants it meets with sympy's assumptions, which decide a sum of
numbers by a rounded evalf.  c = sin(pi/7) sin(2pi/7) sin(3pi/7) - sqrt(7)/8 is exactly 0
(prod_{k=1}^{6} sin(k pi/7) = 7/2^6, the factors pair up as sin(k pi/7) = sin((7-k) pi/7) and are
positive), yet gruntz(tanh z + c z) was +oo at both ends and `check` printed "bounded: fails
(symbolic)" for sigma = tanh.  Now each constant reaches Gruntz as a symbol carrying the sign the
kernel proved (arb or the zero test), so an undecided constant gives no limit, never a wrong one.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings, strategies as st
import pytest

from vgtheory import kernel
from vgtheory.core.parsing import Z
from vgtheory.properties.four import check_bounded

HIDDEN_ZERO = sp.sin(sp.pi / 7) * sp.sin(2 * sp.pi / 7) * sp.sin(3 * sp.pi / 7) - sp.sqrt(7) / 8
# (sqrt 2 + sqrt 3)^2 = 5 + 2 sqrt 6: a zero the kernel proves (minimal polynomial), so limits stay decided.
ALGEBRAIC_ZERO = (sp.sqrt(2) + sp.sqrt(3)) ** 2 - 5 - 2 * sp.sqrt(6)


def _value(expr, point):
    fact = kernel.limit(expr, point, 4.0)
    return None if fact is None else fact.value


@pytest.mark.slow
def test_a_hidden_zero_coefficient_gives_no_false_limit() -> None:
    for expr in (sp.tanh(Z) + HIDDEN_ZERO * Z, sp.tanh(Z) + sp.expand(HIDDEN_ZERO * Z)):
        assert _value(expr, "+oo") in (None, 1)
        assert _value(expr, "-oo") in (None, -1)


@pytest.mark.slow
def test_the_report_does_not_refute_boundedness_of_tanh() -> None:
    r = check_bounded("tanh(x) + (sin(pi/7)*sin(2*pi/7)*sin(3*pi/7) - sqrt(7)/8)*x", timeout=2.0)
    assert not (r.verdict == "fails" and r.method == "symbolic"), r


def test_constants_of_known_sign_still_decide() -> None:
    """The other direction: abstraction must not cost ordinary limits."""
    assert _value(sp.tanh(Z) + (sp.sqrt(2) - sp.sqrt(3)) * Z, "+oo") == -sp.oo
    assert _value(sp.tanh(Z) + sp.sqrt(2) * Z - sp.sqrt(3) * Z, "-oo") == sp.oo
    assert _value(sp.pi * sp.tanh(Z) + sp.sqrt(2) * sp.exp(-Z), "+oo") == sp.pi
    assert _value(Z * (1 + sp.erf(Z / sp.sqrt(2))) / 2, "-oo") == 0
    assert _value(sp.tanh(Z) + sp.exp(-1000000), "+oo") == 1 + sp.exp(-1000000)


@settings(max_examples=15, deadline=None)
@given(p=st.integers(-5, 5), q=st.integers(1, 10**6), point=st.sampled_from(["+oo", "-oo"]))
def test_limits_with_an_algebraic_zero_in_the_coefficient(p: int, q: int, point: str) -> None:
    """tanh z + (ALGEBRAIC_ZERO + p/q) z tends to sign(p)·(±oo), or to ±1 when p = 0, and the
    kernel decides it: arb separates a nonzero coefficient from 0, the minimal polynomial proves
    the zero one (no clock in either)."""
    r = sp.Rational(p, q)
    end = 1 if point == "+oo" else -1
    truth = end * sp.oo * sp.sign(r) if r != 0 else sp.Integer(end)
    assert _value(sp.tanh(Z) + (ALGEBRAIC_ZERO + r) * Z, point) == truth
