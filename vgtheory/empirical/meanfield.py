r"""Mean-field (signal-propagation) prediction of the per-layer gradient norms of a :class:`ModelSpec`.

Under the paper's i.i.d. init every parameter has variance v (U(-a, a): a²/3; N(0, std²): std²),
so layer l with fan-in n_l (k²·C_in for a k×k convolution, the flattened width for a dense layer)
has σ_{w,l}² = n_l v and σ_b² = v; a fan-in init sets σ_{w,l} and σ_b directly.  With E[x²] = q_x the input's mean square, the length map gives the
pre-activation variance of every hidden layer,

    q_1 = σ_{w,1}² q_x + σ_b²,    q_{l+1} = σ_{w,l+1}² V(q_l) + σ_b²,    V(q) = E[σ_s(√q z)²],

and back-propagation multiplies the squared norm of the error δ_l = ∂L/∂u_l by

    χ_l = σ_{w,l+1}² D(q_l),    D(q) = E[σ_s'(√q z)²],

per layer (for a 'same' convolution as for a dense layer: its 9·C_out outgoing weights per unit
give the same factor).  The weight gradient of layer l sums δ_l ⊗ h_{l-1} over positions, so with
independent factors ‖∂L/∂(W_l, b_l)‖² ≈ ‖δ_l‖² (n_l E[h_{l-1}²] + 1), E[h_{l-1}²] = V(q_{l-1})
(q_x for the first layer).  Hence the predicted ratio of consecutive layers' gradient norms

    g_l / g_{l+1} = sqrt(χ_l (n_l E[h_{l-1}²] + 1) / (n_{l+1} E[h_l²] + 1)).

What this ignores, on purpose and to be compared with measurements: finite width (narrow layers
fluctuate), correlations between positions of a convolution (images are smooth), max pooling
(it keeps the largest of four units, so E[h²] and the slope there differ from V and D), the
softmax output layer (whose error is not Gaussian), and the probe batch (a mean over images).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from vgtheory.empirical.models import ModelSpec, fan_ins, fan_outs, layer_names, weight_laws  # noqa: F401 - fan_outs re-exported


@dataclass(frozen=True)
class MeanFieldPrediction:
    """Per layer (network order): σ_w², q of the pre-activation (None for the output layer), χ
    (None for the output layer) and the predicted ratio g_l / g_{l+1} (None for the last)."""

    layers: tuple[str, ...]
    sigma_w2: tuple[float, ...]
    q: tuple[Optional[float], ...]
    chi: tuple[Optional[float], ...]
    predicted_ratio: tuple[Optional[float], ...]
    q_input: float

    def to_dict(self) -> dict:
        return {"layers": list(self.layers), "sigma_w2": list(self.sigma_w2), "q": list(self.q),
                "chi": list(self.chi), "predicted_ratio": list(self.predicted_ratio),
                "q_input": self.q_input}


def parameter_variance(spec: ModelSpec) -> float:
    """Variance of one parameter under the spec's i.i.d. init: a²/3 (uniform) or std² (normal)."""
    return spec.init_scale ** 2 / 3.0 if spec.init == "uniform" else spec.init_scale ** 2


def layer_variances(spec: ModelSpec) -> tuple[list[float], float]:
    """(σ_{w,l}² = n_l Var(w) per weight layer, σ_b²) of the spec's init (i.i.d. or fan-in).

    A weight mean μ/n_l adds a coherent part μ·mean(h) to every pre-activation, which this
    zero-mean theory leaves out (the chain model of :mod:`.predictions` covers μ > 0)."""
    if not spec.fan_in_init:
        v = parameter_variance(spec)
        return [n * v for n in fan_ins(spec)], v
    return ([n * std ** 2 for n, (_, std, _) in zip(fan_ins(spec), weight_laws(spec))],
            float(spec.sigma_b or 0.0) ** 2)


def predict(spec: ModelSpec, q_input: float) -> MeanFieldPrediction:
    """The mean-field per-layer prediction for ``spec`` fed inputs of mean square ``q_input``."""
    from vgtheory.core.activations import activation
    from vgtheory.meanfield.moments import Moments

    sigma = activation(spec.activation)
    if spec.scale != 1.0:
        sigma = sigma.scaled(spec.scale)
    m = Moments.of(sigma, "float64")
    w2, v = layer_variances(spec)
    hidden = len(w2) - 1
    q: list[float] = []
    h2 = [q_input]  # E[h_{l-1}^2]: the input, then V(q_l) of every hidden layer
    for l in range(hidden):
        q.append(w2[l] * h2[-1] + v)
        h2.append(float(m.V(q[-1]).value))
    chi = [w2[l + 1] * float(m.D(q[l]).value) for l in range(hidden)]
    n = fan_ins(spec)
    ratio = [math.sqrt(chi[l] * (n[l] * h2[l] + 1.0) / (n[l + 1] * h2[l + 1] + 1.0))
             for l in range(hidden)]
    return MeanFieldPrediction(tuple(layer_names(spec)), tuple(w2), tuple(q) + (None,),
                               tuple(chi) + (None,), tuple(ratio) + (None,), float(q_input))
