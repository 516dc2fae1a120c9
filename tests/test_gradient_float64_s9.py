"""Gradients through float64 callables print only digits that are right (session 9: a float-only callable
claimed all 30 digits asked; 4.07371122e-303 was printed where the truth is 4.0737109431e-303).

The truth: the tanh chain at 60 digits (tests/oracles.tanh_chain_partials, equal weights); a printed decimal is right when it
equals the truth rounded to as many significant digits (one unit of the last place allowed for the rounding)."""

from __future__ import annotations

import math

import mpmath
import pytest
import torch

import vgtheory
from oracles import tanh_chain_partials


def _right(printed: str, truth: mpmath.mpf) -> bool:
    if printed == "undetermined":
        return True
    mant = printed.split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    with mpmath.workdps(80):
        value = mpmath.mpf(printed)
        return abs(value - truth) <= abs(truth) * mpmath.mpf(10) ** (1 - len(mant))


CASES = [(["1", "1"], "0.5"), (["2"] * 10, "0.5"), (["1"] * 1000, "0.5"), (["3"] * 200, "0.5")]


@pytest.mark.slow  # 9-23 s loaded in session 15's --durations: CI runs it
@pytest.mark.parametrize("ws, x", CASES, ids=[f"{len(w)}x{w[0]}" for w, _ in CASES])
@pytest.mark.parametrize("fn", [lambda t: math.tanh(t), torch.nn.Tanh()], ids=["math", "torch"])
def test_float64_callable_digits_are_right(fn, ws, x):
    g = vgtheory.gradient(fn, ws, x=x, dps=30).to_dict()
    partials = tanh_chain_partials(ws[0], 1, x, len(ws), 60)
    with mpmath.workdps(60):
        z = mpmath.mpf(x)
        for _ in ws:
            z = mpmath.tanh(mpmath.mpf(ws[0]) * z)
    assert 0 < g["digits"] < 16  # some digits, never more than float64 carries
    for printed, t in zip(g["df_dw"], partials):
        assert _right(printed, t), (printed, t)
    assert _right(g["output"], z)


def test_a_loss_that_cancels_is_undetermined():
    # y equals tanh(1) to 16 digits: f - y is below float64's resolution of f.
    g = vgtheory.gradient(lambda t: math.tanh(t), ["1"], x="1", y="0.7615941559557649", dps=30).to_dict()
    assert g["loss"] == "undetermined" and g["dloss_dw"] == ["undetermined"]
