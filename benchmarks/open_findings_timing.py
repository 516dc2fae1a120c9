"""Time the sympy and kernel steps that keep two findings open (docs/check.md "Known open findings").

- R60a-1: sympy's sqrt of the discriminant of z^2 - 2 - 10^-2900 (it seeks square factors by factorint, whose
  primality test of the 2900-digit cofactor is the cost);
- R60b-2: core/pole_shift.limit_value (the kernel's two one-sided limits) of sigma' at the removable poles of the
  held-out cases, which the gradient gives 4 s.

Each step runs in a fresh process (sympy caches numbers it has factored) and is timed by that process's CPU time
(``time.process_time``), which a busy machine changes less than the wall time. Run from the repository root:

    python benchmarks/open_findings_timing.py     # writes benchmarks/results/open_findings_timing.json
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: name -> (set-up, timed statement); both run in a fresh interpreter.
STEPS = {
    "R60a-1: sympy sqrt of the discriminant 8 + 4*10^-2900": (
        "import sympy as sp; d = sp.Rational(8 * 10**2900 + 4, 10**2900)",
        "sp.sqrt(d)"),
    **{f"R60b-2: limit_value of sigma' of tanh z + {text}/10 at z = {c} (both one-sided limits)": (
        "import sympy as sp; from vgtheory.core.parsing import Z; from vgtheory.core.pole_shift import limit_value; "
        f"d = sp.diff(sp.tanh(Z) + ({form}) / 10, Z)",
        f"assert limit_value(d, sp.Integer({c}), 120.0) is not None")
       for text, form, c in (("sin(pi z) Gamma(z)", "sp.sin(sp.pi * Z) * sp.gamma(Z)", -2),
                             ("sin(pi z)^2 Gamma(z) Gamma(-z)", "sp.sin(sp.pi * Z)**2 * sp.gamma(Z) * sp.gamma(-Z)", 3),
                             ("sin(pi z)^2 psi'(z)", "sp.sin(sp.pi * Z)**2 * sp.polygamma(1, Z)", -3))},
}

_TIMER = """
import sys, time
exec(sys.argv[1])
start = time.process_time()
exec(sys.argv[2])
print(time.process_time() - start)
"""


def cpu_seconds(setup: str, statement: str) -> float:
    out = subprocess.run([sys.executable, "-c", _TIMER, setup, statement], cwd=ROOT, check=True, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return float(out.stdout.split()[-1])


def main() -> None:
    rows = {name: round(cpu_seconds(*step), 2) for name, step in STEPS.items()}
    result = {"cpu_s": rows, "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
              "python": platform.python_version(), "command": "python benchmarks/open_findings_timing.py"}
    path = ROOT / "benchmarks" / "results" / "open_findings_timing.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    for name, seconds in rows.items():
        print(f"{seconds:8.2f} s  {name}")


if __name__ == "__main__":
    main()
