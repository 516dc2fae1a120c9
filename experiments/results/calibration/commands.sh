#!/usr/bin/env bash
# Calibration sweep on the 2-core CPU dev machine (no GPU), from the repository root: profiles at
# initialisation (10 seeds, paper widths 32/64/128, probe batch of 32 CIFAR-10 training images).
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
PYTHONPATH="$PWD" nice -n 10 python experiments/results/calibration/sweep.py "${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
