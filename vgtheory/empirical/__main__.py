"""``python -m vgtheory.empirical ...``: the empirical subcommands without the main CLI."""

import sys

from .cli import main

sys.exit(main())
