"""Held-out tests of red team R47b (numbers, errors and time bounds, against 7db8d26): the autograd branch of
float_report after R46b-1's fix (float_slope._backward_rounding: both sides, three spacings), and the mpmath backend
of a float64 callable's moments after R46b-2..4's fixes (callable_cuts.found_cuts merging, callable_slope._one_sided,
the 4e-16 floor, the truncation checks beside the cuts).

Findings (fixed in session 26): R47b-1 (gradient of a torch module tanh(x) - 0.999 at a layer input 13.18
claims 10 digits of df/dw_1 with 5 right, at 14.29 13 digits with 5 right: _backward_rounding spaces its grid by ulp(sigma(f)) of the module's OUTPUT,
0.001 here, whose ulp is 1/512 of the quantum of the cancelling internal tanh(x) ~ 1; the rounded backward 1 - tanh^2 does not
move on that grid and reads as no noise; also the sigmoid-type module tanh - 0.999 tanh^2), R47b-2 (torch.nn.Hardsigmoid:
autograd's slope is ATen's float32 constant 1.0f/6.0f, 3e-8 above the forward's 1/6, and the moments take it as exact:
D(4) off 1.4e-9 under 1.3e-17, chi1 at (6, 0.3) off 3.4e-8 under 3.3e-15, critical sigma_w at 0.3 off 6.2e-7 under
6.7e-14; also torch.nn.CELU(0.7), whose autograd slope is 3.6e-8 off: D(1) off 2.5e-9 under 2.7e-16), R47b-3 (an element-wise torch module that is NaN on x < 0 is refused as "not element by element": NaN != NaN in
check_elementwise's allclose), R47b-4 (gradient of tanh(celu(x, 0.7)) as a torch module at [-5, 1]: 13 digits claimed, 7 right:
float_report adopts an autograd slope that is systematically off, torch's CELU(0.7) backward, with a few-ulp error).

Every truth is derived independently of the package: chain derivatives by tests/oracles.py chain_partials at 50
digits with sigma' written without cancellation (sech^2 t, e^-t/(1 + e^-t)^2); moments by mpmath quadrature split
at the kinks placed by construction.
"""
from __future__ import annotations

import math

import mpmath
import pytest

from oracles import chain_partials

import vgtheory as v

# the float64 constant the modules subtract, exactly as torch subtracts it
C999 = mpmath.mpf(0.999)


def _digits_honest(g, df):
    with mpmath.workdps(50):
        return all(abs(mpmath.mpf(got) - want) <= abs(want) * mpmath.mpf(10) ** (1 - g.digits)
                   for got, want in zip(g.df_dw, df))


def _shifted(kind):
    torch = pytest.importorskip("torch")

    class Shifted(torch.nn.Module):
        """tanh(x) - 0.999 (or sigmoid(x) - 0.999), float64: the output is ~1e-3 at saturation while torch's backward
        1 - y^2 is computed from the internal y ~ 1, whose ulp is 64-512 times the output's."""

        def forward(self, x):
            return (torch.tanh(x) if kind == "tanh" else torch.sigmoid(x)) - 0.999

    return Shifted()


def _dsig(t):
    e = mpmath.exp(-t)
    return e / (1 + e) ** 2


# R47b-1: sigma(z) = tanh z - 0.999 as a torch module. At w = [13.18, 1], x = 1: df/dw_1 = sigma(w_2 sigma(13.18)) ... =
# x sigma'(13.18) w_2 sigma'(w_2 sigma(13.18)); sigma'(13.18) = sech^2(13.18) = 1.4e-11, which torch's backward gets
# as 1 - y^2 from y = tanh(13.18) rounded to 2^-53: relative error ~ 1e-16 / 1.4e-11 ~ 1e-5. Printed: digits = 10,
# df/dw_1 = 1.425791391e-11 (1.42579139134768e-11); truth 1.4257947592622363e-11 (off 2.4e-6 relative). At [11.7, 1]:
# digits 11, 2.75149405648973e-10 for 2.7514946989804481e-10 (off 2.3e-7). At [14.29, 1]: digits 13, 1.548537526209e-12 for
# 1.5485429817174925e-12 (off 3.5e-6).
@pytest.mark.slow
@pytest.mark.parametrize("w", [[14.29, 1], [13.18, 1], [11.7, 1]])
def test_shifted_tanh_module_digits(w):
    _, df, _ = chain_partials(lambda t: mpmath.tanh(t) - C999, lambda t: mpmath.sech(t) ** 2, w, 1, 0, 50)
    g = v.gradient(_shifted("tanh"), w, 1)
    assert _digits_honest(g, df)


