"""Per-network-step training time of the networks E1-E5 train, on this machine, one thread.

A tiny timing run (about half a CPU-minute): for the many-layers net (Table 2: E1, E2, E3) and the
combined regime's net (Table 3: E4), width 8, 10 stacked seeds, batch 128, synthetic 32x32 images,
one warm-up step and then 5 timed steps of each.  Prints wall and process-CPU seconds per
network-step and the load average, as JSON.  Run from the repository root:

    OMP_NUM_THREADS=1 python experiments/results/e5-time-scale/timing.py > experiments/results/e5-time-scale/timing.json
"""

import json
import os
import time

import torch

from vgtheory.empirical.data import synthetic_arrays
from vgtheory.empirical.ensemble import StackedEnsemble
from vgtheory.empirical.regimes import build_regime
from vgtheory.empirical.tensordata import stacked_batches, to_device

torch.set_num_threads(1)
SEEDS, STEPS, BATCH = list(range(10)), 5, 128
data = to_device(synthetic_arrays((STEPS + 1) * BATCH, 16, image_size=32, seed=0), "cpu")
out = {"load_before": open("/proc/loadavg").read().split()[:3], "cores": os.cpu_count(),
       "threads": torch.get_num_threads(), "seeds": len(SEEDS), "batch": BATCH, "steps": STEPS}
for regime, setting in (("l2", "adam+L2"), ("l2", "sgd+L2"), ("relu", "tanh+L2+scaled")):
    s = build_regime(regime, {"width": 8}).setting(setting)
    ens = StackedEnsemble(s.model, SEEDS, s.lam, s.lr or 1e-3, "cpu", optimizer=s.optimizer)
    batches = iter(stacked_batches(data, SEEDS, 1, BATCH))
    ens.train_step(*next(batches))  # warm-up
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(STEPS):
        ens.train_step(*next(batches))
    w1, c1 = time.perf_counter(), time.process_time()
    n = STEPS * len(SEEDS)
    out[f"{regime}/{setting}"] = {"wall_s_per_network_step": (w1 - w0) / n,
                                  "cpu_s_per_network_step": (c1 - c0) / n}
out["load_after"] = open("/proc/loadavg").read().split()[:3]
print(json.dumps(out, indent=1))
