"""The theorems layer: the hypotheses as decision procedures, Theorem 1 (large parameters) with g(τ),
Theorem 2 (many layers) and its claims, the scaling trick, and the section that instantiates both.

May import: vgtheory.properties, vgtheory.kernel, vgtheory.core, the base modules and this layer.
This package re-exports the API of the former module vgtheory.theorems (now vgtheory.theorems.section);
``python -m vgtheory.theorems --table`` prints the table of docs/theory.md.
"""

from importlib import import_module as _import_module

from vgtheory.theorems.section import *  # noqa: F401,F403 - the former module's API, same path
from vgtheory.theorems.section import __all__ as _section_all

# theorem1 and theorem2 are also modules of this package: those names stay the modules, so that
# `import vgtheory.theorems.theorem1 as m` gives the module (the functions: vgtheory.theorems.section.theorem1, ...).
theorem1 = _import_module("vgtheory.theorems.theorem1")
theorem2 = _import_module("vgtheory.theorems.theorem2")
__all__ = [name for name in _section_all if name not in ("theorem1", "theorem2")]
