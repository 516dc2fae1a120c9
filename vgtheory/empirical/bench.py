"""Throughput of stacked many-seed training vs a plain one-model-at-a-time loop."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional, Sequence

import torch

from vgtheory.empirical.ensemble import PlainTrainer, StackedEnsemble, synchronize
from vgtheory.empirical.models import ModelSpec
from vgtheory.empirical.runner import environment
from vgtheory.empirical.storage import write_json_atomic
from vgtheory.empirical.tensordata import DeviceData, stacked_batches


@dataclass(frozen=True)
class BenchPoint:
    """Timings for one ensemble size."""

    seeds: int
    steps: int
    batch_size: int
    stacked_s: float
    loop_s: float
    stacked_images_per_s: float
    loop_images_per_s: float
    speedup: float
    max_param_diff_seed0: float

    def to_dict(self) -> dict:
        return asdict(self)


def _timed(fn, device: torch.device) -> float:
    synchronize(device)
    t0 = time.perf_counter()
    fn()
    synchronize(device)
    return time.perf_counter() - t0


def bench_point(spec: ModelSpec, data: DeviceData, n_seeds: int, steps: int, batch_size: int,
                lam: float, lr: float, device: torch.device, warmup: int = 2) -> BenchPoint:
    """Time ``steps`` training steps of ``n_seeds`` networks, stacked and one after another.

    Both see identical minibatches (each seed its own order), pre-gathered on the device, so
    only the training step is timed.  ``warmup`` untimed steps precede each measurement.
    """
    seeds = list(range(n_seeds))
    batches = []
    for x, y in stacked_batches(data, seeds, 1, batch_size):
        batches.append((x, y))
        if len(batches) == warmup + steps:
            break
    if len(batches) < warmup + steps:
        raise ValueError(f"need {warmup + steps} batches of {batch_size}; data has {data.n_train} images")

    ensemble = StackedEnsemble(spec, seeds, lam, lr, device)
    for x, y in batches[:warmup]:
        ensemble.train_step(x, y)

    def run_stacked() -> None:
        for x, y in batches[warmup:]:
            ensemble.train_step(x, y)

    stacked_s = _timed(run_stacked, device)

    trainers = [PlainTrainer(spec, s, lam, lr, device) for s in seeds]
    for i, t in enumerate(trainers):
        for x, y in batches[:warmup]:
            t.train_step(x[i], y[i])

    def run_loop() -> None:
        for i, t in enumerate(trainers):
            for x, y in batches[warmup:]:
                t.train_step(x[i], y[i])

    loop_s = _timed(run_loop, device)
    ref = dict(trainers[0].model.named_parameters())
    diff = max(float((ref[k].detach() - v).abs().max()) for k, v in ensemble.seed_parameters(0).items())
    images = n_seeds * steps * batch_size
    return BenchPoint(n_seeds, steps, batch_size, stacked_s, loop_s, images / stacked_s,
                      images / loop_s, loop_s / stacked_s, diff)


def run_benchmark(spec: ModelSpec, data: DeviceData, seed_counts: Sequence[int], steps: int,
                  batch_size: int, lam: float, lr: float, device: torch.device,
                  out_dir: Optional[Path] = None, log=None) -> dict:
    """Benchmark every ensemble size in ``seed_counts``; write ``bench.json``/``bench.png``."""
    points = []
    for n in seed_counts:
        p = bench_point(spec, data, n, steps, batch_size, lam, lr, device)
        points.append(p)
        if log is not None:
            print(f"[bench] seeds {n}: stacked {p.stacked_images_per_s:.0f} img/s, loop "
                  f"{p.loop_images_per_s:.0f} img/s, speedup {p.speedup:.2f}x "
                  f"(seed-0 max |param diff| {p.max_param_diff_seed0:.1e})", file=log, flush=True)
    result = {"spec": spec.to_dict(), "lam": lam, "lr": lr, "data": data.to_dict(),
              "meta": environment(device), "points": [p.to_dict() for p in points]}
    if out_dir is not None:
        out_dir = Path(out_dir)
        write_json_atomic(out_dir / "bench.json", result)
        plot_benchmark(result, out_dir / "bench.png")
    return result


def plot_benchmark(result: dict, path: Path) -> Path:
    """Throughput (networks x images per second) vs number of seeds, stacked vs loop."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = result["points"]
    n = [p["seeds"] for p in pts]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(n, [p["stacked_images_per_s"] for p in pts], "o-", label="stacked (vmap)")
    ax.plot(n, [p["loop_images_per_s"] for p in pts], "s--", label="plain loop")
    for p in pts:
        ax.annotate(f"{p['speedup']:.1f}x", (p["seeds"], p["stacked_images_per_s"]),
                    textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("seeds trained together")
    ax.set_ylabel("training images x networks per second")
    ax.set_title(f"stacked vs loop on {result['meta']['device_name']}", fontsize=9)
    ax.legend()
    ax.grid(alpha=0.3)
    from vgtheory.empirical.figures import save_figure

    return save_figure(fig, path)
