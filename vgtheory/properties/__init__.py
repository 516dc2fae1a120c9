"""The properties layer: the four properties of a sigmoid-type σ (bounded, vanishing derivative, positive
limit, linear at the origin), continuity and smoothness, symbolic limits through the kernel, and the
numeric evidence (sampling, narrow features, poles) behind numeric verdicts.

May import: vgtheory.core, vgtheory.kernel, the base modules (errors, progress) and this layer.
This package re-exports the API of the former module vgtheory.properties (now vgtheory.properties.four).
"""

from vgtheory.properties.four import *  # noqa: F401,F403 - the former module's API, same path
from vgtheory.properties.four import __all__  # noqa: F401

