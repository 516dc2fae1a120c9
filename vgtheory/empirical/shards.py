"""``--shard k/n``: a sweep's (setting, seed) pairs split over n jobs, and the shards merged back.

Seeds are independent networks (the stacked ensemble trains each exactly as alone), so a setting's
seeds may be trained in different jobs and their records joined seed by seed afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from vgtheory.empirical.storage import ResultError


@dataclass(frozen=True)
class Shard:
    """Job ``index`` (1-based) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
        if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
            raise ValueError(f"--shard must be k/n with 1 <= k <= n, got {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    def seeds(self, settings: Sequence[str], seeds: Sequence[int]) -> dict[str, list[int]]:
        """This shard's seeds per setting: pair j of the list (setting-major) goes to job
        j mod count + 1, so every pair lands in exactly one job and loads differ by at most one."""
        out: dict[str, list[int]] = {s: [] for s in settings}
        pairs = [(s, seed) for s in settings for seed in seeds]
        for j, (s, seed) in enumerate(pairs):
            if j % self.count == self.index - 1:
                out[s].append(seed)
        return out

    def tag(self) -> str:
        return f"shard-{self.index}-of-{self.count}"

    def to_dict(self) -> dict:
        return {"index": self.index, "count": self.count}


# Per-seed entries live on axis 1 of the history series and axis 0 of ``initial``.
_PER_EPOCH = ("epoch", "epoch_time", "eval_time")


def merge_shards(records: Sequence[dict], partial: bool = False) -> list[dict]:
    """Records with a ``shard`` entry joined into one record per (regime, setting), seeds in
    ascending order; unsharded records pass through.  Overlapping seeds, shards of different
    configurations and missing seeds are refused (``partial``: missing seeds are allowed and
    listed in the merged record's ``partial`` entry)."""
    plain = [r for r in records if "shard" not in r]
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in records:
        if "shard" in r:
            groups.setdefault((r["regime"], r["setting"]), []).append(r)
    return plain + [_merge(key, parts, partial) for key, parts in sorted(groups.items())]


def finished_shards(records: Sequence[dict]) -> list[dict]:
    """The records of a sweep still running that can be analysed together: unsharded records that
    are complete, and of each regime's sharded records the shards (k of n) complete for every
    setting of that regime, so that all settings hold the same seeds."""
    out = [r for r in records if "shard" not in r and r.get("complete")]
    by_regime: dict[str, list[dict]] = {}
    for r in records:
        if "shard" in r:
            by_regime.setdefault(r["regime"], []).append(r)
    for regime, recs in by_regime.items():
        settings = {r["setting"] for r in recs}
        done = lambda k: all(any(r["setting"] == s and r["shard"]["index"] == k and r.get("complete")
                                 for r in recs) for s in settings)
        keep = {k for k in {r["shard"]["index"] for r in recs} if done(k)}
        out += [r for r in recs if r["shard"]["index"] in keep and r.get("complete")]
    return out


def _merge(key: tuple[str, str], parts: list[dict], partial: bool = False) -> dict:
    name = "/".join(key)
    where = ", ".join(p.get("_path", "?") for p in parts)
    seeds = [s for p in parts for s in p["config"]["seeds"]]
    if len(seeds) != len(set(seeds)):
        raise ResultError(f"{name}: shards overlap (a seed appears twice) in {where}")
    planned = parts[0]["shard"]["all_seeds"]
    missing = sorted(set(planned) - set(seeds))
    if missing and not partial:
        raise ResultError(f"{name}: shards incomplete, seeds {missing} missing (have {where})")
    strip = lambda p: {k: v for k, v in p["config"].items() if k != "seeds"}
    if any(strip(p) != strip(parts[0]) or p["shard"]["all_seeds"] != planned for p in parts):
        raise ResultError(f"{name}: shards were run with different configurations ({where})")
    if any(not p.get("complete") for p in parts):
        raise ResultError(f"{name}: an unfinished shard among {where}")
    order = np.argsort(seeds, kind="stable")
    merged = {k: v for k, v in parts[0].items() if k not in ("shard", "_path")}
    merged["config"] = {**parts[0]["config"], "seeds": sorted(seeds)}
    merged["shards"] = {"count": len(parts), "files": [p.get("_path") for p in parts]}
    if missing:
        merged["partial"] = {"seeds_planned": list(planned), "seeds_missing": missing}
    merged["_path"] = where
    hist = {}
    for k in parts[0]["history"]:
        if k in _PER_EPOCH:
            # Times of separate jobs do not add up to one run's time: kept from the first shard,
            # and the runtime claims are not assessed on merged records.
            hist[k] = parts[0]["history"][k]
        else:
            joined = np.concatenate([np.asarray(p["history"][k], dtype=float) for p in parts], axis=1)
            hist[k] = joined[:, order].tolist()
    merged["history"] = hist
    merged["initial"] = {k: np.concatenate([np.asarray(p["initial"][k], dtype=float) for p in parts],
                                           axis=0)[order].tolist() for k in parts[0]["initial"]}
    return merged
