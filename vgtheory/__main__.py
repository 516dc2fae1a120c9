"""``python -m vgtheory``: the command line."""

import sys

from vgtheory.cli.app import main

sys.exit(main())
