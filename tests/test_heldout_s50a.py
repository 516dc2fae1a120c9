"""Held-out tests of red team R50a (symbolic soundness against 18dcfa4): the precision guard's first re-evaluation
(2 log2|t| + 64 extra bits) at huge z with special functions of z^4 (gamma, loggamma: mpmath only, no arb ball), whose
two lowest precisions agree on a wrong value; the scaling trick's linear limit where property 4 fails symbolically;
smoothness on unions of intervals.

Findings (fixed in session 27, R50a-6 in session 28: the precision guard's first check adds degree(z) x |log2 t|
bits, and _rational_at reads a rational past Python's 4300-digit limit as not known): R50a-1 (z^2 gamma(z^4 + 1)/gamma(z^4 + 3/2): positive limit "fails (numeric)"
with sigma(2^100) = 1.6e60 printed, truth L = 1 and sigma(2^100) = 1 - 3/(8 z^4)), R50a-2 (the same sigma written
z^2 exp(loggamma(z^4 + 1) - loggamma(z^4 + 3/2)): bounded "fails (numeric)" with |sigma(2^100)| = 1.6e60, truth
bounded), R50a-3 (tanh z gamma(z^4 + 1)/gamma(z^4 + 3/2), and its loggamma form: positive limit "holds (numeric)" with
sigma(2^100) = 1.0 printed, truth L = 0, sigma ~ z^-2; bounded prints max |sigma| sampled = 1.0, truth sup ~ 0.6),
R50a-4 (the loggamma form's vanishing derivative prints max |z sigma'| = 2.4e-1739808935350651173708920181 at
z = 2.0e27, truth |z sigma'(z)| = 4.98e-55 there: the digamma difference of z^4 + 1 and z^4 + 3/2 cancels to 0 at
both guarded precisions and only the e^(-4e27) sech^2 term is left), R50a-5 (tanh z + sin(loggamma(z^4 + 3/2) -
loggamma(z^4 + 1))/10, which oscillates between 0.9 and 1.1 like sin(2 log z) with no limit: positive limit "holds
(numeric)" with the value 1.0 read at 2^100, truth 1.0389 there), R50a-6 (z exp(loggamma(1 + z^4)/z^4) off 0, 0 at 0, and tanh z gamma(1 + z^4)^(1/z^4): property 4
"holds (numeric)" with slope 1.0 +- 2.5e-29, truth e^-gamma = 0.56145948...: at tiny z the guard's 64 extra bits do not
resolve 1 + z^4, loggamma(1 + z^4) reads 0 at both precisions; with the degree-aware guard the slope was
right but its 15 printed digits were still given +- 1.4e-29: the printed error now covers their rounding), R50a-7 (z (2 exp(loggamma(1 + z^4)/z^4) - 3/2) off 0, 0 at 0: property 4
"holds (numeric)" with a = 0.5, truth a = 2 e^-gamma - 3/2 = -0.37708 < 0, property 4 fails; tanh of it is "sigmoid-type: yes"), R50a-8 (vgtheory.check of that tanh(...): the theorems section is
"internal error ValueError: Exceeds the limit (4300 digits) for integer string conversion", raised in
core/chain_checks.py _rational_at via theorem1's gradient).

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at
>= 60 digits (here 20000 bits).
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core import formula_eval as fe
from vgtheory.properties import smoothness as sm
from vgtheory.properties.four import check_bounded, check_linear_at_origin, check_positive_limit
from vgtheory.theorems.scaling import scaling_report

Z = sp.Symbol("z", real=True)
R = sp.Rational

# Gamma(x + 1)/Gamma(x + 3/2) = x^(-1/2) (1 - 3/(8x) + O(x^-2)) as x -> oo, so with x = z^4:
# z^2 Gamma(z^4 + 1)/Gamma(z^4 + 3/2) = 1 - 3/(8 z^4) + ... -> 1. It is continuous on R (z^4 + 1 >= 1 > 0, no pole),
# so it is bounded, its limit at +oo is 1 > 0. At z = 2^100, z^4 = 2^400: at the guard's first two precisions
# (~103 and ~103 + 264 bits) z^4 + 1 and z^4 + 3/2 round to one number and the ratio reads 1, sigma reads z^2 = 2^200.
G4 = Z**2 * sp.gamma(Z**4 + 1) / sp.gamma(Z**4 + R(3, 2))
LG4 = Z**2 * sp.exp(sp.loggamma(Z**4 + 1) - sp.loggamma(Z**4 + R(3, 2)))


def _truth(expr, t):
    lam = sp.lambdify(Z, expr, "mpmath")
    with mp.workprec(20000):
        return +lam(t)


@pytest.mark.slow
def test_r50a_1_positive_limit_gamma_of_z4():
    r = check_positive_limit(G4, timeout=20)
    assert r.verdict != "fails"


@pytest.mark.slow
def test_r50a_1_guarded_value_at_2_100():
    t = mp.mpf(2) ** 100
    with mp.workdps(30):
        try:
            v = fe.compiled(G4)(t)
        except fe.UndeterminedError:
            return  # no number is an allowed answer
    truth = _truth(G4, t)
    assert abs(v - truth) <= mp.mpf(10) ** -25


@pytest.mark.slow
def test_r50a_2_bounded_loggamma_of_z4():
    r = check_bounded(LG4, timeout=20)
    assert r.verdict != "fails"


# tanh z Gamma(z^4 + 1)/Gamma(z^4 + 3/2) = tanh z * z^-2 (1 - 3/(8 z^4) + ...) -> 0 as z -> +oo: L = 0, not positive.
# At z = 2^100 the guard reads the ratio as 1, so sigma(2^100) "= 1.0" (truth 2^-200).
T1 = sp.tanh(Z) * sp.gamma(Z**4 + 1) / sp.gamma(Z**4 + R(3, 2))
T2 = sp.tanh(Z) * sp.exp(sp.loggamma(Z**4 + 1) - sp.loggamma(Z**4 + R(3, 2)))


@pytest.mark.slow
@pytest.mark.parametrize("expr", [T1, T2], ids=["gamma", "loggamma"])
def test_r50a_3_positive_limit_false_holds(expr):
    r = check_positive_limit(expr, timeout=20)
    assert r.verdict != "holds"


@pytest.mark.slow
def test_r50a_3_bounded_max_printed():
    # |tanh z| < 1 and Gamma(x + 1)/Gamma(x + 3/2) <= Gamma(1)/Gamma(3/2) = 2/sqrt(pi) (decreasing in x >= 0), and
    # for |z| >= 1 the ratio is <= Gamma(2)/Gamma(5/2) = 0.752; for |z| < 1, |tanh z| < 0.762 and the ratio <= 1.13,
    # with the product sampled by mpmath below 0.62: any printed max >= 0.9 is a wrong number
    r = check_bounded(T2, timeout=20)
    m = r.witness.get("max |sigma| sampled")
    assert m is None or float(m) < 0.9


@pytest.mark.slow
def test_r50a_4_vanishing_derivative_witness():
    from vgtheory.properties.four import check_vanishing_derivative
    r = check_vanishing_derivative(T2, timeout=20)
    assert r.verdict == "holds"  # true: z sigma' ~ -2/z^2 -> 0
    w = r.witness["max |z*sigma'(z)| at the sampled tail"]
    zt = mp.mpf(r.witness["at z"])
    truth = abs(_truth(Z * sp.diff(T2, Z), zt))  # about 2/z^2
    assert mp.mpf(w) >= truth / 10


# loggamma(x + 3/2) - loggamma(x + 1) = (1/2) log x + 3/(8x) + O(x^-2), so with x = z^4 sigma = tanh z +
# sin(2 log z + o(1))/10: sigma(2^k) - 1 ~ sin(1.386 k)/10 takes both signs with size ~0.1 for ever: no limit at +oo.
# mpmath (3000 bits): sigma(2^40) = 0.91102, sigma(2^60) = 1.09972, sigma(2^100) = 1.03888 (the package reads 1.0).
OSC = sp.tanh(Z) + sp.sin(sp.loggamma(Z**4 + R(3, 2)) - sp.loggamma(Z**4 + 1)) / 10


@pytest.mark.slow
def test_r50a_5_positive_limit_of_oscillation():
    r = check_positive_limit(OSC, timeout=15)
    assert r.verdict != "holds"


# Gamma(1 + e)^(1/e) = exp(loggamma(1 + e)/e) -> exp(Gamma'(1)) = e^-gamma (Euler's gamma) as e -> 0+, so with
# e = z^4 (>= 0, loggamma real) sigma(z)/z -> e^-gamma = 0.5614594835668851 from both sides; sigma(0) = 0.
FLAT = sp.Piecewise((Z * sp.exp(sp.loggamma(1 + Z**4) / Z**4), sp.Ne(Z, 0)), (0, True))
FLAT_G = sp.Piecewise((sp.tanh(Z) * sp.gamma(1 + Z**4) ** (1 / Z**4), sp.Ne(Z, 0)), (0, True))


@pytest.mark.slow
@pytest.mark.parametrize("expr", [FLAT, FLAT_G], ids=["loggamma", "gamma"])
def test_r50a_6_slope_at_origin(expr):
    # Each printed "v +- e" must contain the truth (the 15-digit v was printed "+- 1.4e-29").
    r = check_linear_at_origin(expr, timeout=15)
    with mp.workdps(40):
        truth = mp.exp(-mp.euler)
        if r.verdict == "holds":
            # the kernel now proves the exact limit e^-EulerGamma (Gamma family off its poles): its value at 30 digits
            assert abs(mp.mpf(str(sp.N(r.value, 30))) - truth) < mp.mpf(10) ** -12
        for text in r.witness.values():
            if "+-" in text:
                v, e = (mp.mpf(x) for x in text.split("+-"))
                assert abs(v - truth) <= e, text


# sigma(z)/z = 2 exp(loggamma(1 + z^4)/z^4) - 3/2 -> 2 e^-gamma - 3/2 = -0.377081032866230 < 0 (as R50a-6)
NEG = sp.Piecewise((Z * (2 * sp.exp(sp.loggamma(1 + Z**4) / Z**4) - R(3, 2)), sp.Ne(Z, 0)), (0, True))


@pytest.mark.slow
def test_r50a_7_linear_false_holds():
    r = check_linear_at_origin(NEG, timeout=15)
    assert r.verdict != "holds"


@pytest.mark.slow
def test_r50a_8_theorems_internal_error():
    import vgtheory
    r = vgtheory.check(sp.tanh(NEG), signal=False, timeout=10)
    assert "internal error" not in str(r)


# ---- probes that held ----

@pytest.mark.slow
def test_held_gamma_of_z3_at_2_100():
    # |z|^(3/2) Gamma(z^3 + 1)/Gamma(z^3 + 3/2) -> 1; z^3 = 2^300 is resolved by the first guarded re-evaluation
    e = sp.Abs(Z) ** R(3, 2) * sp.gamma(Z**3 + 1) / sp.gamma(Z**3 + R(3, 2))
    t = mp.mpf(2) ** 100
    with mp.workdps(30):
        v = fe.compiled(e)(t)
    assert abs(v - _truth(e, t)) <= mp.mpf(10) ** -25


@pytest.mark.slow
def test_held_scaling_flat_slope_piecewise():
    # sigma = z e^(-1/z^2) off 0, 0 at 0: s sigma(u/s) = u e^(-s^2/u^2) -> 0 = 0*u for every u
    e = sp.Piecewise((Z * sp.exp(-1 / Z**2), sp.Ne(Z, 0)), (0, True))
    ll = scaling_report(e).linear_limit
    assert ll.verdict == "holds" and ll.method == "symbolic"


@pytest.mark.slow
def test_held_linear_fails_sigma0_nonzero():
    # sigma(0) = -1/5 != 0
    r = check_linear_at_origin(sp.tanh(Z) + 1 / (Z - 5))
    assert r.verdict == "fails" and r.method == "symbolic"
    assert scaling_report(sp.tanh(Z) + 1 / (Z - 5)).linear_limit.verdict == "fails"


@pytest.mark.slow
def test_held_union_open_at_the_kink():
    # |z - 1| is C^1 on [0, 1) and on (1, 2]; 1 is in neither part
    u = sp.Union(sp.Interval.Ropen(0, 1), sp.Interval.Lopen(1, 2), evaluate=False)
    r = sm.check_c1(sp.Abs(Z - 1), u, timeout=10)
    assert r.verdict == "holds" and r.method == "symbolic"


@pytest.mark.slow
def test_held_union_hidden_zero_joins_parts():
    # h = log 6 - log 2 - log 3 = 0: [0, 1) U [1 + h, 2) is [0, 2), where Heaviside(z - 1) jumps at 1: never "holds"
    h = sp.log(6) - sp.log(2) - sp.log(3)
    u = sp.Union(sp.Interval.Ropen(0, 1), sp.Interval.Ropen(1 + h, 2), evaluate=False)
    r = sm.check_continuous(sp.Heaviside(Z - 1), u, timeout=10)
    assert r.verdict != "holds"
