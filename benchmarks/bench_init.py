"""Time `vgtheory.recommend_init` for every registry activation, at sigma_b = 0 and 0.1, and
record the recommendations: python benchmarks/bench_init.py [-o benchmarks/results/init.json].

CPU seconds (time.process_time) per call, in one process, each (activation, sigma_b) computed
once (no cache hit); the machine and its load average are stored with the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

from vgtheory.core.activations import registry_names
from vgtheory.meanfield.recommend import recommend_init


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", default="benchmarks/results/init.json")
    args = parser.parse_args()
    rows = []
    for name in registry_names():
        for b in (0, 0.1):
            start, wall = time.process_time(), time.perf_counter()
            rec = recommend_init(name, sigma_b=b)
            rows.append({**rec.to_dict(), "cpu_s": round(time.process_time() - start, 3),
                         "wall_s": round(time.perf_counter() - wall, 3)})
            print(f"{name:18s} sigma_b = {b:<4g} {rec.method:20s} sigma_w = {rec.sigma_w:<9.6g} chi1 = {rec.chi1:<9.6g} "
                  f"cpu {rows[-1]['cpu_s']:.2f} s", flush=True)
    meta = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
            "load_average": os.getloadavg()}
    with open(args.output, "w") as fh:
        json.dump({"meta": meta, "rows": rows}, fh, indent=1)
    print(f"max cpu {max(r['cpu_s'] for r in rows):.2f} s, load average {meta['load_average'][0]:.1f}")


if __name__ == "__main__":
    main()
