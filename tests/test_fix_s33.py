"""Quick regression tests of session 30's fixes (the held-out originals are in the slow suite)."""

from __future__ import annotations

import mpmath as mp
import pytest

from vgtheory.core.decimals import estimate_string


def _covers(text: str, value: mp.mpf, error: mp.mpf) -> bool:
    with mp.workprec(4000):
        shown, e = (mp.mpf(part) for part in text.split("+-"))
        return abs(shown - value) + error <= e


def test_estimate_string_rounds_the_error_up_at_a_tie():
    # 2^-24 printed "6.0e-8" is off by 4.0e-10; with error 1 the printed error must be >= 1.0000000004.
    # mpmath's to_str rounds 1.05000000042 to "1.0" (half-even on truncated digits): the former
    # "1.05x rounds to >= x" argument printed "+- 1.0" here (the intermittent seed of test_fix_s31).
    value, error = mp.ldexp(mp.mpf(1), -24), mp.mpf(1)
    text = estimate_string(value, error)
    assert _covers(text, value, error), text


@pytest.mark.parametrize("prec", [4, 10, 53, 300])
def test_estimate_string_ignores_the_global_precision(prec):
    # mpmath's precision is global (and threads share it): the text must not depend on it.
    with mp.workprec(200):
        value = mp.mpf(1) / 3 + mp.ldexp(mp.mpf(1), -150)
    error = mp.ldexp(mp.mpf(3), -170)
    expected = estimate_string(value, error)
    with mp.workprec(prec):
        text = estimate_string(value, error)
    assert text == expected
    assert _covers(text, value, error), text
