"""``python -m vgtheory.empirical ...``: the empirical subcommands without the main CLI."""

import sys

from vgtheory.empirical.cli import main

sys.exit(main())
