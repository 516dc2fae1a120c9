"""The ``vgtheory signal`` subcommand (found by :mod:`vgtheory.cli.app` through :func:`register_cli`).

    vgtheory signal EXPR --sigma-w W --sigma-b B [--s S] [--q0 Q] [--dps D] [--timeout T] [--json]
    vgtheory signal EXPR --critical [--sigma-b B] [--s S] [--timeout T] [--json]

Every run is bounded by ``--timeout`` seconds (default 25): past it, one line says that the
result could not be computed within that time (exit 2), never a run of minutes.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from vgtheory.errors import VGTheoryError
from vgtheory.meanfield.critical_error import sigma_w_text

#: Default wall-clock bound of one ``signal`` run (seconds; the start-up of ~3 s comes on top).
DEFAULT_SECONDS = 25.0

__all__ = ["register_cli", "cli_signal"]


def _fmt(value: Any) -> str:
    return "n/a" if value is None else f"{value:.12g}"


def _within(seconds: float, what: str, fn):
    """fn(), or one clear error line when it runs past ``seconds``."""
    from vgtheory.core._bounded import StepTimeout, bounded

    try:
        return bounded(fn, seconds)
    except StepTimeout:
        raise VGTheoryError(f"{what} could not be computed within {seconds:g} s (--timeout); "
                            "a larger --timeout may give it") from None


def cli_signal(args: argparse.Namespace) -> int:
    """Run ``vgtheory signal``: print q*, χ₁, phase and depth scale, or the critical σ_w."""
    from vgtheory.core.input_limits import check_seconds
    from vgtheory.meanfield.propagation import critical_init, signal

    seconds = check_seconds(args.timeout, "--timeout")
    if args.critical:
        if args.sigma_w is not None:
            raise VGTheoryError("--critical finds sigma_w itself; leave out --sigma-w")
        result = _within(seconds, "the critical sigma_w", lambda: critical_init(
            args.activation, args.sigma_b, s=args.s, q0=args.q0, dps=args.dps))
        data = result.to_dict()
        if args.json:
            print(json.dumps(data, indent=2))
            return 0
        exact = f" (= {data['sigma_w_exact']})" if data["sigma_w_exact"] else ""
        print(f"activation {data['activation']}, sigma_b = {_fmt(data['sigma_b'])}")
        print(f"critical sigma_w = {sigma_w_text(data['sigma_w'], data['sigma_w_error'])}{exact}   [{data['route']}]")
        print(f"q* = {data['check']['text']['q_star'] or 'n/a'}   chi1 = {_fmt(data['chi1'])}   ({data['method']}, {data['precision']})")
        return 0
    if args.sigma_w is None:
        raise VGTheoryError("give --sigma-w W (or --critical to find the sigma_w with chi1 = 1)")
    data = _within(seconds, "q* and chi1", lambda: signal(
        args.activation, args.sigma_w, args.sigma_b, s=args.s, q0=args.q0, dps=args.dps)).to_dict()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    # The text fields, not the floats: float64 makes chi1 = 1e-600 a 0 and q* = 1e600 an inf.
    text = {key: "n/a" if value is None else value for key, value in data["text"].items()}
    print(f"activation {data['activation']}, sigma_w = {text['sigma_w']}, sigma_b = {text['sigma_b']}, q0 = {text['q0']}")
    # The error estimate after the state: "q* = X (converged)" stays one phrase.
    q_error = f"   error estimate {text['q_star_error']}" if data["q_star_error"] else ""
    print(f"q* = {text['q_star']} ({data['q_state_text']}){q_error}")
    if data["chi1_note"]:
        print(f"chi1 = +oo   phase: {data['phase']}   ({data['chi1_note']})")
    elif data["chi1"] is None:
        # No fixed point was reached: there is no chi1 to give an error for.
        print(f"chi1 = n/a (no fixed point q* found: {data['q_state_text']})   phase: {data['phase']}")
    else:
        print(f"chi1 = {text['chi1']}   error estimate {text['chi1_error']}   phase: {data['phase']}   "
              f"depth scale xi = {text['depth_scale']}")
    print(f"{data['method']}, {data['precision']}")
    return 0


def register_cli(subparsers: Any) -> None:
    """Add ``signal`` to ``vgtheory``'s subparsers."""
    p = subparsers.add_parser("signal", help="mean-field signal propagation: q*, chi1, phase, critical sigma_w")
    p.add_argument("activation", metavar="EXPR", help="registry name or formula in x or z")
    p.add_argument("--sigma-w", help="weight scale: weights N(0, sigma_w^2/fan_in)")
    p.add_argument("--sigma-b", default="0", help="bias standard deviation (default 0)")
    p.add_argument("--s", help="use the s-scaled activation s*sigma(u/s)")
    p.add_argument("--q0", default="1", help="starting variance of the length map (default 1)")
    p.add_argument("--dps", type=int, default=20, help="mpmath digits for the quadrature (default 20)")
    p.add_argument("--timeout", type=float, default=DEFAULT_SECONDS,
                   help=f"seconds allowed for the whole computation (default {DEFAULT_SECONDS:g})")
    p.add_argument("--critical", action="store_true", help="find the sigma_w with chi1 = 1 for --sigma-b")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cli_signal)
