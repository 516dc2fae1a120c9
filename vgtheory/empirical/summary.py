"""Per-setting summary of finished runs: what each curve of a figure reached, in numbers.

For every (regime, setting): test accuracy before training, after the first epoch and after the
last one (mean and sample SD over seeds), the gradient norm of the objective in the first and the
last epoch (geometric mean over seeds, as gradient norms span orders of magnitude), and the
saturated share of units (mean over seeds and activation layers) before training and after the
last epoch.  Descriptive only: the tests of the paper's claims are :func:`.analysis.claims_table`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np

from vgtheory.empirical.records import by_regime, series, steps_per_epoch


@dataclass(frozen=True)
class SettingSummary:
    """One setting's numbers; accuracies are fractions, ``*_sd`` the SD over seeds (ddof 1)."""

    regime: str
    setting: str
    label: str
    n_seeds: int
    epochs: int
    steps: int
    test_acc_initial: float
    test_acc_epoch1: float
    test_acc_epoch1_sd: float
    test_acc_final: float
    test_acc_final_sd: float
    train_acc_final: float
    grad_norm_epoch1: float
    grad_norm_final: float
    saturated_initial: float
    saturated_final: float

    def to_dict(self) -> dict:
        return asdict(self)


def _sd(x: np.ndarray) -> float:
    return float(x.std(ddof=1)) if x.size > 1 else float("nan")


def _geomean(x: np.ndarray) -> float:
    return float(np.exp(np.log(x).mean()))


def summarise(record: dict) -> SettingSummary:
    """The :class:`SettingSummary` of one complete result record."""
    acc = series(record, "test_acc")              # (epochs, seeds)
    grad = series(record, "grad_norm")
    sat = series(record, "saturation")            # (epochs, seeds, layers)
    initial = record["initial"]
    epochs = acc.shape[0]
    return SettingSummary(
        regime=record["regime"], setting=record["setting"], label=record.get("label", record["setting"]),
        n_seeds=acc.shape[1], epochs=epochs, steps=epochs * steps_per_epoch(record),
        test_acc_initial=float(np.mean(initial["test_acc"])),
        test_acc_epoch1=float(acc[0].mean()), test_acc_epoch1_sd=_sd(acc[0]),
        test_acc_final=float(acc[-1].mean()), test_acc_final_sd=_sd(acc[-1]),
        train_acc_final=float(series(record, "train_acc")[-1].mean()),
        grad_norm_epoch1=_geomean(grad[0]), grad_norm_final=_geomean(grad[-1]),
        saturated_initial=float(np.mean(initial["saturation"])), saturated_final=float(sat[-1].mean()))


def summary_table(records: Sequence[dict]) -> list[SettingSummary]:
    """:func:`summarise` for every record, by regime then setting name."""
    return [summarise(rec) for _, settings in sorted(by_regime(records).items())
            for _, rec in sorted(settings.items())]
