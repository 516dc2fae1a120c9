#!/usr/bin/env bash
# Calibration sweep on the 2-core CPU dev machine (no GPU), from the repository root: profiles at
# initialisation (10 seeds, paper widths 32/64/128, probe batch of 32 CIFAR-10 training images).
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
PYTHONPATH="$PWD" nice -n 10 python experiments/results/calibration/sweep.py "${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
# The L2 share after training starts (large regime, width 8, 3 seeds, 60 Adam steps, probe batch 64):
for lam in 0.001 0.1; do
  OMP_NUM_THREADS=1 nice -n 10 python -m vgtheory profile large --lam $lam --steps 60 --width 8 --seeds 3 --batch-size 64 --probe 64 \
    --threads 1 --data "${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}" \
    -o experiments/results/calibration/lam-$lam-after-60-steps.json
done > experiments/results/calibration/lam-check.txt
