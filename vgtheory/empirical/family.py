"""One Holm family of claims: per-seed tests, the family correction and the verdicts.

:mod:`.analysis` decides which claims a regime's records test and adds them to a
:class:`ClaimFamily`; the family turns each :class:`ClaimTest` (per-seed values on the test scale,
null, direction, margin) into a :class:`Claim` with interval, Holm-adjusted p and verdict, by the
rules stated in :mod:`.analysis`. Works on the result JSON files alone (numpy and scipy, no torch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional

import numpy as np

from vgtheory.empirical.records import common_epoch, series, steps_per_epoch
from vgtheory.empirical.stats import (
    ALPHA, bca_interval, holm, normality_p, one_sided_t_p, t_interval, tost_p, welch_interval,
    welch_one_sided_p, wilcoxon_p
)

CONFIRMED, REFUTED, INCONCLUSIVE = "confirmed", "refuted", "inconclusive"
EXPLORATORY, NOT_ASSESSED, NOT_RUN = "exploratory", "not assessed", "not run"
MIN_SEEDS = 10            # fewer seeds: exploratory, never confirmed or refuted
EXPLOSION_FACTOR = 10.0   # "exploding": some step's gradient norm exceeds 10x the step-0 norm
RUNTIME_MARGIN = 1.10     # "no significant overhead": remedy/plain epoch time below 1.10
SIMILAR_MARGIN = 0.02     # "very similar initially": |accuracy difference| below 2 points
# Smallest effects of interest of the directional claims: a difference smaller than these is no
# practical support for the paper's words ("beats", "larger gradients", "become smaller").
ACCURACY_MARGIN = 0.01    # "beats" / "faster": at least 1 accuracy point
GRADIENT_MARGIN = 1.10    # "larger gradients" / "become smaller": a ratio beyond 1.10 (or 1/1.10)
POWER = 0.8
STUCK_AT_CHANCE = 0.12    # test accuracy below chance (0.10) + 2 points: a seed that never learned
INIT_RATIO_MARGIN = 1.5   # default margin of the scaling regime's init-ratio claims
MEANFIELD = "vgtheory.empirical.meanfield.predict"


@dataclass(frozen=True)
class Claim:
    """One tested claim: per-seed statistic, interval, Holm-adjusted p and verdict.

    ``estimate`` and ``ci`` are on the scale of ``statistic`` (ratios back-transformed from the
    log scale the t-test runs on); ``step`` is the optimizer step compared (epoch x steps per
    epoch); ``p`` the unadjusted p-value of the claim's test, ``p_holm`` Holm-adjusted over the
    table.
    """

    id: str
    regime: str
    claim: str
    statistic: str
    n_seeds: int
    step: Optional[int]
    epoch: Optional[int]
    estimate: Optional[float]
    ci: Optional[tuple[float, float]]
    interval: Optional[str]
    null: Optional[float]
    direction: str
    p: Optional[float]
    p_holm: Optional[float]
    verdict: str
    note: str = ""
    sd: Optional[float] = None  # seed-to-seed SD of the per-seed values, on the test scale
    log_scale: bool = False     # the test ran on log(statistic)
    margin: Optional[float] = None  # the value, on the statistic's scale, the effect must pass
    same_as: Optional[str] = None   # the id of an identical test this row repeats (not counted twice)
    p_t: Optional[float] = None         # the one-sided t p (p is the larger of it and p_wilcoxon)
    p_wilcoxon: Optional[float] = None  # only where the values fail the normality check
    normality_p: Optional[float] = None
    p_refute: Optional[float] = None    # one-sided p of an effect on the other side of no effect
    p_refute_holm: Optional[float] = None
    sensitivity: Optional[dict] = None  # accuracy claims: without the pairs stuck at chance
    prediction: Optional[dict] = None   # {quantity, value, source}
    primary: bool = False               # the pre-registered primary endpoint

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["ci"] = list(self.ci) if self.ci is not None else None
        return d


@dataclass
class ClaimTest:
    """A claim before the family correction: per-seed values on the test scale."""

    id: str
    regime: str
    claim: str
    statistic: str
    values: Optional[np.ndarray] = None      # per-seed values (one-sample t against null)
    null: float = 0.0
    direction: str = "greater"              # greater | less | within
    margin: float = 0.0                      # test scale: beyond null by this much (within: |.| <)
    log_scale: bool = False                  # values are logs of ratios: report exp(.)
    epoch: Optional[int] = None
    step: Optional[int] = None
    n_seeds: int = 0
    preset: Optional[str] = None             # not assessed / not run
    welch: Optional[tuple[np.ndarray, np.ndarray]] = None  # unpaired samples (runtime)
    note: str = ""
    same_as: Optional[str] = None            # an identical test already in the family
    acc_pair: Optional[tuple[np.ndarray, np.ndarray]] = None  # per-seed accuracies (stuck rule)
    prediction: Optional[dict] = None
    primary: bool = False


def _at(record: dict, key: str, epoch: int) -> np.ndarray:
    return series(record, key)[epoch - 1]


class ClaimFamily:
    def __init__(self) -> None:
        self.tests: list[ClaimTest] = []
        self.list_missing = True  # list absent paper regimes as 'not run'

    def add(self, t: ClaimTest) -> None:
        self.tests.append(t)

    def missing(self, cid: str, regime: str, claim: str, needed: str) -> None:
        if not self.list_missing:
            return
        self.add(ClaimTest(cid, regime, claim, "", preset=NOT_RUN, note=f"needs results for {needed}"))

    # --- claim shapes -----------------------------------------------------------------------

    def accuracy(self, cid: str, regime: str, claim: str, better: dict, worse: dict,
                 epoch: Optional[int] = None, same_as: Optional[str] = None) -> None:
        """Paired difference of test accuracy at a common epoch (default: the last common one);
        ``same_as``: the id of the identical test already added (shown, counted once)."""
        e = common_epoch([better, worse], epoch)
        a, b = _at(better, "test_acc", e), _at(worse, "test_acc", e)
        self.add(ClaimTest(cid, regime, claim,
                       f"test accuracy at epoch {e}: {better['setting']} - {worse['setting']}",
                       _paired(a, b, better, worse),
                       margin=ACCURACY_MARGIN, epoch=e, step=e * steps_per_epoch(better),
                       note=f"the same test as {same_as}; counted once in the Holm family" if same_as else "",
                       same_as=same_as, acc_pair=(a, b), prediction=_ratio_prediction(better, worse)))

    def similar_start(self, cid: str, regime: str, claim: str, a: dict, b: dict) -> None:
        e = common_epoch([a, b], 1)
        self.add(ClaimTest(cid, regime, claim,
                       f"test accuracy at epoch {e}: {a['setting']} - {b['setting']}",
                       _paired(_at(a, "test_acc", e), _at(b, "test_acc", e), a, b), 0.0, "within",
                       SIMILAR_MARGIN, epoch=e, step=e * steps_per_epoch(a),
                       note=f"similar := |difference| < {SIMILAR_MARGIN:g} (TOST)",
                       acc_pair=(_at(a, "test_acc", e), _at(b, "test_acc", e)),
                       prediction=_ratio_prediction(a, b)))

    def early_gradients(self, cid: str, regime: str, remedy: dict, plain: dict,
                        key: str = "grad_norm") -> None:
        what = "objective (loss + penalty)" if key == "grad_norm" else "data-loss"
        self.add(ClaimTest(cid, regime, "larger gradients early in training",
                       f"per-seed ratio of the epoch-1 mean {what} gradient norm: "
                       f"{remedy['setting']} / {plain['setting']} (geometric mean over seeds)",
                       _paired(np.log(_at(remedy, key, 1)), np.log(_at(plain, key, 1)), remedy, plain),
                       0.0, "greater", math.log(GRADIENT_MARGIN), log_scale=True, epoch=1,
                       step=steps_per_epoch(remedy), prediction=_ratio_prediction(remedy, plain)))

    def no_explosion(self, cid: str, regime: str, remedy: dict) -> None:
        claim = f"no exploding gradients with the remedy ({remedy['setting']})"
        stat = "per-seed log10(max over steps of the gradient norm / step-0 gradient norm)"
        note = f"explosion := some step's norm > {EXPLOSION_FACTOR:g}x the step-0 norm"
        epochs = len(remedy["history"]["epoch"])
        if "grad_norm_first" not in remedy["history"]:
            self.add(ClaimTest(cid, regime, claim, stat, preset=NOT_ASSESSED, epoch=epochs,
                           n_seeds=len(remedy["config"]["seeds"]),
                           note="the record has no step-0 gradient (written before it was recorded)"))
            return
        peak = series(remedy, "grad_norm_max").max(0)
        start = series(remedy, "grad_norm_first")[0]
        self.add(ClaimTest(cid, regime, claim, stat, np.log10(peak / start),
                       math.log10(EXPLOSION_FACTOR), "less", epoch=epochs,
                       step=epochs * steps_per_epoch(remedy), note=note))

    def decreasing(self, cid: str, regime: str, claim: str, record: dict) -> None:
        g = series(record, "grad_norm")
        self.add(ClaimTest(cid, regime, claim,
                       f"per-seed ratio of the mean gradient norm, last epoch / epoch 1 ({record['setting']})",
                       np.log(g[-1] / g[0]), 0.0, "less", math.log(GRADIENT_MARGIN), log_scale=True,
                       epoch=len(g),
                       step=len(g) * steps_per_epoch(record)))

    def runtime(self, cid: str, regime: str, remedy: dict, base: dict) -> None:
        claim = f"no significant runtime overhead ({remedy['setting']} vs {base['setting']}; appendix B)"
        stat = (f"ratio of mean epoch time (epochs after the first): {remedy['setting']} / "
                f"{base['setting']}; Welch t over epochs on log times")
        if "shards" in remedy or "shards" in base:
            self.add(ClaimTest(cid, regime, claim, stat, preset=NOT_ASSESSED,
                           note="timings come from separate shard jobs"))
            return
        a, b = np.log(_timing(remedy)), np.log(_timing(base))
        # The effect to resolve is the observed log ratio or the margin, whichever is larger:
        # timings whose epoch-to-epoch spread exceeds both cannot decide the claim.
        effect = max(abs(float(a.mean() - b.mean())), math.log(RUNTIME_MARGIN))
        noise = max(float(a.std(ddof=1)), float(b.std(ddof=1))) if min(len(a), len(b)) > 1 else math.inf
        n = min(len(a), len(b))
        if noise >= effect:
            self.add(ClaimTest(cid, regime, claim, stat, preset=NOT_ASSESSED, n_seeds=n,
                           note=f"timing noise (SD of log epoch time {noise:.3g}) is not below the "
                                f"effect to resolve (max(|log ratio|, log {RUNTIME_MARGIN:g}) = {effect:.3g})"))
            return
        self.add(ClaimTest(cid, regime, claim, stat, null=math.log(RUNTIME_MARGIN), direction="less",
                       log_scale=True, welch=(a, b), n_seeds=n,
                       note=f"significant := more than {RUNTIME_MARGIN - 1:.0%} slower; "
                            "replicates are epochs, not seeds"))

    # --- evaluation -------------------------------------------------------------------------

    def claims(self, interval: str = "t") -> list[Claim]:
        evaluated = [self._evaluate(t, interval) for t in self.tests]
        # Holm per regime (the pre-registered family).  A test repeated under a second claim (the
        # same statistic at the same step) is one hypothesis: counting it twice would inflate
        # Holm's correction for every other claim.
        adj: dict[str, Optional[float]] = {}
        adj_ref: dict[str, Optional[float]] = {}
        for regime in dict.fromkeys(t.regime for t in self.tests):
            idx = [k for k, t in enumerate(self.tests) if t.regime == regime]
            ps = holm([None if self.tests[k].same_as else evaluated[k].p for k in idx])
            prs = holm([None if self.tests[k].same_as else evaluated[k].p_refute for k in idx])
            for k, p, pr in zip(idx, ps, prs):
                adj[self.tests[k].id], adj_ref[self.tests[k].id] = p, pr
        out = []
        for c, t in zip(evaluated, self.tests):
            key = t.same_as or t.id
            out.append(self._verdict(replace(c, same_as=t.same_as, p_refute_holm=adj_ref.get(key)),
                                     t, adj.get(key)))
        return out

    @staticmethod
    def _evaluate(t: ClaimTest, interval: str) -> Claim:
        base = dict(id=t.id, regime=t.regime, claim=t.claim, statistic=t.statistic,
                    step=t.step, epoch=t.epoch, direction=t.direction, p_holm=None, note=t.note,
                    log_scale=t.log_scale, prediction=t.prediction, primary=t.primary)
        back = math.exp if t.log_scale else float
        beyond = {"greater": t.null + t.margin, "less": t.null - t.margin}.get(t.direction)
        other = {"greater": "less", "less": "greater"}.get(t.direction)
        base["margin"] = (None if t.preset is not None else
                          t.margin if t.direction == "within" else back(beyond))
        if t.preset is not None:
            return Claim(**base, n_seeds=t.n_seeds, estimate=None, ci=None, interval=None,
                         null=back(t.null) if t.preset != NOT_RUN else None, p=None, verdict=t.preset)
        if t.welch is not None:
            a, b = t.welch
            iv = welch_interval(a - t.null, b)
            iv = replace(iv, estimate=iv.estimate + t.null, low=iv.low + t.null, high=iv.high + t.null)
            p = welch_one_sided_p(a, b, beyond, t.direction)
            return Claim(**base, n_seeds=t.n_seeds, estimate=back(iv.estimate),
                         ci=(back(iv.low), back(iv.high)), interval=iv.kind, null=back(t.null), p=p,
                         p_t=p, p_refute=welch_one_sided_p(a, b, t.null, other), verdict="")
        values = np.asarray(t.values, float)
        n = len(values)
        sd = float(np.std(values, ddof=1)) if n > 1 else 0.0
        # SD 0 up to rounding (the same ratio computed per seed differs in its last bits).
        if n > 1 and (not np.any(values != 0) or sd <= 1e-12 * max(1.0, float(np.abs(values).max()))):
            why = ("all paired differences are 0" if not np.any(values != 0)
                   else f"every seed gives {back(float(values[0])):.4g} (SD 0)")
            return Claim(**{**base, "note": "; ".join(x for x in (t.note, f"no variation: {why}") if x)},
                         n_seeds=n, estimate=back(float(values.mean())), ci=None, interval=None,
                         null=back(t.null), p=None, sd=sd, verdict=NOT_ASSESSED)
        iv = t_interval(values, t.null)
        if interval == "bca":
            boot = bca_interval(lambda v, axis=-1: np.mean(v, axis=axis), [values], paired=False)
            iv = replace(iv, low=boot.low, high=boot.high, kind="bca")
        base["sd"] = sd
        norm = normality_p(values)
        nonnormal = norm is not None and norm < ALPHA
        p_w = p_ref = None
        if t.direction == "within":
            p_t = tost_p(values, t.margin)
            if nonnormal:
                lo_w, hi_w = wilcoxon_p(values, -t.margin, "greater"), wilcoxon_p(values, t.margin, "less")
                p_w = max(1.0 if lo_w is None else lo_w, 1.0 if hi_w is None else hi_w)
        else:
            p_t = one_sided_t_p(values, beyond, t.direction)
            p_ref = one_sided_t_p(values, t.null, other)
            if nonnormal:
                p_w = wilcoxon_p(values, beyond, t.direction)
                p_w = 1.0 if p_w is None else p_w
                ref_w = wilcoxon_p(values, t.null, other)
                p_ref = max(p_ref, 1.0 if ref_w is None else ref_w)
        p = p_t if p_w is None else max(p_t, p_w)
        sensitivity, note = _stuck(t, values, beyond)
        return Claim(**{**base, "note": "; ".join(x for x in (t.note, note) if x)}, n_seeds=n,
                     estimate=back(iv.estimate), ci=(back(iv.low), back(iv.high)), interval=iv.kind,
                     null=back(t.null), p=p, p_t=p_t, p_wilcoxon=p_w, normality_p=norm,
                     p_refute=p_ref, sensitivity=sensitivity, verdict="")

    @staticmethod
    def _verdict(c: Claim, t: ClaimTest, p_holm: Optional[float]) -> Claim:
        if c.verdict:
            return c
        if c.n_seeds < MIN_SEEDS:  # for timings, epochs are the replicates
            return replace(c, p_holm=p_holm, verdict=EXPLORATORY)
        if t.direction == "within":
            lo, hi = c.ci
            v = CONFIRMED if p_holm < ALPHA else (
                REFUTED if lo >= c.null + t.margin or hi <= c.null - t.margin else INCONCLUSIVE)
            return replace(c, p_holm=p_holm, verdict=v)
        if p_holm < ALPHA:
            return replace(c, p_holm=p_holm, verdict=CONFIRMED)
        if c.p_refute_holm is not None and c.p_refute_holm < ALPHA:
            return replace(c, p_holm=p_holm, verdict=REFUTED)
        sign = 1.0 if t.direction == "greater" else -1.0
        fwd = math.log if t.log_scale else float
        lo, hi = (sign * (fwd(x) - fwd(c.null)) for x in c.ci)
        if t.margin > 0 and min(lo, hi) > 0:
            note = "statistically nonzero, below the margin"
            return replace(c, p_holm=p_holm, verdict=INCONCLUSIVE,
                           note=f"{c.note}; {note}" if c.note else note)
        return replace(c, p_holm=p_holm, verdict=INCONCLUSIVE)


def _stuck(t: ClaimTest, values: np.ndarray, beyond: Optional[float]) -> tuple[Optional[dict], str]:
    """The stuck-at-chance rule for accuracy claims: the pairs where either seed's accuracy is below
    :data:`STUCK_AT_CHANCE`, and the estimate, interval and one-sided p without them."""
    if t.acc_pair is None:
        return None, ""
    a, b = (np.asarray(x, float) for x in t.acc_pair)
    stuck = (a < STUCK_AT_CHANCE) | (b < STUCK_AT_CHANCE)
    k = int(stuck.sum())
    out: dict = {"rule": f"accuracy < {STUCK_AT_CHANCE:g}", "stuck_pairs": k,
                 "stuck_better": int((a < STUCK_AT_CHANCE).sum()), "stuck_worse": int((b < STUCK_AT_CHANCE).sum())}
    if k == 0:
        return out, ""
    kept = values[~stuck]
    if len(kept) < 2 or float(np.std(kept, ddof=1)) == 0.0:
        out["n"] = len(kept)
        return out, f"{k} pair(s) stuck at chance; too few left without them"
    iv = t_interval(kept, t.null)
    p = (tost_p(kept, t.margin) if t.direction == "within"
         else one_sided_t_p(kept, beyond, t.direction))
    out.update(n=len(kept), estimate=iv.estimate, ci=[iv.low, iv.high], p=p)
    return out, (f"{k} pair(s) stuck at chance (< {STUCK_AT_CHANCE:g}); without them "
                 f"{iv.estimate:+.3g} [{iv.low:+.3g}, {iv.high:+.3g}], p {p:.2g} (unadjusted)")


def _ratio_prediction(better: dict, worse: dict) -> Optional[dict]:
    """The mean-field predicted conv1 / last-hidden gradient ratio of ``better`` over ``worse`` at
    initialisation, from the predictions stored in the records (None for older records)."""
    pb, pw = better.get("prediction"), worse.get("prediction")
    if not pb or not pw or not pb.get("first_last_ratio") or not pw.get("first_last_ratio"):
        return None
    return {"quantity": f"conv1/last-hidden gradient ratio at init, {better['setting']} / {worse['setting']}",
            "value": pb["first_last_ratio"] / pw["first_last_ratio"], "source": MEANFIELD}


def _timing(record: dict) -> np.ndarray:
    t = np.asarray(record["history"]["epoch_time"], dtype=float)
    return t[1:] if len(t) > 2 else t  # epoch 1 includes one-off warm-up (allocator, cudnn)


def _paired(a: np.ndarray, b: np.ndarray, ra: dict, rb: dict) -> np.ndarray:
    """Per-seed differences a - b; both records must hold the same seeds in the same order."""
    if ra["config"]["seeds"] != rb["config"]["seeds"]:
        raise ValueError(f"{ra['regime']}/{ra['setting']} and {rb['regime']}/{rb['setting']} were "
                         "trained with different seeds, so they cannot be compared seed by seed")
    return np.asarray(a, float) - np.asarray(b, float)
