"""Figures 1-3 and the appendix-C analog from result files, plus the tables (matplotlib, no torch)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from vgtheory.empirical.analysis import claims_table, power_table, runtime_table
from vgtheory.empirical.records import by_regime, series
from vgtheory.empirical.storage import write_json_atomic, write_text_atomic
from vgtheory.empirical.summary import summary_table
from vgtheory.empirical.tables import claims_markdown, power_markdown, runtime_markdown, summary_markdown

BAND = (10, 90)  # the shaded band spans these percentiles over seeds
FIGURE_TITLES = {"large": "Figure 1 analog: large-parameters regime",
                 "many": "Figure 2 analog: many-layers regime",
                 "combined": "Figure 3 analog: combined regime",
                 "logistic": "Appendix C analog: combined regime, logistic",
                 "ablation": "Appendix C ablation: L2 x scaling, centred logistic"}


def _band(ax, x: np.ndarray, y: np.ndarray, label: str, color, linestyle: str = "-") -> None:
    """Mean over seeds (axis 1) as a line, the BAND percentiles as a shaded region."""
    ax.plot(x, y.mean(1), color=color, linestyle=linestyle, label=label)
    lo, hi = np.percentile(y, BAND, axis=1)
    ax.fill_between(x, lo, hi, color=color, alpha=0.2, linewidth=0)


def plot_regime(records: dict[str, dict], path: Path, title: str = "") -> Path:
    """Test accuracy, gradient norm and saturated share vs epoch, one curve per setting."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(3, 1, figsize=(7, 10), sharex=True)
    colors = plt.get_cmap("tab10").colors
    for i, (name, r) in enumerate(sorted(records.items())):
        c = colors[i % len(colors)]
        epochs = np.asarray(r["history"]["epoch"], dtype=float)
        acc = np.vstack([np.asarray(r["initial"]["test_acc"])[None], series(r, "test_acc")])
        _band(axes[0], np.concatenate([[0.0], epochs]), acc, r.get("label", name), c)
        axes[0].plot(epochs, series(r, "train_acc").mean(1), color=c, linestyle=":", linewidth=1)
        _band(axes[1], epochs, series(r, "grad_norm"), r.get("label", name), c)
        sat = np.vstack([np.asarray(r["initial"]["saturation"])[None], series(r, "saturation")])
        _band(axes[2], np.concatenate([[0.0], epochs]), sat.mean(2), r.get("label", name), c)
    n_seeds = min(len(r["config"]["seeds"]) for r in records.values())
    axes[0].set_ylabel("test accuracy (dotted: train)")
    axes[1].set_ylabel("gradient norm (epoch mean)")
    axes[1].set_yscale("log")
    axes[2].set_ylabel("saturated share of units")
    axes[2].set_xlabel("epoch")
    axes[0].legend(fontsize=8)
    axes[0].set_title(f"{title}\nmean over {n_seeds} seeds, band: {BAND[0]}-{BAND[1]}th percentile",
                      fontsize=10)
    from matplotlib.ticker import MaxNLocator

    for ax in axes:
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return save_figure(fig, path)


def save_figure(fig, path: Path | str) -> Path:
    """Lay out, write (creating folders) and close a matplotlib figure; returns the path."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_report(records: Sequence[dict], out_dir: Path, interval: str = "t",
                 preregistration: Optional[dict] = None) -> dict[str, Path]:
    """Write one figure per regime and the claims, power, runtime and summary tables (Markdown +
    JSON); ``preregistration`` fixes the claims of its regime (:func:`.analysis.claims_table`)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for regime, settings in sorted(by_regime(records).items()):
        written[f"figure_{regime}"] = plot_regime(settings, out_dir / f"figure_{regime}.png",
                                                  FIGURE_TITLES.get(regime, regime))
    claims = claims_table(records, interval=interval, preregistration=preregistration)
    power = power_table(claims)
    runtime = runtime_table(records)
    write_json_atomic(out_dir / "claims.json", [c.to_dict() for c in claims])
    partial = sorted({(r["regime"], tuple(r["config"]["seeds"]), len(r["partial"]["seeds_planned"]))
                      for r in records if "partial" in r})
    head = "".join(f"**Partial ({regime}): a sweep still running; seeds {list(seeds)} of {planned} "
                   f"analysed (`figures --partial`).**\n\n" for regime, seeds, planned in partial)
    write_text_atomic(out_dir / "claims.md", head + claims_markdown(claims))
    write_json_atomic(out_dir / "power.json", power)
    write_text_atomic(out_dir / "power.md", power_markdown(power))
    write_json_atomic(out_dir / "runtime.json", runtime)
    write_text_atomic(out_dir / "runtime.md", runtime_markdown(runtime))
    summary = summary_table(records)
    write_json_atomic(out_dir / "summary.json", [r.to_dict() for r in summary])
    write_text_atomic(out_dir / "summary.md", summary_markdown(summary))
    written.update({"claims.json": out_dir / "claims.json", "claims.md": out_dir / "claims.md",
                    "power.json": out_dir / "power.json", "power.md": out_dir / "power.md",
                    "runtime.json": out_dir / "runtime.json", "runtime.md": out_dir / "runtime.md",
                    "summary.json": out_dir / "summary.json", "summary.md": out_dir / "summary.md"})
    return written
