"""Held-out tests of red team R56b (numbers, errors and time bounds, against f7c51ef): the poles of Gamma and the
polygamma functions where their argument a(z) is 0, -1, -2, ... Two ways they go unseen: a narrow dip of a(z) from
5/2 to -1/2 between the 257 samples of properties/gamma_poles.py (no integer k taken at all, since the samples of a
are all near 5/2), and a top-level Gamma(z/2 + 3) factor of sigma, whose poles the mean-field feature scan never
looks for (it looks at the arguments of functions and the bases of powers, and Gamma(a) is neither).

Findings (all fixed in session 30; no xfail left): R56b-1 (tanh z Gamma(5/2 - 3 e^(-10^K (z - 1/3)^2)): bounded "holds (numeric)",
sigmoid-type "yes", for a sigma with two poles near z = 1/3), R56b-2 (tanh z + e^(-z^2) Gamma(z/2 + 3)/100:
V(1) = 0.3974945177609 +- 6e-19, D(1) = 0.4696 +- 3e-16 (float64), signal q* converged, where V = D = +oo for every
q > 0: sigma ~ c/(z + 6) at the pole z = -6), R56b-3 (false symbolic divergence: sigma = tanh z + e^(-z^2)|z - 1/2|/10
written through g = t - 2|t|, t = z - 1/2, which is < 0 on both sides of 1/2 while sympy's g'(1/2) = 1 - 2 sign(0) = 1:
singular.py's _on_side writes |g| = +g on u -> 1/2+, and D(q) = +oo "(symbolic: ... kernel-proved limit ...)",
signal chi1 = +oo "chaotic", critical_init "chi1 = +oo for every sigma_w"; the simplest instance is tanh z itself,
written tanh z + e^(-z^2)(1 + sign(t - 2|t|))|t|^(1/2)/10, D(1) "+oo (symbolic)" for E[sech^4] = 0.4644; where D(1) = 0.43017842128092141612 and chi1 = 0.53594220797436921 (ordered)), R56b-4 (the same mis-signed |g| the other way: X = (|g| + |t|)(3|t| - |g|) = 4t^2
on the right, so sigma'^2 ~ e^(-1/2)/(200 t) there and D = +oo, read as integrable (exponent 0, "symbolic"): D(1)
printed 0.4971 +- 0.0012, chi1 0.611 "ordered").

Every truth is derived independently of the package, by construction (worked in the comments) or mpmath at 50 digits.
"""
from __future__ import annotations

import mpmath as mp
import pytest
import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.moments import Moments
from vgtheory.properties.four import check_bounded

Z = sp.Symbol("z", real=True)
R = sp.Rational
THIRD = R(1, 3)


def _dip_sigma(k: int) -> sp.Expr:
    # a(z) = 5/2 - 3 exp(-10^k (z - 1/3)^2): a = 5/2 - 3e^-... ~ 5/2 away from 1/3, a(1/3) = -1/2. a is continuous and
    # crosses 0 at (z - 1/3)^2 = ln(6/5)/10^k, where Gamma(a) has a simple pole; tanh(1/3) != 0, so sigma is unbounded.
    return sp.tanh(Z) * sp.gamma(R(5, 2) - 3 * sp.exp(-sp.Integer(10) ** k * (Z - THIRD) ** 2))


def _dip_pole(k: int) -> mp.mpf:
    """The pole z0 > 1/3 of sigma (oracle, at the caller's precision)."""
    with mp.workdps(mp.mp.dps):
        return mp.mpf(1) / 3 + mp.sqrt(mp.log(mp.mpf(6) / 5) / mp.mpf(10) ** k)


@pytest.mark.slow
@pytest.mark.parametrize("k", [6, 20])
def test_gamma_pole_in_a_narrow_dip_is_not_bounded(k):
    with mp.workdps(100):  # 10^k (z - 1/3)^2 loses k digits
        z0 = _dip_pole(k)
        a = lambda z: mp.mpf(5) / 2 - 3 * mp.exp(-mp.mpf(10) ** k * (z - mp.mpf(1) / 3) ** 2)  # noqa: E731
        assert abs(a(z0)) < mp.mpf(10) ** -45  # the argument's zero: a pole of Gamma
        near = abs(mp.tanh(z0 + mp.mpf(10) ** -40) * mp.gamma(a(z0 + mp.mpf(10) ** -40)))
        assert near > mp.mpf(10) ** 20  # |sigma| unbounded there (~ tanh(1/3) 1e40/|a'(z0)|, a'(z0) <= 1e11)
    r = check_bounded(_dip_sigma(k))
    assert r.verdict != "holds"


