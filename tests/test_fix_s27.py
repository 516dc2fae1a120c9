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
