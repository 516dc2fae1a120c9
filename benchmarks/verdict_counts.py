"""Counts of symbolic / numeric / inconclusive verdicts, for the registry and the property-test families.

For every activation: the four properties and "sigma is C^1 on R". A verdict counts as
``symbolic`` (holds or fails, symbolic), ``numeric`` (holds or fails, numeric) or
``inconclusive``. The families are the deterministic grid of tests/strategies.py: every base
alone with c = alpha = 1, and every planted defect on tanh at a = 1/3 with c = 1.

    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/verdict_counts.py after   # -> benchmarks/results/verdict_counts_after.json

Run it on a checkout of the commit before the kernel with the label ``before`` for the comparison.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import sympy as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from strategies import BASES, DEFECTS, z  # noqa: E402

from vgtheory.core.activations import REGISTRY  # noqa: E402
from vgtheory.properties.four import check_properties  # noqa: E402
from vgtheory.properties.smoothness import check_c1  # noqa: E402

#: Held-out ordinary formulas (issue 16, item 7).
ZOO = {"tanh+cos/(2+z^2)": "tanh(z) + cos(z)/(2 + z**2)"}


def kind(r) -> str:
    return "inconclusive" if r.verdict == "inconclusive" else r.method


def families() -> dict[str, sp.Expr]:
    out = {f"base {n}": b for n, (b, _, _) in BASES.items()}
    for name, (build, _) in DEFECTS.items():
        out[f"tanh + {name}"] = sp.tanh(z) + build(sp.Rational(1, 3), sp.Integer(1))
    return out


def main(label: str) -> None:
    groups = {"registry": dict(REGISTRY), "families": families(), "zoo": ZOO}
    result: dict = {"label": label, "machine": f"{platform.machine()} {platform.processor()}, 2 cores shared", "groups": {}}
    for group, items in groups.items():
        counts: Counter = Counter()
        rows = {}
        for name, f in items.items():
            t0 = time.monotonic()
            props = list(check_properties(f))
            c1 = check_c1(f)
            verdicts = {r.name: f"{r.verdict} ({r.method})" for r in [*props, c1]}
            counts.update(kind(r) for r in [*props, c1])
            rows[name] = verdicts | {"seconds": round(time.monotonic() - t0, 1)}
            print(group, name, verdicts, flush=True)
        result["groups"][group] = {"counts": dict(counts), "verdicts": rows}
    path = ROOT / "benchmarks" / "results" / f"verdict_counts_{label}.json"
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({g: v["counts"] for g, v in result["groups"].items()}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "after")
