"""Wide random MLPs at initialisation against mean-field theory: measured chi1 and q vs predicted.

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_signal.py [--seeds 20] [--width 1000] [--depth 30]

For each configuration (activation, sigma_w, sigma_b, s) it draws one float64 MLP per seed
(vgtheory.meanfield.signal_mlp.measure_mlp; inputs at the predicted q*, so every layer is at the fixed
point) and compares the per-seed mean log ratio of squared gradient norms with ln chi1 from
vgtheory.meanfield.propagation.signal (mpmath, 20 digits): a two-sided one-sample t test per configuration,
Holm-corrected over the configurations, and a 95% t interval for chi1 (exp of the interval of
the mean log ratio). Two further blocks show where the theory stops applying: a width sweep
(finite-width bias) and the critical tanh at sigma_b = 0 started from q0 = 1 (q_l -> 0 only like
1/(2l), so at finite depth the layers are not at q* = 0).
Writes benchmarks/results/signal_mlp.json and prints a table; `--report` only prints the
Markdown tables of an existing JSON (as pasted into docs/signal.md).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from pathlib import Path

import torch
from scipy import stats

# The repository's vgtheory, not an installed one (the script runs from the repo root).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vgtheory.meanfield.propagation import signal
from vgtheory.meanfield.signal_mlp import measure_mlp



def machine() -> str:
    """The machine line of the results (platform.machine() is empty in some sandboxes)."""
    arch = platform.machine()
    return f"2-core CPU dev machine, no GPU, {arch + ', ' if arch else ''}torch {torch.__version__}, shared with other jobs"


CONFIGS = (  # activation, sigma_w, sigma_b, s
    ("tanh", 1.5, 0.1, 1),
    ("tanh", 0.9, 0.3, 1),
    ("erf", 1.2, 0.3, 1),
    ("softsign", 2.0, 0.5, 1),
    ("sigmoid", 4.0, 0.5, 1),
    ("relu", 1.2, 0.1, 1),
    ("tanh", 0.9, 0.3, 10),
)


def _summary(log_ratio, chi1, alpha=0.05):
    n = len(log_ratio)
    mean, sd = statistics.fmean(log_ratio), statistics.stdev(log_ratio)
    se = sd / math.sqrt(n)
    t = stats.t.ppf(1 - alpha / 2, n - 1)
    p = float(2 * stats.t.sf(abs((mean - math.log(chi1)) / se), n - 1)) if se > 0 else 0.0
    return {"chi1_measured": math.exp(mean), "ci95": [math.exp(mean - t * se), math.exp(mean + t * se)], "p": p, "n": n}


def _holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    adjusted, running = [0.0] * len(ps), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        adjusted[i] = running
    return adjusted


def markdown(data) -> str:
    """The benchmark's JSON as Markdown tables."""
    lines = [f"Width {data['width']}, depth {data['depth']}, {data['seeds']} seeds, inputs at q*, layers "
             f"{data['depth'] // 3 + 1}..{data['depth']} averaged; {data['machine']}; {data['seconds']} s.",
             f"Command: `{data['command']}`.", "",
             "| activation | s | σ_w | σ_b | χ₁ (theory) | χ₁ measured [95% t CI] | Holm p | agrees | q* | q measured |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in data["configs"]:
        lines.append(f"| {r['activation']} | {r['s']} | {r['sigma_w']} | {r['sigma_b']} | {r['chi1']:.5f} | {r['chi1_measured']:.5f} "
                     f"[{r['ci95'][0]:.5f}, {r['ci95'][1]:.5f}] | {r['p_holm']:.3g} | {'yes' if r['agrees'] else 'no'} | "
                     f"{r['q_star']:.5f} | {r['q_measured']:.5f} |")
    lines += ["", "| width (tanh, σ_w = 1.5, σ_b = 0.1) | χ₁ measured [95% t CI] | theory |", "|---|---|---|"]
    chi = data["configs"][0]["chi1"]
    for r in data["width_sweep"]:
        lines.append(f"| {r['width']} | {r['chi1_measured']:.5f} [{r['ci95'][0]:.5f}, {r['ci95'][1]:.5f}] | {chi:.5f} |")
    lines += ["", "| depth (critical tanh, σ_w = 1, σ_b = 0, q0 = 1, 5 seeds) | ratio over the last 5 layers | mean q there |", "|---|---|---|"]
    for r in data["critical_depth"]:
        lines.append(f"| {r['depth']} | {r['chi1_measured_last5']:.5f} | {r['q_last']:.5f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--width", type=int, default=1000)
    ap.add_argument("--depth", type=int, default=30)
    ap.add_argument("--out", default="benchmarks/results/signal_mlp.json")
    ap.add_argument("--report", action="store_true", help="print the Markdown tables of --out and exit")
    args = ap.parse_args(argv)
    if args.report:
        print(markdown(json.loads(Path(args.out).read_text())))
        return 0
    seeds = range(args.seeds)
    start = time.time()
    rows = []
    for act, w, b, s in CONFIGS:
        theory = signal(act, w, b, s=s)
        q_star = float(theory.q_star)
        m = measure_mlp(act, w, b, s=s, width=args.width, depth=args.depth, seeds=seeds, q0=q_star)
        row = {"activation": act, "sigma_w": w, "sigma_b": b, "s": s, "chi1": float(theory.chi1), "q_star": q_star,
               "q_measured": statistics.fmean(m.q), "q_sd": statistics.stdev(m.q), **_summary(m.log_ratio, float(theory.chi1))}
        rows.append(row)
        print(f"{act:9s} s={s:<3} w={w:<4} b={b:<4} chi1 {row['chi1']:.5f} measured {row['chi1_measured']:.5f} "
              f"[{row['ci95'][0]:.5f}, {row['ci95'][1]:.5f}]  q* {q_star:.5f} measured {row['q_measured']:.5f}", flush=True)
    for row, p_holm in zip(rows, _holm([r["p"] for r in rows])):
        row["p_holm"] = p_holm
        row["agrees"] = p_holm > 0.05
    # Finite width: the same tanh configuration at smaller widths.
    widths = []
    theory = signal("tanh", 1.5, 0.1)
    for width in (30, 100, 300, args.width):
        m = measure_mlp("tanh", 1.5, 0.1, width=width, depth=args.depth, seeds=seeds, q0=float(theory.q_star))
        widths.append({"width": width, **_summary(m.log_ratio, float(theory.chi1))})
        print(f"tanh 1.5/0.1 width {width:5d}: measured {widths[-1]['chi1_measured']:.5f} vs {float(theory.chi1):.5f}", flush=True)
    # Finite depth: critical tanh (sigma_w = 1, sigma_b = 0) from q0 = 1; per-layer ratios.
    m_layers = []
    gen_seeds = list(seeds)[:5]
    for depth in (10, args.depth, 3 * args.depth):
        m = measure_mlp("tanh", 1.0, 0.0, width=args.width, depth=depth, seeds=gen_seeds, q0=1.0, burn=depth - 5)
        m_layers.append({"depth": depth, "chi1_measured_last5": math.exp(statistics.fmean(m.log_ratio)), "q_last": statistics.fmean(m.q)})
        print(f"critical tanh depth {depth}: last-5-layer ratio {m_layers[-1]['chi1_measured_last5']:.5f} (theory 1 at q* = 0), q {m_layers[-1]['q_last']:.4f}", flush=True)
    out = {
        "command": "OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_signal.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine(),
        "width": args.width, "depth": args.depth, "seeds": args.seeds,
        "configs": rows, "width_sweep": widths, "critical_depth": m_layers,
        "seconds": round(time.time() - start, 1),
    }
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {args.out} in {out['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
