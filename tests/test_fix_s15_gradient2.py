"""Session 15 gradient fixes (red team 15b: R15b-8, R15b-10, R15b-11).

Truths are computed here in mpmath at 50-100 digits from closed forms: tanh' = sech², a one-layer
chain f = tanh(w x) has ∂f/∂w = x sech²(w x), the least-squares ∂ℓ/∂w = (f - y) x sech²(w x), and
weight decay adds λ w."""

from __future__ import annotations

import math
import subprocess
import sys
import time

import mpmath
import pytest
import torch

import vgtheory


def _right(printed: str, truth, digits) -> bool:
    """A printed value with ``digits`` claimed significant digits is the truth to within a unit of the
    last claimed digit (relative); 'undetermined' and 0 claimed digits claim nothing."""
    if printed == "undetermined" or not digits:
        return True
    with mpmath.workdps(100):
        return abs(mpmath.mpf(printed) - truth) <= abs(truth) * mpmath.mpf(10) ** (1 - digits)


# R15b-8: λ is 13 digits of -(tanh 1 - 2) sech²1, so dloss/dw + λw cancels ~13 digits.
_LAM = "0.5200986790034"


@pytest.mark.parametrize("fn", [math.tanh, torch.tanh], ids=["float64", "torch"])
def test_regularized_digits_count_the_weight_decay_cancellation(fn):
    with mpmath.workdps(60):
        truth = (mpmath.tanh(1) - 2) * mpmath.sech(1) ** 2 + mpmath.mpf(_LAM)
    g = vgtheory.gradient(fn, [1], x=1, y=2, lam=_LAM, dps=30).to_dict()
    assert _right(g["regularized_dloss_dw"][0], truth, g["regularized_digits"])


def test_regularized_digits_kept_without_cancellation():
    # λ = 0.1: dloss/dw ≈ -0.52 and λw = 0.1 cancel less than a digit; the float64 loss digits stay.
    with mpmath.workdps(60):
        truth = (mpmath.tanh(1) - 2) * mpmath.sech(1) ** 2 + mpmath.mpf("0.1")
    g = vgtheory.gradient(math.tanh, [1], x=1, y=2, lam="0.1", dps=30).to_dict()
    assert g["regularized_digits"] >= 3
    assert _right(g["regularized_dloss_dw"][0], truth, g["regularized_digits"])


# R15b-10: tanh(1e5 ± h) is 1 to 86,859 digits; the slope sech²(1e5) ≈ 5e-86859 is not 0.
@pytest.mark.parametrize("w", ["100000", "40000"])
def test_mpmath_saturated_slope_is_not_an_exact_zero(w):
    with mpmath.workdps(50):
        truth = mpmath.sech(mpmath.mpf(w)) ** 2
    assert truth > 0
    g = vgtheory.gradient(mpmath.tanh, [w], x=1, dps=30)
    assert _right(g.to_dict()["df_dw"][0], truth, g.digits)


def test_mpmath_saturated_slope_via_scaling_is_not_an_exact_zero():
    # σ_s(t) = s tanh(t/s) with s = 1e-5: t_1 = 1.5·0.7 = 1.05, tanh(1.05e5) saturates the same way.
    s, ws, x = mpmath.mpf("1e-5"), [mpmath.mpf("1.5")] * 6, mpmath.mpf("0.7")
    with mpmath.workdps(60):
        z, d = [x], []
        for w in ws:
            d.append(mpmath.sech(w * z[-1] / s) ** 2)
            z.append(s * mpmath.tanh(w * z[-1] / s))
        truth = z[0] * d[0] * mpmath.fprod(w * dk for w, dk in zip(ws[1:], d[1:]))
    assert truth > 0
    g = vgtheory.gradient(vgtheory.activation(mpmath.tanh).scaled("1e-5"), [1.5] * 6, x="0.7", dps=30)
    assert _right(g.to_dict()["df_dw"][0], truth, g.digits)


# A saturated erf callable: the precision probe skips the points whose slope needs > 600 digits (it took
# minutes at 11,200 digits), and the callable keeps its mpmath precision.
@pytest.mark.slow
def test_saturated_erf_callable_is_classified_mpmath_quickly():
    start = time.perf_counter()
    assert vgtheory.activation(lambda t: mpmath.erf(4 * t)).precision == "mpmath"
    assert time.perf_counter() - start < 20


def test_a_float_part_past_the_origin_is_still_seen():
    assert vgtheory.activation(lambda t: mpmath.tanh(t) if abs(t) < 1.5 else mpmath.mpf(math.tanh(t))).precision == "float64"


def test_mpmath_saturated_slope_at_1e4_keeps_its_digits():
    with mpmath.workdps(60):
        truth = mpmath.sech(10000) ** 2
    g = vgtheory.gradient(mpmath.tanh, ["10000"], x=1, dps=30)
    assert g.digits == 30 and _right(g.to_dict()["df_dw"][0], truth, 30)


def test_mpmath_relu_flat_piece_keeps_exact_zero():
    # relu below 0 is constant: ∂f/∂w = x·relu'(-2) = 0 exactly.
    g = vgtheory.gradient(lambda z: max(mpmath.mpf(0), z), ["-2"], x=1, dps=30)
    assert g.df_dw[0] == 0 and g.digits == 30


# R15b-11: a jump of 1e-30 at t = 1 (Heaviside(0) = 1/2 between the sides).
@pytest.mark.slow  # 2-6 s: the default suite keeps under 3 minutes (session 32)
@pytest.mark.parametrize("expr", ["tanh(z) + Heaviside(z - 1)/10**30",
                                  "Piecewise((tanh(z), z < 1), (tanh(z) + 10**-30, True))"])
def test_jump_refusal_shows_where_the_values_part(expr):
    out = subprocess.run([sys.executable, "-m", "vgtheory", "gradient", expr, "--w", "1,2", "--x", "1"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "df/dw_1 does not exist" in out.stderr
    msg = out.stderr
    values = [msg.split(f"{k} = ")[1].split(",")[0].split(";")[0] for k in ("sigma(t-)", "sigma(t+)")]
    with mpmath.workdps(60):
        lo, hi = (mpmath.mpf(v) for v in values)
        assert lo != hi
        assert abs(lo - mpmath.tanh(1)) < mpmath.mpf(10) ** -31
        assert abs(hi - mpmath.tanh(1) - mpmath.mpf(10) ** -30) < mpmath.mpf(10) ** -31
    assert "by 1.0e-30" in msg
