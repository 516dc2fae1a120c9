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
#   VG_GROUP   setting (default: one command per setting, each under VG_LIMIT), regime (one
#              command per regime) or all (one command for the four paper regimes, one for the
#              ablation): fewer Python start-ups, for small CPU runs and the smoke test
#
# Exit status: 0 only if every step succeeded (data, benchmark, every training command, figures);
# otherwise 1 after running all the steps it can (a timed-out setting: run the script again to
# resume it), or 2 when the data is missing.
# The appendix-C ablation's 'logistic' and 'logistic+L2+scaled' are the logistic regime's
# networks trained alike: they are trained once (under logistic/) and the ablation's claims read
# them from there, so the report holds each training run once.
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
GROUP="${VG_GROUP:-setting}"
FAILED=()
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
TIMEOUT=(timeout "$LIMIT")
[ "$LIMIT" = 0 ] && TIMEOUT=()
if [ "$BENCH" = 1 ]; then
  "${TIMEOUT[@]}" "${VG[@]}" bench --device "$DEVICE" --seeds 1,5,25 --steps 20 --out "$OUT_DIR/bench" \
      || FAILED+=("bench")
fi

# 2. The four experiments, one setting per command (VG_GROUP=regime: one regime per command).
run() {
  local regime=$1; shift
  local settings
  settings=$(IFS=,; echo "$*")
  "${TIMEOUT[@]}" "${VG[@]}" experiment "$regime" --settings "$settings" --seeds "$SEEDS" \
      --device "$DEVICE" "${EXTRA[@]}" --out "$OUT_DIR" 2>&1 | tee -a "$OUT_DIR/train.log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 124 ]; then
    echo "[$regime/$settings] hit the ${LIMIT}s limit; run this script again to resume" >&2
  fi
  [ "$rc" -eq 0 ] || FAILED+=("$regime/$settings (exit $rc)")
  pack
}
regime() {  # regime name, then its settings
  local name=$1; shift
  if [ "$GROUP" != setting ]; then
    run "$name" "$@"
  else
    local s
    for s in "$@"; do run "$name" "$s"; done
  fi
}
pack() {
  if [ -n "${OUT:-}" ]; then
    tar -czf "$OUT/gpu-results.tgz" --exclude='.checkpoints' -C "$(dirname "$OUT_DIR")" "$(basename "$OUT_DIR")"
  fi
}
if [ "$GROUP" = all ]; then
  run all                                            # every setting of the four paper regimes
else
  regime large tanh tanh+L2
  regime many tanh scaled-tanh
  regime combined tanh tanh+L2+scaled relu relu+L2
  regime logistic logistic logistic+L2+scaled        # relu: the combined regime's
fi
# logistic and logistic+L2+scaled of the ablation: the logistic regime's (trained alike, read from there)
regime ablation logistic+scaled logistic+L2 centered_sigmoid centered_sigmoid+L2+scaled

# 3. Figures 1-3 + appendix C analog, runtime table (appendix B) and claims table.
if "${VG[@]}" figures "$OUT_DIR" -o "$OUT_DIR/report"; then
  cat "$OUT_DIR/report/claims.md" "$OUT_DIR/report/runtime.md"
else
  FAILED+=("figures")
fi
pack
if [ "${#FAILED[@]}" -gt 0 ]; then
  printf 'replicate.sh: %d step(s) failed: %s\n' "${#FAILED[@]}" "$(IFS=';'; echo "${FAILED[*]}")" >&2
  exit 1
fi
echo "replicate.sh: every step succeeded; report in $OUT_DIR/report"
