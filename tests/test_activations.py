"""Activations from names, formulas, sympy expressions and callables, and their scalings."""

import math

import mpmath
import pytest
import sympy as sp
from hypothesis import given, strategies as st

from vgtheory.core.activations import ALIASES, REGISTRY, activation
from vgtheory.errors import ActivationError, FormulaError
from vgtheory.core.parsing import Z


@pytest.mark.parametrize("name", list(REGISTRY) + list(ALIASES))
def test_registry_names_make_symbolic_activations(name):
    act = activation(name)
    assert act.is_symbolic and act.expr.free_symbols <= {Z}
    # sigma' from sympy agrees with a high-precision numerical derivative of sigma.
    with mpmath.workdps(30):
        for t in (mpmath.mpf("0.37"), mpmath.mpf("-1.3"), mpmath.mpf("2.1")):
            assert abs(act.slope(t) - mpmath.diff(act.value, t)) < 1e-15


def test_logsigmoid_means_the_papers_logistic():
    assert activation("logsigmoid").expr == activation("sigmoid").expr


def test_sympy_expression_in_any_symbol_is_renamed():
    t = sp.Symbol("t")
    assert activation(sp.tanh(2 * t)).expr == sp.tanh(2 * Z)


def test_sympy_expression_with_two_symbols_is_refused():
    a, b = sp.symbols("a b")
    with pytest.raises(ActivationError, match="several free symbols"):
        activation(a * b)


def test_unsupported_object_is_refused():
    with pytest.raises(ActivationError, match="cannot make an activation"):
        activation(3.5)


def test_bad_formula_raises_formula_error():
    with pytest.raises(FormulaError):
        activation("x +* 2")


s_values = st.floats(min_value=0.05, max_value=100, allow_nan=False)
u_values = st.floats(min_value=-50, max_value=50, allow_nan=False)


@given(s=s_values, u=u_values, name=st.sampled_from(["tanh", "arctan", "softsign", "elu", "gelu"]))
def test_scaled_and_naive_scaled_definitions(s, u, name):
    act = activation(name)
    with mpmath.workdps(30):
        s_m, u_m = mpmath.mpf(repr(s)), mpmath.mpf(u)  # s means its decimal repr
        assert abs(act.scaled(s).value(u) - s_m * act.value(u_m / s_m)) <= 1e-20 * (1 + abs(s_m * act.value(u_m / s_m)))
        assert abs(act.naive_scaled(s).value(u) - s_m * act.value(u_m)) <= 1e-20 * (1 + abs(s_m * act.value(u_m)))
        # The derivative of the trick is sigma'(u/s): no factor s.
        assert abs(act.scaled(s).slope(u) - act.slope(u_m / s_m)) <= 1e-20


@pytest.mark.parametrize("s", [0, -1, "abc", float("nan")])
def test_scale_must_be_positive(s):
    with pytest.raises(ActivationError, match="positive"):
        activation("tanh").scaled(s)


def test_python_callable_keeps_mpmath_precision_when_it_can():
    act = activation(lambda x: x / (1 + abs(x)))
    assert act.precision == "mpmath" and not act.is_symbolic
    with mpmath.workdps(40):
        assert abs(act.value(mpmath.mpf(1) / 3) - mpmath.mpf(1) / 4) < mpmath.mpf(10) ** -35


def test_float_callable_is_marked_float64():
    act = activation(math.tanh)
    assert act.precision == "float64" and act.name == "tanh"
    assert abs(float(act.slope(0.5)) - (1 - math.tanh(0.5) ** 2)) < 1e-8


def test_torch_module_uses_autograd_for_the_derivative():
    torch = pytest.importorskip("torch")
    act = activation(torch.nn.Softsign())
    assert act.precision == "float64"
    for t in (0.3, -2.0, 7.5):
        assert abs(float(act.slope(t)) - 1 / (1 + abs(t)) ** 2) < 1e-12


@given(z=st.floats(-1e4, -5), k=st.integers(1, 5))
def test_erf_complement_in_the_left_tail_keeps_its_digits(z, k):
    # c (1 + erf(k z)) cancels for z << 0 (gelu's left tail): 1 + erf(-40) is 0 at any precision below
    # ~2300 bits. The true value is c erfc(-k z) = c erfc(k |z|), computed here straight from mpmath.
    act = activation(f"z*(1 + erf({k}*z))/2")
    with mpmath.workdps(60):
        zm = mpmath.mpf(z)
        exact = zm * mpmath.erfc(k * abs(zm)) / 2
        slope = (mpmath.erfc(k * abs(zm)) - 2 * k * abs(zm) * mpmath.exp(-(k * zm) ** 2) / mpmath.sqrt(mpmath.pi)) / 2
    with mpmath.workdps(30):
        assert exact != 0 and abs(act.value(zm) / exact - 1) < mpmath.mpf(10) ** -25
        assert abs(act.slope(zm) / slope - 1) < mpmath.mpf(10) ** -20


def test_gelu_left_tail_value_is_its_erfc_form():
    gelu = activation("gelu")
    with mpmath.workdps(30):
        for t in (-32, -100, -1000):
            with mpmath.workdps(60):
                exact = mpmath.mpf(t) * mpmath.erfc(-mpmath.mpf(t) / mpmath.sqrt(2)) / 2
            # relative condition number of erfc(|t|/sqrt 2) in its rounded argument is about t^2
            assert abs(gelu.value(t) / exact - 1) < mpmath.mpf(10) ** -27 * (1 + t * t)
