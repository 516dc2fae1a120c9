"""Held-out red-team set 15a (symbolic side): inputs the package got right, with the truth derived here.

Each expected answer comes from an argument written beside the test (where an inverse function's
threshold lies, the extremum of a polynomial in erf z) and is checked with mpmath at 50 digits;
nothing is copied from the package's output. The inputs the package got wrong are in
the red team's notes (summarised in CHANGELOG.md) (sympy deciding the range of tanh, erf, coth in floats; inequality
solving on one period of a periodic function).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import Z
from vgtheory.kernel import condition_set

# Held-out sets run with the slow regression tests (CI runs both; the README's default command stays short).
pytestmark = pytest.mark.slow


def _limit_not_one(f: str) -> None:
    # sigma = 0 wherever the condition holds, and it holds for every large z: lim sigma(+oo) = 0.
    r = vgtheory.check(f, theorems=False, signal=False)
    p = r.properties.positive_limit
    assert p.verdict != "holds"
    if p.method == "symbolic" and p.value is not None:
        assert sp.sympify(p.value) == 0
    assert r.sigmoid_type is not True


def test_tanh_guard_near_one_is_read_exactly():
    # tanh z > 1 - 10^-20 iff z > atanh(1 - 10^-20) = 23.37...: the zero branch is the one at +oo.
    with mpmath.workdps(50):
        b = mpmath.atanh(1 - mpmath.mpf(10) ** -20)
        assert 23 < b < 24 and mpmath.tanh(b + 1) > 1 - mpmath.mpf(10) ** -20
    _limit_not_one("Piecewise((0, tanh(z) > 1 - 10**-20), (tanh(z), True))")


def test_tanh_of_exp_guard_moderate_threshold():
    # tanh(e^z) > 1 - 10^-3 iff z > log(atanh(1 - 10^-3)) = 1.33...: the zero branch is eventual.
    with mpmath.workdps(50):
        b = mpmath.log(mpmath.atanh(1 - mpmath.mpf(10) ** -3))
        assert 1 < b < 2 and mpmath.tanh(mpmath.exp(b + 1)) > 1 - mpmath.mpf(10) ** -3
    _limit_not_one("Piecewise((0, tanh(exp(z)) > 1 - 10**-3), (tanh(z), True))")


def test_erf_polynomial_range_contains_its_minimum():
    # u = erf z ranges over (-1, 1); sigma = u^2/2 - c u with c = 1 - 10^-3 has its minimum -c^2/2 at u = c,
    # below the limit 1/2 - c at +oo: any exact range the package states must contain -c^2/2.
    r = vgtheory.check("erf(z)**2/2 - (1 - 10**-3)*erf(z)", theorems=False, signal=False)
    b = r.properties.bounded
    assert b.verdict == "holds"
    c = 1 - sp.Rational(1, 1000)
    with mpmath.workdps(50):
        z0 = mpmath.erfinv(mpmath.mpf(999) / 1000)
        assert abs(mpmath.erf(z0) ** 2 / 2 - mpmath.mpf(999) / 1000 * mpmath.erf(z0) + mpmath.mpf(c**2) / 2) < mpmath.mpf(10) ** -40
    for key, text in b.witness.items():
        if "range" in key or str(text).startswith("Interval"):
            rng = sp.sympify(text)
            assert rng.inf <= -c**2 / 2


@pytest.mark.slow
def test_tau0_of_erf_factor_is_its_last_root():
    # sigma(t) - L/2 = (erf t - 1 + 10^-3)(t - 1)/sqrt(t^2 + 1), L = 2*10^-3: roots 1 and erfinv(1 - 10^-3) = 2.3267...,
    # so tau0 is the larger one; sigma(2) < L/2 (erf 2 < 0.999).
    with mpmath.workdps(50):
        root = mpmath.erfinv(1 - mpmath.mpf(10) ** -3)
        assert mpmath.erf(2) < 1 - mpmath.mpf(10) ** -3
    r = vgtheory.check("10**-3 + (erf(z) - 1 + 10**-3)*(z - 1)/sqrt(z**2 + 1)", signal=False)
    sp1 = r.to_dict()["theorems"]["theorem1"]
    tau0 = mpmath.mpf(_find(sp1, "tau0"))
    assert tau0 >= root - mpmath.mpf(10) ** -8


def _find(d, key):
    if isinstance(d, dict):
        if key in d:
            return d[key]
        for v in d.values():
            if (out := _find(v, key)) is not None:
                return out
    if isinstance(d, list):
        for v in d:
            if (out := _find(v, key)) is not None:
                return out
    return None


@pytest.mark.slow
def test_radical_condition_sets_are_exact():
    # Squaring arguments: sqrt(z^2+1) - 2 >= z/3 iff z <= 3/4 - 3 sqrt 7/4 or z >= 3/4 + 3 sqrt 7/4; the others likewise
    # (each boundary is where the two sides meet; the sign between boundaries is checked at sample points here).
    conds = ["sqrt(z**2+1) - 2 >= z/3", "sqrt(z**2+1) + sqrt(z**2 + 4) > 5", "sqrt(z**4 + 1) - z**2 > 1/10",
             "z*sqrt(z**2+1) > 1", "Abs(z - 1) + Abs(z + 1) > 3", "exp(-z) - 2*exp(-2*z) > 1/10"]
    pts = [sp.Rational(k, 7) + sp.Rational(1, 997) for k in range(-70, 71, 3)]
    for text in conds:
        cond = sp.sympify(text, locals={"z": Z})
        where = condition_set(cond)
        if isinstance(where, sp.ConditionSet):
            continue  # a refusal is sound
        f = sp.lambdify(Z, cond.lhs - cond.rhs, "mpmath")
        with mpmath.workdps(50):
            for t in pts:
                truth = bool(cond.func(f(mpmath.mpf(t.p) / t.q), 0))
                inside = any(i.contains(t) == sp.true for i in (where.args if isinstance(where, sp.Union) else (where,)))
                assert inside == truth, (text, t)


def test_clipped_tanh_kink_slopes_are_exact():
    # Min(tanh z, c), c = sqrt(1 - 10^-4): the kink b = atanh(c) has sigma'(b-) = sech^2 b = 1 - c^2 = 10^-4 and
    # sigma'(b+) = 0, so sigma is not C^1 on (0, oo).
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_c1

    c = check_c1(activation("Min(tanh(z), sqrt(1 - 10**-4))"))
    assert c.verdict == "fails"
    with mpmath.workdps(50):
        b = mpmath.atanh(mpmath.sqrt(1 - mpmath.mpf(10) ** -4))
        assert abs(mpmath.sech(b) ** 2 - mpmath.mpf(10) ** -4) < mpmath.mpf(10) ** -45
    assert "1/10000" in c.detail  # the left slope, proved, is sech^2 b = 10^-4


@pytest.mark.slow
def test_heaviside_of_tanh_squared_limit():
    # tanh^2 z - 1 + 10^-4 > 0 iff |z| > atanh(sqrt(1 - 10^-4)) = 4.95...: sigma = tanh z there, lim sigma(+oo) = 1.
    with mpmath.workdps(50):
        assert 4 < mpmath.atanh(mpmath.sqrt(1 - mpmath.mpf(10) ** -4)) < 6
    r = vgtheory.check("tanh(z)*Heaviside(tanh(z)**2 - 1 + 10**-4)", signal=False, theorems=False)
    p = r.properties.positive_limit
    assert p.verdict != "fails"
    if p.method == "symbolic":
        assert sp.sympify(p.value) == 1


def test_max_of_tanh_squared_limit_is_shifted():
    # For large z the Max is (tanh^2 z - 1 + 10^-4)/10 -> 10^-5: lim sigma(+oo) = 1 + 10^-5.
    r = vgtheory.check("tanh(z) + Max(0, tanh(z)**2 - 1 + 10**-4)/10", signal=False, theorems=False)
    p = r.properties.positive_limit
    assert p.verdict != "fails"
    if p.method == "symbolic":
        assert sp.sympify(p.value) == 1 + sp.Rational(1, 10**5)


def test_periodic_tail_piece_is_not_concave():
    # On z > 7, sigma'' = -1 - cos z + 1/10, which is 1/10 > 0 at z = 3 pi > 7: not concave (the joint at 7 is C^1).
    from vgtheory.core.activations import activation
    from vgtheory.theorems.hypotheses import check_concave

    with mpmath.workdps(50):
        assert -1 - mpmath.cos(3 * mpmath.pi) + mpmath.mpf(1) / 10 > 0 and 3 * mpmath.pi > 7
    c = check_concave(activation("Piecewise((tanh(z), z < 7), (tanh(7) + (z - 7)/cosh(7)**2 - (z - 7)**2/2 + cos(z)"
                                 " - cos(7) + sin(7)*(z - 7) + (z - 7)**2/20, True))"))
    assert c.verdict != "holds"


def _value(x: sp.Expr) -> mpmath.mpf:
    # arb, not sympy's evalf: sympy 1.14 evaluates atanh of a number within 10^-6 of 1 as 0 (see the notes)
    import flint

    from vgtheory.kernel.numbers import enclose

    ball = enclose(x, 400) or enclose(x.rewrite(sp.log), 400)  # arb has no asech: its log form
    with flint.ctx.workprec(400):
        return mpmath.mpf(ball.mid().str(60, radius=False))


def test_inverse_function_condition_sets_near_range_ends():
    # u = tanh z: u^3 > 1 - 10^-8 iff z > atanh((1 - 10^-8)^(1/3)); u^2 + u > 2 - 10^-8 iff u > (-1 + sqrt(9 - 4*10^-8))/2;
    # sech^2 z < 10^-20 iff |z| > asech(10^-10). Each answer is a refusal or exactly these sets (ends checked at 50 digits).
    mpmath.mp.dps, saved = 50, mpmath.mp.dps
    eps8 = mpmath.mpf(10) ** -8
    cases = [
        ("tanh(z)**3 > 1 - 10**-8", [mpmath.atanh(mpmath.cbrt(1 - eps8))], False),
        ("tanh(z)**2 + tanh(z) > 2 - 10**-8", [mpmath.atanh((-1 + mpmath.sqrt(9 - 4 * eps8)) / 2)], False),
        ("sech(z)**2 < 10**-20", [mpmath.asech(mpmath.mpf(10) ** -10)], True),
    ]
    mpmath.mp.dps = saved
    with mpmath.workdps(50):
        for text, ends, symmetric in cases:
            where = condition_set(sp.sympify(text, locals={"z": Z}))
            if isinstance(where, sp.ConditionSet):
                continue
            parts = where.args if isinstance(where, sp.Union) else (where,)
            b = ends[0]
            want = [(-mpmath.inf, -b), (b, mpmath.inf)] if symmetric else [(b, mpmath.inf)]
            got = sorted((_value(i.inf) if i.inf.is_finite else -mpmath.inf,
                          _value(i.sup) if i.sup.is_finite else mpmath.inf) for i in parts)
            assert len(got) == len(want), (text, where)
            for (lo, hi), (wlo, whi) in zip(got, want):
                for x, w in ((lo, wlo), (hi, whi)):
                    assert (x == w) if mpmath.isinf(w) else abs(x - w) < mpmath.mpf(10) ** -30, (text, where)
