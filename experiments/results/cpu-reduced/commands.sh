#!/usr/bin/env bash
# The reduced CPU replication (NOT the GPU replication): 5 seeds, width 16, 5,000 training and
# 2,000 test images, on a 2-core CPU.  large and many at their default epochs (20, 10); combined
# and logistic (appendix C) cut to 5 epochs to fit the session's time.  Run from the repository
# root.
# (Started as `VG_DEVICE=cpu VG_SEEDS=5 VG_BENCH=0 VG_LIMIT=0 VG_ARGS="--width 16 --train-subset
# 5000 --test-subset 2000 --threads 2" experiments/replicate.sh experiments/results/cpu-reduced`,
# stopped during large/tanh and continued, resuming from its checkpoint, with the commands below.)
set -euo pipefail
OUT=experiments/results/cpu-reduced
VG=(nice -n 19 python -m vgtheory.empirical)
# lambda 1e-3 and the many-layers std 0.1 were the defaults when this ran (commit 2c7e0e8); the
# defaults have since been recalibrated (experiments/results/calibration/), so they are explicit here.
A=(--seeds 5 --device cpu --width 16 --train-subset 5000 --test-subset 2000 --threads 2 --out "$OUT" --lam 1e-3)
"${VG[@]}" experiment large "${A[@]}"
"${VG[@]}" experiment many "${A[@]}" --init-scale 0.1
"${VG[@]}" experiment combined "${A[@]}" --epochs 5
"${VG[@]}" experiment logistic "${A[@]}" --epochs 5  # its relu settings were later removed as duplicates
"${VG[@]}" figures "$OUT" -o "$OUT/report"
