r"""Initialisations in signal-propagation terms, and a PyTorch initialiser (the ``torch`` extra).

A layer with fan-in n (a Linear layer's ``in_features``; k_h·k_w·C_in/groups for a
convolution, k²·C_in for a k×k one) whose weights are i.i.d. with variance v has
σ_w² = n·v, so

* U(−r, r) (variance r²/3): σ_w² = n r²/3, and r = σ_w √(3/n);
* N(0, std²): σ_w² = n std², and std = σ_w/√n.

Biases drawn from the same law have σ_b² = r²/3 or std². :func:`init_` draws every Linear and
Conv2d layer of a model as weights N(0, σ_w²/n), biases N(0, σ_b²); :func:`critical_init_` does
so with the critical σ_w of :func:`vgtheory.propagation.critical_init` (χ₁ = 1).

>>> round(sigma_w_uniform(0.5, 384) ** 2, 6)   # the package's default U(-0.5, 0.5), fan-in 384
32.0
>>> round(uniform_half_width(1.0, conv_fan_in(3, 64)), 6)   # 3x3 conv, 64 channels in
0.072169
"""

from __future__ import annotations

import math
from typing import Any

from .errors import VGTheoryError

__all__ = [
    "sigma_w_uniform",
    "sigma_w_normal",
    "uniform_half_width",
    "normal_std",
    "conv_fan_in",
    "fan_in",
    "init_",
    "critical_init_",
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


def init_(model: Any, sigma_w: float, sigma_b: float = 0.0, *, generator: Any = None) -> int:
    """Set every Linear/Conv layer of ``model``: weights N(0, σ_w²/fan_in), biases N(0, σ_b²).

    Returns the number of layers set (0 raises, since that is surely a mistake).
    """
    import torch

    w = _positive(sigma_w, "sigma_w")
    b = float(sigma_b)
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
    version) for ``sigma_b``; returns the :class:`vgtheory.propagation.CriticalInit` used."""
    from .propagation import critical_init

    crit = critical_init(activation, sigma_b, s=s)
    init_(model, float(crit.sigma_w), float(sigma_b), generator=generator)
    return crit
