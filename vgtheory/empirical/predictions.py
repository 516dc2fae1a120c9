r"""What the theory predicts for a setting at initialisation, computed before any training step.

For the setting's init (σ_w, σ_b) and activation σ_s(u) = s σ(u/s):

* q* and χ₁ of the length map for σ and for σ_s (:func:`vgtheory.meanfield.propagation.signal`, float64
  quadrature): χ₁ < 1 ordered (gradients shrink by about √χ₁ per layer), > 1 chaotic;
* the saturated share at q*: P(|σ_s'(u)| < 1% |σ'(0)|) for u ~ N(0, q*), the definition the
  networks record (:data:`.models.SATURATION_LEVEL`);
* the first/last gradient ratio: conv1's data-loss gradient norm over the last hidden layer's,
  the product of the per-layer mean-field ratios of :func:`.meanfield.predict`;
* for coherent weights (μ > 0, w ≈ μ/fan_in per weight, so Σ_i w_i h_i ≈ μ·h̄) the chain model
  z_k = σ_s(μ z_{k−1}): its fixed point z*, the per-layer factor ρ = μ σ_s'(μ z*) of the chain's
  gradient (:func:`vgtheory.core.chain.forward`), and Theorem 1's bound on |∂f/∂w_1| at W = μ, x ≥ 1
  (:func:`vgtheory.theorems.theorem1.theorem1`; absent, with the reason, where its hypotheses fail).

Under the paper's i.i.d. init σ_{w,l} differs per layer; q* and χ₁ are then given at the median
hidden layer's σ_w (``sigma_w_from`` says so), and the per-layer mean-field ratio is exact per layer.
"""

from __future__ import annotations

import functools
import math
import statistics
from dataclasses import dataclass, field
from typing import Optional

from vgtheory.empirical.meanfield import layer_variances, predict
from vgtheory.empirical.models import SATURATION_LEVEL, ModelSpec

SIGNAL = "vgtheory.meanfield.propagation.signal"
MEANFIELD = "vgtheory.empirical.meanfield.predict"
CHAIN = "vgtheory.core.chain.forward (chain model z_k = sigma_s(mu z_{k-1}))"
THEOREM1 = "vgtheory.theorems.theorem1.theorem1 (W = mu, x >= c = 1, j = 1)"


@dataclass(frozen=True)
class Prediction:
    """One predicted number: what it is, its value and the function that computed it."""

    quantity: str
    value: Optional[float]
    source: str

    def to_dict(self) -> dict:
        return {"quantity": self.quantity, "value": self.value, "source": self.source}


@dataclass(frozen=True)
class SettingPrediction:
    """The theory's numbers for one network class at initialisation."""

    init: dict
    sigma_w: Optional[float]
    sigma_w_from: str
    sigma_b: float
    scale: float
    q_input: float
    q_star: Optional[float]
    chi1: Optional[float]               # plain sigma
    q_star_scaled: Optional[float]
    chi1_scaled: Optional[float]        # sigma_s (equal to chi1 at s = 1)
    phase: str
    saturated_share: Optional[float]
    first_last_ratio: Optional[float]   # conv1 / last hidden layer, mean-field
    layer_ratio: tuple[Optional[float], ...]
    depth: int                          # hidden (activation) layers
    chain: Optional[dict] = None        # mu > 0 only
    notes: tuple[str, ...] = field(default=())

    def predictions(self) -> list[Prediction]:
        """The numbers as (quantity, value, source) rows."""
        out = [Prediction("q* (sigma)", self.q_star, SIGNAL),
               Prediction("chi1 (sigma)", self.chi1, SIGNAL),
               Prediction(f"chi1 (sigma_s, s={self.scale:g})", self.chi1_scaled, SIGNAL),
               Prediction("saturated share at q*", self.saturated_share,
                          SIGNAL + " + Gaussian quadrature of the saturation indicator"),
               Prediction("gradient ratio conv1 / last hidden", self.first_last_ratio, MEANFIELD)]
        if self.chain:
            out += [Prediction("chain z*", self.chain.get("z_star"), CHAIN),
                    Prediction("chain rho = mu sigma_s'(mu z*)", self.chain.get("rho"), CHAIN),
                    Prediction("Theorem 1 bound on |df/dw_1|", self.chain.get("theorem1_bound"),
                               THEOREM1)]
        return out

    def to_dict(self) -> dict:
        return {"init": self.init, "sigma_w": self.sigma_w, "sigma_w_from": self.sigma_w_from,
                "sigma_b": self.sigma_b, "scale": self.scale, "q_input": self.q_input,
                "q_star": self.q_star, "chi1": self.chi1, "q_star_scaled": self.q_star_scaled,
                "chi1_scaled": self.chi1_scaled, "phase": self.phase,
                "saturated_share": self.saturated_share,
                "first_last_ratio": self.first_last_ratio, "layer_ratio": list(self.layer_ratio),
                "depth": self.depth, "chain": self.chain, "notes": list(self.notes),
                "predictions": [p.to_dict() for p in self.predictions()]}


