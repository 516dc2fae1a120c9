"""R8-12: Gaussian moments at singular points of σ'² (divergent, integrable) and float64 overflow.

Truths are derived here: closed forms of the absolute moments of a normal variable,
E|Z − μ|^p = 2^(p/2) Γ((p+1)/2)/√π · ₁F₁(−p/2; 1/2; −μ²/2) (μ = 0: 2^(p/2) Γ((p+1)/2)/√π), and
for the divergent cases the growth of the truncated integral of the hand-written σ'²."""

from __future__ import annotations

import json
import warnings

import mpmath
import pytest

from vgtheory.cli.app import main
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.moments import Moments
from vgtheory.meanfield.propagation import critical_init, signal
from vgtheory.meanfield.signal_section import signal_summary
from vgtheory.meanfield.singular import _numeric


def _abs_moment(p, mu):
    """E|Z − μ|^p, Z ~ N(0, 1), p > −1."""
    half = mpmath.mpf(1) / 2
    return 2 ** (p / 2) * mpmath.gamma((p + 1) / 2) / mpmath.sqrt(mpmath.pi) * mpmath.hyp1f1(-p / 2, half, -mu * mu / 2)


def _power_moments(e, c, q):
    """(V(q), D(q)) of σ(u) = |u − c|^e, u ~ N(0, q): σ'(u)² = e²|u − c|^(2e − 2) off c, and
    |u − c|^p = q^(p/2)|Z − c/√q|^p."""
    mu = c / mpmath.sqrt(q)
    V = q**e * _abs_moment(2 * e, mu)
    D = e * e * q ** (e - 1) * _abs_moment(2 * e - 2, mu)
    return V, D


# (formula, e, c): σ = |u − c|^e; σ'² ~ |u − c|^(2e − 2), from |u|^(-1/2) to |u|^(-9/10).
# e as a fraction: mpmath.mpf(11) / 20 made at import (15 digits) is not 11/20 to 30 digits.
POWERS = [("(x**2)**(1/3)", (2, 3), 0), ("(x**2)**(3/8)", (3, 4), 0), ("(x**2)**(11/40)", (11, 20), 0),
          ("((x-1)**2)**(1/3)", (2, 3), 1)]


@pytest.mark.slow
def test_r8_12_chi1_of_the_two_thirds_power_is_within_its_error() -> None:
    """The red team's case: q* solves q = V(q) + 1/4, χ₁ = D(q*) (σ_w = 1), both in closed form."""
    r = signal("(x**2)**(1/3)", 1, "0.5")
    with mpmath.workdps(30):
        e = mpmath.mpf(2) / 3
        q_star = mpmath.findroot(lambda q: _power_moments(e, 0, q)[0] + mpmath.mpf(1) / 4 - q, 1.2)
        chi1 = _power_moments(e, 0, q_star)[1]
    assert mpmath.almosteq(q_star, mpmath.mpf("1.175352002757"), abs_eps=1e-12)  # the red team's q*
    with mpmath.workdps(30):
        assert abs(r.q_star - q_star) < 1e-15
        # The package had 1.04973034323 +- 1.7e-9, 7.7e-9 from the truth 1.049730350949.
        assert abs(r.chi1 - chi1) <= r.chi1_error and r.chi1_error < 1e-12
    assert r.phase == "chaotic"


@pytest.mark.slow
@pytest.mark.parametrize("formula,e,c", POWERS)
@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_r8_12_moments_at_an_integrable_singularity_are_within_their_error(formula, e, c, backend) -> None:
    moments = Moments.of(formula, backend)
    for q in (mpmath.mpf(13) / 10, mpmath.mpf(32)):
        with mpmath.workdps(30):
            V, D = _power_moments(mpmath.mpf(e[0]) / e[1], c, q)
        for got, truth in ((moments.V(q), V), (moments.D(q), D)):
            with mpmath.workdps(30):  # at the default 15 digits the difference itself rounds by 2e-16
                assert abs(got.value - truth) <= got.error, (formula, backend, q, got, truth)
            # ... and the estimate is not vacuous: 1e-15 relative in mpmath (20 digits); float64
            # cannot resolve |u|^(-9/10) (Gauss-Legendre on t^(-0.7) after u = t^3), hence 0.3.
            bound = 1e-15 if backend == "mpmath" else (0.3 if e == (11, 20) else 1e-4)
            assert got.error <= bound * truth


