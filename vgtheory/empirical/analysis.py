"""The paper's empirical claims, and pre-registered ones, tested on result records, Holm per regime.

Every claim reduces to one number per seed (a paired difference, a log ratio, a growth factor),
tested with Student's t over seeds against the claim's null; the p-values of the claims of one
regime form the family that Holm's step-down procedure corrects.  A verdict is

* ``confirmed``: the Holm-adjusted one-sided p of "the effect lies beyond the claim's smallest
  effect of interest (its margin)" is below 0.05; ``refuted``: the Holm-adjusted one-sided p of
  "the effect lies on the other side of no effect" is below 0.05 (each direction its own Holm
  family; no doubling of one-sided p-values).  Equivalence claims: TOST for confirmed, the
  interval entirely outside the margin for refuted.  From at least :data:`MIN_SEEDS` seeds.  A
  significant effect below the margin is ``inconclusive`` with the note "statistically nonzero,
  below the margin".  Where the per-seed values fail a Shapiro-Wilk normality check (p < 0.05)
  the Wilcoxon signed-rank p of the same one-sided hypothesis is reported beside the t p, and the
  verdict uses the larger of the two;
* ``exploratory``: the same numbers from fewer seeds: shown, never a verdict;
* ``inconclusive``: otherwise; ``not assessed``: the data cannot test it (every paired difference
  0 or SD 0: "no variation"; timing noise larger than the effect; no step-0 gradient recorded);
  ``not run``: the settings are missing.

Accuracy claims carry the stuck-at-chance rule: a seed whose test accuracy at the compared epoch
is below :data:`STUCK_AT_CHANCE` is stuck; the verdict uses all seeds, and the estimate, interval
and p without the pairs where either seed is stuck are reported beside it (``sensitivity``).
A ``preregistration.json`` (experiments/results/e1-scaling/preregister.py) fixes the claims,
endpoints, directions and margins of a regime before its run; each claims row carries the
theory's ``prediction`` ({quantity, value, source}) where one exists.

The paper's claims are stated in docs/model.md; docs/empirical.md says which were tested here.
Works on the result JSON files alone (numpy and scipy, no torch).
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np

from vgtheory.empirical.family import (
    ACCURACY_MARGIN, CONFIRMED, EXPLORATORY, EXPLOSION_FACTOR, GRADIENT_MARGIN, INCONCLUSIVE,
    INIT_RATIO_MARGIN, MEANFIELD, MIN_SEEDS, NOT_ASSESSED, NOT_RUN, POWER, REFUTED, RUNTIME_MARGIN,
    SIMILAR_MARGIN, STUCK_AT_CHANCE, Claim, ClaimFamily, ClaimTest, _at, _paired, _ratio_prediction, _timing
)
from vgtheory.empirical.records import by_regime, common_epoch, steps_per_epoch, training_key
from vgtheory.empirical.stats import ALPHA, paired_t_power, seeds_for_power

SHARED_WITH_LOGISTIC = ("logistic", "logistic+L2+scaled")


def _ablation_records(reg: dict) -> dict[str, dict]:
    """The ablation's records; its plain logistic and logistic + L2 + scaling are the logistic
    regime's networks, read from there when not trained under the ablation and trained alike
    (same data, seeds, schedule, init and width as the ablation's own records; same penalty and
    scale as its logistic+L2 and logistic+scaled), so each training run is stored once."""
    own = dict(reg.get("ablation", {}))
    logistic = reg.get("logistic", {})
    if not own:
        return own
    ref = next(iter(own.values()))
    for name in SHARED_WITH_LOGISTIC:
        r = logistic.get(name)
        if name in own or r is None or training_key(r, model=False) != training_key(ref, model=False):
            continue
        lam_ref = own.get("logistic+L2", {}).get("config", {}).get("setting", {}).get("lam")
        scale_ref = own.get("logistic+scaled", {}).get("config", {}).get("setting", {}).get("model", {}).get("scale")
        setting = r["config"]["setting"]
        if name.endswith("+L2+scaled") and (lam_ref is not None and setting["lam"] != lam_ref
                                            or scale_ref is not None and setting["model"]["scale"] != scale_ref):
            continue
        own[name] = r
    return own


def _relu_for(reg: dict, regime: str, plain: dict) -> dict[str, dict]:
    """relu records for ``regime``: its own, else the combined regime's when trained alike."""
    own = {k: v for k, v in reg.get(regime, {}).items() if k.startswith("relu")}
    if own or regime == "combined":
        return own
    comb = {k: v for k, v in reg.get("combined", {}).items() if k.startswith("relu")}
    same = lambda r: (training_key(r, model=False) == training_key(plain, model=False))
    return {k: v for k, v in comb.items() if same(v)}


def default_scaling_claims(settings: Sequence[str]) -> list[dict]:
    """The scaling regime's family when no pre-registration is given: every s > 1 against s = 1,
    test accuracy at the last epoch (greater, margin :data:`ACCURACY_MARGIN`) and the conv1 /
    last-hidden gradient ratio at initialisation (greater, margin :data:`INIT_RATIO_MARGIN`)."""
    plain = next((s for s in settings if s.endswith("-s1")), None)
    if plain is None:
        return []
    others = [s for s in settings if s != plain]
    return ([{"id": f"scaling.acc-{s.rsplit('-', 1)[1]}", "claim": f"{s} trains faster than {plain}",
              "endpoint": "test_acc", "better": s, "worse": plain, "direction": "greater",
              "margin": ACCURACY_MARGIN, "scale": "linear"} for s in others]
            + [{"id": f"scaling.init-ratio-{s.rsplit('-', 1)[1]}",
                "claim": f"{s} lifts the conv1 / last-hidden gradient ratio at initialisation",
                "endpoint": "init_log_ratio", "better": s, "worse": plain, "direction": "greater",
                "margin": INIT_RATIO_MARGIN, "scale": "log"} for s in others])


