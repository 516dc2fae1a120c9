"""Quick default-suite versions of the fixes of session 27 (the held-out originals run in the slow suite)."""

from __future__ import annotations

import math

import mpmath as mp
import pytest

import vgtheory as v
from vgtheory.core.activations import activation
from vgtheory.meanfield.callable_cuts import found_cuts
from vgtheory.meanfield.callable_slope import squared_slope_noise
from vgtheory.meanfield.moments import Moments


def _hardsigmoid(z: float) -> float:
    return min(max(z + 3.0, 0.0), 6.0) / 6.0


# -- R47b-2: a clamp's rounding (z + 3) read as hundreds of ramps of its difference slope -----------------------------

def test_rounding_of_a_difference_slope_is_not_cut_at():
    # sigma' = 1/6 on (-3, 3) and 0 outside: D(4) = P(|u| < 3)/36, u ~ N(0, 4), i.e. erf(3/(2 sqrt 2))/36. The two
    # kinks give one innermost ramp each (their ends and the kink found in it are the cuts); the central difference's
    # rounding (relative 1e-11, z + 3 rounds) is no ramp: before the fix, 256 "ramps" and 512 cuts.
    d = Moments(activation(_hardsigmoid), "float64", 20).D(4)
    truth = mp.erf(3 / mp.sqrt(8)) / 36
    assert abs(d.value - truth) <= d.error
    assert d.error < 1e-4 * truth  # the kinks' ramps' shares: 3.3e-7
    assert len(d.ramps) <= 4 and all(abs(abs(lo + hi) / 2 - 3) < 0.1 for lo, hi in d.ramps)


def test_nested_ramp_brackets_report_the_outermost():
    # E[sigma(u)], u ~ N(0, 1): bisection brackets the kink at -3 again and again (44 nested brackets, 88 cuts, which
    # switched the mpmath rules' splitting off for every q); only the outermost bracket of each nest is a ramp (an
    # inner one may hold one corner of the ramp only, R49b-2).
    sib = Moments(activation(_hardsigmoid), "float64", 20)
    ramps = sib._value_expectation(mp.mpf(1)).ramps
    for kink in (-3.0, 3.0):
        around = [r for r in ramps if r[0] <= kink <= r[1]]
        assert len(around) == 1
    assert len(found_cuts(sib, mp.mpf(1))) <= 32


def test_slope_noise_bounds_the_observed_rounding():
    # on (-3, 3) sigma' is exactly 1/6; the central difference at SLOPE_STEP deviates by rounding only, and the bound
    # must cover what is seen at a handful of points (and be far below a kink's rise, 1/36)
    noise = squared_slope_noise(_hardsigmoid)
    sigma = activation(_hardsigmoid)
    for u in (-2.97, -1.3, 0.5, 2.2, 2.9):
        seen = abs(float(sigma.slope(mp.mpf(u))) ** 2 - 1 / 36)
        assert seen <= noise(u) < 1e-9


def test_slope_noise_is_unbounded_where_sigma_is_undefined():
    noise = squared_slope_noise(lambda z: math.log(z))
    assert noise(-1.0) == math.inf


# -- R47b-2: a torch module's autograd slope is used only where it agrees with the differences of its values --------

@pytest.mark.slow
def test_autograd_taken_only_where_it_agrees():
    torch = pytest.importorskip("torch")
    assert activation(torch.nn.Tanh()).uses_autograd
    # torch's backward of Hardsigmoid multiplies by a float32 1/6 (3e-8 off), CELU(0.7)'s by a float32 1/0.7
    assert not activation(torch.nn.Hardsigmoid()).uses_autograd
    assert not activation(torch.nn.CELU(0.7)).uses_autograd
    # a plain callable has no autograd
    assert not activation(_hardsigmoid).uses_autograd


@pytest.mark.slow
def test_hardsigmoid_module_slope_is_its_values_slope():
    torch = pytest.importorskip("torch")
    sigma = activation(torch.nn.Hardsigmoid())
    assert abs(float(sigma.slope(mp.mpf("0.0625"))) - 1 / 6) < 1e-10


