"""Session 12, callables: the slope of a scaled callable (test_properties_hyp's scaling identity), a
saturated mpmath callable's slope read as a constant piece, and red team 11b items R11b-3..6 (float64
callables at a float within 1e-8 of a kink, cancellation below 1e-12, a pole of small residue between
samples, an oscillating tail's printed maximum).

Truths are by construction (the kink's side, an exact constant piece) or from mpmath at 60-400 digits
with the activation's mathematical definition (tests/oracles.chain_partials); a printed decimal is
right when it equals the truth to as many significant digits as it shows (one unit of the last place
allowed for the rounding)."""

from __future__ import annotations

import math

import mpmath
import pytest

import vgtheory
from vgtheory import activation
from oracles import chain_partials


def _right(printed: str, truth, claimed: int) -> bool:
    """Whether ``printed`` is within one unit of its ``claimed``-th significant digit of the truth
    (nstr writes one digit as "3.0e-13": the digits claimed, not those printed, are the promise)."""
    if printed == "undetermined" or claimed == 0:
        return True
    with mpmath.workdps(450):
        value, truth = mpmath.mpf(printed), mpmath.mpf(truth)
        if not truth or not value:  # a printed 0 claims an exact zero
            return value == truth
        return abs(value - truth) <= abs(truth) * mpmath.mpf(10) ** (1 - claimed)


def _check(act, w, x, sigma, dsigma, dps=30, oracle_dps=120):
    """Every printed z_k and df/dw_j right to the digits claimed for it."""
    g = vgtheory.gradient(act, w, x=x, dps=dps)
    out = g.to_dict()
    z, df, _ = chain_partials(sigma, dsigma, w, x, 0, oracle_dps)
    for printed, truth in zip(out["z"], z):
        assert _right(printed, truth, out["forward_digits"]), (printed, mpmath.nstr(truth, 20), g.precision_note)
    for printed, truth in zip(out["df_dw"], df):
        assert _right(printed, truth, out["digits"]), (printed, mpmath.nstr(truth, 20), g.precision_note)
    return g


def _sech2(t):
    return mpmath.sech(t) ** 2


# -- the scaled callable's slope (test_properties_hyp::test_scaling_identity_on_callables) -----------------


@pytest.mark.parametrize("s,u", [("0.1", -2), ("0.1", 3), ("0.25", -7), ("40", 5)])
def test_scaled_callable_slope_is_the_chain_rule(s, u):
    # d/du s*tanh(u/s) = sech^2(u/s): 1.7e-17 at u/s = -20, next to a value s*tanh = 0.1
    f = activation("tanh")
    fn = activation(lambda t: f.value(t))
    with mpmath.workdps(30):
        got = fn.scaled(s).slope(u)
    with mpmath.workdps(80):
        truth = _sech2(mpmath.mpf(u) / mpmath.mpf(s))
        assert abs(got - truth) <= abs(truth) * mpmath.mpf(10) ** -25


def test_naive_scaled_callable_slope():
    fn = activation(lambda t: mpmath.tanh(t))
    with mpmath.workdps(30):
        got = fn.naive_scaled(3).slope(25)
    with mpmath.workdps(80):
        truth = 3 * _sech2(mpmath.mpf(25))
        assert abs(got - truth) <= abs(truth) * mpmath.mpf(10) ** -25


def test_scaled_float_callable_slope_error_is_honest():
    # float64 tanh scaled by 0.1 at u = -2: sigma' = sech^2(-20) = 1.7e-17, far below the value's rounding
    sc = activation(math.tanh).scaled("0.1")
    with mpmath.workdps(30):
        slope, err, _ = sc.float_report(mpmath.mpf(-2))
    with mpmath.workdps(60):
        truth = _sech2(mpmath.mpf(-20))
        assert abs(slope - truth) <= abs(truth) * max(mpmath.mpf(err), mpmath.mpf(10) ** -300)


def test_saturated_mpmath_callable_is_not_a_constant_piece():
    # tanh(150 +- h) is 1 to 130 digits: its slope 2e-130 was read as exactly 0, all digits claimed
    g = _check(lambda z: mpmath.tanh(z), [1, 1], 150, mpmath.tanh, _sech2, oracle_dps=300)
    assert g.df_dw[0] != 0


