"""Session 14, fixer A2: the numeric shape checks of (H) (increasing, concave on [0, oo)).

Each expected verdict is derived here, from the formula, by mpmath at 40 digits or an analytic
argument, never from the package's output (red team R13a-4, -6, -7, -9)."""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.core.activations import activation
from vgtheory.theorems.hypotheses import check_concave, check_increasing, hypothesis_H

mp40 = mpmath.workdps(40)


# -- R13a-6: at a kink the formula's sigma'' is sympy's average of the one-sided values ---------------

_KINKED = "z/(1+abs(z)) + z**2*exp(-z**2)/10"


def _kinked_second(t: mpmath.mpf) -> mpmath.mpf:
    """sigma'' on t > 0, differentiated by hand: (t/(1+t))'' = -2/(1+t)^3, (t^2 e^-t^2)'' = (2 - 10t^2 + 4t^4) e^-t^2."""
    return -2 / (1 + t) ** 3 + (2 - 10 * t**2 + 4 * t**4) * mpmath.exp(-t**2) / 10


@pytest.mark.slow
def test_concavity_at_a_kink_reads_the_one_sided_values():
    with mp40:
        # sigma'' < 0 on (0, 20] (a grid of step 1/200, and its limit -1.8 at 0+); beyond 20 the bump term is
        # below e^-400 t^4, far under 2/(1+t)^3. sigma' = 1/(1+t)^2 + (2t - 2t^3) e^-t^2/10 > 0 likewise.
        grid = [mpmath.mpf(k) / 200 for k in range(1, 4001)]
        assert max(_kinked_second(t) for t in grid) < 0
        assert _kinked_second(mpmath.mpf(10) ** -30) < mpmath.mpf("-1.79")
        assert min(1 / (1 + t) ** 2 + (2 * t - 2 * t**3) * mpmath.exp(-t**2) / 10 for t in grid) > 0
    act = activation(_KINKED)
    assert check_concave(act).verdict != "fails"
    h = hypothesis_H(act)
    assert h.verdict != "fails", h.detail


# -- R13a-7: a single value below its neighbours at a breakpoint ---------------------------------------


@pytest.mark.parametrize("formula, at, below", [
    ("tanh(z) - 6 + 6*sign(z-1)**2", mpmath.mpf(1), lambda p: mpmath.tanh(p) - 6),
    ("tanh(z) - 6 + 6*sign(z-sqrt(2))**2", mpmath.sqrt(2), lambda p: mpmath.tanh(p) - 6),
    ("Piecewise((tanh(z), Abs(z-sqrt(2)) > 0), (-5, True))", mpmath.sqrt(2), lambda p: mpmath.mpf(-5)),
])
def test_a_value_below_the_chord_at_a_breakpoint_is_not_concave(formula, at, below):
    with mp40:
        # sigma = tanh off the point and `below` at it: midpoint concavity fails for a small h.
        h = mpmath.mpf(10) ** -6
        assert below(at) < (mpmath.tanh(at - h) + mpmath.tanh(at + h)) / 2 - 1
    check = check_concave(activation(formula))
    assert check.verdict == "fails", check.detail


# -- R13a-4: the shape on [0, oo) is read past 1000 --------------------------------------------------


def test_a_downturn_past_ten_thousand_is_seen():
    """sigma = sin(atan z + c) - sin c, c = 1e-4: sigma' = cos(atan z + c)/(1 + z^2) < 0 once atan z >
    pi/2 - c, i.e. z > cot c ~ 1e4, and sigma'' = -(sin u + 2z cos u)/(1 + z^2)^2 > 0 farther out."""
    with mp40:
        c = mpmath.mpf(10) ** -4
        u = lambda z: mpmath.atan(z) + c  # noqa: E731
        z = mpmath.mpf(2) ** 15
        assert mpmath.cos(u(z)) / (1 + z**2) < 0
        assert -(mpmath.sin(u(z)) + 2 * z * mpmath.cos(u(z))) / (1 + z**2) ** 2 > 0
    act = activation("sin(atan(z)+1/10000) - sin(1/10000)")
    concave = check_concave(act)
    assert concave.verdict == "fails", concave.detail
    assert check_increasing(act).verdict != "holds"  # (H) is the worst of its parts


def test_numeric_holds_names_the_sampled_reach():
    """A numeric holds says how far it looked: past 2^100 (the property checks' tail), not (0, 1000]."""
    check = check_concave(activation(_KINKED))  # concave on [0, oo): see the kink test above
    assert (check.verdict, check.method) == ("holds", "numeric"), check.detail
    reach = float(check.detail.split("sample points of (0, ")[1].split("]")[0])
    assert reach >= 2.0**100


# -- R13a-9: an exact point with sigma' < 0 refutes "increasing" past an undecided one ------------------


@pytest.mark.parametrize("formula, derivative", [
    # (z/(1+z^2))' = (1 - z^2)/(1 + z^2)^2: 0 at 1 (undecided by any sample there), -3/25 at 2.
    ("z/(1+z**2)", lambda z: (1 - z**2) / (1 + z**2) ** 2),
    # (z e^-z)' = (1 - z) e^-z: 0 at 1, negative beyond.
    ("z*exp(-z)", lambda z: (1 - z) * mpmath.exp(-z)),
])
def test_a_negative_slope_after_an_undecided_point_refutes_increasing(formula, derivative):
    with mp40:
        assert derivative(mpmath.mpf(1)) == 0 and derivative(mpmath.mpf(2)) < 0
    check = check_increasing(activation(formula))
    assert check.verdict == "fails", check.detail
    # The formula has no kinks: the kernel decides the sign of sigma' at a rational point exactly.
    assert check.method == "symbolic" and check.certificate is not None


@pytest.mark.parametrize("formula, offset", [
    ("tanh(z) - 10**-30 + 10**-30*sign(z-1)**2", -1),  # sigma(1) = tanh 1 - 1e-30, 1e-30 below both limits
    ("tanh(z) + 10**-30 - 10**-30*sign(z-1)**2", 1),  # sigma(1) = tanh 1 + 1e-30, above both limits
])
def test_a_value_a_hair_off_its_limits_is_seen_exactly(formula, offset):
    """sign(z - 1)^2 is 1 off z = 1 and 0 at it, so sigma = tanh off 1 and tanh 1 + offset*1e-30 at 1: a
    concave sigma is continuous on (0, oo) and an increasing one lies between its one-sided limits
    (limits tanh 1 on both sides); the samples beside 1 read values to ~1e-22 only."""
    with mp40:
        h = mpmath.mpf(10) ** -35
        value = mpmath.tanh(1) + offset * mpmath.mpf(10) ** -30
        assert (value - mpmath.tanh(1 - h)) * offset > 0 and (value - mpmath.tanh(1 + h)) * offset > 0
    act = activation(formula)
    for check in (check_concave(act), check_increasing(act)):
        assert check.verdict == "fails", check.detail


def test_an_upward_jump_with_the_middle_value_stays_increasing():
    """tanh z + Heaviside(z - 1)/10: the value 1/20 + tanh 1 at 1 lies between the limits tanh 1 and
    tanh 1 + 1/10, and tanh' > 0: increasing (a jump up is allowed), not concave (a jump is not)."""
    act = activation("tanh(z) + Heaviside(z-1)/10")
    assert check_increasing(act).verdict != "fails"
    assert check_concave(act).verdict == "fails"
