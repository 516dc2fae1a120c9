"""The not-yet-run experiment chains (E3, E4, E5) call what their READMEs say they call.

Each ``commands.sh`` is run with a stub ``python`` on PATH that only records its command line and
environment, so the test checks the chain's plumbing in milliseconds without training anything:
every call runs the frozen copy (``python -P`` with PYTHONPATH = VG_CODE: the provenance error of
E1/E2 was a ``python -m`` that ran the checkout instead), every shard of VG_SHARDS is trained once
per folder with the pre-registered budget, and a failing shard stops the chain.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHAINS = {  # folder -> (epochs, trainings per shard)
    "e3-l2": (10, 3),
    "e4-relu": (10, 1),
    "e5-time-scale": (98, 2),
}

STUB = """#!/usr/bin/env bash
echo "PYTHONPATH=$PYTHONPATH OMP=$OMP_NUM_THREADS ARGS=$*" >> "$STUB_LOG"
for a in "$@"; do [ "$a" = "--shard" ] && [ -n "${STUB_FAIL:-}" ] && exit 3; done
exit 0
"""


def _run(tmp_path: Path, folder: str, shards: str, fail: bool = False) -> tuple[int, list[str]]:
    root = tmp_path / "root"
    shutil.copytree(REPO / "experiments", root / "experiments",
                    ignore=shutil.ignore_patterns("*.json", "*.txt", "*.png", "*.pdf", "*.svg", "*.pt"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "python"
    stub.write_text(STUB)
    stub.chmod(0o755)
    log = tmp_path / "calls.log"
    code = tmp_path / "frozen"
    code.mkdir()
    (code / ".commit").write_text("abc123\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "STUB_LOG": str(log),
           "VG_ROOT": str(root), "VG_CODE": str(code), "VG_SHARDS": shards,
           "VGTHEORY_DATA": "/nonexistent/data.npz", "STUB_FAIL": "1" if fail else ""}
    script = root / "experiments" / "results" / folder / "commands.sh"
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, timeout=60)
    calls = log.read_text().splitlines() if log.exists() else []
    return done.returncode, calls


@pytest.mark.parametrize("folder", sorted(CHAINS))
def test_chain_runs_the_frozen_copy_once_per_shard(tmp_path: Path, folder: str) -> None:
    epochs, per_shard = CHAINS[folder]
    rc, calls = _run(tmp_path, folder, "2 7")
    assert rc == 0
    assert calls, "the chain called nothing"
    frozen = str(tmp_path / "frozen")
    for line in calls:
        assert line.startswith(f"PYTHONPATH={frozen} OMP=1 ARGS=-P -m vgtheory "), line
    trainings = [c for c in calls if " experiment " in c]
    assert len(trainings) == 2 * per_shard
    for k in ("2", "7"):
        mine = [c for c in trainings if c.endswith(f"--shard {k}/10") or f"--shard {k}/10 " in c]
        assert len(mine) == per_shard, (k, trainings)
    for c in trainings:
        assert f"--epochs {epochs} " in c and "--seeds 20 " in c and "--data /nonexistent/data.npz" in c
    outs = {c.split("--out ")[1].split()[0] for c in trainings}
    assert len(outs) == per_shard  # each folder of the chain gets its own results
    machine = list((tmp_path / "root" / "experiments" / "results").glob("*/machine.txt"))
    assert machine and "abc123" in machine[0].read_text()


@pytest.mark.parametrize("folder", sorted(CHAINS))
def test_a_failing_shard_stops_the_chain(tmp_path: Path, folder: str) -> None:
    rc, calls = _run(tmp_path, folder, "1 2", fail=True)
    assert rc != 0
    assert len([c for c in calls if " experiment " in c]) == 1  # nothing after the failure