def test_constant_piece_of_an_mpmath_callable_is_still_zero():
    relu = lambda z: z if z > 0 else 0 * z  # noqa: E731
    # one layer: a second would take relu at its kink, t = 0, where no slope is confirmed
    g = _check(relu, [1], "-2", lambda t: max(t, 0 * t), lambda t: mpmath.mpf(t > 0))
    assert g.df_dw[0] == 0 and g.digits >= 25


@pytest.mark.parametrize("x", ["1e-300", "-1e-300", "3e-25"])
def test_mpmath_leaky_relu_near_its_kink_at_zero(x):
    # max(z/100, z): slope 1 for z > 0, 1/100 for z < 0; steps absolute 1e-18 straddled 0 from 1e-300
    leaky = lambda z: max(z / 100, z)  # noqa: E731
    _check(leaky, [1, 1], x, lambda t: max(t / 100, t), lambda t: mpmath.mpf(1) if t > 0 else mpmath.mpf(1) / 100)


# -- R11b-3: a float input within 1e-8 of a kink -------------------------------------------------------------


def _hardtanh(t):
    return max(-1 + 0 * t, min(1 + 0 * t, t))


def _hardtanh_slope(t):
    return mpmath.mpf(1 if abs(t) < 1 else 0)


def _fh(z):
    return max(-1.0, min(1.0, z))


def _piece(z):
    return math.tanh(z) if z < 0.5 else math.tanh(0.5) + 0.1 * (z - 0.5)


X_ABOVE_ONE = "1.000000007450580596923828125"  # 1 + 2^-27, a float
X_BELOW_HALF = "0.499999999068677425384521484375"  # 1/2 - 2^-30, a float


@pytest.mark.parametrize("w,x", [([1], X_ABOVE_ONE), ([1, 2], X_BELOW_HALF)])
def test_float_hardtanh_next_to_its_kink(w, x):  # R11b-3 (a), (b)
    assert float(mpmath.mpf(x)) == mpmath.mpf(x)
    _check(_fh, w, x, _hardtanh, _hardtanh_slope)


def test_float_piecewise_next_to_its_kink():  # R11b-3 (c): t < 1/2, the tanh piece
    g = _check(_piece, [1], X_BELOW_HALF, mpmath.tanh, _sech2)
    assert g.digits >= 2


def test_torch_modules_next_to_their_kinks():  # R11b-3 (d)
    torch = pytest.importorskip("torch")

    class Piece(torch.nn.Module):
        def forward(self, x):
            return torch.where(x < 0.5, torch.tanh(x), math.tanh(0.5) + 0.1 * (x - 0.5))

    g = _check(torch.nn.Hardtanh(), [1], X_ABOVE_ONE, _hardtanh, _hardtanh_slope)
    assert g.df_dw[0] == 0
    g = _check(Piece(), [1], X_BELOW_HALF, mpmath.tanh, _sech2)
    assert g.digits >= 2


# -- R11b-4: cancellation inside a float64 callable below 1e-12 -----------------------------------------------


def _th(z):
    return (math.exp(z) - math.exp(-z)) / (math.exp(z) + math.exp(-z))


def _sp(z):
    return math.log1p(math.exp(z)) - math.log(2)


def _sp_true(t):
    return mpmath.log(1 + mpmath.exp(t)) - mpmath.log(2)


@pytest.mark.parametrize("f", [1e-16, 1e-15, 3e-15, 1e-14, 7e-14, 1e-13, 5e-13, 1e-12, 2.5e-12, 1e-10, 3e-8])
def test_value_error_of_a_cancelling_callable_is_not_understated(f):  # R11b-4
    from vgtheory.core.callables import float_report

    for g, truth in ((_th, mpmath.tanh), (_sp, _sp_true)):
        _, _, value_err = float_report(g, mpmath.mpf(f))
        with mpmath.workdps(60):
            exact = truth(mpmath.mpf(f))
            assert abs(g(f) - exact) <= abs(exact) * mpmath.mpf(value_err), (g.__name__, f, value_err)


@pytest.mark.parametrize("f", [1e-300, 1e-15, 1e-13, 1e-10, 0.3])
def test_precise_callable_keeps_its_value_digits(f):  # the probe does not take rounding for cancellation
    from vgtheory.core.callables import float_report

    assert float_report(math.tanh, mpmath.mpf(f))[2] < 1e-14


