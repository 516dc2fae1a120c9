"""Red team 9b, findings R9b-4, R9b-5, R9b-8, R9b-9 and R9b-10 (numeric side and robustness).

The truth of every case is derived here from the definition of the function (a derivative or
value computed with mpmath at more digits than the package uses, an identity of the formula), not
from the package; a numeric verdict may be that truth or ``inconclusive``, never the opposite.
"""

from __future__ import annotations

import ast
import math
import os
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import mpmath
import pytest
import sympy as sp

import vgtheory
from vgtheory.core.activations import activation
from vgtheory.properties import check_linear_at_origin
from vgtheory.properties.numeric_properties import bounded_numeric, positive_limit_numeric, vanishing_numeric


Z = sp.Symbol("z", real=True)


def _slope_at_zero(expr: sp.Expr) -> sp.Expr:
    # sigma'(0), exact, by sympy from the formula the callable implements (truth for sigma(0) = 0).
    assert expr.subs(Z, 0) == 0
    return sp.diff(expr, Z).subs(Z, 0)


# -- R9b-8: a small positive slope at 0 is a positive slope --------------------------------------


def _tanh_over_1e9(t):
    return mpmath.tanh(t) / 10**9


# Each callable with its truth: the function it implements, as an exact sympy formula.
SMALL_POSITIVE = [
    (_tanh_over_1e9, sp.tanh(Z) / 10**9),
    (lambda z: math.tanh(z) / 1e9, sp.tanh(Z) / 10**9),
    (lambda t: mpmath.tanh(t) - t + t * mpmath.mpf(10) ** -20, sp.tanh(Z) - Z + Z / sp.Integer(10) ** 20),
]


@pytest.mark.parametrize("fn, truth", SMALL_POSITIVE, ids=["mpmath tanh/1e9", "float tanh/1e9", "tanh - z + z/1e20"])
def test_a_small_positive_slope_at_zero_holds(fn, truth) -> None:
    assert _slope_at_zero(truth) > 0
    result = check_linear_at_origin(fn)
    assert (result.verdict, result.method) == ("holds", "numeric"), result


def test_formula_and_callable_of_one_function_agree_on_a_small_slope() -> None:
    # tanh(z)/10^9: sigma(0) = 0 and sigma'(0) = 10^-9 > 0 (truth), so property 4 holds for both forms.
    assert _slope_at_zero(sp.tanh(Z) / 10**9) > 0
    formula = check_linear_at_origin("tanh(z)/10**9")
    callable_ = check_linear_at_origin(_tanh_over_1e9)
    assert formula.verdict == callable_.verdict == "holds"


NOT_POSITIVE = [
    (lambda z: z**3, Z**3),
    (lambda z: math.tanh(z) ** 3 / 1e9, sp.tanh(Z) ** 3 / 10**9),
    (lambda z: -mpmath.tanh(z) / 10**9, -sp.tanh(Z) / 10**9),
]


@pytest.mark.parametrize("fn, truth", NOT_POSITIVE, ids=["z^3", "float tanh^3/1e9", "-tanh/1e9"])
def test_a_slope_at_or_below_zero_still_fails(fn, truth) -> None:
    assert _slope_at_zero(truth) <= 0
    # The samples show it: z^3's sigma(z)/z = z^2 shrinks by 4 an octave; -tanh/1e9's holds still at -1e-9.
    assert check_linear_at_origin(fn).verdict == "fails"


# -- R9b-10: no sympy submodule reached as an attribute of the sympy package ----------------------


def _sympy_submodule_attributes(path: Path) -> list[str]:
    """``sp.logic.boolalg``-style chains in a module's code: ``<sympy alias>.<submodule>.<name>``,
    where the middle name is a module (so it exists only as a side effect of a complete import)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for a in node.names if a.name == "sympy"}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name) and node.value.value.id in aliases
                and isinstance(getattr(sp, node.value.attr, None), types.ModuleType)):
            found.append(f"{path.name}:{node.lineno} {node.value.value.id}.{node.value.attr}.{node.attr}")
    return found


def test_no_module_reaches_a_sympy_submodule_as_an_attribute() -> None:
    package = Path(__file__).resolve().parents[1] / "vgtheory"
    found = [hit for path in sorted(package.rglob("*.py")) for hit in _sympy_submodule_attributes(path)]
    assert found == []


def test_a_check_works_when_sympy_submodule_attributes_are_unbound() -> None:
    # What an interrupted lazy import leaves behind (R9b-10): the submodules are imported, but the
    # sympy package lacks the attributes. A later check must still parse and decide.
    code = textwrap.dedent("""
        import sympy, sympy.core
        import vgtheory
        from vgtheory.core import parsing
        del sympy.logic, sympy.core.relational
        p = vgtheory.check_properties("Piecewise((tanh(z), z > 0), (z, True))")
        print(p.linear_at_origin.verdict)
    """)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env, cwd=root)
    assert run.returncode == 0, run.stderr[-2000:]
    # sigma(z)/z -> 1 from both sides (tanh(z)/z and z/z), sigma(0) = 0.
    assert run.stdout.split() == ["holds"]


# -- R9b-4: a numeric holds from sampling states the range sampled ------------------------------

_RANGE = re.compile(r"^(\|z\||z|-z) (<=|<) 2\^(\d+)$")


def _stated_reach(result) -> int:
    """K of the witness's "sampled range" (|z| <= 2^K), which the detail must repeat."""
    stated = result.witness["sampled range"]
    m = _RANGE.match(stated)
    assert m, stated
    assert f"sampled range {stated}" in result.detail
    return int(m.group(3))


def _hidden_ramp(z):
    return mpmath.tanh(z) + (z - mpmath.mpf(2) ** 130 if z > mpmath.mpf(2) ** 130 else 0)


def test_a_ramp_past_the_sampled_range_is_not_read_as_bounded_everywhere() -> None:
    # Truth: sigma(2^131) >= 2^130, and z*sigma'(z) = z there: sigma is unbounded with no limit.
    with mpmath.workdps(60):
        assert _hidden_ramp(mpmath.mpf(2) ** 131) >= mpmath.mpf(2) ** 130
    report = vgtheory.check(_hidden_ramp, signal=False, theorems=False)
    for result in (report.properties.bounded, report.properties.vanishing_derivative,
                   report.properties.positive_limit):
        if result.verdict == "holds":
            # Numeric evidence, and only for a range that stops short of where the ramp starts.
            assert result.method == "numeric"
            assert 2 ** _stated_reach(result) <= 2**130
            assert f"sampled range = {result.witness['sampled range']}" in str(report)
        else:
            assert result.verdict in ("fails", "inconclusive")


def test_a_formula_sampled_numerically_states_its_reach() -> None:
    # z/(1 + z^2/10^80) rises like z up to its peak at z = 10^40 (d/dz: (1 - z^2/10^80)/(...)^2 = 0),
    # then decays: a holds on the samples is honest only if they reach past 10^40.
    act = activation("tanh(z) + z/(1 + z**2/10**80)")
    for check in (bounded_numeric, vanishing_numeric, positive_limit_numeric):
        result = check(act, 30)
        assert result.verdict == "holds", result
        assert 2 ** _stated_reach(result) > 10**40
