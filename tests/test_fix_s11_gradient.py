"""Session 11, red team 10b items R10b-1..8: the gradient of the chain model claimed digits it did not
have for callables that round their input, switch to float arithmetic, cancel, compute in float32 or
have kinks, and for formulas whose breakpoint lies within the rounding of an input.

The truth is an independent mpmath chain (tests/oracles.chain_partials) at 60-120 digits, with the
activation's mathematical definition (tanh, its kinks placed by construction); a printed decimal is
right when it equals the truth to as many significant digits as it shows (one unit of the last place
allowed for the rounding)."""

from __future__ import annotations

import math

import mpmath
import pytest
import torch

import vgtheory
from oracles import chain_partials


def _right(printed: str, truth) -> bool:
    if printed == "undetermined":
        return True
    mant = printed.split("e")[0].lstrip("-").replace(".", "").lstrip("0") or "0"
    with mpmath.workdps(150):
        value, truth = mpmath.mpf(printed), mpmath.mpf(truth)
        if not truth or not value:  # a printed 0 claims an exact zero
            return value == truth
        return abs(value - truth) <= abs(truth) * mpmath.mpf(10) ** (1 - len(mant))


def _check(act, w, x, sigma, dsigma, dps=30, need=1):
    """Every printed z_k and df/dw_j right; at least ``need`` digits of the derivatives claimed."""
    g = vgtheory.gradient(act, w, x=x, dps=dps)
    out = g.to_dict()
    z, df, _ = chain_partials(sigma, dsigma, w, x, 0, 120)
    for printed, truth in zip(out["z"], z):
        assert _right(printed, truth), (printed, mpmath.nstr(truth, 20), g.precision_note)
    for printed, truth in zip(out["df_dw"], df):
        assert _right(printed, truth), (printed, mpmath.nstr(truth, 20), g.precision_note)
    assert out["digits"] >= need, g.precision_note
    return g


def _sech2(t):
    return mpmath.sech(t) ** 2


def _f60(z):
    with mpmath.workdps(60):
        return +mpmath.tanh(+z)


def test_callable_that_rounds_its_input_gets_its_slope():  # R10b-1
    g = _check(_f60, [2, 2], 1, mpmath.tanh, _sech2, need=5)
    assert all(v != 0 for v in g.df_dw)


def test_check_of_a_rounding_callable_has_no_internal_error():  # R10b-1, theorem 2 divided by df/dw = 0
    text = str(vgtheory.check(_f60, signal=False))
    assert "internal error" not in text


def test_callable_with_a_float_piece_beyond_one_and_a_half():  # R10b-2
    f2 = lambda z: mpmath.tanh(z) if abs(z) < 1.5 else mpmath.mpf(math.tanh(float(z)))  # noqa: E731
    _check(f2, [3, 3, 3], 1, mpmath.tanh, _sech2, dps=40, need=5)


def test_callable_with_a_small_float_part():  # R10b-3
    f1 = lambda z: mpmath.tanh(z) + 1e-5 * math.sin(float(z))  # noqa: E731
    c = mpmath.mpf(1e-5)  # the float 1e-5 the callable multiplies by
    _check(f1, [2, 2, 2], 1, lambda t: mpmath.tanh(t) + c * mpmath.sin(t),
           lambda t: _sech2(t) + c * mpmath.cos(t), need=5)


def test_mpmath_callable_keeps_its_digits():
    g = _check(lambda z: mpmath.tanh(z), [2, 2, 2], 1, mpmath.tanh, _sech2)
    assert g.precision == "mpmath" and g.digits == 30


_HARD = (lambda t: max(-1, min(1, t)), lambda t: mpmath.mpf(1) if -1 < t < 1 else mpmath.mpf(0))
_X_UP = "1.0000000000000000000000000000000000000000000000000000000000000001"
_X_DOWN = "0.9999999999999999999999999999999999999999999999999999999999999999"
_SQRT2 = "1.41421356237309504880168872420969807856967187537694807317667973799073"


