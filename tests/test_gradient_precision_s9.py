"""Session 9, red team 9b (R9b-1, 2, 3, 6, 7): ``gradient`` printed digits it had not earned where
rounding is amplified through a chaotic chain, accumulates over a deep one, meets a huge weight in a
periodic σ, or cancels in f − y or in the weight-decay sum. Every number printed below is checked,
digit by digit, against the chain rule written out here in plain mpmath (forward loop, suffix
products) at several hundred digits more than the package used, with the inputs exact."""

from __future__ import annotations

import contextlib
import io
import json
import re

import mpmath
import pytest

from oracles import chain_partials, tanh_with_slope
from vgtheory.cli.app import main
from vgtheory.core.chain import gradient


def chain(sigma, dsigma, w, x, y, dps):
    """(f, [df/dw_j], loss, [dloss/dw_j]) of z_k = sigma(w_k z_{k-1}), all at ``dps`` digits, from
    the decimal strings w, x, y (read at that precision: exact when dps covers them)."""
    z, df, dloss = chain_partials(sigma, dsigma, w, x, y, dps)
    with mpmath.workdps(dps):
        r = z[-1] - mpmath.mpf(y)
        return z[-1], df, r * r / 2, dloss


def truth(sigma, dsigma, w, x, y="0", dps=600):
    """The reference at dps digits, itself confirmed against dps + 200 (all 20 digits compared)."""
    a, b = chain(sigma, dsigma, w, x, y, dps), chain(sigma, dsigma, w, x, y, dps + 200)
    with mpmath.workdps(dps):
        for u, v in zip((a[0], *a[1][:3], a[2], *a[3][:3]), (b[0], *b[1][:3], b[2], *b[3][:3])):
            assert abs(u - v) <= abs(v) * mpmath.mpf(10) ** -20
    return b


def _sin_with_slope(t):
    cos, sin = mpmath.cos_sin(t)  # one argument reduction for both (1e300 needs ~360 digits of it)
    return sin, cos


def _sin5tanh_with_slope(t):
    th, sech2 = tanh_with_slope(t)
    cos, sin = mpmath.cos_sin(5 * th)
    return sin, 5 * cos * sech2


# (sigma and sigma' together, None): see oracles.chain_partials
SIN = (_sin_with_slope, None)
TANH = (tanh_with_slope, None)


def assert_right(text: str, exact) -> None:
    """Every significant digit of ``text`` (as printed: 0.98893, -1.6133e+62, ~10^(263.08)) is right:
    it is within one unit of its last digit of the exact value, with the exact value's sign."""
    text = text.strip()
    assert text != "undetermined"
    if text.startswith("~10^("):
        e = text[5:-1]
        mant = re.sub(r"e.*", "", e).replace("-", "").replace(".", "").lstrip("0")
        unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(mpmath.mpf(e)))) - len(mant) + 1)
        with mpmath.workdps(60):
            assert abs(mpmath.mpf(e) - mpmath.log10(abs(exact))) <= unit, (text, mpmath.log10(abs(exact)))
        return
    mant = re.sub(r"e.*", "", text).replace("-", "").replace(".", "").lstrip("0")
    with mpmath.workdps(60):
        printed = mpmath.mpf(text)
        unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(printed))) - len(mant) + 1)
        assert abs(printed - exact) <= unit, (text, mpmath.nstr(exact, 20))


def cli(*argv: str) -> tuple[str, list[list[str]], str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["gradient", *argv]) == 0
    lines = out.getvalue().splitlines()
    rows = [line.split()[1:] for line in lines if re.match(r"\s+\d+\s", line)]
    return lines[1], rows, lines[-1]


def f_and_loss(line: str) -> tuple[str, str]:
    m = re.match(r"f_w\(x\) = (\S+)\s+loss = (\S+)", line)
    return m.group(1), m.group(2)


