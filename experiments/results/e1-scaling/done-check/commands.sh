#!/usr/bin/env bash
# Issue 15's done-check: per-layer measured vs mean-field predicted gradient ratios at
# initialisation in the many-layers net (paper width 32, synthetic images, 25 seeds) at
# N(0, 1.5^2/fan_in) weights, N(0, 2^2) biases, s = 4 (the regime's 'scaled-tanh'; 'tanh' is s = 1),
# and s = 2 for the trend.  Run from the repository root; 2-core CPU dev machine, one thread.
set -euo pipefail
D=experiments/results/e1-scaling/done-check
export OMP_NUM_THREADS=1
python -m vgtheory profile many --init normal --sigma-w 1.5 --sigma-b 2 --scale 4 --synthetic --json \
    --threads 1 > "$D/many-s4.json"
python -m vgtheory profile many --init normal --sigma-w 1.5 --sigma-b 2 --scale 2 --synthetic --json \
    --threads 1 > "$D/many-s2.json"
python "$D/summarize.py" > "$D/summary.md"
