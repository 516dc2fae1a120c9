"""`vgtheory.gradient` against a bare mpmath forward + backward loop computing the same numbers.

The chain z_k = tanh(w_k z_{k-1}) at depth 10^4 and 50 digits (issue 17: within 2.5x of the bare
loop, measured in the same run). The bare loop is what a user would write by hand:

    z_k = tanh(w_k z_{k-1});  d_k = sech(w_k z_{k-1})^2;  df/dw_j = z_{j-1} d_j prod_{k>j} w_k d_k

and its results are compared with the package's (relative difference below 10^-45), so the two
timings are of the same computation. Times are CPU seconds of this process (time.process_time,
less sensitive to other processes than wall time) and wall seconds; the median of --runs.

    python benchmarks/bench_gradient.py            # depth 10000, 50 digits, 3 runs
    python benchmarks/bench_gradient.py --depth 1000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def weights(depth: int) -> list[str]:
    """Deterministic weights in [0.5, 1.5): no saturation shortcut applies (every t_k differs)."""
    return [f"{0.5 + ((k * 0.6180339887498949) % 1):.6f}" for k in range(depth)]


def bare(w: list, x, dps: int) -> tuple:
    import mpmath

    with mpmath.workdps(dps):
        w = [mpmath.mpf(v) for v in w]
        z = [mpmath.mpf(x)]
        d = []
        for wk in w:
            t = wk * z[-1]
            z.append(mpmath.tanh(t))
            d.append(mpmath.sech(t) ** 2)
        out = [None] * len(w)
        suffix = mpmath.mpf(1)
        for j in range(len(w) - 1, -1, -1):
            out[j] = z[j] * d[j] * suffix
            suffix *= w[j] * d[j]
        return tuple(out)


def package(w: list, x, dps: int) -> tuple:
    import vgtheory

    return vgtheory.gradient("tanh", w, x, dps=dps).df_dw


def timed(fn, *args) -> tuple[float, float, tuple]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def measure(depth: int = 10_000, dps: int = 50, runs: int = 3) -> dict:
    """Median wall and CPU seconds of both, their ratio, and the largest relative difference."""
    import mpmath

    sys.path.insert(0, str(ROOT))
    import vgtheory  # noqa: F401 - import cost is not part of either timing

    w = weights(depth)
    rows = {"bare": [], "package": []}
    for _ in range(runs):
        for name, fn in (("bare", bare), ("package", package)):
            rows[name].append(timed(fn, w, 1, dps))
    a, b = rows["bare"][-1][2], rows["package"][-1][2]
    with mpmath.workdps(dps):
        worst = max(abs(p - q) / abs(p) for p, q in zip(a, b) if p != 0)
    med = {name: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v)) for name, v in rows.items()}
    return {"depth": depth, "dps": dps, "runs": runs,
            "bare_wall": med["bare"][0], "bare_cpu": med["bare"][1],
            "package_wall": med["package"][0], "package_cpu": med["package"][1],
            "ratio_cpu": med["package"][1] / med["bare"][1], "ratio_wall": med["package"][0] / med["bare"][0],
            "max_rel_diff": float(worst), "load": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--depth", type=int, default=10_000)
    parser.add_argument("--dps", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    r = measure(args.depth, args.dps, args.runs)
    print(f"depth {r['depth']}, {r['dps']} digits, median of {r['runs']}, load average {r['load'][0]:.2f}")
    print(f"bare mpmath loop: {r['bare_cpu']:.3f} s CPU ({r['bare_wall']:.3f} s wall)")
    print(f"vgtheory.gradient: {r['package_cpu']:.3f} s CPU ({r['package_wall']:.3f} s wall)")
    print(f"ratio: {r['ratio_cpu']:.2f}x CPU ({r['ratio_wall']:.2f}x wall); target 2.5x")
    print(f"largest relative difference of df/dw_j: {r['max_rel_diff']:.1e}")
    if r["max_rel_diff"] > 1e-45:
        print("the two computations disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
