"""The chain model's closed-form partial derivatives against independent computations."""

import time

import mpmath
import pytest
import sympy as sp
from hypothesis import given, strategies as st

from vgtheory.core.activations import activation
from vgtheory.core.chain import forward, gradient, symbolic_chain
from vgtheory.errors import VGTheoryError

SMOOTH = ["tanh", "sigmoid", "arctan", "erf", "algebraic", "gelu", "softplus", "gaussian", "sin"]


@pytest.mark.parametrize("name", ["tanh", "arctan", "sigmoid", "softsign"])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_product_form_equals_sympy_differentiation(name, depth):
    chain = symbolic_chain(name, depth)
    assert chain.agrees_with_sympy_diff()


weights = st.lists(st.floats(min_value=-3, max_value=3, allow_nan=False), min_size=1, max_size=6)
inputs = st.floats(min_value=-2, max_value=2, allow_nan=False)


@given(name=st.sampled_from(SMOOTH), w=weights, x=inputs, y=inputs)
def test_numeric_gradient_matches_sympy_differentiation(name, w, x, y):
    # sympy differentiates the composed expression itself; lambdify with common-subexpression
    # elimination evaluates it in mpmath (evalf of deep nested trees is exponentially slow).
    chain = symbolic_chain(name, len(w))
    y_sym = sp.Symbol("y", real=True)
    loss = (chain.output - y_sym) ** 2 / 2
    derivs = [sp.diff(loss, wj) for wj in chain.w]
    evaluate = sp.lambdify([chain.x, y_sym, *chain.w], derivs, modules="mpmath", cse=True)
    grad = gradient(name, w, x, y, dps=40)
    with mpmath.workdps(40):
        expected = evaluate(mpmath.mpf(x), mpmath.mpf(y), *[mpmath.mpf(v) for v in w])
        for got, want in zip(grad.dloss_dw, expected):
            assert abs(got - want) <= mpmath.mpf(10) ** -30 * (1 + abs(want))


@given(name=st.sampled_from(SMOOTH), w=weights, x=inputs, y=inputs)
def test_gradient_matches_mpmath_finite_differences(name, w, x, y):
    grad = gradient(name, w, x, y, dps=30)
    with mpmath.workdps(30):
        for j in range(len(w)):
            def loss(t, j=j):
                ws = list(w)
                ws[j] = t
                # forward() sets its own precision: give it more than diff's working precision.
                return (forward(name, ws, x, dps=90)[-1] - y) ** 2 / 2

            fd = mpmath.diff(loss, mpmath.mpf(w[j]))
            assert abs(grad.dloss_dw[j] - fd) <= mpmath.mpf(10) ** -15 * (1 + abs(fd))


TORCH_ACTS = {"tanh": "tanh", "sigmoid": "sigmoid", "arctan": "atan", "erf": "erf", "softplus": "softplus"}


@given(name=st.sampled_from(sorted(TORCH_ACTS)), w=weights, x=inputs, y=inputs)
def test_gradient_matches_torch_autograd_in_float64(name, w, x, y):
    torch = pytest.importorskip("torch")
    fn = getattr(torch, TORCH_ACTS[name], None) or getattr(torch.nn.functional, TORCH_ACTS[name])
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    z = torch.tensor(x, dtype=torch.float64)
    for k in range(len(w)):
        z = fn(wt[k] * z)
    ((z - y) ** 2 / 2).backward()
    grad = gradient(name, w, x, y, dps=30)
    for j in range(len(w)):
        assert abs(float(grad.dloss_dw[j]) - float(wt.grad[j])) <= 1e-12 * (1 + abs(float(wt.grad[j])))


def test_deep_chain_is_exact_where_float64_underflows():
    grad = gradient("tanh", [2] * 400, 1, 0, dps=50)
    first = grad.df_dw[0]
    assert 0 < first < mpmath.mpf(10) ** -300  # far below float64's smallest normal number
    # Independent check: ratio of consecutive partials is w_j * sigma'(w_j z_{j-1}) * z_{j-1}/z_j-type factors;
    # here compare with the product formula evaluated in log space.
    with mpmath.workdps(50):
        z = grad.z
        log_prod = mpmath.log(z[0]) + mpmath.log(1 - mpmath.tanh(2 * z[0]) ** 2)
        for k in range(1, 400):
            log_prod += mpmath.log(2) + mpmath.log(1 - mpmath.tanh(2 * z[k]) ** 2)
        assert abs(mpmath.log(first) - log_prod) < mpmath.mpf(10) ** -40


def test_depth_1000_runs_well_under_a_second():
    start = time.perf_counter()
    grad = gradient("tanh", [1] * 1000, 1, 0, dps=50)
    assert time.perf_counter() - start < 1.0
    assert grad.depth == 1000 and grad.df_dw[0] > 0


def test_regularized_gradient_adds_lambda_w():
    grad = gradient("tanh", [3, 4, 5], 1, 2)
    reg = grad.regularized("0.5")
    with mpmath.workdps(50):
        for g, r, w in zip(grad.dloss_dw, reg, grad.w):
            assert abs(r - (g + w / 2)) < 1e-45


def test_to_dict_has_decimal_strings_that_round_trip():
    grad = gradient("tanh", [2, 2, 2], 1, 0, dps=40)
    data = grad.to_dict()
    with mpmath.workdps(40):
        for s, v in zip(data["df_dw"], grad.df_dw):
            assert abs(mpmath.mpf(s) - v) <= mpmath.mpf(10) ** -38 * abs(v)
    assert data["dps"] == 40 and data["output"] == data["z"][-1]


@pytest.mark.parametrize(
    "w, x, dps, fragment",
    [([], 1, 50, "at least one"), ("2,2", 1, 50, "sequence"), ([1, "nan"], 1, 50, "finite"), ([1], "inf", 50, "finite"), ([1], 1, 2, "dps")],
)
def test_bad_arguments_give_clear_errors(w, x, dps, fragment):
    with pytest.raises(VGTheoryError, match=fragment):
        gradient("tanh", w, x, dps=dps)


def test_symbolic_chain_refuses_callables_and_bad_depth():
    with pytest.raises(VGTheoryError, match="callable"):
        symbolic_chain(activation(lambda t: t), 2)
    with pytest.raises(VGTheoryError, match="depth"):
        symbolic_chain("tanh", 0)


def test_a_divergent_chain_is_refused_instead_of_hanging():
    start = time.perf_counter()
    with pytest.raises(VGTheoryError, match="diverges"):
        gradient("x*exp(x^2)", [2, 2, 2], 1)
    assert time.perf_counter() - start < 5


def test_an_activation_undefined_at_a_point_gives_a_clear_error():
    with pytest.raises(VGTheoryError, match="undefined at z = 0"):
        gradient("sin(1/x)", [1, 1], 0)


def test_derivatives_written_through_complex_exponentials_stay_real():
    # sigma = tanh(z(2 + cos z)); mpmath evaluates sech of it via exp(i...), with zero imaginary part.
    grad = gradient("tanh(z*(2+cos(z)))", [1, 1], "0.5", 0, dps=30)
    with mpmath.workdps(30):
        f = lambda t: forward("tanh(z*(2+cos(z)))", [t, 1], "0.5", dps=60)[-1]  # noqa: E731
        assert abs(grad.df_dw[0] - mpmath.diff(f, 1)) < 1e-20
