#!/usr/bin/env bash
# E3 (L2, Theorem 1) as ONE background chain on one CPU core of the 2-core dev machine: the init
# profiles, then the coherent family and its two controls, 10 shards each (shard k = seeds k-1
# and k+9 of every setting, so every finished shard adds 2 seeds to every arm).  Not yet launched.
# Launch from the repository root, code frozen at the commit that pre-registered E3 (C):
#
#   C=$(git rev-parse HEAD); K=/tmp/vg-e3-code
#   rm -rf $K && mkdir $K && git archive $C | tar -x -C $K && echo $C > $K/.commit
#   VG_ROOT=$PWD VG_CODE=$K nohup setsid bash $K/experiments/results/e3-l2/commands.sh \
#       >> experiments/results/e3-l2/train-log.txt 2>&1 < /dev/null &
#
# Resumable: run the same lines again with the same C; finished profiles and shards are skipped,
# an interrupted shard resumes after its last finished epoch (<folder>/l2/.checkpoints/).
# Training: the many-layers network (Table 2, width 8), 5 arms (adam, adam+L2, adamw, sgd,
# sgd+L2; lambdas from calibration/), 20 seeds, 5,000 / 2,000 images, 10 epochs = 400 steps.
# Cost (README): 3 x 5 x 20 x 400 = 120,000 network-steps, ~10 CPU-hours at 0.29 CPU-s each.
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
R=experiments/results
declare -A INIT=([e3-l2]="" [e3-l2-ordered]="--weight-mean 0 --sigma-w 1.5 --sigma-b 2"
                 [e3-l2-chaotic]="--init uniform --init-scale 0.5")
FOLDERS=(e3-l2 e3-l2-ordered e3-l2-chaotic)

echo "=== E3 chain start $(date -u +%FT%TZ) on $(hostname), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "code: $CODE commit $(cat "$CODE/.commit" 2>/dev/null || echo '(checkout)')" > $R/e3-l2/machine.txt
echo "load at launch: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; no GPU; 1 thread" >> $R/e3-l2/machine.txt
for f in "${FOLDERS[@]}"; do  # the init profile (one arm: every arm starts from the same weights)
  read -r -a I <<< "${INIT[$f]}"
  mkdir -p "$R/$f/profile"
  [ -s "$R/$f/profile/l2.json" ] || "${VG[@]}" profile l2 "${T[@]}" --seeds 20 --settings adam "${I[@]}" \
      -o "$R/$f/profile/l2.json" > "$R/$f/profile/l2.txt" || { echo "profile $f failed" >&2; exit 1; }
done
for k in $SHARDS; do
  for f in "${FOLDERS[@]}"; do
    read -r -a I <<< "${INIT[$f]}"
    echo "=== $f shard $k/10 $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
    "${VG[@]}" experiment l2 "${A[@]}" "${I[@]}" --out "$R/$f" --shard "$k/10" \
        || { echo "$f shard $k failed" >&2; exit 1; }
  done
done
for f in "${FOLDERS[@]}"; do
  "${VG[@]}" figures "$R/$f" --partial -o "$R/$f/report" || exit 1
done
echo "=== E3 chain done $(date -u +%FT%TZ)"
