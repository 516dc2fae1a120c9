"""``--shard k/n``: every (setting, seed) pair in exactly one job; shards merge to the full run."""

from __future__ import annotations


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vgtheory.empirical import cli
from vgtheory.empirical.records import ResultError, load_results
from vgtheory.empirical.shards import Shard


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 7), n_settings=st.integers(1, 4), n_seeds=st.integers(1, 9))
def test_shards_partition_the_pairs(n, n_settings, n_seeds):
    names = [f"s{i}" for i in range(n_settings)]
    seeds = list(range(10, 10 + n_seeds))
    parts = [Shard(k, n).seeds(names, seeds) for k in range(1, n + 1)]
    pairs = [(s, seed) for p in parts for s, ss in p.items() for seed in ss]
    assert sorted(pairs) == sorted((s, seed) for s in names for seed in seeds)
    loads = [sum(map(len, p.values())) for p in parts]
    assert max(loads) - min(loads) <= 1


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", ""])
def test_bad_shard_specs_are_refused(text):
    with pytest.raises(ValueError):
        Shard.parse(text)


def _run(official_dir, tmp_path, out, extra=()):
    argv = ["experiment", "large", "--seeds", "3", "--epochs", "1", "--width", "2",
            "--batch-size", "16", "--device", "cpu", "--threads", "1", "--data", str(official_dir),
            "--cache", str(tmp_path / "c"), "--out", str(out), *extra]
    assert cli.main(argv) == 0


def test_merged_shards_equal_the_unsharded_run(official_dir, tmp_path):
    _run(official_dir, tmp_path, tmp_path / "full")
    for k in (1, 2):
        _run(official_dir, tmp_path, tmp_path / "sharded", ("--shard", f"{k}/2"))
    full = {r["setting"]: r for r in load_results([tmp_path / "full"])}
    merged = {r["setting"]: r for r in load_results([tmp_path / "sharded"])}
    assert set(full) == set(merged)
    for name in full:
        assert merged[name]["config"]["seeds"] == [0, 1, 2]
        for key in ("test_acc", "grad_norm", "grad_norm_layers", "saturation"):
            a, b = full[name]["history"][key], merged[name]["history"][key]
            np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-5, atol=1e-7)
    # The same shard twice (a copy in another folder) overlaps and is refused.
    shard = next((tmp_path / "sharded" / "large").glob("tanh.shard-1-of-2.json"))
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "x.json").write_text(shard.read_text())
    with pytest.raises(ResultError, match="overlap"):
        load_results([tmp_path / "sharded", tmp_path / "copy"])
    shard.unlink()
    with pytest.raises(ResultError, match="missing"):
        load_results([tmp_path / "sharded"])
