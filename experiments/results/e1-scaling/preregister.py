"""Writes the pre-registered claims of E1 (scaling in the saturated ordered phase) and of the E2
controls (chaotic sigma_b = 0.1; coherent mu = 3), with the theory's predictions for each, before
any of their training steps.  Run from the repository root:

    python experiments/results/e1-scaling/preregister.py

The claims files are read by `vgtheory figures` (a `preregistration.json` found in a results
directory fixes that directory's claims, margins and family).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from vgtheory.empirical.predictions import critical_scale, predict_setting
from vgtheory.empirical.regimes import build_regime

WIDTH = 8
COMMON = {
    "alpha": 0.05,
    "family": "Holm over this file's claims (one family per regime)",
    "min_seeds": 10,
    "tests": ("one-sided paired t for directional claims (no doubling): confirmed when the Holm-adjusted "
              "p of 'effect beyond the margin' < alpha; refuted when the Holm-adjusted p of 'effect on "
              "the other side of no effect' < alpha; equivalence claims: TOST against +-margin"),
    "normality": {"test": "Shapiro-Wilk on the per-seed differences", "alpha": 0.05,
                  "rule": "where it rejects normality, the Wilcoxon signed-rank p (same one-sided "
                          "hypothesis) is reported beside the t p and the verdict uses the larger one"},
    "stuck_at_chance": {"threshold": 0.12,
                        "rule": "a seed is stuck at chance when its test accuracy at the endpoint is "
                                "below 0.12 (chance 0.10 + 2 points); the verdict uses all seeds; the "
                                "estimate and p without the pairs where either seed is stuck are "
                                "reported beside it"},
    "no_variation": "all paired differences 0, or SD 0: 'not assessed: no variation'",
    "time_scale": "10 epochs of 5,000 images at batch 128 = 400 Adam steps = 1.02 paper epochs (391 steps)",
}


def _pred(regime, name):
    return predict_setting(regime.setting(name).model, 1.0)


def e1(regime):
    p = {s.name: _pred(regime, s.name) for s in regime.settings}
    claims = []
    for s in ("tanh-s4", "tanh-s2"):
        claims.append({
            "id": f"e1.acc-{s[5:]}", "primary": s == "tanh-s4",
            "claim": f"{s} trains faster than plain tanh: higher test accuracy after one paper epoch",
            "endpoint": "test_acc", "epoch": 10, "better": s, "worse": "tanh-s1",
            "direction": "greater", "margin": 0.01, "scale": "linear",
            "prediction": {"quantity": f"chi1 of sigma_s ({s}; plain tanh {p['tanh-s1'].chi1_scaled:.4g})",
                           "value": p[s].chi1_scaled, "source": "vgtheory.meanfield.propagation.signal"}})
    for s in ("tanh-s4", "tanh-s2"):
        ratio = p[s].first_last_ratio / p["tanh-s1"].first_last_ratio
        claims.append({
            "id": f"e1.init-ratio-{s[5:]}", "primary": False,
            "claim": f"{s} lifts the conv1 / last-hidden gradient ratio at initialisation above plain tanh's",
            "endpoint": "init_log_ratio", "better": s, "worse": "tanh-s1",
            "direction": "greater", "margin": 1.5, "scale": "log",
            "prediction": {"quantity": f"(conv1/last hidden, {s}) / (conv1/last hidden, s=1) at init",
                           "value": ratio, "source": "vgtheory.empirical.meanfield.predict"}})
    return claims


def controls(regime, label):
    p = {s.name: _pred(regime, s.name) for s in regime.settings}
    claims = []
    for s in ("tanh-s4", "tanh-s2"):
        claims.append({
            "id": f"{label}.acc-{s[5:]}-null", "primary": s == "tanh-s4",
            "claim": f"{s} and plain tanh reach the same test accuracy after one paper epoch "
                     "(the theory predicts no effect of s here)",
            "endpoint": "test_acc", "epoch": 10, "better": s, "worse": "tanh-s1",
            "direction": "within", "margin": 0.02, "scale": "linear",
            "prediction": ({"quantity": f"chain rho ({s}) / chain rho (s=1)",
                            "value": p[s].chain["rho"] / p["tanh-s1"].chain["rho"],
                            "source": "vgtheory.core.chain.forward"} if p[s].chain else
                           {"quantity": f"chi1 of sigma_s ({s}) / chi1 (s=1)",
                            "value": p[s].chi1_scaled / p["tanh-s1"].chi1_scaled,
                            "source": "vgtheory.meanfield.propagation.signal"})})
    return claims


def write(path: Path, regime, claims, title, command):
    body = {"experiment": title, "regime": regime.name, "command": command,
            "hyper": regime.hyper.to_dict(), **COMMON, "claims": claims,
            "predictions": {s.name: _pred(regime, s.name).to_dict() for s in regime.settings}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body, indent=1) + "\n")
    print(path)


if __name__ == "__main__":
    root = Path("experiments/results")
    base = {"width": WIDTH}
    r1 = build_regime("scaling", base)
    write(root / "e1-scaling" / "preregistration.json", r1, e1(r1),
          "E1: scaling in the saturated ordered phase (tanh, N(0, 1.5^2/fan_in) weights, N(0, 2^2) biases)",
          "experiments/results/e1-scaling/commands.sh")
    s_star = critical_scale("tanh", 1.5, 2.0)
    print(f"package-chosen s (chi1 of sigma_s = 1 at sigma_w 1.5, sigma_b 2): {s_star:.4f}")
    r2 = build_regime("scaling", {**base, "sigma_b": 0.1})
    write(root / "e2-chaotic" / "preregistration.json", r2, controls(r2, "e2-chaotic"),
          "E2 control: chaotic phase (sigma_w 1.5, sigma_b 0.1), where chi1 ~ 1.13 at every s",
          "experiments/results/e1-scaling/commands.sh (after E1)")
    r3 = build_regime("scaling", {**base, "weight_mean": 3.0, "sigma_w": 0.5, "sigma_b": 0.0})
    write(root / "e2-coherent" / "preregistration.json", r3, controls(r3, "e2-coherent"),
          "E2 control: coherent weights N(3/fan_in, 0.5^2/fan_in), where scaling leaves rho unchanged",
          "experiments/results/e1-scaling/commands.sh (after E1)")
