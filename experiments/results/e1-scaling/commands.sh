#!/usr/bin/env bash
# E1 (scaling in the saturated ordered phase) and, after it, the E2 controls, as ONE background
# chain on one CPU core of the 2-core dev machine (no GPU).  Launched from the repository root with
#
#   C=COMMIT; K=/tmp/vg-e1-code; rm -rf $K && mkdir $K && git archive $C | tar -x -C $K && echo $C > $K/.commit
#   VG_ROOT=$PWD VG_CODE=$K nohup setsid bash $K/experiments/results/e1-scaling/commands.sh \
#       >> experiments/results/e1-scaling/train-log.txt 2>&1 < /dev/null &
#
# with COMMIT the commit that launched it (experiments/results/e1-scaling/README.md names it):
# the code (and this script) run from a frozen copy of that commit outside the checkout, so that
# editing the checkout cannot change a running or resumed shard (a resumed shard must have the same
# configuration); results are written into the checkout (VG_ROOT).
# Resumable: run the same two lines again (re-creating the copy from the same commit is harmless).  Finished profiles and finished shards are skipped; an
# interrupted shard resumes after its last finished epoch (checkpoint in <out>/scaling/.checkpoints/).
# The claims were pre-registered before this ran (preregister.py -> preregistration.json, committed
# first).  Training: the Table-2 network at width 8, N(0, 1.5^2/fan_in) weights, N(0, 2^2) biases,
# s = 1, 2, 4; 20 seeds (0..19) per setting; 5,000 training / 2,000 test images; 10 epochs =
# 400 Adam steps (lr 1e-3, batch 128) = 1.02 paper epochs (391 steps).  The (setting, seed) pairs
# are split into 10 shards run one after the other, so every finished shard adds 2 seeds to every
# setting (shard k holds seeds k-1 and k+9).
set -uo pipefail
ROOT="${VG_ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}"
CODE="${VG_CODE:-$ROOT}"
cd "$ROOT" || exit 1
export PYTHONPATH="$CODE" OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
VG=(python -m vgtheory)
T=(--device cpu --threads 1 --width 8 --data "$DATA")
A=("${T[@]}" --seeds 20 --epochs 10 --train-subset 5000 --test-subset 2000 --eval-batch-size 100)
E1=experiments/results/e1-scaling
E2C=experiments/results/e2-chaotic
E2M=experiments/results/e2-coherent
E2C_ARGS=(--sigma-b 0.1)
E2M_ARGS=(--weight-mean 3 --sigma-w 0.5 --sigma-b 0)
S_STAR=4.64   # critical_scale('tanh', 1.5, 2.0) = 4.6357 (preregister.py): chi1 of sigma_s = 1.0002

echo "=== chain start $(date -u +%FT%TZ) on $(hostname), load: $(cut -d' ' -f1-3 /proc/loadavg)"
python - > "$E1/machine.txt" 2>&1 <<'PY'
import os, platform, torch, numpy
print("python", platform.python_version(), "torch", torch.__version__, "numpy", numpy.__version__)
print("cpu", platform.machine(), os.cpu_count(), "cores; no GPU; torch threads 1 (OMP_NUM_THREADS=1)")
print("code:", os.environ.get("PYTHONPATH"), "commit", open(os.path.join(os.environ["PYTHONPATH"], ".commit")).read().strip() if os.path.exists(os.path.join(os.environ["PYTHONPATH"], ".commit")) else "(checkout)")
print("load average at launch:", open("/proc/loadavg").read().split()[:3], "(2 cores shared with other jobs)")
PY

profile() {  # $1 out dir, rest: extra args
  local out=$1; shift
  mkdir -p "$out/profile"
  [ -s "$out/profile/scaling.json" ] && return 0
  "${VG[@]}" profile scaling "${T[@]}" --seeds 20 -o "$out/profile/scaling.json" "$@" \
      > "$out/profile/scaling.txt" || { echo "profile for $out failed" >&2; return 1; }
}
# 1. Profiles at initialisation (cheap): E1 at s = 1, 2, 4 and the package's s*; the E2 controls.
profile "$E1" --init normal --sigma-w 1.5 --sigma-b 2 --scales "1,2,4,$S_STAR" || exit 1
profile "$E2C" --init normal --sigma-w 1.5 "${E2C_ARGS[@]}" --scales 1,2,4 || exit 1
profile "$E2M" --init normal "${E2M_ARGS[@]}" --scales 1,2,4 || exit 1

# 2. E1 training, shard by shard.
for k in 1 2 3 4 5 6 7 8 9 10; do
  echo "=== E1 shard $k/10 $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  "${VG[@]}" experiment scaling "${A[@]}" --init normal --sigma-w 1.5 --sigma-b 2 --scales 1,2,4 \
      --out "$E1" --shard "$k/10" || { echo "E1 shard $k failed" >&2; exit 1; }
done
"${VG[@]}" figures "$E1" -o "$E1/report" || exit 1

# 3. E2 controls (if time permits), the same way.
for k in 1 2 3 4 5 6 7 8 9 10; do
  echo "=== E2 chaotic shard $k/10 $(date -u +%FT%TZ)"
  "${VG[@]}" experiment scaling "${A[@]}" --init normal --sigma-w 1.5 "${E2C_ARGS[@]}" --scales 1,2,4 \
      --out "$E2C" --shard "$k/10" || exit 1
done
for k in 1 2 3 4 5 6 7 8 9 10; do
  echo "=== E2 coherent shard $k/10 $(date -u +%FT%TZ)"
  "${VG[@]}" experiment scaling "${A[@]}" --init normal "${E2M_ARGS[@]}" --scales 1,2,4 \
      --out "$E2M" --shard "$k/10" || exit 1
done
echo "=== chain done $(date -u +%FT%TZ)"
