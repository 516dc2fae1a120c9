#!/usr/bin/env bash
# Session 6 chain (one CPU core of the 2-core dev machine, no GPU): the E2 controls first, to the
# 10 seeds a verdict needs (shards 1-5 of 10 = seeds 0-4 and 10-14), then E1's missing shards 5-8,
# then the rest of E2.  The same arguments as e1-scaling/commands.sh; finished shards are skipped,
# interrupted ones resume.  Code: commit 7e6397c, the checkout in which shards 1-5 of E2-chaotic ran
# (python -m puts the working directory ahead of PYTHONPATH on sys.path, so until 05:59 UTC the
# checkout's code ran, not the frozen copy named here before; since then `python -P` runs the
# frozen copy of 7e6397c in /tmp/vg-code-7e6397c:
#   K=/tmp/vg-code-7e6397c; mkdir $K && git archive 7e6397c | tar -x -C $K).
# Launched from the repository root with
#   VG_ROOT=$PWD nohup setsid bash experiments/results/e2-chaotic/chain-s6.sh \
#       >> experiments/results/e2-chaotic/train-log.txt 2>&1 < /dev/null &
set -uo pipefail
ROOT="${VG_ROOT:-$PWD}"; cd "$ROOT" || exit 1
export PYTHONPATH=/tmp/vg-code-7e6397c OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
A=(--device cpu --threads 1 --width 8 --data "$DATA" --seeds 20 --epochs 10 --train-subset 5000 --test-subset 2000 --eval-batch-size 100 --init normal --scales 1,2,4)
run() {  # $1 name, $2 out, $3 shard, rest: init args
  local name=$1 out=$2 k=$3; shift 3
  echo "=== $name shard $k/10 $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  python -P -m vgtheory experiment scaling "${A[@]}" "$@" --out "$out" --shard "$k/10" || echo "!!! $name shard $k failed"
}
# E2-chaotic (the control beside E1: same sigma_w, only sigma_b differs) to 10 seeds first, then
# E2-coherent to 10, then E1's missing shards, then both controls to 20.  (Reordered 03:37 UTC: the
# first launch interleaved the two controls; the load of 5 helpers made a shard take ~27 min.)
for k in 1 2 3 4 5; do run E2-chaotic experiments/results/e2-chaotic $k --sigma-w 1.5 --sigma-b 0.1; done
for k in 1 2 3 4 5; do run E2-coherent experiments/results/e2-coherent $k --weight-mean 3 --sigma-w 0.5 --sigma-b 0; done
for k in 5 6 7 8; do run E1 experiments/results/e1-scaling $k --sigma-w 1.5 --sigma-b 2; done
for k in 6 7 8 9 10; do
  run E2-chaotic experiments/results/e2-chaotic $k --sigma-w 1.5 --sigma-b 0.1
  run E2-coherent experiments/results/e2-coherent $k --weight-mean 3 --sigma-w 0.5 --sigma-b 0
done
echo "=== chain done $(date -u +%FT%TZ)"
