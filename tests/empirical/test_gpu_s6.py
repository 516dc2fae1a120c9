"""experiments/gpu/run_s6.sh on CPU at tiny sizes: it runs the chosen jobs in one process,
writes each experiment's records into its folder, packs what it wrote into $OUT, skips finished
work when run again, and starts nothing once its budget is spent."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from .builders import write_official

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "experiments" / "gpu" / "run_s6.sh"
TINY = "--seeds 2 --width 2 --train-subset 16 --test-subset 8 --batch-size 8 --max-epochs 1"


def _run(tmp_path, warm, only, budget="600", out=None):
    # warm (the warm_python fixture): the script's python commands run unchanged in forks of an interpreter
    # that has imported torch already (tests/empirical/pyserver.py), without ~4 s of start-up each.
    data = write_official(tmp_path / "raw", n_per_batch=4, n_test=8)
    env = {**os.environ, **warm, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "VG_DEVICE": "cpu",
           "VG_RESULTS": str(tmp_path / "results"), "VGTHEORY_DATA": str(data.parent),
           "VGTHEORY_CACHE": str(tmp_path / "cache"), "VG_BUDGET": budget, "VG_LIMIT": "0",
           "VG_ARGS": f"{TINY} --only {only}"}
    env.pop("OUT", None)
    if out is not None:
        env["OUT"] = str(out)
    return subprocess.run(["bash", str(SCRIPT)], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=600)


def _summary(res) -> dict:
    text = res.stdout
    return json.loads(text[text.index("{\n"):text.rindex("}") + 1])


@pytest.mark.slow
def test_run_s6_trains_the_chosen_jobs_packs_them_and_resumes(tmp_path, warm_python):
    out = tmp_path / "out"
    out.mkdir()
    res = _run(tmp_path, warm_python, "e1-shard-1/,e3-coherent,e4", out=out)
    assert res.returncode == 0, res.stderr[-2000:] + res.stdout[-2000:]
    jobs = {j["job"]: j["status"] for j in _summary(res)["jobs"]}
    assert jobs == {"E1 shard 1/10": "done", "E3 coherent": "done", "E4": "done"}
    results = tmp_path / "results"
    e3 = {p.name for p in (results / "e3-l2" / "l2").glob("*.json")}
    assert e3 == {"regime.json", "adam.json", "adam+L2.json", "adamw.json", "sgd.json", "sgd+L2.json"}
    rec = json.loads((results / "e3-l2" / "l2" / "adamw.json").read_text())
    assert rec["complete"] and rec["config"]["setting"]["optimizer"] == "adamw"
    assert rec["config"]["seeds"] == [0, 1] and rec["prediction"]["chain"]["rho"] > 0
    assert (results / "e1-scaling" / "scaling" / "tanh-s1.shard-1-of-10.json").is_file()
    assert {p.name for p in (results / "e4-relu" / "relu").glob("*.json")} >= {"relu-he.json", "relu.json"}
    with tarfile.open(out / "s6-results.tgz") as tar:
        names = tar.getnames()
    assert "./e3-l2/l2/sgd+L2.json" in names and "./gpu-s6-log.txt" in names
    assert not any(".checkpoints" in n for n in names)
    again = _run(tmp_path, warm_python, "e4")  # finished settings are not retrained
    assert again.returncode == 0 and "already complete" in again.stdout + again.stderr


def test_run_s6_starts_nothing_after_its_budget(tmp_path, warm_python):
    res = _run(tmp_path, warm_python, "e3-coherent,e4", budget="-1")
    assert res.returncode == 0, res.stderr[-2000:]
    assert {j["status"] for j in _summary(res)["jobs"]} == {"not started (budget)"}
    assert not (tmp_path / "results" / "e3-l2").exists()
