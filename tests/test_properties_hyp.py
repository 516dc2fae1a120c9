"""Properties of the package as hypothesis tests, each against a reference computed independently.

- gradients against complex-step finite differences (mpmath at a stated precision; no cancellation,
  so saturating weights 1e2..1e6, where sigma' ~ e^{-2 w x}, are in reach);
- Theorems 1 and 2 with their properties taken from ``check_properties`` (not built by construction):
  no bound is beaten by the package's own exact gradient;
- q* and chi1 against scipy's adaptive quadrature over random (sigma, sigma_w, sigma_b, s);
- the scaling identity d/du s sigma(u/s) = sigma'(u/s), on formulas and on callables;
- verdicts invariant under equivalent rewrites of a formula;
- completeness: smooth sigmoid-type families are decided (not left inconclusive);
- soundness both ways: planted defects never ``holds``, their smooth twins are decided.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import BASES, planted_defects, sigmoid_type_sums, z
from test_signal import _reference

from vgtheory.core.activations import activation
from vgtheory.core.chain import gradient
from vgtheory.theorems.hypotheses import check_c1, check_concave
from vgtheory.properties import smoothness
from vgtheory.properties.four import check_bounded, check_positive_limit, check_properties, check_vanishing_derivative
from vgtheory.meanfield.propagation import signal
from vgtheory.theorems.section import theorem1, theorem2

#: Working precision of every reference value below (digits).
REF_DPS = 40

# -- complex-step derivatives: an independent evaluator of the strategy's formulas ----------------------------
# sigma(t + ih) = sigma(t) + ih sigma'(t) + O(h^2) for analytic sigma: Im sigma(t + ih)/h is a finite
# difference without the subtraction that cancels. mpmath's complex erf, erfc and atan get the tiny imaginary
# part wrong (erfc(0.1 + 1e-60 i): 1% off), so erf and atan are left out here (erf's tails: test_activations);
# |u| is continued analytically from the real side (softsign away from 0).
_COMPLEX = {
    "tanh": mpmath.tanh,
    "exp": mpmath.exp,
    "sqrt": mpmath.sqrt,
    "Abs": lambda u: u if mpmath.re(u) >= 0 else -u,
}
COMPLEX_STEP_BASES = tuple(b for b in sorted(BASES) if b not in ("atan", "erf"))


def _complex_fn(expr: sp.Expr):
    return sp.lambdify(z, expr, modules=[_COMPLEX, "mpmath"])


def _complex_step_df_dw(expr: sp.Expr, ws, x, j: int) -> mpmath.mpf:
    """d/dw_j of sigma(w_l sigma(... sigma(w_1 x))) as Im f(w_j + ih)/h, h = 1e-(REF_DPS+20) |w_j|."""
    sigma = _complex_fn(expr)
    with mpmath.workdps(REF_DPS):
        h = mpmath.mpf(10) ** -(REF_DPS + 20) * abs(mpmath.mpf(ws[j - 1]))
        v = mpmath.mpc(x)
        for k, w in enumerate(ws, start=1):
            v = sigma((mpmath.mpf(w) + (1j * h if k == j else 0)) * v)
        return mpmath.im(v) / h


_log_weights = st.floats(-1, 6).map(lambda e: float(10**e))


@settings(max_examples=15, deadline=None)  # each example lambdifies a new formula (~0.3 s)
@given(family=sigmoid_type_sums(max_terms=2, bases=COMPLEX_STEP_BASES), data=st.data(),
       depth=st.integers(1, 4), x=st.floats(0.1, 3))
def test_gradient_matches_complex_step_finite_differences(family, data, depth, x):
    ws = [data.draw(_log_weights, label=f"w{k}") for k in range(depth)]
    j = data.draw(st.integers(1, depth), label="j")
    _assert_gradient_matches(family.expr, ws, x, j)


@pytest.mark.parametrize("w", [50.0, 1e3, 1e6])
def test_saturated_tanh2x_gradient_matches_complex_step(w):
    # sympy writes tanh(2x)' as 2 - 2 tanh^2(2x): the slope that once cancelled to 0 exactly here
    _assert_gradient_matches(sp.tanh(2 * z), [w, 2.0], 1.0, 1)


def _assert_gradient_matches(expr, ws, x, j):
    got = gradient(expr, ws, x, dps=30).df_dw[j - 1]
    ref = _complex_step_df_dw(expr, ws, x, j)
    with mpmath.workdps(REF_DPS):
        assert ref != 0  # sigma' > 0 for these sums: the true gradient is never 0 (it may be 1e-800000)
        assert abs(got / ref - 1) < mpmath.mpf(10) ** -20, (str(expr), ws, x, j, got, ref)


@settings(max_examples=15, deadline=None)
@given(family=sigmoid_type_sums(max_terms=2, bases=COMPLEX_STEP_BASES), s=st.floats(0.05, 1e4),
       u=st.floats(-1e3, 1e3))
def test_scaling_identity_against_complex_step(family, s, u):
    """d/du [s sigma(u/s)] = sigma'(u/s): the package's scaled slope against Im s sigma((u + ih)/s)/h."""
    act = activation(family.expr)
    sigma = _complex_fn(family.expr)
    with mpmath.workdps(REF_DPS):
        sm, um = mpmath.mpf(repr(s)), mpmath.mpf(u)
        h = mpmath.mpf(10) ** -(REF_DPS + 20) * max(1, abs(um))
        ref = mpmath.im(sm * sigma((um + 1j * h) / sm)) / h
    with mpmath.workdps(30):
        got = act.scaled(s).slope(u)
        assert abs(got - ref) <= mpmath.mpf(10) ** -20 * abs(ref), (str(family.expr), s, u)
        assert abs(got - act.slope(um / sm)) <= mpmath.mpf(10) ** -20 * abs(ref)


@settings(max_examples=10, deadline=None)
@given(family=sigmoid_type_sums(max_terms=1), s=st.floats(0.1, 100), u=st.floats(-20, 20))
def test_scaling_identity_on_callables(family, s, u):
    """A callable hides the formula: its slope is mpmath's numerical derivative, scaled the same way."""
    formula = activation(family.expr)
    fn = activation(lambda t: formula.value(t))
    with mpmath.workdps(30):
        sm, um = mpmath.mpf(repr(s)), mpmath.mpf(u)
        got = fn.scaled(s).slope(u)
        exact = formula.slope(um / sm)
        assert abs(got - exact) <= mpmath.mpf(10) ** -15 * (abs(exact) + mpmath.mpf(10) ** -10)


