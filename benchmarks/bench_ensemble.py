"""Stacked many-seed training (torch.func.vmap) vs a plain one-model-at-a-time loop.

Times the same minibatches both ways for each ensemble size and writes ``bench.json`` and
``bench.png`` to ``--out``; also reports how far seed 0's parameters drifted apart between the
two paths (float round-off only).  Equivalent to ``vgtheory bench``; run e.g.

    python benchmarks/bench_ensemble.py --seeds 1,5,25 --steps 20 --out benchmarks/results/h100

Target on a GPU: >= 10x throughput at 25 seeds.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from vgtheory.empirical.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
