"""Regressions of red team R10a fixed in session 11 (helper f1): the range of sigma with a cusp
(R10a-1), Theorem 1's exact tau0 (R10a-2, R10a-8), a tanh form of astronomic degree (R10a-7), the
LaTeX theorems section of a complex sigma (R10a-3) and huge numbers in a sympy expression (R10a-5).

Every expected value is derived here, by hand or with mpmath at high precision, never copied from
the package's output."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
import sys
import time

import mpmath
import pytest
import sympy as sp

from vgtheory import VGTheoryError, activation, check
from vgtheory.core.activations import Z
from vgtheory.properties.four import check_bounded, check_properties
from vgtheory.theorems.hypotheses import check_continuous, tanh_form
from vgtheory.theorems.section import theorem1

X = sp.Symbol("x")


def _value(formula: str, z: mpmath.mpf) -> mpmath.mpf:
    """sigma(z) by mpmath at 60 digits, from the formula itself (an independent evaluation)."""
    with mpmath.workdps(60):
        return mpmath.mpf(sp.lambdify(X, sp.sympify(formula, locals={"x": X}), "mpmath")(z))


# -- R10a-1: function_range misses the extrema where sigma' does not exist ---------------------------------

# (formula, a point z0 where sigma' is undefined and sigma has an extreme value), all from the report.
# sqrt(x**2 - 2x + 1) = |x - 1|; the radicand of the fourth is (x - 2)^2 (x^2 + 1); sin(-pi/2) = -1,
# sin(2(-pi/4)) = -1, cos(pi) = -1.
_CUSPS = [
    ("(x+9*(1-sqrt(x**2-2*x+1))/10)/(1+sqrt(x**2+1))", 1),
    ("x/(1+x**2)+(1-sqrt(x**2-2*x+1))/(x**2+1)", 1),
    ("sqrt(sin(x)+1)-1", -mpmath.pi / 2),
    ("sqrt(x**4-4*x**3+5*x**2-4*x+4)/(x**2+1)", 2),
    ("(sin(x)+1)**(1/4)", -mpmath.pi / 2),
    ("sqrt(sin(2*x)+1)", -mpmath.pi / 4),
    ("(sqrt(cos(x)+1)-1)**2", mpmath.pi),
    ("(x+1-sqrt(x**2-2*x+1))/(2+x**2)", 1),
]


@pytest.mark.slow  # 9-23 s loaded in session 15's --durations: CI runs it
@pytest.mark.parametrize("formula, z0", _CUSPS)
def test_a_symbolic_range_contains_the_value_at_a_cusp(formula: str, z0) -> None:
    r = check_bounded(formula)
    assert r.verdict != "fails"  # each sigma is bounded (a continuous function with finite limits or periodic)
    v = _value(formula, mpmath.mpf(z0))
    with mpmath.workdps(60):
        if r.method == "symbolic":
            for key in ("range", "range within"):
                if key in r.witness:
                    rng = sp.sympify(r.witness[key])
                    lo, hi = (mpmath.mpf(sp.N(e, 60)) for e in (rng.inf, rng.sup))
                    assert lo - mpmath.mpf(10) ** -40 <= v <= hi + mpmath.mpf(10) ** -40, (formula, rng, v)
        if r.method == "symbolic" and r.value is not None and not r.value.has(sp.Float):
            assert mpmath.mpf(sp.N(r.value, 60)) >= abs(v) - mpmath.mpf(10) ** -40  # B = sup |sigma| >= |sigma(z0)|


def test_a_smooth_sigma_keeps_its_exact_range() -> None:
    # sin z/(2 + cos z): sigma' = (2 cos z + 1)/(2 + cos z)^2 vanishes at cos z = -1/2, sin z = +-sqrt(3)/2,
    # where sigma = +-(sqrt(3)/2)/(3/2) = +-1/sqrt(3).
    r = check_bounded("sin(x)/(2+cos(x))")
    assert r.verdict == "holds" and r.method == "symbolic"
    assert sp.simplify(r.value - 1 / sp.sqrt(3)) == 0


# -- R10a-2 / R10a-8: the last root of sigma(t) = L/2, ordered exactly and within a time budget -------------

_DIP = "1 + (x-1)*(x-1-10**-20)/((x-1-10**-20/2)**2 + 10**-40/4)"


@pytest.mark.slow
def test_tau_inside_a_dip_of_width_1e_minus_20_is_not_proved() -> None:
    # sigma - 1 = (d^2 - e^2)/(d^2 + e^2), d = t - 1 - eps/2, e = eps/2, eps = 1e-20: roots 1 and 1 + eps and
    # sigma(1 + eps/2) = 0 < L/2 = 1. With W = 1 + 2.5e-21 and c = 1, tau = W lies inside the dip.
    with mpmath.workdps(60):
        assert _value(_DIP, 1 + mpmath.mpf(10) ** -20 / 2) < mpmath.mpf("1e-30")
    try:
        r = theorem1(_DIP, c=1, W="1.0000000000000000000025", depth=3)
    except VGTheoryError as exc:
        assert "too small" in str(exc)
        return
    tau = [c for c in r.to_dict()["hypotheses"] if c["name"].startswith("sigma(t) >= L/2")][0]
    assert tau["method"] != "symbolic" and r.status != "proved"


def test_tau0_is_the_last_of_two_roots_1e_minus_20_apart() -> None:
    # sigma - 1 = (t - 1)(t - 1 - 1e-20)/(t^2 + 1): roots 1 and 1 + 1e-20, sigma < 1 between them.
    r = theorem1("1 + (x-1)*(x-1-10**-20)/(x**2+1)", c=1, W=10, depth=3)
    with mpmath.workdps(60):
        assert r.tau0 >= 1 + mpmath.mpf(10) ** -20
        assert _value("1 + (x-1)*(x-1-10**-20)/(x**2+1)", 1 + mpmath.mpf(10) ** -20 / 2) < 1


@pytest.mark.slow
def test_exact_tau0_of_a_degree_16_equation_stays_within_its_budget() -> None:
    # (t^16/2 + t)/(t^16 + 1) = 1/4 is t^16 + 4t - 1 = 0: one positive root, a CRootOf whose float() took 280 s.
    from vgtheory.theorems.tau0 import exact_tau0

    act = activation("(x**16/2 + x)/(x**16 + 1)")
    props = check_properties(act, timeout=3)
    assert props.positive_limit.value == sp.Rational(1, 2)
    start = time.monotonic()
    out = exact_tau0(act, props.positive_limit, check_continuous(act), 30)
    assert time.monotonic() - start < 20
    if out is not None:  # exact: then its upper bound is above the root (t^16 + 4t - 1 < 0 below the root)
        with mpmath.workdps(40):
            assert out.upper**16 + 4 * out.upper - 1 >= 0


# -- R10a-7: tanh candidates whose exp form has astronomic degree are refused before they are built ----------

# (formula, L = lim sigma at +oo, a = sigma'(0)), by hand: x/(1+x^2) -> 0 with slope 1 at 0; tanh(kx) has slope k;
# x/(1 + 10^20 (x-1)^2) has slope 1/(1 + 10^20) at 0.
_NEAR_TANH = [("tanh(x) + x/(1+x**2)/10**12", "1", "1 + 10**-12"),
              ("tanh(x) + tanh(x*(1+10**-12))", "2", "2 + 10**-12"),
              ("tanh(x) + x/(1+10**20*(x-1)**2)", "1", "1 + 1/(1 + 10**20)")]


@pytest.mark.slow  # 2-6 s: the default suite keeps under 3 minutes (session 32)
@pytest.mark.parametrize("formula, L, a", _NEAR_TANH)
def test_tanh_form_of_a_near_tanh_is_refused_without_crashing(formula: str, L: str, a: str) -> None:
    # None of these is A tanh(z/k) + C (sigma - L tanh(z a/L) is not 0 at z = 3/7: the second derivative of
    # x/(1+x^2) is not that of a multiple of tanh). The call died of SIGFPE or raised OverflowError (R10a-7).
    code = ("import sympy as sp\n"
            "from vgtheory.core.activations import activation\n"
            "from vgtheory.theorems.hypotheses import tanh_form\n"
            f"print(tanh_form(activation({formula!r}), sp.sympify({L!r}), sp.sympify({a!r})))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "None"


def test_tanh_form_of_logistic_still_found() -> None:
    # 1/(1 + e^-z) = tanh(z/2)/2 + 1/2: A = 1/2, k = 2, C = 1/2.
    assert tanh_form(activation("1/(1+exp(-x))"), None, None) == (sp.Rational(1, 2), 2, sp.Rational(1, 2))


# -- R10a-3: the LaTeX theorems section of a sigma that is not real ------------------------------------------

@pytest.mark.slow
def test_latex_of_a_complex_sigma_says_it_is_not_real(tmp_path) -> None:
    # sqrt(-1)*x = i x is not real at any x != 0.
    # PYTHONPATH: the checkout under test, whether or not it is the installed copy.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-m", "vgtheory", "latex", "--", "sqrt(-1)*x"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert done.returncode == 0 and "internal error" not in done.stderr, done.stderr[-2000:]
    tex = "".join(p.read_text() for p in tmp_path.glob("*.tex"))
    assert "section{Theorems}" in tex and "not a real number" in tex


# -- R10a-5: a sympy expression with a 5001-digit integer ----------------------------------------------------

def test_sympy_input_obeys_the_formula_number_limits() -> None:
    t = sp.Symbol("t")
    with pytest.raises(VGTheoryError, match="out of range"):
        check(sp.tanh(t) + t / sp.Integer(10) ** 5000)
    with pytest.raises(VGTheoryError, match="out of range"):
        activation(sp.tanh(t) * sp.Integer(10) ** 301)
    assert activation(sp.tanh(t) + t / sp.Integer(10) ** 300).expr == sp.tanh(Z) + Z / sp.Integer(10) ** 300
