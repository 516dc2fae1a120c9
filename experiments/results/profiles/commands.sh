#!/usr/bin/env bash
# Profiles at initialisation of every regime at the default (paper) widths, 25 seeds, probe of 32
# CIFAR-10 training images, on the 2-core CPU dev machine (no GPU, shared), one thread.
# Wall time per regime goes to times.txt.  Run from the repository root.
set -euo pipefail
OUT=experiments/results/profiles
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
: > "$OUT/times.txt"
for r in large many combined logistic ablation; do
  start=$(date +%s.%N)
  nice -n 10 python -m vgtheory profile "$r" --seeds 25 --threads 1 \
    --data "${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}" -o "$OUT/$r.json" > "$OUT/$r.txt"
  echo "$r $(echo "$(date +%s.%N) - $start" | bc) s" >> "$OUT/times.txt"
done
uptime >> "$OUT/times.txt"
