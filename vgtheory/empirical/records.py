"""Result records read back from disk and checked before any statistic sees them.

Refused with a :class:`ResultError` naming the files: unfinished records (fewer epochs than their
configuration), the same setting found twice (e.g. a copy in a nested folder, or two shards that
overlap), and the same training run stored under two regimes.  Numpy only.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

from vgtheory.empirical.shards import finished_shards, merge_shards
from vgtheory.empirical.storage import SCHEMA, ResultError


def read_records(paths: Iterable[str | Path]) -> list[dict]:
    """Result records from files and (recursively) directories; other JSON files are skipped."""
    records = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"no such result file or directory: {p}")
        files = sorted(p.rglob("*.json")) if p.is_dir() else [p]
        for f in files:
            try:
                obj = json.loads(f.read_text())
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise ResultError(f"{f}: not a JSON file ({exc})") from None
            if isinstance(obj, dict) and obj.get("schema") == SCHEMA:
                obj["_path"] = str(f)
                records.append(obj)
    return records


def load_results(paths: Iterable[str | Path], partial: bool = False) -> list[dict]:
    """:func:`read_records`, then :func:`validate` (complete, no duplicates); shards of one
    sweep (``--shard k/n``) are merged into one record per setting first.  ``partial``: a sweep
    still running, merged from the shards finished for every setting of its regime (unfinished
    and unsharded incomplete records left out)."""
    records = read_records(paths)
    if partial:
        records = finished_shards(records)
    return validate(merge_shards(records, partial=partial))


def planned_epochs(record: dict) -> int:
    return int(record["config"]["train"]["epochs"])


def validate(records: Sequence[dict]) -> list[dict]:
    """The records unchanged, or a :class:`ResultError` for an incomplete or duplicated one."""
    seen: dict[tuple[str, str], str] = {}
    trained: dict[str, str] = {}
    for r in records:
        where = r.get("_path", f"{r['regime']}/{r['setting']}")
        done, planned = len(r["history"]["epoch"]), planned_epochs(r)
        if not r.get("complete") or done != planned:
            raise ResultError(f"{where}: incomplete record ({done} of {planned} epochs); finish it "
                              "(the same experiment command resumes it) or leave it out")
        key = (r["regime"], r["setting"])
        if key in seen:
            raise ResultError(f"{r['regime']}/{r['setting']} found twice: {seen[key]} and {where}; "
                              "pass only one of them")
        seen[key] = where
        tk = training_key(r)
        if tk in trained:
            raise ResultError(f"{trained[tk]} and {where} are the same training run (same network, "
                              "penalty, data, seeds and schedule) stored twice; keep one")
        trained[tk] = where
    return list(records)


def training_key(record: dict, model: bool = True) -> str:
    """What determines a record's numbers apart from its regime's name and labels.

    ``model=False`` leaves out the network and penalty (the shared training conditions only).
    """
    c = record["config"]
    key = {"train": c["train"], "seeds": c["seeds"], "data": c["data"],
           "init_scale": c["hyper"]["init_scale"], "width": c["hyper"]["width"]}
    if model:
        key.update(model=c["setting"]["model"], lam=c["setting"]["lam"])
    return json.dumps(key, sort_keys=True)


def by_regime(records: Sequence[dict]) -> dict[str, dict[str, dict]]:
    """``{regime: {setting: record}}`` (validated records hold each setting once)."""
    out: dict[str, dict[str, dict]] = {}
    for r in records:
        out.setdefault(r["regime"], {})[r["setting"]] = r
    return out


def series(record: dict, key: str) -> np.ndarray:
    """A per-epoch series as an array ``(epochs, seeds[, layers])``."""
    return np.asarray(record["history"][key], dtype=float)


def steps_per_epoch(record: dict) -> int:
    """Optimizer steps per epoch: ceil(training images / batch size)."""
    c = record["config"]
    return math.ceil(int(c["data"]["n_train_used"]) / int(c["train"]["batch_size"]))


def common_epoch(records: Sequence[dict], epoch: Optional[int] = None) -> int:
    """``epoch`` (default: the last epoch all records have), after checking that the records take
    the same number of optimizer steps per epoch, so that equal epochs are equal steps."""
    spe = {steps_per_epoch(r) for r in records}
    if len(spe) != 1:
        names = ", ".join(f"{r['regime']}/{r['setting']} ({steps_per_epoch(r)})" for r in records)
        raise ResultError(f"cannot compare at a common optimizer step: steps per epoch differ: {names}")
    last = min(len(r["history"]["epoch"]) for r in records)
    if epoch is None:
        return last
    if not 1 <= epoch <= last:
        raise ResultError(f"epoch {epoch} is outside the common range 1..{last}")
    return epoch
