"""Quick default-suite versions of the fixes of session 24 (the held-out originals run in the slow suite:
tests/test_heldout_s38b.py and later rounds)."""

from __future__ import annotations

import mpmath
import pytest

from vgtheory.core.activations import activation
from vgtheory.meanfield.moments import Moments


def _clamp_v(q, lo, hi):
    """V(q) = E[clamp(u, lo, hi)^2], u ~ N(0, q), lo < 0 < hi, in closed form: q (Phi(b) - Phi(a) - b phi(b) + a phi(a))
    + lo^2 Phi(a) + hi^2 (1 - Phi(b)), a = lo/sqrt q, b = hi/sqrt q (u^2 phi integrated by parts)."""
    s = mpmath.sqrt(q)
    a, b = mpmath.mpf(lo) / s, mpmath.mpf(hi) / s
    inner = mpmath.ncdf(b) - mpmath.ncdf(a) - (b * mpmath.npdf(b) - a * mpmath.npdf(a))
    return q * inner + mpmath.mpf(lo) ** 2 * mpmath.ncdf(a) + mpmath.mpf(hi) ** 2 * (1 - mpmath.ncdf(b))


@pytest.mark.parametrize("q", ["0.5011872336272722", "0.3"])
def test_callable_kink_beside_a_panel_edge_is_cut_at(q):
    # R38b-4: at q = 10^-0.3 the float64 grid has an edge at -0.50059, 6e-4 from clamp's kink at -1/2: both rules'
    # first nodes lay beyond the kink and V was 3.7e-7 off under an error of 4.7e-16. A kink of sigma is a jump of
    # sigma', which D's rules find: V is cut there too. q = 0.3 has no edge near the kink (a control).
    with mpmath.workdps(30):
        truth = _clamp_v(mpmath.mpf(q), -0.5, 1.0)
    v = Moments.of(activation(lambda t: min(max(t, -0.5), 1.0)), "float64").V(float(q))
    assert abs(v.value - truth) <= v.error < 1e-9


def test_max_branches_crossing_at_a_transcendental_point_are_a_kink():
    # R38b-5: sympy gives no set for z/2 = tanh(z) - 1/3, so Max(z/2, tanh(z) - 1/3) had no kink and float64
    # quadrature stepped over sigma''s jump there (chi1 8.4e-10 off). The crossing, by our own Newton steps:
    with mpmath.workdps(30):
        root = mpmath.findroot(lambda u: mpmath.tanh(u) - mpmath.mpf(1) / 3 - u / 2, -2.5)
    kinks = Moments.of("Max(x/2, tanh(x) - 1/3)", "float64").kinks
    assert any(abs(k - root) < 1e-15 for k in kinks), kinks


def test_odd_root_of_a_base_that_may_be_negative_is_no_trusted_set():
    # R39a-2: sympy's real-domain solver reads z^(1/3) with the real cube root ((-oo, 1) for z^(1/3) < 1), the package
    # and sympy's own power with the principal one, not real for z < 0. Odd roots are trusted in sets only where the
    # base is >= 0 everywhere; even roots (sympy keeps the base >= 0) stay trusted.
    import sympy as sp

    from vgtheory.core.activations import Z
    from vgtheory.core.pieces import untrusted_sets

    third = sp.Rational(1, 3)
    for c in (Z**third < 1, Z ** sp.Rational(2, 3) < 4, sp.Eq(Z**third, -1), (Z - 2) ** third > 0):
        assert untrusted_sets([c]) is not None, c
    for c in ((Z**2 + 1) ** third < 2, sp.sqrt(Z) < 1, sp.Abs(Z - 1) ** sp.Rational(2, 3) < 1, ((Z - 1) ** 2) ** third > 1):
        assert untrusted_sets([c]) is None, c


@pytest.mark.slow
def test_invariance_probes_reach_a_formulas_scale():
    # R39a-1: the clip at 2*10^6 is the identity for |u| < 2*10^6 > 2^20, where the probes stopped; past it s sigma(u/s)
    # = min(u, 2*10^6 s) > sigma(u) = 2*10^6 for every s > 1. A positively homogeneous sigma (2 max(z, 0) + min(z, 0)/3)
    # has no gap at any probe (a control).
    from vgtheory.core.activations import activation
    from vgtheory.theorems.scaling import _invariance_gap

    gap = _invariance_gap(activation("Max(Min(z, 2*10**6), -2*10**6)"), 30)
    assert gap is not None and gap.verdict == "fails"
    assert _invariance_gap(activation("2*Max(z, 0) + Min(z, 0)/3"), 30) is None
