#!/usr/bin/env bash
# Many-layers regime (Figure 2) at the calibrated default std 0.02 on the 2-core CPU dev machine
# (no GPU): 10 seeds, width 8, 2,560 training / 1,000 test images (20 Adam steps per epoch),
# 4 epochs.  Run from the repository root.
set -euo pipefail
OUT=experiments/results/cpu-many
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
nice -n 10 python -m vgtheory experiment many --seeds 10 --device cpu --threads 1 \
  --width 8 --train-subset 2560 --test-subset 1000 --epochs 4 --init-scale 0.02 --scale 2 \
  --data "${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}" --out "$OUT"
nice -n 10 python -m vgtheory profile many --seeds 10 --width 8 --init-scale 0.02 --batch-size 32 \
  --threads 1 --data "${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}" -o "$OUT/profile-init.json"
python -m vgtheory figures "$OUT" -o "$OUT/report"
