"""The conv nets of the paper's Tables 1-3 and the (s-scaled) activations they use.

Every hidden conv/dense layer is followed by the activation ``s * sigma(u / s)``; pooling
layers are linear (2x2 max pooling) and the output layer is linear, with the softmax folded
into the cross-entropy loss.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass
from typing import Callable

import torch
from torch import nn
from torch.nn import functional as F

ACTIVATIONS = ("tanh", "logistic", "relu", "centered_sigmoid")  # built-in fast paths
INITS = ("uniform", "normal")

# A unit counts as saturated when its local slope sigma_s'(u) = sigma'(u / s) has fallen below
# SATURATION_LEVEL * |sigma'(0)|.  For tanh this is |u / s| > atanh(sqrt(0.99)) ~= 2.993, for the
# logistic |u / s| > ~5.99, and for relu (sigma'(0) := 1, the right derivative) u <= 0.
SATURATION_LEVEL = 0.01


def _logistic_slope(t: torch.Tensor) -> torch.Tensor:
    sig = torch.sigmoid(t)
    return sig * (1.0 - sig)


# name -> (sigma, sigma', |sigma'(0)|): closed forms for the activations of the paper's figures.
_BUILTIN: dict[str, tuple[Callable, Callable, float]] = {
    "tanh": (torch.tanh, lambda t: 1.0 - torch.tanh(t) ** 2, 1.0),
    "logistic": (torch.sigmoid, _logistic_slope, 0.25),
    "centered_sigmoid": (lambda t: torch.sigmoid(t) - 0.5, _logistic_slope, 0.25),
    "relu": (F.relu, lambda t: (t > 0).to(t.dtype), 1.0),
}


@functools.lru_cache(maxsize=64)
def resolve_activation(spec: str) -> tuple[Callable, Callable, float]:
    """``(sigma, sigma', |sigma'(0)|)`` as torch functions for a built-in name or any activation
    that ``vgtheory check`` accepts (registry name or formula, turned into torch code through
    sympy's printers by :mod:`vgtheory.torch_activation`, never eval).

    A formula whose slope at 0 vanishes uses 1 as the saturation reference.
    """
    if spec in _BUILTIN:
        return _BUILTIN[spec]
    try:
        from ..torch_activation import torch_activation
    except ImportError:
        raise ValueError(f"activation {spec!r}: this checkout has no vgtheory.torch_activation; "
                         f"use one of {', '.join(ACTIVATIONS)}") from None
    from ..activations import activation

    act = activation(spec)
    slope0 = abs(float(act.slope(0)))
    return (torch_activation(spec), torch_activation(act.derivative_expr),
            slope0 if slope0 > 0 else 1.0)


class ScaledActivation(nn.Module):
    """``u -> s * sigma(u / s)``; ``s = 1`` is the plain activation."""

    def __init__(self, name: str, scale: float = 1.0) -> None:
        super().__init__()
        if not scale > 0:
            raise ValueError(f"scale must be > 0, got {scale}")
        self.name = name
        self.scale = float(scale)
        self._fn, self._slope, self._slope0 = resolve_activation(name)

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        t = u / self.scale if self.scale != 1.0 else u
        out = self._fn(t)
        return out * self.scale if self.scale != 1.0 else out

    def saturated_fraction(self, u: torch.Tensor) -> torch.Tensor:
        """Share of entries of the pre-activation ``u`` where |sigma_s'| < 1% of |sigma'(0)|."""
        slope = self._slope(u / self.scale).abs()
        return (slope < SATURATION_LEVEL * self._slope0).to(u.dtype).mean()

    def extra_repr(self) -> str:
        return f"{self.name}, scale={self.scale}"


@dataclass(frozen=True)
class ModelSpec:
    """Architecture, activation and initialisation of one network class.

    ``filters`` gives the channel count of each conv block, each block being
    ``convs_per_block`` 3x3 'same' convolutions followed by 2x2 max pooling; ``dense`` are the
    hidden dense widths before the linear 10-way output layer.  ``init_scale`` is the
    half-width ``a`` of U(-a, a) for ``init='uniform'`` and the standard deviation for
    ``init='normal'``; every parameter (weights and biases) is drawn i.i.d. from it, as in the
    paper ("the initial parameters are sampled independently and identically").
    """

    filters: tuple[int, ...] = (32, 64, 128)
    convs_per_block: int = 2
    dense: tuple[int, ...] = (384,)
    activation: str = "tanh"
    scale: float = 1.0
    init: str = "uniform"
    init_scale: float = 0.5
    num_classes: int = 10
    in_channels: int = 3
    image_size: int = 32

    def __post_init__(self) -> None:
        resolve_activation(self.activation)  # a clear ValueError for an unusable activation
        if self.init not in INITS:
            raise ValueError(f"unknown init {self.init!r}; choose from {', '.join(INITS)}")
        if self.image_size % (2 ** len(self.filters)):
            raise ValueError("image_size must be divisible by 2**(number of conv blocks)")
        if not (self.scale > 0 and self.init_scale > 0):
            raise ValueError("scale and init_scale must be > 0")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ModelSpec":
        d = dict(d)
        d["filters"] = tuple(d["filters"])
        d["dense"] = tuple(d["dense"])
        return cls(**d)


class ConvNet(nn.Module):
    """Conv blocks (3x3 convs + max pooling), hidden dense layers, linear output."""

    def __init__(self, spec: ModelSpec) -> None:
        super().__init__()
        self.spec = spec
        self.act = ScaledActivation(spec.activation, spec.scale)
        convs = []
        channels = spec.in_channels
        for width in spec.filters:
            for _ in range(spec.convs_per_block):
                convs.append(nn.Conv2d(channels, width, 3, padding=1))
                channels = width
        self.convs = nn.ModuleList(convs)
        side = spec.image_size // 2 ** len(spec.filters)
        features = channels * side * side
        dense = []
        for width in spec.dense:
            dense.append(nn.Linear(features, width))
            features = width
        self.dense = nn.ModuleList(dense)
        self.out = nn.Linear(features, spec.num_classes)

    def forward(self, x: torch.Tensor, return_stats: bool = False):
        """Logits; with ``return_stats`` also the saturated share per activation layer."""
        stats = []
        h = x
        for i, conv in enumerate(self.convs):
            u = conv(h)
            if return_stats:
                stats.append(self.act.saturated_fraction(u))
            h = self.act(u)
            if (i + 1) % self.spec.convs_per_block == 0:
                h = F.max_pool2d(h, 2)
        h = h.flatten(-3)
        for layer in self.dense:
            u = layer(h)
            if return_stats:
                stats.append(self.act.saturated_fraction(u))
            h = self.act(u)
        logits = self.out(h)
        return (logits, torch.stack(stats)) if return_stats else logits


def layer_names(spec: ModelSpec) -> list[str]:
    """Names of the weight layers in order (conv1.., dense1.., out)."""
    n_conv = len(spec.filters) * spec.convs_per_block
    return ([f"conv{i + 1}" for i in range(n_conv)]
            + [f"dense{i + 1}" for i in range(len(spec.dense))] + ["out"])


def activation_layer_names(spec: ModelSpec) -> list[str]:
    """Names of the layers followed by the activation (all but the output)."""
    return layer_names(spec)[:-1]


def param_layer_index(model: ConvNet) -> dict[str, int]:
    """Map each parameter name of ``model`` to the index of its layer in ``layer_names``."""
    offsets = {"convs": 0, "dense": len(model.convs), "out": len(model.convs) + len(model.dense)}
    index = {}
    for name, _ in model.named_parameters():
        parts = name.split(".")  # "convs.3.weight", "dense.0.bias", "out.weight"
        index[name] = offsets[parts[0]] + (int(parts[1]) if len(parts) == 3 else 0)
    return index


def is_weight(param_name: str) -> bool:
    """True for conv/dense kernels, the parameters the L2 penalty acts on (as in Keras)."""
    return param_name.endswith("weight")


def build_model(spec: ModelSpec, seed: int) -> ConvNet:
    """A fresh CPU model whose parameters are drawn from ``spec``'s init with ``seed``.

    Draws use a private generator in a fixed parameter order, so the same seed gives the
    same network on any device and whether it is trained alone or inside an ensemble.
    """
    model = ConvNet(spec)
    gen = torch.Generator().manual_seed(int(seed))
    with torch.no_grad():
        for p in model.parameters():
            if spec.init == "uniform":
                p.copy_((torch.rand(p.shape, generator=gen) * 2.0 - 1.0) * spec.init_scale)
            else:
                p.copy_(torch.randn(p.shape, generator=gen) * spec.init_scale)
    return model


def count_parameters(spec: ModelSpec) -> int:
    """Number of trainable parameters of one network of class ``spec``."""
    return sum(p.numel() for p in ConvNet(spec).parameters())


def saturation_threshold(name: str) -> float:
    """|u/s| beyond which a unit is saturated (inf-free closed forms; relu: 0)."""
    if name == "tanh":
        return math.atanh(math.sqrt(1.0 - SATURATION_LEVEL))
    if name in ("logistic", "centered_sigmoid"):
        # sigma(1 - sigma) = c/4 with c = SATURATION_LEVEL  =>  sigma = (1 + sqrt(1 - c)) / 2
        sig = (1.0 + math.sqrt(1.0 - SATURATION_LEVEL)) / 2.0
        return math.log(sig / (1.0 - sig))
    return 0.0
