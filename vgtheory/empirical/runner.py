"""Run the settings of a regime: per-epoch records, atomic results, checkpoints, resume."""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Callable, Optional, Sequence, TextIO

import numpy as np
import torch

from vgtheory.empirical.ensemble import StackedEnsemble, TrainConfig, synchronize
from vgtheory.empirical.models import activation_layer_names, count_parameters, layer_names
from vgtheory.empirical.predictions import predict_regime, safe_prediction
from vgtheory.empirical.regimes import Regime, Setting
from vgtheory.empirical.shards import Shard
from vgtheory.empirical.storage import SCHEMA, atomic_write, write_json_atomic
from vgtheory.empirical.tensordata import DeviceData

# Per-epoch series; each entry is a list over seeds (or seeds x layers).
SERIES = ("train_loss", "train_acc", "test_loss", "test_acc", "grad_norm", "grad_norm_max",
          "grad_norm_first",
          "data_grad_norm", "grad_norm_layers", "data_grad_norm_layers", "saturation", "penalty",
          "data_grad_norm_layers_first")


def environment(device: torch.device) -> dict:
    """Versions, device and command line, recorded with every result."""
    try:
        from importlib.metadata import version

        vg_version = version("vgtheory")
    except Exception:  # not installed (e.g. run from a checkout)
        vg_version = "unknown"
    if device.type == "cuda":
        device_name = torch.cuda.get_device_name(device)
    else:
        device_name = f"{platform.processor() or platform.machine()} CPU ({os.cpu_count()} cores)"
    return {"python": platform.python_version(), "torch": torch.__version__,
            "numpy": np.__version__, "vgtheory": vg_version, "platform": platform.platform(),
            "device": str(device), "device_name": device_name,
            "torch_threads": torch.get_num_threads(),
            "tf32_matmul": bool(torch.backends.cuda.matmul.allow_tf32),
            "tf32_cudnn": bool(torch.backends.cudnn.allow_tf32),
            "command": list(sys.argv)}


def result_path(out_dir: Path, regime: Regime, setting: Setting, shard: Optional[Shard] = None) -> Path:
    suffix = f".{shard.tag()}" if shard else ""
    return Path(out_dir) / regime.name / f"{setting.name}{suffix}.json"


def checkpoint_path(out_dir: Path, regime: Regime, setting: Setting,
                    shard: Optional[Shard] = None) -> Path:
    suffix = f".{shard.tag()}" if shard else ""
    return Path(out_dir) / regime.name / ".checkpoints" / f"{setting.name}{suffix}.pt"


def run_config(regime: Regime, setting: Setting, train: TrainConfig, seeds: Sequence[int],
               data: DeviceData) -> dict:
    """Everything that determines the numbers (what a resumed run must agree with)."""
    config = {"regime": regime.name, "hyper": regime.hyper.to_dict(),
              "setting": setting.to_dict(), "train": train.to_dict(), "seeds": list(seeds),
              "data": {k: v for k, v in data.to_dict().items() if k != "source"},
              "n_parameters_per_network": count_parameters(setting.model)}
    # Round-trip through JSON so it compares equal to the copy read back from a result file.
    return json.loads(json.dumps(config))


def _format_line(tag: str, epoch: int, epochs: int, rec: dict, seconds: float) -> str:
    def ms(key: str) -> str:
        v = np.asarray(rec[key], dtype=float)
        return f"{v.mean():.3f}±{v.std():.3f}"

    sat = np.asarray(rec["saturation"], dtype=float).mean()
    grad = np.asarray(rec["grad_norm"], dtype=float).mean()
    return (f"[{tag}] epoch {epoch}/{epochs}  train_loss {ms('train_loss')}  train_acc "
            f"{ms('train_acc')}  test_acc {ms('test_acc')}  grad {grad:.3g}  sat {sat:.2f}  "
            f"{seconds:.1f}s")


class ConfigMismatch(ValueError):
    """A checkpoint or result on disk was produced with a different configuration."""


