"""The ``vgtheory`` command line.

Exit codes: 0 on success, 2 with one ``vgtheory: error: ...`` line on bad input.
PyTorch is imported only by the empirical subcommands.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

from .errors import VGTheoryError

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, as every other vgtheory error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"vgtheory: error: {message} (see 'vgtheory --help')\n")


def _check(args: argparse.Namespace) -> int:
    from .report import check

    report = check(args.activation, timeout=args.timeout, dps=args.dps, theorems=not args.no_theorems)
    if args.json:
        print(report.to_json())
    elif args.markdown:
        print(report._repr_markdown_())
    else:
        print(report)
    return 0


def _parse_list(text: str, what: str) -> list[str]:
    items = [t.strip() for t in text.split(",")]
    if not items or any(not t for t in items):
        raise VGTheoryError(f"{what} must be a comma-separated list of numbers, got {text!r}")
    return items


def _gradient(args: argparse.Namespace) -> int:
    from .activations import activation
    from .chain import LOSS_CONVENTION, gradient

    weights = _parse_list(args.w, "--w")
    if args.depth is not None:
        if len(weights) != 1:
            raise VGTheoryError("--depth repeats a single --w value; give one number with --depth")
        if args.depth < 1:
            raise VGTheoryError(f"--depth must be at least 1, got {args.depth}")
        weights = weights * args.depth
    sigma = activation(args.activation)
    if args.s is not None:
        sigma = sigma.scaled(args.s)
    result = gradient(sigma, weights, args.x, args.y, dps=args.dps)
    data = result.to_dict()
    if args.lam is not None:
        from mpmath import nstr, workdps

        with workdps(args.dps):
            data["regularized_dloss_dw"] = [nstr(v, args.dps) for v in result.regularized(args.lam)]
            data["lambda"] = args.lam
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"activation {data['activation']}, depth {data['depth']}, x = {data['x']}, y = {data['y']}")
    print(f"f_w(x) = {_short(data['output'])}   loss = {_short(data['loss'])}   ({LOSS_CONVENTION})")
    print(f"{'j':>5}  {'df/dw_j':>24}  {'dloss/dw_j':>24}")
    for j, (g, h) in enumerate(zip(data["df_dw"], data["dloss_dw"]), start=1):
        print(f"{j:>5}  {_short(g):>24}  {_short(h):>24}")
    print(f"computed with mpmath at {data['dps']} digits ({data['precision']})")
    return 0


def _short(decimal: str) -> str:
    from mpmath import mpf, nstr, workdps

    with workdps(len(decimal) + 5):
        return nstr(mpf(decimal), 12)


def _list(args: argparse.Namespace) -> int:
    from .activations import ALIASES, REGISTRY

    for name, formula in REGISTRY.items():
        aliases = [a for a, target in ALIASES.items() if target == name]
        print(f"{name:18s} {formula}" + (f"   (also: {', '.join(aliases)})" if aliases else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``vgtheory`` command."""
    from . import __version__

    parser = _Parser(prog="vgtheory", description="Vanishing gradients in sigmoid-type networks: theory you can run.")
    parser.add_argument("--version", action="version", version=f"vgtheory {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("check", help="check the four properties, the scaling trick and the theorems for an activation")
    p.add_argument("activation", help="registry name (see 'vgtheory list') or formula in x or z, e.g. 'x/(1+abs(x))'")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--markdown", action="store_true", help="print the report as Markdown")
    p.add_argument("--timeout", type=float, default=6.0, help="seconds allowed for each symbolic step (default 6)")
    p.add_argument("--dps", type=int, default=30, help="mpmath digits for numeric evidence (default 30)")
    p.add_argument("--no-theorems", action="store_true", help="skip the theorems section")
    p.set_defaults(func=_check)

    p = sub.add_parser("gradient", help="partial derivatives of the chain model at mpmath precision")
    p.add_argument("activation")
    p.add_argument("--w", required=True, help="comma-separated w_1,...,w_l (or one value with --depth)")
    p.add_argument("--depth", type=int, help="repeat the single --w value this many times")
    p.add_argument("--x", default="1", help="input x (default 1)")
    p.add_argument("--y", default="0", help="target y (default 0)")
    p.add_argument("--s", help="use the s-scaled activation s*sigma(u/s)")
    p.add_argument("--lam", help="also report the gradient of loss + (lam/2)*||w||^2")
    p.add_argument("--dps", type=int, default=50, help="mpmath decimal digits (default 50)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_gradient)

    p = sub.add_parser("list", help="list the registry activations")
    p.set_defaults(func=_list)

    for module, hook in (("latex", "register_cli"), ("plotting", "register_cli"), ("empirical.cli", "register")):
        register = _find_hook(module, hook)
        if register is not None:
            register(sub)
    return parser


def _find_hook(module: str, name: str):
    import importlib

    try:
        mod = importlib.import_module(f"vgtheory.{module}")
    except ImportError:
        return None
    return getattr(mod, name, None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except VGTheoryError as exc:
        print(f"vgtheory: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vgtheory: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: not an error of ours.  Point stdout at devnull so
        # that the interpreter's final flush does not raise again, and exit as SIGPIPE would.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one readable line
        if os.environ.get("VGTHEORY_DEBUG"):
            raise
        print(
            f"vgtheory: internal error: {type(exc).__name__}: {exc} "
            "(a bug in vgtheory; rerun with VGTHEORY_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
