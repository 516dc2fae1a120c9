"""The paper's three regimes and its appendix-C variant: settings and documented defaults.

The paper's numbers (learning rate, init range/std, lambda, s, widths, epochs, batch size) were
formulas and did not survive extraction.  The values below are this project's choices; each is
a field of :class:`Hyper`, overridable from the command line and recorded in every result.
The many-layers std and lambda come from the calibration sweep in
experiments/results/calibration/ (profiles at initialisation, paper widths, 10 seeds): std 0.02
is the largest normal std of the sweep at which plain tanh shows depth-wise vanishing (conv1
gradient < 1/10 of the last hidden layer's; at 0.1 the conv1 gradient is 1.7x the last
layer's), and lambda 0.1 makes the penalty 40% of the gradient after 60 steps (1e-3: 0.5%).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Optional

from vgtheory.empirical.ensemble import OPTIMIZERS
from vgtheory.empirical.models import ModelSpec, critical_sigma_w


@dataclass(frozen=True)
class Hyper:
    """Overridable hyperparameters of one regime.

    ``init_scale`` is the half-width a of U(-a, a) in the uniform regimes and the standard
    deviation of N(0, std^2) in the normal one.  ``width`` is the filter count of the first
    conv block; the blocks use (width, 2 width, 4 width).  ``lam`` is the L2 weight in the
    penalty (lam/2)||w||^2 added to the loss; ``scale`` is s in s * sigma(u / s).
    ``activation`` replaces the regime's sigmoid (tanh, or the logistic in appendix C) by any
    activation ``vgtheory check`` accepts; None keeps the paper's.
    """

    epochs: int
    init_scale: float
    batch_size: int = 128
    lr: float = 1e-3
    lam: float = 0.1
    scale: float = 2.0
    width: int = 32
    activation: Optional[str] = None
    init: Optional[str] = None
    sigma_w: Optional[float] = None
    sigma_b: Optional[float] = None
    weight_mean: float = 0.0
    scales: tuple[float, ...] = (1.0, 2.0, 4.0)
    # Optimizer of the settings that do not fix their own (``adam``, ``adamw`` or ``sgd``; see
    # :mod:`.ensemble`); the l2 regime's AdamW decay and SGD arms (E3) have their own lambda/lr.
    optimizer: str = "adam"
    weight_decay: Optional[float] = None
    sgd_lr: float = 0.05
    sgd_lam: Optional[float] = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["scales"] = list(self.scales)
        # Fields added after E1 launched are written only when set, so the configuration of a
        # run that does not use them (what a resumed shard compares) is unchanged.
        for key in _LATER_FIELDS:
            if d[key] == _LATER_FIELDS[key]:
                del d[key]
        return d


_LATER_FIELDS = {"optimizer": "adam", "weight_decay": None, "sgd_lr": 0.05, "sgd_lam": None}


@dataclass(frozen=True)
class Setting:
    """One curve of a figure: a network class plus its L2 weight."""

    name: str
    label: str
    model: ModelSpec
    lam: float
    remedy: bool
    optimizer: str = "adam"         # adamw: lam is the decoupled decay (ensemble.make_optimizer)
    lr: Optional[float] = None      # None: the regime's Hyper.lr

    def to_dict(self) -> dict:
        d = {"name": self.name, "label": self.label, "model": self.model.to_dict(),
             "lam": self.lam, "remedy": self.remedy}
        if self.optimizer != "adam":  # written only when set (see Hyper.to_dict)
            d["optimizer"] = self.optimizer
        if self.lr is not None:
            d["lr"] = self.lr
        return d


@dataclass(frozen=True)
class Regime:
    """A figure of the paper: its settings and the shared training hyperparameters."""

    name: str
    title: str
    figure: str
    hyper: Hyper
    settings: tuple[Setting, ...]

    def setting(self, name: str) -> Setting:
        for s in self.settings:
            if s.name == name:
                return s
        raise KeyError(f"regime {self.name!r} has no setting {name!r}; "
                       f"choose from {', '.join(s.name for s in self.settings)}")

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "figure": self.figure,
                "hyper": self.hyper.to_dict(), "settings": [s.to_dict() for s in self.settings]}


# Architectures (paper appendix A, widths chosen here): conv blocks of 3x3 'same' convs with
# 2x2 max pooling after each block, then hidden dense layers and a linear 10-way output.
ARCHITECTURES = {
    "table1": {"convs_per_block": 2, "dense": (384,)},
    "table2": {"convs_per_block": 3, "dense": (384, 64, 64, 64)},
    "table3": {"convs_per_block": 2, "dense": (384, 64, 64)},
}

# E3's lambdas (experiments/results/e3-l2/calibration/README.md): Adam + coupled L2, AdamW's
# decoupled decay, and plain SGD's learning rate and coupled L2.
L2_CALIBRATED = {"lam": 0.01, "weight_decay": 1.7, "sgd_lr": 0.05, "sgd_lam": 0.035}

DEFAULTS = {
    "large": Hyper(epochs=20, init_scale=0.5),
    "many": Hyper(epochs=10, init_scale=0.02),
    "combined": Hyper(epochs=15, init_scale=0.5),
    "logistic": Hyper(epochs=15, init_scale=0.5),
    "ablation": Hyper(epochs=15, init_scale=0.5),
    # E1 (experiments/results/e1-scaling): the many-layers network in the saturated ordered phase,
    # reachable only with a bias variance of its own: N(0, 1.5^2/fan_in) weights, N(0, 2^2) biases.
    "scaling": Hyper(epochs=10, init_scale=0.02, init="normal", sigma_w=1.5, sigma_b=2.0),
    # E3 (experiments/results/e3-l2): L2 under three optimizers in the many-layers network with
    # coherent weights N(3/fan_in, 0.5^2/fan_in), where the chain model predicts vanishing
    # (rho = 0.0013 per layer).  The lambdas are the calibration's (e3-l2/calibration/): each
    # pulls mu from 3 to about 1.5 within the 400 steps of a 10-epoch run on 5,000 images.
    "l2": Hyper(epochs=10, init_scale=0.02, init="normal", sigma_w=0.5, sigma_b=0.0,
                weight_mean=3.0, lam=L2_CALIBRATED["lam"],
                weight_decay=L2_CALIBRATED["weight_decay"], sgd_lr=L2_CALIBRATED["sgd_lr"],
                sgd_lam=L2_CALIBRATED["sgd_lam"]),
    # E4 (experiments/results/e4-relu): relu at He init and at the paper's U(-0.5, 0.5) against
    # tanh with both remedies, in the combined regime's network (Table 3).
    "relu": Hyper(epochs=15, init_scale=0.5),
}

REGIME_NAMES = tuple(DEFAULTS)


def _spec(arch: str, h: Hyper, activation: str, init: str, scale: float = 1.0) -> ModelSpec:
    # A critical init is computed for the regime's plain sigma (not sigma_s), so that every
    # setting of a regime starts from the same weights law.
    init = h.init or init
    sigma_w = (critical_sigma_w(activation, h.sigma_b) if init == "critical" and h.sigma_w is None
               else h.sigma_w)
    return ModelSpec(filters=(h.width, 2 * h.width, 4 * h.width), activation=activation,
                     scale=scale, init=init, init_scale=h.init_scale, sigma_w=sigma_w,
                     sigma_b=h.sigma_b, weight_mean=h.weight_mean, **ARCHITECTURES[arch])


def _tag(activation: str) -> str:
    """A file-name-safe name for an activation (a formula becomes 'sigma')."""
    return activation if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", activation) else "sigma"


def _remedy(h: Hyper, sigmoid: str, l2: bool, scaled: bool) -> Setting:
    """``sigmoid`` in the Table 3 network with or without L2 and the scaling trick."""
    tag = _tag(sigmoid)
    name = tag + ("+L2" if l2 else "") + ("+scaled" if scaled else "")
    parts = ([f"L2 (lambda={h.lam:g})"] if l2 else []) + ([f"scaled (s={h.scale:g})"] if scaled else [])
    label = f"{sigmoid}, {' + '.join(parts)}" if parts else sigmoid
    return Setting(name, label, _spec("table3", h, sigmoid, "uniform", h.scale if scaled else 1.0),
                   h.lam if l2 else 0.0, l2 or scaled)


def _combined_settings(h: Hyper, sigmoid: str, with_relu: bool = True) -> tuple[Setting, ...]:
    # The appendix-C regime has no relu settings of its own: they would be the combined
    # regime's networks trained a second time; its claims read the combined regime's relu.
    pair = (_remedy(h, sigmoid, False, False), _remedy(h, sigmoid, True, True))
    return pair if not with_relu else pair + (
        Setting("relu", "relu", _spec("table3", h, "relu", "uniform"), 0.0, False),
        Setting("relu+L2", f"relu, L2 (lambda={h.lam:g})", _spec("table3", h, "relu", "uniform"),
                h.lam, True),
    )


def build_regime(name: str, overrides: Optional[dict] = None) -> Regime:
    """The regime ``name`` with ``overrides`` (a dict of :class:`Hyper` fields) applied."""
    if name not in DEFAULTS:
        raise KeyError(f"unknown regime {name!r}; choose from {', '.join(REGIME_NAMES)}")
    known = {f.name for f in fields(Hyper)}
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    unknown = set(overrides) - known
    if unknown:
        raise KeyError(f"unknown hyperparameter(s) {sorted(unknown)}; known: {sorted(known)}")
    if overrides.get("init") in ("he", "glorot", "critical") and "sigma_w" not in overrides:
        overrides["sigma_w"] = None  # a named init sets sigma_w itself, not the regime's default
    if "init_scale" in overrides and "sigma_w" not in overrides and \
            overrides.get("init", DEFAULTS[name].init) in (None, "uniform", "normal"):
        # --init-scale alone asks for the paper's i.i.d. init, not the regime's fan-in law.
        overrides = {"sigma_w": None, "sigma_b": None, "weight_mean": 0.0, **overrides}
    if overrides.get("optimizer", "adam") not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {overrides['optimizer']!r}; choose from "
                         f"{', '.join(OPTIMIZERS)}")
    h = replace(DEFAULTS[name], **overrides)
    regime = _build(name, h)
    if h.optimizer != "adam":  # the regime-wide choice, for settings that do not fix their own
        regime = replace(regime, settings=tuple(
            replace(s, optimizer=h.optimizer) if s.optimizer == "adam" else s
            for s in regime.settings))
    return regime


def _l2_settings(h: Hyper, sig: str) -> tuple[Setting, ...]:
    """E3's arms: each optimizer without and with L2 (AdamW's decay is the decoupled L2)."""
    spec = _spec("table2", h, sig, "normal")
    wd = h.weight_decay if h.weight_decay is not None else h.lam
    sgd_lam = h.sgd_lam if h.sgd_lam is not None else h.lam
    return (
        Setting("adam", f"{sig}, Adam", spec, 0.0, False),
        Setting("adam+L2", f"{sig}, Adam + coupled L2 (lambda={h.lam:g})", spec, h.lam, True),
        Setting("adamw", f"{sig}, AdamW (decoupled decay {wd:g})", spec, wd, True,
                optimizer="adamw"),
        Setting("sgd", f"{sig}, SGD (lr={h.sgd_lr:g})", spec, 0.0, False, optimizer="sgd",
                lr=h.sgd_lr),
        Setting("sgd+L2", f"{sig}, SGD + L2 (lr={h.sgd_lr:g}, lambda={sgd_lam:g})", spec, sgd_lam,
                True, optimizer="sgd", lr=h.sgd_lr),
    )


def _relu_settings(h: Hyper, sig: str) -> tuple[Setting, ...]:
    """E4: relu at the regime's init and at He init beside tanh with and without both remedies."""
    he = replace(_spec("table3", h, "relu", "uniform"), init="he", sigma_w=None,
                 sigma_b=0.0, weight_mean=0.0)
    return _combined_settings(h, sig, with_relu=False) + (
        Setting("relu", "relu", _spec("table3", h, "relu", "uniform"), 0.0, False),
        Setting("relu-he", "relu, He init N(0, 2/fan_in)", he, 0.0, False),
    )


