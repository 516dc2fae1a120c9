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
# shellcheck source=../../lib.sh
source "$(dirname "$0")/../../lib.sh"
vg_setup 10
R=experiments/results
declare -A INIT=([e3-l2]="" [e3-l2-ordered]="--weight-mean 0 --sigma-w 1.5 --sigma-b 2"
                 [e3-l2-chaotic]="--init uniform --init-scale 0.5")
FOLDERS=(e3-l2 e3-l2-ordered e3-l2-chaotic)

vg_start E3 $R/e3-l2/machine.txt
for f in "${FOLDERS[@]}"; do  # the init profile (one arm: every arm starts from the same weights)
  read -r -a I <<< "${INIT[$f]}"
  mkdir -p "$R/$f/profile"
  [ -s "$R/$f/profile/l2.json" ] || "${VG[@]}" profile l2 "${T[@]}" --seeds 20 --settings adam "${I[@]}" \
      -o "$R/$f/profile/l2.json" > "$R/$f/profile/l2.txt" || { echo "profile $f failed" >&2; exit 1; }
done
for k in $SHARDS; do
  for f in "${FOLDERS[@]}"; do
    read -r -a I <<< "${INIT[$f]}"
    vg_shard "$f" "$k" experiment l2 "${A[@]}" "${I[@]}" --out "$R/$f"
  done
done
for f in "${FOLDERS[@]}"; do
  "${VG[@]}" figures "$R/$f" --partial -o "$R/$f/report" || exit 1
done
echo "=== E3 chain done $(date -u +%FT%TZ)"
