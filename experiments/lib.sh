# Shared preamble of the experiment chains (E3, E4 and E5 commands.sh): sourced, never run.
# Each chain runs from a frozen copy of the commit that pre-registered it (VG_CODE) and writes its
# results into the checkout (VG_ROOT), so that editing the checkout cannot change a running or a
# resumed shard; `python -P` keeps the working directory off sys.path, or the checkout's code would
# run instead of the frozen copy (the provenance error of E1 and E2, experiments/README.md).
#
# vg_setup EPOCHS       sets ROOT CODE DATA SHARDS and the arrays VG (the command), T (device and
#                       data) and A (T + seeds, EPOCHS and the 5,000 / 2,000-image subsets)
# vg_start NAME FILE    logs the chain's start and writes the code commit and load into FILE
# vg_shard NAME K ARGS  runs shard K/10 of `vgtheory ARGS`; stops the chain if it fails

vg_setup() {
  set -uo pipefail
  ROOT="${VG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
  CODE="${VG_CODE:-$ROOT}"
  cd "$ROOT" || exit 1
  export PYTHONPATH="$CODE" OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
  DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
  SHARDS="${VG_SHARDS:-1 2 3 4 5 6 7 8 9 10}"
  VG=(python -P -m vgtheory)
  T=(--device cpu --threads 1 --width 8 --data "$DATA")
  A=("${T[@]}" --seeds 20 --epochs "$1" --train-subset 5000 --test-subset 2000 --eval-batch-size 100)
}

vg_load() { cut -d' ' -f1-3 /proc/loadavg; }

vg_start() {
  echo "=== $1 chain start $(date -u +%FT%TZ) on $(hostname), load: $(vg_load)"
  echo "code: $CODE commit $(cat "$CODE/.commit" 2>/dev/null || echo '(checkout)'); load at launch:" \
       "$(vg_load); $(nproc) cores; no GPU; 1 thread" > "$2"
}

vg_shard() {
  local name=$1 k=$2; shift 2
  echo "=== $name shard $k/10 $(date -u +%FT%TZ) load: $(vg_load)"
  "${VG[@]}" "$@" --shard "$k/10" || { echo "$name shard $k failed" >&2; exit 1; }
}
