"""``python -m vgtheory``: the command line."""

from vgtheory.cli.app import run

run()
