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

from .models import ModelSpec, critical_sigma_w


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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["scales"] = list(self.scales)
        return d


@dataclass(frozen=True)
class Setting:
    """One curve of a figure: a network class plus its L2 weight."""

    name: str
    label: str
    model: ModelSpec
    lam: float
    remedy: bool

    def to_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "model": self.model.to_dict(),
                "lam": self.lam, "remedy": self.remedy}


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

DEFAULTS = {
    "large": Hyper(epochs=20, init_scale=0.5),
    "many": Hyper(epochs=10, init_scale=0.02),
    "combined": Hyper(epochs=15, init_scale=0.5),
    "logistic": Hyper(epochs=15, init_scale=0.5),
    "ablation": Hyper(epochs=15, init_scale=0.5),
    # E1 (experiments/results/e1-scaling): the many-layers network in the saturated ordered phase,
    # reachable only with a bias variance of its own: N(0, 1.5^2/fan_in) weights, N(0, 2^2) biases.
    "scaling": Hyper(epochs=10, init_scale=0.02, init="normal", sigma_w=1.5, sigma_b=2.0),
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
    h = replace(DEFAULTS[name], **overrides)
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
    return Regime(name, "Combined regime with the logistic sigmoid (appendix C)",
                  "Appendix C figure", h, _combined_settings(h, sig, with_relu=False))
