"""Red team: a fresh set of adversarial activations whose truth is decided by hand (issue 8).

Each formula hides a defect (a cusp or kink at an irrational point, a jump behind Heaviside or
sign, an oscillating tail, bumps on a shrinking set, singularities of σ' accumulating at +∞) or
hides none (kinks that cancel, erf/atan/tanh compositions, a linear piece of slope exactly 1/w).
The tests assert the true mathematical fact only: a false property may never read ``holds``
(symbolic, or numeric where noted), a true one never ``fails``; any ``proved`` bound must not be
beaten by the package's own :func:`vgtheory.gradient` at mpmath precision. Verdicts that are true
may come with any method, or be ``inconclusive``.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from vgtheory import check, gradient
from vgtheory.core.activations import activation
from vgtheory.core.formula_eval import UndeterminedError
from vgtheory.errors import VGTheoryError
from vgtheory.theorems.hypotheses import check_c1, check_concave, check_continuous, check_increasing, hypothesis_H
from vgtheory.properties.four import (
    check_linear_at_origin,
    check_positive_limit,
    check_properties,
    check_real_valued,
    check_vanishing_derivative,
)
from vgtheory.theorems.section import theorem1, theorem2

HALF = sp.Interval.open(0, sp.oo)

# -- defects that must be seen (no holds) ------------------------------------------------------------

#: σ(0) = 0, σ'(0) > 0, bounded, limit 1: but σ is not C¹ at an irrational point b > 0.
NOT_C1 = {
    # cusp: σ' ~ ±(x − √2)^(−1/3) on either side of √2
    "tanh(x)+x*exp(-x**2)*((x-sqrt(2))**2)**(1/3)": sp.sqrt(2),
    # convex kink at √2 (slope jumps up by e^(−2)), written with Max
    "tanh(x)+exp(-x**2)*(Max(x,sqrt(2))-sqrt(2))": sp.sqrt(2),
    # convex kink where tanh(x) = 2 tanh(x/3), i.e. at 3 log((1+√5)/2)
    "Max(tanh(x), 2*tanh(x/3))": 3 * sp.log((1 + sp.sqrt(5)) / 2),
    # a Piecewise, continuous at √2, whose slope jumps from sech²/4 to sech²
    "Piecewise((tanh(x)/4, x < sqrt(2)), (tanh(x) - 3*tanh(sqrt(2))/4, True))": sp.sqrt(2),
    # the same kink behind a non-linear condition (z² < 2), solved by sympy, not read off a linear form
    "Piecewise((tanh(x)/4, x**2 < 2), (tanh(x) - 3*tanh(sqrt(2))/4*sign(x), True))": sp.sqrt(2),
    # a convex kink behind Heaviside: slope jumps up by 1 at √2
    "tanh(x)+Heaviside(x-sqrt(2))*tanh(x-sqrt(2))": sp.sqrt(2),
}

#: σ jumps at √2 (so σ, σ − L/2 and σ' are all discontinuous there).
JUMPS = [
    "tanh(x)+x*exp(-x**2)*Heaviside(x-sqrt(2))",
    "tanh(x)+x*exp(-x**2)*sign(x-sqrt(2))",
]


def _one_sided_slopes(f: str, b: sp.Expr) -> tuple[mpmath.mpf, mpmath.mpf]:
    """σ' just left and just right of b at 50 digits, from the package's own activation."""
    act = activation(f)
    with mpmath.workdps(50):
        bb, h = mpmath.mpf(sp.N(b, 60)), mpmath.mpf(10) ** -20
        return act.slope(bb - h), act.slope(bb + h)


@pytest.mark.slow
@pytest.mark.parametrize("f", list(NOT_C1))
def test_hidden_kink_or_cusp_is_not_c1(f: str) -> None:
    left, right = _one_sided_slopes(f, NOT_C1[f])
    assert abs(right - left) > mpmath.mpf(10) ** -3 or abs(right) > 10**5  # the defect is real
    assert check_c1(activation(f)).verdict != "holds"


@pytest.mark.slow
@pytest.mark.parametrize("f", list(NOT_C1)[1:])
def test_convex_kink_is_not_concave(f: str) -> None:
    # every kink in NOT_C1 after the cusp is convex: slope from the right exceeds the left one
    left, right = _one_sided_slopes(f, NOT_C1[f])
    assert right > left
    act = activation(f)
    assert check_concave(act).verdict != "holds"
    assert hypothesis_H(act).verdict != "holds"


@pytest.mark.parametrize("f", JUMPS)
def test_hidden_jump_is_not_continuous(f: str) -> None:
    act = activation(f)
    with mpmath.workdps(40):
        b, h = mpmath.sqrt(2), mpmath.mpf(10) ** -25
        assert abs(act.value(b + h) - act.value(b - h)) > mpmath.mpf(10) ** -2
    assert check_continuous(act).verdict != "holds"
    assert check_c1(act).verdict != "holds"
    assert hypothesis_H(act).verdict != "holds"


# -- oscillating tails: property 2 (and 3) are false ---------------------------------------------------

OSCILLATING = {
    # z σ'(z) ~ 2 z² cos(z²)/z: unbounded
    "tanh(x)+x*sin(x**2)/(1+x**2)": (lambda n: mpmath.sqrt(2 * mpmath.pi * n)),
    # z σ'(z) ~ cos(z): no limit
    "tanh(x)+x*sin(x)/(1+x**2)": (lambda n: 2 * mpmath.pi * n),
    # z σ'(z) = 2 z² cos(log(1+z²))/(1+z²) ~ 2 cos(2 log z): no limit
    "tanh(x)+sin(log(1+x**2))": (lambda n: mpmath.sqrt(mpmath.exp(2 * mpmath.pi * n) - 1)),
}


@pytest.mark.parametrize("f", list(OSCILLATING))
def test_oscillating_tail_property2_not_holds(f: str) -> None:
    act = activation(f)
    with mpmath.workdps(40):
        z = OSCILLATING[f](40)
        assert abs(z * act.slope(z)) > mpmath.mpf("0.5")  # the witness, far out in the tail
    assert check_vanishing_derivative(act, timeout=3).verdict != "holds"


def test_log_oscillation_has_no_limit() -> None:
    act = activation("tanh(x)+sin(log(1+x**2))")
    with mpmath.workdps(40):
        up, down = (act.value(mpmath.sqrt(mpmath.exp(mpmath.pi * (2 * 30 + s)) - 1)) for s in (mpmath.mpf(1) / 2, 1.5))
        assert up - down > mpmath.mpf("1.9")
    assert check_positive_limit(act, timeout=3).verdict != "holds"


# Bumps of height ~1 at every nπ, width ~1/(nπ): σ(nπ) → 2 while σ → 1 between them.
BUMPS = "tanh(x)+x**2/(1+x**2)*exp(-(x*sin(x))**2)"


@pytest.mark.slow
def test_bumps_on_a_shrinking_set_refute_property3_and_property2() -> None:
    act = activation(BUMPS)
    with mpmath.workdps(40):
        assert act.value(1000 * mpmath.pi) > mpmath.mpf("1.99")
        assert act.value(1000 * mpmath.pi + mpmath.pi / 2) < mpmath.mpf("1.01")
    # Only the properties are asserted: the call check() makes for them (the signal, scaling and findings
    # sections of the report cost twice as much here and are not looked at).
    props = check_properties(BUMPS, timeout=3)
    # Numeric evidence has to be hard to fool (issue 8): these are false whatever the method.
    assert props.positive_limit.verdict != "holds"
    assert props.vanishing_derivative.verdict != "holds"


@pytest.mark.slow
def test_bumps_theorem1_is_refused_for_property2() -> None:
    # g(τ) = ∞ here (t σ'(t) ~ t² near the bumps), so any finite bound at depth 1 is beaten: the only
    # sound answer is a refusal, and it must name the hypothesis that is false.
    w1 = mpmath.mpf("314.16151535897932385")  # ≥ W, next to the bump at 100π
    actual = abs(gradient(BUMPS, [w1], 1, dps=30).df_dw[0])
    assert actual > 100  # the witness that no finite g(τ) exists
    with pytest.raises(VGTheoryError, match="property 2"):
        theorem1(BUMPS, c=1, W=10, depth=1, dps=30)


# A legitimate sigmoid (C^∞, property 2 and 3 hold) with one narrow bump at t = 50: g(5) ≥ 50·σ'(50.07)
# ≈ 0.43, far above tanh's 9.1e-4. Theorem 1 applies; its bound must use the true g.
NARROW_BUMP = "tanh(x)+exp(-100*(x-50)**2)/1000"


@pytest.mark.slow
def test_narrow_bump_theorem1_bound_not_beaten_by_own_gradient() -> None:
    w1 = mpmath.mpf("50.071")  # ≥ W = 10, on the bump's steep flank
    actual = abs(gradient(NARROW_BUMP, [w1], 1, dps=30).df_dw[0])
    assert actual > mpmath.mpf("0.008")
    # Theorem 1's hypotheses are true here, so it must apply (a refusal would be a completeness defect).
    r = theorem1(NARROW_BUMP, c=1, W=10, depth=1, dps=30)
    assert mpmath.mpf(r.to_dict()["bound_df"]) >= actual


@pytest.mark.slow
def test_narrow_dip_below_half_limit_is_not_missed_by_tau0() -> None:
    # σ = tanh t − (4/5) e^(−100 (t − 30)²): L = 1 but σ(30) = tanh(30) − 0.8 ≈ 0.2 < L/2, so
    # "σ(t) ≥ L/2 for all t ≥ τ" is false for every τ ≤ 30 (τ₀ ≥ 30).
    f = "tanh(x)-4*exp(-100*(x-30)**2)/5"
    with mpmath.workdps(30):
        assert activation(f).value(30) < mpmath.mpf("0.21")
    # τ = W·min(c, L/2) = 5 < τ₀: Theorem 1 does not apply at W = 10, and the refusal must say so
    # with a τ₀ that is not below the dip.
    with pytest.raises(VGTheoryError, match="tau0") as info:
        theorem1(f, c=1, W=10, depth=2, dps=30)
    tau0 = mpmath.mpf(str(info.value).split("tau0 = ")[1].split(",")[0])
    assert tau0 >= 30


# Singularities of σ' accumulating at +∞: sqrt|sin(x²)| has σ' = ±∞ at every sqrt(nπ).
@pytest.mark.slow
def test_accumulating_singularities_property2_not_holds() -> None:
    f = "tanh(x)+Abs(sin(x**2))**(1/2)/(1+x**4)"
    act = activation(f)
    assert check_vanishing_derivative(act, timeout=3).verdict != "holds"
    assert check_c1(act).verdict != "holds"


def test_flat_at_origin_property4_fails() -> None:
    # atan(x tanh x) ~ x²: σ(z)/z → 0, not a positive number
    assert check_linear_at_origin("atan(x*tanh(x))", timeout=3).verdict != "holds"


# σ = s/(1+s), s = (1+tanh z)^(z/100) = exp((z/100)·log(2/(1+e^(−2z)))) > 0: real and smooth on R,
# σ → 1 at both ends and z σ'(z) → 0 there (at z = −30 it is 6.7e-7, at z = −100 below 1e-100).
# In floating point 1 + tanh(z) underflows to 0 for very negative z: that is no counterexample.
UNDERFLOW = "(1+tanh(x))**(x/100)/(1+(1+tanh(x))**(x/100))"


@pytest.mark.slow
def test_underflow_is_not_a_refutation() -> None:
    with mpmath.workdps(50):
        z = mpmath.mpf(-30)
        s = mpmath.exp((z / 100) * (mpmath.log(2) - mpmath.log1p(mpmath.exp(-2 * z))))
        assert s > 0
    act = activation(UNDERFLOW)
    assert check_real_valued(act).verdict != "fails"
    # Far out sigma' (about -10^(-9.55e9) at z = -2^20) lies below every precision the guard
    # tries: no number is returned for it (it used to be -5.4e-4959, rounding noise), only arb's
    # rigorous bound on its size, and that bound is what shows z*sigma'(z) -> 0 at -oo.
    with mpmath.workdps(30):
        with pytest.raises(UndeterminedError) as info:
            act.slope(-mpmath.mpf(2) ** 20)
    assert info.value.bound is not None and 0 <= info.value.bound < mpmath.mpf(10) ** -300
    result = check_vanishing_derivative(act, ends=("-oo",), timeout=2)
    assert result.verdict == "holds", result


def test_removable_point_at_origin_is_no_refutation_of_the_stated_limit() -> None:
    # σ = tanh z for z ≠ 0 and σ(0) = 1: σ(z)/z = tanh(z)/z → 1 as z → 0 (the limit never looks at
    # z = 0). A "fails" must then rest on a statement that includes σ(0) = 0, not on "σ(z)/z is
    # unbounded near 0", which is false here.
    r = check_linear_at_origin("tanh(x)+1-sign(x)**2", timeout=3)
    with mpmath.workdps(30):
        assert abs(activation("tanh(x)+1-sign(x)**2").value(mpmath.mpf(10) ** -10) / mpmath.mpf(10) ** -10 - 1) < 1e-15
    assert r.verdict != "fails" or "sigma(0)" in r.statement


# -- no defect: nothing may read fails -----------------------------------------------------------------

CANCELLING = [
    # Max + Min − x − √2 ≡ 0: σ = tanh exactly
    "tanh(x)+Max(x,sqrt(2))+Min(x,sqrt(2))-x-sqrt(2)",
]


@pytest.mark.parametrize("f", CANCELLING)
def test_cancelling_kinks_are_not_refuted(f: str) -> None:
    act = activation(f)
    assert check_c1(act).verdict != "fails"
    # σ' = sech² > 0 everywhere: a slope that underflows to 0.0 at 30 digits refutes nothing
    assert check_increasing(act).verdict != "fails"
    assert hypothesis_H(act).verdict != "fails"


@pytest.mark.slow
def test_tanh_plus_convex_part_increasing_is_not_refuted() -> None:
    # σ' = sech²(t) + H(t − √2) sech²(t − √2) > 0 for all t: σ is strictly increasing
    act = activation("tanh(x)+Heaviside(x-sqrt(2))*tanh(x-sqrt(2))")
    assert check_increasing(act).verdict != "fails"


def test_sum_of_tanhs_meets_h_and_is_not_refuted() -> None:
    # σ = tanh z + tanh(z/2): σ' = sech² z + sech²(z/2)/2 > 0 and σ'' ≤ 0 on [0, ∞), bounded, σ(0) = 0:
    # (H) holds, so Theorem 2 applies; sech²(87)/2 ≈ 1e-75 is no "σ' = 0".
    act = activation("tanh(x)+tanh(x/2)")
    with mpmath.workdps(30):
        assert mpmath.sech(87) ** 2 > 0
    assert check_increasing(act).verdict != "fails"


@pytest.mark.slow
@pytest.mark.parametrize("f", ["erf(atan(x))", "tanh(erf(x))"])
def test_compositions_are_sigmoid_type_and_proved_bounds_hold(f: str) -> None:
    # bounded, L = erf(π/2) or tanh(1) > 0, zσ' → 0, σ'(0) = 2/√π; σ' is a product of positive
    # decreasing factors on [0, ∞), so (H) holds too.
    props = check_properties(f, timeout=3)  # what check(f, timeout=3) reports as its properties
    for name in ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin"):
        assert getattr(props, name).verdict != "fails"
    # theorem2 would compute check_properties(f, timeout=3) itself (3 x its 1 s step): the same call.
    r = theorem2(f, w=2, x=1, depth=10, dps=30, props=props)
    actual = gradient(f, [2] * 10, 1, dps=30).df_dw[0]
    # (H) holds, x = 1 ≥ z*: the upper bound must be claimed (proved or numeric) and never beaten.
    (upper,) = [c for c in r.claims if c.statement.startswith("df/dw_1 <=")]
    assert upper.status in ("proved", "numeric") and upper.verdict == "holds"
    assert r.bound_direction == "upper" and r.bound_df_dw1(10) >= actual


# A linear piece of slope exactly 1/w = 1 through the origin: x = 1 is a fixed point of the chain
# with w = 1, so df/dw_1 = 1 at every depth. (H) holds (σ is C¹, concave, increasing, bounded).
BORDER = "Piecewise((-1-(1-exp(x+1)), x < -1), (x, x < 1), (1+(1-exp(1-x)), True))"


@pytest.mark.slow
def test_slope_exactly_one_over_w_no_decay_is_not_reported_as_decay() -> None:
    actual = gradient(BORDER, [1] * 100, 1, dps=30).df_dw[0]
    assert abs(actual - 1) < mpmath.mpf(10) ** -20
    r = theorem2(BORDER, w=1, x=1, depth=100, dps=30)
    (upper,) = [c for c in r.claims if c.statement.startswith("df/dw_1 <=")]
    assert upper.status in ("proved", "numeric") and r.bound_df_dw1(100) >= actual
    summary = check(BORDER, timeout=3, signal=False).theorems.summary_lines()  # the theorems section only
    lines = [s for s in summary if "aw = 1" in s]
    # the gradient does not decay at all here; no line may say it does
    assert lines and not any("decays" in s for s in lines)


# Planted defects at irrational points (cusps, kinks, jumps, cancelled kinks) on random sigmoid-type sums:
# tests/strategies.py planted_defects, run both ways in tests/test_properties_hyp.py.


def test_rate_evidence_of_the_scaled_chain_is_the_chain_ratio() -> None:
    # softsign with w = 3/2 has z* = 1/3; with s = 3 and x = 1 = s z* the scaled chain sits at its fixed
    # point, so ∂f/∂w_1 at depth l+1 over depth l is exactly ρ = w σ'(w z*) = 2/3. The evidence printed
    # for the rate claim must be that ratio (the scaled chain needs σ'(w z_l / s), not σ'(w z_l)).
    f, w, s = "x/(1+Abs(x))", mpmath.mpf("1.5"), 3
    r = theorem2(f, w=w, x=1, depth=7, s=s, dps=30)
    with mpmath.workdps(30):
        d7, d8 = (s * gradient(f, [w] * k, mpmath.mpf(1) / s, dps=30).df_dw[0] for k in (7, 8))
        true_ratio = d8 / d7
    assert abs(true_ratio - mpmath.mpf(2) / 3) < mpmath.mpf(10) ** -12
    (claim,) = [c for c in r.claims if c.statement.startswith("df/dw_1 = C*rho^l")]
    printed = mpmath.mpf(claim.detail.split("ratio of depth l+1 to depth l: ")[1].split(";")[0])
    assert abs(printed - true_ratio) < mpmath.mpf(10) ** -6