def run_setting(regime: Regime, setting: Setting, data: DeviceData, seeds: Sequence[int],
                out_dir: Path, device: torch.device, *, restart: bool = False,
                keep_checkpoint: bool = False, log: Optional[TextIO] = None,
                on_epoch_end: Optional[Callable[[int], None]] = None,
                eval_batch_size: int = 1000, shard: Optional[Shard] = None,
                all_seeds: Optional[Sequence[int]] = None,
                prediction: Optional[dict] = None) -> dict:
    """Train all ``seeds`` of ``setting`` together; returns (and writes) the result record.

    After every epoch the checkpoint (parameters, Adam state, RNG state, history) and the
    partial result JSON are replaced atomically, so an interrupted run loses at most the
    epoch in progress; calling again with the same arguments resumes from the checkpoint.
    A finished result with the same configuration is returned without retraining.
    The record carries the init (``init``) and the theory's prediction for the setting at
    initialisation (``prediction``, :mod:`.predictions`), computed before the first step.
    """
    log = log if log is not None else sys.stderr
    h = regime.hyper
    lr = setting.lr if setting.lr is not None else h.lr
    train = TrainConfig(epochs=h.epochs, batch_size=h.batch_size, lr=lr,
                        eval_batch_size=eval_batch_size)
    config = run_config(regime, setting, train, seeds, data)
    res_path = result_path(out_dir, regime, setting, shard)
    ckpt_path = checkpoint_path(out_dir, regime, setting, shard)
    tag = f"{regime.name}/{setting.name}"

    if not restart and res_path.is_file():
        previous = json.loads(res_path.read_text())
        if previous.get("complete"):
            if previous.get("config") != config:
                raise ConfigMismatch(f"{res_path} holds a finished run with a different "
                                     "configuration; use another --out or --restart")
            print(f"[{tag}] already complete: {res_path}", file=log)
            return previous

    ensemble = StackedEnsemble(setting.model, seeds, setting.lam, lr, device,
                               optimizer=setting.optimizer)
    record = {"schema": SCHEMA, "regime": regime.name, "figure": regime.figure,
              "setting": setting.name, "label": setting.label, "remedy": setting.remedy,
              "complete": False, "config": config, "meta": environment(device),
              "init": setting.model.init_summary(),
              "prediction": (prediction if prediction is not None
                             else safe_prediction(setting.model, input_mean_square(data))),
              "layers": layer_names(setting.model),
              "activation_layers": activation_layer_names(setting.model),
              "started": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
              "history": {"epoch": [], "epoch_time": [], "eval_time": [],
                          **{k: [] for k in SERIES}}}
    if shard is not None:
        record["shard"] = {**shard.to_dict(), "all_seeds": list(all_seeds if all_seeds else seeds)}
    start_epoch = 1
    if ckpt_path.is_file() and not restart:
        state = torch.load(ckpt_path, map_location=device, weights_only=True)
        if state["config"] != config:
            raise ConfigMismatch(f"{ckpt_path} was written with a different configuration; "
                                 "use another --out or --restart")
        ensemble.load_state_dict(state["ensemble"])
        torch.set_rng_state(state["torch_rng"])
        record["history"] = state["history"]
        record["initial"] = state["initial"]
        record["started"] = state["started"]
        start_epoch = state["epoch"] + 1
        print(f"[{tag}] resuming after epoch {state['epoch']} from {ckpt_path}", file=log)
    else:
        ev = ensemble.evaluate(data.test_x, data.test_y, eval_batch_size)
        record["initial"] = {"test_loss": ev["loss"].tolist(), "test_acc": ev["acc"].tolist(),
                             "saturation": ev["saturation"].tolist()}

    hist = record["history"]
    for epoch in range(start_epoch, h.epochs + 1):
        synchronize(device)
        t0 = time.perf_counter()
        stats = ensemble.train_epoch(data, epoch, h.batch_size)
        synchronize(device)
        t1 = time.perf_counter()
        ev = ensemble.evaluate(data.test_x, data.test_y, eval_batch_size)
        t2 = time.perf_counter()
        rec = {**stats, "test_loss": ev["loss"], "test_acc": ev["acc"],
               "saturation": ev["saturation"], "penalty": ensemble.penalty()}
        hist["epoch"].append(epoch)
        hist["epoch_time"].append(t1 - t0)
        hist["eval_time"].append(t2 - t1)
        for key in SERIES:
            hist[key].append(np.asarray(rec[key]).tolist())
        torch_save_atomic(ckpt_path, {"config": config, "epoch": epoch, "history": hist,
                                      "initial": record["initial"], "started": record["started"],
                                      "ensemble": ensemble.state_dict(),
                                      "torch_rng": torch.get_rng_state()})
        record["complete"] = epoch == h.epochs
        write_json_atomic(res_path, record)
        print(_format_line(tag, epoch, h.epochs, rec, t1 - t0), file=log, flush=True)
        bad = [seed for seed, v in zip(seeds, np.asarray(rec["train_loss"], float)) if not np.isfinite(v)]
        if bad:
            print(f"[{tag}] warning: training loss inf/NaN for seeds {bad} in epoch {epoch} "
                  f"({setting.model.activation} overflows in float32, or training diverged)",
                  file=log, flush=True)
        if on_epoch_end is not None:
            on_epoch_end(epoch)

    if start_epoch > h.epochs:  # checkpoint of a finished run whose JSON went missing
        record["complete"] = True
        write_json_atomic(res_path, record)
    if not keep_checkpoint and ckpt_path.exists():
        ckpt_path.unlink()
        if not any(ckpt_path.parent.iterdir()):
            ckpt_path.parent.rmdir()
    return record


def torch_save_atomic(path: Path, obj: dict) -> None:
    """``torch.save`` through a temporary file and ``os.replace``."""
    atomic_write(path, lambda fh: torch.save(obj, fh))


def run_regime(regime: Regime, data: DeviceData, seeds: Sequence[int], out_dir: Path,
               device: torch.device, settings: Optional[Sequence[str]] = None,
               shard: Optional[Shard] = None, **kwargs) -> list[dict]:
    """Run the chosen (default: all) settings of ``regime`` one after the other; with ``shard``
    only this job's (setting, seed) pairs (see :class:`Shard`)."""
    chosen = [regime.setting(n) for n in settings] if settings else list(regime.settings)
    # The theory's prediction at initialisation, stored before the first training step.
    predictions = predict_regime(regime, input_mean_square(data))
    write_json_atomic(Path(out_dir) / regime.name / "regime.json",
                      {**regime.to_dict(), "prediction": predictions})
    if shard is None:
        return [run_setting(regime, s, data, seeds, out_dir, device,
                            prediction=predictions[s.name], **kwargs) for s in chosen]
    mine = shard.seeds([s.name for s in chosen], seeds)
    return [run_setting(regime, s, data, mine[s.name], out_dir, device, shard=shard,
                        all_seeds=seeds, prediction=predictions[s.name], **kwargs)
            for s in chosen if mine[s.name]]


def input_mean_square(data: DeviceData) -> float:
    """E[x^2] over the training images (the q of the network's input)."""
    return float(data.train_x.float().pow(2).mean())
