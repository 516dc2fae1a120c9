"""``python -m vgtheory``: the command line."""

import sys

from vgtheory.cli.main import main

sys.exit(main())