def _truncated_d(slope2, eps, q=1):
    """2 ∫_eps^∞ σ'(u)² φ_q(u) du for an even σ'² (hand-written), at 30 digits."""
    with mpmath.workdps(30):
        f = lambda u: slope2(u) * mpmath.exp(-u * u / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)  # noqa: E731
        return 2 * mpmath.quad(f, [eps, 1, mpmath.inf])


DIVERGENT = [("sqrt(Abs(x))", lambda u: 1 / (4 * u)), ("(x**2)**(1/4)", lambda u: 1 / (4 * u)),
             ("log(Abs(x))", lambda u: 1 / (u * u))]


@pytest.mark.parametrize("formula,slope2", DIVERGENT)
def test_r8_12_chi1_is_infinite_where_sigma_prime_squared_is_not_integrable(formula, slope2) -> None:
    # The truth: the truncated D grows without bound as eps -> 0 (by >= 2 per ten decades here:
    # 1/(4u) gives 2 * phi(0)/4 * ln(1e10) = 4.6 per ten decades, 1/u^2 far more).
    assert _truncated_d(slope2, mpmath.mpf(10) ** -20) - _truncated_d(slope2, mpmath.mpf(10) ** -10) > 2
    r = signal(formula, 1, "0.5", backend="float64")
    assert r.q_state == "converged" and r.chi1 == mpmath.inf and r.phase == "chaotic"
    assert "not integrable at u = 0" in r.chi1_note and "kernel-proved limit" in r.chi1_note
    assert r.depth_scale is None and r.to_dict()["chi1"] is None
    with pytest.raises(VGTheoryError, match=r"chi1 = \+oo for every sigma_w"):
        critical_init(formula, "0.5", backend="float64")


def test_r8_12_an_infinite_length_map_is_a_shown_divergence() -> None:
    """σ = 1/√|u|: σ² = 1/|u| is not integrable at 0 (the truncated V grows like ln(1/eps)), so
    q_1 = +oo from any q0 > 0: 'diverged' with the reason, never a fixed point or a range bound."""
    assert _truncated_d(lambda u: 1 / u, mpmath.mpf(10) ** -20) - _truncated_d(lambda u: 1 / u, mpmath.mpf(10) ** -10) > 2
    r = signal("1/sqrt(Abs(x))", 1, "0.5", backend="float64")
    assert r.q_state == "diverged" and r.q_star is None and r.chi1 is None and r.q_bound is None
    assert "sigma(u)^2 is not integrable at u = 0" in r.state_text


@pytest.mark.slow
def test_r8_12_cli_prints_infinity_not_a_finite_chi1(capsys) -> None:
    assert main(["signal", "sqrt(Abs(x))", "--sigma-w", "1", "--sigma-b", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "chi1 = +oo" in out and "+-" not in out and "not integrable" in out
    assert main(["signal", "sqrt(Abs(x))", "--sigma-w", "1", "--sigma-b", "0.5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # strict JSON: no Infinity
    assert data["chi1"] is None and data["text"]["chi1"] == "+inf" and data["chi1_note"]


@pytest.mark.parametrize("p,verdict", [(mpmath.mpf(1) / 2, "integrable"), (mpmath.mpf(2), "diverges"),
                                       (mpmath.mpf(1), "undecided")])
def test_r8_12_numeric_fallback_reads_the_growth_exponent(p, verdict) -> None:
    """Where the kernel decides no limit, h = |u − 1/3|^(−p) is read numerically: p < 1 is
    integrable (with an exponent a >= p for the substitution), p > 1 diverges, p = 1 (where a log
    factor decides) is left undecided."""
    import sympy as sp

    c = sp.Rational(1, 3)
    point = _numeric(c, "h", lambda u: abs(u - mpmath.mpf(1) / 3) ** (-p))
    assert point.how.startswith("numeric")
    assert (point.exponent is not None, point.diverges) == {"integrable": (True, False), "diverges": (False, True),
                                                             "undecided": (False, False)}[verdict]
    if point.exponent is not None:
        assert p <= point.exponent < 1


def test_r8_12_overflow_in_float64_is_beyond_range_without_warnings() -> None:
    """σ = 1e300·tanh: σ² overflows float64 (numpy warned 'overflow in square' and 'invalid value
    in subtract' on the user's terminal); the moment is out of range and the section says so."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = signal_summary("tanh(x)*1e300")
        lines = summary.lines()
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)], [str(w.message) for w in caught]
    # q* ~ 32 * 1e600 at the paper's init, beyond float64 and beyond the searched range.
    assert summary.at_init.q_state == "beyond range" and summary.at_init.chi1 is None
    assert "beyond the range computed" in lines[1]
