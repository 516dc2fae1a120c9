"""agreeing_exponent_digits against log10 at 1000 digits (mpmath), on pairs of every size."""

from __future__ import annotations

import random

import mpmath

from vgtheory.core.chain_error import agreeing_exponent_digits


def _reference(a: mpmath.mpf, b: mpmath.mpf, most: int) -> int:
    """The digits on which log10|a| and log10|b| agree, from logarithms at 1000 digits."""
    if a == b:
        return most
    if not a or not b or (a < 0) != (b < 0):
        return 0
    with mpmath.workdps(1000):
        la, lb = mpmath.log10(abs(a)), mpmath.log10(abs(b))
        gap = mpmath.log10(max(1, abs(lb)) / abs(la - lb))
    return max(0, min(most, int(mpmath.floor(gap)) - 1))


def test_exponent_digits_match_thousand_digit_logarithms() -> None:
    # Values near 1 and at 10^(+-10^k) up to 10^(10^300) (a deep chain's df/dw), b a relative 10^-k
    # away from a (k up to beyond the digits asked: close logarithms of huge numbers must not cancel),
    # or a factor 10^(+-5) away, or of the other sign.
    rng = random.Random(20261202)
    for _ in range(60):
        dps = rng.choice([20, 50, 250])
        with mpmath.workdps(dps):
            e = rng.choice([0, 5, 300, 10 ** rng.randint(1, 300)]) * rng.choice([1, -1])
            if abs(e) < 10**6:
                a = mpmath.mpf(rng.random()) * mpmath.power(10, e)
            else:
                a = mpmath.mpf((0, rng.getrandbits(dps * 3) | 1, e, dps * 3))
            if rng.random() < 0.8:
                b = a * (1 + mpmath.mpf(10) ** -rng.randint(0, dps + 5) * rng.choice([1, -1, 3.7]))
            else:
                b = a * mpmath.mpf(10) ** rng.randint(-5, 5) * rng.random()
            if rng.random() < 0.05:
                b = -b
        assert agreeing_exponent_digits(a, b, dps) == _reference(a, b, dps), (dps, mpmath.nstr(a, 8), mpmath.nstr(b, 8))