def test_r9b_1_chaotic_chain_prints_only_right_digits():
    # sin(3z) amplifies rounding ~1e62 over 300 layers: the package printed 12 wrong digits.
    w = ["3"] * 300
    f, df, loss, dloss = truth(*SIN, w, "0.5")
    line, rows, note = cli("sin(z)", "--w", "3", "--depth", "300", "--x", "0.5", "--dps", "30")
    shown_f, shown_loss = f_and_loss(line)
    assert_right(shown_f, f)
    assert_right(shown_loss, loss)
    for j in range(3):
        assert_right(rows[j][0], df[j])
        assert_right(rows[j][1], dloss[j])
    assert "confirmed against a run at" in note
    r = gradient("sin(z)", w, "0.5", dps=30)
    assert r.digits == 30 and r.checked_dps is not None
    with mpmath.workdps(700):
        for got, v in zip(r.df_dw, df):
            assert abs(got - v) <= abs(v) * mpmath.mpf(10) ** -30


@pytest.mark.slow
def test_r9b_2_deep_chain_at_low_precision():
    # 20000 roundings at 5 digits: f, df/dw_1, df/dw_2 and dloss/dw_1 had a wrong 4th/5th digit.
    w = ["1"] * 20000
    f, df, loss, dloss = truth(*TANH, w, "1", dps=40)
    line, rows, _ = cli("tanh", "--w", "1", "--depth", "20000", "--x", "1", "--dps", "5")
    shown_f, shown_loss = f_and_loss(line)
    assert len(shown_f.replace("0.", "").lstrip("0")) == 5  # the 5 digits asked
    assert_right(shown_f, f)
    assert_right(shown_loss, loss)
    for j in (0, 1, 2, 19999):
        assert_right(rows[j][0], df[j])
        assert_right(rows[j][1], dloss[j])


def test_r9b_3_huge_weight_into_a_periodic_sigma():
    # t = 1e300 * 0.5 must be exact to ~360 digits for sin(t) to have any digit right.
    f, df, loss, dloss = truth(*SIN, ["1e300"], "0.5", dps=400)
    line, rows, note = cli("sin(z)", "--w", "1e300", "--x", "0.5")
    shown_f, _ = f_and_loss(line)
    assert_right(shown_f, f)
    assert_right(rows[0][0], df[0])
    assert_right(rows[0][1], dloss[0])
    r = gradient("sin(z)", ["1e300"], "0.5")
    assert r.digits == r.forward_digits == 50 and r.working_dps > 350
    with mpmath.workdps(400):
        assert abs(r.output - f) <= abs(f) * mpmath.mpf(10) ** -50


def test_r9b_6_cancelling_residual_and_weight_decay():
    y = "0.76159415595576488811945828260479359041276859726"  # tanh(1) to 47 digits
    f, df, loss, dloss = truth(*TANH, ["1"], "1", y, dps=200)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["gradient", "tanh", "--w", "1", "--x", "1", "--y", y, "--json"]) == 0
    data = json.loads(out.getvalue())
    with mpmath.workdps(200):
        assert abs(mpmath.mpf(data["loss"]) - loss) <= abs(loss) * mpmath.mpf(10) ** (1 - data["loss_digits"])
        got = mpmath.mpf(data["dloss_dw"][0])
        assert abs(got - dloss[0]) <= abs(dloss[0]) * mpmath.mpf(10) ** (1 - data["loss_digits"])
    assert data["loss_digits"] >= 40  # raised, not merely fewer: the residual is computed right
    line, rows, note = cli("tanh", "--w", "1", "--x", "1", "--y", y)
    assert_right(f_and_loss(line)[1], loss)
    assert_right(rows[0][1], dloss[0])
    assert "cancellation in the residual f - y" in note
    # Weight decay: dloss/dw_1 + lam w_1 with lam = -(tanh(1) sech^2(1)) to 47 digits.
    lam = "-0.31985000422461225009424588465192197660960568153"
    with mpmath.workdps(200):
        f0, df0, _, dloss0 = chain(*TANH, ["1"], "1", "0", 200)
        exact = dloss0[0] + mpmath.mpf(lam)
    line, rows, note = cli("tanh", "--w", "1", "--x", "1", "--lam=" + lam)
    assert_right(rows[0][2], exact)
    r = gradient("tanh", ["1"], "1", lam=lam)
    with mpmath.workdps(200):
        assert abs(r.regularized_dw[0] - exact) <= abs(exact) * mpmath.mpf(10) ** (1 - r.regularized_digits)
    assert r.regularized_digits >= 40


