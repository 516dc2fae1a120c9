"""Bootstrap CIs, verdicts, the claims table and the report files (no torch needed)."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest

from vgtheory.empirical.analysis import (CI, CONFIRMED, INCONCLUSIVE, REFUTED, bootstrap_ci,
                                         claims_table, mean_difference, ratio_of_means,
                                         runtime_table, verdict)
from vgtheory.empirical.figures import write_report
from vgtheory.empirical.storage import SCHEMA


@pytest.mark.parametrize("paired", [False, True])
def test_bootstrap_ci_covers_the_true_difference(paired):
    rng = np.random.default_rng(0)
    true_diff, covered, reps = 0.3, 0, 200
    for r in range(reps):
        shared = rng.normal(0, 1, 25)  # paired samples share a seed effect
        a = true_diff + (shared if paired else rng.normal(0, 1, 25)) + rng.normal(0, 0.5, 25)
        b = (shared if paired else rng.normal(0, 1, 25)) + rng.normal(0, 0.5, 25)
        ci = bootstrap_ci(mean_difference, [a, b], paired=paired, n_boot=1000, seed=r)
        covered += ci.low <= true_diff <= ci.high
        assert ci.low <= ci.estimate <= ci.high
    assert 0.88 <= covered / reps <= 0.99


def test_paired_bootstrap_is_narrower_when_seeds_share_variation():
    rng = np.random.default_rng(1)
    shared = rng.normal(0, 5, 25)
    a, b = shared + 1 + rng.normal(0, 0.1, 25), shared + rng.normal(0, 0.1, 25)
    paired = bootstrap_ci(mean_difference, [a, b], paired=True, n_boot=2000)
    unpaired = bootstrap_ci(mean_difference, [a, b], paired=False, n_boot=2000)
    assert paired.high - paired.low < 0.2 * (unpaired.high - unpaired.low)
    assert paired.low > 0 > unpaired.low


def test_ratio_statistic_and_input_checks():
    ci = bootstrap_ci(ratio_of_means, [np.full(10, 3.0), np.full(10, 1.5)], n_boot=200)
    assert ci.estimate == ci.low == ci.high == 2.0
    with pytest.raises(ValueError):
        bootstrap_ci(mean_difference, [np.ones(3), np.ones(4)], paired=True)
    with pytest.raises(ValueError):
        bootstrap_ci(mean_difference, [np.ones(1), np.ones(4)])


@pytest.mark.parametrize("lo,hi,direction,expected", [
    (0.1, 0.3, "greater", CONFIRMED), (-0.3, -0.1, "greater", REFUTED),
    (-0.1, 0.3, "greater", INCONCLUSIVE), (-0.3, -0.1, "less", CONFIRMED),
    (0.1, 0.3, "less", REFUTED), (-0.1, 0.1, "less", INCONCLUSIVE),
])
def test_verdict_directions(lo, hi, direction, expected):
    assert verdict(CI((lo + hi) / 2, lo, hi, 0.95), 0.0, direction) == expected


def test_verdict_equivalence():
    ci = lambda lo, hi: CI((lo + hi) / 2, lo, hi, 0.95)
    assert verdict(ci(-0.01, 0.01), 0.0, "within", 0.02) == CONFIRMED
    assert verdict(ci(0.03, 0.05), 0.0, "within", 0.02) == REFUTED
    assert verdict(ci(-0.01, 0.05), 0.0, "within", 0.02) == INCONCLUSIVE


def fake_record(regime, setting, acc, grad, seeds=range(8), epochs=12, remedy=False, times=None):
    """A result record with per-seed final accuracies ``acc`` and epoch-1 gradients ``grad``."""
    seeds = list(seeds)
    rng = np.random.default_rng(zlib.crc32(setting.encode()))
    acc = np.asarray(acc, float)
    ramp = np.linspace(0.3, 1.0, epochs)[:, None]
    g = np.asarray(grad, float) * np.linspace(1.0, 0.5, epochs)[:, None]
    return {"schema": SCHEMA, "regime": regime, "setting": setting, "label": setting,
            "remedy": remedy, "complete": True,
            "config": {"seeds": seeds, "data": {"n_train_used": 100}},
            "meta": {"device_name": "test CPU"},
            "initial": {"test_acc": [0.1] * len(seeds), "saturation": [[0.5, 0.5]] * len(seeds)},
            "history": {"epoch": list(range(1, epochs + 1)),
                        "epoch_time": list(times if times is not None else 1 + 0.01 * rng.random(epochs)),
                        "test_acc": (ramp * acc).tolist(), "train_acc": (ramp * acc).tolist(),
                        "grad_norm": g.tolist(), "data_grad_norm": (0.5 * g).tolist(),
                        "saturation": [[[0.2, 0.3]] * len(seeds)] * epochs}}


def _claim(claims, cid):
    return next(c for c in claims if c.id == cid)


def test_claims_table_verdicts_follow_the_data():
    rng = np.random.default_rng(3)
    base = 0.5 + 0.01 * rng.standard_normal(8)
    better = [fake_record("large", "tanh", base, np.ones(8)),
              fake_record("large", "tanh+L2", base + 0.1, 3 * np.ones(8), remedy=True)]
    claims = claims_table(better, n_boot=500)
    assert _claim(claims, "large.l2-better").verdict == CONFIRMED
    assert _claim(claims, "large.early-grad").verdict == CONFIRMED
    assert _claim(claims, "large.no-explosion").verdict == CONFIRMED
    assert _claim(claims, "large.grad-decreases").verdict == CONFIRMED
    assert _claim(claims, "many").verdict == "not run"

    worse = [fake_record("large", "tanh", base + 0.1, np.ones(8)),
             fake_record("large", "tanh+L2", base, 0.5 * np.ones(8), remedy=True)]
    claims = claims_table(worse, n_boot=500)
    assert _claim(claims, "large.l2-better").verdict == REFUTED
    assert _claim(claims, "large.early-grad").verdict == REFUTED

    same = [fake_record("large", "tanh", base, np.ones(8)),
            fake_record("large", "tanh+L2", base[::-1], np.ones(8), remedy=True)]
    assert _claim(claims_table(same, n_boot=500), "large.l2-better").verdict == INCONCLUSIVE


def test_runtime_claims_and_table():
    recs = [fake_record("combined", s, np.full(8, 0.5), np.ones(8), times=t) for s, t in [
        ("tanh", np.full(12, 1.0)), ("tanh+L2+scaled", np.full(12, 1.02)),
        ("relu", np.full(12, 1.0)), ("relu+L2", np.full(12, 1.5))]]
    claims = claims_table(recs, n_boot=200)
    assert _claim(claims, "combined.runtime-tanh").verdict == CONFIRMED
    assert _claim(claims, "combined.runtime-relu").verdict == REFUTED
    rows = {r["setting"]: r for r in runtime_table(recs)}
    assert rows["relu+L2"]["epoch_time_s"] == pytest.approx(1.5)
    assert rows["relu+L2"]["per_network_epoch_time_s"] == pytest.approx(1.5 / 8)


def test_report_writes_figures_and_tables(tmp_path):
    recs = [fake_record("many", "tanh", np.full(8, 0.4), np.ones(8)),
            fake_record("many", "scaled-tanh", np.full(8, 0.5), 2 * np.ones(8), remedy=True)]
    written = write_report(recs, tmp_path, n_boot=200)
    assert (tmp_path / "figure_many.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    claims = json.loads((tmp_path / "claims.json").read_text())
    assert {c["id"] for c in claims} >= {"many.faster-epoch1", "many.early-grad"}
    md = (tmp_path / "claims.md").read_text()
    assert "many.faster-epoch1" in md and "**confirmed**" in md
    assert set(written) >= {"figure_many", "claims.md", "runtime.md"}
