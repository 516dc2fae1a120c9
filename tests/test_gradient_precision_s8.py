"""Session 8, finding G: in a saturated chain (σ'(t) = sech²(t) at t ~ 1e300, a number whose
mantissa depends on the 300th digit of t) ``gradient`` printed mantissas that were noise at 50
digits. Every printed digit is now checked here against the chain rule written out independently
in mpmath at 1000+ digits; where the limits stop the precision, the result says so."""

from __future__ import annotations

import contextlib
import io
import re

import mpmath
import sympy as sp
import pytest

from oracles import tanh_chain_partials
from vgtheory.cli.app import main
from vgtheory.core.chain import gradient


def reference(w: str, depth: int, x: str, s: str = "1", dps: int = 1000) -> list[mpmath.mpf]:
    """df/dw_j of the tanh chain (:func:`oracles.tanh_chain_partials`); x may be a fraction "p/q"."""
    with mpmath.workdps(dps):
        xv = mpmath.mpf(x) if "/" not in x else mpmath.mpf(x.split("/")[0]) / mpmath.mpf(x.split("/")[1])
        return tanh_chain_partials(w, s, xv, depth, dps)


def mantissa_exponent(v: mpmath.mpf) -> tuple[mpmath.mpf, int]:
    with mpmath.workdps(1000):
        e = int(mpmath.floor(mpmath.log10(abs(v))))
        return abs(v) / mpmath.mpf(10) ** e, e


def cli_rows(*argv: str) -> tuple[list[tuple[str, str]], str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["gradient", *argv]) == 0
    lines = out.getvalue().splitlines()
    rows = [tuple(line.split()[1:3]) for line in lines if re.match(r"\s+\d+\s", line)]
    return rows, lines[-1]


def assert_printed_digits_correct(text: str, exact: mpmath.mpf) -> None:
    mant, exp = re.fullmatch(r"([0-9.]+)e([-+]\d+)", text).groups()
    m, e = mantissa_exponent(exact)
    assert int(exp) == e, (text, e)
    with mpmath.workdps(30):
        assert abs(mpmath.mpf(mant) - m) <= mpmath.mpf("5.01e-12") * m, (text, mpmath.nstr(m, 15))


def test_printed_mantissas_of_a_saturated_chain_are_the_exact_ones():
    rows, note = cli_rows("tanh", "--w", "1e300", "--depth", "3")
    exact = reference("1e300", 3, "1")
    assert len(rows) == 3
    for (df, _), v in zip(rows, exact):
        assert_printed_digits_correct(df, v)
    assert "confirmed against a run at" in note and "50 significant digits" in note


def test_printed_mantissas_with_the_scaling_trick_s_1e300():
    rows, _ = cli_rows("tanh", "--w", "1e300", "--depth", "5", "--s", "1e300")
    exact = reference("1e300", 5, "1", s="1e300")
    for (df, _), v in zip(rows, exact):
        assert_printed_digits_correct(df, v)


def test_all_requested_digits_are_correct_when_the_limits_allow():
    r = gradient("tanh", ["1e300"] * 3, "0.1", dps=50)
    exact = reference("1e300", 3, "0.1")
    assert r.digits == 50 and r.working_dps > 300
    with mpmath.workdps(1000):
        for got, v in zip(r.df_dw, exact):
            assert abs(got - v) <= mpmath.mpf(10) ** -49 * abs(v)


def test_fewer_digits_than_asked_are_stated_when_the_limit_4000_binds():
    # t = 1e299 (x = 0.1 is not a binary number) needs about 4300 digits for 4000 correct ones.
    r = gradient("tanh", ["1e300"] * 2, "0.1", dps=4000)
    exact = reference("1e300", 2, "0.1", dps=5000)
    assert 3000 <= r.digits < 4000
    assert "fewer than the 4000 asked" in r.precision_note
    with mpmath.workdps(5000):
        for got, v in zip(r.df_dw, exact):
            assert abs(got - v) <= mpmath.mpf(10) ** (1 - r.digits) * abs(v)


@pytest.mark.slow
def test_only_the_magnitude_when_depth_times_dps_leaves_no_room():
    # depth 20000 allows 250 digits (depth x dps <= 5,000,000); df/dw_1 = sech²(1e300/3) (...)/3
    # needs ~350 (1e300/3 is no binary number: 1e300 x 0.1 rounds to exactly 1e299 above 697
    # bits). Its mantissa is not printed; its decimal exponent is, to 12 digits.
    depth = 20000
    r = gradient("tanh", ["1e300"] * depth, sp.Rational(1, 3), dps=50)
    assert r.digits == 0 and r.forward_digits == 50 and r.working_dps == 250
    text = r.text(r.df_dw[0], 12)
    assert text.startswith("~10^(")
    with mpmath.workdps(400):
        w = mpmath.mpf("1e300")
        exact_log = (mpmath.log10(mpmath.sech(w / 3) ** 2 / 3)
                     + (depth - 1) * mpmath.log10(w * mpmath.sech(w) ** 2))
        assert abs(mpmath.mpf(text[5:-1]) - exact_log) <= mpmath.mpf(10) ** -11 * abs(exact_log)
    assert "only the order of magnitude" in r.precision_note


def test_an_unsaturated_chain_runs_once_at_a_few_guard_digits():
    # Session 9: one run a few digits above those asked, whose rounding-error bound leaves all 50.
    r = gradient("tanh", [2, 2, 2], 1, dps=50)
    assert 50 < r.working_dps <= 60 and (r.digits, r.checked_dps) == (50, None)
    exact = reference("2", 3, "1")
    with mpmath.workdps(60):
        for got, v in zip(r.df_dw, exact):
            assert abs(got - v) <= mpmath.mpf(10) ** -50 * abs(v)
    _, note = cli_rows("tanh", "--w", "2,2,2")
    assert note == f"computed with mpmath at {r.working_dps} digits (mpmath); its rounding-error bound leaves the 50 digits asked"
