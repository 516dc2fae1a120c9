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
# shellcheck source=../../lib.sh
source "$(dirname "$0")/../../lib.sh"
vg_setup 10
E4=experiments/results/e4-relu

vg_start E4 $E4/machine.txt
mkdir -p $E4/profile
[ -s $E4/profile/relu.json ] || "${VG[@]}" profile relu "${T[@]}" --seeds 20 -o $E4/profile/relu.json \
    > $E4/profile/relu.txt || { echo "profile failed" >&2; exit 1; }
for k in $SHARDS; do
  vg_shard E4 "$k" experiment relu "${A[@]}" --out $E4
done
"${VG[@]}" figures $E4 --partial -o $E4/report || exit 1
echo "=== E4 chain done $(date -u +%FT%TZ)"
