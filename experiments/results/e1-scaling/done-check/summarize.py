"""Summarise the done-check profiles: agreement factor per setting and conv1/last ratio vs s."""

import json
from pathlib import Path

D = Path(__file__).parent
rows = []
for f in ("many-s2.json", "many-s4.json"):
    prof = json.loads((D / f).read_text())
    for name, s in prof["settings"].items():
        scale = s["prediction"]["scale"]
        if f == "many-s2.json" or scale != 1.0 or not rows:
            rows.append((scale, name, f, s))
rows = sorted({r[0]: r for r in rows}.values())
print("| s | setting (file) | seeds | per-layer agreement factor (geometric mean) | conv1/last measured [95% CI] | conv1/last predicted | chi1 of sigma_s |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for scale, name, f, s in rows:
    r, lo, hi = s["first_last_ratio"]
    p = s["prediction"]
    print(f"| {scale:g} | {name} ({f}) | {len(json.loads((D / f).read_text())['seeds'])} | "
          f"{s['ratio_agreement']:.3f} | {r:.3g} [{lo:.3g}, {hi:.3g}] | {p['first_last_ratio']:.3g} | "
          f"{p['chi1_scaled']:.3f} |")
