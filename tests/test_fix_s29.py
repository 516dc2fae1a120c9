"""Quick default-suite versions of the fixes of session 26 (the held-out originals run in the slow suite)."""

from __future__ import annotations

import math

import mpmath as mp
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from vgtheory.core.activations import Z, activation
from vgtheory.core.interval_sign import nonnegative_on
from vgtheory.core.pieces import untrusted_domain
from vgtheory.meanfield.moments import Moments
from vgtheory.properties.smoothness import check_c1, check_c2, check_continuous

R = sp.Rational


# -- R45a-2: sympy's continuous_domain reads an odd root of a negative base as the real root -------------------------

@pytest.mark.parametrize("expr, interval", [
    (Z**R(1, 3), sp.Interval(-2, -1)),  # principal z^(1/3) is not real for z < 0
    ((Z**2 - 4)**R(1, 3), sp.Interval(0, 1)),  # base -4 .. -3
    ((Z - 1)**R(2, 3), sp.Interval(0, 1)),  # even numerator: still not real for z < 1
])
def test_no_proof_of_continuity_where_the_principal_power_is_not_real(expr, interval):
    # at the interval's midpoint the base is negative, and the principal power's imaginary part |b|^(p/q) sin(p pi/q)
    # is not 0: sigma has no real value there, so it is not continuous on the interval
    m = (interval.inf + interval.sup) / 2
    b = next(n for n in sp.preorder_traversal(expr) if isinstance(n, sp.Pow) and not n.exp.is_Integer)
    assert b.base.subs(Z, m) < 0
    assert untrusted_domain([expr], interval) is not None
    r = check_continuous(activation(expr), interval)
    assert not (r.verdict == "holds" and r.method == "symbolic"), r


def test_odd_root_of_a_base_positive_on_the_interval_is_still_proved():
    # x/(1 + x^2)^(1/3) and z^(4/3) on [0, oo): every base >= 0 there, and sympy's reading is the principal one
    assert untrusted_domain([Z / (1 + Z**2)**R(1, 3)], sp.S.Reals) is None
    assert untrusted_domain([Z**R(4, 3)], sp.Interval(0, sp.oo)) is None
    assert untrusted_domain([Z**R(4, 3)], sp.S.Reals) is not None
    r = check_c1("z*cbrt(z)", sp.Interval(0, sp.oo))
    assert (r.verdict, r.method) == ("holds", "symbolic"), r


# -- session 26's own finding: a closed end of the interval was no breakpoint when sigma had no switch ----------------

@pytest.mark.parametrize("formula, interval, check", [
    ("1/z", sp.Interval(0, 1), check_continuous),  # sigma(0) undefined, sigma -> oo at 0+
    ("tanh(z) + 1/z", sp.Interval(0, 1), check_continuous),
    ("z*cbrt(z)", sp.Interval(0, sp.oo), check_c2),  # sigma'' = (4/9) z^(-2/3) -> oo at 0+
    ("log(z)", sp.Interval(0, 2), check_continuous),  # -oo at 0+
])
def test_closed_end_where_sigma_blows_up_is_no_proof(formula, interval, check):
    r = check(formula, interval)
    assert r.verdict == "fails" and sp.sympify(r.witness["z"]) == interval.inf, r
    # the open interval leaves the bad end out: there the same sigma is continuous (C^2)
    opened = check(formula, sp.Interval.open(interval.inf, interval.sup))
    assert opened.verdict == "holds", opened


# -- interval signs by arb: sound on bases whose truth is known by construction --------------------------------------

@settings(max_examples=25, deadline=None)
@given(c=st.fractions(min_value=-3, max_value=3, max_denominator=50),
       lo=st.fractions(min_value=-4, max_value=4, max_denominator=20),
       width=st.fractions(min_value=R(1, 20), max_value=3, max_denominator=20))
def test_nonnegative_on_never_claims_a_negative_value(c, lo, width):
    # b = sin(z - c) on [lo, lo + width]: nonnegative there iff [lo - c, lo + width - c] lies in [2k pi, (2k + 1) pi]
    c, lo, width = R(c), R(lo), R(width)
    b, interval = sp.sin(Z - c), sp.Interval(lo, lo + width)
    claimed = nonnegative_on(b, Z, interval)
    samples = [lo + width * k / 64 for k in range(65)]
    if claimed:
        assert all(b.subs(Z, p).evalf(30) >= -1e-25 for p in samples)
    a, e = float(lo - c), float(lo + width - c)
    k = math.floor(a / (2 * math.pi))
    strictly_inside = 2 * k * math.pi + 1e-9 < a and e < (2 * k + 1) * math.pi - 1e-9
    if strictly_inside:  # well inside a positive half-period: the enclosures must show it
        assert claimed


