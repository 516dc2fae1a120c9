"""Per-layer gradient norms at initialisation (or after k optimizer steps), over many seeds at once.

For every setting of a regime, the S seeds' networks are stacked (the ensemble of
:mod:`.ensemble`) and evaluated on one shared probe batch: per seed and layer the norm of the
gradient of the cross-entropy (the data loss, no penalty) with respect to that layer's weights and
biases, the share of saturated units per activation layer (|sigma_s'(u)| < 1% of |sigma'(0)|), and
the kernel norm ||w|| (the L2 penalty's gradient is lambda * w, so its share of the gradient for
any lambda follows from ||w|| and the data gradient).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import torch
from torch.nn import functional as F

from vgtheory.empirical.ensemble import StackedEnsemble
from vgtheory.empirical.meanfield import fan_ins
from vgtheory.empirical.predictions import safe_prediction
from vgtheory.empirical.models import activation_layer_names, is_weight, layer_names
from vgtheory.empirical.regimes import Regime, Setting
from vgtheory.empirical.stats import t_interval
from vgtheory.empirical.tensordata import DeviceData, stacked_batches


@dataclass(frozen=True)
class SettingProfile:
    """One setting: per-layer statistics over seeds (layers in network order)."""

    layers: tuple[str, ...]
    grad_norm_mean: tuple[float, ...]
    grad_norm_ci: tuple[tuple[float, float], ...]
    saturated: tuple[float, ...]           # mean over seeds, per activation layer
    activation_layers: tuple[str, ...]
    weight_norm: float                     # mean over seeds of ||w|| over all kernels
    data_grad_norm: float                  # mean over seeds of the whole data-loss gradient norm
    lam: float
    first_last_ratio: tuple[float, float, float]   # conv1 / last hidden: geometric mean, 95% CI
    # Layer l's gradient norm over layer l+1's (None for the last): measured (geometric mean over
    # seeds) and the mean-field prediction of :mod:`.meanfield` from the probe's mean square.
    measured_ratio: tuple[Optional[float], ...] = ()
    predicted_ratio: tuple[Optional[float], ...] = ()
    q_input: Optional[float] = None
    prediction: Optional[dict] = None      # .predictions.SettingPrediction.to_dict()
    # Per weight layer, mean over seeds of mu_l = fan_in * mean(w_l): the coherent part of the
    # weights (3 at E3's init); what L2 is meant to pull down (E3's calibration reads it).
    weight_mean_fan_in: tuple[float, ...] = ()

    @property
    def ratio_agreement(self) -> Optional[float]:
        """exp(mean over layers of |log(measured ratio / predicted ratio)|): the geometric-mean
        factor by which the mean-field per-layer ratios miss the measured ones (1 = exact)."""
        logs = [abs(np.log(m / p)) for m, p in zip(self.measured_ratio, self.predicted_ratio)
                if m is not None and p is not None and m > 0 and p > 0]
        return float(np.exp(np.mean(logs))) if logs else None

    def penalty_share(self, lam: float) -> float:
        """||lam w|| / ||grad of the data loss|| at this point (means over seeds)."""
        return lam * self.weight_norm / self.data_grad_norm

    def to_dict(self) -> dict:
        return {"layers": list(self.layers), "grad_norm_mean": list(self.grad_norm_mean),
                "grad_norm_ci": [list(c) for c in self.grad_norm_ci],
                "saturated": list(self.saturated), "activation_layers": list(self.activation_layers),
                "weight_norm": self.weight_norm, "data_grad_norm": self.data_grad_norm,
                "lam": self.lam, "penalty_share": self.penalty_share(self.lam),
                "first_last_ratio": list(self.first_last_ratio),
                "measured_ratio": list(self.measured_ratio),
                "predicted_ratio": list(self.predicted_ratio), "q_input": self.q_input,
                "ratio_agreement": self.ratio_agreement, "prediction": self.prediction,
                "weight_mean_fan_in": list(self.weight_mean_fan_in)}


@dataclass(frozen=True)
class Profile:
    """The profile of every setting of one regime."""

    regime: str
    seeds: tuple[int, ...]
    data: str
    steps: int
    batch_size: int
    hyper: dict
    settings: dict[str, SettingProfile]

    def to_dict(self) -> dict:
        return {"regime": self.regime, "seeds": list(self.seeds), "data": self.data,
                "steps": self.steps, "batch_size": self.batch_size, "hyper": self.hyper,
                "settings": {k: v.to_dict() for k, v in self.settings.items()}}


def layer_gradients(ensemble: StackedEnsemble, x: torch.Tensor, y: torch.Tensor):
    """Per-seed, per-layer data-loss gradient norms ``(S, L)``, saturated shares ``(S, A)`` and
    kernel norms ``(S,)`` on the shared batch ``(x, y)``."""
    names = list(ensemble.params)
    logits, sat = ensemble.forward(x, shared_input=True, stats=True)
    S = ensemble.n_seeds
    ce = F.cross_entropy(logits.flatten(0, 1), y.repeat(S), reduction="none").view(S, -1).mean(1)
    grads = torch.autograd.grad(ce.sum(), [ensemble.params[n] for n in names])
    sq = torch.zeros(S, ensemble.n_layers, dtype=torch.float64)
    w2 = torch.zeros(S, dtype=torch.float64)
    with torch.no_grad():
        for n, g in zip(names, grads):
            sq[:, ensemble.layer_of[n]] += (g.double().flatten(1) ** 2).sum(1)
            if is_weight(n):
                w2 += (ensemble.params[n].double().flatten(1) ** 2).sum(1)
    return sq.sqrt().numpy(), sat.detach().double().numpy(), w2.sqrt().numpy()


def profile_setting(setting: Setting, data: DeviceData, seeds: Sequence[int], lr: float,
                    device: torch.device | str, steps: int = 0, batch_size: int = 128,
                    probe: int = 32) -> SettingProfile:
    """Profile ``setting`` over ``seeds`` on the first ``probe`` training images, after ``steps``
    Adam steps of the training objective on minibatches of ``batch_size`` (each seed in its own
    data order, as in training)."""
    ens = StackedEnsemble(setting.model, seeds, setting.lam,
                          setting.lr if setting.lr is not None else lr, device,
                          optimizer=setting.optimizer)
    done, epoch = 0, 1
    while done < steps:
        for xb, yb in stacked_batches(data, seeds, epoch, batch_size):
            if done == steps:
                break
            ens.train_step(xb, yb)
            done += 1
        epoch += 1
    mu = coherent_means(ens)
    n = min(probe, data.n_train)  # the probe: the first training images, shared by all seeds
    g, sat, w = layer_gradients(ens, data.train_x[:n], data.train_y[:n])
    _check_gradients(setting, g, seeds)
    cis = [t_interval(g[:, j]) for j in range(g.shape[1])]
    # Depth-wise vanishing: conv1 against the last hidden (activation) layer, per seed.
    log_ratio = t_interval(np.log(g[:, 0] / g[:, -2]))
    step_ratio = np.exp(np.log(g[:, :-1] / g[:, 1:]).mean(0))
    q_input = float((data.train_x[:n].double() ** 2).mean())
    pred = safe_prediction(setting.model, q_input)
    return SettingProfile(
        layers=tuple(layer_names(setting.model)),
        grad_norm_mean=tuple(float(c.estimate) for c in cis),
        # A norm is >= 0; the symmetric t-interval crosses 0 when few seeds disagree a lot.
        grad_norm_ci=tuple((max(0.0, float(c.low)), float(c.high)) for c in cis),
        saturated=tuple(float(v) for v in sat.mean(0)),
        activation_layers=tuple(activation_layer_names(setting.model)),
        weight_norm=float(w.mean()), data_grad_norm=float(np.sqrt((g ** 2).sum(1)).mean()),
        lam=setting.lam,
        first_last_ratio=tuple(float(np.exp(v)) for v in
                               (log_ratio.estimate, log_ratio.low, log_ratio.high)),
        measured_ratio=tuple(float(r) for r in step_ratio) + (None,),
        predicted_ratio=tuple(pred.get("layer_ratio") or (None,) * g.shape[1]), q_input=q_input,
        prediction=pred, weight_mean_fan_in=tuple(float(v) for v in mu.mean(0)))


def coherent_means(ens: StackedEnsemble) -> np.ndarray:
    """Per seed and weight layer, mu_l = fan_in_l * mean(w_l), shape ``(S, layers)``."""
    fans = fan_ins(ens.spec)
    out = np.zeros((ens.n_seeds, len(fans)))
    with torch.no_grad():
        for name, p in ens.params.items():
            if is_weight(name):
                col = ens.layer_of[name]
                out[:, col] = fans[col] * p.detach().double().flatten(1).mean(1).cpu().numpy()
    return out


def _check_gradients(setting: Setting, g: np.ndarray, seeds: Sequence[int]) -> None:
    """One clear error for gradients no statistic can use: inf/NaN (the activation overflowed
    in float32) or exactly 0 in a layer for every seed (no gradient reaches it)."""
    bad = ~np.isfinite(g)
    if bad.any():
        which = [seeds[i] for i in np.flatnonzero(bad.any(1))]
        raise ValueError(f"setting {setting.name} ({setting.model.activation}): the data-loss "
                         f"gradient at this point is inf or NaN for seeds {which} (the activation "
                         "or its derivative overflows in float32 at these pre-activations)")
    dead = np.flatnonzero((g == 0).all(0))
    if dead.size:
        names = layer_names(setting.model)
        raise ValueError(f"setting {setting.name} ({setting.model.activation}): no gradient reaches "
                         f"layer(s) {', '.join(names[i] for i in dead)} for any seed (the "
                         "activation's derivative is 0 there)")


def profile_regime(regime: Regime, data: DeviceData, seeds: Sequence[int],
                   device: torch.device | str, steps: int = 0, probe: int = 32,
                   data_label: str = "") -> Profile:
    """:func:`profile_setting` for every setting of ``regime`` (training steps with the regime's
    batch size and learning rate)."""
    h = regime.hyper
    return Profile(regime.name, tuple(seeds), data_label, steps, probe, h.to_dict(),
                   {s.name: profile_setting(s, data, seeds, h.lr, device, steps, h.batch_size, probe)
                    for s in regime.settings})
