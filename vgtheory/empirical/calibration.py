"""Sensitivity sweep behind the regimes' defaults: initialisation scale x s, and the L2 share.

For each initialisation scale of a regime's family (normal std for the many-layers network,
uniform half-width for the others) and each s, the regime's sigmoid network is profiled at
initialisation (:mod:`.profile`): depth-wise vanishing is read off the conv1 / last-hidden-layer
gradient ratio, and the L2 penalty's share of the gradient, lambda ||w|| / ||grad of the data
loss||, is given for several lambda (the penalty's gradient is lambda * w).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

import torch

from vgtheory.empirical.profile import profile_setting
from vgtheory.empirical.regimes import build_regime
from vgtheory.empirical.tensordata import DeviceData

VANISHING_RATIO = 0.1   # "depth-wise vanishing": conv1 gradient < 1/10 of the last hidden layer's
LAMBDAS = (1e-4, 1e-3, 1e-2, 1e-1)


@dataclass(frozen=True)
class CalibrationRow:
    """One (regime, initialisation scale, s) point of the sweep."""

    regime: str
    init: str
    init_scale: float
    scale: float
    n_seeds: int
    conv1_grad: float
    last_hidden_grad: float
    ratio: float
    ratio_ci: tuple[float, float]
    vanishing: bool              # the whole 95% interval of the ratio lies below VANISHING_RATIO
    saturated: float             # mean saturated share over activation layers and seeds
    weight_norm: float
    data_grad_norm: float
    penalty_share: dict[str, float]

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["ratio_ci"] = list(self.ratio_ci)
        return d


def sweep(regime_name: str, data: DeviceData, seeds: Sequence[int], init_scales: Sequence[float],
          scales: Sequence[float], device: torch.device | str, width: int = 32,
          batch_size: int = 32) -> list[CalibrationRow]:
    """Profile the regime's first (plain sigmoid) network at every init scale and s."""
    rows = []
    for a in init_scales:
        regime = build_regime(regime_name, {"init_scale": a, "width": width})
        base = regime.settings[0]
        for s in scales:
            setting = dataclasses.replace(base, model=dataclasses.replace(base.model, scale=float(s)))
            p = profile_setting(setting, data, seeds, regime.hyper.lr, device, probe=batch_size)
            r, lo, hi = p.first_last_ratio
            rows.append(CalibrationRow(
                regime_name, base.model.init, float(a), float(s), len(seeds), p.grad_norm_mean[0],
                p.grad_norm_mean[-2], r, (lo, hi), hi < VANISHING_RATIO,
                sum(p.saturated) / len(p.saturated), p.weight_norm, p.data_grad_norm,
                {f"{lam:g}": p.penalty_share(lam) for lam in LAMBDAS}))
    return rows
