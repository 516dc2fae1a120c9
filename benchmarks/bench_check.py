"""Time `vgtheory check` for every registry activation and a list of standard formulas.

For each activation three cold timings are taken, each in a fresh Python process (so no sympy
cache is warm): the CLI wall time `python -m vgtheory check NAME --json` (process start and import
included), the in-process `vgtheory.check(NAME)` after import, the same with `signal=False` (the
signal-propagation lines are computed by vgtheory.meanfield.propagation, timed apart), and the properties part
alone (`check_properties` + `check_real_valued`). Every run is written to
benchmarks/results/check_times.json; docs/activations.md's table is written by benchmarks/docs_tables.py. Run from the repository root:

    python benchmarks/bench_check.py            # registry + standard formulas, 3 runs each
    python benchmarks/bench_check.py --runs 1 tanh sigmoid

The targets (issue 9): in-process `check` of every registry activation under 1 s, the CLI under
1.5 s, the slowest standard formula under 3 s (in-process), on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPS = ("bounded", "vanishing_derivative", "positive_limit", "linear_at_origin")
SHORT = {"holds": "holds", "fails": "**fails**", "inconclusive": "inconclusive"}

#: Formulas a new user types for the usual activations and their common variants.
STANDARD_FORMULAS = (
    "tanh(x)",
    "1/(1+exp(-x))",
    "2/(1+exp(-x))-1",
    "x/(1+abs(x))",
    "atan(x)",
    "2*atan(x)/pi",
    "erf(x)",
    "x/sqrt(1+x**2)",
    "Max(-1, Min(1, x))",
    "Max(0, x)",
    "log(1+exp(x))",
    "x/(1+exp(-x))",
    "x*tanh(log(1+exp(x)))",
    "exp(-x**2)",
    "sin(x)",
    "tanh(x)+x*exp(-x**2)",
)

#: Runs in a fresh interpreter: import, then time one cold check and the properties part.
_IN_PROCESS = """
import json, sys, time
import vgtheory
from vgtheory.properties.four import check_properties, check_real_valued
name, what = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if what == "check":
    vgtheory.check(name)
elif what == "nosignal":
    vgtheory.check(name, signal=False)
else:
    check_real_valued(name)
    check_properties(name)
print(json.dumps(time.perf_counter() - start))
"""


def _python(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, check=True)


def time_cli(name: str, runs: int) -> tuple[list[float], dict]:
    times, data = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        proc = _python(["-m", "vgtheory", "check", name, "--json"])
        times.append(time.perf_counter() - start)
        data = json.loads(proc.stdout)
    return times, data


def time_in_process(name: str, runs: int, what: str) -> list[float]:
    return [json.loads(_python(["-c", _IN_PROCESS, name, what]).stdout) for _ in range(runs)]


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform(terse=True)}"


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from vgtheory.core.activations import REGISTRY

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="registry names or formulas (default: registry + standard formulas)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; do not write benchmarks/results/check_times.json")
    args = parser.parse_args(argv)
    names = args.names or [*REGISTRY, *STANDARD_FORMULAS]

    rows, raw = [], {}
    for name in names:
        cli, data = time_cli(name, args.runs)
        check = time_in_process(name, args.runs, "check")
        nosignal = time_in_process(name, args.runs, "nosignal")
        props = time_in_process(name, args.runs, "properties")
        raw[name] = {"cli_seconds": cli, "check_seconds": check, "check_no_signal_seconds": nosignal,
                     "properties_seconds": props, "report": data}
        med = {k: statistics.median(v) for k, v in (("cli", cli), ("check", check), ("nosignal", nosignal),
                                                     ("properties", props))}
        sig = {True: "yes", False: "no", None: "undecided"}[data["sigmoid_type"]]
        print(f"{name:28s} cli {med['cli']:.2f} s  check {med['check']:.2f} s  without signal {med['nosignal']:.2f} s  "
              f"properties {med['properties']:.2f} s  sigmoid-type: {sig}", flush=True)
        if name in REGISTRY:
            cells = [f"{SHORT[data['properties'][p]['verdict']]} ({data['properties'][p]['method']})" for p in PROPS]
            rows.append(f"| `{name}` | `{data['formula']}` | " + " | ".join(cells)
                        + f" | {sig} | {med['check']:.2f} | {med['nosignal']:.2f} | {med['cli']:.2f} |")

    def worst(key: str, pool: list[str]) -> str:
        pool = [n for n in pool if n in raw]
        if not pool:
            return "-"
        name = max(pool, key=lambda n: statistics.median(raw[n][key]))
        return f"{statistics.median(raw[name][key]):.2f} s ({name})"

    registry = [n for n in names if n in REGISTRY]
    formulas = [n for n in names if n not in REGISTRY]
    summary = {
        "slowest registry check (in-process)": worst("check_seconds", registry),
        "slowest registry check without signal (in-process)": worst("check_no_signal_seconds", registry),
        "slowest registry CLI": worst("cli_seconds", registry),
        "slowest registry properties part": worst("properties_seconds", registry),
        "slowest standard formula check (in-process)": worst("check_seconds", formulas),
        "slowest standard formula check without signal (in-process)": worst("check_no_signal_seconds", formulas),
    }
    for k, v in summary.items():
        print(f"{k}: {v}")
    if args.no_write:
        return 0
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "check_times.json").write_text(
        json.dumps({"machine": machine(), "runs": args.runs, "summary": summary, "results": raw}, indent=2) + "\n"
    )
    # docs/activations.md's table is written by benchmarks/docs_tables.py (one generator per block).
    print(f"wrote {(out / 'check_times.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
