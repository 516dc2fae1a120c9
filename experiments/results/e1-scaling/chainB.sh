#!/usr/bin/env bash
# Second E1 chain (shards 10, 9, 8) on the otherwise idle core, same frozen code and arguments as commands.sh.
set -uo pipefail
cd /work/wt-empirical
export PYTHONPATH=/tmp/vg-e1-code OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
for k in 10 9 8; do
  echo "=== E1 shard $k/10 (chain B) $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  python -m vgtheory experiment scaling --device cpu --threads 1 --width 8 --data /work/shared/data/cifar10_jpeg.npz \
    --seeds 20 --epochs 10 --train-subset 5000 --test-subset 2000 --eval-batch-size 100 \
    --init normal --sigma-w 1.5 --sigma-b 2 --scales 1,2,4 --out experiments/results/e1-scaling --shard "$k/10" || exit 1
done
