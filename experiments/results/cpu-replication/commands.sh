#!/usr/bin/env bash
# The CPU replication sized for the 2-core dev machine (no GPU): all four paper regimes at their
# calibrated defaults (lambda 0.1, s 2, U(-0.5, 0.5); many-layers N(0, 0.02^2)), 20 seeds per
# setting, width 8 (filters 8/16/32), 5,000 training / 2,000 test images (39 Adam steps per
# epoch), 10 epochs.  Seeds were chosen from the 5-seed pilot's power table
# (../cpu-reduced/report/power.md: 8-31 seeds for the claims with a non-null effect); width and
# subset from a timing pilot (16 seeds of large/tanh: one epoch 30 s with 2 threads, 21 s as two
# 1-thread shards), so that the whole run fits in about an hour of this machine.
# Each regime runs as two 1-thread shards side by side; 'figures' merges them.
# Run from the repository root.
set -euo pipefail
OUT=experiments/results/cpu-replication
DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
A=(--seeds 20 --epochs 10 --device cpu --threads 1 --width 8 --train-subset 5000 --test-subset 2000
   --data "$DATA" --out "$OUT")
for regime in large combined logistic many; do
  nice -n 5 python -m vgtheory experiment "$regime" "${A[@]}" --shard 1/2 &
  nice -n 5 python -m vgtheory experiment "$regime" "${A[@]}" --shard 2/2 &
  wait
done
python -m vgtheory figures "$OUT" -o "$OUT/report"