@pytest.mark.slow
def test_r9b_7_saturated_first_layer_then_a_chaotic_chain():
    # The package printed ~10^(267.7) for a true -1.206e+263 and blamed the limits falsely.
    w = ["100"] + ["1"] * 999
    f, df, loss, dloss = truth(_sin5tanh_with_slope, None, w, "1", dps=700)
    line, rows, note = cli("sin(5*tanh(z))", "--w", ",".join(w), "--x", "1")
    assert_right(f_and_loss(line)[0], f)
    for j in (0, 1, 500, 999):
        assert_right(rows[j][0], df[j])
        assert_right(rows[j][1], dloss[j])
    assert "exceed the limits" not in note


@pytest.mark.slow
def test_beyond_the_limits_nothing_unconfirmed_is_printed():
    # sin(10 z) over 3000 layers needs ~2400 digits; depth 3000 allows 1666: the orbit is lost.
    r = gradient("sin(z)", ["10"] * 3000, "0.5", dps=20)
    assert r.forward_digits == r.digits == r.loss_digits == 0
    assert r.text(r.output, 12, forward=True) == "undetermined"
    assert r.text(r.df_dw[0], 12) == "undetermined"
    assert "more precision would exceed the limits" in r.precision_note


def test_well_conditioned_chains_still_run_once():
    # The common case keeps one run (the cost bound of benchmarks/bench_gradient.py), and its
    # 50 digits are right.
    w = ["1.5", "0.75", "1.25"] * 200
    r = gradient("tanh", w, "1", dps=50)
    assert r.checked_dps is None and r.digits == 50
    f, df, _, _ = truth(*TANH, w, "1", dps=120)
    with mpmath.workdps(120):
        for got, v in zip((r.output, *r.df_dw), (f, *df)):
            assert abs(got - v) <= abs(v) * mpmath.mpf(10) ** -50
    # A saturated tanh chain stays cheap: its layers repeat one argument.
    r = gradient("tanh", ["1e300"] * 1000, "1", dps=50)
    assert r.digits == 50 and r.working_dps < 400


@pytest.mark.slow
def test_at_the_depth_times_digits_limit_the_bound_alone_decides_and_says_so():
    # depth 10000 at 500 digits is the limit (5,000,000): no room for guard digits, so fewer than 500
    # are claimed, every one of them right, and the note names the limit.
    r = gradient("tanh", ["1"] * 10000, "1", dps=500)
    assert r.working_dps == 500 and r.checked_dps is None
    assert 480 <= r.digits < 500 and 480 <= r.forward_digits < 500
    assert "fewer than the 500 asked: more precision would exceed the limits" in r.precision_note
    f, df, _, _ = chain(*TANH, ["1"] * 10000, "1", "0", 560)
    with mpmath.workdps(560):
        for got, v, n in ((r.output, f, r.forward_digits), (r.df_dw[0], df[0], r.digits), (r.df_dw[-1], df[-1], r.digits)):
            assert abs(got - v) <= abs(v) * mpmath.mpf(10) ** -n
    # text() prints the claimed digits from the working precision, wherever it is called (it read
    # the value at the caller's 15 digits, and printed digits 17 to 43 of rounding noise).
    text = r.text(r.output, forward=True)
    assert len(text) > 400
    with mpmath.workdps(560):
        unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(f)) - r.forward_digits + 1)
        assert abs(mpmath.mpf(text) - f) <= unit