def test_nonnegative_on_proves_a_base_that_vanishes_at_an_end():
    assert nonnegative_on(sp.sin(Z), Z, sp.Interval.open(0, 1))
    assert nonnegative_on(-sp.sin(Z), Z, sp.Interval.open(-1, 0))
    assert not nonnegative_on(sp.sin(Z), Z, sp.Interval.open(-1, 0))
    # a window 10^-20 wide where the base is negative, inside the interval: never shown nonnegative
    assert not nonnegative_on((Z - 2)**2 - R(1, 10**40), Z, sp.Interval(0, 3))


# -- R45b-1: a callable's kinks cut the mpmath rules, with one-sided slopes beside them -----------------------------

@pytest.mark.parametrize("q", ["0.6", "1", "4"])
def test_hardtanh_callable_D_mpmath_backend(q):
    # D(q) = P(|u| < 1) = erf(1/sqrt(2q)) for hardtanh; its kinks at +-1 are found by the float64 rules
    r = Moments.of(activation(lambda z: max(-1.0, min(1.0, z))), "mpmath", 20).D(mp.mpf(q))
    truth = mp.erf(1 / mp.sqrt(2 * mp.mpf(q)))
    assert abs(r.value - truth) <= r.error + mp.mpf(10) ** -15
    assert r.error < mp.mpf(10) ** -12  # found and cut: not the 2e-2 of an unsplit quadrature


# -- R45b-2: a torch module's autograd slope at a saturated layer cancels --------------------------------------------

def test_torch_saturated_slope_error_bound():
    torch = pytest.importorskip("torch")
    from vgtheory.core.float_slope import float_report

    mod = torch.nn.Tanh()
    value = lambda x: float(mod(torch.tensor(x, dtype=torch.float64)))  # noqa: E731


    for t in (10, 15):
        d, err, _ = float_report(value, mp.mpf(t))
        truth = mp.sech(t) ** 2
        assert abs(d - truth) <= truth * err, (t, d, truth, err)
    d, err, _ = float_report(value, mp.mpf(30))  # tanh(30) = 1.0 in float64: no slope is seen
    assert err == math.inf or abs(d - mp.sech(30) ** 2) <= mp.sech(30) ** 2 * err


# -- R38a-1: relations with irrational coefficients that a scale w = alpha z makes rational --------------------------

@settings(max_examples=15, deadline=None)  # 30 took 3.3 s of the default suite
@given(p=st.lists(st.integers(-4, 4), min_size=2, max_size=4), q=st.lists(st.integers(-4, 4), min_size=1, max_size=3),
       alpha=st.sampled_from([sp.sqrt(2), sp.sqrt(3) / 2, 3 * sp.sqrt(5)]), c=st.sampled_from([1, -1, sp.sqrt(7)]),
       kind=st.sampled_from([sp.StrictGreaterThan, sp.LessThan, sp.Eq]))
def test_scaled_rational_relation_matches_signs(p, q, alpha, c, kind):
    # g(z) = c P(alpha z)/Q(alpha z), P and Q with integer coefficients: the set of g ⋈ 0 is checked at 41 rational points
    # against g's sign there, computed by mpmath at 60 digits (points where |g| < 1e-40 or Q = 0 are skipped)
    from vgtheory.core.rational_sets import rational_set

    w = sp.Symbol("w")
    P, Q = sum(a * w**k for k, a in enumerate(p)), sum(a * w**k for k, a in enumerate(q))
    if Q == 0 or not P.has(w) or Q.is_number and Q == 0:
        return
    g = c * P.subs(w, alpha * Z) / Q.subs(w, alpha * Z)
    found = rational_set(kind(g, 0), Z)
    if found is None or isinstance(found, sp.ConditionSet):
        return
    holds = {sp.StrictGreaterThan: lambda v: v > 0, sp.LessThan: lambda v: v <= 0, sp.Eq: lambda v: v == 0}[kind]
    for k in range(-20, 21):
        t = R(k, 7)
        with mp.workdps(60):
            den = mp.mpf(sp.N(Q.subs(w, alpha * t), 60))
            if abs(den) < mp.mpf(10) ** -40:
                assert t not in found  # g has no value there
                continue
            v = mp.mpf(sp.N(g.subs(Z, t), 60))
        if abs(v) < mp.mpf(10) ** -40:
            continue
        assert (t in found) == holds(v), (g, kind, t, v, found)


def test_sqrt2_softsign_increasing_is_proved():
    from vgtheory.theorems.hypotheses import check_increasing

    r = check_increasing(activation(sp.sympify("x/(1+sqrt(2)*Abs(x))")))
    assert (r.verdict, r.method) == ("holds", "symbolic"), r


