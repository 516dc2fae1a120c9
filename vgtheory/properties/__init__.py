"""The properties layer: the four properties of a sigmoid-type σ (bounded, vanishing derivative, positive
limit, linear at the origin), continuity and smoothness, symbolic limits through the kernel, and the
numeric evidence (sampling, narrow features, poles) behind numeric verdicts.

May import: vgtheory.core, vgtheory.kernel, the base modules (errors, progress) and this layer.
This package re-exports the API of the former module vgtheory.properties (now vgtheory.properties.four).
"""

from vgtheory.properties.four import *  # noqa: F401,F403 - the former module's API, same path
from vgtheory.properties.four import __all__  # noqa: F401

from vgtheory import kernel as _kernel
from vgtheory.core import enclosure as _enclosure
from vgtheory.core.budget import Deadline as _Deadline

#: Seconds for the kernel's zero test of one constant switch argument (sympy steps; out of time: undecided).
SWITCH_ZERO_TEST_S = 2.0


def _kernel_sign(c):
    """The kernel's sign of a constant that arb cannot separate from 0 inside sign/Heaviside/a Piecewise condition
    (numeric evaluation in core asks it: R12a-1), or None when undecided."""
    fact = _kernel.sign(c, _Deadline(SWITCH_ZERO_TEST_S).run)
    return None if fact is None else fact.value


_enclosure.SIGN_DECIDERS.append(_kernel_sign)
