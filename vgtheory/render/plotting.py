r"""Pictures of an activation and of its gradient against depth (matplotlib, Agg, no display).

:func:`plot_activation` draws a 2x2 figure:

1. σ(z);
2. σ'(z);
3. |z σ'(z)| against |z| (property 2: it must tend to 0), log-log;
4. ∂f/∂w_1 against depth l for equal weights w_k = w and input x, for the plain activation
   (s = 1) and the scaled σ_s(u) = s σ(u/s) for a few s > 1, with the Theorem 2 prediction of
   :mod:`vgtheory.theorems.section` dashed.

The gradients fall below 1e-300 at moderate depth (tanh, w = 2, x = 1: about 1.1e-312 at
l = 400), where float64 underflows. Every logarithmic panel therefore plots log10 of the mpmath
value on a linear axis labelled with powers of ten, so such points are drawn, not lost.

With equal weights the depth-l network is the first l layers of the depth-L one, so

.. math:: \frac{\partial f^{(l)}}{\partial w_1} = x\,\sigma'(w x) \prod_{k=2}^{l} w\,\sigma'(w z_{k-1})

is a prefix product of one depth-L forward pass: a single :func:`vgtheory.core.chain.gradient` call
per s gives every depth (its last entry is checked in the tests against separate calls).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import mpmath

from vgtheory.core.activations import Activation, activation
from vgtheory.core.chain import gradient, to_real
from vgtheory.core.chain_error import agreeing_digits
from vgtheory.errors import MissingDependencyError, VGTheoryError
from vgtheory.render.figure_io import check_directory, save_figure
from vgtheory.core.input_limits import MAX_PLOT_DEPTH, check_int
from vgtheory.progress import ProgressFn

__all__ = [
    "DepthProfile",
    "ActivationPlot",
    "depth_profile",
    "activation_figure",
    "plot_activation",
    "add_plot_arguments",
    "cli_plot",
    "register_cli",
]

DEFAULT_SCALES = (1, 3, 10, 30)
#: Digits for the plotted gradients: plenty for a picture, and the exponent range is unbounded anyway.
PLOT_DPS = 30
#: Digits more of the second run that confirms each depth's value.
_CHECK_DIGITS = 10
#: Digits up to which a slope that cancels to 0 is retried: e^{-2t} is resolved up to t ≈ 1300.
_MAX_RETRY_DPS = 1200
_FORMATS = (".png", ".pdf", ".svg")


@dataclass(frozen=True)
class DepthProfile:
    """∂f/∂w_1 of the depth-l chain for l = 1..L, equal weights w, input x, activation σ_s.

    ``df_dw1[l-1]`` is its value (mpmath), right to ``digits[l-1]`` significant digits; ``predicted[l-1]`` the Theorem 2
    prediction, or ``predicted`` is None with the reason in ``prediction_kind``.
    """

    s: mpmath.mpf
    w: mpmath.mpf
    x: mpmath.mpf
    df_dw1: tuple[mpmath.mpf, ...]
    predicted: tuple[mpmath.mpf, ...] | None
    prediction_kind: str
    dps: int
    #: Significant digits of each ``df_dw1`` entry on which a run at more digits agrees (0: none; not drawn).
    digits: tuple[int, ...] = ()

    @property
    def undetermined(self) -> tuple[int, ...]:
        """The depths whose ∂f/∂w_1 no second run confirmed to one digit (left out of the figure)."""
        return tuple(l for l, n in zip(self.depths, self.digits) if n < 1)

    @property
    def depths(self) -> tuple[int, ...]:
        return tuple(range(1, len(self.df_dw1) + 1))

    def log10(self) -> tuple[float, ...]:
        """log10 |∂f/∂w_1| per depth (NaN where it is 0 or not confirmed), safe below the float64 range."""
        gone = set(self.undetermined)
        return tuple(float("nan") if l in gone else v for l, v in zip(self.depths, _log10_abs(self.df_dw1)))

    def log10_predicted(self) -> tuple[float, ...] | None:
        return None if self.predicted is None else _log10_abs(self.predicted)


@dataclass(frozen=True)
class ActivationPlot:
    """A drawn figure: where it was saved, the figure itself, and the gradient data of panel 4."""

    path: Path | None
    activation: str
    profiles: tuple[DepthProfile, ...]
    figure: Any = field(repr=False, compare=False)


def _log10_abs(values: Sequence[Any]) -> tuple[float, ...]:
    return tuple(float(mpmath.log10(abs(v))) if v != 0 and mpmath.isfinite(v) else float("nan") for v in values)


def _plot_depth(depth_max: Any) -> int:
    return check_int(depth_max, "depth_max", 1, MAX_PLOT_DEPTH)


def _require_matplotlib() -> None:
    """A :class:`MissingDependencyError` naming the extra, instead of a bare ModuleNotFoundError."""
    try:
        import matplotlib  # noqa: F401
    except ModuleNotFoundError:
        raise MissingDependencyError("matplotlib is not installed; plots need it: pip install 'vgtheory[plot]'") from None


def _check_scales(scales: Any) -> tuple[Any, ...]:
    if isinstance(scales, (str, bytes)) or not isinstance(scales, Sequence) or len(scales) == 0:
        raise VGTheoryError("scales must be a non-empty sequence of positive numbers")
    for s in scales:
        if not to_real(s, "scale s") > 0:
            raise VGTheoryError(f"scale s must be positive, got {s!r}")
    return tuple(scales)


def depth_profile(
    act: Any,
    *,
    depth_max: int = 200,
    s: Any = 1,
    w: Any = 1.0,
    x: Any = 1.0,
    dps: int = PLOT_DPS,
    predict: bool = True,
    props: Any = None,
    progress: ProgressFn | None = None,
) -> DepthProfile:
    """∂f/∂w_1 for depths 1..depth_max from one depth-``depth_max`` gradient call.

    With ``predict`` also Theorem 2's prediction (``props``: precomputed property results, so
    that several s share one property check). ``progress`` is passed on to the gradient call.
    """
    sigma = activation(act)
    depth_max = _plot_depth(depth_max)
    with mpmath.workdps(dps):
        s_v = to_real(s, "scale s")
        if not s_v > 0:
            raise VGTheoryError(f"scale s must be positive, got {s!r}")
        w_v = to_real(w, "w")
        scaled = sigma if s_v == 1 else sigma.scaled(s)
        # w as given: its rounding at this precision would hide an exact kink (0.1 * 10 = 1, R22b-3)
        run = gradient(scaled, [w] * depth_max, x, dps=dps, progress=progress)
        if run.kink_layers:
            k = run.kink_layers[0]
            raise VGTheoryError(
                f"the input of layer {k} lies exactly on a kink of {sigma.name} (s = {mpmath.nstr(s_v, 6)}; its one-sided "
                f"slopes differ): df/dw_1 of the depth-{k} network does not exist, nor of deeper ones unless a slope "
                "further on is 0; nothing drawn")
        if not run.digits:
            # Its prefixes share the run's slopes: no digit of the deepest confirmed, none of theirs drawn (R20b-5).
            raise VGTheoryError(
                f"df/dw_1 at depth {depth_max} (s = {mpmath.nstr(s_v, 6)}) is not determined: runs at over "
                f"{run.checked_dps or run.dps} digits agree on no digit of it ({run.risk_reason or 'see vgtheory gradient'}); "
                "nothing drawn")
        # Each depth-l value is a prefix of the depth-L run's own factors at its working precision; recomputing the
        # slopes at this plot's digits from rounded z_k drew 8.5e-32 for cos(w) = -4.2e-40 (w = pi/2 to 40 digits) and
        # 0.0 past depth 7 of a chain whose z_k = 1 - 2^(-2^k) round to 1 (R28b-2). A second run at more digits
        # confirms each prefix: those on which the two agree on no digit are not drawn.
        check = gradient(scaled, [w] * depth_max, x, dps=dps + _CHECK_DIGITS)
        values, again = _prefixes(run), _prefixes(check)
        digits = tuple(0 if check.working_dps == run.working_dps else agreeing_digits(a, b, dps)
                       for a, b in zip(values, again))
        predicted, kind = (
            _theorem2_prediction(sigma, w, x, s, depth_max, dps, props) if predict else (None, "not requested")
        )
        return DepthProfile(s_v, w_v, run.x, values, predicted, kind, dps, digits)


def _prefixes(run: Any) -> tuple[mpmath.mpf, ...]:
    """x σ'(t_1) ∏_{k=2}^{l} w_k σ'(t_k) for l = 1..L from the run's own z, w and σ'(t_k), at its working digits."""
    with mpmath.workdps(run.working_dps):
        prefix, out = run.z[0] * run.slopes[0], []
        out.append(prefix)
        for wk, d in zip(run.w[1:], run.slopes[1:]):
            prefix = prefix * wk * d
            out.append(prefix)
    return tuple(out)


def _theorem2_prediction(
    sigma: Activation, w: Any, x: Any, s: Any, depth_max: int, dps: int, props: Any
) -> tuple[tuple[mpmath.mpf, ...] | None, str]:
    """Theorem 2's ∂f/∂w_1 for depths 1..depth_max, or (None, why not)."""
    try:
        from vgtheory.theorems.section import theorem2
    except ImportError:  # the theorems module is optional; the measured curves stand alone
        return None, "vgtheory.theorems.section is not installed"
    try:
        result = theorem2(sigma, w=_exact(w), x=_exact(x), depth=depth_max, s=_exact(s), dps=max(dps, 15), props=props)
    except VGTheoryError as exc:
        return None, f"no Theorem 2 prediction: {exc}"
    # Drawn only where `check` says Theorem 2 applies: property 4 and (H) hold. For mish (H)
    # fails and its "bound" lay 6-16x below the true gradient.
    linear = props.linear_at_origin.verdict if props is not None else "holds"
    if linear != "holds" or result.hypothesis_H.verdict != "holds":
        H = result.hypothesis_H
        return None, (f"no Theorem 2 curve: it does not apply (property 4: {linear}; (H): {H.verdict}"
                      f"{', ' + H.detail if H.detail else ''})")
    return tuple(result.predicted_df_dw1(l) for l in range(1, depth_max + 1)), result.prediction_kind


