"""Exceptions raised by vgtheory for bad user input.

Every error a user can trigger derives from :class:`VGTheoryError`, so callers (and the
command line) can report it as one line instead of a traceback from deep inside sympy.
"""

from __future__ import annotations

__all__ = ["VGTheoryError", "FormulaError", "ActivationError", "NotRealError", "MissingDependencyError"]


class VGTheoryError(ValueError):
    """Base class of all input errors raised by vgtheory."""


class FormulaError(VGTheoryError):
    """A formula string could not be parsed into an activation."""


class ActivationError(VGTheoryError):
    """An object cannot be turned into an activation, or an operation does not apply to it."""


class NotRealError(ActivationError):
    """σ (or σ') takes a value that is not a real number at a real point (confirmed with more bits)."""


class MissingDependencyError(VGTheoryError):
    """An optional dependency is not installed; the message names the extra that brings it."""
