"""Measure what the input limits of vgtheory.core.input_limits cost at their edges (the README's "Limits" table).

Each command runs in its own process (``python -m vgtheory ...``, output discarded) and is timed
by the CPU time of that process (user + system, from ``resource.getrusage``), which a busy shared
machine changes far less than the wall time; both are recorded, with the process's peak memory. The
per-layer cost of ``gradient`` is measured in-process with ``time.process_time``. Run from the
repository root:

    python benchmarks/bench_limits.py           # writes benchmarks/results/limits.json and prints a table
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vgtheory import gradient  # noqa: E402
from vgtheory.core import input_limits as limits  # noqa: E402

COMMANDS = {
    "gradient at the depth limit": ["gradient", "tanh", "--w", "2", "--depth", str(limits.MAX_DEPTH)],
    "check at the dps limit": ["check", "tanh", "--dps", str(limits.CHECK_DPS[1])],
    "plot at depth 5,000": ["plot", "tanh", "--depth-max", "5000", "-o", "{tmp}/plot.png"],
}
LAYER_DPS = (50, 500, limits.GRADIENT_DPS[1])


#: Runs one command and prints its CPU seconds and peak memory: a fresh parent per command, so
#: RUSAGE_CHILDREN (whose peak is the largest child so far) describes that command alone.
_MEASURE = """
import json, resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": r.ru_utime + r.ru_stime, "maxrss_kb": r.ru_maxrss}))
"""


def run_command(argv: list[str], tmp: Path) -> dict:
    argv = [a.format(tmp=tmp) for a in argv]
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "vgtheory", *argv], cwd=ROOT,
                          check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    usage = json.loads(proc.stdout)
    shown = ["vgtheory", *(a.replace(str(tmp), "TMP") for a in argv)]
    return {"argv": shown, "cpu_s": round(usage["cpu"], 2), "wall_s": round(wall, 2),
            "max_rss_mb": round(usage["maxrss_kb"] / 1024)}


def layer_cost(dps: int, layers: int = 200) -> float:
    """CPU milliseconds per tanh layer of gradient() at ``dps`` digits."""
    start = time.process_time()
    gradient("tanh", [2] * layers, 1, dps=dps)
    return round((time.process_time() - start) / layers * 1e3, 3)


def main() -> int:
    import argparse
    import tempfile

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: run_command(argv, Path(tmp)) for name, argv in COMMANDS.items()}
    per_layer = {str(dps): layer_cost(dps) for dps in LAYER_DPS}
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commands": results,
        "gradient_ms_per_layer": per_layer,
    }
    path = ROOT / "benchmarks" / "results" / "limits.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"| what | command | CPU s | wall s | peak MB |\n|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | `{' '.join(r['argv'])}` | {r['cpu_s']} | {r['wall_s']} | {r['max_rss_mb']} |")
    print("gradient, CPU ms per tanh layer: " + ", ".join(f"{v} at {k} digits" for k, v in per_layer.items()))
    print(f"load average {out['load_average']}; written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
