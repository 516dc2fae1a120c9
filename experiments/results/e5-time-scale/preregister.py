"""E5 (time scale) pre-registration: E1 and E3's coherent family at ~ten paper epochs, written
before any E5 training step.  5,000 training images at batch 128 take 40 steps per epoch, so 98
epochs = 3,920 steps = 10.03 paper epochs (391 steps each: 50,000 images at batch 128).

* e5-time-scale/e1: E1's scaling regime (tanh, N(0, 1.5^2/fan_in), N(0, 2^2), s = 1, 2, 4):
  "s-scaled tanh ends ahead after about ten epochs";
* e5-time-scale/e3: E3's coherent family with the decays rescaled so that each arm's closed-form
  pull on mu over the run is the same as E3's over 400 steps (lr*lambda*steps fixed: AdamW
  1.7 -> 0.1735, SGD lambda 0.035 -> 0.003571; Adam + coupled L2 keeps 0.01, whose pull is
  front-loaded, calibration/).

Run from the repository root:  python experiments/results/e5-time-scale/preregister.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from vgtheory.empirical.predictions import predict_setting
from vgtheory.empirical.regimes import L2_CALIBRATED, build_regime


def _load(name: str, rel: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parents[1] / rel)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


E1 = _load("e1_preregister", "e1-scaling/preregister.py")
E3 = _load("e3_preregister", "e3-l2/preregister.py")
EPOCHS = 98
STEPS = EPOCHS * 40
RESCALE = 400 / STEPS
E5_E3 = {"weight_decay": round(L2_CALIBRATED["weight_decay"] * RESCALE, 6),
         "sgd_lam": round(L2_CALIBRATED["sgd_lam"] * RESCALE, 6)}
TIME = f"{EPOCHS} epochs of 5,000 images at batch 128 = {STEPS} steps = {STEPS / 391:.2f} paper epochs"


def e1_claims(r) -> list[dict]:
    p = {s.name: predict_setting(s.model, 1.0) for s in r.settings}
    out = []
    for s, primary in (("tanh-s4", True), ("tanh-s2", False)):
        for epoch, when in ((EPOCHS, "after about ten paper epochs"), (10, "after one paper epoch")):
            out.append({
                "id": f"e5.acc-{s[5:]}-{'ten' if epoch == EPOCHS else 'one'}",
                "primary": primary and epoch == EPOCHS,
                "claim": f"{s} ends ahead of plain tanh {when} (test accuracy at epoch {epoch})",
                "endpoint": "test_acc", "epoch": epoch, "better": s, "worse": "tanh-s1",
                "direction": "greater", "margin": 0.01, "scale": "linear",
                "prediction": {"quantity": f"chi1 of sigma_s ({s}; plain tanh {p['tanh-s1'].chi1_scaled:.4g})",
                               "value": p[s].chi1_scaled, "source": "vgtheory.meanfield.propagation.signal"},
                # E1's 400-step pilot: effect 0.21 (s=4) / 0.15 (s=2), SD 0.09 / 0.13 (12 seeds)
                "seeds": E3.seeds(0.15, 0.01, 0.132, 4),
                "detectable_at_20_seeds": 0.01 + E3.mde(20, 0.132, 4)})
    return out


if __name__ == "__main__":
    root = Path("experiments/results/e5-time-scale")
    E1.COMMON["time_scale"] = TIME
    r1 = build_regime("scaling", {"width": 8, "epochs": EPOCHS})
    c1 = e1_claims(r1)
    E1.write(root / "e1" / "preregistration.json", r1, c1,
             f"E5/E1: scaling in the saturated ordered phase at {STEPS} steps",
             "experiments/results/e5-time-scale/commands.sh")
    e3 = E3.coherent(EPOCHS, over=E5_E3)
    for c in e3["claims"]:
        c["id"] = "e5-" + c["id"]  # E5/E3's claims, not E3's
    E1.write(root / "e3" / "preregistration.json", e3["regime"], e3["claims"],
             f"E5/E3: L2 under Adam, AdamW and SGD, coherent weights, at {STEPS} steps "
             f"(decays rescaled: {E5_E3})", "experiments/results/e5-time-scale/commands.sh")
    for c in c1 + e3["claims"]:
        print(f"  {c['id']}: epoch {c.get('epoch')}; prediction {c['prediction']['value']:.4g}; seeds {c['seeds']}")
