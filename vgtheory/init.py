r"""Initialisations in signal-propagation terms, and a PyTorch initialiser (the ``torch`` extra).

A layer with fan-in n (a Linear layer's ``in_features``; k_h·k_w·C_in/groups for a
convolution, k²·C_in for a k×k one) whose weights are i.i.d. with variance v has
σ_w² = n·v, so

* U(−r, r) (variance r²/3): σ_w² = n r²/3, and r = σ_w √(3/n);
* N(0, std²): σ_w² = n std², and std = σ_w/√n.

Biases drawn from the same law have σ_b² = r²/3 or std². :func:`init_` draws every Linear and
Conv layer of a model as weights N(0, σ_w²/n), biases N(0, σ_b²), with the σ_w that
:func:`vgtheory.meanfield.recommend.recommend_init` recommends for the model's activation (the edge of
chaos where it exists, else variance-preserving); :func:`critical_init_` insists on the critical
σ_w of :func:`vgtheory.meanfield.propagation.critical_init` (χ₁ = 1) and warns where there is none.

>>> round(sigma_w_uniform(0.5, 384) ** 2, 6)   # the package's default U(-0.5, 0.5), fan-in 384
32.0
>>> round(uniform_half_width(1.0, conv_fan_in(3, 64)), 6)   # 3x3 conv, 64 channels in
0.072169
"""

from __future__ import annotations

import math
from typing import Any

from vgtheory.errors import VGTheoryError

__all__ = [
    "sigma_w_uniform",
    "sigma_w_normal",
    "uniform_half_width",
    "normal_std",
    "conv_fan_in",
    "fan_in",
    "init_",
    "critical_init_",
    "model_activation",
]


