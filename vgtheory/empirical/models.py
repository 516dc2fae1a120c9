"""The conv nets of the paper's Tables 1-3 and the (s-scaled) activations they use.

Every hidden conv/dense layer is followed by the activation ``s * sigma(u / s)``; pooling
layers are linear (2x2 max pooling) and the output layer is linear, with the softmax folded
into the cross-entropy loss.
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass
from typing import Callable, Optional

import torch
from torch import nn
from torch.nn import functional as F

ACTIVATIONS = ("tanh", "logistic", "relu", "centered_sigmoid")  # built-in fast paths
INITS = ("uniform", "normal", "he", "glorot", "critical")
# Weight laws of the fan-in inits: w ~ N(mu/n, sigma_w^2/n) ("normal", "he", "critical") or the
# uniform law with the same mean and variance ("uniform"; Glorot's uniform has variance
# 2/(n_in + n_out)); biases ~ N(0, sigma_b^2).
FAN_IN_SIGMA_W = {"he": math.sqrt(2.0)}

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
    sympy's printers by :mod:`vgtheory.meanfield.torch_activation`, never eval).

    A formula whose slope at 0 vanishes uses 1 as the saturation reference.
    """
    if spec in _BUILTIN:
        return _BUILTIN[spec]
    try:
        from vgtheory.meanfield.torch_activation import torch_activation
    except ImportError:
        raise ValueError(f"activation {spec!r}: this checkout has no vgtheory.meanfield.torch_activation; "
                         f"use one of {', '.join(ACTIVATIONS)}") from None
    from vgtheory.core.activations import activation

    from vgtheory.errors import VGTheoryError

    try:
        act = activation(spec)
        deriv = act.derivative_expr
        if deriv.is_number:  # sympy prints a constant as a Python number, not a tensor
            if deriv == 0:
                raise ValueError(f"activation {spec!r}: its derivative is 0 wherever it exists, so "
                                 "no gradient reaches any layer and it cannot be trained by gradient "
                                 "descent")
            c = float(deriv)
            slope = lambda t: torch.full_like(t, c)  # noqa: E731
        else:
            slope = torch_activation(deriv)
        fn = torch_activation(spec)
        slope0 = abs(float(act.slope(0)))
    except VGTheoryError as exc:
        raise ValueError(f"activation {spec!r}: {exc}") from None
    return (_tensor_valued(fn), slope, slope0 if slope0 > 0 else 1.0)


