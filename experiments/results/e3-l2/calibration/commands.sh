#!/usr/bin/env bash
# E3's lambda calibration (issue 15: "calibrate lambda from profile --steps first"), cheap by design
# (< 5 CPU-minutes, one thread): the l2 regime's L2 arms after 60 optimizer steps on CIFAR-10
# (2 seeds, width 8), reading mu = fan_in * mean(w) per weight layer (profile's weight_mean_fan_in)
# and the data-loss gradient per layer.  Adam + coupled L2 at three lambdas (Adam divides the
# penalty's gradient by the gradient's scale, so its pull on mu has no closed form); AdamW and
# SGD + L2 at the calibrated values, whose pull on the kernels is the closed form
# w <- (1 - lr*lambda) w per step, checked here.  Run from the repository root:
#   bash experiments/results/e3-l2/calibration/commands.sh
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH="${PYTHONPATH:-$PWD}"
D=experiments/results/e3-l2/calibration
DATA="${VGTHEORY_DATA:-/work/shared/data/cifar10_jpeg.npz}"
P=(python -m vgtheory profile l2 --device cpu --threads 1 --width 8 --seeds 2 --steps 60 --data "$DATA")
echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
for lam in 0.001 0.01 0.1; do
  /usr/bin/time -f "adam+L2 lam $lam: %e s wall, %U s user" "${P[@]}" --settings adam+L2 --lam $lam \
      --json -o $D/adam-l2-lam-$lam.json > /dev/null
done
/usr/bin/time -f "adamw + sgd+L2 (and the unregularised adam, sgd): %e s wall, %U s user" "${P[@]}" \
    --settings adam,adamw,sgd,sgd+L2 --json -o $D/adamw-sgd.json > /dev/null
echo "end $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
python $D/summarise.py > $D/calibration.md
