"""Exact numbers a formula builds obey the literals' range (red team 7, F1).

A literal is refused outside 1e-300 … 1e300, but powers and products of admitted literals could
build 10**200000 ((1/10**200)**-1000): the CLI then died with Python's "Exceeds the limit (4300
digits)" after seconds to minutes.  The bound now holds for every exact number the formula builds,
and sympy's combining of powers cannot lift an exponent past 1000.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from clirun import cli
from vgtheory.core.input_limits import MAX_EXACT_DIGITS, MAX_EXPONENT, MAX_LITERAL_EXPONENT
from vgtheory.core.parsing import Z, parse_formula
from vgtheory.errors import FormulaError

ESCAPES = ["(1/10**200)**-1000*x", "(10**-300)**1000+x", "(2/3)**-1000*(2/3)**-1000*x",
           "1e300*1e300*x", "1e-200*1e-200+x", "(1+1/10**300)**1000*x", "(10**300)**(1000/7)*x"]


@pytest.mark.parametrize("formula", ESCAPES)
def test_built_numbers_out_of_range_are_refused_in_one_line(formula: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(formula)
    message = str(info.value)
    assert "\n" not in message and ("out of range" in message or "too many digits" in message)


def test_escape_is_one_line_on_the_command_line() -> None:
    # In-process (tests/clirun.py): the one-line message and exit code 2 are main()'s; the program's own
    # start and exit are tested in test_cli.
    done = cli("check", "--", ESCAPES[0], seconds=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "out of range" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("formula", ["(x**1000)**1000", "(1+x)**999*(1+x)**999", "(x**-600)*(x**-600)"])
def test_combined_powers_keep_the_exponent_bound(formula: str) -> None:
    with pytest.raises(FormulaError, match="after combining powers"):
        parse_formula(formula)


def _digits(n: int) -> int:
    """Decimal digits of n, counted by comparison with powers of ten (str() stops at 4300)."""
    k = 1
    while 10**k <= abs(n):
        k += 1
    return k


def _admitted(v: Fraction) -> bool:
    """The documented rule: 0, or 10**-300 <= |v| < 10**301 with at most MAX_EXACT_DIGITS digits
    above and below the fraction bar."""
    if v == 0:
        return True
    small, big = Fraction(1, 10**MAX_LITERAL_EXPONENT), Fraction(10 ** (MAX_LITERAL_EXPONENT + 1))
    return small <= abs(v) < big and max(_digits(v.numerator), _digits(v.denominator)) <= MAX_EXACT_DIGITS


@settings(max_examples=80, deadline=2000)
@given(p=st.integers(1, 10**12), q=st.integers(1, 10**12), e=st.integers(-MAX_EXPONENT, MAX_EXPONENT),
       op=st.sampled_from(["*", "+"]))
def test_a_power_of_a_fraction_is_admitted_exactly_when_it_is_in_range(p: int, q: int, e: int, op: str) -> None:
    """Truth from Python's Fraction arithmetic: ``((p/q)**e) op ((p/q)**e) * x`` is admitted iff
    every exact number it builds (p/q, its power, the sum or product) obeys the rule; an admitted
    formula holds exactly that number."""
    formula = f"(({p}/{q})**({e})){op}(({p}/{q})**({e}))*x"
    base = Fraction(p, q)
    if abs(e) * math.log10(max(base.numerator, base.denominator)) > 4 * MAX_EXACT_DIGITS:
        with pytest.raises(FormulaError):  # far beyond the rule: computing the truth is the cost
            parse_formula(formula)
        return
    power = base ** e
    built = [base, power, power * power if op == "*" else power + power]
    try:
        expr = parse_formula(formula)
    except FormulaError as exc:
        assert not all(_admitted(v) for v in built), (formula, exc)
        return
    assert all(_admitted(v) for v in built), formula
    c = built[2] if op == "*" else power
    want = sp.Rational(c.numerator, c.denominator) * Z + (0 if op == "*" else sp.Rational(power.numerator, power.denominator))
    assert sp.expand(expr - want) == 0
