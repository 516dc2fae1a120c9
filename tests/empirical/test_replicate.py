"""experiments/replicate.sh: the whole script on CPU at tiny sizes, and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .builders import write_official

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "experiments" / "replicate.sh"


def _env(tmp_path, **extra):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "VG_DEVICE": "cpu",
           "VG_SEEDS": "2", "VG_BENCH": "0", "VG_LIMIT": "0", "VG_GROUP": "all",
           "VG_ARGS": f"--epochs 1 --width 2 --batch-size 16 --threads 1 --cache {tmp_path / 'c'}"}
    env.pop("OUT", None)
    env.update(extra)
    return env


@pytest.mark.slow
def test_replicate_script_runs_end_to_end_on_cpu_and_reports_shared_settings_once(tmp_path, warm_python):
    # warm_python: each of the script's python commands runs unchanged in a fork of an interpreter that has
    # imported torch already (tests/empirical/pyserver.py), not paying ~4 s of start-up five times.
    data = write_official(tmp_path / "raw", n_per_batch=4, n_test=8)
    out = tmp_path / "gpu"
    res = subprocess.run(["bash", str(SCRIPT), str(out)], cwd=ROOT, capture_output=True, text=True,
                         env=_env(tmp_path, VGTHEORY_DATA=str(data.parent), **warm_python), timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "every step succeeded" in res.stdout
    claims = {c["id"]: c for c in json.loads((out / "report" / "claims.json").read_text())}
    # The ablation's shared settings were trained once (under logistic/) and read from there.
    assert not (out / "ablation" / "logistic.json").exists()
    assert (out / "logistic" / "logistic+L2+scaled.json").is_file()
    for cid in ("ablation.logistic+L2", "ablation.logistic+L2+scaled", "ablation.centring-rescues-remedies",
                "large.l2-better", "many.better-final", "combined.remedies-beat-plain",
                "logistic.remedies-beat-plain"):
        assert claims[cid]["n_seeds"] == 2 and claims[cid]["verdict"] != "not run", cid
    assert (out / "report" / "claims.md").read_text() in res.stdout


@pytest.mark.parametrize("failing", ["experiment", "figures"])
def test_replicate_script_exits_nonzero_when_a_step_fails(tmp_path, failing):
    # A stand-in 'python' first on PATH: every step succeeds at once except the chosen one, so
    # the script's control flow is tested without training anything.
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python").write_text(
        "#!/usr/bin/env bash\n"
        f'[[ " $* " == *" {failing} "* ]] && [[ "{failing}" == figures || " $* " == *" logistic "* ]] && exit 3\n'
        "exit 0\n")
    (shim / "python").chmod(0o755)
    env = _env(tmp_path, PATH=f"{shim}:{os.environ['PATH']}", VG_GROUP="setting")
    res = subprocess.run(["bash", str(SCRIPT), str(tmp_path / "o")], cwd=ROOT, capture_output=True,
                         text=True, env=env, timeout=120)
    assert res.returncode == 1
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("replicate.sh: ") and "failed" in last
    assert ("logistic/logistic (exit 3)" in last) if failing == "experiment" else ("figures" in last)
    assert "large/tanh" not in last  # the steps that succeeded are not listed
