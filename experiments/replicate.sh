#!/usr/bin/env bash
# The replication of the paper's section 3 and appendices B, C.  By default the full GPU run:
# 25 seeds per setting, all of CIFAR-10, the documented default hyperparameters
# (experiments/configs/*.json).
#
#   experiments/replicate.sh [OUT_DIR]
#
# Environment (all optional):
#   VG_DEVICE  cuda (default) or cpu
#   VG_SEEDS   seeds per setting (25)
#   VG_ARGS    extra arguments for every 'experiment' command, e.g. "--width 16 --train-subset 5000"
#   VG_LIMIT   seconds per command (570; 0 = no limit)
#   VG_BENCH   1 (default) runs the stacked-vs-loop benchmark first; 0 skips it
#
# OUT_DIR defaults to experiments/results/gpu, inside the checkout, so that it survives between
# device calls while the machine stays warm ($OUT is emptied before every call). When $OUT is set,
# the results (without checkpoints) are also packed into $OUT/gpu-results.tgz after every setting:
# the device returns at most 8 files, 2 folders deep, with names of letters, digits, '.', '_', '-'
# only, and the settings' file names contain '+'.
# Each training command trains one setting (25 stacked seeds) and is wrapped in a timeout below
# 10 minutes.  Re-running the script skips finished settings and resumes interrupted ones from
# their last finished epoch (checkpoints live in OUT_DIR/<regime>/.checkpoints until done).
set -uo pipefail

OUT_DIR="${1:-experiments/results/gpu}"
LIMIT="${VG_LIMIT:-570}"          # seconds per command
SEEDS="${VG_SEEDS:-25}"
DEVICE="${VG_DEVICE:-cuda}"
BENCH="${VG_BENCH:-1}"
read -r -a EXTRA <<< "${VG_ARGS:-}"
VG=(python -m vgtheory)  # the checkout's code (the 'vgtheory' console script may be another install)

if [ -z "${VGTHEORY_DATA:-}" ]; then
  for d in shared/data ../shared/data data; do
    if [ -e "$d/cifar10_jpeg.npz" ] || [ -e "$d/cifar-10-batches-py" ]; then
      export VGTHEORY_DATA="$d"; break
    fi
  done
fi
mkdir -p "$OUT_DIR"
printf '%q ' "VG_DEVICE=$DEVICE" "VG_SEEDS=$SEEDS" "VG_ARGS=${VG_ARGS:-}" "VG_LIMIT=$LIMIT" "VG_BENCH=$BENCH" \
    "$0" "$OUT_DIR" > "$OUT_DIR/command.txt"; echo >> "$OUT_DIR/command.txt"
python - <<'PY' > "$OUT_DIR/machine.txt" 2>&1
import os, platform, torch
print("python", platform.python_version(), "torch", torch.__version__)
print("cpu", platform.machine(), os.cpu_count(), "cores")
print("cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")
PY
cat "$OUT_DIR/machine.txt"

# Decode the data into the cache once (about 10 s for the JPEG archive).
"${VG[@]}" data --no-download || exit 2

# 1. Throughput: stacked ensemble vs plain loop (target >= 10x at 25 seeds).
if [ "$BENCH" = 1 ]; then
  timeout "$LIMIT" "${VG[@]}" bench --device "$DEVICE" --seeds 1,5,25 --steps 20 --out "$OUT_DIR/bench"
fi

# 2. The four experiments, one setting per command.
run() {
  local regime=$1 setting=$2
  timeout "$LIMIT" "${VG[@]}" experiment "$regime" --settings "$setting" --seeds "$SEEDS" \
      --device "$DEVICE" "${EXTRA[@]}" --out "$OUT_DIR" 2>&1 | tee -a "$OUT_DIR/train.log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 124 ]; then
    echo "[$regime/$setting] hit the ${LIMIT}s limit; run this script again to resume" >&2
  fi
  pack
}
pack() {
  if [ -n "${OUT:-}" ]; then
    tar -czf "$OUT/gpu-results.tgz" --exclude='.checkpoints' -C "$(dirname "$OUT_DIR")" "$(basename "$OUT_DIR")"
  fi
}
run large tanh
run large tanh+L2
run many tanh
run many scaled-tanh
for s in tanh tanh+L2+scaled relu relu+L2; do run combined "$s"; done
for s in logistic logistic+L2+scaled; do run logistic "$s"; done  # relu: the combined regime's
for s in logistic logistic+scaled logistic+L2 logistic+L2+scaled centered_sigmoid centered_sigmoid+L2+scaled; do
  run ablation "$s"
done

# 3. Figures 1-3 + appendix C analog, runtime table (appendix B) and claims table.
"${VG[@]}" figures "$OUT_DIR" -o "$OUT_DIR/report"
cat "$OUT_DIR/report/claims.md" "$OUT_DIR/report/runtime.md"
pack
