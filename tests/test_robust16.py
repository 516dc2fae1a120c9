"""Issue 16 (items 1 and 8) and issue 18 (item 6): every section of ``check`` fails on its own,
the signal section is numbers, and no input gets a traceback, a hang or a run past the limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import mpmath
import pytest

import vgtheory.report as report_module
from vgtheory.errors import VGTheoryError
from vgtheory.report import check

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-m", "vgtheory", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


# -- item 1: sections fail on their own -----------------------------------------------------------


def _boom(*_args, **_kwargs):
    raise ZeroDivisionError("planted failure")


@pytest.mark.parametrize(
    "section, target",
    [
        ("properties", "check_properties"),
        ("scaling", "scaling_report"),
        ("theorems", "_theorems_section"),
        ("findings", "_findings"),
        ("signal", "_signal_summary"),
    ],
)
def test_each_section_fails_alone(monkeypatch, section, target) -> None:
    """A planted failure in one section leaves the others computed and says why, in the text and
    in JSON."""
    monkeypatch.setattr(report_module, target, _boom)
    rep = check("tanh")
    assert set(rep.unavailable) == {section}
    assert "planted failure" in rep.unavailable[section] and "ZeroDivisionError" in rep.unavailable[section]
    assert f"({section} could not be computed: " in str(rep)
    data = json.loads(rep.to_json())
    assert data["unavailable"] == {section: rep.unavailable[section]}
    if section != "properties":
        assert rep.properties.bounded.verdict == "holds"
    else:
        assert all(r.verdict == "inconclusive" for r in rep.properties) and rep.sigmoid_type is None
    if section != "scaling":
        assert rep.scaling is not None
    if section != "theorems":
        assert rep.theorems is not None
    if section != "signal":
        assert rep.signal is not None and rep.signal.critical.sigma_w == 1


def test_singular_sigma_prime_gets_its_signal_section() -> None:
    """The issue's witness: sigma' is undefined at z = 1 (integrable singularity); the signal
    section used to kill the report (exit 2). Now every section is there and chi1 at the
    paper's init matches an independent quadrature split at 1."""
    rep = check("tanh(x) + exp(-x**2)*((x-1)**2)**(1/3)", theorems=False)
    assert rep.unavailable == {} and rep.signal is not None
    res = rep.signal.at_init
    q = res.q_star
    with mpmath.workdps(30):
        def slope(u):
            e = mpmath.exp(-u * u)
            return (mpmath.sech(u) ** 2 - 2 * u * e * mpmath.cbrt((u - 1) ** 2)
                    + e * mpmath.mpf(2) / 3 * mpmath.sign(u - 1) * abs(u - 1) ** (-mpmath.mpf(1) / 3))

        density = lambda u: mpmath.exp(-u * u / (2 * q)) / mpmath.sqrt(2 * mpmath.pi * q)  # noqa: E731
        chi1 = 32 * mpmath.quad(lambda u: slope(u) ** 2 * density(u), [-mpmath.inf, 0, 1, mpmath.inf])
    assert abs(res.chi1 - chi1) <= res.chi1_error + 1e-9 and res.chi1_error < 1e-6


# -- issue 18 item 6: the signal section as numbers ------------------------------------------------


def test_signal_section_is_a_frozen_dataclass_of_numbers() -> None:
    rep = check("tanh", theorems=False)
    sig = rep.signal
    with pytest.raises(AttributeError):
        sig.activation = "x"  # frozen
    data = rep.to_dict()["signal"]
    for key in ("critical_sigma_w", "q_star", "chi1", "chi1_error", "depth_scale"):
        assert isinstance(data[key], float), key
    assert data["critical_sigma_w"] == 1.0 and data["method"] == "numeric" and data["phase"] == "chaotic"
    assert data["init"]["sigma_w"] ** 2 == pytest.approx(32) and data["init"]["sigma_b"] ** 2 == pytest.approx(1 / 12)
    assert "paper's CIFAR-10 init" in data["init"]["name"]
    # The text lines are rendered from those numbers.
    lines = rep.signal_lines()
    assert f"q* converged = {mpmath.nstr(sig.at_init.q_star, 4)}" in lines[1]
    assert "not PyTorch's default" in lines[1]


def test_diverged_run_prints_no_error_for_a_missing_chi1() -> None:
    """A diverged orbit has no chi1; the CLI used to print 'chi1 = n/a +- 0.0e+00'."""
    out = cli("signal", "x+tanh(x)", "--sigma-w", "3", "--sigma-b", "1")
    assert out.returncode == 0, out.stderr
    assert "+- 0.0e+00" not in out.stdout and "chi1 = n/a (no fixed point q*: the orbit diverged)" in out.stdout
