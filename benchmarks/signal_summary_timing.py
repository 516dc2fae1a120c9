"""Seconds that vgtheory.meanfield.signal_section.signal_summary takes per registry activation (the
"signal propagation" lines of `vgtheory check`).

    python benchmarks/signal_summary_timing.py

In one process, after importing vgtheory: for each registry activation the first call (which
also pays sympy's one-off lazy imports of printers and solvers) and the median of 3 further
calls. No result is memoised between calls: each builds its own Moments (numpy functions,
quadratures), and sympy's memo of closed-form Gaussian integrals is cleared before each call.
Writes benchmarks/results/signal_summary_timing.json.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

# The repository's vgtheory, not an installed one (the script runs from the repo root).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vgtheory.meanfield import moments
from vgtheory.core.activations import registry_names
from vgtheory.meanfield.signal_section import signal_summary

from bench_signal import machine  # benchmarks/ is sys.path[0] when run as a script


def timed(name: str) -> float:
    moments._symbolic_moments.cache_clear()
    start = time.perf_counter()
    signal_summary(name)
    return time.perf_counter() - start


def main() -> int:
    rows = []
    for name in registry_names():
        first = timed(name)
        median = statistics.median(timed(name) for _ in range(3))
        rows.append({"activation": name, "first_s": round(first, 4), "median_of_3_s": round(median, 4)})
        print(f"{name:18s} first {first:.3f} s   median of 3 {median:.3f} s", flush=True)
    total = {"first_s": round(sum(r["first_s"] for r in rows), 3), "median_of_3_s": round(sum(r["median_of_3_s"] for r in rows), 3)}
    print(f"{'total':18s} first {total['first_s']:.3f} s   median of 3 {total['median_of_3_s']:.3f} s")
    out = {"command": "python benchmarks/signal_summary_timing.py", "machine": machine(), "rows": rows, "total": total}
    Path("benchmarks/results/signal_summary_timing.json").write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
