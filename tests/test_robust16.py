"""Issue 16 (items 1 and 8) and issue 18 (item 6): every section of ``check`` fails on its own,
the signal section is numbers, and no input gets a traceback, a hang or a run past the limits."""

from __future__ import annotations

import json

import mpmath
import pytest

from clirun import cli

import vgtheory.report as report_module
from vgtheory.errors import VGTheoryError
from vgtheory.report import check


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


@pytest.mark.slow
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


@pytest.mark.slow
def test_diverged_run_prints_no_error_for_a_missing_chi1() -> None:
    """A diverged orbit has no chi1; the CLI used to print 'chi1 = n/a +- 0.0e+00'."""
    out = cli("signal", "x+tanh(x)", "--sigma-w", "3", "--sigma-b", "1")
    assert out.returncode == 0, out.stderr
    # A numeric orbit past the range searched is not shown to diverge (red team 7 F16): it says so.
    assert "+- 0.0e+00" not in out.stdout and "diverged" not in out.stdout
    assert "chi1 = n/a (no fixed point q* found: beyond the range computed (q > 1.0e+13))" in out.stdout


# -- item 8: robustness -----------------------------------------------------------------------------


def test_power_size_check_only_applies_to_powers() -> None:
    from vgtheory.core.parsing import parse_formula

    # 2/1000 is a small rational; only 2**1000 is a huge number.
    assert str(parse_formula("tanh(2/1000*x)")) == "tanh(z/500)"
    assert str(parse_formula("2*1000*x")) == "2000*z"
    with pytest.raises(VGTheoryError, match=r"2\*\*1000 is out of range"):
        parse_formula("2**1000*x")


@pytest.mark.parametrize(
    "formula, limit",
    [
        ("tanh(" * 140 + "x" + ")" * 140, "MAX_NESTING"),  # 841 characters: RecursionError before
        ("-" * 1999 + "x", "MAX_TREE_DEPTH"),
        ("+".join(["x"] * 999), "MAX_TREE_DEPTH"),
    ],
)
def test_deep_nesting_is_refused_at_parse_time(formula, limit) -> None:
    from vgtheory.core import input_limits
    from vgtheory.core.parsing import parse_formula

    with pytest.raises(VGTheoryError, match=limit) as info:
        parse_formula(formula)
    assert "\n" not in str(info.value) and len(str(info.value)) < 200
    # The limit is not so low that ordinary nesting is refused.
    n = input_limits.MAX_NESTING
    parse_formula("tanh(" * (n - 1) + "x" + ")" * (n - 1))


@pytest.mark.parametrize("command", ["check", "gradient", "signal", "latex"])
def test_deep_nesting_is_one_line_in_every_command(command, tmp_path) -> None:
    formula = "tanh(" * 140 + "x" + ")" * 140
    extra = {"gradient": ["--w", "1"], "signal": ["--sigma-w", "1"], "latex": ["-o", str(tmp_path / "a.tex")]}
    out = cli(command, formula, *extra.get(command, []), seconds=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") == 0 and "MAX_NESTING" in out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["gradient", "tanh", "--x", "1e99999999999", "--w", "1"],  # MemoryError before
        ["signal", "tanh", "--sigma-w", "1e99999999999"],  # ran past 2 min before
        ["signal", "tanh", "--sigma-w", "1", "--sigma-b", "1e-99999999"],
        ["gradient", "tanh", "--w", "1,1e-400"],
        ["gradient", "tanh", "--w", "1", "--lam", "inf"],
        ["signal", "tanh", "--sigma-w", "1", "--s", "nan"],
    ],
)
def test_numeric_options_are_bounded_like_formula_numbers(args) -> None:
    out = cli(*args, seconds=60)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("vgtheory: error: --") and "between 1e-300 and 1e300" in out.stderr
    assert out.stderr.strip().count("\n") == 0


def test_gradient_cost_does_not_grow_with_w() -> None:
    """A saturated chain repeats one argument; at |w| = 1e300 each evaluation is dearer, so the
    number of sigma/sigma' evaluations must not grow with depth there (35 s before, at depth 1000)."""
    from vgtheory.core.activations import Activation, activation
    from vgtheory.core.chain import gradient

    calls = {"value": 0, "slope": 0}
    tanh = activation("tanh")

    class Counting(Activation):
        def value(self, z):
            calls["value"] += 1
            return tanh.value(z)

        def slope(self, z):
            calls["slope"] += 1
            return tanh.slope(z)

    sigma = Counting("tanh", tanh.expr, source="registry")
    result = gradient(sigma, ["1e300"] * 1000, 1)
    # At most 2 a run; a saturated chain has three runs since session 8 (the digits asked, and
    # two at a raised precision that confirm the mantissas: tests/test_gradient_precision_s8.py).
    assert calls["value"] <= 3 * 2 and calls["slope"] <= 3 * 2
    # Same numbers as without the sharing: z_k = 1 for every k >= 1, df/dw_j = z_{j-1} d_j P_j
    # (to the 50 digits confirmed: the two depths raise the precision by different amounts).
    plain = gradient("tanh", ["1e300"] * 3, 1)
    assert result.digits == plain.digits == 50
    with mpmath.workdps(60):
        for a, b in zip(result.z[:4] + result.df_dw[-3:], plain.z + plain.df_dw):
            assert abs(a - b) <= mpmath.mpf(10) ** -49 * abs(b)


def test_plot_refuses_a_missing_directory(tmp_path) -> None:
    target = tmp_path / "missing" / "dir" / "p.png"
    out = cli("plot", "tanh", "-o", str(target), seconds=60)
    assert out.returncode == 2 and "does not exist" in out.stderr and out.stderr.strip().count("\n") == 0
    assert not (tmp_path / "missing").exists()


def test_decimal_string_of_huge_exponents_matches_nstr() -> None:
    from vgtheory.core.decimals import decimal_string

    with mpmath.workdps(60):
        for v in (mpmath.mpf(2) ** -300000 * 3, -mpmath.mpf(2) ** 400000 / 7, mpmath.mpf("9.999999999999999e-70000")):
            for digits in (12, 50):
                assert decimal_string(v, digits) == mpmath.nstr(v, digits, min_fixed=-5, max_fixed=5)


def test_gradient_at_w_1e300_depth_1000_is_quick() -> None:
    """35 s before (almost all of it printing numbers like 10^(-8.7e299) through nstr); the bound
    here is generous for a loaded machine, the point is that it no longer scales with |w|."""
    out = cli("gradient", "tanh", "--w", "1e300", "--depth", "1000", seconds=150)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("e-") >= 1000
