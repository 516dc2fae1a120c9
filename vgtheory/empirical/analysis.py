"""The paper's empirical claims tested on result records: one family, Holm-corrected.

Every claim reduces to one number per seed (a paired difference, a log ratio, a growth factor),
tested with Student's t over seeds against the claim's null; the p-values of all claims in one
table form the family that Holm's step-down procedure corrects.  A verdict is

* ``confirmed`` / ``refuted``: Holm-adjusted p < 0.05, where a directional claim's p is twice the
  smaller of two one-sided t-tests: "the effect exceeds the claim's smallest effect of interest
  (its margin)" (confirmed) and "the effect lies on the other side of no effect" (refuted);
  equivalence claims: TOST for confirmed, the interval entirely outside the margin for refuted;
  from at least :data:`MIN_SEEDS` seeds.  A significant effect below the margin is
  ``inconclusive`` with the note "statistically nonzero, below the margin";
* ``exploratory``: the same numbers from fewer seeds: shown, never a verdict;
* ``inconclusive``: otherwise; ``not assessed``: the data cannot test it (timing noise larger than
  the effect, no step-0 gradient recorded); ``not run``: the settings are missing.

The paper's claims are stated in docs/model.md; docs/empirical.md says which were tested here.
Works on the result JSON files alone (numpy and scipy, no torch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional, Sequence

import numpy as np

from .records import by_regime, common_epoch, series, steps_per_epoch, training_key
from .stats import (ALPHA, bca_interval, holm, one_sided_t_p, paired_t_power, seeds_for_power,
                    t_interval, tost_p, welch_interval)

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

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["ci"] = list(self.ci) if self.ci is not None else None
        return d


@dataclass
class _Test:
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


def _at(record: dict, key: str, epoch: int) -> np.ndarray:
    return series(record, key)[epoch - 1]


class _Family:
    def __init__(self) -> None:
        self.tests: list[_Test] = []

    def add(self, t: _Test) -> None:
        self.tests.append(t)

    def missing(self, cid: str, regime: str, claim: str, needed: str) -> None:
        self.add(_Test(cid, regime, claim, "", preset=NOT_RUN, note=f"needs results for {needed}"))

    # --- claim shapes -----------------------------------------------------------------------

    def accuracy(self, cid: str, regime: str, claim: str, better: dict, worse: dict,
                 epoch: Optional[int] = None, same_as: Optional[str] = None) -> None:
        """Paired difference of test accuracy at a common epoch (default: the last common one);
        ``same_as``: the id of the identical test already added (shown, counted once)."""
        e = common_epoch([better, worse], epoch)
        self.add(_Test(cid, regime, claim,
                       f"test accuracy at epoch {e}: {better['setting']} - {worse['setting']}",
                       _paired(_at(better, "test_acc", e), _at(worse, "test_acc", e), better, worse),
                       margin=ACCURACY_MARGIN, epoch=e, step=e * steps_per_epoch(better),
                       note=f"the same test as {same_as}; counted once in the Holm family" if same_as else "",
                       same_as=same_as))

    def similar_start(self, cid: str, regime: str, claim: str, a: dict, b: dict) -> None:
        e = common_epoch([a, b], 1)
        self.add(_Test(cid, regime, claim,
                       f"test accuracy at epoch {e}: {a['setting']} - {b['setting']}",
                       _paired(_at(a, "test_acc", e), _at(b, "test_acc", e), a, b), 0.0, "within",
                       SIMILAR_MARGIN, epoch=e, step=e * steps_per_epoch(a),
                       note=f"similar := |difference| < {SIMILAR_MARGIN:g} (TOST)"))

    def early_gradients(self, cid: str, regime: str, remedy: dict, plain: dict,
                        key: str = "grad_norm") -> None:
        what = "objective (loss + penalty)" if key == "grad_norm" else "data-loss"
        self.add(_Test(cid, regime, "larger gradients early in training",
                       f"per-seed ratio of the epoch-1 mean {what} gradient norm: "
                       f"{remedy['setting']} / {plain['setting']} (geometric mean over seeds)",
                       _paired(np.log(_at(remedy, key, 1)), np.log(_at(plain, key, 1)), remedy, plain),
                       0.0, "greater", math.log(GRADIENT_MARGIN), log_scale=True, epoch=1,
                       step=steps_per_epoch(remedy)))

    def no_explosion(self, cid: str, regime: str, remedy: dict) -> None:
        claim = f"no exploding gradients with the remedy ({remedy['setting']})"
        stat = "per-seed log10(max over steps of the gradient norm / step-0 gradient norm)"
        note = f"explosion := some step's norm > {EXPLOSION_FACTOR:g}x the step-0 norm"
        epochs = len(remedy["history"]["epoch"])
        if "grad_norm_first" not in remedy["history"]:
            self.add(_Test(cid, regime, claim, stat, preset=NOT_ASSESSED, epoch=epochs,
                           n_seeds=len(remedy["config"]["seeds"]),
                           note="the record has no step-0 gradient (written before it was recorded)"))
            return
        peak = series(remedy, "grad_norm_max").max(0)
        start = series(remedy, "grad_norm_first")[0]
        self.add(_Test(cid, regime, claim, stat, np.log10(peak / start),
                       math.log10(EXPLOSION_FACTOR), "less", epoch=epochs,
                       step=epochs * steps_per_epoch(remedy), note=note))

    def decreasing(self, cid: str, regime: str, claim: str, record: dict) -> None:
        g = series(record, "grad_norm")
        self.add(_Test(cid, regime, claim,
                       f"per-seed ratio of the mean gradient norm, last epoch / epoch 1 ({record['setting']})",
                       np.log(g[-1] / g[0]), 0.0, "less", math.log(GRADIENT_MARGIN), log_scale=True,
                       epoch=len(g),
                       step=len(g) * steps_per_epoch(record)))

    def runtime(self, cid: str, regime: str, remedy: dict, base: dict) -> None:
        claim = f"no significant runtime overhead ({remedy['setting']} vs {base['setting']}; appendix B)"
        stat = (f"ratio of mean epoch time (epochs after the first): {remedy['setting']} / "
                f"{base['setting']}; Welch t over epochs on log times")
        if "shards" in remedy or "shards" in base:
            self.add(_Test(cid, regime, claim, stat, preset=NOT_ASSESSED,
                           note="timings come from separate shard jobs"))
            return
        a, b = np.log(_timing(remedy)), np.log(_timing(base))
        # The effect to resolve is the observed log ratio or the margin, whichever is larger:
        # timings whose epoch-to-epoch spread exceeds both cannot decide the claim.
        effect = max(abs(float(a.mean() - b.mean())), math.log(RUNTIME_MARGIN))
        noise = max(float(a.std(ddof=1)), float(b.std(ddof=1))) if min(len(a), len(b)) > 1 else math.inf
        n = min(len(a), len(b))
        if noise >= effect:
            self.add(_Test(cid, regime, claim, stat, preset=NOT_ASSESSED, n_seeds=n,
                           note=f"timing noise (SD of log epoch time {noise:.3g}) is not below the "
                                f"effect to resolve (max(|log ratio|, log {RUNTIME_MARGIN:g}) = {effect:.3g})"))
            return
        self.add(_Test(cid, regime, claim, stat, null=math.log(RUNTIME_MARGIN), direction="less",
                       log_scale=True, welch=(a, b), n_seeds=n,
                       note=f"significant := more than {RUNTIME_MARGIN - 1:.0%} slower; "
                            "replicates are epochs, not seeds"))

    # --- evaluation -------------------------------------------------------------------------

    def claims(self, interval: str = "t") -> list[Claim]:
        evaluated = [self._evaluate(t, interval) for t in self.tests]
        # A test repeated under a second claim (the same statistic at the same step) is one
        # hypothesis: counting it twice would inflate Holm's correction for every other claim.
        adjusted = holm([None if t.same_as else c.p for c, t in zip(evaluated, self.tests)])
        by_id = {t.id: p for t, p in zip(self.tests, adjusted)}
        adjusted = [by_id[t.same_as] if t.same_as else p for t, p in zip(self.tests, adjusted)]
        return [self._verdict(replace(c, same_as=t.same_as), t, p)
                for c, t, p in zip(evaluated, self.tests, adjusted)]

    @staticmethod
    def _evaluate(t: _Test, interval: str) -> Claim:
        base = dict(id=t.id, regime=t.regime, claim=t.claim, statistic=t.statistic,
                    step=t.step, epoch=t.epoch, direction=t.direction, p_holm=None, note=t.note,
                    log_scale=t.log_scale)
        back = math.exp if t.log_scale else float
        beyond = {"greater": t.null + t.margin, "less": t.null - t.margin}.get(t.direction)
        base["margin"] = (None if t.preset is not None else
                          t.margin if t.direction == "within" else back(beyond))
        if t.preset is not None:
            return Claim(**base, n_seeds=t.n_seeds, estimate=None, ci=None, interval=None,
                         null=back(t.null) if t.preset != NOT_RUN else None, p=None, verdict=t.preset)
        if t.welch is not None:
            a, b = t.welch
            iv = welch_interval(a - t.null, b)
            iv = replace(iv, estimate=iv.estimate + t.null, low=iv.low + t.null, high=iv.high + t.null)
            n = t.n_seeds
        else:
            iv = t_interval(t.values, t.null)
            if interval == "bca":
                boot = bca_interval(lambda v, axis=-1: np.mean(v, axis=axis), [t.values], paired=False)
                iv = replace(iv, low=boot.low, high=boot.high, kind="bca")
            n = len(t.values)
            base["sd"] = float(np.std(t.values, ddof=1))
        if t.direction == "within":
            p = tost_p(t.values, t.margin)
        elif t.welch is not None:  # margin 0: twice the smaller one-sided p is the two-sided p
            p = iv.p
        else:
            other = "less" if t.direction == "greater" else "greater"
            p = min(1.0, 2.0 * min(one_sided_t_p(t.values, beyond, t.direction),
                                   one_sided_t_p(t.values, t.null, other)))
        return Claim(**base, n_seeds=n, estimate=back(iv.estimate), ci=(back(iv.low), back(iv.high)),
                     interval=iv.kind, null=back(t.null), p=p, verdict="")

    @staticmethod
    def _verdict(c: Claim, t: _Test, p_holm: Optional[float]) -> Claim:
        if c.verdict:
            return c
        if c.n_seeds < MIN_SEEDS:  # for timings, epochs are the replicates
            v = EXPLORATORY
        elif t.direction == "within":
            lo, hi = c.ci
            v = CONFIRMED if p_holm < ALPHA else (
                REFUTED if lo >= c.null + t.margin or hi <= c.null - t.margin else INCONCLUSIVE)
        else:
            sign = 1.0 if t.direction == "greater" else -1.0
            fwd = math.log if t.log_scale else float
            claimed = sign * (fwd(c.estimate) - fwd(c.null)) > 0
            v = INCONCLUSIVE if p_holm >= ALPHA else (CONFIRMED if claimed else REFUTED)
            lo, hi = (fwd(x) - fwd(c.null) for x in c.ci)
            if v == INCONCLUSIVE and claimed and t.margin > 0 and (lo > 0 or hi < 0):
                note = "statistically nonzero, below the margin"
                return replace(c, p_holm=p_holm, verdict=v,
                               note=f"{c.note}; {note}" if c.note else note)
        return replace(c, p_holm=p_holm, verdict=v)


def _timing(record: dict) -> np.ndarray:
    t = np.asarray(record["history"]["epoch_time"], dtype=float)
    return t[1:] if len(t) > 2 else t  # epoch 1 includes one-off warm-up (allocator, cudnn)


def _paired(a: np.ndarray, b: np.ndarray, ra: dict, rb: dict) -> np.ndarray:
    """Per-seed differences a - b; both records must hold the same seeds in the same order."""
    if ra["config"]["seeds"] != rb["config"]["seeds"]:
        raise ValueError(f"{ra['regime']}/{ra['setting']} and {rb['regime']}/{rb['setting']} were "
                         "trained with different seeds, so they cannot be compared seed by seed")
    return np.asarray(a, float) - np.asarray(b, float)


def _relu_for(reg: dict, regime: str, plain: dict) -> dict[str, dict]:
    """relu records for ``regime``: its own, else the combined regime's when trained alike."""
    own = {k: v for k, v in reg.get(regime, {}).items() if k.startswith("relu")}
    if own or regime == "combined":
        return own
    comb = {k: v for k, v in reg.get("combined", {}).items() if k.startswith("relu")}
    same = lambda r: (training_key(r, model=False) == training_key(plain, model=False))
    return {k: v for k, v in comb.items() if same(v)}