def _tanh_minus_square():
    torch = pytest.importorskip("torch")

    class P(torch.nn.Module):
        """tanh(x) - 0.999 tanh(x)^2: sigmoid-type (bounded, z sigma' -> 0, limit 0.001 > 0, sigma = z + o(z) at 0)."""

        def forward(self, x):
            y = torch.tanh(x)
            return y - 0.999 * y * y

    return P()


# R47b-1 (a sigmoid-type module, all four properties hold: check(P()) says so): sigma = tanh z - 0.999 tanh^2 z,
# sigma' = sech^2 z (1 - 1.998 tanh z); torch's backward has sech^2 z as 1 - y^2 from the rounded y = tanh z. At
# w = [14.29, 1]: digits 13, df/dw_1 = -1.542352662159e-12 for -1.5423580958788258e-12 (off 3.5e-6); at [13.18, 1]
# digits 10, -1.420096776e-11 for -1.4201001301977077e-11 (off 2.4e-6).
@pytest.mark.slow
@pytest.mark.parametrize("w", [[14.29, 1], [13.18, 1]])
def test_sigmoid_type_module_digits(w):
    _, df, _ = chain_partials(lambda t: mpmath.tanh(t) - C999 * mpmath.tanh(t) ** 2,
                              lambda t: mpmath.sech(t) ** 2 * (1 - 2 * C999 * mpmath.tanh(t)), w, 1, 0, 50)
    g = v.gradient(_tanh_minus_square(), w, 1)
    assert _digits_honest(g, df)


# Held: scaling instead of shifting (c sigmoid(x), c = 2^-20) keeps the grid in step with the backward's rounding.
@pytest.mark.slow
def test_scaled_sigmoid_module_held():
    torch = pytest.importorskip("torch")

    class S(torch.nn.Module):
        def forward(self, x):
            return 2.0**-20 * torch.sigmoid(x)

    c = mpmath.mpf(2) ** -20
    e = lambda t: mpmath.exp(-t)  # noqa: E731
    w = [30, 1]
    _, df, _ = chain_partials(lambda t: c / (1 + e(t)), lambda t: c * e(t) / (1 + e(t)) ** 2, w, 1, 0, 50)
    assert _digits_honest(v.gradient(S(), w, 1), df)


# R47b-2: torch.nn.Hardsigmoid (relu6(x + 3)/6, float64 forward exact) has an autograd slope 1.0f/6.0f =
# 0.1666666716337204 (ATen's float32 constant), 3.0e-8 above 1/6; the moments use it as sigma' with no check, so
# D(q) = P(|u| < 3)/36 comes out 6e-8 relative high with an error of 1e-17. Truth in closed form: D(4) = erf(3/sqrt(8))/36
# = 0.024066266596174552 (printed 0.024066268030635841 +- 1.25e-17, mpmath backend; float64 backend likewise);
# chi1 at sigma_w = 6, sigma_b = 0.3: 0.56853720226501913 (tests/oracles.py mean_field split at -3, 3, 30 digits),
# printed 0.568537236152477 +- 3.3e-15 (off 3.4e-8).
@pytest.mark.slow
@pytest.mark.parametrize("backend", ["mpmath", "float64"])
def test_torch_hardsigmoid_D(backend):
    torch = pytest.importorskip("torch")
    from vgtheory.core.activations import activation
    from vgtheory.meanfield.moments import Moments

    r = Moments.of(activation(torch.nn.Hardsigmoid()), backend, 20).D(4)
    with mpmath.workdps(30):
        truth = mpmath.erf(3 / mpmath.sqrt(8)) / 36
        assert abs(r.value - truth) <= r.error