def _exact(value: Any) -> Any:
    """A float as its shortest decimal string: theorem2 reads strings exactly (1.0 -> 1), which
    its regime test a·w = 1 and series onset need; other values pass through."""
    return repr(value) if isinstance(value, float) else value


def _sample(fn: Callable[[mpmath.mpf], mpmath.mpf], points: Sequence[float]) -> list[float]:
    out = []
    for t in points:
        try:
            out.append(float(fn(mpmath.mpf(t))))
        except (VGTheoryError, ValueError, ZeroDivisionError, OverflowError):
            out.append(float("nan"))  # a gap in the curve (a pole or an undefined point)
    return out


def _short(value: mpmath.mpf) -> str:
    """Six significant digits, without a trailing '.0'."""
    text = mpmath.nstr(value, 6)
    return text[:-2] if text.endswith(".0") else text


def _power_of_ten_axis(axis: Any) -> None:
    """Label a linear axis that carries log10 values as 10^k."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=7, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"$10^{{{int(round(v))}}}$"))


def activation_figure(
    act: Any,
    *,
    depth_max: int = 200,
    scales: Sequence[Any] = DEFAULT_SCALES,
    w: Any = 1.0,
    x: Any = 1.0,
    dps: int = PLOT_DPS,
    progress: ProgressFn | None = None,
) -> tuple[Any, tuple[DepthProfile, ...]]:
    """The 2x2 :class:`matplotlib.figure.Figure` (not attached to pyplot) and panel 4's data.

    ``depth_max`` is at most 10,000 (:mod:`vgtheory.core.input_limits`); ``progress(done, total, what)`` is
    told the layers done, counted over all scales.
    """
    sigma = activation(act)
    depth_max = _plot_depth(depth_max)
    scales = _check_scales(scales)
    to_real(w, "w"), to_real(x, "x")  # fail fast, before the property check
    _require_matplotlib()
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    props = _properties_or_none(sigma)
    total = len(scales) * depth_max
    profiles = []
    for i, s in enumerate(scales):
        # One count over all scales: layers of the earlier scales plus those of this one.
        layers = None if progress is None else (
            lambda done, _n, _what, before=i * depth_max: progress(before + done, total, "plot: layers")
        )
        profiles.append(depth_profile(sigma, depth_max=depth_max, s=s, w=w, x=x, dps=dps, props=props, progress=layers))
        if progress is not None:
            progress((i + 1) * depth_max, total, "plot: layers")
    profiles = tuple(profiles)

    # A Figure with its own Agg canvas: no pyplot state, no display, safe in threads and tests.
    fig = Figure(figsize=(11, 8))
    FigureCanvasAgg(fig)
    # A fixed layout: constrained/tight layout would double the drawing time.
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.07, top=0.91, wspace=0.2, hspace=0.32)
    ax_sigma, ax_slope, ax_tail, ax_depth = fig.subplots(2, 2).flat
    name = sigma.name.replace("$", r"\$")
    fig.suptitle(f"activation {name}")

    with mpmath.workdps(dps):
        grid = np.linspace(-6, 6, 401)
        ax_sigma.plot(grid, _sample(sigma.value, grid), color="C0")
        ax_sigma.set_title(r"$\sigma(z)$")
        ax_slope.plot(grid, _sample(sigma.slope, grid), color="C1")
        ax_slope.set_title(r"$\sigma'(z)$")
        for ax in (ax_sigma, ax_slope):
            ax.axhline(0, color="0.7", lw=0.8)
            ax.axvline(0, color="0.7", lw=0.8)
            ax.set_xlabel("$z$")

        magnitudes = np.logspace(-2, 2, 300)
        for sign, style, label in ((1, "-", "$z > 0$"), (-1, "--", "$z < 0$")):
            tail = [_tail_term(sigma, sign * t) for t in magnitudes]
            ax_tail.plot(magnitudes, _log10_abs(tail), style, label=label)
        ax_tail.set_xscale("log")
        _power_of_ten_axis(ax_tail.yaxis)
        ax_tail.set_xlabel("$|z|$")
        ax_tail.set_title(r"$|z\,\sigma'(z)|$ (property 2: $\to 0$)")
        ax_tail.legend()

    for i, profile in enumerate(profiles):
        color = f"C{i}"
        label = f"$s = {_short(profile.s)}$"
        ax_depth.plot(profile.depths, profile.log10(), color=color, label=label)
        predicted = profile.log10_predicted()
        if predicted is not None:
            ax_depth.plot(profile.depths, predicted, "--", color=color, lw=1)
    if any(p.predicted is not None for p in profiles):
        ax_depth.plot([], [], "--", color="0.4", lw=1, label="Theorem 2")
    _power_of_ten_axis(ax_depth.yaxis)
    ax_depth.set_xlabel("depth $l$")
    w_text, x_text = _short(profiles[0].w), _short(profiles[0].x)
    ax_depth.set_title(rf"$\partial f/\partial w_1$, $w_k = {w_text}$, $x = {x_text}$, $s\,\sigma(u/s)$")
    ax_depth.legend(fontsize="small")
    return fig, profiles


def _tail_term(sigma: Activation, t: float) -> mpmath.mpf:
    """z σ'(z) at z = t, or NaN where σ' cannot be evaluated."""
    try:
        z = mpmath.mpf(t)
        return z * _slope(sigma, z)
    except (VGTheoryError, ValueError, ZeroDivisionError, OverflowError):
        return mpmath.nan


def _slope(sigma: Activation, t: mpmath.mpf) -> mpmath.mpf:
    """σ'(t), retried at higher precision while it comes out exactly 0.

    Formulas such as 1 − tanh²(t) cancel to 0 once e^{-2t} is below the working precision
    (t ≳ 35 at 30 digits), although σ'(t) > 0; more digits recover the true tiny value.
    A genuine 0 (relu on t < 0) costs a few retries up to _MAX_RETRY_DPS.
    """
    value = sigma.slope(t)
    dps = mpmath.mp.dps
    # More digits cannot help a float64 callable.
    while value == 0 and dps < _MAX_RETRY_DPS and sigma.precision == "mpmath":
        dps = min(8 * dps, _MAX_RETRY_DPS)
        with mpmath.workdps(dps):
            value = sigma.slope(t)
    return +value


def _properties_or_none(sigma: Activation) -> Any:
    """The property results Theorem 2 needs (computed once for all s), or None without the module."""
    try:
        from vgtheory.properties.four import check_properties
    except ImportError:
        return None
    return check_properties(sigma)


def plot_activation(
    act: Any,
    path: str | Path,
    *,
    depth_max: int = 200,
    scales: Sequence[Any] = DEFAULT_SCALES,
    w: Any = 1.0,
    x: Any = 1.0,
    dps: int = PLOT_DPS,
    progress: ProgressFn | None = None,
) -> ActivationPlot:
    """Draw :func:`activation_figure` and save it to ``path`` (.png, .pdf or .svg)."""
    out = Path(path)
    if out.suffix.lower() not in _FORMATS:
        raise VGTheoryError(f"the figure is saved as {', '.join(_FORMATS)}, got {str(path)!r}")
    check_directory(out)
    fig, profiles = activation_figure(act, depth_max=depth_max, scales=scales, w=w, x=x, dps=dps, progress=progress)
    save_figure(fig, out)
    return ActivationPlot(out, activation(act).name, profiles, fig)


# -- command line -------------------------------------------------------------------------------------


def add_plot_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``vgtheory plot EXPR -o FILE.png``."""
    parser.add_argument("activation", metavar="EXPR", help="registry name or formula in x or z")
    parser.add_argument("-o", "--output", required=True, help="image file to write (.png, .pdf or .svg)")
    parser.add_argument(
        "--depth-max", type=int, default=200,
        help=f"largest depth in panel 4, at most {MAX_PLOT_DEPTH:,} (default 200; 5,000 takes about 15 s)",
    )
    parser.add_argument("--scales", default="1,3,10,30", help="comma-separated s values (default 1,3,10,30)")
    parser.add_argument("--w", default="1", help="the common weight w_k (default 1)")
    parser.add_argument("--x", default="1", help="the input x (default 1)")


