"""vgtheory: the theory of vanishing gradients in sigmoid-type networks, made runnable.

The public API is re-exported here and imported on first use (module ``__getattr__``), so that
``import vgtheory`` and the command line load only what they call: sympy for ``check``, numpy
for the signal section, PyTorch never at start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

from vgtheory.errors import ActivationError, FormulaError, MissingDependencyError, VGTheoryError

__version__ = "0.1.0"

#: Public name -> the module that defines it (``input_limits`` is the module itself).
_EXPORTS = {
    **dict.fromkeys(("REGISTRY", "Activation", "activation", "registry_names"), "vgtheory.core.activations"),
    **dict.fromkeys(("LOSS_CONVENTION", "ChainGradient", "SymbolicChain", "forward", "gradient", "symbolic_chain"),
                    "vgtheory.core.chain"),
    "input_limits": "vgtheory.core.input_limits",
    "parse_formula": "vgtheory.core.parsing",
    **dict.fromkeys(("Properties", "PropertyResult", "check_properties"), "vgtheory.properties.four"),
    **dict.fromkeys(("CriticalInit", "SignalResult", "critical_init", "signal"), "vgtheory.meanfield.propagation"),
    "signal_summary": "vgtheory.meanfield.signal_section",
    **dict.fromkeys(("InitRecommendation", "recommend_init"), "vgtheory.meanfield.recommend"),
    **dict.fromkeys(("CheckReport", "check"), "vgtheory.report"),
    **dict.fromkeys(("ScalingReport", "scaling_report"), "vgtheory.theorems.scaling"),
}

#: Entry points whose lock (:mod:`vgtheory.core.serial`) is taken here, not at their definition
#: (meanfield/propagation.py is being split into modules; the lock moves there with them).
_SERIALIZED = frozenset({"signal", "critical_init"})

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


def __getattr__(name: str) -> Any:
    """A public name from its module, or a submodule (``vgtheory.report``), imported on first use."""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    source = _EXPORTS.get(name)
    if source is None:
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = importlib.import_module(source)
    value = module if name == "input_limits" else getattr(module, name)
    if name in _SERIALIZED:
        from vgtheory.core.serial import serialized

        value = serialized(value)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # The API and the dunders: not the names this module itself imports (annotations, importlib).
    return sorted({k for k in globals() if k.startswith("__")} | set(__all__))
