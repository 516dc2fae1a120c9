#!/usr/bin/env bash
# E5 (time scale: ~ten paper epochs) on CPU: E1's scaling regime and E3's coherent family at
# 98 epochs = 3,920 steps, 10 shards each.  Not yet launched, and not meant for the 2-core dev
# machine: 2.7e5 (E1) + 3.9e5 (E3) network-steps = ~19 + ~32 CPU-hours at 0.29 CPU-s each
# (README); run it on a GPU (experiments/gpu/run_s6.sh) or on many cores (VG_SHARDS="k" per
# job: every shard is independent).  Launch like E1 (frozen code at the commit C):
#
#   C=$(git rev-parse HEAD); K=/tmp/vg-e5-code
#   rm -rf $K && mkdir $K && git archive $C | tar -x -C $K && echo $C > $K/.commit
#   VG_ROOT=$PWD VG_CODE=$K nohup setsid bash $K/experiments/results/e5-time-scale/commands.sh \
#       >> experiments/results/e5-time-scale/train-log.txt 2>&1 < /dev/null &
#
# Resumable: the same lines again skip finished shards and resume an interrupted one.
set -uo pipefail
ROOT="${VG_ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}"
CODE="${VG_CODE:-$ROOT}"
cd "$ROOT" || exit 1
export PYTHONPATH="$CODE" OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
SHARDS="${VG_SHARDS:-1 2 3 4 5 6 7 8 9 10}"
VG=(python -P -m vgtheory)  # -P: the frozen copy in PYTHONPATH, not the working directory, is what runs
A=(--device cpu --threads 1 --width 8 --data "$DATA" --seeds 20 --epochs 98 --train-subset 5000
   --test-subset 2000 --eval-batch-size 100)
E5=experiments/results/e5-time-scale
# AdamW decay and SGD lambda rescaled by 400/3920 (preregister.py: the same pull on mu per run).
E3_ARGS=(--weight-decay 0.173469 --sgd-lam 0.003571)

echo "=== E5 chain start $(date -u +%FT%TZ) on $(hostname), load: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in $SHARDS; do
  echo "=== E5/E1 shard $k/10 $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${VG[@]}" experiment scaling "${A[@]}" --init normal --sigma-w 1.5 --sigma-b 2 --scales 1,2,4 \
      --out $E5/e1 --shard "$k/10" || { echo "E5/E1 shard $k failed" >&2; exit 1; }
done
for k in $SHARDS; do
  echo "=== E5/E3 shard $k/10 $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${VG[@]}" experiment l2 "${A[@]}" "${E3_ARGS[@]}" --out $E5/e3 --shard "$k/10" \
      || { echo "E5/E3 shard $k failed" >&2; exit 1; }
done
for d in e1 e3; do "${VG[@]}" figures $E5/$d --partial -o $E5/$d/report || exit 1; done
echo "=== E5 chain done $(date -u +%FT%TZ)"