@pytest.mark.slow
def test_torch_hardsigmoid_chi1():
    torch = pytest.importorskip("torch")
    r = v.signal(torch.nn.Hardsigmoid(), "6", "0.3")
    assert abs(mpmath.mpf(r.chi1) - mpmath.mpf("0.56853720226501913")) <= mpmath.mpf(r.chi1_error) + 1e-17


# Held: gradient of torch.nn.Hardsigmoid at [1, 1]: the autograd slope disagrees with the differences and is not
# taken; 8 digits claimed, df/dw_1 = 0.027777777777624471 for 1/36 (5.5e-12 off).
@pytest.mark.slow
def test_torch_hardsigmoid_gradient_held():
    torch = pytest.importorskip("torch")
    m = mpmath.mpf
    _, df, _ = chain_partials(lambda u: min(max(u + 3, m(0)), m(6)) / 6, lambda u: m(1) / 6 if -3 < u < 3 else m(0),
                              [1, 1], 1, 0, 50)
    assert _digits_honest(v.gradient(torch.nn.Hardsigmoid(), [1, 1], 1), df)


# R47b-2 (critical init): critical_init(torch.nn.Hardsigmoid(), "0.3") = 10.33929064560556 +- 6.7e-14; truth
# 10.339291260709001 (secant on chi1 - 1 with tests/oracles.py mean_field split at -3, 3, 30 digits; chi1 - 1 at the
# printed sigma_w is -5.96e-8): off 6.2e-7.
@pytest.mark.slow
def test_torch_hardsigmoid_critical_init():
    torch = pytest.importorskip("torch")
    c = v.critical_init(torch.nn.Hardsigmoid(), "0.3")
    assert abs(mpmath.mpf(c.sigma_w) - mpmath.mpf("10.339291260709001")) <= mpmath.mpf(c.sigma_w_error) + 1e-15


# Held: the same tanh - 0.999 tanh^2 as a float64 lambda (differences, no autograd): digits honest at 14.29 .. 8.5
# (1, 0, 1, 3 digits).
@pytest.mark.slow
@pytest.mark.parametrize("w", [[14.29, 1], [11.7, 1], [8.5, 1]])
def test_float_lambda_tanh_minus_square_held(w):
    def pf(z):
        y = math.tanh(z)
        return y - 0.999 * y * y

    _, df, _ = chain_partials(lambda t: mpmath.tanh(t) - C999 * mpmath.tanh(t) ** 2,
                              lambda t: mpmath.sech(t) ** 2 * (1 - 2 * C999 * mpmath.tanh(t)), w, 1, 0, 50)
    assert _digits_honest(v.gradient(pf, w, 1), df)


def _sqrt_module():
    torch = pytest.importorskip("torch")

    class SqrtTanh(torch.nn.Module):
        """tanh(sqrt(x)): element by element, NaN for x < 0."""

        def forward(self, x):
            return torch.tanh(torch.sqrt(x))

    return SqrtTanh()


# R47b-3: an element-wise torch module that is NaN for x < 0 is refused as "does not act element by element (its output
# on a vector is not its output on each entry)": callables.check_elementwise compares whole and entry-by-entry outputs
# with torch.allclose, and NaN != NaN. Truth: it acts element by element (tanh(sqrt(x)) entry by entry); what is wrong
# is that sigma is NaN (undefined) on (-oo, 0), which the same function as a float lambda is told ("undefined at the
# input of layer 1, t = -1.0 (it returned NaN)"; check: "real_valued: fails").
@pytest.mark.slow
def test_nan_module_refusal_reason():
    from vgtheory.errors import VGTheoryError

    with pytest.raises(VGTheoryError) as info:
        v.gradient(_sqrt_module(), [2, 1.5], -0.5)
    assert "element by element" not in str(info.value)