@pytest.mark.slow
def test_hardsigmoid_lambda_critical_init():
    # truth 10.339291260709001 (tests/test_heldout_s47b.py: secant on chi1 - 1 with the oracles' mean field split at
    # -3 and 3, 30 digits); the same function as a float64 lambda was refused ("no sigma_w with chi1 = 1 found")
    c = v.critical_init(_hardsigmoid, "0.3")
    assert abs(mp.mpf(c.sigma_w) - mp.mpf("10.339291260709001")) <= mp.mpf(c.sigma_w_error) + 1e-15


# -- R48a-1: a union whose parts share an end sympy cannot order (log 6, log 2 + log 3) ---------------------------------

def test_union_with_ends_sympy_cannot_order_is_no_traceback():
    import sympy as sp

    from vgtheory.core.activations import Z
    from vgtheory.properties.smoothness import check_c1, check_continuous

    l6, l23 = sp.log(6), sp.log(2) + sp.log(3)
    # [0, log 6] U [log 2 + log 3, 3] is [0, 3], and |z - log 6| has slopes -1, +1 at log 6 inside it: not C^1
    r = check_c1(activation(sp.Abs(Z - l6)), sp.Union(sp.Interval(0, l6), sp.Interval(l23, 3), evaluate=False))
    assert r.verdict in ("fails", "inconclusive")
    # log 6 in neither open part: the step at log 6 is continuous on the union
    step = sp.Piecewise((0, Z < l6), (1, True))
    r = check_continuous(activation(step), sp.Union(sp.Interval.open(0, l6), sp.Interval.open(l23, 3), evaluate=False))
    assert r.verdict in ("holds", "inconclusive")


def test_an_unevaluated_value_is_not_called_infinite():
    import sympy as sp

    from vgtheory.core.activations import Z
    from vgtheory.properties.smoothness import check_c1

    # sigma(log 6) = Max(0, 0)^2 = 0, finite; sympy leaves Max(0, log 6 - log 2 - log 3) unevaluated
    r = check_c1(activation(sp.Max(0, Z - sp.log(2) - sp.log(3)) ** 2), sp.Interval(0, sp.log(6)))
    assert "not a finite number" not in r.detail


def test_theorem2_summary_labels_the_exact_rate_with_its_own_status():
    from vgtheory.theorems.section import _t2_summary
    from vgtheory.theorems.theorem2 import theorem2

    r = theorem2("tanh", x=1, w=2, depth=10)
    exact = next(c for c in r.claims if c.statement.startswith("df/dw_1 = C*rho^l"))
    assert "decays like rho^l with rho = " in _t2_summary(r) and _t2_summary(r).count(f"[{exact.status}]") == 1


# -- R48b-1: values on a staircase coarser than their ulp read as no noise -----------------------------------------------

@pytest.mark.parametrize("shift, t", [(1e6, 0.381), (1e6, 3.711), (1e7, -1.469)])
def test_staircase_values_claim_no_more_digits_than_they_hold(shift, t):
    from vgtheory.core.float_slope import float_report

    # (tanh t + C) - C is tanh t rounded to a quantum ulp(C) (1.2e-10 for C = 1e6): its slope is sech^2 t, and the
    # relative error claimed must cover the difference quotients' actual error (8 digits were claimed with 5 right)
    d, rel, value_err = float_report(lambda z: (math.tanh(z) + shift) - shift, mp.mpf(t))
    truth = mp.sech(t) ** 2
    assert abs(d - truth) <= rel * truth
    assert value_err >= 0.4 * math.ulp(shift) / abs(math.tanh(t))  # the quantum, not 2^-52, bounds the values


# -- R44b-2..4 closed as the documented limit of a black box: every callable result says what its errors assume -------

def test_callable_results_state_the_black_box_assumption():
    from vgtheory.meanfield.callable_cuts import BLACK_BOX

    r = v.signal(math.tanh, "1.5", "0.3", backend="float64")
    assert r.assumption == BLACK_BOX and r.to_dict()["assumption"] == BLACK_BOX
    assert BLACK_BOX in Moments(activation(math.tanh), "float64", 20).V(1).method
    # a formula's switches and features are found, and nothing is assumed beyond the rules' agreement
    f = v.signal("tanh", "1.5", "0.3", backend="float64")
    assert f.assumption is None and BLACK_BOX not in Moments.of(activation("tanh"), "float64", 20).V(1).method
    assert abs(r.chi1 - f.chi1) <= r.chi1_error + f.chi1_error


