"""The ``vgtheory init`` subcommand (found by :mod:`vgtheory.cli.app` through :func:`register_cli`).

    vgtheory init EXPR [--sigma-b B] [--q Q] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["register_cli", "cli_init"]


def _torch_comparison(name: str, sigma_w: float) -> str:
    """A line comparing with torch.nn.init.calculate_gain, when torch is installed and knows σ."""
    from vgtheory.meanfield.recommend import _TORCH_GAIN_NAMES, torch_gain

    try:
        import torch  # noqa: F401 - only to learn whether it is installed
    except ImportError:
        return "  (torch is not installed: no comparison with torch.nn.init.calculate_gain)"
    gain = torch_gain(name)
    if gain is None:
        return (f"  torch.nn.init.calculate_gain has no entry for {name} "
                f"(it knows {', '.join(sorted(set(_TORCH_GAIN_NAMES.values())))}, linear and conv)")
    return (f"  torch.nn.init.calculate_gain({_TORCH_GAIN_NAMES[name]!r}) = {gain:.6g}: kaiming_normal_ with it gives "
            f"sigma_w = {gain:.6g}, {gain / sigma_w:.3g} x this recommendation")


def cli_init(args: argparse.Namespace) -> int:
    """Run ``vgtheory init``: print the recommended σ_w, why, and what it implies."""
    from vgtheory.core.activations import activation
    from vgtheory.progress import Progress
    from vgtheory.meanfield.recommend import recommend_init

    rec = recommend_init(args.activation, sigma_b=args.sigma_b, q=args.q, progress=Progress())
    if args.json:
        print(json.dumps(rec.to_dict(), indent=2))
        return 0
    print(rec)
    if activation(args.activation).source == "registry":
        print(_torch_comparison(rec.activation, rec.sigma_w))
    sys.stdout.flush()
    return 0


def register_cli(subparsers: Any) -> None:
    """Add ``init`` to ``vgtheory``'s subparsers."""
    p = subparsers.add_parser(
        "init", help="the initialisation to use for an activation: edge of chaos, else variance-preserving"
    )
    p.add_argument("activation", metavar="EXPR", help="registry name or formula in x or z")
    p.add_argument("--sigma-b", default="0", help="bias standard deviation (default 0)")
    p.add_argument("--q", default="1", help="variance of the data's pre-activations to preserve (default 1)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cli_init)