def _finite(x) -> Optional[float]:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


@functools.lru_cache(maxsize=256)
def _signal(act: str, sigma_w: float, sigma_b: float, s: Optional[float]):
    from vgtheory.errors import VGTheoryError
    from vgtheory.meanfield.propagation import signal

    try:
        return signal(act, sigma_w, sigma_b, s=s, backend="float64")
    except VGTheoryError:
        return None


def saturated_share(spec: ModelSpec, q: float) -> Optional[float]:
    """P(|sigma_s'(u)| < SATURATION_LEVEL |sigma'(0)|) for u ~ N(0, q), by a dense grid in z."""
    import torch

    from vgtheory.empirical.models import resolve_activation

    if not (q is not None and math.isfinite(q) and q >= 0):
        return None
    _, slope, slope0 = resolve_activation(spec.activation)
    z = torch.linspace(-12.0, 12.0, 240001, dtype=torch.float64)
    weight = torch.exp(-z * z / 2) * (z[1] - z[0]) / math.sqrt(2 * math.pi)
    sat = (slope(math.sqrt(q) * z / spec.scale).abs() < SATURATION_LEVEL * slope0).to(z.dtype)
    return float((sat * weight).sum())


def chain_prediction(spec: ModelSpec, depth: int) -> dict:
    """The chain model at w_k = mu for coherent weights: z*, rho and Theorem 1's bound."""
    import mpmath

    from vgtheory.core.activations import activation
    from vgtheory.core.chain import forward
    from vgtheory.errors import VGTheoryError
    from vgtheory.theorems.theorem1 import theorem1

    mu = spec.weight_mean
    sigma = activation(spec.activation)
    if spec.scale != 1.0:
        sigma = sigma.scaled(spec.scale)
    out: dict = {"mu": mu, "depth": depth, "x": 1.0}
    try:
        z = forward(sigma, [mu] * 400, 1, dps=30)
        z_star, z_prev = z[-1], z[-2]
        out["z_star"] = _finite(z_star)
        out["z_star_converged"] = bool(abs(z_star - z_prev) <= mpmath.mpf(10) ** -12 * (1 + abs(z_star)))
        out["rho"] = _finite(mu * sigma.slope(mu * z_star))
    except VGTheoryError as exc:
        out["z_star"] = out["rho"] = None
        out["chain_error"] = str(exc)
    try:
        t1 = theorem1(sigma, c=1, W=mu, depth=depth, j=1, dps=30)
        out["theorem1_bound"] = _finite(t1.bound_df)
        out["theorem1_factor"] = _finite(2 * t1.g.value / t1.L)  # (2 g(tau)/L) per layer
        out["theorem1_status"] = t1.status
    except (VGTheoryError, ValueError) as exc:
        out["theorem1_bound"] = None
        out["theorem1_error"] = str(exc)
    return out