@pytest.mark.parametrize("formula, w, x, sigma, dsigma", [
    ("hardtanh", ["1"], _X_UP, *_HARD),
    ("hardtanh", ["1"], _X_DOWN, *_HARD),
    ("Piecewise((tanh(x), x < 1), (tanh(x) + 1, True))", ["1", "1"], _X_DOWN,
     lambda t: mpmath.tanh(t) if t < 1 else mpmath.tanh(t) + 1, _sech2),
    ("Piecewise((tanh(x), x < sqrt(2)), (1, True))", ["1"], _SQRT2,
     lambda t: mpmath.tanh(t) if t < mpmath.sqrt(2) else mpmath.mpf(1),
     lambda t: _sech2(t) if t < mpmath.sqrt(2) else mpmath.mpf(0)),
    # the second layer's input 3 z_1 = 1 + 2e-99 rounds onto hardtanh's kink through z_1 = x
    ("hardtanh", ["1", "3"], "0." + "3" * 99 + "4", *_HARD),
])
def test_breakpoint_within_the_rounding_of_the_input(formula, w, x, sigma, dsigma):  # R10b-4
    _check(formula, w, x, sigma, dsigma, dps=50, need=50)


def _th(z):
    return (math.exp(z) - math.exp(-z)) / (math.exp(z) + math.exp(-z))


@pytest.mark.parametrize("x", ["1e-10", "3e-8", "0.5"])
def test_float_callable_that_cancels(x):  # R10b-5
    _check(_th, [1, 1, 1], x, mpmath.tanh, _sech2, need=3)


class _Half(torch.nn.Module):
    def forward(self, x):
        return torch.tanh(x.float()).to(x.dtype)


def test_torch_module_computing_in_float32():  # R10b-6: every digit claimed right, and no more than float32 holds
    g = _check(_Half(), [2, 2, 2], 1, mpmath.tanh, _sech2, need=0)
    assert g.digits <= 7


def test_torch_tanh_digits_come_from_its_values():
    # sigma' of a torch module is taken from differences of its float64 values, as for any float64 callable (autograd
    # differentiates torch's backward formula, which may differ: Hardsigmoid's float32 1/6, R47b-2/4): 6 to 10 digits
    g = _check(torch.nn.Tanh(), [2, 2, 2], 1, mpmath.tanh, _sech2, need=5)
    assert g.digits <= 12


@pytest.mark.parametrize("x, need", [("0.999999", 5), ("1.000001", 0), ("0.5", 5)])
def test_float_kink_near_the_input(x, need):  # R10b-7 (a slope of exactly 0 has no relative digits)
    _check(lambda z: max(-1.0, min(1.0, z)), [1], x, *_HARD, need=need)


@pytest.mark.parametrize("x", ["0.99999999999999999", "1.0000000000000001", "1.0000000000000002", "0.5"])
def test_torch_kink_at_the_float_of_the_input(x):  # R10b-8
    _check(torch.nn.Hardtanh(), [1], x, *_HARD, need=0)


def _f40(z):
    with mpmath.workdps(40):
        return +mpmath.tanh(+z)


@pytest.mark.parametrize("fn, dps", [(_f40, 50), (_f60, 50), (_f40, 30)])
def test_callable_with_fewer_digits_than_asked_claims_no_more(fn, dps):  # R10b-1: never digits it cannot have
    _check(fn, [2, 2], 1, mpmath.tanh, _sech2, dps=dps, need=5)


def test_a_callable_that_raises_near_the_point_gives_one_line():
    with pytest.raises(vgtheory.VGTheoryError):
        vgtheory.gradient(lambda z: mpmath.log(z), [1], x="0", dps=30)


def test_decimal_string_of_a_long_mantissa_with_a_huge_exponent():  # R10b-14: formatted at ~digits bits
    from vgtheory.core.decimals import decimal_string

    with mpmath.workdps(400):
        v = (1 + mpmath.sqrt(2) / 7) * mpmath.mpf(2) ** -(10**6)  # a 1300-bit mantissa
        truth = mpmath.nstr(v, 50, min_fixed=-5, max_fixed=5)
    assert decimal_string(v, 50) == truth
