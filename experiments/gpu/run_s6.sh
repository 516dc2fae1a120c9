#!/usr/bin/env bash
# Session 6's experiments on one H100/H200 in about ten minutes: the E1 and E2 shards not yet
# complete, E3 (coherent + two controls), E4, then E5 (E1, then E3) while the budget lasts.
# Run from the repository root of a checkout that holds the committed results (finished shards
# and settings are skipped, so nothing is retrained), with CIFAR-10 in a git-ignored folder:
#
#   mkdir -p data && cp /path/to/cifar10_jpeg.npz data/      # data/ is in .gitignore
#   bash experiments/gpu/run_s6.sh                            # device: cuda
#
# Environment (optional): VG_DEVICE (cuda), VG_BUDGET (seconds after which no new job starts;
# 480), VG_LIMIT (hard limit of the whole run, 570), VG_RESULTS (experiments/results),
# VG_ARGS (extra arguments for run_s6.py, e.g. tiny sizes for the smoke test).
# When $OUT is set (the device tool), the new and updated result files (no checkpoints) are packed
# into $OUT/s6-results.tgz with the machine record and the log; unpack it at the repository root.
# Run it again to resume: a job cut by VG_LIMIT resumes after its last finished epoch.
set -uo pipefail
DEVICE="${VG_DEVICE:-cuda}"
BUDGET="${VG_BUDGET:-480}"
LIMIT="${VG_LIMIT:-570}"
RESULTS="${VG_RESULTS:-experiments/results}"
read -r -a EXTRA <<< "${VG_ARGS:-}"
LOG="$RESULTS/gpu-s6-log.txt"
export PYTHONPATH="${PYTHONPATH:-$PWD}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-4}"
if [ -z "${VGTHEORY_DATA:-}" ]; then
  for d in data shared/data ../shared/data; do
    [ -e "$d/cifar10_jpeg.npz" ] && { export VGTHEORY_DATA="$d/cifar10_jpeg.npz"; break; }
    [ -e "$d/cifar-10-batches-py" ] && { export VGTHEORY_DATA="$d"; break; }
  done
fi
mkdir -p "$RESULTS"
STAMP="$RESULTS/.gpu-s6-start"; touch "$STAMP"
python - > "$RESULTS/gpu-s6-machine.txt" 2>&1 <<'PY'
import os, platform, torch
print("python", platform.python_version(), "torch", torch.__version__)
print("cpu", platform.machine(), os.cpu_count(), "cores")
print("cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")
print("load average:", open("/proc/loadavg").read().split()[:3])
PY
cat "$RESULTS/gpu-s6-machine.txt"
echo "=== run_s6 $(date -u +%FT%TZ) device $DEVICE budget ${BUDGET}s limit ${LIMIT}s" | tee -a "$LOG"
timeout "$LIMIT" python experiments/gpu/run_s6.py --results "$RESULTS" --device "$DEVICE" \
    --budget-s "$BUDGET" "${EXTRA[@]}" 2>&1 | tee -a "$LOG"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 124 ] && echo "run_s6: hit the ${LIMIT}s limit; run again to resume" | tee -a "$LOG"
if [ -n "${OUT:-}" ]; then
  # The result files this run wrote or updated (not the checkpoints), plus the log and machine.
  (cd "$RESULTS" && find . -newer .gpu-s6-start -type f ! -path '*/.checkpoints/*' ! -name '.gpu-s6-start' -print0 \
     | tar -czf "$OUT/s6-results.tgz" --null -T -)
  echo "packed $(tar -tzf "$OUT/s6-results.tgz" | wc -l) files into $OUT/s6-results.tgz (unpack in $RESULTS)"
fi
rm -f "$STAMP"
exit "$rc"
