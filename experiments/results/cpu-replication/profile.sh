#!/usr/bin/env bash
# The regimes of this run measured at initialisation, at the run's own configuration (width 8,
# seeds 0..19, calibrated defaults), on 32 training images: does each regime show what it is
# meant to show (saturation, depth-wise vanishing) before its remedy is tested?  Run from the
# repository root, after commands.sh.
set -euo pipefail
OUT=experiments/results/cpu-replication/profile
DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p "$OUT"
for r in large many combined logistic; do
  python -m vgtheory profile "$r" --seeds 20 --width 8 --threads 1 --data "$DATA" \
    -o "$OUT/$r.json" > "$OUT/$r.txt"
done
