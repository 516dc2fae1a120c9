"""The session-6 experiments on one GPU, in one Python process (data loaded once), in priority
order under a wall-clock budget: the E1 and E2 shards not yet complete, E3 (three folders), E4,
then E5 (E1, then E3).  Every job is resumable: a finished result is skipped, an interrupted one
resumes after its last finished epoch (checkpoints in <folder>/<regime>/.checkpoints/).

E1 and E2 were started on CPU as 10 shards (shard k = seeds k-1, k+9); their missing shards run
here as the same shards, with --no-tf32 semantics (full fp32), so they merge with the CPU ones.
E3, E4 and E5 run unsharded (20 stacked seeds per setting, one file per setting), unless the
folder already holds CPU shard files for that regime (then the job is skipped: finish it on CPU).

    python experiments/gpu/run_s6.py [--results experiments/results] [--budget-s 540] ...

(experiments/gpu/run_s6.sh wraps it: data, machine record, packing the results into $OUT.)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

E1_INIT = {"init": "normal", "sigma_w": 1.5, "sigma_b": 2.0, "scales": (1.0, 2.0, 4.0)}
E2C_INIT = {"init": "normal", "sigma_w": 1.5, "sigma_b": 0.1, "scales": (1.0, 2.0, 4.0)}
E2M_INIT = {"init": "normal", "weight_mean": 3.0, "sigma_w": 0.5, "sigma_b": 0.0,
            "scales": (1.0, 2.0, 4.0)}
E3_ORDERED = {"weight_mean": 0.0, "sigma_w": 1.5, "sigma_b": 2.0}
E3_CHAOTIC = {"init": "uniform", "init_scale": 0.5}
E5_E3 = {"weight_decay": 0.173469, "sgd_lam": 0.003571}  # e5-time-scale/preregister.py


@dataclass(frozen=True)
class Job:
    """One training command: regime, results folder, hyperparameter overrides, shard."""

    label: str
    regime: str
    folder: str
    epochs: int
    over: dict = field(default_factory=dict)
    shard: Optional[tuple[int, int]] = None
    eval_batch_size: int = 1000

    @property
    def key(self) -> str:
        return self.label.lower().replace(" ", "-")


def jobs() -> list[Job]:
    """Every job, in the order they run (the most informative first)."""
    out = [Job(f"E1 shard {k}/10", "scaling", "e1-scaling", 10, E1_INIT, (k, 10), 100)
           for k in range(1, 11)]
    for k in range(1, 11):
        out += [Job(f"E2 chaotic shard {k}/10", "scaling", "e2-chaotic", 10, E2C_INIT, (k, 10), 100),
                Job(f"E2 coherent shard {k}/10", "scaling", "e2-coherent", 10, E2M_INIT, (k, 10), 100)]
    out += [Job("E3 coherent", "l2", "e3-l2", 10),
            Job("E3 ordered control", "l2", "e3-l2-ordered", 10, E3_ORDERED),
            Job("E3 chaotic control", "l2", "e3-l2-chaotic", 10, E3_CHAOTIC),
            Job("E4", "relu", "e4-relu", 10)]
    out += [Job("E5/E1", "scaling", "e5-time-scale/e1", 98, E1_INIT),
            Job("E5/E3", "l2", "e5-time-scale/e3", 98, E5_E3)]
    return out


def _cpu_shards(folder: Path, regime: str) -> bool:
    return any((folder / regime).glob("*.shard-*.json"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", default="experiments/results")
    ap.add_argument("--data", help="CIFAR-10 location (default: VGTHEORY_DATA / the usual places)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--width", type=int, default=8)
    ap.add_argument("--train-subset", type=int, default=5000)
    ap.add_argument("--test-subset", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, help="override (tiny smoke tests only)")
    ap.add_argument("--max-epochs", type=int, help="cap every job's epochs (tiny smoke tests only)")
    ap.add_argument("--budget-s", type=float, default=540.0,
                    help="start no job after this many seconds (a started job finishes)")
    ap.add_argument("--only", help="comma-separated prefixes of job keys: the label in lower case "
                    "with '-' for spaces (e1-shard-5/10, e2-chaotic-shard-1/10, e3-coherent, "
                    "e3-ordered-control, e3-chaotic-control, e4, e5/e1, e5/e3)")
    ap.add_argument("--tf32", action="store_true", help="allow TF32 (default: full fp32)")
    a = ap.parse_args(argv)

    import torch

    from vgtheory.empirical.data import load_cifar10
    from vgtheory.empirical.ensemble import autoselect_device
    from vgtheory.empirical.regimes import build_regime
    from vgtheory.empirical.runner import ConfigMismatch, run_regime
    from vgtheory.empirical.shards import Shard
    from vgtheory.empirical.tensordata import to_device

    device = autoselect_device(a.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = a.tf32
        torch.backends.cudnn.allow_tf32 = a.tf32
        torch.backends.cudnn.benchmark = True
    t0 = time.perf_counter()
    arrays = load_cifar10(a.data)
    data = to_device(arrays, device, a.train_subset, a.test_subset)
    seeds = list(range(a.seeds))
    only = [p.strip().lower() for p in a.only.split(",")] if a.only else None
    summary = []
    for job in jobs():
        if only and not any(job.key.startswith(p) for p in only):
            continue
        folder = Path(a.results) / job.folder
        elapsed = time.perf_counter() - t0
        if elapsed > a.budget_s:
            summary.append({"job": job.label, "status": "not started (budget)"})
            continue
        if job.shard is None and _cpu_shards(folder, job.regime):
            summary.append({"job": job.label, "status": "skipped: CPU shards present, finish on CPU"})
            continue
        over = {"width": a.width, "epochs": min(job.epochs, a.max_epochs or job.epochs), **job.over}
        if a.batch_size:
            over["batch_size"] = a.batch_size
        regime = build_regime(job.regime, over)
        shard = Shard(*job.shard) if job.shard else None
        print(f"=== {job.label} ({folder}) at {elapsed:.0f}s", file=sys.stderr, flush=True)
        s0 = time.perf_counter()
        try:
            run_regime(regime, data, seeds, folder, device, shard=shard,
                       eval_batch_size=job.eval_batch_size)
        except ConfigMismatch as exc:  # a result from other code or data: leave it, go on
            summary.append({"job": job.label, "status": f"failed: {exc}"})
            continue
        summary.append({"job": job.label, "status": "done", "seconds": time.perf_counter() - s0})
    print(json.dumps({"device": str(device), "total_s": time.perf_counter() - t0, "jobs": summary},
                     indent=1))
    return 1 if any(j["status"].startswith("failed") for j in summary) else 0


if __name__ == "__main__":
    sys.exit(main())