def _pole_sigma() -> sp.Expr:
    # Gamma(z/2 + 3) has a simple pole at z = -6 (argument 0) with residue 2 in z: sigma = tanh z + e^(-z^2) Gamma(z/2 + 3)/100
    # ~ 2 e^(-36)/(100 (z + 6)) there, so sigma^2 ~ c/(z + 6)^2 and sigma'^2 ~ c'/(z + 6)^4: neither is integrable at
    # -6, where the N(0, q) density is positive; V(q) = D(q) = +oo for every q > 0, and q* = V(q*) + 1/4 has no solution.
    return sp.tanh(Z) + sp.exp(-Z**2) * sp.gamma(Z / 2 + 3) / 100


def _oracle_mass_near_pole(k: int) -> mp.mpf:
    """int_{-6 + 10^-k}^{-5} sigma(u)^2 du (mpmath, 50 digits): grows like 10^k (not integrable)."""
    with mp.workdps(k + 50):  # -6 + 10^-k must not round to the pole
        s = lambda u: (mp.tanh(u) + mp.exp(-u * u) * mp.gamma(u / 2 + 3) / 100) ** 2  # noqa: E731
        lo = mp.mpf(-6) + mp.mpf(10) ** -k
        return mp.quad(s, [lo, lo + mp.mpf(10) ** -k, lo + mp.mpf(10) ** (-k // 2), -5])


def _infinite_or_refused(get) -> bool:
    try:
        e = get()
    except VGTheoryError:
        return True
    return e.value == mp.inf or not mp.isfinite(e.error)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_gamma_pole_factor_moments_are_infinite(backend):
    m60, m80 = _oracle_mass_near_pole(60), _oracle_mass_near_pole(80)
    assert m80 > mp.mpf(10) ** 15 * m60 > 0  # the mass beside -6 grows without bound
    m = Moments.of(activation(_pole_sigma()), backend, 20)
    assert _infinite_or_refused(lambda: m.V(mp.mpf(1)))
    assert _infinite_or_refused(lambda: m.D(mp.mpf(1)))


@pytest.mark.slow
def test_gamma_pole_factor_signal_has_no_q_star():
    import vgtheory

    try:
        r = vgtheory.signal(_pole_sigma(), "1", "0.5")
    except VGTheoryError:
        return
    assert r.q_state != "converged" and r.q_star is None


def _disguised_abs() -> sp.Expr:
    # t = z - 1/2, g = t - 2|t|: g = -t for t > 0 and g = 3t for t < 0, so |g| = |t| on the right and 3|t| on the left,
    # and Y = (|g| - |t|)(|g| - 3|t|) = 0 for every real z. Hence (Y + t^4)^(1/4) = |t| and sigma = tanh z +
    # e^(-z^2)|z - 1/2|/10 exactly: Lipschitz, sigma' = sech^2 z + e^(-z^2)(sign t - 2z|t|)/10 bounded, D(q) finite.
    t = Z - R(1, 2)
    g = t - 2 * sp.Abs(t)
    y = (sp.Abs(g) - sp.Abs(t)) * (sp.Abs(g) - 3 * sp.Abs(t))
    return sp.tanh(Z) + sp.exp(-Z**2) * (y + t**4) ** R(1, 4) / 10


def _plain(u):
    return mp.tanh(u) + mp.exp(-u * u) * abs(u - mp.mpf(1) / 2) / 10


def _plain_slope(u):
    t = u - mp.mpf(1) / 2
    return mp.sech(u) ** 2 + mp.exp(-u * u) * (mp.sign(t) - 2 * u * abs(t)) / 10


D1_DISGUISED = "0.43017842128092141612793846450036896902693962810005"  # oracle below, 50 digits
CHI1_DISGUISED = "0.535942207974369214592160586711"  # D(q*), q* = 0.507861680176049896073828684 (30 digits)


@pytest.mark.slow
def test_disguised_abs_is_the_plain_one_and_its_v_holds():
    from oracles import gaussian_expectation

    f = sp.lambdify(Z, _disguised_abs(), "mpmath")
    with mp.workdps(50):
        for u in ("-3", "0.49999", "0.5", "0.5000001", "2.7"):
            assert f(mp.mpf(u)) == _plain(mp.mpf(u))
        d1 = gaussian_expectation(lambda u: _plain_slope(u) ** 2, 1, points=[mp.mpf(1) / 2], dps=50)
        assert abs(d1 - mp.mpf(D1_DISGUISED)) < mp.mpf(10) ** -45
        v1 = gaussian_expectation(lambda u: _plain(u) ** 2, 1, points=[mp.mpf(1) / 2], dps=50)
    got = Moments.of(activation(_disguised_abs()), "mpmath", 20).V(mp.mpf(1))
    assert abs(got.value - v1) <= got.error + mp.mpf(10) ** -18  # V = 0.37668799764788901991644 (held)


@pytest.mark.slow
def test_disguised_abs_d_is_finite():
    got = Moments.of(activation(_disguised_abs()), "mpmath", 20).D(mp.mpf(1))
    assert "symbolic" not in got.method or got.value != mp.inf
    assert mp.isfinite(got.value) and abs(got.value - mp.mpf(D1_DISGUISED)) <= got.error + mp.mpf(10) ** -15


@pytest.mark.slow
def test_disguised_abs_signal_is_ordered():
    import vgtheory

    r = vgtheory.signal(_disguised_abs(), "1", "0.5")
    assert r.chi1 is not None and mp.isfinite(r.chi1) and abs(r.chi1 - mp.mpf(CHI1_DISGUISED)) <= r.chi1_error + mp.mpf(10) ** -12
    assert r.phase == "ordered"


@pytest.mark.slow
def test_catalan_of_z_squared_gradient_held():
    # catalan(x) = 4^x Gamma(x + 1/2)/(sqrt(pi) Gamma(x + 2)) for real x > -1/2 (sympy's own definition): smooth on
    # x = z^2 >= 0; oracle: chain_partials with mpmath.diff of that closed form at 80 digits.
    import vgtheory
    from oracles import chain_partials

    def cat(x):
        return mp.power(4, x) * mp.gamma(x + mp.mpf(1) / 2) / (mp.sqrt(mp.pi) * mp.gamma(x + 2))

    sig = lambda t: mp.tanh(t) / (1 + cat(t * t) ** 2)  # noqa: E731
    r = vgtheory.gradient(sp.tanh(Z) / (1 + sp.catalan(Z**2) ** 2), ["1.3", "-0.7"], x="0.9", dps=30)
    with mp.workdps(80):
        _, df, _ = chain_partials(sig, lambda t: mp.diff(sig, t), ["1.3", "-0.7"], "0.9", "0", 80)
        for got, want in zip(r.df_dw, df):
            assert abs(mp.mpf(got) - want) <= mp.mpf(10) ** -28 * abs(want)


@pytest.mark.slow
@pytest.mark.parametrize("fn", [sp.fibonacci, sp.totient, sp.mobius, sp.divisor_sigma, sp.carmichael, sp.primenu,
                                sp.primepi])
def test_integer_only_functions_refused_in_one_line(fn):
    import vgtheory

    with pytest.raises(VGTheoryError):
        vgtheory.gradient(sp.tanh(Z) / (1 + fn(Z**2) ** 2), ["1.3", "-0.7"], x="0.9", dps=30)


@pytest.mark.slow
def test_plain_abs_signal_held():
    # the undisguised sigma of R56b-3: q* = 0.507861680176049896, chi1 = 0.535942207974369215 (oracle iteration above)
    import vgtheory

    r = vgtheory.signal(sp.tanh(Z) + sp.exp(-Z**2) * sp.Abs(Z - R(1, 2)) / 10, "1", "0.5")
    with mp.workdps(30):
        assert abs(r.q_star - mp.mpf("0.50786168017604989607382868425")) <= r.q_star_error + mp.mpf(10) ** -16
        assert abs(r.chi1 - mp.mpf(CHI1_DISGUISED)) <= r.chi1_error + mp.mpf(10) ** -16
    assert r.phase == "ordered"


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_loggamma_pole_factor_d_is_infinite(backend):
    # loggamma(a) = -log a + O(a) as a -> 0+, a = (z - 1)^2: sigma = tanh z + e^(-z^2) loggamma((z - 1)^2)/10 has
    # sigma' = ... + e^(-z^2) psi((z - 1)^2) 2(z - 1)/10 ~ -2 e^(-1)/(10 (z - 1)): sigma'^2 ~ c/(z - 1)^2, D(q) = +oo for
    # every q > 0 (sigma^2 ~ (2 log|z - 1|)^2 e^(-2)/100 stays integrable: V is finite).
    with mp.workdps(60):
        d = lambda u: mp.diff(lambda s: mp.tanh(s) + mp.exp(-s * s) * mp.loggamma((s - 1) ** 2) / 10, u)  # noqa: E731
        near = [abs(d(1 + mp.mpf(10) ** -k)) * mp.mpf(10) ** -k for k in (10, 20)]
        assert all(abs(v - 2 * mp.exp(-1) / 10) < mp.mpf(10) ** -8 for v in near)  # |u - 1| |sigma'| -> 2/(10e)
    m = Moments.of(activation(sp.tanh(Z) + sp.exp(-Z**2) * sp.loggamma((Z - 1) ** 2) / 10), backend, 20)
    assert _infinite_or_refused(lambda: m.D(mp.mpf(1)))


def _disguised_root() -> sp.Expr:
    # Same g = t - 2|t| (t = z - 1/2): |g| = t for t > 0, 3|t| for t < 0. X = (|g| + |t|)(3|t| - |g|) is 4t^2 for
    # t > 0 and 0 for t < 0, so (X + t^4)^(1/4) = (4t^2 + t^4)^(1/4) ~ sqrt(2) t^(1/2) on the right: sigma' ~
    # e^(-1/4) sqrt(2)/(20 sqrt t), |t| sigma'^2 -> e^(-1/2)/200 > 0 as t -> 0+ (checked below with mpmath.diff):
    # D(q) = +oo for every q > 0 and chi1 = +oo. _on_side's |g| = +g = -t on the right makes X = 0 there (bounded).
    t = Z - R(1, 2)
    g = t - 2 * sp.Abs(t)
    x = (sp.Abs(g) + sp.Abs(t)) * (3 * sp.Abs(t) - sp.Abs(g))
    return sp.tanh(Z) + sp.exp(-Z**2) * (x + t**4) ** R(1, 4) / 10


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_disguised_root_d_is_infinite(backend):
    f = sp.lambdify(Z, _disguised_root(), "mpmath")
    with mp.workdps(60):
        half = mp.mpf(1) / 2
        for k in (20, 30):
            u = half + mp.mpf(10) ** -k
            assert abs(mp.diff(f, u) ** 2 * (u - half) - mp.exp(-half) / 200) < mp.mpf(10) ** -9  # O(t^(1/2)) off at 10^-20
    m = Moments.of(activation(_disguised_root()), backend, 20)
    assert _infinite_or_refused(lambda: m.D(mp.mpf(1)))


@pytest.mark.slow
def test_disguised_root_signal_chi1_not_finite():
    import vgtheory

    try:
        r = vgtheory.signal(_disguised_root(), "1", "0.5")
    except VGTheoryError:
        return
    assert r.chi1 is None or r.chi1 == mp.inf


@pytest.mark.slow
def test_disguised_abs_critical_init_exists():
    # sigma = tanh z + e^(-z^2)|z - 1/2|/10 (see _disguised_abs): chi1(sigma_w) = sigma_w^2 D(q*) is continuous in sigma_w,
    # 0.5359 < 1 at sigma_w = 1 (oracle above), and grows like sigma_w (q* ~ sigma_w^2, D(q) ~ c/sqrt(q) with c > 0):
    # it crosses 1, so a critical sigma_w exists and "chi1 = +oo for every sigma_w" is false.
    import vgtheory

    try:
        vgtheory.critical_init(_disguised_abs(), "0.5")
    except VGTheoryError as exc:
        assert "+oo" not in str(exc)


@pytest.mark.slow
def test_disguised_tanh_d_is_tanh_d():
    # t - 2|t| < 0 for every t != 0 (it is -t or 3t), so 1 + sign(.) = 0 there, and at t = 0 the factor |t|^(1/2) = 0:
    # sigma = tanh z for every real z, D(1) = E[sech^4 u] = 0.464... (oracle, 40 digits).
    t = Z - R(1, 2)
    e = sp.tanh(Z) + sp.exp(-Z**2) * (1 + sp.sign(t - 2 * sp.Abs(t))) * sp.sqrt(sp.Abs(t)) / 10
    from oracles import gaussian_expectation

    with mp.workdps(40):
        want = gaussian_expectation(lambda u: mp.sech(u) ** 4, 1, dps=40)
    got = Moments.of(activation(e), "mpmath", 20).D(mp.mpf(1))
    assert mp.isfinite(got.value) and abs(got.value - want) <= got.error + mp.mpf(10) ** -15