def predict_setting(spec: ModelSpec, q_input: float = 1.0) -> SettingPrediction:
    """The theory's predictions for ``spec`` at initialisation, inputs of mean square ``q_input``."""
    w2, b2 = layer_variances(spec)
    hidden = w2[:-1]
    notes = []
    if spec.fan_in_init and len(set(round(v, 12) for v in w2)) == 1:
        sigma_w, source = math.sqrt(w2[0]), "the init's sigma_w (every layer)"
    else:
        sigma_w = math.sqrt(statistics.median(hidden))
        source = "median over hidden layers of sqrt(fan_in Var(w)) (sigma_w differs per layer)"
    sigma_b = math.sqrt(b2)
    plain = _signal(spec.activation, sigma_w, sigma_b, None)
    scaled = plain if spec.scale == 1.0 else _signal(spec.activation, sigma_w, sigma_b, spec.scale)
    q_star = _finite(plain.q_star) if plain else None
    q_star_s = _finite(scaled.q_star) if scaled else None
    mf = predict(spec, q_input)
    ratios = mf.predicted_ratio
    prod: Optional[float] = 1.0
    for r in ratios[:len(hidden) - 1]:  # conv1 / last hidden = g_1/g_2 * ... * g_{L-2}/g_{L-1}
        prod = None if prod is None or r is None or not math.isfinite(r) else prod * r
    if spec.weight_mean != 0.0:
        notes.append("weights have mean mu/fan_in: the mean-field numbers assume zero-mean weights; "
                     "the chain model describes the coherent part")
    return SettingPrediction(
        init=spec.init_summary(), sigma_w=sigma_w, sigma_w_from=source, sigma_b=sigma_b,
        scale=spec.scale, q_input=float(q_input), q_star=q_star,
        chi1=_finite(plain.chi1) if plain else None, q_star_scaled=q_star_s,
        chi1_scaled=_finite(scaled.chi1) if scaled else None,
        phase=scaled.phase if scaled else "undetermined",
        saturated_share=saturated_share(spec, q_star_s) if q_star_s is not None else None,
        first_last_ratio=_finite(prod), layer_ratio=tuple(ratios), depth=len(hidden),
        chain=chain_prediction(spec, len(hidden)) if spec.weight_mean > 0 else None,
        notes=tuple(notes))


def predict_regime(regime, q_input: float = 1.0) -> dict[str, dict]:
    """``{setting: SettingPrediction.to_dict()}`` for every setting of ``regime`` (a setting whose
    activation the theory cannot evaluate gets ``{"error": reason}``)."""
    return {s.name: safe_prediction(s.model, q_input) for s in regime.settings}


def safe_prediction(spec: ModelSpec, q_input: float = 1.0) -> dict:
    """:func:`predict_setting` as a dict, or ``{"error": reason}`` where the quadratures fail
    (an activation that overflows, a callable without moments): training does not depend on it."""
    from vgtheory.errors import VGTheoryError

    try:
        return predict_setting(spec, q_input).to_dict()
    except (VGTheoryError, ValueError, ArithmeticError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def critical_scale(act: str, sigma_w: float, sigma_b: float, lo: float = 1.0, hi: float = 64.0,
                   tol: float = 1e-4) -> Optional[float]:
    """The s at which chi_1 of sigma_s(u) = s sigma(u/s) at (sigma_w, sigma_b) is 1, by bisection
    on [lo, hi] in log s (None when chi_1 - 1 has the same sign at both ends).  For tanh chi_1
    rises with s towards sigma_w^2 (sigma_s tends to the identity), so a root exists when
    chi_1(lo) < 1 < sigma_w^2."""
    def gap(s: float) -> Optional[float]:
        r = _signal(act, sigma_w, sigma_b, s if s != 1.0 else None)
        return None if r is None or r.chi1 is None else float(r.chi1) - 1.0

    a, b = gap(lo), gap(hi)
    if a is None or b is None or (a < 0) == (b < 0):
        return None
    while hi / lo > 1 + tol:
        mid = math.sqrt(lo * hi)
        m = gap(mid)
        if m is None:
            return None
        lo, hi, a = (mid, hi, m) if (m < 0) == (a < 0) else (lo, mid, a)
    return math.sqrt(lo * hi)
