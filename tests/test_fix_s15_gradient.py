"""Session 15 gradient fixes (red team 14b: R14b-1, R14b-2, R14b-3).

Truths are computed here in mpmath at 300-400 digits from closed forms: the chain z_k = σ(w_k z_{k-1})
with σ = sin (σ' = cos) or tanh (σ' = sech²), and ∂f/∂w_j = z_{j-1} σ'(t_j) ∏_{k>j} w_k σ'(t_k);
a kinked σ's one-sided partials take the slope of the side at the kink."""

from __future__ import annotations

import math

import mpmath
import pytest
import torch

import vgtheory
from oracles import chain_partials


def _chain_truth(sigma, dsigma, ws, x, dps=400):
    z, df, _ = chain_partials(sigma, dsigma, ws, x, 0, dps)
    return z, df


def _right(printed: str, truth, digits: int) -> bool:
    """A printed value with ``digits`` claimed significant digits is the truth to within a unit of the
    last claimed digit (relative); 'undetermined' and 0 claimed digits claim nothing."""
    if printed == "undetermined" or digits == 0:
        return True
    with mpmath.workdps(80):
        value = mpmath.mpf(printed)
        return abs(value - truth) <= abs(truth) * mpmath.mpf(10) ** (1 - digits)


def _all_right(g, z, partials) -> None:
    out = g.to_dict()
    for printed, truth in zip(out["z"], z):
        assert _right(printed, truth, out["forward_digits"]), (printed, mpmath.nstr(truth, 15), g.precision_note)
    for printed, truth in zip(out["df_dw"], partials):
        assert _right(printed, truth, out["digits"]), (printed, mpmath.nstr(truth, 15), g.precision_note)


# -- R14b-1: float64 rounding amplified by a chaotic chain -------------------------------------------

@pytest.mark.parametrize("fn", [math.sin, torch.sin], ids=["math", "torch"])
@pytest.mark.parametrize("depth", [40, 80, 100])
def test_float64_chaotic_chain_claims_only_right_digits(fn, depth):
    ws = ["3"] * depth
    g = vgtheory.gradient(fn, ws, x=1, dps=50)
    z, partials = _chain_truth(mpmath.sin, mpmath.cos, ws, "1")
    _all_right(g, z, partials)


def test_float64_chaotic_chain_beyond_float64_is_undetermined():
    # sin(3z) amplifies an error ~2.5-fold a layer: at depth 100 the float64 orbit has no digit left.
    g = vgtheory.gradient(math.sin, ["3"] * 100, x=1, dps=50)
    assert g.digits == 0 and g.forward_digits == 0
    assert g.text(g.output, forward=True) == "undetermined"


@pytest.mark.parametrize("w, x", [("2.5", "0.3"), ("1.7", "1"), ("-3.1", "0.7"), ("4", "0.1")])
@pytest.mark.parametrize("depth", [1, 5, 20, 45])
def test_float64_sin_chains_digits_are_right(w, x, depth):
    ws = [w] * depth
    g = vgtheory.gradient(math.sin, ws, x=x, dps=30)
    z, partials = _chain_truth(mpmath.sin, mpmath.cos, ws, x)
    _all_right(g, z, partials)


def test_float64_contracting_chain_keeps_its_digits():
    # tanh with w = 1 contracts errors: depth 1000 still has most of float64's digits.
    ws = ["1"] * 1000
    g = vgtheory.gradient(math.tanh, ws, x="0.5", dps=30)
    z, partials = _chain_truth(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, ws, "0.5", dps=60)
    assert g.forward_digits >= 10 and g.digits >= 4
    _all_right(g, z, partials)


# -- R14b-2: an mpmath callable with a small kink at an exact layer input ------------------------------

def _kinked(e: int):
    return lambda z: mpmath.tanh(z) + max(0, z - 1) * mpmath.mpf(10) ** -e


@pytest.mark.parametrize("e", [15, 20, 25])
def test_mpmath_callable_kink_at_an_exact_input_is_refused(e):
    # t_1 = w_1 x = 1 is on the kink: sigma'(1-) = sech^2(1), sigma'(1+) = sech^2(1) + 10^-e, and the
    # one-sided partials of w_1 differ by 10^-e * 2 sech^2(2 tanh 1) (relative ~1e-e): no derivative.
    with pytest.raises(vgtheory.VGTheoryError, match="df/dw_1 does not exist"):
        vgtheory.gradient(_kinked(e), [1, 2], x=1, dps=30)


