"""Pre-registered claims and the statistics rules of issue 15 item 4: Holm per regime, one-sided
tests without doubling, Wilcoxon beside t for non-normal differences, the stuck-at-chance rule,
'not assessed: no variation', partial shards of a running sweep."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats as st

from vgtheory.empirical.analysis import (CONFIRMED, INCONCLUSIVE, NOT_ASSESSED, NOT_RUN, REFUTED,
                                         claims_table)
from vgtheory.empirical.figures import write_report
from vgtheory.empirical.records import load_results
from vgtheory.empirical.shards import finished_shards

from .test_analysis import fake_record


def _claim(claims, cid):
    return next(c for c in claims if c.id == cid)


def scaling_record(setting, acc, ratio, seeds=None):
    """A scaling-regime record: final accuracies ``acc``, step-0 conv1/last gradient ratios."""
    acc = np.asarray(acc, float)
    r = fake_record("scaling", setting, acc, np.ones(len(acc)), epochs=10, jitter=0.01)
    layers = np.ones((len(acc), 14))
    layers[:, 0] = ratio
    r["history"]["data_grad_norm_layers_first"] = [layers.tolist()] * 10
    r["prediction"] = {"first_last_ratio": {"tanh-s1": 0.01, "tanh-s4": 0.25}[setting]}
    if seeds is not None:
        r["config"]["seeds"] = list(seeds)
    return r


PREREG = {"regime": "scaling", "claims": [
    {"id": "e1.acc-s4", "primary": True, "claim": "s=4 trains faster", "endpoint": "test_acc",
     "epoch": 10, "better": "tanh-s4", "worse": "tanh-s1", "direction": "greater", "margin": 0.01,
     "scale": "linear", "prediction": {"quantity": "chi1", "value": 0.967, "source": "vgtheory.meanfield.propagation.signal"}},
    {"id": "e1.init-ratio-s4", "claim": "s=4 lifts the ratio", "endpoint": "init_log_ratio",
     "better": "tanh-s4", "worse": "tanh-s1", "direction": "greater", "margin": 1.5, "scale": "log"},
    {"id": "e1.acc-s2", "claim": "s=2 trains faster", "endpoint": "test_acc", "epoch": 10,
     "better": "tanh-s2", "worse": "tanh-s1", "direction": "greater", "margin": 0.01, "scale": "linear"}]}


def _e1(n=12, gain=0.05, seed=0):
    rng = np.random.default_rng(seed)
    base = 0.3 + 0.01 * rng.standard_normal(n)
    return [scaling_record("tanh-s1", base, 0.002 * np.exp(0.1 * rng.standard_normal(n))),
            scaling_record("tanh-s4", base + gain + 0.01 * rng.standard_normal(n),
                           0.07 * np.exp(0.1 * rng.standard_normal(n)))]


def test_preregistered_claims_carry_prediction_primary_and_one_sided_p():
    recs = _e1()
    claims = claims_table(recs, preregistration=PREREG)
    assert [c.id for c in claims] == ["e1.acc-s4", "e1.init-ratio-s4", "e1.acc-s2"]
    acc, ratio, missing = claims
    assert acc.primary and acc.prediction["value"] == 0.967 and acc.verdict == CONFIRMED
    assert missing.verdict == NOT_RUN  # s = 2 was not trained
    d = np.asarray(recs[1]["history"]["test_acc"][-1]) - np.asarray(recs[0]["history"]["test_acc"][-1])
    assert acc.p_t == pytest.approx(st.ttest_1samp(d, 0.01, alternative="greater").pvalue)  # not doubled
    assert ratio.verdict == CONFIRMED and ratio.estimate == pytest.approx(35, rel=0.1)
    assert ratio.prediction["source"] == "vgtheory.empirical.meanfield.predict"
    assert ratio.prediction["value"] == pytest.approx(25.0)
    assert ratio.p <= ratio.p_holm <= min(1.0, 2 * ratio.p)  # Holm over the 2 tested claims
    # No paper regime was run: none is listed as 'not run' beside a pre-registered experiment.
    assert {c.regime for c in claims} == {"scaling"}


def test_holm_is_per_regime():
    rng = np.random.default_rng(3)
    base = 0.5 + 0.01 * rng.standard_normal(10)
    large = [fake_record("large", "tanh", base, np.ones(10), jitter=0.02),
             fake_record("large", "tanh+L2", base + 0.05 + 0.01 * rng.standard_normal(10),
                         3 * np.ones(10), remedy=True, jitter=0.02)]
    claims = claims_table(large + _e1())
    for regime in ("large", "scaling"):
        fam = [c for c in claims if c.regime == regime and c.p is not None and c.same_as is None]
        best = min(fam, key=lambda c: c.p)
        assert best.p_holm == pytest.approx(min(1.0, len(fam) * best.p))


def test_no_variation_is_not_assessed_never_confirmed():
    n = 12
    same = [fake_record("many", "tanh", np.full(n, 0.1), np.ones(n), jitter=0.01),
            fake_record("many", "scaled-tanh", np.full(n, 0.1), np.ones(n), remedy=True, jitter=0.01)]
    c = _claim(claims_table(same), "many.better-final")
    assert c.verdict == NOT_ASSESSED and "no variation" in c.note and c.p is None
    shifted = [same[0], fake_record("many", "scaled-tanh", np.full(n, 0.2), np.ones(n), remedy=True)]
    c = _claim(claims_table(shifted), "many.better-final")  # every seed +0.1 exactly: SD 0
    assert c.verdict == NOT_ASSESSED and "SD 0" in c.note
    md_dir = write_report(same, __import__("pathlib").Path(__import__("tempfile").mkdtemp()))
    assert "**not assessed**: no variation" in md_dir["claims.md"].read_text()


def test_wilcoxon_beside_t_where_differences_are_not_normal():
    n = 20
    rng = np.random.default_rng(1)
    base = 0.3 + 0.01 * rng.standard_normal(n)
    d = np.full(n, 0.03) + 0.002 * rng.standard_normal(n)
    d[:2] = [-0.25, 0.4]  # two wild seeds: heavy tails
    recs = [scaling_record("tanh-s1", base, np.full(n, 0.002)),
            scaling_record("tanh-s4", base + d, np.full(n, 0.07))]
    c = _claim(claims_table(recs, preregistration=PREREG), "e1.acc-s4")
    assert c.normality_p < 0.05 and c.p_wilcoxon is not None
    assert c.p == max(c.p_t, c.p_wilcoxon)
    ok = _claim(claims_table(_e1(n=20), preregistration=PREREG), "e1.acc-s4")
    assert ok.p_wilcoxon is None or ok.normality_p < 0.05


def test_stuck_at_chance_is_reported_both_ways():
    n = 12
    rng = np.random.default_rng(2)
    base = 0.3 + 0.01 * rng.standard_normal(n)
    base[:3] = 0.1  # three plain seeds never left chance
    better = base + 0.02 + 0.005 * rng.standard_normal(n)
    better[:3] = 0.3
    recs = [scaling_record("tanh-s1", base, np.full(n, 0.002)),
            scaling_record("tanh-s4", better, np.full(n, 0.07))]
    c = _claim(claims_table(recs, preregistration=PREREG), "e1.acc-s4")
    s = c.sensitivity
    assert s["stuck_pairs"] == 3 and s["stuck_worse"] == 3 and s["n"] == n - 3
    assert s["estimate"] == pytest.approx(0.02, abs=0.01) and s["estimate"] < c.estimate
    assert "stuck at chance" in c.note


def test_a_directional_claim_against_the_data_is_refuted():
    c = _claim(claims_table(_e1(gain=-0.05), preregistration=PREREG), "e1.acc-s4")
    assert c.verdict == REFUTED and c.p_refute_holm < 0.05
    c = _claim(claims_table(_e1(gain=0.0), preregistration=PREREG), "e1.acc-s4")
    assert c.verdict == INCONCLUSIVE


def test_partial_shards_keep_only_shards_finished_for_every_setting(tmp_path):
    def shard(setting, k, seeds, complete=True):
        r = scaling_record(setting, np.full(len(seeds), 0.3) + 0.01 * np.arange(len(seeds)),
                           np.full(len(seeds), 0.01), seeds=seeds)
        r["shard"] = {"index": k, "count": 3, "all_seeds": [0, 1, 2]}
        r["complete"] = complete
        return r

    recs = [shard("tanh-s1", 1, [0]), shard("tanh-s4", 1, [0]), shard("tanh-s1", 2, [1]),
            shard("tanh-s4", 2, [1], complete=False)]
    kept = finished_shards(recs)
    assert sorted((r["setting"], r["shard"]["index"]) for r in kept) == [("tanh-s1", 1), ("tanh-s4", 1)]
    (tmp_path / "scaling").mkdir()
    for r in recs:
        name = f"{r['setting']}.shard-{r['shard']['index']}-of-3.json"
        (tmp_path / "scaling" / name).write_text(json.dumps(r))
    merged = load_results([tmp_path], partial=True)
    assert {r["setting"]: r["config"]["seeds"] for r in merged} == {"tanh-s1": [0], "tanh-s4": [0]}
    assert merged[0]["partial"]["seeds_missing"] == [1, 2]
    with pytest.raises(Exception, match="incomplete"):
        load_results([tmp_path])


def test_ablation_reads_the_logistic_regimes_shared_settings_only_when_trained_alike():
    # Issue 18: the ablation's logistic and logistic+L2+scaled are the logistic regime's networks;
    # replicate.sh trains them once and the ablation's claims read them from logistic/.
    n = 10
    rng = np.random.default_rng(4)
    acc = lambda m: m + 0.01 * rng.standard_normal(n)  # noqa: E731
    logi = [fake_record("logistic", s, acc(a), np.ones(n)) for s, a in
            (("logistic", 0.3), ("logistic+L2+scaled", 0.1))]
    abl = [fake_record("ablation", s, acc(a), np.ones(n)) for s, a in
           (("logistic+L2", 0.2), ("logistic+scaled", 0.25), ("centered_sigmoid+L2+scaled", 0.4))]
    claims = {c.id: c for c in claims_table(logi + abl)}
    assert claims["ablation.logistic+L2"].verdict == REFUTED  # 0.2 vs the logistic regime's 0.3
    assert claims["ablation.centring-rescues-remedies"].verdict == CONFIRMED  # 0.4 vs 0.1
    other = json.loads(json.dumps(logi))
    for r in other:
        r["config"]["data"]["n_train_used"] = 200  # trained on other data: not the same networks
    ids = {c.id for c in claims_table(other + abl)}
    assert not any(i.startswith("ablation.") for i in ids)
