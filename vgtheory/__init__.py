"""vgtheory: the theory of vanishing gradients in sigmoid-type networks, made runnable.

The public API is re-exported here; PyTorch is never imported at start-up.
"""

from vgtheory.core.activations import REGISTRY, Activation, activation, registry_names
from vgtheory.core.chain import LOSS_CONVENTION, ChainGradient, SymbolicChain, forward, gradient, symbolic_chain
from vgtheory.core import input_limits
from vgtheory.errors import ActivationError, FormulaError, MissingDependencyError, VGTheoryError
from vgtheory.core.parsing import parse_formula
from vgtheory.properties.four import Properties, PropertyResult, check_properties
from vgtheory.meanfield.propagation import CriticalInit, SignalResult, critical_init, signal
from vgtheory.meanfield.signal_section import signal_summary
from vgtheory.meanfield.recommend import InitRecommendation, recommend_init
from vgtheory.report import CheckReport, check
from vgtheory.theorems.scaling import ScalingReport, scaling_report

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "ActivationError",
    "ChainGradient",
    "CheckReport",
    "CriticalInit",
    "Properties",
    "PropertyResult",
    "ScalingReport",
    "SignalResult",
    "check",
    "check_properties",
    "critical_init",
    "InitRecommendation",
    "recommend_init",
    "scaling_report",
    "signal",
    "signal_summary",
    "FormulaError",
    "LOSS_CONVENTION",
    "MissingDependencyError",
    "REGISTRY",
    "SymbolicChain",
    "VGTheoryError",
    "activation",
    "forward",
    "gradient",
    "input_limits",
    "parse_formula",
    "registry_names",
    "symbolic_chain",
]
