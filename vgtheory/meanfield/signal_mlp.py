r"""Random wide MLPs at initialisation: the measured per-layer growth of squared gradient norms.

A network h^l = W^l σ(h^{l−1}) + b^l, l = 1..depth, of constant width N, with W^l_ij ~
N(0, σ_w²/N), b^l_i ~ N(0, σ_b²) and input pre-activations h^0 ~ N(0, q0·I), is drawn per seed;
the loss is v·h^depth for a random direction v ~ N(0, I). Backpropagation gives
δ^l = ∂loss/∂h^l, and mean-field theory predicts

.. math:: |δ^{l-1}|^2 / |δ^{l}|^2 \to χ_1, \qquad |h^l|^2/N \to q^*

as N → ∞ once q_l has reached q\* (layers l ≥ ``burn``). :func:`measure_mlp` returns, per seed,
the mean over those layers of ln(|δ^{l−1}|²/|δ^l|²) and of |h^l|²/N; the statistics across
seeds are left to the caller (the benchmark), so this module holds no inference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from vgtheory.errors import VGTheoryError

__all__ = ["MLPMeasurement", "measure_mlp"]


@dataclass(frozen=True)
class MLPMeasurement:
    """Per-seed ln χ₁ estimates (mean log ratio over layers burn..depth) and q estimates."""

    activation: str
    sigma_w: float
    sigma_b: float
    s: float
    width: int
    depth: int
    burn: int
    seeds: tuple[int, ...]
    log_ratio: tuple[float, ...]
    q: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def measure_mlp(
    act: Any,
    sigma_w: float,
    sigma_b: float = 0.0,
    *,
    s: float = 1.0,
    width: int = 1000,
    depth: int = 30,
    seeds: Any = range(10),
    burn: int | None = None,
    q0: float = 1.0,
) -> MLPMeasurement:
    """Draw one float64 MLP per seed and measure the backpropagated gradient norms (see module)."""
    import torch

    from vgtheory.meanfield.torch_activation import torch_activation

    if width < 1 or depth < 2:
        raise VGTheoryError("width must be >= 1 and depth >= 2")
    burn = depth // 3 if burn is None else burn
    if not 1 <= burn < depth:
        raise VGTheoryError(f"burn must be between 1 and depth - 1, got {burn}")
    fn = torch_activation(act, s=s)
    logs, qs = [], []
    seeds = tuple(int(x) for x in seeds)
    for seed in seeds:
        gen = torch.Generator().manual_seed(seed)
        h = torch.randn(width, generator=gen, dtype=torch.float64) * math.sqrt(q0)
        hs = []
        for _ in range(depth):
            W = torch.randn(width, width, generator=gen, dtype=torch.float64) * (sigma_w / math.sqrt(width))
            b = torch.randn(width, generator=gen, dtype=torch.float64) * sigma_b
            h = h.detach().requires_grad_(True) if not hs else h
            hs.append(h)
            h = W @ fn(h) + b
            h.retain_grad()
        hs.append(h)
        hs[0].retain_grad()
        v = torch.randn(width, generator=gen, dtype=torch.float64)
        (v @ h).backward()
        norms = [float(x.grad.pow(2).sum()) for x in hs]  # |δ^l|², l = 0..depth
        ratios = [math.log(norms[l - 1] / norms[l]) for l in range(burn + 1, depth + 1)]
        logs.append(sum(ratios) / len(ratios))
        qs.append(sum(float(x.detach().pow(2).mean()) for x in hs[burn:]) / (depth + 1 - burn))
    name = str(act) if isinstance(act, str) else getattr(act, "name", repr(act))
    return MLPMeasurement(name, float(sigma_w), float(sigma_b), float(s), width, depth, burn, seeds, tuple(logs), tuple(qs))