def _build(name: str, h: Hyper) -> Regime:
    if name == "ablation":  # appendix C's failure dissected: L2 x scaling, and the centred logistic
        sig = h.activation or "logistic"
        settings = tuple(_remedy(h, sig, l2, sc) for l2 in (False, True) for sc in (False, True))
        if h.activation is None:
            settings += (_remedy(h, "centered_sigmoid", False, False),
                         _remedy(h, "centered_sigmoid", True, True))
        return Regime(name, "Appendix C ablation: L2 x scaling, uncentred vs centred logistic",
                      "Appendix C ablation", h, settings)
    sig = h.activation or ("logistic" if name == "logistic" else "tanh")
    tag = _tag(sig)
    if name == "large":
        settings = (
            Setting(tag, f"{sig}, unregularized", _spec("table1", h, sig, "uniform"), 0.0, False),
            Setting(f"{tag}+L2", f"{sig}, L2 (lambda={h.lam:g})", _spec("table1", h, sig, "uniform"),
                    h.lam, True),
        )
        return Regime(name, "Large-parameters regime: L2 regularization", "Figure 1", h, settings)
    if name == "many":
        settings = (
            Setting(tag, sig, _spec("table2", h, sig, "normal"), 0.0, False),
            Setting(f"scaled-{tag}", f"s-scaled {sig} (s={h.scale:g})",
                    _spec("table2", h, sig, "normal", h.scale), 0.0, True),
        )
        return Regime(name, "Many-layers regime: the scaling trick", "Figure 2", h, settings)
    if name == "scaling":
        if not h.scales or any(not v > 0 for v in h.scales) or len(set(h.scales)) != len(h.scales):
            raise ValueError(f"scales must be distinct and > 0, got {h.scales}")
        settings = tuple(
            Setting(f"{tag}-s{v:g}", f"{sig}, s={v:g}" if v != 1 else f"{sig} (s=1)",
                    _spec("table2", h, sig, "normal", v), 0.0, v != 1)
            for v in h.scales)
        return Regime(name, "Scaling in the saturated ordered phase (E1)", "E1", h, settings)
    if name == "combined":
        return Regime(name, "Combined regime: L2 + scaling vs relu", "Figure 3", h,
                      _combined_settings(h, sig))
    if name == "l2":
        return Regime(name, "L2 under Adam, AdamW and SGD in the many-layers network (E3)", "E3", h,
                      _l2_settings(h, sig))
    if name == "relu":
        return Regime(name, "relu at He init and at the paper's init vs tanh's remedies (E4)", "E4",
                      h, _relu_settings(h, sig))
    return Regime(name, "Combined regime with the logistic sigmoid (appendix C)",
                  "Appendix C figure", h, _combined_settings(h, sig, with_relu=False))