def cli_plot(args: argparse.Namespace) -> int:
    """Run ``vgtheory plot``: save the figure and print its path."""
    scales = [t.strip() for t in args.scales.split(",")]
    if any(not t for t in scales):
        raise VGTheoryError(f"--scales must be a comma-separated list of numbers, got {args.scales!r}")
    from vgtheory.progress import Progress

    result = plot_activation(
        args.activation, args.output, depth_max=args.depth_max, scales=scales, w=args.w, x=args.x, progress=Progress()
    )
    for p in result.profiles:
        if p.undetermined:
            print(f"vgtheory: warning: s = {_short(p.s)}: df/dw_1 at {_depth_list(p.undetermined)} not drawn (a run at "
                  f"{p.dps + _CHECK_DIGITS} digits confirms no digit of it)", file=sys.stderr)
    print(result.path)
    return 0


def _depth_list(depths: Sequence[int]) -> str:
    """"depths 8-10, 14" for (8, 9, 10, 14)."""
    runs: list[list[int]] = []
    for l in depths:
        if runs and l == runs[-1][-1] + 1:
            runs[-1].append(l)
        else:
            runs.append([l])
    parts = [f"{r[0]}" if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return ("depth " if len(depths) == 1 else "depths ") + ", ".join(parts)


def register_cli(subparsers: Any) -> None:
    """Add the ``plot`` subcommand to ``vgtheory``'s subparsers (found by :mod:`vgtheory.cli.app`)."""
    parser = subparsers.add_parser("plot", help="draw sigma, sigma', |z sigma'(z)| and df/dw_1 against depth")
    add_plot_arguments(parser)
    parser.add_argument("--phase", action="store_true", help="draw the signal-propagation phase diagram (sigma_w vs sigma_b) instead")
    parser.add_argument("--phase-grid", type=int, default=20, help="chi1 grid points per axis with --phase (default 20)")
    parser.add_argument("--timeout", type=float, default=PLOT_SECONDS,
                        help=f"seconds allowed for the whole figure (default {PLOT_SECONDS:g})")
    parser.set_defaults(func=_plot_or_phase)


#: Default wall-clock bound of one ``plot`` run (a 200x200 phase grid is 40,000 signal runs).
PLOT_SECONDS = 300.0


def _plot_or_phase(args: argparse.Namespace) -> int:
    from vgtheory.core._bounded import StepTimeout, bounded
    from vgtheory.core.input_limits import check_seconds

    seconds = check_seconds(getattr(args, "timeout", PLOT_SECONDS), "--timeout")
    check_directory(args.output)
    if getattr(args, "phase", False):
        from vgtheory.render.phase_plot import cli_phase as run
    else:
        run = cli_plot
    try:
        return bounded(lambda: run(args), seconds)
    except StepTimeout:
        raise VGTheoryError(f"the figure could not be computed within {seconds:g} s (--timeout); "
                            "a larger --timeout (or a smaller --phase-grid) may give it") from None
