"""The theorems layer: the hypotheses as decision procedures, Theorem 1 (large parameters) with g(τ),
Theorem 2 (many layers) and its claims, the scaling trick, and the section that instantiates both.

May import: vgtheory.properties, vgtheory.kernel, vgtheory.core, the base modules and this layer.
This package re-exports the API of the former module vgtheory.theorems (now vgtheory.theorems.section);
``python -m vgtheory.theorems --table`` prints the table of docs/theory.md.
"""

from vgtheory.theorems.section import *  # noqa: F401,F403 - the former module's API, same path
from vgtheory.theorems.section import __all__  # noqa: F401