# -- R46a: the scaling trick's linear limit and invariance; smoothness on unions of intervals --------------------------

@pytest.mark.parametrize("formula, a", [("-tanh(x)", -1), ("tanh(x)**3", 0), ("-3*x/(1+Abs(x))", -3)])
def test_linear_limit_exists_where_property_4_fails_only_on_the_sign(formula, a):
    # sigma(0) = 0 and sigma(z)/z -> a <= 0: s*sigma(u/s) = u*sigma(u/s)/(u/s) -> a*u for every u
    from vgtheory.properties.four import check_linear_at_origin
    from vgtheory.theorems.scaling import _linear_limit

    prop = check_linear_at_origin(formula)
    assert prop.verdict == "fails"
    fact = _linear_limit(prop)
    assert (fact.verdict, fact.method) == ("holds", "symbolic"), fact
    u = next(iter(fact.value.free_symbols), None)
    assert fact.value == 0 if a == 0 else sp.expand(fact.value - a * u) == 0


@pytest.mark.parametrize("formula", ["tanh(x) + 1", "Abs(x)", "sqrt(Abs(x))"])
def test_no_linear_limit_where_sigma_0_is_not_0_or_the_slopes_differ(formula):
    from vgtheory.properties.four import check_linear_at_origin
    from vgtheory.theorems.scaling import _linear_limit

    assert _linear_limit(check_linear_at_origin(formula)).verdict == "fails"


def test_threshold_below_the_old_probe_range_breaks_invariance():
    # z*[z > 10^-7]: at s = 2, u = 1.5e-7 the gap s*sigma(u/s) - sigma(u) = -1.5e-7 (R46a-2)
    from vgtheory.theorems.scaling import _invariance

    assert _invariance(activation("x*Heaviside(x - 10**-7)"), 10, 20).verdict == "fails"
    assert _invariance(activation("Max(x, 0)"), 10, 20).verdict == "holds"  # relu is positively homogeneous


def test_smoothness_on_a_union_of_intervals_reads_each_part():
    where = sp.Union(sp.Interval(0, 1), sp.Interval(2, 3))
    assert check_continuous(activation(1 / (Z - R(3, 2))), where).verdict == "holds"  # the pole is outside
    r = check_continuous(activation(1 / (Z - R(5, 2))), where)
    assert r.verdict == "fails" and sp.sympify(r.witness["z"]) == R(5, 2)
    assert check_c1(activation(sp.Heaviside(Z - R(3, 2))), sp.FiniteSet(0, 2)).verdict == "inconclusive"


# -- R46b: a saturated torch slope, sub-ulp one-sided steps, merged cuts --------------------------------------

@pytest.mark.parametrize("t", [30, 27, 15])
def test_torch_sigmoid_saturated_slope_error_bound(t):
    # y(1 - y) from a rounded y = sigma(t): its rounding is ~ulp(y)/(1 - y) relative; the bound must cover the truth
    torch = pytest.importorskip("torch")
    from vgtheory.core.float_slope import float_report

    mod = torch.nn.Sigmoid()
    value = lambda x: float(mod(torch.tensor(x, dtype=torch.float64)))  # noqa: E731


    d, err, _ = float_report(value, mp.mpf(t))
    with mp.workdps(40):
        truth = mp.exp(-t) / (1 + mp.exp(-t)) ** 2
        assert abs(d - truth) <= truth * err, (t, d, truth, err)


def test_one_sided_slope_uses_the_offsets_taken():
    # a step of 1.53 ulps at 0.75: t + s and t + 2s round to 2 and 3 ulps away; the nominal steps gave 1.62 for 1
    from vgtheory.meanfield.callable_slope import _shrinking_one_sided as _one_sided

    assert _one_sided(lambda x: x, 0.75, 1.7e-16) == 1.0


def test_cuts_a_few_floats_apart_are_one():
    # hardtanh(z) + hardtanh(z, -1/2, 1/2), halved: kinks at +-1/2 and +-1; no two cuts within 64 ulps
    from vgtheory.meanfield.callable_cuts import found_cuts

    f = lambda z: 0.5 * max(-1.0, min(1.0, z)) + 0.5 * max(-0.5, min(0.5, z))  # noqa: E731
    cuts = [float(c) for c in found_cuts(Moments(activation(f), "float64", 20), mp.mpf(1))]
    assert cuts == sorted(cuts) and all(b - a > 64 * math.ulp(max(1.0, abs(b))) for a, b in zip(cuts, cuts[1:]))
    assert any(abs(c - 0.5) < 1e-12 for c in cuts) and any(abs(c + 1) < 1e-12 for c in cuts)
