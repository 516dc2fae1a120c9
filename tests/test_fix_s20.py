"""Fixes of session 18 (red-team rounds R19b-8, R20a, R20b)."""

from __future__ import annotations

import time

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.activations import Z
from vgtheory.core.chain_rule import CHECK_SECONDS, verify_chain_rule
from vgtheory.core.chain_symbolic import subexpressions, substitute, symbolic_chain

X = sp.Symbol("x", real=True)

# -- substitute: the same function as xreplace, built without sympy's examinations (R19b-8) --------------------------

_OUTER = [sp.tanh(Z) + sp.sqrt(sp.Max(0, Z - 1)) / 10, sp.Max(Z, Z**3 / 4), sp.Min(sp.tanh(Z), 1 - sp.exp(-Z)),
          sp.exp(-Z**2) * sp.atan(Z) + Z / 100, sp.Abs(Z - sp.Rational(1, 3)) - sp.sign(Z) / 7]


@settings(max_examples=15, deadline=None)
@given(outer=st.sampled_from(_OUTER), inner=st.sampled_from(_OUTER), scale=st.integers(-3, 3).filter(bool),
       at=st.fractions(-3, 3, max_denominator=7))
def test_substitute_is_xreplace_as_a_function(outer, inner, scale, at):
    nested = scale * inner.xreplace({Z: X})
    ours, sympys = substitute(outer, {Z: nested}), outer.xreplace({Z: nested})
    point = sp.Rational(at.numerator, at.denominator)
    with mpmath.workdps(40):
        a = sp.lambdify(X, ours, "mpmath")(mpmath.mpf(point.p) / point.q)
        b = sp.lambdify(X, sympys, "mpmath")(mpmath.mpf(point.p) / point.q)
        assert abs(a - b) <= mpmath.mpf(10) ** -35 * max(1, abs(b))


def test_subexpressions_visits_a_shared_layer_once():
    # z_k = tanh(w z_{k-1}) + Max(0, w z_{k-1}): 2^k nodes as a tree, about 6 k distinct ones.
    e = X
    for _ in range(30):
        e = substitute(sp.tanh(2 * Z) + sp.Max(0, 2 * Z), {Z: e})
    nodes = subexpressions(e)
    assert X in nodes and len(nodes) < 400
    assert sum(isinstance(n, sp.Max) for n in nodes) == 30


def test_deep_switch_under_root_chain_is_checked_in_seconds():
    # R19b-8: sympy rebuilt every Max of the nested chain at each layer (minutes at depth 12).
    began = time.monotonic()
    checks = verify_chain_rule("tanh(z) + Max(0, z - 1)**(1/2)/10", 10)
    assert time.monotonic() - began < CHECK_SECONDS + 30
    assert [c.j for c in checks] == list(range(1, 11))
    assert {c.method for c in checks} == {"structural"}


def test_product_form_of_a_deep_switch_chain_is_the_derivative():
    # Independent of the package's product: a central difference of the nested formula at 60 digits.
    chain = symbolic_chain("tanh(z) + Max(0, z - 1)**(1/2)/10", 4)
    point = {chain.x: sp.Rational(9, 7)} | {w: sp.Rational(3 + k, 2) for k, w in enumerate(chain.w)}
    f = sp.lambdify((chain.x, *chain.w), chain.output, "mpmath")
    with mpmath.workdps(60):
        args = [mpmath.mpf(v.p) / v.q for v in point.values()]
        for j, product in enumerate(chain.df_dw):
            def along(h, j=j):
                a = list(args)
                a[1 + j] += h
                return f(*a)
            fd = mpmath.diff(along, 0)
            value = sp.lambdify((chain.x, *chain.w), product, "mpmath")(*args)
            assert abs(value - fd) <= mpmath.mpf(10) ** -30 * max(1, abs(fd))


@pytest.mark.slow
def test_nested_piecewise_chain_rule_check_is_bounded():
    # R20b-1: sympy folds each nested Piecewise condition (minutes at depth 5); the check gives up within its budget.
    began = time.monotonic()
    checks = verify_chain_rule("Piecewise((tanh(z), z < 1), (tanh(1) + (z-1)/3, True))", 5)
    assert time.monotonic() - began < CHECK_SECONDS + 20
    assert [c.j for c in checks] == [1, 2, 3, 4, 5]


@pytest.mark.slow
def test_switch_on_a_double_exponential_is_decided_promptly():
    # R20a-4: the sign of tanh(e^(e^(z^2))) - 1/2 at a huge exact point ran mpmath's exp for minutes. tanh is
    # increasing and e^(e^(z^2)) >= e, so the condition holds everywhere: sigma = tanh z, bounded by 1 < 2.
    from vgtheory.properties import check_bounded
    began = time.monotonic()
    r = check_bounded("Piecewise((tanh(x), tanh(exp(exp(x**2))) > 1/2), (2*tanh(x), True))")
    assert r.verdict == "holds"
    assert time.monotonic() - began < 90
