"""Tables for docs/signal.md: critical initialisations of the registry next to PyTorch's
calculate_gain, and q*, chi1 and the critical sigma_w of the s-scaled activations.

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/signal_table.py

Writes benchmarks/results/signal_table.json and signal_table.md (the Markdown pasted into the
docs). All numbers from vgtheory.meanfield.propagation at 20 mpmath digits (or symbolic where stated).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import torch

# The repository's vgtheory, not an installed one (the script runs from the repo root).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vgtheory.core.activations import REGISTRY
from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.propagation import critical_init, signal

from bench_signal import machine  # benchmarks/ is sys.path[0] when run as a script

TORCH_NAMES = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "leaky_relu": "leaky_relu"}
SCALED = ("tanh", "erf", "softsign", "arctan")
SCALES = (1, 3, 10, 100)


def _gain(name: str) -> str:
    if name not in TORCH_NAMES:
        return "n/a"
    g = torch.nn.init.calculate_gain(TORCH_NAMES[name], 0.01 if name == "leaky_relu" else None)
    return f"{g:.6g}"


def _critical(name, sigma_b, s=None):
    try:
        c = critical_init(name, sigma_b, s=s)
    except VGTheoryError as exc:
        return {"sigma_w": None, "why": str(exc)}
    return {"sigma_w": float(c.sigma_w), "q_star": None if c.q_star is None else float(c.q_star), "route": c.route, "method": c.method,
            "exact": None if c.sigma_w_exact is None else str(c.sigma_w_exact)}


def _w(c) -> str:
    if c["sigma_w"] is None:
        return "none"
    return f"{c['sigma_w']:.8g}" + (f" (= {c['exact']})" if c.get("exact") else "")


def main() -> int:
    start = time.time()
    rows = []
    for name in REGISTRY:
        rows.append({"activation": name, "gain": _gain(name), "b0": _critical(name, 0), "b03": _critical(name, "0.3")})
        print(name, rows[-1], flush=True)
    scaled = []
    for name in SCALED:
        for s in SCALES:
            r = signal(name, "1.5", "0.3", s=s)
            scaled.append({"activation": name, "s": s, "q_star": float(r.q_star), "chi1": float(r.chi1), "phase": r.phase,
                           "critical_b03": _critical(name, "0.3", s=s)})
            print(scaled[-1], flush=True)
    lines = ["| activation | calculate_gain | critical σ_w, σ_b = 0 | route | critical σ_w, σ_b = 0.3 | q* there |", "|---|---|---|---|---|---|"]
    for r in rows:
        q = r["b03"].get("q_star")
        lines.append(f"| {r['activation']} | {r['gain']} | {_w(r['b0'])} | {r['b0'].get('route', r['b0'].get('why', ''))} | "
                     f"{_w(r['b03'])} | {'n/a' if q is None else f'{q:.6g}'} |")
    lines += ["", "| activation | s | q* (σ_w = 1.5, σ_b = 0.3) | χ₁ there | phase | critical σ_w at σ_b = 0.3 |", "|---|---|---|---|---|---|"]
    for r in scaled:
        lines.append(f"| {r['activation']} | {r['s']} | {r['q_star']:.8g} | {r['chi1']:.8g} | {r['phase']} | {_w(r['critical_b03'])} |")
    out = Path("benchmarks/results")
    out.joinpath("signal_table.json").write_text(json.dumps({"command": "OMP_NUM_THREADS=1 nice -n 10 python benchmarks/signal_table.py",
        "machine": machine(), "registry": rows, "scaled": scaled, "seconds": round(time.time() - start, 1)}, indent=2) + "\n")
    out.joinpath("signal_table.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
