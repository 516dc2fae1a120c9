"""Measured vs mean-field per-layer gradient ratios from the committed profiles (no torch run).

Reads the profile JSONs here (written by commands.sh; each holds `measured_ratio`, the geometric
mean over seeds of layer l's gradient norm over layer l+1's, and `predicted_ratio`, the mean-field
prediction of vgtheory.empirical.meanfield from the probe's mean square `q_input`) and writes
meanfield.md.  Run from the repository root: python experiments/results/profiles/meanfield.py
"""

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fmt(x):
    return "" if x is None else f"{x:.3g}"


lines = ["# Per-layer gradient ratios: measured (25 seeds) vs mean-field prediction", "",
         "Ratio = gradient norm of layer l / that of the next layer (conv1/conv2, ..., last hidden/out).",
         "`pred/meas` = predicted / measured; `depth` rows: product over conv1 .. last hidden",
         "(conv1 gradient over the last hidden layer's). Machine: 2-core CPU dev machine, no GPU.", ""]
for regime in ("large", "many", "combined", "logistic", "ablation"):
    prof = json.loads((HERE / f"{regime}.json").read_text())
    for name, s in prof["settings"].items():
        meas, pred = s["measured_ratio"], s["predicted_ratio"]
        lines += [f"## {regime} / {name} (q_input = {s['q_input']:.3g})", "",
                  "| layer | measured | predicted | pred/meas |", "| --- | --- | --- | --- |"]
        for layer, m, p in zip(s["layers"][:-1], meas[:-1], pred[:-1]):
            lines.append(f"| {layer} | {fmt(m)} | {fmt(p)} | {fmt(p / m)} |")
        dm, dp = math.prod(meas[:-2]), math.prod(pred[:-2])
        lines += [f"| depth | {fmt(dm)} | {fmt(dp)} | {fmt(dp / dm)} |", ""]
(HERE / "meanfield.md").write_text("\n".join(lines))
print(f"wrote {HERE / 'meanfield.md'}")
