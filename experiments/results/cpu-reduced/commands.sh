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
A=(--seeds 5 --device cpu --width 16 --train-subset 5000 --test-subset 2000 --threads 2 --out "$OUT")
"${VG[@]}" experiment large "${A[@]}"
"${VG[@]}" experiment many "${A[@]}"
"${VG[@]}" experiment combined "${A[@]}" --epochs 5
"${VG[@]}" experiment logistic "${A[@]}" --epochs 5
"${VG[@]}" figures "$OUT" -o "$OUT/report"
