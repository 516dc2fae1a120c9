"""Session 11 fixes of numeric property evidence (red teams R10a-4, R10a-6, R10b-13).

Truth of every input is derived here, by hand or with mpmath at high precision, never from the
package's own output.
"""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.properties.four import check_bounded, check_positive_limit, check_real_valued
from vgtheory.properties.numeric_properties import bounded_numeric, vanishing_numeric
from vgtheory.report import activation

# -- R10a-6: a narrow smooth bump is no pole ------------------------------------------------------------

# Each denominator is >= a positive constant on R (1 + c (x - a)^2 >= 1, a square plus 10^-40/4 > 0),
# so sigma is finite and real everywhere, and bounded by the sum of its terms' bounds.
BUMPS = [
    "tanh(x) + x/(1+10**20*(x-1)**2)",
    "tanh(x) + cos(x)**2/10 + 1/(1+10**20*(x-1)**2)",
    "atan(x) + cos(x)**2/10 + 1/(1+10**30*(x-pi)**2)",
    "1 + (x-1)*(x-1-10**-20)/((x-1-10**-20/2)**2 + 10**-40/4)",
]


@pytest.mark.parametrize("formula", BUMPS)
def test_a_narrow_bump_is_real_valued(formula: str) -> None:
    assert check_real_valued(formula).verdict != "fails"


@pytest.mark.parametrize("formula", BUMPS[1:3])
def test_a_narrow_bump_is_not_read_as_unbounded(formula: str) -> None:
    # |sigma| <= pi/2 + 1/10 + 1 for both (each term bounded, each denominator >= 1).
    assert bounded_numeric(activation(formula), 30).verdict != "fails"


def test_the_bump_peak_is_finite_by_an_independent_evaluation() -> None:
    # The witness the old check printed, |sigma(1)|, is the bump's finite top: tanh(1) + 1.
    with mpmath.workdps(60):
        z = mpmath.mpf(1)
        top = mpmath.tanh(z) + z / (1 + mpmath.mpf(10) ** 20 * (z - 1) ** 2)
        assert abs(top - (mpmath.tanh(1) + 1)) < mpmath.mpf(10) ** -50
        # 10^-30 away the bump still holds at 1 - 10^-40: it does not grow.
        near = z + mpmath.mpf(10) ** -30
        assert abs(near / (1 + mpmath.mpf(10) ** 20 * (near - 1) ** 2) - 1) < mpmath.mpf(10) ** -29


def test_a_quartic_with_no_real_root_makes_no_pole() -> None:
    # x^4 - 2x^2 + 1 + 10^-40 = (x^2 - 1)^2 + 10^-40 >= 10^-40: sigma <= 1 + 10^40, defined everywhere.
    assert check_real_valued("tanh(x) + 1/(x**4-2*x**2+1+10**-40)").verdict != "fails"


def _near_sqrt2(result) -> None:
    assert result.verdict == "fails", (result.name, result.detail)
    assert abs(mpmath.mpf(result.witness["z"]) - mpmath.sqrt(2)) < 1e-6


def test_a_double_pole_whose_base_keeps_its_sign_is_still_found() -> None:
    # x^2 - 2 sqrt(2) x + 2 = (x - sqrt 2)^2: a double pole at sqrt 2 of amplitude 10^-30, where the
    # base does not change sign (its derivative does).
    _near_sqrt2(check_real_valued("tanh(x) + 10**-30/(x**2-2*sqrt(2)*x+2)"))


def test_a_logarithm_of_small_amplitude_is_a_singular_point() -> None:
    # log|x - sqrt 2| / 10^20 is undefined at sqrt 2 (log 0); its steps 10 ln(10)/10^20 per decade
    # of distance are far above the rounding of 50 digits.
    _near_sqrt2(check_real_valued("tanh(x) + log(abs(x-sqrt(2)))/10**20"))


def _bump(z):
    # A callable bump of width 10^-30 and height 1: finite everywhere (denominator >= 10^-60).
    return mpmath.mpf(10) ** -60 / (mpmath.mpf(10) ** -60 + (z - mpmath.sqrt(2)) ** 2)


def _pole(z):
    return mpmath.mpf(10) ** -60 / (z - mpmath.sqrt(2)) ** 2


def test_a_callable_bump_narrower_than_the_zoom_floor_is_no_pole() -> None:
    # At 30 digits the zoom reaches a relative width of 10^-20 while the bump is still rising;
    # 30 digits more resolve it.
    assert check_bounded(_bump).verdict != "fails"


def test_a_callable_pole_is_still_found_by_the_zoom() -> None:
    result = check_bounded(_pole)
    assert result.verdict == "fails"
    assert abs(mpmath.mpf(result.witness["z"]) - mpmath.sqrt(2)) < 1e-6


