#!/usr/bin/env bash
# E5 (time scale: ~ten paper epochs) on CPU: E1's scaling regime and E3's coherent family at
# 98 epochs = 3,920 steps, 10 shards each.  Launched in session 9 on the 2-core dev machine (E1's
# shards first; README status), though it is sized for more: 2.7e5 (E1) + 3.9e5 (E3) network-steps = ~19 + ~32 CPU-hours at 0.29 CPU-s each
# (README); run it on a GPU (experiments/gpu/run_s6.sh) or on many cores (VG_SHARDS="k" per
# job: every shard is independent).  Launch like E1 (frozen code at the commit C):
#
#   C=$(git rev-parse HEAD); K=/tmp/vg-e5-code
#   rm -rf $K && mkdir $K && git archive $C | tar -x -C $K && echo $C > $K/.commit
#   VG_ROOT=$PWD VG_CODE=$K nohup setsid bash $K/experiments/results/e5-time-scale/commands.sh \
#       >> experiments/results/e5-time-scale/train-log.txt 2>&1 < /dev/null &
#
# Resumable: the same lines again skip finished shards and resume an interrupted one.
# shellcheck source=../../lib.sh
source "$(dirname "$0")/../../lib.sh"
vg_setup 98
E5=experiments/results/e5-time-scale
# AdamW decay and SGD lambda rescaled by 400/3920 (preregister.py: the same pull on mu per run).
E3_ARGS=(--weight-decay 0.173469 --sgd-lam 0.003571)

vg_start E5 $E5/machine.txt
for k in $SHARDS; do
  vg_shard E5/E1 "$k" experiment scaling "${A[@]}" --init normal --sigma-w 1.5 --sigma-b 2 \
      --scales 1,2,4 --out $E5/e1
done
for k in $SHARDS; do
  vg_shard E5/E3 "$k" experiment l2 "${A[@]}" "${E3_ARGS[@]}" --out $E5/e3
done
for d in e1 e3; do "${VG[@]}" figures $E5/$d --partial -o $E5/$d/report || exit 1; done
echo "=== E5 chain done $(date -u +%FT%TZ)"