def _tensor_valued(fn: Callable) -> Callable:
    """``fn`` made to return a tensor shaped like its input (a constant prints as a number)."""
    def wrapped(t: torch.Tensor) -> torch.Tensor:
        out = fn(t)
        return out if isinstance(out, torch.Tensor) else torch.full_like(t, float(out))
    return wrapped


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
    ``init='normal'``; without ``sigma_w`` every parameter (weights and biases) is drawn i.i.d.
    from it, as in the paper ("the initial parameters are sampled independently and identically").

    With ``sigma_w`` (or a named init) the weights of a layer with fan-in n are drawn from
    N(mu/n, sigma_w^2/n) (``normal``), or the uniform law with that mean and variance
    (``uniform``), and the biases from N(0, sigma_b^2) separately, so sigma_b need not be tied to
    sigma_w (which is what makes the saturated ordered phase reachable).  Named inits: ``he``
    (sigma_w^2 = 2, normal), ``glorot`` (uniform, variance 2/(n_in + n_out) per layer) and
    ``critical`` (normal at the sigma_w where chi_1 = 1 for the plain sigma and sigma_b,
    :func:`vgtheory.meanfield.propagation.critical_init`; computed by :func:`critical_sigma_w` and stored
    in ``sigma_w``).  ``weight_mean`` is mu (coherent weights when mu > 0).
    """

    filters: tuple[int, ...] = (32, 64, 128)
    convs_per_block: int = 2
    dense: tuple[int, ...] = (384,)
    activation: str = "tanh"
    scale: float = 1.0
    init: str = "uniform"
    init_scale: float = 0.5
    sigma_w: Optional[float] = None
    sigma_b: Optional[float] = None
    weight_mean: float = 0.0
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
        if self.sigma_w is not None and not (math.isfinite(self.sigma_w) and self.sigma_w > 0):
            raise ValueError(f"sigma_w must be > 0, got {self.sigma_w}")
        if self.sigma_b is not None and not (math.isfinite(self.sigma_b) and self.sigma_b >= 0):
            raise ValueError(f"sigma_b must be >= 0, got {self.sigma_b}")
        if not math.isfinite(self.weight_mean):
            raise ValueError(f"weight_mean must be finite, got {self.weight_mean}")
        if not self.fan_in_init and (self.sigma_b is not None or self.weight_mean != 0.0):
            raise ValueError("sigma_b and weight_mean need a fan-in init: give sigma_w (--sigma-w) "
                             "or a named init (he, glorot, critical)")
        if self.init == "critical" and self.sigma_w is None:
            raise ValueError("init 'critical' needs its sigma_w (models.critical_sigma_w)")

    @property
    def fan_in_init(self) -> bool:
        """True when weights scale with 1/fan_in and biases have their own variance."""
        return self.sigma_w is not None or self.init in ("he", "glorot", "critical")

    def init_summary(self) -> dict:
        """The init as recorded with every result: law, sigma_w, sigma_b, mu (None: i.i.d.)."""
        if not self.fan_in_init:
            return {"init": self.init, "iid": True, "init_scale": self.init_scale,
                    "sigma_w": None, "sigma_b": None, "weight_mean": 0.0}
        return {"init": self.init, "iid": False, "init_scale": None,
                "sigma_w": self.effective_sigma_w, "sigma_b": self.sigma_b or 0.0,
                "weight_mean": self.weight_mean}

    @property
    def effective_sigma_w(self) -> Optional[float]:
        """sigma_w of the fan-in init (None for Glorot, whose sigma_w varies per layer, and for
        the i.i.d. init)."""
        if self.sigma_w is not None:
            return float(self.sigma_w)
        return FAN_IN_SIGMA_W.get(self.init)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ModelSpec":
        d = dict(d)
        d["filters"] = tuple(d["filters"])
        d["dense"] = tuple(d["dense"])
        return cls(**d)


def critical_sigma_w(activation: str, sigma_b: Optional[float]) -> float:
    """The sigma_w at which chi_1 = 1 for ``activation`` (plain) at ``sigma_b``
    (:func:`vgtheory.meanfield.propagation.critical_init`, float64 quadrature, about 0.1 s)."""
    from vgtheory.errors import VGTheoryError
    from vgtheory.meanfield.propagation import critical_init

    try:
        return float(critical_init(activation, sigma_b or 0.0, backend="float64").sigma_w)
    except VGTheoryError as exc:
        raise ValueError(f"init 'critical': {exc}") from None


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
    if spec.fan_in_init:
        laws = weight_laws(spec)
        index = param_layer_index(model)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if not spec.fan_in_init:
                if spec.init == "uniform":
                    p.copy_((torch.rand(p.shape, generator=gen) * 2.0 - 1.0) * spec.init_scale)
                else:
                    p.copy_(torch.randn(p.shape, generator=gen) * spec.init_scale)
            elif not is_weight(name):
                p.copy_(torch.randn(p.shape, generator=gen) * (spec.sigma_b or 0.0))
            else:
                mean, std, uniform = laws[index[name]]
                if uniform:  # U(mean - r, mean + r) has variance r^2/3
                    r = math.sqrt(3.0) * std
                    p.copy_(mean + (torch.rand(p.shape, generator=gen) * 2.0 - 1.0) * r)
                else:
                    p.copy_(mean + torch.randn(p.shape, generator=gen) * std)
    return model


def fan_ins(spec: ModelSpec) -> list[int]:
    """Fan-in of every weight layer: 9·C_in for the 3x3 convolutions, the input width for dense."""
    out, channels = [], spec.in_channels
    for width in spec.filters:
        for _ in range(spec.convs_per_block):
            out.append(9 * channels)
            channels = width
    features = channels * (spec.image_size // 2 ** len(spec.filters)) ** 2
    for width in spec.dense + (spec.num_classes,):
        out.append(features)
        features = width
    return out


def fan_outs(spec: ModelSpec) -> list[int]:
    """Fan-out of every weight layer: 9·C_out for the 3x3 convolutions, the output width for dense."""
    out = [9 * width for width in spec.filters for _ in range(spec.convs_per_block)]
    return out + list(spec.dense) + [spec.num_classes]


def weight_laws(spec: ModelSpec) -> list[tuple[float, float, bool]]:
    """Per weight layer of a fan-in init: (mean, standard deviation, uniform?) of one weight."""
    out = []
    for n, m in zip(fan_ins(spec), fan_outs(spec)):
        if spec.init == "glorot" and spec.sigma_w is None:
            out.append((spec.weight_mean / n, math.sqrt(2.0 / (n + m)), True))
        else:
            out.append((spec.weight_mean / n, spec.effective_sigma_w / math.sqrt(n),
                        spec.init in ("uniform", "glorot")))
    return out


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
