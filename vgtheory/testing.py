r"""Property tests for your own activations and models, like :mod:`numpy.testing` and
``hypothesis.extra``: hypothesis strategies that draw activations and weights whose truth is known
by construction, and assertions to put in your own test suite.

Strategies (need ``hypothesis``):

* :func:`activations` draws a :class:`DrawnActivation` of a ``kind``: ``"sigmoid"`` (positive sums
  c·b(αz) of tanh, atan, erf, softsign, the algebraic and the centred logistic sigmoid),
  ``"relu"`` (c·max(0, z) + d·min(0, z) with 0 ≤ d < c), ``"kink"`` (a sigmoid-type sum plus a
  planted kink c·e^{−z²}|z − a|: not C¹ at a) or ``"slow_tail"`` (z/(1 + |z|^p)^{1/p}, whose
  limit is approached only polynomially, and so σ'(z) ~ |z|^{−p−1}).
* :func:`weights` draws the chain model's weights w_1..w_l.

Assertions:

* :func:`assert_sigmoid_type` (the paper's four properties, by :func:`vgtheory.check_properties`);
* :func:`assert_matches` (a torch module against its exact formula, values and autograd
  derivatives, on a hypothesis-drawn grid, in float32 with the tolerances stated there);
* :func:`assert_init_preserves_signal` (a torch model's initialisation against
  :func:`vgtheory.recommend_init`'s prediction, measured in the model).

>>> assert_sigmoid_type("tanh")
>>> assert_sigmoid_type("relu")
Traceback (most recent call last):
...
AssertionError: relu is not sigmoid-type: bounded fails (symbolic)...
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sympy as sp

from vgtheory.core.activations import activation
from vgtheory.core.parsing import Z

__all__ = [
    "DrawnActivation",
    "activations",
    "weights",
    "assert_sigmoid_type",
    "assert_matches",
    "assert_init_preserves_signal",
    "VALUE_RTOL",
    "VALUE_ATOL",
    "SLOPE_RTOL",
    "SLOPE_ATOL",
]

#: float32 tolerances of :func:`assert_matches`: |got − exact| ≤ RTOL·|exact| + ATOL. float32
#: keeps 24 bits (6e-8 relative); a few roundings per elementary function and the derivative's
#: longer chain leave these as margins that a wrong formula or a wrong gradient does not meet.
VALUE_RTOL, VALUE_ATOL = 1e-5, 1e-6
SLOPE_RTOL, SLOPE_ATOL = 1e-4, 1e-5

#: Sigmoid-type bases b: sigma = sum c_i b_i(alpha_i z) with c_i, alpha_i > 0 is sigmoid-type.
_BASES = {
    "tanh": sp.tanh(Z),
    "atan": sp.atan(Z),
    "erf": sp.erf(Z),
    "softsign": Z / (1 + sp.Abs(Z)),
    "algebraic": Z / sp.sqrt(1 + Z**2),
    "centered_logistic": 1 / (1 + sp.exp(-Z)) - sp.Rational(1, 2),
}
KINDS = ("sigmoid", "relu", "kink", "slow_tail")


@dataclass(frozen=True)
class DrawnActivation:
    """A drawn activation and what is true of it by construction."""

    kind: str
    expr: sp.Expr  # in vgtheory.core.parsing.Z
    sigmoid_type: bool
    c1: bool  # continuously differentiable on R
    kinks: tuple[float, ...]  # where sigma' jumps

    @property
    def formula(self) -> str:
        """The formula as a string vgtheory (and `vgtheory check`) accepts."""
        return str(self.expr)


def activations(kind: str | None = None):
    """A hypothesis strategy of :class:`DrawnActivation` of ``kind`` (one of :data:`KINDS`; any
    when None)."""
    from hypothesis import strategies as st

    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    positive = st.builds(sp.Rational, st.integers(1, 9), st.integers(1, 4))

    @st.composite
    def sigmoid_sum(draw) -> sp.Expr:
        names = draw(st.lists(st.sampled_from(sorted(_BASES)), min_size=1, max_size=2, unique=True))
        return sp.Add(*(draw(positive) * _BASES[n].subs(Z, draw(positive) * Z) for n in names))

    @st.composite
    def drawn(draw, kind: str) -> DrawnActivation:
        if kind == "sigmoid":
            return DrawnActivation(kind, draw(sigmoid_sum()), True, True, ())
        if kind == "relu":
            c = draw(positive)
            d = c * draw(st.sampled_from([0, sp.Rational(1, 100), sp.Rational(1, 10), sp.Rational(1, 2)]))
            return DrawnActivation(kind, c * sp.Max(0, Z) + d * sp.Min(0, Z), False, False, (0.0,))
        if kind == "kink":
            a = draw(st.sampled_from([sp.Rational(-3, 2), sp.Rational(-1, 3), sp.Rational(1, 2), sp.Integer(2)]))
            c = draw(positive) / 4
            # The kink sits away from 0, so property 4 (linear at the origin) still holds.
            return DrawnActivation(kind, draw(sigmoid_sum()) + c * sp.exp(-(Z**2)) * sp.Abs(Z - a), True, False, (float(a),))
        p = draw(st.integers(1, 3))
        return DrawnActivation(kind, Z / (1 + sp.Abs(Z) ** p) ** sp.Rational(1, p), True, p > 1, (0.0,) if p == 1 else ())

    if kind is not None:
        return drawn(kind)
    return st.sampled_from(KINDS).flatmap(drawn)


def weights(depth: int | tuple[int, int] = (1, 10), *, low: float = -8.0, high: float = 8.0):
    """A hypothesis strategy of chain-model weights [w_1, ..., w_l]: ``depth`` a number or a
    (min, max) range, each weight a finite float in [low, high]."""
    from hypothesis import strategies as st

    lo, hi = (depth, depth) if isinstance(depth, int) else depth
    return st.lists(st.floats(low, high, allow_nan=False, allow_infinity=False), min_size=lo, max_size=hi)


# -- assertions ----------------------------------------------------------------------------------


def assert_sigmoid_type(f: Any, **options: Any) -> None:
    """Fail unless σ = ``f`` is sigmoid-type (bounded, zσ'(z) → 0, a positive limit, σ(0) = 0
    with σ'(0) > 0), each property holding symbolically or by numeric evidence.

    The message names every property that fails or is left inconclusive, with its witness.
    ``options`` go to :func:`vgtheory.check_properties` (``timeout``, ``dps``)."""
    from vgtheory.properties.four import check_properties

    sigma = activation(f)
    props = check_properties(sigma, **options)
    if props.sigmoid_type:
        return
    problems = [str(r).replace(": ", " ", 1) for r in props if r.verdict != "holds"]
    raise AssertionError(f"{sigma.name} is not sigmoid-type: " + "; ".join(problems))


def assert_matches(
    module: Any, formula: Any, *, low: float = -30.0, high: float = 30.0, examples: int = 50, kink_gap: float = 1e-3
) -> None:
    """Fail unless the torch ``module`` computes σ = ``formula`` elementwise in float32: on
    hypothesis-drawn batches of float32 points in [low, high], values within
    :data:`VALUE_RTOL`·|σ| + :data:`VALUE_ATOL` and autograd derivatives within
    :data:`SLOPE_RTOL`·|σ'| + :data:`SLOPE_ATOL` of the exact σ and σ' (mpmath, 30 digits).
    Points within ``kink_gap`` of a kink of σ are left out of the derivative check (autograd
    takes one side). The message gives the first point that disagrees, minimised by hypothesis."""
    import copy

    import mpmath
    import torch
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from vgtheory.meanfield.moments import Moments

    sigma = activation(formula)
    kinks = [float(k) for k in Moments.of(sigma).kinks] if sigma.expr is not None else []
    mod = copy.deepcopy(module).float() if isinstance(module, torch.nn.Module) else module
    points = st.lists(st.floats(low, high, width=32, allow_nan=False), min_size=1, max_size=32)

    @settings(max_examples=examples, deadline=None, database=None)
    @given(points)
    def check(xs: list[float]) -> None:
        x = torch.tensor(xs, dtype=torch.float32, requires_grad=True)
        out = mod(x)
        (grad,) = torch.autograd.grad(out.sum(), x)
        with mpmath.workdps(30):
            for t, got, slope in zip(xs, out.tolist(), grad.tolist()):
                want = float(sigma.value(t))
                assert abs(got - want) <= VALUE_RTOL * abs(want) + VALUE_ATOL, (
                    f"{module!r} at x = {t!r}: {got!r}, but {sigma.name} = {want!r} (float32 tolerance "
                    f"{VALUE_RTOL:g} relative + {VALUE_ATOL:g})")
                if all(abs(t - k) > kink_gap for k in kinks):
                    want_slope = float(sigma.slope(t))
                    assert abs(slope - want_slope) <= SLOPE_RTOL * abs(want_slope) + SLOPE_ATOL, (
                        f"autograd derivative of {module!r} at x = {t!r}: {slope!r}, but {sigma.name}' = {want_slope!r} "
                        f"(float32 tolerance {SLOPE_RTOL:g} relative + {SLOPE_ATOL:g})")

    check()


def assert_init_preserves_signal(
    model: Any, activation: Any = None, *, batch: int = 64, seeds: int = 3, rtol: float = 0.1, input_shape: tuple | None = None
) -> None:
    """Fail unless the (already initialised) torch ``model`` keeps the signal as vgtheory
    predicts for its activation (:func:`vgtheory.recommend_init`, at the model's own bias scale):

    * every Linear/Conv layer has σ_w² = fan_in·Var(W) within ``rtol`` of the recommendation's
      (relative, on σ_w);
    * backpropagated from a random direction at the output, the squared gradient norm at the
      Linear/Conv outputs grows per layer by the predicted χ₁ within ``rtol``: the geometric mean
      of the ratios over the layers after the first, over ``seeds`` batches of inputs scaled so
      that the first layer's outputs have the predicted variance q*.

    ``activation`` defaults to the model's own activation module; ``input_shape`` (one example,
    without the batch) to the first Linear layer's in_features."""
    import torch

    from vgtheory.init import _layers, fan_in, model_activation
    from vgtheory.meanfield.recommend import recommend_init

    layers = _layers(model)
    if len(layers) < 3:
        raise AssertionError("assert_init_preserves_signal needs a model with at least 3 Linear/Conv layers")
    biases = [layer.bias for layer in layers if layer.bias is not None]
    sigma_b = math.sqrt(float(torch.cat([b.detach().flatten() for b in biases]).double().pow(2).mean())) if biases else 0.0
    rec = recommend_init(model_activation(model) if activation is None else activation, sigma_b=round(sigma_b, 3))
    for i, layer in enumerate(layers):
        w = math.sqrt(fan_in(layer) * float(layer.weight.detach().double().var()))
        assert abs(w / rec.sigma_w - 1) <= rtol, (
            f"layer {i} ({type(layer).__name__}): sigma_w = {w:.4g}, but vgtheory recommends {rec.sigma_w:.4g} "
            f"for {rec.activation} ({rec.method}); tolerance {rtol:g}")
    if input_shape is None:
        if not isinstance(layers[0], torch.nn.Linear):
            raise AssertionError("give input_shape: the first layer is not Linear")
        input_shape = (layers[0].in_features,)
    # Inputs whose first-layer outputs have the variance q* the theory predicts for the rest.
    target = rec.q if rec.q > 0 else rec.q0
    variance = max(target - rec.sigma_b**2, 1e-3 * target) / rec.sigma_w**2
    outputs: list = []
    def keep(_module: Any, _inputs: Any, out: Any) -> None:  # returning None keeps the output
        out.retain_grad()
        outputs.append(out)

    hooks = [layer.register_forward_hook(keep) for layer in layers]
    logs = []
    dtype = layers[0].weight.dtype
    try:
        for seed in range(seeds):
            outputs.clear()
            gen = torch.Generator().manual_seed(seed)
            x = torch.randn((batch, *input_shape), generator=gen, dtype=dtype) * math.sqrt(variance)
            out = model(x)
            (out * torch.randn(out.shape, generator=gen, dtype=dtype)).sum().backward()
            norms = [float(h.grad.double().pow(2).sum()) for h in outputs]
            logs += [math.log(norms[l - 1] / norms[l]) for l in range(2, len(norms))]
    finally:
        for hook in hooks:
            hook.remove()
    measured = math.exp(sum(logs) / len(logs))
    assert abs(measured / rec.chi1 - 1) <= rtol, (
        f"gradient norms^2 grow by {measured:.4g} per layer, but vgtheory predicts chi1 = {rec.chi1:.4g} for "
        f"{rec.activation} at sigma_w = {rec.sigma_w:.4g} ({rec.method}); tolerance {rtol:g}")
