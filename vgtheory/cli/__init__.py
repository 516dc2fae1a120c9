"""The command line: ``vgtheory`` and its subcommands, a thin shell over the API and the renderers.

May import: anything in vgtheory. This package re-exports ``main`` (the console script vgtheory.cli:main).
"""

from vgtheory.cli.app import *  # noqa: F401,F403 - the former module's API, same path
from vgtheory.cli.app import __all__  # noqa: F401