@pytest.mark.parametrize("x", ["1e-13", "1e-14", "1e-12"])
def test_chain_through_cancelling_tanh(x):  # R11b-4
    _check(_th, [1, 1, 1], x, mpmath.tanh, _sech2, oracle_dps=400)


def test_chain_through_cancelling_softplus():  # R11b-4
    _check(_sp, [1, 1], "1e-12", _sp_true, lambda t: 1 / (1 + mpmath.exp(-t)), oracle_dps=400)


def test_torch_module_that_cancels():  # R11b-4
    torch = pytest.importorskip("torch")

    class Th(torch.nn.Module):
        def forward(self, x):
            return (torch.exp(x) - torch.exp(-x)) / (torch.exp(x) + torch.exp(-x))

    _check(Th(), [1, 1, 1], "1e-13", mpmath.tanh, _sech2, oracle_dps=400)


# -- R11b-6: a pole of small residue between the grid points --------------------------------------------------


def _pole(z):
    return mpmath.tanh(z) + mpmath.mpf(10) ** -20 / (z - mpmath.sqrt(2))


@pytest.mark.slow
def test_callable_with_a_hidden_pole_is_not_bounded():  # R11b-6
    # sigma -> +oo as z -> sqrt(2)+: unbounded on every neighbourhood of sqrt 2
    from vgtheory.properties.four import check_bounded

    r = check_bounded(_pole)
    assert r.verdict != "holds", r.detail
    if r.verdict == "fails":
        assert abs(mpmath.mpf(r.witness["z"]) - mpmath.sqrt(2)) < 1e-9


@pytest.mark.slow
def test_hidden_pole_beside_a_jump():
    from vgtheory.properties.four import check_bounded

    r = check_bounded(lambda z: _pole(z) + mpmath.sign(z - mpmath.mpf("1.2")))
    assert r.verdict != "holds", r.detail


@pytest.mark.parametrize("fn", [lambda z: mpmath.sign(z - mpmath.mpf("0.7123")), lambda z: z / (1 + abs(z)),
                                lambda z: mpmath.tanh(z) + 1 / (1 + 10**20 * (z - mpmath.mpf("0.3")) ** 2)],
                         ids=["jump", "kink", "spike"])
def test_bounded_callables_with_jumps_kinks_spikes_still_hold(fn):
    # |sign| <= 1, |z/(1+|z|)| < 1, tanh + a spike of height 1: bounded, no pole anywhere
    from vgtheory.properties.four import check_bounded

    assert check_bounded(fn).verdict == "holds"


# -- R11b-5: the tail of z*sigma'(z) of an oscillating callable -------------------------------------------------


def _osc(z):
    return mpmath.tanh(z) + mpmath.sin(z**2) / (1 + z**2)


def _osc_h(t):
    """z sigma'(z) of _osc, from its derivative in closed form, at enough digits for t^2's phase."""
    with mpmath.workprec(2 * max(mpmath.mag(t), 1) + 200):
        t = +t
        s2 = 1 + t * t
        return t * mpmath.sech(t) ** 2 + 2 * t * t * mpmath.cos(t * t) / s2 - 2 * t * t * mpmath.sin(t * t) / s2**2


def test_tail_values_of_an_oscillating_callable_are_right():  # R11b-5
    from vgtheory.core.activations import activation as act_of
    from vgtheory.properties.evidence import tail_evidence

    record = tail_evidence(act_of(_osc), 1, 30)
    far = [(t, v) for t, v in record.points if v is not None and t > 100]
    for t, v in far:
        truth = _osc_h(t)
        assert abs(v - truth) <= mpmath.mpf(10) ** -3 * abs(truth) + mpmath.mpf(10) ** -20, (t, v, truth)


def test_printed_tail_value_of_an_oscillating_callable_is_right():  # R11b-5
    from vgtheory.properties.four import check_vanishing_derivative

    r = check_vanishing_derivative(_osc)
    assert r.verdict != "holds"
    # z sigma'(z) has no limit (about 2 cos z^2 far out): a printed tail value, if any, is not tiny
    for key in ("max |z*sigma'(z)| at the sampled tail", "z*sigma'(z)"):
        if key in r.witness:
            assert abs(mpmath.mpf(r.witness[key].lstrip("<= "))) > 1e-3, r
