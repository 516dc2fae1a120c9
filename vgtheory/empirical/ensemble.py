"""Many seeds of one network class trained together with stacked parameters (torch.func).

The S networks' parameters are stacked along a leading seed axis and the forward pass is
``vmap(functional_call)`` over that axis.  The objective is the *sum* of the per-seed objectives,
so the gradient of each seed's slice is exactly that seed's own gradient; and Adam, AdamW and SGD
act elementwise, so one optimizer over the stacked tensors is exactly S independent ones.  A
:class:`PlainTrainer` (one ``nn.Module``, one ``torch.optim`` optimizer) is the reference it must match.

Optimizers (:data:`OPTIMIZERS`): ``adam`` and ``sgd`` (plain, no momentum) add the *coupled* L2
penalty (lam/2)||w||^2 to the objective, so its gradient lam*w passes through the optimizer (Adam
divides it by the gradient's running scale); ``adamw`` applies the *decoupled* decay
w <- w - lr*lam*w to the kernels after the Adam step (Loshchilov & Hutter), and its objective is
the data loss alone.  Either way the recorded ``data_grad_norm*`` series are the data loss's.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass
from typing import Optional, Sequence

import numpy as np
import torch
from torch.func import functional_call, stack_module_state, vmap
from torch.nn import functional as F

from vgtheory.empirical.models import ModelSpec, build_model, is_weight, layer_names, param_layer_index
from vgtheory.empirical.tensordata import DeviceData, stacked_batches


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings shared by all settings of a regime."""

    epochs: int = 10
    batch_size: int = 128
    lr: float = 1e-3
    eval_batch_size: int = 1000

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1 or self.eval_batch_size < 1 or not self.lr > 0:
            raise ValueError(f"invalid training config {self}")

    def to_dict(self) -> dict:
        return asdict(self)


OPTIMIZERS = ("adam", "adamw", "sgd")


def make_optimizer(name: str, named_params: dict[str, torch.Tensor], lam: float,
                   lr: float) -> torch.optim.Optimizer:
    """The optimizer ``name`` over ``named_params``; for ``adamw`` ``lam`` is the decoupled decay
    of the kernels (biases are not decayed, as the coupled penalty spares them)."""
    if name == "adam":
        return torch.optim.Adam(list(named_params.values()), lr=lr)
    if name == "sgd":
        return torch.optim.SGD(list(named_params.values()), lr=lr)
    if name == "adamw":
        kernels = [p for n, p in named_params.items() if is_weight(n)]
        others = [p for n, p in named_params.items() if not is_weight(n)]
        return torch.optim.AdamW([{"params": kernels, "weight_decay": lam},
                                  {"params": others, "weight_decay": 0.0}], lr=lr)
    raise ValueError(f"unknown optimizer {name!r}; choose from {', '.join(OPTIMIZERS)}")


def coupled(optimizer: str) -> bool:
    """True when the L2 penalty is part of the objective (not a decoupled decay)."""
    return optimizer != "adamw"


def l2_penalty(named_params: dict[str, torch.Tensor], lam: float, seed_axis: bool) -> torch.Tensor:
    """``(lam / 2) * ||w||^2`` over the kernels; per seed (shape ``(S,)``) when ``seed_axis``."""
    total = None
    for name, p in named_params.items():
        if is_weight(name):
            sq = (p * p).flatten(1).sum(1) if seed_axis else (p * p).sum()
            total = sq if total is None else total + sq
    return 0.5 * lam * total


