"""Time `vgtheory check NAME` for every registry activation, process start included.

Writes the verdict table with methods and wall times to docs/activations.md and the raw numbers
to benchmarks/results/check_times.json. Run from the repository root:

    python benchmarks/bench_check.py            # every registry activation, 3 runs each
    python benchmarks/bench_check.py --runs 1 tanh sigmoid

The targets (issue 2): tanh under 3 s, every registry activation under 10 s, on a 2-core machine.
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


def time_check(name: str, runs: int) -> tuple[list[float], dict]:
    times, data = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "vgtheory", "check", name, "--json"],
            capture_output=True, text=True, cwd=ROOT, check=True,
        )
        times.append(time.perf_counter() - start)
        data = json.loads(proc.stdout)
    return times, data


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform(terse=True)}"


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from vgtheory.activations import REGISTRY

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", default=list(REGISTRY))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; do not rewrite docs/activations.md")
    args = parser.parse_args(argv)

    rows, raw = [], {}
    for name in args.names:
        times, data = time_check(name, args.runs)
        raw[name] = {"seconds": times, "report": data}
        cells = []
        for prop in PROPS:
            entry = data["properties"][prop]
            cells.append(f"{SHORT[entry['verdict']]} ({entry['method']})")
        sig = {True: "yes", False: "no", None: "undecided"}[data["sigmoid_type"]]
        median = statistics.median(times)
        rows.append(f"| `{name}` | `{data['formula']}` | " + " | ".join(cells) + f" | {sig} | {median:.2f} |")
        print(f"{name:18s} median {median:.2f} s  max {max(times):.2f} s  sigmoid-type: {sig}", flush=True)

    if args.no_write:
        return 0
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "check_times.json").write_text(json.dumps({"machine": machine(), "runs": args.runs, "results": raw}, indent=2) + "\n")
    header = (
        "| activation | sigma(z) | bounded | vanishing derivative | positive limit | linear at origin | sigmoid-type | `vgtheory check` wall time (s, median of "
        f"{args.runs}) |\n|---|---|---|---|---|---|---|---|"
    )
    doc = ROOT / "docs" / "activations.md"
    text = doc.read_text() if doc.exists() else ""
    start, end = "<!-- table:start -->", "<!-- table:end -->"
    table = f"{start}\nMeasured by `python benchmarks/bench_check.py --runs {args.runs}` on {machine()}.\n\n{header}\n" + "\n".join(rows) + f"\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + table + text[text.index(end) + len(end):]
    else:
        text = text + "\n" + table + "\n"
    doc.write_text(text)
    print(f"wrote {doc.relative_to(ROOT)} and {(out / 'check_times.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
