"""The ``vgtheory latex`` subcommand (found by :mod:`vgtheory.cli.app` through :func:`register_cli`)."""

from __future__ import annotations

import argparse
import re
from typing import Any

__all__ = ["add_latex_arguments", "cli_latex", "register_cli"]


def add_latex_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``vgtheory latex EXPR --depth L -o FILE.tex [--pdf]``."""
    parser.add_argument("activation", metavar="EXPR", help="registry name or formula in x or z")
    parser.add_argument("--depth", type=int, default=3, help="depth l of the chain (default 3)")
    parser.add_argument("-o", "--output", help="the .tex file to write (default: NAME-depthL.tex)")
    parser.add_argument("--pdf", action="store_true", help="also compile it with pdflatex")
    parser.add_argument("--no-theorems", action="store_true", help="leave out the theorems section")


def cli_latex(args: argparse.Namespace) -> int:
    """Run ``vgtheory latex``: write the derivation (and PDF); print the files written."""
    # Imported here: building the parser (every command does) must not load sympy and the renderer.
    from vgtheory.core.activations import activation
    from vgtheory.render.latex import write_derivation

    sigma = activation(args.activation)
    output = args.output or f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', sigma.name)}-depth{args.depth}.tex"
    files = write_derivation(sigma, output, args.depth, pdf=args.pdf, include_theorems=not args.no_theorems)
    print(files.tex)
    if files.pdf is not None:
        print(files.pdf)
    return 0


def register_cli(subparsers: Any) -> None:
    """Add the ``latex`` subcommand to ``vgtheory``'s subparsers (found by :mod:`vgtheory.cli.app`)."""
    parser = subparsers.add_parser("latex", help="write a LaTeX derivation of the chain-rule gradient")
    add_latex_arguments(parser)
    parser.set_defaults(func=cli_latex)
