"""Draw a :class:`vgtheory.meanfield.phase.PhaseDiagram` (matplotlib, Agg, no display).

``vgtheory plot EXPR --phase -o file.png``: log10 χ₁ on the (σ_b, σ_w) grid (blue ordered, red
chaotic), the edge of chaos χ₁ = 1 of σ (solid) and of each s-scaled σ_s (dashed).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from vgtheory.errors import VGTheoryError
from vgtheory.render.figure_io import save_figure
from vgtheory.meanfield.phase import PhaseDiagram, phase_diagram

__all__ = ["phase_figure", "plot_phase", "cli_phase"]

_FORMATS = (".png", ".pdf", ".svg")


def phase_figure(diagram: PhaseDiagram) -> Any:
    """A matplotlib Figure (own Agg canvas, no pyplot state) of the diagram."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 5.5))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    chi = np.array([[np.nan if v is None else math.log10(v) if v > 0 else np.nan for v in row] for row in diagram.chi1])
    finite = chi[np.isfinite(chi)]
    span = max(0.1, float(np.max(np.abs(finite)))) if finite.size else 1.0
    mesh = ax.pcolormesh(diagram.sigma_b, diagram.sigma_w, chi, cmap="coolwarm", shading="nearest",
                         norm=TwoSlopeNorm(vcenter=0.0, vmin=-span, vmax=span))
    fig.colorbar(mesh, ax=ax, label=r"$\log_{10}\chi_1$ at $q^*$ from $q_0 = 1$ ($s = 1$)")
    b_max, w_max = max(diagram.sigma_b), max(diagram.sigma_w)
    for i, curve in enumerate(diagram.curves):
        pts = [(b, w) for b, w in zip(curve.sigma_b, curve.sigma_w) if b <= b_max and w <= w_max]
        if not pts:
            continue
        style = "-" if curve.s == 1 else "--"
        ax.plot([p[0] for p in pts], [p[1] for p in pts], style, color="k" if curve.s == 1 else f"C{i + 1}",
                lw=2, label=rf"$\chi_1 = 1$, $s = {curve.s:g}$")
    ax.set_xlim(0, b_max)
    ax.set_ylim(0, w_max)
    ax.set_xlabel(r"$\sigma_b$")
    ax.set_ylabel(r"$\sigma_w$")
    ax.set_title(f"edge of chaos of {diagram.activation.replace('$', '')} and of $s\\,\\sigma(u/s)$ (float64)")
    if ax.get_legend_handles_labels()[0]:  # no curve (D = +oo everywhere): no empty legend warning
        ax.legend(loc="upper left", fontsize="small")
    return fig


def plot_phase(act: Any, path: str | Path, **kwargs: Any) -> PhaseDiagram:
    """Compute :func:`vgtheory.meanfield.phase.phase_diagram` and save its figure to ``path``."""
    out = Path(path)
    if out.suffix.lower() not in _FORMATS:
        raise VGTheoryError(f"the figure is saved as {', '.join(_FORMATS)}, got {str(path)!r}")
    diagram = phase_diagram(act, **kwargs)
    fig = phase_figure(diagram)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise VGTheoryError(f"cannot write {out}: {exc.strerror or exc}") from None
    save_figure(fig, out)
    return diagram


def cli_phase(args: argparse.Namespace) -> int:
    """``vgtheory plot EXPR --phase -o FILE``: the scales come from --scales (default 1,3,10,30);
    progress lines on stderr past 2 s."""
    from vgtheory.progress import Progress

    scales = [t.strip() for t in args.scales.split(",")]
    if any(not t for t in scales):
        raise VGTheoryError(f"--scales must be a comma-separated list of numbers, got {args.scales!r}")
    plot_phase(args.activation, args.output, scales=scales, grid=getattr(args, "phase_grid", 20), progress=Progress())
    print(args.output)
    return 0
