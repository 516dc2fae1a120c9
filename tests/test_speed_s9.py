"""Properties of the session-9 speed changes to ``check``: each shortcut gives the answer of the long way.

* properties 1 and 2 stop at the first end whose proved limit settles them (the other end's limit
  was proved only for the witness: about 1 s of Gruntz for gelu_tanh at -oo);
* the kernel's difference quotient asks sign() whether f(b) = 0: an enclosure rejects a nonzero
  f(b) before the zero test's simplify passes, and a zero f(b) still reaches the zero test.
"""

from __future__ import annotations

import pytest
import sympy as sp

from vgtheory.core import memo
from vgtheory.core.activations import Z
from vgtheory.kernel import enclose, limit
from vgtheory.kernel import limits as kernel_limits
from vgtheory.kernel import numbers
from vgtheory.properties import four


def _asked_ends(monkeypatch) -> list:
    asked: list = []
    proved = four.proved_limit

    def recording(expr, point, deadline=four.DEFAULT_TIMEOUT):
        asked.append(point)
        return proved(expr, point, deadline)

    monkeypatch.setattr(four, "proved_limit", recording)
    return asked


@pytest.mark.parametrize("name", ["relu", "elu", "gelu_tanh"])
def test_an_end_that_settles_a_property_is_the_last_one_proved(name, monkeypatch):
    asked = _asked_ends(monkeypatch)
    with memo.scope():
        bounded = four.check_bounded(name)
        vanishing = four.check_vanishing_derivative(name)
    assert (bounded.verdict, bounded.method) == (vanishing.verdict, vanishing.method) == ("fails", "symbolic")
    assert asked and "-oo" not in asked
    # The long way, the +oo end alone, gives the same refutation.
    alone = four.check_vanishing_derivative(name, ends=("+oo",))
    assert alone.verdict == "fails" and alone.detail == vanishing.detail
    assert bounded.detail == f"sigma(z) -> {four.show(sp.oo)} as z -> +oo"


def test_an_end_that_does_not_settle_it_leaves_the_other_one_asked(monkeypatch):
    """exp(-z) tends to 0 at +oo (nothing settled) and to +oo at -oo: both ends are proved and shown."""
    asked = _asked_ends(monkeypatch)
    with memo.scope():
        bounded = four.check_bounded("exp(-z)")
        vanishing = four.check_vanishing_derivative("exp(-z)")
    assert bounded.verdict == vanishing.verdict == "fails"
    assert {"+oo", "-oo"} <= set(asked)
    assert set(bounded.witness) == {"lim sigma(z), z->+oo", "lim sigma(z), z->-oo"}
    assert "z -> -oo" in bounded.detail and "z -> -oo" in vanishing.detail
    assert len(vanishing.witness) == 2


def _zero_tests(monkeypatch) -> list:
    seen: list = []
    real = numbers.is_zero

    def recording(x, run):
        seen.append(x)
        return real(x, run)

    monkeypatch.setattr(numbers, "is_zero", recording)
    monkeypatch.setattr(kernel_limits, "is_zero", recording, raising=False)  # a direct import, should one come back
    return seen


def test_a_nonzero_value_at_the_point_never_reaches_the_zero_test(monkeypatch):
    """selu's left branch: c e^z / z at 0-, c = e^(1/2) erfc(1/sqrt 2) - 1 < 0; the limit is +oo."""
    seen = _zero_tests(monkeypatch)
    c = sp.exp(sp.Rational(1, 2)) * sp.erfc(sp.sqrt(2) / 2) - 1
    fact = limit(c * sp.exp(Z) / Z, "0-", 20)
    assert fact is not None and fact.value == sp.oo
    # Only numbers that no enclosure separates from 0 are handed to the (slow) zero test.
    assert all((b := enclose(x, 64)) is None or b.contains(0) for x in seen)


def test_a_zero_value_at_the_point_still_gets_the_difference_quotient(monkeypatch):
    """f(0) = log 6 - log 2 - log 3 is 0 only by the zero test (arb cannot exclude 0 from it)."""
    seen = _zero_tests(monkeypatch)
    c = sp.log(6) - sp.log(2) - sp.log(3)
    fact = limit((sp.sin(Z) + c) / Z, "0+", 20)
    assert fact is not None and fact.value == 1
    assert any(x == c for x in seen)