def _positive(value: Any, what: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise VGTheoryError(f"{what} must be a positive number, got {value!r}") from None
    if not (out > 0 and math.isfinite(out)):
        raise VGTheoryError(f"{what} must be a positive number, got {value!r}")
    return out


def sigma_w_uniform(r: float, fan_in: int) -> float:
    """σ_w of weights U(−r, r) at fan-in n: √(n r²/3)."""
    return math.sqrt(_positive(fan_in, "fan_in") * _positive(r, "r") ** 2 / 3)


def sigma_w_normal(std: float, fan_in: int) -> float:
    """σ_w of weights N(0, std²) at fan-in n: √n·std."""
    return math.sqrt(_positive(fan_in, "fan_in")) * _positive(std, "std")


def uniform_half_width(sigma_w: float, fan_in: int) -> float:
    """The r of U(−r, r) with the given σ_w at fan-in n: σ_w √(3/n)."""
    return _positive(sigma_w, "sigma_w") * math.sqrt(3 / _positive(fan_in, "fan_in"))


def normal_std(sigma_w: float, fan_in: int) -> float:
    """The std of N(0, std²) with the given σ_w at fan-in n: σ_w/√n."""
    return _positive(sigma_w, "sigma_w") / math.sqrt(_positive(fan_in, "fan_in"))


def conv_fan_in(kernel_size: int, in_channels: int) -> int:
    """Fan-in k²·C_in of a k×k convolution."""
    return int(_positive(kernel_size, "kernel_size")) ** 2 * int(_positive(in_channels, "in_channels"))


def fan_in(layer: Any) -> int:
    """Fan-in of a torch Linear (in_features) or ConvNd (product of kernel sizes · C_in/groups)."""
    weight = layer.weight
    return int(weight[0].numel())


def _layers(model: Any):
    import torch

    kinds = (torch.nn.Linear, torch.nn.Conv1d, torch.nn.Conv2d, torch.nn.Conv3d)
    return [m for m in model.modules() if isinstance(m, kinds)]


#: Leaf modules that are not activations (by class-name fragment), skipped when the model's
#: activation is looked for.
_NOT_ACTIVATIONS = ("Dropout", "Pool", "Norm", "Flatten", "Identity", "Softmax", "Softmin", "Embedding", "Upsample",
                    "Pad", "Shuffle", "Linear", "Conv", "RNN", "LSTM", "GRU", "Attention", "Bilinear", "Fold")


def model_activation(model: Any) -> Any:
    """The activation of ``model``: a registry name for torch's standard modules (nn.Tanh,
    nn.Mish, nn.SELU, nn.GELU, nn.SiLU, ...), the spec of a vgtheory ScaledActivation, or a
    custom leaf module itself (used as a callable). Raises when there is none or several."""
    from vgtheory.meanfield.recommend import activation_of_module

    found: dict[Any, Any] = {}
    for m in model.modules():
        if any(True for _ in m.children()) or any(part in type(m).__name__ for part in _NOT_ACTIVATIONS):
            continue
        spec = activation_of_module(m)
        key = spec if isinstance(spec, str) else (type(m), getattr(spec, "expr", None))
        found.setdefault(key, spec)
    if not found:
        raise VGTheoryError("no activation module found in the model (a functional call such as F.relu is invisible); "
                            "pass activation=, e.g. init_(model, 'relu')")
    if len(found) > 1:
        names = ", ".join(k if isinstance(k, str) else k[0].__name__ for k in found)
        raise VGTheoryError(f"the model uses several activations ({names}); pass the one to initialise for: init_(model, activation)")
    return next(iter(found.values()))


def init_(
    model: Any, activation: Any = None, sigma_b: Any = None, *, q: Any = 1, sigma_w: Any = None, generator: Any = None
) -> Any:
    """Initialise every Linear/Conv layer of ``model`` as vgtheory recommends for its activation:
    weights N(0, σ_w²/fan_in), biases N(0, σ_b²), with σ_w from
    :func:`vgtheory.meanfield.recommend.recommend_init` (the edge of chaos where an attracting χ₁ = 1 point
    exists, else variance-preserving at data variance ``q``).

    ``activation`` defaults to the model's own activation module (:func:`model_activation`).
    Returns the :class:`~vgtheory.meanfield.recommend.InitRecommendation` applied. With ``sigma_w`` given
    (or a number in place of ``activation``, the earlier signature ``init_(model, sigma_w,
    sigma_b)``) that σ_w is used as it is and the number of layers set is returned.
    """
    if sigma_w is None and isinstance(activation, (int, float)) and not isinstance(activation, bool):
        sigma_w, activation = activation, None
    b = 0.0 if sigma_b is None else sigma_b
    if sigma_w is not None:
        return _draw(model, sigma_w, b, generator)
    from vgtheory.meanfield.recommend import recommend_init

    if not _layers(model):
        raise VGTheoryError("the model has no Linear or Conv layer to initialise")
    rec = recommend_init(model_activation(model) if activation is None else activation, sigma_b=b, q=q)
    _draw(model, rec.sigma_w, rec.sigma_b, generator)
    return rec


def _draw(model: Any, sigma_w: Any, sigma_b: Any, generator: Any) -> int:
    """Weights N(0, σ_w²/fan_in), biases N(0, σ_b²) in every Linear/Conv layer; the count."""
    import torch

    w = _positive(sigma_w, "sigma_w")
    try:
        b = float(sigma_b)
    except (TypeError, ValueError):
        b = math.nan
    if not (b >= 0 and math.isfinite(b)):
        raise VGTheoryError(f"sigma_b must be a non-negative number, got {sigma_b!r}")
    layers = _layers(model)
    if not layers:
        raise VGTheoryError("the model has no Linear or Conv layer to initialise")
    with torch.no_grad():
        for layer in layers:
            std = w / math.sqrt(fan_in(layer))
            layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator, dtype=layer.weight.dtype) * std)
            if layer.bias is not None:
                layer.bias.copy_(torch.randn(layer.bias.shape, generator=generator, dtype=layer.bias.dtype) * b)
    return len(layers)


def critical_init_(model: Any, activation: Any, sigma_b: float = 0.0, *, s: Any = None, generator: Any = None) -> Any:
    """Initialise ``model`` at the edge of chaos (χ₁ = 1) of ``activation`` (or its s-scaled
    version) for ``sigma_b``; returns the :class:`vgtheory.meanfield.propagation.CriticalInit` used.

    Where no attracting χ₁ = 1 point exists (mish, gelu, silu, relu), it warns and applies
    :func:`init_`'s variance-preserving recommendation instead, returned as an
    :class:`~vgtheory.meanfield.recommend.InitRecommendation` (this used to raise after minutes of search).
    """
    import warnings

    from vgtheory.core.activations import activation as make_activation
    from vgtheory.meanfield.propagation import critical_init
    from vgtheory.meanfield.recommend import activation_of_module, recommend_init

    spec = activation if isinstance(activation, str) else activation_of_module(activation)
    sigma = make_activation(spec)
    if s is not None:
        sigma = sigma.scaled(s)
    rec = recommend_init(sigma, sigma_b=sigma_b)
    if rec.method != "critical":
        warnings.warn(f"{rec.activation}: no edge of chaos ({rec.reason.split(';')[0]}); applied the "
                      f"variance-preserving init sigma_w = {rec.sigma_w:.6g} (chi1 = {rec.chi1:.4g})", stacklevel=2)
        _draw(model, rec.sigma_w, rec.sigma_b, generator)
        return rec
    crit = critical_init(sigma, sigma_b, backend="float64")  # float64: seconds, where mpmath took minutes
    _draw(model, float(crit.sigma_w), float(sigma_b), generator)
    return crit