# -- Theorems 1 and 2 with the properties the package itself found -------------------------------------------


@settings(max_examples=3, deadline=None)  # check_properties per example (sympy limits)
@given(family=sigmoid_type_sums(max_terms=2), c=st.floats(0.3, 2), factor=st.floats(1, 20),
       depth=st.integers(1, 5), data=st.data())
def test_theorem1_bound_with_checked_properties_is_never_beaten(family, c, factor, depth, data):
    act = activation(family.expr)
    props = check_properties(act)
    assert props.sigmoid_type is True  # complete on these sums (each term sigmoid-type)
    # the smallest W that Theorem 1 accepts, from its own tau0 (a larger W from factor)
    r0 = theorem1(act, c=c, W=1e6, depth=depth, dps=40, props=props)
    W = float(r0.tau0 / min(mpmath.mpf(c), r0.L / 2)) * 1.0001 * factor
    j = data.draw(st.integers(1, depth), label="j")
    r = theorem1(act, c=c, W=W, depth=depth, j=j, dps=40, props=props)
    for _ in range(3):
        ws = [W * data.draw(st.floats(1, 4)) for _ in range(depth)]
        g = gradient(act, ws, c * data.draw(st.floats(1, 4)), dps=40)
        with mpmath.workdps(40):  # the bound is attained at w = W, x = c: a rounding slack at 40 digits only
            assert abs(g.df_dw[j - 1]) <= r.bound_df * (1 + mpmath.mpf(10) ** -30), (str(family.expr), ws)


@settings(max_examples=3, deadline=None)
@given(family=sigmoid_type_sums(max_terms=2), k=st.floats(0.2, 4).filter(lambda k: abs(k - 1) > 0.05),
       x=st.floats(0.05, 3), depth=st.integers(1, 30))
def test_theorem2_bound_with_checked_properties_is_never_beaten(family, k, x, depth):
    act = activation(family.expr)
    props = check_properties(act)
    a = float(sp.N(props.linear_at_origin.value, 30))
    assert abs(a / float(sp.N(family.a, 30)) - 1) < 1e-12  # the slope it found is the one by construction
    r = theorem2(act, w=k / a, x=x, depth=depth, dps=40, props=props)
    # theorem2 reads a float as its shortest decimal (one reading of w, x, s throughout): so does this chain
    actual = gradient(act, [repr(k / a)] * depth, repr(x), dps=40).df_dw[0]
    with mpmath.workdps(40):
        assert abs(r.actual_df_dw1 / actual - 1) < mpmath.mpf(10) ** -35
    with mpmath.workdps(40):  # at depth 1 the bound is attained: a rounding slack at 40 digits only
        b = r.bound_df_dw1(depth)
        slack = mpmath.mpf(10) ** -30
        if r.bound_direction == "upper":
            assert actual <= b * (1 + slack), (str(family.expr), k, x, depth)
        else:
            assert r.bound_direction == "lower" and actual >= b * (1 - slack), (str(family.expr), k, x, depth)


# -- q* and chi1 against scipy quadrature ---------------------------------------------------------------------

#: sigma and sigma' in plain math (not the package's parser): the references of tests/test_signal.py.
_FLOAT = {
    "tanh": (math.tanh, lambda u: 1 / math.cosh(u) ** 2),
    "erf": (math.erf, lambda u: 2 / math.sqrt(math.pi) * math.exp(-u * u)),
    "arctan": (math.atan, lambda u: 1 / (1 + u * u)),
    "algebraic": (lambda u: u / math.sqrt(1 + u * u), lambda u: (1 + u * u) ** -1.5),
}