class StackedEnsemble:
    """S networks of class ``spec`` (one per seed) trained in lockstep on one device."""

    def __init__(self, spec: ModelSpec, seeds: Sequence[int], lam: float, lr: float,
                 device: torch.device | str, optimizer: str = "adam") -> None:
        models = [build_model(spec, s) for s in seeds]
        params, _ = stack_module_state(models)
        self.spec, self.seeds, self.lam = spec, list(seeds), float(lam)
        self.params = {k: v.detach().to(device).requires_grad_(True) for k, v in params.items()}
        # The skeleton only supplies the forward code; its own tensors are never used.
        self.skeleton = copy.deepcopy(models[0]).to("meta")
        self.layer_of = param_layer_index(models[0])
        self.n_layers = len(layer_names(spec))
        self.optimizer = make_optimizer(optimizer, self.params, self.lam, lr)
        # The penalty enters the objective (and its gradient) only when coupled.
        self.coupled_lam = self.lam if coupled(optimizer) else 0.0
        self._reset_accumulators()

    @property
    def n_seeds(self) -> int:
        return len(self.seeds)

    @property
    def device(self) -> torch.device:
        return next(iter(self.params.values())).device

    def _forward_one(self, params: dict[str, torch.Tensor], x: torch.Tensor, stats: bool):
        return functional_call(self.skeleton, params, (x,), {"return_stats": stats})

    def forward(self, x: torch.Tensor, shared_input: bool = False, stats: bool = False):
        """Per-seed logits ``(S, B, K)``; ``x`` is ``(S, B, ...)`` or shared ``(B, ...)``."""
        fn = vmap(lambda p, xb: self._forward_one(p, xb, stats), in_dims=(0, None if shared_input else 0))
        return fn(self.params, x)

    def _reset_accumulators(self) -> None:
        S, L, dev = self.n_seeds, self.n_layers, self.device
        self._acc = {k: torch.zeros(S, device=dev) for k in
                     ("loss", "correct", "grad_norm", "data_grad_norm")}
        self._acc["grad_norm_max"] = torch.zeros(S, device=dev)
        self._acc["grad_norm_first"] = torch.zeros(S, device=dev)
        self._acc["data_grad_norm_layers_first"] = torch.zeros(S, L, device=dev)
        self._acc["grad_norm_layers"] = torch.zeros(S, L, device=dev)
        self._acc["data_grad_norm_layers"] = torch.zeros(S, L, device=dev)
        self._steps = 0
        self._seen = 0

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> None:
        """One optimizer step for every seed on its own minibatch (``x``: ``(S, B, ...)``)."""
        self.optimizer.zero_grad(set_to_none=True)
        logits = self.forward(x)
        ce = F.cross_entropy(logits.flatten(0, 1), y.flatten(), reduction="none").view(y.shape).mean(1)
        lam = self.coupled_lam
        objective = ce + l2_penalty(self.params, lam, seed_axis=True) if lam else ce
        objective.sum().backward()
        with torch.no_grad():
            self._record_gradients()
            acc = self._acc
            acc["loss"] += ce.detach() * y.shape[1]
            acc["correct"] += (logits.argmax(-1) == y).sum(1)
            self._seen += y.shape[1]
        self.optimizer.step()

    def _record_gradients(self) -> None:
        # Squared norms per layer of the objective's gradient and of the data-loss part alone;
        # the penalty's gradient is lam * w, so the latter needs no second backward pass.
        total = torch.zeros(self.n_seeds, self.n_layers, device=self.device)
        data = torch.zeros_like(total)
        for name, p in self.params.items():
            g = p.grad.flatten(1)
            col = self.layer_of[name]
            total[:, col] += (g * g).sum(1)
            if self.coupled_lam and is_weight(name):
                g = g - self.coupled_lam * p.detach().flatten(1)
            data[:, col] += (g * g).sum(1)
        acc = self._acc
        norm = total.sum(1).sqrt()
        if self._steps == 0:  # in epoch 1 this is the gradient at initialisation (step 0)
            acc["grad_norm_first"] = norm
            acc["data_grad_norm_layers_first"] = data.sqrt()
        acc["grad_norm"] += norm
        acc["grad_norm_max"] = torch.maximum(acc["grad_norm_max"], norm)
        acc["data_grad_norm"] += data.sum(1).sqrt()
        acc["grad_norm_layers"] += total.sqrt()
        acc["data_grad_norm_layers"] += data.sqrt()
        self._steps += 1

    def train_epoch(self, data: DeviceData, epoch: int, batch_size: int) -> dict[str, np.ndarray]:
        """Train one epoch; per-seed means over its steps (gradient norms: mean per step)."""
        self._reset_accumulators()
        for x, y in stacked_batches(data, self.seeds, epoch, batch_size):
            self.train_step(x, y)
        per_image = {"loss": "train_loss", "correct": "train_acc"}
        out = {}
        for key, value in self._acc.items():
            if key in per_image:
                value = value / self._seen
            elif key not in ("grad_norm_max", "grad_norm_first", "data_grad_norm_layers_first"):
                value = value / self._steps
            out[per_image.get(key, key)] = value.double().cpu().numpy()
        return out

    @torch.no_grad()
    def evaluate(self, x: torch.Tensor, y: torch.Tensor, batch_size: int) -> dict[str, np.ndarray]:
        """Per-seed loss, accuracy and saturated share per activation layer on ``(x, y)``."""
        loss = torch.zeros(self.n_seeds, device=self.device, dtype=torch.float64)
        correct = torch.zeros_like(loss)
        sat = None
        for start in range(0, len(y), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            logits, s = self.forward(xb, shared_input=True, stats=True)
            n = len(yb)
            loss += F.cross_entropy(logits.flatten(0, 1), yb.repeat(self.n_seeds),
                                    reduction="none").view(self.n_seeds, n).sum(1).double()
            correct += (logits.argmax(-1) == yb).sum(1).double()
            sat = s.double() * n if sat is None else sat + s.double() * n
        n_total = len(y)
        return {"loss": (loss / n_total).cpu().numpy(), "acc": (correct / n_total).cpu().numpy(),
                "saturation": (sat / n_total).cpu().numpy()}

    @torch.no_grad()
    def penalty(self) -> np.ndarray:
        """Current ``(lam/2)||w||^2`` per seed (zeros when lam = 0)."""
        return l2_penalty(self.params, self.lam, seed_axis=True).double().cpu().numpy() \
            if self.lam else np.zeros(self.n_seeds)

    def seed_parameters(self, i: int) -> dict[str, torch.Tensor]:
        """Detached parameters of the ``i``-th seed, as a state dict of one network."""
        return {k: v[i].detach().clone() for k, v in self.params.items()}

    def state_dict(self) -> dict:
        return {"params": {k: v.detach().clone() for k, v in self.params.items()},
                "optimizer": self.optimizer.state_dict()}

    def load_state_dict(self, state: dict) -> None:
        with torch.no_grad():
            for k, v in self.params.items():
                v.copy_(state["params"][k])
        self.optimizer.load_state_dict(state["optimizer"])


class PlainTrainer:
    """One network and one ``torch.optim`` optimizer: the textbook loop the ensemble must match."""

    def __init__(self, spec: ModelSpec, seed: int, lam: float, lr: float,
                 device: torch.device | str, optimizer: str = "adam") -> None:
        self.seed, self.lam = seed, float(lam)
        self.model = build_model(spec, seed).to(device)
        self.optimizer = make_optimizer(optimizer, dict(self.model.named_parameters()), self.lam, lr)
        self.coupled_lam = self.lam if coupled(optimizer) else 0.0

    def train_step(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """One optimizer step on ``(x, y)``; returns the cross-entropy (detached)."""
        self.optimizer.zero_grad(set_to_none=True)
        ce = F.cross_entropy(self.model(x), y)
        objective = ce + l2_penalty(dict(self.model.named_parameters()), self.coupled_lam, False) \
            if self.coupled_lam else ce
        objective.backward()
        self.optimizer.step()
        return ce.detach()

    def train_epoch(self, data: DeviceData, epoch: int, batch_size: int) -> float:
        """One epoch in this seed's data order; returns the mean training cross-entropy."""
        total, seen = 0.0, 0
        for x, y in stacked_batches(data, [self.seed], epoch, batch_size):
            total += float(self.train_step(x[0], y[0])) * y.shape[1]
            seen += y.shape[1]
        return total / seen


def autoselect_device(requested: Optional[str] = None) -> torch.device:
    """``requested`` if given ('cpu', 'cuda', 'cuda:1', ...), else CUDA when available."""
    if requested in (None, "", "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(requested)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda requested but torch.cuda.is_available() is False")
    return device


def synchronize(device: torch.device) -> None:
    """Wait for queued kernels, so that wall-clock timings are honest."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
