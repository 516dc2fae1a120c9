"""The predicted-vs-measured table of E1 and the E2 controls (docs/empirical.md leads with it).

Reads the init profiles (profile/scaling.json of each experiment), the pre-registrations and, where
a report exists, its claims.json.  Run from the repository root after `vgtheory figures`:

    python experiments/results/e1-scaling/table.py > experiments/results/e1-scaling/predicted-vs-measured.md
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path("experiments/results")
EXPERIMENTS = (("E1", "e1-scaling"), ("E2 chaotic", "e2-chaotic"), ("E2 coherent", "e2-coherent"))


def _f(x, digits=3):
    return "-" if x is None else f"{x:.{digits}g}"


def profile_rows(label: str, folder: str) -> list[str]:
    path = ROOT / folder / "profile" / "scaling.json"
    if not path.is_file():
        return [f"| {label} | init profile | | | pending | |"]
    prof = json.loads(path.read_text())
    n = len(prof["seeds"])
    rows = []
    for name, s in prof["settings"].items():
        p = s["prediction"]
        sat_measured = sum(s["saturated"]) / len(s["saturated"])
        r, lo, hi = s["first_last_ratio"]
        chain = p.get("chain")
        pred = (f"chi1(sigma_s) {_f(p['chi1_scaled'])}; saturated {_f(p['saturated_share'], 2)}; "
                f"conv1/last {_f(p['first_last_ratio'])}")
        if chain:
            pred += f"; chain rho {_f(chain.get('rho'))}, rho^{p['depth'] - 1} = {_f(chain['rho'] ** (p['depth'] - 1))}"
        meas = (f"per-layer ratios within x{_f(s['ratio_agreement'])} of mean-field (geom. mean); "
                f"saturated {_f(sat_measured, 2)}; conv1/last {_f(r)} [{_f(lo)}, {_f(hi)}]")
        ok = r < p["first_last_ratio"] * 1.5 and r > p["first_last_ratio"] / 1.5
        held = ("per layer yes; conv1/last within x1.5" if ok and s["ratio_agreement"] < 1.5 else
                "per layer yes (x%.2f); conv1/last off by x%.1f" % (s["ratio_agreement"], p["first_last_ratio"] / r)
                if s["ratio_agreement"] < 1.5 else "no (mean-field off by x%.2f per layer)" % s["ratio_agreement"])
        rows.append(f"| {label} | {name}, at init ({n} seeds, `profile`) | {pred} (`signal`, `meanfield.predict`"
                    f"{', `chain.forward`' if chain else ''}) | {meas} | {held} |")
    return rows


def claim_rows(label: str, folder: str) -> list[str]:
    prereg = json.loads((ROOT / folder / "preregistration.json").read_text())
    report = ROOT / folder / "report" / "claims.json"
    claims = {c["id"]: c for c in json.loads(report.read_text())} if report.is_file() else {}
    rows = []
    for c in prereg["claims"]:
        pred = c["prediction"]
        got = claims.get(c["id"])
        if got is None or got["verdict"] == "not run":
            meas, held = "pending (training not finished)", "pending"
        else:
            ci = got["ci"]
            meas = (f"{_f(got['estimate'])} [{_f(ci[0])}, {_f(ci[1])}], {got['n_seeds']} seeds"
                    if ci else f"{_f(got['estimate'])}, {got['n_seeds']} seeds")
            held = got["verdict"] + (" (fewer than 10 seeds: no verdict)" if got["verdict"] == "exploratory" else "")
        primary = " **(primary)**" if c.get("primary") else ""
        rows.append(f"| {label} | `{c['id']}`{primary}: {c['claim']} ({c['direction']}, margin {c['margin']:g}) | "
                    f"{pred['quantity']} = {_f(pred['value'])} (`{pred['source'].split(' ')[0]}`) | {meas} | {held} |")
    return rows


print("| experiment | what | predicted (function) | measured | prediction held? |")
print("| --- | --- | --- | --- | --- |")
for label, folder in EXPERIMENTS:
    for row in profile_rows(label, folder) + claim_rows(label, folder):
        print(row)