@pytest.mark.slow
def test_callable_recommendation_states_the_black_box_assumption():
    from vgtheory.meanfield.callable_cuts import BLACK_BOX

    rec = v.recommend_init(math.tanh)
    assert rec.assumption == BLACK_BOX and BLACK_BOX in str(rec) and rec.to_dict()["assumption"] == BLACK_BOX
    assert v.recommend_init("tanh").assumption is None


# -- R49: hidden-empty union parts, staircase treads, the outermost ramp, t^2 in the precision guard ------------------

def test_a_union_part_not_shown_nonempty_separates_nothing():
    import sympy as sp

    from vgtheory.core.activations import Z
    from vgtheory.properties.smoothness import check_c1

    h = sp.log(2) + sp.log(3) - sp.log(6)  # 0, which sympy's relational cannot tell
    e = sp.Rational(1, 10**200)
    trap = sp.Union(sp.Interval.Ropen(-3, 0), sp.Interval.open(2 * e, h - e), sp.Interval(h, 3), evaluate=False)
    # the middle part is empty, so the set is [-3, 3], and |z| is not C^1 at 0 inside it
    assert check_c1(activation(sp.Abs(Z)), trap).verdict in ("fails", "inconclusive")


@pytest.mark.parametrize("fn, t, truth", [
    (lambda z: round(math.tanh(z), 7), -4.799, lambda t: mp.sech(t) ** 2),
    (lambda z: (math.tanh(z) + 3e5) - 3e5, 8.891, lambda t: mp.sech(t) ** 2),
])
def test_a_tread_wider_than_the_points_is_no_proof_of_no_noise(fn, t, truth):
    from vgtheory.core.float_slope import float_report

    d, rel, _ = float_report(fn, mp.mpf(t))
    assert abs(d - truth(mp.mpf(t))) <= rel * abs(truth(mp.mpf(t)))


def test_a_clamps_ramp_is_counted_whole():
    # sigma' = [|u| < 1]: D(q) = erf(1/sqrt(2q)) exactly; at this q the innermost bracket held half the ramp
    q = mp.mpf(0.05496288204001797)
    d = Moments(activation(lambda z: min(max(z, -1.0), 1.0)), "float64", 20).D(q)
    assert abs(d.value - mp.erf(1 / mp.sqrt(2 * q))) <= d.error


def test_the_precision_guard_resolves_t_squared():
    import sympy as sp

    from vgtheory.core.activations import Z

    # Gamma(x + 1)/Gamma(x + 3/2) = x^(-1/2) (1 + O(1/x)): sigma(2^100) = 1 - O(2^-200); at 30 digits z^2 + 1 and
    # z^2 + 3/2 round to one number and sigma read 2^100
    sigma = activation(Z * sp.gamma(Z**2 + 1) / sp.gamma(Z**2 + sp.Rational(3, 2)))
    assert abs(sigma.value(mp.mpf(2) ** 100) - 1) < mp.mpf(10) ** -20


# -- R50: z^4 in the precision guard; a step next to f is a step -----------------------------------------------------

def test_the_precision_guard_resolves_the_largest_power_of_z():
    import sympy as sp

    from vgtheory.core.activations import Z

    # z^2 Gamma(z^4 + 1)/Gamma(z^4 + 3/2) = 1 - 3/(8 z^4) + ...: sigma(2^100) = 1 - O(2^-402); z^4 + 1 and z^4 + 3/2
    # are one number at 30 digits and at 30 + 2 x 100 bits, and sigma read 2^200
    sigma = activation(Z**2 * sp.gamma(Z**4 + 1) / sp.gamma(Z**4 + sp.Rational(3, 2)))
    assert abs(sigma.value(mp.mpf(2) ** 100) - 1) < mp.mpf(10) ** -20


def test_a_step_next_to_f_followed_by_equal_values_is_a_step():
    from vgtheory.core.float_slope import float_report

    # round(tanh t, 5) at 0.1517: one side flat, the other's only step in its first interval (read as a kink: 9
    # digits claimed of 0.994243 where sech^2 t = 0.977342)
    t = mp.mpf(0.1516767884996728)
    d, rel, _ = float_report(lambda z: round(math.tanh(z), 5), t)
    assert abs(d - mp.sech(t) ** 2) <= rel * mp.sech(t) ** 2