# R47b-2 (check, Theorem 2's (H)): sigma = 6 hardsigmoid(x) - 3 = clamp(x, -3, 3) as a torch module (sigmoid-type:
# check says all four hold). Its (H) line says "sigma concave on [0, oo): fails (numeric) - the secant slope on
# [0.015625, 0.0625] is below sigma'(0.0625) = 1.0000000298". Truth: sigma' = 1 on (0, 3) and 0 beyond: concave on
# [0, oo) (slopes non-increasing), and sigma'(0.0625) = 1 exactly; 1.0000000298 is 6 float32(1/6), autograd's.
@pytest.mark.slow
def test_hardsigmoid_clamp_module_concavity():
    torch = pytest.importorskip("torch")

    class HS6(torch.nn.Module):
        def forward(self, x):
            return 6 * torch.nn.functional.hardsigmoid(x) - 3

    text = str(v.check(HS6()))
    assert "1.0000000298" not in text and "concave on [0, oo): fails" not in text


# R47b-2 (another module): torch.nn.CELU(0.7): the float64 forward is right to 1e-16, autograd's slope exp(x/0.7) is
# 3.6e-8 off at x = -2.2 (0.04315930768645547 for 0.043159309261452578); D(1) = P(u > 0) + E[exp(2u/0.7); u < 0] =
# 0.62662213562878661 (mpmath quad split at 0, 30 digits), printed 0.62662213813319113 +- 2.65e-16 (mpmath backend).
@pytest.mark.slow
def test_torch_celu_D():
    torch = pytest.importorskip("torch")
    from vgtheory.core.activations import activation
    from vgtheory.meanfield.moments import Moments

    r = Moments.of(activation(torch.nn.CELU(0.7)), "mpmath", 20).D(1)
    assert abs(r.value - mpmath.mpf("0.62662213562878661")) <= r.error + 1e-17


def _tanh_celu():
    torch = pytest.importorskip("torch")

    class TC(torch.nn.Module):
        """tanh(celu(x, 0.7)): sigmoid-type (bounded, limit 1 at +oo, sigma = z + o(z) at 0, z sigma' -> 0)."""

        def forward(self, x):
            return torch.tanh(torch.nn.functional.celu(x, 0.7))

    return TC()


# R47b-4: gradient adopts a systematically wrong autograd slope with a few-ulp error. torch's CELU(0.7) backward is
# exp(x/0.7) 3.6e-8..1e-6 off (relative, growing with |x|), the forward right; where the difference estimate is loose
# (saturated side, value near -0.7) float_report keeps autograd's slope (within 3 d_err) with error ~ eps. Truth by
# chain_partials (50 digits, sigma' = sech^2(celu t) exp(t/0.7) for t < 0, 0.7 the float): at w = [-5, 1]:
# 0.00018063000657687448, printed 0.0001806299881026 with digits 13 (off 1.0e-7); [-10, 1]: digits 12,
# 1.42603109099e-7 for 1.4260314103179849e-7 (off 2.2e-7). Plain nn.CELU(0.7) at [-5, 1]: digits 13, off 1.05e-7.
@pytest.mark.slow
@pytest.mark.parametrize("w", [[-5, 1], [-10, 1]])
def test_tanh_celu_module_digits(w):
    a = mpmath.mpf(0.7)
    c = lambda t: t if t > 0 else a * (mpmath.exp(t / a) - 1)  # noqa: E731
    dc = lambda t: mpmath.mpf(1) if t > 0 else mpmath.exp(t / a)  # noqa: E731
    _, df, _ = chain_partials(lambda t: mpmath.tanh(c(t)), lambda t: mpmath.sech(c(t)) ** 2 * dc(t), w, 1, 0, 50)
    assert _digits_honest(v.gradient(_tanh_celu(), w, 1), df)


# Held: the same module where the differences are tight enough to reject autograd: [-3, 1] (6 digits), [-2.2, 1.5]
# (7 digits).
@pytest.mark.slow
@pytest.mark.parametrize("w", [[-3, 1], [-2.2, 1.5]])
def test_tanh_celu_module_digits_held(w):
    a = mpmath.mpf(0.7)
    c = lambda t: t if t > 0 else a * (mpmath.exp(t / a) - 1)  # noqa: E731
    dc = lambda t: mpmath.mpf(1) if t > 0 else mpmath.exp(t / a)  # noqa: E731
    _, df, _ = chain_partials(lambda t: mpmath.tanh(c(t)), lambda t: mpmath.sech(c(t)) ** 2 * dc(t), w, 1, 0, 50)
    assert _digits_honest(v.gradient(_tanh_celu(), w, 1), df)