# -- R10a-4: a plateau hidden behind a decaying envelope ------------------------------------------------


def _h_at_multiple_of_2pi(envelope, n: int) -> mpmath.mpf:
    """z sigma'(z) at z = 2 pi n for sigma = envelope + 10^-40 x sin(x)/(1 + x^2): there sin z = 0 and
    cos z = 1, so the oscillating term contributes 10^-40 z^2/(1 + z^2) exactly."""
    with mpmath.workdps(150):
        z = 2 * mpmath.pi * n
        return z * mpmath.diff(envelope, z) + mpmath.mpf(10) ** -40 * z**2 / (1 + z**2)


PLATEAUS = [
    ("x/(1+abs(x)) + sin(x)*x/(1+x**2)*10**-40", lambda z: z / (1 + z)),
    # An envelope falling only like z^(-1/2) crosses 10^-40 near 2^266, beyond the sampled tail.
    ("sign(x)*(1-1/sqrt(1+abs(x))) + sin(x)*x/(1+x**2)*10**-40", lambda z: 1 - 1 / mpmath.sqrt(1 + z)),
]


@pytest.mark.slow
@pytest.mark.parametrize("formula, envelope", PLATEAUS)
def test_a_plateau_of_z_sigma_prime_is_not_vanishing(formula: str, envelope) -> None:
    # Truth: z sigma'(2 pi n) >= 10^-40 for n = 2^300 (far past every envelope), so lim sup >= 10^-40.
    assert _h_at_multiple_of_2pi(envelope, 2**300) >= mpmath.mpf(10) ** -40
    assert vanishing_numeric(activation(formula), 30).verdict != "holds"


@pytest.mark.parametrize("formula", ["x/(1+abs(x))", "atan(x)", "tanh(x) + cos(x)/(2+x**2)"])
def test_power_law_decays_still_hold_numerically(formula: str) -> None:
    # z sigma' is z/(1+z)^2, z/(1+z^2), and z(sech^2 z - sin(z)/(2+z^2) - 2z cos(z)/(2+z^2)^2): all O(1/z).
    assert vanishing_numeric(activation(formula), 30).verdict == "holds"


def test_a_tiny_oscillation_of_the_limit_is_no_positive_limit() -> None:
    # sigma(2 pi n + pi/2) - sigma(2 pi n) = tanh(.)(1 + 10^-40) - tanh(.) -> 10^-40: no limit.
    with mpmath.workdps(200):
        z = 2 * mpmath.pi * 2**100
        def sigma(t):
            return mpmath.tanh(t) * (1 + mpmath.mpf(10) ** -40 * mpmath.sin(t))
        assert sigma(z + mpmath.pi / 2) - sigma(z) > mpmath.mpf(10) ** -41
    assert check_positive_limit("tanh(x)*(1+10**-40*sin(x))").verdict != "holds"


# -- R10b-13: the documented input limits are the enforced ones -------------------------------------------


def test_readme_states_the_size_contract_that_is_enforced() -> None:
    from pathlib import Path

    from vgtheory.core.parsing import parse_formula
    from vgtheory.errors import VGTheoryError

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    formulas = next(line for line in readme.splitlines() if line.startswith("| formulas |"))
    options = next(line for line in readme.splitlines() if line.startswith("| numeric options ("))
    # Rational numbers built by arithmetic are refused beyond 1e300: 1e300*1e300 = 1e600.
    with pytest.raises(VGTheoryError):
        parse_formula("1e300*1e300*x")
    assert "rational numbers that arithmetic on them builds" in formulas
    # Constants built by functions are not: e^(-e^20) ~ 10^(-2.1e8) is kept exact.
    parse_formula("tanh(x)*exp(-exp(20))")
    assert "exp(-exp(20))" in formulas and "no size limit" in formulas
    # The Python API reads a weight 1e400 (the command line refuses it).
    assert "Python functions take numbers of any size" in options


# -- hunt: spikes at the zeros of an oscillating factor, between every sample ---------------------------


@pytest.mark.slow
def test_spikes_at_the_zeros_of_sin_are_no_evidence_of_a_bound() -> None:
    # sin(k pi) = 0 exactly, so sigma(k pi) = tanh(k pi) + k pi: unbounded. Off the zeros sigma is
    # tanh z + O(1/z), which is all that samples at 2^k r see.
    with mpmath.workdps(40):
        k = 2**20
        z = k * mpmath.pi
        assert abs(mpmath.sin(z)) < mpmath.mpf(10) ** -30
        assert mpmath.tanh(z) + z / (1 + z**2 * mpmath.sin(z) ** 2) > k
    result = bounded_numeric(activation("tanh(x) + x/(1+x**2*sin(x)**2)"), 30)
    assert result.verdict != "holds", result.detail