def test_mpmath_callable_kink_near_an_inexact_input_claims_only_shared_digits():
    # x = 1 + 1e-34 is not a binary number: t_1 is within rounding of the kink, on an unknown side.
    # Both one-sided partials agree to ~20 digits; what is claimed must hold for both.
    x = "1.0000000000000000000000000000000001"
    g = vgtheory.gradient(_kinked(20), [1, 2], x=x, dps=30)
    with mpmath.workdps(80):
        # t_2 = 2 tanh(t) > 1: the second layer is on the kink's right piece.
        t, c = mpmath.mpf(x), mpmath.mpf(10) ** -20
        outer = 2 * (mpmath.sech(2 * mpmath.tanh(t)) ** 2 + c)
        left, right = t * mpmath.sech(t) ** 2 * outer, t * (mpmath.sech(t) ** 2 + c) * outer
    printed = g.text(g.df_dw[0])
    assert _right(printed, left, g.digits) and _right(printed, right, g.digits)
    assert g.digits <= 20


def test_mpmath_callable_kink_far_below_the_digits_keeps_them():
    # A kink of 1e-40 is beyond the 30 digits asked: the one-sided partials agree on all of them.
    g = vgtheory.gradient(_kinked(40), [1, 2], x=1, dps=30)
    z, partials = _chain_truth(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, [1, 2], 1, dps=80)
    assert g.precision == "mpmath" and g.digits == 30
    _all_right(g, z, partials)


def _leaky_at_one(z):
    return max(z - 1, (z - 1) / 10)


def test_mpmath_callable_large_kink_at_an_exact_input_is_refused():
    # sigma'(1-) = 1/10, sigma'(1+) = 1: df/dw_1 is 1 * 1/10 * sigma'(0) ... from one side and another.
    with pytest.raises(vgtheory.VGTheoryError, match="df/dw_1 does not exist"):
        vgtheory.gradient(_leaky_at_one, [1, 1], x=1, dps=30)


def test_mpmath_callable_off_its_kink_keeps_its_digits():
    # t_1 = 1.5 (slope 1), t_2 = 0.5 (slope 1/10): df/dw_1 = 1.5 * 1 * 1 * 1/10, df/dw_2 = 0.5 * 1/10.
    g = vgtheory.gradient(_leaky_at_one, [1, 1], x="1.5", dps=30)
    assert g.precision == "mpmath" and g.digits == 30
    assert [g.text(v) for v in g.df_dw] == ["0.15", "0.05"]


@pytest.mark.parametrize("ws, x", [([1, 2], 1), ([3, 1, 0.5], "0.25")])
def test_smooth_mpmath_callable_keeps_all_digits(ws, x):
    g = vgtheory.gradient(lambda z: mpmath.tanh(z), ws, x=x, dps=30)
    z, partials = _chain_truth(mpmath.tanh, lambda t: mpmath.sech(t) ** 2, ws, x, dps=80)
    assert g.precision == "mpmath" and g.digits == 30 and g.forward_digits == 30
    _all_right(g, z, partials)


# -- R14b-3: the refusal shows where the one-sided partials part -------------------------------------

def test_kink_refusal_prints_the_difference():
    with pytest.raises(vgtheory.VGTheoryError) as info:
        vgtheory.gradient("tanh(z) + Max(0, z-1)/10**20", [1, 2], x=1)
    message = str(info.value)
    left = message.split("differ: ")[1].split(" from the left")[0]
    right = message.split("from the left, ")[1].split(" from the right")[0]
    with mpmath.workdps(60):
        # sigma'(t_2) at t_2 = 2 tanh(1) > 1 carries the 10^-20 of the right piece.
        c = mpmath.mpf(10) ** -20
        outer = 2 * (mpmath.sech(2 * mpmath.tanh(1)) ** 2 + c)
        truth_left, gap = mpmath.sech(1) ** 2 * outer, c * outer
        assert left != right
        assert abs(mpmath.mpf(left) - truth_left) < gap / 10
        assert abs(mpmath.mpf(right) - (truth_left + gap)) < gap / 10
    assert "(by 3.47e-21)" in message
