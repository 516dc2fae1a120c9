"""Statistics over seeds: bootstrap CIs, verdicts, the claims table and the runtime table.

Works on the result JSON files alone (numpy only, no torch).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

import numpy as np

from .storage import SCHEMA

CONFIRMED, REFUTED, INCONCLUSIVE = "confirmed", "refuted", "inconclusive"
EXPLOSION_FACTOR = 10.0   # "exploding": the epoch-mean gradient norm grows >10x over epoch 1
RUNTIME_MARGIN = 1.10     # "no significant overhead": remedy/plain epoch time below 1.10
SIMILAR_MARGIN = 0.02     # "very similar initially": |accuracy difference| below 2 points


# --- loading -----------------------------------------------------------------------------------

def load_results(paths: Iterable[str | Path]) -> list[dict]:
    """Result records from files and (recursively) directories; other JSON files are skipped."""
    records = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise FileNotFoundError(f"no such result file or directory: {p}")
        files = sorted(p.rglob("*.json")) if p.is_dir() else [p]
        for f in files:
            try:
                obj = json.loads(f.read_text())
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise ValueError(f"{f}: not a JSON file ({exc})") from None
            if isinstance(obj, dict) and obj.get("schema") == SCHEMA:
                obj["_path"] = str(f)
                records.append(obj)
    return records


def by_regime(records: Sequence[dict]) -> dict[str, dict[str, dict]]:
    """``{regime: {setting: record}}`` (a later record of the same setting wins)."""
    out: dict[str, dict[str, dict]] = {}
    for r in records:
        out.setdefault(r["regime"], {})[r["setting"]] = r
    return out


def series(record: dict, key: str) -> np.ndarray:
    """A per-epoch series as an array ``(epochs, seeds[, layers])``."""
    return np.asarray(record["history"][key], dtype=float)


# --- bootstrap -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CI:
    """Point estimate with a percentile-bootstrap confidence interval."""

    estimate: float
    low: float
    high: float
    level: float

    def to_dict(self) -> dict:
        return asdict(self)


Statistic = Callable[..., np.ndarray]


def mean_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a.mean(-1) - b.mean(-1)


def ratio_of_means(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a.mean(-1) / b.mean(-1)


def mean(a: np.ndarray) -> np.ndarray:
    return a.mean(-1)


def bootstrap_ci(statistic: Statistic, samples: Sequence[np.ndarray], *, paired: bool = False,
                 n_boot: int = 10000, level: float = 0.95, seed: int = 0) -> CI:
    """Percentile bootstrap CI of ``statistic(*samples)`` over resampled seeds.

    ``statistic`` maps arrays whose last axis indexes seeds to a value per leading index.  With
    ``paired`` (equal-length samples whose i-th entries share seed i: same initial draw and data
    order) the same seeds are resampled in every sample; otherwise each sample independently.
    """
    arrays = [np.asarray(s, dtype=float) for s in samples]
    if any(a.ndim != 1 or len(a) < 2 for a in arrays):
        raise ValueError("each sample must be 1-d with at least 2 values")
    if paired and len({len(a) for a in arrays}) != 1:
        raise ValueError("paired samples must have equal lengths")
    rng = np.random.default_rng(seed)
    estimate = float(statistic(*arrays))
    if paired:
        idx = rng.integers(0, len(arrays[0]), size=(n_boot, len(arrays[0])))
        boots = statistic(*[a[idx] for a in arrays])
    else:
        boots = statistic(*[a[rng.integers(0, len(a), size=(n_boot, len(a)))] for a in arrays])
    alpha = (1.0 - level) / 2.0
    low, high = np.nanquantile(boots, [alpha, 1.0 - alpha])
    return CI(estimate, float(low), float(high), level)


def verdict(ci: CI, null: float, direction: str, margin: float = 0.0) -> str:
    """confirmed / refuted / inconclusive for a claim about the statistic.

    ``greater``/``less``: the claim is "statistic > null" (resp. "<"); confirmed when the CI
    lies entirely on the claimed side of ``null``, refuted when entirely on the other side.
    ``within``: the claim is |statistic - null| < margin (an equivalence claim); confirmed when
    the CI lies inside (null - margin, null + margin), refuted when it lies entirely outside.
    """
    lo, hi = ci.low, ci.high
    if direction == "greater":
        return CONFIRMED if lo > null else REFUTED if hi < null else INCONCLUSIVE
    if direction == "less":
        return CONFIRMED if hi < null else REFUTED if lo > null else INCONCLUSIVE
    if direction == "within":
        if lo > null - margin and hi < null + margin:
            return CONFIRMED
        return REFUTED if lo >= null + margin or hi <= null - margin else INCONCLUSIVE
    raise ValueError(f"unknown direction {direction!r}")


# --- claims --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Claim:
    """One claim of THEORY.md section 5, the statistic testing it, and the verdict."""

    id: str
    regime: str
    claim: str
    statistic: str
    estimate: Optional[float]
    ci_low: Optional[float]
    ci_high: Optional[float]
    null: float
    direction: str
    verdict: str
    n_seeds: int
    epochs: int
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _paired(a: dict, b: dict) -> bool:
    return a["config"]["seeds"] == b["config"]["seeds"]


def _epoch_index(record: dict, epoch: int) -> int:
    return min(epoch, len(record["history"]["epoch"])) - 1


def _test_acc(record: dict, epoch: Optional[int] = None) -> np.ndarray:
    acc = series(record, "test_acc")
    return acc[-1] if epoch is None else acc[_epoch_index(record, epoch)]


def _growth(record: dict) -> np.ndarray:
    g = series(record, "grad_norm")
    return np.log10(g.max(0) / g[0])


def _decay(record: dict) -> np.ndarray:
    g = series(record, "grad_norm")
    return g[-1] / g[0]


def _timing(record: dict) -> np.ndarray:
    t = np.asarray(record["history"]["epoch_time"], dtype=float)
    return t[1:] if len(t) > 2 else t  # epoch 1 includes one-off warm-up (allocator, cudnn)


class _ClaimBuilder:
    def __init__(self, n_boot: int, seed: int) -> None:
        self.n_boot, self.seed, self.claims = n_boot, seed, []

    def add(self, cid: str, regime: str, claim: str, statistic: str, stat: Statistic,
            samples: Sequence[np.ndarray], paired: bool, null: float, direction: str,
            record: dict, margin: float = 0.0, note: str = "") -> None:
        n = min(len(s) for s in samples)
        if n < 2:
            self.claims.append(Claim(cid, regime, claim, statistic, None, None, None, null,
                                     direction, INCONCLUSIVE, n, len(record["history"]["epoch"]),
                                     "fewer than 2 samples"))
            return
        ci = bootstrap_ci(stat, samples, paired=paired, n_boot=self.n_boot, seed=self.seed)
        self.claims.append(Claim(cid, regime, claim, statistic, ci.estimate, ci.low, ci.high,
                                 null, direction, verdict(ci, null, direction, margin),
                                 len(record["config"]["seeds"]),
                                 len(record["history"]["epoch"]), note))

    def missing(self, cid: str, regime: str, claim: str, needed: str) -> None:
        self.claims.append(Claim(cid, regime, claim, "", None, None, None, 0.0, "", "not run",
                                 0, 0, f"needs results for {needed}"))


def _comparison(b: _ClaimBuilder, cid: str, regime: str, claim: str, better: dict, worse: dict,
                epoch: Optional[int] = None) -> None:
    when = "final epoch" if epoch is None else f"epoch {epoch}"
    b.add(cid, regime, claim,
          f"mean test accuracy, {when}: {better['setting']} - {worse['setting']}",
          mean_difference, [_test_acc(better, epoch), _test_acc(worse, epoch)],
          _paired(better, worse), 0.0, "greater", better)


def _early_gradients(b: _ClaimBuilder, cid: str, regime: str, remedy: dict, plain: dict,
                     key: str = "grad_norm") -> None:
    what = "objective (loss + penalty)" if key == "grad_norm" else "data-loss part of the"
    b.add(cid, regime, "larger gradients early in training",
          f"ratio of mean {what} gradient norm in epoch 1: {remedy['setting']} / {plain['setting']}",
          ratio_of_means, [series(remedy, key)[0], series(plain, key)[0]],
          _paired(remedy, plain), 1.0, "greater", remedy)


def _no_explosion(b: _ClaimBuilder, cid: str, regime: str, remedy: dict) -> None:
    b.add(cid, regime, f"no exploding gradients with the remedy ({remedy['setting']})",
          "mean over seeds of log10(max epoch-mean gradient norm / epoch-1 gradient norm)",
          mean, [_growth(remedy)], False, float(np.log10(EXPLOSION_FACTOR)), "less", remedy,
          note=f"explosion := growth by more than {EXPLOSION_FACTOR:g}x")


def claims_table(records: Sequence[dict], n_boot: int = 10000, seed: int = 0) -> list[Claim]:
    """Every claim of THEORY.md section 5 that the given results can test, with a verdict."""
    reg = by_regime(records)
    b = _ClaimBuilder(n_boot, seed)

    large = reg.get("large", {})
    if {"tanh", "tanh+L2"} <= set(large):
        l2, plain = large["tanh+L2"], large["tanh"]
        b.add("large.similar-start", "large", "L2 and unregularized perform similarly initially",
              "mean test accuracy, epoch 1: tanh+L2 - tanh", mean_difference,
              [_test_acc(l2, 1), _test_acc(plain, 1)], _paired(l2, plain), 0.0, "within", l2,
              margin=SIMILAR_MARGIN, note=f"similar := |difference| < {SIMILAR_MARGIN:g}")
        _comparison(b, "large.l2-better", "large", "L2-regularized beats unregularized", l2, plain)
        if len(l2["history"]["epoch"]) >= 10:
            _comparison(b, "large.l2-better-at-10", "large",
                        "L2 improves accuracy after about ten epochs", l2, plain, epoch=10)
        _early_gradients(b, "large.early-grad", "large", l2, plain)
        _early_gradients(b, "large.early-data-grad", "large", l2, plain, key="data_grad_norm")
        _no_explosion(b, "large.no-explosion", "large", l2)
        b.add("large.grad-decreases", "large",
              "with L2 the gradients become smaller as training proceeds",
              "ratio of mean gradient norm, final epoch / epoch 1 (tanh+L2)", mean,
              [_decay(l2)], False, 1.0, "less", l2)
    else:
        b.missing("large", "large", "L2 regularization (Figure 1)", "large/tanh, large/tanh+L2")

    many = reg.get("many", {})
    if {"tanh", "scaled-tanh"} <= set(many):
        sc, plain = many["scaled-tanh"], many["tanh"]
        _comparison(b, "many.faster-epoch1", "many", "s-scaled tanh trains faster from epoch 1",
                    sc, plain, epoch=1)
        _comparison(b, "many.better-final", "many", "s-scaled tanh ends ahead", sc, plain)
        _early_gradients(b, "many.early-grad", "many", sc, plain)
        _no_explosion(b, "many.no-explosion", "many", sc)
    else:
        b.missing("many", "many", "scaling trick (Figure 2)", "many/tanh, many/scaled-tanh")

    for regime, sig in (("combined", "tanh"), ("logistic", "logistic")):
        res = reg.get(regime, {})
        both = f"{sig}+L2+scaled"
        if {sig, both} <= set(res):
            _comparison(b, f"{regime}.remedies-beat-plain", regime,
                        f"L2 + scaling beats plain {sig}", res[both], res[sig])
            _no_explosion(b, f"{regime}.no-explosion", regime, res[both])
        else:
            b.missing(regime, regime, f"L2 + scaling vs plain {sig}", f"{regime}/{sig}, {regime}/{both}")
        for relu in ("relu", "relu+L2"):
            if {both, relu} <= set(res):
                _comparison(b, f"{regime}.beats-{relu}", regime,
                            f"{relu} does poorly here (below {both})", res[both], res[relu])
        for remedy, base in ((both, sig), ("relu+L2", "relu")):
            if {remedy, base} <= set(res):
                b.add(f"{regime}.runtime-{base}", regime,
                      f"no significant runtime overhead ({remedy} vs {base}; appendix B)",
                      f"ratio of mean epoch time (epochs after the first): {remedy} / {base}",
                      ratio_of_means, [_timing(res[remedy]), _timing(res[base])], False,
                      RUNTIME_MARGIN, "less", res[remedy],
                      note=f"significant := more than {RUNTIME_MARGIN - 1:.0%} slower; "
                           "bootstrap over epochs")
    return b.claims


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


# --- rendering -----------------------------------------------------------------------------------

def _fmt(x: Optional[float]) -> str:
    return "" if x is None else f"{x:.4g}"


def claims_markdown(claims: Sequence[Claim]) -> str:
    """The claims table as Markdown."""
    lines = ["| id | claim | statistic | estimate | 95% CI | verdict |",
             "| --- | --- | --- | --- | --- | --- |"]
    for c in claims:
        ci = "" if c.ci_low is None else f"[{_fmt(c.ci_low)}, {_fmt(c.ci_high)}]"
        stat = c.statistic + (f" ({c.note})" if c.note else "")
        lines.append(f"| {c.id} | {c.claim} | {stat} | {_fmt(c.estimate)} | {ci} | **{c.verdict}** |")
    return "\n".join(lines) + "\n"


def runtime_markdown(rows: Sequence[dict]) -> str:
    """The runtime table as Markdown."""
    lines = ["| regime | setting | seeds | epoch time (s) | per network (s) | device |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['regime']} | {r['setting']} | {r['seeds']} | "
                     f"{r['epoch_time_s']:.3g} ± {r['epoch_time_sd_s']:.2g} | "
                     f"{r['per_network_epoch_time_s']:.3g} | {r['device_name']} |")
    return "\n".join(lines) + "\n"
