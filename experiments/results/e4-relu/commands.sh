#!/usr/bin/env bash
# E4 (relu fairly) as ONE background chain on one CPU core: the init profile, then 10 shards
# (shard k = seeds k-1 and k+9 of every setting).  Not yet launched.  Launch from the repository
# root, code frozen at the commit that pre-registered E4 (C):
#
#   C=$(git rev-parse HEAD); K=/tmp/vg-e4-code
#   rm -rf $K && mkdir $K && git archive $C | tar -x -C $K && echo $C > $K/.commit
#   VG_ROOT=$PWD VG_CODE=$K nohup setsid bash $K/experiments/results/e4-relu/commands.sh \
#       >> experiments/results/e4-relu/train-log.txt 2>&1 < /dev/null &
#
# Resumable: the same lines again (same C) skip finished shards and resume an interrupted one.
# Training: the combined regime's network (Table 3, width 8): tanh and tanh + L2 + scaling at the
# paper's U(-0.5, 0.5), relu at U(-0.5, 0.5) and at He; 20 seeds, 5,000 / 2,000 images,
# 10 epochs = 400 Adam steps.  Cost (README): 4 x 20 x 400 = 32,000 network-steps, ~2.1 CPU-hours.
set -uo pipefail
ROOT="${VG_ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}"
CODE="${VG_CODE:-$ROOT}"
cd "$ROOT" || exit 1
export PYTHONPATH="$CODE" OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
SHARDS="${VG_SHARDS:-1 2 3 4 5 6 7 8 9 10}"
VG=(python -P -m vgtheory)  # -P: the frozen copy in PYTHONPATH, not the working directory, is what runs
T=(--device cpu --threads 1 --width 8 --data "$DATA")
A=("${T[@]}" --seeds 20 --epochs 10 --train-subset 5000 --test-subset 2000 --eval-batch-size 100)
E4=experiments/results/e4-relu

echo "=== E4 chain start $(date -u +%FT%TZ) on $(hostname), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "code: $CODE commit $(cat "$CODE/.commit" 2>/dev/null || echo '(checkout)'); load at launch: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; no GPU; 1 thread" > $E4/machine.txt
mkdir -p $E4/profile
[ -s $E4/profile/relu.json ] || "${VG[@]}" profile relu "${T[@]}" --seeds 20 -o $E4/profile/relu.json \
    > $E4/profile/relu.txt || { echo "profile failed" >&2; exit 1; }
for k in $SHARDS; do
  echo "=== E4 shard $k/10 $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${VG[@]}" experiment relu "${A[@]}" --out $E4 --shard "$k/10" || { echo "E4 shard $k failed" >&2; exit 1; }
done
"${VG[@]}" figures $E4 --partial -o $E4/report || exit 1
echo "=== E4 chain done $(date -u +%FT%TZ)"