def claims_table(records: Sequence[dict], interval: str = "t") -> list[Claim]:
    """Every claim the given (validated) records can test, with Holm-corrected verdicts."""
    if interval not in ("t", "bca"):
        raise ValueError(f"interval must be 't' or 'bca', got {interval!r}")
    reg = by_regime(records)
    f = _Family()

    large = reg.get("large", {})
    if {"tanh", "tanh+L2"} <= set(large):
        l2, plain = large["tanh+L2"], large["tanh"]
        f.similar_start("large.similar-start", "large", "L2 and unregularized perform similarly initially", l2, plain)
        f.accuracy("large.l2-better", "large", "L2-regularized beats unregularized", l2, plain)
        if common_epoch([l2, plain]) >= 10:
            f.accuracy("large.l2-better-at-10", "large", "L2 improves accuracy after about ten epochs",
                       l2, plain, epoch=10,
                       same_as="large.l2-better" if common_epoch([l2, plain]) == 10 else None)
        f.early_gradients("large.early-grad", "large", l2, plain)
        f.early_gradients("large.early-data-grad", "large", l2, plain, key="data_grad_norm")
        f.no_explosion("large.no-explosion", "large", l2)
        f.decreasing("large.grad-decreases", "large",
                     "with L2 the gradients become smaller as training proceeds", l2)
    else:
        f.missing("large", "large", "L2 regularization (Figure 1)", "large/tanh, large/tanh+L2")

    many = reg.get("many", {})
    if {"tanh", "scaled-tanh"} <= set(many):
        sc, plain = many["scaled-tanh"], many["tanh"]
        f.accuracy("many.faster-epoch1", "many", "s-scaled tanh trains faster from epoch 1", sc, plain, epoch=1)
        f.accuracy("many.better-final", "many", "s-scaled tanh ends ahead", sc, plain)
        f.early_gradients("many.early-grad", "many", sc, plain)
        f.no_explosion("many.no-explosion", "many", sc)
    else:
        f.missing("many", "many", "scaling trick (Figure 2)", "many/tanh, many/scaled-tanh")

    for regime, sig in (("combined", "tanh"), ("logistic", "logistic")):
        res = reg.get(regime, {})
        both = f"{sig}+L2+scaled"
        if {sig, both} <= set(res):
            f.accuracy(f"{regime}.remedies-beat-plain", regime, f"L2 + scaling beats plain {sig}",
                       res[both], res[sig])
            f.no_explosion(f"{regime}.no-explosion", regime, res[both])
            f.runtime(f"{regime}.runtime-{sig}", regime, res[both], res[sig])
            relu = _relu_for(reg, regime, res[both])
            for name in ("relu", "relu+L2"):
                if name in relu:
                    f.accuracy(f"{regime}.beats-{name}", regime,
                               f"{name} does poorly here (below {both})", res[both], relu[name])
            if regime == "combined" and {"relu", "relu+L2"} <= set(relu):
                f.runtime("combined.runtime-relu", regime, relu["relu+L2"], relu["relu"])
        else:
            f.missing(regime, regime, f"L2 + scaling vs plain {sig}", f"{regime}/{sig}, {regime}/{both}")

    abl = reg.get("ablation", {})
    if "logistic" in abl:
        plain = abl["logistic"]
        for name, what in (("logistic+L2", "L2 alone"), ("logistic+scaled", "scaling alone"),
                           ("logistic+L2+scaled", "L2 + scaling")):
            if name in abl:
                f.accuracy(f"ablation.{name}", "ablation", f"{what} helps the logistic", abl[name], plain)
        cen = "centered_sigmoid+L2+scaled"
        if {cen, "logistic+L2+scaled"} <= set(abl):
            f.accuracy("ablation.centring-rescues-remedies", "ablation",
                       "the remedies work for the centred logistic sigma - 1/2 where they fail for sigma",
                       abl[cen], abl["logistic+L2+scaled"])
        if {cen, "centered_sigmoid"} <= set(abl):
            f.accuracy("ablation.centred-remedies-help", "ablation",
                       "L2 + scaling helps the centred logistic", abl[cen], abl["centered_sigmoid"])
    return f.claims(interval)


