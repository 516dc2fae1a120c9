"""The calibration sweep (run from the repository root; see commands.sh and README.md here)."""

import json
import sys
from pathlib import Path

import torch

from vgtheory.empirical.calibration import sweep
from vgtheory.empirical.data import load_cifar10
from vgtheory.empirical.storage import write_json_atomic, write_text_atomic
from vgtheory.empirical.tables import calibration_markdown
from vgtheory.empirical.tensordata import to_device

OUT = Path(__file__).parent
torch.set_num_threads(1)
data = to_device(load_cifar10(sys.argv[1] if len(sys.argv) > 1 else None), "cpu",
                 train_subset=512, test_subset=16)
seeds = list(range(10))
rows = []
for regime, scales in (("many", [0.01, 0.02, 0.05, 0.1]), ("large", [0.1, 0.5, 1.0])):
    for a in scales:  # one init scale at a time, so that the log shows progress
        rows += sweep(regime, data, seeds, [a], [1, 2, 4, 8], "cpu")
        print(calibration_markdown(rows[-4:]), flush=True)
write_json_atomic(OUT / "calibration.json", {"seeds": seeds, "probe_batch": 32, "width": 32,
                                             "data": data.info["source"],
                                             "rows": [r.to_dict() for r in rows]})
write_text_atomic(OUT / "calibration.md", calibration_markdown(rows))
print(calibration_markdown(rows))