def _init_log_ratio(record: dict) -> np.ndarray:
    """Per seed log(conv1 / last hidden layer) of the data-loss gradient at step 0."""
    g = np.asarray(record["history"]["data_grad_norm_layers_first"][0], dtype=float)
    return np.log(g[:, 0] / g[:, -2])


def _log_data_grad(record: dict, layer: int, first: int, last: int) -> np.ndarray:
    """Per seed, the mean over epochs first..last of log(layer's data-loss gradient norm, the
    epoch's mean over its steps): the log of a geometric mean over training (E3's endpoint)."""
    g = np.asarray(record["history"]["data_grad_norm_layers"][first - 1:last], dtype=float)
    return np.log(g[:, :, layer]).mean(0)


def _layer_name(record: dict, layer: int) -> str:
    names = record.get("layers") or []
    return names[layer] if -len(names) <= layer < len(names) else f"layer {layer}"


def _registered(f: ClaimFamily, regime: str, records: dict[str, dict], claims: Sequence[dict]) -> None:
    """The claims of a pre-registration (see experiments/results/e1-scaling/preregister.py)."""
    for c in claims:
        better, worse = c["better"], c["worse"]
        if not {better, worse} <= set(records):
            f.add(ClaimTest(c["id"], regime, c["claim"], "", preset=NOT_RUN, primary=bool(c.get("primary")),
                        note=f"needs results for {regime}/{better}, {regime}/{worse}"))
            continue
        rb, rw = records[better], records[worse]
        direction, log = c["direction"], c.get("scale") == "log"
        margin = math.log(c["margin"]) if log else float(c["margin"])
        common = dict(prediction=c.get("prediction") or _ratio_prediction(rb, rw),
                      primary=bool(c.get("primary")), log_scale=log)
        if c["endpoint"] == "test_acc":
            e = common_epoch([rb, rw], c.get("epoch"))
            a, b = _at(rb, "test_acc", e), _at(rw, "test_acc", e)
            f.add(ClaimTest(c["id"], regime, c["claim"], f"test accuracy at epoch {e}: {better} - {worse}",
                        _paired(a, b, rb, rw), 0.0, direction, margin, epoch=e,
                        step=e * steps_per_epoch(rb), acc_pair=(a, b), **common))
        elif c["endpoint"] == "init_log_ratio":
            if any("data_grad_norm_layers_first" not in r["history"] for r in (rb, rw)):
                f.add(ClaimTest(c["id"], regime, c["claim"], "", preset=NOT_ASSESSED,
                            note="the records have no step-0 per-layer gradient"))
                continue
            f.add(ClaimTest(c["id"], regime, c["claim"],
                        f"per-seed ratio of (conv1 / last hidden data-loss gradient at step 0): "
                        f"{better} / {worse} (geometric mean over seeds)",
                        _paired(_init_log_ratio(rb), _init_log_ratio(rw), rb, rw), 0.0, direction,
                        margin, epoch=0, step=0, **common))
        elif c["endpoint"] == "data_grad_layer":
            e = common_epoch([rb, rw], c.get("epoch"))
            layer = int(c.get("layer", 0))
            first = int(c.get("from_epoch", 1))
            f.add(ClaimTest(c["id"], regime, c["claim"],
                        f"per-seed ratio of the {_layer_name(rb, layer)} data-loss gradient norm "
                        f"(geometric mean over epochs {first}..{e} of the per-epoch mean over "
                        f"steps): {better} / {worse} (geometric mean over seeds)",
                        _paired(_log_data_grad(rb, layer, first, e),
                                _log_data_grad(rw, layer, first, e), rb, rw), 0.0, direction,
                        margin, epoch=e, step=e * steps_per_epoch(rb), **common))
        else:
            raise ValueError(f"claim {c['id']}: unknown endpoint {c['endpoint']!r}")


def claims_table(records: Sequence[dict], interval: str = "t",
                 preregistration: Optional[dict] = None) -> list[Claim]:
    """Every claim the given (validated) records can test, with Holm-corrected verdicts (Holm per
    regime).  ``preregistration`` (a ``preregistration.json``) fixes the claims of its regime;
    with it, paper regimes without records are left out instead of listed as ``not run``."""
    if interval not in ("t", "bca"):
        raise ValueError(f"interval must be 't' or 'bca', got {interval!r}")
    reg = by_regime(records)
    f = ClaimFamily()
    if preregistration is not None:
        regime = preregistration["regime"]
        _registered(f, regime, reg.get(regime, {}), preregistration["claims"])
        reg = {k: v for k, v in reg.items() if k != regime}
        if not reg:
            return f.claims(interval)
    if "scaling" in reg:
        _registered(f, "scaling", reg["scaling"], default_scaling_claims(sorted(reg["scaling"])))
    f.list_missing = preregistration is None  # with one: only the regimes that were run

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

    abl = _ablation_records(reg)
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
