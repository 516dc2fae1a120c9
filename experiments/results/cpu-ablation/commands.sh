#!/usr/bin/env bash
# Appendix C ablation on the 2-core CPU dev machine (no GPU): logistic with L2 x scaling (2x2) and
# the centred logistic sigma - 1/2 (plain, and with L2 + scaling), 10 seeds, width 8, 5,000
# training / 1,000 test images, 5 epochs (200 Adam steps), lambda 1e-3, s 2, U(-0.5, 0.5): the
# defaults under which the reduced run saw logistic + L2 + scaling stuck at chance.
# Run from the repository root.
set -euo pipefail
OUT=experiments/results/cpu-ablation
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
nice -n 10 python -m vgtheory.empirical experiment ablation --seeds 10 --device cpu --threads 1 \
  --width 8 --train-subset 5000 --test-subset 1000 --epochs 5 --lam 1e-3 --scale 2 --init-scale 0.5 \
  --data "${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}" --out "$OUT"
python -m vgtheory.empirical figures "$OUT" -o "$OUT/report"
