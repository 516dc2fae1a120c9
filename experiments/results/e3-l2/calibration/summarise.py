"""Summarise E3's calibration profiles (commands.sh): mu per layer and conv1's data gradient."""
import json
from pathlib import Path

from vgtheory.empirical.regimes import L2_CALIBRATED

D = Path(__file__).parent
STEPS, LR = 60, 1e-3
print("# E3 lambda calibration: 60 optimizer steps, 2 seeds, width 8, CIFAR-10 (commands.sh)\n")
print("| arm | lambda | mu after 60 steps: conv1, median over layers, min | conv1 data-loss grad | "
      "closed-form kernel shrink (1 - lr lambda)^60 |")
print("| --- | --- | --- | --- | --- |")
rows = [(f, json.loads(f.read_text())) for f in sorted(D.glob("*.json"))]
for f, prof in rows:
    for name, s in prof["settings"].items():
        mu = s["weight_mean_fan_in"]
        med = sorted(mu)[len(mu) // 2]
        lam = prof["hyper"]["lam"] if name == "adam+L2" else (
            prof["hyper"].get("weight_decay") if name == "adamw" else
            prof["hyper"].get("sgd_lam") if name == "sgd+L2" else 0.0)
        lr = prof["hyper"].get("sgd_lr", L2_CALIBRATED["sgd_lr"]) if name.startswith("sgd") else LR
        shrink = (1 - lr * lam) ** STEPS if name in ("adamw", "sgd+L2") else None
        print(f"| {name} | {lam:g} | {mu[0]:.3g}, {med:.3g}, {min(mu):.3g} | "
              f"{s['grad_norm_mean'][0]:.3g} | {'' if shrink is None else f'{shrink:.4f} (mu 3 -> {3 * shrink:.3g}; 400 steps: {3 * shrink ** (400 / STEPS):.3g})'} |")