def power_table(claims: Sequence[Claim], power: float = POWER) -> list[dict]:
    """Seeds needed for ``power`` per claim: paired t at level alpha / m (Bonferroni, the first
    step of Holm, m = claims in the family), with the observed effect and seed-to-seed SD taken
    as the truth; the effect is measured from the margin when on the claimed side (what
    confirming needs), else from no effect (what refuting needs); ``seeds_to_run`` is at least :data:`MIN_SEEDS` (below it no verdict is given).
    Claims without per-seed values (runtime, not run) are skipped."""
    family = [c for c in claims if c.p is not None and c.same_as is None]
    m = max(len(family), 1)
    rows = []
    for c in family:
        if c.sd is None:
            continue
        n, sd = c.n_seeds, c.sd
        tr = math.log if c.log_scale else float
        # On the claimed side, confirming needs the effect to pass the margin, so the margin is
        # the null to beat; on the other side, refuting needs it to pass no effect.
        sign = {"greater": 1.0, "less": -1.0}.get(c.direction, 0.0)
        claimed = sign * (tr(c.estimate) - tr(c.null)) > 0
        ref = c.margin if claimed and c.margin is not None else c.null
        effect = tr(c.estimate) - tr(ref)
        needed = seeds_for_power(effect, sd, power, ALPHA / m)
        rows.append({"id": c.id, "n_seeds": n, "effect": effect, "sd": sd,
                     "scale": "log" if c.log_scale else "linear", "alpha": ALPHA / m,
                     "power_now": paired_t_power(effect, sd, n, ALPHA / m),
                     "seeds_needed": needed,
                     "seeds_to_run": None if needed is None else max(needed, MIN_SEEDS),
                     "status": ("underpowered" if needed is None or max(needed, MIN_SEEDS) > n
                                else "powered")})
    return rows


def runtime_table(records: Sequence[dict]) -> list[dict]:
    """Appendix B analog: mean training time per epoch of every setting, and per network."""
    rows = []
    for regime, settings in by_regime(records).items():
        for name, r in settings.items():
            t = _timing(r)
            n = len(r["config"]["seeds"])
            rows.append({"regime": regime, "setting": name, "label": r.get("label", name),
                         "seeds": n, "epoch_time_s": float(t.mean()),
                         "epoch_time_sd_s": float(t.std(ddof=1)) if len(t) > 1 else 0.0,
                         "per_network_epoch_time_s": float(t.mean() / n),
                         "n_train": r["config"]["data"].get("n_train_used"),
                         "device_name": r["meta"].get("device_name", "")})
    return rows
