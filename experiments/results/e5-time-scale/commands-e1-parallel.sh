#!/usr/bin/env bash
# E5/E1 shards only (the E1 loop of experiments/results/e5-time-scale/commands.sh, same arguments),
# so that shards can run in parallel chains on separate cores: VG_SHARDS="k ..." VG_WAIT=pid.
# Session 13 (2-core dev machine): shard 8 finished in the chain of commands.sh (its bash parent stopped,
# the python process kept on); shard 9 ran in a second chain, shard 10 after shard 8 in a third, each with
# its own log (train-log-shard9.txt, train-log-shard10.txt), from the same frozen code (VG_CODE, 4744223):
#   VG_ROOT=$PWD VG_CODE=$K VG_SHARDS="9" nohup setsid bash /tmp/e5-e1-shards.sh >> $E5/train-log-shard9.txt 2>&1 &
#   VG_ROOT=$PWD VG_CODE=$K VG_SHARDS="8 10" VG_WAIT=<pid of shard 8> nohup setsid bash /tmp/e5-e1-shards.sh \
#       >> $E5/train-log-shard10.txt 2>&1 &
# (/tmp/e5-e1-shards.sh: a copy of this file outside the checkout; K=/tmp/vg-e5-code, E5 as below).
source "$VG_CODE/experiments/lib.sh"
vg_setup 98
E5=experiments/results/e5-time-scale
if [ -n "${VG_WAIT:-}" ]; then while kill -0 "$VG_WAIT" 2>/dev/null; do sleep 20; done; fi
echo "=== E5/E1 parallel chain (shards $SHARDS) start $(date -u +%FT%TZ) load: $(vg_load)"
for k in $SHARDS; do
  vg_shard E5/E1 "$k" experiment scaling "${A[@]}" --init normal --sigma-w 1.5 --sigma-b 2 \
      --scales 1,2,4 --out $E5/e1
done
echo "=== E5/E1 parallel chain (shards $SHARDS) done $(date -u +%FT%TZ)"
