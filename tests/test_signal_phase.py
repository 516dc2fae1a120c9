"""The phase diagram: the edge-of-chaos curve is made of critical pairs, and the CLI draws it."""

from __future__ import annotations

import math

import pytest

from vgtheory.cli.app import main as cli_main
from vgtheory.meanfield.phase import critical_curve, phase_diagram
from vgtheory.meanfield.propagation import signal


def test_curve_points_are_critical_fixed_points() -> None:
    """Each (sigma_b, sigma_w) on the curve has its q as a fixed point and chi1 = 1 there."""
    curve = critical_curve("erf", points=12)
    assert len(curve.q) >= 6
    for q, w, b in list(zip(curve.q, curve.sigma_w, curve.sigma_b))[::4]:
        r = signal("erf", w, b, q0=q, backend="float64")
        assert float(r.q_star) == pytest.approx(q, rel=1e-6)
        assert float(r.chi1) == pytest.approx(1, rel=1e-9)


def test_scaling_moves_the_tanh_edge_towards_sigma_w_one() -> None:
    """sigma_s tends to the identity, whose edge is sigma_w = 1 for every sigma_b."""
    plain, scaled = critical_curve("tanh", s=1, points=10), critical_curve("tanh", s=30, points=10)
    at_b = lambda c: min(zip(c.sigma_b, c.sigma_w), key=lambda t: abs(t[0] - 0.5))  # noqa: E731
    assert 1 < at_b(scaled)[1] < at_b(plain)[1]
    assert abs(at_b(scaled)[1] - 1) < 0.05


@pytest.mark.slow
def test_grid_phases_and_cli(tmp_path) -> None:
    d = phase_diagram("tanh", scales=(1, 10), grid=3, sigma_w_max=3.0)
    # sigma_w = 1, 2, 3 and sigma_b = 0, 0.5, 1: (1, 1) is ordered, (3, 0) chaotic, (1, 0) critical
    assert d.chi1[0][2] < 1 < d.chi1[2][0] and d.chi1[0][0] == pytest.approx(1, abs=1e-12)
    out = tmp_path / "phase.png"
    assert cli_main(["plot", "tanh", "--phase", "--phase-grid", "3", "--scales", "1,10", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert math.isfinite(d.curves[1].sigma_w[0])