@pytest.mark.slow  # 9-23 s loaded in session 15's --durations: CI runs it
@settings(max_examples=8, deadline=None)
@given(name=st.sampled_from(sorted(_FLOAT)), w=st.floats(0.3, 2.5), b=st.floats(0.05, 1),
       s=st.sampled_from([1, 2, 7]))
def test_q_star_and_chi1_against_scipy_quadrature(name, w, b, s):
    value, slope = _FLOAT[name]
    # sigma_s(u) = s sigma(u/s), sigma_s'(u) = sigma'(u/s)
    q_ref, chi_ref = _reference(lambda u: s * value(u / s), lambda u: slope(u / s), w, b)
    r = signal(name, repr(w), repr(b), s=s)
    assert r.q_state == "converged"
    assert float(r.q_star) == pytest.approx(q_ref, rel=1e-7)
    assert float(r.chi1) == pytest.approx(chi_ref, rel=1e-7)


# -- verdicts invariant under rewrites; completeness -------------------------------------------------------------

_b = st.builds(sp.Rational, st.integers(1, 12), st.integers(1, 5))

#: Each row: formulas (in b) equal for every b > 0, as identities of real functions.
REWRITES = [
    ("tanh({b}*x)", "2/(1+exp(-2*{b}*x))-1"),
    ("x/sqrt(1+{b}*x**2)", "sign(x)*sqrt(x**2/(1+{b}*x**2))"),
]


def _verdicts(formula: str):
    props = check_properties(formula)
    return [(r.name, r.verdict) for r in props], props


@settings(max_examples=2, deadline=None)  # ~10 s an example: three full property checks
@given(row=st.sampled_from(REWRITES), b=_b)
def test_verdicts_are_invariant_under_rewrites(row, b):
    first, props = _verdicts(row[0].format(b=b))
    for other in row[1:]:
        verdicts, other_props = _verdicts(other.format(b=b))
        assert verdicts == first, (other, b)
        for p, q in zip(props, other_props):  # constants proved on both sides are equal too (exactly)
            if p.value is not None and q.value is not None and p.method == q.method == "symbolic":
                x, y = sp.sympify(p.value), sp.sympify(q.value)
                if x.has(sp.Float) or y.has(sp.Float):  # a bound B located numerically (limits + local route)
                    assert abs(sp.N(x - y, 30)) <= 1e-12 * abs(sp.N(x, 30)), (p.name, other, b)
                else:
                    assert sp.simplify(x - y) == 0, (p.name, other, b)
    assert all(v == "holds" for _, v in first)  # each row is sigmoid-type


@settings(max_examples=3, deadline=None)
@given(family=st.sampled_from(["{a}*tanh({b}*x)", "{a}*erf({b}*x)", "{a}*x/sqrt(1+{b}*x**2)"]), a=_b, b=_b)
def test_smooth_sigmoid_families_are_decided(family, a, b):
    formula = family.format(a=a, b=b)
    props = check_properties(formula)
    assert [r.verdict for r in props] == ["holds"] * 4, (formula, [str(r) for r in props])
    act = activation(formula)
    assert check_c1(act).verdict == "holds" and check_concave(act).verdict == "holds", formula


# -- soundness both ways: planted defects ------------------------------------------------------------------------

_CHECKS = {
    "bounded": lambda e: check_bounded(e, timeout=2, dps=20),
    "positive_limit": lambda e: check_positive_limit(e, timeout=2, dps=20),
    "vanishing_derivative": lambda e: check_vanishing_derivative(e, timeout=2, dps=20),
    # On all of R, where the defects are planted (a may be <= 0); hypotheses.check_c1 looks at (0, oo) only.
    "continuous": lambda e: smoothness.check_continuous(activation(e)),
    "c1": lambda e: smoothness.check_c1(activation(e)),
    "concave": lambda e: check_concave(activation(e)),
}


@settings(max_examples=7, deadline=None)  # 10 took 12 s of the default suite's 330 s of CPU
@given(planted_defects())
def test_planted_defects_never_hold_and_their_smooth_twins_are_decided(planted):
    """A planted defect makes each check in ``breaks`` false: never ``holds``. The same sum without the
    defect (and the disguised zeros, whose ``breaks`` is empty) makes them true: decided as ``holds``
    (a checker that answered inconclusive everywhere fails here)."""
    for name in sorted(planted.breaks):
        result = _CHECKS[name](planted.expr)
        assert result.verdict != "holds", (planted.defect, name, str(planted.expr), str(result))
        twin = _CHECKS[name](planted.twin)
        assert twin.verdict == "holds", (planted.defect, name, str(planted.twin), str(twin))
    if not planted.breaks:  # identically-zero term: C^1 and continuity are true, never refuted
        for name in ("c1", "continuous"):
            assert _CHECKS[name](planted.expr).verdict != "fails", (planted.defect, name, str(planted.expr))
